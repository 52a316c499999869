"""One house look: every figure has a title, its unit on the axis and a dated source line.

A new public plotting function without a case in ``CASES`` fails ``test_every_plot_function_is_checked``,
so the house look cannot be skipped by adding a function.
"""

from __future__ import annotations

import inspect
import re

import matplotlib

matplotlib.use("Agg")  # no display in CI; before pyplot is imported anywhere

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from armsdata import plots  # noqa: E402

EDITION = "2022-04-22"
SOURCE = re.compile(r"^Source: SIPRI Arms Transfers Database, generated \d{4}-\d{2}-\d{2}\b")
PER_CENT = "per cent"
#: Smallest difference in lightness (CIE L*, 0-100, computed from relative luminance) between
#: neighbouring palette colours: about what stays distinguishable on a greyscale print.
MIN_LIGHTNESS_STEP = 8.0


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _wide() -> pd.DataFrame:
    years = range(2011, 2021)
    # more suppliers than MAX_SERIES, so the "Other" series is drawn too
    data = {f"Supplier {k}": [float((k * y) % 7) for y in years] for k in range(plots.MAX_SERIES + 2)}
    return pd.DataFrame(data, index=pd.Index(years, name="year"))


def _intervals() -> pd.DataFrame:
    return pd.DataFrame({"label": ["2022-04-22 total", "2022-04-22 rows", "2024-10-13 register"],
                         "share": [94.2, 93.7, 93.9], "low": [93.7, 93.5, 93.0],
                         "high": [94.0, 94.0, 94.7]})


# function name -> (call returning the Axes, the unit its value axis must carry)
CASES = {
    "stacked_imports": (lambda: plots.stacked_imports(_wide(), "Armenia: arms imports", EDITION),
                        plots.TIV_UNIT),
    "share_intervals": (lambda: plots.share_intervals(_intervals(), "Russia's share of Armenia's imports",
                                                      plots.source_line(EDITION), threshold=94),
                        PER_CENT),
    "line_chart": (lambda: plots.line_chart(pd.DataFrame({"year": [2019, 2020], "Armenia": [248.0, 0.0],
                                                          "Azerbaijan": [44.0, 28.0]}),
                                            "year", ["Armenia", "Azerbaijan"], "Arms imports",
                                            plots.TIV_UNIT, plots.source_line(EDITION)),
                   plots.TIV_UNIT),
    "bar_chart": (lambda: plots.bar_chart(pd.Series({"India": 7598.0, "China": 5255.0}),
                                          "Russia's main recipients", plots.TIV_UNIT,
                                          plots.source_line(EDITION)),
                  plots.TIV_UNIT),
    "bar_chart_vertical": (lambda: plots.bar_chart(pd.Series({"India": 7598.0, "China": 5255.0}),
                                                   "Russia's main recipients", plots.TIV_UNIT,
                                                   plots.source_line(EDITION), horizontal=False),
                           plots.TIV_UNIT),
}


def _plot_functions() -> set[str]:
    """Public functions of armsdata.plots that draw a figure (they return Axes)."""
    return {name for name, f in inspect.getmembers(plots, inspect.isfunction)
            if f.__module__ == plots.__name__ and not name.startswith("_")
            and "Axes" in str(inspect.signature(f).return_annotation) and name != "finish"}


def test_every_plot_function_is_checked():
    assert _plot_functions() <= {name.split("_vertical")[0] for name in CASES}


@pytest.mark.parametrize("name", sorted(CASES))
def test_title_unit_and_source_line(name):
    make, unit = CASES[name]
    ax = make()
    assert isinstance(ax, plt.Axes)
    assert ax.get_title(loc="left").strip(), "no title"
    axis_labels = ax.get_ylabel() + " | " + ax.get_xlabel()
    assert unit in axis_labels, f"{unit!r} not on an axis: {axis_labels!r}"
    sources = [t.get_text() for t in ax.figure.texts if SOURCE.match(t.get_text())]
    assert len(sources) == 1, [t.get_text() for t in ax.figure.texts]
    assert EDITION in sources[0]


def test_source_line_names_the_edition():
    assert plots.source_line("2024-10-13") == "Source: SIPRI Arms Transfers Database, generated 2024-10-13"
    assert plots.source_line("2024-10-13", "Register, even split.").endswith("2024-10-13. Register, even split.")


def test_panels_side_by_side_share_one_source_line():
    fig, axes = plt.subplots(1, 2)
    plots.stacked_imports(_wide(), "Armenia", EDITION, ax=axes[0])
    plots.stacked_imports(_wide(), "Azerbaijan", EDITION, ax=axes[1])
    assert [t.get_text() for t in fig.texts] == [plots.source_line(EDITION)]
    plots.line_chart(pd.DataFrame({"x": [1, 2], "y": [1.0, 2.0]}), "x", ["y"], "t", plots.TIV_UNIT,
                     plots.source_line("2024-10-13"), ax=axes[1])
    assert fig.texts[0].get_text().split("\n") == [plots.source_line(EDITION),
                                                   plots.source_line("2024-10-13")]


def test_stacked_imports_sums_beyond_max_series_into_other():
    ax = plots.stacked_imports(_wide(), "t", EDITION)
    labels = ax.get_legend_handles_labels()[1]
    assert len(labels) == plots.MAX_SERIES and labels[-1] == "Other"


def _lightness(rgb) -> float:
    """CIE L* (0 black .. 100 white) from sRGB, through relative luminance Y."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(v) for v in rgb[:3])
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    f = y ** (1 / 3) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return 116 * f - 16


@pytest.mark.parametrize("n", range(2, plots.MAX_SERIES + 1))
def test_palette_is_greyscale_safe(n):
    colours = plots.palette(n)
    assert len(colours) == n
    lightness = np.array([_lightness(c) for c in colours])
    steps = np.diff(lightness)
    # one direction (light to dark), and each neighbour a visible step apart
    assert (np.sign(steps) == np.sign(steps[0])).all(), lightness
    assert np.abs(steps).min() >= MIN_LIGHTNESS_STEP, lightness


def test_lightness_helper():
    assert _lightness((0, 0, 0)) == pytest.approx(0)
    assert _lightness((1, 1, 1)) == pytest.approx(100)
    assert _lightness((0.5, 0.5, 0.5)) == pytest.approx(53.39, abs=0.01)


def test_palette_of_one():
    assert len(plots.palette(1)) == 1
