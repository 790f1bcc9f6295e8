"""Core names of A-share companies: the exchange short name without a leading place or a closing generic word.

The exchanges list 贵州茅台, 双汇发展, 闻泰科技, 永辉超市, 嘉澳环保; news writes 茅台, 双汇, 闻泰, 永辉, and the
exchange itself shortens a risk-warned name to ST嘉澳. A candidate is the short name (share class and risk marks
off) without a leading place of the naming tables or 中国 (贵州, 上海 …), without one closing generic or industry
word (科技, 股份, 发展, 超市, 教育, 电器, 医药 …), or without both. Banks, brokers, insurers and trusts keep their
closing word: 招商银行 → 招商 and 兴业证券 → 兴业 are everyday words and group names.

A candidate is a core (`is_core`) when it is no everyday word (CC-CEDICT ordinary vocabulary), no place (抚顺 of
抚顺特钢), no generic word of the naming tables (电子, 石油), no industry (锡业), no group brand several companies
share (中信, 招商), no run of ordinary words and no place plus ordinary words (中国置业). Once every listing is
joined, a core no other entity holds or begins with is kept (宝钢 begins 宝钢包装 as well as 宝钢股份), except the
company's own group (茅台集团); two listings with the same core both lose it.

What is linked (measured on cls_telegraph_2026, see docs/linking.md, "A-share current names"):

- a two-character core only in its risk-warning forms, ST + core and *ST + core (ST嘉澳, *ST萃华): bare, such
  pairs were mostly the middle of other names (海默 in 奥本海默, 振江 in 胡振江, 创力 in 伟创力, subsidiaries
  such as 宏创智能), about one link in six right. Famous ones are curated instead
  (glossaries/companies/cn_short_names_media.yaml);
- a longer core as an alias, unless it wants company context (`needs_context`): no listing English spells its
  pinyin (a product word, 玻纤 of 山东玻纤, Shandong Fiberglass), it is frequent in jieba's dictionary (300 or
  more), a longer dictionary word holds it after its first character, or it ends in a particle (美的: 很美的).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from pipeline.glossary.commonness import RUN_ON_MIN_FREQ, dictionary, is_dictionary_word
from pipeline.glossary.marks import RISK_WARNINGS, risk_forms
from pipeline.glossary.naming import base_name, tables
from pipeline.glossary.sources.common import GeneratedEntry
from pipeline.glossary.sources.hk_names import is_description, is_place_and_word, pairs_in_words

# Closing words of financial institutions: the rest is a group brand or an everyday word (招商, 兴业, 平安).
KEPT_TAILS = frozenset({"银行", "农商行", "农商银行", "农村商业银行", "证券", "保险", "信托", "期货", "租赁",
                        "金融", "资本", "投资", "创投"})
# Closing words the naming tables lack that say only what a company sells (永辉超市, 中公教育 has 教育).
EXTRA_TAILS = ("超市", "股份", "集团", "控股", "实业", "发展", "味业", "酒厂")
# The shortest core kept, and the length up to which a core is an abbreviation the gate reads with care.
MIN_LEN = 2
SHORT_LEN = 2
# jieba frequency from which a core is an everyday word first (the generator's COMMON_WORD_FREQ).
COMMON_FREQ = 300
# A core ending in one of these reads as a phrase (美的 "beautiful", 好的): it needs company context.
PARTICLES = frozenset("的了着过是在和与之也")
# A core ending so names an industry (锡业, 煤业), not a company.
INDUSTRY_END = "业"
# Leading words media drop besides places: 中国中免 → 中免, 中国神华 → 神华.
LEADING_WORDS = ("中国",)
# Exchange short names are at most this long (base form); longer aliases are legal or H-share names.
MAX_SHORT_NAME = 5
# Parent-group endings: the company's own group (茅台集团, 双汇集团) does not take its core away.
GROUP_ENDINGS = ("集团", "集团公司", "控股集团", "集团有限公司", "集团股份有限公司")


@lru_cache(maxsize=1)
def _tails() -> tuple[str, ...]:
    words = [w for w in tables().words if w not in KEPT_TAILS and len(w) >= 2]
    return tuple(sorted(set(words) | set(EXTRA_TAILS), key=len, reverse=True))


@lru_cache(maxsize=1)
def _places() -> tuple[str, ...]:
    return tuple(sorted({*(p for p in tables().places if len(p) >= 2), *LEADING_WORDS}, key=len, reverse=True))


def candidates(short: str) -> list[str]:
    """The shorter forms of an A-share short name, longest first: 贵州茅台 → 茅台; 双汇发展 → 双汇; 上海机场 → none
    of use (机场 is generic); 中国中免 → 中免."""
    name = base_name(short)
    tail = next((t for t in _tails() if name.endswith(t) and len(name) - len(t) >= MIN_LEN), None)
    place = next((p for p in _places() if name.startswith(p) and len(name) - len(p) >= MIN_LEN), None)
    out = []
    if tail:
        out.append(name[: -len(tail)])
    if place:
        out.append(name[len(place):])
    if tail and place and len(name) - len(tail) - len(place) >= MIN_LEN:
        out.append(name[len(place): -len(tail)])
    return [n for n in dict.fromkeys(out) if n != name]


def is_core(name: str, everyday: frozenset[str]) -> bool:
    """Whether a candidate still names a company: not an everyday or generic word, not a group brand, not a
    description made of ordinary words."""
    t = tables()
    if len(name) < MIN_LEN or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return False
    if name in everyday or name in t.words or name in t.brand_words or name in t.places:
        return False
    if dictionary().is_place(name):  # 抚顺特钢 → 抚顺, 长城汽车 → 长城: the place, not the company
        return False
    if name.endswith(INDUSTRY_END):  # 锡业 of 云南锡业: "the tin industry"
        return False
    if len(name) > SHORT_LEN and is_dictionary_word(name):
        return False
    return not is_description(name) and not is_place_and_word(name, everyday)


def needs_context(name: str, own: Iterable[str] = (), english: Iterable[str] = ()) -> bool:
    """A core that reads as something else often enough to want company context nearby (see module doc); `own`:
    the company's own names, which may hold it (山西汾酒); `english`: the listing's English names, which confirm a
    core as the brand when they spell its pinyin (Shuanghui, Yonghui, Fenjiu)."""
    words = dictionary()
    inside = pairs_inside_words().get(name, frozenset()) - set(own) if len(name) <= SHORT_LEN else frozenset()
    return (words.freq(name) >= COMMON_FREQ or name[-1] in PARTICLES or bool(inside)
            or not spelled_in(name, english))


def spelled_in(name: str, english: Iterable[str]) -> bool:
    """Whether an English name of the listing spells the core's pinyin (双汇 in Henan Shuanghui Investment): the
    company is known abroad by it, so it is its brand. A product word (玻纤 of 山东玻纤, Shandong Fiberglass) or
    a brand spelled otherwise (闻泰, Wingtech) is not confirmed and links only with company context."""
    from pypinyin import lazy_pinyin

    spelled = "".join(lazy_pinyin(name)).casefold()
    return any(spelled in "".join(ch for ch in e.casefold() if ch.isalpha()) for e in english)


@lru_cache(maxsize=1)
def pairs_inside_words() -> dict[str, frozenset[str]]:
    """Two characters → the longer jieba words (frequency 10 or more) that hold them after their first character
    (时捷 in 保时捷, 方达 in 易方达): there they are part of that word. A longer word that begins with the pair
    (双汇集团, 汾酒厂) is most often the company's own name, and rarer ones are the dictionary's odd cuts (于双汇)."""
    out: dict[str, set[str]] = {}
    for pair, word in pairs_in_words(RUN_ON_MIN_FREQ, first=1):
        out.setdefault(pair, set()).add(word)
    return {pair: frozenset(words) for pair, words in out.items()}


def core_candidates(entry: GeneratedEntry, everyday: frozenset[str]) -> list[str]:
    """The kept candidate cores of one A-share entry's short names (current, 2021 and tagged)."""
    names = [n for n in (entry.zh, *entry.aliases_zh) if len(base_name(n)) <= MAX_SHORT_NAME]
    return [c for n in names for c in candidates(n) if is_core(c, everyday)]


