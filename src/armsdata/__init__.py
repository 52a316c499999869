"""armsdata: SIPRI Arms Transfers Database snapshots turned into checked, reproducible evidence."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from armsdata.errors import (
    ArmsDataError,
    ChecksumError,
    ClaimError,
    FetchError,
    LedgerError,
    NoDataError,
    ParseError,
    SnapshotError,
    UnknownActorError,
)

try:
    __version__ = version("armsdata")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = [
    "ArmsDataError",
    "ChecksumError",
    "ClaimError",
    "FetchError",
    "LedgerError",
    "NoDataError",
    "ParseError",
    "SnapshotError",
    "UnknownActorError",
    "__version__",
]
