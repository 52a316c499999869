"""What the explorer page shows: a recipient's suppliers on the newest SIPRI release that answers,
over time, and on every release, composed of :mod:`armsdata.queries` (the notebook
``10-who-arms-whom.ipynb`` calls these; ``armsdata explore`` calls :func:`choose` before any kernel
starts, so a window no release covers fails at once).

Each figure comes from one edition and one basis, named beside it: :func:`choose` picks the
newest release whose tightest basis answers (as ``armsdata shares`` without ``--edition``), or
the edition asked for; :func:`each_release` asks a question of every release that covers a
window, each on its tightest basis (one row per release, never pooled).

>>> from armsdata.report import suppliers
>>> choice = suppliers.choose(["Pakistan"], 2019, 2023)          # doctest: +SKIP
>>> choice.edition.release.year, choice.basis                     # doctest: +SKIP
(2025, 'register')
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from armsdata import analysis, editions, queries
from armsdata.errors import CoverageError, NoDataError, UnknownActorError

log = logging.getLogger(__name__)

#: Years per window of the tables over time (the largest suppliers, the HHI).
WINDOW_YEARS = 5
#: The largest suppliers named per window.
TOP_PER_WINDOW = 3
#: Bases whose figures are SIPRI's TIV tables, printed in whole millions (a ``0`` below 0.5).
TABLE_BASES = ("total", "rows")


@dataclass(frozen=True)
class Answer:
    """One SIPRI release's answer to a question (:func:`each_release`).

    Attributes
    ----------
    release : int
        The release's year.
    value
        The question's answer on the release's tightest basis; None where it cannot answer.
    edition : Edition or None
        The edition that answered.
    reason : str
        Why the release cannot answer (empty where it answers).
    covers : bool
        Whether an edition of the release covers the whole window.
    """

    release: int
    value: Any = None
    edition: Any = None
    reason: str = ""
    covers: bool = True

    @property
    def answered(self) -> bool:
        return self.edition is not None


@dataclass(frozen=True)
class Choice:
    """The release a page answers from (:func:`choose`), and the recipients' suppliers' shares
    on it.

    Attributes
    ----------
    edition : Edition
        The edition that answered: the newest release's, or the one asked for.
    basis : str
        The basis of the shares: the tightest the edition has for the window (SIPRI's per-year
        values count as ``register``).
    recipients : tuple of Selection
        The recipients as the edition holds them (a region: its members there).
    shares : pandas.DataFrame
        Every recipient's suppliers' shares (:data:`armsdata.analysis.SHARE_COLUMNS`), stacked.
    missing : dict
        Recipient -> why it has no shares on this edition (no deliveries in the window).
    asked : bool
        True where the edition was asked for, False where it is the newest release that answers.
    """

    edition: Any
    basis: str
    recipients: tuple[Any, ...]
    shares: Any
    missing: Mapping[str, str]
    asked: bool

    @property
    def assumption(self) -> str:
        """What the shares assume, in SIPRI's and the library's words."""
        return str(self.shares["assumption"].iloc[0])

    @property
    def window_basis(self) -> str:
        """The basis of the windows over time: ``rows`` where the shares are on ``total`` and
        the tables allow ``rows`` (the printed total row prints no five-year sums, and on
        ``rows`` the shares add up to 100 %, as the HHI needs), else the shares' own."""
        if self.basis == "total" and "rows" in self.edition.table_bases("detail"):
            return "rows"
        return self.basis

    @property
    def cited(self) -> str:
        """The edition as a figure's source line names it: ``"2025-03-13 (2025 release)"``."""
        return f"{self.edition.edition} ({self.edition.release.label})"

    def source(self, extra: str = "") -> str:
        """The source line of a figure from the page's release (+ *extra*)."""
        from armsdata import plots

        return plots.source_line(self.cited, extra)

    def describe(self) -> str:
        """Which release and edition the page answers from, why that one, and on what basis."""
        ed = self.edition
        why = ("as asked" if self.asked else
               "the newest SIPRI release here that answers for the window")
        lines = [f"Answered from {ed.release.describe()}, edition {ed.edition} ({ed.name}): {why}.",
                 f"Basis: {self.basis} ({basis_label(self.basis, self.assumption)}).",
                 f"Assumption: {self.assumption}."]
        lines += [f"No shares for {n} on this release: {reason}"
                  for n, reason in self.missing.items()]
        return "\n".join(lines)

    def ask(self, question: Any, start: int, end: int) -> tuple[Any, Any]:
        """*question* (``question(edition, basis)``) on the page's terms: on the edition asked
        for, else on the newest release that answers; the answer and the edition."""
        if self.asked:
            return first_answer(question, [self.edition], start, end)
        return queries.newest(question, start=start, end=end)


