"""Coverage table (issue 16, item 5): ADRs renamed or delisted, US names as Chinese media write them, one entity per
A+H+US company, Hong Kong short names, ETFs by index + ETF + manager, listings newer than the listing files.
Sentences written for these tests."""

from __future__ import annotations

import pytest

from pipeline.glossary import CompiledGlossary
from pipeline.records import Document
from stages.link import LinkStage
from stages.normalize import TextNormalizer
from stages.segment import SegmentStage


def _linked(text: str, normalizer: TextNormalizer, segmenter: SegmentStage, linker: LinkStage) -> list:
    doc = Document(id="t", title=normalizer(text), body="")
    doc = linker.process(segmenter.process([doc]))[0]
    return [m for seg in doc.segments for m in seg.entities]


def _tickers(glossary: CompiledGlossary, entity_id: str) -> set[str]:
    e = glossary.entries[entity_id]
    return {t for t in [e.ticker, *e.tickers, *e.former_tickers] if t}


@pytest.mark.parametrize(("sentence", "surface", "ticker"), [
    ("百济神州公布新药三期临床结果，股价应声上涨。", "百济神州", "688235.SH"),
    ("跟谁学更名后的高途今年营收增长两成。", "跟谁学", "GOTU"),
    ("上证50ETF华夏今日成交额放大至百亿元。", "上证50ETF华夏", "510050.SH"),
    ("资金继续流入沪深300ETF易方达。", "沪深300ETF易方达", "510310.SH"),
    ("港铁宣布明年起调整票价。", "港铁", "0066.HK"),
    ("黑莓盘前大涨8%，此前公布季度业绩。", "黑莓", "BB"),
    ("猎豹移动第二季度收入同比增长。", "猎豹移动", "CMCM"),
    ("优信盘后股价下跌。", "优信", "UXIN"),
    ("恒基地产上半年基础盈利下降。", "恒基地产", "0012.HK"),
    ("九仓置业旗下商场零售额回升。", "九仓置业", "1997.HK"),
    ("泡泡玛特股价创出新高。", "泡泡玛特", "9992.HK"),
    ("东方证券发布半年度业绩预告。", "东方证券", "600958.SH"),
    ("亚玛芬体育上调全年指引。", "亚玛芬体育", "AS"),
])
def test_names_link_to_their_listing(sentence, surface, ticker, glossary, normalizer, segmenter, linker) -> None:
    mentions = [m for m in _linked(sentence, normalizer, segmenter, linker) if m.surface == surface]
    assert mentions, f"{surface} not linked in {sentence}"
    assert ticker in _tickers(glossary, mentions[0].entity_id)


def test_beigene_is_one_entity_with_every_listing(glossary, normalizer, segmenter, linker) -> None:
    """STAR 688235, HKEX 6160 and Nasdaq ONC (BGNE before the 2025 rename) are one company."""
    mentions = _linked("百济神州港股与美股同步走高。", normalizer, segmenter, linker)
    ids = {m.entity_id for m in mentions if m.surface == "百济神州"}
    assert len(ids) == 1
    tickers = _tickers(glossary, ids.pop())
    assert {"688235.SH", "6160.HK", "ONC", "BGNE"} <= tickers


def test_hang_seng_index_short_names(normalizer, segmenter, linker) -> None:
    mentions = _linked("科指收跌1.2%，国指跌0.8%。", normalizer, segmenter, linker)
    assert {m.entity_id for m in mentions} >= {"index.hstech", "index.hscei"}
