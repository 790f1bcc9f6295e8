"""Chinese number expressions → English, and the check that a translation kept them.

亿 is 100 million and 万 is 10 thousand, so 6000亿元 is 600 billion yuan and 4300万元 43 million yuan.
Digits are rendered from the exact decimal value, never through floats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

MULTIPLIERS = {
    "万亿": Decimal(10) ** 12, "兆": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
    "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4,
}
SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))
CURRENCIES = {
    "美元": "US dollars", "港元": "Hong Kong dollars", "港币": "Hong Kong dollars", "人民币": "yuan",
    "新台币": "New Taiwan dollars", "台币": "New Taiwan dollars", "欧元": "euros", "日元": "yen",
    "英镑": "pounds", "韩元": "won", "元": "yuan",
}
COUNTERS = {
    "个百分点": "percentage points", "百分点": "percentage points", "倍": "times", "股": "shares",
    "手": "lots", "台": "units", "辆": "vehicles", "吨": "tonnes", "家": "companies", "只": "stocks",
    "户": "households", "人": "people", "名": "people", "片": "pieces", "颗": "chips", "个月": "months",
    "天": "days", "周": "weeks", "小时": "hours", "分钟": "minutes", "年": "years", "个": "",
}
QUALIFIERS = {
    "逾": "over", "超过": "more than", "超": "over", "近": "nearly", "将近": "nearly", "接近": "nearly",
    "约": "about", "大约": "about", "不到": "less than", "不足": "less than", "至少": "at least",
    "最高": "up to", "达": "", "高达": "as much as",
}
MONTHS = ("January February March April May June July August September October November December").split()


def _alternation(words) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
DATE_RE = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>1[0-2]|0?[1-9])月)(?:(?P<d>3[01]|[12]\d|0?[1-9])[日号])?"
                     r"|(?P<y_only>(?:19|20)\d{2})年(?![\d度])")
# A currency may stand before the amount too: 新台币9899亿元 is NT dollars, not yuan.
CURRENCY_PREFIXES = {"新台币": "New Taiwan dollars", "人民币": "yuan", "港币": "Hong Kong dollars"}
AMOUNT_RE = re.compile(
    f"(?P<q>{_alternation(QUALIFIERS)})?(?P<pre>{_alternation(CURRENCY_PREFIXES)})?(?P<n>{NUMBER})(?P<mult>{_alternation(MULTIPLIERS)})?"
    f"(?P<unit>%|{_alternation(CURRENCIES)}|{_alternation(COUNTERS)})?")


@dataclass(frozen=True)
class NumberExpr:
    """One number as written in Chinese, with its English rendering and the value a translation must keep."""

    start: int
    end: int
    surface: str
    english: str
    required: tuple[str, ...]  # what the English must contain, digits without thousands separators
    unit: str  # English unit word the English must contain ("" when none)


def format_value(value: Decimal) -> str:
    """600000000000 → '600 billion', 50000 → '50,000', 13.50 → '13.5'."""
    for scale, word in SCALES:
        if abs(value) >= scale:
            return f"{_plain(value / scale)} {word}"
    plain = _plain(value)
    integer, _, fraction = plain.partition(".")
    if len(integer) > 4:
        integer = f"{int(integer):,}"
    return f"{integer}.{fraction}" if fraction else integer


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _date_english(m: re.Match[str]) -> str:
    if m.group("y_only"):
        return m.group("y_only")
    year, month, day = m.group("y"), MONTHS[int(m.group("m")) - 1], m.group("d")
    if day:
        return f"{month} {int(day)}, {year}" if year else f"{month} {int(day)}"
    return f"{month} {year}" if year else month


def find_numbers(text: str) -> list[NumberExpr]:
    """Dates first, then amounts, left to right, never overlapping."""
    found: list[NumberExpr] = []
    taken: list[tuple[int, int]] = []
    for m in DATE_RE.finditer(text):
        english = _date_english(m)
        digits = tuple(str(int(g)) for g in (m.group("y"), m.group("d"), m.group("y_only")) if g)
        found.append(NumberExpr(m.start(), m.end(), m.group(0), english, digits, ""))
        taken.append((m.start(), m.end()))
    for m in AMOUNT_RE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        if m.start("n") > 0 and text[m.start("n") - 1].isascii() and text[m.start("n") - 1].isalpha():
            # part of a Latin token such as GB200 or TPU v7: not an amount
            found.append(NumberExpr(m.start("n"), m.end("n"), m.group("n"), m.group("n"),
                                    (m.group("n").replace(",", ""),), ""))
            continue
        found.append(_amount(m))
    found.sort(key=lambda x: x.start)
    return found


def _amount(m: re.Match[str]) -> NumberExpr:
    number, mult, unit, qual = m.group("n"), m.group("mult"), m.group("unit") or "", m.group("q")
    if mult:
        rendered = format_value(Decimal(number.replace(",", "")) * MULTIPLIERS[mult])
    else:
        rendered = number
    if unit == "%":
        english, unit_word = f"{rendered}%", ""
    elif m.group("pre") and unit in ("元", ""):
        unit_word = CURRENCY_PREFIXES[m.group("pre")]
        english = f"{rendered} {unit_word}"
    elif unit in CURRENCIES:
        unit_word = CURRENCIES[unit]
        english = f"{rendered} {unit_word}"
    else:
        unit_word = COUNTERS.get(unit, "")
        english = f"{rendered} {unit_word}".strip()
    if qual and QUALIFIERS[qual]:
        english = f"{QUALIFIERS[qual]} {english}"
    value = rendered.split(" ")[0].replace(",", "")
    scale = rendered.partition(" ")[2]
    return NumberExpr(m.start(), m.end(), m.group(0), english, (f"{value} {scale}".strip(),), unit_word)


DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def number_kept(expr: NumberExpr, english: str) -> bool:
    """The translation contains every required value (with its scale word) as a whole number, and the
    currency when there is one."""
    haystack = DIGIT_COMMA.sub("", english).casefold()
    for part in expr.required:
        pattern = r"(?<![\d.])" + re.escape(part.casefold()) + r"(?!\d|\.\d)"
        if not re.search(pattern, haystack):
            return False
    currency = expr.unit in CURRENCIES.values()
    return not (currency and expr.unit.casefold() not in haystack)
