"""Evaluators: one per ``check``, each turning a claim and its data into a :class:`Finding`.

Evaluators compute numbers and classify evidence; they write no sentences (that is
:mod:`armsdata.claims.explain`) and decide no verdict by hand (that is
:mod:`armsdata.claims.rules`).  They are generic in fact: what a ledger is called and which
columns hold what come from the claim's ``evidence`` mapping, never from code that knows a ledger.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Callable, Sequence

import pandas as pd

from armsdata.claims.by_release import (adjust_for_mode, by_release, choose, choose_release,
                                         earlier_allows, label)
from armsdata.claims.by_release import verdict as release_verdict
from armsdata.claims.context import Context
from armsdata.claims.model import Assumption, Finding, Item
from armsdata.claims.rules import (
    EXACT_COMPARATORS,
    INF,
    Decision,
    Interval,
    Report,
    decide_bound,
    decide_list,
    decide_lower_bound,
    decide_reports,
    fmt,
    fmt_amount,
    report_interval,
)
from armsdata.claims.schema import Claim
from armsdata.errors import (
    ClaimError,
    CoverageError,
    NoDataError,
    ParseError,
    SnapshotError,
    UnknownActorError,
    WindowError,
)

#: Errors that mean "this edition cannot answer this question" (the claim is then not
#: checkable on it, with the reason), as opposed to broken data, which stops the claim.
UNANSWERABLE = (CoverageError, WindowError, NoDataError, UnknownActorError, SnapshotError,
                ParseError, ClaimError)


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return dict(obj)
    if hasattr(obj, "as_dict"):
        return dict(obj.as_dict())
    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    return dict(vars(obj))


def _written(v: float) -> str:
    """A ledger number as a person wrote it (4000.0 → "4000"), for its precision."""
    f = float(v)
    return str(int(f)) if f.is_integer() else repr(f)


def _proxy_cap(claim: Claim, decision: Decision) -> Decision:
    return decision.capped("proxy") if claim.evidence.get("proxy") else decision


# --------------------------------------------------------------------------------------------
# SIPRI
# --------------------------------------------------------------------------------------------

def _targets(claim: Claim, ctx: Context) -> list[tuple[str, str | None]]:
    """(edition, basis or None for every basis) pairs to ask a SIPRI claim of: the editions of
    ``--edition``, or those the claim names (``bases``, ``edition``, the file's ``edition``), or
    else every edition there is."""
    ev = claim.evidence
    if ctx.override:
        return [(ref, ev.get("basis")) for ref in ctx.edition_refs()]
    if "bases" in ev:
        return [(b["edition"], b["basis"]) for b in ev["bases"]]
    ref = ev.get("edition") or claim.edition or ctx.file_edition
    if ref:
        return [(ref, ev.get("basis"))]
    return [(ref, ev.get("basis")) for ref in ctx.edition_refs()]


def _years(claim: Claim) -> tuple[int, int]:
    """The first and last year a SIPRI claim reads (its window and its compare window)."""
    ys = list(claim.window.years()) if claim.window is not None else []
    if claim.evidence.get("compare_window") is not None:
        ys += list(claim.evidence["compare_window"].years())
    return min(ys), max(ys)


def _estimates(claim: Claim, ctx: Context, figure: str,
               ask: Callable[[Any, str], Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Ask ``ask(edition, basis)`` on every target; the answers as dicts (each with its
    ``release``), and why each target that could not answer could not.

    Where a release has SIPRI's own per-year values for the claim's years, the classic
    register's even split of the same release is not computed: its bounds allow every split
    consistent with the release's printed totals, SIPRI's own among them, so they add nothing
    to the release's range but minutes of linear programs (the problems list says so)."""
    out: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    loaded = []
    for ref, basis in _targets(claim, ctx):
        try:
            ed = ctx.edition(ref)
            loaded.append((ed, basis, f"the {ed.release.year} release (edition "
                                      f"{getattr(ed, 'edition', ref)})"))
        except UNANSWERABLE as exc:
            problems.append(f"edition {ref}: {exc}")
    a, b = _years(claim)
    per_year = {ed.release.year for ed, _, _ in loaded if _per_year_covers(ed, a, b)}
    for ed, basis, name in loaded:
        release = ed.release.year
        try:
            bases = [basis] if basis else list(ctx.query("bases", ed, figure))
        except UNANSWERABLE as exc:
            problems.append(f"{name}: {str(exc).rstrip('.')}")
            continue
        if not bases:
            problems.append(f"{name} has no table that gives this figure ({figure})")
        skipped = release in per_year and not _per_year_covers(ed, a, b) and "register" in bases \
            and basis is None
        if skipped:
            bases.remove("register")
            problems.append(f"{name}, basis register: the even split is not computed; SIPRI's "
                            "own per-year values of the same release answer, and its bounds "
                            "would contain them")
        answered, refused, said = skipped, [], set()
        for b_ in bases:
            try:
                est = _as_dict(ask(ed, b_))
            except UNANSWERABLE as exc:
                # one reason once, whatever the basis (a window the edition does not cover, a
                # table it lacks)
                text = str(exc).rstrip(".")
                if text not in said:
                    said.add(text)
                    covers = getattr(getattr(ed, "coverage", None), "label", None)
                    refused.append(f"{name}: covers {covers} only"
                                   if isinstance(exc, CoverageError) and covers
                                   else f"{name}, basis {b_}: {text}")
                continue
            answered = True
            if est.get("release") is None:
                est["release"] = release
            key = (str(est.get("edition")), str(est.get("basis")))
            if key not in seen:
                seen.add(key)
                out.append(est)
        # a basis this kind of question cannot use is no news where another basis answered
        problems += [r for r in refused if not (answered and "supports the bases" in r)]
    return out, problems


def _per_year_covers(ed: Any, start: int, end: int) -> bool:
    covers = getattr(ed, "per_year_covers", None)
    return bool(covers(start, end)) if covers is not None else False


def _bound_finding(claim: Claim, check: str, ests: list[dict[str, Any]],
                   problems: list[str], ctx: Context) -> Finding:
    """The verdict line of a SIPRI figure: one range per release (its bounds intersected), the
    verdict on the release of record, every other release as a revision
    (:mod:`armsdata.claims.by_release`)."""
    region = claim.interval()
    record = ctx.record(claim)
    ranges = by_release(region, ests)
    if not ranges:
        return Finding(check, None, None, None, "none",
                       Decision("not-checkable", "no-edition-answers", {"problems": problems}),
                       problems=problems, record=record)
    chosen, mode = choose(ranges, record)
    decision = _proxy_cap(claim, release_verdict(chosen, mode, ranges))
    items = []
    for rr in ranges.values():
        for e in rr.estimates:
            span = Interval(float(e["low"]), float(e["high"]))
            role = ("supports" if span.within(region) else
                    "refutes" if not span.intersects(region) else "neutral")
            items.append(Item(label=f"{e.get('what', claim.summary)} {e.get('window', '')}".strip(),
                              source=f"SIPRI {rr.release} release, {label(e)}", role=role,
                              coverage="exhaustive"))
    notes = sorted({e.get("coverage_note", "") for e in chosen.estimates} - {""})
    return Finding(check, chosen.value, chosen.low, chosen.high, "bound", decision, items=items,
                   estimates=[e for rr in ranges.values() for e in rr.estimates],
                   editions=chosen.editions, bases=chosen.bases, problems=problems,
                   coverage_note="; ".join(notes), record=record, release=chosen.release,
                   mode=mode, releases=[{**rr.as_row(), "verdict": _proxy_cap(
                       claim, rr.decision).verdict} for rr in ranges.values()])


def _partial(claim: Claim) -> bool:
    return bool(claim.evidence.get("allow_partial", False))


def eval_sipri_share(claim: Claim, ctx: Context) -> Finding:
    """A supplier's share of a recipient's imports (recipient ``World``: of world exports)."""
    start, end = claim.window.years()  # type: ignore[union-attr]
    ev = claim.evidence
    ests, problems = _estimates(claim, ctx, "share", lambda ed, b: ctx.query(
        "supplier_share", ed, ev["recipient"], ev["supplier"], start, end, basis=b,
        allow_partial=_partial(claim)))
    f = _bound_finding(claim, "sipri-share", ests, problems, ctx)
    fact = ev.get("reported_fact")
    if fact:
        facts = ctx.ledger("facts")
        same = facts[(facts["fact"] == fact) & (facts["period"] == f"{start}-{end}")]
        f.facts["reported"] = [{"value": float(r.value), "unit": r.unit, "by": r.reported_by,
                                "url": r.source_url} for r in same.itertuples()]
        f.items += [Item(label=f"SIPRI's published figure as reported second-hand: "
                               f"{fmt(r.value)} {r.unit} for {r.period}",
                         source=f"{ctx.ledger_label('facts')}, row {r.id}", role="neutral",
                         coverage=r.coverage, url=r.source_url, url_status=r.url_status or "ok",
                         quote=r.quote, row=("facts", r.id)) for r in same.itertuples()]
    return f


def eval_sipri_import_share(claim: Claim, ctx: Context) -> Finding:
    """A recipient's (a country's or a region's) share of world imports."""
    start, end = claim.window.years()  # type: ignore[union-attr]
    ests, problems = _estimates(claim, ctx, "import-share", lambda ed, b: ctx.query(
        "import_share", ed, claim.evidence["recipient"], start, end, basis=b,
        allow_partial=_partial(claim)))
    return _bound_finding(claim, "sipri-import-share", ests, problems, ctx)


def eval_sipri_change(claim: Claim, ctx: Context) -> Finding:
    """Percent change of a flow between the claim's window and ``compare_window``."""
    window = claim.window.years()  # type: ignore[union-attr]
    ev = claim.evidence
    compare = ev["compare_window"].years()
    ests, problems = _estimates(claim, ctx, "change", lambda ed, b: ctx.query(
        "change", ed, recipient=ev.get("recipient"), supplier=ev.get("supplier"), window=window,
        compare_window=compare, basis=b, allow_partial=_partial(claim)))
    return _bound_finding(claim, "sipri-change", ests, problems, ctx)


def _among(ev: dict[str, Any]) -> str:
    supplier, recipient = ev.get("supplier"), ev.get("recipient")
    if supplier and recipient and str(recipient).casefold() != "world":
        return f"suppliers of {recipient}"
    return "world exporters" if supplier else "world importers"


def eval_sipri_rank(claim: Claim, ctx: Context) -> Finding:
    """A rank (1 = largest) with the ranks the bounds allow (ties within rounding)."""
    start, end = claim.window.years()  # type: ignore[union-attr]
    ev = dict(claim.evidence)
    among = _among(ev)
    if "among" in ev and " ".join(str(ev["among"]).casefold().split()) != among.casefold():
        raise ClaimError(f"{claim.where()}: evidence.among is {ev['among']!r}, but supplier/"
                         f"recipient rank it among {among!r}; fix one or the other.")

    def ask(ed: Any, b: str) -> dict[str, Any]:
        r = _as_dict(ctx.query("rank", ed, supplier=ev.get("supplier"),
                               recipient=ev.get("recipient"), start=start, end=end, basis=b,
                               allow_partial=_partial(claim)))
        r.pop("table", None)
        return {**r, "value": r.get("rank"), "low": r["best"], "high": r["worst"],
                "feasible": True, "unit": "rank", "what": f"rank of {r.get('name')} among {among}"}

    ests, problems = _estimates(claim, ctx, "rank", ask)
    f = _bound_finding(claim, "sipri-rank", ests, problems, ctx)
    f.facts["among"] = among
    return f


def _selection(ctx: Context, ed: Any, name: str) -> list[str]:
    sel = ctx.query("resolve", name, ed)
    members = getattr(sel, "members", None)
    return list(members) if members else [getattr(sel, "name", name)]


def _register(ctx: Context, ed: Any) -> tuple[pd.DataFrame, str]:
    reg = getattr(ed, "register", None)
    if reg is not None:
        return reg, "register"
    dy = getattr(ed, "delivery_years", None)
    if dy is not None:
        return dy, "delivery-years"
    raise SnapshotError(f"edition {getattr(ed, 'edition', ed)} has no trade register")


def _deal_count(df: pd.DataFrame, layout: str) -> int:
    """How many deals *df* holds: the per-delivery-year register has a row per deal and year,
    so its deals are its distinct ``deal_id``s."""
    return len(df) if layout == "register" else int(df["deal_id"].nunique())


def _deal_years(df: pd.DataFrame, layout: str) -> pd.Series:
    if layout == "register":
        return df["delivery_years"]
    return df["delivery_year"].map(lambda y: () if pd.isna(y) else (int(y),))


def _deal_years_asked(claim: Claim) -> tuple[int, int]:
    """The years a deal-list claim asks about: its window (a list of items), or the years it
    claims (delivery years, ``range``)."""
    if claim.window is not None:
        return claim.window.years()
    region = claim.interval()
    return int(math.ceil(region.lo)), int(math.floor(region.hi))


#: Which register a release's deal list is read from when it has several: the classic register
#: lists every deal with all its delivery years; the old site's RTF register the same without
#: TIV; the per-delivery-year register a row per deal and year.
DEAL_LIST_ORDER = ("register", "register-rtf", "delivery-years")


def eval_sipri_deal_list(claim: Claim, ctx: Context) -> Finding:
    """Deals in SIPRI's trade register: the weapon types of a list, or a weapon's delivery years,
    judged per SIPRI release like every SIPRI figure: on the release in force at the text's date
    (else the newest that answers), every other release's register shown as a revision."""
    ev = claim.evidence
    named = ctx.override or [r for r in (ev.get("edition") or claim.edition or ctx.file_edition,)
                             if r]
    if named:  # --edition E, or the claim's own edition: answered there, as asked
        f = _deal_list_on(claim, ctx, named[0])
        f.record, f.mode = ctx.record(claim), "edition"
        try:
            f.release = ctx.edition(named[0]).release.year
        except UNANSWERABLE:
            pass  # the finding says why the edition cannot answer
        return f
    per_release: dict[int, tuple[int, Finding, list]] = {}
    problems: list[str] = []
    before = list(ctx.judgements)
    for ref in ctx.edition_refs():
        try:
            ed = ctx.edition(ref)
        except UNANSWERABLE as exc:
            problems.append(f"edition {ref}: {str(exc).rstrip('.')}")
            continue
        try:
            _, layout = _register(ctx, ed)
        except UNANSWERABLE:
            continue  # an edition without a register: no deal list (not a problem to list)
        ctx.judgements[:] = before
        f = _deal_list_on(claim, ctx, ref)
        if f.decision.verdict == "not-checkable" and f.problems:
            problems += f.problems
            continue
        rank = DEAL_LIST_ORDER.index(layout) if layout in DEAL_LIST_ORDER else len(DEAL_LIST_ORDER)
        year = ed.release.year
        if year not in per_release or rank < per_release[year][0]:
            per_release[year] = (rank, f, list(ctx.judgements))
    ctx.judgements[:] = before
    record = ctx.record(claim)
    if not per_release:
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-checkable", "no-edition-answers", {"problems": problems}),
                       problems=problems or ["no edition here has a trade register for these years"],
                       record=record)
    year, mode = choose_release(sorted(per_release), record)
    _, f, calls = per_release[year]
    ctx.judgements[:] = calls  # the judgement calls of the release that decides
    f.decision = earlier_allows(adjust_for_mode(f.decision, mode), mode, year,
                                {y: g.decision.verdict for y, (_, g, _) in per_release.items()})
    f.record, f.release, f.mode = record, year, mode
    f.releases = [{"release": y, "editions": g.editions, "bases": g.bases, "value": g.value,
                   "low": g.low, "high": g.high, "verdict": g.decision.verdict,
                   "code": g.decision.code, "low_from": "", "high_from": "", "point_from": "",
                   "consistent": True, "distance": None, "side": None}
                  for y, (_, g, _) in sorted(per_release.items(), reverse=True)]
    return f


