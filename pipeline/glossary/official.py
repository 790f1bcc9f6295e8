"""The listing's official English short name read against the Chinese short name (docs/linking.md).

The default naming convention uses it in two ways: an official name that is an established English brand
(not pinyin: Anker, Roborock, Estun, NHU, Transfar, Guosen, Chow Tai Seng) names the company; otherwise the
words it gives for the name's closing characters are the industry words the convention translates
(云南锗业, official YUNNAN LINCANG XINYUAN GERMANIUM IND: 锗业 → Germanium).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.glossary.naming import DATA_FILE, base_name, newswire_case, tables

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
SYLLABLES_PER_WORD = 2
MIN_TRANSLATED_WORDS = 2
MIN_GLOSS_WORD = 3  # shorter gloss words (a, of, to) translate nothing
# Closing words an official name adds that the short name does not say: dropped unless it says them.
FILLER = frozenset({"group", "gp", "holding", "holdings", "co", "corp", "of", "and", "&", "company", "inc", "ltd",
                    "share", "shares", "new", "stock", "joint-stock", "joint"})


# "Chaozhou prefecture-level city in Guangdong", "Kunshan, county-level city in …": a place's pinyin, first.
CEDICT_PLACE = re.compile(r"^([A-Z][a-z]+)(?:,| or [A-Z]\w*)? (?:prefecture-level |county-level |sub-provincial )?"
                          r"(?:city|county|province|district|prefecture)\b")


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


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Place words: the places table's, and CC-CEDICT's cities, counties and provinces (Chaozhou, Huludao), so a
    listing's leading place is known without listing every city by hand."""
    return frozenset(_place_chinese())


@lru_cache(maxsize=1)
def _table_places() -> frozenset[str]:
    """Place words of the curated tables (provinces, big cities, China), without CC-CEDICT's counties."""
    t = tables()
    return frozenset(w.casefold() for en in (*t.places.values(), *t.brand_words.values()) for w in en.split()
                     if w.casefold() in _place_words())


@lru_cache(maxsize=1)
def _place_chinese() -> dict[str, frozenset[str]]:
    """Each place word with the Chinese it translates (china: 中国 华北 …; renhe: 仁和)."""
    from pipeline.text.cedict_entries import cedict_entries

    t = tables()
    out: dict[str, set[str]] = {}
    for zh, en in t.places.items():
        for w in en.split():
            out.setdefault(w.casefold(), set()).add(zh)
    for zh, en in t.brand_words.items():  # 中国 says China; CITIC is a group, not a place
        if en.casefold() in out:
            out[en.casefold()].add(zh)
    for abbreviation, place in _place_abbreviations().items():
        for w in place.split():
            out.setdefault(w.casefold(), set()).add(abbreviation)
    for e in cedict_entries():
        m = CEDICT_PLACE.match(e.definitions[0]) if e.proper and e.definitions else None
        if m and is_pinyin(m.group(1)):
            out.setdefault(m.group(1).casefold(), set()).add(e.simplified)
    return {w: frozenset(zh) for w, zh in out.items()}


@lru_cache(maxsize=1)
def chinese_places() -> frozenset[str]:
    """Every Chinese place name of two characters or more the naming rule knows (the places table, CC-CEDICT's
    cities, counties and provinces: 连云港, 鄂尔多斯, 张家界): the link gate holds a listing named by one to context."""
    return frozenset(zh for names in _place_chinese().values() for zh in names if len(zh) >= 2)


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
            exact, matched = "", 0
            for s in readings[i:]:
                exact += s
                if exact == w:
                    return False
                if not w.startswith(exact):
                    break
                matched += 1
            # Chuanzhiboke for 传智教育 (chuan zhi, then 播客's bo ke): the pinyin of a longer or former name
            return len(w) > len(first) and matched < SYLLABLES_PER_WORD
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
    official = _join_places(official)
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
    english = [w for w in words if (w not in places or _is_own(w, readings)) and w not in FILLER]
    if len(english) >= MIN_TRANSLATED_WORDS and not any(is_pinyin(w) for w in english):
        return True  # China Rare Earth Nonferrous Metals (中稀有色): the name translated, no pinyin in it
    table = _table_places()
    at = 0  # a city only CC-CEDICT knows is a place in first position only (Xinhua in Anhui Xinhua is a name)
    while len(words) > 1 and ((words[0] in table or at == 0 and words[0] in places) and not joined.startswith(
            words[0]) and not _says_place(words[0], base, abbreviated=False)
            or words[0] in generic and words[0] not in joined):
        words, at = words[1:], at + 1
    first = words[0]
    if first in generic or _stem(first) in tail or len(first) <= 1:
        return False
    if not is_pinyin(first):
        return True
    return _respelling(first, readings) or _own_spelling(first, readings, official)


