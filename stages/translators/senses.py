"""Function words and particles by rule: the words whose CC-CEDICT entries lead with a rare or literal
sense (比 "Belgium", 被 "quilt", 第 "grades in the imperial examinations") but which in news text are
grammar. A small table, plus the few choices that depend on the next word.
"""

from __future__ import annotations

# Token → English in a word-by-word gloss; "" drops the token (no English counterpart).
FUNCTION_WORDS: dict[str, str] = {
    # particles and classifiers with no English word
    "的": "", "了": "", "着": "", "呢": "", "吗": "", "吧": "", "啊": "", "所": "", "把": "", "个": "",
    "们": "", "地": "", "得": "", "则": "", "就": "", "便": "", "乃": "", "矣": "", "亦": "also", "嘛": "",
    # conjunctions
    "与": "and", "和": "and", "及": "and", "并": "and", "以及": "as well as", "及其": "and its", "或": "or",
    "或者": "or", "而": "while", "但": "but", "但是": "but", "且": "and", "而且": "and", "同时": "meanwhile",
    # prepositions
    "被": "by", "在": "in", "于": "in", "为": "for", "从": "from", "自": "from", "向": "to", "对": "on",
    "对于": "on", "将": "will", "比": "than", "较": "compared with", "由": "by", "至": "to", "到": "to",
    "给": "to", "跟": "with", "据": "according to", "以": "with", "因": "because of", "因为": "because",
    "按": "according to", "凭": "by", "随": "with", "沿": "along", "经": "after", "之": "of", "之一": "one of",
    "等": "etc.", "等等": "etc.", "将近": "nearly", "其": "its", "其中": "among them", "此": "this",
    "该": "the", "这": "this", "那": "that", "各": "each", "每": "each", "也": "also", "都": "all",
    "已": "has", "已经": "has already", "还": "also", "又": "again", "再": "again", "更": "more",
    "最": "most", "很": "very", "较为": "relatively", "不": "not", "未": "not", "没有": "no", "无": "no",
    "是": "is", "有": "has", "后": "after", "前": "before", "时": "when", "中": "in", "内": "within",
    "上": "on", "下": "under", "第": "No.",
}
# 比 reads "compared with" before a period it is compared to (比去年同期增长 → compared with the same
# period last year), "than" elsewhere (比预期高 → than expected high).
COMPARED_PERIODS = ("去年", "上年", "上月", "上周", "昨日", "昨天", "前一", "同期", "年初", "上季", "前日", "上一")
# Ordinal suffixes of English: 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
TEEN_EXCEPTIONS = range(11, 14)
# Measure words after 第N, singular after an ordinal (第3次 → 3rd time, 第2大 → 2nd largest).
ORDINAL_NOUNS = {"次": "time", "届": "edition", "大": "largest", "名": "place", "位": "place", "季度": "quarter",
                 "季": "quarter", "天": "day", "期": "phase", "轮": "round", "家": "", "个": ""}
# 第 before a Chinese numeral (第三 → third); larger ordinals are written in digits in news.
CHINESE_ORDINALS = {"一": "first", "二": "second", "三": "third", "四": "fourth", "五": "fifth", "六": "sixth",
                    "七": "seventh", "八": "eighth", "九": "ninth", "十": "tenth"}


def chinese_ordinal(word: str) -> str | None:
    """The English of the word after 第 when it starts with a numeral: 三次 → 'third time', 二大 → 'second
    largest'; None when it does not."""
    head, rest = word[:1], word[1:]
    if head not in CHINESE_ORDINALS or (rest and rest not in ORDINAL_NOUNS):
        return None
    return f"{CHINESE_ORDINALS[head]} {ORDINAL_NOUNS.get(rest, '')}".strip()


# Token pairs read together: 元/股 is yuan per share, never "yuan / thigh"; 他的 is his.
PAIRS: dict[tuple[str, str], str] = {("/", "股"): "per share", ("/", "吨"): "per tonne", ("/", "桶"): "per barrel",
                                     ("/", "盎司"): "per ounce", ("/", "手"): "per lot",
                                     # a pronoun's 的 is its possessive: 他的办公室 → his office
                                     ("他", "的"): "his", ("她", "的"): "her", ("它", "的"): "its",
                                     ("我", "的"): "my", ("你", "的"): "your", ("我们", "的"): "our",
                                     ("他们", "的"): "their", ("她们", "的"): "their", ("它们", "的"): "their",
                                     ("咱们", "的"): "our", ("您", "的"): "your"}


def function_word(token: str, following: str = "") -> str | None:
    """English of a function word given the text right after it, or None when the token is not one."""
    if token == "比" and following.startswith(COMPARED_PERIODS):
        return "compared with"
    return FUNCTION_WORDS.get(token)


def ordinal(number: str) -> str:
    """'1' → '1st', '12' → '12th', '23' → '23rd'."""
    value = int(number)
    suffix = "th" if value % 100 in TEEN_EXCEPTIONS else ORDINAL_SUFFIX.get(value % 10, "th")
    return f"{number}{suffix}"
