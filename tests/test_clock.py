"""maglib.clock: the person's date, and the night a log is about (boundaries at midnight and at 18:00)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from maglib import clock

UTC = dt.UTC


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        # 18:30 on 3 December in California is 02:30 on the 4th in UTC.
        ("America/Los_Angeles", "2026-12-04T02:30", "2026-12-03T18:30"),
        ("Pacific/Kiritimati", "2026-12-04T10:00", "2026-12-05T00:00"),  # UTC+14: midnight, next day
        ("Pacific/Kiritimati", "2026-12-04T09:59", "2026-12-04T23:59"),
        ("Australia/Sydney", "2026-12-03T13:00", "2026-12-04T00:00"),  # summer time, UTC+11
        ("Europe/London", "2026-07-01T23:30", "2026-07-02T00:30"),  # BST
        ("Europe/London", "2026-12-01T23:30", "2026-12-01T23:30"),  # GMT
    ],
)
def test_the_persons_clock_by_zone_name(zone: str, instant: str, expected: str):
    local = clock.local_now(zone, None, _at(instant))
    assert local.replace(tzinfo=None) == dt.datetime.fromisoformat(expected)
    assert local == _at(instant)  # the same moment


@pytest.mark.parametrize(
    "zone",
    [None, "", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "America", "x" * 300, "Europe/"],
)
def test_an_unknown_zone_falls_back_to_the_browsers_offset(zone):
    # JavaScript's getTimezoneOffset: minutes *behind* UTC, 480 in California in winter.
    local = clock.local_now(zone, 480, _at("2026-12-04T02:30"))
    assert local.utcoffset() == -dt.timedelta(hours=8)
    assert local.replace(tzinfo=None) == dt.datetime(2026, 12, 3, 18, 30)
    assert clock.local_now(zone, -840, _at("2026-12-04T10:00")).date() == dt.date(2026, 12, 5)  # UTC+14
    assert clock.local_now(zone, 720, _at("2026-12-04T11:59")).date() == dt.date(2026, 12, 3)  # UTC-12


@pytest.mark.parametrize("offset", [None, 721, -841, 100_000, True, "480", 480.0])
def test_no_usable_zone_and_no_usable_offset_is_the_servers_clock(offset):
    instant = _at("2026-12-04T02:30")
    local = clock.local_now("Mars/Olympus_Mons", offset, instant)
    assert local == instant
    assert local.utcoffset() == instant.astimezone().utcoffset()


def test_the_widest_offsets_are_accepted():
    assert clock.local_now(None, 720, _at("2026-12-04T00:00")).utcoffset() == -dt.timedelta(hours=12)
    assert clock.local_now(None, -840, _at("2026-12-04T00:00")).utcoffset() == dt.timedelta(hours=14)


def test_a_naive_instant_is_refused():
    with pytest.raises(ValueError, match=r"^instant must be time-zone aware$"):
        clock.local_now("Europe/London", None, dt.datetime(2026, 12, 4, 2, 30))


@pytest.mark.parametrize(
    ("local", "night"),
    [
        ("2026-12-04T00:00:00", "2026-12-03"),  # just after midnight: the night under way began yesterday
        ("2026-12-04T07:30:00", "2026-12-03"),  # breakfast: last night
        ("2026-12-04T13:00:00", "2026-12-03"),  # lunch: still last night (date review, 2026-12-04)
        ("2026-12-04T17:59:59.999999", "2026-12-03"),
        ("2026-12-04T18:00:00", "2026-12-04"),  # from the evening: tonight
        ("2026-12-04T23:59:59", "2026-12-04"),
        ("2027-01-01T08:00:00", "2026-12-31"),  # across a year
        ("2028-03-01T09:00:00", "2028-02-29"),  # leap day
    ],
)
def test_the_night_a_log_is_about(local: str, night: str):
    now = dt.datetime.fromisoformat(local).replace(tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assert clock.night_to_log(now) == dt.date.fromisoformat(night)


ZONES = sorted(zoneinfo.available_timezones())


@given(
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    st.sampled_from(ZONES),
)
# The hour repeated when the clocks go back: PEP 495 makes ``==`` between zones False for a time in the
# fold, so the test compares the moments (found by hypothesis, 2026-12-05).
@example(dt.datetime(2000, 10, 29, 0, 0, tzinfo=UTC), "Europe/Amsterdam")
@example(dt.datetime(2000, 10, 29, 1, 30, tzinfo=UTC), "Europe/Amsterdam")
def test_any_zone_is_the_same_moment_within_a_day_and_the_night_is_never_ahead(instant, zone):
    local = clock.local_now(zone, None, instant)
    assert local.timestamp() == instant.timestamp()
    assert local.tzinfo is not None and local.utcoffset() is not None
    assert abs(local.utcoffset()) <= dt.timedelta(hours=14)
    assert abs((local.date() - instant.date()).days) <= 1
    night = clock.night_to_log(local)
    assert night <= local.date()
    assert (local.date() - night).days == (0 if local.time() >= dt.time(18) else 1)
