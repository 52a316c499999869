"""`armsdata fetch edition`: one complete SIPRI edition into one snapshot, tested offline.

The local stand-in (``replay_server.sipri_stand_in``) answers with real recorded bytes: the
2025-02-10 per-delivery-year answer (for every chunk of years), the 2024 trade register (the
Armenian excerpt in tests/data/http, or all of it), the 2024 world imports/exports tables, the
August 2026 table of Ukraine's imports by supplier, and SIPRI's HTML "no data" page; see
tests/data/http/README.md.  Real network access fails loudly (``replay_server.block_network``).

The generated dates asserted below were read by hand from the raw files' "Data generated" lines:
13 Oct 2024 (the 2024 register and world tables), 10 Feb 2025 (the per-delivery-year recording),
12 Aug 2026 (the Ukraine table).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from armsdata import cli, parse, sipri, snapshot
from armsdata.errors import FetchError, NoDataError, ParseError, UnknownActorError, WindowError

sys.path.insert(0, str(Path(__file__).parent))
from replay_server import (  # noqa: E402
    A_RECIPIENT,
    A_SUPPLIER,
    BY_SUPPLIER,
    COUNTRY_LIST_PATH,
    PER_DELIVERY_YEAR,
    REGISTER_PATH,
    TIV_PATH,
    ReplayServer,
    Reply,
    api_reply,
    block_network,
    entity_id,
    sipri_stand_in,
)

YEARS = {"start": 1950, "end": 2023, "chunk_years": 20}
CHUNKS = ["1950-1969", "1970-1989", "1990-2009", "2010-2023"]
WORLD_FILES = ["tiv/exports-by-supplier.json", "tiv/imports-by-recipient.json"]
FILES = sorted(["countries.json", "register.json", *[f"delivery-years/{c}.json" for c in CHUNKS],
                *WORLD_FILES])
N_REQUESTS = len(FILES)  # one request per file: 8

def tree(folder: Path) -> dict[str, str]:
    """Every file and folder below *folder* (hidden ones too) → sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest()
                                               if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


def visible(files: dict[str, str]) -> dict[str, str]:
    """A :func:`tree` without hidden files and folders (what snapshots and people see)."""
    return {k: v for k, v in files.items()
            if not any(part.startswith(".") for part in k.split("/"))}


def staging_dirs(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob(sipri.STAGING_PREFIX + "*"))


def staged_files(data_dir: Path) -> list[str]:
    """The answers staged (finished) in the one staging folder of *data_dir*."""
    (staging,) = staging_dirs(data_dir)
    return sorted(p.relative_to(staging).as_posix()[:-len(sipri.RECORD_SUFFIX)]
                  for p in staging.rglob("*" + sipri.RECORD_SUFFIX))


def fingerprint(folder: Path) -> dict[str, dict]:
    """What must be equal for two fetches of the same data: bytes and what was asked, per file."""
    m = snapshot.load(folder).manifest
    return {rel: {"sha256": e["sha256"], "layout": e["layout"], "generated": e.get("generated"),
                  "url": e["request"]["url"], "body": e["request"].get("body"),
                  "years": e.get("years")}
            for rel, e in m["files"].items()} | {"edition": m["edition"], "query": m["query"]}


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    block_network(monkeypatch)


@pytest.fixture
def server():
    with ReplayServer() as s:
        s.bodies = sipri_stand_in(s)
        yield s


@pytest.fixture
def data_dir(data_dir) -> Path:
    """A data folder that already holds two snapshots (which must never change): the shared one's
    copy of the API recording (conftest), and one written by write_snapshot."""
    snapshot.write_snapshot(data_dir, "register-2024-01-01", {"trade-register.csv": b"Recipient,Supplier\n"},
                            {"kind": "register", "edition": "2024-01-01"})
    return data_dir


