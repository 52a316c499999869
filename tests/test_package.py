"""armsdata.package: data/processed/ as a Frictionless Data Package.

The descriptor is validated against the tables with the ``frictionless`` library (the
reference implementation of the specs; it checks every field's type and constraints, primary
keys, and each CSV's size, sha256 and row count).  Expected figures are read from the raw SIPRI
files by hand (see the comments).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import RAW, ROOT, copy_snapshot
from frictionless import Package, validate

from armsdata import __version__, cli, editions, package, sipri, snapshot
from armsdata.errors import ChecksumError


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    """A data folder linking every shipped SIPRI snapshot (all of them parse)."""
    d = tmp_path_factory.mktemp("raw")
    for snap in snapshot.find_snapshots(RAW):
        if editions.is_data_snapshot(snap):
            (d / snap.path.name).symlink_to(snap.path, target_is_directory=True)
    return d


@pytest.fixture(scope="module")
def built(shipped, tmp_path_factory) -> Path:
    """The package of every shipped edition, written once for this module."""
    out = tmp_path_factory.mktemp("processed")
    package.write(out, data_dir=shipped, created="2026-01-01T00:00:00Z")
    return out


@pytest.fixture(scope="module")
def desc(built) -> dict:
    return json.loads((built / package.DESCRIPTOR).read_text(encoding="utf-8"))


def _resource(desc: dict, name: str) -> dict:
    return next(r for r in desc["resources"] if r["name"] == name)


def _errors(report) -> list[str]:
    return [f"{task.name}: {e.type}: {e.note}" for task in report.tasks for e in task.errors] + [
        f"package: {e.type}: {e.note}" for e in report.errors]


# ------------------------------------------------------------------------------ the descriptor

@pytest.mark.slow
def test_the_descriptor_validates_against_every_table(built, desc):
    report = validate(str(built / package.DESCRIPTOR))
    assert report.valid, "\n".join(_errors(report)[:20])
    # every table of every edition was checked, row by row
    assert len(report.tasks) == len(desc["resources"])
    assert all(task.stats["rows"] == _resource(desc, task.name)["rows"] for task in report.tasks)


def test_every_resource_path_exists_with_the_size_and_sha256_it_records(built, desc):
    for r in desc["resources"]:
        data = (built / r["path"]).read_bytes()
        assert r["bytes"] == len(data), r["path"]
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), r["path"]
        assert r["format"] == "csv" and r["encoding"] == "utf-8"


def test_every_edition_has_its_tables(desc, shipped):
    names = {r["name"] for r in desc["resources"]}
    assert {"sipri-tiv-2022-04-22.tiv-rows", "sipri-tiv-2022-04-22.tiv-totals",
            "sipri-tiv-2022-04-22.world-imports", "sipri-tiv-2022-04-22.world-imports-totals",
            "sipri-trade-register-2024-10-13.register",
            "sipri-trade-register-2024-10-13.world-imports",
            "sipri-trade-register-2024-10-13.world-exports",
            "sipri-delivery-years-2024-04.delivery-years",
            "sipri-api-recording-2025-02-10.delivery-years"} <= names
    assert {"sipri-api-tiv-2026-08-12.tiv-rows", "sipri-api-tiv-2026-08-12.tiv-totals"} <= names


def test_the_package_names_its_sources_and_sipri_s_terms(desc, shipped):
    by_snapshot = {s["snapshot"]: s for s in desc["sources"]}
    assert set(by_snapshot) == {p.name for p in shipped.iterdir()}
    for name, s in by_snapshot.items():
        manifest = shipped / name / "manifest.json"
        assert s["manifest_sha256"] == hashlib.sha256(manifest.read_bytes()).hexdigest()
        assert s["edition"] == json.loads(manifest.read_text())["edition"]
        assert s["attribution"].startswith("Source: SIPRI Arms Transfers Database")
    assert desc["armsdata"]["version"] == __version__
    assert desc["created"] == "2026-01-01T00:00:00Z"
    assert desc["licenses"][0]["path"] == package.SIPRI_TERMS_URL
    assert "commercial" in desc["licenses"][0]["title"]


def test_each_table_lists_the_raw_files_it_comes_from_with_their_sha256(desc, shipped):
    for r in desc["resources"]:
        assert r["sources"], r["name"]
        for s in r["sources"]:
            raw = shipped / r["snapshot"] / s["file"]
            assert s["sha256"] == hashlib.sha256(raw.read_bytes()).hexdigest(), s["title"]
    # 2022: one table per recipient in imports/ (261 files, counted with ls), less ALL.csv, the
    # world table; the world tables come from ALL.csv alone
    tiv_files = sorted(p.name for p in (RAW / "sipri-tiv-2022-04-22" / "imports").glob("*.csv"))
    rows = _resource(desc, "sipri-tiv-2022-04-22.tiv-rows")
    assert sorted(Path(s["file"]).name for s in rows["sources"]) == [f for f in tiv_files if f != "ALL.csv"]
    world = _resource(desc, "sipri-tiv-2022-04-22.world-imports")
    assert [s["file"] for s in world["sources"]] == ["imports/ALL.csv"]
    # 2024-04: both exports of the per-delivery-year register, each with its own generated date
    dy = _resource(desc, "sipri-delivery-years-2024-04.delivery-years")
    assert {s["file"]: s["generated"] for s in dy["sources"]} == {
        "delivery-years-1950-1989.csv": "2024-04-16", "delivery-years-1990-2023.csv": "2024-04-13"}


def _documented_columns(section: str) -> list[str]:
    """The column names docs/architecture.md lists in one '### ...' section, in order."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    body = text.split(section, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    if "Columns:" in body:  # the TIV section: the columns of `rows`, up to `totals`
        body = body.split("Columns:", 1)[1].split("`totals`", 1)[0]
    return list(dict.fromkeys(re.findall(r"`([a-z_]+)`", body)))


