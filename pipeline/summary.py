"""The short report printed after a run: failures first (flagged segments, rejects, with a few examples each),
then counts, quality, time, the output files and the next step. `newsbridge inspect` is the long form; both
read flags.jsonl and rejects.jsonl through pipeline/views/findings.py."""

from __future__ import annotations

import textwrap
from math import floor
from pathlib import Path
from typing import Any

from pipeline.invocation import command
from pipeline.io.readers import DOC_NOTE
from pipeline.text.flags import DRAFT_FLAG

# Decimals shown for a rate; rounded down, so a failure never displays as 1.00000.
SHOWN_DECIMALS = 5
# Examples under the FLAGGED and REJECTED lines: enough to see what went wrong; `inspect` lists more.
SUMMARY_EXAMPLES = 3
# Characters of a flagged sentence shown in an example.
EXAMPLE_CHARS = 50
NO_BREAK = "\u00a0"  # textwrap breaks only at ASCII whitespace
# Where the file list wraps: a terminal's width, less room for a long output path.
SUMMARY_WIDTH = 100
# The steps of a run's manifest `seconds` timed by the runner itself, on the wall clock; every other key but the
# total is a step inside the shards, timed in each shard and summed over them (pipeline/runner.py). A run appended
# to a dataset adds the dataset's open (its rollback) and its commit, which comes after the total is taken.
RUNNER_STEPS = ("open", "glossary", "plan", "merge", "commit")
TOTAL = "total"
# Names of skipped documentation files shown on the summary's first line; the manifest's inputs list them all.
SHOWN_DOC_NAMES = 3
# Wording per check: what one checked item is, for the summary line.
CHECK_LABELS = {"terms": "term success", "numbers": "number fidelity", "untranslated": "no Chinese left",
                "dictionary_text": "no dictionary text", "fluency": "not word by word"}
FLUENCY = "fluency"


def format_rate(check: dict[str, Any]) -> str:
    """"0.99993 (56932/56936, 4 failed)"; "1.00000 (108/108)"; "n/a (0 checked)"."""
    checked, failed = check["checked"], check["failed"]
    if not checked:
        return "n/a (0 checked)"
    passed = checked - failed
    scale = 10 ** SHOWN_DECIMALS
    shown = f"{floor(passed * scale / checked) / scale:.{SHOWN_DECIMALS}f} ({passed}/{checked}"
    return shown + (f", {failed} failed)" if failed else ")")


def flagged_line(quality: dict[str, Any], out_dir: Path, flags_file: str) -> str:
    """"FLAGGED 12 of 108 segments: dictionary_text 3, untranslated 5 → out/flags.jsonl", or that none was."""
    checked, flagged = quality["segments_checked"], quality["segments_flagged"]
    if not checked:
        return "  no translated segments to check"
    if not flagged:
        return f"  no segment flagged ({checked} checked)"
    kinds = ", ".join(f"{kind} {n}" for kind, n in quality["flagged_by_kind"].items())
    return f"FLAGGED {flagged} of {checked} segments: {kinds} → {Path(out_dir) / flags_file}"


def draft_lines(quality: dict[str, Any]) -> list[str]:
    """"DRAFT 87 of 99 segments read word by word …" when the translator measured its fluency (gloss)
    and found drafts: names and numbers pass their checks on English no one would publish."""
    check = (quality.get("checks") or {}).get(FLUENCY) or {}
    if not check.get("failed"):
        return []
    mean = quality.get("fluency_mean")
    return [f"DRAFT {check['failed']} of {check['checked']} segments read word by word (fluency < "
            f"{quality.get('draft_threshold')}" + (f", mean {mean:.2f}" if mean is not None else "")
            + f"): flag {DRAFT_FLAG} in segments.jsonl; for prose use a model (docs/translators.md)"]


