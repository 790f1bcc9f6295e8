"""The link stage's shortcuts give what the plain algorithm gives: every overlapping hit checked, then the
leftmost-longest among those that pass (a name lacking only market context passing when listed beside a
company); is_word_at asked of a window and memoized answers as on the whole text; Mentions built positionally
carry the entry's fields. Sentences written for this test."""

from __future__ import annotations

import ahocorasick_rs
import pytest

from pipeline.glossary.commonness import MAX_WORD, _keeps_span, dictionary, is_word_at
from pipeline.glossary.compiled import ACCEPT, NEEDS_COMPANY, REJECT, Match, _lower_same_length, listed_with
from pipeline.records import Mention
from stages.link import LinkStage

SENTENCES = [
    "今天平安银行小幅上涨，中国银行股集体走强。",
    "腾讯、小米走弱，阿里巴巴盘前大涨2%。",
    "长城、比亚迪今日走弱，浪潮、腾讯午后走低。",
    "华夏上证50ETF今日成交额居前，易方达沪深300ETF净流入。",
    "美联储主席鲍威尔表示，财政部将于下周公布数据。",
    "尼克·鲍姆加特纳称，加特纳公司的报告显示需求回升。",
    "浪潮信息发布公告，浪潮之下AI算力需求旺盛。",
    "宁德时代拟收购江西锂业有限公司51%股权。",
    "比亚迪(002594)一季度净利润同比增长，长城汽车跟涨。",
    "上海临港新片区再迎新项目，临港集团参与投资。",
    "英伟达ETF大涨，SK海力士杠杆ETF同步走高。",
    "理想汽车盘前大涨，蔚来、小鹏汽车跟涨。",
    "三星小幅上涨，东风汽车午后拉升，美联储周三宣布维持利率不变。",
    "老百姓(603883)公告称，老百姓关心的股价问题已有回应。",
    "广州市发改委召开会议，省发改委相关负责人出席。",
    "证监会核准华安基金旗下新产品，證監會另有安排。",
    "ADP就业数据好于预期，小非农ADP新增岗位增加。",
    "劳氏日报报道，劳氏公司季度营收超预期。",
    "苹果日报停刊多年，苹果公司股价创新高。",
    "100亿都投向了新能源，亿都国际未有公告。",
    "Meta发布新模型，metadata与TPUs不是公司名，Arm股价上涨而arm不是。",
    "中国建筑科学研究院发布报告，中国建筑签下大单。",
    "燃料电池产业链走强，FuelCell Energy股价大涨。",
    "高盛称对冲基金加仓科技股，摩根士丹利维持评级。",
    "百济神州股价上涨，港股6160同步走高。",
]
# The overlapping automaton of each matcher, built here (not the matcher's own, which find() builds lazily), and
# every verdict the reference saw: the sentences must reach rejections and names lacking context.
AUTOMATA: dict[int, ahocorasick_rs.AhoCorasick] = {}
VERDICTS: set[int] = set()
LOCALES = [("hans", "cn"), ("hant", "hk"), ("hant", "tw"), ("hans", None)]


def reference_find(matcher, text: str, script: str | None, locale: str | None) -> list[Match]:
    """The plain algorithm: every overlapping hit checked, then leftmost-longest among those that pass."""
    haystack = _lower_same_length(text)
    automaton = AUTOMATA.get(id(matcher))
    if automaton is None:
        automaton = AUTOMATA[id(matcher)] = ahocorasick_rs.AhoCorasick(matcher.patterns)
    accepted, pending, companies = [], [], []
    for index, start, end in automaton.find_matches_as_indexes(haystack, overlapping=True):
        info = matcher.infos[index]
        entry_id = info.resolve(script, locale)
        if not entry_id:
            continue
        verdict = matcher._check(text, haystack, start, end, info, entry_id, True, script) \
            if info.needs_checks else ACCEPT
        VERDICTS.add(verdict)
        if verdict == ACCEPT or verdict == NEEDS_COMPANY and info.local_to(locale):
            accepted.append((start, end, entry_id))
            if verdict == ACCEPT and info.company:
                companies.append((start, end))
        elif verdict == NEEDS_COMPANY:
            pending.append((start, end, entry_id))
    accepted += [(s, e, i) for s, e, i in pending if listed_with(text, s, e, companies)]
    chosen: list[Match] = []
    for start, end, entry_id in sorted(accepted, key=lambda hit: (hit[0], hit[0] - hit[1], hit[2])):
        if not chosen or start >= chosen[-1].end:
            chosen.append(Match(start, end, entry_id))
    return chosen


@pytest.mark.parametrize(("script", "locale"), LOCALES)
def test_find_is_the_plain_algorithm(glossary, normalizer, script, locale) -> None:
    for sentence in SENTENCES:
        text = normalizer(sentence)
        assert glossary.find(text, "zh", script, locale) == reference_find(glossary._zh, text, script, locale), text


def test_find_is_the_plain_algorithm_on_runs_of_sentences(glossary, normalizer) -> None:
    """Longer texts: more hits before and after a rejected one."""
    for k in range(len(SENTENCES) - 2):
        text = normalizer("".join(SENTENCES[k:k + 3]))
        assert glossary.find(text, "zh", "hans", "cn") == reference_find(glossary._zh, text, "hans", "cn"), text
    assert VERDICTS == {ACCEPT, REJECT, NEEDS_COMPANY}


def test_is_word_at_window_and_memo(normalizer) -> None:
    """Every span of two to five characters: the windowed, memoized answer is the whole text's."""
    words = dictionary()
    plain = _keeps_span.__wrapped__
    for sentence in SENTENCES:
        text = normalizer(sentence)
        for start in range(len(text)):
            for end in range(start + 2, min(len(text), start + 5) + 1):
                quick = (start == 0 or text[start - 1:start + 1] not in words.joins) \
                    and text[end - 1:end + 1] not in words.joins
                expected = quick or plain(text, start, end)
                assert is_word_at(text, start, end) == expected, (text, start, end)
                assert is_word_at(text, start, end) == expected  # from the memo the second time
    assert MAX_WORD > 1


@pytest.mark.parametrize("naming", ["default", "official"])
def test_mentions_carry_the_entry_fields(glossary, normalizer, naming) -> None:
    stage = LinkStage(glossary, naming=naming)
    for sentence in SENTENCES:
        text = normalizer(sentence)
        for m in stage.mentions(text, "zh", "hans", "cn"):
            entry = stage.entry(m.entity_id)  # (a unit derived from its parent, 赣锋国际, is the stage's own)
            canonical = entry.en_official if naming == "official" and entry.en_official else entry.en
            assert m == Mention(entity_id=entry.id, surface=text[m.start:m.end], start=m.start, end=m.end,
                                canonical=canonical, ticker=entry.ticker, type=entry.type,
                                en_official=entry.en_official, reports_in=entry.reports_in)
