"""The dose plan as an iCalendar (.ics) file, built with ``icalendar``.

One recurring event per dose time per titration step (``RRULE:FREQ=DAILY``
with ``COUNT`` = the step's days), each with a display reminder (``VALARM``)
at the dose time, plus one all-day event per review checkpoint. Times are
"floating" local times (no time zone): in calendars that honour them (Apple's) a dose at 21:00
stays at 21:00 wherever the person is, which is what a daily habit means. Google's and Outlook's
imports are reported to pin floating times to the calendar's zone and to drop a file's reminders
(calendar review, 2026-12-05, from public issue threads, not tried here), so the file and the pages
say to check the reminders after adding them (``CHECK_AFTER_IMPORT``).

UIDs are stable for a given plan, so re-importing the same plan updates events
instead of duplicating them. A changed plan (a step up, a moved dose) gets new UIDs: its file
cannot replace the old one's events in every calendar, so the file and the page say to delete
the earlier events first (``REIMPORT_NOTE``; pharmacist review, 2026-12-03: both files imported
gave 250 mg and 350 mg reminders at 21:00 from week 5). DTSTAMP is when the file was made (RFC 5545), passed
in as ``created`` so the function stays pure: same plan and ``created``, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence

from icalendar import Alarm, Calendar, Event

from maglib.amounts import mg_text
from maglib.schedule import (
    AFTER_THE_BIRTH,
    MISSED_DOSE,
    NOT_EVERY_DAY_SUMMARY,
    UNCHECKED_MEDICINES,
    Checkpoint,
    DoseSlot,
    Plan,
    Step,
    dose_moved,
    placement_lines,
    plan_end,
    time_of,
    unit_text,
)
from maglib.trial import Design, blocks, end_date

__all__ = [
    "CAUTIONS_HEAD",
    "CHECK_AFTER_IMPORT",
    "DOSE_EVENT_MINUTES",
    "ONCE_NOTE",
    "PRODID",
    "REIMPORT_NOTE",
    "any_time_text",
    "dose_name",
    "ics_bytes",
    "off_block_words",
    "plan_end_text",
    "replaces_plan_calendar",
    "trial_ics_bytes",
    "warning_signs_text",
]

PRODID = "-//magnesium-for-cramps//dose plan//EN"
#: Length of a dose event in the calendar (a calendar artefact, not a health number).
DOSE_EVENT_MINUTES = 5
#: Said by the page beside the calendar button, and in the file: a new plan's file adds its reminders
#: beside an earlier file's (they do not replace them), which could double a day's dose.
REIMPORT_NOTE = (
    "Adding a changed plan to your calendar? Delete the earlier magnesium plan's events first: "
    "the new file adds its reminders beside the old ones, it does not replace them."
)


#: Beside both calendars' downloads and in each file's description: some calendar apps drop a file's
#: reminders (giving their own, often 30 minutes early) or keep its times at the home time zone when
#: the person travels (calendar review, 2026-12-05); a dose free only to the minute breaks either way.
CHECK_AFTER_IMPORT = (
    "After adding it, check that each reminder comes at the dose's time: some calendar apps drop a "
    "file's reminders or set their own, and travelling to another time zone can move them. Take each "
    "dose at the time your plan gives, in the local time where you are."
)


def _uid(plan_key: str, part: str) -> str:
    return f"{hashlib.sha1(f'{plan_key}|{part}'.encode()).hexdigest()[:16]}-{part}@magnesium-plan"


def _plan_key(plan: Plan) -> str:
    steps = ";".join(
        f"{s.first_day}:{s.days}:" + ",".join(f"{d.minute}/{d.units}" for d in s.doses) for s in plan.steps
    )
    return f"{plan.start}|{plan.unit}|{plan.unit_mg}|{steps}"


def _alarm(text: str, trigger: dt.timedelta) -> Alarm:
    """A reminder shown at ``trigger`` after the event's start."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


#: In every dose reminder (phone and GP review, 2026-12-04: two calendars, or a reminder seen twice,
#: could lead to a second dose the same night).
ONCE_NOTE = "Already taken this dose? Do not take another."


