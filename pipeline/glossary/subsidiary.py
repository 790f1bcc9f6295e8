"""A company's short name glued to a business word names a unit of that company: the mention spans the whole.

News names financial and overseas units by the parent's short name plus what the unit does (赣锋国际, 广汽资本,
摩根大通期货, 中信证券国际, 中金资本); most have no entry of their own. Linking the parent on the short name alone
gives the wrong span and the wrong identity (the unit is not the listed company). The link stage therefore
extends such a mention over the business word:

- where the word is the parent's own line of business (汇丰银行: HSBC is a bank; 国泰君安证券), the mention stays
  the parent's, over the whole name;
- otherwise the mention is a derived entity, the unit: `type: company`, no ticker, English = the parent's
  English (legal form and closing Group/Holdings dropped) + the word's English ("Ganfeng Lithium International",
  also "Ganfeng International"), id `<parent id>~<word>`.

An entry of its own (太保资产, 渣打香港, 华泰柏瑞) is matched first as the longer name, so this never applies to
it. Place words (X中国, X香港, X美国) are left alone: a group + place names a unit the judged fixtures score as
the parent's name inside it (特斯拉中国 → Tesla), and 香港 banks that are companies of their own are entries.
The business word must be a word of its sentence there (资产重组, 国际关系, 投资者 are other words), and is not
followed by a word that shows a verb or an object (投资 is not a unit word at all: 向X投资20亿).
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping
from dataclasses import replace

from pipeline.glossary.commonness import dictionary, is_word_at
from pipeline.glossary.schema import Entry
from pipeline.records import Mention

# Between a unit's parent id and its business word in the unit's id (`<parent id>~<word>`).
UNIT_SEPARATOR = "~"

# Business word → the unit's English. Longest first where one begins another (资产管理 before 资产).
UNIT_WORDS: dict[str, str] = {
    "资产管理": "Asset Management",
    "资管": "Asset Management",
    "资产": "Asset Management",
    "国际": "International",
    "资本": "Capital",
    "养老": "Pension",
    "人寿": "Life Insurance",
    "财险": "Property & Casualty Insurance",
    "期货": "Futures",
    "理财": "Wealth Management",
    "证券": "Securities",
    "银行": "Bank",
    "信托": "Trust",
    "租赁": "Leasing",
}
LONGER_WORD_FREQ = 3
ORDERED_WORDS = sorted(UNIT_WORDS, key=len, reverse=True)
FIRST_CHARS = frozenset(word[0] for word in UNIT_WORDS)
# A parent whose English already says the business is that business itself (汇丰银行 is HSBC, 美银证券 BofA's
# broker is scored as the same mention as 美银 by the fixture's NAME_TAILS, 中信证券 is its own name).
OWN_BUSINESS = {
    "银行": ("bank", "banking", "hsbc", "citi", "barclays", "lloyds", "santander", "paribas", "mizuho", "ubs",
             "jpmorgan", "wells fargo", "natwest", "commerzbank", "société générale", "societe generale"),
    "证券": ("securities", "brokerage", "sachs", "morgan stanley", "nomura", "jpmorgan", "ubs", "bank of america",
             "citi", "mizuho", "daiwa", "jefferies", "cicc", "haitong", "citic securities", "guotai"),
    "期货": ("futures",),
    "信托": ("trust",),
    "租赁": ("leasing",),
    "人寿": ("life",),
    "财险": ("property",),
}
# Characters after the word that show it is not a unit's name there: a verb's object or a compound the
# dictionary may not hold (国际化, 资本化, 资产负债表, 证券化, 银行业).
NOT_AFTER = re.compile(
    "化|业|间|界|市场|领先|一流|知名|先进|水平|事务|部|代表|关系|贸易|合作|形势|局势|组织|社会|油价|金价|机场|"
    "航班|标准|惯例|舆论|负债|重组|配置|注入|置换|剥离|减值|规模|开支|支出|运作|账户|卡|股"
)
LEGAL_TAIL = re.compile(r"(?:,?\s+(?:Group|Holdings?|Corporation|Corp\.?|Company|Co\.?,?|Limited|Ltd\.?|Inc\.?|"
                        r"PLC|plc|AG|SA|S\.A\.|N\.V\.|SE|Incorporated))+$")
# First English words that say nothing alone (China Pacific …, Bank of …): no short "<first word> <unit>" form.
GENERIC_FIRST = frozenset({"china", "chinese", "hong", "bank", "the", "shanghai", "beijing", "shenzhen",
                           "guangzhou", "national", "new", "great", "first", "united", "american", "japan",
                           "sino", "asia", "global", "international"})


def unit_word(text: str, end: int) -> str | None:
    """The business word right after a name ending at `end`, when it reads as the end of a unit's name."""
    if end >= len(text) or text[end] not in FIRST_CHARS:
        return None
    word = next((w for w in ORDERED_WORDS if text.startswith(w, end)), None)
    if word is None:
        return None
    after = end + len(word)
    if NOT_AFTER.match(text, after) or not is_word_at(text, end, after) or longer_word(text, end, after):
        return None
    return word