@pytest.mark.parametrize("section, kinds", [
    ("### TIV table", ["tiv-rows", "tiv-totals", "world-imports", "world-imports-totals",
                       "world-exports", "world-exports-totals"]),
    ("### Trade register", ["register"]),
    ("### Per-delivery-year register", ["delivery-years"]),
])
def test_the_schemas_have_the_columns_docs_architecture_lists(desc, section, kinds):
    documented = _documented_columns(section)
    assert len(documented) >= 5, documented
    for kind in kinds:
        assert package.TABLES[kind].columns == documented, kind
    for r in desc["resources"]:
        kind = r["path"].split(".")[-2]
        assert [f["name"] for f in r["schema"]["fields"]] == package.TABLES[kind].columns
        assert all(f["description"] for f in r["schema"]["fields"])


def test_the_csvs_load_with_their_schema_types_and_give_the_raw_figures(built, desc):
    """What an R or pandas user gets: read with the schema's types, the figures of the raw files."""
    dtypes = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "string"}

    def load(name):
        r = _resource(desc, name)
        fields = r["schema"]["fields"]
        df = pd.read_csv(built / r["path"], dtype={f["name"]: dtypes[f["type"]] for f in fields},
                         keep_default_na=False, na_values=r["schema"]["missingValues"])
        for f in fields:
            if f["type"] == "boolean":
                assert set(df[f["name"]]) <= set(f["trueValues"] + f["falseValues"]), f["name"]
        return df

    rows = load("sipri-tiv-2022-04-22.tiv-rows").set_index(["recipient", "supplier", "year"])
    totals = load("sipri-tiv-2022-04-22.tiv-totals").set_index(["recipient", "year"])
    # imports/ARM.csv, row "Russia": 2 in 2011, 228 in 2019; row "Total": 5 in 2011, 248 in 2019
    assert rows.loc[("Armenia", "Russia", 2011), "tiv"] == 2
    assert rows.loc[("Armenia", "Russia", 2019), "tiv"] == 228
    assert totals.loc[("Armenia", 2019), "tiv"] == 248 and totals.loc[("Armenia", 2011), "tiv"] == 5
    # imports/ALL.csv, row "Total": 8092 in 1950
    world = load("sipri-tiv-2022-04-22.world-imports-totals").set_index("year")
    assert world.loc[1950, "tiv"] == 8092
    # trade-register.csv, first deal: Afghanistan from Brazil, 6 EMB-314 ordered 2017, delivered
    # 2018 ("6,?" : number delivered uncertain), TIV 27; the register's empty comments stay empty
    reg = load("sipri-trade-register-2024-10-13.register").set_index("deal")
    first = reg.loc[0]
    assert (first["recipient"], first["supplier"], first["order_year"]) == ("Afghanistan", "Brazil", 2017)
    assert (first["delivery_years"], first["number_delivered_uncertain"]) == ("2018", "true")
    assert first["tiv_delivered"] == 27
    assert reg["delivery_years"].dropna().str.fullmatch(r"\d{4}(; \d{4})*").all()


# ------------------------------------------------------------------------------ tampering

SMALL = "sipri-tiv-2022-04-22.world-imports-totals"  # 72 rows


@pytest.fixture
def copy(built, tmp_path) -> Path:
    out = tmp_path / "processed"
    shutil.copytree(built, out)
    return out


def _tamper_and_validate(copy: Path, desc: dict, edit) -> set[str]:
    path = copy / _resource(desc, SMALL)["path"]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    # only the tampered table: the others were validated above
    report = Package(str(copy / package.DESCRIPTOR)).get_resource(SMALL).validate()
    assert not report.valid
    return {e.type for task in report.tasks for e in task.errors}


def _change_figure(lines):  # "Total,All,1950,8092.0,false" → 8093.0: still a valid number
    assert lines[1].startswith("Total,All,1950,8092.0,"), lines[1]
    return [lines[0], lines[1].replace("8092.0", "8093.0")] + lines[2:]


