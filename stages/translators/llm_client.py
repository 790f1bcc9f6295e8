"""The HTTP side of `--translator llm`: one OpenAI-compatible chat-completions endpoint, spoken with the standard
library (http.client), with retries and backoff, and every open connection closable at once so Ctrl-C does not
wait for a slow answer.

The API key is read from the environment at each request and only ever written into the Authorization header: it
is no attribute of the client, so it cannot be pickled, logged, put in a signature or quoted in an error.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

KEY_VARIABLES = ("NEWSBRIDGE_LLM_API_KEY", "OPENAI_API_KEY")  # the first one set wins
# Attempts per request on 429, 5xx and connection errors (the first try and three retries), waiting BACKOFF_S,
# then twice as long each time; a 429's Retry-After is honoured up to RETRY_AFTER_MAX_S.
ATTEMPTS = 4
BACKOFF_S = 0.25
RETRY_AFTER_MAX_S = 60.0
# The probe's own timeout: a server that does not list its models in this long is not usable.
PROBE_TIMEOUT_S = 10.0
# An answer larger than this is no translation of a sentence (or a batch of them): a failure, not held.
MAX_ANSWER_BYTES = 4 * 2**20
USER_AGENT = "newsbridge"


class ServerUnavailable(Exception):
    """The server cannot be used at all (unreachable, refuses the key): the run stops with this one line."""


class AnswerFailed(Exception):
    """This request got no usable answer (after retries): the sentences in it fail, the run goes on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # a short flag-friendly word: http-500, empty, malformed, timeout, ...


def api_key() -> str | None:
    for name in KEY_VARIABLES:
        if value := os.environ.get(name, "").strip():
            return value
    return None


@dataclass(frozen=True)
class Endpoint:
    """Where and how to ask: the base URL (ending in /v1) and the per-request timeout."""

    url: str
    timeout: float

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"llm_url must be an http:// or https:// URL ending in /v1, got {self.url!r}")

    @property
    def base_path(self) -> str:
        return urlsplit(self.url).path.rstrip("/")


