"""Prose from numbers: a finding's full explanation and its one-sentence reason.

Every sentence here is written from a :class:`~armsdata.claims.model.Finding` (the numbers an
evaluator computed) and the claim; nothing is typed by hand for a particular claim.
:func:`reason` is the line a reviewer reads in the report's table (at most about 30 words, no
bases listed); :func:`explanation` is the whole story behind the disclosure control.
"""

from __future__ import annotations

import math
import re
from typing import Any

from armsdata.claims.model import Finding
from armsdata.claims.rules import Decision, Interval, claim_interval, fmt, fmt_amount
from armsdata.claims.schema import Claim

#: What each rule says, as a clause after "so": keyed by :attr:`Decision.code`.
RULES = {
    "range-inside": "the whole range satisfies the claim",
    "span-releases-disagree": "the text's month or year holds a SIPRI release date, and the "
                              "releases in force at its start and at its end disagree on it",
    "range-straddles": "the range straddles the claim's edge: the figures allow both, wherever a "
                       "point estimate lies",
    "later-release-excludes": "a later release excludes it, but the release of the text's time "
                              "is not available, and SIPRI may have revised the figure since",
    "earlier-release-excludes": "an earlier release excludes it, but the release of the text's "
                                "time is not available",
    "no-date-earlier-release-allows": "the newest release excludes it, but the text's date is "
                                      "unknown and an earlier release allows it: the author may "
                                      "have used that one, and SIPRI may have revised the figure "
                                      "since",
    "point-inside": "the point satisfies the claim but not the whole range",
    "range-overlaps": "the claim is possible within the range but not confirmed by it",
    "range-outside": "the whole range lies outside the claim",
    "bounds-inconsistent": "the lower bound exceeds the upper bound, so the evidence is inconsistent",
    "nothing-computed": "nothing was computed",
    "no-edition-answers": "no edition can answer it",
    "sum-inside": "the sum found already satisfies the claim",
    "sum-below": "the claim is not confirmed; a search that did not find more is not evidence "
                 "that there is no more",
    "sum-above-not-decisive": "the reports found exceed the claim, but they were gathered by a "
                              "search, not from a complete register, so this is not a refutation",
    "no-rows": "no row of the ledger bears on it",
    "reports-confirm": "the reports confirm it and none disagrees",
    "reports-disagree": "some reports confirm it and others disagree",
    "decisive-report-excludes": "an official or exhaustive source excludes it",
    "reports-compatible-only": "the reports allow it but none confirms it",
    "reports-both-sides": "the reports lie on both sides of it, and none is official",
    "reports-exclude-not-decisive": "no report confirms it, and the ones that disagree are not "
                                    "official or exhaustive, so this is not a refutation",
    "no-reports": "no report of it is in the evidence",
    "all-items-matched": "every item is found under its own SIPRI description",
    "some-items-related": "every item is found, some only under a related description",
    "some-items-missing": "some items are missing",
    "no-item-present": "none of the items is present",
    "no-items": "the claim lists no items",
    "no-matching-delivery": "the register lists no delivery of a matching deal",
}
CAPS = {
    "proxy": "capped at a caveat because the data measure a proxy",
    "sipri-uncertain": "capped at a caveat because SIPRI marks the values as uncertain",
    "conditional-bound": "capped at a caveat because a conditional bound would exclude it",
    "later-release": "capped at a caveat because only a later release answers, not the release "
                     "of the text's time",
    "earlier-release": "capped at a caveat because only an earlier release answers, not the "
                       "release of the text's time",
    "capacity-conflict": "capped at a caveat because every report that confirms it exceeds what "
                         "its own stated units could carry (a conditional bound)",
}


def rule_text(decision: Decision) -> str:
    """The rule that gave the verdict, with its caps."""
    text = RULES.get(decision.code, decision.code)
    for cap in decision.caps:
        text += "; " + CAPS.get(cap, cap)
    return text


