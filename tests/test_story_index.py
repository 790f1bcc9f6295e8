"""The story index: exact and near-duplicate stories, pending until commit, rollback, replacement (issue 19).

The texts are written for this test (no news text): a "story" is a few invented sentences."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe.story_index import MIN_SHINGLES, StoryIndex

TITLE = "星河电子拟投资十二亿元建设固态电池产线"
BODY = ("星河电子公告称，公司拟以自有资金十二亿元在江城新区建设固态电池产线，项目建设期为两年，"
        "达产后预计年产能八吉瓦时。公司表示，该项目有助于完善新能源业务布局，提升核心竞争力。")
OTHER_TITLE = "远山药业一季度净利润同比下降三成"
OTHER_BODY = ("远山药业发布一季度报告，实现营业收入九亿元，同比下降百分之十二，净利润一点一亿元，"
              "同比下降百分之三十一，主要系集采降价及研发投入增加所致。")


def test_exact_copy_is_the_first_documents_story() -> None:
    with StoryIndex(None) as index:
        assert index.match("a", TITLE, BODY) is None
        assert index.match("b", TITLE, BODY) == "a"
        assert index.match("c", TITLE, BODY) == "a"


@pytest.mark.parametrize("title, body", [
    # punctuation, spaces, width and script changed
    ("星河電子擬投資十二億元建設固態電池產線！", BODY.replace("，", " ").replace("。", "．")),
    # another portal's intro and footer around the same text
    (TITLE, "【快讯】" + BODY + "（来源：某某财经网，责任编辑：小王）"),
    (TITLE + "｜财经早知道", "据报道，" + BODY),
])
def test_variants_are_the_same_story(title: str, body: str) -> None:
    with StoryIndex(None) as index:
        assert index.match("first", TITLE, BODY) is None
        assert index.match("variant", title, body) == "first"


def test_flash_then_full_item() -> None:
    """A flash is contained in the full item that follows it: Jaccard is low, containment high."""
    flash = "星河电子拟投资十二亿元在江城新区建设固态电池产线，项目建设期为两年。"
    full = BODY + "公司董事长在投资者交流会上表示，固态电池样品已送多家车企测试，明年有望小批量供货。"
    with StoryIndex(None) as index:
        assert index.match("flash", "星河电子投资固态电池产线", flash) is None
        assert index.match("full", TITLE, full) == "flash"


def test_different_stories_stay_apart() -> None:
    with StoryIndex(None) as index:
        assert index.match("a", TITLE, BODY) is None
        assert index.match("b", OTHER_TITLE, OTHER_BODY) is None
        # the same template about another company and other figures is another story
        other = BODY.replace("星河电子", "东岭精工").replace("十二亿元", "三亿元").replace("八吉瓦时", "两吉瓦时")
        assert index.match("c", "东岭精工拟投资三亿元建设固态电池产线", other.replace("江城", "海港")) is None


def test_recurring_notices_with_other_numbers_stay_apart() -> None:
    """The same wording with another date or figure is another day's notice, not a copy."""
    notice = ("海港交易所5月14日发布公告，2组实际控制关系账户在相关合约上日内开仓交易量超限，"
              "已对其采取限制开仓监管措施。")
    with StoryIndex(None) as index:
        assert index.match("may14", "海港交易所对部分客户采取限制开仓措施", notice) is None
        assert index.match("may21", "海港交易所对部分客户采取限制开仓措施",
                           notice.replace("5月14日", "5月21日").replace("2组", "3组")) is None
        assert index.match("copy", "海港交易所对部分客户采取限制开仓措施", "据报道，" + notice) == "may14"


def test_bare_headline_and_its_article() -> None:
    """A hot list's bare headline and the article under the same title are one story, in either order."""
    with StoryIndex(None) as index:
        assert index.match("article", TITLE, BODY) is None
        assert index.match("hot", TITLE + "！", "") == "article"
    with StoryIndex(None) as index:
        assert index.match("hot", TITLE, "") is None
        assert index.match("article", TITLE, BODY) == "hot"


def test_short_texts_match_only_exactly() -> None:
    """Under MIN_SHINGLES shingles a title matches only its exact copy (after normalization)."""
    assert fp.fingerprint("光伏板块走强", "").shingles < MIN_SHINGLES
    with StoryIndex(None) as index:
        assert index.match("a", "光伏板块走强", "") is None
        assert index.match("b", "光伏板块走弱", "") is None
        assert index.match("c", "光伏板块，走强！", "") == "a"


def test_later_copies_join_the_first_documents_story() -> None:
    """A copy of a copy points at the story's first document, not at the copy it matched."""
    with StoryIndex(None) as index:
        index.match("a", TITLE, BODY)
        index.match("b", TITLE, "【快讯】" + BODY)
        assert index.match("c", TITLE, "【快讯】" + BODY + "（责任编辑：小王）") == "a"


def _feed(path, run: int, docs: list[tuple[str, str, str]]) -> list[str | None]:
    with StoryIndex(path) as index:
        found = [index.match(*doc) for doc in docs]
        index.commit(run)
    return found


DOCS = [("a", TITLE, BODY), ("b", OTHER_TITLE, OTHER_BODY), ("c", TITLE, "据报道，" + BODY),
        ("d", OTHER_TITLE + "！", OTHER_BODY)]


def test_deterministic_across_processes(tmp_path) -> None:
    """The signatures are stored, so another process (another hash seed) must find the same stories."""
    found = _feed(tmp_path / "one.sqlite", 1, DOCS)
    assert found == [None, None, "a", "b"]
    script = ("import sys; from pipeline.dedupe.story_index import StoryIndex; from pathlib import Path\n"
              "index = StoryIndex(Path(sys.argv[1]))\n"
              f"print(index.match('e', {TITLE!r}, {BODY!r} + '（完）'),"
              f" index.match('f', {OTHER_TITLE!r}, {OTHER_BODY!r}))")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "one.sqlite")], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "123"}, cwd=str(_root()))
    assert out.stdout.split() == ["a", "b"]


def _root():
    from pipeline.paths import PROJECT_ROOT

    return PROJECT_ROOT


def _rows(path) -> tuple[int, int]:
    with sqlite3.connect(path) as db:
        return (db.execute("SELECT count(*) FROM docs").fetchone()[0],
                db.execute("SELECT count(*) FROM bands").fetchone()[0])


def test_pending_is_never_on_disk_until_commit(tmp_path) -> None:
    path = tmp_path / "stories.sqlite"
    index = StoryIndex(path)
    index.match("a", TITLE, BODY)
    assert _rows(path) == (0, 0)
    index.close()  # a run killed before its commit: nothing was written
    assert _rows(path) == (0, 0)
    with StoryIndex(path) as index:
        assert index.match("b", TITLE, BODY) is None  # "a" is gone with its run
        index.commit(1)
    assert _rows(path)[0] == 1
    with StoryIndex(path) as index:
        assert index.match("c", TITLE, "【快讯】" + BODY) == "b"  # found on disk by the next run


