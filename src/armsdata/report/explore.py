"""``armsdata explore``: the who-arms-whom notebook for any recipient, as one page.

The name is resolved first (an unknown name fails with "did you mean" before any kernel starts);
then papermill runs :data:`EXPLORE_NOTEBOOK` with the options as its parameters, in memory, and
the page is written in the report's look (provenance, folded code, figure descriptions).
"""

from __future__ import annotations

import os
import re
import textwrap
import time
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import quote

from armsdata.errors import ReportError
from armsdata.report.execute import (DEFAULT_TIMEOUT, Progress, execute_notebook,
                                     inject_parameters, notebook_parameters)
from armsdata.report.pages import Page, default_notebooks_dir, render_notebook, write_page
from armsdata.report import suppliers
from armsdata.report.provenance import verified_provenance

#: The parameterised notebook ``armsdata explore`` runs (in the notebooks folder).
EXPLORE_NOTEBOOK = "10-who-arms-whom.ipynb"
#: A section of a notebook: a heading of level 2 and below (level 1 is the title).
_SECTION = re.compile(r"^\s{0,3}#{2,6}\s+(.+?)\s*#*\s*$", re.M)


def explore(recipient: str, start: int | None = None, end: int | None = None,
            edition: str | None = None, output: str | os.PathLike[str] | None = None, *,
            notebooks_dir: str | os.PathLike[str] | None = None,
            timeout: int = DEFAULT_TIMEOUT, progress: bool = True,
            command: str | None = None) -> Path:
    """Run the who-arms-whom notebook for *recipient* with papermill and write one
    self-contained HTML page in the report's look.

    The name is resolved first (:func:`explore_recipient`: an unknown name raises with "did you
    mean" before any kernel starts), and the release the page answers from is chosen as the
    notebook chooses it (:func:`armsdata.report.suppliers.choose`: a window no release covers
    fails here, not in a cell); then papermill injects the parameters
    (:func:`explore_parameters`) after the notebook's ``parameters`` cell and executes it in a
    fresh kernel, in memory (the committed notebook is never written); the page has the
    provenance header, code folding and figure descriptions of the report's pages.

    Parameters
    ----------
    recipient
        An actor (any spelling the actor map knows: ``India``, ``IND``, ``Hezbollah
        (Lebanon)*``, or a name the edition holds) or a SIPRI region or subregion (``Middle
        East``, ``South Asia``).
    start, end
        The window; default the notebook's own (2011–2020).
    edition
        The edition for the notebook's ``edition`` parameter (a generated date, a snapshot folder
        name or a path); default the notebook's own, None: the newest SIPRI release that answers
        for the window, on its tightest basis.
    output
        The page; default ``explore-<recipient>-<start>-<end>.html`` in the working directory.
    notebooks_dir
        Folder holding :data:`EXPLORE_NOTEBOOK`; default ``notebooks/`` of the project.
    timeout
        Seconds one cell may run.
    progress
        Say on stderr which cell is running.
    command
        The command line to name on the page (the CLI passes it).

    Returns
    -------
    Path
        The page written.

    Raises
    ------
    UnknownActorError
        *recipient* is neither an actor nor a SIPRI region (or is the world).
    WindowError
        The window's start is after its end.
    CoverageError
        No release here covers the window (or *edition* does not).
    NoDataError
        No release covering the window has deliveries to *recipient* in it; the message gives
        each release's reason.
    ReportError
        The notebook is missing or lacks a parameter the options map to; a cell failed or ran
        too long; a snapshot fails verification; the page would fetch a remote resource.
    """
    import nbformat

    from armsdata.errors import WindowError

    t0 = time.perf_counter()
    say = Progress(progress)
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    source = nb_dir / EXPLORE_NOTEBOOK
    if not source.is_file():
        raise ReportError(f"{source} not found: `armsdata explore` runs {EXPLORE_NOTEBOOK} from "
                          "the notebooks folder. Run it from the project root (or pass "
                          "--notebooks).")
    nb = nbformat.read(source, as_version=4)
    defaults = notebook_parameters(nb)
    # before anything slow: a typo fails at once, with "did you mean"
    name = explore_recipient(recipient, edition or defaults.get("edition"))
    params = explore_parameters(name, start, end, edition, defaults)
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        raise ReportError(f"{source.name} has no parameter {', '.join(unknown)} in its "
                          f"parameters cell (it has {', '.join(sorted(defaults))}); update "
                          "report.explore_parameters to the notebook's names.")
    first, last = params.get("start", defaults.get("start")), params.get("end", defaults.get("end"))
    if isinstance(first, int) and isinstance(last, int) and first > last:
        raise WindowError(f"--from {first} is after --to {last}; give the first year first.")
    # and the release the page answers from, as the notebook chooses it: a window no release
    # covers, or a recipient no release has deliveries to in it, fails here, not in a cell
    chosen = suppliers.choose([name], first, last, params.get("edition", defaults.get("edition")))
    release = chosen.edition.release.label
    out = Path(output) if output is not None else Path.cwd() / (
        f"explore-{_slug(name)}-{first}-{last}.html")
    prov = verified_provenance()

    shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
    say(f"armsdata explore: {source.name} for {name} ({shown}) -> {out}")
    t = time.perf_counter()
    nb = inject_parameters(nb, params)
    executed = execute_notebook(nb, nb_dir, timeout=timeout, name=str(source),
                                on_cell=_cell_progress(nb, say))
    seconds = time.perf_counter() - t
    title = (f"Who arms {name}? Suppliers {first}\u2013{last}, SIPRI's {release} "
             f"(edition {chosen.edition.edition})")
    executed.metadata["title"] = title
    page = Page(source=source, href=quote(out.name), title=title, executed=True,
                seconds=seconds)
    how = "the edition asked for" if chosen.asked else "the newest SIPRI release that answers"
    note = (f"Page made by `{command or 'armsdata explore ' + recipient}` from {page.display}, "
            f"executed with papermill in a fresh kernel for this page ({seconds:.1f} s); "
            f"parameters: {shown}. Figures from SIPRI's {release}, edition "
            f"{chosen.edition.edition} ({how}), unless a figure names another release.")
    write_page(render_notebook(executed, page, [], prov, note=note), out)
    say(f"armsdata explore: page written in {time.perf_counter() - t0:.1f} s: {out}")
    return out