def _apart(claim: Claim) -> tuple[float, ...]:
    """The claim's limits: a bound shown is never rounded onto one (:func:`rules.fmt`)."""
    try:
        i = claim.interval()
    except (TypeError, ValueError):
        return ()
    return (i.lo, i.hi)


def _range(f: Finding, claim: Claim) -> str:
    if f.low is None and f.high is None:
        return "nothing"
    unit, apart = claim.unit, _apart(claim)
    lo = fmt(f.low, unit=unit, bound="low", keep_apart=apart) if f.low is not None else "unbounded"
    hi = (fmt(f.high, unit=unit, bound="high", keep_apart=apart)
          if f.high is not None and not math.isinf(f.high) else "unbounded")
    return lo if lo == hi else _join(lo, hi)


def _join(lo: str, hi: str) -> str:
    """Two ends of a range: ``4.57–4.65%``, or ``-4.6 to -4.58%`` where an end is negative (a
    dash between two minus signs reads as a double minus)."""
    return f"{lo} to {hi}" if lo.startswith("-") or hi.startswith("-") else f"{lo}–{hi}"


def _unit(claim: Claim) -> str:
    return "%" if claim.unit == "per cent" else f" {claim.unit}"


#: How a comparator reads in a sentence.
WORDS = {"at-least": "at least", "over": "over", "at-most": "at most", "under": "under",
         "equals": "", "about": "about"}


def _quoted_claim(claim: Claim) -> str:
    """The claim in quotes as a sentence names it: 'at least 94%', 'about 3,000 persons'."""
    if claim.comparator == "list-contains":
        return "the list"
    u = _unit(claim)
    if claim.comparator == "range":
        a, b = claim.quantity  # type: ignore[misc]
        return f"'{fmt(a, unit=claim.unit)}–{fmt(b, unit=claim.unit)}'"
    words = WORDS.get(claim.comparator, claim.comparator)
    figure = (fmt_amount(claim.quantity, claim.unit) if claim.check.startswith("ledger")
              or claim.check in ("physical-bound", "cited-fact")
              else f"{fmt(claim.quantity, unit=claim.unit)}{u}")
    return f"'{(words + ' ') if words else ''}{figure}'"


def _short(text: str, words: int) -> str:
    w = text.split()
    return text if len(w) <= words else " ".join(w[:words]) + " …"


# --------------------------------------------------------------------------------------------
# One sentence
# --------------------------------------------------------------------------------------------