def _deal_list_on(claim: Claim, ctx: Context, ref: str) -> Finding:
    """The deal-list finding on one edition's register."""
    ev = claim.evidence
    try:
        ed = ctx.edition(ref)
        reg, layout = _register(ctx, ed)
        recipients = _selection(ctx, ed, ev["recipient"])
        suppliers = _selection(ctx, ed, ev["supplier"])
        coverage = getattr(ed, "coverage", None)
        if coverage is not None:  # an edition without the years cannot say what they hold
            coverage.require(*_deal_years_asked(claim), allow_partial=_partial(claim))
    except UNANSWERABLE as exc:
        problem = f"edition {ref}: {exc}"
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-checkable", "no-edition-answers", {"problems": [problem]}),
                       problems=[problem])
    edition = str(getattr(ed, "edition", ref))
    deals = reg[reg["recipient"].isin(recipients) & reg["supplier"].isin(suppliers)]
    years = _deal_years(deals, layout)
    source = f"SIPRI {edition}, {'trade register' if layout == 'register' else 'per-year register'}"
    if "items" in ev:
        start, end = claim.window.years()  # type: ignore[union-attr]
        inside = deals[years.map(lambda ys: any(start <= y <= end for y in ys)).astype(bool)]
        desc = inside["description"].str.casefold()
        matched = found = 0
        items, found_by = [], {}
        for item in ev["items"]:
            match = inside[desc.isin([d.casefold() for d in item.get("match", [])])]
            how = None
            if len(match):
                matched += 1
                found += 1
                how = ("match", list(dict.fromkeys(match["designation"])), [])
            else:
                for rel in item.get("related", []):
                    d, reason = (rel, "") if isinstance(rel, str) else (rel["description"],
                                                                        rel["reason"])
                    hits = inside[desc == d.casefold()]
                    if hits.empty:
                        continue
                    jid = f"{claim.id}:related:{item['name']}:{d}"
                    if ctx.judge(jid, True, f"SIPRI's '{d}' counted as {item['name']}",
                                 reason or "a near description"):
                        found += 1
                        how = ("related", list(dict.fromkeys(hits["designation"])), [d])
                        break
            found_by[item["name"]] = how
        for r in inside.itertuples():
            hit = any(how and r.designation in how[1] for how in found_by.values())
            items.append(Item(label=_deal_label(r, layout), source=source,
                              role="supports" if hit else "neutral", coverage="exhaustive"))
        decision = _proxy_cap(claim, decide_list(len(ev["items"]), matched, found))
        return Finding(claim.check, float(found), float(matched), float(found), "count", decision,
                       items=items, editions=[edition], bases=["register"],
                       facts={"found_by": found_by, "deals": _deal_count(inside, layout),
                              "window": (start, end),
                              "recipient": ev["recipient"], "supplier": ev["supplier"]})
    pattern = ev["designation_contains"]
    hit = deals[deals["designation"].str.contains(pattern, case=False, regex=False)]
    hit_years = sorted({y for ys in _deal_years(hit, layout) for y in ys})
    items = [Item(label=_deal_label(r, layout), source=source, role="neutral",
                  coverage="exhaustive") for r in hit.itertuples()]
    facts = {"pattern": pattern, "years": hit_years, "deals": _deal_count(hit, layout),
             "recipient": ev["recipient"], "supplier": ev["supplier"]}
    if not hit_years:
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-supported", "no-matching-delivery", facts), items=items,
                       editions=[edition], bases=["register"], facts=facts)
    low, high = float(hit_years[0]), float(hit_years[-1])
    decision = decide_bound(claim.interval(), None, low, high)
    flag = "delivery_years_uncertain" if layout == "register" else "delivery_year_uncertain"
    if flag in hit.columns and bool(hit[flag].any()):
        decision = decision.capped("sipri-uncertain")
    decision = _proxy_cap(claim, decision)
    role = "supports" if decision.verdict in ("supported", "supported-with-caveat") else "refutes"
    items = [dataclasses.replace(i, role=role) for i in items]
    return Finding(claim.check, None, low, high, "bound", decision, items=items,
                   editions=[edition], bases=["register"], facts=facts)


