"""Parse SIPRI Arms Transfers Database exports (bytes) into tidy pandas tables.

Pure functions: bytes in, DataFrames out; no network, no disk.  One parser per kind of table
SIPRI has shipped (the layout names are the ones :func:`sniff` returns and manifests store):

==============================  =========================================================  =========================
layout                          what                                                       function
==============================  =========================================================  =========================
``tiv-legacy``                  old site (until 2023): TIV imports of one recipient by     :func:`parse_tiv_legacy`
                                supplier (rows) and year (columns), ``Total`` row at the end
``tiv-imports-by-recipient``    new site: TIV imports by recipient and year, no supplier   :func:`parse_tiv_new`
``tiv-exports-by-supplier``     new site: TIV exports by supplier and year                 :func:`parse_tiv_new`
``tiv-recipient-by-supplier``   current API (2026): one recipient's TIV imports by         :func:`parse_tiv_new`
                                supplier, last row ``Total exports to <recipient>``
``tiv-supplier-by-recipient``   current API (2026): one supplier's TIV exports by          :func:`parse_tiv_new`
                                recipient, last row ``Total imports from <supplier>``
``register``                    trade register: one row per deal, delivery years listed    :func:`parse_register`
``delivery-years``              per-delivery-year register: one row per deal and year      :func:`parse_delivery_years`
==============================  =========================================================  =========================

Every parser takes either the CSV bytes or SIPRI's API answer around them
(``{"bytes": "<base64 CSV>"}``).  The column names and dtypes of every output are listed in
``docs/architecture.md``.

Every parser finds its header by content, never by a fixed line count, and raises
:class:`~armsdata.errors.ParseError` saying what is wrong and on which line when the bytes are
not the layout they should be; :func:`sniff` and :func:`parse` raise
:class:`~armsdata.errors.UnknownLayoutError` for a table none of them knows.

Speed (``benchmarks/run.py``: every file group within 1.5x a bare ``pandas.read_csv``): values
are checked and converted once per distinct cell (SIPRI's tables repeat few distinct values per
column) or, for the TIV tables' plain numbers, with numpy on their bytes; tidy rows are built
with numpy, never by a Python loop over cells; a register body is tokenized by pandas' C reader
or str.split wherever they give exactly what the csv module gives (see :func:`_read_body`).
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import io
import json
import logging
import math
import re
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import numpy as np
import pandas as pd

from armsdata.conventions import (
    ALL,
    BELOW_HALF_MARKERS,
    ENCODING,
    FIRST_ORDER_YEAR,
    FIRST_YEAR,
    HALF_UNIT,
    LAST_YEAR,
    TOTAL,
    TOTAL_EXPORTS_TO,
    TOTAL_IMPORTS_FROM,
    TOTAL_WORLD_EXPORT,
    TOTAL_WORLD_IMPORT,
    UNCERTAIN_MARK,
    YES_NO,
)
from armsdata.errors import NoDataError, ParseError, UnknownLayoutError

log = logging.getLogger(__name__)

Layout = Literal[
    "tiv-legacy", "tiv-imports-by-recipient", "tiv-exports-by-supplier",
    "tiv-recipient-by-supplier", "tiv-supplier-by-recipient", "register", "delivery-years",
]
#: Every layout this module reads, in the order of the table above.
LAYOUTS: tuple[str, ...] = typing.get_args(Layout)

#: The line SIPRI stamps on every export; it changes on every download even when the data do not,
#: so the content hash (see :func:`strip_generated_line`) leaves it out.
#: Old site: ``Generated: 22 April 2022,,,,``; new site: ``Data generated: 13 Oct 2024 2:20:11 PM``.
GENERATED_LINE = re.compile(rb"^[ \t]*(?:Data )?[Gg]enerated:[^\r\n]*(?:\r?\n|$)", re.MULTILINE)

#: The trade register's header, exactly as SIPRI writes it (three unnamed ``' '`` columns hold
#: the ``?`` uncertainty marks of the column before them).
REGISTER_HEADER = (
    "Recipient", "Supplier", "Year of order", " ", "Number ordered", " ", "Weapon designation",
    "Weapon description", "Number delivered", " ", "Year(s) of delivery", "status", "Comments",
    "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons",
)
REGISTER_COLUMNS = (
    "recipient", "supplier", "order_year", "order_year_uncertain", "number_ordered",
    "number_ordered_uncertain", "designation", "description", "number_delivered",
    "number_delivered_uncertain", "delivery_years", "status", "comments", "tiv_unit", "tiv_order",
    "tiv_delivered",
)

#: The per-delivery-year register (the API's ``exportOption``, as recorded on 10 Feb 2025, and
#: the web interface's export of April 2024).
DELIVERY_YEARS_HEADER = (
    "SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description",
    "Armament category", "Order date", "Order date is estimate", "Numbers delivered",
    "Numbers delivered is estimate", "Delivery year", "Delivery year is estimate", "Status",
    "SIPRI estimate", "TIV deal unit", "TIV delivery values", "Local production",
)
DELIVERY_YEARS_COLUMNS = (
    "deal_id", "supplier", "recipient", "designation", "description", "category", "order_year",
    "order_year_uncertain", "number_delivered", "number_delivered_uncertain", "delivery_year",
    "delivery_year_uncertain", "status", "sipri_estimate", "tiv_unit", "tiv_delivered",
    "local_production",
)

#: Columns of few distinct labels, which pandas' C reader returns as Categoricals (see
#: :func:`_read_body`): names, '?' flags and delivery-year lists of the register; names and
#: Yes/No columns of the per-delivery-year register.
REGISTER_LABELS = frozenset({0, 1, 3, 5, 9, 10})
DELIVERY_YEARS_LABELS = frozenset({1, 2, 7, 9, 11, 16})

#: Columns of the new-site and API TIV tables after the years: sums and percentages we recompute
#: ourselves, so they are checked (a number, percentages with ``%``: ``41%``, ``1.6%``) and not kept.
NEW_TIV_SUMMARY_COLUMNS = re.compile(r"^(\d{4}-\d{4}|Percentage|Sum total years|Percentage of total)$")

TIV_COLUMNS = ("recipient", "supplier", "year", "tiv", "below_half")



@dataclass(frozen=True)
class NewTivLayout:
    """One layout of the new site's and the current API's TIV tables.

    The first header cell says what the rows are, and the last row (SIPRI's total) says what
    they are the rows *of*: ``Recipient`` heads both the 2024 world imports table (last row
    ``Total world import``) and the 2026 table of one supplier's exports (``Total imports from
    China``), so neither alone tells a layout.
    """

    layout: str
    first: str                 # the first header cell
    total: re.Pattern[str]     # the last row, matched whole; group 1 names the fixed side
    total_label: str           # how messages quote the last row
    row_side: Literal["recipient", "supplier"]   # what the first column names
    named: Literal["recipient", "supplier"] | None  # the side the last row names (else: All)
    what: str


#: Every new-site and API TIV layout, by first header cell and last row.
NEW_TIV_LAYOUTS: tuple[NewTivLayout, ...] = (
    NewTivLayout("tiv-imports-by-recipient", "Recipient", re.compile(re.escape(TOTAL_WORLD_IMPORT)),
                 f"{TOTAL_WORLD_IMPORT!r}", "recipient", None,
                 "every recipient's imports, no supplier split (2024)"),
    NewTivLayout("tiv-supplier-by-recipient", "Recipient", TOTAL_IMPORTS_FROM,
                 "'Total imports from <supplier>'", "recipient", "supplier",
                 "one supplier's exports by recipient (2026 API)"),
    NewTivLayout("tiv-exports-by-supplier", "Exports by", re.compile(re.escape(TOTAL_WORLD_EXPORT)),
                 f"{TOTAL_WORLD_EXPORT!r}", "supplier", None,
                 "every supplier's exports, no recipient split (2024)"),
    NewTivLayout("tiv-recipient-by-supplier", "Supplier", TOTAL_EXPORTS_TO,
                 "'Total exports to <recipient>'", "supplier", "recipient",
                 "one recipient's imports by supplier (2026 API)"),
)
NEW_TIV_BY_LAYOUT = {t.layout: t for t in NEW_TIV_LAYOUTS}
#: The first header cells of the new-site and API tables.
NEW_TIV_FIRST_CELLS = tuple(dict.fromkeys(t.first for t in NEW_TIV_LAYOUTS))

#: How each layout's header line starts (for :class:`~armsdata.errors.UnknownLayoutError`), and
#: the pattern :func:`sniff` recognises it by.
LAYOUT_HEADERS: dict[str, tuple[str, re.Pattern[str]]] = {
    "tiv-legacy": (",1950,1951,...,Total", re.compile(r",\d{4},")),
    "tiv-imports-by-recipient": ("Recipient,1950,... (last row: Total world import)",
                                 re.compile(r"Recipient,\d{4},")),
    "tiv-exports-by-supplier": ("Exports by,1950,... (last row: Total world export)",
                                re.compile(r"Exports by,\d{4},")),
    "tiv-recipient-by-supplier": ("Supplier,2021,... (last row: Total exports to <recipient>)",
                                  re.compile(r"Supplier,\d{4},")),
    "tiv-supplier-by-recipient": ("Recipient,2000,... (last row: Total imports from <supplier>)",
                                  re.compile(r"Recipient,\d{4},")),
    "register": ("Recipient,Supplier,Year of order,...", re.compile(r"Recipient,Supplier,")),
    "delivery-years": ("SIPRI AT Database ID,Supplier,...", re.compile(r"SIPRI AT Database ID,")),
}

#: pandas' default string dtype (``"str"``), looked up once: every output's text columns have it.
_STR = pd.api.types.pandas_dtype("str")

#: How far into a file a header may be.  SIPRI's preambles are 6-12 lines; tests add 40.
HEADER_SEARCH_CHARS = 20000
HEADER_SEARCH_LINES = 60


@dataclass
class TivTable:
    """A SIPRI TIV table in tidy long form.

    Attributes
    ----------
    rows : pandas.DataFrame
        One row per non-empty cell: ``recipient``, ``supplier`` (str), ``year`` (int64),
        ``tiv`` (float64, millions, as printed), ``below_half`` (bool, SIPRI printed ``0``).
    totals : pandas.DataFrame
        SIPRI's own total row in the same columns; the summed-over side is named ``"Total"``.
    meta : dict
        ``title``, ``generated`` (ISO date), ``generated_raw``, ``layout``, ``years`` (list of
        int); ``recipient`` for ``tiv-legacy`` (from the title; ``"All"`` for the world table)
        and ``tiv-recipient-by-supplier`` (from the ``Total exports to <recipient>`` row, as
        SIPRI spells it); ``supplier`` for ``tiv-supplier-by-recipient`` (from the ``Total
        imports from <supplier>`` row); ``rows_match_total`` (bool: every year's rows add up to the total row
        within rounding, see :func:`parse_tiv_legacy`) and ``rows_mismatch_years`` (list of the
        years where they do not), so a caller can refuse a share over the rows without parsing
        again.
    """

    rows: pd.DataFrame
    totals: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Bytes → text
# --------------------------------------------------------------------------------------------

def looks_like_html(data: bytes) -> bool:
    """True if *data* is an HTML page (SIPRI answers errors and "no data" with HTML)."""
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) or (
        b"<html" in head
    )


#: Words of SIPRI's HTML "no data" page (see data/raw/sipri-tiv-2022-04-22/no-data-responses/).
NO_DATA_TEXT = b"does not have any information on deliveries"


def is_no_data_page(data: bytes) -> bool:
    """True if *data* is SIPRI's HTML page saying it has no deliveries for the query."""
    return looks_like_html(data) and NO_DATA_TEXT in data


