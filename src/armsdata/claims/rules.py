"""The verdict rules: generic functions of a claim's interval and the evidence's numbers.

Nothing here knows a ledger, a country or a check.  An evaluator (:mod:`armsdata.claims.checks`)
turns data into *lines of evidence* (:mod:`armsdata.claims.model`); :func:`decide` turns the
lines into a verdict with the rules below; :mod:`armsdata.claims.explain` writes the prose.

Verdicts
--------
``supported``              the evidence's whole range satisfies the claim (a bound), or every
                           report agrees with it
``supported-with-caveat``  the point satisfies it but not the whole range, or some reports agree
                           and others do not, or the data measure a proxy, or SIPRI marks the
                           values uncertain, or a conditional bound would exclude it, or
                           the only reports that confirm it are in conflict with arithmetic
``not-supported``          the evidence cannot confirm it: possible within the range but not
                           at its point, or nothing decisive bears against it while nothing
                           confirms it
``contradicted``           evidence that positively refutes it: a mathematical bound from
                           exhaustive data (SIPRI for its own scope) or arithmetic on confirmed
                           facts, an exhaustive ledger, or an official figure or denial that
                           excludes it
``not-checkable``          no evidence bears on it (or the data cannot answer the question)

The principles these rules follow (each tested as a property over every claim in
``tests/test_claims_properties.py``):

1. **Absence in a searched ledger is not evidence of absence.**  A sum or count over a ledger
   that was not gathered exhaustively is a lower bound with no upper bound, so it can never
   contradict an "at least" claim; only an exhaustive source, an official denial or figure, or
   arithmetic on facts independent of the article can.
2. **A bound never takes the claim's own numbers as facts.**  Every assumption behind a bound is
   named with the evidence for it; a bound whose assumptions are not all confirmed is
   *conditional*: shown, and able to cap a verdict at a caveat, never to contradict.
3. **Evidence moves verdicts in its own direction.**  Adding a supporting item never weakens
   the verdict, adding a refuting one never strengthens it; removing an item never strengthens
   the verdict in that item's direction; removing all evidence gives not-checkable or
   not-supported.
4. **Names say what a number is**: ``range_kind`` is ``bound``, ``conditional-bound``,
   ``reported-range``, ``count``, ``sum-of-reports`` or ``none``.
5. **The same written figure reads the same in a claim and in a report.**  A figure written
   plainly or with "about" stands for the values that round to it at its written precision
   (46 → 45.5 up to 46.5, 3,000 → 2,500 up to 3,500: :func:`written_interval`): the article's
   "a range of 300 kilometres" (``about 300``) and a report's plain "280 km" alike.  A figure is
   exact where its quantity is: when the claim reads its own figure exactly (``equals``,
   ``range``: a count, a calendar year), plain reports of that quantity are exact too; and a
   count a ledger types as whole numbers (flights) is exact in every claim
   (:func:`report_interval`).
6. **A figure for part of a window is a lower bound for the window.**  A count or a tonnage a
   report states for part of the claim's window says nothing of the rest of it: for a quantity
   that adds up over time it is a lower bound on the window's figure, in every check; only a
   figure for the whole window is read as written.
7. **A report reprinted by another counts once**, as its original (a ledger's ``reprint_of``),
   in a sum, a count of flights and a tally of reports that confirm or disagree.
8. **A report in conflict with arithmetic confirms nothing on its own.**  A report whose figure
   exceeds what its own stated units could carry (its count × the largest capacity of the types
   named: a conditional bound) is in conflict with arithmetic under those assumptions: where
   only such reports confirm a claim, the verdict is capped at a caveat, and such a report
   cannot refute a claim on its own (``Report.conflicts``).  Day.az's "510 t" on nine flights
   that carry at most 468 t as Il-76TDs could never make "over 510 t" fully supported.
"""

from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Sequence

INF = math.inf

Verdict = Literal["supported", "supported-with-caveat", "not-supported", "contradicted",
                  "not-checkable"]