def fetch(server, data_dir, **kw):
    for k, v in {**YEARS, "backoff": 0, "progress": False, "timeout": 10}.items():
        kw.setdefault(k, v)
    return sipri.fetch_edition(data_dir=data_dir, base_url=server.url, **kw)


def reference(server, tmp_path) -> Path:
    """The snapshot an uninterrupted fetch writes, in a folder of its own."""
    return fetch(server, tmp_path / "reference").path


# ------------------------------------------------------------------------------------ complete

def test_complete_edition_verifies_and_every_file_parses(data_dir, capsys):
    with ReplayServer() as server:
        bodies = sipri_stand_in(server, full_register=True)
        before = tree(data_dir)
        result = fetch(server, data_dir)
    assert result.created and result.fetched == N_REQUESTS and result.reused == 0
    assert result.path == data_dir / "edition-2025-02-10" and result.edition == "2025-02-10"
    assert len(server.seen) == N_REQUESTS

    assert cli.main(["verify", str(result.path)]) == 0
    assert "OK   edition-2025-02-10" in capsys.readouterr().out
    snap = snapshot.load(result.path)
    assert sorted(snap.files) == FILES
    # SIPRI's answers byte for byte (though they came gzipped)
    expected = {"countries.json": bodies["countries"], "register.json": bodies["register"],
                "tiv/imports-by-recipient.json": bodies["imports"],
                "tiv/exports-by-supplier.json": bodies["exports"],
                **{f"delivery-years/{c}.json": bodies["delivery-years"] for c in CHUNKS}}
    for rel, body in expected.items():
        assert snap.read(rel) == body, rel
    for rel, entry in snap.files.items():
        data = snap.read(rel)
        if rel == "countries.json":
            assert entry["layout"] == sipri.COUNTRY_LIST_LAYOUT
            assert {"Name": "Armenia", "EntityId": entity_id("Armenia")} in json.loads(data)
            continue
        assert parse.sniff(data, rel) == entry["layout"]
        parsed = parse.parse(parse.decode_api_response(data, rel), rel)
        assert len(parsed.rows if isinstance(parsed, parse.TivTable) else parsed) > 0, rel
    layouts = {rel: e["layout"] for rel, e in snap.files.items()}
    assert layouts["register.json"] == "register"
    assert layouts["tiv/imports-by-recipient.json"] == "tiv-imports-by-recipient"
    assert layouts["tiv/exports-by-supplier.json"] == "tiv-exports-by-supplier"
    assert {layouts[f"delivery-years/{c}.json"] for c in CHUNKS} == {"delivery-years"}

    m = snap.manifest
    assert (m["kind"], m["edition"]) == ("edition", "2025-02-10")
    assert server.url in m["source"]
    assert m["attribution"].startswith("Source: SIPRI Arms Transfers Database, generated 10 Feb 2025")
    assert m["retrieved"]
    assert m["query"] == {"start": 1950, "end": 2023, "chunk_years": 20,
                          "chunks": [[1950, 1969], [1970, 1989], [1990, 2009], [2010, 2023]],
                          "recipients": [], "suppliers": []}
    generated = {rel: e.get("generated") for rel, e in snap.files.items()}
    assert generated["register.json"] == "2024-10-13"
    assert generated["tiv/imports-by-recipient.json"] == "2024-10-13"
    assert generated["delivery-years/1950-1969.json"] == "2025-02-10"
    assert generated["countries.json"] is None
    assert "dates differ between the answers (2024-10-13, 2025-02-10" in m["notes"]
    assert "named by the latest, 2025-02-10" in m["notes"]
    assert snap.files["delivery-years/1970-1989.json"]["years"] == [1970, 1989]

    # the snapshots already there are untouched, and no staging folder is left
    after = tree(data_dir)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not staging_dirs(data_dir)
    assert not [k for k in after if k.startswith(".")]


