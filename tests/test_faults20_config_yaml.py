"""Issue 20, the run config read by the glossaries' hardened YAML loader (pipeline/safe_yaml.py): a billion-laughs
alias in a stage option (6.2 GB in 93 s before), a 100k-deep list (a RecursionError traceback), and every other
hostile config is one line naming the file (and line), exit 2, before any work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline import safe_yaml
from pipeline.cli import main
from pipeline.config import (
    CONFIG_ANCHOR_MESSAGE,
    CONFIG_INT_MAX,
    CONFIG_MAX_BYTES,
    TRANSLATORS,
    ConfigError,
    load_config,
)
from pipeline.glossary import GlossaryError, load_glossary
from pipeline.safe_yaml import MAX_DEPTH, TOO_DEEP, YAMLProblem, compose
from tests.test_faults20_glossary_limits import REFUSAL_PEAK_MB, run_child

from .conftest import small_glossary_dir

# The classic billion laughs inside a stage's options: nine levels of nine, a 9**9-item value once walked.
LAUGH_LEVELS = 9
# The 100k-deep list.
DEEP = 100_000


def billion_laughs(levels: int = LAUGH_LEVELS) -> str:
    lines = ["steps:\n", "  - normalize\n", "  - segment\n", "  - link:\n", "      extra:\n", "        - &l0 lol\n"]
    lines += [f"        - &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, levels)]
    return "".join(lines)


def _config(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "run.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"id": "n1", "title": "中际旭创涨停"}, ensure_ascii=False) + "\n", encoding="utf-8")
    return corpus


def test_billion_laughs_in_a_stage_option_is_refused_before_it_expands(tmp_path: Path) -> None:
    """The issue's case end to end, in a child: exit 2, one line naming the file and the anchor's line, no
    traceback, nothing written, and the peak RSS of a refusal."""
    config = _config(tmp_path, billion_laughs())
    out = tmp_path / "out"
    proc, peak_mb = run_child(tmp_path, ["run", str(_corpus(tmp_path)), "--out", str(out), "--config", str(config),
                                         "--glossaries", str(small_glossary_dir(tmp_path / "g")), "-q"])
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [f"newsbridge: error: {config}:6: {CONFIG_ANCHOR_MESSAGE}"]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not out.exists()
    assert peak_mb < REFUSAL_PEAK_MB, peak_mb


def test_a_100k_deep_list_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    config = _config(tmp_path, "steps: " + "[" * DEEP + "]" * DEEP + "\n")
    out = tmp_path / "out"
    code = main(["run", str(_corpus(tmp_path)), "--out", str(out), "--config", str(config), "-q"])
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"newsbridge: error: {config}:1: invalid YAML: exceeded maximum nesting depth"]
    assert not out.exists()


def test_set_reads_its_value_with_the_same_loader(tmp_path: Path, capsys) -> None:
    """--set values are YAML too: a deep list there was a RecursionError traceback; now it stays text, and the
    key's rule refuses it (a usage error: the line, then the short usage), shown clipped."""
    deep = "[" * 30_000 + "]" * 30_000  # as deep as one command-line argument holds (128 KB)
    code = main(["run", str(_corpus(tmp_path)), "--out", str(tmp_path / "out"), "--set", f"steps={deep}"])
    assert code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].startswith("newsbridge: error: argument --set: steps must be a list, got '[[[")
    assert len(err[0]) < 400 and err[1].startswith("usage: ")


