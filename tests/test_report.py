"""The reviewer report: a static site that opens offline, escapes data, and says what it is built on.

The site is built once per module from two tiny notebooks made here (executed for real, in fresh
kernels) and crafted claim rows, some of them hostile; the tests then read it as files and, marked
``browser``, open every page in headless Chromium with the network unavailable (tests/browser.py).
Chromium missing: the browser tests skip locally, and fail when $CI is set.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import armsdata
from armsdata import claims, report, snapshot
from armsdata.errors import CoverageError, ReportError
from armsdata.report import execute, offline, pages, provenance
from armsdata.claims.display import key_figure
from armsdata.report.index import CLAIM_FIELDS, claim_row, claim_rows, drift_rows
from armsdata.report.site import BUILD_INFO, GENERATOR

# Payloads that would run if any text from data reached the page unescaped.  Each sets
# window.__xss and opens a dialog, so the browser test sees either.
XSS_SCRIPT = "<script>window.__xss=1;alert('xss-script')</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss=2;alert('xss-img')\">"
XSS_ATTR = "\"><svg onload=\"window.__xss=3;alert('xss-attr')\">"

INF = float("inf")


def claim(**fields) -> dict:
    """A claim result as the engine gives it (DESIGN.md "Claims"), from its fields."""
    row = {"quote": "", "check": "sipri-share", "comparator": "at-least", "unit": "per cent",
           "summary": "", "claimed": "", "quantity": None, "claim_low": -INF, "claim_high": INF,
           "value": None, "low": None, "high": None, "range_kind": "bound",
           "verdict": "supported", "reason": "", "explanation": "", "evidence": [],
           "assumptions": [], "edition": "", "basis": "", "notebook": None}
    row.update(fields)
    return row


# Crafted rows, shaped like the article's claims (the numbers are made up for the test; the
# expected strings below are worked out by hand from these inputs).
CLAIMS = [
    claim(id="share-2011-2020", quote="Russia supplied 94% of Armenia's arms imports",
          summary="Russia ≥ 94 % of Armenia's arms imports, 2011–20",
          claimed="at least 94 per cent, 2011–2020", quantity=94, claim_low=94, claim_high=INF,
          value=93.81, low=93.02, high=94.72, range_kind="conditional-bound",
          verdict="not-supported",
          reason="The evidence allows 93.0–94.7 %: at least 94 % is possible but not shown.",
          explanation="SIPRI's TIV table gives 93.8 % for 2011-2020; rounding bounds 92.5-95.0 %.",
          evidence=["TIV table, edition 2022-04-22",
                    "https://www.sipri.org/databases/armstransfers"],
          assumptions=[{"name": "even delivery split", "value": "TIV spread evenly",
                        "confirmed": False, "effect": "bounds instead of a point"},
                       {"name": "rounding", "value": "±0.5 per cell", "confirmed": True,
                        "effect": "none beyond the bounds"}],
          edition="2022-04-22, 2024-10-13", basis="total, rows, register",
          notebook="01-figure.ipynb"),
    claim(id="cargo-flights", quote="400 tonnes of cargo", check="ledger-sum", comparator="over",
          unit="t", summary="Over 510 t of cargo", quantity=510, claim_low=510, low=400.0,
          high=510.0, range_kind="reported-range", verdict="not-checkable",
          reason="SIPRI does not record cargo flights.",
          explanation="SIPRI does not record cargo flights."),
    claim(id="treaty-2044", quote="a treaty until 2044", check="cited-fact", comparator="equals",
          unit="year", summary="Base treaty until 2044", quantity=2044, claim_low=2044,
          claim_high=2044, value=2044, low=2044, high=2044, range_kind="count",
          verdict="supported", reason="Two reports give 2044.", explanation="Protocol of 2010.",
          evidence=["ratified 2011"]),
    claim(id="hostile", quote=XSS_SCRIPT, summary=XSS_SCRIPT, claimed=XSS_IMG, value=1.5,
          low=1, high=2, unit=XSS_IMG, verdict=XSS_ATTR, reason=XSS_IMG, explanation=XSS_IMG,
          range_kind=XSS_SCRIPT, check=XSS_ATTR, edition=XSS_SCRIPT, basis=XSS_IMG,
          quantity=1, claim_low=1,
          assumptions=[{"name": XSS_SCRIPT, "value": XSS_IMG, "confirmed": False,
                        "effect": XSS_ATTR}],
          evidence=[XSS_SCRIPT, "javascript:alert(1)", "https://example.org/\"onmouseover=alert(1)"],
          notebook="99-not-in-the-site.ipynb"),
]
HOSTILE_SNAPSHOT = {"snapshot": XSS_SCRIPT, "kind": "tiv", "edition": XSS_IMG, "files": {}}


def drift_line(**fields) -> dict:
    """One line of armsdata.claims.drift (a claim on one SIPRI release, columns
    claims.DRIFT_COLUMNS), from its fields."""
    row = {"id": "share-2011-2020", "summary": "Russia ≥ 94 % of Armenia's arms imports, 2011–20",
           "comparator": "at-least", "quantity": 94, "unit": "per cent", "claim_low": 94,
           "claim_high": INF, "release": 2022, "editions": "2022-04-22", "basis": "total, rows",
           "value": 93.73, "low": 93.46, "high": 94.01, "range_kind": "bound",
           "verdict": "not-supported", "decides": False, "answered": True,
           "reason": "SIPRI's figures allow 93.46–94.01%."}
    row.update(fields)
    return row


# Crafted revision lines (numbers made up): one claim on a release that answers, on the release
# that decides and on one that cannot answer; and a hostile claim whose every text field is a
# payload (the release is a year, a number).
DRIFT = [
    drift_line(),
    drift_line(release=2024, editions="2024-04-16", basis="register", value=93.86, low=93.85,
               high=93.87, verdict="contradicted", decides=True,
               reason="SIPRI's per-year values give 93.86 %."),
    drift_line(release=2026, editions="", basis="", value=None, low=None, high=None,
               range_kind="none", verdict="not-checkable", answered=False,
               reason="window 2011-2020 is outside edition 2026-08-12"),
    drift_line(id="hostile", summary=XSS_SCRIPT, editions=XSS_IMG, basis=XSS_IMG,
               verdict=XSS_ATTR, unit=XSS_IMG, value=1.5, low=1, high=2, claim_low=1, quantity=1,
               decides=True, reason=XSS_SCRIPT),
    drift_line(id="hostile", summary=XSS_SCRIPT, release=2024, editions="2024-10-13",
               verdict="not-checkable", answered=False, value=None, low=None, high=None,
               reason=XSS_IMG),
]


def png(width: int = 6, height: int = 4) -> bytes:
    """A small red PNG, made without any imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write_notebook(path: Path, *cells) -> Path:
    nb = new_notebook(cells=list(cells), metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, path)
    return path


