"""One house look for every figure: title, axis units, a source line with the data edition.

Palettes stay readable in greyscale print: colours ordered light-to-dark ("cividis"
sequential steps) plus hatching on stacked areas and bars, so neighbouring series differ in
lightness, not only in hue.  Nothing here computes data.

Every figure gets alt text for the HTML pages: :func:`alt_text` reads it off the figure (its
titles, axis labels, legend and source line, or what :func:`set_alt` stored), and
:func:`register_alt_text` (called by :func:`apply_style`) makes IPython store it in the output's
metadata (``{"image/png": {"alt": ...}}``), where the report's notebook template reads it.

:func:`claims_overview` draws the report's index figure: every numeric claim on one chart, from
plain rows with the claim-result fields of ``docs/claims.md``.  How a verdict looks and how a
result's numbers read (:mod:`armsdata.claims.display`) is defined once, for the figures and the
report's pages alike.
"""

from __future__ import annotations

import functools
import math
import textwrap
import warnings
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import matplotlib

import matplotlib.pyplot as plt
from cycler import cycler
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from armsdata.analysis import finite_or_none
from armsdata.claims.display import (BADGE_EDGE, VERDICT_STYLES, claim_limits, claimed_region,
                                     condition_text, estimate_text, format_number,
                                     format_range, is_estimate, is_numeric_claim, unit_text,
                                     verdict_style)
from armsdata.claims.model import release_rows

#: The unit every TIV axis carries.
TIV_UNIT = "SIPRI TIV, millions"
#: Hatches cycled over series so greyscale prints still tell them apart.
HATCHES = ["", "//", "..", "xx", "\\\\", "--", "oo", "++"]
#: Marks the figure text that holds the source line(s).
SOURCE_GID = "armsdata-source"
#: Up to this many series get their own colour; the rest are summed as "Other".
MAX_SERIES = 7


def source_line(edition: str, extra: str = "") -> str:
    """``"Source: SIPRI Arms Transfers Database, generated <date>"`` (+ *extra*)."""
    s = f"Source: SIPRI Arms Transfers Database, generated {edition}"
    return f"{s}. {extra}" if extra else s


def editions_text(pairs: Iterable[tuple[str, Any]]) -> str:
    """``"2022-04-22 (2022 release), 2025-03-13 (2025 release)"``: each edition (generated
    date) once, oldest first, with the SIPRI release it belongs to where known (a release of
    None or NaN is left out)."""
    out: dict[str, str] = {}
    for edition, release in pairs:
        for e in (x.strip() for x in str(edition or "").split(",")):
            if e and e not in out:
                out[e] = f"{e} ({int(release)} release)" if pd.notna(release) else e
    return ", ".join(out[e] for e in sorted(out))


def _cividis(n: int) -> list[tuple[float, float, float]]:
    """*n* colours of matplotlib's cividis colormap, evenly inside its ends (as seaborn's
    ``color_palette("cividis", n)`` samples it)."""
    import numpy as np

    return [tuple(float(v) for v in c[:3])
            for c in matplotlib.colormaps["cividis"](np.linspace(0, 1, n + 2)[1:-1])]


def palette(n: int) -> list:
    """*n* colours that differ in lightness (greyscale-safe), dark first."""
    return _cividis(n)[::-1] if n > 1 else _cividis(3)[:1]


#: seaborn's "whitegrid" style and "notebook" context (with its "deep" colour cycle) as plain
#: matplotlib settings: what ``seaborn.set_theme(style="whitegrid", context="notebook")`` sets,
#: written out so that no kernel pays 0.6 s to import seaborn (and scipy.stats) for a theme.
HOUSE_RC: dict[str, Any] = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "axes.labelsize": 12.0, "axes.linewidth": 1.25, "axes.titlesize": 12.0,
    "axes.prop_cycle": cycler("color", [
        (0.2980392156862745, 0.4470588235294118, 0.6901960784313725),
        (0.8666666666666667, 0.5176470588235295, 0.3215686274509804),
        (0.3333333333333333, 0.6588235294117647, 0.40784313725490196),
        (0.7686274509803922, 0.3058823529411765, 0.3215686274509804),
        (0.5058823529411764, 0.4470588235294118, 0.7019607843137254),
        (0.5764705882352941, 0.47058823529411764, 0.3764705882352941),
        (0.8549019607843137, 0.5450980392156862, 0.7647058823529411),
        (0.5490196078431373, 0.5490196078431373, 0.5490196078431373),
        (0.8, 0.7254901960784313, 0.4549019607843137),
        (0.39215686274509803, 0.7098039215686275, 0.803921568627451)]),
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans",
                        "sans-serif"],
    "font.size": 12.0, "grid.color": ".8", "grid.linewidth": 1.0, "legend.fontsize": 11.0,
    "legend.title_fontsize": 12.0, "lines.solid_capstyle": "round", "patch.edgecolor": "w",
    "patch.force_edgecolor": True, "text.color": ".15",
    "xtick.bottom": False, "xtick.color": ".15", "xtick.labelsize": 11.0,
    "xtick.major.size": 6.0, "xtick.major.width": 1.25, "xtick.minor.size": 4.0,
    "xtick.minor.width": 1.0,
    "ytick.color": ".15", "ytick.labelsize": 11.0, "ytick.left": False,
    "ytick.major.size": 6.0, "ytick.major.width": 1.25, "ytick.minor.size": 4.0,
    "ytick.minor.width": 1.0,
    # the house additions
    "figure.dpi": 100, "savefig.dpi": 100, "figure.figsize": (9, 4.8),
    "axes.titleweight": "bold", "svg.hashsalt": "armsdata",
}


def apply_style() -> None:
    """The house style for matplotlib (call once per notebook); in IPython, also
    :func:`register_alt_text`, so every figure the notebook shows carries its alt text."""
    matplotlib.rcParams.update(HOUSE_RC)
    register_alt_text()


def finish(ax: plt.Axes, title: str, ylabel: str, source: str, xlabel: str = "") -> plt.Axes:
    """Title, axis labels and the source line under the plot."""
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    fig = ax.figure
    # Panels side by side share one source text: drawn once per panel it would overprint itself.
    mine = [t for t in fig.texts if t.get_gid() == SOURCE_GID]
    if not mine:
        mine = [fig.text(0.01, 0.005, source, fontsize=8, color="0.3", ha="left", va="bottom",
                         gid=SOURCE_GID)]
    elif source not in mine[0].get_text().split("\n"):
        mine[0].set_text(mine[0].get_text() + "\n" + source)
    lines = mine[0].get_text().count("\n") + 1
    fig.tight_layout(rect=(0, 0.04 * lines, 1, 1))  # room for every source line
    return ax


def _top(wide: pd.DataFrame, max_series: int = MAX_SERIES) -> pd.DataFrame:
    order = wide.sum().sort_values(ascending=False, kind="mergesort").index
    wide = wide[order]
    if wide.shape[1] > max_series:
        keep = list(order[: max_series - 1])
        other = wide.drop(columns=keep).sum(axis=1)
        wide = wide[keep].assign(Other=other)
    return wide


