"""Supplier shares with honest bounds, concentration, rankings: pure DataFrame → DataFrame.

Three bases for "supplier *s*'s share of recipient *r*'s imports over a window":

``total``
    SIPRI's way in its fact sheets: the sum of *s*'s rounded cells over the window divided by the
    sum of SIPRI's rounded ``Total`` row (Armenia 2011–2020, 2022 edition: 374 / 397).
``rows``
    The sum of *s*'s rounded cells over the sum of every supplier's rounded cells (374 / 399):
    SIPRI rounds each cell on its own, so rows and ``Total`` differ.
``register``
    Unrounded TIV of delivered weapons from the trade register, deal by deal.  A deal lists its
    delivery years (``2016; 2017``) but not how its TIV splits across them: the point estimate
    assumes an **even split over the listed years**; the bounds allow any split.  From the
    per-delivery-year register (SIPRI's own split) there is no split uncertainty.

Bounds
------
Rounding: a printed whole number *v* ≥ 1 stands for a true value in [v − 0.5, v + 0.5]; a printed
``0`` for one in (0, 0.5); an empty cell for exactly 0.  A register value of 0 is read the same way
(SIPRI: "between 0 and 0.5").  For a supplier with true window sum *x* and the others *y*, the share
*x / (x + y)* is smallest at the lowest *x* and highest *y*, and largest the other way round.  On the
``total`` basis the true total of each year must also lie within SIPRI's rounded ``Total`` ± 0.5,
which narrows the bounds.  Delivery split: a deal whose delivery years straddle the window edge
puts anywhere between nothing and all of its TIV inside the window.

All shares are in per cent.  Nothing here is specific to a country.
"""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
import pandas as pd

from armsdata.conventions import ALL, HALF_UNIT, TOTAL
from armsdata.errors import NoDataError

log = logging.getLogger(__name__)

Basis = Literal["total", "rows", "register"]

HALF = HALF_UNIT

SHARE_COLUMNS = ["recipient", "supplier", "tiv", "tiv_low", "tiv_high", "share", "low", "high",
                 "denominator", "basis", "window", "edition", "assumption"]

EVEN_SPLIT = "register: each deal's delivered TIV split evenly over its listed delivery years"
SIPRI_SPLIT = "register: SIPRI's per-delivery-year values (no split assumption)"
ROUNDING = "TIV tables: each printed cell within +/-0.5 of its true value; '0' between 0 and 0.5"

#: Supplier labels that are sums, not suppliers: the 2022 world table (``ALL.csv``) gives each
#: recipient's imports from ``"All"`` suppliers next to the per-supplier tables, so counting it
#: as a supplier would double every denominator.
AGGREGATE_SUPPLIERS = (ALL, TOTAL)


def window_label(start: int, end: int) -> str:
    """``"2011-2020"``."""
    return f"{start}-{end}"


def _check_window(start: int, end: int) -> None:
    if start > end:
        raise ValueError(f"window {start}-{end}: start year after end year; give --from <= --to.")


