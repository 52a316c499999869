"""Questions over a loaded edition: shares, flows, changes, ranks and fact-sheet tables.

Every function takes a loaded :class:`armsdata.editions.Edition` (load it once with
:func:`armsdata.editions.load`), checks the window against the edition's coverage first
(:meth:`armsdata.editions.Coverage.require`), resolves names with :func:`resolve` and computes
the figure on a *basis* the edition supports (:func:`bases`; default: the first that can answer
it).  The arithmetic and its bounds are :mod:`armsdata.analysis`.

>>> from armsdata import editions, queries
>>> ed = editions.load("2022-04-22")
>>> e = queries.supplier_share(ed, "Armenia", "Russia", 2011, 2020)
>>> round(e.value, 2), e.feasible
(94.21, False)

Bases:

``total``
    SIPRI's printed (rounded) figures over its printed total row.  Bounds from rounding; the
    point can be infeasible (``feasible`` False) where rows and totals were rounded apart.
``rows``
    SIPRI's printed cells over the sum of the printed cells.
``register``
    A trade register: SIPRI's per-year values where the edition has a per-delivery-year register,
    otherwise an even split of each deal over its delivery years, bounded by the edition's
    printed per-year totals.

Names: an actor (any spelling :func:`armsdata.countries.lookup` knows, or a name the edition
holds that the actor map lacks), ``World``, or a :class:`Selection` of several actors (a group).
Absence is an answer where SIPRI's data are exhaustive: a supplier that delivered nothing has a
share of 0 with bounds 0–0; :class:`~armsdata.errors.NoDataError` only where a figure is
undefined (a recipient that imported nothing has no supplier shares).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from armsdata import analysis, countries, parse, regions
from armsdata.conventions import ALL, REGISTER_HALF_UNIT, TOTAL, WORLD
from armsdata.editions import BASES, Edition
from armsdata.errors import ArmsDataError, NoDataError, UnknownActorError, WindowError

log = logging.getLogger(__name__)

Basis = Literal["total", "rows", "register"]
PER_CENT = "per cent"
TIV = "TIV (millions)"
RANK = "rank"


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Estimate:
    """One figure with its bounds and everything needed to cite it.

    ``value`` is the point estimate (None when undefined, 0/0); ``low``/``high`` are
    mathematical bounds on the true value in the same unit; ``feasible`` is True when the point
    lies within them (False: a quotient of rounded figures that no unrounded data can give, or
    an undefined point).
    """

    value: float | None
    low: float
    high: float
    feasible: bool
    unit: str
    what: str
    edition: str
    basis: str
    window: str
    compare_window: str | None
    assumption: str
    coverage_note: str
    numerator: float | None = None
    denominator: float | None = None
    #: The SIPRI release of the edition (its year: 2024 for the spring 2024 release).
    release: int | None = None
    #: The same figure as SIPRI printed it, where its table prints one (a share of a window whose
    #: sum the table prints: ``41%`` is 41.0), shown beside the computed value; None elsewhere.
    sipri_value: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict (for JSON)."""
        return asdict(self)


@dataclass(frozen=True)
class RankResult:
    """The rank of one entity among others, with the range of ranks its bounds allow."""

    name: str
    rank: int | None
    best: int
    worst: int
    table: pd.DataFrame  # name, value, low, high, feasible, rank, best, worst (per cent)
    edition: str
    basis: str
    window: str
    among: str
    coverage_note: str
    assumption: str
    release: int | None = None

    @property
    def tied(self) -> bool:
        """True if the bounds allow more than one rank (tied within rounding or split)."""
        return self.best != self.worst

    def as_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("name", "rank", "best", "worst", "release", "edition",
                                          "basis", "window", "among", "coverage_note",
                                          "assumption")}
        d["table"] = self.table.to_dict(orient="records")
        return d


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """Who a query is about: one actor, the world, a SIPRI region, or a group of actors.

    ``members`` are canonical actor names; empty for the world (everyone).
    """

    name: str
    members: tuple[str, ...] = ()
    kind: Literal["actor", "world", "region", "group"] = "actor"

    @property
    def is_world(self) -> bool:
        return self.kind == "world"

    @property
    def is_group(self) -> bool:
        """A region or a hand-made group: several actors counted as one."""
        return self.kind in ("region", "group")

    def mask(self, names: pd.Series) -> np.ndarray:
        """Which of *names* belong to the selection."""
        if self.is_world:
            return np.ones(len(names), bool)
        return names.isin(self.members).to_numpy(bool)

    @property
    def possessive(self) -> str:
        return "the world's" if self.is_world else f"{self.name}'s"


def group(name: str, members: Sequence[str]) -> Selection:
    """A hand-made group of actors (canonical names) to use as recipient or supplier."""
    return Selection(name, tuple(members), "group")


def resolve(name: str | Selection, ed: Edition) -> Selection:
    """Who *name* means in edition *ed*: the world, a region, an actor, or (already) a selection.

    Forgiving as :func:`armsdata.countries.lookup` (case, spacing, accents, ISO3, aliases);
    ``World`` and ``All`` mean the world; SIPRI's regions and subregions
    (:mod:`armsdata.regions`) stand for their members among the edition's actors.  A name the
    actor map lacks is accepted if the edition holds it (as SIPRI spells it, markers aside); such
    a name belongs to no region.

    Raises
    ------
    UnknownActorError
        Nothing matches; the message has "did you mean" suggestions.
    """
    if isinstance(name, Selection):
        return name
    text = str(name).strip()
    if text.casefold() in (WORLD.casefold(), ALL.casefold()):
        return Selection(WORLD, (), "world")
    if regions.is_region(text):
        region = regions.lookup(text)
        unknown = set(ed.unknown_actors["name"])
        if unknown:
            log.info("%s: names not in the actor map are in no region: %s", region.name,
                     ", ".join(sorted(unknown)))
        members = regions.members(region, sorted(ed.known_names() - unknown))
        return Selection(region.name, tuple(members), "region")
    try:
        actor = countries.lookup(text)
    except UnknownActorError:
        key = countries.match_key(text)
        unknown = ed.unknown_actors
        hits = [n for n in unknown["name"] if countries.match_key(n) == key]
        if hits:
            return Selection(hits[0], (hits[0],), "actor")
        raise
    return Selection(actor.canonical_name, (actor.canonical_name,), "actor")


def _relabel(df: pd.DataFrame, column: str, sel: Selection) -> pd.DataFrame:
    """Members of a group take the group's name in *column* (their cells are then summed)."""
    if not sel.is_group or df.empty:
        return df
    df = df.copy()
    df[column] = np.where(df[column].isin(sel.members), sel.name, df[column].astype(str))
    return df


# --------------------------------------------------------------------------------------------
# Bases and windows
# --------------------------------------------------------------------------------------------

def bases(ed: Edition, figure: str) -> tuple[str, ...]:
    """The bases *ed* supports for *figure* (:meth:`armsdata.editions.Edition.bases`: which
    tables can answer it; a given recipient may still need one that is missing)."""
    return ed.bases(figure)


def _choose(ed: Edition, tables: Sequence[str], basis: str | None, what: str) -> tuple[str, str]:
    """(basis, table) for a question that *tables* (in order of preference) can answer."""
    offered: list[tuple[str, str]] = []
    for t in tables:
        for b in ed.table_bases(t):
            if b not in [o[0] for o in offered]:
                offered.append((b, t))
    order = {b: i for i, b in enumerate(BASES)}
    offered.sort(key=lambda o: order[o[0]])
    if not offered:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no table that gives {what} "
                          f"(its files: {sorted(set(ed.layouts.values()))}).")
    if basis is None:
        return offered[0]
    for b, t in offered:
        if b == basis:
            return b, t
    raise NoDataError(f"edition {ed.edition} ({ed.name}) supports the bases "
                      f"{[o[0] for o in offered]} for {what}, not {basis!r}.")


def _window(ed: Edition, start: Any, end: Any, allow_partial: bool) -> tuple[int, int, str]:
    note = ed.coverage.require(start, end, allow_partial=allow_partial)
    s, e = ed.coverage.clip(int(start), int(end))
    return s, e, note


def _window_pair(ed: Edition, window: Any, compare: Any, allow_partial: bool
                 ) -> tuple[tuple[int, int], tuple[int, int], str]:
    for w in (window, compare):
        if not (isinstance(w, (tuple, list)) and len(w) == 2):
            raise WindowError(f"window {w!r}: expected a pair (start, end) of years.")
    a, b, n1 = _window(ed, *window, allow_partial)
    c, d, n2 = _window(ed, *compare, allow_partial)
    return (a, b), (c, d), "; ".join(n for n in (n1, n2) if n)


# --------------------------------------------------------------------------------------------
# TIV tables: the cells a question needs
# --------------------------------------------------------------------------------------------

