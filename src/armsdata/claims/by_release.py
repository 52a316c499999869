"""One verdict per SIPRI release: a SIPRI figure's estimates grouped by release, each release's
bounds intersected, the release of record chosen, the others shown as revisions.

SIPRI revises its whole database every spring (:mod:`armsdata.releases`).  A text's figure is
right or wrong on the release its author could have used; a later release that differs has
revised it, which is not the author's error.  So:

1. **Within one release, every printed figure bounds the same true value**: the bounds of every
   edition and basis of that release (TIV cells and totals, the register's split bounded by the
   printed yearly totals, SIPRI's per-year values) are valid at once, so the release's range is
   their **intersection**.  The estimate whose bound is the tightest on each side is named
   (``low_from``, ``high_from``).  Where the bounds do not meet (the release's own files
   disagree), the release's range is their hull, and it says so.
2. **A point never decides**: points are quotients of rounded figures or an even split's
   estimate; the verdict on a release is :func:`armsdata.claims.rules.decide_figure` of its range
   alone.  The point shown is the best one that lies within the range (SIPRI's per-year values,
   then the printed total, the printed rows, the even split).
3. **The release of record** is the release in force at the text's date
   (:func:`armsdata.releases.in_force`).  Without a date, the newest release that answers, and
   the result says the date is unknown.  Where the release of record cannot answer (not shipped,
   or its files cannot give this figure), the nearest later release that answers speaks for it:
   agreeing, it supports the claim only with a caveat; excluding it, the verdict is
   ``differs-on-later-release``, never "contradicted".
4. **Never pooled**: every other release that answers is a revision row with its own range and
   the verdict it would give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable, Literal, Sequence

from armsdata.claims.rules import Decision, Interval, decide_figure

#: How the release that decided a verdict was chosen.
Mode = Literal["date", "no-date", "later", "earlier", "edition"]
#: Tolerance when intersecting bounds computed along different paths (float round-off).
SLACK = 1e-9

#: Preference among points that lie within a release's range: SIPRI's own per-year values
#: first (no split assumed), then the printed total, the printed rows, the even split.
POINT_ORDER = ("per-year", "total", "rows", "register")


@dataclass(frozen=True)
class Record:
    """The release a text is judged on: the one in force at its *date* (None: date unknown).

    ``source`` says where the date came from (``the claims file``, ``the claim's source``,
    ``--date``); ``editions`` restricts the run to given editions (``--edition``)."""

    date: dt.date | None = None
    source: str = ""
    release: int | None = None
    edition_override: bool = False
    #: The release in force at the end of the text's month or year, where SIPRI published one
    #: within it (the text could have used either); None otherwise.
    span_release: int | None = None


@dataclass
class ReleaseRange:
    """Everything one release says about a figure."""

    release: int
    low: float
    high: float
    value: float | None
    point_from: str
    low_from: str
    high_from: str
    consistent: bool
    estimates: list[dict[str, Any]]
    decision: Decision = field(default_factory=lambda: Decision("not-checkable", "nothing"))

    @property
    def editions(self) -> list[str]:
        return list(dict.fromkeys(str(e.get("edition")) for e in self.estimates))

    @property
    def bases(self) -> list[str]:
        return list(dict.fromkeys(_kind(e) for e in self.estimates))

    def as_row(self) -> dict[str, Any]:
        """The release as a revision row (JSON-ready but for floats such as inf)."""
        return {"release": self.release, "editions": self.editions, "bases": self.bases,
                "value": self.value, "low": self.low, "high": self.high,
                "low_from": self.low_from, "high_from": self.high_from,
                "point_from": self.point_from, "consistent": self.consistent,
                "verdict": self.decision.verdict, "code": self.decision.code,
                "distance": self.decision.detail.get("distance"),
                "side": self.decision.detail.get("side")}


def _kind(e: dict[str, Any]) -> str:
    """The basis an estimate stands for: ``per-year`` for the register basis on SIPRI's per-year
    values, else its basis."""
    basis = str(e.get("basis"))
    if basis == "register" and "per-delivery-year" in str(e.get("assumption", "")):
        return "per-year"
    return basis


def label(e: dict[str, Any]) -> str:
    """``edition 2022-04-22, basis total``: where an estimate comes from."""
    return f"edition {e.get('edition')}, basis {_kind(e)}"


def release_range(region: Interval, release: int, ests: Sequence[dict[str, Any]]) -> ReleaseRange:
    """One release's range (the intersection of its estimates' bounds) and its verdict."""
    lows = [(float(e["low"]), i) for i, e in enumerate(ests)]
    highs = [(float(e["high"]), i) for i, e in enumerate(ests)]
    lo, i_lo = max(lows, key=lambda t: (t[0], -t[1]))
    hi, i_hi = min(highs, key=lambda t: (t[0], t[1]))
    consistent = lo <= hi + SLACK * max(1.0, abs(hi))
    if consistent and lo > hi:  # meeting within round-off: one value
        lo = hi = (lo + hi) / 2
    elif not consistent:  # the release's own files disagree: no intersection; keep every value they allow
        lo, i_lo = min(lows, key=lambda t: (t[0], t[1]))
        hi, i_hi = max(highs, key=lambda t: (t[0], -t[1]))
    value, point_from = None, ""
    for kind in POINT_ORDER:
        for e in ests:
            v = e.get("value")
            if (_kind(e) == kind and v is not None and e.get("feasible", True)
                    and lo - SLACK * max(1.0, abs(lo)) <= float(v) <= hi + SLACK * max(1.0, abs(hi))):
                value, point_from = float(v), label(e)
                break
        if value is not None:
            break
    rr = ReleaseRange(release, lo, hi, value, point_from, label(ests[i_lo]), label(ests[i_hi]),
                      consistent, list(ests))
    rr.decision = decide_figure(region, lo, hi)
    return rr


def by_release(region: Interval, ests: Iterable[dict[str, Any]]) -> dict[int, ReleaseRange]:
    """Every release's range, newest first; estimates without a release are left out."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for e in ests:
        if e.get("release") is not None:
            groups.setdefault(int(e["release"]), []).append(e)
    return {r: release_range(region, r, groups[r]) for r in sorted(groups, reverse=True)}