def _deal_label(r: Any, layout: str) -> str:
    n = r.number_delivered
    num = "?" if pd.isna(n) else fmt(n) + ("?" if getattr(r, "number_delivered_uncertain", False)
                                          else "")
    if layout == "register":
        years = ", ".join(str(y) for y in r.delivery_years) or "no deliveries"
    else:
        years = str(r.delivery_year)
    return (f"{num} {r.designation} ({r.description}; ordered {r.order_year}; delivered "
            f"{years})")


# --------------------------------------------------------------------------------------------
# Ledgers
# --------------------------------------------------------------------------------------------

def _matches(df: pd.DataFrame, flt: dict[str, Any]) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for col, want in flt.items():
        values = [str(v) for v in want] if isinstance(want, list) else [str(want)]
        mask &= df[col].astype(str).isin(values)
    return mask


def _requires(df: pd.DataFrame, cols: Sequence[str]) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for c in cols:
        mask &= df[c].notna() & (df[c].astype(str).str.strip() != "")
    return mask


def _dates(claim: Claim) -> tuple[pd.Timestamp, pd.Timestamp]:
    a, b = claim.window.dates() if claim.window else (dt.date.min, dt.date.max)
    lo = pd.Timestamp.min if a == dt.date.min else pd.Timestamp(a)
    hi = pd.Timestamp.max if b == dt.date.max else pd.Timestamp(b)
    return lo, hi


