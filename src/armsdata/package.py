"""Write the tidy tables of every edition as a Frictionless Data Package (``data/processed/``).

``armsdata process`` calls :func:`write`: one CSV per tidy table and edition
(``<snapshot>.<table>.csv``, columns as in ``docs/architecture.md``) and ``datapackage.json``
describing them (`Data Package <https://specs.frictionlessdata.io/data-package/>`_ v1, profile
``tabular-data-package``), so that R (``frictionless::read_package``, ``readr``), Python
(``frictionless``, ``pandas``) and spreadsheets read them with the right types.

The descriptor holds, per table, a Table Schema (every field's name, type and description,
the primary key, missing values), the CSV's size and sha256, and the raw files it was derived
from with their sha256; for the package, the source editions (snapshot, SIPRI's generated date,
SIPRI's attribution, the sha256 of each snapshot's ``manifest.json``), SIPRI's terms of use,
when it was made and by which armsdata.

Nothing reads these files back implicitly: the library always parses the verified raw bytes.

>>> from armsdata import package
>>> paths = package.write("/tmp/processed")          # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from armsdata import __version__, editions, snapshot
from armsdata.conventions import FIRST_YEAR
from armsdata.sipri import PROJECT_URL

log = logging.getLogger(__name__)

#: The descriptor's file name (the Data Package spec's own).
DESCRIPTOR = "datapackage.json"
#: The package's ``name`` (lower case, ``-`` ``.`` ``_`` only, as the spec asks).
PACKAGE_NAME = "armsdata-sipri-arms-transfers"
SIPRI_DATABASE_URL = "https://www.sipri.org/databases/armstransfers"
#: SIPRI's terms and conditions of use, which the data are under (not an open licence).
SIPRI_TERMS_URL = "https://www.sipri.org/about/terms-and-conditions"
#: SIPRI's conditions in a few words, from its Arms Transfers Database "User rules"
#: (https://www.sipri.org/contents/armstrad/user_rules.html, old site): a credit line naming
#: the database, no commercial use without SIPRI's agreement, and calculations not attributed
#: to SIPRI.
SIPRI_TERMS = ("SIPRI Arms Transfers Database: free to download and cite with a source credit "
               "line ('Information from the SIPRI Arms Transfers Database'); calculations on the "
               "data are not to be attributed to SIPRI; no commercial use without SIPRI's "
               "agreement. Not an open licence: see SIPRI's terms and conditions of use.")

#: How the CSVs spell missing values and booleans; written into every schema, so that a reader
#: never has to guess (pandas would write ``True``, which readr does not read as logical).
MISSING_VALUES = ("",)
TRUE_VALUE, FALSE_VALUE = "true", "false"
#: The CSV dialect :func:`write` uses (RFC 4180 but with ``\n`` line ends).
DIALECT = {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True,
           "header": True}
#: How the register's tuple of delivery years is written in one CSV cell (SIPRI's own form).
YEARS_SEPARATOR = "; "

FieldType = Literal["integer", "number", "string", "boolean", "date"]


@dataclass(frozen=True)
class Field:
    """One column of a tidy table, as its Table Schema field."""

    name: str
    type: FieldType
    description: str
    required: bool = False
    minimum: float | None = None

    def schema(self) -> dict[str, Any]:
        """The field's Table Schema descriptor."""
        out: dict[str, Any] = {"name": self.name, "type": self.type,
                               "description": self.description}
        if self.type == "boolean":
            out["trueValues"] = [TRUE_VALUE]
            out["falseValues"] = [FALSE_VALUE]
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass(frozen=True)
class Table:
    """One kind of tidy table: its fields in CSV order and its primary key."""

    kind: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def schema(self) -> dict[str, Any]:
        """The table's Table Schema."""
        return {"fields": [f.schema() for f in self.fields], "primaryKey": list(self.primary_key),
                "missingValues": list(MISSING_VALUES)}


# --------------------------------------------------------------------------------------------
# The tables' schemas: the columns of docs/architecture.md, with their meaning
# --------------------------------------------------------------------------------------------

