"""`armsdata explore`: the who-arms-whom notebook for other cases than the committed one, run by
papermill and written as one page, on the newest SIPRI release that answers (or the edition asked
for); and the functions it calls (armsdata.report.suppliers) give hand-checked numbers.

The command runs for contrasting recipients, typed as people type them:

- a teacher's first question: who armed Pakistan in 2019-2023? (the newest release that covers it
  is the 2025 one, a classic register: even split; the 2024 release's SIPRI per-year values are
  compared beside it);
- a small non-state actor, typed in SIPRI's spelling, on one edition asked for (the 2022 TIV
  tables): ``"Hezbollah (Lebanon)*"``, 2000-2010, whose five-year windows of 1992-2001 hold only
  SIPRI's ``0`` cells;
- a historical state: ``"USSR"``, i.e. the Soviet Union, 1981-1990 (before the notebook's default
  history, which explore widens to take the window in);
- a SIPRI region: ``"middle east"``, its members counted as one recipient.

Each run takes ten to twenty seconds (a fresh kernel, then the library).
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
from conftest import RAW
from nbformat.v4 import new_code_cell, new_notebook

from armsdata import analysis, cli, editions, plots, queries, report
from armsdata.errors import CoverageError, NoDataError, UnknownActorError
from armsdata.report import execute, offline, suppliers
from armsdata.report.explore import EXPLORE_NOTEBOOK, _slug, explore_parameters

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "10-who-arms-whom.ipynb"
PER_YEAR_CSV = RAW / "sipri-delivery-years-2024-04" / "delivery-years-1990-2023.csv"

# case -> (arguments after `armsdata explore`, canonical name, window, release, edition)
CASES = {
    "recent-window": (["Pakistan", "--from", "2019", "--to", "2023"], "Pakistan", (2019, 2023),
                      2025, "2025-03-13"),
    "non-state-actor": (["Hezbollah (Lebanon)*", "--from", "2000", "--to", "2010", "--edition",
                         "2022-04-22"], "Hezbollah (Lebanon)", (2000, 2010), 2022, "2022-04-22"),
    "historical-state": (["USSR", "--from", "1981", "--to", "1990"], "Soviet Union",
                         (1981, 1990), 2025, "2025-03-13"),
    "region": (["middle east"], "Middle East", (2011, 2020), 2025, "2025-03-13"),
}
#: The figures of a page for one recipient: shares with bounds, imports over time, the window's
#: supplier x year table, the largest suppliers over time, the HHI, the largest supplier on
#: each release, the exporter's main recipients.
FIGURES = 7


def page_text(page: str) -> str:
    """What a reader sees of an HTML page, roughly: tags dropped, entities decoded, spaces
    collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def per_year_share(recipient: str, supplier: str, start: int, end: int) -> float:
    """*supplier*'s share (per cent) of *recipient*'s imports over the window, from SIPRI's
    per-delivery-year register of the 2024 release as SIPRI wrote it (its ``TIV delivery values``
    summed by delivery year), read here without armsdata."""
    d = pd.read_csv(PER_YEAR_CSV, skiprows=11, encoding="latin-1")
    d = d[(d["Recipient"] == recipient) & d["Delivery year"].between(start, end)]
    return 100 * d.loc[d["Supplier"] == supplier, "TIV delivery values"].sum() \
        / d["TIV delivery values"].sum()


