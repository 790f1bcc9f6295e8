"""The argos package index: fetch it, pick a package, download it with a progress display.

The index URL is argostranslate's own setting (its default, or $ARGOS_PACKAGE_INDEX, read when
argostranslate.settings is first imported). Entries are argos package metadata with a list of download
`links`; the format carries no checksum, so a download is checked against the server's Content-Length and
then, like any archive, unpacked under the size limit and loaded before it counts as installed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pipeline.models.errors import ModelError

TIMEOUT_S = 30
CHUNK_BYTES = 256 * 1024
# Without a terminal, a line per tenth of the download keeps a log short but shows it is moving.
LOG_STEP_PERCENT = 10
USER_AGENT = "newsbridge"
# argostranslate logs through loggers under this name (argostranslate.utils.error on a failed fetch).
ARGOS_LOGGER = "argostranslate"


def install_file_command() -> str:
    """`newsbridge models install PATH.argosmodel`, as the user can type it here (pipeline/invocation.py)."""
    from pipeline.invocation import command

    return f"`{command('models', 'install', 'PATH.argosmodel')}`"


def offline_hint(link: str | None = None) -> str:
    """The offline route, after "cannot reach URL": URL is the index (then its zh→en entry links to the file) or
    the package's download link itself."""
    what = "download that file" if link else "open that index and download the .argosmodel its zh→en entry links to"
    return (f"without internet here: on a machine that has it, {what}, copy it over and run "
            f"{install_file_command()}")


@contextlib.contextmanager
def argos_logging_silenced() -> Iterator[None]:
    """argostranslate's loggers say nothing inside: its ERROR lines would repeat, less clearly, the one-line
    error newsbridge prints. Their own level and handlers are restored afterwards."""
    loggers = [logging.getLogger(name) for name in list(logging.root.manager.loggerDict)
               if name == ARGOS_LOGGER or name.startswith(ARGOS_LOGGER + ".")]
    loggers += [logging.getLogger(ARGOS_LOGGER), logging.getLogger(f"{ARGOS_LOGGER}.utils")]
    before = [(logger, logger.disabled) for logger in dict.fromkeys(loggers)]
    for logger, _ in before:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, disabled in before:
            logger.disabled = disabled


def index_url() -> str:
    from argostranslate import settings

    return str(settings.remote_package_index)


def _open(url: str, hint: str | None = None):
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return urllib.request.urlopen(request, timeout=TIMEOUT_S)  # noqa: S310 - http(s) URLs from the index
    except urllib.error.HTTPError as e:
        raise ModelError(f"{url}: HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, OSError) as e:
        reason = getattr(e, "reason", e)
        hint = hint or f"download the .argosmodel file elsewhere and run {install_file_command()}"
        raise ModelError(f"cannot reach {url} ({reason}); {hint}") from e


def fetch_index(url: str | None = None) -> list[dict[str, Any]]:
    """The index's package entries (dicts of argos metadata)."""
    url = url or index_url()
    with _open(url, offline_hint()) as response:
        try:
            entries = json.loads(response.read())
        except (ValueError, OSError) as e:
            raise ModelError(f"{url}: not an argos package index (expected a JSON list: {e})") from e
    if not isinstance(entries, list):
        raise ModelError(f"{url}: not an argos package index (expected a JSON list of packages)")
    return [e for e in entries if isinstance(e, dict)]


def pick(entries: list[dict[str, Any]], from_code: str, to_code: str) -> dict[str, Any] | None:
    """The newest translate package for the pair that has a download link."""
    from packaging.version import InvalidVersion, Version

    def version(entry: dict[str, Any]) -> Version:
        try:
            return Version(str(entry.get("package_version") or "0"))
        except InvalidVersion:
            return Version("0")

    matches = [e for e in entries if e.get("from_code") == from_code and e.get("to_code") == to_code
               and e.get("type", "translate") == "translate" and isinstance(e.get("links"), list) and e["links"]]
    return max(matches, key=version) if matches else None


class Progress:
    """A tqdm bar on a terminal, a line per 10% otherwise, nothing when quiet."""

    def __init__(self, label: str, total: int | None, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.label, self.total, self.quiet = label, total, quiet
        self.stream = stream or sys.stderr
        self.done = 0
        self.next_percent = LOG_STEP_PERCENT
        self.started = time.monotonic()
        self.bar = None
        if not quiet and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=label, file=self.stream)

    def update(self, count: int) -> None:
        self.done += count
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(count)
            return
        if not self.total:
            return
        percent = 100 * self.done // self.total
        if percent >= self.next_percent:
            print(f"newsbridge: {self.label}: {percent}% of {self.total:,} bytes", file=self.stream, flush=True)
            self.next_percent = (percent // LOG_STEP_PERCENT + 1) * LOG_STEP_PERCENT

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif not self.quiet and not self.total:
            print(f"newsbridge: {self.label}: {self.done:,} bytes", file=self.stream, flush=True)


def download(url: str, target: Path, label: str, quiet: bool = False, max_bytes: int | None = None) -> Path:
    """Stream `url` into `target`, checking the length the server announced; `max_bytes` caps the download."""
    with _open(url, offline_hint(link=url)) as response:
        announced = response.headers.get("Content-Length")
        total = int(announced) if announced and announced.isdigit() else None
        if total is not None and max_bytes is not None and total > max_bytes:
            raise ModelError(f"{url}: {total:,} bytes, more than the {max_bytes:,}-byte limit")
        progress = Progress(label, total, quiet=quiet)
        received = 0
        try:
            with open(target, "wb") as out:
                while chunk := response.read(CHUNK_BYTES):
                    received += len(chunk)
                    if max_bytes is not None and received > max_bytes:
                        raise ModelError(f"{url}: more than the {max_bytes:,}-byte limit")
                    out.write(chunk)
                    progress.update(len(chunk))
        except (OSError, http.client.HTTPException) as e:
            raise ModelError(f"{url}: download interrupted after {received:,} bytes ({e})") from e
        finally:
            progress.close()
    if total is not None and received != total:
        raise ModelError(f"{url}: received {received:,} of {total:,} bytes (download cut short)")
    return target
