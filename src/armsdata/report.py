"""The reviewer report: execute every notebook and render a static, self-contained HTML site.

:func:`build_site` runs each notebook of ``notebooks/`` in a fresh kernel from the shipped data and
writes::

    site/
      index.html          a figure of every numeric claim, one line per claim (verdict, figure,
                          reason; the rest behind a disclosure control), notebooks, data editions
      00-overview.html    one page per notebook: prose, outputs and figures; code folded
      ...
      build.json          the same provenance, machine-readable

:func:`explore` runs the parameterised who-arms-whom notebook for any recipient with papermill and
writes it as one page of the same kind (``armsdata explore``).

Every page opens from ``file://`` with no network: no script, style, font or image is fetched from
elsewhere (the nbconvert template drops require.js, MathJax and mermaid; images are data URIs; CSS
is inlined), and :func:`build_site` refuses to finish a page that still references a remote
resource.  Every page carries its provenance in a header and footer, outside the notebook cells:
the data editions with the sha256 of their manifests, the armsdata version, the git commit and the
UTC time of the build.  Pages print cleanly (no navigation or controls, every disclosure open,
addresses of links printed after them), and every figure has alt text.

The committed notebooks are never written: they are read into memory, executed there, and only
HTML leaves the build (nbval compares their stored outputs, so a rewrite would change the test).

Example
-------
>>> from armsdata import report
>>> report.build_site()                                  # doctest: +SKIP
PosixPath('site')
>>> report.explore("India", 2011, 2020)                  # doctest: +SKIP
PosixPath('explore-india-2011-2020.html')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import quote

from armsdata.errors import ArmsDataError

log = logging.getLogger(__name__)

#: Where the site goes unless told otherwise (relative to the working directory; git-ignored).
DEFAULT_OUTPUT = Path("site")
#: Seconds one cell may run before the build fails: generous, since a notebook that loads every
#: shipped edition takes a few seconds on a slow machine and a hung kernel must still end.
DEFAULT_TIMEOUT = 600
#: The notebook that claims without a notebook of their own link to.
OVERVIEW = "00-overview"
#: The kernel every notebook runs in: the Python running the build (jupyter_client maps the
#: native "python3" spec to sys.executable), so the report uses the armsdata that is installed,
#: whatever kernel name a notebook's metadata happens to carry.
KERNEL_NAME = "python3"
#: Notebooks executed at the same time: one kernel per core, since a kernel is CPU-bound while it
#: parses and computes (two cores: about half the wall time of one after the other).
DEFAULT_JOBS = max(1, os.cpu_count() or 1)
#: Seconds a kernel may take to start.
KERNEL_STARTUP_TIMEOUT = 60
#: Given to every kernel the report starts: figures carry alt text (armsdata.plots.alt_text, from
#: their titles and labels) in their output metadata even in a notebook that never calls
#: plots.apply_style, so no page shows an image without a description.
KERNEL_ARGUMENTS = (
    "--IPKernelApp.exec_lines=import armsdata.plots; armsdata.plots.register_alt_text()",)
#: Seconds ``git rev-parse`` may take; provenance says "unknown" rather than hang the build.
GIT_TIMEOUT = 10
#: The README's commands, shown on the index page.
REPRODUCE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("make reproduce", "verify the data, execute every notebook, build this site"),
    ("make test", "the test suite, with nbval on the committed notebooks"),
    ("armsdata report --output site", "this site alone"),
)
SITE_TITLE = "armsdata: the article's claims checked against the SIPRI Arms Transfers Database"
#: Written into every site; also marks a folder :func:`build_site` may replace.
BUILD_INFO = "build.json"
GENERATOR = "armsdata report"

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOTEBOOK_TEMPLATE = TEMPLATES / "armsdata-notebook.html.j2"
INDEX_TEMPLATE = "armsdata-index.html.j2"
PROVENANCE_TEMPLATE = "armsdata-provenance.html.j2"
CSS_FILE = TEMPLATES / "armsdata.css"
#: Inline script of notebook pages: folds the code cells and adds the "show all code" switch.
CODE_SCRIPT = TEMPLATES / "armsdata-code.js"

#: Fields of a claim result (DESIGN.md "Claims", docs/claims.md) that the index shows.
CLAIM_FIELDS = ("id", "quote", "check", "comparator", "unit", "summary", "claimed", "quantity",
                "claim_low", "claim_high", "value", "low", "high", "range_kind", "verdict",
                "reason", "explanation", "evidence", "assumptions", "edition", "basis", "notebook")
#: The fields the schema allows to be empty, with the empty value a result may leave out:
#: no point or range (``value``/``low``/``high`` None), no SIPRI edition or basis ("" for ledger
#: claims), no notebook.  Every other field must be there.
OPTIONAL_FIELDS: dict[str, Any] = {"value": None, "low": None, "high": None, "edition": "",
                                   "basis": "", "notebook": None}
#: Keys of one entry of a result's ``assumptions``.
ASSUMPTION_KEYS = ("name", "value", "confirmed", "effect")


class ReportError(ArmsDataError, RuntimeError):
    """The report could not be built: a notebook failed, claims could not be evaluated, or a page
    would fetch something from the network."""


# --------------------------------------------------------------------------------------------
# Provenance
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Edition:
    """One data snapshot used by the report."""

    name: str
    edition: str
    kind: str
    files: int
    manifest_sha256: str
    problems: int = 0  # verification failures (changed or missing files); 0 when verified


@dataclass(frozen=True)
class Provenance:
    """What a page was built from: data editions, armsdata version, git commit, UTC build time."""

    editions: tuple[Edition, ...]
    version: str
    commit: str
    built: str

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def editions(data_dir: str | os.PathLike[str] | None = None, verify: bool = True) -> list[Edition]:
    """Every snapshot in *data_dir* (default: the shipped ``data/raw``) with its manifest hash.

    Parameters
    ----------
    data_dir
        Folder holding the snapshot folders; None for :func:`armsdata.snapshot.default_data_dir`.
    verify
        Check every file against its manifest and count the problems (changed or missing files).
    """
    from armsdata import snapshot

    return [Edition(name=r["snapshot"], edition=r["edition"], kind=r["kind"], files=r["files"],
                    manifest_sha256=r["manifest_sha256"], problems=r["problems"])
            for r in snapshot.inventory(data_dir, check=verify)]


def git_commit(cwd: str | os.PathLike[str] | None = None) -> str:
    """Short hash of HEAD, with ``-dirty`` when tracked files differ from it; ``"unknown"`` when
    there is no git or no repository."""
    cwd = Path(cwd) if cwd is not None else _repo_dir()
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True,
                              text=True, timeout=GIT_TIMEOUT, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
                                capture_output=True, text=True, timeout=GIT_TIMEOUT,
                                check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        log.info("no git commit for the report (%s); provenance says 'unknown'", exc)
        return "unknown"
    if not head:
        return "unknown"
    return f"{head}-dirty" if status else head


def provenance(data_dir: str | os.PathLike[str] | None = None,
               built: dt.datetime | None = None) -> Provenance:
    """The provenance stamped on every page of a build."""
    import armsdata

    built = built or dt.datetime.now(dt.timezone.utc)
    return Provenance(
        editions=tuple(editions(data_dir)),
        version=armsdata.__version__,
        commit=git_commit(),
        built=built.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def verified_provenance(data_dir: str | os.PathLike[str] | None = None) -> Provenance:
    """:func:`provenance`, refusing snapshots that fail verification.

    Raises
    ------
    ReportError
        A snapshot has changed or missing files.
    """
    prov = provenance(data_dir)
    bad = [e for e in prov.editions if e.problems]
    if bad:
        names = ", ".join(f"{e.name} ({e.problems} file(s))" for e in bad)
        raise ReportError(f"snapshots fail verification: {names}. Run `armsdata verify` for the "
                          "details; restore the files (git checkout -- data/raw) and build again.")
    return prov


def _repo_dir() -> Path:
    from armsdata.snapshot import project_root

    return project_root() or Path.cwd()


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------

def claim_rows(results: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """The index's rows: one dict per evaluated claim, with :data:`CLAIM_FIELDS`.

    The one place where results of ``armsdata.claims`` become what the report shows; everything
    else in this module reads rows.

    Parameters
    ----------
    results
        Evaluated claims (``armsdata.claims.ClaimResult``, or anything with ``to_dict()``, or
        mappings); None evaluates every claim with ``armsdata.claims.evaluate_each()``: a claim
        that cannot be evaluated is shown as the engine reports it (not-checkable, with the
        reason) and named in a warning, and the others are still shown.

    Raises
    ------
    ReportError
        ``armsdata.claims`` cannot be imported (the index needs real verdicts, so there is no
        fallback), or a result lacks a field the index shows (:func:`claim_row`).
    """
    if results is None:
        try:
            claims = importlib.import_module("armsdata.claims")
        except ImportError as exc:
            raise ReportError(
                f"cannot import armsdata.claims ({exc}); the report's index needs the evaluated "
                "claims. Fix the import error (or install the package with `pip install -e .`) "
                "and build again.") from exc
        results, failures = claims.evaluate_each()
        for cid, exc in failures:
            log.warning("claim %s cannot be evaluated (%s: %s); the index shows what the claims "
                        "engine reports for it", cid, type(exc).__name__, exc)
    return [claim_row(r) for r in results]


def claim_row(result: Any) -> dict[str, Any]:
    """One claim result as a row of the index: the fields of :data:`CLAIM_FIELDS`, checked and
    in plain Python types.

    Missing :data:`OPTIONAL_FIELDS` get their empty value; numbers become float or None (NaN is
    None); an open claim limit (None, ``"inf"``) becomes ±inf; ``evidence`` a list of strings;
    ``assumptions`` a list of dicts with :data:`ASSUMPTION_KEYS`.

    Raises
    ------
    ReportError
        A required field is missing: the engine and the report disagree about the schema.
    """
    if hasattr(result, "to_dict") and callable(result.to_dict):
        d = dict(result.to_dict())
    elif isinstance(result, Mapping):
        d = dict(result)
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        d = dataclasses.asdict(result)
    else:
        raise ReportError(f"a claim result of type {type(result).__name__} is neither a mapping "
                          "nor has to_dict(); the report reads the result fields of "
                          "docs/claims.md.")
    missing = [f for f in CLAIM_FIELDS if f not in d and f not in OPTIONAL_FIELDS]
    if missing:
        raise ReportError(
            f"claim {d.get('id', '?')!r}: the result lacks {', '.join(missing)}; the index shows "
            "the claim-result fields of docs/claims.md (report.CLAIM_FIELDS). Update "
            "armsdata.claims and report.CLAIM_FIELDS together.")
    row = {f: d.get(f, OPTIONAL_FIELDS.get(f)) for f in CLAIM_FIELDS}
    for f in ("value", "low", "high"):
        row[f] = _float_or_none(row[f])
    row["claim_low"] = _claim_limit(row["claim_low"], -math.inf)
    row["claim_high"] = _claim_limit(row["claim_high"], math.inf)
    q = row["quantity"]
    row["quantity"] = ([_float_or_none(x) for x in q] if isinstance(q, (list, tuple))
                       else _float_or_none(q))
    row["evidence"] = _evidence_items(row["evidence"])
    row["assumptions"] = [_assumption(a) for a in (row["assumptions"] or [])]
    for f in ("id", "quote", "check", "comparator", "unit", "summary", "claimed", "range_kind",
              "verdict", "reason", "explanation", "edition", "basis"):
        row[f] = _text(row[f])
    row["notebook"] = None if _missing(row["notebook"]) or not row["notebook"] \
        else str(row["notebook"])
    return row


def _float_or_none(x: Any) -> float | None:
    if _missing(x):
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _claim_limit(x: Any, open_end: float) -> float:
    f = _float_or_none(x)
    if f is None and isinstance(x, str):  # "inf", "-Infinity" from JSON-minded engines
        try:
            f = float(x)
        except ValueError:
            f = None
    return open_end if f is None else f


def _assumption(a: Any) -> dict[str, Any]:
    if not isinstance(a, Mapping):
        return {"name": _text(a), "value": "", "confirmed": False, "effect": ""}
    return {"name": _text(a.get("name")), "value": _text(a.get("value")),
            "confirmed": bool(a.get("confirmed")) if not _missing(a.get("confirmed")) else False,
            "effect": _text(a.get("effect"))}


# --------------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------------

def default_notebooks_dir() -> Path:
    """``notebooks/`` of the project this package was installed from, else of the working dir."""
    return _repo_dir() / "notebooks"


def find_notebooks(notebooks_dir: str | os.PathLike[str]) -> list[Path]:
    """The notebooks of *notebooks_dir*, sorted by name with ``00-overview.ipynb`` first.

    Hidden files and Jupyter's checkpoint copies are left out.
    """
    d = Path(notebooks_dir)
    found = [p for p in d.glob("*.ipynb") if p.is_file() and not p.name.startswith(".")]
    return sorted(found, key=lambda p: (p.stem != OVERVIEW, p.name))


@dataclass
class Page:
    """One notebook page of the site."""

    source: Path          # the committed notebook
    href: str             # file name of the page in the site, URL-quoted
    title: str
    executed: bool
    seconds: float = 0.0
    claims: tuple[str, ...] = ()  # ids of the claims the notebook checks (see notebook_claims)
    edition: str = ""     # the edition the notebook ran on, when the build asked for one
    injected: tuple[str, ...] = ()  # the parameters set to it
    error: str = ""       # why the notebook could not run on that edition

    @property
    def stem(self) -> str:
        return self.source.stem

    @property
    def display(self) -> str:
        """The notebook's path as a reader of the repository knows it (notebooks/NAME.ipynb)."""
        try:
            return self.source.resolve().relative_to(_repo_dir().resolve()).as_posix()
        except ValueError:
            return self.source.name

    @property
    def note(self) -> str:
        if self.error:
            return f"could not run on edition {self.edition}"
        on = ""
        if self.edition:
            on = (f" on edition {self.edition} ({', '.join(self.injected)} set to it)"
                  if self.injected else f" (it names no edition: {self.edition} does not apply)")
        if self.executed:
            return f"executed for this build in a fresh kernel{on} ({self.seconds:.1f} s)"
        return "outputs as committed (not re-executed for this build)"


