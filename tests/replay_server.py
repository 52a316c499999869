"""A small local HTTP server that replays recorded SIPRI answers and scripted failures.

It listens on 127.0.0.1 only, in a background thread, one thread per connection (so a slow
answer does not block the others and parallel requests can be counted).  Each route holds a queue
of :class:`Reply` objects: one is used per request, and the last one repeats, so ``500`` then
``200`` is ``server.add("POST", path, Reply(status=500), Reply(body=...))``.  A route may also
depend on the request's JSON body (``when=Has("exportOption")``): such routes are tried first, in
the order they were added, then the route without ``when``.

Failures it can play:

- any status code, with any body, content type and extra headers;
- ``delay``: sleep before answering (a client with a shorter timeout gives up);
- ``hold``: wait until a test sets this event before answering (a fetch kept in flight);
- ``declared_length``: announce more bytes than are sent (a truncated body);
- ``send_bytes`` (+ ``then_sleep``): send only part of the body, then cut the connection
  (a connection dropped in the middle of the body);
- ``gzip``: send the body gzip-compressed, as SIPRI's API does (``content-encoding: gzip``).

:func:`sipri_stand_in` sets up a stand-in for SIPRI's whole API from real recorded bytes (see
``tests/data/http/README.md``); run this file to serve it by hand::

    python tests/replay_server.py            # prints the base URL, then serves until Ctrl-C
    armsdata fetch edition --recipient Ukraine --supplier Russia --base-url <that URL> --data-dir /tmp/raw

Example
-------
>>> with ReplayServer() as server:                                   # doctest: +SKIP
...     server.add("GET", "/ping", Reply(body=b"pong", content_type="text/plain"))
...     requests.get(server.url + "/ping").text
'pong'
"""

from __future__ import annotations

import argparse
import base64
import gzip as gzip_module
import json
import socket
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from conftest import HTTP, RAW  # the shared test paths


REGISTER_PATH = "/trades/trade-register-csv/"
TIV_PATH = "/trades/import-export-csv/"
COUNTRY_LIST_PATH = "/countries/getAllCountriesTrimmed"


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    declared_length: int | None = None
    send_bytes: int | None = None
    then_sleep: float = 0.0
    gzip: bool = False
    #: Set when a request starts being answered with this reply (before any ``delay``).
    started: threading.Event | None = None
    #: The answer waits until this is set (at most a minute), then any ``delay``.
    hold: threading.Event | None = None
    _gzipped: bytes | None = field(default=None, repr=False, compare=False)

    def payload(self) -> bytes:
        """The bytes on the wire (compressed once, then reused: the register is 3.5 MB)."""
        if not self.gzip:
            return self.body
        if self._gzipped is None:
            self._gzipped = gzip_module.compress(self.body, compresslevel=6)
        return self._gzipped


@dataclass(frozen=True)
class Has:
    """Matches a JSON request body that has a filter on *field* (with *entity* in its listData).

    Hashable and comparable by value, so ``server.add(..., when=Has("Recipient"))`` twice
    replaces the first route instead of adding a second.
    """

    field: str
    entity: int | None = None

    def __call__(self, body: bytes) -> bool:
        try:
            filters = json.loads(body)["filters"]
        except (ValueError, KeyError, TypeError):
            return False
        return any(f.get("field") == self.field
                   and (self.entity is None or self.entity in f.get("listData", []))
                   for f in filters)


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        return json.loads(self.body)


Predicate = Callable[[bytes], bool]