def tiny_notebooks(folder: Path) -> Path:
    """Two notebooks without outputs: an overview with a table and a local image, a figure."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chart.png").write_bytes(png())
    write_notebook(
        folder / "01-figure.ipynb",
        new_markdown_cell("# Supplier shares, 2011-2020\n\nA figure drawn in the kernel."),
        new_code_cell("import matplotlib.pyplot as plt\n"
                      "fig, ax = plt.subplots(figsize=(3, 2))\n"
                      "ax.bar(['Russia', 'Israel'], [93.8, 3.1])\n"
                      "ax.set_title('Supplier shares, 2011-2020')\n"
                      "plt.show()"),
        new_code_cell("CLAIM_ID = 'cargo-flights'  # checked here too\nprint('figure cell ran')"),
    )
    write_notebook(
        folder / "00-overview.ipynb",
        new_markdown_cell("# Overview\n\n![a local chart](chart.png)\n\n"
                          "Sources stay plain links: <https://www.sipri.org/>, and "
                          "[SIPRI's database](https://www.sipri.org/databases/armstransfers)."),
        new_code_cell("import pandas as pd\n"
                      "pd.DataFrame({'recipient': [\"Cote d'Ivoire\", '<b>Armenia</b>'], "
                      "'tiv': [1.0, 2.0]})"),
    )
    return folder


def data_dir_with_hostile_snapshot(folder: Path) -> Path:
    """A data folder with one ordinary snapshot and one whose names are HTML payloads."""
    snapshot.write_snapshot(folder, "tiny-tiv-2022-04-22", {"imports/ARM.csv": b"a,b\n1,2\n"},
                            {"kind": "tiv-legacy", "edition": "2022-04-22", "source": "test"})
    evil = folder / "evil"
    evil.mkdir()
    snapshot.write_manifest(evil, HOSTILE_SNAPSHOT)
    return folder


@dataclass
class Site:
    path: Path
    notebooks: Path
    stderr: str
    committed: dict[str, bytes]   # notebook bytes before the build

    @property
    def pages(self) -> list[Path]:
        return sorted(self.path.glob("*.html"))

    @property
    def info(self) -> dict:
        return json.loads((self.path / BUILD_INFO).read_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("report")
    nb_dir = tiny_notebooks(root / "notebooks")
    data = data_dir_with_hostile_snapshot(root / "data")
    before = {p.name: p.read_bytes() for p in nb_dir.glob("*.ipynb")}
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        out = report.build_site(root / "site", nb_dir, execute=True, timeout=120,
                                claims=CLAIMS, data_dir=data, drift=DRIFT)
    return Site(out, nb_dir, err.getvalue(), before)


# ------------------------------------------------------------------------------------------------
# Building
# ------------------------------------------------------------------------------------------------

def test_notebooks_run_overview_first_then_by_name(tmp_path):
    for name in ["02-b.ipynb", "00-overview.ipynb", "01-a.ipynb", ".hidden.ipynb", "notes.txt"]:
        (tmp_path / name).write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "01-a-checkpoint.ipynb").write_text("{}")
    assert [p.name for p in report.find_notebooks(tmp_path)] == [
        "00-overview.ipynb", "01-a.ipynb", "02-b.ipynb"]


def test_site_has_index_and_a_page_per_notebook(site):
    assert [p.name for p in site.pages] == ["00-overview.html", "01-figure.html", "index.html"]
    info = site.info
    assert info["generator"] == GENERATOR
    assert [n["notebook"] for n in info["notebooks"]] == ["00-overview.ipynb", "01-figure.ipynb"]
    assert all(n["executed"] and n["seconds"] > 0 for n in info["notebooks"])


def test_notebooks_are_executed_but_never_rewritten(site):
    after = {p.name: p.read_bytes() for p in site.notebooks.glob("*.ipynb")}
    assert after == site.committed
    assert all(not c.get("outputs") for name in after
               for c in nbformat.reads(after[name].decode(), 4).cells if c.cell_type == "code")
    figure = (site.path / "01-figure.html").read_text()
    assert "figure cell ran" in figure                       # output of a fresh execution
    assert re.search(r'<img [^>]*src="data:image/png;base64,', figure)
    # the kernel stored the figure's description (armsdata.plots.alt_text, from its title)
    assert re.search(r'<img [^>]*\balt="Figure: Supplier shares, 2011-2020\."', figure)
    overview = (site.path / "00-overview.html").read_text()
    assert "&lt;b&gt;Armenia&lt;/b&gt;" in overview           # pandas escaped the cell
    assert 'src="data:image/png;base64,' in overview          # the local chart, embedded


def test_progress_names_each_notebook_with_its_time(site):
    lines = site.stderr.splitlines()
    for name in ["00-overview.ipynb", "01-figure.ipynb"]:  # in the order they finish
        assert any(re.search(rf"\[[12]/2\] {re.escape(name)}: executed in \d+\.\d s", x)
                   for x in lines), site.stderr
    assert re.search(r"site built in \d+\.\d s", lines[-1]), site.stderr


# ------------------------------------------------------------------------------------------------
# Self-contained
# ------------------------------------------------------------------------------------------------

REMOTE_RESOURCE = re.compile(
    r"<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def test_pages_fetch_nothing_from_elsewhere(site):
    for page in site.pages:
        text = page.read_text()
        assert not REMOTE_RESOURCE.findall(text), page.name
        assert offline.external_resources(text) == [], page.name
        assert not re.search(r"<script\b[^>]*\bsrc=", text, re.IGNORECASE), page.name
        assert not re.search(r"@import|url\(\s*[\"']?(?:https?:)?//", text, re.IGNORECASE), page.name
    # CSS is inlined verbatim: an escaped quote inside <style> would drop the declaration
    for page in site.pages:
        for style in re.findall(r"<style[^>]*>(.*?)</style>", page.read_text(), re.S):
            assert "&#34;" not in style and "&quot;" not in style, page.name
    # links to sources stay, as plain anchors
    index = (site.path / "index.html").read_text()
    assert '<a href="https://www.sipri.org/databases/armstransfers"' in index


@pytest.mark.parametrize("html, found", [
    ('<script src="https://cdn.example/require.js"></script>', 1),
    ('<link rel="stylesheet" href="//fonts.example/css">', 1),
    ('<img src="HTTP://example.org/a.png">', 1),
    ('<img srcset="a.png 1x, https://example.org/b.png 2x">', 1),
    ('<style>@import "https://example.org/x.css"; body{background:url(http://e.org/a.png)}</style>',
     2),
    ('<div style="background: url(\'https://example.org/a.png\')"></div>', 1),
    ('<meta http-equiv="refresh" content="0; url=https://example.org/">', 1),
    ('<a href="https://www.sipri.org/">SIPRI</a><img src="data:image/png;base64,AAAA">', 0),
    ('<link rel="stylesheet" href="style.css"><script>var u = "https://x";</script>', 0),
])
def test_external_resources(html, found):
    assert len(offline.external_resources(html)) == found


def test_a_page_with_a_remote_image_is_refused(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    write_notebook(nb_dir / "00-overview.ipynb",
                   new_markdown_cell("![remote](https://example.org/chart.png)"))
    with pytest.raises(ReportError, match=r"00-overview.html: <img src='https://example.org"):
        report.build_site(tmp_path / "site", nb_dir, execute=False, progress=False,
                          claims=CLAIMS[:1])
    assert not (tmp_path / "site").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-tmp-")]


# ------------------------------------------------------------------------------------------------
# Escaping and provenance
# ------------------------------------------------------------------------------------------------

def test_index_escapes_text_from_data(site):
    index = (site.path / "index.html").read_text()
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_ATTR):
        assert payload not in index
    assert "&lt;script&gt;window.__xss=1" in index
    assert "&lt;img src=x onerror=" in index
    assert "onerror=" not in re.sub(r"&lt;img src=x onerror=", "", index)
    assert 'href="javascript:' not in index
    # the URL in the evidence becomes a link, cut before the quote it cannot contain
    assert '<a href="https://example.org/"' in index
    # every new field of the hostile row is on the page, escaped: summary, claimed, reason,
    # range kind, check, edition, basis, assumption name/value/effect, verdict (as text and as a
    # class that cannot break out of its attribute)
    row = index.split('data-claim-id="hostile"')[1].split("</tr>")[0]
    assert row.count("&lt;script&gt;window.__xss=1") >= 3      # summary, edition, assumption
    assert row.count("&lt;img src=x onerror=") >= 4            # claimed, reason, basis, value
    assert "&#34;&gt;&lt;svg onload=" in row                    # verdict, check, effect
    assert 'class="verdict verdict-svg-onload-window-xss-3-alert-xss-attr"' in row


def test_index_shows_every_sipri_claim_on_every_release_escaped(site):
    from armsdata import plots

    index = (site.path / "index.html").read_text()
    section = index.split('<section id="drift"')[1].split("</section>")[0]
    figure = re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', section)
    assert figure and html.unescape(figure.group(1)) == plots.edition_drift_alt(
        __import__("pandas").DataFrame(drift_rows(DRIFT)))
    lines = re.findall(r'<tr class="drift-line( drift-decides)?" data-claim-id="([^"]+)" '
                       r'data-release="([^"]*)"', section)
    # one line per claim and release, the claim's summary once over its lines; the release
    # that judges the claim marked, and only it
    assert [(c, int(r), bool(d)) for d, c, r in lines] == [
        ("share-2011-2020", 2022, False), ("share-2011-2020", 2024, True),
        ("share-2011-2020", 2026, False), ("hostile", 2022, True), ("hostile", 2024, False)]
    rows = {(c, r): section.split(f'data-claim-id="{c}" data-release="{r}"')[1].split("</tr>")[0]
            for _, c, r in lines}
    first = rows[("share-2011-2020", "2022")]
    assert 'rowspan="3"' in first and "claim: ≥ 94 %" in first and "2022 release" in first
    # two decimals: 94.0 would put the high bound on the claim's limit
    assert "93.7 %" in first and "(bound 93.46–94.01)" in first and "total, rows" in first
    assert "(decides)" not in first
    decides = rows[("share-2011-2020", "2024")]
    assert "2024 release <strong>(decides)</strong>" in decides and "2024-04-16" in decides
    assert "rowspan" not in decides
    unanswered = rows[("share-2011-2020", "2026")]
    assert "cannot answer: window 2011-2020 is outside edition 2026-08-12" in unanswered
    assert "? not-checkable" in re.sub(r"<[^>]+>", "", unanswered)
    for payload in (XSS_SCRIPT, XSS_IMG, XSS_ATTR):
        assert payload not in section
    hostile = rows[("hostile", "2022")] + rows[("hostile", "2024")]
    assert hostile.count("&lt;script&gt;window.__xss=1") >= 1   # summary
    assert hostile.count("&lt;img src=x onerror=") >= 3          # editions, basis, reason
    assert 'class="verdict verdict-svg-onload-window-xss-3-alert-xss-attr"' in hostile


def test_every_page_carries_provenance(site):
    info = site.info
    assert info["version"] == armsdata.__version__
    assert re.fullmatch(r"[0-9a-f]{7,40}(-dirty)?|unknown", info["commit"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", info["built"])
    assert {e["name"] for e in info["editions"]} == {"tiny-tiv-2022-04-22", XSS_SCRIPT}
    for page in site.pages:
        text = page.read_text()
        head, foot = text.split('<header class="ad-header">')[1], text.split(
            '<footer class="ad-footer">')[1]
        for part in (head, foot):
            assert info["version"] in part and info["commit"] in part and info["built"] in part
        for e in info["editions"]:
            assert e["manifest_sha256"][:12] in head, page.name
            assert e["manifest_sha256"] in text, page.name
            # nbconvert writes entities its own way (&#39; as '): compare without quotes' escapes
            assert html.escape(e["name"], quote=False) in text.replace("&#39;", "'"), page.name


def test_provenance_is_outside_the_notebook_cells(site):
    page = (site.path / "01-figure.html").read_text()
    main = page.split("<main>")[1].split("</main>")[0]
    assert "ad-header" not in main and "ad-footer" not in main
    assert main.count("jp-Cell ") == 3


def test_editions_hash_the_manifests_of_the_shipped_data():
    eds = provenance.editions()
    assert eds, "no shipped snapshots"
    for e, snap in zip(eds, snapshot.find_snapshots()):
        assert e.name == snap.name and e.edition == snap.edition and e.kind == snap.kind
        assert e.manifest_sha256 == snapshot.sha256((snap.path / "manifest.json").read_bytes())
        assert e.files == len(snap.files) and e.problems == 0


def test_editions_name_their_sipri_release():
    """The release in force on each generated date (releases.csv: SIPRI published its 2022
    release on 14 March 2022, its 2025 release on 10 March 2025)."""
    eds = {e.name: e for e in provenance.editions()}
    assert eds["sipri-tiv-2022-04-22"].release == "2022 release"
    assert eds["sipri-api-recording-2025-02-10"].release == "2024 release"
    assert eds["sipri-trade-register-2025-03-13"].release == "2025 release"
    assert eds["curated"].release == ""                      # not a SIPRI data edition
    snap = next(s for s in snapshot.find_snapshots() if s.name == "sipri-tiv-2022-04-22")
    assert provenance.release_label(snap, problems=1) == "unknown (fails verification)"


def test_git_commit(tmp_path):
    assert provenance.git_commit(tmp_path) == "unknown"
    assert re.fullmatch(r"[0-9a-f]{7,40}(-dirty)?|unknown", provenance.git_commit())


# ------------------------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------------------------

@dataclass
class FakeResult:
    """A result of the claims engine: only its to_dict() is read."""
    fields: dict

    def to_dict(self) -> dict:
        return dict(self.fields)


def fake_claims(monkeypatch, results, failures=(), drift=()):
    """The claims engine gives *results* and *failures*, and *drift* as its edition-drift lines."""
    monkeypatch.setattr(claims, "evaluate_each", lambda: (list(results), list(failures)))
    monkeypatch.setattr(claims, "drift", lambda data_dir=None: list(drift))


def test_claim_rows_read_the_result_fields(monkeypatch, caplog):
    results = [FakeResult(CLAIMS[0]), FakeResult(CLAIMS[2])]
    failure = ("cargo-flights", CoverageError("edition 2022-04-22 covers 1950-2021"))
    fake_claims(monkeypatch, results, [failure])
    with caplog.at_level("WARNING", logger="armsdata.report"):
        rows = claim_rows()
    assert "claim cargo-flights cannot be evaluated (CoverageError: edition 2022-04-22" \
        in caplog.text
    assert [r["id"] for r in rows] == ["share-2011-2020", "treaty-2044"]
    assert set(rows[0]) == set(CLAIM_FIELDS)
    assert rows[0]["notebook"] == "01-figure.ipynb" and rows[1]["notebook"] is None
    assert rows[0]["assumptions"][0] == CLAIMS[0]["assumptions"][0]


def test_claim_row_fills_only_the_fields_the_schema_lets_be_empty():
    ledger = {k: v for k, v in CLAIMS[1].items()
              if k not in ("value", "low", "high", "edition", "basis", "notebook")}
    row = claim_row(ledger)
    assert (row["value"], row["edition"], row["basis"], row["notebook"]) == (None, "", "", None)
    for required in ("summary", "reason", "range_kind", "claim_low", "assumptions"):
        broken = {k: v for k, v in CLAIMS[0].items() if k != required}
        with pytest.raises(ReportError, match=rf"share-2011-2020.*lacks {required}"):
            claim_row(broken)


def test_claim_row_keeps_numbers_as_numbers():
    row = claim_row(dict(CLAIMS[0], value=float("nan"), low=93.5, claim_low=-INF))
    assert row["value"] is None and row["low"] == 93.5     # NaN is no value
    assert row["claim_low"] == -INF and row["claim_high"] == INF


@pytest.mark.parametrize("row, want", [
    # worked out by hand from the rows: one decimal for per cent, bounds rounded outward (93.02
    # down, 94.72 up); the conditional bound names its unconfirmed assumption
    (CLAIMS[0], ("93.8 %", "bound 93.0–94.8 if even delivery split")),
    (CLAIMS[1], ("400–510 t", "reported range")),
    (CLAIMS[2], ("2044", "count")),
    (claim(value=93.99, low=93.69, high=93.99, claim_low=94),      # never rounds up to the claim
     ("93.99 %", "bound 93.69–93.99")),       # 93.7 alone would do; a range keeps one precision
    (claim(unit="deaths", value=37, low=37, high=None, range_kind="sum-of-reports"),
     ("37 deaths", "sum of reports at least 37")),
    (claim(unit="flights", value=9, low=8, high=9, range_kind="count"), ("9 flights", "count 8–9")),
    (claim(unit="persons", low=4000, high=5000, range_kind="reported-range"),
     ("4,000–5,000 persons", "reported range")),
    (claim(range_kind="none"), ("–", "no figure from the evidence")),
])
def test_key_figure(row, want):
    assert key_figure(claim_row(dict(row, id="x"))) == want


def test_index_has_one_line_per_claim_and_the_rest_behind_details(site):
    index = (site.path / "index.html").read_text()
    rows = re.findall(r'<tr class="claim" id="claim-[^"]+" data-claim-id="([^"]+)".*?</tr>',
                      index, re.S)
    assert len(rows) == len(CLAIMS)
    first = index.split('data-claim-id="share-2011-2020"')[1].split("</details>")[0]
    cells = re.findall(r'<td class="(claim-[a-z]+)"', first)
    assert cells == ["claim-summary", "claim-verdict", "claim-figure", "claim-reason"]
    assert "Russia ≥ 94 % of Armenia&#39;s arms imports, 2011–20" in first      # summary
    assert "claim: ≥ 94 %" in first                                          # claimed region
    assert ('<span class="verdict verdict-not-supported"><span class="verdict-glyph" '
            'aria-hidden="true">○</span> not-supported</span>') in first
    assert '93.8 %</span> <span class="figure-range">(bound 93.0–94.8 if even delivery split)' \
        in first
    assert CLAIMS[0]["reason"] in first                                      # shown as given
    details = first.split('<details class="claim-more">')[1].split("</details>")[0]
    assert "<summary>Explanation, evidence, assumptions</summary>" in details
    assert "rounding bounds 92.5-95.0 %" in details                          # explanation
    assert ('<a href="https://www.sipri.org/databases/armstransfers" class="ad-url"'
            in details)                                                      # evidence link
    assert "<td>even delivery split</td>" in details and "✗ not confirmed" in details
    assert "✓ yes" in details                                                # the confirmed one
    assert "2022-04-22, 2024-10-13" in details and "total, rows, register" in details
    assert '<a class="claim-notebook" href="01-figure.html">Notebook: ' in details
    # a ledger claim says it has no SIPRI edition
    assert "none (not a SIPRI figure)" in index.split('data-claim-id="cargo-flights"')[1]
    # the summary line counts each verdict with its glyph
    summary = index.split('id="verdict-summary">')[1].split("</ul>")[0]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", summary)).strip().startswith(
        "4 claim(s): ● supported 1 ○ not-supported 1 ? not-checkable 1 · &#34;&gt;&lt;svg")


def test_index_figure_shows_every_numeric_claim_with_alt_text(site):
    from armsdata import plots

    index = (site.path / "index.html").read_text()
    figure = index.split('<figure class="ad-figure" id="claims-figure">')[1].split("</figure>")[0]
    img = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', figure)
    assert img, figure[:300]
    alt = html.unescape(img.group(2))
    assert alt == plots.claims_overview_alt([claim_row(c) for c in CLAIMS])
    assert alt.startswith("Chart of the 4 numeric claims, one row each")
    assert "(1 supported, 1 not-supported, 1 not-checkable, 1 " in alt
    svg = base64.b64decode(img.group(1)).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert re.search(r'<source media="screen and \(max-width: 700px\)" '
                     r'srcset="data:image/svg\+xml;base64,', figure)   # the phone layout
    assert "<figcaption>" in figure


def test_links_that_show_their_address_are_marked():
    html_in = ('<a href="https://www.sipri.org/">https://www.sipri.org/</a> '
               '<a href="https://example.org/x">SIPRI</a>')
    out = pages.mark_url_links(html_in)
    assert '<a href="https://www.sipri.org/" class="ad-url">https://www.sipri.org/</a>' in out
    assert '<a href="https://example.org/x">SIPRI</a>' in out


def test_claims_link_their_notebook_or_the_overview(site):
    index = (site.path / "index.html").read_text()
    links = dict(re.findall(r'data-claim-id="([^"]+)" data-verdict="[^"]*">\s*'
                            r'<td class="claim-summary"><a class="claim-link" href="([^"]+)"',
                            index))
    assert links == {"share-2011-2020": "01-figure.html",    # the result names its notebook
                     "cargo-flights": "01-figure.html",      # the notebook quotes the claim's id
                     "treaty-2044": "00-overview.html",      # no notebook: the overview
                     "hostile": "00-overview.html"}          # names a notebook not in the site


def test_notebook_claims_from_metadata_or_a_quoted_id():
    known = ["a-1", "b-2", "c-3"]
    nb = new_notebook(cells=[new_code_cell("CLAIM = 'c-3'\nx = \"a-1-longer\"  # not a-1")],
                      metadata={"armsdata": {"claims": ["b-2"]}})
    assert pages.notebook_claims(nb, known) == ("b-2", "c-3")
    assert pages.notebook_claims(new_notebook(cells=[new_markdown_cell("'a-1'")]), known) == ()


# ------------------------------------------------------------------------------------------------
# Failures and the command
# ------------------------------------------------------------------------------------------------

def test_a_failing_notebook_names_itself_and_keeps_the_previous_site(tmp_path):
    nb_dir = tiny_notebooks(tmp_path / "notebooks")
    out = report.build_site(tmp_path / "site", nb_dir, execute=False, progress=False,
                            claims=CLAIMS[:1])
    before = (out / "index.html").read_bytes()
    write_notebook(nb_dir / "02-fails.ipynb", new_code_cell("raise ValueError('boom in cell')"))
    with pytest.raises(ReportError, match=r"02-fails.ipynb: a cell failed(.|\n)*boom in cell"):
        report.build_site(out, nb_dir, execute=True, timeout=60, progress=False,
                          claims=CLAIMS[:1])
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "site"]


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    nb_dir = tiny_notebooks(tmp_path / "notebooks")
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter1.tex").write_text("precious")
    with pytest.raises(ReportError, match="not a report site"):
        report.build_site(other, nb_dir, execute=False, progress=False, claims=CLAIMS[:1])
    assert (other / "chapter1.tex").read_text() == "precious"


def test_armsdata_report_command(tmp_path, monkeypatch, capsys):
    from armsdata import cli

    nb_dir = tiny_notebooks(tmp_path / "notebooks")
    fake_claims(monkeypatch, [FakeResult(CLAIMS[2])])
    out = tmp_path / "site"
    assert cli.main(["report", "--output", str(out), "--no-execute", "--notebooks", str(nb_dir),
                     "--jobs", "1", "--timeout", "30"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == str(out)
    assert "not executed" in captured.err and "site built in" in captured.err
    assert (out / "index.html").is_file()
    assert cli.main(["report", "--output", str(tmp_path / "x"), "--notebooks",
                     str(tmp_path / "none"), "-q"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "no notebooks" in err and "armsdata report:" not in err.split("no notebooks")[1]


def test_report_has_one_command_line():
    """`armsdata report` is the only entry point (cli.py); the report has no parser of its own."""
    for module in Path(report.__file__).parent.glob("*.py"):
        source = module.read_text()
        assert "argparse" not in source and "__main__" not in source, module.name


# ------------------------------------------------------------------------------------------------
# In a real browser, offline
# ------------------------------------------------------------------------------------------------

# (the ``browser`` fixture, one Chromium per session and xdist worker, is in conftest.py)

def check_site_in_browser(browser, site_dir: Path, require_links: bool = True
                          ) -> dict[str, list[str]]:
    """Open every page of *site_dir*; return each page's problems, and check the index: a
    verdict table with claims, each with a verdict and (if *require_links*) a link to a page of
    the site; and save a screenshot of it as index.png."""
    problems = {}
    for page_path in sorted(site_dir.glob("*.html")):
        with browser.open(page_path.as_uri()) as page:
            problems[page_path.name] = page.problems()
            if page_path.name != "index.html":
                continue
            assert page.evaluate("document.querySelectorAll('table#claims tbody tr.claim')"
                                 ".length") > 0, "no verdict table with claims on the index"
            rows = page.evaluate("""Array.from(document.querySelectorAll('tr.claim')).map(tr => {
                const a = tr.querySelector('a.claim-link');
                return [tr.dataset.claimId, a ? a.href : null,
                        tr.querySelector('.verdict') ? tr.querySelector('.verdict').textContent
                                                      : null];
            })""")
            for claim_id, href, verdict in rows:
                if not require_links and href is None:
                    continue
                assert href, f"claim {claim_id!r} has no link to a notebook page"
                assert href.startswith("file://") and Path(
                    href.removeprefix("file://").split("#")[0]).is_file(), (claim_id, href)
                assert verdict, f"claim {claim_id!r} shows no verdict"
            assert "Segoe UI" in page.evaluate("getComputedStyle(document.body).fontFamily"), \
                "the index's own CSS did not apply"
            shot = page.screenshot(site_dir / "index.png")
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
    return problems


@pytest.mark.browser
def test_every_page_loads_offline_without_errors(site, browser):
    problems = check_site_in_browser(browser, site.path)
    assert set(problems) == {"00-overview.html", "01-figure.html", "index.html"}
    assert problems == {name: [] for name in problems}
    assert (site.path / "index.png").is_file()


@pytest.mark.browser
def test_figures_decode_in_the_browser(site, browser):
    for name in ("00-overview.html", "01-figure.html", "index.html"):
        with browser.open((site.path / name).as_uri()) as page:
            sizes = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
            assert sizes and all(w > 0 for w in sizes), (name, sizes)


@pytest.mark.browser
def test_text_from_data_shows_as_text_and_never_runs(site, browser):
    for name in ("index.html", "01-figure.html"):
        with browser.open((site.path / name).as_uri()) as page:
            assert page.evaluate("typeof window.__xss") == "undefined", name
            assert page.dialogs == [], name
            assert page.evaluate("document.querySelectorAll('svg[onload], img[onerror]').length") \
                == 0, name
            text = page.evaluate("document.body.innerText")
            assert XSS_SCRIPT in text, name             # the snapshot's name, as text
            if name == "index.html":
                assert XSS_IMG in text and XSS_ATTR in text


@pytest.mark.browser
def test_the_browser_check_sees_what_goes_wrong(browser, tmp_path):
    from browser import NO_ALT  # nbconvert's placeholder for an image without alt text

    bad = tmp_path / "bad.html"
    data = "data:image/png;base64," + base64.b64encode(png()).decode()
    bad.write_text('<html><body><img src="https://example.org/a.png"><img src="missing.png">'
                   f'<img src="{data}" id="no-alt"><img src="{data}" alt="">'
                   f'<img src="{data}" alt="{NO_ALT}">'
                   f'<img src="{data}" alt="Figure: a described chart.">'
                   '<script>console.error("boom")</script></body></html>')
    with browser.open(bad.as_uri()) as page:
        found = page.problems()
    text = "\n".join(found)
    assert "failed request: https://example.org/a.png" in text
    assert "missing.png" in text and "console error: console.error: boom" in text
    # no alt, an empty alt and nbconvert's placeholder are each a page without alt text; the
    # described image is not
    assert sum(p.startswith("image without alt text: 'data:image/png") for p in found) == 3


@pytest.mark.browser
def test_code_is_folded_with_javascript_and_shown_without(site, browser):
    url = (site.path / "01-figure.html").as_uri()
    shown = ("Array.from(document.querySelectorAll('details.ad-code')).map(d => "
             "d.querySelector('.jp-InputArea').checkVisibility())")
    with browser.open(url) as page:
        assert page.problems() == []
        assert page.evaluate(shown) == [False, False]               # folded
        assert page.evaluate("document.querySelector('.jp-RenderedImage img').checkVisibility()")
        assert page.evaluate("document.body.innerText").count("figure cell ran") == 1  # output
        toggle = "document.getElementById('ad-code-toggle')"
        assert page.evaluate(f"{toggle}.textContent") == "Show all code"
        page.click("details.ad-code > summary")                       # one cell's control
        assert page.evaluate(shown) == [True, False]
        page.click("#ad-code-toggle")                                 # the page switch
        assert page.evaluate(shown) == [True, True]
        assert page.evaluate(f"[{toggle}.textContent, {toggle}.getAttribute('aria-pressed')]") \
            == ["Hide all code", "true"]
        page.click("#ad-code-toggle")
        assert page.evaluate(shown) == [False, False]
    with browser.open(url, javascript=False) as page:
        assert page.problems() == []
        assert page.evaluate(shown) == [True, True]                   # nothing lost
        assert page.evaluate("document.getElementById('ad-code-toggle')") is None
        assert "plt.subplots" in page.evaluate("document.body.innerText")


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF, counted from its page objects (Chromium writes one per page)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def pdf_text(path: Path) -> str | None:
    """The text of a PDF by poppler's pdftotext, or None where it is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    return subprocess.run([exe, "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