def stacked_imports(wide: pd.DataFrame, title: str, edition: str, ax: plt.Axes | None = None,
                    note: str = "") -> plt.Axes:
    """Stacked bars of imports by supplier (columns) and year (index), in TIV millions."""
    wide = _top(wide)
    if ax is None:
        _, ax = plt.subplots()
    colours = palette(wide.shape[1])
    bottom = pd.Series(0.0, index=wide.index)
    for k, col in enumerate(wide.columns):
        ax.bar(wide.index, wide[col], bottom=bottom, label=col, color=colours[k],
               hatch=HATCHES[k % len(HATCHES)], edgecolor="white", linewidth=0.5)
        bottom = bottom + wide[col]
    ax.legend(title="Supplier", fontsize=8, title_fontsize=9, loc="upper left", frameon=True)
    ax.set_xticks(list(wide.index)[:: max(1, -(-len(wide.index) // 11))])  # at most ~11 labels
    return finish(ax, title, TIV_UNIT, source_line(edition, note), xlabel="Year of delivery")


def share_intervals(df: pd.DataFrame, title: str, source: str, threshold: float | None = None,
                    label_col: str = "label", ax: plt.Axes | None = None) -> plt.Axes:
    """Point estimates with low–high bounds (per cent), one row per basis/edition; optional line."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.6 * len(df) + 1.8))
    y = range(len(df))
    ax.hlines(list(y), df["low"], df["high"], color="0.2", linewidth=6, alpha=0.35, label="bounds")
    ax.plot(df["share"], list(y), "o", color="0.05", label="point estimate")
    ax.set_yticks(list(y), df[label_col])
    if threshold is not None:
        ax.axvline(threshold, color="0.4", linestyle="--", linewidth=1)
        ax.text(threshold, -0.5, f" claim: {threshold:g} %", va="top", fontsize=8)
    lo = min(df["low"].min(), threshold or 100) - 1
    hi = max(df["high"].max(), threshold or 0) + 1
    ax.set_xlim(max(lo, 0), min(hi, 100))
    ax.set_ylim(len(df) - 0.1, -0.6)  # first row on top, as in the table
    ax.legend(fontsize=8, loc="lower right")
    return finish(ax, title, "", source, xlabel="Share of imports, per cent")


def line_chart(df: pd.DataFrame, x: str, ys: Sequence[str], title: str, ylabel: str, source: str,
               ax: plt.Axes | None = None) -> plt.Axes:
    """Lines (greyscale-safe: different markers and dashes) of columns *ys* against *x*."""
    if ax is None:
        _, ax = plt.subplots()
    styles = ["-o", "--s", ":^", "-.D"]
    colours = palette(len(ys))
    for k, col in enumerate(ys):
        ax.plot(df[x], df[col], styles[k % len(styles)], color=colours[k], label=col)
    if len(ys) > 1:
        ax.legend(fontsize=8)
    return finish(ax, title, ylabel, source, xlabel=x)


def bar_chart(series: pd.Series, title: str, ylabel: str, source: str, ax: plt.Axes | None = None,
              horizontal: bool = True) -> plt.Axes:
    """Single-series bars, largest first."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.35 * len(series) + 1.8) if horizontal else None)
    s = series.sort_values(ascending=horizontal, kind="mergesort")
    if horizontal:
        ax.barh(s.index.astype(str), s.to_numpy(), color=palette(3)[0])
        return finish(ax, title, "", source, xlabel=ylabel)
    ax.bar(s.index.astype(str), s.to_numpy(), color=palette(3)[0])
    return finish(ax, title, ylabel, source)


# --------------------------------------------------------------------------------------------
# Alt text
# --------------------------------------------------------------------------------------------

#: Attribute of a Figure that holds alt text set with :func:`set_alt`.
_ALT_ATTR = "_armsdata_alt"
#: Image types IPython may render a figure as; the alt text goes into each one's metadata.
IMAGE_MIMETYPES = ("image/png", "image/jpeg", "image/svg+xml")
#: Legend entries named in a derived alt text, at most.
MAX_ALT_SERIES = 8


def set_alt(fig: Figure, text: str) -> Figure:
    """Store *text* as the alt text of *fig* (what :func:`alt_text` returns); returns *fig*."""
    setattr(fig, _ALT_ATTR, " ".join(str(text).split()))
    return fig


def alt_text(fig: Figure) -> str:
    """A sentence or two describing *fig* for a reader who cannot see it.

    The text stored with :func:`set_alt`, if any; otherwise read off the figure: the title of the
    figure and of each panel, the first panel's axis labels, the series in its legend and the
    source line that :func:`finish` draws.  A figure with none of these gets a plain "Chart
    without a title or axis labels", never an empty string.
    """
    stored = getattr(fig, _ALT_ATTR, None)
    if stored:
        return stored
    sup = getattr(fig, "_suptitle", None)
    titles = [sup.get_text().strip()] if sup is not None and sup.get_text().strip() else []
    axes = [ax for ax in fig.axes if ax.get_visible()]
    for ax in axes:
        t = next((ax.get_title(loc=loc).strip() for loc in ("left", "center", "right")
                  if ax.get_title(loc=loc).strip()), "")
        if t and t not in titles:
            titles.append(t)
    parts = []
    if len(axes) > 1:
        parts.append(f"Figure with {len(axes)} panels: " + "; ".join(titles) if titles
                     else f"Figure with {len(axes)} panels")
    else:
        parts.append(f"Figure: {'; '.join(titles)}" if titles else "Chart")
    labelled = next((ax for ax in axes if ax.get_xlabel().strip() or ax.get_ylabel().strip()),
                    None)
    if labelled is not None:
        x, y = labelled.get_xlabel().strip(), labelled.get_ylabel().strip()
        axis = "; ".join(p for p in (f"horizontal axis: {x}" if x else "",
                                     f"vertical axis: {y}" if y else "") if p)
        parts[-1] += f" ({axis})"
    elif not titles:
        parts[-1] += " without a title or axis labels"
    series = []
    for ax in axes:
        legend = ax.get_legend()
        if legend is not None:
            series += [t.get_text() for t in legend.get_texts() if t.get_text() not in series]
    if series:
        more = len(series) - MAX_ALT_SERIES
        parts.append("Series: " + ", ".join(series[:MAX_ALT_SERIES])
                     + (f" and {more} more" if more > 0 else ""))
    sources = [t.get_text().strip() for t in fig.texts if t.get_gid() == SOURCE_GID]
    parts += [" ".join(s.split()) for s in sources if s]
    return ". ".join(p.rstrip(".") for p in parts) + "."


def register_alt_text(shell: Any = None) -> bool:
    """Make IPython put :func:`alt_text` into the metadata of every figure it displays.

    Registered as the mime-bundle formatter for matplotlib figures, which adds only metadata
    (``{"image/png": {"alt": ...}}``) and leaves the image to the inline backend's own formatter.
    Nothing happens outside IPython.

    Returns
    -------
    bool
        Whether a shell was found and the formatter registered.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    shell.display_formatter.mimebundle_formatter.for_type(
        Figure, functools.partial(_alt_metadata, shell))
    return True


def _alt_metadata(shell: Any, fig: Figure) -> tuple[dict, dict]:
    formatters = shell.display_formatter.formatters
    kinds = []
    for mime in IMAGE_MIMETYPES:
        try:
            formatters[mime].lookup(fig)
        except (KeyError, AttributeError):
            continue
        kinds.append(mime)
    alt = alt_text(fig)
    return {}, {mime: {"alt": alt} for mime in kinds}


# --------------------------------------------------------------------------------------------
# Verdicts and the claims overview
# --------------------------------------------------------------------------------------------

def claims_overview_alt(rows: Sequence[Mapping[str, Any]], releases: bool = False) -> str:
    """The alt text of :func:`claims_overview`: what it shows and the count of each verdict
    (with *releases*, also each SIPRI figure's verdict on every other release)."""
    shown = [r for r in rows if is_numeric_claim(r)]
    counts: dict[str, int] = {}
    for r in shown:
        v = str(r.get("verdict") or "no verdict")
        counts[v] = counts.get(v, 0) + 1
    order = [v for v in VERDICT_STYLES if v in counts] + [v for v in counts
                                                          if v not in VERDICT_STYLES]
    tally = ", ".join(f"{counts[v]} {v}" for v in order)
    revised = []
    for r in shown if releases else []:
        others = [v for v in _revision_lines(r)]
        if others:
            record = next(v for v in release_rows(r) if v["decides"])
            revised.append(f"{r.get('summary') or r.get('id')}: {record['verdict']} on the "
                           f"{record['release']} release (decides); "
                           + ", ".join(f"{v['verdict']} on the {v['release']} release"
                                       for v in others))
    return (f"Chart of the {len(shown)} numeric claims, one row each, every row on its own scale "
            "in the claim's unit: the values that would make the claim true as a shaded band, "
            "the evidence's point estimate and range drawn by kind (bound, conditional bound, "
            "reported range, count, sum of reports), and the verdict as a labelled badge"
            + (f" ({tally})" if tally else "")
            + (". Under each SIPRI figure, its range and verdict on every other SIPRI release "
               "that answers it: " + "; ".join(revised) if revised else "")
            + ". The table below gives the same in words.")


@dataclass(frozen=True)
class _Layout:
    """Geometry of the claims overview, in inches and figure fractions."""

    width: float          # figure width
    row: float            # height per claim
    head: float           # title and legend
    foot: float           # source line
    left: float           # the rows' axes, as fractions of the width
    right: float
    hspace: float         # space between rows, as a fraction of a row's axes
    legend_columns: int
    title_wrap: int       # characters per line of the title, the source line, a summary
    source_wrap: int
    summary_wrap: int
    beside: bool          # summary and verdict beside the row (wide) or above it (narrow)
    release: float        # height of one other release's line under a SIPRI figure
    legend_row: float     # height of one more row of the legend


#: Desktop and print: summary | row | verdict across 11 inches.  Phone: each row under its summary
#: and verdict, 4.6 inches wide, so the text keeps its size on a 400-pixel screen.
LAYOUTS = {
    "wide": _Layout(11.0, 0.72, 1.25, 0.45, 0.355, 0.80, 0.7, 4, 110, 160, 46, True, 0.17, 0.2),
    "narrow": _Layout(4.6, 1.2, 2.2, 0.7, 0.05, 0.95, 1.25, 2, 46, 70, 34, False, 0.2, 0.22),
}
_EVIDENCE = "0.1"         # the evidence marks: near black, so colour belongs to the verdict only
_REGION = "#CFCFCF"       # the claim's region: light grey, behind everything


def claims_overview(rows: Sequence[Mapping[str, Any]],
                    title: str = "Every numeric claim: what the text says against the evidence",
                    source: str = "", layout: str = "wide", releases: bool = False) -> Figure:
    """Every numeric claim on one figure: one row per claim, each on its own scale.

    The claims come in different units (per cent, tonnes, years, counts), so a shared axis would
    squash all but one, and putting the claim at a common centre would hide the numbers a reviewer
    wants to read.  Each row therefore has its own horizontal axis in the claim's unit, with
    three or four ticks: reading across a row gives the claim in words (left), the claim's values
    as a grey band with the claimed limit written on it, the evidence (middle), and the verdict as
    a badge with a glyph and its word (right).  The evidence is drawn by ``range_kind``: ``bound``
    a solid bar, ``conditional-bound`` a dotted, hatched bar labelled "if …", ``reported-range``
    a dashed bar, ``count`` a diamond, ``sum-of-reports`` a square; the point estimate of a
    range is a dot with its value, hollow where it is an estimate under an assumption (the
    classic register's even split: :func:`~armsdata.claims.display.is_estimate`), labelled so.
    A legend at the top says which is which.

    Parameters
    ----------
    rows
        Dicts with the claim-result fields of ``docs/claims.md`` (at least ``id``, ``summary``,
        ``unit``, ``comparator``, ``quantity``, ``claim_low``, ``claim_high``, ``value``, ``low``,
        ``high``, ``range_kind``, ``verdict``, ``assumptions``, ``edition``).  Rows without a
        finite claim limit (:func:`is_numeric_claim`) are left out.
    title
        Figure title.
    source
        Source line; default names the SIPRI editions drawn, each with its release.
    layout
        ``"wide"`` (summary, row and verdict side by side) or ``"narrow"`` (for phones: summary
        and verdict above each row); see :data:`LAYOUTS`.
    releases
        Also draw, under a SIPRI figure judged on its release of record (labelled "decides"),
        its range on every other release that answers it (the rows' ``release``, ``revisions``:
        :func:`armsdata.claims.model.release_rows`), a thin line each, with that release's
        verdict; each such row grows by a line.

    Returns
    -------
    Figure
        With its alt text set (:func:`alt_text`); each row's axes has the gid ``claim:<id>``.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    g = LAYOUTS[layout]
    shown = [r for r in rows if is_numeric_claim(r)]
    n = max(len(shown), 1)
    lanes = [len(_revision_lines(r)) if releases else 0 for r in shown] or [0]
    handles = _overview_legend(revisions=any(lanes))
    legend_rows = -(-len(handles) // g.legend_columns)
    head = g.head + g.legend_row * max(0, legend_rows - -(-7 // g.legend_columns))
    if any(lanes):
        # each row keeps its gap below it; a row with revisions is taller by a line per release
        gap = g.row * g.hspace / (1 + g.hspace)
        axes = [g.row - gap + k * g.release for k in lanes]
        grid_height = sum(axes) + gap * (n - 1)
        height = head + grid_height + gap + g.foot
        fig = plt.figure(figsize=(g.width, height))
        grid = fig.add_gridspec(n, 1, left=g.left, right=g.right, top=1 - head / height,
                                bottom=(g.foot + gap) / height, hspace=gap / (sum(axes) / n),
                                height_ratios=axes)
    else:
        height = head + g.row * n + g.foot
        fig = plt.figure(figsize=(g.width, height))
        grid = fig.add_gridspec(n, 1, left=g.left, right=g.right, top=1 - head / height,
                                bottom=g.foot / height, hspace=g.hspace)
    fig.text(0.01 if g.beside else 0.02, 1 - 0.12 / height, "\n".join(textwrap.wrap(
        title, g.title_wrap)), fontsize=12.5, fontweight="bold", ha="left", va="top",
        parse_math=False)
    title_lines = len(textwrap.wrap(title, g.title_wrap))
    fig.legend(handles=handles, loc="upper left", ncol=g.legend_columns,
               frameon=False, fontsize=8 if g.beside else 7.5,
               handlelength=2.6 if g.beside else 2.0, columnspacing=1.4 if g.beside else 0.8,
               bbox_to_anchor=(0.005, 1 - (0.2 + 0.22 * title_lines) / height))
    for k, row in enumerate(shown):
        _overview_row(fig, fig.add_subplot(grid[k, 0]), row, g, releases)
    if not shown:
        fig.text(0.5, 0.5, "no numeric claims", ha="center", va="center", fontsize=10,
                 parse_math=False)
    if not source:
        pairs = [(", ".join(v["editions"]), v["release"])
                 for r in shown for v in release_rows(r) if releases or v["decides"]]
        eds = editions_text(pairs or [(r.get("edition"), r.get("release")) for r in rows])
        source = (source_line(eds) + "; curated ledgers with their sources"
                  if eds else "Source: curated ledgers with their sources")
    fig.text(0.01 if g.beside else 0.02, 0.08 / height,
             "\n".join(textwrap.wrap(source, g.source_wrap)), fontsize=8, color="0.3",
             ha="left", va="bottom", gid=SOURCE_GID, parse_math=False)
    return set_alt(fig, claims_overview_alt(rows, releases))


def _revision_lines(row: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The releases other than a row's release of record that give it a range, newest first."""
    return [v for v in release_rows(row) if not v["decides"]
            and finite_or_none(v["low"]) is not None and finite_or_none(v["high"]) is not None]


# --------------------------------------------------------------------------------------------
# Edition drift, estimates, reports and bounds (the claim notebooks' figures)
# --------------------------------------------------------------------------------------------

#: Inches: one edition's line in :func:`edition_drift`; the space above a panel (its heading)
#: and below it (its tick labels).
_DRIFT_LINE, _DRIFT_GAP = 0.3, 0.78


def edition_drift_alt(table: pd.DataFrame) -> str:
    """The alt text of :func:`edition_drift`: what it shows, and per claim the verdicts."""
    parts = []
    for cid, g in table.groupby("id", sort=False):
        ans = g[g["answered"]]
        verdicts = ", ".join(f"{v} on the {e} release" + (" (decides)" if d else "")
                             for e, v, d in zip(ans["release"], ans["verdict"], ans["decides"]))
        parts.append(f"{g['summary'].iloc[0]}: {verdicts or 'no release answers'}"
                     + (f"; {len(g) - len(ans)} cannot answer" if len(g) > len(ans) else ""))
    n_rel = table["release"].nunique()
    return (f"Chart of {table['id'].nunique()} SIPRI-based claims on {n_rel} SIPRI releases: for "
            "each claim one line per release with the evidence's point and range and the "
            "verdict, the claim's values as a shaded band. " + ". ".join(parts) + ".")


def edition_drift(table: pd.DataFrame, title: str = "Every SIPRI claim on every SIPRI release",
                  source: str = "", width: float = 11.0) -> Figure:
    """Each SIPRI-based claim's value, range and verdict on every SIPRI release: one panel per
    claim (its own scale, in the claim's unit), one line per release, the release that judges
    the claim labelled "decides".

    The claim's values are a grey band; the evidence's range a bar (solid for a ``bound``,
    dashed for another kind), its point a dot; the value and the verdict (its glyph and word on
    a badge of its colour) are written at the end of the line.  A release that cannot answer
    the claim says so on its line, with the reason shortened.

    Parameters
    ----------
    table
        A :func:`armsdata.claims.drift` table.
    source
        Source line; default names the editions.

    Returns
    -------
    Figure
        With its alt text (:func:`edition_drift_alt`); each panel has the gid ``drift:<id>``.
    """
    groups = [(cid, g.reset_index(drop=True)) for cid, g in table.groupby("id", sort=False)]
    heights = [_DRIFT_LINE * max(len(g), 1) for _, g in groups] or [1.0]
    head, foot = 0.5 + _DRIFT_GAP * 0.6, 0.3 + _DRIFT_GAP * 0.4
    total = head + sum(heights) + _DRIFT_GAP * (len(heights) - 1) + foot
    fig = plt.figure(figsize=(width, total))
    mean = sum(heights) / len(heights)
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights, left=0.16, right=0.70,
                            top=1 - head / total, bottom=foot / total, hspace=_DRIFT_GAP / mean)
    fig.text(0.01, 1 - 0.1 / total, title, fontsize=12.5, fontweight="bold", ha="left",
             va="top", parse_math=False)
    for k, (cid, g) in enumerate(groups):
        _drift_panel(fig.add_subplot(grid[k, 0]), g)
    if not groups:
        fig.text(0.5, 0.5, "no SIPRI-based claims", ha="center", va="center", parse_math=False)
    if not source:
        source = source_line(editions_text(zip(table["editions"], table["release"]))) + (
            ". Each release's range: the intersection of the bounds of all its editions and bases.")
    fig.text(0.01, 0.06 / total, "\n".join(textwrap.wrap(source, 160)), fontsize=8, color="0.3",
             ha="left", va="bottom", gid=SOURCE_GID, parse_math=False)
    return set_alt(fig, edition_drift_alt(table))


def _drift_panel(ax: plt.Axes, g: pd.DataFrame) -> None:
    row0 = g.iloc[0]
    cid, unit = str(row0["id"]), str(row0["unit"] or "")
    ax.set_gid(f"drift:{cid}")
    lo_c, hi_c = float(row0["claim_low"]), float(row0["claim_high"])
    xs = [v for v in (lo_c, hi_c) if math.isfinite(v)]
    for k in ("value", "low", "high"):
        xs += [float(v) for v in g[k] if pd.notna(v) and math.isfinite(float(v))]
    a, b = (min(xs), max(xs)) if xs else (0.0, 1.0)
    span = b - a
    pad = span * 0.25 if span > 0 else (1.5 if a == round(a) else abs(a) * 0.1 or 1.0)
    left, right = a - pad, b + pad
    if unit.strip() in ("per cent", "percent", "%"):
        left, right = max(left, -0.5) if a >= 0 else left, min(right, 100.5) if b <= 100 else right
    n = len(g)
    ax.set_xlim(left, right)
    ax.set_ylim(n - 0.5, -0.5)
    ax.axvspan(max(lo_c, left), min(hi_c, right), color=_REGION, zorder=0, linewidth=0,
               gid="claim-region")
    ax.set_yticks(range(n), [f"{e} release" + ("\n(decides)" if d else "")
                             for e, d in zip(g["release"], g["decides"])], fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5, length=3, pad=1.5, colors="0.25")
    whole = all(float(x) == round(float(x)) for x in xs)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5, integer=whole))
    year = "year" if unit.strip().startswith("year") else ""
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda x, _pos: format_number(x, year)))
    for side in ("right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
    ax.set_facecolor("white")
    summary = textwrap.shorten(" ".join(str(row0["summary"]).split()), 95, placeholder=" …")
    ax.set_title(f"{summary}  (claim {claimed_region(row0)})", loc="left", fontsize=9,
                 fontweight="bold", pad=4)
    limits = [v for v in (lo_c, hi_c) if math.isfinite(v)]
    u = unit_text(unit)
    for y, r in g.iterrows():
        if not bool(r["answered"]):
            ax.text((left + right) / 2, y, textwrap.shorten("cannot answer: " + str(r["reason"]),
                                                            80, placeholder=" …"),
                    ha="center", va="center", fontsize=7, style="italic", color="0.3",
                    parse_math=False, gid="drift-unanswered")
            continue
        low, high, value = (float(r[k]) if pd.notna(r[k]) else None
                            for k in ("low", "high", "value"))
        if low is not None and high is not None:
            dashed = str(r["range_kind"]) != "bound"
            if high > low:
                ax.plot([low, high], [y, y], color=_EVIDENCE, linewidth=2.2 if dashed else 3.5,
                        linestyle=_DASHED if dashed else "-", solid_capstyle="butt", zorder=3,
                        gid=f"evidence:{r['range_kind']}")
            else:
                ax.plot([low], [y], "|", color=_EVIDENCE, markersize=9, zorder=3)
        if value is not None:
            ax.plot([value], [y], "o", color=_EVIDENCE, markersize=5.5, markeredgecolor="white",
                    markeredgewidth=0.8, zorder=6, gid="point")
        text = (f"{format_number(value, unit, limits)}{u}" if value is not None else "no point")
        if low is not None and high is not None:
            text += f" ({format_range(low, high, unit, limits)})"
        style = verdict_style(str(r["verdict"]))
        ax.text(1.01, y, text, transform=ax.get_yaxis_transform(), ha="left", va="center",
                fontsize=7.5, color="0.1", parse_math=False, gid="value-label")
        ax.text(1.25, y, f"{style.glyph} {style.label}", transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize=7.5, color=style.text, fontweight="bold",
                parse_math=False, gid="verdict",
                bbox={"boxstyle": "round,pad=0.22,rounding_size=0.5", "facecolor": style.colour,
                      "edgecolor": BADGE_EDGE, "linewidth": 0.6})


def estimate_intervals(df: pd.DataFrame, title: str, source: str, *, unit: str = "per cent",
                       claim: Mapping[str, Any] | None = None, label_col: str = "label",
                       ax: plt.Axes | None = None) -> plt.Axes:
    """Point estimates with their bounds, one line per row of *df* (``value``, ``low``,
    ``high``, ``feasible``, *label_col*), first row on top; an infeasible point (outside its
    own bounds) is drawn hollow and labelled so; *claim* (a claim result's fields:
    ``claim_low``, ``claim_high``, ``comparator``, ``quantity``, ``unit``) shades the claim's
    values."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.45 * len(df) + 1.9))
    y = list(range(len(df)))
    xs = [float(v) for k in ("value", "low", "high") for v in df[k] if pd.notna(v)]
    if claim is not None:
        xs += [c for c in claim_limits(claim) if math.isfinite(c)]
    a, b = min(xs), max(xs)
    pad = (b - a) * 0.12 or 0.5
    left, right = a - pad, b + pad
    if claim is not None:
        lo, hi = claim_limits(claim)
        ax.axvspan(max(lo, left), min(hi, right), color=_REGION, zorder=0, linewidth=0,
                   label=f"claim: {claimed_region(claim)}")
    ax.hlines(y, df["low"], df["high"], color="0.25", linewidth=6, alpha=0.45, zorder=2,
              label="bounds")
    feasible = df["feasible"].astype(bool).to_numpy()
    yy = pd.Series(y)
    ax.plot(df["value"][feasible], yy[feasible], "o", color="0.05", zorder=4,
            label="point estimate")
    if (~feasible).any():
        ax.plot(df["value"][~feasible], yy[~feasible], "o", markerfacecolor="white",
                markeredgecolor="0.05", zorder=4, label="point outside its bounds (not used)")
    ax.set_yticks(y, df[label_col], fontsize=8)
    ax.set_xlim(left, right)
    ax.set_ylim(len(df) - 0.4, -0.6)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    u = unit_text(unit).strip()
    return finish(ax, title, "", source, xlabel=f"{unit}" if u != "%" else "per cent")


def yearly_intervals(frames: Mapping[str, pd.DataFrame], title: str, source: str, *,
                     ylabel: str = TIV_UNIT, ax: plt.Axes | None = None) -> plt.Axes:
    """Per-year points with each year's bounds, one series per entry of *frames* (``year``,
    ``value``, ``low``, ``high``, ``feasible``), side by side in each year; an infeasible point
    drawn hollow."""
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.6))
    markers = ["o", "s", "D", "^"]
    colours = palette(max(len(frames), 2))
    width = 0.6 / max(len(frames), 1)
    for k, (label, f) in enumerate(frames.items()):
        x = f["year"].astype(float) - 0.3 + width * (k + 0.5)
        ax.vlines(x, f["low"], f["high"], color=colours[k], linewidth=5, alpha=0.5, zorder=2)
        ok = f["feasible"].astype(bool).to_numpy()
        if ok.any():
            ax.plot(x[ok], f["value"][ok], markers[k % 4], color=colours[k],
                    markeredgecolor="black", zorder=4, label=f"{label}: point and bounds")
        if (~ok).any():
            ax.plot(x[~ok], f["value"][~ok], markers[k % 4], markerfacecolor="white",
                    markeredgecolor=colours[k], markeredgewidth=1.5, zorder=4,
                    label=f"{label}: point outside its bounds")
    years = sorted({int(y) for f in frames.values() for y in f["year"]})
    ax.set_xticks(years)
    ax.legend(fontsize=8, loc="upper left")
    return finish(ax, title, ylabel, source, xlabel="Year of delivery")


def reports_and_bounds(reports: pd.DataFrame, bounds: pd.DataFrame, title: str, source: str, *,
                       claim: Mapping[str, Any] | None = None, unit: str = "t",
                       ax: plt.Axes | None = None) -> plt.Axes:
    """Reported figures as bars (a "more than" figure with an arrow: the true value may be
    larger) against conditional bounds as labelled lines ("if ..."), and the claim's values
    shaded (*claim*: a claim result's fields, as for :func:`estimate_intervals`).

    Parameters
    ----------
    reports
        ``by``, ``qualifier``, ``value``, ``period``, ``source_type`` (as
        :func:`armsdata.claims.tables.reports`).
    bounds
        ``scope``, ``units``, ``units_name``, ``per_unit``, ``type``, ``bound``,
        ``compared_with`` (as :func:`armsdata.claims.tables.capacity_bounds`).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 1.0 * len(reports) + 2.4))
    bars = reports.sort_values("value", kind="mergesort").reset_index(drop=True)
    u = unit_text(unit)
    labels = ["\n".join(textwrap.wrap(f"{r.by} ({r.source_type}; {r.period})", 55))
              for r in bars.itertuples()]
    top = max([float(v) for v in bars["value"]] + [float(v) for v in bounds["bound"]] + [1.0])
    if claim is not None:
        lo, hi = claim_limits(claim)
        ax.axvspan(max(lo, 0), min(hi, top * 1.4), color=_REGION, zorder=0, linewidth=0,
                   label=f"claim: {claimed_region(claim)}")
    ax.barh(range(len(bars)), bars["value"], color=palette(3)[1], height=0.5, zorder=2)
    for y, r in enumerate(bars.itertuples()):
        text = f"{r.qualifier} {format_number(r.value, unit)}{u}".strip()
        ax.text(r.value - 0.01 * top, y, text, ha="right", va="center", fontsize=9,
                color="white", fontweight="bold", zorder=4, parse_math=False)
        if r.qualifier in ("more than", "at least"):  # the true value may be larger
            ax.annotate("", xy=(r.value + 0.1 * top, y), xytext=(r.value, y), zorder=4,
                        arrowprops={"arrowstyle": "->", "color": "0.1", "linewidth": 1.5})
    styles = ["--", ":", "-."]
    for k, b in enumerate(bounds.itertuples()):
        who = "in the window" if b.scope == "window" else f"counted by {b.compared_with}"
        ax.axvline(b.bound, color="0.15", linestyle=styles[k % 3], linewidth=1.3, zorder=3,
                   label="\n".join(textwrap.wrap(
                       f"if the {b.units} {b.units_name} {who} carried at most "
                       f"{format_number(b.per_unit, unit)}{u} each ({b.type}): at most "
                       f"{format_number(b.bound, unit, rounding='up')}{u}", 50)))
    ax.set_yticks(range(len(bars)), labels, fontsize=8)
    ax.set_xlim(0, top * 1.35)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1),
              title="The claim, and bounds that hold only if their assumptions do",
              title_fontsize=8)
    return finish(ax, title, "", "\n".join(textwrap.wrap(source, 140)), xlabel=f"Quantity, {unit}")


