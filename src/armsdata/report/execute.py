"""Run notebooks in fresh kernels, with one engine: papermill.

papermill injects parameters after a notebook's ``parameters`` cell (the explorer and
``armsdata report --edition`` need that) and drives nbclient for the rest.  A notebook is run in
memory (the committed file is never written); its failures (a cell raised, ran too long, or the
kernel died) become one :class:`~armsdata.errors.ReportError` in one place; its kernel is shut
down when the run ends.  :func:`execute_all` runs several notebooks side by side for the site.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from armsdata.errors import ReportError

log = logging.getLogger(__name__)

#: Seconds one cell may run before the run fails: generous, since a notebook that loads every
#: shipped edition takes a few seconds on a slow machine and a hung kernel must still end.
DEFAULT_TIMEOUT = 600
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
#: The papermill tag of the cell that holds a notebook's parameters.
PARAMETERS_TAG = "parameters"

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def execute_notebook(nb: Any, cwd: str | os.PathLike[str], *, timeout: int = DEFAULT_TIMEOUT,
                     data_dir: str | os.PathLike[str] | None = None, name: str = "notebook",
                     on_cell: Callable[[Any, int], None] | None = None) -> Any:
    """Execute the in-memory notebook *nb* in a fresh kernel whose working directory is *cwd*;
    return the executed copy (*nb* is left as it was, and nothing is written to disk).

    Parameters
    ----------
    timeout
        Seconds one cell may run.
    data_dir
        Given to the kernel as ``$ARMSDATA_DATA_DIR`` (:func:`kernel_env`).
    name
        The notebook as error messages name it.
    on_cell
        Called with each code cell and its index before the cell runs (progress); an exception
        it raises stops the run and propagates.

    Raises
    ------
    ReportError
        A cell raised, ran longer than *timeout* seconds, or the kernel died; the message names
        the notebook and shows the error.
    """
    import papermill
    from jupyter_core.utils import run_sync
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        if on_cell is not None and cell.cell_type == "code":
            on_cell(cell, cell_index)

    sockets = Path(tempfile.mkdtemp(prefix="armsdata-kernel-"))
    km = _kernel_manager(sockets, kernel_env(data_dir))
    try:
        return papermill.execute_notebook(
            nb, None, kernel_name=KERNEL_NAME, language="python", progress_bar=False,
            log_output=False, request_save_on_cell_execute=False,
            start_timeout=KERNEL_STARTUP_TIMEOUT, execution_timeout=timeout, km=km,
            extra_arguments=list(KERNEL_ARGUMENTS), on_cell_start=started,
            # the kernel starts in *cwd* (nbclient reads this path), rather than papermill's own
            # cwd=, which changes the working directory of the whole process: notebooks that run
            # side by side (execute_all) cannot share that
            resources={"metadata": {"path": str(cwd)}})
    except PapermillExecutionError as exc:
        traceback = _ANSI.sub("", "\n".join(exc.traceback))
        raise ReportError(f"{name}: a cell failed (cell {exc.exec_count}): {exc.ename}: "
                          f"{exc.evalue}\n{traceback}\nRun the notebook in Jupyter to fix it, "
                          "then build again.") from exc
    except CellTimeoutError as exc:
        raise ReportError(f"{name}: a cell ran longer than {timeout} s ({exc}); raise --timeout "
                          "or make the cell faster.") from exc
    except DeadKernelError as exc:
        raise ReportError(f"{name}: the kernel died while executing ({exc}).") from exc
    finally:
        # papermill leaves the kernel of a manager it was given running: stop it here
        run_sync(_stop_kernel)(km)
        shutil.rmtree(sockets, ignore_errors=True)


@dataclass
class Run:
    """One notebook of :func:`execute_all`: the executed notebook (the one given where it could
    not run), the seconds it took, and why it could not run (empty when it ran)."""

    notebook: Any
    seconds: float
    error: str = ""


class _Stopped(Exception):
    """Another notebook of the same :func:`execute_all` failed: this one stops too."""


def execute_all(notebooks: Sequence[tuple[Any, str]], cwd: str | os.PathLike[str], *,
                timeout: int = DEFAULT_TIMEOUT, data_dir: str | os.PathLike[str] | None = None,
                jobs: int = DEFAULT_JOBS, keep_going: bool = False,
                say: Callable[[str], None] | None = None) -> list[Run]:
    """Execute ``(notebook, name)`` pairs, *jobs* kernels at a time; the runs in their order.

    Each run has a thread of its own, which mostly waits for its kernel (a process of its own).
    On the first failure the other notebooks stop before their next cell and the failure is
    raised; with *keep_going* a failure is recorded in its :class:`Run` and the others go on.
    *say*, if given, is told as each notebook ends.

    Raises
    ------
    ReportError
        A notebook could not run (not with *keep_going*).
    """
    stop = threading.Event()

    def check(cell: Any, index: int) -> None:
        if stop.is_set():
            raise _Stopped()

    def one(nb: Any, name: str) -> Run:
        t = time.perf_counter()
        try:
            done = execute_notebook(nb, cwd, timeout=timeout, data_dir=data_dir, name=name,
                                    on_cell=check)
        except ReportError as exc:
            if not keep_going:
                raise
            return Run(nb, time.perf_counter() - t, str(exc))
        return Run(done, time.perf_counter() - t)

    runs: list[Run] = [Run(nb, 0.0) for nb, _ in notebooks]
    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="armsdata-run") as pool:
        futures = {pool.submit(one, nb, name): i for i, (nb, name) in enumerate(notebooks)}
        try:
            for count, future in enumerate(as_completed(futures), 1):
                i = futures[future]
                runs[i] = future.result()
                if say is not None:
                    state = "could not run" if runs[i].error else "executed"
                    say(f"  [{count}/{len(notebooks)}] {Path(notebooks[i][1]).name}: {state} in "
                        f"{runs[i].seconds:.1f} s")
        except BaseException:
            stop.set()  # the running notebooks end before their next cell; the rest never start
            for future in futures:
                future.cancel()
            raise
    return runs


def inject_parameters(nb: Any, parameters: Mapping[str, Any]) -> Any:
    """A copy of *nb* with *parameters* in papermill's ``injected-parameters`` cell, after the
    ``parameters`` cell.

    Here rather than by papermill's ``execute_notebook(parameters=...)``, whose check for
    unknown names reads one name per line and warns about ``start, end = ...``; callers check
    the names against :func:`notebook_parameters` instead.
    """
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    # load_notebook_node copies *nb* and adds the cell metadata papermill expects
    return parameterize_notebook(load_notebook_node(nb), dict(parameters),
                                 kernel_name=KERNEL_NAME, language="python")


def notebook_parameters(nb: Any) -> dict[str, Any]:
    """The literal values assigned in *nb*'s ``parameters`` cell, by name.

    Reads assignments like ``start, end = 2011, 2020`` too (papermill's own inspection reads one
    name per line only).  Values that are not literals are None.

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


