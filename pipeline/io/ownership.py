"""Which entries of an existing `--out` are newsbridge's, so that a run replaces only what newsbridge wrote.

A run (with --overwrite or --resume) may replace an existing, non-empty `out` only when it is a newsbridge output:
its `manifest.json` is a regular file holding a JSON object with the keys every newsbridge manifest has
(MANIFEST_KEYS). Any other directory is refused with one line, whatever is in it: a folder of notes, another
tool's output with its own manifest.json, a pre-commit leftover without a manifest. An empty or absent `out` is
fine.

In a newsbridge output, newsbridge's own entries are the names it writes (OWN_NAMES) and its atomic writer's
temporaries of those names. Everything else (a user's notes.txt, a folder, a symlink) is foreign: just before
the commit it is hard-linked into the new output (`carry_over`), so it is in `out` before, during and after the
swap (a hard link shares the file, not a copy of it). An own-named entry that is not what newsbridge writes there
(a directory named segments.jsonl, a stray file inside a partitioned table directory) makes the run refuse
rather than delete it.

`remove_output` (`make clean`) deletes a newsbridge output's own entries the same way and keeps the rest; the
directory goes only when nothing of the user's is left in it.

Limit: an entry created in `out` while the run is in its final commit (after the carry-over, milliseconds) is
not carried over and goes with the old output.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

from pipeline.dataset.layout import DATASET_KEY
from pipeline.io.outdir import COMPLETE_MARKER, TEMP_PATTERN, OutputDirError, RunDirectory, manifest_json
from pipeline.io.writers import OUTPUT_FILES
from pipeline.report import REPORT_FILE

OWN_NAMES = frozenset({*OUTPUT_FILES, COMPLETE_MARKER, REPORT_FILE})
# Keys every manifest newsbridge writes holds (pipeline.runner.build_manifest): what tells it from another
# tool's manifest.json.
MANIFEST_KEYS = ("newsbridge_version", "counts")
# A partitioned table (`--partition-by date`) is a directory of `KEY=VALUE/` directories of Parquet files
# (pipeline/io/partition.py).
TABLE_SUFFIX = ".parquet"
PARTITION_SEPARATOR = "="


def _read_manifest(out: Path) -> tuple[dict[str, Any] | None, str | None]:
    """`out`'s manifest when newsbridge wrote it, else None and why `out` is not a newsbridge output."""
    manifest = out / COMPLETE_MARKER
    if not os.path.lexists(manifest):
        return None, f"it holds no {COMPLETE_MARKER}"
    if manifest.is_symlink() or not manifest.is_file():
        return None, f"its {COMPLETE_MARKER} is not a regular file"
    try:
        data = manifest_json(out)
    except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
        return None, f"its {COMPLETE_MARKER} is not a JSON manifest"
    if not isinstance(data, dict) or not all(key in data for key in MANIFEST_KEYS):
        return None, f"its {COMPLETE_MARKER} was not written by newsbridge (no {' or '.join(MANIFEST_KEYS)})"
    return data, None