def execute_notebook(nb: Any, cwd: str | os.PathLike[str], timeout: int = DEFAULT_TIMEOUT,
                     env: Mapping[str, str] | None = None, name: str = "notebook") -> Any:
    """Execute the in-memory notebook *nb* in a fresh kernel whose working directory is *cwd*.

    *nb* is changed in place (and returned); nothing is written to disk.

    Raises
    ------
    ReportError
        A cell raised, timed out, or the kernel died; the message names the notebook and shows
        the cell and its traceback.
    """
    from jupyter_core.utils import run_sync

    return run_sync(_execute)(nb, cwd, timeout, env, name)


async def _execute(nb: Any, cwd: str | os.PathLike[str], timeout: int,
                   env: Mapping[str, str] | None, name: str) -> Any:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    sockets = Path(tempfile.mkdtemp(prefix="armsdata-kernel-"))
    env = dict(env) if env is not None else _kernel_env()
    client = NotebookClient(nb, km=_kernel_manager(sockets, env), timeout=timeout,
                            startup_timeout=KERNEL_STARTUP_TIMEOUT, kernel_name=KERNEL_NAME,
                            allow_errors=False, extra_arguments=list(KERNEL_ARGUMENTS),
                            resources={"metadata": {"path": str(cwd)}},
                            shutdown_kernel="immediate")
    try:
        # cleanup_kc: nbclient shuts down only the kernels of managers it made itself; without it
        # every kernel would live on until this process exits ("Parent appears to have exited")
        await client.async_execute(env=env, cwd=str(cwd), cleanup_kc=True)
    except CellExecutionError as exc:
        raise ReportError(f"{name}: a cell failed while building the report:\n{_plain(exc)}\n"
                          "Run the notebook in Jupyter to fix it, then build again.") from exc
    except (CellTimeoutError, DeadKernelError) as exc:
        raise _kernel_error(exc, name, timeout) from exc
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    return nb