def dose_name(dose: DoseSlot, plan: Plan) -> str:
    """The dose's name in a reminder's title: "evening", or "evening (moved to 12:00)" when the
    medicines moved it from the time asked (pharmacist review, 2026-12-05: a dose at 12:00 was
    titled "Magnesium, evening" in the calendar)."""
    moved = dose_moved(plan, dose.label)
    return dose.label.lower() + (f" (moved to {time_of(dose.minute):%H:%M})" if moved else "")


def _dose_text(dose: DoseSlot, plan: Plan) -> str:
    """One dose for a calendar event: its units, the magnesium they hold, and what one unit holds
    (pharmacist review, 2026-12-04: "Take magnesium: 2.5 tablets" counted 100 mg tablets; with a
    400 mg tablet that is 1,000 mg, and nothing in the reminder said what a tablet was taken to be)."""
    return (
        f"{unit_text(dose.units, plan.unit)} ({mg_text(dose.delivered_mg)} mg elemental magnesium, "
        f"{mg_text(plan.unit_mg)} mg per {plan.unit.lower()})"
    )


#: Heads the cautions of :func:`maglib.safety.doctor_cautions` in an event's description.
CAUTIONS_HEAD = "Your medicines, and what to ask your doctor"


def _hours_text(plan: Plan) -> str:
    """The medicines and their hours, not only "apart from your medicines" (phone review,
    2026-12-03: the files never named doxycycline or its times); '' without any."""
    if not plan.windows:
        return ""
    # The weekly/monthly note too (adversarial review, 2026-12-05: on the page and the printout, but
    # every day's reminder of a once-weekly alendronate still read as daily), as a statement: the page's
    # question ("… Give the time of day you take it") is about the page.
    return (
        " Time chosen to keep magnesium apart from your medicines:\n"
        + "\n".join(placement_lines(plan))
        + f"\n{NOT_EVERY_DAY_SUMMARY}"
    )


def any_time_text(plan: Plan) -> str:
    """What to do at any time, in every dose reminder: a missed dose (rule missed_dose), the side
    effects and the signs of too much magnesium, and the warning signs with their actions
    (pharmacist review, 2026-12-05: the reminders, which are what the person sees each day, said
    none of it; the warning signs were only in the two review events)."""
    first = plan.checkpoints[0] if plan.checkpoints else None
    said = (first.side_effects, first.warning_signs) if first is not None else ()
    # A pregnancy plan's "after the birth" in every reminder: a 26-week plan runs past it, and the
    # calendar carries no plan note (adversarial review, 2026-12-05).
    birth = [AFTER_THE_BIRTH.replace("**", "")] if any(n.text == AFTER_THE_BIRTH for n in plan.notes) else []
    lines = [MISSED_DOSE, *birth, *(t for t in said if t)]
    return "\n\nAt any time:\n" + "\n".join(lines)


def warning_signs_text(plan: Plan) -> str:
    """The warning signs with their actions for an event that is not a dose ('' without any)."""
    first = plan.checkpoints[0] if plan.checkpoints else None
    return f"\n\n{first.warning_signs}" if first and first.warning_signs else ""


def plan_end_text(plan: Plan) -> str:
    """When the plan's reminders stop and what then (planning list, session 60: a 9- to 26-week plan's
    reminders ended without a word that going on needs a new plan; only an 8-week plan's week-8 review said so)."""
    last = plan_end(plan.start, plan.weeks)
    return (
        f"\n\nYour plan's last night is {last:%d %B %Y} (week {plan.weeks}): these reminders stop then. "
        "To go on after it, make a new plan on the Dose plan page."
    )


def _cautions_text(cautions: Sequence[str]) -> str:
    return f"\n\n{CAUTIONS_HEAD}:\n" + "\n".join(cautions) if cautions else ""


