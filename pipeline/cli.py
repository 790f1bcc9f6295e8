"""Command line: `newsbridge run ...` and `newsbridge glossary check`. Heavy imports happen inside
commands so `newsbridge --help` stays instant."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from pipeline import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsbridge", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"newsbridge {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="normalize, segment, link and translate a corpus into DIR")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help=".jsonl, .csv or .txt files, or directories")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output directory")
    run.add_argument("--glossaries", type=Path, metavar="DIR", help="glossary directory (default: glossaries/)")
    run.add_argument("--translator", choices=("auto", "gloss", "argos"),
                     help="auto: an installed argos zh→en model, else gloss (default: auto)")
    run.add_argument("--config", type=Path, metavar="FILE", help="YAML run config; flags override it")

    glossary = sub.add_parser("glossary", help="glossary maintenance")
    gsub = glossary.add_subparsers(dest="glossary_command", required=True)
    check = gsub.add_parser("check", help="validate glossaries; FILE:LINE: message per problem")
    check.add_argument("dir", nargs="?", type=Path, help="glossary directory (default: glossaries/)")
    return parser


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"newsbridge: error: {message}", file=sys.stderr)
    return code


def cmd_run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from pipeline.config import ConfigError, load_config
    from pipeline.glossary import GlossaryError
    from pipeline.io.readers import InputError, expand_inputs
    from pipeline.runner import run
    from pipeline.summary import format_summary
    from stages.translate import TranslatorUnavailable

    try:
        config = load_config(args.config)
        if args.glossaries:
            config = replace(config, glossaries=args.glossaries)
        if args.translator:
            config = replace(config, translator=args.translator)
        expand_inputs(args.inputs)
        result = run(args.inputs, args.out, config)
    except (ConfigError, InputError, TranslatorUnavailable) as e:
        return _fail(str(e))
    except GlossaryError as e:
        for problem in e.problems[1:]:
            print(problem, file=sys.stderr)
        return _fail(f"invalid glossary: {e.problems[0]}" + (
            f" (and {len(e.problems) - 1} more above)" if len(e.problems) > 1 else ""))
    print(format_summary(result.manifest, args.out))
    return EXIT_OK


def cmd_glossary(args: argparse.Namespace) -> int:
    from pipeline.config import default_glossaries
    from pipeline.glossary import GlossaryError, compile_glossary

    root = args.dir or default_glossaries()
    try:
        compiled = compile_glossary(root)
    except GlossaryError as e:
        print("\n".join(e.problems))
        print(f"{len(e.problems)} problem(s) in {root}", file=sys.stderr)
        return EXIT_FAILED
    print(f"OK: {len(compiled)} entries, {len(compiled.zh_keys)} Chinese and {len(compiled.en_keys)} "
          f"English names in {root} (hash {compiled.content_hash})")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.command == "run":
        return cmd_run(args)
    return cmd_glossary(args)


if __name__ == "__main__":
    sys.exit(main())