def choose(ranges: dict[int, ReleaseRange], record: Record) -> tuple[ReleaseRange, Mode]:
    """The release whose range decides the verdict, and how it was chosen.

    ``edition``: the run was restricted to given editions: their newest release.  ``date``: the
    release in force at the text's date answers.  ``no-date``: no date; the newest release that
    answers.  ``later`` / ``earlier``: the release of record cannot answer; the nearest later
    one (else the nearest earlier one) speaks for it.

    Raises
    ------
    ValueError
        *ranges* is empty (the caller says not-checkable before).
    """
    year, mode = choose_release(list(ranges), record)
    return ranges[year], mode


def choose_release(years: Sequence[int], record: Record) -> tuple[int, Mode]:
    """:func:`choose` on release years alone (for findings that are not ranges: deal lists)."""
    if not years:
        raise ValueError("no release answers")
    newest = max(years)
    if record.edition_override:
        return newest, "edition"
    if record.release is None:
        return newest, "no-date"
    if record.release in years:
        return record.release, "date"
    later = [y for y in years if y > record.release]
    if later:
        return min(later), "later"
    return max(y for y in years if y < record.release), "earlier"


def verdict(chosen: ReleaseRange, mode: Mode,
            ranges: dict[int, ReleaseRange] | None = None) -> Decision:
    """The claim's verdict from the chosen release's own verdict and how it was chosen (with
    :func:`earlier_allows` where the text's date is unknown)."""
    return earlier_allows(adjust_for_mode(chosen.decision, mode), mode, chosen.release,
                          {r.release: r.decision.verdict for r in (ranges or {}).values()})


def earlier_allows(d: Decision, mode: str, release: int, verdicts: dict[int, str]) -> Decision:
    """Without the text's date the newest release judges; but where it excludes the claim and
    an earlier release (*verdicts*: each release's own verdict) does not, the author may have
    used that one: SIPRI's revision is not the author's error, so the verdict is
    ``differs-on-later-release``, not ``contradicted``."""
    if mode != "no-date" or d.verdict != "contradicted":
        return d
    allow = sorted(y for y, v in verdicts.items() if y < release and v != "contradicted")
    if not allow:
        return d
    supporting = [y for y in allow if verdicts[y] in ("supported", "supported-with-caveat")]
    return Decision("differs-on-later-release", "no-date-earlier-release-allows",
                    {**d.detail, "allowing": allow, "supporting": supporting})


def adjust_for_mode(d: Decision, mode: str) -> Decision:
    """A release other than the text's own can support only with a caveat and can never
    contradict."""
    if mode in ("later", "earlier"):
        if d.verdict == "contradicted":
            return Decision("differs-on-later-release" if mode == "later" else "not-supported",
                            f"{mode}-release-excludes", d.detail)
        if d.verdict == "supported":
            return d.capped(f"{mode}-release")
    return d


__all__ = ["Mode", "POINT_ORDER", "Record", "ReleaseRange", "adjust_for_mode", "by_release",
           "earlier_allows",
           "choose", "choose_release", "label", "release_range", "verdict"]