def _line_at(data: bytes, offset: int) -> int:
    """1-based line number of byte *offset* in *data*."""
    return data.count(b"\n", 0, offset) + 1


#: The first two bytes of a gzip stream: a body whose Content-Encoding was not undone.
GZIP_MAGIC = b"\x1f\x8b"


def decode(data: bytes, source: str = "<bytes>", *, utf8_first: bool = False) -> str:
    """Decode SIPRI CSV bytes to text, refusing what is clearly not a SIPRI CSV.

    SIPRI's classic CSV exports are CP1252 (:data:`armsdata.conventions.ENCODING`), which is what
    is used unless the bytes start with a UTF-8 byte-order mark (a file re-saved by Excel).
    *utf8_first* is for the CSV inside an answer of SIPRI's current API: the public client that
    fetches it decodes it as UTF-8 (``Buffer.from(bytes, "base64").toString("utf8")``), so UTF-8
    is tried first and CP1252 only if the bytes are not valid UTF-8 (a classic export passed
    through).  Every answer recorded so far is ASCII, on which the two agree.

    Raises
    ------
    NoDataError
        *data* is SIPRI's HTML "no data" page.
    ParseError
        *data* is empty, HTML, gzip, UTF-16 (NUL bytes) or not decodable as CP1252.
    """
    if not data.strip():
        raise ParseError(f"{source}: empty file ({len(data)} bytes, none but blanks); expected a "
                         "SIPRI CSV export. Re-download it or restore it from the snapshot.")
    if is_no_data_page(data):
        raise NoDataError(f"{source}: SIPRI answered with its HTML 'no data' page: no deliveries "
                          "for the suppliers, recipients and years asked for.")
    if looks_like_html(data):
        raise ParseError(f"{source}: got an HTML page where a SIPRI CSV export was expected "
                         f"(starts {data[:60]!r}); the server probably answered with an error page.")
    if data[:2] == GZIP_MAGIC:
        raise ParseError(f"{source}: gzip-compressed bytes (starts 1f 8b) where a CP1252 text CSV "
                         "was expected; the HTTP answer (Content-Encoding: gzip) was kept undecoded.")
    nul = data.find(b"\x00", 0, 4096)
    if nul >= 0:
        kind = "UTF-16: it starts with a byte-order mark" if data[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else "UTF-16 or binary?"
        raise ParseError(f"{source}: NUL byte at offset {nul}, line {_line_at(data, nul)} "
                         f"({kind}); expected a CP1252 text CSV as SIPRI exports it.")
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM: someone re-saved the file as UTF-8
        data = data[3:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ParseError(f"{source}: UTF-8 byte-order mark but invalid UTF-8 at byte {exc.start + 3}, "
                             f"line {_line_at(data, exc.start)}.") from exc
    if data.isascii():  # every SIPRI file but the 2024 register: CP1252 and UTF-8 agree, 6x faster
        return data.decode("ascii")
    if utf8_first:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            log.info("%s: the API answer's CSV is not UTF-8; decoding it as %s", source, ENCODING)
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{source}: byte {data[exc.start:exc.start + 1]!r} at offset {exc.start}, line "
            f"{_line_at(data, exc.start)} is not valid {ENCODING}; expected SIPRI's "
            "CP1252 CSV export."
        ) from exc


def looks_like_json(data: bytes) -> bool:
    """True if *data* starts like a JSON object or array: an API answer, never a SIPRI CSV."""
    return data.lstrip()[:1] in (b"{", b"[")


_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")


def decode_api_response(data: bytes, source: str = "<bytes>") -> bytes:
    """The CSV bytes inside an answer of SIPRI's current API (``{"bytes": "<base64>"}``).

    Raises
    ------
    NoDataError
        The answer is SIPRI's HTML "no data" page.
    ParseError
        HTML, not JSON, JSON without a ``bytes`` string, or invalid base64.
    """
    if not data.strip():
        raise ParseError(f"{source}: empty body; expected JSON {{\"bytes\": \"<base64 CSV>\"}} from SIPRI's API.")
    if is_no_data_page(data):
        raise NoDataError(f"{source}: SIPRI answered with its HTML 'no data' page.")
    if looks_like_html(data):
        raise ParseError(f"{source}: got an HTML page where SIPRI's API should answer JSON "
                         f"{{\"bytes\": ...}} (starts {data[:60]!r}).")
    end = len(data.rstrip()) - 2
    if data.startswith(b'{"bytes":"') and data[end:end + 2] == b'"}':
        inner = data[10:end]  # what SIPRI sends; JSON would make it a str, then bytes again
        if b'"' not in inner and b"\\" not in inner:
            try:
                return base64.b64decode(inner, validate=True)
            except (binascii.Error, ValueError):
                pass  # the JSON route below says what is wrong
    try:
        obj = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{source}: not valid JSON ({exc}); expected {{\"bytes\": \"<base64 CSV>\"}}. "
                         "The body may be truncated.") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("bytes"), str):
        keys = sorted(obj) if isinstance(obj, dict) else type(obj).__name__
        raise ParseError(f"{source}: JSON without a 'bytes' string (got {keys}); expected "
                         "{\"bytes\": \"<base64 CSV>\"} from SIPRI's API.")
    try:
        return base64.b64decode(obj["bytes"], validate=True)
    except (binascii.Error, ValueError) as exc:
        bad = _NOT_BASE64.search(obj["bytes"])
        where = (f"character {bad.group()!r} at offset {bad.start()}" if bad
                 else f"length {len(obj['bytes'])}, padding")
        raise ParseError(f"{source}: the 'bytes' field is not valid base64 ({where}: {exc}); "
                         "the answer is corrupted or truncated. Fetch it again.") from exc


def _text(data: bytes, source: str) -> tuple[str, bytes | None]:
    """The text of a SIPRI export given as CSV bytes or as the API's JSON answer around them.

    Returns ``(text, raw)``: *raw* is the CSV bytes when every character of *text* is one byte
    of them (CP1252, or ASCII), so that byte offsets are character offsets; else None.
    """
    api = looks_like_json(data)
    if api:
        data = decode_api_response(data, source)
    text = decode(data, source, utf8_first=api)
    return text, (data if len(text) == len(data) else None)


def strip_generated_line(data: bytes) -> bytes:
    """*data* without SIPRI's "Generated: ..." line (and CR/LF folded to LF).

    The sha256 of the result is the snapshot's *content hash*: equal for two downloads of the same
    data on different days.
    """
    return GENERATED_LINE.sub(b"", data.replace(b"\r\n", b"\n"))


_GENERATED_TEXT = re.compile(r"(?:Data )?[Gg]enerated:\s*([^,\r\n]+)")


def parse_generated(text: str) -> tuple[str | None, str | None]:
    """Find SIPRI's generated stamp in *text*: ``(iso_date, raw)``, or ``(None, None)``."""
    m = _GENERATED_TEXT.search(text[:4000])
    if not m:
        return None, None
    raw = m.group(1).strip()
    for fmt in ("%d %B %Y", "%d %b %Y %I:%M:%S %p", "%d %b %Y", "%d %B %Y %I:%M:%S %p"):
        try:
            return dt.datetime.strptime(raw, fmt).date().isoformat(), raw
        except ValueError:
            continue
    log.warning("unrecognised SIPRI generated stamp %r", raw)
    return None, raw


def _fmt(x: float) -> str:
    """A TIV sum for a message: ``6,336``; decimals only where there are any."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


# --------------------------------------------------------------------------------------------
# Per distinct value: SIPRI's columns repeat few distinct cells, so each is checked and
# converted once and the result taken back to every row (pd.factorize).
# --------------------------------------------------------------------------------------------

def _unique(col) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of an object array of str, or of a Categorical of str (its own)."""
    if isinstance(col, pd.Categorical):
        return col.codes, np.asarray(col.categories, dtype=object)
    return pd.factorize(col)


def _first(mask_of_uniques: np.ndarray, codes: np.ndarray) -> int | None:
    """Position of the first cell whose unique is flagged in *mask_of_uniques*, or None."""
    if not mask_of_uniques.any():
        return None
    hits = np.flatnonzero(mask_of_uniques[codes])  # the unique may be another column's only
    return int(hits[0]) if hits.size else None


# --------------------------------------------------------------------------------------------
# TIV tables
# --------------------------------------------------------------------------------------------

def _split_rows(text: str) -> list[list[str]] | None:
    """What ``csv.reader`` makes of *text*, by ``str.split``, or None where the two could differ.

    Without a quote or a lone CR, a CSV record is a line and its fields are the line split at
    commas (an empty line is ``[]``); csv.reader does exactly that, 40 % slower.  A field longer
    than ``csv.field_size_limit()``, which csv.reader refuses, gives None too.
    """
    if '"' in text:
        return None
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    limit = csv.field_size_limit()
    if len(text) > limit and max(map(len, lines)) > limit:
        return None
    return [line.split(",") if line else [] for line in lines]


def _rows(text: str, source: str) -> list[list[str]]:
    """The rows of *text* as csv.reader gives them (by :func:`_split_rows` where it can)."""
    rows = _split_rows(text)
    if rows is not None:
        return rows
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as exc:  # e.g. an unclosed quote running past csv.field_size_limit()
        raise ParseError(f"{source}: malformed CSV near line {reader.line_num}: {exc}; an "
                         "unclosed quote or a damaged file. Re-download it.") from exc


def _is_year(cell: str) -> bool:
    # ASCII digits only: str.isdigit() also takes '²', which int() refuses.
    return len(cell) == 4 and cell.isascii() and cell.isdigit()


def _find_tiv_header(rows: list[list[str]], source: str) -> int:
    """Index of the row whose cells after the first start with consecutive years."""
    for i, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        cells = [c.strip() for c in row[1:]]
        if len(cells) >= 1 and _is_year(cells[0]):
            years = [int(c) for c in cells if _is_year(c)]
            if years and years == list(range(years[0], years[0] + len(years))):
                return i
    raise ParseError(
        f"{source}: no header row of consecutive years found in the first {HEADER_SEARCH_LINES} "
        "lines; expected a SIPRI TIV table (a row like ',1950,1951,...,Total', "
        "'Recipient,1950,...' or 'Supplier,2021,...'). Is this the right file?"
    )


def _tiv_cell(cell: str) -> tuple[str, float, bool]:
    """``(kind, tiv, below_half)`` of one TIV cell; kind is ``value``, ``empty``, ``not-number``
    or ``negative`` (negative or not finite)."""
    if cell in BELOW_HALF_MARKERS:
        return "value", 0.0, True
    s = cell.strip()
    if s == "":
        return "empty", 0.0, False
    try:
        value = float(s)
    except ValueError:
        return "not-number", 0.0, False
    if value < 0 or not math.isfinite(value):
        return "negative", 0.0, False
    return "value", value, value == 0.0


def _tiv_value(cell: str, source: str, line: int, column: str) -> tuple[float, bool] | None:
    """``(tiv, below_half)`` for one cell, None for an empty cell."""
    kind, value, below = _tiv_cell(cell)
    if kind == "not-number":
        raise ParseError(
            f"{source}: line {line}, column {column!r}: {cell!r} is not a TIV value; expected a "
            "number, '0' (below 0.5) or an empty cell."
        )
    if kind == "negative":
        raise ParseError(f"{source}: line {line}, column {column!r}: TIV {cell!r} is negative or not finite.")
    return None if kind == "empty" else (value, below)


def _summary_ok(cell: str, percent: bool) -> bool:
    """A cell of a sum or percentage column: empty, SIPRI's ``0`` marks, or a finite number >= 0,
    with a ``%`` after it if *percent* (``41%``, ``1.6%``)."""
    s = cell.strip()
    if s == "" or cell in BELOW_HALF_MARKERS:
        return True
    if percent and s.endswith("%"):
        s = s[:-1]
    try:
        value = float(s)
    except ValueError:
        return False
    return value >= 0 and math.isfinite(value)


def _floats(strings: np.ndarray) -> np.ndarray | None:
    """``float(s)`` of every str in an object array, if each is a finite number >= 0; else None.

    numpy's cast calls ``float()`` on each element in C: the same values as a Python loop, at a
    fraction of the cost.
    """
    try:
        values = strings.astype(np.float64)
    except (ValueError, TypeError):
        return None
    return values if ((values >= 0) & np.isfinite(values)).all() else None


def _tiv_uniques(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(tiv, below_half, empty, bad)`` for each distinct TIV cell, as :func:`_tiv_cell` says."""
    empty = uniques == ""
    values = np.zeros(len(uniques))
    filled = _floats(uniques[~empty])
    if filled is not None:  # every cell a plain number (float() strips blanks, as _tiv_cell does)
        values[~empty] = filled
        return values, ~empty & (values == 0.0), empty, np.zeros(len(uniques), dtype=bool)
    kinds = [_tiv_cell(u) for u in uniques]  # something unusual: the exact rules, cell by cell
    return (np.array([v for _, v, _ in kinds], dtype=np.float64),
            np.array([b for _, _, b in kinds], dtype=bool),
            np.array([k == "empty" for k, _, _ in kinds], dtype=bool),
            np.array([k in ("not-number", "negative") for k, _, _ in kinds], dtype=bool))


def _field_bounds(a: np.ndarray, n: int, width: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``(starts, ends)`` (n x width) of the fields of the bytes *a*: n lines of exactly *width*
    comma-separated fields each (the last may lack its line end), or None if they are not."""
    seps = np.flatnonzero((a == 44) | (a == 10))
    if len(seps) == n * width:  # a line end after the last line
        seps = seps[:-1]
    if len(seps) != n * width - 1 or (a[seps[width - 1::width]] != 10).any():
        return None
    ends = np.append(seps, len(a)).reshape(n, width)
    return np.concatenate(([0], seps + 1)).reshape(n, width), ends


def _decimal_fields(a: np.ndarray, s: np.ndarray, length: np.ndarray) -> np.ndarray | None:
    """The numbers in the byte fields ``a[s:s + length]`` if each is empty (NaN) or a plain
    decimal number (ASCII digits, at most one '.', at most 15 digits), else None.

    Read with numpy one character position at a time for every field.  The mantissa is below
    2**53 and the power of ten exact, so the one division rounds correctly: the very number
    ``float()`` and ``pd.to_numeric`` give.
    """
    last = len(a) - 1
    mantissa = np.zeros(len(s))
    plain = np.ones(len(s), dtype=bool)
    points = bool((a == 46).any())  # SIPRI's TIV tables print whole numbers: no '.' to track
    dots = np.zeros(len(s), dtype=np.int64)
    decimals = np.zeros(len(s), dtype=np.int64)
    for k in range(int(length.max(initial=0))):
        here = k < length
        b = a[np.minimum(s + k, last)]
        digit = here & (b >= 48) & (b <= 57)
        if points:
            plain &= ~here | digit | (b == 46)
            decimals += digit & (dots > 0)
            dots += here & (b == 46)
        else:
            plain &= ~here | digit
        mantissa = np.where(digit, mantissa * 10 + (b.astype(np.int64) - 48), mantissa)
    digits = length - dots
    plain &= (dots <= 1) & (digits <= 15) & ((digits > 0) | (length == 0))
    if not plain.all():
        return None
    values = mantissa / 10.0 ** decimals if points else mantissa
    values[length == 0] = np.nan
    return values


def _plain_tiv_cells(body: list[list[str]], cols: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``(values, filled)`` of the cells in columns *cols* of every row of *body*, if each is
    empty, SIPRI's ``0 `` or a plain number (:func:`_decimal_fields`; every cell SIPRI has
    shipped); else None.

    Read with numpy on the bytes of the rows, joined back into lines, instead of once per
    distinct cell: for these cells ``float()`` (:func:`_tiv_cell`) gives the same numbers.
    """
    if not body:
        return None
    a = np.frombuffer("\n".join(map(",".join, body)).encode("utf-8"), dtype=np.uint8)
    bounds = _field_bounds(a, len(body), len(body[0]))
    if bounds is None:  # a field held a comma or line break (quoted in the CSV)
        return None
    starts, ends = bounds[0][:, cols], bounds[1][:, cols]
    filled = ends > starts
    s, length = starts[filled], (ends - starts)[filled]
    half = (length == 2) & (a[s] == 48) & (a[np.minimum(s + 1, len(a) - 1)] == 32)  # '0 '
    length[half] = 1
    values = _decimal_fields(a, s, length)
    if values is None:
        return None
    out = np.zeros(filled.shape)
    out[filled] = values
    return out, filled


#: Sum and percentage cells as SIPRI prints them, one a line: whole or decimal numbers
#: (``6094``, ``1.6%``), ``0 `` or empty.  Matched by one regex over all of a table's cells;
#: only where it fails is each distinct cell checked (:func:`_summary_ok`, which takes more).
PLAIN_SUMS = re.compile(r"(?:(?:\d+(?:\.\d+)?|0 )?\n)*(?:\d+(?:\.\d+)?|0 )?", re.ASCII)
PLAIN_PERCENTS = re.compile(r"(?:(?:\d+(?:\.\d+)?%?|0 )?\n)*(?:\d+(?:\.\d+)?%?|0 )?", re.ASCII)


def _summary_bad(uniques: np.ndarray, percent: bool) -> np.ndarray:
    """Which distinct cells of the sum and percentage columns :func:`_summary_ok` refuses."""
    s = np.array([u[:-1] if percent and u.endswith("%") else u for u in uniques], dtype=object)
    filled = (uniques != "") & (uniques != "0 ")  # '%' alone is filled, and refused
    if _floats(s[filled]) is not None:
        return np.zeros(len(uniques), dtype=bool)
    return np.array([not _summary_ok(u, percent) for u in uniques], dtype=bool)


def _check_years(years: list[int], source: str, line: int) -> None:
    bad = [y for y in years if not FIRST_YEAR <= y <= LAST_YEAR]
    if bad:
        raise ParseError(
            f"{source}: line {line}: year(s) {bad} in the header are outside {FIRST_YEAR}-{LAST_YEAR}; "
            "the header is shifted or the file is not a SIPRI TIV table."
        )


def _check_body_row(name: str, line: int, seen: dict[str, int], total_line: int | None,
                    source: str) -> None:
    """Refuse a row after the table's Total row, or a name seen before in the same table.

    Either means the bytes are not one SIPRI table: two downloads run together, or a line
    duplicated in transit; both would silently double-count TIV if read on.
    """
    if total_line is not None:
        raise ParseError(f"{source}: line {line}: row {name!r} after the Total row on line "
                         f"{total_line}; SIPRI ends a TIV table with its Total row, so this file "
                         "holds more than one table or was corrupted. Re-download it.")
    if name in seen:
        raise ParseError(f"{source}: line {line}: {name!r} appears twice (first on line "
                         f"{seen[name]}); its values would count twice. A line was duplicated: "
                         "re-download the file.")
    seen[name] = line


def _tiv_frame(recipient: tuple[Any, np.ndarray], supplier: tuple[Any, np.ndarray],
               year: np.ndarray, tiv: np.ndarray, below: np.ndarray) -> pd.DataFrame:
    """The five TIV columns; each side is ``(labels, index)``: row k is named labels[index[k]]."""
    def side(labels, index: np.ndarray) -> pd.api.extensions.ExtensionArray:
        # Taking from the few distinct names is 5x cheaper than building a str array per row.
        return pd.array(np.asarray(labels, dtype=object), dtype=_STR).take(index)

    return pd.DataFrame({
        "recipient": side(*recipient), "supplier": side(*supplier),
        "year": year.astype(np.int64, copy=False), "tiv": tiv.astype(np.float64, copy=False),
        "below_half": below.astype(bool, copy=False),
    }, copy=False)


@dataclass
class _TivLayout:
    """What differs between the TIV layouts: how a row's name maps to (recipient, supplier)."""

    layout: str
    row_side: Literal["recipient", "supplier"]  # which side the first column names
    other: str                 # the other side's name on every row ("" until the total row says)
    is_total_name: Callable[[str], bool]
    total_label: str           # for the "no total row" message
    percent: bool              # summary columns may hold "41%"
    #: The side the total row names (``Total exports to Ukraine``: the recipient), and how.
    named_by_total: tuple[str, re.Pattern[str]] | None = None


def _tiv_table(rows: list[list[str]], h: int, spec: _TivLayout, header: list[str],
               meta: dict[str, Any], source: str, check_totals: bool) -> TivTable:
    """The cells below the header at *h* as a :class:`TivTable`.

    Checks every row's width and name (no name twice, nothing after the total row), every TIV
    cell, every sum and percentage cell, that a total row ends the table, and, with
    *check_totals*, that each year's rows add up to it within rounding.  Errors come in file
    order: the first bad row or cell is the one reported.
    """
    width = len(rows[h])
    body: list[list[str]] = []
    lines: list[int] = []
    names: list[str] = []
    seen: dict[str, int] = {}
    total_line: int | None = None
    total_at = -1
    row_error: ParseError | None = None   # the first bad row; cells before it are checked first
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if not row or (not row[0].strip() and not "".join(row).strip()):  # a blank line
            continue
        if len(row) != width:
            row_error = ParseError(
                f"{source}: line {i + 1} has {len(row)} fields, expected {width} like the header on "
                f"line {h + 1}; the file is truncated or a column was added or lost.")
            break
        name = row[0].strip()
        if not name:
            row_error = ParseError(f"{source}: line {i + 1}: values without a name in the first column.")
            break
        try:
            _check_body_row(name, i + 1, seen, total_line, source)
        except ParseError as exc:
            row_error = exc
            break
        if name.startswith(TOTAL) and spec.is_total_name(name):
            total_line, total_at = i + 1, len(body)
        body.append(row)
        lines.append(i + 1)
        names.append(name)

    is_year = [_is_year(c) for c in header]
    year_j = np.array([j for j, y in enumerate(is_year) if y], dtype=np.intp)
    year_v = np.array([int(header[j]) for j in year_j], dtype=np.int64)
    sum_j = [j for j, c in enumerate(header) if j > 0 and not is_year[j] and c]

    # Every TIV cell and every sum/percentage cell is checked.  The TIV cells of SIPRI's tables
    # are whole numbers, '0 ' or empty: read on bytes (:func:`_plain_tiv_cells`); anything
    # else is checked once per distinct value by the rules of _tiv_cell.
    bad_cell = None
    plain = _plain_tiv_cells(body, year_j)
    if plain is not None:
        values, filled = plain
    else:
        cells = np.array(body, dtype=object).reshape(len(body), width)[:, year_j]
        codes, uniques = _unique(cells.ravel())
        value_u, below_u, empty_u, bad_u = _tiv_uniques(uniques)
        bad_cell = _first(bad_u, codes)
        values = value_u[codes].reshape(cells.shape)
        filled = ~empty_u[codes].reshape(cells.shape)
    bad_sum = None
    if sum_j and body:
        pattern = PLAIN_PERCENTS if spec.percent else PLAIN_SUMS
        joined = "\n".join([row[j] for row in body for j in sum_j])
        if joined.count("\n") != len(body) * len(sum_j) - 1 or not pattern.fullmatch(joined):
            sums = np.array([[row[j] for j in sum_j] for row in body], dtype=object)
            scodes, suniques = _unique(sums.ravel())
            bad_sum = _first(_summary_bad(suniques, spec.percent), scodes)
    first: tuple[int, int] | None = None   # (row, column) of the first bad cell
    if bad_cell is not None:
        r, c = divmod(bad_cell, len(year_j))
        first = (r, int(year_j[c]))
    if bad_sum is not None:
        r, c = divmod(bad_sum, len(sum_j))
        if first is None or (r, sum_j[c]) < first:
            first = (r, sum_j[c])
    if first is not None:
        r, j = first
        cell = body[r][j]
        if is_year[j]:
            _tiv_value(cell, source, lines[r], header[j])  # raises with the exact reason
        what, expected = (("a number or a percentage", "a number, a percentage such as '41%' or "
                           "'1.6%',") if spec.percent else ("a number", "a number,"))
        raise ParseError(f"{source}: line {lines[r]}, column {header[j]!r}: {cell!r} is not "
                         f"{what}; expected {expected} '0' or an empty cell.")
    if row_error is not None:
        raise row_error
    if total_line is None:
        raise ParseError(f"{source}: no {spec.total_label} row after "
                         f"line {h + 1}; SIPRI ends every TIV table with one, so the file is "
                         "probably truncated. Re-download it.")

    other = spec.other
    if spec.named_by_total is not None:  # the only place such a table names its fixed side
        side, pattern = spec.named_by_total
        m = pattern.fullmatch(names[total_at])
        if not m:
            raise ParseError(f"{source}: line {total_line}: the total row is {names[total_at]!r}; "
                             f"expected {spec.total_label}.")
        other = meta[side] = m.group(1).strip()

    # Tidy rows: the non-empty cells in file order (row by row, years left to right).  A cell
    # printed 0 (SIPRI's '0' or '0 ') is below half a unit.
    r_idx, c_idx = np.nonzero(filled)
    tiv, year = values[r_idx, c_idx], year_v[c_idx]
    below = tiv == 0.0
    is_total = r_idx == total_at
    rec = ~is_total

    def frame(mask: np.ndarray, row_names: tuple[Any, np.ndarray]) -> pd.DataFrame:
        n = int(mask.sum())
        sides = {spec.row_side: row_names,
                 "supplier" if spec.row_side == "recipient" else "recipient": ([other], np.zeros(n, np.intp))}
        return _tiv_frame(sides["recipient"], sides["supplier"], year[mask], tiv[mask], below[mask])

    out = TivTable(frame(rec, (names, r_idx[rec])),
                   frame(is_total, ([TOTAL], np.zeros(int(is_total.sum()), np.intp))), meta)
    mismatch, detail = _rows_against_total(year_v, c_idx[rec], tiv[rec], c_idx[is_total], tiv[is_total])
    meta["rows_match_total"] = not mismatch
    meta["rows_mismatch_years"] = mismatch
    if check_totals and mismatch:
        raise ParseError(
            f"{source}: line {total_line}, {detail}; in all, the rows cover "
            f"{_fmt(tiv[rec].sum())} of the {_fmt(tiv[is_total].sum())} TIV in the total row "
            f"{names[total_at]!r}, and {_years_text(mismatch)} differ beyond rounding. Rows are "
            "missing (a trimmed or truncated table) or a value was changed: a share computed over "
            "the rows (basis 'rows') would be wrong. Use the total row (basis 'total'), or "
            "re-download the whole table."
        )
    return out


def _years_text(years: list[int]) -> str:
    shown = ", ".join(map(str, years[:8])) + (", ..." if len(years) > 8 else "")
    return f"{len(years)} year{'s' if len(years) != 1 else ''} ({shown})"


def _rows_against_total(years: np.ndarray, row_col: np.ndarray, row_tiv: np.ndarray,
                        total_col: np.ndarray, total_tiv: np.ndarray) -> tuple[list[int], str]:
    """The years whose rows do not add up to the total row within rounding, and what the first
    of them looks like (for a message).

    n cells rounded to whole units and a rounded total can differ by at most 0.5 * (n + 1); a
    year further off has a row missing or a value changed.
    """
    k = len(years)
    sums = np.bincount(row_col, weights=row_tiv, minlength=k)
    counts = np.bincount(row_col, minlength=k)
    total = np.zeros(k)
    total[total_col] = total_tiv
    allowed = HALF_UNIT * (counts + 1)
    bad = np.flatnonzero(np.abs(sums - total) > allowed)
    if not bad.size:
        return [], ""
    j = bad[0]
    detail = (f"year {years[j]}: the rows add up to {_fmt(sums[j])} but SIPRI's Total row says "
              f"{_fmt(total[j])}, more than rounding {counts[j]} cells can explain (at most "
              f"{allowed[j]:g})")
    return [int(y) for y in years[bad]], detail


_LEGACY_TITLE = re.compile(r"TIV of arms (?:exports|imports) (?:to|from) (.+?), (\d{4})-(\d{4})\s*$")


def parse_tiv_legacy(data: bytes, source: str = "<bytes>", *, check_totals: bool = False) -> TivTable:
    """Parse an old-site SIPRI TIV table (``export_values.php``, e.g. the 2022 snapshot).

    Parameters
    ----------
    data : bytes
        The file exactly as SIPRI sent it, or an API answer ``{"bytes": "<base64>"}`` around it.
    source : str
        Where the bytes came from, for error messages.
    check_totals : bool
        Also require each year's rows to add up to SIPRI's Total row within rounding
        (0.5 per cell, plus 0.5): catches a lost or changed row.  Off for excerpts cut from a
        table.  Whether they do is in ``meta["rows_match_total"]`` either way.

    Returns
    -------
    TivTable
        ``rows``: one row per supplier and year with a value; ``totals``: SIPRI's ``Total`` row
        (``supplier == "Total"``). The recipient comes from the title line.  The world table
        (title ``... to all``, SIPRI's answer for an empty ``country_code``) lists recipients,
        not suppliers: its rows get ``supplier == "All"`` and its total ``recipient == "Total"``.

    Raises
    ------
    ParseError
        No title, no header, a row with the wrong number of fields (truncated file), a
        non-numeric cell, a year out of range, or no ``Total`` row; with *check_totals*, rows
        that do not add up to the Total row (the message says how much of it they cover).

    Examples
    --------
    >>> t = parse_tiv_legacy(open("data/raw/sipri-tiv-2022-04-22/imports/ARM.csv", "rb").read())
    >>> t.rows.query("supplier == 'Russia' and year == 2019").tiv.item()
    228.0
    """
    text, _ = _text(data, source)
    return _tiv_legacy(text, source, check_totals)


def _tiv_legacy(text: str, source: str, check_totals: bool) -> TivTable:
    rows = _rows(text, source)
    h = _find_tiv_header(rows, source)
    header = [c.strip() for c in rows[h]]
    if header[0] != "":
        raise ParseError(f"{source}: line {h + 1}: first header cell is {header[0]!r}; expected an "
                         "empty cell in an old-site TIV table (new-site tables start 'Recipient').")
    title = rows[0][0].strip() if rows and rows[0] else ""
    m = _LEGACY_TITLE.search(title)
    if not m:
        raise ParseError(f"{source}: line 1: title {title!r} does not name the recipient; expected "
                         "'TIV of arms exports to <Country>, <from>-<to>'.")
    recipient = ALL if m.group(1).strip().lower() == "all" else m.group(1).strip()
    years = [int(c) for c in header if _is_year(c)]
    _check_years(years, source, h + 1)
    extra = [c for c in header[1:] if not _is_year(c) and c not in (TOTAL, "")]
    if extra:
        raise ParseError(f"{source}: line {h + 1}: unexpected column(s) {extra}; expected years and 'Total'.")
    generated, generated_raw = parse_generated("\n".join(",".join(r) for r in rows[:h]))
    meta = {"title": title, "generated": generated, "generated_raw": generated_raw,
            "layout": "tiv-legacy", "years": years, "recipient": recipient}
    # A recipient's table has one row per supplier; the world table ("All", asked for with an
    # empty country_code) has one row per *recipient*, each summed over all suppliers.
    if recipient == ALL:
        spec = _TivLayout("tiv-legacy", "recipient", ALL, TOTAL.__eq__, "'Total'", False)
    else:
        spec = _TivLayout("tiv-legacy", "supplier", recipient, TOTAL.__eq__, "'Total'", False)
    return _tiv_table(rows, h, spec, header, meta, source, check_totals)


def parse_tiv_new(data: bytes, source: str = "<bytes>", *, check_totals: bool = False) -> TivTable:
    """Parse a new-site or API SIPRI TIV table; the first header cell and the last row say which.

    - ``Recipient`` ... ``Total world import`` (``tiv-imports-by-recipient``, 2024): every
      recipient's imports, ``supplier == "All"``;
    - ``Recipient`` ... ``Total imports from <supplier>`` (``tiv-supplier-by-recipient``, SIPRI's
      API in 2026): one supplier's exports by recipient; the supplier is named only by the last
      row and goes to every row's ``supplier`` and to ``meta["supplier"]`` as SIPRI spells it;
    - ``Exports by`` ... ``Total world export`` (``tiv-exports-by-supplier``, 2024): every
      supplier's exports, ``recipient == "All"``;
    - ``Supplier`` ... ``Total exports to <recipient>`` (``tiv-recipient-by-supplier``, SIPRI's
      API in 2026): one recipient's imports by supplier; the recipient goes to every row's
      ``recipient`` and to ``meta["recipient"]``.

    The last row goes to ``totals`` with the summed side named ``"Total"``.  The sum and
    percentage columns after the years (``1950-2024``, ``Percentage``, ...; percentages as
    ``41%``) are checked as numbers and not kept; values ``0`` / ``0 `` mean below 0.5.
    Parameters as :func:`parse_tiv_legacy`.

    Raises
    ------
    UnknownLayoutError
        A first header cell or a last row that no layout has (the message quotes the line and
        its number, and says which last rows that header goes with).
    ParseError
        As :func:`parse_tiv_legacy`, and for an unknown column, a sum or percentage cell that is
        not a number.

    Examples
    --------
    >>> t = parse_tiv_new(open("data/raw/sipri-api-tiv-2026-08-12/importer-ukraine-2021-2025.csv", "rb").read())
    >>> t.meta["recipient"], t.rows.query("supplier == 'Turkiye' and year == 2022").tiv.item()
    ('Ukraine', 181.0)
    """
    text, _ = _text(data, source)
    return _tiv_new(text, source, check_totals)


def _csv_cells(line: str) -> list[str]:
    """The cells of one CSV line (names may be quoted: ``"Korea, South"``)."""
    return next(csv.reader([line]), [""])


def _last_line(text: str) -> tuple[int, str]:
    """``(line number, line)`` of the last line of *text* that holds more than commas and
    blanks (SIPRI pads lines with commas and ends files with blank lines); ``(0, "")`` if none."""
    pos = len(text)
    while pos > 0:
        nl = text.rfind("\n", 0, pos)
        line = text[nl + 1:pos].rstrip("\r")
        if line.replace(",", "").strip():
            return text.count("\n", 0, nl + 1) + 1, line
        pos = max(nl, 0)
    return 0, ""


def _new_tiv_layout(first: str, last: tuple[int, str], header_line: int,
                    source: str) -> NewTivLayout:
    """The new-site or API layout whose first header cell is *first* and whose last row is the
    line *last* (``(number, text)``).

    Raises
    ------
    UnknownLayoutError
        No layout has that first header cell, or that last row: the message quotes it and its
        line, and lists what the layouts with that header end with.
    """
    candidates = [t for t in NEW_TIV_LAYOUTS if t.first == first]
    if not candidates:
        raise UnknownLayoutError(
            f"{source}: line {header_line}: first header cell {first!r}; expected one of "
            f"{list(NEW_TIV_FIRST_CELLS)} (new-site and API TIV tables: "
            + "; ".join(f"{t.first!r}: {t.what}" for t in NEW_TIV_LAYOUTS) + ").")
    n, line = last
    name = _csv_cells(line)[0].strip() if line else ""
    for t in candidates:
        if t.total.fullmatch(name):
            return t
    ends = " or ".join(f"{t.total_label} ({t.layout}: {t.what})" for t in candidates)
    found = (f"its last row, line {n}, is {line[:120]!r}{'...' if len(line) > 120 else ''}"
             if n > header_line else "there is no row after the header")
    raise UnknownLayoutError(
        f"{source}: a TIV table whose header (line {header_line}) starts {first!r} ends with "
        f"{ends}; {found}. The file ends before SIPRI's total row, or this is a layout armsdata "
        "does not know: compare its end with the one SIPRI sent.")


def _tiv_new(text: str, source: str, check_totals: bool) -> TivTable:
    rows = _rows(text, source)
    h = _find_tiv_header(rows, source)
    header = [c.strip() for c in rows[h]]
    kind = _new_tiv_layout(header[0], _last_line(text), h + 1, source)
    layout = kind.layout
    years = [int(c) for c in header if _is_year(c)]
    _check_years(years, source, h + 1)
    unknown = [c for c in header[1:] if c and not _is_year(c) and not NEW_TIV_SUMMARY_COLUMNS.match(c)]
    if unknown:
        raise ParseError(f"{source}: line {h + 1}: unknown column(s) {unknown}; expected years, "
                         "'<from>-<to>', 'Percentage', 'Sum total years', 'Percentage of total'.")
    generated, generated_raw = parse_generated("\n".join(",".join(r) for r in rows[:h]))
    title = next((r[0].strip() for r in rows[:h] if r and r[0].strip()), "")
    meta = {"title": title, "generated": generated, "generated_raw": generated_raw,
            "layout": layout, "years": years}
    spec = _TivLayout(layout, kind.row_side, "" if kind.named else ALL, kind.total.fullmatch,
                      kind.total_label, True,
                      (kind.named, kind.total) if kind.named else None)
    return _tiv_table(rows, h, spec, header, meta, source, check_totals)


def parse_tiv(data: bytes, source: str = "<bytes>", *, check_totals: bool = False) -> TivTable:
    """Parse any SIPRI TIV table, old site, new site or API, telling them apart by their header."""
    text, raw = _text(data, source)
    layout = _sniff_text(text, source)
    if layout == "tiv-legacy":
        return _tiv_legacy(text, source, check_totals)
    if layout in NEW_TIV_BY_LAYOUT:
        return _tiv_new(text, source, check_totals)
    raise ParseError(f"{source}: this is a {layout} export, not a TIV table.")


# --------------------------------------------------------------------------------------------
# Registers: one reader
# --------------------------------------------------------------------------------------------

def _find_line(text: str, prefix: str, source: str, what: str) -> int:
    """Character offset of the line that starts with *prefix* (the header of a register)."""
    m = re.search(r"^" + re.escape(prefix), text[:HEADER_SEARCH_CHARS], flags=re.MULTILINE)
    if not m:
        raise ParseError(f"{source}: no header line starting {prefix!r} in the first "
                         f"{HEADER_SEARCH_CHARS:,} characters; expected a SIPRI {what}. Is this "
                         "the right file?")
    return m.start()


#: From how many characters on a register body is tokenized by pandas' C reader: below, its
#: fixed cost (about 1 ms) is more than what it saves over str.split (the API recording,
#: 147 kB, 1,400 records, is read 40 % faster by str.split; the 3 MB registers 3x slower).
C_READER_FROM = 300_000


@dataclass
class _Body:
    """A register body as read: one object array of str per header column, the physical line
    of each record (for messages), and the lines of records that were joined back together."""

    columns: list[np.ndarray]
    lines: np.ndarray
    repaired: list[int]


def _read_body(text: str, start: int, expected: tuple[str, ...], source: str,
               raw: bytes | None = None, *, labels: frozenset[int] = frozenset(),
               c_reader_from: float = C_READER_FROM) -> _Body:
    """Read the CSV from the header at *start*: check the header and every record's field
    count, join records SIPRI broke with an unquoted line break, drop blank lines.

    Tokenizing is the only step that can take more than one way, all giving exactly what
    ``csv.reader`` gives: a body without quotes, NUL bytes, lone CRs or overlong lines (every
    shipped register) by :func:`_tokenize_unquoted` (pandas' C reader from *c_reader_from*
    characters on, 5x faster than the csv module; one str.split below); anything else, or a
    small body with blank lines or broken records, by :func:`_tokenize_python` (str.split line
    by line where there is no quote, the csv module where there is).  They give the same cells,
    field counts and lines, and everything after that - header check, repair, errors - is done
    once, here.  *raw* is the bytes of *text* when each character is one byte (line ends are
    found on bytes).  *labels* are the columns of few distinct labels (names, flags): the C
    reader returns them as pandas Categoricals of str, one str object per distinct cell instead
    of one per cell.  Tests set *c_reader_from* to 0 and to infinity to compare both ways with
    an independent reader.
    """
    header_line = text.count("\n", 0, start) + 1
    body = text[start:]
    width = len(expected)
    tokens = _tokenize_unquoted(body, raw, start, width, header_line, labels, c_reader_from)
    if tokens is None:
        tokens = _tokenize_python(body, width, header_line, source)
    header, cells, counts, lines = tokens
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        first = next((k for k, (a, b) in enumerate(zip(header, expected)) if a != b),
                     min(len(header), len(expected)))
        raise ParseError(
            f"{source}: line {header_line}: header differs from SIPRI's layout at field {first + 1} "
            f"(got {header[first] if first < len(header) else 'nothing'!r}, expected "
            f"{expected[first] if first < len(expected) else 'nothing'!r}); missing {missing}, "
            f"unexpected {extra}. SIPRI may have changed its export: update the parser's header constant."
        )
    return _records(cells, counts, lines, width, source)


def _tokenize_unquoted(body: str, raw: bytes | None, start: int, width: int, header_line: int,
                       labels: frozenset[int] = frozenset(), c_reader_from: float = C_READER_FROM):
    """``(header, cells, counts, lines)`` of a body without quotes, or None where a way of
    tokenizing other than the csv module's could differ from it; cells, counts and lines are
    those of the records after the header.

    Without quotes, NUL bytes or lone CRs, a record is one line and its fields are the line
    split at commas; line ends (and, where needed, commas) are found with numpy on the bytes.
    A large body goes to pandas' C reader, which pads a short line with empty cells, so a line's
    field count is its comma count + 1, looked at only where the last cell is empty (only there
    can a line be short); pandas refuses a line with more fields than the header.  A small body
    whose every line has the header's width is split with one ``str.split`` (pandas costs a
    millisecond before it reads a byte).  A line longer than ``csv.field_size_limit()``, which
    the csv module would refuse, or anything else unusual gives None, so the error is the exact
    one.
    """
    if '"' in body or "\x00" in body or ("\r" in body and body.count("\r") != body.count("\r\n")):
        return None
    nl = body.find("\n")
    if nl < 0:
        return None
    header = tuple(body[:nl].removesuffix("\r").split(","))
    if len(header) != width:  # pandas would take extra leading fields for an index
        return None
    # The records after the header line (whose cells are no categories).  pandas reads UTF-8
    # bytes fastest (CP1252 bytes or a str cost it 10-20 % more), and line ends and commas are
    # found on the same bytes (one byte each in UTF-8).
    data = raw[start + nl + 1:] if raw is not None and raw.isascii() else body[nl + 1:].encode("utf-8")
    a = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(a == 10)
    if a.size and (not ends.size or ends[-1] != a.size - 1):
        ends = np.append(ends, a.size)  # a last line without a line end
    if len(a) > csv.field_size_limit() and np.diff(ends, prepend=-1).max() > csv.field_size_limit():
        return None
    lines = header_line + 1 + np.arange(len(ends))
    if not ends.size:  # the header and nothing else
        return header, [np.empty(0, dtype=object)] * width, np.zeros(0, np.int64), lines
    if len(body) < c_reader_from:
        counts = np.diff(np.searchsorted(np.flatnonzero(a == 44), ends), prepend=0) + 1
        if not (counts == width).all():
            return None  # blank lines or broken records: the rows one by one
        rest = body[nl + 1:]
        if "\r" in rest:
            rest = rest.replace("\r\n", "\n")
        flat = rest.replace("\n", ",").split(",")
        if rest.endswith("\n"):
            flat.pop()
        grid = np.array(flat, dtype=object).reshape(len(ends), width)
        return header, [grid[:, j] for j in range(width)], counts, lines
    if data.count(b",", 0, int(ends[0])) >= width:
        return None  # pandas would take a first line's extra leading fields for an index
    dtype = {j: "category" if j in labels else object for j in range(width)}
    try:
        frame = pd.read_csv(io.BytesIO(data), header=None, names=range(width), dtype=dtype,
                            na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_NONE,
                            engine="c", low_memory=False)
    except pd.errors.ParserError:  # a line with more fields than the header
        return None
    if len(frame) != len(ends):
        return None
    cells = [frame[j].array if j in labels else frame[j].to_numpy() for j in range(width)]
    if any(not pd.api.types.is_string_dtype(cells[j].categories) for j in labels):
        return None  # pandas made numbers of a label column's categories: not the text
    counts = np.full(len(ends), width)
    starts = np.concatenate(([0], ends[:-1] + 1))
    for i in np.flatnonzero(cells[-1] == "").tolist():
        counts[i] = data.count(b",", int(starts[i]), int(ends[i])) + 1
    return header, cells, counts, lines


def _tokenize_python(body: str, width: int, header_line: int, source: str):
    """``(header, cells, counts, lines)`` from :func:`_split_rows`, or from the csv module
    where a quote makes it necessary: exact for any CSV."""
    rows = _split_rows(body)
    if rows is None:
        reader = csv.reader(io.StringIO(body, newline=""))
        try:
            rows = list(reader)
        except csv.Error as exc:
            raise ParseError(f"{source}: malformed CSV near line {header_line + reader.line_num}: "
                             f"{exc}") from exc
        lines = _row_lines(body, len(rows), header_line)
    else:
        lines = header_line + np.arange(len(rows))  # one record per line
    header = tuple(rows[0]) if rows else ()
    rows, lines = rows[1:], lines[1:]
    counts = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    if not (counts == width).all():  # blank lines, broken records: pad for the columns
        rows = [r if len(r) == width else (r + [""] * width)[:width] for r in rows]
    cells = [np.array(c, dtype=object) for c in zip(*rows)] or [np.empty(0, dtype=object)] * width
    return header, cells, counts, lines


def _row_lines(body: str, n_rows: int, header_line: int) -> np.ndarray:
    """The physical line of each row from the header on (the last, if a quoted value spans
    several), as ``csv.reader.line_num`` counts them."""
    # io.StringIO(newline="") ends a line at \n, \r and \r\n; when there are as many lines
    # as rows (no quoted line breaks), row i is on line header_line + i.
    n_lines = body.count("\n") + body.count("\r") - body.count("\r\n")
    if body and not body.endswith(("\n", "\r")):
        n_lines += 1
    if n_lines == n_rows:
        return header_line + np.arange(n_rows)
    reader = csv.reader(io.StringIO(body, newline=""))
    return np.array([header_line + reader.line_num - 1 for _ in reader], dtype=np.int64)


def _records(cells: list[np.ndarray], counts: np.ndarray, lines: np.ndarray, width: int,
             source: str) -> _Body:
    """The records after the header: blank lines dropped, broken records joined, every other
    record exactly *width* fields.

    SIPRI's register sometimes breaks a record in two where a comment holds a line break it did
    not quote (two deals in the 2024-10-13 register, e.g. Thailand/Ukraine BTR-3).  The two
    pieces have n and m fields with n + m - 1 equal to the header width; they are joined back
    (the line break kept in the comment) and logged.  Any other record of the wrong width is an
    error naming its line.
    """
    n = len(counts)
    keep = np.ones(n, dtype=bool)
    repaired: list[int] = []
    joins: list[tuple[int, int, int, int]] = []  # (first piece, second piece, their field counts)
    consumed = -1
    for i in np.flatnonzero(counts != width).tolist():
        if i == consumed:
            continue
        c, line = int(counts[i]), int(lines[i])
        if c == 0 or (c == 1 and not cells[0][i].strip()):  # a blank line
            keep[i] = False
            continue
        if c > width:
            raise ParseError(f"{source}: line {line} has {c} fields, expected {width}; a column was "
                             "added or a value holds an unquoted comma.")
        j = i + 1
        if j == n:
            raise ParseError(f"{source}: line {line} (the last) has {c} fields, expected {width}; "
                             "the file is truncated. Re-download it.")
        d = int(counts[j])
        if c + d - 1 != width:
            raise ParseError(f"{source}: line {line} has {c} fields, expected {width}; the file is "
                             "truncated or a column was lost.")
        joins.append((i, j, c, d))
        keep[j] = False
        consumed = j
        repaired.append(line)
    if keep.all():
        return _Body(cells, lines, repaired)
    out = [c[keep] for c in cells]  # new, writable arrays (pandas' are read-only views)
    at = np.cumsum(keep) - 1        # row i of cells is row at[i] of out
    for i, j, c, d in joins:
        r = at[i]
        out[c - 1] = _set_cell(out[c - 1], r, cells[c - 1][i] + "\n" + cells[0][j])
        for k in range(1, d):
            out[c - 1 + k] = _set_cell(out[c - 1 + k], r, cells[k][j])
    if repaired:
        log.info("%s: joined %d records broken by an unquoted line break (lines %s)", source,
                 len(repaired), repaired)
    return _Body(out, lines[keep], repaired)


def _set_cell(col, row: int, value: str):
    """*col* (an object array or a Categorical of str) with *value* at *row*."""
    if isinstance(col, pd.Categorical) and value not in col.categories:
        col = col.add_categories([value])
    col[row] = value
    return col


# --------------------------------------------------------------------------------------------
# Registers: column conversions, once per distinct value
# --------------------------------------------------------------------------------------------

class _Coded:
    """Columns of one kind factorized together: one ``pd.factorize`` over all their cells, so
    each distinct cell is checked and converted once for all of them (on a file of 1,400
    records pandas costs more per call than per cell).  ``codes[k]`` are column k's codes into
    ``uniques``."""

    def __init__(self, cols: list):
        self.cols = cols
        n = len(cols[0])
        if len(cols) == 1 or not any(isinstance(c, pd.Categorical) for c in cols):
            codes, self.uniques = _unique(np.concatenate(cols) if len(cols) > 1 else cols[0])
            self.codes = [codes[i * n:(i + 1) * n] for i in range(len(cols))]
            return
        pairs = [_unique(c) for c in cols]  # Categoricals: their distinct cells, made one list
        at = np.cumsum([0] + [len(u) for _, u in pairs])
        union, self.uniques = pd.factorize(np.concatenate([u for _, u in pairs]))
        self.codes = [union[at[i] + codes] for i, (codes, _) in enumerate(pairs)]

    def first(self, k: int, mask_of_uniques: np.ndarray) -> int | None:
        """Row of column k's first cell whose distinct value is flagged, or None."""
        return _first(mask_of_uniques, self.codes[k])


def _stripped(coded: _Coded) -> list[np.ndarray]:
    """Each column with its cells stripped of blanks (names: SIPRI's are clean, hand edits not)."""
    stripped = np.array([u.strip() for u in coded.uniques], dtype=object)
    return [stripped[c] for c in coded.codes]


def _str_array(values) -> pd.api.extensions.ExtensionArray:
    return pd.array(values, dtype=_STR)


def _plain_numbers(uniques: np.ndarray) -> tuple[np.ndarray, bool] | None:
    """``(values, whole)`` of distinct cells that are all plain ASCII numbers (``12``, ``0.25``,
    ``.5``) or empty (NaN), or None; *whole*: every one was digits only.

    For such cells ``int()``/``float()`` and ``pd.to_numeric`` give the same numbers (both round
    correctly), and numpy's cast, which calls them in C, is 2-5x faster than to_numeric (SIPRI's
    deal ids alone are 14,600 distinct cells a file).
    """
    filled = uniques != ""
    cells = uniques[filled]
    joined = "".join(cells)
    if not joined.isascii():
        return None
    whole = joined.isdecimal() and len(joined) <= 15 * len(cells)
    if not whole and not joined.replace(".", "").isdecimal():
        return None
    try:
        numbers = cells.astype(np.int64 if whole else np.float64)
    except (ValueError, OverflowError):  # '1.2.3', '.', more than 18 digits
        return None
    values = np.full(len(uniques), np.nan)
    values[filled] = numbers
    return values, whole


#: The largest whole number a float64 holds exactly (and an int64 holds): the limit for years,
#: counts and SIPRI's deal ids.
MAX_WHOLE = 2.0 ** 53


class _Numbers(_Coded):
    """Numeric columns: each distinct cell converted once (``pd.to_numeric`` of the stripped
    cell), and for each column ``(values, missing)`` with its first bad cell raised
    (:meth:`column`), so errors come in the order the columns are asked for."""

    def __init__(self, cols: list[np.ndarray], integer: bool | tuple[bool, ...] = False):
        super().__init__(cols)
        self.integer = integer if isinstance(integer, tuple) else (integer,) * len(cols)
        uniques = self.uniques
        plain = _plain_numbers(uniques)
        if plain is not None:
            values, whole = plain
        else:
            # to_numeric strips ASCII blanks itself, so only the cells it refuses are stripped
            # (NBSP, ...) and tried again, or found empty.
            values, whole = np.asarray(pd.to_numeric(uniques, errors="coerce"), dtype=np.float64), False
        nan = np.isnan(values)
        empty = np.zeros(len(uniques), dtype=bool)
        if nan.any():
            at = np.flatnonzero(nan)
            stripped = np.array([uniques[i].strip() for i in at], dtype=object)
            empty[at] = stripped == ""
            again = stripped != uniques[at]
            if again.any():
                values[at[again]] = np.asarray(pd.to_numeric(stripped[again], errors="coerce"),
                                               dtype=np.float64)
            nan = np.isnan(values)
        self.values, self.empty = values, empty
        self.not_number = nan & ~empty
        # TIV, numbers of weapons, years and ids are never negative or infinite; float() would
        # take '-7', 'inf' and '1e400' and let them into every sum downstream.
        self.negative = ~nan & ((values < 0) | ~np.isfinite(values))
        # Years, counts and ids are whole; beyond 2**53 a float no longer holds every one.
        self.not_whole = None
        if any(self.integer):
            finite = np.isfinite(values)
            fraction = False if whole else np.mod(values, 1, where=finite, out=np.zeros_like(values)) != 0
            self.not_whole = ~nan & (fraction | (values > MAX_WHOLE))
        self.numbers_only = not (self.not_number.any() or self.negative.any())  # SIPRI's case

    def column(self, k: int, name: str, source: str, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(values, missing)`` of column k: float64 (NaN where empty) and the empty cells.

        Raises ParseError for a cell that is not a number, negative or not finite, or (integer
        columns) not a whole number.
        """
        col, codes = self.cols[k], self.codes[k]
        if not self.numbers_only:
            r = self.first(k, self.not_number)
            if r is not None:
                raise ParseError(f"{source}: line {lines[r]}, column {name!r}: {col[r]!r} is not "
                                 "a number; expected a number or an empty cell.")
            r = self.first(k, self.negative)
            if r is not None:
                raise ParseError(f"{source}: line {lines[r]}, column {name!r}: {col[r]!r} is "
                                 "negative or not finite; expected a number >= 0 or an empty cell.")
        if self.integer[k]:
            r = self.first(k, self.not_whole)
            if r is not None:
                raise ParseError(f"{source}: line {lines[r]}, column {name!r}: {col[r]!r} is not a "
                                 "whole number; expected a year or count.")
        return self.values[codes], self.empty[codes]


def _float_array(values: np.ndarray, missing: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.FloatingArray(values, missing)


def _int_array(values: np.ndarray, missing: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def _check_year_range(values: np.ndarray, missing: np.ndarray, name: str, source: str,
                      lines: np.ndarray, first: int = FIRST_YEAR) -> None:
    bad = ~missing & ((values < first) | (values > LAST_YEAR))
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ParseError(f"{source}: line {lines[k]}, column {name!r}: year {int(values[k])} is "
                         f"outside {first}-{LAST_YEAR}.")


_FLAG_VALUES = frozenset({"", UNCERTAIN_MARK})


def _flag(col: np.ndarray, name: str, source: str, lines: np.ndarray) -> np.ndarray:
    """A register uncertainty column: ``?`` → True, empty → False."""
    if not isinstance(col, pd.Categorical):
        flag = col == UNCERTAIN_MARK
        if (flag | (col == "")).all():  # SIPRI's cells exactly: two comparisons, no factorize
            return flag
    codes, uniques = _unique(col)
    s = [u.strip() for u in uniques]
    r = _first(np.array([v not in _FLAG_VALUES for v in s], dtype=bool), codes)
    if r is not None:
        raise ParseError(f"{source}: line {lines[r]}: uncertainty column after {name!r} holds "
                         f"{col[r]!r}; expected '?' or empty. The columns may be shifted.")
    return np.array([v == UNCERTAIN_MARK for v in s], dtype=bool)[codes]


def _yes_no(col: np.ndarray, name: str, source: str, lines: np.ndarray) -> np.ndarray:
    """A ``Yes`` / ``No`` column of the per-delivery-year register (empty: No)."""
    if not isinstance(col, pd.Categorical):
        yes = col == "Yes"
        if (yes | (col == "No")).all():  # SIPRI's cells exactly: two comparisons, no factorize
            return yes
    codes, uniques = _unique(col)
    s = [u.strip() for u in uniques]
    r = _first(np.array([v not in YES_NO for v in s], dtype=bool), codes)
    if r is not None:
        raise ParseError(f"{source}: line {lines[r]}, column {name!r}: {col[r]!r}; "
                         "expected 'Yes' or 'No'.")
    return np.array([YES_NO.get(v, False) for v in s], dtype=bool)[codes]


def _years_cell(cell: str) -> tuple[bool, tuple[int, ...], bool]:
    """``(well_formed, years, uncertain)`` for one 'Year(s) of delivery' cell."""
    s = cell.strip()
    uncertain = "?" in s
    clean = s.replace("?", "").strip() if uncertain else s
    if not clean:
        return True, (), uncertain
    parts = clean.split("; ")  # SIPRI writes "1988; 1989; 1990": try that first
    if set(map(len, parts)) == {4} and "".join(parts).isdecimal():
        return True, tuple(sorted(set(map(int, parts)))), uncertain
    # Years of four decimal digits separated by ';' and blanks (the pattern
    # ^\s*\d{4}(\s*;\s*\d{4})*\s*$; str.strip and isdecimal take the very characters re's \s
    # and \d match), tested without a regex: 3x faster.
    parts = [y.strip() for y in clean.split(";")]
    if not all(len(y) == 4 and y.isdecimal() for y in parts):
        return False, (), False
    return True, tuple(sorted({int(y) for y in parts})), uncertain


def _delivery_years(col: np.ndarray, source: str, lines: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``'2016; 2017'`` → ``(2016, 2017)``; the ``?`` SIPRI sometimes appends goes to a flag."""
    codes, uniques = _unique(col)
    cells = [_years_cell(u) for u in uniques]
    k = _first(np.array([not ok for ok, _, _ in cells], dtype=bool), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}, column 'Year(s) of delivery': "
                         f"{col[k]!r}; expected years separated by '; ' (e.g. '2016; 2017').")
    k = _first(np.array([bool(t) and (t[0] < FIRST_YEAR or t[-1] > LAST_YEAR)
                         for _, t, _ in cells], dtype=bool), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}, column 'Year(s) of delivery': "
                         f"{col[k]!r} is outside {FIRST_YEAR}-{LAST_YEAR}.")
    years = np.empty(len(cells), dtype=object)
    for i, (_, t, _) in enumerate(cells):  # one by one: numpy would unpack the tuples
        years[i] = t
    uncertain = np.array([u for _, _, u in cells], dtype=bool)
    return years[codes], uncertain[codes]


def parse_register(data: bytes, source: str = "<bytes>") -> pd.DataFrame:
    """Parse SIPRI's trade register (one row per deal) into a tidy DataFrame.

    *data* may be the CSV or an API answer ``{"bytes": "<base64>"}`` around it.  Columns and
    dtypes are listed in ``docs/architecture.md``; ``deal`` is the row's position in the file.
    ``delivery_years`` is a tuple of int: the register does not say how a deal's TIV splits
    across its delivery years (see :mod:`armsdata.analysis` for how that is bounded).
    ``attrs["repaired_lines"]``: the lines of records SIPRI broke with an unquoted line break
    and that were joined back.

    Raises
    ------
    ParseError
        No header, a header that differs from :data:`REGISTER_HEADER`, a row with too many or too
        few fields, a non-numeric number or TIV, a malformed delivery-year list.
    """
    text, raw = _text(data, source)
    return _register(text, raw, source)


def _register(text: str, raw: bytes | None, source: str) -> pd.DataFrame:
    start = _find_line(text, "Recipient,Supplier,", source, "trade register")
    b = _read_body(text, start, REGISTER_HEADER, source, raw, labels=REGISTER_LABELS)
    col, hl = b.columns, b.lines
    years, years_uncertain = _delivery_years(col[10], source, hl)
    # Whole numbers apart from the others: their distinct cells are all digits, read by int().
    whole = _Numbers([col[2]], integer=True)
    numbers = _Numbers([col[4], col[8], col[13], col[14], col[15]])
    # Checked in the order of the columns, so the first bad column is the one reported.
    order_year = whole.column(0, "Year of order", source, hl)
    order_year_uncertain = _flag(col[3], "Year of order", source, hl)
    number_ordered = numbers.column(0, "Number ordered", source, hl)
    number_ordered_uncertain = _flag(col[5], "Number ordered", source, hl)
    number_delivered = numbers.column(1, "Number delivered", source, hl)
    number_delivered_uncertain = _flag(col[9], "Number delivered", source, hl)
    tiv_unit = numbers.column(2, "SIPRI TIV per unit", source, hl)
    tiv_order = numbers.column(3, "SIPRI TIV for total order", source, hl)
    tiv_delivered = numbers.column(4, "SIPRI TIV of delivered weapons", source, hl)
    _check_year_range(*order_year, "Year of order", source, hl, FIRST_ORDER_YEAR)
    recipient, supplier = _stripped(_Coded([col[0], col[1]]))
    empty_names = (recipient == "") | (supplier == "")
    if empty_names.any():
        k = int(np.flatnonzero(empty_names)[0])
        raise ParseError(f"{source}: line {hl[k]}: empty recipient or supplier.")
    out = pd.DataFrame({
        "deal": np.arange(len(hl), dtype="int64"),
        "recipient": _str_array(recipient),
        "supplier": _str_array(supplier),
        "order_year": _int_array(*order_year),
        "order_year_uncertain": order_year_uncertain,
        "number_ordered": _float_array(*number_ordered),
        "number_ordered_uncertain": number_ordered_uncertain,
        "designation": _str_array(col[6]),
        "description": _str_array(col[7]),
        "number_delivered": _float_array(*number_delivered),
        "number_delivered_uncertain": number_delivered_uncertain,
        "delivery_years": years,
        "delivery_years_uncertain": years_uncertain,
        "status": _str_array(col[11]),
        "comments": _str_array(col[12]),
        "tiv_unit": _float_array(*tiv_unit),
        "tiv_order": _float_array(*tiv_order),
        "tiv_delivered": _float_array(*tiv_delivered),
    }, copy=False)
    short = int(np.count_nonzero(tiv_delivered[1] & (col[10] != "")))
    if short:
        log.info("%s: %d deals list delivery years but no delivered TIV", source, short)
    out.attrs["repaired_lines"] = [int(x) for x in b.repaired]
    return out


def parse_delivery_years(data: bytes, source: str = "<bytes>") -> pd.DataFrame:
    """Parse the per-delivery-year register (one row per deal and delivery year).

    *data* may be the API's JSON answer (``{"bytes": base64}``) or the CSV inside it.

    Raises
    ------
    ParseError
        As :func:`parse_register`, for :data:`DELIVERY_YEARS_HEADER`, and ``Yes``/``No`` columns
        holding anything else.
    """
    text, raw = _text(data, source)
    return _delivery_years_register(text, raw, source)


def _delivery_years_register(text: str, raw: bytes | None, source: str) -> pd.DataFrame:
    start = _find_line(text, "SIPRI AT Database ID,", source, "per-delivery-year register")
    b = _read_body(text, start, DELIVERY_YEARS_HEADER, source, raw, labels=DELIVERY_YEARS_LABELS)
    col, hl = b.columns, b.lines
    # Whole numbers apart from the others: their distinct cells are all digits, read by int().
    whole = _Numbers([col[0], col[6], col[10]], integer=True)
    numbers = _Numbers([col[8], col[13], col[14], col[15]])
    # Checked in the order of the columns, so the first bad column is the one reported.
    deal_id = whole.column(0, "SIPRI AT Database ID", source, hl)
    order_year = whole.column(1, "Order date", source, hl)
    order_year_uncertain = _yes_no(col[7], "Order date is estimate", source, hl)
    number_delivered = numbers.column(0, "Numbers delivered", source, hl)
    number_delivered_uncertain = _yes_no(col[9], "Numbers delivered is estimate", source, hl)
    delivery_year = whole.column(2, "Delivery year", source, hl)
    delivery_year_uncertain = _yes_no(col[11], "Delivery year is estimate", source, hl)
    # "SIPRI estimate" holds a number: SIPRI's unit TIV for the weapon when new (a second-hand
    # T-72M1 has 2.6 here and 1.04 as "TIV deal unit"), not a yes/no flag.
    sipri_estimate = numbers.column(1, "SIPRI estimate", source, hl)
    tiv_unit = numbers.column(2, "TIV deal unit", source, hl)
    tiv_delivered = numbers.column(3, "TIV delivery values", source, hl)
    local_production = _yes_no(col[16], "Local production", source, hl)
    if deal_id[1].any():
        k = int(np.flatnonzero(deal_id[1])[0])
        raise ParseError(f"{source}: line {hl[k]}: empty 'SIPRI AT Database ID'.")
    _check_year_range(*delivery_year, "Delivery year", source, hl)
    _check_year_range(*order_year, "Order date", source, hl, FIRST_ORDER_YEAR)
    supplier, recipient = _stripped(_Coded([col[1], col[2]]))
    return pd.DataFrame({
        "deal_id": deal_id[0].astype(np.int64),
        "supplier": _str_array(supplier),
        "recipient": _str_array(recipient),
        "designation": _str_array(col[3]),
        "description": _str_array(col[4]),
        "category": _str_array(col[5]),
        "order_year": _int_array(*order_year),
        "order_year_uncertain": order_year_uncertain,
        "number_delivered": _float_array(*number_delivered),
        "number_delivered_uncertain": number_delivered_uncertain,
        "delivery_year": _int_array(*delivery_year),
        "delivery_year_uncertain": delivery_year_uncertain,
        "status": _str_array(col[12]),
        "sipri_estimate": _float_array(*sipri_estimate),
        "tiv_unit": _float_array(*tiv_unit),
        "tiv_delivered": _float_array(*tiv_delivered),
        "local_production": local_production,
    }, copy=False)


# --------------------------------------------------------------------------------------------
# Other files and dispatch
# --------------------------------------------------------------------------------------------

def parse_country_codes(data: bytes, source: str = "<bytes>") -> pd.DataFrame:
    """SIPRI's old code list (``country_code``, ``country_label``), de-duplicated, ``All`` dropped."""
    text = decode(data, source)
    df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(df.columns) != ["country_code", "country_label"]:
        raise ParseError(f"{source}: columns {list(df.columns)}; expected ['country_code', 'country_label'].")
    return df[df["country_label"] != "All"].drop_duplicates().reset_index(drop=True)


def parse_category_table(data: bytes, source: str = "<bytes>") -> pd.DataFrame:
    """The third-party long table ``Import_To, Weapon_Category, Year, TIV`` (not raw SIPRI)."""
    text = decode(data, source)
    df = pd.read_csv(io.StringIO(text), dtype={"Import_To": str, "Weapon_Category": str})
    expected = ["Import_To", "Weapon_Category", "Year", "TIV"]
    if list(df.columns) != expected:
        raise ParseError(f"{source}: columns {list(df.columns)}; expected {expected}.")
    return df.rename(columns={"Import_To": "recipient", "Weapon_Category": "category",
                              "Year": "year", "TIV": "tiv"})


def sniff(data: bytes, source: str = "<bytes>") -> Layout:
    """Tell which SIPRI export *data* is (CSV or API answer), by its content.

    The first line, within the first 20,000 characters, that starts like one of the headers in
    :data:`LAYOUT_HEADERS` decides the family; where a header starts more than one layout, the
    last row decides (:data:`NEW_TIV_LAYOUTS`: ``Recipient,...`` ending ``Total world import``
    or ``Total imports from <supplier>``).

    Raises
    ------
    NoDataError, ParseError
        As :func:`decode` and :func:`decode_api_response`.
    UnknownLayoutError
        No known header line (the message quotes the line that looks like the header), or a
        last row that no layout with that header has (the message quotes it and its number).
    """
    api = looks_like_json(data)
    if api:
        data = decode_api_response(data, source)
    if len(data) <= HEADER_SEARCH_CHARS:
        return _sniff_text(decode(data, source, utf8_first=api), source)
    cut = data.rfind(b"\n", 0, HEADER_SEARCH_CHARS)
    head = decode(data[:cut + 1 if cut >= 0 else HEADER_SEARCH_CHARS], source, utf8_first=api)
    return _sniff_text(head, source, lambda: _last_line_of_bytes(data, source, api))


def _last_line_of_bytes(data: bytes, source: str, api: bool) -> tuple[int, str]:
    """:func:`_last_line` of the text of *data*, decoding only that line."""
    pos = len(data)
    while pos > 0:
        nl = data.rfind(b"\n", 0, pos)
        line = data[nl + 1:pos].rstrip(b"\r")
        if line.replace(b",", b"").strip():
            return data.count(b"\n", 0, nl + 1) + 1, decode(line, source, utf8_first=api)
        pos = max(nl, 0)
    return 0, ""


def _sniff_text(text: str, source: str,
                last: Callable[[], tuple[int, str]] | None = None) -> Layout:
    """The layout of *text* (the whole file, or its head with *last* giving its last line)."""
    for n, line in enumerate(text[:HEADER_SEARCH_CHARS].splitlines(), start=1):
        for layout, (_, pattern) in LAYOUT_HEADERS.items():
            if pattern.match(line):
                if layout in NEW_TIV_BY_LAYOUT:
                    end = last() if last is not None else _last_line(text)
                    return _new_tiv_layout(_csv_cells(line)[0].strip(), end, n,  # type: ignore[return-value]
                                           source).layout
                return layout  # type: ignore[return-value]
    n, line = _header_like_line(text)
    known = "; ".join(f"{k} ({v[0]!r})" for k, v in LAYOUT_HEADERS.items())
    saw = (f"the header-like line {n} reads {line[:200]!r}{'...' if len(line) > 200 else ''}"
           if line is not None else "no line looks like a table header")
    raise UnknownLayoutError(
        f"{source}: not a SIPRI export this library knows: {saw}, which starts none of the "
        f"known header lines. Known layouts: {known}. If SIPRI changed its export, armsdata.parse "
        "needs the new layout."
    )


def _header_like_line(text: str) -> tuple[int, str | None]:
    """``(line number, line)`` of the line that looks like a table header: the first non-blank
    line after SIPRI's "Data generated" stamp (the header follows it in every layout), else the
    first line with three or more non-empty cells, else the first non-blank line."""
    lines = text[:HEADER_SEARCH_CHARS].splitlines()

    def blank(line: str) -> bool:
        return not line.replace(",", "").strip()

    stamp = next((i for i, line in enumerate(lines) if _GENERATED_TEXT.match(line.strip())), None)
    if stamp is not None:
        after = next((i for i in range(stamp + 1, len(lines)) if not blank(lines[i])), None)
        if after is not None:
            return after + 1, lines[after]
    wide = next((i for i, line in enumerate(lines)
                 if sum(1 for c in line.split(",") if c.strip()) >= 3), None)
    if wide is not None:
        return wide + 1, lines[wide]
    first = next((i for i, line in enumerate(lines) if not blank(line)), None)
    return (first + 1, lines[first]) if first is not None else (0, None)


PARSERS = {
    "tiv-legacy": parse_tiv_legacy,
    "tiv-imports-by-recipient": parse_tiv_new,
    "tiv-exports-by-supplier": parse_tiv_new,
    "tiv-recipient-by-supplier": parse_tiv_new,
    "tiv-supplier-by-recipient": parse_tiv_new,
    "register": parse_register,
    "delivery-years": parse_delivery_years,
}


def parse(data: bytes, source: str = "<bytes>") -> TivTable | pd.DataFrame:
    """Parse any SIPRI export (CSV or API answer), choosing the parser by :func:`sniff`.

    Raises
    ------
    UnknownLayoutError
        No known header line (see :func:`sniff`).
    ParseError, NoDataError
        As the layout's parser.
    """
    text, raw = _text(data, source)
    layout = _sniff_text(text, source)
    if layout == "tiv-legacy":
        return _tiv_legacy(text, source, False)
    if layout == "register":
        return _register(text, raw, source)
    if layout == "delivery-years":
        return _delivery_years_register(text, raw, source)
    return _tiv_new(text, source, False)
