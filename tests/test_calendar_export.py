"""maglib.calendar_export: the .ics parses back into the plan's events."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar

from maglib import safety as safe
from maglib import schedule as sch
from maglib.calendar_export import CHECK_AFTER_IMPORT, REIMPORT_NOTE, any_time_text, ics_bytes
from maglib.profile import Profile, reference_for
from tests.test_schedule import BOOK, BY_ID, CLAIMS, DATA, START, plan_for


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
    # Two steps; the second's nights from the week-8 review on are an event of their own.
    assert len(plan.steps) == 2 and len(doses) == 3
    first, second, third = sorted(doses, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == dt.datetime(2026, 1, 5, 21, 0)
    assert second.decoded("DTSTART") == dt.datetime(2026, 2, 2, 21, 0)  # week 5
    assert third.decoded("DTSTART") == dt.datetime(2026, 3, 2, 21, 0)  # week 9, the week-8 review's day
    assert first["RRULE"]["FREQ"] == ["DAILY"] and first["RRULE"]["COUNT"] == [28]
    assert second["RRULE"]["COUNT"] == [28] and third["RRULE"]["COUNT"] == [28]
    # As the screen says it (phone review, 2026-12-05: the files said "2.5 tablets", the page "2½").
    assert "2½ tablets (250 mg" in str(first["SUMMARY"])
    assert "3½ tablets (350 mg" in str(second["SUMMARY"])
    # From the week-8 review on, only if it decided to go on (planning list, session 58: the reminders
    # ran all 12 weeks although that review says stop if not clearly helped).
    assert "continue" not in str(first["SUMMARY"]) + str(second["SUMMARY"])
    assert str(third["SUMMARY"]).startswith(
        "Magnesium, evening (if you continue after the week 8 review): 3½ tablets (350 mg"
    )
    assert str(third["DESCRIPTION"]).startswith(
        "From your week 8 review (02 March 2026) on, take it only if that review decided to continue. "
        + sch.WEEK_8_DECISION
        + " If you stop, delete these reminders.\n\nWeeks 5–12 of your plan"
    )
    (alarm,) = third.walk("VALARM")
    assert str(alarm["DESCRIPTION"]).startswith("Take magnesium if you continue after the week 8 review: 3½")
    (alarm,) = second.walk("VALARM")
    assert str(alarm["DESCRIPTION"]).startswith("Take magnesium: 3½")
    assert len({str(e["UID"]) for e in doses}) == 3
    # No trial here: no word of one (pharmacist review, session 59: every reminder after week 8 said they
    # "start again on the night after your on/off trial's last night").
    assert not any("trial" in str(e["DESCRIPTION"]) for e in doses)
    for event in doses:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and alarm.decoded("TRIGGER") == dt.timedelta(0)
    days = sorted(e.decoded("DTSTART") for e in reviews)
    assert days == [START + dt.timedelta(weeks=4), START + dt.timedelta(weeks=8)]
    assert all(e.walk("VALARM") for e in reviews)
    description = str(reviews[0]["DESCRIPTION"])
    assert "suggests 40 mg a day" in description and "(12 mg a day, EFSA 2023" in description
    assert "still having symptoms and no diarrhoea" in description  # the week-4 decision point


def test_a_plan_without_reviews_is_not_split_and_one_review_splits_at_its_day():
    import dataclasses

    plan = plan_for()
    none = dataclasses.replace(plan, checkpoints=())
    _, doses, reviews = parse(none)
    assert not reviews and [e["RRULE"]["COUNT"][0] for e in doses] == [28, 56]
    assert not any("continue after" in str(e["SUMMARY"]) for e in doses)
    last = dataclasses.replace(plan, checkpoints=plan.checkpoints[-1:])
    _, doses, _ = parse(last)
    assert [e["RRULE"]["COUNT"][0] for e in doses] == [28, 28, 28]


def test_split_plan_has_one_event_per_dose_time_per_step_and_covers_every_day():
    plan = plan_for(times=(("Morning", 8 * 60), ("Evening", 21 * 60)))
    _, doses, _ = parse(plan)
    assert len(doses) == 2 * (len(plan.steps) + 1)  # the week-8 review splits the second step
    for label in ("morning", "evening"):
        counts = [e["RRULE"]["COUNT"][0] for e in doses if label in str(e["SUMMARY"])]
        assert sum(counts) == plan.weeks * 7
    uids = [str(e["UID"]) for e in doses]
    assert len(set(uids)) == len(uids)


def test_dose_moved_past_midnight_starts_the_next_day():
    # Only the night is free (tetracycline at 10:00 and 18:00 blocks 04:00-22:00, gabapentin at
    # 23:00 blocks 21:00-01:00), so a dose the person set at 00:30 goes to 01:00 the next day.
    plan = plan_for(
        chosen=[BY_ID["gabapentin"], BY_ID["tetracyclines"]],
        med_times={"gabapentin": dt.time(23, 0), "tetracyclines": (dt.time(10, 0), dt.time(18, 0))},
        times=(("Evening", 24 * 60 + 30),),
    )
    _, doses, _ = parse(plan)
    starts = sorted(e.decoded("DTSTART") for e in doses)
    assert starts[0] == dt.datetime(2026, 1, 6, 1, 0)


def test_no_plan_still_exports_reviews_and_is_deterministic():
    plan = plan_for(target_mg=0, start_mg=0)
    _, doses, reviews = parse(plan)
    assert doses == [] and len(reviews) == 2
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # DTSTAMP is the creation time (issue 17)
    assert ics_bytes(plan, created=created) == ics_bytes(plan, created=created)


def _with_other_products(other_mg):
    ref = reference_for(Profile(45, "female", "general"), DATA.intake_reference)
    answers = safe.Answers(age_years=45, life_stage="general", other_sources=("Antacid",), other_mg=other_mg)
    safety = safe.screen(answers, ul_mg=ref.mg_ul_supplemental, ul_source_ids=ref.source_ids, rules=BOOK,
                         evidence=CLAIMS)  # fmt: skip
    return plan_for(safety=safety, start_mg=200, target_mg=200, step_up=False)


def test_the_files_name_the_other_products_magnesium_and_the_days_total():
    """Pharmacist review: the calendar said '200 mg a day in total' and the spreadsheet had no trace of
    the 100 mg antacid the limit was counted with; a clinician reading either saw half the picture."""
    plan = _with_other_products(100)
    assert plan.steps and plan.other_mg == 100
    dose, after_review = parse(plan)[1]
    assert "300 mg a day in all." in str(after_review["DESCRIPTION"])
    assert str(dose["DESCRIPTION"]).startswith(
        "Weeks 1–12 of your plan: 200 mg a day from this product; with the 100 mg your other products give, "
        "300 mg a day in all."
    )
    table = sch.plan_table(plan)
    assert set(table["Other products (mg/day)"]) == {100}
    assert set(table["In all (mg/day)"]) == {300}
    assert "Other products (mg/day),In all (mg/day)" in sch.plan_csv(plan).decode("utf-8-sig")
    # Without other products: no such columns, and "in total" as before.
    alone = plan_for(start_mg=200, target_mg=200, step_up=False)
    assert "Other products (mg/day)" not in sch.plan_table(alone).columns
    assert "200 mg a day in total." in str(parse(alone)[1][0]["DESCRIPTION"])


def test_a_dose_moved_around_a_medicine_names_it_and_its_hours_in_the_calendar():
    """Phone review, 2026-12-03: the calendar said only 'Time chosen to keep magnesium apart from your
    medicines', never naming doxycycline or the hours to keep free."""
    tetra = BY_ID["tetracyclines"]
    plan = plan_for(
        chosen=[tetra], med_times={"tetracyclines": (dt.time(8, 0), dt.time(20, 0))}, step_up=False
    )
    dose, after_review = parse(plan)[1]
    assert str(after_review["DESCRIPTION"]).endswith(str(dose["DESCRIPTION"]).split("\n\n", 1)[1])
    text = str(dose["DESCRIPTION"])
    assert text.endswith(
        "Time chosen to keep magnesium apart from your medicines:\n"
        + "\n".join(sch.placement_lines(plan))
        # A medicine taken weekly or for a short course reads as daily without this (adversarial
        # review, 2026-12-05), said as a statement, not the page's question "… Give the time of day"
        # (adversarial re-review, 2026-12-05).
        + f"\n{sch.NOT_EVERY_DAY_SUMMARY}"
        + any_time_text(plan)
        + "\n\n"
        + sch.UNCHECKED_MEDICINES
        + "\n\n"
        + REIMPORT_NOTE
    )
    assert "Evening dose at 14:00 (Evening dose moved 7 h 00 min earlier, from 21:00 to 14:00" in text
    assert "No magnesium after 02:00 and before 12:00 (Tetracycline antibiotics" in text
    assert "No magnesium after 14:00 and before 00:00 (Tetracycline antibiotics" in text


