"""The data commands (``shares``, ``exports``, ``change``, ``rank``, ``top``, ``recipients``,
``suppliers``, ``editions``) through the real entry point, ``armsdata.cli.main``, and the help
text of every command.

Expected numbers are SIPRI's printed figures, hand-checked against the raw files:
Armenia 2011-2020, 2022 edition: Russia 374 of a Total row of 397 (rows sum to 399).
"""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest

from armsdata import cli

ARMENIA = ["--from", "2011", "--to", "2020"]
#: The 2022 release's TIV tables, whose printed figures these tests check by hand.
E22 = ["--edition", "2022-04-22"]
#: The commands this file is about.
EXPLORING = ("shares", "exports", "change", "rank", "top", "recipients", "suppliers", "editions")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


# ------------------------------------------------------------------------------ help text

def test_main_help(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in _commands():
        assert name in out


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_has_help_text(command, capsys):
    parser = _commands()[command]
    assert parser.description, f"{command} has no description"
    with pytest.raises(SystemExit) as exc:
        cli.main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: armsdata {command}")
    assert " ".join(parser.description.split()[:4]) in " ".join(out.split())
    if command in EXPLORING:  # every option of these says what it does, and there is an example
        for action in parser._actions:
            if action.dest != "help":
                assert action.help, f"{command} {action.option_strings or action.dest} has no help"
        assert f"armsdata {command}" in (parser.epilog or ""), f"{command} has no example"


# ------------------------------------------------------------------------------ shares

def test_shares_json_carries_share_bounds_basis_and_edition(capsys):
    code, out, err = run(capsys, "shares", "Armenia", *ARMENIA, *E22, "--format", "json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert isinstance(rows, list) and rows
    for r in rows:
        assert {"supplier", "share", "low", "high", "tiv", "basis", "edition"} <= set(r)
        assert 0 <= r["low"] <= r["high"] <= 100
    russia = rows[0]
    assert russia["supplier"] == "Russia" and russia["basis"] == "total"
    assert russia["edition"] == "2022-04-22" and russia["tiv"] == 374
    assert russia["share"] == pytest.approx(100 * 374 / 397)
    assert russia["window"] == "2011-2020" and russia["unit"] == "per cent"
    # the point lies outside its own bounds (93.69-93.99): said in the data, not only in prose
    assert russia["feasible"] is False and rows[1]["feasible"] is True
    assert {"assumption", "coverage_note"} <= set(russia)


@pytest.mark.parametrize("basis,denominator", [("total", 397), ("rows", 399)])
def test_shares_basis(capsys, basis, denominator):
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, *E22, "--basis", basis, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["basis"] for r in rows} == {basis}
    assert rows[0]["share"] == pytest.approx(100 * 374 / denominator)


def test_without_an_edition_the_newest_release_that_answers_answers_on_its_tightest_basis(capsys):
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    # the 2026 table is Ukraine's alone; the 2025 release's classic register is the newest
    # that answers (its only basis: the register, split over each deal's delivery years)
    assert {r["release"] for r in rows} == {2025} and {r["edition"] for r in rows} == {"2025-03-13"}
    assert {r["basis"] for r in rows} == {"register"} and "split" in rows[0]["assumption"]
    assert sum(r["share"] for r in rows) == pytest.approx(100)
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA)
    assert "SIPRI's 2025 release, edition 2025-03-13: the newest release that answers" in out
    # where the 2025 release does not reach (2024 is its last year, 2021-2025 is beyond it), the
    # newest release that covers the window answers; --edition still picks any
    code, out, _ = run(capsys, "shares", "Ukraine", "--from", "2021", "--to", "2025", "--format", "json")
    assert {r["edition"] for r in json.loads(out)} == {"2026-08-12"}
    # a basis asked for: the newest release that has it
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, "--basis", "total", "--format", "json")
    assert {r["edition"] for r in json.loads(out)} == {"2022-04-22"}


