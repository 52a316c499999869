"""The claim notebooks' figures (armsdata.plots, after claims_overview), drawn from the shipped
data: what each draws where, its alt text and how it says what cannot be drawn.

Positions are checked against numbers read by hand from the raw files:
``curated/cargo_reports.csv`` and ``curated/aircraft_payloads.csv`` (Day.az 510 t; 9 x 52 t = 468
t; 10 x 52 t = 520 t), ``curated/loans.csv`` (the 2015 loan signed 2015-06-26, used 2015-2017; the
post-2020 contracts row has no date) and ``sipri-tiv-2022-04-22/imports/ARM.csv`` (Russia 374 of
rows adding up to 399 in 2011-2020, of a Total row of 397).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from armsdata import claims, plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def ctx():
    return claims.Context()


@pytest.fixture(scope="module")
def drift():
    article = {c.id: c for c in claims.load_claims()}
    return claims.drift([article["russia-share-2011-2020"], article["weapon-types"]],
                        context=claims.Context(editions=["2022-04-22", "2025-02-10"]))


def _texts(fig, gid=None):
    return [t.get_text() for ax in fig.axes for t in ax.texts if gid is None or t.get_gid() == gid]


def test_edition_drift_one_panel_per_claim_one_line_per_release(drift):
    fig = plots.edition_drift(drift)
    assert [ax.get_gid() for ax in fig.axes] == ["drift:russia-share-2011-2020",
                                                 "drift:weapon-types"]
    share = fig.axes[0]
    # the 2022 release (edition 2022-04-22) judges: the date is unknown and it is the newest of
    # the two that answers; the 2025-02-10 edition belongs to the 2024 release
    assert [t.get_text() for t in share.get_yticklabels()] == ["2022 release\n(decides)",
                                                               "2024 release"]
    assert "(claim ≥ 94 %)" in share.get_title(loc="left")
    # the 2022 release's point: the rows basis, 374/399 (the total basis's 374/397 lies outside
    # the bounds all its printed figures allow, 93.69-93.99)
    (point,) = [ln for ln in share.lines if ln.get_gid() == "point"]
    assert point.get_xdata()[0] == pytest.approx(100 * 374 / 399)
    labels = [t.get_text() for t in share.texts if t.get_gid() == "verdict"]
    assert labels == ["\u2717 contradicted"]              # glyph and word, not colour alone
    unanswered = [t.get_text() for t in share.texts if t.get_gid() == "drift-unanswered"]
    assert len(unanswered) == 1 and unanswered[0].startswith("cannot answer: ")
    # neither release has a trade register of the window: two lines that say so
    assert len([t for t in fig.axes[1].texts if t.get_gid() == "drift-unanswered"]) == 2
    sources = [t.get_text() for t in fig.texts if t.get_gid() == plots.SOURCE_GID]
    assert sources and "generated 2022-04-22 (2022 release)" in sources[0]


def test_edition_drift_alt_text_names_each_verdict(drift):
    alt = plots.alt_text(plots.edition_drift(drift))
    assert alt == plots.edition_drift_alt(drift)
    assert alt.startswith("Chart of 2 SIPRI-based claims on 2 SIPRI releases")
    assert "contradicted on the 2022 release (decides); 1 cannot answer" in alt
    assert "no release answers; 2 cannot answer" in alt


def test_estimate_intervals_draws_an_infeasible_point_hollow(ctx):
    result = claims.evaluate(claims.get_claim("russia-share-2011-2020"), ctx)
    est = claims.tables.estimates(result).assign(label=lambda d: d["edition"] + " " + d["basis"])
    ax = plots.estimate_intervals(est, "Russia's share", plots.source_line("2022-04-22"),
                                  claim=result.to_dict())
    hollow = [ln for ln in ax.lines if ln.get_markerfacecolor() == "white"]
    assert len(hollow) == 1 and hollow[0].get_xdata()[0] == pytest.approx(100 * 374 / 397)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "claim: ≥ 94 %" in legend and "point outside its bounds (not used)" in legend


def test_yearly_intervals_one_series_per_frame():
    frames = {"even split": pd.DataFrame({"year": [2016, 2017], "value": [111.6, 16.6],
                                          "low": [109.7, 17.7], "high": [110.5, 18.5],
                                          "feasible": [False, False]}),
              "SIPRI": pd.DataFrame({"year": [2016, 2017], "value": [110.4, 17.8],
                                     "low": [110.37, 17.785], "high": [110.43, 17.815],
                                     "feasible": [True, True]})}
    ax = plots.yearly_intervals(frames, "by year", plots.source_line("2024-10-13"))
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["even split: point outside its bounds", "SIPRI: point and bounds"]
    assert [int(t) for t in ax.get_xticks()] == [2016, 2017]


def test_reports_and_bounds_draws_each_bound_where_it_is(ctx):
    claim = claims.get_claim("cargo-tonnage")
    result = claims.evaluate(claim, ctx)
    ax = plots.reports_and_bounds(claims.tables.reports(claim, ctx),
                                  claims.tables.capacity_bounds(claim, ctx), "Cargo",
                                  "Source: curated ledgers", claim=result.to_dict(), unit="t")
    vlines = sorted(ln.get_xdata()[0] for ln in ax.lines if len(set(ln.get_xdata())) == 1)
    assert vlines == [468, 520]
    bars = sorted(p.get_width() for p in ax.patches if p.get_height() == 0.5)
    assert bars == [400, 510]
    legend = " ".join(t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts())
    assert "claim: > 510 t" in legend
    assert "if the 10 flights in the window carried at most 52 t each (Il-76TD): at most 520 t" \
        in legend
    assert "more than 400 t" in [t.get_text() for t in ax.texts]


def test_dated_timeline_marks_dates_spans_and_says_when_there_is_none(ctx):
    loans = ctx.ledger("loans")
    ax = plots.dated_timeline(loans, [("date_signed", "o", "signed")], "Loans", "Source: ledger",
                              label_col="id", span=("drawdown_start_year", "drawdown_end_year"),
                              span_label="years of use", line="2020-01-01", line_label="window")
    signed = [ln for ln in ax.lines if ln.get_label() == "signed"]
    assert pd.Timestamp(signed[0].get_xdata()[0]).date().isoformat() == "2015-06-26"
    spans = [c.patches[0] for c in ax.containers if c.get_label() == "years of use"]
    assert len(spans) == 2   # loans.csv: use 2015-2017 and 2018-2022
    assert mdates.num2date(spans[0].get_x()).date().isoformat() == "2015-01-01"
    assert mdates.num2date(spans[1].get_x() + spans[1].get_width()).year == 2022
    # the post-2020 contracts and the 2018 talks have no signing date and no years of use
    assert [t.get_text() for t in ax.texts].count("no date in the data") == 2
