"""Command line: `newsbridge run`, `newsbridge glossary ...` and `newsbridge models ...`. Heavy imports
happen inside commands so `newsbridge --help` stays instant."""

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
    run.add_argument("inputs", nargs="+", metavar="INPUT",
                     help=".jsonl, .json, .csv, .txt, .parquet or .html files (.gz, .bz2, .xz, .zst compressed too), "
                          "directories, or - for standard input")
    run.add_argument("--encoding", metavar="NAME",
                     help="force the encoding of every input (default: detected per file; e.g. gb18030, big5)")
    run.add_argument("--columns", metavar="MAP",
                     help="which column holds which field, e.g. title=標題,published_at=時間,url=連結")
    run.add_argument("--stdin-format", choices=("jsonl", "csv", "json", "txt", "html"),
                     help="the format of - (default: jsonl)")
    run.add_argument("--max-title-chars", type=_positive, metavar="N",
                     help="reject a record whose title is longer (default 2000)")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output directory")
    run.add_argument("--glossaries", type=Path, metavar="DIR", help="glossary directory (default: glossaries/)")
    run.add_argument("--translator", choices=("auto", "gloss", "argos"),
                     help="auto: an installed argos zh→en model, else gloss (default: auto)")
    run.add_argument("--tmx-translators", metavar="LIST",
                     help="whose segments go into corpus.tmx: 'all' (default) or a comma-separated list of "
                          "gloss, argos, passthrough; e.g. 'argos' keeps gloss drafts out of a translation memory")
    run.add_argument("--config", type=Path, metavar="FILE", help="YAML run config; flags override it")
    run.add_argument("--workers", type=_positive, metavar="N",
                     help="shards processed at once: local processes, or Dask workers for a LocalCluster (default 1)")
    run.add_argument("--engine", choices=("local", "dask"), help="where shards run (default: local)")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="with --engine dask: an existing Dask scheduler (default: start a LocalCluster)")
    run.add_argument("--shard-records", type=_positive, metavar="N",
                     help="records per shard, the unit of parallel work, progress and --resume (default 500)")
    run.add_argument("--batch-size", type=_positive, metavar="N", help="documents per batch within a shard")
    existing = run.add_mutually_exclusive_group()
    existing.add_argument("--overwrite", action="store_true", help="replace a non-empty output directory")
    existing.add_argument("--resume", action="store_true",
                          help="finish an interrupted run into DIR: shards it completed are not redone")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress display")

    glossary = sub.add_parser("glossary", help="glossary maintenance")
    glossary.add_argument("--glossaries", type=Path, metavar="DIR", help="glossary directory (default: glossaries/)")
    gsub = glossary.add_subparsers(dest="glossary_command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--glossaries", type=Path, metavar="DIR", default=argparse.SUPPRESS,
                        help="glossary directory (default: glossaries/)")
    check = gsub.add_parser("check", help="validate glossaries; FILE:LINE: message per problem, exit 1 on errors")
    check.add_argument("dir", nargs="?", type=Path, help="glossary directory (default: glossaries/)")
    check.add_argument("--quiet", action="store_true", help="do not list warnings, only count them")
    fmt = gsub.add_parser("fmt", help="canonical order and formatting of curated files (comments kept)")
    fmt.add_argument("dir", nargs="?", type=Path, help="glossary directory (default: glossaries/)")
    fmt.add_argument("--check", action="store_true", help="only report files that would change; exit 1 if any")
    add = gsub.add_parser("add", parents=[common], help="append an entry with a generated canonical English name")
    add.add_argument("zh", help="Simplified Chinese short name")
    add.add_argument("--type", default="company", dest="entry_type")
    add.add_argument("--en", help="canonical English (default: pinyin + translated suffix)")
    add.add_argument("--ticker")
    add.add_argument("--id", dest="entry_id")
    add.add_argument("--alias-zh", action="append", default=[])
    add.add_argument("--alias-en", action="append", default=[])
    add.add_argument("--file", type=Path, help="YAML file to append to (default: <glossaries>/custom.yaml)")
    lookup = gsub.add_parser("lookup", parents=[common],
                             help="which entry a Simplified, Traditional or English name resolves to")
    lookup.add_argument("name")
    suggest = gsub.add_parser("suggest", parents=[common], help="company-like names in a corpus that no glossary links")
    suggest.add_argument("inputs", nargs="+", metavar="CORPUS")
    suggest.add_argument("--min-count", type=int, default=2)
    suggest.add_argument("--out", type=Path, help="write the YAML patch here (default: stdout)")
    export = gsub.add_parser("export", parents=[common], help="export names for other tools")
    export.add_argument("--format", required=True, choices=("jieba", "csv", "tbx"))
    export.add_argument("--out", type=Path, help="output file (default: stdout)")

    models = sub.add_parser("models", help="argostranslate translation packages")
    msub = models.add_subparsers(dest="models_command", required=True)
    msub.add_parser("list", help="installed packages and what they translate")
    install = msub.add_parser("install", help="install a package: a language pair from the argos index "
                              "(needs internet), or an .argosmodel file (offline)")
    install.add_argument("package", metavar="zh_en|PATH.argosmodel")
    install.add_argument("--max-size", metavar="SIZE", default=None,
                         help="refuse a package that unpacks to more than this (e.g. 4G; default 2G, or "
                              "$NEWSBRIDGE_MAX_MODEL_BYTES)")
    install.add_argument("-q", "--quiet", action="store_true", help="no download progress")
    from pipeline.views.commands import add_commands, add_models_commands  # show, inspect, cache, models remove

    add_commands(sub)
    add_models_commands(msub)
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"newsbridge: error: {message}", file=sys.stderr)
    return code