def test_request_bodies_are_the_documented_ones(server, data_dir):
    fetch(server, data_dir, jobs=1)  # one at a time: in the order they are sent
    register = [s.json() for s in server.requests_to(REGISTER_PATH)]
    assert register[0] == sipri.register_body(1950, 2023)
    assert register[1:] == [sipri.register_body(a, b, per_delivery_year=True)
                            for a, b in [(1950, 1969), (1970, 1989), (1990, 2009), (2010, 2023)]]
    tiv = [s.json() for s in server.requests_to(TIV_PATH)]
    assert tiv == [sipri.tiv_body(1950, 2023, rows="recipients"),
                   sipri.tiv_body(1950, 2023, rows="suppliers")]
    (countries,) = server.requests_to(COUNTRY_LIST_PATH)
    assert countries.method == "GET" and countries.body == b""
    assert {s.headers["User-Agent"] for s in server.seen} == {sipri.USER_AGENT}


def test_manifest_records_every_request_and_response_header(server, data_dir):
    server.add("POST", TIV_PATH, api_reply(server.bodies["imports"],
                                           headers={"X-Stand-In": "world imports"}))
    snap = snapshot.load(fetch(server, data_dir).path)
    def key(path, body):
        return path, json.dumps(body, sort_keys=True)

    seen = {key(s.path, json.loads(s.body) if s.body else None): s for s in server.seen}
    assert len(seen) == N_REQUESTS
    for rel, entry in snap.files.items():
        req, resp = entry["request"], entry["response"]
        got = seen[key(req["url"].removeprefix(server.url), req.get("body"))]
        assert req["method"] == got.method
        # every header the server received, as the client sent it
        assert req["headers"] == got.headers, rel
        assert resp["status"] == 200 and resp["elapsed"] >= 0
        names = {h.lower() for h in resp["headers"]}
        assert {"content-type", "content-length", "date", "server"} <= names, rel
        if rel != "countries.json":
            assert resp["headers"]["Content-Encoding"] == "gzip"
        assert entry["retrieved"] and entry["attempts"] == 1
    assert snap.files["tiv/imports-by-recipient.json"]["response"]["headers"]["X-Stand-In"] == \
        "world imports"


# ------------------------------------------------------------------------------------ retries

def test_500_then_success_is_retried(server, data_dir):
    server.add("POST", TIV_PATH, Reply(status=500, body=b"busy"),
               api_reply(server.bodies["imports"]))
    result = fetch(server, data_dir, retries=2)
    assert result.created and len(server.seen) == N_REQUESTS + 1
    imports = [s for s in server.requests_to(TIV_PATH) if not BY_SUPPLIER(s.body)]
    assert len(imports) == 2
    assert snapshot.load(result.path).files["tiv/imports-by-recipient.json"]["attempts"] == 2


def test_timeout_then_success_is_retried(server, data_dir):
    server.add("POST", TIV_PATH, api_reply(server.bodies["exports"], delay=1.5),
               api_reply(server.bodies["exports"]), when=BY_SUPPLIER)
    result = fetch(server, data_dir, retries=1, timeout=0.5)
    assert result.created and len(server.seen) == N_REQUESTS + 1
    assert len(server.requests_to(TIV_PATH, BY_SUPPLIER)) == 2
    entry = snapshot.load(result.path).files["tiv/exports-by-supplier.json"]
    assert entry["attempts"] == 2
    assert snapshot.load(result.path).read("tiv/exports-by-supplier.json") == server.bodies["exports"]


# ------------------------------------------------------------------------------------ interruptions