class ReplayServer:
    """Replay :class:`Reply` queues per (method, path[, when]) on ``http://127.0.0.1:<port>``."""

    def __init__(self, port: int = 0) -> None:
        self._routes: dict[tuple[str, str, Predicate | None], list[Reply]] = {}
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self._in_flight: dict[str, int] = defaultdict(int)
        self._in_flight_total = 0
        #: Path → the most requests that were being answered at the same time.
        self.max_in_flight: dict[str, int] = defaultdict(int)
        #: The most requests being answered at the same time, over all paths.
        self.max_in_flight_total = 0
        #: Set when a reply with ``send_bytes`` has sent its part of the body.
        self.partial_sent = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self._httpd.daemon_threads = True  # a sleeping handler must not hold up shutdown
        self._httpd.block_on_close = False
        self._httpd.replay = self  # type: ignore[attr-defined]
        # a short poll interval: shutdown() waits for it, once per test
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, method: str, path: str, *replies: Reply, when: Predicate | None = None) -> None:
        """Queue *replies* for ``method path`` (for bodies matching *when*, if given), replacing
        what was queued there."""
        with self._lock:
            self._routes[(method.upper(), path, when)] = list(replies)

    def requests_to(self, path: str, when: Predicate | None = None) -> list[Seen]:
        """The requests seen for *path* (whose body matches *when*, if given), in order."""
        return [s for s in self.seen if s.path == path and (when is None or when(s.body))]

    def start(self) -> ReplayServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next(self, method: str, path: str, body: bytes) -> Reply | None:
        with self._lock:
            keys = [k for k in self._routes if k[:2] == (method, path) and k[2] is not None]
            keys = [k for k in keys if k[2](body)] + [(method, path, None)]
            queue = next((self._routes[k] for k in keys if self._routes.get(k)), None)
            if not queue:
                return None
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def _serve(self, handler: _Handler) -> None:
        method = handler.command
        path = handler.path.split("?", 1)[0]
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        with self._lock:
            self.seen.append(Seen(method, path, dict(handler.headers), body))
            self._in_flight[path] += 1
            self._in_flight_total += 1
            self.max_in_flight[path] = max(self.max_in_flight[path], self._in_flight[path])
            self.max_in_flight_total = max(self.max_in_flight_total, self._in_flight_total)
        try:
            reply = self._next(method, path, body)
            if reply is None:
                reply = Reply(status=404, body=f"no route for {method} {path}".encode(),
                              content_type="text/plain")
            _send(handler, reply, self.partial_sent)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) or was killed: what some tests are about
        finally:
            with self._lock:
                self._in_flight[path] -= 1
                self._in_flight_total -= 1


def _send(handler: BaseHTTPRequestHandler, reply: Reply, partial_sent: threading.Event) -> None:
    if reply.started is not None:
        reply.started.set()
    if reply.hold is not None:
        reply.hold.wait(60)
    if reply.delay:
        time.sleep(reply.delay)
    payload = reply.payload()
    handler.send_response(reply.status)
    if reply.content_type:
        handler.send_header("Content-Type", reply.content_type)
    if reply.gzip:
        handler.send_header("Content-Encoding", "gzip")
    declared = reply.declared_length if reply.declared_length is not None else len(payload)
    handler.send_header("Content-Length", str(declared))
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.close_connection = True
    if reply.send_bytes is None:
        handler.wfile.write(payload)
        handler.wfile.flush()
        return
    handler.wfile.write(payload[:reply.send_bytes])
    handler.wfile.flush()
    partial_sent.set()
    if reply.then_sleep:
        time.sleep(reply.then_sleep)
    try:  # cut the connection in the middle of the body
        handler.connection.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Handler(BaseHTTPRequestHandler):
    server_version = "ReplayServer/1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.replay._serve(self)  # type: ignore[attr-defined]

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


# ------------------------------------------------------------------------------------ offline

