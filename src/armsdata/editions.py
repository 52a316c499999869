"""Load verified snapshots into tidy tables with canonical names, and answer share questions.

An *edition* is SIPRI's generated date of a snapshot (``"2022-04-22"``, ``"2024-10-13"``), a
snapshot folder name, or a path to any snapshot folder (a fetched one, too).  Every loader
verifies the snapshot's sha256 first (:func:`armsdata.snapshot.require_verified`) and refuses
changed bytes.

>>> from armsdata import editions
>>> editions.shares("Armenia", 2011, 2020, edition="2022-04-22", basis="total").head(1)
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd

from armsdata import analysis, countries, parse, snapshot
from armsdata.conventions import AGGREGATE_NAMES, ALL, TOTAL, WORLD
from armsdata.errors import NoDataError, SnapshotError, UnknownActorError

log = logging.getLogger(__name__)

#: The edition of each kind that notebooks and the CLI use when none is given.
DEFAULT_TIV_EDITION = "2022-04-22"
DEFAULT_REGISTER_EDITION = "2024-10-13"

TIV_KINDS = ("tiv-legacy", "tiv")
REGISTER_KINDS = ("register", "delivery-years")
#: Which share bases each kind of snapshot supports.
BASES = {"tiv-legacy": ("total", "rows"), "tiv": ("total", "rows"),
         "register": ("register",), "delivery-years": ("register",)}

EditionRef = str | os.PathLike[str] | None


def _canon(name: str) -> str:
    if name in AGGREGATE_NAMES:
        return name
    return countries.canonical_name(name)


def _canonical_columns(df: pd.DataFrame, cols: tuple[str, ...] = ("recipient", "supplier")) -> pd.DataFrame:
    for c in cols:
        if c in df.columns and len(df):
            mapping = {n: _canon(n) for n in df[c].unique()}
            df[c] = df[c].map(mapping)
    return df


def snapshot_for(edition: EditionRef, kinds: tuple[str, ...]) -> snapshot.Snapshot:
    """The verified snapshot for *edition* among *kinds* (see :func:`armsdata.snapshot.resolve`)."""
    return snapshot.require_verified(snapshot.resolve(edition, kinds))


def _key(snap: snapshot.Snapshot) -> tuple[str, str]:
    return (str(snap.path.resolve()), snapshot.sha256(str(sorted((k, v["sha256"]) for k, v in snap.files.items())).encode()))


@dataclass
class TivEdition:
    """A TIV edition: all recipients' tables in one long form, with provenance."""

    rows: pd.DataFrame
    totals: pd.DataFrame
    edition: str
    snapshot: str
    generated: str
    attribution: str


def tiv(edition: EditionRef = DEFAULT_TIV_EDITION) -> TivEdition:
    """All TIV tables of a snapshot with supplier detail, concatenated, canonical names.

    Recipient ``"All"`` is the world table (each supplier's world exports).
    """
    snap = snapshot_for(edition, TIV_KINDS)
    return _tiv_cached(*_key(snap))


@lru_cache(maxsize=8)
def _tiv_cached(path: str, _files_hash: str) -> TivEdition:
    snap = snapshot.load(path)
    rows, totals = [], []
    # A TIV table fetched from the current API for one recipient has SIPRI's exports-by-supplier
    # layout ("Exports by" = suppliers as rows); which recipient it covers is only in the query.
    query_recipient = (snap.manifest.get("query") or {}).get("recipient")
    for rel, entry in sorted(snap.files.items()):
        layout = entry.get("layout")
        if layout == "tiv-legacy":
            t = parse.parse_tiv_legacy(snap.read(rel), f"{snap.path.name}/{rel}", check_totals=True)
        elif snap.kind == "tiv" and layout == "tiv-exports-by-supplier" and query_recipient:
            t = parse.parse_tiv_new(snap.read(rel), f"{snap.path.name}/{rel}", check_totals=True)
            name = resolve_actor(query_recipient)
            t.rows = t.rows.assign(recipient=name)
            t.totals = t.totals.assign(recipient=name)
        else:  # no supplier split (imports by recipient), or not a TIV table
            continue
        rows.append(t.rows)
        totals.append(t.totals)
    if not rows:
        raise SnapshotError(f"{snap.path}: no TIV table with a supplier split in this snapshot.")
    r = _canonical_columns(pd.concat(rows, ignore_index=True))
    t = _canonical_columns(pd.concat(totals, ignore_index=True))
    return TivEdition(r, t, snap.edition, snap.name, snap.edition, snap.manifest.get("attribution", ""))


