"""Shared test paths and fixtures (as sqlite-utils keeps its fixtures in ``tests/conftest.py``).

Paths are constants, because collection needs some of them (``parametrize`` lists, bytes read at
import): a test module imports them with ``from conftest import RAW``.  What needs setting up is a
fixture:

=========================  ===========================================================  =======
fixture                    what                                                         scope
=========================  ===========================================================  =======
``data_dir``               a data folder (``tmp_path/raw``) holding a copy of the small  test
                           API-recording snapshot (2025-02-10)
``shipped_editions``       the shipped editions, each loaded and verified once:         session
                           ``shipped_editions["2022-04-22"]``
``browser``                one headless Chromium (per xdist worker), offline            session
=========================  ===========================================================  =======

:func:`copy_snapshot` copies any shipped snapshot folder for a test that changes it;
:func:`cie_lightness` is how light a colour looks (palettes and verdict colours in greyscale);
:func:`result_row` a claim result as the figures and the report read it.

The run's parsed tables go to a disk cache of its own (``$ARMSDATA_CACHE_DIR``, set below for
the whole run, xdist workers and notebook kernels included): a test never reads, nor fills, the
cache of the person running it, and every run parses the shipped data afresh once.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: The repository.
ROOT = Path(__file__).resolve().parents[1]
#: The shipped snapshots (``data/raw``), as SIPRI sent them.
RAW = ROOT / "data" / "raw"
#: The curated ledgers (a snapshot folder too).
CURATED = RAW / "curated"
#: Trimmed real files, recorded answers and broken files made by hand (``tests/data``).
TEST_DATA = ROOT / "tests" / "data"
#: Trimmed copies of real SIPRI files.
SIPRI_EXCERPTS = TEST_DATA / "sipri"
#: Recorded HTTP answers for the SIPRI stand-in.
HTTP = TEST_DATA / "http"
#: The notebooks.
NOTEBOOKS = ROOT / "notebooks"
#: The data files shipped inside the package (actor map, regions, claims).
PACKAGE_DATA = ROOT / "src" / "armsdata" / "data"

#: The team's shared material (the article, the dev texts): ``$ARMSDATA_SHARED``, else a
#: ``shared/`` folder beside the repository or beside its parent (a worktree).  Never shipped:
#: tests that read it skip when it is absent.
SHARED = Path(os.environ.get("ARMSDATA_SHARED") or next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared"))

#: Shipped snapshot folders by what they hold.
RECORDING_DIR = RAW / "sipri-api-recording-2025-02-10"  # one recorded API answer, 2000-2001: small
TIV_2022_DIR = RAW / "sipri-tiv-2022-04-22"  # the old site's 261 recipients' tables + ALL.csv
REGISTER_2024_DIR = RAW / "sipri-trade-register-2024-10-13"  # register + new-site world tables

_CACHE_ENV = "ARMSDATA_CACHE_DIR"
_cache_key = pytest.StashKey[tuple]()


def pytest_configure(config: pytest.Config) -> None:
    # Once, in the process that starts the run (not in each xdist worker, which inherits the
    # environment, as do the notebook kernels and the subprocesses the tests start).
    if hasattr(config, "workerinput"):
        return
    folder = tempfile.mkdtemp(prefix="armsdata-test-cache-")
    config.stash[_cache_key] = (folder, os.environ.get(_CACHE_ENV))
    os.environ[_CACHE_ENV] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or _cache_key not in config.stash:
        return
    folder, before = config.stash[_cache_key]
    shutil.rmtree(folder, ignore_errors=True)
    if before is None:
        os.environ.pop(_CACHE_ENV, None)
    else:
        os.environ[_CACHE_ENV] = before



def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the cores this process may use.

    Much of the suite waits on other processes (notebook kernels, papermill, Chromium, the
    replay server): on the 2-core machine two workers left a core idle for about a third of the
    run (user+sys 131 s in 94 s).  Five runs each, alternated, on 1 Dec: 92.8 s mean with two
    workers, 89.7 s with three (single runs vary by +-5 s); four gained nothing more.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return cores + 1


#: The test files that take longest (``pytest --durations=30``: they start notebook kernels,
#: papermill or Chromium, or solve a linear program per recipient), collected first.  With
#: ``--dist loadfile --no-loadscope-reorder`` (pyproject.toml) xdist hands out whole files in
#: collection order, so the longest start first and the many short ones fill in at the end:
#: the workers finish together instead of one waiting on a long file handed out last.
SLOWEST_FIRST = ("tests/test_notebook_regressions.py", "tests/test_report.py",
                 "tests/test_explore_notebook.py", "tests/test_all_recipients.py",
                 "tests/test_explore_all_recipients.py",
                 "notebooks/06-sipri-per-year-values.ipynb", "tests/test_queries.py",
                 "notebooks/05-sipri-fact-sheet-2022.ipynb", "tests/test_report_edition.py")


#: Whole test files marked ``slow`` (each test starts notebook kernels or papermill, or runs a
#: query for every recipient): ``make test-fast`` leaves them out, ``make test`` runs them.
#: Single slow tests elsewhere carry ``@pytest.mark.slow`` where they are written.
SLOW_FILES = ("tests/test_notebook_regressions.py", "tests/test_explore_notebook.py",
              "tests/test_all_recipients.py", "tests/test_report_edition.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("::")[0] in SLOW_FILES:
            item.add_marker(pytest.mark.slow)
    rank = {path: i for i, path in enumerate(SLOWEST_FIRST)}
    # a stable sort by file: within a file (a notebook's cells above all) the order stays
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))


def cie_lightness(rgb) -> float:
    """CIE L* (0 black .. 100 white) from sRGB, through relative luminance Y."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(v) for v in rgb[:3])
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    f = y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f - 16


