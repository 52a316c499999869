"""The reviewer report: execute every notebook and render a static, self-contained HTML site.

:func:`build_site` runs each notebook of ``notebooks/`` in a fresh kernel from the shipped data and
writes::

    site/
      index.html          verdict table of every claim, notebooks, data editions, how to reproduce
      00-overview.html    one page per notebook: code, outputs, figures
      ...
      build.json          the same provenance, machine-readable

Every page opens from ``file://`` with no network: no script, style, font or image is fetched from
elsewhere (the nbconvert template drops require.js, MathJax and mermaid; images are data URIs; CSS
is inlined), and :func:`build_site` refuses to finish a page that still references a remote
resource.  Every page carries its provenance in a header and footer, outside the notebook cells:
the data editions with the sha256 of their manifests, the armsdata version, the git commit and the
UTC time of the build.

The committed notebooks are never written: they are read into memory, executed there, and only
HTML leaves the build (nbval compares their stored outputs, so a rewrite would change the test).

Example
-------
>>> from armsdata import report
>>> report.build_site()                                  # doctest: +SKIP
PosixPath('site')
"""

from __future__ import annotations

import argparse
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

#: Columns of a claim result (armsdata.claims) that the verdict table shows.
CLAIM_FIELDS = ("id", "quote", "value", "low", "high", "unit", "verdict", "explanation", "evidence")


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


def _repo_dir() -> Path:
    from armsdata.snapshot import project_root

    return project_root() or Path.cwd()


# --------------------------------------------------------------------------------------------
# Claims
# --------------------------------------------------------------------------------------------

def claim_rows(results: Sequence[Any] | None = None) -> list[dict[str, Any]]:
    """The verdict table's rows: ``armsdata.claims.results_frame`` of every evaluated claim.

    Each row is a dict with :data:`CLAIM_FIELDS` and ``notebook`` (the result's ``notebook``
    field, None when it has none).

    Parameters
    ----------
    results
        Evaluated claims; None evaluates every claim with ``armsdata.claims.evaluate_all()``.

    Raises
    ------
    ReportError
        ``armsdata.claims`` cannot be imported: the index needs real verdicts, so there is no
        fallback.
    """
    try:
        claims = importlib.import_module("armsdata.claims")
    except ImportError as exc:
        raise ReportError(
            f"cannot import armsdata.claims ({exc}); the report's index needs the evaluated claims. "
            "Fix the import error (or install the package with `pip install -e .`) and build again."
        ) from exc
    if results is None:
        results = claims.evaluate_all()
    frame = claims.results_frame(results)
    if "id" not in frame.columns and frame.index.name == "id":
        frame = frame.reset_index()
    records = frame.to_dict("records")
    by_id = {str(_field(r, "id")): r for r in results}
    rows = []
    for i, rec in enumerate(records):
        result = by_id.get(str(rec.get("id"))) if "id" in rec else results[i]
        row = {f: rec[f] if f in rec else _field(result, f) for f in CLAIM_FIELDS}
        named = rec.get("notebook")
        row["notebook"] = _field(result, "notebook") if _missing(named) else named
        rows.append(row)
    return rows


