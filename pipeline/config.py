"""One YAML config for a run and the one set of rules its values follow, whether they come from the file, a
--flag or --set key=value (which override the file). Unknown keys are errors."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from pipeline.io.mapping import (
    DEFAULT_MAX_BODY_CHARS,
    DEFAULT_MAX_ID_CHARS,
    DEFAULT_MAX_RECORD_BYTES,
    DEFAULT_MAX_TITLE_CHARS,
    preview,
)
from pipeline.io.partition import PARTITION_KEYS
from pipeline.paths import PROJECT_GLOSSARIES
from pipeline.registry import DEFAULT_STEPS, StepSpec, parse_steps
from pipeline.safe_yaml import YAMLProblem, compose, read_yaml_text, structure_problems
from pipeline.stage import StageError

# Documents per batch: large enough to amortize per-call costs, small enough to keep memory flat.
DEFAULT_BATCH_SIZE = 64
# Translator families (a segment's `translator` up to its first ":") that --tmx-translators may name.
TMX_TRANSLATOR_NAMES = ("gloss", "argos", "ct2", "llm", "passthrough")
ALL_TRANSLATORS = "all"
# Records per shard: the unit of parallel work, of resume and of progress. Small enough that a killed run
# loses little, workers stay busy to the end and a neural run reports often; large enough that per-shard
# files and scheduling stay negligible (about 10 ms a shard on Dask).
DEFAULT_SHARD_RECORDS = 500
ENGINES = ("local", "dask")
# Segments (title + sentences) one record may make: each becomes a row of segments.jsonl, a TMX unit and the
# rows of its mentions, so this bounds a record's output. The longest record of ../shared/data/news makes
# 100 (cls_telegraph_2026-05.jsonl:758, of 80,066 records); 5,000 is 50 times that, and a body at
# max_body_chars of ordinary 40-character sentences.
DEFAULT_MAX_SEGMENTS_PER_RECORD = 5_000
# A config is a few dozen lines (a few KB); a larger file is not read, so that a huge value
# is never held, echoed in an error or carried into the manifest.
CONFIG_MAX_BYTES = 2**20
CONFIG_ANCHOR_MESSAGE = "YAML anchors and aliases are not allowed in a config (write the value out)"


class ConfigError(Exception):
    """A config file or option that cannot be used."""


def default_glossaries() -> Path:
    """./glossaries when the working directory has one, else the project's own."""
    local = Path("glossaries")
    return local if local.is_dir() else PROJECT_GLOSSARIES