def _in_years(df: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    return df[df["year"].between(start, end)]


def _detail(ed: Edition, recipient: Selection, start: int, end: int, basis: str
            ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Recipients' table cells (and printed totals) for *recipient* in the window."""
    t = ed.tiv
    if t is None:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no recipients' TIV tables by supplier.")
    have = ed.tiv_recipients
    missing = [] if recipient.is_world else [m for m in recipient.members if m not in have]
    if missing and not ed.tiv_is_exhaustive:
        # tables fetched for some recipients only: a missing one is unknown, not zero
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no TIV table for "
                          f"{', '.join(missing)} (its tables: {', '.join(sorted(have))}).")
    all_rows, all_totals = ed.tiv_of(None if recipient.is_world else recipient.members)
    rows = _in_years(all_rows, start, end)
    rows = rows[~rows["supplier"].isin(analysis.AGGREGATE_SUPPLIERS)]
    if basis == "rows":
        bad = sorted(set(rows["recipient"]) & set(ed.incomplete_recipients()))
        if bad:
            raise NoDataError(f"edition {ed.edition} ({ed.name}): the supplier rows of "
                              f"{', '.join(bad)} do not add up to SIPRI's total row (the table lists "
                              "only some suppliers), so the rows basis would be wrong; use "
                              "basis 'total'.")
        return rows, None
    totals = _in_years(all_totals, start, end)
    totals = totals.assign(complete=~totals["recipient"].isin(ed.incomplete_recipients()))
    return rows, totals


def _world_exports(ed: Edition, start: int, end: int, basis: str
                   ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Suppliers' cells of world exports per year (block: year) and the world's printed total."""
    w = ed.world_exports
    if w is not None:
        rows = _in_years(w.rows, start, end).assign(recipient=WORLD)
        totals = _in_years(w.totals, start, end).assign(recipient=WORLD)
    else:  # old site: every recipient's table, over the world table's total row
        if not ed.tiv_is_exhaustive:
            raise NoDataError(f"edition {ed.edition} ({ed.name}) has no world exports table, and its "
                              "recipients' tables do not cover every recipient.")
        rows = _in_years(ed.tiv.rows, start, end)
        rows = rows[~rows["supplier"].isin(analysis.AGGREGATE_SUPPLIERS)].assign(recipient=WORLD)
        totals = _in_years(ed.world_imports.totals, start, end).assign(recipient=WORLD)
    return rows, (totals if basis == "total" else None)


def _world_imports(ed: Edition, start: int, end: int, basis: str
                   ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Recipients' total imports per year (entity: recipient; block: year) and the world's."""
    w = ed.world_imports
    if w is None:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no world imports table.")
    rows = _in_years(w.rows, start, end).assign(block=WORLD)
    totals = _in_years(w.totals, start, end).assign(block=WORLD)
    return rows, (totals if basis == "total" else None)


def _printed_sums(ed: Edition, recipient: Selection, start: int, end: int,
                  supplier_sel: Selection | None) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """SIPRI's own printed sums over exactly ``start``–``end`` in *recipient*'s tables, as cells
    and totals of one block per recipient (``year``: the window's first), with SIPRI's printed
    percentage; None unless every member's table prints a sum of that very window."""
    t = ed.tiv
    if recipient.is_world or t is None or t.window is None or t.window_total is None:
        return None
    members = list(recipient.members)

    def exact(df: pd.DataFrame) -> pd.DataFrame:
        df = df[(df["start"] == start) & (df["end"] == end) & df["recipient"].isin(members)]
        # a window printed twice ('2021-2025' and 'Sum total years' over the same years): once
        return df.drop_duplicates(["recipient", "supplier"]).assign(year=start)
    rows, totals = exact(t.window), exact(t.window_total)
    if set(totals["recipient"]) != set(members):
        return None
    rows = rows[~rows["supplier"].isin(analysis.AGGREGATE_SUPPLIERS)]
    if supplier_sel is not None:
        rows = _relabel(rows, "supplier", supplier_sel)
    return rows, totals.assign(complete=~totals["recipient"].isin(ed.incomplete_recipients()))


def _sum_shares(ed, recipient, start, end, supplier_sel, cells: pd.DataFrame
                ) -> tuple[pd.DataFrame, str]:
    """The ``total`` basis's shares: from the yearly cells, narrowed by SIPRI's printed window
    sums where the table prints the window asked about (and SIPRI's percentage beside them)."""
    printed = _printed_sums(ed, recipient, start, end, supplier_sel)
    if printed is None:
        return cells, analysis.ROUNDING
    rows, totals = printed
    sums = analysis.share_table(analysis.tiv_blocks(rows, totals))
    out = analysis.intersect_shares(cells, sums)
    # SIPRI's percentage is of one recipient's imports: shown for a single recipient only
    pct = rows.groupby("supplier")["percentage"].sum(min_count=1) if len(recipient.members) == 1 \
        else pd.Series(dtype=float)
    return out.assign(sipri_share=pct.reindex(out.index).to_numpy()), analysis.WINDOW_SUMS


def _blocks_detail(ed, recipient, supplier_sel, start, end, basis) -> analysis.Blocks:
    rows, totals = _detail(ed, recipient, start, end, basis)
    if supplier_sel is not None:
        _require_listed(ed, recipient, supplier_sel)
        rows = _relabel(rows, "supplier", supplier_sel)
    return analysis.tiv_blocks(rows, totals)


#: The words a shares table's ``coverage_note`` carries where its recipient's table lists only
#: some suppliers (:func:`is_trimmed`): no concentration index, no largest supplier from it.
TRIMMED = "lists only some suppliers"


def is_trimmed(shares_table: pd.DataFrame) -> bool:
    """Whether a :func:`shares` table comes from a table that lists only some suppliers."""
    notes = shares_table.get("coverage_note")
    return bool(notes is not None and notes.fillna("").astype(str).str.contains(TRIMMED).any())


def _trimmed(ed: Edition, recipient: Selection) -> list[str]:
    """*recipient*'s members whose table lists only some suppliers (its rows add up to less
    than its printed total): a supplier it does not list is unknown there, not zero."""
    if recipient.is_world:
        return []
    return sorted(set(recipient.members) & set(ed.incomplete_recipients()))


def _require_listed(ed: Edition, recipient: Selection, supplier: Selection) -> None:
    """Refuse a flow or share of *supplier* from a trimmed table that does not list it, and of
    any region or group: its members the table leaves out are not known, not zero."""
    trimmed = _trimmed(ed, recipient)
    if not trimmed:
        return
    if supplier.is_group:
        raise NoDataError(
            f"edition {ed.edition} ({ed.name}): the table of {', '.join(trimmed)} lists only "
            f"some suppliers (its rows add up to less than its printed total), so the members "
            f"of {supplier.name} it leaves out are not known, not zero. Use an edition with the "
            "whole table or a register.")
    rows, _ = ed.tiv_of(trimmed)
    names = set(supplier.members or (supplier.name,))
    missing = [r for r in trimmed if not names & set(rows.loc[rows["recipient"] == r, "supplier"])]
    if missing:
        raise NoDataError(
            f"edition {ed.edition} ({ed.name}): the table of {', '.join(missing)} lists only "
            f"some suppliers (its rows add up to less than its printed total), and "
            f"{supplier.name} is not among them: its deliveries there are not known, not zero. "
            "Use an edition with the whole table or a register.")


# --------------------------------------------------------------------------------------------
# Registers
# --------------------------------------------------------------------------------------------

def _per_year_for(ed: Edition, start: int, end: int) -> bool:
    """Whether the register basis uses SIPRI's per-year values for these years: where the
    edition's per-delivery-year register covers them, or where it has no classic register."""
    return ed.per_year_covers(start, end) or (ed.per_year_register and ed.register is None)


def _register_deals(ed: Edition, recipient: Selection) -> pd.DataFrame:
    reg = ed.register
    if reg is None:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no trade register.")
    if not ed.register_has_tiv:  # the old site's RTF register: deals and years, no TIV
        raise NoDataError(f"edition {ed.edition} ({ed.name}): its register has no TIV (the old "
                          "site's RTF register: deal lists and delivery years only); use "
                          "Edition.register for the deals, another edition for TIV.")
    return reg if recipient.is_world else reg[recipient.mask(reg["recipient"])]


def _year_totals(ed: Edition, deals: pd.DataFrame) -> pd.DataFrame | None:
    yt = ed.year_totals
    if yt is None:
        return None
    return yt[yt["recipient"].isin(set(deals["recipient"]))]


def _per_year(ed: Edition, recipient: Selection, start: int, end: int) -> pd.DataFrame:
    dy = ed.delivery_years
    d = dy if recipient.is_world else dy[recipient.mask(dy["recipient"])]
    return analysis.per_year_cells(d, start, end)


def _register_share(ed, recipient: Selection, start, end, entity="supplier",
                    entity_sel: Selection | None = None, selected_supplier: Selection | None = None
                    ) -> tuple[pd.DataFrame, str]:
    """Share table on the register basis: per-year values or the even split.

    *entity* ``supplier``: suppliers' shares of *recipient*'s imports; ``recipient``: recipients'
    shares of the imports of *recipient* (the world) from *selected_supplier* (default all).
    """
    if _per_year_for(ed, start, end):
        cells = _per_year(ed, recipient, start, end)
        if selected_supplier is not None:
            cells = cells[selected_supplier.mask(cells["supplier"])]
        if entity_sel is not None:
            cells = _relabel(cells, entity, entity_sel)
        if cells.empty:
            raise NoDataError("no deliveries")
        b = analysis.tiv_blocks(cells, None, entity=entity, half=REGISTER_HALF_UNIT)
        return analysis.share_table(b), analysis.SIPRI_SPLIT
    deals = _register_deals(ed, recipient).reset_index(drop=True)
    if entity == "recipient":  # recipients' amounts are independent: exact, per recipient
        selected = None if selected_supplier is None else selected_supplier.mask(deals["supplier"])
        if selected is not None:  # only the recipients of the selected deals matter
            deals = deals[deals["recipient"].isin(set(deals.loc[selected, "recipient"]))].reset_index(drop=True)
            selected = selected_supplier.mask(deals["supplier"])
        labels = deals["recipient"].to_numpy(object)
        if entity_sel is not None:
            labels = np.where(entity_sel.mask(deals["recipient"]), entity_sel.name, labels)
        amounts, assumption = analysis.register_recipient_amounts(
            deals, start, end, labels, selected=selected, year_totals=_year_totals(ed, deals))
        if amounts.empty:
            raise NoDataError("no deliveries")
        return analysis.independent_shares(amounts), assumption
    if entity_sel is not None:
        deals = _relabel(deals, entity, entity_sel)
    return analysis.register_share_table(deals, start, end, entity=entity,
                                         year_totals=_year_totals(ed, deals))


# --------------------------------------------------------------------------------------------
# Shares
# --------------------------------------------------------------------------------------------

def _no_deliveries(ed: Edition, sel: Selection, start: int, end: int, basis: str) -> NoDataError:
    return NoDataError(f"no deliveries to {sel.name!r} in {start}-{end} in edition {ed.edition} "
                       f"({ed.name}), basis {basis}: its suppliers' shares are undefined; check "
                       "the name and the years.")


def _share_table(ed: Edition, recipient: Selection, start: int, end: int, basis: str, table: str,
                 supplier_sel: Selection | None = None) -> tuple[pd.DataFrame, str]:
    """Suppliers' shares of *recipient*'s imports (index: supplier) and the assumption."""
    if basis == "register":
        try:
            return _register_share(ed, recipient, start, end, "supplier", supplier_sel)
        except NoDataError as exc:
            if ed.register is None and ed.delivery_years is None:
                raise
            raise _no_deliveries(ed, recipient, start, end, basis) from exc
    if recipient.is_world:
        rows, totals = _world_exports(ed, start, end, basis)
        if supplier_sel is not None:
            rows = _relabel(rows, "supplier", supplier_sel)
        b = analysis.tiv_blocks(rows, totals, block=("year",))
    else:
        b = _blocks_detail(ed, recipient, supplier_sel, start, end, basis)
    if len(b.entities) == 0:
        raise _no_deliveries(ed, recipient, start, end, basis)
    if basis == "total" and not recipient.is_world:
        return _sum_shares(ed, recipient, start, end, supplier_sel, analysis.share_table(b))
    return analysis.share_table(b), analysis.ROUNDING


def shares(ed: Edition, recipient: str | Selection, start: int, end: int, *,
           basis: Basis | None = None, allow_partial: bool = False) -> pd.DataFrame:
    """Every supplier's share of *recipient*'s arms imports over ``start``–``end``, with bounds.

    *recipient* ``World``: every supplier's share of world exports.

    Returns
    -------
    pandas.DataFrame
        One row per supplier, largest first: :data:`armsdata.analysis.SHARE_COLUMNS`
        (``recipient, supplier, tiv, tiv_low, tiv_high, share, low, high, denominator, basis,
        window, edition, assumption, feasible, unit, coverage_note``); shares in per cent.

    Raises
    ------
    WindowError, CoverageError, UnknownActorError
    NoDataError
        No deliveries to *recipient* in the window, or a basis the edition lacks.

    Examples
    --------
    >>> shares(ed, "Armenia", 2011, 2020).iloc[0][["supplier", "share"]].tolist()  # doctest: +SKIP
    ['Russia', 94.21]
    """
    sel = resolve(recipient, ed)
    s, e, note = _window(ed, start, end, allow_partial)
    tables = ("world-exports", "register") if sel.is_world else ("detail", "register")
    basis, table = _choose(ed, tables, basis, f"shares of {sel.possessive} arms imports")
    t, assumption = _share_table(ed, sel, s, e, basis, table)
    if table == "detail" and basis != "register" and _trimmed(ed, sel):
        listed = float(t["tiv"].sum())
        trim = (f"the table of {', '.join(_trimmed(ed, sel))} {TRIMMED}: their "
                f"rows add up to {listed:,.0f} of the {float(t['denominator'].iloc[0]):,.0f} "
                "printed as its total; the others are not listed, not zero")
        note = "; ".join(n for n in (note, trim) if n)
    out = t.rename_axis("supplier").reset_index()
    out.insert(0, "recipient", sel.name)
    out = out.assign(basis=basis, window=analysis.window_label(s, e), release=ed.release.year,
                     edition=ed.edition,
                     assumption=assumption, unit=PER_CENT, coverage_note=note)
    # sipri_share: SIPRI's own printed percentage, where the table prints one for this window
    return out.reindex(columns=analysis.SHARE_COLUMNS).reset_index(drop=True)


def supplier_share(ed: Edition, recipient: str | Selection, supplier: str | Selection,
                   start: int, end: int, *, basis: Basis | None = None,
                   allow_partial: bool = False) -> Estimate:
    """*supplier*'s share of *recipient*'s arms imports (per cent), with bounds.

    *recipient* ``World``: the supplier's share of world arms exports.  A supplier that delivered
    nothing in the window has share 0 with bounds 0–0.

    Raises
    ------
    NoDataError
        The recipient imported nothing in the window (the share is undefined).
    """
    rec, sup = resolve(recipient, ed), resolve(supplier, ed)
    s, e, note = _window(ed, start, end, allow_partial)
    tables = ("world-exports", "register") if rec.is_world else ("detail", "register")
    what = f"{sup.possessive} share of {rec.possessive} arms imports" if not rec.is_world \
        else f"{sup.possessive} share of world arms exports"
    basis, table = _choose(ed, tables, basis, what)
    if basis == "register" and not _per_year_for(ed, s, e):
        deals = _register_deals(ed, rec)
        lp = analysis.SplitLP(deals, frozenset(range(s, e + 1)), _year_totals(ed, deals))
        all_mask = np.ones(len(lp.deals), bool)
        sup_mask = sup.mask(lp.deals["supplier"])
        _, _, den_pt = lp.coefficients(all_mask, s, e)
        if den_pt <= 0 and lp.box(all_mask, s, e)[1] <= 0:
            raise _no_deliveries(ed, rec, s, e, basis)
        box = analysis.box_share(*lp.box(sup_mask, s, e), *lp.box(all_mask, s, e))
        r = lp.ratio((sup_mask, s, e), (all_mask, s, e), box=box)
        num = lp.coefficients(sup_mask, s, e)[2]
        value = None if r.point is None else 100 * r.point
        return _estimate(value, 100 * r.low, 100 * r.high, PER_CENT, what, ed, basis, s, e, None,
                         r.assumption, note, num, den_pt)
    t, assumption = _share_table(ed, rec, s, e, basis, table, supplier_sel=sup)
    if sup.name in t.index:
        r = t.loc[sup.name]
        est = _estimate(analysis.number_or_none(r["share"]), float(r["low"]), float(r["high"]), PER_CENT, what, ed,
                        basis, s, e, None, assumption, note, float(r["tiv"]), float(r["denominator"]))
        return replace(est, sipri_value=analysis.number_or_none(r.get("sipri_share")))
    den = float(t["denominator"].iloc[0])
    return _estimate(0.0 if den > 0 else None, 0.0, 0.0, PER_CENT, what, ed, basis, s, e, None,
                     assumption, note, 0.0, den)


def recipient_shares(ed: Edition, supplier: str | Selection, start: int, end: int, *,
                     basis: Basis | None = None, allow_partial: bool = False) -> pd.DataFrame:
    """Every recipient's share of *supplier*'s arms exports (its main clients), with bounds.

    Returns
    -------
    pandas.DataFrame
        One row per recipient, largest first: ``supplier, recipient, tiv, tiv_low, tiv_high,
        share, low, high, denominator, basis, window, edition, assumption, feasible, unit,
        coverage_note``.

    Raises
    ------
    NoDataError
        The supplier delivered nothing in the window, or the edition cannot split its exports by
        recipient (world tables only).
    """
    sup = resolve(supplier, ed)
    s, e, note = _window(ed, start, end, allow_partial)
    what = f"recipients' shares of {sup.possessive} arms exports"
    basis, table = _choose(ed, ("detail", "register"), basis, what)
    if basis == "register":
        try:
            t, assumption = _register_share(ed, Selection(WORLD, (), "world"), s, e, "recipient",
                                            selected_supplier=sup)
        except NoDataError:
            t, assumption = pd.DataFrame(), ""
    else:
        if not ed.tiv_is_exhaustive:
            raise NoDataError(f"edition {ed.edition} ({ed.name}) does not hold every recipient's "
                              f"table, so {sup.possessive} exports cannot be split by recipient.")
        rows, totals = _detail(ed, Selection(WORLD, (), "world"), s, e, basis)
        rows = _relabel(rows, "supplier", sup)
        b = analysis.tiv_blocks(rows, totals)
        target = np.flatnonzero(b.entities == sup.name)
        if len(target) == 0:
            t = pd.DataFrame()
        else:
            pt, lo, hi = b.entity_bounds(target)
            per = pd.DataFrame({"point": pt, "low": lo, "high": hi,
                                "recipient": b.blocks.get_level_values("recipient")})
            per = per.groupby("recipient")[["point", "low", "high"]].sum()
            per = per[per["high"] > 0]
            t = analysis.independent_shares(per)
        assumption = analysis.ROUNDING
    if t.empty:
        raise NoDataError(f"no deliveries from {sup.name!r} in {s}-{e} in edition {ed.edition} "
                          f"({ed.name}), basis {basis}.")
    out = t.rename_axis("recipient").reset_index()
    out.insert(0, "supplier", sup.name)
    out = out.assign(basis=basis, window=analysis.window_label(s, e), release=ed.release.year,
                     edition=ed.edition,
                     assumption=assumption, unit=PER_CENT, coverage_note=note)
    cols = ["supplier", "recipient"] + [c for c in analysis.SHARE_COLUMNS if c not in ("recipient", "supplier")]
    return out.reindex(columns=cols).reset_index(drop=True)


def import_share(ed: Edition, recipient: str | Selection, start: int, end: int, *,
                 basis: Basis | None = None, allow_partial: bool = False) -> Estimate:
    """*recipient*'s share of world arms imports (per cent), with bounds."""
    rec = resolve(recipient, ed)
    s, e, note = _window(ed, start, end, allow_partial)
    what = f"{rec.possessive} share of world arms imports"
    basis, table = _choose(ed, ("world-imports", "register"), basis, what)
    if basis == "register":
        t, assumption = _world_table(ed, "importers", s, e, basis, rec)
    else:
        rows, totals = _world_imports(ed, s, e, basis)
        rows = _relabel(rows, "recipient", rec)
        b = analysis.tiv_blocks(rows, totals, block=("block", "year"), entity="recipient")
        t, assumption = analysis.share_table(b), analysis.ROUNDING
    if rec.name in t.index:
        r = t.loc[rec.name]
        return _estimate(analysis.number_or_none(r["share"]), float(r["low"]), float(r["high"]), PER_CENT, what, ed,
                         basis, s, e, None, assumption, note, float(r["tiv"]), float(r["denominator"]))
    den = float(t["denominator"].iloc[0]) if len(t) else 0.0
    return _estimate(0.0 if den > 0 else None, 0.0, 0.0, PER_CENT, what, ed, basis, s, e, None,
                     assumption, note, 0.0, den)


# --------------------------------------------------------------------------------------------
# Flows and changes
# --------------------------------------------------------------------------------------------

def _flow_what(rec: Selection | None, sup: Selection | None) -> str:
    if sup is None:
        return "world arms imports" if rec is None or rec.is_world else f"{rec.possessive} arms imports"
    if rec is None or rec.is_world:
        return f"{sup.possessive} arms exports"
    return f"{sup.possessive} arms exports to {rec.name}"


def _flow_tables(rec: Selection | None, sup: Selection | None) -> tuple[str, ...]:
    if sup is None:
        if rec is None or rec.is_world:
            return ("world-imports", "register")
        return ("detail", "world-imports", "register")
    if rec is None or rec.is_world:
        return ("world-exports", "register")
    return ("detail", "register")


def _tiv_flow_blocks(ed: Edition, rec: Selection | None, sup: Selection | None, start: int,
                     end: int, basis: str, table: str) -> pd.DataFrame:
    """The flow per independent block (index: ..., year): point, low, high."""
    world = rec is None or rec.is_world
    if table == "detail":
        b = _blocks_detail(ed, rec, sup, start, end, basis)
        return analysis.flow_by_block(b, None if sup is None else [sup.name])
    if table == "world-imports":
        rows, totals = _world_imports(ed, start, end, basis)
        if world:
            b = analysis.tiv_blocks(rows, totals, block=("block", "year"), entity="recipient")
            return analysis.flow_by_block(b, None)
        rows = _relabel(rows, "recipient", rec)
        b = analysis.tiv_blocks(rows, totals, block=("block", "year"), entity="recipient")
        return analysis.flow_by_block(b, [rec.name])
    # world-exports: a supplier's exports
    w = ed.world_exports
    if w is not None:
        rows, totals = _world_exports(ed, start, end, basis)
        rows = _relabel(rows, "supplier", sup)
        b = analysis.tiv_blocks(rows, totals, block=("year",))
    else:  # old site: the supplier's cells in every recipient's table, each year's own total
        rows, totals = _detail(ed, Selection(WORLD, (), "world"), start, end, basis)
        b = analysis.tiv_blocks(_relabel(rows, "supplier", sup), totals)
    return analysis.flow_by_block(b, [sup.name])


def _select_years(blocks: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    years = blocks.index.get_level_values("year")
    return blocks[(years >= start) & (years <= end)]


def _register_mask(deals: pd.DataFrame, rec: Selection | None, sup: Selection | None) -> np.ndarray:
    """The deals (or per-year rows) of the flow from *sup* to *rec* (None or World: everyone)."""
    m = np.ones(len(deals), bool)
    if rec is not None and not rec.is_world:
        m &= rec.mask(deals["recipient"])
    if sup is not None and not sup.is_world:
        m &= sup.mask(deals["supplier"])
    return m


def _register_scope(ed: Edition, rec: Selection | None) -> pd.DataFrame:
    return _register_deals(ed, rec if rec is not None else Selection(WORLD, (), "world")).reset_index(drop=True)


def _flow_selections(ed: Edition, recipient: str | Selection | None,
                     supplier: str | Selection | None
                     ) -> tuple[Selection | None, Selection | None]:
    """The recipient and supplier of a flow: neither means the world's; a world supplier is
    every supplier (None)."""
    if recipient is None and supplier is None:
        recipient = WORLD
    rec = None if recipient is None else resolve(recipient, ed)
    sup = None if supplier is None else resolve(supplier, ed)
    return rec, (None if sup is not None and sup.is_world else sup)


def flow(ed: Edition, *, recipient: str | Selection | None = None,
         supplier: str | Selection | None = None, start: int, end: int,
         basis: Basis | None = None, allow_partial: bool = False) -> Estimate:
    """The TIV of arms delivered over ``start``–``end`` (millions), with bounds.

    *recipient* alone: its imports; *supplier* alone: its exports; both: the flow between them;
    ``World`` stands for everyone.  A flow that did not happen is 0 with bounds 0–0.
    """
    rec, sup = _flow_selections(ed, recipient, supplier)
    s, e, note = _window(ed, start, end, allow_partial)
    what = _flow_what(rec, sup)
    basis, table = _choose(ed, _flow_tables(rec, sup), basis, what)
    if basis == "register":
        if _per_year_for(ed, s, e):
            cells = _per_year(ed, rec or Selection(WORLD, (), "world"), s, e)
            m = _register_mask(cells, rec, sup)
            c = cells[m]
            lo, hi = analysis.cell_bounds(c["tiv"], c["below_half"], REGISTER_HALF_UNIT)
            return _estimate(float(c["tiv"].sum()), float(lo.sum()), float(hi.sum()), TIV,
                             what, ed, basis, s, e, None, analysis.SIPRI_SPLIT, note)
        deals = _register_scope(ed, rec)
        lp = analysis.SplitLP(deals, frozenset(range(s, e + 1)), _year_totals(ed, deals))
        r = lp.linear(_register_mask(lp.deals, rec, sup), s, e)
        return _estimate(r.point, r.low, r.high, TIV, what, ed, basis, s, e, None, r.assumption, note)
    blocks = _tiv_flow_blocks(ed, rec, sup, s, e, basis, table)
    pt, lo, hi = analysis.flow_sum(blocks)
    return _estimate(pt, lo, hi, TIV, what, ed, basis, s, e, None, analysis.ROUNDING, note)


def change(ed: Edition, *, recipient: str | Selection | None = None,
           supplier: str | Selection | None = None, window: tuple[int, int],
           compare_window: tuple[int, int], basis: Basis | None = None,
           allow_partial: bool = False) -> Estimate:
    """Per-cent change of a flow from *compare_window* to *window*: ``100 (F_window / F_compare - 1)``.

    The flow is a recipient's imports, a supplier's exports, or one supplier→recipient flow (see
    :func:`flow`).  Bounds: exact for the TIV bases (each block's rounding independent; years in
    both windows counted once); from the delivery-split program for the register.  ``value`` is
    None when the compare window's flow is 0; ``high`` is ``inf`` where it can be 0.
    """
    rec, sup = _flow_selections(ed, recipient, supplier)
    (a, b), (c, d), note = _window_pair(ed, window, compare_window, allow_partial)
    what = f"per-cent change in {_flow_what(rec, sup)}"
    basis, table = _choose(ed, _flow_tables(rec, sup), basis, what)
    lo_y, hi_y = min(a, c), max(b, d)
    if basis == "register" and not _per_year_for(ed, lo_y, hi_y):
        deals = _register_scope(ed, rec)
        years = frozenset(range(a, b + 1)) | frozenset(range(c, d + 1))
        lp = analysis.SplitLP(deals, years, _year_totals(ed, deals))
        m = _register_mask(lp.deals, rec, sup)
        r = lp.ratio((m, a, b), (m, c, d))
        num, den = lp.coefficients(m, a, b)[2], lp.coefficients(m, c, d)[2]
        point, low, high, assumption = r.point, r.low, r.high, r.assumption
    else:
        if basis == "register":
            cells = _per_year(ed, rec or Selection(WORLD, (), "world"), lo_y, hi_y)
            cells = cells[_register_mask(cells, rec, sup)].assign(entity="x")
            bl = analysis.tiv_blocks(cells, None, entity="entity", half=REGISTER_HALF_UNIT)
            blocks = analysis.flow_by_block(bl, None)
            assumption = analysis.SIPRI_SPLIT
        else:
            blocks = _tiv_flow_blocks(ed, rec, sup, lo_y, hi_y, basis, table)
            assumption = analysis.ROUNDING
        nb, db = _select_years(blocks, a, b), _select_years(blocks, c, d)
        point, low, high = analysis.ratio_bounds(nb, db)
        num, den = float(nb["point"].sum()), float(db["point"].sum())
    return Estimate(value=analysis.pct_change(point), low=analysis.pct_change(low),
                    high=analysis.pct_change(high),
                    feasible=bool(analysis.is_feasible(np.nan if point is None else point, low, high)),
                    unit=PER_CENT, what=what, release=ed.release.year, edition=ed.edition,
                    basis=basis,
                    window=analysis.window_label(a, b), compare_window=analysis.window_label(c, d),
                    assumption=assumption, coverage_note=note, numerator=num, denominator=den)


def total_imports_by_year(ed: Edition, recipient: str | Selection, start: int, end: int) -> pd.Series:
    """*recipient*'s printed total arms imports per year (TIV, millions), every year of the window.

    From its own table's total row where the edition has one, else from the world imports table;
    a printed ``0`` (below 0.5) and a year without deliveries read as 0.
    """
    rec = resolve(recipient, ed)
    s, e, _ = _window(ed, start, end, False)
    if ed.tiv is not None and (ed.tiv_is_exhaustive or set(rec.members) <= set(ed.tiv.totals["recipient"])):
        t = ed.tiv.totals
        t = t[rec.mask(t["recipient"])]
    elif ed.world_imports is not None:
        t = ed.world_imports.rows
        t = t[rec.mask(t["recipient"])]
    else:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) prints no total imports per year.")
    t = t[t["year"].between(s, e)]
    out = t.groupby("year")["tiv"].sum().reindex(range(s, e + 1), fill_value=0.0)
    out.index.name = "year"
    out.name = ed.edition
    return out.astype(float)


# --------------------------------------------------------------------------------------------
# Tables behind a figure: by year, by supplier, by deal (what the notebooks show)
# --------------------------------------------------------------------------------------------

#: How a register's deal is spread over the years of a window, per deal (a point, no bounds):
#: SIPRI's per-delivery-year values where the edition has them, else the even split.
DEALS_PER_YEAR = "SIPRI's per-delivery-year values"
DEALS_EVEN_SPLIT = "each deal's delivered TIV split evenly over its listed delivery years"
#: The layout of the third-party weapon-category table shipped with the 2022 edition (not raw
#: SIPRI: derived from SIPRI's export by lajh87/sipriarmsdata; see that snapshot's README).
CATEGORY_LAYOUT = "third-party-category"


def _by_year_frame(cells: pd.DataFrame, column: str, s: int, e: int) -> pd.DataFrame:
    """Wide table years (index, every year of the window) × *column* of summed ``tiv``,
    columns largest first (ties by name)."""
    wide = cells.pivot_table(index="year", columns=column, values="tiv", aggfunc="sum",
                             fill_value=0.0)
    wide = wide.reindex(range(s, e + 1), fill_value=0.0).astype(float)
    order = sorted(wide.columns, key=lambda c: (-float(wide[c].sum()), str(c)))
    wide = wide[order]
    wide.index.name = "year"
    wide.columns.name = column
    return wide


def _even_split_cells(deals: pd.DataFrame, s: int, e: int) -> pd.DataFrame:
    """The register's deals as cells of one deal and year: each deal's delivered TIV split
    evenly over its listed delivery years (the point of the ``register`` basis); the years of
    the window only."""
    d = deals[deals["delivery_years"].map(len) > 0]
    n = d["delivery_years"].map(len).to_numpy(float)
    tiv = d["tiv_delivered"].astype("float64").fillna(0.0).to_numpy()
    per = pd.DataFrame({"deal": d["deal"].to_numpy(), "recipient": d["recipient"].to_numpy(),
                        "supplier": d["supplier"].to_numpy(),
                        "year": d["delivery_years"].to_numpy(), "tiv": tiv / n})
    per = per.explode("year")
    per["year"] = per["year"].astype("int64")
    return per[per["year"].between(s, e)].reset_index(drop=True)


def _register_cells(ed: Edition, rec: Selection, s: int, e: int) -> tuple[pd.DataFrame, str]:
    """Deliveries to *rec* per deal and year on the edition's own register basis: SIPRI's
    per-year values where it has them, else the even split; and the assumption."""
    if _per_year_for(ed, s, e):
        dy = ed.delivery_years
        d = dy[rec.mask(dy["recipient"]) & dy["delivery_year"].between(s, e)]
        cells = pd.DataFrame({"deal": d["deal_id"].to_numpy(),
                              "recipient": d["recipient"].to_numpy(),
                              "supplier": d["supplier"].to_numpy(),
                              "year": d["delivery_year"].astype("int64").to_numpy(),
                              "tiv": d["tiv_delivered"].astype("float64").fillna(0.0).to_numpy()})
        return cells, DEALS_PER_YEAR
    return _even_split_cells(_register_deals(ed, rec), s, e), DEALS_EVEN_SPLIT


def imports_by_supplier(ed: Edition, recipient: str | Selection, start: int, end: int, *,
                        basis: Basis | None = None, allow_partial: bool = False) -> pd.DataFrame:
    """*recipient*'s arms imports by year (rows) and supplier (columns), TIV millions.

    Parameters
    ----------
    basis
        ``total`` or ``rows``: SIPRI's printed cells of the recipient's TIV table (a printed
        ``0``, below 0.5, reads as 0); ``register``: the trade register's deliveries per year,
        SIPRI's per-year values where the edition has them, else each deal split evenly over its
        delivery years.  Default: the first the edition supports.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (every year of the window), one column per supplier that delivered in it,
        largest first; ``attrs``: ``edition``, ``basis``, ``window``, ``unit``, ``assumption``,
        ``coverage_note``.

    Raises
    ------
    NoDataError
        The edition has no table by supplier for *recipient* (or not on *basis*).
    """
    rec = resolve(recipient, ed)
    if rec.is_world:
        raise NoDataError("imports_by_supplier: name a recipient (a country, a region or a "
                          "group); the world's imports by supplier are its suppliers' exports.")
    s, e, note = _window(ed, start, end, allow_partial)
    basis, _ = _choose(ed, ("detail", "register"), basis,
                       f"{rec.possessive} arms imports by supplier")
    if basis == "register":
        cells, assumption = _register_cells(ed, rec, s, e)
    else:
        rows, _ = _detail(ed, rec, s, e, "total")
        cells, assumption = rows, analysis.ROUNDING
    wide = _by_year_frame(cells, "supplier", s, e)
    wide.attrs = {"edition": ed.edition, "basis": basis, "window": analysis.window_label(s, e),
                  "unit": TIV, "assumption": assumption, "coverage_note": note}
    return wide


def rows_against_total(ed: Edition, recipient: str | Selection, start: int, end: int, *,
                       disagreeing_only: bool = True, allow_partial: bool = False) -> pd.DataFrame:
    """The years in which SIPRI's rounded supplier rows and its printed total row for
    *recipient* disagree (every year with *disagreeing_only* False).

    SIPRI rounds every cell of a TIV table on its own, so the printed rows of a year can add up
    to more or less than its printed total: where they do, the quotient of printed figures (the
    ``total`` basis) can lie outside the bounds that all the rounding constraints allow.

    Returns
    -------
    pandas.DataFrame
        ``year, rows, total, difference, cells``: the sum of the printed supplier cells, the
        printed total row (0 where SIPRI prints none), rows minus total, and how many supplier
        cells are printed; ``attrs``: ``edition``, ``recipient``, ``unit``.

    Raises
    ------
    NoDataError
        The edition has no recipients' TIV tables with a total row for *recipient*.
    """
    rec = resolve(recipient, ed)
    if rec.is_world:
        raise NoDataError("rows_against_total: name a recipient; the world table has no "
                          "supplier rows.")
    s, e, _ = _window(ed, start, end, allow_partial)
    rows, totals = _detail(ed, rec, s, e, "total")
    per = rows.groupby("year")["tiv"].agg(["sum", "size"])
    tot = totals.groupby("year")["tiv"].sum()
    years = pd.Index(range(s, e + 1), name="year")
    out = pd.DataFrame({"rows": per["sum"].reindex(years, fill_value=0.0).astype(float),
                        "total": tot.reindex(years, fill_value=0.0).astype(float),
                        "cells": per["size"].reindex(years, fill_value=0).astype("int64")})
    out["difference"] = out["rows"] - out["total"]
    out = out.reset_index()[["year", "rows", "total", "difference", "cells"]]
    if disagreeing_only:
        out = out[out["difference"] != 0].reset_index(drop=True)
    out.attrs = {"edition": ed.edition, "recipient": rec.name, "unit": TIV}
    return out


def flow_by_year(ed: Edition, *, recipient: str | Selection | None = None,
                 supplier: str | Selection | None = None, start: int, end: int,
                 basis: Basis | None = None, allow_partial: bool = False) -> pd.DataFrame:
    """:func:`flow` for each year of the window on its own: TIV, with each year's bounds.

    Each year's bounds hold for that year; they cannot all be reached at once (on the register
    basis, a deal's TIV moved into one year leaves another).

    Returns
    -------
    pandas.DataFrame
        ``year, value, low, high, feasible, basis, edition, assumption, what`` (TIV millions),
        one row per year.
    """
    s, e, _ = _window(ed, start, end, allow_partial)
    rows = []
    for y in range(s, e + 1):
        est = flow(ed, recipient=recipient, supplier=supplier, start=y, end=y, basis=basis)
        rows.append({"year": y, "value": est.value, "low": est.low, "high": est.high,
                     "feasible": est.feasible, "basis": est.basis, "edition": est.edition,
                     "assumption": est.assumption, "what": est.what})
    return pd.DataFrame(rows)


def _category(description: str, categories: Mapping[str, str] | None, other: str) -> str:
    if categories is None:
        return description
    key = " ".join(str(description).casefold().split())
    return categories.get(key, f"{other}{description}" if other.endswith(": ") else other)


def deals(ed: Edition, recipient: str | Selection, supplier: str | Selection, start: int,
          end: int, *, categories: Mapping[str, str] | None = None, other: str = "other: ",
          allow_partial: bool = False) -> pd.DataFrame:
    """*supplier*'s deals with *recipient* with a delivery in the window, with the TIV of each
    year of the window on the edition's own register basis.

    Parameters
    ----------
    categories
        SIPRI weapon description (case and spacing ignored) → category label, e.g. from
        :func:`armsdata.claims.tables.deal_categories`; a description it lacks gets *other*
        (followed by the description when *other* ends in ``": "``).  None: the category is
        SIPRI's description.

    Returns
    -------
    pandas.DataFrame
        One row per deal, by first delivery year and designation: ``deal, designation,
        description, category, order_year, order_year_uncertain, number_delivered,
        number_delivered_uncertain, delivery_years, delivery_years_uncertain, status,
        tiv_delivered, tiv_in_window``, then one column per year of the window (TIV millions in
        that year: SIPRI's per-year value, or the even split of the classic register).
        ``attrs``: ``edition``, ``window``, ``unit``, ``assumption``, ``coverage_note``.

    Raises
    ------
    NoDataError
        The edition has no register.
    """
    rec, sup = resolve(recipient, ed), resolve(supplier, ed)
    s, e, note = _window(ed, start, end, allow_partial)
    years = list(range(s, e + 1))
    if _per_year_for(ed, s, e):
        dy = ed.delivery_years
        d = dy[_register_mask(dy, rec, sup)]
        d = d.assign(tiv=d["tiv_delivered"].astype("float64").fillna(0.0),
                     year=d["delivery_year"].astype("Int64"))
        g = d.groupby("deal_id", sort=False)
        base = g.agg(designation=("designation", "first"), description=("description", "first"),
                     order_year=("order_year", "first"),
                     order_year_uncertain=("order_year_uncertain", "any"),
                     number_delivered=("number_delivered", "sum"),
                     number_delivered_uncertain=("number_delivered_uncertain", "any"),
                     delivery_years_uncertain=("delivery_year_uncertain", "any"),
                     status=("status", "first"), tiv_delivered=("tiv", "sum"))
        base["delivery_years"] = g["year"].agg(
            lambda ys: tuple(sorted(int(y) for y in ys.dropna())))
        base = base.rename_axis("deal").reset_index()
        cells = pd.DataFrame({"deal": d["deal_id"].to_numpy(), "year": d["year"].to_numpy(),
                              "tiv": d["tiv"].to_numpy()})
        assumption = DEALS_PER_YEAR
    else:
        reg = _register_deals(ed, rec)
        d = reg[_register_mask(reg, rec, sup)]
        base = d[["deal", "designation", "description", "order_year", "order_year_uncertain",
                  "number_delivered", "number_delivered_uncertain", "delivery_years",
                  "delivery_years_uncertain", "status"]].copy()
        base["tiv_delivered"] = d["tiv_delivered"].astype("float64").fillna(0.0).to_numpy()
        cells = _even_split_cells(d, min(years), max(years))
        assumption = DEALS_EVEN_SPLIT
    cells = cells[cells["year"].between(s, e)]
    per_year = (cells.pivot_table(index="deal", columns="year", values="tiv", aggfunc="sum",
                                  fill_value=0.0).reindex(columns=years, fill_value=0.0))
    base = base[base["deal"].isin(per_year.index)]
    base = base.assign(category=[_category(x, categories, other) for x in base["description"]],
                       first=base["delivery_years"].map(min))
    base = base.sort_values(["first", "designation", "deal"],
                            kind="mergesort").drop(columns="first")
    by_year = per_year.loc[base["deal"]].astype(float)
    by_year.columns = [int(y) for y in by_year.columns]
    out = base.reset_index(drop=True)
    out["tiv_in_window"] = by_year.sum(axis=1).to_numpy()
    out = pd.concat([out, by_year.reset_index(drop=True)], axis=1)
    cols = ["deal", "designation", "description", "category", "order_year", "order_year_uncertain",
            "number_delivered", "number_delivered_uncertain", "delivery_years",
            "delivery_years_uncertain", "status", "tiv_delivered", "tiv_in_window"] + years
    out = out[cols]
    out.attrs = {"edition": ed.edition, "window": analysis.window_label(s, e), "unit": TIV,
                 "assumption": assumption, "coverage_note": note}
    return out


def deliveries_by_category(ed: Edition, recipient: str | Selection, supplier: str | Selection,
                           start: int, end: int, *, categories: Mapping[str, str] | None = None,
                           other: str = "other", allow_partial: bool = False) -> pd.DataFrame:
    """*supplier*'s deliveries to *recipient* by year (rows) and category (columns), TIV
    millions, on the edition's own register basis (see :func:`deals`); every description that
    *categories* lacks is in one column *other*.  ``attrs`` as :func:`deals`."""
    d = deals(ed, recipient, supplier, start, end, categories=categories, other=other,
              allow_partial=allow_partial)
    s, e = (int(x) for x in d.attrs["window"].split("-"))
    cells = d.melt(id_vars=["category"], value_vars=list(range(s, e + 1)), var_name="year",
                   value_name="tiv")
    wide = _by_year_frame(cells.astype({"year": "int64"}), "category", s, e)
    wide.attrs = dict(d.attrs)
    return wide


def import_categories(ed: Edition, recipient: str | Selection, start: int, end: int
                      ) -> pd.DataFrame:
    """*recipient*'s imports by SIPRI weapon category and year, from the third-party category
    table an edition may ship (``third-party/import_category.csv`` of the 2022 edition: derived
    by a third party from SIPRI's export, not raw SIPRI), read through the snapshot's checksum.

    Returns
    -------
    pandas.DataFrame
        Index ``category`` (SIPRI's broad categories and ``Total``), one column per year of the
        window that the table lists (it has no row for a year without deliveries), then the
        window's sum; whole millions of TIV as the table gives them.  ``attrs``: ``edition``,
        ``source`` (the file), ``unit``.

    Raises
    ------
    NoDataError
        The edition ships no such table, or it lists nothing for *recipient* in the window.
    """
    rec = resolve(recipient, ed)
    s, e, _ = _window(ed, start, end, False)
    files = [rel for rel, entry in sorted(ed.snapshot.files.items())
             if entry.get("layout") == CATEGORY_LAYOUT]
    if not files:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) ships no weapon-category table "
                          f"(layout {CATEGORY_LAYOUT!r}).")
    t = parse.parse_category_table(ed.snapshot.read(files[0]), f"{ed.name}/{files[0]}")
    names = {n: (m.actor.canonical_name if (m := countries.match(n)) is not None else n)
             for n in pd.unique(t["recipient"])}
    t = t.assign(recipient=t["recipient"].map(names))
    t = t[(t["year"].astype(str) != TOTAL) & (rec.is_world | rec.mask(t["recipient"]))]
    t = t.assign(year=t["year"].astype(int))
    t = t[t["year"].between(s, e)]
    if t.empty:
        raise NoDataError(f"the weapon-category table of edition {ed.edition} lists nothing for "
                          f"{rec.name} in {s}-{e}.")
    wide = t.pivot_table(index="category", columns="year", values="tiv", aggfunc="sum",
                         fill_value=0).astype(float)
    wide[analysis.window_label(s, e)] = wide.sum(axis=1)
    wide.columns.name = "year"
    wide.attrs = {"edition": ed.edition, "source": f"{ed.name}/{files[0]}", "unit": TIV}
    return wide


