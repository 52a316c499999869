"""Snapshots: the shipped manifests verify, hashes mean what they say, writes are atomic.

Changed-byte tests work on copies in ``tmp_path``; nothing under data/raw is ever written.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import RAW, RECORDING_DIR, REGISTER_2024_DIR, SIPRI_EXCERPTS, TIV_2022_DIR, copy_snapshot

from armsdata import editions, queries, snapshot
from armsdata.errors import ArmsDataError, ChecksumError, SnapshotError

SIPRI_SNAPSHOTS = [d.name for d in (RECORDING_DIR, TIV_2022_DIR, REGISTER_2024_DIR)]
API = RECORDING_DIR.name
API_FILE = "trade-register-csv.response.json"
EXCERPTS = SIPRI_EXCERPTS


@pytest.fixture()
def api_copy(data_dir: Path) -> Path:
    """A copy of the small API-recording snapshot in a data folder of its own (conftest)."""
    return data_dir / API


def flip_byte(path: Path, offset: int = 100) -> tuple[bytes, bytes]:
    data = path.read_bytes()
    changed = data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1:]
    path.write_bytes(changed)
    return data, changed


# ------------------------------------------------------------------ the shipped snapshots

@pytest.mark.parametrize("name", SIPRI_SNAPSHOTS)
def test_shipped_snapshot_verifies(name: str) -> None:
    snap = snapshot.load(RAW / name)
    assert snapshot.verify(snap) == []
    assert snapshot.require_verified(snap) is snap
    assert snap.name == name and snap.edition == name[-10:]


@pytest.mark.parametrize("name", SIPRI_SNAPSHOTS)
def test_shipped_manifest_agrees_with_sha256sums_and_recomputed_hashes(name: str) -> None:
    """Two records written at different times (SHA256SUMS, manifest.json) must agree, and the
    stored content hash and size must be what the code computes today."""
    snap = snapshot.load(RAW / name)
    sums = {}
    for line in (snap.path / "SHA256SUMS").read_text().splitlines():
        digest, rel = line.split(maxsplit=1)
        sums[rel.removeprefix("./")] = digest
    assert sums, "empty SHA256SUMS"
    for rel, digest in sums.items():
        assert snap.files[rel]["sha256"] == digest, rel
    for rel, entry in snap.files.items():
        data = (snap.path / rel).read_bytes()
        assert entry["size"] == len(data), rel
        assert entry["content_sha256"] == snapshot.content_sha256(data), rel


def test_find_snapshots_lists_the_shipped_ones() -> None:
    names = [s.path.name for s in snapshot.find_snapshots(RAW)]
    assert set(SIPRI_SNAPSHOTS) <= set(names)
    assert names == sorted(names)


# ------------------------------------------------------------------ hashes

def test_content_hash_ignores_the_generated_line_and_line_ends() -> None:
    data = (EXCERPTS / "register-excerpt.csv").read_bytes()
    other_day = data.replace(b"Data generated: 13 Oct 2024 2:20:11 PM",
                             b"Data generated: 2 Jan 2025 9:01:02 AM")
    crlf = data.replace(b"\n", b"\r\n")
    assert len({snapshot.sha256(b) for b in (data, other_day, crlf)}) == 3
    assert snapshot.content_sha256(data) == snapshot.content_sha256(other_day) \
        == snapshot.content_sha256(crlf)
    one_value = data.replace(b",7.2,7.2\n", b",7.2,7.3\n")
    assert snapshot.content_sha256(one_value) != snapshot.content_sha256(data)


def test_content_hash_of_legacy_generated_line() -> None:
    data = (EXCERPTS / "tiv-legacy-ARM.csv").read_bytes()
    other = data.replace(b"Generated: 22 April 2022,", b"Generated: 1 May 2023,")
    assert other != data
    assert snapshot.content_sha256(other) == snapshot.content_sha256(data)


def test_content_hash_of_an_api_answer_is_the_hash_of_its_csv() -> None:
    """Two API answers for the same data on different days differ in every base64 character
    after the stamp; their content hash must not."""
    import base64

    answer = (EXCERPTS / "delivery-years-api-excerpt.json").read_bytes()
    csv_bytes = base64.b64decode(json.loads(answer)["bytes"])
    later = csv_bytes.replace(b"10 Feb 2025 10:52:58 AM", b"11 Feb 2025 8:00:00 AM")
    later_answer = json.dumps({"bytes": base64.b64encode(later).decode()}).encode()
    assert snapshot.content_sha256(later_answer) == snapshot.content_sha256(answer) \
        == snapshot.content_sha256(csv_bytes)


def test_content_hash_of_json_that_is_not_an_answer_is_the_plain_hash() -> None:
    data = b'{"not": "an answer"}'
    assert snapshot.content_sha256(data) == snapshot.sha256(data)


# ------------------------------------------------------------------ a changed byte

def test_verify_names_file_expected_and_actual_hash(api_copy: Path) -> None:
    expected = snapshot.load(api_copy).files[API_FILE]["sha256"]
    _, changed = flip_byte(api_copy / API_FILE)
    problems = snapshot.verify(api_copy)
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.problem, p.expected, p.actual) == (API_FILE, "changed", expected,
                                                         snapshot.sha256(changed))
    assert str(p) == (f"{API}/{API_FILE}: changed: expected sha256 {expected} but got "
                      f"{snapshot.sha256(changed)}")


def test_verify_reports_missing_and_unlisted_files(api_copy: Path) -> None:
    (api_copy / "README.md").unlink()
    (api_copy / "notes.txt").write_text("mine")
    got = {(p.file, p.problem) for p in snapshot.verify(api_copy)}
    assert got == {("README.md", "missing"), ("notes.txt", "unlisted")}
    # an unlisted file is reported, but does not make the snapshot unusable
    (api_copy / "README.md").write_bytes((RAW / API / "README.md").read_bytes())
    assert snapshot.require_verified(api_copy).path == api_copy


def test_require_verified_raises_checksum_error(api_copy: Path) -> None:
    expected = snapshot.load(api_copy).files[API_FILE]["sha256"]
    _, changed = flip_byte(api_copy / API_FILE)
    with pytest.raises(ChecksumError) as info:
        snapshot.require_verified(api_copy)
    msg = str(info.value)
    assert API_FILE in msg and expected in msg and snapshot.sha256(changed) in msg
    assert "git checkout -- data/raw" in msg  # says what to do next
    assert isinstance(info.value, ValueError)


def test_snapshot_read_checks_the_hash(api_copy: Path) -> None:
    snap = snapshot.load(api_copy)
    original, changed = flip_byte(api_copy / API_FILE)
    with pytest.raises(ChecksumError, match=f"{API_FILE} does not match its manifest"):
        snap.read(API_FILE)
    assert snap.read(API_FILE, verify=False) == changed
    with pytest.raises(SnapshotError, match="not listed"):
        snap.read("nope.csv")
    (api_copy / API_FILE).unlink()
    with pytest.raises(SnapshotError, match="missing"):
        snap.read(API_FILE)


def test_analysis_refuses_a_changed_snapshot(api_copy: Path) -> None:
    """A share on a path: works on the faithful copy, refuses it after one byte changed."""
    ok = queries.shares(editions.load(api_copy), "Algeria", 2000, 2001, basis="register")
    assert not ok.empty and ok["share"].sum() == pytest.approx(100.0)
    flip_byte(api_copy / API_FILE, offset=5000)
    with pytest.raises(ChecksumError, match=API_FILE):
        queries.shares(editions.load(api_copy), "Algeria", 2000, 2001, basis="register")


def test_analysis_refuses_a_changed_tiv_snapshot(tmp_path: Path) -> None:
    """The same for a legacy TIV snapshot: one changed table anywhere refuses the edition."""
    dest = copy_snapshot(TIV_2022_DIR, tmp_path)
    flip_byte(dest / "imports" / "ARM.csv", offset=1500)
    with pytest.raises(ChecksumError, match="imports/ARM.csv"):
        queries.shares(editions.load(dest), "Armenia", 2011, 2020, basis="total")


# ------------------------------------------------------------------ loading and finding

def test_load_errors(tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no such snapshot folder"):
        snapshot.load(tmp_path / "nope")
    (tmp_path / "a").mkdir()
    with pytest.raises(SnapshotError, match="no manifest.json"):
        snapshot.load(tmp_path / "a")
    (tmp_path / "a" / "manifest.json").write_text("{ not json")
    with pytest.raises(SnapshotError, match="not valid JSON"):
        snapshot.load(tmp_path / "a")
    (tmp_path / "a" / "manifest.json").write_text('{"kind": "x"}')
    with pytest.raises(SnapshotError, match="no 'files' mapping"):
        snapshot.load(tmp_path / "a")


def test_find_snapshots_skips_hidden_and_manifestless_folders(tmp_path: Path) -> None:
    for name in ("b-snap", ".tmp-b-snap-xyz", "a-snap"):
        (tmp_path / name).mkdir()
        snapshot.write_manifest(tmp_path / name, {"kind": "test", "files": {}})
    (tmp_path / "no-manifest").mkdir()
    assert [s.path.name for s in snapshot.find_snapshots(tmp_path)] == ["a-snap", "b-snap"]


def test_resolve_by_date_name_path_and_newest(tmp_path: Path) -> None:
    for name, kind, edition in [("reg-1", "register", "2024-10-13"), ("reg-2", "register", "2025-02-10"),
                                ("tiv-1", "tiv", "2026-01-01")]:
        (tmp_path / name).mkdir()
        snapshot.write_manifest(tmp_path / name, {"kind": kind, "edition": edition, "files": {}})
    res = lambda e: snapshot.resolve(e, ["register"], data_dir=tmp_path).path.name  # noqa: E731
    assert res("2024-10-13") == "reg-1"
    assert res("reg-2") == "reg-2"
    assert res(None) == "reg-2"
    assert res(tmp_path / "reg-1") == "reg-1"
    with pytest.raises(SnapshotError, match=r"no register snapshot for edition '1999-01-01'.*"
                                            r"2024-10-13 \(reg-1\), 2025-02-10 \(reg-2\)"):
        res("1999-01-01")
    with pytest.raises(SnapshotError, match="is a 'tiv' snapshot"):
        res(tmp_path / "tiv-1")


# ------------------------------------------------------------------ writing

FILES = {"table.csv": b"Data generated: 1 Jan 2025 1:00:00 AM\nRecipient,1950\nTotal,1\n",
         "raw/answer.json": b'{"bytes": "QQ=="}'}
MANIFEST = {"kind": "test", "edition": "2025-01-01", "source": "tests"}


def listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_write_snapshot_writes_files_and_a_manifest_that_verifies(tmp_path: Path) -> None:
    r = snapshot.write_snapshot(tmp_path, "test-2025-01-01", FILES, MANIFEST,
                                {"table.csv": {"layout": "tiv"}})
    assert r.created and r.path == tmp_path / "test-2025-01-01"
    assert snapshot.verify(r.path) == []
    snap = snapshot.load(r.path)
    assert snap.kind == "test" and snap.edition == "2025-01-01"
    assert snap.manifest["snapshot"] == "test-2025-01-01"
    assert snap.files["table.csv"]["layout"] == "tiv"
    assert {k: snap.read(k) for k in FILES} == FILES
    assert [p.name for p in tmp_path.iterdir()] == ["test-2025-01-01"]


def test_write_snapshot_is_readable_like_any_other_folder(tmp_path: Path) -> None:
    """A fetched snapshot must be as readable as a cloned one (not 0700 / 0600 temp modes)."""
    r = snapshot.write_snapshot(tmp_path, "s", FILES, MANIFEST)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(r.path.stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((r.path / "manifest.json").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((r.path / "table.csv").stat().st_mode) == 0o666 & ~umask


def test_write_snapshot_recognises_identical_content(tmp_path: Path) -> None:
    first = snapshot.write_snapshot(tmp_path, "s", FILES, MANIFEST)
    before = listing(tmp_path)
    # the same data downloaded another day, with CRLF line ends
    again = {k: v.replace(b"1 Jan 2025 1:00:00 AM", b"3 Mar 2025 3:00:00 PM").replace(b"\n", b"\r\n")
             for k, v in FILES.items()}
    r = snapshot.write_snapshot(tmp_path, "s-again", again, MANIFEST)
    assert (r.created, r.path, r.same_as) == (False, first.path, "s")
    assert listing(tmp_path) == before


def test_write_snapshot_never_overwrites_a_taken_name(tmp_path: Path) -> None:
    a = snapshot.write_snapshot(tmp_path, "s", FILES, MANIFEST)
    b = snapshot.write_snapshot(tmp_path, "s", {**FILES, "table.csv": b"Recipient,1950\nTotal,2\n"},
                                MANIFEST)
    c = snapshot.write_snapshot(tmp_path, "s", {"other.csv": b"x"}, MANIFEST)
    assert (a.path.name, b.path.name, c.path.name) == ("s", "s-2", "s-3")
    assert (a.path / "table.csv").read_bytes() == FILES["table.csv"]
    # same content but another kind is a different snapshot
    d = snapshot.write_snapshot(tmp_path, "s", FILES, {**MANIFEST, "kind": "other"})
    assert d.created and d.path.name == "s-4"


@pytest.mark.parametrize("fail_at", ["fsync-1", "fsync-2", "manifest", "rename"])
def test_write_snapshot_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str) -> None:
    """An exception at any step leaves the data folder exactly as it was: no target folder, no
    hidden temp folder, earlier snapshots untouched."""
    existing = snapshot.write_snapshot(tmp_path, "old", {"a.csv": b"1\n"}, MANIFEST)
    before = listing(tmp_path)

    class Boom(RuntimeError):
        pass

    calls = {"n": 0}
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if fail_at == f"fsync-{calls['n']}":
            raise Boom("disk full")
        real_fsync(fd)

    def rename(src, dst) -> None:
        if fail_at == "rename":
            raise Boom("rename failed")
        real_rename(src, dst)

    def write_manifest(folder, manifest):
        raise Boom("manifest failed")

    monkeypatch.setattr(snapshot.os, "fsync", fsync)
    monkeypatch.setattr(snapshot.os, "rename", rename)
    if fail_at == "manifest":
        monkeypatch.setattr(snapshot, "write_manifest", write_manifest)
    with pytest.raises(Boom):
        snapshot.write_snapshot(tmp_path, "new", FILES, MANIFEST)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old"]
    assert listing(tmp_path) == before
    assert [s.path for s in snapshot.find_snapshots(tmp_path)] == [existing.path]


@pytest.mark.parametrize("rel", ["../escape.csv", "/tmp/abs.csv", "a/../../escape.csv", ""])
def test_write_snapshot_refuses_paths_outside_the_snapshot(tmp_path: Path, rel: str) -> None:
    data_dir = tmp_path / "raw"
    with pytest.raises(SnapshotError, match="relative path inside the snapshot"):
        snapshot.write_snapshot(data_dir, "s", {rel: b"x"}, MANIFEST)
    assert not (tmp_path / "escape.csv").exists()
    assert not data_dir.exists() or list(data_dir.iterdir()) == []


def test_write_manifest_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot.write_manifest(tmp_path, {"kind": "a", "files": {}})
    before = (tmp_path / "manifest.json").read_bytes()

    def boom(src, dst):
        raise OSError("no")

    monkeypatch.setattr(snapshot.os, "replace", boom)
    with pytest.raises(OSError):
        snapshot.write_manifest(tmp_path, {"kind": "b", "files": {}})
    assert (tmp_path / "manifest.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_rebuild_manifest(api_copy: Path) -> None:
    """After an intended edit the manifest is rebuilt: new hashes, old metadata kept, new files
    added, deleted files dropped, hidden files ignored."""
    old = snapshot.load(api_copy).manifest
    (api_copy / "README.md").write_text("edited\n")
    (api_copy / "extra.csv").write_bytes(b"a,b\n")
    (api_copy / ".hidden").write_bytes(b"x")
    (api_copy / "SHA256SUMS").unlink()
    assert {p.problem for p in snapshot.verify(api_copy)} == {"changed", "missing", "unlisted"}
    snapshot.rebuild_manifest(api_copy)
    new = snapshot.load(api_copy)
    assert [p for p in snapshot.verify(new) if p.file != ".hidden"] == []
    assert set(new.files) == {"README.md", "extra.csv", API_FILE}
    assert new.files["README.md"]["sha256"] == snapshot.sha256(b"edited\n")
    assert new.files["README.md"]["layout"] == "document"
    assert new.files[API_FILE] == old["files"][API_FILE]  # unchanged file: same entry
    assert {k: v for k, v in new.manifest.items() if k != "files"} == \
        {k: v for k, v in old.items() if k != "files"}


def test_default_data_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(snapshot.DATA_DIR_ENV, str(tmp_path))
    assert snapshot.default_data_dir() == tmp_path
    monkeypatch.delenv(snapshot.DATA_DIR_ENV)
    assert snapshot.default_data_dir() == RAW


def test_errors_are_armsdata_errors() -> None:
    assert issubclass(ChecksumError, ArmsDataError) and issubclass(SnapshotError, OSError)


def test_inventory_counts_problems_and_pins_the_manifest(tmp_path):
    src = snapshot.default_data_dir() / API
    rec = copy_snapshot(src, tmp_path)
    [clean] = snapshot.inventory(tmp_path)
    assert clean["problems"] == 0 and clean["edition"] == "2025-02-10" and clean["files"] == 3
    assert clean["manifest_sha256"] == snapshot.sha256((src / "manifest.json").read_bytes())
    (rec / "README.md").write_text("changed")
    assert snapshot.inventory(tmp_path)[0]["problems"] == 1
    assert snapshot.inventory(tmp_path, check=False)[0]["problems"] == 0


# ------------------------------------------------------------------------------ the fetch lock

def test_a_second_lock_on_a_data_folder_is_refused_and_names_the_holder(tmp_path: Path) -> None:
    with snapshot.lock(tmp_path, "armsdata fetch edition --recipient Armenia") as path:
        assert path == tmp_path / snapshot.LOCK_FILE and path.is_file()
        with pytest.raises(SnapshotError, match=rf"{tmp_path} is being written by another fetch "
                                                rf"\(pid {os.getpid()} on .*, since .*: armsdata "
                                                r"fetch edition --recipient Armenia\)\. Wait"):
            with snapshot.lock(tmp_path, "the second"):
                pass  # pragma: no cover - refused
    assert not path.exists()  # removed with the lock
    with snapshot.lock(tmp_path, "the next one"):  # free again
        assert "the next one" in path.read_text()
    assert [p.name for p in snapshot.find_snapshots(tmp_path)] == []


def test_a_lock_left_by_a_killed_process_does_not_block(tmp_path: Path) -> None:
    code = ("import sys, time; from armsdata import snapshot\n"
            "with snapshot.lock(sys.argv[1], 'the run that gets killed'):\n"
            "    print('locked', flush=True); time.sleep(60)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline() == "locked\n"
        with pytest.raises(SnapshotError, match=rf"pid {child.pid} .*the run that gets killed"):
            with snapshot.lock(tmp_path, "while it runs"):
                pass  # pragma: no cover - refused
        child.kill()
        child.wait(20)
    finally:
        child.kill()
        child.communicate(timeout=20)
    left = tmp_path / snapshot.LOCK_FILE
    assert "the run that gets killed" in left.read_text()  # the file stays; the lock went
    with snapshot.lock(tmp_path, "after it died"):
        assert "after it died" in left.read_text()


def test_without_fcntl_the_block_runs_unlocked_and_says_so(tmp_path: Path, monkeypatch, caplog
                                                          ) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows: the import fails
    with snapshot.lock(tmp_path, "one"), snapshot.lock(tmp_path, "two"):
        pass
    assert "written without a lock" in caplog.text
