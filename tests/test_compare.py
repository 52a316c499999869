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


def new_site_row(name: str, table: str) -> dict[int, float]:
    """One row of a new-site TIV table read with the csv module: {year: printed value}."""
    rows = list(csv.reader(io.StringIO((REG / table).read_text("cp1252"))))
    h = next(i for i, r in enumerate(rows) if len(r) > 1 and r[1] == "1950")
    years = {j: int(c) for j, c in enumerate(rows[h]) if c.isdigit()}
    row = next(r for r in rows[h + 1:] if r and r[0] == name)
    return {years[j]: float(row[j]) for j in years if row[j].strip()}


def result(cid, run, value, low, high, verdict, *, quantity=10.0, claim=(9.5, 10.5), step=1.0,
           basis="total", source_type=""):
    """One row of evaluate_runs' table, written by hand."""
    return {"id": cid, "run": run, "edition": run, "basis": basis, "verdict": verdict,
            "value": value, "low": low, "high": high, "unit": "per cent", "window": "2017–2021",
            "check": "sipri-share", "comparator": "about", "quantity": quantity,
            "claim_low": claim[0], "claim_high": claim[1], "step": step,
            "summary": f"{cid} in a few words", "reason": "", "error": "",
            "source_type": source_type, "sipri_text": None}


@pytest.fixture
def table() -> pd.DataFrame:
    rows = [
        # a: both points inside the claim; the ranges overlap -> not shown to be revised
        result("a", "old", 10.2, 9.8, 10.6, "supported-with-caveat"),
        result("a", "new", 10.4, 10.3, 10.45, "supported"),
        # b: the new range lies wholly below the old one -> revised; verdict changes
        result("b", "old", 10.0, 9.9, 10.1, "supported"),
        result("b", "new", 8.0, 7.9, 8.1, "contradicted"),
        # c: a point 0.3 below the claim of "about 4.6" (4.55 to 4.65): 3 of its 0.1 steps
        result("c", "old", 4.25, 4.1, 4.7, "not-supported", quantity=4.6, claim=(4.55, 4.65),
               step=0.1),
        result("c", "new", NAN, NAN, NAN, "not-checkable", quantity=4.6, claim=(4.55, 4.65),
               step=0.1),
        # d: "about -19" (-19.5 to -18.5) and a point at -19.508: just below it
        result("d", "old", -19.508, -21.4, -17.5, "not-supported", quantity=-19.0,
               claim=(-19.5, -18.5)),
        result("d", "new", -21.5, -21.6, -21.4, "contradicted", quantity=-19.0,
               claim=(-19.5, -18.5)),
    ]
    return pd.DataFrame(rows, columns=compare.RESULT_COLUMNS)


def test_revisions_compare_every_run_with_the_reference(table):
    rv = compare.revisions(table, "old").set_index("id")
    assert list(rv.index) == ["a", "b", "c", "d"] and set(rv["run"]) == {"new"}
    assert rv.loc["a", "shift"] == pytest.approx(0.2)
    assert rv.loc["a", "overlap"] and not rv.loc["a", "revised"] and rv.loc["a", "verdict_changed"]
    assert rv.loc["b", "shift"] == pytest.approx(-2.0)
    assert not rv.loc["b", "overlap"] and rv.loc["b", "revised"]
    # without a range on one side nothing can be said about a revision
    assert rv.loc["c", "overlap"] is None and rv.loc["c", "revised"] is None
    assert math.isnan(rv.loc["c", "shift"])
    # -21.6..-21.4 against -21.4..-17.5: they touch at -21.4, so they overlap
    assert rv.loc["d", "overlap"] and not rv.loc["d", "revised"]
    with pytest.raises(ValueError, match="reference run 'nope'"):
        compare.revisions(table, "nope")


def test_revision_table_reads_across(table):
    t = compare.revision_table(table, "old")
    assert list(t.index) == ["a", "b", "c", "d"]
    assert t.loc["b", ("new", "value")] == 8.0 and t.loc["b", ("old", "verdict")] == "supported"
    assert t.loc["b", ("claim", "unit")] == "per cent"
    narrow = compare.revision_table(table, "old", fields=("verdict",))
    assert [c for c in narrow.columns if c[0] in ("old", "new")] == [("old", "verdict"),
                                                                      ("new", "verdict")]
    head = "compared with old"
    assert list(t[(head, "revised")]) == [False, True, False, False]
    assert list(t[(head, "verdict changes")]) == [True, True, True, True]


