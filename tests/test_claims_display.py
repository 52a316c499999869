"""How a claim result reads on a page and in a figure (armsdata.claims.display): verdict styles
that stay apart without colour, numbers that keep a claim's limits apart, bounds rounded outward.

Expected strings are worked out by hand from the inputs.
"""

from __future__ import annotations


import numpy as np
import pytest
from conftest import cie_lightness
from conftest import result_row as row
from hypothesis import given
from hypothesis import strategies as st

from armsdata.claims import display
from armsdata.claims.rules import VERDICTS

INF = float("inf")

# ---------------------------------------------------------------- verdicts

#: Deuteranopia, severity 1 (Machado, Oliveira & Fernandes 2009), on linear RGB.
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def _deuteranope(rgb: np.ndarray) -> np.ndarray:
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    sim = np.clip(DEUTERANOPIA @ lin, 0, 1)
    return np.where(sim <= 0.0031308, 12.92 * sim, 1.055 * sim ** (1 / 2.4) - 0.055)


def _contrast(a: np.ndarray, b: np.ndarray) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    def lum(c):
        lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_verdict_has_a_colour_a_glyph_and_its_word():
    assert tuple(display.VERDICT_STYLES) == VERDICTS
    styles = display.VERDICT_STYLES.values()
    assert len({s.glyph for s in styles}) == len(VERDICTS)      # told apart without colour
    assert [s.label for s in styles] == list(VERDICTS)
    unknown = display.verdict_style("partly true")
    assert unknown.label == "partly true" and unknown.glyph not in {s.glyph for s in styles}


@pytest.mark.parametrize("vision", ["normal", "deuteranopia"])
def test_verdict_colours_stay_apart_in_greyscale(vision):
    """Every two verdict fills differ by >= 10 L*, for normal vision and simulated deuteranopia
    (greyscale keeps lightness only, so this is also the greyscale check)."""
    fills = [_rgb(s.colour) for s in display.VERDICT_STYLES.values()]
    if vision == "deuteranopia":
        fills = [_deuteranope(c) for c in fills]
    lightness = [cie_lightness(c) for c in fills]
    gaps = [abs(a - b) for i, a in enumerate(lightness) for b in lightness[i + 1:]]
    assert min(gaps) >= 10, lightness


def test_verdict_text_is_readable_on_its_fill():
    for verdict, s in display.VERDICT_STYLES.items():
        assert _contrast(_rgb(s.colour), _rgb(s.text)) >= 4.5, verdict    # WCAG AA


# ---------------------------------------------------------------- numbers and ranges

@pytest.mark.parametrize("x, unit, keep, want", [
    (93.734, "per cent", (), "93.7"),
    (94.0, "per cent", (), "94.0"),
    (93.99, "per cent", (94,), "93.99"),        # 94.0 would read as meeting "at least 94"
    (93.999, "per cent", (94,), "93.999"),
    (2044.0, "year", (), "2044"),
    (4000.0, "persons", (), "4,000"),
    (468.0, "t", (), "468"),
    (0.5, "t", (), "0.5"),
    (29394.4, "TIV (millions)", (), "29,394.4"),
    (None, "t", (), "?"),
    (float("inf"), "t", (), "∞"),
])
def test_format_number(x, unit, keep, want):
    assert display.format_number(x, unit, keep) == want


@pytest.mark.parametrize("x, rounding, keep, want", [
    (93.4591, "down", (), "93.4"),              # a low bound: down, never up to 93.5
    (94.0012, "up", (), "94.1"),                # a high bound: up, never down to 94.0
    (94.0591, "down", (94,), "94.05"),          # 94.0 would read as reaching down to 94
    (93.69, "down", (93.685,), "93.69"),        # its shortest decimal, not 93.689 (93.68999...)
    (-4.61, "down", (), "-4.7"),
    (1234.56, "up", (), "1,234.6"),
])
def test_bounds_are_rounded_outward(x, rounding, keep, want):
    assert display.format_number(x, "per cent", keep, rounding) == want


def test_format_range_rounds_outward_and_keeps_one_precision():
    assert display.format_range(93.69, 93.99, "per cent", [94]) == "93.69–93.99"
    assert display.format_range(93.02, 94.72, "per cent") == "93.0–94.8"
    assert display.format_range(93.4591, 93.99, "per cent", [94]) == "93.45–93.99"
    assert display.format_range(93.4591, 94.0081, "per cent", [94]) == "93.45–94.01"
    assert display.format_range(400.04, 510.0, "t") == "400–510"           # no padding zeros
    assert display.format_range(2044, 2044, "year") == "2044"
    assert display.format_range(93.45, 93.45, "per cent") == "93.4–93.5"   # a point, honestly


def _shown_ends(text: str) -> tuple[float, float]:
    parts = text.replace(",", "").split("–")
    return float(parts[0]), float(parts[-1])


@given(low=st.floats(-1e9, 1e9), width=st.floats(0, 1e7),
       unit=st.sampled_from(["per cent", "t", "year", "TIV (millions)", ""]),
       keep=st.lists(st.floats(-1e9, 1e9), max_size=2))
def test_the_range_shown_always_contains_the_range_computed(low, width, unit, keep):
    high = low + width
    shown_low, shown_high = _shown_ends(display.format_range(low, high, unit, keep))
    assert shown_low <= low and shown_high >= high


@pytest.mark.parametrize("fields, want", [
    ({}, "≥ 94 %"),
    ({"comparator": "over", "unit": "t", "quantity": 510, "claim_low": 510}, "> 510 t"),
    ({"comparator": "at-most", "quantity": 5, "claim_low": -INF, "claim_high": 5}, "≤ 5 %"),
    ({"comparator": "range", "unit": "year", "quantity": [2016, 2017], "claim_low": 2016,
      "claim_high": 2017}, "2016–2017"),
    ({"comparator": "about", "unit": "km", "quantity": 300, "claim_low": 250, "claim_high": 350},
     "≈ 300 km (250–350)"),
    ({"comparator": "equals", "unit": "flights", "quantity": 9, "claim_low": 9, "claim_high": 9},
     "= 9 flights"),
    ({"comparator": "about", "unit": "persons", "quantity": 3000, "claim_low": 2500,
      "claim_high": 3500}, "≈ 3,000 persons (2,500–3,500)"),
    ({"claim_low": -INF}, "any value"),
    # "about 3.9 %" is 3.85 to under 3.95 (SIPRI's fact sheet, world arms transfers 2007-11 to
    # 2017-21): its limits keep the digit they add, rounded to neither 3.8/3.9 nor 3.9/4.0
    ({"comparator": "about", "quantity": 3.9, "claim_low": 3.9 - 0.05, "claim_high": 3.9 + 0.05},
     "≈ 3.9 % (3.85–3.95)"),
    ({"comparator": "about", "quantity": -4.6, "claim_low": -4.65, "claim_high": -4.55},
     "≈ -4.6 % (-4.65–-4.55)"),
])
def test_claimed_region(fields, want):
    assert display.claimed_region(row(**fields)) == want


