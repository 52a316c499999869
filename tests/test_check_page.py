"""The check page (``armsdata check FILE --html``, and the text page of ``check TEXT --html``):
every SIPRI claim's release of record and its revision rows in view, the release of every data
edition, an even split's point labelled an estimate, text from data escaped.

Expected numbers are worked out by hand from the shipped files (as tests/test_report_drift.py and
the hostile review of issue 18 did), then written as the page writes them:

* 2024 release, ``sipri-delivery-years-2024-04``: Russia 373.2 of Armenia's 397.6 TIV in
  2011-2020 (Jordan 20.8, Ukraine 3.6), 93.863 %; each per-year value printed to two decimals
  keeps the bounds within about 0.005 of it (93.8586-93.8678): rounded outward to one decimal,
  "93.8–93.9 %"; below 94 everywhere, so "at least 94 per cent" is contradicted there.
* 2022 release, ``sipri-tiv-2022-04-22/imports/ARM.csv``: cells, yearly totals and the total row
  together allow 93.6948-93.9925 % (the review's LP): below 94, contradicted.  One decimal would
  round the high to 94.0, on the claim's edge, and two to 94.00; three keep it apart: 93.993, and
  the low with as many decimals, 93.694.
* 2025 release, ``sipri-trade-register-2025-03-13``: the classic register alone.  Its even split
  puts half of Ukraine's 7.2 TIV of L-39Cs (2010-2011) in 2011: 373.2 / (373.2 + 20.8 + 3.6) =
  93.86 %, an estimate; any split allows 93.0164-94.7240 %, rounded outward "93.0–94.8 %".  The
  article has no date, so this newest release that answers judges it.
* An export belongs to the release in force on its generated date (``releases.csv``): SIPRI
  published its 2025 release on 10 March 2025, so the recording generated 2025-02-10 is of the
  2024 release.
"""

from __future__ import annotations

import re

import pytest

from armsdata import cli
from armsdata.claims import display
from armsdata.report import index
from armsdata.report.provenance import Edition, Provenance
from conftest import PACKAGE_DATA, ROOT

ARTICLE = PACKAGE_DATA / "claims.yaml"
FACT_SHEET = ROOT / "examples" / "sipri-fact-sheet-2022-03.yaml"
SHARE = "russia-share-2011-2020"

# Payloads that would run if any text from data reached the page unescaped (as in
# tests/test_report.py).
XSS_SCRIPT = "<script>window.__xss=1;alert('xss-script')</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss=2;alert('xss-img')\">"
XSS_ATTR = "\"><svg onload=\"window.__xss=3;alert('xss-attr')\">"


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> str:
    """The check page of the article's claims file, as `armsdata check --html` writes it."""
    out = tmp_path_factory.mktemp("check") / "article.html"
    assert cli.main(["check", str(ARTICLE), "--html", str(out)]) in (0, 1)
    return out.read_text(encoding="utf-8")


def in_view(page: str) -> str:
    """The page's body without what a disclosure control hides (every ``<details>`` element)."""
    body = page.split("<body", 1)[1]
    return re.sub(r"<details\b.*?</details>", "", body, flags=re.S)


