"""Fetch new snapshots from SIPRI's Arms Transfers Database.

Two ways in:

- :func:`fetch_snapshot`: SIPRI's current API (``https://atbackend.sipri.org/api/p``, the backend
  of https://armstransfers.sipri.org): the trade register, the per-delivery-year register, and
  TIV tables, filtered by recipient and/or supplier and by years.
- :func:`fetch_legacy_tiv`: the old form endpoint ``export_values.php`` that produced the 2022
  snapshot (``data/raw/sipri-tiv-2022-04-22``).  It is reported dead: kept so that the 2022
  requests are reproducible on paper, and so that trying it fails with a plain message.

Every answer is streamed to a temporary file, checked (status, content type, complete body,
decodable, parseable by :mod:`armsdata.parse`) and only then handed to
:func:`armsdata.snapshot.write_snapshot`, which writes a new snapshot folder atomically or
recognises that an existing one holds the same content.  Nothing is written for a failed fetch,
and existing snapshots are never touched.

The request shapes are not documented by SIPRI.  They were learned from public client code; each
builder below says where.

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
import importlib
import json
import logging
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import requests
from tqdm.auto import tqdm

from armsdata import __version__, parse, snapshot
from armsdata.errors import FetchError, NoDataError, ParseError, UnknownActorError

log = logging.getLogger(__name__)

Kind = Literal["register", "delivery-years", "tiv"]
KINDS: tuple[str, ...] = ("register", "delivery-years", "tiv")

#: SIPRI's current API, the backend of https://armstransfers.sipri.org.
DEFAULT_BASE_URL = "https://atbackend.sipri.org/api/p"
#: Environment variable that overrides :data:`DEFAULT_BASE_URL` (a mirror, or a local test server).
BASE_URL_ENV = "ARMSDATA_SIPRI_URL"

#: The old form endpoint used for the 2022 snapshot; reported to redirect and fail since SIPRI
#: moved the database to armstransfers.sipri.org.
DEFAULT_LEGACY_URL = "https://armstrade.sipri.org/armstrade/html/export_values.php"
#: Environment variable that overrides :data:`DEFAULT_LEGACY_URL`.
LEGACY_URL_ENV = "ARMSDATA_SIPRI_LEGACY_URL"
LEGACY_DEAD = (
    "the legacy endpoint {url} is reported dead (since SIPRI moved the database to "
    "armstransfers.sipri.org it redirects to a landing page and fails); use the current API "
    "instead: armsdata.sipri.fetch_snapshot('tiv', ...) or `armsdata fetch tiv`"
)

#: Seconds to wait for SIPRI to connect and to send each piece of an answer.  SIPRI's backend
#: builds every CSV on request; public clients report answers that take tens of seconds for big
#: queries and use read timeouts of 60-300 s.  180 s lets the whole register through without
#: hanging forever on a dead connection.
DEFAULT_TIMEOUT = 180.0
#: Further attempts after a connection error, a dropped or truncated body, HTTP 429 or a 5xx.
DEFAULT_RETRIES = 3
#: Seconds before the first retry; doubled for each further one (2, 4, 8 s).  Tests set it to 0.
BACKOFF_FACTOR = 2.0
#: At most this many requests to SIPRI at once from this process, however many threads fetch:
#: public clients report throttling, and one query can keep SIPRI busy for tens of seconds.
MAX_PARALLEL_REQUESTS = 2
_IN_FLIGHT = threading.BoundedSemaphore(MAX_PARALLEL_REQUESTS)
#: Bytes per read while streaming an answer to disk.
CHUNK_SIZE = 64 * 1024

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
    """One HTTP exchange, body fully read and length-checked."""

    request: dict[str, Any]
    status: int
    headers: dict[str, str]
    body: bytes
    retrieved: str = field(default="")

    def header(self, name: str) -> str:
        """A response header by name, ignoring case ("" if absent)."""
        return requests.structures.CaseInsensitiveDict(self.headers).get(name, "")


class _Retryable(Exception):
    """A failure worth another attempt: dropped connection, truncated body, 429, 5xx."""


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------

def api_base_url(url: str | None = None) -> str:
    """The API base URL: *url* if given, else ``$ARMSDATA_SIPRI_URL``, else the default."""
    return (url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def legacy_endpoint(url: str | None = None) -> str:
    """The legacy endpoint: *url* if given, else ``$ARMSDATA_SIPRI_LEGACY_URL``, else the default."""
    return url or os.environ.get(LEGACY_URL_ENV) or DEFAULT_LEGACY_URL


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


def tiv_body(start: int, end: int, *, recipient_ids: list[int] | None = None,
             supplier_ids: list[int] | None = None) -> dict[str, Any]:
    """The JSON body for ``POST /trades/import-export-csv/`` (a TIV table by year).

    Shape learned from public clients that reproduce SIPRI's published TIV tables (a Python
    ``armstransfers`` connector's ``_filters``, a ``worldcountrygroups`` fetcher and an SSPI
    collector): ``Year range 1`` *start*..*end*, ``DeliveryType`` = ``delivered``,
    ``Status`` = ``0``; ``orderbyseller`` turns the rows from recipients into suppliers
    (header ``Exports by`` instead of ``Recipient``); a ``Supplier``/``Recipient`` filter with
    ``listData: [EntityId]`` narrows the deliveries counted.  Those clients send ``oldField: ""``
    with every filter, and so do we here.

    Which table this asks for:

    - recipient only: the recipient's imports, one row per supplier (``orderbyseller``);
    - supplier only: the supplier's exports, one row per recipient;
    - both: the deliveries from that supplier to that recipient, one row;
    - neither: world imports, one row per recipient.

    The recipient-only combination (``Recipient`` filter plus ``orderbyseller``) is inferred from
    how the two parts work separately in those clients; no public client shows it together.
    """
    def flt(field_name: str, condition: str = "", value1: Any = "", value2: Any = "",
            list_data: list[int] | None = None) -> dict[str, Any]:
        return {"field": field_name, "oldField": "", "condition": condition, "value1": value1,
                "value2": value2, "listData": list(list_data or [])}

    filters = [flt("Year range 1", "contains", start, end)]
    if recipient_ids:
        filters.append(flt("Recipient", "contains", list_data=recipient_ids))
    if supplier_ids:
        filters.append(flt("Supplier", "contains", list_data=supplier_ids))
    if recipient_ids and not supplier_ids:
        filters.append(flt("orderbyseller"))
    filters += [flt("DeliveryType", value1="delivered"), flt("Status", value1="0")]
    return {"filters": filters, "logic": "AND"}


def legacy_tiv_form(country_code: str, low_year: int, high_year: int,
                    import_or_export: Literal["import", "export"] = "import") -> dict[str, str]:
    """The form fields of the old ``export_values.php`` request, as used for the 2022 snapshot.

    Learned from ``data/raw/sipri-tiv-2022-04-22/README.md`` and the script that made it
    (lajh87/sipriarmsdata, ``data-raw/``): ``import_or_export``, ``summarize=country``,
    ``low_year``, ``high_year``, ``country_code`` (SIPRI's old code, ``""`` for all) and
    ``filetype=csv``.  Other public scrapers add ``Action=Download``; the 2022 requests did not.
    """
    return {"import_or_export": import_or_export, "summarize": "country",
            "low_year": str(low_year), "high_year": str(high_year),
            "country_code": country_code, "filetype": "csv"}


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------

def _show_progress(progress: bool) -> bool:
    return progress and sys.stderr is not None and sys.stderr.isatty()


def _progress_bar(total: int, progress: bool, desc: str) -> tqdm:
    """A bar over the requests of one fetch; shown only for several requests on a terminal."""
    return tqdm(total=total, desc=desc, unit="request", leave=False,
                disable=total < 2 or not _show_progress(progress))


def _new_session() -> requests.Session:
    s = requests.Session()
    s.headers["User-Agent"] = USER_AGENT
    return s


def _request(session: requests.Session, method: str, url: str, *, timeout: Any, retries: int,
             json_body: Any = None, form: dict[str, str] | None = None,
             allow_redirects: bool = True) -> _Answer:
    """Send one request, retrying with exponential backoff; return the fully read answer.

    Retried: connection errors (including connect timeouts), a body that breaks off or is shorter
    than its Content-Length, HTTP 429 and 5xx.  SIPRI's POSTs are read-only queries, so asking
    again is safe.  Not retried: a read timeout (SIPRI is busy with the query; asking again only
    adds load) and other 4xx (the request itself is wrong).

    Raises
    ------
    FetchError
        Every attempt failed, or the failure is not worth retrying.  The message has the URL.
    """
    headers = {"User-Agent": USER_AGENT}
    if json_body is not None:
        headers["Content-Type"] = "application/json"
        headers["Accept"] = "application/json"
    record: dict[str, Any] = {"method": method, "url": url}
    if json_body is not None:
        record["body"] = json_body
    elif form is not None:
        record["body"] = form
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            with _IN_FLIGHT:
                return _exchange(session, method, url, headers=headers, json_body=json_body,
                                 form=form, timeout=timeout, allow_redirects=allow_redirects,
                                 record=record)
        except _Retryable as exc:
            last = exc
            if attempt < retries:
                delay = BACKOFF_FACTOR * 2 ** attempt
                log.warning("%s %s: %s; retry %d of %d in %.0f s", method, url, exc, attempt + 1,
                            retries, delay)
                time.sleep(delay)
    raise FetchError(f"{method} {url} failed after {retries + 1} attempt(s): {last}. "
                     "SIPRI may be down or throttling; try again later.") from last


def _exchange(session: requests.Session, method: str, url: str, *, headers: dict[str, str],
              json_body: Any, form: dict[str, str] | None, timeout: Any,
              allow_redirects: bool, record: dict[str, Any]) -> _Answer:
    retrieved = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    try:
        resp = session.request(method, url, headers=headers, json=json_body, data=form,
                               timeout=timeout, stream=True, allow_redirects=allow_redirects)
    except requests.exceptions.ReadTimeout as exc:
        raise FetchError(f"{method} {url}: no answer within {timeout} s (read timeout); "
                         "SIPRI can take long for big queries: narrow the query or give a "
                         "longer timeout (--timeout).") from exc
    except requests.exceptions.ConnectionError as exc:  # also ConnectTimeout
        raise _Retryable(f"connection failed ({exc})") from exc
    except requests.exceptions.RequestException as exc:  # invalid URL, too many redirects, ...
        raise FetchError(f"{method} {url}: request failed: {exc}") from exc
    with resp:
        if resp.status_code == 429 or resp.status_code >= 500:
            raise _Retryable(f"HTTP {resp.status_code} {resp.reason} (expected 200)")
        body = _read_body(resp, method, url)
    return _Answer(record, resp.status_code, dict(resp.headers), body, retrieved)


def _read_body(resp: requests.Response, method: str, url: str) -> bytes:
    """Stream the body to an anonymous temp file (gone even if the process is killed)."""
    declared = resp.headers.get("Content-Length", "?")
    with tempfile.TemporaryFile() as tmp:
        try:
            for chunk in resp.iter_content(CHUNK_SIZE):
                tmp.write(chunk)
        except (requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ConnectionError) as exc:
            raise _Retryable(f"the body broke off after {_wire_bytes(resp, tmp)} of {declared} "
                             f"bytes (Content-Length) ({exc})") from exc
        except requests.exceptions.ContentDecodingError as exc:
            raise FetchError(f"{method} {url}: the body could not be decompressed ({exc}); "
                             "expected a gzip or plain answer.") from exc
        # urllib3 2 already refuses a short body; urllib3 1.26 (allowed by requests) does not.
        got = _wire_bytes(resp, tmp)
        if declared.isdigit() and int(declared) != got:
            raise _Retryable(f"truncated body: got {got} of {declared} bytes (Content-Length)")
        tmp.seek(0)
        return tmp.read()


def _wire_bytes(resp: requests.Response, tmp: Any) -> int:
    """Bytes read off the wire, before any gzip decoding: what Content-Length counts."""
    tell = getattr(resp.raw, "tell", None)
    return int(tell()) if callable(tell) else tmp.tell()


def _http_error(answer: _Answer, expected: str) -> FetchError:
    req = answer.request
    snippet = answer.body[:200].decode("utf-8", "replace").strip().replace("\n", " ")
    return FetchError(f"{req['method']} {req['url']}: HTTP {answer.status}; expected 200 with "
                      f"{expected}. Answer starts: {snippet!r}")


# --------------------------------------------------------------------------------------------
# Countries
# --------------------------------------------------------------------------------------------

def fetch_countries(session: requests.Session, base: str, *, timeout: Any = DEFAULT_TIMEOUT,
                    retries: int = DEFAULT_RETRIES) -> list[dict[str, Any]]:
    """SIPRI's list of countries and other actors: ``[{"Name": ..., "EntityId": ...}, ...]``.

    ``GET /countries/getAllCountriesTrimmed``, as used by several public clients (a Python httpx
    connector's ``_ensure_country_cache``, a TypeScript client's ``getAllCountriesTrimmed``).
    Entries marked ``deleted`` (the TypeScript client filters them) are left out.

    Raises
    ------
    FetchError, ParseError
        HTTP error, or an answer that is not a JSON list of entries with Name and EntityId.
    """
    url = f"{base}/countries/getAllCountriesTrimmed"
    answer = _request(session, "GET", url, timeout=timeout, retries=retries)
    what = 'a JSON list [{"Name": ..., "EntityId": ...}]'
    if answer.status != 200:
        raise _http_error(answer, what)
    if parse.looks_like_html(answer.body):
        raise FetchError(f"GET {url}: got an HTML page; expected {what}.")
    try:
        entries = json.loads(answer.body)
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
                   retries: int = DEFAULT_RETRIES, progress: bool = True,
                   session: requests.Session | None = None) -> FetchResult:
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
    retries : int
        Further attempts after a retryable failure, with exponential backoff.
    progress : bool
        Show a progress bar over the requests on a terminal.
    session : requests.Session, optional
        For connection reuse, proxies or tests; by default a new one.

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
    if start > end:
        raise ValueError(f"start year {start} is after end year {end}")
    base = api_base_url(base_url)
    data_dir = Path(data_dir) if data_dir is not None else snapshot.default_data_dir()
    own_session = session is None
    session = session or _new_session()
    n_requests = 1 + (1 if (recipient or supplier) else 0)
    try:
        with _progress_bar(n_requests, progress, f"SIPRI {kind}") as bar:
            recipient_ids = supplier_ids = None
            if recipient or supplier:
                entries = fetch_countries(session, base, timeout=timeout, retries=retries)
                bar.update(1)
                source = f"SIPRI's country list ({base}/countries/getAllCountriesTrimmed)"
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
            answer = _request(session, "POST", url, json_body=body, timeout=timeout,
                              retries=retries)
            bar.update(1)
    finally:
        if own_session:
            session.close()

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
    meta = {"request": {**answer.request, "headers": {"Content-Type": "application/json",
                                                      "User-Agent": USER_AGENT}},
            "response": {"status": answer.status, "headers": answer.headers},
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


def fetch_legacy_tiv(country_code: str, low_year: int, high_year: int, *,
                     import_or_export: Literal["import", "export"] = "import",
                     data_dir: str | os.PathLike[str] | None = None, url: str | None = None,
                     timeout: Any = DEFAULT_TIMEOUT, retries: int = DEFAULT_RETRIES,
                     session: requests.Session | None = None) -> FetchResult:
    """Ask SIPRI's old ``export_values.php`` endpoint for one TIV table, as in the 2022 snapshot.

    The endpoint is reported dead (it redirects to a landing page and fails); this function keeps
    the 2022 requests reproducible on paper (:func:`legacy_tiv_form`) and fails plainly.  Should
    it answer, the CSV is checked with :func:`armsdata.parse.parse_tiv_legacy` and kept as a
    ``tiv-legacy-<generated date>`` snapshot (file ``imports/<CODE>.csv``).

    Parameters
    ----------
    country_code : str
        SIPRI's old code (``"ARM"``; ``""`` for all); the codes are listed in
        ``data/raw/sipri-tiv-2022-04-22/countries.csv``.
    low_year, high_year : int
        Years, inclusive.
    url : str, optional
        The endpoint; default ``$ARMSDATA_SIPRI_LEGACY_URL`` or :data:`DEFAULT_LEGACY_URL`.

    Raises
    ------
    FetchError
        Any failure to get a CSV (redirect, HTTP error, connection error, HTML page): the
        message says that the endpoint is reported dead and to use the current API.
    ParseError
        A CSV that is not an old-site TIV table.
    """
    endpoint = legacy_endpoint(url)
    dead = LEGACY_DEAD.format(url=endpoint)
    form = legacy_tiv_form(country_code, low_year, high_year, import_or_export)
    data_dir = Path(data_dir) if data_dir is not None else snapshot.default_data_dir()
    own_session = session is None
    session = session or _new_session()
    try:
        # No redirects: the dead endpoint answers with one, and a landing page is not a table.
        answer = _request(session, "POST", endpoint, form=form, timeout=timeout, retries=retries,
                          allow_redirects=False)
    except FetchError as exc:
        raise FetchError(f"{exc} Note: {dead}.") from exc
    finally:
        if own_session:
            session.close()
    what = f"TIV of {import_or_export}s of {country_code or 'all'}, {low_year}-{high_year}"
    if parse.is_no_data_page(answer.body):
        return FetchResult(None, False, True, f"SIPRI has no data for {what} (its HTML 'no data' "
                           "page); no snapshot written.")
    if 300 <= answer.status < 400:
        raise FetchError(f"POST {endpoint}: HTTP {answer.status} redirect to "
                         f"{answer.header('Location') or '?'!r}; expected a CSV. {dead}.")
    if answer.status != 200:
        raise FetchError(f"{_http_error(answer, 'a CSV TIV table')} {dead}.")
    if parse.looks_like_html(answer.body):
        raise FetchError(f"POST {endpoint}: got an HTML page (starts {answer.body[:60]!r}); "
                         f"expected a CSV TIV table. {dead}.")
    source = f"POST {endpoint} (country_code={country_code!r})"
    table = parse.parse_tiv_legacy(answer.body, source)
    edition = table.meta.get("generated") or _generated(answer.body, source)
    rel = f"{import_or_export}s/{country_code or 'ALL'}.csv"
    meta = {"layout": "tiv-legacy", "generated": edition,
            "request": {**answer.request,
                        "headers": {"Content-Type": "application/x-www-form-urlencoded",
                                    "User-Agent": USER_AGENT}},
            "response": {"status": answer.status, "headers": answer.headers},
            "retrieved": answer.retrieved}
    manifest = {
        "kind": "tiv-legacy", "edition": edition, "retrieved": answer.retrieved,
        "source": f"SIPRI Arms Transfers Database, old endpoint export_values.php ({endpoint})",
        "attribution": ATTRIBUTION.format(date=_long_date(edition)),
        "notes": f"{what}, fetched by armsdata {__version__}.",
    }
    return _write(data_dir, f"tiv-legacy-{edition}", {rel: answer.body}, manifest, {rel: meta},
                  edition, f"{len(table.rows)} rows of {what}")


def _write(data_dir: Path, name: str, files: dict[str, bytes], manifest: dict[str, Any],
           file_meta: dict[str, dict[str, Any]], edition: str, what: str) -> FetchResult:
    result = snapshot.write_snapshot(data_dir, name, files, manifest, file_meta)
    if result.created:
        message = f"new snapshot {result.path.name}: {what}, edition {edition}"
    else:
        message = (f"same content as {result.same_as} ({result.path}); {what}, edition "
                   f"{edition}; nothing written")
    log.info(message)
    return FetchResult(result.path, result.created, False, message, edition)


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


__all__ = [
    "DEFAULT_BASE_URL", "DEFAULT_LEGACY_URL", "DEFAULT_RETRIES", "DEFAULT_TIMEOUT", "FetchResult",
    "KINDS", "USER_AGENT", "api_base_url", "fetch_countries", "fetch_legacy_tiv", "fetch_snapshot",
    "legacy_endpoint", "legacy_tiv_form", "match_country", "register_body", "tiv_body",
]
