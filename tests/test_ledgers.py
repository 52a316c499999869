"""The curated ledgers: the shipped files keep their schema; broken copies fail by row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_snapshot

from armsdata import ledgers, snapshot
from armsdata.errors import ChecksumError, LedgerError

CURATED = ledgers.curated_dir()
FILES = {
    "loans.csv": ("loans", ledgers.LOANS),
    "cargo_reports.csv": ("cargo_reports", ledgers.CARGO_REPORTS),
    "aircraft_payloads.csv": ("aircraft_payloads", ledgers.PAYLOADS),
    "facts.csv": ("facts", ledgers.FACTS),
}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _write(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    columns = columns or list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


# ---------------------------------------------------------------------------- the real ledgers

@pytest.mark.parametrize("name", sorted(FILES))
def test_real_ledger_loads_with_schema(name):
    loader, schema = FILES[name]
    df = ledgers.load(loader)
    assert list(df.columns)[: len(schema)] == [c.name for c in schema]
    assert len(df) > 0
    for c in schema:
        if c.kind == "date":
            assert pd.api.types.is_datetime64_any_dtype(df[c.name]), c.name
        elif c.kind == "float":
            assert str(df[c.name].dtype) == "Float64", c.name
        elif c.kind == "int":
            assert str(df[c.name].dtype) == "Int64", c.name
    assert df["source_url"].str.match(r"^https?://").all()
    assert (df["quote"].str.len() > 0).all()
    assert (df["source_file"].str.len() > 0).all()


def test_loans_hold_the_two_signed_credits_and_the_talks():
    df = ledgers.load("loans").set_index("id")
    signed = df[df["status"].isin(["signed", "ratified"])]
    assert sorted(signed["amount"].tolist()) == [100.0, 200.0]
    assert set(signed["currency"]) == {"USD"}
    assert sorted(signed["date_signed"].dt.year.tolist()) == [2015, 2017]
    assert set(df["status"]) <= set(ledgers.LOAN_STATUSES)
    assert {"discussed", "contract-not-loan"} <= set(df["status"])


def test_cargo_lists_each_1news_flight_and_each_summary_once():
    df = ledgers.load("cargo_reports")
    one = df[(df["kind"] == "flight") & df["reported_by"].str.startswith("1news.az")]
    assert len(one) == 8
    assert (one["flights"] == 1).all()
    assert (one["date_range_start"] == one["date_range_end"]).all()
    summaries = df[df["kind"] == "summary"]
    assert summaries["tonnage_t"].notna().sum() >= 3  # Aliyev's 400, Day.az 510, TV 500
    assert set(df["kind"]) == set(ledgers.CARGO_KINDS)


def test_official_means_a_government_on_its_own_acts_in_every_ledger():
    # Russia's and Armenia's ministers on Russia's flights to its base in Armenia are official;
    # Azerbaijan on Russia's cargo or troops is a party's claim; Azerbaijan on deaths on its
    # own soil is official (ledgers.SOURCE_TYPES)
    cargo = ledgers.load("cargo_reports").set_index("id")
    facts = ledgers.load("facts").set_index("id")
    assert set(cargo["source_type"]) | set(facts["source_type"]) <= set(ledgers.SOURCE_TYPES)
    official = set(cargo.index[cargo["source_type"] == "official"])
    assert official == {"shoigu-2020-08-25-sputnik", "shoigu-2020-08-25-az-mod-via-turan",
                        "tonoyan-2020-08-caucasuswatch"}
    assert cargo.loc["president-az-2020-08-12", "source_type"] == "party"
    assert cargo.loc["hajiyev-2020-08-29-reuters", "source_type"] == "party"
    assert facts.loc["base-troops-aliyev-2020", "source_type"] == "party"
    assert facts.loc["barda-2020-10-27-hajiyev", "source_type"] == "official"
    # every official statement that denies something carries the judgement whether it denies
    # what the claims count, with its reason
    denials = cargo[cargo["denies"] != ""]
    assert set(denials.index) == official
    assert (denials["counts"] != "").all() and (denials["counts_reason"].str.len() > 40).all()


def test_payloads_are_positive_tonnes():
    df = ledgers.load("aircraft_payloads")
    assert (df["max_payload_t"] > 0).all()
    assert df["aircraft"].str.startswith("Il-76").any()


# ---------------------------------------------------------------------------- broken copies

BROKEN = [
    # file, row (1-based), column, bad value, message fragment
    ("loans.csv", 1, "date_signed", "26/06/2015", "ISO date"),
    ("loans.csv", 1, "date_signed", "2015-02-30", "calendar date"),
    ("loans.csv", 2, "amount", "-100", "> 0"),
    ("loans.csv", 2, "amount", "$100m", "expected a number"),
    ("loans.csv", 1, "currency", "UDS", "unknown currency"),
    ("loans.csv", 3, "source_url", "www.panarmenian.net/eng/news/259947/", "http"),
    ("loans.csv", 1, "status", "pending", "not one of"),
    ("loans.csv", 1, "date_ratified", "2015-06-01", "earlier than date_signed"),
    ("loans.csv", 2, "quote", "", "required"),
    ("cargo_reports.csv", 3, "flights", "nine", "whole number"),
    ("cargo_reports.csv", 1, "flights", "2", "one flight"),
    ("cargo_reports.csv", 1, "date_range_end", "2020-07-01", "earlier than date_range_start"),
    ("cargo_reports.csv", 4, "tonnage_t", "0", "> 0"),
    ("cargo_reports.csv", 2, "kind", "flights", "not one of"),
    ("cargo_reports.csv", 1, "denies", "weapons", "only a 'statement' row denies"),
    ("cargo_reports.csv", 17, "counts", "", "a denial needs a judgement"),
    ("cargo_reports.csv", 17, "counts", "maybe", "not one of"),
    ("facts.csv", 1, "source_type", "partisan", "not one of"),
    ("cargo_reports.csv", 10, "reprint_of", "1news-2020-08-10", "names no other row"),
    ("cargo_reports.csv", 10, "reprint_of", "armenianclub-reprint-2020-08-summary", "names no other row"),
    ("cargo_reports.csv", 9, "reprint_of", "armenianclub-reprint-2020-08-summary", "itself a reprint"),
    ("aircraft_payloads.csv", 2, "max_payload_t", "0", "> 0"),
    ("facts.csv", 1, "coverage", "maybe", "not one of"),
    ("facts.csv", 1, "value", "", "required"),
]


@pytest.mark.parametrize("name,row,column,bad,fragment", BROKEN)
def test_broken_cell_names_file_row_column_and_value(tmp_path, name, row, column, bad, fragment):
    rows = _rows(CURATED / name)
    rows[row - 1][column] = bad
    path = _write(tmp_path / name, rows)
    loader, _ = FILES[name]
    with pytest.raises(LedgerError, match=fragment) as info:
        ledgers.load(loader, path)
    msg = str(info.value)
    assert str(path) in msg
    assert f"row {row} (line {row + 1})" in msg
    assert repr(column) in msg
    if bad:
        assert repr(bad) in msg


def test_ledger_error_is_a_value_error():
    assert issubclass(LedgerError, ValueError)


def test_missing_column_is_named(tmp_path):
    rows = _rows(CURATED / "loans.csv")
    cols = [c for c in rows[0] if c != "currency"]
    path = _write(tmp_path / "loans.csv", rows, cols)
    with pytest.raises(LedgerError, match=r"missing column\(s\) \['currency'\]"):
        ledgers.load("loans", path)


def test_duplicate_id_is_named(tmp_path):
    rows = _rows(CURATED / "loans.csv")
    rows[1]["id"] = rows[0]["id"]
    path = _write(tmp_path / "loans.csv", rows)
    with pytest.raises(LedgerError, match=r"row 2 \(line 3\), column 'id': duplicate of row 1"):
        ledgers.load("loans", path)


def test_signed_loan_needs_a_signing_date(tmp_path):
    rows = _rows(CURATED / "loans.csv")
    rows[0]["date_signed"] = ""
    rows[0]["date_ratified"] = ""
    path = _write(tmp_path / "loans.csv", rows)
    with pytest.raises(LedgerError, match="column 'date_signed': a ratified loan needs date_signed"):
        ledgers.load("loans", path)


def test_ragged_row_says_to_quote(tmp_path):
    text = (CURATED / "aircraft_payloads.csv").read_text(encoding="utf-8")
    path = tmp_path / "aircraft_payloads.csv"
    path.write_text(text + "Il-76X,50,someone\n", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"row 3 \(line 4\): 3 fields.*Quote cells"):
        ledgers.load("aircraft_payloads", path)


def test_missing_file_says_what_to_do(tmp_path, monkeypatch):
    with pytest.raises(LedgerError, match="nope.csv not found"):
        ledgers.load("loans", tmp_path / "nope.csv")
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(tmp_path))
    with pytest.raises(LedgerError, match="ARMSDATA_DATA_DIR"):
        ledgers.load("loans")


def test_header_only_is_refused(tmp_path):
    header = (CURATED / "facts.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "facts.csv"
    path.write_text(header + "\n", encoding="utf-8")
    with pytest.raises(LedgerError, match="no rows"):
        ledgers.load("facts", path)


def test_data_dir_env_var_moves_the_default(tmp_path, monkeypatch):
    copy_snapshot(CURATED, tmp_path)
    (tmp_path / "curated" / snapshot.MANIFEST).unlink(missing_ok=True)
    rows = _rows(tmp_path / "curated" / "loans.csv")
    rows[0]["amount"] = "123"
    _write(tmp_path / "curated" / "loans.csv", rows)
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(tmp_path))
    assert ledgers.curated_dir() == tmp_path / "curated"
    assert ledgers.load("loans")["amount"].iloc[0] == 123.0


def test_default_folder_with_a_manifest_is_verified(tmp_path, monkeypatch):
    folder = copy_snapshot(CURATED, tmp_path)
    files = {p.name: snapshot.file_entry(p.read_bytes()) for p in sorted(folder.glob("*.csv"))}
    snapshot.write_manifest(folder, {"manifest_version": 1, "snapshot": "curated", "kind": "curated",
                                     "edition": "", "files": files})
    monkeypatch.setenv("ARMSDATA_DATA_DIR", str(tmp_path))
    assert len(ledgers.load("loans")) == len(ledgers.load("loans", CURATED / "loans.csv"))
    rows = _rows(folder / "loans.csv")
    rows[0]["amount"] = "201"
    _write(folder / "loans.csv", rows)
    with pytest.raises(ChecksumError, match="loans.csv"):
        ledgers.load("loans")
    assert ledgers.load("loans", folder / "loans.csv")["amount"].iloc[0] == 201.0  # an explicit path is read as is


# ---------------------------------------------------------------------------- rows and their sources

SHARED_SOURCES = Path("/work/shared/sources")


def test_every_row_quotes_its_stored_source_verbatim():
    # each quote (fragments joined by '...') and each source_url is in the excerpt its
    # source_file names, in data/raw/curated/sources/; whitespace and quote marks normalised
    problems = ledgers.check_sources()
    assert problems == [], "\n".join(map(str, problems))


def test_every_stored_source_is_in_the_curated_manifest():
    files = snapshot.load(CURATED).files
    stored = sorted(p.relative_to(CURATED).as_posix() for p in (CURATED / ledgers.SOURCES).iterdir())
    assert stored and all(f in files for f in stored)
    used = {r["source_file"] for name in FILES for r in _rows(CURATED / name)}
    assert {f"{ledgers.SOURCES}/{f}" for f in used} <= set(stored)


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the shared source excerpts are not here")
def test_stored_sources_are_the_shared_excerpts_unchanged():
    for p in sorted(SHARED_SOURCES.iterdir()):
        assert (CURATED / ledgers.SOURCES / p.name).read_bytes() == p.read_bytes(), p.name


def test_normalising_folds_whitespace_and_quote_marks_only():
    assert ledgers.normalise_text("„Der  Material\ntransfer“ ‘x’") == '"Der Material transfer" \'x\''
    assert ledgers.quote_fragments("a b ... c … d") == ["a b", "c", "d"]
    assert ledgers.normalise_text("Ил-76 — 52 т") == "Ил-76 — 52 т"  # dashes are words


@pytest.mark.parametrize("column, value, fragment", [
    ("quote", "4 civilians ... were killed in Ganja", "not in other_numbers_notes.txt"),
    ("quote", "4 civilians and 12 others were killed", "not in other_numbers_notes.txt"),
    ("source_url", "https://tokyo.mfa.gov.az/en/news/3296/", "is not in other_numbers_notes.txt"),
    ("source_file", "pages corpus, searched 2026-12-01", "is not a file in"),
])
def test_a_row_its_source_does_not_back_is_named(tmp_path, column, value, fragment):
    folder = copy_snapshot(CURATED, tmp_path)
    rows = _rows(folder / "facts.csv")
    row = next(r for r in rows if r["quote"] == "4 civilians ... were killed")
    row[column] = value
    if column == "source_url":
        row["url_status"] = ""
    _write(folder / "facts.csv", rows)
    snapshot.rebuild_manifest(folder)
    problems = ledgers.check_sources(folder)
    assert [(p.ledger, p.row, p.column) for p in problems] == [("facts", row["id"], column)]
    assert fragment in str(problems[0])