def _kernel_error(exc: BaseException, name: str, timeout: int) -> ReportError:
    """The report's error for a cell that timed out or a kernel that died (nbclient's, also
    under papermill)."""
    from nbclient.exceptions import CellTimeoutError

    if isinstance(exc, CellTimeoutError):
        return ReportError(f"{name}: a cell ran longer than {timeout} s ({exc}); raise --timeout "
                           "or make the cell faster.")
    return ReportError(f"{name}: the kernel died while executing ({exc}).")


def _kernel_manager(sockets: Path, env: Mapping[str, str]) -> Any:
    """A kernel manager on IPC sockets in *sockets* whose kernel starts with *env*.

    IPC (Unix sockets in a private folder) rather than TCP on localhost: other users of the
    machine cannot connect to the kernel, and ipykernel has no plain-text warning to print.  The
    environment is set here rather than by the caller because papermill starts the kernel without
    passing one.
    """
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw.setdefault("env", dict(env))
            await super().start_kernel(**kw)

    return KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(sockets / "k"))


async def _execute_all(jobs: Sequence[tuple[Any, Page]], cwd: Path, timeout: int,
                       env: Mapping[str, str], parallel: int, say: "_Progress", *,
                       keep_going: bool = False) -> None:
    """Execute notebooks, *parallel* kernels at a time; on the first failure stop the others,
    or (*keep_going*) record the failure on its page and go on."""
    import asyncio

    slots = asyncio.Semaphore(max(1, parallel))
    done = 0

    async def one(nb: Any, page: Page) -> None:
        nonlocal done
        async with slots:
            t = time.perf_counter()
            try:
                await _execute(nb, cwd, timeout, env, str(page.source))
            except ReportError as exc:
                if not keep_going:
                    raise
                page.error = str(exc)
            page.seconds = time.perf_counter() - t
            done += 1
            state = "could not run" if page.error else "executed"
            say(f"  [{done}/{len(jobs)}] {page.source.name}: {state} in {page.seconds:.1f} s")

    tasks = [asyncio.ensure_future(one(nb, page)) for nb, page in jobs]
    try:
        await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()  # nbclient shuts the kernel of a cancelled run down
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _plain(exc: BaseException) -> str:
    """An exception's message without the terminal colours of IPython's tracebacks."""
    return _ANSI.sub("", str(exc))


def _kernel_env(data_dir: str | os.PathLike[str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # A CI that exports MPLBACKEND=Agg would leave every figure out of the outputs: figures must
    # reach the page, so the kernel always uses the inline backend.
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # The debugger's warning about frozen modules is noise on the kernel's stderr.
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if data_dir is not None:
        from armsdata.snapshot import DATA_DIR_ENV

        env[DATA_DIR_ENV] = str(Path(data_dir).resolve())
    return env


def notebook_claims(nb: Any, known_ids: Iterable[str]) -> tuple[str, ...]:
    """Ids of the claims a notebook checks, in the order of *known_ids*.

    A notebook names its claims in its metadata (``{"armsdata": {"claims": ["id", ...]}}``), or
    by quoting a claim's id in a code cell (``CLAIM_ID = "russia-share-2011-2020"``), as the
    notebooks do when they call ``claims.evaluate``.
    """
    meta = nb.metadata.get("armsdata", {}) if hasattr(nb, "metadata") else {}
    declared = {str(i) for i in (meta.get("claims") or [])} if isinstance(meta, Mapping) else set()
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    quoted = {m.group(2) for m in re.finditer(r"""(["'])([^"'\s]+)\1""", code)}
    return tuple(i for i in known_ids if i in declared or i in quoted)


def claim_pages(claims: Sequence[Mapping[str, Any]], pages: Sequence[Page]
                ) -> dict[str, Page | None]:
    """The page each claim links to, by claim id.

    In order: the notebook the claim result names (its ``notebook`` field); the first notebook
    other than the overview that checks the claim (:func:`notebook_claims`); the overview page.
    None when there is none of these: the index then shows the claim without a link, and
    :func:`build_site` says so.
    """
    by_stem = {p.stem: p for p in pages}
    overview = by_stem.get(OVERVIEW)
    out: dict[str, Page | None] = {}
    for c in claims:
        cid = _text(c.get("id"))
        named = c.get("notebook")
        page = by_stem.get(Path(str(named)).stem) if not _missing(named) and named else None
        if named and page is None:
            log.warning("claim %r names notebook %r, which is not in the site", cid, named)
        page = page or next((p for p in pages if p is not overview and cid in p.claims), None)
        out[cid] = page or overview
    return out


def notebook_title(nb: Any, fallback: str) -> str:
    """The notebook's ``metadata.title``, else its first Markdown heading, else *fallback*."""
    title = nb.metadata.get("title") if hasattr(nb, "metadata") else None
    if title:
        return str(title)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", line)
            if m:
                return re.sub(r"[*_`]", "", m.group(1)).strip() or fallback
    return fallback


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------

def _jinja_env() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env


def _provenance_parts(p: Provenance, pages: Sequence[Page], current: str,
                      note: str | None) -> tuple[str, str]:
    """Header and footer HTML of one page, escaped.  With no *pages* the header has no
    navigation (a page that stands alone, as from :func:`explore`)."""
    macros = _jinja_env().get_template(PROVENANCE_TEMPLATE).module
    return str(macros.header(p, pages, current, note)), str(macros.footer(p))


def render_notebook(nb: Any, page: Page, pages: Sequence[Page], prov: Provenance,
                    exporter: Any | None = None, note: str | None = None) -> str:
    """HTML of one notebook page: nbconvert's lab layout, self-contained, with provenance.

    Code cells are folded behind a control each and a page switch (open without JavaScript);
    every figure has alt text (:func:`describe_figures`); links whose text is their address get
    the class ``ad-url`` so print does not repeat the address after them.

    Parameters
    ----------
    note
        The line under the provenance stamp; default says which notebook the page is made from
        and whether it was executed.
    """
    exporter = exporter or notebook_exporter()
    header, footer = _provenance_parts(
        prov, pages, page.href, note or f"Page made from {page.display}; {page.note}.")
    resources = {
        "metadata": {"name": page.title, "path": str(page.source.parent)},
        "armsdata": {"header": header, "footer": footer, "css": CSS_FILE.read_text("utf-8"),
                     "script": CODE_SCRIPT.read_text("utf-8")},
    }
    nb = describe_figures(nb, page.title, page.source.name)
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return mark_url_links(rewrite_notebook_links(body, pages))


#: nbconvert's alt text for an image without one (nbconvert.exporters.html): not a description.
NBCONVERT_NO_ALT = "No description has been provided for this image"
_IMAGE_TYPES = ("image/png", "image/jpeg")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.M)
_SECTION = re.compile(r"^\s{0,3}#{2,6}\s+(.+?)\s*#*\s*$", re.M)


def describe_figures(nb: Any, title: str, name: str = "notebook") -> Any:
    """*nb* with alt text on every image output (a copy if any was missing).

    Figures executed for the report carry their own (``armsdata.plots.alt_text``, from their
    titles, stored in the output's metadata by the kernel).  Outputs stored before that have
    none; they are described by the section they stand in ("Figure in the section “…” of
    “<title>”"), and a warning names the notebook so it is re-executed.
    """
    import copy

    missing = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code"
               for o in c.get("outputs", [])
               if any(t in o.get("data", {}) for t in _IMAGE_TYPES)
               and not any((o.get("metadata", {}).get(t) or {}).get("alt") for t in _IMAGE_TYPES)]
    if not missing:
        return nb
    nb = copy.deepcopy(nb)
    heading = ""
    described = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _HEADING.findall(cell.source)
            heading = re.sub(r"[*_`]", "", found[-1]).strip() if found else heading
            continue
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            kinds = [t for t in _IMAGE_TYPES if t in out.get("data", {})]
            if not kinds or any((out.get("metadata", {}).get(t) or {}).get("alt") for t in kinds):
                continue
            where = f"the section \u201c{heading}\u201d of \u201c{title}\u201d" if heading \
                else f"\u201c{title}\u201d"
            md = out.setdefault("metadata", {})
            for t in kinds:
                md.setdefault(t, {})["alt"] = f"Figure in {where}."
            described += 1
    log.warning("%s: %d figure(s) have no alt text of their own (outputs stored before "
                "armsdata.plots.register_alt_text); described by their section heading. "
                "Re-execute the notebook to store descriptions from the figures' titles.",
                name, described)
    return nb