def ics_bytes(
    plan: Plan,
    *,
    created: dt.datetime | None = None,
    cautions: Sequence[str] = (),
    until: dt.date | None = None,
    resume: dt.date | None = None,
) -> bytes:
    """The plan as .ics bytes; a plan without steps still carries its review events.

    ``created`` (aware) is every event's DTSTAMP; the caller passes the download's time.
    Left out, it is now (UTC) — the one impure default, kept for callers that do not pass it yet.
    ``cautions``: :func:`maglib.safety.doctor_cautions` of the person's medicines, in every dose
    and review event (the plan's reminders are what the person sees each day).
    ``until``: the first night of an on/off trial set up beside the plan: the plan's dose reminders
    end the night before it (the trial's calendar has the nights from then; phone and GP review,
    2026-12-04: both files gave two reminders on 14 nights, and one on the trial's off-nights).
    ``resume``: the night after the trial's last: the plan's reminders start again then, for a plan
    that runs on past the trial (pharmacist review, 2026-12-05: a 26-week plan's last six weeks were
    in neither file).
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Magnesium plan")
    cal.add("x-wr-caldesc", f"{REIMPORT_NOTE} {CHECK_AFTER_IMPORT}")
    key = _plan_key(plan)
    when = created if created is not None else dt.datetime.now(dt.UTC)
    stamp = when.astimezone(dt.UTC).replace(microsecond=0)

    decide = plan.checkpoints[-1] if plan.checkpoints else None
    for step in plan.steps:
        runs = _nights_outside_trial(step, until, resume)
        for part, first_night, nights in _split_at_review(runs, decide.day if decide else None):
            after_review = part.endswith(AFTER_REVIEW_PART)
            for dose in step.doses:
                if dose.units <= 0:
                    continue
                first = dt.datetime.combine(
                    first_night + dt.timedelta(days=dose.day_offset), time_of(dose.minute)
                )
                what = _dose_text(dose, plan)
                # From the last review on, only if it decided to go on (planning list, session 58: the
                # reminders ran the whole 12 weeks although the week-8 review says stop if not clearly helped).
                only_if = (
                    f"if you continue after {'your on/off trial and ' if part.startswith(AFTER_TRIAL_PART) else ''}"
                    f"the week {decide.week} review"
                    if decide
                    else ""
                )
                event = Event()
                event.add("uid", _uid(key, f"step{step.index}-{dose.label.lower()}{part}"))
                event.add("dtstamp", stamp)
                event.add(
                    "summary",
                    f"Magnesium, {dose_name(dose, plan)}"
                    + (f" ({only_if})" if after_review else "")
                    + f": {what}",
                )
                ends_before = until is not None and first_night + dt.timedelta(days=nights) == until
                event.add(
                    "description",
                    (
                        _after_review_text(decide, part.startswith(AFTER_TRIAL_PART))
                        if after_review and decide
                        else ""
                    )
                    + f"Weeks {step.first_week}–{step.last_week} of your plan: {mg_text(step.delivered_mg)} mg a day "
                    + (
                        f"from this product; with the {mg_text(plan.other_mg)} mg your other products give, "
                        f"{mg_text(step.delivered_mg + plan.other_mg)} mg a day in all."
                        if plan.other_mg > 0
                        else "in total."
                    )
                    + f" {ONCE_NOTE}"
                    + (
                        f"\n\nThese reminders end on the night before your on/off trial's first night "
                        f"({until:%d %B %Y}): the trial's calendar has the nights from then"
                        + (f" to {resume - dt.timedelta(days=1):%d %B %Y}." if resume is not None else ".")
                        # On the reminders that end the night before the trial, while the plan goes on.
                        if until is not None and ends_before and until <= plan.steps[-1].last_day
                        else ""
                    )
                    + (
                        f"\n\nThese reminders start again on the night after your on/off trial's last night "
                        f"({resume:%d %B %Y})."
                        if resume is not None and part.startswith(AFTER_TRIAL_PART)
                        else ""
                    )
                    + plan_end_text(plan)
                    + _hours_text(plan)
                    # The person's own medicines' cautions before the general signs (adversarial review,
                    # 2026-12-05: digoxin's signs came ~5,100 characters in, after every red flag).
                    + _cautions_text(cautions)
                    + any_time_text(plan)
                    + f"\n\n{UNCHECKED_MEDICINES}\n\n"
                    + REIMPORT_NOTE,
                )
                event.add("dtstart", first)
                event.add("duration", dt.timedelta(minutes=DOSE_EVENT_MINUTES))
                event.add("rrule", {"freq": "daily", "count": nights})
                take = (
                    f"Take magnesium {only_if}" if after_review else "Take magnesium"
                )  # "… if you continue after …"
                event.add_component(_alarm(f"{take}: {what}. {ONCE_NOTE}", dt.timedelta(0)))
                cal.add_component(event)

    for checkpoint in plan.checkpoints:
        event = Event()
        event.add("uid", _uid(key, f"review-week{checkpoint.week}"))
        event.add("dtstamp", stamp)
        event.add("summary", f"Magnesium plan: week {checkpoint.week} review (decide)")
        event.add(
            "description",
            "\n".join(t for t in (checkpoint.title, checkpoint.decision, *checkpoint.items) if t)
            + _cautions_text(cautions)
            + f"\n\n{UNCHECKED_MEDICINES}",
        )
        event.add("dtstart", checkpoint.day)
        event.add("dtend", checkpoint.day + dt.timedelta(days=1))
        event.add_component(_alarm(f"Magnesium plan: week {checkpoint.week} review", dt.timedelta(hours=9)))
        cal.add_component(event)
    return cal.to_ical()


#: The uid part of a step's nights from the plan's last review on (:func:`_split_at_review`), and of its
#: nights after an on/off trial (:func:`_nights_outside_trial`).
AFTER_REVIEW_PART = "-after-review"
AFTER_TRIAL_PART = "-after-trial"


def _split_at_review(
    runs: Sequence[tuple[str, dt.date, int]], review: dt.date | None
) -> list[tuple[str, dt.date, int]]:
    """Each run of nights split at ``review`` (the plan's last review, whose decision is whether to go
    on): the nights before it keep their uid part, those from it on get :data:`AFTER_REVIEW_PART` added."""
    if review is None:
        return list(runs)
    split: list[tuple[str, dt.date, int]] = []
    for part, first, nights in runs:
        before = min(nights, max(0, (review - first).days))
        if before > 0:
            split.append((part, first, before))
        if nights > before:
            split.append((part + AFTER_REVIEW_PART, first + dt.timedelta(days=before), nights - before))
    return split


def _after_review_text(review: Checkpoint, after_trial: bool) -> str:
    """Said first in a reminder from the plan's last review on (``after_trial``: a run after an on/off trial)."""
    trial = " and your on/off trial found that it helps you" if after_trial else ""
    return (
        f"From your week {review.week} review ({review.day:%d %B %Y}) on, take it only if that review "
        f"decided to continue{trial}. {review.decision} If you stop, delete these reminders.\n\n"
    )