def _row_item(ctx: Context, ledger: str, r: Any, label: str, role: str) -> Item:
    coverage = getattr(r, "coverage", None) or ctx.coverage(ledger)
    key = str(getattr(r, "id", getattr(r, "aircraft", "")))
    return Item(label=label, source=f"{ctx.ledger_label(ledger)}, row {key}", role=role,
                coverage=str(coverage), url=str(getattr(r, "source_url", "")),
                url_status=str(getattr(r, "url_status", "") or "ok"),
                quote=str(getattr(r, "quote", "")), row=(ledger, key))


def _counts(ctx: Context, ledger: str, r: Any, what: str = "") -> bool:
    """A row's ``counts`` judgement: default yes; recorded when the data give a reason."""
    flag = str(getattr(r, "counts", "") or "")
    reason = str(getattr(r, "counts_reason", "") or "")
    default = flag != "no"
    if not reason:
        return default
    call = "counted" if default else "set aside"
    return ctx.judge(f"{ledger}:{r.id}:counts", default,
                     f"row {r.id}{f' ({what})' if what else ''} {call}", reason)


def _decisive(r: Any) -> bool:
    """Whether a row can refute a claim on its own: an ``official`` source (a government about
    its own acts; :data:`armsdata.ledgers.SOURCE_TYPES`)."""
    return str(getattr(r, "source_type", "")) == "official"


def _role(interval: Interval, region: Interval) -> str:
    """An item's direction: its values all satisfy the claim, none do, or some."""
    if interval.within(region):
        return "supports"
    return "neutral" if interval.intersects(region) else "refutes"