@pytest.mark.timeout(240)
@pytest.mark.parametrize("case", sorted(CASES))
def test_explore_writes_one_page_per_recipient(case, tmp_path, monkeypatch, capsys):
    args, canonical, (start, end), release, edition = CASES[case]
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
    # the release and edition the page answers from, named in its title, its note and its text
    assert re.search(rf"<title>[^<]*SIPRI's {release} release \(edition {edition}\)", page)
    assert f"Figures from SIPRI's {release} release, edition {edition}" in text
    assert f"Answered from SIPRI's {release} release" in text
    how = "as asked" if "--edition" in args else "the newest SIPRI release here that answers"
    assert f"edition {edition} (" in text and how in text
    # papermill's cell with the parameters, after the notebook's own
    code = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "celltag_injected-parameters" in page
    assert re.search(rf'recipients\s*=\s*\[\s*"{re.escape(canonical)}"\s*\]', code)
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in page    # no warnings either
    assert "jp-OutputArea-output" in page and '<details class="ad-code" open' in page
    images = [i for i in re.findall(r"<img\b[^>]*>", page) if 'src="data:image/png;base64,' in i]
    figures = [html.unescape(m.group(1)) for i in images if (m := re.search(r'\balt="([^"]+)"', i))]
    assert len(figures) == len(images) == FIGURES
    assert any(f"{canonical}: arms imports by supplier, " in a for a in figures)
    assert any(f"{canonical}: arms imports by supplier and year, {start}-{end}" in a
               for a in figures)
    assert offline.external_resources(page) == []
    assert '<header class="ad-header">' in page and '<nav class="ad-nav"' not in page  # alone
    assert f"armsdata explore {args[0]}" in html.unescape(page).replace("'", "")
    if case == "recent-window":
        # the 2025 release is a classic register without printed yearly totals: its shares and
        # yearly values split each deal evenly, and the page says so
        assert "each deal split evenly over its delivery years (assumed)" in text
        # every release that covers 2019-2023 is compared, each on its tightest basis: the 2024
        # release on SIPRI's per-year values, hand-checked from SIPRI's file
        china = per_year_share("Pakistan", "China", 2019, 2023)
        assert f"Pakistan 2019-2023, 2024 release (2024-04-16, register): China {china:.1f} %" \
            in text
        for year in (2026, 2023, 2022, 2018):
            assert f"The {year} release does not cover 2019-2023" in text
    if case == "non-state-actor":
        # Hezbollah 1997-2001 in the 2022 edition: Iran and Syria, every cell '0' (XLH.csv); the
        # page says the share is undefined instead of failing
        assert "Iran (share undefined, < 0.5 a year)" in text
        assert "Syria (share undefined, < 0.5 a year)" in text


def test_bad_names_and_windows_stop_before_any_kernel_starts(monkeypatch, capsys, tmp_path):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started for a page that cannot be made")

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
    # a window no release covers
    assert cli.main(["explore", "Pakistan", "--from", "2030", "--to", "2031"]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert "CoverageError" in err and "outside every SIPRI release here" in err
    # covered only by the 2026 release, which holds Ukraine's table alone: each release's reason
    with pytest.raises(NoDataError, match=r"(?s)2026 release.*no TIV table for Pakistan.*"
                                          r"2025 release.*covers 1950-2024 only"):
        report.explore("Pakistan", 2021, 2025)
    # an edition asked for that does not cover the window
    with pytest.raises(CoverageError, match="only partly covered by edition 2022-04-22"):
        report.explore("Pakistan", 2019, 2023, edition="2022-04-22")
    assert list(tmp_path.iterdir()) == []                        # no page, no temporary file


def test_the_options_map_onto_the_notebook_parameters():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    defaults = execute.notebook_parameters(nb)
    assert {"recipients", "start", "end", "edition", "history_start", "history_end"} <= set(defaults)
    assert defaults["edition"] is None and defaults["history_end"] is None
    assert explore_parameters("India", defaults=defaults) == {"recipients": ["India"]}
    assert explore_parameters("Soviet Union", 1981, 1990, "2022-04-22", defaults) == {
        "recipients": ["Soviet Union"], "start": 1981, "end": 1990, "edition": "2022-04-22",
        "history_start": 1981}       # the charts over time take the window in
    # the history ends with the release's last year: nothing to widen
    assert explore_parameters("Ukraine", 2021, 2025, defaults=defaults) == {
        "recipients": ["Ukraine"], "start": 2021, "end": 2025}


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
    assert re.search(r"^edition = None\b", params.source, re.M)   # the newest release that answers
    # one assignment of one name per line: papermill reads parameters that way
    tree = ast.parse(params.source)
    assert all(isinstance(n, ast.Assign) and len(n.targets) == 1
               and isinstance(n.targets[0], ast.Name) for n in tree.body)
    assigned = [n.targets[0].id for n in tree.body]
    assert len(assigned) == len(params.source.strip().splitlines())
    assert {"start", "end", "edition", "history_start", "history_end", "exporter"} <= set(assigned)
    source = "".join(c.source for c in nb.cells)
    assert "fact-sheet way" not in source   # unsourced (issue 10)
    # no edition named in code: the release comes from the data, and is named in the outputs
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", "".join(c.source for c in nb.cells
                                                        if c.cell_type == "code"))
    text = outputs(nb)
    assert "Armenia" in text and "Azerbaijan" in text
    assert "Answered from SIPRI's" in text
    assert not any(c.metadata.get("execution") for c in nb.cells), "timing metadata committed"
    assert all(c.get("outputs") or c.cell_type != "code" or c is params for c in nb.cells), \
        "the committed notebook must be executed"


