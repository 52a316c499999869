"""The index page: a figure of every numeric claim, one line per claim (verdict, key figure,
reason; explanation, evidence and assumptions behind a disclosure control), the edition-drift
section (every SIPRI-based claim on every edition, as a figure and a table), the notebooks and
the data editions; and the same page for any claims file (``armsdata check --html``).

Every value from data or claims is escaped (Jinja2 autoescape); only ``http(s)`` URLs in the
evidence become links, and they stay plain anchors (nothing is fetched).
"""

from __future__ import annotations

import logging
import math
import os
import re
from pathlib import Path
from typing import Any, Mapping, Sequence

from armsdata import claims
from armsdata.claims import display
from armsdata.errors import ReportError
from armsdata.report.pages import OVERVIEW, CSS_FILE, Page, jinja_env, write_page
from armsdata.report.provenance import Provenance, provenance

log = logging.getLogger(__name__)

INDEX_TEMPLATE = "armsdata-index.html.j2"
SITE_TITLE = "armsdata: the article's claims checked against the SIPRI Arms Transfers Database"
#: The README's commands, shown on the index page.
REPRODUCE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("make reproduce", "verify the data, execute every notebook, build this site"),
    ("make test", "the test suite, with nbval on the committed notebooks"),
    ("armsdata report --output site", "this site alone"),
)
#: Fields of a claim result (docs/claims.md "Results") that the index shows.
CLAIM_FIELDS = ("id", "quote", "check", "comparator", "unit", "summary", "claimed", "quantity",
                "claim_low", "claim_high", "value", "low", "high", "range_kind", "verdict",
                "reason", "explanation", "evidence", "assumptions", "edition", "basis", "notebook",
                "release", "release_mode", "text_date", "date_source", "low_from", "high_from",
                "point_from", "revisions")
#: The fields the schema allows to be empty, with the empty value a result may leave out:
#: no point or range (``value``/``low``/``high`` None), no SIPRI edition or basis ("" for ledger
#: claims), no notebook, no SIPRI release (a ledger claim: no release, how it was chosen, date,
#: bounds' sources or revisions).  Every other field must be there.
OPTIONAL_FIELDS: dict[str, Any] = {"value": None, "low": None, "high": None, "edition": "",
                                   "basis": "", "notebook": None, "release": None,
                                   "release_mode": "", "text_date": "", "date_source": "",
                                   "low_from": "", "high_from": "", "point_from": "",
                                   "revisions": []}


