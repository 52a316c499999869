"""The claim notebooks are regression tests: change the data behind a claim, and nbval fails.

Each case copies the data folder, changes one claim-relevant value, regenerates the manifest (so
verification passes and only the *value* differs), and runs nbval on the one notebook concerned
with ARMSDATA_DATA_DIR pointing at the copy; every failure must be a cell whose output differs,
none a crash.  A SIPRI claim is judged on its release of record (without a date, the newest
release that answers: 2025 for the article's) and shown on every other release as a revision,
so the SIPRI cases change the release of record (its verdict must move) and a revision (its row
must move too).  A control, every claim notebook on an unchanged copy, must pass, or the failing
runs would prove nothing.  All runs happen in one nbval process (tests/nbval_data_dirs.py gives
each notebook's kernel its own data folder), started once for the module: one Python and its
imports instead of five.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nbformat
import pytest

from armsdata import claims, snapshot

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
NOTEBOOKS = ROOT / "notebooks"
SHARE_NOTEBOOK = NOTEBOOKS / "01-russia-share-of-armenian-imports.ipynb"
LOANS_NOTEBOOK = NOTEBOOKS / "02-loans.ipynb"
CARGO_NOTEBOOK = NOTEBOOKS / "03-cargo-flights.ipynb"
WEAPONS_NOTEBOOK = NOTEBOOKS / "04-weapon-types.ipynb"
CLAIM_NOTEBOOKS = (SHARE_NOTEBOOK, LOANS_NOTEBOOK, CARGO_NOTEBOOK, WEAPONS_NOTEBOOK)

pytestmark = pytest.mark.timeout(300)


def copy_data(folder: Path) -> Path:
    dst = folder / "raw"
    shutil.copytree(RAW, dst)
    return dst


def run_nbval(runs: dict[Path, Path], root: Path) -> tuple[str, dict[str, dict[int, str]]]:
    """nbval over every notebook of *runs* (notebook path -> its data folder) in one process,
    rooted at *root* (the folder holding the copies).  Returns pytest's output and, from its
    JUnit report, each notebook's failed cells (its path under *root* -> cell -> message, then
    the whole report; ``-vv``: else pytest shortens the diffs of long outputs)."""
    mapping = {str(nb.resolve()): str(data) for nb, data in runs.items()}
    env = {**os.environ, "ARMSDATA_TEST_DATA_DIRS": json.dumps(mapping),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    report = root / "nbval.xml"
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-vv", "-p", "no:cacheprovider", "-o", "addopts=",
         "--rootdir", str(root), "--color=no", f"--junitxml={report}", "-p", "nbval_data_dirs",
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
         str(ROOT / "tests" / "nbval_sanitize.cfg"), *(str(nb) for nb in runs)],
        cwd=root, env=env, capture_output=True, text=True, timeout=280)
    out = res.stdout + res.stderr
    assert report.is_file(), out[-3000:]
    failed: dict[str, dict[int, str]] = {}
    for case in ElementTree.parse(report).iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            cell = int(case.get("name", "").removeprefix("Cell "))
            failed.setdefault(case.get("classname", ""), {})[cell] = \
                problem.get("message", "") + "\n" + (problem.text or "")
    return out, failed


def failed_cells(runs: "Runs", notebook: Path) -> set[int]:
    """Cells of the copy *notebook* whose output differs from the stored one; a cell that
    crashed is a test error."""
    cells = runs.failed.get(".".join(notebook.relative_to(runs.root).parts), {})
    crashed = {n: m for n, m in cells.items() if "Cell outputs differ" not in m}
    assert not crashed, (crashed, runs.out[-3000:])  # every failure a mismatch, none a crash
    return set(cells)


def failures(runs: "Runs", name: str) -> str:
    """Every failure report of case *name*'s notebook, whole (expected and got)."""
    copy = runs.changed[name]
    return "\n".join(runs.failed.get(".".join(copy.relative_to(runs.root).parts), {}).values())


