"""`armsdata explore`: the who-arms-whom notebook for other cases than the committed one, run by
papermill and written as one page; and the library functions it calls give hand-checked numbers.

The command runs for contrasting recipients, typed as people type them:

- a large importer with many suppliers: India, typed ``"IND"`` (the notebook's window);
- a small non-state actor, typed in SIPRI's spelling: ``"Hezbollah (Lebanon)*"``, 2000-2010,
  whose five-year windows of 1992-2001 hold only SIPRI's ``0`` cells;
- a historical state: ``"USSR"``, i.e. the Soviet Union, 1981-1990 (before the notebook's default
  history, which explore widens to take the window in);
- a SIPRI region: ``"Middle East"``, its members counted as one recipient.

Each run takes five to ten seconds (a fresh kernel, then the library).
"""

from __future__ import annotations

import ast
import html
import math
import re
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from armsdata import analysis, cli, compare, editions, plots, queries, report
from armsdata.report import execute, offline
from armsdata.report.explore import EXPLORE_NOTEBOOK, _slug, explore_parameters
from armsdata.errors import UnknownActorError

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10-who-arms-whom.ipynb"

# case -> (command-line arguments after `armsdata explore`, canonical name, window)
CASES = {
    "large-importer": (["IND"], "India", (2011, 2020)),
    "non-state-actor": (["Hezbollah (Lebanon)*", "--from", "2000", "--to", "2010"],
                        "Hezbollah (Lebanon)", (2000, 2010)),
    "historical-state": (["USSR", "--from", "1981", "--to", "1990"], "Soviet Union",
                         (1981, 1990)),
    "region": (["middle east"], "Middle East", (2011, 2020)),
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
    out = tmp_path / f"explore-{_slug(canonical)}-{start}-{end}.html"  # the default name
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
    assert offline.external_resources(page) == []
    assert '<header class="ad-header">' in page and '<nav class="ad-nav"' not in page  # alone
    assert f"armsdata explore {args[0]}" in html.unescape(page).replace("'", "")
    if case == "non-state-actor":
        # Hezbollah 1997-2001 in the 2022 edition: Iran and Syria, every cell '0' (XLH.csv); the
        # page says the share is undefined instead of failing
        assert "Iran (share undefined, < 0.5 a year)" in text
        assert "Syria (share undefined, < 0.5 a year)" in text


def test_a_bad_name_stops_before_any_kernel_starts(monkeypatch, capsys, tmp_path):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for a name that does not resolve")

    monkeypatch.setattr(execute, "_kernel_manager", no_kernel)
    monkeypatch.chdir(tmp_path)
    t = time.perf_counter()
    assert cli.main(["explore", "Armenai"]) == cli.EXIT_ERROR
    assert time.perf_counter() - t < 10
    err = capsys.readouterr().err
    assert "UnknownActorError" in err and "did you mean 'Armenia'" in err
    with pytest.raises(UnknownActorError, match="did you mean"):
        report.explore("Azerbajian")
    with pytest.raises(UnknownActorError, match="did you mean 'South Asia'"):
        report.explore("South Asai")
    with pytest.raises(UnknownActorError, match="the world, not a recipient"):
        report.explore("World")
    assert cli.main(["explore", "Armenia", "--from", "2020", "--to", "2011"]) == cli.EXIT_ERROR
    assert "WindowError" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []                        # no page, no temporary file


def test_the_options_map_onto_the_notebook_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    defaults = execute.notebook_parameters(nb)
    assert {"recipients", "start", "end", "edition", "history_start", "history_end"} <= set(defaults)
    assert explore_parameters("India", defaults=defaults) == {"recipients": ["India"]}
    assert explore_parameters("Soviet Union", 1981, 1990, "2022-04-22", defaults) == {
        "recipients": ["Soviet Union"], "start": 1981, "end": 1990, "edition": "2022-04-22",
        "history_start": 1981}       # the charts over time take the window in
    assert explore_parameters("Ukraine", 2021, 2025, defaults=defaults)["history_end"] \
        == 2025


def test_notebook_parameters_reads_tuples_and_needs_the_tag(tmp_path):
    cell = new_code_cell('start, end = 2011, 2020\nname = "x"  # comment\nwhen = f()',
                         metadata={"tags": ["parameters"]})
    assert execute.notebook_parameters(new_notebook(cells=[cell])) == {
        "start": 2011, "end": 2020, "name": "x", "when": None}
    with pytest.raises(report.ReportError, match="no cell tagged 'parameters'"):
        execute.notebook_parameters(new_notebook(cells=[new_code_cell("x = 1")]))
    # a notebook that lost a parameter the options map to is refused before it runs
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("recipients = []",
                                                     metadata={"tags": ["parameters"]})]),
                   nb_dir / EXPLORE_NOTEBOOK)
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
    # one assignment of one name per line: papermill reads parameters that way
    tree = ast.parse(params.source)
    assert all(isinstance(n, ast.Assign) and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name) for n in tree.body)
    assigned = [n.targets[0].id for n in tree.body]
    assert len(assigned) == len(params.source.strip().splitlines())
    assert {"start", "end", "edition", "register_edition", "per_year_edition"} <= set(assigned)
    assert "fact-sheet way" not in "".join(c.source for c in nb.cells)   # unsourced (issue 10)
    text = outputs(nb)
    assert "Armenia" in text and "Azerbaijan" in text
    assert not any(c.metadata.get("execution") for c in nb.cells), "timing metadata committed"
    assert all(c.get("outputs") or c.cell_type != "code" or c is params for c in nb.cells), \
        "the committed notebook must be executed"