def _denials(ctx: Context, name: str, df: pd.DataFrame,
             region: Interval) -> tuple[list[Report], list[Item]]:
    """Statements that deny what a claim counts (a ledger's ``denies`` column).  Whether a
    denial is on point is a judgement call in the data (``counts``, ``counts_reason``): one that
    counts is a report of zero, decisive if official; one set aside is shown with its reason."""
    if "denies" not in df.columns:
        return [], []
    reports, items = [], []
    for r in df[df["denies"].astype(str).str.strip() != ""].itertuples():
        label = f"{r.source_type} denial by {r.reported_by}: {r.denies}"
        if not _counts(ctx, name, r, f"a denial by {r.reported_by}"):
            items.append(_row_item(ctx, name, r, label + ": set aside", "neutral"))
            continue
        zero = Interval.point(0.0)
        reports.append(Report(zero, _decisive(r), r.id))
        items.append(_row_item(ctx, name, r, label, _role(zero, region)))
    return reports, items


def eval_ledger_sum(claim: Claim, ctx: Context) -> Finding:
    """The sum of a ledger column over the rows a filter selects (and a window dates)."""
    ev = claim.evidence
    name = ev["ledger"]
    flt = dict(ev.get("filter", {}))
    value_col, date_col = ev["value_column"], ev.get("date_column")
    ctx.require_columns(claim, name, list(flt) + [value_col] + ([date_col] if date_col else []))
    df = ctx.ledger(name)
    selected = df[_matches(df, flt)]
    coverage = ctx.coverage(name)
    exhaustive = coverage == "exhaustive"
    region = claim.interval()
    if selected.empty:
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-checkable", "no-rows", {"ledger": name}),
                       facts={"ledger": name, "filter": flt, "coverage": coverage})
    lo, hi = _dates(claim)
    if date_col:
        d = selected[date_col]
        in_window = d.notna() & (d >= lo) & (d <= hi)
    else:
        in_window = pd.Series(True, index=selected.index)
    up = math.isinf(region.hi)
    counted, outside, aside = [], [], []
    items = []
    reprints = _reprints(selected)
    for r, inside in zip(selected.itertuples(), in_window):
        value = getattr(r, value_col)
        has_value = not pd.isna(value)
        if str(getattr(r, "id", "")) in reprints:
            items.append(_row_item(ctx, name, r, _ledger_label(r, value_col, date_col, claim.unit)
                                   + f": a reprint of {reprints[r.id]}, counted once, as its "
                                   "original", "neutral"))
            continue
        counts = _counts(ctx, name, r)
        if inside and counts and has_value:
            counted.append(r)
            role = "supports" if up else ("refutes" if math.isinf(region.lo) else "neutral")
        else:
            (aside if not counts else outside).append(r)
            role = "neutral"
        items.append(_row_item(ctx, name, r, _ledger_label(r, value_col, date_col, claim.unit), role))
    total = float(sum(float(getattr(r, value_col)) for r in counted))
    decision = _proxy_cap(claim, decide_lower_bound(region, total, exhaustive))
    high = total if exhaustive else None
    return Finding(claim.check, total, total, high, "sum-of-reports", decision, items=items,
                   facts={"ledger": name, "coverage": coverage, "scope": ctx.scope(name),
                          "counted": [r.id for r in counted],
                          "outside": [r.id for r in outside], "aside": [r.id for r in aside],
                          "outside_total": float(sum(float(getattr(r, value_col)) for r in outside
                                                     if not pd.isna(getattr(r, value_col)))),
                          "date_column": date_col, "value_column": value_col,
                          "window": claim.window.label() if claim.window else ""})


def _ledger_label(r: Any, value_col: str, date_col: str | None, unit: str) -> str:
    """A summed row as evidence: its id, its figure in the claim's *unit* (``USD 200
    million``), its date, status and source."""
    parts = [str(getattr(r, "id", ""))]
    v = getattr(r, value_col)
    if not pd.isna(v):
        q = getattr(r, "qualifier", "") or ""
        parts.append(f"{q + ' ' if q else ''}{fmt_amount(v, unit)}")
    if date_col and not pd.isna(getattr(r, date_col)):
        parts.append(f"{date_col.replace('_', ' ')} {getattr(r, date_col).date()}")
    for col in ("status", "reported_by"):
        if getattr(r, col, ""):
            parts.append(str(getattr(r, col)))
    return ", ".join(parts)


def _in_period(df: pd.DataFrame, cols: Sequence[str], lo: pd.Timestamp,
               hi: pd.Timestamp) -> pd.Series:
    s, e = df[cols[0]], df[cols[1]]
    return s.notna() & e.notna() & (s >= lo) & (e <= hi)


def _period(r: Any, cols: Sequence[str]) -> str:
    s, e = getattr(r, cols[0]), getattr(r, cols[1])
    if pd.isna(s) and pd.isna(e):
        return "period not given"
    if pd.isna(e):
        return f"from {s.date()}"
    return f"{s.date()} to {e.date()}" if s != e else f"{s.date()}"


def _over_window(reading: Interval, r: Any, cols: Sequence[str], lo: pd.Timestamp,
                 hi: pd.Timestamp, additive: bool = True) -> tuple[Interval, bool]:
    """A report's reading as a statement about the claim's window, and whether its period is the
    whole window: as written if it is; a lower bound if it covers only part of it and the
    quantity adds up over time (flights, tonnes: the rest of the window may add to it)."""
    whole = (getattr(r, cols[0]), getattr(r, cols[1])) == (lo, hi)
    if whole or not additive:
        return reading, whole
    return Interval(reading.lo, INF, reading.lo_open), False


