"""The ``armsdata`` command: a thin layer over the library.

Every command prints plain text by default; errors the library raises on purpose
(:class:`~armsdata.errors.ArmsDataError`) end the command with their message and exit status 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import textwrap
from typing import Any, Sequence

from armsdata import __version__
from armsdata.errors import ArmsDataError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2


def _iso_date(text: str):
    """``--date``: an ISO date, or argparse's own error naming the option."""
    import datetime as dt
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; give YYYY-MM-DD") from None


def _edition_help(default: str) -> str:
    return (f"data edition: a SIPRI generated date such as {default} (shipped: 2022-04-22, "
            "2024-10-13), a snapshot folder name, or a path to any snapshot folder")


def _window_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("--from", dest="start", type=int, required=True, help="first year of the window")
    s.add_argument("--to", dest="end", type=int, required=True, help="last year of the window")
    s.add_argument("--allow-partial", action="store_true",
                   help="compute a window the edition covers only in part over the covered years "
                        "(every output then says so); refused by default")


def _compare_args(s: argparse.ArgumentParser, required: bool) -> None:
    both = "" if required else " (with the other)"
    s.add_argument("--compare-from", dest="compare_start", type=int, required=required,
                   help=f"first year of the window compared against{both}")
    s.add_argument("--compare-to", dest="compare_end", type=int, required=required,
                   help=f"last year of the window compared against{both}")


def _edition_args(s: argparse.ArgumentParser) -> None:
    s.add_argument("--edition", help=_edition_help("2022-04-22") + " (default: 2022-04-22, or "
                                     "2024-10-13 for --basis register)")
    s.add_argument("--basis", choices=["total", "rows", "register"],
                   help="basis (default: the first the edition supports for the question)")
    s.add_argument("--data-dir", help="folder holding snapshot folders (default: the project's data/raw)")


def _command(sub: Any, name: str, *, help: str, description: str,
             examples: str = "") -> argparse.ArgumentParser:
    """A subcommand whose help keeps its own line breaks: its description, then *examples*
    (indented text, dedented here) as the epilog."""
    return sub.add_parser(name, help=help, description=description,
                          formatter_class=argparse.RawDescriptionHelpFormatter,
                          epilog=textwrap.dedent(examples) if examples else None)


def _format_arg(s: argparse.ArgumentParser, note: str) -> None:
    s.add_argument("--format", choices=["text", "csv", "json", "markdown"], default="text",
                   help=f"output format (default text; {note})")


def _print_frame(df, fmt: str, columns: list[str] | None = None) -> None:
    if columns:
        df = df[[c for c in columns if c in df.columns]]
    if fmt == "csv":
        sys.stdout.write(df.to_csv(index=False))
    elif fmt == "json":
        sys.stdout.write(json.dumps(json.loads(df.to_json(orient="records")), indent=1) + "\n")
    elif fmt == "markdown":
        from armsdata.claims.formats import markdown_table

        sys.stdout.write(markdown_table(df) + "\n")
    else:
        df = df.assign(**{c: [_fmt(v, side) for v in df[c]] for c in df.columns
                          for side in ("low", "high") if c.endswith(side) and df[c].dtype.kind == "f"})
        with __import__("pandas").option_context("display.width", 200, "display.max_rows", 500,
                                                 "display.float_format", "{:.2f}".format):
            sys.stdout.write(df.to_string(index=False) + "\n")


SHARE_COLUMNS = ["supplier", "share", "low", "high", "sipri_share", "feasible", "tiv", "tiv_low", "tiv_high",
                 "denominator", "basis", "window", "release", "edition", "recipient", "unit", "assumption",
                 "coverage_note"]

#: The footnote every text output gives to a point outside its own bounds.
INFEASIBLE_NOTE = ("* point outside its bounds: a quotient of SIPRI's rounded figures that no "
                   "unrounded data can give; use the bounds")


def _load(args: argparse.Namespace):
    """The edition the command names (``--edition``)."""
    from armsdata import editions
    return editions.load(args.edition, data_dir=getattr(args, "data_dir", None))


def _answer(args: argparse.Namespace, question, start: int, end: int):
    """``question(edition, basis)`` on ``--edition``, or else on the newest SIPRI release that
    answers it, on its tightest basis (:func:`armsdata.queries.newest`); and a line naming the
    release for text output."""
    from armsdata import queries
    if args.edition is not None:
        ed = _load(args)
        return question(ed, args.basis), f"SIPRI's {ed.label}"
    answer, ed = queries.newest(question, start=start, end=end, basis=args.basis,
                                data_dir=getattr(args, "data_dir", None))
    return answer, f"SIPRI's {ed.label}: the newest release that answers (--edition picks another)"


def _notes(frame_or_estimate, text: bool = True) -> list[str]:
    """The footnote lines of a result: infeasible points, assumption, coverage."""
    if hasattr(frame_or_estimate, "columns"):
        df = frame_or_estimate
        infeasible = ("feasible" in df.columns and not df["feasible"].fillna(True).astype(bool).all()
                      and df["share" if "share" in df.columns else "value"].notna().any())
        assumption = df["assumption"].iloc[0] if len(df) and "assumption" in df.columns else ""
        note = df["coverage_note"].iloc[0] if len(df) and "coverage_note" in df.columns else ""
    else:
        e = frame_or_estimate
        infeasible = e.value is not None and not e.feasible
        assumption, note = e.assumption, e.coverage_note
    out = []
    if infeasible:
        out.append(INFEASIBLE_NOTE)
    if assumption:
        out.append(f"assumption: {assumption}")
    if note:
        out.append(f"coverage: {note}")
    return out


