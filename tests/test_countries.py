"""Tests of the actor map (src/armsdata/data/actors.csv and renames.csv) and its lookups
(armsdata.countries).

The completeness tests read the raw SIPRI files with a small extraction of their own, on purpose
independent of armsdata.parse: they must catch a name the parser would also miss.  They read
every shipped snapshot, the releases embedded from the team's copies (2018, 2023, 2025) too.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import json
import re
from collections import defaultdict

import pytest
from conftest import RAW
from conftest import RECORDING_DIR as API_2025
from conftest import REGISTER_2024_DIR as REGISTER_2024
from conftest import TIV_2022_DIR as TIV_2022

from armsdata import countries, regions
from armsdata.countries import (
    AGGREGATE_NAMES,
    Actor,
    actor_type,
    canonical_name,
    is_aggregate,
    iso3,
    load_actors,
    load_renames,
    lookup,
    match,
)
from armsdata.errors import ParseError, UnknownActorError

#: The releases embedded in data/raw from the team's copies, whose names the map must know: the
#: old-site TIV tables by recipient and by supplier of the 2018 and 2023 releases (not the
#: tables by weapon category, whose rows are categories), the 2025 register, the 2023 RTF
#: register.
OLDER_TIV = {"sipri-tiv-2018-12-05": ["TIV-Import-All-1950-2017-rs.csv",
                                       "TIV-Export-All-1950-2017-rs.csv"],
              "sipri-tiv-2023-12": ["TIV-Import-All-Country-1950-2022.csv",
                                    "TIV-Export-All-Country-1950-2022.csv"]}
REGISTER_2025 = "sipri-trade-register-2025-03-13/trade-register.csv"
RTF_2023 = "sipri-register-rtf-2024-02-18"


def _rows_after(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return list(csv.reader(io.StringIO("".join(lines[start + 1 :]))))


def _is_register_continuation(row: list[str]) -> bool:
    # Two 2024 register deals have an unquoted line break in Comments; the second half is just
    # ",<tiv unit>,<tiv order>,<tiv delivered>" and names no actor.
    return len(row) == 4 and row[0] == ""


def _register_names(text: str, where: str, seen: dict[str, set[str]]) -> None:
    for row in _rows_after(text, "Recipient,Supplier,"):
        if row and not _is_register_continuation(row):
            seen[row[0]].add(f"{where} (recipient)")
            seen[row[1]].add(f"{where} (supplier)")


def _sipri_names() -> dict[str, set[str]]:
    """Every recipient and supplier name in every shipped SIPRI file -> the files it is in
    (``"<snapshot folder>/<file>"``, with the role where a file has two)."""
    seen: dict[str, set[str]] = defaultdict(set)
    with open(TIV_2022 / "countries.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            seen[row["country_label"]].add(f"{TIV_2022.name}/countries.csv")
    for path in sorted((TIV_2022 / "imports").glob("*.csv")):
        text = path.read_bytes().decode("cp1252")
        title = re.match(r'"?TIV of arms exports to (.*), \d{4}-\d{4}', text)
        assert title, f"{path.name}: no title line"
        seen[title.group(1)].add(f"{TIV_2022.name}/imports/{path.name} (title)")
        for row in _rows_after(text, ",1950,"):
            if row and row[0]:
                seen[row[0]].add(f"{TIV_2022.name}/imports/{path.name}")
    with open(TIV_2022 / "third-party" / "import_category.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            seen[row["Import_To"]].add(f"{TIV_2022.name}/third-party/import_category.csv")
    register = (REGISTER_2024 / "trade-register.csv").read_bytes().decode("cp1252")
    _register_names(register, f"{REGISTER_2024.name}/trade-register.csv", seen)
    for name, header in [
        ("tiv-imports-by-recipient-1950-2024.csv", "Recipient,"),
        ("tiv-exports-by-supplier-1950-2024.csv", "Exports by,"),
    ]:
        for row in _rows_after((REGISTER_2024 / name).read_bytes().decode("cp1252"), header):
            if row and row[0]:
                seen[row[0]].add(f"{REGISTER_2024.name}/{name}")
    body = json.loads((API_2025 / "trade-register-csv.response.json").read_text(encoding="utf-8"))
    api_register = base64.b64decode(body["bytes"]).decode("cp1252")
    for row in _rows_after(api_register, "SIPRI AT Database ID,"):
        if row:
            seen[row[1]].add(f"{API_2025.name}/trade-register-csv.response.json (supplier)")
            seen[row[2]].add(f"{API_2025.name}/trade-register-csv.response.json (recipient)")
    return dict(seen)


def _rtf_names(text: str) -> set[str]:
    """Suppliers (``{\\b France}\\par``) and recipients (``{\\b R:} Morocco\\tab``, then
    ``{\\b    } Chad\\tab``) of SIPRI's old-site RTF register, its Mac Roman escapes decoded."""
    text = re.sub(r"\\'([0-9a-f]{2})",
                  lambda m: bytes([int(m.group(1), 16)]).decode("mac_roman"), text)
    return (set(re.findall(r"\{\\b ([^\\{}]+?)\}\\par", text))
            | set(re.findall(r"\{\\b (?:R:| +)\} ([^\\\n{}]+?)\s*\\tab", text)))