def claim_rows(results: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """The index's rows: one dict per evaluated claim, with :data:`CLAIM_FIELDS`.

    The one place where results of ``armsdata.claims`` become what the report shows; everything
    else in this module reads rows.

    Parameters
    ----------
    results
        Evaluated claims (``armsdata.claims.ClaimResult``, or mappings with its fields); None
        evaluates every claim with ``armsdata.claims.evaluate_each()``: a claim
        that cannot be evaluated is shown as the engine reports it (not-checkable, with the
        reason) and named in a warning, and the others are still shown.

    Raises
    ------
    ReportError
        A result lacks a field the index shows (:func:`claim_row`).
    """
    if results is None:
        results, failures = claims.evaluate_each()
        for cid, exc in failures:
            log.warning("claim %s cannot be evaluated (%s: %s); the index shows what the claims "
                        "engine reports for it", cid, type(exc).__name__, exc)
    return [claim_row(r) for r in results]


def claim_row(result: Any) -> dict[str, Any]:
    """One claim result (an ``armsdata.claims.ClaimResult``, or a mapping with its fields) as a
    row of the index: the fields of :data:`CLAIM_FIELDS`.

    Numbers stay the result's floats: an open end of the claim is ±inf, a missing value None
    (NaN too, by :func:`armsdata.analysis.number_or_none`).  Missing :data:`OPTIONAL_FIELDS`
    get their empty value.

    Raises
    ------
    ReportError
        A required field is missing: the engine and the report disagree about the schema.
    """
    from armsdata.analysis import number_or_none

    d = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    missing = [f for f in CLAIM_FIELDS if f not in d and f not in OPTIONAL_FIELDS]
    if missing:
        raise ReportError(
            f"claim {d.get('id', '?')!r}: the result lacks {', '.join(missing)}; the index shows "
            "the claim-result fields of docs/claims.md (report.index.CLAIM_FIELDS). Update "
            "armsdata.claims and CLAIM_FIELDS together.")
    row = {f: d.get(f, OPTIONAL_FIELDS.get(f)) for f in CLAIM_FIELDS}
    for f in ("value", "low", "high"):
        row[f] = number_or_none(row[f])
    row["revisions"] = [dict(v) for v in row["revisions"] or []]
    return row


def release_lines(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A claim row's SIPRI releases as the page lists them under the claim: the release of
    record (``decides``) first, then every revision, newest first; each with its editions and
    bases, its range (rounded outward, never onto the claim's limits:
    :func:`display.format_range`), its point and where the point comes from (an even split's is
    labelled an estimate), and the verdict there with its badge.  Empty for a claim no SIPRI
    release judges."""
    from armsdata.analysis import finite_or_none
    from armsdata.claims.model import release_rows

    unit = str(row.get("unit") or "")
    u = display.unit_text(unit)
    limits = [x for x in display.claim_limits(row) if math.isfinite(x)]
    out = []
    for r in sorted(release_rows(row), key=lambda r: not r["decides"]):  # stable: newest first
        low, high, value = (finite_or_none(r[k]) for k in ("low", "high", "value"))
        if low is not None and high is not None:
            rng = f"{display.format_range(low, high, unit, limits)}{u}"
        else:
            rng = "–"
        if value is None:
            point = "–"
        elif display.is_estimate(r):
            point = display.estimate_text({**r, "unit": unit, "claim_low": row.get("claim_low"),
                                           "claim_high": row.get("claim_high")})
        else:
            point = f"{display.format_number(value, unit, limits, decimals=2)}{u}"
            source = display.point_source(r)
            point += f" ({source})" if source else ""
        verdict = str(r["verdict"] or "no verdict")
        out.append({"release": r["release"], "decides": r["decides"],
                    "editions": ", ".join(r["editions"]), "bases": ", ".join(r["bases"]),
                    "range": rng, "point": point, "verdict": verdict,
                    "verdict_class": _css_class(verdict),
                    "glyph": display.verdict_style(verdict).glyph,
                    "consistent": r["consistent"]})
    return out


def record_text(row: Mapping[str, Any]) -> str:
    """How a claim's release of record was chosen, in words: ``"the newest that answers; the
    text's date is unknown"``, ``"in force on 2022-03-14, the text's date (the claim's
    source)"``; ``""`` for a claim no SIPRI release judges."""
    from armsdata import releases
    from armsdata.claims.explain import mode_words

    if row.get("release") is None:
        return ""
    date = str(row.get("text_date") or "")
    rel = releases.in_force(date) if date else None
    words = mode_words(str(row.get("release_mode") or ""), date,
                       rel.year if rel is not None else None)
    source = str(row.get("date_source") or "")
    return f"{words} ({source})" if date and source else words


def claim_pages(claims: Sequence[Mapping[str, Any]], pages: Sequence[Page]
                ) -> dict[str, Page | None]:
    """The page each claim links to, by claim id.

    In order: the notebook the claim result names (its ``notebook`` field); the first notebook
    other than the overview that checks the claim (:func:`notebook_claims`); the overview page.
    None when there is none of these: the index then shows the claim without a link, and
    :func:`build_site` says so.
    """
    by_stem = {p.stem: p for p in pages}
    overview = by_stem.get(OVERVIEW)
    out: dict[str, Page | None] = {}
    for c in claims:
        cid, named = c["id"], c["notebook"]
        page = by_stem.get(Path(named).stem) if named else None
        if named and page is None and pages:  # a page with no notebooks links to none
            log.warning("claim %r names notebook %r, which is not in the site", cid, named)
        page = page or next((p for p in pages if p is not overview and cid in p.claims), None)
        out[cid] = page or overview
    return out


def verdict_css() -> str:
    """CSS for the verdict badges, from :data:`armsdata.claims.display.VERDICT_STYLES` (one
    definition for the figure and the page)."""
    return "\n".join(f".verdict-{_css_class(v)} {{ background: {st.colour}; color: {st.text}; }}"
                     for v, st in display.VERDICT_STYLES.items())


def _css_class(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def overview_figure(claims: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The index figure as embeddable SVGs, wide (desktop, print) and narrow (phones), each
    SIPRI figure with its range on every other release that answers it:
    ``{"alt", "wide": {"src", "width", "height"}, "narrow": {...}}`` with ``src`` a data URI;
    None when no claim has a number."""
    from armsdata import plots

    if not any(display.is_numeric_claim(c) for c in claims):
        return None
    out: dict[str, Any] = {}
    for layout in ("wide", "narrow"):
        fig = plots.claims_overview(claims, layout=layout, releases=True)
        out["alt"] = plots.alt_text(fig)
        out[layout] = _svg(fig)
    return out


def _svg(fig: Any) -> dict[str, Any]:
    import base64
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    # text as paths: the figure looks the same whatever fonts the reader has; a fixed hash salt
    # and no date keep the SVG the same from build to build
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "armsdata"}):
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    w, h = fig.get_size_inches() * 96  # CSS pixels at the figure's own size; the page scales it
    return {"src": "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode(),
            "width": round(w), "height": round(h)}


def drift_rows(table: Any = None, data_dir: str | os.PathLike[str] | None = None
               ) -> list[dict[str, Any]]:
    """The index's revision lines: one dict per claim and SIPRI release, with the columns of
    :func:`armsdata.claims.drift` (``value``/``low``/``high`` None where there is none).

    Parameters
    ----------
    table
        A :func:`armsdata.claims.drift` table, or its rows; None evaluates every SIPRI-based
        claim of the article on every release of the editions under *data_dir*.
    """
    from armsdata.analysis import number_or_none

    if table is None:
        table = claims.drift(data_dir=data_dir)
    records = table.to_dict(orient="records") if hasattr(table, "to_dict") else list(table)
    return [{**r, **{k: number_or_none(r[k]) for k in ("value", "low", "high")}}
            for r in records]


def drift_lines(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """:func:`drift_rows` as the template shows them: per claim its releases, each with the
    figure (point and range, as :func:`armsdata.claims.display.key_figure` writes them), the
    verdict's badge, whether it is the release that judges the claim, and the reason where the
    release cannot answer."""
    groups: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = groups.setdefault(r["id"], {"id": r["id"], "summary": r["summary"] or r["id"],
                                        "claimed_region": display.claimed_region(r)
                                        if display.is_numeric_claim(r) else "", "editions": []})
        figure, detail = display.key_figure(r) if r["answered"] else ("–", "")
        verdict = r["verdict"] or "no verdict"
        g["editions"].append({
            "release": r["release"], "editions": r["editions"], "decides": bool(r["decides"]),
            "basis": r["basis"],
            "figure": figure, "figure_detail": detail, "verdict": verdict,
            "verdict_class": _css_class(verdict), "glyph": display.verdict_style(verdict).glyph,
            "answered": r["answered"], "reason": r["reason"]})
    return list(groups.values())


def drift_figure(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The revisions figure (every SIPRI claim on every release) as an embeddable SVG (``{"alt", "src", "width", "height"}``);
    None without rows."""
    import pandas as pd

    from armsdata import plots

    if not rows:
        return None
    fig = plots.edition_drift(pd.DataFrame(list(rows)))
    return {"alt": plots.alt_text(fig), **_svg(fig)}


def render_index(claims: Sequence[Mapping[str, Any]], pages: Sequence[Page], prov: Provenance,
                 title: str = SITE_TITLE, *, lead: str = "", standalone: bool = False,
                 drift: Sequence[Mapping[str, Any]] | None = None) -> str:
    """HTML of the index page: a figure of every numeric claim, then a table with one line per
    claim (summary, verdict, key figure, reason) and the rest behind a disclosure control.

    Every value from data or claims is escaped (Jinja2 autoescape); only ``http(s)`` URLs in the
    evidence become links, and they stay plain anchors (nothing is fetched).

    Parameters
    ----------
    claims
        Rows as from :func:`claim_rows`.
    pages
        The notebook pages of the site, in order.
    drift
        Lines as from :func:`drift_rows`: the section "Revisions" (a figure and a table of
        every SIPRI-based claim on every release); None or empty leaves it out.
    """
    links = claim_pages(claims, pages)
    rows = []
    for c in claims:
        page = links[c["id"]]
        style = display.verdict_style(c["verdict"])
        figure, detail = display.key_figure(c)
        rows.append({
            **c,
            "anchor": re.sub(r"[^A-Za-z0-9_.-]+", "-", c["id"]) or "claim",
            "summary": c["summary"] or c["id"],
            "claimed_region": display.claimed_region(c) if display.is_numeric_claim(c) else "",
            "verdict": c["verdict"] or "no verdict",
            "verdict_class": _css_class(c["verdict"]),
            "glyph": style.glyph,
            "figure": figure,
            "figure_detail": detail,
            "evidence": [_linkify(e) for e in c["evidence"]],
            "releases": release_lines(c),
            "record": record_text(c),
            "href": page.href if page else None,
            "page_title": page.title if page else None,
        })
    counts: dict[str, int] = {}
    for r in rows:  # in order of first appearance, then put in the engine's order
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    order = [v for v in display.VERDICT_STYLES if v in counts] + [
        v for v in counts if v not in display.VERDICT_STYLES]
    summary = [(v, _css_class(v), display.verdict_style(v).glyph, counts[v]) for v in order]
    width = max(len(cmd) for cmd, _ in REPRODUCE_COMMANDS)
    return jinja_env().get_template(INDEX_TEMPLATE).render(
        title=title, claims=rows, pages=pages, p=prov, css=CSS_FILE.read_text("utf-8"),
        verdict_css=verdict_css(), figure=overview_figure(claims), summary=summary,
        reproduce=REPRODUCE_COMMANDS, width=width, lead=lead, standalone=standalone,
        drift=drift_lines(drift or []), drift_figure=drift_figure(drift or []))


def write_check_page(results: Sequence[Any], output: str | os.PathLike[str], *, title: str,
                     source: str = "", author: str = "",
                     data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write the verdicts of ``armsdata check`` as one self-contained page in the report's look
    (the figure, one line per claim, the details behind a disclosure control), atomically.

    Every string from the claims file is escaped, as on the index.

    Returns
    -------
    Path
        *output*.
    """
    out = Path(output)
    rows = claim_rows(results)
    by = f" by {author}" if author else ""
    lead = (f"The claims of {source or 'a claims file'}{by}, each checked by armsdata against "
            "the SIPRI Arms Transfers Database (and the curated ledgers where a claim names "
            "one). A SIPRI figure is judged on the release in force at the text's date (the "
            "newest that answers where the date is unknown); every other release that answers "
            "it is shown as a revision, with the verdict it would give there. The figure shows "
            "every claim with a number against its evidence; the table gives each verdict with "
            "its reason and each SIPRI figure's releases, and the full explanation behind "
            "details.")
    html = render_index(rows, [], provenance(data_dir), title=title, lead=lead, standalone=True)
    return write_page(html, out)


_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


def _linkify(text: str) -> Any:
    """*text* escaped, with http(s) URLs as plain anchors (Markup, so Jinja does not re-escape)."""
    from markupsafe import Markup, escape

    out = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:)]")
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<a href="{0}" class="ad-url" rel="noopener noreferrer">{0}</a>')
                   .format(url))
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


