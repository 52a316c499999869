"""SIPRI's releases (armsdata.releases): the dates as data, the release in force on a day, and the
release an export belongs to, cross-checked with what its data cover."""

from __future__ import annotations

import datetime as dt

import pytest

from armsdata import releases
from armsdata.errors import ReleaseError


@pytest.fixture
def table(monkeypatch):
    """Swap in a releases.csv of our own (and clear the cache around it)."""
    def use(text: str) -> None:
        releases.releases.cache_clear()
        monkeypatch.setattr(releases, "_releases_csv_text", lambda: text)
    yield use
    releases.releases.cache_clear()


HEADER = "release,published,covers_to,source_url,evidence\n"


def test_every_shipped_release_covers_the_year_before_and_is_sourced_or_says_not():
    rows = releases.releases()
    assert [r.year for r in rows] == sorted({r.year for r in rows})
    for r in rows:
        assert r.covers_to == r.year - 1 and r.published.year == r.year
        assert r.source_url or "not yet checked" in r.evidence
        assert r.published.month in (2, 3)  # SIPRI publishes in spring (Feb-March)


@pytest.mark.parametrize("day, year", [("2022-03-13", 2021), ("2022-03-14", 2022),
                                       ("2022-04-22", 2022), ("2024-10-13", 2024),
                                       ("2024-02-18", 2023), ("2025-03-13", 2025),
                                       ("2018-12-05", 2018)])
def test_in_force_is_the_latest_published_on_or_before_the_day(day, year):
    assert releases.in_force(day).year == year


def test_in_force_before_the_first_release_is_none():
    assert releases.in_force("1990-01-01") is None


def test_a_date_is_read_from_strings_dates_and_datetimes_and_refused_otherwise():
    d = dt.date(2024, 3, 11)
    assert releases.in_force(d) == releases.in_force("2024-03-11") == releases.in_force(
        dt.datetime(2024, 3, 11, 9, 0))
    with pytest.raises(ReleaseError, match="not a date.*YYYY-MM-DD"):
        releases.in_force("11 March 2024")


def test_an_export_belongs_to_the_release_in_force_when_it_was_generated():
    assert releases.of_export("2024-04-16", 2023).year == 2024
    assert releases.of_export("2024-02-18", 2022).year == 2023


def test_an_export_whose_data_reach_past_its_release_is_an_error_naming_both():
    with pytest.raises(ReleaseError, match=r"x\.csv: generated on 2024-02-18.*2023 release"
                                           r".*deliveries in 2023"):
        releases.of_export("2024-02-18", 2023, where="x.csv")


def test_next_springs_release_is_inferred_from_the_data_until_its_row_is_added(table):
    table(HEADER + "2026,2026-03-09,2025,,x\n")
    r = releases.of_export("2027-03-20", 2026)
    assert (r.year, r.covers_to, r.published, r.known) == (2027, 2026, None, False)
    assert "not in releases.csv" in r.describe()
    with pytest.raises(ReleaseError):  # two years ahead is not a release we can infer
        releases.of_export("2027-03-20", 2027)
    with pytest.raises(ReleaseError, match="before the first SIPRI release"):
        releases.of_export("2020-01-01", 2019)


@pytest.mark.parametrize("row, message", [
    ("2024,2024-03-11,2022,,x\n", "covers deliveries to 2022"),
    ("2024,2023-03-11,2023,,x\n", "in another year"),
    ("2024,11/03/2024,2023,,x\n", "line 2"),
])
def test_a_broken_row_names_its_line(table, row, message):
    table(HEADER + row)
    with pytest.raises(ReleaseError, match=message):
        releases.releases()


def test_rows_out_of_order_are_refused(table):
    table(HEADER + "2024,2024-03-11,2023,,x\n2023,2023-03-13,2022,,x\n")
    with pytest.raises(ReleaseError, match="line 3.*oldest first"):
        releases.releases()


def test_get_names_the_releases_it_has():
    assert releases.get(2022).published == dt.date(2022, 3, 14)
    with pytest.raises(ReleaseError, match="no SIPRI release of 1999.*add its row"):
        releases.get(1999)
