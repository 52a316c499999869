"""Write manifest.json for the snapshots shipped in data/raw/ (run once, when a snapshot is added).

The bytes were copied unchanged from SIPRI's answers (see each folder's README.md); this script
only records their hashes and where they came from.  It never edits a data file.

    python scripts/embed_snapshots.py                    # every snapshot
    python scripts/embed_snapshots.py sipri-api-tiv-2026-08-12   # only the ones named
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from armsdata import parse, snapshot

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
LEGACY_URL = "https://armstrade.sipri.org/armstrade/html/export_values.php"
API = "https://atbackend.sipri.org/api/p"
ATTRIBUTION = "Source: SIPRI Arms Transfers Database, {date}. SIPRI data are free to use with attribution."


def layout_of(rel: str, data: bytes) -> tuple[str, str | None]:
    """The file's layout (sniffed by content for SIPRI's exports) and SIPRI's generated date."""
    if rel.endswith((".md", "SHA256SUMS")):
        return "document", None
    if rel.endswith(".html"):
        return "no-data-html", None
    if rel == "countries.csv":
        return "country-codes", None
    if rel.startswith("third-party/"):
        return "third-party-category", None
    lay = parse.sniff(data, rel)
    if lay == "register-rtf":  # its stamp is inside RTF markup: the parser reads it
        return lay, parse.parse_register_rtf(data, rel).attrs["generated"]
    body = parse.decode_api_response(data, rel) if parse.looks_like_json(data) else data
    gen, _ = parse.parse_generated(parse.decode(body[:4000], rel))
    return lay, gen


def entries(folder: Path, request_for) -> dict[str, dict]:
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not p.is_file() or rel == snapshot.MANIFEST:
            continue
        data = p.read_bytes()
        lay, gen = layout_of(rel, data)
        extra = {"layout": lay}
        if gen:
            extra["generated"] = gen
        req = request_for(rel)
        if req:
            extra["request"] = req
        out[rel] = snapshot.file_entry(data, **extra)
    return out


def legacy_request(rel: str) -> dict | None:
    if rel.startswith(("imports/", "no-data-responses/")):
        code = Path(rel).stem
        return {"method": "POST", "url": LEGACY_URL, "body": {
            "import_or_export": "import", "summarize": "country", "low_year": "1950",
            "high_year": "2021", "country_code": "" if code == "ALL" else code, "filetype": "csv"}}
    if rel == "countries.csv":
        return {"method": "GET", "url": "https://armstrade.sipri.org/armstrade/page/values.php",
                "note": "the options of the country_code <select>"}
    return None


def register_request(rel: str) -> dict | None:
    if rel.endswith(".csv"):
        return {"method": "GET", "url": "https://armstransfers.sipri.org/",
                "note": "export button of SIPRI's web interface (request not recorded); see README.md"}
    return None


def api_request(rel: str) -> dict | None:
    if rel.endswith(".json"):
        return {"method": "POST", "url": f"{API}/trades/trade-register-csv/",
                "headers": {"Content-Type": "application/json"},
                "body": {"filters": [
                    {"field": "Delivery year", "condition": "contains", "value1": 2000, "value2": 2001, "listData": []},
                    {"field": "Order year", "condition": "contains", "value1": 0, "value2": 2001, "listData": []},
                    {"field": "opendeals", "condition": "", "value1": "", "value2": "", "listData": []},
                    {"field": "exportOption", "condition": "", "value1": "", "value2": "", "listData": []}],
                    "logic": "AND"},
                "response": {"status": 200, "headers": {"content-type": "application/json",
                                                         "content-encoding": "gzip",
                                                         "date": "Mon, 10 Feb 2025 09:52:59 GMT"}}}
    return None


def delivery_years_2024_request(rel: str) -> dict | None:
    if rel.endswith(".csv"):
        years = Path(rel).stem.removeprefix("delivery-years-")
        return {"method": "GET", "url": "https://armstransfers.sipri.org/",
                "note": (f"SIPRI's web interface, per-delivery-year export of all suppliers to all "
                         f"recipients for {years} (request not recorded); see README.md")}
    return None