def test_every_dose_event_and_the_calendar_say_to_delete_an_earlier_plan_first():
    """Pharmacist review, 2026-12-03: a plan's file before and after a step up share no UID (a
    changed plan gets new ones), so both imported gave 250 mg and 350 mg reminders at 21:00 from
    week 5. The file says to delete the earlier events first; the page says it beside the button."""
    before, after = plan_for(step_up=False), plan_for(step_up=True)
    cal_before, doses_before, _ = parse(before)
    cal_after, doses_after, _ = parse(after)
    assert not {str(e["UID"]) for e in doses_before} & {str(e["UID"]) for e in doses_after}
    for cal, doses in ((cal_before, doses_before), (cal_after, doses_after)):
        assert str(cal["X-WR-CALDESC"]) == f"{REIMPORT_NOTE} {CHECK_AFTER_IMPORT}"
        assert doses and all(str(e["DESCRIPTION"]).endswith("\n\n" + REIMPORT_NOTE) for e in doses)
    assert "Delete the earlier magnesium plan's events first" in REIMPORT_NOTE


def test_a_medicine_that_changes_magnesium_travels_into_every_dose_and_review_event():
    """Clinician review, 2026-12-04: on a loop diuretic and a PPI the calendar named neither, nor the
    blood test to ask about, though the page said both; the reminders are what a person sees daily."""
    from maglib import trial
    from maglib.calendar_export import CAUTIONS_HEAD, trial_ics_bytes

    chosen = [BY_ID["loop-diuretics"], BY_ID["ppi-long-term"], BY_ID["tetracyclines"]]
    cautions = safe.doctor_cautions(chosen)
    # Only the medicines with a reminder row (the kind "doctor" ones here; tetracyclines have none).
    assert cautions == tuple(f"{r.drug_class}: {r.reminder}" for r in chosen[:2])
    # A medicine that can cause cramps, and levothyroxine (thyroid disease can), remind too (pharmacist
    # review, 2026-12-06: "calcium" and "nifedipine" were nowhere in the calendar).
    cramps = safe.doctor_cautions([BY_ID["calcium-channel-blockers"], BY_ID["levothyroxine"]])
    assert [c.split(":")[0] for c in cramps] == [
        "Calcium-channel blockers (blood pressure, angina)",
        "Levothyroxine (thyroid hormone)",
    ]
    assert "ask its prescriber at your review whether it could be the cause" in cramps[0]
    assert "whether a thyroid blood test is due" in cramps[1]
    assert "blood tests should be checked again" in cautions[0] and "before you start" not in cautions[0]
    plan = plan_for()
    events = list(Calendar.from_ical(ics_bytes(plan, cautions=cautions)).walk("VEVENT"))
    assert len(events) >= 3
    for event in events:
        text = str(event["DESCRIPTION"])
        assert f"{CAUTIONS_HEAD}:\n" + "\n".join(cautions) in text, event["SUMMARY"]
    # Without such a medicine, nothing is added.
    plain = b"".join(e.to_ical() for e in Calendar.from_ical(ics_bytes(plan)).walk("VEVENT"))
    assert CAUTIONS_HEAD.encode() not in plain.replace(b"\r\n ", b"")
    # The trial's on-block dose reminders carry them too.
    design = trial.Design(123456, 3, 14, START, 3)
    on_doses = [
        e
        for e in Calendar.from_ical(trial_ics_bytes(design, plan, cautions=cautions)).walk("VEVENT")
        if "RRULE" in e
    ]
    assert on_doses and all(cautions[1] in str(e["DESCRIPTION"]) for e in on_doses)