# ------------------------------------------------- analysis over printed cells, and across editions

def cells(rows):
    """Printed cells written by hand: (recipient, supplier, year, tiv, below_half)."""
    return pd.DataFrame(rows, columns=["recipient", "supplier", "year", "tiv", "below_half"])


ROWS = cells([("X", "A", 2000, 10.0, False), ("X", "A", 2001, 0.0, True),
              ("X", "B", 2000, 2.0, False),
              # 2005-2009: deliveries, but every cell SIPRI's '0'
              ("X", "C", 2005, 0.0, True), ("X", "D", 2006, 0.0, True), ("X", "D", 2007, 0.0, True),
              ("Y", "A", 2000, 5.0, False)])


def test_total_imports_by_year_fills_every_year_and_knows_no_deliveries():
    s = queries.total_imports_by_year(editions.load("2022-04-22"), "Armenia", 2011, 2020)
    assert list(s.index) == list(range(2011, 2021)) and s.name == "2022-04-22"
    assert s.sum() == 397 and s.loc[2012] == 0     # ARM.csv's Total row
    reg = editions.load("2024-10-13")
    assert queries.total_imports_by_year(reg, "Soviet Union", 2011, 2020).sum() == 0
    with pytest.raises(ValueError, match="start year after end year"):
        queries.total_imports_by_year(reg, "Armenia", 2020, 2011)


def every_basis(eds, recipient):
    """Shares of 2011-2020 on every basis of each edition, stacked (as the explorer shows them)."""
    frames = []
    for ed in map(editions.load, eds):
        for b in queries.bases(ed, "share"):
            try:
                frames.append(queries.shares(ed, recipient, 2011, 2020, basis=b))
            except NoDataError:  # a basis the edition has for other questions (world tables)
                pass
    return pd.concat(frames, ignore_index=True)


def test_compare_top_supplier_armenia():
    shares = every_basis(["2022-04-22", "2024-10-13"], "Armenia")
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
    shares = pd.concat([every_basis(["2022-04-22", "2024-10-13"], n)
                        for n in ("Armenia", "Azerbaijan")])
    wide = analysis.shares_side_by_side(shares, n=2)
    assert list(wide.columns.get_level_values(0).unique()) == [
        "2022-04-22 total", "2022-04-22 rows", "2024-10-13 register"]
    assert list(wide.index) == [("Armenia", "Russia"), ("Armenia", "Jordan"),
                                ("Azerbaijan", "Russia"), ("Azerbaijan", "Israel")]
    assert wide.loc[("Armenia", "Russia"), ("2022-04-22 total", "share")] == pytest.approx(100 * 374 / 397)
    assert not wide.isna().any().any()


# ---------------------------------------------------------------- functions the notebook calls

def test_each_release_asks_every_release_on_its_tightest_basis():
    """Which edition and basis answers first, release by release (``armsdata editions``): the
    2024 release's per-year values before its classic register's world tables; the 2023
    release's world tables (its RTF register has no TIV); the 2018 and 2026 releases do not
    cover 2011-2020."""
    got = {a.release: (a.value, a.covers) for a in
           suppliers.each_release(lambda ed, b: (ed.edition, b), 2011, 2020)}
    assert got == {2026: (None, False), 2025: (("2025-03-13", "register"), True),
                   2024: (("2024-04-16", "register"), True), 2023: (("2023-12-19", "total"), True),
                   2022: (("2022-04-22", "total"), True), 2018: (None, False)}

    def no_per_year(ed, basis):
        if ed.per_year_register:
            raise NoDataError(f"not on {ed.edition}")
        return ed.edition, basis

    answers = {a.release: a for a in suppliers.each_release(no_per_year, 2011, 2020)}
    assert answers[2024].value == ("2024-10-13", "total")   # the next tightest there
    assert answers[2024].edition.edition == "2024-10-13"

    def never(ed, basis):
        raise NoDataError(f"nothing on {ed.edition} {basis}")

    answers = {a.release: a for a in suppliers.each_release(never, 2011, 2020)}
    assert not any(a.answered for a in answers.values())
    # the tightest basis's reason: the per-year values on the 2024 release
    assert answers[2024].reason == "nothing on 2024-04-16 register"
    assert answers[2018].reason == "covers 1950-2017 only"