def text(markup: str) -> str:
    """What a reader sees of *markup*: the tags dropped, entities read, spaces folded."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def release_rows(page: str, cid: str) -> dict[int, dict]:
    """The rows of the releases table under claim *cid*: release → record?, verdict, its text."""
    block = page.split(f'<tr class="claim-releases" data-claim-id="{cid}">')[1]
    block = block.split("</table>")[0]
    found = re.findall(r'<tr class="release( release-record)?" data-release="(\d+)" '
                       r'data-verdict="([^"]+)">(.*?)</tr>', block, re.S)
    return {int(rel): {"record": bool(rec), "verdict": verdict, "text": text(body)}
            for rec, rel, verdict, body in found}


# ------------------------------------------------------------------------------------------------
# Revision rows, in view
# ------------------------------------------------------------------------------------------------

def test_the_headline_claims_revisions_are_in_view_with_their_verdicts(article):
    rows = release_rows(in_view(article), SHARE)
    assert sorted(rows) == [2022, 2024, 2025]
    # the date is unknown: the newest release that answers judges, the others are revisions
    assert [r for r in rows if rows[r]["record"]] == [2025]
    for rel in (2024, 2022):
        assert rows[rel]["verdict"] == "contradicted"
        assert "revision" in rows[rel]["text"]
        assert "\u2717 contradicted" in rows[rel]["text"]          # glyph and word, not colour
    assert "93.8–93.9 %" in rows[2024]["text"] and "2024-04-16 (per-year)" in rows[2024]["text"]
    assert "93.694–93.993 %" in rows[2022]["text"] and "2022-04-22 (total, rows)" in rows[2022]["text"]
    assert rows[2025]["verdict"] == "inconclusive" and "93.0–94.8 %" in rows[2025]["text"]
    record = in_view(article).split(f'data-claim-id="{SHARE}">')[1].split("</p>")[0]
    assert "Judged on SIPRI's 2025 release" in text(record)
    assert "the text's date is unknown" in text(record)


def test_every_sipri_claim_lists_every_release_that_answers_it(article, capsys):
    """Cross-checked with the JSON output of the same claims file: one row per release, in view,
    with the verdict the engine gives there."""
    import json

    cli.main(["check", str(ARTICLE), "--format", "json"])
    results = json.loads(capsys.readouterr().out)
    shown = in_view(article)
    sipri = [r for r in results if r["release"] is not None]
    assert sipri, "the article has SIPRI claims"
    for r in sipri:
        want = {r["release"]: r["verdict"], **{v["release"]: v["verdict"] for v in r["revisions"]}}
        rows = release_rows(shown, r["id"])
        assert {rel: row["verdict"] for rel, row in rows.items()} == want, r["id"]
    for r in results:
        if r["release"] is None:   # a ledger claim: no release table
            assert f'<tr class="claim-releases" data-claim-id="{r["id"]}">' not in article


def test_the_editions_table_names_each_editions_release(article):
    table = article.split('<table class="ad-table" id="editions">')[1].split("</table>")[0]
    assert "<th>SIPRI release</th>" in table

    def row(name: str) -> str:
        return table.split(f"<td>{name}</td>")[1].split("</tr>")[0]

    assert '<td class="release">2022 release</td>' in row("sipri-tiv-2022-04-22")
    assert '<td class="release">2024 release</td>' in row("sipri-api-recording-2025-02-10")
    assert '<td class="release">2025 release</td>' in row("sipri-trade-register-2025-03-13")
    assert '<td class="release">–</td>' in row("curated")              # not a SIPRI edition


def test_the_figure_names_releases_and_draws_every_release(article):
    import base64
    import html

    img = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"',
                    article.split('id="claims-figure"')[1])
    alt = html.unescape(img.group(2))
    assert ("inconclusive on the 2025 release (decides); contradicted on the 2024 release, "
            "contradicted on the 2022 release") in alt
    svg = base64.b64decode(img.group(1)).decode()
    for rel in (2024, 2022):     # a thin line for each revision of the headline claim
        assert f'id="revision:{rel}' in svg


# ------------------------------------------------------------------------------------------------
# An even split's point is an estimate
# ------------------------------------------------------------------------------------------------

def test_an_even_split_point_is_labelled_an_estimate_on_the_page(article):
    row = in_view(article).split(f'data-claim-id="{SHARE}" data-verdict=')[1].split("</tr>")[0]
    figure = re.search(r'<span class="figure-value">([^<]*)</span>', row).group(1)
    assert figure == "93.0–94.8 %"                      # the bounds lead, not the point
    assert "even-split estimate 93.86 %" in text(row)
    rows = release_rows(in_view(article), SHARE)
    assert "93.86 % (estimate: even split)" in rows[2025]["text"]
    assert "93.86 % (SIPRI's per-year values)" in rows[2024]["text"]   # SIPRI's own: no estimate


def test_an_even_split_point_is_labelled_an_estimate_in_markdown_and_text(capsys):
    cli.main(["check", str(ARTICLE), "--format", "markdown"])
    md = capsys.readouterr().out
    line = next(ln for ln in md.splitlines() if ln.startswith("| Russia at least 94 %"))
    evidence = line.split("|")[3].strip()
    assert evidence.startswith("93\\.01 to 94.73 per cent (bound")
    assert "even-split estimate 93.86 per cent" in evidence
    cli.main(["check", str(ARTICLE)])
    out = capsys.readouterr().out
    block = out.split(f"{SHARE}: ")[1].split("\n\n")[0]
    assert "evidence: 93.01 to 94.73 per cent (bound; even-split estimate 93.86 per cent)" in block


# The article has no date: its shares are judged on the 2025 release, whose only table is the
# classic register (an even split); the fact sheet's claims are dated March 2022 and judged on
# the 2022 release's TIV tables, where no point is an even split's.
@pytest.mark.parametrize("path, some", [(ARTICLE, True), (FACT_SHEET, False)],
                         ids=["article", "fact-sheet"])
def test_no_output_leads_with_an_even_split_point(path, some, capsys):
    """A property over every claim of both files: wherever the point is an even split's, the
    Markdown evidence and the page's key figure lead with the bounds and say 'estimate'; nowhere
    else do they say it."""
    import json

    cli.main(["check", str(path), "--format", "json"])
    results = json.loads(capsys.readouterr().out)
    cli.main(["check", str(path), "--format", "markdown"])
    table = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("| ")][1:]
    assert len(table) == len(results)
    estimates = 0
    for r, line in zip(results, table):
        evidence = line.split("|")[3]
        figure, detail = display.key_figure(index.claim_row(
            {**r, "claim_low": float(r["claim_low"]), "claim_high": float(r["claim_high"])}))
        if display.is_estimate(r):
            estimates += 1
            assert display.ESTIMATE_WORDS in evidence and display.ESTIMATE_WORDS in detail, r["id"]
            assert "–" in figure, (r["id"], figure)            # a range, never the point
        else:
            assert display.ESTIMATE_WORDS not in evidence + detail, r["id"]
    assert bool(estimates) == some


# ------------------------------------------------------------------------------------------------
# Escaping
# ------------------------------------------------------------------------------------------------

def test_text_from_data_in_the_release_rows_is_escaped():
    row = index.claim_row({
        "id": "hostile", "quote": XSS_SCRIPT, "check": "sipri-share", "comparator": "at-least",
        "unit": "per cent", "summary": XSS_SCRIPT, "claimed": "", "quantity": 94,
        "claim_low": 94.0, "claim_high": float("inf"), "value": 93.9, "low": 93.0, "high": 94.8,
        "range_kind": "bound", "verdict": "inconclusive", "reason": XSS_IMG,
        "explanation": "", "evidence": [], "assumptions": [], "edition": XSS_SCRIPT,
        "basis": XSS_IMG, "notebook": None, "release": 2025, "release_mode": XSS_ATTR,
        "text_date": "", "date_source": XSS_IMG, "point_from": XSS_IMG,
        "revisions": [{"release": 2024, "editions": [XSS_SCRIPT], "bases": [XSS_IMG],
                       "value": 93.86, "low": 93.85, "high": 93.87, "verdict": XSS_ATTR,
                       "point_from": XSS_SCRIPT}]})
    prov = Provenance(editions=(Edition(XSS_SCRIPT, XSS_IMG, "tiv", 1, "0" * 64, 0, XSS_ATTR),),
                      version="0", commit="unknown", built="2026-01-01T00:00:00Z")
    for standalone in (True, False):     # the check page, and the report's index
        page = index.render_index([row], [], prov, title="t", standalone=standalone)
        for payload in (XSS_SCRIPT, XSS_IMG, XSS_ATTR):
            assert payload not in page
        block = page.split('<tr class="claim-releases" data-claim-id="hostile">')[1]
        block = block.split("</table>")[0]
        assert block.count("&lt;script&gt;window.__xss=1") >= 2     # the summary, an edition
        assert "&lt;img src=x onerror=" in block                     # a basis
        assert 'data-verdict="&#34;&gt;&lt;svg onload=' in block     # a verdict, in its attribute
        assert 'class="verdict verdict-svg-onload-window-xss-3-alert-xss-attr"' in block
        editions = page.split('<table class="ad-table" id="editions">')[1].split("</table>")[0]
        assert '<td class="release">&#34;&gt;&lt;svg onload=' in editions


# ------------------------------------------------------------------------------------------------
# The text page and a phone
# ------------------------------------------------------------------------------------------------

def test_the_text_page_shows_each_claims_releases(tmp_path, capsys):
    import json

    txt = tmp_path / "t.txt"
    # made up for the test: one share in the shape SIPRI's figures are quoted in
    txt.write_text("Russia accounted for 94 per cent of Armenia's arms imports in 2011-2020, "
                   "according to SIPRI.\n", encoding="utf-8")
    page = tmp_path / "t.html"
    cli.main(["check", str(txt), "--date", "2022-06-15", "--format", "json", "--html", str(page)])
    (result,) = json.loads(capsys.readouterr().out)
    rows = release_rows(in_view(page.read_text(encoding="utf-8")), result["id"])
    assert {r for r in rows if rows[r]["record"]} == {2022} == {result["release"]}
    assert {r: v["verdict"] for r, v in rows.items()} == {
        result["release"]: result["verdict"], **{v["release"]: v["verdict"]
                                                 for v in result["revisions"]}}
    record = page.read_text(encoding="utf-8").split("Judged on SIPRI's 2022 release")[1]
    assert "in force on 2022-06-15, the text's date" in text(record.split("</p>")[0])


@pytest.mark.browser
def test_the_check_page_fits_a_phone_and_shows_the_releases(article, browser, tmp_path):
    page_path = tmp_path / "article.html"
    page_path.write_text(article, encoding="utf-8")
    with browser.open(page_path.as_uri(), width=400) as page:
        assert page.problems() == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        counts = page.evaluate(
            "(() => { const rows = [...document.querySelectorAll('tr.claim-releases tr.release')];"
            " return [rows.length, rows.filter(r => r.getBoundingClientRect().height > 0"
            " && !r.closest('details')).length]; })()")
        assert counts[0] > 0 and counts[0] == counts[1]
        # the headline claim's revisions: in view, with their verdict in words
        shown = page.evaluate(
            f"[...document.querySelectorAll('tr.claim-releases[data-claim-id=\"{SHARE}\"] "
            "tr.release')].map(r => r.innerText.replace(/\\s+/g, ' '))")
        assert sum("contradicted" in s for s in shown) == 2