def cell_of(notebook: Path, start: str) -> int:
    """The number nbval gives the one code cell of *notebook* whose source starts with *start*
    (it counts code cells only, from 0)."""
    code = [c for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    found = [k for k, c in enumerate(code) if c.source.startswith(start)]
    assert len(found) == 1, (notebook.name, start, found)
    return found[0]


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of *old* in the file's bytes (SIPRI's files are not all UTF-8:
    the register is Latin-1), leaving every other byte as it was."""
    data, a, b = path.read_bytes(), old.encode("ascii"), new.encode("ascii")
    assert data.count(a) == 1, f"{path}: {old!r} found {data.count(a)} times"
    path.write_bytes(data.replace(a, b))


def change_share(data: Path) -> None:
    """The release of record (2025, the classic register): the Tor-M1 deal, Russia -> Armenia,
    delivered 2019, valued at 17.5 rather than 12.5 million TIV a unit (2 units: 35, not 25)."""
    replace_once(data / "sipri-trade-register-2025-03-13" / "trade-register.csv",
                 "Tor-M1,mobile SAM system,2,,2019,New,Tor-M2KM version,12.5,25,25",
                 "Tor-M1,mobile SAM system,2,,2019,New,Tor-M2KM version,17.5,35,35")
    snapshot.rebuild_manifest(data / "sipri-trade-register-2025-03-13")


def change_share_revision(data: Path) -> None:
    """A revision row (the 2022 release's TIV table), changed consistently (as SIPRI would
    publish it, so the parser's rows-vs-Total check still passes): Russia's 2019 deliveries to
    Armenia 228 -> 238 million TIV, and the 2019 Total and the row/grand totals with it."""
    arm = data / "sipri-tiv-2022-04-22" / "imports" / "ARM.csv"
    lines = arm.read_bytes().split(b"\n")
    russia = next(k for k, line in enumerate(lines) if line.startswith(b"Russia,"))
    total = next(k for k, line in enumerate(lines) if line.startswith(b"Total,"))
    assert lines[russia].count(b",228,") == 1 and lines[total].count(b",248,") == 1
    lines[russia] = re.sub(rb",832(\r?)$", rb",842\1", lines[russia].replace(b",228,", b",238,"))
    lines[total] = re.sub(rb",948(\r?)$", rb",958\1", lines[total].replace(b",248,", b",258,"))
    assert lines[russia].endswith(b",842") and lines[total].endswith(b",958")
    arm.write_bytes(b"\n".join(lines))
    snapshot.rebuild_manifest(data / "sipri-tiv-2022-04-22")


def change_loans(data: Path) -> None:
    """The 2015 loan: $200m -> $250m."""
    replace_once(data / "curated" / "loans.csv", "ratified,2015-06-26,2015-07-02,,200,USD",
                 "ratified,2015-06-26,2015-07-02,,250,USD")
    snapshot.rebuild_manifest(data / "curated")


def change_cargo(data: Path) -> None:
    """Day.az's summary row: 9 flights and 510 t for 17 Jul-6 Aug 2020 -> 560 t."""
    replace_once(data / "curated" / "cargo_reports.csv",
                 "Day.az (relayed by devranmedia.com),media,9,2020-07-17,2020-08-06,,"
                 "military cargo,510,",
                 "Day.az (relayed by devranmedia.com),media,9,2020-07-17,2020-08-06,,"
                 "military cargo,560,")
    snapshot.rebuild_manifest(data / "curated")


def change_register(data: Path) -> None:
    """The Smerch deal, Russia -> Armenia, in the release of record's register (2025): delivered
    2016; 2017 -> 2016; 2018."""
    register = data / "sipri-trade-register-2025-03-13"
    replace_once(register / "trade-register.csv",
                 "Armenia,Russia,2015,,6,?,BM-9A52 Smerch,multiple rocket launcher,6,,2016; 2017,",
                 "Armenia,Russia,2015,,6,?,BM-9A52 Smerch,multiple rocket launcher,6,,2016; 2018,")
    snapshot.rebuild_manifest(register)


@dataclass(frozen=True)
class Case:
    notebook: Path
    change: Callable[[Path], None]
    folder: str  # the snapshot the change touches


CASES = {
    "share": Case(SHARE_NOTEBOOK, change_share, "sipri-trade-register-2025-03-13"),
    "share-revision": Case(SHARE_NOTEBOOK, change_share_revision, "sipri-tiv-2022-04-22"),
    "loans": Case(LOANS_NOTEBOOK, change_loans, "curated"),
    "cargo": Case(CARGO_NOTEBOOK, change_cargo, "curated"),
    "register": Case(WEAPONS_NOTEBOOK, change_register, "sipri-trade-register-2025-03-13"),
}


@dataclass(frozen=True)
class Runs:
    out: str
    failed: dict[str, dict[int, str]]  # from run_nbval
    root: Path
    control: dict[Path, Path]  # original notebook -> its copy on unchanged data
    changed: dict[str, Path]  # case -> its notebook's copy on changed data


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    """Every claim notebook on an unchanged copy of the data, and each case's notebook on a copy
    with that case's one change: one nbval process for all of them."""
    root = tmp_path_factory.mktemp("regressions")
    plan: dict[Path, Path] = {}
    control_data = copy_data(root / "control")
    control = {}
    for nb in CLAIM_NOTEBOOKS:
        copy = root / "control" / "notebooks" / nb.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(nb, copy)
        control[nb], plan[copy] = copy, control_data
    changed = {}
    for name, case in CASES.items():
        data = copy_data(root / name)
        case.change(data)
        # the manifest was regenerated: verification passes and only the value differs
        assert not snapshot.verify(data / case.folder)
        copy = root / name / "notebooks" / case.notebook.name
        copy.parent.mkdir(parents=True)
        shutil.copy2(case.notebook, copy)
        changed[name], plan[copy] = copy, data
    out, failed = run_nbval(plan, root)
    return Runs(out, failed, root, control, changed)


def test_control_unchanged_copy_passes_every_claim_notebook(runs):
    for nb, copy in runs.control.items():
        assert failed_cells(runs, copy) == set(), (nb.name, runs.out[-3000:])
    # every code cell of every claim notebook ran (nbval: one test per code cell), and the only
    # failures in the run are the changed notebooks'
    cells = sum(c.cell_type == "code" for nb in CLAIM_NOTEBOOKS
                for c in nbformat.read(nb, as_version=4).cells)
    changed = sum(c.cell_type == "code" for copy in runs.changed.values()
                  for c in nbformat.read(copy, as_version=4).cells)
    failed = sum(len(failed_cells(runs, copy)) for copy in runs.changed.values())
    assert re.search(rf"\b{failed} failed, {cells + changed - failed} passed\b", runs.out), \
        runs.out[-3000:]


def test_changing_one_register_row_of_the_release_of_record_fails_the_share_notebook(runs):
    cells = failed_cells(runs, runs.changed["share"])
    # the release of record's reason and range, the release rows, the estimates, its imports by
    # supplier, the split by year, the shares over other windows and the verdict
    assert len(cells) >= 5, runs.out[-3000:]
    assert {cell_of(SHARE_NOTEBOOK, "print(result.reason)"),
            cell_of(SHARE_NOTEBOOK, "by_release = claims.tables.releases(result)"),
            cell_of(SHARE_NOTEBOOK, 'print(f"Verdict: ')} <= cells, runs.out[-3000:]
    # the stored range of the release of record (as the notebook shows it, three decimals),
    # reported as expected and now different
    record = claims.tables.releases(claims.evaluate(claims.get_claim("russia-share-2011-2020")))
    low, high = record.loc[record["decides"], ["low", "high"]].iloc[0]
    assert f"{low:.3f}" in failures(runs, "share") and f"{high:.3f}" in failures(runs, "share")


def test_changing_one_sipri_cell_of_a_revision_fails_the_share_notebook(runs):
    cells = failed_cells(runs, runs.changed["share-revision"])
    # the 2022 revision row, its estimates, its printed table and the explanation
    assert len(cells) >= 3, runs.out[-3000:]
    assert cell_of(SHARE_NOTEBOOK, "by_release = claims.tables.releases(result)") in cells
    assert "93.734" in failures(runs, "share-revision")  # the stored 2022 point (rows basis)


def test_changing_one_ledger_row_fails_the_loans_notebook(runs):
    assert len(failed_cells(runs, runs.changed["loans"])) >= 2, runs.out[-3000:]


def test_changing_a_reported_tonnage_fails_the_cargo_notebook(runs):
    cells = failed_cells(runs, runs.changed["cargo"])
    # the ledger, the reports, the capacity bounds (the tonnage per flight) and the verdicts
    assert len(cells) >= 3, runs.out[-3000:]
    assert "510.0" in failures(runs, "cargo")  # the stored tonnage, now different


def test_changing_a_register_row_fails_the_weapons_notebook(runs):
    cells = failed_cells(runs, runs.changed["register"])
    # the reasons, the release rows (the Smerch's years on the release of record), the deals,
    # the deliveries by category and year, the Smerch evidence and the verdicts
    assert len(cells) >= 3, runs.out[-3000:]
    assert {cell_of(WEAPONS_NOTEBOOK, "pd.concat({r.id: claims.tables.releases(r)"),
            cell_of(WEAPONS_NOTEBOOK, "for r in (types, smerch, iskander):")} <= cells
    assert "(2016, 2017)" in failures(runs, "register")  # the stored delivery years