def block_network(monkeypatch) -> None:
    """No real network: a connection to anything but loopback raises RuntimeError.

    Also no proxies (they would carry 127.0.0.1 away) and no SIPRI URL from the environment.
    For an autouse fixture of every test module that talks HTTP.
    """
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy", "ARMSDATA_SIPRI_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family == socket.AF_UNIX or host in ("127.0.0.1", "::1", "localhost"):
            return real_connect(sock, address)
        raise RuntimeError(f"Attempted query in offline mode for address {address!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


# ------------------------------------------------------------------------------------ SIPRI stand-in

#: SIPRI's real answers and exports (see tests/data/http/README.md for where each comes from).
RECORDING = RAW / "sipri-api-recording-2025-02-10" / "trade-register-csv.response.json"
REGISTER_2024 = RAW / "sipri-trade-register-2024-10-13" / "trade-register.csv"
REGISTER_EXCERPT = HTTP / "register-armenia-2024-10-13.csv"
IMPORTS_2024 = RAW / "sipri-trade-register-2024-10-13" / "tiv-imports-by-recipient-1950-2024.csv"
EXPORTS_2024 = RAW / "sipri-trade-register-2024-10-13" / "tiv-exports-by-supplier-1950-2024.csv"
UKRAINE_2026 = RAW / "sipri-api-tiv-2026-08-12" / "importer-ukraine-2021-2025.csv"
RUSSIA_BY_RECIPIENT = HTTP / "supplier-russia-2017-2021.csv"  # made by hand: see its README
COUNTRIES = HTTP / "countries-trimmed.json"
NO_DATA_PAGE = RAW / "sipri-tiv-2022-04-22" / "no-data-responses" / "ARU.html"

#: Which request gets which answer (the routes' ``when``).
PER_DELIVERY_YEAR = Has("exportOption")
A_RECIPIENT = Has("Recipient")
A_SUPPLIER = Has("Supplier")
BY_SUPPLIER = Has("orderbyseller")


def envelope(csv_bytes: bytes) -> bytes:
    """Wrap CSV bytes the way SIPRI's API does (compact JSON, as in the recording)."""
    return b'{"bytes":"' + base64.b64encode(csv_bytes) + b'"}'


def api_reply(body: bytes, **kw) -> Reply:
    """An answer like the recorded one: JSON, gzip-compressed on the wire."""
    return Reply(body=body, content_type="application/json", gzip=True, **kw)


def entity_id(name: str) -> int:
    """The (made-up) EntityId of *name* in the stand-in country list."""
    return next(e["EntityId"] for e in json.loads(COUNTRIES.read_bytes()) if e["Name"] == name)


def stand_in_answers(full_register: bool = False) -> dict[str, bytes]:
    """The bodies :func:`sipri_stand_in` serves, by what they answer."""
    register = (REGISTER_2024 if full_register else REGISTER_EXCERPT).read_bytes()
    return {"countries": COUNTRIES.read_bytes(), "register": envelope(register),
            "delivery-years": RECORDING.read_bytes(),
            "imports": envelope(IMPORTS_2024.read_bytes()),
            "exports": envelope(EXPORTS_2024.read_bytes()),
            "Ukraine": envelope(UKRAINE_2026.read_bytes()),
            "Russia": envelope(RUSSIA_BY_RECIPIENT.read_bytes()),
            "no-data": NO_DATA_PAGE.read_bytes()}


def sipri_stand_in(server: ReplayServer, full_register: bool = False, delay: float = 0.0
                   ) -> dict[str, bytes]:
    """Route *server* like SIPRI's API, answering with real recorded bytes; return the bodies.

    ``GET /countries/getAllCountriesTrimmed``: the stand-in country list (made-up EntityIds).
    ``POST /trades/trade-register-csv/``: with ``exportOption`` the per-delivery-year answer
    recorded on 10 Feb 2025 (the same for every chunk of years), else the 2024 trade register
    (the Armenian excerpt unless *full_register*), wrapped as ``{"bytes": base64}``.
    ``POST /trades/import-export-csv/``: for Ukraine's EntityId the August 2026 table of its
    imports by supplier; for any other recipient SIPRI's HTML "no data" page (the old site's,
    the only one recorded); for Russia's EntityId as ``Supplier`` a table of its exports by
    recipient made by hand in the 2026 layout (tests/data/http/README.md), for any other
    supplier the "no data" page; with ``orderbyseller`` the 2024 world exports by supplier;
    else the 2024 world imports by recipient.  Answers are gzip-compressed, as SIPRI sends them; each
    waits *delay* seconds first.
    """
    bodies = stand_in_answers(full_register)
    server.add("GET", COUNTRY_LIST_PATH, Reply(body=bodies["countries"], delay=delay))
    server.add("POST", REGISTER_PATH, api_reply(bodies["delivery-years"], delay=delay),
               when=PER_DELIVERY_YEAR)
    server.add("POST", REGISTER_PATH, api_reply(bodies["register"], delay=delay))
    server.add("POST", TIV_PATH, api_reply(bodies["Ukraine"], delay=delay),
               when=Has("Recipient", entity_id("Ukraine")))
    server.add("POST", TIV_PATH, Reply(body=bodies["no-data"], content_type="text/html",
                                       delay=delay), when=A_RECIPIENT)
    server.add("POST", TIV_PATH, api_reply(bodies["Russia"], delay=delay),
               when=Has("Supplier", entity_id("Russia")))
    server.add("POST", TIV_PATH, Reply(body=bodies["no-data"], content_type="text/html",
                                       delay=delay), when=A_SUPPLIER)
    server.add("POST", TIV_PATH, api_reply(bodies["exports"], delay=delay), when=BY_SUPPLIER)
    server.add("POST", TIV_PATH, api_reply(bodies["imports"], delay=delay))
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve a stand-in for SIPRI's API from real "
                                                 "recorded bytes, on 127.0.0.1, until Ctrl-C.")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--excerpt", action="store_true",
                        help="serve the Armenian excerpt of the 2024 register, not all of it")
    args = parser.parse_args()
    with ReplayServer(args.port) as server:
        sipri_stand_in(server, full_register=not args.excerpt)
        print(server.url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
