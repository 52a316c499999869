"""Shares work for everyone: every recipient of every shipped edition, on every basis.

Each edition is loaded (and verified) once; the shares of all its recipients are computed with the
same functions ``editions.shares`` calls, so a recipient whose name, table or numbers break the
arithmetic fails here by name. One test below checks that the shortcut gives what
``editions.shares`` gives.

What is true of the point estimates depends on the basis:

- ``rows`` and ``register``: the denominator is the sum of the numerators, so the shares sum to
  100 % (to floating-point precision), and the point lies within its bounds (the printed cells,
  or the even split, are one of the values the bounds allow).
- ``total``: the point is SIPRI's way, the rounded rows over SIPRI's rounded ``Total`` row, which
  SIPRI rounds on its own ("figures may not add up due to the conventions of rounding"). So the
  points sum to 100 x (sum of rows) / (sum of Total), not to 100, and a point can lie outside its
  bounds: the bounds combine every rounding constraint at once, and when rows and Total disagree
  the point is a value no unrounded data could give.
- When every printed cell of a recipient in the window is ``0`` (more than 0, less than 0.5) the
  denominator is 0 and the point is undefined (NaN); the bounds are still defined.

On every basis the bounds satisfy 0 <= low <= high <= 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from armsdata import analysis, editions
from armsdata.errors import NoDataError

TIV_EDITION = "2022-04-22"
REGISTER_EDITION = "2024-10-13"
#: A recent window too: many recipients have no deliveries in it, which must be NoDataError.
RECENT = (2011, 2020)
#: Floating-point slack for sums of per-cent shares.
EPS = 1e-6


@dataclass
class Run:
    edition: str
    basis: str
    window: tuple[int, int]
    recipients: list[str]
    shares: pd.DataFrame  # every recipient's frame, concatenated
    no_data: list[str]  # recipients with no deliveries in the window


def _full_window(edition: str) -> tuple[int, int]:
    if edition == TIV_EDITION:
        years = editions.tiv(edition).rows["year"]
    else:
        years = editions.register(edition)["delivery_years"].explode().dropna().astype(int)
    return int(years.min()), int(years.max())


def _run(edition: str, basis: str, window: tuple[int, int]) -> Run:
    names = editions.recipients(edition)
    # Split the tables by recipient once: each call then filters a few rows, not the edition.
    if basis == "register":
        reg = editions.register(edition)
        parts = dict(tuple(reg.groupby("recipient", sort=False)))

        def one(name: str) -> pd.DataFrame:
            return analysis.register_shares(parts[name], name, *window, edition=edition)
    else:
        t = editions.tiv(edition)
        rows = dict(tuple(t.rows.groupby("recipient", sort=False)))
        totals = dict(tuple(t.totals.groupby("recipient", sort=False)))

        def one(name: str) -> pd.DataFrame:
            return analysis.tiv_shares(rows[name], totals.get(name, t.totals.iloc[:0]), name,
                                       *window, basis=basis, edition=edition)
    frames, no_data = [], []
    for name in names:
        try:
            frames.append(one(name))
        except NoDataError:
            no_data.append(name)
    return Run(edition, basis, window, names, pd.concat(frames, ignore_index=True), no_data)


CASES = [(TIV_EDITION, "total"), (TIV_EDITION, "rows"), (REGISTER_EDITION, "register")]


#: The whole of each edition on every basis; a recent window where it adds something: on the
#: total basis rows and Total disagree there, in the register deals straddle its edges.
RUNS = [(ed, b, "full") for ed, b in CASES] + [(TIV_EDITION, "total", "recent"),
                                              (REGISTER_EDITION, "register", "recent")]


@pytest.fixture(scope="module", params=RUNS, ids=lambda p: f"{p[0]}-{p[1]}-{p[2]}")
def run(request) -> Run:
    edition, basis, which = request.param
    window = _full_window(edition) if which == "full" else RECENT
    return _run(edition, basis, window)


def test_every_recipient_has_shares_over_the_whole_edition(run):
    if run.window == RECENT:
        # some recipients took nothing in 2011-2020, but most did
        assert len(run.no_data) < len(run.recipients) / 2
        assert len(run.recipients) - len(run.no_data) > 150
    else:
        assert run.no_data == []
    assert set(run.shares["recipient"]) == set(run.recipients) - set(run.no_data)


def test_no_data_means_no_rows_in_the_window(run):
    if run.basis == "register":
        d = analysis.deal_window_tiv(editions.register(run.edition), *run.window)
        with_rows = set(d["recipient"])
    else:
        rows = editions.tiv(run.edition).rows
        rows = rows[rows["year"].between(*run.window) & (rows["supplier"] != "All")]
        with_rows = set(rows["recipient"])
    assert set(run.no_data) == set(run.recipients) - with_rows


def test_bounds_are_ordered_and_within_0_and_100(run):
    s = run.shares
    bad = s[~((0 <= s["low"]) & (s["low"] <= s["high"]) & (s["high"] <= 100))]
    assert bad.empty, bad[["recipient", "supplier", "share", "low", "high"]].to_string()
    assert not s[["low", "high"]].isna().any().any()


def test_point_estimates_sum_as_their_basis_says(run):
    s = run.shares
    per = s.groupby("recipient").agg(share=("share", lambda x: x.sum(min_count=1)),
                                     tiv=("tiv", "sum"), denominator=("denominator", "first"),
                                     undefined=("share", lambda x: x.isna().all()))
    # a zero denominator (every printed cell '0') leaves the point undefined, and only then
    assert (per["undefined"] == (per["denominator"] == 0)).all()
    per = per[~per["undefined"]]
    if run.basis == "total":
        expected = 100 * per["tiv"] / per["denominator"]
    else:
        expected = pd.Series(100.0, index=per.index)
    off = per[(per["share"] - expected).abs() > EPS]
    assert off.empty, off.to_string()


def test_point_within_bounds_except_on_the_total_basis(run):
    s = run.shares.dropna(subset=["share"])
    outside = s[(s["share"] < s["low"] - EPS) | (s["share"] > s["high"] + EPS)]
    if run.basis != "total":
        assert outside.empty, outside[["recipient", "supplier", "share", "low", "high"]].to_string()
        return
    # Where every year's printed rows add up to the printed Total, the printed cells are values
    # the bounds allow, so the point lies within them; outside needs a year that does not add up.
    t = editions.tiv(run.edition)
    rows = t.rows[t.rows["year"].between(*run.window) & (t.rows["supplier"] != "All")]
    totals = t.totals[t.totals["year"].between(*run.window) & (t.totals["supplier"] == "Total")]
    by_year = rows.groupby(["recipient", "year"])["tiv"].sum()
    total = totals.set_index(["recipient", "year"])["tiv"]
    both = pd.concat([by_year.rename("rows"), total.rename("total")], axis=1).fillna(0.0)
    not_adding_up = set(both[both["rows"] != both["total"]].index.get_level_values("recipient"))
    assert set(outside["recipient"]) <= not_adding_up
    if run.window == RECENT:  # it does happen (Armenia 2011-2020: Russia 94.2 % vs 93.7-94.0 %)
        assert len(outside) > 0


def test_one_row_per_supplier_and_labels(run):
    s = run.shares
    assert not s.duplicated(["recipient", "supplier"]).any()
    assert set(s["basis"]) == {run.basis}
    assert set(s["edition"]) == {run.edition}
    assert set(s["window"]) == {analysis.window_label(*run.window)}
    assert not s["supplier"].isin(["All", "Total"]).any()


@pytest.mark.parametrize("name", ["Armenia", "Hezbollah (Lebanon)", "Soviet Union", "India"])
@pytest.mark.parametrize("edition,basis", CASES)
def test_the_shortcut_is_what_editions_shares_gives(name, edition, basis):
    window = (1950, 2021)
    got = editions.shares(name, *window, edition=edition, basis=basis)
    want = _run_one(name, edition, basis, window)
    pd.testing.assert_frame_equal(got, want)


def _run_one(name, edition, basis, window):
    if basis == "register":
        return analysis.register_shares(editions.register(edition), name, *window, edition=edition)
    t = editions.tiv(edition)
    return analysis.tiv_shares(t.rows, t.totals, name, *window, basis=basis, edition=edition)


def test_total_basis_needs_no_rows_sum_to_match():
    """Armenia 2011-2020, 2022 edition: rows sum to 399, SIPRI's Total to 397 (hand-checked)."""
    t = editions.tiv(TIV_EDITION)
    s = analysis.tiv_shares(t.rows, t.totals, "Armenia", 2011, 2020, basis="total", edition=TIV_EDITION)
    assert s["tiv"].sum() == 399 and s["denominator"].iloc[0] == 397
    assert np.isclose(s["share"].sum(), 100 * 399 / 397)
    russia = s.set_index("supplier").loc["Russia"]
    assert round(russia["share"], 1) == 94.2 and not russia["low"] <= russia["share"] <= russia["high"]
