"""Snapshots: folders of raw bytes exactly as the source sent them, with a manifest.

Every snapshot folder under ``data/raw/`` holds ``manifest.json``::

    {
      "manifest_version": 1,
      "snapshot": "sipri-tiv-2022-04-22",     # the folder's name
      "kind": "tiv-legacy",                   # tiv-legacy | tiv | register | delivery-years | curated
      "edition": "2022-04-22",                # SIPRI's "generated" date: the data edition
      "source": "...", "attribution": "...", "retrieved": "...", "notes": "...",
      "files": {
        "imports/ARM.csv": {
          "sha256": "...",                    # of the raw bytes
          "content_sha256": "...",            # ignoring SIPRI's "Data generated" line
          "size": 1234, "layout": "tiv-legacy", "generated": "2022-04-22",
          "request": {"method": "POST", "url": "...", "body": {...}},
          "response": {"status": 200, "headers": {...}}      # where recorded
        }, ...
      }
    }

:func:`verify` checks every file against it; loaders call :func:`require_verified` first, so
analysis never runs on bytes that changed since they were recorded.  :func:`write_snapshot` writes
a new snapshot atomically: temp folder, hashes, manifest, then one ``rename`` into place.
:func:`lock` keeps a second fetch out of a data folder while one writes into it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from armsdata.errors import ChecksumError, SnapshotError
from armsdata.parse import decode_api_response, strip_generated_line

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
#: Files a snapshot folder may hold without a manifest entry: the manifest itself.
UNLISTED_OK = frozenset({MANIFEST})
#: Environment variable naming the data folder (the one holding the snapshot folders).
DATA_DIR_ENV = "ARMSDATA_DATA_DIR"
#: The file a fetch locks in its data folder while it runs (:func:`lock`); the leading dot keeps
#: it out of find_snapshots().
LOCK_FILE = ".armsdata-fetch.lock"


def sha256(data: bytes) -> str:
    """Hex sha256 of *data*."""
    return hashlib.sha256(data).hexdigest()


def content_sha256(data: bytes) -> str:
    """Hash of *data* that ignores SIPRI's "Data generated" line and line-end style.

    For an API answer (JSON with base64) the CSV inside is hashed, so a re-download of unchanged
    data on another day has the same content hash even though its raw sha256 differs.
    """
    if data.lstrip()[:1] == b"{":
        try:
            data = decode_api_response(data)
        except Exception:  # not an API answer after all: hash it as it is
            pass
    return sha256(strip_generated_line(data))


def project_root() -> Path | None:
    """The source tree this package lives in (editable install), or None."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "data" / "raw").is_dir():
            return parent
    return None


def default_data_dir() -> Path:
    """The folder that holds the snapshot folders.

    In order: ``$ARMSDATA_DATA_DIR``; ``data/raw`` of the project this package was installed from;
    ``data/raw`` in the current directory or one of its parents.

    Raises
    ------
    SnapshotError
        None of these exists.
    """
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    root = project_root()
    if root is not None:
        return root / "data" / "raw"
    for parent in [Path.cwd(), *Path.cwd().parents]:
        if (parent / "data" / "raw").is_dir():
            return parent / "data" / "raw"
    raise SnapshotError(
        f"no data folder found: set {DATA_DIR_ENV} to the folder that holds the snapshot folders, "
        "or run from a clone of the armsdata repository (which ships data/raw)."
    )