_NAME = ("canonical name (armsdata's actor map; a name the map lacks is kept as SIPRI spells it, "
         "without its '*'/'**' markers)")


def _tiv_fields(recipient: str, supplier: str) -> tuple[Field, ...]:
    return (
        Field("recipient", "string", f"Recipient, {_NAME}{recipient}.", required=True),
        Field("supplier", "string", f"Supplier, {_NAME}{supplier}.", required=True),
        Field("year", "integer", "Year of delivery.", required=True, minimum=FIRST_YEAR),
        Field("tiv", "number", "SIPRI trend-indicator value (TIV) of the deliveries, millions, as "
                               "SIPRI printed it (rounded to whole millions; 0 where SIPRI printed 0).",
              required=True, minimum=0),
        Field("below_half", "boolean", "SIPRI printed '0': more than 0 and less than 0.5 million "
                                       "TIV.", required=True),
    )


_TIV_NOTE = ("One row per cell SIPRI printed; an empty cell (no deliveries identified) is not a "
             "row. ")

_REGISTER_FIELDS = (
    Field("deal", "integer", "Row number of the deal in SIPRI's file, from 0 (the classic register "
                             "has no deal ID).", required=True, minimum=0),
    Field("recipient", "string", f"Recipient, {_NAME}.", required=True),
    Field("supplier", "string", f"Supplier, {_NAME}.", required=True),
    Field("order_year", "integer", "Year of order or licence; empty where SIPRI gives none."),
    Field("order_year_uncertain", "boolean", "SIPRI marks the year of order as uncertain ('?').",
          required=True),
    Field("number_ordered", "number", "Number of items ordered; empty where SIPRI gives none.",
          minimum=0),
    Field("number_ordered_uncertain", "boolean", "SIPRI marks the number ordered as uncertain "
                                                 "('?').", required=True),
    Field("designation", "string", "Weapon designation, as SIPRI writes it."),
    Field("description", "string", "Weapon description, as SIPRI writes it."),
    Field("number_delivered", "number", "Number of items delivered or produced; empty where SIPRI "
                                        "gives none.", minimum=0),
    Field("number_delivered_uncertain", "boolean", "SIPRI marks the number delivered as uncertain "
                                                   "('?').", required=True),
    Field("delivery_years", "string", f"Years of deliveries, ascending, separated by "
                                      f"{YEARS_SEPARATOR!r} (e.g. '2018; 2019'); empty when none. "
                                      "SIPRI does not say how the TIV splits over them."),
    Field("delivery_years_uncertain", "boolean", "SIPRI marks the years of delivery as uncertain "
                                                 "('?').", required=True),
    Field("status", "string", "New, Second hand or Second hand but modernized."),
    Field("comments", "string", "SIPRI's comments on the deal; empty where it has none."),
    Field("tiv_unit", "number", "SIPRI TIV per unit, millions.", minimum=0),
    Field("tiv_order", "number", "SIPRI TIV for the total order, millions.", minimum=0),
    Field("tiv_delivered", "number", "SIPRI TIV of delivered weapons, millions (two decimals).",
          minimum=0),
)

_DELIVERY_YEARS_FIELDS = (
    Field("deal_id", "integer", "SIPRI AT Database ID of the deal.", required=True),
    Field("supplier", "string", f"Supplier, {_NAME}.", required=True),
    Field("recipient", "string", f"Recipient, {_NAME}.", required=True),
    Field("designation", "string", "Weapon designation, as SIPRI writes it."),
    Field("description", "string", "Weapon description, as SIPRI writes it."),
    Field("category", "string", "SIPRI's armament category (Aircraft, Missiles, ...)."),
    Field("order_year", "integer", "Year of order or licence; empty where SIPRI gives none."),
    Field("order_year_uncertain", "boolean", "SIPRI marks the year of order as an estimate.",
          required=True),
    Field("number_delivered", "number", "Number of items delivered in this year.", minimum=0),
    Field("number_delivered_uncertain", "boolean", "SIPRI marks the number delivered as an "
                                                   "estimate.", required=True),
    Field("delivery_year", "integer", "Year of delivery.", required=True, minimum=FIRST_YEAR),
    Field("delivery_year_uncertain", "boolean", "SIPRI marks the delivery year as an estimate.",
          required=True),
    Field("status", "string", "New, Second hand or Second hand but modernized."),
    Field("sipri_estimate", "number", "The column SIPRI calls 'SIPRI estimate': its unit TIV for "
                                      "the weapon when new, millions.", minimum=0),
    Field("tiv_unit", "number", "Unit TIV in this deal, millions (e.g. 40 % of sipri_estimate for "
                                "a second-hand weapon).", minimum=0),
    Field("tiv_delivered", "number", "SIPRI's TIV of the weapons delivered in this year, millions "
                                     "(two decimals).", minimum=0),
    Field("local_production", "boolean", "SIPRI's 'Local production' flag: produced in the "
                                         "recipient country.", required=True),
)

