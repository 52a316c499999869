"""Editions: any snapshot folder, shipped or fetched, loaded once, with its coverage, its bases
and its names (including names the actor map lacks)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW, REGISTER_2024_DIR, ROOT, copy_snapshot

from armsdata import analysis, editions, package, parse, queries, snapshot
from armsdata.errors import ChecksumError, CoverageError, NoDataError, SnapshotError, WindowError

# SIPRI's exports-by-supplier layout, as an early fetch wrote a TIV query for one recipient
# (constructed from the 2024 table's preamble and header; values chosen by hand).
EXPORTS_FOR_ONE_RECIPIENT = (
    b"Volume of transfers of major arms\n"
    b"Figures are in millions of SIPRI trend-indicator values (TIVs).\n"
    b"A '0' indicates that the volume of deliveries is between 0 and 0.5 million SIPRI TIV.\n"
    b"\n"
    b"Source: SIPRI Arms Transfers Database (c) SIPRI.\n"
    b"Data generated: 1 Dec 2026 10:00:00 AM\n"
    b"\n"
    b"Exports by,2019,2020,2019-2020,Percentage,Sum total years,Percentage of total\n"
    b"Russia,228,0 ,228,91.6%,228,91.6%\n"
    b"Jordan,21,,21,8.4%,21,8.4%\n"
    b"Total world export,248,0 ,248,100%,248,100%\n"
)


def fetched_tiv(tmp_path, query):
    return snapshot.write_snapshot(
        tmp_path, "tiv-2026-12-01", {"tiv.csv": EXPORTS_FOR_ONE_RECIPIENT},
        {"kind": "tiv", "edition": "2026-12-01", "query": query},
        {"tiv.csv": {"layout": "tiv-exports-by-supplier", "generated": "2026-12-01"}}).path


# ------------------------------------------------------------------------------ loading

def test_an_edition_is_named_by_date_folder_or_path():
    by_date = editions.load("2022-04-22")
    assert by_date.name == "sipri-tiv-2022-04-22" and by_date.edition == "2022-04-22"
    assert editions.load("sipri-tiv-2022-04-22").path == by_date.path
    assert editions.load(str(RAW / "sipri-tiv-2022-04-22")).edition == "2022-04-22"
    assert editions.load(by_date) is by_date
    assert "Source: SIPRI" in by_date.attribution


def test_tables_are_parsed_once_and_shared_between_loads():
    a, b = editions.load("2022-04-22"), editions.load("2022-04-22")
    assert a.tiv is b.tiv  # parsed on first use, memoised per path and sha256 of the files


def test_an_unknown_edition_lists_the_editions_there_are():
    with pytest.raises(SnapshotError, match="2022-04-22"):
        editions.load("1999-01-01")


def test_a_changed_file_is_refused(tmp_path):
    dst = copy_snapshot(REGISTER_2024_DIR, tmp_path)
    p = dst / "trade-register.csv"
    p.write_bytes(p.read_bytes().replace(b"BM-9A52 Smerch", b"BM-9A52 Smerck"))
    with pytest.raises(ChecksumError, match="trade-register.csv.*expected"):
        editions.load(dst)


def test_a_file_changed_after_loading_is_never_served(tmp_path):
    dst = copy_snapshot(REGISTER_2024_DIR, tmp_path)
    ed = editions.load(dst)
    p = dst / "trade-register.csv"
    p.write_bytes(p.read_bytes().replace(b"BM-9A52 Smerch", b"BM-9A52 Smerck"))
    with pytest.raises(ChecksumError):
        ed.register  # parsed lazily, after the change: the bytes are checked again
    snapshot.rebuild_manifest(dst)  # accepted on purpose: a new key, parsed afresh
    assert "BM-9A52 Smerck" in set(editions.load(dst).register["designation"])


# ------------------------------------------------------------------------------ coverage

@pytest.mark.parametrize("ref,first,last,declared_last", [
    ("2022-04-22", 1950, 2021, 2021),  # year columns 1950-2021 of every imports/*.csv
    # register title "year range '1950' to '2024'", TIV tables to 2024, but the latest delivery
    # year in the register is 2023 and the 2024 columns of both tables are empty
    ("2024-10-13", 1950, 2023, 2024),
    ("2024-04-16", 1950, 2023, 2023),  # titles '1950' to '1989' and '1990' to '2023'
    ("2025-02-10", 2000, 2001, 2001),  # title "year range '2000' to '2001'"
])
def test_coverage_comes_from_the_data(ref, first, last, declared_last):
    c = editions.load(ref).coverage
    assert (c.first, c.last, c.declared_first, c.declared_last) == (first, last, first, declared_last)
    assert c.edition == ref and c.source


COVERAGE = editions.Coverage(1950, 2021, 1950, 2021, "test", "2022-04-22")


def test_a_covered_window_has_no_note():
    assert COVERAGE.require(2011, 2020) == "" == COVERAGE.require(1950, 2021)


def test_a_partly_covered_window_is_refused_unless_asked_for():
    with pytest.raises(CoverageError, match=r"2020-2024 is only partly covered by edition "
                                            r"2022-04-22, which covers 1950-2021.*--allow-partial"):
        COVERAGE.require(2020, 2024)
    note = COVERAGE.require(2020, 2024, allow_partial=True)
    assert note == ("partly covered: asked 2020-2024, edition 2022-04-22 covers 1950-2021; "
                    "computed over 2020-2021")
    assert COVERAGE.clip(2020, 2024) == (2020, 2021)
    assert "computed over 1950-1955" in COVERAGE.require(1940, 1955, allow_partial=True)


@pytest.mark.parametrize("start,end", [(2022, 2024), (1900, 1949), (0, 10)])
def test_a_window_outside_the_edition_is_refused_even_when_partial_is_allowed(start, end):
    with pytest.raises(CoverageError, match="outside edition 2022-04-22, which covers 1950-2021"):
        COVERAGE.require(start, end, allow_partial=True)


@pytest.mark.parametrize("start,end,match", [
    (2020, 2011, "start year after end year"), (-5, 2020, "negative"),
    (2011.5, 2020, "not a whole number"), ("2011", 2020, "not a whole number"),
    (True, 2020, "not a whole number"),
])
def test_what_is_not_a_window_is_a_window_error(start, end, match):
    with pytest.raises(WindowError, match=match) as exc:
        COVERAGE.require(start, end, allow_partial=True)
    assert not isinstance(exc.value, CoverageError)


# ------------------------------------------------------------------------------ capabilities

@pytest.mark.parametrize("ref,share,import_share", [
    ("2022-04-22", ("total", "rows"), ("total", "rows")),
    ("2024-10-13", ("total", "rows", "register"), ("total", "rows", "register")),
    ("2024-04-16", ("register",), ("register",)),
    ("2025-02-10", ("register",), ("register",)),
])
def test_bases_come_from_the_layouts(ref, share, import_share):
    ed = editions.load(ref)
    assert ed.bases("share") == share and ed.bases("import-share") == import_share
    assert queries.bases(ed, "rank") == ed.bases("rank")


def test_what_each_shipped_edition_has(shipped_editions):
    old, reg, dy = (shipped_editions[r] for r in ("2022-04-22", "2024-10-13", "2024-04-16"))
    assert old.table_bases("detail") == ("total", "rows") and old.register is None
    assert old.world_imports.meta["file"] == "imports/ALL.csv"  # the old site's world table
    assert old.tiv_is_exhaustive and old.table_bases("world-exports") == ("total", "rows")
    assert reg.tiv is None and reg.table_bases("register") == ("register",)
    assert not reg.per_year_register and reg.year_totals is not None
    assert dy.per_year_register and dy.year_totals is None and dy.register is None
    assert len(dy.delivery_years) == 31_319 + 27_838  # the two files' rows (README)


def test_a_fetched_tiv_table_for_one_recipient_gives_shares(tmp_path):
    path = fetched_tiv(tmp_path, {"recipient": "armenia", "start": 2019, "end": 2020})
    ed = editions.load(path)
    df = queries.shares(ed, "Armenia", 2019, 2020, basis="total").set_index("supplier")
    assert df.loc["Russia", "share"] == pytest.approx(100 * 228 / 248)
    assert df.loc["Russia", "edition"] == "2026-12-01"
    # the yearly cells allow 228.5 (2019: min(228.5, 248.5 - 20.5) = 228; 2020: its '0 ' and the
    # total's '0 ' up to 0.5), SIPRI's printed 2019-2020 sums only 248.5 - 20.5 = 228
    assert df.loc["Russia", "tiv_high"] == pytest.approx(228.0)
    assert df.loc["Russia", "sipri_share"] == 91.6


def test_a_fetched_world_table_is_a_world_table(tmp_path):
    ed = editions.load(fetched_tiv(tmp_path, {"recipient": None}))
    with pytest.raises(NoDataError, match="has no table that gives shares of Armenia's"):
        queries.shares(ed, "Armenia", 2019, 2020, basis="total")
    world = queries.shares(ed, "World", 2019, 2020).set_index("supplier")
    assert world.loc["Russia", "share"] == pytest.approx(100 * 228 / 248)


def test_a_basis_the_edition_lacks_is_refused_with_the_bases_it_has(shipped_editions):
    with pytest.raises(NoDataError, match=r"supports the bases \['register'\]"):
        queries.shares(shipped_editions["2024-10-13"], "Armenia", 2011, 2020, basis="total")


def test_process_writes_every_edition_s_tables(tmp_path, ukraine):
    written = {p.name for p in package.write(tmp_path)}
    assert {"sipri-tiv-2022-04-22.tiv-rows.csv", "sipri-tiv-2022-04-22.world-imports.csv",
            "sipri-trade-register-2024-10-13.register.csv",
            "sipri-delivery-years-2024-04.delivery-years.csv"} <= written


# ------------------------------------------------------------------------------ 2026 layout

@pytest.fixture
def ukraine():
    return editions.load("2026-08-12")


def test_the_2026_table_covers_its_years_and_refuses_the_rows_basis(ukraine):
    assert ukraine.coverage.label == "2021-2025"
    assert ukraine.bases("share") == ("total",)  # its rows add up to 6,338 of 14,909
    assert ukraine.incomplete_recipients() == ["Ukraine"]
    with pytest.raises(NoDataError, match="supports the bases"):
        queries.shares(ukraine, "Ukraine", 2021, 2025, basis="rows")


def test_the_2026_table_gives_shares_over_its_printed_total(ukraine):
    us = queries.supplier_share(ukraine, "Ukraine", "USA", 2021, 2025)
    # SIPRI's own 2021-2025 sums: 6094 of 14909 (its yearly cells add up to 6093 of 14910: it
    # sums unrounded values); the unlisted suppliers are only bounded by the total
    assert (us.numerator, us.denominator) == (6094, 14909)
    assert us.value == pytest.approx(100 * 6094 / 14909)
    assert us.low == pytest.approx(100 * 6093.5 / 14909.5)
    assert us.high == pytest.approx(100 * 6094.5 / 14908.5)
    assert us.feasible
    # another window: the yearly cells, each year half a unit off (the total the other way)
    cells = queries.supplier_share(ukraine, "Ukraine", "USA", 2022, 2025)
    assert (cells.numerator, cells.denominator) == (6073, 14866)
    assert cells.low == pytest.approx(100 * 6071 / 14868)
    assert cells.high == pytest.approx(100 * 6075 / 14864)
    with pytest.raises(CoverageError, match="2021-2025"):
        queries.supplier_share(ukraine, "Ukraine", "USA", 2020, 2025)
    with pytest.raises(NoDataError, match="no TIV table for Armenia"):
        queries.shares(ukraine, "Armenia", 2021, 2025)


# ------------------------------------------------------------------------------ unknown names

#: Invented names written into a copy of the 2024 edition: a non-state actor, an organisation,
#: and a state SIPRI might add, in place of three names the actor map knows.
RENAMES = [(b"Hezbollah (Lebanon)*", b"Free Atlantis Front*"), (b"NATO**", b"Atlantic League**")]


@pytest.fixture(scope="module")
def renamed(tmp_path_factory):
    dst = copy_snapshot(REGISTER_2024_DIR, tmp_path_factory.mktemp("renamed"))
    for name in ("trade-register.csv", "tiv-imports-by-recipient-1950-2024.csv",
                 "tiv-exports-by-supplier-1950-2024.csv"):
        p = dst / name
        data = p.read_bytes()
        for old, new in RENAMES:
            data = data.replace(old, new)
        if name == "trade-register.csv":  # Azerbaijan as recipient (line starts) only
            data = data.replace(b"\nAzerbaijan,", b"\nNewland,")
        p.write_bytes(data)
    snapshot.rebuild_manifest(dst)
    return dst


def test_unknown_names_are_kept_typed_and_listed_with_one_warning(renamed, caplog):
    with caplog.at_level(logging.WARNING, logger="armsdata.editions"):
        ed = editions.load(renamed)
        unknown = ed.unknown_actors.set_index("name")
        editions.load(renamed).unknown_actors
    assert list(unknown.index) == ["Atlantic League", "Free Atlantis Front", "Newland"]
    assert list(unknown["type"]) == ["organisation", "non-state", "unknown"]
    assert unknown.loc["Free Atlantis Front", "sipri_name"] == "Free Atlantis Front*"
    assert "trade-register.csv (recipient)" in unknown.loc["Newland", "where"]
    warned = [r for r in caplog.records if "not in the actor map" in r.getMessage()]
    names = " ".join(r.getMessage() for r in warned)
    assert all(names.count(n) == 1 for n in ("Free Atlantis Front*", "Atlantic League**", "Newland"))
    assert {"name": "Newland", "iso3": "", "type": "unknown"} in ed.actors("recipient").to_dict("records")


def test_unknown_names_block_no_query(renamed):
    ed, shipped = editions.load(renamed), editions.load("2024-10-13")
    pd.testing.assert_frame_equal(queries.shares(ed, "Armenia", 2011, 2020).drop(columns="edition"),
                                  queries.shares(shipped, "Armenia", 2011, 2020).drop(columns="edition"))
    # a query naming the new actor, typed as people type it
    new = queries.shares(ed, "free atlantis front", 2000, 2010)
    old = queries.shares(shipped, "Hezbollah (Lebanon)", 2000, 2010)
    assert set(new["recipient"]) == {"Free Atlantis Front"}
    pd.testing.assert_frame_equal(new[["supplier", "share", "low", "high"]],
                                  old[["supplier", "share", "low", "high"]])
    # Newland is not in the imports table (still Azerbaijan there): same point, no constraint
    nl = queries.supplier_share(ed, "Newland", "Israel", 2011, 2020)
    az = queries.supplier_share(shipped, "Azerbaijan", "Israel", 2011, 2020)
    assert nl.value == pytest.approx(az.value) and "no printed per-year totals for Newland" in nl.assumption
    assert nl.low <= az.low and nl.high >= az.high


def test_armsdata_editions_lists_the_unknown_names(renamed, capsys):
    from armsdata import cli
    assert cli.main(["editions", "--data-dir", str(renamed.parent)]) == 0
    out = capsys.readouterr().out
    assert ("names not in the actor map: Atlantic League (organisation), Free Atlantis Front "
            "(non-state), Newland (unknown)") in out
    assert cli.main(["recipients", "--edition", str(renamed), "--type", "unknown"]) == 0
    assert "Newland" in capsys.readouterr().out.split()


def test_a_fetched_complete_edition_loads(tmp_path, monkeypatch):
    """What `armsdata fetch edition` writes (SIPRI's API answers, JSON, byte for byte) loads and
    answers: the stand-in replays the shipped 2024 register and tables and the 2025 recording."""
    import sys
    sys.path.insert(0, str(ROOT / "tests"))
    from replay_server import ReplayServer, block_network, sipri_stand_in
    from armsdata import sipri
    block_network(monkeypatch)
    with ReplayServer() as server:
        sipri_stand_in(server, full_register=True)
        result = sipri.fetch_edition(data_dir=tmp_path, base_url=server.url, start=1950, end=2023,
                                     chunk_years=20, backoff=0, progress=False, timeout=10)
    ed = editions.load(result.path)
    assert ed.per_year_register and ed.register is not None and ed.year_totals is not None
    # every chunk replays the same 2000-2001 recording: each deal and year is kept once
    assert len(ed.delivery_years) == len(editions.load("2025-02-10").delivery_years)
    e = queries.supplier_share(ed, "India", "Russia", 2000, 2001)
    assert e.basis == "register" and e.assumption == analysis.SIPRI_SPLIT
    assert round(e.value, 2) == 73.36  # SIPRI's per-year values, not the register's even split
    # outside the per-year register's years, the classic register's even split answers
    late = queries.supplier_share(ed, "Armenia", "Russia", 2011, 2020)
    assert late.assumption.startswith(analysis.EVEN_SPLIT_TOTALS) and round(late.value, 2) == 93.86


def test_a_generated_date_two_snapshots_share_is_refused_and_names_both(tmp_path):
    """Two snapshots of one generated date (a whole edition and one table fetched the same
    day): the date alone does not say which answers, so it is an error naming both; the folder
    name or the path still picks one."""
    import shutil

    from conftest import RECORDING_DIR

    data = tmp_path / "raw"
    data.mkdir()
    first = copy_snapshot(RECORDING_DIR, data)
    second = Path(shutil.copytree(first, data / "edition-2025-02-10"))
    with pytest.raises(SnapshotError) as err:
        editions.load("2025-02-10", data_dir=data)
    assert str(first) in str(err.value) and str(second) in str(err.value)
    assert "folder name or the path" in str(err.value)
    assert editions.load(second, data_dir=data).path == second
    assert editions.load(first, data_dir=data).path == first


# ------------------------------------------------------------------------------ the releases of 2018-2025

@pytest.mark.parametrize(("ref", "label", "declared"), [
    ("2018-12-05", "1950-2017", (1950, 2017)),   # the 2018 release: year columns 1950-2017
    ("2023-12-19", "1950-2022", (1950, 2022)),   # the 2023 release's TIV tables
    ("2024-02-18", "1950-2022", (1950, 2022)),   # the 2023 release's RTF register: its titles
    ("2025-03-13", "1950-2024", (1950, 2024)),   # the 2025 release's register: deliveries to 2024
])
def test_coverage_of_each_embedded_release(ref, label, declared):
    cov = editions.load(ref).coverage
    assert cov.label == label and (cov.declared_first, cov.declared_last) == declared
    assert cov.source


@pytest.mark.parametrize("ref", ["2018-12-05", "2023-12-19"])
def test_old_site_world_tables_give_world_imports_and_exports_and_no_recipient_tables(ref):
    ed = editions.load(ref)
    assert ed.tiv is None and ed.tiv_exports is None and ed.register is None
    w_imp, w_exp = ed.world_imports, ed.world_exports
    assert set(w_imp.rows["supplier"]) == {"All"} and set(w_exp.rows["recipient"]) == {"All"}
    assert "India" in set(w_imp.rows["recipient"]) and "Russia" in set(w_exp.rows["supplier"])
    # the weapon categories are a table of their own, never suppliers
    assert not set(editions.conventions.WEAPON_CATEGORIES) & set(w_exp.rows["supplier"])
    assert list(ed.world_categories.rows.columns) == ["category", "year", "tiv", "below_half"]
    assert ed.bases("import-share") == ("total", "rows")
    assert ed.table_bases("detail") == ()
    assert ed.cannot_answer() == ["a supplier's share of one recipient's imports (no recipients' "
                                  "tables by supplier, no register with TIV)"]
    assert "world exports by weapon category" in ed.describe()["also"]
    with pytest.raises(NoDataError, match="has no table that gives"):
        queries.shares(ed, "Armenia", 2011, 2015)


def test_2023_world_tables_name_their_files_and_keep_sipris_window_sums():
    ed = editions.load("2023-12-19")
    assert ed.world_exports.meta["file"] == "TIV-Export-All-Country-1950-2022.csv"
    assert ed.world_exports.meta["generated"] == "2023-12-19"
    assert ed.world_imports.meta["generated"] == "2023-12-11"
    # TIV-Export-All-Country-1950-2022.csv line 111: Russia's Total column, 155926
    russia = ed.world_exports.window.query("supplier == 'Russia'")
    assert russia[["window", "tiv"]].values.tolist() == [["1950-2022", 155926.0]]


def test_the_rtf_register_is_a_register_without_tiv_and_never_the_register_basis():
    ed = editions.load("2024-02-18")
    reg = ed.register
    assert reg is not None and not ed.register_has_tiv
    assert reg["deal"].is_unique and len(reg) > 28_000
    assert reg["tiv_delivered"].isna().all()
    for figure in editions.FIGURES:
        assert ed.bases(figure) == ()
    assert ed.cannot_answer() == ["no TIV figure at all (no TIV table, no register with TIV)"]
    assert "a register without TIV" in ed.describe()["also"]
    with pytest.raises(NoDataError, match="its register has no TIV"):
        queries.deals(ed, "Armenia", "Russia", 2011, 2020)
    with pytest.raises(NoDataError, match="has no table that gives"):
        queries.shares(ed, "Armenia", 2011, 2020, basis="register")


def test_the_2025_register_answers_on_the_register_basis_without_printed_totals():
    ed = editions.load("2025-03-13")
    assert ed.register_has_tiv and ed.bases("share") == ("register",)
    assert ed.year_totals is None
    assert ed.cannot_answer() == ["no printed per-year totals to bound the register's delivery split"]


def supplier_tables(tmp_path, layout_of_from_table="tiv-legacy-from"):
    data = (ROOT / "tests" / "data" / "variants")
    return snapshot.write_snapshot(
        tmp_path, "exports-2026-08-14",
        {"from/RUS.csv": (data / "tiv-legacy-from-RUS-handmade.csv").read_bytes(),
         "api/CHN.csv": (data / "tiv-supplier-by-recipient-CHN.csv").read_bytes()},
        {"kind": "tiv", "edition": "2026-08-14"},
        {"from/RUS.csv": {"layout": layout_of_from_table, "generated": "2022-04-22"},
         "api/CHN.csv": {"layout": "tiv-supplier-by-recipient", "generated": "2026-08-14"}}).path


def test_suppliers_tables_make_tiv_exports_read_the_right_way_round(tmp_path):
    ed = editions.load(supplier_tables(tmp_path))
    t = ed.tiv_exports
    assert ed.tiv is None
    assert set(t.rows["supplier"]) == {"Russia", "China"}
    # Russia -> Armenia 2019: 228 (the Russia row of Armenia's own 2022 table)
    hit = t.rows.query("supplier == 'Russia' and recipient == 'Armenia' and year == 2019")
    assert hit["tiv"].tolist() == [228.0]
    assert t.rows.query("supplier == 'Armenia'").empty
    assert set(t.totals["recipient"]) == {"Total"} and set(t.totals["supplier"]) == {"Russia", "China"}
    assert t.meta["incomplete"] == []
    china = t.window_total.query("supplier == 'China' and column == '2000-2025'")
    assert china["tiv"].tolist() == [3108.0]
    assert "suppliers' tables by recipient (China, Russia)" in ed.describe()["also"]


def test_a_manifest_layout_that_the_content_contradicts_is_refused_not_read_backwards(tmp_path):
    """A manifest written before the per-supplier layout existed says 'tiv-legacy' for a table
    'TIV of arms exports from Russia': read as that, Russia would be the recipient."""
    ed = editions.load(supplier_tables(tmp_path, "tiv-legacy"))
    with pytest.raises(parse.ParseError, match=r"the manifest says layout 'tiv-legacy', but the "
                                               r"file is 'tiv-legacy-from'"):
        ed.tiv
