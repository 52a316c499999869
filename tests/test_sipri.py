"""The live SIPRI client, tested offline against a local server replaying real SIPRI bytes.

Real bytes used (see tests/data/http/README.md): the API answer recorded on 10 Feb 2025
(data/raw/sipri-api-recording-2025-02-10), the 2022 edition's "no data" page
(data/raw/sipri-tiv-2022-04-22), the 2024 register and TIV tables
(data/raw/sipri-trade-register-2024-10-13) and fixtures trimmed from them (tests/data/http/).
Any real network access fails loudly; the one test that reaches sipri.org is marked ``network``
and excluded by default.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import requests
from conftest import HTTP, RAW, RECORDING_DIR, REGISTER_2024_DIR, TIV_2022_DIR

from armsdata import cli, sipri, snapshot
from armsdata.errors import FetchError, ParseError, UnknownActorError, WindowError

sys.path.insert(0, str(Path(__file__).parent))
from replay_server import Reply, ReplayServer, api_reply, block_network, envelope  # noqa: E402

RECORDING = (RECORDING_DIR / "trade-register-csv.response.json").read_bytes()
RECORDED_REQUEST = json.loads((RECORDING_DIR / "manifest.json").read_text())[
    "files"]["trade-register-csv.response.json"]["request"]
TIV_2026_DIR = RAW / "sipri-api-tiv-2026-08-12"
RECORDED_TIV_REQUEST = json.loads((TIV_2026_DIR / "manifest.json").read_text())[
    "files"]["importer-ukraine-2021-2025.csv"]["request"]
NO_DATA_PAGE = (TIV_2022_DIR / "no-data-responses" / "ARU.html").read_bytes()
TIV_2024 = (REGISTER_2024_DIR / "tiv-imports-by-recipient-1950-2024.csv").read_bytes()
REGISTER_ARMENIA = (HTTP / "register-armenia-2024-10-13.csv").read_bytes()
COUNTRIES = (HTTP / "countries-trimmed.json").read_bytes()

REGISTER = "/trades/trade-register-csv/"
TIV = "/trades/import-export-csv/"
COUNTRY_LIST = "/countries/getAllCountriesTrimmed"

#: A made-up error page: SIPRI's real ones were not recorded.
HTML_ERROR_PAGE = (b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head>"
                   b"<body><h1>Service Unavailable</h1><p>Please try again later.</p></body></html>")


def recorded_reply(**kw) -> Reply:
    """The recorded per-delivery-year answer, gzip-compressed as SIPRI sent it."""
    return api_reply(RECORDING, **kw)


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder below *folder* (hidden ones too) → sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest()
                                               if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


# ------------------------------------------------------------------------------------ fixtures

@pytest.fixture(autouse=True)
def offline(request, monkeypatch):
    """No real network (see replay_server.block_network), except for tests marked network."""
    if request.node.get_closest_marker("network"):
        return
    block_network(monkeypatch)


@pytest.fixture
def server():
    with ReplayServer() as s:
        s.add("GET", COUNTRY_LIST, Reply(body=COUNTRIES))
        s.add("POST", REGISTER, recorded_reply())
        yield s


def fetch(server, data_dir, kind="delivery-years", **kw):
    kw.setdefault("start", 2000)
    kw.setdefault("end", 2001)
    kw.setdefault("backoff", 0)
    return sipri.fetch_snapshot(kind, data_dir=data_dir, base_url=server.url, progress=False, **kw)


# ------------------------------------------------------------------------------------ offline

def test_offline_fixture_blocks_real_network():
    with pytest.raises(RuntimeError, match="Attempted query in offline mode"):
        requests.get("http://192.0.2.1/", timeout=1)


# ------------------------------------------------------------------------------------ request shapes

def test_register_body_reproduces_the_recorded_request():
    assert sipri.register_body(2000, 2001, per_delivery_year=True) == RECORDED_REQUEST["body"]
    plain = sipri.register_body(2000, 2001)
    assert [f["field"] for f in plain["filters"]] == ["Delivery year", "Order year", "opendeals"]


def test_register_body_filters_by_recipient_and_supplier():
    body = sipri.register_body(2011, 2020, recipient_ids=[7], supplier_ids=[9])
    first = body["filters"][:2]
    assert first == [
        {"field": "Recipient", "condition": "contains", "value1": "", "value2": "", "listData": [7]},
        {"field": "Supplier", "condition": "contains", "value1": "", "value2": "", "listData": [9]}]


def test_recipient_tiv_body_reproduces_the_recorded_production_request():
    # data/raw/sipri-api-tiv-2026-08-12/manifest.json holds the production client's request,
    # with a placeholder where Ukraine's EntityId went
    recorded = json.loads(json.dumps(RECORDED_TIV_REQUEST["body"]).replace(
        '"<EntityId of Ukraine>"', "901234"))
    assert sipri.tiv_body(2021, 2025, recipient_ids=[901234]) == recorded
    assert RECORDED_TIV_REQUEST["url"] == sipri.DEFAULT_BASE_URL + "/trades/import-export-csv/"


TAIL = ["summarize-by", "DeliveryType", "Status"]


@pytest.mark.parametrize("recipient, supplier, rows, fields", [
    (None, None, None, ["Year range 1"] + TAIL),
    (None, None, "recipients", ["Year range 1"] + TAIL),
    (None, None, "suppliers", ["Year range 1", "orderbyseller"] + TAIL),
    ([1], None, None, ["Year range 1", "Recipient", "orderbyseller"] + TAIL),
    (None, [2], None, ["Year range 1", "Supplier"] + TAIL),
    ([1], [2], None, ["Year range 1", "Recipient", "Supplier"] + TAIL),
])
def test_tiv_body(recipient, supplier, rows, fields):
    body = sipri.tiv_body(2011, 2020, recipient_ids=recipient, supplier_ids=supplier, rows=rows)
    assert [f["field"] for f in body["filters"]] == fields
    # years as strings, as the production client sends them
    assert body["filters"][0]["value1"] == "2011" and body["filters"][0]["value2"] == "2020"
    assert all(f["oldField"] == "" for f in body["filters"])
    assert body["logic"] == "AND"


def test_tiv_body_refuses_unknown_rows():
    with pytest.raises(ValueError, match="rows 'deals'"):
        sipri.tiv_body(2011, 2020, rows="deals")


def test_base_url_precedence(monkeypatch):
    assert sipri.api_base_url() == sipri.DEFAULT_BASE_URL
    monkeypatch.setenv(sipri.BASE_URL_ENV, "http://mirror.example/api/p/")
    assert sipri.api_base_url() == "http://mirror.example/api/p"
    assert sipri.api_base_url("http://arg.example") == "http://arg.example"


def test_user_agent_names_project_and_version():
    from armsdata import __version__
    assert sipri.USER_AGENT.startswith(f"armsdata/{__version__} (+https://")


# ------------------------------------------------------------------------------------ names

ENTRIES = json.loads(COUNTRIES)
ID = {e["Name"]: e["EntityId"] for e in ENTRIES}


@pytest.mark.parametrize("typed, sipri_name", [
    ("Armenia", "Armenia"), ("  armenia ", "Armenia"), ("ARM", "Armenia"),
    ("Turkey", "Turkiye"), ("United States of America", "United States"), ("USA", "United States"),
])
def test_match_country_is_forgiving(typed, sipri_name):
    assert sipri.match_country(typed, ENTRIES) == [ID[sipri_name]]


def test_match_country_unknown_name_suggests():
    with pytest.raises(UnknownActorError, match=r"'Armenai' is not in .*did you mean 'Armenia'"):
        sipri.match_country("Armenai", ENTRIES)


def test_match_country_without_actor_map_is_exact_ignoring_case(monkeypatch):
    monkeypatch.setitem(sys.modules, "armsdata.countries", None)  # import fails
    assert sipri.match_country("ARMENIA", ENTRIES) == [ID["Armenia"]]
    with pytest.raises(UnknownActorError):
        sipri.match_country("Turkey", ENTRIES)


# ------------------------------------------------------------------------------------ success

def test_fetch_replays_the_recorded_answer_into_a_snapshot(server, data_dir):
    before = tree(data_dir / RECORDING_DIR.name)
    result = fetch(server, data_dir)
    assert result.created and not result.empty and result.edition == "2025-02-10"
    assert result.path == data_dir / "delivery-years-2025-02-10"
    assert "new snapshot delivery-years-2025-02-10" in result.message

    # what was sent: the recorded request, with our User-Agent
    (seen,) = server.requests_to(REGISTER)
    assert json.loads(seen.body) == RECORDED_REQUEST["body"]
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.headers["User-Agent"] == sipri.USER_AGENT

    # what was kept: SIPRI's answer byte for byte (though it came gzipped), and the CSV inside it
    snap = snapshot.load(result.path)
    assert snapshot.verify(snap) == []
    assert snap.read("delivery-years.response.json") == RECORDING
    csv = snap.read("delivery-years.csv")
    assert csv == base64.b64decode(json.loads(RECORDING)["bytes"])
    m = snap.manifest
    assert (m["kind"], m["edition"]) == ("delivery-years", "2025-02-10")
    assert server.url in m["source"]
    assert m["attribution"].startswith("Source: SIPRI Arms Transfers Database, generated 10 Feb 2025")
    assert m["retrieved"] and m["query"]["start"] == 2000
    for rel, layout in [("delivery-years.csv", "delivery-years"),
                        ("delivery-years.response.json", "api-response")]:
        entry = m["files"][rel]
        assert entry["layout"] == layout
        assert entry["request"]["method"] == "POST"
        assert entry["request"]["url"] == server.url + REGISTER
        assert entry["request"]["body"] == RECORDED_REQUEST["body"]
        assert entry["response"]["status"] == 200
        assert entry["response"]["headers"]["Content-Encoding"] == "gzip"
        assert entry["sha256"] and entry["content_sha256"] and entry["retrieved"]
    assert m["files"]["delivery-years.csv"]["content_sha256"] == \
        m["files"]["delivery-years.response.json"]["content_sha256"]
    # the snapshot already there is untouched
    assert tree(data_dir / RECORDING_DIR.name) == before


def test_refetch_of_unchanged_data_is_reported_not_duplicated(server, data_dir):
    first = fetch(server, data_dir)
    # another day: SIPRI stamps a new "Data generated" time on the same data
    csv = base64.b64decode(json.loads(RECORDING)["bytes"])
    restamped = csv.replace(b"Data generated: 10 Feb 2025 10:52:58 AM",
                            b"Data generated: 10 Feb 2025 4:01:00 PM")
    assert restamped != csv
    server.add("POST", REGISTER, api_reply(envelope(restamped)))
    before = tree(data_dir)
    second = fetch(server, data_dir)
    assert not second.created and not second.empty
    assert second.path == first.path
    assert "same content as delivery-years-2025-02-10" in second.message
    assert tree(data_dir) == before


def test_register_for_a_recipient_then_shares(server, data_dir):
    server.add("POST", REGISTER, api_reply(envelope(REGISTER_ARMENIA)))
    result = fetch(server, data_dir, "register", recipient="armenia", start=2011, end=2020)
    assert result.created and result.path.name == "register-2024-10-13"
    assert len(server.requests_to(COUNTRY_LIST)) == 1
    body = json.loads(server.requests_to(REGISTER)[0].body)
    assert body == sipri.register_body(2011, 2020, recipient_ids=[ID["Armenia"]])
    snap = snapshot.load(result.path)
    assert snap.kind == "register"
    assert snap.read("trade-register.csv") == REGISTER_ARMENIA
    assert snap.manifest["query"]["recipient_ids"] == [ID["Armenia"]]

    from armsdata import editions, queries
    got = queries.shares(editions.load(result.path), "Armenia", 2011, 2020, basis="register")
    assert got.iloc[0]["supplier"] == "Russia"
    # the Armenian rows of the shipped 2024 register give the same shares; the shipped edition
    # also prints per-year totals, which narrow the bounds (the fetched register has none)
    shipped = queries.shares(editions.load("2024-10-13"), "Armenia", 2011, 2020, basis="register")
    pd.testing.assert_frame_equal(got[["supplier", "tiv", "share", "denominator"]],
                                  shipped[["supplier", "tiv", "share", "denominator"]])
    assert (got["low"] <= shipped["low"] + 1e-9).all() and (shipped["high"] <= got["high"] + 1e-9).all()


def test_tiv_table(server, data_dir):
    server.add("POST", TIV, api_reply(envelope(TIV_2024)))
    result = fetch(server, data_dir, "tiv", start=1950, end=2024)
    assert result.created and result.path.name == "tiv-2024-10-13"
    snap = snapshot.load(result.path)
    assert snap.files["tiv.csv"]["layout"] == "tiv-imports-by-recipient"
    assert snap.read("tiv.csv") == TIV_2024
    assert json.loads(server.requests_to(TIV)[0].body) == sipri.tiv_body(1950, 2024)


def test_progress_bar_only_for_several_requests_on_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stderr", type("Tty", (), {"isatty": lambda self: True,
                                                         "write": lambda self, s: None,
                                                         "flush": lambda self: None})())
    assert not sipri._progress_bar(2, True, "x").disable
    assert sipri._progress_bar(1, True, "x").disable
    assert sipri._progress_bar(2, False, "x").disable


# ------------------------------------------------------------------------------------ no data

def test_no_data_page_gives_an_empty_result(server, data_dir):
    server.add("POST", REGISTER, Reply(body=NO_DATA_PAGE, content_type="text/html"))
    before = tree(data_dir)
    result = fetch(server, data_dir, "register", recipient="Armenia", start=1950, end=1951)
    assert result.empty and result.path is None and not result.created
    assert "no data for the trade register to Armenia 1950-1951" in result.message
    assert tree(data_dir) == before


def test_answer_without_rows_gives_an_empty_result(server, data_dir):
    header_only = REGISTER_ARMENIA.split(b"\nArmenia,", 1)[0] + b"\n"
    server.add("POST", REGISTER, api_reply(envelope(header_only)))
    before = tree(data_dir)
    result = fetch(server, data_dir, "register", start=2011, end=2020)
    assert result.empty and result.path is None and "no rows" in result.message
    assert tree(data_dir) == before


# ------------------------------------------------------------------------------------ failures

UNKNOWN_COLUMN = REGISTER_ARMENIA.replace(b"Recipient,Supplier,", b"Recipient,Supplier,Deal ID,", 1)

FAILURES = {
    "404": ([Reply(status=404, body=b'{"error":"Not Found"}')], FetchError,
            r"HTTP 404; expected 200 with JSON"),
    "persistent 500": ([Reply(status=500, body=b"boom")], FetchError,
                       r"failed after 3 attempt\(s\): HTTP 500 .*expected 200"),
    "HTML error page": ([Reply(body=HTML_ERROR_PAGE, content_type="text/html")], FetchError,
                        r"got an HTML page .* where SIPRI's API answers JSON"),
    "not JSON content type": ([Reply(body=RECORDING, content_type="text/plain")], FetchError,
                              r"content type 'text/plain'; expected application/json"),
    "invalid base64": ([api_reply(b'{"bytes":"not*base64!"}')], ParseError,
                       r"not valid base64"),
    "JSON without bytes": ([api_reply(b'{"status":"error"}')], ParseError,
                           r"JSON without a 'bytes' string .* expected"),
    "truncated body": ([recorded_reply(declared_length=len(RECORDING) + 5000)], FetchError,
                       r"failed after 3 attempt\(s\): the body broke off after \d+ of \d+ bytes"),
    "connection dropped mid-body": ([Reply(body=RECORDING, send_bytes=5000)], FetchError,
                                    r"the body broke off after 5000 of 196096 bytes"),
    "timeout": ([recorded_reply(delay=1.5)], FetchError,
                r"failed after 3 attempt\(s\): no answer within 0.2 s \(read timeout\)"),
    "unknown column": ([api_reply(envelope(UNKNOWN_COLUMN))], ParseError,
                       r"header differs from SIPRI's layout .*'Deal ID'"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failures_raise_named_errors_and_leave_snapshots_alone(server, data_dir, case):
    replies, error, message = FAILURES[case]
    server.add("POST", REGISTER, *replies)
    kind = "register" if case == "unknown column" else "delivery-years"
    before = tree(data_dir)
    with pytest.raises(error, match=message) as info:
        fetch(server, data_dir, kind, retries=2, timeout=0.2 if case == "timeout" else 5)
    assert server.url + REGISTER in str(info.value)
    assert tree(data_dir) == before
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".")]


def test_failure_leaves_an_earlier_fetched_snapshot_byte_identical(server, data_dir):
    fetch(server, data_dir)
    before = tree(data_dir)
    server.add("POST", REGISTER, Reply(body=RECORDING, send_bytes=100))
    with pytest.raises(FetchError):
        fetch(server, data_dir, retries=0)
    assert tree(data_dir) == before


def test_500_then_success_is_retried_with_exponential_backoff(server, data_dir, monkeypatch):
    sleeps: list[float] = []
    monkeypatch.setattr(sipri.time, "sleep", sleeps.append)
    server.add("POST", REGISTER, Reply(status=500), Reply(status=502), Reply(status=504),
               recorded_reply())
    result = fetch(server, data_dir, retries=3, backoff=1.0)
    assert result.created
    assert len(server.requests_to(REGISTER)) == 4
    # urllib3's backoff: the first retry at once, then backoff * 2 ** (n - 1) seconds
    assert sleeps == [2.0, 4.0]
    assert snapshot.load(result.path).files["delivery-years.csv"]["response"]["status"] == 200


def test_a_body_that_breaks_off_is_asked_for_again(server, data_dir):
    # past urllib3's retries (the headers had come): armsdata's own loop asks again
    server.add("POST", REGISTER, Reply(body=RECORDING, send_bytes=5000), recorded_reply())
    result = fetch(server, data_dir, retries=1)
    assert result.created and len(server.requests_to(REGISTER)) == 2
    assert snapshot.load(result.path).read("delivery-years.response.json") == RECORDING


def test_read_timeout_is_retried(server, data_dir):
    server.add("POST", REGISTER, recorded_reply(delay=1.0), recorded_reply())
    result = fetch(server, data_dir, retries=1, timeout=0.3)
    assert result.created
    assert len(server.requests_to(REGISTER)) == 2


def test_retry_after_is_honoured(server, data_dir, monkeypatch):
    sleeps: list[float] = []
    monkeypatch.setattr(sipri.time, "sleep", sleeps.append)
    server.add("POST", REGISTER, Reply(status=429, headers={"Retry-After": "7"}),
               Reply(status=503, headers={"Retry-After": "100000"}), recorded_reply())
    assert fetch(server, data_dir, retries=2, backoff=1.0).created
    assert sleeps == [7.0, sipri.MAX_RETRY_AFTER]


def test_404_is_not_retried(server, data_dir):
    server.add("POST", REGISTER, Reply(status=404))
    with pytest.raises(FetchError):
        fetch(server, data_dir, retries=3)
    assert len(server.requests_to(REGISTER)) == 1


def test_country_list_errors(server, data_dir):
    server.add("GET", COUNTRY_LIST, Reply(body=HTML_ERROR_PAGE, content_type="text/html"))
    with pytest.raises(FetchError, match=r"getAllCountriesTrimmed: got an HTML page; expected a JSON list"):
        fetch(server, data_dir, recipient="Armenia")
    server.add("GET", COUNTRY_LIST, Reply(body=b'{"Name": "Armenia"}'))
    with pytest.raises(ParseError, match="unexpected structure"):
        fetch(server, data_dir, recipient="Armenia")
    server.add("GET", COUNTRY_LIST, Reply(body=COUNTRIES))
    with pytest.raises(UnknownActorError, match="'Atlantis' is not in SIPRI's country list"):
        fetch(server, data_dir, recipient="Atlantis")
    assert not server.requests_to(REGISTER)


def test_bad_arguments(data_dir):
    with pytest.raises(ValueError, match="kind 'trades'"):
        sipri.fetch_snapshot("trades", start=2000, end=2001, data_dir=data_dir)
    with pytest.raises(WindowError, match="after end year"):
        sipri.fetch_snapshot("register", start=2021, end=2020, data_dir=data_dir)


def test_process_wide_ceiling_on_requests_at_once(server, tmp_path):
    server.add("POST", REGISTER, recorded_reply(delay=0.3))
    errors: list[BaseException] = []

    def one(i: int) -> None:
        try:
            fetch(server, tmp_path / str(i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(sipri.MAX_JOBS + 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert server.max_in_flight[REGISTER] == sipri.MAX_JOBS == 4


def test_interrupted_write_leaves_no_trace(server, data_dir, monkeypatch):
    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(snapshot, "write_manifest", killed)
    before = tree(data_dir)
    with pytest.raises(KeyboardInterrupt):
        fetch(server, data_dir)
    assert tree(data_dir) == before  # no half-written folder, no hidden .tmp-* either


def test_process_killed_mid_download_leaves_no_trace(server, data_dir):
    server.add("POST", REGISTER, Reply(body=RECORDING, send_bytes=50_000, then_sleep=20))
    before = tree(data_dir)
    code = ("import sys; from armsdata.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost"}
    proc = subprocess.Popen([sys.executable, "-c", code, "fetch", "delivery-years", "--from",
                             "2000", "--to", "2001", "--data-dir", str(data_dir), "--base-url",
                             server.url], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.partial_sent.wait(20), "the child never started downloading"
    finally:
        proc.kill()
        proc.communicate(timeout=20)
    assert proc.returncode != 0
    assert tree(data_dir) == before


# ------------------------------------------------------------------------------------ CLI

def test_cli_fetch_help_shows_the_armenia_example(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["fetch", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Armenia" in out and "--from 2011 --to 2020" in out
    for kind in ("register", "delivery-years", "tiv", "edition"):
        assert kind in out


@pytest.mark.parametrize("kind", ["register", "delivery-years", "tiv"])
def test_cli_fetch_kind_help_lists_its_options(kind, capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["fetch", kind, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--recipient", "--supplier", "--from", "--to", "--data-dir", "--base-url",
                   "--timeout", "--no-progress"):
        assert option in out


def test_cli_fetch_prints_the_snapshot_folder_last(server, data_dir, capsys):
    assert cli.main(["fetch", "delivery-years", "--from", "2000", "--to", "2001",
                     "--data-dir", str(data_dir), "--base-url", server.url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == str(data_dir / "delivery-years-2025-02-10")


def test_cli_fetch_takes_the_base_url_from_the_environment(server, data_dir, capsys, monkeypatch):
    monkeypatch.setenv(sipri.BASE_URL_ENV, server.url)
    server.add("POST", REGISTER, api_reply(envelope(REGISTER_ARMENIA)))
    assert cli.main(["fetch", "register", "--recipient", "Armenia", "--from", "2000", "--to",
                     "2001", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == str(data_dir / "register-2024-10-13")


def test_cli_fetch_error_is_a_message_not_a_traceback(server, data_dir, capsys):
    server.add("POST", REGISTER, Reply(status=404))
    assert cli.main(["fetch", "register", "--from", "2000", "--to", "2001",
                     "--data-dir", str(data_dir), "--base-url", server.url]) != 0
    captured = capsys.readouterr()
    assert "FetchError" in captured.err and "HTTP 404" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""


# ------------------------------------------------------------------------------------ the real thing

@pytest.mark.network
def test_real_sipri_register_for_armenia(tmp_path):  # pragma: no cover - needs sipri.org
    result = sipri.fetch_snapshot("register", recipient="Armenia", start=2011, end=2020,
                                  data_dir=tmp_path, progress=False)
    assert result.created and result.path.name.startswith("register-")
    assert snapshot.verify(result.path) == []
