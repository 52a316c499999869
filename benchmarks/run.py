"""Benchmarks for armsdata: parsing, a share query, import time, reproduce and test commands.

Not a timed test: run it by hand, read the table, copy the figures into benchmarks/README.md.

    python benchmarks/run.py                # the table
    python benchmarks/run.py --quick        # fewer repeats
    python benchmarks/run.py --json         # the same figures as one JSON object
    python benchmarks/run.py --skip-slow    # leave out the reproduce and test-suite commands
    python benchmarks/run.py --profile parse_register   # cProfile one parser, top 20 lines
    python benchmarks/run.py --parse-only   # only the parse figures, per file group

Every figure is the median of several runs; the machine (CPUs, model, RAM, load, versions) is
printed with it, because on a shared machine the figures move with the load.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import io
import json
import math
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from armsdata import editions, parse, queries

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

#: What each figure is compared with (docs: the targets of issue 7, for a 2-core machine).
TARGETS = {
    "parse_vs_read_csv_ratio": ("<=", 1.5),
    "parse_worst_group_ratio": ("<=", 1.5),
    "share_query_ms": ("<", 50.0),
    "reproduce_s": ("<", 60.0),
    # issue 13: the README's test command, pytest's share of it, on a 2-core machine
    "test_suite_s": ("<=", 90.0),
    "fresh_clone_pytest_s": ("<=", 90.0),
    # issue 13: a share query from the command line, a new process, at most 1.3x a bare
    # interpreter importing pandas (which every command needs), both timed in the same run
    "cli_cached_vs_import_pandas": ("<=", 1.3),
    # issue 17: make test-fast under a third of the full suite's time
    "test_fast_vs_suite": ("<", 1 / 3),
    # issue 19: extract plus check of a 1,000-word text with 20 figures, at most 3x one
    # `armsdata shares` query, both new processes in the same run
    "extract_check_vs_share": ("<", 3.0),
}


# ------------------------------------------------------------------ the machine

def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    import numpy

    return {"nproc": cpus, "cpu": cpu, "ram_gib": ram_gib,
            "load_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            "python": platform.python_version(), "pandas": pd.__version__,
            "numpy": numpy.__version__, "platform": platform.platform()}


# ------------------------------------------------------------------ parsing

#: The baseline, named exactly: one bare pandas.read_csv per file on the same bytes, told only
#: how many lines precede the header, skipping rows it cannot split (each legacy table's blank
#: line before 'Total' has one comma more than its rows).  For the API answer the baseline
#: also does json.loads + base64.b64decode, which the parser has to do as well.
BASELINE = ("pandas.read_csv(io.BytesIO(raw), encoding='cp1252', skiprows=<lines above the "
            "header>, on_bad_lines='skip'); API answer: json.loads + base64.b64decode first; "
            "RTF register: striprtf.rtf_to_text(raw, encoding='mac_roman') then "
            "pandas.read_csv(text, sep='\\t', header=None, names=range(9), on_bad_lines='skip')")


def _lines_above(data: bytes, prefixes: tuple[bytes, ...]) -> int:
    for i, line in enumerate(data.splitlines()):
        if line.startswith(prefixes):
            return i
    raise SystemExit(f"no header line starting {prefixes}")


def corpus() -> list[dict[str, Any]]:
    """Every shipped SIPRI file: group, parser, bytes, and the baseline's skiprows."""
    files = []
    for p in sorted((RAW / "sipri-tiv-2022-04-22" / "imports").glob("*.csv")):
        b = p.read_bytes()
        files.append({"group": "legacy TIV (261 tables)", "parse": parse.parse_tiv_legacy,
                      "data": b, "skip": _lines_above(b, (b",19",)), "api": False})
    reg = RAW / "sipri-trade-register-2024-10-13"
    b = (reg / "trade-register.csv").read_bytes()
    files.append({"group": "trade register 2024", "parse": parse.parse_register, "data": b,
                  "skip": _lines_above(b, (b"Recipient,Supplier,",)), "api": False})
    for p in sorted(reg.glob("tiv-*.csv")):
        b = p.read_bytes()
        files.append({"group": "new-site TIV tables (2)", "parse": parse.parse_tiv_new, "data": b,
                      "skip": _lines_above(b, (b"Recipient,", b"Exports by,")), "api": False})
    b = (RAW / "sipri-api-recording-2025-02-10" / "trade-register-csv.response.json").read_bytes()
    inner = base64.b64decode(json.loads(b)["bytes"])
    files.append({"group": "API recording", "parse": parse.parse_delivery_years, "data": b,
                  "skip": _lines_above(inner, (b"SIPRI AT Database ID,",)), "api": True})
    for p in sorted((RAW / "sipri-delivery-years-2024-04").glob("delivery-years-*.csv")):
        b = p.read_bytes()
        files.append({"group": "per-delivery-year register 2024-04 (2)",
                      "parse": parse.parse_delivery_years, "data": b,
                      "skip": _lines_above(b, (b"SIPRI AT Database ID,",)), "api": False})
    b = (RAW / "sipri-api-tiv-2026-08-12" / "importer-ukraine-2021-2025.csv").read_bytes()
    files.append({"group": "API TIV table 2026 (1)", "parse": parse.parse_tiv_new, "data": b,
                  "skip": _lines_above(b, (b"Supplier,",)), "api": False})
    for folder in ("sipri-tiv-2018-12-05", "sipri-tiv-2023-12"):
        for p in sorted((RAW / folder).glob("*.csv")):
            b = p.read_bytes()
            files.append({"group": "old-site world tables 2018, 2023 (6)",
                          "parse": parse.parse_tiv_legacy, "data": b,
                          "skip": _lines_above(b, (b",19",)), "api": False})
    b = (RAW / "sipri-trade-register-2025-03-13" / "trade-register.csv").read_bytes()
    files.append({"group": "trade register 2025", "parse": parse.parse_register, "data": b,
                  "skip": _lines_above(b, (b"Recipient,Supplier,",)), "api": False})
    for p in sorted((RAW / "sipri-register-rtf-2024-02-18").glob("*.rtf")):
        files.append({"group": "RTF register 2023 (11)", "parse": parse.parse_register_rtf,
                      "data": p.read_bytes(), "skip": 0, "api": False, "rtf": True})
    return files


