"""A stage added from outside pipeline/: registered by name, listed in `steps:`, dropping documents that the
manifest accounts for, adding an output column; and the build-time checks of the contract."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.config import ConfigError, RunConfig, load_config
from pipeline.records import Document
from pipeline.registry import build_stages, parse_steps, register_stage
from pipeline.runner import run
from pipeline.stage import BuildContext, OutputField, Stage, StageContractError, StageError

from .conftest import GLOSSARIES, small_glossary_dir


@register_stage("dedupe")
class DedupeStage(Stage):
    """Drops a document whose normalized body repeats an earlier one of the same shard, and records each
    kept document's body hash (state is per shard, so results do not depend on the worker count)."""

    requires = ("document.normalized",)
    assigns = ("document.body_sha",)
    fields = (OutputField("document", "body_sha", pa.string()),)

    def __init__(self, min_chars: int = 1) -> None:
        self.min_chars = min_chars
        self.seen: dict[str, str] = {}
        self.dropped = 0

    def process(self, docs: list[Document]) -> list[Document]:
        kept = []
        for doc in docs:
            digest = hashlib.sha1(doc.body.encode()).hexdigest()[:12]
            if len(doc.body) >= self.min_chars and digest in self.seen:
                self.drop(doc, f"duplicate of {self.seen[digest]}")
                self.dropped += 1
                continue
            self.seen.setdefault(digest, doc.id)
            doc.attrs["body_sha"] = digest
            kept.append(doc)
        return kept

    def reset_stats(self) -> None:
        self.seen, self.dropped = {}, 0

    def stats(self) -> dict[str, int]:
        return {"dropped": self.dropped}


@register_stage("forgetful")
class ForgetfulStage(Stage):
    """Loses documents without saying so: the runner must catch it."""

    def process(self, docs: list[Document]) -> list[Document]:
        return docs[1:]


BODY = "中际旭创涨3%。公司发布公告。"


def _corpus(tmp_path: Path) -> Path:
    rows = [{"id": f"d{i}", "title": f"标题{i}", "body": BODY if i % 3 == 0 else f"正文{i}。"} for i in range(12)]
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _config(tmp_path: Path, **kw) -> RunConfig:
    cfg = tmp_path / "run.yaml"
    cfg.write_text("steps: [normalize, {dedupe: {min_chars: 5}}, segment, link]\n"
                   "translator: gloss\ntranslation_memory: 'off'\n", encoding="utf-8")
    return replace(load_config(cfg), **{"glossaries": GLOSSARIES, **kw})


@pytest.mark.parametrize("workers", [1, 2])
def test_a_registered_stage_drops_documents_and_the_manifest_counts_them(tmp_path: Path, workers: int) -> None:
    out = tmp_path / "out"
    # The one-entry glossary: no name is checked here, and each of 2 workers loading the project's cost ~10 s CPU.
    config = _config(tmp_path, workers=workers, shard_records=6, glossaries=small_glossary_dir(tmp_path / "g"))
    manifest = run([_corpus(tmp_path)], out, config).manifest
    counts = manifest["counts"]
    # d0, d3, d6, d9 share a body; shards are d0-d5 and d6-d11: one duplicate dropped in each.
    assert counts["dropped"] == 2
    assert counts["records_in"] == 12 == counts["documents_out"] + counts["rejected"]
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["reason"] for r in rejects] == ["dedupe: duplicate of d0", "dedupe: duplicate of d6"]
    assert [s["stats"] for s in manifest["stages"] if s["name"] == "dedupe"] == [{"dropped": 2}]
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(len(d["body_sha"]) == 12 for d in docs)
    assert pq.read_table(out / "documents.parquet").column("body_sha").to_pylist() == [d["body_sha"] for d in docs]


def test_a_stage_that_loses_documents_stops_the_run_naming_the_stage(tmp_path: Path) -> None:
    """Losing documents is a bug in the stage: rejecting every record with exit 0 would hide it."""
    config = replace(_config(tmp_path), steps=parse_steps(["normalize", "forgetful", "segment"]), batch_size=4)
    with pytest.raises(StageContractError, match="'forgetful' returned 3 and removed 0 of 4 documents"):
        run([_corpus(tmp_path)], tmp_path / "out", config)
    assert not (tmp_path / "out").exists()


