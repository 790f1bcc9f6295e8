"""published_at → one UTC instant: the documented time-zone rule as a table, and the laws it keeps."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.io.timestamps import CHINA_TZ, local_date, parse_published_at, to_iso

UTC_0230 = "2025-03-01T02:30:00Z"
MIDNIGHT_CST = "2025-02-28T16:00:00Z"


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-03-01T10:30:00+08:00", UTC_0230),
    ("2025-03-01T02:30:00Z", UTC_0230),
    ("2025-03-01T04:30:00+02:00", UTC_0230),  # an explicit offset is honoured, whatever it is
    ("2025-03-01T10:30:00+0800", UTC_0230),
    ("2025-03-01 10:30:00 UTC+8", UTC_0230),
    ("2025-03-01 10:30:00", UTC_0230),  # no offset: China Standard Time
    ("2025-03-01 10:30", UTC_0230),
    ("2025/03/01 10:30", UTC_0230),
    ("2025年3月1日 10:30", UTC_0230),
    ("2025年3月1日10时30分", UTC_0230),
    ("２０２５年３月１日　１０：３０", UTC_0230),  # full-width digits, colon and space
    ("2025年3月1日 上午10:30", UTC_0230),
    ("2025年3月1日 下午2点30分", "2025-03-01T06:30:00Z"),
    ("2025年3月1日 星期六 10:30", UTC_0230),
    ("Sat, 01 Mar 2025 10:30:00 +0800", UTC_0230),
    ("2025-03-01", MIDNIGHT_CST),  # a date alone: 00:00 in UTC+08:00
    ("2025.03.01", MIDNIGHT_CST),
    ("2025年3月1日", MIDNIGHT_CST),
    ("20250301", MIDNIGHT_CST),
    (1740796200, UTC_0230),  # Unix seconds
    (1740796200000, UTC_0230),  # Unix milliseconds
    ("1740796200", UTC_0230),
    ("1740796200000", UTC_0230),
    (1740796200.5, "2025-03-01T02:30:00.500000Z"),
    (datetime(2025, 3, 1, 10, 30), UTC_0230),  # a naive datetime (a Parquet input's column) is local time too
    (datetime(2025, 3, 1, 2, 30, tzinfo=timezone.utc), UTC_0230),
    (date(2025, 3, 1), MIDNIGHT_CST),
])
def test_the_time_zone_rule(value: object, expected: str) -> None:
    assert to_iso(parse_published_at(value)) == expected


@pytest.mark.parametrize("value", [
    None, "", "   ", "yesterday", "2025-13-01", "2025-02-30", "2025年13月1日", "12345", True, float("nan"),
    float("inf"), 10**20, ["2025-03-01"], {"date": "2025-03-01"}, "0001-01-01T00:00:00",
])
def test_what_names_no_instant_is_none(value: object) -> None:
    assert parse_published_at(value) is None


def test_local_date_is_the_day_in_china() -> None:
    """23:30 UTC on 28 February is already 1 March in Shanghai, Hong Kong and Taipei."""
    assert local_date(parse_published_at("2025-02-28T23:30:00Z")) == "2025-03-01"
    assert local_date(parse_published_at("2025-03-01")) == "2025-03-01"
    assert local_date(None) is None


ANY_INPUT = st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.datetimes(),
                      st.dates(), st.text(alphabet="0123456789年月日时分秒点:/-.TZ+ ０１２上下午", max_size=30))
OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
AWARE = st.builds(lambda naive, tz: naive.replace(tzinfo=tz),
                  st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)), OFFSETS)


@given(ANY_INPUT)
def test_never_raises(value: object) -> None:
    result = parse_published_at(value)
    assert result is None or result.utcoffset() == timedelta(0)


@given(AWARE)
def test_iso_output_round_trips(moment: datetime) -> None:
    instant = parse_published_at(moment)
    text = to_iso(instant)
    assert text is not None and text.endswith("Z")
    assert parse_published_at(text) == instant


@given(AWARE)
def test_an_explicit_offset_is_honoured(moment: datetime) -> None:
    assert parse_published_at(moment.isoformat()) == moment


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)))
def test_no_offset_means_china_standard_time(naive: datetime) -> None:
    assert parse_published_at(naive.isoformat()) == naive.replace(tzinfo=CHINA_TZ)
