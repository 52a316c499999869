"""The same figure across editions and bases: SIPRI's revisions, and what the register's split
assumes.

SIPRI revises its whole database every year, and the register basis rests on an assumption about
how a deal's TIV falls into its delivery years.  This module puts one figure side by side on
several editions and bases and says, with numbers, what differs:

Revisions (a claims file on every SIPRI release)
    :func:`by_release` lays the claims engine's results out as one long table, a row per claim
    and SIPRI release (the engine judges each claim on its release of record and keeps every
    other release as a revision: :mod:`armsdata.claims.by_release`); :func:`revisions` compares
    every release with a reference release, claim by claim: the shift of the point, whether the
    two releases' bounds still overlap (bounds that do not overlap mean the data themselves
    differ: SIPRI revised them), and whether the verdict changed; :func:`misses` says how far a
    figure that is not confirmed lies from the claim; :func:`relative` puts every figure on one
    scale for a chart, in units of the claim's last printed digit.
The register's delivery split (one supplier's share of one recipient's imports)
    :func:`split_bases` gives the three register bases side by side: the classic register's even
    split with the bounds any split allows, with the bounds a split that agrees with the edition's
    printed yearly totals allows, and SIPRI's own per-delivery-year values;
    :func:`split_widths` does it for every recipient of a window (its largest supplier).
Stacked tables for the explorer
    :func:`shares` (every supplier's share on every basis of several editions) and
    :func:`total_imports` (a recipient's printed yearly totals in several editions).

Every frame carries the edition, window, unit and basis of its numbers.  The numbers come from
:mod:`armsdata.queries` and :mod:`armsdata.claims`; the comparisons here are arithmetic on them.

>>> from armsdata import claims, compare
>>> cf = claims.load("examples/sipri-fact-sheet-2022-03.yaml")                       # doctest: +SKIP
>>> table = compare.by_release(cf, claims.evaluate_file(cf.path)[0])                 # doctest: +SKIP
>>> compare.revisions(table, "2022 release")                                         # doctest: +SKIP
"""

from __future__ import annotations

import logging
import math
import os
import re
from typing import Any, Iterable, Sequence

import pandas as pd

from armsdata import analysis, claims, conventions, editions, queries
from armsdata.claims import rules
from armsdata.errors import CoverageError, NoDataError

log = logging.getLogger(__name__)

#: Verdicts that confirm a claim (with or without a caveat).
CONFIRMING = ("supported", "supported-with-caveat")

#: The columns of :func:`by_release`: ``run`` names the release (``"2022 release"``), ``decides``
#: marks the release that judges the claim.
RESULT_COLUMNS = ["id", "run", "release", "decides", "edition", "basis", "verdict", "value", "low",
                  "high", "unit", "window", "check", "comparator", "quantity", "claim_low",
                  "claim_high", "step", "summary", "reason", "error", "source_type", "sipri_text"]

#: Source types a claims file may name at the start of a claim's ``context``
#: (``"Source type: secondary (PTI quoting the report)."``), and whether each is SIPRI's own text.
SOURCE_TYPES = {"SIPRI fact sheet": True, "SIPRI press release": True, "secondary": False}
_SOURCE_TYPE = re.compile(r"\s*Source type:\s*([^.;,(]+)", re.IGNORECASE)

#: Why a claim is not confirmed (:func:`misses`), from its verdict and its numbers.
JUST_OUTSIDE = "point just outside the claim's printed precision; the bounds include the claim"
OUTSIDE = "point outside the claim; the bounds include the claim"
NO_POINT = "no point within its own bounds; the bounds include the claim"
EXCLUDED = "the bounds exclude the claim"
UNANSWERED = "no edition and basis answers it"
#: A point is "just outside" when it misses the claim's interval by less than one unit of the
#: claim's last printed digit (46 → 1, 4.6 → 0.1): the next rounding step of SIPRI's own figure.
JUST_OUTSIDE_STEPS = 1.0

#: The register bases of :func:`split_bases`, in plain words.
ANY_SPLIT = "even split; bounds: any split of each deal over its delivery years"
TOTALS_SPLIT = "even split; bounds: any split that agrees with the printed yearly totals"
PER_YEAR = "SIPRI's per-year values"
#: What the bounds of each register basis come from, in a few words (for chart labels).
BOUNDS_FROM = {ANY_SPLIT: "even split, any split", TOTALS_SPLIT: "even split, printed totals",
               PER_YEAR: "SIPRI's per-year values"}


# --------------------------------------------------------------------------------------------
# Claims on several editions
# --------------------------------------------------------------------------------------------