def _marked(df, column: str = "share"):
    """Text tables: the share as text, with '*' where the point lies outside its bounds."""
    df = df.copy()
    df[column] = [("" if v != v else f"{v:.2f}") + ("*" if not ok and v == v else "")
                  for v, ok in zip(df[column], df["feasible"])]
    return df.drop(columns="feasible")


def _fmt(v, bound: str = "") -> str:
    """Two decimals; a bound (*bound* ``"low"`` or ``"high"``) rounded outward, so the printed
    range never claims more than the bound does (93.4591 as a low is 93.45)."""
    if v is None or v != v:
        return "undefined" if v is None else ""
    if v in (float("inf"), float("-inf")):
        return "+inf" if v > 0 else "-inf"
    if bound:
        step = math.floor if bound == "low" else math.ceil
        v = step(round(v * 100, 6)) / 100  # round(): 93.45 stored as 93.44999... stays 93.45
    return f"{v:.2f}"


def _print_estimate(e, fmt: str, source: str = "") -> None:
    if fmt == "json":
        print(json.dumps(e.as_dict(), indent=1))
        return
    if fmt in ("csv", "markdown"):
        import pandas as pd
        _print_frame(pd.DataFrame([e.as_dict()]), fmt)
        return
    window = e.window + (f" against {e.compare_window}" if e.compare_window else "")
    mark = "*" if e.value is not None and not e.feasible else ""
    print(f"{e.what}, {window}: {_fmt(e.value)}{mark} {e.unit} (bounds {_fmt(e.low, 'low')} to "
          f"{_fmt(e.high, 'high')}), basis {e.basis}, {source or f'SIPRI edition {e.edition}'}")
    if e.numerator is not None and e.denominator is not None:
        print(f"  from {e.numerator:,.1f} and {e.denominator:,.1f} TIV (millions)")
    if e.sipri_value is not None:
        print(f"  SIPRI prints {_fmt(e.sipri_value)} {e.unit} beside its own sum of the window")
    for line in _notes(e):
        print(line)


# ---------------------------------------------------------------------------------- commands

def cmd_verify(args: argparse.Namespace) -> int:
    from armsdata import snapshot
    snaps = [snapshot.load(p) for p in args.snapshot] if args.snapshot else snapshot.find_snapshots(args.data_dir)
    bad = 0
    for s in snaps:
        problems = snapshot.verify(s)
        hard = [p for p in problems if p.problem != "unlisted"]
        print(f"{'OK  ' if not hard else 'FAIL'} {s.path.name}: {len(s.files)} files, "
              f"kind {s.kind}, edition {s.edition}")
        for p in problems:
            print(f"     {p}")
        bad += bool(hard)
    if not snaps:
        print("no snapshots found", file=sys.stderr)
        return EXIT_ERROR
    print(f"{len(snaps) - bad} of {len(snaps)} snapshots verified")
    return EXIT_FAIL if bad else EXIT_OK


def cmd_shares(args: argparse.Namespace) -> int:
    from armsdata import queries
    df, source = _answer(args, lambda ed, b: queries.shares(
        ed, args.recipient, args.start, args.end, basis=b, allow_partial=args.allow_partial),
        args.start, args.end)
    if args.format == "text":
        r = df.iloc[0]
        whose = "world arms exports" if r["recipient"] == "World" else f"{r['recipient']}'s arms imports"
        print(f"Shares of {whose} {r['window']} by supplier, basis {r['basis']}, {source} "
              "(TIV in millions; shares in per cent; low/high: bounds)")
        hidden = ("assumption", "coverage_note", "unit") + (
            () if df["sipri_share"].notna().any() else ("sipri_share",))
        _print_frame(_marked(df[[c for c in SHARE_COLUMNS if c not in hidden]]), "text")
        if df["sipri_share"].notna().any():
            print("sipri_share: the percentage SIPRI prints beside its own sum of the window, "
                  "as printed")
        for line in _notes(df):
            print(line)
        return EXIT_OK
    _print_frame(df, args.format, SHARE_COLUMNS)
    return EXIT_OK


def cmd_exports(args: argparse.Namespace) -> int:
    """A supplier's share of world exports (one estimate) and its main recipients (a share table):
    two queries, printed as they are."""
    from armsdata import queries
    share, source = _answer(args, lambda ed, b: queries.supplier_share(
        ed, "World", args.supplier, args.start, args.end, basis=b,
        allow_partial=args.allow_partial), args.start, args.end)
    ed = _load(argparse.Namespace(edition=share.edition, data_dir=getattr(args, "data_dir", None))) \
        if args.edition is None else _load(args)
    recips = queries.recipient_shares(ed, args.supplier, args.start, args.end,
                                      allow_partial=args.allow_partial).head(args.top)
    if args.format == "json":
        print(json.dumps({"world_share": share.as_dict(),
                          "recipients": json.loads(recips.to_json(orient="records"))}, indent=1))
        return EXIT_OK
    if args.format in ("csv", "markdown"):  # one table: the world share on every recipient row
        world = {f"world_{k}": share.as_dict()[k] for k in ("value", "low", "high", "feasible", "basis")}
        _print_frame(recips.assign(**world), args.format)
        return EXIT_OK
    _print_estimate(share, args.format, source)
    if len(recips):
        print(f"Main recipients, per cent of {recips['supplier'].iloc[0]}'s arms exports "
              f"{share.window} (TIV in millions; basis {recips['basis'].iloc[0]}):")
        _print_frame(_marked(recips[["recipient", "tiv", "share", "low", "high", "feasible"]]), "text")
        print(*[n for n in _notes(recips) if not n.startswith("coverage")], sep="\n")
    return EXIT_OK


def cmd_change(args: argparse.Namespace) -> int:
    from armsdata import queries
    e, source = _answer(args, lambda ed, b: queries.change(
        ed, recipient=args.recipient, supplier=args.supplier, window=(args.start, args.end),
        compare_window=(args.compare_start, args.compare_end), basis=b,
        allow_partial=args.allow_partial),
        min(args.start, args.compare_start), max(args.end, args.compare_end))
    _print_estimate(e, args.format, source)
    return EXIT_OK