def dated_timeline(rows: pd.DataFrame, marks: Sequence[tuple[str, str, str]], title: str,
                   source: str, *, label_col: str, span: tuple[str, str] | None = None,
                   span_label: str = "", line: Any = None, line_label: str = "",
                   ax: plt.Axes | None = None) -> plt.Axes:
    """One line per row of *rows*: a marker for each of its dates, a bar over a span of years.

    Parameters
    ----------
    marks
        ``(date column, marker, legend label)`` per kind of date; a row without that date has
        no marker.
    label_col
        The column that labels each line.
    span
        ``(first year column, last year column)``: a bar from 1 January to 31 December.
    line
        A date to mark with a dashed vertical line (e.g. where a claim's window starts).
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 0.75 * len(rows) + 1.8))
    colours = palette(len(marks) + 1)
    offsets = [(-0.14 + 0.28 * k / max(len(marks) - 1, 1)) for k in range(len(marks))]
    undated = []
    for y, r in enumerate(rows.to_dict(orient="records")):
        dated = False
        if span is not None and pd.notna(r[span[0]]) and pd.notna(r[span[1]]):
            a = pd.Timestamp(int(r[span[0]]), 1, 1)
            b = pd.Timestamp(int(r[span[1]]), 12, 31)
            ax.barh(y, b - a, left=a, height=0.5, color=colours[-1], alpha=0.35, zorder=1,
                    label=span_label)
            dated = True
        for k, (col, marker, label) in enumerate(marks):
            if pd.notna(r[col]):
                ax.plot(r[col], y + offsets[k], marker, color=colours[k],
                        markeredgecolor="black", markersize=9, zorder=3, label=label)
                dated = True
        if not dated:
            undated.append(y)
    if line is not None:
        ax.axvline(pd.Timestamp(line), color="0.3", linestyle="--", linewidth=1, label=line_label)
    for y in undated:  # said in words, so an empty line is not read as "nothing happened"
        ax.text(0.5, y, "no date in the data", transform=ax.get_yaxis_transform(), ha="center",
                va="center", fontsize=8, style="italic", color="0.3", parse_math=False)
    ax.set_yticks(range(len(rows)), list(rows[label_col]), fontsize=8)
    ax.set_ylim(len(rows) - 0.5, -0.75)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1))
    return finish(ax, title, "", "\n".join(textwrap.wrap(source, 140)), xlabel="Date")


def _overview_legend(revisions: bool = False) -> list:
    region = Patch(facecolor=_REGION, edgecolor="none", label="claim: values that make it true")
    point = Line2D([], [], color=_EVIDENCE, marker="o", linestyle="none", markersize=6,
                   label="point estimate")
    estimate = Line2D([], [], color=_EVIDENCE, marker="o", linestyle="none", markersize=6,
                      markerfacecolor="white", label="hollow: an even split's estimate")
    bound = Line2D([], [], color=_EVIDENCE, linewidth=3.5, solid_capstyle="butt",
                   label="bound (holds by arithmetic)")
    cond = Patch(facecolor="white", edgecolor=_EVIDENCE, hatch="////", linestyle=":",
                 linewidth=1.5, label="bound if assumptions hold (\u201cif \u2026\u201d)")
    reported = Line2D([], [], color=_EVIDENCE, linewidth=2.2, linestyle=_DASHED,
                      label="reported range (lowest\u2013highest)")
    count = Line2D([], [], color=_EVIDENCE, marker="D", linestyle="-", linewidth=0.9,
                   markersize=6, label="count (line: other counts)")
    total = Line2D([], [], color=_EVIDENCE, marker="s", linestyle="-", linewidth=0.9,
                   markersize=6, label="sum of reports (line: range)")
    handles = [region, point, estimate, bound, cond, reported, count, total]
    if revisions:
        handles.append(Line2D([], [], color=_REVISION, linewidth=1.6, solid_capstyle="butt",
                              label="thin: another SIPRI release"))
    return handles


#: How far, in widths of a row's own scale, another release's range may widen it; beyond, the
#: line runs into the row's edge with an arrowhead (its label gives the numbers).  A release
#: whose bounds are far wider (an even split of a small window) must not squash the claim.
REVISION_REACH = 20.0


def _overview_numbers(row: Mapping[str, Any]) -> list[float]:
    """The finite numbers a row draws: claim limits, point, range ends."""
    xs = [*claim_limits(row), *(finite_or_none(row.get(k)) for k in ("value", "low", "high"))]
    return [v for v in xs if v is not None and math.isfinite(v)]


def _overview_limits(row: Mapping[str, Any], releases: bool = False) -> tuple[float, float]:
    """A row's scale: its claim and evidence with room around them; with *releases*, widened
    for the ends of other releases' ranges within :data:`REVISION_REACH` of it."""
    xs = _overview_numbers(row)
    left, right = _padded(row, xs)
    if releases:
        reach = REVISION_REACH * (right - left)
        near = [x for v in _revision_lines(row) for x in (float(v["low"]), float(v["high"]))
                if left - reach <= x <= right + reach]
        if near:
            left, right = _padded(row, xs + near)
    return left, right


