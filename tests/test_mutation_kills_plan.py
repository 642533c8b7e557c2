"""maglib.schedule (the plan): tests that fail on the small bugs mutation testing planted (issue 19).

Steps that do not divide the distance to the target, rounding at exact unit
boundaries, and doses pushed to exactly midnight.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pytest

from maglib import safety as safe
from maglib import schedule as sch
from maglib.measures import measure_lines, measures_from
from maglib.profile import Profile, reference_for

from .conftest import dataset

DATA = dataset()
BOOK = safe.rule_book(DATA.safety_rules)
NUMBERS = sch.guidance_numbers(DATA.guidance)
CLAIMS = sch.evidence_claims(DATA.evidence)
RULES = sch.medicine_rules(DATA.interactions)
START = dt.date(2026, 1, 5)
REVIEW = NUMBERS.review_week_1
HARD = BOOK.hard_max_mg


def result_for(age=45, stage="general", **answers) -> safe.SafetyResult:
    ref = reference_for(Profile(age, "female", stage), DATA.intake_reference)
    return safe.screen(
        safe.Answers(age_years=age, life_stage=stage, **answers),
        ul_mg=ref.mg_ul_supplemental,
        ul_source_ids="ods-mg-hp",
        rules=BOOK,
        evidence=CLAIMS,
    )


def product(strength=50.0, unit="Tablet", basis="elemental", form=None) -> sch.Product:
    return sch.product_from(DATA.forms, form or "Magnesium citrate", strength, sch.LABEL_BASIS[basis], unit)


def plan(result=None, *, prod=None, start_mg=250, target_mg=400, step_mg=100, step_weeks=4, weeks=12,
         step_up=True, times=(("Evening", 21 * 60),), chosen=(), med_times=None, gap=0.0) -> sch.Plan:  # fmt: skip
    return sch.build_plan(
        safety=result or result_for(),
        numbers=NUMBERS,
        book=BOOK,
        product=prod or product(),
        start=START,
        start_mg=start_mg,
        target_mg=target_mg,
        step_mg=step_mg,
        step_weeks=step_weeks,
        weeks=weeks,
        preferred_times=times,
        rules=list(chosen),
        med_times=med_times or {},
        age_years=45,
        step_up=step_up,
        gap_mg=gap,
    )


# ------------------------------------------------------------ uneven steps (requested_doses)


def test_uneven_step_stops_at_the_target():
    """Bug: ``min(start + step × rises, target)`` without ``min`` (250, 350, 450 mg past a 400 mg
    target)."""
    doses = sch.requested_doses(250, 400, 100, 4, 12, REVIEW, True)
    assert REVIEW == 4
    assert doses == (250,) * 4 + (350,) * 4 + (400,) * 4
    assert max(doses) == 400


@pytest.mark.parametrize(
    ("start", "target", "step", "step_weeks", "weeks", "expected"),
    [
        (250, 400, 100, 2, 10, (250,) * 4 + (350, 350, 400, 400, 400, 400)),
        (200, 330, 40, 1, 9, (200,) * 4 + (240, 280, 320, 330, 330)),
        (250, 400, 0, 4, 8, (250,) * 8),  # no step size: stays at the start
        (400, 250, 100, 4, 8, (400,) * 8),  # start above target: stays at the start
        (250, 250, 100, 4, 6, (250,) * 6),
        (250, 400, 1000, 3, 6, (250,) * 4 + (400, 400)),
    ],
)
def test_requested_doses_table(start, target, step, step_weeks, weeks, expected):
    assert sch.requested_doses(start, target, step, step_weeks, weeks, REVIEW, True) == expected
    assert sch.requested_doses(start, target, step, step_weeks, weeks, REVIEW, False) == (start,) * weeks


def test_requested_doses_clean_their_inputs():
    assert sch.requested_doses(math.nan, 400, 100, 4, 6, REVIEW, True) == (0.0,) * 4 + (100, 100)
    assert sch.requested_doses(250, 400, 100, 0, 6, REVIEW, True) == (250,) * 4 + (350, 400)
    assert sch.requested_doses(250, 400, 100, 4, 0, REVIEW, True) == (250,)
    assert sch.requested_doses(250, 400, -100, 4, 6, REVIEW, True) == (250,) * 6


def test_uneven_step_plan_never_schedules_past_the_target():
    """The same bug seen in the plan a person gets: steps 150, 250, 300 (never 350) below the UL."""
    result = plan(start_mg=150, target_mg=300, step_mg=100, weeks=12)
    assert [(s.first_week, s.last_week, s.scheduled_mg) for s in result.steps] == [
        (1, 4, 150),
        (5, 8, 250),
        (9, 12, 300),
    ]
    assert [s.requested_mg for s in result.steps] == [150, 250, 300]
    assert [s.units for s in result.steps] == [3, 5, 6]
    assert [s.delivered_mg for s in result.steps] == [150, 250, 300]
    assert [s.first_day for s in result.steps] == [
        START,
        START + dt.timedelta(weeks=4),
        START + dt.timedelta(weeks=8),
    ]
    assert [s.days for s in result.steps] == [28, 28, 28]
    assert result.steps[-1].last_day == START + dt.timedelta(days=83)
    assert [s.index for s in result.steps] == [0, 1, 2]
    assert result.target_delivered_mg == 300 and result.max_scheduled_mg == 300
    assert not any(n.rule_id == "ul_supplemental_cap" for n in result.notes)
    # The week-4 decision names the next step, not the target.
    assert "step up to 350 mg a day" in plan(step_mg=100, step_up=False).checkpoints[0].decision


def test_no_step_up_plan_holds_the_start_dose_and_names_no_step_above_the_limit():
    held = plan(step_up=False)
    assert [(s.first_week, s.last_week, s.scheduled_mg) for s in held.steps] == [(1, 12, 250)]
    assert not held.step_up
    full = result_for(other_sources=("x",), other_mg=100)  # 250 mg left under the 350 mg limit
    capped = plan(full, start_mg=250, target_mg=500, step_mg=100, step_up=False)
    assert "cannot step up from 250 mg a day" in capped.checkpoints[0].decision


# ------------------------------------------------------------ rounding to units


@pytest.mark.parametrize(
    ("daily", "unit", "halves", "units"),
    [
        (250, 100, False, 2.0),
        (250, 100, True, 2.5),
        (300, 100, False, 3.0),
        (299.99, 100, False, 2.0),
        (99, 100, True, 0.5),
        (49, 100, True, 0.0),
        (0, 100, False, 0.0),
        (100, 0, False, 0.0),
        (math.inf, 100, False, 0.0),
        (100, math.nan, False, 0.0),
        (-100, 100, False, 0.0),
    ],
)
def test_units_within_rounds_down_exactly(daily, unit, halves, units):
    got = sch.units_within(daily, unit, halves)
    assert got == units
    if got:
        assert got * unit <= daily + 1e-9


def test_units_within_never_goes_above_the_dose_for_awkward_strengths():
    for unit in (33.3, 41.7, 62.5, 83.33, 0.1, 0.7, 1 / 3):
        for daily in (100, 250, 350, 366):
            for halves in (False, True):
                units = sch.units_within(daily, unit, halves)
                grain = 2 if halves else 1
                assert units * unit <= daily
                assert (units + 1 / grain) * unit > daily


@pytest.mark.parametrize(
    ("total", "n", "halves", "shares"),
    [
        (5, 2, False, (2.0, 3.0)),
        (5, 2, True, (2.5, 2.5)),
        (2.5, 2, True, (1.0, 1.5)),
        (3, 1, False, (3.0,)),
        (7, 3, False, (2.0, 2.0, 3.0)),
        (8, 3, False, (2.0, 3.0, 3.0)),
    ],
)
def test_split_units_gives_the_later_doses_the_extra(total, n, halves, shares):
    assert sch.split_units(total, n, halves) == shares


def test_split_plan_puts_the_extra_half_in_the_evening():
    result = plan(step_up=False, start_mg=250, prod=product(100),
                  times=(("Morning", 8 * 60), ("Evening", 21 * 60)))  # fmt: skip
    doses = result.steps[0].doses
    assert [(d.label, d.minute, d.units, d.delivered_mg) for d in doses] == [
        ("Morning", 480, 1.0, 100.0),
        ("Evening", 1260, 1.5, 150.0),
    ]


@pytest.mark.parametrize(
    ("gap", "start"), [(0, 250), (-5, 250), (1, 25), (25, 25), (26, 50), (240, 250), (900, 250)]
)
def test_start_for_gap_rounds_up_to_25(gap, start):
    assert sch.start_for_gap(gap, 250) == start


def test_elemental_per_unit_from_label_basis():
    assert sch.elemental_mg_per_unit(product(120)) == 120
    glycinate = product(1000, basis="compound", form="Magnesium glycinate (bisglycinate)")
    assert glycinate.elemental_pct is not None
    assert sch.elemental_mg_per_unit(glycinate) == pytest.approx(1000 * glycinate.elemental_pct / 100)
    assert sch.elemental_mg_per_unit(product(0)) == 0
    assert sch.elemental_mg_per_unit(product(-5)) == 0
    assert sch.elemental_mg_per_unit(product(math.inf)) == 0
    unknown = sch.Product("x", "x", "oral", None, 500, "compound", "Tablet", "")
    assert sch.elemental_mg_per_unit(unknown) == 0
    nan_pct = sch.Product("x", "x", "oral", math.nan, 500, "compound", "Tablet", "")
    assert sch.elemental_mg_per_unit(nan_pct) == 0


# ------------------------------------------------------------ the label guard in the plan


def test_a_tenth_of_a_milligram_label_gets_no_plan():
    """Bug: the units-a-day guard removed — a 0.1 mg label (a mg/g mix-up) would get a plan."""
    result = plan(prod=product(0.1), step_up=False)
    assert result.steps == ()
    note = next(n for n in result.notes if n.rule_id == "max_units_per_day")
    assert note.level == "error" and "2500 tablets a day" in note.text


def test_the_label_guard_sees_the_capped_dose_not_the_request():
    # 600 mg asked at the step up, 350 mg allowed: 7 units of 50 mg, which passes the 8-unit guard.
    result = plan(start_mg=250, target_mg=600, step_mg=350, step_up=True)
    assert result.steps and result.steps[-1].units == 7 and result.steps[-1].scheduled_mg == 350
    cap = next(n for n in result.notes if n.rule_id == "ul_supplemental_cap")
    assert cap.level == "warning" and "stops at 350 mg a day" in cap.text
    assert cap.source_ids == BOOK.cite(
        "ul_supplemental_cap", "hard_max_mg"
    )  # ods-mg-hp once (was listed twice)


# ------------------------------------------------------------ midnight and placement


def test_a_dose_asked_for_waking_hours_gets_no_night_time_and_the_night_ends_at_six():
    """Rule night_dose_no_plan (adversarial review, 2026-12-05): a dose asked for 23:00 that only the
    night leaves free (here 00:00) is left out, with the reason naming that time and the medicine;
    asked at 05:59 (in the night) it stays in the night, asked at 06:00 (the day) it does not."""
    # (05:59, 24:00): only the night is free.
    window = sch.Window(
        label="Test medicine", med_minute=22 * 60, start=5 * 60 + 59, length=18 * 60 + 1, source_ids="x"
    )
    (placed,) = sch.place_doses((("Evening", 23 * 60),), (window,))
    assert (placed.minute, placed.day_offset, placed.moved_minutes, placed.source_ids) == (None, 0, 0, "x")
    assert placed.reason == (
        "No time in waking hours keeps the evening dose apart from: Test medicine; the only free time is "
        "at night (00:00). " + sch.NIGHT_DOSE_NOTE + " If you are up at 00:00 anyway, you can set the "
        "evening dose to that time yourself."
    )
    # Free only 00:00-06:00 (the window covers 06:00-24:00): 05:59 is night, 06:00 is day.
    day = sch.Window(label="Med", med_minute=15 * 60, start=6 * 60 - 1, length=18 * 60 + 1)
    (night_asked,) = sch.place_doses((("Morning", 5 * 60 + 59),), (day,))
    assert night_asked.minute == 5 * 60 + 59 and night_asked.reason == ""
    (day_asked,) = sch.place_doses((("Morning", 6 * 60),), (day,))
    assert day_asked.minute is None and "the only free time is at night (05:59)" in day_asked.reason
    # A dose moved to exactly 06:00 is in the day and stays (the night ends at 06:00).
    early = sch.Window(label="Med", med_minute=3 * 60, start=0, length=6 * 60)  # (00:00, 06:00)
    (six,) = sch.place_doses((("Morning", 5 * 60),), (early,))
    assert six.minute == 6 * 60 and six.reason.startswith("Morning dose moved 1 h 00 min later")


def test_a_dose_moved_back_past_midnight_is_the_evening_before():
    window = sch.Window(label="Med", med_minute=0, start=23 * 60 + 50, length=150)
    (placed,) = sch.place_doses((("Morning", 30),), (window,))
    assert placed.minute == 23 * 60 + 50 and placed.moved_minutes == -40
    assert placed.day_offset == 0
    assert placed.reason == (
        "Morning dose moved 0 h 40 min earlier, from 00:30 to 23:50 (the evening before), "
        "to keep it apart from: Med."
    )


def test_a_dose_moved_to_one_minute_before_midnight_stays_on_its_day():
    window = sch.Window(label="Med", med_minute=0, start=22 * 60, length=119)
    (placed,) = sch.place_doses((("Evening", 23 * 60),), (window,))
    assert placed.minute == 23 * 60 + 59 and placed.day_offset == 0
    assert "(after midnight)" not in placed.reason and "0 h 59 min later" in placed.reason


def test_a_dose_only_the_night_leaves_free_gives_no_plan():
    rule = next(r for r in RULES if r.class_id == "tetracyclines")
    assert (rule.gap_before_h, rule.gap_after_h) == (6, 4)
    # 20:00 blocks 14:00-24:00 (the window ends exactly at midnight); 11:00 blocks 05:00-15:00, so
    # only the night is free: the 23:59 dose would go to 00:00. No alarm in the night (rule
    # night_dose_no_plan): no plan, an error that sends the person to the pharmacist.
    result = plan(step_up=False, times=(("Evening", 24 * 60 - 1),), chosen=[rule],
                  med_times={rule.class_id: (dt.time(11, 0), dt.time(20, 0))})  # fmt: skip
    assert result.steps == ()
    (note,) = [n for n in result.notes if "the only free time is at night" in n.text]
    assert note.level == "error" and "at night (00:00)" in note.text
    assert note.text.startswith("No time in waking hours keeps the evening dose apart from: Tetracycline")
    assert note.source_ids == rule.source_ids
    # Set at 00:00 by the person, the dose stands, a day later in the plan.
    chosen = plan(step_up=False, times=(("Evening", 24 * 60),), chosen=[rule],
                  med_times={rule.class_id: (dt.time(11, 0), dt.time(20, 0))})  # fmt: skip
    slot = chosen.steps[0].doses[0]
    assert (slot.minute, slot.day_offset) == (0, 1)


def test_two_doses_never_share_a_minute_and_ties_go_later():
    (a, b) = sch.place_doses((("Morning", 600), ("Evening", 600)), ())
    assert (a.minute, b.minute) == (600, 601)
    assert (
        b.reason
        == "Evening dose moved 0 h 01 min later, from 10:00 to 10:01, to keep it apart from: another dose."
    )
    window = sch.Window(label="W", med_minute=0, start=100, length=100)
    (mid,) = sch.place_doses((("Evening", 150),), (window,))
    assert mid.minute == 200 and mid.moved_minutes == 50


def test_no_free_time_is_an_error_note_naming_every_medicine():
    windows = (
        sch.Window("Beta", 0, 0, 24 * 60 + 1, "s2"),
        sch.Window("Alpha", 0, 0, 60, "s1;s2"),
    )
    (placed,) = sch.place_doses((("Evening", 1260),), windows)
    assert placed.minute is None
    assert placed.reason == (
        "No time of day keeps the evening dose apart from: Alpha, Beta. "
        "Ask your pharmacist how to fit magnesium around these medicines."
    )
    assert placed.source_ids == "s2;s1"


@pytest.mark.parametrize(
    ("minute", "start", "length", "inside"),
    [
        (100, 100, 60, False),  # boundaries are allowed
        (160, 100, 60, False),
        (101, 100, 60, True),
        (159, 100, 60, True),
        (5, 1430, 20, True),  # wraps midnight
        (10, 1430, 20, False),
        (100, 100, 0, False),
        (100, 100, 24 * 60, False),  # a whole day: only the start is free
        (101, 100, 24 * 60, True),
        (100, 100, 24 * 60 + 1, True),
    ],
)
def test_in_window_boundaries(minute, start, length, inside):
    assert sch.in_window(minute, sch.Window("W", 0, start, length)) is inside


def test_separation_window_from_a_rule():
    rule = next(r for r in RULES if r.has_timing and r.gap_before_h and r.gap_after_h)
    (window,) = sch.separation_windows([rule], {rule.class_id: dt.time(1, 0)})
    before, after = round(rule.gap_before_h * 60), round(rule.gap_after_h * 60)
    assert window.start == (60 - before) % 1440 and window.length == before + after
    assert (
        window.med_minute == 60 and window.label == rule.drug_class and window.source_ids == rule.source_ids
    )
    assert window.end == (60 + after) % 1440
    assert sch.separation_windows([rule], {}) == ()
    avoid = next(r for r in RULES if not r.has_timing)
    assert sch.separation_windows([avoid], {avoid.class_id: dt.time(1, 0)}) == ()


def test_circular_shift_takes_the_short_way():
    assert sch._circular_shift(1430, 10) == 20
    assert sch._circular_shift(10, 1430) == -20
    assert sch._circular_shift(0, 720) == 720
    assert sch._circular_shift(0, 721) == -719


# ------------------------------------------------------------ plan notes


def test_plan_notes_for_rounding_and_a_product_too_strong():
    rounded = plan(prod=product(100, unit="Capsule"), step_up=False, start_mg=250)
    assert rounded.steps[0].units == 2 and rounded.steps[0].delivered_mg == 200
    assert any(n.level == "info" and "rounds down" in n.text for n in rounded.notes)
    exact = plan(prod=product(100), step_up=False, start_mg=250)  # 2.5 tablets
    assert not any("rounds down" in n.text for n in exact.notes)
    # 40 mg short of 250 with 70 mg units is more than half a unit short: still noted.
    assert any("rounds down" in n.text for n in plan(prod=product(70, unit="Capsule"), step_up=False).notes)
    strong = plan(prod=product(300, unit="Capsule"), step_up=False, start_mg=250)
    assert strong.steps == ()
    assert strong.notes == (
        safe.Note(
            "warning",
            "**Check the label or choose a lower strength:** the smallest portion of this product (300 mg of "
            "magnesium) is more than the starting dose (250 mg), so there is no plan to take.",
            product(300, unit="Capsule").source_ids,
        ),
    )
    halves = plan(prod=product(600), step_up=False, start_mg=250)  # half a tablet is 300 mg
    assert halves.steps == () and "(300 mg of magnesium)" in halves.notes[0].text
    fits = plan(prod=product(500), step_up=False, start_mg=250)  # half a tablet is exactly 250 mg
    assert fits.steps and fits.steps[0].units == 0.5


def test_above_ul_steps_are_marked_and_noted_only_when_lifted():
    lifted = result_for(above_ul_confirmed=True)
    result = plan(lifted, start_mg=366, target_mg=366, step_up=False, prod=product(61))
    assert result.steps[0].scheduled_mg == 366 and result.steps[0].above_ul
    note = next(n for n in result.notes if n.rule_id == "clinician_above_ul")
    assert note.level == "warning" and "days above 350 mg" in note.text and "never above 366 mg" in note.text
    at_ul = plan(lifted, start_mg=350, target_mg=350, step_up=False)
    assert not at_ul.steps[0].above_ul
    assert not any(n.rule_id == "clinician_above_ul" for n in at_ul.notes)
    assert result.above_ul_allowed and result.limit_mg == 366 and result.ul_mg == 350


def test_other_products_lower_the_plan_and_are_named_in_the_cap_note():
    result = plan(result_for(other_sources=("x",), other_mg=100), start_mg=250, target_mg=300, step_mg=50)
    assert {s.scheduled_mg for s in result.steps} == {250} and result.other_mg == 100
    cap = next(n for n in result.notes if n.rule_id == "ul_supplemental_cap")
    assert cap.text == (
        "**The plan stops at 250 mg a day:** your upper limit for magnesium from supplements and medicines, "
        "minus the 100 mg a day your other products give. Higher doses only on a clinician's advice (adults "
        "who are not pregnant or breastfeeding)."
    )


def test_no_plan_when_screen_forbids_or_topical_or_no_time():
    assert plan(result_for(kidney_disease=True)).steps == ()
    blocked = plan(result_for(kidney_disease=True))
    assert blocked.limit_mg == 0.0 and blocked.notes == ()
    topical_form = next(f for f in sch.FORM_OPTIONS if f.lower().startswith("topical"))
    topical = plan(prod=product(100, unit="Spray", form=topical_form))
    assert topical.steps == ()
    assert [n.text.split("**")[1] for n in topical.notes] == [
        "Topical magnesium is not part of the oral plan."
    ]
    window = sch.Window("All day", 0, 0, 24 * 60 + 1, "src")
    assert sch.place_doses((("Evening", 1260),), (window,))[0].minute is None


def test_plan_inputs_are_cleaned():
    result = plan(weeks=math.inf, step_weeks=math.nan, step_up=False)
    assert result.weeks == 1 and len(result.steps) == 1 and result.steps[0].days == 7
    result = plan(weeks=0, step_up=False)
    assert result.weeks == 1
    bad = plan(start_mg=math.nan, target_mg=-5, step_up=False)
    assert bad.steps[0].scheduled_mg == 0 and bad.steps[0].units == 0


# ------------------------------------------------------------ placement: every field of every placement


def test_an_unmoved_dose_is_placed_as_asked():
    assert sch.place_doses((("Evening", 21 * 60),), ()) == (
        sch.Placement("Evening", 21 * 60, 21 * 60, 0, 0, ""),
    )
    # Asked past the day's end (an evening dose after midnight): the next day, at that time.
    assert sch.place_doses((("Evening", 24 * 60 + 30),), ()) == (sch.Placement("Evening", 30, 30, 1, 0, ""),)


def test_a_dose_beside_a_taken_window_edge_stays_after_the_dose_before_it():
    # The window forbids 10:01–11:59; the morning dose holds 10:00 (an allowed edge). The evening
    # dose, wanted at 10:10, went to 09:59, before the morning dose; doses asked in order keep it
    # (2026-12-03), so it goes to 12:00. (One minute before a taken edge, when the doses were not
    # asked in order: the next test.)
    window = sch.Window("W", 0, 600, 120, "src-w")
    first, second = sch.place_doses((("Morning", 600), ("Evening", 610)), (window,))
    assert first == sch.Placement("Morning", 600, 600, 0, 0, "")
    assert second == sch.Placement(
        "Evening",
        610,
        720,
        0,
        110,
        "Evening dose moved 1 h 50 min later, from 10:10 to 12:00, to keep it apart from: W.",
        "src-w",
    )


def test_a_minute_taken_by_a_moved_dose_is_not_given_again():
    # Three doses (two would be one: a split squeezed to a minute apart loses a dose).
    window = sch.Window("W", 0, 600, 120)
    first, second, _ = sch.place_doses((("Morning", 610), ("Evening", 600), ("Late", 1200)), (window,))
    assert first.minute == 600 and first.moved_minutes == -10
    assert second.minute == 599 and second.reason.endswith("to keep it apart from: another dose.")


def test_no_free_time_gives_every_dose_an_empty_placement():
    windows = (sch.Window("Beta", 0, 0, 24 * 60 + 1, "s2"), sch.Window("Alpha", 0, 0, 60, "s1;s2"))
    reason = (
        "No time of day keeps the {} dose apart from: Alpha, Beta. "
        "Ask your pharmacist how to fit magnesium around these medicines."
    )
    assert sch.place_doses((("Morning", 480), ("Evening", 1260)), windows) == (
        sch.Placement("Morning", 480, None, 0, 0, reason.format("morning"), "s2;s1"),
        sch.Placement("Evening", 1260, None, 0, 0, reason.format("evening"), "s2;s1"),
    )


def test_a_dose_moved_earlier_to_exactly_midnight_stays_on_its_day():
    window = sch.Window("W", 30, 0, 60)
    (placed,) = sch.place_doses((("Morning", 20),), (window,))
    assert placed == sch.Placement(
        "Morning",
        20,
        0,
        0,
        -20,
        "Morning dose moved 0 h 20 min earlier, from 00:20 to 00:00, to keep it apart from: W.",
    )


def test_two_blocking_medicines_are_both_named():
    windows = (sch.Window("Zinc", 0, 500, 200, "z"), sch.Window("Iron", 0, 550, 100, "i"))
    (placed,) = sch.place_doses((("Evening", 600),), windows)
    assert placed.minute == 700 and placed.reason.endswith("to keep it apart from: Iron, Zinc.")
    assert placed.source_ids == "z;i"


# ------------------------------------------------------------ rounding never goes above the dose


@pytest.mark.parametrize(
    ("daily", "unit", "halves", "units"),
    [
        (100 - 1e-10, 100, False, 0.0),  # 0.999999999999 rounds to 1, which is above the dose
        (300 - 1e-10, 100, False, 2.0),  # 2.999999999999 rounds to 3: back down to 2
        (0.3, 0.1, False, 2.0),  # 3 × 0.1 is 0.30000000000000004 in floats: above 0.3
        (1, 0.5, False, 2.0),
        (0.5, 0.25, True, 2.0),
        (1, 3, True, 0.0),
    ],
)
def test_units_within_corrects_a_rounded_up_count(daily, unit, halves, units):
    got = sch.units_within(daily, unit, halves)
    assert got == units
    assert got * unit <= daily


# ------------------------------------------------------------ build_plan's defaults and cleaning


def test_build_plan_defaults_hold_the_start_dose_with_no_gap_note():
    result = sch.build_plan(
        safety=result_for(),
        numbers=NUMBERS,
        book=BOOK,
        product=product(),
        start=START,
        start_mg=150,
        target_mg=300,
        step_mg=50,
        step_weeks=4,
        weeks=12,
        preferred_times=(("Evening", 21 * 60),),
        rules=(),
        med_times={},
        age_years=45,
    )
    assert [(s.first_week, s.last_week, s.scheduled_mg) for s in result.steps] == [(1, 12, 150)]
    assert not result.step_up and result.gap_mg == 0 and result.notes == ()


def test_weekly_steps_rise_every_week_and_the_review_names_the_first_rise():
    result = plan(start_mg=150, target_mg=300, step_mg=50, step_weeks=1, weeks=8)
    assert [s.scheduled_mg for s in result.steps] == [150, 200, 250, 300]
    assert [s.first_week for s in result.steps] == [1, 5, 6, 7]
    assert "you may step up to 200 mg a day" in result.checkpoints[0].decision
    unreadable = plan(start_mg=150, target_mg=300, step_mg=50, step_weeks=math.nan, weeks=8)
    assert [s.first_week for s in unreadable.steps] == [1, 5, 6, 7]


def test_a_plan_allowed_without_a_limit_is_empty_and_cannot_step_up():
    odd = sch.build_plan(
        safety=replace(result_for(), limit_mg=None),
        numbers=NUMBERS,
        book=BOOK,
        product=product(),
        start=START,
        start_mg=250,
        target_mg=400,
        step_mg=150,
        step_weeks=4,
        weeks=8,
        preferred_times=(("Evening", 21 * 60),),
        rules=(),
        med_times={},
        age_years=45,
    )
    assert odd.steps == ()
    assert "cannot step up from 0 mg a day" in odd.checkpoints[0].decision


def test_clean_turns_anything_unusable_into_zero():
    assert sch._clean("abc") == 0.0 and sch._clean(None) == 0.0  # type: ignore[arg-type]
    assert sch._clean(-5) == 0.0 and sch._clean(math.inf) == 0.0 and sch._clean(math.nan) == 0.0
    assert sch._clean("12.5") == 12.5  # type: ignore[arg-type]
    assert math.copysign(1, sch._clean(-0.0)) == 1  # never "-0 mg"


def test_a_step_below_one_milligram_still_steps():
    assert sch.requested_doses(250, 251, 0.5, 1, 7, REVIEW, True)[REVIEW:] == (250.5, 251, 251)


def test_every_timed_medicine_gets_its_windows_after_one_without_timing():
    avoid = next(r for r in RULES if not r.has_timing)
    timed = [r for r in RULES if r.has_timing][:2]
    med_times = {r.class_id: dt.time(8, 0) for r in (avoid, *timed)}
    windows = sch.separation_windows([avoid, *timed], med_times)
    assert [w.label for w in windows] == [r.drug_class for r in timed]
    twice = sch.separation_windows([timed[0]], {timed[0].class_id: (dt.time(8, 0), dt.time(20, 0))})
    assert [w.med_minute for w in twice] == [480, 1200]


def test_a_window_of_one_minute_still_forbids_the_medicines_own_minute():
    assert sch.in_window(100, sch.Window("W", 100, 100, 1))
    assert not sch.in_window(101, sch.Window("W", 100, 100, 1))
    # A window of no length forbids nothing (no gap either way), not even the medicine's minute.
    assert not sch.in_window(100, sch.Window("W", 100, 100, 0))


# ------------------------------------------------------------ build_plan, field by field and word for word


def build(**overrides) -> sch.Plan:
    args = dict(
        safety=result_for(),
        numbers=NUMBERS,
        book=BOOK,
        product=product(),
        start=START,
        start_mg=250,
        target_mg=400,
        step_mg=150,
        step_weeks=4,
        weeks=8,
        preferred_times=(("Evening", 21 * 60),),
        rules=(),
        med_times={},
        age_years=45,
    )
    args.update(overrides)
    return sch.build_plan(**args)  # type: ignore[arg-type]


def test_a_topical_product_gets_no_plan_and_keeps_every_other_field():
    timed = next(r for r in RULES if r.has_timing)
    topical_form = next(f for f in sch.FORM_OPTIONS if f.lower().startswith("topical"))
    spray = product(100, unit="Spray", form=topical_form)
    med_times = {timed.class_id: dt.time(8, 0)}
    result = build(product=spray, rules=[timed], med_times=med_times, step_up=True, gap_mg=40)
    assert result.steps == () and result.placements == ()
    assert result.windows == sch.separation_windows([timed], med_times) != ()
    assert result.unit_mg == sch.elemental_mg_per_unit(spray) and result.unit == "Spray"
    assert result.step_up is True and result.gap_mg == 40 and result.limit_mg == 350 and result.ul_mg == 350
    assert result.notes == (
        safe.Note(
            "info",
            "**Topical magnesium is not part of the oral plan.** Sprays, oils and bath salts are not added to "
            "your daily total or checked against the upper limit, because how much passes through the skin is "
            "unknown; a 2017 review found absorption claims unsupported. Choose an oral form to build a plan.",
            spray.source_ids,
        ),
    )


def test_a_refused_screen_gives_an_empty_plan_even_with_a_limit():
    refused = replace(result_for(kidney_disease=True), limit_mg=300.0)
    result = build(safety=refused)
    assert result.steps == () and result.notes == () and result.limit_mg == 0.0


def test_the_plan_keeps_its_placements_and_passes_red_flags_to_the_reviews():
    result = build(
        red_flags=("chest pain", "fainting"), preferred_times=(("Morning", 480), ("Evening", 1260))
    )
    assert result.placements == sch.place_doses((("Morning", 480), ("Evening", 1260)), ())
    items = " ".join(result.checkpoints[0].items)
    assert "See a doctor instead if you have: chest pain; fainting." in items


def test_the_label_guard_counts_half_tablets():
    # 350 mg of 40.7 mg tablets is 8.6 tablets: 8 whole (passes) but 8.5 in halves (stopped).
    result = build(product=product(40.7), target_mg=350, step_mg=100, step_up=True)
    assert result.steps == () and result.notes[0].rule_id == "max_units_per_day"
    capsules = build(product=product(40.7, unit="Capsule"), target_mg=350, step_mg=100, step_up=True)
    assert capsules.steps and capsules.steps[-1].units == 8


def test_the_rounding_note_needs_half_a_unit_short_and_at_least_one_unit():
    # 240 mg of 100 mg capsules: 200 mg, 40 mg short — less than half a capsule: no note.
    assert not any(
        "rounds down" in n.text for n in build(product=product(100, unit="Capsule"), start_mg=240).notes
    )
    # 250 mg of 150 mg capsules: one capsule, 100 mg short — more than half: noted.
    one = build(product=product(150, unit="Capsule"), start_mg=250)
    assert one.steps[0].units == 1
    assert (
        safe.Note(
            "info",
            "Whole/half units cannot match every dose exactly; the plan rounds down so it never gives more than "
            "planned (see the “From the units” column).",
        )
        in one.notes
    )


def test_the_cap_note_word_for_word_with_and_without_the_clinician_line():
    capped = build(target_mg=400, step_up=True)
    sources = BOOK.cite("ul_supplemental_cap", "hard_max_mg")  # ods-mg-hp once (was listed twice)
    assert capped.notes == (
        safe.Note(
            "warning",
            "**The plan stops at 350 mg a day:** your upper limit for magnesium from supplements and medicines. "
            "Higher doses only on a clinician's advice (adults who are not pregnant or breastfeeding).",
            sources,
            "ul_supplemental_cap",
        ),
    )
    # A limit no confirmation can lift (a set's 400 mg level above the 366 mg hard maximum): no line.
    # (A pregnant person's or a child's dose above the limit is no plan at all: requested_problem.)
    uk = safe.screen(
        safe.Answers(age_years=45, life_stage="general"),
        ul_mg=400.0,
        ul_source_ids="ods-mg-hp",
        rules=BOOK,
        evidence=CLAIMS,
    )
    level = build(safety=uk, target_mg=400, step_up=True)
    assert level.notes[0].text == (
        f"**The plan stops at {BOOK.hard_max_mg:g} mg a day:** the largest daily dose by mouth in the trials this app "
        f"cites ({BOOK.hard_max_mg:g} mg)."
    )


def test_the_above_ul_note_word_for_word_and_other_products_count():
    lifted = result_for(above_ul_confirmed=True, other_sources=("x",), other_mg=16)
    result = build(safety=lifted, start_mg=350, target_mg=350, product=product(50))
    assert result.steps[0].scheduled_mg == 350 and result.steps[0].above_ul  # 350 + 16 > 350
    note = next(n for n in result.notes if n.rule_id == "clinician_above_ul")
    assert note == safe.Note(
        "warning",
        f"**Above the upper limit:** days above 350 mg are scheduled because you confirmed your clinician "
        f"advised this dose (never above {HARD:g} mg a day). Stop and ask them if you get diarrhoea, nausea or "
        "stomach cramps.",
        BOOK.cite("clinician_above_ul", "hard_max_mg"),
        "clinician_above_ul",
    )


def test_an_equal_move_goes_to_six_in_the_morning_rather_than_midnight():
    # Blocked 06:01–23:59 with the dose wanted at 15:00: 06:00 and 00:00 are both 9 hours away;
    # the tie goes to daytime (06:00 is the first daytime minute), not to the night.
    window = sch.Window("Long", 900, 360, 1080)
    (placed,) = sch.place_doses((("Evening", 900),), (window,))
    assert (placed.minute, placed.moved_minutes) == (360, -540)


def test_an_adult_of_exactly_18_may_step_up_and_17_may_not():
    adult = build(safety=result_for(18), age_years=18, start_mg=150, target_mg=300, step_mg=150, step_up=True)
    assert adult.step_up and [s.scheduled_mg for s in adult.steps] == [150, 300]
    teen_safety = result_for(17, child_dose_confirmed=True)
    teen = build(safety=teen_safety, age_years=17, start_mg=150, target_mg=300, step_mg=150, step_up=True)
    assert not teen.step_up and [s.scheduled_mg for s in teen.steps] == [150]


def test_the_review_decision_names_what_the_units_deliver():
    # 250 mg of 100 mg tablets is 2.5 tablets (halves): 250 mg; the next step, 350 mg (the cap), 3.5.
    result = build(product=product(100), start_mg=250, target_mg=400, step_mg=150)
    assert result.checkpoints[0].decision == (
        "Decide: still having symptoms and no diarrhoea → you may step up to 350 mg a day (choose 'step up' on "
        "the plan page); diarrhoea → lower the dose or try glycinate; symptoms gone → stay at 250 mg."
    )
    # A product too strong for the start: the decision speaks of the dose, not of 0 mg.
    strong = build(product=product(300, unit="Capsule"), start_mg=250, target_mg=400, step_mg=150)
    assert strong.steps == () and "symptoms gone → stay at 250 mg." in strong.checkpoints[0].decision


def test_the_reviews_name_the_measures_given():
    from maglib.measures import measures_from

    measures = measures_from(DATA.measures)
    with_measures = " ".join(build(measures=measures).checkpoints[0].items)
    without = " ".join(build().checkpoints[0].items)
    assert "Other measures, with what the evidence shows" in with_measures
    assert "Other measures" not in without


def test_a_timed_medicine_without_a_time_means_no_plan_word_for_word():
    timed = [r for r in RULES if r.has_timing][:2]
    result = build(rules=timed, med_times={})
    assert result.steps == ()
    assert result.notes == (
        safe.Note(
            "error",
            "**Enter when you take "
            + ", ".join(r.drug_class.lower() for r in timed)
            + "** (every time of day, if more than once): without it no dose can be kept apart from it.",
            ";".join(dict.fromkeys(i for r in timed for i in r.source_ids.split(";") if i)),
        ),
    )


def test_a_product_too_strong_for_a_one_week_plan_or_half_a_milligram():
    one_week = build(product=product(300, unit="Capsule"), weeks=1)
    assert one_week.steps == () and "starting dose (250 mg)" in one_week.notes[0].text
    tiny = build(product=product(100, unit="Capsule"), start_mg=0.5, target_mg=0.5)
    assert tiny.steps == () and "starting dose (0.5 mg)" in tiny.notes[0].text


def test_a_step_up_too_small_for_one_unit_says_so():
    # Start at 0 (nothing yet), step up to 1 mg at the review: 100 mg tablets (50 mg halves) cannot give it.
    result = build(product=product(100), start_mg=0, target_mg=1, step_mg=1, step_up=True)
    assert [(s.scheduled_mg, s.units) for s in result.steps] == [(0, 0), (1, 0)]
    assert result.notes == (
        safe.Note(
            "warning",
            "The smallest portion of this product (50 mg) is more than the dose of some steps, so those steps "
            "have no dose; a lower-strength product would fit better.",
        ),
    )
    held = build(product=product(100), start_mg=0, target_mg=1, step_mg=1)
    assert held.notes == ()
    # 30 mg of 50 mg capsules: no unit, 30 mg short — no "rounds down" note for a step with no dose.
    short = build(product=product(50, unit="Capsule"), start_mg=0, target_mg=30, step_mg=30, step_up=True)
    assert not any("rounds down" in n.text for n in short.notes)


def test_a_one_sided_medicine_rule_forbids_one_side_only():
    after_only = sch.MedicineRule("x", "X", "", "timing", None, 2.0, "", "s")
    before_only = sch.MedicineRule("y", "Y", "", "timing", 3.0, None, "", "s")
    (a,) = sch.separation_windows([after_only], {"x": dt.time(10, 0)})
    (b,) = sch.separation_windows([before_only], {"y": dt.time(10, 0)})
    assert (a.start, a.length) == (600, 120)
    assert (b.start, b.length) == (420, 180)


# ------------------------------------------------------------ waking hours first (2026-12-03)


def test_the_last_minute_before_the_night_is_a_candidate():
    """07:00 is blocked from 05:00 to 23:00: 23:59 the evening before is the nearest waking-hours
    time (7 h 01 min earlier), nearer than 23:00 (8 h); the night (00:00-05:00) is not used."""
    window = sch.Window("W", 12 * 60, 5 * 60, 18 * 60)
    (placed,) = sch.place_doses((("Morning", 7 * 60),), (window,))
    assert (placed.minute, placed.moved_minutes, placed.day_offset) == (23 * 60 + 59, -421, 0)
    assert placed.reason == (
        "Morning dose moved 7 h 01 min earlier, from 07:00 to 23:59 (the evening before), "
        "to keep it apart from: W."
    )


def test_midnight_is_a_night_time_and_six_is_a_waking_time():
    # Wanted at 00:00 (a night time the person chose): the nearest, 00:30, even though it is night.
    (at_midnight,) = sch.place_doses((("Evening", 0),), (sch.Window("W", 0, 23 * 60, 90),))
    assert at_midnight.minute == 30
    # Wanted at 06:00 (a waking time): 07:00, not 05:30 (nearer, but at night).
    (at_six,) = sch.place_doses((("Morning", 6 * 60),), (sch.Window("W", 6 * 60, 5 * 60 + 30, 90),))
    assert at_six.minute == 7 * 60


# ------------------------------------------------------------ the reviews, word for word

MEASURES = measures_from(DATA.measures)


def _reviews(age=45, next_mg=350.0, clinician=False, red_flags=("Flag one", "Flag two")):
    return sch._checkpoints(
        NUMBERS,
        START,
        age_years=age,
        book=BOOK,
        start_mg=250.0,
        next_mg=next_mg,
        red_flags=red_flags,
        measures=MEASURES,
        clinician_dose=clinician,
    )


def test_the_adult_reviews_word_for_word():
    week4, week8 = _reviews()
    assert (week4.week, week4.day, week8.week, week8.day) == (4, dt.date(2026, 2, 2), 8, dt.date(2026, 3, 2))
    assert week4.title == "Week 4 review: is it helping? Use your journal to compare."
    assert (
        week8.title == "Week 8 review: 8 weeks is the guidance's minimum trial; decide whether to continue."
    )
    b6 = safe.b6_advice(45, NUMBERS.b6_mg, BOOK)
    assert b6 is not None
    no_help = "; ".join(measure_lines(MEASURES, sch.REVIEW_IF_NO_HELP))
    others = "; ".join(measure_lines(MEASURES, sch.REVIEW_OTHER_MEASURES))
    expected_items = (
        f"{b6} ({MEASURES['vitamin_b6'].certainty_words}) Also to discuss with your doctor: {no_help}.",
        f"Other measures, with what the evidence shows (details on the Sources page): {others}.",
        f"Side effects: diarrhoea affects roughly {NUMBERS.diarrhoea_pct_low:g}–{NUMBERS.diarrhoea_pct_high:g}% "
        f"of users ({sch.DIARRHOEA_SOURCE_NOTE}); if it happens, lower the dose or move to a gentler form (glycinate).",
        "See a doctor instead if you have: Flag one; Flag two.",
    )
    assert week4.items == week8.items == expected_items
    assert week4.side_effects == week8.side_effects == expected_items[2]  # kept in view on the page
    assert week4.decision == (
        "Decide: still having symptoms and no diarrhoea → you may step up to 350 mg a day (choose 'step up' on "
        "the plan page); diarrhoea → lower the dose or try glycinate; symptoms gone → stay at 250 mg."
    )
    assert week8.decision == (
        "Decide: clearly helped → you may continue; not clearly helped → stop it, and see your doctor if the "
        "cramps go on."
    )
    ids = week4.source_ids.split(";")
    expected_ids = [
        s
        for key in ("review_week_1", "review_week_2", "b6_mg", "diarrhoea_pct_low")
        for s in NUMBERS.source_ids[key].split(";")
    ]
    for measure_id in (*sch.REVIEW_IF_NO_HELP, *sch.REVIEW_OTHER_MEASURES):
        expected_ids += [s for s in MEASURES[measure_id].source_ids.split(";") if s]
    assert ids == list(dict.fromkeys(expected_ids)) and week8.source_ids == week4.source_ids
    assert "" not in ids


def test_the_reviews_without_a_step_up_measures_or_red_flags():
    week4, _ = sch._checkpoints(NUMBERS, START, age_years=45, book=BOOK, start_mg=250.0, next_mg=None)
    assert week4.decision == (
        "Decide: your plan cannot step up from 250 mg a day within your limit. If you still have symptoms, "
        "talk to your doctor; if you have diarrhoea, lower the dose or try glycinate."
    )
    b6 = safe.b6_advice(45, NUMBERS.b6_mg, BOOK)
    assert week4.items == (
        f"{b6}",
        f"Side effects: diarrhoea affects roughly {NUMBERS.diarrhoea_pct_low:g}–{NUMBERS.diarrhoea_pct_high:g}% "
        f"of users ({sch.DIARRHOEA_SOURCE_NOTE}); if it happens, lower the dose or move to a gentler form (glycinate).",
    )
    # Under the B6 age and without measures there is nothing to say when it has not helped.
    young, _ = sch._checkpoints(
        NUMBERS, START, age_years=17, book=BOOK, start_mg=100.0, next_mg=None, clinician_dose=True
    )
    assert young.items == (
        f"Side effects: diarrhoea affects roughly {NUMBERS.diarrhoea_pct_low:g}–{NUMBERS.diarrhoea_pct_high:g}% "
        f"of users ({sch.DIARRHOEA_SOURCE_NOTE}); if it happens, tell the doctor who advised the dose before changing it.",
    )
    assert young.decision.startswith("Decide with the doctor who advised the dose")
    # With measures but under the B6 age: only what to ask about.
    (ask, *_) = _reviews(age=17, clinician=True)[0].items
    assert ask == (
        "If magnesium has not helped, things to discuss with your doctor: "
        + "; ".join(measure_lines(MEASURES, sch.REVIEW_IF_NO_HELP))
        + "."
    )
    (pregnant, *_) = sch._checkpoints(
        NUMBERS,
        START,
        age_years=16,
        book=BOOK,
        start_mg=100.0,
        next_mg=None,
        measures=MEASURES,
        clinician_dose=True,
        clinician="midwife or doctor",
    )[0].items
    assert pregnant.startswith("If magnesium has not helped, things to discuss with your midwife or doctor: ")


def test_every_source_of_a_guidance_number_is_cited_once():
    numbers = replace(NUMBERS, source_ids={**NUMBERS.source_ids, "review_week_1": "a;b", "b6_mg": "b;c"})
    week4, _ = sch._checkpoints(numbers, START, age_years=45, book=BOOK, start_mg=250.0, next_mg=None)
    ids = week4.source_ids.split(";")
    assert ids[:3] == ["a", "b", *numbers.source_ids["review_week_2"].split(";")][:3]
    assert {"a", "b", "c"} <= set(ids) and len(ids) == len(set(ids))


@pytest.mark.parametrize(("age", "adult"), [(17, False), (18, True), (30, False)])
def test_a_childs_reviews_name_no_adult_amounts_or_habits(age, adult):
    """Review, 2026-12-03: a child's plan said 'drink about 2 litres' and 'no alcohol or nicotine';
    a pregnant adult's (the 30-year-old here, on a midwife's dose) said it 'in the evening' and
    suggested vitamin B6."""
    week4, _ = _reviews(age=age, clinician=not adult)
    assert ("vitamin B6" in " ".join(week4.items)) is adult
    others = [i for i in week4.items if i.startswith("Other measures")]
    ids = [i for i in sch.REVIEW_OTHER_MEASURES if adult or i not in sch.ADULT_ONLY_MEASURES]
    assert others == [
        "Other measures, with what the evidence shows (details on the Sources page): "
        + "; ".join(measure_lines(MEASURES, ids))
        + "."
    ]
    text = " ".join(week4.items)
    assert ("2 litres" in text) is adult and ("alcohol" in text) is adult
    # Pharmacist review (2026-12-04): people on diuretics are often told to limit fluids.
    assert ("unless a doctor has told you to limit fluids" in text) is adult
    # The sources follow what is named: a child's list does not cite the alcohol studies.
    assert ("alcohol-nlc-2018" in week4.source_ids.split(";")) is adult


# ------------------------------------------------------------ the start (rule start_at_guidance_dose)


def test_a_self_serve_start_above_the_guidance_is_lowered_and_said():
    """Pharmacist review, 2026-12-03: start_mg=1000 in a link gave a 75-year-old 350 mg a day from
    the first night, one evening dose, with a note about the guidance's 400 mg target."""
    assert safe.start_dose(250.0, 250.0, False, BOOK) == (250.0, None)  # at the guidance: kept
    assert safe.start_dose(100.0, 250.0, False, BOOK) == (100.0, None)
    lowered, note = safe.start_dose(251.0, 250.0, False, BOOK)
    assert lowered == 250.0 and note == safe.Note(
        "warning",
        "**The plan starts at 250 mg a day, not 251 mg:** the guidance starts with 250 mg, and more only if "
        "you still have symptoms at the week-4 review (the step up is offered on that day).",
        BOOK.cite("start_at_guidance_dose"),
        "start_at_guidance_dose",
    )
    assert safe.start_dose(300.0, 250.0, True, BOOK) == (300.0, None)  # a clinician's advised dose
    high = plan(start_mg=1000, target_mg=1000, step_up=False)
    assert {s.scheduled_mg for s in high.steps} == {250}
    assert [n.rule_id for n in high.notes] == ["start_at_guidance_dose"]
    # Confirmed clinician advice above the limit (rule clinician_above_ul) starts as advised.
    lifted = plan(result_for(above_ul_confirmed=True), start_mg=360, target_mg=360, step_up=False)
    assert {s.scheduled_mg for s in lifted.steps} == {360}
    # No plan (kidney disease): no start note either.
    assert plan(result_for(kidney_disease=True), start_mg=1000).notes == ()


