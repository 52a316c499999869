"""Names across SIPRI releases: whatever name a release writes for an actor, and whatever name a
user types, a query finds that actor; never a wrong "no deliveries".

Over every shipped edition (the editions a merge adds are picked up), over the stand-in edition
that spells every country by an alias (``tests/data/alias-edition``, made by hand from the 2024
release by ``tests/data/make_alias_edition.py``), and over the whole 2024 release respelled the
same way.
"""

from __future__ import annotations

import sys
from collections import OrderedDict

import pandas as pd
import pytest
from conftest import RAW, REGISTER_2024_DIR, SIPRI_EXCERPTS, TEST_DATA, copy_snapshot
from pandas.testing import assert_frame_equal

from armsdata import cli, countries, editions, queries, snapshot

sys.path.insert(0, str(TEST_DATA))
from make_alias_edition import respell, spelling  # noqa: E402  (the stand-in's own rule)

#: The stand-in: the 2024 release's deals of the UAE and Armenia and its world imports table,
#: every name respelled by an alias or ISO3 (its README says how it was made).
ALIAS_EDITION = TEST_DATA / "alias-edition"

#: Every data edition shipped in data/raw, by folder.
SHIPPED = [s.name for s in snapshot.find_snapshots(RAW) if editions.is_data_snapshot(s)]


def names_of(canonical: str) -> list[str]:
    """Every name the actor map knows for an actor, as a user may type it: its SIPRI spellings
    (current and former), canonical name, aliases and ISO3."""
    row = countries.load_actors().set_index("canonical_name").loc[canonical]
    renames = countries.load_renames()
    former = renames.loc[renames["renamed_to"] == row["sipri_name"], "sipri_name"]
    aliases = row["aliases"].split(";") if isinstance(row["aliases"], str) else []
    iso3 = [row["iso3"]] if isinstance(row["iso3"], str) else []
    return list(dict.fromkeys([row["sipri_name"], *former, canonical, *aliases, *iso3]))


# ------------------------------------------------------------------------------ every edition

@pytest.mark.parametrize("folder", SHIPPED)
def test_every_actor_of_a_shipped_edition_is_found_by_every_name_it_has(folder):
    ed = editions.load(RAW / folder)
    assert ed.unknown_actors.empty, ed.unknown_actors  # every name SIPRI wrote is mapped
    held = ed.known_names()
    assert held
    for name in sorted(held):
        for typed in names_of(name):
            sel = queries.resolve(typed, ed)
            assert (sel.kind, sel.members) == ("actor", (name,)), (typed, sel)


def recipient_answer(ed: editions.Edition, typed: str):
    """What *ed* answers about *typed* as a recipient over its whole coverage: its suppliers'
    shares where it has recipients' tables or a register with TIV, else its share of world
    imports; None where it has neither."""
    first, last = ed.coverage.first, ed.coverage.last
    if ed.table_bases("detail") or ed.table_bases("register"):
        return queries.shares(ed, typed, first, last)
    if ed.table_bases("world-imports"):
        return queries.import_share(ed, typed, first, last)
    return None


@pytest.mark.parametrize("folder", SHIPPED)
def test_a_name_the_edition_spells_otherwise_answers_the_same_by_any_name(folder):
    """Each name the edition holds under another spelling, as a recipient: the same answer
    whatever name is typed (never "no deliveries" for one of them)."""
    ed = editions.load(RAW / folder)
    for name in sorted(set(ed.mapped_names["name"]) & set(ed.recipients())):
        answers = [recipient_answer(ed, typed) for typed in names_of(name)]
        if answers[0] is None:
            pytest.skip(f"{folder} answers no question about a recipient")
        assert len(answers) >= 2
        for other in answers[1:]:
            if isinstance(other, pd.DataFrame):
                assert not other.empty
                assert_frame_equal(other, answers[0])
            else:
                assert other == answers[0]