def source_type(claim: claims.Claim) -> tuple[str, bool | None]:
    """The source type a claim's ``context`` names (``"Source type: secondary (...)."``) and
    whether it is SIPRI's own text (:data:`SOURCE_TYPES`); ``("", None)`` when it names none."""
    m = _SOURCE_TYPE.match(claim.context or "")
    if not m:
        return "", None
    name = " ".join(m.group(1).split())
    for known, own in SOURCE_TYPES.items():
        if name.casefold() == known.casefold():
            return known, own
    return name, None


def sources(source: Any) -> pd.DataFrame:
    """Every claim's words and where they were read: ``id, summary, quote, source_type,
    sipri_text, source, url`` (:func:`source_type`; ``source`` the claim's source without its
    web address, ``url`` the address), in file order."""
    rows = []
    for c in _load(source)[0]:
        kind, own = source_type(c)
        parts = [p.strip() for p in (c.source or "").split("; ")]
        urls = [p for p in parts if p.startswith(("http://", "https://"))]
        rows.append({"id": c.id, "summary": c.summary or c.id, "quote": c.quote,
                     "source_type": kind, "sipri_text": own,
                     "source": "; ".join(p for p in parts if p and p not in urls),
                     "url": " ".join(urls)})
    return pd.DataFrame(rows, columns=["id", "summary", "quote", "source_type", "sipri_text",
                                       "source", "url"])


def quotes(source: Any) -> pd.DataFrame:
    """The distinct quotes of a claims file, each once with the claims read from it: ``quote,
    claims`` (their ids, in file order), ``figures`` (how many), ``source_type``, ``source``
    (without its address: see :func:`source_list`)."""
    q = sources(source)
    g = q.groupby(["quote", "source"], sort=False)
    out = g.agg(claims=("id", ", ".join), figures=("id", "size"),
                source_type=("source_type", "first")).reset_index()
    return out[["quote", "claims", "figures", "source_type", "source"]]


def source_list(source: Any) -> pd.DataFrame:
    """The pages a claims file's quotes were read on, each once: ``source, source_type, url,
    figures`` (how many claims), in the order of first use."""
    q = sources(source)
    g = q.groupby(["source", "url"], sort=False)
    out = g.agg(source_type=("source_type", "first"), figures=("id", "size")).reset_index()
    return out[["source", "source_type", "url", "figures"]]


def _step(claim: claims.Claim) -> float:
    """One unit of the claim's last printed digit (46 → 1, 4.6 → 0.1, 900 → 100); 1 for ranks."""
    if isinstance(claim.quantity, tuple):
        return float("nan")
    if claim.precision is not None:
        return float(claim.precision)
    if claim.unit == queries.RANK:
        return 1.0
    return float(rules.precision(claim.written or repr(float(claim.quantity))))


def _load(source: Any) -> tuple[list[claims.Claim], list[tuple[str, Exception]]]:
    if isinstance(source, claims.ClaimsFile):
        return list(source.claims), list(source.problems)
    if isinstance(source, (str, os.PathLike)):
        cf = claims.load(source)
        return list(cf.claims), list(cf.problems)
    return list(source), []


