"""What `inspect` shows of a dataset where it shows one run's own figures: the dataset's counts, its run history
(both from its manifest), and the quality checks summed over its runs (each run's manifest in runs/<id>/)."""

from __future__ import annotations

from typing import Any

from pipeline.dataset.layout import COMPACT_MODE, DATASET_KEY, run_entries
from pipeline.dataset.read import summed_quality
from pipeline.summary import CHECK_LABELS, format_rate
from pipeline.views.output import RunOutput

KIND = "dataset"
COUNT_LABELS = (("documents", "documents"), ("distinct_stories", "distinct stories"), ("segments", "segments"),
                ("mentions", "mentions"), ("tmx_units", "TMX units"), ("records_in", "records in"),
                ("rejected", "rejected"), ("already_present", "already present (skipped)"),
                ("updated", "updated (replaced)"), ("duplicates", "duplicates of a story"))
# The text form lists the latest runs only (a daily dataset has hundreds); `--format json` has them all.
SHOWN_RUNS = 20
# A run's figures on its history line, in this order.
RUN_COUNTS = (("records_in", "in"), ("documents_out", "documents"), ("already_present", "already present"),
              ("updated", "updated"), ("duplicates", "duplicates"), ("rejected", "rejected"))


def collect_dataset(output: RunOutput) -> dict[str, Any]:
    """The dataset's part of the inspection: what its manifest says of it, and its runs' quality summed."""
    manifest = output.manifest
    history = [h for h in manifest.get("history") or [] if isinstance(h, dict)]
    runs = run_entries(history)
    last = runs[-1] if runs else {}
    counts = manifest.get("counts") or {}
    return {
        "out": str(output.path),
        "kind": KIND,
        "newsbridge_version": manifest.get("newsbridge_version"),
        "translator": last.get("translator"),
        "dataset": {**manifest[DATASET_KEY], "runs": len(runs), "documents": counts.get("documents", 0),
                    "distinct_stories": counts.get("distinct_stories"),
                    "last_run": {k: last.get(k) for k in ("run_id", "mode", "finished")} if last else None},
        "counts": counts,
        "history": history,
        "quality": summed_quality(output.source.run_manifests()),
    }


def _aligned(pairs: list[tuple[str, str]], right: bool = True) -> list[str]:
    """Two columns, as inspect's text aligns them; `right` aligns the values' right edges (numbers)."""
    width = max((len(k) for k, _ in pairs), default=0)
    value_width = max((len(v) for _, v in pairs), default=0) if right else 0
    return [f"  {k:<{width}}  {v:>{value_width}}" for k, v in pairs]


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else "—" if value is None else str(value)


def format_dataset(data: dict[str, Any]) -> list[str]:
    """The text lines of the dataset's part: the Dataset section, its counts, its latest runs and quality."""
    dataset, counts = data["dataset"], data["counts"]
    last = dataset.get("last_run") or {}
    lines = [f"newsbridge {data['newsbridge_version']} dataset {data['out']} "
             f"({dataset.get('format')} tables, translator of the last run {data['translator'] or 'none'})",
             "", "Dataset"]
    lines += _aligned([("runs", _number(dataset["runs"])), ("documents", _number(dataset["documents"])),
                       ("distinct stories", _number(dataset.get("distinct_stories"))),
                       ("last run", " ".join(str(last.get(k)) for k in ("run_id", "mode", "finished"))
                        if last else "none")], right=False)
    lines += ["", "counts (the whole dataset)"]
    lines += _aligned([(label, _number(counts.get(key, 0))) for key, label in COUNT_LABELS])
    history = data["history"]
    shown = history[-SHOWN_RUNS:]
    lines += ["", f"runs ({dataset['runs']:,}" + (f"; the last {len(shown)} entries shown" if len(shown) < len(history)
                                                   else "") + ")"]
    for run in shown:
        if run.get("mode") == COMPACT_MODE:
            files = run.get("files") or {}
            figures = ", ".join(f"{name} {f.get('before'):,} → {f.get('after'):,} files" for name, f in files.items()
                                if isinstance(f, dict) and isinstance(f.get("before"), int)
                                and isinstance(f.get("after"), int))
            lines.append(f"  compaction  {run.get('finished')}  {figures}")
            continue
        run_counts = run.get("counts") or {}
        figures = ", ".join(f"{label} {run_counts[key]:,}" for key, label in RUN_COUNTS
                            if isinstance(run_counts.get(key), int))
        lines.append(f"  {run.get('run_id')}  {run.get('mode')}  {run.get('finished')}  {figures}")
    quality = data["quality"]
    lines += ["", f"quality, all runs ({quality['segments_checked']:,} segments checked, "
                  f"{quality['segments_flagged']:,} flagged)"]
    lines += _aligned([(CHECK_LABELS.get(name, name), format_rate(check)) for name, check in quality["checks"].items()],
                      right=False)
    return lines
