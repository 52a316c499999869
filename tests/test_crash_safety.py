"""Crash safety: a fetch killed mid-download or mid-write never leaves a visible partial snapshot
and never touches an existing one; changed raw bytes are caught by `armsdata verify` and refused
by analysis.

The fetch runs in a real subprocess (``python -m armsdata.cli fetch ...``) against a local HTTP
server on 127.0.0.1 that drips SIPRI's recorded API answer, and is killed with SIGKILL: no
``finally`` or ``except`` clause gets to run, as after a power cut or an OOM kill.
"""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from conftest import RECORDING_DIR

from armsdata import snapshot

API = RECORDING_DIR.name
ANSWER = (RECORDING_DIR / "trade-register-csv.response.json").read_bytes()
FETCH_TIMEOUT = 60  # seconds a subprocess may take before the test gives up

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def visible_tree(data_dir: Path) -> dict[str, bytes]:
    """Every file under *data_dir* outside hidden folders, with its bytes."""
    out = {}
    for p in sorted(data_dir.rglob("*")):
        rel = p.relative_to(data_dir)
        if p.is_file() and not any(part.startswith(".") for part in rel.parts):
            out[rel.as_posix()] = p.read_bytes()
    return out


@pytest.fixture()
def data_dir(data_dir: Path) -> Path:
    """The shared data folder (a copy of a real snapshot, conftest) and one written by write_snapshot."""
    snapshot.write_snapshot(data_dir, "register-2024-01-01", {"trade-register.csv": b"Recipient,Supplier\n"},
                            {"kind": "register", "edition": "2024-01-01"})
    return data_dir


class SipriStub:
    """A local stand-in for SIPRI's API: answers every POST with the recorded answer.

    ``drip=True`` sends the body in small pieces with pauses (a slow download) and sets
    :attr:`started` once part of it is out.
    """

    def __init__(self, body: bytes, drip: bool) -> None:
        self.body, self.drip = body, drip
        self.started = threading.Event()
        self.requests: list[str] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                try:
                    if not stub.drip:
                        self.wfile.write(stub.body)
                        return
                    for k in range(0, len(stub.body), 2048):
                        self.wfile.write(stub.body[k:k + 2048])
                        self.wfile.flush()
                        if k >= 16 * 2048:
                            stub.started.set()
                        time.sleep(0.02)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client was killed: what this test is about

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/p"

    def __enter__(self) -> SipriStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def fetch_command(data_dir: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "armsdata.cli", "fetch", "delivery-years", "--from", "2000",
            "--to", "2001", "--data-dir", str(data_dir), "--base-url", url]


def child_env(url: str) -> dict[str, str]:
    env = {**os.environ, "ARMSDATA_SIPRI_URL": url}
    env.pop(snapshot.DATA_DIR_ENV, None)
    return env


def have_fetch() -> bool:
    try:
        from armsdata import sipri
    except ImportError:
        return False
    return hasattr(sipri, "fetch_snapshot")


needs_fetch = pytest.mark.skipif(not have_fetch(), reason="armsdata.sipri.fetch_snapshot not available")