def _nights_outside_trial(
    step: Step, until: dt.date | None, resume: dt.date | None
) -> list[tuple[str, dt.date, int]]:
    """The step's nights as (uid part, first night, count) runs: all of them without a trial; else
    those before ``until`` (the trial's first night) and those from ``resume`` (the night after its
    last), each run only when it has nights. The first run keeps the uid part it always had ("")."""
    if until is None:
        return [("", step.first_day, step.days)]
    runs = []
    before = min(step.days, (until - step.first_day).days)
    if before > 0:
        runs.append(("", step.first_day, before))
    if resume is not None and resume <= step.last_day:
        start = max(step.first_day, resume)
        runs.append((AFTER_TRIAL_PART, start, (step.last_day - start).days + 1))
    return runs


def _step_on(plan: Plan, day: dt.date) -> Step:
    """The plan's step for ``day``: the step that covers it; the first step before the plan begins
    and the last (its settled dose) after it ends. An on-block never takes a dose the plan has not
    reached on that night (pharmacist review, 2026-12-04: a trial begun before the plan's step up
    put the stepped dose in every on-block from the trial's first night)."""
    if day < plan.steps[0].first_day:
        return plan.steps[0]
    return next((s for s in plan.steps if s.first_day <= day <= s.last_day), plan.steps[-1])


def _runs_of_steps(plan: Plan, first: dt.date, days: int) -> list[tuple[dt.date, int, Step]]:
    """The nights ``first`` … ``first + days - 1`` as runs of one step each: (first night, nights, step)."""
    runs: list[tuple[dt.date, int, Step]] = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        step = _step_on(plan, day)
        if runs and runs[-1][2] is step:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1, step)
        else:
            runs.append((day, 1, step))
    return runs