def add_core_names(stocks: list[GeneratedEntry], others: Iterable[GeneratedEntry],
                   curated: dict[str, str] | None, everyday: frozenset[str],
                   on_add: Callable[[GeneratedEntry, str], None]) -> int:
    """Give each A-share entry the cores no other entity holds or begins with (a two-character one in its
    risk-warning forms only); `on_add(entry, name)` is called for each name kept. Returns how many were added."""
    found = {e.id: core_candidates(e, everyday) for e in stocks}
    owners: dict[str, set[str]] = {}
    for entry_id, cores in found.items():
        for core in cores:
            owners.setdefault(core, set()).add(entry_id)
    named = [(e.id, [e.zh, *e.aliases_zh, *e.aliases_zh_hant, *e.join_zh]) for e in [*stocks, *others]]
    named += [(i, [n]) for n, i in (curated or {}).items()]
    starts: dict[str, set[str]] = {}
    for entry_id, names in named:
        for name in names:
            for end in range(MIN_LEN, len(name) + 1):
                if end == len(name) or name[end:] not in GROUP_ENDINGS:
                    starts.setdefault(name[:end], set()).add(entry_id)
    added = 0
    for e in stocks:
        own = {e.zh, *e.aliases_zh}
        for core in dict.fromkeys(found[e.id]):
            if core in own or owners[core] != {e.id} or starts.get(core, {e.id}) - {e.id}:
                continue
            english = [*e.english_names, *(n for n in (e.legal_en, e.en_official) if n)]
            if len(core) <= SHORT_LEN:
                # Measured on cls.cn news: a bare two-character core was mostly the middle of another name
                # (奥本海默, 胡振江, 伟创力, subsidiaries such as 宏创智能); only its risk-warning forms are sure.
                # The exchange's risk-warning short names are four characters: 嘉澳环保 trades as ST嘉澳 (and
                # *ST嘉澳), 萃华珠宝 as *ST萃华 (marks.py; the 退市 form is listing_forms' only).
                for form in risk_forms(core, RISK_WARNINGS):
                    if form not in own and form not in starts:
                        on_add(e, form)
                        own.add(form)
                        added += 1
                continue
            if needs_context(core, own, english):  # 港国际 of 青岛港国际, 中伟新 of 中伟新材: not names
                continue
            on_add(e, core)
            own.add(core)
            added += 1
    return added