#: Every kind of tidy table ``process`` writes, by the name its CSV files carry.
TABLES: dict[str, Table] = {t.kind: t for t in (
    Table("tiv-rows", "Recipients' arms imports by supplier and year (TIV)",
          _TIV_NOTE + "From SIPRI's TIV tables of one recipient's imports by supplier.",
          _tiv_fields("", ""), ("recipient", "supplier", "year")),
    Table("tiv-totals", "Recipients' printed total imports by year (TIV)",
          "SIPRI's own 'Total' row of each recipient's table (supplier 'Total'): printed, not a "
          "sum of the rows.", _tiv_fields("", "; 'Total' (SIPRI's total row)"),
          ("recipient", "year")),
    Table("world-imports", "Every recipient's arms imports by year (TIV)",
          _TIV_NOTE + "From SIPRI's world table of imports by recipient (no supplier split).",
          _tiv_fields("", "; always 'All' (no supplier split)"), ("recipient", "year")),
    Table("world-imports-totals", "World arms imports by year (TIV)",
          "SIPRI's printed world total row of the imports-by-recipient table.",
          _tiv_fields("; 'Total' (SIPRI's world total row)", "; always 'All'"), ("year",)),
    Table("world-exports", "Every supplier's arms exports by year (TIV)",
          _TIV_NOTE + "From SIPRI's world table of exports by supplier (no recipient split).",
          _tiv_fields("; always 'All' (no recipient split)", ""), ("supplier", "year")),
    Table("world-exports-totals", "World arms exports by year (TIV)",
          "SIPRI's printed world total row of the exports-by-supplier table.",
          _tiv_fields("; always 'All'", "; 'Total' (SIPRI's world total row)"), ("year",)),
    Table("register", "Trade register: one row per deal",
          "SIPRI's classic trade register: every deal with its years of delivery listed.",
          _REGISTER_FIELDS, ("deal",)),
    Table("delivery-years", "Per-delivery-year register: one row per deal and year",
          "SIPRI's per-delivery-year register: SIPRI's own TIV per deal and year of delivery.",
          _DELIVERY_YEARS_FIELDS, ("deal_id", "delivery_year")),
)}


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TidyTable:
    """One table of one edition, ready to write: its kind, frame and the raw files behind it."""

    table: Table
    frame: pd.DataFrame
    files: tuple[str, ...]  # snapshot-relative paths of the raw files it was derived from


def edition_tables(ed: editions.Edition) -> list[TidyTable]:
    """The tidy tables of one loaded edition, in the order :func:`write` lists them."""
    out: list[TidyTable] = []
    if ed.tiv is not None:
        files = tuple(ed.tiv.meta["files"])
        out += [TidyTable(TABLES["tiv-rows"], ed.tiv.rows, files),
                TidyTable(TABLES["tiv-totals"], ed.tiv.totals, files)]
    for kind, w in (("world-imports", ed.world_imports), ("world-exports", ed.world_exports)):
        if w is not None:
            files = (w.meta["file"],)
            out += [TidyTable(TABLES[kind], w.rows, files),
                    TidyTable(TABLES[f"{kind}-totals"], w.totals, files)]
    for kind, df in (("register", ed.register), ("delivery-years", ed.delivery_years)):
        if df is not None:
            layouts = editions.REGISTER_LAYOUTS if kind == "register" else (kind,)
            files = tuple(rel for rel, layout in ed.layouts.items() if layout in layouts)
            out.append(TidyTable(TABLES[kind], df, files))
    return out


