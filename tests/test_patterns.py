"""Sentence patterns: golden English for the frequent news shapes, names and numbers exact and verified.

Sources are written for these tests in the shape of the dev news (../shared); no news sentence is copied.
"""

from __future__ import annotations

import pytest

from pipeline.records import Document, Segment
from stages.translators.patterns import RULES, render_clauses
from stages.translators.verify import check_translation


def _segment(text: str, normalizer, segmenter, linker) -> Segment:
    doc = Document(id="d", title=normalizer(text), body="", script=normalizer.script(text))
    return linker.process(segmenter.process([doc]))[0].segments[0]


def _english(text: str, normalizer, segmenter, linker, gloss) -> tuple[Segment, str]:
    seg = _segment(text, normalizer, segmenter, linker)
    gloss.translate_batch([])  # nothing: dictionaries load on first use below
    if gloss.tokenizer is None:
        gloss.load()
    return seg, gloss.translate(seg)


GOLDEN = [
    # market moves
    ("中际旭创暴涨逾13%创新高", "Zhongji Xuchuang surged over 13% to a record high"),
    ("中际旭创涨停", "Zhongji Xuchuang hit the daily limit-up"),
    ("中际旭创触及跌停", "Zhongji Xuchuang hit the daily limit-down"),
    ("中际旭创收涨2.1%", "Zhongji Xuchuang closed up 2.1%"),
    ("英伟达盘中一度下跌3.4%", "Nvidia fell 3.4% at one point intraday"),
    ("沪指涨0.37%，深证成指跌0.45%",
     "The Shanghai Composite Index rose 0.37%, the Shenzhen Component Index fell 0.45%"),
    ("京东、蔚来收涨超5%", "JD.com and NIO closed up over 5%"),
    ("比亚迪股价再创新高", "BYD share price hit a record high"),
    # earnings
    ("中际旭创净利润同比增长35%", "Zhongji Xuchuang's net profit rose 35% year-on-year"),
    ("中际旭创2021年实现净利润13亿元，同比增长152.39%",
     "In 2021, Zhongji Xuchuang's net profit was 1.3 billion yuan, up 152.39% year-on-year"),
    ("中际旭创公告", "Zhongji Xuchuang announced"),
    ("2021年实现净利润13亿元，同比下降3.7%", "In 2021, net profit was 1.3 billion yuan, down 3.7% year-on-year"),
    ("公司主营收入2.37亿元，同比上升15.41%", "Revenue was 237 million yuan, up 15.41% year-on-year"),
    ("中际旭创2023一季报显示", "Zhongji Xuchuang's 2023 first quarterly report showed"),
    ("固定资产投资同比增长11%", "Fixed-asset investment rose 11% year-on-year"),
    ("二季度营收环比增长1.1%", "In the second quarter, revenue rose 1.1% quarter-on-quarter"),
    ("截至2023年5月23日收盘，中际旭创(300308)报收于16.27元",
     "As of the close on May 23, 2023, Zhongji Xuchuang (300308) closed at 16.27 yuan"),
    # margin trading
    ("中际旭创获融资买入1.2亿元", "Zhongji Xuchuang saw margin purchases of 120 million yuan"),
    ("2023年6月26日融资净买入88.67万元", "On June 26, 2023, net margin purchases of 886,700 yuan"),
    ("中际旭创融资融券信息显示", "Zhongji Xuchuang's margin trading data showed"),
    ("融资余额3.71亿元，较前一日增加0.24%",
     "The margin balance was 371 million yuan, up 0.24% from the previous trading day"),
    # fund flows
    ("北向资金净流入50亿元", "Northbound funds had net inflows of 5 billion yuan"),
    ("主力资金净流出1.3亿元，占总成交额5.15%",
     "Main-force capital had net outflows of 130 million yuan, accounting for 5.15% of total turnover"),
    # ratings
    ("中际旭创获评买入评级，目标价88.5元", "Zhongji Xuchuang was given a Buy rating, target price 88.5 yuan"),
    ("国海证券给予中际旭创增持评级", "Sealand Securities gave Zhongji Xuchuang an Overweight rating"),
    ("维持快手买入评级，目标价140港元", "Maintained a Buy rating on Kuaishou, target price HK$140"),
    # Taiwan headline shapes (Traditional script: 元 is NT$)
    ("外資連3買", "Foreign investors were net buyers for 3 straight sessions"),
    ("台股漲 150.58 點收 22118.63 點 三大法人賣超 72.41 億元",
     "Taiwan stocks rose 150.58 points to close at 22118.63, the three major institutional investors net sold "
     "NT$7.241 billion"),
    ("營收速報 - 台積電(2330)2月營收2,600.09億元年增率高達43.14%",
     "Revenue flash - TSMC (2330) February revenue NT$260.009 billion, up 43.14% year-on-year"),
    ("鉅亨速報 - Factset 最新調查：輝達NVDA-US的目標價調升至170元，幅度約6.25%",
     "Anue flash - FactSet latest survey: Nvidia (NVDA-US) target price raised to US$170, a change of about 6.25%"),
    ("鉅亨速報 - Factset 最新調查：特斯拉(TSLA-US)EPS預估下修至2.3元，預估目標價為307.00元",
     "Anue flash - FactSet latest survey: Tesla (TSLA-US) EPS estimate cut to US$2.3, target price US$307.00"),
    ("美股重點新聞摘要2025年2月25日", "US stocks key news digest, February 25, 2025"),
    ("〈台積電法說〉去年每股純益45.25元", "<TSMC investor conference> last year's earnings per share of NT$45.25"),
    ("台積電擬配息4.5元", "TSMC plans a cash dividend of NT$4.5"),
    ("〈焦點股〉台積電漲2%", "<Stocks in focus> TSMC rose 2%"),
    ("台積電去年Q4營收年增38.8%", "In Q4 last year, TSMC's revenue rose 38.8% year-on-year"),
    ("台積電 2024全年營收2.9兆元年增逾3成",  # a headline's space before a year starts a clause
     "TSMC, for the full year 2024, revenue of NT$2.9 trillion rose over 30% year-on-year"),
    ("輝達周二收漲2.72%，報123.78美元", "Nvidia closed up 2.72% on Tuesday, at US$123.78"),
    # more data-provider shapes (zh-hans)
    ("较上年提升5.7个百分点", "Up 5.7 percentage points year-on-year"),
    ("比上年增长17.1%，两年平均增长9.6%", "Up 17.1% year-on-year, an average of 9.6% a year over two years"),
    ("出口1.22万亿元，增长2.9%", "Exports were 1.22 trillion yuan, up 2.9%"),
    ("成交39.18亿元，振幅8.69%", "Turnover of 3.918 billion yuan, an intraday range of 8.69%"),
    ("中际旭创收于88.5元", "Zhongji Xuchuang closed at 88.5 yuan"),
    ("道指跌236.94点，跌幅0.75%，报31253.13点",
     "The Dow Jones Industrial Average fell 236.94 points, down 0.75%, at 31253.13"),
    ("中际旭创盘中跌幅达5%，截至11点09分", "Zhongji Xuchuang was down 5% intraday, as of 11:09"),
    ("首予快手买入评级", "Initiated coverage of Kuaishou with a Buy rating"),
    ("该股最近90天内共有17家机构给出评级，买入评级15家；过去90天内机构目标均价为24.04",
     "17 institutions rated the stock in the last 90 days, 15 Buy ratings; the average institutional target price "
     "over the last 90 days was 24.04"),
    ("中际旭创(300308)7月11日晚间公告", "Zhongji Xuchuang (300308) announced on the evening of July 11"),
    ("中际旭创预计2022年上半年净利润为7360万元到9000万元",
     "In the first half of 2022, Zhongji Xuchuang's net profit is expected to be 73.6 million yuan to 90 million yuan"),
    ("中际旭创、英伟达分别增长24.9%和12.8%", "Zhongji Xuchuang and Nvidia rose 24.9% and 12.8% respectively"),
    # issue 18: a dateline; Hong Kong's 按年/按周 with 升/跌
    ("财联社6月1日电，中际旭创收涨2.1%", "Cailian Press, June 1: Zhongji Xuchuang closed up 2.1%"),
    ("中际旭创营收按年升5%", "Zhongji Xuchuang's revenue rose 5% year-on-year"),
    ("文|富充", "By Fu Chong"),  # a byline: the writer's name, whatever its surname
]