# --------------------------------------------------------------------------------------------
# Ranks and fact-sheet tables
# --------------------------------------------------------------------------------------------

def _world_table(ed: Edition, which: Literal["exporters", "importers"], start: int, end: int,
                 basis: str, sel: Selection | None = None) -> tuple[pd.DataFrame, str]:
    """Every exporter's (importer's) share of world exports (imports), indexed by name; a group
    *sel* counts as one.  Memoised per edition: a rank or a world share needs the whole table
    (on the register basis, a linear program per actor), and a claims file asks for the same
    window many times (SIPRI's fact sheet: 21 ranks and 11 import shares over two windows)."""
    if sel is not None and sel.kind == "actor" and sel.members in ((), (sel.name,)):
        sel = None  # one actor under its own name: the table is the same as for no group
    key = f"world_table:{which}:{start}:{end}:{basis}:{sel!r}"
    table, assumption = ed.derived(key, lambda: _find_world_table(ed, which, start, end, basis,
                                                                sel))
    return table.copy(), assumption


def _find_world_table(ed: Edition, which: Literal["exporters", "importers"], start: int,
                      end: int, basis: str, sel: Selection | None) -> tuple[pd.DataFrame, str]:
    world = Selection(WORLD, (), "world")
    if which == "exporters":
        return _share_table(ed, world, start, end, basis, "world-exports", sel)
    if basis == "register":
        return _register_share(ed, world, start, end, "recipient", sel)
    rows, totals = _world_imports(ed, start, end, basis)
    if sel is not None:
        rows = _relabel(rows, "recipient", sel)
    b = analysis.tiv_blocks(rows, totals, block=("block", "year"), entity="recipient")
    return analysis.share_table(b), analysis.ROUNDING