_URL_ANCHOR = re.compile(r'<a href="(https?://[^"]+)"([^>]*)>\s*\1\s*</a>')


def mark_url_links(html: str) -> str:
    """Give links whose text is their own address the class ``ad-url`` (print shows the address
    of every other link after its text)."""
    def sub(m: re.Match[str]) -> str:
        rest = m.group(2)
        if "class=" in rest:
            return m.group(0)
        return f'<a href="{m.group(1)}" class="ad-url"{rest}>{m.group(1)}</a>'
    return _URL_ANCHOR.sub(sub, html)


_NOTEBOOK_HREF = re.compile(r'href="([^"#/:]+\.ipynb)(#[^"]*)?"')


def rewrite_notebook_links(html: str, pages: Sequence[Page]) -> str:
    """Point links between notebooks (``href="02-loans.ipynb"``) at their pages in the site.

    Notebooks link to each other by file name so the links work in Jupyter; in the site the
    same link must lead to the rendered ``.html`` page.  Links to notebooks that are not in the
    site are left alone.
    """
    by_name = {p.source.name: p.href for p in pages}

    def sub(m: re.Match[str]) -> str:
        return f'href="{by_name.get(m.group(1), m.group(1))}{m.group(2) or ""}"'

    return _NOTEBOOK_HREF.sub(sub, html)


def notebook_exporter() -> Any:
    """The nbconvert exporter for notebook pages (lab template without remote scripts)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        template_file=str(NOTEBOOK_TEMPLATE),
        embed_images=True,        # Markdown images become data URIs
        theme="light",
        require_js_url="",        # unused by the template; empty so no CDN URL can slip in
        mathjax_url="",
    )


def key_figure(row: Mapping[str, Any]) -> tuple[str, str]:
    """The evidence's figure for the index, as (figure, what kind of range and which).

    ``("93.7 %", "bound 93.0–94.7")``, ``("400–510 t", "reported range")``,
    ``("93.9 %", "bound 93.0–94.7 if even delivery split")``, ``("9 flights", "count 8–9")``,
    ``("–", "no figure from the evidence")``.  Numbers keep enough decimals not to cross the
    claim's limits (:func:`armsdata.plots.format_number`).
    """
    from armsdata import plots

    unit = _text(row.get("unit"))
    u = plots.unit_text(unit)
    limits = [x for x in (row.get("claim_low"), row.get("claim_high"))
              if isinstance(x, (int, float)) and math.isfinite(x)]

    def num(x: float) -> str:
        return plots.format_number(x, unit, limits)

    value, low, high = (_float_or_none(row.get(k)) for k in ("value", "low", "high"))
    kind = _text(row.get("range_kind")) or "none"
    label = plots.RANGE_KINDS.get(kind, kind)
    if kind == "conditional-bound":
        label = "bound"
    if low is not None and high is not None:
        rng = plots.format_range(low, high, unit, limits)
    elif low is not None:
        rng = f"at least {num(low)}"
    elif high is not None:
        rng = f"at most {num(high)}"
    else:
        rng = ""
    if value is not None:
        figure = f"{num(value)}{u}"
        detail = label if not rng or rng == num(value) else f"{label} {rng}".strip()
    elif rng:
        figure, detail = f"{rng}{u}", label
    else:
        return "–", "no figure from the evidence"
    if kind == "conditional-bound":
        detail += " " + plots.condition_text(row)
    return figure, detail.strip()


def verdict_css() -> str:
    """CSS for the verdict badges, from :data:`armsdata.plots.VERDICT_STYLES` (one definition
    for the figure and the page)."""
    from armsdata import plots

    return "\n".join(f".verdict-{_css_class(v)} {{ background: {st.colour}; color: {st.text}; }}"
                     for v, st in plots.VERDICT_STYLES.items())


def _css_class(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def overview_figure(claims: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The index figure as embeddable SVGs, wide (desktop, print) and narrow (phones):
    ``{"alt", "wide": {"src", "width", "height"}, "narrow": {...}}`` with ``src`` a data URI;
    None when no claim has a number."""
    from armsdata import plots

    if not any(plots.is_numeric_claim(c) for c in claims):
        return None
    out: dict[str, Any] = {}
    for layout in ("wide", "narrow"):
        fig = plots.claims_overview(claims, layout=layout)
        out["alt"] = plots.alt_text(fig)
        out[layout] = _svg(fig)
    return out


