"""Read a text to extract from: plain text or Markdown, HTML, PDF, or standard input.

Texts are untrusted input.  Every reader refuses a file over :data:`MAX_FILE_BYTES` and a text
over :data:`MAX_TEXT_CHARS`, and each failure is a named error (all
:class:`~armsdata.errors.TextReadError`, so ``armsdata`` ends with the message, never a
traceback):

* :class:`~armsdata.errors.UnreadableFileError`: missing, too large, an unknown kind, a binary
  file given as text, a damaged or encrypted PDF, HTML without a main text;
* :class:`~armsdata.errors.NoTextLayerError`: a PDF whose pages carry no text (scanned);
* :class:`~armsdata.errors.UnknownEncodingError`: text bytes in an encoding that cannot be told.

The libraries, and why:

* **HTML: trafilatura** (``bare_extraction``), a maintained main-text extractor (evaluated on
  web news in its authors' ACL 2021 paper) that drops navigation, footers and scripts, and reads a
  page's publication date from its metadata (htmldate).  Markup is never read with regular
  expressions here.  Only the page's own metadata dates it (``extensive_search`` off), so a date
  merely mentioned in the text is never taken for the publication date.
* **PDF: pdfminer.six** with its layout analysis: it groups characters into text boxes and orders
  the boxes column by column, so a two-column fact sheet comes out in reading order.  pypdf was
  compared on two-column pages made with reportlab: its text follows the order in which the page
  draws its lines, so a page drawn line by line across both columns came out interleaved ("...
  transfers of KEY FACTS. US arms exports ... major arms in 2017-21") and one drawn right column
  first came out right column first; pdfminer.six gave the reading order for both
  (``tests/test_extract_read.py`` keeps the two pages).
* **Plain text**: UTF-8 (with or without a byte-order mark) or UTF-16/32 with one; any other
  bytes are identified by charset-normalizer (already installed with requests), and refused when
  it cannot tell.
"""

from __future__ import annotations

import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from armsdata.errors import NoTextLayerError, UnknownEncodingError, UnreadableFileError

#: A larger file is refused: SIPRI's fact sheets are PDFs of under 1 MB, a news page's HTML a few
#: hundred kB; a file ten times the size of a yearbook chapter is a mistake or an attack.
MAX_FILE_BYTES = 20_000_000
#: At most this many characters of text are read (about 150,000 words).
MAX_TEXT_CHARS = 1_000_000
#: At most this many PDF pages are read.
MAX_PDF_PAGES = 200
#: File kinds by extension.
KINDS: dict[str, str] = {".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
                         ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}
#: How sure charset-normalizer must be (its "chaos" below this) to accept an encoding it guessed.
MAX_CHAOS = 0.2

Kind = Literal["text", "html", "pdf"]


@dataclass(frozen=True)
class Document:
    """A text as read: ``text`` (what every offset and quote refers to), its ``kind``, where it
    came from, and the date and title its metadata give (HTML), if any."""

    text: str
    kind: str
    source: str
    date: str | None = None
    date_source: str = ""
    title: str = ""


def kind_of(path: str) -> Kind | None:
    """The kind of a file by its extension (``-`` is standard input: None, sniffed)."""
    return KINDS.get(Path(path).suffix.casefold())  # type: ignore[return-value]


def is_text_path(path: str) -> bool:
    """Whether ``armsdata check`` should read *path* as a text (not a claims file)."""
    return path == "-" or kind_of(path) is not None


def _sniff(data: bytes) -> Kind:
    head = data[:2048].lstrip().lower()
    if data[:5] == b"%PDF-":
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "html"
    return "text"


def read(path: str | os.PathLike[str], kind: Kind | None = None,
         stdin: BinaryIO | None = None) -> Document:
    """Read the text of *path* (``-`` for standard input).

    Parameters
    ----------
    path
        A ``.txt``/``.md``, ``.html``/``.htm`` or ``.pdf`` file, or ``-``.
    kind
        Read as this kind whatever the extension (standard input: sniffed when not given).

    Raises
    ------
    UnreadableFileError, NoTextLayerError, UnknownEncodingError
    """
    name = str(path)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_FILE_BYTES + 1)
        where = "standard input"
    else:
        p = Path(name)
        kind = kind or kind_of(name)
        if kind is None:
            raise UnreadableFileError(
                f"{p}: armsdata reads texts ending in {', '.join(sorted(KINDS))}, not "
                f"{p.suffix or 'a file without an extension'!r}; save it as one of those, or give "
                "it on standard input (-).")
        if not p.is_file():
            raise UnreadableFileError(f"{p}: no such file.")
        if p.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFileError(f"{p}: {p.stat().st_size:,} bytes; armsdata reads texts of "
                                      f"at most {MAX_FILE_BYTES:,} bytes. Cut it into parts.")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise UnreadableFileError(f"{p}: cannot be read ({exc}).") from exc
        where = str(p)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFileError(f"{where}: more than {MAX_FILE_BYTES:,} bytes; armsdata reads "
                                  "texts of at most that size. Cut it into parts.")
    return read_bytes(data, kind or _sniff(data), where)