@needs_fetch
def test_fetch_completes_against_the_stub(data_dir: Path) -> None:
    """The control for the kill test below: unkilled, the same command writes a snapshot."""
    before = visible_tree(data_dir)
    with SipriStub(ANSWER, drip=False) as stub:
        done = subprocess.run(fetch_command(data_dir, stub.url), env=child_env(stub.url),
                              capture_output=True, text=True, timeout=FETCH_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert stub.requests and stub.requests[-1].endswith("/trades/trade-register-csv/")
    new = Path(done.stdout.strip().splitlines()[-1])
    assert new.parent == data_dir and new.name.startswith("delivery-years")
    assert snapshot.verify(new) == []
    after = visible_tree(data_dir)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(s.path.name for s in snapshot.find_snapshots(data_dir)) == sorted(
        [API, "register-2024-01-01", new.name])


@needs_fetch
def test_fetch_killed_mid_download_leaves_no_trace(data_dir: Path) -> None:
    before = visible_tree(data_dir)
    listed = [s.path.name for s in snapshot.find_snapshots(data_dir)]
    with SipriStub(ANSWER, drip=True) as stub:
        proc = subprocess.Popen(fetch_command(data_dir, stub.url), env=child_env(stub.url),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            assert stub.started.wait(FETCH_TIMEOUT), "the fetch never started downloading"
            assert proc.poll() is None, "the fetch ended before it could be killed"
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.kill()
            proc.communicate(timeout=FETCH_TIMEOUT)
    assert proc.returncode == -signal.SIGKILL
    assert visible_tree(data_dir) == before
    assert [s.path.name for s in snapshot.find_snapshots(data_dir)] == listed
    assert sorted(p.name for p in data_dir.iterdir() if not p.name.startswith(".")) == sorted(listed)


#: A child that writes a snapshot and SIGKILLs itself at one step of write_snapshot: after
#: the first file is on disk, when the manifest is about to be written, just before the rename.
KILL_CHILD = textwrap.dedent("""
    import os, signal, sys
    from armsdata import snapshot
    data_dir, step = sys.argv[1], sys.argv[2]
    real_fsync, real_rename, real_manifest = os.fsync, os.rename, snapshot.write_manifest
    def die():
        os.kill(os.getpid(), signal.SIGKILL)
    def fsync(fd):
        real_fsync(fd)
        if step == "first-file":
            die()
    def write_manifest(folder, manifest):
        if step == "manifest":
            die()
        return real_manifest(folder, manifest)
    def rename(src, dst):
        if step == "rename":
            die()
        return real_rename(src, dst)
    snapshot.os.fsync, snapshot.os.rename, snapshot.write_manifest = fsync, rename, write_manifest
    files = {"a.csv": b"x" * 100000, "b/c.csv": b"y" * 1000}
    snapshot.write_snapshot(data_dir, "killed", files, {"kind": "test", "edition": "2025-01-01"})
    print("not killed")
""")


@pytest.mark.parametrize("step", ["first-file", "manifest", "rename"])
def test_write_snapshot_killed_at_each_step_leaves_no_visible_snapshot(data_dir: Path, step: str) -> None:
    before = visible_tree(data_dir)
    listed = [s.path.name for s in snapshot.find_snapshots(data_dir)]
    done = subprocess.run([sys.executable, "-c", KILL_CHILD, str(data_dir), step],
                          capture_output=True, text=True, timeout=FETCH_TIMEOUT)
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    assert visible_tree(data_dir) == before
    assert [s.path.name for s in snapshot.find_snapshots(data_dir)] == listed
    assert not (data_dir / "killed").exists()
    # what is left is hidden, and does not stop the next attempt
    leftovers = [p.name for p in data_dir.iterdir() if p.name not in listed]
    assert all(name.startswith(".tmp-killed-") for name in leftovers), leftovers
    r = snapshot.write_snapshot(data_dir, "killed", {"a.csv": b"x" * 100000, "b/c.csv": b"y" * 1000},
                                {"kind": "test", "edition": "2025-01-01"})
    assert r.created and r.path.name == "killed" and snapshot.verify(r.path) == []


# ------------------------------------------------------------------ changed raw bytes

def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != snapshot.DATA_DIR_ENV}
    return subprocess.run([sys.executable, "-m", "armsdata.cli", *args], capture_output=True,
                          text=True, timeout=FETCH_TIMEOUT, env=env)


def test_cli_verify_reports_a_changed_file_and_analysis_refuses_it(data_dir: Path) -> None:
    folder = data_dir / API
    rel = "trade-register-csv.response.json"
    expected = snapshot.load(folder).files[rel]["sha256"]
    ok = run_cli("verify", str(folder))
    assert ok.returncode == 0, ok.stdout + ok.stderr

    data = (folder / rel).read_bytes()
    changed = data[:5000] + bytes([data[5000] ^ 0x01]) + data[5001:]
    (folder / rel).write_bytes(changed)
    bad = run_cli("verify", str(folder))
    assert bad.returncode == 1
    assert rel in bad.stdout and expected in bad.stdout and snapshot.sha256(changed) in bad.stdout

    shares = run_cli("shares", "Algeria", "--from", "2000", "--to", "2001", "--edition", str(folder),
                     "--basis", "register")
    assert shares.returncode != 0
    assert "ChecksumError" in shares.stderr and rel in shares.stderr
    assert "Algeria" not in shares.stdout