def test_shares_register_edition_defaults_to_the_register_basis(capsys):
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, "--edition", "2024-10-13", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["basis"] for r in rows} == {"register"}


def test_shares_csv_is_one_table(capsys):
    code, out, _ = run(capsys, "shares", "Azerbaijan", "--from", "2016", "--to", "2020", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["supplier"] == "Israel" and rows[0]["recipient"] == "Azerbaijan"
    assert {"share", "low", "high", "tiv", "basis", "edition"} <= set(rows[0])


def test_shares_text_states_unit_window_basis_and_edition(capsys):
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, *E22)
    assert code == 0
    first = out.splitlines()[0]
    for needle in ("Armenia", "2011-2020", "basis total", "2022-04-22", "TIV in millions", "per cent"):
        assert needle in first
    assert "Russia" in out and "94.21" in out


def test_shares_text_flags_an_infeasible_point_with_a_marker_and_a_footnote(capsys):
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, *E22)
    russia = next(line for line in out.splitlines() if line.strip().startswith("Russia"))
    jordan = next(line for line in out.splitlines() if line.strip().startswith("Jordan"))
    assert "94.21*" in russia and "*" not in jordan
    assert any(line.startswith("* point outside its bounds") for line in out.splitlines())
    assert "assumption: TIV tables" in out
    # a basis whose points are all feasible has no footnote
    code, out, _ = run(capsys, "shares", "Armenia", *ARMENIA, *E22, "--basis", "rows")
    assert "*" not in out


@pytest.mark.parametrize("name,canonical", [
    ("armenia", "Armenia"), ("ARM", "Armenia"), ("  Armenia ", "Armenia"),
    ("AZE", "Azerbaijan"), ("Turkey", "Turkiye"), ("hezbollah (lebanon)", "Hezbollah (Lebanon)"),
    ("Hezbollah (Lebanon)*", "Hezbollah (Lebanon)"),
])
def test_names_are_matched_forgivingly(capsys, name, canonical):
    code, out, _ = run(capsys, "shares", name, "--from", "1980", "--to", "2021", "--format", "json")
    assert code == 0
    assert {r["recipient"] for r in json.loads(out)} == {canonical}


def test_unknown_name_says_did_you_mean_and_exits_2(capsys):
    code, out, err = run(capsys, "shares", "Armenai", *ARMENIA)
    assert code == 2 and out == ""
    assert "UnknownActorError" in err and "did you mean" in err and "'Armenia'" in err
    assert "Traceback" not in err


def test_partial_name_suggests_the_full_one(capsys):
    code, _, err = run(capsys, "shares", "Hezbollah", *ARMENIA)
    assert code == 2 and "did you mean 'Hezbollah (Lebanon)'" in err


def test_known_actor_without_deliveries_in_the_window_exits_2(capsys):
    code, out, err = run(capsys, "shares", "Soviet Union", *ARMENIA)
    assert code == 2 and out == ""
    assert "NoDataError" in err and "2011-2020" in err