def _svg(fig: Any) -> dict[str, Any]:
    import base64
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    # text as paths: the figure looks the same whatever fonts the reader has; a fixed hash salt
    # and no date keep the SVG the same from build to build
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "armsdata"}):
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    w, h = fig.get_size_inches() * 96  # CSS pixels at the figure's own size; the page scales it
    return {"src": "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode(),
            "width": round(w), "height": round(h)}


#: Fields of one line of the index's edition-drift table (armsdata.claims.drift).
DRIFT_FIELDS = ("id", "summary", "comparator", "quantity", "unit", "claim_low", "claim_high",
                "edition", "snapshot", "basis", "value", "low", "high", "range_kind", "verdict",
                "answered", "reason")


def drift_rows(table: Any = None, data_dir: str | os.PathLike[str] | None = None
               ) -> list[dict[str, Any]]:
    """The index's edition-drift lines: one dict per claim and edition with
    :data:`DRIFT_FIELDS`, in plain Python types.

    Parameters
    ----------
    table
        A :func:`armsdata.claims.drift` table, or mappings with its columns; None evaluates
        every SIPRI-based claim of the article on every edition under *data_dir*.
    """
    if table is None:  # the same module claim_rows reads the verdicts from
        table = importlib.import_module("armsdata.claims").drift(data_dir=data_dir)
    records = table.to_dict(orient="records") if hasattr(table, "to_dict") else list(table)
    rows = []
    for r in records:
        row = {f: r.get(f) for f in DRIFT_FIELDS}
        for f in ("value", "low", "high"):
            row[f] = _float_or_none(row[f])
        row["claim_low"] = _claim_limit(row["claim_low"], -math.inf)
        row["claim_high"] = _claim_limit(row["claim_high"], math.inf)
        for f in ("id", "summary", "comparator", "unit", "edition", "snapshot", "basis",
                  "range_kind", "verdict", "reason"):
            row[f] = _text(row[f])
        row["answered"] = bool(row["answered"]) and not _missing(row["answered"])
        rows.append(row)
    return rows


def drift_lines(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """:func:`drift_rows` as the template shows them: per claim its editions, each with the
    figure (point and range, as :func:`key_figure` writes them), the verdict's badge, and the
    reason where the edition cannot answer."""
    from armsdata import plots

    groups: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = groups.setdefault(r["id"], {"id": r["id"], "summary": r["summary"] or r["id"],
                                        "claimed_region": plots.claimed_region(r)
                                        if plots.is_numeric_claim(r) else "", "editions": []})
        figure, detail = key_figure(r) if r["answered"] else ("–", "")
        verdict = r["verdict"] or "no verdict"
        g["editions"].append({
            "edition": r["edition"], "snapshot": r["snapshot"], "basis": r["basis"],
            "figure": figure, "figure_detail": detail, "verdict": verdict,
            "verdict_class": _css_class(verdict), "glyph": plots.verdict_style(verdict).glyph,
            "answered": r["answered"], "reason": r["reason"]})
    return list(groups.values())


def drift_figure(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The edition-drift figure as an embeddable SVG (``{"alt", "src", "width", "height"}``);
    None without rows."""
    import pandas as pd

    from armsdata import plots

    if not rows:
        return None
    fig = plots.edition_drift(pd.DataFrame(list(rows), columns=list(DRIFT_FIELDS)))
    return {"alt": plots.alt_text(fig), **_svg(fig)}


def render_index(claims: Sequence[Mapping[str, Any]], pages: Sequence[Page], prov: Provenance,
                 title: str = SITE_TITLE, *, lead: str = "", standalone: bool = False,
                 drift: Sequence[Mapping[str, Any]] | None = None) -> str:
    """HTML of the index page: a figure of every numeric claim, then a table with one line per
    claim (summary, verdict, key figure, reason) and the rest behind a disclosure control.

    Every value from data or claims is escaped (Jinja2 autoescape); only ``http(s)`` URLs in the
    evidence become links, and they stay plain anchors (nothing is fetched).

    Parameters
    ----------
    claims
        Rows as from :func:`claim_rows`.
    pages
        The notebook pages of the site, in order.
    drift
        Lines as from :func:`drift_rows`: the section "Edition drift" (a figure and a table of
        every SIPRI-based claim on every edition); None or empty leaves it out.
    """
    from armsdata import plots

    links = claim_pages(claims, pages)
    rows = []
    for c in claims:
        cid = _text(c.get("id"))
        page = links[cid]
        verdict = _text(c.get("verdict"))
        style = plots.verdict_style(verdict)
        figure, detail = key_figure(c)
        rows.append({
            "id": cid,
            "anchor": re.sub(r"[^A-Za-z0-9_.-]+", "-", cid) or "claim",
            "summary": _text(c.get("summary")) or cid,
            "quote": _text(c.get("quote")),
            "claimed": _text(c.get("claimed")),
            "claimed_region": plots.claimed_region(c) if plots.is_numeric_claim(c) else "",
            "verdict": verdict or "no verdict",
            "verdict_class": _css_class(verdict),
            "glyph": style.glyph,
            "figure": figure,
            "figure_detail": detail,
            "reason": _text(c.get("reason")),
            "explanation": _text(c.get("explanation")),
            "evidence": [_linkify(e) for e in _evidence_items(c.get("evidence"))],
            "assumptions": [_assumption(a) for a in (c.get("assumptions") or [])],
            "check": _text(c.get("check")),
            "edition": _text(c.get("edition")),
            "basis": _text(c.get("basis")),
            "href": page.href if page else None,
            "page_title": page.title if page else None,
        })
    counts: dict[str, int] = {}
    for r in rows:  # in order of first appearance, then put in the engine's order
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    order = [v for v in plots.VERDICT_STYLES if v in counts] + [
        v for v in counts if v not in plots.VERDICT_STYLES]
    summary = [(v, _css_class(v), plots.verdict_style(v).glyph, counts[v]) for v in order]
    width = max(len(cmd) for cmd, _ in REPRODUCE_COMMANDS)
    return _jinja_env().get_template(INDEX_TEMPLATE).render(
        title=title, claims=rows, pages=pages, p=prov, css=CSS_FILE.read_text("utf-8"),
        verdict_css=verdict_css(), figure=overview_figure(claims), summary=summary,
        reproduce=REPRODUCE_COMMANDS, width=width, lead=lead, standalone=standalone,
        drift=drift_lines(drift or []), drift_figure=drift_figure(drift or []))


def write_check_page(results: Sequence[Any], output: str | os.PathLike[str], *, title: str,
                     source: str = "", author: str = "",
                     data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write the verdicts of ``armsdata check`` as one self-contained page in the report's look
    (the figure, one line per claim, the details behind a disclosure control), atomically.

    Every string from the claims file is escaped, as on the index.

    Returns
    -------
    Path
        *output*.
    """
    out = Path(output)
    rows = claim_rows(results)
    by = f" by {author}" if author else ""
    lead = (f"The claims of {source or 'a claims file'}{by}, each checked by armsdata against "
            "the SIPRI Arms Transfers Database (and the curated ledgers where a claim names "
            "one). The figure shows every claim with a number against its evidence; the table "
            "gives each verdict with its reason, and the full explanation behind details.")
    html = render_index(rows, [], provenance(data_dir), title=title, lead=lead, standalone=True)
    return write_page(html, out)


def write_page(html: str, output: str | os.PathLike[str]) -> Path:
    """Write one self-contained page atomically (temp file, then rename), after checking that
    it fetches nothing from the network.

    Raises
    ------
    ReportError
        The page would fetch a remote resource (nothing is written).
    """
    out = Path(output)
    problems = external_resources(html)
    if problems:
        raise ReportError(f"the page would fetch from the network: {'; '.join(problems)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(x != x)  # NaN, pd.NA raise or compare unequal to themselves
    except (TypeError, ValueError):
        return True


def _text(x: Any) -> str:
    return "" if _missing(x) else str(x)


def _evidence_items(ev: Any) -> list[str]:
    if isinstance(ev, str):
        return [ev] if ev else []
    if isinstance(ev, Mapping):
        return [f"{k}: {v}" for k, v in ev.items()]
    if isinstance(ev, Iterable):
        return [str(e) for e in ev if not _missing(e)]
    return [] if _missing(ev) else [str(ev)]


_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


def _linkify(text: str) -> Any:
    """*text* escaped, with http(s) URLs as plain anchors (Markup, so Jinja does not re-escape)."""
    from markupsafe import Markup, escape

    out = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:)]")
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<a href="{0}" class="ad-url" rel="noopener noreferrer">{0}</a>')
                   .format(url))
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# --------------------------------------------------------------------------------------------
# Self-containment
# --------------------------------------------------------------------------------------------

