"""A small local HTTP server that replays recorded SIPRI answers and scripted failures.

It listens on 127.0.0.1 only, in a background thread, one thread per connection (so a slow
answer does not block the others and parallel requests can be counted).  Each route holds a queue
of :class:`Reply` objects: one is used per request, and the last one repeats, so ``500`` then
``200`` is ``server.add("POST", path, Reply(status=500), Reply(body=...))``.

Failures it can play:

- any status code, with any body and content type;
- ``delay``: sleep before answering (a client with a shorter timeout gives up);
- ``declared_length``: announce more bytes than are sent (a truncated body);
- ``send_bytes`` (+ ``then_sleep``): send only part of the body, then cut the connection
  (a connection dropped in the middle of the body);
- ``gzip``: send the body gzip-compressed, as SIPRI's API does (``content-encoding: gzip``).

Example
-------
>>> with ReplayServer() as server:                                   # doctest: +SKIP
...     server.add("GET", "/ping", Reply(body=b"pong", content_type="text/plain"))
...     requests.get(server.url + "/ping").text
'pong'
"""

from __future__ import annotations

import gzip as gzip_module
import socket
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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


@dataclass
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ReplayServer:
    """Replay :class:`Reply` queues per (method, path) on ``http://127.0.0.1:<free port>``."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], list[Reply]] = {}
        self._lock = threading.Lock()
        self.seen: list[Seen] = []
        self._in_flight: dict[str, int] = defaultdict(int)
        #: Path → the most requests that were being answered at the same time.
        self.max_in_flight: dict[str, int] = defaultdict(int)
        #: Set when a reply with ``send_bytes`` has sent its part of the body.
        self.partial_sent = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
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

    def add(self, method: str, path: str, *replies: Reply) -> None:
        """Queue *replies* for ``method path`` (replacing what was queued there)."""
        with self._lock:
            self._routes[(method.upper(), path)] = list(replies)

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

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

    def _next(self, method: str, path: str) -> Reply | None:
        with self._lock:
            queue = self._routes.get((method, path))
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
            self.max_in_flight[path] = max(self.max_in_flight[path], self._in_flight[path])
        try:
            reply = self._next(method, path)
            if reply is None:
                reply = Reply(status=404, body=f"no route for {method} {path}".encode(),
                              content_type="text/plain")
            _send(handler, reply, self.partial_sent)
        finally:
            with self._lock:
                self._in_flight[path] -= 1


def _send(handler: BaseHTTPRequestHandler, reply: Reply, partial_sent: threading.Event) -> None:
    if reply.delay:
        time.sleep(reply.delay)
    payload = gzip_module.compress(reply.body) if reply.gzip else reply.body
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