def test_the_trial_dose_reminders_name_the_medicines_hours_as_the_plan_ones_do():
    from maglib import trial
    from maglib.calendar_export import trial_ics_bytes

    plan = plan_for(chosen=[BY_ID["levothyroxine"]], med_times={"levothyroxine": (dt.time(21, 0),)})
    assert plan.windows
    design = trial.Design(123456, 3, 14, START, 3)
    on_doses = [e for e in Calendar.from_ical(trial_ics_bytes(design, plan)).walk("VEVENT") if "RRULE" in e]
    lines = "\n".join(sch.placement_lines(plan))
    assert on_doses and all(lines in str(e["DESCRIPTION"]) for e in on_doses)


def test_every_event_says_only_the_picked_medicines_were_checked():
    """Pharmacist review (2026-12-04): with no medicine picked, nothing said the others were not checked."""
    plan = plan_for()
    _, doses, reviews = parse(plan)
    events = [*doses, *reviews]
    assert events and all(sch.UNCHECKED_MEDICINES in str(e["DESCRIPTION"]) for e in events)


def _trial_nights(design, plan) -> dict[dt.date, str]:
    """Each night an on-block's dose reminder falls on, with its dose's words (from the .ics)."""
    from maglib.calendar_export import trial_ics_bytes

    nights: dict[dt.date, str] = {}
    for event in Calendar.from_ical(trial_ics_bytes(design, plan)).walk("VEVENT"):
        if "RRULE" not in event or "on-block" not in str(event["SUMMARY"]):
            continue
        first = event.decoded("DTSTART").date()
        for day in range(event["RRULE"]["COUNT"][0]):
            night = first + dt.timedelta(days=day)
            assert night not in nights  # one reminder a night
            nights[night] = str(event["SUMMARY"]).split(": ", 1)[1]
    return nights


def _mg_of(words: str) -> float:
    """The mg a reminder's words give ("2½ tablets (250 mg elemental magnesium, …)" → 250)."""
    return float(words.split("(", 1)[1].split(" mg", 1)[0].replace(",", ""))


def test_a_trial_never_gives_a_dose_the_plan_has_not_reached_that_night():
    """Pharmacist review (2026-12-04): a trial begun before the plan's step up put the plan's last
    (stepped) dose in every on-block from the trial's first night. Each on-night's reminder is the
    dose of the plan's step for that night (the first step before the plan, the last after it),
    checked night by night against the plan's steps, for plans of one and of three steps."""
    from maglib import trial

    one = plan_for(step_up=False)  # 250 mg for all 12 weeks
    three = plan_for(target_mg=350, step_mg=50, step_weeks=2)  # 250, 300 from week 5, 350 from week 7
    assert [round(s.delivered_mg) for s in one.steps] == [250]
    assert [round(s.delivered_mg) for s in three.steps] == [250, 300, 350]
    for plan in (one, three):
        first, last = plan.steps[0].first_day, plan.steps[-1].last_day
        seen: set[str] = set()
        for offset in range(-30, 100, 3):
            design = trial.Design(123456 + offset % 7, 3, 7, START + dt.timedelta(days=offset), 3)
            nights = _trial_nights(design, plan)
            on = {b.first + dt.timedelta(days=d) for b in trial.blocks(design) if b.on for d in range(7)}
            assert set(nights) == on  # every on-night has its reminder, no off-night has one
            for night, words in nights.items():
                if night < first:
                    expected, seen_as = plan.steps[0], "before"
                elif night > last:
                    expected, seen_as = plan.steps[-1], "after"
                else:
                    (expected,) = [s for s in plan.steps if s.first_day <= night <= s.last_day]
                    seen_as = "edge" if night in (expected.first_day, expected.last_day) else "inside"
                assert _mg_of(words) == expected.delivered_mg, (night, words)
                seen.add(seen_as)
        assert seen == {"before", "after", "edge", "inside"}  # every case was reached


