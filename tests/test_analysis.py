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


def test_a_deal_wholly_in_the_window_is_its_tiv_within_its_rounding_by_hand():
    # A 7.2 over 2016-2017 and B 1.5 in 2016, window 2016-2017: every split puts all of both
    # inside, so the window holds their true TIVs, A 7.195-7.205 and B 1.495-1.505 (the old
    # exact reading gave 7.2 to 7.2: a zero-width "bound" on rounded figures).
    reg = register([("X", "A", (2016, 2017), 7.2), ("X", "B", (2016,), 1.5)])
    win = analysis.deal_window_tiv(reg, 2016, 2017)
    assert list(win["tiv_lo"]) == pytest.approx([7.195, 1.495])
    assert list(win["tiv_hi"]) == pytest.approx([7.205, 1.505])
    # printed totals 2016 = 5, 2017 = 4 leave room for that: A's 2016 part is within
    # [4.5 - 1.505, 5.5 - 1.495] = [2.995, 4.005], its 2017 part within [3.5, 4.5], so its
    # TIV may be anything in [6.495, 8.505], which holds all of 7.195-7.205
    yt = tiv_rows([("X", "All", 2016, 5, False), ("X", "All", 2017, 4, False)])
    for totals in (None, yt):
        lp = analysis.SplitLP(reg, frozenset({2016, 2017}), totals)
        r = lp.linear(np.array([True, False]), 2016, 2017)
        assert (r.point, r.low, r.high) == pytest.approx((7.2, 7.2 - H, 7.2 + H))
        assert r.high - r.low == pytest.approx(2 * H)
        # A's share: 7.195 / (7.195 + 1.505) = 7.195 / 8.7 .. 7.205 / (7.205 + 1.495) = 7.205 / 8.7
        s, assumption = register_share(reg, 2016, 2017, totals)
        assert s.loc["A", "share"] == pytest.approx(100 * 7.2 / 8.7)
        assert (s.loc["A", "low"], s.loc["A", "high"]) == pytest.approx((100 * 7.195 / 8.7, 100 * 7.205 / 8.7))
        assert (s.loc["A", "tiv_low"], s.loc["A", "tiv_high"]) == pytest.approx((7.195, 7.205))
        assert (s.loc["B", "low"], s.loc["B", "high"]) == pytest.approx((100 * 1.495 / 8.7, 100 * 1.505 / 8.7))
        assert s["feasible"].all()
        r = lp.ratio((np.array([True, False]), 2016, 2017), (np.ones(2, bool), 2016, 2017))
        assert (r.low, r.high) == pytest.approx((7.195 / 8.7, 7.205 / 8.7))
        assert "two-decimal" in assumption and "two-decimal" in r.assumption


def test_a_single_year_deal_outside_the_window_enters_its_years_total_within_its_rounding():
    # A 10 over 2000-2001, B 4 in 2000 (outside the window 2001).  Printed 2000 = 10: A's 2000
    # part is 10 +/- 0.5 less B's 3.995-4.005, so within [5.495, 6.505]; A's 2001 part is its
    # TIV (9.995-10.005) less that: [9.995 - 6.505, 10.005 - 5.495] = [3.49, 4.51].
    reg = register([("X", "A", (2000, 2001), 10.0), ("X", "B", (2000,), 4.0)])
    a_2001 = np.array([True, False])
    for printed_2001, want in [(4, (3.5, 4.5)),     # 3.5-4.5 lies inside [3.49, 4.51]
                               (5, (4.5, 4.51)),    # [4.5, 5.5] meets it in 4.5-4.51
                               (3, (3.49, 3.5))]:   # [2.5, 3.5] meets it in 3.49-3.5
        yt = tiv_rows([("X", "All", 2000, 10, False), ("X", "All", 2001, printed_2001, False)])
        r = analysis.SplitLP(reg, frozenset({2001}), yt).linear(a_2001, 2001, 2001)
        assert (r.low, r.high) == pytest.approx(want) and r.constrained
    # (the old exact reading, B at 4 and A at 10, gave A's 2001 part 4.5 to 4.5 and 3.5 to 3.5
    # for the last two: zero-width "bounds" made by the rounding of the printed TIVs)
    # Without a printed 2001 the year is empty (exactly 0) for a recipient with totals: A's 2001
    # part would have to be 0, which its 2000 part (at most 6.505) cannot allow: inconsistent,
    # so the totals are not used and any split is left, 0 to 10.005.
    yt = tiv_rows([("X", "All", 2000, 10, False)])
    r = analysis.SplitLP(reg, frozenset({2001}), yt).linear(a_2001, 2001, 2001)
    assert (r.low, r.high) == pytest.approx((0.0, 10.005)) and "cannot be met" in r.assumption