def format_summary(manifest: dict[str, Any], out_dir: Path) -> str:
    counts, quality = manifest["counts"], manifest["quality"]
    flagged = flagged_line(quality, out_dir, manifest["flags_file"])
    lines = ([flagged, *flag_examples(out_dir, manifest["flags_file"], quality["segments_flagged"])]
             if quality["segments_flagged"] else [])
    if counts["rejected"]:
        lines.append(f"REJECTED {counts['rejected']} of {counts['records_in']} records → "
                     f"{Path(out_dir) / 'rejects.jsonl'}")
        lines += reject_examples(out_dir, counts["rejected"])
    lines += draft_lines(quality)  # a note on the prose, after what was lost
    checks = "; ".join(f"{CHECK_LABELS.get(name, name)} {format_rate(check)}"
                       for name, check in quality["checks"].items())
    read = [i for i in manifest["inputs"] if not (isinstance(i, dict) and i.get("error"))]
    lines += [
        f"newsbridge {manifest['newsbridge_version']}: {counts['records_in']} records in "
        f"{len(read)} file(s) → {out_dir}" + skipped_text(manifest["inputs"]),
        *_limit_line(manifest.get("limit")),
        f"  documents {counts['documents_out']}"
        + (f" ({counts['duplicates']} {'retells' if counts['duplicates'] == 1 else 'retell'} an earlier story)"
           if counts.get("duplicates") else "")
        + (f", already in the dataset {counts['already_present']}" if counts.get("already_present") else "")
        + f", rejected {counts['rejected']}"
        + (f" (dropped by a step {counts['dropped']})" if counts.get("dropped") else "")
        + f", segments {counts['segments']}, "
        f"mentions {counts['mentions']}, TMX units {counts['tmx_units']}",
        f"  translator {_translator(manifest)}; {checks}" if manifest.get("translator")
        else "  not translated (no translate step)",
        *([] if quality["segments_flagged"] else [flagged]),
        f"  glossary {manifest['glossary']['entities']} entries ({manifest['glossary']['content_hash']})",
        *time_lines(manifest),
        *_dataset_lines(manifest.get("dataset")),
    ]
    left_out = quality["segments_checked"] - counts["tmx_units"]
    if left_out > 0:
        lines.append(f"  corpus.tmx: {left_out} translated segment(s) left out "
                     f"(tmx_translators: {manifest['config']['tmx_translators']})")
    dataset = manifest.get("dataset")
    # A run appended to a dataset: its own files are in runs/<run_id>/, what to look at next is the dataset.
    lines += files_and_next_step(out_dir, Path(dataset["path"]) if dataset else None)
    return "\n".join(lines)


def _dataset_lines(dataset: dict[str, Any] | None) -> list[str]:
    """For a run appended to a dataset: what the dataset holds now."""
    if not dataset:
        return []
    totals = dataset.get("counts", {})
    return [f"  dataset {dataset.get('path')}: run {dataset.get('run_id')} appended; {totals.get('documents', 0)} "
            f"documents ({totals.get('distinct_stories', 0)} distinct stories), {totals.get('mentions', 0)} "
            f"mentions over {dataset.get('runs', 0)} run(s)"]


def skipped_text(inputs: list[Any]) -> str:
    """What the run left out of its input folders, for the end of the summary's first line: documentation
    (SOURCE.txt, README.md: skipped by design, so named, not shouted) apart from files it could not use."""
    # inputs: {path, format, encoding, records} per file read, {path, error} per file skipped.
    skipped = [i for i in inputs if isinstance(i, dict) and i.get("error")]
    docs = [Path(str(i.get("path"))).name for i in skipped if i["error"] == DOC_NOTE]
    unusable = len(skipped) - len(docs)
    text = ""
    if docs:
        names = list(dict.fromkeys(docs))
        shown = ", ".join(names[:SHOWN_DOC_NAMES]) + (", …" if len(names) > SHOWN_DOC_NAMES else "")
        text += f"; skipped {len(docs)} documentation file(s) ({shown})"
    if unusable:
        text += f"; SKIPPED {unusable} unusable file(s), see the manifest's inputs"
    return text