@pytest.mark.parametrize(("zh", "english"), GOLDEN)
def test_golden(zh: str, english: str, normalizer, segmenter, linker, gloss) -> None:
    seg, en = _english(zh, normalizer, segmenter, linker, gloss)
    assert en == english
    _, flags = check_translation(seg, en)
    assert flags == []  # every linked name and number round-trips through the verifier


def test_every_rule_has_a_golden_row(normalizer, segmenter, linker, gloss) -> None:
    used: set[str] = set()
    for zh, _ in GOLDEN:
        seg = _segment(zh, normalizer, segmenter, linker)
        if gloss.tokenizer is None:
            gloss.load()
        used |= {r for r in render_clauses(seg, lambda s, e, seg=seg: gloss._gloss_range(seg, s, e))[1] if r}
    assert {rule.name for rule in RULES} - used == {"subject-change"}  # its own test below


@pytest.mark.parametrize("zh", [
    "公司与客户签订了合作协议",  # no pattern: word-by-word only
    "增速比全国快2.6个百分点",
    "上年增5%",  # 上年 is not the 年 of 年增
])
def test_unmatched_clauses_fall_back(zh: str, normalizer, segmenter, linker, gloss) -> None:
    seg = _segment(zh, normalizer, segmenter, linker)
    if gloss.tokenizer is None:
        gloss.load()
    _, rules = render_clauses(seg, lambda s, e: gloss._gloss_range(seg, s, e))
    assert not any(rules)


