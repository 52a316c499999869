"""Parse SIPRI Arms Transfers Database exports (bytes) into tidy pandas tables.

Pure functions: bytes in, DataFrames out; no network, no disk.  One parser per layout SIPRI has
shipped:

=============================  ==========================================================  =====================
layout                         what                                                        function
=============================  ==========================================================  =====================
``tiv-legacy``                 old site (until 2023): TIV imports of one recipient by      :func:`parse_tiv_legacy`
                               supplier (rows) and year (columns), ``Total`` row at the end
``tiv-imports-by-recipient``   new site: TIV imports by recipient and year, no supplier    :func:`parse_tiv_new`
``tiv-exports-by-supplier``    new site: TIV exports by supplier and year                  :func:`parse_tiv_new`
``register``                   trade register: one row per deal, delivery years listed     :func:`parse_register`
``delivery-years``             API export option: one row per deal and delivery year       :func:`parse_delivery_years`
=============================  ==========================================================  =====================

The column names and dtypes of every output are listed in ``docs/architecture.md``.

Every parser finds its header by content, never by a fixed line count, and raises
:class:`~armsdata.errors.ParseError` saying what is wrong and on which line when the bytes are
not the layout they should be.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import io
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from armsdata.conventions import (
    BELOW_HALF_MARKERS,
    ENCODING,
    FIRST_ORDER_YEAR,
    FIRST_YEAR,
    HALF_UNIT,
    LAST_YEAR,
    TOTAL,
    UNCERTAIN_MARK,
    YES_NO,
    is_total_row,
)
from armsdata.errors import NoDataError, ParseError

log = logging.getLogger(__name__)

Layout = Literal[
    "tiv-legacy", "tiv-imports-by-recipient", "tiv-exports-by-supplier", "register", "delivery-years"
]

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

#: The API's per-delivery-year register (``exportOption``), as recorded on 10 Feb 2025.
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

#: Columns of the new-site TIV tables after the years: sums and percentages we recompute
#: ourselves, so they are read past, not kept.
NEW_TIV_SUMMARY_COLUMNS = re.compile(r"^(\d{4}-\d{4}|Percentage|Sum total years|Percentage of total)$")

TIV_COLUMNS = ("recipient", "supplier", "year", "tiv", "below_half")


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
        ``title``, ``generated`` (ISO date), ``generated_raw``, ``layout``, ``years``.
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


def decode(data: bytes, source: str = "<bytes>") -> str:
    """Decode SIPRI CSV bytes (CP1252) to text, refusing what is clearly not a SIPRI CSV.

    Raises
    ------
    NoDataError
        *data* is SIPRI's HTML "no data" page.
    ParseError
        *data* is empty, HTML, UTF-16 (NUL bytes) or not decodable as CP1252.
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
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"{source}: byte {data[exc.start:exc.start + 1]!r} at offset {exc.start}, line "
            f"{_line_at(data, exc.start)} is not valid {ENCODING}; expected SIPRI's "
            "CP1252 CSV export."
        ) from exc


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