#: Attributes that make a browser fetch something when the page loads, per tag.  Plain anchors
#: (<a href>) are not here: a link to a source is fine, it is only followed when clicked.
FETCHING_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "body": ("background",), "meta": (),
}
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""",
                         re.IGNORECASE)


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        fetching = FETCHING_ATTRS.get(tag, ())
        for name, value in attrs:
            if not value:
                continue
            if name in fetching:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if "srcset" in name \
                    else [value]
                self.found += [f"<{tag} {name}={u!r}>" for u in urls if _REMOTE.match(u)]
            elif name == "style":
                self.found += [f"<{tag} style> {u}" for u in _CSS_REMOTE.findall(value)]
            elif tag == "meta" and name == "content" and "url=" in value.lower():
                # <meta http-equiv="refresh" content="0; url=https://...">
                target = value.lower().split("url=", 1)[1]
                if _REMOTE.match(target):
                    self.found.append(f"<meta content={value!r}>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [f"<style> {u}" for u in _CSS_REMOTE.findall(data)]


def external_resources(page_html: str) -> list[str]:
    """Everything in *page_html* that a browser would fetch from another host on load.

    Looks at the fetching attributes of :data:`FETCHING_ATTRS` (``script src``, ``link href``,
    ``img src``, ...), ``url()``/``@import`` in ``<style>`` and ``style=``, and meta refreshes.
    Anchors are not resources and are not reported.
    """
    finder = _ResourceFinder()
    finder.feed(page_html)
    finder.close()
    return finder.found


# --------------------------------------------------------------------------------------------
# The site
# --------------------------------------------------------------------------------------------

#: A parameter that names one edition: ``EDITION_TIV``, ``edition``, ``register_edition`` ... with
#: a text value.  ``armsdata report --edition E`` sets every such parameter to E (a list of
#: editions, such as the overview's ``DRIFT_EDITIONS``, is left alone).
EDITION_PARAMETER = re.compile(r"(?i)^(edition|edition_\w+|\w+_edition)$")


def edition_parameters(nb: Any) -> list[str]:
    """The names of *nb*'s parameters that each hold one edition (:data:`EDITION_PARAMETER`);
    none for a notebook without a ``parameters`` cell."""
    try:
        params = notebook_parameters(nb)
    except ReportError:
        return []
    return [k for k, v in params.items() if EDITION_PARAMETER.match(k) and isinstance(v, str)]


def on_edition(nb: Any, edition: str) -> tuple[Any, tuple[str, ...]]:
    """*nb* with every edition parameter set to *edition* (papermill's ``injected-parameters``
    cell after the ``parameters`` cell), and the names set."""
    names = tuple(edition_parameters(nb))
    if not names:
        return nb, ()
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    out = parameterize_notebook(load_notebook_node(nb), {n: edition for n in names},
                                kernel_name=KERNEL_NAME, language="python")
    return out, names


def _error_notebook(nb: Any, page: Page) -> Any:
    """A one-cell notebook that says why *page*'s notebook could not run on its edition."""
    import nbformat

    fence = "~~~~"
    error = _ANSI.sub("", page.error).replace(fence, "~ ~ ~ ~")[-4000:]
    text = (f"# {page.title}\n\n**This notebook could not run on edition {page.edition}.** "
            "The edition lacks a table or a year it needs; the claims it checks are listed on the "
            "index with the reason. Its committed outputs, on the shipped editions, are in the "
            "default report (`armsdata report`).\n\nThe error:\n\n"
            f"{fence}\n{error}\n{fence}\n")
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    out.cells = [nbformat.v4.new_markdown_cell(text)]
    return out


