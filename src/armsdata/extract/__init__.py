"""Find every SIPRI arms-transfer figure in a text and draft it as a claim.

Pure over strings, in four steps, one module each:

==========================  =====================================================================
:mod:`.readers`             a file (``.txt``/``.md``, ``.html``, ``.pdf``, standard input) -> text
:mod:`.sentences`           text -> sentences, each a verbatim slice with its offsets
:mod:`.grammar`             sentence -> tags: windows, figures, ranks, actors (named patterns)
:mod:`.interpret`           tagged sentences -> claim drafts, candidates, numbers not SIPRI's
==========================  =====================================================================

SIPRI's phrasings are data (``phrasings.yaml``, ``demonyms.csv``: :mod:`.phrases`).  The result
(:class:`Extraction`) writes a claims file in the schema of ``docs/claims.md`` that ``armsdata
check`` runs unchanged (:meth:`Extraction.to_yaml`), or one JSON object
(:meth:`Extraction.to_json`).

>>> from armsdata import extract
>>> x = extract.extract_text("Russia accounted for at least 94 per cent of Armenia's arms "
...                          "imports in 2011-20.")
>>> c = x.claims[0]
>>> c["check"], c["quantity"], c["comparator"], c["evidence"]
('sipri-share', 94, 'at-least', {'recipient': 'Armenia', 'supplier': 'Russia'})
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from armsdata.extract import interpret, sentences
from armsdata.extract.readers import Document, is_text_path, read, read_bytes

#: Check names the extractor writes; the claims schema knows them all.
CHECKS = ("sipri-share", "sipri-import-share", "sipri-export-share", "sipri-top-share",
          "sipri-change", "sipri-rank")


@dataclass
class Extraction:
    """What :func:`extract_text` found: claims in the claims schema (each with ``extraction``:
    confidence, note, the figure and its offset), candidates and numbers that are not SIPRI
    transfer figures (each with its quote, figure, offset and why), the text and its date."""

    text: str
    date: dt.date | None
    date_source: str
    source: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    candidates: list[dict[str, Any]] = field(default_factory=list)
    not_sipri: list[dict[str, Any]] = field(default_factory=list)
    title: str = ""

    @property
    def release(self) -> Any:
        """The SIPRI release in force at the text's date (None without a date)."""
        from armsdata import releases

        return releases.in_force(self.date) if self.date else None

    def date_line(self) -> str:
        """One line on the text's date and the release in force then, for every output."""
        if self.date is None:
            return ("date: unknown (give --date YYYY-MM-DD): windows such as 'the past five "
                    "years' cannot be read, and the claims are judged on the newest release")
        rel = self.release
        on = rel.describe() if rel else "before the first SIPRI release armsdata knows"
        return f"date: {self.date} ({self.date_source}); release in force then: {on}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON object: ``{"date", "claims", "candidates", "not_sipri"}``."""
        return {"date": self.date.isoformat() if self.date else None, "claims": self.claims,
                "candidates": self.candidates, "not_sipri": self.not_sipri}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n"

    def write(self, output: str | os.PathLike[str], fmt: str = "yaml") -> Path:
        """Write the draft (``yaml``: a claims file; ``json``: one object) to *output*
        atomically: a temp file beside it, then a rename, so nothing is left half-written."""
        from armsdata import snapshot

        return snapshot.write_atomic(output, self.to_json() if fmt == "json" else self.to_yaml())

    def check(self, editions: Sequence[str] | None = None,
              data_dir: str | os.PathLike[str] | None = None) -> tuple[list[Any], list[Any], Any]:
        """Evaluate the drafted claims as ``armsdata check`` evaluates a claims file: through
        the claims file :meth:`to_yaml` writes (so a draft kept with ``--claims-out`` gives the
        same verdicts).  Returns ``(results, failures, claims_file)``."""
        import tempfile

        from armsdata import claims

        with tempfile.TemporaryDirectory(prefix="armsdata-extract-") as tmp:
            draft = self.write(Path(tmp) / "draft.yaml")
            # the text's date, named as it was found (--date, or the page's own date)
            return claims.evaluate_file(draft, editions=editions, data_dir=data_dir,
                                        date=self.date, date_label=self.date_source or "--date")

    def to_yaml(self) -> str:
        """A claims file ``armsdata check`` runs unchanged: a header comment, ``title``,
        ``date`` (when known), ``source``, ``claims``; the candidates and the numbers that are
        not SIPRI's as the top-level lists ``candidates`` and ``not_sipri``, which the schema
        accepts and no check evaluates."""
        import yaml

        head = [f"# Claims drafted by `armsdata extract` from {self.source}.",
                f"# {self.date_line()}",
                f"# {len(self.claims)} claims ({sum(c['extraction']['confidence'] == 'high' for c in self.claims)} "
                f"high confidence), {len(self.candidates)} candidates (figures found, not read), "
                f"{len(self.not_sipri)} numbers that are not SIPRI transfer figures.",
                "# Read each claim against its quote, correct what is wrong, then run:",
                "#   armsdata check THIS-FILE",
                "# The lists `candidates` and `not_sipri` at the end are not checked; a candidate",
                "# you can state as a claim goes under `claims` (docs/claims.md)."]
        doc: dict[str, Any] = {"title": self.title or f"Claims found in {self.source}"}
        if self.date:
            doc["date"] = self.date.isoformat()
        doc["source"] = {"file": self.source}
        doc["claims"] = self.claims
        doc["candidates"] = self.candidates
        doc["not_sipri"] = self.not_sipri
        body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
        return "\n".join(head) + "\n" + body


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40] or "x"


