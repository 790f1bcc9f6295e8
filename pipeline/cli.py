# PYTHON_ARGCOMPLETE_OK
"""Command line: `newsbridge run`, `translate`, `glossary ...`, `models ...` and `completion` (the other commands
are added by their own packages).
Heavy imports happen inside commands so `newsbridge --help` (and a shell completion) stays instant."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pipeline import __version__
from pipeline.invocation import EXIT_FAILED, EXIT_OK, EXIT_USAGE, OVERWRITE, PROG, RESUME
from pipeline.invocation import fail as _fail

DESCRIPTION = ("Chinese → English financial-news pipeline: reads Chinese (Simplified or Traditional) market news, "
               "links company, fund and index names to canonical English names and tickers, translates offline, "
               "and writes aligned JSONL, Parquet and TMX with a manifest that accounts for every record.")
EPILOG = ("-q/-v work before or after a subcommand. Exit status: 0 done, 1 the work failed (a run stopped or "
          "wrote no document, check found an invalid glossary, an install failed), 2 a usage error (bad flag or "
          "value, a missing file named on the command line, conflicting options), 130/143 stopped by Ctrl-C/SIGTERM "
          "(a run keeps its finished shards for --resume).")
COMPLETION_SHELLS = ("bash", "zsh", "fish")
# What to do about an OSError that stops a run (any other: "fix that"); a full disk has its own line.
OS_ERROR_HINTS = {
    errno.EACCES: "fix the permissions",
    errno.EPERM: "fix the permissions",
    errno.EROFS: "use a writable file system (it is mounted read-only)",
    errno.EMFILE: "raise the open-file limit (ulimit -n) or use fewer --workers",
    errno.ENFILE: "close other programs' files or raise the system's open-file limit",
}
# argparse's messages for an argument it does not know, or for a required one it missed because of it.
UNKNOWN_MESSAGES = ("unrecognized arguments", "the following arguments are required")
# argparse's message for a subcommand name it does not have: the argument's name, then the word given.
INVALID_CHOICE = re.compile(r"argument (\S+): invalid choice: '(.*?)'")
# How alike a mistyped option or command and a real one must be to suggest it (difflib's ratio, 0..1, of the
# names without their dashes): "rnu"/"run" is 0.67, "bogus"/"verbose" 0.5.
SUGGEST_CUTOFF = 0.6
log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse with one error format, and subcommands that reject what they do not know themselves, so the
    usage printed with the error is the subcommand's (plain argparse leaves it to the top-level parser)."""

    subcommand = False
    _argv: list[str] = []

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        self._argv = list(sys.argv[1:] if args is None else args)
        namespace, extras = super().parse_known_args(args, namespace)
        if self.subcommand and extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def error(self, message: str) -> NoReturn:
        """One line saying what is wrong (a close match for a mistyped option or command), then the short usage;
        `--help` has the whole list, which would otherwise bury the one line that matters."""
        unknown = self._unknown_options()
        if unknown and message.startswith(UNKNOWN_MESSAGES):  # the cause, not its consequence
            line = f"{self.prog}: {_unknown_options_line(unknown, list(self._option_string_actions))}"
        elif (command := _invalid_command(self, message)) is not None:
            line = f"{self.prog}: {command}"
        else:
            line = f"{PROG}: error: {message}"  # as every other error (the usage line below names the command)
        self.exit(EXIT_USAGE, f"{line}\n{self.short_usage()}\n")

    def short_usage(self) -> str:
        """"usage: newsbridge run [options] INPUT [INPUT ...] --out DIR (every option: newsbridge run --help)":
        what must be given, and where the rest is."""
        from pipeline.invocation import command

        formatter = self._get_formatter()
        parts = [self.prog]
        if any(a.option_strings and not a.required and a.help is not argparse.SUPPRESS for a in self._actions
               if not isinstance(a, argparse._HelpAction)):
            parts.append("[options]")
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                parts.append(f"{action.metavar or 'COMMAND'} ...")
            elif not action.option_strings:
                parts.append(formatter._format_args(action, action.dest.upper()))
            elif action.required:
                parts.append(f"{action.option_strings[-1]} {formatter._format_args(action, action.dest.upper())}")
        help_command = command(*self.prog.split()[1:], "--help")
        return f"usage: {' '.join(parts)} (every option: {help_command})"

    def _unknown_options(self) -> list[str]:
        """Options on this parser's part of the command line that it has no prefix of (argparse's abbreviations
        count as known), up to the subcommand name or `--`."""
        known = list(self._option_string_actions)
        commands = {name for a in self._actions if isinstance(a, argparse._SubParsersAction) for name in a.choices}
        unknown = []
        for token in self._argv:
            if token == "--" or token in commands:
                break
            name = token.split("=", 1)[0]
            if name.startswith("-") and name != "-" and not name[1:2].isdigit() \
                    and not any(option.startswith(name) for option in known):
                unknown.append(token)
        return unknown