def register(edition: EditionRef = DEFAULT_REGISTER_EDITION) -> pd.DataFrame:
    """The trade register of a snapshot (one row per deal; or per deal and year for a
    ``delivery-years`` snapshot), canonical names.  ``attrs``: edition, snapshot."""
    snap = snapshot_for(edition, REGISTER_KINDS)
    df = _register_cached(*_key(snap))
    out = df.copy()
    out.attrs = {"edition": snap.edition, "snapshot": snap.name}
    return out


@lru_cache(maxsize=8)
def _register_cached(path: str, _files_hash: str) -> pd.DataFrame:
    snap = snapshot.load(path)
    frames = []
    for rel, entry in sorted(snap.files.items()):
        layout = entry.get("layout")
        if layout == "register":
            frames.append(parse.parse_register(snap.read(rel), f"{snap.path.name}/{rel}"))
        elif layout == "delivery-years":
            frames.append(parse.parse_delivery_years(snap.read(rel), f"{snap.path.name}/{rel}"))
    if not frames:
        raise SnapshotError(f"{snap.path}: no register file listed in its manifest.")
    df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    df.attrs = {}
    return _canonical_columns(df)


def world_tables(edition: EditionRef = DEFAULT_REGISTER_EDITION) -> dict[str, parse.TivTable]:
    """The new-site tables of a snapshot: ``{"imports": ..., "exports": ...}`` where present."""
    snap = snapshot_for(edition, REGISTER_KINDS + TIV_KINDS)
    out = {}
    for rel, entry in sorted(snap.files.items()):
        layout = entry.get("layout")
        if layout in ("tiv-imports-by-recipient", "tiv-exports-by-supplier"):
            t = parse.parse_tiv_new(snap.read(rel), f"{snap.path.name}/{rel}", check_totals=True)
            t.rows = _canonical_columns(t.rows)
            out["imports" if layout == "tiv-imports-by-recipient" else "exports"] = t
    return out


def available_bases(edition: EditionRef) -> tuple[str, ...]:
    """The share bases a snapshot supports."""
    snap = snapshot.resolve(edition, tuple(BASES))
    return BASES[snap.kind]


def resolve_actor(name: str, known: pd.Series | None = None) -> str:
    """Canonical name for a user's *name* (forgiving: case, ISO3, aliases).

    Raises
    ------
    UnknownActorError
        With "did you mean" suggestions.
    """
    if name.strip().lower() in ("all", "world"):
        return "All"
    return countries.lookup(name).canonical_name


def shares(recipient: str, start: int, end: int, *, edition: EditionRef = None,
           basis: Literal["total", "rows", "register"] | None = None) -> pd.DataFrame:
    """Every supplier's share of *recipient*'s imports over ``start``–``end``, with bounds.

    Parameters
    ----------
    recipient
        Any spelling the actor map knows ("Armenia", "ARM", "armenia"); ``"All"`` for the world.
    start, end
        Window, inclusive.
    edition
        Generated date, snapshot name or path.  Default: 2022-04-22 for the ``total``/``rows``
        bases, 2024-10-13 for ``register``.
    basis
        ``total``, ``rows`` or ``register`` (see :mod:`armsdata.analysis`); default: the first the
        edition supports.

    Returns
    -------
    pandas.DataFrame
        Columns ``recipient, supplier, tiv, tiv_low, tiv_high, share, low, high, basis, window,
        edition, assumption``; shares in per cent; sorted by share.

    Raises
    ------
    UnknownActorError, SnapshotError, ChecksumError, NoDataError, ValueError
    """
    name = resolve_actor(recipient)
    if edition is None:
        edition = DEFAULT_REGISTER_EDITION if basis == "register" else DEFAULT_TIV_EDITION
    snap = snapshot.resolve(edition, tuple(BASES))
    supported = BASES[snap.kind]
    basis = basis or supported[0]
    if basis not in supported:
        raise ValueError(f"edition {snap.edition} ({snap.name}, a {snap.kind} snapshot) supports the "
                         f"bases {list(supported)}, not {basis!r}.")
    if basis == "register":
        reg = register(snap.path)
        return analysis.register_shares(reg, name, start, end, edition=snap.edition)
    t = tiv(snap.path)
    return analysis.tiv_shares(t.rows, t.totals, name, start, end, basis=basis, edition=snap.edition)


def shares_all_bases(recipient: str, start: int, end: int,
                     editions: tuple[EditionRef, ...] = (DEFAULT_TIV_EDITION, DEFAULT_REGISTER_EDITION)
                     ) -> pd.DataFrame:
    """:func:`shares` on every basis of every given edition, stacked (skipping empty ones)."""
    frames = []
    for ed in editions:
        for b in available_bases(ed):
            try:
                frames.append(shares(recipient, start, end, edition=ed, basis=b))
            except NoDataError as exc:
                log.info("%s", exc)
    if not frames:
        raise NoDataError(f"no deliveries to {recipient!r} in {start}-{end} in any of {editions}.")
    return pd.concat(frames, ignore_index=True)