def reason(claim: Claim, f: Finding) -> str:
    """One sentence (about 30 words at most) saying why the verdict is what it is."""
    d = f.decision
    u = _unit(claim)
    if d.verdict == "not-checkable":
        if f.problems:
            # a release that covers the window but cannot answer says more than one that does
            # not cover it; the newest such (listed last) first
            said = [p for p in f.problems if not re.search(r": covers \S+ only$", p)]
            return _short(f"Not checkable: {(said or f.problems[:1])[-1]}", 28)
        return f"Not checkable: {RULES.get(d.code, d.code)}."
    kind = f.range_kind
    if f.check.startswith("sipri-") and kind == "bound" and f.check != "sipri-deal-list":
        what = "ranks" if f.check == "sipri-rank" else "figures"
        where = distance(claim, d)
        text = (f"On SIPRI's {f.release} release ({_mode_words(f, short=True)}) the {what} allow "
                f"{_range(f, claim)}{u if f.check != 'sipri-rank' else ''}"
                + (f", {where}" if where else "")
                + f": {_quoted_claim(claim)} {_verdict_clause(d)}")
        earlier = _earlier_support(f)
        if earlier and d.verdict == "contradicted":
            text += f"; the earlier {earlier} release allows it: the text may quote that one"
        return _short(text + ".", 44)
    if kind == "sum-of-reports":
        total = fmt_amount(f.value, claim.unit)
        fa = f.facts
        where = " in the window" if fa.get("date_column") else ""
        outside = fa.get("outside_total", 0.0)
        tail = (f" ({fmt_amount(outside, claim.unit)} more fall outside the window)"
                if outside else "")
        how = "a complete register" if fa.get("coverage") == "exhaustive" else \
            f"{fa.get('coverage', 'searched')} reports"
        return _short(f"The {fa.get('ledger')} ledger ({how}) sums to {total}{where}{tail}, "
                      f"so {_quoted_claim(claim)} {_verdict_clause(d)}.", 34)
    if kind == "reported-range":
        return _short(_reports_reason(claim, f) + ".", 34)
    if kind == "count" and "found_by" in f.facts:
        fb = f.facts["found_by"]
        related = [f"{k} ({', '.join(v[2])})" for k, v in fb.items() if v and v[0] == "related"]
        missing = [k for k, v in fb.items() if not v]
        text = f"{d.detail.get('matched', 0)} of {d.detail.get('items', 0)} types found under their own SIPRI description"
        if related:
            text += f"; only related: {', '.join(related)}"
        if missing:
            text += f"; missing: {', '.join(missing)}"
        return _short(text + ".", 32)
    if kind == "count":
        return _short(f"{fmt(f.value)} counted in the window in a {f.facts.get('coverage', 'searched')} "
                      f"ledger, so {_quoted_claim(claim)} {_verdict_clause(d)}.", 30)
    if f.check == "sipri-deal-list":
        years = f.facts.get("years", [])
        text = (f"SIPRI's register dates the {f.facts.get('pattern')} deliveries "
                f"{', '.join(map(str, years)) or 'nowhere'}")
        if "proxy" in d.caps:
            text += f"; the data are a proxy ({_short(claim.evidence.get('proxy', ''), 12)})"
        if "sipri-uncertain" in d.caps:
            text += "; SIPRI marks them uncertain"
        return _short(text + ".", 32)
    return _short(f"{rule_text(d).capitalize()}.", 30)


def _reports_reason(claim: Claim, f: Finding) -> str:
    """Separate reports: what they give, how many confirm and disagree (and whether any that
    disagrees is official), and what arithmetic says of them."""
    d = f.decision
    told = [w for *_, w in f.facts.get("stated", [])] + [
        r["whole"] for r in f.facts.get("reported", [])]
    partial = " (lower bounds: parts of the window)" if told and not all(told) else ""
    n, agree = d.detail.get("reports", 0), d.detail.get("confirm", 0)
    span = _range(f, claim)
    span = fmt_amount(f.low, claim.unit) if "–" not in span and " to " not in span else \
        fmt_amount(0, claim.unit).replace("0", span, 1)
    text = (f"Reports give {span}{partial}; {agree} of {n} "
            f"confirm{'s' if agree == 1 else ''} {_quoted_claim(claim)}")
    excluded, official = d.detail.get("exclude", 0), d.detail.get("decisive", 0)
    if excluded and d.verdict != "contradicted":
        text += (f", {excluded} disagree{'s' if excluded == 1 else ''} "
                 f"({f'{official} official' if official else 'none official'})")
    for c in f.conditional:
        if c.get("conflict"):
            r = c["report"]
            text += (f"; {r['by'].split(' (')[0]}'s {fmt_amount(r['value'], claim.unit)} exceeds "
                     f"its {c['units']} {f.facts.get('units', 'units')}' capacity "
                     f"({fmt_amount(c['bound'], claim.unit)})")
    cond = next((c for c in f.conditional if c.get("scope") == "window"), None)
    if cond is not None and not f.assumptions[0].confirmed:
        text += (f"; a {fmt_amount(cond['bound'], claim.unit)} bound needs unconfirmed "
                 "assumptions")
    return text


def _earlier_support(f: Finding) -> str:
    """The releases before the one that decided whose own range allows the claim (``"2021"``,
    ``"2021 and 2022"``): a text that quotes an older release's figure is not wrong for it."""
    years = sorted(r["release"] for r in f.releases or ()
                   if f.release is not None and r["release"] < f.release
                   and r.get("verdict") in ("supported", "supported-with-caveat"))
    return " and ".join(str(y) for y in years)


