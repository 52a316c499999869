"""A per-user disk cache of parsed tidy tables, addressed by the content they were made from.

Parsing an edition is the slow part of a one-line query (the 2022 edition is 262 CSV files);
:mod:`armsdata.editions` keeps what it built from a verified snapshot here, under a key made from
the sha256 of the raw bytes it read (computed again on every call: verification stays), the
manifest, and the code and actor map that turned them into tables.  A changed raw file therefore
has another key and is never answered from the cache; it fails verification before the cache is
even asked.

Where it lives
    ``$ARMSDATA_CACHE_DIR`` if set; else the platform's per-user cache folder, as
    ``platformdirs.user_cache_dir("armsdata")`` gives it (as pooch does): ``~/.cache/armsdata``
    or ``$XDG_CACHE_HOME/armsdata`` on Linux, ``~/Library/Caches/armsdata`` on macOS, under
    ``%LOCALAPPDATA%`` on Windows.  Never inside ``data/raw``: the cache is derived data, and a
    snapshot folder holds only what SIPRI sent.
How it is written
    One file per entry, ``tables/<key>.pickle``: written to a temp file in the same folder, then
    renamed into place (:func:`os.replace`), so a reader sees a whole entry or none, and two
    processes writing the same entry at once are harmless.  At most :data:`MAX_BYTES` are kept;
    the oldest entries go first.
How it is read
    An entry is used only if its header is ours, names the key asked for, and the sha256 of its
    payload matches the one recorded in the header; only then is the payload unpickled.  A
    corrupt, truncated, foreign or mislabelled file is ignored (logged at INFO) and rebuilt.
Why pickle
    The entries are our own DataFrames (string, nullable-integer and tuple columns), and pickle
    restores them exactly and quickly without a new dependency (Parquet would need pyarrow, and
    still not keep tuples).  Unpickling runs code named in the file, so the header and payload
    checks above guard against corruption and mix-ups, not against someone who can write to the
    cache folder (who could as well change the installed package): keep it a folder only you can
    write to, as the default is.
How to clear it
    ``armsdata cache clear`` (or ``rm -r`` the folder ``armsdata cache info`` prints).  Clearing
    is always safe: the next call parses the raw files again.

Every failure of the cache itself (an unwritable folder, a full disk) is logged and the query
goes on without it: the cache only ever saves time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

#: Environment variable naming the cache folder.
CACHE_DIR_ENV = "ARMSDATA_CACHE_DIR"
#: Bump when the entry format (the header below) changes: old entries are then ignored.
FORMAT = 1
#: First line of every entry; anything else is not ours and is never unpickled.
MAGIC = b"armsdata-cache %d\n" % FORMAT
#: The folder inside the cache that holds table entries.
TABLES = "tables"
#: Bytes of entries kept at most (the oldest, by modification time, removed first).  The shipped
#: editions' tables take about 25 MB; a changed parser or actor map makes new keys, so without a
#: bound a developer's cache would only grow.
MAX_BYTES = 256 * 2 ** 20
_SUFFIX = ".pickle"
_HEX = frozenset("0123456789abcdef")


def cache_dir() -> Path:
    """The cache folder (not created here): ``$ARMSDATA_CACHE_DIR``, else the platform's per-user
    cache folder for armsdata (``platformdirs.user_cache_dir``)."""
    env = os.environ.get(CACHE_DIR_ENV)
    return Path(env) if env else Path(platformdirs.user_cache_dir("armsdata"))


def make_key(*parts: Any) -> str:
    """A hex sha256 naming an entry, from *parts* (strings, bytes, or anything with a stable
    ``repr``: tuples and lists of those)."""
    h = hashlib.sha256(MAGIC)
    for p in parts:
        b = p if isinstance(p, bytes) else repr(p).encode("utf-8")
        h.update(b"%d:" % len(b))  # length-prefixed, so ("ab", "c") and ("a", "bc") differ
        h.update(b)
    return h.hexdigest()


def _entry_path(key: str, folder: Path | None = None) -> Path:
    if len(key) != 64 or not set(key) <= _HEX:
        raise ValueError(f"cache key {key!r}: expected 64 lowercase hex digits (make_key)")
    return (folder or cache_dir()) / TABLES / f"{key}{_SUFFIX}"


def load(key: str) -> Any | None:
    """The object stored under *key*, or None if there is none or the entry cannot be trusted
    (not ours, another key, corrupt or truncated, or not unpicklable with this Python/pandas)."""
    path = _entry_path(key)
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("cache entry %s unreadable (%s); ignored", path, exc)
        return None
    header_len = len(MAGIC) + 2 * 65  # magic, then key and payload sha256, each + "\n"
    head, payload = blob[:header_len], blob[header_len:]
    expected = MAGIC + key.encode() + b"\n"
    if not head.startswith(expected):
        log.info("cache entry %s is not armsdata's entry for this key; ignored (rebuilt)", path)
        return None
    digest = head[len(expected):].rstrip(b"\n").decode("ascii", "replace")
    if hashlib.sha256(payload).hexdigest() != digest:
        log.info("cache entry %s is corrupt or truncated (payload sha256 differs from its "
                 "header); ignored (rebuilt)", path)
        return None
    try:
        return pickle.loads(payload)
    except Exception as exc:  # noqa: BLE001 - an entry from another pandas, say: rebuild it
        log.info("cache entry %s cannot be unpickled (%s: %s); ignored (rebuilt)", path,
                 type(exc).__name__, exc)
        return None


def store(key: str, obj: Any) -> Path | None:
    """Write *obj* under *key* atomically; return the entry's path, or None if the cache
    folder cannot be written (logged: the caller goes on without the cache)."""
    path = _entry_path(key)
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    blob = (MAGIC + key.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
            + payload)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("cache folder %s cannot be written (%s); going on without the cache",
                 path.parent, exc)
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return None
    _prune(path.parent)
    return path


def _prune(folder: Path, keep_bytes: int | None = None) -> None:
    keep_bytes = MAX_BYTES if keep_bytes is None else keep_bytes
    try:
        sized = [(st.st_mtime, st.st_size, p) for p in folder.iterdir() if p.suffix == _SUFFIX
                 for st in [p.stat()]]
        total = sum(size for _, size, _ in sized)
        for _, size, p in sorted(sized):  # oldest first
            if total <= keep_bytes:
                break
            p.unlink(missing_ok=True)
            total -= size
    except OSError as exc:  # another process pruning at the same time, say
        log.info("cache folder %s: pruning failed (%s)", folder, exc)


def entries(folder: Path | None = None) -> list[Path]:
    """The entry files in the cache (and any temp files a killed writer left)."""
    d = (folder or cache_dir()) / TABLES
    if not d.is_dir():
        return []
    return sorted(p for p in d.iterdir() if p.is_file() and (p.suffix in (_SUFFIX, ".tmp")))


def clear(folder: Path | None = None) -> int:
    """Remove every entry; return how many files were removed.  The folder itself stays."""
    removed = 0
    for p in entries(folder):
        p.unlink(missing_ok=True)
        removed += 1
    return removed


__all__ = ["CACHE_DIR_ENV", "MAX_BYTES", "cache_dir", "clear", "entries", "load", "make_key",
           "store"]
