"""Make the stand-in edition that spells every country by an alias (tests/data/alias-edition/).

SIPRI's spring 2026 register spells the UAE "United Arab Emirates", a name the actor map knows
only as an alias; any release may spell an actor by a name SIPRI did not use before.  The
stand-in is made by hand from real rows of the shipped 2024 release
(``data/raw/sipri-trade-register-2024-10-13``): every deal of the UAE and of Armenia (all of a
recipient's deals bound each other's delivery split through its printed per-year totals), and
the whole world imports table (SIPRI's total row is checked against
its rows, so it cannot be trimmed), with every name respelled by :func:`spelling`: an alias of the actor where it has one, else its ISO3 code
(non-state actors and organisations without either keep SIPRI's spelling).  So a query on the
stand-in must give what the same query gives on the 2024 release.

    python tests/data/make_alias_edition.py          # rewrite the folder
    python tests/data/make_alias_edition.py --check  # exit 1 if a file differs from a fresh build

The tests import :func:`respell` to respell a whole shipped edition the same way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from armsdata import countries, snapshot

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCE = ROOT / "data" / "raw" / "sipri-trade-register-2024-10-13"
OUT = HERE / "alias-edition"

#: The recipients whose deals are kept.
RECIPIENTS = ("UAE", "Armenia")

README = """\
# A stand-in edition that spells every country by an alias (made by hand)

Not SIPRI's bytes as SIPRI sent them: made by `tests/data/make_alias_edition.py` from real rows
of the 2024 release (`data/raw/sipri-trade-register-2024-10-13`): every deal of the UAE and of
Armenia, and the whole world imports table, with every name
respelled: an alias of the actor where the actor map has one ("United
Arab Emirates", "USA", "Russian Federation"), else its ISO3 code ("ARM", "FRA").  SIPRI's
preambles, headers, numbers and "Data generated" lines are unchanged.  A query on it must give
what the same query gives on the 2024 release.
"""


def spelling(actor: countries.Actor) -> str:
    """The name the stand-in writes for *actor*: its first alias that is more than SIPRI's
    spelling in another case (and holds no comma or quote, so it needs no CSV quoting), else
    its ISO3 code, else SIPRI's spelling."""
    for row in countries.load_actors().to_dict("records"):
        if row["sipri_name"] != actor.sipri_name or not isinstance(row["aliases"], str):
            continue
        for alias in row["aliases"].split(";"):
            found = countries.match(alias)
            if found is not None and found.how == "alias" and not set(alias) & set(',"'):
                return alias
    return actor.iso3 or actor.sipri_name


def respell(data: bytes, fields: int) -> bytes:
    """*data* (a SIPRI CSV in CP1252) with the first *fields* fields of each line respelled by
    :func:`spelling` where they are a current SIPRI spelling of the actor map."""
    names = {name: spelling(countries.sipri_actor(name))
             for name in countries.load_actors()["sipri_name"]}
    out = []
    for line in data.splitlines(keepends=True):
        cells = line.split(b",", fields)
        for i in range(min(fields, len(cells) - 1)):
            name = cells[i].decode("cp1252")
            if name in names:
                cells[i] = names[name].encode("cp1252")
        out.append(b",".join(cells))
    return b"".join(out)


def build() -> dict[str, bytes]:
    register = (SOURCE / "trade-register.csv").read_bytes().splitlines(keepends=True)
    header = next(i for i, line in enumerate(register) if line.startswith(b"Recipient,Supplier,"))
    register = register[:header + 1] + [line for line in register[header + 1:]
                                        if line.decode("cp1252").split(",")[0] in RECIPIENTS]
    imports = (SOURCE / "tiv-imports-by-recipient-1950-2024.csv").read_bytes()
    files = {"README.md": README.encode("utf-8"),
             "trade-register.csv": respell(b"".join(register), 2),
             "tiv-imports-by-recipient-1950-2024.csv": respell(imports, 1)}
    layouts = {"README.md": "document", "trade-register.csv": "register",
               "tiv-imports-by-recipient-1950-2024.csv": "tiv-imports-by-recipient"}
    manifest = {
        "manifest_version": snapshot.MANIFEST_VERSION,
        "snapshot": OUT.name,
        "kind": "register",
        "edition": "2024-10-13",
        "retrieved": "2024-10-13",
        "source": "made by hand by tests/data/make_alias_edition.py from "
                  "data/raw/sipri-trade-register-2024-10-13: every name respelled by an alias",
        "attribution": "Source: SIPRI Arms Transfers Database, generated 13 Oct 2024; names "
                       "respelled by armsdata's tests.",
        "files": {rel: snapshot.file_entry(data, layout=layouts[rel],
                                           **({"generated": "2024-10-13"}
                                              if layouts[rel] != "document" else {}))
                  for rel, data in sorted(files.items())},
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    return {**files, "manifest.json": text.encode("utf-8")}


def main() -> int:
    files = build()
    if "--check" in sys.argv:
        bad = [n for n, b in files.items()
               if not (OUT / n).is_file() or (OUT / n).read_bytes() != b]
        print("differ: " + ", ".join(bad) if bad else "the stand-in matches a fresh build")
        return 1 if bad else 0
    OUT.mkdir(exist_ok=True)
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    print(f"{len(files)} files written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