@pytest.mark.parametrize(("text", "expected"), [
    # what the glossaries' loader refuses, the config now refuses too, at its line
    (billion_laughs(3), f"run.yaml:6: {CONFIG_ANCHOR_MESSAGE}"),
    ("translator: &t gloss\n", f"run.yaml:1: {CONFIG_ANCHOR_MESSAGE}"),
    ('translator: !!python/object/apply:os.system ["echo pwned"]\n',
     "run.yaml:1: invalid YAML: could not determine a constructor for the tag"),
    ("translator: gloss\nbatch_size: 2\ntranslator: auto\n",
     "run.yaml:3: duplicate key 'translator' (first at line 1); keep one"),
    ("steps: [normalize, {segment: {a: 1, a: 2}}]\n", "run.yaml:1: duplicate key 'a' (first at line 1); keep one"),
    ("translator: 光\n".encode("gbk"), "run.yaml:1: not UTF-8 (invalid start byte at byte 12); save the file as UTF-8"),
    ('translator: "gl\x07oss"\n', "run.yaml:1: invalid YAML: character U+0007 is not allowed in YAML"),
    ("batch_size: " + "1" * 5000 + "\n", "run.yaml:1: invalid YAML: cannot read this value (Exceeds the limit"),
    ("translator: 2020-13-45\n", "run.yaml:1: invalid YAML: cannot read this value (month must be in 1..12)"),
    ("translator:\n\tgloss\n", "run.yaml:2: invalid YAML: found character that cannot start any token (a tab"),
    ("translator: gloss\n---\ntranslator: auto\n", "run.yaml:2: invalid YAML: expected a single document"),
    ("? {a: 1}\n: x\n", "run.yaml:1: invalid YAML: found unhashable key"),
    # deeper than MAX_DEPTH and under libyaml's 1,000: json (the manifest) and pickle (the workers) would recurse
    ("steps: [normalize, {segment: {x: " + "[" * 500 + "]" * 500 + "}}]\n",
     f"run.yaml:1: nested deeper than {MAX_DEPTH} levels"),
    ('translator: "\\ud800"\n', "run.yaml:1: invalid YAML: found invalid Unicode character escape code"),
    # values the YAML holds but a run cannot use: refused with the key's name (they ended in tracebacks or
    # rejected every record)
    (f"batch_size: {10**30}\n", f"run.yaml: batch_size must be at most {CONFIG_INT_MAX:,}, got {10**30}"),
    (f"max_record_bytes: {2**63 - 1}\n", f"run.yaml: max_record_bytes must be at most {CONFIG_INT_MAX:,}"),
    ('glossaries: "a\\0b"\n', "run.yaml: glossaries must not contain a NUL character (\\0), got 'a\\x00b'"),
    ('translation_memory: "tm\\0.sqlite"\n', "run.yaml: translation_memory must not contain a NUL character"),
    ("translator: " + "x" * 5000 + "\n", f"run.yaml: translator must be one of {', '.join(TRANSLATORS)}, got 'xxx"),
    ("? " + "k" * 5000 + "\n: 1\n", "run.yaml: unknown config key(s) kkk"),  # an explicit key: no 1,024 limit
    # steps the YAML allows but Python cannot call (TypeError and ValueError tracebacks before)
    ("steps: [normalize, {segment: {1: 2}}]\n", "run.yaml: steps: options of step 'segment' must be named by strings, "
                                                "got 1"),
    ("steps: [normalize, {1: null}]\n", "run.yaml: steps: a step's name must be a string, got 1"),
    ('steps: ["../../etc:passwd"]\n', "run.yaml: cannot load stage '../../etc:passwd': the 'package' argument"),
    ('steps: [":Foo"]\n', "run.yaml: cannot load stage ':Foo': Empty module name"),
    # a file far larger than any config is not read
    ("columns: " + "title=a," * (CONFIG_MAX_BYTES // 8) + "\n",
     f"run.yaml: larger than {CONFIG_MAX_BYTES:,} bytes: not a config"),
])
def test_a_hostile_config_is_one_config_error_naming_the_file(tmp_path: Path, monkeypatch, text: str | bytes,
                                                              expected: str) -> None:
    monkeypatch.chdir(tmp_path)  # so the error names run.yaml as given
    _config(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(Path("run.yaml"))
    message = str(info.value)
    assert message.startswith(expected) and "\n" not in message and len(message) < 1000, message


def test_the_largest_integer_is_taken(tmp_path: Path) -> None:
    assert load_config(_config(tmp_path, f"batch_size: {CONFIG_INT_MAX}\n")).batch_size == CONFIG_INT_MAX


def test_nesting_past_the_stack_is_a_problem_without_libyaml(monkeypatch) -> None:
    """libyaml stops at 1,000 levels; PyYAML's own parser recurses, so the RecursionError is the problem there."""
    monkeypatch.setattr(safe_yaml, "SafeYAMLLoader", type("PureLoader", (yaml.SafeLoader,), {}))
    with pytest.raises(YAMLProblem) as info:
        compose("steps: " + "[" * 3000 + "]" * 3000 + "\n", CONFIG_ANCHOR_MESSAGE)
    assert (info.value.line, info.value.reason) == (1, TOO_DEEP)


def test_a_glossary_directory_name_too_long_is_one_line(tmp_path: Path, capsys) -> None:
    """ENAMETOOLONG from is_dir() was a traceback, from a config's `glossaries:` and from --glossaries."""
    long_name = tmp_path / ("g" * 3000)
    with pytest.raises(GlossaryError) as info:
        load_glossary(long_name)
    assert info.value.problems == [f"{long_name}: cannot open the glossary directory (File name too long)"]
    assert main(["glossary", "check", "--glossaries", str(long_name)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"newsbridge: error: {long_name}: cannot open the glossary directory (File name too long)"]
