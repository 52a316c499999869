"""Tests of the actor map (src/armsdata/data/actors.csv) and its lookups (armsdata.countries).

The completeness test reads the raw SIPRI files with a small extraction of its own, on purpose
independent of armsdata.parse: it must catch a name the parser would also miss.
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
from conftest import RECORDING_DIR as API_2025
from conftest import REGISTER_2024_DIR as REGISTER_2024
from conftest import TIV_2022_DIR as TIV_2022

from armsdata import countries
from armsdata.countries import (
    AGGREGATE_NAMES,
    Actor,
    actor_type,
    canonical_name,
    is_aggregate,
    iso3,
    load_actors,
    lookup,
)
from armsdata.errors import ParseError, UnknownActorError



def _rows_after(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return list(csv.reader(io.StringIO("".join(lines[start + 1 :]))))


def _is_register_continuation(row: list[str]) -> bool:
    # Two 2024 register deals have an unquoted line break in Comments; the second half is just
    # ",<tiv unit>,<tiv order>,<tiv delivered>" and names no actor.
    return len(row) == 4 and row[0] == ""


def _sipri_names() -> dict[str, set[str]]:
    """Every recipient and supplier name in every shipped SIPRI file -> the files it is in."""
    seen: dict[str, set[str]] = defaultdict(set)
    with open(TIV_2022 / "countries.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            seen[row["country_label"]].add("2022 countries.csv")
    for path in sorted((TIV_2022 / "imports").glob("*.csv")):
        text = path.read_bytes().decode("cp1252")
        title = re.match(r'"?TIV of arms exports to (.*), \d{4}-\d{4}', text)
        assert title, f"{path.name}: no title line"
        seen[title.group(1)].add(f"2022 imports/{path.name} (title)")
        for row in _rows_after(text, ",1950,"):
            if row and row[0]:
                seen[row[0]].add(f"2022 imports/{path.name}")
    with open(TIV_2022 / "third-party" / "import_category.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            seen[row["Import_To"]].add("2022 import_category.csv")
    register = (REGISTER_2024 / "trade-register.csv").read_bytes().decode("cp1252")
    for row in _rows_after(register, "Recipient,Supplier,"):
        if row and not _is_register_continuation(row):
            seen[row[0]].add("2024 trade-register.csv (recipient)")
            seen[row[1]].add("2024 trade-register.csv (supplier)")
    for name, header in [
        ("tiv-imports-by-recipient-1950-2024.csv", "Recipient,"),
        ("tiv-exports-by-supplier-1950-2024.csv", "Exports by,"),
    ]:
        for row in _rows_after((REGISTER_2024 / name).read_bytes().decode("cp1252"), header):
            if row and row[0]:
                seen[row[0]].add(f"2024 {name}")
    body = json.loads((API_2025 / "trade-register-csv.response.json").read_text(encoding="utf-8"))
    api_register = base64.b64decode(body["bytes"]).decode("cp1252")
    for row in _rows_after(api_register, "SIPRI AT Database ID,"):
        if row:
            seen[row[1]].add("2025 API register (supplier)")
            seen[row[2]].add("2025 API register (recipient)")
    return dict(seen)


@pytest.fixture(scope="module")
def sipri_names() -> dict[str, set[str]]:
    return _sipri_names()


@pytest.fixture
def actors_csv(monkeypatch):
    """Swap the shipped actors.csv for a given text; the caches are emptied before and after."""

    def clear() -> None:
        load_actors.cache_clear()
        countries._index.cache_clear()

    def use(text: str) -> None:
        monkeypatch.setattr(countries, "_actors_csv_text", lambda: text)
        clear()

    yield use
    clear()


# --- completeness: every name in every shipped file ----------------------------------------


def test_extraction_finds_names_of_every_edition(sipri_names):
    # Guards the completeness test below against an extraction that silently finds nothing.
    assert len(sipri_names) > 250
    for name, source in [
        ("Turkey", "2022 imports/AZB.csv"),
        ("Turkiye", "2024 trade-register.csv (supplier)"),
        ("unknown supplier(s)", "2025 API register (supplier)"),
        ("Total world import", "2024 tiv-imports-by-recipient-1950-2024.csv"),
        ("Hezbollah (Lebanon)*", "2022 countries.csv"),
    ]:
        assert source in sipri_names.get(name, set()), (name, source)
    assert "" not in sipri_names, sipri_names.get("")


def test_every_sipri_name_is_in_the_actor_map(sipri_names):
    mapped = set(load_actors()["sipri_name"])
    missing = {
        name: sorted(where)[:3]
        for name, where in sipri_names.items()
        if name not in mapped and not is_aggregate(name)
    }
    assert not missing, "SIPRI names missing from src/armsdata/data/actors.csv:\n" + "\n".join(
        f"  {name!r} (in {', '.join(where)})" for name, where in sorted(missing.items())
    )


def test_every_actor_map_row_is_a_name_sipri_uses(sipri_names):
    stale = sorted(set(load_actors()["sipri_name"]) - set(sipri_names))
    assert not stale, f"rows of actors.csv that no shipped SIPRI file uses: {stale}"


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
    actors = load_actors()
    got = {r.sipri_name: r.sipri_code for r in actors.itertuples() if isinstance(r.sipri_code, str)}
    assert got == expected


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
        ("unknown supplier(s)", "Unknown supplier(s)", None, "unknown", None),
        ("Turkey", "Turkiye", "TUR", "state", "TUR"),
        ("Turkiye", "Turkiye", "TUR", "state", None),
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
    ],
)
def test_spellings_of_one_actor_across_editions_share_a_canonical_name(old, new):
    assert canonical_name(old) == canonical_name(new)


def test_different_actors_keep_different_canonical_names():
    assert canonical_name("North Yemen") != canonical_name("Yemen Arab Republic")
    assert canonical_name("Libya") != canonical_name("Libya GNC")
    assert canonical_name("Congo") != canonical_name("DR Congo")


def test_iso3_names_one_actor():
    frame = load_actors().dropna(subset=["iso3"])
    per_code = frame.groupby("iso3")["canonical_name"].nunique()
    assert (per_code == 1).all(), per_code[per_code > 1]


def test_type_counts_are_plausible():
    # Guards against a bulk edit that, say, turns every state into "unknown".
    counts = load_actors().drop_duplicates("canonical_name")["type"].value_counts()
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
        ("Czech Republic", "Czechia"),
        ("Türkiye", "Turkiye"),
        ("turkey", "Turkey"),  # a SIPRI spelling returns that spelling's row
        ("TUR", "Turkiye"),  # the actor itself returns the canonical spelling's row
        ("Republic of Korea", "South Korea"),
        ("Democratic Republic of the Congo", "DR Congo"),
        ("Côte d’Ivoire", "Cote d'Ivoire"),  # accent and curly apostrophe
        ("Ivory Coast", "Cote d'Ivoire"),
        ("Bosnia and Herzegovina", "Bosnia-Herzegovina"),
        ("United Arab Emirates", "UAE"),
        ("Unknown Supplier(s)", "Unknown supplier(s)"),
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


def test_a_valid_tiny_map_loads(actors_csv):
    actors_csv(HEADER + GOOD)
    assert list(load_actors()["sipri_name"]) == ["Armenia", "NATO**"]
    assert lookup("north atlantic treaty organization").sipri_name == "NATO**"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Armenia,Armenia,ARM,country,ARM,\n", "line 2: type 'country' for 'Armenia'; expected one"),
        ("Armenia,Armenia,arm,state,ARM,\n", r"iso3 'arm' for 'Armenia'; expected three capital"),
        ("Armenia,Armenia,ARMN,state,ARM,\n", r"iso3 'ARMN'"),
        ("NATO**,NATO,,non-state,NAT,\n", r"SIPRI's stars say 'organisation'"),
        ("Turkey,Turkiye,TUR,state,TUR,\nTurkiye,Turkiye,,state,,\n", "line 3: 'Turkiye' has iso3 ''"),
        ("Armenia,Armenia,ARM,state,ARM,\nArmenia SSR,Armenia SSR,,historical-state,,ARM\n",
         r"'arm' .* already names 'Armenia'"),
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
    assert countries.match_key("  Côte d’Ivoire ") == countries.match_key("cote d'ivoire")
