"""The explorer works for everyone: what the page of ``armsdata explore RECIPIENT --from 2019
--to 2023`` computes (:mod:`armsdata.report.suppliers`, the calls of notebook 10), for every
recipient of the newest shipped release that covers the window, without a kernel for each (as
tests/test_all_recipients.py asks :func:`armsdata.queries.shares` of every recipient of every
edition).

2019-2023 is the window a seminar asks first (issue 20.6).  The newest release here that covers it
is the 2025 release, a classic trade register without printed yearly totals: its shares and yearly
values split each deal evenly over its delivery years; the 2024 release (SIPRI's per-year values)
is compared beside it.  Each recipient's page is computed once (about 30 s for all of them: the
register's delivery split is a linear program per window); the tests then check, over every
recipient at once, what must hold between the page's tables:

- the shares on the page's release add up to 100 % and their bounds are ordered within 0-100;
- the yearly values over the window add up to the TIV the shares are taken of, and the five-year
  windows together to the yearly values over the whole history (each year in one window);
- the largest suppliers of a window are its first, ranked 1, 2, 3; the HHI lies between
  10,000 / suppliers and 10,000, and is undefined only where no share is;
- every release that covers the window gives one row for each recipient (its shares or why
  not), the 2024 release on SIPRI's per-year values, the page's release the same shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import pytest
from conftest import NOTEBOOKS

from armsdata import analysis, plots
from armsdata.errors import NoDataError
from armsdata.report import execute, suppliers

pytestmark = pytest.mark.slow

#: The window a seminar asks first.
WINDOW = (2019, 2023)
#: The release that answers it, newest first (``armsdata editions``: the 2026 release covers
#: 2021-2025 only; the 2023 and 2022 releases end in 2022 and 2021).
NEWEST, COMPARED = 2025, 2024
#: Floating-point slack for sums of per-cent shares and of TIV.
EPS = 1e-6


@dataclass
class Page:
    """What the explorer computes for one recipient."""
    choice: suppliers.Choice
    history: tuple[int, int]
    wide: pd.DataFrame
    by_window: pd.DataFrame
    top: pd.DataFrame
    hhi: pd.DataFrame
    releases: suppliers.Releases
    leaders: pd.DataFrame


@dataclass
class Run:
    edition: Any
    recipients: list[str]
    pages: dict[str, Page]
    no_data: dict[str, str]


@pytest.fixture(scope="module")
def run() -> Run:
    releases = suppliers.present_releases()
    here = suppliers.releases_here(*WINDOW, releases=releases)
    answering = here[here["covers_window"] & ~here["share_bases"].str.startswith("none")]
    assert list(dict.fromkeys(answering["release"])) == [NEWEST, COMPARED]
    ed = next(e for e in releases[NEWEST] if e.edition in set(answering["edition"]))
    params = execute.notebook_parameters(
        __import__("nbformat").read(NOTEBOOKS / "10-who-arms-whom.ipynb", as_version=4))
    pages, no_data = {}, {}
    names = ed.recipients()
    for name in names:
        try:
            choice = suppliers.choose([name], *WINDOW, ed)
        except NoDataError as exc:
            no_data[name] = str(exc)
            continue
        sel = choice.recipients[0]
        h0, h1, _ = suppliers.history(choice, *WINDOW, params["history_start"],
                                      params["history_end"])
        by_window = suppliers.shares_by_window(choice, sel, h0, h1)
        rel = suppliers.compare_releases([sel.name], *WINDOW, releases=releases)
        pages[name] = Page(choice, (h0, h1), suppliers.imports_over_time(choice, sel, h0, h1),
                           by_window, suppliers.top_by_window(by_window),
                           suppliers.hhi_by_window(by_window, [sel.name], h0, h1), rel,
                           suppliers.leaders(rel, choice))
    return Run(ed, names, pages, no_data)


def failing(run: Run, check) -> list[str]:
    """The recipients whose page fails *check* (a function of a page that returns a problem or
    None), with the problem."""
    return [f"{name}: {problem}" for name, page in run.pages.items()
            if (problem := check(page))]


def test_the_newest_release_that_covers_the_window_answers_for_most(run):
    # the page without --edition lands on the same release (a few recipients: it searches every
    # release for each)
    for name in list(run.pages)[:3]:
        assert suppliers.choose([name], *WINDOW).edition.path == run.edition.path
    assert len(run.pages) > 150 and len(run.no_data) < len(run.recipients) / 2
    # no shares: exactly the recipients without a deal delivered in the window
    with_deals = set(analysis.deal_window_tiv(run.edition.register, *WINDOW)["recipient"])
    assert set(run.no_data) == set(run.recipients) - with_deals
    assert all("no deliveries to" in why for why in run.no_data.values())


def test_shares_on_the_pages_release(run):
    def check(p: Page):
        s = p.choice.shares
        if set(s["basis"]) != {"register"} or p.choice.edition.path != run.edition.path:
            return f"basis {set(s['basis'])}, edition {p.choice.edition.edition}"
        if not ((0 <= s["low"]) & (s["low"] <= s["high"]) & (s["high"] <= 100 + EPS)).all():
            return "bounds out of order"
        if abs(s["share"].sum() - 100) > EPS:
            return f"shares sum to {s['share'].sum()}"
        if p.choice.missing:
            return f"missing {p.choice.missing}"
        return None

    assert failing(run, check) == []


def test_yearly_values_add_up_to_the_shares_and_the_windows(run):
    def check(p: Page):
        h0, h1 = p.history
        if list(p.wide.index) != list(range(h0, h1 + 1)) or (p.wide < 0).any().any():
            return f"years {list(p.wide.index)}"
        window = float(p.wide.loc[WINDOW[0]:WINDOW[1]].to_numpy().sum())
        if abs(window - p.choice.shares["denominator"].iloc[0]) > EPS * max(1, window):
            return f"yearly values {window} against the shares' {p.choice.shares['denominator'].iloc[0]}"
        delivered = set(p.choice.shares.loc[p.choice.shares["tiv"] > 0, "supplier"])
        if not delivered <= set(p.wide.columns):
            return f"suppliers missing from the chart: {delivered - set(p.wide.columns)}"
        per_window = p.by_window.groupby("window")["denominator"].first().sum()
        if abs(per_window - p.wide.to_numpy().sum()) > EPS * max(1, per_window):
            return f"windows {per_window} against the years {p.wide.to_numpy().sum()}"
        return None

    assert failing(run, check) == []


def test_windows_top_suppliers_and_hhi(run):
    def check(p: Page):
        labels = [analysis.window_label(a, b) for a, b in suppliers.windows(*p.history)]
        if not set(p.by_window["window"]) <= set(labels):
            return f"windows {set(p.by_window['window'])}"
        sums = p.by_window.groupby("window")["share"].sum()
        if ((sums - 100).abs() > EPS).any():
            return f"window shares sum to {sums.to_dict()}"
        for w, g in p.top.groupby("window"):
            first = p.by_window[p.by_window["window"] == w].head(len(g))
            if list(g["rank"]) != list(range(1, len(g) + 1)) or len(g) > suppliers.TOP_PER_WINDOW \
                    or list(g["supplier"]) != list(first["supplier"]):
                return f"top of {w}: {list(g['supplier'])}"
        h = p.hhi
        if list(h["window"]) != labels:
            return f"HHI windows {list(h['window'])}"
        defined = h["hhi"].notna()
        if not (h.loc[defined, "hhi"] >= 10_000 / h.loc[defined, "suppliers"] - EPS).all() \
                or not (h.loc[defined, "hhi"] <= 10_000 + EPS).all():
            return f"HHI {h['hhi'].tolist()}"
        tiv = p.by_window.groupby("window")["tiv"].sum().reindex(labels, fill_value=0.0)
        if ((h.set_index("window")["tiv"] - tiv).abs() > EPS * tiv.clip(lower=1)).any():
            return f"HHI's TIV {h['tiv'].tolist()} against the windows' {tiv.tolist()}"
        with_shares = set(p.by_window.dropna(subset=["share"])["window"])
        if set(h.loc[defined, "window"]) != with_shares:
            return f"HHI defined in {set(h.loc[defined, 'window'])}, shares in {with_shares}"
        return None

    assert failing(run, check) == []


def test_every_covering_release_one_row_per_recipient(run):
    def check(p: Page):
        r = p.releases
        if set(r.not_covering["release"]) != {2026, 2023, 2022, 2018}:
            return f"not covering {list(r.not_covering['release'])}"
        answered = list(dict.fromkeys(r.shares["release"]))
        if sorted(answered + list(r.unanswered["release"])) != [COMPARED, NEWEST]:
            return f"releases {answered} answered, {list(r.unanswered['release'])} not"
        mine = r.shares[r.shares["release"] == NEWEST].reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(mine, p.choice.shares.reset_index(drop=True))
        except AssertionError as exc:
            return f"the page's release differs in the comparison: {exc}"
        older = r.shares[r.shares["release"] == COMPARED]
        if not older["assumption"].str.startswith(analysis.SIPRI_SPLIT).all():
            return f"the {COMPARED} release not on SIPRI's per-year values"
        if not r.unanswered["reason"].str.contains("no deliveries").all():
            return f"unanswered: {r.unanswered['reason'].tolist()}"
        lead = p.leaders
        if list(lead["release"]) != [NEWEST, COMPARED] \
                or set(lead["supplier"]) != {p.choice.shares["supplier"].iloc[0]}:
            return f"leaders {lead[['release', 'supplier']].values.tolist()}"
        return None

    assert failing(run, check) == []


def test_the_pages_tables_read_for_everyone(run):
    for name, p in run.pages.items():
        assert len(suppliers.shares_table(p.choice.shares)) >= 1, name
        labels = plots.top_suppliers_labels(p.top)
        assert list(labels.index) == list(dict.fromkeys(p.top["window"])), name
        wide = suppliers.side_by_side(p.releases.shares)
        assert not wide.isna().any().any() and len(wide.columns) == p.releases.shares[
            "release"].nunique(), name