def _reprints(df: pd.DataFrame) -> dict[str, str]:
    """Rows of *df* that repeat another row of *df* (their ``reprint_of``): id → the original's.
    A reprint counts once, as its original; one whose original is not among the rows stands for
    it."""
    if "reprint_of" not in df.columns or "id" not in df.columns:
        return {}
    ids = set(df["id"].astype(str))
    return {str(i): str(o) for i, o in zip(df["id"], df["reprint_of"])
            if str(o).strip() and str(o) in ids}


def _once(df: pd.DataFrame) -> pd.DataFrame:
    """*df* without the rows that reprint another of its rows (a flight listed twice is one)."""
    return df[~df["id"].astype(str).isin(_reprints(df))] if "id" in df.columns else df


def _reading(claim: Claim, df: pd.DataFrame, r: Any, col: str,
             qualifier_col: str | None = None) -> Interval:
    """The values row *r*'s figure in *col* allows, read as the claim reads its own figure
    (rules, principle 5): exactly where the claim is exact or the column holds whole counts,
    else at its written precision."""
    q = str(getattr(r, qualifier_col, "") or "") if qualifier_col else ""
    exact = (claim.comparator in EXACT_COMPARATORS
             or pd.api.types.is_integer_dtype(df[col].dtype))
    return report_interval(_written(getattr(r, col)), q, exact=exact)


def eval_ledger_count(claim: Claim, ctx: Context) -> Finding:
    """Counts that reports state for periods within the window, and the items reports date one
    by one in the window (a count).

    A count stated for the whole window is read as written; one for part of it is a lower bound
    on the window's count (the rest of the window may add to it), as in
    :func:`eval_physical_bound`.  A reprint counts once, as its original.
    """
    ev = claim.evidence
    name = ev["ledger"]
    cols = ev.get("period_columns", ["date_range_start", "date_range_end"])
    counted, stated = ev["counted"], ev["stated"]
    need = list(counted.get("filter", {})) + list(counted.get("require", [])) + list(
        stated.get("filter", {})) + [stated["column"]] + list(cols)
    ctx.require_columns(claim, name, need)
    df = ctx.ledger(name)
    lo, hi = _dates(claim)
    region = claim.interval()
    dated = _once(df[_matches(df, counted.get("filter", {}))
                     & _requires(df, counted.get("require", [])) & _in_period(df, cols, lo, hi)])
    summaries = df[_matches(df, stated.get("filter", {})) & df[stated["column"]].notna()]
    in_window = summaries[_in_period(summaries, cols, lo, hi)]
    reprints = _reprints(in_window)
    reports, items, told, values = [], [], [], []
    for r in summaries.itertuples():
        n = getattr(r, stated["column"])
        label = f"{n} stated by {r.reported_by} ({_period(r, cols)})"
        if r.Index not in in_window.index:
            items.append(_row_item(ctx, name, r, label + ": not dated within the window",
                                   "neutral"))
        elif r.id in reprints:
            items.append(_row_item(ctx, name, r, label + f": a reprint of {reprints[r.id]}, "
                                   "counted once, as its original", "neutral"))
        else:
            interval, whole = _over_window(_reading(claim, df, r, stated["column"]), r, cols,
                                           lo, hi)
            reports.append(Report(interval, _decisive(r), r.id))
            items.append(_row_item(ctx, name, r, label, _role(interval, region)))
            told.append((int(n), r.reported_by, _period(r, cols), whole))
            values.append(float(n))
    denied, denial_items = _denials(ctx, name, df, region)
    reports += denied
    items += denial_items
    values += [0.0] * len(denied)
    for r in dated.itertuples():
        items.append(_row_item(ctx, name, r, f"dated one by one: {_period(r, cols)} "
                                             f"{getattr(r, 'aircraft', '')}".strip(),
                               "neutral" if reports else ("supports" if math.isinf(region.hi)
                                                          else "neutral")))
    facts = {"dated": len(dated), "stated": told, "reprints": reprints,
             "coverage": ctx.coverage(name), "window": claim.window.label() if claim.window else ""}
    if reports:
        decision = _proxy_cap(claim, decide_reports(region, reports))
        return Finding(claim.check, max(values), min(values), max(values), "reported-range",
                       decision, items=items, facts=facts)
    if dated.empty:
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-checkable", "no-rows", {"ledger": name}), items=items,
                       facts=facts)
    n = float(len(dated))
    decision = _proxy_cap(claim, decide_lower_bound(region, n,
                                                    ctx.coverage(name) == "exhaustive"))
    return Finding(claim.check, n, n, None, "count", decision, items=items, facts=facts)


