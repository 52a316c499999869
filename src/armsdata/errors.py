"""Errors raised by armsdata.

Every error the library raises on purpose is an :class:`ArmsDataError`.  Each subclass also
inherits the builtin that fits (as ``requests`` does with ``InvalidURL(RequestException,
ValueError)``), so callers that already catch ``ValueError`` or ``OSError`` keep working.

Messages say what failed, where, what was expected and what was found, and what to do next.
"""

from __future__ import annotations


class ArmsDataError(Exception):
    """Base class of every error armsdata raises on purpose."""


class ParseError(ArmsDataError, ValueError):
    """Bytes that do not have the layout of the SIPRI export they claim to be."""


class UnknownLayoutError(ParseError):
    """Bytes that are no SIPRI export layout the parser knows (``armsdata.parse.LAYOUTS``).

    The message quotes the line that looks like the table's header and lists the known layouts,
    so a new SIPRI export format is recognised as such, not as a damaged file.
    """


class NoDataError(ArmsDataError, LookupError):
    """SIPRI answered with its HTML "no data" page, or a query selects no rows."""


class ChecksumError(ArmsDataError, ValueError):
    """A file's bytes do not match the sha256 recorded in its snapshot manifest."""


class SnapshotError(ArmsDataError, OSError):
    """A snapshot folder is missing, incomplete, or has no usable manifest."""


class FetchError(ArmsDataError, OSError):
    """A request to SIPRI failed: HTTP error, timeout, dropped connection, wrong content."""


class UnknownActorError(ArmsDataError, LookupError):
    """A country or actor name that the actor map does not know."""


class LedgerError(ArmsDataError, ValueError):
    """A curated ledger (loans, cargo flights, ...) that breaks its schema."""


class ClaimError(ArmsDataError, ValueError):
    """A claim in the claims file that cannot be evaluated as written."""


class ClaimFileError(ClaimError):
    """A claims file that is not valid input: bad YAML, unknown keys or checks, wrong types.

    The message names the file, the claim id (where there is one) and the line.
    """


class ReleaseError(ArmsDataError, ValueError):
    """A SIPRI release that cannot be placed: a date before the first known release, a broken
    row of ``releases.csv``, or an export whose data reach past the release of its date."""


class WindowError(ArmsDataError, ValueError):
    """A window of years that is not one: start after end, or a year that is not a year."""


class CoverageError(WindowError):
    """A window of years that the data edition does not cover (wholly or partly).

    The message names the edition and the years it covers.  A window the edition covers only in
    part is refused unless the caller asks for it explicitly (``allow_partial``).
    """


class ReportError(ArmsDataError, RuntimeError):
    """The report could not be built: a notebook failed or ran too long, claims could not be
    evaluated, a snapshot fails verification, or a page would fetch something from the network."""


class TextReadError(ArmsDataError, ValueError):
    """A text given to ``armsdata extract`` that cannot be read as text (base of the three below).

    The message names the file, what was wrong, and what to do.
    """


class UnreadableFileError(TextReadError):
    """A file that is missing, too large, of a kind armsdata does not read, or broken (a damaged
    or encrypted PDF, HTML with no main text, a binary file given as text)."""


class NoTextLayerError(TextReadError):
    """A PDF whose pages carry no text (a scanned document): it needs OCR first."""


class UnknownEncodingError(TextReadError):
    """A text file in a character encoding armsdata cannot identify with confidence."""
