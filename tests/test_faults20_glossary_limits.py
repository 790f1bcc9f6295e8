"""Issue 20, glossary length limits: a name longer than ZH_NAME_MAX_CHARS / EN_NAME_MAX_CHARS is a `FILE:LINE`
problem of the loader (so of `glossary check` and of a run) before the glossary is compiled, where such a name
cost memory and time with the square of its length (a 60,000-character name: 7.7 GB; 40,000 English: 36 s)."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.cli import main
from pipeline.glossary import commonness, loader
from pipeline.glossary.loader import parse_file
from pipeline.glossary.schema import EN_NAME_MAX_CHARS, ZH_NAME_MAX_CHARS
from pipeline.safe_yaml import MAX_DEPTH
from tests.test_glossary import GOOD, HEADER

from .conftest import PROJECT_ROOT

# The bombs: a Chinese name of 60,000 characters, an English one of 40,000.
ZH_BOMB = "中际旭创光模块" * (60_000 // 7) + "中" * (60_000 % 7)
EN_BOMB = "Zhongji " * 4999 + "Xuchuang"
# Runs `newsbridge ARGS` (pipeline.cli.main) in this child and writes its peak RSS (KiB) to the file ARGV[1]. The
# address space is capped (resource.RLIMIT_AS) far above the bound, so that a regression fails here instead of
# filling the machine. The peak is the process's VmHWM: ru_maxrss would count the parent's resident size at the
# fork (Linux keeps the larger of the two across exec), several hundred MB of pytest worker.
CHILD = r"""
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), resource.RLIM_INFINITY))
from pipeline.cli import main
code = main(sys.argv[3:])
status = Path("/proc/self/status")
peak = (int(next(x for x in status.read_text().splitlines() if x.startswith("VmHWM")).split()[1])
        if status.exists() else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
Path(sys.argv[1]).write_text(json.dumps({"peak_kib": peak}))
sys.exit(code)
"""
CHILD_ADDRESS_SPACE = 6 * 2**30
# A refusal before anything is compiled costs the interpreter and its imports: about 100 MB measured (the 60,000-
# character name compiled took 7.7 GB before the limit).
REFUSAL_PEAK_MB = 400


def run_child(tmp_path: Path, args: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """`newsbridge ARGS` in a child process: its result and its peak RSS in MB."""
    peak_file = tmp_path / "peak.json"
    proc = subprocess.run([sys.executable, "-c", CHILD, str(peak_file), str(CHILD_ADDRESS_SPACE), *args],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    peak = json.loads(peak_file.read_text())["peak_kib"] / 1024 if peak_file.exists() else float("inf")
    return proc, peak


def _entry(field: str, value: str) -> str:
    """GOOD with `field` (a top-level key, or aliases.LANG, or ambiguous) holding `value` (a list where it is one)."""
    if field in ("zh", "en"):
        return GOOD.replace(f"{field}: {'中际旭创' if field == 'zh' else 'Zhongji Xuchuang'}", f"{field}: {value}")
    if field.startswith("aliases."):
        return GOOD + f"    aliases: {{{field.split('.')[1]}: [{value}]}}\n"
    if field == "ambiguous":
        return GOOD + f"    ambiguous: [{value}]\n"
    return GOOD + f"    {field}: {value}\n"


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "g.yaml"
    path.write_text(text, encoding="utf-8")
    problems: list[str] = []
    parse_file(path, problems, display="g.yaml")
    return problems


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("zh", ZH_BOMB, "g.yaml:5: field 'zh': a name of 60,000 characters ('中际旭创光模块中际旭创光模块中际旭创光模'…); "
                    f"Chinese names may have at most {ZH_NAME_MAX_CHARS}"),
    ("en", EN_BOMB, "g.yaml:6: field 'en': a name of 40,000 characters ('Zhongji Zhongji Zhon'…); "
                    f"English names may have at most {EN_NAME_MAX_CHARS}"),
    ("aliases.zh", "旭" * (ZH_NAME_MAX_CHARS + 1), "g.yaml:8: field 'aliases.zh': a name of 201 characters"),
    ("aliases.zh_hant", "旭" * (ZH_NAME_MAX_CHARS + 1), "g.yaml:8: field 'aliases.zh_hant': a name of 201 characters"),
    ("aliases.zh_hk", "旭" * (ZH_NAME_MAX_CHARS + 1), "g.yaml:8: field 'aliases.zh_hk': a name of 201 characters"),
    ("ambiguous", "旭" * (ZH_NAME_MAX_CHARS + 1), "g.yaml:8: field 'ambiguous': a name of 201 characters"),
    ("aliases.en", "x" * (EN_NAME_MAX_CHARS + 1), "g.yaml:8: field 'aliases.en': a name of 501 characters"),
    ("legal_en", "x" * (EN_NAME_MAX_CHARS + 1), "g.yaml:8: field 'legal_en': a name of 501 characters"),
    ("en_official", "x" * (EN_NAME_MAX_CHARS + 1), "g.yaml:8: field 'en_official': a name of 501 characters"),
])
def test_a_name_over_its_limit_is_a_located_problem(tmp_path: Path, field: str, value: str, expected: str) -> None:
    problems = _problems(tmp_path, HEADER + _entry(field, value))
    assert len(problems) == 1 and problems[0].startswith(expected), problems


@pytest.mark.parametrize(("field", "value"), [
    ("zh", "旭" * ZH_NAME_MAX_CHARS), ("aliases.zh", "旭" * ZH_NAME_MAX_CHARS), ("en", "x" * EN_NAME_MAX_CHARS),
    ("legal_en", "x" * EN_NAME_MAX_CHARS), ("note", "free text " * 1000), ("role", "r" * (EN_NAME_MAX_CHARS + 1)),
])
def test_a_name_at_its_limit_and_free_text_are_read(tmp_path: Path, field: str, value: str) -> None:
    """The limits are on names only: the note and a role are text for readers, never matched."""
    assert _problems(tmp_path, HEADER + _entry(field, value)) == []


def _bomb_glossaries(directory: Path) -> Path:
    directory.mkdir()
    (directory / "a_zh.yaml").write_text(HEADER + _entry("zh", ZH_BOMB), encoding="utf-8")
    (directory / "b_en.yaml").write_text(HEADER + _entry("aliases.en", EN_BOMB).replace("300308", "300502"),
                                         encoding="utf-8")
    return directory


def test_glossary_check_reports_each_over_long_name(tmp_path: Path, capsys) -> None:
    """`glossary check` said OK to both bombs; now each is a FILE:LINE line and the check fails (exit 1)."""
    root = _bomb_glossaries(tmp_path / "glossaries")
    assert main(["glossary", "check", "--glossaries", str(root)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(": a name")[0] for line in out.splitlines()] == [
        f"{root / 'a_zh.yaml'}:5: field 'zh'", f"{root / 'b_en.yaml'}:8: field 'aliases.en'"]
    assert err.splitlines() == [f"2 problem(s) in {root}"]


def test_a_run_with_a_60k_name_stops_in_one_line_in_bounded_memory(tmp_path: Path) -> None:
    """The issue's case end to end: exit 2 (an invalid glossary, README's exit-code table), one line, no
    traceback, nothing written, and the child's peak RSS that of a refusal, not of compiling the name."""
    root = tmp_path / "glossaries"
    root.mkdir()
    (root / "a_zh.yaml").write_text(HEADER + _entry("zh", ZH_BOMB), encoding="utf-8")
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"id": "n1", "title": "中际旭创涨停"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc, peak_mb = run_child(tmp_path, ["run", str(corpus), "--out", str(out), "--glossaries", str(root), "-q",
                                         "--translator", "gloss", "--translation-memory", "off"])
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        f"newsbridge: error: invalid glossary: {root / 'a_zh.yaml'}:5: field 'zh': a name of 60,000 characters "
        f"('中际旭创光模块中际旭创光模块中际旭创光模'…); Chinese names may have at most {ZH_NAME_MAX_CHARS}"]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not out.exists()
    assert peak_mb < REFUSAL_PEAK_MB, peak_mb