def build_site(output: Path = DEFAULT_OUTPUT, notebooks_dir: Path | None = None,
               execute: bool = True, timeout: int = DEFAULT_TIMEOUT, progress: bool = True, *,
               claims: Sequence[Mapping[str, Any]] | None = None,
               data_dir: str | os.PathLike[str] | None = None,
               jobs: int | None = None, drift: Any = None, edition: str | None = None) -> Path:
    """Execute every notebook and write the static report site to *output*.

    The site is built in a temporary folder beside *output* and moved into place at the end, so a
    failed build leaves the previous site as it was.  An existing *output* is replaced only if it
    is empty or a site this function wrote (it holds ``build.json``).

    Parameters
    ----------
    output
        Folder of the site.
    notebooks_dir
        Folder of the notebooks; default ``notebooks/`` of the project.  Notebooks run with it as
        their working directory, ``00-overview.ipynb`` first, then by name.
    execute
        Run each notebook in a fresh kernel (True), or render the outputs stored in the committed
        notebooks (False; each page says which).
    timeout
        Seconds one cell may run.
    progress
        Print each notebook and its time, and the total, to stderr.
    claims
        Rows for the verdict table as from :func:`claim_rows`; None evaluates every claim with
        ``armsdata.claims`` (the normal case; tests pass crafted rows).
    data_dir
        Folder of the snapshots; default the shipped ``data/raw``.  When given, the notebooks'
        kernels get it as ``$ARMSDATA_DATA_DIR`` too.
    drift
        The edition-drift lines of the index (:func:`drift_rows`: a ``claims.drift`` table or
        its rows); None computes them when *claims* is None too (the normal case), and leaves
        the section out for crafted *claims*.
    jobs
        Kernels running at the same time; default :data:`DEFAULT_JOBS`.  Notebooks share no
        state (each has its own kernel and process), so the order of execution does not matter;
        pages and index keep the notebook order.
    edition
        Build the report on this edition (a generated date, a snapshot name or a path): every
        SIPRI-based claim is evaluated on it alone, and every notebook runs with its edition
        parameters (:func:`edition_parameters`) set to it.  A notebook that cannot run on it
        gets a page saying why, and the build goes on; the index says which claims the edition
        cannot answer.  None: the shipped editions, as the committed notebooks name them.

    Returns
    -------
    Path
        *output*.

    Raises
    ------
    ReportError
        No notebooks; ``armsdata.claims`` not importable; a snapshot fails verification; a
        notebook fails; a page would fetch a remote resource; *output* holds something else.
    """
    t0 = time.perf_counter()
    output = Path(output)
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    say = _Progress(progress)
    _check_replaceable(output)
    notebooks = find_notebooks(nb_dir)
    if not notebooks:
        raise ReportError(f"no notebooks (*.ipynb) in {nb_dir}; nothing to report. Pass the "
                          "notebooks folder (--notebooks) or run from the project root.")
    say(f"armsdata report: {len(notebooks)} notebook(s) from {nb_dir} -> {output}"
        f"{'' if execute else ' (stored outputs, not executed)'}")

    prov = verified_provenance(data_dir)
    if edition is not None and not execute:
        raise ReportError("--edition needs the notebooks executed: their committed outputs are "
                          "on the shipped editions.")
    if claims is None:
        t = time.perf_counter()
        claims = claim_rows(_edition_results(edition, data_dir) if edition is not None else None)
        say(f"  claims: {len(claims)} evaluated in {time.perf_counter() - t:.1f} s")
        if drift is None:
            t = time.perf_counter()
            drift = drift_rows(data_dir=data_dir)
            say(f"  edition drift: {len(drift)} claim-edition lines in "
                f"{time.perf_counter() - t:.1f} s")
    else:
        claims = [claim_row(c) for c in claims]
    drift = drift_rows(drift) if drift is not None else []

    import nbformat

    loaded = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)  # an in-memory copy: the file is never written
        href = quote(path.stem + ".html")
        page = Page(source=path, href=href, title=notebook_title(nb, path.stem), executed=execute,
                    claims=notebook_claims(nb, [_text(c.get("id")) for c in claims]))
        if edition is not None:
            nb, page.injected = on_edition(nb, edition)
            page.edition = edition
        loaded.append((nb, page))
    pages = [page for _, page in loaded]
    unlinked = [cid for cid, page in claim_pages(claims, pages).items() if page is None]
    if unlinked:
        say(f"  warning: {len(unlinked)} claim(s) link to no page (no notebook names them and "
            f"there is no {OVERVIEW}.ipynb): {', '.join(unlinked)}")

    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}-tmp-", dir=output.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a site is for reading
    try:
        if execute:
            from jupyter_core.utils import run_sync

            n = min(len(loaded), jobs or DEFAULT_JOBS)
            say(f"  executing {len(loaded)} notebook(s), {n} kernel(s) at a time")
            run_sync(_execute_all)(loaded, nb_dir, timeout, _kernel_env(data_dir), n, say,
                                   keep_going=edition is not None)
            loaded = [(_error_notebook(nb, page) if page.error else nb, page)
                      for nb, page in loaded]
        exporter = notebook_exporter()
        t = time.perf_counter()
        for i, (nb, page) in enumerate(loaded, 1):
            t_page = time.perf_counter()
            (tmp / (page.stem + ".html")).write_text(render_notebook(nb, page, pages, prov,
                                                                     exporter), encoding="utf-8")
            if not execute:
                say(f"  [{i}/{len(loaded)}] {page.source.name}: rendered in "
                    f"{time.perf_counter() - t_page:.1f} s")
        if execute:
            say(f"  {len(loaded)} page(s) rendered in {time.perf_counter() - t:.1f} s")
        title, lead = SITE_TITLE, ""
        if edition is not None:
            label = _edition_label(edition, data_dir)
            title += f", on edition {label}"
            lead = (f"Each quantitative claim of the article; every SIPRI-based claim is checked "
                    f"on edition {label} alone (the ledger-based claims against the curated "
                    "ledgers, as always). A claim that edition cannot answer is listed with the "
                    "reason, and a notebook that cannot run on it says so on its page. The "
                    "figure shows every claim with a number against its evidence; the table "
                    "gives each verdict with its reason in one line, the full explanation, the "
                    "evidence and the assumptions behind details.")
        (tmp / "index.html").write_text(render_index(claims, pages, prov, title=title, lead=lead,
                                                     drift=drift), encoding="utf-8")
        _check_self_contained(tmp)
        total = time.perf_counter() - t0
        info = {"generator": GENERATOR, **prov.as_dict(), "seconds": round(total, 2),
                "claims": len(claims),
                "edition": edition,
                "notebooks": [{"notebook": p.source.name, "page": p.stem + ".html",
                               "title": p.title, "executed": p.executed,
                               "seconds": round(p.seconds, 2), "injected": list(p.injected),
                               "error": p.error} for p in pages]}
        (tmp / BUILD_INFO).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        _replace(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"armsdata report: site built in {time.perf_counter() - t0:.1f} s: "
        f"{output / 'index.html'}")
    return output


def _edition_label(edition: Any, data_dir: str | os.PathLike[str] | None) -> str:
    """An edition as readers know it: SIPRI's generated date and the snapshot's folder name."""
    from armsdata import editions

    try:
        ed = editions.load(edition, data_dir=data_dir)
    except ArmsDataError:
        return str(edition)
    return ed.edition if ed.edition == ed.name else f"{ed.edition} ({ed.name})"


def _edition_results(edition: str, data_dir: str | os.PathLike[str] | None) -> list[Any]:
    """Every claim of the article evaluated with its SIPRI evidence on *edition* alone."""
    claims = importlib.import_module("armsdata.claims")
    ctx = claims.Context(override=[edition], data_dir=data_dir)
    results, _ = claims.evaluate_each(None, ctx)
    return results


class _Progress:
    """Progress lines on stderr (the library adds no logging handlers, so this is a plain print)."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, msg: str) -> None:
        log.info(msg)
        if self.on:
            print(msg, file=sys.stderr, flush=True)


def _check_replaceable(output: Path) -> None:
    if output.exists() and (not output.is_dir() or (any(output.iterdir())
                                                    and not (output / BUILD_INFO).is_file())):
        raise ReportError(f"{output} exists and is not a report site (no {BUILD_INFO}); refusing "
                          "to replace it. Choose another --output or remove it.")


def _check_self_contained(site: Path) -> None:
    problems = []
    for page in sorted(site.glob("*.html")):
        problems += [f"{page.name}: {r}" for r in external_resources(page.read_text("utf-8"))]
    if problems:
        lines = "\n  ".join(problems)
        raise ReportError(f"pages would fetch from the network (the site must work offline):\n"
                          f"  {lines}\nEmbed the resource (a local image, inline CSS) instead.")


def _replace(tmp: Path, output: Path) -> None:
    _check_replaceable(output)  # again: something may have appeared while notebooks ran
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        os.rename(output, old)
        os.rename(tmp, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, output)


# --------------------------------------------------------------------------------------------
# armsdata explore: the who-arms-whom notebook for any recipient, as one page
# --------------------------------------------------------------------------------------------

#: The parameterised notebook ``armsdata explore`` runs (in the notebooks folder).
EXPLORE_NOTEBOOK = "10-who-arms-whom.ipynb"
#: The papermill tag of the cell that holds a notebook's parameters.
PARAMETERS_TAG = "parameters"


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
        The notebook's own values (:func:`notebook_parameters`); needed to widen the history.
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


def notebook_parameters(nb: Any) -> dict[str, Any]:
    """The literal values assigned in *nb*'s ``parameters`` cell, by name.

    Reads assignments like ``start, end = 2011, 2020`` too (papermill's own inspection reads one
    name per line only).  Values that are not literals are left out.

    Raises
    ------
    ReportError
        The notebook has no cell tagged ``parameters``, or it is not valid Python.
    """
    import ast

    cells = [c for c in nb.cells if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ReportError(f"the notebook has no cell tagged {PARAMETERS_TAG!r}; papermill needs "
                          "one to set the parameters. Tag the cell that assigns them.")
    try:
        tree = ast.parse(cells[0].source)
    except SyntaxError as exc:
        raise ReportError(f"the notebook's parameters cell is not valid Python: {exc}") from exc
    out: dict[str, Any] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            names = [target] if isinstance(target, ast.Name) else list(
                getattr(target, "elts", []))
            values = [node.value] if isinstance(target, ast.Name) else list(
                getattr(node.value, "elts", []))
            if len(names) != len(values):
                continue
            for name, value in zip(names, values):
                if isinstance(name, ast.Name):
                    try:
                        out[name.id] = ast.literal_eval(value)
                    except ValueError:
                        out[name.id] = None  # assigned, but not a literal
    return out


#: Parameters through which a notebook names the recipients it shows.
RECIPIENT_PARAMETERS = ("RECIPIENT", "recipient", "RECIPIENTS", "recipients")


def notebook_recipients(notebooks_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Every recipient the notebooks' ``parameters`` cells name (``RECIPIENT = "Armenia"``,
    ``recipients = ["Armenia", "Azerbaijan"]``), as written, in notebook order; for
    ``armsdata fetch edition``, which fetches a table for each."""
    import nbformat

    out: list[str] = []
    for path in find_notebooks(notebooks_dir or default_notebooks_dir()):
        try:
            params = notebook_parameters(nbformat.read(path, as_version=4))
        except ReportError:
            continue
        for key in RECIPIENT_PARAMETERS:
            value = params.get(key)
            for name in ([value] if isinstance(value, str) else value or []):
                if isinstance(name, str) and name not in out:
                    out.append(name)
    return out