def names_in_english(official: str, short: str) -> bool:
    """Whether the official name, after its places, starts in English rather than with the name's own pinyin:
    Huludao Zinc Industry for 锌业股份 does, Zhejiang Jinggong Science & Technology for 精工科技 does not."""
    readings = own_pinyin(base_name(short))
    words = [w for w in _words(_join_places(official)) if w.casefold() not in _place_words()]
    return bool(words) and not _is_own(words[0], readings)


def _own_spelling(word: str, readings: list[str], official: str = "") -> bool:
    """Yoke for 雅克 (ya ke), Sunwoda for 欣旺达, Sunrise for 炬华, Asian Star for 亚星: a word that reads as pinyin
    by chance (sun-wo-da, a-si-an) but starts with none of the name's syllables, in an official name that nowhere
    spells the name's own first two syllables: the company's own English, not a romanization. Datang Huayin
    (华银电力) and Guodian Changyuan (长源电力) spell the name after a group's: not this."""
    w = re.sub(r"['\-]", "", word.casefold())
    own = [r for r in readings if r]
    spelled = re.sub(r"[^a-z]", "", official.casefold())
    return (len(w) > MAX_ACRONYM - 1 and len(own) >= SYLLABLES_PER_WORD and "".join(own[:2]) not in spelled
            and w not in _place_words()  # Guangzhou is where it is, never its own spelling
            and not any(w.startswith(r) for r in own if len(r) >= MIN_SYLLABLE))


def _join_places(official: str) -> str:
    """Shen Zhen → Shenzhen, Zhe Jiang → Zhejiang: a place the exchange wrote as two words, as one."""
    words = official.split(" ")
    out: list[str] = []
    for w in words:
        if out and (out[-1] + w).casefold() in _place_words() and out[-1].isalpha() and w.isalpha():
            out[-1] = out[-1] + w.casefold()
        else:
            out.append(w)
    return " ".join(out)


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
            out.update(_stem(w) for w in re.findall(r"[a-z]+", gloss.casefold()) if len(w) >= MIN_GLOSS_WORD)
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
    official = _join_places(official)
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
    own = own_pinyin(base)
    table, at, kept = _table_places(), 0, words
    while len(words) > 1 and (words[0].casefold() in table or at == 0 and words[0].casefold() in places) \
            and not readings.startswith(words[0].casefold()) and not _says_place(words[0], base) \
            and (words[1].casefold() in table or (not is_pinyin(words[1]) or _own_spelling(words[1], own, official))
                 and _stem(words[1]) not in translated) \
            and _brand_left(words[1:], generic):
        words, at = words[1:], at + 1
    brand = next((i for i, w in enumerate(words) if _brand_word(w, own, official)), 0)
    while len(words) > brand + 1 and (_foreign_pinyin(words[-1], own, readings, generic)
                                      or words[-1].casefold() in FILLER and not _said(words[-1], base)
                                      or words[-1].casefold() in table - {"china"} and not words[-2].endswith(",")
                                      and not _says_place(words[-1], base)):  # Whirlpool China stays
        words = words[:-1]
    if at and not _brand_left(words, generic):
        return " ".join(kept)  # Beijing Aerospace Shenzhou, not "Aerospace": no name was left without the place
    return " ".join(words)


MIN_COMPOUND_PART = 4


def _brand_left(words: list[str], generic: frozenset[str]) -> bool:
    """Whether a place may go before these words: one of them is a name, neither a generic word (nor a generic
    word's stem), nor a place, nor ordinary English (Roborock, NHU, Wenergy, Lion Microelectronics). Shenzhen
    China Bicycle, Puyang Refractories, Guangzhou Human, Inner Mongolia North Hauler, Shanghai International Port
    (上港) keep their places: "Bicycle", "Human" or "International Port" alone names no company."""
    table = _table_places()
    named = [w for w in words if w.casefold().strip(".") not in HKEX_ABBREVIATIONS]
    # A word left alone must not even be two English words run together (Waterworks); beside others,
    # Kingteller or Morningstar are brands.
    return any(w.casefold() not in generic and _stem(w.casefold()) not in generic and w.casefold() not in table
               and not _ordinary_english(w, compounds=len(named) == 1) for w in named)


