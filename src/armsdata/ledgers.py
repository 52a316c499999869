"""Load and validate the curated ledgers in ``data/raw/curated/``.

The ledgers are hand-kept CSV files of *reports* (see ``data/raw/curated/README.md``): Russian arms
loans to Armenia, the 2020 cargo-flight reports, aircraft payloads and a few other reported
numbers.  Each loader checks its file against a schema (required columns, types, ISO dates,
positive amounts, currency codes, ``http`` URLs, allowed values) and returns a typed DataFrame,
or raises :class:`~armsdata.errors.LedgerError` naming the file, row, column and bad value.

>>> from armsdata import ledgers
>>> ledgers.load("loans")[["id", "status", "date_signed", "amount", "currency"]]  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Literal

import pandas as pd

from armsdata import snapshot
from armsdata.errors import LedgerError

log = logging.getLogger(__name__)

#: Folder below the data folder (:func:`armsdata.snapshot.default_data_dir`) that holds the ledgers.
CURATED = "curated"

#: ISO 4217 codes a ledger may use.  A short list on purpose: a typo such as "UDS" must fail.
#: Add a code here when a real source reports an amount in it.
KNOWN_CURRENCIES = frozenset({"USD", "EUR", "RUB", "AMD", "AZN", "GBP"})

LOAN_STATUSES = ("signed", "ratified", "discussed", "contract-not-loan")
CARGO_KINDS = ("flight", "summary", "statement")
#: Who gives a report, the same in every ledger that has a ``source_type`` column.
#: ``official``: a government, or an official speaking for it, about its own acts, forces,
#: territory, treaties or debts: the authority that holds the record of the fact (Russia's
#: defence minister on Russia's flights, Armenia's on what reaches Armenia, Azerbaijan's
#: government on deaths on its soil).  ``party``: the government of a party to the dispute, or
#: its official, about another party's acts or forces (Azerbaijan on Russia's cargo to Armenia
#: or on Russian troops in Armenia): a claim, weighed like a media report.  ``media``: an
#: outlet's own report; ``reprint``: an outlet repeating another (``reprint_of`` names the
#: original where it is a row); ``reference``: a manufacturer's data sheet, an encyclopaedia.
#: Only an ``official`` row is decisive: an official figure or denial can refute a claim on its
#: own (:mod:`armsdata.claims.rules`).
SOURCE_TYPES = ("official", "party", "media", "reprint", "reference")
#: How a report qualifies its number.  Empty: the plain figure.  "up to" states a maximum (a
#: missile's range), not an upper bound on an unknown.
QUALIFIERS = ("", "about", "more than", "at least", "up to")
#: How a row (facts) or a whole ledger (``ledgers.yaml``) was gathered, strongest first; see
#: :data:`armsdata.claims.model.COVERAGES`.  Only an ``exhaustive`` ledger can show absence.
COVERAGES = ("exhaustive", "systematic", "searched", "incidental")
#: Whether a row's ``source_url`` leads to the page that holds its quote: ``ok`` (empty means
#: ok), or why not.  Verdicts show every row whose URL is not ``ok``.
URL_STATUSES = ("", "ok", "shortened", "site-root", "archive", "not-found")
#: A judgement call on a row: does it count towards the quantity a claim reads from it (the
#: fact its key names; what an official denial denies)?  Empty means yes; ``no`` sets it aside;
#: either way ``counts_reason`` says why when it is a judgement.
COUNTS = ("", "yes", "no")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Kind = Literal["text", "int", "float", "date", "url", "currency", "choice"]


@dataclass(frozen=True)
class Column:
    """One column of a ledger schema.

    ``required``: the cell must not be empty.  ``positive``: a number must be > 0.
    ``choices``: the allowed values of a ``choice`` column.
    """

    name: str
    kind: Kind = "text"
    required: bool = False
    positive: bool = False
    choices: tuple[str, ...] = ()


def _source_columns() -> tuple[Column, ...]:
    return (Column("source_url", "url", required=True),
            Column("url_status", "choice", choices=URL_STATUSES),
            Column("quote", required=True), Column("source_file", required=True),
            Column("reprint_of"), Column("note"))


LOANS: tuple[Column, ...] = (
    Column("id", required=True),
    Column("status", "choice", required=True, choices=LOAN_STATUSES),
    Column("date_signed", "date"),
    Column("date_ratified", "date"),
    Column("date_reported", "date"),
    Column("amount", "float", positive=True),
    Column("currency", "currency"),
    Column("interest_rate_pct", "float"),
    Column("term_years", "float", positive=True),
    Column("grace_years", "float"),
    Column("drawdown_start_year", "int", positive=True),
    Column("drawdown_end_year", "int", positive=True),
    Column("purpose", required=True),
    Column("reported_by", required=True),
    *_source_columns(),
)

CARGO_REPORTS: tuple[Column, ...] = (
    Column("id", required=True),
    Column("kind", "choice", required=True, choices=CARGO_KINDS),
    Column("report_date", "date"),
    Column("reported_by", required=True),
    Column("source_type", "choice", required=True, choices=SOURCE_TYPES),
    Column("flights", "int", positive=True),
    Column("date_range_start", "date"),
    Column("date_range_end", "date"),
    Column("aircraft"),
    Column("cargo"),
    Column("tonnage_t", "float", positive=True),
    Column("tonnage_qualifier", "choice", choices=QUALIFIERS),
    Column("route"),
    Column("denies"),
    Column("counts", "choice", choices=COUNTS),
    Column("counts_reason"),
    *_source_columns(),
)

PAYLOADS: tuple[Column, ...] = (
    Column("aircraft", required=True),
    Column("max_payload_t", "float", required=True, positive=True),
    Column("reported_by", required=True),
    *_source_columns(),
)

FACTS: tuple[Column, ...] = (
    Column("id", required=True),
    Column("fact", required=True),
    Column("value", "float", required=True),
    Column("unit", required=True),
    Column("qualifier", "choice", choices=QUALIFIERS),
    Column("as_of", "date"),
    Column("period"),
    Column("reported_by", required=True),
    Column("source_type", "choice", required=True, choices=SOURCE_TYPES),
    Column("coverage", "choice", required=True, choices=COVERAGES),
    Column("counts", "choice", choices=COUNTS),
    Column("counts_reason"),
    *_source_columns(),
)


# --------------------------------------------------------------------------------------------
# The registry: every ledger's name, file and schema, in one place
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ledger:
    """A curated ledger: its file in ``curated/``, its schema, its row check and key column."""

    name: str
    file: str
    schema: tuple[Column, ...]
    row_check: "RowCheck | None" = None
    key: str | None = "id"


#: File that says how each ledger was gathered (``coverage``) and what was searched (``scope``).
COVERAGE_FILE = "ledgers.yaml"


# --------------------------------------------------------------------------------------------
# Locating the files
# --------------------------------------------------------------------------------------------

def curated_dir() -> Path:
    """The folder of the curated ledgers: ``<data folder>/curated``.

    The data folder is :func:`armsdata.snapshot.default_data_dir` (``$ARMSDATA_DATA_DIR`` if set,
    else the project's ``data/raw``).
    """
    return snapshot.default_data_dir() / CURATED


def _source(path: str | os.PathLike[str] | None, name: str,
            folder: str | os.PathLike[str] | None = None) -> tuple[Path, bytes]:
    """The ledger's path and bytes.

    A ledger read from a curated folder (*folder*, default :func:`curated_dir`) is checked
    against that folder's ``manifest.json`` when there is one (as every snapshot is; after
    editing a ledger by hand, run :func:`armsdata.snapshot.rebuild_manifest`).  A file passed by
    *path* is read as it is.
    """
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise LedgerError(f"ledger {p} not found; expected a {name!r} file there. Pass the "
                              "path of an existing ledger.")
        return p, p.read_bytes()
    folder = Path(folder) if folder is not None else curated_dir()
    p = folder / name
    if not p.is_file():
        raise LedgerError(f"ledger {p} not found; expected the curated file {name!r} in {folder}. "
                          f"Pass its path, or set ARMSDATA_DATA_DIR to the folder that holds "
                          f"'{CURATED}/'.")
    if (folder / snapshot.MANIFEST).is_file():
        return p, snapshot.load(folder).read(name)
    log.debug("%s has no %s; %s read unverified", folder, snapshot.MANIFEST, name)
    return p, p.read_bytes()


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

class _Cell:
    """Where a value sits, for error messages."""

    def __init__(self, path: Path, row: int, line: int, column: str):
        self.path, self.row, self.line, self.column = path, row, line, column

    def fail(self, value: object, problem: str, todo: str) -> LedgerError:
        return LedgerError(f"{self.path}: row {self.row} (line {self.line}), column "
                           f"{self.column!r}: {problem}; got {value!r}. {todo}")


def _convert(raw: str, col: Column, cell: _Cell) -> object:
    value = raw.strip()
    if value == "":
        if col.required:
            raise cell.fail(raw, "empty cell in a required column", "Fill it in from the source.")
        return None
    if col.kind == "int":
        try:
            out: object = int(value)
        except ValueError:
            raise cell.fail(raw, "expected a whole number", "Write digits only, e.g. 9.") from None
    elif col.kind == "float":
        try:
            out = float(value)
        except ValueError:
            raise cell.fail(raw, "expected a number", "Write a plain number, e.g. 200 or 3.5 "
                            "(no units, no currency signs).") from None
        if not math.isfinite(out):  # type: ignore[arg-type]
            raise cell.fail(raw, "expected a finite number", "Write a plain number.")
    elif col.kind == "date":
        if not _ISO_DATE.match(value):
            raise cell.fail(raw, "expected an ISO date YYYY-MM-DD",
                            "Write the full date, or leave it empty and put a partial date in 'note'.")
        try:
            out = dt.date.fromisoformat(value)
        except ValueError:
            raise cell.fail(raw, "not a real calendar date", "Check day and month.") from None
    elif col.kind == "url":
        if not (value.startswith("http://") or value.startswith("https://")):
            raise cell.fail(raw, "expected a URL starting with http:// or https://",
                            "Copy the source's address as given in the excerpt.")
        out = value
    elif col.kind == "currency":
        if value not in KNOWN_CURRENCIES:
            raise cell.fail(raw, f"unknown currency code; known: {sorted(KNOWN_CURRENCIES)}",
                            "Use an ISO 4217 code in capitals (USD); add a real code to "
                            "ledgers.KNOWN_CURRENCIES if a source needs it.")
        out = value
    elif col.kind == "choice":
        if value not in col.choices:
            raise cell.fail(raw, f"not one of {list(col.choices)}", "Use one of the allowed values.")
        out = value
    else:
        out = value
    if col.positive and isinstance(out, (int, float)) and out <= 0:
        raise cell.fail(raw, "expected a number > 0", "Leave the cell empty if the source gives no figure.")
    return out


RowCheck = Callable[[dict[str, object], Callable[[str], _Cell]], None]


def _read(source: tuple[Path, bytes], schema: tuple[Column, ...], row_check: RowCheck | None = None,
          key: str | None = "id") -> pd.DataFrame:
    path, data = source
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LedgerError(f"{path}: not UTF-8 ({exc}). Save the ledger as UTF-8.") from exc
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise LedgerError(f"{path}: empty file; expected a header line with the columns "
                          f"{[c.name for c in schema]}.") from None
    missing = [c.name for c in schema if c.name not in header]
    if missing:
        raise LedgerError(f"{path}: row 0 (line 1, the header), missing column(s) {missing}; "
                          f"got columns {header}. Add them (an empty column is fine for optional "
                          "ones); see data/raw/curated/README.md.")
    extra = [h for h in header if h not in {c.name for c in schema}]
    if extra:
        log.info("%s: columns %s are not in the schema; kept as text", path, extra)
    records: list[dict[str, object]] = []
    lines: list[int] = []
    seen: dict[object, int] = {}
    row = 0
    line_end = reader.line_num
    for cells in reader:
        line = line_end + 1
        line_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        row += 1
        lines.append(line)
        if len(cells) != len(header):
            raise LedgerError(f"{path}: row {row} (line {line}): {len(cells)} fields, expected "
                              f"{len(header)} like the header. Quote cells that contain commas.")
        raw = dict(zip(header, cells))

        def where(column: str, _row: int = row, _line: int = line) -> _Cell:
            return _Cell(path, _row, _line, column)

        rec: dict[str, object] = {c.name: _convert(raw[c.name], c, where(c.name)) for c in schema}
        for h in extra:
            rec[h] = raw[h]
        if key is not None:
            k = rec[key]
            if k in seen:
                raise where(key).fail(k, f"duplicate of row {seen[k]}", "Give each row its own id.")
            seen[k] = row
        if row_check is not None:
            row_check(rec, where)
        records.append(rec)
    if not records:
        raise LedgerError(f"{path}: header only, no rows. A ledger needs at least one report.")
    if key is not None:
        _check_reprints(records, key, lambda i: _Cell(path, i + 1, lines[i], "reprint_of"))
    return _frame(records, schema, extra)


def _check_reprints(records: list[dict[str, object]], key: str,
                    where: Callable[[int], _Cell]) -> None:
    """``reprint_of`` names another row of the same ledger, which is not itself a reprint (a
    reprint counts once, as its original)."""
    originals = {r[key]: r.get("reprint_of") for r in records}
    for i, rec in enumerate(records):
        of = rec.get("reprint_of")
        if of is None:
            continue
        if of not in originals or of == rec[key]:
            raise where(i).fail(of, "names no other row of this ledger",
                                f"Give the {key} of the row it repeats, or leave it empty.")
        if originals[of] is not None:
            raise where(i).fail(of, f"names a row that is itself a reprint (of {originals[of]!r})",
                                "Name the original.")


def _frame(records: list[dict[str, object]], schema: tuple[Column, ...], extra: list[str]) -> pd.DataFrame:
    data: dict[str, pd.Series] = {}
    for c in schema:
        values = [r[c.name] for r in records]
        if c.kind == "int":
            data[c.name] = pd.Series(values, dtype="Int64")
        elif c.kind == "float":
            data[c.name] = pd.Series(values, dtype="Float64")
        elif c.kind == "date":
            data[c.name] = pd.to_datetime(pd.Series([v.isoformat() if v else None for v in values],
                                                    dtype="object"), format="%Y-%m-%d")
        else:
            data[c.name] = pd.Series(["" if v is None else v for v in values], dtype="str")
    for h in extra:
        data[h] = pd.Series([r[h] for r in records], dtype="str")
    return pd.DataFrame(data)


def _check_order(rec: dict[str, object], where: Callable[[str], _Cell], first: str, second: str) -> None:
    a, b = rec.get(first), rec.get(second)
    if a is not None and b is not None and b < a:  # type: ignore[operator]
        raise where(second).fail(str(b), f"earlier than {first} ({a})", "Check both against the source.")


def _loan_row(rec: dict[str, object], where: Callable[[str], _Cell]) -> None:
    _check_order(rec, where, "date_signed", "date_ratified")
    _check_order(rec, where, "drawdown_start_year", "drawdown_end_year")
    if rec["amount"] is not None and rec["currency"] is None:
        raise where("currency").fail(None, "an amount needs a currency", "Add the ISO 4217 code, e.g. USD.")
    if rec["status"] in ("signed", "ratified"):
        for col in ("date_signed", "amount"):
            if rec[col] is None:
                raise where(col).fail(None, f"a {rec['status']} loan needs {col}",
                                      "Fill it in, or set status to 'discussed' if it was never signed.")
    if rec["status"] == "ratified" and rec["date_ratified"] is None and not str(rec["note"]).strip():
        raise where("date_ratified").fail(None, "ratified without a date and without a note",
                                          "Give the date, or say in 'note' why it is unknown.")


def _cargo_row(rec: dict[str, object], where: Callable[[str], _Cell]) -> None:
    _check_order(rec, where, "date_range_start", "date_range_end")
    if rec["kind"] == "flight" and rec["flights"] not in (None, 1):
        raise where("flights").fail(str(rec["flights"]), "a 'flight' row stands for one flight",
                                    "Write 1, or make the row a 'summary'.")
    if rec["kind"] == "summary" and rec["flights"] is None and rec["tonnage_t"] is None:
        raise where("flights").fail(None, "a 'summary' row needs a flight count or a tonnage",
                                    "Fill one in, or make the row a 'statement'.")
    if rec["tonnage_t"] is None and rec["tonnage_qualifier"] not in (None, ""):
        raise where("tonnage_qualifier").fail(rec["tonnage_qualifier"], "a qualifier without a tonnage",
                                              "Clear the qualifier, or enter the tonnage.")
    if rec["denies"] is not None:
        if rec["kind"] != "statement":
            raise where("denies").fail(rec["denies"], "only a 'statement' row denies",
                                       "Make the row a statement, or clear 'denies'.")
        if rec["counts"] is None or not str(rec["counts_reason"] or "").strip():
            raise where("counts").fail(rec["counts"] or "", "a denial needs a judgement: does it "
                                       "deny what the claims count?",
                                       "Set counts to yes or no and say why in counts_reason.")
    _counts_row(rec, where)


def _counts_row(rec: dict[str, object], where: Callable[[str], _Cell]) -> None:
    if rec["counts"] == "no" and not str(rec["counts_reason"] or "").strip():
        raise where("counts_reason").fail("", "a row set aside (counts = no) needs a reason",
                                          "Say why it does not count.")


LEDGERS: dict[str, Ledger] = {
    "loans": Ledger("loans", "loans.csv", LOANS, _loan_row),
    "cargo_reports": Ledger("cargo_reports", "cargo_reports.csv", CARGO_REPORTS, _cargo_row),
    "aircraft_payloads": Ledger("aircraft_payloads", "aircraft_payloads.csv", PAYLOADS,
                                key="aircraft"),
    "facts": Ledger("facts", "facts.csv", FACTS, _counts_row),
}


def spec(name: str) -> Ledger:
    """The registry entry of ledger *name*.

    Raises
    ------
    LedgerError
        No such ledger; the message lists the names.
    """
    try:
        return LEDGERS[name]
    except KeyError:
        raise LedgerError(f"unknown ledger {name!r}; the curated ledgers are {sorted(LEDGERS)}.") from None


def load(name: str, path: str | os.PathLike[str] | None = None, *,
         folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Ledger *name* (see :data:`LEDGERS`): from *path* as it is, or from the curated *folder*
    (default :func:`curated_dir`), verified against the folder's manifest.

    Returns
    -------
    pandas.DataFrame
        The columns of the ledger's schema; dates ``datetime64`` (NaT when unknown), numbers
        ``Float64`` / ``Int64`` (NA when not reported), text ``str`` ("" when empty).

    Raises
    ------
    LedgerError
        The file is missing or breaks the schema; the message names row, column and value.
    ChecksumError
        Read from a curated folder whose ``manifest.json`` records other bytes for it.
    """
    led = spec(name)
    return _read(_source(path, led.file, folder), led.schema, led.row_check, key=led.key)