def _suggest(word: str, choices: Sequence[str]) -> str | None:
    """The choice closest to a mistyped `word`, if one is close enough to be what was meant."""
    import difflib

    bare = {choice.lstrip("-"): choice for choice in choices}  # "--" in both would make any two look alike
    found = difflib.get_close_matches(word.lstrip("-"), list(bare), n=1, cutoff=SUGGEST_CUTOFF)
    return bare[found[0]] if found else None


def _unknown_options_line(unknown: list[str], known: list[str]) -> str:
    """"unknown option --wokers; did you mean --workers?" (several: each with its own suggestion)."""
    shown = []
    for token in unknown:
        name = token.split("=", 1)[0]
        match = _suggest(name, [o for o in known if o.startswith("--")] if name.startswith("--") else known)
        shown.append((name, match))
    if len(shown) == 1:
        name, match = shown[0]
        return f"unknown option {name}" + (f"; did you mean {match}?" if match else "")
    return "unknown options " + ", ".join(name + (f" (did you mean {match}?)" if match else "")
                                          for name, match in shown)


def _invalid_command(parser: argparse.ArgumentParser, message: str) -> str | None:
    """"unknown command rnu; did you mean run?" when argparse rejected a subcommand name, else None."""
    found = INVALID_CHOICE.match(message)
    if found is None:
        return None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and found.group(1) in (action.metavar, action.dest):
            word = found.group(2)
            match = _suggest(word, list(action.choices))
            return (f"unknown command {word}" + (f"; did you mean {match}?" if match else "")
                    + f" (commands: {', '.join(action.choices)})")
    return None


def _verbosity(parser: argparse.ArgumentParser, top: bool) -> None:
    """-q/-v on the top-level parser (defaults False) and on every subcommand, whose copies default to SUPPRESS
    so `newsbridge -v run` keeps the -v that the run parser did not see."""
    default = False if top else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="no progress display, no notices; warnings and errors only")
    group.add_argument("-v", "--verbose", action="store_true", default=default, help="debug logging")