def _embedded_names() -> dict[str, set[str]]:
    """Every recipient and supplier name in the embedded 2018, 2023 and 2025 releases."""
    seen: dict[str, set[str]] = defaultdict(set)
    for folder, files in OLDER_TIV.items():
        for name in files:
            text = (RAW / folder / name).read_bytes().decode("cp1252")
            for row in _rows_after(text, ",1950,"):
                if row and row[0]:
                    seen[row[0]].add(f"{folder}/{name}")
    register = (RAW / REGISTER_2025).read_bytes().decode("cp1252")
    _register_names(register, REGISTER_2025, seen)
    for path in sorted((RAW / RTF_2023).glob("*.rtf")):
        for name in _rtf_names(path.read_text(encoding="ascii")):
            seen[name].add(f"{RTF_2023}/{path.name}")
    return dict(seen)


@pytest.fixture(scope="module")
def sipri_names() -> dict[str, set[str]]:
    return _sipri_names()


@pytest.fixture(scope="module")
def embedded_names() -> dict[str, set[str]]:
    return _embedded_names()


@pytest.fixture
def actors_csv(monkeypatch):
    """Swap the shipped actors.csv for a given text; the caches are emptied before and after."""

    def clear() -> None:
        countries._index.cache_clear()

    def use(text: str, renames: str = RENAMES_HEADER) -> None:
        monkeypatch.setattr(countries, "_actors_csv_text", lambda: text)
        monkeypatch.setattr(countries, "_renames_csv_text", lambda: renames)
        clear()

    yield use
    clear()


# --- completeness: every name in every shipped file ----------------------------------------


def test_extraction_finds_names_of_every_edition(sipri_names):
    # Guards the completeness test below against an extraction that silently finds nothing.
    assert len(sipri_names) > 250
    for name, source in [
        ("Turkey", "sipri-tiv-2022-04-22/imports/AZB.csv"),
        ("Turkiye", "sipri-trade-register-2024-10-13/trade-register.csv (supplier)"),
        ("unknown supplier(s)",
         "sipri-api-recording-2025-02-10/trade-register-csv.response.json (supplier)"),
        ("Total world import",
         "sipri-trade-register-2024-10-13/tiv-imports-by-recipient-1950-2024.csv"),
        ("Hezbollah (Lebanon)*", "sipri-tiv-2022-04-22/countries.csv"),
    ]:
        assert source in sipri_names.get(name, set()), (name, source)
    assert "" not in sipri_names, sipri_names.get("")


def assert_all_mapped(names: dict[str, set[str]]) -> None:
    """Every name is a SIPRI spelling of the map, current or former: exactly, not by a match."""
    mapped = set(load_actors()["sipri_name"]) | set(load_renames()["sipri_name"])
    missing = {
        name: sorted(where)[:3]
        for name, where in names.items()
        if name not in mapped and not is_aggregate(name)
    }
    assert not missing, (
        "SIPRI names missing from src/armsdata/data/actors.csv (current spellings) and "
        "renames.csv (former ones):\n"
        + "\n".join(f"  {name!r} (in {', '.join(where)})" for name, where in sorted(missing.items()))
    )


def test_every_sipri_name_is_in_the_actor_map(sipri_names):
    assert_all_mapped(sipri_names)