def test_the_trial_calendar_says_it_replaces_the_plans():
    from maglib import trial
    from maglib.calendar_export import replaces_plan_calendar, trial_ics_bytes

    plan = plan_for()
    for blind in (False, True):
        design = trial.Design(123456, 3, 14, START + dt.timedelta(weeks=8), 3, blind=blind)
        events = list(Calendar.from_ical(trial_ics_bytes(design, plan)).walk("VEVENT"))
        reminders = [e for e in events if "RRULE" in e]
        said = replaces_plan_calendar(design.start)
        assert reminders and all(said in str(e["DESCRIPTION"]) for e in reminders)
    # From the trial's first night on, not before it (adversarial review, 2026-12-04).
    assert replaces_plan_calendar(dt.date(2027, 1, 30)).startswith(
        "From the trial's first night (30 January 2027) this calendar replaces the dose plan's: if you added "
        "the plan's calendar before setting up this trial, delete its magnesium reminders from that night on"
    )
    # Both pages' words agree: a plan file made after the set-up already ends the night before.
    assert replaces_plan_calendar(dt.date(2027, 1, 30)).endswith(
        "A plan calendar downloaded after this set-up already leaves out the trial's nights."
    )


def test_a_trial_begun_before_eight_weeks_of_the_plan_is_told_when_to_start():
    from maglib import trial

    plan_start = dt.date(2026, 1, 5)
    earliest = plan_start + dt.timedelta(weeks=8)
    assert trial.early_start_note(earliest, plan_start, 8) is None
    assert trial.early_start_note(earliest + dt.timedelta(days=30), plan_start, 8) is None
    last_week = trial.early_start_note(earliest - dt.timedelta(days=1), plan_start, 8)
    assert last_week == (
        "**Your trial begins on 01 March 2026, in week 8 of your plan (it began on 05 January 2026).** "
        "Start it on or after 02 March 2026, once you have taken the plan's dose for 8 weeks. Until then its "
        "on-blocks give the plan's dose for each night (never a dose the plan has not reached), so they do "
        "not yet test the dose you settle on."
    )
    first_day = trial.early_start_note(plan_start, plan_start, 8)
    assert first_day is not None and "in week 1 of your plan" in first_day
    before = trial.early_start_note(plan_start - dt.timedelta(days=1), plan_start, 8)
    assert before is not None and "before your plan begins (05 January 2026)" in before


def test_every_dose_reminder_says_what_one_unit_holds():
    """Pharmacist review (2026-12-04): "Take magnesium: 2.5 tablets" counted 100 mg tablets; with the
    person's 400 mg tablets that is 1,000 mg. The reminder says what a tablet was taken to hold."""
    _, doses, _ = parse(plan_for())
    for event in doses:
        assert "mg elemental magnesium, 100 mg per tablet)" in str(event["SUMMARY"])
        (alarm,) = event.walk("VALARM")
        assert "100 mg per tablet" in str(alarm["DESCRIPTION"])
    from tests.test_schedule import product

    stronger = plan_for(prod=product(strength=400, unit="Capsule"), start_mg=400, target_mg=400)
    _, doses, _ = parse(stronger)
    assert all("400 mg per capsule)" in str(e["SUMMARY"]) for e in doses)


def test_a_drawn_order_starts_once_the_plan_has_run_its_minimum_weeks():
    from maglib import trial

    today = dt.date(2026, 12, 4)
    assert trial.default_start(today, None, 8) == today
    assert trial.default_start(today, today, 8) == today + dt.timedelta(weeks=8)
    assert trial.default_start(today, today - dt.timedelta(weeks=8), 8) == today  # the boundary
    assert trial.default_start(today, today - dt.timedelta(weeks=8, days=-1), 8) == today + dt.timedelta(
        days=1
    )
    assert trial.default_start(today, today - dt.timedelta(weeks=20), 8) == today


def test_the_plans_reminders_end_the_night_before_a_trial_set_up_beside_it():
    """Phone and GP review (2026-12-04): the plan's file repeated for all 84 nights and the trial's
    began in week 9: two reminders on 14 nights, and one on the trial's off-nights."""
    from maglib.calendar_export import ONCE_NOTE

    plan = plan_for()  # 250 mg for 28 nights from START, 350 mg for 56
    for until, counts in (
        (START + dt.timedelta(days=40), [28, 12]),
        (START + dt.timedelta(days=28), [28]),
        (START + dt.timedelta(days=10), [10]),
        (START, []),
        (START + dt.timedelta(days=200), [28, 28, 28]),  # after the plan: the whole plan (split at week 8)
    ):
        doses = sorted(
            (e for e in Calendar.from_ical(ics_bytes(plan, until=until)).walk("VEVENT") if "RRULE" in e),
            key=lambda e: e.decoded("DTSTART"),
        )
        assert [e["RRULE"]["COUNT"][0] for e in doses] == counts, until
        for event in doses:
            last = event.decoded("DTSTART").date() + dt.timedelta(days=event["RRULE"]["COUNT"][0] - 1)
            assert last < until  # no plan reminder on or after the trial's first night
            cut = "These reminders end on the night before your on/off trial's first night"
            assert (cut in str(event["DESCRIPTION"])) is (last == until - dt.timedelta(days=1))
    # Every reminder, the plan's and the trial's, says not to take a dose twice.
    _, doses, _ = parse(plan)
    for event in doses:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["DESCRIPTION"]).endswith(ONCE_NOTE) and ONCE_NOTE in str(event["DESCRIPTION"])


