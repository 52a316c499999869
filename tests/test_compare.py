"""The same figure across editions and bases (armsdata.compare), on cases checked by hand.

Two kinds of test: the comparisons themselves (revisions, misses, the relative scale) on small
result tables written out here, whose answers follow by arithmetic from the rows; and the
functions that ask the editions, on figures read off the raw files with the csv module or quoted
in a comment ("lead": verified from the raw files by the lead engineer, issues 11-12).
"""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from armsdata import claims, compare, editions, queries, snapshot

RAW = snapshot.default_data_dir()
REG = RAW / "sipri-trade-register-2024-10-13"
NAN = float("nan")
ABOUT_10 = (9.5, 10.5)


def new_site_row(name: str, table: str) -> dict[int, float]:
    """One row of a new-site TIV table read with the csv module: {year: printed value}."""
    rows = list(csv.reader(io.StringIO((REG / table).read_text("cp1252"))))
    h = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1] == "1950")
    years = {j: int(c) for j, c in enumerate(rows[h]) if c.isdigit()}
    row = next(r for r in rows[h + 1:] if r and r[0] == name)
    return {years[j]: float(row[j]) for j in years if row[j].strip()}


def result(cid, release, value, low, high, verdict, *, record=2022, quantity=10.0,
           claim=ABOUT_10, step=1.0, basis="total", mode="date", comparator="about"):
    """One row of by_release's table, written by hand (the claim judged on *record*)."""
    relation = "record" if release == record else "earlier" if release < record else "later"
    return {"id": cid, "run": f"{release} release", "release": release,
            "decides": release == record, "relation": relation,
            "edition": f"{release}-04-01" if not math.isnan(low) else "", "basis": basis,
            "verdict": verdict, "value": value, "low": low, "high": high, "unit": "per cent",
            "window": "2017–2021", "check": "sipri-share", "comparator": comparator,
            "quantity": quantity, "claim_low": claim[0], "claim_high": claim[1], "step": step,
            "summary": f"{cid} in a few words", "reason": "", "error": "", "source_type": "",
            "sipri_text": None, "release_mode": mode, "text_date": "2022-03-14",
            "date_source": "the claims file", "low_from": "", "high_from": "", "point_from": "",
            "point_kind": ""}


def unanswered(cid, release, **kw):
    return result(cid, release, NAN, NAN, NAN, "not-checkable", **kw)


@pytest.fixture
def table() -> pd.DataFrame:
    """Six claims on three releases, each judged on the 2022 release (its release of record)."""
    c = dict(quantity=4.6, claim=(4.55, 4.65), step=0.1)
    d = dict(quantity=-19.0, claim=(-19.5, -18.5))
    e = dict(quantity=94.0, claim=(94.0, math.inf), step=1.0, comparator="at-least")
    rows = [
        # a: the 2024 range reaches 0.1 past the claim's upper end (10.5), 0.2 inside it; the
        # two ranges overlap (10.3-10.4): not shown to be revised; the verdict differs
        unanswered("a", 2018), result("a", 2022, 10.2, 9.8, 10.4, "supported"),
        result("a", 2024, 10.4, 10.3, 10.6, "inconclusive"),
        # b: the 2024 range lies wholly below the 2022 one (revised) and 1.4 below the claim
        unanswered("b", 2018), result("b", 2022, 10.0, 9.9, 10.1, "supported"),
        result("b", 2024, 8.0, 7.9, 8.1, "contradicted"),
        # c: "about 4.6" (4.55 to 4.65) and 4.5-4.7: 0.05 out on each side, 1 of its 0.1 steps
        unanswered("c", 2018, **c), result("c", 2022, 4.58, 4.5, 4.7, "inconclusive", **c),
        unanswered("c", 2024, **c),
        # d: "about -19" and -21.4 to -17.5: 1.9 below it and 1.0 above; in 2024 -21.6 to -21.4,
        # 1.9 below the claim, touching the 2022 range at -21.4 (so not shown to be revised)
        unanswered("d", 2018, **d), result("d", 2022, -19.508, -21.4, -17.5, "inconclusive", **d),
        result("d", 2024, -21.5, -21.6, -21.4, "contradicted", **d),
        # e: "at least 94"; the earlier 2018 release gives 93.69-93.99, 0.01 below it and apart
        # from the 2022 range (revised between them)
        result("e", 2018, 93.8, 93.69, 93.99, "contradicted", **e),
        result("e", 2022, 94.3, 94.2, 94.5, "supported", **e),
        result("e", 2024, 94.42, 94.4, 94.45, "supported", **e),
        # f: the 2024 range (5-20) holds the 2022 one (9.7-10.3): wider, not revised
        unanswered("f", 2018), result("f", 2022, 10.0, 9.7, 10.3, "supported"),
        result("f", 2024, 9.0, 5.0, 20.0, "inconclusive"),
    ]
    return pd.DataFrame(rows, columns=compare.RESULT_COLUMNS)