def test_every_name_of_the_embedded_releases_is_in_the_actor_map(embedded_names):
    assert len(embedded_names) > 250  # the extraction found the names
    for name, source in [("Swaziland", "sipri-tiv-2018-12-05/TIV-Import-All-1950-2017-rs.csv"),
                         ("Turkiye", "sipri-tiv-2023-12/TIV-Export-All-Country-1950-2022.csv"),
                         ("Turkiye", f"{RTF_2023}/aircraft.rtf"),
                         ("Armenia", f"{REGISTER_2025} (recipient)")]:
        assert source in embedded_names.get(name, set()), (name, source)
    assert_all_mapped(embedded_names)


def test_every_actor_map_row_is_a_name_sipri_uses(sipri_names):
    stale = sorted(set(load_actors()["sipri_name"]) - set(sipri_names))
    assert not stale, f"rows of actors.csv that no shipped SIPRI file uses: {stale}"


def test_each_rename_is_seen_in_the_exports_it_names(sipri_names, embedded_names):
    """A former spelling is in its ``last_seen_in`` export, the new one in ``first_seen_in``
    (and not the other way round), where those exports are here to read."""
    names = {name: set(where) for name, where in sipri_names.items()}
    for name, where in embedded_names.items():
        names.setdefault(name, set()).update(where)

    def folders(name: str) -> set[str]:
        return {where.split("/")[0] for where in names.get(name, ())}

    read = set().union(*(folders(name) for name in names))
    checked = 0
    for row in load_renames().to_dict("records"):
        old, new, last, first = (row["sipri_name"], row["renamed_to"], row["last_seen_in"],
                                 row["first_seen_in"])
        if last in read:
            assert last in folders(old) and last not in folders(new), row
            checked += 1
        if first in read:
            assert first in folders(new) and first not in folders(old), row
    assert checked >= 6  # at least the 2022 release's renames (shipped) were checked


def test_aggregates_are_not_actors(sipri_names):
    assert {"All", "all", "Total", "Total world import", "Total world export"} <= set(sipri_names)
    mapped = {name.casefold() for name in load_actors()["sipri_name"]}
    assert not mapped & {name.casefold() for name in AGGREGATE_NAMES}
    assert all(is_aggregate(name) for name in ["All", "all", " Total ", "Total world export"])
    assert not is_aggregate("Armenia")


def test_sipri_codes_are_those_of_sipris_code_list():
    with open(TIV_2022 / "countries.csv", encoding="utf-8", newline="") as f:
        code_list = list(csv.DictReader(f))
    expected = {row["country_label"]: row["country_code"] for row in code_list}
    del expected["All"]  # the aggregate, with an empty code
    # the list spells actors as the 2022 release did ("Turkey"): its code is the actor's
    assert {label: countries.sipri_actor(label).sipri_code for label in expected} == expected
    assert set(load_actors()["sipri_code"].dropna()) == set(expected.values())


# --- spot checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sipri_name", "canonical", "code", "kind", "sipri_code"),
    [
        ("Armenia", "Armenia", "ARM", "state", "ARM"),
        ("Algeria", "Algeria", "DZA", "state", "ALG"),
        ("Soviet Union", "Soviet Union", "SUN", "historical-state", "USR"),
        ("Czechoslovakia", "Czechoslovakia", "CSK", "historical-state", "CZE"),
        ("East Germany (GDR)", "East Germany (GDR)", "DDR", "historical-state", "GDR"),
        ("Yugoslavia", "Yugoslavia", "YUG", "historical-state", "YUG"),
        ("North Yemen", "North Yemen", None, "historical-state", "YEN"),
        ("Hezbollah (Lebanon)*", "Hezbollah (Lebanon)", None, "non-state", "XLH"),
        ("Libya HoR*", "Libya HoR", None, "non-state", "LYE"),
        ("NATO**", "NATO", None, "organisation", "NAT"),
        ("African Union**", "African Union", None, "organisation", "AU"),
        ("United Nations**", "United Nations", None, "organisation", "UNO"),
        ("Unknown supplier(s)", "Unknown supplier(s)", None, "unknown", "XXS"),
        ("unknown supplier(s)", "Unknown supplier(s)", None, "unknown", "XXS"),
        ("Turkey", "Turkiye", "TUR", "state", "TUR"),
        ("Turkiye", "Turkiye", "TUR", "state", "TUR"),
        ("Swaziland", "eSwatini", "SWZ", "state", "SWA"),
        ("Germany (FRG)", "Germany", "DEU", "state", "FRG"),
        ("UAE", "UAE", "ARE", "state", "UAE"),
        ("Bosnia-Herzegovina", "Bosnia-Herzegovina", "BIH", "state", "BOS"),
        ("Libya GNC", "Libya GNC", None, "state", "LYW"),
    ],
)
def test_spot_checks(sipri_name, canonical, code, kind, sipri_code):
    assert lookup(sipri_name) == Actor(sipri_name, canonical, code, kind, sipri_code)
    assert canonical_name(sipri_name) == canonical


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Turkey", "Turkiye"),
        ("PKK (Turkey)*", "PKK (Turkiye)*"),
        ("Yemen Arab Republic", "Yemen Arab Republic (North Yemen)"),
        ("Unknown recipient(s)", "unknown recipient(s)"),
        ("Unknown rebel group*", "unknown rebel group*"),
        ("Swaziland", "eSwatini"),
        ("Macedonia (FYROM)", "North Macedonia"),
        ("Czech Republic", "Czechia"),
        ("Cape Verde", "Cabo Verde"),
        ("Germany (FRG)", "Germany"),
        ("Huthi rebels (Yemen)*", "Houthi rebels (Yemen)*"),
        ("Libya HoR", "Libya HoR*"),
    ],
)
def test_spellings_of_one_actor_across_editions_share_a_canonical_name(old, new):
    assert canonical_name(old) == canonical_name(new)
    assert match(old).how == "rename" and match(new).how == "sipri"
    assert match(old).actor.canonical_name == match(new).actor.canonical_name


