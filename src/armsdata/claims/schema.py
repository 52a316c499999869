"""Claims files: the schema, and loading an untrusted YAML file into validated claims.

A claims file is user input: it is read with ``yaml.safe_load`` rules (no object construction),
refused over :data:`MAX_FILE_BYTES`, and may not use YAML anchors or aliases.  Every claim is
validated when the file is loaded, not when an evaluator reads a key: an unknown check or key, a
wrong type, a duplicate id, a window in the wrong order each give a :class:`ClaimFileError`
naming the file, the claim id and the line.  :func:`load` keeps the claims that are valid and
lists the others as problems, so one broken claim does not stop the rest; :func:`load_claims`
is the strict form.  The schema is documented in ``docs/claims.md``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

from armsdata.claims.rules import COMPARATORS, Interval, claim_interval, fmt
from armsdata.errors import ClaimFileError

#: A claims file larger than this is refused: a real one is a few kilobytes, and a huge file is
#: more likely a mistake (or an attack on the parser) than a list of claims.
MAX_FILE_BYTES = 1_000_000
#: At most this many claims in one file.
MAX_CLAIMS = 2_000
#: The claims shipped with the package: the article's.
SHIPPED = "data/claims.yaml"

CHECKS: tuple[str, ...] = ("sipri-share", "sipri-import-share", "sipri-export-share",
                           "sipri-top-share", "sipri-change", "sipri-rank", "sipri-deal-list",
                           "ledger-sum", "ledger-count", "physical-bound", "cited-fact")
SIPRI_CHECKS = frozenset(c for c in CHECKS if c.startswith("sipri-"))

REQUIRED = ("id", "quote", "quantity", "unit", "comparator", "check", "evidence")
OPTIONAL = ("window", "method", "summary", "context", "window_note", "tolerance",
            "tolerance_note", "precision", "source", "notebook", "edition", "extraction")
#: ``date``: the text's date (ISO); ``candidates`` and ``not_sipri``: what ``armsdata extract``
#: found but did not make claims of, kept in the file for the reader and never evaluated.
TOP_LEVEL = ("claims", "article", "title", "source", "edition", "notes", "date", "candidates",
             "not_sipri")
#: The keys of a claim's ``extraction`` (written by ``armsdata extract``): how sure the reader
#: was, why, the figure as written and its offset in the text as read.
EXTRACTION_KEYS = ("confidence", "note", "figure", "at")
CONFIDENCE = ("high", "low")


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """Years (SIPRI) or dates (ledgers); ``end`` None is open ("since 2020")."""

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
        """Inclusive years; only for year windows (SIPRI checks require both ends)."""
        def year(v: int | dt.date | None) -> int:
            if v is None:
                raise ValueError("open window")
            return v if isinstance(v, int) else v.year
        return year(self.start), year(self.end)

    def dates(self) -> tuple[dt.date, dt.date]:
        """Inclusive dates (years give 1 Jan / 31 Dec; an open end is unbounded)."""
        def date(v: int | dt.date | None, first: bool) -> dt.date:
            if v is None:
                return dt.date.min if first else dt.date.max
            if isinstance(v, int):
                return dt.date(v, 1, 1) if first else dt.date(v, 12, 31)
            return v
        return date(self.start, True), date(self.end, False)


@dataclass(frozen=True)
class Claim:
    """One quantitative statement and how to check it (see ``docs/claims.md``).

    ``date`` is the claim's ``source.date`` (the day the text it was read from is dated), when
    it gives a day; ``date_text`` that date as written (``2022-03`` where the source gives only
    the month, and ``date`` is then None); ``extraction`` what ``armsdata extract`` said of it (``confidence``, ``note``,
    ``figure``, ``at``), when it drafted the claim.
    """

    id: str
    quote: str
    quantity: float | tuple[float, float]
    written: str
    unit: str
    comparator: str
    check: str
    evidence: Mapping[str, Any]
    method: str = ""
    summary: str = ""
    window: Window | None = None
    window_note: str = ""
    context: str = ""
    tolerance: float | None = None
    tolerance_note: str = ""
    precision: float | None = None
    source: str = ""
    notebook: str | None = None
    edition: str | None = None
    date: dt.date | None = None
    date_text: str = ""
    extraction: Mapping[str, Any] | None = None
    file: str = ""
    line: int = 0

    def interval(self) -> Interval:
        """The values that make the claim true (``list-contains``: the number of items)."""
        comparator = "at-least" if self.comparator == "list-contains" else self.comparator
        return claim_interval(comparator, self.quantity, written=self.written,
                              tolerance=self.tolerance, step=self.precision)

    def claimed(self) -> str:
        """The claim as read: ``at-least 94 per cent, 2011–2020``; ``about 300 km (250 to
        under 350)``."""
        if self.comparator == "range":
            a, b = self.quantity  # type: ignore[misc]
            text = f"between {fmt(a, unit=self.unit)} and {fmt(b, unit=self.unit)} ({self.unit})"
        elif self.comparator == "list-contains":
            names = [i["name"] for i in self.evidence.get("items", [])]
            text = f"includes all of: {', '.join(names)}"
        else:
            words = {"at-least": "at least", "at-most": "at most", "equals": "exactly"}
            text = (f"{words.get(self.comparator, self.comparator)} "
                    f"{fmt(self.quantity, unit=self.unit)} {self.unit}")
            if self.comparator == "about":
                text += f" (read as {self.interval().describe(self.unit)})"
        return text + (f", {self.window.label()}" if self.window else "")

    def where(self) -> str:
        return f"{self.file}, claim {self.id!r} (line {self.line})"


@dataclass(frozen=True)
class ClaimsFile:
    """A loaded claims file: its valid claims and the problems of the others; ``date`` is the
    file's top-level ``date`` (the text's date), when it gives a day; ``date_text`` as written."""

    path: str
    claims: tuple[Claim, ...]
    problems: tuple[tuple[str, ClaimFileError], ...] = ()
    title: str = ""
    author: str = ""
    edition: str | None = None
    date: dt.date | None = None
    date_text: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Evidence schemas, one per check
# --------------------------------------------------------------------------------------------

def _is_str(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _is_str_list(v: Any) -> bool:
    return isinstance(v, list) and all(_is_str(x) for x in v)


def _is_filter(v: Any) -> bool:
    return isinstance(v, dict) and all(
        _is_str(k) and (isinstance(x, (str, int, float)) and not isinstance(x, bool)
                        or _is_str_list(x)) for k, x in v.items())


def _is_bases(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(
        isinstance(b, dict) and set(b) <= {"basis", "edition"} and _is_str(b.get("basis"))
        and _is_str(b.get("edition")) for b in v)


def _is_window(v: Any) -> bool:
    return isinstance(v, dict) and set(v) == {"start", "end"}


def _is_items(v: Any) -> bool:
    def related(r: Any) -> bool:
        return _is_str(r) or (isinstance(r, dict) and set(r) <= {"description", "reason"}
                              and _is_str(r.get("description")) and _is_str(r.get("reason")))
    return isinstance(v, list) and bool(v) and all(
        isinstance(i, dict) and set(i) <= {"name", "match", "related"} and _is_str(i.get("name"))
        and _is_str_list(i.get("match", [])) and isinstance(i.get("related", []), list)
        and all(related(r) for r in i.get("related", [])) for i in v)


def _is_count_spec(v: Any) -> bool:
    return isinstance(v, dict) and set(v) <= {"filter", "require", "column"} and _is_filter(
        v.get("filter", {})) and _is_str_list(v.get("require", [])) and (
        "column" not in v or _is_str(v["column"]))


def _is_capacity(v: Any) -> bool:
    if not isinstance(v, dict) or not set(v) <= {"units", "counted", "stated", "unit_column",
                                                 "per_unit"}:
        return False
    per = v.get("per_unit")
    return (_is_str(v.get("units")) and _is_count_spec(v.get("counted")) and
            _is_count_spec(v.get("stated")) and _is_str(v.get("unit_column")) and
            isinstance(per, dict) and set(per) == {"ledger", "key", "column"}
            and all(_is_str(x) for x in per.values()))


#: The type of every evidence key: (check, description) pairs for messages.
KEY_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "recipient": (_is_str, "a name (a country, a region, or World)"),
    "supplier": (_is_str, "a name (a country, a region, or World)"),
    "among": (_is_str, "'world exporters', 'world importers' or 'suppliers of <recipient>'"),
    "top": (lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 100,
            "a whole number from 1 to 100 (the five largest: 5)"),
    "compare_window": (_is_window, "{start: <year>, end: <year>}"),
    "bases": (_is_bases, "a list of {basis: total|rows|register, edition: <edition or role>}"),
    "edition": (_is_str, "an edition: a SIPRI generated date, a snapshot name or path, or a role "
                         "(tiv, register, per-year)"),
    "basis": (_is_str, "total, rows or register"),
    "proxy": (_is_str, "a sentence saying what the data measure instead"),
    "reported_fact": (_is_str, "a fact key of the facts ledger"),
    "allow_partial": (lambda v: isinstance(v, bool), "true or false"),
    "items": (_is_items, "a list of {name, match: [descriptions], related: [{description, reason}]}"),
    "designation_contains": (_is_str, "a text"),
    "ledger": (_is_str, "a ledger name"),
    "filter": (_is_filter, "a mapping of column -> value or list of values"),
    "value_column": (_is_str, "a column name"),
    "date_column": (_is_str, "a column name"),
    "fact": (_is_str, "a fact key of the facts ledger"),
    "period_columns": (lambda v: _is_str_list(v) and len(v) == 2, "[start column, end column]"),
    "counted": (_is_count_spec, "{filter: {...}, require: [columns]}"),
    "stated": (_is_count_spec, "{filter: {...}, column: <count column>}"),
    "quantity_column": (_is_str, "a column name"),
    "qualifier_column": (_is_str, "a column name"),
    "additive": (lambda v: isinstance(v, bool), "true or false"),
    "capacity": (_is_capacity, "{units, counted, stated, unit_column, per_unit: {ledger, key, column}}"),
}

_SIPRI = ("bases", "edition", "basis", "proxy", "allow_partial")


@dataclass(frozen=True)
class EvidenceSpec:
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    one_of: tuple[str, ...] = ()  # at least one of these keys


EVIDENCE: dict[str, EvidenceSpec] = {
    "sipri-share": EvidenceSpec(("recipient", "supplier"), _SIPRI + ("reported_fact",)),
    "sipri-import-share": EvidenceSpec(("recipient",), _SIPRI),
    "sipri-export-share": EvidenceSpec(("recipient", "supplier"), _SIPRI),
    "sipri-top-share": EvidenceSpec(("among", "top"), _SIPRI),
    "sipri-change": EvidenceSpec(("compare_window",), _SIPRI + ("recipient", "supplier"),
                                 one_of=("recipient", "supplier")),
    "sipri-rank": EvidenceSpec((), _SIPRI + ("recipient", "supplier", "among"),
                               one_of=("recipient", "supplier")),
    "sipri-deal-list": EvidenceSpec(("recipient", "supplier"),
                                    ("edition", "proxy", "items", "designation_contains"),
                                    one_of=("items", "designation_contains")),
    "ledger-sum": EvidenceSpec(("ledger", "value_column"), ("filter", "date_column", "proxy")),
    "ledger-count": EvidenceSpec(("ledger", "counted", "stated"), ("period_columns", "proxy")),
    "physical-bound": EvidenceSpec(("ledger", "quantity_column", "capacity"),
                                   ("qualifier_column", "period_columns", "additive", "proxy")),
    "cited-fact": EvidenceSpec(("fact",), ("ledger", "proxy")),
}
#: Checks whose claim needs a window.
NEEDS_WINDOW = frozenset({"sipri-share", "sipri-import-share", "sipri-export-share",
                          "sipri-top-share", "sipri-change", "sipri-rank", "ledger-count",
                          "physical-bound"})
#: What ``among`` may be for a top-N share.
TOP_AMONG = ("world exporters", "world importers")


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

class _Where:
    """Line numbers of the composed YAML, for messages."""

    def __init__(self, file: str, cid: str, node: yaml.Node | None):
        self.file, self.cid, self.node = file, cid, node

    def line(self, key: str | None = None) -> int:
        node = self.node
        if node is None:
            return 0
        if key is not None and isinstance(node, yaml.MappingNode):
            for k, _v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return k.start_mark.line + 1
        return node.start_mark.line + 1

    def value_node(self, key: str) -> yaml.Node | None:
        if isinstance(self.node, yaml.MappingNode):
            for k, v in self.node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v
        return None

    def fail(self, key: str | None, problem: str, todo: str = "") -> ClaimFileError:
        field_ = f", field {key!r}" if key else ""
        return ClaimFileError(f"{self.file}, line {self.line(key)}: claim {self.cid!r}{field_}: "
                              f"{problem}{'. ' + todo if todo else ''}")


def _check_no_aliases(text: str, where: str) -> None:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ClaimFileError(
                    f"{where}, line {event.start_mark.line + 1}: YAML anchors and aliases "
                    "(&name, *name) are not allowed in a claims file; write each value out.")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise ClaimFileError(f"{where}{line}: not valid YAML ({exc}). Check the indentation and "
                             "quoting there.") from None


def _duplicate_keys(node: yaml.Node, where: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode):
                if k.value in seen:
                    raise ClaimFileError(f"{where}, line {k.start_mark.line + 1}: key {k.value!r} "
                                         f"appears twice in one mapping (first on line "
                                         f"{seen[k.value]}); keep one.")
                seen[k.value] = k.start_mark.line + 1
            _duplicate_keys(v, where)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            _duplicate_keys(v, where)


def _iso_date(v: Any, fail: Callable[[str], ClaimFileError]) -> tuple[dt.date | None, str]:
    """A text's date as (the day, as written): an ISO 8601 date (YAML reads an unquoted
    2024-03-11 as one), or the reduced precision a source may only give, a month (2022-03) or a
    year: accepted as written, with no day (it cannot say which release was in force in a month
    SIPRI published one)."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v, v.isoformat()
    text = str(v).strip()
    if re.fullmatch(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?", text):
        return None, text
    try:
        return dt.date.fromisoformat(text), text
    except ValueError:
        raise fail(f"{v!r} is not a date; write it as YYYY-MM-DD (e.g. 2024-03-11), or "
                   "YYYY-MM where the source gives only the month") from None


def _read(path: str | os.PathLike[str] | None) -> tuple[str, str]:
    if path is None:
        return resources.files("armsdata").joinpath(SHIPPED).read_text(encoding="utf-8"), \
            f"armsdata/{SHIPPED}"
    p = Path(path)
    if not p.is_file():
        raise ClaimFileError(f"{p}: no such claims file. Give the path of a YAML file "
                             "(see docs/claims.md for the format).")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ClaimFileError(f"{p}: {size:,} bytes; a claims file may have at most "
                             f"{MAX_FILE_BYTES:,}. Split it into several files.")
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig"), str(p)
    except UnicodeDecodeError as exc:
        raise ClaimFileError(f"{p}: not UTF-8 (byte {exc.start}); save the file as UTF-8.") from exc


def _window(raw: Any, w: _Where, key: str, *, years_only: bool = False) -> Window:
    if not _is_window(raw):
        raise w.fail(key, f"expected {{start: ..., end: ...}}; got {raw!r}",
                     "Give years (2011) or ISO dates ('2020-01-01'); end may be null")

    def one(v: Any, name: str) -> int | dt.date | None:
        if v is None and not years_only:
            return v
        if isinstance(v, bool) or v is None:
            raise w.fail(key, f"{name} {v!r} is not a year")
        if isinstance(v, int):
            if v < 0:
                raise w.fail(key, f"{name} {v} is not a year")
            return v
        if isinstance(v, dt.date) and not years_only:
            return v
        if not years_only:
            try:
                return dt.date.fromisoformat(str(v))
            except ValueError:
                pass
        want = "a year" if years_only else "a year or an ISO date"
        raise w.fail(key, f"{name} {v!r} is not {want}")

    win = Window(one(raw["start"], "start"), one(raw["end"], "end"))
    if win.start is not None and win.end is not None:
        if type(win.start) is not type(win.end):
            raise w.fail(key, f"start and end must both be years or both dates; got {raw!r}")
        if win.end < win.start:  # type: ignore[operator]
            raise w.fail(key, f"the window ends ({win.end}) before it starts ({win.start})",
                         "Swap start and end")
    return win


def _quantity(raw: Mapping[str, Any], w: _Where) -> tuple[float | tuple[float, float], str]:
    q = raw["quantity"]
    node = w.value_node("quantity")
    if raw["comparator"] == "range":
        if not (isinstance(q, list) and len(q) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in q) and q[0] <= q[1]):
            raise w.fail("quantity", f"a range needs [low, high] with low <= high; got {q!r}")
        return (float(q[0]), float(q[1])), ""
    if isinstance(q, bool) or not isinstance(q, (int, float)) or not math.isfinite(q):
        raise w.fail("quantity", f"expected a number; got {q!r}",
                     "Write the claim's number without units or separators other than ','")
    written = node.value if isinstance(node, yaml.ScalarNode) else repr(q)
    return float(q), written


