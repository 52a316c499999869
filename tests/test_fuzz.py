"""Fuzz every parser with mutations of the real excerpts: only ArmsDataError or a valid table.

Mutations are the damage files really suffer (a dropped tail, a duplicated or lost line, a
flipped byte, a stray comma, quote or '?', swapped lines), applied one to four at a time to the
real excerpts in tests/data/sipri/, plus a few purely random inputs.  Whatever comes out must be
either an :class:`armsdata.errors.ArmsDataError` or a table that keeps the documented contract
(columns, dtypes, years in range, no negative TIV, Total rows apart); any other exception fails.

Runs are reproducible (``derandomize=True``, no example database): CI sees the same examples
every time.  ``EXAMPLES`` per test, 8 tests: see :data:`TOTAL_EXAMPLES`.
"""

from __future__ import annotations

import base64
import json
import math
from pathlib import Path
from typing import Callable

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armsdata import parse
from armsdata.errors import ArmsDataError

DATA = Path(__file__).parent / "data"
SIPRI = DATA / "sipri"

EXAMPLES = 200
RANDOM_EXAMPLES = 100
TOTAL_EXAMPLES = 7 * EXAMPLES + RANDOM_EXAMPLES

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def read(name: str) -> bytes:
    return (SIPRI / name).read_bytes()


API_JSON = read("delivery-years-api-excerpt.json")
API_CSV = base64.b64decode(json.loads(API_JSON)["bytes"])
LEGACY = [read("tiv-legacy-ARM.csv"), read("tiv-legacy-XID.csv"), read("tiv-legacy-ALL-excerpt.csv")]
NEW = [read("tiv-imports-by-recipient-excerpt.csv"), read("tiv-exports-by-supplier-excerpt.csv")]
REGISTER = [read("register-excerpt.csv"), (DATA / "variants" / "register-handmade.csv").read_bytes()]
ALL_CSV = LEGACY + NEW + REGISTER + [API_CSV]

#: Bytes that break CSVs in the wild: separators, quotes, SIPRI's own marks, line ends, a NUL,
#: a byte CP1252 does not define, a UTF-8 BOM, numbers a float() would take but a TIV is not.
TOKENS = [b",", b'"', b"?", b"0 ", b"0", b"\n", b"\r\n", b"\r", b";", b"; ", b"-", b" ", b"\x00",
          b"\x81", b"\xff", b"\xef\xbb\xbf", b"nan", b"inf", b"1e400", b"-1", b"Total,",
          b"Total world import,", b"Recipient,", b"2016; 2017", b"1949", b"9999"]


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


MUTATIONS = [flip, truncate, insert, delete_span, delete_line, duplicate_line, swap_lines,
             replace_cell]


@st.composite
def mutated(draw, sources: list[bytes]) -> bytes:
    data = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 4))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return data


@st.composite
def mutated_api_answer(draw) -> bytes:
    """Either the JSON answer damaged as bytes, or a damaged CSV inside a well-formed answer."""
    if draw(st.booleans()):
        return draw(mutated([API_JSON]))
    inner = draw(mutated([API_CSV]))
    return json.dumps({"bytes": base64.b64encode(inner).decode()}).encode()


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
@given(mutated(REGISTER))
def test_fuzz_parse_register(data: bytes) -> None:
    run(parse.parse_register, data, check_register)


@FUZZ
@given(st.one_of(mutated_api_answer(), mutated([API_CSV])))
def test_fuzz_parse_delivery_years(data: bytes) -> None:
    run(parse.parse_delivery_years, data, check_delivery_years)


@FUZZ
@given(mutated_api_answer())
def test_fuzz_decode_api_response(data: bytes) -> None:
    run(parse.decode_api_response, data, lambda b: isinstance(b, bytes))


@FUZZ
@given(mutated(ALL_CSV))
def test_fuzz_parse_dispatch(data: bytes) -> None:
    """parse.parse sniffs the layout first: mutations can make one layout look like another."""
    run(parse.parse, data, check_any)


@settings(FUZZ, max_examples=RANDOM_EXAMPLES)
@given(st.one_of(st.binary(max_size=3000),
                 st.text(alphabet=',"?;\n\r 0123456789TotalRecipient', max_size=2000).map(str.encode)))
def test_fuzz_random_bytes(data: bytes) -> None:
    for fn in (parse.parse_tiv_legacy, parse.parse_tiv_new, parse.parse_register,
               parse.parse_delivery_years):
        run(fn, data, lambda r: None)
    run(parse.parse, data, check_any)


def _outcome(fn, data: bytes):
    """What a parser makes of *data*: its frame, or the class and message of its error."""
    try:
        return fn(data, "fuzz.csv")
    except ArmsDataError as exc:
        return type(exc), str(exc)


@FUZZ
@given(st.one_of(mutated(REGISTER), mutated([API_CSV])), st.sampled_from(["\n", "\r\n"]))
def test_fuzz_fast_and_csv_module_readers_agree(data: bytes, eol: str) -> None:
    """parse.py reads register bodies with pandas' C tokenizer where it is exact and with
    csv.reader elsewhere: on any input both must give the same frame or the same error."""
    data = data.replace(b"\r\n", b"\n").replace(b"\n", eol.encode())
    fn = parse.parse_delivery_years if data.startswith(API_CSV[:40]) else parse.parse_register
    fast = _outcome(fn, data)
    try:
        parse.FAST_READER = False
        slow = _outcome(fn, data)
    finally:
        parse.FAST_READER = True
    if isinstance(slow, tuple):
        assert fast == slow
    else:
        assert isinstance(fast, pd.DataFrame), fast
        pd.testing.assert_frame_equal(fast, slow)
        assert fast.attrs == slow.attrs
