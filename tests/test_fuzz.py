"""Fuzz every parser with mutations of the real excerpts: only ArmsDataError or a valid table;
and the one register reader against an independent csv-module reader written here.

Mutations are the damage files really suffer (a dropped tail, a duplicated or lost line, a
flipped byte, a stray comma, quote or '?', swapped lines), applied one to four at a time to the
real excerpts in tests/data/sipri/, plus a few purely random inputs.  Whatever comes out must be
either an :class:`armsdata.errors.ArmsDataError` or a table that keeps the documented contract
(columns, dtypes, years in range, no negative TIV, Total rows apart); any other exception fails.

The register reader (``parse._read_body``) tokenizes a body in one of several ways (pandas' C
reader for large bodies, str.split or the csv module for small ones); both the C way and the
small-body way are run on every mutated register and compared, record for record and error for
error, with :func:`oracle`, a plain csv-module reading of SIPRI's rules written in this file.

Runs are reproducible (``derandomize=True``, no example database): CI sees the same examples
every time.  ``EXAMPLES`` per test: see :data:`TOTAL_EXAMPLES`.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import re
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armsdata import parse
from armsdata.errors import ArmsDataError, ParseError

DATA = Path(__file__).parent / "data"
SIPRI = DATA / "sipri"

EXAMPLES = 200
RANDOM_EXAMPLES = 100
TOTAL_EXAMPLES = 13 * EXAMPLES + RANDOM_EXAMPLES

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def read(name: str) -> bytes:
    return (SIPRI / name).read_bytes()


def wrap(csv_bytes: bytes) -> bytes:
    """SIPRI's API answer around *csv_bytes*: ``{"bytes": "<base64>"}``."""
    return json.dumps({"bytes": base64.b64encode(csv_bytes).decode()}).encode()


API_JSON = read("delivery-years-api-excerpt.json")
API_CSV = base64.b64decode(json.loads(API_JSON)["bytes"])
DELIVERY_YEARS = [API_CSV, read("delivery-years-excerpt.csv")]
LEGACY = [read("tiv-legacy-ARM.csv"), read("tiv-legacy-XID.csv"), read("tiv-legacy-ALL-excerpt.csv")]
NEW = [read("tiv-imports-by-recipient-excerpt.csv"), read("tiv-exports-by-supplier-excerpt.csv"),
       read("tiv-recipient-by-supplier-UKR.csv")]
REGISTER = [read("register-excerpt.csv"), (DATA / "variants" / "register-handmade.csv").read_bytes()]
ALL_CSV = LEGACY + NEW + REGISTER + DELIVERY_YEARS

#: Bytes that break CSVs in the wild: separators, quotes, SIPRI's own marks, line ends, a NUL,
#: a byte CP1252 does not define, a UTF-8 BOM, numbers a float() would take but a TIV is not.
TOKENS = [b",", b'"', b"?", b"0 ", b"0", b"\n", b"\r\n", b"\r", b";", b"; ", b"-", b" ", b"\x00",
          b"\x81", b"\xff", b"\xef\xbb\xbf", b"nan", b"inf", b"1e400", b"-1", b"Total,",
          b"Total world import,", b"Recipient,", b"2016; 2017", b"1949", b"9999", b"%", b"41%",
          b"Supplier,", b"Total exports to ", b"Yes", b"No"]


# ------------------------------------------------------------------ mutations

def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def flip(draw, data: bytes) -> bytes:
    if not data:
        return data
    i = draw(st.integers(0, len(data) - 1))
    return data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]


def truncate(draw, data: bytes) -> bytes:
    return data[:draw(st.integers(0, len(data)))]


def insert(draw, data: bytes) -> bytes:
    i = draw(st.integers(0, len(data)))
    return data[:i] + draw(st.sampled_from(TOKENS)) + data[i:]


def delete_span(draw, data: bytes) -> bytes:
    i = draw(st.integers(0, len(data)))
    return data[:i] + data[i + draw(st.integers(1, 40)):]