PRINT_STYLE = """(() => {
    const q = s => document.querySelector(s), show = e => e ? getComputedStyle(e).display : null;
    const a = Array.from(document.querySelectorAll('a[href^="http"]:not(.ad-url)'))[0];
    return {nav: show(q('.ad-nav')), control: show(q('details > summary')),
            toggle: show(q('#ad-code-toggle')), details: show(q('#claim-details')),
            after: a ? getComputedStyle(a, '::after').content : null};
})()"""


@pytest.mark.browser
def test_pages_print_to_pdf_without_controls_and_with_links_as_text(site, browser, tmp_path):
    pdfs, styles = {}, {}
    for name in ("index.html", "00-overview.html", "01-figure.html"):
        with browser.open((site.path / name).as_uri()) as page:
            pdfs[name] = page.pdf(tmp_path / (name + ".pdf"))
            screen = page.evaluate(PRINT_STYLE)
            page.emulate_media("print")
            styles[name] = page.evaluate(PRINT_STYLE)
        assert screen["nav"] == "flex" and screen["control"] != "none", (name, screen)
        assert styles[name]["nav"] == "none" and styles[name]["control"] in ("none", None), name
        data = pdfs[name].read_bytes()
        assert data.startswith(b"%PDF") and pdf_pages(data) >= 1, name
    assert pdf_pages(pdfs["index.html"].read_bytes()) >= 2
    assert styles["index.html"]["details"] == "block"            # the details, in full width
    assert styles["01-figure.html"]["toggle"] == "none"           # the page switch
    assert styles["00-overview.html"]["after"] == \
        '" (https://www.sipri.org/databases/armstransfers)"'        # a link with words: its address
    text = {name: pdf_text(pdf) for name, pdf in pdfs.items()}
    if None in text.values():
        pytest.skip("pdftotext (poppler-utils) not installed: the PDFs' text is not checked")
    flat = {name: re.sub(r"\s+", " ", t) for name, t in text.items()}
    index = flat["index.html"]
    assert re.sub(r"\s+", " ", CLAIMS[0]["reason"]) in index          # the one-line reason
    assert "rounding bounds 92.5-95.0 %" in index                       # the details, open
    assert "https://www.sipri.org/databases/armstransfers" in index     # a link's address
    assert "Overview Supplier shares" not in index                      # no navigation bar
    assert ("SIPRI's database (https://www.sipri.org/databases/armstransfers)"
            in flat["00-overview.html"])                                # a link's address, after it
    figure = flat["01-figure.html"]
    assert "plt.subplots" in figure and "figure cell ran" in figure     # code printed open
    assert "Show all code" not in figure and "(4 lines)" not in figure  # no controls


