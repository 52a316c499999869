"""The index's revisions section: lines from armsdata.claims.drift (every SIPRI claim on every
SIPRI release), grouped per claim, with a figure (the page itself, escaped and in the browser, is
checked in tests/test_report.py).

Hand-checked from ``sipri-delivery-years-2024-04/delivery-years-1990-2023.csv``: Russia's rows to
Armenia with a delivery year in 2011-2020 add up to 373.2 TIV of Armenia's 397.6 (Jordan 20.8,
Ukraine 3.6), 93.86 %; each of Russia's rows is printed to two decimals, so the bounds stay within
about 0.01 of it and below 94: on the 2024 release "at least 94 per cent" is contradicted.
From ``sipri-tiv-2022-04-22/imports/ARM.csv``: the 2022 release's cells and total row together
allow 93.69-93.99 %, below 94 too.
"""

from __future__ import annotations

import math

import pytest

from armsdata import claims
from armsdata.report import index


@pytest.fixture(scope="module")
def rows():
    return index.drift_rows()   # the article's SIPRI claims on every shipped release


def test_drift_rows_of_the_shipped_releases(rows):
    assert {r["release"] for r in rows} == {2018, 2022, 2023, 2024, 2025, 2026}
    assert all(set(r) == set(claims.DRIFT_COLUMNS) for r in rows)
    share = {r["release"]: r for r in rows if r["id"] == "russia-share-2011-2020"}
    assert share[2024]["value"] == pytest.approx(100 * 373.2 / 397.6, abs=0.005)
    assert share[2024]["high"] < 94 and share[2024]["verdict"] == "contradicted"
    assert share[2022]["high"] < 94 and share[2022]["verdict"] == "contradicted"
    assert share[2024]["claim_high"] == math.inf and share[2024]["answered"] is True
    # the article has no date: the newest release that answers decides, and only it
    assert [r for r in share if share[r]["decides"]] == [max(r for r in share if share[r]["answered"])]
    unanswered = [r for r in rows if not r["answered"]]
    assert unanswered and all(r["value"] is None and r["reason"] for r in unanswered)


def test_drift_lines_group_each_claim_with_its_releases(rows):
    lines = index.drift_lines(rows)
    assert [g["id"] for g in lines] == ["russia-share-2011-2020", "russia-most-equipment",
                                        "weapon-types", "smerch-delivery-years"]
    share = lines[0]
    assert share["claimed_region"] == "≥ 94 %" and len(share["editions"]) == 6
    assert share["editions"][0]["release"] == 2018  # oldest first; it has no recipients' tables
    first = next(e for e in share["editions"] if e["answered"])
    assert first["release"] == 2022 and first["editions"] == "2022-04-22"
    assert first["glyph"] == "\u2717" and first["verdict_class"] == "contradicted"
    assert all(e["figure"] == "–" for e in share["editions"] if not e["answered"])


def test_drift_figure_is_an_svg_with_alt_text(rows):
    fig = index.drift_figure(rows)
    assert fig["src"].startswith("data:image/svg+xml;base64,")
    assert fig["alt"].startswith("Chart of 4 SIPRI-based claims on 6 SIPRI releases")
    assert "(decides)" in fig["alt"]
    assert index.drift_figure([]) is None and index.drift_lines([]) == []


def test_drift_rows_have_no_nan():
    (row,) = index.drift_rows([{"id": "x", "value": float("nan"), "low": 1.0, "high": math.inf}])
    assert row["value"] is None and row["low"] == 1.0 and row["high"] == math.inf