def _baseline(f: dict[str, Any]) -> pd.DataFrame:
    data = f["data"]
    if f.get("rtf"):  # no CSV to read: the least anyone must do is RTF to text, then split it
        from striprtf.striprtf import rtf_to_text
        text = rtf_to_text(data.decode("ascii"), encoding="mac_roman")
        return pd.read_csv(io.StringIO(text), sep="\t", header=None, names=range(9),
                           on_bad_lines="skip")
    if f["api"]:
        data = base64.b64decode(json.loads(data)["bytes"])
    return pd.read_csv(io.BytesIO(data), encoding="cp1252", skiprows=f["skip"],
                       on_bad_lines="skip")


#: A timed run of a file group lasts at least this long: a small group (the 2026 table is one
#: 478-byte file) is parsed several times per run and the time divided, so that one context
#: switch on a shared machine does not decide its figure.
MIN_RUN_S = 0.02


def bench_parse(repeats: int) -> dict[str, Any]:
    files = corpus()
    groups = sorted({f["group"] for f in files})
    ours: dict[str, list[float]] = {g: [] for g in groups}
    base: dict[str, list[float]] = {g: [] for g in groups}
    for f in files:  # warm up: first calls import and compile what they need
        f["parse"](f["data"])
        _baseline(f)

    def timed(fn: Callable[[], Any], times: int) -> float:
        t = time.perf_counter()
        for _ in range(times):
            fn()
        return (time.perf_counter() - t) / times

    loops = {}
    for g in groups:
        fs = [f for f in files if f["group"] == g]
        once = timed(lambda: [_baseline(f) for f in fs], 1)
        loops[g] = max(1, math.ceil(MIN_RUN_S / once))
    # Interleaved, so a change in machine load hits both alike; and in turns, the parser first
    # in one pass and read_csv first in the next, because whichever runs second finds the
    # group's bytes in the CPU caches (worth 10-30 % on the small groups).
    for k in range(repeats):
        for g in groups:
            fs = [f for f in files if f["group"] == g]
            runs = [(ours[g], lambda: [f["parse"](f["data"], "bench") for f in fs]),
                    (base[g], lambda: [_baseline(f) for f in fs])]
            for times, fn in (runs if k % 2 == 0 else runs[::-1]):
                times.append(timed(fn, loops[g]))
    total_ours = [sum(ours[g][k] for g in groups) for k in range(repeats)]
    total_base = [sum(base[g][k] for g in groups) for k in range(repeats)]
    out: dict[str, Any] = {
        "parse_s": statistics.median(total_ours),
        "read_csv_s": statistics.median(total_base),
    }
    out["parse_vs_read_csv_ratio"] = out["parse_s"] / out["read_csv_s"]
    # Ratio of the medians per group; the target holds for every group, so the worst is reported.
    out["parse_by_group"] = {g: {"parse_s": statistics.median(ours[g]),
                                 "read_csv_s": statistics.median(base[g]),
                                 "files": sum(f["group"] == g for f in files)} for g in groups}
    for d in out["parse_by_group"].values():
        d["ratio"] = d["parse_s"] / d["read_csv_s"]
    out["parse_worst_group_ratio"] = max(d["ratio"] for d in out["parse_by_group"].values())
    out["parse_mib"] = round(sum(len(f["data"]) for f in files) / 2 ** 20, 2)
    return out