def test_a_trial_past_its_plans_end_or_after_a_plan_that_is_over_is_questioned():
    """Phone and GP review (2026-12-04): a 12-week plan's trial ran 8 weeks past it on the plan's
    last dose; a plan that had ended still gave a trial calendar with no word."""
    from maglib import trial

    plan_end = dt.date(2027, 2, 26)
    inside = trial.Design(123456, 2, 14, plan_end - dt.timedelta(days=55), 3)  # 56 nights, to plan_end
    assert trial.end_date(inside) == plan_end
    assert trial.past_plan_note(inside, plan_end, dt.date(2027, 1, 1)) is None
    beyond = trial.Design(123456, 2, 14, plan_end - dt.timedelta(days=54), 3)  # one night past it
    note = trial.past_plan_note(beyond, plan_end, dt.date(2027, 1, 1))
    assert note is not None and note.startswith(
        "**Your trial runs to 27 February 2027, past the end of your dose plan (26 February 2027).**"
    )
    assert trial.past_plan_note(inside, plan_end, plan_end) is None  # the plan's last day: not over
    over = trial.past_plan_note(inside, plan_end, plan_end + dt.timedelta(days=1))
    assert over is not None and over.startswith("**Your dose plan ended on 26 February 2027.**")


def test_every_dose_reminder_says_what_to_do_after_a_missed_dose_and_at_any_time():
    """Pharmacist review (2026-12-05), rule missed_dose: no export said what to do after a missed dose,
    and the warning signs were only in the two review events, not in the reminders seen each day."""
    from maglib import trial
    from maglib.calendar_export import trial_ics_bytes

    flags = (
        "Sudden weakness of one side (call 999)",
        "Calf pain and swelling on one side (urgent appointment)",
    )
    plan = plan_for(red_flags=flags, too_much=("Signs of too much magnesium: nausea.", "ods-mg-hp"))
    first = plan.checkpoints[0]
    assert first.warning_signs == "See a doctor instead if you have: " + "; ".join(flags) + "."
    assert first.warning_signs in first.items and first.side_effects in first.items
    said = any_time_text(plan)
    assert said == "\n\nAt any time:\n" + "\n".join(
        (sch.MISSED_DOSE, first.side_effects, first.warning_signs)
    )
    assert "Missed a dose? Take it when you remember, unless your next dose is near: then skip it." in said
    assert "Never take extra to make up for it" in said and "Signs of too much magnesium" in said
    _, doses, reviews = parse(plan)
    assert doses and all(said in str(e["DESCRIPTION"]) for e in doses)
    assert all(first.warning_signs in str(e["DESCRIPTION"]) for e in reviews)
    # The trial's calendar: every on-block dose the same; every block the warning signs; blinded, the daily event.
    for blind in (False, True):
        design = trial.Design(123456, 3, 14, START + dt.timedelta(weeks=8), 3, blind=blind)
        events = list(Calendar.from_ical(trial_ics_bytes(design, plan)).walk("VEVENT"))
        dosing = [e for e in events if "RRULE" in e]
        assert dosing and all(said in str(e["DESCRIPTION"]) for e in dosing)
        blocks = [e for e in events if str(e["SUMMARY"]).startswith("Trial block")]
        assert len(blocks) == (0 if blind else 6)
        assert all(first.warning_signs in str(e["DESCRIPTION"]) for e in blocks)
    # Without red flags given, the missed dose and the side effects still.
    bare = plan_for()
    assert any_time_text(bare) == "\n\nAt any time:\n" + "\n".join(
        (sch.MISSED_DOSE, bare.checkpoints[0].side_effects)
    )


def test_the_missed_dose_rule_is_cited_in_its_data_row():
    row = DATA.safety_rules.set_index("rule_id").loc["missed_dose"]
    assert set(row["source_ids"].split(";")) == {"buzzrx-mgo-directions", "app-safety-review"}
    source = DATA.sources.set_index("id").loc["buzzrx-mgo-directions"]
    assert "skip the missed dose" in source["citation"] and "Do not take extra medicine" in source["citation"]


