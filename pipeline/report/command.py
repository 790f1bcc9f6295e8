"""`newsbridge report OUT`: (re)build the report.html of an existing output directory."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.invocation import EXIT_FAILED, EXIT_OK, fail
from pipeline.io.outdir import COMPLETE_MARKER as MANIFEST


def add_report_parser(sub: argparse._SubParsersAction) -> None:
    """The `report` subcommand, for cli.py's subparsers."""
    report = sub.add_parser("report", help="(re)build OUT/report.html from a finished output directory")
    report.add_argument("out", type=Path, metavar="OUT",
                        help="an output directory of `newsbridge run`, or a dataset (--append; read whole)")
    report.add_argument("--glossaries", type=Path, metavar="DIR",
                        help="glossary for the name suggestions (default: the one the manifest names)")


def cmd_report(args: argparse.Namespace) -> int:
    """Write OUT/report.html and print its path; exit 2 when OUT is not a finished output directory."""
    from pipeline.report import write_report

    out: Path = args.out
    if not (out / MANIFEST).is_file():
        return fail(f"{out}: no {MANIFEST} here; not the output directory of a finished run")
    glossary = None
    if args.glossaries is not None:
        from pipeline.glossary import GlossaryError, compile_glossary

        try:
            glossary = compile_glossary(args.glossaries)
        except GlossaryError as e:
            return fail(f"invalid glossary: {e.problems[0]}")
    try:
        path = write_report(out, glossary)
    except (OSError, ValueError, json.JSONDecodeError) as e:  # a damaged or half-deleted output directory
        return fail(f"{out}: cannot build the report: {e}", EXIT_FAILED)
    print(path)
    return EXIT_OK
