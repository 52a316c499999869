"""Claims and their results as small tables, for the notebooks and the report.

A notebook shows a claim's evidence as tables and draws it; everything it shows comes from
here (or from :mod:`armsdata.queries` for SIPRI's own tables), so a notebook holds no logic of
its own.  Two kinds of function:

* from a :class:`~armsdata.claims.ClaimResult` (what :func:`armsdata.claims.evaluate` returns):
  :func:`verdicts`, :func:`evidence`, :func:`estimates`, :func:`assumptions`,
  :func:`judgements`;
* from a :class:`~armsdata.claims.Claim`, for numbers an evaluation computes but a result
  carries only as prose: :func:`reports` (the reported quantities a capacity bound is compared
  with), :func:`capacity_bounds` (the conditional bounds themselves), :func:`on_windows` (the
  same SIPRI figure over other windows), and :func:`deal_categories` (a deal-list claim's
  items as a map of SIPRI weapon descriptions).

>>> from armsdata import claims
>>> r = claims.evaluate(claims.get_claim("russia-share-2011-2020"))          # doctest: +SKIP
>>> claims.tables.estimates(r)[["edition", "basis", "value", "low", "high"]]  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import pandas as pd

from armsdata.claims.by_release import label
from armsdata.claims.checks import EVALUATORS
from armsdata.claims.context import Context
from armsdata.claims.model import ClaimResult, Finding
from armsdata.claims.schema import SIPRI_CHECKS, Claim, Window
from armsdata.errors import ClaimError

#: Columns of :func:`verdicts`.
VERDICT_COLUMNS = ("id", "summary", "claimed", "value", "low", "high", "range_kind", "unit",
                   "verdict", "reason", "notebook")
#: Columns of :func:`evidence`.
EVIDENCE_COLUMNS = ("label", "role", "coverage", "source", "url_status", "url")
#: Columns of :func:`estimates`.
ESTIMATE_COLUMNS = ("release", "edition", "basis", "window", "value", "low", "high", "width",
                    "feasible", "point", "numerator", "denominator", "assumption",
                    "coverage_note")
#: Columns of :func:`assumptions`.
ASSUMPTION_COLUMNS = ("name", "value", "confirmed", "evidence", "effect")
#: Columns of :func:`judgements`.
JUDGEMENT_COLUMNS = ("call", "applied", "reason", "verdict_if_reversed", "id")
#: Columns of :func:`reports`.
REPORT_COLUMNS = ("id", "by", "qualifier", "value", "unit", "period", "whole_window",
                  "source_type")
#: Columns of :func:`capacity_bounds`.
CAPACITY_COLUMNS = ("scope", "units", "units_name", "per_unit", "type", "bound", "unit",
                    "compared_with", "reported", "implied_per_unit")


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(columns))


# --------------------------------------------------------------------------------------------
# From a result
# --------------------------------------------------------------------------------------------

def verdicts(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """One row per result: :data:`VERDICT_COLUMNS` (``value``/``low``/``high`` float, NaN where
    the evidence gives none), in the order given."""
    df = _frame([{k: getattr(r, k) for k in VERDICT_COLUMNS} for r in results], VERDICT_COLUMNS)
    for k in ("value", "low", "high"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df


def evidence(result: ClaimResult) -> pd.DataFrame:
    """The result's evidence items: what each says (``label``), its direction with respect to
    the claim (``role``: supports, refutes, neutral), how its source was gathered
    (``coverage``), where it is (``source``: a ledger row or a SIPRI edition and basis), and its
    URL with its status (``ok``, ``shortened``, ``site-root``, ``archive``, ``not-found``)."""
    return _frame([{k: getattr(i, k) for k in EVIDENCE_COLUMNS} for i in result.items],
                  EVIDENCE_COLUMNS)


def estimates(result: ClaimResult) -> pd.DataFrame:
    """Every edition and basis's figure behind a SIPRI result: :data:`ESTIMATE_COLUMNS`.

    ``width`` is ``high - low``, how much the bounds leave open; ``point`` marks the estimate
    whose value is the result's point (on the release that judged it, the best point within
    that release's range: :mod:`armsdata.claims.by_release`); an estimate with ``feasible``
    False is a quotient of rounded figures that no unrounded data can give, shown but not used
    as the point.  Empty for a ledger claim.
    """
    rows = []
    for e in result.estimates:
        point = (result.point_from != "" and e.get("release") == result.release
                 and label(e) == result.point_from)
        rows.append({**{k: e.get(k) for k in ESTIMATE_COLUMNS}, "point": point,
                     "width": float(e["high"]) - float(e["low"])})
    df = _frame(rows, ESTIMATE_COLUMNS)
    for k in ("value", "low", "high", "width", "numerator", "denominator"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    df["feasible"] = df["feasible"].astype(bool)
    df["point"] = df["point"].astype(bool)
    return df


def assumptions(result: ClaimResult) -> pd.DataFrame:
    """Every assumption behind the result's bounds: :data:`ASSUMPTION_COLUMNS` (``confirmed``
    False: the bound holds only if it does)."""
    return _frame([{k: a.get(k, "") for k in ASSUMPTION_COLUMNS} for a in result.assumptions],
                  ASSUMPTION_COLUMNS)


def judgements(result: ClaimResult) -> pd.DataFrame:
    """The judgement calls in the data behind the result: the call, whether it was applied,
    its stated reason, and the verdict the claim would get if it went the other way."""
    return _frame([{k: j.get(k) for k in JUDGEMENT_COLUMNS} for j in result.judgements],
                  JUDGEMENT_COLUMNS)


# --------------------------------------------------------------------------------------------
# From a claim: numbers a result gives only in its prose
# --------------------------------------------------------------------------------------------

def _finding(claim: Claim, context: Context | None) -> Finding:
    ctx = (context if context is not None else Context()).copy()
    return EVALUATORS[claim.check](claim, ctx)


def reports(claim: Claim, context: Context | None = None) -> pd.DataFrame:
    """The reported figures of the claim's quantity that its evaluation reads (a
    ``physical-bound`` claim's reports dated within its window), as numbers.

    Returns
    -------
    pandas.DataFrame
        :data:`REPORT_COLUMNS`: the ledger row, who reported it, its qualifier (``more than``,
        ...), the figure in the claim's unit, the period it covers, whether that period is the
        claim's whole window (else the figure is a lower bound for the window), and the kind of
        source (``official``, ``media``, ``reprint``).  Empty for other checks.
    """
    f = _finding(claim, context)
    rows = [{"id": r["id"], "by": r["by"], "qualifier": r["qualifier"], "value": r["value"],
             "unit": claim.unit, "period": r["period"], "whole_window": r["whole"],
             "source_type": r.get("source_type", "")}
            for r in (f.facts.get("reported", []) if f.check == "physical-bound" else [])]
    df = _frame(rows, REPORT_COLUMNS)
    df["value"] = pd.to_numeric(df["value"]).astype("float64")
    return df


def capacity_bounds(claim: Claim, context: Context | None = None) -> pd.DataFrame:
    """The conditional capacity bounds of a ``physical-bound`` claim, as numbers.

    Each bound is (units) × (the largest capacity per unit among the types the reports name;
    ``units_name`` says what the units are, e.g. flights):
    ``scope`` ``window`` for the claim's window (the units reported in it), ``report`` for one
    report's own period and count, compared with the figure that report gives
    (``reported``; ``implied_per_unit`` is that figure over its units).  Every bound holds only
    if its assumptions hold (:func:`assumptions` of the claim's result names them).

    Returns
    -------
    pandas.DataFrame
        :data:`CAPACITY_COLUMNS`; empty for other checks or when no unit type is known.
    """
    f = _finding(claim, context)
    rows = []
    for c in f.conditional if f.check == "physical-bound" else []:
        rep = c.get("report")
        rows.append({"scope": c["scope"], "units": int(c["units"]),
                     "units_name": claim.evidence["capacity"]["units"], "per_unit": c["per_unit"],
                     "type": c["type"], "bound": c["bound"], "unit": claim.unit,
                     "compared_with": f"{rep['by']} ({rep['period']})" if rep else "",
                     "reported": rep["value"] if rep else None,
                     "implied_per_unit": rep["value"] / c["units"] if rep and c["units"] else None})
    df = _frame(rows, CAPACITY_COLUMNS)
    for k in ("per_unit", "bound", "reported", "implied_per_unit"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df


def on_windows(claim: Claim, windows: Sequence[tuple[int, int]],
               context: Context | None = None) -> pd.DataFrame:
    """A SIPRI claim's figure over other windows (each edition and basis it names), with the
    figure SIPRI published for each window where the claim's ``reported_fact`` has one.

    Only the figures: a claim is about its own window, so no verdict is given for the others.

    Returns
    -------
    pandas.DataFrame
        ``window`` and :data:`ESTIMATE_COLUMNS` but ``point``, then ``published`` (the reported
        figure for that window, NaN if none) and ``published_by``.

    Raises
    ------
    ClaimError
        The claim is not a SIPRI claim with a window.
    """
    if claim.check not in SIPRI_CHECKS or claim.window is None \
            or claim.check == "sipri-deal-list":
        raise ClaimError(f"{claim.where()}: on_windows needs a SIPRI figure with a window "
                         f"(check {claim.check!r}).")
    rows = []
    for a, b in windows:
        f = _finding(dataclasses.replace(claim, window=Window(int(a), int(b))), context)
        published = f.facts.get("reported", [])
        pub = published[0] if published else {}
        for e in f.estimates:
            rows.append({**{k: e.get(k) for k in ESTIMATE_COLUMNS if k != "point"},
                         "width": float(e["high"]) - float(e["low"]),
                         "window": f"{a}-{b}", "published": pub.get("value"),
                         "published_by": pub.get("by", "")})
    cols = ["window"] + [c for c in ESTIMATE_COLUMNS if c not in ("window", "point")] + [
        "published", "published_by"]
    df = _frame(rows, cols)
    for k in ("value", "low", "high", "width", "numerator", "denominator", "published"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df


def deal_categories(claim: Claim, *, fold_related: bool = False) -> dict[str, str]:
    """A ``sipri-deal-list`` claim's items as a map from SIPRI weapon description (case and
    spacing folded) to the item's name, for :func:`armsdata.queries.deals`.

    A description the claim lists under ``related`` (a judgement call: near the item, not the
    item) maps to ``"<item> (related)"``, or to the item itself with *fold_related*.

    Raises
    ------
    ClaimError
        The claim lists no items.
    """
    items = claim.evidence.get("items")
    if not items:
        raise ClaimError(f"{claim.where()}: no evidence.items to take categories from.")
    out: dict[str, str] = {}
    for item in items:
        for d in item.get("match", []):
            out.setdefault(" ".join(str(d).casefold().split()), item["name"])
        for rel in item.get("related", []):
            d = rel if isinstance(rel, str) else rel["description"]
            out.setdefault(" ".join(str(d).casefold().split()),
                           item["name"] if fold_related else f"{item['name']} (related)")
    return out


__all__ = ["ASSUMPTION_COLUMNS", "CAPACITY_COLUMNS", "ESTIMATE_COLUMNS", "EVIDENCE_COLUMNS",
           "JUDGEMENT_COLUMNS", "REPORT_COLUMNS", "VERDICT_COLUMNS", "assumptions",
           "capacity_bounds", "deal_categories", "estimates", "evidence", "judgements",
           "on_windows", "reports", "verdicts"]