def test_a_plan_that_runs_on_past_a_trial_resumes_its_reminders_after_it():
    """Pharmacist review (2026-12-05): a 26-week plan with a 12-week trial inside it lost its last six
    weeks from both calendars (the plan's file ended the night before the trial, for good)."""
    from maglib import trial

    plan = plan_for(weeks=26, step_up=False)
    design = trial.Design(123456, 3, 14, START + dt.timedelta(weeks=8), 3)
    resume = trial.end_date(design) + dt.timedelta(days=1)
    events = list(Calendar.from_ical(ics_bytes(plan, until=design.start, resume=resume)).walk("VEVENT"))
    nights = set()
    for event in (e for e in events if "RRULE" in e):
        first = event.decoded("DTSTART").date()
        nights |= {first + dt.timedelta(days=i) for i in range(event["RRULE"]["COUNT"][0])}
    plan_nights = {plan.start + dt.timedelta(days=i) for i in range(26 * 7)}
    trial_nights = {design.start + dt.timedelta(days=i) for i in range((resume - design.start).days)}
    assert nights == plan_nights - trial_nights  # every plan night outside the trial, once
    (after,) = [e for e in events if "RRULE" in e and e.decoded("DTSTART").date() == resume]
    assert "start again on the night after your on/off trial's last night" in str(after["DESCRIPTION"])
    (before,) = [e for e in events if "RRULE" in e and e.decoded("DTSTART").date() == plan.start]
    assert (
        f"the trial's calendar has the nights from then to {resume - dt.timedelta(days=1):%d %B %Y}."
        in str(before["DESCRIPTION"])
    )
    # A plan that ends within the trial: nothing after it.
    short = plan_for(weeks=12, step_up=False)
    ends = list(Calendar.from_ical(ics_bytes(short, until=design.start, resume=resume)).walk("VEVENT"))
    assert all(e.decoded("DTSTART").date() < design.start for e in ends if "RRULE" in e)


def test_the_any_time_words_without_red_flags_or_reviews():
    """What the reminders say when the plan has no red flags given, or no reviews at all."""
    from dataclasses import replace

    from maglib.calendar_export import off_block_words, warning_signs_text

    bare = plan_for()
    assert warning_signs_text(bare) == ""
    flagged = plan_for(red_flags=("Chest pain (call 999)",))
    assert warning_signs_text(flagged) == "\n\nSee a doctor instead if you have: Chest pain (call 999)."
    none = replace(bare, checkpoints=())
    assert any_time_text(none) == "\n\nAt any time:\n" + sch.MISSED_DOSE
    assert warning_signs_text(none) == ""
    assert off_block_words(bare) == (
        "leave out this plan's magnesium supplement; keep any medicine or product with magnesium you take "
        "anyway (antacid, laxative, multivitamin) exactly as before, and check this with your pharmacist before the trial begins"
    )


def test_the_plans_runs_around_a_trial_at_their_edges_and_their_uids():
    """One night before the trial, one night after it; the run before keeps the uid the plan's reminder
    always had (a re-import replaces it), the run after has its own."""
    from maglib import trial

    plan = plan_for(step_up=False)  # one step, 84 nights from START
    (step,) = plan.steps

    def runs(design):
        resume = trial.end_date(design) + dt.timedelta(days=1)
        events = Calendar.from_ical(ics_bytes(plan, until=design.start, resume=resume)).walk("VEVENT")
        return sorted(
            (e.decoded("DTSTART").date(), e["RRULE"]["COUNT"][0], str(e["UID"]))
            for e in events
            if "RRULE" in e
        )

    alone, after_review = [
        str(e["UID"]) for e in Calendar.from_ical(ics_bytes(plan)).walk("VEVENT") if "RRULE" in e
    ]
    assert after_review.split("-", 1)[1] == alone.split("-", 1)[1].replace("@", "-after-review@")
    first_night = trial.Design(123456, 2, 14, START + dt.timedelta(days=1), 3)  # 56 nights from the 2nd
    (before, after) = runs(first_night)
    assert before == (START, 1, alone)
    assert after[:2] == (START + dt.timedelta(days=57), 84 - 57)
    # "<hash>-<part>@magnesium-plan": the run after the trial is the same reminder's part, marked (and,
    # being after the week-8 review, marked so too).
    assert after[2].split("-", 1)[1] == alone.split("-", 1)[1].replace("@", "-after-trial-after-review@")
    assert after[2] != alone
    # After the trial and the week-8 review: both decide, and the trial's end is named (not the review's day).
    resumed = trial.end_date(first_night) + dt.timedelta(days=1)
    (event,) = [
        e
        for e in Calendar.from_ical(ics_bytes(plan, until=first_night.start, resume=resumed)).walk("VEVENT")
        if "RRULE" in e and "after-trial" in str(e["UID"])
    ]
    assert "(if you continue after your on/off trial and the week 8 review)" in str(event["SUMMARY"])
    text = str(event["DESCRIPTION"])
    assert text.startswith(
        f"From your week 8 review ({START + dt.timedelta(weeks=8):%d %B %Y}) on, take it only if that review "
        "decided to continue and your on/off trial found that it helps you. "
    )
    assert f"start again on the night after your on/off trial's last night ({resumed:%d %B %Y})." in text
    # A trial ending before the review: the nights after it are split at the review.
    early = trial.Design(123456, 2, 7, START + dt.timedelta(days=1), 3)  # 28 nights from the 2nd
    assert [r[:2] for r in runs(early)] == [
        (START, 1),
        (START + dt.timedelta(days=29), 56 - 29),
        (START + dt.timedelta(days=56), 28),
    ]
    last_night = trial.Design(
        123456, 2, 14, START + dt.timedelta(days=27), 3
    )  # ends the night before the last
    (before, after) = runs(last_night)
    assert before[:2] == (START, 27) and after[:2] == (step.last_day, 1)