def by_release(source: Any, results: Sequence[claims.ClaimResult]) -> pd.DataFrame:
    """The claims engine's results as one row per claim and SIPRI release.

    Parameters
    ----------
    source
        The claims file (path), the loaded :class:`armsdata.claims.ClaimsFile`, or the claims
        that *results* answer, in the same order.
    results
        From :func:`armsdata.claims.evaluate_each` / ``evaluate_file``: each SIPRI claim judged
        on its release of record, every other release that answers it a revision.

    Returns
    -------
    pandas.DataFrame
        :data:`RESULT_COLUMNS`, in the file's order of claims, releases oldest first: every
        release any claim's result names, for every claim (``not-checkable`` where that release
        cannot answer it); ``value``/``low``/``high`` the release's point and range (its bounds
        intersected) in the claim's ``unit``; ``verdict`` the verdict on that release (for the
        release that ``decides``, the claim's verdict); ``step`` one unit of the claim's last
        printed digit; ``source_type``/``sipri_text`` from the claim's ``context``
        (:func:`source_type`).  Claims that are not SIPRI figures are left out.
    """
    all_claims, problems = _load(source)
    for cid, exc in problems:
        log.warning("claim %s not evaluated: %s", cid, exc)
    by_id = {r.id: r for r in results}
    years: set[int] = set()
    per_claim = []
    for c in all_claims:
        r = by_id.get(c.id)
        if r is None or not c.check.startswith("sipri-"):
            continue
        rows = {v["release"]: v for v in r.revisions}
        if r.release is not None:
            rows[r.release] = {"release": r.release, "editions": r.edition.split(", "),
                               "bases": r.basis.split(", "), "value": r.value, "low": r.low,
                               "high": r.high, "verdict": r.verdict}
        years |= set(rows)
        per_claim.append((c, r, rows))
    out: list[dict[str, Any]] = []
    for c, r, rows in per_claim:
        kind, own = source_type(c)
        for year in sorted(years):
            v = rows.get(year)
            out.append({
                "id": c.id, "run": f"{year} release", "release": year,
                "decides": year == r.release,
                "edition": ", ".join(v["editions"]) if v else "",
                "basis": ", ".join(v["bases"]) if v else "",
                "verdict": v["verdict"] if v else "not-checkable",
                "value": _float(v["value"]) if v else NAN, "low": _float(v["low"]) if v else NAN,
                "high": _float(v["high"]) if v else NAN, "unit": c.unit,
                "window": c.window.label() if c.window else "", "check": c.check,
                "comparator": c.comparator,
                "quantity": NAN if isinstance(c.quantity, tuple) else float(c.quantity),
                "claim_low": float(r.claim_low), "claim_high": float(r.claim_high),
                "step": _step(c), "summary": r.summary,
                "reason": r.reason if year == r.release else "",
                "error": "" if v else f"the {year} release cannot answer it",
                "source_type": kind, "sipri_text": own})
    return pd.DataFrame(out, columns=RESULT_COLUMNS)


NAN = float("nan")


def _float(x: Any) -> float:
    return NAN if x is None else float(x)


def verdicts(results: pd.DataFrame) -> pd.DataFrame:
    """Claims (rows, in order) × runs (columns, in order): the verdicts."""
    runs = list(dict.fromkeys(results["run"]))
    ids = list(dict.fromkeys(results["id"]))
    wide = results.pivot(index="id", columns="run", values="verdict")
    return wide.reindex(index=ids, columns=runs).rename_axis(columns="run")


def verdict_counts(results: pd.DataFrame) -> pd.DataFrame:
    """Runs (rows) × verdicts (columns, in the engine's order): how many claims got each; then
    ``confirmed`` (the :data:`CONFIRMING` verdicts together) and ``claims`` (all)."""
    runs = list(dict.fromkeys(results["run"]))
    counts = results.groupby(["run", "verdict"]).size().unstack(fill_value=0)
    cols = [v for v in claims.VERDICTS if v in counts.columns]
    out = counts.reindex(index=runs, columns=cols, fill_value=0)
    out["confirmed"] = out[[v for v in CONFIRMING if v in out.columns]].sum(axis=1)
    out["claims"] = out[cols].sum(axis=1)
    return out.rename_axis(columns="verdict")


# --------------------------------------------------------------------------------------------
# Revisions
# --------------------------------------------------------------------------------------------

#: The columns of :func:`revisions`.
REVISION_COLUMNS = ["id", "summary", "unit", "window", "claim_low", "claim_high", "source_type",
                    "reference", "ref_basis", "ref_value", "ref_low", "ref_high", "ref_verdict",
                    "run", "basis", "value", "low", "high", "verdict", "shift", "overlap",
                    "revised", "verdict_changed"]


