"""The evidence principles of armsdata.claims.rules, as properties over every claim and every
ledger row (not over hand-picked cases).

For every claim of the article that reads a ledger, and every row of every ledger it reads:
- dropping the row never strengthens the verdict in the row's direction, nor in any direction
  the row did not point against (a neutral row changes neither support nor refutation);
- dropping every row gives not-checkable or not-supported;
- adding a plausible supporting row never weakens support or adds refutation; adding a plausible
  refuting row never adds support or weakens refutation.
For every SIPRI claim: with no edition able to answer, the verdict is not-checkable.

A row's direction ("supports", "refutes", "neutral") is the role the evaluator gives it; the
synthetic rows check that those roles match what a row says.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from armsdata import claims, ledgers
from armsdata.claims.checks import EVALUATORS, ledgers_of
from armsdata.claims.rules import REFUTATION, SUPPORT, claim_interval, report_interval
from armsdata.errors import NoDataError

ALL = claims.load_claims()
LEDGER_CLAIMS = [c for c in ALL if not c.check.startswith("sipri-")]
FRAMES = {name: ledgers.load(name) for name in ledgers.LEDGERS}


class NoSipri:
    """A SIPRI layer in which no edition has anything: every question raises NoDataError."""

    def present(self):
        return ["2022-04-22", "2024-10-13"]

    def load(self, ref):
        raise NoDataError(f"edition {ref}: nothing here (test)")


def verdict(claim, frames, sipri=None):
    ctx = claims.Context(ledger_frames=frames, sipri=sipri or NoSipri())
    return claims.evaluate(claim, ctx)


def S(v):
    return SUPPORT[v]


def R(v):
    return REFUTATION[v]


def _cases():
    for c in LEDGER_CLAIMS:
        for name in ledgers_of(c):
            for i in range(len(FRAMES[name])):
                yield pytest.param(c, name, i, id=f"{c.id}-{name}-{i}")


@pytest.fixture(scope="module")
def base():
    return {c.id: verdict(c, FRAMES) for c in LEDGER_CLAIMS}


@pytest.mark.parametrize("claim, ledger, i", list(_cases()))
def test_dropping_a_row_never_strengthens_the_verdict_in_its_direction(claim, ledger, i, base):
    before = base[claim.id]
    frame = FRAMES[ledger]
    key = ledgers.spec(ledger).key
    row_id = str(frame.iloc[i][key])
    role = next((it.role for it in before.items if it.row == (ledger, row_id)), "neutral")
    after = verdict(claim, {**FRAMES, ledger: frame.drop(frame.index[i])})
    if role != "refutes":
        assert S(after.verdict) <= S(before.verdict), (role, before.verdict, after.verdict)
    if role != "supports":
        assert R(after.verdict) <= R(before.verdict), (role, before.verdict, after.verdict)
    if role == "neutral":
        assert after.verdict == before.verdict


@pytest.mark.parametrize("claim", LEDGER_CLAIMS, ids=lambda c: c.id)
def test_removing_all_evidence_gives_not_checkable_or_not_supported(claim):
    empty = {name: FRAMES[name].iloc[0:0] for name in ledgers_of(claim)}
    r = verdict(claim, {**FRAMES, **empty})
    assert r.verdict in ("not-checkable", "not-supported"), r.explanation


@pytest.mark.parametrize("claim", [c for c in ALL if c.check.startswith("sipri-")],
                         ids=lambda c: c.id)
def test_a_sipri_claim_no_edition_can_answer_is_not_checkable_with_the_reason(claim):
    r = verdict(claim, FRAMES)
    assert r.verdict == "not-checkable"
    assert r.error and "nothing here" in r.error


def _reprint_cases():
    for c in LEDGER_CLAIMS:
        for name in ledgers_of(c):
            frame = FRAMES[name]
            if "id" not in frame.columns:
                continue
            for i in range(len(frame)):
                if not frame.iloc[i]["reprint_of"]:
                    yield pytest.param(c, name, i, id=f"{c.id}-{name}-{i}")


@pytest.mark.parametrize("claim, ledger, i", list(_reprint_cases()))
def test_a_report_reprinted_by_another_counts_once(claim, ledger, i, base):
    # a copy of any row, declared a reprint of it, changes no verdict: not its counts of
    # reports confirming and disagreeing, not a sum
    frame = FRAMES[ledger]
    copy = frame.iloc[[i]].assign(id="test-reprint", reprint_of=frame.iloc[i]["id"],
                                  source_type="reprint" if "source_type" in frame else None)
    after = verdict(claim, {**FRAMES, ledger: pd.concat([frame, copy], ignore_index=True)})
    before = base[claim.id]
    assert (after.verdict, after.reason, after.value) == (before.verdict, before.reason,
                                                          before.value), after.explanation


# --------------------------------------------------------------------------------------------
# Plausible new rows: what a supporting and a refuting report look like for each check
# --------------------------------------------------------------------------------------------

def _row(ledger, **values):
    """A copy of the ledger's first row with *values* (so every column and dtype is right)."""
    frame = FRAMES[ledger]
    row = frame.iloc[[0]].copy()
    for k, v in values.items():
        row[k] = pd.Series([v], index=row.index).astype(frame[k].dtype)
    return row


