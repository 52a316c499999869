"""The arithmetic of armsdata.analysis on cases small enough to check by hand (worked out in the
comments), and properties checked against brute force."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armsdata import analysis
from armsdata.conventions import REGISTER_HALF_UNIT
from armsdata.errors import NoDataError, WindowError


def tiv_rows(cells):
    return pd.DataFrame(cells, columns=["recipient", "supplier", "year", "tiv", "below_half"]).astype(
        {"year": "int64", "tiv": "float64", "below_half": bool})


def register(rows):
    """Deals: (recipient, supplier, delivery years, delivered TIV)."""
    return pd.DataFrame({"recipient": [r[0] for r in rows], "supplier": [r[1] for r in rows],
                         "delivery_years": [r[2] for r in rows],
                         "tiv_delivered": pd.array([r[3] for r in rows], dtype="Float64")})


# Recipient X. Printed cells: A 2000 = 10, A 2001 = '0' (below 0.5), B 2000 = 2.
ROWS = tiv_rows([("X", "A", 2000, 10, False), ("X", "A", 2001, 0, True), ("X", "B", 2000, 2, False)])


def tiv_share(rows, totals, start, end):
    """Every supplier's share of one recipient's table over the window (index: supplier)."""
    r = rows[rows["year"].between(start, end)]
    t = None if totals is None else totals[totals["year"].between(start, end)]
    return analysis.share_table(analysis.tiv_blocks(r, t))


def register_share(deals, start, end, year_totals=None):
    """(shares indexed by supplier, assumption) on the classic register's even split."""
    return analysis.register_share_table(deals, start, end, year_totals=year_totals)


# ------------------------------------------------------------------------------ TIV tables

def test_rows_basis_point_and_bounds_by_hand():
    s = tiv_share(ROWS, None, 2000, 2001)
    # point: 10 / (10 + 2)
    assert s.loc["A", "share"] == pytest.approx(100 * 10 / 12)
    # A at its lowest (9.5 in 2000, ~0 in 2001), B at its highest (2.5): 9.5 / 12
    assert s.loc["A", "low"] == pytest.approx(100 * 9.5 / 12)
    # A at its highest (10.5 + 0.5), B at its lowest (1.5): 11 / 12.5
    assert s.loc["A", "high"] == pytest.approx(100 * 11 / 12.5)
    assert s.loc["A", "tiv_low"] == 9.5 and s.loc["A", "tiv_high"] == 11.0
    assert s["share"].sum() == pytest.approx(100)
    assert s["feasible"].all()


def test_total_basis_is_the_quotient_of_printed_figures_and_flags_an_infeasible_point():
    # The printed total for 2000 is 11 although the rows print 10 + 2 = 12 (each cell rounded alone).
    totals = tiv_rows([("X", "Total", 2000, 11, False), ("X", "Total", 2001, 0, True)])
    s = tiv_share(ROWS, totals, 2000, 2001)
    # point: printed cells over the printed total row, 10 / 11
    assert s.loc["A", "share"] == pytest.approx(100 * 10 / 11)
    assert s.loc["A", "denominator"] == 11
    # true 2000 total within [10.5, 11.5] (total) and [11, 13] (rows) -> [11, 11.5]; A's highest:
    # B at 1.5 leaves A at most 10 in 2000; plus 0.5 in 2001: 10.5 / 12 = 87.5 %
    assert s.loc["A", "high"] == pytest.approx(100 * 10.5 / 12)
    # ... so the point (90.9 %) is a value no unrounded data could give, and says so:
    assert s.loc["A", "share"] > s.loc["A", "high"] and not s.loc["A", "feasible"]
    # A's lowest: 9.5 with B at 2.5 (2000 total 12 > 11.5, so B is capped at 2): 9.5 / 11.5
    assert s.loc["A", "low"] == pytest.approx(100 * 9.5 / 11.5)
    # A's true TIV: 2000 at least max(9.5, 11 - 2.5) = 9.5, at most min(10.5, 11.5 - 1.5) = 10
    assert (s.loc["A", "tiv_low"], s.loc["A", "tiv_high"]) == (9.5, 10.5)


