"""Claims as data: loading, the generic verdict rules, evaluation against ledgers and SIPRI."""

from __future__ import annotations

import csv
import json
import math
import shutil
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from armsdata import claims, ledgers
from armsdata.claims import decide, decide_list, decide_reports
from armsdata.errors import ClaimError

INF = math.inf
SIPRI_CHECKS = ("sipri-share", "sipri-deal-list")


# ---------------------------------------------------------------------------- a fake SIPRI layer

def _share_frame(recipient, start, end, basis, edition, rows):
    return pd.DataFrame(
        [{"supplier": s, "tiv": t, "share": sh, "low": lo, "high": hi, "basis": basis,
          "edition": edition, "window": f"{start}-{end}", "recipient": recipient}
         for s, t, sh, lo, hi in rows])


REGISTER_COLUMNS = ["deal", "recipient", "supplier", "order_year", "designation", "description",
                    "number_delivered", "delivery_years", "status", "comments", "tiv_unit",
                    "tiv_order", "tiv_delivered"]


def fake_editions(share_rows=None, register_rows=None):
    """An object with the editions API, answering from small constructed frames."""
    share_rows = share_rows or {
        "total": [("Russia", 374.0, 94.2, 93.7, 94.7), ("Jordan", 21.0, 5.3, 5.1, 5.4)],
        "rows": [("Russia", 374.0, 93.7, 93.5, 94.0), ("Jordan", 21.0, 5.3, 5.1, 5.4)],
        "register": [("Russia", 373.2, 93.9, 93.0, 94.7), ("Jordan", 20.8, 5.2, 5.2, 5.3)],
    }
    register_rows = register_rows if register_rows is not None else [
        ("Russia", 2015, "BM-9A52 Smerch", "self-propelled MRL", 6.0, (2016, 2017)),
        ("Russia", 2010, "Tigr", "APV", 10.0, (2011,)),
        ("Russia", 2018, "Tor-M1", "mobile SAM system", 2.0, (2019,)),
        ("Russia", 2014, "T-90S", "tank", 1.0, (2016,)),
        ("Russia", 1994, "T-72", "tank", 84.0, (1994, 1995, 1996)),
        ("Jordan", 2018, "Osa", "mobile SAM system", 4.0, (2019,)),
    ]
    calls = []

    def shares(recipient, start, end, *, edition="2022-04-22", basis="total"):
        calls.append(("shares", recipient, start, end, edition, basis))
        return _share_frame(recipient, start, end, basis, edition, share_rows[basis])

    def register(edition="2024-10-13"):
        calls.append(("register", edition))
        return pd.DataFrame(
            [{"deal": i, "recipient": "Armenia", "supplier": s, "order_year": oy, "designation": d,
              "description": desc, "number_delivered": n, "delivery_years": ys, "status": "New",
              "comments": "", "tiv_unit": 1.0, "tiv_order": n, "tiv_delivered": n}
             for i, (s, oy, d, desc, n, ys) in enumerate(register_rows)],
            columns=REGISTER_COLUMNS)

    return SimpleNamespace(shares=shares, register=register, calls=calls)