def replaces_plan_calendar(first_night: dt.date) -> str:
    """Said in the trial's calendar and beside its download: from the trial's first night the
    plan's own reminders would double the dose on on-nights and break the off-nights (pharmacist
    review, 2026-12-04); before it they are the plan's, and stay (adversarial review: "delete them
    before you import" left weeks without reminders when the trial starts later). Which plan file
    holds them: one added before the set-up (the Dose plan page's file made after it already ends
    the night before; phone review, 2026-12-05: the two pages' words read as a contradiction)."""
    return (
        f"From the trial's first night ({first_night:%d %B %Y}) this calendar replaces the dose plan's: if "
        "you added the plan's calendar before setting up this trial, delete its magnesium reminders from "
        'that night on ("this and following events"), or on-nights get two reminders and off-nights still '
        "get one; keep them before it. A plan calendar downloaded after this set-up already leaves out "
        "the trial's nights."
    )


def _plan_clinician(plan: Plan) -> str:
    """Who the trial's result goes to: the clinician who advised the dose, the prescriber who agreed to
    the plan, else the person's doctor or pharmacist."""
    if plan.advised_by:
        return f"the {plan.advised_by} who advised the dose"
    return plan.prescriber or "your doctor or pharmacist"


def off_block_words(plan: Plan | None) -> str:
    """What an off-block means (the plan's supplement only: a medicine with magnesium stays as it is),
    and whom to ask first: on a clinician's dose, the clinician who advised it (pharmacist review,
    2026-12-05: a pregnant person on her midwife's dose was told to ask her pharmacist); on a plan a
    prescriber agreed to, that prescriber."""
    ask = (
        f"the {plan.advised_by} who advised the dose"
        if plan is not None and plan.advised_by
        # A plan a prescriber agreed to (clinician review, 2026-12-05: on digoxin, "ask your pharmacist").
        else plan.prescriber
        if plan is not None and plan.prescriber
        else "your pharmacist"
    )
    return (
        "leave out this plan's magnesium supplement; keep any medicine or product with magnesium you take "
        # Before the trial, not on the off-block's first night (adversarial re-review, 2026-12-05).
        f"anyway (antacid, laxative, multivitamin) exactly as before, and check this with {ask} before the "
        "trial begins"
    )


