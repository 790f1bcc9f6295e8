"""Round 5's link-stage speed work keeps every answer: is_word_at (which now skips the scan of an edge no dictionary
word can cross) is still the most probable segmentation; the country step's scans that stop at the first break
past a name answer as the full scans did; a link pass leaves the cyclic collector as it found it. Sentences
written for this test."""

from __future__ import annotations

import gc
import math
import re

import pytest

from pipeline.glossary.commonness import (
    MAX_WORD,
    NAME_FREQ,
    WINDOW,
    _overrides_name,
    _rare_run_on,
    dictionary,
    is_word_at,
)
from pipeline.glossary.country import CLAUSE_BREAK, HEADLINE_BREAK, RESPONSE_AFTER, answers_headline, clause_bounds
from pipeline.records import Document, Segment

SENTENCES = [
    "今天平安银行小幅上涨，中国银行股集体走强。",
    "回升达到预期，三星级酒店与三星电子无关。",
    "长江三峡旅游板块异动，于长江表示看好。",
    "美联储主席鲍威尔表示，财政部将于下周公布数据。",
    "太子集团高管在日本被捕 外交部回应：正在核实。",
    "美国财政部宣布新规 财政部：将配合落实。",
    "未来发展趋势向好，东风汽车午后拉升。",
]


def plain_is_word_at(text: str, start: int, end: int) -> bool:
    """The max-probability segmentation of the span's neighbourhood, without any shortcut: does it keep the span?"""
    words = dictionary()
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    span_freq = max(words.freq(text[start:end]), NAME_FREQ)
    best: dict[int, tuple[float, bool, bool]] = {lo: (0.0, start == lo, False)}
    for i in range(lo, hi):
        if i not in best:
            continue
        score, at_start, at_end = best[i]
        pieces = [(i + 1, words.freq(text[i]))]
        for j in range(i + 2, min(hi, i + MAX_WORD) + 1):
            piece = text[i:j]
            if not words.may_continue(piece):
                break
            if words.freq(piece) and not _rare_run_on(words.freq(piece), i, j, start, end) \
                    and (piece not in words.tags or not _overrides_name(words, text, i, j, start, end)):
                pieces.append((j, words.freq(piece)))
        if i == start:
            pieces.append((end, span_freq))
        for j, freq in pieces:
            candidate = score + (math.log(freq) - words.log_total if freq else -words.log_total)
            if j == end and i == start:
                candidate = max(candidate, score + math.log(span_freq) - words.log_total)
            if j not in best or candidate > best[j][0]:
                best[j] = (candidate, (at_start and i >= start) or j == start, (at_end and i >= end) or j == end)
    _, through_start, through_end = best[hi]
    return through_start and through_end


@pytest.mark.parametrize("sentence", SENTENCES)
def test_is_word_at_is_the_plain_segmentation(normalizer, sentence: str) -> None:
    text = normalizer(sentence)
    asked = kept = 0
    for start in range(len(text)):
        for end in range(start + 2, min(len(text), start + 5) + 1):
            assert is_word_at(text, start, end) == plain_is_word_at(text, start, end), (text, start, end)
            asked += 1
            kept += is_word_at(text, start, end)
    assert 0 < kept < asked  # both answers occur


def full_scan_clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in CLAUSE_BREAK.finditer(text) if m.end() <= start]
    after = CLAUSE_BREAK.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def full_scan_headline_break(text: str, start: int, end: int) -> bool:
    return RESPONSE_AFTER.match(text, end) is not None \
        and any(m.end() == start for m in HEADLINE_BREAK.finditer(text) if m.end() <= start)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_country_scans_answer_as_the_full_scans(normalizer, sentence: str) -> None:
    text = normalizer(sentence)
    for start in range(len(text)):
        for end in range(start + 1, min(len(text), start + 4) + 1):
            assert clause_bounds(text, start, end) == full_scan_clause_bounds(text, start, end), (text, start)
            if full_scan_headline_break(text, start, end):
                assert answers_headline(text, start, end), (text, start)
    text = normalizer("太子集团高管在日本被捕 外交部回应：正在核实。")
    at = text.index("外交部")
    assert answers_headline(text, at, at + 3) and full_scan_headline_break(text, at, at + 3)


def _document(normalizer) -> Document:
    text = normalizer("美联储主席鲍威尔表示，平安银行小幅上涨。")
    return Document(id="d", title="", body=text,
                    segments=[Segment(doc_id="d", seg_id=0, part="body", src=text, zh=text, src_lang="zh")])


@pytest.mark.parametrize("enabled", [True, False])
def test_a_link_pass_leaves_the_collector_as_it_found_it(linker, normalizer, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        docs = linker.process([_document(normalizer)])
        assert docs[0].segments[0].entities
        assert gc.isenabled() == enabled
        with pytest.raises(AttributeError):
            linker.process([object()])  # type: ignore[list-item]
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_clause_breaks_share_their_punctuation_and_keep_their_sets() -> None:
    """The three clause-break patterns read one list of clause punctuation and match what they matched before."""
    from pipeline.glossary import compiled, country, person_context
    from pipeline.text.clauses import CLAUSE_PUNCTUATION

    before = {compiled.CLAUSE_BREAK: r"[，。：；！？、,.:;!?\s【】\u2460-\u2473]",
              country.CLAUSE_BREAK: r"[，。：；！？、,;:!?【】]|(?<=[\u4e00-\u9fff”\"])\s+(?=[\u4e00-\u9fff])",
              person_context.CLAUSE_END: r"[，,；;。！？!?、\n①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"}
    text = "".join(chr(c) for c in range(0x3000)) + "中文 中文” 英文 a b，美国。①【】" + chr(0xff01) + chr(0xff1b)
    for pattern, old in before.items():
        assert CLAUSE_PUNCTUATION in pattern.pattern
        assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in re.finditer(old, text)], old
