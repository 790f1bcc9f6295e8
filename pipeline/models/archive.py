"""Unpacking an .argosmodel (a zip) without trusting it.

The zip's directory is checked before a byte is written: the declared uncompressed total against a limit,
the number of members, and every member's name and type (no absolute paths, no `..`, no symlinks). While
extracting, each member is streamed through a counter, so one that inflates past its declared size (or the
total past the limit) stops the install; zipfile's CRC check catches a member that decompresses to other bytes.
"""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from pipeline.models.errors import ModelError

# The argos zh→en package is about 100 MB unpacked; 2 GiB leaves room for larger models while refusing
# a zip bomb before it fills the disk. Raise it with --max-size or this environment variable.
DEFAULT_MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_BYTES_ENV = "NEWSBRIDGE_MAX_MODEL_BYTES"
# A package holds a handful of files; thousands of members is not a model.
MAX_MEMBERS = 10_000
CHUNK_BYTES = 1024 * 1024
SIZE_SUFFIXES = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str) -> int:
    """'2G', '500M', '1048576' → bytes (binary units; a trailing 'B' or 'iB' is accepted)."""
    cleaned = text.strip().upper().removesuffix("IB").removesuffix("B")
    number, suffix = (cleaned[:-1], cleaned[-1]) if cleaned[-1:] in SIZE_SUFFIXES else (cleaned, "")
    try:
        value = float(number) * SIZE_SUFFIXES[suffix]
    except ValueError:
        raise ModelError(f"not a size: {text!r} (examples: 2G, 500M, 1048576)") from None
    if value < 1:
        raise ModelError(f"a size limit must be at least 1 byte, got {text!r}")
    return int(value)


def max_unpacked_bytes(override: int | None = None) -> int:
    """The limit in force: an explicit value, else $NEWSBRIDGE_MAX_MODEL_BYTES, else 2 GiB."""
    if override is not None:
        return override
    from_env = os.environ.get(MAX_BYTES_ENV)
    return parse_size(from_env) if from_env else DEFAULT_MAX_UNPACKED_BYTES


def _limit_hint(limit: int) -> str:
    return f"the limit is {limit:,} bytes; raise it with --max-size or ${MAX_BYTES_ENV} if you trust this file"


def check_directory(archive: zipfile.ZipFile, source: Path, limit: int) -> None:
    """Refuse an archive from its directory alone: too many members, too large unpacked, unsafe members."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ModelError(f"{source}: {len(members):,} members in the archive; a package has a handful "
                         f"(at most {MAX_MEMBERS:,} accepted)")
    total = sum(m.file_size for m in members)
    if total > limit:
        raise ModelError(f"{source}: unpacks to {total:,} bytes; {_limit_hint(limit)}")
    for member in members:
        name = member.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise ModelError(f"{source}: unsafe path in archive: {name}")
        mode = member.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ModelError(f"{source}: the archive holds a symbolic link ({name}); a package holds plain files")
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):  # 0: a zip written without Unix modes
            raise ModelError(f"{source}: the archive holds a special file ({name}); a package holds plain files")


def extract(archive: zipfile.ZipFile, source: Path, dest: Path, limit: int) -> None:
    """Write every member under `dest`, counting bytes as they inflate (call `check_directory` first)."""
    written = 0
    for member in archive.infolist():
        target = dest.joinpath(*PurePosixPath(member.filename.replace("\\", "/")).parts)
        if member.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        size = 0
        try:
            with archive.open(member) as stream, open(target, "wb") as out:
                while chunk := stream.read(CHUNK_BYTES):
                    size += len(chunk)
                    written += len(chunk)
                    if size > member.file_size:
                        raise ModelError(f"{source}: {member.filename} inflates past its declared "
                                         f"{member.file_size:,} bytes; refusing a tampered archive")
                    if written > limit:
                        raise ModelError(f"{source}: unpacks to more than {limit:,} bytes; {_limit_hint(limit)}")
                    out.write(chunk)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, zlib.error) as e:
            raise ModelError(f"{source}: {member.filename} is damaged or does not match its declared size and "
                             f"checksum ({e})") from e
        if size != member.file_size:
            raise ModelError(f"{source}: {member.filename} unpacks to {size:,} bytes, declared {member.file_size:,}")