def delete_line(draw, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    return b"".join(lines[:i] + lines[i + 1:])


def duplicate_line(draw, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    return b"".join(lines[:i + 1] + lines[i:])


def swap_lines(draw, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines)


def replace_cell(draw, data: bytes) -> bytes:
    """Swap one comma-separated cell for a token (a shifted or mistyped value)."""
    cells = data.split(b",")
    i = draw(st.integers(0, len(cells) - 1))
    cells[i] = draw(st.sampled_from(TOKENS + [b"", b"12", b"x"]))
    return b",".join(cells)


def break_line(draw, data: bytes) -> bytes:
    """An unquoted line break inside a line (what SIPRI did to two register comments)."""
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    j = draw(st.integers(0, len(line)))
    lines[i] = line[:j] + b"\n" + line[j:]
    return b"".join(lines)


def shift_line(draw, data: bytes) -> bytes:
    """A field more or less at the start of a line (a shifted row)."""
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = b"," + lines[i] if draw(st.booleans()) else lines[i].partition(b",")[2]
    return b"".join(lines)


MUTATIONS = [flip, truncate, insert, delete_span, delete_line, duplicate_line, swap_lines,
             replace_cell, break_line, shift_line]


@st.composite
def mutated(draw, sources: list[bytes]) -> bytes:
    data = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 4))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return data


@st.composite
def mutated_api_answer(draw, sources: list[bytes]) -> bytes:
    """Either an API answer damaged as bytes, or a damaged CSV inside a well-formed answer."""
    if draw(st.booleans()):
        return draw(mutated([wrap(s) if s != API_CSV else API_JSON for s in sources]))
    return wrap(draw(mutated(sources)))


# ------------------------------------------------------------------ what a valid result is

TIV_DTYPES = {"recipient": "str", "supplier": "str", "year": "int64", "tiv": "float64",
              "below_half": "bool"}


def check_tiv(t: parse.TivTable) -> None:
    assert isinstance(t, parse.TivTable)
    for df in (t.rows, t.totals):
        assert {c: str(df[c].dtype) for c in df.columns} == TIV_DTYPES
        assert df["year"].between(parse.FIRST_YEAR, parse.LAST_YEAR).all()
        assert (df["tiv"] >= 0).all() and df["tiv"].map(math.isfinite).all()
        assert (df.loc[df["below_half"], "tiv"] == 0).all()
        assert not df[["recipient", "supplier"]].isna().any().any()
        assert not df.duplicated(["recipient", "supplier", "year"]).any()
    assert not t.rows[["recipient", "supplier"]].isin(["Total"]).any().any()
    assert (t.totals["recipient"].eq("Total") | t.totals["supplier"].eq("Total")).all()
    assert len(t.totals) > 0 or len(t.rows) == 0
    assert isinstance(t.meta["rows_match_total"], bool)
    assert t.meta["rows_match_total"] == (t.meta["rows_mismatch_years"] == [])
    assert set(t.meta["rows_mismatch_years"]) <= set(t.meta["years"])


def check_register(df: pd.DataFrame) -> None:
    assert isinstance(df, pd.DataFrame)
    assert df["deal"].tolist() == list(range(len(df)))
    for c in ("recipient", "supplier", "designation", "comments"):
        assert str(df[c].dtype) == "str"
    for c in ("order_year",):
        assert str(df[c].dtype) == "Int64"
    for c in ("number_ordered", "number_delivered", "tiv_unit", "tiv_order", "tiv_delivered"):
        assert str(df[c].dtype) == "Float64"
    assert ((df["recipient"] != "") & (df["supplier"] != "")).all()
    for years in df["delivery_years"]:
        assert isinstance(years, tuple) and list(years) == sorted(set(years))
        assert all(parse.FIRST_YEAR <= y <= parse.LAST_YEAR for y in years)
    assert df["order_year"].dropna().between(parse.FIRST_ORDER_YEAR, parse.LAST_YEAR).all()


def check_delivery_years(df: pd.DataFrame) -> None:
    assert isinstance(df, pd.DataFrame)
    assert str(df["deal_id"].dtype) == "int64"
    assert str(df["delivery_year"].dtype) == "Int64"
    assert df["delivery_year"].dropna().between(parse.FIRST_YEAR, parse.LAST_YEAR).all()
    for c in ("order_year_uncertain", "number_delivered_uncertain", "delivery_year_uncertain",
              "local_production"):
        assert str(df[c].dtype) == "bool"
    assert str(df["sipri_estimate"].dtype) == "Float64"


def check_any(result) -> None:
    if isinstance(result, parse.TivTable):
        check_tiv(result)
    elif "deal_id" in result.columns:
        check_delivery_years(result)
    else:
        check_register(result)


