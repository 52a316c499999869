"""The grammar of SIPRI figures in prose: small named patterns that tag a sentence.

Like statcheck's patterns, each recogniser below is one named, documented regular expression (or
a small function around one), built from the phrasings in ``phrasings.yaml``
(:mod:`armsdata.extract.phrases`).  :func:`tag` runs them over one sentence in a fixed order
(windows first, so that ``2017–21`` is never read as a number; then numbers that are not SIPRI
figures, per-cent figures, words of change, ranks, actors) and returns the tags, none
overlapping.  :func:`skeleton` writes the sentence with every tag replaced by a token
``⟦K3⟧`` (kind and index), which is what :mod:`armsdata.extract.interpret` reads.

Kinds of tag:

``W``  a window of years: ``2016–20``, ``2016-2020``, ``2018 22``, ``between 2018 and 2022``,
       ``from 2011 to 2020`` (data: ``start``, ``end``)
``X``  a relative window: ``the past five years``, ``the same period`` (data: ``kind``)
``Y``  a single year (not a figure)
``F``  a per-cent figure: ``at least 94 per cent``, ``(–16 per cent)``, ``Thirty per cent``,
       ``4.9%`` (data: ``value`` ≥ 0 as written, ``sign`` −1/+1/0, ``hedge``, ``written``,
       ``unit`` ``per cent`` or ``points``)
``Q``  a fraction word: ``two-thirds``, ``a quarter`` (data as F, ``precision`` 10)
``M``  a word of change: ``more than doubled``, ``almost halved``, ``tenfold``, ``2.5 times``
       (data: ``value`` the per-cent change or None where ambiguous, ``hedge``)
``N``  a number that is not a SIPRI transfer figure: money, tonnes, kilometres, flights,
       people, a count of states or weapons, a duration (data: ``kind``)
``B``  a bare number with no unit (data: ``value``)
``V``  words for a share that give no number: ``most of``, ``the bulk of``, ``nearly all``
``R``  a rank: ``the world's second-largest arms importer``, ``India's main arms supplier``,
       ``ranks 23rd among``, ``third place``, ``among the top 10``, ``the five largest arms
       exporters`` (data: ``rank``, ``role``, ``count`` for a list, ``top`` for "top N",
       ``region`` for a rank within a region)
``A``  an actor: a name of the actor map (any SIPRI spelling, canonical name or alias), a SIPRI
       region, a demonym (``Russian``, ``US``, ``Chinese-made``, ``European``); ``'s`` makes it
       possessive (data: ``name``, ``kind`` actor/region, ``form`` name/possessive/demonym)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from armsdata.extract.phrases import demonyms, phrasings

#: A number as written: 94, 4.6, 6633, 1,000, 2.0.
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: A year SIPRI's data could cover.
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
#: The dashes people write between years or before a negative number.
DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
#: Per cent as written.
PERCENT = r"(?:per\s?cent|percent|pct|%)"
#: Percentage points.
POINTS = r"(?:percentage[- ]points?|pp)\b"

#: The token that stands for tag *i* of kind *k* in a skeleton.
TOKEN = "\u27e6{kind}{index}\u27e7"
TOKEN_RE = re.compile("\u27e6([A-Z])(\\d+)\u27e7")


@dataclass
class Tag:
    """One recognised piece of a sentence: kind, offsets within the sentence, the text."""

    kind: str
    start: int
    end: int
    text: str
    data: dict[str, Any] = field(default_factory=dict)


def _alt(words: Any) -> str:
    """An alternation of phrases, longest first, spaces matching any whitespace."""
    out = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in out)


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    p = phrasings()
    numword = _alt(p["number_words"])
    ordword = _alt(p["ordinals"])
    hedge = _alt(p["hedges"])
    role_words = [w for side in p["roles"].values() for w in side]
    units = {k: v["units"] for k, v in p["not_sipri"].items() if v["units"]}
    pats = {
        # "between 2018 and 2022", "from 2011 to 2020": one window of single years
        "between_years": rf"\b(?:between|from)\s+(?P<a>{YEAR})\s+(?:and|to|until|through|till)\s+(?P<b>{YEAR})\b",
        # "2016–20", "2016-2020", "2016/17", "2018 22" (a dash lost in copying)
        "range": rf"(?<![\d.,])(?P<a>{YEAR})\s?(?:[{DASH}/]|\s)\s?(?P<b>{YEAR}|\d{{2}})(?![\d%])(?!\s?{PERCENT})",
        "year": rf"(?<![\d.,]){YEAR}(?![\d%.,]\d)",
        # ... unless a window follows ("the period 1993-2022", "the previous period (2012-2016)")
        "relative": rf"\b(?:{_alt(p['relative_windows'])})\b(?!\s*\(?\s*{YEAR})",
        # money: "$300 million", "US$ 5 bn", "USD 200 million", "5 billion dollars"
        "money": (rf"(?:(?:US|U\.S\.|A|C)?\$|USD|US\s?dollars?|EUR|€|£|RUB)\s?(?:{NUMBER})"
                  r"(?:\s?(?:million|billion|trillion|bn|mn|m|b)\b)?"
                  rf"|\b(?:{NUMBER})\s?(?:million|billion|trillion|bn|mn)?\s?(?:dollars|euros|"
                  r"roubles|rubles|USD|EUR)\b"),
        # a number, possibly with a unit a few words on: "510 tonnes", "nine Russian flights"
        "counted": (rf"\b(?P<num>{NUMBER}|{numword})(?:\s+(?!and\b|or\b|of\b)[\w-]+){{0,2}}?\s+"
                    rf"(?P<unit>{_alt(w for ws in units.values() for w in ws)})\b"),
        # a per-cent figure: hedge, sign, number (or number word), unit
        "percent": (rf"(?:(?P<hedge>{hedge})\s+)?(?P<sign>[+{DASH}](?=\s?\d)\s?)?"
                    rf"(?P<num>{NUMBER}|\b(?:{numword})\b)\s?-?(?P<unit>{POINTS}|{PERCENT})"),
        "fraction": rf"(?:\b(?P<hedge>{hedge})\s+)?\b(?P<frac>{_alt(p['fractions'])})\b(?![-‐])",
        # words of change: "more than doubled", "almost tripled", "tenfold", "2.5 times"
        "multiplier": (rf"(?:\b(?P<hedge>{hedge})\s+)?(?:"
                       rf"\b(?P<word>{_alt(p['multipliers'])})\b"
                       rf"|(?P<fold>{NUMBER}|{numword})[- ]fold\b"
                       rf"|\b(?P<twice>twice)\s+as\s+(?:much|many|high|large)\b"
                       rf"|(?P<by>\bby\s+)?\b(?P<times>{NUMBER}|{numword})\s+times\b)"),
        "bare": rf"(?<![\w.,$€£]){NUMBER}(?![\w%]|\.\d|,\d)",
        # words for a share that give no number: "most of", "the bulk of", "nearly all"
        "vague": (r"\b(?:most|the\s+majority|the\s+bulk|nearly\s+all|almost\s+all|"
                  r"the\s+lion['’]s\s+share|a\s+large\s+part|the\s+largest\s+part)\s+of\b"),
        # ranks
        "rank_largest": (rf"(?:\bthe\s+)?(?:world['’]s\s+)?"
                         rf"(?:(?P<ord>\b(?:{ordword})\b|\d+(?:st|nd|rd|th)\b)[\s-]?|"
                         rf"(?P<card>\b(?:{numword}|\d+)\b)\s+)?"
                         rf"(?P<big>\b(?:{_alt(p['largest_words'])})\b)"
                         rf"(?:\s+(?P<region>(?-i:[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)))?"
                         rf"(?:\s+(?:arms|major\s+arms|weapons?|military|defence|defense))?"
                         rf"(?:\s+(?P<role>{_alt(role_words)})\b)?"
                         rf"(?:\s+in\s+the\s+world\b)?"),
        "rank_main": (rf"\b(?P<main>{_alt(p['main_words'])})\s+(?:arms\s+|weapons?\s+|military\s+)?"
                      rf"(?P<role>suppliers?|sources?\s+of\s+arms)\b"),
        "rank_ranks": (rf"\brank(?:s|ed)?\s+(?P<ord>\d+(?:st|nd|rd|th)|\b(?:{ordword})\b)\s+"
                       rf"(?:among|in)\b"),
        "rank_place": rf"\b(?P<ord>\d+(?:st|nd|rd|th)|\b(?:{ordword})\b)\s+place\b",
        "rank_top": rf"\b(?:among|in|into|of)\s+the\s+top\s+(?P<top>\d+|{numword})\b",
        "rank_number": rf"\bthe\s+(?P<ord>\d+(?:st|nd|rd|th)|\b(?:{ordword})\b)\s+(?P<role>country|state)\b",
    }
    return {k: re.compile(v, re.IGNORECASE) for k, v in pats.items()}


def _number(text: str) -> float:
    words = phrasings()["number_words"]
    key = " ".join(text.casefold().split())
    if key in words:
        return words[key]
    return float(text.replace(",", ""))


def _ordinal(text: str) -> int:
    key = text.casefold()
    ords = phrasings()["ordinals"]
    if key in ords:
        return int(ords[key])
    return int(re.match(r"\d+", key).group(0))  # type: ignore[union-attr]


def _hedge(text: str | None) -> str | None:
    if not text:
        return None
    return phrasings()["hedges"][" ".join(text.casefold().split())]


def _written(text: str) -> str:
    """The number as written, without separators, for the claim's precision (``4.6``, ``30``)."""
    if re.fullmatch(NUMBER, text):
        return text.replace(",", "")
    value = _number(text)
    return str(int(value)) if value.is_integer() else str(value)