def test_the_register_assumptions_name_the_rounding_of_the_deal_tivs():
    for text in (analysis.EVEN_SPLIT, analysis.EVEN_SPLIT_TOTALS):
        assert "two-decimal" in text and f"+/-{REGISTER_HALF_UNIT}" in text


def test_russias_share_of_armenias_imports_1992_2021_has_the_width_of_its_deals_rounding(shipped_editions):
    # Issue 18: every delivery of Armenia's deals that deliver in 1992-2021 lies in the window
    # (2024-10-13), so the split does not matter and the old exact reading gave a zero-width
    # "bound" (87.82178 to 87.82178).  By hand from the register's rows: Russia's deals sum to
    # S_R over n_R deals, the others' to S_O over n_O; the share is lowest with Russia's at
    # v - 0.005 and the others' at v + 0.005, (S_R - n_R h) / (S_R - n_R h + S_O + n_O h), and
    # highest the other way round (Armenia's printed yearly totals leave room for both).
    from armsdata import queries

    ed = shipped_editions["2024-10-13"]
    deals = ed.register[ed.register["recipient"] == "Armenia"]
    years = deals["delivery_years"]
    window = deals[years.map(lambda ys: any(1992 <= y <= 2021 for y in ys))]
    assert window["delivery_years"].map(lambda ys: all(1992 <= y <= 2021 for y in ys)).all()
    tiv = window["tiv_delivered"].astype(float)
    russia = (window["supplier"] == "Russia").to_numpy()
    s_r, n_r, s_o, n_o = tiv[russia].sum(), russia.sum(), tiv[~russia].sum(), (~russia).sum()
    e = queries.supplier_share(ed, "Armenia", "Russia", 1992, 2021, basis="register")
    assert e.value == pytest.approx(100 * s_r / (s_r + s_o))
    low = 100 * (s_r - n_r * H) / (s_r - n_r * H + s_o + n_o * H)
    high = 100 * (s_r + n_r * H) / (s_r + n_r * H + s_o - n_o * H)
    assert (e.low, e.high) == pytest.approx((low, high), rel=1e-9)
    assert e.high - e.low > 0.01 and e.assumption.startswith(analysis.EVEN_SPLIT_TOTALS)


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


def test_analysis_does_not_import_scipy_at_import():
    import subprocess
    import sys
    code = "import sys, armsdata.analysis, armsdata.queries; print('scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------------------ register bounds, brute force

YEARS = (2000, 2001, 2002)


def deal_range(printed: float) -> tuple[float, float]:
    """The true TIV a printed register value allows (the register's own notes; h = 0.005)."""
    return (0.0, 0.5) if printed == 0 else (printed - H, printed + H)


def printed_total(amount: float) -> tuple[float, bool] | None:
    """How SIPRI prints a recipient-year's TIV: whole millions, '0' below 0.5, empty for none."""
    if amount <= 0:
        return None
    return (0.0, True) if amount < 0.5 else (float(math.floor(amount + 0.5)), False)


def total_range(printed: tuple[float, bool] | None) -> tuple[float, float]:
    if printed is None:
        return (0.0, 0.0)
    return (0.0, 0.5) if printed[1] else (printed[0] - 0.5, printed[0] + 0.5)


