"""The run's output directory on disk: validate `--out`, lock it, and replace it whole at the end of a run.

A run works in `<out.parent>/.<out.name>.newsbridge/` (lock, plan, shards, staging) and only touches `out` in
`RunDirectory.commit()`, which swaps the finished `staging` directory in for `out`.

Guarantee. After `commit()` returns, `out` is the new output and is on disk (files, directories and the renames
are fsynced). If the process is killed at any point, `out` is afterwards either the complete old output or the
complete new one (or absent when there was none):

- On Linux with `renameat2(RENAME_EXCHANGE)` (glibc >= 2.28; ext4, xfs, btrfs, tmpfs and most local
  filesystems) this holds at every instant, for any reader: the two directories trade names in one system call.
- Elsewhere (macOS, filesystems that refuse the flag, typically NFS and some FUSE mounts) the swap is two renames,
  `out` -> `<work>/previous` and `staging` -> `out`. Between them `out` is briefly absent. A kill there leaves
  that state on disk, and `recover(out)` (which the runner calls before anything reads `out`) finishes the commit.

Limits: `out` must not be a mount point (a rename cannot cross filesystems; `check_out_dir` refuses it). The
lock is an `flock`: on NFS, Linux emulates it with byte-range locks, so it holds only when the server supports
NLM/NFSv4 locking, and a client that loses its connection may lose the lock too. `remove_stale_temps` judges a
temporary stale by its PID on this host (except under the run's own lock), so it must not run on a directory
that writers on other hosts share.
Durability after a power cut needs a filesystem that honours fsync on directories (ext4, xfs do).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import json
import logging
import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from pipeline.io.atomic import pid_alive, write_text_atomic

log = logging.getLogger(__name__)

WORK_SUFFIX = ".newsbridge"
# A complete output (staging ready to commit, or left behind by a killed commit) holds this file; the writer
# renames the manifest into place last.
COMPLETE_MARKER = "manifest.json"
LOCK_NAME = "lock"
PLAN_NAME = "plan.json"
# Written before the first rename of a commit: the identity (st_dev, st_ino) of the staging directory, which tells
# recover() afterwards whether `out` already is the new output.
INTENT_NAME = "commit.json"
SHARD_DIGITS = 5
# NAME_MAX of Linux and macOS filesystems (ext4, xfs, btrfs, tmpfs, APFS): where pathconf cannot say.
DEFAULT_NAME_MAX = 255
# Temporaries of pipeline.io.atomic: `.NAME.tmp-PID`.
TEMP_PATTERN = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<pid>\d+)$")

# From <linux/fcntl.h> and <linux/fs.h>.
AT_FDCWD = -100
RENAME_EXCHANGE = 2
# renameat2 answers these where the flag (or the call) is not supported: fall back to two renames.
EXCHANGE_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
# fsync on a directory descriptor is refused by a few filesystems; the renames are still done.
FSYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF}


class OutputDirError(Exception):
    """A --out that cannot be used; the message is one line naming the path and the fix."""


class OutputBusy(OutputDirError):
    """Another run holds the lock on this --out."""


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def _nearest_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def _name_max(directory: Path) -> int:
    """The longest file name `directory`'s filesystem allows, in bytes."""
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        return DEFAULT_NAME_MAX


def check_out_dir(out: Path, inputs: list[Path]) -> None:
    """Refuse an `out` that a run could not use or that would destroy or re-read its own inputs.

    Refused, with OutputDirError: an empty path (`--out ""`, which pathlib reads as "."), an `out` that is an
    existing file, or whose parent chain contains a file; `out` equal to or inside an input directory (resolved
    paths); an input file or directory inside `out` (an --overwrite would delete it); a mount point (the final
    swap is a rename); a parent directory (or existing `out`) that is not writable; a name too long for the work
    directory beside it.
    """
    if str(out) in ("", "."):
        raise OutputDirError(f"--out {str(out)!r} names no directory: give an output directory, e.g. --out out")
    resolved = out.resolve()
    if resolved == resolved.parent:
        raise OutputDirError(f"--out {out}: the filesystem root cannot be an output directory; name a directory")
    work_name = os.fsencode(f".{resolved.name}{WORK_SUFFIX}")
    if len(work_name) > (name_max := _name_max(_nearest_existing(resolved.parent))):
        raise OutputDirError(f"--out {out}: its name is too long: a run works in .NAME{WORK_SUFFIX} beside it, "
                             f"{len(work_name)} bytes where the filesystem allows {name_max}; choose a shorter name")
    if resolved.exists() and not resolved.is_dir():
        raise OutputDirError(f"--out {out}: is an existing file, not a directory; choose another --out")
    for parent in resolved.parents:
        if parent.exists() and not parent.is_dir():
            raise OutputDirError(f"--out {out}: {parent} is a file, so no directory can be made under it; "
                                 f"choose another --out")
    for given in inputs:
        if not os.path.exists(given):  # missing, dangling or a symlink loop: scan_inputs says which
            continue
        source = given.resolve()
        if source.is_dir() and _inside(resolved, source):
            where = "is" if resolved == source else "is inside"
            raise OutputDirError(f"--out {out}: {where} the input directory {given}, so a later run would read its "
                                 f"own outputs; choose an --out outside it")
        if _inside(source, resolved):
            raise OutputDirError(f"--out {out}: contains the input {given}, which replacing the output would "
                                 f"delete; choose an --out that holds no input")
    if resolved.is_dir() and os.path.ismount(resolved):
        raise OutputDirError(f"--out {out}: is a mount point, which cannot be swapped by a rename; "
                             f"use a directory inside it, e.g. --out {out / 'out'}")
    anchor = _nearest_existing(resolved.parent)
    if not os.access(anchor, os.W_OK | os.X_OK):
        raise OutputDirError(f"--out {out}: {anchor} is not writable; choose an --out in a writable directory")
    if resolved.is_dir() and not os.access(resolved, os.W_OK | os.X_OK):
        raise OutputDirError(f"--out {out}: is not writable, so it cannot be replaced; fix its permissions")