# ------------------------------------------- the plan's tables and the other sets' line (2026-12-03)


def test_the_step_and_week_tables_word_for_word():
    """The cells both tables share (_step_cells) and the step table's own, read in full: a split
    plan of 100 mg tablets, 233⅓ mg planned (two decimals, rounded to one), a dose past midnight,
    12.34 mg from other products, three steps (250, 300, 350) every 3 weeks, so the week-8 review is
    the first week of its step."""
    one_third = replace(product(), strength_mg=100.0)
    base = plan(prod=one_third, start_mg=250, target_mg=350, step_mg=50, step_weeks=3, weeks=10,
                times=(("Morning", 8 * 60), ("Evening", 23 * 60 + 30)))  # fmt: skip
    assert [(s.first_week, s.last_week) for s in base.steps] == [(1, 4), (5, 7), (8, 10)]
    first = base.steps[0]
    late = replace(first.doses[1], minute=30, day_offset=1)
    none = replace(first.doses[0], units=0.0, delivered_mg=0.0)
    odd = replace(first, doses=(none, late), delivered_mg=233.333, scheduled_mg=233.333)
    p = replace(base, steps=(odd, *base.steps[1:]), other_mg=12.34)
    steps = sch.plan_steps_table(p)
    assert list(steps.columns) == [
        "Weeks", "From", "To", "Morning dose", "Evening dose", "From the units (mg/day)", "Aimed at (mg/day)",
        "Other products (mg/day)", "In all (mg/day)", "Reviews",
    ]  # fmt: skip
    row = steps.iloc[0].to_dict()
    assert row == {
        "Weeks": "1–4",
        "From": "2026-01-05",
        "To": "2026-02-01",
        "Morning dose": "08:00: none",
        "Evening dose": f"00:30 (after midnight): {sch.unit_text(late.units, 'Tablet')} ({late.delivered_mg:g} mg)",
        "From the units (mg/day)": 233.3,
        "Aimed at (mg/day)": 233.3,
        "Other products (mg/day)": 12.3,
        "In all (mg/day)": 245.7,
        "Reviews": "after week 4: 2026-02-02",
    }
    assert list(steps["Weeks"]) == ["1–4", "5–7", "8–10"]
    assert list(steps["Reviews"]) == ["after week 4: 2026-02-02", "", "after week 8: 2026-03-02"]
    weekly = sch.plan_table(p)
    assert (
        weekly.iloc[0]["Evening dose"] == row["Evening dose"] and weekly.iloc[0]["In all (mg/day)"] == 245.7
    )
    single = replace(p, steps=(replace(p.steps[0], last_week=1),))
    assert list(sch.plan_steps_table(single)["Weeks"]) == ["1"]
    assert sch.plan_steps_table(replace(p, steps=())).empty
    assert "Other products (mg/day)" not in sch.plan_steps_table(replace(p, other_mg=0.0)).columns
    assert sch.plan_steps_table(replace(p, other_mg=0.5))["Other products (mg/day)"].tolist() == [0.5] * 3
    # A step with fewer doses than the plan's dose columns is a bug to stop on, not a column to drop.
    short = replace(p, steps=(p.steps[0], replace(p.steps[1], doses=p.steps[1].doses[:1])))
    with pytest.raises(ValueError):
        sch.plan_steps_table(short)
    with pytest.raises(ValueError):
        sch.plan_table(short)