def test_choose_the_newest_release_that_answers_or_the_edition_asked_for():
    choice = suppliers.choose(["Pakistan"], 2019, 2023)
    assert (choice.edition.edition, choice.basis, choice.asked) == ("2025-03-13", "register", False)
    assert choice.assumption.startswith(analysis.EVEN_SPLIT) and choice.window_basis == "register"
    assert choice.cited == "2025-03-13 (2025 release)"
    assert choice.source("x").endswith("generated 2025-03-13 (2025 release). x")
    asked = suppliers.choose("Pakistan", 2019, 2023, "2024-04-16")
    assert asked.asked and asked.assumption.startswith(analysis.SIPRI_SPLIT)
    china = asked.shares.set_index("supplier").loc["China", "share"]
    assert china == pytest.approx(per_year_share("Pakistan", "China", 2019, 2023), abs=1e-9)
    assert "as asked" in asked.describe() and "SIPRI's per-year values" in asked.describe()
    # on TIV tables, the windows over time on the rows basis (their shares add up to 100 %)
    tiv = suppliers.choose(["Armenia"], 2011, 2020, "2022-04-22")
    assert (tiv.basis, tiv.window_basis) == ("total", "rows")
    # a recipient without deliveries in the window is said, the others answered
    both = suppliers.choose(["Pakistan", "USSR"], 2019, 2023)
    assert [s.name for s in both.recipients] == ["Pakistan", "Soviet Union"]
    assert set(both.shares["recipient"]) == {"Pakistan"}
    assert "no deliveries to 'Soviet Union' in 2019-2023" in both.missing["Soviet Union"]
    assert "No shares for Soviet Union on this release" in both.describe()
    with pytest.raises(CoverageError, match="outside every SIPRI release here"):
        suppliers.choose(["Pakistan"], 2030, 2031)
    with pytest.raises(NoDataError, match="no deliveries to 'Soviet Union'"):
        suppliers.choose(["USSR"], 2019, 2023, "2025-03-13")


def test_history_takes_the_window_in_within_the_release():
    choice = suppliers.choose(["Armenia"], 2011, 2020, "2022-04-22")
    assert suppliers.history(choice, 2011, 2020, 1992, None) == (1992, 2021, "")
    assert suppliers.history(choice, 1981, 1990, 1992, None)[:2] == (1981, 2021)
    first, last, note = suppliers.history(choice, 2011, 2020, 1940, 2030)
    assert (first, last) == (1950, 2021) and "partly covered" in note


def by_window_rows(rows):
    """Stacked window shares written by hand: (recipient, window, supplier, tiv, tiv_high, share,
    basis), in the order queries.shares gives them (largest first)."""
    return pd.DataFrame(rows, columns=["recipient", "window", "supplier", "tiv", "tiv_high",
                                       "share", "basis"]).assign(low=0.0, high=100.0)


def test_top_and_hhi_by_window_by_hand():
    t = by_window_rows([("X", "2000-2004", "A", 10.0, 11.0, 80.0, "rows"),
                        ("X", "2000-2004", "B", 2.0, 2.5, 16.0, "rows"),
                        ("X", "2000-2004", "C", 0.5, 1.0, 4.0, "rows"),
                        ("X", "2000-2004", "D", 0.0, 1.5, 0.0, "rows"),
                        # 2005-2009: deliveries, but every cell SIPRI's '0'
                        ("X", "2005-2009", "C", 0.0, 2.5, math.nan, "rows"),
                        ("Y", "2000-2004", "A", 3.0, 3.0, 100.0, "register")])
    top = suppliers.top_by_window(t, n=3)
    assert list(top.columns) == ["recipient"] + analysis.TOP_BY_PERIOD_COLUMNS
    assert list(zip(top["recipient"], top["window"], top["rank"], top["supplier"])) == [
        ("X", "2000-2004", 1, "A"), ("X", "2000-2004", 2, "B"), ("X", "2000-2004", 3, "C"),
        ("X", "2005-2009", 1, "C"), ("Y", "2000-2004", 1, "A")]
    assert list(top["below_half"]) == [False, False, False, True, False]
    h = suppliers.hhi_by_window(t, ["X", "Y"], 2000, 2014)
    assert list(h["window"]) == ["2000-2004", "2005-2009", "2010-2014"] * 2
    x = h[h["recipient"] == "X"].reset_index(drop=True)
    assert x.loc[0, "hhi"] == pytest.approx(80 ** 2 + 16 ** 2 + 4 ** 2)
    assert (x.loc[0, "suppliers"], x.loc[0, "top_supplier"], x.loc[0, "tiv"]) == (4, "A", 12.5)
    # only '0' cells: suppliers delivered, no HHI; no rows at all: no deliveries
    assert math.isnan(x.loc[1, "hhi"]) and x.loc[1, "suppliers"] == 1
    assert math.isnan(x.loc[2, "hhi"]) and x.loc[2, "suppliers"] == 0
    assert h[h["recipient"] == "Y"]["hhi"].iloc[0] == 10_000
    assert suppliers.windows(1992, 2001) == [(1992, 1996), (1997, 2001)]
    assert suppliers.windows(2019, 2024) == [(2019, 2023), (2024, 2024)]