def supplier_share(recipient: str, supplier: str, start: int, end: int,
                   editions: tuple[EditionRef, ...] = (DEFAULT_TIV_EDITION, DEFAULT_REGISTER_EDITION)
                   ) -> pd.DataFrame:
    """One supplier's share on every basis: one row per (edition, basis)."""
    sup = resolve_actor(supplier)
    df = shares_all_bases(recipient, start, end, editions)
    out = []
    for (ed, b), g in df.groupby(["edition", "basis"], sort=False):
        hit = g[g["supplier"] == sup]
        if hit.empty:  # the supplier delivered nothing in the window: share 0, bounds 0
            row = g.iloc[0].copy()
            row[["supplier", "tiv", "tiv_low", "tiv_high", "share", "low", "high"]] = [sup, 0, 0, 0, 0, 0, 0]
            out.append(row)
        else:
            out.append(hit.iloc[0])
    return pd.DataFrame(out).reset_index(drop=True)


def recipients(edition: EditionRef = DEFAULT_TIV_EDITION) -> list[str]:
    """Every recipient with deliveries in an edition (canonical names, sorted)."""
    snap = snapshot.resolve(edition, tuple(BASES))
    df = register(snap.path) if snap.kind in REGISTER_KINDS else tiv(snap.path).rows
    return sorted(set(df["recipient"]) - {"All", "Total"})


def suppliers(edition: EditionRef = DEFAULT_TIV_EDITION) -> list[str]:
    """Every supplier with deliveries in an edition (canonical names, sorted)."""
    snap = snapshot.resolve(edition, tuple(BASES))
    df = register(snap.path) if snap.kind in REGISTER_KINDS else tiv(snap.path).rows
    return sorted(set(df["supplier"]) - {"All", "Total"})


def actor_list(edition: EditionRef = DEFAULT_TIV_EDITION,
               role: Literal["recipient", "supplier"] = "recipient") -> pd.DataFrame:
    """Every recipient (or supplier) with deliveries in an edition, with ISO3 code and actor type.

    Returns
    -------
    pandas.DataFrame
        ``name`` (canonical, sorted), ``iso3`` (empty where there is none), ``type`` (see
        :data:`armsdata.countries.ACTOR_TYPES`).
    """
    names = recipients(edition) if role == "recipient" else suppliers(edition)
    actors = [countries.lookup(n) for n in names]
    return pd.DataFrame({"name": names, "iso3": [a.iso3 or "" for a in actors],
                         "type": [a.type for a in actors]})


def world_export_shares(start: int, end: int, *, edition: EditionRef = DEFAULT_TIV_EDITION) -> pd.DataFrame:
    """Every supplier's share of world arms exports over the window, with rounding bounds.

    2022 edition (old site): each supplier's cells summed over every recipient's table, over the
    world table's ``Total`` row (world imports = world exports).  2024 edition (new site): SIPRI's
    exports-by-supplier table over its ``Total world export`` row.  Recipient is ``"World"``.
    """
    snap = snapshot.resolve(edition, tuple(BASES))
    if snap.kind in TIV_KINDS:
        t = tiv(snap.path)
        rows = t.rows[t.rows["supplier"] != "All"].assign(recipient=WORLD)
        totals = t.totals[t.totals["recipient"] == "Total"].assign(recipient=WORLD, supplier="Total")
    else:
        tables = world_tables(snap.path)
        if "exports" not in tables:
            raise SnapshotError(f"{snap.path}: no exports-by-supplier table for world shares.")
        rows = tables["exports"].rows.assign(recipient=WORLD)
        totals = tables["exports"].totals.assign(recipient=WORLD, supplier="Total")
    return analysis.tiv_shares(rows, totals, WORLD, start, end, basis="total", edition=snap.edition)


def exports(supplier: str, start: int, end: int, *, edition: EditionRef = DEFAULT_TIV_EDITION,
            n: int = 10) -> tuple[pd.Series, pd.DataFrame]:
    """A supplier's share of world exports over the window, and its main recipients.

    Returns
    -------
    (share, recipients)
        ``share``: the supplier's row of :func:`world_export_shares` (per cent, with bounds);
        ``recipients``: :func:`armsdata.analysis.main_recipients` (from the recipients' tables
        in a TIV edition, from the register's even split in a register edition).
    """
    sup = resolve_actor(supplier)
    world = world_export_shares(start, end, edition=edition)
    hit = world[world["supplier"] == sup]
    if hit.empty:
        raise NoDataError(f"{sup} has no exports in {start}-{end} in edition {world['edition'].iloc[0]}.")
    snap = snapshot.resolve(edition, tuple(BASES))
    if snap.kind in TIV_KINDS:
        rows = tiv(snap.path).rows
        rows = rows[rows["supplier"] != "All"]
    else:
        d = analysis.deal_window_tiv(register(snap.path), start, end)
        rows = d.assign(year=start, tiv=d["tiv_point"])[["recipient", "supplier", "year", "tiv"]]
    return hit.iloc[0], analysis.main_recipients(rows, sup, start, end, n=n)


