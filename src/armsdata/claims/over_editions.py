"""Edition drift: every SIPRI-based claim re-checked on every edition there is.

SIPRI revises its whole database every year, so a figure checked on one edition may read
differently on the next.  :func:`drift` evaluates each SIPRI claim on each edition alone
(``Context(override=[edition])``, as ``armsdata claims --edition E`` does), on every basis
that edition supports, and tabulates the value, the bounds and the verdict per edition; an
edition that cannot answer a claim (a window it does not cover, a table it lacks) is a row too,
with the reason.  :func:`drift_summary` says per claim whether the verdict is the same on every
edition that answers and how far the points move.  The editions are loaded once and shared.

>>> from armsdata import claims
>>> claims.drift()[["id", "edition", "value", "low", "high", "verdict"]]   # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
from typing import Any, Sequence

import pandas as pd

from armsdata.claims.context import Context, present_editions
from armsdata.claims.schema import SIPRI_CHECKS, Claim, load_claims
from armsdata.errors import ArmsDataError

log = logging.getLogger(__name__)

#: Columns of :func:`drift`, in order.
DRIFT_COLUMNS = ("id", "summary", "comparator", "quantity", "unit", "claim_low", "claim_high",
                 "edition", "snapshot", "basis", "value", "low", "high", "range_kind", "verdict",
                 "answered", "reason")
#: Columns of :func:`drift_summary`.
SUMMARY_COLUMNS = ("id", "summary", "unit", "editions", "answered", "verdicts", "stable",
                   "lowest_point", "highest_point", "spread")


def drift(claims: Sequence[Claim] | None = None, editions: Sequence[str] | None = None, *,
          context: Context | None = None,
          data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Each SIPRI-based claim evaluated on each edition on its own.

    Parameters
    ----------
    claims
        Claims (default: the article's); those that are not SIPRI checks are left out.
    editions
        Edition references (generated dates, snapshot names or paths); default every data
        edition under *data_dir* (:func:`present_editions`).
    context
        A context whose loaded editions and ledgers are reused (default a fresh one on
        *data_dir*); each evaluation runs on a copy with ``override=[edition]``.
    data_dir
        The folder of the snapshots (default the shipped ``data/raw``).

    Returns
    -------
    pandas.DataFrame
        One row per claim and edition, claims in the order given and editions oldest first:
        :data:`DRIFT_COLUMNS`.  ``edition`` is SIPRI's generated date, ``snapshot`` the folder;
        ``basis`` the bases the edition answered on; ``value``/``low``/``high`` the point and
        range over those bases (NaN where there is none); ``answered`` False where the edition
        cannot answer the claim, ``reason`` then saying why (else the result's one-sentence
        reason).
    """
    from armsdata.claims.engine import evaluate

    base = context if context is not None else Context(data_dir=data_dir)
    chosen = [c for c in (claims if claims is not None else load_claims())
              if c.check in SIPRI_CHECKS]
    refs = ([ref for _, ref in present_editions(base.data_dir if context is not None
                                                 else data_dir)]
            if editions is None else [str(ref) for ref in editions])
    targets = [(ref, *_describe(base, ref)) for ref in refs]
    rows: list[dict[str, Any]] = []
    for claim in chosen:
        region = claim.interval()
        for ref, generated, folder in targets:
            row = {"id": claim.id, "summary": claim.summary or claim.id,
                   "comparator": claim.comparator,
                   "quantity": list(claim.quantity) if isinstance(claim.quantity, tuple)
                   else claim.quantity, "unit": claim.unit,
                   "claim_low": region.lo, "claim_high": region.hi, "edition": generated,
                   "snapshot": folder}
            try:
                r = evaluate(claim, base.copy(override=[ref]))
            except ArmsDataError as exc:  # broken data in this edition: shown, not hidden
                log.warning("claim %s on edition %s: %s", claim.id, generated, exc)
                rows.append({**row, "basis": "", "value": None, "low": None, "high": None,
                             "range_kind": "none", "verdict": "not-checkable",
                             "answered": False, "reason": f"{type(exc).__name__}: {exc}"})
                continue
            answered = not r.error
            rows.append({**row, "basis": r.basis, "value": r.value, "low": r.low,
                         "high": r.high, "range_kind": r.range_kind, "verdict": r.verdict,
                         "answered": answered,
                         "reason": r.reason if answered else _unanswered(r.error, ref,
                                                                         generated)})
    df = pd.DataFrame(rows, columns=list(DRIFT_COLUMNS))
    for k in ("claim_low", "claim_high", "value", "low", "high"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    df["answered"] = df["answered"].astype(bool)
    return df


def _describe(ctx: Context, ref: str) -> tuple[str, str]:
    """SIPRI's generated date and the snapshot folder of edition *ref*; *ref* itself for both
    where it cannot be loaded (its rows then say why)."""
    try:
        ed = ctx.edition(ref)
    except ArmsDataError:
        return str(ref), str(ref)
    return str(ed.edition), str(ed.name)


def _unanswered(error: str, *names: str) -> str:
    """The first reason an edition gave, without the ``edition E:`` prefix every reason repeats
    (the row names the edition)."""
    first = error.split("; ")[0]
    for name in names:
        for prefix in (f"edition {name}, ", f"edition {name}: "):
            if first.startswith(prefix):
                first = first[len(prefix):]
    return first


def drift_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per claim of a :func:`drift` table: how many editions answer it, the verdicts they give,
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
                     "editions": len(g), "answered": len(ans),
                     "verdicts": ", ".join(verdicts), "stable": len(verdicts) == 1,
                     "lowest_point": points.min() if len(points) else None,
                     "highest_point": points.max() if len(points) else None,
                     "spread": points.max() - points.min() if len(points) > 1 else None})
    df = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    for k in ("lowest_point", "highest_point", "spread"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df


__all__ = ["DRIFT_COLUMNS", "SUMMARY_COLUMNS", "drift", "drift_summary", "present_editions"]