def time_lines(manifest: dict[str, Any]) -> list[str]:
    """The run's wall-clock time with the steps this process timed itself, then the shards' work per step,
    which is summed over shards and workers and so, with several workers, more than the wall clock."""
    seconds = manifest["seconds"]
    own = [f"{k} {v:.2f}s" for k, v in seconds.items() if k in RUNNER_STEPS]
    work = {k: v for k, v in seconds.items() if k not in RUNNER_STEPS and k != TOTAL}
    shards = manifest.get("shards") or {}
    where = ("a Dask cluster" if (manifest.get("config") or {}).get("scheduler")
             else f"{shards.get('workers', 1)} worker(s)")
    lines = [f"  time {seconds[TOTAL]:.2f}s wall clock" + (f": {', '.join(own)}" if own else "")]
    if work:
        lines.append(f"  shard work {sum(work.values()):.2f}s summed over {shards.get('count', 1)} shard(s) on "
                     f"{where}: " + ", ".join(f"{k} {v:.2f}s" for k, v in work.items()))
    return lines


def _limit_line(limit: dict[str, Any] | None) -> list[str]:
    """With --limit: how many records were read, and whether the inputs hold more (a trial, not the corpus)."""
    if not limit:
        return []
    more = "the inputs hold more" if limit.get("more_input") else "the inputs hold no more"
    return [f"  LIMITED to the first {limit['records']} record(s) (--limit); {more}"]


def _translator(manifest: dict[str, Any]) -> str:
    """The translator's name; gloss output is marked as a draft (why there is no model was said once, by the
    translate stage's notice when the run started)."""
    name = str(manifest["translator"])
    return f"{name} (dictionary draft, marked x-draft in corpus.tmx)" if name == "gloss" else name


def _short(text: object) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1] + "…"


def flag_examples(out_dir: Path, flags_file: str, expected: int) -> list[str]:
    """The first few flagged segments, one line each; none when flags.jsonl does not hold the `expected` number
    of lines (not there, or not this manifest's)."""
    from pipeline.views.findings import flagged_segments

    flagged = flagged_segments(out_dir, SUMMARY_EXAMPLES)
    if flagged.total != expected:
        return []
    lines = [f"  {row.get('doc_id')} #{row.get('seg_id')} {', '.join(row.get('flags') or [])}: "
             f"{_short(row.get('en'))}" for row in flagged.shown]
    return lines + ([f"  … {flagged.rest} more: {command('inspect', out_dir)}"] if flagged.rest else [])


def reject_examples(out_dir: Path, expected: int) -> list[str]:
    """The largest reject-reason groups, one line each, with a place where each occurred; none when
    rejects.jsonl does not hold the `expected` number of rejects (not there, or not this manifest's)."""
    from pipeline.io.output_rows import reject_groups

    groups = reject_groups(out_dir)
    if sum(g.count for g in groups) != expected:
        return []
    lines = [f"  {g.count} × {g.shown} ({'e.g. ' if g.count > 1 else ''}{g.where})" for g in groups[:SUMMARY_EXAMPLES]]
    rest = groups[SUMMARY_EXAMPLES:]
    if rest:
        lines.append(f"  … {sum(g.count for g in rest)} more in {len(rest)} other group(s): "
                     f"{command('inspect', out_dir)}")
    return lines


def files_and_next_step(out_dir: Path, next_for: Path | None = None) -> list[str]:
    """The output files with their sizes, and what to run next on `next_for` (default `out_dir`; nothing when the
    directory is not there)."""
    from pipeline.views.findings import format_size, next_steps, output_files

    files = output_files(out_dir)
    if not files:
        return []
    # A no-break space inside "1.0 KB" and between a name and its size: lines break only between files.
    entries = (f"{name}{NO_BREAK}{format_size(size).replace(' ', NO_BREAK)}" for name, size in files)
    listed = textwrap.wrap(", ".join(entries), SUMMARY_WIDTH, initial_indent="  files: ",
                           subsequent_indent="         ", break_on_hyphens=False)
    return [*(line.replace(NO_BREAK, " ") for line in listed), "next: " + "; ".join(next_steps(next_for or out_dir))]
