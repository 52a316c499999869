"""The extractor on the team's annotated dev texts (``shared/texts-dev``, not shipped: skipped
when absent), scored field by field by ``benchmarks/extract_score.py``.

A regression guard, not the measurement (that is the scorer's printout, in the closing notes):
on the texts the extractor was tuned on, every high-confidence claim is right in every field,
and no claim is made from a number the annotations do not state as a SIPRI figure.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "texts-dev").is_dir(),
                                reason="shared/texts-dev is not here (not shipped with the project)")


def _scorer():
    spec = importlib.util.spec_from_file_location("extract_score", ROOT / "benchmarks" / "extract_score.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up there
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


@pytest.fixture(scope="module")
def scores():
    sc = _scorer()
    return {c.name: sc.score(c) for c in sc.dev_cases(SHARED) if c.name not in sc.HELD_OUT}


def test_high_confidence_claims_are_right_in_every_field(scores):
    for name, s in scores.items():
        assert s.high_right == s.high, (name, s.details)


def test_no_claim_from_a_number_that_is_not_an_annotated_sipri_figure(scores):
    for name, s in scores.items():
        assert not s.spurious, (name, s.spurious)


def test_most_figures_are_found_with_every_field_right(scores):
    right = sum(s.right for s in scores.values())
    total = sum(s.annotated for s in scores.values())
    assert right / total >= 0.9, {n: s.details for n, s in scores.items()}