def _role(text: str | None) -> str | None:
    if not text:
        return None
    key = " ".join(text.casefold().split())
    for side, words in phrasings()["roles"].items():
        if key in words:
            return side
    if key.startswith("source"):
        return "supplier"
    return None


@functools.cache
def _actor_names() -> dict[str, tuple[str, str, str]]:
    """Every way a text names an actor -> (canonical name, kind actor/region, form)."""
    from armsdata import countries, regions

    out: dict[str, tuple[str, str, str]] = {}
    actors = countries.load_actors()
    for r in actors.itertuples():
        canonical = r.canonical_name
        names = {canonical, str(r.sipri_name).rstrip("*").strip()}
        if isinstance(r.aliases, str):
            names |= {a.strip() for a in r.aliases.split(";") if a.strip()}
        for n in names:
            # an alias in lower case or of one or two letters is too easy to meet by chance
            if len(n) >= 2 and (n[0].isupper() or n[0].isdigit() or n.startswith("e")):
                out.setdefault(n, (canonical, "actor", "name"))
    # SIPRI's former spellings: a text written before a rename uses them (Turkey, Swaziland)
    canonical_of = dict(zip(actors["sipri_name"], actors["canonical_name"]))
    for r in countries.load_renames().itertuples():
        n = str(r.sipri_name).rstrip("*").strip()
        if n[:1].isupper() and r.renamed_to in canonical_of:
            out.setdefault(n, (canonical_of[r.renamed_to], "actor", "name"))
    for reg in regions.REGIONS:
        out[reg.name] = (reg.name, "region", "name")
        if reg.name[0].islower():  # "sub-Saharan Africa" also at the start of a sentence
            out[reg.name[0].upper() + reg.name[1:]] = (reg.name, "region", "name")
    out["the Americas"] = ("Americas", "region", "name")
    out["Asia-Oceania"] = ("Asia and Oceania", "region", "name")
    out["Asia & Oceania"] = ("Asia and Oceania", "region", "name")
    for word, name in demonyms().items():
        kind = "region" if regions.is_region(name) else "actor"
        out.setdefault(word, (name, kind, "demonym"))
    return out


