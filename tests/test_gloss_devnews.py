"""The dev news through the real stages with the gloss translator: no dictionary apparatus and (almost) no
Chinese characters in the English. Reads ../shared at run time and skips without it."""

from __future__ import annotations

import csv
import json
import re

from pipeline.records import Document
from stages.translate import TranslateStage
from stages.translators.checks import dictionary_apparatus
from stages.translators.gloss import GlossTranslator
from tests.conftest import shared_path

# Every STEP-th record of each source: a few hundred segments, a few seconds.
STEP = 40
# Issue 8's goal: under 1% of segments with Chinese characters left in the English.
MAX_CJK_SHARE = 0.01
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def dev_news_texts() -> list[str]:
    """Titles and bodies of every STEP-th record of the zh-hans sources and the cnyes headlines."""
    news = shared_path("data/news")
    texts: list[str] = []
    for name in ("cfsc_ner_test.json", "cfsc_ner_val.json"):
        texts += [r["text"] for r in json.loads((news / "zh-hans" / name).read_text(encoding="utf-8"))[::STEP]]
    for name in ("cfbenchmark_basic_company.jsonl", "cfbenchmark_basic_sentiment.jsonl"):
        lines = [ln for ln in (news / "zh-hans" / name).read_text(encoding="utf-8").splitlines() if ln.strip()]
        texts += [json.loads(ln)["input"] for ln in lines[::STEP]]
    pairs = json.loads((news / "zh-hans" / "bbt_fincuge_finna_eval_list.json").read_text(encoding="utf-8"))
    texts += [text for pair in pairs[::STEP] for text in pair]
    for path in sorted((news / "zh-hant").glob("cnyes_headlines_*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            texts += [row["標題"] for row in list(csv.DictReader(fh))[::STEP]]
    return texts


def test_dev_news_has_no_dictionary_text(normalizer, segmenter, linker, glossary) -> None:
    texts = dev_news_texts()
    stage = TranslateStage(GlossTranslator(glossary))
    docs = [Document(id=str(i), title="", body=normalizer(text)) for i, text in enumerate(texts)]
    segments = [seg for doc in stage.process(linker.process(segmenter.process(docs))) for seg in doc.segments
                if seg.translator == "gloss"]
    assert len(segments) > len(texts)  # bodies split into sentences
    leaks = [i for i, seg in enumerate(segments) if dictionary_apparatus(seg.en or "", strict=True)]
    with_cjk = [i for i, seg in enumerate(segments) if HAN.search(seg.en or "")]
    # Indexes, never the news text, in the failure message.
    assert leaks == [], f"dictionary apparatus in segments {leaks[:20]}"
    assert len(with_cjk) / len(segments) < MAX_CJK_SHARE, f"Chinese characters in segments {with_cjk[:20]}"
