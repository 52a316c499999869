"""One house look: every figure has a title, its unit on the axis and a dated source line.

A new public plotting function without a case in ``CASES`` fails ``test_every_plot_function_is_checked``,
so the house look cannot be skipped by adding a function.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")  # no display in CI; before pyplot is imported anywhere

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import cie_lightness  # noqa: E402
from conftest import result_row as row  # noqa: E402

from armsdata import plots  # noqa: E402
from armsdata.claims import display  # noqa: E402

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
    # the claim notebooks' figures (cases with data checked by hand: tests/test_plots_claims.py)
    "estimate_intervals": (lambda: plots.estimate_intervals(
        _intervals().rename(columns={"share": "value"}).assign(feasible=[False, True, True]),
        "Russia's share of Armenia's imports", plots.source_line(EDITION),
        claim={"claim_low": 94, "claim_high": float("inf"), "comparator": "at-least",
               "unit": PER_CENT}), PER_CENT),
    "yearly_intervals": (lambda: plots.yearly_intervals(
        {"even split": pd.DataFrame({"year": [2016, 2017], "value": [111.6, 16.6],
                                     "low": [109.7, 17.7], "high": [110.5, 18.5],
                                     "feasible": [False, False]})},
        "Deliveries by year", plots.source_line(EDITION)), plots.TIV_UNIT),
    "reports_and_bounds": (lambda: plots.reports_and_bounds(
        pd.DataFrame({"by": ["Day.az"], "qualifier": [""], "value": [510.0],
                      "period": ["17 Jul-6 Aug"], "source_type": ["media"]}),
        pd.DataFrame({"scope": ["report"], "units": [9], "units_name": ["flights"],
                      "per_unit": [52.0], "type": ["Il-76TD"], "bound": [468.0],
                      "compared_with": ["Day.az"]}),
        "Cargo", plots.source_line(EDITION), unit="t"), "t"),
    # the comparison notebooks' figures (05, 06; with real data: tests/test_compare.py)
    "split_chart": (lambda: plots.split_chart(pd.DataFrame(
        {"recipient": ["India"], "supplier": ["Russia"], "value": [73.36], "even_split": [76.87],
         "any_low": [11.6], "any_high": [96.3], "totals_low": [14.8], "totals_high": [85.1]}),
        "Largest supplier's share", plots.source_line(EDITION)), PER_CENT),
    "split_bases_chart": (lambda: plots.split_bases_chart(pd.DataFrame(
        {"register_basis": ["even split", "per-year"], "bounds_from": ["any split", "SIPRI"],
         "edition": ["2024-10-13", "2024-04-16"], "value": [76.87, 73.36], "low": [11.6, 73.35],
         "high": [96.3, 73.37]}), "Russia's share of India's imports", plots.source_line(EDITION)),
        PER_CENT),
    "dated_timeline": (lambda: plots.dated_timeline(
        pd.DataFrame({"label": ["a loan"], "signed": [pd.Timestamp("2015-06-26")]}),
        [("signed", "o", "signed")], "Loans", plots.source_line(EDITION), label_col="label"),
        "Date"),
    "supplier_year_heatmap": (lambda: plots.supplier_year_heatmap(
        _wide(), "Armenia's arms imports by supplier and year", plots.source_line(EDITION)),
        plots.TIV_UNIT),
    "revision_spread": (lambda: plots.revision_spread(
        pd.DataFrame({"id": ["a", "a"], "run": ["2022 release", "2024 release"],
                      "x_value": [0.2, 1.2], "check": ["sipri-share"] * 2}),
        "2022 release", "Fact sheet figures, revised", plots.source_line(EDITION)),
        "last printed digit"),
    "suppliers_over_time": (lambda: plots.suppliers_over_time(
        pd.DataFrame({"window": ["2001-2005", "2006-2010"], "supplier": ["A", "A"],
                      "tiv": [10.0, 12.0], "share": [66.7, 92.3], "low": [60.0, 90.0],
                      "high": [70.0, 95.0]}), "X's suppliers over time", plots.source_line(EDITION)),
        "per cent"),
    # notebook 05: a claims file's verdicts on each release (with real data: tests/test_compare.py)
    "verdicts_by_release": (lambda: plots.verdicts_by_release(
        pd.DataFrame({"supported": [49, 34], "inconclusive": [25, 2], "contradicted": [0, 38]},
                     index=["2022 release", "2024 release"]),
        "Verdicts per release", plots.source_line(EDITION), record=["2022 release"]), "claims"),
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
    # the unit on an axis of the figure (a heatmap's colour bar is an axis of its own)
    axis_labels = " | ".join(a.get_ylabel() + " | " + a.get_xlabel() for a in ax.figure.axes)
    assert unit in axis_labels, f"{unit!r} not on an axis: {axis_labels!r}"
    sources = [t.get_text() for t in ax.figure.texts if SOURCE.match(t.get_text())]
    assert len(sources) == 1, [t.get_text() for t in ax.figure.texts]
    assert EDITION in sources[0]


def test_source_line_names_the_edition():
    assert plots.source_line("2024-10-13") == "Source: SIPRI Arms Transfers Database, generated 2024-10-13"
    assert plots.source_line("2024-10-13", "Register, even split.").endswith("2024-10-13. Register, even split.")


def test_editions_text_names_each_edition_once_with_its_release():
    pairs = [("2025-03-13", 2025), ("2024-04-16, 2024-10-13", 2024), ("2022-04-22", 2022),
             ("2025-03-13", 2025), ("", None), ("2026-08-12", float("nan"))]
    assert plots.editions_text(pairs) == (
        "2022-04-22 (2022 release), 2024-04-16 (2024 release), 2024-10-13 (2024 release), "
        "2025-03-13 (2025 release), 2026-08-12")


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


@pytest.mark.parametrize("n", range(2, plots.MAX_SERIES + 1))
def test_palette_is_greyscale_safe(n):
    colours = plots.palette(n)
    assert len(colours) == n
    lightness = np.array([cie_lightness(c) for c in colours])
    steps = np.diff(lightness)
    # one direction (light to dark), and each neighbour a visible step apart
    assert (np.sign(steps) == np.sign(steps[0])).all(), lightness
    assert np.abs(steps).min() >= MIN_LIGHTNESS_STEP, lightness


def test_lightness_helper():
    assert cie_lightness((0, 0, 0)) == pytest.approx(0)
    assert cie_lightness((1, 1, 1)) == pytest.approx(100)
    assert cie_lightness((0.5, 0.5, 0.5)) == pytest.approx(53.39, abs=0.01)


def test_palette_of_one():
    assert len(plots.palette(1)) == 1


# ---------------------------------------------------------------- alt text

def test_alt_text_reads_titles_labels_legend_and_source():
    ax = plots.line_chart(pd.DataFrame({"year": [2019, 2020], "Armenia": [248.0, 0.0],
                                        "Azerbaijan": [44.0, 28.0]}),
                          "year", ["Armenia", "Azerbaijan"], "Arms imports", plots.TIV_UNIT,
                          plots.source_line(EDITION))
    assert plots.alt_text(ax.figure) == (
        "Figure: Arms imports (horizontal axis: year; vertical axis: SIPRI TIV, millions). "
        "Series: Armenia, Azerbaijan. "
        "Source: SIPRI Arms Transfers Database, generated 2022-04-22.")


def test_alt_text_of_panels_of_a_bare_figure_and_a_stored_one():
    fig, axes = plt.subplots(1, 2)
    axes[0].set_title("Armenia")
    axes[1].set_title("Azerbaijan")
    assert plots.alt_text(fig) == "Figure with 2 panels: Armenia; Azerbaijan."
    bare, _ = plt.subplots()
    assert plots.alt_text(bare) == "Chart without a title or axis labels."
    assert plots.alt_text(plots.set_alt(bare, "  What  it shows. ")) == "What it shows."


def test_register_alt_text_puts_the_description_in_the_figure_metadata():
    from IPython.core.formatters import DisplayFormatter
    from matplotlib.figure import Figure

    class Shell:  # what register_alt_text uses of an IPython shell
        display_formatter = DisplayFormatter()

    shell = Shell()
    # as the inline backend does: a PNG formatter for figures
    shell.display_formatter.formatters["image/png"].for_type(Figure, lambda fig: b"png bytes")
    assert plots.register_alt_text(shell)
    fig, ax = plt.subplots()
    ax.set_title("Shares")
    data, metadata = shell.display_formatter.format(fig)
    assert data["image/png"] == b"png bytes"
    assert metadata == {"image/png": {"alt": "Figure: Shares."}}
    assert plots.register_alt_text(object()) is False   # not a shell: nothing to do


INF = float("inf")


OVERVIEW_ROWS = [
    row(id="share", summary="Russia ≥ 94 % of Armenia's arms imports", value=93.7, low=93.0,
        high=94.7, range_kind="conditional-bound", verdict="not-supported",
        assumptions=[{"name": "even split", "value": "", "confirmed": False, "effect": ""},
                     {"name": "rounding", "value": "", "confirmed": True, "effect": ""}],
        edition="2022-04-22, 2024-10-13"),
    row(id="most", summary="Russia supplied most", comparator="over", quantity=50, claim_low=50,
        value=88.0, low=87.3, high=88.3, range_kind="bound", verdict="supported-with-caveat",
        edition="2022-04-22"),
    row(id="range", summary="Iskander range", comparator="about", unit="km", quantity=300,
        claim_low=250, claim_high=350, low=280, high=500, range_kind="reported-range",
        verdict="supported-with-caveat"),
    row(id="flights", summary="Nine flights", comparator="equals", unit="flights", quantity=9,
        claim_low=9, claim_high=9, value=9, low=8, high=9, range_kind="count"),
    row(id="deaths", summary="Loans ≥ $300 m and $200 m", comparator="over", unit="$",
        quantity=40, claim_low=40, value=37, low=37, high=None, range_kind="sum-of-reports",
        verdict="not-supported"),
    row(id="troops", summary="Seven decades", comparator="about", unit="years", quantity=70,
        claim_low=65, claim_high=75, range_kind="none", verdict="not-checkable"),
    row(id="no-number", summary="a claim without a number", claim_low=-INF, claim_high=INF,
        verdict="contradicted"),
]


def _artists(ax, gid_prefix):
    found = [a for a in ax.get_children() if (a.get_gid() or "").startswith(gid_prefix)]
    found += [t for t in ax.texts if (t.get_gid() or "").startswith(gid_prefix)
              and t not in found]
    return found


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_claims_overview_draws_one_row_per_numeric_claim(layout):
    fig = plots.claims_overview(OVERVIEW_ROWS, layout=layout)
    fig.canvas.draw()  # "$...$" in a summary must stay text, not become mathtext
    rows = {ax.get_gid().split(":", 1)[1]: ax for ax in fig.axes
            if (ax.get_gid() or "").startswith("claim:")}
    assert list(rows) == ["share", "most", "range", "flights", "deaths", "troops"]
    for cid, ax in rows.items():
        assert _artists(ax, "claim-region"), cid
        verdict = _artists(ax, "verdict")[0].get_text()
        style = display.verdict_style(next(r for r in OVERVIEW_ROWS if r["id"] == cid)["verdict"])
        assert verdict == f"{style.glyph} {style.label}", cid
    summary = _artists(rows["deaths"], "summary")[0]
    assert summary.get_text() == "Loans ≥ $300 m and $200 m" and not summary.get_parse_math()
    texts = [t for ax in rows.values() for t in ax.texts] + list(fig.texts)
    assert not [t.get_text() for t in texts if t.get_parse_math()]   # text from claims: no TeX
    # each range kind is drawn its own way
    cond = _artists(rows["share"], "evidence:conditional-bound")[0]
    assert cond.get_hatch() == "////" and cond.get_linestyle() == ":"
    assert "if even split" in _artists(rows["share"], "value-label")[0].get_text()
    assert "rounding" not in _artists(rows["share"], "value-label")[0].get_text()  # confirmed
    assert _artists(rows["most"], "evidence:bound")[0].get_linestyle() == "-"
    assert _artists(rows["range"], "evidence:reported-range")[0].get_linestyle() == "--"
    assert _artists(rows["flights"], "point:count")[0].get_marker() == "D"
    assert _artists(rows["deaths"], "point:sum-of-reports")[0].get_marker() == "s"
    assert _artists(rows["troops"], "evidence:none")[0].get_text() == "no figure from the evidence"
    assert "claim ≥ 94 %" in _artists(rows["share"], "claim-label")[0].get_text()
    # the legend says which is which
    legend = " | ".join(t.get_text() for t in fig.legends[0].get_texts())
    for words in ("claim", "point estimate", "bound (holds", "bound if assumptions hold",
                  "reported range", "count", "sum of reports"):
        assert words in legend, legend
    sources = [t.get_text() for t in fig.texts if t.get_gid() == plots.SOURCE_GID]
    assert sources and "2022-04-22, 2024-10-13" in sources[0].replace("\n", " ")


def test_claims_overview_alt_text_counts_the_verdicts():
    fig = plots.claims_overview(OVERVIEW_ROWS)
    alt = plots.alt_text(fig)
    assert alt == plots.claims_overview_alt(OVERVIEW_ROWS)
    assert alt.startswith("Chart of the 6 numeric claims, one row each")
    assert ("(1 supported, 2 supported-with-caveat, 2 not-supported, 1 not-checkable)"
            in alt)


# A SIPRI figure judged on its 2025 release (an even split's point), with two revisions: one
# within the row's scale, one (an even split of a short window) some 100 times wider.  Numbers
# made up for the test; the labels below are worked out from them by hand.
RELEASES_ROW = row(
    id="share", summary="Russia ≥ 94 % of Armenia's arms imports", value=93.86, low=93.02,
    high=94.72, verdict="inconclusive", release=2025, edition="2025-03-13", basis="register",
    point_from="edition 2025-03-13, basis register",
    revisions=[{"release": 2024, "editions": ["2024-04-16"], "bases": ["per-year"],
                "value": 93.86, "low": 93.8586, "high": 93.8678, "verdict": "contradicted",
                "point_from": "edition 2024-04-16, basis per-year"},
               {"release": 2022, "editions": ["2022-04-22"], "bases": ["total"],
                "value": 80.0, "low": -60.0, "high": 240.0, "verdict": "inconclusive"}])


@pytest.mark.parametrize("layout", ["wide", "narrow"])
def test_claims_overview_draws_every_release_of_a_sipri_figure(layout):
    fig = plots.claims_overview([RELEASES_ROW, OVERVIEW_ROWS[2]], layout=layout, releases=True)
    share, other = fig.axes[0], fig.axes[1]
    labels = [t.get_text() for t in _artists(share, "revision-label")]
    # newest first; ranges rounded outward (93.8586 down, 93.8678 up); verdict in glyph and word
    assert labels == ["2024 release: 93.8–93.9 %  \u2717 contradicted",
                      "2022 release: -60.0–240.0 %  \u2194 inconclusive"]
    assert _artists(share, "revision:2024") and _artists(share, "revision:2022")
    # the wide one does not squash the row: it runs past both edges, with an arrowhead at each
    left, right = share.get_xlim()
    assert -60 < left and right < 240 and right - left < 100
    assert len(_artists(share, "revision:2022:beyond")) == 2
    # the deciding release is named; its point is an even split's: hollow, labelled an estimate
    value = _artists(share, "value-label")[0].get_text()
    assert value.startswith("2025 release (decides): 93.0–94.8 %")
    assert "93.86 % (estimate: even split)" in value
    (point,) = _artists(share, "point:estimate")
    assert point.get_markerfacecolor() == "white"
    # a claim without releases keeps its row as it was; each release's editions in the source
    assert not _artists(other, "revision")
    assert share.get_position().height > other.get_position().height
    source = [t.get_text() for t in fig.texts if t.get_gid() == plots.SOURCE_GID][0]
    for part in ("2022-04-22 (2022 release)", "2024-04-16 (2024 release)",
                 "2025-03-13 (2025 release)"):
        assert part in source.replace("\n", " ")
    legend = " | ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert "another SIPRI release" in legend and "even split's estimate" in legend
    alt = plots.alt_text(fig)
    assert alt == plots.claims_overview_alt([RELEASES_ROW, OVERVIEW_ROWS[2]], releases=True)
    assert ("inconclusive on the 2025 release (decides); contradicted on the 2024 release, "
            "inconclusive on the 2022 release") in alt


def test_claims_overview_without_releases_keeps_its_size():
    """The default draws the deciding release alone, at the size it always had (notebook 00's
    stored output records it)."""
    rows = [RELEASES_ROW, *OVERVIEW_ROWS]
    plain = plots.claims_overview(rows)
    assert not [a for ax in plain.axes for a in _artists(ax, "revision")]
    assert tuple(plain.get_size_inches()) == (11.0, 1.25 + 0.72 * 7 + 0.45)
    with_releases = plots.claims_overview(rows, releases=True)
    assert with_releases.get_size_inches()[1] > plain.get_size_inches()[1]


def test_claims_overview_refuses_an_unknown_layout():
    with pytest.raises(ValueError, match="unknown layout 'tall'"):
        plots.claims_overview(OVERVIEW_ROWS, layout="tall")


def test_claims_overview_of_no_numeric_claim_says_so():
    fig = plots.claims_overview([OVERVIEW_ROWS[-1]])
    assert "no numeric claims" in [t.get_text() for t in fig.texts]
    assert plots.alt_text(fig).startswith("Chart of the 0 numeric claims")


# ---------------------------------------------------------------- seaborn's figures

def test_seaborn_is_imported_only_where_it_draws():
    code = ("import sys, armsdata, armsdata.plots, armsdata.cli, armsdata.claims, armsdata.report\n"
            "print('seaborn' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_the_supplier_by_year_heatmap_names_its_unit_and_source():
    wide = pd.DataFrame({"Russia": [2.0, 16.0, 0.0], "Jordan": [0.0, 0.0, 21.0]},
                        index=pd.Index([2011, 2012, 2013], name="year"))
    ax = plots.supplier_year_heatmap(wide, "Armenia's arms imports by supplier and year",
                                     plots.source_line("2022-04-22"))
    assert ax.get_title(loc="left") == "Armenia's arms imports by supplier and year"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Jordan", "Russia"]   # largest first
    cells = {t.get_text() for t in ax.texts}
    assert {"16", "21", "–"} <= cells                                              # whole millions
    assert plots.TIV_UNIT in ax.figure.axes[-1].get_ylabel()                       # the colour bar
    assert "generated 2022-04-22" in plots.alt_text(ax.figure)
    plt.close(ax.figure)


def test_the_revision_spread_shows_each_later_releases_moves_in_the_claims_digits():
    rel = pd.DataFrame({"id": ["a", "a", "b", "b"], "run": ["2022 release", "2024 release"] * 2,
                        "x_value": [0.2, 1.2, -0.1, -3.1], "check": ["sipri-share"] * 4})
    ax = plots.revision_spread(rel, "2022 release", "Fact sheet figures, revised",
                               plots.source_line("2022-04-22, 2024-10-13"))
    xs = sorted(float(x) for c in ax.collections for x, _ in c.get_offsets())
    assert xs == pytest.approx([-3.0, 1.0])   # each claim's shift: 1.2 - 0.2, -3.1 - -0.1
    assert "last printed digit" in ax.get_xlabel()
    plt.close(ax.figure)
    # a later release whose point is the classic register's even split: an estimate, left out
    est = pd.concat([rel.assign(point_kind="total"), pd.DataFrame(
        {"id": ["a"], "run": ["2025 release"], "x_value": [-40.0], "check": ["sipri-share"],
         "point_kind": ["register"]})], ignore_index=True)
    ax = plots.revision_spread(est, "2022 release", "t", plots.source_line("2022-04-22"))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2024 release"]
    plt.close(ax.figure)


def test_suppliers_over_time_draws_one_line_per_supplier_with_its_bounds():
    top = pd.DataFrame({"window": ["2001-2005", "2006-2010"] * 2, "supplier": ["A", "A", "B", "B"],
                        "tiv": [10.0, 12.0, 5.0, 1.0], "share": [66.7, 92.3, 33.3, 7.7],
                        "low": [60.0, 90.0, 30.0, 5.0], "high": [70.0, 95.0, 40.0, 10.0]})
    ax = plots.suppliers_over_time(top, "X's suppliers over time", plots.source_line("2022-04-22"))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["A", "B"] and ax.get_ylim() == (0, 100)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2001-2005", "2006-2010"]
    plt.close(ax.figure)