def revisions(results: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Every claim on every run against the *reference* run: what changed.

    Parameters
    ----------
    results
        From :func:`by_release`.
    reference
        The release to compare with (its ``run`` name, ``"2022 release"``), e.g. the release a
        text was written from.

    Returns
    -------
    pandas.DataFrame
        :data:`REVISION_COLUMNS`, one row per claim and other run: the reference's and the run's
        basis, point, range and verdict; ``shift`` the run's point minus the reference's (in the
        claim's unit; NaN without both points); ``overlap`` whether the two ranges share a value
        (None without both ranges); ``revised`` True where they do not: the two editions' true
        values differ, so SIPRI's data changed between them (a bound holds for its own edition
        only; overlapping bounds do not show that nothing changed); ``verdict_changed``.
    """
    if reference not in set(results["run"]):
        raise ValueError(f"reference run {reference!r} is not in the results (runs: "
                         f"{', '.join(dict.fromkeys(results['run']))}).")
    ref = results[results["run"] == reference].set_index("id")
    rows = []
    for r in results[results["run"] != reference].itertuples(index=False):
        a = ref.loc[r.id]
        ranges = not any(math.isnan(x) for x in (a["low"], a["high"], r.low, r.high))
        overlap = bool(a["low"] <= r.high + analysis.FEASIBILITY_SLACK
                       and r.low <= a["high"] + analysis.FEASIBILITY_SLACK) if ranges else None
        rows.append({
            "id": r.id, "summary": r.summary, "unit": r.unit, "window": r.window,
            "claim_low": r.claim_low, "claim_high": r.claim_high, "source_type": r.source_type,
            "reference": reference, "ref_basis": a["basis"], "ref_value": a["value"],
            "ref_low": a["low"], "ref_high": a["high"], "ref_verdict": a["verdict"],
            "run": r.run, "basis": r.basis, "value": r.value, "low": r.low, "high": r.high,
            "verdict": r.verdict, "shift": r.value - a["value"], "overlap": overlap,
            "revised": (not overlap) if overlap is not None else None,
            "verdict_changed": r.verdict != a["verdict"]})
    return pd.DataFrame(rows, columns=REVISION_COLUMNS)


def revision_summary(results: pd.DataFrame, reference: str) -> pd.DataFrame:
    """Per run other than *reference*: how many claims were compared, how many were revised
    (bounds apart), how many changed verdict, and how many went from confirmed (supported, with
    or without a caveat) on the reference to not confirmed."""
    rv = revisions(results, reference)
    rows = []
    for run, g in rv.groupby("run", sort=False):
        lost = g["ref_verdict"].isin(CONFIRMING) & ~g["verdict"].isin(CONFIRMING)
        rows.append({"reference": reference, "run": run, "claims": len(g),
                     "revised": int(g["revised"].fillna(False).astype(bool).sum()),
                     "verdict_changed": int(g["verdict_changed"].sum()),
                     "no_longer_confirmed": int(lost.sum())})
    return pd.DataFrame(rows, columns=["reference", "run", "claims", "revised", "verdict_changed",
                                       "no_longer_confirmed"])


def revision_table(results: pd.DataFrame, reference: str,
                   fields: Sequence[str] = ("value", "low", "high", "verdict")) -> pd.DataFrame:
    """One line per claim for reading across: each run's point, bounds and verdict, then whether
    the verdict changes and whether SIPRI's data changed (the *reference* run's bounds and a later
    run's do not overlap).

    Parameters
    ----------
    fields
        The columns of :func:`evaluate_runs` to show per run (e.g. ``("value", "low", "high")``
        and ``("verdict", "basis")`` for two narrower tables).

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (file order); columns ``("claim", "summary" | "unit" | "source")``
        (:func:`source_type`), ``(<run>, <field>)`` per run in order, ``("compared with
        <reference>", "revised")`` (True where any later run's bounds miss the reference's) and
        ``(..., "verdict changes")``.
    """
    rv = revisions(results, reference)
    runs = list(dict.fromkeys(results["run"]))
    ids = list(dict.fromkeys(results["id"]))
    by = results.set_index(["id", "run"])
    head = {"summary": "summary", "unit": "unit", "source": "source_type"}
    cols: dict[tuple[str, str], list[Any]] = {("claim", k): [] for k in head}
    for run in runs:
        for f in fields:
            cols[(run, f)] = []
    for cid in ids:
        first = by.loc[(cid, runs[0])]
        for k, col in head.items():
            cols[("claim", k)].append(first[col])
        for run in runs:
            r = by.loc[(cid, run)]
            for f in fields:
                cols[(run, f)].append(r[f])
    out = pd.DataFrame(cols, index=pd.Index(ids, name="id"))
    g = rv.groupby("id", sort=False)
    head = f"compared with {reference}"
    out[(head, "revised")] = g["revised"].agg(lambda s: bool(s.fillna(False).any())).reindex(ids)
    out[(head, "verdict changes")] = g["verdict_changed"].any().reindex(ids)
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out


#: The columns of :func:`misses`.
MISS_COLUMNS = ["id", "run", "edition", "basis", "verdict", "value", "low", "high", "claim_low",
                "claim_high", "step", "miss", "miss_steps", "why", "reason", "error"]


def misses(results: pd.DataFrame) -> pd.DataFrame:
    """The claims a run does not confirm, and why, in numbers.

    Returns
    -------
    pandas.DataFrame
        :data:`MISS_COLUMNS`, one row per claim and run whose verdict is not in
        :data:`CONFIRMING`: ``miss`` how far the point lies outside the claim's interval (in the
        claim's unit; negative below it, positive above, 0 on its open end), ``miss_steps`` the
        same in units of the claim's last printed digit, ``why`` one of :data:`JUST_OUTSIDE`
        (less than :data:`JUST_OUTSIDE_STEPS`), :data:`OUTSIDE`, :data:`NO_POINT`,
        :data:`EXCLUDED` (contradicted), :data:`UNANSWERED` (not checkable); ``reason`` the
        engine's sentence.
    """
    rows = []
    for r in results[~results["verdict"].isin(CONFIRMING)].itertuples(index=False):
        v = r.value
        miss = float("nan")
        if not math.isnan(v):
            miss = (v - r.claim_low) if v < r.claim_low else (v - r.claim_high) if v >= r.claim_high \
                else 0.0
        steps = miss / r.step if r.step and not math.isnan(r.step) else float("nan")
        if r.verdict == "contradicted":
            why = EXCLUDED
        elif r.verdict == "not-checkable":
            why = UNANSWERED
        elif math.isnan(v):
            why = NO_POINT
        else:
            why = JUST_OUTSIDE if abs(steps) < JUST_OUTSIDE_STEPS else OUTSIDE
        rows.append({"id": r.id, "run": r.run, "edition": r.edition, "basis": r.basis,
                     "verdict": r.verdict, "value": v, "low": r.low, "high": r.high,
                     "claim_low": r.claim_low, "claim_high": r.claim_high, "step": r.step,
                     "miss": miss, "miss_steps": steps, "why": why, "reason": r.reason,
                     "error": r.error})
    return pd.DataFrame(rows, columns=MISS_COLUMNS)


def relative(results: pd.DataFrame) -> pd.DataFrame:
    """*results* with every figure on one scale: its distance from the claimed number in units of
    the claim's last printed digit (``x_value``, ``x_low``, ``x_high``; the claim's interval as
    ``x_claim_low``, ``x_claim_high``: -0.5 to 0.5 for "about", ±inf for an open end).

    Shares, changes and ranks come in different units and sizes; on this scale a point inside
    ±0.5 rounds to the claim, and 3 means three of the claim's last digits too high.  Claims
    without a single number (``range``) get NaN.
    """
    out = results.copy()
    q, step = out["quantity"], out["step"]
    for col in ("value", "low", "high", "claim_low", "claim_high"):
        out[f"x_{col}"] = (out[col] - q) / step
    return out


# --------------------------------------------------------------------------------------------
# The register's delivery split
# --------------------------------------------------------------------------------------------

#: The columns of :func:`split_bases`.
SPLIT_COLUMNS = ["recipient", "supplier", "window", "edition", "register_basis", "bounds_from",
                 "value", "low", "high", "width", "unit", "numerator", "denominator",
                 "meets_sipri", "assumption"]


def _any_split(reg: editions.Edition, recipient: str, supplier: str, start: int, end: int
               ) -> tuple[float, float, float]:
    """The even split's point and the bounds any split allows (no printed totals), per cent."""
    deals = reg.register[reg.register["recipient"] == recipient]
    t, _ = analysis.register_share_table(deals, start, end)
    if supplier not in t.index:
        return 0.0, 0.0, 0.0
    r = t.loc[supplier]
    return float(r["share"]), float(r["low"]), float(r["high"])


def split_bases(register: Any, per_year: Sequence[Any], recipient: str, supplier: str,
                start: int, end: int) -> pd.DataFrame:
    """One supplier's share of one recipient's imports on the three register bases.

    Parameters
    ----------
    register
        An edition with a classic trade register (and, for the second row, its printed yearly
        totals): 2024-10-13.
    per_year
        Editions with SIPRI's per-delivery-year register (2024-04-16, the same release; the
        2025-02-10 recording, 2000–2001 only); one that does not cover the window is left out.
    recipient, supplier
        Actors (any spelling :func:`armsdata.queries.resolve` knows).

    Returns
    -------
    pandas.DataFrame
        :data:`SPLIT_COLUMNS` (``bounds_from``: :data:`BOUNDS_FROM`), per cent: the even split
        with the bounds any split allows
        (:data:`ANY_SPLIT`), with the bounds a split agreeing with the printed yearly totals
        allows (:data:`TOTALS_SPLIT`, or the assumption says why not), then each per-year
        edition's value (:data:`PER_YEAR`); ``width`` = high − low; ``holds_sipri`` whether
        SIPRI's per-year value (the first per-year edition's) lies within the row's bounds;
        ``numerator``/``denominator`` the TIV (millions) behind the point.  ``meets_sipri``:
        whether the row's range meets the range of SIPRI's per-year value (the first per-year
        edition's, within its two-decimal rounding): if not, the two registers disagree.

    Raises
    ------
    NoDataError
        *register* has no classic register.  (An edition with both registers gives its even
        split from its classic register, :meth:`armsdata.editions.Edition.without_per_year`,
        and its per-year values when it is among *per_year* too.)
    CoverageError
        *register* does not cover the window.
    """
    reg = _even_split_edition(editions.load(register), start, end)
    rec, sup = queries.resolve(recipient, reg).name, queries.resolve(supplier, reg).name
    constrained = queries.supplier_share(reg, rec, sup, start, end, basis="register")
    value, low, high = _any_split(reg, rec, sup, start, end)
    rows = [_split_row(rec, sup, constrained, ANY_SPLIT, value, low, high, analysis.EVEN_SPLIT),
            _split_row(rec, sup, constrained, TOTALS_SPLIT, constrained.value, constrained.low,
                       constrained.high, constrained.assumption)]
    seen: set[str] = set()
    for ref in per_year:
        ed = editions.load(ref)
        if str(ed.path) in seen:
            continue
        seen.add(str(ed.path))
        try:
            _require_per_year(ed, start, end)
            e = queries.supplier_share(ed, rec, sup, start, end, basis="register")
        except (NoDataError, CoverageError) as exc:
            log.info("edition %s: %s", ed.edition, exc)
            continue
        rows.append(_split_row(rec, sup, e, PER_YEAR, e.value, e.low, e.high, e.assumption))
    out = pd.DataFrame(rows, columns=[c for c in SPLIT_COLUMNS if c != "meets_sipri"])
    out["bounds_from"] = out["register_basis"].map(BOUNDS_FROM)
    truth = out[out["register_basis"] == PER_YEAR]
    if len(truth):
        t_lo, t_hi = float(truth["low"].iloc[0]), float(truth["high"].iloc[0])
        out["meets_sipri"] = [_meet(lo, hi, t_lo, t_hi) for lo, hi in zip(out["low"], out["high"])]
    else:
        out["meets_sipri"] = None
    return out[SPLIT_COLUMNS]


def _even_split_edition(ed: editions.Edition, start: int, end: int) -> editions.Edition:
    """*ed* as an edition whose register basis over the window is the classic register's even
    split: itself, or (an edition with both registers) itself without its per-year values."""
    ed.coverage.require(start, end)
    if ed.register is None:
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no classic trade register, so "
                          f"it has no even split of {start}-{end} to compare; give an edition "
                          "with one (e.g. 2024-10-13).")
    return ed.without_per_year() if ed.per_year_covers(start, end) else ed


