"""Tests of SIPRI's regional groupings (src/armsdata/data/regions.csv) and armsdata.regions.

Expected memberships come from SIPRI's own texts, quoted next to each check: the complete list in
SIPRI's military expenditure workbook (transcribed below by hand from the workbook, not from
regions.csv), and the sentences of SIPRI's arms-transfer publications that place the contested
countries.  The fact-sheet test sums the shipped 2022 TIV tables with a small reader of its own,
independent of armsdata.parse.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PACKAGE_DATA, TIV_2022_DIR

from armsdata import countries, regions
from armsdata.errors import ParseError, UnknownActorError
from armsdata.regions import REGIONS, Region, is_region, lookup, members, region_of, table

DATA = PACKAGE_DATA
TIV_2022 = TIV_2022_DIR / "imports"

# SIPRI Military Expenditure Database 2024 (https://www.sipri.org/databases/milex), workbook
# SIPRI-Milex-data-1948-2023.xlsx, sheet "Constant (2022) US$": every country row under its
# region and subregion heading, in SIPRI's order and spelling.  The "European Union" row follows
# the Western European countries but sums the member states' spending; it is no member.
SIPRI_MILEX_2024 = {
    ('Africa', 'North Africa'): [
        'Algeria', 'Libya', 'Morocco', 'Tunisia',
    ],
    ('Africa', 'sub-Saharan Africa'): [
        'Angola', 'Benin', 'Botswana', 'Burkina Faso', 'Burundi', 'Cameroon', 'Cape Verde',
        'Central African Republic', 'Chad', 'Congo, DR', 'Congo, Republic', "Cote d'Ivoire",
        'Djibouti', 'Equatorial Guinea', 'Eritrea', 'Ethiopia', 'Gabon', 'Gambia, The', 'Ghana',
        'Guinea', 'Guinea-Bissau', 'Kenya', 'Lesotho', 'Liberia', 'Madagascar', 'Malawi', 'Mali',
        'Mauritania', 'Mauritius', 'Mozambique', 'Namibia', 'Niger', 'Nigeria', 'Rwanda',
        'Senegal', 'Seychelles', 'Sierra Leone', 'Somalia', 'South Africa', 'South Sudan', 'Sudan',
        'Eswatini', 'Tanzania', 'Togo', 'Uganda', 'Zambia', 'Zimbabwe',
    ],
    ('Americas', 'Central America and the Caribbean'): [
        'Belize', 'Costa Rica', 'Cuba', 'Dominican Republic', 'El Salvador', 'Guatemala', 'Haiti',
        'Honduras', 'Jamaica', 'Mexico', 'Nicaragua', 'Panama', 'Trinidad and Tobago',
    ],
    ('Americas', 'North America'): [
        'Canada', 'United States of America',
    ],
    ('Americas', 'South America'): [
        'Argentina', 'Bolivia', 'Brazil', 'Chile', 'Colombia', 'Ecuador', 'Guyana', 'Paraguay',
        'Peru', 'Uruguay', 'Venezuela',
    ],
    ('Asia & Oceania', 'Oceania'): [
        'Australia', 'Fiji', 'New Zealand', 'Papua New Guinea',
    ],
    ('Asia & Oceania', 'South Asia'): [
        'Afghanistan', 'Bangladesh', 'India', 'Nepal', 'Pakistan', 'Sri Lanka',
    ],
    ('Asia & Oceania', 'East Asia'): [
        'China', 'Japan', 'Korea, North', 'Korea, South', 'Mongolia', 'Taiwan',
    ],
    ('Asia & Oceania', 'South East Asia'): [
        'Brunei', 'Cambodia', 'Indonesia', 'Laos', 'Malaysia', 'Myanmar', 'Philippines',
        'Singapore', 'Thailand', 'Timor Leste', 'Viet Nam',
    ],
    ('Asia & Oceania', 'Central Asia'): [
        'Kazakhstan', 'Kyrgyz Republic', 'Tajikistan', 'Turkmenistan', 'Uzbekistan',
    ],
    ('Europe', 'Central Europe'): [
        'Albania', 'Bosnia and Herzegovina', 'Bulgaria', 'Croatia', 'Czechia', 'Czechoslovakia',
        'Estonia', 'German Democratic Republic', 'Hungary', 'Kosovo', 'Latvia', 'Lithuania',
        'North Macedonia', 'Montenegro', 'Poland', 'Romania', 'Serbia', 'Slovakia', 'Slovenia',
        'Yugoslavia',
    ],
    ('Europe', 'Eastern Europe'): [
        'Armenia', 'Azerbaijan', 'Belarus', 'Georgia', 'Moldova', 'Russia', 'Ukraine', 'USSR',
    ],
    ('Europe', 'Western Europe'): [
        'Austria', 'Belgium', 'Cyprus', 'Denmark', 'Finland', 'France', 'Germany', 'Greece',
        'Iceland', 'Ireland', 'Italy', 'Luxembourg', 'Malta', 'Netherlands', 'Norway', 'Portugal',
        'Spain', 'Sweden', 'Switzerland', 'United Kingdom',
    ],
    ('Middle East', None): [
        'Bahrain', 'Egypt', 'Iran', 'Iraq', 'Israel', 'Jordan', 'Kuwait', 'Lebanon', 'Oman',
        'Qatar', 'Saudi Arabia', 'Syria', 'Türkiye', 'United Arab Emirates', 'Yemen, North',
        'Yemen',
    ],
}
# SIPRI's military-expenditure spellings that the actor map does not know; "Yemen, North" is two
# canonical actors in actors.csv (SIPRI's arms-transfer codes YEN and YAR).
MILEX_SPELLINGS = {
    "Congo, DR": ["DR Congo"],
    "Congo, Republic": ["Congo"],
    "Gambia, The": ["Gambia"],
    "Timor Leste": ["Timor-Leste"],
    "Kyrgyz Republic": ["Kyrgyzstan"],
    "Yemen, North": ["North Yemen", "Yemen Arab Republic (North Yemen)"],
}


def _canonical(milex_name: str) -> list[str]:
    return MILEX_SPELLINGS.get(milex_name) or [countries.lookup(milex_name).canonical_name]


def _raw_rows() -> list[dict[str, str]]:
    with open(DATA / "regions.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the file is complete and consistent ------------------------------------------------------


def test_every_canonical_actor_has_exactly_one_row():
    actors = [row["actor"] for row in _raw_rows()]
    canonical = set(countries.load_actors()["canonical_name"])
    assert len(actors) == len(set(actors)), "an actor has two rows"
    assert set(actors) == canonical
    assert list(table()["actor"]) == actors


def test_regions_are_sipris_five_with_their_thirteen_subregions():
    # The headings of SIPRI's sheet, as in SIPRI_MILEX_2024 (and its "Regional totals" sheet).
    tops = [r.name for r in REGIONS if r.parent is None]
    assert tops == ["Africa", "Americas", "Asia and Oceania", "Europe", "Middle East"]
    subs = {(r.parent, r.name) for r in REGIONS if r.parent is not None}
    expected = {(region.replace("&", "and"), sub) for region, sub in SIPRI_MILEX_2024 if sub}
    assert subs == expected
    assert all(r.source == "https://www.sipri.org/databases/milex" for r in REGIONS)


def test_the_header_document_names_every_region_and_source():
    text = (DATA / "regions.md").read_text(encoding="utf-8")
    for region in REGIONS:
        assert region.name.replace("Asia and Oceania", "Asia & Oceania") in text, region.name
    assert "https://www.sipri.org/databases/milex" in text
    assert "SIPRI-Milex-data-1948-2023.xlsx" in text


def test_every_country_of_sipris_list_is_placed_as_sipri_lists_it():
    rows = {row["actor"]: row for row in _raw_rows()}
    listed = set()
    for (region, sub), names in SIPRI_MILEX_2024.items():
        for name in names:
            for actor in _canonical(name):
                listed.add(actor)
                row = rows[actor]
                got = (row["region"], row["subregion"] or None, row["placement"])
                assert got == (region.replace("&", "and"), sub, "sipri-list"), (name, actor)
    # ... and nothing else claims to be on SIPRI's list.
    claimed = {actor for actor, row in rows.items() if row["placement"] == "sipri-list"}
    assert claimed == listed


def test_only_organisations_and_unknowns_have_no_region():
    kinds = dict(zip(countries.load_actors()["canonical_name"], countries.load_actors()["type"]))
    without = {row["actor"] for row in _raw_rows() if not row["region"]}
    assert {kinds[a] for a in without} <= {"organisation", "unknown", "non-state"}
    assert [a for a in without if kinds[a] == "non-state"] == ["Unknown rebel group"]
    assert {a for a, kind in kinds.items() if kind in {"organisation", "unknown"}} <= without


def test_every_judgement_says_so_and_why():
    for row in _raw_rows():
        if row["placement"] == "armsdata-judgement":
            assert "was not found" in row["note"] and "by armsdata" in row["note"], row["actor"]


# --- spot checks against SIPRI's arms-transfer texts ------------------------------------------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        # "The four countries in North Africa (Algeria, Libya, Morocco and Tunisia) accounted for
        # 75 per cent of African arms imports" (SIPRI Fact Sheet, March 2019, as quoted at
        # https://www.defenceweb.co.za/featured/african-arms-imports-decreasing-sipri/).
        ("Algeria", ("Africa", "North Africa")),
        ("Libya", ("Africa", "North Africa")),
        ("Morocco", ("Africa", "North Africa")),
        ("Tunisia", ("Africa", "North Africa")),
        # "six of the top 25 arms-importing states in 2017–21 (Egypt, Iraq, Qatar, Saudi Arabia,
        # Turkey and the UAE) were in the Middle East" (SIPRI Topical Backgrounder, Nov. 2022, as
        # quoted at https://english.almayadeen.net/news/politics/sipri-details-arms-transfer-in-mena-region).
        ("Egypt", ("Middle East", None)),
        ("Turkiye", ("Middle East", None)),
        ("Iraq", ("Middle East", None)),
        ("UAE", ("Middle East", None)),
        # "three other major regional players—Israel, Iran and Egypt—and the two top importers in
        # North Africa: Algeria and Morocco" (SIPRI Topical Backgrounder, April 2025,
        # https://sipri.org/commentary/topical-backgrounder/2025/recent-trends-international-arms-transfers-middle-east-and-north-africa).
        ("Israel", ("Middle East", None)),
        ("Iran", ("Middle East", None)),
        # "Azerbaijan was the largest importer of major weapons in Europe" (SIPRI press release,
        # 22 Feb. 2016, as quoted at https://report.az/en/military/sipri-azerbaijan-was-the-largest-importer-of-major-weapons-in-europe/);
        # SIPRI's sheet: "Eastern Europe: Armenia, Azerbaijan, Belarus, Georgia, Moldova, Russia,
        # Ukraine, USSR".
        ("Azerbaijan", ("Europe", "Eastern Europe")),
        ("Armenia", ("Europe", "Eastern Europe")),
        ("Georgia", ("Europe", "Eastern Europe")),
        ("Russia", ("Europe", "Eastern Europe")),
        ("Soviet Union", ("Europe", "Eastern Europe")),
        # "Western Europe: Austria, Belgium, Cyprus, Denmark, ..." (Holtom, Arms Transfers to
        # Europe and Central Asia, SIPRI Background Paper, Feb. 2010, footnote 1).
        ("Cyprus", ("Europe", "Western Europe")),
        # SIPRI's sheet: "South Asia: Afghanistan, Bangladesh, India, Nepal, Pakistan, Sri Lanka";
        # "Central Asia: Kazakhstan, Kyrgyz Republic, Tajikistan, Turkmenistan, Uzbekistan";
        # Mexico under "Central America and the Caribbean", not "North America".
        ("Afghanistan", ("Asia and Oceania", "South Asia")),
        ("Kazakhstan", ("Asia and Oceania", "Central Asia")),
        ("Mexico", ("Americas", "Central America and the Caribbean")),
        # SIPRI's sheet: "Central Europe: ..., Czechoslovakia, ..., German Democratic Republic,
        # ..., Yugoslavia"; "Middle East: ..., Yemen, North, Yemen".
        ("East Germany (GDR)", ("Europe", "Central Europe")),
        ("Czechoslovakia", ("Europe", "Central Europe")),
        ("Yugoslavia", ("Europe", "Central Europe")),
        ("North Yemen", ("Middle East", None)),
        # No region: organisations and unknowns (no SIPRI text giving them one).
        ("NATO", (None, None)),
        ("United Nations", (None, None)),
        ("Unknown recipient(s)", (None, None)),
        # Judgements (placement 'armsdata-judgement'): by the country in SIPRI's label, or where a
        # group labelled with its colonial power fought.
        ("Hezbollah (Lebanon)", ("Middle East", None)),
        ("MPLA (Portugal)", ("Africa", "sub-Saharan Africa")),
    ],
)
def test_spot_checks(actor, expected):
    assert region_of(actor) == expected


# --- a regional figure of SIPRI's own, from the shipped data ----------------------------------


def _total_row(path: Path) -> tuple[str, dict[int, str]]:
    """(recipient as SIPRI names it, {year: printed cell}) of one 2022 TIV table's Total row."""
    text = path.read_bytes().decode("cp1252")
    recipient = re.match(r'"?TIV of arms exports to (.*), \d{4}-\d{4}', text).group(1)
    rows = list(csv.reader(io.StringIO(text)))
    header = next(row for row in rows if row[:2] == ["", "1950"])
    total = next(row for row in rows if row and row[0] == "Total")
    years = {int(h): cell for h, cell in zip(header, total) if re.fullmatch(r"\d{4}", h)}
    return recipient, years


