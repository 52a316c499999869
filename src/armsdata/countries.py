"""SIPRI's actor names as data: canonical name, ISO3 code and actor type.

The map lives in ``src/armsdata/data/actors.csv``, one row per SIPRI spelling (``sipri_name``,
exactly as SIPRI writes it, with any ``*``/``**``), so that a new spelling in a new edition is one
new line and no code change. SIPRI's conventions: a trailing ``*`` marks a non-state actor, ``**``
an international organisation. Every spelling of one actor shares its ``canonical_name`` (SIPRI's
newest spelling, without stars): "Turkey" (2022 edition) and "Turkiye" (2024) are one actor.

Two ways in:

- :func:`canonical_name` is strict: the exact SIPRI spelling, as a parser reads it from a file.
  A spelling the map does not know raises :class:`~armsdata.errors.UnknownActorError`; it is
  never passed through or dropped.
- :func:`sipri_actor` / :func:`unmapped_actor` are for edition loaders: a spelling the map lacks
  is kept as SIPRI spells it, typed by SIPRI's markers, and listed, never a reason to fail.
- :func:`lookup` is forgiving, for names people type: case, spacing, accents and stars do not
  matter, and canonical names, SIPRI spellings, aliases, ISO3 and SIPRI codes all work.

SIPRI's aggregate rows and columns ("All", "Total", ...) are not actors; see
:data:`AGGREGATE_NAMES` and :func:`is_aggregate`.
"""

from __future__ import annotations

import difflib
import functools
import io
import logging
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal, get_args

import pandas as pd

from armsdata.conventions import AGGREGATE_NAMES, NON_STATE_MARK, ORGANISATION_MARK
from armsdata.conventions import is_aggregate as _is_aggregate
from armsdata.errors import ParseError, UnknownActorError

log = logging.getLogger(__name__)

ActorType = Literal["state", "historical-state", "non-state", "organisation", "unknown"]
#: The values allowed in the ``type`` column of ``actors.csv``.
ACTOR_TYPES: tuple[str, ...] = get_args(ActorType)

#: Where the map is kept, for messages that tell the reader what to edit.
ACTORS_CSV = "src/armsdata/data/actors.csv"

COLUMNS = ["sipri_name", "canonical_name", "iso3", "type", "sipri_code", "aliases"]

_ISO3 = re.compile(r"[A-Z]{3}")
_MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Actor:
    """One SIPRI spelling of an actor, with what the map knows about it.

    Attributes
    ----------
    sipri_name : str
        The name exactly as SIPRI writes it, including a trailing ``*`` or ``**``.
    canonical_name : str
        The one name shared by every spelling of this actor (no stars).
    iso3 : str or None
        ISO 3166-1 alpha-3 code, or the ISO 3166-3 code of a former state (SUN, CSK, DDR, YUG,
        YMD); None where there is none (non-state actors, organisations, unknowns, Kosovo, ...).
    type : {"state", "historical-state", "non-state", "organisation", "unknown"}
    sipri_code : str or None
        SIPRI's own code for this spelling in its 2022 code list (e.g. "ALG" for Algeria), or
        None where the spelling is not in that list.
    """

    sipri_name: str
    canonical_name: str
    iso3: str | None
    type: ActorType
    sipri_code: str | None


def _actors_csv_text() -> str:
    """The text of the shipped ``actors.csv`` (a function so tests can swap in a broken copy)."""
    return resources.files("armsdata").joinpath("data/actors.csv").read_text(encoding="utf-8")


# Typographic characters that people paste in for SIPRI's plain ASCII ("Cote d’Ivoire").
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


