"""`armsdata extract` and `armsdata check` on a text, through the real entry point; the text page
(escaped, looked at in headless Chromium); the article's checked sentences end to end.

The article is the one under test (Robert M. Cutler, opinion article on Armenia's dependence on
Russia); the project quotes only its checked sentences, here in ``ARTICLE``.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from armsdata import cli, extract
from armsdata.report import text_page
from armsdata.claims import schema

#: The article's checked sentences (Robert M. Cutler; tests/data/extract/article-checked.yaml):
#: its SIPRI figure, the sentence that sets its years, and the figures the curated ledgers check.
ARTICLE = "\n\n".join(yaml.safe_load(
    (ROOT / "tests" / "data" / "extract" / "article-checked.yaml").read_text("utf-8"))
    ["paragraphs"]) + "\n"
#: What src/armsdata/data/claims.yaml states for the 94 % claim (the fields the extractor fills).
CLAIMS_94 = {"check": "sipri-share", "quantity": 94, "comparator": "at-least",
             "window": {"start": 2011, "end": 2020},
             "evidence": {"recipient": "Armenia", "supplier": "Russia"}}

XSS = "<script>window.__xss=1;alert('x')</script>"


@pytest.fixture
def article(tmp_path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def _as_in_claims_yaml(c: dict) -> dict:
    return {k: c[k] for k in CLAIMS_94}


def test_the_94_claim_is_formalised_as_claims_yaml_does(article):
    shipped = next(c for c in schema.load_claims() if c.id == "russia-share-2011-2020")
    assert (shipped.check, shipped.quantity, shipped.comparator, shipped.window.years(),
            shipped.evidence["recipient"], shipped.evidence["supplier"]) == (
        CLAIMS_94["check"], CLAIMS_94["quantity"], CLAIMS_94["comparator"], (2011, 2020),
        "Armenia", "Russia")
    x = extract.extract_file(article)
    assert [_as_in_claims_yaml(c) for c in x.claims] == [CLAIMS_94]
    assert "the decade" in x.claims[0]["window_note"] and "2011 to 2020" in x.claims[0]["window_note"]
    kinds = {n["figure"]: n["kind"] for n in x.not_sipri}
    assert kinds["510 tonnes"] == "mass" and kinds["$300 million"] == "money"
    assert kinds["nine Russian flights delivering"] == "flights"
    assert all("ledgers" in n["why"] for n in x.not_sipri
               if n["kind"] in ("mass", "money", "flights"))


def test_the_articles_checked_sentences_end_to_end(article, capsys):
    """`armsdata check` on the article's checked sentences: one SIPRI claim, the 94 % one, and
    no claim made from its other numbers (a treaty's year, soldiers, kilometres, deaths, a
    base's age); the tonnes, the loans and the flights listed as not SIPRI transfer figures."""
    assert cli.main(["check", str(article), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert len(rows) == 1 and rows[0]["check"] == "sipri-share" and rows[0]["quantity"] == 94
    assert "date: unknown" in err
    x = extract.extract_file(article)
    assert [_as_in_claims_yaml(c) for c in x.claims] == [CLAIMS_94]
    figures = " ".join(n["figure"] for n in x.not_sipri)
    for figure in ("510 tonnes", "$300 million", "flights"):
        assert figure in figures


def test_extract_writes_a_claims_file_check_runs_unchanged(article, tmp_path, capsys):
    out = tmp_path / "draft.yaml"
    assert cli.main(["extract", str(article), "--output", str(out)]) == 0
    assert "1 claims" in capsys.readouterr().err
    doc = yaml.safe_load(out.read_text("utf-8"))
    assert {"claims", "candidates", "not_sipri", "source", "title"} <= set(doc) and "date" not in doc
    assert cli.main(["check", str(out), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [c["id"] for c in doc["claims"]]


def test_extract_json_and_standard_input(article, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(article.read_bytes())))
    assert cli.main(["extract", "-", "--format", "json", "--date", "2021-04-01"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert list(d) == ["date", "claims", "candidates", "not_sipri"] and d["date"] == "2021-04-01"


def test_check_on_a_text_prints_the_table_and_keeps_the_draft(article, tmp_path, capsys):
    draft = tmp_path / "kept.yaml"
    assert cli.main(["check", str(article), "--claims-out", str(draft)]) == 0
    out, err = capsys.readouterr()
    assert "date: unknown" in out and "1 claims" in out
    assert re.search(r"c01-share-russia: (supported|inconclusive|not-supported|contradicted|"
                     r"supported-with-caveat)", out)
    assert schema.load(draft).claims[0].check == "sipri-share"


def test_check_options_for_texts_are_refused_for_claims_files(capsys):
    f = ROOT / "tests" / "data" / "claims" / "example.yaml"
    assert cli.main(["check", str(f), "--claims-out", "x.yaml"]) == 2
    assert "for a text" in capsys.readouterr().err


@pytest.mark.parametrize("content, error", [
    (b"%PDF-1.4 broken", "UnreadableFileError"), (bytes(range(0x80, 0x100)) * 40, "Error")])
def test_unreadable_texts_end_with_a_named_error_and_exit_2(tmp_path, capsys, content, error):
    p = tmp_path / ("x.pdf" if content.startswith(b"%PDF") else "x.txt")
    p.write_bytes(content)
    assert cli.main(["extract", str(p)]) == 2
    assert error in capsys.readouterr().err


def test_a_bad_date_is_named(article, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["extract", str(article), "--date", "March 2021"])
    assert exc.value.code == 2 and "YYYY-MM-DD" in capsys.readouterr().err


def test_every_command_has_help():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sub.choices["extract"].description and sub.choices["check"].description


# --------------------------------------------------------------------------------------------
# the text page
# --------------------------------------------------------------------------------------------

HOSTILE = (f"Russia accounted for at least 94 per cent of Armenia's arms imports in 2011-20. "
           f"{XSS} Azerbaijan bought 60 per cent {XSS} of weapons from Atlantis\"><b>x</b>. "
           "Over 510 tonnes of cargo were flown in.\n")


@pytest.fixture
def page(tmp_path) -> Path:
    p = tmp_path / "hostile.txt"
    p.write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "page.html"
    assert cli.main(["check", str(p), "--html", str(out), "--date", "2021-04-01"]) in (0, 1)
    return out


def test_the_page_escapes_every_string_from_the_text(page):
    html = page.read_text("utf-8")
    assert XSS not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;window.__xss=1" in html
    assert 'data-kind="claim"' in html and 'data-kind="candidate"' in html
    assert 'data-kind="not-sipri"' in html


def test_the_page_marks_figures_with_colour_symbol_and_a_note(page):
    from armsdata import plots

    html = page.read_text("utf-8")
    mark = re.search(r'<span class="fig verdict-([a-z-]+)" id="mark-1"[^>]*title="([^"]+)">'
                     r'<span class="fig-glyph" aria-hidden="true">(.)</span>at least 94 per cent'
                     r'<sup><a href="#note-1">1</a></sup>', html)
    assert mark, html[:3000]
    verdict = mark.group(1)
    assert mark.group(3) == plots.VERDICT_STYLES[verdict].glyph
    assert 'id="note-1"' in html and "found, not read" in html


def test_segments_keep_the_text_and_share_a_span():
    marks = [{"start": 0, "end": 3, "n": 1}, {"start": 0, "end": 3, "n": 2},
             {"start": 2, "end": 5, "n": 3}, {"start": 6, "end": 8, "n": 4}]
    segs = text_page.segments("abcdefghij", marks)
    assert "".join(s["text"] for s in segs) == "abcdefghij"
    assert [len(s["marks"]) for s in segs] == [2, 0, 1, 0]


@pytest.mark.browser
def test_the_page_in_headless_chromium(page, browser, tmp_path):
    with browser.open(page.as_uri()) as tab:
        assert tab.problems() == []
        assert tab.evaluate("window.__xss === undefined")
        n = tab.evaluate("document.querySelectorAll('.fig[data-kind=claim]').length")
        assert n >= 1
        title = tab.evaluate("document.querySelector('#mark-1').title")
        assert title and ":" in title
        # each mark's words in its verdict's own text colour (white on the dark fills), as in
        # the legend's badges: the marked figure must stay readable
        pairs = tab.evaluate(
            "[...document.querySelectorAll('.fig[data-kind=claim]')].map(m => {"
            " const b = document.createElement('span'); b.className = 'verdict verdict-' +"
            " m.dataset.verdict; document.body.appendChild(b);"
            " const r = [getComputedStyle(m).color, getComputedStyle(b).color,"
            " getComputedStyle(m).backgroundColor, getComputedStyle(b).backgroundColor];"
            " b.remove(); return r; })")
        assert pairs and all(m == b and mb == bb for m, b, mb, bb in pairs), pairs
        tab.screenshot(tmp_path / "page.png")


def test_check_on_a_text_names_where_its_date_came_from(tmp_path, capsys):
    """`armsdata check TEXT --date D`: each result says its date came from --date, not from
    'the claims file' (the draft armsdata writes in between is not the user's file)."""
    import json

    txt = tmp_path / "t.txt"
    # made up for the test: one share in the shape SIPRI's figures are quoted in
    txt.write_text("Russia accounted for 94 per cent of Armenia's arms imports in 2011-2020, "
                   "according to SIPRI.\n", encoding="utf-8")
    cli.main(["check", str(txt), "--date", "2022-06-15", "--format", "json"])
    (result,) = json.loads(capsys.readouterr().out)
    assert result["text_date"] == "2022-06-15" and result["release"] == 2022
    assert "--date" in result["date_source"] and "claims file" not in result["date_source"]
