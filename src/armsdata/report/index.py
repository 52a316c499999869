"""The index page: a figure of every numeric claim, one line per claim (verdict, key figure,
reason; explanation, evidence and assumptions behind a disclosure control), the edition-drift
section (every SIPRI-based claim on every edition, as a figure and a table), the notebooks and
the data editions; and the same page for any claims file (``armsdata check --html``).

Every value from data or claims is escaped (Jinja2 autoescape); only ``http(s)`` URLs in the
evidence become links, and they stay plain anchors (nothing is fetched).
"""

from __future__ import annotations

import importlib
import logging
import math
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

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
                "reason", "explanation", "evidence", "assumptions", "edition", "basis", "notebook")
#: The fields the schema allows to be empty, with the empty value a result may leave out:
#: no point or range (``value``/``low``/``high`` None), no SIPRI edition or basis ("" for ledger
#: claims), no notebook.  Every other field must be there.
OPTIONAL_FIELDS: dict[str, Any] = {"value": None, "low": None, "high": None, "edition": "",
                                   "basis": "", "notebook": None}
#: Keys of one entry of a result's ``assumptions``.
ASSUMPTION_KEYS = ("name", "value", "confirmed", "effect")


def claim_rows(results: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """The index's rows: one dict per evaluated claim, with :data:`CLAIM_FIELDS`.

    The one place where results of ``armsdata.claims`` become what the report shows; everything
    else in this module reads rows.

    Parameters
    ----------
    results
        Evaluated claims (``armsdata.claims.ClaimResult``, or anything with ``to_dict()``, or
        mappings); None evaluates every claim with ``armsdata.claims.evaluate_each()``: a claim
        that cannot be evaluated is shown as the engine reports it (not-checkable, with the
        reason) and named in a warning, and the others are still shown.

    Raises
    ------
    ReportError
        ``armsdata.claims`` cannot be imported (the index needs real verdicts, so there is no
        fallback), or a result lacks a field the index shows (:func:`claim_row`).
    """
    if results is None:
        try:
            claims = importlib.import_module("armsdata.claims")
        except ImportError as exc:
            raise ReportError(
                f"cannot import armsdata.claims ({exc}); the report's index needs the evaluated "
                "claims. Fix the import error (or install the package with `pip install -e .`) "
                "and build again.") from exc
        results, failures = claims.evaluate_each()
        for cid, exc in failures:
            log.warning("claim %s cannot be evaluated (%s: %s); the index shows what the claims "
                        "engine reports for it", cid, type(exc).__name__, exc)
    return [claim_row(r) for r in results]


def claim_row(result: Any) -> dict[str, Any]:
    """One claim result as a row of the index: the fields of :data:`CLAIM_FIELDS`, checked and
    in plain Python types.

    Missing :data:`OPTIONAL_FIELDS` get their empty value; numbers become float or None (NaN is
    None); an open claim limit (None, ``"inf"``) becomes ±inf; ``evidence`` a list of strings;
    ``assumptions`` a list of dicts with :data:`ASSUMPTION_KEYS`.

    Raises
    ------
    ReportError
        A required field is missing: the engine and the report disagree about the schema.
    """
    if hasattr(result, "to_dict") and callable(result.to_dict):
        d = dict(result.to_dict())
    elif isinstance(result, Mapping):
        d = dict(result)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        d = dataclasses.asdict(result)
    else:
        raise ReportError(f"a claim result of type {type(result).__name__} is neither a mapping "
                          "nor has to_dict(); the report reads the result fields of "
                          "docs/claims.md.")
    missing = [f for f in CLAIM_FIELDS if f not in d and f not in OPTIONAL_FIELDS]
    if missing:
        raise ReportError(
            f"claim {d.get('id', '?')!r}: the result lacks {', '.join(missing)}; the index shows "
            "the claim-result fields of docs/claims.md (report.CLAIM_FIELDS). Update "
            "armsdata.claims and report.CLAIM_FIELDS together.")
    row = {f: d.get(f, OPTIONAL_FIELDS.get(f)) for f in CLAIM_FIELDS}
    for f in ("value", "low", "high"):
        row[f] = _float_or_none(row[f])
    row["claim_low"] = _claim_limit(row["claim_low"], -math.inf)
    row["claim_high"] = _claim_limit(row["claim_high"], math.inf)
    q = row["quantity"]
    row["quantity"] = ([_float_or_none(x) for x in q] if isinstance(q, (list, tuple))
                       else _float_or_none(q))
    row["evidence"] = _evidence_items(row["evidence"])
    row["assumptions"] = [_assumption(a) for a in (row["assumptions"] or [])]
    for f in ("id", "quote", "check", "comparator", "unit", "summary", "claimed", "range_kind",
              "verdict", "reason", "explanation", "edition", "basis"):
        row[f] = _text(row[f])
    row["notebook"] = None if _missing(row["notebook"]) or not row["notebook"] \
        else str(row["notebook"])
    return row


def _float_or_none(x: Any) -> float | None:
    if _missing(x):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _claim_limit(x: Any, open_end: float) -> float:
    f = _float_or_none(x)
    if f is None and isinstance(x, str):  # "inf", "-Infinity" from JSON-minded engines
        try:
            f = float(x)
        except ValueError:
            f = None
    return open_end if f is None else f


def _assumption(a: Any) -> dict[str, Any]:
    if not isinstance(a, Mapping):
        return {"name": _text(a), "value": "", "confirmed": False, "effect": ""}
    return {"name": _text(a.get("name")), "value": _text(a.get("value")),
            "confirmed": bool(a.get("confirmed")) if not _missing(a.get("confirmed")) else False,
            "effect": _text(a.get("effect"))}


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
        cid = _text(c.get("id"))
        named = c.get("notebook")
        page = by_stem.get(Path(str(named)).stem) if not _missing(named) and named else None
        if named and page is None:
            log.warning("claim %r names notebook %r, which is not in the site", cid, named)
        page = page or next((p for p in pages if p is not overview and cid in p.claims), None)
        out[cid] = page or overview
    return out


def key_figure(row: Mapping[str, Any]) -> tuple[str, str]:
    """The evidence's figure for the index, as (figure, what kind of range and which).

    ``("93.7 %", "bound 93.0–94.7")``, ``("400–510 t", "reported range")``,
    ``("93.9 %", "bound 93.0–94.7 if even delivery split")``, ``("9 flights", "count 8–9")``,
    ``("–", "no figure from the evidence")``.  Numbers keep enough decimals not to cross the
    claim's limits (:func:`armsdata.plots.format_number`).
    """
    from armsdata import plots

    unit = _text(row.get("unit"))
    u = plots.unit_text(unit)
    limits = [x for x in (row.get("claim_low"), row.get("claim_high"))
              if isinstance(x, (int, float)) and math.isfinite(x)]

    def num(x: float) -> str:
        return plots.format_number(x, unit, limits)

    value, low, high = (_float_or_none(row.get(k)) for k in ("value", "low", "high"))
    kind = _text(row.get("range_kind")) or "none"
    label = plots.RANGE_KINDS.get(kind, kind)
    if kind == "conditional-bound":
        label = "bound"
    if low is not None and high is not None:
        rng = plots.format_range(low, high, unit, limits)
    elif low is not None:
        rng = f"at least {num(low)}"
    elif high is not None:
        rng = f"at most {num(high)}"
    else:
        rng = ""
    if value is not None:
        figure = f"{num(value)}{u}"
        detail = label if not rng or rng == num(value) else f"{label} {rng}".strip()
    elif rng:
        figure, detail = f"{rng}{u}", label
    else:
        return "–", "no figure from the evidence"
    if kind == "conditional-bound":
        detail += " " + plots.condition_text(row)
    return figure, detail.strip()


def verdict_css() -> str:
    """CSS for the verdict badges, from :data:`armsdata.plots.VERDICT_STYLES` (one definition
    for the figure and the page)."""
    from armsdata import plots

    return "\n".join(f".verdict-{_css_class(v)} {{ background: {st.colour}; color: {st.text}; }}"
                     for v, st in plots.VERDICT_STYLES.items())


def _css_class(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def overview_figure(claims: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The index figure as embeddable SVGs, wide (desktop, print) and narrow (phones):
    ``{"alt", "wide": {"src", "width", "height"}, "narrow": {...}}`` with ``src`` a data URI;
    None when no claim has a number."""
    from armsdata import plots

    if not any(plots.is_numeric_claim(c) for c in claims):
        return None
    out: dict[str, Any] = {}
    for layout in ("wide", "narrow"):
        fig = plots.claims_overview(claims, layout=layout)
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


#: Fields of one line of the index's edition-drift table (armsdata.claims.drift).
DRIFT_FIELDS = ("id", "summary", "comparator", "quantity", "unit", "claim_low", "claim_high",
                "edition", "snapshot", "basis", "value", "low", "high", "range_kind", "verdict",
                "answered", "reason")


def drift_rows(table: Any = None, data_dir: str | os.PathLike[str] | None = None
               ) -> list[dict[str, Any]]:
    """The index's edition-drift lines: one dict per claim and edition with
    :data:`DRIFT_FIELDS`, in plain Python types.

    Parameters
    ----------
    table
        A :func:`armsdata.claims.drift` table, or mappings with its columns; None evaluates
        every SIPRI-based claim of the article on every edition under *data_dir*.
    """
    if table is None:  # the same module claim_rows reads the verdicts from
        table = importlib.import_module("armsdata.claims").drift(data_dir=data_dir)
    records = table.to_dict(orient="records") if hasattr(table, "to_dict") else list(table)
    rows = []
    for r in records:
        row = {f: r.get(f) for f in DRIFT_FIELDS}
        for f in ("value", "low", "high"):
            row[f] = _float_or_none(row[f])
        row["claim_low"] = _claim_limit(row["claim_low"], -math.inf)
        row["claim_high"] = _claim_limit(row["claim_high"], math.inf)
        for f in ("id", "summary", "comparator", "unit", "edition", "snapshot", "basis",
                  "range_kind", "verdict", "reason"):
            row[f] = _text(row[f])
        row["answered"] = bool(row["answered"]) and not _missing(row["answered"])
        rows.append(row)
    return rows


def drift_lines(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """:func:`drift_rows` as the template shows them: per claim its editions, each with the
    figure (point and range, as :func:`key_figure` writes them), the verdict's badge, and the
    reason where the edition cannot answer."""
    from armsdata import plots

    groups: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = groups.setdefault(r["id"], {"id": r["id"], "summary": r["summary"] or r["id"],
                                        "claimed_region": plots.claimed_region(r)
                                        if plots.is_numeric_claim(r) else "", "editions": []})
        figure, detail = key_figure(r) if r["answered"] else ("–", "")
        verdict = r["verdict"] or "no verdict"
        g["editions"].append({
            "edition": r["edition"], "snapshot": r["snapshot"], "basis": r["basis"],
            "figure": figure, "figure_detail": detail, "verdict": verdict,
            "verdict_class": _css_class(verdict), "glyph": plots.verdict_style(verdict).glyph,
            "answered": r["answered"], "reason": r["reason"]})
    return list(groups.values())


def drift_figure(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The edition-drift figure as an embeddable SVG (``{"alt", "src", "width", "height"}``);
    None without rows."""
    import pandas as pd

    from armsdata import plots

    if not rows:
        return None
    fig = plots.edition_drift(pd.DataFrame(list(rows), columns=list(DRIFT_FIELDS)))
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
        Lines as from :func:`drift_rows`: the section "Edition drift" (a figure and a table of
        every SIPRI-based claim on every edition); None or empty leaves it out.
    """
    from armsdata import plots

    links = claim_pages(claims, pages)
    rows = []
    for c in claims:
        cid = _text(c.get("id"))
        page = links[cid]
        verdict = _text(c.get("verdict"))
        style = plots.verdict_style(verdict)
        figure, detail = key_figure(c)
        rows.append({
            "id": cid,
            "anchor": re.sub(r"[^A-Za-z0-9_.-]+", "-", cid) or "claim",
            "summary": _text(c.get("summary")) or cid,
            "quote": _text(c.get("quote")),
            "claimed": _text(c.get("claimed")),
            "claimed_region": plots.claimed_region(c) if plots.is_numeric_claim(c) else "",
            "verdict": verdict or "no verdict",
            "verdict_class": _css_class(verdict),
            "glyph": style.glyph,
            "figure": figure,
            "figure_detail": detail,
            "reason": _text(c.get("reason")),
            "explanation": _text(c.get("explanation")),
            "evidence": [_linkify(e) for e in _evidence_items(c.get("evidence"))],
            "assumptions": [_assumption(a) for a in (c.get("assumptions") or [])],
            "check": _text(c.get("check")),
            "edition": _text(c.get("edition")),
            "basis": _text(c.get("basis")),
            "href": page.href if page else None,
            "page_title": page.title if page else None,
        })
    counts: dict[str, int] = {}
    for r in rows:  # in order of first appearance, then put in the engine's order
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    order = [v for v in plots.VERDICT_STYLES if v in counts] + [
        v for v in counts if v not in plots.VERDICT_STYLES]
    summary = [(v, _css_class(v), plots.verdict_style(v).glyph, counts[v]) for v in order]
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
            "one). The figure shows every claim with a number against its evidence; the table "
            "gives each verdict with its reason, and the full explanation behind details.")
    html = render_index(rows, [], provenance(data_dir), title=title, lead=lead, standalone=True)
    return write_page(html, out)


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(x != x)  # NaN, pd.NA raise or compare unequal to themselves
    except (TypeError, ValueError):
        return True


def _text(x: Any) -> str:
    return "" if _missing(x) else str(x)


def _evidence_items(ev: Any) -> list[str]:
    if isinstance(ev, str):
        return [ev] if ev else []
    if isinstance(ev, Mapping):
        return [f"{k}: {v}" for k, v in ev.items()]
    if isinstance(ev, Iterable):
        return [str(e) for e in ev if not _missing(e)]
    return [] if _missing(ev) else [str(ev)]


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