def _bounds(cells: list[str]) -> tuple[float, float]:
    """Bounds on the true sum of printed whole-million cells: '' is 0, '0' is (0, 0.5), v ± 0.5."""
    lo = hi = 0.0
    for cell in cells:
        if cell:
            value = float(cell)
            lo, hi = lo + max(value - 0.5, 0.0), hi + value + 0.5
    return lo, hi


@pytest.fixture(scope="module")
def totals_2022() -> dict[str, dict[int, str]]:
    out = {}
    for path in sorted(TIV_2022.glob("*.csv")):
        recipient, years = _total_row(path)
        out["World" if path.name == "ALL.csv" else countries.canonical_name(recipient)] = years
    return out


def _window(totals, names, start, end):
    lo = hi = 0.0
    for name in names:
        a, b = _bounds([totals[name].get(y, "") for y in range(start, end + 1)])
        lo, hi = lo + a, hi + b
    return lo, hi


# SIPRI Fact Sheet, March 2022 (https://reliefweb.int/report/world/trends-international-arms-transfers-2021):
# "Between 2012–16 and 2017–21 there were increases in arms transfers to Europe (19 per cent) and
# to the Middle East (2.8 per cent), while there were decreases in the transfers to the Americas
# (–36 per cent), Africa (–34 per cent), and Asia and Oceania (–4.7 per cent)."  SIPRI press
# release, 14 March 2022 (as quoted at https://www.homelandsecuritynewswire.com/dr20220315-global-arms-trade-falls-slightly-but-imports-to-europe-east-asia-and-oceania-rise):
# "imports to states in Europe (+19 per cent), East Asia (+20 per cent) and Oceania (+59 per cent)".
@pytest.mark.parametrize(
    ("region", "printed", "half_digit"),
    [("Europe", 19, 0.5), ("Middle East", 2.8, 0.05), ("Americas", -36, 0.5), ("Africa", -34, 0.5),
     ("Asia and Oceania", -4.7, 0.05), ("East Asia", 20, 0.5), ("Oceania", 59, 0.5)],
)
def test_memberships_reproduce_sipris_regional_changes_2012_16_to_2017_21(
    totals_2022, region, printed, half_digit
):
    names = members(region, [n for n in totals_2022 if n != "World"])
    old_lo, old_hi = _window(totals_2022, names, 2012, 2016)
    new_lo, new_hi = _window(totals_2022, names, 2017, 2021)
    low, high = 100 * (new_lo / old_hi - 1), 100 * (new_hi / old_lo - 1)
    # SIPRI's rounded figure stands for [printed - half a digit, printed + half a digit].
    assert low <= printed + half_digit and printed - half_digit <= high, (low, high)


