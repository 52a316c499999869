"""Cut the real-data excerpts in tests/data/sipri/ from data/raw/ (run from the repository root).

Each excerpt is a selection of whole physical lines of one raw file, byte for byte (line ends
included): the preamble and header, a few rows, and the closing Total row where the layout has
one.  The API recording is the one exception: its CSV is decoded, cut the same way and
re-encoded as ``{"bytes": "<base64>"}`` (so its sha256 differs from the recording's).

    python tests/data/make_excerpts.py          # rewrite the excerpts
    python tests/data/make_excerpts.py --check  # exit 1 if an excerpt differs from a fresh cut

Tests never run this (they never read data/raw for excerpts); it documents where every byte
came from and lets a reviewer check it.
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
OUT = Path(__file__).resolve().parent / "sipri"

#: excerpt name -> (raw file, 1-based physical line numbers, inclusive ranges)
CUTS: dict[str, tuple[str, list[tuple[int, int]]]] = {
    # Armenia's whole legacy table (22 lines): 8 suppliers, a blank line, Total.
    "tiv-legacy-ARM.csv": ("sipri-tiv-2022-04-22/imports/ARM.csv", [(1, 22)]),
    # The smallest legacy table with '0' cells (below 0.5): PIJ (Israel/Palestine)*, whole file.
    "tiv-legacy-XID.csv": ("sipri-tiv-2022-04-22/imports/XID.csv", [(1, 14)]),
    # The world table (empty country_code): recipients as rows; 3 of them, blank line, Total.
    "tiv-legacy-ALL-excerpt.csv": ("sipri-tiv-2022-04-22/imports/ALL.csv",
                                   [(1, 12), (17, 17), (22, 22), (272, 273)]),
    # Trade register: preamble + header; Algeria (CP1252 byte 0xE4 in 'Wärtsilä'; an empty
    # 'Number ordered'); five Armenian deals incl. the 'BM-9A52 Smerch' row with '2016; 2017';
    # Thailand/Ukraine BTR-3, broken by SIPRI over two lines (file lines 24336-24337), with
    # its neighbours.
    "register-excerpt.csv": ("sipri-trade-register-2024-10-13/trade-register.csv",
                             [(1, 12), (257, 258), (1183, 1186), (1196, 1196), (1220, 1220),
                              (24335, 24338)]),
    # New-site imports by recipient: preamble, header, Turkiye, Armenia, MTA (Myanmar)* (cells
    # '0 ' with a trailing space), 'Total world import', and the file's final empty line.
    "tiv-imports-by-recipient-excerpt.csv": (
        "sipri-trade-register-2024-10-13/tiv-imports-by-recipient-1950-2024.csv",
        [(1, 10), (16, 16), (115, 115), (271, 273)]),
    # New-site exports by supplier: preamble, header, Turkiye ('0 ' cells), Armenia, Total.
    "tiv-exports-by-supplier-excerpt.csv": (
        "sipri-trade-register-2024-10-13/tiv-exports-by-supplier-1950-2024.csv",
        [(1, 10), (30, 30), (118, 118), (147, 148)]),
    # The API's table of one recipient's imports by supplier (August 2026), whole file (11
    # lines): blank preamble lines, header 'Supplier,2021,...', percentages like '41%', the
    # three supplier rows that public copy kept and 'Total exports to Ukraine'.
    "tiv-recipient-by-supplier-UKR.csv": (
        "sipri-api-tiv-2026-08-12/importer-ukraine-2021-2025.csv", [(1, 11)]),
    # The old site's world exports by supplier (2023 release, "TIV of arms exports from all"):
    # preamble, header, Russia and the United States, the blank line and Total.
    "tiv-legacy-from-all-2023-excerpt.csv": (
        "sipri-tiv-2023-12/TIV-Export-All-Country-1950-2022.csv", [(1, 11), (111, 111), (138, 138),
                                                                  (147, 148)]),
    # The old site's world exports by weapon category (2018 release), whole file: the same title
    # as the table of suppliers, rows Aircraft, Air defence systems, ... and Total.
    "tiv-legacy-categories-2018.csv": ("sipri-tiv-2018-12-05/TIV-Export-All-1950-2017-wc.csv", [(1, 24)]),
    # The old site's RTF register (2023 release), the smallest of its eleven files whole
    # (satellites, 68 lines, 10 deals): a supplier's first recipient ('R: Morocco'), further
    # recipients (indented) and a further deal of the same recipient (Russia/Egypt, two cells
    # empty), a year of order in parentheses (uncertain), delivery ranges ('2017-2018').
    "register-rtf-satellites.rtf": ("sipri-register-rtf-2024-02-18/satellites.rtf", [(1, 68)]),
    # The per-delivery-year register as a CSV (spring 2024 web export): preamble + header, a
    # 'Yes' estimate (Albania), a locally produced tank (Austria/Argentina SK-105), one deal
    # delivered over two years (Russia/Armenia 5V55U, id 52984) and the file's last line.
    "delivery-years-excerpt.csv": (
        "sipri-delivery-years-2024-04/delivery-years-1990-2023.csv",
        [(1, 13), (30, 30), (12136, 12137), (27850, 27850)]),
}

#: Lines of the decoded API CSV kept: preamble + header, the first 8 records (5 deals), a
#: second-hand T-72M1 (TIV deal unit below the SIPRI estimate) and a locally produced patrol craft.
API_LINES = [(1, 20), (28, 28), (34, 34)]
API_SOURCE = "sipri-api-recording-2025-02-10/trade-register-csv.response.json"
API_NAME = "delivery-years-api-excerpt.json"


def cut(data: bytes, ranges: list[tuple[int, int]]) -> bytes:
    lines = data.splitlines(keepends=True)
    n = len(lines) + (1 if data.endswith(b"\n") else 0)  # a final "" line after the last \n
    out = []
    for a, b in ranges:
        if not 1 <= a <= b <= n:
            raise SystemExit(f"range {a}-{b} outside 1-{n}")
        out.extend(lines[a - 1:b])
    return b"".join(out)


def build() -> dict[str, bytes]:
    files = {name: cut((RAW / src).read_bytes(), ranges) for name, (src, ranges) in CUTS.items()}
    csv_bytes = base64.b64decode(json.loads((RAW / API_SOURCE).read_bytes())["bytes"])
    excerpt = cut(csv_bytes, API_LINES)
    files[API_NAME] = json.dumps({"bytes": base64.b64encode(excerpt).decode("ascii")},
                                 separators=(",", ":")).encode("ascii")
    return files


def main() -> int:
    files = build()
    if "--check" in sys.argv:
        bad = [n for n, b in files.items() if (OUT / n).read_bytes() != b]
        print("differ: " + ", ".join(bad) if bad else "all excerpts match data/raw")
        return 1 if bad else 0
    OUT.mkdir(exist_ok=True)
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
