"""Headless Chromium for the report tests, driven through the Chrome DevTools Protocol.

The browser talks CDP over a pipe (``--remote-debugging-pipe``: Chromium reads commands on fd 3
and writes answers on fd 4, each a JSON message ended by a NUL byte), the transport Puppeteer
uses.  No port is opened and no extra package is needed: the standard library is enough.

The network is made unavailable: every host name resolves to nothing
(``--host-resolver-rules``) and every request goes through a proxy on a port where nothing
listens (the discard port 9), with no implicit bypass for loopback.  A page that tries to fetch
anything from elsewhere therefore shows up as a failed request.

Usage::

    with Chromium(find_chromium(), tmp_path / "profile") as browser:
        with browser.open(page.as_uri()) as page:
            assert page.problems() == []
            page.evaluate("document.title")
            page.screenshot(tmp_path / "page.png")
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

#: Names Chromium goes by on Debian, Ubuntu and elsewhere; $ARMSDATA_CHROMIUM overrides.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_ENV = "ARMSDATA_CHROMIUM"
#: Seconds to wait for the browser to answer a command or a page to load; generous for CI.
DEFAULT_TIMEOUT = 60.0
#: Quiet time after the load event during which no request may still be running: late requests
#: (module imports, lazy images) must have failed or finished before a page is judged.
SETTLE_SECONDS = 0.5
#: The alt text nbconvert gives an image that has none: a placeholder, not a description.
NO_ALT = "No description has been provided for this image"
#: A proxy nobody answers on: port 9 is the discard port, closed on any sane machine.
DEAD_PROXY = "http://127.0.0.1:9"

BASE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
    "--hide-scrollbars", "--remote-debugging-pipe",
)
OFFLINE_FLAGS = (
    "--host-resolver-rules=MAP * ~NOTFOUND",
    f"--proxy-server={DEAD_PROXY}",
    "--proxy-bypass-list=<-loopback>",  # no implicit bypass: localhost goes to the dead proxy too
)


#: Puts the pipe ends given as argv[1:3] on fds 3 and 4 and becomes Chromium.  A tiny Python
#: program rather than a shell: dash cannot redirect fds above 9, and subprocess cannot map fds.
_TRAMPOLINE = (
    "import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); "
    "os.dup2(r, 3); os.dup2(w, 4); os.close(r); os.close(w); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


def find_chromium() -> str | None:
    """Path of a Chromium or Chrome executable, or None."""
    env = os.environ.get(CHROMIUM_ENV)
    if env:
        return env
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    """Chromium did not start, died, or did not answer in time."""


@dataclass
class Page:
    """One tab: what happened while it loaded, and ways to look at it."""

    browser: "Chromium"
    session: str
    target: str
    url: str
    requests: dict[str, str] = field(default_factory=dict)   # requestId -> URL
    pending: set[str] = field(default_factory=set)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    loaded: bool = False
    last_activity: float = field(default_factory=time.monotonic)

    # -- events ----------------------------------------------------------------------------
    def on_event(self, method: str, params: dict[str, Any]) -> None:
        self.last_activity = time.monotonic()
        if method == "Network.requestWillBeSent":
            rid = params["requestId"]
            self.requests[rid] = params["request"]["url"]
            self.pending.add(rid)
        elif method == "Network.loadingFinished":
            self.pending.discard(params["requestId"])
        elif method == "Network.loadingFailed":
            rid = params["requestId"]
            self.pending.discard(rid)
            url = self.requests.get(rid, "?")
            self.failed_requests.append(f"{_short(url)}: {params.get('errorText', '')}"
                                        f"{' (blocked)' if params.get('blockedReason') else ''}")
        elif method == "Network.responseReceived":
            status = params["response"].get("status", 0)
            if status >= 400:
                self.failed_requests.append(f"{_short(params['response']['url'])}: HTTP {status}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = [str(a.get("value", a.get("description", ""))) for a in params.get("args", [])]
            self.console_errors.append(f"console.{params['type']}: {' '.join(args)}")
        elif method == "Runtime.exceptionThrown":
            d = params["exceptionDetails"]
            desc = d.get("exception", {}).get("description") or d.get("text", "")
            self.exceptions.append(f"{desc} ({d.get('url', '')}:{d.get('lineNumber', '?')})")
        elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
            e = params["entry"]
            self.console_errors.append(f"{e.get('source', 'log')}: {e.get('text', '')} "
                                       f"{_short(e.get('url', ''))}".strip())
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            # An open dialog blocks the page: dismiss it at once, without waiting for the answer.
            self.browser.post("Page.handleJavaScriptDialog", {"accept": True}, self.session)
        elif method == "Page.loadEventFired":
            self.loaded = True

    # -- looking at the page ---------------------------------------------------------------
    def evaluate(self, expression: str, await_promise: bool = False) -> Any:
        """The value of a JavaScript expression in the page (JSON-serialisable values only)."""
        res = self.browser.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": await_promise,
        }, self.session)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise BrowserError(f"evaluating {expression[:80]!r} in {self.url} failed: "
                               f"{d.get('exception', {}).get('description') or d.get('text')}")
        return res["result"].get("value")

    def broken_images(self) -> list[str]:
        """``<img>`` elements that did not decode (naturalWidth 0), by the start of their src."""
        return self.evaluate(
            "Array.from(document.images)"
            ".filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => (i.getAttribute('src') || '').slice(0, 80))")

    def images_without_alt(self) -> list[str]:
        """``<img>`` elements with no alt text, an empty one, or nbconvert's placeholder (which
        it writes where a notebook gave none), by the start of their src."""
        return self.evaluate(
            "Array.from(document.images)"
            f".filter(i => !(i.getAttribute('alt') || '').trim() || i.alt === {NO_ALT!r})"
            ".map(i => (i.getAttribute('src') || '').slice(0, 80))")

    def problems(self) -> list[str]:
        """Everything that went wrong while the page loaded; empty when it is clean."""
        out = [f"failed request: {r}" for r in self.failed_requests]
        out += [f"console error: {c}" for c in self.console_errors]
        out += [f"uncaught exception: {e}" for e in self.exceptions]
        out += [f"dialog opened: {d}" for d in self.dialogs]
        out += [f"image not decoded: {src!r}" for src in self.broken_images()]
        out += [f"image without alt text: {src!r}" for src in self.images_without_alt()]
        return out

    def click(self, selector: str) -> None:
        """Click the first element matching the CSS *selector* (as a user would: a trusted
        click is not needed for <summary> and <button>)."""
        found = self.evaluate(f"(() => {{ const e = document.querySelector({selector!r});"
                              f" if (!e) return false; e.click(); return true; }})()")
        if not found:
            raise BrowserError(f"no element matches {selector!r} in {self.url}")

    def emulate_media(self, media: str) -> None:
        """Lay the page out for *media* (``"print"``, ``"screen"``; ``""`` undoes it)."""
        self.browser.send("Emulation.setEmulatedMedia", {"media": media}, self.session)

    def pdf(self, path: str | os.PathLike[str], **options: Any) -> Path:
        """Print the page to a PDF file (A4, backgrounds on, the page's @page rules first), as
        a reader's "print to PDF" does; *options* go to CDP's Page.printToPDF."""
        params = {"printBackground": True, "preferCSSPageSize": True, "paperWidth": 8.27,
                  "paperHeight": 11.69, **options}
        data = self.browser.send("Page.printToPDF", params, self.session)["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def screenshot(self, path: str | os.PathLike[str], full_page: bool = True,
                   max_height: int = 12000) -> Path:
        """Save a PNG of the page (the whole length of it, up to *max_height* CSS pixels)."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.browser.send("Page.getLayoutMetrics", {}, self.session)["cssContentSize"]
            params.update(captureBeyondViewport=True, clip={
                "x": 0, "y": 0, "width": size["width"],
                "height": min(size["height"], max_height), "scale": 1})
        data = self.browser.send("Page.captureScreenshot", params, self.session)["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.close_page(self)

    def __enter__(self) -> "Page":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Chromium:
    """A headless Chromium process with the network unavailable, spoken to over a CDP pipe."""

    def __init__(self, executable: str, profile_dir: str | os.PathLike[str],
                 timeout: float = DEFAULT_TIMEOUT, offline: bool = True,
                 window_size: tuple[int, int] = (1280, 900)) -> None:
        self.executable = executable
        self.profile_dir = Path(profile_dir)
        self.timeout = timeout
        self.offline = offline
        self.window_size = window_size
        self.proc: subprocess.Popen[bytes] | None = None
        self._next_id = 0
        self._buffer = b""
        self._pages: dict[str, Page] = {}
        self._answers: dict[int, dict[str, Any]] = {}

    # -- process -----------------------------------------------------------------------------
    def start(self) -> "Chromium":
        self.profile_dir.mkdir(parents=True, exist_ok=True)
        if any(self.profile_dir.iterdir()):
            raise BrowserError(f"{self.profile_dir}: the profile folder must be new and empty")
        # Two pipes: we write commands into one (Chromium's fd 3) and read answers from the other
        # (Chromium's fd 4).  The child's ends are first moved to fds >= 10 so that putting them
        # on 3 and 4 cannot overwrite one with the other.
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()
        child_r = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(out_w, fcntl.F_DUPFD, 10)
        for fd in (cmd_r, out_w):
            os.close(fd)
        args = [*BASE_FLAGS, *(OFFLINE_FLAGS if self.offline else ()),
                f"--user-data-dir={self.profile_dir}",
                f"--window-size={self.window_size[0]},{self.window_size[1]}", "about:blank"]
        self.log_path = self.profile_dir.parent / (self.profile_dir.name + ".log")
        log = open(self.log_path, "wb")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _TRAMPOLINE, str(child_r), str(child_w), self.executable,
                 *args],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                pass_fds=(child_r, child_w), start_new_session=True)
        finally:
            log.close()
            os.close(child_r)
            os.close(child_w)
        try:
            version = self.send("Browser.getVersion")
        except BrowserError:
            self.stop()
            raise
        self.version = version.get("product", "?")
        return self

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                self.post("Browser.close")
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait(timeout=10)
        for fd in (self._cmd_w, self._out_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proc = None

    def __enter__(self) -> "Chromium":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, n: int = 30) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-n:])

    # -- protocol ------------------------------------------------------------------------------
    def post(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> int:
        """Send a command without waiting for its answer; return its id."""
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            n = os.write(self._cmd_w, data)
            data = data[n:]
        return self._next_id

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send a command and return its result; raise :class:`BrowserError` on an error answer."""
        mid = self.post(method, params, session)
        answer = self._pump(lambda: mid in self._answers, f"an answer to {method}")
        answer = self._answers.pop(mid)
        if "error" in answer:
            raise BrowserError(f"{method} failed: {answer['error']}")
        return answer.get("result", {})

    def _pump(self, done: Callable[[], bool], what: str, timeout: float | None = None) -> None:
        """Read messages and dispatch events until *done()*; BrowserError after *timeout*."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"no {what} from Chromium within {timeout or self.timeout} s")
            ready, _, _ = select.select([self._out_r], [], [], min(left, 0.1))
            if not ready:
                continue
            chunk = os.read(self._out_r, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe while waiting for {what}; "
                                   f"its log ends:\n{self.log_tail()}")
            self._buffer += chunk
            *messages, self._buffer = self._buffer.split(b"\0")
            for raw in messages:
                self._dispatch(json.loads(raw))

    def _dispatch(self, msg: dict[str, Any]) -> None:
        if "id" in msg:
            self._answers[msg["id"]] = msg
            return
        page = self._pages.get(msg.get("sessionId", ""))
        if page is not None:
            page.on_event(msg["method"], msg.get("params", {}))

    # -- pages -------------------------------------------------------------------------------
    def open(self, url: str, settle: float = SETTLE_SECONDS, javascript: bool = True,
             width: int | None = None) -> Page:
        """Open *url* in a new tab and wait until it has loaded and the network has settled.

        Every request, console message, exception and dialog of the tab is recorded from before
        the navigation starts.  With ``javascript=False`` the page's own scripts do not run (as
        in a browser with JavaScript turned off); :meth:`Page.evaluate` still works, since it
        comes from the test, not the page.  *width* overrides the window's width (a phone).
        """
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        page = Page(self, session, target, url)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", {}, session)
        self.send("Network.setCacheDisabled", {"cacheDisabled": True}, session)
        w, h = self.window_size
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width or w, "height": h, "deviceScaleFactor": 1, "mobile": False},
                  session)
        if not javascript:
            self.send("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        nav = self.send("Page.navigate", {"url": url}, session)
        if nav.get("errorText"):
            page.failed_requests.append(f"{_short(url)}: {nav['errorText']} (navigation)")
            return page
        self._pump(lambda: page.loaded, f"load event of {url}")
        # Let late requests start and end: judge the page only after a quiet spell.
        self._pump(lambda: not page.pending and time.monotonic() - page.last_activity >= settle,
                   f"quiet network on {url}")
        return page

    def close_page(self, page: Page) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self._pages.pop(page.session, None)
        try:
            self.send("Target.closeTarget", {"targetId": page.target})
        except BrowserError:
            pass


def _short(url: str, n: int = 120) -> str:
    return url if len(url) <= n else url[:n] + "..."