def cmd_rank(args: argparse.Namespace) -> int:
    from armsdata import queries
    r, source = _answer(args, lambda ed, b: queries.rank(
        ed, supplier=args.supplier, recipient=args.recipient, start=args.start, end=args.end,
        basis=b, allow_partial=args.allow_partial), args.start, args.end)
    if args.format == "json":
        print(json.dumps(r.as_dict(), indent=1, default=str))
        return EXIT_OK
    if args.format in ("csv", "markdown"):
        _print_frame(r.table.assign(among=r.among, basis=r.basis, window=r.window,
                                    edition=r.edition, unit="per cent"), args.format)
        return EXIT_OK
    ranks = f"rank {r.rank}" if not r.tied else \
        f"rank {r.rank} by the point, anywhere from {r.best} to {r.worst} within the bounds (tied)"
    print(f"{r.name} among {r.among}, {r.window}: {ranks}; basis {r.basis}, {source} "
          "(shares in per cent)")
    around = r.table[(r.table["rank"] <= max(r.worst, 3) + 2)]
    _print_frame(_marked(around, "value"), "text")
    for line in _notes(around.assign(assumption=r.assumption, coverage_note=r.coverage_note)):
        print(line)
    return EXIT_OK


def cmd_top(args: argparse.Namespace) -> int:
    from armsdata import queries
    compare = None
    years = [args.start, args.end]
    if args.compare_start is not None or args.compare_end is not None:
        compare = (args.compare_start, args.compare_end)
        years += [y for y in compare if y is not None]
    df, source = _answer(args, lambda ed, b: queries.top(
        ed, args.which, args.start, args.end, n=args.n, compare_window=compare, basis=b,
        allow_partial=args.allow_partial), min(years), max(years))
    if args.format != "text":
        _print_frame(df, args.format)
        return EXIT_OK
    r = df.iloc[0]
    print(f"The {len(df)} largest {args.which} of major arms, {r['window']}: share of world "
          f"{'exports' if args.which == 'exporters' else 'imports'} in per cent"
          + (f", and the per-cent change from {r['compare_window']}" if compare else "")
          + f"; basis {r['basis']}, {source} (best/worst: ranks within the bounds)")
    cols = ["rank", "best", "worst", "name", "share", "low", "high", "feasible"]
    if compare:
        cols += ["compare_share", "change", "change_low", "change_high"]
    _print_frame(_marked(df[cols]), "text")
    for line in _notes(df):
        print(line)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    ed = _load(args)
    df = ed.actors(args.what[:-1])
    if args.type:
        df = df[df["type"] == args.type]
    if args.format == "text":
        for n in df["name"]:
            print(n)
    else:
        _print_frame(df, args.format)
    return EXIT_OK


def cmd_editions(args: argparse.Namespace) -> int:
    from armsdata import editions
    df = editions.edition_summary(details=True, data_dir=args.data_dir)
    if args.format != "text":
        _print_frame(df, args.format)
        return EXIT_OK
    for r in df.itertuples():
        print(f"{r.snapshot}: edition {r.edition or '-'}"
              + (f" of SIPRI's {r.release}" if r.release else "")
              + f", kind {r.kind}, {r.files} files, "
              f"{'verified' if r.verified else 'FAILS verification (armsdata verify)'}")
        if r.problem:
            print(f"  cannot be read: {r.problem}")
        if r.coverage:
            print(f"  covers {r.coverage}")
            print(f"  bases by table: {r.tables}")
            if r.register_basis:
                print(f"  register basis: {r.register_basis}")
            if r.also:
                print(f"  also: {r.also}")
            if r.cannot:
                print(f"  cannot answer: {r.cannot}")
            print(f"  names not in the actor map: {r.unknown_actors or 'none'}")
            mapped = r.mapped_names.split("; ") if r.mapped_names else []
            print(f"  names mapped through a rename, an alias or ISO3: {len(mapped) or 'none'}")
            for line in mapped:
                print(f"    {line}")
    return EXIT_OK


def cmd_process(args: argparse.Namespace) -> int:
    from armsdata import package
    for p in package.write(args.output, data_dir=args.data_dir):
        print(p)
    return EXIT_OK


def cmd_cache(args: argparse.Namespace) -> int:
    from armsdata import cache
    if args.action == "clear":
        n = cache.clear()
        print(f"removed {n} file(s) from {cache.cache_dir() / cache.TABLES}")
        return EXIT_OK
    files = cache.entries()
    size = sum(p.stat().st_size for p in files)
    print(f"{cache.cache_dir()}: {len(files)} cached table(s), {size / 2 ** 20:.1f} MiB "
          f"(set {cache.CACHE_DIR_ENV} to move it; armsdata cache clear empties it)")
    return EXIT_OK


def _check_claims(args: argparse.Namespace, path: str | None) -> int:
    """``claims`` and ``check``: evaluate a claims file, print it, exit 1 if some claim could not
    be evaluated (listed as not-checkable with the reason, the others still evaluated)."""
    from armsdata import claims

    results, failures, cf = claims.evaluate_file(path, editions=args.edition, date=args.date)
    author = cf.author
    sys.stdout.write(claims.format_results(results, args.format, author=author))
    html = getattr(args, "html", None)
    if html:
        from armsdata import report

        out = report.write_check_page(results, html, title=cf.title or f"Claims in {cf.path}",
                                      source=cf.path, author=author)
        print(f"armsdata {args.command}: wrote {out}", file=sys.stderr)
    return _exit_status(args, results, failures)