@dataclass(frozen=True)
class Gathering:
    """How a ledger was gathered: its ``coverage`` (:data:`COVERAGES`) and ``scope`` (what was
    searched, in words)."""

    coverage: str
    scope: str


def gathering(folder: str | os.PathLike[str] | None = None) -> dict[str, Gathering]:
    """Every ledger's :class:`Gathering`, from ``ledgers.yaml`` in *folder* (default
    :func:`curated_dir`), verified against the folder's manifest like the ledgers.

    Raises
    ------
    LedgerError
        The file is missing or names a ledger, a coverage or a key it should not; every ledger
        of :data:`LEDGERS` must be declared.
    """
    import yaml

    path, data = _source(None, COVERAGE_FILE, folder)
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LedgerError(f"{path}: not valid UTF-8 YAML ({exc}).") from exc
    entries = doc.get("ledgers") if isinstance(doc, dict) else None
    if not isinstance(entries, dict):
        raise LedgerError(f"{path}: expected a mapping 'ledgers: {{name: {{coverage, scope}}}}'.")
    out = {}
    for name, entry in entries.items():
        if name not in LEDGERS:
            raise LedgerError(f"{path}: ledger {name!r} is not one of {sorted(LEDGERS)}.")
        if not isinstance(entry, dict) or set(entry) != {"coverage", "scope"}:
            raise LedgerError(f"{path}: ledger {name!r}: expected exactly the keys coverage and "
                              f"scope; got {entry!r}.")
        if entry["coverage"] not in COVERAGES:
            raise LedgerError(f"{path}: ledger {name!r}: coverage {entry['coverage']!r} is not "
                              f"one of {list(COVERAGES)}.")
        out[name] = Gathering(entry["coverage"], " ".join(str(entry["scope"]).split()))
    missing = sorted(set(LEDGERS) - set(out))
    if missing:
        raise LedgerError(f"{path}: no entry for ledger(s) {missing}; say how each was gathered.")
    return out