def test_forget_after_removes_later_runs(tmp_path) -> None:
    path = tmp_path / "stories.sqlite"
    _feed(path, 1, DOCS[:2])
    after_one = _rows(path)
    assert _feed(path, 2, DOCS[2:]) == ["a", "b"]
    with StoryIndex(path) as index:
        index.forget_after(1)
    assert _rows(path) == after_one
    with StoryIndex(path) as index:
        assert index.match("c", *DOCS[2][1:]) == "a"  # rematched after the rollback, same answer


def test_already_present_keeps_its_story(tmp_path) -> None:
    """--resume meets documents already committed: their stored story, nothing new pending."""
    path = tmp_path / "stories.sqlite"
    _feed(path, 1, DOCS)
    with StoryIndex(path) as index:
        assert [index.match(*doc) for doc in DOCS] == [None, None, "a", "b"]
        index.commit(2)
    assert _rows(path)[0] == len(DOCS)


def test_drop_replaces_a_document(tmp_path) -> None:
    """--update: the old version is no longer matched and is deleted at commit; the new one never matches itself."""
    path = tmp_path / "stories.sqlite"
    _feed(path, 1, DOCS[:2])
    with StoryIndex(path) as index:
        index.drop(["a"])
        assert index.match("a", TITLE, BODY + "（更正）") is None  # not its own duplicate
        assert index.match("x", TITLE, BODY) == "a"  # the new "a" is the story's first document
        index.commit(2)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT doc_id, run FROM docs ORDER BY row").fetchall() == [("b", 1), ("a", 2), ("x", 2)]
    with StoryIndex(path) as index:
        index.drop(["b"])
        assert index.match("y", OTHER_TITLE, OTHER_BODY) is None  # "b" dropped: not a match any more
        index.commit(3)


def test_parameters_are_checked(tmp_path) -> None:
    path = tmp_path / "stories.sqlite"
    StoryIndex(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 'other' WHERE key = 'schema'")
    with pytest.raises(ValueError, match="story index made with other"):
        StoryIndex(path)
    with pytest.raises(ValueError, match="threshold"):
        StoryIndex(None, threshold=0)


# No ASCII "." among the noise: between two digits it is a decimal point, which the story text keeps ("1.5" is not
# "15")
NOISE = st.lists(st.sampled_from(list(" ，。！？、；：“”（）【】 \u3000,!?-—·…")), max_size=3)
TEXT = st.text(alphabet=st.sampled_from(list("公司发布报告营业收入净利润同比增长下降亿元万股市场新能源电池芯片银行基金")
                                        + list("0123456789abcXYZ")), min_size=1, max_size=120)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, body=TEXT, noise=st.lists(NOISE, min_size=1, max_size=20))
