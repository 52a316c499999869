"""Rebuild the fixtures in this folder from the real SIPRI bytes in data/raw/ (see README.md).

Run from the repository root: ``python tests/data/http/make_fixtures.py``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
REGISTER_2024 = ROOT / "data/raw/sipri-trade-register-2024-10-13/trade-register.csv"
TIV_2024 = [ROOT / "data/raw/sipri-trade-register-2024-10-13/tiv-imports-by-recipient-1950-2024.csv",
            ROOT / "data/raw/sipri-trade-register-2024-10-13/tiv-exports-by-supplier-1950-2024.csv"]
TIV_2022 = ROOT / "data/raw/sipri-tiv-2022-04-22/imports"
UKRAINE_2026 = ROOT / "data/raw/sipri-api-tiv-2026-08-12/importer-ukraine-2021-2025.csv"
#: Stand-in ids: SIPRI's real EntityIds are not recorded in this repository.
FIRST_ENTITY_ID = 900001
#: The supplier and years of the hand-made supplier-by-recipient table.
SUPPLIER, YEARS = "Russia", range(2017, 2022)


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


def _percent(part: float, whole: float) -> str:
    """A share as SIPRI's 2026 tables print it: ``41%``, ``1.6%``, ``0.1%``."""
    pct = 100 * part / whole
    return f"{pct:.0f}%" if pct >= 10 else f"{pct:.1f}%"


def supplier_by_recipient() -> bytes:
    """Russia's exports by recipient, 2017-2021, laid out by hand in SIPRI's 2026
    supplier-by-recipient layout, from the Russia row of every recipient's table of the 2022
    edition (no real answer of this layout is recorded; see README.md)."""
    sys.path.insert(0, str(ROOT / "src"))
    from armsdata import parse

    rows = []
    for path in sorted(TIV_2022.glob("*.csv")):
        if path.name == "ALL.csv":  # the world table
            continue
        table = parse.parse_tiv_legacy(path.read_bytes(), path.name)
        cells = table.rows[(table.rows["supplier"] == SUPPLIER) & table.rows["year"].isin(YEARS)]
        if len(cells):
            printed = {int(r.year): "0" if r.below_half else f"{r.tiv:.0f}"
                       for r in cells.itertuples()}
            rows.append((table.meta["recipient"], printed))
    window = f"{YEARS[0]}-{YEARS[-1]}"
    total = {y: sum(int(p.get(y, 0)) for _, p in rows) for y in YEARS}
    whole = sum(total.values())
    rows.sort(key=lambda r: (-sum(int(v) for v in r[1].values()), r[0]))
    lines = UKRAINE_2026.read_text().splitlines()[:6]  # the 2026 API's preamble
    lines[4] = "Data generated: 22 Apr 2022"  # the release the figures come from
    lines.append(f"Recipient,{','.join(map(str, YEARS))},{window},Percentage,Sum total years,"
                 "Percentage of total")
    for name, printed in rows:
        n = sum(int(v) for v in printed.values())
        share = _percent(n, whole)
        lines.append(",".join([name, *(printed.get(y, "") for y in YEARS), str(n), share, str(n),
                               share]))
    lines.append(",".join([f"Total imports from {SUPPLIER}", *(str(total[y]) for y in YEARS),
                           str(whole), "100%", str(whole), ""]))
    return ("\n".join(lines) + "\n").encode("ascii")


if __name__ == "__main__":
    (HERE / "register-armenia-2024-10-13.csv").write_bytes(register_armenia())
    (HERE / "countries-trimmed.json").write_bytes(countries())
    (HERE / "supplier-russia-2017-2021.csv").write_bytes(supplier_by_recipient())