def test_revisions_compare_every_release_with_the_release_of_record(table):
    rv = compare.revisions(table).set_index(["id", "run"])
    assert list(rv.index.get_level_values("id")) == [c for c in "abcdef" for _ in (0, 1)]
    assert set(rv["reference"]) == {"2022 release"}
    a = rv.loc[("a", "2024 release")]
    assert a["shift"] == pytest.approx(0.2) and a["shift_steps"] == pytest.approx(0.2)
    assert a["answered"] and a["overlap"] and not a["revised"] and a["verdict_changed"]
    assert a["relation"] == "later"
    b = rv.loc[("b", "2024 release")]
    assert b["shift"] == pytest.approx(-2.0) and not b["overlap"] and b["revised"]
    # without a range on one side nothing can be said about a revision or a verdict
    for key in (("a", "2018 release"), ("c", "2024 release")):
        r = rv.loc[key]
        assert not r["answered"] and r["overlap"] is None and r["revised"] is None
        assert r["verdict_changed"] is None
    assert math.isnan(rv.loc[("c", "2024 release"), "shift"])
    # -21.6..-21.4 against -21.4..-17.5: they touch at -21.4, so they overlap
    d = rv.loc[("d", "2024 release")]
    assert d["overlap"] and not d["revised"] and d["verdict_changed"]
    e = rv.loc[("e", "2018 release")]
    assert e["relation"] == "earlier" and e["revised"] and e["verdict_changed"]
    assert not rv.loc[("e", "2024 release"), "verdict_changed"]
    # a named reference: the same comparisons from that release
    named = compare.revisions(table, "2022 release")
    pd.testing.assert_frame_equal(named, compare.revisions(table))
    from_2024 = compare.revisions(table, "2024 release").set_index(["id", "run"])
    assert from_2024.loc[("b", "2022 release"), "relation"] == "earlier"
    assert from_2024.loc[("b", "2022 release"), "shift"] == pytest.approx(2.0)
    with pytest.raises(ValueError, match="reference run 'nope'"):
        compare.revisions(table, "nope")


def test_revision_summary_counts_only_what_both_releases_answer(table):
    s = compare.revision_summary(table)
    assert s.to_dict("records") == [
        {"reference": "2022 release", "run": "2018 release", "relation": "earlier",
         "compared": 1, "not_answered": 5, "revised": 1, "verdict_changed": 1,
         "no_longer_confirmed": 1, "contradicted": 1, "wider": 0},
        # a, b, d, e, f compared (c unanswered); b revised; a, b, d, f change verdict; a, b, f
        # were supported and are not; b and d contradicted; f's range holds the 2022 range
        {"reference": "2022 release", "run": "2024 release", "relation": "later",
         "compared": 5, "not_answered": 1, "revised": 1, "verdict_changed": 4,
         "no_longer_confirmed": 3, "contradicted": 2, "wider": 1}]


