"""Rule 9's title-wording features (pipeline/dedupe/title_words.py and their rows in pair_features): words weighted
by rarity in jieba's general dictionary, so that two wordings of one event agree where two events of one subject do
not. Invented titles; no ../shared."""

from __future__ import annotations

from pipeline.dedupe import entities as ent
from pipeline.dedupe import fingerprint as fp
from pipeline.dedupe import pair_features as pf
from pipeline.dedupe import title_words as tw

# one event asked about in two wordings: the rare words (the name, 停产) are the same, the question words differ
ASKED = "星河电池为何突然宣布停产"
ASKED_AGAIN = "星河电池凭什么宣布停产"
# the same subject, another event
OTHER_EVENT = "星河电池宣布回购股份"
# a statement of the first event
TOLD = "星河电池宣布停产"


def _title(title: str) -> str:
    return fp.fingerprint(title, "").title_text


def test_common_words_weigh_nothing_and_figures_are_left_to_the_figure_features() -> None:
    assert tw.rare_words(_title("我们的什么")) == ()
    words = dict(tw.rare_words(_title("星河电池营收增长35%")))
    assert not any(any(letter.isdigit() for letter in word) for word in words)
    assert words["电池"] > words.get("增长", 0.0)


def test_rare_share_reads_past_the_question_words() -> None:
    asked, again, other = _title(ASKED), _title(ASKED_AGAIN), _title(OTHER_EVENT)
    assert tw.rare_share(asked, asked) == 1.0
    assert tw.rare_share(asked, "") == 0.0
    assert tw.rare_share(again, asked) > tw.rare_share(other, asked)
    # what the other event adds is rarer than what the second wording adds
    assert tw.rare_missing(other, asked) > tw.rare_missing(again, asked)


def _side(doc_id: str, title: str) -> pf.Side:
    return pf.Side(doc_id, fp.fingerprint(title, ""), ent.NONE, 1_767_200_000)


def test_pair_features_read_the_wording() -> None:
    asked = pf.features(_side("a", ASKED), _side("b", ASKED_AGAIN))
    other = pf.features(_side("a", ASKED), _side("c", OTHER_EVENT))
    told = pf.features(_side("a", ASKED), _side("d", TOLD))
    assert asked["title_rare_share_short"] > other["title_rare_share_short"]
    assert asked["title_rare_missing"] < other["title_rare_missing"]
    assert told["title_rare_share_short"] == 1.0  # the statement's every rare word is in the question
    assert tuple(asked) == pf.FEATURES