def _padded(row: Mapping[str, Any], xs: Sequence[float]) -> tuple[float, float]:
    lo, hi = claim_limits(row)
    a, b = min(xs), max(xs)
    span = b - a
    if span > 0:
        pad = span * 0.18
    elif str(row.get("unit") or "").strip().startswith("year") or a == round(a):
        pad = 1.5  # a single year or count: a few units either side
    else:
        pad = abs(a) * 0.1 or 1.0
    # an open end of the claim, or an unbounded evidence end, needs room to show it runs on
    left = a - pad * (2 if not math.isfinite(lo) and lo <= a else 1)
    right = b + pad * (2 if not math.isfinite(hi) else 1)
    if str(row.get("unit") or "").strip() in ("per cent", "percent", "%"):
        left = max(left, -0.5) if a >= 0 else left
        right = min(right, 100.5) if b <= 100 else right
    return left, right


# Lanes of a row (data units; the row's axes run from -1 to 1): the claim's label at the top,
# the evidence in the middle, its value (and the condition of a conditional bound) below it.
_Y_CLAIM, _Y_EVIDENCE, _Y_VALUE = 0.98, 0.1, -0.3
_DASHED = (0, (4, 2))
_REVISION = "0.35"        # another release's range: lighter and thinner than the evidence


def _overview_row(fig: Figure, ax: plt.Axes, row: Mapping[str, Any], g: _Layout,
                  releases: bool = False) -> None:
    cid = str(row.get("id") or "")
    unit = str(row.get("unit") or "")
    kind = str(row.get("range_kind") or "none")
    ax.set_gid(f"claim:{cid}")
    left, right = _overview_limits(row, releases)
    others = _revision_lines(row) if releases else []
    # a line per other release below the row's own lanes, at the row's own scale (data units
    # per inch of the axes without them)
    lane = 2 * g.release / (g.row - g.row * g.hspace / (1 + g.hspace))
    ax.set_xlim(left, right)
    ax.set_ylim(-1 - lane * len(others), 1)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(False)
    ax.set_facecolor("white")
    ax.tick_params(axis="x", labelsize=7.5, length=3, pad=1.5, colors="0.25")
    whole = all(x == round(x) for x in _overview_numbers(row))
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=4, integer=whole))
    # ticks without the unit (the claim's label and the value label carry it)
    year = "year" if unit.strip().startswith("year") else ""
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda x, _pos: format_number(x, year)))

    # the claim's region: a grey band (a line for a single value), with the claim written on it
    lo, hi = claim_limits(row)
    a, b = max(lo, left), min(hi, right)
    label = f"claim {claimed_region(row)}"
    if lo == hi:
        ax.axvline(lo, color="0.55", linewidth=3, zorder=1, gid="claim-region")
        right_half = lo > (left + right) / 2
        ax.annotate(label, xy=(lo, _Y_CLAIM), xytext=(-5 if right_half else 5, 0),
                    textcoords="offset points", ha="right" if right_half else "left", va="top",
                    fontsize=7.5, color="0.15", gid="claim-label", annotation_clip=False,
                    parse_math=False)
    else:
        ax.axvspan(a, b, color=_REGION, zorder=0, linewidth=0, gid="claim-region")
        x, ha = ((a, "left") if math.isfinite(lo) else (b, "right") if math.isfinite(hi)
                 else ((a + b) / 2, "center"))
        # a label that would run past the row's right end is set against that end instead
        if ha == "left" and (right - a) / (right - left) * _axes_width(ax) < _text_width(label, 7.5):
            x, ha = right, "right"
        ax.annotate(label, xy=(x, _Y_CLAIM), xytext=(3 if ha == "left" else -3, 0),
                    textcoords="offset points", ha=ha, va="top", fontsize=7.5, color="0.15",
                    gid="claim-label", annotation_clip=False, parse_math=False)

    _overview_evidence(ax, row, kind, unit, (lo, hi), decides=bool(others))
    for j, v in enumerate(others):
        _overview_revision(ax, v, unit, (lo, hi), -1 - lane * (j + 0.5))

    # the claim in words and the verdict: beside the row (left, right) or above it
    summary = " ".join(str(row.get("summary") or row.get("id") or "").split())
    lines = textwrap.wrap(summary, g.summary_wrap)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), g.summary_wrap,
                                            placeholder=" …")]
    style = verdict_style(str(row.get("verdict") or ""))
    badge = {"boxstyle": "round,pad=0.3,rounding_size=0.6", "facecolor": style.colour,
             "edgecolor": BADGE_EDGE, "linewidth": 0.6}
    if g.beside:  # level with the row's own lanes (data 0: the middle of a row without others)
        ax.text(-0.03, 0.0, "\n".join(lines), transform=ax.get_yaxis_transform(), ha="right",
                va="center", fontsize=8.5, parse_math=False, gid="summary", linespacing=1.15)
        ax.text(1.04, 0.0, f"{style.glyph} {style.label}", transform=ax.get_yaxis_transform(),
                ha="left", va="center", fontsize=8.5, color=style.text, fontweight="bold",
                parse_math=False, gid="verdict", bbox=badge)
    else:
        ax.annotate("\n".join(lines), xy=(0, 1), xycoords="axes fraction", xytext=(0, 9),
                    textcoords="offset points", ha="left", va="bottom", fontsize=8.5,
                    fontweight="bold", parse_math=False, gid="summary", linespacing=1.15,
                    annotation_clip=False)
        ax.annotate(f"{style.glyph} {style.label}", xy=(1, 1), xycoords="axes fraction",
                    xytext=(-2, 9), textcoords="offset points", ha="right", va="bottom",
                    fontsize=8, color=style.text, fontweight="bold", parse_math=False,
                    gid="verdict", bbox=badge, annotation_clip=False)


