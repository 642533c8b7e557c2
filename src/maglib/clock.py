"""Dates on the person's clock, not the server's.

A hosted app's server runs on UTC: at 19:00 in California it is already tomorrow there, and at
08:00 in Sydney it is still yesterday. Every "today" the app uses (a plan's first day, whether the
week-4 review has come, the dose logged for today, the journal's next night, a trial's start) is
the person's own date, from the time zone their browser reports.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Before this hour a new journal entry is most likely about the night that has just ended (it
#: began yesterday evening); from it on, about the coming night (a log written at bedtime). A
#: default only: the person picks the date.
MORNING_ENDS = dt.time(12, 0)


#: The widest offsets from UTC any place uses (UTC-12 to UTC+14), in minutes.
MAX_OFFSET_MINUTES = 14 * 60
MIN_OFFSET_MINUTES = -12 * 60


def local_now(zone: str | None, offset_minutes: int | None, instant: dt.datetime) -> dt.datetime:
    """``instant`` (time-zone aware) on the person's clock: the zone ``zone`` (an IANA name such as
    ``Europe/London``) if it is known here, else the browser's own offset (``offset_minutes`` as
    JavaScript's ``getTimezoneOffset`` gives it: minutes *behind* UTC, 480 in California in winter),
    else the server's clock."""
    if instant.tzinfo is None:
        raise ValueError("instant must be time-zone aware")
    if zone:
        try:
            return instant.astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):  # unknown name, or not a zone name at all
            pass
    if (
        isinstance(offset_minutes, int)
        and not isinstance(offset_minutes, bool)
        and MIN_OFFSET_MINUTES <= -offset_minutes <= MAX_OFFSET_MINUTES
    ):
        return instant.astimezone(dt.timezone(-dt.timedelta(minutes=offset_minutes)))
    return instant.astimezone()


def night_to_log(now: dt.datetime) -> dt.date:
    """The night a log written at ``now`` (the person's clock) is most likely about, by the date the
    night began: before :data:`MORNING_ENDS` the night just ended (yesterday's date), from then on
    tonight (today's)."""
    if now.time() < MORNING_ENDS:
        return now.date() - dt.timedelta(days=1)
    return now.date()