def test_revision_table_reads_across(table):
    t = compare.revision_table(table)
    assert list(t.index) == list("abcdef")
    assert t.loc["b", ("2024 release", "value")] == 8.0
    assert t.loc["b", ("2022 release", "verdict")] == "supported"
    assert t.loc["b", ("claim", "unit")] == "per cent"
    narrow = compare.revision_table(table, fields=("verdict",))
    runs = ("2018 release", "2022 release", "2024 release")
    assert [c for c in narrow.columns if c[0] in runs] == [(r, "verdict") for r in runs]
    head = "compared with the release of record"
    assert list(t[(head, "revised")]) == [False, True, False, False, True, False]
    # c: the 2024 release cannot answer it, which is no change of verdict
    assert list(t[(head, "verdict changes")]) == [True, True, False, True, True, True]
    assert ("compared with 2024 release", "revised") in compare.revision_table(table, "2024 release")


def test_misses_say_how_far_a_release_lies_from_the_claim(table):
    m = compare.misses(table).set_index(["id", "run"])
    assert len(m) == 13   # every row but the confirmed ones
    a = m.loc[("a", "2024 release")]
    assert (a["side"], a["why"]) == ("across the upper end", compare.STRADDLES)
    assert (a["distance"], a["inside"], a["outside"]) == pytest.approx((0.0, 0.2, 0.1))
    b = m.loc[("b", "2024 release")]
    assert (b["side"], b["why"]) == ("below", compare.EXCLUDED)
    assert b["distance"] == pytest.approx(1.4) and b["distance_steps"] == pytest.approx(1.4)
    c = m.loc[("c", "2022 release")]
    assert c["side"] == "across both ends" and c["relation"] == "record"
    assert (c["inside"], c["outside"], c["outside_steps"]) == pytest.approx((0.1, 0.1, 1.0))
    d = m.loc[("d", "2022 release")]
    assert (d["inside"], d["outside"]) == pytest.approx((1.0, 2.9))
    assert m.loc[("d", "2024 release"), "distance"] == pytest.approx(1.9)
    # "at least 94": the range's distance from 94, and nothing above an open end
    e = m.loc[("e", "2018 release")]
    assert (e["side"], e["relation"]) == ("below", "earlier")
    assert e["distance"] == pytest.approx(0.01)
    f = m.loc[("f", "2024 release")]
    assert (f["inside"], f["outside"]) == pytest.approx((1.0, 14.0))
    c24 = m.loc[("c", "2024 release")]
    assert c24["why"] == compare.UNANSWERED and c24["side"] == ""
    assert math.isnan(c24["distance"])


def test_misses_name_why_for_every_verdict():
    rows = [
        # the release of the text's time cannot answer; the later one excludes the claim
        result("g", 2024, 12.5, 12.0, 13.0, "differs-on-later-release", record=2024,
               mode="later"),
        # ... or the earlier one does
        result("h", 2018, 12.5, 12.0, 13.0, "not-supported", record=2018, mode="earlier"),
        # a verdict that is not a range's (a deal list's)
        result("i", 2022, NAN, NAN, NAN, "not-supported"),
    ]
    m = compare.misses(pd.DataFrame(rows, columns=compare.RESULT_COLUMNS)).set_index("id")
    assert m.loc["g", "why"] == compare.LATER_EXCLUDES
    assert m.loc["g", "distance"] == pytest.approx(1.5) and m.loc["g", "side"] == "above"
    assert m.loc["h", "why"] == compare.EARLIER_EXCLUDES
    assert m.loc["i", "why"] == compare.NOT_SHOWN


def test_with_ranges_rounds_each_bound_outward(table):
    r = compare.with_ranges(table).set_index(["id", "run"])
    assert r.loc[("c", "2022 release"), "claim"] == "≈ 4.6 % (4.55–4.65)"
    assert r.loc[("c", "2022 release"), "range"] == "4.5–4.7"
    assert r.loc[("c", "2024 release"), "range"] == ""
    # 93.69-93.99 against "at least 94": two decimals, or 93.99 would read as 94.0
    assert r.loc[("e", "2018 release"), ["claim", "range"]].tolist() == ["≥ 94 %", "93.69–93.99"]
    # SIPRI's fact sheet, US share of world exports 2017-21 on the 2022 release: 38.485346 to
    # 38.729373 against 38.5: the low is shown 38.48 (down), never 38.49 or 38.5
    us = pd.DataFrame([result("us", 2022, 38.6, 38.485346, 38.729373, "inconclusive",
                              quantity=39.0, claim=(38.5, 39.5))], columns=compare.RESULT_COLUMNS)
    assert compare.with_ranges(us)["range"].tolist() == ["38.48–38.73"]
    assert list(table.columns) == compare.RESULT_COLUMNS   # the table itself is left alone