def test_hezbollah_1997_2001_holds_only_zeros_and_reads_so_on_the_page():
    """XLH.csv (2022 edition): Iran 1997-2001 '0' every year, Syria 1997 '0'; Iran 1992-1996
    1 + 1 + 0 + 1 + 2 = 5 of 5 printed, Syria 1996 '0'."""
    choice = suppliers.choose(["Hezbollah (Lebanon)*"], 1992, 2001, "2022-04-22")
    t = suppliers.top_by_window(suppliers.shares_by_window(choice, choice.recipients[0], 1992,
                                                           2001))
    first, late = t[t["window"] == "1992-1996"], t[t["window"] == "1997-2001"]
    assert list(first["supplier"]) == ["Iran", "Syria"] and list(first["tiv"]) == [5.0, 0.0]
    assert list(first["share"]) == [100.0, 0.0] and list(first["below_half"]) == [False, True]
    assert list(late["supplier"]) == ["Iran", "Syria"] and late["share"].isna().all()
    labels = plots.top_suppliers_labels(t)
    assert labels.loc["1992-1996", ("Hezbollah (Lebanon)", 1)] == "Iran (100 %, 5)"
    assert labels.loc["1992-1996", ("Hezbollah (Lebanon)", 2)] == "Syria (0 %, < 0.5 a year)"
    assert labels.loc["1997-2001", ("Hezbollah (Lebanon)", 1)] \
        == "Iran (share undefined, < 0.5 a year)"


def test_imports_over_time_say_what_their_yearly_values_are():
    pakistan = suppliers.choose(["Pakistan"], 2019, 2023)
    wide = suppliers.imports_over_time(pakistan, pakistan.recipients[0], 2019, 2023)
    assert list(wide.index) == list(range(2019, 2024))
    # the even split of every deal, summed: the window's TIV the shares are taken of
    assert wide.to_numpy().sum() == pytest.approx(pakistan.shares["denominator"].iloc[0])
    assert suppliers.over_time_note(wide).endswith("split evenly over its delivery years (assumed).")
    per_year = suppliers.choose(["Pakistan"], 2019, 2023, "2024-04-16")
    wide = suppliers.imports_over_time(per_year, "Pakistan", 2019, 2023)
    assert suppliers.over_time_note(wide) == "Trade register: SIPRI's per-year values."
    d = pd.read_csv(PER_YEAR_CSV, skiprows=11, encoding="latin-1")
    china = d[(d["Recipient"] == "Pakistan") & (d["Supplier"] == "China")]
    assert wide.loc[2021, "China"] == pytest.approx(
        china.loc[china["Delivery year"] == 2021, "TIV delivery values"].sum())
    armenia = suppliers.choose(["Armenia"], 2011, 2020, "2022-04-22")
    wide = suppliers.imports_over_time(armenia, "Armenia", 2011, 2020)
    assert suppliers.over_time_note(wide).startswith("Rounded cells")
    assert wide.loc[2016, "Russia"] == 110     # ARM.csv: Russia 2016


