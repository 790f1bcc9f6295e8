"""`newsbridge translate`: Chinese text given as arguments or on standard input, one line of English out per line
in, through the stages, glossary checks and translation memory of a run (pipeline.textapi): the quick check users
know from `argos-translate`. Its translator settings are the run's config keys, flags and --config, so a
translator added to the config is usable here without a change."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.cli_flags import INPUTS, OTHER, TRANSLATION, ConfigValue, FlagDoc
from pipeline.config import DEFAULT_BATCH_SIZE
from pipeline.invocation import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from pipeline.invocation import fail as _fail
from pipeline.io.mapping import DEFAULT_MAX_RECORD_BYTES

if TYPE_CHECKING:
    from pipeline.config import RunConfig
    from pipeline.textapi import Translated

# The run's config keys this command has flags for: the translation group, the keys no group claims yet (a new
# translator's settings land there), and these; the run's other input, output and engine keys stay --set only.
INPUT_KEYS = frozenset({"t2s"})
FLAG_GROUPS = frozenset({TRANSLATION, OTHER})
# Flags of run keys whose run help would mislead here: (key, metavar, this command's help).
OWN_HELP = (
    ("batch_size", "N", f"lines translated together (default {DEFAULT_BATCH_SIZE}; a model translates a batch at "
                        "once)"),
    ("encoding", "NAME", "the encoding of standard input (default utf-8; e.g. gb18030, big5)"),
    ("max_record_bytes", "BYTES", f"refuse a line longer than this, without holding it (default "
                                  f"{DEFAULT_MAX_RECORD_BYTES})"),
)
# Characters str.splitlines() breaks at that json.dumps leaves unescaped: escaped, so a JSON line stays one line
# for any reader.
LINE_BREAKS_JSON_KEEPS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
UTF8_BOM = b"\xef\xbb\xbf"
log = logging.getLogger(__name__)


class BadInput(Exception):
    """Input the command cannot read: one line saying which and why, with its exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def add_translate_parser(sub: argparse._SubParsersAction) -> None:
    """The `translate` subcommand, for cli.py's subparsers."""
    from pipeline.cli_flags import GROUP_TITLES, add_config_flags, flag_name

    parser = sub.add_parser(
        "translate", help="translate Chinese text (arguments or standard input), one line of English per line",
        description="Translate Chinese text as a run does (glossary names, checked numbers, the translation "
                    "memory): each TEXT argument, or else each line of standard input, gives one line of "
                    "English; a blank line gives a blank line. Input is translated --batch-size lines at a time, "
                    "and whatever has arrived as soon as the input pauses, so `tail -f FILE | newsbridge "
                    "translate` answers line by line.")
    groups = {INPUTS: parser.add_argument_group("input"), TRANSLATION: parser.add_argument_group("translation"),
              OTHER: parser.add_argument_group(GROUP_TITLES[OTHER])}
    groups[INPUTS].add_argument("texts", nargs="*", metavar="TEXT",
                                help="Chinese text, one line out per line of it (default, or -: standard input)")
    groups[INPUTS].add_argument("--json", action="store_true",
                                help="one JSON object per line: zh, en, translator, flags, entities")
    for key, metavar, text in OWN_HELP:
        kind = int if metavar != "NAME" else str
        groups[INPUTS].add_argument(flag_name(key), action=ConfigValue, key=key, dest=key, type=kind, default=None,
                                    metavar=metavar, help=text)
    groups[OTHER].add_argument("--config", type=Path, metavar="FILE",
                               help="YAML run config (its translator keys apply); flags override it")
    add_config_flags(parser, groups, _wanted)


def _wanted(key: str, doc: FlagDoc) -> bool:
    return doc.group in FLAG_GROUPS or key in INPUT_KEYS


