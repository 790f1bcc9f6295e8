"""The listing's official English short name read against the Chinese short name (docs/linking.md).

The default naming convention uses it in two ways: an official name that is an established English brand
(not pinyin: Anker, Roborock, Estun, NHU, Transfar, Guosen, Chow Tai Seng) names the company; otherwise the
words it gives for the name's closing characters are the industry words the convention translates
(云南锗业, official YUNNAN LINCANG XINYUAN GERMANIUM IND: 锗业 → Germanium).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.glossary.naming import base_name, newswire_case, tables

WORD = re.compile(r"[A-Za-z][A-Za-z'\-.&]*")
# English words that name a company's legal form or a generic activity, never the brand itself; with the
# curated words table's English (Technology, Pharmaceutical ...) they are "generic" below.
GENERIC = frozenset("""group holdings holding co company corp corporation ltd limited inc international development
science sci tech technologies technology ind industry industries industrial hi-tech high new and of the stock
shares share joint""".split())
# Syllables like m, n, ng, hm are interjection readings: a word made of them is not a name's pinyin.
MIN_SYLLABLE = 2
INTERJECTIONS = frozenset({"hm", "hng", "ng"})
MAX_SYLLABLE = 6
MAX_ACRONYM = 3
# Closing words an official name adds that the short name does not say: dropped unless it says them.
FILLER = frozenset({"group", "gp", "holding", "holdings", "co", "corp", "of", "and", "&", "company", "inc", "ltd",
                    "share", "shares", "new", "stock", "joint-stock"})


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every Mandarin syllable pypinyin reads a CJK character as (toneless)."""
    from pypinyin import lazy_pinyin

    read = lazy_pinyin("".join(chr(c) for c in range(0x4E00, 0x9FA6)), errors=lambda chars: [])
    return frozenset(s for s in read if s.isalpha() and (len(s) >= MIN_SYLLABLE or s in "aeo")
                     and s not in INTERJECTIONS)


def is_pinyin(word: str) -> bool:
    """Whether a Latin word splits wholly into Mandarin syllables (Yunnan, Lincang, Guosen; not Anker, Estun)."""
    w = re.sub(r"['\-]", "", word.casefold())
    ok = [True] + [False] * len(w)
    for i in range(len(w)):
        if ok[i]:
            for k in range(1, min(MAX_SYLLABLE, len(w) - i) + 1):
                if w[i:i + k] in syllables():
                    ok[i + k] = True
    return bool(w) and ok[len(w)]


def own_pinyin(base: str) -> list[str]:
    """One syllable per character of the name, as the convention reads it (name readings first)."""
    from pipeline.glossary.naming import _readings

    return [s.casefold() for s in _readings(base, None)]


def _words(official: str) -> list[str]:
    return WORD.findall(official)


def _generic_words() -> frozenset[str]:
    t = tables()
    words = {w.casefold() for v in t.words.values() for w in (v or "").split()}
    return GENERIC | words | t.small_words


def _place_words() -> frozenset[str]:
    return frozenset(w.casefold() for v in tables().places.values() for w in v.split())


def _leading_english(base: str) -> list[str]:
    """The English words of the place or group brand the name starts with (招商 → china merchants)."""
    t = tables()
    for size in range(min(len(base), 4), 1, -1):
        english = t.brand_words.get(base[:size]) or t.places.get(base[:size])
        if english:
            return english.casefold().split()
    return []


def _respelling(word: str, readings: list[str]) -> bool:
    """Guosen for 国信 (guo xin): a word that starts as the name's own pinyin and then leaves it, a spelling
    the company chose, not a romanization."""
    w = re.sub(r"['\-]", "", word.casefold())
    for i, first in enumerate(readings):
        if first and w.startswith(first) and w != first:
            exact = ""
            for s in readings[i:]:
                exact += s
                if exact == w:
                    return False
                if not w.startswith(exact):
                    break
            return len(w) > len(first)
    return False


