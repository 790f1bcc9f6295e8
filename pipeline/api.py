"""The Python API: `run` a corpus (a DataFrame, records, or files) and read the outputs back as DataFrames
(`read` an earlier run's output or a dataset the same way); `translate` or `link` one text in a notebook. The
command line's `newsbridge run` is a thin layer over `run`.

Everything heavy (pandas, jieba, the glossary, a translation model) is imported or loaded on first use.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.config import RunConfig
from pipeline.io.output_source import OutputSource, RunFiles, open_output
from pipeline.report import REPORT_FILE
from pipeline.textapi import Link, Links, link, translate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Link", "Links", "RunResult", "compact", "link", "read", "run", "settings_names", "translate"]

# Output tables RunResult loads, and the columns of an empty rejects table.
TABLES = {"documents": "documents.parquet", "segments": "segments.parquet", "mentions": "mentions.parquet"}
REJECT_COLUMNS = ("input", "line", "reason", "raw")
TEMP_PREFIX = "newsbridge-run-"
# The output directory inside a temporary parent (the work directory and spools go beside it, in the parent).
TEMP_OUT_NAME = "out"


def settings_names() -> tuple[str, ...]:
    """The keyword settings `run` takes: every RunConfig key (what a YAML config may hold)."""
    return tuple(f.name for f in fields(RunConfig))


class RunResult:
    """The outcome of `run`: where the outputs are, the manifest, and the output tables as pandas
    DataFrames, each read from the output directory on first access.

    With `out=None` the output directory is temporary and belongs to this object: it is deleted by
    `cleanup()`, at the end of a `with` block, or when the object is garbage-collected (load the tables
    you need before that).
    """

    def __init__(self, out: Path, manifest: dict[str, Any], seconds: dict[str, float] | None = None,
                 temporary: Path | None = None, *, already_finished: bool = False,
                 source: OutputSource | None = None) -> None:
        self.out = Path(out)
        self.manifest = manifest
        # What the tables are read through: one run's files, or a dataset at its manifest's versions.
        self._source = source
        self.seconds = dict(seconds or {})
        # resume=True on an output that had finished: nothing was redone, the manifest is the output's own.
        self.already_finished = already_finished
        self._tables: dict[str, pd.DataFrame] = {}
        self._temporary = temporary
        self._finalizer = (weakref.finalize(self, shutil.rmtree, temporary, True)
                           if temporary is not None else None)

    # --- the tables ---------------------------------------------------------------------------------------
    @property
    def source(self) -> OutputSource:
        """What the tables are read through (pipeline/io/output_source.py): one run's output directory, or a
        dataset read at the table versions its manifest pins."""
        if self._source is None:
            self._source = open_output(self.out)
        return self._source

    def _table(self, name: str) -> pd.DataFrame:
        if name not in self._tables:
            import pandas as pd

            if name == "rejects":
                self._tables[name] = _read_rejects(self.source)
            elif isinstance(self.source, RunFiles):
                self._tables[name] = pd.read_parquet(self.out / TABLES[name])
            else:
                table = self.source.arrow_dataset(name)
                self._tables[name] = table.to_table().to_pandas() if table is not None else pd.DataFrame()
        return self._tables[name]

    @property
    def documents(self) -> pd.DataFrame:
        """One row per document (documents.parquet): doc_id, title_zh, title_en, tickers, …"""
        return self._table("documents")

    @property
    def segments(self) -> pd.DataFrame:
        """One row per sentence (segments.parquet): doc_id, seg_id, zh, en, entities, flags, …"""
        return self._table("segments")

    @property
    def mentions(self) -> pd.DataFrame:
        """One row per linked name (mentions.parquet): doc_id, seg_id, ticker, canonical, surface, type, …"""
        return self._table("mentions")

    @property
    def rejects(self) -> pd.DataFrame:
        """One row per rejected record (rejects.jsonl): input, line, reason, raw."""
        return self._table("rejects")

    @property
    def report_path(self) -> Path | None:
        """The run's report.html, when the run wrote one."""
        path = self.out / REPORT_FILE
        return path if path.is_file() else None

    @property
    def counts(self) -> dict[str, int]:
        """The manifest's counts: records_in, documents_out, rejected, segments, mentions, tmx_units, … (of a
        dataset: of the whole dataset, documents, distinct_stories, already_present, …)"""
        return dict(self.manifest["counts"])

    @property
    def history(self) -> list[dict[str, Any]]:
        """A dataset's runs, oldest first (run_id, mode, finished, inputs, counts, translator, glossary, the table
        versions it committed); up to the run read as of with `read(..., as_of=RUN_ID)`. Empty for one run's
        output."""
        return list(self.manifest.get("history") or [])

    # --- the temporary directory --------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Delete a temporary output directory (no-op for an `out` you chose). Tables already loaded stay."""
        if self._finalizer is not None:
            self._finalizer()

    def __enter__(self) -> RunResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def __repr__(self) -> str:
        counts = self.manifest.get("counts", {})
        shown = ", ".join(f"{k}={counts[k]}" for k in ("records_in", "documents_out", "rejected", "segments",
                                                       "mentions") if k in counts)
        temporary = ", temporary" if self._temporary is not None else ""
        return (f"RunResult(out={str(self.out)!r}{temporary}, {shown}, "
                f"translator={self.manifest.get('translator')!r})")


