"""Rebuild the fixtures in this folder from the real SIPRI bytes in data/raw/ (see README.md).

Run from the repository root: ``python tests/data/http/make_fixtures.py``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
REGISTER_2024 = ROOT / "data/raw/sipri-trade-register-2024-10-13/trade-register.csv"
TIV_2024 = [ROOT / "data/raw/sipri-trade-register-2024-10-13/tiv-imports-by-recipient-1950-2024.csv",
            ROOT / "data/raw/sipri-trade-register-2024-10-13/tiv-exports-by-supplier-1950-2024.csv"]
#: Stand-in ids: SIPRI's real EntityIds are not recorded in this repository.
FIRST_ENTITY_ID = 900001


def register_armenia() -> bytes:
    """The 2024 register's preamble and header, then every line whose recipient is Armenia."""
    lines = REGISTER_2024.read_bytes().splitlines(keepends=True)
    header = next(i for i, line in enumerate(lines) if line.startswith(b"Recipient,Supplier,"))
    return b"".join(lines[:header + 1] + [x for x in lines[header + 1:] if x.startswith(b"Armenia,")])


def countries() -> bytes:
    """A getAllCountriesTrimmed-style list of every name in the two 2024 TIV tables."""
    names: set[str] = set()
    for path in TIV_2024:
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("cp1252"))))
        start = next(i for i, r in enumerate(rows) if r and r[0] in ("Recipient", "Exports by"))
        names |= {r[0] for r in rows[start + 1:] if r and r[0] and not r[0].startswith("Total")}
    entries = [{"Name": n, "EntityId": FIRST_ENTITY_ID + i} for i, n in enumerate(sorted(names))]
    return json.dumps(entries, ensure_ascii=False).encode("utf-8")


if __name__ == "__main__":
    (HERE / "register-armenia-2024-10-13.csv").write_bytes(register_armenia())
    (HERE / "countries-trimmed.json").write_bytes(countries())
