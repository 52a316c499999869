"""SIPRI's regions and subregions as data: which actor belongs where, and on whose word.

The memberships live in ``src/armsdata/data/regions.csv``, one row per canonical actor of
``actors.csv`` (organisations and unknowns too, with no region), each with its ``placement``
(``sipri-list``: SIPRI lists it there; ``armsdata-judgement``: SIPRI's placement was not found
and armsdata placed it, the note says why; ``no-region``), the URL of the SIPRI list it follows
and a note.  ``src/armsdata/data/regions.md`` names SIPRI's sources, with the quotes that confirm
the contested placements (Egypt and Turkiye in the Middle East, the Caucasus and Russia in
Europe, Cyprus in Western Europe, ...).

SIPRI's five regions and their subregions are :data:`REGIONS`.  :func:`lookup` finds one by any
reasonable spelling; :func:`members` and :func:`region_of` answer membership questions;
:func:`table` gives the whole map as a DataFrame.

pandas is imported only by :func:`table`, and the actor map (which needs pandas) only when the
region map is first read, so that importing this module stays cheap for the command line.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import functools
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Literal, get_args

from armsdata.conventions import is_aggregate
from armsdata.errors import ParseError, UnknownActorError

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

#: Where the map is kept, for messages that tell the reader what to edit.
REGIONS_CSV = "src/armsdata/data/regions.csv"

#: SIPRI's one complete list of the countries in each region and subregion: the sheet
#: "Constant (2022) US$" of SIPRI-Milex-data-1948-2023.xlsx (SIPRI Military Expenditure
#: Database 2024, created 16 April 2024).  See regions.md for the arms-transfer texts that agree.
MILEX_REGIONS_URL = "https://www.sipri.org/databases/milex"

COLUMNS = ["actor", "region", "subregion", "placement", "source", "note"]

Placement = Literal["sipri-list", "armsdata-judgement", "no-region"]
#: The values allowed in the ``placement`` column of ``regions.csv``.
PLACEMENTS: tuple[str, ...] = get_args(Placement)

_MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Region:
    """One of SIPRI's regions or subregions.

    Attributes
    ----------
    name : str
        SIPRI's name ("Middle East", "sub-Saharan Africa", "Asia and Oceania").
    parent : str or None
        The region a subregion belongs to; None for the five regions.
    source : str
        URL of the SIPRI publication that defines it.
    """

    name: str
    parent: str | None
    source: str


def _group(region: str, *subregions: str) -> tuple[Region, ...]:
    return (Region(region, None, MILEX_REGIONS_URL),
            *(Region(sub, region, MILEX_REGIONS_URL) for sub in subregions))


#: SIPRI's regions, each followed by its subregions, in the order of SIPRI's list.  SIPRI writes
#: "Asia & Oceania" in its military expenditure sheets and "Asia and Oceania" in its arms-transfer
#: fact sheets; the fact sheets' spelling is kept, and :func:`lookup` accepts both.
REGIONS: tuple[Region, ...] = (
    *_group("Africa", "North Africa", "sub-Saharan Africa"),
    *_group("Americas", "Central America and the Caribbean", "North America", "South America"),
    *_group("Asia and Oceania", "Oceania", "South Asia", "East Asia", "South East Asia",
            "Central Asia"),
    *_group("Europe", "Central Europe", "Eastern Europe", "Western Europe"),
    *_group("Middle East"),
)

_BY_NAME: dict[str, Region] = {region.name: region for region in REGIONS}

#: Other spellings people write for SIPRI's regions (case, spacing, hyphens, "&" and "the" are
#: already ignored by the lookup key).
ALIASES: dict[str, str] = {
    "southeast asia": "South East Asia",
    "subsaharan africa": "sub-Saharan Africa",
    "mideast": "Middle East",
}

# Typographic characters pasted in for plain ones ("South‑East Asia", "Asia & Oceania").
_PLAIN = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "&": " and "})


def _key(name: str) -> str:
    """Normalise a typed region name: case, accents, hyphens, "&"/"and", "the", spacing."""
    text = unicodedata.normalize("NFKD", name.translate(_PLAIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    words = re.split(r"[\s\-_/]+", text)
    return " ".join(word for word in words if word and word != "the")


_KEYS: dict[str, Region] = {
    **{_key(alias): _BY_NAME[name] for alias, name in ALIASES.items()},
    **{_key(region.name): region for region in REGIONS},
}


def lookup(name: str) -> Region:
    """Find one of SIPRI's regions or subregions by any reasonable spelling.

    Case, accents, spacing, hyphens, "&" for "and" and the word "the" do not matter, and a few
    common other spellings (:data:`ALIASES`) are accepted.

    Parameters
    ----------
    name : str
        For example ``"middle east"``, ``"Asia & Oceania"``, ``"the Americas"``,
        ``"Sub-Saharan Africa"``, ``"Southeast Asia"``.

    Returns
    -------
    Region

    Raises
    ------
    UnknownActorError
        If no region matches, with "did you mean" suggestions (or the list of SIPRI's regions).

    Examples
    --------
    >>> lookup("Asia & Oceania").name
    'Asia and Oceania'
    >>> lookup("southeast asia").parent
    'Asia and Oceania'
    """
    region = _KEYS.get(_key(name))
    if region is not None:
        return region
    raise UnknownActorError(f"No SIPRI region matches {name!r}{_did_you_mean(name)}")


def _did_you_mean(name: str) -> str:
    key = _key(name)
    # "asia" should offer every region with Asia in its name before anything merely similar
    keys = sorted((k for k in _KEYS if key in k), key=lambda k: REGIONS.index(_KEYS[k])) \
        if len(key) >= 4 else []
    keys += difflib.get_close_matches(key, list(_KEYS), n=_MAX_SUGGESTIONS, cutoff=0.6)
    names = list(dict.fromkeys(_KEYS[k].name for k in keys))[:_MAX_SUGGESTIONS]
    if names:
        return f"; did you mean {', '.join(map(repr, names))}?"
    return f"; SIPRI's regions and subregions are {', '.join(r.name for r in REGIONS)}"


def is_region(name: str) -> bool:
    """Whether ``name`` is one of SIPRI's regions or subregions (as :func:`lookup` reads it).

    Examples
    --------
    >>> is_region("Middle East"), is_region("Armenia")
    (True, False)
    """
    return _key(name) in _KEYS


# --- the map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Membership:
    """One row of ``regions.csv``: where an actor belongs and on whose word.

    ``region`` and ``subregion`` are None where the actor has none.
    """

    actor: str
    region: str | None
    subregion: str | None
    placement: Placement
    source: str
    note: str


def _regions_csv_text() -> str:
    """The text of the shipped ``regions.csv`` (a function so tests can swap in a broken copy)."""
    return resources.files("armsdata").joinpath("data/regions.csv").read_text(encoding="utf-8")


def _canonical_actors() -> list[str]:
    """Every canonical name of the actor map, in its order."""
    # Imported here, not at the top: countries imports pandas, which costs the CLI's cold start.
    from armsdata.countries import load_actors

    return list(dict.fromkeys(load_actors()["canonical_name"]))


def _fail(line: int, message: str) -> ParseError:
    return ParseError(f"{REGIONS_CSV}, line {line}: {message}; fix that line of the region map")


@functools.cache
def _memberships() -> dict[str, Membership]:
    """Read and check ``regions.csv`` once per process: canonical actor -> its row."""
    reader = csv.DictReader(io.StringIO(_regions_csv_text(), newline=""))
    if reader.fieldnames != COLUMNS:
        raise ParseError(f"{REGIONS_CSV}, line 1: columns {reader.fieldnames}; expected {COLUMNS}")
    known = set(_canonical_actors())
    rows: dict[str, Membership] = {}
    lines: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        row = _check_row(record, line, known)
        if row.actor in rows:
            raise _fail(line, f"{row.actor!r} already has a row (line {lines[row.actor]}); "
                        "keep one row per actor")
        rows[row.actor] = row
        lines[row.actor] = line
    missing = [actor for actor in _canonical_actors() if actor not in rows]
    if missing:
        raise ParseError(
            f"{REGIONS_CSV}: no row for {len(missing)} actor(s) of the actor map: "
            f"{', '.join(map(repr, missing[:10]))}{' ...' if len(missing) > 10 else ''}; "
            "add a row for each (with an empty region and placement 'no-region' if it has none)"
        )
    log.debug("Loaded the regions of %d actors from %s", len(rows), REGIONS_CSV)
    return rows


def _check_row(record: dict, line: int, known: set[str]) -> Membership:
    """One checked row of regions.csv, or ParseError naming the line."""
    if None in record or None in record.values():
        more_or_fewer = "more" if None in record else "fewer"
        raise _fail(line, f"{more_or_fewer} fields than the {len(COLUMNS)} columns "
                    f"({', '.join(COLUMNS)})")
    actor, region, sub, placement, source, note = (record[c] for c in COLUMNS)
    if actor not in known:
        raise _fail(line, f"actor {actor!r} is not a canonical name of the actor map "
                    "(src/armsdata/data/actors.csv); use its canonical_name exactly")
    if region and (region not in _BY_NAME or _BY_NAME[region].parent is not None):
        regions = [r.name for r in REGIONS if r.parent is None]
        raise _fail(line, f"region {region!r} for {actor!r}; expected one of {', '.join(regions)} "
                    "or empty")
    if sub:
        if sub not in _BY_NAME or _BY_NAME[sub].parent is None:
            subs = [r.name for r in REGIONS if r.parent is not None]
            raise _fail(line, f"subregion {sub!r} for {actor!r}; expected one of "
                        f"{', '.join(subs)} or empty")
        if _BY_NAME[sub].parent != region:
            raise _fail(line, f"subregion {sub!r} for {actor!r} belongs to "
                        f"{_BY_NAME[sub].parent!r}, not to region {region!r}")
    if placement not in PLACEMENTS:
        raise _fail(line, f"placement {placement!r} for {actor!r}; "
                    f"expected one of {', '.join(PLACEMENTS)}")
    if (placement == "no-region") != (not region):
        raise _fail(line, f"placement {placement!r} with region {region!r} for {actor!r}; "
                    "placement 'no-region' goes with an empty region and only with it")
    has_subregions = any(r.parent == region for r in REGIONS)
    if placement == "sipri-list" and has_subregions and not sub:
        raise _fail(line, f"no subregion for {actor!r}, placed in {region!r} by SIPRI's list; "
                    "SIPRI's list puts every country of that region in a subregion")
    if region and not source:
        raise _fail(line, f"no source for {actor!r}; give the URL of the SIPRI list it follows")
    if placement != "sipri-list" and not note:
        raise _fail(line, f"no note for {actor!r} ({placement}); say why it is placed so")
    return Membership(actor, region or None, sub or None, placement, source, note)


def _row(actor: str) -> Membership:
    """The row of ``actor``: a canonical name, or any name :func:`countries.lookup` accepts."""
    rows = _memberships()
    if actor in rows:
        return rows[actor]
    from armsdata.countries import lookup as lookup_actor  # see _canonical_actors

    return rows[lookup_actor(actor).canonical_name]


def region_of(actor: str) -> tuple[str | None, str | None]:
    """The SIPRI region and subregion of an actor.

    Parameters
    ----------
    actor : str
        A canonical name ("Turkiye"), or anything :func:`armsdata.countries.lookup` accepts
        ("Turkey", "TUR").

    Returns
    -------
    tuple of (str or None, str or None)
        ``(region, subregion)``; the subregion is None in the Middle East (SIPRI gives it none),
        both are None for organisations and unknowns.  :func:`table` says whether the placement
        is SIPRI's or armsdata's judgement.

    Raises
    ------
    UnknownActorError
        If the actor map does not know the name (with "did you mean").
    ParseError
        If ``regions.csv`` is broken (naming the line).

    Examples
    --------
    >>> region_of("Egypt")
    ('Middle East', None)
    >>> region_of("Azerbaijan")
    ('Europe', 'Eastern Europe')
    """
    row = _row(actor)
    return row.region, row.subregion


def members(region: str | Region, actors: Iterable[str]) -> list[str]:
    """Which of ``actors`` belong to a region or subregion.

    Parameters
    ----------
    region : str or Region
        A region or subregion, any spelling :func:`lookup` accepts.
    actors : iterable of str
        Canonical names (or names :func:`armsdata.countries.lookup` accepts), e.g. the
        recipients of an edition.  SIPRI's aggregate labels ("Total", "All", ...) are skipped.

    Returns
    -------
    list of str
        The members among ``actors``, as given and in the given order; a member of a
        subregion is a member of its region.

    Raises
    ------
    UnknownActorError
        If the region is unknown, or an actor is not in the actor map: a regional total must not
        leave out an actor silently, so its name is reported instead.

    Examples
    --------
    >>> members("Middle East", ["Armenia", "Egypt", "Turkiye", "Israel"])
    ['Egypt', 'Turkiye', 'Israel']
    >>> members("Europe", ["Armenia", "Egypt"])
    ['Armenia']
    """
    wanted = lookup(region.name if isinstance(region, Region) else region)
    found: list[str] = []
    unknown: list[str] = []
    for actor in actors:
        if is_aggregate(actor):
            continue
        try:
            row = _row(actor)
        except UnknownActorError:
            unknown.append(actor)
            continue
        if wanted.name in (row.region, row.subregion):
            found.append(actor)
    if unknown:
        raise UnknownActorError(
            f"Cannot tell whether {', '.join(map(repr, unknown))} belong(s) to {wanted.name!r}: "
            f"not in the actor map; add each to src/armsdata/data/actors.csv and {REGIONS_CSV}"
        )
    return found


def table() -> pd.DataFrame:
    """The whole region map: one row per canonical actor.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor``, ``region``, ``subregion`` (missing where there is none),
        ``placement`` (``sipri-list``, ``armsdata-judgement`` or ``no-region``), ``source``,
        ``note``; in the order of ``regions.csv``.  A new frame on each call.

    Raises
    ------
    ParseError
        If ``regions.csv`` is broken (naming the line).
    """
    import pandas as pd  # here, not at the top: see the module docstring

    rows = _memberships().values()
    return pd.DataFrame([dataclasses.asdict(row) for row in rows], columns=COLUMNS)
