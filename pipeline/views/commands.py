"""The subcommands this package adds to `newsbridge`: show, inspect, cache list|clear, and models remove.

cli.py calls `add_commands` / `add_models_commands` while building its parser and `dispatch` before its own
commands, so these commands live here whole and cli.py only wires them in."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipeline.invocation import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from pipeline.invocation import fail as _fail

COMMANDS = ("show", "inspect", "cache")
OUT_HELP = "output directory of `newsbridge run`, or a dataset (--append)"


def _nonnegative(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return int(text)


def add_commands(sub: argparse._SubParsersAction) -> None:
    from pipeline.views.inspect import DEFAULT_FLAGGED_SHOWN

    show = sub.add_parser("show", help="one document, sentence by sentence, with its mentions and flags",
                          description="Print one document of an output directory: its fields, then Chinese | "
                                      "English sentence by sentence (title first) with mentions and flags.")
    show.add_argument("out", type=Path, metavar="OUT", help=OUT_HELP)
    show.add_argument("doc_id", metavar="DOC_ID", help="the document's id (doc_id in documents.*)")
    show.add_argument("--format", choices=("md", "json"), default="md", help="Markdown tables (default) or JSON")

    inspect = sub.add_parser("inspect", help="counts, quality, time, flagged segments, reject reasons, files",
                             description="Everything a finished run accounts for, read from its output directory.")
    inspect.add_argument("out", type=Path, metavar="OUT", help=OUT_HELP)
    inspect.add_argument("--format", choices=("text", "json"), default="text", help="aligned text (default) or JSON")
    inspect.add_argument("--flagged", type=_nonnegative, default=DEFAULT_FLAGGED_SHOWN, metavar="N",
                         help=f"flagged segments listed; the rest are counted (default {DEFAULT_FLAGGED_SHOWN})")

    cache = sub.add_parser("cache", help="what newsbridge keeps in its cache directory; clear it",
                           description="The cache directory is $NEWSBRIDGE_CACHE_DIR, else ~/.cache/newsbridge.")
    csub = cache.add_subparsers(dest="cache_command", required=True)
    csub.add_parser("list", help="each kind of cache file with its size and what it is for")
    clear = csub.add_parser("clear", help="delete caches (all but the translation memory unless named)")
    clear.add_argument("kinds", nargs="*", metavar="KIND",
                       help="glossary, jieba, model-checks, translation-memory, other, or all (default: every "
                            "rebuildable cache; the translation memory only when named or with `all`)")


def add_models_commands(msub: argparse._SubParsersAction) -> None:
    remove = msub.add_parser("remove", help="uninstall a package, by name (translate-zh_en) or pair (zh_en)")
    remove.add_argument("package", metavar="NAME|zh_en")


def dispatch(args: argparse.Namespace) -> int | None:
    """Run the command if it is one of this package's; None when it is cli.py's own."""
    if args.command == "models" and getattr(args, "models_command", None) == "remove":
        return _models_remove(args)
    if args.command not in COMMANDS:
        return None
    if args.command == "cache":
        return _cache(args)
    from pipeline.dataset.read import DatasetReadError
    from pipeline.views.output import NotAnOutput, RunOutput, UnknownDocument

    try:
        output = RunOutput.open(args.out)
        if args.command == "show":
            from pipeline.views.show import show

            text = show(output, args.doc_id, args.format)
        else:
            from pipeline.views.inspect import inspect

            text = inspect(output, args.format, args.flagged)
    except NotAnOutput as e:
        return _fail(str(e), EXIT_USAGE)
    except (UnknownDocument, DatasetReadError) as e:
        return _fail(str(e), EXIT_FAILED)
    return _emit(text)


def _emit(text: str) -> int:
    """Print; a reader that stops early (`| head`) is not an error."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        discard_stdout()
    return EXIT_OK


def discard_stdout() -> None:
    """After a reader closed the pipe (`| head`): send what is still buffered nowhere, so the interpreter's flush at
    exit does not fail with a second BrokenPipeError. Commands that print results call it."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open: the interpreter flushes it at exit


def _cache(args: argparse.Namespace) -> int:
    from pipeline.views.cache import CacheError, clear, listing

    try:
        text = listing() if args.cache_command == "list" else clear(args.kinds)
    except CacheError as e:
        return _fail(str(e), EXIT_USAGE)
    return _emit(text)


def _models_remove(args: argparse.Namespace) -> int:
    from pipeline.models.errors import ModelError
    from pipeline.models.remove import remove_package

    try:
        print(remove_package(args.package))
    except ModelError as e:
        return _fail(str(e), EXIT_FAILED)
    return EXIT_OK
