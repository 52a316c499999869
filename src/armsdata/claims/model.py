"""What an evaluation produces: evidence items, assumptions, judgement calls, findings, results.

Numbers first, prose second: an evaluator (:mod:`armsdata.claims.checks`) returns a
:class:`Finding` — numbers, the evidence items with their role, the assumptions and judgement
calls, and the verdict's :class:`~armsdata.claims.rules.Decision`.  :mod:`armsdata.claims.explain`
turns a finding into sentences; :func:`armsdata.claims.evaluate` packs both into a
:class:`ClaimResult`, the one record every output format (text, CSV, JSON, Markdown, HTML) shows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Mapping, Sequence

from armsdata.claims.rules import Decision, fmt

#: What the range of a result is (every output format carries it):
#:
#: ``bound``              a mathematical bound on the true value (SIPRI's rounding and delivery
#:                        split; arithmetic on confirmed facts)
#: ``conditional-bound``  a bound that holds only if the named assumptions hold
#: ``reported-range``     the smallest and largest figure that reports give (not a bound)
#: ``count``              items counted in the evidence (a lower bound where the evidence was
#:                        not gathered exhaustively)
#: ``sum-of-reports``     a sum of reported figures (a lower bound unless the ledger is exhaustive)
#: ``none``               nothing was computed
RangeKind = Literal["bound", "conditional-bound", "reported-range", "count", "sum-of-reports",
                    "none"]
RANGE_KINDS: tuple[str, ...] = ("bound", "conditional-bound", "reported-range", "count",
                                "sum-of-reports", "none")

#: How a source was gathered, strongest first.  ``exhaustive``: a complete register (SIPRI's
#: database for major arms, an official debt register); ``systematic``: every report of a
#: defined set of sources; ``searched``: what a search found; ``incidental``: found while
#: looking for something else.  Only ``exhaustive`` sources can show that something is absent.
COVERAGES: tuple[str, ...] = ("exhaustive", "systematic", "searched", "incidental")

#: An item's direction with respect to the claim.
Role = Literal["supports", "refutes", "neutral"]
ROLES: tuple[str, ...] = ("supports", "refutes", "neutral")


@dataclass(frozen=True)
class Item:
    """One piece of evidence, as shown to people and as the property tests see it.

    Attributes
    ----------
    label : str
        What it says ("Day.az (relayed by devranmedia.com), 24 Aug 2020: 510 t for 17 Jul to
        6 Aug 2020").
    source : str
        Where it is: ``curated/cargo_reports.csv, row dayaz-2020-08-24-summary`` or
        ``SIPRI 2022-04-22, basis total``.
    role : {"supports", "refutes", "neutral"}
        Its direction with respect to the claim.
    coverage : str
        How its source was gathered (:data:`COVERAGES`).
    url, url_status : str
        The source's address and whether it is complete (``ok``) or ``shortened``,
        ``site-root``, ``archive``, ``not-found``.
    row : (ledger, row id) or None
        The ledger row behind the item.
    """

    label: str
    source: str
    role: str = "neutral"
    coverage: str = "searched"
    url: str = ""
    url_status: str = "ok"
    quote: str = ""
    row: tuple[str, str] | None = None

    def as_text(self) -> str:
        link = f" {self.url}" if self.url else ""
        flag = f" [URL {self.url_status}]" if self.url and self.url_status != "ok" else ""
        return f"{self.label} ({self.source}{link}){flag}"


@dataclass(frozen=True)
class Assumption:
    """An assumption behind a bound, with the evidence for it and what follows if it holds."""

    name: str
    value: str
    confirmed: bool
    evidence: str = ""
    effect: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Judgement:
    """A judgement call in the data (a related weapon type counted, a report set aside), its
    reason, and the verdict the claim would get if the call went the other way."""

    id: str
    call: str
    reason: str
    applied: bool = True
    verdict_if_reversed: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Finding:
    """What an evaluator computed for one claim: numbers and facts, no prose.

    ``value``/``low``/``high`` are the headline point and range (``range_kind`` says what the
    range is); ``decision`` the verdict rule's outcome; ``facts`` check-specific numbers for the
    explanation (see :mod:`armsdata.claims.explain`).
    """

    check: str
    value: float | None
    low: float | None
    high: float | None
    range_kind: str
    decision: Decision
    items: list[Item] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    estimates: list[dict[str, Any]] = field(default_factory=list)
    conditional: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    editions: list[str] = field(default_factory=list)
    bases: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    coverage_note: str = ""
    #: SIPRI figures: the release that decided (its year), how it was chosen (``date``,
    #: ``no-date``, ``later``, ``earlier``, ``edition``: :mod:`armsdata.claims.by_release`), the
    #: text's date and where it came from (a :class:`~armsdata.claims.by_release.Record`), and
    #: every release's range and verdict (``ReleaseRange.as_row``), newest first.
    release: int | None = None
    mode: str = ""
    record: Any = None
    releases: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.range_kind not in RANGE_KINDS:
            raise ValueError(f"range_kind {self.range_kind!r} not in {RANGE_KINDS}")


@dataclass(frozen=True)
class ClaimResult:
    """A claim evaluated: what the claim says, what the evidence allows, the verdict and why.

    The fields are those of ``docs/claims.md`` ("Results").  Numbers stay numbers: an open end
    of the claim is ``±inf`` and a missing value None; only the JSON output
    (:func:`armsdata.claims.formats.format_results`) writes them as ``"Infinity"`` and ``null``.
    """

    id: str
    quote: str
    check: str
    comparator: str
    unit: str
    summary: str
    claimed: str
    quantity: Any
    claim_low: float
    claim_high: float
    value: float | None
    low: float | None
    high: float | None
    range_kind: str
    verdict: str
    reason: str
    explanation: str
    evidence: list[str]
    assumptions: list[dict[str, Any]]
    judgements: list[dict[str, Any]]
    estimates: list[dict[str, Any]]
    edition: str
    basis: str
    rule: str
    method: str = ""
    notebook: str | None = None
    coverage_note: str = ""
    source: str = ""
    items: tuple[Item, ...] = ()
    #: SIPRI figures: the release whose range decided (its year), how it was chosen
    #: (:data:`armsdata.claims.by_release.Mode`), the text's date (``""`` unknown) and where it
    #: came from, the tightest bounds' sources, and every other release that answers, as a
    #: revision row (release, editions, bases, value, low, high, verdict there, ...).
    release: int | None = None
    release_mode: str = ""
    text_date: str = ""
    date_source: str = ""
    low_from: str = ""
    high_from: str = ""
    point_from: str = ""
    revisions: list[dict[str, Any]] = field(default_factory=list)
    #: SIPRI figures: why each edition that could not answer could not, one reason each, as
    #: the explanation's "Not answered" lists them (``"the 2018 release (edition 2018-12-05):
    #: covers 1950-2017 only"``).
    unanswered: list[str] = field(default_factory=list)
    #: Why the claim could not be evaluated (a broken claim, data that cannot answer it);
    #: empty when it was.  ``armsdata claims``/``check`` exit 1 when any result has one.
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain Python values (the evidence items as their text, ``evidence``)."""
        d = asdict(self)
        d.pop("items")
        return d


#: The columns of :func:`armsdata.claims.results_frame` and of the CSV output, in order.
RESULT_COLUMNS = ("id", "summary", "check", "claimed", "value", "low", "high", "range_kind",
                  "unit", "verdict", "reason", "release", "release_mode", "text_date",
                  "date_source", "low_from", "high_from", "edition", "basis",
                  "revisions", "coverage_note", "explanation", "evidence", "assumptions", "quote")


def release_rows(result: Any) -> list[dict[str, Any]]:
    """Every SIPRI release that answers a result's claim, newest first: the release of record
    (``decides`` True, with the claim's verdict) and every revision row (the verdict it would
    give there).  Empty for a result no SIPRI release judges.

    Parameters
    ----------
    result
        A :class:`ClaimResult`, or a mapping with its fields (``release``, ``edition``,
        ``basis``, ``value``, ``low``, ``high``, ``verdict``, ``low_from``, ``high_from``,
        ``point_from``, ``revisions``; a missing one reads as empty).

    Returns
    -------
    list of dict
        ``release``, ``editions`` and ``bases`` (lists), ``value``, ``low``, ``high``,
        ``verdict``, ``decides``, ``low_from``, ``high_from``, ``point_from``, ``consistent``.
    """
    d: Mapping[str, Any] = result if isinstance(result, Mapping) else result.to_dict()

    def split(text: Any) -> list[str]:
        return [p.strip() for p in str(text or "").split(",") if p.strip()]

    rows = []
    if d.get("release") is not None:
        rows.append({"release": d["release"], "editions": split(d.get("edition")),
                     "bases": split(d.get("basis")), "value": d.get("value"),
                     "low": d.get("low"), "high": d.get("high"), "verdict": d.get("verdict"),
                     "decides": True, "low_from": d.get("low_from", ""),
                     "high_from": d.get("high_from", ""), "point_from": d.get("point_from", ""),
                     "consistent": True, "code": ""})
    for v in d.get("revisions") or []:
        rows.append({"release": v["release"], "editions": list(v.get("editions") or []),
                     "bases": list(v.get("bases") or []), "value": v.get("value"),
                     "low": v.get("low"), "high": v.get("high"), "verdict": v.get("verdict"),
                     "decides": False, "low_from": v.get("low_from", ""),
                     "high_from": v.get("high_from", ""), "point_from": v.get("point_from", ""),
                     "consistent": v.get("consistent", True), "code": v.get("code", "")})
    return sorted(rows, key=lambda r: -int(r["release"]))


def revision_text(row: dict[str, Any], unit: str = "", keep_apart: Sequence[float] = ()) -> str:
    """One revision row in a few words: ``2022 release: 93.69 to 93.993 (contradicted)``: the
    bounds rounded outward, never onto the claim's limits (*keep_apart*)."""
    lo = fmt(row.get("low"), unit=unit, bound="low", keep_apart=keep_apart)
    hi = fmt(row.get("high"), unit=unit, bound="high", keep_apart=keep_apart)
    rng = lo if lo == hi else f"{lo} to {hi}"
    return f"{row.get('release')} release: {rng} ({row.get('verdict')})"
