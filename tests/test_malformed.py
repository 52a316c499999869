"""Every file of the malformed-input corpus ends in a named ArmsDataError that says what and where.

The corpus is tests/data/malformed/ (made by tests/data/make_variants.py, described file by
file in tests/data/README.md); tests/data/malformed/cases.csv says, for each file, which parsers
must refuse it, with which error class, and a regex its message must match (the regexes name
the line, column or field, so a message that loses its "where" fails).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import TEST_DATA, TIV_2022_DIR

from armsdata import errors, parse

DATA = TEST_DATA
MALFORMED = DATA / "malformed"
CASES_FILE = MALFORMED / "cases.csv"
#: SIPRI's real "no data" answers, read where the snapshot keeps them (not copied into the corpus).
NO_DATA_PAGES = sorted((TIV_2022_DIR / "no-data-responses").glob("*.html"))

PARSERS = {
    "tiv_legacy": parse.parse_tiv_legacy,
    "tiv_new": parse.parse_tiv_new,
    "register": parse.parse_register,
    "delivery_years": parse.parse_delivery_years,
    "register_rtf": parse.parse_register_rtf,
    "api": parse.decode_api_response,
    "parse": parse.parse,
    "sniff": parse.sniff,
}

#: Malformed for the parsers cases.csv names, but a valid export of another layout, which the
#: dispatcher reads as such: an API answer holding the deal register, not the per-year one.
VALID_FOR_THE_DISPATCHER = {"api-not-a-register.json": "register"}


def _cases() -> list[dict[str, str]]:
    with CASES_FILE.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


CASES = _cases()
PARAMS = [
    pytest.param(c["file"], p, c["error"], c["match"], id=f"{c['file']}-{p}")
    for c in CASES for p in c["parsers"].split(";")
]


@pytest.mark.parametrize(("name", "parser", "error", "match"), PARAMS)
def test_malformed_input_raises_named_error(name: str, parser: str, error: str, match: str) -> None:
    data = (MALFORMED / name).read_bytes()
    cls = getattr(errors, error)
    assert issubclass(cls, errors.ArmsDataError)
    with pytest.raises(cls) as info:
        PARSERS[parser](data, name)
    message = str(info.value)
    assert message.startswith(f"{name}: "), f"message does not name the file: {message!r}"
    assert re.search(match, message), f"{message!r} does not match {match!r}"


@pytest.mark.parametrize("path", sorted(p for p in MALFORMED.iterdir() if p.name != "cases.csv"),
                         ids=lambda p: p.name)
def test_every_malformed_file_is_refused_by_the_dispatcher(path: Path) -> None:
    """Whatever the bytes, :func:`parse.parse` ends in an ArmsDataError, never another exception
    (unless they are a valid export of another layout, which it then reads as that layout)."""
    if path.name in VALID_FOR_THE_DISPATCHER:
        assert parse.sniff(path.read_bytes()) == VALID_FOR_THE_DISPATCHER[path.name]
        assert len(parse.parse(path.read_bytes(), path.name)) == 11  # the register excerpt's deals
        return
    with pytest.raises(errors.ArmsDataError) as info:
        parse.parse(path.read_bytes(), path.name)
    assert str(info.value).startswith(f"{path.name}: ")


@pytest.mark.parametrize("parser", sorted(PARSERS))
@pytest.mark.parametrize("page", NO_DATA_PAGES, ids=lambda p: p.name)
def test_sipris_no_data_pages_are_no_data_not_parse_errors(page: Path, parser: str) -> None:
    assert len(NO_DATA_PAGES) == 4
    with pytest.raises(errors.NoDataError, match=f"^{page.name}: SIPRI answered with its HTML 'no data' page"):
        PARSERS[parser](page.read_bytes(), page.name)


def test_parse_errors_are_also_value_errors() -> None:
    """Callers that catch ValueError keep working (house style: subclass the matching builtin)."""
    with pytest.raises(ValueError):
        parse.parse_register((MALFORMED / "register-extra-column.csv").read_bytes())
    with pytest.raises(LookupError):
        parse.parse_register(NO_DATA_PAGES[0].read_bytes())


def test_corpus_listing_is_complete() -> None:
    """Every malformed file has a case and a README line; every case names an existing file."""
    files = {p.name for p in MALFORMED.iterdir() if p.name != "cases.csv"}
    listed = {c["file"] for c in CASES}
    assert files == listed, f"unlisted: {sorted(files - listed)}; missing: {sorted(listed - files)}"
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    undocumented = sorted(f for f in files if f"`malformed/{f}`" not in readme)
    assert not undocumented, f"not described in tests/data/README.md: {undocumented}"
    for c in CASES:
        assert set(c["parsers"].split(";")) <= set(PARSERS), c
        re.compile(c["match"])


# Inputs that look malformed but are accepted on purpose (see tests/data/README.md).

def test_latin1_bytes_are_valid_cp1252_and_accepted() -> None:
    """Latin-1 and CP1252 agree on every byte outside 0x80-0x9F, so a register re-encoded as
    Latin-1 decodes to the same text; only the bytes CP1252 leaves undefined are refused."""
    df = parse.parse_register((DATA / "variants" / "register-latin1.csv").read_bytes())
    assert df["recipient"].tolist() == ["C\u00f4te d'Ivoire"]
    for byte in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"):
        bad = (DATA / "variants" / "register-latin1.csv").read_bytes().replace(b"\xf4", byte)
        with pytest.raises(errors.ParseError, match=r"offset \d+, line 13 is not valid cp1252"):
            parse.parse_register(bad, "x.csv")


def test_header_only_register_is_an_empty_table_not_an_error() -> None:
    """SIPRI's answer to a query that matches nothing: no rows, same columns and dtypes."""
    empty = parse.parse_register((DATA / "variants" / "register-header-only.csv").read_bytes())
    full = parse.parse_register((DATA / "sipri" / "register-excerpt.csv").read_bytes())
    assert empty.empty and len(full) == 11
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()


@pytest.mark.parametrize(("excerpt", "row", "parser"), [
    ("tiv-legacy-ARM.csv", b"\nRussia,", parse.parse_tiv_legacy),
    ("tiv-exports-by-supplier-excerpt.csv", b"\nArmenia,", parse.parse_tiv_new),
    ("register-excerpt.csv", b"\nArmenia,India,", parse.parse_register),
])
def test_unclosed_quote_past_the_csv_field_limit(excerpt: str, row: bytes, parser) -> None:
    """An opening quote never closed, then more than csv.field_size_limit() bytes: the csv
    module raises its own csv.Error, which must come out as ParseError (not kept as a file:
    it needs 128 KiB)."""
    data = (DATA / "sipri" / excerpt).read_bytes()
    bad = data.replace(row, row[:1] + b'"' + row[1:], 1) + b"x" * 140_000 + b"\n"
    with pytest.raises(errors.ParseError, match=r"^big\.csv: malformed CSV near line \d+: field larger"):
        parser(bad, "big.csv")
