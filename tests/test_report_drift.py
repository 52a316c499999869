"""The index's edition-drift section: lines from armsdata.claims.drift, grouped per claim, with a
figure (the page itself, escaped and in the browser, is checked in tests/test_report.py).

Hand-checked from ``sipri-delivery-years-2024-04/delivery-years-1990-2023.csv``: Russia's rows to
Armenia with a delivery year in 2011-2020 add up to 373.2 TIV of Armenia's 397.6 (Jordan 20.8,
Ukraine 3.6), 93.86 %; each of Russia's 14 rows is printed to two decimals, so the bounds stay
within about 0.01 of it and below 94: on that edition alone "at least 94 per cent" is
contradicted.
"""

from __future__ import annotations

import math

import pytest

from armsdata import claims
from armsdata.report import index


@pytest.fixture(scope="module")
def rows():
    return index.drift_rows()   # the article's SIPRI claims on every shipped edition


def test_drift_rows_of_the_shipped_editions(rows):
    assert {r["edition"] for r in rows} == {"2022-04-22", "2024-04-16", "2024-10-13",
                                            "2025-02-10", "2026-08-12"}
    assert all(set(r) == set(claims.DRIFT_COLUMNS) for r in rows)
    per_year = next(r for r in rows if r["id"] == "russia-share-2011-2020"
                    and r["edition"] == "2024-04-16")
    assert per_year["value"] == pytest.approx(100 * 373.2 / 397.6)
    assert per_year["high"] < 94 and per_year["verdict"] == "contradicted"
    assert per_year["claim_high"] == math.inf and per_year["answered"] is True
    unanswered = [r for r in rows if not r["answered"]]
    assert unanswered and all(r["value"] is None and r["reason"] for r in unanswered)


def test_drift_lines_group_each_claim_with_its_editions(rows):
    lines = index.drift_lines(rows)
    assert [g["id"] for g in lines] == ["russia-share-2011-2020", "russia-most-equipment",
                                        "weapon-types", "smerch-delivery-years"]
    share = lines[0]
    assert share["claimed_region"] == "≥ 94 %" and len(share["editions"]) == 9
    assert share["editions"][0]["edition"] == "2018-12-05"  # oldest first; its window is not covered
    first = next(e for e in share["editions"] if e["answered"])
    assert (first["edition"], first["figure"]) == ("2022-04-22", "93.7 %")
    assert first["glyph"] == "\u25cb" and first["verdict_class"] == "not-supported"
    assert all(e["figure"] == "–" for e in share["editions"] if not e["answered"])


def test_drift_figure_is_an_svg_with_alt_text(rows):
    fig = index.drift_figure(rows)
    assert fig["src"].startswith("data:image/svg+xml;base64,")
    assert fig["alt"].startswith("Chart of 4 SIPRI-based claims on 5 editions")
    assert index.drift_figure([]) is None and index.drift_lines([]) == []


def test_drift_rows_have_no_nan():
    (row,) = index.drift_rows([{"id": "x", "value": float("nan"), "low": 1.0, "high": math.inf}])
    assert row["value"] is None and row["low"] == 1.0 and row["high"] == math.inf
