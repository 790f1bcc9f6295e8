"""The short report printed after a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def format_summary(manifest: dict[str, Any], out_dir: Path) -> str:
    counts, quality = manifest["counts"], manifest["quality"]
    stage_times = ", ".join(f"{k} {v:.2f}s" for k, v in manifest["seconds"].items() if k != "total")
    lines = [
        f"newsbridge {manifest['newsbridge_version']}: {counts['records_in']} records in "
        f"{len(manifest['inputs'])} file(s) → {out_dir}",
        f"  documents {counts['documents_out']}, rejected {counts['rejected']}, segments {counts['segments']}, "
        f"mentions {counts['mentions']}",
        f"  translator {manifest['translator']}; term success {quality['term_success_rate']:.3f} "
        f"({quality['mentions_ok']}/{quality['mentions_checked']}), number fidelity "
        f"{quality['number_fidelity']:.3f} ({quality['numbers_ok']}/{quality['numbers_checked']}), "
        f"flagged segments {quality['segments_flagged']}",
        f"  glossary {manifest['glossary']['entities']} entries ({manifest['glossary']['content_hash']})",
        f"  time {manifest['seconds']['total']:.2f}s: {stage_times}",
    ]
    if manifest["translator"] == "gloss":
        lines.append("  note: no zh→en model installed; English is the offline gloss (dictionary) translation")
    if counts["rejected"]:
        lines.append(f"  rejects with reasons: {Path(out_dir) / 'rejects.jsonl'}")
    return "\n".join(lines)