def _far(claim):
    """A value that lies well outside the claim."""
    region = claim.interval()
    if region.hi == float("inf"):
        return max(region.lo / 4, 0.0)
    if region.lo == float("-inf"):
        return region.hi * 4 + 10
    return region.hi * 2 + 10


def _inside(claim):
    region = claim.interval()
    if region.hi == float("inf"):
        return region.lo + 1 if region.lo_open else region.lo
    if region.lo == float("-inf"):
        return region.hi - 1
    return (region.lo + region.hi) / 2 if claim.comparator != "about" else claim.quantity


def new_rows(claim):
    """(ledger, supporting row or None, refuting row or None) for *claim*."""
    ev = claim.evidence
    ts = pd.Timestamp
    if claim.check == "cited-fact":
        common = dict(fact=ev["fact"], qualifier="", as_of=ts("2021-01-01"), period="",
                      counts="", counts_reason="", unit=claim.unit)
        return ("facts", _row("facts", id="test-support", value=_inside(claim),
                              source_type="media", **common),
                _row("facts", id="test-refute", value=_far(claim), source_type="official",
                     **common))
    if claim.check == "ledger-sum" and ev["ledger"] == "facts":
        return ("facts", _row("facts", id="test-support", fact=ev["filter"]["fact"],
                              value=claim.quantity + 1, qualifier="", counts="yes",
                              counts_reason="test", source_type="media"), None)
    if claim.check == "ledger-sum":
        return ("loans", _row("loans", id="test-support", status="signed",
                              date_signed=ts("2021-06-01"), date_ratified=pd.NaT,
                              amount=claim.quantity, currency="USD"), None)
    if claim.check == "ledger-count":
        # counts for the whole window (one for part of it would only be a lower bound)
        lo, hi = claim.window.dates()
        common = dict(kind="summary", date_range_start=ts(lo), date_range_end=ts(hi),
                      cargo="military cargo")
        return ("cargo_reports",
                _row("cargo_reports", id="test-support", flights=int(_inside(claim)),
                     source_type="media", **common),
                _row("cargo_reports", id="test-refute", flights=max(int(_far(claim)), 1),
                     source_type="official", **common))
    if claim.check == "physical-bound":
        lo, hi = claim.window.dates()
        return ("cargo_reports",
                _row("cargo_reports", id="test-support", kind="summary", flights=pd.NA,
                     tonnage_t=claim.quantity + 100, tonnage_qualifier="more than",
                     date_range_start=ts("2020-07-20"), date_range_end=ts("2020-08-20"),
                     source_type="media"),
                _row("cargo_reports", id="test-refute", kind="summary", flights=pd.NA,
                     tonnage_t=claim.quantity / 2, tonnage_qualifier="",
                     date_range_start=ts(lo), date_range_end=ts(hi), source_type="official"))
    raise AssertionError(f"no plausible rows for check {claim.check}")


@pytest.mark.parametrize("claim", LEDGER_CLAIMS, ids=lambda c: c.id)
def test_adding_evidence_moves_the_verdict_toward_it(claim, base):
    before = base[claim.id]
    ledger, support, refute = new_rows(claim)
    frame = FRAMES[ledger]
    if support is not None:
        after = verdict(claim, {**FRAMES, ledger: pd.concat([frame, support], ignore_index=True)})
        assert S(after.verdict) >= S(before.verdict) and R(after.verdict) <= R(before.verdict), \
            (before.verdict, after.verdict, after.explanation)
        assert any(it.row == (ledger, "test-support") and it.role == "supports"
                   for it in after.items), "the new row is recognised as supporting"
    if refute is not None:
        after = verdict(claim, {**FRAMES, ledger: pd.concat([frame, refute], ignore_index=True)})
        assert R(after.verdict) >= R(before.verdict) and S(after.verdict) <= S(before.verdict), \
            (before.verdict, after.verdict, after.explanation)
        assert any(it.row == (ledger, "test-refute") and it.role == "refutes"
                   for it in after.items), "the new row is recognised as refuting"


