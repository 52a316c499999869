"""What an evaluation reads, loaded once: SIPRI editions, the curated ledgers, judgement calls.

A :class:`Context` is shared by every claim of one run.  SIPRI editions are loaded (resolved and
verified) once through :mod:`armsdata.editions` and asked questions through
:mod:`armsdata.queries`; ledgers are read once through :mod:`armsdata.ledgers`.  Tests hand in a
fake SIPRI layer (``sipri=``) or ledger frames (``ledger_frames=``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from armsdata import ledgers
from armsdata.claims.model import Judgement
from armsdata.errors import ClaimError

#: The editions the roles in claims files stand for (``edition: tiv`` in a basis list).
#: ``tiv``: SIPRI's old-site TIV tables (bases total and rows); ``register``: the trade register
#: with the new-site world tables (basis register, even split bounded by the printed totals);
#: ``per-year``: SIPRI's per-delivery-year register of the same release (basis register with
#: SIPRI's own values per year).
DEFAULT_ROLES: dict[str, str] = {"tiv": "2022-04-22", "register": "2024-10-13",
                                 "per-year": "2024-04-16"}


class _Sipri:
    """The real SIPRI layer: :mod:`armsdata.editions` to load, :mod:`armsdata.queries` to ask."""

    def __init__(self, data_dir: str | os.PathLike[str] | None) -> None:
        from armsdata import editions, queries

        self.editions, self.queries, self.data_dir = editions, queries, data_dir

    def load(self, ref: str) -> Any:
        return self.editions.load(ref, data_dir=self.data_dir)

    def __getattr__(self, name: str) -> Any:  # bases, supplier_share, import_share, change, rank
        return getattr(self.queries, name)


@dataclass
class Context:
    """The data a run of claims reads.

    Parameters
    ----------
    roles
        Edition for each role a claims file may name (default :data:`DEFAULT_ROLES`).
    override
        Evaluate every SIPRI-based claim on these editions only, on every basis each supports
        (``armsdata claims --edition E``); None: the editions the claims name.
    data_dir
        The folder holding the snapshots and ``curated/`` (default
        :func:`armsdata.snapshot.default_data_dir`).
    file_edition
        The claims file's top-level ``edition``, if any.
    sipri
        An object with ``load(ref)`` and the functions of :mod:`armsdata.queries`; default the
        real ones.
    ledger_frames
        Ledger name → DataFrame to use instead of reading the file (tests).
    reversed
        Ids of judgement calls to take the other way (see :meth:`judge`).
    """

    roles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    override: Sequence[str] | None = None
    data_dir: str | os.PathLike[str] | None = None
    file_edition: str | None = None
    sipri: Any = None
    ledger_frames: dict[str, pd.DataFrame] | None = None
    reversed: frozenset[str] = frozenset()
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

    def edition_ref(self, ref: str) -> str:
        """A role (``tiv``, ``register``, ``per-year``) → its edition; anything else as given."""
        return self.roles.get(ref, ref)

    def edition(self, ref: str) -> Any:
        """The loaded edition *ref* (a role, a generated date, a snapshot name or a path)."""
        key = self.edition_ref(ref)
        if key not in self._editions:
            self._editions[key] = self._layer().load(key)
        return self._editions[key]

    def query(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call the SIPRI layer's function *name* (``supplier_share``, ``change``, ...)."""
        return getattr(self._layer(), name)(*args, **kwargs)

    def copy(self, **changes: Any) -> "Context":
        """A context sharing the loaded data, with *changes* (e.g. ``reversed=``)."""
        new = Context(roles=self.roles, override=self.override, data_dir=self.data_dir,
                      file_edition=self.file_edition, sipri=self.sipri,
                      ledger_frames=self.ledger_frames, reversed=self.reversed)
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
