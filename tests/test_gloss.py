"""The offline gloss translator: names and numbers come out exactly."""

from __future__ import annotations

from pipeline.records import Document
from stages.translate import TranslateStage


def _translate(text: str, normalizer, segmenter, linker, gloss):
    stage = TranslateStage(gloss)
    doc = Document(id="d", title=normalizer(text), body="")
    doc = stage.process(linker.process(segmenter.process([doc])))[0]
    return doc.segments[0], stage.tally


def test_seed_headline(normalizer, segmenter, linker, gloss) -> None:
    seg, tally = _translate("CPO概念飙升,海外芯片之争背后的算力基石!谷歌链龙头中际旭创暴涨逾13%创新高,"
                            "云计算ETF汇添富(159273)大涨4.5%!", normalizer, segmenter, linker, gloss)
    for expected in ("Google", "Zhongji Xuchuang", "over 13%", "(159273)", "4.5%"):
        assert expected in seg.en
    assert seg.translator == "gloss"
    assert seg.flags == []
    assert tally.term_success_rate == 1.0 and tally.number_fidelity == 1.0


def test_amounts_are_converted(normalizer, segmenter, linker, gloss) -> None:
    seg, _ = _translate("中际旭创市值突破6000亿元，成交额超4300万元，两融余额1.8万亿元。",
                        normalizer, segmenter, linker, gloss)
    for expected in ("600 billion yuan", "over 43 million yuan", "1.8 trillion yuan"):
        assert expected in seg.en
    assert "亿" not in seg.en and "万" not in seg.en


def test_no_chinese_left_in_common_news_text(normalizer, segmenter, linker, gloss) -> None:
    seg, _ = _translate("英伟达股价重挫逾7%，创七个月来最大单日跌幅，市值较高点蒸发1万亿美元。",
                        normalizer, segmenter, linker, gloss)
    assert "Nvidia" in seg.en and "US$1 trillion" in seg.en and "over 7%" in seg.en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in seg.en)


def test_english_segments_pass_through(normalizer, segmenter, linker, gloss) -> None:
    stage = TranslateStage(gloss)
    doc = Document(id="d", title="Nvidia fell 7%.", body="")
    (seg,) = stage.process(linker.process(segmenter.process([doc])))[0].segments
    assert (seg.en, seg.translator, seg.zh) == ("Nvidia fell 7%.", "passthrough", None)


def test_signature_does_not_change_when_the_dictionaries_load(glossary) -> None:
    """The translation memory is keyed by the signature: a key that changed after the first batch loaded the
    dictionaries would never find the rows that batch stored."""
    from stages.translators.gloss import GlossTranslator

    translator = GlossTranslator(glossary)
    before = translator.signature()
    translator.load()
    assert translator.signature() == before