# --------------------------------------------------------------------------------------------
# Every row against the source excerpt it was taken from
# --------------------------------------------------------------------------------------------

#: Folder inside the curated folder that holds the source excerpts the rows were taken from
#: (each with its URL; a row's ``source_file`` names one of them).
SOURCES = "sources"
#: Quote marks a copy may have changed (typographic, guillemets, low-9): read as ``"`` and ``'``.
_QUOTE_MARKS = str.maketrans({**{c: '"' for c in "“”„‟«»″"}, **{c: "'" for c in "‘’‚‛′`"}})
#: ``...`` (or ``…``) in a quote joins fragments of the same source (data/raw/curated/README.md).
_FRAGMENT_JOIN = re.compile(r"\s*(?:\.\.\.|…)\s*")


def normalise_text(text: str) -> str:
    """*text* with runs of whitespace as one space and typographic quote marks as ASCII ones:
    how a quote and its source are compared."""
    return " ".join(str(text).translate(_QUOTE_MARKS).split())


def quote_fragments(quote: str) -> list[str]:
    """The pieces of a ledger quote that must each appear in its source (split at ``...``)."""
    return [p for p in (normalise_text(x) for x in _FRAGMENT_JOIN.split(quote)) if p]


@dataclass(frozen=True)
class SourceProblem:
    """A row whose quote or URL is not in the excerpt its ``source_file`` names."""

    ledger: str
    row: str
    column: str
    problem: str

    def __str__(self) -> str:
        return f"{self.ledger}, row {self.row}, column {self.column!r}: {self.problem}"