def tiv_2026_request(rel: str) -> dict | None:
    # The production request of koala73/worldmonitor, as its README gives it (field order kept;
    # years as strings; every filter carries "oldField": "").  The recipient's EntityId is not
    # recorded there: "<EntityId of Ukraine>".
    if rel.endswith(".csv"):
        def flt(field: str, condition: str = "", value1: str = "", value2: str = "",
                list_data: list | None = None) -> dict:
            return {"field": field, "oldField": "", "condition": condition, "value1": value1,
                    "value2": value2, "listData": list_data or []}
        return {"method": "POST", "url": f"{API}/trades/import-export-csv/",
                "headers": {"Content-Type": "application/json"},
                "body": {"filters": [flt("Year range 1", "contains", "2021", "2025"),
                                     flt("Recipient", "contains", list_data=["<EntityId of Ukraine>"]),
                                     flt("orderbyseller"), flt("summarize-by", value1="country"),
                                     flt("DeliveryType", value1="delivered"),
                                     flt("Status", value1="0")],
                         "logic": "AND"},
                "note": ("the CSV inside the answer {\"bytes\": base64}, as kept by the client; 3 of "
                         "Ukraine's supplier rows and SIPRI's total row (see README.md)")}
    return None


def legacy_world_request(years: str) -> Callable[[str], dict | None]:
    """The old site's world tables of the 2018 and 2023 releases: the form fields are not
    recorded by the repositories that kept them; what they must have been is in the README."""
    def request(rel: str) -> dict | None:
        if rel.endswith(".csv"):
            return {"method": "POST", "url": LEGACY_URL,
                    "note": (f"SIPRI's old export_values.php, all countries, {years} (form fields "
                             "not recorded: the title and rows say which table; see README.md)")}
        return None
    return request


def rtf_register_request(rel: str) -> dict | None:
    if rel.endswith(".rtf"):
        return {"method": "POST", "url": "https://armstrade.sipri.org/armstrade/page/trade_register.php",
                "note": ("SIPRI's old trade register, output RTF, sorted by supplier, all suppliers "
                         f"and recipients, 1950-2022, one armament category ({Path(rel).stem}, the "
                         "file name its keeper gave it); form fields not recorded, see README.md")}
    return None


