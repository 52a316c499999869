"""Fetch new snapshots from SIPRI's Arms Transfers Database.

Two ways in:

- :func:`fetch_edition`: everything a complete edition needs (the classic register, the
  per-delivery-year register in chunks of years, the world import and export TIV tables, chosen
  recipients' TIV tables by supplier, SIPRI's country list) in one snapshot of kind ``edition``:
  atomic, resumable after an interruption, a few requests in flight, every request and response
  header kept in the manifest (``armsdata fetch edition``).
- :func:`fetch_snapshot`: one table from SIPRI's current API (``https://atbackend.sipri.org/api/p``,
  the backend of https://armstransfers.sipri.org): the trade register, the per-delivery-year
  register, or a TIV table, filtered by recipient and/or supplier and by years.

Every request goes through a ``requests`` session whose urllib3 ``Retry`` retries connection
errors, timeouts and HTTP 429/5xx (:func:`_new_session`).  Every answer is read whole, checked
(status, content type, complete body, decodable, parseable by :mod:`armsdata.parse`) and only
then handed to
:func:`armsdata.snapshot.write_snapshot`, which writes a new snapshot folder atomically or
recognises that an existing one holds the same content.  Nothing is written for a failed fetch,
and existing snapshots are never touched.

The request shapes are not documented by SIPRI.  They were learned from public client code; each
builder below says where, and which parts are recorded and which inferred.

Example
-------
>>> from armsdata import sipri
>>> r = sipri.fetch_snapshot("register", recipient="Armenia", start=2011, end=2020)  # doctest: +SKIP
>>> r.path  # doctest: +SKIP
PosixPath('.../data/raw/register-2025-02-10')
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import importlib
import json
import logging
import os
import re
import shlex
import shutil
import sys
import threading
import time
import urllib.parse
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, Sequence

import requests
import urllib3
from requests.adapters import HTTPAdapter
from tqdm.auto import tqdm
from urllib3.util import Retry

from armsdata import __version__, parse, snapshot
from armsdata.conventions import FIRST_YEAR
from armsdata.errors import (
    ArmsDataError,
    FetchError,
    NoDataError,
    ParseError,
    UnknownActorError,
    WindowError,
)

log = logging.getLogger(__name__)

Kind = Literal["register", "delivery-years", "tiv"]
KINDS: tuple[str, ...] = ("register", "delivery-years", "tiv")

#: SIPRI's current API, the backend of https://armstransfers.sipri.org.
DEFAULT_BASE_URL = "https://atbackend.sipri.org/api/p"
#: Environment variable that overrides :data:`DEFAULT_BASE_URL` (a mirror, or a local test server).
BASE_URL_ENV = "ARMSDATA_SIPRI_URL"

#: Seconds to wait for SIPRI to connect and to send each piece of an answer.  SIPRI's backend
#: builds every CSV before it sends the first byte: a public client measured 31.8 s per request on
#: average and 37.3 s at the 90th percentile for one recipient's TIV table (see
#: data/raw/sipri-api-tiv-2026-08-12/README.md), and whole-register queries are bigger.  180 s is
#: almost five times that p90, so a slow answer gets through, and a dead connection does not hang
#: the fetch forever.
DEFAULT_TIMEOUT = 180.0
#: Further attempts after a connection error, a timeout, HTTP 429, 500, 502, 503 or 504 (urllib3's
#: ``Retry``, see :func:`_new_session`), and after a body that breaks off (see :func:`_request`).
#: The same client saw "some requests answer HTTP 500 and succeed on retry".
DEFAULT_RETRIES = 3
#: urllib3's ``backoff_factor``: it asks again at once the first time, then waits
#: ``backoff * 2 ** (n - 1)`` seconds before the n-th retry (10, 20 s).  SIPRI slows down as
#: requests accumulate (23 s to 37 s for sequential requests: throttling), so asking again and
#: again at once would only add to the queue.  Tests pass ``backoff=0``.
DEFAULT_BACKOFF = 5.0
#: The longest wait a ``Retry-After`` header may impose before a retry, in seconds (urllib3's
#: ``retry_after_max``; its own default is six hours).
MAX_RETRY_AFTER = 300
#: HTTP statuses worth another attempt: throttling (429) and a busy or failing backend.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Requests in flight at once for an edition, unless asked otherwise (``jobs``).  A public client
#: measured 31.8 s per request on average (37.3 s at the 90th percentile), and its sequential
#: requests slowed from 23 s to 37 s as they accumulated, which reads as throttling: more
#: requests at once would most likely queue at SIPRI's end and make each one slower.  Two at most
#: halve the time of a sequential fetch (an edition without recipient tables: 8 requests, about
#: 2.5 minutes) and stay far below what that client allows itself.
DEFAULT_JOBS = 2
#: The most requests in flight that ``jobs`` may ask for, and the ceiling for this whole process
#: however many threads fetch.  Half of the 8 that the same client calls "a politeness ceiling,
#: not a dial": with 8 requests plus one per recipient, 4 at once fetch an edition in two or
#: three rounds of 30-40 s; more would only crowd a server that already slows down.
MAX_JOBS = 4
_IN_FLIGHT = threading.BoundedSemaphore(MAX_JOBS)
#: Where people can find out who is sending these requests (SIPRI sees it in the User-Agent).
#: Set this to the project's public repository URL when it is published.
PROJECT_URL = "https://github.com/armsdata/armsdata"
USER_AGENT = f"armsdata/{__version__} (+{PROJECT_URL})"

SOURCE = "SIPRI Arms Transfers Database, current API ({url})"
ATTRIBUTION = ("Source: SIPRI Arms Transfers Database, generated {date}. SIPRI data are free to "
               "use with attribution.")


@dataclass
class FetchResult:
    """What a fetch did.

    Attributes
    ----------
    path : Path or None
        The snapshot folder: new, or the existing one with the same content; None when SIPRI had
        no data for the query.
    created : bool
        True if a new snapshot folder was written.
    empty : bool
        True if SIPRI answered that it has no data for the query (nothing written).
    message : str
        One line for people: what was written, or why nothing was.
    edition : str or None
        SIPRI's generated date of the data (ISO), when there were data.
    """

    path: Path | None
    created: bool
    empty: bool
    message: str
    edition: str | None = None


@dataclass
class _Answer:
    """One HTTP exchange, body fully read (urllib3 checks it against its Content-Length).

    ``request`` is what was sent: method, url, every header (as sent, from the prepared request)
    and the body; ``elapsed`` the seconds from sending to the last byte of the successful
    attempt; ``attempts`` how many attempts it took.
    """

    request: dict[str, Any]
    status: int
    headers: dict[str, str]
    body: bytes
    retrieved: str = field(default="")
    elapsed: float = 0.0
    attempts: int = 1

    def header(self, name: str) -> str:
        """A response header by name, ignoring case ("" if absent)."""
        return requests.structures.CaseInsensitiveDict(self.headers).get(name, "")

    def response_record(self) -> dict[str, Any]:
        """The manifest's ``response`` entry: status, every header, elapsed seconds."""
        return {"status": self.status, "headers": dict(self.headers),
                "elapsed": round(self.elapsed, 3)}


