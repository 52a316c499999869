"""Claim results as text, CSV, JSON or Markdown (the HTML page is :mod:`armsdata.report`'s).

Every string in a result may come from a user's claims file, so each format escapes what it
must: Markdown's table and inline syntax, CSV cells that a spreadsheet would run as a formula
(``=``, ``+``, ``-``, ``@`` at the start, OWASP's "CSV injection"), and JSON by construction.
Every output carries each result's ``range_kind``, its assumptions and its edition and basis.
"""

from __future__ import annotations

import json
import math
import re
from typing import Literal, Sequence

import pandas as pd

from armsdata.analysis import number_or_none
from armsdata.claims.display import ESTIMATE_WORDS, is_estimate
from armsdata.claims.model import ClaimResult, revision_text
from armsdata.claims.rules import fmt

Format = Literal["text", "csv", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "csv", "json", "markdown")

#: Words for each range_kind, as outputs print them.
RANGE_WORDS = {"bound": "bound", "conditional-bound": "conditional bound",
               "reported-range": "reported range", "count": "count",
               "sum-of-reports": "sum of reports, a lower bound", "none": ""}


def figure(r: ClaimResult) -> str:
    """The key figure with its range and what the range is: ``93.73 per cent (bound 93.02 to
    94.72)``, ``no point (reported range 400 to 510) t``.

    A point that is an estimate under an assumption (the classic register's even split:
    :func:`armsdata.claims.display.is_estimate`) never leads: the bounds do, and the point
    follows, labelled: ``93.01 to 94.73 per cent (bound; even-split estimate 93.86 per
    cent)``."""
    if r.value is None and r.low is None and r.high is None:
        return "n/a"
    unit = r.unit
    apart = (r.claim_low, r.claim_high)
    point = fmt(r.value, unit=unit, keep_apart=apart) if r.value is not None else "no point"
    lo = fmt(r.low, unit=unit, bound="low", keep_apart=apart) if r.low is not None else "unbounded"
    hi = (fmt(r.high, unit=unit, bound="high", keep_apart=apart)
          if r.high is not None and not math.isinf(r.high) else "unbounded")
    words = RANGE_WORDS.get(r.range_kind, r.range_kind)
    rng = lo if lo == hi else f"{lo} to {hi}"
    if r.value is not None and is_estimate({"point_from": r.point_from}):
        said = "; ".join(x for x in (words, f"{ESTIMATE_WORDS} {point} {unit}") if x)
        return f"{rng} {unit} ({said})"
    return f"{point} {unit} ({' '.join(x for x in (words, rng) if x)})"


#: How the release that decided a SIPRI verdict was chosen, as outputs print it.
RELEASE_MODES = {"date": "in force at the text's date", "no-date": "the newest that answers",
                 "later": "the release of the text's time cannot answer; the nearest later one",
                 "earlier": "the release of the text's time cannot answer; the nearest earlier one",
                 "edition": "the edition asked for"}


_FORMULA = re.compile(r"^[=+\-@\t\r]")


def csv_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading ``'`` before ``= + - @`` (a number such as
    ``-4.6`` is left alone)."""
    if _FORMULA.match(text) and not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return "'" + text
    return text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
#: A heading, quote or list marker at the start of a line; the escape goes before the marker's
#: punctuation (``\#``, ``1\.``): a backslash before a digit is no escape in Markdown, it shows.
_MD_LINE_START = re.compile(r"^([#>+-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Markdown-inert text: emphasis, code, link, table and HTML syntax escaped (``&`` as an
    entity), a leading heading/list/quote marker escaped, line breaks folded."""
    flat = " ".join(str(text).split()).replace("&", "&amp;")
    return _MD_LINE_START.sub(lambda m: m[1] + "\\" if m[1][0].isdigit() else "\\" + m[1],
                              _MD_SPECIAL.sub(r"\\\1", flat))


def markdown_table(frame: pd.DataFrame, markup: Sequence[str] = ()) -> str:
    """*frame* as a Markdown (pipe) table, laid out by pandas' ``to_markdown`` (tabulate).

    Floats have two decimals; every other cell is escaped by :func:`md_escape` (pipes, line
    breaks, HTML, emphasis: text from a claims file or a download stays text), except the cells
    of the columns in *markup*, which hold Markdown already.  The headers are the frame's column
    names, ours, as they are.
    """
    def cell(column: str, v: object) -> str:
        if isinstance(v, float):
            return f"{v:.2f}"
        return str(v) if column in markup else md_escape(str(v))

    cells = pd.DataFrame({c: [cell(c, v) for v in frame[c]] for c in frame.columns})
    # disable_numparse: the cells are text already; tabulate would read "-4.60" back as a
    # number and write it again in its own format
    return cells.to_markdown(index=False, disable_numparse=True)


