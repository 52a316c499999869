"""The SIPRI checks against a stand-in SIPRI layer whose numbers mimic the real editions'.

The stand-in answers the queries API (``load``, ``bases``, ``supplier_share``, ``change``,
``rank``, ...) from fixed numbers: those of Armenia 2011-2020 in the shipped editions (the total
basis's point, 374/397 = 94.21 %, lies outside its own rounding bounds, 93.69-93.99 %, as it does
in the real 2022 edition), so the rules that decide the headline claim are tested on the shape
of the real data, not on friendlier fake data.  Each edition belongs to a SIPRI release (2022:
the 2022-04-22 TIV tables; 2024: the 2024-10-13 register and the 2024-04-16 per-year register;
2026: a 2026-08-12 table that covers 2021-2025 only), and a claim is judged per release.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from conftest import ROOT

from armsdata import claims
from armsdata.claims import schema
from armsdata.errors import CoverageError, UnknownActorError

WINDOW = (2011, 2020)
SHARES = {  # (edition, basis) -> (value, low, high, feasible)
    ("2022-04-22", "total"): (94.21, 93.69, 93.99, False),
    ("2022-04-22", "rows"): (93.73, 93.46, 94.01, True),
    ("2024-10-13", "register"): (93.86, 93.20, 94.50, True),
    ("2024-04-16", "register"): (93.86, 93.855, 93.865, True),
}
BASES = {"2022-04-22": ("total", "rows"), "2024-10-13": ("register",),
         "2024-04-16": ("register",), "2026-08-12": ("total",)}
COVERS = {"2022-04-22": (1950, 2021), "2024-10-13": (1950, 2023), "2024-04-16": (1950, 2023),
          "2026-08-12": (2021, 2025)}
RELEASE = {"2022-04-22": 2022, "2024-10-13": 2024, "2024-04-16": 2024, "2026-08-12": 2026}
PER_YEAR = "register: SIPRI's per-delivery-year values (no split assumption)"


def est(edition, basis, value, low, high, feasible=True, what="Russia's share of Armenia's arms imports",
        unit="per cent", window="2011-2020", **extra):
    return SimpleNamespace(value=value, low=low, high=high, feasible=feasible, unit=unit,
                           what=what, edition=edition, basis=basis, window=window,
                           compare_window=extra.pop("compare_window", None),
                           assumption=extra.pop("assumption", PER_YEAR if edition == "2024-04-16"
                                                else ""), coverage_note="", **extra)


class FakeSipri:
    def __init__(self, editions=tuple(BASES)):
        self.calls = []
        self.editions = list(editions)

    def present(self):
        return self.editions

    def load(self, ref):
        if ref not in BASES:
            raise CoverageError(f"no edition {ref}")
        return SimpleNamespace(edition=ref, release=SimpleNamespace(year=RELEASE[ref]))

    def bases(self, ed, figure):
        return BASES[ed.edition]

    def _cover(self, ed, start, end):
        a, b = COVERS[ed.edition]
        if start < a or end > b:
            raise CoverageError(f"window {start}-{end} is outside edition {ed.edition}, which "
                                f"covers {a}-{b}")

    def supplier_share(self, ed, recipient, supplier, start, end, basis, allow_partial=False):
        self.calls.append(("share", ed.edition, basis))
        if recipient.casefold() == "atlantis":
            raise UnknownActorError("'Atlantis' is not an actor SIPRI knows; did you mean ...")
        self._cover(ed, start, end)
        return est(ed.edition, basis, *SHARES[(ed.edition, basis)])

    def change(self, ed, recipient=None, supplier=None, window=None, compare_window=None,
               basis=None, allow_partial=False):
        self._cover(ed, *compare_window)
        self._cover(ed, *window)
        return est(ed.edition, basis, 150.0, 120.0, 180.0, what="Armenia's arms imports",
                   compare_window="2011-2015", window="2016-2020")

    def rank(self, ed, supplier=None, recipient=None, start=None, end=None, basis=None,
             allow_partial=False):
        self._cover(ed, start, end)
        return SimpleNamespace(name=supplier or recipient, rank=2, best=1, worst=3, table=None,
                               edition=ed.edition, basis=basis, window=f"{start}-{end}",
                               among="world exporters", coverage_note="", assumption="")


def claim(text: str, tmp_path, name="c.yaml"):
    p = tmp_path / name
    p.write_text("claims:\n" + text, encoding="utf-8")
    return schema.load_claims(p)[0]


SHARE_CLAIM = """  - id: share
    quote: "Russia accounted for at least 94 per cent"
    quantity: 94
    unit: per cent
    comparator: at-least
    window: {start: 2011, end: 2020}
    check: sipri-share
    evidence: {recipient: Armenia, supplier: Russia}