def test_relative_puts_every_figure_in_steps_of_the_claims_last_digit(table):
    r = compare.relative(table).set_index(["id", "run"])
    c = r.loc[("c", "2022 release")]
    assert (c["x_value"], c["x_low"], c["x_high"]) == pytest.approx((-0.2, -1.0, 1.0))
    assert (c["x_claim_low"], c["x_claim_high"]) == pytest.approx((-0.5, 0.5))
    assert r.loc[("b", "2024 release"), "x_value"] == pytest.approx(-2.0)
    assert r.loc[("e", "2022 release"), "x_claim_high"] == math.inf


def test_verdicts_and_counts_keep_the_orders(table):
    v = compare.verdicts(table)
    assert list(v.columns) == ["2018 release", "2022 release", "2024 release"]
    assert list(v.index) == list("abcdef")
    n = compare.verdict_counts(table)
    assert list(n.index) == ["2018 release", "2022 release", "2024 release"]
    assert list(n.columns) == [x for x in claims.VERDICTS if x in n.columns] + ["confirmed", "claims"]
    assert n.loc["2018 release", "not-checkable"] == 5
    assert n.loc["2022 release", "supported"] == 4 and n.loc["2022 release", "inconclusive"] == 2
    assert n.loc["2024 release", "contradicted"] == 2
    assert list(n["confirmed"]) == [0, 4, 1] and list(n["claims"]) == [6, 6, 6]
    # the counts on the release of record alone: each claim once
    record = compare.verdict_counts(table[table["decides"]])
    assert list(record.index) == ["2022 release"] and record.loc["2022 release", "claims"] == 6


def test_records_say_how_each_release_of_record_was_chosen(table):
    r = compare.records(table)
    assert r.to_dict("records") == [
        {"run": "2022 release", "release": 2022, "release_mode": "date",
         "how": "in force at the text's date", "text_date": "2022-03-14",
         "date_source": "the claims file", "claims": 6}]
    # a claim that no release answers is counted apart
    none = pd.DataFrame([unanswered("z", 2022)], columns=compare.RESULT_COLUMNS)
    none["decides"], none["relation"], none["release_mode"] = False, "", ""
    r = compare.records(pd.concat([table, none], ignore_index=True))
    assert list(r["run"]) == ["2022 release", ""] and list(r["claims"]) == [6, 1]
    assert r["how"].iloc[1] == "no release answers it"


def test_the_editions_behind_a_table_by_release(table):
    assert compare.source_editions(table) == ("2018-04-01 (2018 release); 2022-04-01 (2022 "
                                              "release); 2024-04-01 (2024 release)")
    # the shipped 2022 edition (ARM.csv and the others: 1950-2021) and the 2026 recording
    # (2021-2025), which no claim of the table names
    shipped = table.assign(edition=table["edition"].str.replace("2022-04-01", "2022-04-22"))
    e = compare.release_editions(shipped, ["2026-08-12", "2022-04-22"])
    assert list(e["edition"]) == ["2022-04-22", "2026-08-12"]
    assert list(e["release"]) == ["2022 release", "2026 release"]
    assert list(e["coverage"]) == ["1950-2021", "2021-2025"]
    assert list(e["figures"]) == [6, 0]


CLAIMS = """\
title: two figures, checked by hand
claims:
  - id: us-share
    summary: US 39 % of world arms exports, 2017–21
    quote: "In 2017–21 US arms exports accounted for 39 per cent of the global total"
    quantity: 39
    unit: per cent
    comparator: about
    window: {start: 2017, end: 2021}
    check: sipri-share
    evidence: {recipient: World, supplier: United States}
    context: "Source type: SIPRI fact sheet (its own text)."
  - id: armenia-russia
    quote: "Russia supplied about 94 per cent of Armenia's arms imports in 2011–20"
    quantity: 94
    unit: per cent
    comparator: about
    window: {start: 2011, end: 2020}
    check: sipri-share
    evidence: {recipient: Armenia, supplier: Russia}
    context: "Source type: secondary, a newspaper."
"""


