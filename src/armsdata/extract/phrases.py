"""SIPRI's phrasings as data: ``phrasings.yaml`` and ``demonyms.csv``, loaded and checked once.

:func:`phrasings` returns the validated phrasings (hedges, words of change, multipliers,
fractions, number and ordinal words, roles, flows, relative windows, the kinds of numbers that are
not SIPRI transfer figures); :func:`demonyms` the demonym table, each target checked against the
actor map's canonical names (:mod:`armsdata.countries`) or SIPRI's regions
(:mod:`armsdata.regions`).  A broken file is a :class:`~armsdata.errors.ParseError` naming the
file and the key, so a phrasing added by hand cannot silently do nothing.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from typing import Any

import yaml

from armsdata.errors import ParseError

PHRASINGS_FILE = "src/armsdata/extract/phrasings.yaml"
DEMONYMS_FILE = "src/armsdata/extract/demonyms.csv"

COMPARATORS = ("at-least", "over", "under", "at-most", "about")
RELATIVE_KINDS = ("past-5", "past-10", "this-period", "previous-period", "both-periods")


def _text(name: str) -> str:
    return resources.files("armsdata.extract").joinpath(name).read_text(encoding="utf-8")


def _fail(key: str, problem: str) -> ParseError:
    return ParseError(f"{PHRASINGS_FILE}, key {key!r}: {problem}; fix that entry")


def _words(raw: Any, key: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(w, str) and w.strip()
                                                       for w in raw):
        raise _fail(key, f"expected a non-empty list of phrases; got {raw!r}")
    return tuple(" ".join(w.casefold().split()) for w in raw)


def _numbers(raw: Any, key: str) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(key, f"expected a mapping of phrase -> number; got {raw!r}")
    out = {}
    for k, v in raw.items():
        if not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, (int, float)):
            raise _fail(key, f"{k!r}: {v!r} is not a number")
        out[" ".join(k.casefold().split())] = float(v)
    return out


@functools.cache
def phrasings() -> dict[str, Any]:
    """The phrasings of ``phrasings.yaml``, checked (read once per process).

    Raises
    ------
    ParseError
        A missing key, a comparator the claims schema lacks, a relative window of an unknown
        kind, a number that is not one, a word listed on both sides of a change or a role.
    """
    raw = yaml.safe_load(_text("phrasings.yaml"))
    need = ("hedges", "change_words", "multipliers", "fractions", "number_words", "ordinals",
            "largest_words", "main_words", "roles", "flows", "flow_adjectives", "world_words",
            "arms_words", "relative_windows", "not_sipri")
    if not isinstance(raw, dict):
        raise ParseError(f"{PHRASINGS_FILE}: expected a mapping")
    missing = [k for k in need if k not in raw]
    if missing:
        raise ParseError(f"{PHRASINGS_FILE}: missing key(s) {missing}")
    out: dict[str, Any] = {}
    hedges = raw["hedges"]
    if not isinstance(hedges, dict) or not all(v in COMPARATORS for v in hedges.values()):
        raise _fail("hedges", f"every hedge maps to one of {list(COMPARATORS)}")
    out["hedges"] = {" ".join(str(k).casefold().split()): v for k, v in hedges.items()}
    cw = raw["change_words"]
    if not isinstance(cw, dict) or set(cw) != {"up", "down"}:
        raise _fail("change_words", "expected the two lists 'up' and 'down'")
    up, down = _words(cw["up"], "change_words.up"), _words(cw["down"], "change_words.down")
    both = sorted(set(up) & set(down))
    if both:
        raise _fail("change_words", f"{both} listed as both up and down")
    out["change_words"] = {"up": up, "down": down}
    for key in ("multipliers", "fractions", "number_words", "ordinals"):
        out[key] = _numbers(raw[key], key)
    for key in ("largest_words", "main_words", "flow_adjectives", "world_words", "arms_words"):
        out[key] = _words(raw[key], key)
    for key, sides in (("roles", ("importer", "exporter", "supplier")),
                       ("flows", ("imports", "exports", "transfers"))):
        v = raw[key]
        if not isinstance(v, dict) or set(v) != set(sides):
            raise _fail(key, f"expected the lists {list(sides)}")
        out[key] = {s: _words(v[s], f"{key}.{s}") for s in sides}
        seen: dict[str, str] = {}
        for s in sides:
            for w in out[key][s]:
                if w in seen:
                    raise _fail(key, f"{w!r} listed under both {seen[w]!r} and {s!r}")
                seen[w] = s
    rel = raw["relative_windows"]
    if not isinstance(rel, dict) or not all(v in RELATIVE_KINDS for v in rel.values()):
        raise _fail("relative_windows", f"every phrase maps to one of {list(RELATIVE_KINDS)}")
    out["relative_windows"] = {" ".join(str(k).casefold().split()): v for k, v in rel.items()}
    ns = raw["not_sipri"]
    kinds = ("money", "mass", "distance", "flights", "people", "states", "weapons", "time",
             "spending", "economy", "points")
    if not isinstance(ns, dict) or set(ns) != set(kinds):
        raise _fail("not_sipri", f"expected the kinds {list(kinds)}")
    out["not_sipri"] = {}
    for kind in kinds:
        entry = ns[kind]
        if not isinstance(entry, dict) or not isinstance(entry.get("why"), str):
            raise _fail(f"not_sipri.{kind}", "expected {why: <text>} and its units or context")
        out["not_sipri"][kind] = {
            "why": entry["why"],
            "units": _words(entry["units"], f"not_sipri.{kind}.units") if "units" in entry else (),
            "context": (_words(entry["context"], f"not_sipri.{kind}.context")
                        if "context" in entry else ()),
        }
    return out


@functools.cache
def demonyms() -> dict[str, str]:
    """Demonym (as written, e.g. ``Chinese``, ``US``, ``European``) -> the actor map's canonical
    name or SIPRI's region name, each checked when the table is first read.

    Raises
    ------
    ParseError
        A row whose target neither the actor map nor SIPRI's regions know (with its line), or a
        demonym listed twice.
    """
    from armsdata import countries, regions
    from armsdata.errors import UnknownActorError

    reader = csv.DictReader(io.StringIO(_text("demonyms.csv")))
    if reader.fieldnames != ["word", "name"]:
        raise ParseError(f"{DEMONYMS_FILE}: columns {reader.fieldnames}; expected ['word', 'name']")
    out: dict[str, str] = {}
    for rec in reader:
        word, name = rec["word"].strip(), rec["name"].strip()
        where = f"{DEMONYMS_FILE}, line {reader.line_num}"
        if word in out:
            raise ParseError(f"{where}: {word!r} listed twice; keep one row")
        if regions.is_region(name):
            target = regions.lookup(name).name
        else:
            try:
                target = countries.lookup(name).canonical_name
            except UnknownActorError as exc:
                raise ParseError(f"{where}: {name!r} is neither an actor of the actor map nor "
                                 f"a SIPRI region ({exc})") from exc
        if target != name:
            raise ParseError(f"{where}: write the canonical name {target!r}, not {name!r}")
        out[word] = target
    return out


__all__ = ["COMPARATORS", "DEMONYMS_FILE", "PHRASINGS_FILE", "demonyms", "phrasings"]