def test_request_failing_for_good_then_rerun_fetches_only_what_is_missing(server, data_dir,
                                                                          tmp_path):
    before = tree(data_dir)
    listed = [s.name for s in snapshot.find_snapshots(data_dir)]
    server.add("POST", TIV_PATH, Reply(status=503, body=b"down"), when=BY_SUPPLIER)
    with pytest.raises(FetchError) as info:
        fetch(server, data_dir, jobs=1, retries=1)
    message = str(info.value)
    assert "failed after 2 attempt(s): HTTP 503" in message
    assert "7 of 8 answers are kept in" in message
    assert "run the same command again to fetch only the 1 missing" in message
    # nothing visible: no snapshot, no file; the finished answers wait in the staging folder
    assert visible(tree(data_dir)) == visible(before)
    assert [s.name for s in snapshot.find_snapshots(data_dir)] == listed
    assert staged_files(data_dir) == [f for f in FILES if f != "tiv/exports-by-supplier.json"]

    server.add("POST", TIV_PATH, api_reply(server.bodies["exports"]), when=BY_SUPPLIER)
    n = len(server.seen)
    result = fetch(server, data_dir, jobs=1)
    new = server.seen[n:]
    assert [(s.path, BY_SUPPLIER(s.body)) for s in new] == [(TIV_PATH, True)]
    assert (result.fetched, result.reused) == (1, 7) and result.created
    assert "1 fetched now, 7 reused from an earlier run" in result.message
    assert not staging_dirs(data_dir)
    after = tree(data_dir)
    assert {k: v for k, v in after.items() if k in before} == before

    assert fingerprint(result.path) == fingerprint(reference(server, tmp_path))


def test_a_changed_staged_answer_is_fetched_again(server, data_dir, caplog):
    server.add("POST", TIV_PATH, Reply(status=500), when=BY_SUPPLIER)
    with pytest.raises(FetchError):
        fetch(server, data_dir, jobs=1, retries=0)
    (staging,) = staging_dirs(data_dir)
    staged = staging / "register.json"
    staged.write_bytes(staged.read_bytes().replace(b"A", b"B", 1))

    server.add("POST", TIV_PATH, api_reply(server.bodies["exports"]), when=BY_SUPPLIER)
    n = len(server.seen)
    with caplog.at_level(logging.WARNING, logger="armsdata.sipri"):
        result = fetch(server, data_dir, jobs=1)
    refetched = server.seen[n:]
    assert len(refetched) == 2
    assert refetched[0].json() == sipri.register_body(1950, 2023)
    assert "does not match its record" in caplog.text
    assert snapshot.load(result.path).read("register.json") == server.bodies["register"]


def test_killed_mid_way_leaves_no_visible_trace_and_the_rerun_completes(server, data_dir,
                                                                         tmp_path):
    before = tree(data_dir)
    listed = [s.name for s in snapshot.find_snapshots(data_dir)]
    stalled = threading.Event()
    per_year = server.bodies["delivery-years"]
    # one request at a time: countries, register, the first chunk, then the second stalls
    server.add("POST", REGISTER_PATH, api_reply(per_year),
               api_reply(per_year, delay=30, started=stalled), api_reply(per_year),
               when=PER_DELIVERY_YEAR)
    proc = subprocess.Popen(cli_fetch(server, data_dir) + ["--jobs", "1"], env=child_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert stalled.wait(30), "the fetch never reached the second chunk"
        assert proc.poll() is None, "the fetch ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert (data_dir / snapshot.LOCK_FILE).is_file()  # left by the killed run; no lock in it
    assert visible(tree(data_dir)) == visible(before)
    assert [s.name for s in snapshot.find_snapshots(data_dir)] == listed
    assert staged_files(data_dir) == ["countries.json", "delivery-years/1950-1969.json",
                                      "register.json"]

    server.add("POST", REGISTER_PATH, api_reply(per_year), when=PER_DELIVERY_YEAR)
    n = len(server.seen)
    result = fetch(server, data_dir, jobs=1)
    new = server.seen[n:]
    assert len(new) == N_REQUESTS - 3
    assert [s.json() for s in new[:3]] == [sipri.register_body(a, b, per_delivery_year=True)
                                            for a, b in [(1970, 1989), (1990, 2009), (2010, 2023)]]
    assert (result.fetched, result.reused) == (5, 3)
    assert not staging_dirs(data_dir) and not (data_dir / snapshot.LOCK_FILE).exists()
    after = tree(data_dir)
    assert {k: v for k, v in after.items() if k in before} == before
    assert fingerprint(result.path) == fingerprint(reference(server, tmp_path))


def cli_fetch(server, data_dir) -> list[str]:
    """The command line of `armsdata fetch edition` into *data_dir*, for a child process."""
    return [sys.executable, "-m", "armsdata.cli", "fetch", "edition", "--from", "1950", "--to",
            "2023", "--no-recipients", "--no-suppliers", "--data-dir", str(data_dir),
            "--base-url", server.url]


def child_env() -> dict[str, str]:
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT / "src")}
    env.pop(snapshot.DATA_DIR_ENV, None)
    return env


