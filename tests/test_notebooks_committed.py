"""The committed notebooks are fit to be nbval's expected results and a reviewer's reading."""

from __future__ import annotations

import nbformat
import pytest
from conftest import NOTEBOOKS as NOTEBOOK_DIR
from nbformat.v4 import new_code_cell
from nbval import plugin as nbval_plugin

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def test_there_is_one_notebook_per_claim_group_plus_overview():
    names = {p.name for p in NOTEBOOKS}
    assert "00-overview.ipynb" in names and len(names) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom_with_outputs_stored(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), f"{path.name}: not executed in order in one kernel: {counts}"
    assert sum(bool(c.outputs) for c in code) >= len(code) // 2, f"{path.name}: most cells have no stored output"
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)


#: Every way nbval lets a cell's output go unchecked (or, under --nbval-lax, be the only one
#: checked), as its plugin defines them: comment markers in the source and cell tags.
MARKERS = sorted(nbval_plugin.comment_markers)
TAGS = sorted(nbval_plugin.metadata_tags)


def nbval_markers(cell) -> list[str]:
    """The nbval markers of a code cell: comment markers (``# NBVAL_SKIP``) and tags."""
    found = [m for m, _ in nbval_plugin.find_comment_markers(cell.source)]
    found += [t for t in cell.get("metadata", {}).get("tags", [])
              if t in nbval_plugin.metadata_tags]
    return found


def test_every_nbval_marker_is_known_and_detected():
    # the markers nbval documents, each of which could hide an output or change what is checked
    assert {"NBVAL_IGNORE_OUTPUT", "NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION", "NBVAL_CHECK_OUTPUT",
            "PYTEST_VALIDATE_IGNORE_OUTPUT"} <= set(MARKERS)
    assert {"nbval-ignore-output", "nbval-skip", "raises-exception", "nbval-raises-exception",
            "nbval-check-output"} <= set(TAGS)
    for marker in MARKERS:  # the check below sees each of them, however it is written
        for source in (f"# {marker}\nx = 1", f"x = 1\n  #{marker}"):
            assert nbval_markers(new_code_cell(source)), source
    for tag in TAGS:
        assert nbval_markers(new_code_cell("x = 1", metadata={"tags": ["parameters", tag]}))
    assert not nbval_markers(new_code_cell("x = 1  # NBVAL_SKIP is named here, not a marker"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_volatile_metadata_and_no_nbval_markers(path):
    nb = nbformat.read(path, as_version=4)
    for k, c in enumerate(nb.cells):
        assert "execution" not in c.metadata, \
            f"{path.name} cell {k}: execution timestamps (strip them)"
        if c.cell_type == "code":
            # every output is compared: nothing is hidden from nbval, nothing singled out
            assert not nbval_markers(c), \
                f"{path.name} cell {k}: nbval markers {nbval_markers(c)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_carries_its_alt_text(path):
    """Each stored figure has the description the kernel stored from its titles and labels
    (armsdata.plots.alt_text): the report's pages show no image without one, so nothing has to
    guess one."""
    nb = nbformat.read(path, as_version=4)
    for k, c in enumerate(nb.cells):
        for out in c.get("outputs", []):
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in out.get("data", {}):
                    alt = (out.get("metadata", {}).get(mime) or {}).get("alt", "")
                    assert alt.strip(), (f"{path.name} cell {k}: a figure without alt text; "
                                         "re-execute it with scripts/execute_notebooks.py")
