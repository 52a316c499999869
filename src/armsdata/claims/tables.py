"""Claims and their results as small tables, for the notebooks and the report.

A notebook shows a claim's evidence as tables and draws it; everything it shows comes from
here (or from :mod:`armsdata.queries` for SIPRI's own tables), so a notebook holds no logic of
its own.  Two kinds of function:

* from a :class:`~armsdata.claims.ClaimResult` (what :func:`armsdata.claims.evaluate` returns):
  :func:`verdicts`, :func:`records` (the release that judges each claim, how it was chosen,
  the text's date, which bound decided), :func:`releases` (a SIPRI result's release of record
  and every revision row), :func:`evidence`, :func:`estimates`, :func:`assumptions`,
  :func:`judgements`;
* from a :class:`~armsdata.claims.Claim`, for numbers an evaluation computes but a result
  carries only as prose: :func:`reports` (the reported quantities a capacity bound is compared
  with), :func:`capacity_bounds` (the conditional bounds themselves), :func:`on_windows` (the
  same SIPRI figure over other windows), :func:`claim_editions` (what each SIPRI edition asked
  holds for the claim), :func:`by_year` (the claim's flow year by year on every register: the
  even split and SIPRI's per-year values), and :func:`deal_categories` (a deal-list claim's
  items as a map of SIPRI weapon descriptions).

>>> from armsdata import claims
>>> r = claims.evaluate(claims.get_claim("russia-share-2011-2020"))          # doctest: +SKIP
>>> claims.tables.estimates(r)[["edition", "basis", "value", "low", "high"]]  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from typing import Any, Sequence

import pandas as pd

from armsdata import releases as releases_
from armsdata.claims.by_release import label, release_range
from armsdata.claims.checks import EVALUATORS
from armsdata.claims.explain import mode_words
from armsdata.claims.context import Context
from armsdata.claims.model import ClaimResult, Finding, release_rows
from armsdata.claims.rules import INF, Interval
from armsdata.claims.schema import SIPRI_CHECKS, Claim, Window
from armsdata.errors import ArmsDataError, ClaimError, NoDataError

#: Columns of :func:`verdicts`.
VERDICT_COLUMNS = ("id", "summary", "claimed", "value", "low", "high", "range_kind", "unit",
                   "verdict", "release", "edition", "basis", "reason", "notebook")
#: Columns of :func:`records`.
RECORD_COLUMNS = ("id", "release", "chosen", "text_date", "date_source", "verdict", "low_from",
                  "high_from", "point_from")
#: Columns of :func:`releases`.
RELEASE_COLUMNS = ("release", "editions", "basis", "value", "low", "high", "verdict", "decides",
                   "low_from", "high_from", "point_from", "consistent")
#: Columns of :func:`claim_editions`.
EDITION_COLUMNS = ("release", "edition", "snapshot", "coverage", "covers_window",
                   "recipient_table", "register", "register_tiv", "per_year", "problem")
#: Columns of :func:`by_year`.
BY_YEAR_COLUMNS = ("release", "edition", "split", "year", "value", "low", "high", "feasible",
                   "assumption")
#: The two ways :func:`by_year` spreads a register deal over its delivery years.
PER_YEAR, EVEN_SPLIT = "SIPRI's per-year values", "even split"
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

def _numbers(df: pd.DataFrame, floats: Sequence[str] = ("value", "low", "high"),
             release: bool = True) -> pd.DataFrame:
    for k in floats:
        df[k] = pd.to_numeric(df[k]).astype("float64")
    if release:  # a year, or <NA> for a claim no SIPRI release judges
        df["release"] = pd.array(df["release"].tolist(), dtype="Int64")
    return df


def verdicts(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """One row per result: :data:`VERDICT_COLUMNS` (``value``/``low``/``high`` float, NaN where
    the evidence gives none), in the order given.  ``release`` is the SIPRI release whose range
    decided (<NA> for a ledger claim), ``edition`` and ``basis`` the editions and bases of that
    release that answered."""
    return _numbers(_frame([{k: getattr(r, k) for k in VERDICT_COLUMNS} for r in results],
                           VERDICT_COLUMNS))


def _in_force(date: str) -> int | None:
    rel = releases_.in_force(date) if date else None
    return rel.year if rel is not None else None


def records(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """Which SIPRI release judges each result, and why: :data:`RECORD_COLUMNS`, one row per
    result in the order given.

    ``chosen`` says how the release was chosen (the one in force at the text's date, or the
    newest that answers when the date is unknown, ...: :func:`armsdata.claims.explain.mode_words`);
    ``text_date`` is the text's date, ``"unknown"`` without one, and ``date_source`` where it
    came from; ``low_from``/``high_from`` name the edition and basis whose bound is the
    tightest on each side (they decided), ``point_from`` the one whose point is shown (it
    decides nothing).  A ledger claim has no release (<NA>) and empty fields.
    """
    rows = []
    for r in results:
        sipri = r.release is not None
        rows.append({
            "id": r.id, "release": r.release, "verdict": r.verdict,
            "chosen": mode_words(r.release_mode, r.text_date, _in_force(r.text_date))
            if sipri else "",
            "text_date": r.text_date or ("unknown" if sipri else ""),
            "date_source": r.date_source, "low_from": r.low_from, "high_from": r.high_from,
            "point_from": r.point_from})
    return _numbers(_frame(rows, RECORD_COLUMNS), floats=())


def _consistent(result: ClaimResult) -> bool:
    """Whether the bounds of the release of record's estimates meet (the engine's own test:
    :func:`armsdata.claims.by_release.release_range`); True where it has no bounds."""
    ests = [e for e in result.estimates if e.get("release") == result.release
            and e.get("low") is not None and e.get("high") is not None]
    return release_range(Interval(-INF, INF), int(result.release), ests).consistent \
        if ests else True


def releases(result: ClaimResult) -> pd.DataFrame:
    """Every SIPRI release that answers the result's claim, newest first: :data:`RELEASE_COLUMNS`.

    The release of record (``decides`` True) carries the claim's verdict; every other release
    is a revision row with the verdict it would give (a release is never pooled with another).
    ``editions`` and ``basis`` are the editions and bases of the release that answered;
    ``value`` its point (an estimate that decides nothing), ``low``/``high`` its range (the
    intersection of its bounds), ``low_from``/``high_from`` the edition and basis of the
    tightest bound on each side; ``consistent`` False where the release's own bounds do not
    meet (its range is then their hull).  Empty for a result no SIPRI release judges.
    """
    rows = [{**r, "editions": ", ".join(r["editions"]), "basis": ", ".join(r["bases"]),
             "consistent": _consistent(result) if r["decides"] else r["consistent"]}
            for r in release_rows(result)]
    df = _numbers(_frame(rows, RELEASE_COLUMNS))
    df["decides"] = df["decides"].astype(bool)
    df["consistent"] = df["consistent"].astype(bool)
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


def _sipri_claim(claim: Claim, what: str) -> tuple[str, str, int, int]:
    """The recipient, supplier and window of a SIPRI claim about one flow, or a ClaimError."""
    rec, sup = claim.evidence.get("recipient"), claim.evidence.get("supplier")
    if claim.check not in SIPRI_CHECKS or claim.window is None or not rec or not sup:
        raise ClaimError(f"{claim.where()}: {what} needs a SIPRI claim with a recipient, a "
                         f"supplier and a window (check {claim.check!r}).")
    start, end = claim.window.years()
    return str(rec), str(sup), start, end


def claim_editions(claim: Claim, context: Context | None = None) -> pd.DataFrame:
    """What each SIPRI edition the context asks holds for a claim about one flow (a supplier's
    deliveries to a recipient over a window), newest release first.

    Returns
    -------
    pandas.DataFrame
        :data:`EDITION_COLUMNS`: the edition's ``release`` (year), SIPRI's generated date
        (``edition``), its ``snapshot`` folder, the years it covers (``coverage``) and whether
        they include the claim's window (``covers_window``); whether it has the recipient's TIV
        table by supplier (``recipient_table``: SIPRI's printed cells and total row), a trade
        register (``register``: deal by deal, numbers and delivery years), one with TIV
        (``register_tiv``: each deal's TIV too; the old site's RTF register has none) and SIPRI's
        per-delivery-year values over the window (``per_year``).  An edition that cannot be read
        is a row with the error in ``problem``.

    Raises
    ------
    ClaimError
        The claim is not a SIPRI claim with a recipient, a supplier and a window.
    """
    from armsdata import queries

    rec, _, start, end = _sipri_claim(claim, "claim_editions")
    ctx = context if context is not None else Context()
    rows = []
    for ref in ctx.edition_refs():
        try:
            ed = ctx.edition(ref)
        except ArmsDataError as exc:  # shown, not hidden
            rows.append({"snapshot": str(ref), "problem": f"{type(exc).__name__}: {exc}"})
            continue
        try:
            table = set(queries.resolve(rec, ed).members) <= ed.tiv_recipients
        except ArmsDataError:  # the edition does not know the recipient
            table = False
        rows.append({"release": ed.release.year, "edition": ed.edition, "snapshot": ed.name,
                     "coverage": ed.coverage.label,
                     "covers_window": ed.coverage.first <= start and end <= ed.coverage.last,
                     "recipient_table": table, "register": ed.register is not None,
                     "register_tiv": ed.register_has_tiv,
                     "per_year": ed.per_year_covers(start, end), "problem": ""})
    df = _frame(rows, EDITION_COLUMNS)
    for k in ("covers_window", "recipient_table", "register", "register_tiv", "per_year"):
        df[k] = df[k].fillna(False).astype(bool)
    df["problem"] = df["problem"].fillna("")
    df = _numbers(df, floats=())
    return df.sort_values(["release", "edition"], ascending=False, kind="mergesort",
                          na_position="last").reset_index(drop=True)


#: What each flag of :func:`claim_editions` means, for messages.
EDITION_FLAGS = {"covers_window": "covers the claim's window",
                 "recipient_table": "has the recipient's TIV table by supplier",
                 "register": "has a trade register", "register_tiv": "has a trade register with TIV",
                 "per_year": "has SIPRI's per-year values over the window"}


def newest_with(editions: pd.DataFrame, flag: str) -> str:
    """The snapshot folder of the newest edition of a :func:`claim_editions` table whose *flag*
    (a column of :data:`EDITION_FLAGS`) is True.

    Raises
    ------
    NoDataError
        No edition of the table has it; the message names the editions asked.
    """
    if flag not in EDITION_FLAGS:
        raise ValueError(f"flag {flag!r}; expected one of {list(EDITION_FLAGS)}")
    hits = editions.loc[editions[flag].astype(bool), "snapshot"]
    if hits.empty:
        asked = ", ".join(editions["snapshot"].astype(str)) or "none"
        raise NoDataError(f"no edition asked {EDITION_FLAGS[flag]} (asked: {asked}); ask one that "
                          "does (the EDITION parameter, armsdata report --edition).")
    return str(hits.iloc[0])


def by_year(claim: Claim, context: Context | None = None) -> pd.DataFrame:
    """A claim's flow (its supplier's deliveries to its recipient) in each year of its window,
    on every register the context asks that covers the window: SIPRI's per-year values where an
    edition has them (two decimals: its bounds are their rounding), and each classic register's
    even split of a deal over its delivery years (its bounds: any split that agrees with the
    same edition's printed yearly totals, or any split at all where it prints none).  One
    release can hold both: the two ways of reading the same deliveries side by side.

    Each year's bounds hold for that year alone: they cannot all be reached at once.

    Returns
    -------
    pandas.DataFrame
        :data:`BY_YEAR_COLUMNS` (TIV, millions), newest release first, then edition and year;
        ``split`` is :data:`PER_YEAR` or :data:`EVEN_SPLIT`.  Empty where no register covers the
        window.

    Raises
    ------
    ClaimError
        The claim is not a SIPRI claim with a recipient, a supplier and a window.
    """
    from armsdata import queries

    rec, sup, start, end = _sipri_claim(claim, "by_year")
    ctx = context if context is not None else Context()
    frames = []
    for row in claim_editions(claim, ctx).itertuples(index=False):
        if not row.covers_window or not (row.register_tiv or row.per_year):
            continue
        ed = ctx.edition(row.snapshot)
        views = ([(PER_YEAR, ed)] if row.per_year else []) + (
            [(EVEN_SPLIT, ed.without_per_year() if row.per_year else ed)]
            if row.register_tiv else [])
        for split, view in views:
            f = queries.flow_by_year(view, recipient=rec, supplier=sup, start=start, end=end,
                                     basis="register")
            frames.append(f.assign(release=int(row.release), split=split))
    if not frames:
        return _frame([], BY_YEAR_COLUMNS)
    df = pd.concat(frames, ignore_index=True)[list(BY_YEAR_COLUMNS)]
    df["release"] = df["release"].astype("int64")
    df["feasible"] = df["feasible"].astype(bool)
    for k in ("value", "low", "high"):
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


__all__ = ["ASSUMPTION_COLUMNS", "BY_YEAR_COLUMNS", "CAPACITY_COLUMNS", "EDITION_COLUMNS",
           "EDITION_FLAGS", "ESTIMATE_COLUMNS", "EVEN_SPLIT", "EVIDENCE_COLUMNS",
           "JUDGEMENT_COLUMNS", "PER_YEAR", "RECORD_COLUMNS", "RELEASE_COLUMNS", "REPORT_COLUMNS", "VERDICT_COLUMNS", "assumptions",
           "by_year", "capacity_bounds", "claim_editions", "deal_categories", "estimates",
           "evidence", "judgements", "newest_with", "on_windows", "records", "releases", "reports",
           "verdicts"]