# "In 2017–21 imports of major arms by European states ... accounted for 13 percent of global arms
# transfers" (press release above); "The main recipient region in 2017–21 was Asia and Oceania
# (accounting for 43 per cent of global arms imports)" (fact sheet above).
@pytest.mark.parametrize(("region", "printed"), [("Europe", 13), ("Asia and Oceania", 43)])
def test_memberships_reproduce_sipris_regional_shares_2017_21(totals_2022, region, printed):
    names = members(region, [n for n in totals_2022 if n != "World"])
    lo, hi = _window(totals_2022, names, 2017, 2021)
    world_lo, world_hi = _window(totals_2022, ["World"], 2017, 2021)
    assert 100 * lo / world_hi <= printed + 0.5 and printed - 0.5 <= 100 * hi / world_lo


def test_moving_turkiye_to_europe_would_break_the_check(totals_2022):
    # The check above can fail: with Turkiye counted in Europe (as some schemes do), Europe's
    # change is far from SIPRI's +19 per cent.
    names = members("Europe", [n for n in totals_2022 if n != "World"]) + ["Turkiye"]
    old_lo, old_hi = _window(totals_2022, names, 2012, 2016)
    new_lo, new_hi = _window(totals_2022, names, 2017, 2021)
    assert 100 * (new_hi / old_lo - 1) < 18.5


