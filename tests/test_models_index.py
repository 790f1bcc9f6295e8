"""`models install zh_en` from an argos package index, served on the loopback interface by http.server in a
thread: the index JSON, the tiny package, and failing routes (404, 500, a download cut short, a package that
does not load). argostranslate reads ARGOS_PACKAGE_INDEX when its settings module is first imported, so every
install runs the real CLI in a subprocess with the variable set."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

LOOPBACK = "127.0.0.1"
TOP = "translate-zh_en-1_0"


def _entry(link: str, version: str = "1.0") -> dict[str, object]:
    return {"package_version": version, "argos_version": "1.9.0", "from_code": "zh", "from_name": "Chinese",
            "to_code": "en", "to_name": "English", "type": "translate", "links": [link]}


class Routes:
    """path → (status, body, announced Content-Length or None for the true length)."""

    def __init__(self) -> None:
        self.table: dict[str, tuple[int, bytes, int | None]] = {}
        self.hits: list[str] = []


@pytest.fixture(scope="module")
def server(tiny_argosmodel: Path) -> Iterator[tuple[str, Routes]]:
    routes = Routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            routes.hits.append(self.path)
            status, body, announced = routes.table.get(self.path, (404, b"not found", None))
            self.send_response(status)
            self.send_header("Content-Length", str(announced if announced is not None else len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet: the test output is the CLI's."""

    httpd = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://{LOOPBACK}:{httpd.server_address[1]}"
    package = tiny_argosmodel.read_bytes()
    routes.table.update({
        "/pkg/tiny.argosmodel": (200, package, None),
        "/pkg/short.argosmodel": (200, package[:1000], len(package)),
        "/pkg/garbage.argosmodel": (200, b"PK not really a zip", None),
        "/pkg/missing.argosmodel": (404, b"gone", None),
        "/good/index.json": (200, json.dumps([_entry(f"{base}/pkg/tiny.argosmodel", "0.9"),
                                              _entry(f"{base}/pkg/tiny.argosmodel")]).encode(), None),
        "/short/index.json": (200, json.dumps([_entry(f"{base}/pkg/short.argosmodel")]).encode(), None),
        "/garbage/index.json": (200, json.dumps([_entry(f"{base}/pkg/garbage.argosmodel")]).encode(), None),
        "/gone/index.json": (200, json.dumps([_entry(f"{base}/pkg/missing.argosmodel")]).encode(), None),
        "/broken/index.json": (500, b"internal error", None),
        "/notjson/index.json": (200, b"<html>a captive portal</html>", None),
        "/nozh/index.json": (200, json.dumps([{**_entry(f"{base}/pkg/tiny.argosmodel"), "from_code": "de"}]).encode(),
                             None),
    })
    try:
        yield base, routes
    finally:
        httpd.shutdown()
        httpd.server_close()


def _install(tmp_path: Path, index: str, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ARGOS_PACKAGE_INDEX": index, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
           "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"), "NEWSBRIDGE_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "pipeline", "models", "install", "zh_en", *extra],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, env=env, timeout=300)


def test_install_from_the_index_with_progress(tmp_path: Path, server, tiny_argosmodel: Path) -> None:
    base, routes = server
    result = _install(tmp_path, f"{base}/good/")
    assert result.returncode == 0, result.stderr
    assert "installed translate-zh_en 1.0 (zh→en)" in result.stdout  # the newer of the two entries
    progress = [line for line in result.stderr.splitlines() if "% of" in line]
    size = tiny_argosmodel.stat().st_size
    assert progress and progress[-1] == f"newsbridge: translate-zh_en-1.0: 100% of {size:,} bytes"
    assert len(progress) <= 10
    assert (tmp_path / "packages" / TOP / "model" / "model.bin").exists()
    assert "/good/index.json" in routes.hits and "/pkg/tiny.argosmodel" in routes.hits

    quiet = _install(tmp_path / "q", f"{base}/good/", "-q")
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr


