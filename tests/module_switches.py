"""How often a command's control passes between armsdata's modules (issue 17: "a query goes down
once").  :func:`switches` runs a function under ``sys.setprofile`` and records every call from a
function of one ``armsdata`` module into a function of another: how many such crossings happen
(each call once; its return is the same crossing back), between which modules, and through how
many distinct call sites (caller function -> callee function).  A query that pulls pieces out of
an edition one at a time walks back and forth; one that resolves the edition once and hands the
query what it needs does not."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class Crossings:
    """Calls across armsdata's modules: ``total``; ``pairs`` (unordered module pair -> calls);
    ``sites`` (caller -> callee, ``module.function``, each counted once)."""

    total: int = 0
    pairs: Counter = field(default_factory=Counter)
    sites: set = field(default_factory=set)


def _module(frame: Any) -> str | None:
    name = frame.f_globals.get("__name__", "")
    return name if name == "armsdata" or name.startswith("armsdata.") else None


def switches(fn: Callable[[], Any]) -> Crossings:
    """The crossings while *fn* runs (calls into pandas, numpy or the standard library are not
    armsdata modules and do not count)."""
    out = Crossings()

    def profile(frame, event, arg):
        if event != "call":
            return
        here = _module(frame)
        caller = frame.f_back
        there = _module(caller) if caller is not None else None
        if here and there and here != there:
            out.total += 1
            out.pairs[tuple(sorted((here, there)))] += 1
            out.sites.add((f"{there}.{caller.f_code.co_name}", f"{here}.{frame.f_code.co_name}"))

    old = sys.getprofile()
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(old)
    return out