@dataclass(frozen=True)
class RunConfig:
    glossaries: Path
    translator: str = "auto"
    batch_size: int = DEFAULT_BATCH_SIZE
    max_body_chars: int = DEFAULT_MAX_BODY_CHARS
    t2s: bool = True
    # Translation memory: a SQLite file, "default" (the user cache directory) or "off".
    translation_memory: str = "default"
    # argos decoding (CTranslate2); defaults are argostranslate's, batched by examples.
    beam_size: int = 4
    translate_batch_size: int = 16
    max_decoding_length: int = 256
    compute_type: str = "int8"
    threads: int = 0  # parallel single-threaded batches; 0 = one per usable core
    # ct2: a CTranslate2 zh→en model directory (model.bin, vocabulary, tokenizer); `auto` uses it when set.
    model_dir: str | None = None
    # llm: an OpenAI-compatible chat-completions server (llama-server's default address); "" model = the one the
    # server lists. The API key is never a config key: NEWSBRIDGE_LLM_API_KEY or OPENAI_API_KEY.
    llm_url: str = "http://127.0.0.1:8080/v1"
    llm_model: str = ""
    llm_concurrency: int = 4
    llm_timeout: int = 120  # seconds per request
    llm_batch: int = 1  # sentences per request
    # Whose segments go into corpus.tmx: "all", or a comma-separated list such as "argos" to keep the
    # gloss translator's draft English out of a translation memory.
    tmx_translators: str = ALL_TRANSLATORS
    # The transforms, in order: names (or module:Class paths) with their options; None = the default list.
    steps: tuple[StepSpec, ...] | None = None
    # Where shards run: "local" (this machine, `workers` processes; 1 = in this process) or "dask".
    engine: str = "local"
    workers: int = 1
    scheduler: str | None = None  # dask: tcp://HOST:PORT of an existing scheduler; None starts a LocalCluster
    shard_records: int = DEFAULT_SHARD_RECORDS
    # Inputs: a title over max_title_chars is rejected; `encoding` forces one for every input (None:
    # detected per file); `columns` maps other column names ("title=標題,url=連結"); `stdin_format` is
    # the format of `-` (jsonl, csv, json, txt or html).
    max_title_chars: int = DEFAULT_MAX_TITLE_CHARS
    # A JSONL/CSV line, .json/Parquet record or .txt/.html file larger than this is rejected while it is read,
    # without holding it.
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
    # Output per record: an id is repeated on every row of its record; a record of more segments is rejected
    # at segmenting, before any linking or translation.
    max_id_chars: int = DEFAULT_MAX_ID_CHARS
    max_segments_per_record: int = DEFAULT_MAX_SEGMENTS_PER_RECORD
    encoding: str | None = None
    columns: str = ""
    stdin_format: str = "jsonl"
    # "date": each Parquet table is a directory of Hive partitions by local publication day; None: one file.
    partition_by: str | None = None
    # Which English names a linked company in `canonical` and the translation: "default" (the project's
    # convention, glossary `en`) or "official" (the listing's official English short name, `en_official`,
    # where the glossary has one). The rule: docs/linking.md.
    naming: str = "default"
    # Documents that tell a story an earlier one told (an exact or near copy, pipeline/dedupe): "keep" them with
    # `duplicate_of` naming the first, "drop" them (a reject with the reason, counted in `dropped`), or "off" (no
    # detection, `duplicate_of` always null).
    duplicates: str = "keep"

    @property
    def step_specs(self) -> tuple[StepSpec, ...]:
        if self.steps is not None:
            return self.steps
        return parse_steps(list(DEFAULT_STEPS))

    @property
    def tmx_translator_set(self) -> frozenset[str] | None:
        """The translator families whose segments go into the TMX; None for all."""
        return parse_tmx_translators(self.tmx_translators)

    def to_dict(self) -> dict[str, Any]:
        """The config as plain data (for the manifest and the resume check)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "glossaries":
                value = str(value)
            elif f.name == "steps":
                value = [{s.name: s.options} if s.options else s.name for s in self.step_specs]
            out[f.name] = value
        return out


STDIN_FORMATS = ("jsonl", "csv", "json", "txt", "html")
TRANSLATORS = ("auto", "gloss", "argos", "ct2", "llm")
NAMING = ("default", "official")
DUPLICATES = ("keep", "drop", "off")
# Keys with a fixed set of values (checked when the config is read, before any work starts).
CHOICES: dict[str, tuple[str, ...]] = {"translator": TRANSLATORS, "engine": ENGINES, "stdin_format": STDIN_FORMATS,
                                       "partition_by": PARTITION_KEYS, "naming": NAMING,
                                       "duplicates": DUPLICATES}
# Switch-like string keys: YAML reads an unquoted on/off/yes/no/true/false as a boolean, so a boolean here means
# the key's (on, off) value; `translation_memory: off` is how people write it.
SWITCHES: dict[str, tuple[str, str]] = {"translation_memory": ("default", "off")}
# Integer keys that may be 0 (0 threads = one per core); every other integer key is >= 1.
ZERO_ALLOWED = frozenset({"threads"})
# The largest value of an integer key: C's int, what CTranslate2's options and the readers' buffer sizes take
# (a max_record_bytes past sys.maxsize rejected every record with an OverflowError, a batch_size past it stopped
# the run with a traceback); far above any useful value (max_record_bytes 64 MiB, batch_size 64).
CONFIG_INT_MAX = 2**31 - 1


def _plain_type(hint: Any) -> tuple[type, bool]:
    """The YAML type a field's annotation takes (Path → str, tuple → list) and whether None is allowed."""
    args = [a for a in get_args(hint) if a is not type(None)]
    optional = len(args) < len(get_args(hint))
    if optional or get_origin(hint) in (Union, UnionType):
        return _plain_type(args[0])[0], optional
    if hint is Path:
        return str, False
    if get_origin(hint) in (tuple, list):
        return list, False
    return (hint if isinstance(hint, type) else object), False


def config_keys() -> dict[str, tuple[type, bool]]:
    """Every RunConfig key with its YAML type and whether it may be null: derived from the dataclass, so a new
    field is a config key, a --flag and a --set key without a list to update."""
    hints = get_type_hints(RunConfig)
    return {f.name: _plain_type(hints[f.name]) for f in fields(RunConfig)}


