"""The generated entry and the name keys used to recognise one company across listing files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.glossary.naming import HAN, base_name, newswire_case

HTML_TAG = re.compile(r"<[^>]+>")
# Legal forms and listing wrappers carry nothing about which company it is.
EN_KEY_STOPWORDS = frozenset({"the", "co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation",
                              "plc", "sa", "nv", "ag", "se", "llc", "lp", "class", "a", "b", "c", "h",
                              "share", "shares"})
# ADR descriptions: 'PETROCHINA COMPANY LIMITED ADS (REP 100 H SHARES)' is PetroChina.
EN_ADR_TAIL = re.compile(r"\s+(?:ads?|adr|sponsored)\b.*$", re.IGNORECASE)
# An English key shorter than this (e.g. 'ge') is too weak to join two listings on.
MIN_EN_KEY = 4
MIN_ZH_KEY = 2


@dataclass
class GeneratedEntry:
    """One company or fund as written to glossaries/generated/."""

    id: str
    type: str
    zh: str
    en: str
    ticker: str
    tickers: list[str] = field(default_factory=list)
    former_tickers: list[str] = field(default_factory=list)
    aliases_zh: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    legal_en: str | None = None
    # The listing's official English short name (HKEX's for A shares, MOPS's for Taiwan), newswire-cased.
    en_official: str | None = None
    # The currency its statements are presented in, where the listing's names decide it (reporting.py: H shares).
    reports_in: str | None = None
    ambiguous: bool = False
    context_names: list[str] = field(default_factory=list)
    # Not written: the listing's own characters (before Traditional → Simplified) and the English short name
    # of another listing of the company, both for naming.canonical_english.
    original: str | None = None
    listed_english: str | None = None
    # Not written: English names of this company in the listing files, and Chinese names too loose to link by
    # (长盈 of 长盈集团(控股)) that still identify it against another listing (百度 of 百度集团 is BIDU's 百度).
    english_names: list[str] = field(default_factory=list)
    join_zh: list[str] = field(default_factory=list)
    # Not written: the Chinese names are the exchange's own short names (Taiwan's 公司簡稱, which Taiwan news
    # writes as the company's name), not abbreviations a data vendor or the generator made; their length says
    # nothing about ambiguity, only their commonness does (generate.mark_ambiguity).
    official_short_names: bool = False
    # Names that link only in Traditional-script text (Taiwan usage: 合庫 for 合庫金).
    aliases_zh_hant: list[str] = field(default_factory=list)
    # Not written as such: short names derived from a Hong Kong full name (sources.hk_names: 名创优品, 鹰君). They
    # are no join keys (中远海运 of 中远海运国际(香港) is another company) and become aliases only after every
    # listing is joined and only where no other entity holds them (hk_names.add_derived_names).
    derived_zh: list[str] = field(default_factory=list)
    # Not written as such: core names of an A share and their risk-warning forms (sources.core_names: ST嘉澳 of
    # 嘉澳环保), already among its aliases. A core is no abbreviation that makes the entry ambiguous
    # (generate.mark_ambiguity).
    core_zh: list[str] = field(default_factory=list)

    def zh_keys(self) -> list[str]:
        names = [self.zh, *self.aliases_zh, *self.join_zh]
        return list(dict.fromkeys(k for k in (zh_key(n) for n in names) if k))

    def en_keys(self) -> list[str]:
        names = [*self.english_names, *([self.legal_en] if self.legal_en else [])]
        return list(dict.fromkeys(k for k in map(english_key, names) if k))

    def absorb(self, other: GeneratedEntry, *, listed: bool) -> None:
        """Take another listing of the same company: its ticker as an extra (listed) or former one."""
        (self.tickers if listed else self.former_tickers).extend(
            t for t in [other.ticker, *other.tickers] if t != self.ticker and t not in self.tickers)
        self.former_tickers.extend(t for t in other.former_tickers if t not in self.former_tickers)
        self.aliases_zh.extend(n for n in [other.zh, *other.aliases_zh]
                               if n and n != self.zh and n not in self.aliases_zh)
        self.english_names.extend(other.english_names)
        self.derived_zh.extend(n for n in other.derived_zh if n not in self.derived_zh)
        self.reports_in = self.reports_in or other.reports_in
        if listed and not self.listed_english and other.en:
            self.listed_english = other.en
        if other.en and other.en != self.en and other.en not in self.aliases_en:
            self.aliases_en.append(other.en)


def zh_key(name: str) -> str:
    """万科A → 万科: the Chinese name without share-class and risk markers, if long enough to join on."""
    key = base_name(name)
    return key if len(key) >= MIN_ZH_KEY and HAN.search(key) else ""


def english_key(name: str, min_len: int = MIN_EN_KEY) -> str:
    """'<em>Sony</em> Group Corporation' → 'sony group'; 'JD.com, Inc.' → 'jd com'."""
    text = unicodedata.normalize("NFKC", HTML_TAG.sub("", name)).casefold().replace("&", " and ")
    text = EN_ADR_TAIL.sub("", text)
    words = [w for w in re.split(r"[^\w]+", text) if w and w not in EN_KEY_STOPWORDS]
    if len(words) > 1 and words[-1] == "new":  # 'First BanCorp. New': a re-registered company, same name
        words.pop()
    key = " ".join(words)
    return key if len(key.replace(" ", "")) >= min_len else ""


def english_short(legal: str) -> str:
    """'ZHONGJI INNOLIGHT CO., LTD.' → 'Zhongji Innolight': legal forms dropped, capitals as newswires write them.
    One legal-form rule (naming's): 'Wells Fargo & Company' keeps its '& Company', never 'Wells Fargo &'."""
    return newswire_case(EN_ADR_TAIL.sub("", strip_tags(legal).strip()))


def strip_tags(text: str) -> str:
    return " ".join(HTML_TAG.sub("", text).split())
