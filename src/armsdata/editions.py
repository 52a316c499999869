"""Load SIPRI data editions: resolve and verify a snapshot once, then give its tidy tables.

An *edition* is one snapshot folder, named by SIPRI's generated date (``"2022-04-22"``), by the
folder's name, or by a path to any snapshot folder (a fetched one, too).  :func:`load` resolves
it and verifies every file against the manifest's sha256 once; the tables are parsed lazily, the
first time a query needs them, and memoised per snapshot path and the sha256 of its files, so a
changed file is never served from memory (and every read checks its bytes again).  The tidy
tables are also kept on disk between calls (:mod:`armsdata.cache`), keyed by the sha256 of the
raw files they were built from, checked again on every use: a changed file is never served from
the disk cache either.

What an edition can answer comes from the **layouts of its files** (see ``parse.sniff``), never
from the manifest's ``kind``:

=============================  ==========================================================
layout                         becomes
=============================  ==========================================================
``tiv-legacy``                 :attr:`Edition.tiv` (one recipient's imports by supplier)
``tiv-recipient-by-supplier``  :attr:`Edition.tiv` (recipient from the parser's
                               ``meta["recipient"]`` or the manifest entry's ``"recipient"``)
``tiv-legacy-from``            :attr:`Edition.tiv_exports` (one supplier's exports by
``tiv-supplier-by-recipient``  recipient; supplier from the title or the total row)
``tiv-imports-by-recipient``   :attr:`Edition.world_imports`
``tiv-legacy-to-all``
``tiv-exports-by-supplier``    :attr:`Edition.world_exports`
``tiv-legacy-from-all``
``tiv-legacy-categories``      :attr:`Edition.world_categories` (world exports by weapon
                               category)
``register``                   :attr:`Edition.register` (one row per deal)
``register-rtf``               :attr:`Edition.register` too, without TIV
                               (:attr:`Edition.register_has_tiv` False): deal lists and
                               delivery years only, never the ``register`` basis
``delivery-years``             :attr:`Edition.delivery_years` (one row per deal and year)
=============================  ==========================================================

Names are mapped to canonical names (:mod:`armsdata.countries`) through every name the actor
map knows: SIPRI's spellings, its former spellings (``renames.csv``), aliases and ISO3, so a
release that spells an actor another way ("United Arab Emirates", "Turkey") still holds that
actor; the names matched other than by SIPRI's current spelling are listed in
:attr:`Edition.mapped_names`.  A name the actor map lacks never blocks an edition: it is kept
as SIPRI spells it (without the ``*``/``**`` markers), typed by those markers or as
``unknown``, warned about once and listed in :attr:`Edition.unknown_actors`.

Questions over an edition (shares, changes, ranks) are :mod:`armsdata.queries`; the maths is
:mod:`armsdata.analysis`.

>>> from armsdata import editions
>>> ed = editions.load("2022-04-22")
>>> ed.coverage.label
'1950-2021'
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

import numpy as np
import pandas as pd

from armsdata import __version__, cache, conventions, countries, parse, releases, snapshot
from armsdata.conventions import ALL, HALF_UNIT, TOTAL, is_aggregate
from armsdata.errors import (ArmsDataError, CoverageError, NoDataError, ParseError, SnapshotError, UnknownActorError,
                             WindowError)

log = logging.getLogger(__name__)


#: File layouts that hold SIPRI data (a manifest also lists READMEs, code lists, raw API answers
#: beside their decoded CSV, ...), by the table they make.
#: Recipients' tables by supplier (:attr:`Edition.tiv`).
TIV_DETAIL_LAYOUTS = ("tiv-legacy", "tiv-recipient-by-supplier")
#: Suppliers' tables by recipient (:attr:`Edition.tiv_exports`).
TIV_EXPORT_LAYOUTS = ("tiv-legacy-from", "tiv-supplier-by-recipient")
WORLD_IMPORT_LAYOUTS = ("tiv-imports-by-recipient", "tiv-legacy-to-all")
WORLD_EXPORT_LAYOUTS = ("tiv-exports-by-supplier", "tiv-legacy-from-all")
CATEGORY_LAYOUTS = ("tiv-legacy-categories",)
TIV_LAYOUTS = (TIV_DETAIL_LAYOUTS + TIV_EXPORT_LAYOUTS + WORLD_IMPORT_LAYOUTS
               + WORLD_EXPORT_LAYOUTS + CATEGORY_LAYOUTS)
#: Registers: the classic one and the old site's RTF one (no TIV) make :attr:`Edition.register`.
REGISTER_LAYOUTS = ("register", "register-rtf")
DATA_LAYOUTS = TIV_LAYOUTS + REGISTER_LAYOUTS + ("delivery-years",)
#: Layouts whose tables are complete by construction (SIPRI's whole table as the old site or the
#: 2024 web interface sent it): their rows must add up to their total row when parsed.  The
#: current API's may be trimmed by whoever kept them: checked by the edition instead.
CHECKED_TOTALS_LAYOUTS = tuple(parse.LEGACY_TIV_BY_LAYOUT) + ("tiv-imports-by-recipient",
                                                              "tiv-exports-by-supplier")

Figure = Literal["share", "import-share", "flow", "change", "rank"]
FIGURES: tuple[str, ...] = ("share", "import-share", "flow", "change", "rank")
#: Which tables can answer each figure: ``detail`` (recipients' tables by supplier),
#: ``world-imports`` / ``world-exports`` (world tables), ``register``.
FIGURE_TABLES = {
    "share": ("detail", "world-exports", "register"),
    "import-share": ("world-imports", "register"),
    "flow": ("detail", "world-imports", "world-exports", "register"),
    "change": ("detail", "world-imports", "world-exports", "register"),
    "rank": ("detail", "world-imports", "world-exports", "register"),
    # the claims' newer figures (not listed per edition): a recipient's share of a supplier's
    # exports, the largest N exporters' or importers' combined share
    "export-share": ("detail", "register"),
    "top-share:exporters": ("world-exports", "register"),
    "top-share:importers": ("world-imports", "register"),
}
BASES = ("total", "rows", "register")
#: How listings name each kind of table.
TABLE_LABELS = {"detail": "recipients' tables by supplier", "world-imports": "world imports table",
                "world-exports": "world exports", "register": "register"}
#: What an edition lacking a kind of table (and a register with TIV, which answers them all)
#: cannot answer, for listings: table kind -> (the figures, the table it lacks).
TABLE_ANSWERS = {
    "detail": ("a supplier's share of one recipient's imports", "no recipients' tables by supplier"),
    "world-imports": ("recipients' shares of world imports", "no world imports table"),
    "world-exports": ("suppliers' shares of world exports", "no world exports table"),
}

_REGISTER_RANGE = re.compile(r"year range '(\d{4})' to '(\d{4})'")


# --------------------------------------------------------------------------------------------
# Coverage
# --------------------------------------------------------------------------------------------

def _is_year_number(x: Any) -> bool:
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


@dataclass(frozen=True)
class Coverage:
    """The years an edition covers by its own data.

    Attributes
    ----------
    first, last : int
        Covered years: from the first year of its tables / register title to the last year in
        which the edition records any delivery at all (2024-10-13 declares 1950–2024 but records
        no delivery in 2024: SIPRI's 2024 data came out in March 2025).
    declared_first, declared_last : int
        What the files declare: the year columns of the TIV tables, the register's title range.
    source : str
        Where the numbers come from, in words.
    edition : str
        The edition's generated date, for messages.
    """

    first: int
    last: int
    declared_first: int
    declared_last: int
    source: str
    edition: str = ""

    @property
    def label(self) -> str:
        """``"1950-2021"``."""
        return f"{self.first}-{self.last}"

    def check(self, start: Any, end: Any) -> None:
        """Raise :class:`~armsdata.errors.WindowError` unless ``start``–``end`` is a window of years."""
        for what, y in (("start", start), ("end", end)):
            if not _is_year_number(y):
                raise WindowError(f"window {start}-{end}: the {what} year {y!r} is not a whole "
                                  "number; give years like 2011.")
            if y < 0:
                raise WindowError(f"window {start}-{end}: the {what} year {y} is negative; give "
                                  "years like 2011.")
        if start > end:
            raise WindowError(f"window {start}-{end}: start year after end year; give "
                              "--from <= --to (start <= end).")

    def require(self, start: Any, end: Any, *, allow_partial: bool = False) -> str:
        """Check that the edition covers ``start``–``end``; return a coverage note.

        Returns
        -------
        str
            ``""`` when the window is fully covered; when it is partly covered and
            *allow_partial* is True, a note such as ``"partly covered: asked 2020-2024, edition
            2022-04-22 covers 1950-2021; computed over 2020-2021"`` that every output must carry.

        Raises
        ------
        WindowError
            Not a window (start after end, a year that is not a whole non-negative number).
        CoverageError
            The edition covers none of the window, or only part of it and *allow_partial* is
            False; the message names the edition and its coverage.
        """
        self.check(start, end)
        if end < self.first or start > self.last:
            raise CoverageError(
                f"window {start}-{end} is outside edition {self.edition}, which covers "
                f"{self.label} ({self.source}); choose years within it or another edition.")
        if start >= self.first and end <= self.last:
            return ""
        s, e = self.clip(start, end)
        if not allow_partial:
            raise CoverageError(
                f"window {start}-{end} is only partly covered by edition {self.edition}, which "
                f"covers {self.label} ({self.source}); narrow the window to {s}-{e}, or ask for "
                "the covered years explicitly (allow_partial=True; --allow-partial on the "
                "command line).")
        return (f"partly covered: asked {start}-{end}, edition {self.edition} covers "
                f"{self.label}; computed over {s}-{e}")

    def clip(self, start: int, end: int) -> tuple[int, int]:
        """The part of ``start``–``end`` the edition covers."""
        return max(start, self.first), min(end, self.last)


# --------------------------------------------------------------------------------------------
# Parsing, in one place
# --------------------------------------------------------------------------------------------

#: Parsed files, keyed by (resolved snapshot path, file, sha256 of its bytes).  Bounded: the
#: 2022 edition alone is 262 tables.
_PARSED: OrderedDict[tuple[str, str, str], tuple[Any, dict[str, Any]]] = OrderedDict()
_PARSED_MAX = 1024


def read_table(snap: snapshot.Snapshot, rel: str) -> tuple[Any, dict[str, Any]]:
    """Parse one data file of a snapshot: ``(table, meta)``; memoised by the file's sha256.

    The bytes are read with verification (:meth:`armsdata.snapshot.Snapshot.read`), so a file
    changed since :func:`load` raises :class:`~armsdata.errors.ChecksumError`.  ``table`` is a
    :class:`~armsdata.parse.TivTable` or a register DataFrame, with SIPRI's names; ``meta`` has
    ``layout`` and, for registers, ``years`` (the title's year range) where the title gives one.

    Raises
    ------
    ParseError, ChecksumError, SnapshotError
    """
    entry = snap.files[rel]
    layout = entry.get("layout", "")
    key = (str(snap.path.resolve()), rel, entry["sha256"])
    hit = _PARSED.get(key)
    if hit is not None:
        _PARSED.move_to_end(key)
        return hit
    data = snap.read(rel)
    source = f"{snap.path.name}/{rel}"
    if parse.looks_like_json(data):  # a fetched edition keeps SIPRI's API answers as sent
        data = parse.decode_api_response(data, source)
    meta: dict[str, Any] = {"layout": layout}
    parser = parse.PARSERS.get(layout)
    if parser is None:
        raise ParseError(f"{source}: layout {layout!r} has no parser in this armsdata (known: "
                         f"{sorted(parse.PARSERS)}); update armsdata.")
    # the current API's tables (recipient or supplier by the other) may be trimmed by whoever
    # kept them: whether their rows add up is checked by the edition, not refused here
    table = (parser(data, source, check_totals=True) if layout in CHECKED_TOTALS_LAYOUTS
             else parser(data, source))
    if isinstance(table, parse.TivTable) and table.meta.get("layout") != layout:
        raise ParseError(
            f"{source}: the manifest says layout {layout!r}, but the file is "
            f"{table.meta.get('layout')!r} ({table.meta.get('title', '')!r}); its rows would be "
            "read as the wrong side. The manifest was written by an older armsdata: write it "
            "again with the layout parse.sniff gives (scripts/embed_snapshots.py for a shipped "
            "snapshot).")
    if layout == "register-rtf":
        meta["years"] = tuple(table.attrs["years"])
    elif layout in ("register", "delivery-years"):
        text = parse.decode(data[:4000], source)
        m = _REGISTER_RANGE.search(text[:4000])
        if m:
            meta["years"] = (int(m.group(1)), int(m.group(2)))
    _PARSED[key] = (table, meta)
    while len(_PARSED) > _PARSED_MAX:
        _PARSED.popitem(last=False)
    return table, meta


# --------------------------------------------------------------------------------------------
# Editions
# --------------------------------------------------------------------------------------------

#: The layouts of the files each stored table of :class:`_Tables` is built from: the files whose
#: sha256 its disk cache key holds, and which are checked again whenever it is used.
_BUILT_FROM: dict[str, tuple[str, ...]] = {
    "tiv": TIV_DETAIL_LAYOUTS + ("tiv-exports-by-supplier",),
    "tiv_exports": TIV_EXPORT_LAYOUTS,
    "world_imports": WORLD_IMPORT_LAYOUTS,
    "world_exports": WORLD_EXPORT_LAYOUTS,
    "world_categories": CATEGORY_LAYOUTS,
    "register": REGISTER_LAYOUTS,
    "delivery_years": ("delivery-years",),
    "per_year_years": ("delivery-years",),
    "coverage": DATA_LAYOUTS,
}


def _source_bytes(module: Any) -> bytes:
    """A module's source, for cache keys: editing the parser must not serve old tables."""
    try:
        return Path(module.__file__).read_bytes()
    except (OSError, TypeError, AttributeError):  # no source beside it (a zip, a frozen app)
        return f"{module.__name__} {__version__}".encode()


def _parsers() -> list[tuple[str, str, str]]:
    """The parser functions and settings in force (by name), for cache keys: a parser swapped in
    at run time (a test's stand-in) must not fill the cache with its tables."""
    fns = {"PARSERS." + k: f for k, f in parse.PARSERS.items()}
    fns.update({n: getattr(parse, n) for n in ("parse_register", "parse_delivery_years",
                                               "parse_tiv_legacy", "parse_tiv_new")})
    out = [(n, getattr(f, "__module__", "?"), getattr(f, "__qualname__", repr(f)))
           for n, f in sorted(fns.items())]
    out += [(k, type(v).__name__, repr(v)) for k, v in sorted(vars(parse).items())
            if k.isupper() and isinstance(v, (bool, int, float, str))]
    return out


def _stored(build):
    """Like ``cached_property``, and kept in the disk cache (:mod:`armsdata.cache`) too.

    The value is computed once per :class:`_Tables`; a new process finds it on disk under a key
    made from the sha256 of the files it is built from (:data:`_BUILT_FROM`, verified again on
    every use), the manifest, and the code and actor map that build it.
    """
    name = build.__name__

    @functools.wraps(build)
    def get(self: _Tables):
        return self.stored(name, build)
    return cached_property(get)


class _Tables:
    """The tidy tables of one verified snapshot, built lazily (memoised per edition key, and on
    disk between processes: :func:`_stored`)."""

    def __init__(self, snap: snapshot.Snapshot):
        self.snap = snap
        # the edition's names not matched by SIPRI's current spelling: spelling -> name, type,
        # how ("unknown" where the map lacks it, else countries.MatchKind), via, where
        self.names: dict[str, dict[str, Any]] = {}
        self._warned: set[str] = set()
        self.memo: dict[str, Any] = {}  # derived facts (bases, recipients with tables), per edition
        self._code_key: str | None = None
        self._manifest_key: tuple[snapshot.Snapshot, str] | None = None

    # ---------------------------------------------------------------- files
    def files(self, *layouts: str) -> list[str]:
        return [rel for rel, e in sorted(self.snap.files.items()) if e.get("layout") in layouts]

    # ---------------------------------------------------------------- disk cache
    def cache_key(self, name: str) -> str:
        """The disk cache key of the stored table *name*, after checking the bytes of the files
        it is built from against the manifest (each file the first time this process uses it,
        on a cache hit as on a parse; :func:`load` checks every file on every call).

        Raises
        ------
        ChecksumError, SnapshotError
            A file changed or went missing since the snapshot was recorded (as a parse would).
        """
        rels = self.files(*_BUILT_FROM[name])
        self.snap.check(rels)  # verified by load() in this call unless changed since
        hashes = [(rel, self.snap.files[rel]["sha256"]) for rel in rels]
        if self._code_key is None:
            # what turns the bytes into these tables: the parser, this module, the actor map
            # (as countries reads it, so a swapped map is seen), and the libraries behind them
            self._code_key = cache.make_key(
                __version__, sys.version, pd.__version__, np.__version__,
                *(_source_bytes(m) for m in (parse, conventions, countries, sys.modules[__name__])),
                *countries.map_texts())
        if self._manifest_key is None or self._manifest_key[0] is not self.snap:
            # the manifest's other fields count too (a file's "recipient", the edition's query)
            text = json.dumps(self.snap.manifest, sort_keys=True, ensure_ascii=False)
            self._manifest_key = (self.snap, snapshot.sha256(text.encode("utf-8")))
        return cache.make_key("editions._Tables", name, self._code_key, _parsers(),
                              self._manifest_key[1], self.snap.edition, hashes)

    def stored(self, name: str, build) -> Any:
        """The table *name*: from the disk cache if it holds it for these bytes, else built by
        ``build(self)`` and stored.  Names matched other than by SIPRI's current spelling, and
        names the actor map lacks, are recorded either way; the latter are warned about once
        per edition."""
        key = self.cache_key(name)
        hit = cache.load(key)
        if isinstance(hit, tuple) and len(hit) == 3 and hit[0] == name:
            _, value, names = hit
            self._merge_names(names)
            self._warn([n for n, r in names.items()
                        if r["how"] == "unknown" and n not in self._warned])
            return value
        outer, self.names = self.names, {}  # collect the names this table brings
        try:
            value = build(self)
        finally:
            names, self.names = self.names, outer
            self._merge_names(names)
        cache.store(key, (name, value, names))
        return value

    def _merge_names(self, records: dict[str, dict[str, Any]]) -> None:
        for n, r in records.items():
            rec = self.names.setdefault(n, {**r, "where": []})
            rec["where"] += [w for w in r["where"] if w not in rec["where"]]

    # ---------------------------------------------------------------- names
    def canon(self, values: pd.Series, where: str) -> pd.Series:
        """Canonical names for SIPRI's spellings; a spelling the map lacks is kept and listed."""
        new: list[str] = []
        mapping = {str(n): self.canonical(str(n), where, new) for n in pd.unique(values)}
        self._warn(new)
        return values.map(mapping)

    def canonical(self, name: str, where: str, new: list[str] | None = None) -> str:
        """One SIPRI spelling's canonical name (see :meth:`canon`), matched through every name
        the actor map knows (:func:`armsdata.countries.match`); *new* collects the names the
        map lacks, to warn about (warned at once if None)."""
        if name in (ALL, TOTAL, "Total world import", "Total world export"):
            return name
        found = countries.match(name)
        if found is not None and found.how == "sipri":
            return found.actor.canonical_name
        if found is None:
            actor, how, via = countries.unmapped_actor(name), "unknown", ""
        else:
            actor, how, via = found.actor, found.how, found.via
        rec = self.names.setdefault(name, {"name": actor.canonical_name, "sipri_name": name,
                                           "type": actor.type, "how": how, "via": via,
                                           "where": []})
        if where not in rec["where"]:
            rec["where"].append(where)
        if found is None and name not in self._warned:
            if new is None:
                self._warn([name])
            else:
                new.append(name)
        return actor.canonical_name

    def _warn(self, names: list[str]) -> None:
        if names:
            self._warned.update(names)
            log.warning("edition %s (%s): %d name(s) not in the actor map, kept as SIPRI spells "
                        "them: %s; add them to %s", self.snap.edition, self.snap.path.name,
                        len(names), ", ".join(names), countries.ACTORS_CSV)

    def _canon_frame(self, df: pd.DataFrame, source: str) -> pd.DataFrame:
        df = df.copy()
        for col in ("recipient", "supplier"):
            if col in df.columns and len(df):
                df[col] = self.canon(df[col], f"{source} ({col})")
        return df

    # ---------------------------------------------------------------- TIV tables
    def _detail_recipient(self, rel: str, table: parse.TivTable) -> str | None:
        entry = self.snap.files[rel]
        name = table.meta.get("recipient") or entry.get("recipient")
        if not name and entry.get("layout") == "tiv-exports-by-supplier":
            name = (self.snap.manifest.get("query") or {}).get("recipient")
        if not name or str(name).strip().lower() == "all":
            return None
        return self._named(rel, str(name), "recipient")

    def _named(self, rel: str, name: str, side: str) -> str:
        """The canonical name of the one actor a table is of (its title, total row or manifest)."""
        if countries.sipri_actor(name) is None:
            try:  # a manifest may give the recipient as a person typed it ("armenia")
                return countries.lookup(name).canonical_name
            except UnknownActorError:
                pass
        return self.canonical(name, f"{rel} ({side})")

    def _one_side_tables(self, layouts: tuple[str, ...], side: str
                         ) -> list[tuple[str, parse.TivTable, str]]:
        """``(file, table, canonical name)`` of the tables of one actor by the other side:
        *side* ``recipient`` (recipients' tables by supplier) or ``supplier``."""
        out = []
        for rel in self.files(*layouts):
            table, _ = read_table(self.snap, rel)
            layout = self.snap.files[rel].get("layout")
            if side == "recipient":
                name = self._detail_recipient(rel, table)
                if layout == "tiv-exports-by-supplier" and name is None:
                    continue  # a world exports table: see world_exports
            else:
                given = table.meta.get("supplier") or self.snap.files[rel].get("supplier")
                name = self._named(rel, str(given), "supplier") if given else None
            if name is None:
                raise SnapshotError(f"{self.snap.path / rel}: a {layout} table without a "
                                    f"{side} (no title or total row naming one, no {side!r} in "
                                    "its manifest entry).")
            out.append((rel, table, name))
        return out

    def _detail(self, layouts: tuple[str, ...], side: str) -> parse.TivTable | None:
        """One actor's tables by the other side, as one long table with canonical names: rows
        (``recipient, supplier, year, tiv, below_half``), each actor's printed total row (the
        other side ``"Total"``), SIPRI's printed window sums, and ``meta["incomplete"]``."""
        other = "supplier" if side == "recipient" else "recipient"
        rows, totals, windows, window_totals, incomplete, files = [], [], [], [], [], []
        names_of: dict[str, set[str]] = {}  # file -> the other side's names, for unknown names
        for rel, table, name in self._one_side_tables(layouts, side):
            layout = self.snap.files[rel].get("layout")
            # the old site's tables were checked while parsing (check_totals); the current API's
            # may be trimmed to some rows, which makes the rows basis wrong for them
            if layout not in CHECKED_TOTALS_LAYOUTS and not _rows_add_up(table.rows, table.totals):
                incomplete.append(name)
            rows.append(table.rows.assign(**{side: name}))
            totals.append(table.totals.assign(**{side: name, other: TOTAL}))
            if table.window is not None:
                windows.append(table.window.assign(**{side: name}))
                window_totals.append(table.window_total.assign(**{side: name, other: TOTAL}))
            names_of[rel] = set(table.rows[other].unique())
            files.append(rel)
        if not rows:
            return None
        if incomplete:
            log.info("edition %s: the %s rows of %s do not add up to the total row; the rows basis "
                     "is refused for them", self.snap.edition, other, ", ".join(incomplete))
        out_rows = pd.concat(rows, ignore_index=True)
        # canonical names once for all tables; a name the map lacks is listed with its files
        unknown = {n for n in out_rows[other].unique() if countries.sipri_actor(n) is None
                   and not is_aggregate(n)}
        where = "; ".join(f"{rel} ({other})" for rel, names in names_of.items() if names & unknown)
        where = where or f"{side}s' tables ({other})"
        mapping = self.canon(pd.Series(out_rows[other].unique()), where)
        names = dict(zip(out_rows[other].unique(), mapping))
        out_rows[other] = out_rows[other].map(names)
        window = window_total = None
        if windows:
            window = pd.concat(windows, ignore_index=True)
            window[other] = window[other].map(names)
            window_total = pd.concat(window_totals, ignore_index=True)
        return parse.TivTable(out_rows, pd.concat(totals, ignore_index=True),
                              {"incomplete": sorted(set(incomplete)), "files": files},
                              (window, window_total))

    @_stored
    def tiv(self) -> parse.TivTable | None:
        return self._detail(TIV_DETAIL_LAYOUTS + ("tiv-exports-by-supplier",), "recipient")

    @_stored
    def tiv_exports(self) -> parse.TivTable | None:
        return self._detail(TIV_EXPORT_LAYOUTS, "supplier")

    def _world(self, layouts: tuple[str, ...]) -> parse.TivTable | None:
        for rel in self.files(*layouts):
            table, _ = read_table(self.snap, rel)
            if (self.snap.files[rel].get("layout") == "tiv-exports-by-supplier"
                    and self._detail_recipient(rel, table)):
                continue  # one recipient's table (a fetched edition's): see tiv
            window = None if table.window is None else self._canon_frame(table.window, rel)
            return parse.TivTable(self._canon_frame(table.rows, rel), table.totals.copy(),
                                  {**table.meta, "file": rel},
                                  (window, None if table.window_total is None else table.window_total.copy()))
        return None

    @_stored
    def world_imports(self) -> parse.TivTable | None:
        return self._world(WORLD_IMPORT_LAYOUTS)

    @_stored
    def world_exports(self) -> parse.TivTable | None:
        return self._world(WORLD_EXPORT_LAYOUTS)

    @_stored
    def world_categories(self) -> parse.TivTable | None:
        for rel in self.files(*CATEGORY_LAYOUTS):
            table, _ = read_table(self.snap, rel)
            return parse.TivTable(table.rows, table.totals, {**table.meta, "file": rel},
                                  (table.window, table.window_total))
        return None

    # ---------------------------------------------------------------- registers
    @_stored
    def register(self) -> pd.DataFrame | None:
        # the classic register where there is one; else the old site's RTF register, whose
        # files (one per armament category) are one register: its deals numbered anew
        for layout in REGISTER_LAYOUTS:
            frames = [self._canon_frame(read_table(self.snap, rel)[0], rel)
                      for rel in self.files(layout)]
            if frames:
                break
        else:
            return None
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if len(frames) > 1:
            df["deal"] = np.arange(len(df), dtype="int64")
        df.attrs = {}
        return df

    @_stored
    def delivery_years(self) -> pd.DataFrame | None:
        frames = [self._canon_frame(read_table(self.snap, rel)[0], rel)
                  for rel in self.files("delivery-years")]
        if not frames:
            return None
        df = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        dup = df.duplicated(["deal_id", "delivery_year"])
        if dup.any():  # chunks fetched with overlapping year ranges
            log.warning("edition %s: %d per-year rows repeat a deal and year of another file; "
                        "kept once", self.snap.edition, int(dup.sum()))
            df = df[~dup].reset_index(drop=True)
        df.attrs = {}
        return df

    @_stored
    def per_year_years(self) -> frozenset[int]:
        """The years the per-delivery-year files cover together (their titles' year ranges)."""
        out: set[int] = set()
        for rel in self.files("delivery-years"):
            table, meta = read_table(self.snap, rel)
            a, b = meta.get("years") or (int(table["delivery_year"].min()), int(table["delivery_year"].max()))
            out |= set(range(a, b + 1))
        return frozenset(out)

    # ---------------------------------------------------------------- coverage
    @_stored
    def coverage(self) -> Coverage:
        declared: list[tuple[int, int]] = []
        delivered: list[int] = []
        parts = []
        tiv_years: list[int] = []
        for rel in self.files(*TIV_LAYOUTS):
            table, _ = read_table(self.snap, rel)
            ys = table.meta.get("years") or []
            if ys:
                declared.append((min(ys), max(ys)))
                tiv_years += [min(ys), max(ys)]
            for f in (table.rows, table.totals):
                if len(f):
                    delivered.append(int(f["year"].max()))
        if tiv_years:
            parts.append(f"year columns of its TIV tables {min(tiv_years)}-{max(tiv_years)}")
        titles: dict[tuple[int, int], list[str]] = {}
        for layout, col in (("register", "delivery_years"), ("register-rtf", "delivery_years"),
                            ("delivery-years", "delivery_year")):
            for rel in self.files(layout):
                table, meta = read_table(self.snap, rel)
                if col == "delivery_years":
                    years = [y for ys in table[col] for y in ys]
                else:
                    years = table[col].dropna().astype(int).tolist()
                if "years" in meta:
                    declared.append(meta["years"])
                    titles.setdefault(tuple(meta["years"]), []).append(rel)
                elif years:
                    declared.append((min(years), max(years)))
                    parts.append(f"{rel} delivery years {min(years)}-{max(years)} (its title "
                                 "gives no year range)")
                if years:
                    delivered.append(max(years))
        parts += [f"{rels[0]} title {a}-{b}" if len(rels) == 1 else
                  f"the titles of its {len(rels)} register files {a}-{b}"
                  for (a, b), rels in titles.items()]
        if not declared:
            raise SnapshotError(f"{self.snap.path}: no SIPRI data file (layouts {list(DATA_LAYOUTS)}) "
                                "in its manifest; not a data edition.")
        d_first = min(a for a, _ in declared)
        d_last = max(b for _, b in declared)
        last = min(d_last, max(delivered)) if delivered else d_last
        if last < d_last:
            parts.append(f"no delivery recorded after {last}")
        return Coverage(d_first, last, d_first, d_last, "; ".join(parts), self.snap.edition)


def _rows_add_up(rows: pd.DataFrame, totals: pd.DataFrame) -> bool:
    """Whether each year's printed rows match the printed total within rounding (n cells: 0.5 (n + 1))."""
    s = rows.groupby("year")["tiv"].agg(["sum", "size"])
    t = totals.groupby("year")["tiv"].sum()
    both = s.join(t.rename("total"), how="outer").fillna(0.0)
    return bool((np.abs(both["sum"] - both["total"]) <= HALF_UNIT * (both["size"] + 1)).all())


def _mapped_label(sipri_name: str, name: str, how: str, via: str) -> str:
    """One line of :attr:`Edition.mapped_names` as listings print it:
    ``United Arab Emirates -> UAE (alias)``; a variant names the spelling it varies."""
    what = {"iso3": "ISO3", "variant": f"variant of {via!r}"}.get(how, how)
    return f"{sipri_name} -> {name} ({what})"


class Edition:
    """One verified snapshot: what it is, what it covers, what it can answer, and its tables.

    Made by :func:`load`; the tables are parsed on first use and shared between loads of the
    same unchanged snapshot.

    Attributes
    ----------
    name : str
        The snapshot's folder name (``sipri-tiv-2022-04-22``).
    edition : str
        SIPRI's generated date (``2022-04-22``), the name figures carry.
    path : pathlib.Path
    attribution : str
    layouts : dict
        File → layout, for the data files.
    """

    def __init__(self, snap: snapshot.Snapshot, tables: _Tables):
        self.snapshot = snap
        self._t = tables
        self.name = snap.name
        self.edition = snap.edition
        self.path = snap.path
        self.attribution = snap.manifest.get("attribution", "")
        self.layouts = {rel: e.get("layout") for rel, e in sorted(snap.files.items())
                        if e.get("layout") in DATA_LAYOUTS}
        self._derived = tables.memo  # derived facts (bases, indexes): shared by loads of it

    def __repr__(self) -> str:
        return f"Edition({self.edition!r}, {self.name!r})"

    @property
    def release(self) -> releases.Release:
        """The SIPRI release the edition belongs to: the one in force on its generated date,
        cross-checked with the last year its data cover (:func:`armsdata.releases.of_export`).

        Raises
        ------
        ReleaseError
            Its data reach past the release of its generated date (a wrong date, or a release
            ``releases.csv`` lacks).
        """
        return self.derived("release", lambda: releases.of_export(
            self.edition, self.coverage.last, where=f"edition {self.edition} ({self.name})"))

    @property
    def label(self) -> str:
        """How outputs name the edition: ``"2024 release, edition 2024-10-13"``."""
        return f"{self.release.label}, edition {self.edition}"

    # ---------------------------------------------------------------- what it has
    def has(self, layout: str) -> bool:
        """Whether any file of the edition has *layout*."""
        return layout in self.layouts.values()

    @property
    def tiv(self) -> parse.TivTable | None:
        """Recipients' TIV tables by supplier, one long form; None if the edition has none.

        ``rows``: ``recipient, supplier, year, tiv, below_half`` (canonical names); ``totals``:
        each recipient's printed total row (``supplier == "Total"``); ``meta["incomplete"]``:
        the recipients whose rows do not add up to their total (a trimmed table).
        """
        return self._t.tiv

    @property
    def tiv_exports(self) -> parse.TivTable | None:
        """Suppliers' TIV tables by recipient, one long form; None if the edition has none.

        The old site's ``TIV of arms exports from <supplier>`` and the current API's ``Total
        imports from <supplier>`` tables: ``rows`` ``recipient, supplier, year, tiv,
        below_half`` (canonical names); ``totals``: each supplier's printed total row
        (``recipient == "Total"``); ``window``/``window_total``: SIPRI's printed window sums;
        ``meta["incomplete"]``: the suppliers whose rows do not add up to their total.
        """
        return self._t.tiv_exports

    @property
    def world_imports(self) -> parse.TivTable | None:
        """Every recipient's total imports per year (``supplier == "All"``) and the world's
        (``totals``); the new site's imports-by-recipient table, or the old site's ``to all``
        table (2022's ``ALL.csv``).  ``window``: SIPRI's printed window sums, as printed."""
        return self._t.world_imports

    @property
    def world_exports(self) -> parse.TivTable | None:
        """Every supplier's total exports per year (``recipient == "All"``) and the world's
        (``totals``): the new site's exports-by-supplier table or the old site's ``from all``."""
        return self._t.world_exports

    @property
    def world_categories(self) -> parse.TivTable | None:
        """World exports by SIPRI's weapon category (old site): ``rows`` and ``totals`` with
        ``category, year, tiv, below_half``; None without one.  Never actors."""
        return self._t.world_categories

    @property
    def register(self) -> pd.DataFrame | None:
        """The trade register (one row per deal, delivery years listed), or None: the classic
        one, or the old site's RTF one, which has no TIV (:attr:`register_has_tiv`)."""
        return self._t.register if self.has("register") or self.has("register-rtf") else None

    @property
    def register_has_tiv(self) -> bool:
        """Whether :attr:`register` carries SIPRI's TIV (the classic register does; the old
        site's RTF register lists deals, numbers and delivery years only)."""
        return self.has("register")

    @property
    def delivery_years(self) -> pd.DataFrame | None:
        """The per-delivery-year register (one row per deal and year, SIPRI's TIV per year), or None."""
        return self._t.delivery_years if self.has("delivery-years") else None

    @property
    def year_totals(self) -> pd.DataFrame | None:
        """Printed per-year totals by recipient (``recipient, year, tiv, below_half``) from the
        world imports table: what bounds the register's delivery split.  None without one."""
        w = self.world_imports
        return None if w is None else w.rows[["recipient", "year", "tiv", "below_half"]]

    @property
    def per_year_register(self) -> bool:
        """True if the register basis uses SIPRI's per-year values (a per-delivery-year register)."""
        return self.has("delivery-years")

    @property
    def coverage(self) -> Coverage:
        """The years the edition covers, from its own data (:class:`Coverage`)."""
        return self._t.coverage

    def per_year_covers(self, start: int, end: int) -> bool:
        """True if the per-delivery-year register covers ``start``–``end`` (its files' title
        ranges together): the register basis then uses SIPRI's per-year values."""
        if not self.per_year_register:
            return False
        return set(range(start, end + 1)) <= self._t.per_year_years

    def without_per_year(self) -> "Edition":
        """This edition with its per-delivery-year register set aside, every other table the
        same: its register basis is then the classic register's even split (bounded by the
        printed per-year totals), as on an edition without SIPRI's per-year values.  For showing
        what SIPRI's own per-year values change on one edition (``armsdata fetch edition``
        holds both registers).

        Raises
        ------
        NoDataError
            The edition has no classic trade register.
        """
        if not self.has("register"):
            raise NoDataError(f"edition {self.edition} ({self.name}) has no classic trade "
                              "register, so no even split of its deliveries.")
        view = Edition(self.snapshot, self._t)
        view.layouts = {rel: lay for rel, lay in self.layouts.items() if lay != "delivery-years"}
        view._derived = {}  # its bases and register cells differ from the whole edition's
        return view

    def derived(self, key: str, fn: Callable[[], Any]) -> Any:
        """``fn()``, computed once per edition under *key* (a fact derived from its tables: an
        index, a world table); later calls, and other loads of the same unchanged snapshot, get
        the same object, so callers must not change it."""
        if key not in self._derived:
            self._derived[key] = fn()
        return self._derived[key]

    @property
    def tiv_recipients(self) -> frozenset[str]:
        """The recipients that have a TIV table by supplier in this edition."""
        def f():
            t = self.tiv
            return frozenset() if t is None else frozenset(t.rows["recipient"].unique()) | frozenset(t.totals["recipient"].unique())
        return self.derived("tiv_recipients", f)

    def tiv_of(self, recipients: Iterable[str] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The rows and totals of the recipients' TIV tables (all for None), without a scan."""
        t = self.tiv
        if t is None or recipients is None:
            return (t.rows, t.totals) if t is not None else (None, None)
        ri = self.derived("tiv_row_index", lambda: t.rows.groupby("recipient", sort=False).indices)
        ti = self.derived("tiv_total_index", lambda: t.totals.groupby("recipient", sort=False).indices)
        names = list(recipients)

        def take(frame, index):
            parts = [index[n] for n in names if n in index]
            return frame.iloc[np.concatenate(parts)] if parts else frame.iloc[:0]
        return take(t.rows, ri), take(t.totals, ti)

    @property
    def tiv_is_exhaustive(self) -> bool:
        """True if the recipients' tables cover every recipient of the world imports table (the
        old site's 261 tables), so that a recipient without a table imported nothing and the
        tables together give every supplier's world exports."""
        def f():
            w = self.world_imports
            return bool(self.tiv_recipients) and w is not None and set(w.rows["recipient"].unique()) <= self.tiv_recipients
        return self.derived("tiv_is_exhaustive", f)

    def incomplete_recipients(self) -> list[str]:
        """Recipients whose TIV table's rows do not add up to its total (rows basis refused)."""
        t = self.tiv
        return [] if t is None else list(t.meta.get("incomplete", []))

    def _table_bases(self) -> dict[str, tuple[str, ...]]:
        return self.derived("table_bases", self._find_table_bases)

    def _find_table_bases(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        t = self.tiv
        if t is not None:
            complete = set(t.rows["recipient"].unique()) - set(t.meta.get("incomplete", []))
            out["detail"] = ("total", "rows") if complete else ("total",)
        if self.world_imports is not None:
            out["world-imports"] = ("total", "rows")
        if self.world_exports is not None or (self.tiv_is_exhaustive and not self.incomplete_recipients()):
            out["world-exports"] = ("total", "rows")
        if self.register_has_tiv or self.has("delivery-years"):  # never on the RTF register
            out["register"] = ("register",)
        return out

    def bases(self, figure: str) -> tuple[str, ...]:
        """The bases the edition supports for *figure* (``share``, ``import-share``, ``flow``,
        ``change``, ``rank``, ``export-share``, ``top-share:exporters``,
        ``top-share:importers``), in the order total, rows, register.

        Raises
        ------
        ValueError
            An unknown figure name (a programming error).
        """
        if figure not in FIGURE_TABLES:
            raise ValueError(f"figure {figure!r}; expected one of {list(FIGURE_TABLES)}")
        have = self._table_bases()
        found = {b for k in FIGURE_TABLES[figure] for b in have.get(k, ())}
        return tuple(b for b in BASES if b in found)

    def bases_in_order(self, start: int, end: int) -> tuple[str, ...]:
        """Every basis the edition has, named as :data:`armsdata.queries.BASIS_ORDER` names
        them: ``per-year`` for the register basis where SIPRI's per-year values cover
        ``start``–``end``."""
        have = {b for bs in self._table_bases().values() for b in bs}
        out = [b for b in BASES if b in have]
        if "register" in out and self.per_year_covers(start, end):
            out[out.index("register")] = "per-year"
        return tuple(out)

    def table_bases(self, table: str) -> tuple[str, ...]:
        """The bases one kind of table supports: ``detail``, ``world-imports``,
        ``world-exports`` or ``register``; empty if the edition lacks it."""
        return self._table_bases().get(table, ())

    # ---------------------------------------------------------------- names
    @property
    def unknown_actors(self) -> pd.DataFrame:
        """Names in the edition that the actor map lacks: ``name, sipri_name, type, where``.

        Parses every table of the edition (the names are in all of them).
        """
        return self._names(unknown=True, columns=["name", "sipri_name", "type", "where"])

    @property
    def mapped_names(self) -> pd.DataFrame:
        """Names in the edition that the actor map knows under another name than SIPRI's
        current spelling: ``sipri_name`` (as the edition writes it), ``name`` (the canonical
        name the tables hold), ``how`` (``rename``, ``variant``, ``alias``, ``iso3``: see
        :data:`armsdata.countries.MatchKind`), ``via`` (the map's name that matched),
        ``where``.

        Parses every table of the edition (the names are in all of them).

        Examples
        --------
        >>> load("2022-04-22").mapped_names.set_index("sipri_name").loc["Turkey", ["name", "how"]].tolist()
        ['Turkiye', 'rename']
        """
        return self._names(unknown=False,
                           columns=["sipri_name", "name", "how", "via", "where"])

    def _names(self, unknown: bool, columns: list[str]) -> pd.DataFrame:
        self._load_all()
        rows = [{**r, "where": "; ".join(r["where"])} for r in self._t.names.values()
                if (r["how"] == "unknown") == unknown]
        return pd.DataFrame(rows, columns=columns).sort_values(
            ["name", columns[0]], kind="mergesort").reset_index(drop=True)

    def _load_all(self) -> None:
        for attr in ("tiv", "tiv_exports", "world_imports", "world_exports", "register",
                     "delivery_years"):
            getattr(self._t, attr)

    def actors(self, role: Literal["recipient", "supplier"] = "recipient") -> pd.DataFrame:
        """Every recipient (or supplier) with deliveries in the edition: ``name, iso3, type``."""
        names: set[str] = set()
        for df in self._frames():
            if role in df.columns:
                names |= set(df[role].astype(str).unique())
        names -= {ALL, TOTAL, conventions.TOTAL_WORLD_IMPORT, conventions.TOTAL_WORLD_EXPORT}
        unknown = {r["name"]: r["type"] for r in self._t.names.values() if r["how"] == "unknown"}
        out = []
        for n in sorted(names):
            if n in unknown:
                out.append({"name": n, "iso3": "", "type": unknown[n]})
            else:
                a = countries.lookup(n)
                out.append({"name": n, "iso3": a.iso3 or "", "type": a.type})
        return pd.DataFrame(out, columns=["name", "iso3", "type"])

    def _frames(self) -> list[pd.DataFrame]:
        out = []
        for df in (self.register, self.delivery_years):
            if df is not None:
                out.append(df)
        for t in (self.tiv, self.tiv_exports):
            if t is not None:
                out.append(t.rows)
        if not out:
            for w in (self.world_imports, self.world_exports):
                if w is not None:
                    out.append(w.rows)
        return out

    def recipients(self) -> list[str]:
        """Every recipient with deliveries in the edition (canonical names, sorted)."""
        return list(self.actors("recipient")["name"])

    def suppliers(self) -> list[str]:
        """Every supplier with deliveries in the edition (canonical names, sorted)."""
        return list(self.actors("supplier")["name"])

    def known_names(self) -> set[str]:
        """Every actor name (recipient or supplier) in the edition's tables."""
        names: set[str] = set()
        for df in self._frames() + [w.rows for w in (self.world_imports, self.world_exports) if w is not None]:
            for c in ("recipient", "supplier"):
                if c in df.columns:
                    names |= set(df[c].astype(str).unique())
        return names - {ALL, TOTAL}

    def _other_tables(self) -> list[str]:
        """The tables that give no basis of their own, in words (for listings)."""
        out = []
        t = self.tiv_exports
        if t is not None:
            out.append(f"suppliers' tables by recipient ({', '.join(sorted(set(t.rows['supplier'])))})")
        if self.world_categories is not None:
            out.append("world exports by weapon category")
        if self.register is not None and not self.register_has_tiv:
            out.append(f"a register without TIV ({len(self.register):,} deals: deal lists, numbers "
                       "and delivery years only)")
        return out

    def cannot_answer(self) -> list[str]:
        """What the edition's files cannot answer, in words: the figures that none of its
        tables gives (a register with TIV gives them all), and what its register lacks."""
        have = self._table_bases()
        out = [] if have else ["no TIV figure at all (no TIV table, no register with TIV)"]
        if have and "register" not in have:
            out += [f"{what} ({lacks}, no register with TIV)"
                    for k, (what, lacks) in TABLE_ANSWERS.items() if k not in have]
        if (self.register_has_tiv and not self.per_year_register and self.year_totals is None):
            out.append("no printed per-year totals to bound the register's delivery split")
        return out

    def describe(self) -> dict[str, Any]:
        """One record for listings: edition, snapshot, coverage, bases per figure, unknown names."""
        unknown = self.unknown_actors
        return {"edition": self.edition, "release": self.release.label, "snapshot": self.name,
                "coverage": self.coverage.label,
                "bases": "; ".join(f"{f}: {', '.join(self.bases(f))}" for f in FIGURES if self.bases(f)),
                "tables": "; ".join(f"{TABLE_LABELS[t]}: {', '.join(b)}"
                                    for t, b in self._table_bases().items()) or "none",
                "register_basis": ("SIPRI's per-year values" if self.per_year_register else
                                   "even split" + (", bounded by printed per-year totals"
                                                   if self.year_totals is not None else ""))
                if self.register_has_tiv or self.has("delivery-years") else "",
                "also": "; ".join(self._other_tables()),
                "cannot": "; ".join(self.cannot_answer()),
                "unknown_actors": ", ".join(f"{r.name} ({r.type})" for r in unknown.itertuples()),
                # names the actor map knows under another name than SIPRI's current spelling
                "mapped_names": "; ".join(_mapped_label(r.sipri_name, r.name, r.how, r.via)
                                          for r in self.mapped_names.itertuples())}


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

_TABLES: OrderedDict[tuple[str, str], _Tables] = OrderedDict()
_TABLES_MAX = 16  # more than the shipped editions (9): a question asked of every release reloads none


def _key(snap: snapshot.Snapshot) -> tuple[str, str]:
    files = str(sorted((k, v["sha256"]) for k, v in snap.files.items()))
    return str(snap.path.resolve()), snapshot.sha256(files.encode())


def present(data_dir: str | os.PathLike[str] | None = None) -> list[snapshot.Snapshot]:
    """Every data edition's snapshot under *data_dir* (shipped and fetched), oldest generated
    date first (not verified yet: :func:`load` does that)."""
    snaps = [s for s in snapshot.find_snapshots(data_dir) if is_data_snapshot(s)]
    return sorted(snaps, key=lambda s: (s.edition, s.name))


def is_data_snapshot(snap: snapshot.Snapshot) -> bool:
    """True if the snapshot holds at least one SIPRI data file (by layout)."""
    return any(e.get("layout") in DATA_LAYOUTS for e in snap.files.values())


def resolve(ref: Any = None, *, data_dir: str | os.PathLike[str] | None = None) -> snapshot.Snapshot:
    """The snapshot an edition reference names (not yet verified).

    *ref*: SIPRI's generated date, a snapshot folder name, or a path to a snapshot folder;
    None: the newest data edition.

    Raises
    ------
    SnapshotError
        Nothing matches (the message lists the editions there are), or two snapshots share the
        generated date (:func:`armsdata.snapshot.pick`).
    """
    def why_not(snap: snapshot.Snapshot) -> str | None:
        return None if is_data_snapshot(snap) else (
            f"has no SIPRI data file (layouts {list(DATA_LAYOUTS)}) in its manifest; not a data "
            "edition.")
    return snapshot.pick(ref, why_not, "data edition", data_dir)


def load(ref: Any = None, *, data_dir: str | os.PathLike[str] | None = None) -> Edition:
    """Resolve and verify an edition once; its tables are parsed when first used.

    Parameters
    ----------
    ref
        SIPRI's generated date (``"2022-04-22"``), a snapshot folder name, a path to any
        snapshot folder, an :class:`Edition` (returned as it is), or None for the newest.
    data_dir
        The folder holding snapshot folders (default: :func:`armsdata.snapshot.default_data_dir`).

    Raises
    ------
    SnapshotError
        No such edition (the message lists those there are), or not a data snapshot.
    ChecksumError
        A file differs from its manifest.

    Examples
    --------
    >>> ed = load("2024-10-13")
    >>> ed.bases("share")
    ('total', 'rows', 'register')
    """
    if isinstance(ref, Edition):
        return ref
    snap = snapshot.require_verified(resolve(ref, data_dir=data_dir))
    key = _key(snap)
    tables = _TABLES.get(key)
    if tables is None:
        tables = _Tables(snap)
        _TABLES[key] = tables
        while len(_TABLES) > _TABLES_MAX:
            _TABLES.popitem(last=False)
    else:
        _TABLES.move_to_end(key)
        tables.snap = snap
    return Edition(snap, tables)


def edition_summary(*, details: bool = False,
                    data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per snapshot under the data folder: name, kind, edition, files, verified.

    With *details*, also each data edition's ``coverage``, ``bases`` per figure, how the
    ``register_basis`` splits deliveries, its ``unknown_actors`` and ``mapped_names`` (this
    parses every table: :meth:`Edition.describe`), and a ``problem`` where an edition cannot be
    read.
    """
    df = pd.DataFrame(snapshot.inventory(data_dir))
    df["verified"] = df.pop("problems") == 0
    df["manifest_sha256"] = df.pop("manifest_sha256").str[:12]
    if details:
        cols = ["release", "coverage", "tables", "bases", "register_basis", "also", "cannot",
                "unknown_actors", "mapped_names", "problem"]
        extra = []
        # inventory() lists find_snapshots() in its order; the folder, not the manifest's name
        for snap, ok in zip(snapshot.find_snapshots(data_dir), df["verified"]):
            if not is_data_snapshot(snap):
                extra.append({})
                continue
            if not ok:
                extra.append({"problem": "fails verification (armsdata verify)"})
                continue
            try:
                d = load(snap.path).describe()
            except ArmsDataError as exc:  # one unreadable edition does not hide the others
                extra.append({"problem": f"{type(exc).__name__}: {exc}"})
                continue
            extra.append({k: d[k] for k in cols[:-1]})
        details_df = pd.DataFrame([{c: str(r.get(c, "")) for c in cols} for r in extra], index=df.index)
        df = pd.concat([df, details_df], axis=1)
    return df


__all__ = ["Coverage", "Edition", "edition_summary", "is_data_snapshot", "load", "read_table",
           "resolve"]
