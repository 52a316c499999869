"""The two checks ``armsdata extract`` needed: a recipient's share of a supplier's exports
(``sipri-export-share``, :func:`armsdata.queries.export_share`) and the combined share of the N
largest (``sipri-top-share``, :func:`armsdata.queries.top_share`), on the shipped editions.

The expected figures are SIPRI's own, as published (each with its source), never this code's
output: the check must find SIPRI's rounded figure inside its bounds on the release it was
published from.
"""

from __future__ import annotations

import itertools
import textwrap

import pytest

from armsdata import claims, queries
from armsdata.claims import schema
from armsdata.errors import ClaimFileError, NoDataError

#: SIPRI Fact Sheet "Trends in International Arms Transfers, 2021" (March 2022), copy at
#: https://fdokumen.com/documents/trends-in-international-arms-transfers-2021-reliefweb.html:
#: "The five largest arms exporters in 2017–21 were the United States, Russia, France, China and
#: Germany. Together, they accounted for 77 per cent of all arms exports in 2017–21." and "The
#: five largest arms importers in 2017–21, India, Saudi Arabia, Egypt, Australia and China,
#: together received 38 per cent of all imports of major arms."
FS2022_TOP5_EXPORTERS, FS2022_TOP5_IMPORTERS = 77, 38
ROOT_EXAMPLE = __import__("conftest").ROOT / "examples" / "sipri-fact-sheet-2022-03.yaml"
#: Ukrinform, 11 March 2024 (https://ukrinform.net/rubric-economy/3838042-ukraine-becomes-
#: europes-largest-arms-importer-sipri.html), quoting SIPRI's fact sheet on 2019–23: "just under
#: two-thirds of Russia's arms exports went to three countries: India (34%), China (21%), and
#: Egypt (7.5%)."
RUSSIA_2019_23 = {"India": 34, "China": 21, "Egypt": 7.5}


def about(n: float) -> tuple[float, float]:
    """The values a figure printed as *n* stands for (its last digit's half unit)."""
    step = 0.1 if n != int(n) else 1
    return n - step / 2, n + step / 2


def overlaps(e, n: float) -> bool:
    lo, hi = about(n)
    return e.low <= hi and e.high >= lo


# --------------------------------------------------------------------------------------------
# queries
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("recipient", sorted(RUSSIA_2019_23))
def test_export_share_finds_sipris_published_figure_on_its_release(shipped_editions, recipient):
    ed = shipped_editions["2024-04-16"]  # the 2024 release, SIPRI's own per-year values
    e = queries.export_share(ed, "Russia", recipient, 2019, 2023)
    assert overlaps(e, RUSSIA_2019_23[recipient]), (e.value, e.low, e.high)
    assert e.low <= e.value <= e.high and e.unit == "per cent" and e.basis == "register"


def test_export_share_is_the_recipients_cells_over_the_suppliers_exports(shipped_editions):
    """The rows basis point recomputed from the printed cells themselves."""
    ed = shipped_editions["2022-04-22"]
    rows = ed.tiv.rows
    ru = rows[(rows["supplier"] == "Russia") & rows["year"].between(2017, 2021)]
    expected = 100 * ru.loc[ru["recipient"] == "India", "tiv"].sum() / ru["tiv"].sum()
    e = queries.export_share(ed, "Russia", "India", 2017, 2021, basis="rows")
    assert e.value == pytest.approx(expected)
    assert e.low < expected < e.high


def test_export_share_of_a_region_is_its_members_together(shipped_editions):
    ed = shipped_editions["2022-04-22"]
    region = queries.export_share(ed, "Russia", "South Asia", 2017, 2021, basis="rows")
    members = queries.resolve("South Asia", ed).members
    parts = [queries.export_share(ed, "Russia", m, 2017, 2021, basis="rows") for m in members]
    assert region.value == pytest.approx(sum(p.value for p in parts))
    # bounds of the whole are no wider than the members' bounds added
    assert region.low >= sum(p.low for p in parts) - 1e-9
    assert region.high <= sum(p.high for p in parts) + 1e-9


