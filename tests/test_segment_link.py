"""Sentence splitting, language detection, tokenization with glossary names, and linking offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.glossary import CompiledGlossary
from pipeline.records import Document
from stages.link import LinkStage
from stages.normalize import TextNormalizer
from stages.segment import SegmentStage, detect_lang, split_sentences


@pytest.mark.parametrize(("text", "sentences"), [
    ("中际旭创大涨。新易盛跟涨！光库科技呢？", ["中际旭创大涨。", "新易盛跟涨！", "光库科技呢？"]),
    ("他说：「涨停了。」随后回落。", ["他说：「涨停了。」", "随后回落。"]),
    ("Nvidia fell 7%. Google rose 2.5% on Monday.", ["Nvidia fell 7%.", "Google rose 2.5% on Monday."]),
    ("Shares of Apple Inc. rose. U.S. markets closed higher.",
     ["Shares of Apple Inc. rose.", "U.S. markets closed higher."]),
    ("Group 1: CPO - The CPO concept rises - Other companies gained",
     ["Group 1: CPO", "The CPO concept rises", "Other companies gained"]),
    ("第一段。\n第二段", ["第一段。", "第二段"]),
    ("中际旭创大涨。Innolight rose 13%. Google fell.", ["中际旭创大涨。", "Innolight rose 13%.", "Google fell."]),
])
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(("text", "lang"), [
    ("云计算ETF汇添富(159273)大涨4.5%", "zh"),
    ("GB200和TPU v7带动需求", "zh"),
    ("Tencent (腾讯) launched a new open-source model", "en"),
    ("The cloud computing ETF covers hardware.", "en"),
    ("159273", "en"),
])
def test_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_glossary_names_stay_one_token(segmenter: SegmentStage) -> None:
    tokens = segmenter.tokenize("谷歌链龙头中际旭创暴涨逾13%创新高，云计算ETF汇添富大涨")
    assert "中际旭创" in tokens
    assert "云计算ETF汇添富" in tokens


def _doc(title: str, body: str, normalizer: TextNormalizer, segmenter: SegmentStage,
         linker: LinkStage) -> Document:
    doc = Document(id="d", title=normalizer(title), body=normalizer(body))
    return linker.process(segmenter.process([doc]))[0]


def test_title_is_segment_zero_and_mixed_languages(normalizer, segmenter, linker) -> None:
    doc = _doc("中际旭创暴涨逾13%创新高", "Zhongji Innolight rose. 天孚通信跟涨。", normalizer, segmenter, linker)
    assert [(s.seg_id, s.part, s.src_lang) for s in doc.segments] == [
        (0, "title", "zh"), (1, "body", "en"), (2, "body", "zh")]
    title, english, chinese = doc.segments
    assert [(m.surface, m.ticker) for m in title.entities if m.type == "company"] == [("中际旭创", "300308.SZ")]
    assert [(m.surface, m.ticker) for m in english.entities] == [("Zhongji Innolight", "300308.SZ")]
    assert english.zh is None and english.en == "Zhongji Innolight rose."
    assert [m.ticker for m in chinese.entities if m.type == "company"] == ["300394.SZ"]


def test_traditional_text_links_after_normalization(normalizer, segmenter, linker) -> None:
    doc = _doc("中際旭創、騰訊與輝達股價大漲", "", normalizer, segmenter, linker)
    tickers = [m.ticker for m in doc.segments[0].entities if m.type == "company"]
    assert tickers == ["300308.SZ", "0700.HK", "NVDA"]


def test_longest_match_wins(glossary: CompiledGlossary) -> None:
    matches = glossary.find("腾讯控股发布财报", "zh")
    assert [(m.start, m.end) for m in matches][0] == (0, 4)


@pytest.mark.parametrize("text", ["TPUs are sold out", "metadata platform", "Googler"])
def test_english_names_need_word_boundaries(glossary: CompiledGlossary, text: str) -> None:
    assert not [m for m in glossary.find(text, "en") if glossary.entries[m.entry_id].type != "term"]


def test_english_matching_is_case_insensitive(glossary: CompiledGlossary) -> None:
    (match,) = glossary.find("shares of NVIDIA fell", "en")
    assert glossary.entries[match.entry_id].ticker == "NVDA"


NAMES = ["中际旭创", "新易盛", "天孚通信", "光库科技", "英伟达", "谷歌", "腾讯", "阿里巴巴", "云计算ETF汇添富",
         "算力", "光模块"]
FILLER = st.text(alphabet=st.sampled_from(list("股价大涨跌的了今日市场资金流入，。！0123456789%ETF ")), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(FILLER, st.sampled_from(NAMES)), min_size=1, max_size=6), FILLER)
def test_mentions_sit_at_their_offsets(linker: LinkStage, normalizer: TextNormalizer, parts, tail) -> None:
    text = normalizer("".join(f + n for f, n in parts) + tail)
    mentions = linker.mentions(text, "zh")
    for m in mentions:
        assert text[m.start:m.end] == m.surface
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))
    for _, name in parts:  # every name set off from other Chinese is covered by a mention (maybe a longer one)
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if not (_is_han(text, start - 1) or _is_han(text, end)):
                assert any(m.start < end and start < m.end for m in mentions), (name, text)
            start = text.find(name, start + 1)


def _is_han(text: str, i: int) -> bool:
    """Glued to another Chinese character, a name may rightly be read as part of another word (回升达)."""
    return 0 <= i < len(text) and "\u4e00" <= text[i] <= "\u9fff"