def is_nonempty(out: Path) -> bool:
    """`out` exists and has any entry (hidden ones included): a run without --overwrite/--resume refuses it."""
    if not out.is_dir():
        return out.exists()
    with os.scandir(out) as entries:
        return next(entries, None) is not None


def _fsync_dir(directory: Path) -> None:
    """Make the renames and new entries of `directory` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def _fsync_file(path: str | Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_kept(root: Path) -> None:
    """Make a kept entry's names durable: every directory under it, and the regular files where they can be
    opened (a hard link's data is the user's file, already on disk; a FIFO or socket is never opened)."""
    if root.is_symlink() or not root.exists():
        return
    if not root.is_dir():
        paths: list[tuple[str, list[str]]] = [(str(root.parent), [root.name])]
    else:
        paths = [(current, files) for current, _dirs, files in os.walk(root)]
        for current, _files in paths:
            _fsync_dir(Path(current))
    for current, files in paths:
        for name in files:
            path = os.path.join(current, name)
            if stat.S_ISREG(os.lstat(path).st_mode):
                try:
                    _fsync_file(path)
                except OSError as error:
                    log.debug("%s: not fsynced (%s)", path, error)


def _fsync_tree(root: Path) -> None:
    """fsync every file and directory under `root`, so a swap never publishes data still only in memory."""
    for current, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(current, name)
            if os.path.islink(path):
                continue
            _fsync_file(path)
        _fsync_dir(Path(current))


@functools.cache
def _libc_renameat2() -> Callable[..., int] | None:
    """libc's renameat2, or None where libc has no such symbol (macOS, glibc before 2.28)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step; False (nothing done) where the system cannot."""
    function = _libc_renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in EXCHANGE_UNSUPPORTED:
        return False
    raise OSError(code, f"renameat2(RENAME_EXCHANGE): {os.strerror(code)}", str(first), None, str(second))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def _remove(path: Path, *, strict: bool = True) -> None:
    """Delete a file or a tree if present. Not strict after a commit: the new output is in place by then, and a
    leftover that resists deletion is logged rather than reported as a failed run."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
    except OSError as error:
        if strict:
            raise
        log.warning("could not delete %s: %s", path, error)


# Work directories whose lock this process holds: recover() may repair those without taking the lock again
# (a second flock from the same process would conflict with the first).
_HELD: dict[Path, RunDirectory] = {}


def shard_path(shards: Path, index: int) -> Path:
    """Where shard `index` keeps its parts under a run's `shards/` (workers know only that directory)."""
    return shards / f"{index:0{SHARD_DIGITS}d}"