_SHORT = {"sipri-share": "share", "sipri-import-share": "import-share",
          "sipri-export-share": "export-share", "sipri-top-share": "top-share",
          "sipri-change": "change", "sipri-rank": "rank"}


def _claim(n: int, d: interpret.Draft, text_offset: int = 0) -> dict[str, Any]:
    ev = d.evidence
    who = ev.get("supplier") or ev.get("recipient") or ev.get("among", "")
    if d.check == "sipri-top-share":
        who = f"top-{ev['top']}-{ev['among'].split()[-1]}"
    q: Any = d.quantity
    if float(q).is_integer():
        q = int(q)
    c: dict[str, Any] = {
        "id": f"c{n:02d}-{_SHORT[d.check]}-{_slug(who)}",
        "quote": d.sentence.text,
        "check": d.check,
        "quantity": q,
        "unit": d.unit,
        "comparator": d.comparator,
        "window": {"start": d.window[0], "end": d.window[1]},
    }
    if d.window_note:
        c["window_note"] = d.window_note
    if d.precision is not None:
        c["precision"] = d.precision
    c["evidence"] = {k: v for k, v in ev.items()}
    notes = d.notes + ([f"window: {d.window_note}"] if d.window_note else [])
    c["extraction"] = {"confidence": d.confidence,
                       "note": "; ".join(notes) if notes else
                       ("read from its own sentence" if d.confidence == "high" else
                        "part of it read from the text around it"),
                       "figure": d.figure.text,
                       "at": d.sentence.start + d.figure.start + text_offset}
    return c


def _found(f: interpret.Found, key: str) -> dict[str, Any]:
    out = {"quote": f.sentence.text, "figure": f.figure.text, "why": f.why,
           "at": f.sentence.start + f.figure.start}
    if key == "not_sipri":
        out = {"quote": out["quote"], "figure": out["figure"], "kind": f.kind, "why": f.why,
               "at": out["at"]}
    return out


def extract_text(text: str, date: dt.date | str | None = None, *, source: str = "text",
                 date_source: str = "given") -> Extraction:
    """Every SIPRI figure in *text*: claims, candidates and numbers that are not SIPRI's.

    Parameters
    ----------
    text
        The text as read (quotes and offsets refer to it).
    date
        The text's date (``YYYY-MM-DD`` or a date): relative windows ("the past five years")
        and the period of figures without a window are read against the SIPRI release in force
        then (:func:`armsdata.releases.in_force`).  None: unknown; such figures are candidates.
    """
    from armsdata import releases

    day = releases.as_date(date) if date is not None else None
    reading = interpret.read(sentences.split(text), day)
    drafts = sorted(reading.drafts, key=lambda d: (d.sentence.start, d.figure.start))
    x = Extraction(text=text, date=day, date_source=date_source if day else "", source=source)
    x.claims = [_claim(n, d) for n, d in enumerate(drafts, start=1)]
    x.candidates = [_found(f, "candidates") for f in sorted(
        reading.candidates, key=lambda f: (f.sentence.start, f.figure.start))]
    x.not_sipri = [_found(f, "not_sipri") for f in sorted(
        reading.not_sipri, key=lambda f: (f.sentence.start, f.figure.start))]
    return x


def extract_file(path: str | os.PathLike[str], date: dt.date | str | None = None,
                 stdin: Any = None) -> Extraction:
    """Read *path* (``-``: standard input) and extract from it.  The date is *date*, else the
    one the text's metadata give (an HTML page's publication date), else unknown.

    Raises
    ------
    UnreadableFileError, NoTextLayerError, UnknownEncodingError
        The file cannot be read (see :mod:`armsdata.extract.readers`).
    ReleaseError
        *date* is not a date.
    """
    doc = read(path, stdin=stdin)
    when, why = date, "given with --date"
    if when is None and doc.date:
        when, why = doc.date, doc.date_source
    source = "standard input" if str(path) == "-" else os.path.basename(str(path))
    x = extract_text(doc.text, when, source=source, date_source=why)
    x.title = doc.title
    return x


__all__ = ["CHECKS", "Document", "Extraction", "extract_file", "extract_text", "is_text_path",
           "read", "read_bytes"]