# --- lookup, is_region --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Middle East", "Middle East"),
        ("middle east", "Middle East"),
        ("  the Middle   East ", "Middle East"),
        ("Middle-East", "Middle East"),
        ("Asia & Oceania", "Asia and Oceania"),
        ("asia and oceania", "Asia and Oceania"),
        ("Sub-Saharan Africa", "sub-Saharan Africa"),
        ("subsaharan africa", "sub-Saharan Africa"),
        ("Southeast Asia", "South East Asia"),
        ("South-East Asia", "South East Asia"),
        ("the Americas", "Americas"),
        ("Central America & the Caribbean", "Central America and the Caribbean"),
        ("central america and caribbean", "Central America and the Caribbean"),
    ],
)
def test_lookup_is_forgiving(query, name):
    assert lookup(query).name == name


def test_lookup_gives_the_parent_of_a_subregion():
    assert lookup("Western Europe") == Region("Western Europe", "Europe",
                                              "https://www.sipri.org/databases/milex")
    assert lookup("Europe").parent is None


def test_unknown_region_suggests_close_names():
    with pytest.raises(UnknownActorError, match=r"No SIPRI region matches 'Middel East'; "
                       r"did you mean 'Middle East'\?"):
        lookup("Middel East")
    with pytest.raises(UnknownActorError, match=r"'Asia and Oceania', .*'South Asia'"):
        lookup("Asia")


