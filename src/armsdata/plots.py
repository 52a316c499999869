"""One house look for every figure: title, axis units, a source line with the data edition.

Palettes stay readable in greyscale print: colours ordered light-to-dark (seaborn "cividis"-like
sequential steps) plus hatching on stacked areas and bars, so neighbouring series differ in
lightness, not only in hue.  Nothing here computes data.
"""

from __future__ import annotations

from typing import Sequence

import matplotlib

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

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


def palette(n: int) -> list:
    """*n* colours that differ in lightness (greyscale-safe), dark first."""
    return sns.color_palette("cividis", n_colors=max(n, 1))[::-1] if n > 1 else sns.color_palette("cividis", 3)[:1]


def apply_style() -> None:
    """The house style for matplotlib (call once per notebook)."""
    sns.set_theme(style="whitegrid", context="notebook")
    matplotlib.rcParams.update({"figure.dpi": 100, "savefig.dpi": 100, "figure.figsize": (9, 4.8),
                                "axes.titleweight": "bold", "svg.hashsalt": "armsdata"})


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