@register_stage("fragile")
class FragileStage(Stage):
    """Fails on any batch holding the document with id "bad"."""

    def process(self, docs: list[Document]) -> list[Document]:
        if any(d.id == "bad" for d in docs):
            raise ValueError("cannot handle this one")
        return docs


def test_a_failed_batch_is_retried_from_the_documents_as_read(tmp_path: Path) -> None:
    """The retry must not normalize twice: a Traditional record keeps its script and its own text."""
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": "tw", "title": "台積電營收創新高", "body": "台積電第三季營收達新台幣7,596.9億元。"},
            {"id": "bad", "title": "标题", "body": "正文。"}]
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    config = replace(_config(tmp_path), steps=parse_steps(["normalize", "fragile", "segment", "link", "translate"]),
                     translator="gloss")
    run([corpus], tmp_path / "out", config)
    clean = replace(config, steps=parse_steps(["normalize", "segment", "link", "translate"]))
    run([corpus], tmp_path / "clean", clean)
    segments = (tmp_path / "out" / "segments.jsonl").read_text(encoding="utf-8").splitlines()
    clean_tw = [line for line in (tmp_path / "clean" / "segments.jsonl").read_text(encoding="utf-8").splitlines()
                if json.loads(line)["doc_id"] == "tw"]
    assert segments == clean_tw
    assert all(json.loads(line)["script"] == "hant" and not json.loads(line)["flags"] for line in segments)
    rejects = (tmp_path / "out" / "rejects.jsonl").read_text(encoding="utf-8")
    assert "cannot handle this one" in rejects and '"line":2' in rejects


def test_requires_are_checked_when_the_pipeline_is_built(tmp_path: Path) -> None:
    with pytest.raises(StageError, match="'link' requires segments"):
        build_stages(parse_steps(["normalize", "link"]), BuildContext(RunConfig(glossaries=GLOSSARIES)))
    with pytest.raises(StageError, match="unknown step 'sentiment'"):
        parse_steps(["normalize", "sentiment"])
    with pytest.raises(StageError, match="step 'dedupe'.*colour"):
        build_stages(parse_steps(["normalize", {"dedupe": {"min_chars": 1, "colour": "red"}}]),
                     BuildContext(RunConfig(glossaries=GLOSSARIES)))


def test_a_config_names_steps_by_registry_name_or_import_path(tmp_path: Path) -> None:
    cfg = tmp_path / "run.yaml"
    cfg.write_text("steps: [normalize, 'tests.test_stage_contract:DedupeStage', segment]\n", encoding="utf-8")
    assert [s.name for s in load_config(cfg).step_specs] == ["normalize", "tests.test_stage_contract:DedupeStage",
                                                              "segment"]
    cfg.write_text("steps: normalize\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="steps"):
        load_config(cfg)


def test_the_default_steps_are_the_four_transforms(tmp_path: Path) -> None:
    manifest = run([_corpus(tmp_path)], tmp_path / "out",
                   replace(RunConfig(glossaries=GLOSSARIES), translator="gloss", translation_memory="off")).manifest
    assert [s["name"] for s in manifest["stages"]] == ["normalize", "segment", "link", "translate"]
    assert manifest["counts"]["dropped"] == 0


def test_outputs_are_the_same_through_the_cli_with_a_config(tmp_path: Path) -> None:
    from pipeline.cli import main

    out = tmp_path / "out"
    _config(tmp_path)
    assert main(["run", str(_corpus(tmp_path)), "--out", str(out), "--config", str(tmp_path / "run.yaml"),
                 "--glossaries", str(GLOSSARIES), "-q"]) == 0
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]["dropped"] == 3  # one shard
    assert main(["run", str(_corpus(tmp_path)), "--out", str(out), "--glossaries", str(GLOSSARIES), "-q"]) == 2
    assert main(["run", str(_corpus(tmp_path)), "--out", str(out), "--config", str(tmp_path / "run.yaml"),
                 "--glossaries", str(GLOSSARIES), "-q", "--overwrite"]) == 0
