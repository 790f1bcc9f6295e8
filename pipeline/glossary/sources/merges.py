"""One entity per company: the A, H, ADR and Taiwan listings of one company join the home-market entity, and a
symbol that is gone becomes a former ticker of the living company (never an entity of its own).

Most joins are found in the data (the same Chinese short name, or the same English legal name in two listing
files); the table below holds the cases the data cannot show: an ADR known under another Chinese name (中海油 for
CNOOC, 中石油 for PetroChina) and US symbols that changed. Facts from the exchanges' listing notices."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.glossary.sources.common import GeneratedEntry


@dataclass(frozen=True)
class Join:
    listed: tuple[str, ...] = ()  # other live listings (H shares)
    former: tuple[str, ...] = ()  # delisted or changed symbols
    aliases: tuple[str, ...] = ()  # names media use for the company that no listing file gives it
    zh: str | None = None  # the Chinese name when no listing file has one
    aliases_en: tuple[str, ...] = field(default=())


# By a live ticker of the company (its entity may be the A share's, or the H share's that the ADR joined).
# Mainland companies with A and H shares whose NYSE ADRs were delisted (2021-2022).
HARD_CASES: dict[str, Join] = {
    "600938.SH": Join(listed=("0883.HK",), former=("CEO",), aliases=("中海油",), aliases_en=("CNOOC",)),
    "600115.SH": Join(listed=("0670.HK",), former=("CEA",)),
    "601857.SH": Join(listed=("0857.HK",), former=("PTR",), aliases=("中石油",)),
    "600028.SH": Join(listed=("0386.HK",), former=("SNP",), aliases=("中石化",)),
    "601628.SH": Join(listed=("2628.HK",), former=("LFC",)),
    "600011.SH": Join(listed=("0902.HK",), former=("HNP",), aliases=("华能电力",)),
    "600029.SH": Join(listed=("1055.HK",), former=("ZNH",)),
    "600188.SH": Join(listed=("1171.HK",), former=("YZC",)),
    "601600.SH": Join(listed=("2600.HK",), former=("ACH",)),
    "600688.SH": Join(listed=("0338.HK",), former=("SHI",)),
    "601728.SH": Join(listed=("0728.HK",), former=("CHA",)),
    "600941.SH": Join(listed=("0941.HK",), former=("CHL",)),
    # US symbols that changed with the company's name.
    "META": Join(former=("FB",), zh="Meta", aliases=("脸书",), aliases_en=("Facebook",)),
    "TCOM": Join(former=("CTRP",), aliases=("携程",)),
    "SONY": Join(former=("SNE",)),
    "COR": Join(former=("ABC",)),
    "LHX": Join(former=("HRS",)),
    # A+H pairs whose H share's Chinese name adds a word the A share's lacks (中信建投证券, 安井食品集团) and whose
    # English names differ: HKEX list 2026-07 and Stock Connect list, same company.
    "601066.SH": Join(listed=("6066.HK",)),
    "603345.SH": Join(listed=("2648.HK",)),
    # Tuya: NYSE TUYA, HKEX 2391 (2022): the HK list writes its English name without the Chinese one the US list has.
    "2391.HK": Join(listed=("TUYA",)),
    # BeiGene: STAR 688235, HKEX 6160, Nasdaq BGNE, renamed BeOne Medicines with the symbol ONC (2025-05).
    "688235.SH": Join(listed=("6160.HK",), former=("BGNE",), aliases_en=("BeOne Medicines", "BeOne")),
}

# US symbols changed after the newest US list (Sina 2025-02) was taken: old → new. The entity keeps the old symbol
# as a former ticker. Facts from the company's and Nasdaq's notices; the new symbol is also the publishers' tag
# for the company in ../shared/data/news/zh-hans/us_stocks_zh_2026 (百济神州 tagged 105.ONC).
SYMBOL_CHANGES: dict[str, str] = {"BGNE": "ONC"}

# One Chinese name written by two markets' lists is one company when the name is this long (百济神州, 东方证券,
# 晶科能源); shorter ones (强生, 广达) are too often two companies.
SAME_NAME_MIN = 4


# A Chinese name this long names one company; a shorter one (东方航空, 佳能) must agree with the English names.
STRONG_ZH_KEY = 5
# A two-character name (佳能, 恒大) joins only when both sides' English names agree.
WEAK_ZH_KEY = 2
# An English name alone joins two listings only with this many distinctive words: CoStar (Henan) is not CoStar
# Group (US), but China Eastern Airlines is one company.
STRONG_EN_WORDS = 2
# A gone symbol sharing this many leading letters with a live one of the company is a sibling security (a
# preferred, a note, another class: DTJ of DTE, KELYB of KELYA), not a former symbol.
SIBLING_PREFIX = 2
GENERIC_EN_WORDS = frozenset({"china", "chinese", "group", "holding", "holdings", "international", "and", "of", "bank",
                              "technology", "technologies", "energy", "global", "american", "america", "first",
                              "capital", "financial", "industries", "industrial", "services", "resources", "new",
                              "universal", "united", "general", "national", "standard", "pacific", "asia"})


# Same Chinese and English name, different companies: Whirlpool China (A share) is a subsidiary of Whirlpool.
KEEP_APART = frozenset({("WHR", "cn.600983")})


class Index:
    """Entities by Chinese key and English key; a key two entities share joins nothing."""

    def __init__(self, entries: list[GeneratedEntry]) -> None:
        self.by_zh: dict[str, set[str]] = {}
        self.by_en: dict[str, set[str]] = {}
        self.by_id = {e.id: e for e in entries}
        self.by_ticker = {t: e for e in entries for t in [e.ticker, *e.tickers]}
        for e in entries:
            for k in e.zh_keys():
                self.by_zh.setdefault(k, set()).add(e.id)
            for k in e.en_keys():
                self.by_en.setdefault(k, set()).add(e.id)

    def find(self, entry: GeneratedEntry, min_en_words: int = STRONG_EN_WORDS) -> GeneratedEntry | None:
        """The one entity of another listing file that is the same company, if exactly one is. A short Chinese
        name is a weak key (佳能 is Canon and Taiwan's Ability Enterprise): it joins only when the English
        names agree too, or one side has none."""
        keys = entry.zh_keys()
        hits = {i for k in keys for i in self.by_zh.get(k, ())}
        if len(hits) == 1:
            target = self.by_id[hits.pop()]
            if (entry.ticker, target.id) in KEEP_APART:
                return None
            longest = max(map(len, set(keys) & set(target.zh_keys())))
            if longest >= STRONG_ZH_KEY or english_agrees(entry, target, strict=longest <= WEAK_ZH_KEY):
                return target
            return None
        if hits:
            return None
        hits = {i for k in entry.en_keys() if len(set(k.split()) - GENERIC_EN_WORDS) >= min_en_words
                for i in self.by_en.get(k, ())}
        if len(hits) != 1:
            return None
        target = self.by_id[hits.pop()]
        return None if (entry.ticker, target.id) in KEEP_APART else target


def english_agrees(a: GeneratedEntry, b: GeneratedEntry, *, strict: bool) -> bool:
    """True when an English name of each has the same distinctive words (Quanta Computer is not Quanta
    Services, China Pharma is not China Meheco). Unless strict, a side without a distinctive English name
    (BYD, Bank of China) does not object."""
    words_a = {frozenset(k.split()) - GENERIC_EN_WORDS for k in a.en_keys()} - {frozenset()}
    words_b = {frozenset(k.split()) - GENERIC_EN_WORDS for k in b.en_keys()} - {frozenset()}
    return bool(words_a & words_b) or (not strict and not (words_a and words_b))


def curated_target(ticker: str, index: Index) -> GeneratedEntry | None:
    for live, join in HARD_CASES.items():
        if ticker in join.listed or ticker in join.former:
            return index.by_ticker.get(live)
    return None


def join_listings(homes: list[GeneratedEntry], others: list[GeneratedEntry],
                  min_en_words: int = STRONG_EN_WORDS) -> list[GeneratedEntry]:
    """Entries of `others` that are another listing of a home-market entity join it (their ticker becomes an
    extra one); the rest are returned, to stand on their own. `min_en_words`: distinctive words an English name
    needs to join on alone."""
    index = Index(homes)
    kept = []
    for entry in others:
        target = curated_target(entry.ticker, index) or index.find(entry, min_en_words)
        if target is not None:
            target.absorb(entry, listed=True)
        else:
            kept.append(entry)
    return kept


def attach_former(entities: list[GeneratedEntry], gone: list[GeneratedEntry]) -> list[str]:
    """A symbol only the older lists have is a former ticker of the living company it names (FB → META, CEA →
    东方航空); a symbol naming no living company is dropped. Returns the dropped symbols."""
    index = Index(entities)
    dropped = []
    for entry in gone:
        if entry.ticker in index.by_ticker:
            continue  # a share class the newer list still has under another symbol
        curated = curated_target(entry.ticker, index)
        target = curated or index.find(entry)
        if curated is None and target is not None and any(
                entry.ticker[:SIBLING_PREFIX] == t[:SIBLING_PREFIX] for t in [target.ticker, *target.tickers]):
            continue
        if target is None:
            dropped.append(entry.ticker)
            continue
        target.absorb(entry, listed=False)
    return dropped


def apply_hard_cases(entities: list[GeneratedEntry]) -> None:
    """Names and former symbols from the table that no listing file gives (中海油, FB)."""
    by_ticker = {t: e for e in entities for t in [e.ticker, *e.tickers]}
    for live, join in HARD_CASES.items():
        entry = by_ticker.get(live)
        if entry is None:
            continue
        if not entry.zh and join.zh:
            entry.zh = join.zh
        entry.former_tickers.extend(t for t in join.former if t not in entry.former_tickers)
        entry.aliases_zh.extend(a for a in join.aliases if a not in entry.aliases_zh and a != entry.zh)
        entry.aliases_en.extend(a for a in join.aliases_en if a not in entry.aliases_en)


def join_same_names(homes: list[GeneratedEntry], others: list[GeneratedEntry]) -> list[GeneratedEntry]:
    """An entry of another market whose full Chinese name is exactly a home entity's (百济神州 in the US list and
    on the STAR board, 东方证券 in Hong Kong and Shanghai) joins it instead of sharing the name, which would link
    to neither. Only names of SAME_NAME_MIN characters or more, owned by exactly one home entity, and not kept
    apart (Whirlpool). Returns the entries that stay on their own."""
    by_name: dict[str, list[GeneratedEntry]] = {}
    for e in homes:
        for n in dict.fromkeys([e.zh, *e.aliases_zh]):
            by_name.setdefault(n, []).append(e)
    kept = []
    for entry in others:
        owners = by_name.get(entry.zh, [])
        target = owners[0] if len(owners) == 1 and len(entry.zh) >= SAME_NAME_MIN else None
        if target is None or (entry.ticker, target.id) in KEEP_APART:
            kept.append(entry)
            continue
        target.absorb(entry, listed=True)
    return kept


def apply_symbol_changes(entities: list[GeneratedEntry]) -> None:
    """A listed symbol that changed after the lists were taken (BGNE → ONC) becomes the new one, the old a former."""
    for e in entities:
        for old, new in SYMBOL_CHANGES.items():
            if old in e.tickers or e.ticker == old:
                e.tickers = [new if t == old else t for t in e.tickers]
                e.ticker = new if e.ticker == old else e.ticker
                if old not in e.former_tickers:
                    e.former_tickers.append(old)