# ------------------------------------------------------------------ a share query

def bench_share(runs: int) -> dict[str, Any]:
    reg = editions.load("2024-10-13")  # verified, parsed, canonical names: loaded once
    tiv = editions.load("2022-04-22")
    reg.register, tiv.tiv  # parse before timing

    def median_ms(fn: Callable[[], Any]) -> float:
        fn()
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    return {
        "share_query_ms": median_ms(lambda: queries.shares(
            reg, "Armenia", 2011, 2020, basis="register")),
        "share_query_tiv_total_ms": median_ms(lambda: queries.shares(
            tiv, "Armenia", 2011, 2020, basis="total")),
        "register_rows": len(reg.register),
    }


# ------------------------------------------------------------------ import time

def bench_import(runs: int) -> dict[str, Any]:
    def wall(code: str) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    out = {
        "python_startup_s": wall("pass"),
        "import_pandas_s": wall("import pandas"),
        "import_armsdata_s": wall("import armsdata"),
        "import_armsdata_editions_s": wall("import armsdata.editions"),
        "import_armsdata_cli_s": wall("import armsdata.cli"),
    }
    out["import_overhead_over_pandas_s"] = out["import_armsdata_editions_s"] - out["import_pandas_s"]
    return out


# ------------------------------------------------------------------ a share query, cold

#: The yardstick for a cold command: a bare interpreter that imports pandas, as every armsdata
#: command must.  Timed in turns with the command (A B A B ...), the ratio taken pair by pair,
#: so a change in machine load during the run hits both alike.
CLI_BASELINE = [sys.executable, "-c", "import pandas"]
#: The README's example query, as a new process (what a person typing it gets every time).
CLI_SHARE = [sys.executable, "-m", "armsdata.cli", "shares", "Armenia", "--from", "2011",
             "--to", "2020"]