def _verdict_clause(d: Decision) -> str:
    if d.code == "no-date-earlier-release-allows":
        support = [str(r) for r in d.detail.get("supporting", ())]
        allowing = support or [str(r) for r in d.detail.get("allowing", ())]
        many = len(allowing) > 1
        does = (f"allow{'' if many else 's'} it" if support else
                f"do{'' if many else 'es'} not exclude it")
        return (f"is excluded there, but the {' and '.join(allowing)} release{'s' if many else ''} "
                f"{does}: perhaps SIPRI's revision")
    return {
        "supported": "holds",
        "supported-with-caveat": "holds only with a caveat",
        "inconclusive": "is neither confirmed nor excluded",
        "not-supported": "is not confirmed",
        "differs-on-later-release": "is excluded there: perhaps SIPRI's revision",
        "contradicted": "is excluded",
        "not-checkable": "cannot be checked",
    }[d.verdict]


#: How far apart, in words, per claim unit: "percentage points" for shares and changes.
DISTANCE_UNITS = {"per cent": "percentage points", "rank": "places"}


def distance(claim: Claim, d: Decision) -> str:
    """How far the evidence lies from the claim: ``"0.13 percentage points below it"``, or, for
    a range across the claim's edge, how far it reaches on each side; empty when inside."""
    side = d.detail.get("side")
    unit = DISTANCE_UNITS.get(claim.unit, claim.unit)

    def amount(x: float) -> str:  # a small distance keeps two significant digits, never "0"
        return f"{x:.2g}" if x and abs(x) < 0.05 else fmt(x, unit=claim.unit)

    def units(text: str) -> str:  # "1 percentage point", "1 place"
        return unit[:-1] if text == "1" and unit.endswith("s") else unit
    if side in ("below", "above"):
        gap = amount(d.detail["distance"])
        return f"{gap} {units(gap)} {side} it"
    if side == "across" and claim.unit != "rank":  # ranks 4-5 against 4: the range says it
        inside = amount(d.detail["inside"])
        return f"{inside} {units(inside)} inside it, {amount(d.detail['outside'])} outside"
    return ""


def _mode_words(f: Finding, short: bool = False) -> str:
    """How the release that decided was chosen, in a few words (*short*: fewer)."""
    rec = f.record
    date = rec.date.isoformat() if rec is not None and rec.date is not None else ""
    return mode_words(f.mode, date, rec.release if rec is not None else None, short=short)


def mode_words(mode: str, date: str = "", in_force: int | None = None,
               short: bool = False) -> str:
    """How the release that judges a claim was chosen (:data:`~armsdata.claims.by_release.Mode`),
    in words: *date* is the text's date (ISO, ``""`` unknown), *in_force* the release in force
    then (its year); *short*: fewer words."""
    rel = in_force if in_force is not None else "?"
    if short:
        return {"date": f"in force on {date}", "no-date": "the newest; date unknown",
                "later": f"no {rel}-release edition here gives it",
                "earlier": f"no {rel}-release edition here gives it",
                "edition": "as asked"}.get(mode, mode)
    return {
        "date": f"in force on {date}, the text's date",
        "no-date": "the newest that answers; the text's date is unknown",
        "later": f"the text's date {date} falls in the {rel} release, of which no edition "
                 "here gives this figure (SIPRI may have published it); the nearest later one",
        "earlier": f"the text's date {date} falls in the {rel} release, of which no edition "
                   "here gives this figure (SIPRI may have published it); the nearest earlier one",
        "edition": "the edition asked for",
    }.get(mode, mode)