def _exit_status(args: argparse.Namespace, results, failures) -> int:
    """Name every claim that could not be evaluated; exit 1 if there is one."""
    unanswered = [r for r in results if r.error]
    for r in unanswered:
        print(f"armsdata {args.command}: claim {r.id} is not checkable: {r.error}", file=sys.stderr)
    return EXIT_FAIL if unanswered or failures else EXIT_OK


def cmd_claims(args: argparse.Namespace) -> int:
    return _check_claims(args, None)


def cmd_check(args: argparse.Namespace) -> int:
    from armsdata import extract

    if not extract.is_text_path(args.file):
        if args.claims_out:
            print("armsdata check: --claims-out is for a text (.txt .md .html .htm .pdf or -); "
                  "a claims file is already one", file=sys.stderr)
            return EXIT_ERROR
        return _check_claims(args, args.file)
    return _check_text(args)


def _check_text(args: argparse.Namespace) -> int:
    """``check`` on a text: extract, keep the draft if asked, evaluate, print, and write the
    text page if asked."""
    from armsdata import claims, extract

    x = extract.extract_file(args.file, date=args.date.isoformat() if args.date else None)
    if args.claims_out:
        print(f"armsdata check: draft claims written to {x.write(args.claims_out)}",
              file=sys.stderr)
    results, failures, _ = x.check(editions=args.edition)
    head = (f"{x.source}: {len(x.claims)} claims, {len(x.candidates)} figures found but not "
            f"read, {len(x.not_sipri)} numbers that are not SIPRI transfer figures\n"
            f"{x.date_line()}\n\n")
    (sys.stdout if args.format == "text" else sys.stderr).write(head)
    sys.stdout.write(claims.format_results(results, args.format))
    if args.format == "text" and x.candidates:
        sys.stdout.write("\nFound but not read (candidates):\n" + "".join(
            f"  {c['figure']!r}: {c['why']}\n    in: {c['quote']}\n" for c in x.candidates))
    if args.html:
        from armsdata.report import text_page

        out = text_page.write_text_page(x, results, args.html,
                                        title=f"SIPRI figures in {x.source}, checked")
        print(f"armsdata check: wrote {out}", file=sys.stderr)
    return _exit_status(args, results, failures)