def test_the_other_sets_line_word_for_word():
    text, lower = sch.other_limits_line(
        300, "US", [("EU", None, "none"), ("UK", None, "unverified"), ("EU2", 250.0, "ul")], 0.5
    )
    assert lower
    assert text == (
        "The plan's highest dose is 300 mg a day (reference values: US); with the 0.5 mg the other "
        "products give, 300.5 mg a day in all. Other authorities' limits: EU: no limit set for this age; UK: not "
        "verified; EU2 upper limit 250 mg. **The EU2 (250 mg) limit is lower than this plan with your other "
        "products:** if you live there, choose those reference values in section 1."
    )
    plain, lower = sch.other_limits_line(200, "US", [("EU", 250.0, "ul")], 0.0)
    assert not lower
    assert (
        plain
        == "The plan's highest dose is 200 mg a day (reference values: US). Other authorities' limits: EU upper limit 250 mg."
    )


def test_a_night_time_the_person_chose_is_not_questioned():
    """Someone who chose a night time (a night-shift worker's 03:00) is not sent to the pharmacist for
    it; a dose moved within waking hours is an info note, as before."""
    window = sch.Window(label="Med", med_minute=0, start=3 * 60 + 30, length=60)
    (placed,) = sch.place_doses((("Evening", 3 * 60 + 45),), (window,))
    assert sch._at_night(placed.minute) and sch.NIGHT_DOSE_NOTE not in placed.reason
    day = sch.Window(label="Med", med_minute=0, start=20 * 60 + 30, length=60)
    (moved,) = sch.place_doses((("Evening", 21 * 60),), (day,))
    assert not sch._at_night(moved.minute) and sch.NIGHT_DOSE_NOTE not in moved.reason


