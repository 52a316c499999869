"""SIPRI's actor names as data: canonical name, ISO3 code, actor type, and every spelling.

Two files beside this module, described in ``src/armsdata/data/actors.md``:

- ``actors.csv``: one row per actor, under its current SIPRI spelling (``sipri_name``, exactly as
  SIPRI writes it, with any ``*``/``**``), with its ``canonical_name`` (the name armsdata shows,
  without stars), ISO3, type, SIPRI code and aliases (names people and other sources use).
- ``renames.csv``: SIPRI's former spellings of those actors ("Turkey" until the 2022 release,
  "Turkiye" since 2023), each with the releases it was last and the new one first seen in.
  A rename is the same actor under another name; a historical state (Soviet Union,
  Czechoslovakia, ...) is an actor of its own, never a former spelling of its successor.

A new spelling in a new release is one new line and no code change. SIPRI's conventions: a
trailing ``*`` marks a non-state actor, ``**`` an international organisation.

Ways in:

- :func:`canonical_name` is strict: the exact SIPRI spelling (current or former), as a parser
  reads it from a file. A spelling the map does not know raises
  :class:`~armsdata.errors.UnknownActorError`; it is never passed through or dropped.
- :func:`match` is for edition loaders: a name in an edition is matched through every name the
  map knows (SIPRI's spellings, its former spellings, aliases, ISO3, and the canonical name,
  ignoring case, accents and stars), and says how it matched, so an edition that spells the UAE
  "United Arab Emirates" still holds the UAE. :func:`unmapped_actor` keeps a name nothing
  matches as SIPRI spells it, typed by SIPRI's markers; it is listed, never a reason to fail.
- :func:`lookup` is forgiving, for names people type: the same names as :func:`match`, and
  SIPRI's own codes.

Every name (after normalising) points at one actor; the map is checked when it is loaded, and a
name that fits two actors is an error naming both and the lines that define them.

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
from dataclasses import dataclass, replace
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
#: Where SIPRI's former spellings are kept.
RENAMES_CSV = "src/armsdata/data/renames.csv"

COLUMNS = ["sipri_name", "canonical_name", "iso3", "type", "sipri_code", "aliases"]
RENAME_COLUMNS = ["sipri_name", "renamed_to", "last_seen_in", "first_seen_in"]

#: How :func:`match` found an edition's name: SIPRI's current spelling exactly (``sipri``), a
#: former SIPRI spelling (``rename``), SIPRI's spelling or the canonical name but for case,
#: accents, spacing or stars (``variant``), an alias, or an ISO3 code.
MatchKind = Literal["sipri", "rename", "variant", "alias", "iso3"]

_ISO3 = re.compile(r"[A-Z]{3}")
_MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Actor:
    """One SIPRI spelling of an actor, with what the map knows about it.

    Attributes
    ----------
    sipri_name : str
        The name exactly as SIPRI writes it, including a trailing ``*`` or ``**``: the current
        spelling, or a former one (``renames.csv``).
    canonical_name : str
        The one name shared by every spelling of this actor (no stars).
    iso3 : str or None
        ISO 3166-1 alpha-3 code, or the ISO 3166-3 code of a former state (SUN, CSK, DDR, YUG,
        YMD); None where there is none (non-state actors, organisations, unknowns, Kosovo, ...).
    type : {"state", "historical-state", "non-state", "organisation", "unknown"}
    sipri_code : str or None
        SIPRI's own code for this actor in its 2022 code list (e.g. "ALG" for Algeria), or None
        where the actor is not in that list.
    """

    sipri_name: str
    canonical_name: str
    iso3: str | None
    type: ActorType
    sipri_code: str | None


@dataclass(frozen=True)
class Match:
    """How a name in an edition was matched to the actor map (:func:`match`).

    Attributes
    ----------
    spelling : str
        The name as the edition writes it.
    actor : Actor
        The map's entry it names (``actor.canonical_name`` is what the edition's tables hold).
    how : {"sipri", "rename", "variant", "alias", "iso3"}
        See :data:`MatchKind`.
    via : str
        The map's name that matched, as the map writes it: the SIPRI spelling (current or
        former), the alias or the ISO3 code.
    """

    spelling: str
    actor: Actor
    how: MatchKind
    via: str


def _actors_csv_text() -> str:
    """The text of the shipped ``actors.csv`` (a function so tests can swap in a broken copy)."""
    return resources.files("armsdata").joinpath("data/actors.csv").read_text(encoding="utf-8")


def _renames_csv_text() -> str:
    """The text of the shipped ``renames.csv`` (a function so tests can swap in a broken copy)."""
    return resources.files("armsdata").joinpath("data/renames.csv").read_text(encoding="utf-8")


def map_texts() -> tuple[str, str]:
    """The texts of ``actors.csv`` and ``renames.csv``, as this module reads them.

    What names become is decided by these two files: a cache of tables holding canonical names
    keys on them (``armsdata.editions``), so a changed map never serves stale tables.
    """
    return _actors_csv_text(), _renames_csv_text()


# Typographic characters that people paste in for SIPRI's plain ASCII ("Cote d’Ivoire").
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


def _key(name: str) -> str:
    """Normalise a typed name: trim, drop trailing stars, fold case and accents, squeeze spaces."""
    text = unicodedata.normalize("NFKD", name.strip().rstrip("*").strip().translate(_PLAIN))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _fail(where: str, message: str) -> ParseError:
    return ParseError(f"{where}: {message}; fix that line of the actor map")


def _read(text: str, columns: list[str], where: str) -> pd.DataFrame:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if list(frame.columns) != columns:
        raise ParseError(f"{where}: columns {list(frame.columns)}; expected {columns}")
    return frame


def _records(frame: pd.DataFrame) -> list[tuple[str, dict]]:
    """(line, row) for each row of a map file: plain dicts, not iterrows() (a Series per row
    made this a third of a query's start-up); the header is line 1."""
    return [(str(index + 2), row) for index, row in enumerate(frame.to_dict("records"))]


def load_actors() -> pd.DataFrame:
    """The actor map shipped with the package (``actors.csv``), read and validated.

    Read once per process with ``renames.csv`` and cached; the frame returned is shared, so copy
    it before changing it.

    Returns
    -------
    pandas.DataFrame
        One row per actor (its current SIPRI spelling), columns ``sipri_name``,
        ``canonical_name``, ``iso3``, ``type``, ``sipri_code``, ``aliases`` (``;``-separated).
        Empty ``iso3``, ``sipri_code`` and ``aliases`` are missing values.

    Raises
    ------
    ParseError
        If the CSV breaks its schema: other columns, an empty name, a ``type`` outside
        :data:`ACTOR_TYPES`, a repeated ``sipri_name`` or ``canonical_name``, an ``iso3`` that
        is not three capital letters, a star that disagrees with the type, or a name, alias or
        ISO3 that fits two actors (the message names both and their lines); or as
        :func:`load_renames`.
    """
    return _index().actors


def _validate(frame: pd.DataFrame) -> None:
    """Raise ParseError at the first row of the raw actors.csv frame that breaks the schema."""
    for column, what in [("sipri_name", "SIPRI spelling"), ("canonical_name", "actor")]:
        repeated = sorted(set(frame.loc[frame[column].duplicated(), column]))
        if repeated:
            raise ParseError(
                f"{ACTORS_CSV}: {column} repeated: {repeated}; keep one row per actor, under "
                f"its current SIPRI spelling, and put a former {what} in {RENAMES_CSV}"
            )
    for line, row in _records(frame):
        where = f"{ACTORS_CSV}, line {line}"
        name, canonical, iso3, kind = (
            row["sipri_name"], row["canonical_name"], row["iso3"], row["type"]
        )
        if not name or name != name.strip() or not canonical or "*" in canonical:
            raise _fail(where, f"sipri_name {name!r} / canonical_name {canonical!r}; expected "
                        "non-empty names without surrounding spaces, and no '*' in canonical_name")
        if kind not in ACTOR_TYPES:
            raise _fail(where, f"type {kind!r} for {name!r}; "
                        f"expected one of {', '.join(ACTOR_TYPES)}")
        if iso3 and not _ISO3.fullmatch(iso3):
            raise _fail(where, f"iso3 {iso3!r} for {name!r}; "
                        "expected three capital letters or empty")
        _check_stars(name, kind, where)


def _check_stars(name: str, kind: str, where: str) -> None:
    stars = "organisation" if name.endswith("**") else "non-state" if name.endswith("*") else ""
    if stars and kind != stars:
        raise _fail(where, f"type {kind!r} for {name!r}; SIPRI's stars say {stars!r}")


def load_renames() -> pd.DataFrame:
    """SIPRI's former spellings shipped with the package (``renames.csv``), read and validated.

    Returns
    -------
    pandas.DataFrame
        One row per former spelling: ``sipri_name`` (exactly as SIPRI wrote it), ``renamed_to``
        (the actor's current spelling, a ``sipri_name`` of ``actors.csv``), ``last_seen_in``
        (the newest SIPRI export read that spells it so) and ``first_seen_in`` (the oldest
        export read with the new spelling), both snapshot folder names.

    Raises
    ------
    ParseError
        If the CSV breaks its schema: other columns, an empty field, a repeated ``sipri_name``,
        a former spelling that is a current one, a ``renamed_to`` that ``actors.csv`` lacks, a
        star that disagrees with the actor's type, or a spelling that fits another actor (the
        message names both and their lines); or as :func:`load_actors`.
    """
    return _index().renames


def _validate_renames(frame: pd.DataFrame, actors: pd.DataFrame) -> None:
    """Raise ParseError at the first row of the raw renames.csv frame that breaks the schema."""
    current = dict(zip(actors["sipri_name"], actors["type"]))
    seen: set[str] = set()
    for line, row in _records(frame):
        where = f"{RENAMES_CSV}, line {line}"
        name, new = row["sipri_name"], row["renamed_to"]
        if not all(row.values()) or name != name.strip():
            raise _fail(where, f"{row}; expected every field filled, and no spaces around "
                        "sipri_name")
        if name in seen or name in current:
            raise _fail(where, f"{name!r} is already a SIPRI spelling of the map; one row per "
                        "spelling")
        seen.add(name)
        if new not in current:
            raise _fail(where, f"renamed_to {new!r} is not a sipri_name of {ACTORS_CSV}; "
                        "give the actor's current SIPRI spelling")
        _check_stars(name, current[new], where)


@dataclass(frozen=True)
class _Name:
    """One name the map knows (normalised, it is a key of :class:`_Index`), and its line."""

    actor: Actor  # for a SIPRI spelling (current or former) that spelling's entry
    kind: Literal["sipri", "rename", "canonical", "alias", "iso3"]
    text: str  # as the map writes it
    where: str  # file and line

    def describe(self) -> str:
        what = {"sipri": "the SIPRI spelling", "rename": "the former SIPRI spelling",
                "canonical": "the canonical name", "alias": "the alias",
                "iso3": "the ISO3 code"}[self.kind]
        return f"{what} {self.text!r} of {self.actor.canonical_name!r} ({self.where})"


def _to_actor(row: dict) -> Actor:
    """The entry of one row of the raw actors.csv frame (empty fields are "")."""
    return Actor(
        sipri_name=row["sipri_name"],
        canonical_name=row["canonical_name"],
        iso3=row["iso3"] or None,
        type=row["type"],
        sipri_code=row["sipri_code"] or None,
    )


def _names(actors: pd.DataFrame, renames: pd.DataFrame
           ) -> tuple[dict[str, _Name], dict[str, _Name]]:
    """Every name of the map by its normalised key, and every exact SIPRI spelling (current or
    former), from the raw frames; a key that fits two actors is an error naming both."""
    by_key: dict[str, _Name] = {}
    spellings: dict[str, _Name] = {}

    def claim(key: str, name: _Name) -> None:
        owner = by_key.setdefault(key, name)
        if owner.actor.canonical_name != name.actor.canonical_name:
            raise _fail(name.where, f"{key!r} fits two actors: it is {name.describe()}, and "
                        f"{owner.describe()}; one name must point at one actor")

    for line, row in _records(actors):
        where = f"{ACTORS_CSV}, line {line}"
        actor = _to_actor(row)
        spellings[actor.sipri_name] = _Name(actor, "sipri", actor.sipri_name, where)
        for kind, texts in [("sipri", [actor.sipri_name]), ("canonical", [actor.canonical_name]),
                            ("alias", row["aliases"].split(";")), ("iso3", [row["iso3"]])]:
            for text in texts:
                if text.strip():
                    claim(_key(text), _Name(actor, kind, text, where))
    for line, row in _records(renames):
        actor = replace(spellings[row["renamed_to"]].actor, sipri_name=row["sipri_name"])
        name = spellings[actor.sipri_name] = _Name(actor, "rename", actor.sipri_name,
                                                   f"{RENAMES_CSV}, line {line}")
        claim(_key(actor.sipri_name), name)
    return by_key, spellings


@dataclass(frozen=True)
class _Index:
    actors: pd.DataFrame  # actors.csv
    renames: pd.DataFrame  # renames.csv
    spellings: dict[str, _Name]  # exact SIPRI spelling, current or former
    by_key: dict[str, _Name]  # normalised name (spelling, canonical name, alias, ISO3)
    by_code: dict[str, Actor]
    display: dict[str, str]  # normalised key -> canonical name, to offer in "did you mean"


@functools.cache
def _index() -> _Index:
    """Read both files of the map, validate them, and index every name (once per process)."""
    actors = _read(_actors_csv_text(), COLUMNS, ACTORS_CSV)
    _validate(actors)
    renames = _read(_renames_csv_text(), RENAME_COLUMNS, RENAMES_CSV)
    _validate_renames(renames, actors)
    by_key, spellings = _names(actors, renames)
    for column in ["iso3", "sipri_code", "aliases"]:
        actors[column] = actors[column].mask(actors[column] == "")
    by_code = {n.actor.sipri_code: n.actor for n in spellings.values()
               if n.kind == "sipri" and n.actor.sipri_code}
    display = {key: n.actor.canonical_name for key, n in by_key.items() if n.kind != "iso3"}
    log.debug("Loaded %d actors from %s and %d former spellings from %s",
              len(actors), ACTORS_CSV, len(renames), RENAMES_CSV)
    return _Index(actors, renames, spellings, by_key, by_code, display)


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
        If the spelling is neither in ``actors.csv`` nor a former spelling in ``renames.csv``.

    Examples
    --------
    >>> canonical_name("Turkey")
    'Turkiye'
    >>> canonical_name("NATO**")
    'NATO'
    """
    name = _index().spellings.get(sipri_name)
    if name is not None:
        return name.actor.canonical_name
    if is_aggregate(sipri_name):
        return next(a for a in AGGREGATE_NAMES if a.casefold() == sipri_name.strip().casefold())
    raise UnknownActorError(
        f"SIPRI name {sipri_name!r} is not in the actor map{_did_you_mean(sipri_name)}; "
        f"add it to {ACTORS_CSV} (sipri_name exactly as SIPRI writes it, with its canonical_name, "
        f"iso3, type and sipri_code), or, if SIPRI renamed an actor, to {RENAMES_CSV}"
    )


def sipri_actor(sipri_name: str) -> Actor | None:
    """The actor map's entry for a name exactly as SIPRI writes or wrote it, or None.

    The current spelling (``actors.csv``) or a former one (``renames.csv``); unlike
    :func:`canonical_name` this never raises. To match a name an edition holds through every
    name the map knows, use :func:`match`.

    Examples
    --------
    >>> sipri_actor("Turkey").canonical_name
    'Turkiye'
    >>> sipri_actor("Free Atlantis*") is None
    True
    """
    name = _index().spellings.get(sipri_name)
    return None if name is None else name.actor


def match(spelling: str) -> Match | None:
    """The actor a name in an edition stands for, through every name the map knows.

    Tried in this order: SIPRI's current spelling, exactly (``how="sipri"``); a former SIPRI
    spelling, exactly (``rename``); then, ignoring case, accents, surrounding and repeated
    spaces and trailing stars, a former spelling (``rename``), a SIPRI spelling or canonical
    name (``variant``), an alias (``alias``) or an ISO3 code (``iso3``). No name fits two actors
    (checked when the map is loaded), so the order never changes which actor a name stands for.
    SIPRI's own codes are not tried: several are other actors' ISO3 codes.

    Parameters
    ----------
    spelling : str
        A recipient or supplier name exactly as an edition's file writes it.

    Returns
    -------
    Match or None
        None where no name of the map fits (see :func:`unmapped_actor`) or *spelling* is one of
        SIPRI's aggregate labels.

    Examples
    --------
    >>> m = match("United Arab Emirates")
    >>> m.actor.canonical_name, m.how
    ('UAE', 'alias')
    >>> match("Turkey").how, match("Turkiye").how
    ('rename', 'sipri')
    """
    index = _index()
    name = index.spellings.get(spelling)
    if name is None:
        if is_aggregate(spelling):
            return None
        name = index.by_key.get(_key(spelling))
        if name is None:
            return None
    how: MatchKind
    if name.kind in ("rename", "alias", "iso3"):
        how = name.kind
    elif name.kind == "sipri" and name.text == spelling:
        how = "sipri"
    else:
        how = "variant"
    return Match(spelling, name.actor, how, name.text)


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
    """The normalised form :func:`lookup` and :func:`match` compare names in (case, accents,
    stars, spaces)."""
    return _key(name)


def lookup(query: str) -> Actor:
    """Find an actor by any name a person might type.

    Tried in this order: the exact SIPRI spelling (current or former); then, ignoring case,
    surrounding and repeated spaces, accents and trailing stars, any SIPRI spelling (current or
    former), canonical name, alias or ISO3 code (no name fits two actors); last, SIPRI's own
    code. The order matters where a SIPRI code is another actor's ISO3: ``"CHE"`` is
    Switzerland (ISO), not Chile (SIPRI's CHE); ``"CZE"`` is Czechia, not Czechoslovakia;
    ``"MAR"`` is Morocco, not the Marshall Islands.

    Parameters
    ----------
    query : str
        For example ``"armenia"``, ``"ARM"``, ``"Turkey"``, ``"USA"``, ``"Hezbollah (Lebanon)"``.

    Returns
    -------
    Actor
        That SIPRI spelling's entry where the query is one (a former spelling gives its own
        entry, with the actor's canonical name); otherwise the actor's current spelling's.

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
    name = index.spellings.get(query.strip()) or index.by_key.get(_key(query))
    if name is not None:
        return name.actor
    actor = index.by_code.get(query.strip().upper())
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