def _ordinary_english(word: str, compounds: bool = False) -> bool:
    """A word of CC-CEDICT's English definitions, or one by a plain suffix (refractories, hauler), or with
    `compounds` two of them run together (waterworks); and no acronym (NHU, MTC: capitals read letter by
    letter are a name)."""
    w = word.casefold().strip(".")
    if word.isupper() and _unpronounceable(w):
        return False
    vocabulary = _english_vocabulary()

    def known(part: str) -> bool:
        stems = {part, part[:-1] if part.endswith("s") else part, part[:-2] if part.endswith(("er", "es")) else part,
                 part[:-3] + "y" if part.endswith("ies") else part, part[:-1] if part.endswith("er") else part}
        return any(s in vocabulary for s in stems)

    # Waterworks is water + works: two words of at least MIN_COMPOUND_PART letters each.
    return known(w) or compounds and any(known(w[:i]) and known(w[i:])
                                         for i in range(MIN_COMPOUND_PART, len(w) - MIN_COMPOUND_PART + 1))


def _says_place(word: str, base: str, abbreviated: bool = True) -> bool:
    """Whether the Chinese name says this place word (中国卫通: China Satellite Communications; 仁和药业: Renhe), or
    (`abbreviated`) starts with its one-character abbreviation (粤传媒: Guangdong Guangzhou Daily Media)."""
    return any(zh in base if len(zh) > 1 else abbreviated and base.startswith(zh)
               for zh in _place_chinese().get(word.casefold(), ()))


@lru_cache(maxsize=1)
def _place_abbreviations() -> dict[str, str]:
    import yaml

    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))["place_abbreviations"]


def _is_own(word: str, readings: list[str]) -> bool:
    """Whether the word is the name's own pinyin, some of its syllables in a row (Xinji for 新集能源)."""
    w = re.sub(r"[^a-z]", "", word.casefold())
    return any("".join(readings[i:j]) == w for i in range(len(readings)) for j in range(i + 1, len(readings) + 1))


def _brand_word(word: str, own: list[str], official: str) -> bool:
    """Not a romanization of the name: English, or a spelling of the company's own (Guosen, Yoke)."""
    if word.casefold() in _table_places():
        return False  # Guangzhou in Guangzhou Human (慧谷新材) is where the company is, not its name
    return not is_pinyin(word) or _respelling(word, own) or _own_spelling(word, own, official)


def _foreign_pinyin(word: str, own: list[str], readings: str, generic: frozenset[str]) -> bool:
    """Liuhe in New Hope Liuhe (新希望): pinyin of characters the short name does not have."""
    w = word.casefold()
    return (is_pinyin(word) and not _respelling(word, own) and w not in readings and w not in generic
            and w not in _english_vocabulary())  # Care in Dencare Oral Care reads ca-re


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
    readings = own_pinyin(base)
    for size in (2, 1):
        chars = base[-size:]
        if chars in tables().words:
            return None  # the curated table already translates it
        if not _spells_words(readings[:-size], official):
            continue  # North Long Dragon for 北方长龙: the official English does not read the rest as its pinyin
        glosses = industry_glosses(chars)
        # English words: not the name's own pinyin (Silver and Mining read as pinyin too: si-lv-er, mi-ning)
        words = [w for w in _words(newswire_case(official)) if w.casefold() not in "".join(readings)]
        english = [w for w in words if _stem(w.casefold()) in glosses and w.casefold() not in GENERIC]
        if english and _covered(chars, {_stem(w.casefold()) for w in words}):
            joined = " & ".join(dict.fromkeys(english))  # Silver & Tin, as the official name writes it
            return size, joined if joined in newswire_case(official) else " ".join(dict.fromkeys(english))
    return None


def _spells_words(readings: list[str], official: str) -> bool:
    """Whether consecutive whole words of the official name spell these syllables (Changling for 长龄; not
    Huadian Liao… for 华电辽, whose liao is half of Liaoning)."""
    target = "".join(readings)
    words = [re.sub(r"[^a-z]", "", w.casefold()) for w in _words(official)]
    for i in range(len(words)):
        spelled = ""
        for w in words[i:]:
            spelled += w
            if spelled == target:
                return True
            if not target.startswith(spelled):
                break
    return False


def _covered(chars: str, stems: set[str]) -> bool:
    """Whether the English words translate every character of the closing word (锗业: Germanium, Industry), or
    the word as a whole (液压: Hydraulic). 华电辽能 is not Huadian Energy: 辽 (Liaoning) is not translated."""
    return bool(_glosses(chars) & stems) or all(_glosses(ch) & stems for ch in chars)


@lru_cache(maxsize=4096)
def _glosses(piece: str) -> frozenset[str]:
    """English word stems of CC-CEDICT's glosses for exactly these characters."""
    return frozenset(_stem(w) for gloss in _cedict_index().get(piece, ())
                     for w in re.findall(r"[a-z]+", gloss.casefold()) if len(w) >= MIN_GLOSS_WORD)


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