def run(fn: Callable, data: bytes, check: Callable) -> None:
    """Parse *data*; an ArmsDataError is a fine answer, any other exception is a bug."""
    try:
        result = fn(data, "fuzz.csv")
    except ArmsDataError as exc:
        assert str(exc).startswith("fuzz.csv: "), f"message does not name the source: {exc}"
        return
    check(result)


# ------------------------------------------------------------------ the fuzz tests

@FUZZ
@given(mutated(LEGACY))
def test_fuzz_parse_tiv_legacy(data: bytes) -> None:
    run(parse.parse_tiv_legacy, data, check_tiv)


@FUZZ
@given(mutated(NEW))
def test_fuzz_parse_tiv_new(data: bytes) -> None:
    run(parse.parse_tiv_new, data, check_tiv)


@FUZZ
@given(mutated(NEW + LEGACY))
def test_fuzz_check_totals_agrees_with_rows_match_total(data: bytes) -> None:
    """check_totals=True refuses exactly the tables whose meta says the rows do not match."""
    try:
        t = parse.parse_tiv(data, "fuzz.csv")
    except ArmsDataError:
        return
    if t.meta["rows_match_total"]:
        parse.parse_tiv(data, "fuzz.csv", check_totals=True)
    else:
        try:
            parse.parse_tiv(data, "fuzz.csv", check_totals=True)
        except ParseError as exc:
            assert "a share computed over the rows (basis 'rows') would be wrong" in str(exc)
        else:
            raise AssertionError("check_totals accepted rows that do not match the total")


@FUZZ
@given(mutated(REGISTER))
def test_fuzz_parse_register(data: bytes) -> None:
    run(parse.parse_register, data, check_register)


@FUZZ
@given(st.one_of(mutated_api_answer(DELIVERY_YEARS), mutated(DELIVERY_YEARS)))
def test_fuzz_parse_delivery_years(data: bytes) -> None:
    run(parse.parse_delivery_years, data, check_delivery_years)


@FUZZ
@given(mutated_api_answer([API_CSV]))
def test_fuzz_decode_api_response(data: bytes) -> None:
    run(parse.decode_api_response, data, lambda b: isinstance(b, bytes))


@FUZZ
@given(st.one_of(mutated(ALL_CSV), mutated_api_answer(ALL_CSV)))
def test_fuzz_parse_dispatch(data: bytes) -> None:
    """parse.parse sniffs the layout first (mutations can make one layout look like another),
    of the CSV or of the CSV inside an API answer."""
    run(parse.parse, data, check_any)
    run(parse.sniff, data, lambda layout: layout in parse.LAYOUTS)


@settings(FUZZ, max_examples=RANDOM_EXAMPLES)
@given(st.one_of(st.binary(max_size=3000),
                 st.text(alphabet=',"?;\n\r 0123456789TotalRecipientSuppler%', max_size=2000).map(str.encode)))
def test_fuzz_random_bytes(data: bytes) -> None:
    for fn in (parse.parse_tiv_legacy, parse.parse_tiv_new, parse.parse_register,
               parse.parse_delivery_years):
        run(fn, data, lambda r: None)
    run(parse.parse, data, check_any)


# ------------------------------------------------------------------ the reader against an oracle

def oracle(text: str, prefix: str, expected: tuple[str, ...]):
    """SIPRI's register rules read with the csv module, nothing else: the body after the header
    line starting with *prefix* as ``(records, lines, repaired_lines)``, or a description of
    why it is not a register: ``("no-header",)``, ``("csv-error",)``, ``("header", line)``,
    ``("fields", line, n)`` (a record of *n* fields that is neither blank nor the first piece
    of a record broken in two)."""
    m = re.search("^" + re.escape(prefix), text[:20000], flags=re.MULTILINE)
    if not m:
        return ("no-header",)
    header_line = text.count("\n", 0, m.start()) + 1
    reader = csv.reader(io.StringIO(text[m.start():], newline=""))
    rows, lines = [], []
    try:
        for row in reader:
            rows.append(row)
            lines.append(header_line + reader.line_num - 1)  # the row's last physical line
    except csv.Error:
        return ("csv-error",)
    if tuple(rows[0]) != expected:
        return ("header", header_line)
    width = len(expected)
    records, record_lines, repaired = [], [], []
    i = 1
    while i < len(rows):
        row, line = rows[i], lines[i]
        if len(row) == width:
            records.append(row)
            record_lines.append(line)
            i += 1
        elif not row or (len(row) == 1 and not row[0].strip()):
            i += 1  # a blank line
        elif len(row) < width and i + 1 < len(rows) and len(row) + len(rows[i + 1]) - 1 == width:
            # a line break SIPRI did not quote: the second piece continues the last field
            nxt = rows[i + 1]
            records.append(row[:-1] + [row[-1] + "\n" + nxt[0]] + nxt[1:])
            record_lines.append(line)
            repaired.append(line)
            i += 2
        else:
            return ("fields", line, len(row))
    return records, record_lines, repaired