def rank(ed: Edition, *, supplier: str | Selection | None = None,
         recipient: str | Selection | None = None, start: int, end: int,
         basis: Basis | None = None, allow_partial: bool = False) -> RankResult:
    """The rank (1 = largest) of a supplier among a recipient's suppliers, of a supplier among
    world exporters (*recipient* ``World``), or of a recipient among world importers
    (*supplier* omitted), with the best and worst rank every entity's bounds allow."""
    s, e, note = _window(ed, start, end, allow_partial)
    rec = None if recipient is None else resolve(recipient, ed)
    sup = None if supplier is None else resolve(supplier, ed)
    if sup is None:
        if rec is None or rec.is_world:
            raise NoDataError("rank: name a supplier, a recipient, or both.")
        basis, _ = _choose(ed, ("world-imports", "register"), basis, "world importers' shares")
        t, assumption = _world_table(ed, "importers", s, e, basis, rec)
        target, among = rec.name, "world importers"
    else:
        world = rec is None or rec.is_world
        tables = ("world-exports", "register") if world else ("detail", "register")
        basis, table = _choose(ed, tables, basis, "suppliers' shares")
        if world:
            t, assumption = _world_table(ed, "exporters", s, e, basis, sup)
            among = "world exporters"
        else:
            if table == "detail" and _trimmed(ed, rec):
                raise NoDataError(
                    f"edition {ed.edition} ({ed.name}): the table of "
                    f"{', '.join(_trimmed(ed, rec))} lists only some suppliers (its rows add up "
                    "to less than its printed total), so a supplier it leaves out may be larger "
                    "than any it lists: no rank among its suppliers can be given. Use an "
                    "edition with the whole table or a register.")
            t, assumption = _share_table(ed, rec, s, e, basis, table, sup)
            among = f"suppliers of {rec.name}"
        target = sup.name
    table = t.rename(columns={"share": "value"})[["value", "low", "high", "feasible"]].copy()
    if target not in table.index:  # delivered nothing: ranked after everyone who did
        table.loc[target] = [0.0, 0.0, 0.0, True]
    table["feasible"] = table["feasible"].astype(bool)
    ranked = analysis.rank_table(table).rename_axis("name").reset_index()
    hit = ranked[ranked["name"] == target].iloc[0]
    ranked = ranked.sort_values(["rank", "name"], kind="mergesort").reset_index(drop=True)
    return RankResult(name=target, rank=int(hit["rank"]), best=int(hit["best"]), worst=int(hit["worst"]),
                      table=ranked, release=ed.release.year, edition=ed.edition,
                      basis=basis,
                      window=analysis.window_label(s, e), among=among, coverage_note=note,
                      assumption=assumption)