def test_the_2022_release_holds_turkiye_under_its_spelling_of_the_time():
    ed = editions.load("2022-04-22")
    mapped = ed.mapped_names.set_index("sipri_name")
    assert mapped.loc["Turkey", ["name", "how", "via"]].tolist() == ["Turkiye", "rename", "Turkey"]
    assert "imports/TUR.csv (recipient)" in mapped.loc["Turkey", "where"]
    assert "Turkey -> Turkiye (rename)" in ed.describe()["mapped_names"]
    # SIPRI's 2022 spelling and 2024 spelling are one actor, as recipient and as supplier
    assert "Turkiye" in ed.recipients() and "Turkiye" in ed.suppliers()
    assert "Turkey" not in ed.known_names()
    azerbaijan = queries.shares(ed, "Azerbaijan", 2011, 2020).set_index("supplier")
    assert azerbaijan.loc["Turkiye", "tiv"] > 0


# ------------------------------------------------------------------------------ the stand-in

@pytest.fixture(scope="module")
def stand_in():
    return editions.load(ALIAS_EDITION)


def test_the_stand_in_spells_every_country_otherwise_and_maps_every_name(stand_in):
    mapped = stand_in.mapped_names
    assert stand_in.unknown_actors.empty
    assert set(mapped["how"]) == {"alias", "iso3"}
    held = stand_in.known_names()
    # every country the stand-in holds came in under an alias or ISO3, none by SIPRI's spelling
    countries_held = {n for n in held if countries.lookup(n).iso3}
    assert countries_held <= set(mapped["name"])
    assert len(countries_held) > 150
    rows = mapped.set_index("sipri_name")
    assert rows.loc["United Arab Emirates", ["name", "how"]].tolist() == ["UAE", "alias"]
    assert rows.loc["ARM", ["name", "how"]].tolist() == ["Armenia", "iso3"]
    assert "United Arab Emirates -> UAE (alias)" in stand_in.describe()["mapped_names"]


@pytest.mark.parametrize(("recipient", "start", "end"), [
    ("UAE", 2016, 2020), ("United Arab Emirates", 2011, 2020), ("ARE", 2016, 2020),
    ("Armenia", 2011, 2020), ("ARM", 2016, 2020),
])
def test_the_stand_in_answers_what_sipris_own_spelling_answers(stand_in, shipped_editions,
                                                               recipient, start, end):
    """The stand-in holds the 2024 release's numbers under other names: every query on it is
    the same query on the 2024 release (register basis, bounded by the printed totals)."""
    real = shipped_editions["2024-10-13"]
    got = queries.shares(stand_in, recipient, start, end, basis="register")
    assert_frame_equal(got, queries.shares(real, recipient, start, end, basis="register"))
    assert "United States" in set(got["supplier"]) or "Russia" in set(got["supplier"])
    assert queries.import_share(stand_in, recipient, start, end) == queries.import_share(
        real, recipient, start, end)


def test_armsdata_shares_on_the_stand_in_is_no_longer_no_deliveries(tmp_path, capsys):
    path = copy_snapshot(ALIAS_EDITION, tmp_path)
    assert cli.main(["shares", "UAE", "--from", "2016", "--to", "2020", "--edition", str(path),
                     "--basis", "register"]) == 0
    out = capsys.readouterr().out
    assert "no deliveries" not in out
    for supplier in ("United States", "France", "Russia"):
        assert supplier in out