@functools.cache
def _actor_re() -> re.Pattern[str]:
    names = _alt(_actor_names())
    return re.compile(rf"(?<![\w-])(?P<name>{names})(?P<made>-made|-built|-supplied)?"
                      rf"(?P<pos>['’]s\b|s['’](?!\w)|['’](?!\w))?(?![\w-])")


def _actor(m: re.Match[str]) -> dict[str, Any]:
    name = " ".join(m.group("name").split())
    canonical, kind, form = _actor_names()[name]
    if m.group("pos"):
        form = "possessive"
    elif m.group("made"):
        form = "demonym"
    return {"name": canonical, "kind": kind, "form": form}


def tag(sentence: str) -> list[Tag]:
    """Every recognised piece of *sentence*, in order, none overlapping (earlier kinds win)."""
    pats = _patterns()
    tags: list[Tag] = []
    taken = [False] * (len(sentence) + 1)

    def add(kind: str, at: int, to: int, /, **data: Any) -> bool:
        if at >= to or any(taken[at:to]):
            return False
        for i in range(at, to):
            taken[i] = True
        tags.append(Tag(kind, at, to, sentence[at:to], data))
        return True

    for m in pats["between_years"].finditer(sentence):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + 60:
            add("W", m.start(), m.end(), start=a, end=b, form="between")
    for m in pats["range"].finditer(sentence):
        a, tail = int(m.group("a")), m.group("b")
        b = int(tail) if len(tail) == 4 else (a // 100) * 100 + int(tail)
        if len(tail) == 2 and b < a:
            b += 100
        if a < b <= a + 60:
            add("W", m.start(), m.end(), start=a, end=b, form="range")
    rel = phrasings()["relative_windows"]
    for m in pats["relative"].finditer(sentence):
        add("X", m.start(), m.end(), kind=rel[" ".join(m.group(0).casefold().split())])
    for m in pats["money"].finditer(sentence):
        add("N", m.start(), m.end(), kind="money")
    for m in pats["percent"].finditer(sentence):
        unit = "points" if re.match(POINTS, m.group("unit"), re.I) else "per cent"
        sign_text = (m.group("sign") or "").strip()
        sign = 0 if not sign_text else (1 if sign_text == "+" else -1)
        add("F", m.start(), m.end(), value=_number(m.group("num")), sign=sign,
            hedge=_hedge(m.group("hedge")), written=_written(m.group("num")), unit=unit,
            precision=None, words=not m.group("num")[0].isdigit())
    for m in pats["multiplier"].finditer(sentence):
        hedge = _hedge(m.group("hedge"))
        if m.group("word"):
            value: float | None = phrasings()["multipliers"][m.group("word").casefold()]
        elif m.group("fold"):
            value = 100 * (_number(m.group("fold")) - 1)
        elif m.group("twice"):
            value = 100.0
        else:
            n = _number(m.group("times"))
            value = None if m.group("by") else 100 * (n - 1)
        add("M", m.start(), m.end(), value=value, hedge=hedge)
    fracs = phrasings()["fractions"]
    for m in pats["fraction"].finditer(sentence):
        v = fracs[" ".join(m.group("frac").casefold().split())]
        add("Q", m.start(), m.end(), value=v, sign=0, hedge=_hedge(m.group("hedge")),
            written=_written(str(int(v))), unit="per cent", precision=10.0, words=True)
    for m in pats["counted"].finditer(sentence):
        unit = " ".join(m.group("unit").casefold().split())
        kind = next(k for k, v in phrasings()["not_sipri"].items() if unit in v["units"])
        if kind == "mass" and unit == "t" and not m.group("num")[0].isdigit():
            continue
        add("N", m.start(), m.end(), kind=kind)
    for m in pats["vague"].finditer(sentence):
        add("V", m.start(), m.end())
    for m in pats["year"].finditer(sentence):
        add("Y", m.start(), m.end(), year=int(m.group(0)))
    _ranks(sentence, add)
    for m in _actor_re().finditer(sentence):
        add("A", m.start(), m.end(), **_actor(m))
    for m in pats["bare"].finditer(sentence):
        add("B", m.start(), m.end(), value=_number(m.group(0)), written=_written(m.group(0)))
    tags.sort(key=lambda t: t.start)
    return tags


def _ranks(sentence: str, add: Any) -> None:
    pats = _patterns()
    for m in pats["rank_place"].finditer(sentence):
        add("R", m.start(), m.end(), rank=_ordinal(m.group("ord")), role=None, how="place")
    for m in pats["rank_ranks"].finditer(sentence):
        add("R", m.start(), m.end(), rank=_ordinal(m.group("ord")), role=None, how="ranks")
    for m in pats["rank_top"].finditer(sentence):
        add("R", m.start(), m.end(), rank=None, top=int(_number(m.group("top"))), role=None,
            how="top")
    for m in pats["rank_number"].finditer(sentence):
        add("R", m.start(), m.end(), rank=_ordinal(m.group("ord")), role=None, how="nth-country")
    for m in pats["rank_main"].finditer(sentence):
        add("R", m.start(), m.end(), rank=1, role="supplier", how="main")
    for m in pats["rank_largest"].finditer(sentence):
        region = m.group("region")
        role = _role(m.group("role"))
        if region:  # "largest European arms importer": a rank within a region, if it is one
            names = _actor_names()
            if region in names and names[region][1] == "region":
                region = names[region][0]
            else:  # "the largest seller, the United States": not a region after all
                end = m.start("region")
                add("R", m.start(), end, rank=_first_rank(m), role=None, how="largest",
                    count=_count(m))
                continue
        card = m.group("card")
        if card and not m.group("role"):
            continue  # "two largest" with no importer/exporter: not a rank we read
        add("R", m.start(), m.end(), rank=_first_rank(m), role=role, how="largest",
            count=_count(m), region=region, world=bool(re.search(r"world|in the world",
                                                                   m.group(0), re.I)))


def _first_rank(m: re.Match[str]) -> int | None:
    if m.group("ord"):
        return _ordinal(m.group("ord"))
    if m.group("card"):
        return None  # "the five largest": a list, ranks 1..5
    return 1


def _count(m: re.Match[str]) -> int | None:
    card = m.group("card")
    return int(_number(card)) if card else None


def skeleton(sentence: str, tags: list[Tag]) -> str:
    """*sentence* with every tag replaced by its token (``⟦F2⟧``); the rest as written."""
    out, pos = [], 0
    for i, t in enumerate(tags):
        out.append(sentence[pos:t.start])
        out.append(TOKEN.format(kind=t.kind, index=i))
        pos = t.end
    out.append(sentence[pos:])
    return "".join(out)


def is_arms_sentence(sentence: str) -> bool:
    """Whether *sentence* speaks of arms transfers at all (``arms_words``)."""
    low = sentence.casefold()
    return any(re.search(rf"\b{re.escape(w)}\b", low) for w in phrasings()["arms_words"])


def context_kind(sentence: str) -> str | None:
    """``spending`` or ``economy`` where *sentence* speaks of military spending or the economy
    (its per-cent figures are then not arms-transfer figures); else None."""
    low = sentence.casefold()
    for kind in ("spending", "economy"):
        for w in phrasings()["not_sipri"][kind]["context"]:
            if re.search(rf"\b{re.escape(w)}\b", low):
                return kind
    return None


__all__ = ["Tag", "TOKEN_RE", "context_kind", "is_arms_sentence", "skeleton", "tag"]