def release_rows_text(claim: Claim, f: Finding) -> list[str]:
    """One sentence per release: its range, where the tightest bounds came from, its verdict."""
    u = _unit(claim) if claim.unit != "rank" else ""
    out = []
    for r in sorted(f.releases, key=lambda r: (r["release"] != f.release, -r["release"])):
        role = "decides" if r["release"] == f.release else "revision"
        rng = (fmt(r["low"], unit=claim.unit) if r["low"] == r["high"] else
               _join(fmt(r["low"], unit=claim.unit, bound="low", keep_apart=_apart(claim)),
                     fmt(r["high"], unit=claim.unit, bound="high", keep_apart=_apart(claim))))
        tight = (f"lower bound from {r['low_from']}, upper from {r['high_from']}"
                 if r["low_from"] != r["high_from"] else f"both bounds from {r['low_from']}")
        point = (f"; point {fmt(r['value'], unit=claim.unit)}{u} ({r['point_from']}), an estimate "
                 "that decides nothing" if r["value"] is not None else "")
        clash = ("; its editions' bounds do not meet, so the range is their hull"
                 if not r["consistent"] else "")
        out.append(f"The {r['release']} release ({role}; editions {', '.join(r['editions'])}; "
                   f"bases {', '.join(r['bases'])}) allows {rng}{u} ({tight}{point}{clash}): "
                   f"{r['verdict']} there.")
    return out


# --------------------------------------------------------------------------------------------
# The whole explanation
# --------------------------------------------------------------------------------------------

def _last_year(claim: Claim) -> int | None:
    """The last year a SIPRI claim's windows reach (None for a claim without a window)."""
    ends = [w.end for w in (claim.window, claim.evidence.get("compare_window"))
            if w is not None and getattr(w, "end", None) is not None]
    return max(ends) if ends else None


def _estimate_text(e: dict[str, Any], unit: str, apart: tuple = ()) -> str:
    v, lo, hi = e.get("value"), e.get("low"), e.get("high")
    u = "%" if unit == "per cent" else f" {unit}"
    head = f"{fmt(v, unit=unit, keep_apart=apart)}{u}" if v is not None else "no point"
    bounds = _join(fmt(lo, unit=unit, bound="low", keep_apart=apart),
                   fmt(hi, unit=unit, bound="high", keep_apart=apart))
    text = f"{head} (bounds {bounds}) on basis {e.get('basis')}, " \
           f"edition {e.get('edition')}"
    if e.get("feasible") is False:
        text += (": a quotient of rounded figures outside the bounds that all rounding "
                 "constraints together allow (SIPRI's rounded rows and total row disagree), so no "
                 "unrounded data could give it, and it is not used as the point")
    if e.get("assumption"):
        text += f" [{e['assumption']}]"
    if e.get("coverage_note"):
        text += f" ({e['coverage_note']})"
    return text


