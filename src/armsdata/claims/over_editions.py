"""Revisions: every SIPRI-based claim on every SIPRI release there is, one row per release.

SIPRI revises its whole database every year, so a figure checked on one release may read
differently on the next.  :func:`drift` evaluates each SIPRI claim once, on every edition there is
(:mod:`armsdata.claims.by_release` groups them by release and intersects each release's bounds),
and tabulates each release's range and the verdict it would give; the release that judges the
claim (the one in force at the text's date, else the newest that answers) is marked ``decides``.
A release that cannot answer a claim (a window it does not cover, a table it lacks) is a row too,
with the reason.  :func:`drift_summary` says per claim whether the verdict is the same on every
release that answers and how far the points move.

>>> from armsdata import claims
>>> claims.drift()[["id", "release", "value", "low", "high", "verdict", "decides"]]  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
from typing import Any, Sequence

import pandas as pd

from armsdata.claims.context import Context
from armsdata.claims.model import release_rows
from armsdata.claims.schema import SIPRI_CHECKS, Claim, load_claims
from armsdata.errors import ArmsDataError

log = logging.getLogger(__name__)

#: Columns of :func:`drift`, in order.
DRIFT_COLUMNS = ("id", "summary", "comparator", "quantity", "unit", "claim_low", "claim_high",
                 "release", "editions", "basis", "value", "low", "high", "range_kind", "verdict",
                 "decides", "answered", "reason")
#: Columns of :func:`drift_summary`.
SUMMARY_COLUMNS = ("id", "summary", "unit", "releases", "answered", "verdicts", "stable",
                   "lowest_point", "highest_point", "spread")


def drift(claims: Sequence[Claim] | None = None, *, context: Context | None = None,
          data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Each SIPRI-based claim on each release there is.

    Parameters
    ----------
    claims
        Claims (default: the article's); those that are not SIPRI checks are left out.
    context
        A context whose loaded editions and ledgers are reused (default a fresh one on
        *data_dir*): its ``editions``, ``override`` and date decide what is asked and judged.
    data_dir
        The folder of the snapshots (default the shipped ``data/raw``).

    Returns
    -------
    pandas.DataFrame
        One row per claim and release, claims in the order given and releases oldest first:
        :data:`DRIFT_COLUMNS`.  ``release`` is the release's year; ``editions`` and ``basis`` the
        editions and bases that answered on it; ``value``/``low``/``high`` its point and its range
        (the intersection of its bounds; NaN where it cannot answer); ``decides`` True for the
        release that judges the claim; ``answered`` False where the release cannot answer, with
        ``reason`` saying why (else the verdict's one-sentence reason for the deciding release,
        the release's rule for the others).
    """
    from armsdata.claims.engine import evaluate

    ctx = context if context is not None else Context(data_dir=data_dir)
    chosen = [c for c in (claims if claims is not None else load_claims())
              if c.check in SIPRI_CHECKS]
    present = _present_releases(ctx)
    rows: list[dict[str, Any]] = []
    for claim in chosen:
        region = claim.interval()
        base = {"id": claim.id, "summary": claim.summary or claim.id,
                "comparator": claim.comparator,
                "quantity": list(claim.quantity) if isinstance(claim.quantity, tuple)
                else claim.quantity, "unit": claim.unit,
                "claim_low": region.lo, "claim_high": region.hi}
        try:
            r = evaluate(claim, ctx)
        except ArmsDataError as exc:  # broken data: shown, not hidden
            log.warning("claim %s: %s", claim.id, exc)
            rows += [{**base, "release": rel, "editions": "", "basis": "", "value": None,
                      "low": None, "high": None, "range_kind": "none",
                      "verdict": "not-checkable", "decides": False, "answered": False,
                      "reason": f"{type(exc).__name__}: {exc}"} for rel in present]
            continue
        rows += _release_lines(base, r, present)
    return _frame(rows)


def _release_lines(base: dict[str, Any], r: Any, present: Sequence[int]) -> list[dict[str, Any]]:
    """One claim's rows of :func:`drift`: every release that answers it (:func:`release_rows`)
    and every other release of *present*, with why it cannot answer."""
    from armsdata.claims.explain import RULES

    answered = {row["release"]: row for row in release_rows(r)}
    rows = []
    for rel in sorted(set(present) | set(answered)):
        row = answered.get(rel)
        if row is None:
            rows.append({**base, "release": rel, "editions": "", "basis": "", "value": None,
                         "low": None, "high": None, "range_kind": "none",
                         "verdict": "not-checkable", "decides": False, "answered": False,
                         "reason": _why_not(r, rel)})
            continue
        rows.append({**base, "release": rel, "editions": ", ".join(row["editions"]),
                     "basis": ", ".join(row["bases"]), "value": row["value"],
                     "low": row["low"], "high": row["high"], "range_kind": r.range_kind,
                     "verdict": row["verdict"], "decides": row["decides"], "answered": True,
                     "reason": r.reason if row["decides"] else RULES.get(row["code"], row["code"])})
    return rows


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(DRIFT_COLUMNS))
    for k in ("claim_low", "claim_high", "value", "low", "high"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    df["answered"] = df["answered"].astype(bool)
    df["decides"] = df["decides"].astype(bool)
    return df


def _present_releases(ctx: Context) -> list[int]:
    """The releases of the editions the context asks (each loaded once)."""
    out = set()
    for ref in ctx.edition_refs():
        try:
            out.add(ctx.edition(ref).release.year)
        except ArmsDataError as exc:
            log.warning("edition %s: %s", ref, exc)
    return sorted(out)


def _why_not(r: Any, release: int) -> str:
    """The reason a release gave for not answering: the first of the result's ``unanswered``
    naming it, without its name."""
    tag = f"the {release} release"
    for part in r.unanswered:
        if part.startswith(tag):
            return part.split(": ", 1)[-1].strip().rstrip(".") if ": " in part else part
    return f"no edition of the {release} release answers it"


def drift_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per claim of a :func:`drift` table: how many releases answer it, the verdicts they give,
    whether the verdict is the same on all of them (``stable``), and the lowest and highest
    point and their difference (``spread``, in the claim's unit; NaN without two points).

    Returns
    -------
    pandas.DataFrame
        :data:`SUMMARY_COLUMNS`, one row per claim in the table's order.
    """
    rows = []
    for cid, g in table.groupby("id", sort=False):
        ans = g[g["answered"]]
        verdicts = list(dict.fromkeys(ans["verdict"]))
        points = ans["value"].dropna()
        rows.append({"id": cid, "summary": g["summary"].iloc[0], "unit": g["unit"].iloc[0],
                     "releases": len(g), "answered": len(ans),
                     "verdicts": ", ".join(verdicts), "stable": len(verdicts) == 1,
                     "lowest_point": points.min() if len(points) else None,
                     "highest_point": points.max() if len(points) else None,
                     "spread": points.max() - points.min() if len(points) > 1 else None})
    df = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    for k in ("lowest_point", "highest_point", "spread"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df


__all__ = ["DRIFT_COLUMNS", "SUMMARY_COLUMNS", "drift", "drift_summary"]