def _overview_revision(ax: plt.Axes, v: Mapping[str, Any], unit: str,
                       claim: tuple[float, float], y: float) -> None:
    """Another release's range (a revision row) as a thin line at height *y*, labelled with the
    release, the range (rounded outward) and the verdict there."""
    left, right = ax.get_xlim()
    limits = [c for c in claim if math.isfinite(c)]
    style = verdict_style(str(v["verdict"]))
    text = (f"{v['release']} release: {format_range(v['low'], v['high'], unit, limits)}"
            f"{unit_text(unit)}  {style.glyph} {style.label}")
    # the part within the row's scale; an end beyond it is an arrowhead at the edge
    low, high = max(float(v["low"]), left), min(float(v["high"]), right)
    gid = f"revision:{v['release']}"
    if low > high:  # wholly beyond one edge
        low = high = right if float(v["low"]) > right else left
    elif high > low:
        ax.plot([low, high], [y, y], color=_REVISION, linewidth=1.6, solid_capstyle="butt",
                zorder=3, gid=gid)
    else:
        ax.plot([low], [y], "|", color=_REVISION, markersize=6, zorder=3, gid=gid)
    for end, beyond, marker in ((left, float(v["low"]) < left, "<"),
                                (right, float(v["high"]) > right, ">")):
        if beyond:
            ax.plot([end], [y], marker, color=_REVISION, markersize=4.5, zorder=3,
                    clip_on=False, gid=f"{gid}:beyond")
    # beside the line where the label fits inside the row, else over the line's right end
    size = 6.5
    need = _text_width(text, size) + 4
    width = _axes_width(ax)
    span = (right - left) or 1.0
    if (right - high) / span * width >= need:
        x, ha, dx, box = high, "left", 4, None
    elif (low - left) / span * width >= need:
        x, ha, dx, box = low, "right", -4, None
    else:
        x, ha, dx, box = right, "right", 0, {"boxstyle": "square,pad=0.1", "facecolor": "white",
                                             "edgecolor": "none"}
    ax.annotate(text, xy=(x, y), xytext=(dx, 0), textcoords="offset points", ha=ha,
                va="center", fontsize=size, color="0.15", gid="revision-label", bbox=box,
                zorder=5, annotation_clip=False, parse_math=False)