def test_unknown_region_without_close_names_lists_sipris_regions():
    with pytest.raises(LookupError, match=r"'MENA'; SIPRI's regions and subregions are Africa, "
                       r"North Africa, .*, Middle East$"):
        lookup("MENA")


def test_no_region_is_spelled_like_an_actor():
    # Queries take either a region or an actor where a recipient goes; no name may be both.
    for actor in countries.load_actors().itertuples():
        for name in (actor.sipri_name, actor.canonical_name, str(actor.iso3)):
            assert not is_region(name), name


def test_is_region():
    assert is_region("Asia & Oceania") and is_region("north africa")
    assert not is_region("Armenia") and not is_region("World") and not is_region("")


# --- members, region_of, table --------------------------------------------------------------


def test_members_of_a_subregion_are_members_of_its_region():
    actors = list(table()["actor"])
    for sub in (r for r in REGIONS if r.parent):
        inner = members(sub, actors)
        assert inner and set(inner) <= set(members(sub.parent, actors)), sub.name


def test_a_region_is_its_subregions_and_the_members_without_one():
    actors = list(table()["actor"])
    for region in (r for r in REGIONS if r.parent is None):
        union = {a for sub in REGIONS if sub.parent == region.name for a in members(sub, actors)}
        loose = {a for a in actors if region_of(a) == (region.name, None)}
        assert set(members(region, actors)) == union | loose


def test_members_keeps_the_given_names_and_order_and_skips_sipris_totals():
    got = members("middle east", ["Turkey", "Armenia", "Total", "Egypt", "Total world import"])
    assert got == ["Turkey", "Egypt"]
    assert members(lookup("Europe"), []) == []


def test_members_refuses_to_drop_an_unknown_actor_silently():
    with pytest.raises(UnknownActorError, match=r"'Atlantis' belong\(s\) to 'Middle East'"):
        members("Middle East", ["Egypt", "Atlantis"])
    with pytest.raises(UnknownActorError, match="No SIPRI region matches 'Levant'"):
        members("Levant", ["Egypt"])


def test_region_of_accepts_any_name_of_the_actor_map():
    assert region_of("Turkey") == region_of("TUR") == ("Middle East", None)
    with pytest.raises(UnknownActorError, match="did you mean 'Armenia'"):
        region_of("Armeniaa")


def test_table_is_a_fresh_frame_with_the_documented_columns():
    frame = table()
    assert list(frame.columns) == ["actor", "region", "subregion", "placement", "source", "note"]
    assert frame["actor"].is_unique
    assert set(frame["placement"]) == {"sipri-list", "armsdata-judgement", "no-region"}
    frame.loc[:, "region"] = "x"
    assert table().loc[table()["actor"] == "Egypt", "region"].item() == "Middle East"


def test_importing_the_module_does_not_import_pandas():
    code = "import sys, armsdata.regions; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- a broken copy of the file gives a clear error ----------------------------------------------


