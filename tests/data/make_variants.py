"""Make the hand-made variants (tests/data/variants/) and the malformed corpus
(tests/data/malformed/) from the real excerpts in tests/data/sipri/.

Every file is one small, named change to a real excerpt (or, for the few inputs that are not
SIPRI's at all, a hand-written body), so a reviewer can see what is wrong by reading the
change below.  tests/data/README.md has one line per file; tests/data/malformed/cases.csv says
which error each malformed file must end in.

    python tests/data/make_variants.py          # rewrite
    python tests/data/make_variants.py --check  # exit 1 if a file differs from a fresh build
"""

from __future__ import annotations

import base64
import gzip
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIPRI = HERE / "sipri"


def read(name: str) -> bytes:
    return (SIPRI / name).read_bytes()


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, (old, data.count(old))
    return data.replace(old, new)


def api(csv_bytes: bytes) -> bytes:
    return json.dumps({"bytes": base64.b64encode(csv_bytes).decode("ascii")},
                      separators=(",", ":")).encode("ascii")


#: China's exports by recipient, 2000-2025, invented (see supplier_by_recipient_china).
#: Cells are as printed: '0' is below 0.5, a missing year is an empty cell.
CHINA_EXPORTS = {
    "Pakistan": {2000: "150", 2005: "120", 2010: "300", 2015: "650", 2020: "700", 2025: "810"},
    "Bangladesh": {2006: "40", 2013: "230", 2021: "5"},
    "Myanmar": {2001: "0", 2017: "61"},
    "Algeria": {2018: "42"},
}
#: The window's sums and percentages as printed, worked out by hand: Pakistan 150 + 120 + 300 +
#: 650 + 700 + 810 = 2,730 of 3,108 (87.8 %), Bangladesh 275 (8.85 %), Myanmar 61 (1.96 %),
#: Algeria 42 (1.35 %).
CHINA_SUMS = {"Pakistan": ("2730", "88%"), "Bangladesh": ("275", "8.8%"), "Myanmar": ("61", "2.0%"),
              "Algeria": ("42", "1.4%")}
CHINA_TOTAL = {2000: "150", 2001: "0", 2005: "120", 2006: "40", 2010: "300", 2013: "230",
               2015: "650", 2017: "61", 2018: "42", 2020: "700", 2021: "5", 2025: "810"}


def supplier_by_recipient_china(ukr: bytes) -> bytes:
    """The hand-made 2026 supplier-by-recipient table (China, 2000-2025) on the Ukraine
    table's preamble."""
    preamble = b"".join(lines(ukr)[:6]).replace(b"12 Aug 2026 7:47:41 PM", b"14 Aug 2026 10:03:12 AM")
    years = range(2000, 2026)

    def row(name: str, cells: dict[int, str], tail: str) -> bytes:
        return (",".join([name] + [cells.get(y, "") for y in years]) + "," + tail + "\n").encode()
    out = [preamble, ("Recipient," + ",".join(map(str, years)) +
                      ",2000-2025,Percentage,Sum total years,Percentage of total\n").encode()]
    for name, cells in CHINA_EXPORTS.items():
        total, pct = CHINA_SUMS[name]
        out.append(row(name, cells, f"{total},{pct},{total},{pct}"))
    out.append(row("Total imports from China", CHINA_TOTAL, "3108,100%,3108,"))
    return b"".join(out)