def _field(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


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
        if self.executed:
            return f"executed for this build in a fresh kernel ({self.seconds:.1f} s)"
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
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    # IPC (Unix sockets in a private folder) rather than TCP on localhost: other users of the
    # machine cannot connect to the kernel, and ipykernel has no plain-text warning to print.
    sockets = Path(tempfile.mkdtemp(prefix="armsdata-kernel-"))
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(sockets / "k"))
    client = NotebookClient(nb, km=km, timeout=timeout, startup_timeout=KERNEL_STARTUP_TIMEOUT,
                            kernel_name=KERNEL_NAME, allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    try:
        await client.async_execute(env=dict(env) if env is not None else _kernel_env(),
                                   cwd=str(cwd))
    except CellExecutionError as exc:
        raise ReportError(f"{name}: a cell failed while building the report:\n{_plain(exc)}\n"
                          "Run the notebook in Jupyter to fix it, then build again.") from exc
    except CellTimeoutError as exc:
        raise ReportError(f"{name}: a cell ran longer than {timeout} s ({exc}); raise --timeout "
                          "or make the cell faster.") from exc
    except DeadKernelError as exc:
        raise ReportError(f"{name}: the kernel died while executing ({exc}).") from exc
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    return nb


async def _execute_all(jobs: Sequence[tuple[Any, Page]], cwd: Path, timeout: int,
                       env: Mapping[str, str], parallel: int, say: "_Progress") -> None:
    """Execute notebooks, *parallel* kernels at a time; on the first failure stop the others."""
    import asyncio

    slots = asyncio.Semaphore(max(1, parallel))
    done = 0

    async def one(nb: Any, page: Page) -> None:
        nonlocal done
        async with slots:
            t = time.perf_counter()
            await _execute(nb, cwd, timeout, env, str(page.source))
            page.seconds = time.perf_counter() - t
            done += 1
            say(f"  [{done}/{len(jobs)}] {page.source.name}: executed in {page.seconds:.1f} s")

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
    """Header and footer HTML of one page, escaped."""
    macros = _jinja_env().get_template(PROVENANCE_TEMPLATE).module
    return str(macros.header(p, pages, current, note)), str(macros.footer(p))


def render_notebook(nb: Any, page: Page, pages: Sequence[Page], prov: Provenance,
                    exporter: Any | None = None) -> str:
    """HTML of one notebook page: nbconvert's lab layout, self-contained, with provenance."""
    exporter = exporter or notebook_exporter()
    header, footer = _provenance_parts(
        prov, pages, page.href, f"Page made from {page.display}; {page.note}.")
    resources = {
        "metadata": {"name": page.title, "path": str(page.source.parent)},
        "armsdata": {"header": header, "footer": footer, "css": CSS_FILE.read_text("utf-8")},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return rewrite_notebook_links(body, pages)


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


def render_index(claims: Sequence[Mapping[str, Any]], pages: Sequence[Page], prov: Provenance,
                 title: str = SITE_TITLE) -> str:
    """HTML of the index page: every claim with its verdict and a link to its notebook page.

    Every value from data or claims is escaped (Jinja2 autoescape); only ``http(s)`` URLs in the
    evidence become links, and they stay plain anchors (nothing is fetched).

    Parameters
    ----------
    claims
        Rows as from :func:`claim_rows`.
    pages
        The notebook pages of the site, in order.
    """
    links = claim_pages(claims, pages)
    rows = []
    for c in claims:
        cid = _text(c.get("id"))
        page = links[cid]
        unit = _text(c.get("unit"))
        value = _number(c.get("value"), unit)
        low, high = _number(c.get("low"), unit), _number(c.get("high"), unit)
        rows.append({
            "id": cid,
            "anchor": re.sub(r"[^A-Za-z0-9_.-]+", "-", cid) or "claim",
            "quote": _text(c.get("quote")),
            "value": f"{value} {unit}".strip() if value else "–",
            "range": f"{low or '?'} – {high or '?'} {unit}".strip() if (low or high) else "–",
            "verdict": _text(c.get("verdict")) or "–",
            "verdict_class": re.sub(r"[^a-z0-9]+", "-", _text(c.get("verdict")).lower()).strip("-"),
            "explanation": _text(c.get("explanation")),
            "evidence": [_linkify(e) for e in _evidence_items(c.get("evidence"))],
            "href": page.href if page else None,
            "page_title": page.title if page else None,
        })
    counts: dict[tuple[str, str], int] = {}
    for r in rows:  # in order of first appearance
        key = (r["verdict"], r["verdict_class"])
        counts[key] = counts.get(key, 0) + 1
    width = max(len(cmd) for cmd, _ in REPRODUCE_COMMANDS)
    return _jinja_env().get_template(INDEX_TEMPLATE).render(
        title=title, claims=rows, pages=pages, p=prov, css=CSS_FILE.read_text("utf-8"),
        summary=[(v, c, n) for (v, c), n in counts.items()],
        reproduce=REPRODUCE_COMMANDS, width=width)


def _missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(x != x)  # NaN, pd.NA raise or compare unequal to themselves
    except (TypeError, ValueError):
        return True


def _text(x: Any) -> str:
    return "" if _missing(x) else str(x)


def _number(x: Any, unit: str = "") -> str:
    """A number as a reader wants it: thousands separated (not years), at most two decimals."""
    if _missing(x):
        return ""
    if isinstance(x, bool) or not isinstance(x, (int, float)) and not hasattr(x, "__float__"):
        return str(x)
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(f):
        return str(f)
    if f != 0 and abs(f) < 0.01:
        return f"{f:.2g}"
    s = f"{f:.2f}" if unit.startswith("year") else f"{f:,.2f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


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
        out.append(Markup('<a href="{0}" rel="noopener noreferrer">{0}</a>').format(url))
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

def build_site(output: Path = DEFAULT_OUTPUT, notebooks_dir: Path | None = None,
               execute: bool = True, timeout: int = DEFAULT_TIMEOUT, progress: bool = True, *,
               claims: Sequence[Mapping[str, Any]] | None = None,
               data_dir: str | os.PathLike[str] | None = None,
               jobs: int | None = None) -> Path:
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
    jobs
        Kernels running at the same time; default :data:`DEFAULT_JOBS`.  Notebooks share no
        state (each has its own kernel and process), so the order of execution does not matter;
        pages and index keep the notebook order.

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

    prov = provenance(data_dir)
    bad = [e for e in prov.editions if e.problems]
    if bad:
        names = ", ".join(f"{e.name} ({e.problems} file(s))" for e in bad)
        raise ReportError(f"snapshots fail verification: {names}. Run `armsdata verify` for the "
                          "details; restore the files (git checkout -- data/raw) and build again.")

    if claims is None:
        t = time.perf_counter()
        claims = claim_rows()
        say(f"  claims: {len(claims)} evaluated in {time.perf_counter() - t:.1f} s")

    import nbformat

    loaded = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)  # an in-memory copy: the file is never written
        href = quote(path.stem + ".html")
        loaded.append((nb, Page(source=path, href=href, title=notebook_title(nb, path.stem),
                                executed=execute,
                                claims=notebook_claims(nb, [_text(c.get("id")) for c in claims]))))
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
            run_sync(_execute_all)(loaded, nb_dir, timeout, _kernel_env(data_dir), n, say)
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
        (tmp / "index.html").write_text(render_index(claims, pages, prov), encoding="utf-8")
        _check_self_contained(tmp)
        total = time.perf_counter() - t0
        info = {"generator": GENERATOR, **prov.as_dict(), "seconds": round(total, 2),
                "claims": len(claims),
                "notebooks": [{"notebook": p.source.name, "page": p.stem + ".html",
                               "title": p.title, "executed": p.executed,
                               "seconds": round(p.seconds, 2)} for p in pages]}
        (tmp / BUILD_INFO).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
        _replace(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"armsdata report: site built in {time.perf_counter() - t0:.1f} s: "
        f"{output / 'index.html'}")
    return output


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
# Command line
# --------------------------------------------------------------------------------------------

def configure_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the options of ``armsdata report`` to *parser* (for cli.py's subcommand)."""
    parser.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT,
                        help=f"folder of the site (default: {DEFAULT_OUTPUT})")
    parser.add_argument("--no-execute", dest="execute", action="store_false",
                        help="render the outputs stored in the notebooks instead of running them")
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder of the notebooks (default: notebooks/ of the project)")
    parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                        help=f"seconds one cell may run (default: {DEFAULT_TIMEOUT})")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help=f"notebooks executed at the same time (default: {DEFAULT_JOBS}, "
                             "the number of cores)")
    parser.add_argument("--quiet", "-q", dest="progress", action="store_false",
                        help="print nothing but errors")
    return parser


def run(args: argparse.Namespace) -> int:
    """Build the site from parsed arguments; 0 on success, 1 with a message on stderr if not."""
    try:
        out = build_site(args.output, notebooks_dir=args.notebooks, execute=args.execute,
                         timeout=args.timeout, progress=args.progress,
                         jobs=getattr(args, "jobs", None))
    except ArmsDataError as exc:
        print(f"armsdata report: error: {exc}", file=sys.stderr)
        return 1
    print((out / "index.html").resolve().as_uri())
    return 0


def main_reproduce(argv: Sequence[str] | None = None) -> int:
    """``armsdata report [--output DIR] [--no-execute]``: execute the notebooks, build the site.

    Prints the ``file://`` address of the index; returns the exit status.
    """
    parser = configure_parser(argparse.ArgumentParser(
        prog="armsdata report",
        description="Execute every notebook from the shipped data and write the reviewer report: "
                    "a static, self-contained HTML site with the verdict of every claim."))
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # python -m armsdata.report
    sys.exit(main_reproduce())