@pytest.mark.parametrize("edit, expected", [
    (_change_figure, {"hash-count"}),
    (lambda ls: [ls[0], ls[1].replace("8092.0", "n/a")] + ls[2:], {"type-error", "hash-count"}),
    (lambda ls: [ls[0], ls[1].replace(",false", ",no")] + ls[2:], {"type-error"}),
    (lambda ls: [ls[0], ls[1].replace("Total,All,1950", "Total,All,1949")] + ls[2:], {"constraint-error"}),
    (lambda ls: ls + [ls[1]], {"primary-key", "row-count"}),
    (lambda ls: [l.rsplit(",", 1)[0] + "\n" for l in ls], {"missing-label"}),
], ids=["figure", "not-a-number", "not-a-boolean", "before-1950", "duplicate-key", "column-dropped"])
def test_a_tampered_csv_fails_validation(copy, desc, edit, expected):
    assert expected <= _tamper_and_validate(copy, desc, edit)


# ------------------------------------------------------------------------------ writing

def _small_data(tmp_path: Path, *names: str) -> Path:
    d = tmp_path / "raw"
    d.mkdir()
    for n in names:
        copy_snapshot(RAW / n, d)
    return d


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_a_failed_run_leaves_the_previous_package_intact(tmp_path):
    data = _small_data(tmp_path, "sipri-api-recording-2025-02-10")
    out = tmp_path / "processed"
    package.write(out, data_dir=data)
    before = _files(out)
    raw = data / "sipri-api-recording-2025-02-10" / "trade-register-csv.response.json"
    raw.write_bytes(raw.read_bytes().replace(b'"', b"'", 1))  # one byte changed
    with pytest.raises(ChecksumError):
        package.write(out, data_dir=data)
    assert _files(out) == before  # same files, same bytes, no temp folder left behind
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_rerun_replaces_the_package_and_removes_only_the_tables_it_no_longer_lists(tmp_path):
    data = _small_data(tmp_path, "sipri-api-recording-2025-02-10", "sipri-trade-register-2024-10-13")
    out = tmp_path / "processed"
    out.mkdir()
    (out / "README.md").write_text("kept\n")
    (out / "mine.csv").write_text("a,b\n")
    first = package.write(out, data_dir=data)
    assert (out / "sipri-trade-register-2024-10-13.register.csv").is_file()
    shutil.rmtree(data / "sipri-trade-register-2024-10-13")
    second = package.write(out, data_dir=data)
    assert [p.name for p in second] == ["sipri-api-recording-2025-02-10.delivery-years.csv",
                                        package.DESCRIPTOR]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["README.md", "mine.csv", *(p.name for p in second)])
    assert len(first) > len(second)
    assert validate(str(out / package.DESCRIPTOR)).valid


def test_a_table_whose_columns_drift_from_its_schema_is_refused(tmp_path, monkeypatch):
    data = _small_data(tmp_path, "sipri-api-recording-2025-02-10")
    ed = editions.load(data / "sipri-api-recording-2025-02-10")
    drifted = ed.delivery_years.rename(columns={"tiv_delivered": "tiv"})
    monkeypatch.setattr(package, "edition_tables", lambda ed: [
        package.TidyTable(package.TABLES["delivery-years"], drifted, ())])
    with pytest.raises(RuntimeError, match=r"its schema in armsdata.package.TABLES lists"):
        package.write(tmp_path / "processed", data_dir=data)
    assert not (tmp_path / "processed" / package.DESCRIPTOR).exists()


def test_the_process_command_writes_the_package(tmp_path, capsys):
    data = _small_data(tmp_path, "sipri-api-recording-2025-02-10")
    out = tmp_path / "processed"
    assert cli.main(["process", "--output", str(out), "--data-dir", str(data)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(out / "sipri-api-recording-2025-02-10.delivery-years.csv"),
                       str(out / package.DESCRIPTOR)]
    # the recorded API answer holds 1,414 per-year rows (counted in its decoded CSV)
    assert json.loads((out / package.DESCRIPTOR).read_text())["resources"][0]["rows"] == 1414


# ------------------------------------------------------------------------------ citation

def test_citation_cff_names_this_version_licence_and_repository():
    """CITATION.cff (checked once against the CFF 1.2.0 schema with cffconvert --validate) keeps
    step with the package it cites."""
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert cff["cff-version"] == "1.2.0"
    assert str(cff["version"]) == __version__
    assert cff["license"] == project["license"]["text"] == "MIT"
    assert [a["name"] for a in cff["authors"]] == [a["name"] for a in project["authors"]]
    assert cff["repository-code"] == sipri.PROJECT_URL
    sipri_ref = cff["references"][0]
    assert sipri_ref["title"] == "SIPRI Arms Transfers Database"
    assert sipri_ref["url"] == package.SIPRI_DATABASE_URL