def test_by_release_lays_the_engines_results_out_one_row_per_claim_and_release(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(CLAIMS, encoding="utf-8")
    results = claims.evaluate_file(path)[0]
    r = compare.by_release(path, results)
    assert list(r.columns) == compare.RESULT_COLUMNS
    releases = sorted(set(r["release"]))
    assert releases[:3] == [2022, 2023, 2024] and list(r["id"]) == \
        ["us-share"] * len(releases) + ["armenia-russia"] * len(releases)
    r = r.set_index(["id", "run"])
    # the 2024 release: the world exports table, United States over 'Total world export', 2017-2021
    us = new_site_row("United States", "tiv-exports-by-supplier-1950-2024.csv")
    world = new_site_row("Total world export", "tiv-exports-by-supplier-1950-2024.csv")
    share = 100 * sum(us[y] for y in range(2017, 2022)) / sum(world[y] for y in range(2017, 2022))
    us24 = r.loc[("us-share", "2024 release")]
    assert us24["low"] <= share <= us24["high"] and "2024-10-13" in us24["edition"]
    # the 2024 release answers Armenia with SIPRI's per-year values, 373.2 / 397.6 = 93.86 % (lead)
    arm24 = r.loc[("armenia-russia", "2024 release")]
    assert arm24["basis"] == "per-year" and round(arm24["value"], 2) == 93.86
    # ARM.csv 2011-2020: Russia 374 of a Total row of 397 (infeasible) and of 399 printed cells;
    # the point within the 2022 release's range is the rows basis's, 374 / 399
    arm22 = r.loc[("armenia-russia", "2022 release")]
    assert arm22["basis"] == "total, rows" and arm22["value"] == pytest.approx(100 * 374 / 399)
    assert (arm22["claim_low"], arm22["claim_high"], arm22["step"]) == (93.5, 94.5, 1.0)
    assert (arm22["source_type"], arm22["sipri_text"]) == ("secondary", False)
    assert (us24["source_type"], us24["sipri_text"]) == ("SIPRI fact sheet", True)
    # no date in the file: the newest release that answers decides, once per claim
    assert r.groupby(level="id")["decides"].sum().tolist() == [1, 1]
    # ... the 2025 release's classic register (the 2026 tables cover 2021-2025 only); the others
    # are earlier releases, and every row says how the release of record was chosen
    assert list(r.xs("2025 release", level="run")["relation"]) == ["record", "record"]
    assert set(r["release_mode"]) == {"no-date"} and set(r["text_date"]) == {""}
    assert arm24["relation"] == "earlier" and arm24["point_kind"] == "per-year"
    # the classic register's point is an even split's estimate
    assert r.loc[("armenia-russia", "2025 release"), "point_kind"] == "register"
    # the 2023 release has world tables only: no supplier's share of one recipient's imports
    world_only = r.loc[("armenia-russia", "2023 release")]
    assert world_only["verdict"] == "not-checkable" and world_only["error"]
    assert math.isnan(world_only["value"])
    q = compare.sources(path)
    assert list(q["id"]) == ["us-share", "armenia-russia"]
    assert list(q["summary"]) == ["US 39 % of world arms exports, 2017–21", "armenia-russia"]
    assert list(q["sipri_text"]) == [True, False] and q["quote"].iloc[0].startswith("In 2017–21 US")
    assert list(q["source"]) == ["", ""] and list(q["url"]) == ["", ""]   # the file names none
    both = compare.quotes(path)     # two claims, two quotes
    assert list(both["claims"]) == ["us-share", "armenia-russia"] and list(both["figures"]) == [1, 1]


def test_source_type_reads_the_context_convention():
    def claim(context):
        return claims.Claim(id="x", quote="q", quantity=1.0, written="1", unit="per cent",
                            comparator="about", check="sipri-share", evidence={}, context=context)

    assert compare.source_type(claim("Source type: SIPRI press release (reprint); JPost too.")) \
        == ("SIPRI press release", True)
    assert compare.source_type(claim("source type: Secondary, Arabic.")) == ("secondary", False)
    assert compare.source_type(claim("Source type: a blog.")) == ("a blog", None)
    assert compare.source_type(claim("A note without a type.")) == ("", None)


# ------------------------------------------------------------------------------ the register's split

def test_india_2000_2001_on_the_three_register_bases():
    # lead: even split 76.87 %, any split 11.6-96.3 %, splits that agree with the printed yearly
    # totals 14.8-85.1 %; SIPRI's per-year values 73.36 % in both per-year editions
    t = compare.split_bases("2024-10-13", ["2024-04-16", "2025-02-10"], "IND", "Russia",
                            2000, 2001)
    assert list(t["register_basis"]) == [compare.ANY_SPLIT, compare.TOTALS_SPLIT,
                                         compare.PER_YEAR, compare.PER_YEAR]
    assert list(t["edition"]) == ["2024-10-13", "2024-10-13", "2024-04-16", "2025-02-10"]
    # releases.csv: the 2025 release came out on 2025-03-10, so the recording of 2025-02-10 is
    # of the 2024 release, as are the two 2024 editions
    assert list(t["release"]) == [2024] * 4
    assert set(t["recipient"]) == {"India"} and set(t["window"]) == {"2000-2001"}
    assert [round(v, 2) for v in t["value"]] == [76.87, 76.87, 73.36, 73.36]
    assert [round(v, 1) for v in t["low"][:2]] == [11.6, 14.8]
    assert [round(v, 1) for v in t["high"][:2]] == [96.3, 85.1]
    assert t["width"].iloc[2] < 0.05 and t["meets_sipri"].all()


def test_a_per_year_edition_that_does_not_cover_the_window_is_left_out():
    # the 2025-02-10 recording holds deliveries in 2000-2001 only
    t = compare.split_bases("2024-10-13", ["2024-04-16", "2025-02-10"], "Armenia", "Russia",
                            2011, 2020)
    assert list(t["edition"]) == ["2024-10-13", "2024-10-13", "2024-04-16"]
    # lead: even split 93.86 % with any split 93.02-94.72 %; SIPRI's own 93.86 %
    assert (round(t["low"].iloc[0], 2), round(t["high"].iloc[0], 2)) == (93.02, 94.72)
    assert round(t["value"].iloc[2], 2) == 93.86


def test_split_widths_for_one_recipient():
    w = compare.split_widths("2024-10-13", "2025-02-10", 2000, 2001, recipients=["India"])
    assert list(w.columns) == compare.WIDTH_COLUMNS and len(w) == 1
    r = w.iloc[0]
    assert (r["recipient"], r["supplier"], r["window"]) == ("India", "Russia", "2000-2001")
    # lead (as above); SIPRI's per-year imports 2,156.67, the even split's 2,799.57 (its
    # deals' TIV split evenly; the printed yearly totals allow far less)
    assert round(r["value"], 2) == 73.36 and round(r["even_split"], 2) == 76.87
    assert round(r["imports"], 2) == 2156.67 and round(r["register_imports"], 2) == 2799.57
    assert (round(r["any_low"], 1), round(r["totals_low"], 1)) == (11.6, 14.8)
    assert r["meets_totals"] and r["meets_any"]
    s = compare.width_summary(w).set_index("register_basis")
    assert s.loc[compare.TOTALS_SPLIT, "median_width"] == pytest.approx(r["totals_width"])
    assert s.loc[compare.PER_YEAR, "edition"] == "2025-02-10"
    assert (r["per_year_release"], r["register_release"]) == (2024, 2024)
    assert set(s["release"]) == {"2024"}


# ------------------------------------------------------------------------------ explorer tables

def test_total_imports_hand_checked():
    """Azerbaijan 2019-2020: 44 and 28 in the 2022 table's Total row, 44 and 51 in the 2024
    imports-by-recipient table (read off the raw files)."""
    got = compare.total_imports(["2022-04-22", "2024-10-13"], "AZE", 2019, 2020)
    want = pd.DataFrame({"2022-04-22": [44.0, 28.0], "2024-10-13": [44.0, 51.0],
                         "difference": [0.0, 23.0]}, index=pd.Index([2019, 2020], name="year"))
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs == {"recipient": "Azerbaijan", "unit": "SIPRI TIV, millions"}
    total = compare.total_row(got)
    assert list(total.index) == [2019, 2020, "2019-2020"]
    assert list(total.loc["2019-2020"]) == [72.0, 95.0, 23.0]


def test_cell_differences_between_two_per_year_editions(tmp_path):
    """The 2025-02-10 recording (deliveries 2000-2001) holds the same per-year values as the
    2024-04-16 release for those years; a copy with one value changed by hand differs there."""
    import base64
    import json
    import shutil

    same = compare.cell_differences("2024-04-16", "2025-02-10", 2000, 2001)
    assert same.empty and list(same.columns) == compare.CELL_COLUMNS
    # the recording's cells, counted with the csv module: distinct (recipient, supplier, year)
    src = RAW / "sipri-api-recording-2025-02-10"
    answer = json.loads((src / "trade-register-csv.response.json").read_text())
    text = base64.b64decode(answer["bytes"]).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    h = next(i for i, r in enumerate(rows) if r and r[0] == "SIPRI AT Database ID")
    col = {name: j for j, name in enumerate(rows[h])}
    keys = {(r[col["Recipient"]], r[col["Supplier"]], r[col["Delivery year"]])
            for r in rows[h + 1:] if len(r) == len(col) and r[col["Delivery year"]] in ("2000", "2001")}
    assert same.attrs["cells"] == len(keys)
    # China -> Algeria, C-802, 2001: 8.1 TIV; made 9.1 in a copy
    line = "32502,China,Algeria,C-802,anti-ship missile,Missiles,1999,Yes,9,Yes,2001,Yes,New,0.9,0.9,8.1,No"
    assert text.count(line) == 1
    copy = tmp_path / "recording"
    shutil.copytree(src, copy)
    answer["bytes"] = base64.b64encode(text.replace(line, line.replace(",8.1,No", ",9.1,No"))
                                       .encode("utf-8")).decode()
    (copy / "trade-register-csv.response.json").write_text(json.dumps(answer))
    snapshot.rebuild_manifest(copy)
    d = compare.cell_differences("2024-04-16", copy, 2000, 2001)
    assert d[["recipient", "supplier", "year"]].to_dict("records") == [
        {"recipient": "Algeria", "supplier": "China", "year": 2001}]
    assert d.loc[0, "difference"] == pytest.approx(1.0)


# ------------------------------------------------------------------------------ the charts of them

def test_release_chart_marks_the_release_of_record_and_the_even_splits_estimates(table):
    import matplotlib

    matplotlib.use("Agg")
    from armsdata import plots
    from armsdata.claims import display

    rel = compare.relative(table)
    rel.loc[(rel["id"] == "f") & (rel["run"] == "2024 release"), "point_kind"] = "register"
    fig = plots.release_chart(rel, "Six claims per release", "Source: by hand")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{c} in a few words" for c in "abcdef"]
    glyphs = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("verdicts:")}
    style = display.VERDICT_STYLES
    assert glyphs["verdicts:b"] == (f" {style['not-checkable'].glyph} [{style['supported'].glyph}]"
                                    f" {style['contradicted'].glyph} ")
    # another release that answers gives another verdict for a, b, d, e, f; c's others cannot
    # answer it
    assert "another verdict than the release of record for 5 of 6 claims" in plots.alt_text(fig)
    # f's 2024 point (x = (9 - 10) / 1 = -1) is an even split's estimate: a hollow marker
    hollow = [ln for ln in ax.lines if ln.get_marker() not in ("None", "", None)
              and list(ln.get_xdata()) == [-1.0] and ln.get_markerfacecolor() == "white"]
    assert len(hollow) == 1
    matplotlib.pyplot.close(fig)