def test_a_decisive_refuting_row_can_contradict_where_no_report_confirms():
    troops = next(c for c in ALL if c.id == "gyumri-troops")
    _, _, refute = new_rows(troops)
    after = verdict(troops, {**FRAMES, "facts": pd.concat([FRAMES["facts"], refute],
                                                          ignore_index=True)})
    assert after.verdict == "contradicted"


def test_every_ledger_claim_has_plausible_rows_of_both_kinds_where_its_ledger_can_hold_them():
    # loans and summed facts have no row type that refutes "at least X" on its own (a searched
    # ledger cannot show absence); every other check gets both
    for c in LEDGER_CLAIMS:
        _, support, refute = new_rows(c)
        assert support is not None
        assert (refute is None) == (c.check == "ledger-sum"), c.id


# --------------------------------------------------------------------------------------------
# "About", both ways: the same written figure reads the same in a claim and in a report
# --------------------------------------------------------------------------------------------

def _written(v):
    v = float(v)
    return str(int(v)) if v.is_integer() else repr(v)


def _figures():
    """Every figure the ledgers report as it is written, and every claim's own figure."""
    out = {_written(v) for v in FRAMES["facts"]["value"]}
    out |= {_written(v) for v in FRAMES["cargo_reports"]["tonnage_t"].dropna()}
    return sorted(out | {c.written for c in ALL if c.comparator in ("about", "equals")})


@pytest.mark.parametrize("written", _figures())
def test_a_written_figure_reads_the_same_as_a_claim_and_as_a_report(written):
    x = float(written.replace(",", ""))
    assert report_interval(written) == report_interval(written, "about") == claim_interval(
        "about", x, written=written)
    assert report_interval(written, exact=True) == claim_interval("equals", x)


def _fact_claim(row, comparator):
    template = next(c for c in ALL if c.check == "cited-fact")
    return dataclasses.replace(template, id=f"test-{row.id}", quantity=float(row.value),
                               written=_written(row.value), unit=row.unit,
                               comparator=comparator, evidence={"fact": row.fact},
                               tolerance=None, precision=None)


@pytest.mark.parametrize("i", range(len(FRAMES["facts"])),
                         ids=list(FRAMES["facts"]["id"]))
@pytest.mark.parametrize("comparator", ["about", "equals"])
def test_a_claim_of_a_reports_own_figure_is_confirmed_by_it(i, comparator):
    # a fact row, alone, against a claim that writes its figure as the row does: a plain figure
    # confirms it whether the claim reads it 'about' or exactly; an 'about' figure confirms the
    # 'about' claim and is only compatible with an exact one
    frame = FRAMES["facts"].iloc[[i]].assign(counts="", counts_reason="")
    row = next(frame.itertuples())
    r = verdict(_fact_claim(row, comparator), {**FRAMES, "facts": frame})
    if row.qualifier in ("", "up to") or comparator == "about":
        assert r.verdict == "supported", r.explanation
    else:
        assert r.verdict == "not-supported", r.explanation


def test_a_tonnage_for_the_whole_window_reads_as_written():
    # a report's figure for the whole window: read at its written precision, as "about" reads a
    # claim's; for part of the window, only a lower bound.  Against "over 510 t":
    claim = next(c for c in ALL if c.id == "cargo-tonnage")
    assert (claim.comparator, claim.quantity) == ("over", 510)
    lo, hi = claim.window.dates()
    # 510 -> 505 to 515; 520 -> 515 to 525; 505 -> 504.5 to 505.5; 500 -> 450 to 550
    for figure, whole, expect in (("510", True, "compatible"), ("520", True, "confirms"),
                                  ("510", False, "compatible"), ("505", True, "excludes"),
                                  ("500", True, "compatible"), ("490", True, "excludes"),
                                  ("490", False, "compatible")):
        start = pd.Timestamp(lo) if whole else pd.Timestamp(lo) + pd.Timedelta(days=5)
        row = _row("cargo_reports", id="test-tonnage", kind="summary", flights=pd.NA,
                   tonnage_t=float(figure), tonnage_qualifier="", source_type="media",
                   date_range_start=start, date_range_end=pd.Timestamp(hi))
        r = verdict(claim, {**FRAMES, "cargo_reports": row})
        got = {"supported": "confirms", "not-supported": None}.get(r.verdict)
        item = next(it for it in r.items if it.row == ("cargo_reports", "test-tonnage"))
        role = {"supports": "confirms", "refutes": "excludes", "neutral": "compatible"}[item.role]
        assert role == expect, (figure, whole, r.explanation)
        assert (got == "confirms") == (expect == "confirms"), (figure, whole, r.verdict)