class _BodyBrokeOff(Exception):
    """The answer's body broke off after its headers: beyond urllib3's retries (see _request).

    ``attempts``: how many requests this answer took (urllib3's retries before it, plus one).
    """

    def __init__(self, message: str, attempts: int) -> None:
        super().__init__(message)
        self.attempts = attempts


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------

def api_base_url(url: str | None = None) -> str:
    """The API base URL: *url* if given, else ``$ARMSDATA_SIPRI_URL``, else the default."""
    return (url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


# --------------------------------------------------------------------------------------------
# Request bodies (pure; each says where its shape was learned)
# --------------------------------------------------------------------------------------------

def _list_filter(field_name: str, ids: list[int]) -> dict[str, Any]:
    # {"field": "Recipient" | "Supplier", "condition": "contains", "listData": [EntityId]}: from
    # public clients of the same API (a Python httpx connector's _build_filters, and a TIV fetcher
    # that posts {"field": "Supplier", ..., "listData": [entity[name]]} to import-export-csv).
    return {"field": field_name, "condition": "contains", "value1": "", "value2": "",
            "listData": list(ids)}


def register_body(start: int, end: int, *, recipient_ids: list[int] | None = None,
                  supplier_ids: list[int] | None = None, per_delivery_year: bool = False
                  ) -> dict[str, Any]:
    """The JSON body for ``POST /trades/trade-register-csv/``.

    Shape learned from the R package datapumpernickel/Rat.db (``R/atdb_request.R``,
    ``atdb_build_request``), whose recorded answer is shipped in
    ``data/raw/sipri-api-recording-2025-02-10``: deals with deliveries in *start*..*end*
    (``Delivery year``) ordered up to *end* (``Order year`` 0..*end*), open deals included
    (``opendeals``).  ``exportOption`` asks for one row per deal and delivery year; without it
    SIPRI sends the classic register, one row per deal.  Rat.db leaves out the ``oldField`` key
    that SIPRI's web page sends, and SIPRI answers all the same; so do we, so that the recorded
    request is reproduced exactly.
    """
    filters: list[dict[str, Any]] = []
    if recipient_ids:
        filters.append(_list_filter("Recipient", recipient_ids))
    if supplier_ids:
        filters.append(_list_filter("Supplier", supplier_ids))
    filters += [
        {"field": "Delivery year", "condition": "contains", "value1": start, "value2": end,
         "listData": []},
        {"field": "Order year", "condition": "contains", "value1": 0, "value2": end, "listData": []},
        {"field": "opendeals", "condition": "", "value1": "", "value2": "", "listData": []},
    ]
    if per_delivery_year:
        filters.append({"field": "exportOption", "condition": "", "value1": "", "value2": "",
                        "listData": []})
    return {"filters": filters, "logic": "AND"}


TivRows = Literal["suppliers", "recipients"]


def tiv_body(start: int, end: int, *, recipient_ids: list[int] | None = None,
             supplier_ids: list[int] | None = None, rows: TivRows | None = None
             ) -> dict[str, Any]:
    """The JSON body for ``POST /trades/import-export-csv/`` (a TIV table by year).

    **Recorded**: the request a public client sends in production for one recipient's imports by
    supplier (``data/raw/sipri-api-tiv-2026-08-12/README.md``, answered with the
    ``tiv-recipient-by-supplier`` layout), reproduced exactly: filters in the order
    ``Year range 1`` (years as strings), ``Recipient`` (``listData: [EntityId]``),
    ``orderbyseller``, ``summarize-by`` = ``country``, ``DeliveryType`` = ``delivered``,
    ``Status`` = ``"0"``, each with ``oldField: ""``.

    **Inferred** for the other tables, from the same request and from an older public fetcher of
    the world tables (which sends ``Year range 1``, ``DeliveryType`` and ``Status``, adding
    ``orderbyseller`` for exports; no ``summarize-by``): the production filters, in the same
    order, without the ones that do not apply.  ``orderbyseller`` makes the rows suppliers.
    One supplier's exports by recipient (``tiv-supplier-by-recipient``, what ``fetch edition``
    asks for each supplier the claims name) is inferred by analogy with the recorded recipient
    request: the same filters with ``Supplier`` in place of ``Recipient``, and without
    ``orderbyseller``, since its rows are recipients.  No answer to it has been recorded.

    Parameters
    ----------
    start, end : int
        Years, inclusive.
    recipient_ids, supplier_ids : list of int, optional
        EntityIds from SIPRI's country list: count only deliveries to / from these.
    rows : {"suppliers", "recipients"}, optional
        What the rows are.  Default: suppliers for a recipient alone (its imports by supplier,
        the recorded request), recipients otherwise.  Which table each combination asks for:

        - no ids, rows recipients: world imports, one row per recipient
          (``tiv-imports-by-recipient``);
        - no ids, rows suppliers: world exports, one row per supplier
          (``tiv-exports-by-supplier``);
        - recipient only: its imports, one row per supplier (``tiv-recipient-by-supplier``);
        - supplier only: its exports, one row per recipient (``tiv-supplier-by-recipient``);
        - both: the deliveries from that supplier to that recipient, one row.
    """
    if rows is None:
        rows = "suppliers" if recipient_ids and not supplier_ids else "recipients"
    if rows not in ("suppliers", "recipients"):
        raise ValueError(f"rows {rows!r}; expected 'suppliers' or 'recipients'")

    def flt(field_name: str, condition: str = "", value1: Any = "", value2: Any = "",
            list_data: list[int] | None = None) -> dict[str, Any]:
        return {"field": field_name, "oldField": "", "condition": condition, "value1": value1,
                "value2": value2, "listData": list(list_data or [])}

    filters = [flt("Year range 1", "contains", str(start), str(end))]
    if recipient_ids:
        filters.append(flt("Recipient", "contains", list_data=recipient_ids))
    if supplier_ids:
        filters.append(flt("Supplier", "contains", list_data=supplier_ids))
    if rows == "suppliers":
        filters.append(flt("orderbyseller"))
    filters += [flt("summarize-by", value1="country"), flt("DeliveryType", value1="delivered"),
                flt("Status", value1="0")]
    return {"filters": filters, "logic": "AND"}


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------

def _show_progress(progress: bool) -> bool:
    return progress and sys.stderr is not None and sys.stderr.isatty()


def _progress_bar(total: int, progress: bool, desc: str) -> tqdm:
    """A bar over the requests of one fetch; shown only for several requests on a terminal."""
    return tqdm(total=total, desc=desc, unit="request", leave=False,
                disable=total < 2 or not _show_progress(progress))


def _new_session(retries: int, backoff: float) -> requests.Session:
    """A session whose every request urllib3 retries as SIPRI needs.

    Retried *retries* times with *backoff* (see :data:`DEFAULT_BACKOFF`): connection errors,
    connect and read timeouts before the answer's headers, and HTTP 429, 500, 502, 503, 504
    (:data:`RETRY_STATUSES`), waiting as long as a ``Retry-After`` header asks, up to
    :data:`MAX_RETRY_AFTER`.  POST too: SIPRI's POSTs are read-only queries, safe to repeat.  Not
    retried: other 4xx (the request itself is wrong).  The last answer is returned even if its
    status asked for a retry (``raise_on_status=False``), so that the error quotes it.
    """
    retry = Retry(total=retries, backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
                  allowed_methods={"GET", "POST"}, respect_retry_after_header=True,
                  retry_after_max=MAX_RETRY_AFTER, raise_on_status=False)
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    return session


def _request(session: requests.Session, method: str, url: str, *, timeout: Any,
             json_body: Any = None) -> _Answer:
    """Send one request through *session* (:func:`_new_session`); return the fully read answer.

    urllib3 retries everything up to the answer's headers.  The body is read afterwards, outside
    its reach (requests hands the answer over first), so a body that breaks off or comes short of
    its Content-Length is asked for again here, as many times and as far apart as the session's
    ``Retry`` allows.

    Raises
    ------
    FetchError
        Every attempt failed, or the failure is not worth retrying.  The message has the URL.
    """
    retry = session.get_adapter(url).max_retries
    headers = {"User-Agent": USER_AGENT}
    if json_body is not None:
        headers["Content-Type"] = "application/json"
        headers["Accept"] = "application/json"
    record: dict[str, Any] = {"method": method, "url": url}
    if json_body is not None:
        record["body"] = json_body
    attempts = 0
    for again in range(retry.total + 1):
        try:
            with _IN_FLIGHT:
                answer = _exchange(session, method, url, headers=headers, json_body=json_body,
                                   timeout=timeout, record=record)
        except _BodyBrokeOff as exc:
            attempts += exc.attempts
            if again == retry.total:
                raise FetchError(f"{method} {url} failed after {attempts} attempt(s): {exc}. "
                                 "SIPRI may be down; try again later.") from exc
            log.warning("%s %s: %s; asking again in %.0f s", method, url, exc,
                        retry.backoff_factor)
            time.sleep(retry.backoff_factor)
            continue
        answer.attempts += attempts
        return answer
    raise AssertionError("unreachable")  # pragma: no cover


def _attempts(resp: requests.Response) -> int:
    """How many requests urllib3 sent for this answer (its retries, plus one)."""
    return 1 + len(resp.raw.retries.history)


def _why(exc: requests.exceptions.RequestException, timeout: Any) -> str:
    """What went wrong, in words, from what requests raised (urllib3's last error inside it)."""
    reason = exc.args[0] if exc.args else exc
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError holds the last error
    if isinstance(reason, urllib3.exceptions.NewConnectionError):  # a ConnectTimeoutError too
        return f"connection failed ({reason})"
    if isinstance(exc, requests.exceptions.Timeout) or isinstance(
            reason, urllib3.exceptions.TimeoutError):
        kind = "connect" if isinstance(reason, urllib3.exceptions.ConnectTimeoutError) else "read"
        return f"no answer within {timeout} s ({kind} timeout)"
    return f"connection failed ({reason})"


def _host_header(url: str) -> str:
    """The ``Host`` header http.client sends for *url* (no port when it is the scheme's default)."""
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    return host if parts.port in (None, default) else f"{host}:{parts.port}"


def _exchange(session: requests.Session, method: str, url: str, *, headers: dict[str, str],
              json_body: Any, timeout: Any, record: dict[str, Any]) -> _Answer:
    retrieved = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    started = time.monotonic()
    try:
        resp = session.request(method, url, headers=headers, json=json_body, timeout=timeout,
                               stream=True)
    except (requests.exceptions.ConnectionError, requests.exceptions.Timeout) as exc:
        tries = 1 + session.get_adapter(url).max_retries.total  # urllib3 used them all
        raise FetchError(f"{method} {url} failed after {tries} attempt(s): {_why(exc, timeout)}. "
                         "SIPRI may be down or throttling; try again later.") from exc
    except requests.exceptions.RequestException as exc:  # invalid URL, too many redirects, ...
        raise FetchError(f"{method} {url}: request failed: {exc}") from exc
    with resp:
        if resp.status_code in RETRY_STATUSES:  # urllib3 asked again as often as allowed
            raise FetchError(f"{method} {url} failed after {_attempts(resp)} attempt(s): HTTP "
                             f"{resp.status_code} {resp.reason} (expected 200). SIPRI may be "
                             "down or throttling; try again later.")
        try:
            body = resp.content
        except (requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ConnectionError) as exc:
            declared = resp.headers.get("Content-Length", "?")
            raise _BodyBrokeOff(f"the body broke off after {resp.raw.tell()} of {declared} bytes "
                                f"(Content-Length) ({exc})", _attempts(resp)) from exc
        except requests.exceptions.ContentDecodingError as exc:
            raise FetchError(f"{method} {url}: the body could not be decompressed ({exc}); "
                             "expected a gzip or plain answer.") from exc
    # The prepared request's headers, plus the Host header that http.client adds from the URL.
    sent = {**record, "headers": {"Host": _host_header(url), **resp.request.headers}}
    if "body" in record:  # keep the body last, after the headers, as people read a request
        sent["body"] = sent.pop("body")
    return _Answer(sent, resp.status_code, dict(resp.headers), body, retrieved,
                   elapsed=time.monotonic() - started, attempts=_attempts(resp))


def _http_error(answer: _Answer, expected: str) -> FetchError:
    req = answer.request
    snippet = answer.body[:200].decode("utf-8", "replace").strip().replace("\n", " ")
    return FetchError(f"{req['method']} {req['url']}: HTTP {answer.status}; expected 200 with "
                      f"{expected}. Answer starts: {snippet!r}")


# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

#: SIPRI's list of countries and other actors (``[{"Name": ..., "EntityId": ...}, ...]``), as
#: used by several public clients (a Python httpx connector's ``_ensure_country_cache``, a
#: TypeScript client's ``getAllCountriesTrimmed``).
COUNTRY_LIST_PATH = "/countries/getAllCountriesTrimmed"


def _country_entries(status: int, body: bytes, url: str) -> list[dict[str, Any]]:
    """The live entries of a ``getAllCountriesTrimmed`` answer, checked.

    Entries marked ``deleted`` (a public TypeScript client filters them) are left out.

    Raises
    ------
    FetchError, ParseError
        HTTP error, or an answer that is not a JSON list of entries with Name and EntityId.
    """
    what = 'a JSON list [{"Name": ..., "EntityId": ...}]'
    if status != 200:
        snippet = body[:200].decode("utf-8", "replace").strip().replace("\n", " ")
        raise FetchError(f"GET {url}: HTTP {status}; expected 200 with {what}. Answer starts: "
                         f"{snippet!r}")
    if parse.looks_like_html(body):
        raise FetchError(f"GET {url}: got an HTML page; expected {what}.")
    try:
        entries = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"GET {url}: not valid JSON ({exc}); expected {what}.") from exc
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("Name"), str) and "EntityId" in e
            for e in entries):
        raise ParseError(f"GET {url}: unexpected structure; expected {what}.")
    return [e for e in entries if not e.get("deleted")]