@pytest.mark.parametrize(
    ("historical", "successor"),
    [
        ("Soviet Union", "Russia"),
        ("USSR", "Russian Federation"),
        ("SUN", "RUS"),
        ("Czechoslovakia", "Czechia"),
        ("CSK", "CZE"),
        ("Yugoslavia", "Serbia"),
        ("East Germany (GDR)", "Germany"),
        ("GDR", "Germany (FRG)"),
        ("South Yemen", "Yemen"),
        ("North Yemen", "Yemen"),
        ("Yemen Arab Republic", "Yemen"),
        ("South Vietnam", "Viet Nam"),
    ],
)
def test_a_historical_state_is_never_its_successor(historical, successor):
    old, new = match(historical).actor, match(successor).actor
    assert old.type == "historical-state" and new.type == "state"
    assert old.canonical_name != new.canonical_name
    assert lookup(historical).canonical_name == old.canonical_name


def test_different_actors_keep_different_canonical_names():
    assert canonical_name("North Yemen") != canonical_name("Yemen Arab Republic")
    assert canonical_name("Libya") != canonical_name("Libya GNC")
    assert canonical_name("Congo") != canonical_name("DR Congo")


def test_iso3_names_one_actor():
    frame = load_actors().dropna(subset=["iso3"])
    per_code = frame.groupby("iso3")["canonical_name"].nunique()
    assert (per_code == 1).all(), per_code[per_code > 1]


def test_actors_csv_has_one_row_per_actor():
    assert load_actors()["canonical_name"].is_unique


def test_type_counts_are_plausible():
    # Guards against a bulk edit that, say, turns every state into "unknown".
    counts = load_actors()["type"].value_counts()
    assert counts["state"] > 180
    assert counts["non-state"] > 40
    assert counts["unknown"] == 2


# --- canonical_name is strict ---------------------------------------------------------------


def test_canonical_name_rejects_unknown_spelling_and_says_where_to_add_it():
    where = r"add it to src/armsdata/data/actors.csv"
    with pytest.raises(UnknownActorError, match=rf"'Atlantis'.*{where}"):
        canonical_name("Atlantis")


def test_canonical_name_wants_the_exact_spelling():
    with pytest.raises(UnknownActorError, match="did you mean 'Turkiye'"):
        canonical_name("turkey ")
    with pytest.raises(UnknownActorError):
        canonical_name("Hezbollah (Lebanon)")  # SIPRI writes it with a star


def test_canonical_name_passes_aggregates_through():
    assert canonical_name("All") == "All"
    assert canonical_name("all") == "All"
    assert canonical_name("Total world import") == "Total world import"


def test_unknown_actor_error_is_a_lookup_error():
    with pytest.raises(LookupError):
        canonical_name("Atlantis")


