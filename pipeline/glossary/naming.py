"""Canonical English for Chinese company short names (DESIGN.md §3, issue 7 item 4).

Three branches, first match wins: a curated brand (京东方 → BOE), the English short name of the company's
H-share/ADR/B-share listing, newswire-cased (PETROCHINA → PetroChina), else the seed's convention: pinyin of
the distinctive part with places and generic words translated (中际旭创 → Zhongji Xuchuang, 上海银行 → Bank
of Shanghai, 重庆啤酒 → Chongqing Brewery). The tables live in data/english_names.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.glossary.marks import STATUS_PREFIX

DATA_FILE = Path(__file__).parent / "data" / "english_names.yaml"
BRANCHES = ("curated", "listed", "official", "pinyin")
SHARE_CLASS = re.compile(r"(?<=[\u4e00-\u9fff])(?:[AB]|-[UWV]+|[UW])$")
TRAILING_PARENS = re.compile(r"\s*[(（][^()（）]*[)）]$")  # Skyfame Realty (Holdings) → Skyfame Realty
# A Chinese character of the basic CJK block: the one definition naming, the compiler and the listing sources use.
HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_OR_OTHER = re.compile(r"[\u4e00-\u9fff]+|[^\u4e00-\u9fff]+")
# Longest place, group or generic word in the tables (农村商业银行); bounds the prefix/suffix scans.
MAX_WORD = 6
# Pinyin orthography marks a syllable starting with a vowel inside a word with an apostrophe (立昂 →
# Li'ang, not the misreadable Liang); the seed splits a three-syllable name 2+1 (新易盛 → Xinyi Sheng).
VOWEL_START = ("a", "e", "o")
SYLLABLES_PER_WORD = 2
BANK = "银行"
MAX_SMALL_WORD = 3  # plc, cpc, new: a lower-case word this short is left as the source writes it
ONE_CHAR_SUFFIX_MIN_REST = 2  # 天津港 → Tianjin Port, but 港 alone is never stripped from a 2-character name


@dataclass(frozen=True)
class NameTables:
    """The curated tables of data/english_names.yaml."""

    brands: dict[str, str]
    brand_words: dict[str, str]
    places: dict[str, str]
    words: dict[str, str]
    char_readings: dict[str, str]
    phrase_readings: dict[str, list[str]]
    folded: dict[str, str]
    mixed_case: dict[str, str]
    acronyms: frozenset[str]
    small_words: frozenset[str]
    legal_suffixes: tuple[str, ...]


@lru_cache(maxsize=1)
def tables() -> NameTables:
    import yaml

    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    casing, readings = data["casing"], data["readings"]
    return NameTables(
        brands=data["brands"], brand_words=data["brand_words"], places=data["places"],
        words={k: v or "" for k, v in data["words"].items()}, char_readings=readings["chars"],
        phrase_readings=readings["phrases"], folded=readings["folded"],
        mixed_case={w.casefold(): w for w in casing["brands"]},
        acronyms=frozenset(a.upper() for a in casing["acronyms"]),
        small_words=frozenset(w.casefold() for w in casing["small_words"]),
        # longest first, so "Co., Ltd." goes before "Ltd."
        legal_suffixes=tuple(sorted(casing["legal_suffixes"], key=len, reverse=True)),
    )


def base_name(short: str) -> str:
    """万科A → 万科, *ST中华A → 中华, 寒武纪-U → 寒武纪."""
    name = STATUS_PREFIX.sub("", short.strip())
    return SHARE_CLASS.sub("", name)


# ---------------------------------------------------------------- newswire casing


def _strip_legal_suffix(name: str) -> str:
    suffixes = tables().legal_suffixes
    for _ in range(3):  # "Holdings Co., Ltd." style stacks are at most this deep
        for suffix in suffixes:
            head = name[: -len(suffix)].rstrip(" ,")
            if (name.casefold().endswith(suffix.casefold()) and head and name[-len(suffix) - 1: -len(suffix)]
                    in (" ", ",") and not head.endswith("&")):
                name = head
                break
        else:
            break
    return name


# "ASML Holding N.V. - New York Registry Shares", "… American Depositary Shares": the security, not the company.
ADR_TAIL = re.compile(r"\s+-\s+.*$|\s+(?:American Depositary|New York Registry|Sponsored ADR).*$", re.IGNORECASE)
DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]*\.?$")
# Two words glued by "&" (Science&technology, SILVER&TIN), not an acronym's or a pair of names' (T&S, Gan&Lee).
GLUED_PARENS = re.compile(r"(?<=[A-Za-z.])\([^()]*\)(?=[A-Za-z])|(?<=[A-Za-z])\([^()]*\)$")
INNER_PARENS = re.compile(r"\s+\([a-z]+(?: [a-z]+)?\)\s+(?=[A-Za-z])")
GLUED_AMPERSAND = re.compile(r"\b([A-Za-z]{4,})&([A-Za-z]{3,})\b")


def _unglue(m: re.Match[str]) -> str:
    right = m.group(2)
    return f"{m.group(1)} & {right[:1].upper() + right[1:] if right.islower() else right}"


def _case_word(word: str, first: bool, shouting: bool) -> str:
    t = tables()
    folded = word.casefold()
    if folded in t.mixed_case:
        return t.mixed_case[folded]
    if not first and folded in t.small_words:
        return folded
    if not shouting:
        # the source's own casing (CK Hutchison, SIIC Environment) is kept, but not a word left all in lower
        # case by a glued bracket (Finework(hunan)new Energy)
        return word.capitalize() if word.isalpha() and word.islower() and len(word) > MAX_SMALL_WORD else word
    if word.upper() in t.acronyms or DOTTED_ACRONYM.match(word):
        return word.upper()  # E.SUN, S.F.
    letters = re.sub(r"[^A-Za-z]", "", word)
    if letters and not re.search(r"[AEIOUaeiou]", letters) and len(letters) <= 4:
        return word  # no vowel: an acronym (TCL, HSBC, CRRC)
    if word.casefold() in ("co", "co."):
        return "Co."
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def newswire_case(name: str) -> str:
    """An English company name as newswires print it: legal form dropped, capitals recased, acronyms and
    known brands kept (JPMORGAN CHASE & CO → JPMorgan Chase & Co., BANK OF AMERICA → Bank of America)."""
    name = " ".join(GLUED_AMPERSAND.sub(_unglue, name.replace("<em>", "").replace("</em>", "")).split())
    name = re.sub(r"\s+\.$", ".", name)  # "Co., Ltd ." as one listing writes it
    # The seat in brackets glued into the name or in lower case: Pharmaceutical(Shanghai)Co. → Pharmaceutical Co.,
    # Dencare (chongqing) Oral Care → Dencare Oral Care; Ajisen (China) Holdings keeps its brackets.
    name = INNER_PARENS.sub(" ", GLUED_PARENS.sub(" ", name.replace(").Co", ") Co"))).strip()
    for _ in range(2):  # "Allstate Corporation (The)", "Apollo Global Management, Inc. (New)"
        name = _strip_legal_suffix(TRAILING_PARENS.sub("", ADR_TAIL.sub("", name)).strip(" ,"))
    if name.casefold().startswith("the ") and len(name) > len("the ") + 2:
        name = name[len("the "):]
    shouting = not re.search(r"[a-z]", name)
    if shouting and re.fullmatch(r"[A-Z]{2,3}", name):
        return name  # a lone short capital word is an acronym (ASE, CHT)
    words = name.split(" ")
    cased = [_case_word(w, i == 0, shouting) for i, w in enumerate(words)]
    if len(cased) >= 2 and cased[-2] == "&" and cased[-1].casefold().rstrip(".") == "co":
        cased[-1] = "Co."
    return " ".join(cased)


# ---------------------------------------------------------------- pinyin default


def _unreadable(chars: str) -> list[str]:
    """A character pypinyin cannot read is left out: English output never carries Chinese characters."""
    return [""] * len(chars)


def _readings(base: str, original: str | None) -> list[str]:
    """One syllable per character of `base` (non-Han characters map to themselves), name readings first."""
    from pypinyin import lazy_pinyin

    t = tables()
    out: list[str] = []
    for run in HAN_OR_OTHER.findall(base):
        if not HAN.match(run):
            out.extend(run)
            continue
        syllables = lazy_pinyin(run, errors=_unreadable)
        if len(syllables) != len(run):  # pypinyin split a rare character oddly: read one by one
            syllables = [(lazy_pinyin(ch, errors=_unreadable) or [""])[0] for ch in run]
        for i, ch in enumerate(run):
            if ch in t.char_readings:
                syllables[i] = t.char_readings[ch]
        for phrase, reading in t.phrase_readings.items():
            for m in re.finditer(re.escape(phrase), run):
                syllables[m.start(): m.end()] = reading
        out.extend(syllables)
    if original:
        source = base_name(unicodedata.normalize("NFKC", original))
        if len(source) == len(base):
            for i, ch in enumerate(source):
                if ch != base[i] and ch in t.folded:
                    out[i] = t.folded[ch]
    return out


def _pinyin_words(syllables: list[str], cuts: frozenset[str] = frozenset()) -> list[str]:
    """Syllables of a distinctive part as words: as the official English cuts them when it spells every word
    as the name's own pinyin (`cuts`: 太辰光, official TAICHENGUANG → Taichenguang), else pairs, a lone last
    syllable its own word (新易盛 → Xinyi Sheng)."""
    if cuts:
        words_cut = _cut_as(syllables, cuts)
        if words_cut:
            return words_cut
    words: list[list[str]] = []
    for syl in filter(None, syllables):
        if not words or len(words[-1]) >= SYLLABLES_PER_WORD or not syl.isalpha():
            words.append([syl])
        else:
            words[-1].append("'" + syl if syl.startswith(VOWEL_START) else syl)
    return ["".join(w).capitalize() for w in words]


def _cut_as(syllables: list[str], cuts: frozenset[str]) -> list[str] | None:
    """The syllables grouped into the given words, longest first, or None when they do not cover them all."""
    out: list[str] = []
    i, syls = 0, [s for s in syllables if s]
    while i < len(syls):
        for j in range(len(syls), i, -1):
            if "".join(syls[i:j]).casefold() in cuts and all(s.isalpha() for s in syls[i:j]):
                word = syls[i] + "".join("'" + s if s.startswith(VOWEL_START) else s for s in syls[i + 1:j])
                out.append(word.capitalize())
                i = j
                break
        else:
            return None
    return out


def _match(table: dict[str, str], text: str, at_end: bool) -> str | None:
    for size in range(min(MAX_WORD, len(text)), 0, -1):
        piece = text[-size:] if at_end else text[:size]
        if piece in table:
            return piece
    return None


def _closing_word(words: dict[str, str], text: str) -> str | None:
    """The longest generic word closing `text`, unless it would leave one character of the name where a shorter
    one leaves a word of two (立新能源 → Lixin Energy, not Li New Energy: 新能源 would take 立新's 新)."""
    piece = _match(words, text, at_end=True)
    if piece is None or len(text) - len(piece) != 1:
        return piece
    shorter = _match(words, text[len(text) - len(piece) + 1:], at_end=True)
    return shorter if shorter is not None and len(text) - len(shorter) >= SYLLABLES_PER_WORD else piece


def only_generic(base: str) -> bool:
    """Whether the name is nothing but generic words (锌业股份, 有色股份): the convention has no distinctive part
    to romanize, nor a place to name it by (云南锗业 is Yunnan Germanium)."""
    words = tables().words
    i = 0
    while i < len(base):
        piece = _match(words, base[i:], at_end=False)
        if piece is None:
            return False
        i += len(piece)
    return bool(base)


def _pinyin_default(base: str, original: str | None, industry: tuple[int, str] | None = None,
                    cuts: frozenset[str] = frozenset()) -> str:
    """Leading places and group brands, then the romanized distinctive part, then the generic words closing
    the name, translated (重庆啤酒 → Chongqing Brewery, 中信特钢 → CITIC Special Steel). `industry` is the
    closing industry word as (characters, English) when the official English shows it (锗业 → Germanium)."""
    t = tables()
    syllables = _readings(base, original)
    start, end = 0, len(base)
    industry_en = ""
    if industry and len(base) - industry[0] >= SYLLABLES_PER_WORD:
        end -= industry[0]
        industry_en = industry[1]
    head: list[tuple[str, str]] = []  # (kind, english) of leading places and group brands
    while start < end:
        piece = _match(t.places, base[start:end], at_end=False)
        kind = "place"
        if piece is None:
            piece, kind = _match(t.brand_words, base[start:end], at_end=False), "brand"
        if piece is not None and end - start - len(piece) == 0 and not head and not industry_en:
            return t.places.get(piece) or t.brand_words[piece]  # only a place or group word: its English (中国)
        if piece is None:
            break
        head.append((kind, t.places.get(piece) or t.brand_words[piece]))
        start += len(piece)
    tail: list[str] = []  # generic words, last first
    while start < end:
        piece = _closing_word(t.words, base[start:end])
        if piece is None or (len(piece) == 1 and end - start - 1 < ONE_CHAR_SUFFIX_MIN_REST and not head):
            break
        if end - start == len(piece) and not head:
            break  # nothing distinctive would be left (生物股份): romanize the last word instead
        tail.append(piece)
        end -= len(piece)
    middle: list[str] = []
    for m in HAN_OR_OTHER.finditer(base, start, end):
        run = m.group().strip()
        if HAN.match(run):
            middle.extend(_pinyin_words(syllables[m.start(): m.end()], cuts))
        elif run:
            middle.append(newswire_case(run) if run.isupper() else run)
    tail.reverse()
    generic = [t.words[w] for w in tail if t.words[w]] + ([industry_en] if industry_en else [])
    if tail and tail[-1] == BANK and len(head) == 1 and head[0][0] == "place" and not middle:
        return f"Bank of {head[0][1]}"  # 上海银行 → Bank of Shanghai
    return " ".join([e for _, e in head] + middle + generic)


# ---------------------------------------------------------------- the three branches


def naming_branch(short: str, *, original: str | None = None, listed_english: str | None = None,
                  official_english: str | None = None) -> str:
    """Which branch names this company: curated, listed (another listing's English), official (the
    listing's official English short name, when it is an established English name) or pinyin."""
    from pipeline.glossary.official import is_established

    if base_name(short) in tables().brands:
        return "curated"
    if listed_english and listed_english.strip():
        return "listed"
    if is_established(official_english, short):
        return "official"
    return "pinyin"


def canonical_english(short: str, *, original: str | None = None, listed_english: str | None = None,
                      official_english: str | None = None) -> str:
    """English canonical name for a Chinese short name, by the project's convention.

    `original` is the listing's own characters (before Traditional → Simplified), `listed_english` the
    English short name of another listing of the same company (H share, ADR, B share), `official_english`
    the listing's own official English short name (HKEX's for an A share), if any."""
    from pipeline.glossary.official import established_english, names_in_english, pinyin_cuts, tail_english

    base = base_name(short)
    branch = naming_branch(short, original=original, listed_english=listed_english,
                           official_english=official_english)
    if branch == "curated":
        return tables().brands[base]
    if branch == "listed":
        return newswire_case(listed_english or "")
    if branch == "official":
        return established_english(official_english or "", short)
    if official_english and only_generic(base) and names_in_english(official_english, base):
        return official_english  # 锌业股份 → Huludao Zinc Industry: no distinctive part to romanize
    return _pinyin_default(base, original, tail_english(official_english, short), pinyin_cuts(official_english))


def count_branches(names: Iterable[tuple[str, ...]]) -> Counter[str]:
    """How many (short, original, listed_english[, official_english]) rows each branch names, for the figures
    in docs/glossaries.md."""
    # "official" shows only when a row carries an official English name (rows of three never do).
    counts: Counter[str] = Counter({b: 0 for b in BRANCHES if b != "official"})
    for short, original, listed, *official in names:
        counts[naming_branch(short, original=original, listed_english=listed,
                             official_english=official[0] if official else None)] += 1
    return counts