def cmd_translate(args: argparse.Namespace) -> int:
    """Translate, batch by batch, writing and flushing each batch's lines before reading more."""
    from pipeline.cli_flags import config_from_args
    from pipeline.config import ConfigError
    from pipeline.glossary import GlossaryError
    from pipeline.glossary.loader import root_problem
    from pipeline.io.encoding import EncodingError
    from pipeline.stage import StageError
    from pipeline.textapi import TextTakenOut, prepare, text_config

    try:
        given = config_from_args(args)
        encoding = _encoding(given.encoding)
    except (ConfigError, EncodingError) as e:
        return _fail(str(e))
    if (why := root_problem(Path(given.glossaries))) is not None:
        return _fail(why)
    config = text_config(given)
    try:
        prepare(config)  # an unusable glossary or translator stops here, before any input is read
    except GlossaryError as e:
        return _fail(f"invalid glossary: {e.problems[0]}")
    except StageError as e:
        return _fail(str(e))
    texts = [t for t in args.texts if t != "-"]
    first = 1
    try:
        for lines in (_argument_batches(texts, config.batch_size) if texts
                      else _stdin_batches(config, encoding)):
            _write(lines, config, json_lines=args.json, first=first)
            first += len(lines)
    except BadInput as e:
        return _fail(str(e), e.code)
    except TextTakenOut as e:
        return _fail(f"line {first + e.index}: {e}", EXIT_FAILED)
    except BrokenPipeError:  # a reader that stops early (`| head`) is not an error
        from pipeline.views.commands import discard_stdout

        discard_stdout()
    return EXIT_OK


def _encoding(forced: str | None) -> str:
    """The encoding of standard input: --encoding, else UTF-8. Lines are cut at the byte 0x0A, so an encoding
    whose line break is wider (UTF-16, UTF-32) is refused."""
    from pipeline.config import ConfigError
    from pipeline.io.encoding import canonical, is_wide

    name = canonical(forced) if forced else "utf-8"
    if is_wide(name):
        raise ConfigError(f"encoding {forced}: translate reads lines of an encoding whose line break is one byte "
                          "(utf-8, gb18030, big5); convert the input first, e.g. with iconv -f utf-16 -t utf-8")
    return name


def _argument_batches(texts: list[str], size: int) -> Iterator[list[str]]:
    lines = []
    for number, text in enumerate(texts, 1):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # bytes the system could not decode reach argv as lone surrogates
            raise BadInput(f"argument {number} is not valid text in this system's encoding; pass it on standard "
                           "input with --encoding NAME instead", EXIT_USAGE) from None
        lines += text.splitlines() or [""]
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


def _stdin_batches(config: RunConfig, encoding: str) -> Iterator[list[str]]:
    from pipeline.io.line_batches import LineTooLong, line_batches
    from pipeline.logs import NOTICE

    stream = sys.stdin
    if stream is None:  # closed (`<&-`): nothing to translate
        return
    if stream.isatty():
        log.log(NOTICE, "reading Chinese text from the terminal: each line is translated when you press Enter; "
                        "Ctrl-D ends")
    number = 0
    try:
        for raw in line_batches(getattr(stream, "buffer", stream), config.batch_size, config.max_record_bytes):
            lines = []
            for line in raw:
                number += 1
                if number == 1 and encoding == "utf-8" and line.startswith(UTF8_BOM):
                    line = line[len(UTF8_BOM):]
                try:
                    lines.append(line.decode(encoding))
                except UnicodeDecodeError as e:
                    raise BadInput(f"standard input line {number} is not valid {encoding} ({e.reason}); name its "
                                   "encoding with --encoding NAME (gb18030, big5, …)", EXIT_FAILED) from None
            yield lines
    except LineTooLong as e:
        raise BadInput(f"standard input {e}; a line is one text", EXIT_FAILED) from None


def _write(lines: list[str], config: RunConfig, *, json_lines: bool, first: int) -> None:
    from pipeline.textapi import translate_texts

    batch = translate_texts(lines, config)
    log.debug("lines %d-%d: %d sentence(s) from the translation memory, %d translated", first,
              first + len(lines) - 1, batch.memory_hits, batch.memory_misses)
    out = (_json_line(zh, done) if json_lines else _one_line(done.en) for zh, done in zip(lines, batch.texts,
                                                                                          strict=True))
    sys.stdout.write("".join(f"{line}\n" for line in out))
    sys.stdout.flush()


def _one_line(text: str) -> str:
    """The English of one line in as one line out (a normalizer may have read a line separator as a break)."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _json_line(zh: str, done: Translated) -> str:
    chinese = [t for t in done.translators if t != "passthrough"]
    row = {"zh": zh, "en": _one_line(done.en),
           "translator": chinese[0] if chinese else (done.translators[0] if done.translators else None),
           "flags": list(done.flags),
           "entities": [{"surface": m.surface, "canonical": m.canonical, "ticker": m.ticker, "type": m.type,
                         "entity_id": m.entity_id} for m in done.links]}
    text = json.dumps(row, ensure_ascii=False)
    for char, escaped in LINE_BREAKS_JSON_KEEPS.items():
        text = text.replace(char, escaped)
    return text