@pytest.fixture
def fake(monkeypatch):
    f = fake_editions()
    monkeypatch.setattr(claims, "editions", f)
    return f


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the curated ledgers that a test may change."""
    shutil.copytree(ledgers.curated_dir(), tmp_path / "curated")
    return tmp_path


def _edit(path: Path, key: str, key_value: str, column: str, value: str) -> None:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    hits = [r for r in rows if r[key] == key_value]
    assert len(hits) == 1, (key, key_value)
    hits[0][column] = value
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _by_id(results):
    return {r.id: r for r in results}


# ---------------------------------------------------------------------------- claims.yaml

REQUIRED_IDS = {"russia-share-2011-2020", "loans-since-2020", "cargo-flights", "cargo-tonnage",
                "weapon-types", "smerch-delivery-years", "iskander-range", "gyumri-troops",
                "gyumri-seven-decades", "treaty-2044", "erebuni-five-miles", "barda-ganja-deaths"}


def test_every_claim_loads():
    cs = claims.load_claims()
    assert REQUIRED_IDS <= {c.id for c in cs}
    for c in cs:
        assert c.quote and c.method and c.unit
        assert c.comparator in claims.COMPARATORS
        assert c.check in claims.CHECKS


def test_yaml_states_no_result_or_verdict():
    text = (Path(claims.__file__).parent / "data" / "claims.yaml").read_text(encoding="utf-8")
    forbidden = {"expected", "verdict", "result", "value", "answer", "computed"}

    def keys(node):
        if isinstance(node, dict):
            for k, v in node.items():
                yield k
                yield from keys(v)
        elif isinstance(node, list):
            for v in node:
                yield from keys(v)

    assert not forbidden & set(keys(yaml.safe_load(text)))
    for verdict in claims.VERDICTS:
        assert verdict not in text


@pytest.mark.parametrize("change,fragment", [
    ({"comparator": "roughly"}, "field 'comparator'"),
    ({"check": "vibes"}, "field 'check'"),
    ({"quantity": "many"}, "field 'quantity'"),
    ({"window": {"start": 2011}}, "field 'window'"),
    ({"window": {"start": 2020, "end": 2011}}, "end before start"),
    ({"tolerance": -1}, "field 'tolerance'"),
])
def test_bad_claim_is_named(tmp_path, change, fragment):
    raw = {"id": "x", "quote": "q", "quantity": 1, "unit": "u", "comparator": "at-least",
           "check": "cited-fact", "evidence": {"ledger": "facts", "fact": "f"}, "method": "m"}
    raw.update(change)
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"claims": [raw]}), encoding="utf-8")
    with pytest.raises(ClaimError, match=fragment) as info:
        claims.load_claims(path)
    assert "'x'" in str(info.value)


def test_missing_field_and_duplicate_id(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"claims": [{"id": "x", "quote": "q"}]}), encoding="utf-8")
    with pytest.raises(ClaimError, match=r"claim 'x': missing field"):
        claims.load_claims(path)
    one = {"id": "x", "quote": "q", "quantity": 1, "unit": "u", "comparator": "equals",
           "check": "cited-fact", "evidence": {"fact": "f"}, "method": "m"}
    path.write_text(yaml.safe_dump({"claims": [one, one]}), encoding="utf-8")
    with pytest.raises(ClaimError, match="duplicate claim id"):
        claims.load_claims(path)


# ---------------------------------------------------------------------------- verdict rules

DECIDE_CASES = [
    # comparator, quantity, value, low, high, complete, verdict
    ("at-least", 94, 95.0, 94.0, 96.0, True, "supported"),
    ("at-least", 94, 94.2, 93.5, 94.7, True, "supported-with-caveat"),
    ("at-least", 94, 93.8, 93.5, 94.7, True, "not-supported"),
    ("at-least", 94, 90.0, 89.0, 93.9, True, "contradicted"),
    ("at-least", 94, 90.0, 89.0, 93.9, False, "not-supported"),
    ("at-least", 300, 0.0, 0.0, None, True, "not-supported"),       # unbounded above
    ("over", 510, None, 400.0, 468.0, True, "contradicted"),
    ("over", 510, None, 400.0, 510.0, True, "contradicted"),        # "over" is strict
    ("over", 510, None, 400.0, 520.0, True, "not-supported"),
    ("over", 40, 41.0, 41.0, None, True, "supported"),
    ("over", 40, 37.0, 37.0, None, False, "not-supported"),
    ("equals", 9, 9.0, 9.0, 9.0, True, "supported"),
    ("equals", 9, 9.0, 8.0, 9.0, True, "supported-with-caveat"),
    ("equals", 9, 10.0, 8.0, 10.0, True, "not-supported"),
    ("equals", 9, 7.0, 7.0, 8.0, True, "contradicted"),
    ("about", 300, 280.0, 280.0, 280.0, True, "supported"),         # tolerance below
    ("range", (2016, 2017), None, 2016.0, 2017.0, True, "supported"),
    ("range", (2016, 2017), None, 2016.0, 2018.0, True, "not-supported"),
    ("range", (2016, 2017), None, 2018.0, 2019.0, True, "contradicted"),
    ("at-most", 5, 4.0, 3.0, 6.0, True, "supported-with-caveat"),
    ("under", 5, None, 5.0, 6.0, True, "contradicted"),
    ("at-least", 1, None, None, None, True, "not-checkable"),
    ("at-least", 1, None, 5.0, 3.0, True, "not-supported"),         # inconsistent bounds
]


@pytest.mark.parametrize("comparator,quantity,value,low,high,complete,verdict", DECIDE_CASES)
def test_decide(comparator, quantity, value, low, high, complete, verdict):
    tol = 50 if comparator == "about" else 0
    got, rule = decide(comparator, quantity, value, low, high, tol, complete=complete)
    assert got == verdict, rule
    assert rule


def test_decide_prints_numbers_that_compare_as_they_really_do():
    _, rule = decide("at-least", 94, 94.2, 93.9999, 94.7)
    assert "93.9999" in rule and ">= 94" in rule


REPORT_CASES = [
    ([(2044, 2044), (2044, 2044)], "equals", 2044, 0, True, "supported"),
    ([(280, 280), (500, 500)], "about", 300, 50, True, "supported-with-caveat"),
    ([(4000, 4000), (5000, 5000)], "about", 3000, 500, True, "contradicted"),
    ([(4000, 4000), (5000, 5000)], "about", 3000, 500, False, "not-supported"),
    ([(2000, 2000), (4000, 4000)], "about", 3000, 500, True, "not-supported"),
    ([(400, INF)], "over", 510, 0, True, "supported"),                  # "more than 400" allows 511
    ([], "equals", 5, 0, True, "not-checkable"),
]


@pytest.mark.parametrize("reports,comparator,quantity,tol,complete,verdict", REPORT_CASES)
def test_decide_reports(reports, comparator, quantity, tol, complete, verdict):
    assert decide_reports(comparator, quantity, reports, tol, complete=complete)[0] == verdict


@pytest.mark.parametrize("items,matched,found,verdict", [
    (4, 4, 4, "supported"), (4, 3, 4, "supported-with-caveat"), (4, 3, 3, "not-supported"),
    (4, 0, 0, "contradicted"),
])
def test_decide_list(items, matched, found, verdict):
    assert decide_list(items, matched, found)[0] == verdict


def test_proxy_caps_support_only():
    assert claims.cap_for_proxy("supported", "r", "launchers")[0] == "supported-with-caveat"
    assert claims.cap_for_proxy("contradicted", "r", "launchers")[0] == "contradicted"
    assert claims.cap_for_proxy("supported", "r", None)[0] == "supported"


def test_report_interval():
    assert claims.report_interval(400, "more than") == (400, INF)
    assert claims.report_interval(500, "up to") == (500, 500)


# ---------------------------------------------------------------------------- evaluation

def test_every_claim_evaluates_to_a_verdict(fake):
    results = claims.evaluate_all()
    assert [r.id for r in results] == [c.id for c in claims.load_claims()]
    for r in results:
        assert r.verdict in claims.VERDICTS
        assert r.explanation.endswith(".")
        assert r.verdict in r.explanation
        assert r.evidence
        for v in (r.value, r.low, r.high):
            assert v is None or isinstance(v, float)


def test_sipri_share_uses_every_basis_and_the_combined_range(fake):
    (claim,) = [c for c in claims.load_claims() if c.id == "russia-share-2011-2020"]
    ctx = claims.Context(edition_tiv="2022-04-22", edition_register="2024-10-13")
    r = claims.evaluate(claim, ctx)
    bases = [(c[4], c[5]) for c in fake.calls if c[0] == "shares"]
    assert bases == [("2022-04-22", "total"), ("2022-04-22", "rows"), ("2024-10-13", "register")]
    assert (r.value, r.low, r.high) == (94.2, 93.0, 94.7)
    assert r.verdict == "supported-with-caveat"
    assert "94.20 %" in r.explanation and "93.90 %" in r.explanation


@pytest.mark.parametrize("rows,verdict", [
    ([("Russia", 1, 96.0, 95.0, 97.0)], "supported"),
    ([("Russia", 1, 93.0, 92.0, 95.0)], "not-supported"),
    ([("Russia", 1, 90.0, 89.0, 91.0)], "contradicted"),
    ([("Jordan", 1, 100.0, 100.0, 100.0)], "contradicted"),   # Russia absent: share 0
])
def test_sipri_share_verdict_follows_the_data(monkeypatch, rows, verdict):
    f = fake_editions(share_rows={"total": rows, "rows": rows, "register": rows})
    monkeypatch.setattr(claims, "editions", f)
    (claim,) = [c for c in claims.load_claims() if c.id == "russia-share-2011-2020"]
    assert claims.evaluate(claim, claims.Context()).verdict == verdict


def test_weapon_types_from_the_register(fake):
    (claim,) = [c for c in claims.load_claims() if c.id == "weapon-types"]
    r = claims.evaluate(claim, claims.Context())
    # APCs only as a related description (APV), the rest as such; T-72 is outside 2011-2020
    assert (r.value, r.low, r.high) == (4.0, 3.0, 4.0)
    assert r.verdict == "supported-with-caveat"
    assert "Tigr" in r.explanation and "T-72" not in r.explanation


def test_weapon_types_missing_item(monkeypatch):
    f = fake_editions(register_rows=[("Russia", 2015, "BM-9A52 Smerch", "self-propelled MRL", 6.0, (2016,))])
    monkeypatch.setattr(claims, "editions", f)
    (claim,) = [c for c in claims.load_claims() if c.id == "weapon-types"]
    r = claims.evaluate(claim, claims.Context())
    assert r.verdict == "not-supported"
    assert "tanks: none" in r.explanation


@pytest.mark.parametrize("years,verdict", [
    ((2016, 2017), "supported-with-caveat"),   # capped: launchers stand in for rockets
    ((2016, 2018), "not-supported"),
    ((2014,), "contradicted"),
])
def test_smerch_years(monkeypatch, years, verdict):
    f = fake_editions(register_rows=[("Russia", 2015, "BM-9A52 Smerch", "self-propelled MRL", 6.0, years)])
    monkeypatch.setattr(claims, "editions", f)
    (claim,) = [c for c in claims.load_claims() if c.id == "smerch-delivery-years"]
    assert claims.evaluate(claim, claims.Context()).verdict == verdict


def test_smerch_absent_from_register(monkeypatch):
    monkeypatch.setattr(claims, "editions", fake_editions(register_rows=[]))
    (claim,) = [c for c in claims.load_claims() if c.id == "smerch-delivery-years"]
    r = claims.evaluate(claim, claims.Context())
    assert r.verdict == "not-supported" and r.low is None


# ---------------------------------------------------------------------------- ledgers drive results

def _eval(cid, data_dir=None):
    cs = claims.load_claims()
    (claim,) = [c for c in cs if c.id == cid]
    return claims.evaluate(claim, claims.Context(data_dir=data_dir, claims=cs, sipri=fake_editions()))


def test_loans_since_2020_follow_the_signing_dates(data_copy):
    before = _eval("loans-since-2020", data_copy)
    loans = ledgers.load_loans(data_copy / "curated" / "loans.csv")
    provided = loans[loans["status"].isin(["signed", "ratified"])]
    in_window = provided[provided["date_signed"] >= "2020-01-01"]["amount"].sum()
    assert before.value == in_window
    assert "2015-06-26" in before.explanation and "2017-10-24" in before.explanation

    _edit(data_copy / "curated" / "loans.csv", "id", "ru-am-2017-100m", "date_signed", "2020-03-01")
    after = _eval("loans-since-2020", data_copy)
    assert after.value == before.value + 100
    assert after.explanation != before.explanation


def test_loan_in_another_currency_is_refused(data_copy):
    _edit(data_copy / "curated" / "loans.csv", "id", "ru-am-2015-200m", "currency", "EUR")
    with pytest.raises(ClaimError, match="no exchange rates"):
        _eval("loans-since-2020", data_copy)


def test_flight_count_follows_the_reports(data_copy):
    before = _eval("cargo-flights", data_copy)
    _edit(data_copy / "curated" / "cargo_reports.csv", "id", "dayaz-2020-08-24-summary", "flights", "12")
    after = _eval("cargo-flights", data_copy)
    assert after.value == 12 and after.value != before.value
    assert after.verdict != before.verdict or after.value != before.value


def test_tonnage_bound_follows_the_payloads(data_copy):
    before = _eval("cargo-tonnage", data_copy)
    payloads = ledgers.load_payloads(data_copy / "curated" / "aircraft_payloads.csv")
    assert before.high == 9 * payloads["max_payload_t"].max()
    _edit(data_copy / "curated" / "aircraft_payloads.csv", "aircraft", "Il-76TD", "max_payload_t", "60")
    after = _eval("cargo-tonnage", data_copy)
    assert after.high == 9 * 60
    assert after.verdict != before.verdict or before.high >= 510


def test_cited_fact_follows_the_facts(data_copy):
    before = _eval("treaty-2044", data_copy)
    _edit(data_copy / "curated" / "facts.csv", "id", "lease-2044-eadaily", "value", "2040")
    after = _eval("treaty-2044", data_copy)
    assert (before.low, after.low) == (2044, 2040)
    assert after.verdict != before.verdict


def test_fact_with_no_rows_is_not_checkable(data_copy):
    r = _eval("erebuni-five-miles", data_copy)
    assert r.verdict == "not-checkable"
    assert "erebuni_distance_from_central_yerevan_mi" in r.explanation


# ---------------------------------------------------------------------------- output formats

JSON_KEYS = {"id", "quote", "value", "low", "high", "unit", "verdict", "explanation", "evidence"}


def test_formats(fake):
    results = claims.evaluate_all()
    data = json.loads(claims.format_results(results, "json"))
    assert len(data) == len(results)
    for d in data:
        assert JSON_KEYS <= set(d)
        assert d["verdict"] in claims.VERDICTS
    frame = pd.read_csv(StringIO(claims.format_results(results, "csv")))
    assert list(frame.columns) == claims.RESULT_COLUMNS
    assert list(frame["id"]) == [r.id for r in results]
    md = claims.format_results(results, "markdown")
    assert md.startswith("| claim |") and all(f"### {r.id}:" in md for r in results)
    text = claims.format_results(results, "text")
    assert all(f"{r.id}: {r.verdict}" in text for r in results)
    assert claims.format_results(results, "json") == claims.format_results(results, "json")
    with pytest.raises(ValueError, match="unknown format"):
        claims.format_results(results, "xml")  # type: ignore[arg-type]


def test_results_frame_types(fake):
    df = claims.results_frame(claims.evaluate_all())
    assert list(df.columns) == claims.RESULT_COLUMNS
    for col in ("value", "low", "high"):
        assert df[col].dtype == "float64"


# ---------------------------------------------------------------------------- real SIPRI editions

def test_sipri_claims_on_the_shipped_editions():
    """Runs the SIPRI claims on the real editions (armsdata.editions); no fake."""
    results = _by_id(claims.evaluate_all())
    for c in claims.load_claims():
        r = results[c.id]
        assert r.verdict in claims.VERDICTS
        if c.check == "sipri-share":
            assert 0 <= r.low <= r.value <= r.high <= 100, r.explanation
            assert r.verdict != "not-checkable"
        if c.check == "sipri-deal-list":
            assert r.verdict != "not-checkable"