def top(ed: Edition, which: Literal["exporters", "importers"], start: int, end: int, *,
        n: int = 10, compare_window: tuple[int, int] | None = None, basis: Basis | None = None,
        allow_partial: bool = False) -> pd.DataFrame:
    """The *n* largest exporters (importers) of a window: share, the compare window's share, the
    per-cent change, with bounds and rank ranges (the layout of SIPRI's fact-sheet tables).

    Returns
    -------
    pandas.DataFrame
        ``rank, best, worst, name, share, low, high, feasible, tiv`` for the window; with
        *compare_window*: ``compare_share, compare_low, compare_high, change, change_low,
        change_high``; then ``basis, window, compare_window, edition, assumption, unit,
        coverage_note``.
    """
    if which not in ("exporters", "importers"):
        raise NoDataError(f"top: {which!r}; expected 'exporters' or 'importers'.")
    s, e, note = _window(ed, start, end, allow_partial)
    tables = ("world-exports", "register") if which == "exporters" else ("world-imports", "register")
    basis, table = _choose(ed, tables, basis, f"world {which}' shares")
    t, assumption = _world_table(ed, which, s, e, basis)
    ranked = analysis.rank_table(t.rename(columns={"share": "value"}))
    out = ranked.rename(columns={"value": "share"}).rename_axis("name").reset_index()
    out = out.sort_values(["rank", "name"], kind="mergesort").head(n).reset_index(drop=True)
    cw = None
    if compare_window is not None:
        _, (c, d), note = _window_pair(ed, (start, end), compare_window, allow_partial)
        cw = analysis.window_label(c, d)
        ct, _ = _world_table(ed, which, c, d, basis)
        out["compare_share"] = [float(ct.loc[x, "share"]) if x in ct.index else 0.0 for x in out["name"]]
        out["compare_low"] = [float(ct.loc[x, "low"]) if x in ct.index else 0.0 for x in out["name"]]
        out["compare_high"] = [float(ct.loc[x, "high"]) if x in ct.index else 0.0 for x in out["name"]]
        changes = []
        for x in out["name"]:
            kw = {"supplier": x} if which == "exporters" else {"recipient": x}
            ch = change(ed, window=(s, e), compare_window=(c, d), basis=basis,
                        allow_partial=allow_partial, **kw)
            changes.append((ch.value, ch.low, ch.high))
        out["change"] = [c_[0] for c_ in changes]
        out["change_low"] = [c_[1] for c_ in changes]
        out["change_high"] = [c_[2] for c_ in changes]
    cols = ["rank", "best", "worst", "name", "share", "low", "high", "feasible", "tiv"]
    if compare_window is not None:
        cols += ["compare_share", "compare_low", "compare_high", "change", "change_low", "change_high"]
    out = out[cols].assign(basis=basis, window=analysis.window_label(s, e), compare_window=cw,
                           release=ed.release.year, edition=ed.edition,
                           assumption=assumption, unit=PER_CENT,
                           coverage_note=note)
    return out


