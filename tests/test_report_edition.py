"""`armsdata report --edition E`: every SIPRI claim on E, every notebook with its edition
parameters set to E, a notebook that cannot run on E shown with the reason."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from armsdata import cli, report
from armsdata.report import site

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_edition_parameters_are_the_single_edition_names_of_the_parameters_cell():
    overview = nbformat.read(NOTEBOOKS / "00-overview.ipynb", as_version=4)
    names = site.edition_parameters(overview)
    assert names and all("EDITION" in n.upper() for n in names)
    assert "DRIFT_EDITIONS" not in names  # a list of editions is left alone
    loans = nbformat.read(NOTEBOOKS / "02-loans.ipynb", as_version=4)
    assert site.edition_parameters(loans) == []  # a ledger notebook names no edition
    nb, injected = site.on_edition(overview, "2024-10-13")
    assert injected == tuple(names)
    cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert all(f'{n} = "2024-10-13"' in cell.source for n in names)


def small_notebooks(folder: Path) -> Path:
    """Two notebooks made here, so that the test does not hang on how the shipped ones name
    their parameters: one with a single edition parameter, ``EDITION = None`` (the notebook's
    default: a release of its choosing), that asks for a recipient's TIV table by supplier; one
    that reads a curated ledger only and names no edition."""
    folder.mkdir()
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(new_notebook(metadata=kernel, cells=[
        new_markdown_cell("# Russia's share of Armenia's arms imports"),
        new_code_cell("EDITION = None  # default: the 2022 release's TIV tables",
                      metadata={"tags": ["parameters"]}),
        new_code_cell("from armsdata import editions, queries\n"
                      "ed = editions.load(EDITION or '2022-04-22')\n"
                      "queries.shares(ed, 'Armenia', 2011, 2020, basis='rows').head(3)"),
    ]), folder / "01-share.ipynb")
    nbformat.write(new_notebook(metadata=kernel, cells=[
        new_markdown_cell("# Loans"),
        new_code_cell('CLAIM_ID = "loans-since-2020"', metadata={"tags": ["parameters"]}),
        new_code_cell("from armsdata import claims\n"
                      "ctx = claims.Context()\n"
                      "ctx.ledger(claims.get_claim(CLAIM_ID).evidence['ledger']).shape"),
    ]), folder / "02-ledger.ipynb")
    return folder


def test_a_notebooks_edition_parameter_may_default_to_none(tmp_path):
    nb = nbformat.read(small_notebooks(tmp_path / "nb") / "01-share.ipynb", as_version=4)
    assert site.edition_parameters(nb) == ["EDITION"]
    nb, injected = site.on_edition(nb, "2024-10-13")
    assert injected == ("EDITION",)
    cell = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'EDITION = "2024-10-13"' in cell.source


@pytest.mark.timeout(300)
def test_a_report_on_one_edition_says_what_it_cannot_answer(tmp_path):
    # 01-share needs TIV tables by supplier (the rows basis), which the 2024-10-13 edition (a
    # register and world tables) does not have; 02-ledger reads a ledger only
    nb_dir = small_notebooks(tmp_path / "notebooks")
    out = report.build_site(tmp_path / "site", notebooks_dir=nb_dir, edition="2024-10-13",
                            progress=False, jobs=2)
    info = json.loads((out / "build.json").read_text())
    assert info["edition"] == "2024-10-13"
    pages = {n["notebook"]: n for n in info["notebooks"]}
    share = pages["01-share.ipynb"]
    assert share["injected"] == ["EDITION"]
    assert "supports the bases ['register']" in share["error"] and "not 'rows'" in share["error"]
    assert pages["02-ledger.ipynb"]["error"] == "" and pages["02-ledger.ipynb"]["injected"] == []
    page = (out / "01-share.html").read_text(encoding="utf-8")
    assert "could not run on edition 2024-10-13" in page
    ledger = (out / "02-ledger.html").read_text(encoding="utf-8")
    assert "could not run" not in ledger
    index = (out / "index.html").read_text(encoding="utf-8")
    # named as readers know it (generated date and folder), and not said to be the shipped data
    assert "on edition 2024-10-13 (sipri-trade-register-2024-10-13)</h1>" in index
    assert "checked against the shipped snapshots" not in index
    # the headline claim was evaluated on the register of that edition alone
    assert "93.86" in index and "2022-04-22, 2024-10-13" not in index


def test_a_report_on_an_edition_needs_executed_notebooks(tmp_path):
    with pytest.raises(report.ReportError, match="needs the notebooks executed"):
        report.build_site(tmp_path / "site", execute=False, edition="2024-10-13",
                          progress=False)


def test_fetch_edition_fetches_a_table_for_every_recipient_the_claims_and_notebooks_name():
    named = cli.named_recipients()
    assert "Armenia" in named and "Azerbaijan" in named
    assert all(n not in named for n in ("World", "Middle East"))
    assert set(report.notebook_recipients()) >= {"Armenia"}
