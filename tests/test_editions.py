"""Editions: any snapshot folder, shipped or fetched, answers the same questions."""

from __future__ import annotations

import pytest

from armsdata import editions, snapshot
from armsdata.errors import ChecksumError, SnapshotError

# SIPRI's exports-by-supplier layout, as the current API answers a TIV query for one recipient
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


def test_a_fetched_tiv_table_for_one_recipient_gives_shares(tmp_path):
    path = fetched_tiv(tmp_path, {"recipient": "armenia", "start": 2019, "end": 2020})
    df = editions.shares("Armenia", 2019, 2020, edition=str(path), basis="total").set_index("supplier")
    assert df.loc["Russia", "share"] == pytest.approx(100 * 228 / 248)
    assert df.loc["Russia", "edition"] == "2026-12-01"
    assert df.loc["Russia", "tiv_high"] == pytest.approx(228.5 + 0.5)  # the '0 ' of 2020 counts up to 0.5


def test_a_fetched_world_table_without_a_recipient_is_not_mistaken_for_one(tmp_path):
    path = fetched_tiv(tmp_path, {"recipient": None})
    with pytest.raises(SnapshotError, match="no TIV table with a supplier split"):
        editions.shares("Armenia", 2019, 2020, edition=str(path), basis="total")


def test_a_basis_the_edition_lacks_is_refused_with_the_bases_it_has():
    with pytest.raises(ValueError, match=r"supports the bases \['register'\]"):
        editions.shares("Armenia", 2011, 2020, edition="2024-10-13", basis="total")


def test_an_unknown_edition_lists_the_editions_there_are():
    with pytest.raises(SnapshotError, match="2022-04-22"):
        editions.shares("Armenia", 2011, 2020, edition="1999-01-01")


def test_analysis_refuses_a_changed_snapshot(tmp_path):
    import shutil
    src = snapshot.default_data_dir() / "sipri-trade-register-2024-10-13"
    dst = tmp_path / "copy"
    shutil.copytree(src, dst)
    p = dst / "trade-register.csv"
    p.write_bytes(p.read_bytes().replace(b"BM-9A52 Smerch", b"BM-9A52 Smerck"))
    with pytest.raises(ChecksumError, match="trade-register.csv.*expected"):
        editions.shares("Armenia", 2011, 2020, edition=str(dst), basis="register")
