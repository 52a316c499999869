"""A claim and its result as tables (armsdata.claims.tables), on the article's claims and the
shipped data.

Expected values are read by hand from the raw files: ``sipri-tiv-2022-04-22/imports/ARM.csv``
(Russia's cells 2011-2020: 2, 16, 110, 18, 228 = 374; the Total row: 5, 16, 110, 18, 248 = 397;
Jordan 21 and Ukraine 4, so the rows add up to 399), ``curated/loans.csv``,
``curated/cargo_reports.csv`` (Day.az: 9 flights and 510 t for 17 Jul-6 Aug 2020; an Il-76TD
flight dated 23-24 Aug; President Aliyev's readout: more than 400 t for 17 Jul-12 Aug),
``curated/aircraft_payloads.csv`` (Il-76MD 48 t, Il-76TD 52 t) and ``curated/facts.csv``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from armsdata import claims
from armsdata.errors import ClaimError, NoDataError


@pytest.fixture(scope="module")
def ctx():
    return claims.Context()


@pytest.fixture(scope="module")
def share(ctx):
    return claims.evaluate(claims.get_claim("russia-share-2011-2020"), ctx)


def test_estimates_mark_the_infeasible_quotient_and_the_point(share):
    est = claims.tables.estimates(share).set_index(["edition", "basis"])
    assert list(claims.tables.estimates(share).columns) == list(claims.tables.ESTIMATE_COLUMNS)
    total = est.loc[("2022-04-22", "total")]
    assert (total["numerator"], total["denominator"]) == (374, 397)
    assert total["value"] == pytest.approx(100 * 374 / 397) and not total["feasible"]
    rows = est.loc[("2022-04-22", "rows")]
    assert rows["denominator"] == 374 + 21 + 4 and rows["value"] == pytest.approx(100 * 374 / 399)
    assert (total["release"], rows["release"]) == (2022, 2022)
    # the point is on the release that judges (the newest, 2025: the text has no date), and
    # there the best point within its range: the classic register's even split, all it has
    assert share.release == 2025
    assert est.index[est["point"]].tolist() == [("2025-03-13", "register")]
    assert rows["width"] == pytest.approx(rows["high"] - rows["low"])


def test_evidence_items_of_a_ledger_claim(ctx):
    r = claims.evaluate(claims.get_claim("loans-since-2020"), ctx)
    ev = claims.tables.evidence(r)
    assert list(ev.columns) == list(claims.tables.EVIDENCE_COLUMNS)
    # loans.csv: the two ratified USD loans, signed 2015-06-26 (200) and 2017-10-24 (100),
    # both before the window: neither supports "since 2020"
    assert ev["source"].tolist() == ["curated/loans.csv, row ru-am-2015-200m",
                                     "curated/loans.csv, row ru-am-2017-100m"]
    assert "USD 200 million" in ev["label"].iloc[0] and "USD 100 million" in ev["label"].iloc[1]
    assert set(ev["role"]) == {"neutral"} and set(ev["coverage"]) == {"searched"}


def test_assumptions_and_judgements(ctx):
    tonnage = claims.evaluate(claims.get_claim("cargo-tonnage"), ctx)
    a = claims.tables.assumptions(tonnage)
    assert a["name"].tolist() == ["number of flights in the window", "type of every flight"]
    assert not a["confirmed"].any()  # a searched ledger confirms neither
    # the 2024 release's trade-register.csv: the only armoured troop carrier Russia delivered in
    # 2011-2020 is the Tigr, described 'APV'; without it the APCs are missing, 3 of 4: not-supported
    types = claims.evaluate(claims.get_claim("weapon-types"), ctx.copy(override=["2024-10-13"]))
    j = claims.tables.judgements(types)
    assert j["call"].tolist() == ["SIPRI's 'APV' counted as armoured personnel carriers"]
    assert j["applied"].tolist() == [True]
    assert j["verdict_if_reversed"].tolist() == ["not-supported"]
    # the 2025 release describes the same Tigr deal as 'APC': no judgement call is needed there
    newest = claims.evaluate(claims.get_claim("weapon-types"), ctx)
    assert newest.release == 2025 and newest.verdict == "supported"
    assert claims.tables.judgements(newest).empty


def test_reports_and_capacity_bounds_of_a_physical_bound(ctx):
    claim = claims.get_claim("cargo-tonnage")
    rep = claims.tables.reports(claim, ctx).set_index("id")
    assert rep.loc["president-az-2020-08-12", ["qualifier", "value"]].tolist() == ["more than", 400]
    assert rep.loc["dayaz-2020-08-24-summary", "value"] == 510
    assert not rep["whole_window"].any()  # both cover part of 12 Jul-27 Sep only
    b = claims.tables.capacity_bounds(claim, ctx).set_index("scope")
    # the window: Day.az's 9 + the Il-76TD dated outside its period = 10 flights x 52 t
    assert (b.loc["window", "units"], b.loc["window", "bound"]) == (10, 520)
    # Day.az's own count: 9 x 52 t = 468 t against the 510 t it reports, 56.7 t a flight
    assert (b.loc["report", "units"], b.loc["report", "bound"]) == (9, 468)
    assert b.loc["report", "implied_per_unit"] == pytest.approx(510 / 9)
    assert set(b["type"]) == {"Il-76TD"} and set(b["units_name"]) == {"flights"}


def test_reports_and_bounds_are_empty_for_other_checks(ctx):
    claim = claims.get_claim("loans-since-2020")
    assert claims.tables.reports(claim, ctx).empty
    assert claims.tables.capacity_bounds(claim, ctx).empty


def test_on_windows_gives_the_published_figure_beside_the_computed_one(ctx):
    claim = claims.get_claim("russia-share-2011-2020")
    w = claims.tables.on_windows(claim, [(2016, 2020)], ctx).set_index("basis")
    # ARM.csv 2016-2020: Russia 110 + 18 + 228 = 356, Total 110 + 18 + 248 = 376
    assert w.loc["total", "value"] == pytest.approx(100 * 356 / 376)
    # facts.csv row sipri-94-2016-2020-iqtisadchi: 94 per cent for 2016-2020
    assert set(w["published"]) == {94.0} and set(w["window"]) == {"2016-2020"}
    with pytest.raises(ClaimError, match="needs a SIPRI figure"):
        claims.tables.on_windows(claims.get_claim("loans-since-2020"), [(2016, 2020)], ctx)


def test_deal_categories_from_the_claims_items():
    claim = claims.get_claim("weapon-types")
    cats = claims.tables.deal_categories(claim)
    # claims.yaml: APC is a match of the APCs; APV only related; 'mobile SAM system' a match
    assert cats["apc"] == "armoured personnel carriers"
    assert cats["apv"] == "armoured personnel carriers (related)"
    assert cats["mobile sam system"] == "air defence systems"
    assert claims.tables.deal_categories(claim, fold_related=True)["apv"] == \
        "armoured personnel carriers"
    with pytest.raises(ClaimError, match="no evidence.items"):
        claims.tables.deal_categories(claims.get_claim("smerch-delivery-years"))


def test_verdicts_one_row_per_result(ctx, share):
    loans = claims.evaluate(claims.get_claim("loans-since-2020"), ctx)
    v = claims.tables.verdicts([share, loans])
    assert list(v.columns) == list(claims.tables.VERDICT_COLUMNS)
    assert v["id"].tolist() == ["russia-share-2011-2020", "loans-since-2020"]
    assert v["high"].isna().tolist() == [False, True]  # a searched sum has no upper end
    assert v["value"].iloc[1] == 0  # no loan of the ledger signed since 2020


def test_a_deal_list_counts_deals_not_the_per_year_rows_of_a_deal():
    # the per-delivery-year register has one row per deal and year (Smerch: 2016 and 2017): on
    # it and on the register of the same release, Russia's deals with Armenia delivered in
    # 2011-2020 are the same 12 (trade-register.csv, read by hand)
    claim = claims.get_claim("weapon-types")
    for edition in ("2024-10-13", "2024-04-16"):
        r = claims.evaluate(claim, claims.Context(override=[edition]))
        assert "with a delivery in 2011–2020: 12." in r.explanation, (edition, r.explanation)
        assert "multiple rocket launchers: Smerch;" in r.explanation or \
            "multiple rocket launchers: BM-9A52 Smerch;" in r.explanation  # each designation once


# --------------------------------------------------------------------------------------------
# Per release: the release of record, the revisions, what each edition holds, the split by year
# --------------------------------------------------------------------------------------------

def test_releases_one_row_per_release_the_record_first_each_the_intersection_of_its_own(share):
    rel = claims.tables.releases(share)
    assert list(rel.columns) == list(claims.tables.RELEASE_COLUMNS)
    # no date: the newest release that answers decides (2025: its classic register); the 2024
    # (per-year values) and 2022 (TIV tables) releases are revisions; 2018 does not cover 2020,
    # 2023's files have no Armenia table, 2026's no year before 2021
    assert rel["release"].tolist() == [2025, 2024, 2022]
    assert rel["decides"].tolist() == [True, False, False]
    assert rel.loc[0, "verdict"] == share.verdict
    assert rel["basis"].tolist() == ["register", "per-year", "total, rows"]
    est = claims.tables.estimates(share)
    for r in rel.itertuples():  # each release's range: the intersection of its own bounds
        own = est[est["release"] == r.release]
        assert r.low == pytest.approx(own["low"].max()) and r.high == pytest.approx(own["high"].min())
        assert r.consistent and r.low <= r.value <= r.high
    # the 2022 point is the rows basis (374/399): the total basis's 374/397 lies outside the
    # bounds the rounding allows (ARM.csv: rows add up to 399, the Total row says 397)
    row22 = rel.set_index("release").loc[2022]
    assert row22["value"] == pytest.approx(100 * 374 / 399)
    assert row22["point_from"] == "edition 2022-04-22, basis rows"
    # SIPRI's per-year values 2011-2020 (delivery-years-1990-2023.csv, Russia -> Armenia, read
    # by hand) sum to 373.2 of Armenia's 397.6: 93.86 %, the 2024 point
    assert rel.set_index("release").loc[2024, "value"] == pytest.approx(100 * 373.2 / 397.6)


def test_release_rows_read_a_result_and_its_fields_alike(share):
    """model.release_rows, which tables, drift, compare, the figures and the pages share: on the
    result or on its dict (the report's rows), newest first, the record marked."""
    from armsdata.claims.model import release_rows

    rows = release_rows(share)
    assert rows == release_rows(share.to_dict())
    assert [(r["release"], r["decides"]) for r in rows] == [(2025, True), (2024, False),
                                                            (2022, False)]
    assert rows[0]["verdict"] == share.verdict and rows[0]["point_from"] == share.point_from
    assert rows[2]["editions"] == ["2022-04-22"] and rows[2]["bases"] == ["total", "rows"]
    assert release_rows({"release": None, "revisions": []}) == []


def test_releases_and_records_of_a_ledger_claim_are_empty(ctx):
    loans = claims.evaluate(claims.get_claim("loans-since-2020"), ctx)
    assert claims.tables.releases(loans).empty
    rec = claims.tables.records([loans]).iloc[0]
    assert rec["release"] is pd.NA and rec["chosen"] == "" and rec["text_date"] == ""


def test_records_say_how_the_release_was_chosen_and_the_texts_date(share):
    claim = claims.get_claim("russia-share-2011-2020")
    rec = claims.tables.records([share]).iloc[0]
    assert list(rec.index) == list(claims.tables.RECORD_COLUMNS)
    assert (rec["release"], rec["text_date"], rec["date_source"]) == (2025, "unknown", "")
    assert rec["chosen"] == "the newest that answers; the text's date is unknown"
    # a text dated June 2022: the 2022 release (published March 2022) was in force
    dated = claims.evaluate(claim, claims.Context(date=dt.date(2022, 6, 1)))
    rec = claims.tables.records([dated]).iloc[0]
    assert (rec["release"], rec["text_date"], rec["date_source"]) == (2022, "2022-06-01", "--date")
    assert rec["chosen"] == "in force on 2022-06-01, the text's date"
    assert rec["low_from"] == "edition 2022-04-22, basis total"
    # June 2021: the 2021 release was in force, and none is shipped: the nearest later speaks
    later = claims.tables.records([claims.evaluate(claim, claims.Context(date=dt.date(2021, 6, 1)))])
    assert later["release"].tolist() == [2022]
    assert later["chosen"].iloc[0].startswith("the text's date 2021-06-01 falls in the 2021 release")
    assert later["verdict"].tolist() == ["differs-on-later-release"]


def test_verdicts_name_the_release_that_decided(ctx, share):
    loans = claims.evaluate(claims.get_claim("loans-since-2020"), ctx)
    v = claims.tables.verdicts([share, loans])
    assert v["release"].tolist()[0] == 2025 and v["release"].isna().tolist() == [False, True]
    assert v["edition"].tolist() == ["2025-03-13", ""]


def test_claim_editions_say_what_each_edition_holds(ctx):
    claim = claims.get_claim("russia-share-2011-2020")
    eds = claims.tables.claim_editions(claim, ctx)
    assert list(eds.columns) == list(claims.tables.EDITION_COLUMNS)
    assert eds["release"].tolist() == sorted(eds["release"].tolist(), reverse=True)
    by = eds.set_index("edition")
    # sipri-tiv-2022-04-22/imports/ARM.csv is Armenia's table; the 2023 release's TIV files are
    # world tables only; the 2025 register has TIV, the 2023 RTF register none; the 2024
    # per-delivery-year register covers 1990-2023; the 2018 release ends in 2017
    assert by["recipient_table"][lambda s: s].index.tolist() == ["2022-04-22"]
    assert by.loc["2025-03-13", ["register", "register_tiv", "per_year"]].tolist() == [True, True, False]
    assert by.loc["2024-02-18", ["register", "register_tiv"]].tolist() == [True, False]
    assert by.loc["2024-04-16", "per_year"] and not by.loc["2018-12-05", "covers_window"]
    assert (by["problem"] == "").all()
    # on one edition asked: that edition alone
    one = claims.tables.claim_editions(claim, claims.Context(override=["2022-04-22"]))
    assert one["edition"].tolist() == ["2022-04-22"]
    with pytest.raises(ClaimError, match="needs a SIPRI claim"):
        claims.tables.claim_editions(claims.get_claim("loans-since-2020"), ctx)


def test_by_year_the_even_split_beside_sipris_per_year_values(ctx):
    split = claims.tables.by_year(claims.get_claim("russia-share-2011-2020"), ctx)
    assert list(split.columns) == list(claims.tables.BY_YEAR_COLUMNS)
    series = split.groupby(["release", "edition", "split"], sort=False).size()
    assert series.index.tolist() == [(2025, "2025-03-13", claims.tables.EVEN_SPLIT),
                                     (2024, "2024-10-13", claims.tables.EVEN_SPLIT),
                                     (2024, "2024-04-16", claims.tables.PER_YEAR)]
    assert (series == 10).all()  # every year of 2011-2020
    at = split.set_index(["edition", "year"])
    # 2016, even split (trade-register.csv): Iskander 75 + 4, Igla-S 16, T-90S 4, and half of
    # Smerch 7.2 and Verba 18 (both delivered 2016; 2017)
    assert at.loc[("2024-10-13", 2016), "value"] == pytest.approx(79 + 16 + 4 + 3.6 + 9)
    # SIPRI's own split (delivery-years-1990-2023.csv): Smerch 2.4, Verba 9 in 2016
    assert at.loc[("2024-04-16", 2016), "value"] == pytest.approx(79 + 16 + 4 + 2.4 + 9)
    assert at.loc[("2024-04-16", 2017), "value"] == pytest.approx(4 + 4.8 + 9)
    # each per-year value is printed to two decimals: its bounds are that rounding
    assert at.loc[("2024-04-16", 2016), "high"] - at.loc[("2024-04-16", 2016), "low"] == \
        pytest.approx(0.06)
    # the even split is bounded by the printed yearly totals of the same release: 111.6 in 2016
    # is more than they allow (marked, not hidden)
    assert not at.loc[("2024-10-13", 2016), "feasible"]
    assert at.loc[("2024-10-13", 2016), "high"] < 111.6
    with pytest.raises(ClaimError, match="needs a SIPRI claim"):
        claims.tables.by_year(claims.get_claim("cargo-tonnage"), ctx)


def test_newest_with_picks_the_newest_edition_that_has_it_or_says_none_does(ctx):
    claim = claims.get_claim("russia-share-2011-2020")
    eds = claims.tables.claim_editions(claim, ctx)
    assert claims.tables.newest_with(eds, "recipient_table") == "sipri-tiv-2022-04-22"
    assert claims.tables.newest_with(eds, "register_tiv") == "sipri-trade-register-2025-03-13"
    one = claims.tables.claim_editions(claim, claims.Context(override=["2025-03-13"]))
    with pytest.raises(NoDataError, match="no edition asked has the recipient's TIV table.*"
                                          "sipri-trade-register-2025-03-13"):
        claims.tables.newest_with(one, "recipient_table")
    with pytest.raises(ValueError, match="flag 'tiv'"):
        claims.tables.newest_with(eds, "tiv")