@dataclass
class Snapshot:
    """A snapshot folder and its manifest.

    ``name``, ``kind``, ``edition`` (SIPRI's generated date of the data, ISO: the name users give
    an edition by) and ``files`` (relative path -> manifest entry) are read from the manifest
    once, when the snapshot is loaded: plain attributes, so code that walks the files asks the
    manifest nothing more.
    """

    path: Path
    manifest: dict[str, Any] = field(repr=False)
    name: str = field(init=False)
    kind: str = field(init=False)
    edition: str = field(init=False)
    files: dict[str, dict[str, Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.name = self.manifest.get("snapshot", self.path.name)
        self.kind = self.manifest.get("kind", "")
        self.edition = self.manifest.get("edition", "")
        self.files = self.manifest.get("files", {})

    def file(self, relpath: str) -> Path:
        return self.path / relpath

    def read(self, relpath: str, verify: bool = True) -> bytes:
        """The bytes of one file, checked against its manifest sha256 unless *verify* is False.

        Raises
        ------
        ChecksumError
            The bytes differ from the manifest.
        SnapshotError
            The file is missing or not listed.
        """
        entry = self.files.get(relpath)
        if entry is None:
            raise SnapshotError(f"{self.path}: {relpath!r} is not listed in {MANIFEST}.")
        p = self.path / relpath
        stamp = _stamp(p)  # before reading: a change while reading is then not taken as checked
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise SnapshotError(f"{p}: listed in {self.path / MANIFEST} but missing; restore it "
                                "(git checkout -- data/raw) or fetch the snapshot again.") from None
        if verify:
            got = sha256(data)
            if got != entry["sha256"]:
                raise ChecksumError(_mismatch_message(p, entry["sha256"], got))
            _VERIFIED[str(p)] = (stamp, got)
        return data

    def check(self, relpaths: Iterable[str]) -> None:
        """Verify files against the manifest without hashing one again where this process hashed
        it already and it is unchanged since (same size, modification and change times, inode);
        otherwise read and hash it (:meth:`read`).

        Raises
        ------
        ChecksumError, SnapshotError
            As :meth:`read`.
        """
        for relpath in relpaths:
            entry = self.files.get(relpath)
            p = self.path / relpath
            if entry is None or _VERIFIED.get(str(p)) != (_stamp(p), entry["sha256"]):
                self.read(relpath)


#: The files this process hashed and found as their manifest says: path -> (the file's stat
#: stamp then, its sha256).  :meth:`Snapshot.check` skips hashing a file whose stamp is the same,
#: so one call (``editions.load``) hashes each file once however many tables it builds.
_VERIFIED: dict[str, tuple[tuple[int, ...] | None, str]] = {}


def _stamp(p: Path) -> tuple[int, ...] | None:
    try:
        st = p.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)




def _mismatch_message(path: Path, expected: str, got: str) -> str:
    return (f"sha256 of {path} does not match its manifest: expected {expected} but got {got}. "
            "The raw file changed since it was recorded; restore it (git checkout -- data/raw) or "
            "fetch a new snapshot. Analysis refuses changed raw data.")


def load(path: str | os.PathLike[str]) -> Snapshot:
    """Read the snapshot at *path*.

    Raises
    ------
    SnapshotError
        No folder, no ``manifest.json``, or a manifest that is not valid JSON.
    """
    p = Path(path)
    m = p / MANIFEST
    if not p.is_dir():
        raise SnapshotError(f"{p}: no such snapshot folder.")
    try:
        manifest = json.loads(m.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"{p}: no {MANIFEST}; not a snapshot folder (see `armsdata fetch`).") from None
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{m}: not valid JSON ({exc}); restore it from git.") from exc
    if not isinstance(manifest, dict) or "files" not in manifest:
        raise SnapshotError(f"{m}: no 'files' mapping; not an armsdata manifest.")
    return Snapshot(p, manifest)


@dataclass
class Problem:
    """One verification failure."""

    snapshot: str
    file: str
    problem: str  # changed | missing | unlisted
    expected: str | None = None
    actual: str | None = None

    def __str__(self) -> str:
        if self.problem == "changed":
            return f"{self.snapshot}/{self.file}: changed: expected sha256 {self.expected} but got {self.actual}"
        if self.problem == "missing":
            return f"{self.snapshot}/{self.file}: missing (listed in the manifest)"
        return f"{self.snapshot}/{self.file}: not listed in the manifest"


def verify(snapshot: Snapshot | str | os.PathLike[str]) -> list[Problem]:
    """Check every file of a snapshot against its manifest; return the problems (empty if none)."""
    snap = snapshot if isinstance(snapshot, Snapshot) else load(snapshot)
    problems: list[Problem] = []
    for rel, entry in sorted(snap.files.items()):
        p = snap.path / rel
        if not p.is_file():
            problems.append(Problem(snap.path.name, rel, "missing"))
            continue
        stamp = _stamp(p)
        got = sha256(p.read_bytes())
        if got != entry["sha256"]:
            problems.append(Problem(snap.path.name, rel, "changed", entry["sha256"], got))
        else:
            _VERIFIED[str(p)] = (stamp, got)
    for p in sorted(snap.path.rglob("*")):
        rel = p.relative_to(snap.path).as_posix()
        if p.is_file() and rel not in snap.files and rel not in UNLISTED_OK:
            problems.append(Problem(snap.path.name, rel, "unlisted"))
    return problems


def require_verified(snapshot: Snapshot | str | os.PathLike[str]) -> Snapshot:
    """Return the snapshot if it verifies; raise :class:`ChecksumError` naming every mismatch."""
    snap = snapshot if isinstance(snapshot, Snapshot) else load(snapshot)
    problems = [p for p in verify(snap) if p.problem != "unlisted"]
    if problems:
        lines = "\n  ".join(str(p) for p in problems)
        raise ChecksumError(
            f"snapshot {snap.path} fails verification ({len(problems)} file(s)):\n  {lines}\n"
            "Analysis refuses changed raw data: restore the files (git checkout -- data/raw) or "
            "fetch a new snapshot (armsdata fetch)."
        )
    return snap


def find_snapshots(data_dir: str | os.PathLike[str] | None = None) -> list[Snapshot]:
    """Every snapshot folder (one with a manifest) directly below *data_dir*, sorted by name."""
    d = Path(data_dir) if data_dir is not None else default_data_dir()
    out = []
    for p in sorted(d.iterdir()) if d.is_dir() else []:
        if (p / MANIFEST).is_file() and not p.name.startswith("."):
            out.append(load(p))
    return out


def resolve(edition: str | os.PathLike[str] | None, kinds: Iterable[str],
            data_dir: str | os.PathLike[str] | None = None) -> Snapshot:
    """Find the snapshot for *edition* among those of the given *kinds*.

    *edition* is a generated date (``"2022-04-22"``), a snapshot folder name, or a path to any
    snapshot folder; None means the newest edition of those kinds.

    Raises
    ------
    SnapshotError
        Nothing matches (the message lists what there is), or two snapshots share the date.
    """
    kinds = tuple(kinds)

    def why_not(snap: Snapshot) -> str | None:
        return None if snap.kind in kinds else (f"is a {snap.kind!r} snapshot; expected one of "
                                                f"{list(kinds)}.")
    return pick(edition, why_not, f"{'/'.join(kinds)} snapshot", data_dir)


def pick(ref: Any, why_not: Callable[[Snapshot], str | None], what: str,
         data_dir: str | os.PathLike[str] | None = None) -> Snapshot:
    """The snapshot *ref* names among those *why_not* accepts (it returns None for a snapshot of
    the sort wanted, else why not): a path, a folder name, a generated date, or None for the
    newest.  *what* names the sort in messages (``"register snapshot"``).

    Raises
    ------
    SnapshotError
        A path to a snapshot of another sort; nothing matches (the message lists what there
        is); or a generated date that two snapshots share (a whole edition and one table
        fetched the same day, say): which one answers is the user's choice, not a silent pick.
    """
    if ref is not None and (os.sep in str(ref) or "/" in str(ref) or Path(ref).is_dir()):
        snap = load(ref)
        problem = why_not(snap)
        if problem is not None:
            raise SnapshotError(f"{snap.path} {problem}")
        return snap
    snaps = [s for s in find_snapshots(data_dir) if why_not(s) is None]
    if ref is None:
        if not snaps:
            raise SnapshotError(f"no {what} in {data_dir or default_data_dir()}.")
        return max(snaps, key=lambda s: (s.edition, s.name))
    named = [s for s in snaps if s.name == str(ref)]
    if named:
        return named[0]
    hits = [s for s in snaps if s.edition == str(ref)]
    if not hits:
        have = ", ".join(f"{s.edition} ({s.name})" for s in snaps) or "none"
        raise SnapshotError(f"no {what} for edition {str(ref)!r}; shipped or fetched: {have}. "
                            "Give a generated date, a snapshot folder name or a path.")
    if len(hits) > 1:
        which = ", ".join(f"{s.name} ({s.path})" for s in sorted(hits, key=lambda s: s.name))
        raise SnapshotError(f"{len(hits)} snapshots have the generated date {str(ref)!r}: "
                            f"{which}. Give the folder name or the path of the one you mean.")
    return hits[0]


def inventory(data_dir: str | os.PathLike[str] | None = None, check: bool = True) -> list[dict[str, Any]]:
    """One record per snapshot under *data_dir*: what it is and whether it verifies.

    Keys: ``snapshot`` (folder name), ``kind``, ``edition``, ``files`` (count), ``problems``
    (changed or missing files; 0 when *check* is False) and ``manifest_sha256`` (of
    ``manifest.json``, which pins every file's hash at once).
    """
    out = []
    for snap in find_snapshots(data_dir):
        problems = sum(p.problem != "unlisted" for p in verify(snap)) if check else 0
        out.append({"snapshot": snap.name, "kind": snap.kind, "edition": snap.edition,
                    "files": len(snap.files), "problems": problems,
                    "manifest_sha256": sha256((snap.path / MANIFEST).read_bytes())})
    return out


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def file_entry(data: bytes, **extra: Any) -> dict[str, Any]:
    """A manifest entry for *data*: both hashes and the size, plus *extra* fields."""
    return {"sha256": sha256(data), "content_sha256": content_sha256(data), "size": len(data), **extra}


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write *data* (text as UTF-8) to *path* whole or not at all: a temp file beside it, fsync,
    then a rename; the folder is made if missing.  Every file armsdata writes (snapshots,
    manifests, drafts of claims, pages) goes through here, so a crash or a full disk never
    leaves one half-written and an earlier version stays until the new one is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    # Not tempfile.mkstemp: its 0600 mode would survive the rename and make the file unreadable
    # to other users; os.open with 0o666 lets the umask decide, as for any file.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_manifest(folder: str | os.PathLike[str], manifest: dict[str, Any]) -> Path:
    """Write *manifest* to ``folder/manifest.json`` atomically (:func:`write_atomic`)."""
    text = json.dumps(manifest, indent=1, sort_keys=False, ensure_ascii=False) + "\n"
    return write_atomic(Path(folder) / MANIFEST, text)


def rebuild_manifest(folder: str | os.PathLike[str]) -> Path:
    """Recompute the hashes of every file listed in an existing manifest (and add new files).

    For curated ledgers edited by hand and for tests that change a value on purpose; never for
    SIPRI's raw bytes, whose hashes are the record of what SIPRI sent.
    """
    snap = load(folder)
    files = dict(snap.files)
    for p in sorted(snap.path.rglob("*")):
        rel = p.relative_to(snap.path).as_posix()
        if p.is_file() and rel not in UNLISTED_OK and not p.name.startswith("."):
            old = {k: v for k, v in files.get(rel, {}).items()
                   if k not in ("sha256", "content_sha256", "size")}
            files[rel] = file_entry(p.read_bytes(), **old)
    files = {k: v for k, v in files.items() if (snap.path / k).is_file()}
    return write_manifest(snap.path, {**snap.manifest, "files": dict(sorted(files.items()))})


def _check_relpath(rel: str) -> None:
    """Refuse a file name that would land outside the snapshot folder or on its manifest."""
    parts = Path(rel).parts
    if (not rel or Path(rel).is_absolute() or ".." in parts or rel in UNLISTED_OK
            or "\\" in rel):
        raise SnapshotError(f"file name {rel!r}: expected a relative path inside the snapshot "
                            f"folder (no '..', not absolute, not {MANIFEST}).")


@dataclass
class WriteResult:
    """What :func:`write_snapshot` did."""

    path: Path
    created: bool  # False: an existing snapshot already held the same content
    same_as: str | None = None


def write_snapshot(data_dir: str | os.PathLike[str], name: str, files: dict[str, bytes],
                   manifest: dict[str, Any], file_meta: dict[str, dict[str, Any]] | None = None
                   ) -> WriteResult:
    """Write a new snapshot folder atomically, or recognise that its content exists already.

    The bytes go to a hidden temp folder beside the target, each file is flushed and fsynced, the
    manifest is written last, then the folder is renamed into place in one step.  A crash at any
    point leaves at most a hidden ``.tmp-*`` folder; existing snapshots are never touched.

    Parameters
    ----------
    data_dir
        Folder that holds snapshot folders.
    name
        Wanted folder name (``register-2024-10-13``); ``-2``, ``-3``, ... is added if taken by
        different content.
    files
        Relative path → raw bytes.
    manifest
        Top-level manifest fields (kind, edition, source, retrieved, ...).
    file_meta
        Relative path → extra manifest fields (request, response, layout, generated).

    Returns
    -------
    WriteResult
        ``created=False`` and the existing folder when a snapshot with the same kind and the same
        content hashes exists already.
    """
    data_dir = Path(data_dir)
    for rel in files:
        _check_relpath(rel)
    data_dir.mkdir(parents=True, exist_ok=True)
    file_meta = file_meta or {}
    entries = {rel: file_entry(b, **file_meta.get(rel, {})) for rel, b in sorted(files.items())}
    wanted = {rel: e["content_sha256"] for rel, e in entries.items()}
    for snap in find_snapshots(data_dir):
        have = {rel: e.get("content_sha256") for rel, e in snap.files.items()}
        if snap.kind == manifest.get("kind") and have == wanted:
            log.info("%s holds the same content already; nothing written", snap.path)
            return WriteResult(snap.path, created=False, same_as=snap.name)
    target = data_dir / name
    k = 2
    while target.exists():
        target = data_dir / f"{name}-{k}"
        k += 1
    # Not tempfile.mkdtemp: its 0700 mode would survive the rename and lock other users out of
    # the new snapshot; mkdir lets the umask decide.  The leading dot keeps it out of
    # find_snapshots() until the rename.
    tmp = data_dir / f".tmp-{name}-{secrets.token_hex(6)}"
    tmp.mkdir()
    try:
        for rel, data in files.items():
            p = tmp / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            with open(p, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        full = {"manifest_version": MANIFEST_VERSION, "snapshot": target.name, **manifest,
                "files": entries}
        full.setdefault("retrieved", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        write_manifest(tmp, full)
        # The files' directory entries must be on disk before the folder appears under its
        # name, or a power cut could leave a visible snapshot with files missing.
        for d in sorted({(tmp / rel).parent for rel in files} | {tmp}, reverse=True):
            _fsync_dir(d)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _fsync_dir(data_dir)
    return WriteResult(target, created=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def lock(data_dir: str | os.PathLike[str], holder: str) -> Iterator[Path]:
    """Hold *data_dir*'s fetch lock while the block runs; refuse at once if another run holds it.

    Two fetches writing into one data folder at once would share its staging folder and race
    for its snapshot names.  The lock is the operating system's, :func:`fcntl.flock` on
    :data:`LOCK_FILE` (rather than a library such as filelock, which truncates its lock file on
    every attempt: here one open file both holds the lock and names its holder, with no second
    file to keep in step).  The kernel drops the lock with the process, so a fetch that was
    killed leaves at most the file, never a lock: there is no stale lock to detect or break.
    The file says who holds it (*holder*, with pid, host and start time), which the refusal
    quotes; it is removed when the block ends.  Where Python has no fcntl (Windows) the block
    runs without a lock, and a warning says so.

    Raises
    ------
    SnapshotError
        Another run holds the lock; the message names it.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_FILE
    try:
        import fcntl
    except ImportError:
        log.warning("no fcntl here: %s is written without a lock; run one fetch at a time",
                    data_dir)
        yield path
        return
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.read(fd, 4096).decode("utf-8", "replace").strip() or "just started"
            os.close(fd)
            raise SnapshotError(f"{data_dir} is being written by another fetch ({other}). Wait "
                                "for it to finish, or give another --data-dir.") from None
        try:
            current = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(fd)  # its holder finished and removed it meanwhile: lock the file there now
    try:
        since = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}, since {since}: "
                     f"{holder}\n".encode("utf-8"))
        yield path
    finally:
        path.unlink(missing_ok=True)  # before the lock goes, so nobody locks a removed file
        os.close(fd)