def test_armsdata_editions_lists_the_names_mapped_through_an_alias(tmp_path, capsys):
    copy_snapshot(ALIAS_EDITION, tmp_path)
    assert cli.main(["editions", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "names not in the actor map: none" in out
    assert "names mapped through a rename, an alias or ISO3: 199" in out
    assert "    United Arab Emirates -> UAE (alias)\n" in out
    assert "    ARM -> Armenia (ISO3)\n" in out
    assert cli.main(["editions", "--data-dir", str(tmp_path), "--format", "json"]) == 0
    assert "United Arab Emirates -> UAE (alias)" in capsys.readouterr().out


# ------------------------------------------------------------------------------ a whole release

def test_a_whole_release_respelled_by_aliases_holds_the_same_tables(tmp_path, shipped_editions):
    """The 2024 release with every country's name in every file replaced as the stand-in's are:
    the same tidy tables, name for name."""
    real = shipped_editions["2024-10-13"]
    copy = copy_snapshot(REGISTER_2024_DIR, tmp_path)
    for name, fields in [("trade-register.csv", 2), ("tiv-imports-by-recipient-1950-2024.csv", 1),
                         ("tiv-exports-by-supplier-1950-2024.csv", 1)]:
        (copy / name).write_bytes(respell((copy / name).read_bytes(), fields))
    snapshot.rebuild_manifest(copy)
    ed = editions.load(copy)
    assert ed.unknown_actors.empty
    assert_frame_equal(ed.register, real.register)
    for table in ("world_imports", "world_exports"):
        assert_frame_equal(getattr(ed, table).rows, getattr(real, table).rows)
        assert_frame_equal(getattr(ed, table).totals, getattr(real, table).totals)
    respelled = {spelling(countries.lookup(n)): n for n in real.known_names()
                 if spelling(countries.lookup(n)) != countries.lookup(n).sipri_name}
    assert dict(zip(ed.mapped_names["sipri_name"], ed.mapped_names["name"])) == respelled


# ------------------------------------------------------------------------------ the disk cache

def test_a_changed_renames_table_never_serves_tables_built_with_the_old_one(
        tmp_path, monkeypatch):
    """The cache key holds both files of the actor map: a table built while a former spelling
    was known is not served once the renames table no longer knows it (or the reverse)."""
    monkeypatch.setenv("ARMSDATA_CACHE_DIR", str(tmp_path / "cache"))
    data = (SIPRI_EXCERPTS / "tiv-legacy-ARM.csv").read_bytes().replace(b"\nRussia,", b"\nRossiya,")
    path = snapshot.write_snapshot(
        tmp_path / "raw", "tiny-tiv", {"imports/ARM.csv": data},
        {"kind": "tiv-legacy", "edition": "2022-04-22"},
        {"imports/ARM.csv": {"layout": "tiv-legacy"}}).path
    shipped = countries._renames_csv_text()
    with_rossiya = shipped + "Rossiya,Russia,an-export,a-later-export\n"

    def new_process(renames: str) -> editions.Edition:
        monkeypatch.setattr(countries, "_renames_csv_text", lambda: renames)
        countries._index.cache_clear()
        monkeypatch.setattr(editions, "_TABLES", OrderedDict())
        monkeypatch.setattr(editions, "_PARSED", OrderedDict())
        return editions.load(path)

    try:
        keys = []
        for renames, supplier in [(with_rossiya, "Russia"), (shipped, "Rossiya"),
                                  (with_rossiya, "Russia")]:
            ed = new_process(renames)
            keys.append(ed._t.cache_key("tiv"))
            assert supplier in set(ed.tiv.rows["supplier"])
        assert keys[0] != keys[1] and keys[0] == keys[2]
        assert list(ed.mapped_names["sipri_name"]) == ["Rossiya"]
    finally:
        countries._index.cache_clear()


def test_the_cache_key_holds_both_files_of_the_actor_map(monkeypatch):
    snap = editions.load(ALIAS_EDITION).snapshot
    key = editions._Tables(snap).cache_key("register")
    for text in ("_actors_csv_text", "_renames_csv_text"):
        original = getattr(countries, text)()
        monkeypatch.setattr(countries, text, lambda original=original: original + "\n")
        assert editions._Tables(snap).cache_key("register") != key, text
        monkeypatch.setattr(countries, text, lambda original=original: original)
    assert editions._Tables(snap).cache_key("register") == key
