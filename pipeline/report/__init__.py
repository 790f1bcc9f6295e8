"""`report.html`: one self-contained page that shows what a run did, written into every output directory
(see write_report) and rebuilt on demand by `newsbridge report OUT`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.io.atomic import write_text_atomic
from pipeline.report.gather import MAX_SUGGESTIONS, SUGGEST_MIN_COUNT, Figures, gather, zh_texts
from pipeline.report.page import render
from pipeline.report.reader import sample

if TYPE_CHECKING:  # the glossary package is heavy to import; `newsbridge --help` should stay instant
    from pipeline.glossary import CompiledGlossary
    from pipeline.io.output_source import OutputSource

log = logging.getLogger(__name__)
REPORT_FILE = "report.html"

__all__ = ["REPORT_FILE", "write_report", "write_run_report"]


def write_report(out_dir: Path, glossary: CompiledGlossary | None = None) -> Path:
    """Read a finished output directory (manifest.json and the JSONL files) and write its report.html.
    Without a glossary, the one the manifest names is loaded (from its cache) for the name suggestions.
    A dataset's report is built from its tables at the manifest's versions: a pass over the whole dataset."""
    from pipeline.io.output_source import open_output

    out_dir = Path(out_dir)
    source = open_output(out_dir)
    figures = gather(source)
    figures.suggestions = _suggestions(source, figures, glossary)
    path = out_dir / REPORT_FILE
    write_text_atomic(path, render(figures, sample(source, figures.flag_doc_ids)))
    return path


def write_run_report(out_dir: Path, glossary: CompiledGlossary | None = None) -> Path | None:
    """write_report for the runner: a report that cannot be built costs a warning, never the run's outputs
    (`newsbridge report OUT` rebuilds it later and shows the error)."""
    try:
        return write_report(out_dir, glossary)
    except Exception as e:  # any bug here must not lose a finished run
        from pipeline.invocation import command

        log.warning("report.html not written (%s: %s); `%s` retries it", type(e).__name__, e,
                    command("report", "OUT"))  # out_dir is the staging directory here
        return None


def _suggestions(out: Path | OutputSource, figures: Figures,
                 glossary: CompiledGlossary | None) -> list[tuple[str, int]]:
    """Company-like names in the output's Chinese text that no glossary links, most telling first."""
    from pipeline.glossary.tools import suggest
    from pipeline.text.normalizer import TextNormalizer

    if glossary is None:
        glossary = _manifest_glossary(figures)
        if glossary is None:
            return []
    found = suggest(zh_texts(out), glossary, TextNormalizer(), min_count=SUGGEST_MIN_COUNT)
    return [(s.name, s.count) for s in found[:MAX_SUGGESTIONS]]


def _manifest_glossary(figures: Figures) -> CompiledGlossary | None:
    from pipeline.glossary import GlossaryError, compile_glossary

    directory = Path(str((figures.manifest.get("glossary") or {}).get("dir") or ""))
    if not directory.is_dir():
        log.warning("report: glossary %s not found here; no name suggestions", directory)
        return None
    try:
        return compile_glossary(directory)
    except GlossaryError as e:
        log.warning("report: glossary %s unusable (%s); no name suggestions", directory, e.problems[0])
        return None
