"""SIPRI's releases: the yearly revisions of the whole Arms Transfers Database.

SIPRI "revised and updated [the database] every spring" (SIPRI, "Background information and
explanations"): each March it publishes new data for the previous year and revises every earlier
year.  A **release** is named by the year it appeared in (the 2024 release, published on 11 March
2024, covers deliveries up to 2023).  A figure is right or wrong *on a release*: a text is judged on
the release in force at its date, and a later release that differs has revised it.

An export's "Data generated" date is the day it was downloaded, not its release: the export belongs
to the release in force on that day (:func:`of_export`).  The release dates are data
(``src/armsdata/data/releases.csv``), each with where it was read.

>>> from armsdata import releases
>>> releases.in_force("2022-04-22").year
2022
>>> releases.in_force("2022-03-01").year   # before the 2022 release came out
2021
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
from dataclasses import dataclass
from importlib import resources
from typing import Any

from armsdata.errors import ReleaseError

RELEASES_CSV = "src/armsdata/data/releases.csv"
COLUMNS = ["release", "published", "covers_to", "source_url", "evidence"]


@dataclass(frozen=True, order=True)
class Release:
    """One SIPRI release.

    Attributes
    ----------
    year : int
        The year it was published in; its name (``2024`` for the spring 2024 release).
    published : datetime.date or None
        The day SIPRI published it; None for a release inferred from an export's own data
        (:func:`of_export`) whose date ``releases.csv`` does not hold yet.
    covers_to : int
        The last year of deliveries it covers (``year - 1``).
    source_url, evidence : str
        Where the date was read, and the words that give it.
    """

    year: int
    published: dt.date | None
    covers_to: int
    source_url: str = ""
    evidence: str = ""

    @property
    def label(self) -> str:
        """``"2024 release"``: how outputs name it."""
        return f"{self.year} release"

    @property
    def known(self) -> bool:
        """False for a release inferred from an export, whose date is not in releases.csv."""
        return self.published is not None

    def describe(self) -> str:
        """``"SIPRI's 2024 release (published 11 Mar 2024; deliveries to 2023)"``."""
        when = (f"published {self.published.day} {self.published:%b %Y}" if self.published
                else "publication date not in releases.csv")
        return f"SIPRI's {self.year} release ({when}; deliveries to {self.covers_to})"


def _releases_csv_text() -> str:
    """The text of the shipped ``releases.csv`` (a function, so tests can swap in a broken one)."""
    return resources.files("armsdata").joinpath("data/releases.csv").read_text(encoding="utf-8")


def _fail(line: int, message: str) -> ReleaseError:
    return ReleaseError(f"{RELEASES_CSV}, line {line}: {message}; fix that line")


@functools.cache
def releases() -> tuple[Release, ...]:
    """Every release in ``releases.csv``, oldest first (read and checked once per process).

    Raises
    ------
    ReleaseError
        A broken row (naming its line): a bad date, a release year that is not the year of its
        date, ``covers_to`` other than the year before, releases out of order or repeated.
    """
    reader = csv.DictReader(io.StringIO(_releases_csv_text(), newline=""))
    if reader.fieldnames != COLUMNS:
        raise _fail(1, f"columns {reader.fieldnames}; expected {COLUMNS}")
    out: list[Release] = []
    for rec in reader:
        line = reader.line_num
        try:
            year, covers_to = int(rec["release"]), int(rec["covers_to"])
            published = dt.date.fromisoformat(rec["published"])
        except (TypeError, ValueError) as exc:
            raise _fail(line, f"{exc}") from exc
        if published.year != year:
            raise _fail(line, f"release {year} published on {published}, in another year")
        if covers_to != year - 1:
            raise _fail(line, f"release {year} covers deliveries to {covers_to}; a spring "
                              f"release covers deliveries to the year before ({year - 1})")
        if out and year <= out[-1].year:
            raise _fail(line, f"release {year} after release {out[-1].year}; keep one row per "
                              "year, oldest first")
        out.append(Release(year, published, covers_to, rec["source_url"], rec["evidence"]))
    if not out:
        raise ReleaseError(f"{RELEASES_CSV}: no releases")
    return tuple(out)


def as_date(when: Any) -> dt.date:
    """A date from an ISO string (``2022-04-22``), a ``date`` or a ``datetime``.

    Raises
    ------
    ReleaseError
        Not a date; the message shows what was given.
    """
    if isinstance(when, dt.datetime):
        return when.date()
    if isinstance(when, dt.date):
        return when
    try:
        return dt.date.fromisoformat(str(when).strip())
    except ValueError as exc:
        raise ReleaseError(f"{when!r} is not a date; give it as YYYY-MM-DD (e.g. 2024-03-11)."
                           ) from exc


def get(year: int) -> Release:
    """The release of *year*.

    Raises
    ------
    ReleaseError
        ``releases.csv`` has no such release (the message lists those it has).
    """
    for r in releases():
        if r.year == int(year):
            return r
    raise ReleaseError(f"no SIPRI release of {year} in {RELEASES_CSV} (it has "
                       f"{releases()[0].year}-{releases()[-1].year}); add its row: the date SIPRI "
                       "published it and where that date is read.")


def in_force(when: Any) -> Release | None:
    """The release in force on *when*: the latest published on or before that day (None before
    the first release ``releases.csv`` knows)."""
    day = as_date(when)
    out = None
    for r in releases():
        if r.published is not None and r.published <= day:
            out = r
    return out


def of_export(generated: Any, last_year: int | None = None, where: str = "") -> Release:
    """The release an export generated on *generated* belongs to, cross-checked with the last
    year its data cover (*last_year*, where known).

    An export belongs to the release in force on the day it was generated.  Its data must not
    reach past that release's last year.  One case is read as a release ``releases.csv`` does not
    hold yet: data one year past the newest known release, generated in the year after that:
    the release SIPRI published that spring (returned with ``published=None``).

    Raises
    ------
    ReleaseError
        Generated before the first known release, or data that reach past their release's
        coverage in any other way (a wrong generated date or a wrong row in releases.csv);
        the message names *where*, both years and what to check.
    """
    day = as_date(generated)
    rel = in_force(day)
    here = f"{where}: " if where else ""
    if rel is None:
        raise ReleaseError(f"{here}generated on {day}, before the first SIPRI release in "
                           f"{RELEASES_CSV} ({releases()[0].year}); add the releases of that time.")
    if last_year is None or last_year <= rel.covers_to:
        return rel
    newest = releases()[-1]
    if rel is newest and last_year == rel.covers_to + 1 and day.year == rel.year + 1:
        return Release(rel.year + 1, None, rel.covers_to + 1, "",
                       f"inferred: generated {day} with deliveries to {last_year}")
    raise ReleaseError(
        f"{here}generated on {day}, in force then: {rel.describe()}; but its data record "
        f"deliveries in {last_year}. Either the generated date is wrong or {RELEASES_CSV} lacks "
        "a release; check both.")


__all__ = ["RELEASES_CSV", "Release", "as_date", "get", "in_force", "of_export", "releases"]