def _require_per_year(ed: editions.Edition, start: int, end: int) -> None:
    """Raise unless *ed* has SIPRI's per-year values for every year of the window."""
    ed.coverage.require(start, end)
    if not ed.per_year_covers(start, end):
        raise NoDataError(f"edition {ed.edition} ({ed.name}) has no per-delivery-year register "
                          f"covering {start}-{end}; give one that has (e.g. 2024-04-16).")


def _meet(a_lo: float, a_hi: float, b_lo: float, b_hi: float) -> bool:
    """Whether two ranges share a value (up to the solver's slack)."""
    slack = analysis.FEASIBILITY_SLACK
    return bool(a_lo <= b_hi + slack and b_lo <= a_hi + slack)


def _split_row(rec: str, sup: str, e: queries.Estimate, label: str, value: float | None,
               low: float, high: float, assumption: str) -> dict[str, Any]:
    return {"recipient": rec, "supplier": sup, "window": e.window, "edition": e.edition,
            "register_basis": label, "value": value, "low": low, "high": high,
            "width": high - low, "unit": e.unit, "numerator": e.numerator,
            "denominator": e.denominator, "assumption": assumption}


#: The columns of :func:`split_widths`.
WIDTH_COLUMNS = ["recipient", "supplier", "window", "imports", "register_imports", "value", "low",
                 "high", "width", "even_split", "any_low", "any_high", "any_width", "totals_low",
                 "totals_high", "totals_width", "meets_totals", "meets_any", "per_year_edition",
                 "register_edition", "assumption"]