# --------------------------------------------------------------------------------------------
# A report beyond the capacity of its own stated units (rules, principle 8)
# --------------------------------------------------------------------------------------------

def _unround(x):
    """A whole number near *x* written to the unit (no trailing zero: read exactly to 1)."""
    n = int(x)
    return float(n + 1 if n % 10 == 0 else n)


def _own_bounds():
    """(claim, report row, bound on what the report's own stated units could carry) for every
    capacity claim and every report of its quantity that states its units."""
    for c in LEDGER_CLAIMS:
        if c.check != "physical-bound":
            continue
        f = EVALUATORS[c.check](c, claims.Context(ledger_frames=FRAMES, sipri=NoSipri()))
        for b in f.conditional:
            if b["scope"] == "report":
                yield pytest.param(c, b["report"]["id"], b["bound"], id=f"{c.id}-{b['report']['id']}")


def _with(frame, rid, **values):
    frame = frame.copy()
    k = frame.index[frame["id"] == rid][0]
    for col, v in values.items():
        frame.loc[k, col] = v
    return frame


@pytest.mark.parametrize("claim, rid, bound", list(_own_bounds()))
def test_a_report_beyond_its_own_capacity_never_fully_supports_a_claim(claim, rid, bound):
    # Day.az's 510 t on nine flights (at most 468 t as Il-76TDs): moved to 511, or to any figure
    # above what its own flights could carry that confirms the claim, it gives a caveat at most
    region = claim.interval()
    start = max(bound, region.lo)
    for figure in (_unround(start + 1), _unround(start + 7), _unround(start * 3)):
        frame = _with(FRAMES["cargo_reports"], rid, tonnage_t=figure, tonnage_qualifier="")
        r = verdict(claim, {**FRAMES, "cargo_reports": frame})
        item = next(it for it in r.items if it.row == ("cargo_reports", rid))
        assert item.role == "supports", (figure, r.explanation)
        assert r.verdict == "supported-with-caveat", (figure, r.verdict, r.explanation)
        assert "exceeds what its own stated units could carry" in r.rule
        assert "in conflict with arithmetic" in r.explanation


@pytest.mark.parametrize("claim, rid, bound", list(_own_bounds()))
def test_a_report_beyond_its_own_capacity_cannot_refute_on_its_own(claim, rid, bound):
    # the same report made official and stated for the whole window: below the claim it refutes
    # only while its figure is within what its own units could carry
    region = claim.interval()
    if not bound < region.lo:
        pytest.skip("the report's own capacity reaches the claim")
    lo, hi = claim.window.dates()
    whole = dict(date_range_start=pd.Timestamp(lo), date_range_end=pd.Timestamp(hi),
                 source_type="official", tonnage_qualifier="")
    within = _with(FRAMES["cargo_reports"], rid, tonnage_t=_unround(bound - 5), **whole)
    beyond = _with(FRAMES["cargo_reports"], rid, tonnage_t=_unround((bound + region.lo) / 2),
                   **whole)
    assert verdict(claim, {**FRAMES, "cargo_reports": within}).verdict == "contradicted"
    r = verdict(claim, {**FRAMES, "cargo_reports": beyond})
    assert r.verdict == "not-supported", r.explanation


# --------------------------------------------------------------------------------------------
# The reason line says what is true of the evidence
# --------------------------------------------------------------------------------------------

def _official(ledger, row_id):
    frame = FRAMES[ledger]
    return ("source_type" in frame and row_id in set(frame["id"]) and
            frame.loc[frame["id"] == row_id, "source_type"].iloc[0] == "official")


@pytest.mark.parametrize("claim", LEDGER_CLAIMS, ids=lambda c: c.id)
def test_the_reason_says_none_official_only_when_none_that_disagrees_is(claim, base):
    r = base[claim.id]
    refuting = [it.row for it in r.items if it.role == "refutes" and it.row]
    if "(none official)" in r.reason:
        assert not any(_official(*row) for row in refuting), r.reason
    ledger, support, refute = new_rows(claim)
    if refute is None:
        return
    frame = pd.concat([FRAMES[ledger], support, refute], ignore_index=True)
    both = verdict(claim, {**FRAMES, ledger: frame})
    assert both.verdict == "supported-with-caveat", both.explanation
    assert "(1 official)" in both.reason and "none official" not in both.reason, both.reason