# --- lookup is forgiving --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "sipri_name"),
    [
        ("arm", "Armenia"),  # ISO3, any case
        ("  ARMENIA  ", "Armenia"),
        ("Armenia*", "Armenia"),
        ("dza", "Algeria"),
        ("ALG", "Algeria"),  # SIPRI's code
        ("Hezbollah (Lebanon)", "Hezbollah (Lebanon)*"),  # without SIPRI's star
        ("hezbollah (lebanon)*", "Hezbollah (Lebanon)*"),
        ("nato", "NATO**"),
        ("USA", "United States"),
        ("United States of America", "United States"),
        ("uk", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("Russian Federation", "Russia"),
        ("USSR", "Soviet Union"),
        ("Czech Republic", "Czech Republic"),  # SIPRI's former spelling: its own entry
        ("Czechia", "Czechia"),
        ("Türkiye", "Turkiye"),
        ("turkey", "Turkey"),  # a former SIPRI spelling returns that spelling's entry
        ("Swaziland", "Swaziland"),
        ("macedonia", "North Macedonia"),  # an alias
        ("Macedonia (FYROM)", "Macedonia (FYROM)"),
        ("TUR", "Turkiye"),  # the actor itself returns the canonical spelling's row
        ("Republic of Korea", "South Korea"),
        ("Democratic Republic of the Congo", "DR Congo"),
        ("Côte d’Ivoire", "Cote d'Ivoire"),  # accent and curly apostrophe
        ("Ivory Coast", "Cote d'Ivoire"),
        ("Bosnia and Herzegovina", "Bosnia-Herzegovina"),
        ("United Arab Emirates", "UAE"),
        ("Unknown Supplier(s)", "unknown supplier(s)"),  # the current spelling, but for case
        # Where a SIPRI code is another actor's ISO3, ISO wins.
        ("CHE", "Switzerland"),
        ("CZE", "Czechia"),
        ("MAR", "Morocco"),
        ("SWI", "Switzerland"),
        ("USR", "Soviet Union"),
    ],
)
def test_lookup(query, sipri_name):
    assert lookup(query).sipri_name == sipri_name


def test_lookup_suggests_close_names():
    with pytest.raises(UnknownActorError, match="No actor matches 'Armenai'; did you mean 'Armenia'"):
        lookup("Armenai")
    with pytest.raises(UnknownActorError, match=r"did you mean 'South Korea', 'North Korea'"):
        lookup("Korea")
    with pytest.raises(UnknownActorError, match=r"did you mean 'Soviet Union'"):
        lookup("Sovjet Union")


def test_lookup_without_close_names_says_what_to_try():
    with pytest.raises(UnknownActorError, match="ISO3") as caught:
        lookup("qqqqzzzz")
    assert "did you mean" not in str(caught.value)


def test_lookup_rejects_aggregates():
    with pytest.raises(UnknownActorError, match="aggregate"):
        lookup("Total")


def test_conveniences():
    assert actor_type("Soviet Union") == "historical-state"
    assert actor_type("PKK (Turkey)") == "non-state"
    assert iso3("Algeria") == "DZA"
    assert iso3("United Nations") is None
    with pytest.raises(UnknownActorError):
        iso3("Atlantis")


def test_an_actor_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        lookup("Armenia").iso3 = "XXX"


# --- validation of the CSV ------------------------------------------------------------------

HEADER = "sipri_name,canonical_name,iso3,type,sipri_code,aliases\n"
GOOD = (
    "Armenia,Armenia,ARM,state,ARM,\n"
    "NATO**,NATO,,organisation,NAT,North Atlantic Treaty Organization\n"
)
RENAMES_HEADER = "sipri_name,renamed_to,last_seen_in,first_seen_in\n"
#: where each file's messages point, as a regular expression
ACTORS, RENAMES = (re.escape(countries.ACTORS_CSV), re.escape(countries.RENAMES_CSV))