def explanation(claim: Claim, f: Finding) -> str:
    """Everything behind the verdict, as paragraphs of plain sentences."""
    parts: list[str] = []
    if f.estimates:
        what = f.estimates[0].get("what") or claim.summary or claim.id
        window = f.estimates[0].get("window", "")
        if f.check == "sipri-change":
            window = f"{f.estimates[0].get('compare_window', '')} to {window}"
        parts.append(f"{what}, {window}: " + "; ".join(_estimate_text(e, claim.unit, _apart(claim)) for e in f.estimates)
                     + ".")
        if f.releases:
            rec = f.record
            if rec is not None and rec.date is not None:
                parts.append(f"The text's date: {rec.date.isoformat()} ({rec.source}); the SIPRI "
                             f"release in force then: {rec.release}.")
                last = _last_year(claim)
                if rec.release is not None and last is not None and last > rec.release - 1:
                    # a spring release covers deliveries to the year before it
                    parts.append(f"No SIPRI release in force then could give this figure: the "
                                 f"{rec.release} release covers deliveries to {rec.release - 1}, "
                                 f"and the claim's years run to {last}; check the text's date.")
            elif f.mode != "edition":
                parts.append("The text's date is unknown: the claim is judged on the newest "
                             "release that answers it.")
            how = _mode_words(f)
            if any(p.startswith("No SIPRI release in force then") for p in parts):
                how = how.replace(" (SIPRI may have published it)", "")
            parts.append(f"Judged on the {f.release} release: {how}. Each release's "
                         "figures bound the true value together, so its range is the intersection "
                         "of their bounds; releases are never pooled.")
            parts += release_rows_text(claim, f)
        if f.facts.get("among"):
            parts.append(f"Ranked among {f.facts['among']}; a rank range means entities tied "
                         "within rounding.")
    for rep in f.facts.get("reported", []) if f.check == "sipri-share" else []:
        parts.append(f"SIPRI's published figure as reported second-hand: {fmt(rep['value'])} "
                     f"{rep['unit']} ({rep['by']}).")
    if f.check == "ledger-sum" and "counted" in f.facts:
        parts.append(_ledger_sum_text(claim, f))
    if f.check in ("ledger-count", "cited-fact", "physical-bound", "sipri-deal-list") or (
            f.check == "ledger-sum"):
        listed = [i for i in f.items if f.check != "sipri-deal-list" or i.role != "neutral"
                  or "items" not in claim.evidence]
        if listed:
            parts.append("Evidence: " + "; ".join(f"{i.label} [{i.role}]" for i in listed) + ".")
    if f.check == "ledger-count":
        st = f.facts.get("stated", [])
        parts.append(f"Items dated one by one in the window ({f.facts.get('window')}): "
                     f"{f.facts.get('dated', 0)} (a count; the ledger's coverage is "
                     f"{f.facts.get('coverage')}, so there may be more). "
                     f"Counts stated by reports for periods within the window: "
                     + ("; ".join(f"{n} by {by} ({p}{'' if whole else ', part of the window: a lower bound for it'})"
                                  for n, by, p, whole in st) or "none") + ".")
    if f.facts.get("reprints"):
        parts.append("Counted once, as their originals: " + "; ".join(
            f"{r} (a reprint of {o})" for r, o in f.facts["reprints"].items()) + ".")
    if f.check == "sipri-deal-list" and "found_by" in f.facts:
        fb = f.facts["found_by"]
        lines = []
        for k, v in fb.items():
            if not v:
                lines.append(f"{k}: not found")
            elif v[0] == "match":
                lines.append(f"{k}: {', '.join(v[1])}")
            else:
                lines.append(f"{k}: only under the related description {', '.join(v[2])} "
                             f"({', '.join(v[1])})")
        s, e = f.facts["window"]
        parts.append(f"{f.facts['supplier']}'s deals with {f.facts['recipient']} with a delivery "
                     f"in {s}–{e}: {f.facts['deals']}. " + "; ".join(lines) + ".")
    if f.check == "physical-bound":
        parts.append(_capacity_text(claim, f))
    for a in f.assumptions:
        parts.append(f"Assumption — {a.name}: {a.value} ({'confirmed' if a.confirmed else 'not confirmed'}; "
                     f"{a.evidence}); {a.effect}.")
    for j in f.judgements:
        flip = (f" Taken the other way, the verdict would be {j.verdict_if_reversed}."
                if j.verdict_if_reversed else "")
        parts.append(f"Judgement call: {j.call} — {j.reason}.{flip}")
    if f.problems:
        parts.append("Not answered: " + "; ".join(p.rstrip(".") for p in f.problems) + ".")
    if f.coverage_note:
        parts.append(f"Coverage: {f.coverage_note}.")
    if claim.evidence.get("proxy"):
        parts.append(f"The data are a proxy: {claim.evidence['proxy']}.")
    flagged = [i for i in f.items if i.url and i.url_status != "ok"]
    if flagged:
        parts.append("Sources whose URL is not complete: " + "; ".join(
            f"{i.source} ({i.url_status})" for i in flagged) + ".")
    parts.append(f"Verdict {f.decision.verdict}: the claim needs {claim.interval().describe(claim.unit)}"
                 if claim.comparator != "list-contains" else f"Verdict {f.decision.verdict}")
    parts[-1] += f"; {rule_text(f.decision)}."
    parts.append(_rounds_to_the_number(claim, f))
    return " ".join(p for p in parts if p)