_PANDAS_KINDS = {"integer": "iu", "number": "fiu", "boolean": "b"}


def _check_columns(t: TidyTable, where: str) -> None:
    """Refuse a frame whose columns or dtypes differ from its schema: the schema is the CSVs'
    documented contract, so a change in the library must be made here too (a bug, not data)."""
    got = list(t.frame.columns)
    if got != t.table.columns:
        raise RuntimeError(f"{where}: the {t.table.kind} table has the columns {got}; its schema "
                           f"in armsdata.package.TABLES lists {t.table.columns}. Update TABLES "
                           "and docs/architecture.md together with the library.")
    for f in t.table.fields:
        dtype = t.frame[f.name].dtype
        if f.type == "string":
            ok = not pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        else:
            ok = dtype.kind in _PANDAS_KINDS[f.type]
        if not ok:
            raise RuntimeError(f"{where}: column {f.name!r} of the {t.table.kind} table has dtype "
                               f"{dtype}; its schema says {f.type}. Update armsdata.package.TABLES.")


def to_csv(t: TidyTable) -> bytes:
    """The table as CSV bytes in the package's dialect (UTF-8, booleans ``true``/``false``,
    missing values empty, the register's delivery years joined by ``"; "``)."""
    df = t.frame.copy()
    for f in t.table.fields:
        if f.type == "boolean":
            df[f.name] = df[f.name].map({True: TRUE_VALUE, False: FALSE_VALUE})
    if "delivery_years" in df.columns:
        df["delivery_years"] = df["delivery_years"].map(
            lambda ys: YEARS_SEPARATOR.join(str(y) for y in ys))
    return df.to_csv(index=False, lineterminator=DIALECT["lineTerminator"]).encode("utf-8")


def resource(ed: editions.Edition, t: TidyTable, data: bytes) -> dict[str, Any]:
    """The Data Resource descriptor of one written table (*data*: its CSV bytes)."""
    snap = ed.snapshot
    path = f"{ed.name}.{t.table.kind}.csv"
    return {
        "name": path[:-len(".csv")].lower(),
        "path": path,
        "profile": "tabular-data-resource",
        "title": f"{t.table.title}, edition {ed.edition}",
        "description": t.table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{snapshot.sha256(data)}",
        "dialect": dict(DIALECT),
        "schema": t.table.schema(),
        "edition": ed.edition,
        "snapshot": ed.name,
        "rows": len(t.frame),
        # the raw files behind the table: "file" is the path inside the snapshot folder
        "sources": [{"title": f"{ed.name}/{rel}", "file": rel, "sha256": snap.files[rel]["sha256"],
                     "generated": snap.files[rel].get("generated", ed.edition)}
                    for rel in t.files],
    }


def source(ed: editions.Edition) -> dict[str, Any]:
    """The package-level source record of one edition."""
    snap = ed.snapshot
    return {
        "title": f"SIPRI Arms Transfers Database, edition {ed.edition} (snapshot {ed.name})",
        "path": SIPRI_DATABASE_URL,
        "snapshot": ed.name,
        "edition": ed.edition,
        "attribution": ed.attribution,
        "retrieved": snap.manifest.get("retrieved", ""),
        "origin": snap.manifest.get("source", ""),
        "manifest": f"{ed.name}/{snapshot.MANIFEST}",
        "manifest_sha256": snapshot.sha256((snap.path / snapshot.MANIFEST).read_bytes()),
    }


