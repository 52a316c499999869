"""The who-arms-whom notebook works for other cases than the committed one, and the library
functions it calls for the edition comparison give hand-checked numbers.

The notebook is executed with nbclient after inserting a cell after its ``parameters`` cell, as
papermill does (papermill itself is not a dependency), for three contrasting recipients typed as
people type them:

- a large importer with many suppliers: India, typed ``"IND"``;
- a non-state actor with deliveries in both editions: ``"Hezbollah (Lebanon)*"`` (SIPRI's spelling);
- a historical state, as recipient and as exporter: ``"USSR"``, i.e. the Soviet Union.

Each run takes about ten seconds (a fresh kernel, then the library); the ``timeout`` marks keep the
three under a minute in CI.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from armsdata import analysis, editions

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10-who-arms-whom.ipynb"

CASES = {
    "large-importer": ({"recipients": ["IND"]}, "India"),
    "non-state-actor": ({"recipients": ["Hezbollah (Lebanon)*"], "start": 2000, "end": 2010,
                         "history_start": 1980, "history_end": 2010, "exporter": "Iran",
                         "export_start": 2006, "export_end": 2010}, "Hezbollah (Lebanon)"),
    "historical-state": ({"recipients": ["USSR"], "start": 1981, "end": 1990, "history_start": 1950,
                          "history_end": 1991, "exporter": "USSR", "export_start": 1986,
                          "export_end": 1990}, "Soviet Union"),
}


def execute(params: dict) -> nbformat.NotebookNode:
    """Run the notebook with *params* set after its parameters cell, in notebooks/ as cwd."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "the notebook needs exactly one cell tagged 'parameters'"
    source = "\n".join(f"{k} = {v!r}" for k, v in params.items())
    nb.cells.insert(tagged[0] + 1, new_code_cell(source, metadata={"tags": ["injected-parameters"]}))
    NotebookClient(nb, timeout=120, record_timing=False,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode, kind: str = "text") -> str:
    """All text the executed cells printed or displayed (stdout, or stderr with kind='stderr')."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                if (out.name == "stderr") == (kind == "stderr"):
                    parts.append(out.text)
            elif kind == "text" and out.output_type in ("execute_result", "display_data"):
                parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", sorted(CASES))
def test_notebook_runs_for_contrasting_cases(case):
    params, canonical = CASES[case]
    nb = execute(params)
    text = outputs(nb)
    assert canonical in text
    assert f"Window {params.get('start', 2011)}-{params.get('end', 2020)}" in text
    assert "2022-04-22" in text and "2024-10-13" in text
    assert outputs(nb, "stderr") == ""  # no warnings either
    figures = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert len(figures) == 3  # imports over time, HHI, main recipients


def test_committed_notebook_shows_armenia_and_azerbaijan():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert 'recipients = ["Armenia", "Azerbaijan"]' in params.source
    for name in ("start", "end", "edition", "register_edition"):
        assert f"\n{name}" in "\n" + params.source or f", {name}" in params.source
    text = outputs(nb)
    assert "Armenia" in text and "Azerbaijan" in text
    assert not any(c.metadata.get("execution") for c in nb.cells), "timing metadata committed"
    assert all(c.get("outputs") or c.cell_type != "code" or c is params for c in nb.cells), \
        "the committed notebook must be executed"


# ---------------------------------------------------------------- functions the notebook calls

def test_compare_total_imports_hand_checked():
    """Azerbaijan 2019-2020: 44 and 28 in the 2022 table's Total row, 44 and 51 in the 2024
    imports-by-recipient table (read off the raw files)."""
    got = editions.compare_total_imports("AZE", 2019, 2020)
    want = pd.DataFrame({"2022-04-22": [44.0, 28.0], "2024-10-13": [44.0, 51.0],
                         "difference": [0.0, 23.0]}, index=pd.Index([2019, 2020], name="year"))
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["recipient"] == "Azerbaijan"


def test_total_imports_by_year_fills_every_year_and_knows_no_deliveries():
    s = editions.total_imports_by_year("Armenia", 2011, 2020)
    assert list(s.index) == list(range(2011, 2021)) and s.name == "2022-04-22"
    assert s.sum() == 397 and s.loc[2012] == 0
    assert editions.total_imports_by_year("Soviet Union", 2011, 2020, edition="2024-10-13").sum() == 0
    with pytest.raises(ValueError, match="start year after end year"):
        editions.total_imports_by_year("Armenia", 2020, 2011)


def test_compare_top_supplier_armenia():
    shares = editions.shares_all_bases("Armenia", 2011, 2020)
    t = analysis.compare_top_supplier(shares)
    assert list(t["basis"]) == ["total", "rows", "register"]
    assert set(t["supplier"]) == {"Russia"} and set(t["top_supplier"]) == {"Russia"}
    assert list(t["denominator"].round(1)) == [397.0, 399.0, 397.6]
    assert list(t["share"].round(1)) == [94.2, 93.7, 93.9]
    # a supplier absent from a basis reads 0 with bounds 0
    t = analysis.compare_top_supplier(shares, supplier="China")
    assert (t[["tiv", "share", "low", "high"]] == 0).all().all()
    with pytest.raises(ValueError, match="one recipient"):
        analysis.compare_top_supplier(pd.concat([shares, shares.assign(recipient="X")]))


def test_shares_side_by_side():
    shares = pd.concat([editions.shares_all_bases(n, 2011, 2020) for n in ("Armenia", "Azerbaijan")])
    wide = analysis.shares_side_by_side(shares, n=2)
    assert list(wide.columns.get_level_values(0).unique()) == [
        "2022-04-22 total", "2022-04-22 rows", "2024-10-13 register"]
    assert list(wide.index) == [("Armenia", "Russia"), ("Armenia", "Jordan"),
                                ("Azerbaijan", "Russia"), ("Azerbaijan", "Israel")]
    assert wide.loc[("Armenia", "Russia"), ("2022-04-22 total", "share")] == pytest.approx(100 * 374 / 397)
    assert not wide.isna().any().any()
