"""`armsdata explore`: the who-arms-whom notebook for other cases than the committed one, run by
papermill and written as one page; and the library functions it calls for the edition
comparison give hand-checked numbers.

The command runs for three contrasting recipients, typed as people type them:

- a large importer with many suppliers: India, typed ``"IND"`` (the notebook's window);
- a non-state actor with deliveries in both editions: ``"Houthi rebels (Yemen)*"`` (SIPRI's
  spelling);
- a historical state: ``"USSR"``, i.e. the Soviet Union, 1981-1990 (before the notebook's default
  history, which explore widens to take the window in).

Each run takes five to ten seconds (a fresh kernel, then the library).
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from armsdata import analysis, cli, editions, report
from armsdata.errors import UnknownActorError

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10-who-arms-whom.ipynb"

# case -> (command-line arguments after `armsdata explore`, canonical name, window)
CASES = {
    "large-importer": (["IND"], "India", (2011, 2020)),
    "non-state-actor": (["Houthi rebels (Yemen)*"], "Houthi rebels (Yemen)", (2011, 2020)),
    "historical-state": (["USSR", "--from", "1981", "--to", "1990"], "Soviet Union",
                         (1981, 1990)),
}


def page_text(page: str) -> str:
    """What a reader sees of an HTML page, roughly: tags dropped, entities decoded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.mark.timeout(180)
@pytest.mark.parametrize("case", sorted(CASES))
def test_explore_writes_one_page_per_recipient(case, tmp_path, monkeypatch, capsys):
    args, canonical, (start, end) = CASES[case]
    monkeypatch.chdir(tmp_path)
    assert cli.main(["explore", *args]) == 0
    captured = capsys.readouterr()
    out = tmp_path / f"explore-{report._slug(canonical)}-{start}-{end}.html"  # the default name
    assert captured.out.splitlines()[-1] == str(out)
    assert re.search(r"cell \d+/\d+ \[1\. Suppliers' shares", captured.err)   # progress
    page = out.read_text()
    text = page_text(page)
    assert canonical in text
    assert f"Window {start}-{end}" in text
    assert "2022-04-22" in text and "2024-10-13" in text
    # papermill's cell with the parameters, after the notebook's own
    code = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "celltag_injected-parameters" in page
    assert re.search(rf'recipients\s*=\s*\[\s*"{re.escape(canonical)}"\s*\]', code)
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page    # no warnings either
    assert "jp-OutputArea-output" in page and '<details class="ad-code" open' in page
    images = [i for i in re.findall(r"<img\b[^>]*>", page) if 'src="data:image/png;base64,' in i]
    figures = [m.group(1) for i in images if (m := re.search(r'\balt="([^"]+)"', i))]
    assert len(figures) == len(images) == 3     # imports over time, HHI, main recipients
    assert any(f"{canonical}: arms imports by supplier" in html.unescape(a) for a in figures)
    assert report.external_resources(page) == []
    assert '<header class="ad-header">' in page and '<nav class="ad-nav"' not in page  # alone
    assert f"armsdata explore {args[0]}" in html.unescape(page).replace("'", "")


@pytest.mark.timeout(180)
@pytest.mark.xfail(strict=True, raises=report.ReportError, reason=(
    "notebook bug, for the notebook's rewrite: cell 6 formats top_suppliers_by_period's share "
    "with .astype(int), which fails on the NaN share of a window whose only cells are SIPRI's "
    "'0' (Hezbollah 1997-2001); many small recipients hit it"))
def test_explore_a_recipient_with_an_empty_window(tmp_path):
    report.explore("Hezbollah (Lebanon)*", 2000, 2010, output=tmp_path / "h.html",
                   progress=False)


def test_a_bad_name_stops_before_any_kernel_starts(monkeypatch, capsys, tmp_path):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for a name that does not resolve")

    monkeypatch.setattr(report, "execute_with_papermill", no_kernel)
    monkeypatch.setattr(report, "_kernel_manager", no_kernel)
    monkeypatch.chdir(tmp_path)
    t = time.perf_counter()
    assert cli.main(["explore", "Armenai"]) == cli.EXIT_ERROR
    assert time.perf_counter() - t < 10
    err = capsys.readouterr().err
    assert "UnknownActorError" in err and "did you mean 'Armenia'" in err
    with pytest.raises(UnknownActorError, match="did you mean"):
        report.explore("Azerbajian")
    assert cli.main(["explore", "Armenia", "--from", "2020", "--to", "2011"]) == cli.EXIT_ERROR
    assert "WindowError" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []                        # no page, no temporary file


def test_the_options_map_onto_the_notebook_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    defaults = report.notebook_parameters(nb)
    assert {"recipients", "start", "end", "edition", "history_start", "history_end"} <= set(defaults)
    assert report.explore_parameters("India", defaults=defaults) == {"recipients": ["India"]}
    assert report.explore_parameters("Soviet Union", 1981, 1990, "2022-04-22", defaults) == {
        "recipients": ["Soviet Union"], "start": 1981, "end": 1990, "edition": "2022-04-22",
        "history_start": 1981}       # the charts over time take the window in
    assert report.explore_parameters("Ukraine", 2021, 2025, defaults=defaults)["history_end"] \
        == 2025


def test_notebook_parameters_reads_tuples_and_needs_the_tag(tmp_path):
    cell = new_code_cell('start, end = 2011, 2020\nname = "x"  # comment\nwhen = f()',
                         metadata={"tags": ["parameters"]})
    assert report.notebook_parameters(new_notebook(cells=[cell])) == {
        "start": 2011, "end": 2020, "name": "x", "when": None}
    with pytest.raises(report.ReportError, match="no cell tagged 'parameters'"):
        report.notebook_parameters(new_notebook(cells=[new_code_cell("x = 1")]))
    # a notebook that lost a parameter the options map to is refused before it runs
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("recipients = []",
                                                     metadata={"tags": ["parameters"]})]),
                   nb_dir / report.EXPLORE_NOTEBOOK)
    with pytest.raises(report.ReportError, match="has no parameter end, start"):
        report.explore("India", 2011, 2020, notebooks_dir=nb_dir, output=tmp_path / "x.html")


def outputs(nb: nbformat.NotebookNode) -> str:
    """All text the cells of *nb* printed or displayed."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                parts.append(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                parts.append(out.data.get("text/plain", ""))
    return "\n".join(parts)


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