def eval_physical_bound(claim: Claim, ctx: Context) -> Finding:
    """A quantity that adds up over time (cargo), from reports of it and a capacity bound.

    Reports: a figure for the whole window is read as it is written; one for part of the window
    is a lower bound on the window's total (the rest of the window may add to it).  Capacity:
    (number of units carrying it) × (largest capacity of those units), with every assumption
    named; a capacity bound whose assumptions are not all confirmed is *conditional*: shown,
    able to cap a verdict at a caveat, never to contradict.
    """
    ev = claim.evidence
    name = ev["ledger"]
    qcol, qual = ev["quantity_column"], ev.get("qualifier_column")
    cols = ev.get("period_columns", ["date_range_start", "date_range_end"])
    cap = ev["capacity"]
    ctx.require_columns(claim, name, [qcol] + ([qual] if qual else []) + list(cols)
                        + [cap["unit_column"], cap["stated"]["column"]]
                        + list(cap["counted"].get("filter", {}))
                        + list(cap["counted"].get("require", []))
                        + list(cap["stated"].get("filter", {})))
    per = cap["per_unit"]
    ctx.require_columns(claim, per["ledger"], [per["key"], per["column"]])
    df = ctx.ledger(name)
    payloads = ctx.ledger(per["ledger"])
    lo, hi = _dates(claim)
    region = claim.interval()
    additive = bool(ev.get("additive", True))

    # ---- reports of the quantity
    reports, items, reported = [], [], []
    readings: dict[str, Interval] = {}  # each report's own figure, for its own period
    quantities = df[df[qcol].notna()]
    reprints = _reprints(quantities[_in_period(quantities, cols, lo, hi)])
    for r in quantities.itertuples():
        s, e = getattr(r, cols[0]), getattr(r, cols[1])
        inside = not pd.isna(s) and not pd.isna(e) and s >= lo and e <= hi
        q = str(getattr(r, qual, "") or "") if qual else ""
        label = f"{q + ' ' if q else ''}{fmt(getattr(r, qcol))} {claim.unit} by {r.reported_by} ({_period(r, cols)})"
        if not inside:
            items.append(_row_item(ctx, name, r, label + ": not dated within the window", "neutral"))
            continue
        if r.id in reprints:
            items.append(_row_item(ctx, name, r, label + f": a reprint of {reprints[r.id]}, "
                                   "counted once, as its original", "neutral"))
            continue
        readings[r.id] = _reading(claim, df, r, qcol, qual)
        implied, covers_all = _over_window(readings[r.id], r, cols, lo, hi, additive)
        reports.append(Report(implied, _decisive(r), r.id))
        reported.append({"id": r.id, "value": float(getattr(r, qcol)), "qualifier": q,
                         "by": r.reported_by, "period": _period(r, cols), "whole": covers_all,
                         "source_type": getattr(r, "source_type", "")})
        items.append(_row_item(ctx, name, r, label, _role(implied, region)))
    denied, denial_items = _denials(ctx, name, df, region)
    reports += denied
    items += denial_items

    # ---- capacity: units in the window, the largest capacity among the types they are
    counted = cap["counted"]
    units = _once(df[_matches(df, counted.get("filter", {}))
                     & _requires(df, counted.get("require", [])) & _in_period(df, cols, lo, hi)])
    stated = df[_matches(df, cap["stated"].get("filter", {})) & df[cap["stated"]["column"]].notna()
                & _in_period(df, cols, lo, hi)]
    best = None  # the stated count that, with the units dated outside its period, gives most
    for r in stated.itertuples():
        s, e = getattr(r, cols[0]), getattr(r, cols[1])
        outside = units[(units[cols[1]] < s) | (units[cols[0]] > e)]
        n = int(getattr(r, cap["stated"]["column"])) + len(outside)
        if best is None or n > best[0]:
            best = (n, r, outside)
    n_known = max(len(units), best[0] if best else 0)
    types = sorted({str(t) for t in units[cap["unit_column"]] if str(t).strip()})
    unnamed_stated = best is not None and not str(getattr(best[1], cap["unit_column"], "")).strip()
    fits = payloads[[any(str(k).startswith(t) for t in types) for k in payloads[per["key"]]]]
    assumptions: list[Assumption] = []
    conditional: list[dict[str, Any]] = []
    if n_known and not fits.empty:
        top = fits.loc[fits[per["column"]].astype(float).idxmax()]
        per_unit = float(top[per["column"]])
        bound = n_known * per_unit
        how = (f"{int(getattr(best[1], cap['stated']['column']))} stated by {best[1].reported_by} "
               f"for {_period(best[1], cols)} + {len(best[2])} dated outside that period"
               if best and best[0] >= len(units) else f"{len(units)} dated one by one")
        coverage = ctx.coverage(name)
        assumptions = [
            Assumption(f"number of {cap['units']} in the window", f"{n_known} (the ones reported: {how})",
                       confirmed=coverage == "exhaustive",
                       evidence=f"{ctx.ledger_label(name)} ({coverage}); no complete register of "
                                f"the {cap['units']} exists in the evidence",
                       effect="more would raise the bound"),
            Assumption(f"type of every {cap['units'][:-1] if cap['units'].endswith('s') else cap['units']}",
                       f"{', '.join(types)} (at most {fmt(per_unit)} {claim.unit} each, "
                       f"{top[per['key']]})",
                       confirmed=not unnamed_stated and coverage == "exhaustive",
                       evidence=("the reports name " + ", ".join(types)
                                 + (f"; {best[1].reported_by}, whose count is used, names none"
                                    if unnamed_stated else "")),
                       effect="a larger type would raise the bound"),
        ]
        conditional.append({"interval": Interval(-INF, bound), "bound": bound, "units": n_known,
                            "per_unit": per_unit, "type": str(top[per["key"]]),
                            "scope": "window"})
        # the same arithmetic on each report's own period and count, e.g. Day.az's nine
        # flights and its 510 tonnes: a report whose figure exceeds its own flights' capacity
        # is in conflict with arithmetic (rules, principle 8)
        for rep in reported:
            row = df[df["id"] == rep["id"]].iloc[0] if "id" in df.columns else None
            if row is None or pd.isna(row.get(cap["stated"]["column"])):
                continue
            n = int(row[cap["stated"]["column"]])
            own = Interval(-INF, n * per_unit)
            conditional.append({"interval": own, "bound": n * per_unit,
                                "units": n, "per_unit": per_unit, "type": str(top[per["key"]]),
                                "scope": "report", "report": rep,
                                "conflict": not own.intersects(readings[rep["id"]])})
    flagged = {c["report"]["id"] for c in conditional if c.get("conflict")}
    reports = [dataclasses.replace(r, conflicts=True) if r.label in flagged else r
               for r in reports]
    if not reports:
        decision = Decision("not-checkable", "no-reports")
        return Finding(claim.check, None, None, None, "none", decision, items=items,
                       assumptions=assumptions, conditional=conditional,
                       facts={"reported": reported, "units_known": n_known, "types": types,
                              "dated_units": len(units)})
    decision = decide_reports(region, reports)
    window_bound = next((c for c in conditional if c["scope"] == "window"), None)
    if window_bound is not None:
        if all(a.confirmed for a in assumptions):
            decision = decide_reports(region, reports + [Report(window_bound["interval"], True,
                                                                "capacity")])
        elif not window_bound["interval"].intersects(region):
            decision = decision.capped("conditional-bound")
    decision = _proxy_cap(claim, decision)
    values = [r["value"] for r in reported] + [0.0] * len(denied)
    return Finding(claim.check, None, min(values), max(values), "reported-range", decision,
                   items=items, assumptions=assumptions, conditional=conditional,
                   facts={"reported": reported, "units_known": n_known, "types": types,
                          "dated_units": len(units), "units": cap["units"]})