def test_a_dose_moved_within_waking_hours_is_an_info_note():
    """A moved daytime dose is information; only a night the person did not choose is a warning."""
    rule = next(r for r in RULES if r.class_id == "tetracyclines")
    result = plan(step_up=False, chosen=[rule], med_times={rule.class_id: (dt.time(8, 0), dt.time(20, 0))})
    (note,) = [n for n in result.notes if "moved" in n.text]
    assert note.level == "info" and sch.NIGHT_DOSE_NOTE not in note.text


def test_a_late_dose_moved_past_midnight_into_the_morning_is_the_next_day():
    """Mutants of ``want + shift >= DAY_MINUTES`` (never +1; +2): a dose asked at 23:00 whose nearest
    waking-hours time is 07:00 the next morning (14:00-07:00 blocked) is dated the next day."""
    window = sch.Window(label="Med", med_minute=22 * 60, start=14 * 60, length=17 * 60)  # (14:00, 07:00)
    (placed,) = sch.place_doses((("Evening", 23 * 60),), (window,))
    assert (placed.minute, placed.day_offset, placed.moved_minutes) == (7 * 60, 1, 8 * 60)
    assert placed.reason.startswith(
        "Evening dose moved 8 h 00 min later, from 23:00 to 07:00 (after midnight)"
    )


