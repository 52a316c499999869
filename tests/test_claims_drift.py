"""Revisions (armsdata.claims.drift, in armsdata.claims.over_editions): every SIPRI claim on
every SIPRI release there is, one row per release, the release that judges it marked.

Expected values are worked out from the raw files:
``sipri-tiv-2022-04-22/imports/IND.csv``: Russia's cells 2016-2020 add up to 7,598 and the Total
row to 13,980 (so do the supplier rows), 54.35 %; ``sipri-trade-register-2024-10-13/
trade-register.csv``, rows ``India,...``: each deal's delivered TIV split evenly over its
delivery years, 2016-2020, gives Russia 6,454.58 of 13,560.46, 47.60 %;
``sipri-delivery-years-2024-04/delivery-years-1990-2023.csv`` (same release, 2024): SIPRI's own
per-year values, read below with pandas straight from the CSV;
``sipri-tiv-2022-04-22/imports/ARM.csv``: Russia 374 over rows adding up to 399 (93.73 %) in
2011-2020; ``sipri-api-recording-2025-02-10``: a per-year register of 2000-2001 only.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import RAW

from armsdata import claims

INDIA = """\
claims:
  - id: india-russia-2016-2020
    quote: "Russia supplied about half of India's arms imports in 2016-20"
    quantity: 50
    unit: per cent
    comparator: at-least
    window: {start: 2016, end: 2020}
    check: sipri-share
    evidence: {recipient: India, supplier: Russia}
  - id: a-ledger-claim
    quote: "a treaty until 2044"
    quantity: 2044
    unit: year
    comparator: equals
    check: cited-fact
    evidence: {fact: gyumri_base_lease_end_year}
"""


@pytest.fixture(scope="module")
def ctx():
    return claims.Context()


def test_present_editions_are_every_shipped_data_edition_oldest_first():
    assert claims.present_editions() == [
        ("2018-12-05", "sipri-tiv-2018-12-05"), ("2022-04-22", "sipri-tiv-2022-04-22"),
        ("2023-12-19", "sipri-tiv-2023-12"), ("2024-02-18", "sipri-register-rtf-2024-02-18"),
        ("2024-04-16", "sipri-delivery-years-2024-04"),
        ("2024-10-13", "sipri-trade-register-2024-10-13"),
        ("2025-02-10", "sipri-api-recording-2025-02-10"),
        ("2025-03-13", "sipri-trade-register-2025-03-13"),
        ("2026-08-12", "sipri-api-tiv-2026-08-12")]


def per_year_share(recipient, supplier, start, end):
    """SIPRI's per-year values summed straight from the raw CSV (no armsdata parser)."""
    df = pd.read_csv(RAW / "sipri-delivery-years-2024-04" / "delivery-years-1990-2023.csv",
                     skiprows=11, encoding="cp1252")
    df = df[(df["Recipient"] == recipient) & df["Delivery year"].between(start, end)]
    return 100 * df.loc[df["Supplier"] == supplier, "TIV delivery values"].sum() / \
        df["TIV delivery values"].sum()


def test_india_russia_differs_between_releases(tmp_path, ctx):
    path = tmp_path / "india.yaml"
    path.write_text(INDIA, encoding="utf-8")
    table = claims.drift(claims.load_claims(path), context=ctx)
    assert list(table.columns) == list(claims.DRIFT_COLUMNS)
    assert set(table["id"]) == {"india-russia-2016-2020"}   # ledger claims left out
    by = table.set_index("release")
    assert by.loc[2022, "value"] == pytest.approx(100 * 7598 / 13980)
    assert by.loc[2022, "basis"] == "total, rows"
    assert by.loc[2022, "verdict"] == "supported"     # 54.3 % and its bounds >= 50
    # the 2024 release: SIPRI's own per-year split (50.03 %) decides, not the classic
    # register's even split (47.60 %, a point outside the release's bounds)
    assert by.loc[2024, "value"] == pytest.approx(per_year_share("India", "Russia", 2016, 2020),
                                                  abs=0.01)
    assert by.loc[2024, "low"] >= 50 and by.loc[2024, "verdict"] == "supported"
    # no date: the newest release that answers decides (2025: its classic register alone)
    assert by.loc[2025, "decides"] and not by.loc[2024, "decides"] and not by.loc[2022, "decides"]
    # the same release's classic register is not asked: its even split's bounds contain SIPRI's
    # own per-year values, so they would add nothing to the range
    assert by.loc[2024, "editions"] == "2024-04-16"
    summary = claims.drift_summary(table).iloc[0]
    assert summary["answered"] == 3 and summary["lowest_point"] <= by.loc[2024, "value"]


def test_a_release_that_cannot_answer_says_why(ctx):
    article = {c.id: c for c in claims.load_claims()}
    table = claims.drift([article["russia-share-2011-2020"]], context=ctx).set_index("release")
    row = table.loc[2026]
    assert not row["answered"] and row["verdict"] == "not-checkable"
    assert "covers 2021-2025" in row["reason"]
    assert table.loc[2022, "answered"] and table.loc[2024, "answered"]


def test_drift_loads_each_edition_once():
    loads = []
    base = claims.Context(editions=["2022-04-22", "2024-10-13"])
    layer = base._layer()
    real = layer.load
    layer.load = lambda ref: loads.append(ref) or real(ref)
    article = [c for c in claims.load_claims() if c.check == "sipri-share"]
    claims.drift(article, context=base)
    assert sorted(loads) == ["2022-04-22", "2024-10-13"]


def test_armsdata_claims_edition_answers_a_deal_list_on_that_edition(ctx):
    """`--edition E` for a deal list evaluates on E (the claim's own `edition: register` used to
    win, so the 2022 TIV edition 'answered' from the 2024 register)."""
    claim = claims.get_claim("smerch-delivery-years")
    r = claims.evaluate(claim, ctx.copy(override=["2022-04-22"]))
    assert r.verdict == "not-checkable" and "no trade register" in r.error
    r = claims.evaluate(claim, ctx.copy(override=["2025-02-10"]))   # covers 2000-2001 only
    assert r.verdict == "not-checkable" and "covers 2000-2001" in r.error
    assert claims.evaluate(claim, ctx.copy(override=["2024-04-16"])).low == 2016


def test_a_releases_reason_is_read_whole_from_the_result_not_cut_out_of_its_prose():
    """The drift table's reason for a release that cannot answer comes from the result's
    ``unanswered`` list, whole: a reason with a semicolon of its own (the RTF register's) was
    cut at it when it was split out of the explanation's "Not answered: a; b" sentence."""
    from types import SimpleNamespace

    from armsdata.claims.over_editions import _why_not

    reason = ("its register has no TIV (the old site's RTF register: deal lists and delivery "
              "years only); use Edition.register for the deals, another edition for TIV")
    r = SimpleNamespace(unanswered=["the 2018 release (edition 2018-12-05): covers 1950-2017 only",
                                    f"the 2023 release (edition 2024-02-18), basis register: {reason}"])
    assert _why_not(r, 2023) == f"basis register: {reason}".split(": ", 1)[-1]
    assert _why_not(r, 2018) == "covers 1950-2017 only"
    assert _why_not(r, 2024) == "no edition of the 2024 release answers it"
