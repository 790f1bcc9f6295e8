"""A mistyped option or command: one line naming it, with the close match when there is one, then the subcommand's
short usage (not argparse's 15-line block of every option before the error); exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import main

WOKERS = "newsbridge run: unknown option --wokers; did you mean --workers?"
# (argv, the first line of stderr exactly, how the short usage on the second line starts)
MISTYPED = [
    (["run", "seeds", "--out", "o", "--wokers", "2"], WOKERS,
     "usage: newsbridge run [options] INPUT [INPUT ...] --out DIR "),
    (["run", "seeds", "--out", "o", "--wokers=2"], WOKERS, "usage: newsbridge run "),
    (["run", "seeds", "--out", "o", "--resmue"], "newsbridge run: unknown option --resmue; did you mean --resume?",
     "usage: newsbridge run "),
    (["run", "seeds", "--out", "o", "--translater", "gloss"],
     "newsbridge run: unknown option --translater; did you mean --translator?", "usage: newsbridge run "),
    (["run", "seeds", "--out", "o", "--bogus"], "newsbridge run: unknown option --bogus", "usage: newsbridge run "),
    (["run", "seeds", "--out", "o", "--limt", "3", "--bogus"],
     "newsbridge run: unknown options --limt (did you mean --limit?), --bogus", "usage: newsbridge run "),
    (["rnu", "seeds"], "newsbridge: unknown command rnu; did you mean run? (commands: run, translate, show, inspect, "
     "cache, report, dataset, glossary, models, completion)", "usage: newsbridge [options] COMMAND ... "),
    (["glossary", "lokup", "x"], "newsbridge glossary: unknown command lokup; did you mean lookup? (commands: check, "
     "fmt, add, alias, lookup, suggest, export)", "usage: newsbridge glossary [options] COMMAND ... "),
    (["models", "instal", "zh_en"], "newsbridge models: unknown command instal; did you mean install? (commands: "
     "list, install, remove)", "usage: newsbridge models [options] COMMAND ... "),
    (["--qiuet", "run", "seeds", "--out", "o"], "newsbridge: unknown option --qiuet; did you mean --quiet?",
     "usage: newsbridge "),
    (["glossary", "lookup", "--glosaries", "g", "x"],
     "newsbridge glossary lookup: unknown option --glosaries; did you mean --glossaries?",
     "usage: newsbridge glossary lookup [options] NAME "),
]


@pytest.mark.parametrize(("argv", "first", "usage"), MISTYPED)
def test_a_mistyped_option_or_command_is_one_line_and_a_short_usage(argv: list[str], first: str, usage: str,
                                                                     tmp_path: Path, capsys) -> None:
    out = tmp_path / "o"
    assert main([str(out) if word == "o" else word for word in argv]) == 2
    assert not out.exists()
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert captured.out == "" and len(lines) == 2, captured.err
    assert lines[0] == first
    assert lines[1].startswith(usage) and lines[1].endswith("--help)"), lines[1]
