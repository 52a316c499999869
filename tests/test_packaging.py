"""The set-up files agree with each other and the README keeps its promise."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import yaml
from conftest import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pyproject_packages() -> set[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(meta["dependencies"]) + [s for extra in meta["optional-dependencies"].values() for s in extra]
    return {_name(s) for s in specs}


def conda_packages() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    names = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    return names - {"python", "pip"}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    py, conda = pyproject_packages(), conda_packages()
    assert py == conda, f"only in pyproject: {sorted(py - conda)}; only in environment.yml: {sorted(conda - py)}"


def test_core_packages_from_the_design_card_are_declared():
    assert {"pandas", "matplotlib", "jupyterlab", "requests", "nbval"} <= pyproject_packages()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    # JupyterLab is for opening the notebooks (make lab), not for running anything
    assert "jupyterlab" not in {_name(s) for s in meta["dependencies"]}


def test_readme_opens_with_exactly_two_commands_and_ci_runs_the_test_one():
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    first = [line for line in blocks[0].splitlines() if line.strip() and not line.startswith("#")]
    assert len(first) == 2, first
    reproduce, test = first
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(rf"^\s*{re.escape(test)}\s*$", ci, flags=re.M), f"{test!r} is not run by .ci/run"
    assert "reproduce" in reproduce


def test_console_script_is_installed_and_answers():
    out = subprocess.run([sys.executable, "-m", "armsdata.cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("armsdata ")


def test_raw_data_is_kept_byte_exact_by_git():
    attrs = (ROOT / ".gitattributes").read_text()
    assert re.search(r"^data/raw/\*\* .*-text", attrs, flags=re.M)
    out = subprocess.run(["git", "check-attr", "text", "--", "data/raw/sipri-tiv-2022-04-22/imports/ARM.csv"],
                         cwd=ROOT, capture_output=True, text=True)
    if out.returncode == 0:  # inside a git checkout
        assert out.stdout.strip().endswith("unset"), out.stdout