def cmd_extract(args: argparse.Namespace) -> int:
    from armsdata import extract

    x = extract.extract_file(args.file, date=args.date.isoformat() if args.date else None)
    if args.output:
        x.write(args.output, args.format)
        print(f"armsdata extract: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(x.to_json() if args.format == "json" else x.to_yaml())
    high = sum(c["extraction"]["confidence"] == "high" for c in x.claims)
    print(f"armsdata extract: {len(x.claims)} claims ({high} high confidence), "
          f"{len(x.candidates)} candidates, {len(x.not_sipri)} numbers not SIPRI's; "
          f"{x.date_line()}", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from armsdata import report
    path = report.build_site(output=args.output, notebooks_dir=args.notebooks,
                             execute=not args.no_execute,
                             timeout=args.timeout or report.DEFAULT_TIMEOUT,
                             progress=not args.quiet, jobs=args.jobs, edition=args.edition)
    print(path)
    return EXIT_OK


def cmd_explore(args: argparse.Namespace) -> int:
    import shlex

    from armsdata import report
    options = [("--from", args.start), ("--to", args.end), ("--edition", args.edition)]
    command = shlex.join(["armsdata", "explore", args.recipient,
                          *[str(x) for o, v in options if v is not None for x in (o, v)]])
    path = report.explore(args.recipient, start=args.start, end=args.end, edition=args.edition,
                          output=args.output, notebooks_dir=args.notebooks,
                          timeout=args.timeout or report.DEFAULT_TIMEOUT,
                          progress=not args.quiet, command=command)
    print(path)
    return EXIT_OK


def cmd_fetch(args: argparse.Namespace) -> int:
    from armsdata import sipri
    result = sipri.fetch_snapshot(args.kind, recipient=args.recipient, supplier=args.supplier,
                                  start=args.start, end=args.end, data_dir=args.data_dir,
                                  base_url=args.base_url,
                                  timeout=args.timeout or sipri.DEFAULT_TIMEOUT,
                                  progress=not args.no_progress)
    print(result.message, file=sys.stderr)
    if result.path is not None:
        print(result.path)
    return EXIT_OK


def named_recipients() -> list[str]:
    """The recipients the article's claims and the notebooks name that are countries or other
    actors (regions and the world have no table of their own)."""
    from armsdata import claims, report
    return _actors(claims.named_actors(roles=("recipient",)) + report.notebook_recipients())


def named_suppliers() -> list[str]:
    """The suppliers the article's claims name that are countries or other actors."""
    from armsdata import claims
    return _actors(claims.named_actors(roles=("supplier",)))


def _actors(names: list[str]) -> list[str]:
    """*names* by canonical name, once each, without the world and regions."""
    from armsdata import countries, regions

    out = []
    for name in names:
        if name.casefold() == "world" or regions.is_region(name):
            continue
        canonical = countries.lookup(name).canonical_name
        if canonical not in out:
            out.append(canonical)
    return out


def cmd_fetch_edition(args: argparse.Namespace) -> int:
    from armsdata import sipri
    recipients = [] if args.no_recipients else args.recipient
    if recipients is None:
        recipients = named_recipients()
        print(f"armsdata fetch edition: recipient tables for the {len(recipients)} recipient(s) "
              f"the claims and notebooks name: {', '.join(recipients)}", file=sys.stderr)
    suppliers = [] if args.no_suppliers else args.supplier
    if suppliers is None:
        suppliers = named_suppliers()
        print(f"armsdata fetch edition: supplier tables for the {len(suppliers)} supplier(s) "
              f"the claims name: {', '.join(suppliers)}", file=sys.stderr)
    try:
        result = sipri.fetch_edition(recipients=recipients, suppliers=suppliers, start=args.start,
                                     end=args.end, chunk_years=args.chunk_years, jobs=args.jobs,
                                     data_dir=args.data_dir, base_url=args.base_url,
                                     timeout=args.timeout or sipri.DEFAULT_TIMEOUT,
                                     progress=not args.no_progress)
    except KeyboardInterrupt:
        print("armsdata fetch edition: interrupted; no snapshot was written. The answers "
              "finished so far are kept: run the same command again to fetch only the rest.",
              file=sys.stderr)
        return 130  # the shell's code for "ended by Ctrl-C"
    print(result.message, file=sys.stderr)
    if result.no_data:
        print(f"SIPRI has no data for: {', '.join(result.no_data)} (listed in the manifest under "
              "no_data)", file=sys.stderr)
    print(result.path)
    return EXIT_OK


# ---------------------------------------------------------------------------------- parser

def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``armsdata`` parser.

    *argv*, when given, is the command line the parser is for: the ``fetch`` options quote
    :mod:`armsdata.sipri`'s defaults, and importing it loads ``requests`` and ``tqdm`` (about
    0.1 s), so for a command line without ``fetch`` that command gets only its one-line help
    (all that ``armsdata --help`` shows of it).  Without *argv*, the whole parser.
    """
    p = argparse.ArgumentParser(
        prog="armsdata",
        description="Check claims against the SIPRI Arms Transfers Database: verified snapshots, "
                    "supplier shares with honest bounds, claim verdicts, a static report.",
        epilog="Source: SIPRI Arms Transfers Database. Every figure carries its data edition.")
    p.add_argument("--version", action="version", version=f"armsdata {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what the library does")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("verify", help="check every snapshot's files against its manifest sha256",
                       description="Check every file of every snapshot against its manifest. "
                                   "Exit 1 if any file changed or is missing.")
    s.add_argument("snapshot", nargs="*", help="snapshot folders (default: all under the data folder)")
    s.add_argument("--data-dir", help="folder holding snapshot folders (default: the project's data/raw)")
    s.set_defaults(func=cmd_verify)

    s = _command(
        sub, "shares", help="suppliers' shares of a recipient's arms imports, with bounds",
        description="Every supplier's share of RECIPIENT's arms imports over a window, with the "
                    "bounds SIPRI's rounding and the delivery split allow.",
        examples="""\
            examples:
              armsdata shares Armenia --from 2011 --to 2020
              armsdata shares ARM --from 2011 --to 2020 --basis register --format json
              armsdata shares World --from 2016 --to 2020        # shares of world exports
              armsdata shares Kazakhstan --from 2020 --to 2024 --edition 2022-04-22 --allow-partial
            bases: total (printed cells over SIPRI's printed total row), rows (over the sum of the
                   printed cells), register (trade register: SIPRI's per-year values, or an even
                   split bounded by the edition's printed per-year totals)
            A '*' marks a point outside its own bounds (a quotient of rounded figures).""")
    s.add_argument("recipient", help="recipient name, ISO3 code or alias (e.g. Armenia, ARM), or World")
    _window_args(s)
    _edition_args(s)
    _format_arg(s, "json: a list of objects, one per supplier")
    s.set_defaults(func=cmd_shares)

    s = _command(
        sub, "exports", help="a supplier's share of world arms exports and its main recipients",
        description="SUPPLIER's share of world arms exports over a window, and its main "
                    "recipients' shares of its exports, with bounds.",
        examples="""\
            examples:
              armsdata exports Russia --from 2016 --to 2020
              armsdata exports RUS --from 2016 --to 2020 --edition 2024-10-13 --top 5 --format csv""")
    s.add_argument("supplier", help="supplier name, ISO3 code or alias (e.g. Russia, RUS)")
    _window_args(s)
    _edition_args(s)
    s.add_argument("--top", type=int, default=10, help="how many recipients to list (default 10)")
    _format_arg(s, "csv: one row per recipient")
    s.set_defaults(func=cmd_exports)

    s = _command(
        sub, "change", help="per-cent change of a recipient's imports, a supplier's exports or a flow",
        description="Per-cent change of an arms flow between two windows, with bounds: a "
                    "recipient's imports (--recipient), a supplier's exports (--supplier), or one "
                    "supplier's deliveries to one recipient (both).",
        examples="""\
            examples:
              armsdata change --recipient Armenia --from 2016 --to 2020 --compare-from 2011 --compare-to 2015
              armsdata change --supplier Russia --from 2017 --to 2021 --compare-from 2012 --compare-to 2016
              armsdata change --supplier Russia --recipient India --from 2017 --to 2021 --compare-from 2012 --compare-to 2016""")
    s.add_argument("--recipient", help="recipient name, ISO3 code or alias, or World")
    s.add_argument("--supplier", help="supplier name, ISO3 code or alias")
    _window_args(s)
    _compare_args(s, required=True)
    _edition_args(s)
    _format_arg(s, "json: one object")
    s.set_defaults(func=cmd_change)

    s = _command(
        sub, "rank", help="the rank of a supplier or recipient, with the ranks its bounds allow",
        description="The rank (1 = largest) of a supplier among a recipient's suppliers, of a "
                    "supplier among world exporters (--recipient World), or of a recipient among "
                    "world importers (--recipient only). Entities whose bounds overlap are tied: "
                    "their rank is a range.",
        examples="""\
            examples:
              armsdata rank --supplier Russia --recipient Armenia --from 2011 --to 2020
              armsdata rank --supplier Russia --recipient World --from 2017 --to 2021
              armsdata rank --recipient India --from 2017 --to 2021""")
    s.add_argument("--supplier", help="supplier name, ISO3 code or alias")
    s.add_argument("--recipient", help="recipient name, ISO3 code or alias, or World")
    _window_args(s)
    _edition_args(s)
    _format_arg(s, "json: the rank and the full table")
    s.set_defaults(func=cmd_rank)

    s = _command(
        sub, "top", help="the largest exporters or importers of a window (SIPRI's fact-sheet table)",
        description="The N largest exporters or importers of major arms over a window: share of "
                    "the world total, optionally the share in a compare window and the per-cent "
                    "change, with bounds and rank ranges.",
        examples="""\
            examples:
              armsdata top exporters --from 2017 --to 2021 --compare-from 2012 --compare-to 2016
              armsdata top importers --from 2019 --to 2023 --edition 2024-10-13 -n 5 --format csv""")
    s.add_argument("which", choices=["exporters", "importers"], help="exporters or importers")
    _window_args(s)
    _compare_args(s, required=False)
    s.add_argument("-n", type=int, default=10, help="how many to list (default 10)")
    _edition_args(s)
    _format_arg(s, "csv/json: one row per entity")
    s.set_defaults(func=cmd_top)

    for what in ("recipients", "suppliers"):
        s = sub.add_parser(what, help=f"list the {what} with deliveries in an edition",
                           description=f"List every {what[:-1]} with deliveries in an edition "
                                       "(canonical names; csv and json add ISO3 and actor type).",
                           epilog=f"example: armsdata {what} --edition 2024-10-13 --type non-state")
        s.add_argument("--edition", default="2022-04-22", help=_edition_help("2022-04-22"))
        s.add_argument("--type", choices=["state", "historical-state", "non-state", "organisation",
                                          "unknown"], help="only actors of this type")
        s.add_argument("--format", choices=["text", "csv", "json", "markdown"], default="text",
                       help="output format (default text: one name a line)")
        s.set_defaults(func=cmd_list, what=what)

    s = sub.add_parser(
        "editions", help="list the editions: coverage, bases, names not in the actor map",
        description="List the snapshots under the data folder: whether they verify, and for each "
                    "data edition the years it covers, the bases it supports per figure, how its "
                    "register basis splits deliveries, the names the actor map lacks, and the "
                    "names it matched through a former SIPRI spelling, an alias or an ISO3 code "
                    "(e.g. 'United Arab Emirates -> UAE (alias)').",
        epilog="example: armsdata editions --format json")
    s.add_argument("--data-dir", help="folder holding snapshot folders (default: the project's data/raw)")
    s.add_argument("--format", choices=["text", "csv", "json", "markdown"], default="text",
                   help="output format (default text: one block per snapshot)")
    s.set_defaults(func=cmd_editions)

    s = sub.add_parser(
        "process", help="write the tidy tables of every edition to data/processed (a Data Package)",
        description="Write the tidy tables of every edition as CSV with a Frictionless Data "
                    "Package descriptor (datapackage.json: each table's schema, the source "
                    "editions and the sha256 of every raw file and CSV), so that R, Python and "
                    "spreadsheets load them with their types. A failed run leaves the previous "
                    "package as it was.",
        epilog="example: armsdata process --output /tmp/processed")
    s.add_argument("--output", help="folder (default: data/processed beside data/raw)")
    s.add_argument("--data-dir", help="folder holding snapshot folders (default: the project's data/raw)")
    s.set_defaults(func=cmd_process)

    s = _command(
        sub, "cache", help="where parsed tables are cached between calls; clear the cache",
        description=textwrap.dedent("""\
            Parsed tidy tables are kept on disk between calls, keyed by the sha256 of the raw
            files they come from, checked on every call: a changed file is never served from
            the cache. The folder: $ARMSDATA_CACHE_DIR, else your per-user cache folder
            (~/.cache/armsdata on Linux, ~/Library/Caches/armsdata on macOS). Clearing it is
            always safe: the next call parses the raw files again."""),
        examples="""\
            examples:
              armsdata cache          # the folder, how many tables, how much space
              armsdata cache clear""")
    s.add_argument("action", nargs="?", choices=["info", "clear"], default="info",
                   help="info (default): show the folder and its size; clear: remove every entry")
    s.set_defaults(func=cmd_cache)

    edition_help = ("evaluate every SIPRI-based claim on this edition only, on every basis it "
                    "supports, and judge it there (a generated date, a snapshot folder name or a "
                    "path; repeat for several); default: every edition, judged per release")
    s = _command(
        sub, "claims", help="evaluate the article's claims and print the verdicts",
        description="Evaluate every claim of the article (src/armsdata/data/claims.yaml) against "
                    "its evidence. Exit 1 if some claim could not be evaluated (it is listed as "
                    "not-checkable with the reason; the others are still evaluated).",
        examples="""\
            examples:
              armsdata claims
              armsdata claims --format json
              armsdata claims --edition 2024-10-13          # every SIPRI claim on one edition
              armsdata claims --edition data/raw/edition-2026-03-09""")
    s.add_argument("--edition", action="append", help=edition_help)
    s.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                   help="the text's date: every SIPRI claim is judged on the SIPRI release in "
                        "force then, the others shown as revisions (default: the file's 'date', "
                        "a claim's source date, else unknown: the newest release that answers)")
    s.add_argument("--format", choices=["text", "csv", "json", "markdown"], default="text",
                   help="output format (default text; json: one object per claim)")
    s.set_defaults(func=cmd_claims)

    s = _command(
        sub, "check", help="check the SIPRI figures of any text, or a claims file",
        description="Check a text (.txt, .md, .html/.htm, .pdf, or - for standard input): find "
                    "every SIPRI figure in it, draft each as a claim and evaluate it, in one "
                    "step. Or evaluate a claims file (YAML; the schema: docs/claims.md) with the "
                    "same engine as `armsdata claims`. Exit 1 if some claim could not be "
                    "evaluated (listed as not-checkable with the reason); exit 2 if the file as "
                    "a whole is unusable.",
        examples="""\
            examples:
              armsdata check article.txt --date 2024-03-11
              armsdata check page.html --html checked.html --claims-out draft.yaml
              armsdata check examples/sipri-fact-sheet-2022-03.yaml
              armsdata check myclaims.yaml --edition 2024-10-13 --format csv
              armsdata check myclaims.yaml --html verdicts.html   # one page to share""")
    s.add_argument("file", help="a text (.txt .md .html .htm .pdf, or - for standard input) or "
                                "a claims file (.yaml .yml)")
    s.add_argument("--edition", action="append", help=edition_help)
    s.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                   help="the text's date: every SIPRI claim is judged on the SIPRI release in "
                        "force then, the others shown as revisions, and a text's 'the past five "
                        "years' is read against it (default: the claims file's 'date' or a "
                        "claim's source date; an HTML page's own date; else unknown: the newest "
                        "release that answers)")
    s.add_argument("--format", choices=["text", "csv", "json", "markdown"], default="text",
                   help="output format (default text; json: one object per claim)")
    s.add_argument("--html", metavar="OUT.html",
                   help="also write one self-contained HTML page: for a text, the text itself "
                        "with every figure marked by its verdict; for a claims file, the verdicts")
    s.add_argument("--claims-out", metavar="DRAFT.yaml",
                   help="for a text: keep the drafted claims file (correct it, then check it)")
    s.set_defaults(func=cmd_check)

    s = _command(
        sub, "extract", help="find every SIPRI figure in a text and draft it as a claims file",
        description="Read a text (.txt, .md, .html/.htm, .pdf, or - for standard input), find "
                    "every SIPRI arms-transfer figure in it and write a claims file that "
                    "`armsdata check` runs unchanged (YAML), or one JSON object {date, claims, "
                    "candidates, not_sipri}. Each claim carries extraction: {confidence, note}; "
                    "figures found but not read are listed as candidates with why, and numbers "
                    "that are not SIPRI transfer figures (money, tonnes, flights, ...) as "
                    "not_sipri.",
        examples="""\
            examples:
              armsdata extract article.txt --date 2024-03-11 --output draft.yaml
              armsdata extract factsheet.pdf --format json
              curl -s URL | armsdata extract - --date 2024-03-11""")
    s.add_argument("file", help="a text: .txt .md .html .htm .pdf, or - for standard input")
    s.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                   help="the text's date (default: the date an HTML page's metadata give, else "
                        "unknown): windows such as 'the past five years' are read against the "
                        "SIPRI release in force then")
    s.add_argument("--format", choices=["yaml", "json"], default="yaml",
                   help="yaml (default): a claims file; json: one object")
    s.add_argument("--output", "-o", metavar="OUT", help="write here (default: standard output)")
    s.set_defaults(func=cmd_extract)

    s = _command(
        sub, "explore", help="who arms whom: the parameterised notebook for any recipient, as one page",
        description="Execute notebooks/10-who-arms-whom.ipynb for RECIPIENT with papermill and "
                    "write one self-contained HTML page in the report's look: suppliers' shares "
                    "with bounds on the newest SIPRI release that answers for the window (on its "
                    "tightest basis), imports over time, concentration, and every release that "
                    "covers the window compared. A window no release covers fails before the "
                    "notebook runs. Prints the page's path last.",
        examples="""\
            examples:
              armsdata explore India
              armsdata explore Pakistan --from 2019 --to 2023
              armsdata explore "Middle East" --from 2016 --to 2020
              armsdata explore "Houthi rebels (Yemen)" --from 2011 --to 2020
              armsdata explore USSR --from 1981 --to 1990 --output ussr.html""")
    s.add_argument("recipient", help="recipient name, ISO3 code, alias or SIPRI region (e.g. "
                                     "India, IND, 'Middle East')")
    s.add_argument("--from", dest="start", type=int,
                   help="first year of the window (default: the notebook's, 2011)")
    s.add_argument("--to", dest="end", type=int,
                   help="last year of the window (default: the notebook's, 2020)")
    s.add_argument("--edition", help=_edition_help("2022-04-22") + "; default: the newest "
                   "SIPRI release that answers for the window")
    s.add_argument("--output", "-o",
                   help="the page (default: explore-<recipient>-<from>-<to>.html here)")
    s.add_argument("--notebooks",
                   help="folder holding 10-who-arms-whom.ipynb (default: the project's)")
    s.add_argument("--timeout", type=int, help="seconds one cell may run (default 600)")
    s.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    s.set_defaults(func=cmd_explore)

    s = sub.add_parser("report", help="execute every notebook and render the static HTML site",
                       description="Execute every notebook in a fresh kernel from the shipped data "
                                   "and write a self-contained static site (open "
                                   "<output>/index.html; works offline). Prints the folder last.")
    s.add_argument("--output", default="site", help="output folder (default: site)")
    s.add_argument("--no-execute", action="store_true", help="render the stored outputs without executing")
    s.add_argument("--notebooks",
                   help="folder of the notebooks (default: notebooks/ of the project)")
    s.add_argument("--timeout", type=int,
                   help="seconds one cell may run before the build fails (default 600)")
    s.add_argument("--jobs", "-j", type=int,
                   help="notebooks executed at the same time (default: one per core)")
    s.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    s.add_argument("--edition",
                   help="build the report on this edition: every SIPRI-based claim evaluated on "
                        "it, every notebook run with its edition parameters set to it (a "
                        "generated date, a snapshot folder name or a path, e.g. a fetched "
                        "edition); default: the shipped editions the notebooks name")
    s.set_defaults(func=cmd_report)

    if argv is None or "fetch" in argv:
        _add_fetch(sub)
    else:
        sub.add_parser("fetch", help=FETCH_HELP, add_help=False)
    return p