def _canonical(name: str) -> str | None:
    """The actor map's canonical name for *name*, or None (no map, or a name it does not know)."""
    try:
        countries = importlib.import_module("armsdata.countries")
    except ImportError:  # the actor map is optional here: fall back to SIPRI's own spelling
        return None
    try:
        return countries.lookup(name).canonical_name
    except UnknownActorError:
        return None


def match_country(name: str, entries: list[dict[str, Any]], source: str = "SIPRI's country list"
                  ) -> list[int]:
    """The EntityIds of the SIPRI entries that *name* means.

    First an exact match ignoring case; then, through :func:`armsdata.countries.lookup`, any
    entry with the same canonical name (so "Turkey", "TUR" or "turkiye" all find "Turkiye").

    Raises
    ------
    UnknownActorError
        Nothing matches; the message suggests close SIPRI names.
    """
    wanted = name.strip().casefold()
    hits = [e for e in entries if e["Name"].strip().casefold() == wanted]
    if not hits:
        canonical = _canonical(name)
        if canonical is not None:
            hits = [e for e in entries if _canonical(e["Name"]) == canonical]
    if hits:
        if len(hits) > 1:
            log.info("%r matches %d SIPRI entries: %s", name, len(hits), [e["Name"] for e in hits])
        return sorted({int(e["EntityId"]) for e in hits})
    names = [e["Name"] for e in entries]
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise UnknownActorError(f"{name!r} is not in {source} ({len(names)} names){hint} Give the "
                            "name as SIPRI spells it.")