def _cell_progress(nb: Any, say: Any) -> Any:
    """A callback for :func:`~armsdata.report.execute.execute_notebook` that says which code
    cell of *nb* starts: its number, its section and its first line."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    section = {}
    heading = ""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found = _SECTION.findall(cell.source)
            heading = re.sub(r"[*_`]", "", found[-1]).strip() if found else heading
        section[i] = heading

    def started(cell: Any, index: int) -> None:
        if index in code:
            first = next((ln.strip() for ln in cell.source.splitlines()
                          if ln.strip() and not ln.lstrip().startswith("#")), "")
            where = f" [{section[index]}]" if section[index] else ""
            say(f"  cell {code.index(index) + 1}/{len(code)}{where}: "
                f"{textwrap.shorten(first, 70)}")

    return started


def explore_parameters(recipient: str, start: int | None = None, end: int | None = None,
                       edition: str | None = None,
                       defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The notebook parameters for ``armsdata explore`` options.

    The one place that knows the parameter names of :data:`EXPLORE_NOTEBOOK` (read its
    ``parameters`` cell): the CLI's RECIPIENT, ``--from``, ``--to`` and ``--edition`` become
    ``recipients``, ``start``, ``end`` and ``edition``.  The years of the charts over time
    (``history_start``, ``history_end``) are widened to take in the window, so a window before
    the notebook's default history (a historical state's, say) is drawn too.

    Parameters
    ----------
    recipient
        The recipient's canonical name.
    defaults
        The notebook's own values (:func:`~armsdata.report.execute.notebook_parameters`);
        needed to widen the history.
    """
    defaults = defaults or {}
    params: dict[str, Any] = {"recipients": [recipient]}
    for name, value in (("start", start), ("end", end), ("edition", edition)):
        if value is not None:
            params[name] = value
    first = start if start is not None else defaults.get("start")
    last = end if end is not None else defaults.get("end")
    if isinstance(first, int) and isinstance(defaults.get("history_start"), int) \
            and first < defaults["history_start"]:
        params["history_start"] = first
    if isinstance(last, int) and isinstance(defaults.get("history_end"), int) \
            and last > defaults["history_end"]:
        params["history_end"] = last
    return params


def explore_recipient(recipient: str, edition: Any = None) -> str:
    """The canonical name of the actor or SIPRI region *recipient* means, for ``armsdata explore``.

    Resolved as the notebook resolves it (:func:`armsdata.queries.resolve` on *edition*, default
    the newest): forgiving spellings, ISO3 codes, SIPRI's regions and subregions, and names the
    edition holds that the actor map lacks.

    Raises
    ------
    UnknownActorError
        Nothing matches (with "did you mean"), or *recipient* is the world: the page is about one
        recipient or region (the world's suppliers: ``armsdata shares World``).
    """
    from armsdata import editions, queries, regions
    from armsdata.errors import UnknownActorError

    try:
        sel = queries.resolve(recipient, editions.load(edition))
    except UnknownActorError as exc:
        try:
            regions.lookup(recipient)
        except UnknownActorError as near:  # a misspelt region: offer the regions it is close to
            if "did you mean" in str(near):
                raise UnknownActorError(f"{exc}; or, as a SIPRI region: {near}") from exc
        raise
    if sel.is_world:
        raise UnknownActorError(f"{recipient!r} is the world, not a recipient: `armsdata explore` "
                                "shows one recipient or SIPRI region (e.g. India, Middle East); "
                                "for the world's suppliers use `armsdata shares World`.")
    return sel.name


def _slug(name: str) -> str:
    """A file-name piece for a name: ``Hezbollah (Lebanon)`` -> ``hezbollah-lebanon``."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "recipient"