def split_widths(register: Any, per_year: Any, start: int, end: int, *,
                 recipients: Iterable[str] | None = None) -> pd.DataFrame:
    """For every recipient of a window, its largest supplier's share on the three register bases.

    Parameters
    ----------
    register
        An edition with a classic trade register and printed yearly totals (2024-10-13).
    per_year
        An edition with SIPRI's per-delivery-year register covering the window: its values are
        the reference, and say who the largest supplier is.
    recipients
        Default: every recipient with deliveries in the window in *per_year*.

    Returns
    -------
    pandas.DataFrame
        :data:`WIDTH_COLUMNS`, largest importer first (``imports``: SIPRI's per-year TIV over the
        window, millions; ``register_imports`` the classic register's, even split); shares in per
        cent: ``value``/``low``/``high``/``width`` SIPRI's per-year value and its rounding
        bounds; ``even_split`` the register's point; ``any_*`` the bounds any split allows;
        ``totals_*`` those a split agreeing with the printed yearly totals allows;
        ``meets_totals``/``meets_any`` whether those bounds meet SIPRI's range (False: the two
        registers' data differ, by a revision or by the classic register's own rounding of a
        deal's TIV, which the bounds take as exact).  A recipient the classic register has no
        delivery for in the window gets NaN register columns.
    """
    reg, ped = _even_split_edition(editions.load(register), start, end), editions.load(per_year)
    _require_per_year(ped, start, end)
    cells = analysis.per_year_cells(ped.delivery_years, start, end)
    imports = cells.groupby("recipient")["tiv"].sum()
    names = list(recipients) if recipients is not None else list(imports.index)
    rows = []
    for name in names:
        rec = queries.resolve(name, ped).name
        try:
            top = queries.shares(ped, rec, start, end, basis="register").iloc[0]
        except NoDataError as exc:
            log.info("%s", exc)
            continue
        sup = str(top["supplier"])
        row = {"recipient": rec, "supplier": sup, "window": analysis.window_label(start, end),
               "imports": float(imports.get(rec, 0.0)), "value": float(top["share"]),
               "low": float(top["low"]), "high": float(top["high"]),
               "width": float(top["high"] - top["low"]), "per_year_edition": ped.edition,
               "register_edition": reg.edition}
        try:
            e = queries.supplier_share(reg, rec, sup, start, end, basis="register")
            even, any_lo, any_hi = _any_split(reg, rec, sup, start, end)
        except NoDataError as exc:
            log.info("edition %s: %s", reg.edition, exc)
            rows.append(row)
            continue
        row.update(register_imports=e.denominator, even_split=even, any_low=any_lo,
                   any_high=any_hi, any_width=any_hi - any_lo, totals_low=e.low,
                   totals_high=e.high, totals_width=e.high - e.low,
                   meets_totals=_meet(e.low, e.high, row["low"], row["high"]),
                   meets_any=_meet(any_lo, any_hi, row["low"], row["high"]),
                   assumption=e.assumption)
        rows.append(row)
    out = pd.DataFrame(rows, columns=WIDTH_COLUMNS)
    out = out.sort_values(["imports", "recipient"], ascending=[False, True], kind="mergesort")
    return out.reset_index(drop=True)