def test_two_fetches_at_once_into_one_folder_the_second_refuses_naming_the_first(server,
                                                                                  data_dir):
    before = tree(data_dir)
    in_flight, release = threading.Event(), threading.Event()
    server.add("POST", REGISTER_PATH, api_reply(server.bodies["register"], started=in_flight,
                                                hold=release))
    # one request at a time: while the register is held, the first sends nothing else
    first = subprocess.Popen(cli_fetch(server, data_dir) + ["--jobs", "1"], env=child_env(),
                             text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert in_flight.wait(30), "the first fetch never asked for the register"
        n = len(server.seen)
        second = subprocess.run(cli_fetch(server, data_dir), env=child_env(), text=True,
                                capture_output=True, timeout=60)
        assert len(server.seen) == n  # the second asked SIPRI nothing
        release.set()
        out, err = first.communicate(timeout=60)
    finally:
        release.set()
        first.kill()
    assert second.returncode == cli.EXIT_ERROR and second.stdout == ""
    assert (f"SnapshotError: {data_dir} is being written by another fetch (pid {first.pid} on "
            in second.stderr)
    assert ("fetch edition --from 1950 --to 2023 --no-recipients --no-suppliers --data-dir "
            f"{data_dir}") in second.stderr
    assert "Wait for it to finish, or give another --data-dir." in second.stderr
    # the first finished undisturbed: one complete snapshot, nothing half-written, no lock left
    assert first.returncode == 0, err
    assert out == f"{data_dir / 'edition-2025-02-10'}\n"
    assert snapshot.verify(data_dir / "edition-2025-02-10") == []
    after = tree(data_dir)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not [k for k in after if k.startswith(".")]
    assert len(server.seen) == N_REQUESTS


def test_another_query_does_not_reuse_the_staged_answers(server, data_dir, caplog):
    server.add("POST", TIV_PATH, Reply(status=500), when=BY_SUPPLIER)
    with pytest.raises(FetchError):
        fetch(server, data_dir, jobs=1, retries=0)
    (unfinished,) = staging_dirs(data_dir)
    server.add("POST", TIV_PATH, api_reply(server.bodies["exports"]), when=BY_SUPPLIER)
    n = len(server.seen)
    with caplog.at_level(logging.WARNING, logger="armsdata.sipri"):
        result = fetch(server, data_dir, end=2022)  # other years: other requests
    assert len(server.seen) - n == N_REQUESTS and result.reused == 0
    assert f"{unfinished} holds the answers of an unfinished fetch of another query" in caplog.text
    assert staging_dirs(data_dir) == [unfinished]  # left for the query it belongs to


def test_ctrl_c_starts_no_more_requests_and_keeps_the_one_in_flight(server, data_dir):
    started = threading.Event()
    server.add("POST", REGISTER_PATH, api_reply(server.bodies["register"], delay=1.0,
                                                started=started))
    # Ctrl-C (a real SIGINT to the main thread, which waits for the pool) while the classic
    # register, the first request after the country list, is being answered
    main = threading.main_thread().ident
    threading.Thread(target=lambda: started.wait(20)
                     and signal.pthread_kill(main, signal.SIGINT)).start()
    default = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            fetch(server, data_dir, jobs=1)
    finally:
        signal.signal(signal.SIGINT, default)
    # kept: the register, in flight at Ctrl-C; started after it: at most the one request the
    # pool's thread may have taken up before the main thread got the signal (a loaded machine)
    assert {"countries.json", "register.json"} <= set(staged_files(data_dir))
    assert len(server.seen) <= 3 < N_REQUESTS


def test_ctrl_c_in_the_cli_says_what_is_kept(server, data_dir, capsys, monkeypatch):
    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sipri, "fetch_edition", interrupted)
    assert cli.main(["fetch", "edition", "--data-dir", str(data_dir)]) == 130
    captured = capsys.readouterr()
    assert captured.out == "" and "run the same command again" in captured.err