def eval_cited_fact(claim: Claim, ctx: Context) -> Finding:
    """Separate reports of one fact (the facts ledger), each read as it qualifies its figure."""
    ev = claim.evidence
    name = ev.get("ledger", "facts")
    ctx.require_columns(claim, name, ["fact", "value", "qualifier"])
    df = ctx.ledger(name)
    rows = df[df["fact"] == ev["fact"]]
    region = claim.interval()
    if rows.empty:
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-checkable", "no-reports", {"fact": ev["fact"]}),
                       facts={"fact": ev["fact"]})
    reports, items, values = [], [], []
    reprints = _reprints(rows)
    for r in rows.itertuples():
        when = str(r.as_of.date()) if not pd.isna(r.as_of) else (r.period or "date not given")
        q = f"{r.qualifier} " if r.qualifier else ""
        label = f"{q}{fmt(r.value, unit=r.unit)} {r.unit} ({r.reported_by}, {when})"
        if r.id in reprints:
            items.append(_row_item(ctx, name, r, label + f": a reprint of {reprints[r.id]}, "
                                   "counted once, as its original", "neutral"))
            continue
        if not _counts(ctx, name, r):
            items.append(_row_item(ctx, name, r, label + ": set aside", "neutral"))
            continue
        interval = _reading(claim, df, r, "value", "qualifier")
        reports.append(Report(interval, _decisive(r), r.id))
        values.append(float(r.value))
        read = "" if interval.lo == interval.hi else f", read as {interval.describe(r.unit)}"
        items.append(_row_item(ctx, name, r, label + read, _role(interval, region)))
    if not reports:
        return Finding(claim.check, None, None, None, "none",
                       Decision("not-checkable", "no-reports", {"fact": ev["fact"]}), items=items,
                       facts={"fact": ev["fact"]})
    decision = _proxy_cap(claim, decide_reports(region, reports))
    value = values[0] if len(set(values)) == 1 else None
    return Finding(claim.check, value, min(values), max(values), "reported-range", decision,
                   items=items, facts={"fact": ev["fact"]})


EVALUATORS: dict[str, Callable[[Claim, Context], Finding]] = {
    "sipri-share": eval_sipri_share,
    "sipri-import-share": eval_sipri_import_share,
    "sipri-change": eval_sipri_change,
    "sipri-rank": eval_sipri_rank,
    "sipri-deal-list": eval_sipri_deal_list,
    "ledger-sum": eval_ledger_sum,
    "ledger-count": eval_ledger_count,
    "physical-bound": eval_physical_bound,
    "cited-fact": eval_cited_fact,
}


def ledgers_of(claim: Claim) -> list[str]:
    """The ledgers a claim reads (for the property tests and provenance)."""
    ev = claim.evidence
    names: list[str] = []
    if claim.check in ("ledger-sum", "ledger-count", "physical-bound"):
        names.append(ev["ledger"])
    if claim.check == "cited-fact":
        names.append(ev.get("ledger", "facts"))
    if claim.check == "physical-bound":
        names.append(ev["capacity"]["per_unit"]["ledger"])
    if claim.check == "sipri-share" and ev.get("reported_fact"):
        names.append("facts")
    return list(dict.fromkeys(names))


__all__ = ["EVALUATORS", "UNANSWERABLE", "ledgers_of"]


# --------------------------------------------------------------------------------------------
# A recipient's share of a supplier's exports; the largest N's combined share
# --------------------------------------------------------------------------------------------

def eval_sipri_export_share(claim: Claim, ctx: Context) -> Finding:
    """A recipient's share of a supplier's exports ("India received 36 per cent of Russia's
    arms exports")."""
    start, end = claim.window.years()  # type: ignore[union-attr]
    ev = claim.evidence
    ests, problems = _estimates(claim, ctx, "export-share", lambda ed, b: ctx.query(
        "export_share", ed, ev["supplier"], ev["recipient"], start, end, basis=b,
        allow_partial=_partial(claim)))
    return _bound_finding(claim, "sipri-export-share", ests, problems, ctx)


def eval_sipri_top_share(claim: Claim, ctx: Context) -> Finding:
    """The combined share of the N largest exporters or importers ("the five largest exporters
    accounted for 77 per cent"); where the bounds do not fix which N are the largest, the range
    covers every set they allow, and ``facts["open"]`` says so."""
    start, end = claim.window.years()  # type: ignore[union-attr]
    ev = claim.evidence
    which = "exporters" if "export" in str(ev["among"]).casefold() else "importers"
    ests, problems = _estimates(claim, ctx, f"top-share:{which}", lambda ed, b: ctx.query(
        "top_share", ed, which, int(ev["top"]), start, end, basis=b,
        allow_partial=_partial(claim)))
    f = _bound_finding(claim, "sipri-top-share", ests, problems, ctx)
    f.facts["members"] = {f"{e.get('edition')} {e.get('basis')}": list(e.get("members", ()))
                          for e in ests}
    f.facts["open"] = [e["note"] for e in ests if e.get("note")]
    return f


EVALUATORS["sipri-export-share"] = eval_sipri_export_share
EVALUATORS["sipri-top-share"] = eval_sipri_top_share