def cell_bounds(tiv: pd.Series, below_half: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Lower and upper bound of the true value behind each printed (rounded) TIV cell."""
    lo = np.where(below_half, 0.0, np.maximum(tiv - HALF, 0.0))
    hi = np.where(below_half, HALF, tiv + HALF)
    return pd.Series(lo, index=tiv.index), pd.Series(hi, index=tiv.index)


def _share_frame(recipient: str, per: pd.DataFrame, low: pd.Series, high: pd.Series,
                 denominator: float, basis: str, start: int, end: int, edition: str,
                 assumption: str) -> pd.DataFrame:
    out = pd.DataFrame({
        "recipient": recipient,
        "supplier": per.index.astype(str),
        "tiv": per["tiv"].to_numpy(float),
        "tiv_low": per["lo"].to_numpy(float),
        "tiv_high": per["hi"].to_numpy(float),
        "share": (100 * per["tiv"] / denominator).to_numpy(float) if denominator > 0 else np.nan,
        "low": (100 * low).to_numpy(float),
        "high": (100 * high).to_numpy(float),
        "denominator": float(denominator),
        "basis": basis,
        "window": window_label(start, end),
        "edition": edition,
        "assumption": assumption,
    })
    out = out.sort_values(["share", "tiv_high", "supplier"], ascending=[False, False, True],
                          kind="mergesort").reset_index(drop=True)
    return out


def tiv_shares(rows: pd.DataFrame, totals: pd.DataFrame | None, recipient: str, start: int,
               end: int, basis: Literal["total", "rows"] = "total", edition: str = "") -> pd.DataFrame:
    """Every supplier's share of *recipient*'s imports over ``start``–``end`` from a TIV table.

    Parameters
    ----------
    rows, totals
        ``TivTable.rows`` and ``TivTable.totals`` (long form, see ``docs/architecture.md``).
    recipient
        Recipient name as it appears in ``rows`` (canonical).
    start, end
        Window, inclusive years.
    basis
        ``"total"``: denominator SIPRI's rounded ``Total`` row; ``"rows"``: the sum of the rounded
        supplier rows.
    edition
        Label carried into the output.

    Returns
    -------
    pandas.DataFrame
        One row per supplier: ``tiv`` (sum of printed cells), ``tiv_low``/``tiv_high`` (rounding
        bounds), ``share``/``low``/``high`` in per cent, ``denominator`` (the TIV the share is
        taken of), ``basis``, ``window``, ``edition``.  The bounds combine every constraint the
        rounded figures impose at once (each cell, and on the ``total`` basis each year's
        ``Total``), so they can exclude the point estimate when SIPRI's rounded rows and
        ``Total`` disagree: the point is then a value no unrounded data could give.

    Raises
    ------
    NoDataError
        No deliveries to *recipient* in the window.

    Examples
    --------
    Armenia 2011–2020, 2022 edition: Russia 374 of a ``Total`` of 397 → 94.2 %.
    """
    _check_window(start, end)
    r = rows[(rows["recipient"] == recipient) & rows["year"].between(start, end)
             & ~rows["supplier"].isin(AGGREGATE_SUPPLIERS)]
    if r.empty:
        raise NoDataError(f"no deliveries to {recipient!r} in {window_label(start, end)} in this "
                          f"edition ({edition or 'unnamed'}); check the name and the years.")
    lo, hi = cell_bounds(r["tiv"], r["below_half"])
    cells = pd.DataFrame({"supplier": r["supplier"], "year": r["year"], "tiv": r["tiv"],
                          "lo": lo.to_numpy(), "hi": hi.to_numpy()})
    per = cells.groupby("supplier")[["tiv", "lo", "hi"]].sum()
    by_year = cells.groupby("year")[["tiv", "lo", "hi"]].sum()  # all suppliers, per year
    cap_lo, cap_hi = by_year["lo"], by_year["hi"]
    denominator = float(per["tiv"].sum())
    if basis == "total":
        if totals is None:
            raise ValueError("basis='total' needs SIPRI's Total row; this table has none.")
        t = totals[(totals["recipient"] == recipient) & totals["year"].between(start, end)]
        tlo, thi = cell_bounds(t["tiv"], t["below_half"])
        tb = pd.DataFrame({"lo": tlo.to_numpy(), "hi": thi.to_numpy()}, index=t["year"].to_numpy())
        tb = tb.reindex(by_year.index).fillna({"lo": 0.0, "hi": 0.0})
        # the true yearly total satisfies both the rows' bounds and SIPRI's Total +/- 0.5
        cap_lo = np.maximum(cap_lo, tb["lo"])
        cap_hi = np.minimum(cap_hi, tb["hi"]).where(lambda s: s >= cap_lo, cap_lo)
        denominator = float(t["tiv"].sum())
    elif basis != "rows":
        raise ValueError(f"basis {basis!r} is not a TIV-table basis; use 'total' or 'rows'.")
    cap_hi = np.maximum(cap_hi, cap_lo)  # inconsistent rounding cannot make the range empty
    # Every supplier at once: arrays suppliers (rows, in per.index order) x years (columns).
    # A loop over suppliers gave the same numbers 30 times slower (every recipient, every basis).
    sy = cells.groupby(["supplier", "year"])[["lo", "hi"]].sum()
    g_lo = sy["lo"].unstack(fill_value=0.0).reindex(index=per.index, columns=by_year.index,
                                                   fill_value=0.0).to_numpy(float)
    g_hi = sy["hi"].unstack(fill_value=0.0).reindex(index=per.index, columns=by_year.index,
                                                   fill_value=0.0).to_numpy(float)
    y_lo, y_hi = by_year["lo"].to_numpy(float), by_year["hi"].to_numpy(float)
    c_lo, c_hi = np.asarray(cap_lo, float), np.asarray(cap_hi, float)
    o_lo, o_hi = y_lo - g_lo, y_hi - g_hi
    # lowest share: the supplier as small and the others as large as the year's total allows
    x = np.maximum(g_lo, c_lo - o_hi)
    o = np.minimum(o_hi, c_hi - x)
    low = _ratio(x.sum(axis=1), (x + o).sum(axis=1), empty=0.0)
    # highest share: the other way round
    x = np.minimum(g_hi, c_hi - o_lo)
    o = np.maximum(o_lo, c_lo - x)
    high = _ratio(x.sum(axis=1), (x + o).sum(axis=1), empty=1.0)
    return _share_frame(recipient, per, pd.Series(low, index=per.index),
                        pd.Series(high, index=per.index), denominator, basis, start, end,
                        edition, ROUNDING)


def _ratio(num: np.ndarray, den: np.ndarray, empty: float) -> np.ndarray:
    """``num / den`` where ``den > 0``, else *empty* (a supplier whose range collapsed to 0)."""
    out = np.full(num.shape, empty, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return out


def deal_window_tiv(register: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Each deal's delivered TIV inside the window: point (even split), lowest and highest.

    Returns *register* with ``years_in``, ``years_total``, ``tiv_point``, ``tiv_lo``, ``tiv_hi``
    for the deals with at least one delivery year in the window.
    """
    _check_window(start, end)
    years = register["delivery_years"]
    n_total = years.map(len)
    n_in = years.map(lambda ys: sum(start <= y <= end for y in ys))
    keep = n_in > 0
    d = register.loc[keep].copy()
    n_total, n_in = n_total[keep], n_in[keep]
    tiv = d["tiv_delivered"].astype("float64").fillna(0.0)
    below = tiv == 0.0  # SIPRI: a '0' means between 0 and 0.5
    full = (n_in == n_total)
    d["years_in"] = n_in.astype(int)
    d["years_total"] = n_total.astype(int)
    d["tiv_point"] = tiv * n_in / n_total
    d["tiv_lo"] = np.where(full & ~below, tiv, 0.0)
    d["tiv_hi"] = np.where(below, HALF, tiv)
    return d


def register_shares(register: pd.DataFrame, recipient: str, start: int, end: int,
                    edition: str = "") -> pd.DataFrame:
    """Every supplier's share of *recipient*'s imports from the trade register (unrounded TIV).

    The point estimate splits each deal's delivered TIV evenly over its listed delivery years;
    ``low``/``high`` allow any split (see the module docstring).  Accepts the per-delivery-year
    register too (one row per deal and year, ``delivery_year`` column), which needs no split.

    Raises
    ------
    NoDataError
        No deliveries to *recipient* in the window.
    """
    _check_window(start, end)
    reg = register[register["recipient"] == recipient]
    if "delivery_year" in reg.columns:
        d = reg[reg["delivery_year"].between(start, end)].copy()
        tiv = d["tiv_delivered"].astype("float64").fillna(0.0)
        d["tiv_point"] = tiv
        d["tiv_lo"] = tiv
        d["tiv_hi"] = np.where(tiv == 0.0, HALF, tiv)
        assumption = SIPRI_SPLIT
    else:
        d = deal_window_tiv(reg, start, end)
        assumption = EVEN_SPLIT
    if d.empty:
        raise NoDataError(f"no deliveries to {recipient!r} in {window_label(start, end)} in the "
                          f"register ({edition or 'unnamed'}); check the name and the years.")
    per = d.groupby("supplier")[["tiv_point", "tiv_lo", "tiv_hi"]].sum()
    per.columns = ["tiv", "lo", "hi"]
    all_lo, all_hi = per["lo"].sum(), per["hi"].sum()
    low = per["lo"] / (per["lo"] + (all_hi - per["hi"]))
    high = per["hi"] / (per["hi"] + (all_lo - per["lo"]))
    return _share_frame(recipient, per, low.fillna(0.0), high.fillna(1.0), float(per["tiv"].sum()),
                        "register", start, end, edition, assumption)


def imports_by_year(rows: pd.DataFrame, recipient: str, start: int | None = None,
                    end: int | None = None) -> pd.DataFrame:
    """Wide table: years (index) × suppliers (columns) of printed TIV, empty cells as 0."""
    r = rows[(rows["recipient"] == recipient) & ~rows["supplier"].isin(AGGREGATE_SUPPLIERS)]
    if start is not None:
        r = r[r["year"] >= start]
    if end is not None:
        r = r[r["year"] <= end]
    wide = r.pivot_table(index="year", columns="supplier", values="tiv", aggfunc="sum", fill_value=0.0)
    if start is not None and end is not None:
        wide = wide.reindex(range(start, end + 1), fill_value=0.0)
    order = wide.sum().sort_values(ascending=False, kind="mergesort").index
    return wide[order]


def hhi(shares_pct: pd.Series) -> float:
    """Herfindahl–Hirschman index of shares given in per cent: 0 (dispersed) to 10,000 (one)."""
    s = shares_pct.dropna()
    return float((s ** 2).sum())


def hhi_by_period(rows: pd.DataFrame, recipient: str, start: int, end: int, step: int = 5) -> pd.DataFrame:
    """HHI of suppliers' shares (rows basis, printed values) for consecutive *step*-year windows."""
    rows = rows[~rows["supplier"].isin(AGGREGATE_SUPPLIERS)]
    out = []
    for a in range(start, end + 1, step):
        b = min(a + step - 1, end)
        r = rows[(rows["recipient"] == recipient) & rows["year"].between(a, b)]
        per = r.groupby("supplier")["tiv"].sum()
        tot = per.sum()
        if tot > 0:
            sh = 100 * per / tot
            out.append({"window": window_label(a, b), "start": a, "hhi": hhi(sh),
                        "suppliers": int((per > 0).sum()), "tiv": float(tot),
                        "top_supplier": str(sh.idxmax()), "top_share": float(sh.max())})
        else:
            out.append({"window": window_label(a, b), "start": a, "hhi": np.nan, "suppliers": 0,
                        "tiv": 0.0, "top_supplier": "", "top_share": np.nan})
    return pd.DataFrame(out)


def top_suppliers_by_period(rows: pd.DataFrame, recipient: str, start: int, end: int,
                            step: int = 5, n: int = 3) -> pd.DataFrame:
    """The *n* largest suppliers (printed TIV) in each *step*-year window."""
    rows = rows[~rows["supplier"].isin(AGGREGATE_SUPPLIERS)]
    out = []
    for a in range(start, end + 1, step):
        b = min(a + step - 1, end)
        r = rows[(rows["recipient"] == recipient) & rows["year"].between(a, b)]
        per = r.groupby("supplier")["tiv"].sum().sort_values(ascending=False, kind="mergesort")
        tot = per.sum()
        for rank, (s, v) in enumerate(per.head(n).items(), start=1):
            out.append({"window": window_label(a, b), "rank": rank, "supplier": s, "tiv": float(v),
                        "share": 100 * v / tot if tot else np.nan})
    return pd.DataFrame(out, columns=["window", "rank", "supplier", "tiv", "share"])


def main_recipients(rows: pd.DataFrame, supplier: str, start: int, end: int, n: int = 10) -> pd.DataFrame:
    """The recipients that took most of *supplier*'s exports in the window (printed TIV)."""
    _check_window(start, end)
    r = rows[(rows["supplier"] == supplier) & rows["year"].between(start, end)
             & (rows["recipient"] != ALL)]
    if r.empty:
        raise NoDataError(f"no deliveries from {supplier!r} in {window_label(start, end)}.")
    per = r.groupby("recipient")["tiv"].sum().sort_values(ascending=False, kind="mergesort")
    tot = per.sum()
    out = pd.DataFrame({"recipient": per.index, "tiv": per.to_numpy(float),
                        "share_of_supplier_exports": (100 * per / tot).to_numpy(float)})
    return out.head(n).reset_index(drop=True)


def shares_side_by_side(shares: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Stacked shares of several editions and bases as one wide table, for reading across.

    Parameters
    ----------
    shares
        Frames of :func:`tiv_shares` / :func:`register_shares` concatenated (e.g.
        ``editions.shares_all_bases``), for one recipient or several.
    n
        Keep the suppliers that are among the *n* largest on at least one edition and basis.

    Returns
    -------
    pandas.DataFrame
        Index ``(recipient, supplier)``, ordered by the first edition and basis's share; columns
        ``(edition basis, share | low | high)`` in per cent.  A supplier with no deliveries on an
        edition and basis has 0 there (it delivered nothing that edition records).
    """
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
        Concatenated share frames of **one** recipient (e.g. ``editions.shares_all_bases``).
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
        If *shares* holds more than one recipient.
    """
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
    return pd.DataFrame(out)