def longer_word(text: str, start: int, after: int) -> bool:
    """A dictionary word that begins with the business word and goes on (国际关系, 资产配置, 证券部, 投资者)."""
    words = dictionary()
    return any(words.freq(text[start:stop]) >= LONGER_WORD_FREQ
               for stop in range(after + 1, min(len(text), start + 5) + 1))


def short_english(name: str) -> str:
    """The parent's English without its legal form and closing Group/Holdings (Ganfeng Lithium Group → Ganfeng
    Lithium)."""
    return LEGAL_TAIL.sub("", name.strip()).strip(" ,")


def unit_english(parent: Entry, word: str) -> list[str]:
    """The unit's English names: each of the parent's English names + the word's English, and the parent's first
    word + it when that word is distinctive (Ganfeng International). The first is canonical."""
    suffix = UNIT_WORDS[word]
    names: list[str] = []
    for name in (parent.en, *parent.aliases_en, *([parent.legal_en] if parent.legal_en else [])):
        base = short_english(name)
        if base:
            names.append(f"{base} {suffix}")
            first = base.split()[0]
            if first.casefold() not in GENERIC_FIRST and first != base:
                names.append(f"{first} {suffix}")
    return list(dict.fromkeys(names))


def owns_business(parent: Entry, word: str) -> bool:
    hints = OWN_BUSINESS.get(word, ())
    names = " ".join([parent.en, *parent.aliases_en, parent.legal_en or ""]).casefold()
    return any(h in names for h in hints)


def unit_entry(parent: Entry, word: str) -> Entry:
    """The derived unit entity of a parent and a business word."""
    names = unit_english(parent, word)
    return Entry(id=f"{parent.id}{UNIT_SEPARATOR}{word}", type="company", zh=parent.zh + word, en=names[0],
                 aliases_en=names[1:], country=parent.country, file=parent.file, line=parent.line,
                 generated=parent.generated)


def extend_units(text: str, found: list[Mention], entries: MutableMapping[str, Entry],
                 mention: Callable[[str, str, int, int], Mention]) -> list[Mention]:
    """`found` with each company mention glued to a business word extended over it (see the module's doc).
    `entries`: the glossary's entries seen through the link stage's own units (a ChainMap: a new unit is written
    to the stage, never to the shared compiled glossary); `mention(entity_id, text, start, end)` is the link
    stage's mention of an entity, the unit once registered."""
    taken = {m.start for m in found}
    out = []
    for m in found:
        word = unit_word(text, m.end) if m.type == "company" else None
        end = m.end + len(word) if word else m.end
        if word is None or any(m.end <= other < end for other in taken):
            out.append(m)
            continue
        parent = entries[m.entity_id]
        if owns_business(parent, word):
            out.append(replace(m, surface=text[m.start:end], end=end))
            continue
        unit_id = f"{parent.id}{UNIT_SEPARATOR}{word}"
        if unit_id not in entries:
            entries[unit_id] = unit_entry(parent, word)
        out.append(mention(unit_id, text, m.start, end))
    return out
