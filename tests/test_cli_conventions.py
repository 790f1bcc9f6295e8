"""CLI conventions: exit codes and the usage shown with an error, -q/-v anywhere, a flag per config key and --set
through the config file's rules, YAML booleans for switches, --glossaries everywhere, the glossary check summary,
one no-model notice, whole help text and shell completion."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline.cli_flags as cli_flags
import pipeline.config as config_module
from pipeline.cli import DESCRIPTION, _apply_conventions, _Parser, _parser, _verbosity, main, parse
from pipeline.cli_flags import OVERRIDES, config_from_args, flag_name
from pipeline.config import ConfigError, RunConfig, check_value, config_keys, load_config
from pipeline.logs import NOTICE
from pipeline.warnings_summary import LIST_UP_TO, summarise, warning_kind
from tests.conftest import PROJECT_ROOT, SEEDS, SMALL_GLOSSARY

NO_MODEL = "no zh→en translation model installed"


@pytest.fixture()
def gdir(tmp_path: Path) -> Path:
    root = tmp_path / "g"
    root.mkdir()
    (root / "optical.yaml").write_text(SMALL_GLOSSARY, encoding="utf-8")
    return root


def _args(*argv: str) -> argparse.Namespace:
    return parse(["run", str(SEEDS), "--out", "unused", *argv])


# --- exit codes: (argv → code, the usage line's subcommand, the error) ------------------------------------------

USAGE_ERRORS = [
    (["run", "--bogus"], "newsbridge run", "unknown option --bogus"),
    (["-v", "run", "--bogus"], "newsbridge run", "unknown option --bogus"),
    (["run", "SEEDS", "--out", "OUT", "--bogus"], "newsbridge run", "unknown option --bogus"),
    (["--bogus"], "newsbridge", "unknown option --bogus"),
    (["glossary", "check", "--bogus"], "newsbridge glossary check", "unknown option --bogus"),
    (["glossary", "--bogus", "check"], "newsbridge glossary", "unknown option --bogus"),
    (["models", "install", "--max-size", "lots", "zh_en"], "newsbridge models install", "not a size: 'lots'"),
    (["run", "SEEDS", "--out", "OUT", "--beam-size", "0"], "newsbridge run", "beam_size must be an integer >= 1"),
    (["run", "SEEDS", "--out", "OUT", "--workers", "two"], "newsbridge run", "workers must be an integer >= 1"),
    (["run", "SEEDS", "--out", "OUT", "--translator", "deepl"], "newsbridge run", "invalid choice: 'deepl'"),
    (["run", "SEEDS", "--out", "OUT", "--set", "colour=red"], "newsbridge run", "unknown config key colour"),
    (["run", "SEEDS", "--out", "OUT", "--set", "beam_size"], "newsbridge run", "expected key=value"),
    (["run", "SEEDS", "--out", "OUT", "--set", "steps=[normalize, sentiment]"], "newsbridge run",
     "unknown step 'sentiment'"),
    (["run", "SEEDS", "--out", "OUT", "--encoding", "no-such-codec"], "newsbridge run", "no-such-codec"),
    (["run", "SEEDS", "--out", "OUT", "--overwrite", "--resume"], "newsbridge run", "not allowed with argument"),
    (["-q", "run", "-v", "SEEDS", "--out", "OUT"], "newsbridge", "-q/--quiet and -v/--verbose conflict"),
    (["completion", "tcsh"], "newsbridge completion", "invalid choice: 'tcsh'"),
]


@pytest.mark.parametrize(("argv", "usage", "error"), USAGE_ERRORS)
def test_usage_errors_exit_2_with_the_subcommands_usage(argv: list[str], usage: str, error: str, tmp_path: Path,
                                                        capsys) -> None:
    argv = [str(SEEDS) if a == "SEEDS" else str(tmp_path / "out") if a == "OUT" else a for a in argv]
    assert main(argv) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2, lines  # the error first, then the short usage (the full one is --help's)
    # A mistyped option names the command it is not an option of; any other error is "newsbridge: error: …".
    assert lines[0].startswith(f"{usage}: unknown option" if "unknown option" in error else "newsbridge: error: ")
    assert error in lines[0]
    assert lines[1].startswith(f"usage: {usage} ")
    assert not (tmp_path / "out").exists()


# Errors found after parsing: no usage, one "newsbridge: error:" line; 2 for what the command line named, 1 for
# work that failed.
LATER_ERRORS = [
    (["run", "SEEDS", "--out", "OUT", "--config", "MISSING"], 2, "cannot read config"),
    (["run", "MISSING", "--out", "OUT"], 2, "MISSING"),
    (["run", "SEEDS", "--out", "OUT", "--scheduler", "tcp://127.0.0.1:1"], 2, "needs engine: dask"),
    (["glossary", "check", "--glossaries", "MISSING"], 2, "no such glossary directory"),
    (["glossary", "lookup", "--glossaries", "MISSING", "x"], 2, "no such glossary directory"),
    (["glossary", "check", "GDIR", "--glossaries", "MISSING"], 2, "two glossary directories"),
    (["models", "install", "MISSING.argosmodel"], 2, "no such file"),
    (["glossary", "add", "--glossaries", "GDIR", "旭创新", "--alias-zh", "中际旭创"], 2, "already maps to cn.300308"),
    (["glossary", "add", "--glossaries", "GDIR", "某某科技", "--type", "planet"], 2, "type 'planet' is not one of"),
    (["glossary", "lookup", "--glossaries", "GDIR", "不存在的公司"], 1, ""),  # no match, as grep's 1
    (["glossary", "check", "--glossaries", "BADGDIR"], 1, "problem(s) in"),
    (["models", "install", "BROKEN.argosmodel"], 1, "newsbridge: error: "),
]


@pytest.mark.parametrize(("argv", "code", "error"), LATER_ERRORS)
def test_later_errors_exit_2_for_the_command_line_and_1_for_failed_work(argv: list[str], code: int, error: str,
                                                                         tmp_path: Path, gdir: Path,
                                                                         capsys) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.yaml").write_text("entries:\n  - id: x\n    zh: [unclosed\n", encoding="utf-8")
    (tmp_path / "BROKEN.argosmodel").write_bytes(b"not a zip archive")
    names = {"SEEDS": str(SEEDS), "OUT": str(tmp_path / "out"), "GDIR": str(gdir), "BADGDIR": str(bad),
             "BROKEN.argosmodel": str(tmp_path / "BROKEN.argosmodel")}
    argv = [names.get(a, a.replace("MISSING", str(tmp_path / "missing"))) for a in argv]
    assert main(argv) == code
    err = capsys.readouterr().err
    assert not err.startswith("usage:")
    assert error.replace("MISSING", str(tmp_path / "missing")) in err
    assert "Traceback" not in err


# --- -q / -v before or after the subcommand ----------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "quiet", "verbose"), [
    (["-v", "run", "s", "--out", "o"], False, True),
    (["run", "s", "--out", "o", "-v"], False, True),
    (["-q", "run", "s", "--out", "o"], True, False),
    (["run", "-q", "s", "--out", "o"], True, False),
    (["-q", "glossary", "check"], True, False),
    (["glossary", "-v", "check"], False, True),
    (["glossary", "check", "--verbose"], False, True),
    (["models", "list", "-q"], True, False),
    (["completion", "bash", "-q"], True, False),
    (["run", "s", "--out", "o"], False, False),
])
def test_quiet_and_verbose_work_before_or_after_the_subcommand(argv: list[str], quiet: bool, verbose: bool) -> None:
    args = parse(argv)
    assert (args.quiet, args.verbose) == (quiet, verbose)


@pytest.mark.parametrize(("flag", "level"), [("-q", logging.WARNING), ("-v", logging.DEBUG), (None, NOTICE)])
def test_the_logging_level_follows_q_and_v(flag: str | None, level: int, gdir: Path, capsys) -> None:
    root = logging.getLogger()
    before = root.level
    try:
        assert main(["glossary", "lookup", "--glossaries", str(gdir), "中际旭创", *([flag] if flag else [])]) == 0
        assert root.level == level
    finally:
        root.setLevel(before)


# --- a flag per config key, --set, one validation path, precedence ------------------------------------------------

def test_every_config_key_has_a_flag_or_goes_through_set() -> None:
    run = _parser()._subparsers._group_actions[0].choices["run"]
    options = run._option_string_actions
    for key, (kind, _) in config_keys().items():
        if kind in (str, int, bool):
            assert flag_name(key) in options, key
        else:  # steps: a list
            assert getattr(config_from_args(_args("--set", f"{key}=[normalize, segment]")), key) is not None
    assert len([k for k, (kind, _) in config_keys().items() if kind in (str, int, bool)]) >= 20


@pytest.mark.parametrize(("argv", "key", "value"), [
    (["--translator", "gloss"], "translator", "gloss"),
    (["--beam-size", "2"], "beam_size", 2),
    (["--threads", "0"], "threads", 0),
    (["--no-t2s"], "t2s", False),
    (["--no-t2s", "--t2s"], "t2s", True),
    (["--translation-memory", "off"], "translation_memory", "off"),
    (["--set", "translation_memory=off"], "translation_memory", "off"),
    (["--set", "translation_memory=on"], "translation_memory", "default"),
    (["--set", "translation_memory=no"], "translation_memory", "off"),
    (["--set", "t2s=off"], "t2s", False),
    (["--set", "beam_size=2", "--set", "compute_type=float32"], "compute_type", "float32"),
    (["--set", "encoding="], "encoding", None),
    (["--glossaries", "elsewhere"], "glossaries", Path("elsewhere")),
    (["--set", "steps=[normalize, segment]"], "steps", config_module.parse_steps(["normalize", "segment"])),
    (["--beam-size", "5", "--set", "beam_size=2"], "beam_size", 2),  # the later of two wins
    (["--set", "beam_size=2", "--beam-size", "5"], "beam_size", 5),
])
def test_flags_and_set_give_the_config(argv: list[str], key: str, value: object) -> None:
    assert getattr(config_from_args(_args(*argv)), key) == value


@pytest.mark.parametrize(("text", "value"), [
    ("translation_memory: off\n", "off"), ("translation_memory: 'off'\n", "off"),
    ("translation_memory: on\n", "default"), ("translation_memory: true\n", "default"),
    ("translation_memory: false\n", "off"), ("t2s: off\n", False), ("t2s: yes\n", True),
])
def test_yaml_booleans_where_a_switch_is_meant(text: str, value: object, tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text(text, encoding="utf-8")
    key = text.split(":")[0]
    assert getattr(load_config(path), key) == value


def test_precedence_defaults_then_file_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("beam_size: 3\ntranslator: gloss\nglossaries: mine\n", encoding="utf-8")
    assert RunConfig(glossaries=Path(".")).beam_size == 4
    from_file = config_from_args(_args("--config", str(path)))
    assert (from_file.beam_size, from_file.translator, from_file.glossaries) == (3, "gloss", tmp_path / "mine")
    both = config_from_args(_args("--config", str(path), "--beam-size", "5", "--set", "translator=auto"))
    assert (both.beam_size, both.translator) == (5, "auto")
    # a relative path on the command line is the working directory's, in the file the file's directory's
    assert config_from_args(_args("--config", str(path), "--glossaries", "g")).glossaries == Path("g")


@pytest.mark.parametrize(("key", "value", "message"), [
    ("beam_size", 0, "beam_size must be an integer >= 1"),
    ("beam_size", True, "beam_size must be an integer >= 1"),
    ("translation_memory", 3, "translation_memory must be a str"),
    ("engine", "spark", "engine must be one of local, dask"),
    ("translator", "deepl", "translator must be one of auto, gloss, argos"),
    ("tmx_translators", "deepl", "tmx_translators"),
    ("nope", 1, "unknown config key nope"),
])
def test_one_validation_path_for_file_and_flags(key: str, value: object, message: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=message):
        check_value(key, value)
    path = tmp_path / "run.yaml"
    path.write_text(f"{key}: {value if not isinstance(value, bool) else 'true'}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{path}: .*{message.split()[0]}"):
        load_config(path)


def test_a_null_in_the_config_file_means_the_default(tmp_path: Path) -> None:
    path = tmp_path / "run.yaml"
    path.write_text("encoding: null\ncolumns: null\nscheduler: null\n", encoding="utf-8")
    config = load_config(path)
    assert (config.encoding, config.columns, config.scheduler) == (None, "", None)


def test_a_new_config_field_gets_its_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    extended = dataclasses.make_dataclass("RunConfig", [("partition_by", str | None, None), ("sample", int, 10)],
                                          bases=(RunConfig,), frozen=True)
    monkeypatch.setattr(config_module, "RunConfig", extended)
    monkeypatch.setattr(cli_flags, "RunConfig", extended)
    config = config_from_args(_args("--partition-by", "date", "--sample", "3"))
    assert (config.partition_by, config.sample) == ("date", 3)
    assert config_from_args(_args("--set", "sample=4")).sample == 4
    assert main(["run", str(SEEDS), "--out", "unused", "--sample", "0"]) == 2
    # a flag some other code already defined by hand is left alone, not defined twice
    parser = argparse.ArgumentParser()
    groups = {name: parser.add_argument_group(name) for name in cli_flags.GROUP_TITLES}
    parser.add_argument("--partition-by", choices=("date",))
    cli_flags.add_config_flags(parser, groups)
    assert parser.parse_args(["--partition-by", "date"]).partition_by == "date"


def test_overrides_are_recorded_in_order() -> None:
    args = _args("--beam-size", "5", "--translator", "gloss", "--set", "beam_size=2")
    assert list(getattr(args, OVERRIDES)) == ["translator", "beam_size"]
    assert args.beam_size == 2 and args.translator == "gloss"


# --- --glossaries everywhere ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ["glossary", "check", "--glossaries", "GDIR"],
    ["glossary", "--glossaries", "GDIR", "check"],
    ["glossary", "fmt", "--check", "--glossaries", "GDIR"],
    ["glossary", "lookup", "--glossaries", "GDIR", "中际旭创"],
    ["glossary", "export", "--glossaries", "GDIR", "--format", "csv"],
])
def test_glossaries_option_on_every_glossary_command(argv: list[str], gdir: Path, capsys) -> None:
    assert main([str(gdir) if a == "GDIR" else a for a in argv]) == 0
    assert "deprecated" not in capsys.readouterr().err


def test_positional_glossary_dir_is_a_deprecated_alias(gdir: Path, capsys, caplog) -> None:
    with caplog.at_level(logging.WARNING):
        assert main(["glossary", "check", str(gdir)]) == 0
    assert "OK: 1 entries" in capsys.readouterr().out
    assert "deprecated: use `newsbridge glossary check --glossaries DIR`" in caplog.text


# --- glossary check: a summary of warnings unless -v ---------------------------------------------------------------

def _many_warnings(root: Path, count: int) -> None:
    entries = "".join(f"  - id: cn.6000{i:02d}\n    type: company\n    zh: 银行{i:02d}号\n    en: Bank {i}\n"
                      f"    ticker: '6000{i:02d}.SH'\n    aliases: {{zh: ['{chr(0x4e00 + i)}']}}\n"
                      for i in range(count))
    (root / "short.yaml").write_text("meta: {}\nentries:\n" + entries, encoding="utf-8")


@pytest.mark.parametrize(("flag", "listed", "summary"), [(None, 3, True), ("-v", 15, False), ("-q", 0, False)])
def test_check_summarises_warnings_unless_verbose(flag: str | None, listed: int, summary: bool, gdir: Path,
                                                  capsys) -> None:
    _many_warnings(gdir, 15)
    assert main(["glossary", "check", "--glossaries", str(gdir), *([flag] if flag else [])]) == 0
    out = capsys.readouterr().out.splitlines()
    assert sum(": warning: one-character name" in line for line in out) == listed
    assert ("15 warning(s): one-character name … of … matches inside other words" in out) == summary
    assert out[-1].startswith("OK: 16 entries") and "15 warning(s)" in out[-1]


@pytest.mark.parametrize(("warning", "kind"), [
    ("g/a.yaml:5: name 'huasu' is shared by cn.000509, cn.600935: not linked (ambiguous)",
     "name … is shared by …: not linked …"),
    ("g/hk.yaml:7: hk.1347 (1347.HK) is covered by curated cn.688347", "… is covered by curated …"),
    ("g/f.yaml:9: warning: name '中证500' of fund.512500 is shadowed by curated index.csi500 (g/i.yaml:28)",
     "name … of … is shadowed by curated …"),
])
def test_warning_kinds_drop_names_and_places(warning: str, kind: str) -> None:
    assert warning_kind(warning) == kind


def test_a_short_list_of_warnings_is_shown_as_it_is() -> None:
    warnings = [f"a.yaml:{i}: name 'x{i}' is shared by cn.1, cn.2: not linked" for i in range(LIST_UP_TO)]
    assert summarise(warnings) == warnings
    longer = summarise([*warnings, "a.yaml:99: cn.1 (1.SZ) is covered by curated cn.2"])
    assert longer[0] == f"{LIST_UP_TO} warning(s): name … is shared by …: not linked"
    assert longer[4] == f"  … and {LIST_UP_TO - 3} more" and longer[-2] == "1 warning(s): … is covered by curated …"


# --- one no-model notice per run, silenced by -q -----------------------------------------------------------------

def _run_subprocess(tmp_path: Path, gdir: Path, *flags: str) -> str:
    corpus = tmp_path / "corpus.jsonl"
    rows = (f'{{"id": "d{i}", "title": "中际旭创第{i}季度营收增长", "body": "中际旭创营收增长{i}0%。"}}\n'
            for i in range(4))
    corpus.write_text("".join(rows), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "ARGOS_PACKAGES_DIR": str(tmp_path / "no-packages")}
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(corpus), "--out", str(tmp_path / "out"),
                           "--glossaries", str(gdir), "--overwrite", "--set", "translation_memory=off", *flags],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.mark.parametrize(("flags", "count"), [((), 1), (("--workers", "2", "--shard-records", "1"), 1),
                                              (("-q",), 0)])
def test_one_no_model_notice_per_run(flags: tuple[str, ...], count: int, tmp_path: Path, gdir: Path) -> None:
    assert _run_subprocess(tmp_path, gdir, *flags).count(NO_MODEL) == count


# --- help text ------------------------------------------------------------------------------------------------------

def _subcommands(parser: argparse.ArgumentParser, prefix: str = ""):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                yield f"{prefix}{name}", helps.get(name), sub
                yield from _subcommands(sub, f"{prefix}{name} ")


def test_help_text_is_whole(capsys) -> None:
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert " ".join(DESCRIPTION.split()) in out and DESCRIPTION.endswith(".")
    commands = list(_subcommands(_parser()))
    assert {"run", "glossary check", "glossary export", "models install", "completion"} <= {c for c, _, _ in commands}
    for name, help_line, sub in commands:
        assert help_line and "\n" not in help_line, name
        assert sub.description and sub.description.endswith("."), name


def test_run_help_groups_its_flags(capsys) -> None:
    assert main(["run", "--help"]) == 0
    out = capsys.readouterr().out
    headings = [line[:-1] for line in out.splitlines() if line.endswith(":") and not line.startswith(" ")]
    assert headings[:6] == ["options", "inputs", "output", "translation", "engine",
                            "config (precedence: defaults < --config FILE < flags and --set)"]
    assert "--t2s, --no-t2s" in out and "--set KEY=VALUE" in out


# --- shell completion ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "offered"), [("newsbridge ru", "run"), ("newsbridge run --tr", "--translator"),
                                               ("newsbridge glossary ch", "check"),
                                               ("newsbridge run --engine ", "dask")])
def test_completion(line: str, offered: str, tmp_path: Path) -> None:
    out = tmp_path / "completions"
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "_ARGCOMPLETE": "1", "COMP_LINE": line,
           "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out)}
    done = subprocess.run([sys.executable, "-m", "pipeline"], env=env, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert offered in [c.strip() for c in out.read_text(encoding="utf-8").split("\v")]  # a lone match ends in " "


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_the_shell_code(shell: str, capsys) -> None:
    assert main(["completion", shell]) == 0
    code = capsys.readouterr().out
    assert "newsbridge" in code and "_ARGCOMPLETE" in code


def test_a_command_added_elsewhere_follows_the_conventions(capsys) -> None:
    """A subcommand another module adds with a plain add_parser still gets -q/-v, its own usage and a description."""
    parser = _Parser(prog="newsbridge")
    _verbosity(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("show", help="one document, sentence by sentence").add_argument("doc_id")
    _apply_conventions(parser)
    assert parser.parse_args(["show", "d1", "-v"]).verbose
    assert parser._subparsers._group_actions[0].choices["show"].description == "One document, sentence by sentence."
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(["show", "d1", "--bogus"])
    assert stop.value.code == 2 and capsys.readouterr().err.splitlines()[1].startswith("usage: newsbridge show ")