# --------------------------------------------------------------------------------------------
# Checking an answer
# --------------------------------------------------------------------------------------------

def _check_api_answer(answer: _Answer) -> bytes | None:
    """The CSV inside an API answer, or None for SIPRI's "no data" page.

    Raises
    ------
    FetchError
        HTTP error, HTML error page, or a content type that is not JSON.
    ParseError
        JSON without ``bytes``, invalid base64 (from :func:`armsdata.parse.decode_api_response`).
    """
    url = answer.request["url"]
    expected = 'JSON {"bytes": "<base64 CSV>"}'
    if parse.is_no_data_page(answer.body):
        return None
    if answer.status != 200:
        raise _http_error(answer, expected)
    if parse.looks_like_html(answer.body):
        raise FetchError(f"POST {url}: got an HTML page (starts {answer.body[:60]!r}) where SIPRI's "
                         f"API answers {expected}; SIPRI may be down or the URL is wrong.")
    content_type = answer.header("Content-Type")
    if "json" not in content_type.lower():
        raise FetchError(f"POST {url}: content type {content_type!r}; expected "
                         f"application/json with {expected}.")
    try:
        return parse.decode_api_response(answer.body, source=f"POST {url}")
    except NoDataError:
        return None


def _generated(csv_bytes: bytes, source: str) -> str:
    text = parse.decode(csv_bytes[:8000], source) if len(csv_bytes) > 8000 else parse.decode(
        csv_bytes, source)
    date, raw = parse.parse_generated(text)
    if date is None:
        got = f"an unreadable stamp {raw!r}" if raw else "none"
        raise ParseError(f"{source}: SIPRI's 'Data generated: <date>' line not found or not a date "
                         f"(got {got}); expected it in the preamble of every export.")
    return date


def _parse(kind: str, csv_bytes: bytes, source: str) -> tuple[str, int]:
    """Parse *csv_bytes* as *kind*; return its layout and row count.  Raises ParseError."""
    if kind == "register":
        return "register", len(parse.parse_register(csv_bytes, source))
    if kind == "delivery-years":
        return "delivery-years", len(parse.parse_delivery_years(csv_bytes, source))
    table = parse.parse_tiv(csv_bytes, source)
    return table.meta["layout"], len(table.rows)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

#: File names inside a fetched snapshot, per kind (the CSV SIPRI generated; the answer as sent
#: is kept next to it as ``<stem>.response.json``).
FILE_STEMS = {"register": "trade-register", "delivery-years": "delivery-years", "tiv": "tiv"}


def fetch_snapshot(kind: Kind, *, recipient: str | None = None, supplier: str | None = None,
                   start: int, end: int, data_dir: str | os.PathLike[str] | None = None,
                   base_url: str | None = None, timeout: Any = DEFAULT_TIMEOUT,
                   retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
                   progress: bool = True) -> FetchResult:
    """Fetch a table from SIPRI's current API and keep it as a new snapshot.

    Parameters
    ----------
    kind : {"register", "delivery-years", "tiv"}
        ``register``: SIPRI's trade register, one row per deal with deliveries in *start*..*end*.
        ``delivery-years``: the same deals, one row per deal and delivery year.
        ``tiv``: a TIV table by year (see :func:`tiv_body` for which table each filter gives).
    recipient, supplier : str, optional
        Names as people type them ("Armenia", "USA", "Turkey"); matched against SIPRI's country
        list (:func:`match_country`).
    start, end : int
        Years, inclusive.
    data_dir : path, optional
        Folder that holds snapshot folders; default :func:`armsdata.snapshot.default_data_dir`.
    base_url : str, optional
        API base; default ``$ARMSDATA_SIPRI_URL`` or :data:`DEFAULT_BASE_URL`.
    timeout : float or (connect, read) tuple
        Seconds; see :data:`DEFAULT_TIMEOUT`.
    retries, backoff
        Further attempts after a failure worth retrying, and urllib3's backoff factor (see
        :data:`DEFAULT_RETRIES`, :data:`DEFAULT_BACKOFF`; 0 in tests).
    progress : bool
        Show a progress bar over the requests on a terminal.

    Returns
    -------
    FetchResult
        ``path`` of the new snapshot ``<kind>-<generated date>`` (or of the existing one with the
        same content, ``created=False``); ``empty=True`` and no path when SIPRI has no data.

    Raises
    ------
    FetchError
        HTTP error after retries, timeout, truncated body, HTML where JSON was expected.
    ParseError
        Invalid base64, JSON without ``bytes``, a CSV whose columns the parsers do not know.
    UnknownActorError
        *recipient* or *supplier* is not in SIPRI's country list.

    Example
    -------
    >>> fetch_snapshot("register", recipient="Armenia", start=2011, end=2020)  # doctest: +SKIP
    FetchResult(path=PosixPath('data/raw/register-2025-02-10'), created=True, empty=False, ...)
    """
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}; expected one of {list(KINDS)}")
    _check_years(start, end)
    base = api_base_url(base_url)
    data_dir = Path(data_dir) if data_dir is not None else snapshot.default_data_dir()
    n_requests = 1 + (1 if (recipient or supplier) else 0)
    with _new_session(retries, backoff) as session, \
            _progress_bar(n_requests, progress, f"SIPRI {kind}") as bar:
        recipient_ids = supplier_ids = None
        if recipient or supplier:
            countries = _request(session, "GET", f"{base}{COUNTRY_LIST_PATH}", timeout=timeout)
            entries = _country_entries(countries.status, countries.body, countries.request["url"])
            bar.update(1)
            source = f"SIPRI's country list ({base}{COUNTRY_LIST_PATH})"
            if recipient:
                recipient_ids = match_country(recipient, entries, source)
            if supplier:
                supplier_ids = match_country(supplier, entries, source)
        if kind == "tiv":
            url = f"{base}/trades/import-export-csv/"
            body = tiv_body(start, end, recipient_ids=recipient_ids, supplier_ids=supplier_ids)
        else:
            url = f"{base}/trades/trade-register-csv/"
            body = register_body(start, end, recipient_ids=recipient_ids,
                                 supplier_ids=supplier_ids,
                                 per_delivery_year=(kind == "delivery-years"))
        answer = _request(session, "POST", url, json_body=body, timeout=timeout)
        bar.update(1)

    what = _describe(kind, recipient, supplier, start, end)
    csv_bytes = _check_api_answer(answer)
    if csv_bytes is None:
        return FetchResult(None, False, True, f"SIPRI has no data for {what}; no snapshot written.")
    source = f"POST {url}"
    layout, n_rows = _parse(kind, csv_bytes, source)
    edition = _generated(csv_bytes, source)
    if n_rows == 0:
        return FetchResult(None, False, True, f"SIPRI's answer for {what} has no rows (edition "
                           f"{edition}); no snapshot written.", edition)

    stem = FILE_STEMS[kind]
    meta = {"request": answer.request, "response": answer.response_record(),
            "retrieved": answer.retrieved, "generated": edition}
    files = {f"{stem}.csv": csv_bytes, f"{stem}.response.json": answer.body}
    file_meta = {
        f"{stem}.csv": {"layout": layout, "decoded_from": f"{stem}.response.json", **meta},
        f"{stem}.response.json": {"layout": "api-response", **meta},
    }
    manifest = {
        "kind": kind, "edition": edition, "retrieved": answer.retrieved,
        "source": SOURCE.format(url=base),
        "attribution": ATTRIBUTION.format(date=_long_date(edition)),
        "query": {"recipient": recipient, "supplier": supplier, "start": start, "end": end,
                  "recipient_ids": recipient_ids, "supplier_ids": supplier_ids},
        "notes": (f"{what}, fetched by armsdata {__version__}. {stem}.response.json is SIPRI's "
                  f"answer byte for byte; {stem}.csv is the base64 CSV inside it, decoded."),
    }
    return _write(data_dir, f"{kind}-{edition}", files, manifest, file_meta, edition,
                  f"{n_rows} rows of {what}")