"""


def run(c, **kw):
    return claims.evaluate(c, claims.Context(sipri=kw.pop("sipri", FakeSipri()), **kw))


def test_within_a_release_the_bounds_intersect_and_the_tightest_is_named(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    r = run(c, date=dt.date(2022, 6, 1))
    # 2022: total 93.69-93.99 and rows 93.46-94.01 bound the same share: 93.69-93.99
    assert (r.release, r.release_mode) == (2022, "date")
    assert (r.low, r.high) == pytest.approx((93.69, 93.99))
    assert r.low_from == r.high_from == "edition 2022-04-22, basis total"
    # the total basis's 94.21 lies outside its bounds: the point is the rows basis's
    assert r.value == pytest.approx(93.73) and r.verdict == "contradicted"
    assert "0.01 percentage points below it" in r.reason and "2022 release" in r.reason
    assert r.edition == "2022-04-22" and r.basis == "total, rows"
    # the 2024 release is a revision, never pooled: 93.20-94.50 and 93.855-93.865 meet at 93.86
    [rev] = r.revisions
    assert rev["release"] == 2024 and (rev["low"], rev["high"]) == pytest.approx((93.855, 93.865))
    assert rev["verdict"] == "contradicted" and rev["low_from"] == "edition 2024-04-16, basis per-year"


def test_without_a_date_the_newest_release_that_answers_decides_and_says_so(tmp_path):
    r = run(claim(SHARE_CLAIM, tmp_path))
    # 2026 cannot answer 2011-2020; 2024 is the newest that can
    assert (r.release, r.release_mode, r.text_date) == (2024, "no-date", "")
    assert "date unknown" in r.reason
    assert [v["release"] for v in r.revisions] == [2022]


def test_a_release_of_its_time_that_is_missing_is_never_a_contradiction(tmp_path):
    r = run(claim(SHARE_CLAIM, tmp_path), date=dt.date(2021, 5, 1))  # the 2021 release
    assert (r.release, r.release_mode) == (2022, "later")
    assert r.verdict == "differs-on-later-release"
    assert "no 2021-release edition here gives it" in r.reason
    assert "the nearest later one" in r.explanation


def test_a_point_never_decides_where_the_bounds_straddle_the_claims_edge(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    saved = dict(SHARES)
    try:
        for point in (93.5, 94.0, 94.3):  # wherever the point lies within 93.46-94.01
            SHARES[("2022-04-22", "total")] = (point, 93.46, 94.01, True)
            r = run(c, date=dt.date(2022, 6, 1))
            assert r.verdict == "inconclusive" and r.release == 2022
            assert "0.01 percentage points inside it, 0.54 outside" in r.reason
    finally:
        SHARES.update(saved)


def test_the_verdict_on_a_release_does_not_depend_on_the_other_releases(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    alone = run(c, sipri=FakeSipri(["2024-10-13", "2024-04-16"]))
    together = run(c)
    assert (alone.release, alone.verdict, alone.low, alone.high) == \
        (together.release, together.verdict, together.low, together.high)


def test_a_release_whose_files_disagree_is_judged_on_their_hull_and_says_so(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    saved = dict(SHARES)
    try:
        SHARES[("2024-04-16", "register")] = (95.0, 94.9, 95.1, True)  # misses 93.20-94.50
        r = run(c)
        assert (r.low, r.high) == pytest.approx((93.20, 95.1)) and r.verdict == "inconclusive"
        assert "do not meet, so the range is their hull" in r.explanation
    finally:
        SHARES.update(saved)


def test_an_edition_that_does_not_cover_the_window_is_named_and_the_others_still_answer(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    r = run(c, override=["2026-08-12", "2022-04-22"])
    assert r.edition == "2022-04-22" and r.verdict == "contradicted"
    assert "edition 2026-08-12), basis total: window 2011-2020 is outside edition 2026-08-12, " \
           "which covers 2021-2025" in r.explanation
    assert not r.error  # it was evaluated, on the edition that could


def test_a_claim_no_edition_can_answer_is_not_checkable_with_the_reason(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    r = run(c, override=["2026-08-12"])
    assert r.verdict == "not-checkable" and "covers 2021-2025" in r.error
    assert "covers 2021-2025" in r.reason


def test_an_unknown_actor_makes_the_claim_not_checkable_not_the_run_fail(tmp_path):
    c = claim(SHARE_CLAIM.replace("Armenia", "Atlantis"), tmp_path)
    results, failures = claims.evaluate_each([c], claims.Context(sipri=FakeSipri()))
    assert results[0].verdict == "not-checkable" and "did you mean" in results[0].error
    assert not failures


def test_change_and_rank_checks(tmp_path):
    change = claim("""  - id: change
    quote: "more than doubled"
    quantity: 100
    unit: per cent
    comparator: over
    window: {start: 2016, end: 2020}
    check: sipri-change
    evidence: {recipient: Armenia, compare_window: {start: 2011, end: 2015}}