def test_releases_compared_one_row_per_release():
    """Armenia 2011-2020: Russia's share on each release that covers the window.  The 2024
    release on SIPRI's per-year values (373.2 of 397.6, hand-checked from the CSV below); the 2022
    release on its TIV table's printed figures (ARM.csv: 374 of the Total row's 397)."""
    choice = suppliers.choose(["Armenia"], 2011, 2020)
    rel = suppliers.compare_releases(["Armenia"], 2011, 2020)
    assert list(rel.not_covering["release"]) == [2026, 2018]
    assert list(rel.unanswered["release"]) == [2023]   # world tables only, a register without TIV
    assert set(rel.shares["release"]) == {2025, 2024, 2022}
    lead = suppliers.leaders(rel, choice)
    assert list(lead["release"]) == [2025, 2024, 2023, 2022]
    assert set(lead["supplier"]) == {"Russia"} and lead["reason"].iloc[2].startswith(
        "edition 2023-12-19")
    by = lead.set_index("release")
    assert by.loc[2024, "share"] == pytest.approx(per_year_share("Armenia", "Russia", 2011, 2020))
    assert by.loc[2024, "how"] == "trade register: SIPRI's per-year values"
    assert by.loc[2022, "share"] == pytest.approx(100 * 374 / 397)
    assert (by.loc[2022, "edition"], by.loc[2022, "basis"]) == ("2022-04-22", "total")
    wide = suppliers.side_by_side(rel.shares, n=2)
    assert list(wide.columns) == ["2025 release (2025-03-13) register",
                                  "2024 release (2024-04-16) register",
                                  "2022 release (2022-04-22) total"]
    assert list(wide.index) == [("Armenia", "Russia"), ("Armenia", "Jordan")]
    # 374 / 397 = 94.21 %; the bounds 93.69-93.99 (test_queries) shown rounded outward
    assert wide.iloc[0, 2] == "94.2 (93.6–94.0)"


def test_printed_totals_and_exporter_shares_per_release():
    totals = suppliers.printed_totals("Armenia", 2011, 2020)
    assert list(totals.columns) == ["2024 release (2024-10-13)", "2023 release (2023-12-19)",
                                    "2022 release (2022-04-22)"]
    assert totals["2022 release (2022-04-22)"].sum() == 397      # ARM.csv's Total row
    assert list(totals.attrs["none"]) == [2025]                  # a register prints no totals
    world = suppliers.exporter_shares("Russia", 2016, 2020)
    assert list(world["release"]) == [2025, 2024, 2023, 2022]
    assert list(world["edition"]) == ["2025-03-13", "2024-04-16", "2023-12-19", "2022-04-22"]
    assert (world["low"] <= world["share"]).all() and (world["share"] <= world["high"]).all()


def test_releases_here_say_what_each_edition_answers():
    here = suppliers.releases_here(2019, 2023).set_index("edition")
    assert here.loc["2024-04-16", "share_bases"] == "per-year"
    assert here.loc["2022-04-22", "share_bases"] == "total, rows"
    assert here.loc["2024-02-18", "share_bases"].startswith("none: no TIV figure at all")
    assert not here.loc["2022-04-22", "covers_window"] and here.loc["2025-03-13", "covers_window"]
    assert list(dict.fromkeys(here["release"])) == [2026, 2025, 2024, 2023, 2022, 2018]


def test_bounds_are_shown_rounded_outward():
    t = pd.DataFrame({"supplier": ["A", "B"], "share": [93.7, 1.0], "low": [93.4591, 0.95],
                      "high": [94.0001, 1.05]})
    out = suppliers.with_bounds(t)
    assert list(out.columns) == ["supplier", "share", "bounds"]
    assert list(out["bounds"]) == ["93.4–94.1", "0.9–1.1"]


def test_a_trimmed_table_gives_no_concentration_index_and_names_no_largest_supplier():
    """Ukraine 2021-2025 on the 2026 release: its table lists 3 suppliers whose rows add up to
    6,338 of the printed 14,909 (see tests/test_printed_sums.py).  Any supplier it leaves out
    may be larger than the United States and would change the HHI: the explorer gives neither,
    and says why."""
    choice = suppliers.choose(["Ukraine"], 2021, 2025)
    assert choice.edition.release.year == 2026 and queries.is_trimmed(choice.shares)
    hhi = suppliers.hhi_by_window(choice.shares.assign(window="2021-2025"), ["Ukraine"],
                                  2021, 2025)
    assert math.isnan(hhi["hhi"].iloc[0]) and hhi["top_supplier"].iloc[0] == ""
    rel = suppliers.compare_releases(["Ukraine"], 2021, 2025)
    lead = suppliers.leaders(rel, choice).set_index("release")
    assert lead.loc[2026, "top_supplier"].startswith("not given (the table lists only some")
