"""`newsbridge translate`: arguments or standard input, one line out per line in (blank lines kept, order kept, a
line of several sentences one line of English), batches that go as soon as the input pauses, --json, the
translation memory, the run's config plumbing, and errors as the CLI conventions say (one line, exit 2)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.cli_flags as cli_flags
import pipeline.config as config_module
from pipeline.cli import main, parse
from pipeline.cli_flags import config_from_args
from pipeline.config import RunConfig
from pipeline.io.line_batches import LineTooLong, line_batches
from pipeline.paths import PROJECT_ROOT
from pipeline.textapi import text_config, translate_texts
from tests.small_glossary import small_glossary_dir

NAME_AND_NUMBER = "中际旭创公告称，营收同比增长12.5%。"
TWO_SENTENCES = "中际旭创股价上涨10%。公司营收增长。"


@pytest.fixture(scope="module")
def common(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The flags every call here shares: the one-entry glossary, gloss, a memory of this module's own."""
    root = tmp_path_factory.mktemp("translate")
    return ["--glossaries", str(small_glossary_dir(root / "g")), "--translator", "gloss",
            "--translation-memory", str(root / "memory.sqlite")]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_arguments_one_line_out_per_line_in(common: list[str], capsys) -> None:
    assert main(["translate", *common, NAME_AND_NUMBER, "", TWO_SENTENCES, "first\n中际旭创"]) == 0
    out = capsys.readouterr().out.split("\n")
    assert out[-1] == "" and len(out[:-1]) == 5  # the last argument holds two lines
    first, blank, two, english, name = out[:-1]
    assert "Zhongji Xuchuang" in first and "12.5%" in first
    assert blank == "" and english == "first" and name == "Zhongji Xuchuang"
    assert "10%" in two and two.count(".") >= 2  # two sentences, one line