RUN_FLAGS = ("translator", "tmx_translators", "workers", "engine", "scheduler", "shard_records", "batch_size",
             "encoding", "columns", "stdin_format", "max_title_chars")


def cmd_run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from pipeline.config import ConfigError, check_input_options, load_config, parse_tmx_translators
    from pipeline.engines import EngineError
    from pipeline.glossary import GlossaryError
    from pipeline.io.outdir import OutputDirError
    from pipeline.io.readers import InputError
    from pipeline.runner import RunOptions, run
    from pipeline.stage import StageContractError, StageError
    from pipeline.summary import format_summary

    try:
        config = load_config(args.config)
        if args.glossaries:
            config = replace(config, glossaries=args.glossaries)
        if args.tmx_translators:
            parse_tmx_translators(args.tmx_translators)
        config = replace(config, **{k: getattr(args, k) for k in RUN_FLAGS if getattr(args, k) is not None})
        check_input_options(columns=config.columns, encoding=config.encoding)
        if config.scheduler and config.engine != "dask":
            raise ConfigError("--scheduler needs --engine dask")
        result = run(args.inputs, args.out, config,
                     options=RunOptions(overwrite=args.overwrite, resume=args.resume, quiet=args.quiet))
    except (ConfigError, InputError, OutputDirError, StageError, EngineError) as e:
        return _fail(str(e))
    except GlossaryError as e:
        for problem in e.problems[1:]:
            print(problem, file=sys.stderr)
        return _fail(f"invalid glossary: {e.problems[0]}" + (
            f" (and {len(e.problems) - 1} more above)" if len(e.problems) > 1 else ""))
    except StageContractError as e:
        return _fail(f"{e}; the finished shards are kept: fix the stage, then run again with --resume",
                     EXIT_FAILED)
    print(format_summary(result.manifest, args.out))
    return EXIT_OK


def cmd_glossary(args: argparse.Namespace) -> int:
    from pipeline.config import default_glossaries
    from pipeline.glossary import GlossaryError, compile_glossary
    from pipeline.glossary.tools import GlossaryToolError
    from pipeline.text.normalizer import TextNormalizer

    root = getattr(args, "dir", None) or args.glossaries or default_glossaries()
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
    except GlossaryToolError as e:
        return _fail(str(e), EXIT_FAILED)


def _glossary_check(args, compiled, normalize, root) -> int:
    warnings = compiled.glossary.warnings
    if not args.quiet:
        for warning in warnings:
            print(warning.replace(": ", ": warning: ", 1))
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
    from pipeline.glossary.tools import add_entry

    target = args.file or Path(root) / "custom.yaml"
    item = add_entry(compiled, normalize, target, zh=args.zh, entry_type=args.entry_type, en=args.en,
                     ticker=args.ticker, aliases_zh=args.alias_zh, aliases_en=args.alias_en, entry_id=args.entry_id)
    print(f"added {item['id']} ({item['zh']} → {item['en']}) to {target}")
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
    from pipeline.models.archive import parse_size
    from pipeline.models.packages import (
        INSTALL_HINT,
        ModelError,
        install_file,
        install_from_index,
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
                print(f"no translation packages installed in {package_dir()}; {INSTALL_HINT}")
            return EXIT_OK
        target = args.package
        limit = parse_size(args.max_size) if args.max_size is not None else None
        if target.endswith(".argosmodel") or Path(target).exists():
            pkg = install_file(Path(target), max_bytes=limit)
        else:
            pkg = install_from_index(target, quiet=args.quiet, max_bytes=limit)
    except ModelError as e:
        return _fail(str(e), EXIT_FAILED)
    print(f"installed {pkg.name} {pkg.version} ({pkg.from_code}→{pkg.to_code}) in {pkg.path}")
    return EXIT_OK


GLOSSARY_COMMANDS = {"check": _glossary_check, "lookup": _glossary_lookup, "add": _glossary_add,
                     "suggest": _glossary_suggest, "export": _glossary_export}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from pipeline.views.commands import dispatch

    if (code := dispatch(args)) is not None:
        return code
    if args.command == "run":
        return cmd_run(args)
    if args.command == "models":
        return cmd_models(args)
    return cmd_glossary(args)


if __name__ == "__main__":
    sys.exit(main())