def explore(recipient: str, start: int | None = None, end: int | None = None,
            edition: str | None = None, output: str | os.PathLike[str] | None = None, *,
            notebooks_dir: str | os.PathLike[str] | None = None,
            timeout: int = DEFAULT_TIMEOUT, progress: bool = True,
            command: str | None = None) -> Path:
    """Run the who-arms-whom notebook for *recipient* with papermill and write one
    self-contained HTML page in the report's look.

    The name is resolved first (:func:`explore_recipient`: an unknown name raises with "did you
    mean" before any kernel starts); then papermill injects the parameters
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
        The TIV edition for the notebook's ``edition`` parameter; default the notebook's own.
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
    ReportError
        The notebook is missing or lacks a parameter the options map to; a cell failed or ran
        too long; a snapshot fails verification; the page would fetch a remote resource.
    """
    import nbformat

    from armsdata.errors import WindowError

    t0 = time.perf_counter()
    say = _Progress(progress)
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
    out = Path(output) if output is not None else Path.cwd() / (
        f"explore-{_slug(name)}-{first}-{last}.html")
    prov = verified_provenance()

    shown = ", ".join(f"{k}={v!r}" for k, v in params.items())
    say(f"armsdata explore: {source.name} for {name} ({shown}) -> {out}")
    t = time.perf_counter()
    executed = execute_with_papermill(nb, params, nb_dir, timeout=timeout, say=say,
                                      name=str(source))
    seconds = time.perf_counter() - t
    title = f"Who arms {name}? Suppliers {first}\u2013{last}, with honest bounds"
    executed.metadata["title"] = title
    page = Page(source=source, href=quote(out.name), title=title, executed=True,
                seconds=seconds)
    note = (f"Page made by `{command or 'armsdata explore ' + recipient}` from {page.display}, "
            f"executed with papermill in a fresh kernel for this page ({seconds:.1f} s); "
            f"parameters: {shown}.")
    write_page(render_notebook(executed, page, [], prov, note=note), out)
    say(f"armsdata explore: page written in {time.perf_counter() - t0:.1f} s: {out}")
    return out


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


def execute_with_papermill(nb: Any, parameters: Mapping[str, Any], cwd: str | os.PathLike[str],
                           timeout: int = DEFAULT_TIMEOUT, say: Any = None,
                           name: str = "notebook") -> Any:
    """Execute *nb* (in memory) with papermill after injecting *parameters*; return it executed.

    papermill puts the parameters in a cell tagged ``injected-parameters`` after the
    ``parameters`` cell, and records them in ``metadata.papermill``.  The kernel is the
    report's (:func:`_kernel_manager`: IPC sockets, the inline backend, figure descriptions);
    *say*, if given, is told which code cell starts.

    Raises
    ------
    ReportError
        A cell failed, ran longer than *timeout* seconds, or the kernel died.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    # Parameters are injected here rather than by execute_notebook(parameters=...), whose check
    # for unknown names reads one name per line and warns about `start, end = ...`;
    # explore() checks the names against notebook_parameters instead.
    # load_notebook_node copies *nb* and adds the cell metadata papermill expects
    nb = parameterize_notebook(load_notebook_node(nb), dict(parameters), kernel_name=KERNEL_NAME,
                               language="python")
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    section = {}
    heading = ""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":  # sections: level 2 and below (level 1 is the title)
            found = _SECTION.findall(cell.source)
            heading = re.sub(r"[*_`]", "", found[-1]).strip() if found else heading
        section[i] = heading

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        if say is not None and cell_index in code:
            k = code.index(cell_index) + 1
            first = next((ln.strip() for ln in cell.source.splitlines()
                          if ln.strip() and not ln.lstrip().startswith("#")), "")
            where = f" [{section[cell_index]}]" if section[cell_index] else ""
            say(f"  cell {k}/{len(code)}{where}: {textwrap.shorten(first, 70)}")

    sockets = Path(tempfile.mkdtemp(prefix="armsdata-kernel-"))
    km = _kernel_manager(sockets, _kernel_env())
    try:
        return papermill.execute_notebook(
            nb, None, kernel_name=KERNEL_NAME, language="python", progress_bar=False,
            log_output=False, request_save_on_cell_execute=False, cwd=str(cwd),
            start_timeout=KERNEL_STARTUP_TIMEOUT, execution_timeout=timeout,
            km=km, extra_arguments=list(KERNEL_ARGUMENTS), on_cell_start=started)
    except PapermillExecutionError as exc:
        raise ReportError(f"{name}: cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}\n"
                          f"{_ANSI.sub('', ''.join(exc.traceback))}") from exc
    except (CellTimeoutError, DeadKernelError) as exc:
        raise _kernel_error(exc, name, timeout) from exc
    finally:
        # papermill leaves the kernel of a manager it was given running: stop it here
        from jupyter_core.utils import run_sync

        run_sync(_stop_kernel)(km)
        shutil.rmtree(sockets, ignore_errors=True)


async def _stop_kernel(km: Any) -> None:
    """Stop *km*'s kernel if it still runs, and release its sockets.  At once, as nbclient's
    runs are (``shutdown_kernel="immediate"``): the notebook is done and holds nothing to save."""
    from jupyter_core.utils import ensure_async

    if km.has_kernel and await ensure_async(km.is_alive()):
        await ensure_async(km.shutdown_kernel(now=True))
    await ensure_async(km.cleanup_resources())


def _slug(name: str) -> str:
    """A file-name piece for a name: ``Hezbollah (Lebanon)`` -> ``hezbollah-lebanon``."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "recipient"
