"""Dates on the person's clock, not the server's.

A hosted app's server runs on UTC: at 19:00 in California it is already tomorrow there, and at
08:00 in Sydney it is still yesterday. Every "today" the app uses (a plan's first day, whether the
week-4 review has come, the dose logged for today, the journal's next night, a trial's start) is
the person's own date, from the time zone their browser reports.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: When the evening, and so a night, begins: a log written before this hour is most likely about
#: the latest night that has begun, last night (a morning or afternoon log); from it on, about
#: tonight (a log written at bedtime). A default only: the person picks the date. (It was noon
#: until the date review of 2026-12-04: a log of last night's cramps written at 13:00 went under
#: tonight's date.)
EVENING_STARTS = dt.time(18, 0)


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
        # An unknown name, not a zone name at all, or one the file system refuses ("America" is a
        # folder of zones; a name longer than a file name can be): date review, 2026-12-04.
        except (ZoneInfoNotFoundError, ValueError, OSError):
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
    night began: the latest night that has begun. Before :data:`EVENING_STARTS` that is last night
    (yesterday's date), from then on tonight (today's). A later night has not begun yet."""
    if now.time() < EVENING_STARTS:
        return now.date() - dt.timedelta(days=1)
    return now.date()