class ChatClient:
    """Requests to one endpoint from many threads; each request opens its own connection (a local server answers
    in far longer than a connect takes), registered so that `abort()` can close it from another thread."""

    def __init__(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        self._open: set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        parts = urlsplit(self.endpoint.url)
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        return kind(parts.hostname or "", parts.port, timeout=timeout)

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": USER_AGENT}
        if (key := api_key()) is not None:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _request(self, method: str, path: str, body: bytes | None, timeout: float) -> tuple[int, dict[str, str],
                                                                                           bytes]:
        """One HTTP exchange: (status, headers, body). Connection errors and timeouts raise OSError."""
        connection = self._connection(timeout)
        with self._lock:
            self._open.add(connection)
        try:
            connection.connect()
            # after connecting: abort() sets `stopping` before it shuts the open sockets, so a request either sees
            # it here or has a socket abort() shuts
            if self.stopping.is_set():
                raise ConnectionAbortedError("stopping")
            connection.request(method, self.endpoint.base_path + path, body=body, headers=self._headers())
            response = connection.getresponse()
            data = response.read(MAX_ANSWER_BYTES + 1)
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        except http.client.HTTPException as e:  # a broken reply (bad status line, cut short) is a connection error
            raise ConnectionError(f"{type(e).__name__}: {e}") from None
        finally:
            with self._lock:
                self._open.discard(connection)
            connection.close()

    def abort(self) -> None:
        """Close every open connection (their threads see an error at once) and refuse new requests."""
        self.stopping.set()
        with self._lock:
            for connection in list(self._open):
                try:
                    if connection.sock is not None:
                        connection.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def probe(self) -> list[str]:
        """The model ids GET /models lists ([] when the server has no such list). ServerUnavailable when the server
        cannot be reached or refuses the key."""
        try:
            status, _, data = self._request("GET", "/models", None, min(PROBE_TIMEOUT_S, self.endpoint.timeout))
        except OSError as e:
            raise ServerUnavailable(f"cannot reach the llm server at {self.endpoint.url} ({_os_reason(e)}); start "
                                    "it, or point --llm-url at it") from None
        if status in (401, 403):
            raise ServerUnavailable(f"the llm server at {self.endpoint.url} refused the request (HTTP {status}); "
                                    f"set the API key in ${KEY_VARIABLES[0]} or ${KEY_VARIABLES[1]}")
        if status != 200:
            return []
        try:
            listed = json.loads(data).get("data") or []
            return [str(m["id"]) for m in listed if isinstance(m, dict) and m.get("id")]
        except (ValueError, AttributeError, TypeError):
            return []

    def complete(self, payload: dict[str, Any]) -> str:
        """choices[0].message.content of a chat completion, retried with backoff on 429, 5xx and connection
        errors. AnswerFailed when no usable answer came; ServerUnavailable on 401/403 or when stopping."""
        body = json.dumps(payload, ensure_ascii=False).encode()
        reason = "no-answer"
        for attempt in range(ATTEMPTS):
            wait = BACKOFF_S * 2 ** attempt
            try:
                status, headers, data = self._request("POST", "/chat/completions", body, self.endpoint.timeout)
            except TimeoutError:
                reason = "timeout"
            except OSError as e:
                if self.stopping.is_set():
                    raise ServerUnavailable("stopping") from None
                reason = f"connection:{type(e).__name__}"
            else:
                if status == 200:
                    return content_of(data)
                if status in (401, 403):
                    raise ServerUnavailable(f"the llm server at {self.endpoint.url} refused the request (HTTP "
                                            f"{status}); check the API key")
                reason = f"http-{status}"
                if status == 429:
                    wait = retry_after(headers.get("retry-after"), wait)
                elif status < 500:
                    raise AnswerFailed(reason)  # 400, 404, 413…: the same request would fail again
            if attempt + 1 < ATTEMPTS and self.stopping.wait(wait):
                raise ServerUnavailable("stopping")
        if reason.startswith("connection"):  # the server went away: every later request would fail the same way
            raise ServerUnavailable(f"the llm server at {self.endpoint.url} stopped answering ({reason} after "
                                    f"{ATTEMPTS} attempts)")
        raise AnswerFailed(reason)


def content_of(data: bytes) -> str:
    """The answer's text; AnswerFailed(malformed/empty) when the body is not a chat completion with content."""
    if len(data) > MAX_ANSWER_BYTES:
        raise AnswerFailed("too-long")
    try:
        content = json.loads(data)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise AnswerFailed("malformed") from None
    if not isinstance(content, str):
        raise AnswerFailed("malformed")
    if not content.strip():
        raise AnswerFailed("empty")
    return content


def retry_after(value: str | None, default: float) -> float:
    """Seconds a 429's Retry-After asks for (delta-seconds; an HTTP date or nonsense falls back to `default`)."""
    try:
        seconds = float(value) if value is not None else default
    except ValueError:
        return default
    return min(max(seconds, 0.0), RETRY_AFTER_MAX_S)


def _os_reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


class RequestPool:
    """At most `size` requests at once, on daemon threads: a process that stops (Ctrl-C) never waits for a slow
    answer at exit, as it would for concurrent.futures' threads, which the interpreter joins."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._tasks: queue.SimpleQueue[tuple[Future, Callable[[Any], Any], Any] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []

    def submit(self, fn: Callable[[Any], Any], argument: Any) -> Future:
        future: Future = Future()
        self._tasks.put((future, fn, argument))
        if len(self._threads) < self.size:
            thread = threading.Thread(target=self._work, name=f"newsbridge-llm-{len(self._threads)}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return future

    def _work(self) -> None:
        while (task := self._tasks.get()) is not None:
            future, fn, argument = task
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(argument))
            except BaseException as e:  # handed to the caller, who decides
                future.set_exception(e)

    def shutdown(self) -> None:
        """Cancel what has not started and let the threads end (those in a request end when it fails or ends)."""
        while True:
            try:
                task = self._tasks.get_nowait()
            except queue.Empty:
                break
            if task is not None:
                task[0].cancel()
        for _ in self._threads:
            self._tasks.put(None)