def test_a_rendering_that_would_lose_a_number_is_not_used(normalizer, segmenter, linker, gloss) -> None:
    seg = _segment("中际旭创收涨2.1%", normalizer, segmenter, linker)
    if gloss.tokenizer is None:
        gloss.load()
    from stages.translators import patterns

    move = next(rule for rule in patterns.RULES if rule.name == "move")
    broken = patterns.Rule("broken", move.regex, lambda g: f"{g.subject()} closed up")
    patterns.RULES.insert(0, broken)
    try:
        _, rules = render_clauses(seg, lambda s, e: gloss._gloss_range(seg, s, e))
    finally:
        patterns.RULES.remove(broken)
    assert rules == ["move"]


@pytest.mark.parametrize(("zh", "ending"), [
    ("5月份，居民消费价格环比上涨0.2%", " 0.2% month-on-month"),  # a month without a day: monthly statistics
    ("二季度营收环比增长1.1%", " 1.1% quarter-on-quarter"),
    ("本周铜价环比上涨1.2%", " 1.2% week-on-week"),
    ("2月24日，原糖期货结算价环比下跌2.7%", " 2.7% sequentially"),  # a daily price: no period to name
])
def test_huanbi_follows_the_period_in_the_text(zh: str, ending: str, normalizer, segmenter, linker, gloss) -> None:
    _, en = _english(zh, normalizer, segmenter, linker, gloss)
    assert en.endswith(ending)


def test_a_topic_glossed_word_by_word_keeps_the_fluent_change(normalizer, segmenter, linker, gloss) -> None:
    seg = _segment("全国工业增加值同比增长6.2%", normalizer, segmenter, linker)
    if gloss.tokenizer is None:
        gloss.load()
    english, rules = render_clauses(seg, lambda s, e: gloss._gloss_range(seg, s, e))
    assert rules == ["subject-change"] and english.endswith(" rose 6.2% year-on-year")


def test_a_description_before_the_name_is_glossed_and_the_move_stays_fluent(normalizer, segmenter, linker,
                                                                          gloss) -> None:
    seg, en = _english("谷歌链龙头中际旭创暴涨逾13%创新高", normalizer, segmenter, linker, gloss)
    assert en.startswith("Google ") and en.endswith(" Zhongji Xuchuang surged over 13% to a record high")
    assert check_translation(seg, en)[1] == []
