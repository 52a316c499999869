"""The committed notebooks are fit to be nbval's expected results and a reviewer's reading."""

from __future__ import annotations

import nbformat
import pytest
from conftest import NOTEBOOKS as NOTEBOOK_DIR

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_volatile_metadata_and_no_ignored_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for k, c in enumerate(nb.cells):
        assert "execution" not in c.metadata, f"{path.name} cell {k}: execution timestamps (strip them)"
        if c.cell_type == "code":
            # every output is compared: nothing is hidden from nbval
            assert "NBVAL_IGNORE_OUTPUT" not in c.source and "nbval-ignore-output" not in c.metadata.get("tags", [])
