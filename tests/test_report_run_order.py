"""The report's time-per-stage chart lists the run's phases and steps in the order the run went through them
(glossary, plan, read, each step in order, write, merge), never sorted by time or by name."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.report.gather import Figures
from pipeline.report.page import render

RUN_ORDER = ["glossary", "plan", "read", "normalize", "segment", "link", "translate", "write", "merge"]


def _manifest(step_seconds: dict[str, float], phase_seconds: dict[str, float]) -> dict:
    return {
        "counts": {"records_in": 1, "documents_out": 1, "rejected": 0},
        "stages": [{"name": n, "signature": f"{n}|v1", "seconds": s} for n, s in step_seconds.items()],
        "seconds": {**phase_seconds, **step_seconds, "total": sum(phase_seconds.values())},
    }


def _labels(manifest: dict) -> list[str]:
    tree = HTMLParser(render(Figures(manifest=manifest), []))
    return [g.css_first("text").text() for g in tree.css("#time svg g.bar")]


STEPS = {"normalize": 0.12, "segment": 2.17, "link": 1.51, "translate": 0.10}


@pytest.mark.parametrize("phases", [
    # as build_manifest writes them: glossary, plan, then the workers' read/write and steps, then merge
    {"glossary": 1.59, "plan": 0.01, "read": 0.01, "write": 0.97, "merge": 0.03},
    # any other order of the manifest's keys draws the same chart
    {"merge": 0.03, "write": 0.97, "read": 0.01, "plan": 0.01, "glossary": 1.59},
    # times that sorting by size or by name would reorder
    {"glossary": 0.5, "plan": 9.0, "read": 3.0, "write": 0.2, "merge": 7.0},
])
def test_stage_chart_is_in_run_order(phases: dict[str, float]) -> None:
    assert _labels(_manifest(STEPS, phases)) == RUN_ORDER


@pytest.mark.parametrize("steps", [
    ["translate", "normalize", "segment", "link"],  # steps run in the order the config lists them
    ["segment", "link"],
    ["normalize", "segment", "link", "translate", "myplugin"],
])
def test_steps_keep_the_manifests_step_order(steps: list[str]) -> None:
    phases = {"glossary": 1.0, "plan": 0.1, "read": 0.2, "write": 0.3, "merge": 0.05}
    labels = _labels(_manifest({s: float(len(s)) for s in steps}, phases))
    assert labels == ["glossary", "plan", "read", *steps, "write", "merge"]


def test_a_manifest_without_phase_times_charts_the_steps_alone() -> None:
    assert _labels(_manifest(STEPS, {})) == list(STEPS)