def basis_label(basis: str, assumption: str) -> str:
    """A share's basis in a few words, from the assumption the query reports."""
    if assumption.startswith(analysis.SIPRI_SPLIT):
        return "trade register: SIPRI's per-year values"
    if assumption.startswith(analysis.EVEN_SPLIT_TOTALS):
        return ("trade register: each deal split evenly over its delivery years (assumed); "
                "bounds: every split that fits the printed yearly totals")
    if assumption.startswith(analysis.EVEN_SPLIT):
        return ("trade register: each deal split evenly over its delivery years (assumed); "
                "bounds: every split")
    if assumption.startswith(analysis.WINDOW_SUMS):
        return "TIV tables: SIPRI's printed sums over the window, and its yearly cells"
    return {"total": "TIV tables: rounded cells over SIPRI's printed total row",
            "rows": "TIV tables: rounded cells over their sum"}.get(basis, basis)


def first_answer(question: Any, eds: Sequence[Any], start: int, end: int) -> tuple[Any, Any]:
    """*question* (``question(edition, basis)``) on the first of *eds* and their bases that
    answers, the tightest basis first (:data:`armsdata.queries.BASIS_ORDER`, as
    :func:`armsdata.queries.newest` orders one release's); the answer and the edition.

    Raises
    ------
    NoDataError, UnknownActorError, CoverageError
        None answers: the tightest basis's reason, or what the editions cannot answer.
    """
    errors: list[Exception] = []
    for ed, b in queries.in_basis_order(eds, start, end):
        try:
            return question(ed, b), ed
        except (NoDataError, CoverageError, UnknownActorError) as exc:
            errors.append(exc)
    if errors:
        raise errors[0]
    raise NoDataError("; ".join(f"{ed.label} ({ed.name}) cannot answer it: "
                                + ("; ".join(ed.cannot_answer()) or "no table for it")
                                for ed in eds) + ".")


def present_releases(data_dir: Any = None) -> dict[int, list[Any]]:
    """The data editions under *data_dir* (default the shipped data), each loaded and verified
    once, by release, newest release first (what :func:`each_release` asks)."""
    out: dict[int, list[Any]] = {}
    for snap in editions.present(data_dir):
        ed = editions.load(snap.path)
        out.setdefault(ed.release.year, []).append(ed)
    return dict(sorted(out.items(), reverse=True))


def _covers(ed: Any, start: int, end: int) -> bool:
    return ed.coverage.first <= start and end <= ed.coverage.last


def releases_here(start: int, end: int, *, data_dir: Any = None,
                  releases: Mapping[int, Sequence[Any]] | None = None) -> pd.DataFrame:
    """The SIPRI releases under *data_dir* and their editions, newest first: the years each
    edition covers, whether it covers ``start``–``end``, and the bases on which it gives a
    recipient's suppliers' shares there, the tightest first (``per-year``: SIPRI's per-year
    values), or what it cannot answer.

    Returns
    -------
    pandas.DataFrame
        ``release, edition, coverage, covers_window, share_bases``.
    """
    rows = []
    for year, eds in (present_releases(data_dir) if releases is None else releases).items():
        for ed in sorted(eds, key=lambda e: e.edition):
            # a recipient's suppliers: its TIV table by supplier, or a register (queries.shares)
            tables = set(ed.table_bases("detail")) | set(ed.table_bases("register"))
            have = [b for b in ed.bases_in_order(start, end)
                    if (b if b != "per-year" else "register") in tables]
            if ed.per_year_register:  # its register basis is SIPRI's per-year values
                have = ["per-year" if b == "register" else b for b in have]
            rows.append({"release": year, "edition": ed.edition, "coverage": ed.coverage.label,
                         "covers_window": _covers(ed, start, end),
                         "share_bases": ", ".join(sorted(have, key=queries.BASIS_ORDER.index))
                         or "none: " + "; ".join(ed.cannot_answer())})
    return pd.DataFrame(rows, columns=["release", "edition", "coverage", "covers_window",
                                       "share_bases"])