def _rows(text: str, source: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as exc:  # e.g. an unclosed quote running past csv.field_size_limit()
        raise ParseError(f"{source}: malformed CSV near line {reader.line_num}: {exc}; an "
                         "unclosed quote or a damaged file. Re-download it.") from exc


def _is_year(cell: str) -> bool:
    return len(cell) == 4 and cell.isdigit()


def _find_tiv_header(rows: list[list[str]], source: str) -> int:
    """Index of the row whose cells after the first start with consecutive years."""
    for i, row in enumerate(rows[:60]):
        cells = [c.strip() for c in row[1:]]
        if len(cells) >= 1 and _is_year(cells[0]):
            years = [int(c) for c in cells if _is_year(c)]
            if years and years == list(range(years[0], years[0] + len(years))):
                return i
    raise ParseError(
        f"{source}: no header row of consecutive years found in the first 60 lines; expected a "
        "SIPRI TIV table (a row like ',1950,1951,...,Total' or 'Recipient,1950,...'). "
        "Is this the right file?"
    )


def _tiv_value(cell: str, source: str, line: int, column: str) -> tuple[float, bool] | None:
    """``(tiv, below_half)`` for one cell, None for an empty cell."""
    if cell in BELOW_HALF_MARKERS:
        return 0.0, True
    s = cell.strip()
    if s == "":
        return None
    try:
        value = float(s)
    except ValueError:
        raise ParseError(
            f"{source}: line {line}, column {column!r}: {cell!r} is not a TIV value; expected a "
            "number, '0' (below 0.5) or an empty cell."
        ) from None
    if value < 0 or not np.isfinite(value):
        raise ParseError(f"{source}: line {line}, column {column!r}: TIV {cell!r} is negative or not finite.")
    return value, value == 0.0


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


def _tiv_frame(records: list[tuple[str, str, int, float, bool]]) -> pd.DataFrame:
    # Typed arrays built directly: from_records + astype cost 5x more, and a TIV edition is
    # 261 tables of two frames each.
    rec, sup, year, tiv, below = zip(*records) if records else ((),) * 5
    return pd.DataFrame({
        "recipient": pd.array(rec, dtype="str"), "supplier": pd.array(sup, dtype="str"),
        "year": np.array(year, dtype=np.int64), "tiv": np.array(tiv, dtype=np.float64),
        "below_half": np.array(below, dtype=bool),
    }, copy=False)


# --------------------------------------------------------------------------------------------
# TIV tables
# --------------------------------------------------------------------------------------------

Record = tuple[str, str, int, float, bool]


def _tiv_body(rows: list[list[str]], h: int, year_cols: list[tuple[int, int]],
              is_total_name: Any, total_label: str, pair: Any, source: str,
              check_totals: bool) -> tuple[list[Record], list[Record]]:
    """The cells below the header at *h*: ``(records, totals)``; *pair(name)* gives the
    (recipient, supplier) of a row, the total row's name being ``"Total"``.

    Checks every row's width and names and, with *check_totals*, that each year's rows add up
    to SIPRI's Total row within what rounding can explain (a lost or changed row is caught).
    """
    records: list[Record] = []
    totals: list[Record] = []
    width = len(rows[h])
    seen: dict[str, int] = {}
    total_line: int | None = None
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if not any(c.strip() for c in row):
            continue
        if len(row) != width:
            raise ParseError(
                f"{source}: line {i + 1} has {len(row)} fields, expected {width} like the header on "
                f"line {h + 1}; the file is truncated or a column was added or lost."
            )
        name = row[0].strip()
        if not name:
            raise ParseError(f"{source}: line {i + 1}: values without a name in the first column.")
        _check_body_row(name, i + 1, seen, total_line, source)
        is_total = is_total_name(name)
        if is_total:
            total_line = i + 1
        target = totals if is_total else records
        who = pair(TOTAL if is_total else name)
        for j, year in year_cols:
            if not row[j]:  # most cells are empty: no deliveries that year
                continue
            v = _tiv_value(row[j], source, i + 1, str(year))
            if v is not None:
                target.append((*who, year, v[0], v[1]))
    if total_line is None:
        raise ParseError(f"{source}: no {total_label} row after "
                         f"line {h + 1}; SIPRI ends every TIV table with one, so the file is "
                         "probably truncated. Re-download it.")
    if check_totals:
        _check_totals(records, totals, total_line, source)
    return records, totals


def _check_totals(records: list[Record], totals: list[Record], total_line: int, source: str) -> None:
    """Each year's rows must match SIPRI's Total row within rounding: n rounded cells and the
    rounded total can differ by at most 0.5 * (n + 1)."""
    sums: dict[int, float] = {}
    counts: dict[int, int] = {}
    for *_, year, tiv, _below in records:
        sums[year] = sums.get(year, 0.0) + tiv
        counts[year] = counts.get(year, 0) + 1
    total = {year: tiv for *_, year, tiv, _below in totals}
    for year in sorted(set(sums) | set(total)):
        s, t, n = sums.get(year, 0.0), total.get(year, 0.0), counts.get(year, 0)
        if abs(s - t) > HALF_UNIT * (n + 1):
            raise ParseError(
                f"{source}: line {total_line}, year {year}: the rows add up to {s:g} but SIPRI's "
                f"Total row says {t:g}, more than rounding {n} cells can explain (at most "
                f"{HALF_UNIT * (n + 1):g}); a row is missing or a value was changed. Re-download the file."
            )


_LEGACY_TITLE = re.compile(r"TIV of arms (?:exports|imports) (?:to|from) (.+?), (\d{4})-(\d{4})\s*$")


def parse_tiv_legacy(data: bytes, source: str = "<bytes>", *, check_totals: bool = False) -> TivTable:
    """Parse an old-site SIPRI TIV table (``export_values.php``, e.g. the 2022 snapshot).

    Parameters
    ----------
    data : bytes
        The file exactly as SIPRI sent it.
    source : str
        Where the bytes came from, for error messages.
    check_totals : bool
        Also require each year's rows to add up to SIPRI's Total row within rounding
        (0.5 per cell, plus 0.5): catches a lost or changed row.  Off for excerpts cut from a
        table; :mod:`armsdata.editions` turns it on for whole snapshots.

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
        non-numeric cell, a year out of range, or no ``Total`` row.

    Examples
    --------
    >>> t = parse_tiv_legacy(open("data/raw/sipri-tiv-2022-04-22/imports/ARM.csv", "rb").read())
    >>> t.rows.query("supplier == 'Russia' and year == 2019").tiv.item()
    228.0
    """
    text = decode(data, source)
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
    recipient = "All" if m.group(1).strip().lower() == "all" else m.group(1).strip()
    year_cols = [(j, int(c)) for j, c in enumerate(header) if _is_year(c)]
    _check_years([y for _, y in year_cols], source, h + 1)
    extra = [c for c in header[1:] if not _is_year(c) and c not in ("Total", "")]
    if extra:
        raise ParseError(f"{source}: line {h + 1}: unexpected column(s) {extra}; expected years and 'Total'.")
    generated, generated_raw = parse_generated("\n".join(",".join(r) for r in rows[:h]))

    # A recipient's table has one row per supplier; the world table ("All", asked for with an
    # empty country_code) has one row per *recipient*, each summed over all suppliers.
    if recipient == "All":
        def pair(name: str) -> tuple[str, str]:
            return name, "All"
    else:
        def pair(name: str) -> tuple[str, str]:
            return recipient, name
    records, totals = _tiv_body(rows, h, year_cols, lambda name: name == TOTAL, "'Total'", pair, source,
                                check_totals)
    meta = {"title": title, "generated": generated, "generated_raw": generated_raw,
            "layout": "tiv-legacy", "years": [y for _, y in year_cols], "recipient": recipient}
    return TivTable(_tiv_frame(records), _tiv_frame(totals), meta)


def parse_tiv_new(data: bytes, source: str = "<bytes>", *, check_totals: bool = False) -> TivTable:
    """Parse a new-site SIPRI TIV table: imports by recipient, or exports by supplier.

    The first header cell says which: ``Recipient`` (imports; ``supplier == "All"``) or
    ``Exports by`` (exports; ``recipient == "All"``).  The last row (``Total world import`` /
    ``Total world export``) goes to ``totals`` with the summed side named ``"Total"``.
    The sum and percentage columns after the years are skipped; values ``0 `` mean below 0.5.

    Raises
    ------
    ParseError
        As :func:`parse_tiv_legacy`, and for an unknown first header cell or unknown column.
    """
    text = decode(data, source)
    rows = _rows(text, source)
    h = _find_tiv_header(rows, source)
    header = [c.strip() for c in rows[h]]
    kind = header[0]
    if kind not in ("Recipient", "Exports by"):
        raise ParseError(f"{source}: line {h + 1}: first header cell {kind!r}; expected 'Recipient' "
                         "(imports by recipient) or 'Exports by' (exports by supplier).")
    layout = "tiv-imports-by-recipient" if kind == "Recipient" else "tiv-exports-by-supplier"
    year_cols = [(j, int(c)) for j, c in enumerate(header) if _is_year(c)]
    _check_years([y for _, y in year_cols], source, h + 1)
    unknown = [c for c in header[1:] if c and not _is_year(c) and not NEW_TIV_SUMMARY_COLUMNS.match(c)]
    if unknown:
        raise ParseError(f"{source}: line {h + 1}: unknown column(s) {unknown}; expected years, "
                         "'<from>-<to>', 'Percentage', 'Sum total years', 'Percentage of total'.")
    generated, generated_raw = parse_generated("\n".join(",".join(r) for r in rows[:h]))
    title = rows[0][0].strip() if rows and rows[0] else ""

    if layout == "tiv-imports-by-recipient":
        def pair(name: str) -> tuple[str, str]:
            return name, "All"
    else:
        def pair(name: str) -> tuple[str, str]:
            return "All", name
    records, totals = _tiv_body(rows, h, year_cols, is_total_row,
                                "'Total world export' / 'Total world import' / 'Total'", pair,
                                source, check_totals)
    meta = {"title": title, "generated": generated, "generated_raw": generated_raw,
            "layout": layout, "years": [y for _, y in year_cols]}
    return TivTable(_tiv_frame(records), _tiv_frame(totals), meta)


def parse_tiv(data: bytes, source: str = "<bytes>", *, check_totals: bool = False) -> TivTable:
    """Parse any SIPRI TIV table, old site or new, telling them apart by their header."""
    layout = sniff(data, source)
    if layout == "tiv-legacy":
        return parse_tiv_legacy(data, source, check_totals=check_totals)
    if layout in ("tiv-imports-by-recipient", "tiv-exports-by-supplier"):
        return parse_tiv_new(data, source, check_totals=check_totals)
    raise ParseError(f"{source}: this is a {layout} export, not a TIV table.")


# --------------------------------------------------------------------------------------------
# Registers
# --------------------------------------------------------------------------------------------

def _find_line(text: str, prefix: str, source: str, what: str) -> int:
    """Character offset of the line that starts with *prefix* (the header of a register)."""
    m = re.search(r"^" + re.escape(prefix), text[:20000], flags=re.MULTILINE)
    if not m:
        raise ParseError(f"{source}: no header line starting {prefix!r} in the first 20,000 "
                         f"characters; expected a SIPRI {what}. Is this the right file?")
    return m.start()


#: SIPRI's register sometimes breaks a record in two where a comment holds a line break it did not
#: quote (two deals in the 2024-10-13 register, e.g. Thailand/Ukraine BTR-3).  The two pieces
#: have n and m fields with n + m - 1 equal to the header width; they are joined back, and logged.
REPAIR_UNQUOTED_LINE_BREAKS = True


def _read_body(text: str, start: int, expected: tuple[str, ...],
               source: str) -> tuple[list, list[int], list[int]]:
    """Read the CSV from the header at *start*; check header and field counts; all cells str.

    Returns the body as a list of columns (one sequence of str cells per column), the physical
    line of each record (for error messages), and the lines of records that were repaired.

    :func:`_read_body_fast` answers where pandas' C tokenizer is exact; otherwise the rows come
    from one ``list(csv.reader)`` call and the Python loop only looks at field counts.  Callers
    convert each column once per distinct value (:func:`_unique`): pandas' str accessor costs
    ten times more on the 28,000-row register.
    """
    header_line = text.count("\n", 0, start) + 1
    body = text[start:]
    fast = _read_body_fast(body, expected, header_line, source) if FAST_READER else None
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(body, newline=""))
    try:
        header = tuple(next(reader))
    except StopIteration:
        header = ()
    except csv.Error as exc:
        raise ParseError(f"{source}: malformed CSV near line {header_line + reader.line_num}: {exc}") from exc
    if header != expected:
        got = header
        missing = [c for c in expected if c not in got]
        extra = [c for c in got if c not in expected]
        first = next((k for k, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        raise ParseError(
            f"{source}: line {header_line}: header differs from SIPRI's layout at field {first + 1} "
            f"(got {got[first] if first < len(got) else 'nothing'!r}, expected "
            f"{expected[first] if first < len(expected) else 'nothing'!r}); missing {missing}, "
            f"unexpected {extra}. SIPRI may have changed its export: update the parser's header constant."
        )
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise ParseError(f"{source}: malformed CSV near line {header_line + reader.line_num}: {exc}") from exc
    line_of = _row_lines(body, len(rows), header_line)
    width = len(expected)
    records: list[list[str]] = []
    lines: list[int] = []
    pending: list[str] | None = None
    pending_line = 0
    repaired: list[int] = []
    for i, row in enumerate(rows):
        if pending is None and len(row) == width:  # nearly every row
            records.append(row)
            lines.append(line_of(i))
            continue
        line = line_of(i)
        if pending is not None:
            if len(pending) + len(row) - 1 == width and REPAIR_UNQUOTED_LINE_BREAKS:
                pending[-1] = pending[-1] + "\n" + row[0]
                pending.extend(row[1:])
                records.append(pending)
                lines.append(pending_line)
                repaired.append(pending_line)
                pending = None
                continue
            raise ParseError(
                f"{source}: line {pending_line} has {len(pending)} fields, expected {width}; "
                "the file is truncated or a column was lost."
            )
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        elif len(row) < width:
            pending, pending_line = row, line
        else:
            raise ParseError(
                f"{source}: line {line} has {len(row)} fields, expected {width}; a column was "
                "added or a value holds an unquoted comma."
            )
    if pending is not None:
        raise ParseError(
            f"{source}: line {pending_line} (the last) has {len(pending)} fields, expected {width}; "
            "the file is truncated. Re-download it."
        )
    if repaired:
        log.info("%s: joined %d records broken by an unquoted line break (lines %s)", source,
                 len(repaired), repaired)
    columns = list(zip(*records)) if records else [()] * width
    return columns, lines, repaired


#: Read a register body with pandas' C tokenizer when that gives exactly what csv.reader gives
#: (see :func:`_read_body_fast`): 5x faster on the 28,000-row register.  Tests compare both.
FAST_READER = True


def _read_body_fast(body: str, expected: tuple[str, ...], header_line: int,
                    source: str) -> tuple[list[np.ndarray], list[int], list[int]] | None:
    """:func:`_read_body` for the common case, or None where only csv.reader is exact.

    Without quotes, NUL bytes or a lone carriage return, a record is one line and its fields are
    the line split at commas: every line's field count is its comma count + 1, so short records
    (SIPRI's unquoted line breaks) are found without tokenizing in Python, and pandas' C reader
    (all cells as str, nothing taken for missing) does the tokenizing.  Anything unusual - a
    header that differs, a line with too many fields, a row count that does not match - returns
    None, and the csv.reader path raises its exact error.
    """
    if '"' in body or "\x00" in body or body.count("\r") != body.count("\r\n"):
        return None
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    width = len(expected)
    if not lines or tuple(lines[0].removesuffix("\r").split(",")) != expected:
        return None
    counts = [line.count(",") + 1 for line in lines[1:]]
    if counts and max(counts) > width:
        return None
    frame = pd.read_csv(io.StringIO(body), header=None, names=range(width), dtype=object,
                        na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_NONE,
                        engine="c", low_memory=False)
    if len(frame) != len(lines):
        return None
    values = frame.to_numpy()[1:]
    n = len(values)
    keep = np.ones(n, dtype=bool)
    repaired: list[int] = []
    merged: set[int] = set()
    for i in (i for i, c in enumerate(counts) if c != width):
        if i in merged:
            continue
        c = counts[i]
        if c == 1 and not lines[i + 1].strip():  # a blank line
            keep[i] = False
            continue
        line = header_line + i + 1
        if i + 1 == n:
            raise ParseError(f"{source}: line {line} (the last) has {c} fields, expected {width}; "
                             "the file is truncated. Re-download it.")
        d = counts[i + 1]
        if c + d - 1 != width or not REPAIR_UNQUOTED_LINE_BREAKS:
            raise ParseError(f"{source}: line {line} has {c} fields, expected {width}; the file is "
                             "truncated or a column was lost.")
        row = list(values[i, :c])
        row[-1] = row[-1] + "\n" + values[i + 1, 0]
        row.extend(values[i + 1, 1:d])
        values[i] = row
        keep[i + 1] = False
        merged.add(i + 1)
        repaired.append(line)
    if repaired:
        log.info("%s: joined %d records broken by an unquoted line break (lines %s)", source,
                 len(repaired), repaired)
    if not keep.all():
        values = values[keep]
    lines_of = (np.flatnonzero(keep) + header_line + 1).tolist()
    return [values[:, j] for j in range(width)], lines_of, repaired


def _row_lines(body: str, n_rows: int, header_line: int):
    """A function: index of a row after the header → its physical line (the last, if a quoted
    value spans several), as ``csv.reader.line_num`` counts them."""
    # io.StringIO(newline="") ends a line at \n, \r and \r\n; when there are as many lines
    # as rows (no quoted line breaks), row i after the header is on line header_line + i + 1.
    n_lines = body.count("\n") + body.count("\r") - body.count("\r\n")
    if body and not body.endswith(("\n", "\r")):
        n_lines += 1
    if n_lines == n_rows + 1:
        return lambda i: header_line + i + 1
    reader = csv.reader(io.StringIO(body, newline=""))
    exact = [header_line + reader.line_num - 1 for _ in reader][1:]
    return exact.__getitem__


def _unique(col) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)`` of a column of str: the register repeats few distinct values per
    column, so stripping and converting the uniques and taking them back is much cheaper."""
    return pd.factorize(np.asarray(col, dtype=object))


def _stripped(col) -> np.ndarray:
    codes, uniques = _unique(col)
    stripped = np.array([u.strip() for u in uniques] + [""], dtype=object)
    return stripped[codes]


def _str_array(values) -> pd.api.extensions.ExtensionArray:
    return pd.array(values, dtype="str")


def _first(mask_of_uniques: np.ndarray, codes: np.ndarray) -> int | None:
    """Row of the first value whose unique is flagged in *mask_of_uniques*, or None."""
    if not mask_of_uniques.any():
        return None
    return int(np.flatnonzero(mask_of_uniques[codes])[0])


def _numeric(col, name: str, source: str, lines: list[int],
             dtype: str = "Float64") -> pd.Series:
    codes, uniques = _unique(col)
    s = pd.Series([u.strip() for u in uniques], dtype=object)
    empty = s == ""
    out = pd.to_numeric(s.where(~empty), errors="coerce")
    k = _first((out.isna() & ~empty).to_numpy(), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}, column {name!r}: {col[k]!r} is not "
                         "a number; expected a number or an empty cell.")
    # TIV, numbers of weapons, years and ids are never negative or infinite; float() would
    # take '-7', 'inf' and '1e400' and let them into every sum downstream.
    k = _first((out.notna() & ((out < 0) | ~np.isfinite(out.astype("float64")))).to_numpy(), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}, column {name!r}: {col[k]!r} is "
                         "negative or not finite; expected a number >= 0 or an empty cell.")
    if dtype == "Int64":
        k = _first((out.notna() & (out % 1 != 0)).to_numpy(), codes)
        if k is not None:
            raise ParseError(f"{source}: line {lines[k]}, column {name!r}: {col[k]!r} is not a "
                             "whole number; expected a year or count.")
    return pd.Series(out.to_numpy()[codes]).astype(dtype)


def _check_year_range(s: pd.Series, name: str, source: str, lines: list[int],
                      first: int = FIRST_YEAR) -> None:
    bad = s.notna() & ((s < first) | (s > LAST_YEAR))
    if bad.any():
        k = int(np.flatnonzero(bad.to_numpy())[0])
        raise ParseError(f"{source}: line {lines[k]}, column {name!r}: year {s.iloc[k]} is "
                         f"outside {first}-{LAST_YEAR}.")


_FLAG_VALUES = frozenset({"", UNCERTAIN_MARK})


def _flag(col, name: str, source: str, lines: list[int]) -> np.ndarray:
    codes, uniques = _unique(col)
    s = [u.strip() for u in uniques]
    k = _first(np.array([v not in _FLAG_VALUES for v in s] + [False]), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}: uncertainty column after {name!r} holds "
                         f"{col[k]!r}; expected '?' or empty. The columns may be shifted.")
    return np.array([v == UNCERTAIN_MARK for v in s] + [False], dtype=bool)[codes]


_YEARS_LIST = re.compile(r"^\s*\d{4}(\s*;\s*\d{4})*\s*$")


def _years_cell(cell: str) -> tuple[bool, tuple[int, ...], bool]:
    """``(well_formed, years, uncertain)`` for one 'Year(s) of delivery' cell."""
    s = cell.strip()
    clean = s.replace("?", "").strip()
    if clean and not _YEARS_LIST.match(clean):
        return False, (), False
    years = tuple(sorted({int(y) for y in clean.split(";")})) if clean else ()
    return True, years, "?" in s


def _delivery_years(col, source: str, lines: list[int]) -> tuple[pd.Series, np.ndarray]:
    """``'2016; 2017'`` → ``(2016, 2017)``; the ``?`` SIPRI sometimes appends goes to a flag."""
    codes, uniques = _unique(col)
    cells = [_years_cell(u) for u in uniques]
    k = _first(np.array([not ok for ok, _, _ in cells] + [False]), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}, column 'Year(s) of delivery': "
                         f"{col[k]!r}; expected years separated by '; ' (e.g. '2016; 2017').")
    k = _first(np.array([bool(t) and (t[0] < FIRST_YEAR or t[-1] > LAST_YEAR)
                         for _, t, _ in cells] + [False]), codes)
    if k is not None:
        raise ParseError(f"{source}: line {lines[k]}, column 'Year(s) of delivery': "
                         f"{col[k]!r} is outside {FIRST_YEAR}-{LAST_YEAR}.")
    years = np.empty(len(cells) + 1, dtype=object)
    years[:] = [t for _, t, _ in cells] + [()]
    uncertain = np.array([u for _, _, u in cells] + [False], dtype=bool)
    return pd.Series(years[codes], dtype=object), uncertain[codes]


def parse_register(data: bytes, source: str = "<bytes>") -> pd.DataFrame:
    """Parse SIPRI's trade register (one row per deal) into a tidy DataFrame.

    Columns and dtypes are listed in ``docs/architecture.md``; ``deal`` is the row's position in
    the file.  ``delivery_years`` is a tuple of int: the register does not say how a deal's TIV
    splits across its delivery years (see :mod:`armsdata.analysis` for how that is bounded).

    Raises
    ------
    ParseError
        No header, a header that differs from :data:`REGISTER_HEADER`, a row with too many or too
        few fields, a non-numeric number or TIV, a malformed delivery-year list.
    """
    text = decode(data, source)
    start = _find_line(text, "Recipient,Supplier,", source, "trade register")
    raw, hl, repaired = _read_body(text, start, REGISTER_HEADER, source)
    n = lambda j, name, dtype="Float64": _numeric(raw[j], name, source, hl, dtype)  # noqa: E731
    years, years_uncertain = _delivery_years(raw[10], source, hl)
    out = pd.DataFrame({
        "deal": np.arange(len(raw[0]), dtype="int64"),
        "recipient": _str_array(_stripped(raw[0])),
        "supplier": _str_array(_stripped(raw[1])),
        "order_year": n(2, "Year of order", "Int64"),
        "order_year_uncertain": _flag(raw[3], "Year of order", source, hl),
        "number_ordered": n(4, "Number ordered"),
        "number_ordered_uncertain": _flag(raw[5], "Number ordered", source, hl),
        "designation": _str_array(raw[6]),
        "description": _str_array(raw[7]),
        "number_delivered": n(8, "Number delivered"),
        "number_delivered_uncertain": _flag(raw[9], "Number delivered", source, hl),
        "delivery_years": years,
        "delivery_years_uncertain": years_uncertain,
        "status": _str_array(raw[11]),
        "comments": _str_array(raw[12]),
        "tiv_unit": n(13, "SIPRI TIV per unit"),
        "tiv_order": n(14, "SIPRI TIV for total order"),
        "tiv_delivered": n(15, "SIPRI TIV of delivered weapons"),
    })
    _check_year_range(out["order_year"], "Year of order", source, hl, FIRST_ORDER_YEAR)
    empty_names = (out["recipient"] == "") | (out["supplier"] == "")
    if empty_names.any():
        k = int(np.flatnonzero(empty_names.to_numpy())[0])
        raise ParseError(f"{source}: line {hl[k]}: empty recipient or supplier.")
    short = sum(1 for tiv, ys in zip(raw[15], raw[10]) if tiv == "" and ys != "")
    if short:
        log.info("%s: %d deals list delivery years but no delivered TIV", source, short)
    out.attrs["repaired_lines"] = repaired
    return out


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


def parse_delivery_years(data: bytes, source: str = "<bytes>") -> pd.DataFrame:
    """Parse the per-delivery-year register (one row per deal and delivery year).

    *data* may be the API's JSON answer (``{"bytes": base64}``) or the CSV inside it.

    Raises
    ------
    ParseError
        As :func:`parse_register`, for :data:`DELIVERY_YEARS_HEADER`, and ``Yes``/``No`` columns
        holding anything else.
    """
    if looks_like_json(data):
        data = decode_api_response(data, source)
    text = decode(data, source)
    start = _find_line(text, "SIPRI AT Database ID,", source, "per-delivery-year register")
    raw, hl, _ = _read_body(text, start, DELIVERY_YEARS_HEADER, source)

    def yes_no(j: int, name: str) -> np.ndarray:
        codes, uniques = _unique(raw[j])
        s = [u.strip() for u in uniques]
        k = _first(np.array([v not in YES_NO for v in s] + [False]), codes)
        if k is not None:
            raise ParseError(f"{source}: line {hl[k]}, column {name!r}: {raw[j][k]!r}; "
                             "expected 'Yes' or 'No'.")
        return np.array([YES_NO.get(v, False) for v in s] + [False], dtype=bool)[codes]

    n = lambda j, name, dtype="Float64": _numeric(raw[j], name, source, hl, dtype)  # noqa: E731
    out = pd.DataFrame({
        "deal_id": n(0, "SIPRI AT Database ID", "Int64"),
        "supplier": _str_array(_stripped(raw[1])),
        "recipient": _str_array(_stripped(raw[2])),
        "designation": _str_array(raw[3]),
        "description": _str_array(raw[4]),
        "category": _str_array(raw[5]),
        "order_year": n(6, "Order date", "Int64"),
        "order_year_uncertain": yes_no(7, "Order date is estimate"),
        "number_delivered": n(8, "Numbers delivered"),
        "number_delivered_uncertain": yes_no(9, "Numbers delivered is estimate"),
        "delivery_year": n(10, "Delivery year", "Int64"),
        "delivery_year_uncertain": yes_no(11, "Delivery year is estimate"),
        "status": _str_array(raw[12]),
        # "SIPRI estimate" holds a number: SIPRI's unit TIV for the weapon when new (a second-hand
        # T-72M1 has 2.6 here and 1.04 as "TIV deal unit"), not a yes/no flag.
        "sipri_estimate": n(13, "SIPRI estimate"),
        "tiv_unit": n(14, "TIV deal unit"),
        "tiv_delivered": n(15, "TIV delivery values"),
        "local_production": yes_no(16, "Local production"),
    })
    if out["deal_id"].isna().any():
        k = int(np.flatnonzero(out["deal_id"].isna().to_numpy())[0])
        raise ParseError(f"{source}: line {hl[k]}: empty 'SIPRI AT Database ID'.")
    out["deal_id"] = out["deal_id"].astype("int64")
    _check_year_range(out["delivery_year"], "Delivery year", source, hl)
    _check_year_range(out["order_year"], "Order date", source, hl, FIRST_ORDER_YEAR)
    return out


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
    """Tell which SIPRI export *data* is, by content.

    Raises
    ------
    NoDataError, ParseError
        As :func:`decode`, or when no known header is found.
    """
    if looks_like_json(data):
        data = decode_api_response(data, source)
    text = decode(data[:20000], source) if len(data) > 20000 else decode(data, source)
    if re.search(r"^SIPRI AT Database ID,", text, re.MULTILINE):
        return "delivery-years"
    if re.search(r"^Recipient,Supplier,", text, re.MULTILINE):
        return "register"
    if re.search(r"^Recipient,1\d{3},", text, re.MULTILINE):
        return "tiv-imports-by-recipient"
    if re.search(r"^Exports by,1\d{3},", text, re.MULTILINE):
        return "tiv-exports-by-supplier"
    if re.search(r"^,1\d{3},1\d{3},", text, re.MULTILINE):
        return "tiv-legacy"
    raise ParseError(f"{source}: not a SIPRI export this library knows (no known header line); "
                     "expected a TIV table, a trade register or a per-delivery-year register.")


PARSERS = {
    "tiv-legacy": parse_tiv_legacy,
    "tiv-imports-by-recipient": parse_tiv_new,
    "tiv-exports-by-supplier": parse_tiv_new,
    "register": parse_register,
    "delivery-years": parse_delivery_years,
}


def parse(data: bytes, source: str = "<bytes>") -> TivTable | pd.DataFrame:
    """Parse any SIPRI export, choosing the parser by :func:`sniff`."""
    return PARSERS[sniff(data, source)](data, source)