def total_imports_by_year(recipient: str, start: int, end: int, *,
                          edition: EditionRef = DEFAULT_TIV_EDITION) -> pd.Series:
    """SIPRI's own total of *recipient*'s arms imports per year, as printed (TIV, millions).

    From a TIV edition (old site): the ``Total`` row of the recipient's table.  From a register
    edition (new site): the recipient's row of SIPRI's imports-by-recipient table.  Both are
    rounded to whole millions by SIPRI; a printed ``0`` (more than 0, less than 0.5) reads as 0
    here, as does a year without deliveries.

    Parameters
    ----------
    recipient
        Any spelling :func:`resolve_actor` knows.
    start, end
        Window, inclusive; every year of it is in the result.
    edition
        Generated date, snapshot name or path.

    Returns
    -------
    pandas.Series
        Indexed by ``year``, named by the edition's generated date.

    Raises
    ------
    UnknownActorError, SnapshotError, ValueError
    """
    if start > end:
        raise ValueError(f"window {start}-{end}: start year after end year.")
    name = resolve_actor(recipient)
    snap = snapshot.resolve(edition, tuple(BASES))
    if snap.kind in TIV_KINDS:
        t = tiv(snap.path).totals
        t = t[(t["recipient"] == name) & (t["supplier"] == "Total")]
    else:
        tables = world_tables(snap.path)
        if "imports" not in tables:
            raise SnapshotError(f"{snap.path}: no imports-by-recipient table; the register "
                                "edition's per-year totals come from that table.")
        t = tables["imports"].rows
        t = t[t["recipient"] == name]
    if t.empty:
        log.info("%s is not in the totals of edition %s; its imports read as 0.", name, snap.edition)
    t = t[t["year"].between(start, end)]
    out = t.groupby("year")["tiv"].sum().reindex(range(start, end + 1), fill_value=0.0)
    out.index.name = "year"
    out.name = snap.edition
    return out.astype(float)


def compare_total_imports(recipient: str, start: int, end: int,
                          editions: tuple[EditionRef, ...] = (DEFAULT_TIV_EDITION,
                                                              DEFAULT_REGISTER_EDITION)
                          ) -> pd.DataFrame:
    """*recipient*'s total imports per year in each edition, and how the last differs from the first.

    SIPRI revises its whole database every year, so one year's imports differ between editions.

    Returns
    -------
    pandas.DataFrame
        Index ``year``; one column per edition (its generated date; TIV, millions, as printed);
        ``difference`` = last edition minus first.

    Example
    -------
    >>> compare_total_imports("Armenia", 2016, 2020)  # doctest: +SKIP
    """
    cols = [total_imports_by_year(recipient, start, end, edition=ed) for ed in editions]
    out = pd.concat(cols, axis=1)
    out["difference"] = out.iloc[:, -1] - out.iloc[:, 0]
    out.attrs = {"recipient": resolve_actor(recipient), "unit": "SIPRI TIV, millions"}
    return out


def edition_summary() -> pd.DataFrame:
    """One row per snapshot under the data folder: name, kind, edition, files, verified."""
    df = pd.DataFrame(snapshot.inventory())
    df["verified"] = df.pop("problems") == 0
    df["manifest_sha256"] = df.pop("manifest_sha256").str[:12]
    return df


def process(out_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Write the tidy tables of every shipped edition to ``data/processed/`` (CSV).

    Reproducible from ``data/raw`` at any time; nothing reads them back implicitly.
    """
    out = Path(out_dir) if out_dir else snapshot.default_data_dir().parent / "processed"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for s in snapshot.find_snapshots():
        if s.kind in TIV_KINDS:
            t = tiv(s.path)
            for name, df in (("tiv-rows", t.rows), ("tiv-totals", t.totals)):
                p = out / f"{s.name}.{name}.csv"
                df.to_csv(p, index=False)
                written.append(p)
        if s.kind in REGISTER_KINDS:
            df = register(s.path).copy()
            if "delivery_years" in df.columns:
                df["delivery_years"] = df["delivery_years"].map(lambda t: "; ".join(map(str, t)))
            p = out / f"{s.name}.register.csv"
            df.to_csv(p, index=False)
            written.append(p)
    return written


__all__ = ["UnknownActorError", "actor_list", "available_bases", "compare_total_imports", "edition_summary",
           "exports", "process", "total_imports_by_year",
           "recipients", "register", "resolve_actor", "shares", "shares_all_bases",
           "supplier_share", "suppliers", "tiv", "world_export_shares", "world_tables"]