def test_a_partly_covered_window_needs_allow_partial(capsys):
    argv = ["shares", "Kazakhstan", "--from", "2020", "--to", "2024", "--edition", "2022-04-22"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "CoverageError" in err and "covers 1950-2021" in err
    code, out, _ = run(capsys, *argv, "--allow-partial", "--format", "json")
    rows = json.loads(out)
    assert {r["window"] for r in rows} == {"2020-2021"}
    assert {r["coverage_note"] for r in rows} == {
        "partly covered: asked 2020-2024, edition 2022-04-22 covers 1950-2021; computed over 2020-2021"}


def test_world_as_recipient(capsys):
    code, out, _ = run(capsys, "shares", "World", "--from", "2016", "--to", "2020", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["supplier"] == "United States" and {r["recipient"] for r in rows} == {"World"}


def test_basis_the_edition_lacks_exits_2(capsys):
    code, _, err = run(capsys, "shares", "Armenia", *ARMENIA, "--edition", "2022-04-22", "--basis", "register")
    assert code == 2 and "supports the bases" in err


def test_reversed_and_negative_windows_exit_2(capsys):
    code, _, err = run(capsys, "shares", "Armenia", "--from", "2020", "--to", "2011")
    assert code == 2 and "--from <= --to" in err and "WindowError" in err
    code, _, err = run(capsys, "shares", "Armenia", "--from", "-5", "--to", "2020")
    assert code == 2 and "WindowError" in err and "negative" in err


def test_a_library_bug_is_not_hidden_as_a_user_error(monkeypatch):
    from armsdata import queries

    def broken(*args, **kwargs):
        raise ValueError("a bug")
    monkeypatch.setattr(queries, "shares", broken)
    with pytest.raises(ValueError, match="a bug"):
        cli.main(["shares", "Armenia", *ARMENIA])


def test_unknown_edition_exits_2(capsys):
    code, _, err = run(capsys, "shares", "Armenia", *ARMENIA, "--edition", "1999-01-01")
    assert code == 2 and err


def test_bad_basis_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["shares", "Armenia", *ARMENIA, "--basis", "median"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


# ------------------------------------------------------------------------------ exports

@pytest.mark.parametrize("edition", ["2022-04-22", "2024-10-13"])
def test_exports_json(capsys, edition):
    code, out, _ = run(capsys, "exports", "russia", "--from", "2016", "--to", "2020",
                       "--edition", edition, "--top", "3", "--format", "json")
    assert code == 0
    d = json.loads(out)
    w = d["world_share"]
    assert w["what"] == "Russia's share of world arms exports" and w["edition"] == edition
    assert w["window"] == "2016-2020" and w["low"] <= w["high"] and 15 < w["value"] < 25
    assert [r["recipient"] for r in d["recipients"]][:1] == ["India"]
    assert {r["supplier"] for r in d["recipients"]} == {"Russia"}
    assert len(d["recipients"]) == 3


def test_exports_csv_is_one_table(capsys):
    code, out, _ = run(capsys, "exports", "RUS", "--from", "2016", "--to", "2020", "--top", "5", *E22,
                       "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert {r["supplier"] for r in rows} == {"Russia"} and {r["edition"] for r in rows} == {"2022-04-22"}
    assert {"recipient", "tiv", "share", "low", "high", "world_value", "world_low",
            "world_high", "window"} <= set(rows[0])


def test_exports_text(capsys):
    code, out, _ = run(capsys, "exports", "Russia", "--from", "2016", "--to", "2020", "--top", "3", *E22)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("Russia's share of world arms exports, 2016-2020: 20.7")
    assert "2022-04-22" in first and "basis total" in first
    assert "Main recipients, per cent of Russia's arms exports 2016-2020" in out


# ------------------------------------------------------------------------------ change, rank, top

def test_change_text_and_json(capsys):
    argv = ["change", "--recipient", "Armenia", "--from", "2016", "--to", "2020",
            "--compare-from", "2011", "--compare-to", "2015", *E22]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    first = out.splitlines()[0]
    # ARM.csv Total row: 110 + 18 + 248 = 376 against 5 + 16 = 21
    assert first.startswith("per-cent change in Armenia's arms imports, 2016-2020 against 2011-2015: 1690.48")
    for needle in ("per cent", "basis total", "2022-04-22", "bounds"):
        assert needle in first
    code, out, _ = run(capsys, *argv, "--format", "json")
    d = json.loads(out)
    assert d["value"] == pytest.approx(100 * (376 / 21 - 1)) and d["compare_window"] == "2011-2015"
    assert d["numerator"] == 376 and d["denominator"] == 21 and d["unit"] == "per cent"


def test_rank_says_when_it_is_a_range(capsys):
    code, out, _ = run(capsys, "rank", "--supplier", "Germany", "--recipient", "World",
                       "--from", "2017", "--to", "2021", *E22)
    assert code == 0
    first = out.splitlines()[0]
    assert "Germany among world exporters, 2017-2021: rank 5" in first and "from 4 to 5" in first
    assert "tied" in first and "2022-04-22" in first and "basis total" in first
    code, out, _ = run(capsys, "rank", "--recipient", "India", "--from", "2017", "--to", "2021",
                       "--format", "json")
    d = json.loads(out)
    assert (d["name"], d["rank"], d["among"]) == ("India", 1, "world importers")


def test_top_is_one_table(capsys):
    code, out, _ = run(capsys, "top", "exporters", "--from", "2017", "--to", "2021",
                       "--compare-from", "2012", "--compare-to", "2016", "-n", "3", "--format", "csv", *E22)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["United States", "Russia", "France"]
    assert {"share", "low", "high", "compare_share", "change", "change_low", "change_high", "best",
            "worst", "basis", "window", "compare_window", "edition", "unit"} <= set(rows[0])
    code, out, _ = run(capsys, "top", "importers", "--from", "2017", "--to", "2021", "-n", "2", *E22)
    assert code == 0 and "India" in out and "basis total" in out.splitlines()[0]


# ------------------------------------------------------------------------------ editions

def test_editions_lists_coverage_bases_and_unknown_names(capsys):
    code, out, _ = run(capsys, "editions", "--format", "json")
    assert code == 0
    by = {r["snapshot"]: r for r in json.loads(out)}
    assert by["sipri-tiv-2022-04-22"]["coverage"] == "1950-2021"
    assert by["sipri-trade-register-2024-10-13"]["coverage"] == "1950-2023"
    assert "register: register" in by["sipri-trade-register-2024-10-13"]["tables"]
    assert by["sipri-delivery-years-2024-04"]["register_basis"] == "SIPRI's per-year values"
    # the 2018 release spells 7 countries the actor map knows only by their later names
    # (Swaziland, Macedonia (FYROM), ...): the renames are issue 20's point 3, mapped elsewhere
    assert all(r["unknown_actors"] == "" for n, r in by.items() if n != "sipri-tiv-2018-12-05")
    code, out, _ = run(capsys, "editions")
    assert code == 0 and "covers 1950-2021" in out and "names not in the actor map: none" in out


def test_exports_unknown_supplier(capsys):
    code, _, err = run(capsys, "exports", "Rusia", "--from", "2016", "--to", "2020")
    assert code == 2 and "did you mean" in err and "'Russia'" in err


# ------------------------------------------------------------------------------ listings

@pytest.mark.parametrize("what,edition,member", [
    ("recipients", "2022-04-22", "Armenia"), ("recipients", "2024-10-13", "Hezbollah (Lebanon)"),
    ("suppliers", "2022-04-22", "Russia"), ("suppliers", "2024-10-13", "Soviet Union"),
])
def test_listings(capsys, what, edition, member):
    code, out, _ = run(capsys, what, "--edition", edition)
    assert code == 0
    names = out.splitlines()
    assert member in names and names == sorted(names) and len(names) == len(set(names))
    assert "All" not in names and "Total" not in names


def test_listing_by_type_as_json(capsys):
    code, out, _ = run(capsys, "recipients", "--type", "historical-state", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["type"] for r in rows} == {"historical-state"}
    assert {"name": "Soviet Union", "iso3": "SUN", "type": "historical-state"} in rows


def test_every_listed_recipient_resolves_to_itself(capsys, shipped_editions):
    """A name the listing prints can be typed back into ``shares``."""
    from armsdata import queries
    ed = shipped_editions["2024-10-13"]
    code, out, _ = run(capsys, "recipients", "--edition", "2024-10-13")
    assert code == 0
    for name in out.splitlines():
        assert queries.resolve(name, ed).name == name