def _dates_as_text(raw: dict[str, Any]) -> dict[str, Any]:
    """YAML reads an unquoted ``edition: 2022-04-22`` as a date; an edition is its ISO text."""
    out = dict(raw)
    if isinstance(out.get("edition"), dt.date):
        out["edition"] = out["edition"].isoformat()
    ev = out.get("evidence")
    if isinstance(ev, dict):
        ev = dict(ev)
        if isinstance(ev.get("edition"), dt.date):
            ev["edition"] = ev["edition"].isoformat()
        if isinstance(ev.get("bases"), list):
            ev["bases"] = [{k: (v.isoformat() if isinstance(v, dt.date) else v)
                            for k, v in b.items()} if isinstance(b, dict) else b
                           for b in ev["bases"]]
        out["evidence"] = ev
    return out


def _claim(raw: Any, w: _Where, known: set[str]) -> Claim:
    if not isinstance(raw, dict):
        raise w.fail(None, f"expected a mapping of fields; got {type(raw).__name__}")
    raw = _dates_as_text(raw)
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise w.fail(None, f"missing field(s) {missing}",
                     f"Every claim needs {list(REQUIRED)}; what its check reads (recipient, "
                     "supplier, compare_window, a ledger...) goes under 'evidence' "
                     "(docs/claims.md, 'Keys of a claim')")
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise w.fail(unknown[0], f"unknown field(s) {unknown}",
                     f"Known fields: {sorted(REQUIRED + OPTIONAL)} (docs/claims.md)")
    for key in ("id", "quote", "unit", "comparator", "check"):
        if not _is_str(raw[key]):
            raise w.fail(key, f"expected a text; got {raw[key]!r}")
    if raw["comparator"] not in COMPARATORS:
        raise w.fail("comparator", f"{raw['comparator']!r} is not one of {list(COMPARATORS)}")
    if raw["check"] not in CHECKS:
        raise w.fail("check", f"{raw['check']!r} is not one of {list(CHECKS)}")
    quantity, written = _quantity(raw, w)
    check = raw["check"]
    ev = raw["evidence"]
    if not isinstance(ev, dict):
        raise w.fail("evidence", f"expected a mapping; got {ev!r}")
    spec = EVIDENCE[check]
    ew = _Where(w.file, w.cid, w.value_node("evidence"))
    for key in spec.required:
        if key not in ev:
            raise ew.fail(None, f"check {check!r} needs evidence.{key}",
                          f"Its evidence keys: required {list(spec.required)}, optional "
                          f"{list(spec.optional)}")
    bad = sorted(set(ev) - set(spec.required) - set(spec.optional))
    if bad:
        raise ew.fail(bad[0], f"unknown evidence key(s) {bad} for check {check!r}",
                      f"Its evidence keys: required {list(spec.required)}, optional "
                      f"{list(spec.optional)}")
    if spec.one_of and not any(k in ev for k in spec.one_of):
        raise ew.fail(None, f"check {check!r} needs at least one of evidence.{list(spec.one_of)}")
    for key, value in ev.items():
        ok, want = KEY_TYPES[key]
        if not ok(value):
            raise ew.fail(key, f"expected {want}; got {value!r}")
    if check == "sipri-top-share" and " ".join(str(ev["among"]).casefold().split()) not in TOP_AMONG:
        raise ew.fail("among", f"a top-N share is among {list(TOP_AMONG)}; got {ev['among']!r}")
    evidence = dict(ev)
    if "compare_window" in ev:
        evidence["compare_window"] = _window(ev["compare_window"], ew, "compare_window",
                                             years_only=True)
    window = None
    if raw.get("window") is not None:
        window = _window(raw["window"], w, "window", years_only=check in SIPRI_CHECKS)
    if check in NEEDS_WINDOW and (window is None or window.start is None or window.end is None):
        raise w.fail("window", f"check {check!r} needs a window with a start and an end")
    if check == "sipri-deal-list" and "items" in ev and window is None:
        raise w.fail("window", "a list of items is checked over a window; give one")
    if check == "sipri-deal-list" and "items" in ev and raw["comparator"] != "list-contains":
        raise w.fail("comparator", "a list of items needs comparator list-contains")
    if raw["comparator"] == "list-contains" and "items" not in ev:
        raise w.fail("comparator", "list-contains needs evidence.items")
    for key in ("tolerance", "precision"):
        v = raw.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0):
            raise w.fail(key, f"expected a number >= 0; got {v!r}")
    for key in ("method", "summary", "context", "window_note", "tolerance_note", "notebook",
                "edition"):
        v = raw.get(key)
        if v is not None and not isinstance(v, str):
            raise w.fail(key, f"expected a text; got {v!r}")
    source = raw.get("source", "")
    source_date, source_date_text = None, ""
    if isinstance(source, dict):
        if not set(source) <= {"url", "title", "date", "page"} or not all(
                isinstance(v, (str, int, dt.date)) for v in source.values()):
            raise w.fail("source", "expected a text or {url, title, date, page}")
        if "date" in source:
            source_date, source_date_text = _iso_date(source["date"], lambda p: w.fail("source", p))
        source = "; ".join(str(source[k]) for k in ("title", "date", "page", "url") if k in source)
    elif not isinstance(source, str):
        raise w.fail("source", f"expected a text or a mapping; got {source!r}")
    extraction = raw.get("extraction")
    if extraction is not None:
        if not isinstance(extraction, dict) or not set(extraction) <= set(EXTRACTION_KEYS) or \
                extraction.get("confidence") not in CONFIDENCE:
            raise w.fail("extraction", f"expected {{confidence: high|low, note, figure, at}}; got "
                                       f"{extraction!r}")
    cid = str(raw["id"])
    if cid in known:
        raise w.fail("id", f"duplicate id {cid!r}", "Give every claim its own id")
    tol = raw.get("tolerance")
    prec = raw.get("precision")
    return Claim(
        id=cid, quote=" ".join(str(raw["quote"]).split()), quantity=quantity, written=written,
        unit=str(raw["unit"]), comparator=raw["comparator"], check=check, evidence=evidence,
        method=" ".join(str(raw.get("method", "")).split()),
        summary=" ".join(str(raw.get("summary", "")).split()), window=window,
        window_note=" ".join(str(raw.get("window_note", "")).split()),
        context=str(raw.get("context", "")),
        tolerance=None if tol is None else float(tol),
        tolerance_note=str(raw.get("tolerance_note", "")),
        precision=None if prec is None else float(prec), source=source,
        notebook=raw.get("notebook"), edition=raw.get("edition"), date=source_date,
        date_text=source_date_text,
        extraction=extraction, file=w.file, line=w.line())


