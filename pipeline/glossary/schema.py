"""Glossary entries and the rules they must satisfy (DESIGN.md §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TYPES = ("company", "fund", "index", "product", "person", "org", "term")
ENTRY_KEYS = {"id", "type", "zh", "en", "ticker", "tickers", "former_tickers", "aliases", "legal_en",
              "en_official", "ambiguous", "note", "role", "country", "reports_in"}
REQUIRED_KEYS = ("id", "type", "zh", "en")
# Fields that hold one string (note is free text, kept only in the YAML, but still must be one).
STRING_KEYS = (*REQUIRED_KEYS, "ticker", "legal_en", "en_official", "note", "role", "country", "reports_in")
# `country` of a person or public body: an ISO 3166 alpha-2 code (US, CN, HK, TW), or EU for the Union's
# institutions; the country-context step (country.py) reads it to pick a body of the country a sentence names.
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
# zh_hant names link only in Traditional-script text, zh_hans only in Simplified (超微: AMD in Taiwan, Super Micro
# on the mainland). zh_hk, zh_tw and zh_cn names link only in documents of that locale (pipeline/text/locale.py),
# and there they win over the name's script or everyday meaning: 證監會 is the SFC in Hong Kong news.
LOCALE_ALIAS_KEYS = {"zh_hk": "hk", "zh_tw": "tw", "zh_cn": "cn", "zh_mo": "mo"}
ALIAS_KEYS = {"zh", "en", "zh_hant", "zh_hans", *LOCALE_ALIAS_KEYS}
ID_RE = re.compile(r"^[a-z]{2,8}\.[A-Za-z0-9_.\-]+$")
# Longest names in glossaries/ (measured December 2026 over every entry, generated ones included): a Chinese name
# or alias of 55 characters (an English company name kept as a zh alias in generated/hk.yaml; 26 with Han
# characters), an English one of 135 (a legal_en in generated/us.yaml). Compiling a name costs memory with the
# square of its length (every beginning of a name is held: commonness.start_continuations; a 60,000-character
# name took 7.7 GB) and time likewise (the Aho-Corasick automaton: 36 s for 40,000 characters), so the loader
# refuses longer names before any of that work, with about four times the longest as margin.
ZH_NAME_MAX_CHARS = 200
EN_NAME_MAX_CHARS = 500
# The fields (as glossary messages name them) holding Chinese or English names, with their limit.
NAME_MAX_CHARS = {**dict.fromkeys(("zh", "ambiguous", *(f"aliases.{k}" for k in ALIAS_KEYS if k != "en")),
                                  ("Chinese", ZH_NAME_MAX_CHARS)),
                  **dict.fromkeys(("en", "legal_en", "en_official", "aliases.en"), ("English", EN_NAME_MAX_CHARS))}
# Characters of an over-long name shown in its error, enough to find it in the file.
LONG_NAME_SHOWN_CHARS = 20


def name_length_problem(field_name: str, value: str) -> str | None:
    """Why `value` is too long for a name in `field_name` (a key such as 'zh' or 'aliases.en'), or None."""
    language, limit = NAME_MAX_CHARS.get(field_name, ("", 0))
    if not limit or len(value) <= limit:
        return None
    return (f"field {field_name!r}: a name of {len(value):,} characters ({value[:LONG_NAME_SHOWN_CHARS]!r}…); "
            f"{language} names may have at most {limit:,}")
# Ticker formats per exchange suffix; US symbols have none (NVDA, BRK.B).
# European exchanges write letters and digits, a share-class suffix after a dash (NOVO-B.CO, ERIC-B.ST, BT-A.L).
EUROPEAN_SYMBOL = r"^[A-Z0-9]{1,6}(-[A-Z])?\."
# London, Xetra, Paris, Amsterdam, Swiss, Copenhagen, Stockholm, Helsinki, Milan, Madrid, Brussels, Oslo, Vienna,
# Moscow (MOEX: SBER.MM, GAZP.MM).
EUROPEAN_SUFFIXES = ("L", "DE", "PA", "AS", "SW", "CO", "ST", "HE", "MI", "MC", "BR", "OL", "VI", "MM")
TICKER_FORMATS = {
    "SZ": re.compile(r"^[0-3]\d{5}\.SZ$"),
    "SH": re.compile(r"^[5-9]\d{5}\.SH$"),
    "BJ": re.compile(r"^[4-9]\d{5}\.BJ$"),
    "HK": re.compile(r"^\d{4,5}\.HK$"),
    # Taiwan Stock Exchange (TWSE) and Taipei Exchange (TPEx, over the counter). An ETF's code may end in a
    # letter: A active, B bond, L leveraged, R inverse, U futures (00980A, 00933B.TWO, 00631L, 00632R, 00635U).
    "TW": re.compile(r"^\d{4,6}[A-Z]?\.TW$"),
    "TWO": re.compile(r"^\d{4,6}[A-Z]?\.TWO$"),
    "KS": re.compile(r"^\d{6}\.KS$"),
    "KQ": re.compile(r"^\d{6}\.KQ$"),  # KOSDAQ
    # Tokyo: four digits, or since 2024 three digits and a letter (130A.T).
    "T": re.compile(r"^\d{3}[0-9A-Z]\.T$"),
    "SI": re.compile(r"^[A-Z0-9]{3,4}\.SI$"),
    "AX": re.compile(r"^[A-Z0-9]{3,4}\.AX$"),
    "NS": re.compile(r"^[A-Z0-9&\-]{2,12}\.NS$"),
    "TO": re.compile(r"^[A-Z]{1,5}(\.[A-Z])?\.TO$"),
    **{suffix: re.compile(EUROPEAN_SYMBOL + re.escape(suffix) + "$") for suffix in EUROPEAN_SUFFIXES},
}
US_TICKER = re.compile(r"^[A-Z]{1,5}(\.[A-Z])?$")


def ticker_problem(ticker: str) -> str | None:
    """Why a ticker is malformed for its exchange, or None when it is fine."""
    suffix = ticker.rpartition(".")[2] if "." in ticker else ""
    pattern = TICKER_FORMATS.get(suffix)
    if pattern is not None:
        return None if pattern.match(ticker) else f"ticker {ticker!r} does not match the {suffix} format"
    if US_TICKER.match(ticker):
        return None
    return f"ticker {ticker!r} has an unknown format (expected NNNNNN.SZ|SH|BJ, NNNN.HK, NNNN.TW|TWO, or a US symbol)"


@dataclass
class Entry:
    """One glossary entity or term, with where it was defined."""

    id: str
    type: str
    zh: str
    en: str
    ticker: str | None = None
    tickers: list[str] = field(default_factory=list)
    # Delisted or changed symbols of the same company (FB for META): found by lookup, never a separate entity.
    former_tickers: list[str] = field(default_factory=list)
    aliases_zh: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    aliases_zh_hant: list[str] = field(default_factory=list)
    aliases_zh_hans: list[str] = field(default_factory=list)
    # Names that link only in one locale's documents: locale ("hk", "tw", "cn") → names.
    aliases_zh_locale: dict[str, list[str]] = field(default_factory=dict)
    legal_en: str | None = None
    # The listing's official English short name (HKEX, MOPS, the exchange's list), newswire-cased: what the
    # `naming: official` setting prints instead of `en` (docs: docs/linking.md).
    en_official: str | None = None
    # What a person does or a body is ("US Treasury Secretary"), and its country code: descriptions for
    # readers and exports, and the country a public body belongs to (pipeline/glossary/country.py).
    role: str | None = None
    country: str | None = None
    # The currency a company's results are presented in (ISO 4217: CNY for Tencent, BYD, every A share): a bare
    # 元 in its results in Hong Kong news is RMB (pipeline/glossary/reporting.py, stages/translators/numbers.py).
    reports_in: str | None = None
    ambiguous: bool = False
    # Names that link only with market context nearby; `ambiguous: true` means its two-character names.
    context_names: list[str] = field(default_factory=list)
    file: str = ""
    line: int = 0
    generated: bool = False
    # Names this entry may not be linked by: shared with another entry, or claimed by a curated one.
    unlinkable: set[str] = field(default_factory=set)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    @property
    def is_person_or_public_body(self) -> bool:
        """People and public bodies (an org with a country, or with a role such as "international organization")
        are named by proper names: 普京, 央行 and 北约 are never everyday words, however often jieba's corpus has
        them, so the commonness gate does not hold them back."""
        return self.type == "person" or (self.type == "org" and (self.country is not None or self.role is not None))

    def zh_names(self) -> list[str]:
        return [self.zh, *self.aliases_zh]

    def en_names(self) -> list[str]:
        names = [self.en, *self.aliases_en]
        if self.legal_en:
            names.append(self.legal_en)
        return names
