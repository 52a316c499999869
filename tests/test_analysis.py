"""Share arithmetic on cases small enough to check by hand (worked out in the comments)."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdata import analysis
from armsdata.errors import NoDataError


def tiv_rows(cells):
    return pd.DataFrame(cells, columns=["recipient", "supplier", "year", "tiv", "below_half"]).astype(
        {"year": "int64", "tiv": "float64", "below_half": bool})


# Recipient X. Printed cells: A 2000 = 10, A 2001 = '0' (below 0.5), B 2000 = 2.
ROWS = tiv_rows([("X", "A", 2000, 10, False), ("X", "A", 2001, 0, True), ("X", "B", 2000, 2, False)])


def by_supplier(df):
    return df.set_index("supplier")


def test_rows_basis_point_and_bounds_by_hand():
    s = by_supplier(analysis.tiv_shares(ROWS, None, "X", 2000, 2001, basis="rows"))
    # point: 10 / (10 + 2)
    assert s.loc["A", "share"] == pytest.approx(100 * 10 / 12)
    # A at its lowest (9.5 in 2000, ~0 in 2001), B at its highest (2.5): 9.5 / 12
    assert s.loc["A", "low"] == pytest.approx(100 * 9.5 / 12)
    # A at its highest (10.5 + 0.5), B at its lowest (1.5): 11 / 12.5
    assert s.loc["A", "high"] == pytest.approx(100 * 11 / 12.5)
    assert s.loc["A", "tiv_low"] == 9.5 and s.loc["A", "tiv_high"] == 11.0
    assert s["share"].sum() == pytest.approx(100)


def test_total_basis_uses_sipris_total_row_and_its_rounding():
    # SIPRI's Total 2000 = 11 although the rows print 10 + 2 = 12 (each cell rounded alone).
    totals = tiv_rows([("X", "Total", 2000, 11, False), ("X", "Total", 2001, 0, True)])
    s = by_supplier(analysis.tiv_shares(ROWS, totals, "X", 2000, 2001, basis="total"))
    # point, SIPRI's way: 10 / 11
    assert s.loc["A", "share"] == pytest.approx(100 * 10 / 11)
    assert s.loc["A", "denominator"] == 11
    # true 2000 total within [10.5, 11.5] (Total) and [11, 13] (rows) -> [11, 11.5]; A's highest:
    # B at 1.5 leaves A at most 10 in 2000; plus 0.5 in 2001: 10.5 / 12 = 87.5 %
    assert s.loc["A", "high"] == pytest.approx(100 * 10.5 / 12)
    # ... so SIPRI's point (90.9 %) is a value no unrounded data could give:
    assert s.loc["A", "share"] > s.loc["A", "high"]
    # A's lowest: 9.5 with B at 2.5 (2000 total 12 > 11.5, so B is capped at 2): 9.5 / 11.5
    assert s.loc["A", "low"] == pytest.approx(100 * 9.5 / 11.5)


def test_register_even_split_and_split_bounds_by_hand():
    reg = pd.DataFrame({
        "recipient": ["X", "X", "Y"], "supplier": ["A", "B", "A"],
        "delivery_years": [(2000, 2001), (2001,), (2001,)],
        "tiv_delivered": pd.array([10.0, 4.0, 99.0], dtype="Float64")})
    s = by_supplier(analysis.register_shares(reg, "X", 2001, 2001))
    # A's 10 over two years: even split puts 5 in 2001; anything from ~0 to 10 is possible.
    assert s.loc["A", "tiv"] == 5 and s.loc["A", "tiv_low"] == 0 and s.loc["A", "tiv_high"] == 10
    assert s.loc["A", "share"] == pytest.approx(100 * 5 / 9)
    assert s.loc["A", "low"] == pytest.approx(0)
    assert s.loc["A", "high"] == pytest.approx(100 * 10 / 14)
    assert s.loc["B", "low"] == pytest.approx(100 * 4 / 14)
    assert s.loc["B", "high"] == pytest.approx(100)
    assert "evenly" in s.loc["A", "assumption"]


def test_per_delivery_year_register_needs_no_split():
    dy = pd.DataFrame({"recipient": ["X", "X", "X"], "supplier": ["A", "A", "B"],
                       "delivery_year": pd.array([2000, 2001, 2001], dtype="Int64"),
                       "tiv_delivered": pd.array([6.0, 4.0, 4.0], dtype="Float64")})
    s = by_supplier(analysis.register_shares(dy, "X", 2001, 2001))
    assert s.loc["A", "share"] == pytest.approx(50) == s.loc["A", "low"] == s.loc["A", "high"]


def test_empty_window_is_a_named_error():
    with pytest.raises(NoDataError, match="no deliveries to 'X' in 1990-1991"):
        analysis.tiv_shares(ROWS, None, "X", 1990, 1991, basis="rows")
    with pytest.raises(ValueError, match="start year after end year"):
        analysis.tiv_shares(ROWS, None, "X", 2001, 2000, basis="rows")


def test_hhi():
    assert analysis.hhi(pd.Series([50.0, 50.0])) == 5000
    assert analysis.hhi(pd.Series([100.0])) == 10000
    periods = analysis.hhi_by_period(ROWS, "X", 2000, 2009, step=5)
    assert periods.loc[0, "hhi"] == pytest.approx((100 * 10 / 12) ** 2 + (100 * 2 / 12) ** 2)
    assert periods.loc[1, "suppliers"] == 0


def test_library_is_generic_real_data_for_another_recipient():
    from armsdata import editions
    df = editions.shares("AZE", 2011, 2020, basis="rows")
    assert set(df["recipient"]) == {"Azerbaijan"}
    assert df["share"].sum() == pytest.approx(100)
    assert (df["low"] <= df["share"] + 1e-9).all() and (df["share"] <= df["high"] + 1e-9).all()
