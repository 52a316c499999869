"""Build ``src/armsdata/data/actors.csv``, the actor map, from the names in the raw SIPRI files.

A one-off: the CSV it writes is the source of truth and is edited by hand from then on (a new
SIPRI spelling is one new line). Kept so that the choices below can be reviewed and redone.

It reads every SIPRI name in the shipped snapshots (recipients and suppliers, each edition), applies
the hand-made decisions in the constants below and takes ISO 3166 codes from ``pycountry``.
``pycountry`` is NOT a dependency of armsdata; run this from a throwaway environment::

    python -m venv /tmp/actors-venv && /tmp/actors-venv/bin/pip install pycountry pandas
    /tmp/actors-venv/bin/python scripts/build_actors.py

It prints every state's ISO3 next to pycountry's name for that code, for a human to check.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
OUT = ROOT / "src" / "armsdata" / "data" / "actors.csv"

# SIPRI's aggregate rows and columns: not actors, so not in the map (countries.AGGREGATE_NAMES).
AGGREGATES = {"all", "total", "total world import", "total world export"}

# One canonical name per actor: SIPRI's newest spelling (2024 edition), without `*`/`**`, and
# "Unknown ..." capitalised (the 2024 files write "unknown supplier(s)"). Names not listed here
# are canonical as they are, less any trailing stars.
CANONICAL = {
    "Turkey": "Turkiye",
    "PKK (Turkey)*": "PKK (Turkiye)",
    "PKK (Turkiye)*": "PKK (Turkiye)",
    # SIPRI 2022 code YAR, 1963-1968 deliveries: the republic during the North Yemen civil war;
    # the 2024 edition spells it out. Not the same entry as SIPRI's "North Yemen" (YEN).
    "Yemen Arab Republic": "Yemen Arab Republic (North Yemen)",
    "unknown supplier(s)": "Unknown supplier(s)",
    "unknown recipient(s)": "Unknown recipient(s)",
    "unknown rebel group*": "Unknown rebel group",
}

# States that no longer exist, with their ISO 3166-3 alpha-3 code where ISO gave them one of
# their own ("" where not: North Yemen's YEM passed to united Yemen; South Vietnam, Biafra and
# Katanga never had one).
HISTORICAL = {
    "Soviet Union": "SUN",
    "Czechoslovakia": "CSK",
    "East Germany (GDR)": "DDR",
    "Yugoslavia": "YUG",
    "South Yemen": "YMD",
    "North Yemen": "",
    "Yemen Arab Republic (North Yemen)": "",
    "South Vietnam": "",
    "Biafra": "",
    "Katanga": "",
}

UNKNOWN = {"Unknown supplier(s)", "Unknown recipient(s)"}

# Not starred by SIPRI, but not a state: deliveries to/from several European states jointly.
ORGANISATIONS_WITHOUT_STARS = {"Europe multi-state"}

# SIPRI spellings pycountry does not resolve, or resolves wrongly.
ISO3 = {
    "Bolivia": "BOL",
    "Bosnia-Herzegovina": "BIH",
    "Brunei": "BRN",
    "Cabo Verde": "CPV",
    "Cote d'Ivoire": "CIV",
    "DR Congo": "COD",
    "Iran": "IRN",
    "Laos": "LAO",
    "Micronesia": "FSM",
    "Moldova": "MDA",
    "North Korea": "PRK",
    "Palestine": "PSE",
    "Russia": "RUS",
    "Saint Vincent": "VCT",
    "South Korea": "KOR",
    "Syria": "SYR",
    "Taiwan": "TWN",
    "Tanzania": "TZA",
    "Turkiye": "TUR",
    "UAE": "ARE",
    "Venezuela": "VEN",
    "Viet Nam": "VNM",
    "eSwatini": "SWZ",
    # No ISO 3166-1 code: Kosovo (XKX is a user-assigned code, kept as an alias), Northern Cyprus
    # (unrecognised), Libya GNC (one of two rival Libyan governments; SIPRI keeps it apart from
    # "Libya", and LBY stays with "Libya" so that an ISO3 names one actor).
    "Kosovo": "",
    "Northern Cyprus": "",
    "Libya GNC": "",
}

# Extra names users type, by canonical name. Lookup also ignores case, accents and `*`, so
# "Côte d'Ivoire" or "turkiye" need no alias.
ALIASES = {
    "United States": "USA;United States of America;US",
    "United Kingdom": "UK;Britain;Great Britain",
    "Russia": "Russian Federation",
    "Soviet Union": "USSR;Union of Soviet Socialist Republics",
    "Turkiye": "Türkiye;Republic of Turkiye",
    "Czechia": "Czech Republic",
    "South Korea": "Republic of Korea;Korea, South",
    "North Korea": "DPRK;Democratic People's Republic of Korea;Korea, North",
    "DR Congo": "Democratic Republic of the Congo;Congo-Kinshasa;Zaire",
    "Congo": "Republic of the Congo;Congo-Brazzaville",
    "UAE": "United Arab Emirates",
    "Bosnia-Herzegovina": "Bosnia and Herzegovina",
    "Cote d'Ivoire": "Ivory Coast",
    "Viet Nam": "Vietnam",
    "North Macedonia": "Macedonia",
    "eSwatini": "Swaziland",
    "Cabo Verde": "Cape Verde",
    "Timor-Leste": "East Timor",
    "Myanmar": "Burma",
    "Syria": "Syrian Arab Republic",
    "Laos": "Lao PDR",
    "Moldova": "Republic of Moldova",
    "Tanzania": "United Republic of Tanzania",
    "Brunei": "Brunei Darussalam",
    "Micronesia": "Federated States of Micronesia",
    "Saint Vincent": "Saint Vincent and the Grenadines",
    "Gambia": "The Gambia",
    "Bahamas": "The Bahamas",
    "China": "People's Republic of China",
    # SIPRI's "Germany" (code FRG) includes West Germany before 1990.
    "Germany": "West Germany;Federal Republic of Germany",
    "East Germany (GDR)": "East Germany;GDR;German Democratic Republic",
    "South Yemen": "People's Democratic Republic of Yemen",
    "South Vietnam": "Republic of Vietnam",
    "Palestine": "State of Palestine",
    "Kosovo": "XKX",
    "Northern Cyprus": "Turkish Republic of Northern Cyprus;TRNC",
    "NATO": "North Atlantic Treaty Organization",
    "European Union": "EU",
    "United Nations": "UN",
    "OSCE": "Organization for Security and Co-operation in Europe",
}


def _rows(text: str, header_start: str) -> list[list[str]]:
    """CSV rows after the first line starting with ``header_start``."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    return list(csv.reader(io.StringIO("".join(lines[start + 1 :]))))


