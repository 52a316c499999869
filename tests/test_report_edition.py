"""`armsdata report --edition E`: every SIPRI claim on E, every notebook with its edition
parameters set to E, a notebook that cannot run on E shown with the reason."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

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


@pytest.mark.timeout(300)
def test_a_report_on_one_edition_says_what_it_cannot_answer(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    # 01 needs TIV tables by supplier, which the 2024-10-13 edition does not have; 02 reads
    # ledgers only
    for name in ("01-russia-share-of-armenian-imports.ipynb", "02-loans.ipynb"):
        shutil.copy(NOTEBOOKS / name, nb_dir / name)
    out = report.build_site(tmp_path / "site", notebooks_dir=nb_dir, edition="2024-10-13",
                            progress=False, jobs=2)
    info = json.loads((out / "build.json").read_text())
    assert info["edition"] == "2024-10-13"
    pages = {n["notebook"]: n for n in info["notebooks"]}
    share = pages["01-russia-share-of-armenian-imports.ipynb"]
    assert "EDITION_TIV" in share["injected"] and "has no recipients' TIV tables" in share["error"]
    assert pages["02-loans.ipynb"]["error"] == "" and pages["02-loans.ipynb"]["injected"] == []
    page = (out / "01-russia-share-of-armenian-imports.html").read_text(encoding="utf-8")
    assert "could not run on edition 2024-10-13" in page
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
