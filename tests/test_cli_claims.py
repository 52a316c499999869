"""`armsdata claims` through its real entry point."""

from __future__ import annotations

import json

from armsdata import claims, cli
from armsdata.errors import LedgerError

VERDICTS = {"supported", "supported-with-caveat", "not-supported", "contradicted", "not-checkable"}


def test_claims_json_has_every_claim_with_the_documented_keys(capsys):
    assert cli.main(["claims", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [c.id for c in claims.load_claims()]
    for r in rows:
        assert {"id", "quote", "value", "low", "high", "unit", "verdict", "explanation", "evidence"} <= set(r)
        assert r["verdict"] in VERDICTS


def test_claims_text_names_each_verdict(capsys):
    assert cli.main(["claims"]) == 0
    out = capsys.readouterr().out
    for c in claims.load_claims():
        assert c.id in out


def test_a_claim_that_cannot_be_evaluated_makes_the_command_fail_but_not_hide_the_others(capsys, monkeypatch):
    def broken(claim, ctx):
        raise LedgerError("loans.csv, row 2, column 'amount': 'abc' is not a number")

    monkeypatch.setitem(claims.EVALUATORS, "ledger-sum", broken)
    assert cli.main(["claims", "--format", "csv"]) == 1
    out, err = capsys.readouterr()
    assert "cannot be evaluated" in err and "loans.csv, row 2" in err
    assert "russia-share-2011-2020" in out
