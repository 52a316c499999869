"""The disk cache of parsed tables (armsdata.cache, as armsdata.editions uses it), and what a cold
command imports.

Every test here gets an empty cache folder of its own and empty in-process memos
(``new_process``), so a second load behaves as a new process's first: it finds the tables on disk
or parses the raw files, nothing else.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import pytest
from conftest import SIPRI_EXCERPTS
from pandas.testing import assert_frame_equal

from armsdata import cache, cli, editions, snapshot
from armsdata.errors import ChecksumError

#: The tables an edition stores, and what each is.
TABLES = ("tiv", "tiv_exports", "world_imports", "world_exports", "world_categories", "register",
          "delivery_years", "per_year_years", "coverage")


@pytest.fixture
def cache_dir(monkeypatch, tmp_path) -> Path:
    """An empty cache folder for this test, and empty in-process memos."""
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(d))
    new_process(monkeypatch)
    return d


def new_process(monkeypatch) -> None:
    """Forget every table parsed and every file hashed in this process, as a new process would."""
    monkeypatch.setattr(editions, "_TABLES", OrderedDict())
    monkeypatch.setattr(editions, "_PARSED", OrderedDict())
    monkeypatch.setattr(snapshot, "_VERIFIED", {})


def no_parsing(monkeypatch) -> None:
    def refuse(snap, rel):
        raise AssertionError(f"{rel} was parsed; the disk cache should have answered")
    monkeypatch.setattr(editions, "read_table", refuse)


def tiny_tiv(folder: Path, data: bytes | None = None) -> Path:
    """A snapshot of one real old-site table (Armenia's imports, 2022 edition), or *data*."""
    data = data if data is not None else (SIPRI_EXCERPTS / "tiv-legacy-ARM.csv").read_bytes()
    return snapshot.write_snapshot(
        folder, "tiny-tiv", {"imports/ARM.csv": data}, {"kind": "tiv-legacy", "edition": "2022-04-22"},
        {"imports/ARM.csv": {"layout": "tiv-legacy"}}).path


def tables(ed: editions.Edition) -> dict:
    return {name: getattr(ed._t, name) for name in TABLES}


def assert_same_tables(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        x, y = a[name], b[name]
        if isinstance(x, pd.DataFrame) or isinstance(y, pd.DataFrame):
            assert_frame_equal(x, y, check_exact=True)
            assert x.attrs == y.attrs
        elif hasattr(x, "rows"):  # a TivTable
            assert_frame_equal(x.rows, y.rows, check_exact=True)
            assert_frame_equal(x.totals, y.totals, check_exact=True)
            assert x.meta == y.meta
        else:
            assert x == y, name


# ------------------------------------------------------------------------------ the same tables

@pytest.mark.parametrize("ref", ["2022-04-22", "2024-10-13", "2025-02-10"])
def test_cached_tables_are_the_freshly_parsed_ones(ref, cache_dir, monkeypatch):
    """Between them the three editions have every layout but the 2026 API table."""
    fresh = editions.load(ref)
    parsed, unknown = tables(fresh), fresh.unknown_actors
    assert len(cache.entries(cache_dir)) == len(TABLES)
    new_process(monkeypatch)
    no_parsing(monkeypatch)
    again = editions.load(ref)
    assert again._t is not fresh._t
    assert_same_tables(tables(again), parsed)
    assert_frame_equal(again.unknown_actors, unknown)


def test_names_the_actor_map_lacks_are_listed_and_warned_about_from_the_cache_too(
        cache_dir, monkeypatch, tmp_path, caplog):
    data = (SIPRI_EXCERPTS / "tiv-legacy-ARM.csv").read_bytes().replace(b"\nRussia,", b"\nNewland,")
    path = tiny_tiv(tmp_path / "raw", data)
    for _ in range(2):  # parsed, then from the cache in a "new process"
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="armsdata.editions"):
            ed = editions.load(path)
            unknown = ed.unknown_actors
            editions.load(path).unknown_actors
        assert list(unknown["name"]) == ["Newland"] and unknown["type"].iloc[0] == "unknown"
        assert "imports/ARM.csv (supplier)" in unknown["where"].iloc[0]
        warned = [r.getMessage() for r in caplog.records if "not in the actor map" in r.getMessage()]
        assert len(warned) == 1 and "Newland" in warned[0]
        new_process(monkeypatch)
        no_parsing(monkeypatch)


# ------------------------------------------------------------------------------ never stale

def test_a_modified_raw_file_bypasses_the_cache_and_fails_verification(cache_dir, monkeypatch, tmp_path):
    path = tiny_tiv(tmp_path / "raw")
    editions.load(path).tiv  # parsed and stored
    new_process(monkeypatch)
    ed = editions.load(path)  # verified
    raw = path / "imports" / "ARM.csv"
    raw.write_bytes(raw.read_bytes().replace(b"Belarus", b"Belarut"))  # same size, other bytes
    asked = []
    real_load = cache.load
    monkeypatch.setattr(cache, "load", lambda key: asked.append(key) or real_load(key))
    with pytest.raises(ChecksumError, match="imports/ARM.csv.*expected"):
        ed.tiv
    assert asked == []  # refused before the cache was asked
    with pytest.raises(ChecksumError, match="imports/ARM.csv"):
        editions.load(path)
    snapshot.rebuild_manifest(path)  # the change accepted on purpose: a new key, parsed afresh
    new_process(monkeypatch)
    assert "Belarut" in set(editions.load(path).tiv.rows["supplier"])


def test_one_query_reads_each_raw_file_once(cache_dir, monkeypatch, capsys):
    """`armsdata shares` verifies every file of its edition (load) and then builds its tables
    from the disk cache: each file is read and hashed once, not once more for the cache key."""
    assert cli.main(["shares", "Armenia", "--from", "2011", "--to", "2020",
                     "--edition", "2022-04-22"]) == 0  # fills the cache
    new_process(monkeypatch)
    reads: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda p: reads.append(str(p)) or real(p))
    assert cli.main(["shares", "Armenia", "--from", "2011", "--to", "2020",
                     "--edition", "2022-04-22"]) == 0
    raw = [r for r in reads if "sipri-tiv-2022-04-22" in r and not r.endswith("manifest.json")]
    files = editions.load("2022-04-22").snapshot.files
    assert len(raw) == len(files) == len(set(raw))
    capsys.readouterr()


