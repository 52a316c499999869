"""Re-execute committed notebooks in place, so their stored outputs (nbval's expected results)
match the library and the shipped data again.

    python scripts/execute_notebooks.py notebooks/01-russia-share-of-armenian-imports.ipynb [...]
    python scripts/execute_notebooks.py            # every notebook

Each notebook runs top to bottom in a fresh kernel with ``notebooks/`` as its working directory
(as nbval and the report run it).  Only the outputs, execution counts and the kernel's language
info are taken from the run: the metadata papermill and Jupyter add (per-cell timestamps, run
records) change on every run and would make every re-execution a diff.  Review the diff before
committing: a changed number in a claim notebook is a changed result.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from armsdata import report

ROOT = Path(__file__).resolve().parents[1]


def main(paths: list[str]) -> None:
    notebooks = [Path(p) for p in paths] or report.find_notebooks(ROOT / "notebooks")
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        done = report.execute_notebook(nb, cwd=ROOT / "notebooks", name=str(path))
        for cell, ran in zip(nb.cells, done.cells, strict=True):
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = ran.outputs, ran.execution_count
        nb.metadata["language_info"] = done.metadata["language_info"]
        nbformat.write(nb, path)
        print(f"executed {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
