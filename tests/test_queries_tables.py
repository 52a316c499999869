"""The SIPRI tables the claim notebooks show (armsdata.queries, after total_imports_by_year).

Every expected value is read by hand from the raw files of the shipped editions:
``data/raw/sipri-tiv-2022-04-22/imports/ARM.csv`` (Armenia's TIV table by supplier),
``data/raw/sipri-trade-register-2024-10-13/trade-register.csv`` (rows ``Armenia,Russia,...``) and
its ``tiv-imports-by-recipient-1950-2024.csv`` (the ``Armenia`` row),
``data/raw/sipri-delivery-years-2024-04/delivery-years-1990-2023.csv`` (rows
``...,Russia,Armenia,...``) and ``data/raw/sipri-tiv-2022-04-22/third-party/import_category.csv``
(rows ``"Armenia",...``).
"""

from __future__ import annotations

import pandas as pd
import pytest

from armsdata import editions, queries
from armsdata.errors import NoDataError


@pytest.fixture(scope="module")
def tiv():
    return editions.load("2022-04-22")


@pytest.fixture(scope="module")
def register():
    return editions.load("2024-10-13")


@pytest.fixture(scope="module")
def per_year():
    return editions.load("2024-04-16")


def test_imports_by_supplier_on_the_tiv_table(tiv):
    wide = queries.imports_by_supplier(tiv, "armenia", 2011, 2020)
    # ARM.csv, 2011-2020: Russia 2 (2011), 16 (2013), 110 (2016), 18 (2017), 228 (2019);
    # Jordan 21 (2019); Ukraine 4 (2011); nobody else delivers in these years
    assert list(wide.columns) == ["Russia", "Jordan", "Ukraine"]   # largest first
    assert list(wide.index) == list(range(2011, 2021))              # every year, empty = 0
    assert wide["Russia"].tolist() == [2, 0, 16, 0, 0, 110, 18, 0, 228, 0]
    assert wide.loc[2019, "Jordan"] == 21 and wide.loc[2011, "Ukraine"] == 4
    assert wide.attrs["edition"] == "2022-04-22" and wide.attrs["basis"] == "total"


def test_imports_by_supplier_on_the_register_bases(register, per_year):
    even = queries.imports_by_supplier(register, "Armenia", 2016, 2017, basis="register")
    # trade-register.csv: the Smerch (7.2 TIV, 2016; 2017) and the Verba (18, 2016; 2017) split
    # evenly; the Iskander SSM 75, Iskander TEL 4, Igla-S 16 and T-90S 4 all in 2016; Kornet 4
    # in 2017: 2016 = 75 + 4 + 16 + 4 + 3.6 + 9 = 111.6, 2017 = 4 + 3.6 + 9 = 16.6
    assert even.loc[2016, "Russia"] == pytest.approx(111.6)
    assert even.loc[2017, "Russia"] == pytest.approx(16.6)
    own = queries.imports_by_supplier(per_year, "Armenia", 2016, 2017, basis="register")
    # delivery-years-1990-2023.csv: SIPRI's own split of the Smerch is 2.4 (2016) and 4.8 (2017)
    assert own.loc[2016, "Russia"] == pytest.approx(110.4)
    assert own.loc[2017, "Russia"] == pytest.approx(17.8)
    assert own.attrs["assumption"] == queries.DEALS_PER_YEAR
    assert even.attrs["assumption"] == queries.DEALS_EVEN_SPLIT


def test_rows_against_total_lists_the_years_they_disagree(tiv):
    out = queries.rows_against_total(tiv, "Armenia", 2011, 2020)
    # ARM.csv: 2011 Russia 2 + Ukraine 4 = 6 against Total 5; 2019 Russia 228 + Jordan 21 = 249
    # against Total 248; every other year of the window agrees (2013 16/16, 2016 110/110, ...)
    expected = pd.DataFrame({"year": [2011, 2019], "rows": [6.0, 249.0], "total": [5.0, 248.0],
                             "difference": [1.0, 1.0], "cells": [2, 2]})
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    every = queries.rows_against_total(tiv, "Armenia", 2011, 2020, disagreeing_only=False)
    assert len(every) == 10 and every.set_index("year").loc[2016, "total"] == 110


def test_rows_against_total_needs_a_tiv_table(per_year):
    with pytest.raises(NoDataError, match="no recipients' TIV tables"):
        queries.rows_against_total(per_year, "Armenia", 2011, 2020)


