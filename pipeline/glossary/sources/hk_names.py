"""Short names of Hong Kong listings, derived from HKEX's full Chinese names.

HKEX lists 名创优品集团控股有限公司, 药明生物技术有限公司, 鹰君集团有限公司; Hong Kong and mainland media write the
distinctive part: 名创优品, 药明生物, 鹰君. A candidate is the full name with legal forms and generic closing words
taken off one by one (有限公司, 股份, 控股, 集团, 国际, 实业, 企业, 投资, 发展, 科技, 技术, 商贸, 贸易, 工业, 产业,
环球, 管理, a closing 中国, a bracketed domicile or group word), each also without a leading 香港, 中国 or province or
big city (with its 市 or 省) when the rest is no run of ordinary words (香港中华煤气 → 中华煤气, 北京迪信通商贸 →
迪信通). A candidate is kept only when it still names this company (`is_distinctive`): not an everyday word, not a
place alone or a place with ordinary words (深圳, 远东, 中国置业, 中国科创), not a run of common words (中国电力,
汽车内饰) unless the listing's English spells it in pinyin (`brand_spelled`: 山水水泥, China Shanshui Cement); a
two-character one neither a frequent ordinary word (车市) nor inside a longer word (时捷 in 保时捷). Once every
listing is joined, `add_derived_names` keeps only names no other entity holds or begins with, curated ones included
(恒隆 begins 恒隆地产, 国开 begins 国开行).

How the link gate treats them: a name of three or more characters is an ordinary generated alias; a two-character
one is a `zh_hant` alias (links only in Traditional text, as Hong Kong writes) in the entry's `ambiguous` list
(links only with company context: 鷹君股價), even where jieba knows the pair as a proper noun.

Abbreviations that cannot be derived (港铁, 长和, 新地, 中电, 港灯, 银娱, 光大环境) are curated in
glossaries/companies/ (coverage_hk.yaml, hk_short_names.yaml, hk_short_names_media.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from pipeline.glossary.commonness import (
    PHRASE_PART_PER_MILLION,
    RUN_ON_MIN_FREQ,
    dictionary,
    genericness,
    is_dictionary_word,
)
from pipeline.glossary.sources.common import GeneratedEntry

# Closing words that say what kind of company it is, not which (Simplified, after normalization). Round 7 added
# the trade and scope words media drop as well (北京迪信通商贸 → 迪信通, 裕元工业 → 裕元, 北大荒产业, 思捷环球,
# 天安中国: an "X China" arm); industry words (能源, 医药, 水泥) stay, since media keep them (山水水泥).
GENERIC_TAILS = ("股份有限公司", "有限责任公司", "有限公司", "公司", "股份", "控股", "集团", "国际", "实业",
                 "企业", "投资", "发展", "科技", "技术", "开曼", "百慕大", "商贸", "贸易", "工业", "产业", "环球",
                 "管理", "中国")
# Stapled units (朗廷酒店管理人有限公司与朗廷酒店投资) name two issuers: no short name is derived from them.
STAPLED = re.compile(r"有限公司.|[与及]")
# A bracketed domicile or group word inside a full name: 包浩斯国际(控股), 维珍妮国际(控股), 中远海运国际(香港).
BRACKETED = re.compile(r"[(（][^)）]*[)）]")
# A brand of two or more characters, then 中国 (bracketed or not) and more: the brand's China arm.
INNER_CHINA = re.compile(r"^([^()（）中]{2,}?)[(（]?中国[)）]?(?=.)")
# Leading words media drop: 香港中华煤气 → 中华煤气, 中国力鸿检验 → 力鸿检验; since round 7 also a province or big
# city of the naming tables (北京迪信通商贸 → 迪信通, 深圳市优必选科技 → 优必选), with its 市 or 省.
HOME_PREFIXES = ("香港", "中国")
PLACE_SUFFIXES = ("市", "省", "")
# Without the leading word the core must still be this long (中华煤气, 迪信通; not 水业, 旺旺, 北辰).
MIN_AFTER_PREFIX = 3
# A derived name must keep at least this many characters.
MIN_LEN = 2
# A derived name this short is an abbreviation: it needs company context even where jieba knows it as a proper
# noun (米格 is MiG, 太和 and 永嘉 are places, not 米格集团, 太和控股, 永嘉集团).
ABBREVIATION_LEN = 2
# A candidate that reads as everyday words this common (per million, commonness.genericness) names no one
# company: 中国电力 (53.7), 远东酒店 (8.7). Measured on the HKEX list: distinctive names score below 1
# (名创优品 0.0, 维珍妮 0.3, 石药 0.2).
GENERIC_MAX = 2.0


@lru_cache(maxsize=1)
def home_prefixes() -> tuple[str, ...]:
    """香港, 中国 and the naming tables' provinces and big cities with 市 or 省 or alone, longest first: the one
    list of leading words a Hong Kong full name loses in media (the A-share core rule reads the same places)."""
    from pipeline.glossary.naming import tables

    places = {*HOME_PREFIXES, *(p for p in tables().places if len(p) >= MIN_LEN)}
    return tuple(sorted({p + s for p in places for s in PLACE_SUFFIXES}, key=len, reverse=True))


def home_prefix(name: str) -> str | None:
    """The leading place of a name (深圳市 of 深圳市优必选科技), or None."""
    return next((p for p in home_prefixes() if name.startswith(p)), None)


def brand_spelled(name: str, english: Iterable[str]) -> bool:
    """Whether the listing's English spells in pinyin the part of the name before its closing industry word
    (山水 of 山水水泥 in China Shanshui Cement): the company kept those characters as its name abroad, so the pair
    names it even when it reads as ordinary words (山水 "landscape"). A translated part (光大 → Everbright, 海螺 →
    Conch, 再生能源 → Renewable Energy) is no evidence, nor a spelled place (上海 of 上海医药, Shanghai
    Pharmaceuticals: a place and an industry word)."""
    from pipeline.glossary.naming import tables
    from pipeline.glossary.official import chinese_places
    from pipeline.glossary.sources.core_names import spelled_in

    english = list(english)
    if not english or any(name.startswith(p) for p in (*home_prefixes(), *chinese_places())):
        return False
    heads = [name[: -len(w)] for w in tables().words if name.endswith(w) and len(name) - len(w) >= MIN_LEN]
    return any(spelled_in(h, english) for h in [name, *heads])


def candidates(full: str, english: Iterable[str] = ()) -> list[str]:
    """Every shorter form of a normalized full name, longest first: 建发国际投资集团有限公司 → 建发国际投资集团,
    建发国际投资, 建发国际, 建发; 香港中华煤气有限公司 → 香港中华煤气, 中华煤气; 北京迪信通商贸股份有限公司 →
    北京迪信通商贸, 北京迪信通, 迪信通商贸, 迪信通. `english`: the listing's
    English names (a core of ordinary words that the English spells in pinyin is kept: 山水水泥)."""
    out: list[str] = []
    name = BRACKETED.sub("", full).strip()
    if STAPLED.search(name.removesuffix("有限公司")):
        return []
    # An "X China" arm is written up to its 中国, bracketed or not, whatever follows: 味千(中国)控股 → 味千中国,
    # 华晨中国汽车控股 → 华晨中国.
    arm = INNER_CHINA.match(full)
    if arm is not None:
        out.append(arm.group(1) + "中国")
    while True:
        tail = next((t for t in GENERIC_TAILS if name.endswith(t) and len(name) > len(t)), None)
        if tail is None:
            break
        name = name[: -len(tail)].strip()  # HKEX pads some names with spaces: 健合(H&H)国际
        out.append(name)
    # Without the leading word, the core (every closing word off) must stay distinctive on its own: 中国水业 → 水业
    # and 中国三迪 → 三迪 say too little; 中国力鸿检验 → 力鸿检验 does not.
    prefix = home_prefix(out[-1]) if out else None
    # The place must end where a word ends: 日照港裕廊 is the port of Rizhao (日照港) and 裕廊, not 日照 + 港裕廊.
    if prefix is not None and dictionary().freq(out[-1][: len(prefix) + 1]):
        prefix = None
    if prefix is not None and len(out[-1]) - len(prefix) >= MIN_AFTER_PREFIX:
        out += [n[len(prefix):] for n in list(out)
                if not ordinary_words(n[len(prefix):]) or brand_spelled(n[len(prefix):], english)]
    elif prefix is not None and not prefix.startswith(HOME_PREFIXES):
        # A mainland registered name whose core is two characters (深圳市越疆 → 越疆) still loses its place where
        # a longer form keeps three or more (越疆科技): the H shares and 2024-26 listings of mainland companies.
        out += [n[len(prefix):] for n in list(out)
                if len(n) - len(prefix) >= MIN_AFTER_PREFIX and not ordinary_words(n[len(prefix):])]
    return [n for n in dict.fromkeys(out) if n != full]


def is_distinctive(name: str, everyday: frozenset[str], english: Iterable[str] = ()) -> bool:
    """Whether a derived name still says which company: no everyday word, no place alone, no run of common words
    (unless the listing's English spells it as its name: `brand_spelled`)."""
    words = dictionary()
    if len(name) < MIN_LEN or not re.search(r"[\u4e00-\u9fff]", name):
        return False
    if name in everyday or is_dictionary_word(name):
        return False
    if words.is_place(name) or words.is_place(name.removesuffix("中国")):
        return False
    if len(name) > ABBREVIATION_LEN and brand_spelled(name, english):
        return True
    if is_place_and_word(name, everyday):
        return False
    # A two-character abbreviation that jieba counts as an ordinary word often enough to be evidence (车市 "car
    # market" for 车市科技) is that word in news, however rare: company context (车市销量上涨) does not help.
    if len(name) <= ABBREVIATION_LEN and words.freq(name) >= RUN_ON_MIN_FREQ and not words.is_proper_noun(name):
        return False
    if len(name) <= ABBREVIATION_LEN and name in words_containing_pairs():
        return False
    return genericness(name) < GENERIC_MAX and not is_description(name)


def ordinary_words(name: str) -> list[str]:
    """The name as a run of jieba's ordinary words of two or more characters (再生能源 + 投资), or [] when it does
    not split so (a rare or proper part: 药明 + 生物 does not)."""
    words = dictionary()
    parts, i = [], 0
    while i < len(name):
        j = next((j for j in range(min(len(name), i + 4), i + 1, -1)
                  if words.freq(name[i:j]) and words.tags.get(name[i:j]) is None), None)
        if j is None:
            return []
        parts.append(name[i:j])
        i = j
    return parts


def is_description(name: str) -> bool:
    """A name made wholly of ordinary words whose first is a frequent one (汽车内饰 "car interiors", 建筑兴业,
    人民财产保险): it describes a business, it does not name one. A rare first word keeps it (海螺环保, 雨润食品)
    where the listing itself begins so; without its 中国 or 香港 no run of ordinary words is kept (再生能源投资)."""
    parts = ordinary_words(name)
    return bool(parts) and dictionary().per_million(parts[0]) >= PHRASE_PART_PER_MILLION


def pairs_in_words(min_freq: int = 0, first: int = 0) -> Iterator[tuple[str, str]]:
    """(two characters, the longer jieba word holding them) for every word longer than two characters of at least
    `min_freq`, from the word's `first` character on: the one enumeration behind words_containing_pairs and
    core_names.pairs_inside_words."""
    for word, freq in dictionary().freqs.items():
        if len(word) > ABBREVIATION_LEN and freq >= min_freq:
            for i in range(first, len(word) - 1):
                yield word[i:i + 2], word


@lru_cache(maxsize=1)
def words_containing_pairs() -> frozenset[str]:
    """Every two characters inside a longer jieba word: a derived two-character name there is most often part of
    that word (时捷 in 保时捷 Porsche, 方达 in 易方达 E Fund), which the glossary may not hold."""
    return frozenset(pair for pair, _ in pairs_in_words())


def is_place_and_word(name: str, everyday: frozenset[str]) -> bool:
    """A place and everyday words (中国置业 "China property", 珠江船务 "Pearl River shipping", 中国储能 "China's
    energy storage"), or a place and a generic word of the naming tables (中国科创): a description that fits many
    companies, however rare the pair is as a whole."""
    from pipeline.glossary.naming import tables

    words = dictionary()
    return any(words.is_place(name[:k]) and (name[k:] in everyday or is_dictionary_word(name[k:])
                                              or name[k:] in tables().words or bool(ordinary_words(name[k:])))
               for k in range(MIN_LEN, len(name) - 1))


def derived_short_names(full: str, everyday: frozenset[str],
                        have: Callable[[str], bool] = lambda _: False, english: Iterable[str] = ()) -> list[str]:
    """The distinctive shorter forms of a full HK name that the entry does not already hold. `everyday`: the
    words that are no names (CC-CEDICT's ordinary vocabulary and jieba's frequent common words); `english`: the
    listing's English names."""
    english = list(english)
    return [n for n in candidates(full, english) if not have(n) and is_distinctive(n, everyday, english)]


def is_derived_abbreviation(entry: GeneratedEntry, name: str) -> bool:
    """A two-character name the generator derived (其士, 鹰君): linked only with company context nearby."""
    return len(name) <= ABBREVIATION_LEN and name in entry.derived_zh


def curated_names(root: Path, normalize: Callable[[str], str]) -> dict[str, str]:
    """Every Chinese name (zh, aliases, script and locale aliases) of the curated glossary files under root → its
    entry id: a derived name must not be, or begin, one of them (国开 of 国开国际 begins 国开行)."""
    from pipeline.glossary.loader import glossary_files, parse_file

    out: dict[str, str] = {}
    for path in glossary_files(root):
        if "generated" in path.relative_to(root).parts:
            continue
        for entry in parse_file(path, []):
            locale = [n for names in entry.aliases_zh_locale.values() for n in names]
            for name in [*entry.zh_names(), *entry.aliases_zh_hant, *entry.aliases_zh_hans, *locale]:
                out.setdefault(normalize(name), entry.id)
    return out


def cut_from_zhong(entry: GeneratedEntry, name: str, starts: dict[str, set[str]]) -> bool:
    """A place-less form where media shorten the place to its first character: 中国广核新能源 is written 中广核新能源,
    北京控股 北控, so 广核新能源 would link inside it. Known when that character + the form's first two characters
    begins a name (中广核电力)."""
    place = home_prefix(entry.zh)
    return place is not None and not name.startswith(place) and f"{place[0]}{name[:2]}" in starts


def add_derived_names(entries: list[GeneratedEntry], curated: dict[str, str] | None = None) -> int:
    """Make each entry's derived short names aliases, once every listing is joined: only a name no other entity
    holds in any form (name, alias, join key, curated name), no other listing derives, and no other entity's name
    begins with (恒隆 of 恒隆集团 is also the start of 恒隆地产, 美的 of 美的集团 of 美的置业, 国开 of 国开行).
    Returns how many were added."""
    starts: dict[str, set[str]] = {}
    named = [(e.id, [e.zh, *e.aliases_zh, *e.aliases_zh_hant, *e.join_zh, *e.derived_zh]) for e in entries]
    for entry_id, names in [*named, *((i, [n]) for n, i in (curated or {}).items())]:
        for name in names:
            for end in range(MIN_LEN, len(name) + 1):
                starts.setdefault(name[:end], set()).add(entry_id)
    added = 0
    for e in entries:
        own = {e.zh, *e.aliases_zh}
        for name in e.derived_zh:
            if name not in own and starts[name] == {e.id} and not cut_from_zhong(e, name, starts):
                # A two-character one links only in Traditional text, Hong Kong's: in mainland news such pairs
                # are mostly the middle of a name the glossary lacks (向上融科, 百信银行, 江苏辰兴).
                (e.aliases_zh_hant if len(name) <= ABBREVIATION_LEN else e.aliases_zh).append(name)
                own.add(name)
                added += 1
    return added