def _url_in(url: str, status: str, text: str) -> bool:
    if status == "site-root":  # the excerpt names the site only ("newizv.ru", "Massispost")
        host = re.sub(r"^https?://", "", url).split("/")[0].removeprefix("www.").casefold()
        return bool(host) and host.rsplit(".", 1)[0] in text.casefold()
    return url in text


def check_sources(folder: str | os.PathLike[str] | None = None) -> list[SourceProblem]:
    """Every row of every ledger against its source excerpt in ``<folder>/sources/``.

    A row is backed when its ``source_file`` is a file there, every fragment of its ``quote``
    (:func:`quote_fragments`) appears in that file (:func:`normalise_text` on both), and its
    ``source_url`` appears there too (a ``shortened`` URL as the excerpt shortens it; for a
    ``site-root`` URL, its host).

    Parameters
    ----------
    folder
        The curated folder (default :func:`curated_dir`); its ledgers are verified against its
        manifest as :func:`load` does.

    Returns
    -------
    list of SourceProblem
        Empty when every row is backed.
    """
    base = Path(folder) if folder is not None else curated_dir()
    problems: list[SourceProblem] = []
    texts: dict[str, str | None] = {}
    for name, led in LEDGERS.items():
        df = load(name, folder=base)
        for r in df.to_dict("records"):
            row = str(r[led.key or "id"])
            file = str(r["source_file"])
            if file not in texts:
                p = base / SOURCES / file
                texts[file] = (p.read_text(encoding="utf-8") if p.is_file() and "/" not in file
                               else None)
            text = texts[file]
            if text is None:
                problems.append(SourceProblem(name, row, "source_file",
                                              f"{file!r} is not a file in {base / SOURCES}"))
                continue
            flat = normalise_text(text)
            missing = [q for q in quote_fragments(str(r["quote"])) if q not in flat]
            if missing:
                problems.append(SourceProblem(name, row, "quote",
                                              f"not in {file}: {missing[0]!r}"))
            if not _url_in(str(r["source_url"]), str(r["url_status"]), text):
                problems.append(SourceProblem(
                    name, row, "source_url", f"{r['source_url']!r} is not in {file} "
                    "(give the address as the excerpt does, with url_status 'shortened' or "
                    "'site-root' when it gives less)"))
    return problems