def result_row(**fields) -> dict:
    """A claim-result row (docs/claims.md "Results", as ``ClaimResult.to_dict()`` gives it) with
    the fields the figures and pages read: "at least 94 per cent", supported, no evidence."""
    base = {"id": "x", "summary": "a claim", "unit": "per cent", "comparator": "at-least",
            "quantity": 94, "claim_low": 94, "claim_high": float("inf"), "value": None,
            "low": None, "high": None, "range_kind": "bound", "verdict": "supported",
            "assumptions": [], "edition": ""}
    base.update(fields)
    return base


def copy_snapshot(snapshot_dir: Path, folder: Path) -> Path:
    """Copy a shipped snapshot folder (``RECORDING_DIR``, ...) into *folder*; return the copy,
    which has the same name."""
    return Path(shutil.copytree(snapshot_dir, Path(folder) / Path(snapshot_dir).name))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder (``tmp_path/raw``) holding a copy of the small API-recording snapshot."""
    d = tmp_path / "raw"
    d.mkdir()
    copy_snapshot(RECORDING_DIR, d)
    return d


class _Editions(dict):
    """Shipped editions by reference, each loaded (resolved and verified) on first use."""

    def __missing__(self, ref: str):
        from armsdata import editions

        ed = self[ref] = editions.load(ref)
        return ed


@pytest.fixture(scope="session")
def shipped_editions() -> _Editions:
    """The shipped editions, loaded once per session: ``shipped_editions["2022-04-22"]``.

    Shared by every test of a worker: read them, never change them (a test that changes data
    copies it first, :func:`copy_snapshot`).
    """
    return _Editions()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory):
    """One headless Chromium for the session (so one per xdist worker), network unavailable.

    Missing: the browser tests skip locally, and fail when $CI is set (CI must run them).
    """
    try:
        from browser import Chromium, find_chromium
    except ImportError:  # tests/ became a package
        from tests.browser import Chromium, find_chromium

    exe = find_chromium()
    if exe is None:
        why = ("Chromium not found: apt-get install chromium (or set $ARMSDATA_CHROMIUM) to run "
               "the browser checks of the report")
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI must run them, not skip them", pytrace=False)
        pytest.skip(why)
    with Chromium(exe, tmp_path_factory.mktemp("chromium") / "profile") as b:
        yield b