def test_a_night_left_out_dose_cites_every_medicine_it_names():
    """Mutant: the night rule's reason names every medicine (window_names of all windows); its sources
    are theirs too, not only those of the window that blocked the time asked."""
    blocking = sch.Window(
        label="A", med_minute=22 * 60, start=20 * 60, length=4 * 60, source_ids="a"
    )  # (20:00, 24:00)
    day = sch.Window(
        label="B", med_minute=13 * 60, start=6 * 60 - 1, length=14 * 60 + 2, source_ids="b"
    )  # (05:59, 20:01)
    (placed,) = sch.place_doses((("Evening", 21 * 60),), (blocking, day))
    assert placed.minute is None and "apart from: A, B;" in placed.reason
    assert placed.source_ids == "a;b"


def test_a_clinicians_dose_with_a_prescriber_sends_diarrhoea_to_both_word_for_word():
    """Adversarial review (2026-12-05): a pregnant person on digoxin was sent only to the midwife or
    doctor who advised the dose; the digoxin prescriber was never named. Each review says it."""
    who = "the doctor who prescribes your digoxin (heart medicine)"
    week4, week8 = sch._checkpoints(
        NUMBERS,
        START,
        age_years=30,
        book=BOOK,
        start_mg=200.0,
        next_mg=None,
        clinician_dose=True,
        clinician="midwife or doctor",
        prescriber=who,
    )
    assert week4.decision == (
        "Decide with the midwife or doctor who advised the dose: change it only on their advice; if there is "
        f"diarrhoea, call them, and stop the magnesium and ask {who} before taking it again (contact them straight away if it lasts more than a day)."
    )
    assert week8.decision == (
        f"Decide with the midwife or doctor who advised the dose whether to continue. Tell {who} what you decided."
    )
    side = next(i for i in week4.items if i.startswith("Side effects:"))
    assert (
        f"if it happens, stop the magnesium and ask {who} before taking it again (contact them straight away if it lasts more than a day), and tell the midwife or "
        "doctor who advised the dose." in side
    )
    # Without a prescriber: the clinician's words only.
    alone, alone8 = sch._checkpoints(
        NUMBERS, START, age_years=30, book=BOOK, start_mg=200.0, next_mg=None, clinician_dose=True
    )
    assert alone.decision.endswith("if there is diarrhoea, call them.")
    assert alone8.decision == "Decide with the doctor who advised the dose whether to continue."
    assert "if it happens, tell the doctor who advised the dose before changing it." in next(
        i for i in alone.items if i.startswith("Side effects:")
    )