#: The columns of :func:`cell_differences`.
CELL_COLUMNS = ["recipient", "supplier", "year", "tiv_a", "tiv_b", "difference", "edition_a",
                "edition_b"]


def cell_differences(a: Any, b: Any, start: int, end: int) -> pd.DataFrame:
    """SIPRI's per-year values in two per-delivery-year editions, cell by cell (recipient,
    supplier, year; deals summed): the cells that differ by more than their two-decimal rounding
    allows (a revision between the two).

    Returns
    -------
    pandas.DataFrame
        :data:`CELL_COLUMNS` (TIV, millions; a cell one edition lacks is 0 there), in name and
        year order; ``attrs["cells"]`` the number of cells compared.
    """
    ea, eb = editions.load(a), editions.load(b)
    parts = []
    for ed in (ea, eb):
        _require_per_year(ed, start, end)
        cells = analysis.per_year_cells(ed.delivery_years, start, end)
        g = cells.groupby(["recipient", "supplier", "year"])
        parts.append(pd.concat([g["tiv"].sum(), g.size().rename("n")], axis=1))
    parts[0] = parts[0].add_suffix("_a")
    both = parts[0].join(parts[1].add_suffix("_b"), how="outer").fillna(0.0)
    # each printed value within +/-0.005: a cell of n values by up to n * 0.005
    slack = conventions.REGISTER_HALF_UNIT * (both["n_a"] + both["n_b"]) + analysis.FEASIBILITY_SLACK
    both = both.assign(difference=both["tiv_b"] - both["tiv_a"], edition_a=ea.edition,
                       edition_b=eb.edition)
    out = both[both["difference"].abs() > slack].reset_index()
    out = out[CELL_COLUMNS].reset_index(drop=True)
    out.attrs = {"cells": len(both), "window": analysis.window_label(start, end)}
    return out


