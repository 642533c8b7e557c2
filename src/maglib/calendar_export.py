"""The dose plan as an iCalendar (.ics) file, built with ``icalendar``.

One recurring event per dose time per titration step (``RRULE:FREQ=DAILY``
with ``COUNT`` = the step's days), each with a display reminder (``VALARM``)
at the dose time, plus one all-day event per review checkpoint. Times are
"floating" local times (no time zone): a dose at 21:00 stays at 21:00 wherever
the person is, which is what a daily habit means.

UIDs are stable for a given plan, so re-importing the same plan updates events
instead of duplicating them. DTSTAMP is when the file was made (RFC 5545), passed
in as ``created`` so the function stays pure: same plan and ``created``, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from maglib.schedule import Plan, time_of

__all__ = ["DOSE_EVENT_MINUTES", "PRODID", "ics_bytes"]

PRODID = "-//magnesium-for-cramps//dose plan//EN"
#: Length of a dose event in the calendar (a calendar artefact, not a health number).
DOSE_EVENT_MINUTES = 5


def _uid(plan_key: str, part: str) -> str:
    return f"{hashlib.sha1(f'{plan_key}|{part}'.encode()).hexdigest()[:16]}-{part}@magnesium-plan"


def _plan_key(plan: Plan) -> str:
    steps = ";".join(
        f"{s.first_day}:{s.days}:" + ",".join(f"{d.minute}/{d.units}" for d in s.doses) for s in plan.steps
    )
    return f"{plan.start}|{plan.unit}|{plan.unit_mg}|{steps}"


def _units_text(units: float, unit: str) -> str:
    count = f"{units:g}"
    return f"{count} {unit.lower()}{'' if units <= 1 else 's'}"


def ics_bytes(plan: Plan, *, created: dt.datetime | None = None) -> bytes:
    """The plan as .ics bytes; a plan without steps still carries its review events.

    ``created`` (aware) is every event's DTSTAMP; the caller passes the download's time.
    Left out, it is now (UTC) — the one impure default, kept for callers that do not pass it yet.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Magnesium plan")
    key = _plan_key(plan)
    when = created if created is not None else dt.datetime.now(dt.UTC)
    stamp = when.astimezone(dt.UTC).replace(microsecond=0)

    for step in plan.steps:
        for dose in step.doses:
            if dose.units <= 0:
                continue
            first = dt.datetime.combine(
                step.first_day + dt.timedelta(days=dose.day_offset), time_of(dose.minute)
            )
            what = f"{_units_text(dose.units, plan.unit)} ({dose.delivered_mg:g} mg elemental magnesium)"
            event = Event()
            event.add("uid", _uid(key, f"step{step.index}-{dose.label.lower()}"))
            event.add("dtstamp", stamp)
            event.add("summary", f"Magnesium, {dose.label.lower()}: {what}")
            event.add(
                "description",
                f"Weeks {step.first_week}–{step.last_week} of your plan: {step.delivered_mg:g} mg a day "
                "in total."
                + (" Time chosen to keep magnesium apart from your medicines." if plan.windows else ""),
            )
            event.add("dtstart", first)
            event.add("duration", dt.timedelta(minutes=DOSE_EVENT_MINUTES))
            event.add("rrule", {"freq": "daily", "count": step.days})
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Take magnesium: {what}")
            alarm.add("trigger", dt.timedelta(0))
            event.add_component(alarm)
            cal.add_component(event)

    for checkpoint in plan.checkpoints:
        event = Event()
        event.add("uid", _uid(key, f"review-week{checkpoint.week}"))
        event.add("dtstamp", stamp)
        event.add("summary", f"Magnesium plan: week {checkpoint.week} review (decide)")
        event.add(
            "description",
            "\n".join(t for t in (checkpoint.title, checkpoint.decision, *checkpoint.items) if t),
        )
        event.add("dtstart", checkpoint.day)
        event.add("dtend", checkpoint.day + dt.timedelta(days=1))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Magnesium plan: week {checkpoint.week} review")
        alarm.add("trigger", dt.timedelta(hours=9))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
