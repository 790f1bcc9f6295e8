"""Run a corpus through the configured steps: plan shards, process them on an engine, merge the parts in
input order, account for every record, write the manifest, and swap the new output in as a whole."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from contextlib import closing
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.config import ConfigError, RunConfig
from pipeline.dataset.append import (
    Dataset,
    DatasetTarget,
    commit_to_dataset,
    make_admission,
    open_dataset,
    replaced_ids,
    staged_ids,
)
from pipeline.dataset.layout import run_entries
from pipeline.engines import EngineOptions, fit_workers, run_tasks
from pipeline.glossary import CompiledGlossary, compile_glossary
from pipeline.interrupts import RunInterrupted, signal_of
from pipeline.io.atomic import write_text_atomic
from pipeline.io.outdir import COMPLETE_MARKER as MANIFEST_FILE
from pipeline.io.outdir import OutputDirError, RunDirectory, check_out_dir, is_nonempty, recover
from pipeline.io.ownership import carry_over, check_replaceable, own_manifest
from pipeline.io.readers import InputError, read_options, scan_inputs
from pipeline.io.shapes import check_inputs
from pipeline.io.spool import remove_spooled
from pipeline.io.stdin import STDIN, remove_spool, spool_stdin
from pipeline.io.writers import FLAGS_FILE, OutputSchema, assemble, missing_parts
from pipeline.progress import Progress
from pipeline.registry import build_stages, preflight_steps
from pipeline.report import write_run_report
from pipeline.shards import (
    Plan,
    RunSpec,
    Shard,
    ShardResult,
    count_done,
    load_result,
    plan_shards,
    preload,
    process_shard,
    records_done,
    shard_dir,
)
from pipeline.stage import BuildContext, Stage, Stats, merge_stats
from pipeline.story_repair import repair_stories

log = logging.getLogger(__name__)
# 2: each input's content fingerprint (and each shard window's) is part of the plan.
PLAN_VERSION = 2


@dataclass
class RunResult:
    manifest: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)
    # --resume found a finished output and no interrupted run: nothing was redone, `manifest` is the output's.
    already_finished: bool = False


@dataclass(frozen=True)
class RunOptions:
    """How to treat an existing output: refuse (default), replace it, or continue an interrupted run."""

    overwrite: bool = False
    resume: bool = False
    quiet: bool = True
    # Add the run to the dataset in `out` (made on the first append): ids it holds are skipped...
    append: bool = False
    # ...or, with update, replaced by the new record (a corrected article).
    update: bool = False

    @property
    def into_dataset(self) -> bool:
        return self.append or self.update


def run(inputs: list[str | Path], out_dir: Path, config: RunConfig, glossary: CompiledGlossary | None = None,
        options: RunOptions | None = None, *, limit: int | None = None,
        spooled: dict[Path, str] | None = None) -> RunResult:
    """Process every input record (or the first `limit`) into out_dir. Raises before writing anything when
    the output directory, the glossary, the steps, the inputs or the translator are unusable.

    `spooled` maps files written for this run (the API's DataFrames and records) to the name the manifest,
    rejects and documents give them; like standard input's spool they are deleted after a successful run
    and kept after a failed one that `--resume` may finish."""
    options = options or RunOptions()
    started = time.perf_counter()
    out_dir = Path(out_dir)
    labels = {Path(p): name for p, name in (spooled or {}).items()}
    try:
        if STDIN in map(str, inputs):
            stdin_spool = spool_stdin(out_dir, config.stdin_format)
            labels[stdin_spool] = STDIN
            inputs = [stdin_spool if str(p) == STDIN else p for p in inputs]
        result = _run(inputs, out_dir, config, glossary, options, started, labels, limit)
    except BaseException:
        # Kept for --resume once shards may have been done; removed when the run stopped before that.
        if not _planned(out_dir):
            _remove_spools(labels)
        raise
    _remove_spools(labels)
    return result


def _planned(out_dir: Path) -> bool:
    """A plan is on disk for `out_dir` (False where even that cannot be asked: the error being raised says why)."""
    try:
        return RunDirectory(out_dir).plan.is_file()
    except OSError:
        return False


def _remove_spools(labels: dict[Path, str]) -> None:
    for path, name in labels.items():
        if name == STDIN:
            remove_spool(path)
        else:
            remove_spooled(path)


def _run(inputs: list[str | Path], out_dir: Path, config: RunConfig, glossary: CompiledGlossary | None,
         options: RunOptions, started: float, labels: dict[Path, str] | None = None,
         limit: int | None = None) -> RunResult:
    check_out_dir(out_dir, [Path(p) for p in inputs])
    scanned = scan_inputs(inputs, out_dir)
    files = scanned.files
    if not files:
        raise InputError(f"no input file to read in {', '.join(map(str, inputs))}"
                         + (f" ({len(scanned.problems)} skipped: see the warnings)" if scanned.problems else ""))
    read = read_options(config)
    for warning in check_inputs(files, inputs, read, labels):
        log.warning("%s", warning)
    recover(out_dir)
    work = RunDirectory(out_dir)
    work.acquire()
    try:
        seconds: dict[str, float] = {}
        if options.into_dataset:
            if config.partition_by is not None:
                raise ConfigError(f"partition_by {config.partition_by} does not apply to a dataset: --append and "
                                  "--update write its rows to Delta tables, which are not partitioned")
            if options.overwrite:
                raise OutputDirError(f"{out_dir}: --overwrite cannot be combined with --append or --update (to "
                                     "start a dataset over, remove it first)")
            t0 = time.perf_counter()
            dataset = open_dataset(out_dir)  # also rolls back what an interrupted commit left
            seconds["open"] = time.perf_counter() - t0
            if (landed := _landed_append(dataset, work)) is not None:
                return RunResult(manifest=landed, already_finished=True)
        else:
            dataset = None
            check_replaceable(work.out, out_dir)  # only a newsbridge output is replaced, and only its own files
            if is_nonempty(out_dir) and not (options.overwrite or options.resume):
                raise OutputDirError(f"{out_dir}: output directory is not empty; use --overwrite to replace it "
                                     "(or --resume to finish an interrupted run, or --append to add to a dataset)")
            if options.resume and (finished := _already_finished(out_dir, work)) is not None:
                return RunResult(manifest=finished, already_finished=True)
        preflight_steps(config.step_specs, config)  # a missing or damaged model is refused before the glossary
        t0 = time.perf_counter()
        glossary = glossary or compile_glossary(config.glossaries)
        seconds["glossary"] = time.perf_counter() - t0
        stages = build_stages(config.step_specs, BuildContext(config, glossary))
        names = {str(p): name for p, name in (labels or {}).items()}
        spec = RunSpec(config, config.step_specs, glossary.content_hash, str(work.shards),
                       tuple(f for s in stages for f in s.fields), tuple(names.items()))
        t0 = time.perf_counter()
        admission = make_admission(config, dataset, update=options.update, glossary=glossary)
        plan = plan_shards(files, read, config.shard_records, limit, admission)
        seconds["plan"] = time.perf_counter() - t0
        if plan.records == 0:
            raise InputError(f"no records in {len(files)} input file(s) ({', '.join(map(str, files[:3]))}"
                             f"{', …' if len(files) > 3 else ''}): nothing to do")
        plan.inputs.extend(scanned.problems)
        for entry in plan.inputs:  # standard input is "-" in the manifest, not the spool it was read from
            entry["path"] = names.get(entry["path"], entry["path"])
        fingerprint = _fingerprint(files, config, stages, plan)
        try:
            manifest = _process_and_commit(files, plan, spec, stages, glossary, config, options, work,
                                           fingerprint, seconds, started, DatasetTarget(dataset, admission))
        except RunInterrupted:
            raise
        except KeyboardInterrupt as e:  # Ctrl-C or SIGTERM: what is finished stays for --resume
            raise RunInterrupted(count_done(work.shards), len(plan.shards), work.path, signal_of(e)) from None
    finally:
        work.release()
    return RunResult(manifest=manifest, seconds=seconds)


def _plan_digest(work: RunDirectory) -> str:
    """The hash of the run's plan.json: how a later --resume tells that this run's append already landed."""
    return hashlib.sha256(work.plan.read_bytes()).hexdigest()


def _landed_append(dataset: Dataset, work: RunDirectory) -> dict[str, Any] | None:
    """The dataset's manifest when the interrupted run beside it was appended already (killed after the
    dataset's manifest was written, before its work was removed): its work is removed, nothing is redone."""
    history = run_entries((dataset.manifest or {}).get("history") or [])  # a compaction may have come since
    if not work.exists() or not history or history[-1].get("plan_sha256") != _plan_digest(work):
        return None
    work.finish()
    return dataset.manifest


def _already_finished(out_dir: Path, work: RunDirectory) -> dict[str, Any] | None:
    """The manifest of a finished output with no interrupted run beside it: what --resume has nothing to do for."""
    return None if work.exists() else own_manifest(out_dir)


def _process_and_commit(files: list[Path], plan: Plan, spec: RunSpec, stages: list[Stage],
                        glossary: CompiledGlossary, config: RunConfig, options: RunOptions, work: RunDirectory,
                        fingerprint: dict[str, Any], seconds: dict[str, float], started: float,
                        target: DatasetTarget) -> dict[str, Any]:
    """The shards, then the merged outputs, manifest and report: swapped in as the new output, or appended to
    the dataset."""
    _prepare_work(work, fingerprint, options)
    # A local pool or our own Dask LocalCluster is capped to the machine (cores, memory), and the manifest says how
    # many workers ran; the workers of a remote scheduler are sized by their own cluster.
    if config.scheduler is None:
        config = replace(config, workers=fit_workers(config.workers))
    results = _process(spec, stages, plan, work, config, options)
    t0 = time.perf_counter()
    schema = OutputSchema.for_fields(spec.fields)
    # A dataset's tables are Delta tables, partitioned (or not) by the dataset: the run's parts stay whole files.
    partition_by = None if target.dataset is not None else config.partition_by
    parts = [shard_dir(spec, s.index) for s in plan.shards]
    repair = repair_stories(plan, results, target.admission, spec, parts)
    assemble(work.staging, repair.parts if repair else parts, schema, partition_by, translator_signatures(stages),
             repair.reroot if repair else None)
    if repair is not None and repair.result is not None:
        results = [*results, repair.result]
    merged = _merge_results(results)
    seconds.update({k: round(v, 3) for k, v in merged["seconds"].items()})
    seconds["merge"] = time.perf_counter() - t0
    manifest = build_manifest(files, plan, merged, stages, glossary, config, seconds,
                              time.perf_counter() - started)
    counts = manifest["counts"]
    if counts["records_in"] != counts["documents_out"] + counts["rejected"] + counts["already_present"]:
        raise RuntimeError(f"accounting error: {counts}")
    written: list[str] = []
    if target.dataset is not None:
        written = staged_ids(work.staging)
        manifest["plan_sha256"] = _plan_digest(work)
        counts["updated"] = len(replaced_ids(target, written))
    # Atomic: the manifest is what marks staging complete (a kill while it is written must not leave half of one).
    write_text_atomic(work.staging / MANIFEST_FILE, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    write_run_report(work.staging, glossary)  # report.html, from the staged files and swapped in with them
    if target.dataset is None:
        work.commit(keep=carry_over)  # a user's files in `out` stay in it
        return manifest
    committed = commit_to_dataset(target, work, manifest, written, update=options.update)
    seconds["commit"] = committed["seconds"]["commit"]  # RunResult.seconds too, as the summary shows it
    return committed


def translator_signatures(stages: list[Stage]) -> list[str]:
    """The signature of each step's translator (a step holding one: the translate stage, or a user's own)."""
    return [t.signature() for t in (getattr(s, "translator", None) for s in stages)
            if t is not None and callable(getattr(t, "signature", None))]


def _fingerprint(files: list[Path], config: RunConfig, stages: list[Stage], plan: Plan) -> dict[str, Any]:
    """What an interrupted run must share with this one for its finished shards to be reused: a file rewritten
    with the same size and time still differs in its content fingerprint (that of the windows the plan read)."""
    windows: dict[str, list[str | None]] = {}
    for shard in plan.shards:
        for piece in shard.pieces:
            windows.setdefault(piece.path, []).append(piece.fingerprint)
    return {
        "version": PLAN_VERSION,
        "newsbridge_version": __version__,
        "inputs": [{"path": str(f.resolve()), "size": f.stat().st_size, "mtime_ns": f.stat().st_mtime_ns,
                    "content": windows.get(str(f))} for f in files],
        "config": {k: v for k, v in config.to_dict().items()
                   if k not in ("workers", "engine", "scheduler")},  # where shards run does not change them
        "stages": [s.signature() for s in stages],
        "shards": [s.to_dict() for s in plan.shards],
    }


def resume_refusal(changed: list[str]) -> str:
    """Why --resume refuses an interrupted run whose plan differs from this one's (also what the command line
    says when an input changes under a run, since its --resume will refuse for that reason)."""
    return f"the {', '.join(changed)} changed since the interrupted run; run with --overwrite to start over"


def _prepare_work(work: RunDirectory, fingerprint: dict[str, Any], options: RunOptions) -> None:
    plan_path = work.plan
    if work.exists():
        if options.resume:
            previous = _read_plan(plan_path)
            if previous is None:  # killed before its plan was written: no shard can have finished
                log.warning("the interrupted run in %s had not planned its shards: starting a new run", work.path)
                work.reset()
                write_text_atomic(plan_path, json.dumps(fingerprint, ensure_ascii=False))
                return
            if previous == fingerprint:
                return
            changed = [k for k in fingerprint if previous.get(k) != fingerprint[k]]
            if options.into_dataset:  # --overwrite is no way out here: a dataset is never replaced
                raise OutputDirError(f"cannot resume the interrupted append into {work.out}: the {', '.join(changed)} "
                                     f"changed since it; finish it with its own inputs and --resume, or remove "
                                     f"{work.path} to drop it (the dataset is as it was before it)")
            raise OutputDirError(f"cannot resume into {work.out}: {resume_refusal(changed)}")
        if options.into_dataset:
            raise OutputDirError(f"an interrupted append left its work in {work.path}; use --resume to finish it "
                                 f"(the dataset is as it was before it; removing {work.path} drops that run)")
        if not options.overwrite:
            raise OutputDirError(f"an interrupted run left its work in {work.path}; use --resume to finish it "
                                 "or --overwrite to start over")
    elif options.resume:  # a daily append always says --resume: a day with nothing to finish is the usual case
        (log.info if options.into_dataset else log.warning)("nothing to resume for %s: starting a new run", work.out)
    work.reset()
    # Atomic: a kill -9 while it is written must not leave an empty plan for --resume to read.
    write_text_atomic(plan_path, json.dumps(fingerprint, ensure_ascii=False))


def _read_plan(path: Path) -> dict[str, Any] | None:
    """The interrupted run's plan, or None where it never got written whole (older versions wrote it in place)."""
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return plan if isinstance(plan, dict) else None


def _process(spec: RunSpec, stages: list[Stage], plan: Plan, work: RunDirectory, config: RunConfig,
             options: RunOptions) -> list[ShardResult]:
    """Every shard's result: those a previous attempt finished are read back, the others are run."""
    results: dict[int, ShardResult] = {}
    todo: list[Shard] = []
    for shard in plan.shards:
        done = _finished(shard_dir(spec, shard.index))
        if done is not None:
            results[shard.index] = done
        else:
            todo.append(shard)
    if results:
        log.warning("resuming: %d of %d shards were already done", len(results), len(plan.shards))
    engine = EngineOptions(engine=config.engine, workers=config.workers, scheduler=config.scheduler)
    in_process = engine.engine == "local" and engine.workers == 1
    # Shards in worker processes report their records after each batch in a file; this process reads them.
    running = None if in_process else partial(_records_running, spec, [s.index for s in todo])
    with Progress(plan.records, len(plan.shards), quiet=options.quiet, heartbeat=True,
                  partial=running) as progress:
        progress.advance(sum(r.records for r in results.values()), len(results))
        if in_process:
            preload(spec, stages)
        task = partial(process_shard, spec, on_batch=progress.advance) if in_process else partial(process_shard, spec)
        with closing(run_tasks(task, todo, engine)) as finished:
            for _, result in finished:
                results[result.index] = result
                progress.advance(0 if in_process else result.records, 1, shard=result.index)
    return [results[s.index] for s in plan.shards]


def _finished(directory: Path) -> ShardResult | None:
    """A shard's result when everything it wrote is still there; None (the shard is redone) when it did not finish
    or lost a file since (an older version's clean-up, killed halfway through deleting the shards, left such)."""
    try:
        done = load_result(directory)
    except (OSError, ValueError, TypeError):  # stats.json gone or damaged
        return None
    if done is not None and (missing := missing_parts(directory)):
        log.warning("%s: finished, but %s is missing: done again", directory, missing[0])
        return None
    return done


def _records_running(spec: RunSpec, indices: list[int], finished: set[int]) -> dict[int, int]:
    """Records done so far in each shard of `indices` that has not finished (from their progress files)."""
    return {index: records_done(shard_dir(spec, index)) for index in indices if index not in finished}


def _merge_results(results: list[ShardResult]) -> dict[str, Any]:
    merged: dict[str, Any] = {"records": 0, "counts": {}, "stats": {}, "seconds": {}}
    for result in results:
        merged["records"] += result.records
        merge_stats(merged["counts"], result.counts)
        merge_stats(merged["stats"], result.stats)
        merge_stats(merged["seconds"], result.seconds)
    return merged


def build_manifest(files: list[Path], plan: Plan, merged: dict[str, Any], stages: list[Stage],
                   glossary: CompiledGlossary, config: RunConfig, seconds: dict[str, float],
                   total: float) -> dict[str, Any]:
    counts = merged["counts"]
    stage_stats: dict[str, Stats] = merged["stats"]
    sections: dict[str, Any] = {}
    for stage in stages:
        sections.update(stage.manifest_sections(stage_stats.get(stage.name, {})))
    quality = sections.pop("quality", {})
    return {
        "newsbridge_version": __version__,
        # One entry per input file: {path, format, encoding, records}, or {path, error} for a file skipped.
        "inputs": plan.inputs or [{"path": str(f)} for f in files],
        "counts": {
            "records_in": merged["records"],
            "documents_out": counts.get("documents_out", 0),
            "rejected": counts.get("rejected", 0),
            # Records whose id the dataset held already (`run --append`): neither output again nor rejected.
            "already_present": counts.get("already_present", 0),
            # Documents that retell an earlier document's story (kept, with `duplicate_of`); distinct_stories is
            # the rest: what "stories per ticker per day" counts.
            "duplicates": counts.get("duplicates", 0),
            "distinct_stories": counts.get("documents_out", 0) - counts.get("duplicates", 0),
            "dropped": counts.get("dropped", 0),
            "rejected_by_stages": counts.get("rejected_by_stages", 0),
            "segments": counts.get("segments", 0),
            "mentions": counts.get("mentions", 0),
            "tmx_units": counts.get("tmx_units", 0),
            "unparsed_dates": counts.get("unparsed_dates", 0),
        },
        "partition_by": config.partition_by,
        # The output contract checker needs numbers here: with nothing checked they read 1.0 (see checks).
        "quality": {"term_success_rate": 1.0, "number_fidelity": 1.0, "segments_checked": 0,
                    "segments_flagged": 0, "flagged_by_kind": {}, "checks": {}, **quality},
        "flags_file": FLAGS_FILE,
        "translator": None,  # without a translate step
        **sections,
        "glossary": {
            "dir": str(config.glossaries),
            "entities": len(glossary),
            "names": len(glossary.zh_keys) + len(glossary.en_keys),
            "content_hash": glossary.content_hash,
        },
        # --limit: how many records were asked for, and whether the inputs held more (left unread).
        "limit": {"records": plan.limit, "more_input": plan.more_input} if plan.limit is not None else None,
        "shards": {"count": len(plan.shards), "records_per_shard": config.shard_records,
                   "engine": config.engine, "workers": config.workers},
        "stages": [{"name": s.name, "signature": s.signature(),
                    "seconds": round(merged["seconds"].get(s.name, 0.0), 3),
                    "stats": stage_stats.get(s.name, {})} for s in stages],
        "seconds": {**{k: round(v, 3) for k, v in seconds.items()}, "total": round(total, 3)},
        "config": config.to_dict(),
    }
