"""The verdict rules, on numbers worked out by hand."""

from __future__ import annotations

import math

import pytest

from armsdata.claims.rules import (
    INF,
    Interval,
    Report,
    claim_interval,
    decide_bound,
    decide_list,
    decide_lower_bound,
    decide_reports,
    precision,
    report_class,
    report_interval,
    written_interval,
)


@pytest.mark.parametrize("written, p", [("46", 1), ("8.2", 0.1), ("8.20", 0.01), ("3,000", 1000),
                                        ("3000", 1000), ("510", 10), ("2044", 1), ("0", 1),
                                        ("-4.6", 0.1), ("94", 1), ("100", 100)])
def test_precision_is_the_unit_of_the_last_significant_digit(written, p):
    assert precision(written) == pytest.approx(p)


def test_about_n_means_n_at_its_written_precision_in_claims_and_reports_alike():
    assert written_interval("46") == Interval(45.5, 46.5, False, True)
    w = written_interval("8.2")
    assert (w.lo, w.hi) == pytest.approx((8.15, 8.25))
    # the article's "3,000" and a report's "about 4000": 2,500-3,500 and 3,500-4,500, disjoint
    claim = claim_interval("about", 3000, written="3,000")
    report = report_interval("4000", "about")
    assert (claim.lo, claim.hi) == (2500, 3500) and (report.lo, report.hi) == (3500, 4500)
    assert not claim.intersects(report)


def test_report_qualifiers():
    assert report_interval("400", "more than") == Interval(400, INF, lo_open=True)
    assert report_interval("400", "at least") == Interval(400, INF)
    assert report_interval("510", "", exact=True) == Interval.point(510)
    assert report_interval("500", "up to", exact=True) == Interval.point(500)
    # a plain figure reads as "about" reads the claim's, unless its quantity is exact
    for w in ("280", "510", "4000", "3,000", "8.2", "2044"):
        assert report_interval(w) == report_interval(w, "about") == report_interval(w, "up to") \
            == claim_interval("about", float(w.replace(",", "")), written=w)
        assert report_interval(w, exact=True) == claim_interval("equals", float(w.replace(",", "")))
        assert report_interval(w, "about", exact=True) == written_interval(w)  # never exact
    with pytest.raises(ValueError, match="unknown qualifier"):
        report_interval("1", "roughly")


@pytest.mark.parametrize("comparator, q, interval", [
    ("at-least", 94, Interval(94, INF)), ("over", 510, Interval(510, INF, lo_open=True)),
    ("at-most", 5, Interval(-INF, 5)), ("under", 5, Interval(-INF, 5, hi_open=True)),
    ("equals", 9, Interval(9, 9)), ("range", (2016, 2017), Interval(2016, 2017))])
def test_claim_intervals(comparator, q, interval):
    assert claim_interval(comparator, q) == interval


def test_interval_relations_respect_open_ends():
    over = Interval(510, INF, lo_open=True)
    assert not over.contains(510) and over.contains(510.001)
    assert Interval(510, INF).intersects(over)            # "510 or more" can be "over 510"
    assert not Interval(510, INF).within(over)             # but need not be
    assert Interval(520, INF).within(over)
    assert not Interval(-INF, 510).intersects(over)
    assert Interval(2500, 3500, hi_open=True).below(Interval(3500, 4500))
    assert Interval(1, 2).within(Interval(-INF, INF))


def test_decide_bound_for_at_least_94():
    r = claim_interval("at-least", 94)
    assert decide_bound(r, 95, 94.5, 96).verdict == "supported"
    assert decide_bound(r, 94.2, 93.7, 94.7).verdict == "supported-with-caveat"
    assert decide_bound(r, 93.7, 93.0, 94.7).verdict == "not-supported"
    assert decide_bound(r, 90, 89, 93).verdict == "contradicted"
    assert decide_bound(r, None, None, None).verdict == "not-checkable"
    assert decide_bound(r, 94, 95, 93).code == "bounds-inconsistent"


def test_a_searched_sum_is_a_lower_bound_and_never_contradicts():
    at_least_300 = claim_interval("at-least", 300)
    assert decide_lower_bound(at_least_300, 0.0, exhaustive=False).verdict == "not-supported"
    assert decide_lower_bound(at_least_300, 0.0, exhaustive=True).verdict == "contradicted"
    assert decide_lower_bound(at_least_300, 300.0, exhaustive=False).verdict == "supported"
    at_most_10 = claim_interval("at-most", 10)
    assert decide_lower_bound(at_most_10, 25.0, exhaustive=False).verdict == "not-supported"
    assert decide_lower_bound(at_most_10, 25.0, exhaustive=True).verdict == "contradicted"


def test_reports_confirm_exclude_or_are_only_compatible():
    over = claim_interval("over", 510)
    assert report_class(over, Report(Interval(400, INF, lo_open=True))) == "compatible"
    assert report_class(over, Report(Interval(520, INF))) == "confirms"
    assert report_class(over, Report(Interval.point(300))) == "excludes"
    about_3000 = claim_interval("about", 3000, written="3,000")
    four = Report(report_interval("4000", "about"))
    five = Report(report_interval("5000", "", exact=True))
    three = Report(report_interval("3000", "", exact=True))
    assert decide_reports(about_3000, [four, five]).verdict == "not-supported"
    assert decide_reports(about_3000, [three]).verdict == "supported"
    assert decide_reports(about_3000, [three, four]).verdict == "supported-with-caveat"
    official = Report(report_interval("5000", "", exact=True), decisive=True)
    assert decide_reports(about_3000, [four, official]).verdict == "contradicted"
    assert decide_reports(about_3000, [three, official]).verdict == "supported-with-caveat"
    assert decide_reports(over, [Report(Interval(400, INF, lo_open=True))]).code == "reports-compatible-only"
    assert decide_reports(over, []).verdict == "not-checkable"


def test_list_rules():
    assert decide_list(4, 4, 4).verdict == "supported"
    assert decide_list(4, 3, 4).verdict == "supported-with-caveat"
    assert decide_list(4, 3, 3).verdict == "not-supported"
    assert decide_list(4, 0, 0).verdict == "contradicted"


def test_infinite_values_lie_only_in_unbounded_intervals():
    assert Interval(0, INF).contains(math.inf) and not Interval(0, 1).contains(math.inf)


def test_a_report_in_conflict_with_arithmetic_confirms_only_with_a_caveat_and_refutes_nothing():
    over = claim_interval("over", 510)
    beyond = Report(Interval(510.5, INF), label="511 t on nine flights", conflicts=True)
    plain = Report(Interval(515, 525, hi_open=True), label="520 t")
    d = decide_reports(over, [beyond])
    assert (d.verdict, d.caps, d.detail["conflicting"]) == ("supported-with-caveat",
                                                            ("capacity-conflict",), 1)
    assert decide_reports(over, [beyond, plain]).verdict == "supported"
    below = claim_interval("at-most", 400)
    assert decide_reports(below, [Report(Interval.point(480), decisive=True)]).verdict == "contradicted"
    assert decide_reports(below, [Report(Interval.point(480), decisive=True,
                                         conflicts=True)]).verdict == "not-supported"


def test_detail_counts_decisive_excluders_whatever_the_verdict():
    about_3000 = claim_interval("about", 3000, written="3,000")
    three = Report(report_interval("3000"))
    official = Report(report_interval("5000"), decisive=True)
    d = decide_reports(about_3000, [three, official])
    assert (d.verdict, d.detail["decisive"]) == ("supported-with-caveat", 1)
    assert decide_reports(about_3000, [three, Report(report_interval("5000"))]).detail["decisive"] == 0
