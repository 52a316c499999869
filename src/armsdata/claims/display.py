"""How a claim result reads on a page and in a figure: the verdict's colour, glyph and word; the
numbers, ranges and units; the claim's values in symbols; the key figure of the report's index.

The report's pages (:mod:`armsdata.report`) and the figures drawn from claim results
(:mod:`armsdata.plots`) both use what is here, so a verdict or a range looks and reads the same
in both.  The text formats and the explanations write their numbers with
:func:`armsdata.claims.rules.fmt` (:mod:`.formats`, :mod:`.explain`).

Rows are mappings with the claim-result fields of ``docs/claims.md``
(:meth:`~armsdata.claims.model.ClaimResult.to_dict`): numbers as floats, ``±inf`` for an open end
of the claim, None where there is no value.

Numbers keep enough decimals not to cross a claim's limits, and a bound is rounded outward, never
inward (a low of 93.4591 shows as 93.4, a high of 94.0012 as 94.1; with two decimals, 93.45 and
94.01): the range shown always contains the range computed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from typing import Any, Literal, Mapping, Sequence

from armsdata.analysis import finite_or_none, number_or_none

# --------------------------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerdictStyle:
    """How one verdict looks: fill colour, text colour on it, a glyph, and the words."""

    colour: str
    text: str
    glyph: str
    label: str


#: Verdicts of ``armsdata.claims`` in their order.  Colours: Okabe–Ito hues (bluish green, blue,
#: reddish purple, orange, vermillion) set to CIE lightness 17.5 (supported), 77 (caveat), 46
#: (inconclusive), 88 (not-supported), 57 (differs on a later release), 28 (contradicted) and 100
#: (not-checkable, white within the badge's edge), so any two differ by at least 10 L* and stay
#: apart in greyscale and for colour-blind readers (deuteranopia keeps lightness); the glyphs
#: (full, half, empty circle; a two-way arrow for "the figures allow both"; a circular arrow for
#: "revised since"; a cross; a question mark) and the words say it without colour.  Text colour:
#: whichever of black and white contrasts more with the fill (>= 5:1 for each).
VERDICT_STYLES: dict[str, VerdictStyle] = {
    "supported": VerdictStyle("#003224", "#FFFFFF", "\u25cf", "supported"),
    "supported-with-caveat": VerdictStyle("#00D79D", "#000000", "\u25d0", "supported-with-caveat"),
    "inconclusive": VerdictStyle("#0071B1", "#FFFFFF", "\u2194", "inconclusive"),
    "not-supported": VerdictStyle("#FFDA86", "#000000", "\u25cb", "not-supported"),
    "differs-on-later-release": VerdictStyle("#C66A9D", "#000000", "\u21bb",
                                             "differs-on-later-release"),
    "contradicted": VerdictStyle("#6F3100", "#FFFFFF", "\u2717", "contradicted"),
    "not-checkable": VerdictStyle("#FFFFFF", "#000000", "?", "not-checkable"),
}
#: A verdict outside VERDICT_STYLES (a newer engine, a typo): neutral, shown by its own words.
OTHER_VERDICT = VerdictStyle("#FFFFFF", "#000000", "\u00b7", "")
#: Outline of every verdict badge, so the near-white one has an edge.
BADGE_EDGE = "#555555"


def verdict_style(verdict: str) -> VerdictStyle:
    """The style of *verdict*; :data:`OTHER_VERDICT` (labelled with *verdict*) if unknown."""
    style = VERDICT_STYLES.get(verdict)
    if style is None:
        return VerdictStyle(OTHER_VERDICT.colour, OTHER_VERDICT.text, OTHER_VERDICT.glyph,
                            str(verdict) or "no verdict")
    return style


# --------------------------------------------------------------------------------------------
# Numbers, ranges, units
# --------------------------------------------------------------------------------------------

#: How the evidence's range is named on a page, per ``range_kind`` (docs/claims.md).
RANGE_LABELS: dict[str, str] = {
    "bound": "bound",
    "conditional-bound": "bound if",
    "reported-range": "reported range",
    "count": "count",
    "sum-of-reports": "sum of reports",
    "none": "",
}
#: Units written as a symbol after the number, or not at all.
_UNIT_SYMBOLS = {"per cent": "%", "percent": "%", "%": "%", "year": "", "years": " years"}
#: Which way a number is rounded to the decimals shown: a low bound down, a high bound up.
Rounding = Literal["nearest", "down", "up"]
#: Enough digits for any float written out in full, so rounding down or up is exact.
_EXACT = Context(prec=800)


#: Where the point shown for a SIPRI figure comes from, by the basis in its ``point_from``
#: (:func:`armsdata.claims.by_release.label`): SIPRI's own figures, or an estimate that assumes
#: how each deal's TIV falls into its delivery years (the classic register's even split).
POINT_SOURCES: dict[str, str] = {
    "per-year": "SIPRI's per-year values",
    "total": "SIPRI's printed totals",
    "rows": "SIPRI's printed rows",
    "register": "estimate: even split",
}
#: The basis whose point is an estimate under an assumption, never a figure SIPRI printed, and
#: the words that go before such a point where it follows the bounds.
ESTIMATE_BASIS = "register"
ESTIMATE_WORDS = "even-split estimate"


def point_basis(point_from: str) -> str:
    """The basis of a point: ``per-year`` from ``"edition 2024-04-16, basis per-year"``
    (``point_from`` of a result or a revision row); ``""`` when it names none."""
    text = str(point_from or "")
    return text.rpartition("basis ")[2].strip() if "basis " in text else ""


def is_estimate(row: Mapping[str, Any]) -> bool:
    """Whether the point of *row* (a result, a revision row) is an estimate under an assumption
    (the classic register's even split), not a quotient of figures SIPRI printed."""
    return point_basis(str(row.get("point_from") or "")) == ESTIMATE_BASIS


def point_source(row: Mapping[str, Any]) -> str:
    """Where the point of *row* comes from, in words (:data:`POINT_SOURCES`); ``""`` unknown."""
    basis = point_basis(str(row.get("point_from") or ""))
    return POINT_SOURCES.get(basis, f"basis {basis}" if basis else "")


def unit_text(unit: str) -> str:
    """The unit as it follows a number: ``" %"``, ``" t"``, ``""`` for years."""
    u = str(unit or "").strip()
    if u in _UNIT_SYMBOLS:
        sym = _UNIT_SYMBOLS[u]
        return " %" if sym == "%" else sym
    return f" {u}" if u else ""


def format_number(x: float | None, unit: str = "", keep_apart: Sequence[float] = (),
                  rounding: Rounding = "nearest", decimals: int = 1) -> str:
    """*x* for a reader: years as such, per cent with one decimal (or *decimals*), other units
    with up to one; thousands separated (not years).

    More decimals (up to three) are shown where rounding would change how *x* compares with a
    number in *keep_apart* (the claim's limits): 93.99 against a claim of "at least 94" is
    written 93.99, never 94.0.  *rounding* ``down`` or ``up`` rounds a low or a high bound
    outward, so the number shown never lies inside the bound; it has at least the decimals
    rounding to the nearest would need.
    """
    if x is None:
        return "?"
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if math.isnan(f):
        return "?"
    if math.isinf(f):
        return "\u221e" if f > 0 else "\u2212\u221e"
    u = str(unit or "").strip()
    if u.startswith("year") and f == round(f):
        return str(int(round(f)))
    limits = [float(k) for k in keep_apart if k is not None and math.isfinite(float(k))]
    digits = max(1, decimals) if _UNIT_SYMBOLS.get(u) == "%" else 1
    # more decimals while the number shown, or the nearest one, would sit on the other side of
    # a limit: a bound then reads as the explanations write it (93.46-94.01, not 93.4-94.1)
    while digits < max(3, decimals) and any(_side(float(_rounded(f, digits, r)), k) != _side(f, k)
                             for k in limits for r in {rounding, "nearest"}):
        digits += 1
    if _UNIT_SYMBOLS.get(u) != "%" and digits == 1 and f == round(f):
        digits = 0
    s = _fixed(f, digits, rounding)
    if _UNIT_SYMBOLS.get(u) != "%" and "." in s and not limits:
        s = s.rstrip("0").rstrip(".")
    return s


def format_range(low: float | None, high: float | None, unit: str = "",
                 keep_apart: Sequence[float] = ()) -> str:
    """``"93.02–94.72"``: :func:`format_number` for both ends, rounded outward (the low down, the
    high up), with the same decimals (the more of the two); one number when they read the same."""
    a = format_number(low, unit, keep_apart, "down")
    b = format_number(high, unit, keep_apart, "up")
    if a == b:
        return a

    def decimals(x: str) -> int:
        return len(x.split(".")[1]) if "." in x else 0

    d = max(decimals(a), decimals(b))
    if d and decimals(a) != decimals(b):
        ends = ((low, "down", a), (high, "up", b))
        a, b = (_fixed(float(x), d, r) if finite_or_none(x) is not None else shown
                for x, r, shown in ends)
    return f"{a}–{b}"


def _rounded(f: float, digits: int, rounding: Rounding) -> float | Decimal:
    """*f* to *digits* decimals: to the nearest, or down or up.

    Down and up start from the shortest decimal that reads back as *f* (``repr``), so 93.69
    stays 93.69 rather than becoming 93.68 from its binary value 93.6899999…; the number shown,
    read back as a float, is still never above (down) or below (up) *f*.
    """
    if rounding == "nearest":
        return round(f, digits)
    mode = ROUND_FLOOR if rounding == "down" else ROUND_CEILING
    return Decimal(repr(f)).quantize(Decimal(1).scaleb(-digits), rounding=mode, context=_EXACT)


def _fixed(f: float, digits: int, rounding: Rounding) -> str:
    """*f* with *digits* decimals, rounded as asked; thousands separated from 1,000 on."""
    return format(_rounded(f, digits, rounding), f"{',' if abs(f) >= 1000 else ''}.{digits}f")


def _side(a: float, b: float) -> int:
    return (a > b) - (a < b)


def claim_limits(row: Mapping[str, Any]) -> tuple[float, float]:
    """The values that make a claim true, as ``(low, high)``; ``±inf`` at an open end."""
    lo, hi = number_or_none(row.get("claim_low")), number_or_none(row.get("claim_high"))
    return (-math.inf if lo is None else lo), (math.inf if hi is None else hi)


def is_numeric_claim(row: Mapping[str, Any]) -> bool:
    """A claim with a number: a finite limit on either side."""
    return any(math.isfinite(x) for x in claim_limits(row))


# --------------------------------------------------------------------------------------------
# A claim and its evidence in words
# --------------------------------------------------------------------------------------------

def claimed_region(row: Mapping[str, Any], with_unit: bool = True) -> str:
    """The values that make a claim true, in symbols and as the claim writes its numbers:
    ``"≥ 94 %"``, ``"> 510 t"``, ``"2016–2017"``, ``"≈ 300 km (250–350)"``,
    ``"= 9 flights"``."""
    unit = str(row.get("unit") or "")
    lo, hi = claim_limits(row)
    q = row.get("quantity")
    comparator = str(row.get("comparator") or "")
    u = unit_text(unit) if with_unit else ""

    def num(x: float) -> str:  # as few decimals as say it exactly: 39, 38.5, 3.85 (no padding)
        if unit.strip().startswith("year"):
            return format_number(x, "year")
        digits = next((d for d in range(4) if abs(round(x, d) - x) <= 1e-9 * max(1.0, abs(x))), 3)
        return _fixed(x, digits, "nearest")

    point = finite_or_none(q) if not isinstance(q, (list, tuple)) else None
    if comparator in ("at-least", "over") and math.isfinite(lo):
        return f"{'≥' if comparator == 'at-least' else '>'} {num(lo)}{u}"
    if comparator in ("at-most", "under") and math.isfinite(hi):
        return f"{'≤' if comparator == 'at-most' else '<'} {num(hi)}{u}"
    if comparator == "equals" and point is not None:
        return f"= {num(point)}{u}"
    if comparator == "about" and point is not None:
        return (f"≈ {num(point)}{u} ({num(lo)}–{num(hi)})"
                if math.isfinite(lo) and math.isfinite(hi) else f"≈ {num(point)}{u}")
    if math.isfinite(lo) and math.isfinite(hi):
        return f"{num(lo)}{u}" if lo == hi else f"{num(lo)}–{num(hi)}{u}"
    if math.isfinite(lo):
        return f"≥ {num(lo)}{u}"
    if math.isfinite(hi):
        return f"≤ {num(hi)}{u}"
    return "any value"


def condition_text(row: Mapping[str, Any]) -> str:
    """``"if <assumption>, <assumption>"`` for a conditional bound: the assumptions not
    confirmed (all of them if every one is); ``""`` when the row names none."""
    items = [a for a in (row.get("assumptions") or []) if isinstance(a, Mapping)]
    open_ = [a for a in items if not a.get("confirmed")] or items
    names = [str(a.get("name") or "").strip() for a in open_]
    names = [n for n in names if n]
    return "if " + ", ".join(names) if names else "if its assumptions hold"


def key_figure(row: Mapping[str, Any]) -> tuple[str, str]:
    """The evidence's figure, as (figure, what kind of range and which).

    ``("93.7 %", "bound 93.0–94.8")``, ``("400–510 t", "reported range")``,
    ``("93.9 %", "bound 93.0–94.8 if even delivery split")``, ``("9 flights", "count 8–9")``,
    ``("–", "no figure from the evidence")``.  Numbers keep enough decimals not to cross the
    claim's limits; bounds are rounded outward (:func:`format_range`).

    A point that is an estimate under an assumption (:func:`is_estimate`: the classic register's
    even split) is never the figure: the bounds are, and the point follows them labelled as what
    it is, with two decimals: ``("93.0–94.8 %", "bound; even-split estimate 93.86 %")``.
    """
    unit = str(row.get("unit") or "")
    u = unit_text(unit)
    limits = [x for x in claim_limits(row) if math.isfinite(x)]
    value, low, high = (finite_or_none(row.get(k)) for k in ("value", "low", "high"))
    kind = str(row.get("range_kind") or "none")
    label = "bound" if kind == "conditional-bound" else RANGE_LABELS.get(kind, kind)
    condition = " " + condition_text(row) if kind == "conditional-bound" else ""
    if low is not None and high is not None:
        rng = format_range(low, high, unit, limits)
    elif low is not None:
        rng = f"at least {format_number(low, unit, limits, 'down')}"
    elif high is not None:
        rng = f"at most {format_number(high, unit, limits, 'up')}"
    else:
        rng = ""
    if value is not None and rng and is_estimate(row):
        point = format_number(value, unit, limits, decimals=2)
        return f"{rng}{u}", f"{label}{condition}; {ESTIMATE_WORDS} {point}{u}".strip()
    if value is not None:
        point = format_number(value, unit, limits)
        figure = f"{point}{u}"
        detail = label if not rng or rng == point else f"{label} {rng}".strip()
    elif rng:
        figure, detail = f"{rng}{u}", label
    else:
        return "–", "no figure from the evidence"
    return figure, (detail + condition).strip()


def estimate_text(row: Mapping[str, Any]) -> str:
    """The point of *row* labelled as the estimate it is: ``"93.86 % (estimate: even split)"``
    (two decimals, never crossing the claim's limits); ``""`` without a point."""
    value = finite_or_none(row.get("value"))
    if value is None:
        return ""
    limits = [x for x in claim_limits(row) if math.isfinite(x)]
    unit = str(row.get("unit") or "")
    point = format_number(value, unit, limits, decimals=2)
    return f"{point}{unit_text(unit)} ({POINT_SOURCES[ESTIMATE_BASIS]})"