def test_verdicts_by_release_stacks_each_releases_counts(table):
    import matplotlib

    matplotlib.use("Agg")
    from armsdata import plots

    counts = compare.verdict_counts(table)
    ax = plots.verdicts_by_release(counts, "Verdicts per release", "Source: by hand",
                                   record=["2022 release"])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["2018 release", "2022 release\n(release of record)", "2024 release"]
    # one bar per verdict a release gives, as wide as its count: 2018: 1 + 5, 2022: 4 + 2,
    # 2024: 1 + 2 + 2 + 1
    widths = [round(p.get_width()) for p in ax.patches]
    assert widths == [1, 5, 4, 2, 1, 2, 2, 1]
    alt = plots.alt_text(ax.figure)
    assert "2022 release (release of record): 4 supported, 2 inconclusive" in alt
    assert "2024 release: 1 supported, 2 inconclusive, 2 contradicted, 1 not-checkable" in alt
    matplotlib.pyplot.close(ax.figure)


def test_split_chart_labels_each_recipient_with_its_supplier():
    import matplotlib

    matplotlib.use("Agg")
    from armsdata import plots

    w = compare.split_widths("2024-10-13", "2025-02-10", 2000, 2001, recipients=["India", "China"])
    ax = plots.split_chart(w, "t", "Source: s")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{r} \u2190 {s}" for r, s in zip(w["recipient"], w["supplier"])]  # table order
    assert set(labels) == {"China \u2190 Russia", "India \u2190 Russia"}


