"""The whole static site: execute every notebook, render its page and the index, check that
nothing is fetched from the network, and move the site into place at once::

    site/
      index.html          a figure of every numeric claim, one line per claim (verdict, figure,
                          reason; the rest behind a disclosure control), notebooks, data editions
      00-overview.html    one page per notebook: prose, outputs and figures; code folded
      ...
      build.json          the same provenance, machine-readable

The committed notebooks are never written: they are read into memory, executed there, and only
HTML leaves the build (nbval compares their stored outputs, so a rewrite would change the test).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import quote

from armsdata.errors import ArmsDataError, ReportError
from armsdata.report.execute import (DEFAULT_JOBS, DEFAULT_TIMEOUT, Progress, execute_all,
                                     inject_parameters, notebook_parameters)
from armsdata.report.index import (SITE_TITLE, claim_pages, claim_row, claim_rows, drift_rows,
                                   render_index)
from armsdata.report.offline import check_self_contained
from armsdata.report.pages import (OVERVIEW, Page, default_notebooks_dir, find_notebooks,
                                   notebook_claims, notebook_exporter, notebook_title,
                                   render_notebook)
from armsdata.report.provenance import verified_provenance

#: Where the site goes unless told otherwise (relative to the working directory; git-ignored).
DEFAULT_OUTPUT = Path("site")
#: Written into every site; also marks a folder :func:`build_site` may replace.
BUILD_INFO = "build.json"
GENERATOR = "armsdata report"
#: A parameter that names one edition: ``EDITION``, ``edition``, ``register_edition`` ... with a
#: text value, or None (the notebook's default: the release of record, or the newest that
#: answers).  ``armsdata report --edition E`` sets every such parameter to E (a list of
#: editions, such as the overview's ``DRIFT_EDITIONS``, is left alone).
EDITION_PARAMETER = re.compile(r"(?i)^(edition|edition_\w+|\w+_edition)$")
#: Parameters through which a notebook names the recipients it shows.
RECIPIENT_PARAMETERS = ("RECIPIENT", "recipient", "RECIPIENTS", "recipients")


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
        Rows for the verdict table as from :func:`~armsdata.report.index.claim_rows`; None
        evaluates every claim with ``armsdata.claims`` (the normal case; tests pass crafted rows).
    data_dir
        Folder of the snapshots; default the shipped ``data/raw``.  When given, the notebooks'
        kernels get it as ``$ARMSDATA_DATA_DIR`` too.
    drift
        The edition-drift lines of the index (:func:`~armsdata.report.index.drift_rows`: a
        ``claims.drift`` table or its rows); None computes them when *claims* is None too (the
        normal case), and leaves the section out for crafted *claims*.
    jobs
        Kernels running at the same time; default :data:`~armsdata.report.execute.DEFAULT_JOBS`.
        Notebooks share no state (each has its own kernel and process), so the order of execution
        does not matter; pages and index keep the notebook order.
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
        No notebooks; a snapshot fails verification; a notebook fails; a page would fetch a remote resource; *output* holds something else.
    """
    t0 = time.perf_counter()
    output = Path(output)
    nb_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    say = Progress(progress)
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
                    claims=notebook_claims(nb, [str(c.get("id") or "") for c in claims]))
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
            n = min(len(loaded), jobs or DEFAULT_JOBS)
            say(f"  executing {len(loaded)} notebook(s), {n} kernel(s) at a time")
            runs = execute_all([(nb, str(page.source)) for nb, page in loaded], nb_dir,
                               timeout=timeout, data_dir=data_dir, jobs=n,
                               keep_going=edition is not None, say=say)
            for (nb, page), run in zip(loaded, runs):
                page.seconds, page.error = run.seconds, run.error
            loaded = [(_error_notebook(nb, page) if page.error else run.notebook, page)
                      for (nb, page), run in zip(loaded, runs)]
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
        check_self_contained(tmp)
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


def edition_parameters(nb: Any) -> list[str]:
    """The names of *nb*'s parameters that each hold one edition (:data:`EDITION_PARAMETER`);
    none for a notebook without a ``parameters`` cell."""
    try:
        params = notebook_parameters(nb)
    except ReportError:
        return []
    return [k for k, v in params.items() if EDITION_PARAMETER.match(k) and (v is None or isinstance(v, str))]


def on_edition(nb: Any, edition: str) -> tuple[Any, tuple[str, ...]]:
    """*nb* with every edition parameter set to *edition* (papermill's ``injected-parameters``
    cell after the ``parameters`` cell), and the names set."""
    names = tuple(edition_parameters(nb))
    if not names:
        return nb, ()
    return inject_parameters(nb, {n: edition for n in names}), names


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


def _error_notebook(nb: Any, page: Page) -> Any:
    """A one-cell notebook that says why *page*'s notebook could not run on its edition."""
    import nbformat

    fence = "~~~~"
    error = page.error.replace(fence, "~ ~ ~ ~")[-4000:]
    text = (f"# {page.title}\n\n**This notebook could not run on edition {page.edition}.** "
            "The edition lacks a table or a year it needs; the claims it checks are listed on the "
            "index with the reason. Its committed outputs, on the shipped editions, are in the "
            "default report (`armsdata report`).\n\nThe error:\n\n"
            f"{fence}\n{error}\n{fence}\n")
    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    out.cells = [nbformat.v4.new_markdown_cell(text)]
    return out


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
    from armsdata import claims

    results, _ = claims.evaluate_each(None, claims.Context(override=[edition], data_dir=data_dir))
    return results


def _check_replaceable(output: Path) -> None:
    if output.exists() and (not output.is_dir() or (any(output.iterdir())
                                                    and not (output / BUILD_INFO).is_file())):
        raise ReportError(f"{output} exists and is not a report site (no {BUILD_INFO}); refusing "
                          "to replace it. Choose another --output or remove it.")


def _replace(tmp: Path, output: Path) -> None:
    _check_replaceable(output)  # again: something may have appeared while notebooks ran
    if output.exists():
        old = output.with_name(f".{output.name}-old-{os.getpid()}")
        os.rename(output, old)
        os.rename(tmp, output)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(tmp, output)