class RunDirectory:
    """The working directory of one run on `out`: `<out.parent>/.<out.name>.newsbridge/`.

    A sibling of `out` on the same filesystem, so the final swap is a rename. Layout:
        lock            flock'ed file (holds the pid of the holder as text, for the error message)
        plan.json       the shard plan (the runner's)
        shards/00000/   one directory per shard (parts, stats.json, DONE marker; the runner's)
        staging/        the complete new output, assembled by the runner
        commit.json     present only while commit() swaps directories
        previous/       the old output, only between the two renames of the fallback swap
    """

    def __init__(self, out: Path) -> None:
        # Resolved so that a symlinked --out swaps the directory it points to, beside that directory.
        self.out = out.resolve()
        self.path = self.out.parent / f".{self.out.name}{WORK_SUFFIX}"
        self.staging = self.path / "staging"
        self.shards = self.path / "shards"
        self.plan = self.path / PLAN_NAME
        self.lock_path = self.path / LOCK_NAME
        self.intent = self.path / INTENT_NAME
        self.previous = self.path / "previous"
        self._fd: int | None = None

    def __repr__(self) -> str:
        return f"RunDirectory({self.out})"

    def shard_dir(self, index: int) -> Path:
        """`shards/00012`, created."""
        path = shard_path(self.shards, index)
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the run's exclusive lock (non-blocking); OutputBusy if another run holds it."""
        if self._fd is not None:
            return
        while True:
            self.path.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:
                continue  # a finishing run removed the work directory between our mkdir and open
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputBusy(f"{self.lock_path}: another newsbridge run (pid {holder}) is writing to "
                                 f"{self.out}; wait for it to finish or stop it") from None
            # A run that just committed unlinks its lock file: the lock we hold may be on that orphan, which no
            # later run would see. Only a lock on the file the path names now counts.
            info = os.fstat(fd)
            if _identity(self.lock_path) == (info.st_dev, info.st_ino):
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd
        _HELD[self.path] = self

    def release(self) -> None:
        """Drop the lock (the kernel also drops it when the process dies, however it dies).

        A work directory left holding nothing but the lock is removed first, so a finished or empty run leaves
        no trace beside `out`."""
        if self._fd is None:
            return
        try:
            self._remove_if_idle()
        except OSError as error:
            log.warning("%s: could not tidy the work directory: %s", self.path, error)
        _HELD.pop(self.path, None)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> RunDirectory:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.release()

    def _require_lock(self, action: str) -> None:
        if self._fd is None:
            raise RuntimeError(f"{self.path}: {action} needs the lock; call acquire() first")

    def exists(self) -> bool:
        """An earlier (interrupted) run left a work directory with a plan.json."""
        return self.plan.is_file()

    def reset(self) -> None:
        """Forget an earlier run's work: remove shards/, staging/, plan.json and the record of a commit whose
        clean-up failed (the lock stays held)."""
        self._require_lock("reset")
        for path in (self.shards, self.staging, self.plan, self.intent):
            _remove(path)
        remove_stale_temps(self.path, held=True)

    def commit(self, *, use_exchange: bool = True, keep: Callable[[Path, Path], list[Path]] | None = None) -> None:
        """Atomically make `staging` the new `out`, then delete the old output and the work directory.

        `use_exchange=False` forces the two-rename fallback (for tests, and where an exchange is known to fail).
        `keep(out, staging)` adds entries of the old output to staging (the user's files, pipeline.io.ownership)
        and returns what it added there: called after the new output is on disk, just before the swap, so what
        it keeps is as recent as possible; what it added is made durable too.
        The lock stays held (on the now unlinked lock file) until release().
        """
        self._require_lock("commit")
        if not (self.staging / COMPLETE_MARKER).is_file():
            raise OutputDirError(f"{self.staging}: has no {COMPLETE_MARKER}, so it is not a complete output; "
                                 f"write the manifest last, then commit")
        # A staging directory that --resume reuses may hold the temporary of a file an earlier attempt was killed
        # writing (.report.html.tmp-PID): the swap would publish it in `out`.
        remove_stale_temps(self.staging, held=True)
        _fsync_tree(self.staging)
        if keep is not None:
            for name in keep(self.out, self.staging):
                _fsync_kept(self.staging / name.name)
            _fsync_dir(self.staging)
        staging_id = _identity(self.staging)
        write_text_atomic(self.intent, json.dumps({"staging": staging_id}) + "\n")
        _fsync_dir(self.path)
        if not os.path.lexists(self.out):
            self.out.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.staging, self.out)
            _fsync_dir(self.out.parent)
        elif use_exchange and exchange(self.staging, self.out):
            _fsync_dir(self.out.parent)
            _fsync_dir(self.path)
        else:
            _remove(self.previous)  # only a leftover can be here while `out` exists
            os.rename(self.out, self.previous)
            _fsync_dir(self.path)
            _fsync_dir(self.out.parent)
            # A kill here leaves no `out`: recover() moves staging in.
            os.rename(self.staging, self.out)
            _fsync_dir(self.out.parent)
        self._clean_up()

    def finish(self) -> None:
        """Remove the run's work without swapping anything in: a run appended to a dataset has moved its
        output there already (pipeline/dataset)."""
        self._require_lock("finish")
        self._clean_up()

    def _clean_up(self) -> None:
        """After a swap: delete the old output (at staging/ or previous/), the plan, the shards and the work
        directory. commit.json goes last: while it is there, recover() knows the swap was done and runs this
        again, so a kill at any step of the clean-up (half a shard deleted) never leaves a plan whose shards
        --resume would then read. The plan goes before the shards: without it, what is left is not resumable
        work, only leftovers the next run removes."""
        leftovers = (self.staging, self.previous, self.plan, self.shards)
        for path in leftovers:
            _remove(path, strict=False)
        if any(os.path.lexists(path) for path in leftovers):
            return  # the record stays: the next run's recover() tries the clean-up again
        self.intent.unlink(missing_ok=True)
        self._remove_if_idle()

    def _remove_if_idle(self) -> None:
        """Remove the work directory once only the lock is left in it, if that lock is the one we hold: after a
        commit unlinked ours, the next run may already have made a new one here."""
        if self._fd is None or not self.path.is_dir():
            return
        info = os.fstat(self._fd)
        if _identity(self.lock_path) != (info.st_dev, info.st_ino):
            return
        remove_stale_temps(self.path, held=True)
        with os.scandir(self.path) as entries:
            if any(entry.name != LOCK_NAME for entry in entries):
                return
        self.lock_path.unlink(missing_ok=True)
        try:
            self.path.rmdir()
        except OSError as error:
            # Another run created its lock file here after our unlink; the directory is now its.
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
                raise

    def _repair(self) -> None:
        """Bring a commit that a kill interrupted to an end: `out` becomes a complete output again."""
        if self.intent.is_file():
            try:
                recorded = tuple(json.loads(self.intent.read_text(encoding="utf-8"))["staging"])
            except (ValueError, KeyError, TypeError):
                recorded = None
            if recorded is not None and _identity(self.out) == recorded:
                log.info("%s: finishing a commit that was interrupted after the swap", self.out)
                self._clean_up()
                return
            if recorded is not None and _identity(self.staging) == recorded:
                if (not os.path.lexists(self.out) and self.previous.is_dir()
                        and (self.staging / COMPLETE_MARKER).is_file()):
                    # Killed between the two renames of the fallback: move on to the new output.
                    log.info("%s: finishing a commit that was interrupted between its renames", self.out)
                    os.rename(self.staging, self.out)
                    _fsync_dir(self.out.parent)
                    self._clean_up()
                    return
                # Killed before the swap: the old output stands; staging and shards stay for --resume.
                self.intent.unlink(missing_ok=True)
                _fsync_dir(self.path)
            else:
                log.warning("%s: %s names a directory that is neither %s nor %s; left as it is",
                            self.out, self.intent, self.out, self.staging)
                return
        if not os.path.lexists(self.out) and self.previous.is_dir():
            log.info("%s: restoring the previous output from %s", self.out, self.previous)
            os.rename(self.previous, self.out)
            _fsync_dir(self.out.parent)
        self._remove_if_idle()


