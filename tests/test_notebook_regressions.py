"""The claim notebooks are regression tests: change the data behind a claim, and nbval fails.

Each test copies the data folder, changes one claim-relevant value, regenerates the manifest (so
verification passes and only the *value* differs), points the notebooks at the copy with
ARMSDATA_DATA_DIR, and runs nbval on the claim notebook in a subprocess.  A control run on an
unchanged copy must pass, or the failing runs would prove nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from armsdata import snapshot

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
SHARE_NOTEBOOK = ROOT / "notebooks" / "01-russia-share-of-armenian-imports.ipynb"
LOANS_NOTEBOOK = ROOT / "notebooks" / "02-loans.ipynb"

pytestmark = pytest.mark.timeout(300)


def copy_data(tmp_path: Path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


def run_nbval(notebook: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, snapshot.DATA_DIR_ENV: str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
         str(notebook.relative_to(ROOT))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)


def failed_cells(out: str) -> set[int]:
    """Cells whose output differs from the stored one; a cell that crashed is a test error."""
    cells = {int(n) for n in re.findall(r"FAILED \S+::Cell (\d+)", out)}
    differ = {int(n) for n in re.findall(r"Cell (\d+): Cell outputs differ", out)}
    assert cells == differ, out[-3000:]  # every failure a mismatch of outputs, none a crash
    return cells


def test_control_unchanged_copy_passes(tmp_path):
    res = run_nbval(SHARE_NOTEBOOK, copy_data(tmp_path))
    assert res.returncode == 0, res.stdout[-3000:]


def test_changing_one_sipri_cell_fails_the_share_notebook(tmp_path):
    data = copy_data(tmp_path)
    arm = data / "sipri-tiv-2022-04-22" / "imports" / "ARM.csv"
    text = arm.read_bytes()
    # A revision of one delivery, made consistently (as SIPRI would publish it, so the parser's
    # rows-vs-Total check still passes): Russia's 2019 deliveries to Armenia 228 -> 238 million
    # TIV, and the 2019 Total and the row/grand totals with it.
    lines = text.split(b"\n")
    russia = next(k for k, line in enumerate(lines) if line.startswith(b"Russia,"))
    total = next(k for k, line in enumerate(lines) if line.startswith(b"Total,"))
    assert lines[russia].count(b",228,") == 1 and lines[total].count(b",248,") == 1
    lines[russia] = re.sub(rb",832(\r?)$", rb",842\1", lines[russia].replace(b",228,", b",238,"))
    lines[total] = re.sub(rb",948(\r?)$", rb",958\1", lines[total].replace(b",248,", b",258,"))
    assert lines[russia].endswith(b",842") and lines[total].endswith(b",958")
    arm.write_bytes(b"\n".join(lines))
    snapshot.rebuild_manifest(data / "sipri-tiv-2022-04-22")
    assert not snapshot.verify(data / "sipri-tiv-2022-04-22")  # verification passes: only the value differs
    res = run_nbval(SHARE_NOTEBOOK, data)
    assert res.returncode != 0
    cells = failed_cells(res.stdout)
    # not only the editions cell (its manifest hash changed): the cells with the shares and verdict
    assert len(cells) >= 3, res.stdout[-3000:]
    assert "93.73" in res.stdout  # the stored rows-basis share, now different


def test_changing_one_ledger_row_fails_the_loans_notebook(tmp_path):
    data = copy_data(tmp_path)
    loans = data / "curated" / "loans.csv"
    text = loans.read_text(encoding="utf-8")
    assert "ratified,2015-06-26,2015-07-02,,200,USD" in text
    # the 2015 loan: $200m -> $250m
    loans.write_text(text.replace("ratified,2015-06-26,2015-07-02,,200,USD",
                                  "ratified,2015-06-26,2015-07-02,,250,USD", 1), encoding="utf-8")
    snapshot.rebuild_manifest(data / "curated")
    res = run_nbval(LOANS_NOTEBOOK, data)
    assert res.returncode != 0
    assert len(failed_cells(res.stdout)) >= 2, res.stdout[-3000:]