LAYOUT_OF = {
    b"Recipient,Supplier,": ("Recipient,Supplier,", parse.REGISTER_HEADER, parse.REGISTER_LABELS),
    b"SIPRI AT Database ID,": ("SIPRI AT Database ID,", parse.DELIVERY_YEARS_HEADER,
                               parse.DELIVERY_YEARS_LABELS),
}


def read_body(text: str, raw: bytes | None, prefix: str, expected: tuple[str, ...],
              labels: frozenset[int], c_reader_from: float):
    """What parse's one reader makes of the same body: as the oracle says it, or its error.
    (Label columns may come back as Categoricals of str: their cells are compared as str.)"""
    try:
        start = parse._find_line(text, prefix, "fuzz.csv", "register")
    except ParseError:
        return ("no-header",)
    try:
        body = parse._read_body(text, start, expected, "fuzz.csv", raw, labels=labels,
                                c_reader_from=c_reader_from)
    except ParseError as exc:
        return exc
    records = [list(r) for r in zip(*body.columns)] if len(body.lines) else []
    return records, [int(x) for x in body.lines], body.repaired


def assert_agree(ours, theirs) -> None:
    """The reader's outcome is the oracle's: the same records and lines, or the same error at
    the same line (and with the same field count)."""
    if isinstance(theirs[0], list):  # the oracle read the body
        assert not isinstance(ours, Exception), f"reader refused what the oracle read: {ours}"
        records, lines, repaired = ours
        pd.testing.assert_frame_equal(pd.DataFrame(records, dtype=object),
                                      pd.DataFrame(theirs[0], dtype=object))
        assert (lines, repaired) == (theirs[1], theirs[2])
        return
    kind = theirs[0]
    if kind == "no-header":
        assert ours == ("no-header",)
        return
    assert isinstance(ours, ParseError), f"reader read what the oracle refuses ({theirs})"
    message = str(ours)
    if kind == "csv-error":
        assert "malformed CSV" in message, message
    elif kind == "header":
        assert f"line {theirs[1]}: header differs" in message, message
    else:
        _, line, n = theirs
        assert f"line {line} " in message and f"has {n} fields" in message, (message, theirs)


@FUZZ
@given(st.one_of(mutated(REGISTER), mutated(DELIVERY_YEARS)), st.sampled_from(["\n", "\r\n"]))
def test_fuzz_one_register_reader_agrees_with_the_csv_module(data: bytes, eol: str) -> None:
    """parse's register reader, by pandas' C reader (forced with c_reader_from=0) and by its
    small-body way (str.split, or the csv module where there are quotes), gives what a plain
    csv-module reading of SIPRI's rules gives: record for record, error for error."""
    data = data.replace(b"\r\n", b"\n").replace(b"\n", eol.encode())
    try:
        text, raw = parse._text(data, "fuzz.csv")
    except ArmsDataError:
        return
    prefix, expected, labels = next((v for k, v in LAYOUT_OF.items() if k in data),
                                    LAYOUT_OF[b"Recipient,Supplier,"])
    theirs = oracle(text, prefix, expected)
    for c_reader_from in (0, math.inf):
        assert_agree(read_body(text, raw, prefix, expected, labels, c_reader_from), theirs)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list(',"\n\r ab\x00;\x0c\u2028é')), max_size=300))
def test_fuzz_split_rows_is_exactly_csv_reader(text: str) -> None:
    """Where parse._split_rows answers, it answers what csv.reader answers."""
    rows = parse._split_rows(text)
    if rows is not None:
        assert rows == list(csv.reader(io.StringIO(text, newline="")))


