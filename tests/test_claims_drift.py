"""Edition drift (armsdata.claims.drift, in armsdata.claims.over_editions): every SIPRI claim on
every edition, one at a time.

Expected values are worked out by hand from the raw files:
``sipri-tiv-2022-04-22/imports/IND.csv``: Russia's cells 2016-2020 add up to 7,598 and the Total
row to 13,980 (so do the supplier rows), 54.35 %; ``sipri-trade-register-2024-10-13/
trade-register.csv``, rows ``India,...``: each deal's delivered TIV split evenly over its
delivery years, 2016-2020, gives Russia 6,454.58 of 13,560.46, 47.60 %;
``sipri-tiv-2022-04-22/imports/ARM.csv``: Russia 374 over rows adding up to 399 (93.73 %) in
2011-2020; ``sipri-api-recording-2025-02-10``: a per-year register of 2000-2001 only.
"""

from __future__ import annotations

import pytest

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


def test_india_russia_differs_between_editions(tmp_path, ctx):
    path = tmp_path / "india.yaml"
    path.write_text(INDIA, encoding="utf-8")
    table = claims.drift(claims.load_claims(path), ["2022-04-22", "2024-10-13"], context=ctx)
    assert list(table.columns) == list(claims.DRIFT_COLUMNS)
    assert table["id"].tolist() == ["india-russia-2016-2020"] * 2   # ledger claims left out
    by = table.set_index("edition")
    assert by.loc["2022-04-22", "value"] == pytest.approx(100 * 7598 / 13980)
    assert by.loc["2022-04-22", "basis"] == "total, rows"
    assert by.loc["2024-10-13", "value"] == pytest.approx(100 * 6454.582583 / 13560.461129)
    assert by.loc["2022-04-22", "verdict"] == "supported"     # 54.3 % and its bounds >= 50
    assert by.loc["2024-10-13", "verdict"] != "supported"     # 47.6 % on the register
    summary = claims.drift_summary(table).iloc[0]
    assert not summary["stable"] and summary["answered"] == 2
    assert summary["spread"] == pytest.approx(100 * 7598 / 13980 - 100 * 6454.582583 / 13560.461129)


def test_an_edition_that_cannot_answer_says_why(ctx):
    article = {c.id: c for c in claims.load_claims()}
    table = claims.drift([article["russia-share-2011-2020"], article["weapon-types"]],
                         ["2022-04-22", "2025-02-10"], context=ctx).set_index(["id", "edition"])
    row = table.loc[("russia-share-2011-2020", "2025-02-10")]
    assert not row["answered"] and row["verdict"] == "not-checkable"
    assert "covers 2000-2001" in row["reason"]
    assert row["snapshot"] == "sipri-api-recording-2025-02-10"
    assert table.loc[("russia-share-2011-2020", "2022-04-22"), "value"] == pytest.approx(
        100 * 374 / 399)
    # a deal list on an edition without a register is not answered by another edition's register
    types = table.loc[("weapon-types", "2022-04-22")]
    assert not types["answered"] and "no trade register" in types["reason"]
    assert not table.loc[("weapon-types", "2025-02-10"), "answered"]   # window not covered


def test_drift_loads_each_edition_once(ctx):
    loads = []
    base = claims.Context()
    layer = base._layer()
    real = layer.load
    layer.load = lambda ref: loads.append(ref) or real(ref)
    article = [c for c in claims.load_claims() if c.check == "sipri-share"]
    claims.drift(article, ["2022-04-22", "2024-10-13"], context=base)
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