@pytest.mark.parametrize(("index", "message"), [
    ("/broken/", "/broken/index.json: HTTP 500"),
    ("/missing/", "/missing/index.json: HTTP 404"),
    ("/notjson/", "not an argos package index"),
    ("/nozh/", "has no zh→en translate package"),
    ("/gone/", "missing.argosmodel: HTTP 404"),
    ("/short/", "received 1,000 of"),
    ("/garbage/", "garbage.argosmodel: not an argos package"),
])
def test_index_failures_are_one_line(tmp_path: Path, server, index: str, message: str) -> None:
    base, _ = server
    result = _install(tmp_path, f"{base}{index}")
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()  # download progress, then one error line
    errors = [line for line in lines if line.startswith("newsbridge: error: ")]
    assert errors == lines[-1:] and all("% of" in line for line in lines[:-1]), result.stderr
    assert message in errors[0] and "newsbridge-download-" not in errors[0]
    assert not (tmp_path / "packages").exists() or not any((tmp_path / "packages").iterdir())


def test_unreachable_index(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
    result = _install(tmp_path, f"http://{LOOPBACK}:{port}/")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "cannot reach" in result.stderr and "refused" in result.stderr.lower()
    assert "models install PATH.argosmodel" in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_display_forms() -> None:
    from pipeline.models.index import Progress

    log = io.StringIO()
    progress = Progress("pkg", 1000, stream=log)
    for _ in range(40):
        progress.update(25)
    progress.close()
    lines = log.getvalue().splitlines()
    assert lines == [f"newsbridge: pkg: {p}% of 1,000 bytes" for p in range(10, 101, 10)]

    terminal = _Terminal()
    bar = Progress("pkg", 1000, stream=terminal)
    bar.update(1000)
    bar.close()
    assert "pkg" in terminal.getvalue() and "100%" in terminal.getvalue() and "\r" in terminal.getvalue()

    quiet = io.StringIO()
    silent = Progress("pkg", 1000, stream=quiet, quiet=True)
    silent.update(1000)
    silent.close()
    assert quiet.getvalue() == ""


def test_offline_install_names_the_index_and_the_file_route(tmp_path: Path) -> None:
    """Without a network: one line giving the index address (argostranslate's setting, here the variable) and
    the offline route, and no log line from argostranslate."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
    index = f"http://{LOOPBACK}:{port}/"
    result = _install(tmp_path, index)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"newsbridge: error: cannot reach {index}index.json (")
    assert "open that index and download the .argosmodel its zh→en entry links to" in result.stderr
    assert "on a machine that has it, open that index" in result.stderr
    assert "models install PATH.argosmodel`" in result.stderr  # the command as run (tests/test_command_hints.py)
    assert "argostranslate" not in result.stderr


def test_download_failure_names_the_link_to_fetch_by_hand(tmp_path: Path, server) -> None:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
    base, routes = server
    link = f"http://{LOOPBACK}:{port}/pkg/tiny.argosmodel"
    routes.table["/deadlink/index.json"] = (200, json.dumps([_entry(link)]).encode(), None)
    result = _install(tmp_path, f"{base}/deadlink/")
    assert result.returncode == 1, result.stderr
    assert f"cannot reach {link} (" in result.stderr and "on a machine that has it, download that file" in result.stderr


def test_argostranslate_logging_is_silenced_inside_and_restored(caplog: pytest.LogCaptureFixture) -> None:
    import logging

    from pipeline.models.index import argos_logging_silenced

    logger = logging.getLogger("argostranslate.utils")
    with caplog.at_level(logging.INFO), argos_logging_silenced():
        logger.error("('cannot fetch the index',)")
    assert caplog.records == []
    with caplog.at_level(logging.INFO):
        logger.error("after")
    assert [r.getMessage() for r in caplog.records] == ["after"]
