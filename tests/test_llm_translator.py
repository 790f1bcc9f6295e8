"""`--translator llm` against the project's own OpenAI-compatible server (tests/llm_server.py): every Chinese segment
answered and verified, the translation memory (a second run sends no request), a failing answer retried with its
failures named and then translated by gloss with flags, 429/500/malformed/empty answers, batched requests, the API
key kept out of every output, an unreachable server, Ctrl-C, and worker processes."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pipeline.api import run
from pipeline.cli import main
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.interrupts import signals_as_exceptions
from pipeline.records import Segment
from stages.translators.base import Translation
from stages.translators.gloss import GlossTranslator
from stages.translators.llm import LLMOptions, LLMTranslator, LLMUnavailable, resolve_model
from stages.translators.llm_client import retry_after
from stages.translators.llm_prompt import clean_answer, split_batch
from tests.llm_server import MODEL, NOTHING_REQUIRED, Rule, ServerState, llm_server, wait_for_requests
from tests.small_glossary import small_glossary_dir

KEY = "sk-newsbridge-test-secret-4711"
RECORDS = [
    {"id": "a", "title": "中际旭创发布年报", "body": "中际旭创2025年营收为238.6亿元，同比增长15%。公司计划扩产。"},
    {"id": "b", "title": "市场观察", "body": "今天市场上涨。成交额达到1.2万亿元。"},
    {"id": "c", "title": "Market wrap", "body": "Shares rose."},
]
CHINESE_SEGMENTS = 6  # the titles and sentences of a and b
START_TIMEOUT_S = 60  # a child process's start (imports, glossary) on a loaded 2-core machine


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("llm")
    path = root / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return path, small_glossary_dir(root / "glossary")


@pytest.fixture(scope="module")
def glossary_small(corpus: tuple[Path, Path]) -> CompiledGlossary:
    return compile_glossary(corpus[1])


@pytest.fixture()
def server():
    with llm_server() as running:
        yield running


def _run(corpus: tuple[Path, Path], server, out: Path, memory: str = "off", **settings):
    path, glossary = corpus
    return run([path], out=out, translator="llm", glossaries=glossary, llm_url=server.url, overwrite=True,
               translation_memory=memory, **settings)


def _chinese(result) -> list[dict]:
    rows = result.segments.to_dict("records")
    return [r for r in rows if r["src_lang"] == "zh"]


def test_every_segment_answered_verified_and_remembered(corpus, server, tmp_path, monkeypatch, caplog) -> None:
    monkeypatch.setenv("NEWSBRIDGE_LLM_API_KEY", KEY)
    caplog.set_level(logging.INFO)
    memory = str(tmp_path / "memory.sqlite")
    first = _run(corpus, server, tmp_path / "out", memory)
    rows = _chinese(first)
    assert len(rows) == CHINESE_SEGMENTS
    assert all(r["translator"] == f"llm:{MODEL}" and not list(r["flags"]) for r in rows)
    assert any(r["en"] == "Report on Zhongji Xuchuang, 2025, 23.86 billion yuan, 15%." for r in rows)
    assert server.state.completions == CHINESE_SEGMENTS
    assert set(server.state.authorizations) == {f"Bearer {KEY}"}
    # the prompt: the sentence, its title and neighbours, and only the required English that occurs in it
    prompt = next(p for p in server.state.prompts if "Sentence: 中际旭创2025年" in p)
    assert "Document title: 中际旭创发布年报" in prompt and "Sentence after: 公司计划扩产。" in prompt
    assert "- 238.6亿元 = 23.86 billion yuan" in prompt and "- 中际旭创 = Zhongji Xuchuang" in prompt
    signature = first.manifest["translator_signature"]
    assert signature.startswith(f"llm:{MODEL}:url={server.url}:prompt=v") and "glossary=" in signature
    # the TMX says which endpoint, model and prompt wrote its English
    header = ET.parse(tmp_path / "out" / "corpus.tmx").getroot().find("header")
    assert [p.text for p in header.findall("prop[@type='x-translator-signature']")] == [signature]
    assert first.manifest["quality"]["segments_flagged"] == 0
    # a second run is answered by the memory: no request at all reaches the model
    second = _run(corpus, server, tmp_path / "again", memory)
    assert server.state.completions == CHINESE_SEGMENTS
    assert [r["en"] for r in _chinese(second)] == [r["en"] for r in rows]
    assert second.manifest["translation_memory"]["hits"] == CHINESE_SEGMENTS
    # the key is in no output file, memory, log record or signature
    for path in [*tmp_path.rglob("*")]:
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in caplog.text and KEY not in signature


def test_failing_answer_retried_with_its_failures_named_then_gloss(corpus, server, tmp_path) -> None:
    server.state.rules = {"成交额": Rule("wrong_number"), "中际旭创2025年": Rule("wrong_name", times=1)}
    result = _run(corpus, server, tmp_path / "out")
    rows = {r["zh"]: r for r in _chinese(result)}
    retried = rows["中际旭创2025年营收为238.6亿元，同比增长15%。"]
    assert retried["translator"] == f"llm:{MODEL}" and list(retried["flags"]) == ["llm_retried:term_missing"]
    named = [p for p in server.state.prompts if "cannot be used" in p and "中际旭创2025年" in p]
    assert len(named) == 1 and '中际旭创 must be written "Zhongji Xuchuang"' in named[0]
    fallback = rows["成交额达到1.2万亿元。"]
    assert fallback["translator"] == "gloss"
    assert "fallback:gloss" in fallback["flags"] and "llm_failed:number_mismatch:1.2万亿元" in fallback["flags"]
    assert "1.2 trillion yuan" in fallback["en"]  # gloss keeps names and numbers exact
    # the gloss English is measured as gloss English (the fallback is the only gloss segment of the run)
    assert result.manifest["quality"]["checks"]["fluency"]["checked"] == 1
    number_prompts = [p for p in server.state.prompts if "Sentence: 成交额" in p]
    assert len(number_prompts) == 2 and '1.2万亿元 must be written "1.2 trillion yuan"' in number_prompts[1]
    # the TMX marks the fallback as the draft it is
    tmx = (tmp_path / "out" / "corpus.tmx").read_text(encoding="utf-8")
    assert tmx.count('<prop type="x-draft">true</prop>') == 1


def test_busy_broken_and_empty_answers(corpus, server, tmp_path) -> None:
    server.state.script = ["429", "500"]  # the first two requests: retried after Retry-After, then backoff
    server.state.rules = {"今天市场": Rule("malformed", times=1), "公司计划": Rule("empty")}
    result = _run(corpus, server, tmp_path / "out", llm_concurrency=1)
    rows = {r["zh"]: r for r in _chinese(result)}
    assert server.state.behaviours[:2] == ["429", "500"]
    assert rows["今天市场上涨。"]["translator"] == f"llm:{MODEL}"  # malformed once, then answered
    assert rows["今天市场上涨。"]["en"] == NOTHING_REQUIRED
    empty = rows["公司计划扩产。"]
    assert empty["translator"] == "gloss" and list(empty["flags"]) == ["fallback:gloss", "llm_failed:empty"]
    assert sum(r["translator"] == f"llm:{MODEL}" for r in rows.values()) == CHINESE_SEGMENTS - 1


def test_batched_requests_and_an_answer_that_cannot_be_split(corpus, server, tmp_path) -> None:
    result = _run(corpus, server, tmp_path / "out", llm_batch=8)
    assert server.state.completions == 2  # one request per document
    assert all(r["translator"] == f"llm:{MODEL}" and not list(r["flags"]) for r in _chinese(result))
    assert ":batch=8:lines" in result.manifest["translator_signature"]
    server.state.completions = 0
    server.state.rules = {"市场观察": Rule("unsplittable", times=1)}
    again = _run(corpus, server, tmp_path / "again", llm_batch=8)
    assert server.state.completions == 2 + 3  # b's batch, then each of its three sentences alone
    assert all(r["translator"] == f"llm:{MODEL}" and not list(r["flags"]) for r in _chinese(again))


def test_unreachable_server_is_one_line_and_exit_2(corpus, tmp_path, capsys) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    path, glossary = corpus
    code = main(["-q", "run", str(path), "--out", str(tmp_path / "out"), "--glossaries", str(glossary),
                 "--translator", "llm", "--llm-url", url, "--translation-memory", "off"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and url in err[0] and "cannot reach" in err[0]
    assert not (tmp_path / "out").exists()


def test_a_server_that_goes_away_stops_the_run_with_one_line(corpus, server, tmp_path, capsys) -> None:
    server.state.rules = {"成交额": Rule("hangup")}  # every request for it: the connection closes, no reply
    path, glossary = corpus
    code = main(["-q", "run", str(path), "--out", str(tmp_path / "out"), "--glossaries", str(glossary),
                 "--translator", "llm", "--llm-url", server.url, "--translation-memory", "off"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1, err
    assert f"the llm server at {server.url} stopped answering" in err[0] and err[0].endswith("--resume")
    assert server.state.behaviours.count("hangup") == 4  # the first try and three retries, then the stop


def test_ctrl_c_stops_two_waiting_workers_with_one_line(corpus, tmp_path) -> None:
    """Two worker processes, each with one request at a time: two requests in flight means both call the server;
    Ctrl-C then stops the run at once, with one line, however long the model would take."""
    path, glossary = corpus
    state = ServerState(delay=60.0)  # the model never answers in the test's time
    with llm_server(state) as slow:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "-q", "run", str(path), "--out",
                                 str(tmp_path / "out"), "--glossaries", str(glossary), "--translator", "llm",
                                 "--llm-url", slow.url, "--llm-concurrency", "1", "--workers", "2",
                                 "--shard-records", "1", "--translation-memory", "off"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                env={**os.environ, "NEWSBRIDGE_LLM_API_KEY": KEY})
        wait_for_requests(state, proc, 2, START_TIMEOUT_S, "two workers did not both call the server")
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=START_TIMEOUT_S)
    lines = err.strip().splitlines()
    assert proc.returncode == 130 and len(lines) == 1 and "interrupted: 0 of 3 shards done" in lines[0], err
    assert KEY not in err and set(state.authorizations) == {f"Bearer {KEY}"}


@pytest.mark.parametrize(("answer", "count", "expected"), [
    ("1. Tencent rose.\n2. Shares fell.", 2, ["Tencent rose.", "Shares fell."]),
    ("[1] Tencent rose.\n\n[2] Shares fell.", 2, ["Tencent rose.", "Shares fell."]),
    ("2) Shares fell.\n1) Tencent rose.", 2, ["Tencent rose.", "Shares fell."]),
    ('```json\n["Tencent rose.", "Shares fell."]\n```', 2, ["Tencent rose.", "Shares fell."]),
    ("<think>two lines</think>\n1. Tencent rose.\n2. Shares fell.", 2, ["Tencent rose.", "Shares fell."]),
    ("1. Tencent rose.", 2, None),  # a sentence missing
    ("1. Tencent rose.\n1. Again.\n2. Shares fell.", 2, None),  # a number twice
    ("1. Tencent rose.\nand more\n2. Shares fell.", 2, None),  # a line that belongs to no number
    ("1. Tencent rose.\n2. Shares fell.\n3. Extra.", 2, None),
    ('["Tencent rose."]', 2, None),
    ("Tencent rose. Shares fell.", 2, None),
])
def test_split_batch(answer: str, count: int, expected: list[str] | None) -> None:
    assert split_batch(answer, count) == expected


@pytest.mark.parametrize(("answer", "expected"), [
    ("  Tencent\n rose. ", "Tencent rose."),
    ('"Tencent rose."', "Tencent rose."),
    ("<think>\nhmm\n</think>\n\nTencent rose.", "Tencent rose."),
    ("```\nTencent rose.\n```", "Tencent rose."),
    ("Tencent\x00 rose.", "Tencent rose."),
])
def test_clean_answer(answer: str, expected: str) -> None:
    assert clean_answer(answer) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2", 2.0), ("0", 0.0), (None, 0.5), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.5), ("-3", 0.0), ("99999", 60.0),
])
def test_retry_after(value: str | None, expected: float) -> None:
    assert retry_after(value, 0.5) == expected


def test_transient_fallbacks_are_not_remembered_and_credentials_stay_out_of_urls() -> None:
    options = LLMOptions(url="http://127.0.0.1:1/v1")
    translator = LLMTranslator(options, fallback=None, glossary_hash="h")  # type: ignore[arg-type]
    assert translator.remember(Translation("Tencent rose."))
    assert translator.remember(Translation("x", ("fallback:gloss", "llm_failed:number_mismatch:3亿元")))
    assert not translator.remember(Translation("x", ("fallback:gloss", "llm_failed:http-503")))
    assert not translator.remember(Translation("x", ("fallback:gloss", "llm_failed:timeout")))
    with pytest.raises(LLMUnavailable, match="must not hold credentials") as info:
        resolve_model(LLMOptions(url=f"http://user:{KEY}@127.0.0.1:1/v1"))
    assert KEY not in str(info.value)
    with pytest.raises(LLMUnavailable, match="must not hold credentials or a query") as info:
        resolve_model(LLMOptions(url=f"http://127.0.0.1:1/v1?api_key={KEY}"))
    assert KEY not in str(info.value)
    with pytest.raises(LLMUnavailable, match="http:// or https://"):
        resolve_model(LLMOptions(url="ftp://127.0.0.1/v1"))
    assert LLMOptions(url="http://127.0.0.1:8080/v1/?token=x").shown_url == "http://127.0.0.1:8080/v1"


def test_ctrl_c_in_process_closes_the_requests_in_flight(corpus, glossary_small) -> None:
    """The in-process engine: Ctrl-C while requests wait on a slow model raises at once, the open connections
    are shut (the server sees them go) and the request threads end without their answers."""
    state = ServerState(delay=60.0)
    with llm_server(state) as slow:
        translator = LLMTranslator(resolve_model(LLMOptions(url=slow.url, concurrency=2)),
                                   GlossTranslator(glossary_small), glossary_small.content_hash)
        translator.setup()
        segments = [Segment(doc_id="d", seg_id=i, part="body", src=t, zh=t)
                    for i, t in enumerate(["今天市场上涨。", "公司计划扩产。", "成交额增加。"])]

        def interrupt_when_busy() -> None:
            while state.in_flight < 2:
                time.sleep(0.01)
            os.kill(os.getpid(), signal.SIGINT)

        threading.Thread(target=interrupt_when_busy, daemon=True).start()
        with signals_as_exceptions(), pytest.raises(KeyboardInterrupt):
            translator.translate_batch(segments)
        requests = [t for t in threading.enumerate() if t.name.startswith("newsbridge-llm")]
        for thread in requests:
            thread.join(START_TIMEOUT_S)  # far below the model's 60 s: they end because their sockets were shut
        assert requests and not any(t.is_alive() for t in requests)
        assert state.completions == 2  # the third sentence was never sent