#: Modules a share query must not import (each costs tens of milliseconds).
HEAVY_MODULES = ("matplotlib", "scipy", "yaml", "requests", "tqdm", "jupyter_client", "IPython",
                 "nbformat", "seaborn")


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_cli(runs: int) -> dict[str, Any]:
    """The CLI share query as a new process, with the parsed-tables cache filled and empty,
    against ``python -c "import pandas"``: medians, and medians of the pair-by-pair ratios.

    "cached": the cache (armsdata.cache) already holds the edition's tables, as for every call
    after the first; "empty": a new empty cache folder for each run, so the raw files are
    parsed (the first call after a change of data, parser or actor map).  Both still verify
    every raw file against its manifest.  The cache folders are temporary: the user's own cache
    is neither read nor filled.
    """
    with tempfile.TemporaryDirectory(prefix="armsdata-bench-cache-") as tmp:
        filled = {**os.environ, "ARMSDATA_CACHE_DIR": f"{tmp}/filled"}
        _wall(CLI_SHARE, filled)  # fills the cache, and warms the OS's file cache
        _wall(CLI_BASELINE, filled)
        base, cached, empty = [], [], []
        for k in range(runs):
            fresh = {**os.environ, "ARMSDATA_CACHE_DIR": f"{tmp}/empty-{k}"}
            turns = [(base, CLI_BASELINE, filled), (cached, CLI_SHARE, filled),
                     (empty, CLI_SHARE, fresh)]
            for times, cmd, env in (turns if k % 2 == 0 else turns[::-1]):
                times.append(_wall(cmd, env))
        code = ("import sys, io, contextlib\nfrom armsdata import cli\n"
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    cli.main({CLI_SHARE[3:]!r})\n"
                f"print(','.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))")
        heavy = subprocess.run([sys.executable, "-c", code], env=filled, cwd=ROOT, check=True,
                               capture_output=True, text=True).stdout.strip()
    med = statistics.median
    return {
        "cli_import_pandas_s": med(base),
        "cli_cached_s": med(cached),
        "cli_empty_cache_s": med(empty),
        "cli_cached_vs_import_pandas": med([c / b for c, b in zip(cached, base)]),
        "cli_empty_vs_import_pandas": med([e / b for e, b in zip(empty, base)]),
        "cli_cached_vs_empty": med([c / e for c, e in zip(cached, empty)]),
        "cli_runs": runs,
        "cli_heavy_imports": heavy or "none",
    }


# ------------------------------------------------------------------ extract and check a text

#: Twenty sentences with one SIPRI figure each (written for this benchmark, on SIPRI's 2022
#: release: the text is dated 2022-03-15), of every kind the extractor reads.
BENCH_FIGURES = [
    "Russia accounted for at least 94 per cent of Armenia's arms imports in 2011–20.",
    "The volume of international transfers of major arms in 2017–21 was 4.6 per cent lower than in 2012–16.",
    "In 2017–21 US arms exports accounted for 39 per cent of the global total.",
    "French arms exports increased by 59 per cent between 2012–16 and 2017–21.",
    "Russian arms exports fell by 26 per cent between 2012–16 and 2017–21.",
    "India was the world's largest arms importer in 2017–21.",
    "India accounted for 11 per cent of global arms imports in 2017–21.",
    "Saudi Arabia was the world's second largest arms importer in 2017–21.",
    "Egypt received 13 per cent of Russia's arms exports in 2017–21.",
    "China received 21 per cent of Russia's arms exports in 2017–21.",
    "Arms imports by European states were 19 per cent higher in 2017–21 than in 2012–16.",
    "Qatar's arms imports more than doubled between 2012–16 and 2017–21.",
    "Pakistan was the eighth largest arms importer in 2017–21.",
    "China accounted for 47 per cent of Pakistan's arms imports in 2017–21.",
    "German arms exports decreased by 19 per cent between 2012–16 and 2017–21.",
    "Indian arms imports decreased by 21 per cent between 2012–16 and 2017–21.",
    "Russia was the largest supplier of arms to India in 2017–21.",
    "Australia accounted for 5.4 per cent of global arms imports in 2017–21.",
    "Algerian arms imports fell by almost 30 per cent between 2012–16 and 2017–21.",
    "Israel accounted for 2.4 per cent of world arms exports in 2017–21.",
]
BENCH_FILLER = ("Analysts in several capitals have discussed what these trends mean for regional "
                "security, for the defence industries involved and for the diplomacy that "
                "surrounds every large contract, and they expect the debate to continue.")


def bench_text(words: int = 1000) -> str:
    """A text of about *words* words with the twenty figures of :data:`BENCH_FIGURES`, each in a
    paragraph of its own padded with a sentence that has no figure."""
    paras = list(BENCH_FIGURES)
    k = 0
    while len(" ".join(paras).split()) < words:
        paras[k % len(paras)] += " " + BENCH_FILLER
        k += 1
    return "\n\n".join(paras) + "\n"


