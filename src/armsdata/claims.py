"""The article's claims as data, evaluated against SIPRI and the curated ledgers.

``data/claims.yaml`` states each claim (quote, number, unit, comparator, window) and how to check
it; it never states an expected result.  :func:`evaluate` computes a value with lower and upper
bounds from the data and turns it into a verdict with generic rules (:func:`decide`,
:func:`decide_reports`, :func:`decide_list`); the explanation is written from the computed numbers.

Verdicts
--------
``supported``              the whole range the evidence allows satisfies the claim
``supported-with-caveat``  the point estimate satisfies it, but not the whole range (or the
                           evidence measures a proxy, or only some reports agree)
``not-supported``          the evidence cannot confirm it: the claim lies inside the possible range
                           but not at its point, or the evidence is incomplete
``contradicted``           the whole range the evidence allows falls outside the claim
``not-checkable``          no shipped evidence bears on it

>>> from armsdata import claims
>>> results = claims.evaluate_all()                                        # doctest: +SKIP
>>> print(claims.format_results(results, "text"))                          # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import os
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Sequence

import pandas as pd
import yaml

from armsdata import editions, ledgers
from armsdata.errors import ArmsDataError, ClaimError

log = logging.getLogger(__name__)

Verdict = Literal["supported", "supported-with-caveat", "not-supported", "contradicted", "not-checkable"]
VERDICTS: tuple[str, ...] = ("supported", "supported-with-caveat", "not-supported", "contradicted",
                             "not-checkable")
COMPARATORS: tuple[str, ...] = ("at-least", "over", "at-most", "under", "equals", "about", "range",
                                "list-contains")
CHECKS: tuple[str, ...] = ("sipri-share", "sipri-deal-list", "ledger-sum", "ledger-count",
                           "physical-bound", "cited-fact")
#: Ledger name in claims.yaml -> (loader, file name).
LEDGERS = {
    "loans": (ledgers.load_loans, "loans.csv"),
    "cargo_reports": (ledgers.load_cargo_reports, "cargo_reports.csv"),
    "aircraft_payloads": (ledgers.load_payloads, "aircraft_payloads.csv"),
    "facts": (ledgers.load_facts, "facts.csv"),
}
Format = Literal["text", "csv", "json", "markdown"]

INF = math.inf


# --------------------------------------------------------------------------------------------
# Claims as data
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """A claim's window: years (SIPRI) or dates (ledgers); ``end`` None is open."""

    start: int | dt.date | None
    end: int | dt.date | None

    def label(self) -> str:
        if self.start is not None and self.end is None:
            return f"{self.start} onwards"
        if self.start is None and self.end is not None:
            return f"up to {self.end}"
        sep = "–" if isinstance(self.start, int) else " to "
        return f"{self.start}{sep}{self.end}"

    def years(self) -> tuple[int, int]:
        """The window as inclusive years (dates give their years)."""
        def year(v: int | dt.date | None, default: int) -> int:
            return default if v is None else (v if isinstance(v, int) else v.year)
        return year(self.start, -10**6), year(self.end, 10**6)

    def timestamps(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The window as inclusive timestamps (years give 1 Jan / 31 Dec)."""
        def ts(v: int | dt.date | None, first: bool) -> pd.Timestamp:
            if v is None:
                return pd.Timestamp.min if first else pd.Timestamp.max
            if isinstance(v, int):
                return pd.Timestamp(v, 1, 1) if first else pd.Timestamp(v, 12, 31)
            return pd.Timestamp(v)
        return ts(self.start, True), ts(self.end, False)


@dataclass(frozen=True)
class Claim:
    """One quantitative statement of the article and how to check it (see ``data/claims.yaml``)."""

    id: str
    quote: str
    quantity: float | tuple[float, float]
    unit: str
    comparator: str
    check: str
    evidence: dict[str, Any]
    method: str
    tolerance: float = 0.0
    window: Window | None = None
    tolerance_note: str = ""
    context: str = ""
    window_note: str = ""

    def claimed(self) -> str:
        """The claim in words, e.g. ``at-least 94 per cent, 2011–2020``."""
        if self.comparator == "range":
            a, b = self.quantity  # type: ignore[misc]
            text = f"between {_fmt(a)} and {_fmt(b)} ({self.unit})"
        elif self.comparator == "list-contains":
            names = [i["name"] for i in self.evidence.get("items", [])]
            text = f"includes all of: {', '.join(names)}" if names else f"includes {_fmt(self.quantity)} {self.unit}"
        else:
            text = f"{self.comparator} {_fmt(self.quantity)} {self.unit}"
        return text + (f", {self.window.label()}" if self.window else "")


@dataclass(frozen=True)
class ClaimResult:
    """A claim evaluated: computed value with bounds, verdict and the explanation behind it."""

    id: str
    quote: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    verdict: str
    explanation: str
    evidence: str
    check: str = ""
    comparator: str = ""
    claimed: str = ""
    rule: str = ""
    method: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for k in ("value", "low", "high"):
            v = d[k]
            d[k] = None if v is None or not math.isfinite(v) else float(v)
        return d


def _fmt(x: object, digits: int | None = None) -> str:
    """A number for prose: whole numbers as such, others to 2 decimals; None as 'n/a'."""
    if x is None:
        return "n/a"
    if isinstance(x, (list, tuple)):
        return "–".join(_fmt(v, digits) for v in x)
    v = float(x)  # type: ignore[arg-type]
    if math.isinf(v):
        return "unbounded" if v > 0 else "-unbounded"
    if digits is not None:
        return f"{v:.{digits}f}"
    return f"{v:.0f}" if v.is_integer() else f"{v:.2f}"


def _fmt_vs(v: float, x: float) -> str:
    """*v* printed with enough decimals that it visibly compares with *x* as it really does."""
    if math.isinf(v) or float(v).is_integer():
        return _fmt(v)
    for digits in range(2, 10):
        s = f"{v:.{digits}f}"
        if (float(s) > x) == (v > x) and (float(s) < x) == (v < x):
            return s
    return repr(v)


def _parse_window(raw: Any, cid: str) -> Window | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or "start" not in raw or "end" not in raw:
        raise ClaimError(f"claim {cid!r}, field 'window': expected {{start: ..., end: ...}}; got {raw!r}. "
                         "Give years (2011) or ISO dates ('2020-01-01'); end may be null.")

    def one(v: Any, name: str) -> int | dt.date | None:
        if v is None or isinstance(v, (int, dt.date)) and not isinstance(v, bool):
            return v
        try:
            return dt.date.fromisoformat(str(v))
        except ValueError:
            raise ClaimError(f"claim {cid!r}, field 'window.{name}': expected a year or an ISO date; "
                             f"got {v!r}.") from None

    w = Window(one(raw["start"], "start"), one(raw["end"], "end"))
    if w.start is not None and w.end is not None and type(w.start) is not type(w.end):
        raise ClaimError(f"claim {cid!r}, field 'window': start and end must both be years or both "
                         f"dates; got {raw!r}.")
    if w.start is not None and w.end is not None and w.end < w.start:  # type: ignore[operator]
        raise ClaimError(f"claim {cid!r}, field 'window': end before start; got {raw!r}.")
    return w


REQUIRED = ("id", "quote", "quantity", "unit", "comparator", "check", "evidence", "method")


def _parse_claim(raw: dict[str, Any], pos: int) -> Claim:
    cid = raw.get("id", f"#{pos}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise ClaimError(f"claim {cid!r}: missing field(s) {missing}. Every claim needs {list(REQUIRED)}.")
    if raw["comparator"] not in COMPARATORS:
        raise ClaimError(f"claim {cid!r}, field 'comparator': {raw['comparator']!r} is not one of "
                         f"{list(COMPARATORS)}.")
    if raw["check"] not in CHECKS:
        raise ClaimError(f"claim {cid!r}, field 'check': {raw['check']!r} is not one of {list(CHECKS)}.")
    q = raw["quantity"]
    if raw["comparator"] == "range":
        if not (isinstance(q, list) and len(q) == 2 and all(isinstance(v, (int, float)) for v in q)
                and q[0] <= q[1]):
            raise ClaimError(f"claim {cid!r}, field 'quantity': a range needs [low, high]; got {q!r}.")
        quantity: float | tuple[float, float] = (float(q[0]), float(q[1]))
    elif isinstance(q, (int, float)) and not isinstance(q, bool):
        quantity = float(q)
    else:
        raise ClaimError(f"claim {cid!r}, field 'quantity': expected a number; got {q!r}.")
    tol = raw.get("tolerance", 0)
    if not isinstance(tol, (int, float)) or tol < 0:
        raise ClaimError(f"claim {cid!r}, field 'tolerance': expected a number >= 0; got {tol!r}.")
    if not isinstance(raw["evidence"], dict):
        raise ClaimError(f"claim {cid!r}, field 'evidence': expected a mapping; got {raw['evidence']!r}.")
    return Claim(id=str(cid), quote=str(raw["quote"]), quantity=quantity, unit=str(raw["unit"]),
                 comparator=raw["comparator"], check=raw["check"], evidence=dict(raw["evidence"]),
                 method=" ".join(str(raw["method"]).split()), tolerance=float(tol),
                 window=_parse_window(raw.get("window"), str(cid)),
                 tolerance_note=str(raw.get("tolerance_note", "")), context=str(raw.get("context", "")),
                 window_note=" ".join(str(raw.get("window_note", "")).split()))


def load_claims(path: str | os.PathLike[str] | None = None) -> list[Claim]:
    """The claims in ``claims.yaml`` (default: the one shipped in the package), validated.

    Raises
    ------
    ClaimError
        A claim misses a field or has a value the evaluator cannot use; the message names the
        claim and the field.
    """
    if path is None:
        text = resources.files("armsdata").joinpath("data/claims.yaml").read_text(encoding="utf-8")
        where = "armsdata/data/claims.yaml"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ClaimError(f"{where}: not valid YAML ({exc}).") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list):
        raise ClaimError(f"{where}: expected a mapping with a 'claims' list.")
    out = [_parse_claim(raw, i) for i, raw in enumerate(doc["claims"])]
    ids = [c.id for c in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ClaimError(f"{where}: duplicate claim id(s) {dupes}; ids must be unique.")
    for c in out:
        ref = c.evidence.get("flights_from_claim")
        if ref is not None and ref not in ids:
            raise ClaimError(f"claim {c.id!r}, field 'evidence.flights_from_claim': no claim {ref!r}.")
    return out


def get_claim(claim_id: str, path: str | os.PathLike[str] | None = None) -> Claim:
    """The claim with id *claim_id* from :func:`load_claims`.

    Raises
    ------
    ClaimError
        No such id; the message lists the ids there are.
    """
    found = load_claims(path)
    for c in found:
        if c.id == claim_id:
            return c
    raise ClaimError(f"no claim {claim_id!r} in the claims file; there are: {[c.id for c in found]}.")


# --------------------------------------------------------------------------------------------
# Verdict rules: generic functions of the claim and the computed numbers
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Region:
    """The values that would make a claim true: an interval, each end open or closed."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def contains(self, v: float) -> bool:
        above = v > self.lo if self.lo_open else v >= self.lo
        below = v < self.hi if self.hi_open else v <= self.hi
        if math.isinf(v):  # an unbounded end lies in the region only if the region is unbounded there
            return (v > 0 and math.isinf(self.hi)) or (v < 0 and math.isinf(self.lo))
        return above and below

    def intersects(self, lo: float, hi: float) -> bool:
        left = hi > self.lo if self.lo_open else hi >= self.lo
        right = lo < self.hi if self.hi_open else lo <= self.hi
        return left and right

    def describe(self) -> str:
        if math.isinf(self.hi):
            return f"{'>' if self.lo_open else '>='} {_fmt(self.lo)}"
        if math.isinf(self.lo):
            return f"{'<' if self.hi_open else '<='} {_fmt(self.hi)}"
        if self.lo == self.hi:
            return f"= {_fmt(self.lo)}"
        return f"{_fmt(self.lo)} to {_fmt(self.hi)}"


def claim_region(comparator: str, quantity: float | Sequence[float], tolerance: float = 0.0) -> Region:
    """The values that make "<comparator> <quantity>" true, widened by *tolerance*.

    Raises
    ------
    ClaimError
        The comparator has no numeric region (``list-contains``) or is unknown.
    """
    if comparator == "range":
        a, b = quantity  # type: ignore[misc]
        return Region(a - tolerance, b + tolerance)
    x = float(quantity)  # type: ignore[arg-type]
    if comparator == "at-least":
        return Region(x - tolerance, INF)
    if comparator == "over":
        return Region(x - tolerance, INF, lo_open=True)
    if comparator == "at-most":
        return Region(-INF, x + tolerance)
    if comparator == "under":
        return Region(-INF, x + tolerance, hi_open=True)
    if comparator in ("equals", "about"):
        return Region(x - tolerance, x + tolerance)
    raise ClaimError(f"comparator {comparator!r} has no numeric region; expected one of "
                     f"{[c for c in COMPARATORS if c != 'list-contains']}.")


def decide(comparator: str, quantity: float | Sequence[float], value: float | None,
           low: float | None, high: float | None, tolerance: float = 0.0, *,
           complete: bool = True) -> tuple[str, str]:
    """Verdict for a computed point *value* with bounds [*low*, *high*] (None: unbounded).

    Rules, in order: nothing computed → not-checkable; bounds inconsistent (low > high) →
    not-supported; the whole range satisfies the claim → supported; the point does →
    supported-with-caveat; the range overlaps the claim → not-supported; otherwise contradicted,
    or not-supported when the evidence is not *complete* (a gap could hide what would confirm).
    For "at least X": low >= X supported; point >= X > low caveat; point < X <= high not-supported;
    high < X contradicted.

    Returns
    -------
    (verdict, rule)
        The verdict and one sentence saying which rule gave it, from the numbers.
    """
    if value is None and low is None and high is None:
        return "not-checkable", "nothing was computed"
    region = claim_region(comparator, quantity, tolerance)
    lo = -INF if low is None else float(low)
    hi = INF if high is None else float(high)
    ref = region.lo if math.isfinite(region.lo) else region.hi

    def show(v: float) -> str:
        return _fmt_vs(float(v), ref)

    span = f"evidence range {show(lo)} to {show(hi)}" + ("" if value is None else f", point {show(value)}")
    want = f"the claim needs {region.describe()}"
    if lo > hi:
        return "not-supported", f"{span}: the lower bound exceeds the upper bound, so the evidence is inconsistent"
    if region.contains(lo) and region.contains(hi):
        return "supported", f"{span}; {want}, and the whole range satisfies it"
    if value is not None and region.contains(float(value)):
        return "supported-with-caveat", f"{span}; {want}: the point satisfies it, the whole range does not"
    if region.intersects(lo, hi):
        return "not-supported", f"{span}; {want}: possible within the range but not confirmed by it"
    if not complete:
        return "not-supported", (f"{span}; {want}: the range lies outside it, but the evidence was "
                                 "not searched for systematically, so this is not a contradiction")
    return "contradicted", f"{span}; {want}: the whole range lies outside it"


def report_interval(value: float, qualifier: str) -> tuple[float, float]:
    """The values a report allows: "more than"/"at least" v → [v, ∞); otherwise v itself.

    "up to" states a maximum (a range, a capacity), so it is that value, not a bound on an unknown.
    """
    if qualifier in ("more than", "at least"):
        return (float(value), INF)
    return (float(value), float(value))


def decide_reports(comparator: str, quantity: float | Sequence[float],
                   reports: Sequence[tuple[float, float]], tolerance: float = 0.0, *,
                   complete: bool = True) -> tuple[str, str]:
    """Verdict from separate reports of a fact, each the interval of values it allows.

    No reports → not-checkable; all agree with the claim → supported; some do → caveat; none, with
    reports on both sides of it → not-supported; none, all on one side → contradicted (or
    not-supported when the evidence is not *complete*).
    """
    if not reports:
        return "not-checkable", "no report of this fact is shipped"
    region = claim_region(comparator, quantity, tolerance)
    hits = [r for r in reports if region.intersects(*r)]
    head = f"{len(hits)} of {len(reports)} report(s) within {region.describe()}"
    if len(hits) == len(reports):
        return "supported", head
    if hits:
        return "supported-with-caveat", head + "; the others disagree"
    below = any(r[1] < region.lo or (region.lo_open and r[1] == region.lo) for r in reports)
    above = any(r[0] > region.hi or (region.hi_open and r[0] == region.hi) for r in reports)
    if below and above:
        return "not-supported", head + "; reports lie on both sides of the claim"
    if not complete:
        return "not-supported", head + ("; the reports were not searched for systematically, so "
                                        "this is not a contradiction")
    return "contradicted", head


def decide_list(n_items: int, n_matched: int, n_found: int) -> tuple[str, str]:
    """Verdict for "the list includes these *n_items*".

    *n_matched*: items found under their own name; *n_found*: items found at all (own name or a
    related one).  All matched → supported; all found, some only by a related name → caveat; some
    missing → not-supported; none found → contradicted.
    """
    head = f"{n_matched} of {n_items} item(s) found as such, {n_found} of {n_items} found at all"
    if n_matched == n_items:
        return "supported", head
    if n_found == n_items:
        return "supported-with-caveat", head + "; some only under a related description"
    if n_found > 0:
        return "not-supported", head + "; some are missing"
    return "contradicted", head + "; none is present"


def cap_for_proxy(verdict: str, rule: str, proxy: str | None) -> tuple[str, str]:
    """Evidence that measures a proxy can support a claim only with a caveat."""
    if proxy and verdict == "supported":
        return "supported-with-caveat", rule + "; capped at a caveat because the data are a proxy"
    return verdict, rule


# --------------------------------------------------------------------------------------------
# Context: the data an evaluation reads, loaded once
# --------------------------------------------------------------------------------------------

@dataclass
class Context:
    """What :func:`evaluate` reads: SIPRI editions, the ledgers, and the other claims.

    Parameters
    ----------
    edition_tiv, edition_register
        SIPRI editions that ``edition: tiv`` / ``edition: register`` in claims.yaml stand for.
    data_dir
        The folder that holds ``curated/`` (default :func:`armsdata.snapshot.default_data_dir`).
    sipri
        An object with ``shares(...)`` and ``register(...)`` like :mod:`armsdata.editions`
        (default: that module); tests pass a fake.
    claims
        All claims, for cross-references (default: :func:`load_claims`).
    """

    edition_tiv: str = editions.DEFAULT_TIV_EDITION
    edition_register: str = editions.DEFAULT_REGISTER_EDITION
    data_dir: str | os.PathLike[str] | None = None
    sipri: Any = None
    claims: list[Claim] | None = None
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def _sipri(self) -> Any:
        return self.sipri if self.sipri is not None else editions

    def edition(self, ref: str) -> str:
        """``tiv`` / ``register`` → the context's edition; anything else is an edition itself."""
        return {"tiv": self.edition_tiv, "register": self.edition_register}.get(ref, ref)

    def shares(self, recipient: str, start: int, end: int, basis: str, edition: str) -> pd.DataFrame:
        key = ("shares", recipient, start, end, basis, edition)
        if key not in self._cache:
            self._cache[key] = self._sipri().shares(recipient, start, end, edition=edition, basis=basis)
        return self._cache[key]

    def register(self, edition: str) -> pd.DataFrame:
        key = ("register", edition)
        if key not in self._cache:
            self._cache[key] = self._sipri().register(edition)
        return self._cache[key]

    def ledger_path(self, name: str) -> Path:
        if name not in LEDGERS:
            raise ClaimError(f"unknown ledger {name!r}; expected one of {sorted(LEDGERS)}.")
        base = Path(self.data_dir) / ledgers.CURATED if self.data_dir is not None else ledgers.curated_dir()
        return base / LEDGERS[name][1]

    def ledger_label(self, name: str) -> str:
        """``curated/<file>``: the ledger as evidence, the same on every machine."""
        p = self.ledger_path(name)
        return f"{p.parent.name}/{p.name}"

    def ledger(self, name: str) -> pd.DataFrame:
        key = ("ledger", name)
        if key not in self._cache:
            self._cache[key] = LEDGERS[name][0](self.ledger_path(name))
        return self._cache[key]

    def claim(self, cid: str) -> Claim:
        if self.claims is None:
            self.claims = load_claims()
        for c in self.claims:
            if c.id == cid:
                return c
        raise ClaimError(f"no claim {cid!r} among {[c.id for c in self.claims]}.")


@dataclass
class _Outcome:
    value: float | None
    low: float | None
    high: float | None
    verdict: str
    rule: str
    text: str
    evidence: str


def _need(claim: Claim, key: str) -> Any:
    if key not in claim.evidence:
        raise ClaimError(f"claim {claim.id!r}, field 'evidence.{key}': required by check {claim.check!r}.")
    return claim.evidence[key]


def _need_window(claim: Claim) -> Window:
    if claim.window is None:
        raise ClaimError(f"claim {claim.id!r}, field 'window': required by check {claim.check!r}.")
    return claim.window


# --------------------------------------------------------------------------------------------
# Evaluators, one per check
# --------------------------------------------------------------------------------------------

def _eval_sipri_share(claim: Claim, ctx: Context) -> _Outcome:
    start, end = _need_window(claim).years()
    recipient, supplier = _need(claim, "recipient"), _need(claim, "supplier")
    parts, lows, highs, points, used = [], [], [], [], []
    for b in _need(claim, "bases"):
        edition = ctx.edition(b["edition"])
        df = ctx.shares(recipient, start, end, b["basis"], edition)
        hit = df[df["supplier"] == supplier]
        if hit.empty:
            share = low = high = 0.0
        else:
            row = hit.iloc[0]
            share, low, high = float(row["share"]), float(row["low"]), float(row["high"])
        feasible = low - 1e-9 <= share <= high + 1e-9  # float noise is not a bounds error
        if not feasible:
            # SIPRI rounds each cell and its Total row on its own; where they disagree, the
            # quotient of the rounded sums can be a value that no unrounded data could produce.
            # It is shown, but it neither widens the bounds nor serves as the point.
            parts.append(f"{_fmt(share, 2)} % on basis '{b['basis']}' ({edition}), a quotient of "
                         f"rounded figures that lies outside the {_fmt(low, 2)}–{_fmt(high, 2)} % "
                         "that all rounding constraints together allow (SIPRI's rounded rows and "
                         "Total row disagree), so no unrounded data could give it")
        else:
            parts.append(f"{_fmt(share, 2)} % (bounds {_fmt(low, 2)}–{_fmt(high, 2)}) on basis "
                         f"'{b['basis']}' ({edition})")
            points.append((share, f"{b['basis']} ({edition})"))
        lows.append(low)
        highs.append(high)
        used.append(f"SIPRI {edition}, basis {b['basis']}")
    low, high = min(lows), max(highs)
    value, value_from = points[0] if points else (None, "none")
    text = (f"{supplier}'s share of {recipient}'s arms imports {start}–{end} in SIPRI TIV: "
            + "; ".join(parts) + f". Across bases: {_fmt(low, 2)}–{_fmt(high, 2)} %, point "
            f"{_fmt(value, 2)} % (the first basis whose point lies within its bounds: {value_from}).")
    fact = claim.evidence.get("reported_fact")
    if fact:
        facts = ctx.ledger("facts")
        same = facts[(facts["fact"] == fact) & (facts["period"] == f"{start}-{end}")]
        if len(same):
            text += " SIPRI's own figure as reported second-hand for this window: " + "; ".join(
                f"{_fmt(r.value)} {r.unit} ({r.reported_by})" for r in same.itertuples()) + "."
        else:
            text += f" No second-hand report of SIPRI's own figure for {start}-{end} is shipped."
    verdict, rule = decide(claim.comparator, claim.quantity, value, low, high, claim.tolerance)
    verdict, rule = cap_for_proxy(verdict, rule, claim.evidence.get("proxy"))
    if claim.evidence.get("proxy"):
        text += f" The data are a proxy: {claim.evidence['proxy']}."
    return _Outcome(value, low, high, verdict, rule, text, "; ".join(used))


def _deal_label(r: Any) -> str:
    n = r.number_delivered
    num = "?" if pd.isna(n) else _fmt(n) + ("?" if getattr(r, "number_delivered_uncertain", False) else "")
    years = ", ".join(str(y) for y in r.delivery_years) or "no deliveries"
    return f"{num} {r.designation} ({r.description}; ordered {r.order_year}; delivered {years})"


def _eval_sipri_deals(claim: Claim, ctx: Context) -> _Outcome:
    edition = ctx.edition(claim.evidence.get("edition", "register"))
    reg = ctx.register(edition)
    recipient, supplier = _need(claim, "recipient"), _need(claim, "supplier")
    deals = reg[(reg["recipient"] == recipient) & (reg["supplier"] == supplier)]
    evidence = f"SIPRI trade register {edition}"
    proxy = claim.evidence.get("proxy")
    if "items" in claim.evidence:
        start, end = _need_window(claim).years()
        in_window = deals[[any(start <= y <= end for y in ys) for ys in deals["delivery_years"]]]
        desc = in_window["description"].str.casefold()
        parts, n_matched, n_found = [], 0, 0
        for item in claim.evidence["items"]:
            match = in_window[desc.isin([d.casefold() for d in item.get("match", [])])]
            related = in_window[desc.isin([d.casefold() for d in item.get("related", [])])]
            if len(match):
                n_matched += 1
                n_found += 1
                parts.append(f"{item['name']}: " + "; ".join(_deal_label(r) for r in match.itertuples()))
            elif len(related):
                n_found += 1
                parts.append(f"{item['name']}: none as such, only related: "
                             + "; ".join(_deal_label(r) for r in related.itertuples()))
            else:
                parts.append(f"{item['name']}: none")
        n_items = len(claim.evidence["items"])
        text = (f"{supplier}'s deals with {recipient} in the {edition} trade register with a delivery "
                f"in {start}–{end}: {len(in_window)}. " + ". ".join(parts) + ".")
        verdict, rule = decide_list(n_items, n_matched, n_found)
        verdict, rule = cap_for_proxy(verdict, rule, proxy)
        return _Outcome(float(n_found), float(n_matched), float(n_found), verdict, rule, text, evidence)
    pattern = _need(claim, "designation_contains")
    hit = deals[deals["designation"].str.contains(pattern, case=False, regex=False)]
    years = sorted({y for ys in hit["delivery_years"] for y in ys})
    listing = "; ".join(_deal_label(r) for r in hit.itertuples()) or "none"
    text = (f"{supplier}'s deals with {recipient} in the {edition} trade register whose designation "
            f"contains '{pattern}': {listing}.")
    if not years:
        verdict, rule = "not-supported", "the register lists no delivery of a matching deal"
        return _Outcome(None, None, None, verdict, rule, text, evidence)
    low, high = float(years[0]), float(years[-1])
    text += f" Delivery years: {', '.join(map(str, years))}."
    verdict, rule = decide(claim.comparator, claim.quantity, None, low, high, claim.tolerance)
    uncertain = "delivery_years_uncertain" in hit.columns and bool(hit["delivery_years_uncertain"].any())
    if uncertain and verdict == "supported":
        verdict, rule = "supported-with-caveat", rule + "; SIPRI marks the delivery years as uncertain"
    verdict, rule = cap_for_proxy(verdict, rule, proxy)
    if proxy:
        text += f" The data are a proxy: {proxy}."
    return _Outcome(None, low, high, verdict, rule, text, evidence)


def _eval_loans(claim: Claim, ctx: Context) -> _Outcome:
    df = ctx.ledger("loans")
    w = _need_window(claim)
    w0, w1 = w.timestamps()
    currency = _need(claim, "currency")
    provided_st, pending_st = _need(claim, "provided_statuses"), claim.evidence.get("pending_statuses", [])
    counted = df[df["status"].isin(list(provided_st) + list(pending_st))]
    wrong = counted[counted["amount"].notna() & (counted["currency"] != currency)]
    if len(wrong):
        raise ClaimError(f"claim {claim.id!r}: loans {list(wrong['id'])} are in "
                         f"{sorted(set(wrong['currency']))}, not {currency}; no exchange rates are "
                         "shipped. Convert in the ledger's note, or narrow the claim.")
    signed = df["date_signed"]
    in_w = signed.notna() & (signed >= w0) & (signed <= w1)
    provided = df[df["status"].isin(provided_st)]
    inside = provided[in_w[provided.index]]
    low = float(inside["amount"].sum())
    before = provided[signed[provided.index] < w0]
    overlap = before[before["drawdown_end_year"].notna() & (before["drawdown_end_year"] >= w0.year)]
    pending = df[df["status"].isin(pending_st) & (signed.isna() | in_w)]
    high = low + float(overlap["amount"].sum()) + float(pending["amount"].fillna(0).sum())

    def listing(rows: pd.DataFrame) -> str:
        if rows.empty:
            return "none"
        out = []
        for r in rows.itertuples():
            when = (f"signed {r.date_signed.date()}" if pd.notna(r.date_signed) else
                    f"reported {r.date_reported.date()}" if pd.notna(r.date_reported) else "date unknown")
            use = (f", use {r.drawdown_start_year}–{r.drawdown_end_year}"
                   if pd.notna(r.drawdown_start_year) else "")
            out.append(f"{r.id} ({_fmt(r.amount)} {r.currency} m, {r.status}, {when}{use})")
        return "; ".join(out)

    by_status = df.groupby("status", sort=True)["amount"].sum()
    text = (f"Loans in the ledger by status ({currency} million): "
            + ", ".join(f"{s} {_fmt(v)}" for s, v in by_status.items()) + ". "
            f"Signed or ratified: {listing(provided)}, together {_fmt(provided['amount'].sum())}. "
            f"Signed in the window ({w.label()}): {listing(inside)}, together {_fmt(low)}. "
            f"Signed before the window with a use period reaching into it: {listing(overlap)}. "
            f"Under discussion, signing date unknown or in the window: {listing(pending)}. "
            f"Upper bound for the window: {_fmt(high)}.")
    others = df[~df["status"].isin(list(provided_st) + list(pending_st))]
    if len(others):
        text += f" Not counted as loans: {listing(others)}."
    verdict, rule = decide(claim.comparator, claim.quantity, low, low, high, claim.tolerance)
    return _Outcome(low, low, high, verdict, rule, text, ctx.ledger_label("loans"))


def _fact_rows(claim: Claim, ctx: Context) -> tuple[pd.DataFrame, str]:
    key = _need(claim, "fact")
    facts = ctx.ledger("facts")
    return facts[facts["fact"] == key], key


def _fact_listing(rows: pd.DataFrame) -> str:
    out = []
    for r in rows.itertuples():
        when = str(r.as_of.date()) if pd.notna(r.as_of) else (r.period or "date not given")
        q = f"{r.qualifier} " if r.qualifier else ""
        out.append(f"{q}{_fmt(r.value)} {r.unit} ({r.reported_by}, {when}; {r.coverage})"
                   + (f" [{r.note}]" if r.note else ""))
    return "; ".join(out)


def _not_checkable(claim: Claim, key: str, ctx: Context) -> _Outcome:
    text = (f"The facts ledger has no report of '{key}', so nothing shipped bears on the article's "
            f"{_fmt(claim.quantity)} {claim.unit}.")
    return _Outcome(None, None, None, "not-checkable", "no report of this fact is shipped", text,
                    f"{ctx.ledger_label('facts')} (fact {key})")


def _eval_facts_sum(claim: Claim, ctx: Context) -> _Outcome:
    rows, key = _fact_rows(claim, ctx)
    if rows.empty:
        return _not_checkable(claim, key, ctx)
    total = float(rows["value"].sum())
    complete = bool((rows["coverage"] == "searched").all())
    high = total if complete else None
    text = (f"Reports of '{key}' in the facts ledger: {_fact_listing(rows)}. Their sum is "
            f"{_fmt(total)} {claim.unit}" + ("." if complete else
            "; some were found incidentally, so the sum is only a lower bound."))
    verdict, rule = decide(claim.comparator, claim.quantity, total, total, high, claim.tolerance,
                           complete=complete)
    return _Outcome(total, total, high, verdict, rule, text, f"{ctx.ledger_label('facts')} (fact {key})")


def _eval_ledger_sum(claim: Claim, ctx: Context) -> _Outcome:
    ledger = _need(claim, "ledger")
    if ledger == "loans":
        return _eval_loans(claim, ctx)
    if ledger == "facts":
        return _eval_facts_sum(claim, ctx)
    raise ClaimError(f"claim {claim.id!r}, field 'evidence.ledger': ledger-sum works on 'loans' or "
                     f"'facts', not {ledger!r}.")


def _in_window(df: pd.DataFrame, w0: pd.Timestamp, w1: pd.Timestamp) -> pd.Series:
    s, e = df["date_range_start"], df["date_range_end"]
    return s.notna() & e.notna() & (s >= w0) & (e <= w1)


def _eval_flight_count(claim: Claim, ctx: Context) -> _Outcome:
    df = ctx.ledger("cargo_reports")
    w = _need_window(claim)
    w0, w1 = w.timestamps()
    flights = df[df["kind"] == "flight"]
    with_cargo = flights[flights["cargo"] != ""]
    dated = with_cargo[_in_window(with_cargo, w0, w1)]
    skipped = len(flights) - len(dated)
    summaries = df[(df["kind"] == "summary") & df["flights"].notna() & _in_window(df, w0, w1)]
    text = (f"Flights with a reported cargo dated one by one in the window ({w.label()}): "
            f"{len(dated)}; other flight rows not counted (no cargo stated, undated or outside the "
            f"window): {skipped}. ")
    if summaries.empty:
        n = float(len(dated))
        text += "No report states a flight count for a period within the window."
        verdict, rule = decide(claim.comparator, claim.quantity, n, n, n, claim.tolerance)
        return _Outcome(n, n, n, verdict, rule, text, ctx.ledger_label("cargo_reports"))
    ranked = summaries.sort_values(["flights", "report_date", "id"], ascending=[False, True, True],
                                   na_position="last")
    best = ranked.iloc[0]
    b0, b1 = best["date_range_start"], best["date_range_end"]
    inside = dated[(dated["date_range_start"] >= b0) & (dated["date_range_end"] <= b1)]
    outside = dated.drop(inside.index)
    value = float(max(int(best["flights"]), len(inside)))
    low, high = float(len(inside)), value
    text += ("Counts stated by reports: " + "; ".join(
        f"{int(r.flights)} by {r.reported_by} ({r.date_range_start.date()} to {r.date_range_end.date()})"
        for r in ranked.itertuples()) + ". "
        f"The largest, {int(best['flights'])} ({best['reported_by']}), covers {b0.date()} to "
        f"{b1.date()}; other reports date {len(inside)} flight(s) in that period: "
        + ", ".join(f"{r.date_range_start.date()} {r.aircraft}".strip() for r in inside.itertuples())
        + ".")
    if len(outside):
        text += (" Further dated flights in the window, outside that period: "
                 + ", ".join(f"{r.date_range_start.date()} to {r.date_range_end.date()} {r.aircraft} "
                             f"({r.reported_by})" for r in outside.itertuples()) + ".")
    verdict, rule = decide(claim.comparator, claim.quantity, value, low, high, claim.tolerance)
    return _Outcome(value, low, high, verdict, rule, text, ctx.ledger_label("cargo_reports"))


def _eval_ledger_count(claim: Claim, ctx: Context) -> _Outcome:
    ledger = _need(claim, "ledger")
    if ledger != "cargo_reports":
        raise ClaimError(f"claim {claim.id!r}, field 'evidence.ledger': ledger-count works on "
                         f"'cargo_reports', not {ledger!r}.")
    return _eval_flight_count(claim, ctx)


def _eval_physical_bound(claim: Claim, ctx: Context) -> _Outcome:
    df = ctx.ledger("cargo_reports")
    payloads = ctx.ledger("aircraft_payloads")
    w = _need_window(claim)
    w0, w1 = w.timestamps()
    ref = ctx.claim(_need(claim, "flights_from_claim"))
    n_flights = float(ref.quantity)  # type: ignore[arg-type]
    flights = df[(df["kind"] == "flight") & (df["cargo"] != "")]
    flights = flights[_in_window(flights, w0, w1)]
    named = sorted({a for a in flights["aircraft"] if a})
    fits = payloads[[any(p.startswith(a) for a in named) for p in payloads["aircraft"]]]
    text = (f"The article's {_fmt(n_flights)} flights (claim {ref.id}); aircraft named for flights "
            f"with cargo in the window ({w.label()}): {', '.join(named) or 'none'}; their maximum "
            f"payloads: " + (", ".join(f"{r.aircraft} {_fmt(r.max_payload_t)} t"
                                       for r in fits.itertuples()) or "none shipped") + ". ")
    if fits.empty:
        high = None
        text += "No upper bound: no payload is shipped for the aircraft named."
    else:
        top = fits.loc[fits["max_payload_t"].idxmax()]
        high = n_flights * float(top["max_payload_t"])
        text += (f"Upper bound: {_fmt(n_flights)} × {_fmt(top['max_payload_t'])} t ({top['aircraft']}) "
                 f"= {_fmt(high)} t. ")
    tonnage = df[df["tonnage_t"].notna()]
    src = claim.evidence.get("lower_bound_source_type", "official")
    dated = tonnage[_in_window(tonnage, w0, w1)]
    official = dated[dated["source_type"] == src]
    low = float(official["tonnage_t"].max()) if len(official) else None

    def describe(r: Any) -> str:
        period = (f"{r.date_range_start.date()} to {r.date_range_end.date()}"
                  if pd.notna(r.date_range_start) and pd.notna(r.date_range_end) else "period not given")
        q = f"{r.tonnage_qualifier} " if r.tonnage_qualifier else ""
        per = (f", {_fmt(round(r.tonnage_t / r.flights, 1))} t per flight over its {int(r.flights)} flights"
               if pd.notna(r.flights) else "")
        return f"{q}{_fmt(r.tonnage_t)} t by {r.reported_by} ({r.source_type}, {period}{per})"

    text += "Tonnage reports: " + ("; ".join(describe(r) for r in tonnage.itertuples()) or "none") + ". "
    text += (f"Lower bound from {src} reports in the window: {_fmt(low)} t." if low is not None else
             f"No {src} report in the window gives a tonnage, so there is no lower bound.")
    verdict, rule = decide(claim.comparator, claim.quantity, None, low, high, claim.tolerance)
    evidence = f"{ctx.ledger_label('cargo_reports')}; {ctx.ledger_label('aircraft_payloads')}"
    return _Outcome(None, low, high, verdict, rule, text, evidence)


def _eval_cited_fact(claim: Claim, ctx: Context) -> _Outcome:
    rows, key = _fact_rows(claim, ctx)
    if rows.empty:
        return _not_checkable(claim, key, ctx)
    reports = [report_interval(v, q) for v, q in zip(rows["value"], rows["qualifier"])]
    values = [float(v) for v in rows["value"]]
    complete = bool((rows["coverage"] == "searched").all())
    value = values[0] if len(set(values)) == 1 else None
    text = (f"Reports of '{key}' in the facts ledger: {_fact_listing(rows)}. The article says "
            f"{_fmt(claim.quantity)} {claim.unit}"
            + (f", taken as {claim_region(claim.comparator, claim.quantity, claim.tolerance).describe()}"
               if claim.tolerance else "") + ".")
    verdict, rule = decide_reports(claim.comparator, claim.quantity, reports, claim.tolerance,
                                   complete=complete)
    return _Outcome(value, min(values), max(values), verdict, rule, text,
                    f"{ctx.ledger_label('facts')} (fact {key})")


EVALUATORS = {
    "sipri-share": _eval_sipri_share,
    "sipri-deal-list": _eval_sipri_deals,
    "ledger-sum": _eval_ledger_sum,
    "ledger-count": _eval_ledger_count,
    "physical-bound": _eval_physical_bound,
    "cited-fact": _eval_cited_fact,
}


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def evaluate(claim: Claim, context: Context | None = None) -> ClaimResult:
    """Evaluate one claim.

    Parameters
    ----------
    claim
        From :func:`load_claims`.
    context
        Editions, ledgers and other claims to read (default: a fresh :class:`Context`).

    Returns
    -------
    ClaimResult

    Raises
    ------
    ClaimError
        The claim's evidence spec cannot be evaluated.
    LedgerError, SnapshotError, ChecksumError, NoDataError
        From the data it reads.
    """
    ctx = context if context is not None else Context()
    out = EVALUATORS[claim.check](claim, ctx)
    if out.verdict not in VERDICTS:  # an evaluator bug, not a data problem
        raise ClaimError(f"claim {claim.id!r}: evaluator returned unknown verdict {out.verdict!r}.")
    explanation = f"{out.text} Verdict {out.verdict}: {out.rule}."
    return ClaimResult(id=claim.id, quote=claim.quote, value=out.value, low=out.low, high=out.high,
                       unit=claim.unit, verdict=out.verdict, explanation=explanation,
                       evidence=out.evidence, check=claim.check, comparator=claim.comparator,
                       claimed=claim.claimed(), rule=out.rule, method=claim.method)


def evaluate_all(edition_register: str = editions.DEFAULT_REGISTER_EDITION,
                 edition_tiv: str = editions.DEFAULT_TIV_EDITION, *,
                 claims: Sequence[Claim] | None = None,
                 data_dir: str | os.PathLike[str] | None = None) -> list[ClaimResult]:
    """Evaluate every claim (default: all of claims.yaml) in file order.

    Parameters
    ----------
    edition_register, edition_tiv
        SIPRI editions for the register and the TIV-table bases.
    claims
        Claims to evaluate; default :func:`load_claims`.
    data_dir
        Folder holding ``curated/``; default :func:`armsdata.snapshot.default_data_dir`.
    """
    results, failures = evaluate_each(edition_register, edition_tiv, claims=claims, data_dir=data_dir)
    if failures:
        raise failures[0][1]
    return results


def evaluate_each(edition_register: str = editions.DEFAULT_REGISTER_EDITION,
                  edition_tiv: str = editions.DEFAULT_TIV_EDITION, *,
                  claims: Sequence[Claim] | None = None,
                  data_dir: str | os.PathLike[str] | None = None
                  ) -> tuple[list[ClaimResult], list[tuple[str, ArmsDataError]]]:
    """Like :func:`evaluate_all`, but a claim that cannot be evaluated does not stop the rest.

    Returns
    -------
    (results, failures)
        The results of the claims that could be evaluated, and ``(claim id, error)`` for the
        ones that could not.
    """
    all_claims = list(claims) if claims is not None else load_claims()
    ctx = Context(edition_tiv=edition_tiv, edition_register=edition_register, data_dir=data_dir,
                  claims=all_claims)
    results, failures = [], []
    for c in all_claims:
        try:
            results.append(evaluate(c, ctx))
        except ArmsDataError as exc:
            log.error("claim %s cannot be evaluated: %s", c.id, exc)
            failures.append((c.id, exc))
    return results, failures


RESULT_COLUMNS = ["id", "check", "claimed", "value", "low", "high", "unit", "verdict", "evidence",
                  "explanation", "quote"]


def results_frame(results: Sequence[ClaimResult]) -> pd.DataFrame:
    """One row per result, columns :data:`RESULT_COLUMNS` (value/low/high float, NaN if none)."""
    rows = [r.to_dict() for r in results]
    df = pd.DataFrame(rows, columns=list(ClaimResult.__dataclass_fields__))
    for k in ("value", "low", "high"):
        df[k] = pd.to_numeric(df[k]).astype("float64")
    return df[RESULT_COLUMNS]


def _range_text(r: ClaimResult) -> str:
    if r.value is None and r.low is None and r.high is None:
        return "n/a"
    point = _fmt(r.value) if r.value is not None else "no point"
    return f"{point} [{_fmt(r.low)} to {_fmt(r.high)}] {r.unit}"


def format_results(results: Sequence[ClaimResult], fmt: Format = "text") -> str:
    """The results as ``text``, ``csv``, ``json`` or ``markdown``; deterministic."""
    if fmt == "csv":
        return results_frame(results).to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        lines = ["| claim | article says | computed | verdict |", "|---|---|---|---|"]
        for r in results:
            cells = [r.id, r.claimed, _range_text(r), f"**{r.verdict}**"]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        for r in results:
            lines += ["", f"### {r.id}: {r.verdict}", "", f"> {r.quote} (Robert M. Cutler)", "",
                      r.explanation, "", f"Evidence: {r.evidence}"]
        return "\n".join(lines) + "\n"
    if fmt == "text":
        blocks = []
        for r in results:
            blocks.append(f"{r.id}: {r.verdict}\n  article: \"{r.quote}\"\n  claimed: {r.claimed}\n"
                          f"  computed: {_range_text(r)}\n  {r.explanation}\n  evidence: {r.evidence}")
        return "\n\n".join(blocks) + "\n"
    raise ValueError(f"unknown format {fmt!r}; expected one of text, csv, json, markdown.")