def test_misses_say_how_far_a_point_is_from_the_claim(table):
    m = compare.misses(table).set_index(["id", "run"])
    assert set(m.index) == {("c", "old"), ("c", "new"), ("b", "new"), ("d", "old"), ("d", "new")}
    c = m.loc[("c", "old")]
    assert c["miss"] == pytest.approx(4.25 - 4.55) and c["miss_steps"] == pytest.approx(-3.0)
    assert c["why"] == compare.OUTSIDE
    d = m.loc[("d", "old")]
    assert d["miss"] == pytest.approx(-0.008) and d["why"] == compare.JUST_OUTSIDE
    assert m.loc[("d", "new"), "why"] == compare.EXCLUDED
    assert m.loc[("c", "new"), "why"] == compare.UNANSWERED
    # "about 10" is 9.5 to under 10.5: a point of exactly 10.5 is outside it, by 0
    edge = pd.DataFrame([result("e", "old", 10.5, 10.0, 11.0, "not-supported")])
    assert compare.misses(edge).loc[0, "miss"] == 0.0


def test_relative_puts_every_figure_in_steps_of_the_claims_last_digit(table):
    r = compare.relative(table).set_index(["id", "run"])
    c = r.loc[("c", "old")]
    assert (c["x_value"], c["x_low"], c["x_high"]) == pytest.approx((-3.5, -5.0, 1.0))
    assert (c["x_claim_low"], c["x_claim_high"]) == pytest.approx((-0.5, 0.5))
    assert r.loc[("b", "new"), "x_value"] == pytest.approx(-2.0)


def test_verdicts_and_counts_keep_the_orders(table):
    v = compare.verdicts(table)
    assert list(v.columns) == ["old", "new"] and list(v.index) == ["a", "b", "c", "d"]
    n = compare.verdict_counts(table)
    assert list(n.index) == ["old", "new"]
    assert n.loc["old", "not-supported"] == 2 and n.loc["new", "contradicted"] == 2
    assert list(n.columns) == [x for x in claims.VERDICTS if x in n.columns] + ["confirmed", "claims"]
    assert list(n["confirmed"]) == [2, 1] and list(n["claims"]) == [4, 4]
    s = compare.revision_summary(table, "old")
    assert s.to_dict("records") == [{"reference": "old", "run": "new", "claims": 4, "revised": 1,
                                     "verdict_changed": 4, "no_longer_confirmed": 1}]


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


def test_shares_on_every_basis_of_every_edition():
    s = compare.shares(["2022-04-22", "2024-10-13", "2024-04-16"], "Armenia", 2011, 2020)
    russia = s[s["supplier"] == "Russia"]
    assert list(zip(russia["edition"], russia["basis"])) == [
        ("2022-04-22", "total"), ("2022-04-22", "rows"), ("2024-10-13", "register"),
        ("2024-04-16", "register")]
    # ARM.csv: 397 (Total row), 399 (printed cells); the register's 397.6 (lead)
    assert [round(d, 1) for d in russia["denominator"]] == [397.0, 399.0, 397.6, 397.6]
    # a recipient with no deliveries anywhere: an empty table with the same columns
    none = compare.shares(["2022-04-22"], "Hezbollah (Lebanon)", 2011, 2020)
    assert none.empty and list(none.columns) == list(s.columns)


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

def test_revision_chart_shows_every_claim_and_its_verdicts_as_glyphs(table):
    import matplotlib

    matplotlib.use("Agg")
    from armsdata import plots
    from armsdata.claims import display

    fig = plots.revision_chart(compare.relative(table), "Four claims", "Source: by hand")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [f"{c} in a few words" for c in "abcd"]
    glyphs = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("verdicts:")}
    style = display.VERDICT_STYLES
    assert glyphs["verdicts:b"] == f"{style['supported'].glyph}  {style['contradicted'].glyph}"
    assert glyphs["verdicts:c"] == f"{style['not-supported'].glyph}  {style['not-checkable'].glyph}"
    assert "the verdict changes between them for 4 of 4 claims" in plots.alt_text(fig)


def test_split_chart_labels_each_recipient_with_its_supplier():
    import matplotlib

    matplotlib.use("Agg")
    from armsdata import plots

    w = compare.split_widths("2024-10-13", "2025-02-10", 2000, 2001, recipients=["India", "China"])
    ax = plots.split_chart(w, "t", "Source: s")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [f"{r} \u2190 {s}" for r, s in zip(w["recipient"], w["supplier"])]  # table order
    assert set(labels) == {"China \u2190 Russia", "India \u2190 Russia"}


def test_one_edition_given_twice_is_counted_once():
    """`armsdata report --edition E` sets every edition parameter of a notebook to E."""
    s = compare.shares(["2022-04-22", "2022-04-22"], "Armenia", 2011, 2020)
    assert list(dict.fromkeys(zip(s["edition"], s["basis"]))) == [("2022-04-22", "total"),
                                                                  ("2022-04-22", "rows")]
    assert len(s) == 2 * 3    # three suppliers (ARM.csv), once per basis
    assert list(compare.total_imports(["2024-10-13", "2024-10-13"], "Armenia", 2011, 2012).columns) \
        == ["2024-10-13"]


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
