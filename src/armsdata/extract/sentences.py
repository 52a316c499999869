"""A text as sentences, each with its offsets in the text as read.

Paragraphs are lines (or blocks separated by blank lines); a line without a sentence's final
punctuation is a heading or a list item on its own.  Within a paragraph a sentence ends at ``.``,
``!`` or ``?`` followed by space and a capital letter, a digit or an opening quote, except after
an abbreviation (:data:`ABBREVIATIONS`), an initial ("P. D. Wezeman") or a number's decimal
point.  List markers that PDF text keeps (``•``, and the ``w`` that a Wingdings bullet becomes in
SIPRI's fact sheets) also start a new sentence.

No library is used: sentence splitters for general English (pysbd, last released 2021) do not
know these PDF bullets and still need offsets mapped back; twenty lines of rules with a table of
abbreviations do the job and keep every sentence a verbatim slice of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "adm", "st", "no",
    "nos", "vs", "etc", "e.g", "i.e", "cf", "approx", "est", "fig", "figs", "vol", "pp", "p",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "ltd", "co", "corp", "u.s", "u.k", "u.n", "a.m", "p.m", "al", "govt", "dept", "ed", "eds",
})

#: Bullets that start a new sentence (PDF text keeps them; "w" is a Wingdings bullet).
BULLET = re.compile(r"(?:(?<=\s)|^)(?:[•▪◦●■‣∙]|w(?=\s+[A-Z]))(?=\s)")
_END = re.compile(r"[.!?](?:[\"'”’)\]]*)(?=\s+[\"'“‘(\[]?[A-Z0-9•▪–-])")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == source[start:end]``; ``heading`` for a line without final
    punctuation; ``paragraph`` counts paragraphs from 0."""

    start: int
    end: int
    text: str
    paragraph: int
    heading: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n", text + "\n"):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    return out


def _abbreviation(chunk: str) -> bool:
    """Whether the full stop ending *chunk* follows an abbreviation or an initial."""
    m = re.search(r"([A-Za-z][A-Za-z.]*)\.$", chunk)
    if not m:
        return False
    word = m.group(1).casefold()
    return word in ABBREVIATIONS or bool(re.fullmatch(r"[A-Z]", m.group(1)))


def split(text: str) -> list[Sentence]:
    """The sentences of *text*, in order, each a verbatim slice of it."""
    out: list[Sentence] = []
    for n, (a, b) in enumerate(_paragraphs(text)):
        cuts = [a]
        for m in BULLET.finditer(text, a, b):
            cuts.append(m.start())
        for m in _END.finditer(text, a, b):
            if not _abbreviation(text[a:m.start() + 1]):
                cuts.append(m.end())
        cuts = sorted(set(cuts)) + [b]
        for s, e in zip(cuts, cuts[1:]):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                piece = text[s:e]
                heading = not re.search(r"[.!?:;\"”’)]$", piece) and len(cuts) == 2
                out.append(Sentence(s, e, piece, n, heading))
    return out


__all__ = ["ABBREVIATIONS", "Sentence", "split"]