def is_established(official: str | None, short: str) -> bool:
    """Whether a listing's official English short name is an established English name of the company, not
    pinyin with generic words: its first word, after places the Chinese name does not start with (Beijing
    Roborock, Zhejiang NHU), is neither Mandarin pinyin nor a generic or legal word nor a translation of the
    name's closing industry word (its last two characters, by CC-CEDICT, in names of four or more
    characters). A pinyin-looking word counts too when it starts as the name's own pinyin and then leaves it
    (Guosen for 国信, guo xin), or when it is pinyin of characters the name does not have at all while the
    name's own pinyin is not in the official name (Chow Tai Seng for 周大生 is not the name's Mandarin).

    Anker Innovations Technology (安克创新), Beijing Roborock Technology (石头科技), Estun Automation (埃斯顿),
    Zhejiang NHU (新和成), Transfar Zhilian (传化智联), Guosen Securities (国信证券), Chow Tai Seng Jewellery
    (周大生), New Hope Liuhe (新希望), Perfect World (完美世界) are; Yunnan Lincang Xinyuan Germanium Ind
    (云南锗业: Yunnan is the name's own pinyin), Changling Hydraulic (长龄液压), Zhongkehaixun Digital S&T
    (中科海讯) are not."""
    if not official:
        return False
    base = base_name(short)
    readings = own_pinyin(base)
    joined = "".join(readings)
    generic, places = _generic_words(), _place_words()
    tail = industry_glosses(base[-2:]) if len(base) >= 4 else frozenset()
    words = [w.casefold().strip(".") for w in _words(official)]
    words = words[:next((i for i, w in enumerate(words) if w in HKEX_ABBREVIATIONS), len(words))]
    lead = _leading_english(base)
    if lead and words[:len(lead)] == lead:
        words = words[len(lead):]  # China Merchants … for 招商积余: the group's English, not the company's
    if not words:
        return False
    while len(words) > 1 and (words[0] in places and not joined.startswith(words[0])
                              or words[0] in generic and words[0] not in joined):
        words = words[1:]
    first = words[0]
    if first in generic or _stem(first) in tail or len(first) <= 1:
        return False
    if not is_pinyin(first):
        return True
    return _respelling(first, readings)