def _is_continuation(row: list[str]) -> bool:
    """The tail of a register deal that SIPRI broke in two at a line break in its comment.

    Two deals in the 2024 register (Thailand/Ukraine 2008 BTR-3, United Nations/Israel 2015
    Hermes-900) have an unquoted line break in ``Comments``; the line after it holds only the
    three TIV cells, after an empty first cell: ``,0.25,3.5,3.25``.
    """
    return len(row) == 4 and row[0] == ""


def sipri_names() -> dict[str, set[str]]:
    """Every actor name in the shipped SIPRI files, with where it was seen."""
    seen: dict[str, set[str]] = defaultdict(set)
    tiv2022 = RAW / "sipri-tiv-2022-04-22"
    with open(tiv2022 / "countries.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            seen[row["country_label"]].add("2022 countries.csv")
    for path in sorted((tiv2022 / "imports").glob("*.csv")):
        text = path.read_bytes().decode("cp1252")
        title = re.match(r'"?TIV of arms exports to (.*), \d{4}-\d{4}', text).group(1)
        seen[title].add("2022 imports title")
        for row in _rows(text, ",1950,"):
            if row and row[0]:
                seen[row[0]].add("2022 imports supplier")
    with open(tiv2022 / "third-party" / "import_category.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            seen[row["Import_To"]].add("2022 import_category")
    reg = RAW / "sipri-trade-register-2024-10-13"
    register = (reg / "trade-register.csv").read_bytes().decode("cp1252")
    for row in _rows(register, "Recipient,Supplier,"):
        if row and not _is_continuation(row):
            seen[row[0]].add("2024 register recipient")
            seen[row[1]].add("2024 register supplier")
    for name, header, tag in [
        ("tiv-imports-by-recipient-1950-2024.csv", "Recipient,", "2024 imports"),
        ("tiv-exports-by-supplier-1950-2024.csv", "Exports by,", "2024 exports"),
    ]:
        for row in _rows((reg / name).read_bytes().decode("cp1252"), header):
            if row and row[0]:
                seen[row[0]].add(tag)
    api = RAW / "sipri-api-recording-2025-02-10" / "trade-register-csv.response.json"
    body = json.loads(api.read_text(encoding="utf-8"))
    for row in _rows(base64.b64decode(body["bytes"]).decode("cp1252"), "SIPRI AT Database ID,"):
        if row:
            seen[row[1]].add("2025 API supplier")
            seen[row[2]].add("2025 API recipient")
    return {name: where for name, where in seen.items() if name.casefold() not in AGGREGATES}


def main() -> None:
    with open(RAW / "sipri-tiv-2022-04-22" / "countries.csv", encoding="utf-8", newline="") as f:
        codes = {row["country_label"]: row["country_code"] for row in csv.DictReader(f)}
    out = []
    for name in sipri_names():
        canonical = CANONICAL.get(name, name.rstrip("*"))
        if name.endswith("**") or canonical in ORGANISATIONS_WITHOUT_STARS:
            kind, iso3 = "organisation", ""
        elif name.endswith("*"):
            kind, iso3 = "non-state", ""
        elif canonical in UNKNOWN:
            kind, iso3 = "unknown", ""
        elif canonical in HISTORICAL:
            kind, iso3 = "historical-state", HISTORICAL[canonical]
        else:
            kind = "state"
            if canonical in ISO3:
                iso3 = ISO3[canonical]
            else:
                iso3 = pycountry.countries.lookup(canonical).alpha_3
        out.append([name, canonical, iso3, kind, codes.get(name, ""), ALIASES.get(canonical, "")])
    out.sort(key=lambda r: (r[1].casefold(), r[0]))
    with open(OUT, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["sipri_name", "canonical_name", "iso3", "type", "sipri_code", "aliases"])
        writer.writerows(out)
    for name, canonical, iso3, kind, *_ in out:
        if iso3:
            country = pycountry.countries.get(alpha_3=iso3)
            country = country or pycountry.historic_countries.get(alpha_3=iso3)
            print(f"{name:<40} {iso3}  {country.name}")
        else:
            print(f"{name:<40} ---  {kind}")
    print(f"{len(out)} names, {len({r[1] for r in out})} actors -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