@pytest.mark.browser
def test_index_fits_a_phone(site, browser):
    with browser.open((site.path / "index.html").as_uri(), width=400) as page:
        assert page.problems() == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        # the narrow layout of the figure, not the wide one scaled down
        assert page.evaluate("document.querySelector('#claims-figure img').currentSrc") == \
            page.evaluate("document.querySelector('#claims-figure source').srcset")


@pytest.mark.browser
def test_the_committed_notebooks_render_offline(browser, tmp_path):
    """The real notebooks with their stored outputs and the real claims, as a reviewer sees them."""
    notebooks = report.find_notebooks(pages.default_notebooks_dir())
    assert len(notebooks) >= 6, notebooks  # the overview, the four claims, the explorer...
    before = {p: p.read_bytes() for p in notebooks}
    out = report.build_site(tmp_path / "site", execute=False, progress=False)
    assert {p: p.read_bytes() for p in notebooks} == before
    assert (out / f"{pages.OVERVIEW}.html").is_file()
    problems = check_site_in_browser(browser, out, require_links=True)
    assert problems == {name: [] for name in problems}       # includes: every image has alt text
    assert len(problems) == len(notebooks) + 1


def test_links_between_notebooks_point_at_their_pages_in_the_site(tmp_path):
    from armsdata.report.pages import Page, rewrite_notebook_links

    pages = [Page(source=tmp_path / "02-loans.ipynb", href="02-loans.html", title="Loans", executed=False)]
    html = ('<a href="02-loans.ipynb">loans</a> <a href="02-loans.ipynb#verdict">v</a> '
            '<a href="99-missing.ipynb">x</a> <a href="https://example.org/a.ipynb">ext</a>')
    out = rewrite_notebook_links(html, pages)
    assert 'href="02-loans.html"' in out and 'href="02-loans.html#verdict"' in out
    assert 'href="99-missing.ipynb"' in out and 'href="https://example.org/a.ipynb"' in out