def test_an_entry_written_for_other_bytes_is_not_used(cache_dir, monkeypatch, tmp_path):
    real = editions.load(tiny_tiv(tmp_path / "a"))
    other = editions.load(tiny_tiv(tmp_path / "b", (SIPRI_EXCERPTS / "tiv-legacy-ARM.csv")
                                   .read_bytes().replace(b"\nRussia,", b"\nNewland,")))
    assert "Russia" in set(real.tiv.rows["supplier"]) and "Newland" in set(other.tiv.rows["supplier"])
    real_key, other_key = real._t.cache_key("tiv"), other._t.cache_key("tiv")
    assert real_key != other_key
    entry = cache_dir / cache.TABLES / f"{real_key}.pickle"
    entry.write_bytes((cache_dir / cache.TABLES / f"{other_key}.pickle").read_bytes())
    assert cache.load(real_key) is None  # its header names the other key
    new_process(monkeypatch)
    again = editions.load(real.path).tiv
    assert "Russia" in set(again.rows["supplier"]) and "Newland" not in set(again.rows["supplier"])
    assert cache.load(real_key) is not None  # rebuilt


def test_the_key_changes_with_the_code_that_builds_the_tables(cache_dir, tmp_path, monkeypatch):
    ed = editions.load(tiny_tiv(tmp_path / "raw"))
    key = ed._t.cache_key("tiv")
    from armsdata import parse
    monkeypatch.setitem(parse.PARSERS, "tiv-legacy", lambda data, source="": None)  # a stand-in
    assert ed._t.cache_key("tiv") != key


# ------------------------------------------------------------------------------ broken entries

@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not ours", "empty",
                                    "not a pickle"])