def test_standard_input_in_batches_keeps_order_and_blank_lines(common: list[str], monkeypatch: pytest.MonkeyPatch,
                                                               capsys) -> None:
    lines = [NAME_AND_NUMBER, "", "中际旭创股价上涨3%。", "  ", TWO_SENTENCES, "Plain English."]
    _stdin(monkeypatch, b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))  # a BOM, CRLF, no final break
    assert main(["translate", *common, "--batch-size", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(lines)
    assert "12.5%" in out[0] and out[1] == "" and "3%" in out[2] and out[3] == ""
    assert "10%" in out[4] and out[5] == "Plain English."


def test_json_lines(common: list[str], monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _stdin(monkeypatch, f"{NAME_AND_NUMBER}\n\nPlain English.\n".encode())
    assert main(["translate", *common, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["zh"] for row in rows] == [NAME_AND_NUMBER, "", "Plain English."]
    assert rows[0]["translator"] == "gloss" and "12.5%" in rows[0]["en"] and isinstance(rows[0]["flags"], list)
    assert rows[0]["entities"][0] == {"surface": "中际旭创", "canonical": "Zhongji Xuchuang", "ticker": "300308.SZ",
                                      "type": "company", "entity_id": "cn.300308"}
    assert rows[1] == {"zh": "", "en": "", "translator": None, "flags": [], "entities": []}
    assert rows[2]["translator"] == "passthrough" and rows[2]["en"] == "Plain English."


def test_the_translation_memory_answers_a_second_time(tmp_path: Path) -> None:
    config = text_config(glossaries=small_glossary_dir(tmp_path / "g"), translator="gloss",
                         translation_memory=str(tmp_path / "memory.sqlite"))
    first = translate_texts([NAME_AND_NUMBER, "", TWO_SENTENCES], config)
    assert (first.memory_hits, first.memory_misses) == (0, 3)
    again = translate_texts([TWO_SENTENCES, NAME_AND_NUMBER], config)
    assert (again.memory_hits, again.memory_misses) == (3, 0)
    assert [t.en for t in again.texts] == [first.texts[2].en, first.texts[0].en]


def test_the_run_config_applies(common: list[str], tmp_path: Path, capsys) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("translator: argos\nworkers: 4\n", encoding="utf-8")  # a run's config; flags override it
    glossaries = common[common.index("--glossaries") + 1]
    argv = ["translate", "--config", str(config), "--glossaries", glossaries, "--set", "translator=gloss", "中際旭創"]
    assert main(argv) == 0
    assert capsys.readouterr().out == "Zhongji Xuchuang\n"  # Traditional, converted before linking
    assert main([*argv, "--no-t2s"]) == 0
    assert "Zhongji Xuchuang" not in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "error"), [
    (["--translator", "deepl", "x"], "newsbridge: error: argument --translator: invalid choice: 'deepl'"),
    (["--set", "translator=deepl", "x"], "translator must be one of"),
    (["--bogus", "x"], "newsbridge translate: unknown option --bogus"),
    (["--batch-size", "0", "x"], "batch_size must be an integer >= 1"),
])
def test_usage_errors_are_one_line_then_the_usage(argv: list[str], error: str, capsys) -> None:
    assert main(["translate", *argv]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("newsbridge") and error in err[0], err
    assert err[1].startswith("usage: newsbridge translate [options] [TEXT ...]")


@pytest.mark.parametrize(("argv", "error"), [
    (["--glossaries", "MISSING"], "MISSING: no such glossary directory"),
    (["--config", "CONFIG"], "translator must be one of auto, "),
    (["--translator", "argos"], "no argostranslate zh→en package is installed"),
    (["--encoding", "utf-16"], "translate reads lines of an encoding whose line break is one byte"),
])
def test_errors_before_any_work_are_one_line(argv: list[str], error: str, common: list[str], tmp_path: Path,
                                             capsys) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("translator: deepl\n", encoding="utf-8")
    argv = [str(tmp_path / a) if a == "MISSING" else str(config) if a == "CONFIG" else a for a in argv]
    assert main(["translate", *common[:2], *argv, NAME_AND_NUMBER]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [err[0]] and err[0].startswith("newsbridge: error: ") and error in err[0]


def test_undecodable_input_names_its_line(common: list[str], monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    _stdin(monkeypatch, "中际旭创\n".encode() + "中际旭创\n".encode("gb18030"))
    assert main(["translate", *common, "--batch-size", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "Zhongji Xuchuang\n"  # the line before it was answered
    assert captured.err.startswith("newsbridge: error: standard input line 2 is not valid utf-8")
    _stdin(monkeypatch, "中际旭创\n".encode("gb18030"))
    assert main(["translate", *common, "--encoding", "gb18030"]) == 0
    assert capsys.readouterr().out == "Zhongji Xuchuang\n"


def test_the_subcommand_follows_the_conventions(capsys) -> None:
    assert parse(["translate", "x", "-q"]).quiet and parse(["-v", "translate"]).verbose
    assert main(["translate", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--translator" in out and "--set KEY=VALUE" in out and "--config FILE" in out
    assert not {"--workers", "--out", "--partition-by", "--columns"} & set(out.split())  # a run's, not this one's


def test_a_new_translator_setting_gets_its_flag_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key another translator adds to RunConfig (llm_url, model_dir) is a flag of translate with no change here."""
    extended = dataclasses.make_dataclass("RunConfig", [("server_url", str, "http://127.0.0.1:8080/v1")],
                                          bases=(RunConfig,), frozen=True)
    monkeypatch.setattr(config_module, "RunConfig", extended)
    monkeypatch.setattr(cli_flags, "RunConfig", extended)
    args = parse(["translate", "--server-url", "http://gpu:8000/v1", "x"])
    assert config_from_args(args).server_url == "http://gpu:8000/v1"


# --- batches of lines: full while input waits, at once when it pauses ---------------------------------------------

def test_a_batch_goes_as_soon_as_the_input_pauses() -> None:
    read, write = os.pipe()
    with os.fdopen(read, "rb", buffering=0) as stream, os.fdopen(write, "wb", buffering=0) as writer:
        batches = line_batches(stream, size=3, max_line_bytes=100)
        writer.write(b"one\n")
        assert next(batches) == [b"one"]  # nothing else waiting: not held back for two more lines
        writer.write(b"two\r\nthree\nfour\nfive\nsix")
        writer.close()
        assert list(batches) == [[b"two", b"three", b"four"], [b"five", b"six"]]


def test_a_line_over_the_cap_is_refused_with_its_number() -> None:
    with pytest.raises(LineTooLong, match="line 2 is over max_record_bytes"):
        list(line_batches(io.BytesIO(b"short\n" + b"x" * 50 + b"\nmore\n"), size=10, max_line_bytes=20))
    with pytest.raises(LineTooLong, match="line 1 "):
        list(line_batches(io.BytesIO(b"x" * 300_000), size=10, max_line_bytes=1000))


def test_a_pipe_gets_each_line_back_before_the_next_and_ctrl_c_is_one_line(common: list[str]) -> None:
    """`tail -f | newsbridge translate` in a real process: a line is answered while the pipe stays open; Ctrl-C
    (SIGINT to the command's own process group) stops it with `newsbridge: interrupted`, exit 130."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "translate", *common], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        proc.stdin.write(NAME_AND_NUMBER + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 120)  # a bound for a broken build, not a measurement
        assert ready, "no answer while standard input stayed open"
        assert "12.5%" in proc.stdout.readline()
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        assert proc.stderr.read().splitlines()[-1] == "newsbridge: interrupted"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
