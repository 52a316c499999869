"""What a page was built from: the data editions with the sha256 of their manifests, the
armsdata version, the git commit and the UTC time of the build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from armsdata.errors import ReportError

log = logging.getLogger(__name__)

#: Seconds ``git rev-parse`` may take; provenance says "unknown" rather than hang the build.
GIT_TIMEOUT = 10


@dataclass(frozen=True)
class Edition:
    """One data snapshot used by the report."""

    name: str
    edition: str
    kind: str
    files: int
    manifest_sha256: str
    problems: int = 0  # verification failures (changed or missing files); 0 when verified
    release: str = ""  # "2024 release" for a SIPRI data edition; "" for other snapshots


@dataclass(frozen=True)
class Provenance:
    """What a page was built from: data editions, armsdata version, git commit, UTC build time."""

    editions: tuple[Edition, ...]
    version: str
    commit: str
    built: str

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def editions(data_dir: str | os.PathLike[str] | None = None, verify: bool = True) -> list[Edition]:
    """Every snapshot in *data_dir* (default: the shipped ``data/raw``) with its manifest hash.

    Parameters
    ----------
    data_dir
        Folder holding the snapshot folders; None for :func:`armsdata.snapshot.default_data_dir`.
    verify
        Check every file against its manifest and count the problems (changed or missing files).
    """
    from armsdata import snapshot

    snaps = {s.name: s for s in snapshot.find_snapshots(data_dir)}
    return [Edition(name=r["snapshot"], edition=r["edition"], kind=r["kind"], files=r["files"],
                    manifest_sha256=r["manifest_sha256"], problems=r["problems"],
                    release=release_label(snaps.get(r["snapshot"]), r["problems"]))
            for r in snapshot.inventory(data_dir, check=verify)]


def release_label(snap: Any, problems: int = 0) -> str:
    """``"2024 release"``: the SIPRI release a data edition's snapshot belongs to
    (:attr:`armsdata.editions.Edition.release`); ``""`` for a snapshot that is not a SIPRI data
    edition (or None), and ``"unknown (why)"`` where it cannot be told (it fails verification,
    or its dates disagree with ``releases.csv``)."""
    from armsdata import editions
    from armsdata.errors import ArmsDataError

    if snap is None or not editions.is_data_snapshot(snap):
        return ""
    if problems:
        return "unknown (fails verification)"
    try:
        return editions.load(snap.path).release.label
    except ArmsDataError as exc:
        log.warning("snapshot %s: no release (%s: %s)", snap.name, type(exc).__name__, exc)
        return f"unknown ({type(exc).__name__})"


def git_commit(cwd: str | os.PathLike[str] | None = None) -> str:
    """Short hash of HEAD, with ``-dirty`` when tracked files differ from it; ``"unknown"`` when
    there is no git or no repository."""
    cwd = Path(cwd) if cwd is not None else repo_dir()
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True,
                              text=True, timeout=GIT_TIMEOUT, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                                capture_output=True, text=True, timeout=GIT_TIMEOUT,
                                check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("no git commit for the report (%s); provenance says 'unknown'", exc)
        return "unknown"
    if not head:
        return "unknown"
    return f"{head}-dirty" if status else head


def provenance(data_dir: str | os.PathLike[str] | None = None,
               built: dt.datetime | None = None) -> Provenance:
    """The provenance stamped on every page of a build."""
    import armsdata

    built = built or dt.datetime.now(dt.timezone.utc)
    return Provenance(
        editions=tuple(editions(data_dir)),
        version=armsdata.__version__,
        commit=git_commit(),
        built=built.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def verified_provenance(data_dir: str | os.PathLike[str] | None = None) -> Provenance:
    """:func:`provenance`, refusing snapshots that fail verification.

    Raises
    ------
    ReportError
        A snapshot has changed or missing files.
    """
    prov = provenance(data_dir)
    bad = [e for e in prov.editions if e.problems]
    if bad:
        names = ", ".join(f"{e.name} ({e.problems} file(s))" for e in bad)
        raise ReportError(f"snapshots fail verification: {names}. Run `armsdata verify` for the "
                          "details; restore the files (git checkout -- data/raw) and build again.")
    return prov


def repo_dir() -> Path:
    """The project this package was installed from, else the working directory."""
    from armsdata.snapshot import project_root

    return project_root() or Path.cwd()