def kernel_env(data_dir: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """The environment of every kernel: this process's, with the inline figure backend (and
    *data_dir* as ``$ARMSDATA_DATA_DIR``, when given)."""
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


def _kernel_manager(sockets: Path, env: Mapping[str, str]) -> Any:
    """A kernel manager on IPC sockets in *sockets* whose kernel starts with *env*.

    IPC (Unix sockets in a private folder) rather than TCP on localhost: other users of the
    machine cannot connect to the kernel, and ipykernel has no plain-text warning to print.  The
    environment is set here because papermill starts the kernel without passing one; the
    clients are kept so that :func:`_stop_kernel` can close them, which papermill does not do
    with a manager it was given.
    """
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):
        def __init__(self, **kw: Any) -> None:
            super().__init__(**kw)
            self.clients: list[Any] = []

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
            kw.setdefault("env", dict(env))
            await super().start_kernel(**kw)

        def client(self, **kw: Any) -> Any:
            kc = super().client(**kw)
            self.clients.append(kc)
            return kc

    return KernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(sockets / "k"))


async def _stop_kernel(km: Any) -> None:
    """Close *km*'s clients, stop its kernel if it still runs, and release its sockets.  At
    once: the notebook is done and holds nothing to save."""
    from jupyter_core.utils import ensure_async

    for kc in km.clients:
        kc.stop_channels()
    if km.has_kernel and await ensure_async(km.is_alive()):
        await ensure_async(km.shutdown_kernel(now=True))
    await ensure_async(km.cleanup_resources())


class Progress:
    """Progress lines on stderr (the library adds no logging handlers, so this is a plain print)."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def __call__(self, msg: str) -> None:
        log.info(msg)
        if self.on:
            print(msg, file=sys.stderr, flush=True)
