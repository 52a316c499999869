"""Claims as data, evaluated against SIPRI and the curated ledgers, with verdicts no stronger
than their evidence.

A claims file (``data/claims.yaml`` holds the article's; ``armsdata check FILE`` reads anyone's;
the schema is in ``docs/claims.md``) states what a text says — quote, quantity, unit,
comparator, window — and which evidence to check it against; never an expected result.  One job
per module:

==========================  ======================================================================
:mod:`.engine`              evaluate a claim, a list, a file; tabulate the results
:mod:`.schema`              the claims file: schema, safe loading, validation with file/claim/line
:mod:`.rules`               the verdict rules (generic) and the "about N" precision rule
:mod:`.context`             the data a run reads: editions, ledgers, judgement calls, loaded once
:mod:`.checks`              one evaluator per ``check``: numbers and classified evidence
:mod:`.model`               findings and results (``range_kind``, assumptions, judgements)
:mod:`.explain`             prose from the numbers: the explanation and the one-sentence reason
:mod:`.formats`             text, CSV, JSON, Markdown; the HTML page is :mod:`armsdata.report`'s
:mod:`.display`             how a result reads on a page and in a figure: verdict colours and
                            glyphs, numbers and ranges (bounds rounded outward), the key figure
:mod:`.tables`              a claim and its result as small DataFrames (evidence, estimates, ...)
:mod:`.over_editions`       every SIPRI claim on every edition there is: value, bounds, verdict
==========================  ======================================================================

The principles every verdict follows are listed (and each is tested as a property over every
claim) in :mod:`armsdata.claims.rules`: absence in a searched ledger is not evidence of absence;
a bound never takes the claim's own numbers as facts, and a bound with unconfirmed assumptions is
conditional; evidence moves verdicts only in its own direction; ranges say what they are
(``range_kind``); "about" means the same in a claim and in a report.

>>> from armsdata import claims
>>> results = claims.evaluate_all()                                        # doctest: +SKIP
>>> print(claims.format_results(results, "text"))                          # doctest: +SKIP
"""

from __future__ import annotations

from armsdata.claims import tables
from armsdata.claims.checks import EVALUATORS, UNANSWERABLE, ledgers_of
from armsdata.claims.context import Context, present_editions
from armsdata.claims.formats import Format, format_results
from armsdata.claims.model import RANGE_KINDS, RESULT_COLUMNS, ClaimResult, Finding
from armsdata.claims.rules import COMPARATORS, INF, VERDICTS, Decision
from armsdata.claims.schema import (
    CHECKS,
    SIPRI_CHECKS,
    Claim,
    ClaimsFile,
    Window,
    get_claim,
    load,
    load_claims,
)
from armsdata.claims.engine import (
    broken,
    evaluate,
    evaluate_all,
    evaluate_each,
    evaluate_file,
    named_actors,
    results_frame,
)
from armsdata.claims.over_editions import DRIFT_COLUMNS, drift, drift_summary
from armsdata.errors import ClaimError, ClaimFileError

__all__ = [
    "CHECKS", "COMPARATORS", "DRIFT_COLUMNS", "EVALUATORS", "INF", "RANGE_KINDS",
    "RESULT_COLUMNS", "SIPRI_CHECKS", "UNANSWERABLE", "VERDICTS", "Claim", "ClaimError", "ClaimFileError",
    "ClaimResult", "ClaimsFile", "Context", "Decision", "Finding", "Format", "Window", "broken",
    "drift", "drift_summary", "evaluate", "evaluate_all", "evaluate_each", "evaluate_file",
    "format_results", "get_claim", "ledgers_of", "load", "load_claims", "named_actors",
    "present_editions", "results_frame", "tables",
]
