"""Claims files are untrusted input: a corpus of broken files, each with its named error.

Every file in ``tests/data/claims/broken/`` is listed in ``cases.csv`` with the error class and
a regex of its message (file, claim id and line included).  A *fatal* problem makes the whole
file unusable; any other leaves the file's good claims loaded and lists the bad one.
"""

from __future__ import annotations

import datetime as dt

import csv
import re
from pathlib import Path

import pytest
from conftest import TEST_DATA

from armsdata import claims
from armsdata.claims import schema
from armsdata.errors import ClaimFileError

DATA = TEST_DATA / "claims"
BROKEN = DATA / "broken"
CASES = list(csv.DictReader(open(BROKEN / "cases.csv", encoding="utf-8")))


def test_every_broken_file_has_a_case_and_every_case_a_file():
    files = {p.name for p in BROKEN.glob("*.yaml")}
    assert files == {c["file"] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["file"])
def test_broken_claims_file_gives_a_named_error_with_file_claim_and_line(case):
    path = BROKEN / case["file"]
    if case["fatal"] == "yes":
        with pytest.raises(ClaimFileError, match=case["message"]) as info:
            claims.load(path)
        assert str(path) in str(info.value)
        return
    cf = claims.load(path)
    assert [c.id for c in cf.claims] == ["good"], "the good claim is still loaded"
    assert len(cf.problems) == 1
    cid, exc = cf.problems[0]
    assert cid == case["claim"]
    assert type(exc).__name__ == case["error"]
    assert re.search(case["message"], str(exc)), str(exc)
    assert str(path) in str(exc)
    with pytest.raises(ClaimFileError, match=case["message"]):
        claims.load_claims(path)


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_text("claims: []\n" + "#" * (schema.MAX_FILE_BYTES + 1), encoding="utf-8")
    with pytest.raises(ClaimFileError, match="at most 1,000,000"):
        claims.load(p)


def test_yaml_object_construction_is_refused(tmp_path):
    p = tmp_path / "evil.yaml"
    p.write_text("claims:\n  - !!python/object/apply:os.system ['echo owned']\n", encoding="utf-8")
    with pytest.raises(ClaimFileError, match="not valid YAML"):
        claims.load(p)


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ClaimFileError, match="no such claims file"):
        claims.load(tmp_path / "nope.yaml")


def test_the_shipped_claims_and_the_worked_example_load_without_problems():
    shipped = claims.load()
    assert not shipped.problems and len(shipped.claims) >= 13
    example = claims.load(DATA / "example.yaml")
    assert not example.problems
    assert example.edition is None and example.date == dt.date(2022, 5, 10)
    assert [c.check for c in example.claims] == ["sipri-change", "sipri-share"]


@pytest.mark.parametrize("top, source, expected", [
    ("date: 2022-03-14\n", "", dt.date(2022, 3, 14)),
    ("date: '2022-03-14'\n", "", dt.date(2022, 3, 14)),
    # a month fixes no day: no date, the month kept as written (the release in force throughout
    # that month decides where there is one: tests/test_release_properties.py)
    ("", "    source: {title: t, date: 2021-07}\n", None),
])
def test_a_texts_date_is_read_from_the_file_or_a_claims_source(tmp_path, top, source, expected):
    p = tmp_path / "d.yaml"
    p.write_text(top + "claims:\n  - id: a\n    quote: q\n    quantity: 1\n    unit: t\n"
                 "    comparator: equals\n    check: cited-fact\n    evidence: {fact: f}\n" + source,
                 encoding="utf-8")
    cf = claims.load(p)
    assert (cf.date if top else cf.claims[0].date) == expected
    if not top:
        assert cf.claims[0].date_text == "2021-07"


def test_a_date_that_is_not_one_names_the_file_and_what_to_write(tmp_path):
    p = tmp_path / "d.yaml"
    p.write_text("date: March 2022\nclaims: []\n", encoding="utf-8")
    with pytest.raises(claims.ClaimFileError, match="top-level 'date'.*YYYY-MM-DD"):
        claims.load(p)


def test_the_shipped_file_states_no_result_or_verdict():
    text = (Path(claims.__file__).parent.parent / "data" / "claims.yaml").read_text("utf-8")
    keys = set(re.findall(r"^\s*-?\s*([a-z_]+):", text, flags=re.MULTILINE))
    assert not keys & {"expected", "verdict", "result", "value", "answer", "computed"}


def test_the_written_number_is_kept_for_its_precision(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("""claims:
  - id: a
    quote: "about 8.20 per cent"
    quantity: 8.20
    unit: per cent
    comparator: about
    window: {start: 2016, end: 2020}
    check: sipri-import-share
    evidence: {recipient: India}
""", encoding="utf-8")
    c = claims.load_claims(p)[0]
    assert c.written == "8.20"
    r = c.interval()
    assert (r.lo, r.hi) == pytest.approx((8.195, 8.205))
    assert (r.lo_open, r.hi_open) == (False, True)
    assert c.line == 2 and c.file == str(p)