def build() -> dict[str, bytes]:
    arm = read("tiv-legacy-ARM.csv")
    reg = read("register-excerpt.csv")
    imp = read("tiv-imports-by-recipient-excerpt.csv")
    exp = read("tiv-exports-by-supplier-excerpt.csv")
    ukr = read("tiv-recipient-by-supplier-UKR.csv")
    api_json = read("delivery-years-api-excerpt.json")
    dy = base64.b64decode(json.loads(api_json)["bytes"])
    arm_l, reg_l, imp_l, dy_l = lines(arm), lines(reg), lines(imp), lines(dy)
    out: dict[str, bytes] = {}

    # ---------------------------------------------------------------- variants (must parse)
    v = {}
    # Three more preamble lines between the title and the header (SIPRI has changed its notes).
    v["tiv-legacy-ARM-extra-preamble.csv"] = b"".join(
        arm_l[:1] + [b"A note SIPRI added,,\n", b",,\n", b"Another note\n"] + arm_l[1:])
    # A supplier named in CP1252 ('C\xf4te d'Ivoire', byte 0xF4) instead of Belarus.
    v["tiv-legacy-ARM-cp1252.csv"] = replace_once(arm, b"\nBelarus,", b"\nC\xf4te d'Ivoire,")
    # Register rows made by hand on the real layout: 0xF4 in 'C\xf4te d'Ivoire' (CP1252); a
    # '?' after a delivery year; an order with nothing delivered yet (empty number delivered,
    # delivery years and delivered TIV); a delivered TIV of '0' (below 0.5); a quoted comment
    # holding a comma and a quote.
    v["register-handmade.csv"] = b"".join(reg_l[:12]) + (
        b"C\xf4te d'Ivoire,UAE,2021,?,5,?,Jaws,APC,5,?,2022,New,,0.12,0.6,0.6\n"
        b"Armenia,Russia,2015,,6,?,BM-9A52 Smerch,self-propelled MRL,6,?,2016; 2017?,New,,1.2,7.2,7.2\n"
        b"Armenia,India,2022,?,6,,ATAGS,towed gun,,,,New,Not yet delivered,2,12,\n"
        b"Armenia,Russia,1993,?,10,,Fagot,anti-tank missile,10,?,1993,Second hand,,0.04,0.4,0\n"
        b"Armenia,Russia,1995,,2,,T-72,tank,2,,1995,Second hand,\"Second-hand, \"\"illegal\"\" transfer\",0.86,1.72,1.72\n"
    )
    # The register as Latin-1 instead of CP1252: same bytes for every character the register
    # uses (0xE4, 0xF4, ...), so it is accepted and decodes to the same text.
    v["register-latin1.csv"] = (b"".join(reg_l[:12]).decode("cp1252") +
                                "C\u00f4te d'Ivoire,UAE,2021,?,5,?,Jaws,APC,5,?,2022,New,,0.12,0.6,0.6\n"
                                ).encode("latin-1")
    # The register re-saved as UTF-8 with a byte-order mark (Excel does this): accepted.
    v["register-utf8-bom.csv"] = b"\xef\xbb\xbf" + reg.decode("cp1252").encode("utf-8")
    # The register's preamble and header and no deal (SIPRI's answer to a query matching
    # nothing): an empty table with the documented columns, not an error.
    v["register-header-only.csv"] = b"".join(reg_l[:12])
    # The current API's table of one supplier's exports by recipient (2026), made by hand: no
    # real copy was at hand.  Its layout is the one SIPRI's API answers (the counterpart of the
    # real Ukraine table above): the Ukraine table's preamble, the header 'Recipient,2000,...,
    # 2025,2000-2025,Percentage,Sum total years,Percentage of total', one row per recipient, and
    # the last row 'Total imports from China', the one place it names its supplier.  The
    # numbers are invented, chosen so that the rows add up to the total row, the window sums to
    # the years, and the percentages are the rows' shares of the total as SIPRI prints them
    # (whole per cent from 10 %, one decimal below: '88%', '8.8%').
    v["tiv-supplier-by-recipient-CHN.csv"] = supplier_by_recipient_china(ukr)
    for k, b in v.items():
        out[f"variants/{k}"] = b

    # ---------------------------------------------------------------- malformed (must fail)
    m = {}
    m["empty.csv"] = b""
    m["blank-lines.csv"] = b"\n\r\n  \n"
    # Legacy TIV table cut in the middle of the Russia row (a dropped download).
    russia = arm.index(b"\nRussia,") + 1
    m["tiv-legacy-truncated-mid-row.csv"] = arm[:russia + 60]
    # Legacy TIV table without its blank line and Total row.
    m["tiv-legacy-missing-total.csv"] = b"".join(arm_l[:19])
    # The header shifted one column right (an extra leading comma).
    m["tiv-legacy-shifted-header.csv"] = b"".join(arm_l[:10] + [b"," + arm_l[10]] + arm_l[11:])
    # The header's years moved to 2190-2261: consecutive, but outside SIPRI's range.
    hdr = arm_l[10].decode()
    hdr = ",".join(str(int(c) + 240) if c.isdigit() else c for c in hdr.split(","))
    m["tiv-legacy-year-out-of-range.csv"] = b"".join(arm_l[:10] + [hdr.encode()] + arm_l[11:])
    # One cell too many in the Jordan row.
    m["tiv-legacy-extra-column.csv"] = b"".join(arm_l[:14] + [arm_l[14].replace(b",21,", b",21,,", 1)] + arm_l[15:])
    # One cell too few in the Jordan row.
    m["tiv-legacy-missing-column.csv"] = b"".join(arm_l[:14] + [arm_l[14].replace(b",21,", b",21", 1)] + arm_l[15:])
    # A non-numeric TIV: Russia 2019 '228' written 'n/a'.
    m["tiv-legacy-non-numeric.csv"] = replace_once(arm, b",228,", b",n/a,")
    # A negative TIV.
    m["tiv-legacy-negative.csv"] = replace_once(arm, b",228,", b",-228,")
    # The Ukraine row twice (a duplicated line): its values would count double.
    m["tiv-legacy-duplicate-row.csv"] = b"".join(arm_l[:19] + [arm_l[18]] + arm_l[19:])
    # A second table appended after the Total row (two downloads concatenated).
    m["tiv-legacy-content-after-total.csv"] = arm + b"".join(arm_l[11:13])
    # Title that does not name a recipient.
    m["tiv-legacy-no-title.csv"] = b"".join([b"Arms transfers,,,\n"] + arm_l[1:])
    # New-site table: 'Total world import' row missing (truncated).
    m["tiv-new-missing-total.csv"] = b"".join(imp_l[:13])
    # New-site table: first header cell renamed.
    m["tiv-new-renamed-header.csv"] = replace_once(imp, b"\nRecipient,", b"\nImporter,")
    # New-site table: an unknown summary column.
    m["tiv-new-unknown-column.csv"] = replace_once(exp, b",Percentage,", b",Share,")
    # New-site table: a '?' where a number should be (the register's flag in the wrong file).
    m["tiv-new-question-mark.csv"] = replace_once(exp, b"Armenia,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,4,",
                                                  b"Armenia,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,4?,")
    # Register cut in the middle of a row (its last line).
    m["register-truncated-mid-row.csv"] = reg[:reg.index(b"\nThailand,Russia,2014") + 60]
    # Register header: 'Year of order' renamed 'Order year'.
    m["register-renamed-header.csv"] = replace_once(reg, b",Year of order,", b",Order year,")
    # Register header: the first uncertainty column dropped (every later column shifts left).
    m["register-shifted-header.csv"] = replace_once(reg, b"Year of order, ,Number", b"Year of order,Number")
    # Register: one row with a 17th field (an unquoted comma in a comment).
    m["register-extra-column.csv"] = replace_once(reg, b",Armed Mi-8MTV-5 version,", b",Armed Mi-8MTV-5, version,")
    # Register: a row missing a field in the middle of the file.
    m["register-missing-column.csv"] = replace_once(reg, b"Armenia,France,2023,,24,?,Bastion", b"Armenia,France,2023,24,?,Bastion")
    # Register: delivered TIV 'seven' instead of 7.2.
    m["register-non-numeric-tiv.csv"] = replace_once(reg, b",1.2,7.2,7.2\n", b",1.2,7.2,seven\n")
    # Register: delivered TIV 'inf' and a negative number ordered (float() takes both).
    m["register-infinite-tiv.csv"] = replace_once(reg, b",1.2,7.2,7.2\n", b",1.2,7.2,inf\n")
    m["register-negative-number.csv"] = replace_once(reg, b"Armenia,India,2020,,4,", b"Armenia,India,2020,,-4,")
    # Register: delivery years separated by commas (quoted) instead of '; '.
    m["register-bad-delivery-years.csv"] = replace_once(reg, b",2016; 2017,", b",\"2016, 2017\",")
    # Register: year of order 1850.
    m["register-order-year-out-of-range.csv"] = replace_once(reg, b"Armenia,India,2020,", b"Armenia,India,1850,")
    # Register: delivery year 2916 (a typo for 2016).
    m["register-delivery-year-out-of-range.csv"] = replace_once(reg, b",2016; 2017,", b",2916; 2017,")
    # Register: an uncertainty column holding 'x' instead of '?'.
    m["register-bad-flag.csv"] = replace_once(reg, b"Armenia,Russia,2020,?,4,?,Mi-17", b"Armenia,Russia,2020,x,4,?,Mi-17")
    # Register: a row without a supplier.
    m["register-empty-supplier.csv"] = replace_once(reg, b"Armenia,India,2020,", b"Armenia,,2020,")
    # Register: an unterminated quote swallows the rest of the file.
    m["register-unterminated-quote.csv"] = replace_once(reg, b",$40 m deal,", b",\"$40 m deal,")
    # Register: a fractional year of order.
    m["register-fractional-year.csv"] = replace_once(reg, b"Armenia,India,2020,", b"Armenia,India,2020.5,")
    # Register saved as UTF-16 (NUL bytes).
    m["register-utf16.csv"] = reg.decode("cp1252").encode("utf-16")
    # Register with a byte that CP1252 does not define (0x81; Latin-1 would call it a control
    # character): neither SIPRI's encoding nor text.
    m["register-undefined-cp1252-byte.csv"] = replace_once(reg, b"W\xe4rtsil\xe4", b"W\x81rtsil\x81")
    # A gzip body that was never decompressed (Content-Encoding ignored).
    m["register-gzip.csv.gz"] = gzip.compress(reg, mtime=0)
    # An HTML error page where a CSV was expected.
    m["html-error-page.html"] = (b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n"
                                b"<body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>\n")
    # API answers: JSON without 'bytes'; 'bytes' not a string; invalid base64; truncated JSON;
    # a JSON list; base64 of something that is not a register.
    m["api-without-bytes.json"] = b'{"message":"An error has occurred.","status":500}'
    m["api-bytes-not-string.json"] = b'{"bytes":null}'
    m["api-invalid-base64.json"] = b'{"bytes":"VHJhbnNmZXJz#IG9mIG1ham9y"}'
    m["api-truncated.json"] = api_json[:1000]
    m["api-list.json"] = b'[{"bytes":"VHJh"}]'
    m["api-not-a-register.json"] = api(b"".join(reg_l))
    # Per-delivery-year register: 'Maybe' in a Yes/No column; an empty deal id; a header column
    # missing; a fractional deal id.
    m["delivery-years-bad-yes-no.csv"] = b"".join(dy_l[:12]) + dy_l[12].replace(b",1999,Yes,", b",1999,Maybe,", 1) + b"".join(dy_l[13:])
    m["delivery-years-empty-id.csv"] = b"".join(dy_l[:13]) + dy_l[13].replace(b"32502,", b",", 1) + b"".join(dy_l[14:])
    m["delivery-years-missing-header-column.csv"] = b"".join(dy_l[:11]) + dy_l[11].replace(b",Local production", b"") + b"".join(dy_l[12:])
    m["delivery-years-delivery-year-out-of-range.csv"] = b"".join(dy_l[:12]) + dy_l[12].replace(b",2001,Yes,New", b",1901,Yes,New", 1) + b"".join(dy_l[13:])
    # New-site table: a percentage that is not one ('Percentage of total' of Armenia).
    m["tiv-new-bad-percentage.csv"] = replace_once(imp, b"983,0.0%,983,0.0%\n", b"983,0.0%,983,n/a\n")
    # The API's table of one recipient's imports by supplier (2026): its total row lost
    # (truncated); the total row renamed 'Total', which no longer names the recipient; a
    # doubled percent sign; the file cut inside the Turkiye row; the header's first cell
    # renamed (an unknown layout); a negative TIV.
    ukr_l = lines(ukr)
    m["tiv-recipient-by-supplier-missing-total.csv"] = b"".join(ukr_l[:10])
    m["tiv-recipient-by-supplier-total-without-recipient.csv"] = replace_once(
        ukr, b"\nTotal exports to Ukraine,", b"\nTotal,")
    m["tiv-recipient-by-supplier-bad-percentage.csv"] = replace_once(ukr, b",41%,6094,", b",41%%,6094,")
    m["tiv-recipient-by-supplier-truncated-mid-row.csv"] = ukr[:ukr.index(b"\nTurkiye,") + 21]
    m["tiv-recipient-by-supplier-renamed-header.csv"] = replace_once(ukr, b"\nSupplier,", b"\nSuppliers,")
    m["tiv-recipient-by-supplier-negative.csv"] = replace_once(ukr, b"\nTurkiye,14,", b"\nTurkiye,-14,")
    # The hand-made table of one supplier's exports by recipient (2026): cut before its last
    # row 'Total imports from China' (its header is the 2024 world imports table's, so only the
    # last row could tell them apart); its last row spelled 'Total exports from China', which
    # no layout ends with.
    chn = supplier_by_recipient_china(ukr)
    m["tiv-supplier-by-recipient-missing-total.csv"] = b"".join(lines(chn)[:11])
    m["tiv-supplier-by-recipient-unknown-total.csv"] = replace_once(
        chn, b"\nTotal imports from China,", b"\nTotal exports from China,")
    for k, b in m.items():
        out[f"malformed/{k}"] = b
    return out


def main() -> int:
    files = build()
    if "--check" in sys.argv:
        bad = [n for n, b in files.items() if not (HERE / n).is_file() or (HERE / n).read_bytes() != b]
        print("differ: " + ", ".join(bad) if bad else "all variants and malformed files match")
        return 1 if bad else 0
    for name, data in files.items():
        p = HERE / name
        p.parent.mkdir(exist_ok=True)
        p.write_bytes(data)
    print(f"{len(files)} files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