def test_the_split_is_compared_only_where_each_edition_has_what_it_needs():
    from armsdata.errors import NoDataError

    with pytest.raises(NoDataError, match="no classic trade register"):
        compare.split_bases("2024-04-16", [], "India", "Russia", 2000, 2001)
    with pytest.raises(NoDataError, match="no per-delivery-year register covering 2000-2001"):
        compare.split_widths("2024-10-13", "2024-10-13", 2000, 2001)
    # an edition without per-year values among the per-year ones is left out, not mislabelled
    t = compare.split_bases("2024-10-13", ["2024-10-13", "2024-04-16"], "India", "Russia", 2000, 2001)
    assert list(t["edition"]) == ["2024-10-13", "2024-10-13", "2024-04-16"]


def test_an_edition_with_both_registers_compares_its_even_split_with_its_own_per_year_values(
        tmp_path):
    """A complete edition (as `armsdata fetch edition` makes): its register basis uses SIPRI's
    per-year values; the even split comes from its own classic register, set apart, and gives
    what the same register gives in an edition without the per-year values."""
    import json
    import shutil

    both = tmp_path / "both"
    shutil.copytree(REG, both)
    per_year = RAW / "sipri-delivery-years-2024-04" / "delivery-years-1990-2023.csv"
    data = per_year.read_bytes()
    (both / per_year.name).write_bytes(data)
    manifest = json.loads((both / "manifest.json").read_text())
    manifest["files"][per_year.name] = snapshot.file_entry(data, layout="delivery-years")
    snapshot.write_manifest(both, manifest)
    t = compare.split_bases(both, [both], "India", "Russia", 2000, 2001)
    apart = compare.split_bases(REG, ["2024-04-16"], "India", "Russia", 2000, 2001)
    assert list(t["register_basis"]) == list(apart["register_basis"]) \
        == [compare.ANY_SPLIT, compare.TOTALS_SPLIT, compare.PER_YEAR]
    columns = ["value", "low", "high", "numerator", "denominator"]
    pd.testing.assert_frame_equal(t[columns], apart[columns])
    # the whole edition still answers the register basis with SIPRI's per-year values
    ed = editions.load(both)
    assert ed.per_year_covers(2000, 2001) and not ed.without_per_year().per_year_covers(2000, 2001)
    assert ed.without_per_year().delivery_years is None and ed.delivery_years is not None
    assert queries.supplier_share(ed, "India", "Russia", 2000, 2001, basis="register").value \
        == t["value"].iloc[2]
