"""Turn an input record's `published_at` into one instant in UTC, by one documented rule (docs/output.md, "Dates
and the time-zone rule").

An explicit offset (or Z) is honoured; a time without one is China Standard Time (UTC+08:00, the clock of the
mainland, Hong Kong and Taiwan markets alike); a date alone is 00:00 of that day in UTC+08:00; a number is Unix
seconds (or milliseconds when it is too large to be seconds). Anything else is None: never an exception.

Whether the value named a time of day is kept beside the instant (Published.timed): a date alone and a stamp of
exactly 00:00:00 give the same instant, and only the parse can tell them apart."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any

# The markets the corpus reports on (Shanghai, Shenzhen, Hong Kong, Taipei) all keep UTC+08:00, without DST.
CHINA_TZ = timezone(timedelta(hours=8), "CST")
LOCAL_ZONE_LABEL = "UTC+08:00"  # how local_time names CHINA_TZ ("CST" is also US Central and Cuba)
# Unix numbers: below this many seconds (year 5138) a number is seconds, else milliseconds; a millisecond count
# above the upper bound is no date we can represent.
SECONDS_BELOW = 10**11
MILLISECONDS_BELOW = 10**14
# Digit strings: YYYYMMDD is a date, 10 digits are Unix seconds, 13 Unix milliseconds.
UNIX_SECONDS_DIGITS = 10
UNIX_MILLIS_DIGITS = 13
NOON = 12

_OFFSET = r"(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?)"
# 2025年3月1日 10:30, 2025/03/01 10:30, 2025-03-01 10:30:00, 2025.03.01, 2025年3月1日下午3点05分 (after NFKC).
_CHINESE_FORM = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?:星期|周|週)[一二三四五六日天])?"
    r"(?:[T\s,]*(?P<ampm>上午|下午|晚上|早上|凌晨|中午)?\s*(?P<h>\d{1,2})\s*[:时時点點]\s*(?P<mi>\d{1,2})?\s*分?"
    r"(?:\s*:?\s*(?P<s>\d{1,2})(?:\.(?P<frac>\d{1,6}))?\s*秒?)?)?"
    r"\s*" + _OFFSET + r"?\s*$"
)
_AFTERNOON = ("下午", "晚上")


@dataclass(frozen=True)
class Published:
    """A parsed `published_at`: its instant (aware, UTC) and whether the value named a time of day. A date alone
    ("2025-03-01", "2025年3月1日", a `date`) is not timed; a clock time, a datetime or a Unix number is, even at
    00:00:00 (a midnight flash is an instant, a daily item's date is not: the story index treats them apart)."""

    instant: datetime
    timed: bool


def parse_published(value: Any) -> Published | None:
    """What `value` names (its instant and whether it has a time of day); None when it names no instant (never
    raises)."""
    try:
        parsed = _parse(value)
        if parsed is not None:
            # 9999-12-31T23:00:00Z is year 10000 on the markets' clock (local_date, partitions, the report):
            # an instant only counts where both clocks can show it.
            parsed.instant.astimezone(CHINA_TZ)
        return parsed
    except (ValueError, OverflowError, TypeError, AttributeError, IndexError):
        return None


def parse_published_at(value: Any) -> datetime | None:
    """The instant `value` names, as an aware UTC datetime; None when it names none (never raises)."""
    parsed = parse_published(value)
    return None if parsed is None else parsed.instant


def to_iso(instant: datetime | None) -> str | None:
    """"2025-03-01T02:30:00Z": the JSONL form of a timestamp (microseconds only when there are some)."""
    if instant is None:
        return None
    utc = instant.astimezone(timezone.utc)
    spec = "microseconds" if utc.microsecond else "seconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def local_date(instant: datetime | None) -> str | None:
    """The calendar day of `instant` in UTC+08:00 ("2025-03-01"): the day a reader in these markets saw."""
    return None if instant is None else instant.astimezone(CHINA_TZ).date().isoformat()


def local_time(value: Any) -> str | None:
    """"2025-03-01 10:30 UTC+08:00": the instant `value` names (an aware datetime, or any text the rules read,
    such as the "…Z" of documents.jsonl) on the clock of the markets the news is about, for people to read."""
    instant = parse_published_at(value)
    if instant is None:
        return None
    local = instant.astimezone(CHINA_TZ)
    clock = "%H:%M:%S" if local.second or local.microsecond else "%H:%M"
    return f"{local.strftime('%Y-%m-%d ' + clock)} {LOCAL_ZONE_LABEL}"


def _parse(value: Any) -> Published | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return Published(_aware(value), timed=True)
    if isinstance(value, date):
        return _date_only(value)
    if isinstance(value, (int, float)):
        return _timed(_from_unix(value))
    if isinstance(value, str):
        return _from_text(value)
    return None


def _timed(instant: datetime | None) -> Published | None:
    return None if instant is None else Published(instant, timed=True)


def _date_only(day: date) -> Published:
    """A date alone: 00:00 of that day in UTC+08:00, with no time of day."""
    return Published(_aware(datetime.combine(day, time())), timed=False)


def _aware(moment: datetime) -> datetime:
    """Naive → China Standard Time; then UTC."""
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        moment = moment.replace(tzinfo=CHINA_TZ)
    return moment.astimezone(timezone.utc)


def _from_unix(number: float) -> datetime | None:
    if not math.isfinite(number):
        return None
    if abs(number) < SECONDS_BELOW:
        seconds = number
    elif abs(number) < MILLISECONDS_BELOW:
        seconds = number / 1000
    else:
        return None
    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=seconds)


def _from_text(text: str) -> Published | None:
    text = unicodedata.normalize("NFKC", text).strip()  # full-width digits and punctuation → ASCII
    if not text:
        return None
    if text.isascii() and text.isdigit():
        if len(text) in (UNIX_SECONDS_DIGITS, UNIX_MILLIS_DIGITS):
            return _timed(_from_unix(int(text)))
    try:  # an ISO date alone (2025-03-01, 20250301): the same instant datetime.fromisoformat gives, untimed
        return _date_only(date.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _timed(_aware(datetime.fromisoformat(text.replace("z", "Z"))))
    except ValueError:
        pass
    if (match := _CHINESE_FORM.match(text)) is not None:
        return Published(_from_match(match), timed=match["h"] is not None)
    try:
        return _timed(_aware(parsedate_to_datetime(text)))  # RFC 2822, as RSS feeds write it (always a time)
    except (ValueError, TypeError, IndexError):
        return None


def _from_match(match: re.Match[str]) -> datetime:
    hour = int(match["h"]) if match["h"] else 0
    if match["ampm"] in _AFTERNOON and hour < NOON:
        hour += NOON
    frac = (match["frac"] or "").ljust(6, "0")
    moment = datetime(int(match["y"]), int(match["mo"]), int(match["d"]), hour, int(match["mi"] or 0),
                      int(match["s"] or 0), int(frac or 0))
    if match["tz"]:
        moment = moment.replace(tzinfo=_offset(match["tz"]))
    return _aware(moment)


def _offset(text: str) -> timezone:
    """Z, UTC, GMT, +08:00, +0800, +08, UTC+8 → a fixed offset."""
    sign_at = max(text.find("+"), text.find("-"))
    if sign_at < 0:
        return timezone.utc
    sign = 1 if text[sign_at] == "+" else -1
    digits = text[sign_at + 1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