@st.composite
def small_registers(draw):
    """Up to four deals of two recipients, two decimals each (a printed '0' now and then), and
    printed yearly totals made from one true split (so that some split meets them), for each
    recipient or not, sometimes one of them off by one (totals no split can meet)."""
    deals = []
    for _ in range(draw(st.integers(1, 4))):
        years = tuple(sorted(draw(st.sets(st.sampled_from(YEARS), min_size=1, max_size=3))))
        cents = draw(st.one_of(st.integers(1, 2000), st.just(0)))
        deals.append((draw(st.sampled_from("XY")), draw(st.sampled_from("ABC")), years, cents / 100))
    truth = {}
    for rec, _, years, printed in deals:
        lo, hi = deal_range(printed)
        value = lo + (hi - lo) * draw(st.floats(0, 1))
        weights = [draw(st.floats(0.01, 1)) for _ in years]
        for y, w in zip(years, weights):
            truth[(rec, y)] = truth.get((rec, y), 0.0) + value * w / sum(weights)
    totals = []
    for rec in "XY":
        if not draw(st.booleans()):
            continue  # no printed totals for this recipient
        for y in YEARS:
            p = printed_total(truth.get((rec, y), 0.0))
            if p is not None:
                totals.append((rec, "All", y, p[0], p[1]))
    if totals and draw(st.integers(0, 5)) == 0:
        rec, sup, y, v, _ = totals[0]
        totals[0] = (rec, sup, y, v + 1, False)
    a, b = sorted(draw(st.lists(st.sampled_from(YEARS), min_size=2, max_size=2)))
    c, d = sorted(draw(st.lists(st.sampled_from(YEARS), min_size=2, max_size=2)))
    return deals, (tiv_rows(totals) if totals else None), (a, b), (c, d)


def vertex_registers(deals, totals):
    """Every combination of each deal's TIV at an end of its rounding and all of it in one of its
    years that meets the printed totals: {(deal, year): amount} for each."""
    printed = {} if totals is None else {(r.recipient, r.year): (r.tiv, r.below_half)
                                         for r in totals.itertuples()}
    with_totals = set() if totals is None else set(totals["recipient"])
    options = [[(value, y) for value in deal_range(p) for y in years] for _, _, years, p in deals]
    for choice in itertools.product(*options):
        node = {}
        for (rec, _, _, _), (value, y) in zip(deals, choice):
            node[(rec, y)] = node.get((rec, y), 0.0) + value
        ok = all(lo - 1e-9 <= node.get((rec, y), 0.0) <= hi + 1e-9
                 for rec in with_totals for y in YEARS
                 for lo, hi in [total_range(printed.get((rec, y)))])
        if ok:
            yield choice


def window_sum(deals, choice, start, end, keep=lambda deal: True):
    return sum(value for deal, (value, y) in zip(deals, choice) if keep(deal) and start <= y <= end)


def within(x, low, high):
    slack = 1e-6 * max(1.0, abs(x))
    return low - slack <= x <= high + slack