def width_summary(widths: pd.DataFrame) -> pd.DataFrame:
    """:func:`split_widths` in a few numbers per register basis: how many recipients, the median
    and largest width of the bounds (percentage points), and how many meet SIPRI's range."""
    ok = widths.dropna(subset=["totals_width"])
    rows = [
        {"register_basis": ANY_SPLIT, "edition": _one(ok["register_edition"]),
         "recipients": len(ok), "median_width": ok["any_width"].median(),
         "max_width": ok["any_width"].max(), "meet_sipri": int(ok["meets_any"].sum())},
        {"register_basis": TOTALS_SPLIT, "edition": _one(ok["register_edition"]),
         "recipients": len(ok), "median_width": ok["totals_width"].median(),
         "max_width": ok["totals_width"].max(),
         "meet_sipri": int(ok["meets_totals"].sum())},
        {"register_basis": PER_YEAR, "edition": _one(widths["per_year_edition"]),
         "recipients": len(widths), "median_width": widths["width"].median(),
         "max_width": widths["width"].max(), "meet_sipri": len(widths)},
    ]
    out = pd.DataFrame(rows)
    out.insert(2, "window", _one(widths["window"]))
    out["unit"] = "percentage points"
    return out


def _one(s: pd.Series) -> str:
    return ", ".join(str(x) for x in dict.fromkeys(s.dropna()))


# --------------------------------------------------------------------------------------------
# Stacked tables for the explorer
# --------------------------------------------------------------------------------------------

def shares(eds: Sequence[Any], recipient: str, start: int, end: int) -> pd.DataFrame:
    """Every supplier's share of *recipient*'s imports on every basis of every edition, stacked.

    An edition given twice counts once; an edition or basis without deliveries to *recipient* in
    the window is left out (logged).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`armsdata.queries.shares`, editions in the order given, bases in
        each edition's order; empty (same columns) if no edition records a delivery.
    """
    frames = []
    for ed in _distinct(eds):
        for b in queries.bases(ed, "share"):
            try:
                frames.append(queries.shares(ed, recipient, start, end, basis=b))
            except NoDataError as exc:
                log.info("%s", exc)
    if not frames:
        return pd.DataFrame(columns=analysis.SHARE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def total_imports(eds: Sequence[Any], recipient: str, start: int, end: int) -> pd.DataFrame:
    """*recipient*'s printed total arms imports per year in each edition, and the difference.

    Returns
    -------
    pandas.DataFrame
        Index ``year`` (every year of the window); one column per edition (its generated date;
        SIPRI TIV, millions, as printed: a recipient's ``Total`` row or its row of the world
        imports table), then, for two editions or more, ``difference`` = the last minus the first.
        ``attrs``: ``recipient``, ``unit``.

    Raises
    ------
    NoDataError
        An edition prints no yearly totals (a per-delivery-year register alone).
    """
    cols = []
    name = recipient
    for ed in _distinct(eds):
        name = queries.resolve(recipient, ed).name
        cols.append(queries.total_imports_by_year(ed, recipient, start, end))
    out = pd.concat(cols, axis=1)
    if len(cols) > 1:
        out["difference"] = out.iloc[:, -1] - out.iloc[:, 0]
    out.attrs = {"recipient": name, "unit": "SIPRI TIV, millions"}
    return out


def _distinct(eds: Sequence[Any]) -> list[editions.Edition]:
    """The editions, loaded, each once (``report --edition E`` sets every edition parameter to
    E)."""
    out: dict[str, editions.Edition] = {}
    for ref in eds:
        ed = editions.load(ref)
        out.setdefault(str(ed.path.resolve()), ed)
    return list(out.values())


def total_row(table: pd.DataFrame) -> pd.DataFrame:
    """A yearly table with one more row, the window's sum, labelled ``"<first>-<last>"``."""
    years = [int(y) for y in table.index]
    out = table.copy()
    out.loc[analysis.window_label(min(years), max(years))] = table.sum()
    return out


__all__ = ["ANY_SPLIT", "BOUNDS_FROM", "CONFIRMING", "EXCLUDED", "JUST_OUTSIDE", "NO_POINT", "OUTSIDE",
           "PER_YEAR", "SOURCE_TYPES", "TOTALS_SPLIT", "UNANSWERED", "by_release",
           "cell_differences", "misses", "relative", "revision_summary", "revision_table", "revisions", "shares",
           "source_type", "sources", "split_bases", "split_widths", "total_imports",
           "total_row", "verdict_counts", "verdicts", "width_summary"]