def _write(data_dir: Path, name: str, files: dict[str, bytes], manifest: dict[str, Any],
           file_meta: dict[str, dict[str, Any]], edition: str, what: str) -> FetchResult:
    result = snapshot.write_snapshot(data_dir, name, files, manifest, file_meta)
    message = _written(result, what, edition)
    return FetchResult(result.path, result.created, False, message, edition)


def _written(result: snapshot.WriteResult, what: str, edition: str) -> str:
    """What writing a snapshot did, in one line (logged, and returned for the caller to print)."""
    if result.created:
        message = f"new snapshot {result.path.name}: {what}, edition {edition}"
    else:
        message = (f"same content as {result.same_as} ({result.path}); {what}, edition "
                   f"{edition}; nothing written")
    log.info(message)
    return message


def _describe(kind: str, recipient: str | None, supplier: str | None, start: int, end: int) -> str:
    parts = [{"register": "the trade register", "delivery-years": "the per-delivery-year register",
              "tiv": "TIV"}[kind]]
    if supplier:
        parts.append(f"from {supplier}")
    if recipient:
        parts.append(f"to {recipient}")
    parts.append(f"{start}-{end}")
    return " ".join(parts)


def _long_date(iso: str) -> str:
    """``2025-02-10`` → ``10 Feb 2025``, as SIPRI writes it in its attribution line."""
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%b %Y')}"


def _check_years(start: int, end: int) -> None:
    if isinstance(start, bool) or isinstance(end, bool) or not (
            isinstance(start, int) and isinstance(end, int)):
        raise WindowError(f"years {start!r}-{end!r}: expected whole years such as 1950 and 2025")
    if start > end:
        raise WindowError(f"start year {start} is after end year {end}")


# --------------------------------------------------------------------------------------------
# A complete edition
# --------------------------------------------------------------------------------------------

#: Years per request of the per-delivery-year register.  SIPRI's spring-2024 release was fetched
#: in two requests of 40 and 34 years (3.3 and 2.8 MB, ~80 kB per year; see
#: data/raw/sipri-delivery-years-2024-04), so SIPRI serves chunks that big.  Half of that keeps
#: each answer near 1.6 MB, each request well inside :data:`DEFAULT_TIMEOUT` even when SIPRI is
#: slow, and what a failure costs to fetch again small, for four requests over 1950-2026 (about
#: 70 s at two in flight and SIPRI's measured 30-40 s per request).
DEFAULT_CHUNK_YEARS = 20
#: ``kind`` of a fetched complete edition (informational; capabilities come from the layouts).
EDITION_KIND = "edition"
#: Where SIPRI's country list (the EntityIds the actors' requests used) goes in the snapshot.
COUNTRY_LIST_FILE = "countries.json"
#: The manifest's layout for that file (not a table: ``[{"Name": ..., "EntityId": ...}]``).
COUNTRY_LIST_LAYOUT = "country-list"
#: Hidden folder in the data folder that keeps the finished answers of an unfinished fetch,
#: named by a fingerprint of the query; the leading dot keeps it out of find_snapshots().
STAGING_PREFIX = ".partial-edition-"
#: Beside each staged answer: its request/response record, with its sha256 (written last).
RECORD_SUFFIX = ".record.json"
#: The table an edition fetches for each named recipient and supplier, and its layout.
ACTOR_TABLES = {"recipient": ("imports by supplier", "tiv-recipient-by-supplier"),
                "supplier": ("exports by recipient", "tiv-supplier-by-recipient")}
#: Characters that may not appear in a file name on common file systems.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|]')


@dataclass
class EditionResult:
    """What :func:`fetch_edition` did.

    Attributes
    ----------
    path : Path
        The snapshot folder: new, or an existing one with the same content.
    created : bool
        True if a new snapshot folder was written.
    edition : str
        The edition's generated date (the latest of its answers' "Data generated" dates).
    fetched, reused : int
        Requests sent now, and answers taken from an interrupted earlier run.
    no_data : list of str
        Files SIPRI answered with its "no data" page (left out of the snapshot; listed in the
        manifest under ``no_data``).
    message : str
        One line for people.
    """

    path: Path
    created: bool
    edition: str
    fetched: int
    reused: int
    no_data: list[str]
    message: str


#: An actor of a fetched edition: as typed, the name its file and manifest use, SIPRI's EntityIds.
Actor = tuple[str, str, list[int]]


@dataclass
class _Part:
    """One request of an edition: what it is, how to ask, and what its answer must be."""

    relpath: str                 # where the answer goes in the snapshot
    what: str                    # for people: "the per-delivery-year register 1950-1969"
    method: str
    url: str
    body: dict[str, Any] | None
    layout: str                  # the layout parse.sniff must find (or COUNTRY_LIST_LAYOUT)
    may_be_empty: bool = False   # SIPRI's "no data" page is an answer, not an error
    extra: dict[str, Any] = field(default_factory=dict)  # manifest fields: years, recipient


@dataclass
class _Staged:
    """A checked answer, kept in the staging folder."""

    part: _Part
    body: bytes
    record: dict[str, Any]
    reused: bool


def _chunks(start: int, end: int, years: int) -> list[tuple[int, int]]:
    """``start..end`` cut into consecutive ranges of *years* years (the last may be shorter)."""
    return [(a, min(a + years - 1, end)) for a in range(start, end + 1, years)]


def _file_name(name: str) -> str:
    """*name* usable as a file name: ``PIJ (Israel/Palestine)`` → ``PIJ (Israel-Palestine)``."""
    return _UNSAFE_IN_FILE_NAME.sub("-", name).strip() or "unnamed"


def _actor_key(name: str) -> str:
    """How two names of an actor are recognised as one (``ARM`` and ``armenia``)."""
    return (_canonical(name) or name.strip()).casefold()


