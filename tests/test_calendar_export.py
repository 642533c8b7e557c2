"""maglib.calendar_export: the .ics parses back into the plan's events."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from maglib.calendar_export import ics_bytes
from tests.test_schedule import BY_ID, START, plan_for


def parse(plan):
    cal = Calendar.from_ical(ics_bytes(plan))
    events = list(cal.walk("VEVENT"))
    doses = [e for e in events if "RRULE" in e]
    reviews = [e for e in events if "RRULE" not in e]
    return cal, doses, reviews


def test_default_plan_has_one_event_per_step_and_two_reviews():
    plan = plan_for()
    cal, doses, reviews = parse(plan)
    assert str(cal["VERSION"]) == "2.0"
    assert len(doses) == len(plan.steps) == 2
    first, second = sorted(doses, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == dt.datetime(2026, 1, 5, 21, 0)
    assert second.decoded("DTSTART") == dt.datetime(2026, 2, 2, 21, 0)  # week 5
    assert first["RRULE"]["FREQ"] == ["DAILY"] and first["RRULE"]["COUNT"] == [28]
    assert second["RRULE"]["COUNT"] == [56]
    assert "2.5 tablets (250 mg" in str(first["SUMMARY"])
    assert "3.5 tablets (350 mg" in str(second["SUMMARY"])
    for event in doses:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(0)
    days = sorted(e.decoded("DTSTART") for e in reviews)
    assert days == [START + dt.timedelta(weeks=4), START + dt.timedelta(weeks=8)]
    assert all(e.walk("VALARM") for e in reviews)
    description = str(reviews[0]["DESCRIPTION"])
    assert "suggests 40 mg a day" in description and "(12 mg a day, EFSA 2023" in description
    assert "still having symptoms and no diarrhoea" in description  # the week-4 decision point


def test_split_plan_has_one_event_per_dose_time_per_step_and_covers_every_day():
    plan = plan_for(times=(("Morning", 8 * 60), ("Evening", 21 * 60)))
    _, doses, _ = parse(plan)
    assert len(doses) == 2 * len(plan.steps)
    for label in ("morning", "evening"):
        counts = [e["RRULE"]["COUNT"][0] for e in doses if label in str(e["SUMMARY"])]
        assert sum(counts) == plan.weeks * 7
    uids = [str(e["UID"]) for e in doses]
    assert len(set(uids)) == len(uids)


def test_dose_moved_past_midnight_starts_the_next_day():
    plan = plan_for(
        chosen=[BY_ID["levothyroxine"]],
        med_times={"levothyroxine": dt.time(22, 0)},
        times=(("Evening", 23 * 60 + 30),),
    )
    _, doses, _ = parse(plan)
    starts = sorted(e.decoded("DTSTART") for e in doses)
    assert starts[0] == dt.datetime(2026, 1, 6, 2, 0)


def test_no_plan_still_exports_reviews_and_is_deterministic():
    plan = plan_for(target_mg=0, start_mg=0)
    _, doses, reviews = parse(plan)
    assert doses == [] and len(reviews) == 2
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # DTSTAMP is the creation time (issue 17)
    assert ics_bytes(plan, created=created) == ics_bytes(plan, created=created)
