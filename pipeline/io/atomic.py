"""Files that appear whole or not at all: write to a temporary sibling, then rename."""

from __future__ import annotations

import errno
import os
from pathlib import Path


def temp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.tmp-{os.getpid()}")


def pid_alive(pid: int) -> bool:
    """Whether a temporary named by `pid` may still be written: erring towards yes (another user's process)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    return True


def commit(temp: Path, final: Path) -> None:
    """Flush to disk and rename over the final name (atomic on POSIX)."""
    with open(temp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(temp, final)


# A write that failed because the file system is full (ENOSPC) or the user's quota is used up (EDQUOT).
FULL_DISK = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_full_disk(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL_DISK


def write_text_atomic(final: Path, text: str) -> None:
    write_bytes_atomic(final, text.encode("utf-8"))


def write_bytes_atomic(final: Path, data: bytes) -> None:
    """On a failure (a full disk) the temporary file goes and the error names `final`: the file a user knows."""
    temp = temp_path(final)
    try:
        temp.write_bytes(data)
        commit(temp, final)
    except OSError as error:
        temp.unlink(missing_ok=True)
        if error.filename is None or Path(error.filename) == temp:
            error.filename = str(final)
        raise