def _assumptions(r: ClaimResult) -> list[str]:
    return [f"{a['name']}: {a['value']} ({'confirmed' if a['confirmed'] else 'not confirmed'}; "
            f"{a['effect']})" for a in r.assumptions]


def _json_object(r: ClaimResult) -> dict:
    """*r* as the JSON object of docs/claims.md ("Results"): the one place where a number
    becomes JSON's ``null`` (no value, or none that is finite) or ``"Infinity"`` (an open end of
    the claim; JSON has no infinity)."""
    d = r.to_dict()
    for k in ("value", "low", "high"):
        v = number_or_none(d[k])
        d[k] = v if v is not None and math.isfinite(v) else None
    for k in ("claim_low", "claim_high"):
        v = number_or_none(d[k])
        d[k] = v if v is None or math.isfinite(v) else ("Infinity" if v > 0 else "-Infinity")
    return d


def format_results(results: Sequence[ClaimResult], fmt_: Format = "text", *,
                   author: str = "") -> str:
    """The results in one of :data:`FORMATS`; deterministic.

    Raises
    ------
    ValueError
        An unknown format (the CLI offers only the known ones).
    """
    if fmt_ == "json":
        return json.dumps([_json_object(r) for r in results], ensure_ascii=False, indent=2,
                          allow_nan=False, default=str) + "\n"
    if fmt_ == "csv":
        import csv
        import io

        from armsdata.claims.engine import results_frame

        df = results_frame(results)
        for col in df.columns:
            if df[col].dtype == object or str(df[col].dtype).startswith("str"):
                df[col] = df[col].map(lambda v: csv_safe(v) if isinstance(v, str) else v)
        out = io.StringIO()
        df.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return out.getvalue()
    if fmt_ == "markdown":
        table = pd.DataFrame({"claim": [r.summary for r in results],
                              "verdict": [f"**{md_escape(r.verdict)}**" for r in results],
                              "evidence": [figure(r) for r in results],
                              "why": [r.reason for r in results]})
        lines = [markdown_table(table, markup=("verdict",))]
        by = f" ({md_escape(author)})" if author else ""
        for r in results:
            lines += ["", f"### {md_escape(r.id)}: {md_escape(r.verdict)}", ""]
            if r.quote:
                lines += [f"> {md_escape(r.quote)}{by}", ""]
            lines += [md_escape(r.explanation), ""]
            if r.assumptions:
                lines += ["Assumptions:", ""] + [f"- {md_escape(a)}" for a in _assumptions(r)] + [""]
            if r.evidence:
                lines += ["Evidence:", ""] + [f"- {md_escape(e)}" for e in r.evidence] + [""]
            if r.release is not None:
                lines.append(f"Release: {r.release} ({md_escape(RELEASE_MODES.get(r.release_mode, r.release_mode))}); "
                             f"text date: {md_escape(r.text_date or 'unknown')}")
                lines += [""] + [f"- revision: {md_escape(revision_text(v, r.unit, (r.claim_low, r.claim_high)))}"
                                 for v in r.revisions] + [""]
            lines.append(f"Edition: {md_escape(r.edition or 'none (curated ledgers)')}; basis: "
                         f"{md_escape(r.basis or '-')}")
        return "\n".join(lines) + "\n"
    if fmt_ == "text":
        blocks = []
        for r in results:
            block = [f"{r.id}: {r.verdict}"]
            if r.quote:
                block.append(f"  quote: \"{r.quote}\"")
            block += [f"  claimed: {r.claimed}" if r.claimed else "", f"  evidence: {figure(r)}",
                      f"  why: {r.reason}"]
            if r.release is not None:
                when = (f"the text's date {r.text_date} ({r.date_source})" if r.text_date
                        else "the text's date is unknown")
                block.append(f"  release: {r.release} ({RELEASE_MODES.get(r.release_mode, r.release_mode)}; "
                             f"{when}); editions {r.edition}; bases {r.basis}")
                for v in r.revisions:
                    block.append(f"  revision: {revision_text(v, r.unit, (r.claim_low, r.claim_high))}")
            elif r.edition:
                block.append(f"  edition: {r.edition}; basis: {r.basis}")
            if r.coverage_note:
                block.append(f"  coverage: {r.coverage_note}")
            for a in _assumptions(r):
                block.append(f"  assumption: {a}")
            if not (r.error and r.error in r.reason):  # else the reason said it all already
                block.append(f"  {r.explanation}")
            blocks.append("\n".join(b for b in block if b))
        return "\n\n".join(blocks) + "\n"
    raise ValueError(f"unknown format {fmt_!r}; expected one of {list(FORMATS)}.")