def test_rerun_of_a_finished_edition_writes_nothing_new(server, data_dir):
    first = fetch(server, data_dir)
    before = tree(data_dir)
    second = fetch(server, data_dir)
    assert not second.created and second.path == first.path
    assert "same content as edition-2025-02-10" in second.message
    assert tree(data_dir) == before


# ------------------------------------------------------------------------------------ politeness

@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_at_most_jobs_requests_in_flight(data_dir, jobs):
    with ReplayServer() as server:
        sipri_stand_in(server, delay=0.1)
        fetch(server, data_dir, jobs=jobs)
    assert server.max_in_flight_total == jobs


def test_default_jobs_is_two():
    assert sipri.DEFAULT_JOBS == 2 and sipri.MAX_JOBS == 4


@pytest.mark.parametrize("kw, error, match", [
    ({"jobs": sipri.MAX_JOBS + 1}, ValueError, "expected 1 to 4 requests in flight"),
    ({"jobs": 0}, ValueError, "expected 1 to 4"),
    ({"chunk_years": 0}, ValueError, "chunk_years 0"),
    ({"start": 2024, "end": 2023}, WindowError, "start year 2024 is after end year 2023"),
])
def test_bad_arguments_are_refused_before_any_request(server, data_dir, kw, error, match):
    with pytest.raises(error, match=match):
        fetch(server, data_dir, **kw)
    assert not server.seen and not staging_dirs(data_dir)


def test_cli_caps_jobs(server, data_dir, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["fetch", "edition", "--jobs", "5", "--data-dir", str(data_dir),
                  "--base-url", server.url])
    assert info.value.code == 2
    assert "--jobs" in capsys.readouterr().err and not server.seen


# ------------------------------------------------------------------------------------ recipients

def test_unknown_recipient_is_refused_before_any_table(server, data_dir):
    with pytest.raises(UnknownActorError, match="'Atlantis' is not in SIPRI's country list"):
        fetch(server, data_dir, recipients=["Atlantis"])
    assert [s.path for s in server.seen] == [COUNTRY_LIST_PATH]
    assert not staging_dirs(data_dir)  # nothing written for a typo


def test_a_recipient_without_data_is_listed_not_kept(server, data_dir):
    # the stand-in answers SIPRI's HTML "no data" page for every recipient but Ukraine
    result = fetch(server, data_dir, recipients=["armenia", "ARM"])  # one recipient, twice
    assert result.no_data == ["tiv/recipients/Armenia.json"]
    (asked,) = server.requests_to(TIV_PATH, A_RECIPIENT)
    assert asked.json() == sipri.tiv_body(1950, 2023, recipient_ids=[entity_id("Armenia")])
    m = snapshot.load(result.path).manifest
    assert sorted(m["files"]) == FILES
    assert m["no_data"]["tiv/recipients/Armenia.json"]["layout"] == "no-data"
    assert m["query"]["recipients"] == [{"asked": "armenia", "recipient": "Armenia",
                                         "entity_ids": [entity_id("Armenia")]}]
    assert "'no data' page for: Armenia's imports by supplier 1950-2023" in m["notes"]