@pytest.fixture
def regions_csv(monkeypatch):
    """Swap the shipped regions.csv for a given text; the cache is emptied before and after."""

    def use(text: str) -> None:
        monkeypatch.setattr(regions, "_regions_csv_text", lambda: text)
        regions._memberships.cache_clear()

    yield use
    regions._memberships.cache_clear()


SHIPPED = (DATA / "regions.csv").read_text(encoding="utf-8")


def _line_of(actor: str) -> int:
    return next(i for i, line in enumerate(SHIPPED.splitlines(), 1) if line.startswith(actor + ","))


def _with_line(actor: str, new: str) -> str:
    lines = SHIPPED.splitlines(keepends=True)
    lines[_line_of(actor) - 1] = new
    return "".join(lines)


EGYPT, CYPRUS = _line_of("Egypt"), _line_of("Cyprus")
SRC = "https://www.sipri.org/databases/milex"


@pytest.mark.parametrize(
    ("actor", "line", "message"),
    [
        ("Egypt", f"Egypt,Middle-East,,sipri-list,{SRC},\n",
         rf"line {EGYPT}: region 'Middle-East' for 'Egypt'; expected one of Africa, Americas"),
        ("Cyprus", f"Cyprus,Europe,Oceania,sipri-list,{SRC},\n",
         rf"line {CYPRUS}: subregion 'Oceania' for 'Cyprus' belongs to 'Asia and Oceania', "
         r"not to region 'Europe'"),
        ("Cyprus", f"Cyprus,Europe,Southern Europe,sipri-list,{SRC},\n",
         rf"line {CYPRUS}: subregion 'Southern Europe' for 'Cyprus'; expected one of"),
        ("Cyprus", f"Cyprus,,Western Europe,sipri-list,{SRC},\n",
         r"subregion 'Western Europe' for 'Cyprus' belongs to 'Europe', not to region ''"),
        ("Cyprus", f"Cyprus,Europe,,sipri-list,{SRC},\n",
         rf"line {CYPRUS}: no subregion for 'Cyprus', placed in 'Europe' by SIPRI's list"),
        ("Cyprus", f"Cyprus,Europe,Western Europe,official,{SRC},\n",
         r"placement 'official' for 'Cyprus'; expected one of sipri-list, armsdata-judgement"),
        ("Cyprus", f"Cyprus,Europe,Western Europe,no-region,{SRC},\n",
         r"placement 'no-region' with region 'Europe' for 'Cyprus'"),
        ("Cyprus", "Cyprus,Europe,Western Europe,sipri-list,,\n",
         rf"line {CYPRUS}: no source for 'Cyprus'"),
        ("Cyprus", f"Cyprus,Europe,Western Europe,armsdata-judgement,{SRC},\n",
         r"no note for 'Cyprus' \(armsdata-judgement\); say why"),
        ("Cyprus", f"Cyprus,Europe,Western Europe,sipri-list,{SRC},,extra\n",
         rf"line {CYPRUS}: more fields than the 6 columns"),
        ("Cyprus", "Cyprus,Europe,Western Europe\n", rf"line {CYPRUS}: fewer fields than the 6"),
        ("Egypt", f"Egypte,Middle East,,sipri-list,{SRC},\n",
         rf"line {EGYPT}: actor 'Egypte' is not a canonical name of the actor map"),
        ("Cyprus", f"Egypt,Middle East,,sipri-list,{SRC},\n",
         rf"line {max(EGYPT, CYPRUS)}: 'Egypt' already has a row \(line {min(EGYPT, CYPRUS)}\)"),
    ],
)
def test_a_broken_line_is_named(regions_csv, actor, line, message):
    regions_csv(_with_line(actor, line))
    with pytest.raises(ParseError, match=message) as info:
        region_of("Armenia")
    assert "src/armsdata/data/regions.csv" in str(info.value)


def test_a_missing_actor_is_named(regions_csv):
    regions_csv(_with_line("Egypt", ""))
    with pytest.raises(ParseError, match=r"no row for 1 actor\(s\) of the actor map: 'Egypt'; "
                       "add a row for each"):
        table()


def test_other_columns_are_rejected(regions_csv):
    regions_csv("country,region\nEgypt,Middle East\n")
    with pytest.raises(ParseError, match=r"line 1: columns \['country', 'region'\]; "
                       r"expected \['actor', 'region'"):
        members("Middle East", ["Egypt"])


def test_the_shipped_file_is_read_once(regions_csv):
    regions_csv(SHIPPED)
    assert regions._memberships() is regions._memberships()