def test_a_valid_tiny_map_loads(actors_csv):
    actors_csv(HEADER + GOOD, RENAMES_HEADER + "Armenian SSR,Armenia,old-export,new-export\n")
    assert list(load_actors()["sipri_name"]) == ["Armenia", "NATO**"]
    assert lookup("north atlantic treaty organization").sipri_name == "NATO**"
    assert match("Armenian SSR") == countries.Match(
        "Armenian SSR", Actor("Armenian SSR", "Armenia", "ARM", "state", "ARM"), "rename",
        "Armenian SSR")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Armenia,Armenia,ARM,country,ARM,\n", "line 2: type 'country' for 'Armenia'; expected one"),
        ("Armenia,Armenia,arm,state,ARM,\n", r"iso3 'arm' for 'Armenia'; expected three capital"),
        ("Armenia,Armenia,ARMN,state,ARM,\n", r"iso3 'ARMN'"),
        ("NATO**,NATO,,non-state,NAT,\n", r"SIPRI's stars say 'organisation'"),
        ("Turkey,Turkiye,TUR,state,TUR,\nTurkiye,Turkiye,TUR,state,,\n",
         r"canonical_name repeated: \['Turkiye'\]; keep one row per actor.*renames.csv"),
        # a name that fits two actors names both, and the line of each
        ("Armenia,Armenia,ARM,state,ARM,\nArmenia SSR,Armenia SSR,,historical-state,,ARM\n",
         rf"{ACTORS}, line 3: 'arm' fits two actors: it is the alias 'ARM' of 'Armenia SSR' "
         rf"\({ACTORS}, line 3\), and the ISO3 code 'ARM' of 'Armenia' \({ACTORS}, line 2\)"),
        ("Congo,Congo,COG,state,CON,\nDR Congo,DR Congo,COD,state,DRC,congo\n",
         r"line 3: 'congo' fits two actors: it is the alias 'congo' of 'DR Congo'.* and the "
         r"SIPRI spelling 'Congo' of 'Congo'"),
        ("Armenia,Armenia*,ARM,state,ARM,\n", r"no '\*' in canonical_name"),
    ],
)
def test_a_broken_map_is_rejected(actors_csv, rows, message):
    actors_csv(HEADER + rows)
    with pytest.raises(ParseError, match=message):
        load_actors()


def test_a_map_with_other_columns_is_rejected(actors_csv):
    actors_csv("name,iso3\nArmenia,ARM\n")
    with pytest.raises(ParseError, match=r"columns \['name', 'iso3'\]; expected \['sipri_name'"):
        load_actors()


def test_a_duplicate_sipri_name_is_rejected(actors_csv):
    # Same actor twice: no key points at two actors, so only the duplicate check can catch it.
    actors_csv(HEADER + "Armenia,Armenia,ARM,state,ARM,\nArmenia,Armenia,ARM,state,ARM,\n")
    with pytest.raises(ParseError, match=r"sipri_name repeated: \['Armenia'\]"):
        load_actors()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Atlantis,Armenia\n", r"columns \['Atlantis', 'Armenia'\]; expected \['sipri_name'"),
        (RENAMES_HEADER + "Armenian SSR,Atlantis,a,b\n",
         rf"{RENAMES}, line 2: renamed_to 'Atlantis' is not a sipri_name of {ACTORS}"),
        (RENAMES_HEADER + "Armenian SSR,Armenia,,b\n", r"line 2: .*expected every field filled"),
        (RENAMES_HEADER + "NATO**,Armenia,a,b\n", r"line 2: 'NATO\*\*' is already a SIPRI spelling"),
        (RENAMES_HEADER + "Armenian SSR,Armenia,a,b\nArmenian SSR,Armenia,a,b\n",
         r"line 3: 'Armenian SSR' is already a SIPRI spelling"),
        (RENAMES_HEADER + "Armenia*,Armenia,a,b\n",
         r"line 2: type 'state' for 'Armenia\*'; SIPRI's stars say 'non-state'"),
        # a former spelling that is another actor's name: both named, with their lines
        (RENAMES_HEADER + "Armenian SSR,Armenia,a,b\nNorth Atlantic Treaty Organization,Armenia,a,b\n",
         rf"{RENAMES}, line 3: 'north atlantic treaty organization' fits two actors: it is the "
         rf"former SIPRI spelling 'North Atlantic Treaty Organization' of 'Armenia' "
         rf"\({RENAMES}, line 3\), and the alias 'North Atlantic Treaty Organization' of 'NATO' "
         rf"\({ACTORS}, line 3\)"),
    ],
)
def test_a_broken_renames_table_is_rejected(actors_csv, rows, message):
    actors_csv(HEADER + GOOD, rows)
    with pytest.raises(ParseError, match=message):
        load_renames()
    with pytest.raises(ParseError, match=message):  # the map is one: neither file loads alone
        lookup("Armenia")