@settings(max_examples=100, deadline=None)
@given(small_registers())
def test_register_bounds_hold_every_vertex_and_contain_the_exact_reading(case):
    """Property: the bounds contain the share, flow and change of EVERY combination of each
    deal's TIV at v - h or v + h with each deal's split at a vertex (all in one of its years)
    that meets the printed totals; and they contain the bounds of the old exact reading (each
    printed TIV exact: h = 0) wherever both use the same totals."""
    deals, totals, (a, b), (c, d) = case
    reg = register(deals)
    if not reg["delivery_years"].map(lambda ys: any(a <= y <= b for y in ys)).any():
        return  # nothing delivered in the window: no shares (a named error, tested above)
    vertices = list(vertex_registers(deals, totals))

    def bounds():
        table, assumption = register_share(reg, a, b, totals)
        lp = analysis.SplitLP(reg, frozenset(range(min(a, c), max(b, d) + 1)), totals)
        flows = {s: lp.linear((reg["supplier"] == s).to_numpy(), a, b) for s in "ABC"}
        change = lp.ratio((np.ones(len(reg), bool), a, b), (np.ones(len(reg), bool), c, d))
        return table, assumption, flows, change

    table, assumption, flows, change = bounds()
    if totals is None:
        # Without totals each deal's (TIV, split) ranges over a product of intervals and
        # simplices whose vertices are these combinations: sums and quotients (monotone along
        # every edge) take their extremes there, so the bounds are exactly the extremes.
        for s in "ABC":
            parts = [window_sum(deals, ch, a, b, lambda deal: deal[1] == s) for ch in vertices]
            assert (flows[s].low, flows[s].high) == pytest.approx((min(parts), max(parts)), abs=1e-9)
        wholes = [window_sum(deals, ch, a, b) for ch in vertices]
        if min(wholes) > 1e-9:
            for s in table.index:
                shares = [100 * window_sum(deals, ch, a, b, lambda deal: deal[1] == s) / w
                          for ch, w in zip(vertices, wholes)]
                assert (table.loc[s, "low"], table.loc[s, "high"]) == pytest.approx(
                    (min(shares), max(shares)), abs=1e-7)
        compares = [window_sum(deals, ch, c, d) for ch in vertices]
        if min(compares) > 1e-9:
            ratios = [w / k for w, k in zip(wholes, compares)]
            assert (change.low, change.high) == pytest.approx((min(ratios), max(ratios)), rel=1e-7)
    for choice in vertices:
        whole = window_sum(deals, choice, a, b)
        for s in "ABC":
            part = window_sum(deals, choice, a, b, lambda deal: deal[1] == s)
            assert within(part, flows[s].low, flows[s].high), (s, choice, flows[s])
            if s in table.index:
                row = table.loc[s]
                assert within(part, row["tiv_low"], row["tiv_high"]), (s, choice)
                if whole > 1e-9:
                    assert within(100 * part / whole, row["low"], row["high"]), (s, choice, row)
            else:
                assert part == 0
        compare = window_sum(deals, choice, c, d)
        if compare > 1e-9:
            assert within(whole / compare, change.low, change.high), (choice, change)

    # the old exact reading: the same programs with every printed TIV taken as exact
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(analysis, "REGISTER_HALF_UNIT", 0.0)
        old_table, old_assumption, old_flows, old_change = bounds()
    if ("cannot be met" in old_assumption) != ("cannot be met" in assumption):
        return  # totals only the rounding lets the register meet: the old reading dropped them
    assert set(old_table.index) == set(table.index)
    for s in table.index:
        assert within(old_table.loc[s, "low"], table.loc[s, "low"], math.inf)
        assert within(old_table.loc[s, "high"], -math.inf, table.loc[s, "high"])
        assert old_table.loc[s, "share"] == pytest.approx(table.loc[s, "share"], nan_ok=True)  # one point
    for s in "ABC":
        assert within(old_flows[s].low, flows[s].low, math.inf)
        assert within(old_flows[s].high, -math.inf, flows[s].high)
    if "cannot be met" not in old_change.assumption + change.assumption:
        assert within(old_change.low, change.low, math.inf)
        assert within(old_change.high, -math.inf, change.high)


def test_without_totals_the_closed_form_quotient_is_the_programs(shipped_editions):
    """Without printed totals a quotient's extremes come from a sort per Dinkelbach step, not a
    linear program (the property above checks them against every vertex); on the 2025 release's
    register (no totals) they equal the program's for the largest importers' shares and changes."""
    from armsdata import queries

    ed = shipped_editions["2025-03-13"]
    compared = 0
    for recipient in ed.register["recipient"].value_counts().index[:25]:
        deals = queries._register_deals(ed, queries.resolve(recipient, ed)).reset_index(drop=True)
        lp = analysis.SplitLP(deals, frozenset(range(2006, 2025)), None)
        top = (deals["supplier"] == deals["supplier"].value_counts().index[0]).to_numpy()
        every = np.ones(len(deals), bool)
        for num, den in [((top, 2015, 2024), (every, 2015, 2024)),
                         ((every, 2016, 2020), (every, 2006, 2015))]:
            c, c0, _ = lp.coefficients(*num)
            e, e0, _ = lp.coefficients(*den)
            if not c.any() and not e.any():
                continue
            closed = lp._box_ratio(c, c0, e, e0)
            assert closed is not None
            assert closed == pytest.approx(lp._unconstrained_ratio_lp(c, c0, e, e0), rel=1e-9, abs=1e-12)
            compared += 1
    assert compared >= 40
