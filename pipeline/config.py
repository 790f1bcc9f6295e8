"""One YAML config for a run; command-line flags override it. Unknown keys are errors."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import yaml

from pipeline.io.mapping import DEFAULT_MAX_BODY_CHARS, DEFAULT_MAX_TITLE_CHARS
from pipeline.io.partition import PARTITION_KEYS
from pipeline.registry import DEFAULT_STEPS, StepSpec, parse_steps
from pipeline.stage import StageError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Documents per batch: large enough to amortize per-call costs, small enough to keep memory flat.
DEFAULT_BATCH_SIZE = 64
# Translator families (a segment's `translator` up to its first ":") that --tmx-translators may name.
TMX_TRANSLATOR_NAMES = ("gloss", "argos", "passthrough")
ALL_TRANSLATORS = "all"
# Records per shard: the unit of parallel work, of resume and of progress. Small enough that a killed run
# loses little, workers stay busy to the end and a neural run reports often; large enough that per-shard
# files and scheduling stay negligible (about 10 ms a shard on Dask).
DEFAULT_SHARD_RECORDS = 500
ENGINES = ("local", "dask")


class ConfigError(Exception):
    """A config file or option that cannot be used."""


def default_glossaries() -> Path:
    """./glossaries when the working directory has one, else the project's own."""
    local = Path("glossaries")
    return local if local.is_dir() else PROJECT_ROOT / "glossaries"


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
    encoding: str | None = None
    columns: str = ""
    stdin_format: str = "jsonl"
    # "date": each Parquet table is a directory of Hive partitions by local publication day; None: one file.
    partition_by: str | None = None

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


EXPECTED_TYPES: dict[str, type] = {
    "glossaries": str, "translator": str, "batch_size": int, "max_body_chars": int, "t2s": bool,
    "translation_memory": str, "beam_size": int, "translate_batch_size": int, "max_decoding_length": int,
    "compute_type": str, "threads": int, "tmx_translators": str, "steps": list, "engine": str, "workers": int,
    "scheduler": str, "shard_records": int, "max_title_chars": int, "encoding": str, "columns": str,
    "stdin_format": str, "partition_by": str,
}
STDIN_FORMATS = ("jsonl", "csv", "json", "txt", "html")


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


def load_config(path: Path | None) -> RunConfig:
    config = RunConfig(glossaries=default_glossaries())
    if path is None:
        return config
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config ({e.strerror})") from e
    except yaml.MarkedYAMLError as e:
        line = e.problem_mark.line + 1 if e.problem_mark else 1
        raise ConfigError(f"{path}:{line}: invalid YAML: {e.problem}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a config is a mapping of option: value")
    known = {f.name: f for f in fields(RunConfig)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise ConfigError(f"{path}: unknown config key(s) {', '.join(map(str, unknown))} "
                          f"(allowed: {', '.join(known)})")
    values: dict[str, Any] = {}
    for key, value in data.items():
        expected = EXPECTED_TYPES[key]
        if key == "columns" and isinstance(value, dict):  # {title: 標題, url: 連結}
            value = ",".join(f"{k}={v}" for k, v in value.items())
        minimum = 0 if key == "threads" else 1
        if not isinstance(value, expected) or (expected is int and (isinstance(value, bool) or value < minimum)):
            raise ConfigError(f"{path}: {key} must be "
                              f"{f'an integer >= {minimum}' if expected is int else 'a ' + expected.__name__}")
        if key == "glossaries":
            value = Path(path).parent / value
        elif key == "translation_memory" and value not in ("default", "off"):
            value = str(Path(path).parent / value)
        elif key == "tmx_translators":
            try:
                parse_tmx_translators(value)
            except ConfigError as e:
                raise ConfigError(f"{path}: {e}") from e
        elif key == "steps":
            try:
                value = parse_steps(value)
            except StageError as e:
                raise ConfigError(f"{path}: {e}") from e
        elif key in ("columns", "encoding", "stdin_format"):
            check_input_options(**{key: value}, where=f"{path}: ")
        elif key == "partition_by" and value not in PARTITION_KEYS:
            raise ConfigError(f"{path}: partition_by must be one of {', '.join(PARTITION_KEYS)}")
        elif key == "engine" and value not in ENGINES:
            raise ConfigError(f"{path}: engine must be one of {', '.join(ENGINES)}")
        values[key] = value
    return replace(config, **values)