def _stem(word: str) -> str:
    """A crude English stem, enough to meet CC-CEDICT's glosses (foods → food, hydraulics → hydraulic)."""
    w = word.casefold()
    for suffix in ("ies", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


@lru_cache(maxsize=4096)
def industry_glosses(chars: str) -> frozenset[str]:
    """English words CC-CEDICT gives for the characters (and each character alone) of a closing word."""
    index = _cedict_index()
    out: set[str] = set()
    for piece in {chars, *chars}:
        for gloss in index.get(piece, ()):
            out.update(_stem(w) for w in re.findall(r"[a-z]+", gloss.casefold()) if len(w) >= 3)
    return frozenset(out)


@lru_cache(maxsize=1)
def _cedict_index() -> dict[str, list[str]]:
    from pipeline.text.cedict_entries import cedict_entries

    index: dict[str, list[str]] = {}
    for e in cedict_entries():
        if not e.proper:
            index.setdefault(e.simplified, []).extend(e.definitions)
    return index


def established_english(official: str, short: str) -> str:
    """The official name as the company's English: a leading place the Chinese name does not start with goes
    (Beijing Roborock Technology → Roborock Technology, Zhejiang NHU → NHU, but Shenzhen MTC stays whole when
    one word would be left), so do trailing pinyin words of characters the name does not have (New Hope Liuhe
    → New Hope)."""
    raw = _words(official)
    name = newswire_case(official)
    # A short capital word of the official name that is not pinyin is an acronym (NHU, MTC), not a name to recase.
    words = [r if r.isupper() and len(r) <= MAX_ACRONYM and not is_pinyin(r) and r.casefold() not in GENERIC else w
             for r, w in zip(raw, name.split(" "), strict=False)] if len(raw) == len(name.split(" ")) \
        else name.split(" ")
    cut = next((i for i, w in enumerate(words) if w.casefold().strip(".") in HKEX_ABBREVIATIONS), len(words))
    words = words[:cut] or words  # Milkyway Intel Supply Chain Service → Milkyway (HKEX's INTEL: International)
    base = base_name(short)
    readings = "".join(own_pinyin(base))
    places = _place_words()
    generic = _generic_words()
    translated = industry_glosses(base) | {g for i in range(len(base) - 1) for g in industry_glosses(base[i:i + 2])}
    # Zhejiang NHU → NHU, but Ningbo Water Meter (宁水) keeps Ningbo: a translated word is not a brand alone.
    while len(words) > 1 and words[0].casefold() in places and not readings.startswith(words[0].casefold()) \
            and not is_pinyin(words[1]) and _stem(words[1]) not in translated:
        words = words[1:]
    own = own_pinyin(base)
    brand = next((i for i, w in enumerate(words) if not is_pinyin(w) or _respelling(w, own)), 0)
    while len(words) > brand + 1 and (_foreign_pinyin(words[-1], own, readings, generic)
                                      or words[-1].casefold() in FILLER and not _said(words[-1], base)):
        words = words[:-1]
    return " ".join(words)


def _foreign_pinyin(word: str, own: list[str], readings: str, generic: frozenset[str]) -> bool:
    """Liuhe in New Hope Liuhe (新希望): pinyin of characters the short name does not have."""
    w = word.casefold()
    return is_pinyin(word) and not _respelling(word, own) and w not in readings and w not in generic


def _said(word: str, base: str) -> bool:
    """Whether the Chinese name itself says this closing word (集团 Group, 控股 Holdings)."""
    return any(v.casefold() == word.casefold() and k in base for k, v in tables().words.items() if v)


def pinyin_cuts(official: str | None) -> frozenset[str]:
    """The official name's words, casefolded: where it cuts its own pinyin (Taichenguang as one word)."""
    return frozenset(re.sub(r"['\-]", "", w.casefold()) for w in _words(official or "") if is_pinyin(w))


def tail_english(official: str | None, short: str) -> tuple[int, str] | None:
    """(characters, English) for the name's closing industry word, as its official English gives it: the
    official name read as the name's own pinyin then English words that CC-CEDICT confirms translate the
    rest (Changling Hydraulic for 长龄液压 → (2, "Hydraulic"); Yunnan … Germanium Ind for 云南锗业 →
    (2, "Germanium")). None when the official name does not show it."""
    if not official:
        return None
    base = base_name(short)
    if len(base) < 3:
        return None
    spelled = re.sub(r"[^a-z]", "", official.casefold())
    readings = own_pinyin(base)
    for size in (2, 1):
        chars = base[-size:]
        if chars in tables().words:
            return None  # the curated table already translates it
        if "".join(readings[:-size]) not in spelled:
            continue  # North Long Dragon for 北方长龙: the official English does not read the rest as its pinyin
        glosses = industry_glosses(chars)
        english = [w for w in _words(newswire_case(official))
                   if _stem(w.casefold()) in glosses and not is_pinyin(w) and w.casefold() not in GENERIC]
        if english:
            return size, " ".join(dict.fromkeys(english))
    return None


# HKEX's own abbreviations in its short names: recased like words, never kept as acronyms.
HKEX_ABBREVIATIONS = frozenset("""dev innov elec sci matl matls eqpt intl intel inst comm chem mfg mach pwr sys comp
div inv idx tec vol ind grp hldg hldgs pptys ppty svcs svc groupco""".split())
MAX_KEPT_CAPITALS = 7
# How English words may begin: a capital word beginning otherwise (NSFOCUS, ZJMI, JLU) is read letter by letter.
ONSETS = frozenset("""bl br ch cl cr dr fl fr gl gh gr kl kn kr ph pl pr ps qu sc sch scr sh shr sk sl sm sn sp spl
spr squ st str sv sw th thr tr ts tw vl wh wr""".split())
VOWEL_RUN = re.compile(r"[aeiou]{3}")


def _unpronounceable(word: str) -> bool:
    """An acronym rather than a word: at most three letters, an onset no English word has, or three vowels in a
    row (IEIT)."""
    w = word.casefold()
    onset = re.match(r"[^aeiouy]*", w).group()
    return len(w) <= MAX_ACRONYM or (len(onset) >= 2 and onset not in ONSETS) or bool(VOWEL_RUN.search(w))


@lru_cache(maxsize=1)
def _english_vocabulary() -> frozenset[str]:
    """Lower-case English words of CC-CEDICT's definitions: what an English word looks like here."""
    from pipeline.text.cedict_entries import cedict_entries

    return frozenset(w for e in cedict_entries() for d in e.definitions for w in re.findall(r"[a-z]+", d))


def official_case(raw: str, cased: str) -> str:
    """The exchange's capitals kept where they are an acronym, not a word (NSFOCUS, ZJMI, JLU, IEIT: neither
    pinyin nor English), in a name `newswire_case` recased (Nsfocus Technologies → NSFOCUS Technologies)."""
    if re.search(r"[a-z]", raw):
        return cased
    capitals = {w.casefold(): w for w in WORD.findall(raw) if w.isalpha()}
    vocabulary = _english_vocabulary()
    out = []
    for word in cased.split(" "):
        w = word.casefold()
        if (w in capitals and len(w) <= MAX_KEPT_CAPITALS and not is_pinyin(w) and w not in vocabulary
                and w not in HKEX_ABBREVIATIONS and w not in GENERIC and w not in tables().small_words
                and _unpronounceable(w)):
            out.append(capitals[w])
        else:
            out.append(word)
    return " ".join(out)