def descriptor(resources: list[dict[str, Any]], sources: list[dict[str, Any]], *,
               created: str) -> dict[str, Any]:
    """The package descriptor (``datapackage.json``) for *resources* from *sources*."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "SIPRI Arms Transfers Database: tidy tables of the editions armsdata holds",
        "description": (
            "Tidy tables derived by armsdata from verified snapshots of SIPRI's Arms Transfers "
            "Database exports, one CSV per table and edition; names mapped to canonical names, "
            "figures as SIPRI printed them. A figure is only meaningful with its edition: SIPRI "
            "revises the whole database every year. Calculations on these data are armsdata's "
            "or yours, not SIPRI's."),
        "homepage": PROJECT_URL,
        "keywords": ["SIPRI", "arms transfers", "trend-indicator value", "TIV", "trade register"],
        "created": created,
        "armsdata": {"version": __version__, "command": "armsdata process"},
        "contributors": [
            {"title": "Stockholm International Peace Research Institute (SIPRI)", "role": "author",
             "path": SIPRI_DATABASE_URL},
            {"title": "armsdata developers", "role": "wrangler", "path": PROJECT_URL},
        ],
        "licenses": [{"title": SIPRI_TERMS, "path": SIPRI_TERMS_URL}],
        "sources": sources,
        "resources": resources,
    }


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def default_out_dir() -> Path:
    """``data/processed`` beside the data folder (``data/raw``)."""
    return snapshot.default_data_dir().parent / "processed"


def write(out_dir: str | os.PathLike[str] | None = None, *,
          data_dir: str | os.PathLike[str] | None = None,
          created: str | None = None) -> list[Path]:
    """Write every data edition's tidy tables and ``datapackage.json`` to *out_dir*.

    Every table is built and written to a hidden temp folder in *out_dir* first; only when all
    of them are there are they moved into place, ``datapackage.json`` last.  A failed run (an
    edition that fails verification or parsing, a table whose columns differ from its schema, a
    full disk) therefore leaves the previous package as it was.  CSVs that the previous
    descriptor listed and the new one does not are removed; no other file is touched.

    Parameters
    ----------
    out_dir
        Default :func:`default_out_dir` (``data/processed``).
    data_dir
        The folder holding the snapshot folders (default: the project's ``data/raw``).
    created
        The package's ``created`` timestamp (default: now, UTC).

    Returns
    -------
    list of pathlib.Path
        The CSVs written, then ``datapackage.json``.

    Raises
    ------
    ChecksumError, SnapshotError, ParseError
        An edition fails verification or cannot be read; nothing is written.
    """
    out = Path(out_dir) if out_dir else default_out_dir()
    created = created or dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / f".datapackage-{secrets.token_hex(6)}.tmp"
    tmp.mkdir()
    try:
        resources, sources = [], []
        for snap in snapshot.find_snapshots(data_dir):
            if not editions.is_data_snapshot(snap):
                continue
            ed = editions.load(snap.path)
            sources.append(source(ed))
            for t in edition_tables(ed):
                _check_columns(t, ed.name)
                data = to_csv(t)
                r = resource(ed, t, data)
                _write_file(tmp / r["path"], data)
                resources.append(r)
        desc = descriptor(resources, sources, created=created)
        _write_file(tmp / DESCRIPTOR, (json.dumps(desc, indent=1, ensure_ascii=False) + "\n")
                    .encode("utf-8"))
        stale = _listed_paths(out / DESCRIPTOR) - {r["path"] for r in resources}
        written = []
        for r in resources:
            os.replace(tmp / r["path"], out / r["path"])
            written.append(out / r["path"])
        os.replace(tmp / DESCRIPTOR, out / DESCRIPTOR)
        written.append(out / DESCRIPTOR)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for p in sorted(stale):
        (out / p).unlink(missing_ok=True)
    log.info("wrote %d tables and %s to %s", len(written) - 1, DESCRIPTOR, out)
    return written


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _listed_paths(desc: Path) -> set[str]:
    """The resource paths an existing descriptor lists (plain file names only: a descriptor
    edited to point elsewhere must not make :func:`write` delete files outside its folder)."""
    try:
        old = json.loads(desc.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    paths = {r.get("path") for r in old.get("resources", []) if isinstance(r, dict)}
    return {p for p in paths if isinstance(p, str) and p.endswith(".csv") and "/" not in p
            and "\\" not in p and not p.startswith(".")}


__all__ = ["DESCRIPTOR", "Field", "TABLES", "Table", "TidyTable", "default_out_dir", "descriptor",
           "edition_tables", "resource", "source", "to_csv", "write"]
