"""How the package is put together: imports flow one way (no cycle), and the arrows in
docs/architecture.md are the imports the code has (read from the source, not from the doc)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "armsdata"
DOC = ROOT / "docs" / "architecture.md"
#: Every module may import these; the doc's arrows leave them out (it says so).
ANYONE_MAY_IMPORT = {"errors", "armsdata"}


def modules() -> dict[str, Path]:
    """Dotted module name (``armsdata.claims.rules``) -> file, for every module of the package."""
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = f.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = f
    return out


def import_graph() -> dict[str, set[str]]:
    """Module -> the armsdata modules it imports anywhere in its source (at the top or inside a
    function: a cycle through a function-level import is still a cycle)."""
    mods = modules()

    def known(name: str) -> str:
        while name not in mods:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, f in mods.items():
        package = name if f.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {known(a.name) for a in node.names if a.name.startswith("armsdata")}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                if base.startswith("armsdata"):
                    # "from armsdata import queries" imports the module armsdata.queries
                    found |= {known(f"{base}.{a.name}") for a in node.names}
        found.discard(name)
        graph[name] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def top_level(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph between the package's top-level modules and subpackages (``claims``,
    ``report``), as the doc draws it: a subpackage's modules count as the subpackage."""
    def top(name: str) -> str:
        parts = name.split(".")
        return parts[1] if len(parts) > 1 else "armsdata"

    out: dict[str, set[str]] = {}
    for name, deps in graph.items():
        out.setdefault(top(name), set()).update(top(d) for d in deps)
    for k, v in out.items():
        v.discard(k)
    return out


def documented_arrows() -> dict[str, set[str]]:
    """The ``module ─→ a, b`` lines of the first code block of docs/architecture.md."""
    block = re.search(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    out = {}
    for line in block.splitlines():
        m = re.match(r"^(\w+) ─→ (.*?)(?:\s{2,}\(.*)?$", line)
        if m:
            out[m.group(1)] = {d.strip() for d in m.group(2).split(",") if d.strip()}
    return out


def test_the_import_graph_has_no_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_documented_arrows_are_the_imports():
    actual = {m: deps - ANYONE_MAY_IMPORT for m, deps in top_level(import_graph()).items()
              if m not in ANYONE_MAY_IMPORT}
    doc = documented_arrows()
    missing = {m: sorted(d) for m, d in actual.items() if d and doc.get(m) != d}
    extra = sorted(set(doc) - {m for m, d in actual.items() if d})
    assert not missing and not extra, (
        f"docs/architecture.md's arrows differ from the imports: write these lines {missing}; "
        f"drop the lines of {extra}")


def test_a_share_query_goes_down_once():
    """Issue 17: `armsdata shares Armenia --from 2011 --to 2020` pulled the edition's pieces out
    one at a time and crossed between armsdata's modules 1,099 times (queries <-> editions and
    editions <-> snapshot most); resolved once and handed what it needs, it crosses 54 times on
    the 2022 edition in a new process with the cache filled, 38 once the edition is loaded
    (measured with :mod:`module_switches`).  A limit with room to spare: a query that walks back and forth
    again fails it."""
    import contextlib
    import io

    from module_switches import switches

    from armsdata import cli

    args = ["shares", "Armenia", "--from", "2011", "--to", "2020", "--edition", "2022-04-22"]
    with contextlib.redirect_stdout(io.StringIO()):
        cli.main(args)  # parsing the edition's 262 files (once per cache) is not the query
    with contextlib.redirect_stdout(io.StringIO()) as out:
        crossings = switches(lambda: cli.main(args))
    assert "Russia" in out.getvalue()
    assert 0 < crossings.total <= 120, crossings.pairs.most_common(5)
    assert crossings.pairs[("armsdata.editions", "armsdata.queries")] <= 40