# --------------------------------------------------------------------------------------------
# The newest release that answers
# --------------------------------------------------------------------------------------------

#: The order in which bases are tried within a release: the tightest first.  SIPRI's per-year
#: values (the register basis of an edition whose per-delivery-year register covers the window)
#: assume no split; the printed total row bounds every cell; the rows basis ignores it; the
#: classic register's even split allows every split its printed totals allow.
BASIS_ORDER = ("per-year", "total", "rows", "register")


def in_basis_order(eds: Sequence[Edition], start: int, end: int, basis: Basis | None = None
                   ) -> list[tuple[Edition, str]]:
    """The (edition, basis) pairs of one release's editions in the order a question asks them:
    the tightest basis first (:data:`BASIS_ORDER`; SIPRI's per-year values are asked as the
    ``register`` basis of their edition), then by edition.  With *basis*, only that basis."""
    tries = [(BASIS_ORDER.index(b), ed.edition, k, "register" if b == "per-year" else b)
             for k, ed in enumerate(eds) for b in ed.bases_in_order(start, end)
             if basis is None or b == basis or (basis == "register" and b == "per-year")]
    return [(eds[k], b) for _, _, k, b in sorted(tries)]


def newest(question: Any, *, start: int, end: int, basis: Basis | None = None,
           data_dir: Any = None) -> tuple[Any, Edition]:
    """Ask *question* (``question(edition, basis) -> answer``) of the newest SIPRI release that
    can answer it, on that release's tightest basis (:data:`BASIS_ORDER`), and return the answer
    and the edition that gave it.  *start*/*end* are the years the question reads (the per-year
    values must cover them).  With *basis*, only that basis.

    Raises
    ------
    NoDataError
        No release answers; the message gives each release's reason, newest first.
    UnknownActorError
        No edition knows a name the question gives (the first edition's "did you mean").
    WindowError
        The window is not one (start after end); a window an edition does not cover
        (:class:`~armsdata.errors.CoverageError`) only moves on to the next release.
    """
    from armsdata import editions as editions_
    from armsdata.errors import CoverageError

    by_release: dict[int, list[Edition]] = {}
    reasons: list[str] = []
    said: set[str] = set()  # one reason per edition: its first (its tightest basis's)
    unknown: list[UnknownActorError] = []
    outside: list[CoverageError] = []
    tried = 0

    def groups():
        """The editions release by release, newest first, each loaded (verified) only when the
        releases after it could not answer: a release's editions are generated after the
        previous release's, so the newest generated date comes first."""
        group: list[Edition] = []
        for snap in reversed(editions_.present(data_dir)):
            try:
                ed = editions_.load(snap.path)
                year = ed.release.year
            except ArmsDataError as exc:  # an unreadable edition
                reasons.append(f"edition {snap.name}: {exc}")
                continue
            if group and year != group[0].release.year:
                yield group
                group = []
            group.append(ed)
            by_release.setdefault(year, []).append(ed)
        if group:
            yield group

    for group in groups():
        year = group[0].release.year
        tries = in_basis_order(group, start, end, basis)
        for ed, b in tries:
            try:
                return question(ed, b), ed
            except (NoDataError, CoverageError, UnknownActorError) as exc:
                if isinstance(exc, UnknownActorError):
                    unknown.append(exc)
                if isinstance(exc, CoverageError):
                    outside.append(exc)
                tried += 1
                if ed.edition not in said:
                    said.add(ed.edition)
                    why = f"covers {ed.coverage.label} only" if isinstance(exc, CoverageError) \
                        else str(exc)
                    reasons.append(f"the {year} release, edition {ed.edition} (basis {b}): {why}")
        if not tries:
            reasons.append(f"the {year} release: no table for "
                           + (f"basis {basis}" if basis else "this question"))
    if unknown and len(unknown) == tried:
        raise unknown[0]  # no edition knows the name: the name is wrong, not the editions
    if outside and len(outside) == tried:
        newest_ed = by_release[max(by_release)][0]
        raise CoverageError(f"window {start}-{end} is outside every SIPRI release here (the "
                            f"newest, {newest_ed.label}, "
                            f"covers {newest_ed.coverage.label}); choose years within one, or "
                            "fetch a newer release (armsdata fetch edition).")
    raise NoDataError(f"no SIPRI release here answers this for {start}-{end}, newest first:\n  - "
                      + "\n  - ".join(reasons))