def test_a_moved_dose_says_so_in_its_reminders_title():
    """Pharmacist review (2026-12-05): ciprofloxacin at 08:00 and 20:00 moved the evening dose to 12:00,
    and the calendar titled it "Magnesium, evening"."""
    from maglib import trial
    from maglib.calendar_export import dose_name, trial_ics_bytes

    cipro = BY_ID["fluoroquinolones"]
    plan = plan_for(
        chosen=[cipro], med_times={"fluoroquinolones": (dt.time(8, 0), dt.time(20, 0))}, step_up=False
    )
    (dose,) = plan.steps[0].doses
    assert dose.minute == 12 * 60 and dose_name(dose, plan) == "evening (moved to 12:00)"
    event, after_review = parse(plan)[1]
    assert str(event["SUMMARY"]).startswith("Magnesium, evening (moved to 12:00): ")
    assert str(after_review["SUMMARY"]).startswith(
        "Magnesium, evening (moved to 12:00) (if you continue after the week 8 review): "
    )
    design = trial.Design(123456, 2, 14, START + dt.timedelta(weeks=8), 3)
    on = [e for e in Calendar.from_ical(trial_ics_bytes(design, plan)).walk("VEVENT") if "RRULE" in e]
    assert on and all(", evening (moved to 12:00): " in str(e["SUMMARY"]) for e in on)
    # Not moved: the name alone.
    still = plan_for(step_up=False)
    assert dose_name(still.steps[0].doses[0], still) == "evening"
    assert str(parse(still)[1][0]["SUMMARY"]).startswith("Magnesium, evening: ")


def test_a_moved_dose_says_so_in_the_plan_tables_and_file():
    """Pharmacist review (2026-12-05): the file headed a dose the medicines moved to 12:00 "Evening
    dose" with nothing to say why; an evening dose left where asked says nothing more."""
    from maglib.plan_files import plan_csv
    from maglib.schedule import MOVED_CELL, plan_steps_table, plan_table

    cipro = BY_ID["fluoroquinolones"]
    moved = plan_for(
        chosen=[cipro], med_times={"fluoroquinolones": (dt.time(8, 0), dt.time(20, 0))}, step_up=False
    )
    for table in (plan_table(moved), plan_steps_table(moved)):
        assert set(table["Evening dose"].str.slice(0, 32)) == {"12:00 (moved by your medicines):"}
    assert b"12:00 (moved by your medicines): " in plan_csv(plan_table(moved))
    kept = plan_for(chosen=[cipro], med_times={"fluoroquinolones": (dt.time(8, 0),)}, step_up=False)
    assert not plan_table(kept)["Evening dose"].str.contains(MOVED_CELL, regex=False).any()
    assert plan_table(kept)["Evening dose"].iloc[0].startswith("21:00: ")


def test_a_blinded_trial_reminds_at_the_plans_dose_times_with_the_medicines_hours():
    """Calendar review (2026-12-05): the blinded trial's calendar was one all-day "tonight's capsule"
    event with no time, no reminder and no hours kept free, while it told the person to delete the
    plan's timed reminders; with doxycycline at 08:00 and 20:00 a bedtime capsule fell in its window.
    Now every night of the trial has one timed reminder per dose of the plan's step that night, at
    the plan's time, with the medicines' hours and an alarm, and nothing says which nights are on."""
    from maglib import trial
    from maglib.calendar_export import CAUTIONS_HEAD, trial_ics_bytes

    tetra = BY_ID["tetracyclines"]
    for times in ((("Evening", 21 * 60),), (("Morning", 8 * 60), ("Evening", 21 * 60))):
        plan = plan_for(
            chosen=[tetra],
            med_times={"tetracyclines": (dt.time(8, 0), dt.time(20, 0))},
            times=times,
            step_up=True,
            weeks=26,
        )
        # The trial starts before the plan's step up (week 5) and runs past it.
        design = trial.Design(123456, 3, 14, START + dt.timedelta(weeks=2), 7, blind=True)
        events = list(
            Calendar.from_ical(trial_ics_bytes(design, plan, cautions=("a caution",))).walk("VEVENT")
        )
        doses = [e for e in events if "RRULE" in e]
        seen: dict[tuple[dt.date, int], str] = {}
        for event in doses:
            start = event.decoded("DTSTART")
            assert isinstance(start, dt.datetime)  # timed, not all day
            for i in range(event["RRULE"]["COUNT"][0]):
                when = start + dt.timedelta(days=i)
                key = (when.date(), when.hour * 60 + when.minute)
                assert key not in seen  # one reminder per dose and night
                seen[key] = str(event["SUMMARY"])
            text = str(event["DESCRIPTION"])
            assert "No magnesium after 14:00 and before 00:00 (Tetracycline antibiotics" in text
            assert f"{CAUTIONS_HEAD}:\na caution" in text and "Do not take another" in text
            alarms = list(event.walk("VALARM"))
            assert len(alarms) == 1 and "capsule from the organiser" in str(alarms[0]["DESCRIPTION"])
        last = trial.end_date(design)
        expected = set()
        night = design.start
        while night <= last:
            step = next((s for s in plan.steps if s.first_day <= night <= s.last_day), plan.steps[-1])
            for dose in step.doses:
                if dose.units > 0:
                    expected.add((night + dt.timedelta(days=dose.day_offset), dose.minute))
            night += dt.timedelta(days=1)
        assert set(seen) == expected and len(expected) >= 84
        # The capsule's description holds the dose of the plan's step on its nights (the step up too).
        amounts = set()
        for event in doses:
            start = event.decoded("DTSTART")
            step = next((s for s in plan.steps if s.first_day <= start.date() <= s.last_day), plan.steps[-1])
            (dose,) = [d for d in step.doses if d.minute == start.hour * 60 + start.minute]
            assert f"({dose.delivered_mg:g} mg elemental magnesium" in str(event["DESCRIPTION"])
            amounts.add(step.delivered_mg)
        assert len(amounts) == 2  # before and after the step up
        text = " ".join(str(e.get("SUMMARY")) + str(e.get("DESCRIPTION")) for e in events)
        assert " ON" not in text and "OFF" not in text and "on-block" not in text.lower()