def own_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of `out` when it is a newsbridge output (what --resume of a finished run reports), else None."""
    return _read_manifest(out)[0]


def is_own(name: str) -> bool:
    """A top-level name newsbridge writes in an output, or a temporary of its atomic writer for one."""
    match = TEMP_PATTERN.match(name)
    return name in OWN_NAMES or (match is not None and match["name"] in OWN_NAMES)


def _is_part_file(path: Path) -> bool:
    return not path.is_symlink() and path.is_file() and (path.name.endswith(TABLE_SUFFIX)
                                                         or TEMP_PATTERN.match(path.name) is not None)


def _stray_in_table(table: Path) -> Path | None:
    """The first entry of a partitioned table directory that newsbridge does not write there, if any: it holds
    `KEY=VALUE/` directories of part files, or one part file when the table has no rows."""
    for entry in sorted(table.iterdir()):
        if _is_part_file(entry):
            continue
        if entry.is_symlink() or not entry.is_dir() or PARTITION_SEPARATOR not in entry.name:
            return entry
        stray = next((part for part in sorted(entry.iterdir()) if not _is_part_file(part)), None)
        if stray is not None:
            return stray
    return None


def _own_entry_problem(entry: Path) -> str | None:
    """Why an own-named entry is not something newsbridge wrote (so replacing it could delete a user's data)."""
    if entry.is_symlink() or entry.is_file():
        return None  # replacing unlinks the name; a symlink's target is never touched
    if entry.is_dir() and entry.name.endswith(TABLE_SUFFIX):
        stray = _stray_in_table(entry)
        return None if stray is None else f"{stray} is not a file newsbridge writes"
    return f"{entry} is not a file newsbridge writes"


def own_entries(out: Path) -> list[Path]:
    """The top-level entries of `out` with a name newsbridge writes, in name order."""
    with os.scandir(out) as entries:
        return sorted(Path(entry.path) for entry in entries if is_own(entry.name))


def _ownership_problem(out: Path) -> tuple[str | None, bool]:
    """Why replacing or removing the non-empty directory `out` could lose a user's data, and whether the whole
    directory is someone else's (no newsbridge manifest) rather than one own-named entry newsbridge did not write;
    (None, False) when it is a newsbridge output throughout."""
    manifest, problem = _read_manifest(out)
    if problem is not None:
        return f"is not a newsbridge output ({problem})", True
    if isinstance((manifest or {}).get(DATASET_KEY), dict):
        # Its tables, runs and indexes are no names of a run's output: replacing or cleaning it as one would drop
        # its manifest (the commit point) and keep the rest, which the next --append would then take for the
        # leftovers of an interrupted first commit and delete.
        return "is a dataset (add a run to it with --append)", True
    for entry in own_entries(out):
        problem = _own_entry_problem(entry)
        if problem is not None:
            return problem, False
    return None, False


def foreign_entries(out: Path) -> list[Path]:
    """The top-level entries of `out` newsbridge did not write, in name order."""
    with os.scandir(out) as entries:
        return sorted(Path(entry.path) for entry in entries if not is_own(entry.name))


def _mount_inside(path: Path) -> Path | None:
    """A mount point at or under `path` (not followed through symlinks): a hard link cannot reach it."""
    if path.is_symlink():
        return None
    if os.path.ismount(path):
        return path
    if path.is_dir():
        for current, dirs, _files in os.walk(path):
            for name in dirs:
                if os.path.ismount(os.path.join(current, name)):
                    return Path(current, name)
    return None


def check_replaceable(out: Path, shown: Path | None = None) -> None:
    """Refuse (OutputDirError, one line naming `shown`, the --out as given) to replace a non-empty `out` that is
    not a newsbridge output, or whose own-named or foreign entries could not be kept safely."""
    shown = shown or out
    if not out.is_dir():
        return
    with os.scandir(out) as entries:
        if next(entries, None) is None:
            return
    problem, foreign = _ownership_problem(out)
    if foreign:
        raise OutputDirError(f"--out {shown}: {problem}, so newsbridge will not replace it; choose another --out, "
                             f"or empty that directory yourself")
    if problem is not None:
        raise OutputDirError(f"--out {shown}: {problem}, so newsbridge will not replace it; "
                             f"move it out of the output directory first")
    _refuse_mounts(out, shown)


def _refuse_mounts(out: Path, shown: Path) -> None:
    """A mount point anywhere in `out`: a hard link cannot reach it, and deleting the old output would walk
    into it and delete the mounted files."""
    with os.scandir(out) as entries:
        paths = sorted(Path(entry.path) for entry in entries)
    for entry in paths:
        mount = _mount_inside(entry)
        if mount is not None:
            raise OutputDirError(f"--out {shown}: {mount} is a mount point, which replacing the output would "
                                 f"delete or lose; unmount it or move it out of the output directory")


def _link_or_copy(source: str, target: str) -> None:
    """Hard-link (the same file, instantly); copy a regular file where a link is refused (e.g. by
    fs.protected_hardlinks for another user's file)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if not os.path.isfile(source) or os.path.islink(source):
            raise
        shutil.copy2(source, target)


def _one_line(error: OSError | shutil.Error) -> str:
    """copytree's Error holds a list of (source, target, reason); the first reason says enough."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list) and error.args[0]:
        return str(error.args[0][0][-1])
    return str(error).replace("\n", " ")


def carry_over(out: Path, staging: Path) -> list[Path]:
    """Link every foreign entry of `out` into `staging` (the new output), so committing keeps it; returns them.

    Foreign entries already in staging (from an attempt that stopped before its commit) are replaced first:
    staging's only non-own entries are earlier carry-overs."""
    if not out.is_dir():
        return []
    _refuse_mounts(out, out)  # again: one may have been mounted since the run began
    with os.scandir(staging) as entries:
        stale = [Path(entry.path) for entry in entries if not is_own(entry.name)]
    for path in stale:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    carried = foreign_entries(out)
    for entry in carried:
        target = staging / entry.name
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry), target)
            elif entry.is_dir():
                shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(target))
        except (OSError, shutil.Error) as error:
            raise OutputDirError(f"--out {out}: could not keep {entry.name} in the new output ({_one_line(error)}); "
                                 f"the old output is left as it was: move {entry.name} out of it, then --resume "
                                 f"finishes the run") from None
    return carried


def remove_output(out: Path) -> list[Path]:
    """Delete a newsbridge output's own entries (`make clean`, which used to `rm -rf` the user's files with them),
    then the directory itself when nothing else is left in it; returns what was deleted.

    Refused with OutputDirError (one line), nothing deleted: a directory that is not a newsbridge output, an
    own-named entry newsbridge did not write, a mount point inside, a run writing to it. Through a symlinked `out`
    the target's entries go, and the link stays."""
    if not os.path.lexists(out):
        return []
    if not out.is_dir():
        raise OutputDirError(f"{out}: is not a directory, so it is not a newsbridge output; it is kept")
    with RunDirectory(out):  # OutputBusy while a run is writing to it
        if not out.is_symlink() and not any(out.iterdir()):
            out.rmdir()  # an empty directory holds nothing to lose
            return []
        problem, foreign = _ownership_problem(out)
        if foreign:
            raise OutputDirError(f"{out}: {problem}, so it is kept; delete it yourself if you mean to")
        if problem is not None:
            raise OutputDirError(f"{out}: {problem}, so the output is kept; move it out of the output first")
        _refuse_mounts(out, out)
        own = own_entries(out)
        # The manifest last: an interrupted clean leaves a directory that is still known as newsbridge's.
        for entry in sorted(own, key=lambda path: path.name == COMPLETE_MARKER):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        if not out.is_symlink() and not foreign_entries(out):
            out.rmdir()
    return own


def main(argv: list[str]) -> int:
    """`python -m pipeline.io.ownership clean OUT` (make clean): exit 2 with one line when OUT is kept."""
    if len(argv) != 2 or argv[0] != "clean":
        print("usage: python -m pipeline.io.ownership clean OUT", file=sys.stderr)
        return 2
    out = Path(argv[1])
    if not os.path.lexists(out):
        return 0
    try:
        removed = remove_output(out)
    except OutputDirError as error:
        print(f"newsbridge: error: {error}", file=sys.stderr)
        return 2
    kept = foreign_entries(out) if out.is_dir() else []
    print(f"{out}: removed {len(removed)} newsbridge file(s)" + (f", kept {len(kept)} of yours" if kept else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
