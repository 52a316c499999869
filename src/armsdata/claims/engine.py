"""The claims engine: evaluate one claim, every claim of a file, and tabulate the results.

:func:`evaluate` runs a claim's evaluator (:mod:`armsdata.claims.checks`) and packs the finding
with its prose (:mod:`armsdata.claims.explain`) into a :class:`~armsdata.claims.model.ClaimResult`;
:func:`evaluate_each` and :func:`evaluate_file` do so for every claim of a list or a file, and a
claim that cannot be evaluated is listed, not-checkable, with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from typing import Sequence

import pandas as pd

from armsdata.claims import explain
from armsdata.claims.checks import EVALUATORS
from armsdata.claims.context import Context
from armsdata.claims.model import RESULT_COLUMNS, ClaimResult, Finding, revision_text
from armsdata.claims.rules import REFUTATION, SUPPORT, VERDICTS, Decision
from armsdata.claims.schema import SIPRI_CHECKS, Claim, ClaimsFile, load, load_claims
from armsdata.errors import ArmsDataError, ClaimError

log = logging.getLogger(__name__)


def _result(claim: Claim, f: Finding, error: str = "") -> ClaimResult:
    try:
        region = claim.interval()
        claim_low, claim_high = region.lo, region.hi
    except ValueError:
        claim_low = claim_high = float("nan")
    editions = ", ".join(f.editions)
    return ClaimResult(
        id=claim.id, quote=claim.quote, check=claim.check, comparator=claim.comparator,
        unit=claim.unit, summary=explain.claim_summary(claim), claimed=claim.claimed(),
        quantity=list(claim.quantity) if isinstance(claim.quantity, tuple) else claim.quantity,
        claim_low=claim_low, claim_high=claim_high, value=f.value, low=f.low, high=f.high,
        range_kind=f.range_kind, verdict=f.decision.verdict, reason=explain.reason(claim, f),
        explanation=explain.explanation(claim, f), evidence=[i.as_text() for i in f.items],
        assumptions=[a.as_dict() for a in f.assumptions],
        judgements=[j.as_dict() for j in f.judgements],
        estimates=[{k: v for k, v in e.items() if k != "table"} for e in f.estimates],
        edition=editions, basis=", ".join(f.bases), rule=explain.rule_text(f.decision),
        method=claim.method, notebook=claim.notebook, coverage_note=f.coverage_note,
        source=claim.source, items=tuple(f.items), error=error, release=f.release,
        release_mode=f.mode,
        text_date=f.record.date.isoformat() if f.record is not None and f.record.date else "",
        date_source=f.record.source if f.record is not None else "",
        low_from=next((r["low_from"] for r in f.releases if r["release"] == f.release), ""),
        high_from=next((r["high_from"] for r in f.releases if r["release"] == f.release), ""),
        point_from=next((r["point_from"] for r in f.releases if r["release"] == f.release), ""),
        revisions=[r for r in f.releases if r["release"] != f.release],
        unanswered=list(f.problems))


def _finding(claim: Claim, ctx: Context) -> Finding:
    f = EVALUATORS[claim.check](claim, ctx)
    if f.decision.verdict not in VERDICTS:  # an evaluator bug, not a data problem
        raise ClaimError(f"{claim.where()}: evaluator returned unknown verdict {f.decision.verdict!r}.")
    return f


def evaluate(claim: Claim, context: Context | None = None) -> ClaimResult:
    """Evaluate one claim, and show what each judgement call in its data does to the verdict.

    Parameters
    ----------
    claim
        From :func:`load_claims` / :func:`load`.
    context
        Editions and ledgers to read (default: a fresh :class:`Context` on the shipped data).

    Returns
    -------
    ClaimResult
        A SIPRI claim that no edition can answer (window not covered, unknown actor, layout
        missing) is ``not-checkable`` with the reasons, and its ``error`` says so.

    Raises
    ------
    ClaimError
        The claim's evidence names a ledger column that does not exist.
    LedgerError, SnapshotError, ChecksumError
        From the data it reads: broken data stop the claim rather than give a verdict.
    """
    base = context if context is not None else Context()
    ctx = base.copy()
    f = _finding(claim, ctx)
    if f.record is not None and f.record.span_release not in (None, f.record.release):
        # the text's month or year holds a release date: either release could be its own
        f = weaker(f, _finding(claim, base.copy(span_end=True)))
    for j in list(ctx.judgements):
        flipped = _finding(claim, base.copy(reversed=frozenset({j.id}))).decision.verdict
        f.judgements.append(j.__class__(j.id, j.call, j.reason, j.applied, flipped))
    error = ""
    if f.decision.verdict == "not-checkable" and f.problems:
        error = "; ".join(f.problems)
    return _result(claim, f, error)


def weaker(a: Finding, b: Finding) -> Finding:
    """Of two findings on the two releases a text's date allows (its month held a release
    date), the one no stronger than the evidence of both: the same verdict stays; where one
    supports the claim and the other does not, neither can be said (``inconclusive``); else the
    weaker of the two (a caveat over a support, not-supported over a contradiction)."""
    va, vb = a.decision.verdict, b.decision.verdict
    if va == vb:
        return a
    if (SUPPORT[va] > 0) != (SUPPORT[vb] > 0):
        detail = {**a.decision.detail, "releases": (a.release, b.release), "verdicts": (va, vb)}
        return dataclasses.replace(a, decision=Decision("inconclusive", "span-releases-disagree",
                                                        detail))
    strength = {v: max(SUPPORT[v], REFUTATION[v]) + (v == "not-supported") for v in (va, vb)}
    return a if strength[va] <= strength[vb] else b


def broken(cid: str, exc: ArmsDataError, quote: str = "") -> ClaimResult:
    """The result of a claim that could not be evaluated: listed, not-checkable, with the
    reason."""
    msg = str(exc)
    return ClaimResult(
        id=cid, quote=quote, check="", comparator="", unit="", summary=f"{cid} (not evaluated)",
        claimed="", quantity=None, claim_low=float("nan"), claim_high=float("nan"), value=None,
        low=None, high=None, range_kind="none", verdict="not-checkable",
        reason=explain._short(f"Not checkable: {type(exc).__name__}: {msg}", 28),
        explanation=f"This claim could not be evaluated: {type(exc).__name__}: {msg}",
        evidence=[], assumptions=[], judgements=[], estimates=[], edition="", basis="",
        rule="the claim could not be evaluated", error=f"{type(exc).__name__}: {msg}")


def evaluate_each(claims: Sequence[Claim] | None = None, context: Context | None = None, *,
                  problems: Sequence[tuple[str, ArmsDataError]] = ()
                  ) -> tuple[list[ClaimResult], list[tuple[str, ArmsDataError]]]:
    """Evaluate every claim (default: the article's) in order; one that fails does not stop the
    rest.

    Returns
    -------
    (results, failures)
        A result for every claim, in file order (claims that could not be evaluated, and the
        *problems* of claims a file could not load, are ``not-checkable`` with the reason and
        come first), and ``(claim id, error)`` for each claim that could not be evaluated.
    """
    ctx = context if context is not None else Context()
    all_claims = list(claims) if claims is not None else load_claims()
    results: list[ClaimResult] = [broken(cid, exc) for cid, exc in problems]
    failures: list[tuple[str, ArmsDataError]] = list(problems)
    for c in all_claims:
        try:
            results.append(evaluate(c, ctx))
        except ArmsDataError as exc:
            log.error("claim %s cannot be evaluated: %s", c.id, exc)
            failures.append((c.id, exc))
            results.append(broken(c.id, exc, c.quote))
    return results, failures


def evaluate_all(claims: Sequence[Claim] | None = None, context: Context | None = None
                 ) -> list[ClaimResult]:
    """Like :func:`evaluate_each`, but raise the first failure."""
    results, failures = evaluate_each(claims, context)
    if failures:
        raise failures[0][1]
    return results


def evaluate_file(path: str | os.PathLike[str] | None = None, *,
                  editions: Sequence[str] | None = None,
                  data_dir: str | os.PathLike[str] | None = None,
                  date: dt.date | None = None, date_label: str = "--date"
                  ) -> tuple[list[ClaimResult], list[tuple[str, ArmsDataError]], ClaimsFile]:
    """Load a claims file and evaluate every valid claim; the invalid ones are listed as
    not-checkable with the error (file, claim id, line).

    Parameters
    ----------
    path
        A claims file; default the article's.
    editions
        Evaluate every SIPRI-based claim on these editions only (``--edition``).
    date
        The text's date (``--date``): every SIPRI claim is judged on the release in force then;
        default the file's ``date``, or a claim's ``source.date``.  *date_label*: where that
        date came from, as the outputs name it.
    data_dir
        The folder of the snapshots and ``curated/``.

    Raises
    ------
    ClaimFileError
        The file as a whole is unusable (not YAML, too large, no ``claims`` list, ...).
    """
    cf = load(path)
    ctx = Context(override=list(editions) if editions else None, data_dir=data_dir,
                  file_edition=cf.edition, date=date, file_date=cf.date,
                  file_date_text=cf.date_text, date_label=date_label)
    results, failures = evaluate_each(cf.claims, ctx, problems=cf.problems)
    return results, failures, cf


def results_frame(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """One row per result, columns :data:`RESULT_COLUMNS` (value/low/high float, NaN if none)."""
    rows = []
    for r in results:
        d = r.to_dict()
        d["evidence"] = "; ".join(d["evidence"])
        d["assumptions"] = "; ".join(f"{a['name']}: {a['value']} "
                                     f"({'confirmed' if a['confirmed'] else 'not confirmed'})"
                                     for a in d["assumptions"])
        d["revisions"] = "; ".join(revision_text(v, r.unit, (r.claim_low, r.claim_high))
                                   for v in d["revisions"])
        rows.append(d)
    df = pd.DataFrame(rows, columns=list(RESULT_COLUMNS))
    for k in ("value", "low", "high"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df


def named_actors(claims: Sequence[Claim] | None = None,
                 roles: Sequence[str] = ("recipient", "supplier")) -> list[str]:
    """Every recipient (and supplier) the SIPRI-based claims name, as written, in order (for
    ``fetch edition``, which fetches a table for every recipient a claim names)."""
    out: list[str] = []
    for c in claims if claims is not None else load_claims():
        if c.check in SIPRI_CHECKS:
            for key in roles:
                name = c.evidence.get(key)
                if name and str(name).casefold() != "world" and name not in out:
                    out.append(str(name))
    return out


__all__ = ["broken", "evaluate", "evaluate_all", "evaluate_each", "evaluate_file",
           "named_actors", "results_frame"]