def test_a_corrupt_cache_file_is_ignored_and_rebuilt(damage, cache_dir, monkeypatch, tmp_path):
    path = tiny_tiv(tmp_path / "raw")
    fresh = tables(editions.load(path))
    key = editions.load(path)._t.cache_key("tiv")
    entry = cache_dir / cache.TABLES / f"{key}.pickle"
    blob = entry.read_bytes()
    if damage == "truncated":
        blob = blob[:len(blob) // 2]
    elif damage == "flipped byte":
        blob = blob[:-100] + bytes([blob[-100] ^ 0x01]) + blob[-99:]
    elif damage == "not ours":
        blob = b"\x80\x05N."  # a valid pickle (None), without our header
    elif damage == "empty":
        blob = b""
    else:  # our header, a payload whose sha256 matches, but no pickle
        payload = b"no pickle at all"
        blob = cache.MAGIC + key.encode() + b"\n" + snapshot.sha256(payload).encode() + b"\n" + payload
    entry.write_bytes(blob)
    assert cache.load(key) is None
    new_process(monkeypatch)
    assert_same_tables(tables(editions.load(path)), fresh)
    assert cache.load(key) is not None  # rewritten whole


def test_an_unwritable_cache_folder_costs_only_time(monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "a-file" / "cache"))
    new_process(monkeypatch)
    ed = editions.load(tiny_tiv(tmp_path / "raw"))
    assert ed.coverage.label == "1950-2021" and "Russia" in set(ed.tiv.rows["supplier"])
    assert cache.store(cache.make_key("x"), 1) is None


def test_store_and_load_round_trip_and_clear(cache_dir):
    key = cache.make_key("a", 1, ("b", b"c"))
    assert cache.load(key) is None
    frame = pd.DataFrame({"a": pd.array([1, None], dtype="Int64"), "t": [(1950, 1951), ()]})
    assert cache.store(key, frame) == cache_dir / cache.TABLES / f"{key}.pickle"
    assert_frame_equal(cache.load(key), frame)
    assert cache.make_key("ab", "c") != cache.make_key("a", "bc")
    assert [p.name for p in cache.entries(cache_dir)] == [f"{key}.pickle"]
    assert cache.clear(cache_dir) == 1 and cache.load(key) is None
    with pytest.raises(ValueError, match="64 lowercase hex"):
        cache.load("../../etc/passwd")


def test_the_oldest_entries_go_first_when_the_cache_is_full(cache_dir, monkeypatch):
    keys = [cache.make_key(i) for i in range(5)]
    sizes = []
    for i, k in enumerate(keys):
        p = cache.store(k, bytes(1000 * (i + 1)))
        os.utime(p, (1000 + i, 1000 + i))  # written in this order
        sizes.append(p.stat().st_size)
    cache._prune(cache_dir / cache.TABLES, keep_bytes=sum(sizes[2:]))
    assert [cache.load(k) is not None for k in keys] == [False, False, True, True, True]
    monkeypatch.setattr(cache, "MAX_BYTES", sizes[4])  # store() prunes too
    cache.store(keys[4], bytes(5000))
    assert [cache.load(k) is not None for k in keys] == [False, False, False, False, True]


# ------------------------------------------------------------------------------ where it lives

def test_the_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    assert "armsdata" in cache.cache_dir().parts
    assert snapshot.default_data_dir() not in cache.cache_dir().parents


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rules are Linux's")
def test_the_cache_folder_follows_xdg_on_linux(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "armsdata"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "armsdata"


def test_armsdata_cache_shows_and_clears_the_folder(cache_dir, tmp_path, capsys):
    editions.load(tiny_tiv(tmp_path / "raw")).tiv
    assert cli.main(["cache"]) == 0
    out = capsys.readouterr().out
    assert str(cache_dir) in out and "1 cached table(s)" in out
    assert cli.main(["cache", "clear"]) == 0
    assert "removed 1 file(s)" in capsys.readouterr().out and cache.entries(cache_dir) == []


# ------------------------------------------------------------------------------ a cold command

#: Libraries a share query never needs; each costs tens of milliseconds to import.
HEAVY = ("matplotlib", "scipy", "yaml", "requests", "tqdm", "jupyter_client", "IPython",
         "nbformat", "seaborn")


def test_a_share_query_imports_no_heavy_library():
    code = ("import sys, io, contextlib\n"
            "from armsdata import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert cli.main(['shares', 'Armenia', '--from', '2011', '--to', '2020']) == 0\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_fetch_options_are_built_only_for_fetch(capsys):
    full, lean = cli.build_parser(), cli.build_parser(["shares", "Armenia"])
    assert lean.format_help() == full.format_help()  # `armsdata --help` is the same
    with pytest.raises(SystemExit) as exc:
        cli.main(["fetch", "edition", "--help"])
    assert exc.value.code == 0 and "--jobs" in capsys.readouterr().out