def read_bytes(data: bytes, kind: Kind, source: str = "text") -> Document:
    """Read *data* as *kind*; see :func:`read`."""
    if kind == "pdf":
        doc = _pdf(data, source)
    elif kind == "html":
        doc = _html(data, source)
    else:
        doc = Document(_clean(_decode(data, source)), "text", source)
    if len(doc.text) > MAX_TEXT_CHARS:
        raise UnreadableFileError(f"{source}: {len(doc.text):,} characters of text; armsdata "
                                  f"reads at most {MAX_TEXT_CHARS:,}. Cut it into parts.")
    return doc


def _clean(text: str) -> str:
    """Line ends as ``\\n``, no NUL or other control characters (tabs become spaces)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]", "", text)


def _decode(data: bytes, source: str) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return data.decode("utf-32")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise UnreadableFileError(f"{source}: not a text file (it holds binary data). Give a "
                                  ".txt, .md, .html or .pdf file.")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise UnknownEncodingError(
            f"{source}: not UTF-8, and its encoding cannot be told with confidence. Save it as "
            "UTF-8 (any editor's 'Save as' offers it) and try again.")
    return str(best)


def _html(data: bytes, source: str) -> Document:
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, favor_recall=True,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # noqa: BLE001 - the library's errors are many and undocumented
        raise UnreadableFileError(f"{source}: the HTML cannot be read ({type(exc).__name__}: "
                                  f"{exc}).") from exc
    text = _clean(getattr(found, "text", "") or "") if found is not None else ""
    if not text.strip():
        raise UnreadableFileError(f"{source}: no main text found in the HTML (trafilatura found "
                                  "none). Save the article's text as .txt and give that.")
    title = str(getattr(found, "title", "") or "")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n\n{text}"
    date = getattr(found, "date", None) or None
    return Document(text, "html", source, date=date,
                    date_source="the page's publication date (its metadata, read by trafilatura)"
                    if date else "", title=title)


def _pdf(data: bytes, source: str) -> Document:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        raw = extract_text(io.BytesIO(data), maxpages=MAX_PDF_PAGES, laparams=LAParams())
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise UnreadableFileError(f"{source}: the PDF is encrypted ({exc}); save an unprotected "
                                  "copy and try again.") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFileError(f"{source}: not a readable PDF ({type(exc).__name__}: "
                                  f"{exc}).") from exc
    text = unwrap(_clean(raw))
    if not re.search(r"\w{2,}", text):
        raise NoTextLayerError(f"{source}: the PDF has no text layer (a scanned document?). "
                               "Run OCR on it first (e.g. ocrmypdf) and give the result.")
    return Document(text, "pdf", source)


def unwrap(text: str) -> str:
    """PDF text as paragraphs: lines of one paragraph joined, words hyphenated at a line end
    joined ("ex-\\nports" -> "exports"), a dash between years kept ("2012–\\n16" -> "2012–16");
    blank lines and form feeds end a paragraph."""
    paragraphs = re.split(r"\n\s*\n|\f", text)
    out = []
    for para in paragraphs:
        lines = [ln.strip() for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        joined = lines[0]
        for ln in lines[1:]:
            if re.search(r"[a-z]-$", joined) and ln[:1].islower():
                joined = joined[:-1] + ln
            elif re.search(r"[\u2013\u2014-]$", joined):
                joined += ln
            else:
                joined += " " + ln
        out.append(joined)
    return "\n\n".join(out)


__all__ = ["KINDS", "MAX_FILE_BYTES", "MAX_PDF_PAGES", "MAX_TEXT_CHARS", "Document", "is_text_path",
           "kind_of", "read", "read_bytes", "unwrap"]
