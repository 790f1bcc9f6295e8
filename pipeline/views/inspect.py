"""`newsbridge inspect OUT`: everything a finished run accounts for, in one screen: counts and their balance,
the quality checks, time per stage, the flagged segments (capped), the reject reasons grouped, the files. Of a
dataset: its counts, its run history and its runs' quality summed (views/dataset_view.py), then the same."""

from __future__ import annotations

import json
from typing import Any

from pipeline.io.output_rows import reject_groups
from pipeline.summary import CHECK_LABELS, format_rate
from pipeline.views.findings import flagged_segments, format_size, next_steps, output_files
from pipeline.views.output import RunOutput

FORMATS = ("text", "json")
# Flagged segments listed by default; the rest are counted (all of them are in flags.jsonl).
DEFAULT_FLAGGED_SHOWN = 20
# Characters of a flagged segment's Chinese and English shown on its line.
PREVIEW_CHARS = 60
COUNT_LABELS = (("records_in", "records in"), ("documents_out", "documents"), ("rejected", "rejected"),
                ("dropped", "dropped by a step"), ("segments", "segments"), ("mentions", "mentions"),
                ("tmx_units", "TMX units"))
# Shown after "documents" only when some document retells an earlier story (duplicate_of set): most runs have none.
STORY_LABELS = (("duplicates", "of which retellings"), ("distinct_stories", "distinct stories"))


def collect(output: RunOutput, flagged_shown: int = DEFAULT_FLAGGED_SHOWN) -> dict[str, Any]:
    """The inspection as data: what `--format json` prints and the text form lays out. A dataset's own part (its
    counts and run history) stands where one run's counts and times stand; the rest reads the same for both."""
    from pipeline.io.output_source import is_dataset_source

    if is_dataset_source(output.source):
        from pipeline.views.dataset_view import collect_dataset

        head = collect_dataset(output)
    else:
        head = _run_head(output)
    flagged = flagged_segments(output.source, flagged_shown)
    return {
        **head,
        "flagged": {"total": flagged.total, "by_kind": dict(flagged.by_kind.most_common()),
                    "shown": flagged.shown, "more": flagged.rest},
        "rejects": [{"reason": g.pattern, "count": g.count, "example": g.example, "where": g.where}
                    for g in reject_groups(output.source)],
        "files": [{"name": name, "bytes": size} for name, size in output_files(output.path)],
    }


def _run_head(output: RunOutput) -> dict[str, Any]:
    """One run's own part: its counts and their balance, quality and times (from its manifest)."""
    manifest = output.manifest
    counts = manifest["counts"]
    quality = manifest.get("quality", {})
    inputs = [i for i in manifest.get("inputs", []) if isinstance(i, dict)]
    return {
        "out": str(output.path),
        "newsbridge_version": manifest.get("newsbridge_version"),
        "translator": manifest.get("translator"),
        "inputs": {"read": sum(not i.get("error") for i in inputs),
                   "skipped": sum(bool(i.get("error")) for i in inputs)},
        "counts": counts,
        "balanced": counts["records_in"] == counts["documents_out"] + counts["rejected"],
        "quality": {"segments_checked": quality.get("segments_checked", 0),
                    "segments_flagged": quality.get("segments_flagged", 0),
                    "checks": quality.get("checks", {})},
        "seconds": manifest.get("seconds", {}),
    }


def _preview(text: Any) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS - 1] + "…"


def _rows(pairs: list[tuple[str, str]], indent: str = "  ", right: bool = False) -> list[str]:
    """Two aligned columns; `right` aligns the values' right edges (numbers)."""
    width = max((len(k) for k, _ in pairs), default=0)
    value_width = max((len(v) for _, v in pairs), default=0) if right else 0
    return [f"{indent}{k:<{width}}  {v:>{value_width}}" for k, v in pairs]


def format_text(data: dict[str, Any]) -> str:
    if data.get("kind") == "dataset":
        from pipeline.views.dataset_view import format_dataset

        lines = format_dataset(data)
        flags_at = f"{data['out']}/runs/*/flags.jsonl"
    else:
        lines = _run_lines(data)
        flags_at = f"{data['out']}/flags.jsonl"
    counts = data["counts"]
    flagged = data["flagged"]
    if flagged["total"]:
        kinds = ", ".join(f"{kind} {n}" for kind, n in flagged["by_kind"].items())
        lines += ["", f"flagged segments ({flagged['total']:,}: {kinds})"]
        for row in flagged["shown"]:
            lines.append(f"  {row.get('doc_id')} #{row.get('seg_id')}  {', '.join(row.get('flags') or [])}")
            lines.append(f"    zh: {_preview(row.get('zh'))}")
            lines.append(f"    en: {_preview(row.get('en'))}")
        if flagged["more"]:
            lines.append(f"  … and {flagged['more']:,} more in {flags_at}")
    else:
        lines += ["", "flagged segments: none"]
    rejects = data["rejects"]
    if rejects:
        lines += ["", f"reject reasons ({counts['rejected']:,} rejects in {len(rejects)} group(s))"]
        for group in rejects:
            if group["count"] == 1:
                lines.append(f"  {1:>6,}  {group['example']} ({group['where']})")
            else:
                lines.append(f"  {group['count']:>6,}  {group['reason']}")
                lines.append(f"          e.g. {group['where']}: {_preview(group['example'])}")
    else:
        lines += ["", "reject reasons: none"]
    lines += ["", "files"]
    lines += _rows([(f["name"], format_size(f["bytes"])) for f in data["files"]], right=True)
    lines += ["", "next: " + "; ".join(next_steps(data["out"]))]
    return "\n".join(lines)


def _run_lines(data: dict[str, Any]) -> list[str]:
    """One run's own part: header, counts and their balance, quality, time."""
    counts = data["counts"]
    inputs = data["inputs"]
    lines = [f"newsbridge {data['newsbridge_version']} output {data['out']} "
             f"(translator {data['translator'] or 'none'})", "", "counts"]
    labels = list(COUNT_LABELS)
    if counts.get("duplicates"):
        labels[2:2] = STORY_LABELS
    lines += _rows([(label, f"{counts.get(key, 0):,}") for key, label in labels], right=True)
    balance = "balanced" if data["balanced"] else "DOES NOT BALANCE"
    lines.append(f"  records in = documents + rejected: {counts['records_in']:,} = {counts['documents_out']:,} + "
                 f"{counts['rejected']:,}, {balance}; input files read {inputs['read']}, skipped {inputs['skipped']}")
    quality = data["quality"]
    lines += ["", f"quality ({quality['segments_checked']:,} segments checked, "
                  f"{quality['segments_flagged']:,} flagged)"]
    lines += _rows([(CHECK_LABELS.get(name, name), format_rate(check)) for name, check in quality["checks"].items()])
    seconds = data["seconds"]
    lines += ["", "time"]
    lines += _rows([(stage, f"{value:.2f}s") for stage, value in seconds.items()], right=True)
    return lines


def inspect(output: RunOutput, fmt: str = "text", flagged_shown: int = DEFAULT_FLAGGED_SHOWN) -> str:
    data = collect(output, flagged_shown)
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) if fmt == "json" else format_text(data)