def check_value(key: str, value: Any, base: Path | None = None, where: str = "") -> Any:
    """The value RunConfig takes for `key`, or a ConfigError naming the key. One path for the config file
    (`base` = its directory, relative paths resolve there), flags and --set (`base` None: the working directory)."""
    keys = config_keys()
    if key not in keys:
        raise ConfigError(f"{where}unknown config key {key} (allowed: {', '.join(keys)})")
    expected, optional = keys[key]
    default = next(f.default for f in fields(RunConfig) if f.name == key)
    if value is None and (optional or default == ""):
        return default
    if key in SWITCHES and isinstance(value, bool):
        value = SWITCHES[key][0 if value else 1]
    if key == "columns" and isinstance(value, dict):  # {title: 標題, url: 連結}
        value = ",".join(f"{k}={v}" for k, v in value.items())
    minimum = 0 if key in ZERO_ALLOWED else 1
    if not isinstance(value, expected) or (expected is int and (isinstance(value, bool) or value < minimum)):
        wanted = f"an integer >= {minimum}" if expected is int else f"a {expected.__name__}"
        if key in SWITCHES:
            wanted += f" ({' or '.join(SWITCHES[key])} or a file)"
        raise ConfigError(f"{where}{key} must be {wanted}, got {preview(repr(value))}")
    if expected is int and value > CONFIG_INT_MAX:
        raise ConfigError(f"{where}{key} must be at most {CONFIG_INT_MAX:,}, got {preview(repr(value))}")
    if isinstance(value, str) and "\0" in value:  # no path, name or list holds one; os calls raise on it
        raise ConfigError(f"{where}{key} must not contain a NUL character (\\0), got {preview(repr(value))}")
    if key in CHOICES and value not in CHOICES[key]:
        raise ConfigError(f"{where}{key} must be one of {', '.join(CHOICES[key])}, got {preview(repr(value))}")
    if key == "glossaries":
        return base / value if base is not None else Path(value)
    if key == "translation_memory" and value not in SWITCHES[key]:
        return str(base / value) if base is not None else value
    if key == "model_dir":  # relative to the config file, like glossaries; a str, so the manifest holds it as is
        return str(base / value) if base is not None else value
    try:
        if key == "tmx_translators":
            parse_tmx_translators(value)
        elif key == "steps":
            return parse_steps(value)
    except (ConfigError, StageError) as e:
        raise ConfigError(f"{where}{e}") from e
    if key in ("columns", "encoding"):
        check_input_options(**{key: value}, where=where)
    return value


def check_combination(config: RunConfig) -> RunConfig:
    """Keys that are fine alone but not together (the config file and the flags merged)."""
    if config.scheduler and config.engine != "dask":
        raise ConfigError("scheduler (--scheduler) needs engine: dask (--engine dask)")
    if config.translator == "ct2" and not config.model_dir:
        raise ConfigError("translator ct2 (--translator ct2) needs model_dir (--model-dir DIR): a CTranslate2 zh→en "
                          "model directory")
    return config


def parse_tmx_translators(value: str) -> frozenset[str] | None:
    """"all" → None; "argos,passthrough" → {"argos", "passthrough"}. Unknown names are errors."""
    names = [n.strip() for n in value.split(",") if n.strip()]
    if names == [ALL_TRANSLATORS]:
        return None
    unknown = [n for n in names if n not in TMX_TRANSLATOR_NAMES]
    if unknown or not names:
        raise ConfigError(f"tmx_translators: {', '.join(unknown) or 'empty list'} is not a translator "
                          f"(use {ALL_TRANSLATORS!r} or a comma-separated list of {', '.join(TMX_TRANSLATOR_NAMES)})")
    return frozenset(names)


def check_input_options(columns: str | None = None, encoding: str | None = None, stdin_format: str | None = None,
                        where: str = "") -> None:
    """ConfigError for a column map, encoding or stdin format that cannot be used."""
    from pipeline.io.columns import ColumnMapError, parse_columns
    from pipeline.io.encoding import EncodingError, canonical

    try:
        if columns:
            parse_columns(columns)
        if encoding:
            canonical(encoding)
    except (ColumnMapError, EncodingError) as e:
        raise ConfigError(f"{where}{e}") from e
    if stdin_format is not None and stdin_format not in STDIN_FORMATS:
        raise ConfigError(f"{where}stdin_format must be one of {', '.join(STDIN_FORMATS)}")


def load_config(path: Path | None, overrides: dict[str, Any] | None = None) -> RunConfig:
    """Defaults < the config file at `path` < `overrides` (command-line flags and --set, already checked by
    `check_value`). Both sources go through `check_value`, so the rules and messages are the same."""
    config = RunConfig(glossaries=default_glossaries())
    values: dict[str, Any] = {}
    if path is not None:
        data = _read_config_file(Path(path))
        known = config_keys()
        unknown = sorted(preview(str(key)) for key in set(data) - set(known))
        if unknown:
            raise ConfigError(f"{path}: unknown config key(s) {', '.join(unknown)} (allowed: {', '.join(known)})")
        for key, value in data.items():
            values[key] = check_value(key, value, base=Path(path).parent, where=f"{path}: ")
    values.update(overrides or {})
    return check_combination(replace(config, **values))


def _read_config_file(path: Path) -> dict[str, Any]:
    """The config file's mapping, read as glossaries are (pipeline/safe_yaml.py): anchors refused before anything
    expands, nesting bounded (MAX_DEPTH), a repeated key an error; every problem one ConfigError line naming the
    file and line."""
    try:
        node, data = compose(read_yaml_text(path, CONFIG_MAX_BYTES), CONFIG_ANCHOR_MESSAGE)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config ({e.strerror or e})") from None
    except YAMLProblem as e:
        raise ConfigError(f"{path}:{e.line}: {e.reason}" if e.line else f"{path}: {e.reason}: not a config "
                          "(a config is a few lines of option: value)") from None
    if node is not None and (wrong := structure_problems(node, str(path))):
        raise ConfigError(wrong[0])
    data = data or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a config is a mapping of option: value")
    return data
