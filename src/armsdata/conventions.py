"""SIPRI's conventions and quirks, defined once.

Every module that needs one of these imports it from here: the parser (what a cell means), the
actor map (which labels are sums, not actors), the analysis (how far a printed figure may be from
the true one) and the queries (what the world is called).  Each constant says where it comes from.
This module imports nothing of armsdata, so it can sit below every other module.
"""

from __future__ import annotations

import datetime as dt
import re

#: SIPRI declares CP1252 for its CSV exports (the 2024 register has é in "Côte d'Ivoire" etc.).
ENCODING = "cp1252"

#: Half of SIPRI's rounding unit.  The TIV tables print whole millions of TIV ("Figures may not
#: add up to stated totals due to the conventions of rounding"), so a printed whole number v >= 1
#: stands for a true value in [v - 0.5, v + 0.5].
HALF_UNIT = 0.5

#: SIPRI writes a value that is more than 0 but less than 0.5 million TIV as ``0`` ("A '0'
#: indicates that the volume of deliveries is between 0 and 0.5 million SIPRI TIV"); the new site
#: writes it ``0 `` (trailing space).  Both mean "below half a million", not zero.  An empty cell
#: means "no deliveries have been identified": exactly zero.
BELOW_HALF_MARKERS = frozenset({"0", "0 "})

#: SIPRI marks an uncertain value with ``?`` in the column after it (trade register) ...
UNCERTAIN_MARK = "?"
#: ... and the API's per-year register with ``Yes`` / ``No`` in an "... is estimate" column.
YES_NO = {"Yes": True, "No": False, "": False}

#: The first year SIPRI's database covers (its title: "Deals with deliveries or orders made for
#: year range '1950' to ...").  A year before it is never data, only a broken header or a typo.
FIRST_YEAR = 1950
#: The last year a file may name: SIPRI's current year plus one (orders for next year).
LAST_YEAR = dt.date.today().year + 1
#: Deals delivered from 1950 on were sometimes ordered earlier (the 2024 register has 1946).
FIRST_ORDER_YEAR = 1900

#: The label of the summed-over side of a table: the 2024 imports-by-recipient table has no
#: supplier split (``supplier == ALL``), the exports-by-supplier table no recipient split, and the
#: 2022 world table (``ALL.csv``, asked for with an empty country code) sums over all suppliers.
ALL = "All"
#: SIPRI's own total row (2022 tables) and the name the parser gives every total row.
TOTAL = "Total"
#: What queries call the world as a recipient (a supplier's share of world exports) or as a
#: supplier (a recipient's share of world imports).
WORLD = "World"

#: The last rows of SIPRI's TIV tables: its own totals, never an actor.  "Total" (old site),
#: "Total world import" / "Total world export" (2024 tables), "Total exports to <recipient>"
#: (the 2026 table of one recipient's imports by supplier: SIPRI calls the recipient's total
#: imports "exports to" it) and "Total imports from <supplier>" (the 2026 table of one
#: supplier's exports by recipient: the supplier's total exports, "imports from" it).
TOTAL_ROW = re.compile(r"^(?:Total|Total world import|Total world export|Total exports to .+"
                       r"|Total imports from .+)$")

#: The total rows of the 2024 world tables (the new site's imports by recipient and exports by
#: supplier).
TOTAL_WORLD_IMPORT = "Total world import"
TOTAL_WORLD_EXPORT = "Total world export"

#: The total row of one recipient's table by supplier (2026 API layout) is the one place that
#: table names its recipient: ``Total exports to Ukraine``.
TOTAL_EXPORTS_TO = re.compile(r"^Total exports to (.+)$")
#: ... and of one supplier's table by recipient (2026 API layout) the one place that names its
#: supplier: ``Total imports from China``.  Its header starts ``Recipient,`` like the 2024 world
#: imports table, whose last row is ``Total world import``: only the last row tells them apart.
TOTAL_IMPORTS_FROM = re.compile(r"^Total imports from (.+)$")

#: Names SIPRI uses for sums over actors, not for actors (matched without regard to case).
AGGREGATE_NAMES: frozenset[str] = frozenset({ALL, TOTAL, TOTAL_WORLD_IMPORT, TOTAL_WORLD_EXPORT})


def is_total_row(name: str) -> bool:
    """True if *name* (a first cell of a TIV table) is one of SIPRI's total rows."""
    return bool(TOTAL_ROW.match(name.strip()))


def is_aggregate(name: str) -> bool:
    """True for SIPRI's labels of sums (``All``, ``Total``, ``Total world import``, ...)."""
    key = name.strip().casefold()
    return key in {a.casefold() for a in AGGREGATE_NAMES} or is_total_row(name)


#: SIPRI's markers after an actor's name: ``*`` a non-state actor, ``**`` an international
#: organisation (e.g. "Hezbollah (Lebanon)*", "NATO**").
NON_STATE_MARK = "*"
ORGANISATION_MARK = "**"

#: Half of the rounding unit of the registers' TIV values.  Both the trade register and the
#: per-delivery-year register print TIV with at most two decimals, and they are rounded, not
#: exact products: the 2024 per-year register gives 2.94 for 12 items at a printed unit TIV of
#: 0.24 (0.24 x 12 = 2.88), so the unit TIV itself was rounded.  A printed per-year value v
#: therefore stands for a value in [v - 0.005, v + 0.005].
REGISTER_HALF_UNIT = 0.005