def each_release(question: Any, start: int, end: int, *, data_dir: Any = None,
                 releases: Mapping[int, Sequence[Any]] | None = None) -> list[Answer]:
    """*question* (``question(edition, basis)``) on every SIPRI release under *data_dir* (or in
    *releases*, as :func:`present_releases` gives them), newest first, each on its tightest
    basis (:func:`first_answer` over its editions that cover ``start``–``end``); a release that
    covers the window but cannot answer gives its reason, one that does not cover it says so
    (``covers`` False)."""
    out = []
    for year, eds in (present_releases(data_dir) if releases is None else releases).items():
        covering = [ed for ed in eds if _covers(ed, start, end)]
        if not covering:
            out.append(Answer(year, reason="covers " + ", ".join(
                dict.fromkeys(ed.coverage.label for ed in eds)) + " only", covers=False))
            continue
        try:
            value, ed = first_answer(question, covering, start, end)
        except (NoDataError, CoverageError, UnknownActorError) as exc:
            out.append(Answer(year, reason=str(exc)))
            continue
        out.append(Answer(year, value, ed))
    return out


def _shares_question(names: Sequence[Any], start: int, end: int) -> Any:
    """The question of :func:`choose`: every recipient's suppliers' shares on one edition and
    basis, and why a recipient has none; no shares for any recipient is no answer."""
    def ask(ed: Any, basis: str) -> tuple[Any, dict[str, str], tuple[Any, ...]]:
        sels = tuple(queries.resolve(n, ed) for n in names)
        frames, missing = [], {}
        for sel in sels:
            try:
                frames.append(queries.shares(ed, sel, start, end, basis=basis))
            except NoDataError as exc:
                missing[sel.name] = str(exc)
        if not frames:
            raise NoDataError("; ".join(missing.values()))
        return pd.concat(frames, ignore_index=True), missing, sels

    return ask


def choose(recipients: str | Sequence[str], start: int, end: int, edition: Any = None, *,
           data_dir: Any = None) -> Choice:
    """The release and basis the explorer answers from: the newest SIPRI release whose tightest
    basis gives the recipients' suppliers' shares over ``start``–``end``
    (:func:`armsdata.queries.newest`, as the command line's ``shares`` without ``--edition``), or
    *edition* (a generated date, a snapshot folder or path, or a loaded edition) on its tightest
    basis.

    Raises
    ------
    CoverageError
        No release covers the window, or *edition* does not.
    NoDataError
        No release (or *edition*) has shares for any of the recipients in the window; the
        message gives each release's reason.
    UnknownActorError
        A name no edition knows.
    """
    names = [recipients] if isinstance(recipients, str) else list(recipients)
    question = _shares_question(names, start, end)
    if edition is None:
        (shares, missing, sels), ed = queries.newest(question, start=start, end=end,
                                                      data_dir=data_dir)
    else:
        ed = edition if isinstance(edition, editions.Edition) else editions.load(
            edition, data_dir=data_dir)
        ed.coverage.require(start, end)
        (shares, missing, sels), _ = first_answer(question, [ed], start, end)
    return Choice(ed, str(shares["basis"].iloc[0]), sels, shares, missing, edition is not None)


def history(choice: Choice, start: int, end: int, history_start: int | None = None,
            history_end: int | None = None) -> tuple[int, int, str]:
    """The years of the charts over time: ``history_start`` (default *start*) to
    ``history_end`` (default the edition's last year), taking in the window, within what the
    edition covers; and the coverage note where it covers them in part."""
    ed = choice.edition
    first = min(start, history_start if history_start is not None else start)
    last = max(end, history_end if history_end is not None else ed.coverage.last)
    note = ed.coverage.require(first, last, allow_partial=True)
    return (*ed.coverage.clip(first, last), note)


def imports_over_time(choice: Choice, recipient: Any, start: int, end: int) -> Any:
    """*recipient*'s imports by year and supplier on the page's edition and basis
    (:func:`armsdata.queries.imports_by_supplier`): SIPRI's printed cells where it has TIV
    tables, SIPRI's per-year values where it has them, else each deal split evenly."""
    return queries.imports_by_supplier(choice.edition, recipient, start, end, basis=choice.basis)


