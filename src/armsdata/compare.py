"""The same figure across editions and bases: SIPRI's revisions, and what the register's split
assumes.

SIPRI revises its whole database every year, and the register basis rests on an assumption about
how a deal's TIV falls into its delivery years.  This module puts one figure side by side on
several editions and bases and says, with numbers, what differs:

Revisions (a claims file on every SIPRI release)
    :func:`by_release` lays the claims engine's results out as one long table, a row per claim
    and SIPRI release (the engine judges each claim on its release of record and keeps every
    other release as a revision: :mod:`armsdata.claims.by_release`); :func:`records` says which
    release judged and why, :func:`release_editions` from which editions; :func:`revisions`
    compares every other release with each claim's release of record (or a named release),
    claim by claim: the shift of the point, whether the two releases' bounds still overlap
    (bounds that do not overlap mean the data themselves differ: SIPRI revised them), and
    whether the verdict changed (:func:`revision_summary` counts, :func:`revision_table` reads
    across); :func:`misses` says how far the range of a figure that is not confirmed lies from
    the claim; :func:`with_ranges` writes ranges for reading (rounded outward);
    :func:`relative` puts every figure on one scale for a chart, in units of the claim's last
    printed digit.
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
>>> compare.revision_summary(table)            # each claim against its release of record  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Iterable, Sequence

import pandas as pd

from armsdata import analysis, claims, conventions, editions, queries
from armsdata.claims import display, formats, rules
from armsdata.claims.model import release_rows
from armsdata.errors import CoverageError, NoDataError

log = logging.getLogger(__name__)

#: Verdicts that confirm a claim (with or without a caveat).
CONFIRMING = ("supported", "supported-with-caveat")

#: The columns of :func:`by_release`: ``run`` names the release (``"2022 release"``), ``decides``
#: marks the release that judges the claim (its release of record), ``relation`` says how each
#: release stands to it (:data:`RELATIONS`).
RESULT_COLUMNS = ["id", "run", "release", "decides", "relation", "edition", "basis", "verdict",
                  "value", "low", "high", "unit", "window", "check", "comparator", "quantity",
                  "claim_low", "claim_high", "step", "summary", "reason", "error", "source_type",
                  "sipri_text", "release_mode", "text_date", "date_source", "low_from",
                  "high_from", "point_from", "point_kind"]
#: How a release stands to a claim's release of record (the one that judges it).
RELATIONS = ("record", "earlier", "later")

#: Source types a claims file may name at the start of a claim's ``context``
#: (``"Source type: secondary (PTI quoting the report)."``), and whether each is SIPRI's own text.
SOURCE_TYPES = {"SIPRI fact sheet": True, "SIPRI press release": True, "secondary": False}
_SOURCE_TYPE = re.compile(r"\s*Source type:\s*([^.;,(]+)", re.IGNORECASE)

#: Why a claim is not confirmed on a release (:func:`misses`), by the verdict there.
STRADDLES = "the bounds straddle the claim's edge: the rounded figures allow both"
EXCLUDED = "the bounds exclude the claim"
LATER_EXCLUDES = ("the release of the text's time cannot answer; a later release's bounds "
                  "exclude the claim")
EARLIER_EXCLUDES = ("the release of the text's time cannot answer; an earlier release's bounds "
                    "exclude the claim")
UNANSWERED = "no edition of this release answers it"
NOT_SHOWN = "the evidence does not show the claim (see the reason)"
WHY = {"inconclusive": STRADDLES, "contradicted": EXCLUDED,
       "differs-on-later-release": LATER_EXCLUDES, "not-checkable": UNANSWERED}

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
        release that ``decides``, the claim's verdict); ``relation`` how the release stands to
        the claim's release of record (:data:`RELATIONS`; ``""`` for a claim no release
        answers); ``release_mode``, ``text_date``, ``date_source`` how the release of record was
        chosen (the claim's, on every row); ``low_from``/``high_from``/``point_from`` the
        estimates that gave the tightest bounds and the point, ``point_kind`` the basis of the
        point (:data:`armsdata.claims.by_release.POINT_ORDER`: ``register`` is an even split's
        estimate); ``step`` one unit of the claim's last printed digit;
        ``source_type``/``sipri_text`` from the claim's ``context`` (:func:`source_type`).
        Claims that are not SIPRI figures are left out.
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
        rows = {v["release"]: v for v in release_rows(r)}
        years |= set(rows)
        per_claim.append((c, r, rows))
    out: list[dict[str, Any]] = []
    for c, r, rows in per_claim:
        kind, own = source_type(c)
        for year in sorted(years):
            v = rows.get(year)
            out.append({
                "id": c.id, "run": f"{year} release", "release": year,
                "decides": year == r.release, "relation": _relation(year, r.release),
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
                "source_type": kind, "sipri_text": own, "release_mode": r.release_mode,
                "text_date": r.text_date, "date_source": r.date_source,
                "low_from": v["low_from"] if v else "",
                "high_from": v["high_from"] if v else "",
                "point_from": v["point_from"] if v else "",
                "point_kind": display.point_basis(v["point_from"]) if v else ""})
    return pd.DataFrame(out, columns=RESULT_COLUMNS)


NAN = float("nan")


def _float(x: Any) -> float:
    return NAN if x is None else float(x)


def _relation(year: int, record: int | None) -> str:
    if record is None:
        return ""
    return "record" if year == record else "earlier" if year < record else "later"


#: The columns of :func:`records`.
RECORD_COLUMNS = ["run", "release", "release_mode", "how", "text_date", "date_source", "claims"]


def records(results: pd.DataFrame) -> pd.DataFrame:
    """How the claims' releases of record were chosen: one row per release of record, way of
    choosing it (``release_mode``, in words ``how``: :data:`armsdata.claims.formats.RELEASE_MODES`),
    text date and its source, with the number of ``claims``; a last row (``run`` ``""``) counts
    the claims no release answers.  *results* is :func:`by_release`'s."""
    first = results.drop_duplicates("id")
    decided = results[results["decides"]]
    g = decided.groupby(["run", "release", "release_mode", "text_date", "date_source"],
                        sort=False).size().rename("claims").reset_index()
    g["how"] = g["release_mode"].map(lambda m: formats.RELEASE_MODES.get(m, m))
    none = first[~first["id"].isin(decided["id"])]
    if len(none):
        g = pd.concat([g.astype({"release": object}), pd.DataFrame([{
            "run": "", "release": None, "release_mode": "", "how": "no release answers it",
            "text_date": _one(none["text_date"]), "date_source": _one(none["date_source"]),
            "claims": len(none)}])], ignore_index=True)
    return g[RECORD_COLUMNS]


