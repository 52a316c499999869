"""The text itself with every SIPRI figure marked by its verdict: ``armsdata check TEXT --html``.

Spell-checker style: each figure a claim was drafted from is marked in the text with its
verdict's colour and symbol (:data:`armsdata.claims.display.VERDICT_STYLES`, the one definition the
report uses), the one-line reason on hover (``title``) and in a numbered footnote below the text;
a figure found but not read (a candidate) is marked "found, not read" with why; a number that is
not a SIPRI transfer figure is marked lightly with what it is.  Below come the footnotes, the
candidates, the numbers that are not SIPRI's and the verdict table.

Every string from the text, the claims and the results is escaped (Jinja2 autoescape): the
marks are built as segments of plain text, never as HTML strings.  The page fetches nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: The page's template (in ``armsdata/templates``).
TEXT_TEMPLATE = "armsdata-text.html.j2"
#: How a candidate ("found, not read") and a number that is not SIPRI's are marked.
CANDIDATE = {"label": "found, not read", "glyph": "?", "css": "found"}
NOT_SIPRI = {"label": "not a SIPRI transfer figure", "glyph": "\u2013", "css": "not-sipri"}


def _marks(extraction: Any, results: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every mark in text order: (start, end) in the text, kind, footnote number, label."""
    from armsdata.claims.display import verdict_style
    from armsdata.report.index import _css_class

    marks: list[dict[str, Any]] = []
    n = 0
    for c in extraction.claims:
        r = results.get(c["id"])
        verdict = getattr(r, "verdict", "") or "not evaluated"
        style = verdict_style(verdict)
        n += 1
        at = int(c["extraction"]["at"])
        marks.append({"start": at, "end": at + len(c["extraction"]["figure"]), "kind": "claim",
                      "n": n, "id": c["id"], "verdict": verdict, "css": f"verdict-{_css_class(verdict)}",
                      "glyph": style.glyph, "reason": getattr(r, "reason", "") or "not evaluated",
                      "claimed": getattr(r, "claimed", "") or "", "quote": c["quote"],
                      "confidence": c["extraction"]["confidence"],
                      "note": c["extraction"]["note"]})
    for c in extraction.candidates:
        n += 1
        marks.append({"start": int(c["at"]), "end": int(c["at"]) + len(c["figure"]),
                      "kind": "candidate", "n": n, "id": f"candidate-{n}", "verdict": CANDIDATE["label"],
                      "css": CANDIDATE["css"], "glyph": CANDIDATE["glyph"], "reason": c["why"],
                      "claimed": "", "quote": c["quote"], "confidence": "", "note": ""})
    for c in extraction.not_sipri:
        marks.append({"start": int(c["at"]), "end": int(c["at"]) + len(c["figure"]),
                      "kind": "not-sipri", "n": None, "id": "", "verdict": NOT_SIPRI["label"],
                      "css": NOT_SIPRI["css"], "glyph": "", "reason": c["why"], "claimed": "",
                      "quote": c["quote"], "confidence": "", "note": c["kind"]})
    marks.sort(key=lambda m: (m["start"], -m["end"], m["n"] or 0))
    n = 0
    for m in marks:  # notes numbered in the order a reader meets the figures
        if m["n"] is not None:
            n += 1
            m["n"] = n
            if m["kind"] == "candidate":
                m["id"] = f"candidate-{n}"
    return marks


def segments(text: str, marks: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """*text* as plain and marked segments, in order.  Marks on the same span share one
    segment (several footnotes); a mark that overlaps an earlier one is left to its footnote."""
    out: list[dict[str, Any]] = []
    pos = 0
    for m in marks:
        if m["start"] < pos:
            if out and out[-1].get("marks") and (m["start"], m["end"]) == out[-1]["span"]:
                out[-1]["marks"].append(m)
            continue
        if m["start"] > pos:
            out.append({"text": text[pos:m["start"]], "marks": []})
        out.append({"text": text[m["start"]:m["end"]], "marks": [dict(m)],
                    "span": (m["start"], m["end"])})
        pos = m["end"]
    out.append({"text": text[pos:], "marks": []})
    return out


def render_text_page(extraction: Any, results: Sequence[Any], *, title: str,
                     data_dir: str | os.PathLike[str] | None = None) -> str:
    """HTML of the page (see the module's docstring).

    Parameters
    ----------
    extraction
        An :class:`armsdata.extract.Extraction`.
    results
        The :class:`armsdata.claims.ClaimResult` of its claims (by ``id``).
    """
    from armsdata.claims.display import VERDICT_STYLES, key_figure, verdict_style
    from armsdata.claims.model import release_rows
    from armsdata.report.index import (_css_class, claim_rows, record_text, release_lines,
                                       verdict_css)
    from armsdata.report.pages import CSS_FILE, jinja_env

    by_id = {r.id: r for r in results}
    marks = _marks(extraction, by_id)
    rows = []
    for row in claim_rows(list(results)):
        figure, detail = key_figure(row)
        style = verdict_style(str(row.get("verdict", "")))
        rows.append({**row, "figure": figure, "figure_detail": detail, "glyph": style.glyph,
                     "verdict_class": _css_class(str(row.get("verdict", ""))),
                     "releases": release_lines(row), "record": record_text(row)})
    counts: dict[str, int] = {}
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
    legend = [(v, _css_class(v), st.glyph, counts.get(v, 0)) for v, st in VERDICT_STYLES.items()]
    editions = sorted({f"{e} ({v['release']} release)" for r in results
                       for v in release_rows(r) for e in v["editions"]})
    return jinja_env().get_template(TEXT_TEMPLATE).render(
        title=title, x=extraction, segments=segments(extraction.text, marks),
        notes=[m for m in marks if m["n"] is not None],
        not_sipri=[m for m in marks if m["kind"] == "not-sipri"], rows=rows, legend=legend,
        candidate=CANDIDATE, not_sipri_style=NOT_SIPRI, date_line=extraction.date_line(),
        editions=editions, css=CSS_FILE.read_text("utf-8"), verdict_css=verdict_css())


def write_text_page(extraction: Any, results: Sequence[Any], output: str | os.PathLike[str], *,
                    title: str, data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write :func:`render_text_page` to *output* atomically (nothing half-written; refused if
    it would fetch anything).  Returns the path."""
    from armsdata.report.pages import write_page

    return write_page(render_text_page(extraction, results, title=title, data_dir=data_dir),
                      output)


__all__ = ["CANDIDATE", "NOT_SIPRI", "TEXT_TEMPLATE", "render_text_page", "segments",
           "write_text_page"]
