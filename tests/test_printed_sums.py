"""The ``total`` basis uses SIPRI's own printed window sums where a table prints the window asked
about (issue 20, point 4), and shows SIPRI's printed percentage beside the computed share.

Expected values are read from the raw files with the csv module here, not from the parser.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from conftest import RAW

from armsdata import analysis, cli, queries

UKR = RAW / "sipri-api-tiv-2026-08-12" / "importer-ukraine-2021-2025.csv"


@pytest.fixture(scope="module")
def ukr(shipped_editions):
    return shipped_editions["2026-08-12"]


@pytest.fixture(scope="module")
def old(shipped_editions):
    return shipped_editions["2022-04-22"]


def ukraine_rows() -> dict[str, list[str]]:
    """Ukraine's 2026 table by the csv module: first cell -> the row's cells."""
    rows = list(csv.reader(io.StringIO(UKR.read_text("utf-8-sig"))))
    return {r[0]: r for r in rows if r}


def test_the_window_sums_decide_where_the_table_prints_the_window(ukr):
    rows = ukraine_rows()
    header = rows["Supplier"]
    at = header.index("2021-2025")
    us, total = float(rows["United States"][at]), float(rows["Total exports to Ukraine"][at])
    # the header's years one by one: the cells SIPRI rounded year by year
    years = [j for j, h in enumerate(header) if h.isdigit()]
    us_cells = sum(float(rows["United States"][j] or 0) for j in years)
    assert (us, total, us_cells) == (6094, 14909, 6093)  # the sum and the cells disagree by one
    e = queries.supplier_share(ukr, "Ukraine", "United States", 2021, 2025)
    assert (e.numerator, e.denominator) == (us, total)
    assert e.value == pytest.approx(100 * us / total)
    # the other suppliers are not all listed (the rows do not add up): the total bounds them only
    assert e.low == pytest.approx(100 * (us - 0.5) / (total + 0.5))
    assert e.high == pytest.approx(100 * (us + 0.5) / (total - 0.5))
    assert e.sipri_value == float(rows["United States"][at + 1].rstrip("%")) == 41.0
    assert e.assumption == analysis.WINDOW_SUMS and e.feasible
    # narrower than the yearly cells alone allow: every cell and year total is a looser constraint
    cells = analysis.share_table(queries._blocks_detail(ukr, queries.resolve("Ukraine", ukr), None,
                                                        2021, 2025, "total")).loc["United States"]
    assert cells["low"] < e.low and e.high < cells["high"]
    assert (e.high - e.low) < (cells["high"] - cells["low"]) / 4


def test_another_window_uses_the_yearly_cells_and_says_so(ukr):
    e = queries.supplier_share(ukr, "Ukraine", "United States", 2022, 2025)
    rows = ukraine_rows()
    header = rows["Supplier"]
    cells = sum(float(rows["United States"][header.index(str(y))]) for y in range(2022, 2026))
    assert e.numerator == cells and e.sipri_value is None
    assert e.assumption == analysis.ROUNDING
    df = queries.shares(ukr, "Ukraine", 2022, 2025)
    assert df["sipri_share"].isna().all()


def test_the_share_frame_shows_sipris_percentage_beside_the_share(ukr):
    frame = queries.shares(ukr, "Ukraine", 2021, 2025)
    assert list(frame.columns) == analysis.SHARE_COLUMNS
    df = frame.set_index("supplier")
    rows = ukraine_rows()
    at = rows["Supplier"].index("Percentage")
    assert df.loc["Turkiye", "sipri_share"] == float(rows["Turkiye"][at].rstrip("%")) == 1.6


def test_the_old_sites_total_column_is_a_window_sum_too(old):
    # the old site prints a Total over every year it lists (1950-2021): Armenia's Russia row
    # sums to 834 over the cells, SIPRI prints 832 (its sum of unrounded values)
    e = queries.supplier_share(old, "Armenia", "Russia", 1950, 2021)
    assert e.assumption == analysis.WINDOW_SUMS and e.sipri_value is None
    assert e.numerator == 832.0


@pytest.mark.slow
def test_over_every_recipient_the_two_bounds_overlap_and_the_result_lies_in_both(old):
    """SIPRI's printed sums and its yearly cells are two sets of valid constraints on the same
    true values: over every recipient and supplier of the 2022 release their bounds overlap, and
    the intersection is what the query returns."""
    checked = 0
    for recipient in sorted(old.tiv_recipients):
        sel = queries.resolve(recipient, old)
        try:
            df = queries.shares(old, sel, 1950, 2021).set_index("supplier")
        except queries.NoDataError:
            continue
        cells = analysis.share_table(queries._blocks_detail(old, sel, None, 1950, 2021, "total"))
        cells = cells[["low", "high"]].reindex(df.index, fill_value=0.0)
        assert (df["low"] >= cells["low"] - 1e-9).all() and (df["high"] <= cells["high"] + 1e-9).all()
        assert (df["low"] <= df["high"]).all(), recipient
        # the point may still lie outside (Kosovo: SIPRI prints 11 of 13, the rows allow
        # 88-92 %), and then it is flagged, never the bounds widened to it
        d = df[df["share"].notna()]  # 0/0 (a '0' total) has no point
        inside = (d["low"] - 1e-9 <= d["share"]) & (d["share"] <= d["high"] + 1e-9)
        assert (inside == d["feasible"]).all(), recipient
        checked += len(df)
    assert checked > 1000


def test_intersecting_disjoint_bounds_keeps_their_span_and_flags_it():
    import pandas as pd

    a = pd.DataFrame({"tiv": [1.0], "tiv_low": [0.5], "tiv_high": [1.5], "share": [10.0],
                      "low": [9.0], "high": [11.0], "denominator": [10.0], "feasible": [True]},
                     index=["X"])
    b = a.assign(share=20.0, low=19.0, high=21.0)
    out = analysis.intersect_shares(a, b).loc["X"]
    assert (out["low"], out["high"], bool(out["feasible"])) == (9.0, 21.0, False)
    c = a.assign(low=10.5, high=12.0)
    out = analysis.intersect_shares(a, c).loc["X"]
    assert (out["low"], out["high"]) == (10.5, 11.0)
    assert not np.isnan(out["share"])


def test_the_command_line_prints_sipris_percentage_and_bounds_outward(capsys):
    assert cli.main(["shares", "Ukraine", "--from", "2021", "--to", "2025", "--edition",
                     "2026-08-12"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("United States"))
    # share 40.8746, low 40.8699 (shown 40.86, rounded down), high 40.8794 (40.88, up), SIPRI 41%
    assert line.split()[2:6] == ["40.87", "40.86", "40.88", "41.00"]
    assert "SIPRI prints beside its own sum" in out


def test_a_trimmed_table_does_not_make_an_unlisted_supplier_zero_or_rank_without_it(ukr):
    """The shipped 2026 Ukraine table keeps three supplier rows of SIPRI's table (they add up to
    6,338 of the printed 14,909, read here with the csv module).  A supplier it does not list
    delivered an unknown amount, not nothing; and any supplier it leaves out may be larger
    than a listed one, so no rank among Ukraine's suppliers can be read from it (a hostile
    review found Germany 'contradicted' at 0 % and Turkiye 'second largest' here)."""
    rows = ukraine_rows()
    at = rows["Supplier"].index("2021-2025")
    listed = sum(float(r[at] or 0) for k, r in rows.items()
                 if k not in ("Supplier",) and not k.startswith("Total") and len(r) > at
                 and k != "" and r[at].replace(".", "").isdigit())
    assert listed == 6338 and float(rows["Total exports to Ukraine"][at]) == 14909
    with pytest.raises(queries.NoDataError, match="lists only some suppliers.*Germany is not"):
        queries.supplier_share(ukr, "Ukraine", "Germany", 2021, 2025)
    with pytest.raises(queries.NoDataError, match="lists only some suppliers.*no rank"):
        queries.rank(ukr, supplier="Turkiye", recipient="Ukraine", start=2021, end=2025)
    with pytest.raises(queries.NoDataError, match="lists only some suppliers"):
        queries.change(ukr, recipient="Ukraine", supplier="Germany", window=(2024, 2025),
                       compare_window=(2021, 2022))
    # nor a region whose members the table may have left out (North America: only the
    # United States is listed; Canada's deliveries are not known)
    with pytest.raises(queries.NoDataError, match="members of North America it leaves out"):
        queries.supplier_share(ukr, "Ukraine", "North America", 2021, 2025)
    with pytest.raises(queries.NoDataError, match="lists only some suppliers"):
        queries.change(ukr, recipient="Ukraine", supplier="North America", window=(2024, 2025),
                       compare_window=(2021, 2022))
    # a supplier the table lists is still answered, from SIPRI's printed sums; the table of
    # shares says that the others are not listed, with its rows' sum against the total
    assert queries.supplier_share(ukr, "Ukraine", "United States", 2021, 2025).sipri_value == 41
    note = queries.shares(ukr, "Ukraine", 2021, 2025)["coverage_note"].iloc[0]
    assert "lists only some suppliers" in note and "6,338 of the 14,909" in note