def _text_width(text: str, size: float) -> float:
    """About how wide *text* is at *size* points, in points (DejaVu Sans averages 0.56 em)."""
    return len(text) * size * 0.56


def _axes_width(ax: plt.Axes) -> float:
    """The width of *ax* in points."""
    return ax.get_position().width * ax.figure.get_figwidth() * 72


def _overview_evidence(ax: plt.Axes, row: Mapping[str, Any], kind: str, unit: str,
                       claim: tuple[float, float], decides: bool = False) -> None:
    value, low, high = (finite_or_none(row.get(k)) for k in ("value", "low", "high"))
    left, right = ax.get_xlim()
    u = unit_text(unit)
    num = functools.partial(format_number, unit=unit,
                            keep_apart=[c for c in claim if math.isfinite(c)])
    y = _Y_EVIDENCE
    if value is None and low is None and high is None:
        ax.text((left + right) / 2, y, "no figure from the evidence", ha="center", va="center",
                fontsize=7.5, style="italic", color="0.3", gid="evidence:none", parse_math=False)
        return
    # An end of the range that is missing runs to the edge of the row with an arrow (a sum of
    # reports found so far is a lower bound); a single number has no range.
    a = low if low is not None else (left if high is not None else value)
    b = high if high is not None else (right if low is not None else value)
    open_left, open_right = low is None and high is not None, high is None and low is not None
    marker = {"count": "D", "sum-of-reports": "s"}.get(kind, "o")
    if a != b:
        if kind == "conditional-bound":
            ax.add_patch(matplotlib.patches.Rectangle(
                (a, y - 0.2), b - a, 0.4, facecolor="white", edgecolor=_EVIDENCE, hatch="////",
                linestyle=":", linewidth=1.5, zorder=3, gid="evidence:conditional-bound"))
        elif marker != "o":  # a count or a sum: a thin line with end caps behind the marker
            ax.plot([a, b], [y, y], color=_EVIDENCE, linewidth=0.9, zorder=2,
                    gid=f"evidence:{kind}")
            ends = [x for x, is_open in ((a, open_left), (b, open_right)) if not is_open]
            ax.plot(ends, [y] * len(ends), "|", color=_EVIDENCE, markersize=8, zorder=2)
        else:
            dashed = kind == "reported-range"
            ax.plot([a, b], [y, y], color=_EVIDENCE, linewidth=2.2 if dashed else 3.5,
                    linestyle=_DASHED if dashed else "-", solid_capstyle="butt", zorder=3,
                    gid=f"evidence:{kind}")
        for is_open, x, sign in ((open_right, right, 1), (open_left, left, -1)):
            if is_open:
                ax.annotate("", xy=(x, y), xytext=(x - sign * 0.05 * (right - left), y),
                            arrowprops={"arrowstyle": "-|>", "color": _EVIDENCE,
                                        "linewidth": 1.2}, zorder=4, parse_math=False)
    estimate = value is not None and low is not None and high is not None and is_estimate(row)
    if estimate:  # an even split's point: hollow, and the bounds lead its label
        ax.plot([value], [y], "o", color=_EVIDENCE, markersize=6, markerfacecolor="white",
                markeredgecolor=_EVIDENCE, markeredgewidth=1.2, zorder=6, gid="point:estimate")
        text, at = (f"{format_range(low, high, unit, [c for c in claim if math.isfinite(c)])}{u}"
                    f"; {estimate_text(row)}", (low + high) / 2)
    elif value is not None:
        ax.plot([value], [y], marker, color=_EVIDENCE, markersize=6.5 if marker != "o" else 6,
                markeredgecolor="white", markeredgewidth=0.8, zorder=6, gid=f"point:{kind}")
        text, at = f"{num(value)}{u}", value
    elif low is not None and high is not None:
        text, at = (f"{format_range(low, high, unit, [c for c in claim if math.isfinite(c)])}{u}",
                    (low + high) / 2)
    else:
        text, at = (f"≥ {num(low, rounding='down')}{u}" if low is not None
                    else f"≤ {num(high, rounding='up')}{u}",
                    low if low is not None else high)
    if kind == "conditional-bound":
        text += " " + textwrap.shorten(condition_text(row), 50, placeholder=" …")
    if decides and row.get("release") is not None:
        text = f"{row['release']} release (decides): {text}"
    share = (at - left) / (right - left) if right > left else 0.5
    ha = "left" if share < 0.2 else "right" if share > 0.8 else "center"
    # a label that would run past an end of the row is set against that end instead
    half = _text_width(text, 7) / _axes_width(ax) / 2
    if ha == "center" and share + half > 1:
        at, ha = right, "right"
    elif ha == "center" and share - half < 0:
        at, ha = left, "left"
    ax.text(at, _Y_VALUE, text, ha=ha, va="top", fontsize=7, color="0.1", zorder=6,
            gid="value-label", parse_math=False, clip_on=False)


# --------------------------------------------------------------------------------------------
# Tables and figures of armsdata.compare and the explorer: the same figure on several editions
# and bases
# --------------------------------------------------------------------------------------------

#: Markers of the runs (editions and bases) in one chart: shape tells them apart in greyscale.
RUN_MARKERS = ("o", "s", "^", "D", "v")
#: How far a chart in units of a claim's last digit reaches either side (further: an arrow).
RELATIVE_CLIP = 10.0


