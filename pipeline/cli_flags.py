"""The run command's config flags, generated from RunConfig's fields (a new field gets its --flag without a list
to update), and `--set key=value`. Both check values with the config file's rules (pipeline.config.check_value)
and record them in command-line order, so the later of a flag and a --set for one key wins."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any

from pipeline.config import CONFIG_ANCHOR_MESSAGE, ConfigError, RunConfig, check_value, config_keys, load_config
from pipeline.safe_yaml import YAMLProblem, compose

# Where the values from flags and --set collect, in command-line order (a key given twice: the last wins).
OVERRIDES = "config_overrides"
INPUTS, OUTPUT, TRANSLATION, ENGINE, OTHER = "inputs", "output", "translation", "engine", "config"
# A key without a FlagDoc (a newly added RunConfig field) lands in OTHER until it is given a group.
GROUP_TITLES = {INPUTS: "inputs", OUTPUT: "output", TRANSLATION: "translation", ENGINE: "engine",
                OTHER: "config (precedence: defaults < --config FILE < flags and --set)"}


@dataclass(frozen=True)
class FlagDoc:
    group: str
    help: str
    metavar: str | None = None


# What each config key's flag says. A key missing here still gets a flag (group OTHER, a generic help).
FLAG_DOCS: dict[str, FlagDoc] = {
    "encoding": FlagDoc(INPUTS, "force the encoding of every input (default: detected per file; e.g. gb18030, big5)",
                        "NAME"),
    "columns": FlagDoc(INPUTS, "which column, key, nested path or position holds which field, in any format, e.g. "
                       "title=標題,url=連結 or body=content.text or title=0,body=1", "MAP"),
    "stdin_format": FlagDoc(INPUTS, "the format of - (default: jsonl)"),
    "max_title_chars": FlagDoc(INPUTS, "reject a record whose title is longer (default %(default)s)", "N"),
    "max_body_chars": FlagDoc(INPUTS, "reject a record whose body is longer (default %(default)s)", "N"),
    "max_record_bytes": FlagDoc(INPUTS, "reject a JSONL/CSV line, .json/Parquet record or .txt/.html "
                                        "file larger than this while reading it, without holding it "
                                        "(default %(default)s)", "BYTES"),
    "max_id_chars": FlagDoc(INPUTS, "reject a record whose id is longer; the id is repeated on every output row "
                                    "of its record (default %(default)s)", "N"),
    "max_segments_per_record": FlagDoc(INPUTS, "reject a record of more segments (title + sentences), before "
                                               "linking and translation: bounds a record's output "
                                               "(default %(default)s)", "N"),
    "t2s": FlagDoc(INPUTS, "convert Traditional Chinese to Simplified before linking (default: on)"),
    "partition_by": FlagDoc(OUTPUT, "date: each Parquet table as Hive partitions by publication day (default: one "
                                    "file per table)"),
    "tmx_translators": FlagDoc(OUTPUT, "whose segments go into corpus.tmx: 'all' (default) or a comma-separated "
                                       "list of gloss, argos, ct2, llm, passthrough", "LIST"),
    "duplicates": FlagDoc(OUTPUT, "a document telling a story an earlier one told (the run's or the dataset's): "
                                  "keep it with duplicate_of naming the first (default), drop it (a reject), or "
                                  "off (no detection)"),
    "naming": FlagDoc(TRANSLATION, "the English of linked companies: default (the project's convention) or "
                                   "official (the listing's official English short name where known)"),
    "glossaries": FlagDoc(TRANSLATION, "glossary directory (default: glossaries/)", "DIR"),
    "translator": FlagDoc(TRANSLATION, "auto: the ct2 model of --model-dir when given, else an installed argos "
                                       "zh→en model, else gloss (default: auto; never llm)"),
    "model_dir": FlagDoc(TRANSLATION, "ct2: a CTranslate2 zh→en model directory (OPUS-MT, NLLB-200, M2M-100)",
                         "DIR"),
    "translation_memory": FlagDoc(TRANSLATION, "a SQLite file, 'default' (the user cache directory) or 'off'",
                                  "FILE|default|off"),
    "beam_size": FlagDoc(TRANSLATION, "argos, ct2: beam width (default %(default)s)", "N"),
    "translate_batch_size": FlagDoc(TRANSLATION, "argos, ct2: sentences per CTranslate2 batch (default %(default)s)",
                                    "N"),
    "max_decoding_length": FlagDoc(TRANSLATION, "argos, ct2: longest output in tokens (default %(default)s)", "N"),
    "compute_type": FlagDoc(TRANSLATION, "argos, ct2: CTranslate2 compute type, e.g. int8, float32 (default "
                                         "%(default)s)", "TYPE"),
    "threads": FlagDoc(TRANSLATION, "argos, ct2: batches decoded in parallel; 0 = one per core (default 0)", "N"),
    "llm_url": FlagDoc(TRANSLATION, "llm: the server's OpenAI-compatible base URL, ending in /v1 (default "
                                    "%(default)s); the key: $NEWSBRIDGE_LLM_API_KEY or $OPENAI_API_KEY", "URL"),
    "llm_model": FlagDoc(TRANSLATION, "llm: the model name to ask for (default: the one the server lists)", "NAME"),
    "llm_concurrency": FlagDoc(TRANSLATION, "llm: requests in flight per process (default %(default)s)", "N"),
    "llm_timeout": FlagDoc(TRANSLATION, "llm: seconds to wait for one answer (default %(default)s)", "SECONDS"),
    "llm_batch": FlagDoc(TRANSLATION, "llm: sentences per request; 1 = the whole reply is the sentence's English "
                                      "(default %(default)s)", "N"),
    "engine": FlagDoc(ENGINE, "where shards run (default: local)"),
    "workers": FlagDoc(ENGINE, "shards processed at once: local processes, or Dask workers for a LocalCluster "
                               "(default 1)", "N"),
    "scheduler": FlagDoc(ENGINE, "with --engine dask: an existing Dask scheduler (default: start a LocalCluster)",
                         "tcp://HOST:PORT"),
    "shard_records": FlagDoc(ENGINE, "records per shard, the unit of parallel work, progress and --resume "
                                     "(default %(default)s)", "N"),
    "batch_size": FlagDoc(ENGINE, "documents per batch within a shard (default %(default)s)", "N"),
}


def flag_name(key: str) -> str:
    return "--" + key.replace("_", "-")


class ConfigValue(argparse.Action):
    """A config key's value from its flag or from --set: checked as the config file's is (a bad value is a
    usage error of this subcommand, exit 2), then recorded in order."""

    def __init__(self, option_strings: list[str], dest: str, key: str | None = None, **kwargs: Any) -> None:
        self.key = key
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if self.key is None:  # --set key=value
            key, sep, text = str(values).partition("=")
            if not sep or not key.strip():
                raise argparse.ArgumentError(self, f"expected key=value, got {values!r}")
            key, value = key.strip(), _yaml_scalar(text)
        else:
            key = self.key
            value = (not option_string.startswith("--no-")) if self.nargs == 0 and option_string else values
        try:
            checked = check_value(key, value)
        except ConfigError as e:
            raise argparse.ArgumentError(self, str(e)) from None
        record(namespace, key, checked)


def record(namespace: argparse.Namespace, key: str, value: Any) -> None:
    """Remember a value given on the command line (its key's attribute too, for code that reads args.<key>)."""
    overrides = dict(getattr(namespace, OVERRIDES, None) or {})
    overrides.pop(key, None)
    overrides[key] = value
    setattr(namespace, OVERRIDES, overrides)
    setattr(namespace, key, value)


def _yaml_scalar(text: str) -> Any:
    """--set values read as YAML, by the config file's loader: `off` is false, `2` is 2, `[normalize, segment]` a
    list; text that is no YAML it takes (a syntax error, an anchor, nesting past its depth) stays text."""
    try:
        return compose(text, CONFIG_ANCHOR_MESSAGE)[1] if text.strip() else None
    except YAMLProblem:
        return text


def _typed(kind: type) -> Any:
    """The argparse `type` for a key: text becomes an int when it is one, else stays text for check_value to
    reject with the key's name."""
    if kind is not int:
        return str

    def to_int(text: str) -> int | str:
        try:
            return int(text)
        except ValueError:
            return text

    return to_int


def add_config_flags(parser: argparse.ArgumentParser, groups: dict[str, Any],
                     wanted: Callable[[str, FlagDoc], bool] | None = None) -> None:
    """One flag per RunConfig key (bool keys as --x/--no-x; list keys such as steps only through --set), skipping
    an option the parser already has, plus --set. `groups` maps group names to argument groups to fill;
    `wanted(key, doc)`, when given, picks the keys that get a flag (another command takes some of the run's)."""
    defaults = {f.name: f.default for f in fields(RunConfig) if f.default is not MISSING}
    from pipeline.config import CHOICES

    for key, (kind, _optional) in config_keys().items():
        name = flag_name(key)
        if kind not in (str, int, bool) or name in parser._option_string_actions:
            continue
        doc = FLAG_DOCS.get(key, FlagDoc(OTHER, f"config key {key} (default: %(default)s)"))
        if wanted is not None and not wanted(key, doc):
            continue
        group = groups.get(doc.group) or groups[OTHER]
        options: dict[str, Any] = {"action": ConfigValue, "key": key, "dest": key, "default": None,
                                   "help": doc.help.replace("%(default)s", str(defaults.get(key)))}
        if kind is bool:
            group.add_argument(name, "--no-" + key.replace("_", "-"), nargs=0, **options)
            continue
        if key in CHOICES:
            options["choices"] = CHOICES[key]
        group.add_argument(name, type=_typed(kind), metavar=doc.metavar or (None if key in CHOICES else "VALUE"),
                           **options)
    groups[OTHER].add_argument("--set", action=ConfigValue, metavar="KEY=VALUE", dest="set",
                               default=argparse.SUPPRESS,
                               help="any config key (steps too), the value read as YAML, e.g. --set "
                                    "translation_memory=off --set beam_size=2; repeatable")


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """Defaults < --config FILE < flags and --set (in command-line order): the run's RunConfig."""
    path: Path | None = getattr(args, "config", None)
    return load_config(path, getattr(args, OVERRIDES, None))