def release_editions(results: pd.DataFrame, refs: Sequence[Any] | None = None, *,
                     data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The editions a run of claims was asked of, with their release, what each holds, and how
    many of the claims it helped answer (``figures``: the claims whose row on its release
    lists it; 0 for an edition that answers none, which stays listed).

    Parameters
    ----------
    results
        :func:`by_release`'s table.
    refs
        The editions (default: every data edition under *data_dir*,
        :func:`armsdata.claims.present_editions`, as a run without ``--edition`` asks).

    Returns
    -------
    pandas.DataFrame
        ``release, edition, snapshot, coverage, tables, cannot, figures``, oldest release
        first.
    """
    refs = list(refs) if refs is not None else [n for _, n in claims.present_editions(data_dir)]
    rows = []
    for ref in refs:
        d = editions.load(ref, data_dir=data_dir).describe()
        mine = results[results["run"] == d["release"]]
        used = mine["edition"].map(lambda s, e=d["edition"]: e in s.split(", "))
        rows.append({**{k: d[k] for k in ("release", "edition", "snapshot", "coverage",
                                          "tables", "cannot")},
                     "figures": int(mine.loc[used, "id"].nunique())})
    out = pd.DataFrame(rows, columns=["release", "edition", "snapshot", "coverage", "tables",
                                      "cannot", "figures"])
    return out.sort_values(["release", "edition"], kind="mergesort").reset_index(drop=True)


def source_editions(results: pd.DataFrame) -> str:
    """The editions behind a :func:`by_release` table, grouped by release, for a figure's source
    line: ``"2022-04-22 (2022 release); 2024-04-16, 2024-10-13 (2024 release)"``."""
    parts = []
    for run, g in results.groupby("run", sort=False):
        eds = sorted({e for s in g["edition"] for e in s.split(", ") if e})
        if eds:
            parts.append(f"{', '.join(eds)} ({run})")
    return "; ".join(parts)


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
REVISION_COLUMNS = ["id", "summary", "unit", "window", "claim_low", "claim_high", "step",
                    "source_type", "reference", "ref_basis", "ref_value", "ref_low", "ref_high",
                    "ref_verdict", "run", "release", "relation", "answered", "basis", "value",
                    "low", "high", "verdict", "shift", "shift_steps", "overlap", "revised",
                    "verdict_changed"]


def _references(results: pd.DataFrame, reference: str | None) -> pd.DataFrame:
    """The reference row of every claim (index ``id``): the *reference* run's, or (None) the
    claim's release of record; a claim without one is left out."""
    if reference is None:
        return results[results["decides"]].set_index("id")
    if reference not in set(results["run"]):
        raise ValueError(f"reference run {reference!r} is not in the results (runs: "
                         f"{', '.join(dict.fromkeys(results['run']))}).")
    return results[results["run"] == reference].set_index("id")


def _has_range(low: Any, high: Any) -> bool:
    return not any(pd.isna(x) for x in (low, high))


def revisions(results: pd.DataFrame, reference: str | None = None) -> pd.DataFrame:
    """Every claim on every other release against a reference release: what changed.

    Parameters
    ----------
    results
        From :func:`by_release`.
    reference
        The release to compare with (its ``run`` name, ``"2022 release"``); default None: each
        claim's own release of record (the row that ``decides``; a claim no release answers is
        left out).

    Returns
    -------
    pandas.DataFrame
        :data:`REVISION_COLUMNS`, one row per claim and other release (file order, releases
        oldest first): the reference's and the release's basis, point, range and verdict;
        ``relation`` ``earlier``/``later`` than the reference; ``answered`` whether both
        releases give a range; ``shift`` the release's point minus the reference's (in the
        claim's unit; NaN without both points), ``shift_steps`` the same in units of the
        claim's last printed digit; ``overlap`` whether the two ranges share a value;
        ``revised`` True where they do not: the two releases' true values differ, so SIPRI's
        data changed between them (a bound holds for its own release only; overlapping bounds
        do not show that nothing changed); ``verdict_changed`` whether the verdict on the
        release differs from the reference's.  The last three are None where a release gives
        no range.
    """
    ref = _references(results, reference)
    rows = []
    for r in results.itertuples(index=False):
        if r.id not in ref.index:
            continue
        a = ref.loc[r.id]
        if r.run == a["run"]:
            continue
        answered = _has_range(a["low"], a["high"]) and _has_range(r.low, r.high)
        overlap = bool(a["low"] <= r.high + analysis.FEASIBILITY_SLACK
                       and r.low <= a["high"] + analysis.FEASIBILITY_SLACK) if answered else None
        shift = r.value - a["value"]
        rows.append({
            "id": r.id, "summary": r.summary, "unit": r.unit, "window": r.window,
            "claim_low": r.claim_low, "claim_high": r.claim_high, "step": r.step,
            "source_type": r.source_type, "reference": a["run"], "ref_basis": a["basis"],
            "ref_value": a["value"], "ref_low": a["low"], "ref_high": a["high"],
            "ref_verdict": a["verdict"], "run": r.run, "release": r.release,
            "relation": "earlier" if r.release < a["release"] else "later",
            "answered": answered, "basis": r.basis, "value": r.value, "low": r.low,
            "high": r.high, "verdict": r.verdict, "shift": shift,
            "shift_steps": shift / r.step if r.step else NAN, "overlap": overlap,
            "revised": (not overlap) if answered else None,
            "verdict_changed": (r.verdict != a["verdict"]) if answered else None})
    return pd.DataFrame(rows, columns=REVISION_COLUMNS)


#: The columns of :func:`revision_summary`.
SUMMARY_COLUMNS = ["reference", "run", "relation", "compared", "not_answered", "revised",
                   "verdict_changed", "no_longer_confirmed", "contradicted", "wider"]


def revision_summary(results: pd.DataFrame, reference: str | None = None) -> pd.DataFrame:
    """Per release other than the reference (:func:`revisions`; default each claim's release of
    record), in release order: how many claims both answer (``compared``), how many the release
    cannot answer (``not_answered``), how many SIPRI revised beyond what rounding allows
    (``revised``: the two ranges do not meet), how many verdicts differ (``verdict_changed``:
    what judging the text on that release instead would change), how many confirmed claims
    (supported, with or without a caveat) it would not confirm (``no_longer_confirmed``), how
    many it would call ``contradicted``, and for how many its range holds the reference's whole
    range (``wider``: its files bound the figure less tightly, so it can show no revision of
    it)."""
    rv = revisions(results, reference)
    rows = []
    for run, g in rv.sort_values("release", kind="mergesort").groupby("run", sort=False):
        both = g[g["answered"]]
        lost = both["ref_verdict"].isin(CONFIRMING) & ~both["verdict"].isin(CONFIRMING)
        slack = analysis.FEASIBILITY_SLACK
        wider = (both["low"] <= both["ref_low"] + slack) & (both["high"] >= both["ref_high"] - slack)
        rows.append({"reference": _one(g["reference"]), "run": run,
                     "relation": _one(g["relation"]), "compared": len(both),
                     "not_answered": int((~g["answered"]).sum()),
                     "revised": int(both["revised"].astype(bool).sum()),
                     "verdict_changed": int(both["verdict_changed"].astype(bool).sum()),
                     "no_longer_confirmed": int(lost.sum()),
                     "contradicted": int((both["verdict"] == "contradicted").sum()),
                     "wider": int(wider.sum())})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def revision_table(results: pd.DataFrame, reference: str | None = None,
                   fields: Sequence[str] = ("value", "low", "high", "verdict")) -> pd.DataFrame:
    """One line per claim for reading across: each release's point, bounds and verdict, then
    whether any other release's verdict differs and whether SIPRI's data changed (the
    reference's bounds and another release's do not meet).

    Parameters
    ----------
    reference
        As for :func:`revisions` (default: each claim's release of record).
    fields
        The columns of :func:`by_release` to show per release (e.g. ``("value", "low",
        "high")`` and ``("verdict", "basis")`` for two narrower tables).

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (file order); columns ``("claim", "summary" | "unit" | "source")``
        (:func:`source_type`), ``(<run>, <field>)`` per release in order, ``("compared with
        <reference>", "revised")`` (True where another release's bounds miss the reference's)
        and ``(..., "verdict changes")`` (True where another release that answers gives another
        verdict).
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
    head = f"compared with {reference or 'the release of record'}"
    out[(head, "revised")] = g["revised"].agg(_any).reindex(ids, fill_value=False)
    out[(head, "verdict changes")] = g["verdict_changed"].agg(_any).reindex(ids, fill_value=False)
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out


def _any(s: pd.Series) -> bool:
    """Whether any value is True (None: not known, so not counted)."""
    return bool(s.fillna(False).astype(bool).any())


#: The columns of :func:`misses`.
MISS_COLUMNS = ["id", "summary", "run", "release", "relation", "edition", "basis", "verdict",
                "value", "low", "high", "quantity", "comparator", "claim_low", "claim_high",
                "unit", "step", "side",
                "distance", "distance_steps", "inside", "outside", "outside_steps", "why",
                "reason", "error"]


def misses(results: pd.DataFrame) -> pd.DataFrame:
    """The claims a release does not confirm, and how far its range lies from the claim.

    Returns
    -------
    pandas.DataFrame
        :data:`MISS_COLUMNS`, one row per claim and release whose verdict is not in
        :data:`CONFIRMING` (the order of *results*).  In the claim's unit, from the release's
        range and the claim's interval: ``distance`` the gap between them (0 where they meet),
        ``inside``/``outside`` how much of the range lies within the claim and beyond it (where
        it straddles the claim's edge, how far it reaches past it); ``side`` ``below``/``above``
        (the range misses the claim on that side), ``across the lower end`` / ``across the upper
        end`` / ``across both ends`` (it straddles them) or ``inside``; ``*_steps`` the same in
        units of the claim's last printed digit.  All NaN (``side`` ``""``) without a range.
        ``why`` :data:`WHY` of the verdict (:data:`NOT_SHOWN` for another verdict, e.g. a deal
        list's); ``reason`` the engine's sentence (on the release that decides).
    """
    rows = []
    for r in results[~results["verdict"].isin(CONFIRMING)].itertuples(index=False):
        side, distance, inside, outside = _against(r.low, r.high, r.claim_low, r.claim_high)
        why = WHY.get(r.verdict, NOT_SHOWN)
        if r.verdict == "not-supported" and r.decides and r.release_mode == "earlier":
            why = EARLIER_EXCLUDES
        step = r.step if r.step and not pd.isna(r.step) else NAN
        rows.append({"id": r.id, "summary": r.summary, "run": r.run, "release": r.release,
                     "relation": r.relation, "edition": r.edition, "basis": r.basis,
                     "verdict": r.verdict, "value": r.value, "low": r.low, "high": r.high,
                     "quantity": r.quantity, "comparator": r.comparator,
                     "claim_low": r.claim_low, "claim_high": r.claim_high, "unit": r.unit,
                     "step": r.step, "side": side, "distance": distance,
                     "distance_steps": distance / step, "inside": inside, "outside": outside,
                     "outside_steps": outside / step, "why": why, "reason": r.reason,
                     "error": r.error})
    return pd.DataFrame(rows, columns=MISS_COLUMNS)


def _against(low: float, high: float, claim_low: float, claim_high: float
             ) -> tuple[str, float, float, float]:
    """Where a range lies against a claim's interval: ``(side, distance, inside, outside)``,
    as :func:`armsdata.claims.rules.decide_figure` measures them; ``("", nan, nan, nan)``
    without a range."""
    if not _has_range(low, high):
        return "", NAN, NAN, NAN
    if high < claim_low or low > claim_high:
        side = "below" if high < claim_low else "above"
        return side, (claim_low - high) if side == "below" else (low - claim_high), 0.0, high - low
    under, over = max(claim_low - low, 0.0), max(high - claim_high, 0.0)
    side = ("across both ends" if under and over else "across the lower end" if under
            else "across the upper end" if over else "inside")
    return side, 0.0, min(high, claim_high) - max(low, claim_low), under + over


def with_ranges(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* with two columns for reading: ``claim``, the values that make the claim true
    (:func:`armsdata.claims.display.claimed_region`: ``"≈ 39 % (38.5–39.5)"``), and ``range``,
    the row's bounds rounded outward, the low down and the high up, with more decimals where a
    limit of the claim is near (:func:`armsdata.claims.display.format_range`: a bound shown is
    never inside the bound computed); ``""`` without a range.

    *frame* needs ``low``, ``high``, ``unit``, ``claim_low``, ``claim_high``, ``quantity`` and
    ``comparator`` (:func:`by_release`, :func:`misses`); the numbers stay as they are.
    """
    out = frame.copy()
    rows = out.to_dict("records")
    out["claim"] = [display.claimed_region(r) for r in rows]
    out["range"] = ["" if not _has_range(r["low"], r["high"]) else
                    display.format_range(r["low"], r["high"], "" if r["unit"] == queries.RANK
                                         else r["unit"], display.claim_limits(r))
                    for r in rows]
    return out


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
SPLIT_COLUMNS = ["recipient", "supplier", "window", "release", "edition", "register_basis",
                 "bounds_from",
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
        edition's value (:data:`PER_YEAR`), each with its ``release`` (year) and ``edition``;
        ``width`` = high − low; ``numerator``/``denominator`` the TIV (millions) behind the
        point.  ``meets_sipri``:
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
    return {"recipient": rec, "supplier": sup, "window": e.window, "release": e.release,
            "edition": e.edition, "register_basis": label, "value": value, "low": low, "high": high,
            "width": high - low, "unit": e.unit, "numerator": e.numerator,
            "denominator": e.denominator, "assumption": assumption}


#: The columns of :func:`split_widths`.
WIDTH_COLUMNS = ["recipient", "supplier", "window", "imports", "register_imports", "value", "low",
                 "high", "width", "even_split", "any_low", "any_high", "any_width", "totals_low",
                 "totals_high", "totals_width", "meets_totals", "meets_any", "per_year_release",
                 "per_year_edition", "register_release", "register_edition", "assumption"]


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
        deal's TIV, which the bounds take as exact); ``*_release``/``*_edition`` the release
        (year) and edition of each.  A recipient the classic register has no delivery for in
        the window gets NaN register columns.
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
               "width": float(top["high"] - top["low"]), "per_year_release": ped.release.year,
               "per_year_edition": ped.edition, "register_release": reg.release.year,
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
    """:func:`split_widths` in a few numbers per register basis (with its release and edition):
    how many recipients, the median and largest width of the bounds (percentage points), and
    how many meet SIPRI's range."""
    ok = widths.dropna(subset=["totals_width"])
    rows = [
        {"register_basis": ANY_SPLIT, "release": _one(ok["register_release"]),
         "edition": _one(ok["register_edition"]),
         "recipients": len(ok), "median_width": ok["any_width"].median(),
         "max_width": ok["any_width"].max(), "meet_sipri": int(ok["meets_any"].sum())},
        {"register_basis": TOTALS_SPLIT, "release": _one(ok["register_release"]),
         "edition": _one(ok["register_edition"]),
         "recipients": len(ok), "median_width": ok["totals_width"].median(),
         "max_width": ok["totals_width"].max(),
         "meet_sipri": int(ok["meets_totals"].sum())},
        {"register_basis": PER_YEAR, "release": _one(widths["per_year_release"]),
         "edition": _one(widths["per_year_edition"]),
         "recipients": len(widths), "median_width": widths["width"].median(),
         "max_width": widths["width"].max(), "meet_sipri": len(widths)},
    ]
    out = pd.DataFrame(rows)
    out.insert(3, "window", _one(widths["window"]))
    out["unit"] = "percentage points"
    return out


def _one(s: pd.Series) -> str:
    return ", ".join(str(x) for x in dict.fromkeys(s.dropna()))


# --------------------------------------------------------------------------------------------
# Stacked tables for the explorer
# --------------------------------------------------------------------------------------------

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


__all__ = ["ANY_SPLIT", "BOUNDS_FROM", "CONFIRMING", "EARLIER_EXCLUDES", "EXCLUDED",
           "LATER_EXCLUDES", "NOT_SHOWN", "PER_YEAR", "RELATIONS", "SOURCE_TYPES", "STRADDLES",
           "TOTALS_SPLIT", "UNANSWERED", "WHY", "by_release", "cell_differences", "misses",
           "quotes", "records", "relative", "release_editions", "revision_summary",
           "revision_table", "revisions", "source_editions", "source_list",
           "source_type", "sources", "split_bases", "split_widths", "total_imports",
           "total_row", "verdict_counts", "verdicts", "width_summary", "with_ranges"]
