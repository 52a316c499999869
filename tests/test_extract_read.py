"""Reading texts to extract from: plain text in its encodings, HTML (trafilatura), PDF
(pdfminer.six) in reading order, and the named errors for what cannot be read.

The PDFs are made here with reportlab: a two-column page drawn line by line across both columns
(the order some generators draw in, where text that follows the drawing order interleaves the
columns) and one drawn right column first; a page with only a picture (a scan); a damaged file.
"""

from __future__ import annotations

import io
import textwrap

import pytest

from armsdata import extract
from armsdata.errors import NoTextLayerError, TextReadError, UnknownEncodingError, UnreadableFileError
from armsdata.extract import readers as read

LEFT = ("The volume of international transfers of major arms in 2017-21 was 4.6 per cent lower "
        "than in 2012-16. The five largest arms exporters in 2017-21 were the United States, "
        "Russia, France, China and Germany.")
RIGHT = ("KEY FACTS. US arms exports accounted for 39 per cent of the global total in 2017-21. "
         "French arms exports increased by 59 per cent between 2012-16 and 2017-21.")


def two_columns(order: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    left, right = textwrap.wrap(LEFT, 45), textwrap.wrap(RIGHT, 45)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    if order == "rows":
        for k in range(max(len(left), len(right))):
            if k < len(left):
                c.drawString(50, 780 - 14 * k, left[k])
            if k < len(right):
                c.drawString(310, 780 - 14 * k, right[k])
    else:
        for k, ln in enumerate(right):
            c.drawString(310, 780 - 14 * k, ln)
        for k, ln in enumerate(left):
            c.drawString(50, 780 - 14 * k, ln)
    c.save()
    return buf.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("order", ["rows", "right-first"])
def test_a_two_column_pdf_comes_out_in_reading_order(order, tmp_path):
    p = tmp_path / "fs.pdf"
    p.write_bytes(two_columns(order))
    doc = read.read(p)
    flat = _flat(doc.text)
    assert _flat(LEFT) in flat and _flat(RIGHT) in flat
    assert flat.index(_flat(LEFT)) < flat.index(_flat(RIGHT))
    x = extract.extract_file(p, date="2022-03-15")
    checks = {(c["check"], c["quantity"]) for c in x.claims}
    assert {("sipri-change", -4.6), ("sipri-share", 39), ("sipri-change", 59)} <= checks


def test_a_scanned_pdf_has_no_text_layer(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.rect(50, 500, 300, 200, fill=1)  # a picture, no text
    c.save()
    p = tmp_path / "scan.pdf"
    p.write_bytes(buf.getvalue())
    with pytest.raises(NoTextLayerError, match="no text layer.*OCR"):
        read.read(p)


def test_a_damaged_pdf_is_unreadable(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(two_columns("rows")[:300])
    with pytest.raises(TextReadError, match="broken.pdf"):
        read.read(p)


def test_pdf_lines_are_joined_and_hyphenated_words_mended():
    assert read.unwrap("arms ex-\nports rose\nin 2012–\n16.\n\nNext") == \
        "arms exports rose in 2012–16.\n\nNext"


HTML = """<!DOCTYPE html><html><head><title>India again tops global arms imports</title>
<meta property="article:published_time" content="2024-03-11T09:00:00+05:30"></head>
<body><nav><a href="/">Home</a> | <a href="/india">India</a> | Subscribe for 99 per cent off</nav>
<article><h1>India again tops global arms imports</h1>
<p>Pakistan was the fifth largest arms importer in 2019–23 and China became even more dominant as
its main supplier, providing 82 per cent of its arms imports, it said.</p>
<p>Saudi Arabia was the world's second-largest arms importer in 2019–23, receiving 8.4 per cent of
global arms imports in the period, the SIPRI said.<script>alert('42 per cent')</script></p>
<p>Around 55 per cent of arms imports by European states in 2019–23 were supplied by the US, up
from 35 per cent in 2014–18.</p></article>
<footer>Copyright 2024. Related: 15 per cent off</footer></body></html>"""


def test_html_main_text_and_publication_date_by_trafilatura(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML, encoding="utf-8")
    doc = read.read(p)
    assert "82 per cent of its arms imports" in doc.text
    assert "alert" not in doc.text and "Subscribe" not in doc.text and "Copyright" not in doc.text
    assert doc.date == "2024-03-11" and "metadata" in doc.date_source
    x = extract.extract_file(p)
    assert str(x.date) == "2024-03-11" and "metadata" in x.date_line()
    assert ("sipri-share", 82) in {(c["check"], c["quantity"]) for c in x.claims}
    assert "42" not in [c["extraction"]["figure"] for c in x.claims]


def test_date_given_wins_over_the_pages(tmp_path):
    p = tmp_path / "page.htm"
    p.write_text(HTML, encoding="utf-8")
    x = extract.extract_file(p, date="2024-03-20")
    assert str(x.date) == "2024-03-20" and "--date" in x.date_line()


def test_html_without_main_text_is_unreadable(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><title>x</title></head><body><script>var a = 94;</script></body></html>",
                 encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="no main text"):
        read.read(p)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_in_its_encodings(encoding, tmp_path):
    text = "Russia’s share of Armenia’s arms imports was 94 per cent in 2015–19 – SIPRI.\n"
    p = tmp_path / "t.txt"
    p.write_bytes(text.encode(encoding))
    assert read.read(p).text.strip() == text.strip()


def test_an_unknown_encoding_is_named(tmp_path):
    p = tmp_path / "t.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 40)  # no encoding makes text of this
    with pytest.raises((UnknownEncodingError, UnreadableFileError)):
        read.read(p)
    p.write_bytes(b"arms\x00\x01\x02\xff\xfe binary" * 50)
    with pytest.raises(UnreadableFileError, match="binary"):
        read.read(p)


def test_unknown_kind_missing_file_and_size_limit(tmp_path, monkeypatch):
    with pytest.raises(UnreadableFileError, match="reads texts ending in"):
        read.read(tmp_path / "t.docx")
    with pytest.raises(UnreadableFileError, match="no such file"):
        read.read(tmp_path / "missing.txt")
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 100)
    p = tmp_path / "big.txt"
    p.write_text("x" * 200)
    with pytest.raises(UnreadableFileError, match="at most 100 bytes"):
        read.read(p)


def test_standard_input_is_sniffed():
    doc = read.read("-", stdin=io.BytesIO(HTML.encode()))
    assert doc.kind == "html"
    doc = read.read("-", stdin=io.BytesIO(two_columns("rows")))
    assert doc.kind == "pdf"
    doc = read.read("-", stdin=io.BytesIO("Russia’s exports fell.".encode()))
    assert doc.kind == "text"


def test_control_characters_are_dropped():
    assert read.read_bytes(b"a\x00b\x1bc\r\nd\te", "text").text == "abc\nd e"