def test_recipient_table_is_fetched_checked_and_kept(server, data_dir):
    result = fetch(server, data_dir, recipients=["Ukraine"])
    ukraine = entity_id("Ukraine")
    (asked,) = server.requests_to(TIV_PATH, A_RECIPIENT)
    assert asked.json() == sipri.tiv_body(1950, 2023, recipient_ids=[ukraine])
    snap = snapshot.load(result.path)
    rel = "tiv/recipients/Ukraine.json"
    assert sorted(snap.files) == sorted(FILES + [rel])
    assert snap.read(rel) == server.bodies["Ukraine"]
    entry = snap.files[rel]
    assert entry["layout"] == "tiv-recipient-by-supplier"
    assert (entry["recipient"], entry["entity_ids"]) == ("Ukraine", [ukraine])
    assert entry["generated"] == "2026-08-12"
    assert result.edition == "2026-08-12" and result.path.name == "edition-2026-08-12"
    assert parse.sniff(snap.read(rel)) == "tiv-recipient-by-supplier"
    assert snapshot.verify(snap) == []


def test_supplier_table_is_fetched_checked_and_kept_the_right_way_round(server, data_dir):
    # the request is inferred (see sipri.tiv_body); the stand-in's answer is made by hand in the
    # 2026 layout from real 2022 figures (tests/data/http/README.md)
    result = fetch(server, data_dir, suppliers=["RUS", "russia"])  # one supplier, twice
    russia = entity_id("Russia")
    (asked,) = server.requests_to(TIV_PATH, A_SUPPLIER)
    assert asked.json() == sipri.tiv_body(1950, 2023, supplier_ids=[russia])
    assert [f["field"] for f in asked.json()["filters"]] == [
        "Year range 1", "Supplier", "summarize-by", "DeliveryType", "Status"]
    snap = snapshot.load(result.path)
    rel = "tiv/suppliers/Russia.json"
    assert sorted(snap.files) == sorted(FILES + [rel])
    assert snap.read(rel) == server.bodies["Russia"]
    entry = snap.files[rel]
    assert entry["layout"] == "tiv-supplier-by-recipient"
    assert (entry["supplier"], entry["asked"], entry["entity_ids"]) == ("Russia", "RUS", [russia])
    assert entry["generated"] == "2022-04-22"
    assert snap.manifest["query"]["suppliers"] == [{"asked": "RUS", "supplier": "Russia",
                                                    "entity_ids": [russia]}]
    assert snapshot.verify(snap) == []
    # read the right way round: Russia -> Armenia, 2019, as the 2022 edition's Armenian table
    # prints it (data/raw/sipri-tiv-2022-04-22/imports/ARM.csv), never Armenia -> Russia
    table = parse.parse(parse.decode_api_response(snap.read(rel), rel), rel)
    assert table.meta["supplier"] == "Russia"
    armenia = table.rows[table.rows["recipient"] == "Armenia"]
    assert set(armenia["supplier"]) == {"Russia"}
    assert armenia.set_index("year")["tiv"].to_dict() == {2017: 18.0, 2019: 228.0}


def test_a_supplier_without_data_is_listed_not_kept(server, data_dir):
    result = fetch(server, data_dir, suppliers=["France"])
    assert result.no_data == ["tiv/suppliers/France.json"]
    assert sorted(snapshot.load(result.path).files) == FILES


def test_unknown_supplier_is_refused_before_any_table(server, data_dir):
    with pytest.raises(UnknownActorError, match="'Rusia' is not in SIPRI's country list.*Russia"):
        fetch(server, data_dir, suppliers=["Rusia"])
    assert [s.path for s in server.seen] == [COUNTRY_LIST_PATH]


