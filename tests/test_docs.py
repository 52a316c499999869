"""The README's command list is the CLI's commands (as sqlite-utils checks its docs against its
CLI): every command documented, every documented command real, each with help text."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT

from armsdata import cli


def commands() -> set[str]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def readme_commands() -> set[str]:
    """The commands of the README's "Command line" block (``armsdata recipients | suppliers``
    names two)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Command line\s+```console\n(.*?)```", text, re.S).group(1)
    out = set()
    for line in block.splitlines():
        m = re.match(r"armsdata ([a-z-]+)(?: \| ([a-z-]+))?", line.strip())
        if m:
            out |= {g for g in m.groups() if g}
    return out


def test_every_command_is_in_the_readme_and_every_readme_command_exists():
    assert readme_commands() == commands()


def test_the_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*?)```", text, re.S)
    assert text.index(first.group(0)) < text.index("\n## ")
    assert first.group(1).split() == ["make", "reproduce", "make", "test"]


def test_the_readmes_worked_example_is_what_the_cli_prints(capsys):
    """The README's `armsdata check tests/data/claims/example.yaml` block: every line it shows
    (all but the elision) is a line the command prints today, in that order, and the YAML it
    shows above it is the file's own first claim, so neither goes stale."""
    import yaml

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    shown_yaml = re.search(r"```yaml\n# tests/data/claims/example.yaml[^\n]*\n(.*?)```", text,
                           re.S).group(1)
    example = ROOT / "tests" / "data" / "claims" / "example.yaml"
    on_disk = yaml.safe_load(example.read_text(encoding="utf-8"))
    shown = yaml.safe_load(shown_yaml)
    assert shown["date"] == on_disk["date"] and shown["claims"][0] == on_disk["claims"][0]

    block = re.search(r"\$ \.venv/bin/armsdata check tests/data/claims/example\.yaml\n(.*?)\n\$ ",
                      text, re.S).group(1)
    want = [line for line in block.splitlines() if line.strip() != "…"]
    cli.main(["check", str(example)])
    printed = capsys.readouterr().out.splitlines()
    at = 0
    for line in want:
        assert line in printed[at:], f"the README shows a line the CLI no longer prints: {line!r}"
        at = printed.index(line, at) + 1