# ---------------------------------------------------------------- functions the notebook calls

def cells(rows):
    """Printed cells written by hand: (recipient, supplier, year, tiv, below_half)."""
    return pd.DataFrame(rows, columns=["recipient", "supplier", "year", "tiv", "below_half"])


ROWS = cells([("X", "A", 2000, 10.0, False), ("X", "A", 2001, 0.0, True),
              ("X", "B", 2000, 2.0, False),
              # 2005-2009: deliveries, but every cell SIPRI's '0'
              ("X", "C", 2005, 0.0, True), ("X", "D", 2006, 0.0, True), ("X", "D", 2007, 0.0, True),
              ("Y", "A", 2000, 5.0, False)])


def test_top_suppliers_by_period_by_hand():
    t = analysis.top_suppliers_by_period(ROWS, "X", 2000, 2014, step=5, n=3)
    assert list(t.columns) == analysis.TOP_BY_PERIOD_COLUMNS
    assert list(t["window"]) == ["2000-2004", "2000-2004", "2005-2009", "2005-2009"]  # 2010-14: none
    a, b, c, d = (t.iloc[k] for k in range(4))
    assert (a["supplier"], a["rank"], a["tiv"]) == ("A", 1, 10.0)
    assert a["share"] == pytest.approx(100 * 10 / 12) and b["share"] == pytest.approx(100 * 2 / 12)
    # A's cells: 2000 in [9.5, 10.5], 2001 in (0, 0.5); B's in [1.5, 2.5].  Lowest share
    # 9.5 / (9.5 + 2.5), highest 11 / (11 + 1.5)
    assert (a["low"], a["high"]) == pytest.approx((100 * 9.5 / 12, 100 * 11 / 12.5))
    assert not a["below_half"]
    # only '0' cells: the share is undefined (NaN), its bounds are 0-100, the cells below 0.5
    assert (c["supplier"], d["supplier"]) == ("C", "D")    # equal printed TIV: name order
    assert c["tiv"] == 0 and math.isnan(c["share"]) and math.isnan(d["share"])
    assert (c["low"], c["high"]) == (0.0, 100.0) and c["below_half"] and d["below_half"]