def over_time_note(wide: Any) -> str:
    """What the yearly values of :func:`imports_over_time` are, for a figure's source line."""
    if wide.attrs.get("basis") in TABLE_BASES:
        return "Rounded cells; '0' (below 0.5) drawn as 0."
    if wide.attrs.get("assumption") == queries.DEALS_PER_YEAR:
        return "Trade register: SIPRI's per-year values."
    return "Trade register: each deal split evenly over its delivery years (assumed)."


def windows(start: int, end: int, step: int = WINDOW_YEARS) -> list[tuple[int, int]]:
    """Consecutive windows of *step* years from *start*, the last ending at *end*."""
    return [(a, min(a + step - 1, end)) for a in range(start, end + 1, step)]


def shares_by_window(choice: Choice, recipient: Any, start: int, end: int,
                     step: int = WINDOW_YEARS) -> Any:
    """*recipient*'s suppliers' shares in each window of *step* years
    (:func:`armsdata.queries.shares` on :attr:`Choice.window_basis`), stacked; a window without
    deliveries has no rows."""
    frames = []
    for a, b in windows(start, end, step):
        try:
            frames.append(queries.shares(choice.edition, recipient, a, b, basis=choice.window_basis))
        except NoDataError as exc:
            log.info("%s", exc)
    if not frames:
        return pd.DataFrame(columns=analysis.SHARE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def top_by_window(by_window: Any, n: int = TOP_PER_WINDOW) -> Any:
    """The *n* largest suppliers of each recipient in each window of :func:`shares_by_window`
    (``recipient`` + :data:`armsdata.analysis.TOP_BY_PERIOD_COLUMNS`); ``below_half`` where a
    supplier's cells in a TIV table are all SIPRI's ``0``."""
    cols = ["recipient"] + analysis.TOP_BY_PERIOD_COLUMNS
    t = by_window.groupby(["recipient", "window"], sort=False).head(n).copy()
    t["rank"] = t.groupby(["recipient", "window"], sort=False).cumcount() + 1
    t["below_half"] = t["basis"].isin(TABLE_BASES) & (t["tiv"] == 0) & (t["tiv_high"] > 0)
    return t.reindex(columns=cols).reset_index(drop=True)


def hhi_by_window(by_window: Any, recipients: Sequence[str], start: int, end: int,
                  step: int = WINDOW_YEARS) -> Any:
    """The Herfindahl–Hirschman index of each recipient's suppliers in each window
    (:func:`armsdata.analysis.hhi` of the shares of :func:`shares_by_window`): ``recipient,
    window, hhi, suppliers, top_supplier, top_share, tiv``.  A window without deliveries, or
    whose printed cells are all ``0``, has no HHI (NaN); nor has one whose table lists only
    some suppliers (:func:`armsdata.queries.is_trimmed`), and it names no top supplier."""
    rows = []
    groups = {k: g for k, g in by_window.groupby(["recipient", "window"], sort=False)}
    for name in recipients:
        for a, b in windows(start, end, step):
            label = analysis.window_label(a, b)
            g = groups.get((name, label))
            defined = g is not None and g["share"].notna().any() and not queries.is_trimmed(g)
            rows.append({"recipient": name, "window": label,
                         "hhi": analysis.hhi(g["share"]) if defined else float("nan"),
                         "suppliers": 0 if g is None else len(g),
                         "top_supplier": str(g["supplier"].iloc[0]) if defined else "",
                         "top_share": float(g["share"].iloc[0]) if defined else float("nan"),
                         "tiv": 0.0 if g is None else float(g["tiv"].sum())})
    return pd.DataFrame(rows, columns=["recipient", "window", "hhi", "suppliers", "top_supplier",
                                       "top_share", "tiv"])


@dataclass(frozen=True)
class Releases:
    """Recipients' suppliers' shares on every release that covers a window
    (:func:`compare_releases`).

    Attributes
    ----------
    shares : pandas.DataFrame
        :data:`armsdata.analysis.SHARE_COLUMNS` of every release that answers, each on its
        tightest basis, newest release first.
    unanswered : pandas.DataFrame
        ``recipient, release, reason``: a release that covers the window but cannot answer.
    not_covering : pandas.DataFrame
        ``release, reason``: a release here that does not cover the window.
    """
    shares: Any
    unanswered: Any
    not_covering: Any


def compare_releases(recipients: Sequence[str], start: int, end: int, *,
                     data_dir: Any = None,
                     releases: Mapping[int, Sequence[Any]] | None = None) -> Releases:
    """Every recipient's suppliers' shares over ``start``–``end`` on every SIPRI release here
    (or in *releases*) that covers the window, each on its tightest basis
    (:func:`each_release`)."""
    releases = present_releases(data_dir) if releases is None else releases
    frames, unanswered, not_covering = [], [], {}
    for name in recipients:
        for a in each_release(lambda ed, b: queries.shares(ed, name, start, end, basis=b),
                              start, end, releases=releases):
            if not a.covers:
                not_covering[a.release] = a.reason
            elif a.answered:
                frames.append(a.value)
            else:
                unanswered.append({"recipient": name, "release": a.release, "reason": a.reason})
    shares = (pd.concat(frames, ignore_index=True) if frames
              else pd.DataFrame(columns=analysis.SHARE_COLUMNS))
    return Releases(shares, pd.DataFrame(unanswered, columns=["recipient", "release", "reason"]),
                    pd.DataFrame({"release": list(not_covering),
                                  "reason": list(not_covering.values())},
                                 columns=["release", "reason"]))


def release_label(release: Any, edition: Any, basis: Any = "") -> str:
    """``"2024 release (2024-04-16, register)"``: how the page heads a release's figures."""
    inner = f"{edition}, {basis}" if basis else f"{edition}"
    return f"{release} release ({inner})"


def leaders(releases: Releases, choice: Choice) -> Any:
    """Each recipient's largest supplier on the page's release, on every release that covers the
    window, next to that release's own largest supplier
    (:func:`armsdata.analysis.compare_top_supplier`), and a row with the reason for each release
    that cannot answer.

    Returns
    -------
    pandas.DataFrame
        ``recipient, release, edition, basis, how, supplier, tiv, share, low, high, denominator,
        top_supplier, reason``, newest release first.
    """
    cols = ["recipient", "release", "edition", "basis", "how", "supplier", "tiv", "share", "low",
            "high", "denominator", "top_supplier", "reason"]
    lead = choice.shares.groupby("recipient", sort=False)["supplier"].first()
    rows = []
    for name, g in releases.shares.groupby("recipient", sort=False):
        t = analysis.compare_top_supplier(g, supplier=lead.get(name))
        for (edition, basis), part in g.groupby(["edition", "basis"], sort=False):
            if queries.is_trimmed(part):  # a supplier it leaves out may be larger
                t.loc[(t["edition"] == edition) & (t["basis"] == basis), "top_supplier"] = \
                    f"not given (the table {queries.TRIMMED})"
        how = g.groupby(["edition", "basis"], sort=False)["assumption"].first()
        rel = g.groupby(["edition", "basis"], sort=False)["release"].first()
        for r in t.to_dict(orient="records"):
            key = (r["edition"], r["basis"])
            rows.append({**r, "release": int(rel[key]), "how": basis_label(r["basis"], how[key]),
                         "reason": ""})
    rows += [{"recipient": r.recipient, "release": r.release, "edition": "", "basis": "",
              "how": "", "supplier": lead.get(r.recipient, ""), "reason": r.reason}
             for r in releases.unanswered.itertuples(index=False)]
    out = pd.DataFrame(rows, columns=cols)
    order = {n: i for i, n in enumerate(dict.fromkeys([s.name for s in choice.recipients]
                                                      + list(out["recipient"])))}
    out = out.assign(_r=out["recipient"].map(order)).sort_values(
        ["_r", "release"], ascending=[True, False], kind="mergesort")
    return out.drop(columns="_r").reset_index(drop=True)


def printed_totals(recipient: str, start: int, end: int, *, data_dir: Any = None,
                   releases: Mapping[int, Sequence[Any]] | None = None) -> Any:
    """*recipient*'s total arms imports per year as each release that prints them gives them
    (:func:`armsdata.queries.total_imports_by_year`: a TIV table's total row or the world
    imports table, SIPRI TIV in whole millions): one column per release
    (:func:`release_label`), newest first; ``attrs["none"]``: the covering releases that print
    none, with the reason."""
    cols, none = {}, {}
    for a in each_release(lambda ed, b: queries.total_imports_by_year(ed, recipient, start, end),
                          start, end, data_dir=data_dir, releases=releases):
        if a.answered:
            cols[release_label(a.release, a.edition.edition)] = a.value
        elif a.covers:
            none[a.release] = a.reason
    out = pd.DataFrame(cols)
    out.index.name = "year"
    out.attrs = {"recipient": recipient, "unit": "SIPRI TIV, millions", "none": none}
    return out


def exporter_shares(exporter: str, start: int, end: int, *, data_dir: Any = None,
                    releases: Mapping[int, Sequence[Any]] | None = None) -> Any:
    """*exporter*'s share of world arms exports over ``start``–``end`` on every release that
    covers the window, each on its tightest basis (:func:`armsdata.queries.supplier_share` of the
    world): ``release, edition, basis, share, low, high, tiv, world_tiv, reason``."""
    rows = []
    for a in each_release(lambda ed, b: queries.supplier_share(ed, "World", exporter, start, end,
                                                                basis=b),
                          start, end, data_dir=data_dir, releases=releases):
        if a.answered:
            e = a.value
            rows.append({"release": a.release, "edition": e.edition, "basis": e.basis,
                         "share": e.value, "low": e.low, "high": e.high, "tiv": e.numerator,
                         "world_tiv": e.denominator, "reason": ""})
        elif a.covers:
            rows.append({"release": a.release, "reason": a.reason})
    return pd.DataFrame(rows, columns=["release", "edition", "basis", "share", "low", "high",
                                       "tiv", "world_tiv", "reason"])


# --------------------------------------------------------------------------------------------
# Tables for reading: bounds as a reader sees them (rounded outward, never inward)
# --------------------------------------------------------------------------------------------

#: Column names with their units, for the tables of the page.
UNITS = {"tiv": "TIV (millions)", "share": "share (%)", "bounds": "bounds (%)",
         "sipri_share": "SIPRI printed (%)", "denominator": "of TIV (millions)",
         "world_tiv": "world TIV (millions)", "top_share": "top share (%)",
         "top_supplier": "top supplier"}


def with_bounds(df: pd.DataFrame) -> pd.DataFrame:
    """*df* with its ``low`` and ``high`` columns (per cent) as one ``bounds`` column of text,
    each end rounded outward (:func:`armsdata.claims.display.format_range`: the low down, the
    high up), so that a bound shown never lies inside the true one."""
    from armsdata.claims import display

    bounds = [display.format_range(lo, hi, "per cent") if pd.notna(lo) and pd.notna(hi) else ""
              for lo, hi in zip(df["low"], df["high"])]
    out = df.drop(columns=["low", "high"])
    out.insert(list(df.columns).index("low"), "bounds", bounds)
    return out


def shares_table(shares: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """Each recipient's *n* largest suppliers of stacked :func:`armsdata.queries.shares` frames,
    for reading: ``recipient, supplier``, TIV, share, its bounds (:func:`with_bounds`), SIPRI's
    own printed percentage where its table prints one, and whether the point lies within its
    bounds; columns named with their units."""
    cols = ["recipient", "supplier", "tiv", "share", "low", "high", "sipri_share", "feasible"]
    t = shares.groupby("recipient", sort=False).head(n)[cols]
    if t["sipri_share"].isna().all():
        t = t.drop(columns="sipri_share")
    t = with_bounds(t).rename(columns={**UNITS, "feasible": "point within bounds"})
    return t.set_index(["recipient", "supplier"])


def side_by_side(shares: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """Stacked shares of several releases as one table to read across: one row per recipient
    and supplier (among the *n* largest on a release), one column per release, edition and
    basis, each cell ``"share (low–high)"`` in per cent, bounds rounded outward
    (:func:`armsdata.analysis.shares_side_by_side`)."""
    from armsdata.claims import display

    labelled = shares.assign(edition=[release_label(r, e) for r, e in
                                      zip(shares["release"], shares["edition"])])
    wide = analysis.shares_side_by_side(labelled, n=n)
    out = pd.DataFrame(index=wide.index)
    for source in dict.fromkeys(wide.columns.get_level_values(0)):
        share, lo, hi = (wide[(source, k)] for k in ("share", "low", "high"))
        out[source] = [f"{s:.1f} ({display.format_range(a, b, 'per cent')})" for s, a, b
                       in zip(share, lo, hi)]
    out.columns.name = "per cent of the recipient's imports: share (bounds)"
    return out