def kernel_pid(nb) -> int:
    return int(nb.cells[-1].outputs[0]["text"])


def running(pid: int) -> bool:
    """Whether process *pid* exists and is not a zombie (Linux /proc)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def parameterised_notebook(*cells):
    nb = new_notebook(cells=[new_code_cell("X = 1", metadata={"tags": ["parameters"]}), *cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_each_kernel_is_shut_down_when_its_notebook_is_done(tmp_path):
    """A notebook's kernel ends with its run, not when the report's process exits (it used to
    live on, and the kernels of a whole build printed "Parent appears to have exited")."""
    nb = execute.inject_parameters(
        parameterised_notebook(new_code_cell("import os; print(os.getpid(), end='')")), {"X": 2})
    done = report.execute_notebook(nb, tmp_path, timeout=60)
    assert "X = 2" in done.cells[1].source          # papermill's cell of injected parameters
    pid = kernel_pid(done)
    assert pid != os.getpid()
    assert not running(pid)


def test_a_cell_that_runs_too_long_names_the_notebook_and_the_limit(tmp_path):
    nb = parameterised_notebook(new_code_cell("import time; time.sleep(30)"))
    limit = r"(?s)^slow\.ipynb: a cell ran longer than 1 s .*--timeout"
    with pytest.raises(ReportError, match=limit):
        report.execute_notebook(nb, tmp_path, timeout=1, name="slow.ipynb")


def test_when_one_notebook_fails_the_others_stop_before_their_next_cell(tmp_path):
    slow = new_notebook(cells=[new_code_cell(f"import time; time.sleep(0.5); "
                                             f"open('cell-{k}', 'w').close()") for k in range(40)])
    fails = new_notebook(cells=[new_code_cell("raise ValueError('boom')")])
    with pytest.raises(ReportError, match=r"fails\.ipynb: a cell failed .*boom"):
        execute.execute_all([(slow, "slow.ipynb"), (fails, "fails.ipynb")], tmp_path, jobs=2,
                            timeout=60)
    assert len(list(tmp_path.glob("cell-*"))) < 40       # stopped, not run to its end
    runs = execute.execute_all([(fails, "fails.ipynb"), (new_notebook(cells=[new_code_cell(
        "print('ran')")]), "ok.ipynb")], tmp_path, jobs=1, timeout=60, keep_going=True)
    assert "boom" in runs[0].error and runs[1].error == ""
    assert runs[1].notebook.cells[0].outputs[0]["text"] == "ran\n"
