"""The reviewer report: a static site that opens offline, escapes data, and says what it is built on.

The site is built once per module from two tiny notebooks made here (executed for real, in fresh
kernels) and crafted claim rows, some of them hostile; the tests then read it as files and, marked
``browser``, open every page in headless Chromium with the network unavailable (tests/browser.py).
Chromium missing: the browser tests skip locally, and fail when $CI is set.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import struct
import sys
import types
import zlib
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import armsdata
from armsdata import report, snapshot
from armsdata.report import ReportError

try:
    from browser import Chromium, find_chromium
except ImportError:  # tests/ became a package
    from tests.browser import Chromium, find_chromium

# Payloads that would run if any text from data reached the page unescaped.  Each sets
# window.__xss and opens a dialog, so the browser test sees either.
XSS_SCRIPT = "<script>window.__xss=1;alert('xss-script')</script>"
XSS_IMG = "<img src=x onerror=\"window.__xss=2;alert('xss-img')\">"
XSS_ATTR = "\"><svg onload=\"window.__xss=3;alert('xss-attr')\">"

CLAIMS = [
    {"id": "share-2011-2020", "quote": "Russia supplied 94% of Armenia's arms imports",
     "value": 93.81, "low": 92.5, "high": 95.02, "unit": "%", "verdict": "supported",
     "explanation": "SIPRI's TIV table gives 93.8 % for 2011-2020; rounding bounds 92.5-95.0 %.",
     "evidence": ["TIV table, edition 2022-04-22",
                  "https://www.sipri.org/databases/armstransfers"],
     "notebook": "01-figure.ipynb"},
    {"id": "cargo-flights", "quote": "400 tonnes of cargo", "value": None, "low": None,
     "high": None, "unit": "t", "verdict": "unverifiable",
     "explanation": "SIPRI does not record cargo flights.", "evidence": None},
    {"id": "treaty-2044", "quote": "a treaty until 2044", "value": 2044, "low": 2044,
     "high": 2044, "unit": "year", "verdict": "supported", "explanation": "Protocol of 2010.",
     "evidence": "ratified 2011"},
    {"id": "hostile", "quote": XSS_SCRIPT, "value": "<b>n/a</b>", "low": 1, "high": 2,
     "unit": XSS_IMG, "verdict": XSS_ATTR, "explanation": XSS_IMG,
     "evidence": [XSS_SCRIPT, "javascript:alert(1)", "https://example.org/\"onmouseover=alert(1)"],
     "notebook": "99-not-in-the-site.ipynb"},
]
HOSTILE_SNAPSHOT = {"snapshot": XSS_SCRIPT, "kind": "tiv", "edition": XSS_IMG, "files": {}}


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
                      "plt.show()"),
        new_code_cell("CLAIM_ID = 'cargo-flights'  # checked here too\nprint('figure cell ran')"),
    )
    write_notebook(
        folder / "00-overview.ipynb",
        new_markdown_cell("# Overview\n\n![a local chart](chart.png)\n\n"
                          "Sources stay plain links: <https://www.sipri.org/>."),
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
        return json.loads((self.path / report.BUILD_INFO).read_text())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("report")
    nb_dir = tiny_notebooks(root / "notebooks")
    data = data_dir_with_hostile_snapshot(root / "data")
    before = {p.name: p.read_bytes() for p in nb_dir.glob("*.ipynb")}
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        out = report.build_site(root / "site", nb_dir, execute=True, timeout=120,
                                claims=CLAIMS, data_dir=data)
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
    assert info["generator"] == report.GENERATOR
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
        assert report.external_resources(text) == [], page.name
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
    assert len(report.external_resources(html)) == found


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
    eds = report.editions()
    assert eds, "no shipped snapshots"
    for e, snap in zip(eds, snapshot.find_snapshots()):
        assert e.name == snap.name and e.edition == snap.edition and e.kind == snap.kind
        assert e.manifest_sha256 == snapshot.sha256((snap.path / "manifest.json").read_bytes())
        assert e.files == len(snap.files) and e.problems == 0


def test_git_commit(tmp_path):
    assert report.git_commit(tmp_path) == "unknown"
    assert re.fullmatch(r"[0-9a-f]{7,40}(-dirty)?|unknown", report.git_commit())


# ------------------------------------------------------------------------------------------------
# Claims
# ------------------------------------------------------------------------------------------------

@dataclass
class FakeResult:
    id: str
    quote: str
    value: float | None
    low: float | None
    high: float | None
    unit: str
    verdict: str
    explanation: str
    evidence: list
    notebook: str | None = None


def fake_claims_module(results):
    import pandas as pd

    mod = types.ModuleType("armsdata.claims")
    mod.evaluate_all = lambda: list(results)
    mod.results_frame = lambda rs: pd.DataFrame(
        [{k: getattr(r, k) for k in report.CLAIM_FIELDS} for r in rs])
    return mod


def test_claim_rows_take_the_frame_and_the_notebook_of_each_result(monkeypatch):
    results = [FakeResult("a", "q", 94.0, 93.0, 95.0, "%", "supported", "e", ["x"], "01-a.ipynb"),
               FakeResult("b", "q", None, None, None, "", "unverifiable", "e", [])]
    monkeypatch.setitem(sys.modules, "armsdata.claims", fake_claims_module(results))
    rows = report.claim_rows()
    assert [(r["id"], r["value"], r["notebook"]) for r in rows][0] == ("a", 94.0, "01-a.ipynb")
    assert rows[1]["notebook"] is None and set(report.CLAIM_FIELDS) <= set(rows[1])


def test_no_claims_module_is_an_error_not_an_empty_table(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "armsdata.claims", None)  # import now raises ImportError
    with pytest.raises(ReportError, match=r"cannot import armsdata.claims"):
        report.claim_rows()
    nb_dir = tiny_notebooks(tmp_path / "notebooks")
    with pytest.raises(ReportError, match=r"armsdata.claims"):
        report.build_site(tmp_path / "site", nb_dir, execute=False, progress=False)
    assert not (tmp_path / "site").exists()


def test_claims_link_their_notebook_or_the_overview(site):
    index = (site.path / "index.html").read_text()
    links = dict(re.findall(r'data-claim-id="([^"]+)">\s*<td class="claim-id"><a '
                            r'class="claim-link" href="([^"]+)"', index))
    assert links == {"share-2011-2020": "01-figure.html",    # the result names its notebook
                     "cargo-flights": "01-figure.html",      # the notebook quotes the claim's id
                     "treaty-2044": "00-overview.html",      # no notebook: the overview
                     "hostile": "00-overview.html"}          # names a notebook not in the site


def test_notebook_claims_from_metadata_or_a_quoted_id():
    known = ["a-1", "b-2", "c-3"]
    nb = new_notebook(cells=[new_code_cell("CLAIM = 'c-3'\nx = \"a-1-longer\"  # not a-1")],
                      metadata={"armsdata": {"claims": ["b-2"]}})
    assert report.notebook_claims(nb, known) == ("b-2", "c-3")
    assert report.notebook_claims(new_notebook(cells=[new_markdown_cell("'a-1'")]), known) == ()


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


def test_main_reproduce(tmp_path, monkeypatch, capsys):
    nb_dir = tiny_notebooks(tmp_path / "notebooks")
    results = [FakeResult("a", "q", 94.0, 93.0, 95.0, "%", "supported", "e", [], "01-figure")]
    monkeypatch.setitem(sys.modules, "armsdata.claims", fake_claims_module(results))
    out = tmp_path / "site"
    assert report.main_reproduce(["--output", str(out), "--no-execute", "--notebooks",
                                  str(nb_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (out / "index.html").resolve().as_uri()
    assert "not executed" in captured.err and "site built in" in captured.err
    assert report.main_reproduce(["--output", str(tmp_path / "x"), "--notebooks",
                                  str(tmp_path / "none"), "-q"]) == 1
    assert "no notebooks" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------
# In a real browser, offline
# ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    exe = find_chromium()
    if exe is None:
        why = ("Chromium not found: apt-get install chromium (or set $ARMSDATA_CHROMIUM) to run "
               "the browser checks of the report")
        if os.environ.get("CI"):
            pytest.fail(f"{why}; CI must run them, not skip them", pytrace=False)
        pytest.skip(why)
    with Chromium(exe, tmp_path_factory.mktemp("chromium") / "profile") as b:
        yield b


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
    for name in ("00-overview.html", "01-figure.html"):
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
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="https://example.org/a.png"><img src="missing.png">'
                   '<script>console.error("boom")</script></body></html>')
    with browser.open(bad.as_uri()) as page:
        found = "\n".join(page.problems())
    assert "failed request: https://example.org/a.png" in found
    assert "missing.png" in found and "console error: console.error: boom" in found


@pytest.mark.browser
def test_the_committed_notebooks_render_offline(browser, tmp_path):
    """The real notebooks with their stored outputs and the real claims, as a reviewer sees them."""
    notebooks = report.find_notebooks(report.default_notebooks_dir())
    if not notebooks:
        pytest.skip("no committed notebooks in notebooks/ yet")
    before = {p: p.read_bytes() for p in notebooks}
    out = report.build_site(tmp_path / "site", execute=False, progress=False)
    assert {p: p.read_bytes() for p in notebooks} == before
    # Until notebooks/00-overview.ipynb exists, a claim that no notebook checks has nowhere to
    # link to (the build prints which); every other check holds from the first notebook on.
    has_overview = (out / f"{report.OVERVIEW}.html").is_file()
    problems = check_site_in_browser(browser, out, require_links=has_overview)
    assert problems == {name: [] for name in problems}
    assert len(problems) == len(notebooks) + 1


def test_links_between_notebooks_point_at_their_pages_in_the_site(tmp_path):
    from armsdata.report import Page, rewrite_notebook_links

    pages = [Page(source=tmp_path / "02-loans.ipynb", href="02-loans.html", title="Loans", executed=False)]
    html = ('<a href="02-loans.ipynb">loans</a> <a href="02-loans.ipynb#verdict">v</a> '
            '<a href="99-missing.ipynb">x</a> <a href="https://example.org/a.ipynb">ext</a>')
    out = rewrite_notebook_links(html, pages)
    assert 'href="02-loans.html"' in out and 'href="02-loans.html#verdict"' in out
    assert 'href="99-missing.ipynb"' in out and 'href="https://example.org/a.ipynb"' in out