def test_the_functions_over_time_take_a_regions_members_together():
    t = analysis.top_suppliers_by_period(ROWS, ["X", "Y"], 2000, 2004, step=5)
    assert list(t["supplier"]) == ["A", "B"] and t["share"].iloc[0] == pytest.approx(100 * 15 / 17)
    h = analysis.hhi_by_period(ROWS, ["X", "Y"], 2000, 2009, step=5)
    assert h.loc[0, "hhi"] == pytest.approx((100 * 15 / 17) ** 2 + (100 * 2 / 17) ** 2)
    # 2005-2009: only '0' cells, of C and D: no HHI, but two suppliers delivered
    assert math.isnan(h.loc[1, "hhi"]) and h.loc[1, "suppliers"] == 2
    # 2000-2004: A's '0' of 2001 counts with its 10 of 2000; B
    assert h.loc[0, "suppliers"] == 2


def test_hezbollah_1997_2001_holds_only_zeros_and_reads_so():
    """XLH.csv (2022 edition): Iran 1997-2001 '0' every year, Syria 1997 '0'; Iran 1992-1996
    1 + 1 + 0 + 1 + 2 = 5 of 5 printed, Syria 1996 '0'."""
    ed = editions.load("2022-04-22")
    t = analysis.top_suppliers_by_period(ed.tiv.rows, "Hezbollah (Lebanon)", 1992, 2001)
    first, late = t[t["window"] == "1992-1996"], t[t["window"] == "1997-2001"]
    assert list(first["supplier"]) == ["Iran", "Syria"] and list(first["tiv"]) == [5.0, 0.0]
    assert list(first["share"]) == [100.0, 0.0] and list(first["below_half"]) == [False, True]
    assert list(late["supplier"]) == ["Iran", "Syria"] and late["share"].isna().all()
    labels = plots.top_suppliers_labels(t.assign(recipient="Hezbollah (Lebanon)"))
    assert labels.loc["1992-1996", ("Hezbollah (Lebanon)", 1)] == "Iran (100 %, 5)"
    assert labels.loc["1992-1996", ("Hezbollah (Lebanon)", 2)] == "Syria (0 %, < 0.5 a year)"
    assert labels.loc["1997-2001", ("Hezbollah (Lebanon)", 1)] \
        == "Iran (share undefined, < 0.5 a year)"


def test_total_imports_by_year_fills_every_year_and_knows_no_deliveries():
    s = queries.total_imports_by_year(editions.load("2022-04-22"), "Armenia", 2011, 2020)
    assert list(s.index) == list(range(2011, 2021)) and s.name == "2022-04-22"
    assert s.sum() == 397 and s.loc[2012] == 0     # ARM.csv's Total row
    reg = editions.load("2024-10-13")
    assert queries.total_imports_by_year(reg, "Soviet Union", 2011, 2020).sum() == 0
    with pytest.raises(ValueError, match="start year after end year"):
        queries.total_imports_by_year(reg, "Armenia", 2020, 2011)


def test_compare_top_supplier_armenia():
    shares = compare.shares(["2022-04-22", "2024-10-13"], "Armenia", 2011, 2020)
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
    shares = pd.concat([compare.shares(["2022-04-22", "2024-10-13"], n, 2011, 2020)
                        for n in ("Armenia", "Azerbaijan")])
    wide = analysis.shares_side_by_side(shares, n=2)
    assert list(wide.columns.get_level_values(0).unique()) == [
        "2022-04-22 total", "2022-04-22 rows", "2024-10-13 register"]
    assert list(wide.index) == [("Armenia", "Russia"), ("Armenia", "Jordan"),
                                ("Azerbaijan", "Russia"), ("Azerbaijan", "Israel")]
    assert wide.loc[("Armenia", "Russia"), ("2022-04-22 total", "share")] == pytest.approx(100 * 374 / 397)
    assert not wide.isna().any().any()