def test_any_text_is_a_duplicate_of_itself_with_punctuation(title: str, body: str, noise) -> None:
    """Punctuation and whitespace added anywhere leave the story text, hence the story, unchanged."""
    cut = len(body) // 2
    noisy = "".join(noise[0]) + body[:cut] + "".join(noise[-1]) + body[cut:] + "".join(noise[len(noise) // 2])
    assert fp.story_text(title, noisy) == fp.story_text(title, body)
    with StoryIndex(None) as index:
        assert index.match("a", title, body) is None
        assert index.match("b", title + "".join(noise[0]), noisy) == "a"


@settings(max_examples=40, deadline=None)
@given(text=TEXT)
def test_fingerprint_is_a_function_of_the_story_text(text: str) -> None:
    one, two = fp.fingerprint(text, ""), fp.fingerprint("", text)
    assert one.exact == two.exact and (one.signature == two.signature).all() and one.shingles == two.shingles


def test_time_window_keeps_recurring_copies_apart() -> None:
    """The same text published WINDOW_HOURS apart or more is a recurring item; within it, one story; a document
    without an instant is compared with every other."""
    from datetime import datetime, timedelta, timezone

    from pipeline.dedupe.story_index import WINDOW_HOURS
    start = datetime(2026, 5, 14, 9, 30, tzinfo=timezone.utc)
    later = start + timedelta(hours=WINDOW_HOURS + 1)
    with StoryIndex(None) as index:
        assert index.match("monday", TITLE, BODY, published_at=start) is None
        assert index.match("next-week", TITLE, BODY, published_at=later) is None
        assert index.match("variant", TITLE, "据报道，" + BODY, published_at=start + timedelta(hours=2)) == "monday"
        assert index.match("undated", TITLE, BODY) == "monday"


def test_window_survives_commit(tmp_path) -> None:
    from datetime import datetime, timedelta, timezone
    start = datetime(2026, 5, 14, 9, 30, tzinfo=timezone.utc)
    with StoryIndex(tmp_path / "s.sqlite") as index:
        index.match("a", TITLE, BODY, published_at=start)
        index.commit(1)
    with StoryIndex(tmp_path / "s.sqlite") as index:
        assert index.match("b", TITLE, BODY, published_at=start + timedelta(days=30)) is None
        assert index.match("c", TITLE, BODY, published_at=start + timedelta(hours=1)) == "a"


@pytest.mark.parametrize("body", [
    "星海社5月14日电，" + BODY,           # a dateline on one copy only
    "【" + TITLE + "】" + BODY + " (星海社)",  # the headline in 【】 and a source tag at the foot
    "文|王小明 " + BODY,                   # a byline
])
def test_wire_furniture_is_stripped(body: str) -> None:
    """A dateline carries a date the other copy lacks: stripped, the numbers rule no longer parts the copies."""
    assert fp.story_text(TITLE, body) == fp.story_text(TITLE, BODY)
    with StoryIndex(None) as index:
        assert index.match("plain", TITLE, BODY) is None
        assert index.match("wire", TITLE, body) == "plain"


def test_bare_headline_that_starts_a_longer_title() -> None:
    """A hot list's bare headline and another board's longer title that starts with it (too short a headline for
    the MinHash); not when the headline has a number the longer title lacks."""
    with StoryIndex(None) as index:
        assert index.match("short", "星河电子宣布投资固态电池", "") is None
        assert index.match("long", "星河电子宣布投资固态电池，股价能否走强？", "") == "short"
    with StoryIndex(None) as index:
        assert index.match("short", "星河电子宣布投资12亿元", "") is None
        assert index.match("long", "星河电子宣布投资13亿元，股价走强", "") is None


def test_dates_differ_only_when_both_copies_have_one() -> None:
    """A copy whose dateline carried the date ("…6月30日电") and one that writes it in its text are one story; a
    notice of another day within the window is not."""
    text = "星河电子向监管机构提交招股说明书，正式启动首次公开发行程序，拟发行存托股份并申请上市。"
    with StoryIndex(None) as index:
        assert index.match("wire", TITLE, "星海社6月30日电，" + text) is None
        assert index.match("dated", TITLE, "6月30日，" + text) == "wire"
        assert index.match("next-day", TITLE, "7月1日，" + text) is None
    with StoryIndex(None) as index:
        assert index.match("wire", TITLE, "星海社6月30日电，" + text) is None
        assert index.match("undated", TITLE, "今日，" + text) == "wire"


def test_titles_that_differ_only_in_numbers_are_two_stories() -> None:
    """A hot list re-lists a topic under its old summary with the day's count: another day's story."""
    summary = "星河电子公告称，公司主营业务未发生变化，生产经营正常，4月以来股价累计涨幅较大，提示投资者注意风险。"
    with StoryIndex(None) as index:
        assert index.match("four", "星河电子4连板，固态电池逻辑推动？", summary) is None
        assert index.match("five", "星河电子5连板，固态电池逻辑推动？", summary) is None
        assert index.match("seven", "星河电子七连板，固态电池逻辑推动？", summary) is None
        assert index.match("no-count", "星河电子连板，固态电池逻辑推动？", summary) == "four"


@pytest.mark.parametrize("committed", [False, True])
def test_near_copy_across_a_time_bucket_boundary(tmp_path, committed: bool) -> None:
    """Band keys are bucketed by time: a near copy an hour later but in the next bucket is still found, from the
    pending documents and from disk."""
    from datetime import datetime, timedelta, timezone

    from pipeline.dedupe.story_index import BUCKET_HOURS, bucket
    boundary = datetime.fromtimestamp(BUCKET_HOURS * 3600 * 5000, timezone.utc)
    before, after = boundary - timedelta(minutes=30), boundary + timedelta(minutes=30)
    assert bucket(int(before.timestamp())) != bucket(int(after.timestamp()))
    with StoryIndex(tmp_path / "s.sqlite") as index:
        index.match("before", TITLE, BODY, published_at=before)
        if committed:
            index.commit(1)
        assert index.match("after", TITLE, "据报道，" + BODY, published_at=after) == "before"


def test_only_a_dateline_is_stripped() -> None:
    """电 that starts a word (电话会议) ends no dateline; a date without 电 is text."""
    from pipeline.text.datelines import strip_furniture
    assert strip_furniture("星河电子6月30日电话会议称产能将翻倍") == "星河电子6月30日电话会议称产能将翻倍"
    assert strip_furniture("当地时间6月8日中午，双方举行会谈") == "当地时间6月8日中午，双方举行会谈"
    assert strip_furniture("星海社北京5月3日电 双方举行会谈（星海社）") == "双方举行会谈"


# The title path (story_index.titles_agree): a flash and the full item under nearly the same title, their bodies
# worded too differently for the MinHash. Invented texts.
FLASH_TITLE = "星河电子拟在Nova交易所启动首次公开发行"
FLASH_BODY = "星河电子向Nova交易所提交上市申请。（星海财经）"
FULL_TITLE = "星河电子拟在Nova交易所启动首次公开发行，发行存托股份"
FULL_BODY = ("星海社电，星河电子向监管机构提交招股说明书，正式启动首次公开发行程序，拟发行存托股份并申请在Nova交易所"
             "精选市场上市，股票代码为XHDZ。招股书显示，募集资金将主要用于固态电池产线建设及研发投入，发行价格区间尚未确定。")


def _at(hours: float):
    from datetime import datetime, timedelta, timezone
    return datetime(2026, 6, 30, 9, tzinfo=timezone.utc) + timedelta(hours=hours)


@pytest.mark.parametrize("committed", [False, True])
def test_flash_and_full_item_under_nearly_one_title(tmp_path, committed: bool) -> None:
    """Nearly all of the shorter title is in the other, within TITLE_HOURS: one story (from this run's documents and
    from disk), in either order; the bodies alone are not enough."""
    from pipeline.dedupe.story_index import TITLE_HOURS
    with StoryIndex(None) as index:  # the bodies alone
        assert index.match("flash", "星河电子提交上市申请", FLASH_BODY, published_at=_at(0)) is None
        assert index.match("full", "星河电子启动发行程序", FULL_BODY, published_at=_at(1)) is None
    with StoryIndex(tmp_path / "s.sqlite") as index:
        assert index.match("flash", FLASH_TITLE, FLASH_BODY, published_at=_at(0)) is None
        if committed:
            index.commit(1)
        assert index.match("full", FULL_TITLE, FULL_BODY, published_at=_at(TITLE_HOURS - 1)) == "flash"
    with StoryIndex(None) as index:
        assert index.match("full", FULL_TITLE, FULL_BODY, published_at=_at(0)) is None
        assert index.match("flash", FLASH_TITLE, FLASH_BODY, published_at=_at(-2)) == "full"


def test_title_path_stays_within_its_short_window() -> None:
    """The same two titles further apart than TITLE_HOURS, or without a publication time, are not joined by it (nor
    by the retitled path, story_index.RETITLE_HOURS, which reaches further only where one side is a bare headline:
    both have their bodies here)."""
    from pipeline.dedupe.story_index import TITLE_HOURS
    with StoryIndex(None) as index:
        assert index.match("flash", FLASH_TITLE, FLASH_BODY, published_at=_at(0)) is None
        assert index.match("full", FULL_TITLE, FULL_BODY, published_at=_at(TITLE_HOURS + 1)) is None
    with StoryIndex(None) as index:
        assert index.match("flash", FLASH_TITLE, FLASH_BODY) is None
        assert index.match("full", FULL_TITLE, FULL_BODY) is None


@pytest.mark.parametrize("first, second", [
    # one template filled with another province (a replaced span, nothing added)
    ("东江省调整退休人员基本养老金标准", "西岭省调整退休人员基本养老金标准"),
    # another company's name in a price-move template
    ("Nova美股盘前涨超10%", "Vega美股盘前涨超10%，消息面上公司获大额订单"),
    # the shorter title has a figure the other document lacks
    ("星河电子股价盘前涨超8%", "星河电子股价盘前涨超12%，创年内新高"),
    # a digest whose title holds the item's: too long beside it
    ("星河电子拟在江城建设固态电池产线",
     "早间要闻精选：央行开展逆回购操作；远山药业一季度净利下降；"
     "星河电子拟在江城建设固态电池产线；多地发布暴雨预警；海外市场普遍收涨"),
])
def test_titles_that_are_not_one_story(first: str, second: str) -> None:
    """Near-identical titles that are two stories: a template filled twice, another name, another figure, a
    digest beside one of its items."""
    with StoryIndex(None) as index:
        assert index.match("a", first, "", published_at=_at(0)) is None
        assert index.match("b", second, "", published_at=_at(1)) is None


def test_an_index_of_an_older_schema_is_refused(tmp_path) -> None:
    """A stories-v4 file (no published-time index for the title path) is refused with both schemas named (a v5
    file gains its evidence column: test_an_index_of_the_previous_schema_gains_the_evidence_column)."""
    from pipeline.dedupe.story_index import SCHEMA
    path = tmp_path / "s.sqlite"
    StoryIndex(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA.replace("stories-v7", "stories-v4"),))
    with pytest.raises(ValueError, match="stories-v4.*stories-v7"):
        StoryIndex(path)


def test_a_longer_title_that_adds_a_price_move_is_another_story() -> None:
    """The news and the market's move on it ("…盘后跌超9%，因…"): the move is a new fact the flash lacks."""
    with StoryIndex(None) as index:
        assert index.match("news", "星河电子下调全年营收指引", "星河电子下调全年营收指引至八十亿元。",
                           published_at=_at(0)) is None
        assert index.match("move", "星河电子股价盘后跌超9%，因公司下调全年营收指引", "",
                           published_at=_at(1)) is None
        assert index.match("repost", "星河电子下调全年营收指引。", "", published_at=_at(1)) == "news"


def test_numbers_that_round_to_each_other_agree() -> None:
    """Two copies of one figure rounded differently (1.635 / 1.64) agree; an integer only with a decimal within
    fingerprint.INTEGER_ROUNDING of it (see test_an_integer_agrees_only_with_a_close_rounding)."""
    assert fp.numbers_contained(fp.number_values("亏损1.64亿美元"), fp.number_values("亏损1.635亿美元")) == 1.0
    assert fp.numbers_contained(fp.number_values("亏损1.635亿美元"), fp.number_values("亏损1.64亿美元")) == 1.0
    assert fp.numbers_contained(fp.number_values("涨超6.5%"), fp.number_values("涨6.46%")) == 1.0
    assert fp.numbers_contained(fp.number_values("涨近7%"), fp.number_values("涨6.96%")) == 1.0
    assert fp.numbers_contained(fp.number_values("涨13%"), fp.number_values("涨14%")) == 0.0
    assert fp.numbers_contained(fp.number_values("报1.5元"), fp.number_values("报1.6元")) == 0.0
    assert fp.story_text("营收2.5亿", "") == "营收2.5亿"  # the point between digits stays in the story text


def test_an_integer_agrees_only_with_a_close_rounding() -> None:
    """"收涨3%" is "收涨3.02%" rounded; 3.5 and 9.4 are other figures, not roundings that a title would write."""
    assert fp.numbers_contained(fp.number_values("收涨3%"), fp.number_values("收涨3.02%")) == 1.0
    assert fp.numbers_contained(fp.number_values("涨3%"), fp.number_values("涨3.5%")) == 0.0
    assert fp.numbers_contained(fp.number_values("跌超9%"), fp.number_values("跌9.4%")) == 0.0
    body = "星河指数收涨{}%，报8812.36点，成分股中远山药业涨6.15%，江城电子涨4.08%，北岭科技跌2.31%。"
    with StoryIndex(None) as index:
        assert index.match("a", "星河指数收涨3.02%", body.format("3.02"), published_at=_at(0)) is None
        assert index.match("b", "星河指数收涨3%", body.format("3"), published_at=_at(0.1)) == "a"
        assert index.match("c", "星河指数收涨3.5%", body.format("3.5"), published_at=_at(0.2)) is None


def test_a_count_in_wan_agrees_with_the_count() -> None:
    """Chinese copies write a count in full or in 万: 182,980 and 18.3万 are one figure; 19.3万 is not."""
    full = fp.number_values(fp.story_text("远山资本以每股均价45.12元出售182,980股星河电子股票", ""))
    assert list(full) == [45.12, 182980.0]  # stored as written
    assert fp.numbers_contained(fp.number_values("出售18.3万股"), full) == 1.0
    assert fp.numbers_contained(full, fp.number_values("均价45.12元出售18.3万股")) == 1.0
    assert fp.numbers_contained(fp.number_values("出售19.3万股"), full) == 0.0
    # a round count is not a small integer of another text ("2、" of a list)
    assert fp.numbers_contained(fp.number_values("2、3、"), fp.number_values("20000 30000")) == 0.0
    assert fp.numbers_contained(fp.number_values("20000"), fp.number_values("2万")) == 0.0
    assert list(fp.number_values(fp.story_text("持有2,870万股", ""))) == [2870.0]  # the separator is not a letter


FACTS_FLASH = "星河电子二季度营收21.4亿元，市场预期20.7亿元"
FACTS_FULL = ("星河电子第二季度营收21.4亿元，预估为20.7亿元；第二季度毛利率为38.6%，预计为37.9%；公司预计全年"
              "调整后净利润至少为9.35亿元，此前预期至少为8.8亿元，并宣布新一轮股份回购计划。")


@pytest.mark.parametrize("committed", [False, True])
def test_a_flash_and_its_item_that_share_subject_and_figures(tmp_path, committed: bool) -> None:
    """A flash and the full item under another headline: worded apart, but one subject and the same figures
    with decimals (story_index.facts_agree), within TITLE_HOURS, from this run's documents and from disk."""
    with StoryIndex(tmp_path / "s.sqlite") as index:
        assert index.match("flash", FACTS_FLASH, FACTS_FLASH + "。", published_at=_at(0)) is None
        if committed:
            index.commit(1)
        assert index.match("full", "星河电子上调全年业绩预期", FACTS_FULL, published_at=_at(0.1)) == "flash"


@pytest.mark.parametrize("title, body", [
    # another subject with the same figures
    ("远山药业上调全年业绩预期", FACTS_FULL.replace("星河电子", "远山药业")),
    # the flash's second figure is not the item's
    ("星河电子上调全年业绩预期", FACTS_FULL.replace("20.7亿", "19.9亿")),
])
def test_shared_figures_need_one_subject_and_every_figure(title: str, body: str) -> None:
    with StoryIndex(None) as index:
        assert index.match("flash", FACTS_FLASH, FACTS_FLASH + "。", published_at=_at(0)) is None
        assert index.match("full", title, body, published_at=_at(0.1)) is None


def test_shared_figures_join_a_flash_only() -> None:
    """Two long items that share a subject and figures (a follow-up restating the facts) are not joined by it, nor
    are a flash and its item further apart than TITLE_HOURS."""
    from pipeline.dedupe.story_index import TITLE_HOURS
    follow_up = ("星河电子召开业绩说明会，管理层介绍二季度营收21.4亿元、市场预期20.7亿元的背景，表示固态电池"
                 "订单饱满，下半年将在江城新区追加投资，并回答了投资者关于海外工厂建设进度与原材料价格的提问。")
    with StoryIndex(None) as index:
        assert index.match("full", "星河电子上调全年业绩预期", FACTS_FULL, published_at=_at(0)) is None
        assert index.match("later", "星河电子召开业绩说明会", follow_up, published_at=_at(1)) is None
    with StoryIndex(None) as index:
        assert index.match("flash", FACTS_FLASH, FACTS_FLASH + "。", published_at=_at(0)) is None
        assert index.match("full", "星河电子上调全年业绩预期", FACTS_FULL, published_at=_at(TITLE_HOURS + 1)) is None


DIGEST_TITLE = "星河财经午间新闻精选"
DIGEST_BODY = ("1、" + BODY + "2、" + OTHER_BODY)


def test_a_digest_is_not_a_copy_of_an_item_it_lists() -> None:
    """A roundup holds its items' texts (rule 4) and may share a title's words or figures with one (rules 5, 6),
    yet it is a piece of its own (RUBRIC.md digest_vs_item), in either order; so is a column commenting on one."""
    column = "【电报解读】星河电子拟投资十二亿元建设固态电池产线，机构称行业进入放量期"
    with StoryIndex(None) as index:
        assert index.match("item", TITLE, BODY, published_at=_at(0)) is None
        assert index.match("digest", DIGEST_TITLE, DIGEST_BODY, published_at=_at(1)) is None
        assert index.match("column", column, BODY + "机构称行业进入放量期。", published_at=_at(1.5)) is None
    with StoryIndex(None) as index:
        assert index.match("digest", DIGEST_TITLE, DIGEST_BODY, published_at=_at(0)) is None
        assert index.match("item", TITLE, BODY, published_at=_at(1)) is None


def test_two_copies_of_one_digest_still_match() -> None:
    with StoryIndex(None) as index:
        assert index.match("digest", DIGEST_TITLE, DIGEST_BODY, published_at=_at(0)) is None
        assert index.match("repost", DIGEST_TITLE + "！", DIGEST_BODY.replace("1、", "一、"),
                           published_at=_at(0.5)) == "digest"


def test_a_marker_in_the_body_or_after_the_lead_vetoes_nothing() -> None:
    """Only the title says what a document is: an item whose body mentions a roundup, or whose title ends with a
    portal's column name, is still a copy of the item."""
    with StoryIndex(None) as index:
        assert index.match("item", TITLE, BODY, published_at=_at(0)) is None
        assert index.match("copy", TITLE, BODY + "（本文已收录于午间新闻精选、要闻一览）",
                           published_at=_at(0.5)) == "item"
        assert index.match("portal", TITLE + "｜财经早知道", "据报道，" + BODY, published_at=_at(1)) == "item"


# Vetoes (pipeline/dedupe/vetoes.py, issue 19 brief prec21): a positive and a negative each, invented texts.
PREVIEW_BODY = "国家主席李明{}在人民大会堂同来访的北岭共和国总统周山举行会谈，双方就深化经贸合作交换意见。"


def test_a_preview_is_not_the_report_of_its_event() -> None:
    """"X将同Y会谈" announces what "X同Y会谈" reports: two stories. Two previews of one meeting still join."""
    with StoryIndex(None) as index:
        assert index.match("preview", "李明将同北岭总统周山会谈", PREVIEW_BODY.format("将"),
                           published_at=_at(0)) is None
        assert index.match("report", "李明同北岭总统周山会谈", PREVIEW_BODY.format(""), published_at=_at(1)) is None
        assert index.match("preview-again", "李明将同北岭总统周山会谈！", "据报道，" + PREVIEW_BODY.format("将"),
                           published_at=_at(1.5)) == "preview"


def test_the_disposal_jiang_is_no_preview() -> None:
    """"X将Y目标价下调" says "X下调Y目标价" with the disposal 将 before an object: the same story, no preview (a judged
    repost of blind4 was lost to the preview veto before); 将 before a verb, a preposition or a time still is one."""
    from pipeline.dedupe.vetoes import preview_vs_report

    assert not preview_vs_report("星河证券下调北岭科技目标价", "星河证券将北岭科技目标价下调")
    assert not preview_vs_report("星河证券下调nova目标价", "星河证券将nova目标价下调")
    assert not preview_vs_report("星河集团持股比例降至5%", "星河集团将其持股比例降至5%")
    assert preview_vs_report("星河集团于明日发布财报", "星河集团将于明日发布财报")
    assert preview_vs_report("李明出席峰会", "李明将出席峰会")


TEMPLATE_BODY = "财联社6月30日电，某证券显示，{}股份有限公司向港交所提交上市申请书，独家保荐人为东方证券（香港）。"


def test_a_template_with_another_name_is_another_story() -> None:
    """One template filled with two names (a place, a company) is two stories, bodies or not; the same name told
    twice is one."""
    with StoryIndex(None) as index:
        assert index.match("a", "港股IPO：四川远海股份有限公司递表港交所", TEMPLATE_BODY.format("四川远海"),
                           published_at=_at(0)) is None
        assert index.match("b", "港股IPO：广东鼎泰股份有限公司递表港交所", TEMPLATE_BODY.format("广东鼎泰"),
                           published_at=_at(0.2)) is None
        assert index.match("a-again", "港股IPO：四川远海股份有限公司递表港交所！", TEMPLATE_BODY.format("四川远海"),
                           published_at=_at(0.4)) == "a"


def test_template_names_in_two_scripts_are_one_name() -> None:
    """A Latin name beside its Han rendering, or a Latin word glued to the next one, is no other name."""
    from pipeline.dedupe.vetoes import named_template

    assert named_template("ibm美股盘前涨超10因季度营收超出预期", "bloomenergy美股盘前涨超10因季度营收超出预期")
    assert not named_template("每颗starmind卫星都将搭载芯片", "每颗星智卫星都将搭载芯片")
    assert not named_template("欧盟将与anthropic就获取mythosai模型谈判", "欧盟将与anthropic就获取mythos模型谈判")


def test_date_only_records_on_other_days_are_two_stories() -> None:
    """A date is not an instant: a daily one-line item on two dates (each read as 00:00 UTC+08:00, 24 h apart)
    is two stories, exact copies included; on one date still one, and beside a record with a time of day the window
    decides."""
    from datetime import datetime, timedelta

    from pipeline.io.timestamps import CHINA_TZ

    day = datetime(2025, 3, 20, tzinfo=CHINA_TZ)
    with StoryIndex(None) as index:
        assert index.match("thu", "内地股市初段偏软", "沪深股市在开市初段偏软。", published_at=day) is None
        assert index.match("fri", "内地股市初段偏软", "沪深股市在开市初段偏软。",
                           published_at=day + timedelta(days=1)) is None
        assert index.match("fri-again", "内地股市初段偏软", "沪深股市在开市初段偏软。",
                           published_at=day + timedelta(days=1)) == "fri"
        assert index.match("fri-timed", "内地股市初段偏软", "沪深股市在开市初段偏软。",
                           published_at=day + timedelta(days=1, hours=9, minutes=35)) == "thu"  # the window's


EVIDENCE_TITLE = "星河电子(XHDZ)发布固态电池产线进展更新后，盘前股价上涨6.4%。"
EVIDENCE_BODY = "星海社电，星河电子(XHDZ)发布固态电池产线进展更新后，盘前股价上涨6.4%。"
EVIDENCE_REPOST = "据星海财经，星河电子(XHDZ)发布固态电池产线进展更新，盘前股价上涨6.4%。"


@pytest.mark.parametrize("committed", [False, True])
def test_a_repost_under_a_reworded_title_that_shares_subject_and_evidence(tmp_path, committed: bool) -> None:
    """Texts too far apart for the near path (containment ~0.5), titles too far apart for the title path, but one
    subject, a name and a figure in both titles and every figure shared (story_index.evidence_agree): one story,
    from this run's documents and from disk."""
    with StoryIndex(tmp_path / "s.sqlite") as index:
        assert index.match("first", EVIDENCE_TITLE, EVIDENCE_BODY, published_at=_at(0)) is None
        if committed:
            index.commit(1)
        assert index.match("repost", "星河电子(XHDZ)盘前上涨6.4%", EVIDENCE_REPOST, published_at=_at(0.5)) == "first"


@pytest.mark.parametrize("title, body", [
    # one piece of evidence (the figure, no name in the repost's title) is not enough
    ("星河电子盘前上涨6.4%", EVIDENCE_REPOST),
    # a name but no figure in the repost's title
    ("星河电子(XHDZ)盘前走高", EVIDENCE_REPOST),
    # another figure in the repost: another move
    ("星河电子(XHDZ)盘前上涨8.1%", EVIDENCE_REPOST.replace("6.4", "8.1")),
])
def test_shared_evidence_needs_two_pieces_and_every_figure(title: str, body: str) -> None:
    with StoryIndex(None) as index:
        assert index.match("first", EVIDENCE_TITLE, EVIDENCE_BODY, published_at=_at(0)) is None
        assert index.match("repost", title, body, published_at=_at(0.5)) is None


def test_shared_evidence_is_no_copy_when_the_longer_title_adds_a_move() -> None:
    """The longer document's title reports a move the shorter one lacks ("…上涨6.4%，现下跌4%"): a new fact."""
    from pipeline.dedupe.story_index import EVIDENCE_SIMILARITY, evidence_agree, story_score
    first = fp.fingerprint("星河电子(XHDZ)盘前上涨6.4%", EVIDENCE_REPOST)
    assert evidence_agree(first, fp.fingerprint(EVIDENCE_TITLE, EVIDENCE_BODY))
    later = fp.fingerprint("星河电子(XHDZ)盘前上涨6.4%，现下跌4%",
                           "星海社电，星河电子(XHDZ)发布固态电池产线进展更新后，盘前股价上涨6.4%，现下跌4%。"
                           "公司称新产线将于下半年投产，届时产能翻倍。")
    assert story_score(first, later) >= EVIDENCE_SIMILARITY  # all else agrees
    assert not evidence_agree(first, later)


def test_shared_evidence_stays_within_the_title_window() -> None:
    from pipeline.dedupe.story_index import TITLE_HOURS
    with StoryIndex(None) as index:
        assert index.match("first", EVIDENCE_TITLE, EVIDENCE_BODY, published_at=_at(0)) is None
        assert index.match("repost", "星河电子(XHDZ)盘前上涨6.4%", EVIDENCE_REPOST,
                           published_at=_at(TITLE_HOURS + 1)) is None


def test_a_year_or_a_name_in_a_title_is_no_shared_figure() -> None:
    """A series tag's year ("预算案2026｜") is left out of a title's figures; dates and names ("SU7") are too."""
    title = fp.story_parts("星河预算案2026｜司长称6月30日起发债1500亿", "")[0]
    assert list(fp.title_figures(title)) == [1500.0]
    # nor is a number that is part of a name (a model, a chip, a process)
    assert list(fp.title_figures(fp.story_parts("XH7 Ultra车主：3nm芯片涨价15%", "")[0])) == [15.0]


NAMES_FLASH = "监管文件显示，Nova将通过合并收购Orbix，交易估值为320亿美元。"
NAMES_ITEM = "Nova周二表示，将以320亿美元收购芯片设计商Orbix，以扩大在数据中心市场的布局，交易预计在第三季度完成。"


@pytest.mark.parametrize("committed", [False, True])
def test_a_flash_and_its_item_that_share_two_names_and_a_figure(tmp_path, committed: bool) -> None:
    """Titles that start apart and texts worded apart, but two Latin names and a figure in both titles, every
    figure shared (story_index.NAMES_ALONE): one story, from this run's documents and from disk."""
    with StoryIndex(tmp_path / "s.sqlite") as index:
        assert index.match("flash", NAMES_FLASH, "星海社电，" + NAMES_FLASH, published_at=_at(0)) is None
        if committed:
            index.commit(1)
        assert index.match("item", "Nova拟320亿美元收购芯片设计商Orbix", NAMES_ITEM, published_at=_at(0.2)) == "flash"


@pytest.mark.parametrize("title, body", [
    # one shared name
    ("Nova拟320亿美元收购一家芯片设计商", NAMES_ITEM.replace("芯片设计商Orbix", "一家芯片设计商")),
    # two names, another figure
    ("Nova拟350亿美元收购芯片设计商Orbix", NAMES_ITEM.replace("320", "350")),
])
def test_two_names_need_a_second_name_and_every_figure(title: str, body: str) -> None:
    with StoryIndex(None) as index:
        assert index.match("flash", NAMES_FLASH, "星海社电，" + NAMES_FLASH, published_at=_at(0)) is None
        assert index.match("item", title, body, published_at=_at(0.2)) is None


# Round 6 (brief stories22): a flash and its item at a lower text overlap, a sector's move and an authority's response.
BACKLOG_FLASH = "星河云服务（XCS）的订单积压达3180亿元"
BACKLOG_ITEM = "星河云服务（XCS）拥有3180亿元的订单积压"
BACKLOG_BODY = "星河集团盘后涨超10%，旗下云服务（XCS）拥有3180亿元的订单积压。"


def test_shared_evidence_at_a_lower_overlap_of_text() -> None:
    """One subject, a name and a figure in both titles, every figure shared, texts overlapping ~0.45 (a flash and
    the item that opens with the parent's price move): one story since EVIDENCE_SIMILARITY is 0.4."""
    with StoryIndex(None) as index:
        assert index.match("flash", BACKLOG_FLASH, BACKLOG_FLASH + "。（星海社）", published_at=_at(0)) is None
        assert index.match("item", BACKLOG_ITEM, BACKLOG_BODY, published_at=_at(0.1)) == "flash"


def test_shared_evidence_at_a_lower_overlap_still_needs_every_figure() -> None:
    with StoryIndex(None) as index:
        assert index.match("flash", BACKLOG_FLASH, BACKLOG_FLASH + "，同比增长21%。", published_at=_at(0)) is None
        assert index.match("item", BACKLOG_ITEM, BACKLOG_BODY, published_at=_at(0.1)) is None


SECTOR_NEWS = "星河电子：高频铜箔主要技术指标已完成厂内验证 正向客户送样"
SECTOR_NEWS_BODY = "星河电子公告，公司高频铜箔主要技术指标已完成厂内验证，正向下游客户送样，预计下半年小批量供货。"
SECTOR_FLASH_BODY = ("铜箔概念异动拉升，星河电子直线涨停。消息面上，" + SECTOR_NEWS + "。" + SECTOR_NEWS_BODY)
SECTOR_FLASH = "铜箔概念异动拉升 星河电子直线涨停"


def test_a_sector_move_flash_is_not_the_news_it_quotes() -> None:
    """"<sector>概念异动拉升 <stock>涨停" quotes the company's news in its body: the market's reaction, another
    story (vetoes.sector_move)."""
    from pipeline.dedupe.vetoes import sector_move

    assert sector_move("铜箔概念异动拉升星河电子直线涨停", "星河电子高频铜箔已完成厂内验证")
    assert sector_move("影视板块继续活跃北岭文化2连板", "今年8月电影票房已超20亿元")
    with StoryIndex(None) as index:
        assert index.match("news", SECTOR_NEWS, SECTOR_NEWS_BODY, published_at=_at(0)) is None
        assert index.match("flash", SECTOR_FLASH, SECTOR_FLASH_BODY, published_at=_at(0.5)) is None


def test_sector_move_titles_on_both_sides_or_a_hot_list_topic_veto_nothing() -> None:
    """Two tellings of one sector flash still join; a hot list's topic ("星云概念持续活跃，如何把握…") has no
    stock's limit move at its end, so it is no sector flash; a title that names the sector too is its topic."""
    from pipeline.dedupe.vetoes import sector_move

    assert not sector_move("铜箔概念异动拉升星河电子直线涨停", "铜箔概念拉升星河电子涨停")
    assert not sector_move("星云概念股爆火如何把握投资机会", "星云概念持续活跃如何把握投资机会")
    assert not sector_move("面罩板块大幅走强星河科技涨停", "面罩板块行情大涨持续性几何")
    with StoryIndex(None) as index:
        assert index.match("flash", SECTOR_FLASH, SECTOR_FLASH_BODY, published_at=_at(0)) is None
        assert index.match("again", SECTOR_FLASH + "！", "据报道，" + SECTOR_FLASH_BODY,
                           published_at=_at(0.5)) == "flash"


def test_an_authoritys_response_is_not_the_event() -> None:
    """"…派出工作组赶赴震区", "…启动三级应急响应" beside the event's flash: the response, another story
    (vetoes.response_vs_event); both titles reporting the response, or neither, veto nothing."""
    from pipeline.dedupe.vetoes import response_vs_event

    assert response_vs_event("东江省青山县发生5.5级地震", "应急部门派出工作组赶赴东江青山震区")
    assert response_vs_event("东江省青山县发生5.5级地震", "地震部门对东江青山县地震启动三级应急响应")
    assert not response_vs_event("东江省启动防汛四级应急响应", "东江省启动防汛四级应急响应！")
    assert not response_vs_event("东江省青山县发生5.5级地震", "东江省青山县发生5.5级地震震源深度8公里")


# Vetoes of issue 19 brief prec24 (cls_telegraph_2026's wrong marks by kind), invented titles.
ORDER_BODY = "星海社电，监管部门对{}证券采取责令改正措施，因其在经纪业务中存在内部控制不完善等问题。"


def test_one_act_for_two_organizations_is_two_stories() -> None:
    """A regulator's or an exchange's act told for another organization in one slot ("对X证券…" / "对Y证券…",
    "X交所就…" / "Y交所就…") is two stories (vetoes.two_organizations); one organization's two names, or a name
    told twice, is no other organization."""
    from pipeline.dedupe.vetoes import two_organizations

    assert two_organizations("监管部门对星河证券采取责令改正措施", "监管部门对北岭证券采取责令改正措施")
    assert two_organizations("东商所发布端午节期间交易时间安排", "西期所发布端午节期间交易时间安排")
    assert two_organizations("港股ipo江城远海车业股份有限公司递表港交所", "港股ipo江城鼎泰科技股份有限公司递表港交所")
    # a stray shared letter inside the slot ("生物" / "物华") and an industry word before 股份有限公司
    assert two_organizations("港股ipo西川远海生物科技股份有限公司递表港交所", "港股ipo物华科技股份有限公司递表港交所")
    # a place and a trade before 科技 / 控股: slots of up to ORG_HEAD (8) letters
    assert two_organizations("港股ipo物华科技股份有限公司递表港交所", "港股ipo江城鼎泰节能环科技股份有限公司递表港交所")
    assert two_organizations("港股ipo江城远海文旅控股有限公司递表港交所", "港股ipo鼎泰智行科技股份有限公司递表港交所")
    assert not two_organizations("龙虎榜星河证券跌停", "什么情况星河证券闪崩跌停")
    assert not two_organizations("人民银行东江总部境外机构持有债券3万亿元", "央行东江总部境外机构持有债券3万亿元")
    assert not two_organizations("星河所有门店暂停营业", "北岭所有门店暂停营业")
    with StoryIndex(None) as index:
        assert index.match("a", "监管部门对星河证券采取责令改正措施", ORDER_BODY.format("星河"),
                           published_at=_at(0)) is None
        assert index.match("b", "监管部门对北岭证券采取责令改正措施", ORDER_BODY.format("北岭"),
                           published_at=_at(0.2)) is None
        assert index.match("a-again", "监管部门对星河证券采取责令改正措施！", "据报道，" + ORDER_BODY.format("星河"),
                           published_at=_at(0.4)) == "a"


def test_again_is_a_second_occurrence() -> None:
    """"X又响起爆炸声" beside "X响起爆炸声" tells a second occurrence (vetoes.again_vs_once); 又 or 再次 on both
    sides, or inside another word, vetoes nothing."""
    from pipeline.dedupe.vetoes import again_vs_once

    assert again_vs_once("北岭首都响起多次爆炸声", "北岭首都又响起多次爆炸声")
    assert again_vs_once("星河集团回应收购传闻", "星河集团再次回应收购传闻")
    assert not again_vs_once("北岭首都又响起多次爆炸声", "北岭首都又响起多次爆炸声据报道")
    assert not again_vs_once("星河银行获批融资债券", "星河银行获批再融资债券")  # bare 再: no marker


def test_a_toll_is_a_later_development_of_the_event() -> None:
    """A casualty count beside the event's first flash is a new fact (vetoes.toll_vs_event); two counts, or
    none, veto nothing."""
    from pipeline.dedupe.vetoes import toll_vs_event

    assert toll_vs_event("东江省青山县发生5.5级地震", "东江青山地震已致3人失联")
    assert toll_vs_event("南海岛附近海域发生7.1级地震", "南海岛7.1级地震已造成至少12人死亡")
    assert not toll_vs_event("东江青山地震已致3人失联", "东江省青山县地震已致3人失联2人受伤")
    assert not toll_vs_event("东江省青山县发生5.5级地震", "东江省青山县发生5.5级地震震源深度8公里")


def test_a_reaction_added_to_the_news_is_another_story() -> None:
    """The news beside the same title with another market's move, or another party's response, appended is the
    news and its reaction (vetoes.reaction_added). A move item with more moves, the company's own stock named in
    the added run, an analyst's "称", or a detail without a move vetoes nothing."""
    from pipeline.dedupe.vetoes import reaction_added

    assert reaction_added("北岭计划封锁南海海峡", "北岭计划封锁南海海峡布伦特原油涨超5")
    assert reaction_added("星币突破9万美元", "星币突破9万美元关口加密货币概念股盘前走高")
    assert reaction_added("东国对部分西国商品加征30关税", "西国总理东国对部分西国商品加征30关税将实施同等反制")
    assert reaction_added("甲国称海峡为其领土", "甲国称海峡为其新领土乙方称其为妄想")
    assert not reaction_added("美股稀土概念股普涨", "美股稀土概念股普涨星河资源涨超7")
    assert not reaction_added("星河银行ceo称今年支出可能增加", "星河银行ceo称今年支出可能增加星河银行股价盘前下跌")
    assert not reaction_added("星河数据盘前涨幅扩大至10", "星河数据盘前涨幅扩大至10北岭证券称行业供需趋紧")
    assert not reaction_added("东江发布雷电黄色预警", "东江发布雷电黄色预警北部山区局地短时雨强较大")


# Round 7 (brief recall24): linked names. Two tellings that name one glossary entity (under two of its names) and
# share a distinctive figure, minutes apart, worded too differently for the text rules.
ENTITY_NAMES = {"星河电子": "cn.XH", "星河电子科技": "cn.XH", "xhelectronics": "cn.XH", "远山药业": "cn.YS"}
LINKED_FLASH = "星河电子第二季度营收36.29亿元 同比增长48%"
LINKED_ITEM = "XH Electronics二季度收入为36.29亿元，高于市场预期"
LINKED_ITEM_BODY = ("XH Electronics周二公布，二季度收入为36.29亿元，高于市场预期的34.85亿元。"
                    "公司预计三季度收入为40亿至42亿元。")


def _linked_index(path=None) -> StoryIndex:
    from pipeline.dedupe.entities import EntityNames
    return StoryIndex(path, names=EntityNames(ENTITY_NAMES))


@pytest.mark.parametrize("committed", [False, True])
def test_one_entity_under_two_names_and_a_shared_figure_is_one_story(tmp_path, committed: bool) -> None:
    """story_index.ENTITY_MINUTES: the titles share neither a subject nor a Latin name, the texts little; the
    glossary says both name one company, and both give 36.29亿: one story, from this run's documents and from disk
    (the title and lead are stored)."""
    with _linked_index(tmp_path / "s.sqlite") as index:
        assert index.match("flash", LINKED_FLASH, "", published_at=_at(0)) is None
        if committed:
            index.commit(1)
        assert index.match("item", LINKED_ITEM, LINKED_ITEM_BODY, published_at=_at(0.2)) == "flash"


def test_the_figure_may_be_in_the_lead() -> None:
    """The item's title gives no figure; its first sentence does (a flash's figure restated in the item's lead)."""
    with _linked_index() as index:
        assert index.match("flash", LINKED_FLASH, "", published_at=_at(0)) is None
        assert index.match("item", "XH Electronics二季度收入高于市场预期", LINKED_ITEM_BODY,
                           published_at=_at(0.2)) == "flash"


@pytest.mark.parametrize("title, body, hours", [
    # the same entity, no shared figure (another quarter's figure; an integer percent is no distinctive figure)
    ("XH Electronics二季度收入为35.1亿元，高于市场预期", "", 0.2),
    ("XH Electronics二季度收入同比增长48%", "", 0.2),
    # a figure in the item's title that the flash lacks (a new fact)
    ("XH Electronics二季度收入为36.29亿元，高于市场预期的34.85亿元", "", 0.2),
    # the same figure, another entity
    ("远山药业二季度收入为36.29亿元，高于市场预期", "", 0.2),
    # the same entity and figure, further apart than ENTITY_MINUTES
    (LINKED_ITEM, LINKED_ITEM_BODY, 1.0),
    # a move the flash lacks: the market's reaction is news of its own, with or without a figure
    ("XH Electronics盘后跌超9%，二季度收入为36.29亿元", "", 0.2),
    ("XH Electronics发完财报股价又崩了", "XH Electronics二季度收入为36.29亿元。", 0.2),
    # an executive's remark on the news
    ("XH Electronics CEO：36.29亿元收入来自数据中心", "", 0.2),
])
def test_linked_names_need_the_entity_a_figure_and_the_window(title: str, body: str, hours: float) -> None:
    with _linked_index() as index:
        assert index.match("flash", LINKED_FLASH, "", published_at=_at(0)) is None
        assert index.match("item", title, body, published_at=_at(hours)) is None


def test_without_names_the_linked_name_rule_is_off() -> None:
    with StoryIndex(None) as index:
        assert index.match("flash", LINKED_FLASH, "", published_at=_at(0)) is None
        assert index.match("item", LINKED_ITEM, LINKED_ITEM_BODY, published_at=_at(0.2)) is None


def test_entity_names_of_the_project_glossary_join_aliases_and_scripts(glossary) -> None:
    """names_of reads the compiled glossary's names (the session's project glossary): an English name, a Chinese
    one and a Traditional spelling of one company are one entity."""
    from pipeline.dedupe import entities as ent
    names = ent.names_of(glossary)
    titles = ("谷歌确定收购", "Alphabet同意收购", "台積電漲停", "台积电涨停")
    found = [names.entities(fp.story_parts(title, "")[0]) for title in titles]
    assert found[0] == found[1] and found[2] == found[3] and len(found[0]) == len(found[2]) == 1


def test_a_latin_name_inside_a_longer_word_and_figures() -> None:
    from pipeline.dedupe import entities as ent
    assert ent.EntityNames({"meta": "us.META"}).entities("metadata") == frozenset()
    assert ent.EntityNames({"meta": "us.META"}).entities("meta涨3") == {"us.META"}
    assert ent.figures(fp.spaced_letters("星河XH7芯片6月30日营收1.5亿元，毛利率31.25%，5000亿美元")) == \
        (("", 31.25), ("亿", 1.5), ("亿", 5000.0))


def test_an_index_of_the_previous_schema_gains_the_evidence_column(tmp_path) -> None:
    from pipeline.dedupe.story_index import SCHEMA, V5_SCHEMA
    path = tmp_path / "s.sqlite"
    with StoryIndex(path) as index:
        index.match("a", TITLE, BODY)
        index.commit(1)
    db = sqlite3.connect(path)
    for column in ("evidence_text", "publisher", "timed"):  # what v6 and v7 added
        db.execute(f"ALTER TABLE docs DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (V5_SCHEMA,))
    db.commit()
    db.close()
    with _linked_index(path) as index:
        assert index.match("b", TITLE, BODY) == "a"
        assert index.match("flash", LINKED_FLASH, "", published_at=_at(0)) is None
        index.commit(2)
        assert index.match("item", LINKED_ITEM, LINKED_ITEM_BODY, published_at=_at(0.2)) == "flash"
    assert sqlite3.connect(path).execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0] == SCHEMA


def test_two_items_of_one_release_whose_titles_give_other_figures_are_two_stories() -> None:
    """Each body restates the other's figure, but the titles headline different ones (_titles_share_a_figure)."""
    release = "星河电子二季度收入为36.29亿元，全年收入指引上调至150.5亿元。"
    with _linked_index() as index:
        assert index.match("revenue", LINKED_FLASH, release, published_at=_at(0)) is None
        assert index.match("guidance", "XH Electronics上调全年收入指引至150.5亿元", release,
                           published_at=_at(0.1)) is None