def top_suppliers_labels(top: pd.DataFrame) -> pd.DataFrame:
    """The table of :func:`armsdata.analysis.top_suppliers_by_period` for reading: one row per
    window, one column per (recipient, rank), each cell ``"Russia (94 %, 374)"`` (share on the
    rows basis in per cent, printed TIV in millions).

    A supplier whose cells in the window are all SIPRI's ``0`` reads ``"Iran (0 %, < 0.5 a
    year)"``; where every cell of the window is ``0`` the share is undefined and reads
    ``"Iran (share undefined, < 0.5 a year)"``.  *top* needs a ``recipient`` column.
    """
    def label(r: Any) -> str:
        tiv = "< 0.5 a year" if r.below_half else f"{r.tiv:,.0f}"
        share = "share undefined" if pd.isna(r.share) else f"{r.share:.0f} %"
        return f"{r.supplier} ({share}, {tiv})"

    if top.empty:
        return pd.DataFrame(index=pd.Index([], name="window"))
    cells = top.assign(label=[label(r) for r in top.itertuples(index=False)])
    names = list(dict.fromkeys(cells["recipient"]))
    wide = cells.pivot(index="window", columns=["recipient", "rank"], values="label").fillna("")
    cols = [c for n in names for c in wide.columns if c[0] == n]
    return wide[sorted(cols, key=lambda c: (names.index(c[0]), c[1]))]


def _title_above_legend(ax: plt.Axes, title: str, legend_rows: int) -> None:
    """Lift the title of *ax* (set by :func:`finish`) over a legend of *legend_rows* rows drawn
    just above the axes, and lay the figure out again with room for the source line."""
    ax.set_title(title, loc="left", pad=6 + 12.5 * legend_rows)
    fig = ax.figure
    source = [t for t in fig.texts if t.get_gid() == SOURCE_GID]
    lines = source[0].get_text().count("\n") + 1 if source else 0
    fig.tight_layout(rect=(0, 0.04 * lines * 4.8 / fig.get_figheight(), 1, 1))


def _clipped(ax: plt.Axes, lo: float, hi: float, y: float, clip: float, **kw: Any) -> None:
    """A range from *lo* to *hi* at height *y*, cut at ±*clip* with an arrowhead where it runs on."""
    a, b = max(lo, -clip), min(hi, clip)
    if a > b:  # wholly off the chart: an arrow at the edge it lies beyond
        edge = clip if lo > clip else -clip
        ax.plot([edge], [y], ">" if edge > 0 else "<", color=kw.get("color", "0.2"),
                markersize=5)
        return
    ax.plot([a, b], [y, y], solid_capstyle="butt", **kw)
    for end, over, m in ((b, hi > clip, ">"), (a, lo < -clip, "<")):
        if over:
            ax.plot([end], [y], m, color=kw.get("color", "0.2"), markersize=5)


def split_chart(widths: pd.DataFrame, title: str, source: str, *, n: int = 20,
                ax: plt.Axes | None = None) -> plt.Axes:
    """The largest supplier's share of each of the *n* largest importers on the three register
    bases: the bounds any split allows, those a split agreeing with the printed yearly totals
    allows, the even split's point, and SIPRI's per-year value.

    *widths* is :func:`armsdata.compare.split_widths` (largest importer first).
    """
    d = widths.dropna(subset=["totals_low"]).head(n)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.6 + 0.32 * len(d)))
    light, dark = "0.78", "0.25"  # greys: the wide range behind the narrow one
    for i, r in enumerate(d.itertuples(index=False)):
        ax.plot([r.any_low, r.any_high], [i, i], color=light, linewidth=7, solid_capstyle="butt",
                zorder=2)
        ax.plot([r.totals_low, r.totals_high], [i, i], color=dark, linewidth=2.6,
                solid_capstyle="butt", zorder=3)
        ax.plot([r.even_split], [i], "o", markerfacecolor="white", markeredgecolor="0.1",
                markersize=6, zorder=4)
        ax.plot([r.value], [i], "D", color="0.05", markersize=4.5, zorder=5)
    ax.set_yticks(range(len(d)), [f"{r.recipient} \u2190 {r.supplier}"
                                  for r in d.itertuples(index=False)], fontsize=8)
    ax.set_ylim(len(d) - 0.4, -0.6)
    ax.set_xlim(-1, 101)
    ax.grid(axis="y", visible=False)
    handles = [Line2D([], [], color=light, linewidth=7, label="any split (even-split register)"),
               Line2D([], [], color=dark, linewidth=2.6,
                      label="splits that agree with the printed yearly totals"),
               Line2D([], [], marker="o", linestyle="none", markerfacecolor="white",
                      markeredgecolor="0.1", label="even split (point)"),
               Line2D([], [], marker="D", linestyle="none", color="0.05",
                      label="SIPRI's per-year values")]
    ax.legend(handles=handles, fontsize=7.5, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2,
              frameon=False)
    finish(ax, title, "", source, xlabel="share of the recipient's imports, per cent")
    _title_above_legend(ax, title, 2)
    return ax


def split_bases_chart(table: pd.DataFrame, title: str, source: str,
                      ax: plt.Axes | None = None) -> plt.Axes:
    """One supplier's share on the register bases of :func:`armsdata.compare.split_bases`: a
    row per basis and edition, the point and its bounds (per cent)."""
    rows = table.assign(share=table["value"],
                        label=table["bounds_from"] + " (" + table["edition"] + ")")
    return share_intervals(rows, title, source, label_col="label", ax=ax)


# --------------------------------------------------------------------------------------------
# Statistical figures (seaborn, imported only where it draws)
# --------------------------------------------------------------------------------------------

def _seaborn():
    """seaborn, with the house look: imported here, never at module level, so that
    ``import armsdata`` and the command line do not pay for it (a test checks)."""
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", rc=HOUSE_RC)
    return sns


def supplier_year_heatmap(wide: pd.DataFrame, title: str, source: str, *,
                          max_series: int = MAX_SERIES, ax: plt.Axes | None = None) -> plt.Axes:
    """A supplier × year matrix of TIV (millions): who delivered how much when, each cell
    written in (whole millions, '–' for none), shaded light to dark (cividis, greyscale-safe).

    Parameters
    ----------
    wide
        Years (index) × suppliers (columns), TIV millions (:func:`armsdata.queries.imports_by_supplier`).
        The largest *max_series* − 1 suppliers get a row each, the rest one "Other" row.
    """
    sns = _seaborn()
    data = _top(wide.fillna(0.0), max_series).T
    data.columns = [str(int(y)) for y in data.columns]
    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 0.55 * data.shape[1] + 3), 0.5 * len(data) + 2.2))
    labels = data.map(lambda v: "–" if v == 0 else f"{v:,.0f}")
    sns.heatmap(data, annot=labels, fmt="", cmap="cividis_r", linewidths=0.5, linecolor="white",
                cbar_kws={"label": TIV_UNIT}, annot_kws={"fontsize": 8}, ax=ax)
    ax.tick_params(axis="y", rotation=0)
    return finish(ax, title, "supplier", source, xlabel="year")


def revision_spread(rel: pd.DataFrame, reference: str, title: str, source: str,
                    ax: plt.Axes | None = None) -> plt.Axes:
    """How far SIPRI's later releases moved each figure, one dot per claim and release, with
    the spread of the moves per release (a box): the point's shift from the *reference* release
    in units of the claim's last printed digit (``compare.relative`` of ``compare.by_release``).
    0 is no move; ±0.5 the width of the claim's own rounding (shaded).  A point that is only the
    classic register's even split (``point_kind`` ``register``) is an estimate, not a figure SIPRI
    printed: it is left out, and the source line should say so."""
    sns = _seaborn()
    rows = []
    if "point_kind" in rel.columns:
        rel = rel[rel["point_kind"] != "register"]
    ref = rel[rel["run"] == reference].set_index("id")["x_value"]
    for r in rel[rel["run"] != reference].itertuples(index=False):
        if r.id in ref.index and pd.notna(r.x_value) and pd.notna(ref.loc[r.id]):
            rows.append({"release": r.run, "shift": float(r.x_value - ref.loc[r.id]),
                         "check": r.check})
    data = pd.DataFrame(rows, columns=["release", "shift", "check"])
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.8))
    ax.axvspan(-0.5, 0.5, color=_REGION, zorder=0, linewidth=0)
    if len(data):
        order = sorted(data["release"].unique())
        with warnings.catch_warnings():  # seaborn 0.13's boxplot on matplotlib 3.11: its own
            warnings.filterwarnings("ignore", "vert: bool", matplotlib.MatplotlibDeprecationWarning)
            sns.boxplot(data=data, x="shift", y="release", order=order, color="white",
                        showfliers=False, width=0.5, ax=ax)
        sns.stripplot(data=data, x="shift", y="release", order=order, hue="check",
                      palette=palette(data["check"].nunique()), size=5, jitter=0.2, ax=ax)
        ax.legend(title="figure", fontsize=9, title_fontsize=10, loc="best")
    else:
        ax.text(0.5, 0.5, "no figure is answered on both releases", transform=ax.transAxes,
                ha="center", va="center")
    finish(ax, title, f"compared with the {reference}",
           source, xlabel="shift of the point, in units of the claim's last printed digit")
    return ax


def suppliers_over_time(top: pd.DataFrame, title: str, source: str,
                        ax: plt.Axes | None = None) -> plt.Axes:
    """A recipient's largest suppliers' shares window by window, one line per supplier with its
    bounds as a band (``analysis.top_suppliers_by_period``: ``window``, ``supplier``, ``share``,
    ``low``, ``high``)."""
    sns = _seaborn()
    data = top.dropna(subset=["share"]).copy()
    data["window"] = data["window"].astype(str)
    order = list(dict.fromkeys(data["window"]))
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.8))
    suppliers = list(dict.fromkeys(data.sort_values("tiv", ascending=False)["supplier"]))
    colours = dict(zip(suppliers, palette(len(suppliers))))
    x = {w: i for i, w in enumerate(order)}
    for s in suppliers:
        g = data[data["supplier"] == s]
        ax.fill_between([x[w] for w in g["window"]], g["low"], g["high"], color=colours[s],
                        alpha=0.2, linewidth=0)
    sns.lineplot(data=data.assign(x=data["window"].map(x)), x="x", y="share", hue="supplier",
                 hue_order=suppliers, palette=colours, style="supplier", markers=True,
                 dashes=False, ax=ax)
    ax.set_xticks(range(len(order)), order)
    ax.set_ylim(0, 100)
    ax.legend(title="supplier", fontsize=9, title_fontsize=10)
    return finish(ax, title, "share of the recipient's arms imports, per cent (bounds shaded)",
                  source, xlabel="window")