def recover(out: Path) -> None:
    """Repair what a kill during commit() can leave, before anything else looks at `out`.

    Takes the lock for the repair (or uses this process's, if it holds it already); if another live run holds
    it, nothing is touched: that run's own commit is still going.
    """
    work = RunDirectory(out)
    if not work.path.is_dir():
        return
    held = _HELD.get(work.path)
    if held is not None:
        held._repair()
        return
    try:
        work.acquire()
    except OutputBusy:
        return
    try:
        work._repair()
    finally:
        work.release()


def remove_stale_temps(directory: Path, *, held: bool = False) -> list[Path]:
    """Delete `.NAME.tmp-PID` files (the writer's old temporaries) whose PID is not a running process.

    Only `directory` itself is scanned. A PID reused by an unrelated process keeps its temporary (erring towards
    keeping); a PID from another host means nothing here, so never point this at a directory shared across hosts.
    `held`: the caller holds the run's lock and only the holder writes in `directory` (the work directory, its
    staging), so every temporary there is stale, whatever its PID says.
    """
    removed: list[Path] = []
    if not directory.is_dir():
        return removed
    with os.scandir(directory) as entries:
        candidates = sorted(entry.name for entry in entries if entry.is_file(follow_symlinks=False))
    for name in candidates:
        match = TEMP_PATTERN.match(name)
        if match is None or (not held and pid_alive(int(match["pid"]))):
            continue
        path = directory / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    if removed:
        log.info("%s: removed %d temporary file(s) of runs no longer alive", directory, len(removed))
    return removed


def manifest_json(directory: Path) -> Any:
    """What `directory`'s manifest.json holds, parsed (any JSON value). The one reader of the file: each caller
    decides what it accepts (pipeline.dataset.layout.read_manifest: any object; pipeline.io.ownership: a regular
    file with newsbridge's keys). OSError or ValueError (not UTF-8, not JSON) where it cannot be read."""
    return json.loads((Path(directory) / COMPLETE_MARKER).read_text(encoding="utf-8"))