def _key(name: str) -> str:
    """Normalise a typed name: trim, drop trailing stars, fold case and accents, squeeze spaces."""
    text = unicodedata.normalize("NFKD", name.strip().rstrip("*").strip().translate(_PLAIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _fail(line: int, message: str) -> ParseError:
    return ParseError(f"{ACTORS_CSV}, line {line}: {message}; fix that line of the actor map")


@functools.cache
def load_actors() -> pd.DataFrame:
    """Read and validate the actor map shipped with the package.

    Read once per process and cached; the frame returned is shared, so copy it before changing it.

    Returns
    -------
    pandas.DataFrame
        One row per SIPRI spelling, columns ``sipri_name``, ``canonical_name``, ``iso3``,
        ``type``, ``sipri_code``, ``aliases`` (``;``-separated). Empty ``iso3``, ``sipri_code``
        and ``aliases`` are missing values.

    Raises
    ------
    ParseError
        If the CSV breaks its schema: other columns, an empty name, a ``type`` outside
        :data:`ACTOR_TYPES`, a repeated ``sipri_name``, an ``iso3`` that is not three capital
        letters, a star that disagrees with the type, spellings of one actor that disagree on
        ISO3 or type, or a name, alias or ISO3 that points at two different actors.
    """
    frame = pd.read_csv(io.StringIO(_actors_csv_text()), dtype=str, keep_default_na=False)
    _validate(frame)
    for column in ["iso3", "sipri_code", "aliases"]:
        frame[column] = frame[column].mask(frame[column] == "")
    log.debug("Loaded %d SIPRI spellings of %d actors from %s",
              len(frame), frame["canonical_name"].nunique(), ACTORS_CSV)
    return frame


def _validate(frame: pd.DataFrame) -> None:
    """Raise ParseError at the first row of the raw actors.csv frame that breaks the schema."""
    if list(frame.columns) != COLUMNS:
        raise ParseError(f"{ACTORS_CSV}: columns {list(frame.columns)}; expected {COLUMNS}")
    repeated = sorted(set(frame.loc[frame["sipri_name"].duplicated(), "sipri_name"]))
    if repeated:
        raise ParseError(
            f"{ACTORS_CSV}: sipri_name repeated: {repeated}; keep one row per SIPRI spelling"
        )
    owner: dict[str, str] = {}  # lookup key -> canonical name: one key must name one actor
    first: dict[str, dict] = {}  # canonical name -> its first row
    # plain dicts, not iterrows(): a Series per row made this a third of a query's start-up
    for index, row in enumerate(frame.to_dict("records")):
        line = index + 2  # the header is line 1
        name, canonical, iso3, kind = (
            row["sipri_name"], row["canonical_name"], row["iso3"], row["type"]
        )
        if not name or name != name.strip() or not canonical or "*" in canonical:
            raise _fail(line, f"sipri_name {name!r} / canonical_name {canonical!r}; expected "
                        "non-empty names without surrounding spaces, and no '*' in canonical_name")
        if kind not in ACTOR_TYPES:
            raise _fail(line, f"type {kind!r} for {name!r}; "
                        f"expected one of {', '.join(ACTOR_TYPES)}")
        if iso3 and not _ISO3.fullmatch(iso3):
            raise _fail(line, f"iso3 {iso3!r} for {name!r}; "
                        "expected three capital letters or empty")
        stars = "organisation" if name.endswith("**") else "non-state" if name.endswith("*") else ""
        if stars and kind != stars:
            raise _fail(line, f"type {kind!r} for {name!r}; SIPRI's stars say {stars!r}")
        previous = first.setdefault(canonical, row)
        if (previous["iso3"], previous["type"]) != (iso3, kind):
            raise _fail(line, f"{name!r} has iso3 {iso3!r}, type {kind!r}, but another spelling "
                        f"of {canonical!r} has iso3 {previous['iso3']!r}, "
                        f"type {previous['type']!r}")
        aliases = [_key(alias) for alias in row["aliases"].split(";")]
        for key in {_key(name), _key(canonical), iso3.casefold(), *aliases} - {""}:
            if owner.setdefault(key, canonical) != canonical:
                raise _fail(line, f"{key!r} (a name, alias or ISO3 of {canonical!r}) already "
                            f"names {owner[key]!r}; one name must point at one actor")


def _to_actor(row: dict) -> Actor:
    def text(value: object) -> str | None:
        return None if pd.isna(value) else str(value)

    return Actor(
        sipri_name=row["sipri_name"],
        canonical_name=row["canonical_name"],
        iso3=text(row["iso3"]),
        type=row["type"],
        sipri_code=text(row["sipri_code"]),
    )


@dataclass(frozen=True)
class _Index:
    by_sipri_name: dict[str, Actor]
    by_name: dict[str, Actor]  # normalised SIPRI spelling, canonical name or alias
    by_iso3: dict[str, Actor]
    by_code: dict[str, Actor]
    display: dict[str, str]  # normalised key -> canonical name, to offer in "did you mean"


@functools.cache
def _index() -> _Index:
    frame = load_actors()
    actors = [_to_actor(row) for row in frame.to_dict("records")]
    by_sipri_name = {actor.sipri_name: actor for actor in actors}
    # The row whose spelling is the canonical name stands for the actor when a query names the
    # actor rather than a spelling (alias, ISO3, canonical name).
    primary: dict[str, Actor] = {}
    for actor in actors:
        is_canonical_spelling = actor.sipri_name.rstrip("*") == actor.canonical_name
        if is_canonical_spelling or actor.canonical_name not in primary:
            primary[actor.canonical_name] = actor
    by_name: dict[str, Actor] = {}
    display: dict[str, str] = {}
    for actor, aliases in zip(actors, frame["aliases"]):
        by_name.setdefault(_key(actor.sipri_name), actor)
        display.setdefault(_key(actor.sipri_name), actor.canonical_name)
        for alias in ([] if pd.isna(aliases) else aliases.split(";")):
            if alias.strip():
                by_name.setdefault(_key(alias), primary[actor.canonical_name])
                display.setdefault(_key(alias), actor.canonical_name)
    for canonical, actor in primary.items():
        by_name[_key(canonical)] = actor
        display[_key(canonical)] = canonical
    by_iso3 = {a.iso3: primary[a.canonical_name] for a in actors if a.iso3}
    by_code = {a.sipri_code: a for a in actors if a.sipri_code}
    return _Index(by_sipri_name, by_name, by_iso3, by_code, display)


def is_aggregate(name: str) -> bool:
    """Whether ``name`` is one of SIPRI's aggregate labels rather than an actor.

    Parameters
    ----------
    name : str
        A recipient or supplier label from a SIPRI file.

    Returns
    -------
    bool
        True for the names in :data:`AGGREGATE_NAMES`, in any case ("all" in the title of the
        2022 world table counts).

    Examples
    --------
    >>> is_aggregate("Total world import"), is_aggregate("Armenia")
    (True, False)
    """
    return _is_aggregate(name)


def canonical_name(sipri_name: str) -> str:
    """Map a name exactly as SIPRI writes it to the actor's canonical name.

    Strict on purpose: a parser hands over SIPRI's spelling, and a spelling the map does not know
    is an error to fix in the map, not something to guess at. Aggregate labels
    (:data:`AGGREGATE_NAMES`) pass through, spelled as in that constant.

    Parameters
    ----------
    sipri_name : str
        The name as in the SIPRI file, stars included (``"Hezbollah (Lebanon)*"``).

    Returns
    -------
    str
        The canonical name (``"Turkiye"`` for both ``"Turkey"`` and ``"Turkiye"``).

    Raises
    ------
    UnknownActorError
        If the spelling is not in ``actors.csv``.

    Examples
    --------
    >>> canonical_name("Turkey")
    'Turkiye'
    >>> canonical_name("NATO**")
    'NATO'
    """
    actor = _index().by_sipri_name.get(sipri_name)
    if actor is not None:
        return actor.canonical_name
    if is_aggregate(sipri_name):
        return next(a for a in AGGREGATE_NAMES if a.casefold() == sipri_name.strip().casefold())
    raise UnknownActorError(
        f"SIPRI name {sipri_name!r} is not in the actor map{_did_you_mean(sipri_name)}; "
        f"add it to {ACTORS_CSV} (sipri_name exactly as SIPRI writes it, with its canonical_name, "
        "iso3, type and sipri_code)"
    )


def sipri_actor(sipri_name: str) -> Actor | None:
    """The actor map's entry for a name exactly as SIPRI writes it, or None if the map lacks it.

    Unlike :func:`canonical_name` this never raises: an edition loader uses it to keep a name the
    map does not know yet (see :func:`unmapped_actor`) instead of failing every query.

    Examples
    --------
    >>> sipri_actor("Turkey").canonical_name
    'Turkiye'
    >>> sipri_actor("Free Atlantis*") is None
    True
    """
    return _index().by_sipri_name.get(sipri_name)


def unmapped_actor(sipri_name: str) -> Actor:
    """An actor for a SIPRI spelling the map lacks, kept as SIPRI spells it.

    Its canonical name is SIPRI's spelling without the trailing ``*``/``**`` markers; its type
    comes from those markers (``*`` non-state, ``**`` organisation) or is ``unknown``; it has no
    ISO3 or SIPRI code.  Such a name never blocks an edition: the loader lists it (see
    ``Edition.unknown_actors``) and queries accept it.

    Examples
    --------
    >>> unmapped_actor("Free Atlantis*")
    Actor(sipri_name='Free Atlantis*', canonical_name='Free Atlantis', iso3=None, type='non-state', sipri_code=None)
    """
    name = sipri_name.strip()
    kind: ActorType = ("organisation" if name.endswith(ORGANISATION_MARK)
                       else "non-state" if name.endswith(NON_STATE_MARK) else "unknown")
    return Actor(sipri_name=sipri_name, canonical_name=name.rstrip("*").strip(), iso3=None,
                 type=kind, sipri_code=None)


def match_key(name: str) -> str:
    """The normalised form :func:`lookup` compares names in (case, accents, stars, spaces)."""
    return _key(name)


def lookup(query: str) -> Actor:
    """Find an actor by any name a person might type.

    Tried in this order, ignoring case, surrounding and repeated spaces, accents and trailing
    stars: the exact SIPRI spelling; any SIPRI spelling, canonical name or alias; the ISO3 code;
    SIPRI's own code. The order matters where a SIPRI code is another actor's ISO3: ``"CHE"`` is
    Switzerland (ISO), not Chile (SIPRI's CHE); ``"CZE"`` is Czechia, not Czechoslovakia;
    ``"MAR"`` is Morocco, not the Marshall Islands.

    Parameters
    ----------
    query : str
        For example ``"armenia"``, ``"ARM"``, ``"Turkey"``, ``"USA"``, ``"Hezbollah (Lebanon)"``.

    Returns
    -------
    Actor
        The row of that SIPRI spelling where the query is one; otherwise the row whose spelling
        is the canonical name (or the actor's first row if SIPRI never uses that spelling).

    Raises
    ------
    UnknownActorError
        If nothing matches (with "did you mean" suggestions), or the query is an aggregate.

    Examples
    --------
    >>> lookup("arm").canonical_name
    'Armenia'
    >>> lookup("Turkey").iso3
    'TUR'
    """
    index = _index()
    exact = index.by_sipri_name.get(query.strip())
    if exact is not None:
        return exact
    key = _key(query)
    code = query.strip().upper()
    actor = index.by_name.get(key) or index.by_iso3.get(code) or index.by_code.get(code)
    if actor is not None:
        return actor
    if is_aggregate(query):
        raise UnknownActorError(
            f"{query!r} is one of SIPRI's aggregate rows "
            "(armsdata.countries.AGGREGATE_NAMES), not an actor"
        )
    raise UnknownActorError(
        f"No actor matches {query!r}{_did_you_mean(query)}; try a country name, SIPRI spelling, "
        f"ISO3 or SIPRI code, or add the name as an alias in {ACTORS_CSV}"
    )


def _did_you_mean(query: str) -> str:
    """A "; did you mean 'A', 'B'?" clause naming canonical names, or "" when nothing is close."""
    index = _index()
    key = _key(query)
    keys = difflib.get_close_matches(key, list(index.display), n=_MAX_SUGGESTIONS, cutoff=0.6)
    if len(key) >= 3:  # "Korea" should offer both Koreas, which difflib alone may miss
        keys += sorted(k for k in index.display if key in k and k not in keys)
    names = list(dict.fromkeys(index.display[k] for k in keys))[:_MAX_SUGGESTIONS]
    return f"; did you mean {', '.join(map(repr, names))}?" if names else ""


def actor_type(name: str) -> ActorType:
    """The actor type of ``name``, found with :func:`lookup`.

    Parameters
    ----------
    name : str
        Anything :func:`lookup` accepts.

    Returns
    -------
    str
        One of :data:`ACTOR_TYPES`.

    Raises
    ------
    UnknownActorError
        As :func:`lookup`.

    Examples
    --------
    >>> actor_type("Soviet Union")
    'historical-state'
    """
    return lookup(name).type


def iso3(name: str) -> str | None:
    """The ISO3 code of ``name`` (found with :func:`lookup`), or None where it has none.

    Parameters
    ----------
    name : str
        Anything :func:`lookup` accepts.

    Returns
    -------
    str or None
        ISO 3166-1 alpha-3, or the ISO 3166-3 code of a former state.

    Raises
    ------
    UnknownActorError
        As :func:`lookup`.

    Examples
    --------
    >>> iso3("Algeria")
    'DZA'
    """
    return lookup(name).iso3