def _stage(staging: Path, part: _Part, answer: _Answer, checked: dict[str, Any]) -> _Staged:
    """Keep a checked answer: its bytes first, then its record (which marks it finished)."""
    record = {"what": part.what, **checked, **part.extra, "sha256": snapshot.sha256(answer.body),
              "size": len(answer.body), "request": answer.request,
              "response": answer.response_record(), "retrieved": answer.retrieved,
              "attempts": answer.attempts}
    snapshot.write_atomic(staging / part.relpath, answer.body)
    snapshot.write_atomic(staging / (part.relpath + RECORD_SUFFIX),
                  (json.dumps(record, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    return _Staged(part, answer.body, record, reused=False)


def _reuse(staging: Path, part: _Part) -> _Staged | None:
    """The staged answer for *part*, if there is one for the same request and its bytes verify."""
    rec_path, body_path = staging / (part.relpath + RECORD_SUFFIX), staging / part.relpath
    if not rec_path.is_file():
        return None
    try:
        record = json.loads(rec_path.read_text(encoding="utf-8"))
        data = body_path.read_bytes()
        sent = record["request"]
        same = (sent["method"], sent["url"], sent.get("body")) == (part.method, part.url, part.body)
        expected = record["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s: unreadable staged answer (%s); fetching it again", body_path, exc)
        return None
    if not same:
        log.info("%s: staged for another request; fetching it again", body_path)
        return None
    got = snapshot.sha256(data)
    if got != expected:
        log.warning("%s: sha256 %s does not match its record (expected %s); fetching it again",
                    body_path, got, expected)
        return None
    log.info("%s: reused from %s (sha256 verified)", part.relpath, staging)
    return _Staged(part, data, record, reused=True)


def _check_part(part: _Part, answer: _Answer) -> dict[str, Any]:
    """Check one answer of an edition; return its manifest fields (layout, generated, no_data).

    Raises
    ------
    FetchError
        HTTP error, HTML error page, a content type that is not JSON.
    ParseError
        Not ``{"bytes": base64}``, not decodable, a layout other than the one asked for, a table
        that :mod:`armsdata.parse` cannot read, no "Data generated" date.
    NoDataError
        SIPRI's "no data" page where the edition needs data (the register, the world tables).
    """
    url = answer.request["url"]
    if part.layout == COUNTRY_LIST_LAYOUT:
        entries = _country_entries(answer.status, answer.body, url)
        if not entries:
            raise ParseError(f"GET {url}: an empty country list; expected SIPRI's actors.")
        return {"layout": COUNTRY_LIST_LAYOUT}
    csv_bytes = _check_api_answer(answer)
    if csv_bytes is None:
        if not part.may_be_empty:
            raise NoDataError(f"POST {url}: SIPRI answered with its 'no data' page for "
                              f"{part.what}; a complete edition needs data there. Check the "
                              "years asked for (--from/--to).")
        return {"layout": "no-data", "no_data": True}
    source = f"POST {url} ({part.what})"
    layout = parse.sniff(csv_bytes, source)
    if layout != part.layout:
        raise ParseError(f"{source}: SIPRI answered with the {layout!r} layout; expected "
                         f"{part.layout!r} for this request. SIPRI may have changed its API.")
    parse.parse(csv_bytes, source)
    return {"layout": layout, "generated": _generated(csv_bytes, source)}


def _ask(part: _Part, *, session: requests.Session, timeout: Any
         ) -> tuple[_Answer, dict[str, Any]]:
    """Send the request of *part* and check its answer; log one line about it."""
    answer = _request(session, part.method, part.url, json_body=part.body, timeout=timeout)
    checked = _check_part(part, answer)
    log.info("%s: %s %s -> HTTP %d, %d bytes, %.1f s, %d attempt(s), layout %s%s", part.relpath,
             part.method, part.url, answer.status, len(answer.body), answer.elapsed,
             answer.attempts, checked["layout"],
             f", generated {checked['generated']}" if "generated" in checked else "")
    return answer, checked


def _fetch_part(part: _Part, *, staging: Path, **ask: Any) -> _Staged:
    """Ask for *part*, check the answer, and keep it in *staging*."""
    return _stage(staging, part, *_ask(part, **ask))


def _run_parts(parts: list[_Part], work: Any, jobs: int, bar: tqdm
               ) -> tuple[list[_Staged], BaseException | None]:
    """Run ``work(part)`` for *parts* in a pool of *jobs* threads; stop starting new ones after a
    failure, let those in flight finish (their answers are kept).

    Returns what finished and the first failure (None if none).  On Ctrl-C the requests not yet
    started are cancelled and the process waits for those in flight, whose answers are kept (the
    pool's threads end with their request, at most *timeout* seconds per attempt).  The bar's
    postfix names the requests in flight.
    """
    in_flight: list[str] = []
    lock = threading.Lock()

    def run(part: _Part) -> _Staged:
        with lock:
            in_flight.append(part.what)
            bar.set_postfix_str(", ".join(in_flight))
        try:
            return work(part)
        finally:
            with lock:
                in_flight.remove(part.what)
                bar.set_postfix_str(", ".join(in_flight))

    done: list[_Staged] = []
    failure: BaseException | None = None
    with ThreadPoolExecutor(jobs, thread_name_prefix="armsdata-fetch") as pool:
        pending = {pool.submit(run, part): part for part in parts}
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    part, exc = pending.pop(future), future.exception()
                    if exc is None:
                        done.append(future.result())
                        bar.update(1)
                    elif failure is None:
                        failure = exc
                        log.warning("%s failed (%s); finishing the requests in flight, starting "
                                    "no more", part.what, exc)
                    else:
                        log.warning("%s failed too: %s", part.what, exc)
                if failure is not None:  # a cancelled future never finishes: wait for no more
                    pending = {f: p for f, p in pending.items() if not f.cancel()}
        except KeyboardInterrupt:
            for future in pending:
                future.cancel()
            log.warning("interrupted: starting no more requests; waiting for those in flight "
                        "(%s) so that their answers are kept", ", ".join(in_flight) or "none")
            raise
    return done, failure


def _plan(base: str, start: int, end: int, chunk_years: int,
          recipients: list[Actor], suppliers: list[Actor]) -> list[_Part]:
    """Every request of an edition after the country list, in the order they are sent."""
    register_url = f"{base}/trades/trade-register-csv/"
    tiv_url = f"{base}/trades/import-export-csv/"
    years = {"years": [start, end]}
    parts = [_Part("register.json", f"the trade register {start}-{end}", "POST", register_url,
                   register_body(start, end), "register", extra=years)]
    for a, b in _chunks(start, end, chunk_years):
        parts.append(_Part(f"delivery-years/{a}-{b}.json",
                           f"the per-delivery-year register {a}-{b}", "POST", register_url,
                           register_body(a, b, per_delivery_year=True), "delivery-years",
                           may_be_empty=True, extra={"years": [a, b]}))
    parts += [
        _Part("tiv/imports-by-recipient.json", f"world imports by recipient {start}-{end}", "POST",
              tiv_url, tiv_body(start, end, rows="recipients"), "tiv-imports-by-recipient",
              extra=years),
        _Part("tiv/exports-by-supplier.json", f"world exports by supplier {start}-{end}", "POST",
              tiv_url, tiv_body(start, end, rows="suppliers"), "tiv-exports-by-supplier",
              extra=years),
    ]
    for role, actors in (("recipient", recipients), ("supplier", suppliers)):
        table, layout = ACTOR_TABLES[role]
        for asked, name, ids in actors:
            parts.append(_Part(f"tiv/{role}s/{_file_name(name)}.json",
                               f"{name}'s {table} {start}-{end}", "POST", tiv_url,
                               tiv_body(start, end, **{f"{role}_ids": ids}), layout,
                               may_be_empty=True,
                               extra={**years, role: name, "asked": asked, "entity_ids": ids}))
    return parts


def fetch_edition(*, recipients: Sequence[str] = (), suppliers: Sequence[str] = (),
                  start: int = FIRST_YEAR,
                  end: int | None = None, chunk_years: int = DEFAULT_CHUNK_YEARS,
                  jobs: int = DEFAULT_JOBS, data_dir: str | os.PathLike[str] | None = None,
                  base_url: str | None = None, timeout: Any = DEFAULT_TIMEOUT,
                  retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF,
                  progress: bool = True) -> EditionResult:
    """Fetch everything a complete SIPRI edition needs into one snapshot (``kind: "edition"``).

    The requests, in the order they are sent (SIPRI's API, see :func:`register_body` and
    :func:`tiv_body` for what is recorded and what inferred):

    ============================================  =================================================
    file in the snapshot                          request (layout its answer must have)
    ============================================  =================================================
    ``countries.json``                            ``GET /countries/getAllCountriesTrimmed``
                                                  (SIPRI's EntityIds; layout ``country-list``)
    ``register.json``                             the classic trade register, every deal
                                                  (``register``)
    ``delivery-years/<from>-<to>.json``           the per-delivery-year register in chunks of
                                                  *chunk_years* years (``delivery-years``)
    ``tiv/imports-by-recipient.json``             world imports by recipient
                                                  (``tiv-imports-by-recipient``)
    ``tiv/exports-by-supplier.json``              world exports by supplier
                                                  (``tiv-exports-by-supplier``)
    ``tiv/recipients/<Canonical name>.json``      each recipient's imports by supplier
                                                  (``tiv-recipient-by-supplier``)
    ``tiv/suppliers/<Canonical name>.json``       each supplier's exports by recipient
                                                  (``tiv-supplier-by-recipient``; request
                                                  inferred, see :func:`tiv_body`)
    ============================================  =================================================

    Every answer is checked before it is kept (status, ``{"bytes": base64}``, decodable,
    :func:`armsdata.parse.sniff` gives the layout above, :func:`armsdata.parse.parse` reads it)
    and kept at once, byte for byte with its request/response record, in a hidden staging folder
    in *data_dir* (``.partial-edition-<fingerprint of the query>``).  When every answer is in,
    :func:`armsdata.snapshot.write_snapshot` writes the snapshot ``edition-<date>`` atomically
    and the staging folder is removed.  The whole run holds the data folder's lock
    (:func:`armsdata.snapshot.lock`): a second fetch into the same folder refuses at once with a
    message naming the first, and a killed run leaves no lock behind.  After an interruption
    (a request that fails for good, Ctrl-C, a killed process) no snapshot appears and existing
    ones are untouched; the same call again reuses the staged answers whose sha256 still matches
    their record and fetches only what is missing.

    At most *jobs* requests are in flight (a ``concurrent.futures`` thread pool); each is
    retried with backoff on a connection error, a timeout, HTTP 429/500/502/503/504 (urllib3's
    ``Retry``) and a body that breaks off.  The first request that fails for good, or Ctrl-C,
    stops new ones from starting; those in flight finish and are kept.

    Parameters
    ----------
    recipients : sequence of str
        Recipients whose imports-by-supplier table to fetch, as people type them ("Armenia",
        "ARM", "Turkey"); matched against SIPRI's country list.  None by default.
    suppliers : sequence of str
        Suppliers whose exports-by-recipient table to fetch (what "a recipient's share of a
        supplier's exports" needs), matched the same way.  None by default.
    start, end : int
        Years, inclusive; default 1950 (SIPRI's first) to the current year.
    chunk_years : int
        Years per request of the per-delivery-year register (see :data:`DEFAULT_CHUNK_YEARS`).
    jobs : int
        Requests in flight at once, 1 to :data:`MAX_JOBS` (see :data:`DEFAULT_JOBS`).
    data_dir : path, optional
        Folder that holds snapshot folders; default :func:`armsdata.snapshot.default_data_dir`.
    base_url : str, optional
        API base; default ``$ARMSDATA_SIPRI_URL`` or :data:`DEFAULT_BASE_URL`.
    timeout, retries, backoff
        Per request: seconds to wait (or a (connect, read) tuple), further attempts, urllib3's
        backoff factor (see :data:`DEFAULT_RETRIES`, :data:`DEFAULT_BACKOFF`; 0 in tests).
    progress : bool
        Show a progress bar over the requests (on a terminal only).

    Returns
    -------
    EditionResult

    Raises
    ------
    FetchError, ParseError, NoDataError
        A request that failed for good; the message says how many answers are staged and that
        the same command fetches only the missing ones.
    UnknownActorError
        A recipient or supplier that is not in SIPRI's country list (before any table is
        requested).
    SnapshotError
        Another fetch is writing into *data_dir* (:func:`armsdata.snapshot.lock`; the message
        names it); nothing was asked or written.
    WindowError, ValueError
        *start* after *end*; *jobs* or *chunk_years* out of range.

    Example
    -------
    >>> r = fetch_edition(recipients=["Armenia"], suppliers=["Russia"])  # doctest: +SKIP
    >>> r.path  # doctest: +SKIP
    PosixPath('.../data/raw/edition-2026-03-09')
    """
    end = dt.date.today().year if end is None else end
    _check_years(start, end)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
        raise ValueError(f"jobs {jobs!r}: expected 1 to {MAX_JOBS} requests in flight (SIPRI "
                         "throttles; see armsdata.sipri.MAX_JOBS)")
    if isinstance(chunk_years, bool) or not isinstance(chunk_years, int) or chunk_years < 1:
        raise ValueError(f"chunk_years {chunk_years!r}: expected a whole number of years >= 1")
    base = api_base_url(base_url)
    data_dir = Path(data_dir) if data_dir is not None else snapshot.default_data_dir()
    wanted = {"recipients": _distinct(recipients), "suppliers": _distinct(suppliers)}
    query = {"start": start, "end": end, "chunk_years": chunk_years,
             **{role: sorted(names) for role, names in wanted.items()}}
    fingerprint = snapshot.sha256(json.dumps({"base_url": base, **query},
                                             sort_keys=True).encode())[:16]
    staging = data_dir / f"{STAGING_PREFIX}{fingerprint}"
    n_requests = (1 + 1 + len(_chunks(start, end, chunk_years)) + 2 + len(wanted["recipients"])
                  + len(wanted["suppliers"]))
    # One fetch at a time in a data folder: a second one refuses at once, naming the first.
    with snapshot.lock(data_dir, _command_line()), \
            _new_session(retries, backoff) as session, \
            _progress_bar(n_requests, progress, "SIPRI edition") as bar:
        for other in sorted(data_dir.glob(f"{STAGING_PREFIX}*")):
            if other != staging:
                log.warning("%s holds the answers of an unfinished fetch of another query "
                            "(other years, actors or base URL); delete it if you do not "
                            "need it", other)
        ask = {"session": session, "timeout": timeout}
        countries_part = _Part(COUNTRY_LIST_FILE, "SIPRI's country list", "GET",
                               f"{base}{COUNTRY_LIST_PATH}", None, COUNTRY_LIST_LAYOUT)
        countries = _reuse(staging, countries_part)
        if countries is None:
            bar.set_postfix_str(countries_part.what)
            answer, checked = _ask(countries_part, **ask)
            body = answer.body
        else:
            body = countries.body
        # Names first: an actor SIPRI does not know stops the fetch before anything is
        # written or any table is asked for.
        entries = _country_entries(200, body, countries_part.url)
        source = f"SIPRI's country list ({countries_part.url})"
        resolved = {role: _resolve(names.values(), entries, source)
                    for role, names in wanted.items()}
        staging.mkdir(parents=True, exist_ok=True)
        if countries is None:
            countries = _stage(staging, countries_part, answer, checked)
        bar.update(1)
        staged = [countries]
        parts = _plan(base, start, end, chunk_years, resolved["recipients"],
                      resolved["suppliers"])
        todo = []
        for part in parts:
            kept = _reuse(staging, part)
            if kept is None:
                todo.append(part)
            else:
                staged.append(kept)
        bar.update(len(parts) - len(todo))
        work = functools.partial(_fetch_part, staging=staging, **ask)
        done, failure = _run_parts(todo, work, jobs, bar)
        staged += done
        if failure is not None:
            missing = 1 + len(parts) - len(staged)
            message = (f"{failure}\n{len(staged)} of {1 + len(parts)} answers are kept in "
                       f"{staging}; run the same command again to fetch only the {missing} "
                       "missing. No snapshot was written.")
            if isinstance(failure, ArmsDataError):
                raise type(failure)(message) from failure
            raise failure
        return _write_edition(data_dir, staging, staged, base, query, resolved)


def _distinct(names: Sequence[str]) -> dict[str, str]:
    """*names* without repeats (``ARM`` and ``armenia`` are one): key → the first as typed."""
    out: dict[str, str] = {}
    for name in names:
        out.setdefault(_actor_key(name), name.strip())
    return out


def _resolve(names: Iterable[str], entries: list[dict[str, Any]], source: str) -> list[Actor]:
    """``(as typed, name, EntityIds)`` per actor, by name; the name is the actor map's canonical
    one, else SIPRI's.  Raises UnknownActorError for a name SIPRI's list lacks."""
    resolved: dict[str, Actor] = {}
    for asked in names:
        ids = match_country(asked, entries, source)
        name = _canonical(asked) or next(e["Name"] for e in entries if int(e["EntityId"]) in ids)
        resolved.setdefault(_file_name(name), (asked, name, ids))
    return sorted(resolved.values(), key=lambda r: r[1])


def _command_line() -> str:
    """This process's command line, for people (``armsdata fetch edition --recipient Armenia``)."""
    return shlex.join([Path(sys.argv[0]).name, *sys.argv[1:]]) if sys.argv else "python"


def _write_edition(data_dir: Path, staging: Path, staged: list[_Staged], base: str,
                   query: dict[str, Any], resolved: dict[str, list[Actor]]
                   ) -> EditionResult:
    """Write the snapshot of a complete edition from its staged answers; remove the staging."""
    kept = {s.part.relpath: s for s in staged if not s.record.get("no_data")}
    empty = {s.part.relpath: s for s in staged if s.record.get("no_data")}
    hidden = {"sha256", "size"}  # write_snapshot records them itself, from the bytes
    file_meta = {rel: {k: v for k, v in s.record.items() if k not in hidden}
                 for rel, s in kept.items()}
    generated = {rel: s.record["generated"] for rel, s in kept.items() if "generated" in s.record}
    edition = max(generated.values())
    fetched = sum(not s.reused for s in staged)
    notes = [f"A complete SIPRI edition fetched by armsdata {__version__} in {len(staged)} "
             f"requests ({fetched} sent by the run that wrote this snapshot, "
             f"{len(staged) - fetched} kept from an interrupted earlier run). Every .json file "
             "but countries.json is SIPRI's API answer ({\"bytes\": \"<base64 CSV>\"}) byte for "
             "byte; countries.json is SIPRI's country list, whose EntityIds the recipient and "
             "supplier requests used. Each file's manifest entry has the request and response as "
             "sent, with every header."]
    notes.append(f"The per-delivery-year register comes in chunks of {query['chunk_years']} "
                 "years (delivery-years/<from>-<to>.json). SIPRI titles them 'Deals with "
                 "deliveries or orders made for year range': in the recorded answers every row's "
                 "Delivery year lies in its chunk, but check it before adding chunks up.")
    dates = sorted(set(generated.values()))
    if len(dates) > 1:
        notes.append(f"SIPRI's 'Data generated' dates differ between the answers ({', '.join(dates)}"
                     f"; each file records its own as 'generated'): the edition is named by the "
                     f"latest, {edition}.")
    if empty:
        notes.append("SIPRI answered with its 'no data' page for: "
                     + ", ".join(s.part.what for s in empty.values())
                     + "; those are listed under no_data, not kept as files.")
    manifest: dict[str, Any] = {
        "kind": EDITION_KIND, "edition": edition,
        "retrieved": max(s.record["retrieved"] for s in staged),
        "source": SOURCE.format(url=base),
        "attribution": ATTRIBUTION.format(date=_long_date(edition)),
        "query": {**{k: query[k] for k in ("start", "end", "chunk_years")},
                  "chunks": [s.part.extra["years"] for s in staged
                             if s.part.layout == "delivery-years"],
                  "recipients": [{"asked": asked, "recipient": name, "entity_ids": ids}
                                 for asked, name, ids in resolved["recipients"]],
                  "suppliers": [{"asked": asked, "supplier": name, "entity_ids": ids}
                                for asked, name, ids in resolved["suppliers"]]},
        "notes": " ".join(notes),
    }
    manifest["query"]["chunks"].sort()
    if empty:
        manifest["no_data"] = {rel: {k: v for k, v in s.record.items() if k not in hidden}
                               for rel, s in sorted(empty.items())}
    result = snapshot.write_snapshot(data_dir, f"{EDITION_KIND}-{edition}",
                                     {rel: s.body for rel, s in kept.items()}, manifest, file_meta)
    shutil.rmtree(staging, ignore_errors=True)
    reused = len(staged) - fetched
    how = f"{len(staged)} requests ({fetched} fetched now, {reused} reused from an earlier run)"
    message = _written(result, f"a complete SIPRI edition, {how}", edition)
    return EditionResult(result.path, result.created, edition, fetched, reused,
                         sorted(empty), message)


__all__ = [
    "DEFAULT_BACKOFF", "DEFAULT_BASE_URL", "DEFAULT_CHUNK_YEARS", "DEFAULT_JOBS", "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT", "EditionResult", "FetchResult", "KINDS", "MAX_JOBS", "USER_AGENT",
    "api_base_url", "fetch_edition", "fetch_snapshot", "match_country",
    "register_body", "tiv_body",
]
