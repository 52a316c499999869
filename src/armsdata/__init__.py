"""armsdata: SIPRI Arms Transfers Database snapshots turned into checked, reproducible evidence."""

from __future__ import annotations

from armsdata.errors import (
    ArmsDataError,
    ChecksumError,
    ClaimError,
    ClaimFileError,
    CoverageError,
    FetchError,
    LedgerError,
    NoDataError,
    ParseError,
    ReleaseError,
    SnapshotError,
    UnknownActorError,
    UnknownLayoutError,
    WindowError,
)

#: The package version; pyproject.toml reads it from here (``dynamic = ["version"]``).  A plain
#: string rather than ``importlib.metadata.version()``: that call costs 50 ms on every command.
__version__ = "0.2.0"

__all__ = [
    "ArmsDataError",
    "ChecksumError",
    "ClaimError",
    "ClaimFileError",
    "CoverageError",
    "FetchError",
    "LedgerError",
    "NoDataError",
    "ParseError",
    "ReleaseError",
    "SnapshotError",
    "UnknownActorError",
    "UnknownLayoutError",
    "WindowError",
    "__version__",
]