SNAPSHOTS = {
    "sipri-tiv-2022-04-22": dict(
        kind="tiv-legacy", edition="2022-04-22", retrieved="2022-04-22",
        source="SIPRI Arms Transfers Database, old endpoint export_values.php; bytes kept by "
               "lajh87/sipriarmsdata (data-raw/import_raw.RDS, commit 628ce86f17da8d7d99071c047b0086a309a1b6d7)",
        attribution=ATTRIBUTION.format(date="generated 22 April 2022"), request_for=legacy_request),
    "sipri-trade-register-2024-10-13": dict(
        kind="register", edition="2024-10-13", retrieved="2024-10-13",
        source="SIPRI Arms Transfers Database web interface exports; kept by MJHofmann/SIPRI_BRICS "
               "(commit 476134311a192f43e0a856357c97c8f35274eb30)",
        attribution=ATTRIBUTION.format(date="generated 13 Oct 2024"), request_for=register_request),
    "sipri-api-recording-2025-02-10": dict(
        kind="delivery-years", edition="2025-02-10", retrieved="2025-02-10T09:52:59+00:00",
        source="SIPRI current API (atbackend.sipri.org), recorded by datapumpernickel/Rat.db "
               "(commit 9a44be4b06c39faa49456c38f431e8cc72724aad)",
        attribution=ATTRIBUTION.format(date="generated 10 Feb 2025"), request_for=api_request),
    "sipri-delivery-years-2024-04": dict(
        kind="delivery-years", edition="2024-04-16", retrieved="2024-04-16",
        source="SIPRI Arms Transfers Database web interface, per-delivery-year exports of all "
               "countries in two requests (1950-1989 generated 16 Apr 2024, 1990-2023 generated "
               "13 Apr 2024); kept by Andrei-Teodor-Petre/InfoVizProject (commit "
               "3b77ff409b87651a980065353b769dc9baeaffff)",
        attribution=ATTRIBUTION.format(date="generated 13 and 16 Apr 2024"),
        request_for=delivery_years_2024_request),
    "sipri-tiv-2018-12-05": dict(
        kind="tiv-legacy", edition="2018-12-05", retrieved="2018-12-05",
        source="SIPRI Arms Transfers Database, old endpoint export_values.php (the 2018 release, "
               "data 1950-2017); bytes kept by dodomoon/world_military (commit "
               "9b7d31b774efdc0005bb37d71472692ad04eed41, data/imports/ and data/exports/)",
        attribution=ATTRIBUTION.format(date="generated 5 December 2018"),
        notes="World tables only: imports by recipient, exports by supplier, exports by weapon "
              "category. No per-recipient tables: no supplier's share of one recipient's imports.",
        request_for=legacy_world_request("1950-2017")),
    "sipri-tiv-2023-12": dict(
        # Two generated dates, one release: the edition is the latest of them, the day the
        # snapshot was complete (each file keeps its own "generated" in its entry).
        kind="tiv-legacy", edition="2023-12-19", retrieved="2023-12-19",
        source="SIPRI Arms Transfers Database, old endpoint export_values.php (the 2023 release, "
               "data 1950-2022); bytes kept by sumn2u/sipri-visualization (commits "
               "c36d68ad4a187c4159515a54e0adf7a7476b5c69 and 807d4ccd3f5e17f656e843e252d8344e589949dd, data/)",
        attribution=ATTRIBUTION.format(date="generated 11 and 19 December 2023"),
        notes="Two generated dates (11 Dec 2023: imports by recipient, exports by weapon category; "
              "19 Dec 2023: exports by supplier) of one release, whose Total rows are identical. "
              "The snapshot's edition is the later date, when it was complete; each file keeps "
              "its own generated date. World tables only: no per-recipient tables.",
        request_for=legacy_world_request("1950-2022")),
    "sipri-register-rtf-2024-02-18": dict(
        kind="register-rtf", edition="2024-02-18", retrieved="2024-02-18",
        source="SIPRI Arms Transfers Database, old site trade_register.php, output RTF (the 2023 "
               "release, deals 1950-2022), one file per armament category; kept by "
               "Bingsongl/Technology-and-Oligopolization-Analysis (commit "
               "948350f1fb4290061e08fe228ec2d9141922ca8c, Raw Data/)",
        attribution=ATTRIBUTION.format(date="generated 18 February 2024"),
        notes="No TIV in this layout: deal lists, numbers and delivery years only. Delivery "
              "years are printed as ranges ('1993-1996').",
        request_for=rtf_register_request),
    "sipri-trade-register-2025-03-13": dict(
        kind="register", edition="2025-03-13", retrieved="2025-03-13",
        source="SIPRI Arms Transfers Database web interface export (the 2025 release, deliveries "
               "to 2024); found in a public GitHub repository that was not recorded (see README.md)",
        attribution=ATTRIBUTION.format(date="generated 13 Mar 2025"),
        notes="The classic register alone: no TIV tables of this release, so its register basis "
              "has no printed per-year totals to bound the delivery split.",
        request_for=register_request),
    "sipri-api-tiv-2026-08-12": dict(
        kind="tiv", edition="2026-08-12", retrieved="2026-08-13",
        source="SIPRI current API (atbackend.sipri.org, POST /trades/import-export-csv/), as kept "
               "by koala73/worldmonitor (tests/fixtures/defense-industrial/sipri-importer.csv, "
               "commit 605953b254738c429cbff32289a61069e31f638a)",
        attribution=ATTRIBUTION.format(date="generated 12 Aug 2026"),
        notes=("Trimmed by that repository to 3 of Ukraine's supplier rows (United States, Turkiye, "
               "unknown supplier(s)) and SIPRI's total row: the rows do not add up to the total "
               "(6,338 of 14,909 TIV), so only shares over SIPRI's total row can be computed."),
        query={"recipient": "Ukraine", "start": 2021, "end": 2025}, request_for=tiv_2026_request),
}


CURATED = dict(
    kind="curated", edition="", retrieved="",
    source="Hand-curated from public reports (see README.md and each row's source_url and quote); "
           "after editing a row run `python -c 'from armsdata import snapshot; "
           "snapshot.rebuild_manifest(\"data/raw/curated\")'`",
    attribution="Each row cites its own source.")


def main(names: list[str] | None = None) -> None:
    for name, meta in SNAPSHOTS.items():
        if names and name not in names:
            continue
        meta = dict(meta)
        request_for = meta.pop("request_for")
        folder = RAW / name
        manifest = {"manifest_version": snapshot.MANIFEST_VERSION, "snapshot": name, **meta,
                    "files": entries(folder, request_for)}
        snapshot.write_manifest(folder, manifest)
        print(f"{folder}: {len(manifest['files'])} files")
    if names and "curated" not in names:
        return
    folder = RAW / "curated"
    files = {p.relative_to(folder).as_posix(): snapshot.file_entry(p.read_bytes(), layout=p.suffix.lstrip("."))
             for p in sorted(folder.rglob("*")) if p.is_file() and p.name != snapshot.MANIFEST}
    snapshot.write_manifest(folder, {"manifest_version": snapshot.MANIFEST_VERSION,
                                     "snapshot": "curated", **CURATED, "files": files})
    print(f"{folder}: {len(files)} files")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:] or None)