def _read_rejects(source: OutputSource) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame.from_records(list(source.rows("rejects")), columns=list(REJECT_COLUMNS))


def read(out: str | Path, *, as_of: str | None = None) -> RunResult:
    """An earlier output, read as `run` returns it: one run's output directory, or a dataset that
    `newsbridge run --append` grows (its tables as its manifest pins them: rows of an append still under way are
    not seen).

    Args:
        out: the output directory or dataset.
        as_of: a dataset's run id ("run-00002", see `.history`): the dataset as it was when that run was
            committed (each table at the version that run left it; rejects and flags of the runs up to it).

    Raises:
        FileNotFoundError when `out` holds no newsbridge manifest; ValueError for an `as_of` that is not in the
        dataset's history, or given for one run's output (`pipeline.dataset.read.DatasetReadError` for the
        first, also raised when reading a table the manifest pins fails: a damaged dataset).
    """
    from pipeline.dataset.layout import is_dataset, read_manifest
    from pipeline.dataset.read import DatasetReader

    out = Path(out)
    manifest = read_manifest(out)
    if manifest is None or "counts" not in manifest:
        raise FileNotFoundError(f"{out}: no newsbridge output here (no readable manifest.json with counts)")
    if not is_dataset(out):
        if as_of is not None:
            raise ValueError(f"{out}: as_of is for a dataset; this is one run's output")
        return RunResult(out, manifest, source=RunFiles(out))
    reader = DatasetReader(out, as_of=as_of)  # a DatasetReadError (a ValueError) for an unknown run
    return RunResult(out, reader.manifest, source=reader)


def compact(path: str | Path, *, target_size_mb: int | None = None, vacuum_days: int | None = None
            ) -> dict[str, Any]:
    """Compact a dataset (`newsbridge dataset compact`): its tables' small daily files rewritten into few large
    ones, their logs checkpointed, and the compacted versions pinned in its manifest, under the lock appends
    take. Rows are unchanged; readers see the compacted tables at once.

    Args:
        path: the dataset (`run(..., out=path, append=True)` grows it).
        target_size_mb: the size compacted files aim at (default 100 MB).
        vacuum_days: also delete the files no version of the last that many days needs (default: keep them, so
            `read(path, as_of=RUN)` keeps working for every run; after a vacuum the manifest lists the runs it
            cannot read as of, and such a read raises DatasetReadError).

    Returns:
        The compaction's entry of the dataset's history: mode "compact", finished, tables (the pinned versions),
        files ({table: {"before", "after"}}), rows, seconds, and vacuum when asked for.

    Raises:
        `pipeline.dataset.store.DatasetError` when `path` is no dataset, a damaged one, or a table's rows changed
        (then restored); `pipeline.io.outdir.OutputBusy` while a run holds the dataset's lock.
    """
    from pipeline.dataset.compact import compact_dataset

    return compact_dataset(Path(path), target_size_mb=target_size_mb, vacuum_days=vacuum_days)


# --- run ---------------------------------------------------------------------------------------------------
def _config(config: RunConfig | str | Path | None, glossaries: str | Path | None, translator: str | None,
            settings: dict[str, Any], caller: str = "run") -> RunConfig:
    """The run's config: a RunConfig or YAML file (or the defaults), then `glossaries`, `translator` and the
    keyword settings on top, each checked exactly as a config file's value or a command-line flag is
    (`pipeline.config.check_value`). `translate` builds its config here too (`caller` names it in errors)."""
    from pipeline.config import check_combination, check_value, load_config

    allowed = settings_names()
    unknown = sorted(set(settings) - set(allowed))
    if unknown:
        raise TypeError(f"{caller}() got unknown setting(s) {', '.join(unknown)}; the settings are the config keys: "
                        f"{', '.join(allowed)}")
    base = config if isinstance(config, RunConfig) else load_config(Path(config) if config is not None else None)
    values = dict(settings)
    if glossaries is not None:
        values["glossaries"] = str(glossaries)
    if translator is not None:
        values["translator"] = translator
    if isinstance(values.get("glossaries"), Path):
        values["glossaries"] = str(values["glossaries"])
    if isinstance(values.get("steps"), tuple):  # already parsed StepSpecs (e.g. from another RunConfig)
        steps = values.pop("steps")
        base = replace(base, steps=steps)
    checked = {key: check_value(key, value, where="setting ") for key, value in values.items()}
    return check_combination(replace(base, **checked))