#: The pattern 'Year(s) of delivery' cells had to match before parse tested them without a regex.
YEARS_LIST = re.compile(r"^\s*\d{4}(\s*;\s*\d{4})*\s*$")


def years_cell_by_regex(cell: str) -> tuple[bool, tuple[int, ...], bool]:
    s = cell.strip()
    clean = s.replace("?", "").strip()
    if clean and not YEARS_LIST.match(clean):
        return False, (), False
    return True, tuple(sorted({int(y) for y in clean.split(";")})) if clean else (), "?" in s


@FUZZ
@given(st.lists(st.sampled_from(["1988", "1989", "2016", "; ", ";", " ", "?", "1", "\u0662\u0660\u0661\u0666",
                                 "\xa0", "12345", "2017?", "  ; ", "19", "88", "\t", "198", "19890"]),
                max_size=7).map("".join))
def test_fuzz_delivery_years_cell_is_the_regex(cell: str) -> None:
    assert parse._years_cell(cell) == years_cell_by_regex(cell)


# ------------------------------------------------------------------ numbers read without float() per cell

PLAIN_NUMBER = st.one_of(
    st.integers(0, 10 ** 15 - 1).map(str),
    st.tuples(st.integers(0, 10 ** 7), st.integers(0, 10 ** 7), st.integers(0, 6)).map(
        lambda t: f"{t[0]}.{str(t[1]).zfill(t[2])}"),
    st.sampled_from(["0", "007", ".5", "5.", "0.25", "3.84", "999999999999999"]),
)
CELL = st.one_of(PLAIN_NUMBER, st.sampled_from(["", "0 ", " 7", "7 ", "1e5", "-1", "nan", "inf",
                                                "1.2.3", ".", "1_0", "+4", "\u0664"]))


def plain(cell: str) -> bool:
    """What the byte reader takes: ASCII digits with at most one '.', 1-15 digits."""
    return bool(re.fullmatch(r"\d*\.?\d*", cell, re.ASCII)) and 0 < len(cell.replace(".", "")) <= 15


@FUZZ
@given(st.lists(CELL, min_size=1, max_size=40))
def test_fuzz_numbers_read_on_bytes_are_what_float_reads(cells: list[str]) -> None:
    """parse._decimal_fields (TIV cells on bytes) answers only for plain numbers, with float()'s
    number for each; parse._plain_numbers (register columns) likewise with pd.to_numeric's."""
    data = ",".join(cells).encode("utf-8")
    a = np.frombuffer(data, dtype=np.uint8)
    ends = np.array([m.start() for m in re.finditer(b",", data)] + [len(data)])
    starts = np.concatenate(([0], ends[:-1] + 1))
    got = parse._decimal_fields(a, starts, ends - starts)
    assert (got is not None) == all(c == "" or plain(c) for c in cells), (cells, got)
    if got is not None:
        want = np.array([float(c) if c else np.nan for c in cells])
        np.testing.assert_array_equal(got, want)
    uniques = np.array(list(dict.fromkeys(cells)), dtype=object)
    numbers = parse._plain_numbers(uniques)
    if numbers is not None:
        want = np.asarray(pd.to_numeric(uniques, errors="coerce"), dtype=np.float64)
        np.testing.assert_array_equal(numbers[0], want)


@FUZZ
@given(st.lists(st.lists(st.one_of(st.just(""), CELL), min_size=3, max_size=3), min_size=1, max_size=12))
def test_fuzz_tiv_cells_on_bytes_agree_with_the_rules_cell_by_cell(rows: list[list[str]]) -> None:
    """Where parse._plain_tiv_cells reads a table's TIV cells on bytes, it gives what _tiv_cell
    gives for each cell; where it does not answer, some cell is not plain."""
    body = [["name"] + r for r in rows]
    got = parse._plain_tiv_cells(body, np.array([1, 2, 3]))
    kinds = [[parse._tiv_cell(c) for c in r] for r in rows]
    if got is None:
        assert not all(c in ("", "0 ") or plain(c) for r in rows for c in r)
        return
    values, filled = got
    for i, kr in enumerate(kinds):
        for j, (kind, value, _) in enumerate(kr):
            assert filled[i, j] == (kind != "empty")
            if kind == "value":
                assert values[i, j] == value