def trial_ics_bytes(
    design: Design,
    plan: Plan,
    *,
    created: dt.datetime | None = None,
    link: str = "",
    cautions: Sequence[str] = (),
) -> bytes:
    """The on/off trial as .ics: one all-day event per block, the plan's dose reminders on "on"
    blocks only (none on "off" blocks), and the end of the trial.

    Only with a plan: a trial calendar never says to take magnesium the Dose plan page did not
    plan (the page offers none without one). ``design.blind``: the person's own calendar when a
    partner fills a pill organiser — no block says on or off; instead, every night of the trial, a
    timed reminder at each of the plan's dose times to take that dose's capsule, with the medicines'
    hours (never which nights are on). ``link``: the trial's set-up (never the nights), for the end event.
    ``cautions``: as for :func:`ics_bytes`, in every on-block (or blinded) dose event, with the medicines' hours
    (as the plan's own dose events have them), and in every block's event.
    """
    if not plan.steps:
        raise ValueError("a trial calendar needs a plan with doses")
    blind = design.blind
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Magnesium on/off trial")
    cal.add("x-wr-caldesc", CHECK_AFTER_IMPORT)
    key = f"trial|{design.seed}|{design.pairs}|{design.block_days}|{design.start}|{blind}"
    when = created if created is not None else dt.datetime.now(dt.UTC)
    stamp = when.astimezone(dt.UTC).replace(microsecond=0)
    last = end_date(design)
    washout = (
        f"Nights 1–{design.washout_nights} of each block are a wash-out: keep logging them; the comparison leaves "
        "them out."
    )

    def _event(uid: str, summary: str, description: str, first: dt.date, days: int) -> Event:
        event = Event()
        event.add("uid", _uid(key, uid))
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("description", description)
        event.add("dtstart", first)
        event.add("dtend", first + dt.timedelta(days=days))
        return event

    def _dose_events(
        prefix: str,
        first_night: dt.date,
        days: int,
        summary: Callable[[DoseSlot], str],
        lead: Callable[[DoseSlot], str],
        alarm: Callable[[DoseSlot], str],
    ) -> None:
        """A timed, daily reminder for each dose of each run of one step in ``days`` nights from
        ``first_night``, with the medicines' hours, what to do at any time and the cautions."""
        for run, (first, nights, step) in enumerate(_runs_of_steps(plan, first_night, days)):
            for dose in step.doses:
                if dose.units <= 0:
                    continue
                event = Event()
                # The first run keeps the uid it always had (a re-import replaces it).
                part = "" if run == 0 else f"-from{first:%Y%m%d}"
                event.add("uid", _uid(key, f"{prefix}-{dose.label.lower()}{part}"))
                event.add("dtstamp", stamp)
                event.add("summary", summary(dose))
                event.add(
                    "description",
                    lead(dose)
                    + f"\n\n{replaces_plan_calendar(design.start)}"
                    + _hours_text(plan)
                    + _cautions_text(cautions)
                    + any_time_text(plan),
                )
                event.add(
                    "dtstart",
                    dt.datetime.combine(first + dt.timedelta(days=dose.day_offset), time_of(dose.minute)),
                )
                event.add("duration", dt.timedelta(minutes=DOSE_EVENT_MINUTES))
                event.add("rrule", {"freq": "daily", "count": nights})
                event.add_component(_alarm(alarm(dose), dt.timedelta(0)))
                cal.add_component(event)

    if blind:
        # A timed reminder at each of the plan's dose times, every night of the trial, with the
        # medicines' hours (calendar review, 2026-12-05: one all-day "tonight's capsule" event named no
        # time and no hours kept free, so a bedtime capsule could fall in an antibiotic's window).
        # Nothing in it says which nights are on.
        _dose_events(
            "blind",
            design.start,
            (last - design.start).days + 1,
            lambda dose: (
                f"Trial: your {dose_name(dose, plan)} capsule from the organiser, then log the night"
            ),
            lambda dose: (
                "Your partner filled the organiser; you do not know which weeks are on or off. On an "
                f"on-night this capsule holds your plan's dose ({_dose_text(dose, plan)}). {ONCE_NOTE} "
                + washout
            ),
            lambda dose: f"Take your {dose.label.lower()} capsule from the organiser. {ONCE_NOTE}",
        )
    else:
        for block in blocks(design):
            what = "ON — take your plan's dose" if block.on else "OFF — no magnesium supplement"
            cal.add_component(
                _event(
                    f"block{block.number}",
                    f"Trial block {block.number} (pair {block.pair}): {what}",
                    f"{block.label.capitalize()} from {block.first:%d %B} to {block.last:%d %B %Y}. "
                    + ("" if block.on else f"Off-block: {off_block_words(plan)}. ")
                    + washout
                    # The medicines' cautions in every block (clinician review, 2026-12-05: digoxin's signs
                    # were in the on-blocks' dose reminders only; the medicine is taken in both).
                    + _cautions_text(cautions)
                    + warning_signs_text(plan),
                    block.first,
                    design.block_days,
                )
            )
            if not block.on:
                continue
            number = block.number
            _dose_events(
                f"block{number}",
                block.first,
                design.block_days,
                lambda dose, n=number: (
                    f"Magnesium (trial on-block {n}), {dose_name(dose, plan)}: {_dose_text(dose, plan)}"
                ),
                lambda dose, n=number: (
                    f"On-block {n} of your trial: your plan's dose for these nights. {ONCE_NOTE} {washout}"
                ),
                lambda dose: f"Take magnesium: {_dose_text(dose, plan)}. {ONCE_NOTE}",
            )
    end = _event(
        "end",
        "Magnesium trial ends: see the result",
        "Upload your journal on the app's On/off trial page to see what your blocks show, and take the summary "
        # To whoever advised or agreed to the plan (adversarial re-review, 2026-12-05).
        f"to {_plan_clinician(plan)}. Your trial: code {design.seed}, {design.pairs} pairs of "
        f"{design.block_days}-night blocks from {design.start.isoformat()}."
        + (f" Its link: {link}" if link else ""),
        last + dt.timedelta(days=1),
        1,
    )
    end.add_component(_alarm("Magnesium trial ends: see the result", dt.timedelta(hours=9)))
    cal.add_component(end)
    return cal.to_ical()
