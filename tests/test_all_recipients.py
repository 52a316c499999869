"""Shares work for everyone: every recipient of every shipped edition, on every basis.

Each edition is loaded (and verified) once; :func:`armsdata.queries.shares` is then asked about
every recipient it lists, over the whole edition and over a recent window, so a recipient whose
name, table or numbers break the arithmetic fails here by name.

What is true of the point estimates depends on the basis:

- ``rows`` and ``register``: the denominator is the sum of the numerators, so the shares sum to
  100 % (to floating-point precision).  On ``rows`` and on SIPRI's per-year register the point
  lies within its bounds (the printed values are among those the bounds allow).  On the classic
  register the even split is only one guess at the split: where the edition's printed per-year
  totals rule it out, the point is outside its bounds and flagged (``feasible`` False).
- ``total``: the quotient of SIPRI's printed (rounded) figures, the rows over SIPRI's printed
  total row, which SIPRI rounds on its own ("figures may not add up due to the conventions of
  rounding").  So the points sum to 100 x (sum of rows) / (sum of total), not to 100, and a point
  can lie outside its bounds: the bounds combine every rounding constraint at once, and when rows
  and total disagree the point is a value no unrounded data could give.
- When every printed cell of a recipient in the window is ``0`` (more than 0, less than 0.5) the
  denominator is 0 and the point is undefined (NaN); the bounds are still defined.

On every basis the bounds satisfy 0 <= low <= high <= 100, and ``feasible`` says exactly whether
the point lies within them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from armsdata import analysis, editions, queries
from armsdata.errors import NoDataError

#: A recent window too: many recipients have no deliveries in it, which must be NoDataError.
RECENT = (2011, 2020)
#: Floating-point slack for sums of per-cent shares.
EPS = 1e-6


@dataclass
class Run:
    edition: editions.Edition
    basis: str
    window: tuple[int, int]
    recipients: list[str]
    shares: pd.DataFrame  # every recipient's frame, concatenated
    no_data: list[str]  # recipients with no deliveries in the window


def _run(ed: editions.Edition, basis: str, which: str) -> Run:
    window = (ed.coverage.first, ed.coverage.last) if which == "full" else RECENT
    names = ed.recipients()
    frames, no_data = [], []
    for name in names:
        try:
            frames.append(queries.shares(ed, name, *window, basis=basis))
        except NoDataError:
            no_data.append(name)
    return Run(ed, basis, window, names, pd.concat(frames, ignore_index=True), no_data)


#: Every basis of every shipped edition that has recipients' shares: the whole edition, and a
#: recent window where it adds something (rows and totals disagree, register deals straddle its
#: edges; SIPRI's per-year values need no split, so no recent window for them).  The 2026
#: edition (one recipient, Ukraine) is tested in test_editions.py.
RUNS = [("2022-04-22", "total", "full"), ("2022-04-22", "rows", "full"),
        ("2022-04-22", "total", "recent"), ("2024-10-13", "register", "full"),
        ("2024-10-13", "register", "recent"), ("2024-04-16", "register", "full"),
        ("2025-02-10", "register", "full")]


@pytest.fixture(scope="module", params=RUNS, ids=lambda p: "-".join(p))
def run(request, shipped_editions) -> Run:
    ref, basis, which = request.param
    return _run(shipped_editions[ref], basis, which)


def test_every_recipient_has_shares_over_the_whole_edition(run):
    if run.window == RECENT:
        # some recipients took nothing in 2011-2020, but most did
        assert len(run.no_data) < len(run.recipients) / 2
        assert len(run.recipients) - len(run.no_data) > 150
    else:
        assert run.no_data == []
    assert set(run.shares["recipient"]) == set(run.recipients) - set(run.no_data)


def test_no_data_means_no_rows_in_the_window(run):
    ed, (a, b) = run.edition, run.window
    if run.basis == "register" and ed.per_year_register:
        d = ed.delivery_years
        with_rows = set(d.loc[d["delivery_year"].between(a, b), "recipient"])
    elif run.basis == "register":
        with_rows = set(analysis.deal_window_tiv(ed.register, a, b)["recipient"])
    else:
        rows = ed.tiv.rows
        with_rows = set(rows.loc[rows["year"].between(a, b) & (rows["supplier"] != "All"), "recipient"])
    assert set(run.no_data) == set(run.recipients) - with_rows


def test_bounds_are_ordered_and_within_0_and_100(run):
    s = run.shares
    bad = s[~((0 <= s["low"]) & (s["low"] <= s["high"]) & (s["high"] <= 100 + EPS))]
    assert bad.empty, bad[["recipient", "supplier", "share", "low", "high"]].to_string()
    assert not s[["low", "high"]].isna().any().any()
    inside = (s["share"] >= s["low"] - EPS) & (s["share"] <= s["high"] + EPS)
    assert (s["feasible"] == inside).all()


def test_point_estimates_sum_as_their_basis_says(run):
    s = run.shares
    per = s.groupby("recipient").agg(share=("share", lambda x: x.sum(min_count=1)),
                                     tiv=("tiv", "sum"), denominator=("denominator", "first"),
                                     undefined=("share", lambda x: x.isna().all()))
    # a zero denominator (every printed cell '0') leaves the point undefined, and only then
    assert (per["undefined"] == (per["denominator"] == 0)).all()
    per = per[~per["undefined"]]
    if run.basis == "total":
        expected = 100 * per["tiv"] / per["denominator"]
    else:
        expected = pd.Series(100.0, index=per.index)
    off = per[(per["share"] - expected).abs() > EPS]
    assert off.empty, off.to_string()


def test_where_a_point_may_lie_outside_its_bounds(run):
    s = run.shares.dropna(subset=["share"])
    outside = s[~s["feasible"]]
    if run.basis == "rows" or run.edition.per_year_register:
        assert outside.empty, outside[["recipient", "supplier", "share", "low", "high"]].to_string()
        return
    if run.basis == "register":  # the even split against the printed per-year totals
        assert set(outside["assumption"]) <= {analysis.EVEN_SPLIT_TOTALS}
        if run.window != RECENT:  # a window with no straddling deal has exact shares
            assert outside.empty
        return
    # Where every year's printed rows add up to the printed total, the printed cells are values
    # the bounds allow, so the point lies within them; outside needs a year that does not add up.
    t = run.edition.tiv
    rows = t.rows[t.rows["year"].between(*run.window) & (t.rows["supplier"] != "All")]
    totals = t.totals[t.totals["year"].between(*run.window)]
    by_year = rows.groupby(["recipient", "year"])["tiv"].sum()
    total = totals.set_index(["recipient", "year"])["tiv"]
    both = pd.concat([by_year.rename("rows"), total.rename("total")], axis=1).fillna(0.0)
    not_adding_up = set(both[both["rows"] != both["total"]].index.get_level_values("recipient"))
    if t.window is not None:  # a point from SIPRI's printed window sums (the full window): the
        # same where the printed sums of the suppliers do not add up to the printed sum of all
        w = t.window[(t.window["start"] == run.window[0]) & (t.window["end"] == run.window[1])]
        wt = t.window_total[(t.window_total["start"] == run.window[0])
                            & (t.window_total["end"] == run.window[1])]
        sums = pd.concat([w.groupby("recipient")["tiv"].sum().rename("rows"),
                          wt.groupby("recipient")["tiv"].sum().rename("total")], axis=1).fillna(0.0)
        not_adding_up |= set(sums.index[sums["rows"] != sums["total"]])
    assert set(outside["recipient"]) <= not_adding_up
    if run.window == RECENT:  # it does happen (Armenia 2011-2020: Russia 94.2 % vs 93.7-94.0 %)
        assert len(outside) > 0


def test_one_row_per_supplier_and_labels(run):
    s = run.shares
    assert not s.duplicated(["recipient", "supplier"]).any()
    assert set(s["basis"]) == {run.basis}
    assert set(s["edition"]) == {run.edition.edition}
    assert set(s["window"]) == {analysis.window_label(*run.window)}
    assert set(s["coverage_note"]) == {""} and set(s["unit"]) == {"per cent"}
    assert not s["supplier"].isin(["All", "Total"]).any()


def test_total_basis_needs_no_rows_sum_to_match(shipped_editions):
    """Armenia 2011-2020, 2022 edition: rows sum to 399, SIPRI's printed total row to 397."""
    s = queries.shares(shipped_editions["2022-04-22"], "Armenia", 2011, 2020, basis="total")
    assert s["tiv"].sum() == 399 and s["denominator"].iloc[0] == 397
    assert np.isclose(s["share"].sum(), 100 * 399 / 397)
    russia = s.set_index("supplier").loc["Russia"]
    assert round(russia["share"], 1) == 94.2 and not russia["feasible"]
    assert not russia["low"] <= russia["share"] <= russia["high"]
