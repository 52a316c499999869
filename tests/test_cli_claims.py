"""`armsdata claims` and `armsdata check` through the real entry point."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from dataclasses import MISSING

import pandas as pd

import pytest

from conftest import TEST_DATA

from armsdata import claims, cli
from armsdata.claims import formats

DATA = TEST_DATA / "claims"
KEYS = {"id", "check", "value", "low", "high", "unit", "verdict", "edition", "basis",
        "explanation", "range_kind", "assumptions", "reason", "summary", "quote", "error"}


def test_claims_json_has_every_claim_with_range_kind_and_assumptions(capsys):
    assert cli.main(["claims", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [c.id for c in claims.load_claims()]
    for r in rows:
        assert KEYS <= set(r)
        assert r["verdict"] in claims.VERDICTS and r["range_kind"] in claims.RANGE_KINDS
    tonnage = next(r for r in rows if r["id"] == "cargo-tonnage")
    assert {a["name"] for a in tonnage["assumptions"]} == {"number of flights in the window",
                                                            "type of every flight"}
    assert not any(a["confirmed"] for a in tonnage["assumptions"])
    share = next(r for r in rows if r["id"] == "russia-share-2011-2020")   # "at least 94"
    assert (share["claim_low"], share["claim_high"]) == (94, "Infinity")   # docs/claims.md


def test_numbers_stay_numbers_until_the_json_output():
    fields = {f.name: "" for f in dataclasses.fields(claims.ClaimResult) if f.default is MISSING}
    r = claims.ClaimResult(**{**fields, "quantity": 1, "claim_low": 1.0, "claim_high": math.inf,
                              "value": math.nan, "low": -math.inf, "high": 2.0, "evidence": [],
                              "assumptions": [], "judgements": [], "estimates": []})
    d = r.to_dict()
    assert d["claim_high"] == math.inf and d["low"] == -math.inf and math.isnan(d["value"])
    (row,) = json.loads(claims.format_results([r], "json"))
    assert (row["claim_low"], row["claim_high"]) == (1.0, "Infinity")
    assert (row["value"], row["low"], row["high"]) == (None, None, 2.0)   # no finite value: null


def test_check_evaluates_a_users_file_on_its_edition(capsys):
    assert cli.main(["check", str(DATA / "example.yaml"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == ["armenia-imports-change", "russia-share-azerbaijan"]
    assert {r["edition"] for r in rows} == {"2022-04-22"}


def test_a_broken_claim_is_listed_with_its_reason_and_the_others_are_still_evaluated(capsys):
    assert cli.main(["check", str(DATA / "broken" / "unknown-check.yaml")]) == 1
    out, err = capsys.readouterr()
    assert "good: not-supported" in out or "good: supported" in out
    assert "bad: not-checkable" in out
    assert "line 16" in err and "sipri-magic" in err


def test_a_file_that_is_not_a_claims_file_exits_2(capsys):
    assert cli.main(["check", str(DATA / "broken" / "not-yaml.yaml")]) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_a_window_the_edition_does_not_cover_makes_the_claim_not_checkable(tmp_path, capsys):
    p = tmp_path / "c.yaml"
    p.write_text("""claims:
  - id: kazakhstan
    quote: "Russia supplied 99 per cent of Kazakhstan's arms imports in 2020-24"
    quantity: 99
    unit: per cent
    comparator: about
    window: {start: 2020, end: 2024}
    check: sipri-share
    evidence: {recipient: Kazakhstan, supplier: Russia}
""", encoding="utf-8")
    assert cli.main(["check", str(p), "--edition", "2022-04-22", "--format", "json"]) == 1
    row = json.loads(capsys.readouterr().out)[0]
    assert row["verdict"] == "not-checkable"
    assert "1950-2021" in row["error"] and "2022-04-22" in row["error"]


HOSTILE = """claims:
  - id: hostile
    quote: "=HYPERLINK(\\"http://evil\\") <script>alert(1)</script> | *bold* [x](javascript:y)"
    summary: "<img src=x onerror=alert(2)>"
    quantity: 90
    unit: per cent
    comparator: at-least
    window: {start: 2011, end: 2020}
    check: sipri-share
    evidence: {recipient: Armenia, supplier: Russia}
"""


def test_strings_from_a_claims_file_are_escaped_in_every_format(tmp_path, capsys):
    p = tmp_path / "hostile.yaml"
    p.write_text(HOSTILE, encoding="utf-8")
    page = tmp_path / "out.html"
    assert cli.main(["check", str(p), "--format", "csv", "--edition", "2022-04-22",
                     "--html", str(page)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["quote"].startswith("'=HYPERLINK")      # a spreadsheet shows it as text
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html
    assert cli.main(["check", str(p), "--format", "markdown", "--edition", "2022-04-22"]) == 0
    md = capsys.readouterr().out
    assert "\\<script\\>" in md and "\\|" in md and "\\*bold\\*" in md and "\\[x\\]" in md


def test_the_texts_date_picks_the_release_that_judges_and_the_others_are_revisions(capsys):
    assert cli.main(["claims", "--format", "json", "--date", "2022-05-01"]) in (0, 1)
    share = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == "russia-share-2011-2020")
    assert (share["release"], share["release_mode"], share["text_date"]) == (2022, "date", "2022-05-01")
    assert share["date_source"] == "--date"
    assert 2024 in [v["release"] for v in share["revisions"]]
    # a date whose release is not here: a later one speaks for it, and never contradicts
    cli.main(["claims", "--format", "json", "--date", "2021-06-01"])
    share = next(r for r in json.loads(capsys.readouterr().out) if r["id"] == "russia-share-2011-2020")
    assert share["release_mode"] == "later" and share["verdict"] != "contradicted"


def test_a_date_that_is_not_one_is_refused_by_name(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["claims", "--date", "March 2022"])
    assert exc.value.code == 2
    assert "'March 2022' is not a date; give YYYY-MM-DD" in capsys.readouterr().err


def test_markdown_tables_keep_text_from_data_as_text(capsys):
    """The CLI's tables (``--format markdown``) escape every text cell as the claims' do."""
    frame = pd.DataFrame({"supplier": ["a | b", "x\ny", "<script>alert(1)</script>", "*bold*"],
                          "share": [94.213, float("nan"), 1.0, -4.6]})
    cli._print_frame(frame, "markdown")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + 4                      # header, rule, a line per row: none broken
    assert all(re.sub(r"\\\|", "", line).count("|") == 3 for line in lines)   # two columns
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]
    assert cells == [["a \\| b", "94.21"], ["x y", "nan"],
                     ["\\<script\\>alert(1)\\</script\\>", "1.00"], ["\\*bold\\*", "-4.60"]]


def test_markdown_escapes_a_list_marker_where_markdown_reads_the_escape():
    # a backslash before a digit shows as a backslash: the escape goes before the dot
    assert formats.md_escape("60.1 per cent") == "60\\.1 per cent"
    assert formats.md_escape("# 3. x") == "\\# 3. x"
    assert formats.md_escape("2022-04-22") == "2022-04-22"


def test_every_command_has_help_text():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        assert p.description or p.format_help(), name
    helps = {a.dest: a.help for a in sub._choices_actions}
    assert all(helps.values()), helps