def test_both_calendars_say_to_check_their_reminders_after_adding_them():
    """Calendar review (2026-12-05): Google's and Outlook's imports are reported to drop a file's
    reminders and to keep floating times at the home zone; a dose free only to the minute breaks."""
    from maglib import trial
    from maglib.calendar_export import trial_ics_bytes

    plan = plan_for()
    for blind in (False, True):
        design = trial.Design(123456, 3, 14, START + dt.timedelta(weeks=8), 7, blind=blind)
        cal = Calendar.from_ical(trial_ics_bytes(design, plan))
        assert str(cal["X-WR-CALDESC"]) == CHECK_AFTER_IMPORT
    assert CHECK_AFTER_IMPORT in str(Calendar.from_ical(ics_bytes(plan))["X-WR-CALDESC"])
    assert "check that each reminder comes at the dose's time" in CHECK_AFTER_IMPORT
    assert "in the local time where you are" in CHECK_AFTER_IMPORT


def test_a_pregnancy_plans_reminders_say_to_ask_again_after_the_birth():
    """Adversarial review (2026-12-05): "After the birth" was a plan note only, and the calendar, whose
    reminders can run 26 weeks, carries no notes."""
    from tests.test_schedule import safety_for

    pregnant = plan_for(safety=safety_for(age=30, stage="pregnancy", stage_dose=True), age=30, start_mg=200)
    _, doses, _ = parse(pregnant)
    said = sch.AFTER_THE_BIRTH.replace("**", "")
    assert said.startswith("After the birth: ask your midwife or doctor")
    assert doses and all(said in str(e["DESCRIPTION"]) for e in doses)
    breastfeeding = plan_for(
        safety=safety_for(age=30, stage="lactation", stage_dose=True), age=30, start_mg=200
    )
    assert all("After the birth" not in str(e["DESCRIPTION"]) for e in parse(breastfeeding)[1])


def test_digoxins_signs_of_toxicity_are_in_every_dose_reminder():
    """Polypharmacy review (2026-12-05): a 78-year-old on digoxin got reminders with the diuretic's
    caution but not digoxin's signs of toxicity (interactions.csv ``reminder``)."""
    from maglib.calendar_export import CAUTIONS_HEAD

    cautions = safe.doctor_cautions([BY_ID["digoxin"], BY_ID["loop-diuretics"]])
    events = list(Calendar.from_ical(ics_bytes(plan_for(), cautions=cautions)).walk("VEVENT"))
    assert events
    for event in events:
        text = str(event["DESCRIPTION"])
        assert f"{CAUTIONS_HEAD}:\nDigoxin (heart medicine): Feeling or being sick" in text
        assert "yellow-green vision" in text and "contact the doctor who prescribes your digoxin" in text


def test_a_dose_reminder_gives_the_medicines_cautions_before_the_general_signs():
    """Adversarial review (2026-12-05): in each daily reminder digoxin's signs of toxicity came about
    5,100 characters in, after the whole list of red flags; the person's own medicines come first."""
    from maglib.calendar_export import CAUTIONS_HEAD, any_time_text

    plan = plan_for()
    cautions = safe.doctor_cautions([BY_ID["digoxin"]])
    doses = [
        str(e["DESCRIPTION"])
        for e in Calendar.from_ical(ics_bytes(plan, cautions=cautions)).walk("VEVENT")
        if str(e["SUMMARY"]).startswith("Magnesium, ")
    ]
    assert doses
    general = any_time_text(plan).strip()[:60]
    for text in doses:
        assert text.index(f"{CAUTIONS_HEAD}:\nDigoxin (heart medicine)") < text.index(general)


def test_a_plan_without_medicines_names_no_hours():
    """Mutation testing (2026-12-05): the hours' text of a plan with no medicine windows is empty."""
    from maglib.calendar_export import _hours_text

    plan = plan_for()
    assert not plan.windows and _hours_text(plan) == ""


def test_every_dose_reminder_says_the_plans_last_night_and_that_going_on_needs_a_new_plan():
    """Planning list (session 60): a 9- to 26-week plan's reminders ended without a word that going on needs a
    new plan; only an 8-week plan's week-8 review said so. Every dose reminder names the plan's last night (the
    last night of its last recurring event, counted here from the events themselves)."""
    for weeks in (8, 12, 26):
        plan = plan_for(weeks=weeks)
        _, doses, _ = parse(plan)
        last_nights = [
            e.decoded("DTSTART").date() + dt.timedelta(days=int(e["RRULE"]["COUNT"][0]) - 1) for e in doses
        ]
        last = max(last_nights)
        assert last == START + dt.timedelta(weeks=weeks, days=-1)
        words = (
            f"Your plan's last night is {last:%d %B %Y} (week {weeks}): these reminders stop then. "
            "To go on after it, make a new plan on the Dose plan page."
        )
        assert doses and all(words in str(e["DESCRIPTION"]) for e in doses), weeks
