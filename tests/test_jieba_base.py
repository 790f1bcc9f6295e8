"""Tokenizers made from the one per-process copy of jieba's dictionary segment and tag exactly as jieba's own,
and words one of them adds stay in it."""

from __future__ import annotations

import jieba
import jieba.posseg
import pytest

from pipeline.text.jieba_base import new_tagger, new_tokenizer

TEXTS = ("中际旭创暴涨逾13%创新高，云计算ETF汇添富(159273)大涨4.5%", "央行开展逆回购操作，业内人士认为流动性合理充裕。",
         "吉利汽车周二股价上涨，高雄港货量增加")


@pytest.fixture(scope="module")
def jiebas_own() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.mark.parametrize("text", TEXTS)
def test_words_and_tags_are_jiebas_own(jiebas_own: jieba.Tokenizer, text: str) -> None:
    ours = new_tokenizer()
    assert list(ours.cut(text, HMM=True)) == list(jiebas_own.cut(text, HMM=True))
    theirs = jieba.posseg.POSTokenizer(jiebas_own)
    assert [tuple(p) for p in new_tagger(ours).cut(text)] == [tuple(p) for p in theirs.cut(text)]


def test_a_word_added_to_one_tokenizer_is_not_in_another() -> None:
    first, second = new_tokenizer(), new_tokenizer()
    first.add_word("云计算ETF汇添富", 10_000_000)
    assert "云计算ETF汇添富" in list(first.cut(TEXTS[0]))
    assert "云计算ETF汇添富" not in list(second.cut(TEXTS[0]))
    assert "云计算ETF汇添富" not in new_tokenizer().FREQ


def test_a_tag_added_through_one_tagger_is_not_in_another() -> None:
    tokenizer = new_tokenizer()
    tokenizer.add_word("中际旭创", 10_000_000, tag="nt")
    tagged = dict(tuple(p) for p in new_tagger(tokenizer).cut("中际旭创涨停"))
    assert tagged["中际旭创"] == "nt"
    assert "中际旭创" not in new_tagger(new_tokenizer()).word_tag_tab


def test_a_tagger_with_cached_unknown_runs_tags_as_jiebas_own(jiebas_own: jieba.Tokenizer) -> None:
    """The template veto's tagger (pipeline.text.tagger_cache) cuts a run the dictionary lacks once ("希音", in
    both titles) and tags every text as jieba's own tagger does, the second time from its cache too."""
    from pipeline.text import tagger_cache

    theirs = jieba.posseg.POSTokenizer(jiebas_own)
    ours = new_tagger(new_tokenizer(), kind=tagger_cache.RunCachedTagger)
    for text in (*TEXTS, "希音国际控股递表港交所", "希音盘前涨超10", *TEXTS):
        assert [tuple(p) for p in ours.cut(text)] == [tuple(p) for p in theirs.cut(text)]
    assert "希音" in tagger_cache._cuts