def _command(sub: argparse._SubParsersAction, name: str, help: str, description: str = "",
             **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand with a one-line help and a description (default: the help as a sentence)."""
    return sub.add_parser(name, help=help, description=description or _sentence(help), **kwargs)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _apply_conventions(parser: argparse.ArgumentParser) -> None:
    """Every subcommand, however it was added (commands from other modules too): -q/-v, its own usage on an
    unknown argument, and a description."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {a.dest: a.help for a in action._choices_actions}
        for name, sub in action.choices.items():
            sub.subcommand = True  # type: ignore[attr-defined]
            if "--quiet" not in sub._option_string_actions:
                _verbosity(sub, top=False)
            if not sub.description and helps.get(name):
                sub.description = _sentence(helps[name])
            _apply_conventions(sub)


def _glossaries_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument("--glossaries", type=Path, metavar="DIR", default=default,
                        help="glossary directory (default: ./glossaries if there is one, else the project's)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _verbosity(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    from pipeline.dataset.command import add_dataset_parser
    from pipeline.report.command import add_report_parser
    from pipeline.translate_command import add_translate_parser
    from pipeline.views.commands import add_commands  # show, inspect, cache

    _run_parser(sub)
    add_translate_parser(sub)
    add_commands(sub)
    add_report_parser(sub)
    add_dataset_parser(sub)
    _glossary_parser(sub)
    _models_parser(sub)
    completion = _command(sub, "completion", "print the shell code that completes newsbridge's commands and flags",
                          "Print the shell code to enable completion; e.g. in ~/.bashrc: "
                          'eval "$(newsbridge completion bash)".')
    completion.add_argument("shell", choices=COMPLETION_SHELLS)
    _apply_conventions(parser)
    return parser


def _run_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from pipeline.cli_flags import GROUP_TITLES, INPUTS, OTHER, OUTPUT, add_config_flags

    run = _command(sub, "run", "normalize, segment, link and translate a corpus into DIR",
                   "Normalize, segment, link and translate a corpus into --out DIR. Every config key has a flag "
                   "(or --set KEY=VALUE); precedence: defaults < --config FILE < flags and --set, the later of "
                   "two for one key winning.")
    groups = {name: run.add_argument_group(title) for name, title in GROUP_TITLES.items()}
    groups[INPUTS].add_argument(
        "inputs", nargs="+", metavar="INPUT",
        help=".jsonl, .json, .csv, .txt, .parquet or .html files (.gz, .bz2, .xz, .zst compressed too), "
             "directories, or - for standard input")
    groups[INPUTS].add_argument("--limit", type=_positive, metavar="N",
                                help="read only the first N records across the inputs (a quick trial)")
    groups[OUTPUT].add_argument("--out", required=True, type=Path, metavar="DIR", help="output directory")
    existing = groups[OUTPUT].add_mutually_exclusive_group()
    existing.add_argument("--overwrite", action="store_true",
                          help="replace an earlier newsbridge output in DIR (any other non-empty directory is "
                               "refused; files of your own in it are kept)")
    existing.add_argument("--resume", action="store_true",
                          help="finish an interrupted run into DIR: shards it completed are not redone")
    groups[OUTPUT].add_argument("--append", action="store_true",
                                help="add the run to the dataset in DIR (made by the first --append): records whose "
                                     "id it holds are skipped and counted as already_present")
    groups[OUTPUT].add_argument("--update", action="store_true",
                                help="like --append, but a record whose id the dataset holds replaces it (a "
                                     "corrected article)")
    groups[OTHER].add_argument("--config", type=Path, metavar="FILE", help="YAML run config; flags override it")
    add_config_flags(run, groups)
    return run


def _glossary_parser(sub: argparse._SubParsersAction) -> None:
    glossary = _command(sub, "glossary", "glossary maintenance: check, fmt, add, alias, lookup, suggest, export",
                        "Glossary maintenance. --glossaries DIR names the glossary directory, here or after the "
                        "subcommand.")
    _glossaries_option(glossary, default=None)
    gsub = glossary.add_subparsers(dest="glossary_command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _glossaries_option(common)
    check = _command(gsub, "check", "validate glossaries; FILE:LINE: message per problem, exit 1 on errors",
                     "Validate the glossaries: every error as FILE:LINE: message (exit 1 if any); warnings are "
                     "summarised (count per kind, the first few) unless -v lists them all.", parents=[common])
    check.add_argument("dir", nargs="?", type=Path, help="deprecated: use --glossaries DIR")
    fmt = _command(gsub, "fmt", "canonical order and formatting of curated files (comments kept)", parents=[common])
    fmt.add_argument("dir", nargs="?", type=Path, help="deprecated: use --glossaries DIR")
    fmt.add_argument("--check", action="store_true", help="only report files that would change; exit 1 if any")
    add = _command(gsub, "add", "append an entry with a generated canonical English name", parents=[common])
    add.add_argument("zh", help="Simplified Chinese short name")
    add.add_argument("--type", default="company", dest="entry_type", help="entry type (default: company)")
    add.add_argument("--en", help="canonical English (default: pinyin + translated suffix)")
    add.add_argument("--ticker", help="e.g. 600519.SH")
    add.add_argument("--id", dest="entry_id", help="entry id (default: generated)")
    add.add_argument("--alias-zh", action="append", default=[], help="another Chinese name; repeatable")
    add.add_argument("--alias-en", action="append", default=[], help="another English name; repeatable")
    add.add_argument("--file", type=Path, help="YAML file to append to (default: <glossaries>/custom.yaml)")
    add.add_argument("--merge", action="store_true",
                     help="if the id, a name or the ticker is already an entity's, add the names and ticker to it "
                          "(its aliases are kept) instead of refusing")
    alias = _command(gsub, "alias", "add a name to an existing entity (by id, ticker or name)",
                     "Add NAME (Chinese or English) as an alias of ENTITY (its id, full ticker or a name it is "
                     "linked by). Refused when another entity has the name. An entity from a generated file gets "
                     "a curated override in --file with all its names.", parents=[common])
    alias.add_argument("entity", metavar="ENTITY", help="id (tw.2049), ticker (2049.TW) or name (上银科技)")
    alias.add_argument("name", metavar="NAME", help="the new alias")
    alias.add_argument("--file", type=Path,
                       help="curated file for the override of a generated entity (default: <glossaries>/custom.yaml)")
    lookup = _command(gsub, "lookup", "which entry a Simplified, Traditional or English name resolves to",
                      parents=[common])
    lookup.add_argument("name")
    suggest = _command(gsub, "suggest", "company-like names in a corpus that no glossary links", parents=[common])
    suggest.add_argument("inputs", nargs="+", metavar="CORPUS")
    suggest.add_argument("--min-count", type=_positive, default=2, help="fewest occurrences (default 2)")
    suggest.add_argument("--out", type=Path, help="write the YAML patch here (default: stdout)")
    export = _command(gsub, "export", "export names for other tools (jieba dictionary, CSV, TBX)", parents=[common])
    export.add_argument("--format", required=True, choices=("jieba", "csv", "tbx"))
    export.add_argument("--out", type=Path, help="output file (default: stdout)")


def _models_parser(sub: argparse._SubParsersAction) -> None:
    models = _command(sub, "models", "argostranslate translation packages: list, install, remove")
    msub = models.add_subparsers(dest="models_command", required=True, metavar="COMMAND")
    _command(msub, "list", "installed packages and what they translate")
    install = _command(msub, "install", "install a package: a language pair from the argos index (needs internet), "
                       "or an .argosmodel file (offline)")
    install.add_argument("package", metavar="zh_en|PATH.argosmodel")
    install.add_argument("--max-size", metavar="SIZE", default=None, type=_size,
                         help="refuse a package that unpacks to more than this (e.g. 4G; default 2G, or "
                              "$NEWSBRIDGE_MAX_MODEL_BYTES)")
    from pipeline.views.commands import add_models_commands  # models remove

    add_models_commands(msub)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _size(text: str) -> int:
    from pipeline.models.archive import parse_size
    from pipeline.models.packages import ModelError

    try:
        return parse_size(text)
    except ModelError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def cmd_run(args: argparse.Namespace) -> int:
    """`newsbridge run`: the flags as one pipeline.api.run call (no table is loaded), then the summary."""
    from pipeline.api import run
    from pipeline.cli_flags import config_from_args
    from pipeline.config import ConfigError
    from pipeline.dataset.layout import run_dir, run_entries
    from pipeline.dataset.store import DatasetError
    from pipeline.engines import EngineError, WorkerLost
    from pipeline.glossary import GlossaryError
    from pipeline.interrupts import RunInterrupted, exit_code
    from pipeline.io.outdir import OutputDirError
    from pipeline.io.readers import InputError
    from pipeline.runner import resume_refusal
    from pipeline.shards import InputChanged
    from pipeline.stage import ServiceLost, StageContractError, StageError
    from pipeline.summary import format_summary

    try:
        config = config_from_args(args)
        result = run(args.inputs, args.out, config=config, limit=getattr(args, "limit", None),
                     overwrite=args.overwrite, resume=args.resume, quiet=args.quiet, append=args.append,
                     update=args.update)
    except ServiceLost as e:  # after planning: the finished shards are kept
        return _fail(f"{e}; the finished shards are kept: run {_run_again(args, RESUME)}", EXIT_FAILED)
    except (ConfigError, InputError, OutputDirError, StageError) as e:
        return _fail(str(e))
    except DatasetError as e:  # an --out that cannot take an append: the dataset is as it was
        return _fail(str(e))
    except WorkerLost as e:
        return _fail(f"{e}; the finished shards are kept: run {_run_again(args, RESUME)}", EXIT_FAILED)
    except EngineError as e:  # the engine's options were checked with the config: this is a start that failed
        return _fail(str(e), EXIT_FAILED)
    except GlossaryError as e:
        for problem in e.problems[1:]:
            print(problem, file=sys.stderr)
        return _fail(f"invalid glossary: {e.problems[0]}" + (
            f" (and {len(e.problems) - 1} more above)" if len(e.problems) > 1 else ""))
    except StageContractError as e:
        return _fail(f"{e}; the finished shards are kept: fix the stage, then run {_run_again(args, RESUME)}",
                     EXIT_FAILED)
    except InputChanged as e:  # from a shard, after planning: the plan no longer matches the input
        return _fail(f"{e}; --resume will refuse it: {resume_refusal(['inputs'])}", EXIT_FAILED)
    except RunInterrupted as e:
        print(f"{PROG}: {e}; finish with: {_run_again(args, RESUME)}", file=sys.stderr)
        return exit_code(e)
    except OSError as e:
        return _os_error(e, args)
    if result.already_finished and (args.append or args.update):
        history = run_entries(result.manifest.get("history") or []) or [{}]
        print(f"{PROG}: the interrupted run into {args.out} had been appended already (as "
              f"{history[-1].get('run_id', 'its last run')}): nothing to redo")
        return EXIT_OK
    if result.already_finished:
        counts = result.manifest["counts"]
        print(f"{PROG}: {args.out} is already finished (documents {counts['documents_out']}, rejected "
              f"{counts['rejected']}): nothing to resume; to run it again: {_run_again(args, OVERWRITE)}")
        return EXIT_OK
    dataset = result.manifest.get("dataset")
    shown = run_dir(args.out, dataset["run_id"]) if dataset else args.out  # a dataset keeps the run's files there
    print(format_summary(result.manifest, shown))
    return _nothing_out(result.manifest, shown)


def _os_error(error: OSError, args: argparse.Namespace) -> int:
    """A run stopped by the system (full disk, permissions, a read-only file system, too many open files, a name
    too long): one line naming the file, and what to do. The output is swapped in whole or not at all, and the
    finished shards are kept: --resume finishes the run (or says it is already finished)."""
    from pipeline.io.atomic import is_full_disk

    if is_full_disk(error):
        return _fail(f"{error.strerror or 'no space left'} writing {error.filename or 'the output'}: {args.out} is "
                     f"unchanged; free some space, then finish with: {_run_again(args, RESUME)}", EXIT_FAILED)
    reason = error.strerror or str(error)
    if error.errno == errno.ENAMETOOLONG:  # a name given on the command line, or made from one: a usage error
        return _fail(f"{error.filename or args.out}: {reason.lower()}; use a shorter name")
    code = errno.errorcode.get(error.errno or 0, type(error).__name__)
    where = f": {error.filename}" if error.filename else ""
    hint = OS_ERROR_HINTS.get(error.errno or 0, "fix that")
    return _fail(f"{reason} ({code}){where}; {hint}, then finish with: {_run_again(args, RESUME)}", EXIT_FAILED)


def _run_again(args: argparse.Namespace, flag: str) -> str:
    """The exact command that runs this again with --resume or --overwrite."""
    from pipeline.invocation import run_again

    return run_again(getattr(args, "argv", None) or [], args.inputs, args.out, flag)


def _nothing_out(manifest: dict[str, Any], out: Path) -> int:
    """A run that wrote no document failed, though its outputs (rejects, manifest, report) are there to say why;
    one whose records were all in its dataset already did its job (a daily job run twice on the same day), and so
    did one whose only other records an earlier run of the dataset rejected too (that day's bad lines, read again)."""
    counts = manifest["counts"]
    if counts["documents_out"] or counts["rejected"] == 0:
        return EXIT_OK
    dataset = manifest.get("dataset")
    if dataset and counts.get("already_present"):
        from pipeline.dataset.rejects import rejected_before

        if rejected_before(Path(dataset["path"]), dataset["run_id"]):
            return EXIT_OK
    from pipeline.io.output_rows import REJECTS_FILE

    new = counts["records_in"] - counts.get("already_present", 0)
    return _fail(f"nothing came out: all {new} {'new ' if new != counts['records_in'] else ''}records were "
                 f"rejected; the reasons are in {Path(out) / REJECTS_FILE}", EXIT_FAILED)


def cmd_glossary(args: argparse.Namespace) -> int:
    from pipeline.config import default_glossaries
    from pipeline.glossary import GlossaryError, compile_glossary
    from pipeline.glossary.loader import root_problem
    from pipeline.glossary.tools import GlossaryToolError
    from pipeline.text.normalizer import TextNormalizer

    try:
        root = _glossary_root(args) or default_glossaries()
    except ValueError as e:
        return _fail(str(e))
    if (why := root_problem(Path(root))) is not None:
        return _fail(why)
    if args.glossary_command == "fmt":
        from pipeline.glossary.tools import format_glossaries

        try:
            changed = format_glossaries(root, write=not args.check)
        except GlossaryError as e:
            print("\n".join(e.problems))
            return _fail(f"{len(e.problems)} problem(s) in {root}: nothing formatted", EXIT_FAILED)
        for path in changed:
            print(f"{path}: {'would be reformatted' if args.check else 'reformatted'}")
        return EXIT_FAILED if args.check and changed else EXIT_OK
    try:
        compiled = compile_glossary(root, use_cache=args.glossary_command != "check")
    except GlossaryError as e:
        print("\n".join(e.problems))
        print(f"{len(e.problems)} problem(s) in {root}", file=sys.stderr)
        return EXIT_FAILED
    normalize = TextNormalizer()
    try:
        return GLOSSARY_COMMANDS[args.glossary_command](args, compiled, normalize, root)
    except GlossaryToolError as e:  # a value given on the command line (a colliding name, a bad ticker)
        return _fail(str(e))


def _glossary_root(args: argparse.Namespace) -> Path | None:
    """--glossaries (after `glossary` or after the subcommand), or the deprecated positional DIR of check/fmt,
    which warns; two different directories are a usage error (ValueError)."""
    given = getattr(args, "glossaries", None)
    positional = getattr(args, "dir", None)
    if positional is None:
        return given
    from pipeline.invocation import command

    log.warning("`newsbridge glossary %s DIR` is deprecated: use `%s`", args.glossary_command,
                command("glossary", args.glossary_command, "--glossaries", "DIR"))
    if given is not None and Path(given).resolve() != Path(positional).resolve():
        raise ValueError(f"two glossary directories given: {positional} and --glossaries {given}")
    return positional


def _glossary_check(args, compiled, normalize, root) -> int:
    from pipeline.warnings_summary import summarise

    warnings = [w.replace(": ", ": warning: ", 1) for w in compiled.glossary.warnings]
    if getattr(args, "verbose", False):
        print("\n".join(warnings))
    elif warnings and not getattr(args, "quiet", False):
        print("\n".join(summarise(warnings)))
        print("(-v lists every warning)")
    print(f"OK: {len(compiled)} entries, {len(compiled.zh_keys)} Chinese and {len(compiled.en_keys)} English "
          f"names in {root} (hash {compiled.content_hash}); {len(warnings)} warning(s); "
          f"{len(compiled.context_keys)} ambiguous short names link only with market context")
    return EXIT_OK


def _glossary_lookup(args, compiled, normalize, root) -> int:
    from pipeline.glossary.tools import lookup

    lines = lookup(compiled, args.name, normalize)
    print("\n".join(lines))
    return EXIT_FAILED if lines[-1].endswith("not in any glossary") else EXIT_OK


def _glossary_add(args, compiled, normalize, root) -> int:
    from pipeline.glossary.edits import add_entry

    target = args.file or Path(root) / "custom.yaml"
    done = add_entry(compiled, normalize, target, zh=args.zh, entry_type=args.entry_type, en=args.en,
                     ticker=args.ticker, aliases_zh=args.alias_zh, aliases_en=args.alias_en, entry_id=args.entry_id,
                     merge=args.merge, root=Path(root))
    if not done.merged:
        print(f"added {done.entry_id} ({args.zh} → {done.en}) to {done.file}")
    elif done.added:
        print(f"merged into {done.entry_id}: added {', '.join(done.added)} in {done.file}")
    else:
        print(f"{done.entry_id} already has every name and ticker given; nothing written")
    return EXIT_OK


def _glossary_alias(args, compiled, normalize, root) -> int:
    from pipeline.glossary.edits import add_alias

    target = args.file or Path(root) / "custom.yaml"
    done = add_alias(compiled, normalize, target, args.entity, args.name, root=Path(root))
    if done.added:
        print(f"added alias {args.name!r} to {done.entry_id} in {done.file}")
    else:
        print(f"{args.name!r} is already a name of {done.entry_id}; nothing written")
    return EXIT_OK


def _glossary_suggest(args, compiled, normalize, root) -> int:
    from pipeline.glossary.tools import suggest, suggestions_yaml
    from pipeline.io.readers import InputError, read_corpus
    from pipeline.records import Document

    try:
        texts = (t for d in read_corpus(args.inputs) if isinstance(d, Document) for t in (d.title, d.body))
        found = suggest(texts, compiled, normalize, min_count=args.min_count)
    except InputError as e:
        return _fail(str(e))
    _emit(suggestions_yaml(found), args.out)
    if not getattr(args, "quiet", False):
        print(f"{len(found)} suggestion(s)", file=sys.stderr)
    return EXIT_OK


def _glossary_export(args, compiled, normalize, root) -> int:
    from pipeline.glossary.tools import export

    _emit(export(compiled, args.format), args.out)
    return EXIT_OK


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        from pipeline.io.atomic import write_text_atomic

        write_text_atomic(out, text)


def cmd_models(args: argparse.Namespace) -> int:
    from pipeline.models.packages import (
        ModelError,
        install_file,
        install_from_index,
        install_hint,
        installed_packages,
        package_dir,
    )

    try:
        if args.models_command == "list":
            packages = installed_packages()  # newest first, so the first zh→en one is the one used
            used = next((p for p in packages if (p.from_code, p.to_code) == ("zh", "en")), None)
            for pkg in packages:
                use = "  (used for zh→en)" if pkg is used else ""
                print(f"{pkg.name}  {pkg.version}  {pkg.from_code}→{pkg.to_code}  {pkg.path}{use}")
            if not packages:
                print(f"no translation packages installed in {package_dir()}; {install_hint()}")
            return EXIT_OK
        target = args.package
        if target.endswith(".argosmodel") and not Path(target).is_file():
            return _fail(f"{target}: no such file")
        if target.endswith(".argosmodel") or Path(target).exists():
            pkg = install_file(Path(target), max_bytes=args.max_size)
        else:
            pkg = install_from_index(target, quiet=args.quiet, max_bytes=args.max_size)
    except ModelError as e:
        return _fail(str(e), EXIT_FAILED)
    print(f"installed {pkg.name} {pkg.version} ({pkg.from_code}→{pkg.to_code}) in {pkg.path}")
    return EXIT_OK


GLOSSARY_COMMANDS = {"check": _glossary_check, "lookup": _glossary_lookup, "add": _glossary_add,
                     "alias": _glossary_alias, "suggest": _glossary_suggest, "export": _glossary_export}


def cmd_completion(args: argparse.Namespace) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode([PROG], shell=args.shell))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.report.command import cmd_report as report

    return report(args)


def cmd_translate(args: argparse.Namespace) -> int:
    from pipeline.translate_command import cmd_translate as translate

    return translate(args)


COMMANDS = {"run": cmd_run, "translate": cmd_translate, "glossary": cmd_glossary,
            "models": cmd_models, "completion": cmd_completion, "report": cmd_report}


def _autocomplete(parser: argparse.ArgumentParser) -> None:
    """Answer a shell's completion request (argcomplete's protocol: $_ARGCOMPLETE set) and exit; otherwise
    nothing, not even the import, so an ordinary command pays nothing for completion."""
    if "_ARGCOMPLETE" in os.environ:
        import argcomplete

        argcomplete.autocomplete(parser)


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line parsed (SystemExit on a usage error, as argparse does)."""
    parser = _parser()
    _autocomplete(parser)
    args = parser.parse_args(argv)
    if args.quiet and args.verbose:  # one before the subcommand, the other after it
        parser.error("-q/--quiet and -v/--verbose conflict")
    return args


def main(argv: list[str] | None = None) -> int:
    from pipeline.interrupts import exit_code, signals_as_exceptions

    with signals_as_exceptions():
        try:
            return _main(argv)
        except KeyboardInterrupt as e:  # Ctrl-C or SIGTERM outside a run's shards (a run reports its own)
            print(f"{PROG}: interrupted", file=sys.stderr)
            return exit_code(e)


def _main(argv: list[str] | None) -> int:
    from pipeline.logs import NORMAL, QUIET, VERBOSE, configure

    try:
        args = parse(argv)
    except SystemExit as e:  # usage errors (2) and --help/--version (0) as a return code, for callers of main()
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    args.argv = list(sys.argv[1:] if argv is None else argv)  # for a hint that repeats the command line
    configure(VERBOSE if args.verbose else QUIET if args.quiet else NORMAL)
    from pipeline.views.commands import dispatch

    if (code := dispatch(args)) is not None:
        return code
    handler = getattr(args, "func", None) or COMMANDS[args.command]  # a command added elsewhere may set func
    return handler(args)


if __name__ == "__main__":
    sys.exit(main())
