"""A notebook's page: which notebooks there are, their titles and the claims they check, and
the HTML of each (nbconvert's lab layout, self-contained, with provenance), written atomically.

Code cells are folded behind a control each and a page switch (open without JavaScript); links
between notebooks lead to their pages; links whose text is their address are marked so print
does not repeat the address after them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from armsdata import snapshot
from armsdata.errors import ReportError
from armsdata.report.offline import external_resources
from armsdata.report.provenance import Provenance, repo_dir

#: The notebook that claims without a notebook of their own link to.
OVERVIEW = "00-overview"

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
NOTEBOOK_TEMPLATE = TEMPLATES / "armsdata-notebook.html.j2"
PROVENANCE_TEMPLATE = "armsdata-provenance.html.j2"
CSS_FILE = TEMPLATES / "armsdata.css"
#: Inline script of notebook pages: folds the code cells and adds the "show all code" switch.
CODE_SCRIPT = TEMPLATES / "armsdata-code.js"


def default_notebooks_dir() -> Path:
    """``notebooks/`` of the project this package was installed from, else of the working dir."""
    return repo_dir() / "notebooks"


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
            return self.source.resolve().relative_to(repo_dir().resolve()).as_posix()
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


def jinja_env() -> Any:
    """The templates of the report, with autoescape on: every value from data is escaped."""
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def provenance_parts(p: Provenance, pages: Sequence[Page], current: str,
                     note: str | None) -> tuple[str, str]:
    """Header and footer HTML of one page, escaped.  With no *pages* the header has no
    navigation (a page that stands alone, as from ``armsdata explore``)."""
    macros = jinja_env().get_template(PROVENANCE_TEMPLATE).module
    return str(macros.header(p, pages, current, note)), str(macros.footer(p))


def render_notebook(nb: Any, page: Page, pages: Sequence[Page], prov: Provenance,
                    exporter: Any | None = None, note: str | None = None) -> str:
    """HTML of one notebook page: nbconvert's lab layout, self-contained, with provenance.

    Code cells are folded behind a control each and a page switch (open without JavaScript);
    every figure shows the alt text its output carries (stored by the kernel from the figure's
    titles: :data:`~armsdata.report.execute.KERNEL_ARGUMENTS`); links whose text is their
    address get the class ``ad-url`` so print does not repeat the address after them.

    Parameters
    ----------
    note
        The line under the provenance stamp; default says which notebook the page is made from
        and whether it was executed.
    """
    exporter = exporter or notebook_exporter()
    header, footer = provenance_parts(
        prov, pages, page.href, note or f"Page made from {page.display}; {page.note}.")
    resources = {
        "metadata": {"name": page.title, "path": str(page.source.parent)},
        "armsdata": {"header": header, "footer": footer, "css": CSS_FILE.read_text("utf-8"),
                     "script": CODE_SCRIPT.read_text("utf-8")},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return mark_url_links(rewrite_notebook_links(body, pages))


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
    return snapshot.write_atomic(out, html)