def _rounds_to_the_number(claim: Claim, f: Finding) -> str:
    """Fair to the author: where a one-sided claim ("at least 94") is not confirmed but every
    value the release allows rounds to its number as it is written, say so: the number is
    SIPRI's, the word "at least" is what the figures do not bear."""
    if not (f.check.startswith("sipri-") and f.range_kind == "bound"
            and claim.comparator in ("at-least", "over", "at-most", "under")
            and f.low is not None and f.high is not None
            and f.decision.verdict not in ("supported", "supported-with-caveat")):
        return ""
    try:
        written = claim_interval("about", claim.quantity, written=claim.written,
                                 step=claim.precision)
    except (TypeError, ValueError):
        return ""
    if not (written.contains(f.low) and written.contains(f.high)):
        return ""
    number = fmt_amount(claim.quantity, claim.unit)
    return (f"Every value the {f.release} release allows rounds to {number}, the number as "
            f"written: the figure is SIPRI's, and what the release does not bear is "
            f"'{WORDS[claim.comparator]}'.")


def _ledger_sum_text(claim: Claim, f: Finding) -> str:
    fa = f.facts
    where = f" with {fa['date_column'].replace('_', ' ')} in the window ({fa['window']})" \
        if fa.get("date_column") else ""
    text = (f"Rows of {fa['ledger']} counted{where}: {', '.join(fa['counted']) or 'none'}; "
            f"together {fmt_amount(f.value, claim.unit)}.")
    if fa.get("outside"):
        text += (f" Matching rows outside the window: {', '.join(fa['outside'])}, together "
                 f"{fmt_amount(fa['outside_total'], claim.unit)}.")
    if fa.get("aside"):
        text += f" Set aside by a judgement call: {', '.join(fa['aside'])}."
    text += (f" How the ledger was gathered ({fa['coverage']}): {fa['scope']} "
             + ("Its sum is the total." if fa["coverage"] == "exhaustive" else
                "Its sum is a lower bound: a row it lacks is not evidence that none exists."))
    return text


def _capacity_text(claim: Claim, f: Finding) -> str:
    u = _unit(claim)
    out = []
    rep = f.facts.get("reported", [])
    if rep:
        out.append("Reports of the quantity dated within the window: " + "; ".join(
            f"{(r['qualifier'] + ' ') if r['qualifier'] else ''}{fmt(r['value'])}{u} by {r['by']} "
            f"({r['period']}{'' if r['whole'] else ', part of the window: a lower bound for it'})"
            for r in rep) + ".")
    for c in f.conditional:
        if c["scope"] == "window":
            out.append(f"Capacity bound, conditional: if the {f.facts.get('units', 'units')} in the "
                       f"window were the {c['units']} reported and each carried at most "
                       f"{fmt(c['per_unit'])}{u} ({c['type']}), the window's total was at most "
                       f"{fmt(c['bound'])}{u}.")
        else:
            r = c["report"]
            text = (f"If the {c['units']} {f.facts.get('units', 'units')} {r['by']} counts for "
                    f"{r['period']} were all {c['type']} at their maximum, they carried at most "
                    f"{fmt(c['bound'])}{u}")
            if c.get("conflict"):
                text += (f", less than the {fmt(r['value'])}{u} it reports: under those "
                         "assumptions that report is in conflict with arithmetic, so it can "
                         "confirm a claim only with a caveat and refute none on its own.")
            else:
                text += f", no less than the {fmt(r['value'])}{u} it reports."
            out.append(text)
    return " ".join(out)


def claim_summary(claim: Claim) -> str:
    """The claim in a few words: its ``summary``, or its comparator, number, unit and window."""
    if claim.summary:
        return claim.summary
    window = f", {claim.window.label()}" if claim.window else ""
    if claim.comparator == "list-contains":
        return f"{claim.id}: {claim.claimed()}"
    r: Interval = claim.interval()
    return f"{claim.id}: {r.describe(claim.unit)} {claim.unit}{window}"