# --- match: an edition's names, through every name of the map --------------------------------

@pytest.mark.parametrize(
    ("spelling", "canonical", "how", "via"),
    [
        ("Armenia", "Armenia", "sipri", "Armenia"),
        ("Turkiye", "Turkiye", "sipri", "Turkiye"),
        ("Turkey", "Turkiye", "rename", "Turkey"),
        ("TURKEY", "Turkiye", "rename", "Turkey"),
        ("Swaziland", "eSwatini", "rename", "Swaziland"),
        ("Unknown supplier(s)", "Unknown supplier(s)", "rename", "Unknown supplier(s)"),
        ("United Arab Emirates", "UAE", "alias", "United Arab Emirates"),
        ("Türkiye", "Turkiye", "variant", "Turkiye"),  # accents aside, SIPRI's spelling
        ("Burma", "Myanmar", "alias", "Burma"),
        ("ARE", "UAE", "iso3", "ARE"),
        ("CHE", "Switzerland", "iso3", "CHE"),  # ISO's Switzerland, never SIPRI's code for Chile
        ("Hezbollah (Lebanon)", "Hezbollah (Lebanon)", "variant", "Hezbollah (Lebanon)*"),
        ("Côte d’Ivoire", "Cote d'Ivoire", "variant", "Cote d'Ivoire"),
        ("unknown rebel group", "Unknown rebel group", "variant", "unknown rebel group*"),
    ],
)
def test_match_finds_the_actor_through_any_name_and_says_how(spelling, canonical, how, via):
    found = match(spelling)
    assert (found.spelling, found.actor.canonical_name, found.how, found.via) == (
        spelling, canonical, how, via)
    assert found.actor.type == lookup(canonical).type


@pytest.mark.parametrize("spelling", ["Total world import", "All", "Total", "Atlantis", "ALG",
                                      "Korea"])
def test_match_finds_nothing_for_aggregates_sipri_codes_and_unknown_names(spelling):
    assert match(spelling) is None


def test_no_former_spelling_is_a_region():
    # Queries take either a region or an actor where a recipient goes (test_regions checks the
    # current spellings)
    assert not [name for name in load_renames()["sipri_name"] if regions.is_region(name)]


def test_every_name_of_the_map_matches_its_own_actor():
    # a property of the whole map: whatever name of an actor an edition writes, it is that actor
    for row in load_actors().to_dict("records"):
        names = [row["sipri_name"], row["canonical_name"], row["iso3"],
                 *(row["aliases"].split(";") if isinstance(row["aliases"], str) else [])]
        for name in [name for name in names if isinstance(name, str) and name]:
            assert match(name).actor.canonical_name == row["canonical_name"], name
            assert lookup(name).canonical_name == row["canonical_name"], name
    for row in load_renames().to_dict("records"):
        assert match(row["sipri_name"]).actor == countries.sipri_actor(row["sipri_name"])
        assert match(row["sipri_name"]).actor.canonical_name == canonical_name(row["renamed_to"])


# --- names the map lacks (an edition never fails on them) -----------------------------------

@pytest.mark.parametrize("sipri_name,canonical,kind", [
    ("Free Atlantis Front*", "Free Atlantis Front", "non-state"),
    ("Atlantic League**", "Atlantic League", "organisation"),
    ("Newland", "Newland", "unknown"),
])
def test_a_name_the_map_lacks_is_kept_as_sipri_spells_it(sipri_name, canonical, kind):
    assert countries.sipri_actor(sipri_name) is None
    actor = countries.unmapped_actor(sipri_name)
    assert (actor.sipri_name, actor.canonical_name, actor.type) == (sipri_name, canonical, kind)
    assert actor.iso3 is None and actor.sipri_code is None
    with pytest.raises(UnknownActorError):  # the strict map still says so
        canonical_name(sipri_name)


def test_sipri_actor_is_the_map_s_entry_for_an_exact_spelling():
    assert countries.sipri_actor("Turkey").canonical_name == "Turkiye"
    assert countries.sipri_actor("turkey") is None  # exact spelling only, as SIPRI writes it
    assert countries.sipri_actor("United Arab Emirates") is None  # an alias is no spelling
    assert countries.match_key("  Côte d’Ivoire ") == countries.match_key("cote d'ivoire")
