"""The project's own small OpenAI-compatible server, for the tests and the benchmark of `--translator llm`:
POST /v1/chat/completions and GET /v1/models on 127.0.0.1 (a port of its own), with scripted misbehaviour.

Its "model" writes English the checks accept: for each sentence of the prompt, the required English the prompt
lists (names, terms, numbers) joined into one line ("Report on Zhongji Xuchuang, 350 million yuan."), or a fixed
line when there is none. So a test sees exactly what the client did with a well-formed answer, and a scripted
wrong name or number is the only reason a check fails.

Behaviours (what one request gets): ok, 429 (with Retry-After), 500, slow (DELAY before answering), malformed
(a body that is not JSON), hangup (the connection closed without a reply), empty (content ""), wrong_name (the
first required name left out), wrong_number (a digit of the first number changed), unsplittable (a batched answer
without its numbers). `script` holds behaviours for
the next requests in arrival order; `rules` maps a text to a behaviour for requests whose prompt contains it (with
a count: how many times, None for always). It counts requests, records the largest number in flight, the
Authorization headers and every prompt.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "newsbridge-test-model"
SENTENCE = re.compile(r"^Sentence(?: (\d+))?: ")
REQUIRED = re.compile(r"^- (.+?) = (.+)$")
NOTHING_REQUIRED = "The report continues."
DIGIT = re.compile(r"\d")


@dataclass
class Rule:
    behaviour: str
    times: int | None = None  # None: every time


@dataclass
class ServerState:
    """What the server will do and what it saw (guarded by `lock`)."""

    delay: float = 0.0  # seconds every answer waits (the benchmark's artificial model time)
    slow_delay: float = 5.0  # the `slow` behaviour's wait
    retry_after: str = "0"
    script: list[str] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=dict)
    completions: int = 0
    model_requests: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    in_flight_sum: float = 0.0  # in flight, summed at each request's start (mean = sum / completions)
    authorizations: list[str | None] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    behaviours: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_behaviour(self, prompt: str) -> str:
        """The behaviour for a request whose first user message is `prompt` (rules look at its sentences only,
        not at the context around them)."""
        asked = "\n".join(line for line in prompt.splitlines() if SENTENCE.match(line))
        with self.lock:
            for text, rule in self.rules.items():
                if text in asked and (rule.times is None or rule.times > 0):
                    if rule.times is not None:
                        rule.times -= 1
                    return rule.behaviour
            return self.script.pop(0) if self.script else "ok"


def sentences(prompt: str) -> list[list[tuple[str, str]]]:
    """The required (source, English) pairs of each sentence of the last user message, in order."""
    found: list[list[tuple[str, str]]] = []
    for line in prompt.splitlines():
        if SENTENCE.match(line):
            found.append([])
        elif found and (match := REQUIRED.match(line)):
            found[-1].append((match.group(1), match.group(2)))
    return found


def english(pairs: list[tuple[str, str]], behaviour: str) -> str:
    """The model's English for one sentence: its required English in one line."""
    names = [en for _, en in pairs]
    if behaviour == "wrong_name" and names:
        names = names[1:] or ["Someone Else"]
    if behaviour == "wrong_number":
        for i, name in enumerate(names):
            if DIGIT.search(name):
                names[i] = DIGIT.sub(lambda m: str((int(m.group()) + 1) % 10), name, count=1)
                break
    return f"Report on {', '.join(names)}." if names else NOTHING_REQUIRED


def answer(prompt: str, behaviour: str) -> str:
    """The reply's content: plain English for one sentence, numbered lines for several."""
    found = sentences(prompt) or [[]]
    if len(found) == 1:
        return english(found[0], behaviour)
    lines = [english(pairs, behaviour) for pairs in found]
    if behaviour == "unsplittable":
        return " ".join(lines)
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))


class Handler(BaseHTTPRequestHandler):
    server: LLMServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Quiet: the tests read the counters, not a log."""

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:  # the client hung up (a test's Ctrl-C): nothing to answer
            pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        state = self.server.state
        with state.lock:
            state.model_requests += 1
        if self.path.rstrip("/") != "/v1/models":
            self._send(404, b'{"error": "not found"}')
            return
        self._send(200, json.dumps({"object": "list", "data": [{"id": MODEL, "object": "model"}]}).encode())

    def do_POST(self) -> None:  # noqa: N802
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        first_prompt = next((str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "user"),
                            "")
        behaviour = state.next_behaviour(first_prompt)
        with state.lock:
            state.completions += 1
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            state.in_flight_sum += state.in_flight
            state.authorizations.append(self.headers.get("Authorization"))
            state.prompts.append("\n".join(str(m.get("content", "")) for m in body.get("messages", [])))
            state.behaviours.append(behaviour)
        try:
            time.sleep(state.slow_delay if behaviour == "slow" else state.delay)
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, b'{"error": "not found"}')
            elif behaviour == "429":
                self._send(429, b'{"error": "busy"}', {"Retry-After": state.retry_after})
            elif behaviour == "hangup":  # the connection closes without a reply (a server that went away)
                self.close_connection = True
                self.connection.shutdown(2)
            elif behaviour == "500":
                self._send(500, b'{"error": "internal"}')
            elif behaviour == "malformed":
                self._send(200, b'{"choices": [{"message": {"content": "Report')
            else:
                content = "" if behaviour == "empty" else answer(first_prompt, behaviour)
                reply = {"id": "chatcmpl-test", "object": "chat.completion", "model": MODEL,
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": content}}]}
                self._send(200, json.dumps(reply, ensure_ascii=False).encode())
        finally:
            with state.lock:
                state.in_flight -= 1


class LLMServer(ThreadingHTTPServer):
    daemon_threads = True
    state: ServerState

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


@contextmanager
def llm_server(state: ServerState | None = None) -> Iterator[LLMServer]:
    """A running server on 127.0.0.1 (port chosen by the system), stopped on leaving."""
    server = LLMServer(("127.0.0.1", 0), Handler)
    server.state = state or ServerState()
    thread = threading.Thread(target=server.serve_forever, name="llm-test-server", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def wait_for_requests(state: ServerState, proc: subprocess.Popen[str], count: int, timeout: float,
                      failure: str) -> None:
    """Wait until `count` requests of the child `proc` are in flight at the server; if the child ends first or
    `timeout` seconds pass, kill it and fail with `failure` and its output."""
    deadline = time.monotonic() + timeout
    while state.in_flight < count:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"{failure}: {proc.communicate()}")
        time.sleep(0.01)