# --------------------------------------------------------------------------------------------
# A recipient's share of a supplier's exports; the largest N's combined share
# --------------------------------------------------------------------------------------------

#: At most this many sets of the largest N are bounded one by one when the bounds do not fix
#: which N are the largest; beyond it the upper bound is the sum of the N highest single bounds.
MAX_TOP_SETS = 30


def export_share(ed: Edition, supplier: str | Selection, recipient: str | Selection,
                 start: int, end: int, *, basis: Basis | None = None,
                 allow_partial: bool = False) -> Estimate:
    """*recipient*'s share of *supplier*'s arms exports (per cent), with bounds ("India
    received 36 per cent of Russia's arms exports").

    *recipient* may be a region or a group: its members' amounts are added.  Each recipient's
    amount is bounded on its own (its table's totals, or its own deals, constrain no other
    recipient's), so the share's bounds are those of independent amounts
    (:func:`armsdata.analysis.independent_shares`).  A recipient that received nothing from the
    supplier has share 0 with bounds 0–0.

    Raises
    ------
    NoDataError
        The supplier delivered nothing in the window (the share is undefined), the edition
        cannot split the supplier's exports by recipient, or *recipient* is the world.
    """
    sup, rec = resolve(supplier, ed), resolve(recipient, ed)
    if rec.is_world:
        raise NoDataError("the world's share of a supplier's exports is 100 per cent by "
                          "definition; name a recipient.")
    t = recipient_shares(ed, sup, start, end, basis=basis, allow_partial=allow_partial)
    s, e, note = _window(ed, start, end, allow_partial)
    names = t["recipient"].astype(str)
    label = np.where(rec.mask(names), rec.name, names.to_numpy(object))
    amounts = (t.assign(point=t["tiv"], low=t["tiv_low"], high=t["tiv_high"], label=label)
               .groupby("label")[["point", "low", "high"]].sum())
    table = analysis.independent_shares(amounts)
    what = f"{rec.possessive} share of {sup.possessive} arms exports"
    first = t.iloc[0]
    if rec.name in table.index:
        r = table.loc[rec.name]
        return _estimate(analysis.number_or_none(r["share"]), float(r["low"]), float(r["high"]),
                         PER_CENT, what, ed, str(first["basis"]), s, e, None,
                         str(first["assumption"]), note, float(r["tiv"]), float(r["denominator"]))
    den = float(table["denominator"].iloc[0])
    return _estimate(0.0, 0.0, 0.0, PER_CENT, what, ed, str(first["basis"]), s, e, None,
                     str(first["assumption"]), note, 0.0, den)