def test_members_of_a_group_keep_their_own_totals():
    # X: A 2000 = 10, B 2000 = 2, total 11 (as above, year 2000 only); Y: A 2000 = 5, total 5.
    # Two totals in the same year: each constrains its own table's cells (a reindex on the year
    # would break on the duplicate year, a sum of the totals would lose the constraints).
    cells = tiv_rows([("X", "A", 2000, 10, False), ("X", "B", 2000, 2, False), ("Y", "A", 2000, 5, False)])
    totals = tiv_rows([("X", "Total", 2000, 11, False), ("Y", "Total", 2000, 5, False)])
    t = analysis.share_table(analysis.tiv_blocks(cells, totals))
    # point: (10 + 5) / (11 + 5)
    assert t.loc["A", "share"] == pytest.approx(100 * 15 / 16)
    # lowest: X as in the test above (A 9.5, B 2), Y: A 4.5 and nothing else: 14 / 16
    assert t.loc["A", "low"] == pytest.approx(100 * 14 / 16)
    # highest: X: A 10, B 1.5; Y: A 5.5: 15.5 / 17
    assert t.loc["A", "high"] == pytest.approx(100 * 15.5 / 17)
    assert not t.loc["A", "feasible"]
    # summed totals (16 +/- 1) against summed rows (17 +/- 1.5) would allow less: 14 / 16.5
    pooled = analysis.share_table(analysis.tiv_blocks(cells.assign(recipient="G"),
                                                      totals.assign(recipient="G")))
    assert pooled.loc["A", "low"] == pytest.approx(100 * 14 / 16.5)
    assert pooled.loc["A", "low"] < t.loc["A", "low"]


def test_a_table_that_lists_only_some_suppliers_bounds_the_others_by_the_total():
    # Only A's row is listed (a trimmed table): A 2000 = 20; the printed total 2000 = 50.
    cells = tiv_rows([("X", "A", 2000, 20, False)])
    totals = tiv_rows([("X", "Total", 2000, 50, False)]).assign(complete=False)
    t = analysis.share_table(analysis.tiv_blocks(cells, totals))
    # the others are 50 - 20 = 30 +/- 1: A lies in 19.5 / 50.5 .. 20.5 / 49.5
    assert t.loc["A", "share"] == pytest.approx(40)
    assert t.loc["A", "low"] == pytest.approx(100 * 19.5 / 50.5)
    assert t.loc["A", "high"] == pytest.approx(100 * 20.5 / 49.5)


def test_empty_window_and_reversed_window_are_named_errors():
    reg = register([("X", "A", (2000, 2001), 10.0)])
    with pytest.raises(NoDataError):
        analysis.register_share_table(reg, 1990, 1991)
    with pytest.raises(WindowError, match="start year after end year"):
        analysis.register_share_table(reg, 2001, 2000)
    assert tiv_share(ROWS, None, 1990, 1991).empty


# ------------------------------------------------------------------------------ changes

def blocks(rows):
    """Independent yearly flows: (year, point, low, high)."""
    return pd.DataFrame([r[1:] for r in rows], columns=["point", "low", "high"],
                        index=pd.MultiIndex.from_arrays([[r[0] for r in rows]], names=["year"]))


def test_ratio_of_two_windows_by_hand():
    b = blocks([(2000, 10, 9.5, 10.5), (2001, 4, 3.5, 4.5), (2002, 6, 5.5, 6.5)])
    num, den = b.loc[[2001, 2002]], b.loc[[2000]]
    point, low, high = analysis.ratio_bounds(num, den)
    assert point == pytest.approx(10 / 10)
    assert low == pytest.approx((3.5 + 5.5) / 10.5) and high == pytest.approx((4.5 + 6.5) / 9.5)


def test_a_year_in_both_windows_is_one_unknown():
    # windows 2000-2001 and 2001-2002 share 2001: (a + o) / (b + o) with a in [1, 2] (2000),
    # b in [10, 11] (2002), o in [0, 100] (2001).  Lowest: a = 1, b = 11, o = 0 -> 1/11;
    # highest: a = 2, b = 10 and o = 100 -> 102/110 (o pushes the ratio towards 1).
    b = blocks([(2000, 1.5, 1, 2), (2001, 50, 0, 100), (2002, 10.5, 10, 11)])
    point, low, high = analysis.ratio_bounds(b.loc[[2000, 2001]], b.loc[[2001, 2002]])
    assert point == pytest.approx(51.5 / 60.5)
    assert low == pytest.approx(1 / 11) and high == pytest.approx(102 / 110)
    # treating 2001 as two independent unknowns would allow (2 + 100) / (10 + 0) > 1: wrong
    assert high < 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 20)), min_size=2, max_size=6),
       st.data())
