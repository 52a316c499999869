"""Shares, flows, changes and ranks with honest bounds: pure arithmetic on tidy frames.

DataFrames and arrays in, numbers out: no I/O, no names to resolve, no editions.  The caller
(:mod:`armsdata.queries`) selects the rows of a question and labels the results; this module only
does the maths.  ``scipy`` is imported inside the functions that solve linear programs, never at
module import (the command line's cold start matters).

Three bases for a figure such as "supplier *s*'s share of recipient *r*'s imports over a window":

``total``
    The quotient of SIPRI's printed (rounded) figures: the sum of *s*'s printed cells over the
    window divided by the sum of SIPRI's printed total row (Armenia 2011–2020, 2022 edition:
    374 / 397).  SIPRI rounds each cell and its total row on its own, so this quotient can be a
    value that no unrounded data could give: every result says whether its point is
    ``feasible`` (inside its own bounds).
``rows``
    The sum of *s*'s printed cells over the sum of every supplier's printed cells (374 / 399).
``register``
    TIV of delivered weapons from a trade register.  The classic register lists a deal's
    delivery years (``2016; 2017``) but not how its TIV splits across them: the point estimate
    assumes an **even split of the printed TIV over the listed years**; the bounds allow each
    deal's true TIV anywhere within its printed two-decimal value's rounding, together with any
    split that agrees with the same edition's printed per-year totals
    (:data:`EVEN_SPLIT_TOTALS`), or any split at all where there are none (:data:`EVEN_SPLIT`).
    A per-delivery-year register gives SIPRI's own value for each year: no split assumption
    (:data:`SIPRI_SPLIT`).

Bounds
------
Rounding: a printed whole number *v* ≥ 1 stands for a true value in [v − 0.5, v + 0.5]; a printed
``0`` for one in (0, 0.5); an empty cell for exactly 0.  Both registers print two decimals
(:data:`armsdata.conventions.REGISTER_HALF_UNIT`, h = 0.005): a printed *v* > 0 stands for a value
in [v − h, v + h]; the classic register's printed ``0`` for one between 0 and 0.5 (its own note);
an empty TIV for exactly 0 (:func:`deal_tiv_bounds`).

TIV tables (:func:`tiv_blocks`): the cells of one *block* (one table's year: one recipient's year
in a recipient's table, one year of a world table) are tied together by that block's printed
total (true total within its ±0.5, and within the sum of the cells' ranges); different blocks are
independent.  For a supplier's share the smallest value puts, in every block, the supplier as low
and the others as high as the block's total allows; this is exact because the share rises with
the supplier's amount and falls with the others' in each block.  A flow (a sum of cells) has the
bounds of its blocks summed; a ratio of two flows over two windows (a change) is bounded exactly
from the blocks that lie in one window only and those that lie in both (:func:`ratio_bounds`).

Register, even split (:class:`SplitLP`): with x_{d,y} ≥ 0 the TIV of deal d delivered in year y,
v − h ≤ Σ_y x_{d,y} ≤ v + h for the deal's printed delivered TIV v (two inequalities; a deal of
one year is one variable with those bounds), and Σ_d x_{d,y} within the printed per-year total of
the deal's recipient (imports-by-recipient table, ±0.5, ``0`` in (0, 0.5), empty exactly 0), a
flow is a linear function of x and a share or a change a linear-fractional one.  Every deal that
delivers in the window(s) is a variable, a deal wholly inside a window or of a single year too:
no printed TIV is exact, so a window that holds every delivery of its deals still has bounds as
wide as their rounding.  Every other deal enters its years' totals as an interval (from its
lowest TIV if it has one year, else from none, to its highest), which relaxes but never tightens
the constraints, so the bounds stay valid.  Where the edition has no per-year totals, or they
cannot be met by the register's deals, the bounds fall back to any split, and the assumption says
why.

How they are solved, ``scipy.optimize.linprog(method="highs")`` underneath: a quotient by
Dinkelbach's method (a few linear programs over the split itself); the program split into its
independent components (deals tied by the printed totals of the years they share), each solved
in closed form where it can be (no printed totals: each deal at an end of its rounding, all in
one year; a *robust split*, shares that meet every printed total for every TIV within the
deals' rounding, and a sum of whole deals: the corners of the rounding box), the rest as one
program; and the programs of one question (a share table's suppliers, both senses) side by side
as one block-diagonal program.

All shares are in per cent.  Nothing here is specific to a country.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from armsdata.conventions import ALL, HALF_UNIT, REGISTER_HALF_UNIT, TOTAL
from armsdata.errors import NoDataError, WindowError

log = logging.getLogger(__name__)

Basis = Literal["total", "rows", "register"]

#: What the register's solver gives back: (status: 0 solved, 2 infeasible, 3 unbounded, 4 not
#: settled; value; an x that reaches it, or None).
Solved = tuple[int, float, "np.ndarray | None"]

HALF = HALF_UNIT

SHARE_COLUMNS = ["recipient", "supplier", "tiv", "tiv_low", "tiv_high", "share", "low", "high",
                 "sipri_share", "denominator", "basis", "window", "release", "edition", "assumption", "feasible",
                 "unit", "coverage_note"]

#: What a result on each basis assumes (every output carries one of these in ``assumption``).
ROUNDING = ("TIV tables: each printed figure within +/-0.5 of its true value; '0' between 0 and "
            "0.5; an empty cell exactly 0")
#: The ``total`` basis where a table prints the sums of exactly the window asked about (SIPRI's
#: current tables print ``2021-2025``, the old site's a ``Total`` of every year it lists).
WINDOW_SUMS = ("TIV tables: SIPRI's printed sums over the window (each within +/-0.5 of its true "
               "value) and its yearly cells and totals (each +/-0.5), both bounds intersected; "
               "the point from the printed sums")
#: The classic register's deal TIVs are printed with two decimals: the bounds take each anywhere
#: within its rounding (:func:`deal_tiv_bounds`), the point the printed value.
DEAL_TIV_ROUNDING = (f"each deal's delivered TIV anywhere within +/-{REGISTER_HALF_UNIT} of its "
                     "printed two-decimal value ('0': between 0 and 0.5)")
EVEN_SPLIT = ("register: each deal's delivered TIV split evenly over its listed delivery years; "
              f"bounds: {DEAL_TIV_ROUNDING}, any split")
EVEN_SPLIT_TOTALS = ("register: each deal's delivered TIV split evenly over its listed delivery "
                     f"years; bounds: {DEAL_TIV_ROUNDING}, any split that agrees with the "
                     "edition's printed per-year totals (imports by recipient, each +/-0.5)")
SIPRI_SPLIT = ("register: SIPRI's per-delivery-year values (no split assumption); each printed "
               "two-decimal value within +/-0.005 of SIPRI's own")

#: Supplier labels that are sums, not suppliers: the 2022 world table (``ALL.csv``) gives each
#: recipient's imports from ``"All"`` suppliers next to the per-supplier tables, so counting it
#: as a supplier would double every denominator.
AGGREGATE_SUPPLIERS = (ALL, TOTAL)

#: Slack for comparing a point with its bounds (per cent or TIV): the linear programs are solved
#: to about 1e-9 relative, sums of floats carry noise of the same order.
FEASIBILITY_SLACK = 1e-6

#: Above this many (variables x entities) a table of register shares bounds each share from the
#: exact ranges of its own sum and of the whole (linear programs) instead of the exact
#: linear-fractional program: the world's 64 exporters over 2017-2021 on 2024-10-13 (12,000
#: variables) take 3.8 s exact against 1.5 s, for bounds 0.15 % narrower on average (with the
#: Charnes-Cooper solver of 2026-11 the exact version took a minute).
EXACT_LP_BUDGET = 100_000

#: Dinkelbach's method (the register's quotients) stops when no split improves the quotient by
#: more than this (relative); it takes 2-4 programs on the shipped registers, and a quotient
#: not settled after :data:`DINKELBACH_STEPS` falls back to its unconstrained bounds.
DINKELBACH_TOL = 1e-9
DINKELBACH_STEPS = 50

#: The register's programs of one question are solved side by side in one program (a copy of
#: the components each needs) up to this many columns: one call per batch instead of one per
#: supplier, where scipy's set-up of a small program costs more than HiGHS's solving it.
LP_BATCH_COLUMNS = 20_000


def window_label(start: int, end: int) -> str:
    """``"2011-2020"``."""
    return f"{start}-{end}"


def check_window(start: int, end: int) -> None:
    """Raise :class:`~armsdata.errors.WindowError` unless ``start <= end``."""
    if start > end:
        raise WindowError(f"window {start}-{end}: start year after end year; give --from <= --to.")


def is_feasible(value, low, high) -> np.ndarray | bool:
    """``low <= value <= high`` up to :data:`FEASIBILITY_SLACK`; False for an undefined value."""
    v, lo, hi = (np.asarray(a, dtype=float) for a in (value, low, high))
    slack = FEASIBILITY_SLACK * np.maximum(1.0, np.abs(v))
    out = (v >= lo - slack) & (v <= hi + slack) & ~np.isnan(v)
    return bool(out) if out.ndim == 0 else out


def number_or_none(x: object) -> float | None:
    """*x* as a float, or None where there is no number (None, NaN, pandas' NA).

    The one place a missing figure becomes ``None`` (JSON's null, a blank cell): every module
    that hands numbers to people calls this rather than a helper of its own.
    """
    if x is None or x is pd.NA:
        return None
    f = float(x)  # type: ignore[arg-type]
    return None if np.isnan(f) else f


def finite_or_none(x: object) -> float | None:
    """:func:`number_or_none` for what is drawn or shown as a point: also None for ``±inf``
    (an open end) and for anything that is not a number."""
    try:
        f = number_or_none(x)
    except (TypeError, ValueError):
        return None
    return f if f is not None and np.isfinite(f) else None


def pct_change(ratio: float | None) -> float | None:
    """``100 * (ratio - 1)``: the per-cent change a ratio of two flows stands for."""
    if ratio is None or not np.isfinite(ratio):
        return None if ratio is None or np.isnan(ratio) else float("inf")
    return 100.0 * (ratio - 1.0)


# --------------------------------------------------------------------------------------------
# Printed figures
# --------------------------------------------------------------------------------------------

def cell_bounds(tiv: pd.Series, below_half: pd.Series, half: float = HALF) -> tuple[pd.Series, pd.Series]:
    """Lower and upper bound of the true value behind each printed (rounded) TIV figure.

    Parameters
    ----------
    tiv, below_half
        Printed values and SIPRI's ``0`` marker (more than 0, less than 0.5).
    half
        Half the rounding unit: 0.5 for the TIV tables, 0.005 for the registers.
    """
    t = tiv.to_numpy(dtype=float)
    b = below_half.to_numpy(dtype=bool)
    lo = np.where(b, 0.0, np.maximum(t - half, 0.0))
    hi = np.where(b, HALF, t + half)
    return pd.Series(lo, index=tiv.index), pd.Series(hi, index=tiv.index)


# --------------------------------------------------------------------------------------------
# TIV tables: independent blocks
# --------------------------------------------------------------------------------------------

@dataclass
class Blocks:
    """Printed cells of one question arranged as entities × blocks, with each block's range.

    Built by :func:`tiv_blocks`.  Attributes are arrays: ``g_*`` entity × block (point, low,
    high of each entity's cells in the block), ``cap_lo``/``cap_hi`` the range of each block's
    true total, ``o_open`` True where the cells listed are not all the block has (the true total
    of the others is then bounded only by the block's printed total), ``t_pt`` the block's printed
    total (NaN on the rows basis).
    """

    entities: pd.Index
    blocks: pd.MultiIndex
    g_pt: np.ndarray
    g_lo: np.ndarray
    g_hi: np.ndarray
    cap_lo: np.ndarray
    cap_hi: np.ndarray
    o_open: np.ndarray
    t_pt: np.ndarray
    basis: str

    @property
    def y_lo(self) -> np.ndarray:
        return self.g_lo.sum(axis=0)

    @property
    def y_hi(self) -> np.ndarray:
        return self.g_hi.sum(axis=0)

    def denominator(self) -> float:
        """The point denominator: the printed totals (``total``) or the printed cells (``rows``)."""
        if self.basis == "total":
            return float(np.nansum(self.t_pt))
        return float(self.g_pt.sum())

    def entity_bounds(self, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point, lowest and highest amount per block of the entities *rows* (all if None) taken together.

        In each block the amount lies within its cells' range and leaves the others room to
        bring the block's total into its range.
        """
        sel = slice(None) if rows is None else rows
        g_pt, g_lo, g_hi = (a[sel].sum(axis=0) for a in (self.g_pt, self.g_lo, self.g_hi))
        o_lo = self.y_lo - g_lo
        o_hi = np.where(self.o_open, np.inf, self.y_hi - g_hi)
        lo = np.maximum(g_lo, self.cap_lo - o_hi)
        hi = np.minimum(g_hi, self.cap_hi - o_lo)
        return g_pt, lo, np.maximum(hi, lo)

    def total_bounds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point, lowest and highest true total per block."""
        pt = self.t_pt if self.basis == "total" else self.g_pt.sum(axis=0)
        return np.nan_to_num(pt), self.cap_lo, self.cap_hi


def tiv_blocks(cells: pd.DataFrame, totals: pd.DataFrame | None = None, *,
               block: Sequence[str] = ("recipient", "year"), entity: str = "supplier",
               half: float = HALF) -> Blocks:
    """Arrange printed cells (and the printed totals they add up to) for the block arithmetic.

    Parameters
    ----------
    cells
        One row per printed cell: the *block* columns, *entity*, ``tiv``, ``below_half``.
        Several rows for one entity and block (members of a group) are summed, each with its
        own rounding.
    totals
        The printed total of each block (*block* columns, ``tiv``, ``below_half``; several rows
        per block are summed), and optionally ``complete`` (bool, default True): False where the
        table lists only some of the cells of the block (a trimmed table), so that the others'
        true total is bounded by the printed total only.  None: the ``rows`` basis, whose
        denominator is the sum of the cells.
    block
        The columns that make one block: ``("recipient", "year")`` for recipients' tables,
        ``("year",)`` for a world table.
    entity
        The column whose values are shared out (``supplier``; ``recipient`` for import shares).
    half
        Half the rounding unit (0.5; 0.005 for the per-year register).
    """
    block = list(block)
    c = cells[~cells[entity].isin(AGGREGATE_SUPPLIERS)] if entity == "supplier" else cells
    lo, hi = cell_bounds(c["tiv"], c["below_half"], half)
    n_c = len(c)
    n_t = 0 if totals is None else len(totals)
    # one integer code per block: factorise each key column over cells and totals together
    codes = np.zeros(n_c + n_t, dtype=np.int64)
    levels = []
    for k in block:
        values = c[k].to_numpy() if totals is None else np.concatenate(
            [c[k].to_numpy(object), totals[k].to_numpy(object)])
        code, uniques = pd.factorize(values, sort=True)
        codes = codes * max(len(uniques), 1) + code
        levels.append(uniques)
    ucodes, inverse = np.unique(codes, return_inverse=True)
    arrays, rest = [], ucodes
    for uniques in reversed(levels):
        n = max(len(uniques), 1)
        arrays.append(np.asarray(uniques)[rest % n] if len(uniques) else np.array([], dtype=object))
        rest = rest // n
    bidx = pd.MultiIndex.from_arrays(arrays[::-1], names=block)
    bi, ti = inverse[:n_c], inverse[n_c:]
    eidx = pd.Index(sorted(pd.unique(c[entity].astype(str))), name=entity)
    ei = eidx.get_indexer(c[entity].astype(str))
    shape = (len(eidx), len(bidx))
    g_pt, g_lo, g_hi = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    np.add.at(g_pt, (ei, bi), c["tiv"].to_numpy(float))
    np.add.at(g_lo, (ei, bi), lo.to_numpy(float))
    np.add.at(g_hi, (ei, bi), hi.to_numpy(float))
    y_lo, y_hi = g_lo.sum(axis=0), g_hi.sum(axis=0)
    if totals is None:
        cap_lo, cap_hi = y_lo, y_hi
        o_open = np.zeros(len(bidx), bool)
        t_pt = np.full(len(bidx), np.nan)
        basis = "rows"
    else:
        tlo, thi = cell_bounds(totals["tiv"], totals["below_half"], half)
        t_pt = np.full(len(bidx), np.nan)
        has = np.zeros(len(bidx), bool)
        has[ti] = True
        t_pt[has] = 0.0
        np.add.at(t_pt, ti, totals["tiv"].to_numpy(float))
        t_lo, t_hi = np.zeros(len(bidx)), np.zeros(len(bidx))
        np.add.at(t_lo, ti, tlo.to_numpy(float))
        np.add.at(t_hi, ti, thi.to_numpy(float))
        o_open = np.zeros(len(bidx), bool)
        if "complete" in totals.columns:
            np.logical_or.at(o_open, ti, ~totals["complete"].to_numpy(bool))
        # The true total lies in both ranges: the printed total's and the listed cells' (the
        # latter only from below where the table lists only some of the block's cells).
        cap_lo = np.maximum(t_lo, y_lo)
        cap_hi = np.where(o_open, np.maximum(t_hi, y_lo), np.minimum(t_hi, y_hi))
        # Rows and total that cannot agree (no unrounded data gives both) must not make the
        # range empty: it collapses onto the nearer edge instead.
        cap_lo = np.where(o_open, cap_lo, np.minimum(cap_lo, y_hi))
        cap_hi = np.maximum(cap_hi, cap_lo)
        basis = "total"
    return Blocks(eidx, bidx, g_pt, g_lo, g_hi, cap_lo, cap_hi, o_open, t_pt, basis)


def _ratio(num: np.ndarray, den: np.ndarray, empty: float) -> np.ndarray:
    """``num / den`` where ``den > 0``, else *empty* (a range collapsed to 0)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    out = np.full(num.shape, empty, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return out


def share_table(b: Blocks) -> pd.DataFrame:
    """Every entity's share of the blocks' total, with the bounds all rounding constraints allow.

    Returns
    -------
    pandas.DataFrame
        Indexed by entity: ``tiv`` (sum of printed cells), ``tiv_low``/``tiv_high`` (bounds on
        the entity's true amount), ``share``, ``low``, ``high`` (per cent), ``denominator`` (the
        TIV the point is taken of), ``feasible`` (point within bounds).  Sorted by share.
    """
    o_lo_all, o_hi_all = b.y_lo, b.y_hi
    g_lo, g_hi = b.g_lo, b.g_hi
    o_lo = o_lo_all - g_lo
    o_hi = np.where(b.o_open, np.inf, o_hi_all - g_hi)
    c_lo, c_hi = b.cap_lo, b.cap_hi
    # lowest share: the entity as small and the others as large as each block's total allows
    x = np.maximum(g_lo, c_lo - o_hi)
    o = np.minimum(o_hi, c_hi - x)
    low = _ratio(x.sum(axis=1), (x + o).sum(axis=1), empty=0.0)
    tiv_low = x.sum(axis=1)
    # highest share: the other way round
    x = np.minimum(g_hi, c_hi - o_lo)
    x = np.maximum(x, np.maximum(g_lo, c_lo - o_hi))
    o = np.maximum(o_lo, c_lo - x)
    high = _ratio(x.sum(axis=1), (x + o).sum(axis=1), empty=1.0)
    tiv_high = x.sum(axis=1)
    den = b.denominator()
    tiv = b.g_pt.sum(axis=1)
    share = 100 * tiv / den if den > 0 else np.full(len(tiv), np.nan)
    out = pd.DataFrame({"tiv": tiv, "tiv_low": tiv_low, "tiv_high": tiv_high, "share": share,
                        "low": 100 * low, "high": 100 * high, "denominator": den},
                       index=b.entities.astype(str))
    out["feasible"] = is_feasible(out["share"], out["low"], out["high"])
    return sort_shares(out)


def intersect_shares(cells: pd.DataFrame, sums: pd.DataFrame) -> pd.DataFrame:
    """Two :func:`share_table` results on one question from different printed figures of one
    table (the yearly cells; the window's printed sums): the bounds intersected, the point from
    *sums* (SIPRI's own sums carry one rounding, ten summed cells ten).

    Both are bounds on the same true values, so they overlap; where a misprint makes them
    disjoint, the result keeps the span of both and is marked not ``feasible``, never a bound
    narrower than the figures allow.
    """
    index = sums.index.union(cells.index)
    numbers = ["tiv", "tiv_low", "tiv_high", "share", "low", "high"]
    a = cells[numbers].reindex(index, fill_value=0.0)
    b = sums[numbers].reindex(index, fill_value=0.0)
    out = b.copy()
    for lo, hi in (("low", "high"), ("tiv_low", "tiv_high")):
        low, high = np.maximum(a[lo], b[lo]), np.minimum(a[hi], b[hi])
        disjoint = low > high
        out[lo] = np.where(disjoint, np.minimum(a[lo], b[lo]), low)
        out[hi] = np.where(disjoint, np.maximum(a[hi], b[hi]), high)
    out["denominator"] = sums["denominator"].iloc[0] if len(sums) else cells["denominator"].iloc[0]
    out["feasible"] = is_feasible(out["share"], out["low"], out["high"]) & (
        np.maximum(a["low"], b["low"]) <= np.minimum(a["high"], b["high"])).to_numpy()
    return sort_shares(out)


def sort_shares(df: pd.DataFrame) -> pd.DataFrame:
    """Largest share first, then largest upper bound, then by name: one stable order."""
    df = df.copy()
    df["_name"] = df.index.astype(str)
    df = df.sort_values(["share", "high", "_name"], ascending=[False, False, True], kind="mergesort",
                        na_position="last")
    return df.drop(columns="_name")


def flow_by_block(b: Blocks, entities: Iterable[str] | None = None) -> pd.DataFrame:
    """The flow of *entities* (together; all = the blocks' total) per block: point, low, high."""
    if entities is None:
        pt, lo, hi = b.total_bounds()
    else:
        rows = np.flatnonzero(b.entities.isin(list(entities)))
        if len(rows) == 0:  # none of them has a cell: exactly nothing
            z = np.zeros(len(b.blocks))
            pt, lo, hi = z, z, z
        else:
            pt, lo, hi = b.entity_bounds(rows)
    return pd.DataFrame({"point": pt, "low": lo, "high": hi}, index=b.blocks)


def flow_sum(blocks: pd.DataFrame) -> tuple[float, float, float]:
    """Point, low, high of a flow from independent blocks (:func:`flow_by_block`)."""
    return (float(blocks["point"].sum()), float(blocks["low"].sum()), float(blocks["high"].sum()))


def ratio_bounds(num: pd.DataFrame, den: pd.DataFrame) -> tuple[float | None, float, float]:
    """Point and exact bounds of ``sum(num) / sum(den)`` for independent blocks.

    *num* and *den* are :func:`flow_by_block` frames (the same flow over two windows, or two
    flows).  A block in both (overlapping windows) is the same unknown in both sums: with A the
    blocks of *num* only, B those of *den* only and O the shared ones, the ratio (A + O)/(B + O)
    is smallest at A low, B high and O at one of its ends, and largest the other way round.

    Returns
    -------
    (point, low, high)
        ``point`` None when its denominator is 0; ``high`` is ``inf`` where the denominator can
        be 0 and the numerator not.
    """
    shared = num.index.intersection(den.index)
    same = shared[(num.loc[shared].to_numpy() == den.loc[shared].to_numpy()).all(axis=1)] \
        if len(shared) else shared
    a, bb, o = num.drop(same), den.drop(same), num.loc[same]
    a_pt, a_lo, a_hi = flow_sum(a)
    b_pt, b_lo, b_hi = flow_sum(bb)
    o_pt, o_lo, o_hi = flow_sum(o)
    den_pt = b_pt + o_pt
    point = (a_pt + o_pt) / den_pt if den_pt > 0 else None

    def q(n: float, d: float) -> float:
        if d > 0:
            return n / d
        return 0.0 if n <= 0 else float("inf")

    low = min(q(a_lo + f, b_hi + f) for f in (o_lo, o_hi))
    high = max(q(a_hi + f, b_lo + f) for f in (o_lo, o_hi))
    return point, low, high


def box_share(part_lo: float, part_hi: float, whole_lo: float, whole_hi: float) -> tuple[float, float]:
    """Bounds on part / whole when the part lies in [part_lo, part_hi], the whole in
    [whole_lo, whole_hi], and the rest (whole - part) varies independently of the part."""
    rest_lo, rest_hi = whole_lo - part_lo, whole_hi - part_hi
    low = part_lo / (part_lo + rest_hi) if part_lo + rest_hi > 0 else 0.0
    high = part_hi / (part_hi + rest_lo) if part_hi + rest_lo > 0 else 1.0
    return float(low), float(high)


def independent_shares(df: pd.DataFrame) -> pd.DataFrame:
    """Shares of entities whose amounts are independent intervals (``point``, ``low``, ``high``).

    For a supplier's exports split by recipient: each recipient's amount has its own bounds and
    none constrains another's, so the lowest share of one is its low over its low plus the others'
    highs.  Returns the columns of :func:`share_table`.
    """
    pt, lo, hi = (df[c].to_numpy(float) for c in ("point", "low", "high"))
    all_lo, all_hi, den = lo.sum(), hi.sum(), pt.sum()
    low = _ratio(lo, lo + (all_hi - hi), empty=0.0)
    high = _ratio(hi, hi + (all_lo - lo), empty=1.0)
    out = pd.DataFrame({"tiv": pt, "tiv_low": lo, "tiv_high": hi,
                        "share": 100 * pt / den if den > 0 else np.nan,
                        "low": 100 * low, "high": 100 * high, "denominator": den},
                       index=df.index.astype(str))
    out["feasible"] = is_feasible(out["share"], out["low"], out["high"])
    return sort_shares(out)


# --------------------------------------------------------------------------------------------
# Registers
# --------------------------------------------------------------------------------------------

def deal_tiv_bounds(tiv_delivered: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Printed value, lowest and highest true value of each deal's delivered TIV (classic register).

    The register prints TIV with two decimals (:data:`~armsdata.conventions.REGISTER_HALF_UNIT`):
    a printed v > 0 stands for a value in [v - 0.005, v + 0.005].  A printed ``0`` means "between
    0 and 0.5" (the register's own note; it also contains every value that rounds to 0.00); an
    empty cell, no deliveries identified: exactly 0.
    """
    raw = tiv_delivered.astype("float64")
    empty = raw.isna().to_numpy(bool)
    v = raw.fillna(0.0)
    lo, hi = cell_bounds(v, (raw == 0.0).fillna(False), REGISTER_HALF_UNIT)
    return v.to_numpy(float), lo.to_numpy(float), np.where(empty, 0.0, hi.to_numpy(float))


def deal_window_tiv(register: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Each deal's delivered TIV inside the window: point (even split), lowest and highest.

    Returns *register* with ``years_in``, ``years_total``, ``tiv_point``, ``tiv_lo``, ``tiv_hi``
    for the deals with at least one delivery year in the window.  The point splits the printed
    TIV evenly; the bounds take the true TIV anywhere within its rounding
    (:func:`deal_tiv_bounds`) and any split: at least its lowest value where every delivery year
    lies in the window, else nothing; at most its highest value.
    """
    check_window(start, end)
    years = register["delivery_years"]
    n_total = years.map(len)
    n_in = years.map(lambda ys: sum(start <= y <= end for y in ys))
    keep = n_in > 0
    d = register.loc[keep].copy()
    n_total, n_in = n_total[keep], n_in[keep]
    tiv, lo, hi = deal_tiv_bounds(d["tiv_delivered"])
    full = (n_in == n_total).to_numpy(bool)
    d["years_in"] = n_in.astype(int)
    d["years_total"] = n_total.astype(int)
    d["tiv_point"] = tiv * n_in / n_total
    d["tiv_lo"] = np.where(full, lo, 0.0)
    d["tiv_hi"] = hi
    return d


def per_year_cells(delivery_years: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """The per-delivery-year register's rows in the window, as cells for :func:`tiv_blocks`.

    Each row is one deal's TIV in one year as SIPRI prints it (two decimals, see
    :data:`armsdata.conventions.REGISTER_HALF_UNIT`).
    """
    check_window(start, end)
    d = delivery_years[delivery_years["delivery_year"].between(start, end)]
    return pd.DataFrame({"recipient": d["recipient"].to_numpy(), "supplier": d["supplier"].to_numpy(),
                         "year": d["delivery_year"].astype("int64").to_numpy(),
                         "tiv": d["tiv_delivered"].astype("float64").fillna(0.0).to_numpy(),
                         "below_half": np.zeros(len(d), bool)})


@dataclass
class SplitResult:
    """Bounds from :class:`SplitLP`: the numbers, and which constraints they used."""

    point: float | None
    low: float
    high: float
    assumption: str
    constrained: bool


@dataclass
class SplitLP:
    """The delivery-split problem of a register for the window(s) of one question.

    Parameters
    ----------
    deals
        Register rows (``recipient``, ``supplier``, ``delivery_years``, ``tiv_delivered``): every
        deal of the recipients concerned, not only the selected ones, since all of a recipient's
        deals share its printed per-year totals.
    years
        The years of the window(s) asked about.
    year_totals
        The edition's printed per-year totals by recipient (``recipient``, ``year``, ``tiv``,
        ``below_half``), or None.  A recipient absent from it gets no constraint; a year absent
        for a recipient it lists is an empty cell: exactly 0.

    The solver is set up once; :meth:`linear` and :meth:`ratio` then bound any sum or quotient of
    window sums over deal masks.
    """

    deals: pd.DataFrame
    years: frozenset[int]
    year_totals: pd.DataFrame | None = None
    reason: str = field(default="", init=False)
    _checked: bool = field(default=False, init=False, repr=False)
    # extremes of the window sums asked about, kept while the constraints stay the same:
    # (coefficients, fixed part) -> {sense: (status, value, an x that reaches it)}
    _extremes: dict = field(default_factory=dict, init=False, repr=False)
    # slices of the program by component set, and the columns a sum touches
    _slices: dict = field(default_factory=dict, init=False, repr=False)
    _parts: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        d = self.deals.reset_index(drop=True)
        self.deals = d
        # printed TIV (the point) and the range of the true TIV behind it
        self.v, self.v_lo, self.v_hi = deal_tiv_bounds(d["tiv_delivered"])
        ny = d["delivery_years"].map(len).to_numpy(int)
        flat = np.fromiter((y for ys in d["delivery_years"] for y in ys), dtype=np.int64,
                           count=int(ny.sum()))
        deal_of = np.repeat(np.arange(len(d)), ny)
        in_years = np.isin(flat, np.fromiter(self.years, dtype=np.int64, count=len(self.years)))
        touch = np.zeros(len(d), bool)
        touch[deal_of[in_years]] = True
        # No delivered TIV is exact (each is rounded), so every deal that delivers in the years
        # asked about is a variable, a single-year one too; only an empty TIV is exactly 0.
        variable = touch & (self.v_hi > 0)
        self.variable = variable
        self.ny = ny
        # per (deal, year) pairs
        self.pair_deal, self.pair_year = deal_of, flat
        self.var_idx = np.flatnonzero(variable[deal_of])    # pairs that are LP variables
        self.n = len(self.var_idx)
        # each deal's recipient (a code into block_names): the printed totals are a recipient's
        self.deal_block, self.block_names = pd.factorize(d["recipient"].to_numpy())
        self._built = False  # the solver's matrices are built on first use
        if self.year_totals is None:
            self.reason = "no printed per-year totals (imports by recipient) to constrain it"

    def _ensure_built(self) -> None:
        if not self._built:
            self._built = True
            self._build_constraints()

    # ---------------------------------------------------------------- set-up
    def _build_constraints(self) -> None:
        from scipy import sparse

        n = self.n
        vd = self.pair_deal[self.var_idx]
        self.col_deal, self.col_block = vd, self.deal_block[vd]
        # a deal's years are adjacent columns: where each variable deal's columns start, and
        # which of them each column belongs to
        self.deal_start = np.flatnonzero(np.r_[True, vd[1:] != vd[:-1]]) if n else np.zeros(0, int)
        self.col_vdeal = np.cumsum(np.r_[False, vd[1:] != vd[:-1]]) if n else np.zeros(0, int)
        # each variable deal: its years' amounts add up to a value within its printed TIV's
        # rounding, lo <= sum <= hi.  A deal of one year is one variable: the range is its
        # bounds; a deal of several years gets two inequalities (none below where lo is 0).
        single = self.ny[vd] == 1
        self.bounds = np.column_stack([np.where(single, self.v_lo[vd], 0.0),
                                       np.where(single, self.v_hi[vd], np.inf)])
        multi = np.flatnonzero(self.variable & (self.ny > 1))
        row_of = np.zeros(len(self.v), dtype=np.int64)
        row_of[multi] = np.arange(len(multi))
        cols = np.flatnonzero(~single)
        m = sparse.csr_matrix((np.ones(len(cols)), (row_of[vd[cols]], cols)), shape=(len(multi), n))
        lo, hi = self.v_lo[multi], self.v_hi[multi]
        has_lo = lo > 0
        parts = [(m, hi), (-m[has_lo], -lo[has_lo])]
        n_range_rows = len(multi) + int(has_lo.sum())
        yt = self.year_totals
        if yt is None:
            self.reason = "no printed per-year totals (imports by recipient) to constrain it"
        elif n:
            parts.append(self._node_constraints(yt))
        self.A_ub = (sparse.vstack([p[0] for p in parts], format="csr") if n
                     else sparse.csr_matrix((0, 0)))
        self.b_ub = np.concatenate([p[1] for p in parts]) if n else np.zeros(0)
        # which rows are printed per-year totals (the others: the deals' ranges)
        self.row_node = np.arange(len(self.b_ub)) >= n_range_rows
        # Deals are tied only through the printed totals of the years they share: the program
        # is one independent component per connected set of deals and recipient-years (finer
        # than one per recipient), each solved on its own where that saves work (see _lp).
        first_col = self.A_ub.indices[self.A_ub.indptr[:-1]]  # every row has a column
        if n:
            from scipy.sparse.csgraph import connected_components

            node = self.A_ub[self.row_node]
            link = sparse.csr_matrix((np.ones(node.nnz), (np.repeat(np.arange(node.shape[0]),
                                      np.diff(node.indptr)), self.col_vdeal[node.indices])),
                                     shape=(node.shape[0], len(self.deal_start)))
            k = node.shape[0]
            graph = sparse.bmat([[None, link], [link.T, None]], format="csr") if k else \
                sparse.csr_matrix((len(self.deal_start), len(self.deal_start)))
            _, label = connected_components(graph, directed=False)
            self.col_comp = label[k:][self.col_vdeal] if k else label[self.col_vdeal]
        else:
            self.col_comp = np.zeros(0, np.int64)
        self.n_comps = int(self.col_comp.max()) + 1 if n else 0
        self.row_comp, self.row_block = self.col_comp[first_col], self.col_block[first_col]
        self._robust = self._no_robust_split()

    def _node_constraints(self, yt: pd.DataFrame):
        """Rows of the printed per-year totals: each recipient-year where a variable deal
        delivers, the variables' sum within the printed total less the other deals' share."""
        from scipy import sparse

        code = pd.Index(self.block_names).get_indexer(yt["recipient"])  # -1: none of these deals'
        listed = np.zeros(len(self.block_names), bool)
        listed[code[code >= 0]] = True
        vyear = self.pair_year[self.var_idx]
        unlisted = np.unique(self.col_block[~listed[self.col_block]])
        missing = sorted(map(str, self.block_names[unlisted]))
        if missing:
            self.reason = f"no printed per-year totals for {', '.join(missing)}"
        # one integer per recipient-year
        tyear = yt["year"].to_numpy(np.int64)
        first = int(min(self.pair_year.min(), tyear.min(initial=self.pair_year.min())))
        span = int(max(self.pair_year.max(), tyear.max(initial=self.pair_year.max()))) - first + 1
        vkey = self.col_block * span + (vyear - first)
        with_totals = listed[self.col_block]
        nodes = np.unique(vkey[with_totals])
        if not len(nodes):
            return sparse.csr_matrix((0, self.n)), np.zeros(0)

        def node_of(keys):
            pos = np.minimum(np.searchsorted(nodes, keys), len(nodes) - 1)
            return pos, nodes[pos] == keys

        # the other deals' share of each node (they do not deliver in the years asked about):
        # a single-year deal its TIV within its rounding, one of several years anything from
        # nothing to the highest TIV its rounding allows (a relaxation: their splits are free)
        others = np.ones(len(self.pair_deal), bool)
        others[self.var_idx] = False
        od = self.pair_deal[others]
        pos, hit = node_of(self.deal_block[od] * span + (self.pair_year[others] - first))
        o_lo, o_hi = np.zeros(len(nodes)), np.zeros(len(nodes))
        np.add.at(o_lo, pos[hit], np.where(self.ny[od] == 1, self.v_lo[od], 0.0)[hit])
        np.add.at(o_hi, pos[hit], self.v_hi[od][hit])
        # the printed total of each node (the first row where a table repeats one); none
        # printed: no deliveries identified, exactly 0
        tiv, below = yt["tiv"].to_numpy(float), yt["below_half"].to_numpy(bool)
        ok = (code >= 0) & ~np.isnan(tiv)
        tkey, at = np.unique(code[ok] * span + (tyear[ok] - first), return_index=True)
        pos = np.minimum(np.searchsorted(tkey, nodes), max(len(tkey) - 1, 0))
        printed = (tkey[pos] == nodes) if len(tkey) else np.zeros(len(nodes), bool)
        t_tiv = np.where(printed, tiv[ok][at][pos] if len(tkey) else 0.0, 0.0)
        t_below = printed & (below[ok][at][pos] if len(tkey) else False)
        t_lo, t_hi = cell_bounds(pd.Series(t_tiv), pd.Series(t_below))
        upper = np.where(printed, t_hi.to_numpy(), 0.0) - o_lo
        lower = t_lo.to_numpy() - o_hi
        cols = np.flatnonzero(with_totals)
        m = sparse.csr_matrix((np.ones(len(cols)), (node_of(vkey[cols])[0], cols)),
                              shape=(len(nodes), self.n))
        has_lower = lower > 0
        rows = sparse.vstack([m, -m[has_lower]], format="csr")
        b = np.concatenate([upper, -lower[has_lower]])
        return rows, b

    # ---------------------------------------------------------------- pieces of an objective
    def coefficients(self, mask: np.ndarray, start: int, end: int) -> tuple[np.ndarray, float, float]:
        """(coefficients over the variables, fixed part, even-split point) of a window sum.

        *mask* selects deals (positions in :attr:`deals`).  The fixed part is 0: no deal's TIV
        is exact (each is within its rounding), so a deal wholly inside the window, or delivered
        in one year, is variables like any other; only an empty TIV adds exactly nothing.
        """
        mask = np.asarray(mask, bool)
        pd_, py = self.pair_deal, self.pair_year
        vd, vy = pd_[self.var_idx], py[self.var_idx]
        c = (mask[vd] & (vy >= start) & (vy <= end)).astype(float)
        inside = mask[pd_] & (py >= start) & (py <= end)
        point = float((self.v[pd_] / np.maximum(self.ny[pd_], 1))[inside].sum())
        return c, 0.0, point

    def box(self, mask: np.ndarray, start: int, end: int) -> tuple[float, float]:
        """The unconstrained range of a window sum: each deal anything from none to all."""
        mask = np.asarray(mask, bool)
        pd_, py = self.pair_deal, self.pair_year
        inside = (py >= start) & (py <= end)
        count_in = np.bincount(pd_[inside], minlength=len(self.v))
        touched = mask & (count_in > 0)
        full = count_in == self.ny
        return float(self.v_lo[touched & full].sum()), float(self.v_hi[touched].sum())

    # ---------------------------------------------------------------- the program's rows
    @property
    def node_rows(self) -> int:
        """How many rows of printed per-year totals the program holds."""
        self._ensure_built()
        return int(self.row_node.sum())

    def _rows(self) -> tuple:
        return (self.A_ub, self.b_ub, self.row_block, self.row_comp, self.row_node,
                self._extremes, self._slices, self._robust)

    def _set_rows(self, rows: tuple) -> None:
        (self.A_ub, self.b_ub, self.row_block, self.row_comp, self.row_node,
         self._extremes, self._slices, self._robust) = rows

    def _keep_rows(self, keep: np.ndarray) -> None:
        """Keep only the rows *keep*; what was solved on the old rows is forgotten."""
        self._set_rows((self.A_ub[keep], self.b_ub[keep], self.row_block[keep],
                        self.row_comp[keep], self.row_node[keep], {}, {}, None))
        self._robust = self._no_robust_split()

    def _part(self, c: np.ndarray) -> np.ndarray | None:
        """The columns of the components a window sum with coefficients *c* touches, or None
        where it touches them all: the others are independent of it (see :meth:`_lp`)."""
        self._ensure_built()
        comps = np.unique(self.col_comp[c != 0])
        key = comps.tobytes()
        if key not in self._parts:
            cols = np.isin(self.col_comp, comps)
            self._parts[key] = None if cols.all() else cols
        return self._parts[key]

    # ---------------------------------------------------------------- where the totals cannot bind
    def _no_robust_split(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per component: whether it has rows of printed totals; 0 not asked yet, 1 has a robust
        split, -1 has none (see :meth:`_certify`); the robust splits found."""
        has_node = np.bincount(self.row_comp[self.row_node], minlength=self.n_comps) > 0
        return has_node, np.zeros(self.n_comps, np.int8), np.full(self.n, np.nan)

    def _certify(self, comps: np.ndarray) -> None:
        """Find out which of *comps* (each with printed totals) have a robust split: shares f
        (each deal's years' shares add up to 1) such that the amounts f T meet every printed
        total for EVERY deal TIV T within its rounding.

        Linear in f: a total's upper edge must hold with every deal at its highest TIV, its
        lower edge with every deal at its lowest.  Where such an f exists, every T in the box
        of the deals' roundings is feasible, so a sum or quotient that depends on the deals'
        TIVs alone (each deal wholly inside or outside its window) takes its extremes at the
        box's corners, with the amounts f T: no program to solve (see :meth:`_lp`).  One
        program for all of them: each total's edge may be missed by a slack, the slacks' sum
        is least, and the components are independent, so a component's slacks are all 0
        exactly where it has a robust split.  A recipient-year whose printed total leaves no
        room for SIPRI's rounding has none, and its component is solved as a program.
        """
        from scipy import sparse
        from scipy.optimize import linprog

        _, state, found = self._robust
        comps = comps[state[comps] == 0]
        if not len(comps):
            return
        cols = np.isin(self.col_comp, comps)
        rows = np.isin(self.row_comp, comps)
        node = rows & self.row_node
        deal = self.col_deal[cols]
        A = self.A_ub[node][:, cols]
        upper = np.asarray(A.sum(axis=1)).ravel() > 0  # +1 rows: upper edges; -1: lower
        k = A.shape[0]
        A = sparse.hstack([sparse.vstack([A[upper].multiply(self.v_hi[deal][None, :]),
                                          A[~upper].multiply(self.v_lo[deal][None, :])]),
                           -sparse.identity(k)], format="csr")
        b = np.concatenate([self.b_ub[node][upper], self.b_ub[node][~upper]])
        R = self.A_ub[rows & ~self.row_node][:, cols]
        R = R[np.asarray(R.sum(axis=1)).ravel() > 0]  # one row per deal of several years
        R = sparse.hstack([R, sparse.csr_matrix((R.shape[0], k))], format="csr")
        single = (self.ny[deal] == 1).astype(float)
        bounds = np.vstack([np.column_stack([single, np.where(single > 0, 1.0, np.inf)]),
                            np.column_stack([np.zeros(k), np.full(k, np.inf)])])
        res = linprog(np.r_[np.zeros(len(deal)), np.ones(k)], A_ub=A, b_ub=b,
                      A_eq=R if R.shape[0] else None, b_eq=np.ones(R.shape[0]) if R.shape[0] else None,
                      bounds=bounds, method="highs")
        if res.status != 0:  # not expected (the slacks make it feasible): solve them all instead
            state[comps] = -1
            return
        missed = np.zeros(self.n_comps)
        np.add.at(missed, np.concatenate([self.row_comp[node][upper], self.row_comp[node][~upper]]),
                  res.x[len(deal):])
        ok = missed[comps] <= FEASIBILITY_SLACK * 1e-3
        state[comps] = np.where(ok, 1, -1)
        found[cols] = res.x[:len(deal)]

    # ---------------------------------------------------------------- solving
    def _closed_form(self, objective: np.ndarray,
                     cols: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """The least objective.x on the components (of the columns *cols*) that need no
        program, and those that do.

        Where a component has no printed total: each deal at the end of its rounding the
        objective asks for, all in its cheapest year.  Where it has a robust split and the
        objective depends on the deals' TIVs alone: each deal at that end, split by the robust
        shares (see :meth:`_certify`).  Returns (x: 0 outside those components, the others).
        """
        x = np.zeros(self.n)
        comps = np.unique(self.col_comp if cols is None else self.col_comp[cols])
        has_node, state, found = self._robust
        lowest = np.minimum.reduceat(objective, self.deal_start)
        deal_comp = self.col_comp[self.deal_start]
        split_matters = np.zeros(self.n_comps, bool)
        split_matters[deal_comp[np.maximum.reduceat(objective, self.deal_start) != lowest]] = True
        self._certify(comps[has_node[comps] & ~split_matters[comps]])
        free, certified = ~has_node, has_node & (state == 1) & ~split_matters
        asked = np.zeros(self.n_comps, bool)
        asked[comps] = True
        first = self.col_deal[self.deal_start]
        tiv = np.where(lowest >= 0, self.v_lo[first], self.v_hi[first])
        if (free & asked).any():  # all of a deal's TIV in its cheapest year
            cheapest = np.lexsort((objective, self.col_vdeal))[self.deal_start]
            on = (free & asked)[deal_comp]
            x[cheapest[on]] = tiv[on]
        on = (certified & asked)[self.col_comp]
        x[on] = found[on] * tiv[self.col_vdeal[on]]
        return x, comps[~(free | certified)[comps]]

    def _lp(self, objective: np.ndarray, cols: np.ndarray | None = None) -> Solved:
        """Min of objective.x over the program, or over the components of the columns *cols*:
        (status, value, argmin over every column, 0 outside *cols*); status 0 solved, 2
        infeasible (scipy's codes)."""
        return self._lp_many([objective], [cols])[0]

    def _lp_many(self, objectives: Sequence[np.ndarray],
                 parts: Sequence[np.ndarray | None]) -> list[Solved]:
        """:meth:`_lp` for several objectives (each over its own part) at once.

        What needs a program is solved as one: a copy of the components each objective needs,
        side by side (block-diagonal), in batches of :data:`LP_BATCH_COLUMNS`; a share
        table's suppliers then cost a few programs, not a few per supplier.
        """
        self._ensure_built()
        if not self.n:
            return [(0, 0.0, np.zeros(0)) for _ in objectives]
        done = [self._closed_form(o, cols) for o, cols in zip(objectives, parts)]
        xs = [x for x, _ in done]
        status = [0] * len(objectives)
        batches, width = [[]], 0
        for k in (k for k, (_, hard) in enumerate(done) if len(hard)):
            w = int(self._slice(done[k][1])[0].sum())
            if batches[-1] and width + w > LP_BATCH_COLUMNS:
                batches, width = batches + [[]], 0
            batches[-1].append(k)
            width += w
        for batch in filter(None, batches):
            solved, ys = self._solve_copies([objectives[j] for j in batch], [done[j][1] for j in batch])
            if solved != 0 and len(batch) > 1:  # which of them cannot be solved: one by one
                found = [self._solve_copies([objectives[j]], [done[j][1]]) for j in batch]
                solved, ys = 0, [y[0] if s == 0 else None for s, y in found]
                for j, (s, _) in zip(batch, found):
                    status[j] = s
            elif solved != 0:
                status[batch[0]] = solved
            for j, y in zip(batch, ys):
                if status[j] == 0:
                    xs[j] = xs[j] + y
        return [(0, float(o @ x), x) if s == 0 else (s, np.nan, None)
                for o, x, s in zip(objectives, xs, status)]

    def _slice(self, comps: np.ndarray) -> tuple:
        """The columns, rows, right-hand sides and bounds of the components *comps* (kept)."""
        key = comps.tobytes()
        if key not in self._slices:
            cols = np.isin(self.col_comp, comps)
            rows = np.isin(self.row_comp, comps)
            self._slices[key] = (cols, self.A_ub[rows][:, cols], self.b_ub[rows], self.bounds[cols])
        return self._slices[key]

    def _solve_copies(self, objectives: list[np.ndarray],
                      comps: list[np.ndarray]) -> tuple[int, list[np.ndarray]]:
        """Min of each objective over its components, all in one block-diagonal program:
        (scipy's status, the argmins over every column, 0 outside each one's components)."""
        from scipy import sparse
        from scipy.optimize import linprog

        pieces = [self._slice(c) for c in comps]
        A = (sparse.block_diag([p[1] for p in pieces], format="csr") if len(pieces) > 1
             else pieces[0][1])
        res = linprog(np.concatenate([o[p[0]] for o, p in zip(objectives, pieces)]),
                      A_ub=A if A.shape[0] else None,
                      b_ub=np.concatenate([p[2] for p in pieces]) if A.shape[0] else None,
                      bounds=np.vstack([p[3] for p in pieces]), method="highs")
        if res.status != 0:
            return res.status, []
        ys, at = [], 0
        for cols, *_ in pieces:
            y = np.zeros(self.n)
            y[cols] = res.x[at:at + int(cols.sum())]
            at += int(cols.sum())
            ys.append(y)
        return 0, ys

    def _drop_inconsistent(self) -> None:
        """Drop the per-year constraints of recipients whose deals cannot meet them (once)."""
        if self._checked:
            return
        self._checked = True
        if self.year_totals is None:  # no totals to disagree with: nothing to build
            return
        self._ensure_built()
        if not self.node_rows or self._lp(np.zeros(self.n))[0] == 0:
            return
        # a recipient's deals and its own totals alone decide whether they can agree
        bad = [b for b in np.unique(self.row_block[self.row_node])
               if self._lp(np.zeros(self.n), self.col_block == b)[0] != 0]
        if bad:
            self._keep_rows(~(self.row_node & np.isin(self.row_block, bad)))
            names = ", ".join(sorted(map(str, self.block_names[bad])))
            note = (f"the printed per-year totals of {names} cannot be met by the register's "
                    "deals (inconsistent), so they are not used")
        else:  # not one recipient alone: the solver's tolerance; use none of the totals
            self._keep_rows(~self.row_node)
            note = "the printed per-year totals cannot be met by the register's deals"
        self.reason = "; ".join(filter(None, [self.reason, note]))
        log.info("%s", note)

    @property
    def constrained(self) -> bool:
        """True if printed per-year totals constrain the split (some were usable).  Without
        totals nothing is built (and scipy not imported): every deal is its own component, and
        each sum's extremes are its closed-form box."""
        return self.year_totals is not None and self.n > 0 and self.node_rows > 0

    def _fixed_assumption(self) -> str:
        """The assumption of a figure nothing in which varies (only empty TIVs)."""
        return EVEN_SPLIT_TOTALS if self.year_totals is not None else EVEN_SPLIT

    def assumption(self) -> str:
        if self.constrained:
            return EVEN_SPLIT_TOTALS + (f"; {self.reason}" if self.reason else "")
        if self.n == 0:  # nothing to split: no deal delivers in the years asked about
            return EVEN_SPLIT_TOTALS if self.year_totals is not None else EVEN_SPLIT
        return EVEN_SPLIT + (f"; not constrained by printed per-year totals: {self.reason}"
                             if self.reason else "")

    def _solve(self, c: np.ndarray, c0: float, e: np.ndarray | None, e0: float, sense: int,
               start: np.ndarray | None = None,
               bound: float | None = None) -> Solved:
        """Min (sense 1) or max (sense -1) of (c.x + c0) / (e.x + e0), or of c.x + c0 if e is None.

        Returns (status, value, an x that reaches it); status 0 solved, 2 infeasible, 3
        unbounded (scipy's codes), 4 not settled.  *start*: a feasible x to begin a quotient's
        search from; *bound*: a bound on the quotient from the other side (see
        :meth:`_dinkelbach`).  The first infeasible answer has the per-year constraints
        checked recipient by recipient (see :meth:`_drop_inconsistent`) and is asked again.
        """
        return self._solve_many(c[None, :], [c0], e, e0, sense, [start], [bound])[0]

    def _solve_many(self, C: np.ndarray, c0: Sequence[float], e: np.ndarray | None, e0: float,
                    sense: int | Sequence[int], starts: Sequence[np.ndarray | None] | None = None,
                    bounds: Sequence[float | None] | None = None) -> list[Solved]:
        """:meth:`_solve` for the numerators in the rows of *C* (a sense each, or one for all),
        all over one denominator, their programs solved together (see :meth:`_lp_many`)."""
        senses = np.broadcast_to(np.asarray(sense), (len(C),))
        starts = starts if starts is not None else [None] * len(C)
        bounds = bounds if bounds is not None else [None] * len(C)
        out = self._solve_once(C, c0, e, e0, senses, starts, bounds)
        if any(s == 2 for s, *_ in out) and not self._checked:
            self._drop_inconsistent()
            out = self._solve_once(C, c0, e, e0, senses, [None] * len(C), bounds)
        return out

    def _extreme(self, e: np.ndarray, e0: float, sense: int) -> Solved:
        """Min (sense 1) or max (-1) of e.x + e0, both found at once and kept: a quotient's
        bounds ask for both, often."""
        key = (e.tobytes(), float(e0))
        if key not in self._extremes:
            least, greatest = self._solve_many(np.array([e, e]), [e0, e0], None, 0.0, [1, -1])
            self._extremes[key] = {1: least, -1: greatest}  # after solving: a drop clears it
        return self._extremes[key][sense]

    def _solve_once(self, C, c0, e, e0, senses, starts, bounds) -> list[Solved]:
        out: list = [None] * len(C)
        todo = []  # (k, numerator, denominator, its constant, part)
        for k, c in enumerate(C):
            sense = int(senses[k])
            if not c.any():  # nothing varies in the numerator
                if e is None:
                    out[k] = (0, float(c0[k]), np.zeros(self.n))
                    continue
                status, d, _ = self._extreme(e, e0, -sense)  # least quotient: the whole at its largest
                if status != 0:
                    out[k] = (status, np.nan, None)
                elif d > FEASIBILITY_SLACK:
                    out[k] = (0, c0[k] / d, None)
                else:
                    out[k] = (3, np.inf, None) if c0[k] > 0 else (0, 0.0, None)
                continue
            part = self._part(c)
            ek, e0k = e, e0
            if e is not None and part is not None and (e[~part] != 0).any():
                # The components the numerator does not touch hold denominator only, independent
                # of the numerator: at its largest for the least quotient, at its least for the
                # greatest.
                status, _, xe = self._extreme(e, e0, -sense)
                if status != 0:
                    out[k] = (status, np.nan, None)
                    continue
                e0k = e0 + float(e[~part] @ xe[~part])
                ek = np.where(part, e, 0.0)
            todo.append((k, c, ek, e0k, part))
        if e is None:
            sums = self._lp_many([senses[k] * c for k, c, *_ in todo], [p for *_, p in todo])
            for (k, *_), (status, value, x) in zip(todo, sums):
                out[k] = (status, (senses[k] * value + c0[k]) if status == 0 else np.nan, x)
        elif todo:
            found = self._dinkelbach([t[1] for t in todo], [c0[t[0]] for t in todo],
                                     [t[2] for t in todo], [t[3] for t in todo],
                                     [int(senses[t[0]]) for t in todo],
                                     [t[4] for t in todo], [starts[t[0]] for t in todo],
                                     [bounds[t[0]] for t in todo])
            for (k, *_), res in zip(todo, found):
                out[k] = res
        return out

    def _dinkelbach(self, C, c0, E, e0, senses, parts, starts, bounds) -> list[Solved]:
        """Dinkelbach's method for the least (sense 1) or greatest (-1) of each
        (C[k].x + c0[k]) / (E[k].x + e0[k]) over its part, every step of them all solved
        together (see :meth:`_lp_many`).

        With lam the quotient at a feasible x, the least (greatest) value of N - lam D over the
        program is below (above) 0 unless lam is already the extreme, and its argmin is a
        better x.  Each step is a linear program over the split itself, where a deal of one
        year keeps its range as a variable's bounds (the Charnes-Cooper form turns each such
        bound into two rows, and took three times as long on a world table).

        The first lam: the quotient at the start (a feasible x), else the bound (a bound from
        the other side, such as the one without printed totals: where the totals do not bind,
        one program shows that N - lam D reaches 0 and so that the bound is reached), else 0.
        """
        K = len(C)
        out: list = [(4, np.nan, None)] * K  # not settled within DINKELBACH_STEPS
        lam, kind, xs = np.zeros(K), ["zero"] * K, [None] * K
        for k in range(K):
            if starts[k] is not None and E[k] @ starts[k] + e0[k] > FEASIBILITY_SLACK:
                xs[k], kind[k] = starts[k], "reached"
                lam[k] = (C[k] @ starts[k] + c0[k]) / (E[k] @ starts[k] + e0[k])
            elif bounds[k] is not None and np.isfinite(bounds[k]):
                lam[k], kind[k] = bounds[k], "bound"
        active = list(range(K))
        for _ in range(DINKELBACH_STEPS):
            if not active:
                break
            steps = self._lp_many([senses[k] * (C[k] - lam[k] * E[k]) for k in active],
                                  [parts[k] for k in active])
            again, restart = [], []
            for k, (status, _, y) in zip(active, steps):
                sense = senses[k]
                if status != 0:
                    out[k] = (status, np.nan, None)
                    continue
                num, den = C[k] @ y + c0[k], E[k] @ y + e0[k]
                gap = num - lam[k] * den  # the least (greatest) N - lam D: 0 at the extreme
                if abs(gap) <= DINKELBACH_TOL * max(1.0, abs(num), abs(lam[k] * den)) and (
                        kind[k] == "reached" or den > FEASIBILITY_SLACK
                        or (kind[k] == "zero" and sense == -1)):  # the numerator is 0 everywhere
                    out[k] = (0, float(lam[k]), y if xs[k] is None else xs[k])
                elif den > FEASIBILITY_SLACK:
                    xs[k], lam[k], kind[k] = y, num / den, "reached"
                    again.append(k)
                elif sense == -1:  # the numerator is positive where the whole is 0
                    out[k] = (3, np.inf, None)
                else:
                    restart.append(k)
            if restart:  # start again where the whole is largest
                for k, (status, _, y) in zip(restart, self._lp_many([-E[k] for k in restart],
                                                                    [parts[k] for k in restart])):
                    den = E[k] @ y + e0[k] if status == 0 else 0.0
                    if den <= FEASIBILITY_SLACK:  # the whole is 0 everywhere: no quotient
                        out[k] = (status or 2, np.nan, None)
                    else:
                        xs[k], lam[k], kind[k] = y, (C[k] @ y + c0[k]) / den, "reached"
                        again.append(k)
            active = sorted(again)
        return out

    def linear(self, mask: np.ndarray, start: int, end: int) -> SplitResult:
        """Bounds on a window sum of the deals in *mask* (TIV)."""
        c, c0, point = self.coefficients(mask, start, end)
        box_lo, box_hi = self.box(mask, start, end)
        if not c.any():  # no selected deal delivers in the window: the sum is what it is
            return SplitResult(point, c0, c0, self._fixed_assumption(), self.year_totals is not None)
        if not self.constrained:
            return SplitResult(point, box_lo, box_hi, self.assumption(), False)
        s_lo, lo, _ = self._solve(c, c0, None, 0.0, 1)
        s_hi, hi, _ = self._solve(c, c0, None, 0.0, -1)
        if s_lo != 0 or s_hi != 0:
            return self._fallback(point, box_lo, box_hi, f"the solver failed (status {s_lo}/{s_hi})")
        if not self.constrained:  # the totals turned out inconsistent and were dropped
            return SplitResult(point, box_lo, box_hi, self.assumption(), False)
        return SplitResult(point, max(lo, box_lo), max(min(hi, box_hi), max(lo, box_lo)),
                           self.assumption(), True)

    def ratio(self, num: tuple[np.ndarray, int, int], den: tuple[np.ndarray, int, int],
              box: tuple[float, float] | None = None) -> SplitResult:
        """Bounds on (window sum *num*) / (window sum *den*); each a (deal mask, start, end).

        *box*: the unconstrained bounds, where the caller has them in closed form (shares);
        otherwise they come from the same program without the per-year constraints.
        """
        c, c0, n_pt = self.coefficients(*num)
        e, e0, d_pt = self.coefficients(*den)
        point = n_pt / d_pt if d_pt > 0 else None
        if not c.any() and not e.any():
            r = c0 / e0 if e0 > 0 else np.nan
            return SplitResult(point, r, r, self._fixed_assumption(), self.year_totals is not None)
        self._drop_inconsistent()  # before the unconstrained program, which drops the rows
        if box is None:
            box = self._unconstrained_ratio(c, c0, e, e0)
        if not self.constrained:
            return SplitResult(point, box[0], box[1], self.assumption(), False)
        s, dmin, _ = self._extreme(e, e0, 1)
        if s != 0 or dmin <= FEASIBILITY_SLACK:
            return self._fallback(point, *box, reason="the window's total can be zero")
        s_lo, lo, _ = self._solve(c, c0, e, e0, 1, bound=box[0])
        s_hi, hi, _ = self._solve(c, c0, e, e0, -1, bound=box[1])
        if s_lo != 0 or s_hi != 0:
            return self._fallback(point, *box, reason=f"the solver failed (status {s_lo}/{s_hi})")
        lo, hi = max(lo, box[0]), min(hi, box[1])
        return SplitResult(point, lo, max(hi, lo), self.assumption(), True)

    def _unconstrained_ratio(self, c, c0, e, e0) -> tuple[float, float]:
        """The extremes of the quotient where only each deal's own range binds (no printed
        totals): in closed form where the quotient settles, else by the program."""
        found = self._box_ratio(c, c0, e, e0)
        return found if found is not None else self._unconstrained_ratio_lp(c, c0, e, e0)

    def _box_ratio(self, c, c0, e, e0) -> tuple[float, float] | None:
        """Dinkelbach's method where each step is solved in closed form: without printed totals
        the deals are independent, and the least (greatest) of a linear sum puts each deal's
        whole TIV, at the low (high) end of its rounding, into its year of least (greatest)
        coefficient, so a step is a sort, not a program.  None where a step does not settle."""
        vd = self.pair_deal[self.var_idx]
        if len(vd) == 0:
            return None
        group = np.cumsum(np.r_[False, vd[1:] != vd[:-1]])
        starts = np.flatnonzero(np.r_[True, vd[1:] != vd[:-1]])
        lo, hi = self.v_lo[vd[starts]], self.v_hi[vd[starts]]

        def least(w: np.ndarray) -> np.ndarray:
            """The x of least w.x: each deal's TIV (lo where its best coefficient is >= 0, hi
            where it is negative) on its year of least coefficient."""
            best = np.minimum.reduceat(w, starts)
            at = np.flatnonzero(w == best[group])  # every year of least coefficient ...
            j = at[np.r_[True, group[at][1:] != group[at][:-1]]]  # ... the first of each deal
            x = np.zeros(len(vd))
            x[j] = np.where(w[j] >= 0, lo, hi)
            return x

        out = []
        for sense in (1, -1):
            x = least(-e)  # start where the whole is largest
            den = e @ x + e0
            if den <= FEASIBILITY_SLACK:
                return (0.0, float("inf"))  # the whole can be 0 at most: no finite quotient
            lam = (c @ x + c0) / den
            for _ in range(DINKELBACH_STEPS):
                y = least(sense * (c - lam * e))
                num, den = c @ y + c0, e @ y + e0
                gap = num - lam * den
                if abs(gap) <= DINKELBACH_TOL * max(1.0, abs(num), abs(lam * den)):
                    break
                if den <= FEASIBILITY_SLACK:
                    if sense == -1:
                        lam = float("inf")
                        break
                    return None
                lam = num / den
            else:
                return None
            out.append(float(lam))
        return out[0], out[1]

    def _unconstrained_ratio_lp(self, c, c0, e, e0) -> tuple[float, float]:
        self._ensure_built()
        saved = self._rows()
        self._keep_rows(~self.row_node)
        try:
            s_lo, lo, _ = self._solve(c, c0, e, e0, 1)
            s_hi, hi, _ = self._solve(c, c0, e, e0, -1)
            return (lo if s_lo == 0 else 0.0), (hi if s_hi == 0 else float("inf"))
        finally:
            self._set_rows(saved)

    def _fallback(self, point, lo, hi, reason: str) -> SplitResult:
        log.info("register bounds unconstrained: %s", reason)
        return SplitResult(point, lo, hi, EVEN_SPLIT + f"; not constrained by printed per-year "
                           f"totals: {reason}", False)


def register_share_table(deals: pd.DataFrame, start: int, end: int, *, entity: str = "supplier",
                         selected: np.ndarray | None = None,
                         year_totals: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """Every entity's share of the selected deals' TIV in the window (classic register, even split).

    Parameters
    ----------
    deals
        Register rows; all deals of the recipients concerned (they share the per-year totals).
    entity
        The column shared out (``supplier``; ``recipient`` for import shares).
    selected
        Boolean mask of the deals that make up the whole (default: all of *deals*).
    year_totals
        Printed per-year totals by recipient (see :class:`SplitLP`), or None.

    Returns
    -------
    (table, assumption)
        The columns of :func:`share_table`; the assumption names the bounds used.

    Raises
    ------
    NoDataError
        No selected deal delivers in the window.
    """
    check_window(start, end)
    deals = deals.reset_index(drop=True)
    sel = np.ones(len(deals), bool) if selected is None else np.asarray(selected, bool)
    win = deal_window_tiv(deals[sel], start, end)
    if win.empty:
        raise NoDataError(f"no deliveries in {window_label(start, end)} among the selected deals.")
    per = win.groupby(entity)[["tiv_point", "tiv_lo", "tiv_hi"]].sum()
    all_lo, all_hi = per["tiv_lo"].sum(), per["tiv_hi"].sum()
    u_low = _ratio(per["tiv_lo"], per["tiv_lo"] + (all_hi - per["tiv_hi"]), empty=0.0)
    u_high = _ratio(per["tiv_hi"], per["tiv_hi"] + (all_lo - per["tiv_lo"]), empty=1.0)
    lp = SplitLP(deals, frozenset(range(start, end + 1)), year_totals)
    den_point = float(per["tiv_point"].sum())
    low, high = u_low.copy(), u_high.copy()
    t_lo, t_hi = per["tiv_lo"].to_numpy(float).copy(), per["tiv_hi"].to_numpy(float).copy()
    e, e0, _ = lp.coefficients(sel, start, end)
    varies = bool(e.any())  # some selected deal with a TIV delivers in the window
    if not varies:  # only empty TIVs (exactly 0) in the window: the bounds are the point
        assumption = EVEN_SPLIT_TOTALS if year_totals is not None else EVEN_SPLIT
    exact_note, failed = None, ""
    if varies and lp.constrained:
        if lp._part(e) is not None:  # else the whole's own extremes check every total first
            lp._drop_inconsistent()  # before any bound: every program below on the same rows
        ent = deals[entity].to_numpy()
        d_lo = lp._extreme(e, e0, 1)
        d_hi = lp._extreme(e, e0, -1)
        exact = lp.n * len(per) <= EXACT_LP_BUDGET
        if d_lo[0] != 0 or d_hi[0] != 0:
            exact_note = ""
            failed = ("; not constrained by printed per-year totals: the solver failed (status "
                      f"{d_lo[0]}/{d_hi[0]})")
        elif lp.constrained:
            (_, dmin, x_dmin), (_, dmax, x_dmax) = d_lo, d_hi
            if not exact:
                exact_note = ("; each share bounded from the ranges of its own sum and of the "
                              "whole (a relaxation: the exact program is too large to solve for "
                              "every entity)")
            C = np.array([lp.coefficients(sel & (ent == name), start, end)[0] for name in per.index])
            box_lo, box_hi = per["tiv_lo"].to_numpy(float), per["tiv_hi"].to_numpy(float)
            slack = FEASIBILITY_SLACK * np.maximum(1.0, box_hi)
            # A sum's bound without totals is reached where the whole's least (greatest) is, if
            # it is reached there: no program for those.
            tl, th = np.where(C @ x_dmin <= box_lo + slack, box_lo, np.nan), \
                np.where(C @ x_dmax >= box_hi - slack, box_hi, np.nan)
            ok = np.ones(len(per), bool)
            low_k, high_k = np.flatnonzero(np.isnan(tl)), np.flatnonzero(np.isnan(th))
            found = lp._solve_many(C[np.r_[low_k, high_k]], np.zeros(len(low_k) + len(high_k)), None,
                                   0.0, np.r_[np.ones(len(low_k)), -np.ones(len(high_k))])
            for k, values, (status, v, _) in zip(np.r_[low_k, high_k],
                                                 [tl] * len(low_k) + [th] * len(high_k), found):
                values[k], ok[k] = v, ok[k] and status == 0
            lo_k, hi_k = np.zeros(len(per)), np.ones(len(per))
            var = C.any(axis=1)  # else only empty TIVs: the numerator 0, the share 0
            lo_k[~var] = hi_k[~var] = 0.0
            if exact and dmin > FEASIBILITY_SLACK:
                todo = np.flatnonzero(var)
                found = lp._solve_many(C[np.r_[todo, todo]], np.zeros(2 * len(todo)), e, e0,
                                       np.r_[np.ones(len(todo)), -np.ones(len(todo))],
                                       bounds=list(np.r_[u_low[todo], u_high[todo]]))
                for k, values, (status, v, _) in zip(np.r_[todo, todo],
                                                     [lo_k] * len(todo) + [hi_k] * len(todo), found):
                    values[k], ok[k] = v, ok[k] and status == 0
            elif not exact:  # the others at most the whole's maximum less this one's minimum, ...
                o_hi = np.minimum(all_hi - box_hi, dmax - tl)
                o_lo = np.maximum(all_lo - box_lo, dmin - th)
                lo_k = np.where(var, _ratio(tl, tl + o_hi, 0.0), 0.0)
                hi_k = np.where(var, _ratio(th, th + np.maximum(o_lo, 0.0), 1.0), 0.0)
            # where a program failed, the bounds without totals stay
            low = np.where(ok, np.maximum(lo_k, u_low), u_low)
            high = np.where(ok, np.maximum(np.minimum(hi_k, u_high), low), u_high)
            t_lo = np.where(ok, np.maximum(tl, t_lo), t_lo)
            t_hi = np.where(ok, np.maximum(np.minimum(th, t_hi), t_lo), t_hi)
    if failed:
        assumption = EVEN_SPLIT + failed
    elif varies:
        assumption = lp.assumption() + (exact_note or "")
    out = pd.DataFrame({"tiv": per["tiv_point"].to_numpy(float), "tiv_low": t_lo, "tiv_high": t_hi,
                        "share": 100 * per["tiv_point"].to_numpy(float) / den_point if den_point > 0 else np.nan,
                        "low": 100 * low, "high": 100 * high, "denominator": den_point},
                       index=per.index.astype(str))
    out["feasible"] = is_feasible(out["share"], out["low"], out["high"])
    return sort_shares(out), assumption


def register_recipient_amounts(deals: pd.DataFrame, start: int, end: int, labels: np.ndarray, *,
                               selected: np.ndarray | None = None,
                               year_totals: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """The window TIV of the selected deals per *label* of recipients, with exact bounds.

    Each label stands for one recipient or a group of recipients (*labels*: one per deal).  A
    recipient's deals are tied only by that recipient's per-year totals, so the labels' amounts
    are independent: one :class:`SplitLP` bounds each label's sum on its own recipients' part of
    the program, and shares among them are exact with :func:`independent_shares`.

    Returns
    -------
    (amounts, assumption)
        Index label: ``point``, ``low``, ``high`` (TIV); only labels with a selected delivery in
        the window.
    """
    check_window(start, end)
    deals = deals.reset_index(drop=True)
    labels = np.asarray(labels)
    sel = np.ones(len(deals), bool) if selected is None else np.asarray(selected, bool)
    touching = deals["delivery_years"].map(lambda ys: any(start <= y <= end for y in ys)).to_numpy(bool)
    lp = SplitLP(deals, frozenset(range(start, end + 1)), year_totals)
    out, failed = {}, []
    for lab in sorted(set(labels[sel & touching])):
        r = lp.linear(sel & (labels == lab), start, end)
        out[lab] = (r.point, r.low, r.high)
        if lp.constrained and not r.constrained:  # the solver failed on this one: its box
            failed.append(str(lab))
    frame = pd.DataFrame.from_dict(out, orient="index", columns=["point", "low", "high"])
    assumption = lp.assumption()
    if failed:
        assumption += f"; {', '.join(failed)}: any split (the solver failed)"
    return frame, assumption


# --------------------------------------------------------------------------------------------
# Ranks
# --------------------------------------------------------------------------------------------

def rank_table(df: pd.DataFrame) -> pd.DataFrame:
    """Rank entities by ``value`` (1 = largest) with the best and worst rank their bounds allow.

    *df* has ``value``, ``low``, ``high``.  ``rank`` counts the entities with a larger point
    (ties share a rank); ``best`` = 1 + the number of entities certainly larger (their low above
    this one's high); ``worst`` = 1 + the number that could be as large or larger (their high at
    or above this one's low).  Entities whose ranges overlap are tied within the bounds: their
    ranks form a range, never a definite order.  (The bounds of different entities are taken one
    at a time, so the range is wide enough, never too narrow.)
    """
    v = df["value"].to_numpy(float)
    lo = df["low"].to_numpy(float)
    hi = df["high"].to_numpy(float)
    vv = np.where(np.isnan(v), -np.inf, v)
    rank = 1 + (vv[None, :] > vv[:, None]).sum(axis=1)
    slack = FEASIBILITY_SLACK
    best = 1 + (lo[None, :] > hi[:, None] + slack).sum(axis=1)
    could = hi[None, :] >= lo[:, None] - slack
    np.fill_diagonal(could, False)
    worst = 1 + could.sum(axis=1)
    out = df.copy()
    out["rank"] = rank.astype(int)
    out["best"] = np.minimum(best, rank).astype(int)
    out["worst"] = np.maximum(worst, rank).astype(int)
    return out


# --------------------------------------------------------------------------------------------
# Tables over one recipient's rows (the notebooks and the explorer show these)
# --------------------------------------------------------------------------------------------

def _of_recipient(rows: pd.DataFrame, recipient: str | Iterable[str]) -> pd.DataFrame:
    """The rows of *recipient* (one name), or of several (a region's members, summed by the
    caller), without the aggregate suppliers."""
    names = [recipient] if isinstance(recipient, str) else list(recipient)
    return rows[rows["recipient"].isin(names) & ~rows["supplier"].isin(AGGREGATE_SUPPLIERS)]


def hhi(shares_pct: pd.Series) -> float:
    """Herfindahl–Hirschman index of shares given in per cent: 0 (dispersed) to 10,000 (one)."""
    s = shares_pct.dropna()
    return float((s ** 2).sum())


#: The columns of a recipient's largest suppliers window by window (:func:`armsdata.report.suppliers.top_by_window`).
TOP_BY_PERIOD_COLUMNS = ["window", "rank", "supplier", "tiv", "share", "low", "high",
                         "below_half"]


def shares_side_by_side(shares: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Stacked shares of several editions and bases as one wide table, for reading across.

    Parameters
    ----------
    shares
        Share frames (:data:`SHARE_COLUMNS`) of several editions and bases concatenated, for one
        recipient or several.
    n
        Keep the suppliers that are among the *n* largest on at least one edition and basis.

    Returns
    -------
    pandas.DataFrame
        Index ``(recipient, supplier)``, ordered by the first edition and basis's share; columns
        ``(edition basis, share | low | high)`` in per cent.  A supplier with no deliveries on an
        edition and basis has 0 there (it delivered nothing that edition records).  No shares
        (no deliveries on any edition and basis): an empty table.
    """
    if shares.empty:
        return pd.DataFrame(index=pd.MultiIndex.from_arrays([[], []], names=["recipient", "supplier"]))
    s = shares.assign(source=shares["edition"] + " " + shares["basis"])
    sources = list(dict.fromkeys(s["source"]))
    top = s.groupby(["recipient", "source"], sort=False).head(n)
    keep = top[["recipient", "supplier"]].drop_duplicates()
    s = s.merge(keep, on=["recipient", "supplier"])
    wide = s.pivot_table(index=["recipient", "supplier"], columns="source",
                         values=["share", "low", "high"], aggfunc="first")
    wide = wide.swaplevel(0, 1, axis=1)
    wide = wide.reindex(columns=pd.MultiIndex.from_product([sources, ["share", "low", "high"]]))
    wide = wide.fillna(0.0)
    rank = {r: i for i, r in enumerate(dict.fromkeys(s["recipient"]))}
    first = wide[(sources[0], "share")]
    order = sorted(wide.index, key=lambda k: (rank[k[0]], -first[k], k[1]))
    wide = wide.loc[order]
    wide.columns.names = ["edition basis", "per cent"]
    return wide


def compare_top_supplier(shares: pd.DataFrame, supplier: str | None = None) -> pd.DataFrame:
    """One supplier's share on every edition and basis of stacked shares, next to each's leader.

    Parameters
    ----------
    shares
        Concatenated share frames of **one** recipient.
    supplier
        Default: the largest supplier on the first edition and basis.

    Returns
    -------
    pandas.DataFrame
        One row per (edition, basis) in the order given: ``recipient, edition, basis, window,
        supplier, tiv, share, low, high, denominator, top_supplier`` (the largest supplier on that
        edition and basis, to show where editions disagree on who leads).  A supplier absent from
        an edition and basis gets share 0 with bounds 0.

    Raises
    ------
    ValueError
        If *shares* holds more than one recipient (a programming error, not a data error).
    """
    cols = ["recipient", "edition", "basis", "window", "supplier", "tiv", "share", "low", "high",
            "denominator", "top_supplier"]
    if shares.empty:  # no deliveries on any edition and basis
        return pd.DataFrame(columns=cols)
    if shares["recipient"].nunique() != 1:
        raise ValueError(f"compare_top_supplier needs one recipient's shares; got "
                         f"{sorted(shares['recipient'].unique())}.")
    groups = shares.groupby(["edition", "basis"], sort=False)
    if supplier is None:
        supplier = str(next(iter(groups))[1].iloc[0]["supplier"])
    out = []
    for (ed, b), g in groups:
        hit = g[g["supplier"] == supplier]
        row = {"recipient": g["recipient"].iloc[0], "edition": ed, "basis": b,
               "window": g["window"].iloc[0], "supplier": supplier}
        if hit.empty:
            row.update(tiv=0.0, share=0.0, low=0.0, high=0.0)
        else:
            row.update({c: float(hit.iloc[0][c]) for c in ("tiv", "share", "low", "high")})
        row.update(denominator=float(g["denominator"].iloc[0]), top_supplier=g.iloc[0]["supplier"])
        out.append(row)
    return pd.DataFrame(out, columns=cols)
