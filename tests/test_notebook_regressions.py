"""The claim notebooks are regression tests: change the data behind a claim, and nbval fails.

Each test copies the data folder, changes one claim-relevant value, regenerates the manifest (so
verification passes and only the *value* differs), points the notebooks at the copy with
ARMSDATA_DATA_DIR, and runs nbval on the one notebook concerned in a subprocess; every failure
must be a cell whose output differs, none a crash.  One control run, on an unchanged copy and
over every claim notebook at once, must pass, or the failing runs would prove nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from armsdata import snapshot

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NOTEBOOKS = ROOT / "notebooks"
SHARE_NOTEBOOK = NOTEBOOKS / "01-russia-share-of-armenian-imports.ipynb"
LOANS_NOTEBOOK = NOTEBOOKS / "02-loans.ipynb"
CARGO_NOTEBOOK = NOTEBOOKS / "03-cargo-flights.ipynb"
WEAPONS_NOTEBOOK = NOTEBOOKS / "04-weapon-types.ipynb"
CLAIM_NOTEBOOKS = (SHARE_NOTEBOOK, LOANS_NOTEBOOK, CARGO_NOTEBOOK, WEAPONS_NOTEBOOK)

pytestmark = pytest.mark.timeout(300)


def copy_data(tmp_path: Path) -> Path:
    dst = tmp_path / "raw"
    shutil.copytree(RAW, dst)
    return dst


def run_nbval(data_dir: Path, *notebooks: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, snapshot.DATA_DIR_ENV: str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
         *(str(n.relative_to(ROOT)) for n in notebooks)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280)


def failed_cells(out: str) -> set[int]:
    """Cells whose output differs from the stored one; a cell that crashed is a test error."""
    cells = {int(n) for n in re.findall(r"FAILED \S+::Cell (\d+)", out)}
    differ = {int(n) for n in re.findall(r"Cell (\d+): Cell outputs differ", out)}
    assert cells == differ, out[-3000:]  # every failure a mismatch of outputs, none a crash
    return cells


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of *old* in the file's bytes (SIPRI's files are not all UTF-8:
    the register is Latin-1), leaving every other byte as it was."""
    data, a, b = path.read_bytes(), old.encode("ascii"), new.encode("ascii")
    assert data.count(a) == 1, f"{path}: {old!r} found {data.count(a)} times"
    path.write_bytes(data.replace(a, b))


def test_control_unchanged_copy_passes_every_claim_notebook(tmp_path):
    res = run_nbval(copy_data(tmp_path), *CLAIM_NOTEBOOKS)
    assert res.returncode == 0, res.stdout[-3000:]
    # every code cell of every claim notebook ran and matched (nbval: one test per code cell)
    cells = sum(c.cell_type == "code" for nb in CLAIM_NOTEBOOKS
                for c in nbformat.read(nb, as_version=4).cells)
    assert re.search(rf"\b{cells} passed\b", res.stdout), res.stdout[-3000:]


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
    # verification passes: only the value differs
    assert not snapshot.verify(data / "sipri-tiv-2022-04-22")
    res = run_nbval(data, SHARE_NOTEBOOK)
    assert res.returncode != 0
    cells = failed_cells(res.stdout)
    # not only the editions cell (its manifest hash changed): the cells with the shares and verdict
    assert len(cells) >= 3, res.stdout[-3000:]
    assert "93.73" in res.stdout  # the stored rows-basis share, now different


def test_changing_one_ledger_row_fails_the_loans_notebook(tmp_path):
    data = copy_data(tmp_path)
    # the 2015 loan: $200m -> $250m
    replace_once(data / "curated" / "loans.csv", "ratified,2015-06-26,2015-07-02,,200,USD",
                 "ratified,2015-06-26,2015-07-02,,250,USD")
    snapshot.rebuild_manifest(data / "curated")
    res = run_nbval(data, LOANS_NOTEBOOK)
    assert res.returncode != 0
    assert len(failed_cells(res.stdout)) >= 2, res.stdout[-3000:]


def test_changing_a_reported_tonnage_fails_the_cargo_notebook(tmp_path):
    data = copy_data(tmp_path)
    # Day.az's summary row: 9 flights and 510 t for 17 Jul-6 Aug 2020 -> 560 t
    replace_once(data / "curated" / "cargo_reports.csv",
                 "Day.az (relayed by devranmedia.com),media,9,2020-07-17,2020-08-06,,"
                 "military cargo,510,",
                 "Day.az (relayed by devranmedia.com),media,9,2020-07-17,2020-08-06,,"
                 "military cargo,560,")
    snapshot.rebuild_manifest(data / "curated")
    assert not snapshot.verify(data / "curated")
    res = run_nbval(data, CARGO_NOTEBOOK)
    assert res.returncode != 0
    cells = failed_cells(res.stdout)
    # the ledger, the reports, the capacity bounds (the tonnage per flight) and the verdicts
    assert len(cells) >= 3, res.stdout[-3000:]
    assert "510.0" in res.stdout  # the stored tonnage, now different


def test_changing_a_register_row_fails_the_weapons_notebook(tmp_path):
    data = copy_data(tmp_path)
    # the Smerch deal, Russia -> Armenia: delivered 2016; 2017 -> 2016; 2018
    register = data / "sipri-trade-register-2024-10-13"
    replace_once(register / "trade-register.csv",
                 "Armenia,Russia,2015,,6,?,BM-9A52 Smerch,self-propelled MRL,6,?,2016; 2017,",
                 "Armenia,Russia,2015,,6,?,BM-9A52 Smerch,self-propelled MRL,6,?,2016; 2018,")
    snapshot.rebuild_manifest(register)
    assert not snapshot.verify(register)
    res = run_nbval(data, WEAPONS_NOTEBOOK)
    assert res.returncode != 0
    cells = failed_cells(res.stdout)
    # the deals, the deliveries by category and year, the Smerch evidence and the verdicts
    assert len(cells) >= 3, res.stdout[-3000:]
    assert "(2016, 2017)" in res.stdout  # the stored delivery years, now different