def test_flow_by_year_even_split_is_bounded_by_the_printed_totals(register):
    f = queries.flow_by_year(register, recipient="Armenia", supplier="Russia", start=2016,
                             end=2017, basis="register").set_index("year")
    # Worked by hand: in 2016 the fixed deals give 99 (75 + 4 + 16 + 4, each printed to two
    # decimals: at least 98.98) and the Smerch and Verba put x of their 25.2 (at least 25.19)
    # there; 2017's fixed deal is 4 (at least 3.995).  Armenia's printed totals (imports by
    # recipient: 2016 = 110, 2017 = 18, each +/-0.5, no other supplier in either year) cap 2016
    # at 110.5 and 2017 at 18.5; the least 2016 can hold is 98.98 + (3.995 + 25.19 - 18.5) =
    # 109.665 (2017 at its cap), the least 2017 can hold 3.995 + 25.19 - (110.5 - 98.98) =
    # 17.665; the even split's 111.6 lies outside.
    assert f.loc[2016, "value"] == pytest.approx(111.6)
    assert (f.loc[2016, "low"], f.loc[2016, "high"]) == (pytest.approx(109.665), pytest.approx(110.5))
    assert not f.loc[2016, "feasible"]
    assert (f.loc[2017, "low"], f.loc[2017, "high"]) == (pytest.approx(17.665), pytest.approx(18.5))


def test_flow_by_year_on_sipris_per_year_values(per_year):
    f = queries.flow_by_year(per_year, recipient="Armenia", supplier="Russia", start=2016,
                             end=2017).set_index("year")
    # 2016: 75 + 16 + 4 + 2.4 + 4 + 9 = 110.4 (six rows, each printed to two decimals, +/-0.005)
    assert f.loc[2016, "value"] == pytest.approx(110.4)
    assert f.loc[2016, "low"] == pytest.approx(110.4 - 6 * 0.005)
    assert bool(f["feasible"].all()) and set(f["basis"]) == {"register"}


CATEGORIES = {"self-propelled mrl": "rocket launchers", "tank": "tanks"}


def test_deals_of_a_supplier_with_a_recipient(register):
    d = queries.deals(register, "Armenia", "Russia", 2011, 2020, categories=CATEGORIES)
    # trade-register.csv: 12 rows Armenia,Russia with a delivery year in 2011-2020 (Tigr 2011 ...
    # Su-30K and 9M338 and Tor-M1 2019), sorted by first delivery year and designation
    assert len(d) == 12
    assert d["designation"].iloc[0] == "Tigr" and d["delivery_years"].iloc[0] == (2011,)
    smerch = d[d["designation"] == "BM-9A52 Smerch"].iloc[0]
    assert smerch["category"] == "rocket launchers" and smerch["tiv_delivered"] == 7.2
    assert (smerch[2016], smerch[2017], smerch["tiv_in_window"]) == (3.6, 3.6, 7.2)
    assert d[d["designation"] == "T-90S"]["category"].iloc[0] == "tanks"
    assert d[d["designation"] == "Su-30K"]["category"].iloc[0] == "other: FGA aircraft"
    assert d["tiv_in_window"].sum() == pytest.approx(373.2)  # the register's 2011-2020 flow
    assert d.attrs["assumption"] == queries.DEALS_EVEN_SPLIT


def test_deals_on_the_per_year_register_are_one_row_per_deal(per_year):
    d = queries.deals(per_year, "Armenia", "Russia", 2011, 2020)
    smerch = d[d["deal"] == 61009].iloc[0]  # SIPRI AT Database ID 61009: 2 (2016) and 4 (2017)
    assert smerch["delivery_years"] == (2016, 2017) and smerch["number_delivered"] == 6
    assert (smerch[2016], smerch[2017]) == (pytest.approx(2.4), pytest.approx(4.8))
    assert smerch["category"] == "self-propelled MRL"   # no categories: SIPRI's description
    assert bool(smerch["number_delivered_uncertain"])   # '4, Yes' in 2017


def test_deliveries_by_category(register):
    wide = queries.deliveries_by_category(register, "Armenia", "Russia", 2011, 2020,
                                          categories=CATEGORIES, other="the rest")
    assert wide.loc[2016, "rocket launchers"] == 3.6 and wide.loc[2016, "tanks"] == 4
    # 2019: Su-30K 190 + 9M338 12.5 + Tor-M1 25
    assert wide.loc[2019, "the rest"] == pytest.approx(227.5)
    assert list(wide.index) == list(range(2011, 2021)) and wide.columns[0] == "the rest"


def test_import_categories_reads_the_third_party_table(tiv):
    t = queries.import_categories(tiv, "Armenia", 2011, 2020)
    # import_category.csv: "Armenia","Aircraft","2011",4 and "2019",190; "Air defence
    # systems","2019",41; "Total" 5, 16, 110, 18, 248 for 2011, 2013, 2016, 2017, 2019
    assert t.loc["Aircraft", 2011] == 4 and t.loc["Aircraft", 2019] == 190
    assert t.loc["Air defence systems", "2011-2020"] == 41
    assert t.loc["Total"].tolist() == [5, 16, 110, 18, 248, 397]
    assert t.attrs["source"] == "sipri-tiv-2022-04-22/third-party/import_category.csv"


def test_import_categories_needs_the_table(register):
    with pytest.raises(NoDataError, match="weapon-category table"):
        queries.import_categories(register, "Armenia", 2011, 2020)