FETCH_HELP = "fetch a new snapshot from SIPRI's API"


def _add_fetch(sub: argparse._SubParsersAction) -> None:
    """``armsdata fetch {register,delivery-years,tiv,edition}``."""
    from armsdata import sipri
    from armsdata.conventions import FIRST_YEAR

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir",
                        help="folder holding snapshot folders (default: the project's data/raw)")
    common.add_argument("--base-url",
                        help="SIPRI API base URL (default: $ARMSDATA_SIPRI_URL or SIPRI's)")
    common.add_argument("--timeout", type=float,
                        help=f"seconds to wait for each answer (default {sipri.DEFAULT_TIMEOUT:.0f}: "
                             "SIPRI builds each CSV before it answers, 30-40 s per request)")
    common.add_argument("--no-progress", action="store_true",
                        help="no progress bar (there is none when stderr is not a terminal)")

    f = _command(
        sub, "fetch", help=FETCH_HELP,
        description="Fetch SIPRI data into a new, verified snapshot folder; print its path last.",
        examples="""\
            examples:
              armsdata fetch edition --recipient Armenia --recipient Azerbaijan
                  a complete SIPRI edition (register, per-year register, world tables,
                  the recipients' tables) in one snapshot; see `armsdata fetch edition -h`
              armsdata fetch tiv --recipient Armenia --from 2011 --to 2020
              armsdata fetch register --recipient Armenia --from 2011 --to 2020
            then: armsdata shares Armenia --from 2011 --to 2020 --edition <printed folder>
            Every kind takes --data-dir, --base-url, --timeout, --no-progress; register,
            delivery-years and tiv also --recipient and --supplier.
            The base URL can also be set with ARMSDATA_SIPRI_URL (a mirror, or a test server).""")
    kinds = f.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, what in [("register", "the trade register, one row per deal"),
                       ("delivery-years", "the per-delivery-year register"),
                       ("tiv", "a TIV table by year")]:
        s = kinds.add_parser(kind, parents=[common], help=what,
                             description=f"Fetch {what} into a new snapshot folder; print its "
                                         "path last.")
        s.add_argument("--recipient", help="recipient name, ISO3 code or alias")
        s.add_argument("--supplier", help="supplier name, ISO3 code or alias")
        s.add_argument("--from", dest="start", type=int, required=True, help="first year")
        s.add_argument("--to", dest="end", type=int, required=True, help="last year")
        s.set_defaults(func=cmd_fetch)

    s = kinds.add_parser(
        "edition", parents=[common],
        help="everything a complete SIPRI edition needs, in one snapshot",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.dedent("""\
            Fetch a complete SIPRI edition from SIPRI's current API into one snapshot folder
            (kind "edition"), and print its path on the last line:
              register.json                    the classic trade register, every deal
              delivery-years/<from>-<to>.json  the per-delivery-year register, in chunks
              tiv/imports-by-recipient.json    world imports by recipient (TIV)
              tiv/exports-by-supplier.json     world exports by supplier (TIV)
              tiv/recipients/<name>.json       each --recipient's imports by supplier (TIV)
              tiv/suppliers/<name>.json        each --supplier's exports by recipient (TIV)
              countries.json                   SIPRI's country list (EntityIds)
            Every answer is checked, and the manifest keeps every request and response header.
            The snapshot appears only when complete. After an interruption, the same command
            again fetches only what is missing (finished answers wait in a hidden
            .partial-edition-* folder in the data folder). One fetch at a time per data
            folder: a second one refuses at once and names the first."""),
        epilog=textwrap.dedent(f"""\
            example:
              armsdata fetch edition --recipient Armenia --recipient Azerbaijan
              armsdata verify <printed folder>
            Recipient tables are fetched for the recipients named with --recipient
            (repeatable); without it, for every recipient the article's claims and the
            notebooks name. Likewise supplier tables for --supplier, else for every supplier
            the claims name.
            Polite by default: {sipri.DEFAULT_JOBS} requests in flight (at most {sipri.MAX_JOBS}), {sipri.DEFAULT_RETRIES} retries with
            backoff on HTTP 429/5xx, dropped connections and timeouts."""))
    s.add_argument("--recipient", action="append", metavar="NAME",
                   help="fetch this recipient's imports by supplier; repeatable (default: "
                        "every recipient the claims and notebooks name)")
    s.add_argument("--no-recipients", action="store_true",
                   help="fetch no recipient tables")
    s.add_argument("--supplier", action="append", metavar="NAME",
                   help="fetch this supplier's exports by recipient; repeatable (default: "
                        "every supplier the claims name)")
    s.add_argument("--no-suppliers", action="store_true", help="fetch no supplier tables")
    s.add_argument("--from", dest="start", type=int, default=FIRST_YEAR,
                   help=f"first year (default {FIRST_YEAR}, SIPRI's first)")
    s.add_argument("--to", dest="end", type=int, help="last year (default: the current year)")
    s.add_argument("--chunk-years", type=int, default=sipri.DEFAULT_CHUNK_YEARS, metavar="N",
                   help="years per request of the per-delivery-year register "
                        f"(default {sipri.DEFAULT_CHUNK_YEARS})")
    s.add_argument("--jobs", type=int, default=sipri.DEFAULT_JOBS,
                   choices=range(1, sipri.MAX_JOBS + 1), metavar="N",
                   help=f"requests in flight, 1 to {sipri.MAX_JOBS} (default {sipri.DEFAULT_JOBS}: "
                        "SIPRI takes 30-40 s per request and slows down under load)")
    s.set_defaults(func=cmd_fetch_edition)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except ArmsDataError as exc:
        print(f"armsdata {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `armsdata ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