def test_ratio_bounds_are_the_extremes_over_every_vertex(intervals, data):
    """The ratio is monotone in each year's amount, so its extremes are at corners of the box."""
    years = list(range(2000, 2000 + len(intervals)))
    rows = [(y, lo + w / 2, lo, lo + w) for y, (lo, w) in zip(years, intervals)]
    b = blocks(rows)
    a1 = data.draw(st.integers(0, len(years) - 1))
    a2 = data.draw(st.integers(a1, len(years) - 1))
    c1 = data.draw(st.integers(0, len(years) - 1))
    c2 = data.draw(st.integers(c1, len(years) - 1))
    nyears, dyears = years[a1:a2 + 1], years[c1:c2 + 1]
    point, low, high = analysis.ratio_bounds(b.loc[nyears], b.loc[dyears])
    values = []
    for corner in itertools.product(*[(r[2], r[3]) for r in rows]):
        x = dict(zip(years, corner))
        n, d = sum(x[y] for y in nyears), sum(x[y] for y in dyears)
        if d <= 1e-9:  # a denominator that can be 0: tested by hand elsewhere
            return
        values.append(n / d)
    assert low == pytest.approx(min(values), rel=1e-9, abs=1e-12)
    assert high == pytest.approx(max(values), rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------------------ registers

H = REGISTER_HALF_UNIT  # 0.005: a printed two-decimal TIV v stands for [v - H, v + H]


def test_register_even_split_and_split_bounds_by_hand():
    reg = register([("X", "A", (2000, 2001), 10.0), ("X", "B", (2001,), 4.0), ("Y", "A", (2001,), 99.0)])
    s, assumption = register_share(reg[reg["recipient"] == "X"], 2001, 2001)
    # A's printed 10 over two years: the even split puts 5 in 2001 (the point keeps the printed
    # value); its true TIV is 9.995-10.005, of which anything from 0 to 10.005 may fall in 2001.
    assert s.loc["A", "tiv"] == 5 and s.loc["A", "tiv_low"] == 0
    assert s.loc["A", "tiv_high"] == pytest.approx(10.005)
    assert s.loc["A", "share"] == pytest.approx(100 * 5 / 9)
    assert s.loc["A", "low"] == pytest.approx(0)
    # A at 10.005 in 2001, B at its lowest 3.995: 10.005 / (10.005 + 3.995) = 10.005 / 14
    assert s.loc["A", "high"] == pytest.approx(100 * 10.005 / 14)
    # B at 3.995, A at 10.005: 3.995 / 14; B alone (A all in 2000): 100 %
    assert s.loc["B", "low"] == pytest.approx(100 * 3.995 / 14)
    assert s.loc["B", "high"] == pytest.approx(100)
    assert assumption.startswith(analysis.EVEN_SPLIT)
    assert "no printed per-year totals" in assumption


def test_printed_yearly_totals_constrain_the_split_by_hand():
    # Deals: A 10 over 2000-2001 (true 9.995-10.005), B 4 in 2001 (3.995-4.005).  Printed
    # totals: 2000 = 7, 2001 = 7.  2000: A's part a0 in [6.5, 7.5]; A's 2001 part a1 = T - a0
    # lies in [9.995 - 7.5, 10.005 - 6.5] = [2.495, 3.505]; 2001: a1 + b in [6.5, 7.5] holds at
    # both ends (2.495 + 4.005 = 6.5, 3.505 + 3.995 = 7.5).  A's share of 2001: lowest with a1
    # low and B high, 2.495 / 6.5; highest 3.505 / 7.5.
    reg = register([("X", "A", (2000, 2001), 10.0), ("X", "B", (2001,), 4.0)])
    yt = tiv_rows([("X", "All", 2000, 7, False), ("X", "All", 2001, 7, False)])
    s, assumption = register_share(reg, 2001, 2001, yt)
    assert s.loc["A", "low"] == pytest.approx(100 * 2.495 / 6.5)
    assert s.loc["A", "high"] == pytest.approx(100 * 3.505 / 7.5)
    assert (s.loc["A", "tiv_low"], s.loc["A", "tiv_high"]) == pytest.approx((2.495, 3.505))
    # the even split (5 of 9) breaks the printed 2001 total (9 > 7.5): its point is infeasible
    assert s.loc["A", "share"] == pytest.approx(100 * 5 / 9) and not s.loc["A", "feasible"]
    assert assumption == analysis.EVEN_SPLIT_TOTALS


def test_totals_the_register_cannot_meet_fall_back_with_the_reason():
    reg = register([("X", "A", (2000, 2001), 10.0), ("X", "B", (2001,), 4.0)])
    yt = tiv_rows([("X", "All", 2000, 30, False), ("X", "All", 2001, 7, False)])  # 37 > 14
    s, assumption = register_share(reg, 2001, 2001, yt)
    # any split, as without totals: 0 .. 10.005 / (10.005 + 3.995)
    assert s.loc["A", "low"] == pytest.approx(0) and s.loc["A", "high"] == pytest.approx(100 * 10.005 / 14)
    assert assumption.startswith(analysis.EVEN_SPLIT) and "cannot be met" in assumption and "X" in assumption


def test_a_recipient_without_printed_totals_is_said_so():
    reg = register([("X", "A", (2000, 2001), 10.0), ("X", "B", (2001,), 4.0)])
    yt = tiv_rows([("Z", "All", 2000, 7, False)])
    s, assumption = register_share(reg, 2001, 2001, yt)
    assert "no printed per-year totals for X" in assumption
    assert s.loc["A", "high"] == pytest.approx(100 * 10.005 / 14)


def test_a_printed_zero_total_is_between_0_and_half_and_an_empty_year_exactly_0():
    # A: 10 (true 9.995-10.005) over 2000-2002.  Printed: 2000 '0' (0-0.5), 2001 empty (exactly
    # 0), 2002 = 10.  A's 2002 part is its TIV less a 2000 part of at most 0.5 and a 2001 part
    # of 0: in [9.995 - 0.5, 10.005] = [9.495, 10.005]; with B (0.395-0.405) 2002 stays within
    # 9.5-10.5 at both ends (9.495 + 0.405 = 9.9, 10.005 + 0.395 = 10.4).
    reg = register([("X", "A", (2000, 2001, 2002), 10.0), ("X", "B", (2002,), 0.4)])
    yt = tiv_rows([("X", "All", 2000, 0, True), ("X", "All", 2002, 10, False)])
    s = analysis.SplitLP(reg, frozenset({2002}), yt).linear(np.array([True, False]), 2002, 2002)
    assert (s.low, s.high) == pytest.approx((9.495, 10.005)) and s.constrained


def test_per_delivery_year_register_needs_no_split_and_rounds_to_two_decimals():
    dy = pd.DataFrame({"recipient": ["X", "X", "X"], "supplier": ["A", "A", "B"],
                       "delivery_year": pd.array([2000, 2001, 2001], dtype="Int64"),
                       "tiv_delivered": pd.array([6.0, 4.0, 4.0], dtype="Float64")})
    cells = analysis.per_year_cells(dy, 2001, 2001)
    s = analysis.share_table(analysis.tiv_blocks(cells, None, half=REGISTER_HALF_UNIT))
    # 4 of 8; each printed value within +/-0.005: 3.995 / 8 .. 4.005 / 8
    assert s.loc["A", "share"] == pytest.approx(50)
    assert s.loc["A", "low"] == pytest.approx(100 * 3.995 / 8)
    assert s.loc["A", "high"] == pytest.approx(100 * 4.005 / 8)


def test_change_on_the_register_by_hand():
    # A 10 over 2000-2001 (true T1 in 9.995-10.005) and 6 in 2002 (T2 in 5.995-6.005); the flow
    # 2002 against 2000-2001 is T2 / T1 whatever the split (both of the first deal's years are
    # in the compare window): the point 6 / 10, the bounds 5.995 / 10.005 .. 6.005 / 9.995.
    reg = register([("X", "A", (2000, 2001), 10.0), ("X", "A", (2002,), 6.0)])
    lp = analysis.SplitLP(reg, frozenset({2000, 2001, 2002}))
    m = np.ones(2, bool)
    r = lp.ratio((m, 2002, 2002), (m, 2000, 2001))
    assert (r.point, r.low, r.high) == pytest.approx((0.6, 5.995 / 10.005, 6.005 / 9.995))
    # 2001-2002 against 2000: (x + T2) / (T1 - x), x in [0, T1]: lowest at x = 0, T2 low, T1
    # high, 5.995 / 10.005; unbounded above (all of T1 in 2001 leaves 2000 empty)
    r = lp.ratio((m, 2001, 2002), (m, 2000, 2000))
    assert r.point == pytest.approx(11 / 5) and r.low == pytest.approx(5.995 / 10.005)
    assert r.high == math.inf


# ------------------------------------------------------------------------------ ranks

def test_rank_table_ties_within_bounds():
    df = pd.DataFrame({"value": [50.0, 30.0, 29.0, 1.0], "low": [49, 28, 28.5, 0.5],
                       "high": [51, 31, 29.5, 1.5]}, index=["A", "B", "C", "D"])
    r = analysis.rank_table(df)
    assert list(r["rank"]) == [1, 2, 3, 4]
    # B and C overlap (28-31 and 28.5-29.5): both could be 2nd or 3rd
    assert (r.loc["B", "best"], r.loc["B", "worst"]) == (2, 3)
    assert (r.loc["C", "best"], r.loc["C", "worst"]) == (2, 3)
    assert (r.loc["A", "best"], r.loc["A", "worst"]) == (1, 1) == (r.loc["A", "rank"],) * 2


def test_hhi():
    assert analysis.hhi(pd.Series([50.0, 50.0])) == 5000
    assert analysis.hhi(pd.Series([100.0])) == 10000
    periods = analysis.hhi_by_period(ROWS, "X", 2000, 2009, step=5)
    assert periods.loc[0, "hhi"] == pytest.approx((100 * 10 / 12) ** 2 + (100 * 2 / 12) ** 2)
    assert periods.loc[1, "suppliers"] == 0


def test_analysis_does_not_import_scipy_at_import():
    import subprocess
    import sys
    code = "import sys, armsdata.analysis, armsdata.queries; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