def test_a_prescribers_plan_asks_for_the_blood_tests_again_after_the_start():
    """GP review (2026-12-05): on digoxin and furosemide the blood tests were asked about before the
    start only; the week-4 decision (in view on the page) now asks the prescriber whether to check them
    again. Not without a prescriber, nor without tests."""
    who = "the doctor or doctors who prescribe your loop diuretics and digoxin (heart medicine)"

    def reviews(**kwargs):
        return sch._checkpoints(
            NUMBERS, START, age_years=78, book=BOOK, start_mg=250.0, next_mg=350.0, **kwargs
        )

    week4, week8 = reviews(
        prescriber=who, blood_tests=("magnesium", "kidney function", "potassium", "digoxin level")
    )
    assert week4.decision.endswith(
        f". Ask {who} whether your magnesium, kidney function, potassium and digoxin level should be "
        "checked again now that you take magnesium, and after any step up."
    )
    assert "checked again" not in week8.decision
    one, _ = reviews(prescriber=who, blood_tests=("sodium",))
    assert one.decision.endswith(
        f"Ask {who} whether your sodium should be checked again now that you take magnesium, and after any step up."
    )
    for kwargs in ({"prescriber": who}, {"blood_tests": ("sodium",)}):
        assert not any("checked again" in review.decision for review in reviews(**kwargs))
