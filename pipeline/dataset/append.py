"""The runner's side of `run --append` / `--update`: open the dataset, build the planner's admission from its id
and story indexes, and hand the finished run to the dataset's commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.config import RunConfig
from pipeline.dataset.admission import Admission
from pipeline.dataset.layout import STORIES_INDEX, index_path
from pipeline.dataset.refigure import dataset_documents, refigure
from pipeline.dataset.republish import dataset_publishers, republish
from pipeline.dataset.store import Dataset
from pipeline.dedupe.entities import names_of
from pipeline.dedupe.story_index import StoryIndex
from pipeline.glossary import CompiledGlossary
from pipeline.io.outdir import RunDirectory

__all__ = ["Dataset", "DatasetTarget", "commit_to_dataset", "make_admission", "open_dataset", "replaced_ids",
           "staged_ids"]


@dataclass
class DatasetTarget:
    """Where a run goes: a dataset (None: its own output directory) and what the planner decided for it."""

    dataset: Dataset | None
    admission: Admission


def open_dataset(out_dir: Path, *, create: bool = True) -> Dataset:
    """The dataset in `out_dir` (made on the first commit; with `create` False, an error where there is none),
    rolled back to its manifest: tables, runs and both indexes lose whatever an interrupted append added; a story
    index of an older fingerprint or schema is brought up to this one (pipeline/dataset/refigure.py, republish.py)."""
    stories = index_path(out_dir, STORIES_INDEX)

    def forget_stories(last_run: int) -> None:
        if stories.exists():
            # an index of an older fingerprint is brought up first (read from the tables, already rolled back)
            refigure(stories, lambda: dataset_documents(out_dir))
            republish(stories, lambda: dataset_publishers(out_dir))
            with StoryIndex(stories) as index:
                index.forget_after(last_run)

    return Dataset.open(out_dir, create=create, rollback=(forget_stories,))


def make_admission(config: RunConfig, dataset: Dataset | None, *, update: bool = False,
                   glossary: CompiledGlossary | None = None) -> Admission:
    """The planner's admission: the dataset's ids (none for a single run) and a story index, on disk beside the
    dataset's tables or in memory for a single run (none with `duplicates: off`). The run's `glossary` gives the
    index its entity names (the linked-name rule: pipeline/dedupe/entities.py); without one the rule is off."""
    stories = None
    if config.duplicates != "off":
        stories = StoryIndex(dataset.stories_path if dataset is not None else None,
                             names=names_of(glossary) if glossary is not None else None)
    return Admission(dataset.ids if dataset is not None else None, stories, update)


def staged_ids(staging: Path) -> list[str]:
    """The ids of the documents the run wrote, in order (the day's, read once from its one documents.parquet)."""
    return [str(i) for i in pq.read_table(staging / "documents.parquet", columns=["doc_id"]).column(0).to_pylist()]


def replaced_ids(target: DatasetTarget, written: Sequence[str]) -> list[str]:
    """The documents of the dataset this run replaces (`--update`): the ids it found there and wrote again (a
    record a step rejected leaves the old document as it was)."""
    replaced = set(target.admission.replaced_ids)
    return [doc_id for doc_id in written if doc_id in replaced]


def commit_to_dataset(target: DatasetTarget, work: RunDirectory, manifest: dict[str, Any], written: Sequence[str],
                      *, update: bool) -> dict[str, Any]:
    """Append the staged run (`written`: its documents' ids, staged_ids) to the dataset (its commit is atomic:
    pipeline/dataset/store.py), then remove the run's work. Returns the run's manifest with a `dataset` section:
    the run's id and the dataset's counts."""
    dataset, admission = target.dataset, target.admission
    assert dataset is not None
    replaced = replaced_ids(target, written)
    again = set(replaced)
    stories = admission.stories if isinstance(admission.stories, StoryIndex) else None
    if stories is not None:
        # A record a step rejected is not in the dataset: a later copy of its story must not point at it...
        stories.drop(sorted(set(admission.new_ids).difference(written)))
        # ...and one that was to replace a document leaves the old one, and its story-index row, as they were.
        stories.keep(sorted(set(admission.replaced_ids).difference(written)))
    run_id = dataset.run_id
    summary = dataset.commit_run(work.staging, manifest, mode="update" if update else "append",
                                 replaced_ids=replaced, new_ids=[i for i in written if i not in again],
                                 on_commit=(stories.commit,) if stories is not None else ())
    # The commit's own time (tables, run files, both indexes), as the dataset's history entry of the run records
    # it: the summary shows it beside the plan's, what the dataset's size could make grow (bench/append_scale.py).
    # The staged manifest was written before it.
    seconds = {**manifest.get("seconds", {}), "commit": summary["history"][-1]["commit_seconds"]}
    work.finish()
    if stories is not None:
        stories.close()
    return {**manifest, "seconds": seconds,
            "dataset": {"path": str(dataset.path), "run_id": run_id, "counts": summary["counts"],
                        "runs": len(summary.get("history", []))}}