def test_a_glossary_file_over_the_size_limit_is_not_read(tmp_path: Path, monkeypatch) -> None:
    """A huge scalar (or file) is refused from its size, before it is held or parsed (the cap is 64 MiB; a small
    one stands for it here)."""
    monkeypatch.setattr(loader, "GLOSSARY_FILE_MAX_BYTES", 1000)
    assert _problems(tmp_path, HEADER + GOOD + "    note: " + "n" * 1000 + "\n") == [
        "g.yaml:1: larger than 1,000 bytes: not read; split it into smaller glossary files"]
    assert _problems(tmp_path, HEADER + GOOD) == []


def test_start_continuations_are_linear_in_a_names_length(monkeypatch) -> None:
    """Behind the limit too: the beginnings held per name stop at the longest dictionary word (16 characters in
    jieba's; 2 in the two-word dictionary here), where every beginning of a 21,000-character name was 220 million
    characters (440 MB)."""
    monkeypatch.setattr(commonness, "dictionary", lambda: SimpleNamespace(freqs={"和平": 1, "公平": 1}))
    name = "中际旭创光模块" * 3000
    tracemalloc.start()
    try:
        starts = commonness.start_continuations([name, "平安银行"])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert starts["平安银行"] == {"和", "公"} and starts[name] == frozenset()
    assert peak < 2**20, peak


def test_glossary_fmt_of_a_value_nested_past_the_limit_is_a_problem(tmp_path: Path, capsys) -> None:
    """900 levels parse (libyaml stops at 1,000) but made ruamel, which `glossary fmt` writes with, recurse: a
    RecursionError traceback. Now the loader names it, and fmt formats nothing."""
    root = tmp_path / "glossaries"
    root.mkdir()
    (root / "g.yaml").write_text(HEADER + GOOD + "    note: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    assert main(["glossary", "fmt", "--glossaries", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{root / 'g.yaml'}:8: nested deeper than {MAX_DEPTH} levels"]
    assert err.splitlines() == [f"newsbridge: error: 1 problem(s) in {root}: nothing formatted"]