def _inputs(data: Any, out: Path) -> tuple[list[str | Path], dict[Path, str]]:
    """Paths to read, and the spools written for in-memory data (path → the name the outputs give it)."""
    from pipeline.io.outdir import check_out_dir
    from pipeline.io.spool import DATAFRAME_LABEL, RECORDS_LABEL, frame_rows, is_dataframe, spool_records

    if isinstance(data, (str, Path)):
        return [data], {}
    if is_dataframe(data):
        check_out_dir(out, [])  # the spool goes beside `out`: refuse an unusable one first, with its message
        path = spool_records(frame_rows(data), out, DATAFRAME_LABEL)
        return [path], {path: DATAFRAME_LABEL}
    if isinstance(data, Mapping):
        raise TypeError("run() takes a DataFrame, an iterable of records (dicts) or paths, not a single dict: "
                        "wrap it in a list")
    if not isinstance(data, Iterable):
        raise TypeError(f"run() takes a DataFrame, an iterable of records (dicts) or paths, got {type(data).__name__}")
    items = list(data)
    if items and all(isinstance(i, (str, Path)) for i in items):
        return items, {}
    if any(isinstance(i, (str, Path)) for i in items):
        raise TypeError("run() takes either paths or records (dicts), not both in one list")
    check_out_dir(out, [])
    path = spool_records(items, out, RECORDS_LABEL)
    return [path], {path: RECORDS_LABEL}


def run(data: Any, out: str | Path | None = None, *, translator: str | None = None,
        glossaries: str | Path | None = None, config: RunConfig | str | Path | None = None,
        limit: int | None = None, overwrite: bool = False, resume: bool = False, quiet: bool = True,
        append: bool = False, update: bool = False, **settings: Any) -> RunResult:
    """Run the pipeline on a corpus and return its outputs.

    Args:
        data: a pandas DataFrame (columns id, title, body, source, url, published_at; other columns are kept
            in `meta`), an iterable of records (dicts with the same keys), or a path, directory or list of
            them as `newsbridge run` takes ("-" for standard input). In-memory data is written once to a
            JSONL spool and read like a file, so rejects, ids and `resume` behave as on the command line;
            the outputs name it "dataframe" or "records" (`input` is e.g. "dataframe:3" for the third row).
        out: the output directory (as `--out`); None for a temporary one that the result deletes.
        translator: "auto", "gloss", "argos", "ct2" or "llm" (default: the config's, "auto" unless set).
        glossaries: the glossary directory (default: the config's, ./glossaries or the project's).
        config: a YAML config file or a RunConfig; the arguments here override it.
        limit: read only the first `limit` records across the inputs, in order (a quick trial).
        overwrite, resume: replace an earlier newsbridge output in `out` (any other non-empty directory is
            refused; files of the user's own in it are kept), or finish an interrupted run into it.
        quiet: no progress display (the default here; the command line shows it).
        append, update: add the run to the dataset in `out` (made by the first append; see docs/datasets.md): a
            record whose id the dataset holds is skipped (`counts.already_present`), or with `update` replaces
            the old one. The result's tables are then the dataset's.
        **settings: any config key, e.g. `workers=2`, `translation_memory="off"`, `batch_size=32`.

    Returns:
        A RunResult: `.documents`, `.segments`, `.mentions`, `.rejects` (DataFrames), `.manifest`, `.out`.

    Raises:
        TypeError for an unknown setting or unusable `data`; ConfigError, InputError, OutputDirError,
        GlossaryError or StageError (before anything is written) when the run cannot start as asked.
        `pipeline.stage.ServiceLost` (a StageError) after planning, when a service a stage works through stops
        answering (the llm server): the finished shards are kept for `resume=True`.

    Example:
        >>> import pandas as pd, pipeline
        >>> df = pd.DataFrame([{"id": "a1", "title": "中际旭创涨停", "body": "公司股价上涨10%。"}])
        >>> result = pipeline.run(df, translator="gloss", translation_memory="off")
        >>> result.documents[["doc_id", "title_en"]]  # doctest: +SKIP
    """
    from pipeline.runner import RunOptions
    from pipeline.runner import run as run_corpus

    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a whole number >= 1, got {limit!r}")
    if (append or update) and out is None:
        raise ValueError("append and update add to the dataset in `out`: give out")
    run_config = _config(config, glossaries, translator, settings)
    temporary = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX)) if out is None else None
    out_dir = temporary / TEMP_OUT_NAME if temporary is not None else Path(out)  # type: ignore[arg-type]
    try:
        inputs, spooled = _inputs(data, out_dir)
        # The runner deletes the spools after the run (or keeps them for a resume, as standard input's).
        done = run_corpus(inputs, out_dir, run_config,
                          options=RunOptions(overwrite=overwrite, resume=resume, quiet=quiet, append=append,
                                             update=update),
                          limit=limit, spooled=spooled)
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise
    return RunResult(out_dir, done.manifest, done.seconds, temporary, already_finished=done.already_finished)