def test_export_share_of_a_recipient_that_got_nothing_is_zero(shipped_editions):
    e = queries.export_share(shipped_editions["2022-04-22"], "Russia", "Iceland", 2017, 2021)
    assert (e.value, e.low, e.high) == (0.0, 0.0, 0.0)


def test_export_share_refuses_the_world_and_a_supplier_with_no_exports(shipped_editions):
    ed = shipped_editions["2022-04-22"]
    with pytest.raises(NoDataError, match="100 per cent"):
        queries.export_share(ed, "Russia", "World", 2017, 2021)
    with pytest.raises(NoDataError, match="no deliveries from"):
        queries.export_share(ed, "Iceland", "India", 2017, 2021)


@pytest.mark.parametrize("which, published", [("exporters", FS2022_TOP5_EXPORTERS),
                                              ("importers", FS2022_TOP5_IMPORTERS)])
def test_top_share_finds_the_fact_sheets_figure_on_its_release(shipped_editions, which, published):
    ed = shipped_editions["2022-04-22"]
    t = queries.top_share(ed, which, 5, 2017, 2021)
    assert overlaps(t, published), (t.value, t.low, t.high)
    assert t.fixed and t.sets == 1 and t.note == ""
    assert len(t.members) == 5


def test_top_share_is_the_group_as_one_not_the_members_bounds_added(shipped_editions):
    ed = shipped_editions["2022-04-22"]
    t = queries.top_share(ed, "exporters", 5, 2017, 2021, basis="total")
    singles = [queries.supplier_share(ed, "World", m, 2017, 2021, basis="total")
               for m in t.members]
    assert t.low >= sum(s.low for s in singles) - 1e-9
    assert t.high <= sum(s.high for s in singles) + 1e-9
    assert (t.high - t.low) < sum(s.high - s.low for s in singles)


@pytest.mark.slow
def test_top_share_says_when_the_bounds_do_not_fix_the_largest(shipped_editions):
    """On the register's even split (2024-10-13) Germany and Italy, fifth and sixth exporters
    in 2019-23, are tied within the bounds: the range covers both possible sets."""
    ed = shipped_editions["2024-10-13"]
    t = queries.top_share(ed, "exporters", 5, 2019, 2023, basis="register")
    assert not t.fixed and t.sets >= 2
    assert "do not fix which 5" in t.note and "Germany" in t.note
    ranked = queries.top(ed, "exporters", 2019, 2023, n=10 ** 6, basis="register")
    names = ranked["name"].tolist()
    sure = [x for x, w in zip(names, ranked["worst"]) if w <= 5]
    maybe = [x for x, b, w in zip(names, ranked["best"], ranked["worst"]) if b <= 5 < w]
    for combo in itertools.combinations(maybe, 5 - len(sure)):
        s = queries.supplier_share(ed, "World", queries.group("x", sure + list(combo)), 2019,
                                   2023, basis="register")
        assert t.low <= s.high + 1e-9 and s.low <= t.high + 1e-9
        assert t.high >= s.high - 1e-9  # the largest five hold at least as much as any five


def test_top_share_refuses_nonsense(shipped_editions):
    ed = shipped_editions["2022-04-22"]
    with pytest.raises(NoDataError, match="exporters"):
        queries.top_share(ed, "sellers", 5, 2017, 2021)  # type: ignore[arg-type]
    with pytest.raises(NoDataError, match="at least 1"):
        queries.top_share(ed, "exporters", 0, 2017, 2021)


# --------------------------------------------------------------------------------------------
# the checks
# --------------------------------------------------------------------------------------------

