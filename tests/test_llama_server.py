"""A real llama.cpp server answering chat completions with a model the test writes (tests/tiny_gguf.py).

The server is llama-cpp-python's (`python -m llama_cpp.server`: llama.cpp compiled from PyPI's sdist, behind an
OpenAI-compatible API) in its own venv, named by NEWSBRIDGE_LLAMA_PYTHON, or a `llama-server` binary named by
NEWSBRIDGE_LLAMA_SERVER. `make test-llama` builds the first (minutes of compiling, so not `make setup`'s job) and runs
this file with it; `make test` skips it. The model's weights are random but for one chain, so its answer is known.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

SERVER_PYTHON = os.environ.get("NEWSBRIDGE_LLAMA_PYTHON", "")
SERVER_BINARY = os.environ.get("NEWSBRIDGE_LLAMA_SERVER", "")


def _missing() -> str | None:
    """Why the server cannot run here, or None."""
    try:
        import gguf  # noqa: F401
    except ImportError:
        return "the gguf package is not installed (make test-llama installs it)"
    if SERVER_BINARY:
        return None if os.access(SERVER_BINARY, os.X_OK) else f"NEWSBRIDGE_LLAMA_SERVER={SERVER_BINARY} is no program"
    if not SERVER_PYTHON:
        return "no llama.cpp server: NEWSBRIDGE_LLAMA_PYTHON or NEWSBRIDGE_LLAMA_SERVER is unset (make test-llama)"
    found = subprocess.run([SERVER_PYTHON, "-c", "import llama_cpp.server.app"], capture_output=True)
    return None if found.returncode == 0 else f"{SERVER_PYTHON} cannot import llama_cpp.server (make test-llama)"


# `make test-llama` sets NEWSBRIDGE_REQUIRE_LLAMA=1: there, after installing, a missing piece is a failure.
if (_reason := _missing()) is not None:
    if os.environ.get("NEWSBRIDGE_REQUIRE_LLAMA") == "1":
        pytest.fail(f"NEWSBRIDGE_REQUIRE_LLAMA=1 but {_reason}", pytrace=False)
    pytest.skip(_reason, allow_module_level=True)

from pipeline.engines import _die_with_parent  # noqa: E402

from .tiny_gguf import ANSWER, write_tiny_gguf  # noqa: E402

# A start-up bound, not a measurement: the tiny model loads in well under a second, a server that has not listed
# its models by then has failed (its log is shown).
START_TIMEOUT_S = 120.0
REQUEST_TIMEOUT_S = 60.0
MODEL_NAME = "tiny"
CONTEXT = 4096  # tokens: a prompt with document context and glossary lines, Chinese at ~3 byte tokens a character


@dataclass(frozen=True)
class LlamaServer:
    url: str  # the base URL ending in /v1, as --llm-url takes it
    log: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
        return json.load(response)


def _post(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
        return response.status, json.load(response)


def _server_command(model: Path, port: int) -> list[str]:
    """The command line of the server: the same model, name, address, context and one thread for either kind."""
    if SERVER_BINARY:
        return [SERVER_BINARY, "--model", str(model), "--alias", MODEL_NAME, "--host", "127.0.0.1", "--port", str(port),
                "--ctx-size", str(CONTEXT), "--threads", "1", "--parallel", "1"]
    return [SERVER_PYTHON, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", MODEL_NAME,
            "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(CONTEXT), "--n_threads", "1",
            "--verbose", "False"]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    """The server on a port of its own with the tiny model; stopped (its whole process group) after the module."""
    directory = tmp_path_factory.mktemp("llama")
    model = write_tiny_gguf(directory / "tiny.gguf")
    port = _free_port()
    log = directory / "server.log"
    command = _server_command(model, port)
    # Its own process group (stopped whole below), and killed by the kernel if pytest dies without a `finally`.
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   start_new_session=True, preexec_fn=partial(_die_with_parent, os.getpid()),
                                   env={**os.environ, "OMP_NUM_THREADS": "1"})
    server = LlamaServer(f"http://127.0.0.1:{port}/v1", log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"the llama.cpp server exited ({process.returncode}):\n{log.read_text(errors='replace')}")
            try:
                _get(f"{server.url}/models")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    pytest.fail(f"the llama.cpp server did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.1)
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_chat_completion_answers_per_protocol(llama_server: LlamaServer) -> None:
    """The model is listed, and a Chinese sentence gets a 200 with the model's English in choices[0].message."""
    assert [m["id"] for m in _get(f"{llama_server.url}/models")["data"]] == [MODEL_NAME]
    status, body = _post(f"{llama_server.url}/chat/completions", {
        "model": MODEL_NAME, "temperature": 0, "max_tokens": 16,
        "messages": [{"role": "system", "content": "Translate the news sentence into English."},
                     {"role": "user", "content": "中际旭创股价上涨10%。"}]})
    assert status == 200
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant"
    assert choice["message"]["content"].strip() == ANSWER
    assert choice["finish_reason"] == "stop"


# One document: a title and a sentence carrying a glossary name and numbers, which the model's English leaves out (so
# the answer fails verification, is asked again with its failures named, fails again and falls back to gloss), and a
# sentence that requires nothing, whose answer passes.
RECORD = {"id": "a", "title": "中际旭创发布年报", "body": "中际旭创2025年营收为238.6亿元，同比增长15%。今天市场上涨。"}
PASSES = "今天市场上涨。"


def test_newsbridge_translates_through_the_server(llama_server: LlamaServer, tmp_path: Path) -> None:
    """`--translator llm` end to end against the real server: every Chinese segment answered, each answer verified;
    the nonsense falls back to gloss with its flags, the sentence that requires nothing keeps the model's English."""
    from pipeline.config import TRANSLATORS

    if "llm" not in TRANSLATORS:
        pytest.skip("the llm translator is not in this tree yet")
    from pipeline.api import run

    from .small_glossary import small_glossary_dir

    result = run([RECORD], out=tmp_path / "out", translator="llm", glossaries=small_glossary_dir(tmp_path / "g"),
                 llm_url=llama_server.url, translation_memory="off", llm_concurrency=2)
    rows = {r["zh"]: r for r in result.segments.to_dict("records") if r["src_lang"] == "zh"}
    assert len(rows) == 3
    assert rows[PASSES]["translator"] == f"llm:{MODEL_NAME}"
    assert rows[PASSES]["en"] == ANSWER and not list(rows[PASSES]["flags"])
    for zh, row in rows.items():
        if zh == PASSES:
            continue
        flags = list(row["flags"])
        assert row["translator"] == "gloss" and "fallback:gloss" in flags, (zh, row)
        assert any(f.startswith("llm_failed:") for f in flags), (zh, flags)
        assert "Zhongji Xuchuang" in row["en"]  # gloss keeps the name the model left out
    assert result.manifest["translator_signature"].startswith(f"llm:{MODEL_NAME}:url={llama_server.url}")