def load(path: str | os.PathLike[str] | None = None) -> ClaimsFile:
    """Read and validate a claims file (default: the article's, shipped in the package).

    Returns
    -------
    ClaimsFile
        The valid claims in file order, and ``(claim id, ClaimFileError)`` for each claim that
        is not valid (its id is ``#<n>`` when it has none).

    Raises
    ------
    ClaimFileError
        The whole file is unusable: missing, too large, not UTF-8, not valid YAML, anchors or
        aliases, duplicate keys, no ``claims`` list, unknown top-level keys.
    """
    text, where = _read(path)
    _check_no_aliases(text, where)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # pragma: no cover - _check_no_aliases parsed it already
        raise ClaimFileError(f"{where}: not valid YAML ({exc}).") from None
    if root is not None:
        _duplicate_keys(root, where)
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list):
        raise ClaimFileError(f"{where}: expected a mapping with a 'claims' list (see "
                             "docs/claims.md); got " + (type(doc).__name__ if doc is not None
                                                        else "an empty file") + ".")
    unknown = sorted(set(doc) - set(TOP_LEVEL))
    if unknown:
        raise ClaimFileError(f"{where}: unknown top-level key(s) {unknown}; known: "
                             f"{list(TOP_LEVEL)}.")
    if len(doc["claims"]) > MAX_CLAIMS:
        raise ClaimFileError(f"{where}: {len(doc['claims'])} claims; at most {MAX_CLAIMS} per file.")
    date, date_text = None, ""
    if "date" in doc:
        date, date_text = _iso_date(doc["date"], lambda p: ClaimFileError(
            f"{where}: top-level 'date': {p}."))
    for key in ("candidates", "not_sipri"):
        if key in doc and not isinstance(doc[key], list):
            raise ClaimFileError(f"{where}: top-level {key!r} must be a list (what armsdata "
                                 f"extract found and did not check); got {type(doc[key]).__name__}.")
    edition = doc.get("edition")
    if isinstance(edition, dt.date):
        edition = edition.isoformat()
    if edition is not None and not _is_str(edition):
        raise ClaimFileError(f"{where}: top-level 'edition' must be a text; got {edition!r}.")
    nodes = next((v for k, v in root.value if getattr(k, "value", None) == "claims"), None)
    items = nodes.value if isinstance(nodes, yaml.SequenceNode) else [None] * len(doc["claims"])
    claims: list[Claim] = []
    problems: list[tuple[str, ClaimFileError]] = []
    known: set[str] = set()
    for i, (raw, node) in enumerate(zip(doc["claims"], items)):
        cid = str(raw.get("id")) if isinstance(raw, dict) and _is_str(raw.get("id")) else f"#{i + 1}"
        try:
            c = _claim(raw, _Where(where, cid, node), known)
        except ClaimFileError as exc:
            problems.append((cid, exc))
            continue
        known.add(c.id)
        claims.append(c)
    article = doc.get("article") if isinstance(doc.get("article"), dict) else {}
    return ClaimsFile(path=where, claims=tuple(claims), problems=tuple(problems),
                      title=str(doc.get("title", "")), author=str(article.get("author", "")),
                      edition=edition, date=date, date_text=date_text,
                      meta={k: v for k, v in doc.items() if k != "claims"})


def load_claims(path: str | os.PathLike[str] | None = None) -> list[Claim]:
    """The claims of a file, every one valid.

    Raises
    ------
    ClaimFileError
        The file, or any claim in it, is not valid; the message names file, claim and line.
    """
    f = load(path)
    if f.problems:
        raise f.problems[0][1]
    return list(f.claims)


def get_claim(claim_id: str, path: str | os.PathLike[str] | None = None) -> Claim:
    """The claim with id *claim_id*.

    Raises
    ------
    ClaimFileError
        No such id; the message lists the ids there are.
    """
    found = load_claims(path)
    for c in found:
        if c.id == claim_id:
            return c
    raise ClaimFileError(f"no claim {claim_id!r} in the claims file; there are: "
                         f"{[c.id for c in found]}.")