""", tmp_path)
    r = claims.evaluate(change, claims.Context(sipri=FakeSipri(), override=["2022-04-22"]))
    assert (r.value, r.low, r.high, r.verdict) == (150.0, 120.0, 180.0, "supported")
    assert r.release_mode == "edition"
    rank = claim("""  - id: rank
    quote: "the second largest exporter"
    quantity: 2
    unit: rank
    comparator: equals
    window: {start: 2017, end: 2021}
    check: sipri-rank
    evidence: {supplier: Russia, among: world exporters}
""", tmp_path, "r.yaml")
    r = claims.evaluate(rank, claims.Context(sipri=FakeSipri(), override=["2022-04-22"]))
    assert (r.value, r.low, r.high) == (2, 1, 3)
    assert r.verdict == "inconclusive"  # rank 2 by the point, but 1-3 within rounding
    bad = claim("""  - id: rank
    quote: "q"
    quantity: 2
    unit: rank
    comparator: equals
    window: {start: 2017, end: 2021}
    check: sipri-rank
    evidence: {supplier: Russia, recipient: Armenia, among: world exporters}
""", tmp_path, "b.yaml")
    with pytest.raises(claims.ClaimError, match="ranks it among 'suppliers of Armenia'|rank it among 'suppliers of Armenia'"):
        claims.evaluate(bad, claims.Context(sipri=FakeSipri(), override=["2022-04-22"]))


def test_the_reason_is_one_short_sentence(tmp_path):
    c = claim(SHARE_CLAIM, tmp_path)
    r = claims.evaluate(c, claims.Context(sipri=FakeSipri()))
    assert len(r.reason.split()) <= 30 and r.reason.endswith(".")
    assert "basis" not in r.reason


def test_a_month_that_holds_a_release_date_is_judged_on_both_releases_and_keeps_the_weaker(tmp_path):
    """March 2024: SIPRI published its 2024 release on 11 March (data/releases.csv). As of 1
    March the 2023 release was in force (no shipped edition of it gives Armenia's shares: the
    nearest later release speaks for it, differs-on-later-release); as of 31 March the 2024
    release (its per-year values: 373.2 of 397.6 = 93.86 %, contradicted). The weaker stands."""
    import yaml

    article = yaml.safe_load((ROOT / "src/armsdata/data/claims.yaml").read_text("utf-8"))
    claim = next(c for c in article["claims"] if c["id"] == "russia-share-2011-2020")
    got = {}
    for month, want in (("2024-03", "differs-on-later-release"), ("2024-05", "contradicted"),
                        ("2024-02", "differs-on-later-release")):
        p = tmp_path / f"{month}.yaml"
        p.write_text(yaml.safe_dump({"claims": [{**claim, "source": {"date": month}}]}),
                     encoding="utf-8")
        (r,), _, _ = claims.evaluate_file(p)
        assert r.verdict == want, (month, r.verdict, r.reason)
        got[month] = r
    assert "came out within it" in got["2024-03"].date_source
    assert "came out within it" not in got["2024-05"].date_source


def test_a_narrower_date_further_down_settles_a_month_that_holds_a_release_date():
    """SIPRI's March 2022 fact sheet: each claim's source is dated 2022-03 (the month the 2022
    release came out, 14 March), the claims file 2022-03-14, the day of the release.  The
    file's day lies within the source's month and settles it: judged on the 2022 release
    alone, not on the 2021 release as well (which would leave every figure weaker)."""
    cf = claims.load(ROOT / "examples" / "sipri-fact-sheet-2022-03.yaml")
    claim = next(c for c in cf.claims if c.id == "fs22-world-change-2012-16")
    assert claim.date_text == "2022-03"
    r = claims.evaluate(claim, claims.Context(file_date=cf.date))
    assert r.release == 2022 and "came out within it" not in r.date_source
    assert r.date_source.startswith("the claims file") and "within the claim's source" in \
        r.date_source
    # a negative range reads 'to', never a dash between two minus signs
    assert " to -" in r.reason and "–-" not in r.reason
    # without the file's day the month alone straddles the release: both releases are asked
    alone = claims.evaluate(claim, claims.Context())
    assert "came out within it" in alone.date_source


def test_without_a_date_the_newest_release_never_contradicts_what_an_earlier_one_allows(tmp_path):
    """'The United States accounted for 45 per cent of Ukraine's arms imports in 2021-24' with
    no date: the newest release that answers (2026: SIPRI's printed Ukraine table, 43.55-43.61 %)
    excludes it, the 2025 release (45.09-45.38 %) allows it.  The author may have used the 2025
    release; SIPRI's revision is not the author's error: differs-on-later-release, and the
    reason names the release that allows it.  Dated in 2025's year of force, the 2025 release
    decides and supports it; dated after the 2026 release, it is contradicted."""
    import yaml

    c = {"id": "us-ukraine", "quote": "45 per cent", "quantity": 45, "unit": "per cent",
         "comparator": "about", "window": {"start": 2021, "end": 2024}, "check": "sipri-share",
         "evidence": {"recipient": "Ukraine", "supplier": "United States"}}
    got = {}
    for date in (None, "2025-06-01", "2026-09-01"):
        p = tmp_path / f"{date}.yaml"
        p.write_text(yaml.safe_dump({**({"date": date} if date else {}), "claims": [c]}),
                     encoding="utf-8")
        (r,), _, _ = claims.evaluate_file(p)
        got[date] = r
    assert got[None].release == 2026 and got[None].verdict == "differs-on-later-release"
    assert "the 2025 release allows it" in got[None].reason
    assert {v["release"]: v["verdict"] for v in got[None].revisions}[2025] == "supported"
    assert (got["2025-06-01"].release, got["2025-06-01"].verdict) == (2025, "supported")
    assert (got["2026-09-01"].release, got["2026-09-01"].verdict) == (2026, "contradicted")


def test_the_explanation_keeps_every_bound_apart_from_the_claims_edge_and_flags_a_date_too_early():
    """The article's 'at least 94 per cent' on the 2022 release (its TIV tables allow at most
    375.5 / 399.5 = 93.9925 %): the per-basis line reads 93.993, never '94', beside a verdict
    that excludes 94; and a text dated 2021-03-01, when the 2020 release (deliveries to 2019)
    was in force, cannot quote a 2011-2020 figure: the explanation says to check the date."""
    c = claims.get_claim("russia-share-2011-2020")
    r = claims.evaluate(c, claims.Context(date=dt.date(2022, 6, 1)))
    assert r.release == 2022 and r.verdict == "contradicted"
    assert "(bounds 93.69–93.993) on basis total" in r.explanation
    assert "–94)" not in r.explanation
    assert "No SIPRI release in force then" not in r.explanation
    early = claims.evaluate(c, claims.Context(date=dt.date(2021, 3, 1)))
    assert "the 2020 release covers deliveries to 2019, and the claim's years run to 2020; " \
        "check the text's date" in early.explanation
    assert "SIPRI may have published it" not in early.explanation


def test_distances_read_as_words():
    from armsdata.claims.explain import distance
    from armsdata.claims.rules import Decision

    share = SimpleNamespace(unit="per cent")
    assert distance(share, Decision("contradicted", "range-outside",
                                    {"side": "below", "distance": 0.0075})) == \
        "0.0075 percentage points below it"
    assert distance(share, Decision("inconclusive", "range-straddles",
                                    {"side": "across", "inside": 1.0, "outside": 0.5})) == \
        "1 percentage point inside it, 0.5 outside"
    rank = SimpleNamespace(unit="rank")
    assert distance(rank, Decision("inconclusive", "range-straddles",
                                   {"side": "across", "inside": 0, "outside": 1})) == ""
    assert distance(rank, Decision("contradicted", "range-outside",
                                   {"side": "above", "distance": 1})) == "1 place above it"


def test_earlier_allows_only_without_a_date_and_says_how_the_earlier_release_reads():
    """The rule behind the undated case above, as every SIPRI check (ranges and deal lists)
    applies it: only without a date, only over a contradiction, only where an earlier
    release's own verdict is not one; an earlier release that only straddles the claim 'does
    not exclude it', one that supports it 'allows it'."""
    from armsdata.claims.by_release import earlier_allows
    from armsdata.claims.explain import _verdict_clause
    from armsdata.claims.rules import Decision

    no = Decision("contradicted", "range-outside", {})
    straddle = earlier_allows(no, "no-date", 2025, {2025: "contradicted", 2024: "inconclusive"})
    assert straddle.verdict == "differs-on-later-release"
    assert "the 2024 release does not exclude it" in _verdict_clause(straddle)
    both = earlier_allows(no, "no-date", 2026,
                          {2026: "contradicted", 2025: "supported", 2024: "inconclusive"})
    assert "the 2025 release allows it" in _verdict_clause(both)
    assert earlier_allows(no, "date", 2025, {2024: "supported"}) is no
    assert earlier_allows(no, "no-date", 2025, {2024: "contradicted", 2026: "supported"}) is no
    kept = Decision("supported", "range-inside", {})
    assert earlier_allows(kept, "no-date", 2025, {2024: "contradicted"}) is kept
