"""What an evaluation reads, loaded once: SIPRI editions, the curated ledgers, judgement calls.

A :class:`Context` is shared by every claim of one run.  SIPRI editions are loaded (resolved and
verified) once through :mod:`armsdata.editions` and asked questions through
:mod:`armsdata.queries`; ledgers are read once through :mod:`armsdata.ledgers`.  By default a
SIPRI claim is asked of every data edition there is (shipped and fetched), and judged per release
on the release in force at the text's date (:mod:`armsdata.claims.by_release`).  Tests hand in a
fake SIPRI layer (``sipri=``, with ``editions=``) or ledger frames (``ledger_frames=``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from armsdata import ledgers, releases
from armsdata.claims.by_release import Record
from armsdata.claims.model import Judgement
from armsdata.errors import ClaimError


class _Sipri:
    """The real SIPRI layer: :mod:`armsdata.editions` to load, :mod:`armsdata.queries` to ask."""

    def __init__(self, data_dir: str | os.PathLike[str] | None) -> None:
        from armsdata import editions, queries

        self.editions, self.queries, self.data_dir = editions, queries, data_dir

    def load(self, ref: str) -> Any:
        return self.editions.load(ref, data_dir=self.data_dir)

    def present(self) -> list[str]:
        return [name for _, name in present_editions(self.data_dir)]

    def __getattr__(self, name: str) -> Any:  # bases, supplier_share, import_share, change, rank
        return getattr(self.queries, name)


@dataclass
class Context:
    """The data a run of claims reads.

    Parameters
    ----------
    editions
        The editions a SIPRI claim is asked of (generated dates, snapshot names or paths);
        None: every data edition under *data_dir* (:func:`present_editions`).
    override
        Evaluate every SIPRI-based claim on these editions only, on every basis each supports,
        and judge it there (``armsdata claims --edition E``).
    date
        The text's date given for the run (``--date``): every claim is judged on the release in
        force then.  Else a claim's ``source.date``, else the file's ``date``
        (*file_date*), else the date is unknown (the newest release that answers judges it).
    data_dir
        The folder holding the snapshots and ``curated/`` (default
        :func:`armsdata.snapshot.default_data_dir`).
    file_edition, file_date
        The claims file's top-level ``edition`` and ``date``, if any.
    sipri
        An object with ``load(ref)`` and the functions of :mod:`armsdata.queries`; default the
        real ones.
    ledger_frames
        Ledger name → DataFrame to use instead of reading the file (tests).
    reversed
        Ids of judgement calls to take the other way (see :meth:`judge`).
    """

    editions: Sequence[str] | None = None
    override: Sequence[str] | None = None
    data_dir: str | os.PathLike[str] | None = None
    file_edition: str | None = None
    date: dt.date | None = None
    file_date: dt.date | None = None
    file_date_text: str = ""
    #: Where :attr:`date` came from, as outputs name it (``--date``; for a text ``armsdata
    #: check`` reads, the page's own date where it gave one).
    date_label: str = "--date"
    sipri: Any = None
    ledger_frames: dict[str, pd.DataFrame] | None = None
    reversed: frozenset[str] = frozenset()
    #: Where a text's month or year holds a SIPRI release date: False judges it as of its first
    #: day, True as of its last (the engine asks both and keeps the weaker verdict).
    span_end: bool = False
    _editions: dict[str, Any] = field(default_factory=dict, repr=False)
    _ledgers: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _gathering: dict[str, Any] | None = field(default=None, repr=False)
    judgements: list[Judgement] = field(default_factory=list, repr=False)
    ledgers_read: set[str] = field(default_factory=set, repr=False)

    # ---------------------------------------------------------------- SIPRI

    def _layer(self) -> Any:
        if self.sipri is None:
            self.sipri = _Sipri(self.data_dir)
        return self.sipri

    def edition(self, ref: str) -> Any:
        """The loaded edition *ref* (a generated date, a snapshot name or a path)."""
        key = str(ref)
        if key not in self._editions:
            self._editions[key] = self._layer().load(key)
        return self._editions[key]

    def edition_refs(self) -> list[str]:
        """The editions a SIPRI claim is asked of when it names none (see *editions*)."""
        if self.override:
            return [str(r) for r in self.override]
        if self.editions is None:
            self.editions = self._layer().present()
        return [str(r) for r in self.editions]

    def record(self, claim: Any) -> Record:
        """The release *claim* is judged on: the one in force at its text's date (``--date``,
        else the claim's source date, else the file's).  A date given only to the month or year
        (``2021-07``) decides where one release was in force throughout it.  Where SIPRI published
        a release within that month or year, a narrower date further down that lies within it
        decides (a source dated March 2022 in a file dated 14 March 2022); without one, the
        text is judged on the releases in force on its first and its last day, and the engine
        keeps the weaker verdict."""
        override = bool(self.override) or bool(
            claim.evidence.get("edition") or claim.evidence.get("bases") or claim.edition
            or self.file_edition)
        found = []
        for date, text, source in ((self.date, "", self.date_label),
                                   (getattr(claim, "date", None), getattr(claim, "date_text", ""),
                                    "the claim's source"),
                                   (self.file_date, self.file_date_text, "the claims file")):
            first, last = (date, date) if date is not None else _span(text)
            if first is not None:
                found.append((first, last, source if date is not None else f"{source}, {text}"))
        if not found:
            return Record(None, "", None, override)
        (first, last, where), below = found[0], found[1:]
        start, end = releases.in_force(first), releases.in_force(last)
        # a narrower date further down that lies within this month or year settles it
        # (a fact sheet's source dated March 2022 in a file dated 14 March 2022)
        inner = next(((f, l, w) for f, l, w in below if first <= f and l <= last
                      and releases.in_force(f) == releases.in_force(l)), None)
        if start != end and inner is not None:
            last, where = inner[1], f"{inner[2]}, within {where}"
            start = end
        if start == end:
            day = last
        else:  # SIPRI published a release within the month or year: either could be its
            day = last if self.span_end else first  # the engine judges on both
            where += (f" (SIPRI's {end.year} release came out within it: judged on the "
                      f"releases in force on its first and its last day)")
        rel = releases.in_force(day)
        # before the first release we know: no release of its time is here
        year = rel.year if rel is not None else releases.releases()[0].year - 1
        span = end.year if start != end and end is not None else None
        return Record(day, where, year, override, span)

    def query(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the SIPRI layer's function *name* (``supplier_share``, ``change``, ...)."""
        return getattr(self._layer(), name)(*args, **kwargs)

    def copy(self, **changes: Any) -> "Context":
        """A context sharing the loaded data, with *changes* (e.g. ``reversed=``)."""
        new = Context(editions=self.editions, override=self.override, data_dir=self.data_dir,
                      file_edition=self.file_edition, date=self.date,
                      file_date=self.file_date, file_date_text=self.file_date_text,
                      date_label=self.date_label,
                      sipri=self.sipri,
                      ledger_frames=self.ledger_frames, reversed=self.reversed,
                      span_end=self.span_end)
        new._editions, new._ledgers, new._gathering = self._editions, self._ledgers, self._gathering
        for k, v in changes.items():
            setattr(new, k, v)
        return new

    # ---------------------------------------------------------------- ledgers

    def _curated(self) -> Path | None:
        return Path(self.data_dir) / ledgers.CURATED if self.data_dir is not None else None

    def ledger(self, name: str) -> pd.DataFrame:
        """Ledger *name* (read once, verified against the curated manifest)."""
        ledgers.spec(name)
        self.ledgers_read.add(name)
        if self.ledger_frames is not None and name in self.ledger_frames:
            return self.ledger_frames[name]
        if name not in self._ledgers:
            self._ledgers[name] = ledgers.load(name, folder=self._curated())
        return self._ledgers[name]

    def ledger_label(self, name: str) -> str:
        """``curated/<file>``: the ledger as evidence, the same on every machine."""
        return f"{ledgers.CURATED}/{ledgers.spec(name).file}"

    def coverage(self, name: str) -> str:
        """How ledger *name* was gathered (``ledgers.yaml``)."""
        if self._gathering is None:
            self._gathering = ledgers.gathering(self._curated())
        return self._gathering[name].coverage

    def scope(self, name: str) -> str:
        self.coverage(name)
        return self._gathering[name].scope  # type: ignore[index]

    def columns(self, name: str) -> set[str]:
        return {c.name for c in ledgers.spec(name).schema}

    def require_columns(self, claim: Any, name: str, cols: Sequence[str]) -> None:
        missing = [c for c in cols if c not in self.columns(name)]
        if missing:
            raise ClaimError(f"{claim.where()}: ledger {name!r} has no column(s) {missing}; its "
                             f"columns are {sorted(self.columns(name))}.")

    # ---------------------------------------------------------------- judgement calls

    def judge(self, jid: str, default: bool, call: str, reason: str) -> bool:
        """Record a judgement call and return its outcome (*default*, or the opposite when *jid*
        is in :attr:`reversed`), so its effect on the verdict can be shown."""
        applied = default != (jid in self.reversed)
        self.judgements.append(Judgement(jid, call, reason, applied=applied))
        return applied


def present_editions(data_dir: str | os.PathLike[str] | None = None) -> list[tuple[str, str]]:
    """Every data edition under *data_dir* (shipped and fetched), oldest generated date first:
    ``(generated date, snapshot folder name)``; the folder name is unique, and names the
    edition the same way on every machine."""
    from armsdata import editions

    return [(s.edition, s.name) for s in editions.present(data_dir)]


def _span(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day of a month (``2021-07``) or a year (``2021``) a source gives
    without its day; (None, None) for anything else."""
    import calendar

    parts = text.split("-") if text else []
    try:
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        if len(parts) == 1:
            y = int(parts[0])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        pass
    return None, None