@dataclass(frozen=True)
class TopShare(Estimate):
    """The combined share of the N largest (:func:`top_share`): an :class:`Estimate` whose
    ``members`` are the N largest by the point, ``fixed`` False where the bounds allow another
    set of N to be the largest (``sets``: how many sets the range covers), and ``note`` says so."""

    members: tuple[str, ...] = ()
    fixed: bool = True
    sets: int = 1
    note: str = ""


def top_share(ed: Edition, which: Literal["exporters", "importers"], n: int, start: int,
              end: int, *, basis: Basis | None = None,
              allow_partial: bool = False) -> TopShare:
    """The combined share of world exports (imports) of the *n* largest exporters (importers):
    "the five largest exporters accounted for 77 per cent".

    The point is the share of the *n* largest by the point, computed as one group
    (:func:`group`), so its bounds hold the members' figures jointly (not a sum of the members'
    own bounds).  Where the bounds do not fix which *n* are the largest (an actor's rank range
    straddles *n*), the true largest *n* are one of the sets the rank ranges allow: the lower
    bound is the highest of those sets' lower bounds (the largest *n* hold at least as much as
    any *n*), the upper bound the highest of their upper bounds; ``fixed`` is False and ``note``
    names the actors in question.  Beyond :data:`MAX_TOP_SETS` sets, the upper bound is the sum
    of the *n* highest single upper bounds (valid, looser), and the note says so.

    Raises
    ------
    NoDataError
        *which* is neither, *n* is not at least 1, or the edition cannot answer.
    """
    import itertools

    if which not in ("exporters", "importers"):
        raise NoDataError(f"top_share: {which!r}; expected 'exporters' or 'importers'.")
    if int(n) < 1:
        raise NoDataError(f"top_share: the largest {n}? Give a number of at least 1.")
    n = int(n)
    ranked = top(ed, which, start, end, n=10 ** 6, basis=basis, allow_partial=allow_partial)
    chosen = str(ranked["basis"].iloc[0])
    names = ranked["name"].astype(str).tolist()
    by_point = tuple(names[:n])
    sure = [x for x, w in zip(names, ranked["worst"]) if int(w) <= n]
    maybe = [x for x, b, w in zip(names, ranked["best"], ranked["worst"])
             if int(b) <= n < int(w)]
    k = n - len(sure)
    label = f"the {n} largest {which}"

    def share_of(members: Sequence[str]) -> Estimate:
        sel = group(label, members)
        if which == "exporters":
            return supplier_share(ed, WORLD, sel, start, end, basis=chosen,  # type: ignore[arg-type]
                                  allow_partial=allow_partial)
        return import_share(ed, sel, start, end, basis=chosen,  # type: ignore[arg-type]
                            allow_partial=allow_partial)

    point = share_of(by_point)
    sets = [tuple(sure) + c for c in itertools.combinations(maybe, k)] if 0 < k <= len(maybe) \
        else [by_point]
    note = ""
    if len(sets) <= 1:
        low, high = point.low, point.high
    elif len(sets) <= MAX_TOP_SETS:
        ests = [point if set(m) == set(by_point) else share_of(m) for m in sets]
        low, high = max(x.low for x in ests), max(x.high for x in ests)
    else:
        t = ranked.set_index("name")
        low = point.low
        high = min(100.0, float(t["high"].nlargest(n).sum()))
    if len(sets) > 1:
        open_ = [x for x in maybe]
        note = (f"the bounds do not fix which {n} are the largest: {', '.join(open_)} "
                f"{'are' if len(open_) > 1 else 'is'} tied within the bounds for the last "
                f"{k} place{'s' if k > 1 else ''}; the range covers "
                + (f"each of the {len(sets)} possible sets" if len(sets) <= MAX_TOP_SETS else
                   f"all {len(sets)} possible sets (upper bound: the {n} highest single bounds "
                   "added)"))
    value = point.value
    what = (f"combined share of world arms {'exports' if which == 'exporters' else 'imports'} "
            f"of {label} ({', '.join(by_point)})")
    assumption = "; ".join(x for x in (point.assumption, note) if x)
    return TopShare(value=value, low=float(low), high=float(high),
                    feasible=bool(value is not None and low - 1e-9 <= value <= high + 1e-9),
                    unit=PER_CENT, what=what, edition=point.edition, release=point.release,
                    basis=point.basis,
                    window=point.window, compare_window=None, assumption=assumption,
                    coverage_note=point.coverage_note, numerator=point.numerator,
                    denominator=point.denominator, members=by_point, fixed=len(sets) <= 1,
                    sets=len(sets), note=note)


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

def _estimate(value, low, high, unit, what, ed: Edition, basis, s, e, compare, assumption, note,
              numerator=None, denominator=None) -> Estimate:
    value = analysis.number_or_none(value)
    return Estimate(value=value, low=float(low), high=float(high),
                    feasible=bool(analysis.is_feasible(np.nan if value is None else value, low, high)),
                    unit=unit, what=what, release=ed.release.year, edition=ed.edition,
                    basis=basis,
                    window=analysis.window_label(s, e), compare_window=compare,
                    assumption=assumption, coverage_note=note,
                    numerator=None if numerator is None else float(numerator),
                    denominator=None if denominator is None else float(denominator))


__all__ = ["Estimate", "RankResult", "Selection", "bases", "change", "flow", "group", "import_share", "rank", "recipient_shares", "resolve", "shares", "supplier_share", "top", "total_imports_by_year", "imports_by_supplier", "rows_against_total", "flow_by_year", "deals", "deliveries_by_category", "import_categories", "TopShare", "export_share", "top_share", "newest", "in_basis_order"]