CLAIMS = textwrap.dedent("""\
    edition: 2022-04-22
    date: 2022-03-15
    claims:
      - id: top5-exporters
        quote: "Together, they accounted for 77 per cent of all arms exports in 2017–21."
        quantity: 77
        unit: per cent
        comparator: about
        window: {start: 2017, end: 2021}
        check: sipri-top-share
        evidence: {among: world exporters, top: 5}
      - id: top5-importers
        quote: "The five largest arms importers in 2017–21 ... together received 38 per cent"
        quantity: 38
        unit: per cent
        comparator: about
        window: {start: 2017, end: 2021}
        check: sipri-top-share
        evidence: {among: world importers, top: 5}
      - id: top5-wrong
        quote: "the five largest exporters accounted for 90 per cent"
        quantity: 90
        unit: per cent
        comparator: about
        window: {start: 2017, end: 2021}
        check: sipri-top-share
        evidence: {among: world exporters, top: 5}
      - id: russia-egypt
        quote: "Egypt received 13 per cent of Russia's arms exports"
        quantity: 13
        unit: per cent
        comparator: about
        window: {start: 2017, end: 2021}
        check: sipri-export-share
        evidence: {recipient: Egypt, supplier: Russia}
        source: {date: 2022-03-14}
""")


@pytest.fixture
def claims_file(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text(CLAIMS, encoding="utf-8")
    return p


def test_the_checks_judge_published_figures_supported_and_a_wrong_one_contradicted(claims_file):
    results, failures, cf = claims.evaluate_file(claims_file)
    assert not failures
    by = {r.id: r for r in results}
    assert by["top5-exporters"].verdict == "supported"
    assert by["top5-importers"].verdict == "supported"
    assert by["top5-wrong"].verdict == "contradicted"
    # Russia's share to Egypt, 2017-21, is 12.6 %: "about 13" holds (12.5 to under 13.5)
    assert by["russia-egypt"].verdict == "supported"
    assert by["russia-egypt"].low > 12.5 and by["russia-egypt"].high < 13.5
    assert "United States" in by["top5-exporters"].explanation


def test_the_claims_file_date_and_a_claims_source_date_are_read(claims_file):
    import datetime as dt

    cf = schema.load(claims_file)
    assert cf.date == dt.date(2022, 3, 15)
    assert {c.id: c.date for c in cf.claims}["russia-egypt"] == dt.date(2022, 3, 14)
    assert {c.id: c.date for c in cf.claims}["top5-exporters"] is None
    month = schema.load(ROOT_EXAMPLE)  # the shipped fact sheet dates 37 claims by month only
    assert not month.problems
    assert {(c.date, c.date_text) for c in month.claims if c.date_text == "2022-03"} == {(None, "2022-03")}


@pytest.mark.parametrize("change, message", [
    ("date: 2022-03-15", "date: 15 March 2022"),
    ("evidence: {among: world exporters, top: 5}", "evidence: {among: suppliers of India, top: 5}"),
    ("evidence: {among: world exporters, top: 5}", "evidence: {among: world exporters, top: 0}"),
    ("evidence: {recipient: Egypt, supplier: Russia}", "evidence: {recipient: Egypt}"),
    ("source: {date: 2022-03-14}", "source: {date: March 2022}"),
    ("source: {date: 2022-03-14}", "source: {date: 2022-13}"),
])
def test_bad_dates_and_evidence_are_named(tmp_path, change, message):
    p = tmp_path / "c.yaml"
    p.write_text(CLAIMS.replace(change, message, 1), encoding="utf-8")
    try:
        cf = schema.load(p)
    except ClaimFileError as exc:  # the top-level date: the whole file
        assert "date" in str(exc) and "YYYY-MM-DD" in str(exc)
        return
    assert cf.problems, "the broken claim should be listed as a problem"
    assert any(k in str(cf.problems[0][1]) for k in ("among", "top", "supplier", "date"))


def test_every_check_is_documented_with_its_evidence_keys():
    from conftest import ROOT

    doc = (ROOT / "docs" / "claims.md").read_text(encoding="utf-8")
    for check in ("sipri-export-share", "sipri-top-share"):
        assert f"`{check}`" in doc