def bench_extract(runs: int) -> dict[str, Any]:
    """``armsdata check TEXT`` (extract, then check every claim) on a 1,000-word text with 20
    figures, as a new process, against the README's share query as a new process, timed in
    turns with the cache filled; and, in this process, what extracting costs and what each
    claim's evaluation costs (the check dominates)."""
    from armsdata import claims, extract

    with tempfile.TemporaryDirectory(prefix="armsdata-bench-extract-") as tmp:
        text = Path(tmp) / "text.txt"
        text.write_text(bench_text(), encoding="utf-8")
        env = {**os.environ, "ARMSDATA_CACHE_DIR": f"{tmp}/cache"}
        cmd = [sys.executable, "-m", "armsdata.cli", "check", str(text), "--date", "2022-03-15"]
        for c in (CLI_SHARE, cmd):  # fill the cache, warm the OS's file cache
            subprocess.run(c, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        share, check = [], []

        def wall(c: list[str]) -> float:
            t = time.perf_counter()
            subprocess.run(c, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return time.perf_counter() - t

        for k in range(runs):
            pair = [(share, CLI_SHARE), (check, cmd)]
            for times, c in (pair if k % 2 == 0 else pair[::-1]):
                times.append(wall(c))
        words = len(text.read_text("utf-8").split())
        t = time.perf_counter()
        x = extract.extract_text(text.read_text("utf-8"), "2022-03-15")
        extract_s = time.perf_counter() - t
        with tempfile.TemporaryDirectory() as d2:
            cf = claims.load(x.write(Path(d2) / "draft.yaml"))
        ctx = claims.Context(date=cf.date)  # as `check TEXT --date` judges it
        per_claim = []
        for c in cf.claims:
            t = time.perf_counter()
            claims.evaluate(c, ctx)
            per_claim.append((time.perf_counter() - t, c.id, c.check))
    med = statistics.median
    per_claim.sort(reverse=True)
    return {
        "extract_text_words": words, "extract_text_claims": len(x.claims),
        "extract_check_s": med(check), "extract_share_s": med(share),
        "extract_check_vs_share": med([c / s for c, s in zip(check, share)]),
        "extract_in_process_s": extract_s,
        "extract_check_in_process_s": sum(t for t, _, _ in per_claim),
        "extract_check_costliest_note": "; ".join(f"{cid} ({chk}) {t:.2f} s"
                                                  for t, cid, chk in per_claim[:5]),
    }


# ------------------------------------------------------------------ commands

def _run_timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t, done.returncode, (done.stderr or done.stdout)[-400:]


def _cli_has(command: str) -> bool:
    done = subprocess.run([sys.executable, "-m", "armsdata.cli", command, "--help"],
                          capture_output=True, text=True)
    return done.returncode == 0


def bench_reproduce() -> dict[str, Any]:
    """The steps of `make reproduce` (verify, process, claims, report), outputs in a temp folder.

    `make reproduce` itself first builds .venv/ and writes data/processed/ and site/ inside the
    repository; the steps are run here with this interpreter and temp outputs instead, so the
    figure leaves out the one-off venv setup.
    """
    if not _cli_has("report"):
        return {"reproduce_s": None, "reproduce_note": "not available (no `armsdata report`)"}
    py = [sys.executable, "-m", "armsdata.cli"]
    with tempfile.TemporaryDirectory(prefix="armsdata-bench-") as tmp:
        steps = {
            "verify": py + ["verify"],
            "process": py + ["process", "--output", f"{tmp}/processed"],
            "claims": py + ["claims"],
            "report": py + ["report", "--output", f"{tmp}/site"],
        }
        out: dict[str, Any] = {}
        total = 0.0
        for name, cmd in steps.items():
            seconds, code, tail = _run_timed(cmd, ROOT)
            out[f"reproduce_{name}_s"] = seconds
            total += seconds
            if code not in (0, 1):  # verify/claims exit 1 for a finding, not a crash
                out["reproduce_note"] = f"`{' '.join(cmd[2:])}` exited {code}: {tail}"
        out["reproduce_s"] = total
    return out


def bench_fresh_clone() -> dict[str, Any]:
    """The README's test command from a fresh clone of this repository's HEAD: ``make setup``
    (a new .venv, pip install: needs the package index) and ``make test`` timed apart, and
    pytest's own figure for its run.  Minutes; only with ``--fresh-clone``."""
    with tempfile.TemporaryDirectory(prefix="armsdata-clone-") as tmp:
        clone = Path(tmp) / "armsdata"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        setup_s, code, tail = _run_timed(["make", "setup"], clone)
        out: dict[str, Any] = {"fresh_clone_setup_s": setup_s}
        if code != 0:
            return {**out, "fresh_clone_note": f"make setup exited {code}: {tail}"}
        t = time.perf_counter()
        done = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True)
        out["fresh_clone_make_test_s"] = time.perf_counter() - t
        out["fresh_clone_exit"] = done.returncode
        m = re.findall(r"=+ (.*) in ([\d.]+)s", done.stdout)  # pytest's closing line
        if m:
            out["fresh_clone_pytest_s"] = float(m[-1][1])
            out["fresh_clone_outcome"] = m[-1][0]
        if done.returncode != 0:
            out["fresh_clone_note"] = (done.stdout + done.stderr)[-400:]
    return out


def bench_tests() -> dict[str, Any]:
    """`make test`'s pytest run (tests + nbval over notebooks + browser test, on every core:
    pyproject's addopts), and the fast set."""
    base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    seconds, code, tail = _run_timed(base, ROOT)
    out: dict[str, Any] = {"test_suite_s": seconds, "test_suite_exit": code}
    if code != 0:
        out["test_suite_note"] = tail
    # make test-fast: the same workers, no notebooks, nothing marked browser, network or slow
    fast = base + ["-m", "not browser and not network and not slow", "tests"]
    seconds, code, tail = _run_timed(fast, ROOT)
    out["test_fast_s"], out["test_fast_exit"] = seconds, code
    out["test_fast_vs_suite"] = seconds / out["test_suite_s"] if out["test_suite_s"] else None
    mine = base + ["-o", "addopts=", "tests/test_parse.py", "tests/test_snapshot.py",
                   "tests/test_malformed.py", "tests/test_fuzz.py", "tests/test_crash_safety.py"]
    seconds, code, tail = _run_timed(mine, ROOT)
    out["test_parsers_snapshots_s"], out["test_parsers_snapshots_exit"] = seconds, code
    return out


# ------------------------------------------------------------------ output

ROWS = [  # key, label, unit
    ("parse_s", "parse every shipped raw file (268 files)", "s"),
    ("read_csv_s", "bare pandas.read_csv on the same bytes", "s"),
    ("parse_vs_read_csv_ratio", "  ratio parse / read_csv", "x"),
    ("parse_worst_group_ratio", "  worst file group's ratio (table below)", "x"),
    ("share_query_ms", "queries.shares(Armenia, 2011-2020, register), 2024-10-13 loaded", "ms"),
    ("share_query_tiv_total_ms", "queries.shares(Armenia, 2011-2020, total), 2022-04-22 loaded", "ms"),
    ("python_startup_s", "python -c pass", "s"),
    ("import_pandas_s", "python -c 'import pandas'", "s"),
    ("import_armsdata_s", "python -c 'import armsdata'", "s"),
    ("import_armsdata_editions_s", "python -c 'import armsdata.editions'", "s"),
    ("import_overhead_over_pandas_s", "  armsdata.editions over pandas", "s"),
    ("cli_import_pandas_s", "python -c 'import pandas' (the yardstick, same run)", "s"),
    ("cli_cached_s", "armsdata shares Armenia ..., new process, cache filled", "s"),
    ("cli_cached_vs_import_pandas", "  ratio to import pandas", "x"),
    ("cli_empty_cache_s", "the same, empty cache (parses the raw files)", "s"),
    ("cli_empty_vs_import_pandas", "  ratio to import pandas", "x"),
    ("cli_cached_vs_empty", "  cache filled / empty", "x"),
    ("cli_heavy_imports", "  heavy modules the share query imports", ""),
    ("extract_text_words", "check TEXT: words in the text", ""),
    ("extract_text_claims", "check TEXT: claims extracted (of 20 figures)", ""),
    ("extract_share_s", "armsdata shares Armenia ..., new process (the yardstick)", "s"),
    ("extract_check_s", "armsdata check TEXT (extract + check), new process", "s"),
    ("extract_check_vs_share", "  ratio check TEXT / shares", "x"),
    ("extract_in_process_s", "  of which extracting, in process", "s"),
    ("extract_check_in_process_s", "  of which evaluating the claims, in process", "s"),
    ("reproduce_s", "make reproduce steps (verify, process, claims, report)", "s"),
    ("test_suite_s", "make test's pytest (tests + nbval + browser, -n auto)", "s"),
    ("fresh_clone_setup_s", "fresh clone: make setup (venv, pip install)", "s"),
    ("fresh_clone_make_test_s", "fresh clone: make test (browser check + pytest)", "s"),
    ("fresh_clone_pytest_s", "  of which pytest (its own figure)", "s"),
    ("test_fast_s", "make test-fast's pytest (tests/, not slow/browser/network)", "s"),
    ("test_fast_vs_suite", "  ratio test-fast / make test's pytest", "x"),
    ("test_parsers_snapshots_s", "pytest of the 5 parser/snapshot test files", "s"),
]


def _status(key: str, value: Any) -> str:
    if key not in TARGETS or value is None:
        return ""
    op, limit = TARGETS[key]
    ok = value <= limit if op == "<=" else value < limit
    return f"{op} {limit:g}  {'met' if ok else 'MISSED'}"


def table(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"armsdata benchmarks: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, "
             f"load {m['load_1min']}, Python {m['python']}, pandas {m['pandas']}, "
             f"numpy {m['numpy']}", ""]
    lines.append(f"{'metric':58} {'value':>10}  target")
    for key, label, unit in ROWS:
        if key not in results:
            continue
        v = results[key]
        shown = "n/a" if v is None else v if isinstance(v, str) else (f"{v:.2f}{unit}" if unit == "x" else
                                         f"{v:.1f} {unit}" if unit == "ms" else f"{v:.2f} {unit}")
        lines.append(f"{label:58} {shown:>10}  {_status(key, v)}")
    if "parse_by_group" in results:
        lines += ["", f"{'parse by file group':40} {'files':>5} {'parse':>9} {'read_csv':>9} {'ratio':>6}"]
        for g, d in results["parse_by_group"].items():
            lines.append(f"{g:40} {d['files']:>5} {d['parse_s']:>8.4f}s {d['read_csv_s']:>8.4f}s "
                         f"{d['ratio']:>6.2f}  {_status('parse_worst_group_ratio', d['ratio'])}")
        lines.append(f"baseline: {BASELINE}")
    notes = {k: v for k, v in results.items() if k.endswith("_note")}
    for k, v in notes.items():
        lines.append(f"note ({k[:-5]}): {v}")
    return "\n".join(lines)


def profile(name: str) -> None:
    files = [f for f in corpus() if f["parse"].__name__ == name]
    if not files:
        raise SystemExit(f"no parser {name!r}; one of parse_tiv_legacy, parse_tiv_new, "
                         "parse_register, parse_delivery_years")
    for f in files:
        f["parse"](f["data"])
    prof = cProfile.Profile()
    prof.enable()
    for f in files:
        f["parse"](f["data"])
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(20)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print one JSON object keyed by metric")
    ap.add_argument("--quick", action="store_true", help="fewer repeats (3 parse passes, ...)")
    ap.add_argument("--skip-slow", action="store_true",
                    help="leave out the reproduce and test-suite commands (minutes)")
    ap.add_argument("--profile", metavar="PARSER", help="cProfile one parser over its files and stop")
    ap.add_argument("--parse-only", action="store_true", help="only the parse figures (seconds)")
    ap.add_argument("--fresh-clone", action="store_true",
                    help="also time `make setup` and `make test` in a fresh clone of HEAD "
                         "(minutes; pip needs the package index)")
    args = ap.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    repeats, runs, imports = (3, 15, 3) if args.quick else (7, 50, 7)
    results: dict[str, Any] = {"machine": machine(), "repeats": repeats}
    results.update(bench_parse(repeats))
    if not args.parse_only:
        results.update(bench_share(runs))
        results.update(bench_import(imports))
        results.update(bench_cli(imports))
        results.update(bench_extract(imports))
    if not (args.skip_slow or args.parse_only):
        results.update(bench_reproduce())
        results.update(bench_tests())
    if args.fresh_clone:
        results.update(bench_fresh_clone())
    results["baseline"] = BASELINE
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
