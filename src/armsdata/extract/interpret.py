"""Figures in a tagged sentence -> claim drafts, candidates and numbers that are not SIPRI's.

Reads the skeleton of one sentence (:func:`armsdata.extract.grammar.skeleton`: windows, figures,
ranks and actors as tokens ``⟦F2⟧``) with a few named rules, each a small regular expression over
the skeleton or a function around one:

* **clauses**: a sentence is cut at ``;`` and before ``, while``/``, whereas``/``, but``/
  ``, and``/``, which``: a figure's words of change, its subject and its window are looked for in
  its own clause first, then in the sentence, then in the text before (:class:`Context`);
* **flow phrases** (:func:`_flows`): ``US arms exports``, ``India's arms imports from France``,
  ``arms imports by European states``, ``transfers to Europe``, ``imports of Russian arms``,
  ``international transfers of major arms``: which side of the trade, and who;
* **change** (:func:`_change`): a figure after a word of change (``increased by``, ``fell``,
  ``plus``), before a comparative (``14 per cent higher than``), in ``an increase of``, or in
  brackets after an actor in a clause that says increase or decrease;
* **share** (:func:`_share`): ``N per cent of <whole>``, ``an N per cent share of``, ``share of
  <whole> was N per cent``, ``from N to M per cent``, ``N% from <supplier>``, and lists that carry
  the same whole on (``followed by the US (17 percent)``, ``14 to China``);
* **rank** (:func:`_ranks`): ``the fifth largest arms importer``, ``India's main arms supplier``,
  ``ranks 23rd among``, ``third place among exporters``, ``among the top 10``, and lists (``the
  five largest arms exporters were A, B, C, D and E``).

What it cannot turn into a claim is a **candidate** with the reason; what is something else (money,
tonnes, flights, casualties, a percentage-point change written as "%", military spending) goes
to **not SIPRI** with the reason.  Nothing that looks like a figure is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from armsdata.extract import grammar
from armsdata.extract.grammar import TOKEN_RE, Tag
from armsdata.extract.phrases import phrasings
from armsdata.extract.sentences import Sentence

Window = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# What the rest of the text says: set by earlier sentences
# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    """What the sentences read so far set: the period the text is about, the window compared
    against, who the last sentence was about, the last list of largest exporters/importers."""

    date: dt.date | None = None
    covers_to: int | None = None        # the last year of the release in force at the date
    window: Window | None = None
    window_why: str = ""
    compare: Window | None = None
    compare_why: str = ""
    subject: str | None = None           # who the last sentence was about
    subject_role: str | None = None      # recipient or supplier
    recipient: str | None = None         # the last recipient named
    actors: list[str] = field(default_factory=list)   # actors of the last sentence, in order
    last_list: dict[str, Any] | None = None           # {"role", "n", "names", "window"}
    rank_role: str | None = None
    arms: bool = False                   # the last sentence spoke of arms transfers

    def period(self) -> tuple[Window | None, str]:
        """The window a figure without one of its own is about, and why."""
        if self.window:
            return self.window, self.window_why
        if self.covers_to:
            w = (self.covers_to - 4, self.covers_to)
            return w, (f"the text's date ({self.date}): SIPRI's release then covered deliveries "
                       f"to {self.covers_to}, so its period is {w[0]}–{w[1]}")
        return None, ""

    def compared(self, window: Window) -> tuple[Window, str]:
        """The window compared against *window* when the sentence gives none."""
        if self.compare and self.window == window:
            return self.compare, self.compare_why
        n = window[1] - window[0] + 1
        w = (window[0] - n, window[1] - n)
        return w, (f"the {n} years before {window[0]}–{window[1]} (SIPRI compares consecutive "
                   f"periods of equal length)")


@dataclass
class Draft:
    """One claim drafted from a figure, before it is written in the claims schema."""

    check: str
    quantity: float
    comparator: str
    unit: str
    window: Window
    evidence: dict[str, Any]
    figure: Tag
    sentence: Sentence
    written: str
    confidence: str = "high"
    notes: list[str] = field(default_factory=list)
    window_note: str = ""
    precision: float | None = None

    def low(self, why: str) -> None:
        self.confidence = "low"
        if why and why not in self.notes:
            self.notes.append(why)


@dataclass
class Found:
    """A number that is no claim: a candidate (with why) or not a SIPRI figure (with what)."""

    figure: Tag
    sentence: Sentence
    why: str
    kind: str = ""


@dataclass
class Reading:
    drafts: list[Draft] = field(default_factory=list)
    candidates: list[Found] = field(default_factory=list)
    not_sipri: list[Found] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Small helpers over the skeleton
# ---------------------------------------------------------------------------------------------

PREPOSITIONS = r"(?:to|from|by|of|in|with|than|behind|after|including|for|into|on|at|against|as|over|among)"
FLOW_NOUN = (r"\b(?P<noun>imports?|imported|exports?|exported|transfers?|deliveries|supplies|sales|"
             r"purchases|acquisitions|trade|market)\b")


def _w(words: Any) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@dataclass
class Sent:
    """One sentence being read: its tags, skeleton and clauses."""

    s: Sentence
    tags: list[Tag]
    sk: str
    pos: dict[int, tuple[int, int]]     # tag index -> (start, end) in the skeleton
    clauses: list[tuple[int, int]]
    used: set[int] = field(default_factory=set)

    def tok(self, i: int) -> str:
        return grammar.TOKEN.format(kind=self.tags[i].kind, index=i)

    def clause_of(self, i: int) -> tuple[int, int]:
        a = self.pos[i][0]
        for s, e in self.clauses:
            if s <= a < e:
                return s, e
        return 0, len(self.sk)

    def left(self, i: int, whole: bool = False) -> str:
        s, _ = (0, 0) if whole else self.clause_of(i)
        return self.sk[s:self.pos[i][0]]

    def right(self, i: int, whole: bool = False) -> str:
        _, e = (0, len(self.sk)) if whole else self.clause_of(i)
        return self.sk[self.pos[i][1]:e]

    def at(self, position: int) -> list[int]:
        return [i for i, (a, b) in self.pos.items() if a <= position < b]

    def tokens(self, text: str, kind: str | None = None) -> list[int]:
        return [int(m.group(2)) for m in TOKEN_RE.finditer(text)
                if kind is None or m.group(1) == kind]

    def actor(self, i: int) -> dict[str, Any]:
        return self.tags[i].data


def _read(s: Sentence) -> Sent:
    tags = grammar.tag(s.text)
    sk = grammar.skeleton(s.text, tags)
    pos = {int(m.group(2)): (m.start(), m.end()) for m in TOKEN_RE.finditer(sk)}
    cuts = [0]
    for m in re.finditer(r";|,\s+(?=(?:while|whereas|but|although|though|and|which|as\s+did|"
                         r"even\s+as)\b)|\s(?=(?:while|whereas)\s)|\s+--\s+", sk):
        cuts.append(m.end())
    cuts.append(len(sk))
    clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    return Sent(s, tags, sk, pos, clauses)


def _implied_percent(st: Sent) -> None:
    """A bare number that continues a list of per-cent figures ("27 percent of its weapons to
    India, 14 to China and 14 to Algeria") is a per-cent figure too."""
    for i, t in enumerate(st.tags):
        if t.kind != "B" or not 0 < t.data["value"] <= 100:
            continue
        a, b = st.pos[i]
        if re.match(r"\s+(?:to|from)\s+(?:the\s+)?⟦A\d+⟧", st.sk[b:]) and re.search(
                r"⟦F\d+⟧[^.;]*(?:,|\band)\s*$", st.sk[:a]):
            t.kind = "F"
            st.sk = st.sk[:a] + st.tok(i) + st.sk[b:]  # same length: positions hold
            t.data = {"value": t.data["value"], "sign": 0, "hedge": None,
                      "written": t.data["written"], "unit": "per cent", "precision": None,
                      "words": False, "implied": True}


def _to_next_figure(st: Sent, text: str) -> str:
    """*text* (a stretch of the skeleton) up to the next per-cent figure or fraction in it."""
    nxt = [j for j in st.tokens(text) if st.tags[j].kind in ("F", "Q")]
    return text[:text.index(st.tok(nxt[0]))] if nxt else text


def _strip_brackets(text: str) -> str:
    """Parentheses without a figure in them, blanked (same length, so positions hold)."""
    return re.sub(r"\([^()⟦]*(?:⟦[AWY]\d+⟧[^()⟦]*)*\)", lambda m: " " * len(m.group(0)), text)


# ---------------------------------------------------------------------------------------------
# Flow phrases: who imports or exports
# ---------------------------------------------------------------------------------------------

@dataclass
class Flow:
    side: str                    # imports, exports, transfers, world
    start: int                   # skeleton offsets of the noun
    end: int
    recipient: str | None = None
    supplier: str | None = None
    pronoun: str | None = None   # "its"/"their" owner not yet resolved
    world: bool = False


def _side(noun: str) -> str:
    noun = noun.casefold()
    if noun.startswith(("import", "purchase", "acquisition")):
        return "imports"
    if noun.startswith(("export", "suppl", "sale", "market")):
        return "exports"
    return "transfers"


def _flows(st: Sent, lo: int = 0, hi: int | None = None) -> list[Flow]:
    """The flow phrases of the skeleton between *lo* and *hi*."""
    sk = st.sk
    hi = len(sk) if hi is None else hi
    out = []
    adj = r"(?:(?:own|arms|weapons|military|major|total|overall|combined|annual|equipment|defence|defense|conventional|of\s+major\s+arms|of\s+arms)\s+)*"
    for m in re.finditer(FLOW_NOUN, sk[lo:hi], re.I):
        a, b = lo + m.start(), lo + m.end()
        side = _side(m.group("noun"))
        f = Flow(side, a, b)
        before = sk[max(0, a - 80):a]
        after = sk[b:b + 90]
        owner = re.search(rf"⟦A(\d+)⟧\s+{adj}$", before, re.I)
        pron = re.search(rf"\b(its|their)\s+{adj}$", before, re.I)
        if re.search(r"\b(?:international|global|world(?:'s|’s)?|worldwide)\s+" + adj + "$", before, re.I) \
                or re.search(r"\b(?:international|global)\s+transfers", sk[a - 20:b], re.I):
            f.world = True
        if owner:
            name = st.actor(int(owner.group(1)))["name"]
            if side == "imports":
                f.recipient = name
            elif side == "exports":
                f.supplier = name
            else:
                f.recipient = name
        elif pron:
            f.pronoun = pron.group(1).casefold()
        for pm in re.finditer(r"\s*(?:(?:of\s+(?:major\s+)?arms|of\s+weapons|of\s+military\s+equipment)\s+)?"
                              r"(?P<prep>by|from|to|of|in)\s+(?:(?:the|states|countries|nations|"
                              r"two|of|in|its|their|largest|seller|supplier|biggest|main)\s+|,\s*)*"
                              r"⟦A(?P<i>\d+)⟧(?:\s+(?:states|countries|nations))?", after, re.I):
            if pm.start() > 2 and not re.match(r"\s*(?:,|of|and)", after[:pm.start()] or " "):
                break
            name = st.actor(int(pm.group("i")))["name"]
            form = st.actor(int(pm.group("i")))["form"]
            prep = pm.group("prep").casefold()
            if prep == "of" and form == "demonym" and side == "imports":  # imports of Russian arms
                f.supplier = name
            elif prep == "to":
                f.recipient = name
            elif prep == "from":
                if side == "exports":
                    f.supplier = name
                else:
                    f.supplier = name
            elif prep in ("by", "of", "in"):
                if side == "exports":
                    f.supplier = name
                else:
                    f.recipient = name
            after = after[pm.end():]
            if not re.match(r"\s*(?:and|,)\s*(?:from|to|by)?\s*⟦A", after):
                break
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Reading one sentence
# ---------------------------------------------------------------------------------------------


class Reader:
    """Reads sentences in order, keeping the :class:`Context` they set."""

    def __init__(self, date: dt.date | None = None) -> None:
        from armsdata import releases

        rel = releases.in_force(date) if date else None
        self.ctx = Context(date=date, covers_to=rel.covers_to if rel else None)
        self.out = Reading()

    # ------------------------------------------------------------------ the sentence
    def read(self, s: Sentence) -> None:
        st = _read(s)
        _implied_percent(st)
        arms = grammar.is_arms_sentence(s.text) or (
            self.ctx.arms and grammar.context_kind(s.text) is None
            and any(t.kind in ("F", "R") for t in st.tags))
        self.ctx.arms = grammar.is_arms_sentence(s.text)
        self._windows_from(st)
        self._not_sipri(st, arms)
        if arms:
            for i, t in enumerate(st.tags):
                if t.kind == "V":
                    self._candidate(st, i, f"a share in words that give no number ('{t.text}'): "
                                           "state it by hand if it matters (e.g. over 50 per "
                                           "cent for 'most'), with its window")
            self._ranks(st)
            for i, t in enumerate(st.tags):
                if t.kind in ("F", "Q", "M") and i not in st.used:
                    self._figure(st, i)
        else:
            for i, t in enumerate(st.tags):
                if t.kind in ("F", "Q") and i not in st.used:
                    kind = grammar.context_kind(s.text)
                    self._found(st, i, "not", kind or "not-arms-transfers",
                                phrasings()["not_sipri"][kind]["why"] if kind else
                                "a per-cent figure in a sentence that does not speak of arms "
                                "transfers")
        self._remember(st)

    # ------------------------------------------------------------------ context
    def _windows_from(self, st: Sent) -> None:
        """A window stated outside a figure (a heading, "compared ... 2019-2023 with ...
        2014-2018") sets the period of the sentences after it."""
        ws = self._windows(st)
        if not ws:
            return
        pair = self._pair(st, 0, len(st.sk))
        if pair:
            self.ctx.compare, self.ctx.compare_why = pair[0], f"set earlier: '{st.s.text[:80]}'"
            self.ctx.window, self.ctx.window_why = pair[1], f"set earlier: '{st.s.text[:80]}'"
            return
        spans = [st.tags[i].data for i in ws]
        latest = max(spans, key=lambda d: (d["end"], d["start"]))
        w = (latest["start"], latest["end"])
        if 1 <= w[1] - w[0] <= 10 and (self.ctx.window is None or w[1] >= self.ctx.window[1]):
            if self.ctx.window != w:
                self.ctx.window, self.ctx.window_why = w, f"set earlier: '{st.s.text[:80]}'"

    def _remember(self, st: Sent) -> None:
        actors = [st.actor(i)["name"] for i, t in enumerate(st.tags) if t.kind == "A"]
        if actors:
            self.ctx.actors = actors
            subj = self._first_subject(st, 0, len(st.sk)) or self._subject(st, len(st.sk),
                                                                              any_side=True)
            if subj:
                self.ctx.subject = subj
        regions_or_recipients = [d for d in self.out.drafts if d.sentence is st.s
                                 and d.evidence.get("recipient") not in (None, "World")]
        if regions_or_recipients:
            self.ctx.recipient = regions_or_recipients[-1].evidence["recipient"]

    def _windows(self, st: Sent, lo: int = 0, hi: int | None = None) -> list[int]:
        """Window tokens between *lo* and *hi*, except those after "since" (a start, not a
        window of a figure)."""
        hi = len(st.sk) if hi is None else hi
        out = []
        for i in st.tokens(st.sk[lo:hi], "W"):
            before = st.sk[max(0, st.pos[i][0] - 12):st.pos[i][0]]
            if re.search(r"\bsince\s*$", before, re.I):
                continue
            out.append(i)
        return out

    def _pair(self, st: Sent, lo: int, hi: int) -> tuple[Window, Window] | None:
        """(compare, window) where the text between *lo* and *hi* states two windows as a
        comparison: "between W1 and W2", "from W1 to W2", "in W2 compared with W1", "W2 with
        W1", "W2 than in W1"."""
        text = st.sk[lo:hi]
        win = lambda i: (st.tags[int(i)].data["start"], st.tags[int(i)].data["end"])  # noqa: E731
        m = re.search(r"\b(?:between|from)\s+⟦W(\d+)⟧\s+(?:and|to)\s+⟦W(\d+)⟧", text, re.I)
        if m:
            return win(m.group(1)), win(m.group(2))
        m = re.search(r"⟦W(\d+)⟧(?:[^⟦.;]|⟦[AFRQM]\d+⟧){0,120}?\b(?:compared\s+(?:with|to)|with|"
                      r"against|than\s+in|than|versus|vs\.?|from\s+a\s+record\s+level\s+in|"
                      r"up\s+from|down\s+from)\s+(?:the\s+period\s+|in\s+)?⟦W(\d+)⟧", text, re.I)
        if m:
            a, b = win(m.group(1)), win(m.group(2))
            if b[1] < a[1]:
                return b, a
        m = re.search(r"\bcompared\s+[^⟦]{0,50}⟦W(\d+)⟧\s+with\s+[^⟦]{0,30}⟦W(\d+)⟧", text, re.I)
        if m:
            return win(m.group(2)), win(m.group(1))
        return None

    # ------------------------------------------------------------------ numbers not SIPRI's
    def _not_sipri(self, st: Sent, arms: bool) -> None:
        ns = phrasings()["not_sipri"]
        for i, t in enumerate(st.tags):
            if t.kind == "N":
                self._found(st, i, "not", t.data["kind"], ns[t.data["kind"]]["why"])
            elif t.kind in ("F", "Q") and arms:
                s, e = st.clause_of(i)
                clause = st.sk[s:e]
                kind = grammar.context_kind(TOKEN_RE.sub(" ", clause))
                if kind and not grammar.is_arms_sentence(TOKEN_RE.sub(" ", clause)):
                    self._found(st, i, "not", kind, ns[kind]["why"])
                elif kind == "spending":
                    self._found(st, i, "not", kind, ns[kind]["why"])

    def _found(self, st: Sent, i: int, where: str, kind: str, why: str) -> None:
        st.used.add(i)
        f = Found(st.tags[i], st.s, why, kind)
        (self.out.not_sipri if where == "not" else self.out.candidates).append(f)

    def _candidate(self, st: Sent, i: int, why: str) -> None:
        self._found(st, i, "candidate", "", why)

    # ------------------------------------------------------------------ actors and subjects
    def _pronoun_read(self, st: Sent, i: int, word: str, name: str | None, inside: bool,
                      notes: list[str], where: str) -> bool:
        """After :meth:`_resolve`: False (and the figure a candidate) where *word* means no
        actor; a pronoun read from outside its sentence noted as such."""
        if name is None:
            self._candidate(st, i, f"'{word}' cannot be resolved to an actor")
            return False
        if not inside:
            notes.append(f"'{word}' read as {name} ({where})")
        return True

    def _resolve(self, st: Sent, word: str, before: int, exclude: set[str] = frozenset()
                 ) -> tuple[str | None, bool]:
        """Whom a pronoun (its, their, it, they, this country, the region) means: the nearest
        actor before it in the sentence other than *exclude*, else the last sentence's subject.
        Returns (name, within the sentence)."""
        word = word.casefold()
        if word.startswith("the region"):
            for i in reversed(st.tokens(st.sk[:before], "A")):
                if st.actor(i)["kind"] == "region":
                    return st.actor(i)["name"], True
            return self.ctx.recipient, False
        if word.startswith("this"):
            names = [n for n in self.ctx.actors if n not in exclude and n != self.ctx.subject]
            return (names[-1] if names else None), False
        for i in reversed(st.tokens(_strip_brackets(st.sk[:before]), "A")):
            name = st.actor(i)["name"]
            if name not in exclude and st.actor(i)["kind"] != "region" or (
                    name not in exclude and word in ("their", "they")):
                return name, True
        return self.ctx.subject if self.ctx.subject not in exclude else None, False

    def _subject(self, st: Sent, before: int, *, any_side: bool = False,
                 exclude: set[str] = frozenset()) -> str | None:
        """The actor a clause is about: the nearest actor before *before* that no preposition
        governs, in brackets or not, possessive or not (a possessive owns what follows it)."""
        text = _strip_brackets(st.sk[:before])
        for i in reversed(st.tokens(text, "A")):
            a, _ = st.pos[i]
            d = st.actor(i)
            if d["name"] in exclude:
                continue
            prev = text[max(0, a - 25):a]
            if re.search(rf"\b{PREPOSITIONS}\s+(?:the\s+)?$", prev, re.I) and not re.search(
                    r"\b(?:states|countries)\s+in\s+(?:the\s+)?$", prev, re.I):
                continue
            if d["form"] == "possessive" and not any_side:
                nxt = st.sk[st.pos[i][1]:st.pos[i][1] + 40]
                if not re.match(r"\s+(?:own\s+)?(?:arms\s+)?(?:imports?|exports?)\b", nxt, re.I):
                    continue
            return d["name"]
        return None

    def _first_subject(self, st: Sent, lo: int, hi: int) -> str | None:
        """The first actor between *lo* and *hi* that no preposition governs: the subject a
        later "they" or "it" refers back to."""
        for i in st.tokens(_strip_brackets(st.sk[lo:hi]), "A"):
            a = st.pos[i][0]
            if not re.search(rf"\b{PREPOSITIONS}\s+(?:the\s+)?(?:total\s+)?$",
                             st.sk[max(0, a - 25):a], re.I):
                return st.actor(i)["name"]
        return None

    def _after_subject(self, st: Sent, after: int) -> str | None:
        """The first actor after *after* that no preposition governs ("With an 11 per cent
        share ..., India was")."""
        text = st.sk[after:]
        for i in st.tokens(text, "A"):
            a = st.pos[i][0]
            prev = st.sk[max(0, a - 20):a]
            if re.search(rf"\b{PREPOSITIONS}\s+(?:the\s+)?$", prev, re.I):
                continue
            return st.actor(i)["name"]
        return None

    # ------------------------------------------------------------------ windows of a figure
    def _window(self, st: Sent, i: int, d: Draft | None = None) -> tuple[Window | None, str]:
        """The window of a share or rank figure: its own ("N per cent ... in W", "(N% in W)"),
        its clause's, its sentence's, a relative phrase's, or the text's period."""
        s, e = st.clause_of(i)
        a, b = st.pos[i]
        nxt = [j for j in st.tokens(st.sk[b:e]) if st.tags[j].kind in ("F", "Q", "R")]
        stop = st.pos[nxt[0]][0] if nxt else e
        own = st.sk[b:stop]
        m = re.match(r"[^⟦;]{0,90}?\b(?:in|during|for|over|between|from)\s+(?:the\s+(?:period\s+)?)?⟦W(\d+)⟧", own, re.I)
        if m and not re.search(r"\bsince\s+$", own[:m.end()], re.I):
            t = st.tags[int(m.group(1))].data
            return (t["start"], t["end"]), ""
        m = re.match(r"[^⟦;]{0,90}?(?:⟦X(\d+)⟧)", own)
        if m:
            return self._relative(st, int(m.group(1)))
        # the nearest window or relative phrase before the figure in its clause, up to the
        # figure before it (a window after a later figure is that figure's)
        prev_figs = [j for j in st.tokens(st.sk[s:a]) if st.tags[j].kind in ("F", "Q")]
        lo_own = st.pos[prev_figs[-1]][1] if prev_figs else s
        near = [j for j in st.tokens(st.sk[lo_own:a]) if st.tags[j].kind in ("W", "X")
                and j in set(self._windows(st, lo_own, a)) | set(st.tokens(st.sk[lo_own:a], "X"))]
        near = [j for j in near if not re.search(r"\bthan\s+(?:in\s+)?$|\bsince\s+$",
                                                 st.sk[max(0, st.pos[j][0] - 12):st.pos[j][0]], re.I)]
        if near and not self._pair(st, s, e):
            j = near[-1]
            if st.tags[j].kind == "X":
                return self._relative(st, j)
            return (st.tags[j].data["start"], st.tags[j].data["end"]), ""
        for lo, hi in ((s, stop), (0, len(st.sk))):
            pair = self._pair(st, lo, hi)
            if pair:
                return pair[1], ""
            later = [j for j in st.tokens(st.sk[b:hi]) if st.tags[j].kind in ("F", "Q")]
            if later:  # a window after a later figure is that figure's
                hi = min(hi, st.pos[later[0]][0])
            ws = self._windows(st, lo, hi)
            plain = [w for w in ws if not re.search(
                r"\bthan\s+(?:in\s+)?(?:the\s+period\s+)?$|\bfrom\s+$",
                st.sk[max(0, st.pos[w][0] - 20):st.pos[w][0]], re.I)]
            ws = plain or ws
            if ws:
                # the nearest window before the figure, else the first after it
                before = [w for w in ws if st.pos[w][0] < a]
                w = st.tags[before[-1] if before else ws[0]].data
                return (w["start"], w["end"]), ""
            xs = st.tokens(st.sk[lo:hi], "X")
            if xs:
                return self._relative(st, xs[0])
        w, why = self.ctx.period()
        return w, (f"window from the text around it: {why}" if w else "")

    def _window_or_say(self, st: Sent, i: int, what: str, find: Any) -> tuple[Window | None, str]:
        """``find(st, i)``'s window, or None after listing the figure as a candidate: *what*
        has no window (the text gives none and its date is unknown)."""
        window, note = find(st, i)
        if window is None:
            self._candidate(st, i, f"{what} with no window: the text gives none and its date is "
                                   "unknown (give --date)")
        return window, note

    def _relative(self, st: Sent, x: int) -> tuple[Window | None, str]:
        kind = st.tags[x].data["kind"]
        phrase = st.tags[x].text
        if kind.startswith("past-"):
            n = int(kind.split("-")[1])
            if self.ctx.covers_to is None:
                return None, f"'{phrase}' needs the text's date (give --date)"
            w = (self.ctx.covers_to - n + 1, self.ctx.covers_to)
            return w, (f"'{phrase}' read against the text's date ({self.ctx.date}): SIPRI's "
                       f"release then covered deliveries to {self.ctx.covers_to}")
        if kind == "previous-period":
            if self.ctx.compare:
                return self.ctx.compare, f"'{phrase}': {self.ctx.compare_why}"
            w, why = self.ctx.period()
            if w:
                c, cwhy = self.ctx.compared(w)
                return c, f"'{phrase}': {cwhy}"
            return None, f"'{phrase}' needs the period the text is about"
        w, why = self.ctx.period()
        return w, (f"'{phrase}' is the period set by the text around it ({why})" if w else "")

    def _change_windows(self, st: Sent, i: int) -> tuple[Window | None, Window | None, str]:
        """(window, compare window, note) of a change figure."""
        s, e = st.clause_of(i)
        a, b = st.pos[i]
        nxt = [j for j in st.tokens(st.sk[b:e]) if st.tags[j].kind in ("F", "Q", "M")]
        own = st.sk[b:st.pos[nxt[0]][0] if nxt else e]
        win = lambda j: (st.tags[j].data["start"], st.tags[j].data["end"])  # noqa: E731
        # "N per cent lower than in W", "than in the previous five-year period"
        m = re.match(r"[^⟦;]{0,40}?\bthan\s+(?:in\s+|during\s+)?(?:the\s+period\s+)?⟦W(\d+)⟧", own, re.I)
        compare = win(int(m.group(1))) if m else None
        note = ""
        m = re.match(r"[^⟦;]{0,40}?\bthan\s+(?:in\s+|during\s+)?⟦X(\d+)⟧", own, re.I)
        if compare is None and m:
            compare, note = self._relative(st, int(m.group(1)))
        for lo, hi in ((s, e), (0, len(st.sk))):
            pair = self._pair(st, lo, hi)
            if pair:
                return pair[1], compare or pair[0], note
        both = re.search(r"⟦X(\d+)⟧", st.sk[s:e])
        if both and st.tags[int(both.group(1))].data["kind"] in ("both-periods", "this-period") \
                and self.ctx.window:
            w = self.ctx.window
            c, cwhy = self.ctx.compared(w)
            return w, compare or c, (f"'{st.tags[int(both.group(1))].text}': the windows set "
                                     f"earlier ({self.ctx.window_why}; compared with {cwhy})")
        ws = [j for j in self._windows(st, s, e) if win(j) != compare] or \
            [j for j in self._windows(st) if win(j) != compare]
        if ws:
            after = [j for j in ws if st.pos[j][0] > a and re.search(
                r"\b(?:in|during)\s+$", st.sk[max(0, st.pos[j][0] - 10):st.pos[j][0]], re.I)]
            w = win(after[0] if after else ws[0])
            if compare is None:
                c, cwhy = self.ctx.compared(w)
                return w, c, f"compared with {c[0]}–{c[1]}: {cwhy}"
            return w, compare, note
        w, why = self.ctx.period()
        if w is None:
            return None, compare, ""
        if compare is None:
            c, cwhy = self.ctx.compared(w)
            return w, c, f"window from the text around it: {why}; compared with {cwhy}"
        return w, compare, f"window from the text around it: {why}"

    # ------------------------------------------------------------------ figures
    def _figure(self, st: Sent, i: int) -> None:
        t = st.tags[i]
        if re.search(r"\b(?:first|only)\b[^⟦]{0,40}\bsince\s+⟦[WY]\d+⟧", st.left(i), re.I):
            self._candidate(st, i, "a statement over many periods ('the first ... since'): no "
                                   "check states it")
            return
        if t.kind == "F" and t.data["unit"] == "points":
            self._candidate(st, i, "a change in percentage points: no check states one yet")
            return
        if t.kind == "M" and re.match(r",?\s+(?:by\s+)?⟦F\d+⟧", st.right(i)):
            st.used.add(i)  # "almost halved, by 53%": the number is the claim
            return
        if t.kind == "M" and t.data["value"] is None:
            self._candidate(st, i, f"'{t.text}' can be read two ways (×{t.text.split()[-2]} or "
                                   "that much more); write the per-cent change")
            return
        if self._points(st, i):
            return
        kind = self._kind(st, i)
        if kind == "change":
            self._change(st, i)
        elif kind == "share":
            self._share(st, i)
        elif len(re.findall(r"[A-Za-z]", s_text := st.s.text)) < len(s_text) / 3:
            self._candidate(st, i, "a figure in a sentence this reader cannot read (it reads "
                                   "English)")
        else:
            self._candidate(st, i, "a figure in an arms-transfer sentence that is neither a "
                                   "share nor a change this reader knows")

    def _points(self, st: Sent, i: int) -> bool:
        """A percentage-point change written as '%': "which is 20% more than in 2014-2018"
        after a share; "its share ... decreased by 10%"."""
        left = st.left(i)
        whole_left = st.left(i, whole=True)
        right = st.right(i)
        if re.match(r"\s*(?:more|less|higher|lower)\s+than\b", right, re.I) and re.search(
                r"\bwhich\s+(?:is|was|are|were)\s*$", left, re.I) and re.search(r"⟦F\d+⟧", whole_left):
            self._found(st, i, "not", "points", phrasings()["not_sipri"]["points"]["why"])
            return True
        if re.search(r"\bshare\b[^⟦]{0,60}\b(?:decreased|increased|fell|rose|grew|dropped|declined|"
                     r"shrank)\s+(?:by\s+)?(?:about\s+|almost\s+|nearly\s+)?$", left, re.I):
            self._found(st, i, "not", "points", phrasings()["not_sipri"]["points"]["why"])
            return True
        return False

    def _kind(self, st: Sent, i: int) -> str | None:
        t = st.tags[i]
        if t.kind == "M":
            return "change"
        left, right = st.left(i), st.right(i)
        up, down = (_w(phrasings()["change_words"][k]) for k in ("up", "down"))
        if t.data.get("sign"):
            return "change"
        made_up = re.search(r"\b(?:made|make|makes|making)\s+up\s+$", left, re.I)
        if not made_up and re.search(rf"\b(?:{up}|{down})\s+(?:by\s+)?(?:a\s+record\s+)?$", left, re.I) \
                or re.search(r"⟦M\d+⟧,?\s+(?:by\s+)?$", left):
            if not re.search(r"\b(?:rose|fell|increased|decreased|grew|dropped)\s+(?:to|from)\s+$", left, re.I):
                return "change"
        if re.match(r"\s*(?:higher|lower|more|less|greater|smaller|up|down)\b(?!\s+(?:of|share))", right, re.I):
            return "change"
        if re.search(r"\b(?:an?|the)\s+$", left, re.I) and re.match(
                rf"\s+(?:{up}|{down})\b", right, re.I):
            return "change"
        if re.search(rf"\(\s*(?:an?\s+)?(?:{up}|{down})\s+of\s+$", left, re.I):
            return "change"
        if re.search(r"⟦A\d+⟧\s+(?:plus|minus)\s+$", left, re.I):
            return "change"
        if re.search(r"\b(?:growth|increase|rise|decline|fall|drop|reduction)\b[^⟦]{0,60}\b(?:reached|"
                     r"was|of|amounted\s+to|stood\s+at|totalled|totaled)\s+(?:a\s+record\s+)?$",
                     left, re.I):
            return "change"
        if re.search(r"⟦A\d+⟧\s+by\s+$", left) and re.search(
                rf"\b(?:{up}|{down})\b", st.sk[slice(*st.clause_of(i))], re.I):
            return "change"  # "Arms imports by ... increased, Japan's by 155 per cent"
        if t.kind == "Q" and re.search(r"\bby\s+(?:just\s+)?$", left, re.I):
            return "change"
        if re.match(r"\s+(?:of|share)\b", right, re.I) or re.search(r"\bshare\b", left, re.I) or \
                re.search(r"\b(?:accounted|accounting|accounts|account)\s+for\s+$|\b(?:made|make|makes)\s+up\s+$|"
                          r"\b(?:comprised|comprising|represented|representing|received|receiving|"
                          r"provided|providing|supplied|supplying|purchases|purchased|buys|bought|"
                          r"sells|sold|took|taking|with|had)\s+$", left, re.I):
            return "share"
        # brackets after an actor: the frame of the clause decides
        if re.search(r"⟦A\d+⟧\s*\(\s*$", left) or re.search(r"⟦A\d+⟧\s*\(\s*$", st.left(i, True)):
            prev = self._previous_figure(st, i)
            clause = st.sk[slice(*st.clause_of(i))]
            if prev is not None and prev[1] == "share":
                return "share"
            if re.search(rf"\b(?:{up}|{down})\b", clause, re.I):
                return "change"
            if prev is not None:
                return prev[1]
            if re.search(r"⟦[QF]\d+⟧\s+of\b", st.sk[:st.pos[i][0]]):
                return "share"  # "two-thirds of Russia's arms exports went to ...: India (34%)"
        if re.match(r"\s+(?:from|to)\s+⟦A\d+⟧", right, re.I):
            return "share"
        if re.search(r"\(\s*$", left) and re.match(r"\s+in\s+⟦W\d+⟧\s*\)", right):
            return "share"
        if re.search(r"\b(?:compared\s+(?:with|to)|up\s+from|down\s+from|against)\s+$", left, re.I):
            prev = self._previous_figure(st, i)
            if prev is not None:
                return prev[1]
        if re.search(r"\b(?:increased|decreased|grew|rose|fell)\s+(?:its|their)\s+(?:arms\s+)?(?:imports|exports)\s*\(\s*$", left, re.I):
            return "change"
        return None

    def _previous_figure(self, st: Sent, i: int) -> tuple[int, str] | None:
        """The figure before *i* in the sentence that a draft was made from, and its kind."""
        for d in reversed(self.out.drafts):
            if d.sentence is st.s and d.figure.start < st.tags[i].start:
                return st.tags.index(d.figure), ("change" if d.check == "sipri-change" else "share")
        return None

    # ------------------------------------------------------------------ changes
    def _direction(self, st: Sent, i: int) -> int:
        t = st.tags[i]
        if t.data.get("sign"):
            return t.data["sign"]
        if t.kind == "M":
            return -1 if (t.data["value"] or 0) < 0 else 1
        up, down = (_w(phrasings()["change_words"][k]) for k in ("up", "down"))
        left, right = st.left(i), st.right(i)
        m = re.match(rf"\s*(?:(?P<up>{up})|(?P<down>{down}))\b", right, re.I)
        if m and not re.match(r"\s*(?:up|down)\s+(?:from|to)\b", right, re.I):
            return 1 if m.group("up") else -1
        m = re.search(r"⟦M(\d+)⟧,?\s+(?:by\s+)?$", left)
        if m and st.tags[int(m.group(1))].data.get("value"):
            return -1 if st.tags[int(m.group(1))].data["value"] < 0 else 1
        found = [(mm.start(), 1 if mm.group("up") else -1) for mm in re.finditer(
            rf"\b(?:(?P<up>{up})|(?P<down>{down}))\b", left, re.I)]
        if found:
            return found[-1][1]
        clause = st.sk[slice(*st.clause_of(i))]
        found = [(mm.start(), 1 if mm.group("up") else -1) for mm in re.finditer(
            rf"\b(?:(?P<up>{up})|(?P<down>{down}))\b", clause, re.I)]
        return found[0][1] if found else 0

    def _change(self, st: Sent, i: int) -> None:
        t = st.tags[i]
        sign = self._direction(st, i)
        left = st.left(i)
        clause_lo, clause_hi = st.clause_of(i)
        rec = sup = None
        notes: list[str] = []
        low = False
        # the figure's own actor: "Europe (19 per cent)", "Japan's by 155 per cent",
        # "Australia plus 62 percent", "the United Kingdom (an increase of 74 percent)"
        own = re.search(r"⟦A(\d+)⟧\s*(?:\(\s*(?:an?\s+\w+\s+of\s+)?|\s+by\s+|\s+(?:plus|minus)\s+)$",
                        left, re.I)
        flows = _flows(st, clause_lo, clause_hi)
        before = [f for f in flows if f.start < st.pos[i][0]]
        after = [f for f in flows if f.start > st.pos[i][1]]
        if own and not flows:  # "..., and Asia and Oceania (–4.7 per cent)": the sentence's
            flows = _flows(st)
            before = [f for f in flows if f.start < st.pos[i][0]]
            after = [f for f in flows if f.start > st.pos[i][1]]
        if own:
            who = st.actor(int(own.group(1)))["name"]
            side = (before[-1].side if before else after[0].side if after else
                    self._role_side(st, i))
            if side is None:
                self._candidate(st, i, f"a change for {who}, but of its imports or its exports? "
                                       "The sentence does not say")
                return
            if side == "exports":
                sup = who
                fl = before[-1] if before else after[0] if after else None
                if fl and fl.recipient:
                    rec = fl.recipient
            else:
                rec = who
                fl = before[-1] if before else after[0] if after else None
                if fl and fl.supplier:
                    sup = fl.supplier
        else:
            fl = before[-1] if before else None
            pronoun_subject = re.search(r"(?:^|[,;]\s*|\b(?:although|though|while|and|but)\s+)"
                                        r"(?:they|it)\s+(?:\w+\s+){0,2}$", left, re.I)
            if fl is None and pronoun_subject:  # "..., although they decreased by 37 percent"
                who = self._first_subject(st, 0, clause_lo)
                sent_flows = _flows(st, 0, clause_lo)
                if who and sent_flows:
                    side = sent_flows[-1].side
                    fl = Flow(side, 0, 0, recipient=who if side != "exports" else None,
                              supplier=who if side == "exports" else None)
                    low = True
                    word = re.search(r"\b(they|it)\b", pronoun_subject.group(0), re.I).group(1)  # type: ignore[union-attr]
                    notes.append(f"'{word}' read as {who}'s {side} (the clause before)")
            if fl is None:  # "and were 14 per cent higher": the sentence's flow phrase
                fl = next(iter(f for f in reversed(_flows(st, 0, st.pos[i][0]))), None)
            if fl is None:
                text = st.s.text
                if re.search(r"\bimporters?\b", text, re.I) or re.search(r"\bexporters?\b", text, re.I):
                    who = self._subject(st, st.pos[i][0], any_side=True)
                    if who:
                        low = low or bool(re.search(r"\bthey\b|\bit\b", st.left(i), re.I))
                        if re.search(r"\bimporters?\b", text, re.I):
                            rec = who
                        else:
                            sup = who
                if rec is None and sup is None:
                    self._candidate(st, i, "a change, but of which flow (whose imports or "
                                           "exports)? The sentence does not say")
                    return
            else:
                if fl.world and not (fl.recipient or fl.supplier):
                    rec = "World"
                rec = rec or fl.recipient
                sup = sup or fl.supplier
                if fl.pronoun and not (rec if fl.side != "exports" else sup):
                    name, inside = self._resolve(st, fl.pronoun, fl.start)
                    if name is None:
                        self._candidate(st, i, f"'{fl.pronoun}' cannot be resolved to an actor")
                        return
                    if not inside:
                        low = True
                        notes.append(f"'{fl.pronoun}' read as {name} (the sentence before)")
                    if fl.side == "exports":
                        sup = name
                    else:
                        rec = name
                if rec is None and sup is None:
                    if re.search(r"\bthey\b|\btheir\b", left, re.I):
                        name, _ = self._resolve(st, "they", st.pos[i][0])
                        if name:
                            rec = name if fl.side != "exports" else None
                            sup = name if fl.side == "exports" else None
                            low = True
                            notes.append(f"'they' read as {name} (the sentence before)")
                if rec is None and sup is None:
                    self._candidate(st, i, f"a change of {fl.side} whose actor is not named (or "
                                           "is a name the actor map does not know)")
                    return
        if re.search(r"\bsince\s+⟦Y\d+⟧", st.sk[clause_lo:clause_hi], re.I) and not \
                self._windows(st, clause_lo, clause_hi):
            self._candidate(st, i, "a change 'since' a year: SIPRI compares periods; no window "
                                   "to check it on")
            return
        window, compare, wnote = self._change_windows(st, i)
        if window is None or compare is None:
            self._candidate(st, i, "a change with no window: the text gives none and its date is "
                                   "unknown (give --date)")
            return
        if sign == 0:
            self._candidate(st, i, "a change whose direction (up or down) the sentence does not "
                                   "say")
            return
        value = t.data["value"]
        qty = abs(value) * sign if t.kind != "M" else value
        ev: dict[str, Any] = {}
        if rec:
            ev["recipient"] = rec
        if sup:
            ev["supplier"] = sup
        ev["compare_window"] = {"start": compare[0], "end": compare[1]}
        d = self._draft("sipri-change", st, i, qty, window, ev, notes, wnote or "")
        if low or wnote:
            d.low("")
        if t.kind == "M":
            d.written = str(int(qty)) if float(qty).is_integer() else str(qty)
            if t.data["hedge"] is None:
                d.comparator = "about"
                d.precision = 10.0
            d.notes.append(f"'{t.text}' read as a change of {d.written} per cent")

    def _role_side(self, st: Sent, i: int) -> str | None:
        if re.search(r"\bimporters?\b|\bimports?\b", st.s.text, re.I):
            return "imports"
        if re.search(r"\bexporters?\b|\bexports?\b", st.s.text, re.I):
            return "exports"
        return None

    # ------------------------------------------------------------------ shares
    def _share(self, st: Sent, i: int) -> None:
        t = st.tags[i]
        left, right = st.left(i), st.right(i)
        whole = self._whole(st, i)
        prev = None
        if whole is None:  # a list carries the previous share's whole on
            for d in reversed(self.out.drafts):
                if d.sentence is st.s and d.check in ("sipri-share", "sipri-import-share",
                                                      "sipri-export-share", "sipri-top-share"):
                    prev = d
                    break
            if prev is None:
                prev_fig = self._fraction_whole(st, i)
                if prev_fig is not None:
                    whole = prev_fig
            else:
                whole = {"from": prev}
        if whole is None:
            self._candidate(st, i, "a share, but of what (whose imports or exports)? The "
                                   "sentence does not say")
            return
        if whole.get("candidate"):
            self._candidate(st, i, whole["candidate"])
            return
        notes: list[str] = []
        low = False
        part = None
        # the figure's own actor: "the US (17 percent)", "43% from Israel", "14 to China"
        own_before = re.search(r"⟦A(\d+)⟧\s*\(\s*$", left)
        own_after = re.match(r"\s+(?:from|to)\s+⟦A(\d+)⟧", right, re.I)
        if own_before:
            part = st.actor(int(own_before.group(1)))["name"]
        elif own_after:
            part = st.actor(int(own_after.group(1)))["name"]
        if "from" in whole:
            prev = whole["from"]
            check, ev = prev.check, dict(prev.evidence)
            ev.pop("compare_window", None)
            again = re.search(r"\b(?:up|down)\s+from\s+$|\bcompared\s+(?:with|to)\s+$|"
                              r"\bagainst\s+$|\bfrom\s+$|\bto\s+$|\(\s*$", left, re.I)
            if part is None and again and not own_after:  # the same figure, another window
                window, wnote = self._share_window(st, i)
                if window is None or window == prev.window:
                    self._candidate(st, i, "a second figure for the same share, but for which "
                                           "window? The sentence does not say")
                    return
                d = self._draft(check, st, i, t.data["value"], window, ev, list(prev.notes), wnote)
                if prev.confidence == "low" or wnote:
                    d.low("")
                return
            if part is None:  # "... including that China accounted for 4.8 per cent"
                upto = _to_next_figure(st, right)
                if not re.search(r"\b(?:accounted|accounting|accounts|account)\s+for\s+$", left,
                                 re.I) or re.search(r"\bof\b|\bfrom\b", upto, re.I):
                    self._candidate(st, i, "a share whose whole this reader cannot tell (of "
                                           "whose imports or exports?)")
                    return
                part = self._subject(st, st.pos[i][0])
                key = {"sipri-import-share": "recipient", "sipri-export-share": "recipient"}.get(
                    check, "supplier")
                if part is None or part == prev.evidence.get(key):
                    self._candidate(st, i, "a figure in a list whose actor is not named")
                    return
                notes = notes + [f"a share of the same whole as {prev.figure.text!r} before it"]
            if check == "sipri-share" and ev.get("recipient") == "World":
                ev["supplier"] = part
            elif check == "sipri-share" and prev.evidence.get("supplier") and own_after and \
                    re.match(r"\s+from", right, re.I):
                ev["supplier"] = part
            elif check == "sipri-share":
                ev["supplier"] = part
            elif check == "sipri-import-share":
                ev["recipient"] = part
            elif check == "sipri-export-share":
                ev["recipient"] = part
            else:
                self._candidate(st, i, "a figure in a list after a combined share: no check "
                                       "states it")
                return
            window, wnote = self._window_or_say(st, i, "a share", self._window)
            if window is None:
                return
            d = self._draft(check, st, i, t.data["value"], window, ev, notes, wnote)
            if prev.confidence == "low" or wnote or notes:
                d.low("")
            return
        kind = whole["kind"]
        subject = part
        if subject is None:
            subject = whole.get("part")
        if subject is None and whole.get("part_pronoun"):
            subject, inside = self._resolve(st, whole["part_pronoun"], st.pos[i][0],
                                            exclude={whole.get("owner")} - {None})
            if not self._pronoun_read(st, i, whole["part_pronoun"], subject, inside, notes,
                                      "the sentence before"):
                return
            low = low or not inside
        if subject is None:
            subject = self._subject_flow(st, i, kind)
        if subject is None:
            subject = self._subject(st, st.pos[i][0], exclude={whole.get("owner")} - {None})
        if subject is None:
            subject = self._after_subject(st, st.pos[i][1] + 1)
        owner = whole.get("owner")
        if owner is None and whole.get("owner_pronoun") and kind == "supplier-exports" and \
                re.search(r"\b(?:sells?|sold|exports?|exported|deliver(?:s|ed)?|supplie[sd]|"
                          r"supply|ships?|shipped)\b", left, re.I):
            owner = subject  # "Russia sells 27 percent of its weapons to India": its = Russia's
            subject = None
        if owner is None and whole.get("owner_pronoun"):
            owner, inside = self._resolve(st, whole["owner_pronoun"], st.pos[i][0],
                                          exclude={subject} - {None})
            if not self._pronoun_read(st, i, whole["owner_pronoun"], owner, inside, notes,
                                      "the text before"):
                return
            low = low or not inside
        if kind == "top":
            self._top_share(st, i, whole)
            return
        if kind == "world-any":
            kind = "world-exports" if self._subject_side(st, i) == "exports" else "world-imports"
        if kind in ("world-imports",):
            if subject is None:
                self._candidate(st, i, "a share of world imports whose recipient is not named "
                                       "(or is a name the actor map does not know)")
                return
            check, ev = "sipri-import-share", {"recipient": subject}
        elif kind == "world-exports":
            if subject is None:
                self._candidate(st, i, "a share of world exports whose supplier is not named "
                                       "(or is a name the actor map does not know)")
                return
            check, ev = "sipri-share", {"recipient": "World", "supplier": subject}
        elif kind == "recipient-imports":
            if whole.get("purchase"):
                rec, sup = subject, owner
            else:
                rec, sup = owner, subject
            if rec is None or sup is None:
                self._candidate(st, i, "a share of a recipient's imports whose supplier or "
                                       "recipient is not named")
                return
            if rec == sup:
                self._candidate(st, i, "a share whose part and whole are the same actor")
                return
            if self._within_region(sup, rec):
                self._candidate(st, i, f"{sup}'s share of {rec}'s imports: a country's share of "
                                       "its region's imports; no check states it")
                return
            check, ev = "sipri-share", {"recipient": rec, "supplier": sup}
        elif kind == "supplier-exports":
            upto = _to_next_figure(st, right)
            several = re.search(r"\bto\s+⟦N(\d+)⟧", upto)
            if several and st.tags[int(several.group(1))].data["kind"] == "states":
                self._candidate(st, i, "several recipients' combined share of a supplier's "
                                       "exports: no check states it")
                return
            sup = owner
            if part is None:  # "27 percent of its weapons to India"
                upto = _to_next_figure(st, right)
                to = re.search(r"\bto\s+(?:the\s+)?⟦A(\d+)⟧", upto)
                if to:
                    part = st.actor(int(to.group(1)))["name"]
            rec = part or subject
            if rec is None or sup is None or rec == sup:
                self._candidate(st, i, "a share of a supplier's exports whose recipient or "
                                       "supplier is not named")
                return
            check, ev = "sipri-export-share", {"recipient": rec, "supplier": sup}
        else:
            self._candidate(st, i, "a share of something no check states")
            return
        window, wnote = self._window_or_say(st, i, "a share", self._share_window)
        if window is None:
            return
        d = self._draft(check, st, i, t.data["value"], window, ev, notes, wnote)
        if low or wnote or whole.get("low"):
            d.low(whole.get("low", ""))

    def _within_region(self, part: str, whole: str) -> bool:
        from armsdata import regions

        if not regions.is_region(whole) or regions.is_region(part):
            return False
        try:
            region, sub = regions.region_of(part)
        except Exception:  # noqa: BLE001 - a name the region map lacks is in no region
            return False
        return whole in (region, sub)

    def _share_window(self, st: Sent, i: int) -> tuple[Window | None, str]:
        """A share's window; in "from N to M per cent" the first is the earlier window."""
        left, right = st.left(i), st.right(i)
        if re.search(r"\bfrom\s+$", left, re.I) and re.match(r"\s+to\s+⟦F\d+⟧", right):
            pair = self._pair(st, *st.clause_of(i)) or self._pair(st, 0, len(st.sk))
            if pair:
                return pair[0], ""
            w, why = self._window(st, i)
            if w:
                c, cwhy = self.ctx.compared(w)
                return c, (f"the earlier of two periods: {cwhy}" + (f" ({why})" if why else ""))
            return None, ""
        if re.search(r"\bfrom\s+[^⟦]{0,12}$", left, re.I) and re.search(r"\b(?:decreased|fell|increased|rose|grew|dropped|declined)\s+from\s+$", left, re.I):
            pair = self._pair(st, 0, len(st.sk))
            if pair:
                return pair[0], ""
            w, why = self._window(st, i)
            if w:
                c, cwhy = self.ctx.compared(w)
                return c, f"the earlier of two periods: {cwhy}"
        m = re.search(r"\bfrom\s+⟦F\d+⟧\s+to\s+$", left, re.I)
        if m:
            pair = self._pair(st, *st.clause_of(i)) or self._pair(st, 0, len(st.sk))
            if pair:
                return pair[1], ""
        if re.search(r"\b(?:up|down)\s+from\s+$", left, re.I):
            own = re.match(r"\s*(?:in\s+)?(?:the\s+[^⟦]{0,40}?)?(?:\(?\s*⟦W(\d+)⟧|⟦X(\d+)⟧)", right)
            if own and own.group(1):
                d = st.tags[int(own.group(1))].data
                return (d["start"], d["end"]), ""
            if own and own.group(2):
                return self._relative(st, int(own.group(2)))
            w, why = self._window(st, i)
            if w:
                c, cwhy = self.ctx.compared(w)
                return c, f"the earlier period: {cwhy}"
        return self._window(st, i)

    def _subject_side(self, st: Sent, i: int) -> str:
        """Imports or exports: what the figure's subject does (for "the global total")."""
        left = st.left(i, whole=True)
        flows = _flows(st, 0, st.pos[i][0])
        if flows:
            return "exports" if flows[-1].side == "exports" else "imports"
        if re.search(r"\bexporters?\b|\bsuppliers?\b", left, re.I):
            return "exports"
        return "imports"

    def _subject_flow(self, st: Sent, i: int, kind: str) -> str | None:
        """The part named by the flow phrase the clause opens with: "arms exports by France made
        up", "India's arms imports from France comprised", "US arms exports accounted for"."""
        s, _ = st.clause_of(i)
        flows = [f for f in _flows(st, s, st.pos[i][0])]
        if not flows:
            return None
        f = flows[-1]
        between = st.sk[f.end:st.pos[i][0]]
        if not re.search(r"\b(?:accounted|accounting|made|make|comprised|represented|were|was|"
                         r"is|are)\b", between, re.I):
            return None
        if kind == "recipient-imports" and f.supplier:
            return f.supplier
        if kind in ("world-exports", "world-any") and f.side == "exports":
            return f.supplier
        if kind == "world-imports" and f.side in ("imports", "transfers"):
            return f.recipient
        return None

    def _whole(self, st: Sent, i: int) -> dict[str, Any] | None:
        """What a share figure is a share of (the noun phrase after "of", or after "share of" to
        its left): ``kind`` world-imports, world-exports, world-any, recipient-imports,
        supplier-exports, top; ``owner`` (the recipient or supplier whose flow it is),
        ``part``; or ``candidate`` (why not)."""
        left, right = st.left(i), st.right(i)
        m = re.match(r"\s+(?:of|in)\s+(?P<np>[^;]*)", right, re.I) or \
            re.match(r"\s+share\s+(?:of|in)\s+(?P<np>[^;]*)", right, re.I)
        share_left = re.search(r"(?:(?P<own>⟦A(?P<a>\d+)⟧)|\b(?P<pron>its|their|it)\b)?\s*"
                               r"(?P<adj>global|world|total|overall)?\s*share\s*(?:(?:of|in)\s+(?P<np>[^⟦]*?(?:⟦A\d+⟧[^⟦]*?)?))?"
                               r"(?:\s+(?:was|is|were|are|stood\s+at|reached|rose|fell|increased|"
                               r"decreased|grew|dropped|declined|of|at)\b[^⟦]*)?$", left, re.I)
        np = m.group("np") if m else None
        part = None
        part_pron = None
        if np is None and share_left:
            np = share_left.group("np") or (share_left.group("adj") or "") + " share"
            if share_left.group("own"):
                part = st.actor(int(share_left.group("a")))["name"]
            elif share_left.group("pron"):
                part_pron = share_left.group("pron")
        if np is None and re.search(r"\bshare\b", left, re.I) and re.search(r"\b(?:global|world)\s+share\b|\bshare\s+of\s+the\s+global\b", left, re.I):
            np = "global share"
        if np is None:
            if re.match(r"\s+share\b", right, re.I):
                np = right
            else:
                return None
        np = _np(np)
        out = self._classify(st, np, i)
        if out is None:
            return None
        if part is not None:
            out.setdefault("part", part)
        if part_pron is not None and "part" not in out:
            out["part_pronoun"] = part_pron
        # "... of arms imports by European states ... were supplied by the US"
        after = st.sk[st.pos[i][1]:st.clause_of(i)[1]]
        sup = re.search(r"\b(?:were|was)\s+(?:supplied|provided|delivered)\s+by\s+(?:the\s+)?⟦A(\d+)⟧", after, re.I)
        if sup and out["kind"] == "recipient-imports":
            out["part"] = st.actor(int(sup.group(1)))["name"]
        went = re.search(r"\bwent\s+to\s+(?:the\s+)?⟦A(\d+)⟧", after, re.I)
        if went and out["kind"] in ("world-imports", "world-any"):
            out["kind"] = "world-imports"
            out["part"] = st.actor(int(went.group(1)))["name"]
        if went and out["kind"] == "supplier-exports":
            out["part"] = st.actor(int(went.group(1)))["name"]
        # "together", "these countries", "they": the largest N's combined share
        clause = st.sk[slice(*st.clause_of(i))]
        if re.search(r"\btogether\b|\bthese\s+(?:countries|states|five|ten|exporters|importers)\b|"
                     r"\bcombined\b", clause + " " + np, re.I) and out["kind"].startswith("world"):
            out = {"kind": "top", "side": out["kind"]}
        elif re.match(r"(?:these|them|those)\b", np, re.I):
            return {"candidate": f"a share of '{np.split()[0]}': of which total? It can be read "
                                 "two ways"}
        return out

    def _classify(self, st: Sent, np: str, i: int) -> dict[str, Any] | None:
        words = TOKEN_RE.sub(" ", np).casefold()
        world = re.search(rf"\b(?:{_w(phrasings()['world_words'])})\b", words) is not None
        exports = re.search(r"\b(?:exports?|exported|supplies|sales|market|sells|sold)\b", words)
        imports = re.search(r"\b(?:imports?|imported|purchases|transfers|deliveries|acquisitions)\b", words)
        actors = [j for j in st.tokens(np, "A")]
        owned = re.search(r"\b(?:its|their)\b", words)
        if world and not actors and not owned:
            if exports:
                return {"kind": "world-exports"}
            if imports:
                return {"kind": "world-imports"}
            if re.search(r"\btotal\b|\bshare\b", words):
                return {"kind": "world-any"}
        if re.fullmatch(r"(?:the\s+)?(?:global\s+|world\s+)?total", words.strip()):
            return {"kind": "world-any"}
        if re.match(r"\s*(?:these|them|those)\b", words):
            return {"candidate": "a share of 'these': of which total? It can be read two ways"}
        # "Armenia's arms imports", "Egyptian arms imports", "its arms imports", "the imports",
        # "arms imports by European states", "military equipment Armenia has obtained",
        # "the arms imported by European countries", "weapons from Russia"
        frm = re.search(r"\bfrom\s+(?:the\s+)?⟦A(\d+)⟧", np)
        if frm and not imports and not exports:
            return {"kind": "recipient-imports", "owner": st.actor(int(frm.group(1)))["name"],
                    "purchase": True}
        if re.search(r"\b(?:weapons|arms)\s+of\s+(?:this|that)\s+country\b", np, re.I):
            name, _ = self._resolve(st, "this country", st.pos[i][0],
                                    exclude={self._subject(st, st.pos[i][0]) or ""})
            if name is None:
                return {"candidate": "'this country' cannot be resolved to an actor"}
            return {"kind": "supplier-exports", "owner": name,
                    "low": f"'this country' read as {name} (the sentence before)"}
        m = re.search(r"\bof\s+⟦A(\d+)⟧", np) if not (imports or exports) else None
        if m and re.search(r"\b(?:weapons|arms)\b", words):
            return {"kind": "supplier-exports", "owner": st.actor(int(m.group(1)))["name"]}
        for j in actors:
            d = st.actor(j)
            a = st.pos[j][1]
            nxt = st.sk[a:a + 60]
            prv = st.sk[max(0, st.pos[j][0] - 30):st.pos[j][0]]
            if d["form"] in ("possessive", "demonym", "name") and re.match(
                    r"\s+(?:own\s+|total\s+|overall\s+)?(?:(?:arms|major\s+arms|military|weapons?)\s+)?(?:imports?|purchases)\b", nxt, re.I):
                return {"kind": "recipient-imports", "owner": d["name"]}
            if d["form"] in ("possessive", "demonym", "name") and re.match(
                    r"\s+(?:own\s+|total\s+)?(?:(?:arms|major\s+arms|military|weapons?)\s+)?(?:exports?|sales|supplies)\b", nxt, re.I):
                return {"kind": "supplier-exports", "owner": d["name"]}
            if re.search(r"\b(?:by|to)\s+(?:states\s+in\s+|countries\s+in\s+|the\s+)?$", prv, re.I) and imports:
                return {"kind": "recipient-imports", "owner": d["name"]}
            if re.match(r"\s+(?:has|have|had)\s+(?:obtained|imported|received|bought|acquired)", nxt, re.I):
                return {"kind": "recipient-imports", "owner": d["name"]}
        if re.search(r"\b(?:its|their)\s+(?:own\s+|total\s+)?(?:(?:arms|major\s+arms)\s+)?(?:imports?)\b", np, re.I):
            return {"kind": "recipient-imports", "owner_pronoun": "its"}
        if re.search(r"\b(?:its|their)\s+(?:own\s+)?(?:(?:arms|major\s+arms)\s+)?(?:exports?|weapons|arms)\b", np, re.I):
            return {"kind": "supplier-exports", "owner_pronoun": "its"}
        if re.search(r"\bthe\s+region\b", np, re.I) and imports:
            name, inside = self._resolve(st, "the region", st.pos[i][0])
            if name:
                return {"kind": "recipient-imports", "owner": name,
                        "low": "" if inside else f"'the region' read as {name}"}
        if re.match(r"\s*the\s+imports\b", words):
            if self.ctx.recipient:
                return {"kind": "recipient-imports", "owner": self.ctx.recipient,
                        "low": f"'the imports' read as {self.ctx.recipient}'s (the text before)"}
        if world:
            if exports:
                return {"kind": "world-exports"}
            if imports:
                return {"kind": "world-imports"}
        return None

    def _fraction_whole(self, st: Sent, i: int) -> dict[str, Any] | None:
        """After "two-thirds of Russia's arms exports went to three countries: India (34%)":
        the whole the fraction named."""
        for j in reversed(range(i)):
            t = st.tags[j]
            if t.kind == "Q":
                sub = Sent(st.s, st.tags, st.sk, st.pos, st.clauses)
                w = self._whole(sub, j)
                if w and w.get("kind") == "supplier-exports":
                    return w
        return None

    def _top_share(self, st: Sent, i: int, whole: dict[str, Any]) -> None:
        side = whole["side"]
        lst = None
        for j, t in enumerate(st.tags):
            if t.kind == "R" and t.data.get("count"):
                lst = {"role": t.data["role"], "n": t.data["count"]}
        how = "the list in this sentence"
        if lst is None and self.ctx.last_list:
            lst, how = self.ctx.last_list, "the list in the sentence before"
        if lst is None:
            self._candidate(st, i, "a combined share of several actors: which ones? No list of "
                                   "the largest is given")
            return
        role = "world exporters" if lst["role"] in ("exporter", "supplier") else "world importers"
        if side == "world-any":
            side = "world-exports" if role == "world exporters" else "world-imports"
        if (side == "world-exports") != (role == "world exporters"):
            self._candidate(st, i, "a combined share whose whole (exports or imports) differs "
                                   "from its list's")
            return
        window, wnote = self._window_or_say(st, i, "a share", self._window)
        if window is None:
            return
        d = self._draft("sipri-top-share", st, i, st.tags[i].data["value"], window,
                        {"among": role, "top": int(lst["n"])}, [f"the {lst['n']} largest: {how}"],
                        wnote)
        if how != "the list in this sentence" or wnote:
            d.low("")

    # ------------------------------------------------------------------ ranks
    def _ranks(self, st: Sent) -> None:
        for i, t in enumerate(st.tags):
            if t.kind != "R":
                continue
            st.used.add(i)
            how = t.data["how"]
            right = st.sk[st.pos[i][1]:st.pos[i][1] + 120]
            role = t.data.get("role") or self._rank_role(st, i)
            if t.data.get("region") or re.match(r"\s+(?:arms\s+)?(?:importers?|exporters?|suppliers?)?\s*in\s+⟦A(\d+)⟧", right) and \
                    st.actor(int(re.match(r"\s+(?:arms\s+)?(?:importers?|exporters?|suppliers?)?\s*in\s+⟦A(\d+)⟧", right).group(1)))["kind"] == "region":
                self._candidate(st, i, "a rank within a region: no check states it yet")
                continue
            before = re.search(r"⟦A(\d+)⟧\s*$", st.sk[:st.pos[i][0]])
            if before and st.actor(int(before.group(1)))["kind"] == "region" and \
                    st.actor(int(before.group(1)))["form"] in ("possessive", "demonym"):
                self._candidate(st, i, "a rank within a region: no check states it yet")
                continue
            if how == "nth-country":
                self._candidate(st, i, "a recipient's rank among a supplier's customers: no check "
                                       "states it yet")
                continue
            if role is None:
                continue  # "the largest seller": no rank of a side we read
            self.ctx.rank_role = role
            if t.data.get("count") or (how == "largest" and t.data["rank"] == 1 and
                                       re.search(r"(?:ers|ers\s+of\s+\w+(?:\s+in\s+the\s+world)?)$", t.text, re.I)):
                self._rank_list(st, i, role)
                continue
            if how == "top":
                self._rank_top(st, i, role)
                continue
            self._rank_one(st, i, role)

    def _rank_role(self, st: Sent, i: int) -> str | None:
        right = st.sk[st.pos[i][1]:st.pos[i][1] + 80]
        m = re.match(rf"\s*(?:among|in|of)?\s*(?:the\s+)?(?:ranking\s+of\s+)?(?:global\s+|world\s+|the\s+world['’]s\s+)?"
                     rf"(?:arms\s+)?(?P<role>{_w(w for ws in phrasings()['roles'].values() for w in ws)})\b",
                     right, re.I)
        if m:
            return grammar._role(m.group("role"))
        if re.match(r"\s*in\s+the\s+world\b", right, re.I) or st.tags[i].data.get("world"):
            prev = [st.tags[j].data.get("role") for j in range(i) if st.tags[j].kind == "R"]
            if prev and prev[-1]:
                return prev[-1]
        if st.tags[i].data["how"] == "top" and self.ctx.rank_role:
            return self.ctx.rank_role
        return None

    def _among(self, st: Sent, i: int, role: str, subject: str | None
               ) -> tuple[str | None, str | None, str, bool]:
        """(recipient, supplier, among, low) of a rank of *subject*."""
        if role == "importer":
            return subject, None, "world importers", False
        right = st.sk[st.pos[i][1]:st.pos[i][1] + 60]
        left = st.sk[max(0, st.pos[i][0] - 40):st.pos[i][0]]
        world = re.match(r"\s*(?:in\s+the\s+world|globally|worldwide)\b", right, re.I) or re.search(
            r"\b(?:global|world['’]?s?)\s+(?:arms\s+)?suppliers?\b|\bexporters?\b",
            st.sk[st.pos[i][0]:st.pos[i][1] + 60], re.I)
        if role == "exporter" or world:
            return "World", subject, "world exporters", False
        m = re.match(r"\s*(?:of\s+(?:major\s+)?(?:arms|weapons)\s+)?to\s+(?:the\s+)?⟦A(\d+)⟧", right, re.I)
        if m:
            rec = st.actor(int(m.group(1)))["name"]
            return rec, subject, f"suppliers of {rec}", False
        m = re.search(r"⟦A(\d+)⟧\s*$", left)
        if m and st.actor(int(m.group(1)))["form"] == "possessive":
            rec = st.actor(int(m.group(1)))["name"]
            return rec, subject, f"suppliers of {rec}", False
        if re.search(r"\b(?:its|their)\s*$", left, re.I):
            name, inside = self._resolve(st, "its", st.pos[i][0], exclude={subject or ""})
            if name:
                return name, subject, f"suppliers of {name}", not inside
        rec = self.ctx.recipient
        if rec and rec != subject:
            return rec, subject, f"suppliers of {rec}", True
        return None, subject, "", True

    def _rank_subject(self, st: Sent, i: int, role: str) -> tuple[str | None, bool]:
        """Who holds the rank: the subject before it, "it" in "making it ...", or the first
        actor after "With an 11 per cent share ..., India was"."""
        left = st.left(i, whole=True)
        if re.search(r"\b(?:making|made|makes|leaving|left|keeping)\s+it\s*(?:⟦A\d+⟧\s*)?$|"
                     r"\bit\s+(?:was|is|became|remained)\s+(?:the\s+)?(?:⟦A\d+⟧\s*)?$", left, re.I):
            flows = _flows(st, 0, st.pos[i][0])
            if flows:
                f = flows[-1]
                name = f.recipient if role == "importer" else f.supplier
                if name:
                    return name, False
        subj = self._subject(st, st.pos[i][0], exclude=set())
        if subj is None:
            subj = self._after_subject(st, st.pos[i][1])
        if subj is None and re.search(r"^\s*(?:it|its|they)\b", left, re.I):
            return self.ctx.subject, True
        return subj, False

    def _rank_one(self, st: Sent, i: int, role: str) -> None:
        t = st.tags[i]
        subject, low = self._rank_subject(st, i, role)
        if subject is None:
            self._candidate(st, i, "a rank whose holder is not named (or is a name the actor map "
                                   "does not know)")
            return
        rec, sup, among, low2 = self._among(st, i, role, subject)
        if role == "supplier" and rec is None:
            self._candidate(st, i, "a supplier's rank: among whose suppliers? The text does not "
                                   "say")
            return
        ev: dict[str, Any] = {}
        if role == "importer":
            ev = {"recipient": subject, "among": "world importers"}
        elif among == "world exporters":
            ev = {"supplier": subject, "among": "world exporters"}
        else:
            ev = {"recipient": rec, "supplier": subject, "among": among}
        if ev.get("recipient") == ev.get("supplier"):
            self._candidate(st, i, "a rank whose holder and group are the same actor")
            return
        windows = self._rank_windows(st, i)
        for window, wnote in windows:
            if window is None:
                self._candidate(st, i, "a rank with no window: the text gives none and its date "
                                       "is unknown (give --date)")
                return
            d = self._draft("sipri-rank", st, i, float(t.data["rank"]), window, dict(ev), [],
                            wnote, unit="rank", comparator="equals")
            if low or low2 or wnote:
                d.low("the holder or the group read from the text around it" if (low or low2) else "")
        # "a position it has held for the period 1993-2022"
        m = re.search(r"\bposition\s+it\s+(?:has\s+)?held\s+(?:for|in|over|since|throughout)\s+"
                      r"(?:the\s+period\s+)?⟦W(\d+)⟧", st.sk[st.pos[i][1]:], re.I)
        if m:
            w = st.tags[int(m.group(1))].data
            self._draft("sipri-rank", st, i, float(t.data["rank"]), (w["start"], w["end"]),
                        dict(ev), ["'a position it has held' over that period"], "", unit="rank",
                        comparator="equals")

    def _rank_windows(self, st: Sent, i: int) -> list[tuple[Window | None, str]]:
        m = re.search(r"\b(?:in|during)\s+both\s+⟦W(\d+)⟧\s+and\s+⟦W(\d+)⟧", st.sk[st.pos[i][1]:], re.I)
        if m:
            out = []
            for g in (1, 2):
                w = st.tags[int(m.group(g))].data
                out.append(((w["start"], w["end"]), ""))
            return out
        return [self._window(st, i)]

    def _list_after(self, st: Sent, i: int) -> list[int]:
        """The actors listed after a rank: "were the United States, Russia, France, China and
        Germany", ", India, Saudi Arabia, ... and China,", ": Saudi Arabia, Qatar and Egypt"."""
        rest = st.sk[st.pos[i][1]:]
        m = re.match(r"(?:[^⟦.;]{0,40}?(?:⟦W\d+⟧)?[^⟦.;]{0,25}?)(?:\b(?:were|are|was|is|included|include)\b\s*(?:the\s+)?|,\s*|:\s*)"
                     r"(?P<list>⟦A\d+⟧(?:\s*(?:,|and|, and)\s*(?:the\s+)?⟦A\d+⟧)+)", rest, re.I)
        if not m:
            return []
        return [int(x) for x in re.findall(r"⟦A(\d+)⟧", m.group("list"))]

    def _list_before(self, st: Sent, i: int) -> list[int]:
        """"Australia, China, South Korea and Pakistan were also ranked in the top 10"."""
        left = st.sk[:st.pos[i][0]]
        m = re.search(r"(?P<list>⟦A\d+⟧(?:\s*(?:,|and|, and)\s*(?:the\s+)?⟦A\d+⟧)*)\s+(?:were|was|are|is)\s+"
                      r"(?:also\s+)?(?:ranked\s+)?$", left, re.I)
        if not m:
            return []
        return [int(x) for x in re.findall(r"⟦A(\d+)⟧", m.group("list"))]

    def _rank_list(self, st: Sent, i: int, role: str) -> None:
        t = st.tags[i]
        names = self._list_after(st, i)
        n = t.data.get("count") or len(names)
        if not names:
            if t.data.get("count"):
                self.ctx.last_list = {"role": role, "n": n, "names": []}
            return
        if len(names) != n:
            self._candidate(st, i, f"a list of the {n} largest naming {len(names)}: which "
                                   "positions?")
            return
        window, wnote = self._window_or_say(st, i, "a ranked list", self._window)
        if window is None:
            return
        key = "recipient" if role == "importer" else "supplier"
        among = "world importers" if role == "importer" else "world exporters"
        for k, j in enumerate(names, start=1):
            ev = {key: st.actor(j)["name"], "among": among}
            d = self._draft("sipri-rank", st, j, float(k), window, ev,
                            [f"position {k} of the list in the order the text gives"], wnote,
                            unit="rank", comparator="equals")
            d.figure = st.tags[j]
            if wnote:
                d.low("")
        self.ctx.last_list = {"role": role, "n": n, "names": [st.actor(j)["name"] for j in names]}

    def _rank_top(self, st: Sent, i: int, role: str) -> None:
        t = st.tags[i]
        names = self._list_after(st, i) or self._list_before(st, i)
        if not names:
            self._candidate(st, i, "'among the top N' whose members are not named")
            return
        window, wnote = self._window_or_say(st, i, "a rank", self._window)
        if window is None:
            return
        key = "recipient" if role == "importer" else "supplier"
        among = "world importers" if role == "importer" else "world exporters"
        for j in names:
            d = self._draft("sipri-rank", st, j, float(t.data["top"]), window,
                            {key: st.actor(j)["name"], "among": among},
                            [f"among the top {t.data['top']}"], wnote, unit="rank",
                            comparator="at-most")
            d.figure = st.tags[j]
            if wnote or not t.data.get("role") and not re.search(r"importers?|exporters?", st.sk[st.pos[i][1]:st.pos[i][1] + 30], re.I):
                d.low("the side (importers or exporters) read from the text around it" if not wnote else "")

    # ------------------------------------------------------------------ a draft
    def _draft(self, check: str, st: Sent, i: int, qty: float, window: Window,
               evidence: dict[str, Any], notes: list[str], wnote: str, *,
               unit: str = "per cent", comparator: str | None = None) -> Draft:
        t = st.tags[i]
        st.used.add(i)
        hedge = t.data.get("hedge")
        if comparator is None:
            comparator = hedge or "about"
            if qty < 0 and comparator in _FLIP:
                comparator = _FLIP[comparator]
        written = t.data.get("written") or (str(int(qty)) if float(qty).is_integer() else str(qty))
        if unit == "per cent" and qty < 0 and not written.startswith("-"):
            written = "-" + written
        if unit == "rank":
            written = str(int(qty))
        d = Draft(check, qty, comparator, unit, window, evidence, t, st.s, written,
                  notes=list(notes), window_note=wnote,
                  precision=t.data.get("precision") if unit == "per cent" else None)
        self.out.drafts.append(d)
        return d


_FLIP = {"at-least": "at-most", "at-most": "at-least", "over": "under", "under": "over"}


def _np(text: str) -> str:
    """The noun phrase at the start of *text*: up to a comma, a verb that ends it or a window."""
    m = re.match(r"(.*?)(?=,|;|\.\s|\.$|\s\(|\s+(?:in|during|between|from|over|since)\s+(?:the\s+(?:period\s+)?)?⟦[WXY]|"
                 r"\s+(?:compared|while|whereas|and\s+(?:were|was)|according|were|was|is|are|went|"
                 r"belong|belongs|rose|fell|increased|decreased|grew|dropped|declined|the\s+SIPRI|"
                 r"it\s+said)\b|$)", text, re.I)
    return (m.group(1) if m else text).strip()


def read(sentences: list[Sentence], date: dt.date | None = None) -> Reading:
    """Read *sentences* in order; every figure becomes a draft, a candidate or a not-SIPRI
    number."""
    r = Reader(date)
    for s in sentences:
        r.read(s)
    return r.out


__all__ = ["Context", "Draft", "Found", "Reader", "Reading", "read"]