def test_cli_fetch_edition_asks_for_the_suppliers_the_claims_name(server, data_dir, capsys):
    assert cli.main(["fetch", "edition", "--no-recipients", "--from", "1950", "--to", "2023",
                     "--data-dir", str(data_dir), "--base-url", server.url]) == 0
    captured = capsys.readouterr()
    assert "supplier tables for the 1 supplier(s) the claims name: Russia" in captured.err
    snap = snapshot.load(captured.out.splitlines()[-1])
    assert snap.files["tiv/suppliers/Russia.json"]["layout"] == "tiv-supplier-by-recipient"
    assert cli.main(["fetch", "edition", "--no-recipients", "--no-suppliers", "--from", "1950",
                     "--to", "2023", "--data-dir", str(data_dir), "--base-url", server.url]) == 0
    assert "supplier tables" not in capsys.readouterr().err


def test_cli_fetch_edition_with_a_recipient(server, data_dir, capsys):
    assert cli.main(["fetch", "edition", "--recipient", "Ukraine", "--from", "1950", "--to",
                     "2023", "--data-dir", str(data_dir), "--base-url", server.url]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == str(data_dir / "edition-2026-08-12")


def test_a_layout_other_than_the_one_asked_for_is_refused(server, data_dir):
    # SIPRI answering the world exports request with the imports table: caught, not kept
    server.add("POST", TIV_PATH, api_reply(server.bodies["imports"]), when=BY_SUPPLIER)
    with pytest.raises(ParseError, match=r"'tiv-imports-by-recipient' layout; expected "
                                         r"'tiv-exports-by-supplier'"):
        fetch(server, data_dir, jobs=1)
    assert "tiv/exports-by-supplier.json" not in staged_files(data_dir)


def test_no_data_where_the_edition_needs_data_is_an_error(server, data_dir):
    server.add("POST", REGISTER_PATH, Reply(body=server.bodies["no-data"], content_type="text/html"))
    with pytest.raises(NoDataError, match="'no data' page for the trade register 1950-2023"):
        fetch(server, data_dir, jobs=1)


# ------------------------------------------------------------------------------------ CLI, progress, logging

def test_cli_prints_the_snapshot_folder_on_its_last_line(server, data_dir, capsys):
    assert cli.main(["fetch", "edition", "--from", "1950", "--to", "2023",
                     "--data-dir", str(data_dir), "--base-url", server.url]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{data_dir / 'edition-2025-02-10'}\n"
    assert "new snapshot edition-2025-02-10" in captured.err


def test_cli_help_says_which_recipient_tables_are_fetched(capsys):
    with pytest.raises(SystemExit):
        cli.main(["fetch", "edition", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "without it, for every recipient the article's claims and the notebooks name" in out
    assert "--no-recipients" in out
    assert "Likewise supplier tables for --supplier, else for every supplier the claims name" \
        in out
    for option in ("--data-dir", "--base-url", "--recipient", "--no-recipients", "--supplier",
                   "--no-suppliers", "--from", "--to", "--chunk-years", "--jobs", "--no-progress"):
        assert option in out


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_names_what_is_fetched(data_dir, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with ReplayServer() as server:
        bodies = sipri_stand_in(server)
        server.add("POST", REGISTER_PATH, api_reply(bodies["register"], delay=0.4))
        fetch(server, data_dir, progress=True, jobs=1)
    shown = terminal.getvalue()
    assert "SIPRI edition" in shown and f"/{N_REQUESTS}" in shown
    assert "the trade register 1950-2023" in shown


def test_no_progress_bar_when_asked_or_not_a_terminal(server, data_dir, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    fetch(server, data_dir, progress=False)
    assert terminal.getvalue() == ""
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    fetch(server, data_dir, progress=True, end=2022)
    assert plain.getvalue() == ""


def test_one_log_line_per_request(server, data_dir, caplog):
    with caplog.at_level(logging.INFO, logger="armsdata.sipri"):
        fetch(server, data_dir)
    lines = [r.getMessage() for r in caplog.records if "-> HTTP 200" in r.getMessage()]
    assert len(lines) == N_REQUESTS
    assert any(line.startswith("register.json: POST ") and "layout register" in line
               and "generated 2024-10-13" in line for line in lines)
