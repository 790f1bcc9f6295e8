"""`newsbridge dataset compact DATASET`: the `dataset` subcommand group (maintenance of a dataset that
`run --append` grows). cli.py only calls `add_dataset_parser`; the commands set their own handler."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pipeline.invocation import EXIT_FAILED, EXIT_OK, EXIT_USAGE, PROG, fail


def _whole_number(minimum: int):  # noqa: ANN202 - an argparse type
    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < minimum:
            raise argparse.ArgumentTypeError(f"expected a whole number >= {minimum}, got {text!r}")
        return int(text)
    return parse


def add_dataset_parser(sub: argparse._SubParsersAction) -> None:
    """The `dataset` group and its `compact` command, for cli.py's subparsers."""
    group = sub.add_parser("dataset", help="maintain a dataset that `run --append` grows: compact",
                           description="Maintain a dataset that `newsbridge run --append` grows.")
    dsub = group.add_subparsers(dest="dataset_command", required=True, metavar="COMMAND")
    compact = dsub.add_parser(
        "compact", help="rewrite the daily small files into few large ones and pin them (run between appends)",
        description="Compact the dataset's documents, segments and mentions tables (few large Parquet files "
                    "instead of one per run), checkpoint their logs and pin the compacted versions in the "
                    "dataset's manifest. Rows are unchanged. Takes the lock appends take; exit 2 while a run holds "
                    "it.")
    compact.add_argument("dataset", type=Path, metavar="DATASET", help="the dataset directory (`run --append`)")
    compact.add_argument("--target-size", type=_whole_number(1), metavar="MB", dest="target_size_mb",
                         help="size the compacted files aim at, in MB (default 100)")
    compact.add_argument("--vacuum-days", type=_whole_number(0), metavar="N",
                         help="also delete the files no version of the last N days needs (default: keep them, "
                              "so that `read(..., as_of=RUN)` of every run still works; after a vacuum, runs "
                              "whose files are gone cannot be read as of)")
    compact.set_defaults(func=cmd_dataset_compact)


def cmd_dataset_compact(args: argparse.Namespace) -> int:
    """Compact; one line of what changed, or one line of why not (2: not a dataset, damaged, locked)."""
    from pipeline.dataset.compact import RowsChanged, compact_dataset
    from pipeline.dataset.store import DatasetError
    from pipeline.io.outdir import OutputBusy

    try:
        entry = compact_dataset(args.dataset, target_size_mb=args.target_size_mb, vacuum_days=args.vacuum_days)
    except OutputBusy as e:
        return fail(str(e), EXIT_USAGE)
    except RowsChanged as e:
        return fail(str(e), EXIT_FAILED)
    except DatasetError as e:  # not a dataset, a damaged one: nothing was changed
        return fail(str(e), EXIT_USAGE)
    except OSError as e:
        return fail(f"{e.filename or args.dataset}: {e.strerror or e}; the dataset's manifest is unchanged",
                    EXIT_FAILED)
    print(summary_line(args.dataset, entry))
    return EXIT_OK


def summary_line(dataset: Path, entry: dict[str, Any]) -> str:
    """What a compaction did, in one line: files before → after per table, the vacuum, the time."""
    files = ", ".join(f"{name} {f['before']:,} → {f['after']:,}" for name, f in entry["files"].items())
    line = f"{PROG}: compacted {dataset}: files {files}; logs checkpointed"
    vacuum = entry.get("vacuum")
    if vacuum is not None:
        lost = vacuum["as_of_lost"]
        line += (f"; vacuum removed {vacuum['files_removed']:,} file(s)"
                 + (f", as_of lost for {len(lost)} run(s) ({lost[0]} … {lost[-1]})" if lost else ""))
    return f"{line}; {entry['seconds']:.2f}s"