# --------------------------------------------------------------------------------------------
# A claims file judged per SIPRI release (armsdata.compare.by_release)
# --------------------------------------------------------------------------------------------

def verdicts_by_release(counts: pd.DataFrame, title: str, source: str, *,
                        record: Sequence[str] = (), ax: plt.Axes | None = None) -> plt.Axes:
    """How many claims get each verdict on each release: one stacked bar per release.

    Parameters
    ----------
    counts
        :func:`armsdata.compare.verdict_counts` (releases × verdicts; its ``confirmed`` and
        ``claims`` columns are not drawn).
    record
        The releases of record (their ``run`` names): their labels say so, the others are what
        the verdicts would be had the text been judged on that release.

    Each verdict keeps its colour and glyph (:data:`VERDICT_STYLES`); every segment is
    labelled with its count where it is wide enough, and the alt text gives every count.
    """
    verdicts = [v for v in counts.columns if v in VERDICT_STYLES]
    runs = list(counts.index)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 1.9 + 0.5 * len(runs)))
    total = float(counts[verdicts].sum(axis=1).max() or 1)
    for i, run in enumerate(runs):
        left = 0.0
        for v in verdicts:
            n = int(counts.loc[run, v])
            if not n:
                continue
            style = verdict_style(v)
            ax.barh(i, n, left=left, color=style.colour, edgecolor=BADGE_EDGE, linewidth=0.6,
                    height=0.62)
            if n / total >= 0.035:
                ax.text(left + n / 2, i, f"{style.glyph} {n}" if n / total >= 0.07 else str(n),
                        ha="center", va="center", fontsize=8.5, color=style.text,
                        parse_math=False)
            left += n
    ax.set_yticks(range(len(runs)), [f"{r}\n(release of record)" if r in record else r
                                     for r in runs])
    ax.set_ylim(len(runs) - 0.5, -0.5)
    ax.set_xlim(0, total)
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=verdict_style(v).colour, edgecolor=BADGE_EDGE,
                     label=f"{verdict_style(v).glyph} {verdict_style(v).label}") for v in verdicts]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=8,
              frameon=False)
    finish(ax, title, "", _wrap_source(source, ax.figure),
           xlabel="claims (one per figure of the text)")
    _title_above_legend(ax, title, -(-len(verdicts) // 3))
    said = "; ".join(f"{run}{' (release of record)' if run in record else ''}: "
                     + ", ".join(f"{int(counts.loc[run, v])} {v}" for v in verdicts
                                 if counts.loc[run, v])
                     for run in runs)
    set_alt(ax.figure, f"{title}. Stacked bars, one per release, of how many claims get each "
                       f"verdict: {said}. {source}")
    return ax


def release_chart(rel: pd.DataFrame, title: str, source: str, *,
                  clip: float = RELATIVE_CLIP) -> Figure:
    """Every claim of a claims file on each SIPRI release, on one scale, with the verdicts: the
    release of record and what later (or earlier) releases say (a revision chart for
    :func:`armsdata.compare.by_release`).

    Parameters
    ----------
    rel
        :func:`armsdata.compare.relative` of :func:`armsdata.compare.by_release` (its rows for
        the releases to show): ``id``, ``run``, ``summary``, ``verdict``, ``decides``,
        ``point_kind`` and the figure in units of the claim's last printed digit (``x_value``,
        ``x_low``, ``x_high``, ``x_claim_low``, ``x_claim_high``).
    clip
        The horizontal axis runs from -clip to +clip; ranges beyond end in an arrowhead.

    Returns
    -------
    Figure
        One row per claim (file order): the claim's interval as a grey band; each release's
        range as a bar and its point as a marker (one colour and shape per release; the release
        of record drawn thicker; a hollow marker where the point is an even split's estimate,
        which assumes how deliveries fall into years); on the right each release's verdict as a
        glyph, the release of record's in brackets.  Alt text says for how many claims another
        release that answers gives another verdict.
    """
    runs = list(dict.fromkeys(rel["run"]))
    ids = list(dict.fromkeys(rel["id"]))
    n, k = len(ids), len(runs)
    fig, ax = plt.subplots(figsize=(11, 1.8 + 0.3 * n))
    colours = _cividis(k) if k > 1 else _cividis(3)[:1]  # dark first: the oldest release shown
    by = rel.set_index(["id", "run"])
    spread = 0.72 / max(k - 1, 1)
    differ = 0
    for i, cid in enumerate(ids):
        first = by.loc[(cid, runs[0])]
        lo, hi = first["x_claim_low"], first["x_claim_high"]
        if pd.notna(lo) and pd.notna(hi):
            a, b = max(lo, -clip), min(hi, clip)
            if a == b:
                ax.plot([a, a], [i - 0.45, i + 0.45], color="0.6", linewidth=2.5, zorder=1)
            else:
                ax.fill_between([a, b], i - 0.45, i + 0.45, color=_REGION, linewidth=0, zorder=0)
        glyphs, answered = [], {}
        for j, run in enumerate(runs):
            r = by.loc[(cid, run)]
            y = i + (j - (k - 1) / 2) * spread
            mine = bool(r["decides"])
            if pd.notna(r["x_low"]) and pd.notna(r["x_high"]):
                _clipped(ax, r["x_low"], r["x_high"], y, clip, color=colours[j],
                         linewidth=3.2 if mine else 1.8, zorder=4 if mine else 3)
                answered[run] = str(r["verdict"])
            if pd.notna(r["x_value"]):
                x = min(max(r["x_value"], -clip), clip)
                hollow = r["point_kind"] == "register"
                ax.plot([x], [y], RUN_MARKERS[j % len(RUN_MARKERS)], color=colours[j],
                        markersize=7 if mine else 6.5, zorder=5,
                        markerfacecolor="white" if hollow else colours[j],
                        markeredgecolor=colours[j] if hollow else "white",
                        markeredgewidth=0.9 if hollow else 0.5)
            glyph = verdict_style(str(r["verdict"])).glyph
            glyphs.append(f"[{glyph}]" if mine else f" {glyph} ")
        record = [run for run in runs if bool(by.loc[(cid, run)]["decides"])]
        if record and record[0] in answered:
            differ += any(v != answered[record[0]] for run, v in answered.items()
                          if run != record[0])
        ax.text(1.01, i, "".join(glyphs), transform=ax.get_yaxis_transform(), va="center",
                ha="left", fontsize=9, parse_math=False, gid=f"verdicts:{cid}",
                fontfamily="DejaVu Sans Mono")
    labels = [textwrap.shorten(str(by.loc[(c, runs[0])]["summary"]), 62, placeholder=" …")
              for c in ids]
    ax.set_yticks(range(n), labels, fontsize=7.5)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_xlim(-clip - 0.5, clip + 0.5)
    ax.axvline(0, color="0.35", linewidth=0.8, zorder=1)
    ax.grid(axis="y", visible=False)
    handles = [Patch(facecolor=_REGION, label="claim: values that round to it")]
    handles += [Line2D([], [], color=colours[j], marker=RUN_MARKERS[j % len(RUN_MARKERS)],
                       linewidth=2.2, markersize=5, label=f"{run}: bounds and point")
                for j, run in enumerate(runs)]
    handles += [Line2D([], [], color="0.3", linewidth=3.2,
                       label="thicker: the release of record (judges the claim)"),
                Line2D([], [], color="0.3", marker="o", linestyle="none", markerfacecolor="white",
                       label="hollow: an even split's estimate (assumes a split)")]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=8,
              frameon=False)
    key = ", ".join(f"{s.glyph} {s.label}" for s in VERDICT_STYLES.values())
    ax.text(1.01, -0.6, "verdicts\n(" + ", ".join(r.split()[0] for r in runs) + ")",
            fontsize=7.5, va="bottom", ha="left", transform=ax.get_yaxis_transform(),
            parse_math=False)
    finish(ax, title, "", _wrap_source(f"{source}\nVerdict glyphs: {key}; [ ] the release of "
                                       "record.", fig),
           xlabel="evidence minus the claimed figure, in units of the claim's last printed digit")
    _title_above_legend(ax, title, -(-len(handles) // 2))
    return set_alt(fig, f"{title}. One row per claim ({n}), each with its bounds and point on "
                        f"{', '.join(runs)}, on a scale of the claim's last printed digit; "
                        f"another release that answers gives another verdict than the release "
                        f"of record for {differ} of {n} claims. {source}")


def _wrap_source(source: str, fig: Figure) -> str:
    """*source* broken into lines that fit *fig*'s width at the source line's 8 points."""
    width = max(60, int(fig.get_figwidth() * 16))
    return "\n".join(textwrap.fill(line, width) for line in source.split("\n"))