VERDICTS: tuple[str, ...] = ("supported", "supported-with-caveat", "inconclusive",
                             "not-supported", "differs-on-later-release", "contradicted",
                             "not-checkable")
#: How strongly a verdict speaks for the claim (support) and against it (refutation); the
#: property tests compare verdicts with these.  ``inconclusive`` (a SIPRI figure's bounds
#: straddle the claim's edge: the figures allow both) and ``differs-on-later-release`` (the
#: release of the text's time is not available, and a later one excludes the claim: SIPRI may
#: have revised it) speak neither way.
SUPPORT = {"supported": 2, "supported-with-caveat": 1, "inconclusive": 0, "not-supported": 0,
           "differs-on-later-release": 0, "contradicted": 0, "not-checkable": 0}
REFUTATION = {"contradicted": 2, "differs-on-later-release": 0, "supported": 0,
              "supported-with-caveat": 0, "inconclusive": 0, "not-supported": 0,
              "not-checkable": 0}
COMPARATORS: tuple[str, ...] = ("about", "at-least", "over", "at-most", "under", "equals",
                                "range", "list-contains")


# --------------------------------------------------------------------------------------------
# Intervals
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Interval:
    """A set of values: ``[lo, hi]`` with each end open or closed (``±inf`` for no end)."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        if math.isnan(self.lo) or math.isnan(self.hi):
            raise ValueError(f"interval end is NaN: {self}")

    @classmethod
    def point(cls, v: float) -> "Interval":
        return cls(float(v), float(v))

    def empty(self) -> bool:
        return self.lo > self.hi or (self.lo == self.hi and (self.lo_open or self.hi_open))

    def contains(self, v: float) -> bool:
        if math.isinf(v):  # an unbounded end is inside only if the interval is unbounded there
            return (v > 0 and math.isinf(self.hi) and self.hi > 0) or (
                v < 0 and math.isinf(self.lo) and self.lo < 0)
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        return above and below

    def intersects(self, other: "Interval") -> bool:
        lo, lo_open = max((self.lo, self.lo_open), (other.lo, other.lo_open),
                          key=lambda t: (t[0], t[1]))
        hi, hi_open = min((self.hi, self.hi_open), (other.hi, other.hi_open),
                          key=lambda t: (t[0], not t[1]))
        return not Interval(lo, hi, lo_open, hi_open).empty()

    def within(self, other: "Interval") -> bool:
        """True if every value of this interval lies in *other*."""
        if self.empty():
            return True
        lo_ok = self.lo > other.lo or (self.lo == other.lo and (self.lo_open or not other.lo_open))
        hi_ok = self.hi < other.hi or (self.hi == other.hi and (self.hi_open or not other.hi_open))
        if math.isinf(self.lo) and self.lo < 0:
            lo_ok = math.isinf(other.lo) and other.lo < 0
        if math.isinf(self.hi) and self.hi > 0:
            hi_ok = math.isinf(other.hi) and other.hi > 0
        return lo_ok and hi_ok

    def below(self, other: "Interval") -> bool:
        """Every value of this interval lies below every value of *other*."""
        return not self.intersects(other) and (self.hi < other.lo or (
            self.hi == other.lo and (self.hi_open or other.lo_open)))

    def describe(self, unit: str = "") -> str:
        """``>= 94``, ``> 510``, ``2,500 to under 3,500``, ``= 9``."""
        f = lambda v: fmt(v, unit=unit)  # noqa: E731
        if math.isinf(self.hi) and math.isinf(self.lo):
            return "any value"
        if math.isinf(self.hi):
            return f"{'>' if self.lo_open else '>='} {f(self.lo)}"
        if math.isinf(self.lo):
            return f"{'<' if self.hi_open else '<='} {f(self.hi)}"
        if self.lo == self.hi:
            return f"= {f(self.lo)}"
        left = "more than " if self.lo_open else ""
        right = "under " if self.hi_open else ""
        return f"{left}{f(self.lo)} to {right}{f(self.hi)}"


def fmt(x: Any, digits: int | None = None, *, unit: str = "", bound: str = "",
        keep_apart: Sequence[float] = ()) -> str:
    """A number for prose: thousands separated (not for a *unit* of years), whole numbers
    without decimals, others to 2 (or *digits*) decimals; None as ``n/a``.

    *bound* ``"low"`` or ``"high"``: a bound, rounded outward (down or up) so that the number
    shown never lies inside it (93.4591 as a low is 93.45).  More decimals (up to 4) where the
    rounding would reach or cross a number of *keep_apart* (a claim's limits): 93.9925 as a
    high against "at least 94" is 93.993, never 94; a point 3.9463 against "under 3.95" is
    3.946, never 3.95."""
    if x is None:
        return "n/a"
    v = float(x)
    if math.isinf(v):
        return "unbounded" if v > 0 else "-unbounded"
    sep = "" if unit.startswith("year") else ","
    d = 2 if digits is None else digits
    if (bound or keep_apart) and not v.is_integer():
        limits = [float(k) for k in keep_apart if k is not None and math.isfinite(float(k))]
        # from the shortest decimal that reads back as v (93.69 stays 93.69, not 93.6899...)
        exact = decimal.Decimal(repr(v))
        way = {"low": decimal.ROUND_FLOOR, "high": decimal.ROUND_CEILING}.get(
            bound, decimal.ROUND_HALF_EVEN)
        for d in range(d, max(d, 4) + 1):
            shown = float(exact.quantize(decimal.Decimal(1).scaleb(-d), rounding=way))
            if not any(v != k and (shown - k) * (v - k) <= 0 for k in limits):
                break
        v = shown
        if digits is None:
            return f"{v:{sep}.{d}f}".rstrip("0").rstrip(".")
    if digits is not None:
        return f"{v:{sep}.{digits}f}"
    if v.is_integer():
        return f"{v:{sep}.0f}"
    return f"{v:{sep}.2f}".rstrip("0").rstrip(".")


#: A money unit: an ISO 4217 code and a scale ("USD million"), written before the number.
_MONEY_UNIT = re.compile(r"^([A-Z]{3}) (thousand|million|billion)$")


def fmt_amount(x: Any, unit: str) -> str:
    """A number with its unit, as prose writes it: ``94%``, ``510 t``, ``USD 300 million``
    (money: the currency code first), ``2044`` (a calendar year needs no unit)."""
    money = _MONEY_UNIT.match(unit)
    if money:
        return f"{money[1]} {fmt(x)} {money[2]}"
    if unit == "per cent":
        return f"{fmt(x)}%"
    if unit == "year":
        return fmt(x, unit=unit)
    return f"{fmt(x, unit=unit)} {unit}".rstrip()


# --------------------------------------------------------------------------------------------
# "About N": the precision a number is written in
# --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def precision(written: str | float | int) -> float:
    """The unit of the last significant digit of a number as written.

    ``"46"`` → 1, ``"8.2"`` → 0.1, ``"8.20"`` → 0.01, ``"3,000"`` / ``"3000"`` → 1,000,
    ``"510"`` → 10, ``"2044"`` → 1, ``"0"`` → 1.  Trailing zeros of a whole number are read as not
    significant (a round figure); give ``precision:`` in the claims file where that is wrong.

    Raises
    ------
    ValueError
        *written* is not a plain decimal number.
    """
    text = str(written).strip()
    if not _NUMBER.match(text):
        raise ValueError(f"{written!r} is not a plain decimal number (e.g. 46, 8.2, 3,000)")
    text = text.lstrip("+-").replace(",", "")
    if "." in text:
        return float(Decimal(1).scaleb(-len(text.split(".")[1])))
    digits = text.lstrip("0")
    if not digits:
        return 1.0
    return float(10 ** (len(digits) - len(digits.rstrip("0"))))


def written_interval(written: str | float | int, step: float | None = None) -> Interval:
    """The values that round to *written* at its precision: ``[x - p/2, x + p/2)``.

    The same rule reads the article's "about 3,000" and a report's "about 4000" (and a report's
    plain round figure): 2,500 to under 3,500 and 3,500 to under 4,500, which do not overlap.
    """
    try:
        x = float(Decimal(str(written).strip().replace(",", "")))
    except InvalidOperation as exc:
        raise ValueError(f"{written!r} is not a number") from exc
    p = precision(written) if step is None else float(step)
    return Interval(x - p / 2, x + p / 2, lo_open=False, hi_open=True)


#: How a report qualifies its number (the ledgers' ``qualifier`` column).  Empty: the plain
#: figure; "about": the same reading; "up to": a stated maximum (a missile's range, a
#: capacity), read as that figure; "more than" / "at least": an open-ended bound.
QUALIFIERS = ("", "about", "more than", "at least", "up to")
#: Comparators that read the claim's own figure exactly ("equals 9", "range 2016–2017"): plain
#: reports of the same quantity are then read exactly too.
EXACT_COMPARATORS = ("equals", "range")


def report_interval(written: str | float, qualifier: str = "", *, exact: bool = False) -> Interval:
    """The values a report allows, read by the rule a claim's figure is read by.

    ``more than 400`` → (400, ∞); ``at least 400`` → [400, ∞); a plain, ``about`` or ``up to``
    figure → the values that round to it at its written precision (:func:`written_interval`),
    as ``about`` reads it in a claim; with *exact* (the quantity is read exactly: the claim's
    comparator is in :data:`EXACT_COMPARATORS`, or the figure is a whole-number count) a plain
    or ``up to`` figure is the figure itself, as ``equals`` reads it in a claim.  "About" is
    never exact.
    """
    v = float(str(written).replace(",", ""))
    if qualifier == "more than":
        return Interval(v, INF, lo_open=True)
    if qualifier == "at least":
        return Interval(v, INF)
    if qualifier not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {qualifier!r}; expected one of {list(QUALIFIERS)}")
    return Interval.point(v) if exact and qualifier != "about" else written_interval(written)


def claim_interval(comparator: str, quantity: float | Sequence[float], *, written: str = "",
                   tolerance: float | None = None, step: float | None = None) -> Interval:
    """The values that make "<comparator> <quantity>" true.

    ``about`` uses the written precision of *written* (or *step*, or ± *tolerance* when given);
    ``equals`` is exact unless a *tolerance* is given; ``range`` is ``[a, b]``.

    Raises
    ------
    ValueError
        ``list-contains`` (no numeric interval) or an unknown comparator.
    """
    t = float(tolerance or 0.0)
    if comparator == "range":
        a, b = quantity  # type: ignore[misc]
        return Interval(float(a) - t, float(b) + t)
    x = float(quantity)  # type: ignore[arg-type]
    if comparator == "at-least":
        return Interval(x - t, INF)
    if comparator == "over":
        return Interval(x - t, INF, lo_open=not t)
    if comparator == "at-most":
        return Interval(-INF, x + t)
    if comparator == "under":
        return Interval(-INF, x + t, hi_open=not t)
    if comparator == "equals":
        return Interval(x - t, x + t)
    if comparator == "about":
        if tolerance is not None:
            return Interval(x - t, x + t)
        return written_interval(written or repr(x), step)
    raise ValueError(f"comparator {comparator!r} has no numeric interval; expected one of "
                     f"{[c for c in COMPARATORS if c != 'list-contains']}")


# --------------------------------------------------------------------------------------------
# Decisions
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Decision:
    """A verdict and the rule that gave it: ``code`` names the rule, ``detail`` its numbers."""

    verdict: str
    code: str
    detail: dict[str, Any] = field(default_factory=dict)
    caps: tuple[str, ...] = ()

    def capped(self, code: str, to: str = "supported-with-caveat") -> "Decision":
        """This decision with a support verdict capped at *to* (a caveat) for reason *code*."""
        if SUPPORT[self.verdict] > SUPPORT[to]:
            return Decision(to, self.code, self.detail, self.caps + (code,))
        return self


def decide_bound(region: Interval, value: float | None, low: float | None,
                 high: float | None) -> Decision:
    """A point and a **mathematical** range on the true value (exhaustive data or arithmetic).

    Nothing computed → not-checkable; low > high → not-supported (inconsistent); the whole range
    in the claim → supported; the point in it → caveat; the range overlapping it → not-supported;
    otherwise contradicted.  For "at least X": low ≥ X supported; point ≥ X > low caveat;
    point < X ≤ high not-supported; high < X contradicted.
    """
    if value is None and low is None and high is None:
        return Decision("not-checkable", "nothing-computed")
    lo = -INF if low is None else float(low)
    hi = INF if high is None else float(high)
    d = {"low": lo, "high": hi, "value": value}
    if lo > hi:
        return Decision("not-supported", "bounds-inconsistent", d)
    span = Interval(lo, hi)
    if span.within(region):
        return Decision("supported", "range-inside", d)
    if value is not None and region.contains(float(value)):
        return Decision("supported-with-caveat", "point-inside", d)
    if span.intersects(region):
        return Decision("not-supported", "range-overlaps", d)
    return Decision("contradicted", "range-outside", d)


def decide_figure(region: Interval, low: float, high: float) -> Decision:
    """A SIPRI figure's **mathematical** bounds on the true value, on one release: every value
    within them is possible, so only where the claim lies against the whole range decides.

    The whole range in the claim → supported; the whole range outside it → contradicted (SIPRI's
    data are exhaustive for their own scope); the range straddling the claim's edge →
    inconclusive, wherever a point estimate lies (the rounded figures allow both).  ``detail``
    holds the range and ``distance``: how far the range lies from the claim (0 where they meet),
    ``side`` (``below``/``above``/``inside``/``across``) and ``inside``/``outside``: how far the
    range reaches into and out of the claim where it straddles.
    """
    lo, hi = float(low), float(high)
    span = Interval(min(lo, hi), max(lo, hi))
    d: dict[str, Any] = {"low": lo, "high": hi}
    if span.within(region):
        return Decision("supported", "range-inside", {**d, "side": "inside", "distance": 0.0})
    if not span.intersects(region):
        below = span.hi <= region.lo
        gap = region.lo - span.hi if below else span.lo - region.hi
        return Decision("contradicted", "range-outside",
                        {**d, "side": "below" if below else "above", "distance": gap})
    # straddles: the part of the range on each side of the claim's edge(s)
    inside = min(span.hi, region.hi) - max(span.lo, region.lo)
    outside = max(region.lo - span.lo, 0.0) + max(span.hi - region.hi, 0.0)
    return Decision("inconclusive", "range-straddles",
                    {**d, "side": "across", "distance": 0.0, "inside": inside,
                     "outside": outside})


def decide_lower_bound(region: Interval, total: float | None, exhaustive: bool) -> Decision:
    """A sum or count over ledger rows: the true value is at least *total*; exactly *total* only
    if the ledger is *exhaustive*.  A non-exhaustive sum can support an "at least" claim (or a
    claim it lies inside from below) but never contradict one: a row the search missed could
    always add to it."""
    if total is None:
        return Decision("not-checkable", "nothing-computed")
    hi = float(total) if exhaustive else INF
    d = {"low": float(total), "high": hi, "value": float(total), "exhaustive": exhaustive}
    span = Interval(float(total), hi)
    if span.within(region):
        return Decision("supported", "sum-inside" if not exhaustive else "range-inside", d)
    if span.intersects(region):
        return Decision("not-supported", "sum-below" if not exhaustive else "range-overlaps", d)
    if exhaustive:
        return Decision("contradicted", "range-outside", d)
    # a lower bound above an "at most" claim: rows that say more than the claim allows; only
    # decisive rows could refute it, and a sum of searched reports is not decisive
    return Decision("not-supported", "sum-above-not-decisive", d)


@dataclass(frozen=True)
class Report:
    """One report's reading, for :func:`decide_reports`: the values it allows, whether it could
    refute a claim on its own (an official figure or denial, an exhaustive source), and whether
    it is in conflict with arithmetic (its figure exceeds a conditional bound on its own units:
    principle 8)."""

    interval: Interval
    decisive: bool = False
    label: str = ""
    conflicts: bool = False


def report_class(region: Interval, r: Report) -> str:
    """``confirms`` (every value the report allows satisfies the claim), ``excludes`` (none
    does) or ``compatible`` (some do: "more than 400" for a claim of "over 510")."""
    if r.interval.within(region):
        return "confirms"
    return "compatible" if r.interval.intersects(region) else "excludes"


def decide_reports(region: Interval, reports: Sequence[Report]) -> Decision:
    """Separate reports of one fact, each the interval of values it allows.

    No reports → not-checkable.  Some report confirms the claim and none excludes it →
    supported (capped at a caveat when every confirming report is in conflict with arithmetic);
    some confirm and some exclude → caveat; none confirms → contradicted if a *decisive* report
    (an official figure or denial, an exhaustive source, not in conflict with arithmetic)
    excludes it, else not-supported: a report found by a search that disagrees can itself be
    wrong, and one that is merely compatible ("more than 400" against "over 510") confirms
    nothing.  ``detail`` counts the reports that confirm, exclude and are compatible, the
    decisive ones among those that exclude (``decisive``) and the confirming ones in conflict
    with arithmetic (``conflicting``).
    """
    if not reports:
        return Decision("not-checkable", "no-reports")
    classes = [report_class(region, r) for r in reports]
    decisive = [r for r, c in zip(reports, classes)
                if c == "excludes" and r.decisive and not r.conflicts]
    conflicting = [r for r, c in zip(reports, classes) if c == "confirms" and r.conflicts]
    d = {"confirm": classes.count("confirms"), "exclude": classes.count("excludes"),
         "compatible": classes.count("compatible"), "reports": len(reports),
         "decisive": len(decisive), "conflicting": len(conflicting)}
    if d["confirm"] and not d["exclude"]:
        decision = Decision("supported", "reports-confirm", d)
        return decision.capped("capacity-conflict") if len(conflicting) == d["confirm"] \
            else decision
    if d["confirm"]:
        return Decision("supported-with-caveat", "reports-disagree", d)
    if decisive:
        return Decision("contradicted", "decisive-report-excludes", d)
    if d["compatible"]:
        return Decision("not-supported", "reports-compatible-only", d)
    below = any(r.interval.below(region) for r in reports)
    above = any(region.below(r.interval) for r in reports)
    return Decision("not-supported", "reports-both-sides" if below and above else
                    "reports-exclude-not-decisive", d)


def decide_list(n_items: int, n_matched: int, n_found: int) -> Decision:
    """"The list includes these *n_items*": *n_matched* found under their own name, *n_found* at
    all (own name or a related one, a judgement).  All matched → supported; all found, some
    only as related → caveat; some missing → not-supported; none → contradicted (the list comes
    from exhaustive data: SIPRI's register for major arms)."""
    d = {"items": n_items, "matched": n_matched, "found": n_found}
    if n_items == 0:
        return Decision("not-checkable", "no-items", d)
    if n_matched == n_items:
        return Decision("supported", "all-items-matched", d)
    if n_found == n_items:
        return Decision("supported-with-caveat", "some-items-related", d)
    if n_found > 0:
        return Decision("not-supported", "some-items-missing", d)
    return Decision("contradicted", "no-item-present", d)


def stronger(a: str, b: str) -> bool:
    """True if verdict *a* speaks more definitely (in either direction) than *b*."""
    return max(SUPPORT[a], REFUTATION[a]) > max(SUPPORT[b], REFUTATION[b])
