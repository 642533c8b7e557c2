"""maglib.schedule: numbers from data, the safety rules, titration, units and spacing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from rapidfuzz import fuzz

from maglib import safety as safe
from maglib import schedule as sch
from maglib.amounts import mg_text
from maglib.calendar_export import ics_bytes
from maglib.data import default_data_dir
from maglib.profile import Profile, reference_for

from .conftest import dataset

DATA = dataset()
NUMBERS = sch.guidance_numbers(DATA.guidance)
RULES = sch.medicine_rules(DATA.interactions)
BY_ID = {r.class_id: r for r in RULES}
CLAIMS = sch.evidence_claims(DATA.evidence)
BOOK = safe.rule_book(DATA.safety_rules)
P = {p.key: p for p in sch.PARAMS}
START = dt.date(2026, 1, 5)


def safety_for(
    age=45,
    sex="female",
    stage="general",
    kidney=False,
    statin=False,
    chosen=(),
    ack=False,
    child=False,
    prescriber=False,
    stage_dose=False,
):
    ref = reference_for(Profile(age, sex, stage), DATA.intake_reference)
    return safe.screen(
        safe.Answers(
            age_years=age,
            life_stage=stage,
            kidney_disease=kidney,
            statin=statin,
            medicines=tuple(chosen),
            above_ul_confirmed=ack,
            child_dose_confirmed=child,
            prescriber_agreed=prescriber,
            stage_dose_confirmed=stage_dose,
        ),
        ul_mg=ref.mg_ul_supplemental,
        ul_source_ids=ref.source_ids,
        rules=BOOK,
        evidence=CLAIMS,
    )


def product(form=sch.FORM_OPTIONS[0], strength=100, basis="elemental", unit="Tablet"):
    return sch.product_from(DATA.forms, form, strength, sch.LABEL_BASIS[basis], unit)


def plan_for(
    *,
    safety=None,
    prod=None,
    start_mg=250,
    target_mg=400,
    step_mg=150,
    step_weeks=4,
    weeks=12,
    times=(("Evening", 21 * 60),),
    chosen=(),
    med_times=None,
    ack=False,
    step_up=True,
    gap=0,
    age=45,
    red_flags=(),
    compound_confirmed=False,
    numbers=None,
    too_much=("", ""),
    step_from=None,
):
    return sch.build_plan(
        safety=safety or safety_for(chosen=chosen, ack=ack),
        numbers=numbers or NUMBERS,
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
        age_years=age,
        step_up=step_up,
        step_from=step_from,
        gap_mg=gap,
        red_flags=red_flags,
        compound_confirmed=compound_confirmed,
        too_much=too_much,
    )


# --------------------------------------------------------------- numbers come from data


def test_param_defaults_equal_guidance_csv():
    assert DATA.guidance_value("start_dose_mg") == P["start_mg"].default == NUMBERS.start_dose_mg == 250
    assert DATA.guidance_value("target_dose_mg") == P["target_mg"].default == NUMBERS.target_dose_mg == 400
    # One step from start to target at the first review.
    assert P["step_mg"].default == NUMBERS.target_dose_mg - NUMBERS.start_dose_mg
    assert P["step_weeks"].default == DATA.guidance_value("review_week_1")
    # The plan is at least as long as the guidance's minimum trial.
    assert P["weeks"].min_value >= DATA.guidance_value("min_trial_weeks")


def test_options_equal_data_columns():
    assert tuple(DATA.forms["form"]) == sch.FORM_OPTIONS
    assert tuple(DATA.interactions["drug_class"]) == sch.MED_CLASS_OPTIONS
    timing = DATA.interactions.loc[DATA.interactions["kind"] == "timing", "class_id"]
    assert tuple(timing) == sch.MED_TIME_CLASS_IDS
    for class_id in sch.MED_TIME_CLASS_IDS:
        assert P[sch.med_time_key(class_id)].kind == "multi"  # every time of day it is taken


def _assert_spaced(gaps: dict[str, tuple[int, int]]) -> None:
    """Each class is a timing row with these gaps (magnesium hours before the medicine, after it)
    and has its own time input."""
    rows = DATA.interactions.set_index("class_id")
    for class_id, (before, after) in gaps.items():
        row = rows.loc[class_id]
        assert (row["kind"], row["mg_gap_before_med_h"], row["mg_gap_after_med_h"]) == (
            "timing",
            before,
            after,
        )
        assert class_id in sch.MED_TIME_CLASS_IDS


def test_the_second_clinical_reviews_medicines_and_red_flags_stay_listed():
    """Added 2026-12-02 with their sources (data/README.md): a later edit must not drop them."""
    rows = DATA.interactions.set_index("class_id")
    gaps = {  # class: (magnesium hours before the medicine, hours after it)
        "digoxin": (4, 4),
        "oral-cephalosporins": (4, 4),
        "mycophenolate": (4, 4),
        "dasatinib": (2, 2),
        "rilpivirine": (2, 4),
        "integrase-inhibitors": (6, 4),
    }
    _assert_spaced(gaps)
    assert "elvitegravir" in rows.loc["integrase-inhibitors", "examples"]
    assert "cabotegravir" in rows.loc["integrase-inhibitors", "examples"]
    flags = set(DATA.red_flags["flag_id"])
    assert {"legs-swelling", "leg-pain-walking", "dark-urine-muscle", "cramp-over-10-minutes"} <= flags


def test_hepatitis_c_antivirals_are_kept_four_hours_from_magnesium():
    """Harvoni's and Epclusa's labels separate antacids by 4 hours (added 2026-12-03, data/README.md)."""
    row = DATA.interactions.set_index("class_id").loc["hcv-ns5a"]
    assert (row["kind"], row["mg_gap_before_med_h"], row["mg_gap_after_med_h"]) == ("timing", 4, 4)
    assert all(name in row["examples"] for name in ("Harvoni", "Epclusa", "Vosevi"))
    assert "Mavyret" in row["advice"]  # the regimens antacids do not affect are named
    assert "hcv-ns5a" in sch.MED_TIME_CLASS_IDS
    assert P[sch.med_time_key("hcv-ns5a")].kind == "multi"


def test_the_third_reviews_medicines_stay_listed_with_their_gaps():
    """Added 2026-12-03 with their sources (data/README.md): a later edit must not drop them."""
    gaps = {  # class: (magnesium hours before the medicine, hours after it)
        "atazanavir": (4, 4),
        "azole-antifungals-ph": (6, 4),
        "fexofenadine": (4, 4),
        "erlotinib": (4, 2),
        "gefitinib": (6, 6),
        "phenytoin": (4, 4),
        "nitrofurantoin": (4, 4),
    }
    _assert_spaced(gaps)


def test_the_medicines_the_leaflets_name_added_after_the_data_review_are_spaced_or_refused():
    """Data review (2026-12-05): medicines the cited UK antacid leaflets (or their own labels) name had no
    row: azithromycin, rifampicin and isoniazid, nilotinib, neratinib (spaced), sotorasib (its own label
    says avoid antacids: no plan, like raltegravir). Each is found by the name on its box."""
    _assert_spaced(
        {"azithromycin": (4, 4), "tb-rifampicin-isoniazid": (4, 4), "nilotinib": (4, 4), "neratinib": (3, 3)}
    )
    rows = DATA.interactions.set_index("class_id")
    assert (
        rows.loc["sotorasib", "kind"] == "avoid"
        and "makes no magnesium plan" in rows.loc["sotorasib", "advice"]
    )
    assert "Sources differ" in rows.loc["nilotinib", "advice"]
    assert (
        "'Antacids should be avoided with nilotinib.'"
        in DATA.sources.set_index("id").loc["smpc-mgoh-mixture", "citation"]
    )
    for name, class_id in (
        ("Zithromax", "azithromycin"),
        ("Rifinah", "tb-rifampicin-isoniazid"),
        ("isoniazid", "tb-rifampicin-isoniazid"),
        ("Tasigna", "nilotinib"),
        ("Lumakras", "sotorasib"),
        ("Nerlynx", "neratinib"),
    ):
        assert [r.class_id for r in sch.find_medicines(RULES, name)] == [class_id], name


def test_rows_resting_on_the_uk_antacid_leaflets_keep_their_upper_end_of_4_hours():
    """Data review (2026-12-05): the rows took the upper end of one UK leaflet's 2-3 hours (3 h) while
    another cited UK antacid leaflet asks 2-4 hours of the same medicines: the app's rule (the longer
    gap each way) gives 4 h. A row keeping less says why in its advice, with the leaflet's own figure
    (erlotinib) or the disagreement shown (gabapentin's label)."""
    leaflets = {"smpc-mgoh-mixture", "smpc-antacid-erlotinib"}
    why_less = {
        "erlotinib": "a UK antacid leaflet says allow at least 4 hours before or 2 hours after erlotinib",
        "gabapentin": "Sources differ: UK antacid leaflets list gabapentin among the medicines to keep 2-3 or 2-4",
    }
    rows = DATA.interactions[DATA.interactions["kind"] == "timing"]
    citing = rows[rows["source_ids"].str.split(";").map(lambda ids: bool(leaflets & set(ids)))]
    assert len(citing) >= 18
    for row in citing.itertuples():
        if row.class_id in why_less:
            assert why_less[row.class_id] in row.advice, row.class_id
        else:
            assert min(row.mg_gap_before_med_h, row.mg_gap_after_med_h) >= 4, row.class_id
            assert "least 3 hours" not in row.advice and "uses 3 hours" not in row.advice, row.class_id


def test_guidance_numbers_read_from_file():
    assert (NUMBERS.b6_mg, NUMBERS.fluid_l) == (40, 2)
    assert (NUMBERS.diarrhoea_pct_low, NUMBERS.diarrhoea_pct_high) == (11, 37)
    assert (NUMBERS.review_week_1, NUMBERS.review_week_2) == (4, 8)
    assert "brief-guidance" in NUMBERS.source_ids["b6_mg"]
    broken = DATA.guidance.loc[DATA.guidance["key"] != "b6_mg"]
    with pytest.raises(KeyError, match="b6_mg"):
        sch.guidance_numbers(broken)


@pytest.mark.parametrize(
    ("age", "ul"), [(1, 65), (3, 65), (4, 110), (8, 110), (9, 350), (45, 350), (90, 350)]
)
def test_ul_by_age(age, ul):
    assert safety_for(age=age).ul_mg == ul


# --------------------------------------------------------------- safety screen


def test_kidney_disease_means_no_plan():
    safety = safety_for(kidney=True)
    assert not safety.plan_allowed
    assert safety.notes[0].level == "error" and "see a clinician first" in safety.notes[0].text
    assert plan_for(safety=safety).steps == ()


def test_no_ul_means_no_plan():
    screened = safe.screen(
        safe.Answers(age_years=45, life_stage="general"),
        ul_mg=None,
        ul_source_ids="ods-mg-hp",
        rules=BOOK,
        evidence=CLAIMS,
    )
    assert not screened.plan_allowed and screened.limit_mg is None
    assert plan_for(safety=screened).steps == ()


def test_under_18_and_pregnancy_get_their_limits_and_a_clinician_note():
    child = safety_for(age=6, child=True)
    assert child.plan_allowed and child.ul_mg == 110
    assert any("Under 18" in n.text and "110 mg" in n.text for n in child.notes)
    # The doctor's dose, up to the limit; above it, no plan (a dose is never changed into another).
    plan = plan_for(safety=child, age=6, start_mg=100)
    assert max(s.scheduled_mg for s in plan.steps) == 100
    assert plan_for(safety=child, age=6).steps == ()  # 250 mg asked, above 110
    pregnant = safety_for(age=30, stage="pregnancy")
    assert any("pregnant" in n.text and "350 mg" in n.text and "doctor" in n.text for n in pregnant.notes)


@pytest.mark.parametrize(
    ("age", "stage", "said"),
    [(30, "pregnancy", True), (16, "pregnancy", True), (30, "lactation", False), (30, "general", False)],
)
def test_a_pregnancy_plan_says_to_ask_again_after_the_birth(age, stage, said):
    """GP and pharmacist reviews (2026-12-05): a 12-week plan begun at 28 weeks ran to term and past it,
    with no word that the midwife's dose was for the pregnancy (rule stage_clinician_dose)."""
    safety = safety_for(age=age, stage=stage, stage_dose=True, child=age < 18)
    assert safety.pregnant is (stage == "pregnancy")
    plan = plan_for(safety=safety, age=age, start_mg=200)
    assert plan.steps
    notes = [n for n in plan.notes if n.text == sch.AFTER_THE_BIRTH]
    assert len(notes) == (1 if said else 0)
    if said:
        (note,) = notes
        assert (note.level, note.rule_id) == ("info", "stage_clinician_dose")
        assert note.source_ids == BOOK.cite("stage_clinician_dose")
        assert sch.AFTER_THE_BIRTH.startswith(
            "**After the birth:** ask your midwife or doctor before going on"
        )
    # No plan, no note (unconfirmed dose).
    unconfirmed = plan_for(safety=safety_for(age=age, stage=stage), age=age, start_mg=200)
    assert not unconfirmed.steps or stage == "general"
    assert all(n.text != sch.AFTER_THE_BIRTH for n in unconfirmed.notes)


def test_statin_considerations_are_shown_with_a_source():
    note = next(n for n in safety_for(statin=True).notes if "statin" in n.text.lower())
    for words in ("statin itself", "pause it", "vitamin D", "CoQ10", "dark urine"):
        assert words in note.text
    assert "brief-guidance" in note.source_ids


def test_a_doctor_kind_medicine_is_a_warning_to_ask_the_prescriber_first():
    """The pharmacist's review: potassium-sparing diuretics make the body keep magnesium; "check with
    your doctor before adding" was a side note under a plan. It is a warning (rule
    doctor_medicine_warning), the plan is still shown; a plain effect (loop diuretics) stays a note."""
    spiro = BY_ID["potassium-sparing-diuretics"]
    assert spiro.kind == "doctor"
    safety = safety_for(chosen=[spiro], prescriber=True)
    assert safety.plan_allowed
    note = next(n for n in safety.notes if spiro.advice in n.text)
    assert (note.level, note.rule_id) == ("warning", "doctor_medicine_warning")
    assert note.text.startswith("**Potassium-sparing diuretics: ask your doctor before you start.**")
    assert set(BOOK.cite("doctor_medicine_warning").split(";")) <= set(note.source_ids.split(";"))
    # A second pharmacist review: medicines that deplete magnesium over time are warnings too (new
    # or worse cramps can be a sign of low magnesium, which a blood test should find first).
    for class_id in ("loop-diuretics", "thiazide-diuretics", "ppi-long-term"):
        rule = BY_ID[class_id]
        assert rule.kind == "doctor" and "blood test" in rule.advice and "cramps" in rule.advice
        safety = safety_for(chosen=[rule], prescriber=True)
        assert safety.plan_allowed
        note = next(n for n in safety.notes if rule.advice in n.text)
        assert (note.level, note.rule_id) == ("warning", "doctor_medicine_warning")


@pytest.mark.parametrize(
    ("name", "class_id"),
    [
        ("alendronic acid", "bisphosphonates"),
        ("Eltroxin", "levothyroxine"),
        ("bendroflumethiazide", "thiazide-diuretics"),
        ("indapamide", "thiazide-diuretics"),
    ],
)
def test_uk_names_on_the_box_find_their_class(name, class_id):
    """Pharmacist review: common UK names found nothing."""
    assert [r.class_id for r in sch.find_medicines(RULES, name)] == [class_id]


@pytest.mark.parametrize(
    ("name", "class_ids"),
    [
        ("Dyazide", ["thiazide-diuretics", "potassium-sparing-diuretics"]),
        ("maxzide", ["thiazide-diuretics", "potassium-sparing-diuretics"]),
        ("co-amilofruse", ["loop-diuretics", "potassium-sparing-diuretics"]),
        ("Frumil", ["loop-diuretics", "potassium-sparing-diuretics"]),
        ("co-amilozide", ["thiazide-diuretics", "potassium-sparing-diuretics"]),
        ("triamterene", ["potassium-sparing-diuretics"]),
        ("metolazone", ["thiazide-diuretics"]),
        ("Zaroxolyn", ["thiazide-diuretics"]),
        # The plain medicines keep finding their own class only (adversarial review, 2026-12-04: with
        # the combinations' generic names in the rows, furosemide found two classes).
        ("furosemide", ["loop-diuretics"]),
        ("hydrochlorothiazide", ["thiazide-diuretics"]),
        ("amiloride", ["potassium-sparing-diuretics"]),
    ],
)
def test_diuretic_names_and_combinations_find_every_class_they_hold(name, class_ids):
    """Pharmacist review (2026-12-04): Dyazide, Maxzide, triamterene, co-amilofruse, co-amilozide,
    metolazone and Zaroxolyn found nothing, so no prescriber was asked; a combination tablet
    names each class it holds, and only a combination does."""
    found = sch.find_medicines(RULES, name)
    assert [r.class_id for r in found] == class_ids
    assert all(r.kind == "doctor" for r in found)
    combined = [r.class_id for r in sch.combination_classes(RULES, name)]
    assert combined == (class_ids if len(class_ids) > 1 else [])
    assert sch.combination_classes(RULES, name[:-1]) == ()  # a part of a name is no combination


def test_effect_kind_medicines_show_advice_without_a_window():
    loop = BY_ID["loop-diuretics"]
    safety = safety_for(chosen=[loop])
    assert any(loop.advice in n.text for n in safety.notes)
    assert sch.separation_windows([loop], {"loop-diuretics": dt.time(8)}) == ()


# --------------------------------------------------------------- titration and the UL


@settings(max_examples=60, deadline=None)
@given(
    weeks=st.integers(min_value=1, max_value=16),
    step_weeks=st.integers(min_value=1, max_value=8),
    step_up=st.booleans(),
    split=st.booleans(),
    other=st.sampled_from([0, 100]),
)
def test_the_screen_s_step_rows_say_what_the_weekly_rows_say(weeks, step_weeks, step_up, split, other):
    """The screen's table has a row per step (phone review: twelve identical weekly rows); read
    against the file's weekly table, computed apart: each step row stands for a run of weeks
    with the same cells, from its first week's first day to its last week's last day, and names
    the reviews that fall in it. A step that merged different weeks, or lost a week, fails."""
    times = (("Morning", 8 * 60), ("Evening", 21 * 60)) if split else (("Evening", 21 * 60),)
    plan = plan_for(weeks=weeks, step_weeks=step_weeks, step_up=step_up, times=times, gap=0)
    if other:
        plan = dataclasses.replace(plan, other_mg=float(other))
    weekly, steps = sch.plan_table(plan), sch.plan_steps_table(plan)
    assert len(steps) == len(plan.steps)
    same = [c for c in weekly.columns if c not in ("Week", "From", "To", "Review after this week")]
    assert list(steps.columns) == ["Weeks", "From", "To", *same, "Reviews"]
    covered = []
    for _, row in steps.iterrows():
        first, _, last = str(row["Weeks"]).partition("–")
        span = weekly[(weekly["Week"] >= int(first)) & (weekly["Week"] <= int(last or first))]
        covered += list(span["Week"])
        assert (span["From"].iloc[0], span["To"].iloc[-1]) == (row["From"], row["To"])
        for column in same:
            assert set(span[column]) == {row[column]}
        reviewed = span[span["Review after this week"] != ""]
        assert row["Reviews"] == "; ".join(
            f"after week {w}: {c.split('(')[1].split(')')[0]}"
            for w, c in zip(reviewed["Week"], reviewed["Review after this week"], strict=True)
        )
    assert covered == list(weekly["Week"]) == list(range(1, weeks + 1))
    for c in plan.checkpoints:  # a review is on the day after its week
        assert c.day == plan.start + dt.timedelta(weeks=c.week)


def test_stepped_plan_caps_at_ul_without_acknowledgement():
    plan = plan_for()
    table = sch.plan_table(plan)
    assert list(table["Week"]) == list(range(1, 13))
    assert set(table.loc[table["Week"] <= 4, "Aimed at (mg/day)"]) == {250}
    assert set(table.loc[table["Week"] > 4, "Aimed at (mg/day)"]) == {350}
    assert max(s.delivered_mg for s in plan.steps) <= 350
    assert any("stops at 350 mg a day" in n.text for n in plan.notes)
    # 250 mg from 100-mg tablets = 2½ tablets.
    assert plan.steps[0].doses[0].units == 2.5


def test_plan_summary_states_each_step_as_delivered():
    plan = plan_for()  # 250 mg, then the UL (350 mg) from week 5, 100-mg tablets
    assert sch.plan_summary(plan) == (
        "Weeks 1–4: 250 mg a day (2½ tablets). Weeks 5–12: 350 mg a day (3½ tablets)."
    )
    above = sch.plan_summary(plan_for(ack=True, target_mg=360, step_mg=110, prod=product(strength=120)))
    assert above.endswith("360 mg a day (3 tablets), above your upper limit.")
    one_week = plan_for(start_mg=100, target_mg=150, step_mg=50, step_weeks=1, weeks=5)
    assert (
        sch.plan_summary(one_week) == "Weeks 1–4: 100 mg a day (1 tablet). Week 5: 150 mg a day (1½ tablets)."
    )


def test_plan_summary_reads_steps_that_deliver_the_same_as_one():
    """A step up that whole capsules cannot follow delivers what the step before did: the summary
    joins them (each group keeps its own weeks), as the table's Delivered column reads."""
    capsule = product(strength=100, unit="Capsule")
    plan = plan_for(prod=capsule, start_mg=250, target_mg=400, step_mg=50, step_weeks=2, weeks=12)
    assert [s.delivered_mg for s in plan.steps] == [200, 300, 300]
    assert sch.plan_summary(plan) == (
        "Weeks 1–4: 200 mg a day (2 capsules). Weeks 5–12: 300 mg a day (3 capsules)."
    )
    weekly = plan_for(prod=capsule, start_mg=100, target_mg=350, step_mg=50, step_weeks=1, weeks=12)
    assert [s.delivered_mg for s in weekly.steps] == [100, 100, 200, 200, 300, 300]
    assert sch.plan_summary(weekly) == (
        "Weeks 1–5: 100 mg a day (1 capsule). Weeks 6–7: 200 mg a day (2 capsules). "
        "Weeks 8–12: 300 mg a day (3 capsules)."
    )


def test_acknowledged_plan_goes_above_the_ul_only_up_to_the_hard_maximum():
    refused = plan_for(ack=True)  # the guidance's 400 mg is above the 366 mg hard maximum
    assert refused.steps == () and any(n.rule_id == "hard_max_mg" for n in refused.notes)
    plan = plan_for(ack=True, target_mg=360, step_mg=110, prod=product(strength=120))
    assert plan.target_delivered_mg == 360
    assert plan.steps[-1].above_ul
    assert any("Above the upper limit" in n.text for n in plan.notes)


def test_step_weeks_and_size():
    plan = plan_for(start_mg=100, target_mg=300, step_mg=50, step_weeks=2, weeks=12)
    planned = list(sch.plan_table(plan)["Aimed at (mg/day)"])
    # No step before the week-4 review; then one step every 2 weeks up to the target.
    assert planned == [100, 100, 100, 100, 150, 150, 200, 200, 250, 250, 300, 300]
    assert sum(s.days for s in plan.steps) == 12 * 7


def test_start_above_target_holds_at_the_start():
    plan = plan_for(start_mg=200, target_mg=150)
    assert {s.scheduled_mg for s in plan.steps} == {200}


def test_compound_label_is_converted_with_elemental_pct():
    citrate = product(form="Magnesium citrate", strength=500, basis="compound", unit="Capsule")
    pct = float(DATA.forms.loc[DATA.forms["form_id"] == "citrate", "elemental_pct"].iloc[0])
    assert sch.elemental_mg_per_unit(citrate) == pytest.approx(500 * pct / 100)
    assert "elemental" in (sch.conversion_note(citrate) or "")


def test_amounts_worked_out_from_a_compound_label_are_shown_to_one_decimal():
    """250 mg of oxide holds a fractional amount of magnesium (250 × elemental % / 100); the plan's
    words, its calendar and its table show it as the table does (one decimal), never 226.125."""
    from maglib import calendar_export

    oxide = product(form="Magnesium oxide", strength=250, basis="compound", unit="Tablet")
    unit_mg = sch.elemental_mg_per_unit(oxide)
    assert round(unit_mg, 1) != unit_mg  # the data make this a fractional amount
    plan = plan_for(prod=oxide, compound_confirmed=True)
    delivered = plan.steps[0].delivered_mg
    assert round(delivered, 1) != delivered  # the case: e.g. 1½ × 150.75 = 226.125
    words = " ".join(
        [sch.plan_summary(plan), *(n.text for n in plan.notes)]
        + [str(v) for v in sch.plan_table(plan).astype(str).to_numpy().ravel()]
    )
    ics = calendar_export.ics_bytes(plan).decode().replace("\r\n ", "")  # unfolded lines
    assert f"{round(delivered, 1):g} mg" in ics
    for text in (words, ics):
        assert f"{delivered:g}" not in text
    assert f"{round(delivered, 1):g} mg a day" in sch.plan_summary(plan)


def test_conversion_note_states_the_label_the_magnesium_and_the_halving_rule():
    pct = float(DATA.forms.loc[DATA.forms["form_id"] == "citrate", "elemental_pct"].iloc[0])
    citrate = product(form="Magnesium citrate", strength=500, basis="compound", unit="Capsule")
    assert sch.conversion_note(citrate) == (
        f"500 mg of Magnesium citrate contains {round(500 * pct / 100, 1):g} mg of elemental magnesium "
        f"({pct:g}% by weight). A capsule cannot be halved, so the plan uses whole units only."
    )
    tablet = product(form="Magnesium citrate", strength=500, basis="compound", unit="Tablet")
    assert sch.conversion_note(tablet) == (
        f"500 mg of Magnesium citrate contains {round(500 * pct / 100, 1):g} mg of elemental magnesium "
        f"({pct:g}% by weight)."
    )
    assert sch.conversion_note(product(strength=100)) is None  # elemental label, tablets halve
    assert sch.conversion_note(product(strength=100, unit="Capsule")) == (
        "A capsule cannot be halved, so the plan uses whole units only."
    )
    topical = product(form=sch.FORM_OPTIONS[-1], strength=100, basis="compound", unit="Capsule")
    assert sch.conversion_note(topical) is None
    # No magnesium in a unit: nothing to convert; under 1 mg a unit is still converted.
    assert sch.conversion_note(product(form="Magnesium citrate", strength=0, basis="compound")) is None
    small = sch.conversion_note(product(form="Magnesium citrate", strength=5, basis="compound"))
    assert (
        small
        == f"5 mg of Magnesium citrate contains {round(5 * pct / 100, 1):g} mg of elemental magnesium ({pct:g}% by weight)."
    )


def test_capsules_are_whole_units_and_never_above_the_dose():
    capsule = product(strength=125, unit="Capsule")
    plan = plan_for(prod=capsule)
    # 250 → 2 capsules; capped 350 → 2 capsules (a third would be 375 > 350).
    assert [(s.scheduled_mg, s.delivered_mg) for s in plan.steps] == [(250, 250), (350, 250)]
    assert all(d.units == int(d.units) for s in plan.steps for d in s.doses)


def test_split_doses_share_half_units_evening_heavier():
    assert sch.split_units(2.5, 2, halves=True) == (1.0, 1.5)
    assert sch.split_units(3, 2, halves=False) == (1.0, 2.0)
    plan = plan_for(times=(("Morning", 8 * 60), ("Evening", 21 * 60)))
    first = plan.steps[0]
    assert [d.units for d in first.doses] == [1.0, 1.5]
    assert first.delivered_mg == 250


def test_topical_is_not_an_oral_plan():
    topical = product(form=sch.FORM_OPTIONS[-1])
    assert topical.route == "topical"
    plan = plan_for(prod=topical)
    assert plan.steps == ()
    assert any("not part of the oral plan" in n.text for n in plan.notes)


def test_product_too_strong_for_the_dose_gives_no_empty_plan():
    plan = plan_for(prod=product(strength=500, unit="Capsule"), start_mg=250, target_mg=250)
    assert plan.steps == ()  # before: a "plan" of 0 mg a day, with a calendar of nothing
    assert any("choose a lower strength" in n.text for n in plan.notes)


@pytest.mark.parametrize(
    ("gap", "step_up", "says"),
    [
        (50, False, "covered from week 1: the plan gives 250 mg"),
        (250, False, "covered from week 1"),
        (300, False, "not fully covered"),
        (300, True, "covered from week 5, after the step up you chose; weeks 1–4 give 250 mg"),
        (900, True, "not fully covered"),
    ],
)
def test_gap_sentence_is_true_and_the_gap_never_raises_the_dose(gap, step_up, says):
    plan = plan_for(gap=gap, step_up=step_up)
    (note,) = [n for n in plan.notes if "diet gap" in n.text]
    assert says in note.text
    assert plan.target_delivered_mg == (350 if step_up else 250)


@pytest.mark.parametrize(
    ("gap", "other", "says"),
    [
        # Pharmacist review (2026-12-06): a pregnancy multivitamin's 150 mg already covered a 75 mg gap.
        (75, 150, "Your diet gap of 75 mg a day (from the Diet page) is covered from week 1: the plan gives 200 mg "
         "a day. Your other products with magnesium give up to 150 mg a day: if you take them every day, they "
         "already cover this gap, and the plan is a trial for your cramps, not a top-up of your diet."),
        (100, 100, "they already cover this gap, and the plan is a trial for your cramps, not a top-up of your diet."),
        # Re-review (2026-12-06): the amount is the most on any one day (an antacid some nights), so it is
        # said beside the gap, not taken off it.
        (300, 100, "Your diet gap of 300 mg a day (from the Diet page) is **not fully covered**: the plan gives at "
         "most 250 mg a day. The gap does not set the dose, and the dose never goes above your limit; food changes can close the rest. "
         "Your other products with magnesium give up to 100 mg a day: if you take them every day, they cover "
         "100 mg of this gap already."),
        (300, 0, "food changes can close the rest."),
    ],
)  # fmt: skip
def test_the_gap_sentence_says_what_the_other_products_give(gap, other, says):
    safety = safe.screen(
        safe.Answers(
            age_years=45,
            life_stage="general",
            other_sources=(safe.OTHER_SOURCE_OPTIONS[2],) if other else (),  # a multivitamin
            other_mg=other,
        ),
        ul_mg=350 + other, ul_source_ids="ods-mg-hp", rules=BOOK, evidence={},
    )  # fmt: skip
    plan = plan_for(safety=safety, gap=gap, step_up=False)
    assert plan.other_mg == other
    (note,) = [n for n in plan.notes if "diet gap" in n.text]
    assert says in note.text and note.level == "info" and note.rule_id == ""
    assert note.text.endswith(says) and ("other products" in note.text) == bool(other)


def test_the_gap_sentences_word_for_word():
    """The gap sentences whole (mutation testing, 2026-12-06: the level and the last sentence were
    unchecked): 1 mg from other products is said (not only above 1); a gap of 1 mg gets a sentence; a
    fractional gap is written as the plan writes amounts."""

    def note(gap, other):
        safety = safe.screen(
            safe.Answers(
                age_years=45,
                life_stage="general",
                other_sources=(safe.OTHER_SOURCE_OPTIONS[2],) if other else (),
                other_mg=other,
            ),
            ul_mg=350 + other, ul_source_ids="ods-mg-hp", rules=BOOK, evidence={},
        )  # fmt: skip
        (found,) = [n for n in plan_for(safety=safety, gap=gap, step_up=False).notes if "diet gap" in n.text]
        return found

    assert note(300, 1) == sch.Note(
        "info",
        "Your diet gap of 300 mg a day (from the Diet page) is **not fully covered**: the plan gives at most "
        "250 mg a day. The gap does not set the dose, and the dose never goes above your limit; food changes can close the rest. Your "
        "other products with magnesium give up to 1 mg a day: if you take them every day, they cover 1 mg of "
        "this gap already.",
    )
    assert note(1, 0) == sch.Note(
        "info",
        "Your diet gap of 1 mg a day (from the Diet page) is covered from week 1: the plan gives 250 mg a day.",
    )
    assert note(75.333, 0).text.startswith("Your diet gap of 75.3 mg a day")
    assert note(50, 50).level == "info"


@pytest.mark.parametrize(
    ("gap", "start"), [(0, 250), (1, 25), (100, 100), (101, 125), (240, 250), (900, 250)]
)
def test_start_for_gap_covers_a_small_gap_and_never_exceeds_the_guidance_start(gap, start):
    assert sch.start_for_gap(gap, NUMBERS.start_dose_mg) == start


def test_parse_start_date():
    today = dt.date(2026, 3, 1)
    assert sch.parse_start_date("", today) == (today, None)
    assert sch.parse_start_date("2026-04-02", today) == (dt.date(2026, 4, 2), None)
    for bad in ("2026-13-01", "soon", "1999-01-01"):
        value, problem = sch.parse_start_date(bad, today)
        assert value == today and problem


def test_printable_table_is_text_without_trailing_zeros():
    text = sch.plan_table_text(plan_for())
    assert text.loc[0, "Aimed at (mg/day)"] == "250" and text.loc[11, "Week"] == "12"
    assert text.loc[0, "Evening dose"] == "21:00: 2½ tablets (250 mg)"


def test_plan_csv_round_trips():
    plan = plan_for(times=(("Morning", 8 * 60), ("Evening", 21 * 60)))
    raw = sch.plan_csv(plan)
    # Excel needs the byte-order mark to read "½"; whole numbers without ".0"; CRLF line ends.
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert b",250," in raw and b"250.0" not in raw
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert list(frame["Week"]) == list(range(1, 13))
    assert frame["Morning dose"].iloc[0].startswith("08:00")
    assert frame.loc[0, "From"] == "2026-01-05" and frame.loc[11, "To"] == "2026-03-29"


# --------------------------------------------------------------- separation windows


def test_window_before_and_after_medicine():
    levo = BY_ID["levothyroxine"]  # 4 h before, 4 h after
    (window,) = sch.separation_windows([levo], {"levothyroxine": dt.time(7, 0)})
    assert (window.start, window.end) == (3 * 60, 11 * 60)
    assert sch.in_window(8 * 60, window)
    assert not sch.in_window(3 * 60, window) and not sch.in_window(11 * 60, window)  # "at least"
    (placement,) = sch.place_doses([("Morning", 8 * 60)], [window])
    assert placement.minute == 11 * 60 and "later" in placement.reason


def test_window_wraps_midnight_and_dose_moves_to_next_day():
    levo = BY_ID["levothyroxine"]
    (window,) = sch.separation_windows([levo], {"levothyroxine": dt.time(22, 0)})  # 18:00–02:00
    assert sch.in_window(23 * 60 + 30, window) and sch.in_window(60, window)
    assert not sch.in_window(2 * 60 + 1, window)
    (placement,) = sch.place_doses([("Evening", 23 * 60 + 30)], [window])
    # 02:00 is nearer (2 h 30 later) but at night: the evening dose goes to 18:00 instead.
    assert placement.minute == 18 * 60 and placement.day_offset == 0
    assert "5 h 30 min earlier" in placement.reason
    # When the day has no free time, no alarm in the night (rule night_dose_no_plan): the dose is left
    # out, and the reason names the night time the person may choose themselves.
    day_blocked = sch.Window("Daytime medicine", 12 * 60, 4 * 60, 20 * 60)  # 04:00-24:00
    (night,) = sch.place_doses([("Evening", 23 * 60 + 30)], [day_blocked])
    assert night.minute is None and night.day_offset == 0
    assert night.reason.startswith(
        "No time in waking hours keeps the evening dose apart from: Daytime medicine; the only free time "
        "is at night (00:00). "
    )
    assert night.reason.endswith(
        "If you are up at 00:00 anyway, you can set the evening dose to that time yourself."
    )
    # Chosen by the person (after midnight: the page asks it as the next day's), a night time stands,
    # dated the night after the day.
    (chosen,) = sch.place_doses([("Evening", 24 * 60 + 30)], [day_blocked])
    assert (chosen.minute, chosen.day_offset, chosen.reason) == (30, 1, "")


def test_a_daytime_gap_wins_over_a_night_time_however_near():
    """Pharmacist review: doxycycline at 08:00 and 20:00 put the evening dose at 00:00 (an alarm at
    night) while 12:00-14:00 was free."""
    tetra = BY_ID["tetracyclines"]  # magnesium 6 h before, 4 h after
    windows = sch.separation_windows([tetra], {"tetracyclines": (dt.time(8, 0), dt.time(20, 0))})
    (placed,) = sch.place_doses([("Evening", 21 * 60)], windows)
    assert placed.minute == 14 * 60 and placed.day_offset == 0  # 02:00-12:00 and 14:00-24:00 blocked
    assert "7 h 00 min earlier, from 21:00 to 14:00" in placed.reason
    # The boundary of the night: 06:00 is day, 05:59 is night.
    early = sch.Window("Early medicine", 0, 6 * 60 + 1, 23 * 60 + 58)  # 06:01-05:59, all but 05:59-06:01
    (edge,) = sch.place_doses([("Evening", 23 * 60)], [early])
    assert edge.minute == 6 * 60  # 05:59 is nearer but at night
    # A person who chose a night time themselves keeps the nearest time, night or not.
    (own,) = sch.place_doses([("Morning", 5 * 60)], [early])
    assert own.minute == 5 * 60 + 59


def test_gabapentin_is_never_taken_together_with_magnesium():
    gaba = BY_ID["gabapentin"]  # magnesium at least 2 h before; the app keeps 2 h after too
    assert (gaba.gap_before_h, gaba.gap_after_h) == (2, 2)
    (window,) = sch.separation_windows([gaba], {"gabapentin": dt.time(22, 0)})  # 20:00–24:00
    # The dose at exactly the gabapentin time was allowed before (its label sets no gap after).
    assert sch.in_window(22 * 60, window)
    assert sch.place_doses([("Evening", 21 * 60)], [window])[0].minute == 20 * 60
    # 22:00 is 2 h from both ends: the daytime end (20:00) wins over 00:00.
    assert sch.place_doses([("Evening", 22 * 60)], [window])[0].minute == 20 * 60


def test_a_medicine_taken_twice_a_day_gets_a_window_around_each_time():
    cipro = BY_ID["fluoroquinolones"]  # magnesium 8 h before, 4 h after
    windows = sch.separation_windows([cipro], {"fluoroquinolones": (dt.time(8, 0), dt.time(20, 0))})
    assert len(windows) == 2
    (placed,) = sch.place_doses([("Evening", 21 * 60)], windows)
    assert placed.minute is None or not any(sch.in_window(placed.minute, w) for w in windows)
    assert not sch.in_window(0, windows[1]) and sch.in_window(23 * 60, windows[1])


def test_a_timed_medicine_without_a_time_means_no_plan():
    plan = plan_for(chosen=[BY_ID["levothyroxine"]], med_times={})
    assert plan.steps == () and any("Enter when you take" in n.text for n in plan.notes)


def test_ties_between_night_and_day_go_to_the_day():
    tetra = BY_ID["tetracyclines"]  # magnesium 6 h before, 4 h after
    (window,) = sch.separation_windows([tetra], {"tetracyclines": dt.time(22, 0)})  # 16:00–02:00
    (placed,) = sch.place_doses([("Evening", 21 * 60)], [window])
    assert placed.minute == 16 * 60 and placed.day_offset == 0  # not 02:00


def test_cannot_place_says_so():
    chosen = [BY_ID["tetracyclines"], BY_ID["fluoroquinolones"], BY_ID["integrase-inhibitors"]]
    med_times = {
        "tetracyclines": dt.time(8, 0),  # 02:00–10:00
        "fluoroquinolones": dt.time(15, 0),  # 09:00–17:00
        "integrase-inhibitors": dt.time(22, 30),  # 16:30–02:30
    }
    plan = plan_for(chosen=chosen, med_times=med_times)
    assert plan.steps == ()
    assert any(n.level == "error" and "No time of day" in n.text for n in plan.notes)


# --------------------------------------------------------------- properties

minutes = st.integers(min_value=0, max_value=sch.DAY_MINUTES - 1)
hours = st.one_of(st.none(), st.sampled_from([0, 0.5, 1, 2, 4, 6, 13, 24]))


def brute_in_window(minute: int, med: int, before: int, after: int) -> bool:
    """Unwrapped check: some copy of the dose (±1 day) lies strictly inside (med−b, med+a), or the
    dose is at the medicine's own minute (never taken together, whatever the gaps)."""
    if before + after > 0 and minute == med:
        return True
    return any(med - before < minute + k * sch.DAY_MINUTES < med + after for k in (-2, -1, 0, 1, 2))


@given(minutes, minutes, st.integers(0, 24 * 60), st.integers(0, 24 * 60))
def test_in_window_matches_unwrapped_arithmetic(minute, med, before, after):
    window = sch.Window("x", med, (med - before) % sch.DAY_MINUTES, before + after)
    assert sch.in_window(minute, window) == brute_in_window(minute, med, before, after)


@settings(deadline=None)
@given(minutes, st.lists(st.tuples(minutes, st.integers(0, 720), st.integers(0, 720)), max_size=4))
@example(want=360, meds=[(720, 361, 720)])  # free only 00:00-05:59: no night alarm for a 06:00 dose
def test_placement_is_the_nearest_free_minute(want, meds):
    windows = [
        sch.Window(f"m{i}", med, (med - b) % sch.DAY_MINUTES, b + a) for i, (med, b, a) in enumerate(meds)
    ]
    (placement,) = sch.place_doses([("Evening", want)], windows)
    free = [m for m in range(sch.DAY_MINUTES) if not any(sch.in_window(m, w) for w in windows)]
    if not free:
        assert placement.minute is None and placement.reason
        return
    day_free = [m for m in free if m >= 6 * 60]
    if want >= 6 * 60 and want not in free and not day_free:
        # Rule night_dose_no_plan: a waking-hours dose the medicines leave free only at night is left
        # out, never set as a night alarm (the oracle lacked this rule; found by this test's search).
        assert placement.minute is None and "the only free time is at night" in placement.reason
        return
    assert placement.minute in free
    # A dose that is free where it is stays; a moved one goes to the nearest free minute outside
    # 00:00-06:00, or to the nearest night minute when the day has none free or the person chose a
    # night time.
    pool = [want] if want in free else (free if want < 6 * 60 else (day_free or free))
    best = min(min((m - want) % sch.DAY_MINUTES, (want - m) % sch.DAY_MINUTES) for m in pool)
    assert abs(placement.moved_minutes) == best
    assert placement.minute in pool
    assert (want + placement.moved_minutes) % sch.DAY_MINUTES == placement.minute


def test_a_dose_moved_past_midnight_is_labelled_in_the_table():
    gaba = BY_ID["gabapentin"]  # 2 h either side
    plan = plan_for(
        chosen=[gaba], med_times={"gabapentin": dt.time(21, 0)}, times=(("Evening", 22 * 60 + 30),)
    )
    cell = sch.plan_table(plan).loc[0, "Evening dose"]
    assert cell.startswith("23:00") and "(after midnight)" not in cell
    # 00:30 would be nearer, but 20:30 is free and not at night.
    late = plan_for(
        chosen=[gaba], med_times={"gabapentin": dt.time(22, 30)}, times=(("Evening", 23 * 60 + 45),)
    )
    (placed,) = late.placements
    assert (placed.minute, placed.day_offset) == (20 * 60 + 30, 0)
    # Only the night is free (tetracycline at 10:00 and 18:00 blocks 04:00-22:00, gabapentin at
    # 23:00 blocks 21:00-01:00): no alarm at 01:00 (rule night_dose_no_plan), so no plan ...
    tetra = BY_ID["tetracyclines"]
    meds = {"gabapentin": dt.time(23, 0), "tetracyclines": (dt.time(10, 0), dt.time(18, 0))}
    night = plan_for(chosen=[gaba, tetra], med_times=meds, times=(("Evening", 23 * 60 + 45),))
    assert night.steps == () and night.placements == ()
    (why,) = [n for n in night.notes if n.level == "error"]
    assert "the only free time is at night (01:00)" in why.text
    # ... unless the person sets 01:00 themselves: then it is labelled as after midnight.
    chosen = plan_for(chosen=[gaba, tetra], med_times=meds, times=(("Evening", 24 * 60 + 60),))
    (placed,) = chosen.placements
    assert (placed.minute, placed.day_offset) == (60, 1)
    assert "(after midnight)" in sch.plan_table(chosen).loc[0, "Evening dose"]


# ---- finding a medicine by the name on its box (the new-user review, 2026-12-03) --------------


def _brands(rule: sch.MedicineRule) -> list[str]:
    """Every name in brackets in a row's examples ("Harvoni", "Allegra", "Telfast", ...)."""
    inside = [part.split(")")[0] for part in rule.examples.split("(")[1:]]
    return [name.strip() for group in inside for name in group.split(";") if name.strip()]


def test_every_brand_name_in_the_data_finds_its_class():
    checked = 0
    for rule in RULES:
        for brand in _brands(rule):
            if len(brand) >= 3:
                assert rule in sch.find_medicines(RULES, brand), (brand, rule.class_id)
                checked += 1
    assert checked > 40  # the examples do carry brand names


@pytest.mark.parametrize(
    ("query", "class_id"),
    [
        ("Harvoni", "hcv-ns5a"),
        ("  harvoni ", "hcv-ns5a"),
        ("ALLEGRA", "fexofenadine"),
        ("Télfast", "fexofenadine"),  # accents and case aside
        ("ledipasvir", "hcv-ns5a"),
        ("Synthroid", "levothyroxine"),
    ],
)
def test_a_box_name_finds_exactly_its_class(query, class_id):
    assert [r.class_id for r in sch.find_medicines(RULES, query)] == [class_id]


def test_short_or_unknown_names_find_nothing_and_shared_parts_find_every_class():
    assert sch.find_medicines(RULES, "ha") == ()
    assert sch.find_medicines(RULES, "  ha  ") == ()  # spaces do not count
    assert [r.class_id for r in sch.find_medicines(RULES, "Flomax")] == ["prostate-medicines"]
    assert sch.find_medicines(RULES, "xyzmed") == ()
    found = {r.class_id for r in sch.find_medicines(RULES, "tegravir")}  # a name's end
    assert found == {"integrase-inhibitors", "raltegravir"}  # the page then asks which one


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        # Another name's start (session 51: "Omnic", tamsulosin's EU brand, added an antibiotic inside
        # "Omnicef"; "nitro", many people's word for their GTN spray, added nitrofurantoin).
        ("Omnic", "Omnicef"),
        ("Omnic 400", "Omnicef"),
        ("nitro", "nitrofurantoin"),
        ("NITRO", "nitrofurantoin"),
        ("cef", None),  # three letters: too short to suggest
        ("amlod", "amlodipine"),  # a name half typed is suggested, not added
        ("Novo", "NovoLog"),
        # Inside another name ("Burinex"): "urine" is no medicine.
        ("urine", "Burinex"),
        ("Acto", "Actos"),  # Actos or Actonel: not one of them added
        ("AZO", None),
    ],
)
def test_a_word_inside_or_at_the_start_of_a_longer_name_is_suggested_never_added(typed, suggested):
    assert sch.find_medicines(RULES, typed) == ()
    near = [name for name, _ in sch.near_medicines(RULES, sch.box_name(typed) or typed)]
    assert (near[0] if near else None) == suggested


NAME_WORDS = sorted({w for r in RULES for w in sch._words(f"{r.drug_class} {r.examples}") if len(w) >= 5})


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(NAME_WORDS), st.data())
def test_a_cut_name_finds_only_classes_where_it_stands_as_a_name(word, data):
    """Property (session 51): a name's start cut two or more letters short ("Omnic" of "omnicef"), or a
    piece from inside it ("urine" of "burinex"), finds only classes in which it stands by itself: a
    whole word, a word one letter longer from its start (5+ letters), or a word's end (5+ letters)."""
    start = data.draw(st.integers(0, len(word) - 3))
    end = data.draw(st.integers(start + 3, len(word)))
    piece = word[start:end]
    for rule in sch.find_medicines(RULES, piece):
        words = sch._words(f"{rule.drug_class} {rule.examples}")
        stands = any(
            w == piece
            or (len(piece) >= 5 and (w.endswith(piece) or (w.startswith(piece) and len(w) == len(piece) + 1)))
            for w in words
        )
        assert stands, (piece, word, rule.class_id)


@pytest.mark.parametrize(
    ("typed", "class_id"),
    [
        ("omeprazol", "ppi-long-term"),  # a spelling one letter short (German, Spanish)
        ("Omeprazol 20 mg", "ppi-long-term"),
        ("thyroxine", "levothyroxine"),  # a name's end
        ("sartan", "arbs"),
        ("Proton pump inhibitors (long-term use)", "ppi-long-term"),  # the class's own name, as listed
        ("ACE inhibitors (blood pressure)", "ace-inhibitors"),
        ("Ferro-Grad Folic", "oral-iron"),  # Ferrograd, written with a hyphen
    ],
)
def test_a_name_a_spelling_a_name_end_or_a_class_as_listed_is_found(typed, class_id):
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == [class_id]


@pytest.mark.parametrize(
    ("typed", "name", "class_id"),
    [
        ("Harvony", "Harvoni", "hcv-ns5a"),
        ("alegra", "Allegra", "fexofenadine"),
        ("EPCLUSSA", "Epclusa", "hcv-ns5a"),
        ("synthroyd", "Synthroid", "levothyroxine"),
        ("cipproflaxacin", "ciprofloxacin", "fluoroquinolones"),
        ("doxycyline", "doxycycline", "tetracyclines"),
        (
            "lithum carbonate",
            "lithium carbonate",
            "lithium",
        ),  # a salt beside a misspelt name: the name is still read
    ],
)
def test_a_misspelled_name_suggests_the_name_meant_first(typed, name, class_id):
    assert sch.find_medicines(RULES, typed) == ()  # the plain search finds nothing
    (first, rule), *_ = sch.near_medicines(RULES, typed)
    assert (first, rule.class_id) == (name, class_id)


@pytest.mark.parametrize(
    "typed",
    [
        "Harvard",
        "aspirin",
        "paracetamol",
        "tums",
        "Hrv",
        # Only a salt or a form (pharmacist review, session 65: "Calcium carbonate" got lithium carbonate).
        "calcium carbonate",
        "Calcium Carbonate tablets",
        "potassium citrate",
    ],
)
def test_unlike_or_short_names_get_no_suggestion(typed):
    assert sch.near_medicines(RULES, typed) == ()


def test_every_name_in_the_data_is_its_own_best_suggestion():
    """An exact name (any case) scores 100: it is suggested first, with the class that holds it."""
    checked = 0
    for rule in RULES:
        for name in sch.medicine_names(rule):
            if len(name) >= sch.NEAR_NAME_MIN_LENGTH:
                found = sch.near_medicines(RULES, name.upper(), limit=5)
                assert sch._folded(found[0][0]) == sch._folded(name), (name, found)
                assert rule in [r for n, r in found if sch._folded(n) == sch._folded(name)]
                checked += 1
    assert checked > 100


def test_medicine_names_split_generics_and_brands():
    assert sch.medicine_names(BY_ID["tetracyclines"])[:3] == ("doxycycline", "Vibramycin", "Vibra-Tabs")
    assert all(
        n == n.strip() and n and not set(n) & set("();,") for r in RULES for n in sch.medicine_names(r)
    )


def _rule(class_id: str, examples: str) -> sch.MedicineRule:
    """A made-up interactions row (only its names matter here)."""
    return dataclasses.replace(BY_ID["tetracyclines"], class_id=class_id, examples=examples)


def test_a_combination_written_apart_is_read_with_its_words_together_in_any_place():
    """Session 52: "Co-Aprovel" was Aprovel alone; the joined pair stands where it was typed, with the
    words before and after it kept (made-up names)."""
    rules = (_rule("one", "alpha beta gamma"), _rule("two", "Alpha Beta Gamma"), _rule("three", "delta"))
    for typed in ("Al-pha Beta Gamma Delta", "Delta Al-pha Beta Gamma", "Delta Al pha Beta Gamma Delta"):
        assert [r.class_id for r in sch.combination_classes(rules, typed)] == ["one", "two", "three"], typed
    assert [r.class_id for r in sch.combination_classes(rules, "Al-pha Gamma Beta")] == []  # order kept


def test_what_stands_as_a_name_at_each_edge():
    """Session 51: a whole word (also at the text's very start), from 5 letters a word one letter longer or a
    word's end; nothing shorter, longer or inside."""
    assert sch._names_it("abc", "abc xyz")  # at the start, though the text ends in a letter
    assert sch._names_it("abc", "x abc") and not sch._names_it("abc", "xabc")
    assert sch._names_it("abcde", "abcdef")  # 5 letters, one short
    assert not sch._names_it("abcd", "abcde")  # 4 letters: whole words only
    assert not sch._names_it("abcde", "abcdefg")  # two short: another name's start
    assert sch._names_it("bcdef", "abcdef")  # 5 letters: a word's end
    assert not sch._names_it("bcde", "abcde")
    assert not sch._names_it("bcde1", "abcde1")  # a word's end is letters only
    assert not sch._names_it("bcde", "abcdef")  # inside
    assert not sch._names_it("liqui", "tablets or liquid")  # a form word one letter longer
    assert sch._names_it("ab liqui", "ab liquix") and not sch._names_it("ab liqui", "ab liquid")
    assert not sch._names_it("ab cd liqui", "ab cd liquid")  # the last word is the one read


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        # Pharmacist review (session 51): what a pack promises is no name.
        ("Panadol Rapid", None),  # found NovoRapid (diabetes medicines) by its name's end
        ("Tylenol Rapid Release Gels", None),
        (
            "Vicks Liqui-Gels",
            None,
        ),  # "Advil Liqui-Gels" found azithromycin ("tablets or liquid"): a form word
        ("Zinc sulfat", "ferrous sulfate"),  # a salt word one letter short: suggested, not added
        ("Thyroxin 100", "levothyroxine"),  # inside a name, from 5 letters: suggested
        ("L-Thyroxin Henning", "levothyroxine"),
    ],
)
def test_a_packs_promise_or_a_form_word_adds_no_class(typed, suggested):
    assert sch.find_medicines(RULES, typed) == ()
    near = [name for name, _ in sch.near_medicines(RULES, sch.box_name(typed) or typed)]
    assert (near[0] if near else None) == suggested


@pytest.mark.parametrize(
    ("typed", "class_ids"),
    [
        # Pharmacist review (session 51): one word of a class's name added that class.
        ("Other", []),  # "Salbutamol and other beta-2 agonists"
        ("Alpha", []),
        ("Prostate", []),
        ("HIV", []),  # one of the HIV rows, which make a plan; raltegravir's makes none
        ("integrase inhibitor", []),
        ("hepatitis", []),
        # A class's whole name, or a part of it with "and", written as people write it.
        ("beta blocker", ["beta-blockers"]),
        ("Calcium channel blocker", ["calcium-channel-blockers"]),
        ("prostate medicine", ["prostate-medicines"]),
        ("alpha blockers", ["prostate-medicines"]),
        # A word several classes' names share names them all, for the person to pick theirs.
        ("water tablets", ["loop-diuretics", "thiazide-diuretics", "potassium-sparing-diuretics"]),
        ("Water pill", ["loop-diuretics", "thiazide-diuretics", "potassium-sparing-diuretics"]),
        ("antibiotic", ["tetracyclines", "fluoroquinolones", "oral-cephalosporins"]),
        ("beta", ["beta2-agonists", "beta-blockers"]),  # two are enough to list
    ],
)
def test_a_class_is_found_by_its_name_not_by_one_word_of_it(typed, class_ids):
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == class_ids


@pytest.mark.parametrize(
    ("typed", "class_ids"),
    [
        # Pharmacist review (session 51): a combination's other ingredient added the row it is listed on.
        ("tenofovir", []),  # in emtricitabine/rilpivirine/tenofovir (rilpivirine's row)
        ("Emtricitabine/Tenofovir disoproxil", []),  # Truvada, for PrEP: no rilpivirine
        ("cobicistat", []),  # atazanavir/cobicistat
        ("atovaquone", []),  # atovaquone/proguanil
        ("sofosbuvir 400mg", []),  # the hepatitis C row is about ledipasvir and velpatasvir
        # The medicine a row is about, or the whole combination, still finds it.
        ("ledipasvir", ["hcv-ns5a"]),  # in the class's own name
        ("emtricitabine/rilpivirine/tenofovir", ["rilpivirine"]),
        ("Atovaquone/proguanil 250/100mg", ["proguanil"]),
        ("Rifampicin", ["tb-rifampicin-isoniazid"]),
    ],
)
def test_a_combinations_other_ingredient_alone_finds_no_class(typed, class_ids):
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == class_ids


def test_a_whole_word_wins_over_a_name_end_or_a_longer_word():
    whole, end, longer = _rule("whole", "Abcdef"), _rule("end", "Xabcdef"), _rule("longer", "Abcdefs")
    assert sch.find_medicines([end, whole, longer], "abcdef") == (whole,)
    assert sch.find_medicines([end, whole], "abcdef") == (whole,)  # two classes found: the same
    assert sch.find_medicines([end, longer], "abcdef") == (end, longer)  # none whole: all kept
    # A class named in one word (its examples aside) is found by that word.
    single = dataclasses.replace(_rule("single", ""), drug_class="Xyzzyl (a made-up medicine)")
    assert sch.find_medicines([single], "xyzzyl") == (single,)
    # A word of 5 letters inside a name is suggested; of 4, not.
    assert "levothyroxine" in [n for n, _ in sch.near_medicines(RULES, "thyro")]
    assert "levothyroxine" not in [n for n, _ in sch.near_medicines(RULES, "thyr")]
    # Two characters typed that fold to three ("Aß" is "ass") are still too short.
    assert sch.find_medicines([_rule("ass", "Ass")], "Aß") == ()
    assert sch.find_medicines([_rule("ass", "Ass")], "ass") == (_rule("ass", "Ass"),)


def test_medicine_names_split_on_commas_too():
    rule = _rule("made-up", "alphazol, betazol (Gammex; Deltex), alphazol")
    assert sch.medicine_names(rule) == ("alphazol", "betazol", "Gammex", "Deltex")


def test_suggestion_edges_score_length_limit_and_order():
    four = _rule("four", "Abcd")
    assert sch.near_medicines([four], "abcd") == (("Abcd", four),)  # 4 characters are enough
    edge = _rule("edge", "abcdxy")  # "abcd" ~ "abcdxy": exactly the score needed
    assert fuzz.ratio("abcd", "abcdxy") == sch.NEAR_NAME_SCORE
    assert sch.near_medicines([edge], "abcd") == (("abcdxy", edge),)
    tied = _rule("tied", "Zeta1; Aeta1")  # equally near: the data's order, not the alphabet's
    assert [n for n, _ in sch.near_medicines([tied], "xeta1")] == ["Zeta1", "Aeta1"]
    many = _rule("many", "Pentax1; Pentax2; Pentax3; Pentax4; Pentax5")
    assert [n for n, _ in sch.near_medicines([many], "pentax")] == ["Pentax1", "Pentax2", "Pentax3"]
    assert [n for n, _ in sch.near_medicines([many], "pentax", limit=1)] == ["Pentax1"]
    assert sch.near_medicines([many], "pentax", limit=0) == ()
    assert sch.near_medicines([many], "pentax", limit=-1) == ()


@settings(max_examples=200)
@given(st.text(max_size=40), st.integers(min_value=0, max_value=6))
@example(query="STATI", limit=1)
def test_suggestions_are_alike_names_from_the_data_best_first(query, limit):
    found = sch.near_medicines(RULES, query, limit=limit)
    assert len(found) <= limit
    folded = sch._folded(query).strip()
    if len(folded) < sch.NEAR_NAME_MIN_LENGTH:
        assert found == ()
    scores = [fuzz.ratio(folded, sch._folded(name)) for name, _ in found]
    # Alike, or the name's start typed, or a word of 5 letters or more inside it ("STATI" in rosuvastatin:
    # found by this test in session 58, the part-word suggestions of session 51 had not been allowed for).
    inside = [w for w in folded.split() if len(w) >= sch.PART_WORD_MIN and w not in sch.BOX_WORDS]
    assert all(
        s >= sch.NEAR_NAME_SCORE
        or sch._folded(name).startswith(folded)
        or any(w in sch._folded(name) for w in inside)
        for s, (name, _) in zip(scores, found, strict=True)
    )
    assert scores == sorted(scores, reverse=True)
    for name, rule in found:
        assert name in sch.medicine_names(rule)


@given(st.text(max_size=2))
@example("Aß")  # folds to "ass", which matched "potassium" (found by this test)
def test_fewer_than_three_characters_never_match(query):
    assert sch.find_medicines(RULES, query) == ()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (
            "Hepatitis C medicines (ledipasvir, velpatasvir)",
            "hepatitis C medicines (ledipasvir, velpatasvir)",
        ),
        ("HIV integrase inhibitors", "HIV integrase inhibitors"),
        ("Raltegravir (Isentress)", "raltegravir (Isentress)"),
        ("Oral iron tablets or liquids", "oral iron tablets or liquids"),
        ("UK guidance", "UK guidance"),
        ("DNase (dornase alfa)", "DNase (dornase alfa)"),
        ("X", "x"),
        ("", ""),
    ],
)
def test_a_class_name_inside_a_sentence_keeps_abbreviations_and_brands(name, shown):
    assert sch.in_sentence(name) == shown


@pytest.mark.parametrize(
    ("query", "option"),
    [
        ("Mylanta", 0),
        ("  MYLANTA original ", 0),
        ("Maalox", 0),
        ("milk of magnesia", 0),  # in both lists: the first (antacid) is picked
        ("magnesium citrate", 1),
        ("Magnesia", 0),  # part of a name
        ("Myl", None),  # too short
        ("Harvoni", None),
        ("", None),
        ("multivitamin", None),  # not in an e.g. list
    ],
)
def test_a_typed_product_with_magnesium_finds_its_option(query, option):
    from maglib import safety as safe

    found = sch.magnesium_product(safe.OTHER_SOURCE_OPTIONS, query)
    assert found == (None if option is None else safe.OTHER_SOURCE_OPTIONS[option])


def test_a_typed_product_boundaries():
    """Four characters typed is enough; a four-letter name in the list counts; the list's closing
    bracket is not part of its last name."""
    from maglib import safety as safe

    options = safe.OTHER_SOURCE_OPTIONS
    assert sch.magnesium_product(options, "Maal") == options[0]  # 4 characters: looked up
    assert sch.magnesium_product(options, "Maa") is None
    # "Milk of Magnesia" closes the antacid's list: a longer name holding it is the antacid.
    assert sch.magnesium_product(options, "milk of magnesia tablets") == options[0]
    made_up = ("Tonic (e.g. Abcd, Longername)", "Other (e.g. Abc)")
    assert sch.magnesium_product(made_up, "abcd extra") == made_up[0]  # a 4-letter name counts
    assert sch.magnesium_product(made_up, "abc extra") is None  # a 3-letter one never does
    # Only the closing bracket is cut from the last name (a name may end in any letter).
    assert sch.magnesium_product(("T (e.g. ABCX)",), "abcx") == "T (e.g. ABCX)"


# ---- a clinician's dose: every change goes back to them (pharmacist review, 2026-12-03) --------


def _clinician_safety(age, stage):
    ref = reference_for(Profile(age, "female", stage), DATA.intake_reference)
    return safe.screen(
        safe.Answers(age_years=age, life_stage=stage, child_dose_confirmed=True, stage_dose_confirmed=True),
        ul_mg=ref.mg_ul_supplemental,
        ul_source_ids=ref.source_ids,
        rules=BOOK,
        evidence=CLAIMS,
    )


@pytest.mark.parametrize(
    ("age", "stage", "who"),
    [
        (17, "general", "doctor"),
        (18, "pregnancy", "midwife or doctor"),
        (45, "lactation", "midwife or doctor"),
    ],
)
def test_a_clinicians_dose_has_reviews_that_send_every_change_back_to_them(age, stage, who):
    """Before: a pregnant adult's week-4 review said 'lower the dose or try glycinate' (and a child's
    side-effect line too): self-directed changes to a dose a midwife or doctor chose."""
    safety = _clinician_safety(age, stage)
    assert safety.plan_allowed and safety.food_first
    plan = plan_for(safety=safety, start_mg=100, target_mg=300, step_up=True, age=age)
    assert plan.steps and {s.scheduled_mg for s in plan.steps} == {100}  # step_up=True is ignored
    week4, week8 = plan.checkpoints
    assert week4.decision == (
        f"Decide with the {who} who advised the dose: change it only on their advice; if there is "
        "diarrhoea, call them."
    )
    assert week8.decision == f"Decide with the {who} who advised the dose whether to continue."
    (side,) = [i for i in week4.items if i.startswith("Side effects")]
    assert side.endswith(f"if it happens, tell the {who} who advised the dose before changing it.")
    for checkpoint in plan.checkpoints:
        text = " ".join((checkpoint.decision, *checkpoint.items))
        assert "glycinate" not in text and "lower the dose" not in text and "step up" not in text


@pytest.mark.parametrize(
    ("age", "stage", "who"), [(17, "general", "doctor"), (30, "pregnancy", "midwife or doctor")]
)
def test_a_clinicians_plan_names_who_advised_it_and_an_off_block_sends_them(age, stage, who):
    """Pharmacist review (2026-12-05): a pregnant person on her midwife's dose was told, for the
    trial's off-blocks, to ask her pharmacist first."""
    from maglib.calendar_export import off_block_words

    plan = plan_for(safety=_clinician_safety(age, stage), start_mg=100, target_mg=100, step_up=False, age=age)
    assert plan.steps and plan.advised_by == who
    assert off_block_words(plan).endswith(
        f"and check this with the {who} who advised the dose before the trial begins"
    )
    own = plan_for()
    assert own.advised_by == "" and off_block_words(own).endswith(
        "and check this with your pharmacist before the trial begins"
    )
    assert off_block_words(None).endswith("and check this with your pharmacist before the trial begins")


def test_a_plan_a_prescriber_agreed_to_sends_the_trial_back_to_them():
    """Clinician review (2026-12-05): on a plan the digoxin prescriber agreed to, the trial's off-blocks
    said "ask your pharmacist first", and a trial past the plan's end "ask your doctor or pharmacist";
    the block events carried no digoxin signs."""
    from icalendar import Calendar

    from maglib import trial
    from maglib.calendar_export import off_block_words, trial_ics_bytes

    digoxin = BY_ID["digoxin"]
    agreed = safety_for(chosen=(digoxin,), prescriber=True)
    plan = plan_for(safety=agreed, chosen=(digoxin,), med_times={"digoxin": dt.time(8)}, step_up=False)
    assert plan.steps and plan.prescriber == "the doctor who prescribes your digoxin (heart medicine)"
    assert off_block_words(plan).endswith(
        "and check this with the doctor who prescribes your digoxin (heart medicine) before the trial begins"
    )
    assert plan_for().prescriber == ""
    design = trial.Design(123456, 3, 14, START + dt.timedelta(weeks=8), 7)
    past = trial.past_plan_note(design, sch.plan_end(plan.start, plan.weeks), START, plan.prescriber)
    assert past is not None and past.endswith(
        "or ask the doctor who prescribes your digoxin (heart medicine)."
    )
    cautions = safe.doctor_cautions([digoxin])
    blocks = [
        e
        for e in Calendar.from_ical(trial_ics_bytes(design, plan, cautions=cautions)).walk("VEVENT")
        if str(e["summary"]).startswith("Trial block")
    ]
    assert len(blocks) == 6
    for event in blocks:
        assert digoxin.reminder in str(event["description"])
    (end,) = [
        e
        for e in Calendar.from_ical(trial_ics_bytes(design, plan)).walk("VEVENT")
        if str(e["summary"]).startswith("Magnesium trial ends")
    ]
    assert "take the summary to the doctor who prescribes your digoxin (heart medicine)." in str(
        end["description"]
    )
    (own_end,) = [
        e
        for e in Calendar.from_ical(trial_ics_bytes(design, plan_for(step_up=False))).walk("VEVENT")
        if str(e["summary"]).startswith("Magnesium trial ends")
    ]
    assert "take the summary to your doctor or pharmacist." in str(own_end["description"])
    advised = plan_for(
        safety=_clinician_safety(17, "general"), start_mg=100, target_mg=100, step_up=False, age=17
    )
    (advised_end,) = [
        e
        for e in Calendar.from_ical(trial_ics_bytes(design, advised)).walk("VEVENT")
        if str(e["summary"]).startswith("Magnesium trial ends")
    ]
    assert "take the summary to the doctor who advised the dose." in str(advised_end["description"])


def test_an_adult_at_the_same_dose_keeps_the_self_directed_review():
    citrate = product(form="Magnesium citrate")
    plan = plan_for(prod=citrate, start_mg=100, target_mg=300, step_up=False)
    week4, week8 = plan.checkpoints
    assert "you may step up" in week4.decision and "lower the dose or try glycinate" in week4.decision
    assert week8.decision == (
        "Decide: clearly helped → you may continue; not clearly helped → stop it, and see your doctor if the "
        "cramps go on."
    )
    assert week4.side_effects.endswith("lower the dose or move to a gentler form (glycinate).")
    assert week4.side_effects in week4.items


@pytest.mark.parametrize("weeks", [8, 9, 12, 26])
def test_a_plan_that_ends_by_the_week_8_review_says_a_new_plan_is_needed_to_go_on(weeks):
    """Planning list (session 59): an 8-week plan's last review said "you may continue", with no dose left in
    its calendar; a longer plan's review goes on as before (boundary: 8 weeks ends the day before it)."""
    plan = plan_for(weeks=weeks)
    week8 = plan.checkpoints[1]
    last = plan.start + dt.timedelta(days=7 * weeks - 1)
    said = (
        f" This plan's last night was {last:%d %B %Y}, the day before this review: to go on, make a new plan on "
        "this page."
    )
    assert week8.decision.endswith(said) is (weeks == 8)
    assert (week8.day - last == dt.timedelta(days=1)) is (weeks == 8)
    assert week8.decision.startswith(sch.WEEK_8_DECISION)


def test_someone_on_glycinate_is_not_told_to_move_to_glycinate():
    """Pharmacist review, 2026-12-03: glycinate, the default product, was told "lower the dose or try
    glycinate" at the review and "move to a gentler form (glycinate)" for diarrhoea."""
    on = plan_for(start_mg=100, target_mg=300, step_up=False)
    assert on.checkpoints[0].decision == (
        "Decide: still having symptoms and no diarrhoea → you may step up to 250 mg a day (choose 'step up' on "
        "the plan page); diarrhoea → lower the dose; symptoms gone → stay at 100 mg."
    )
    assert on.checkpoints[0].side_effects.endswith("if it happens, lower the dose.")
    capped = plan_for(start_mg=250, target_mg=250, step_up=False)  # nothing to step up to
    assert capped.checkpoints[0].decision.endswith("if you have diarrhoea, lower the dose.")
    citrate = plan_for(prod=product(form="Magnesium citrate"), start_mg=250, target_mg=250, step_up=False)
    assert citrate.checkpoints[0].decision.endswith("if you have diarrhoea, lower the dose or try glycinate.")
    assert "glycinate" not in " ".join(i for i in on.checkpoints[0].items if "Side effects" in i)


def test_no_limit_line_names_what_the_other_sets_give():
    """Review, 2026-12-03: an 18-year-old on the UK values was told only that the chosen values give
    no upper limit, not why nor that the US and EU sets give one at that age."""
    others = [("US", 350.0, "UL"), ("EU", None, "none"), ("XX", 400.0, "guidance")]
    assert sch.no_limit_line("UK", others, "general") == (
        "The UK reference values set no limit for magnesium from supplements at your age; for the same age "
        "the other sets give: US upper limit 350 mg a day; XX guidance level 400 mg a day. The sets differ and "
        "the app does not pick one for you: use the one where you live or that your clinician follows "
        "(Reference values, in section 1)."
    )
    assert sch.no_limit_line("UK", [("US", None, "none"), ("EU", None, "unverified")], "general") is None
    assert sch.no_limit_line("UK", [], "general") is None


@pytest.mark.parametrize("class_id", ["potassium-sparing-diuretics", "loop-diuretics", "ppi-long-term"])
def test_a_doctor_kind_medicine_means_no_plan_until_the_prescriber_agrees(class_id):
    """Pharmacist review, 2026-12-03: a potassium-sparing diuretic got a 250 mg plan, a step up to 350
    and a calendar starting tonight, with the doctor named only in a warning beside it."""
    rule = BY_ID[class_id]
    unasked = safety_for(chosen=[rule])
    assert not unasked.plan_allowed and unasked.limit_mg is None
    (stop,) = [n for n in unasked.notes if n.rule_id == "doctor_medicine_confirm"]
    assert stop.level == "error"
    assert stop.text == (
        f"**No plan until your doctor agrees.** You take {rule.drug_class.lower()}, which change how your "
        f"body keeps magnesium. Ask the doctor who prescribes your {rule.drug_class.lower()} whether magnesium "
        "is right for you, and "
        + (
            "whether a blood test should come first: of your potassium, sodium, magnesium and kidney function, "
            "since NICE's leg-cramp guidance names these salts among its blood tests, and the kidneys clear the "
            "extra magnesium. If they agree, confirm it below to see the plan."
            if class_id == "loop-diuretics"  # phone review, session 51: a diuretic's salts (NICE CKS)
            else "whether a blood test should come first: of your magnesium and kidney function, since the "
            "kidneys clear the extra magnesium. If they agree, confirm it below to see the plan."
        )
    )
    assert set(BOOK.cite("doctor_medicine_confirm").split(";")) <= set(stop.source_ids.split(";"))
    assert set(rule.source_ids.split(";")) <= set(stop.source_ids.split(";"))
    assert plan_for(safety=unasked).steps == ()
    agreed = safety_for(chosen=[rule], prescriber=True)
    assert agreed.plan_allowed and plan_for(safety=agreed).steps
    # Two of them are named together; a timing-only medicine asks nothing.
    both = safety_for(chosen=[BY_ID["loop-diuretics"], BY_ID["ppi-long-term"]])
    (two,) = [n for n in both.notes if n.rule_id == "doctor_medicine_confirm"]
    assert "You take loop diuretics and proton pump inhibitors (long-term use), which" in two.text
    assert (
        "the doctor or doctors who prescribe your loop diuretics and proton pump inhibitors (long-term use) whether"
        in two.text
    )
    assert safety_for(chosen=[BY_ID["levothyroxine"]]).plan_allowed


def test_the_summary_says_when_to_take_it_and_where_a_dose_moved():
    """Phone review, 2026-12-03: the summary gave no time; a dose moved around doxycycline (21:00 to
    14:00) was named only in a note several screens away."""
    assert sch.plan_times(plan_for()) == "Take it at 21:00."
    tetra = BY_ID["tetracyclines"]
    moved = plan_for(chosen=[tetra], med_times={"tetracyclines": (dt.time(8, 0), dt.time(20, 0))})
    assert sch.plan_times(moved) == "Take it at 14:00, moved from 21:00."
    split = plan_for(
        chosen=[BY_ID["levothyroxine"]],
        med_times={"levothyroxine": dt.time(7, 0)},
        times=(("Morning", 8 * 60), ("Evening", 21 * 60)),
    )
    assert sch.plan_times(split) == "Take it: morning at 11:00, moved from 08:00; evening at 21:00."
    gaba, night = (
        BY_ID["gabapentin"],
        {"gabapentin": dt.time(23, 0), "tetracyclines": (dt.time(10, 0), dt.time(18, 0))},
    )
    late = plan_for(chosen=[gaba, tetra], med_times=night, times=(("Evening", 23 * 60 + 45),))
    assert sch.plan_times(late) == ""  # only 01:00 free: no alarm in the night (night_dose_no_plan)
    # A night time the person chose, moved within the night, is said as after midnight.
    chosen = plan_for(
        chosen=[gaba], med_times={"gabapentin": dt.time(0, 0)}, times=(("Evening", 24 * 60 + 30),)
    )
    assert sch.plan_times(chosen) == "Take it at 02:00 (after midnight), moved from 00:30."
    assert sch.plan_times(plan_for(safety=safety_for(kidney=True))) == ""  # no plan
    one = plan_for()
    assert sch.plan_times(replace(one, steps=())) == ""  # placements but no steps: nothing to take
    unplaced = replace(one.placements[0], minute=None)
    assert sch.plan_times(replace(one, placements=(unplaced,))) == ""  # steps but no placed time


def test_the_summary_names_no_dose_of_nothing_and_says_from_which_week_a_dose_starts():
    """Pharmacist review, 2026-12-03: 150 mg from 100 mg capsules (no halves) split morning and
    evening read "morning (0 capsule) at 08:00"; the table said "none" and the calendar had none."""
    split = (("Morning", 8 * 60), ("Evening", 21 * 60))
    capsules = product(unit="Capsule")
    assert not capsules.halves_allowed
    one = plan_for(prod=capsules, start_mg=150, times=split, step_up=False)
    assert [d.units for d in one.steps[0].doses] == [0, 1]  # the check's premise
    assert sch.plan_times(one) == "Take it at 21:00."
    # 100 mg a day stepping up to 300 mg: one capsule in the evening, then a morning one too.
    stepping = plan_for(prod=capsules, start_mg=100, target_mg=300, step_mg=200, times=split)
    assert [[d.units for d in s.doses] for s in stepping.steps] == [[0, 1], [1, 2]]
    assert sch.plan_times(stepping) == "Take it: morning at 08:00 from week 5; evening at 21:00."
    # A dose that stops with a step (not made by the plan today; read from the steps all the same).
    first, second = stepping.steps
    ending = replace(stepping, steps=(replace(first, doses=second.doses), replace(second, doses=first.doses)))
    assert sch.plan_times(ending) == "Take it: morning at 08:00 until week 4; evening at 21:00."


# ------------------------------------------------- split doses keep their order (2026-12-03)


def test_a_split_morning_dose_never_lands_after_the_evening_dose():
    """Iron at 06:00, 10:00 and 13:00 (4 h either side) leaves 17:00-02:00 free: the morning dose
    could go 'the evening before', after the 21:00 evening dose (the 'morning' one last). In turn it
    would go to 17:00, 4 h before the evening dose where 13 h were chosen, so the day's whole dose is
    one dose at 21:00 (pharmacist review; with 3 h either side, iron at 06:00, 10:00 and 14:00 did the
    same before the 2-4 h leaflet's upper end was taken)."""
    iron = BY_ID["oral-iron"]
    plan = plan_for(
        chosen=[iron],
        med_times={"oral-iron": (dt.time(6, 0), dt.time(10, 0), dt.time(13, 0))},
        times=(("Morning", 8 * 60), ("Evening", 21 * 60)),
        step_up=False,
    )
    morning, evening = plan.placements
    assert (morning.minute, evening.minute) == (None, 21 * 60)
    assert morning.reason == (
        "Around Oral iron tablets or liquids, the two doses would be only 4 h 00 min apart (you chose 08:00 "
        "and 21:00), so there is no separate morning dose: the day's whole dose is planned as one, at 21:00. "
        "Ask your pharmacist if you want to split it."
    )
    assert morning.source_ids == iron.source_ids
    assert sch.plan_times(plan) == "Take it at 21:00."
    (dose,) = plan.steps[0].doses
    assert (dose.label, dose.delivered_mg) == ("Evening", plan.steps[0].delivered_mg)


def test_a_dose_with_no_time_in_its_turn_is_left_out_and_the_other_carries_the_day():
    """Free only 21:30-23:00: a morning dose there would come after the 21:00 evening dose, so the
    day's dose is one dose at 21:30, with a warning that names the medicine and the pharmacist."""
    window = sch.Window("Oral iron", 12 * 60, 23 * 60, (21 * 60 + 30 - 23 * 60) % sch.DAY_MINUTES, "x")
    morning, evening = sch.place_doses((("Morning", 8 * 60), ("Evening", 21 * 60)), (window,))
    assert morning.minute is None
    assert morning.reason.startswith("No time apart from Oral iron comes before the evening dose")
    assert "pharmacist" in morning.reason and morning.source_ids == "x"
    assert (evening.minute, evening.moved_minutes) == (21 * 60 + 30, 30)
    # The same through the plan: tetracycline at 10:00 and 18:00 (6 h before, 4 h after) leaves
    # 22:00-04:00 free. One dose at 22:00 carries the day's whole amount; the note is a warning.
    tetra = BY_ID["tetracyclines"]
    plan = plan_for(
        chosen=[tetra],
        med_times={"tetracyclines": (dt.time(10, 0), dt.time(18, 0))},
        times=(("Morning", 8 * 60), ("Evening", 21 * 60)),
        step_up=False,
    )
    assert [p.minute for p in plan.placements] == [None, 22 * 60]
    (dose,) = plan.steps[0].doses
    assert (dose.label, dose.minute, dose.delivered_mg) == ("Evening", 22 * 60, plan.steps[0].delivered_mg)
    left_out = next(n for n in plan.notes if "no separate morning dose" in n.text)
    assert left_out.level == "warning" and left_out.source_ids == tetra.source_ids
    assert sch.plan_times(plan) == "Take it at 22:00, moved from 21:00."
    # Nothing in the way: both doses stay where they were asked.
    free = plan_for(times=(("Morning", 19 * 60), ("Evening", 20 * 60)), step_up=False)
    assert [p.minute for p in free.placements] == [19 * 60, 20 * 60]


@settings(deadline=None, max_examples=300)
@example(0, 0, [(0, 3, 0)])  # the second dose beside a minute the first took: 00:02, not 23:57
@example(8 * 60, 21 * 60, [(15 * 60, 540, 540)])  # 06:00-24:00 blocked: both doses only at night
@example(21 * 60, 8 * 60, [(15 * 60, 540, 540)])  # the same, asked out of the day's order
@given(
    minutes,
    minutes,
    st.lists(st.tuples(minutes, st.integers(0, 720), st.integers(0, 720)), max_size=4),
)
def test_two_doses_are_placed_in_turn_at_the_nearest_free_minute(morning_at, evening_at, meds):
    """Against a brute-force search over every minute of the day: each dose goes to the nearest free
    minute that keeps the doses' order in the day (06:00 to 06:00) when they were asked in that
    order, outside the night unless asked at night (ties later); a dose with no such minute is left
    out while the day has free minutes, and then the other is placed. Then, with medicines, a split
    squeezed to less than half as far apart as chosen loses the dose that moved more (the first on a
    tie), and an evening dose pushed into the night beside a day-time morning dose is left out; last,
    any dose asked for waking hours still at night is left out (rule night_dose_no_plan)."""
    windows = [
        sch.Window(f"m{i}", med, (med - b) % sch.DAY_MINUTES, b + a) for i, (med, b, a) in enumerate(meds)
    ]
    placements = sch.place_doses((("Morning", morning_at), ("Evening", evening_at)), windows)
    free = [m for m in range(sch.DAY_MINUTES) if not any(sch.in_window(m, w) for w in windows)]

    def pos(minute):  # the place in a day that starts at 06:00, computed here on its own
        return minute - 6 * 60 if minute >= 6 * 60 else minute + 18 * 60

    def apart(a, b):
        return min((a - b) % sch.DAY_MINUTES, (b - a) % sch.DAY_MINUTES)

    ordered = pos(morning_at) < pos(evening_at)
    expected: list[tuple[int, int] | None] = []  # (minute, signed move) or None
    for want, next_want in ((morning_at, evening_at), (evening_at, None)):
        placed = [e[0] for e in expected if e is not None]
        low = pos(placed[-1]) if ordered and placed else -1
        high = pos(next_want) if ordered and next_want is not None else 24 * 60
        allowed = [m for m in free if m not in placed and low < pos(m) < high]
        if not allowed:
            expected.append(None)
            continue
        day = [m for m in allowed if m >= 6 * 60]
        pool = [want] if want in allowed else (allowed if want < 6 * 60 else (day or allowed))
        best = min(apart(m, want) for m in pool)
        later = (want + best) % sch.DAY_MINUTES
        expected.append((later, best) if later in pool else ((want - best) % sch.DAY_MINUTES, -best))
    first, second = expected
    if windows and first is not None and second is not None:
        night = lambda m: m < 6 * 60  # noqa: E731
        if ordered and night(second[0]) and not night(evening_at) and not night(first[0]):
            expected[1] = None
        elif 2 * apart(first[0], second[0]) < apart(morning_at, evening_at):
            expected[0 if abs(first[1]) >= abs(second[1]) else 1] = None
    # Rule night_dose_no_plan: then no dose asked for waking hours is left at night.
    for i, want_at in enumerate((morning_at, evening_at)):
        if expected[i] is not None and expected[i][0] < 6 * 60 and want_at >= 6 * 60:
            expected[i] = None
    for placement, want in zip(placements, expected, strict=True):
        if want is None:
            assert placement.minute is None and placement.reason
        else:
            assert (placement.minute, placement.moved_minutes) == want
    if free and all(m >= 6 * 60 for m in free):
        assert any(p.minute is not None for p in placements), "a day free in waking hours keeps a dose"


def test_the_order_bounds_are_candidates_and_the_bound_itself_is_not():
    """The nearest time in turn can be one minute inside the order's bound, reached round the clock:
    a morning dose wanted at 07:00 with 03:00-19:00 blocked would go to 20:59 (10 h 01 min back), not
    to 19:00 (12 h on), a minute before the 21:00 evening dose, so the split becomes one dose at
    21:00 and the reason gives that minute."""
    blocked = sch.Window("W", 12 * 60, 3 * 60, 16 * 60, "src-w")  # (03:00, 19:00)
    morning, evening = sch.place_doses((("Morning", 7 * 60), ("Evening", 21 * 60)), (blocked,))
    assert morning == sch.Placement(
        "Morning",
        7 * 60,
        None,
        0,
        0,
        "Around W, the two doses would be only 0 h 01 min apart (you chose 07:00 and 21:00), so there is "
        "no separate morning dose: the day's whole dose is planned as one, at 21:00. Ask your pharmacist "
        "if you want to split it.",
        "src-w",
    )
    assert (evening.minute, evening.moved_minutes, evening.reason) == (21 * 60, 0, "")
    # Blocked up to 21:00 itself: the only time before the evening dose would be 21:00, the evening
    # dose's own time, so there is no separate morning dose.
    to_nine = sch.Window("W", 12 * 60, 3 * 60, 18 * 60, "src-w")  # (03:00, 21:00)
    morning, evening = sch.place_doses((("Morning", 7 * 60), ("Evening", 21 * 60)), (to_nine,))
    assert morning == sch.Placement(
        "Morning",
        7 * 60,
        None,
        0,
        0,
        "No time apart from W comes before the evening dose, so there is no separate morning dose: the "
        "day's whole dose is planned as one. Ask your pharmacist if you want to split it.",
        "src-w",
    )
    assert (evening.minute, evening.moved_minutes) == (21 * 60, 0)
    # The evening dose, round the clock the other way: one minute after the morning dose (08:01 after
    # midnight) beats the window's start 12 h back (blocked 09:00-07:00; the morning dose stays at
    # 08:00), so the evening dose is the one left out.
    long = sch.Window("W", 20 * 60, 9 * 60, 22 * 60, "src-w")
    morning, evening = sch.place_doses((("Morning", 8 * 60), ("Evening", 21 * 60)), (long,))
    assert (morning.minute, morning.moved_minutes, evening.minute) == (8 * 60, 0, None)
    assert evening.reason.startswith(
        "Around W, the two doses would be only 0 h 01 min apart (you chose 08:00"
    )
    assert evening.reason.endswith("planned as one, at 08:00. Ask your pharmacist if you want to split it.")


def test_each_dose_stays_before_the_next_one_asked_not_the_last():
    """Three doses in turn: the first stays before the second's time (13:00), not only before the
    last's (21:00); with 03:00-14:00 blocked it is left out and its reason names the second dose."""
    blocked = sch.Window("W", 8 * 60, 3 * 60, 11 * 60, "src-w")  # (03:00, 14:00)
    first, second, third = sch.place_doses((("A", 8 * 60), ("B", 13 * 60), ("C", 21 * 60)), (blocked,))
    assert first.minute is None
    assert first.reason.startswith(
        "No time apart from W comes before the b dose, so there is no separate a dose"
    )
    assert (second.minute, third.minute) == (14 * 60, 21 * 60)
    # The last dose keeps after the one placed before it: with (14:00, 06:00) blocked, C (21:00) goes
    # back to 14:00, after B at 13:00, not to 06:00.
    late = sch.Window("W", 20 * 60, 14 * 60, 16 * 60, "s")
    assert [p.minute for p in sch.place_doses((("A", 8 * 60), ("B", 13 * 60), ("C", 21 * 60)), (late,))] == [
        8 * 60,
        13 * 60,
        14 * 60,
    ]


def test_a_split_squeezed_by_medicines_is_one_dose():
    """Doxycycline at 08:00 and 20:00 leaves 12:00-14:00: the doses would go to 12:00 and 14:00, 2 h
    apart where 11 h were chosen (round the clock), so the evening dose (moved 7 h, the morning one
    4 h) is left out, with a warning and the interaction's source; one dose at 12:00."""
    tetra = BY_ID["tetracyclines"]
    plan = plan_for(
        chosen=[tetra],
        med_times={"tetracyclines": (dt.time(8, 0), dt.time(20, 0))},
        times=(("Morning", 8 * 60), ("Evening", 21 * 60)),
        step_up=False,
    )
    assert [p.minute for p in plan.placements] == [12 * 60, None]
    (note,) = [n for n in plan.notes if "no separate evening dose" in n.text]
    assert "only 2 h 00 min apart (you chose 08:00 and 21:00)" in note.text and "at 12:00." in note.text
    assert note.level == "warning" and note.source_ids == tetra.source_ids
    assert sch.plan_times(plan) == "Take it at 12:00, moved from 08:00."
    # Without medicines nothing moves and nothing is left out.
    assert [p.minute for p in plan_for(times=(("Morning", 480), ("Evening", 1260))).placements] == [480, 1260]


def test_an_evening_dose_pushed_into_the_night_is_left_out():
    """Ciprofloxacin at 10:00 and 22:00 (8 h before, 4 h after) leaves 14:00 and 02:00: the evening
    dose went to 02:00, an alarm at night, while 14:00 held the morning dose. One dose at 14:00."""
    cipro = BY_ID["fluoroquinolones"]
    plan = plan_for(
        chosen=[cipro],
        med_times={"fluoroquinolones": (dt.time(10, 0), dt.time(22, 0))},
        times=(("Morning", 8 * 60), ("Evening", 21 * 60)),
        step_up=False,
    )
    morning, evening = plan.placements
    assert (morning.minute, evening.minute) == (14 * 60, None)
    assert evening.reason.startswith(
        "Around Fluoroquinolone (quinolone) antibiotics, the evening dose would be at 02:00, at night, so "
        "there is no separate evening dose: the day's whole dose is planned as one, at 14:00."
    )
    # Asked for at night, a night dose stays (a night-shift worker's split).
    worker = sch.place_doses(
        (("Morning", 14 * 60), ("Evening", 2 * 60)), (sch.Window("W", 20 * 60, 16 * 60, 8 * 60, "s"),)
    )
    assert [p.minute for p in worker] == [14 * 60, 2 * 60]


@pytest.mark.parametrize(("start", "kept"), [(13 * 60 + 30, True), (13 * 60 + 29, False)])
def test_a_split_is_kept_at_half_the_chosen_time_apart(start, kept):
    """08:00 and 21:00 are 11 h apart round the clock; a window from `start` to 07:00 moves the
    evening dose back to `start`: 5 h 30 min apart keeps both doses, 5 h 29 min leaves one."""
    window = sch.Window("W", 20 * 60, start, (7 * 60 - start) % sch.DAY_MINUTES, "s")
    morning, evening = sch.place_doses((("Morning", 8 * 60), ("Evening", 21 * 60)), (window,))
    assert morning.minute == 8 * 60
    assert evening.minute == (start if kept else None)


def test_one_dose_if_split_fails_leaves_other_shapes_alone():
    one = (sch.Placement("Evening", 21 * 60, 21 * 60 + 1, 0, 1, ""),)
    window = (sch.Window("W", 0, 100, 10, "s"),)
    assert sch.one_dose_if_split_fails(one, window, in_order=True) == one
    out = (
        sch.Placement("Morning", 480, None, 0, 0, "left out"),
        sch.Placement("Evening", 1260, 481, 0, 1, ""),
    )
    assert sch.one_dose_if_split_fails(out, window, in_order=True) == out
    squeezed = (sch.Placement("Morning", 480, 480, 0, 0, ""), sch.Placement("Evening", 1260, 481, 0, 1, ""))
    assert sch.one_dose_if_split_fails(squeezed, (), in_order=True) == squeezed  # no medicine moved them
    assert sch.one_dose_if_split_fails(squeezed, window, in_order=True)[1].minute is None
    # Equal moves: the morning dose goes (the guidance's time is the evening).
    even = (sch.Placement("Morning", 480, 500, 0, 20, ""), sch.Placement("Evening", 1260, 510, 0, -750, ""))
    even = (even[0], replace(even[1], moved_minutes=20))
    assert [p.minute for p in sch.one_dose_if_split_fails(even, window, in_order=True)] == [None, 510]


def test_an_evening_dose_with_no_time_after_the_morning_dose_is_left_out():
    """Free only 10:00-14:00: the morning dose (wanted 16:00) goes to 14:00, the last free minute,
    and nothing free comes after it, so the evening dose is left out; the reason names every
    medicine and the morning dose."""
    windows = (
        sch.Window("Iron", 20 * 60, 14 * 60, 13 * 60, "s1"),  # (14:00, 03:00)
        sch.Window("Antibiotic", 6 * 60, 1 * 60, 9 * 60, "s2"),  # (01:00, 10:00)
    )
    morning, evening = sch.place_doses((("Morning", 16 * 60), ("Evening", 21 * 60)), windows)
    assert (morning.minute, morning.moved_minutes) == (14 * 60, -120)
    assert evening == sch.Placement(
        "Evening",
        21 * 60,
        None,
        0,
        0,
        "No time apart from Antibiotic, Iron comes after the morning dose, so there is no separate "
        "evening dose: the day's whole dose is planned as one. Ask your pharmacist if you want to split it.",
        "s1;s2",
    )


# ------------------------------------------- who advises a clinician's dose (2026-12-03)


@pytest.mark.parametrize(
    ("age", "stage", "clinician"),
    [
        (16, "pregnancy", "midwife or doctor"),
        (17, "lactation", "midwife or doctor"),
        (16, "general", "doctor"),
        (30, "pregnancy", "midwife or doctor"),
        (30, "lactation", "midwife or doctor"),
    ],
)
def test_a_pregnant_or_breastfeeding_teenager_s_reviews_go_to_a_midwife_or_doctor(age, stage, clinician):
    """A pregnant 16-year-old takes the child's path (a clinician's dose, confirmed on the page), but
    her reviews named only 'the doctor who advised the dose', where a midwife may have advised it."""
    safety = safety_for(age=age, stage=stage, child=True)
    if age >= 18:
        safety = safe.screen(
            safe.Answers(age_years=age, life_stage=stage, stage_dose_confirmed=True),
            ul_mg=350,
            ul_source_ids="x",
            rules=BOOK,
            evidence=CLAIMS,
        )
    assert safety.clinician == clinician == safe.clinician_words(stage)
    plan = plan_for(safety=safety, age=age, start_mg=200)
    assert plan.steps, "a confirmed clinician's dose gives a plan"
    week4, week8 = plan.checkpoints
    assert week4.decision.startswith(f"Decide with the {clinician} who advised the dose")
    assert week8.decision == f"Decide with the {clinician} who advised the dose whether to continue."
    side_effects = next(item for item in week4.items if item.startswith("Side effects"))
    assert side_effects.endswith(f"tell the {clinician} who advised the dose before changing it.")


def test_the_summary_gives_each_dose_of_a_split_its_amount():
    """Phone review, 2026-12-03: '1 tablet at 11:00, 1½ at 21:00' was only in the table, cut off at
    390 px. With one split all through the plan the summary gives each dose's amount; when a step
    up changes the split it gives none (the table has them week by week)."""
    split = dict(
        chosen=[BY_ID["levothyroxine"]],
        med_times={"levothyroxine": dt.time(7, 0)},
        times=(("Morning", 8 * 60), ("Evening", 21 * 60)),
    )
    steady = plan_for(**split, step_up=False)
    assert sch.plan_times(steady) == (
        "Take it: morning (1 tablet) at 11:00, moved from 08:00; evening (1½ tablets) at 21:00."
    )
    stepped = plan_for(**split, step_up=True)
    assert len({step.doses for step in stepped.steps}) > 1
    assert sch.plan_times(stepped) == "Take it: morning at 11:00, moved from 08:00; evening at 21:00."
    assert sch.plan_times(plan_for(step_up=False)) == "Take it at 21:00."  # one dose: the summary has it


def test_the_timeline_caption_says_wrap_only_when_a_window_wraps():
    assert sch.windows_caption(()) is None
    day = sch.Window("Tetracycline antibiotics", 10 * 60, 4 * 60, 10 * 60)  # 04:00-14:00
    assert sch.windows_caption((day,)) == "Shaded: times to keep magnesium away from your medicines."
    late = sch.Window("Iron", 23 * 60, 20 * 60, 4 * 60)  # 20:00-00:00: ends at midnight, no wrap
    assert sch.windows_caption((late,)) == "Shaded: times to keep magnesium away from your medicines."
    wrap = sch.Window("Iron", 23 * 60, 20 * 60, 4 * 60 + 1)  # to 00:01
    assert sch.windows_caption((day, wrap)).endswith("one stretch that wraps past midnight).")


def test_the_night_for_a_split_starts_at_midnight_and_ends_at_six():
    """Free only at 00:00 and at the morning dose's time: the evening dose would be at 00:00, which
    is night, so it is left out (its reason names both medicines; the sources of both). A morning
    dose at 06:00 is in the day (06:00 ends the night), so the same holds for it."""

    def split_around(morning_at: int):
        windows = (
            sch.Window("A", 12 * 60, morning_at, sch.DAY_MINUTES - morning_at, "a"),  # (morning, 24:00)
            sch.Window("B", 3 * 60, 0, morning_at, "b"),  # (00:00, morning)
        )
        return sch.place_doses((("Morning", morning_at), ("Evening", 21 * 60)), windows)

    morning, evening = split_around(8 * 60)
    assert morning.minute == 8 * 60
    assert evening == sch.Placement(
        "Evening",
        21 * 60,
        None,
        0,
        0,
        "Around A, B, the evening dose would be at 00:00, at night, so there is no separate evening dose: "
        "the day's whole dose is planned as one, at 08:00. Ask your pharmacist if you want to split it.",
        "a;b",
    )
    morning, evening = split_around(6 * 60)
    assert (morning.minute, evening.minute) == (6 * 60, None)


def test_the_other_sets_line_names_one_limit_or_two_in_plain_words():
    """ "The limit of EU (250 mg) is lower" read badly (pharmacist review, 2026-12-03)."""
    one, lower = sch.other_limits_line(300, "US", [("EU", 250.0, "ul"), ("UK", 400.0, "guidance")], 0)
    assert lower and "**The EU (250 mg) limit is lower than this plan:**" in one
    two, lower = sch.other_limits_line(300, "US", [("EU", 250.0, "ul"), ("UK", 280.0, "guidance")], 0)
    assert lower and "**The EU (250 mg) and UK (280 mg) limits are lower than this plan:**" in two
    none, lower = sch.other_limits_line(200, "US", [("EU", 250.0, "ul")], 0)
    assert not lower and "lower than this plan" not in none


def test_the_week_4_decision_says_when_the_step_up_is_chosen():
    """Pharmacist review, 2026-12-03: after the step up was chosen the plan still said to choose it."""
    chosen, not_yet = plan_for(step_up=True), plan_for(step_up=False)
    assert chosen.checkpoints[0].decision == (
        "Decide: still having symptoms and no diarrhoea → you may step up to 350 mg a day (you chose the step "
        "up; this plan has it); diarrhoea → lower the dose; symptoms gone → stay at 250 mg: turn the step up "
        "off on the plan page and replace this calendar's events."
    )
    assert not_yet.checkpoints[0].decision.endswith("symptoms gone → stay at 250 mg.")
    assert "(choose 'step up' on the plan page)" in not_yet.checkpoints[0].decision
    assert (
        max(s.scheduled_mg for s in chosen.steps) == 350 and max(s.scheduled_mg for s in not_yet.steps) == 250
    )


def test_the_plan_top_dose_is_exact_not_cut_to_a_whole_mg():
    """Clinician review, 2026-12-04: oxide labelled 500 mg compound weight (301.5 mg magnesium),
    half a tablet: the plan gives 150.75 mg, and "at most 150 mg" beside it disagreed. Cut to a
    whole mg, a plan just over another authority's limit would not be flagged either."""
    oxide = product(form="Magnesium oxide", strength=500, basis="compound")
    plan = plan_for(prod=oxide, step_up=False)
    assert plan.steps[0].doses[0].units == 0.5
    assert plan.target_delivered_mg == pytest.approx(0.5 * sch.elemental_mg_per_unit(oxide))
    assert plan.target_delivered_mg != int(plan.target_delivered_mg)
    line, _ = sch.other_limits_line(plan.target_delivered_mg, "US", [("EU", 250.0, "ul")], 0)
    assert line.startswith(f"The plan's highest dose is {mg_text(plan.target_delivered_mg)} mg a day")
    # Just over another authority's limit: flagged (it was not when cut to 250).
    _, lower = sch.other_limits_line(250.5, "US", [("EU", 250.0, "ul")], 0)
    assert lower


@pytest.mark.parametrize(
    ("stage", "group", "same", "tail"),
    [
        ("general", "at your age", "for the same age", ""),
        (
            "pregnancy",
            "in pregnancy",
            "for the same age in pregnancy",
            " Whichever set you use, a plan in pregnancy waits for a dose your midwife or doctor advised.",
        ),
        ("lactation", "while breastfeeding", "for the same age while breastfeeding", ""),
    ],
)
def test_no_limit_line_names_the_life_stage(stage, group, same, tail):
    """Clinician review, 2026-12-04: a pregnant 30-year-old on the UK values was told the UK sets no
    limit "at your age" (it gives 400 mg at 30; it sets none in pregnancy), and the pointer to the
    other sets read as a way to get a plan, which in pregnancy still needs the midwife's dose."""
    line = sch.no_limit_line("UK", [("US", 350.0, "UL")], stage)
    assert line == (
        f"The UK reference values set no limit for magnesium from supplements {group}; {same} the other "
        "sets give: US upper limit 350 mg a day. The sets differ and the app does not pick one for you: use "
        "the one where you live or that your clinician follows (Reference values, in section 1)." + tail
    )


def test_the_diarrhoea_figure_says_its_study_is_not_identified():
    """Clinician review, 2026-12-04: "diarrhoea affects roughly 11-37 % of users" rests only on the
    product brief's guidance, whose study is not identified; the plan says so beside the figure. If
    a real source is added to the rows, this test fails so the note goes."""
    rows = DATA.guidance[DATA.guidance["key"].str.startswith("diarrhoea_pct")]
    assert len(rows) == 2 and set(rows["source_ids"]) == {"brief-guidance"}
    (brief,) = DATA.sources.loc[DATA.sources["id"] == "brief-guidance", "citation"]
    assert "not identified" in brief
    side = plan_for().checkpoints[0].side_effects
    assert f"% of users ({sch.DIARRHOEA_SOURCE_NOTE}); if it happens" in side


def test_no_limit_line_reads_an_unknown_life_stage_as_general():
    line = sch.no_limit_line("UK", [("US", 350.0, "UL")], "not-a-stage")
    assert line is not None and "supplements at your age; for the same age the other" in line


def _safety_with_other(other_mg, age=45, child=False, ul=None):
    ref = reference_for(Profile(age, "female", "general"), DATA.intake_reference)
    return safe.screen(
        safe.Answers(
            age_years=age,
            life_stage="general",
            other_sources=(safe.OTHER_SOURCE_OPTIONS[0],) if other_mg else (),
            other_mg=other_mg,
            child_dose_confirmed=child,
        ),
        ul_mg=ref.mg_ul_supplemental if ul is None else ul,
        ul_source_ids=ref.source_ids,
        rules=BOOK,
        evidence=CLAIMS,
    )


OTHERS_LEFT_NO_ROOM = "**Your other products already give"


@pytest.mark.parametrize(
    ("case", "other_mg", "age", "kwargs", "others_note"),
    [
        # No other products: a 300 mg capsule is above the 250 mg start; the label's problem.
        ("no other products", 0, 45, {"start_mg": 250, "strength": 300}, False),
        # The EU's 250 mg limit less 1 mg from other products: the room (249 mg) is below the start.
        ("EU, 1 mg from others", 1, 45, {"start_mg": 250, "strength": 300, "ul": 250.0}, True),
        # The room (250 mg) is the start dose itself: the 300 mg capsule is the label's problem.
        ("room equals the start", 100, 45, {"start_mg": 250, "strength": 300}, False),
        # A step up in week 2 above the room (a review after week 1): the first week's dose decides.
        ("step in week 2", 50, 45, {"start_mg": 250, "strength": 260, "review_week_1": 1}, False),
    ],
)
def test_the_other_products_note_only_when_they_took_the_room(case, other_mg, age, kwargs, others_note):
    safety = _safety_with_other(other_mg, age=age, child=age < 18, ul=kwargs.get("ul"))
    prod = product(strength=kwargs["strength"], unit="Capsule")
    numbers = dataclasses.replace(NUMBERS, review_week_1=kwargs.get("review_week_1", NUMBERS.review_week_1))
    plan = plan_for(safety=safety, prod=prod, start_mg=kwargs["start_mg"], age=age, numbers=numbers)
    if "review_week_1" in kwargs:  # the second week asks for the step up, above the room
        assert sch.requested_doses(250, 400, 150, 4, 12, 1, True)[:2] == (250, 400)
    assert not plan.steps, case
    notes = [n for n in plan.notes if n.text.startswith(OTHERS_LEFT_NO_ROOM)]
    assert bool(notes) is others_note, (case, [n.text for n in plan.notes])
    if not others_note:
        assert any("is more than the starting dose" in n.text for n in plan.notes), case


def test_the_other_products_note_word_for_word():
    plan = plan_for(safety=_safety_with_other(349), prod=product(strength=100))
    (note,) = [n for n in plan.notes if n.text.startswith(OTHERS_LEFT_NO_ROOM)]
    assert note == safe.Note(
        "warning",
        "**Your other products already give 349 mg of magnesium a day,** close to your limit: the plan could "
        "schedule at most 1 mg a day, less than the smallest portion of this product (50 mg), so there is no "
        "plan to take. Ask your pharmacist or doctor whether you need more magnesium at all.",
        safe.joined_ids([BOOK.cite("other_sources_count"), product(strength=100).source_ids]),
        "other_sources_count",
    )


@pytest.mark.parametrize(("other_mg", "planned"), [(300, True), (301, False), (349, False)])
def test_other_products_that_leave_less_than_one_portion_say_so(other_mg, planned):
    """Pharmacist review (2026-12-04): 349 mg a day from an antacid gave "the smallest portion of this
    product (50 mg) is more than the starting dose (1 mg)". The US limit is 350 mg: 300 mg from other
    products leaves exactly half a 100 mg tablet (the smallest portion); 301 mg leaves less."""
    ref = reference_for(Profile(45, "female", "general"), DATA.intake_reference)
    safety = safe.screen(
        safe.Answers(
            age_years=45,
            life_stage="general",
            kidney_disease=False,
            statin=False,
            medicines=(),
            other_sources=(safe.OTHER_SOURCE_OPTIONS[0],),
            other_mg=other_mg,
        ),
        ul_mg=ref.mg_ul_supplemental,
        ul_source_ids=ref.source_ids,
        rules=BOOK,
        evidence=CLAIMS,
    )
    plan = plan_for(safety=safety, prod=product(strength=100))
    texts = " ".join(n.text for n in plan.notes)
    assert bool(plan.steps) is planned
    assert ("Your other products already give" in texts) is not planned
    assert "is more than the starting dose" not in texts
    if not planned:
        assert f"could schedule at most {350 - other_mg:g} mg a day" in texts and "(50 mg)" in texts


@pytest.mark.parametrize(
    ("query", "option"),
    [
        ("Epsom salts", 1),  # magnesium sulfate, sold as a laxative
        ("EPSOM SALT", 1),
        ("magnesium glycinate", 3),
        ("Magnésium bisglycinate", 3),  # accents aside
        ("Phillips' Milk of Magnesia", 0),  # its own e.g. list first (the antacid)
        ("magnesia", 0),  # part of "milk of magnesia" in the antacid's list
        ("Rennie", 0),  # heavy magnesium carbonate (sources.csv smpc-rennie; pharmacist review, 2026-12-05)
        ("Rennie Spearmint", 0),
        ("Mucogel suspension", 0),  # aluminium and magnesium hydroxide (sources.csv smpc-mucogel)
        ("Mil-Par", 1),  # magnesium hydroxide with liquid paraffin, a laxative (smpc-milpar)
        ("co-magaldrox suspension", 0),  # aluminium and magnesium hydroxide (ukcpa-co-magaldrox)
        ("Co-Magaldrox", 0),
        ("Mag-Al Plus", 0),  # the US suspensions of the same two (openfda-mag-al-plus)
        ("mag-al plus xs", 0),
        ("Mag-Al", 0),
        ("Magalite", None),  # a name that only begins like "mag-al"
        ("Milpar", 1),
        ("Gaviscon", None),  # UK forms without magnesium, US ones with: the label decides
        ("calcium", None),
    ],
)
def test_a_typed_name_that_says_magnesium_finds_its_option(query, option):
    """Pharmacist review (2026-12-04): "Epsom salts" got "No medicine in this app's list matches", with
    nothing saying it is magnesium that counts against the limit."""
    found = sch.magnesium_product(safe.OTHER_SOURCE_OPTIONS, query, safe.MAGNESIUM_WORDS)
    assert found == (None if option is None else safe.OTHER_SOURCE_OPTIONS[option])
    assert (
        "Heavy magnesium carbonate 80.0 mg".lower()
        in DATA.sources.set_index("id").loc["smpc-rennie", "citation"].lower()
    )


@pytest.mark.parametrize(
    ("name", "class_id"),
    [
        ("norfloxacin", "fluoroquinolones"),
        ("Ofloxacin", "fluoroquinolones"),
        ("rabeprazole", "ppi-long-term"),
    ],
)
def test_more_names_of_class_wide_interactions_are_found(name, class_id):
    """Pharmacist review (2026-12-04): norfloxacin, a quinolone, was "not in this app's list"."""
    assert [r.class_id for r in sch.find_medicines(RULES, name)] == [class_id]


def test_the_journal_link_dose_is_todays_step():
    """Phone review (2026-12-04): the journal link pre-filled the plan's top dose on every night, the
    nights before the first dose (the journal's baseline) and the weeks still at 250 mg included."""
    plan = plan_for(step_up=True)  # 250 mg for weeks 1-4, then 350 mg (START is a Monday)
    first, second = plan.steps
    assert (first.delivered_mg, second.delivered_mg) == (250, 350)
    day = dt.timedelta(days=1)
    assert sch.journal_dose(plan, first.first_day - day) is None
    assert sch.journal_dose(plan, first.first_day) == 250
    assert sch.journal_dose(plan, first.last_day) == 250
    assert sch.journal_dose(plan, second.first_day) == 350
    assert sch.journal_dose(plan, second.last_day + 30 * day) == 350  # over: the settled dose
    empty = plan_for(safety=safety_for(kidney=True))
    assert not empty.steps and sch.journal_dose(empty, START) is None


def test_a_prescribers_plan_steps_up_only_through_them():
    """Rules doctor_medicine_confirm and statin_prescriber_confirm: the prescriber agreed to magnesium,
    not to a higher dose; the week-4 decision says to ask them first (pharmacist review, 2026-12-04)."""
    loop = next(r for r in RULES if r.kind == "doctor")
    safety = safety_for(statin=True, chosen=(loop,), prescriber=True)
    assert safety.plan_allowed
    assert (
        safety.prescriber == f"the doctor or doctors who prescribe your {loop.drug_class.lower()} and statin"
    )
    week4 = plan_for(safety=safety, chosen=(loop,)).checkpoints[0].decision
    assert week4.startswith(
        f"Decide: still having symptoms and no diarrhoea → ask {safety.prescriber} first, then you may step up to 350 mg a day"
    )
    plain = plan_for().checkpoints[0].decision
    assert plain.startswith(
        "Decide: still having symptoms and no diarrhoea → you may step up to 350 mg a day"
    )
    # Diarrhoea goes back to the prescriber, never "lower the dose or try glycinate" by oneself; the
    # week-8 decision says to tell them (GP review, 2026-12-05: on a loop diuretic diarrhoea can upset
    # the body's fluids and salts).
    week4_again, week8 = plan_for(safety=safety, chosen=(loop,)).checkpoints
    assert (
        f"; diarrhoea → stop the magnesium and ask {safety.prescriber} before taking it again (contact them straight away if it lasts more than a day); symptoms gone"
        in week4_again.decision
    )
    assert "glycinate" not in week4_again.decision and "lower the dose" not in week4_again.decision
    # The side-effect line (in every reminder) says the same (adversarial review, 2026-12-05).
    assert week4_again.side_effects.split("; if it happens, ")[1].startswith(
        f"stop the magnesium and ask {safety.prescriber} before taking it again (contact them straight away if it lasts more than a day)."
    )
    assert "lower the dose" not in week4_again.side_effects
    assert week8.decision == sch.WEEK_8_DECISION + f" Tell {safety.prescriber} what you decided."
    assert "; diarrhoea → lower the dose" in plain
    assert plan_for().checkpoints[1].decision == sch.WEEK_8_DECISION
    # A prescriber's plan that cannot step up: the same.
    capped = plan_for(safety=safety, chosen=(loop,), target_mg=250).checkpoints[0].decision
    assert (
        f"if you have diarrhoea, stop the magnesium and ask {safety.prescriber} before taking it again (contact them "
        "straight away if it lasts more than a day). Ask "
    ) in capped, capped
    # Then the blood tests again (GP review, 2026-12-05).
    assert capped.endswith("should be checked again now that you take magnesium, and after any step up."), (
        capped
    )
    assert (
        safe.prescriber_names((loop,), False) == [loop.drug_class.lower()]
        and loop.drug_class != loop.drug_class.lower()
    )


def test_the_statin_stop_word_for_word():
    (stop,) = [n for n in safety_for(statin=True).notes if n.rule_id == "statin_prescriber_confirm"]
    assert stop.text == (
        "**No plan until your doctor agrees.** Cramps or muscle aches while you take a statin can come from "
        "the statin itself. Ask the doctor who prescribes it whether your cramps could be the statin, and "
        "whether magnesium is right for you; if they agree, confirm it below to see the plan. Muscle pain, "
        "tenderness or weakness you can't explain, or dark urine: contact them straight away, not at your "
        "next routine visit (see the red flags)."
    )


def test_the_statin_stop_beside_a_medicines_stop_says_one_tick_answers_both():
    """GP review (2026-12-05): a thiazide and a statin gave two red boxes both headed "No plan until your
    doctor agrees.", read as two ticks to find; the statin's now says the same tick waits for it."""
    thiazide = BY_ID["thiazide-diuretics"]
    result = safety_for(statin=True, chosen=(thiazide,))
    (first,) = [n for n in result.notes if n.rule_id == "doctor_medicine_confirm"]
    (stop,) = [n for n in result.notes if n.rule_id == "statin_prescriber_confirm"]
    assert first.text.startswith("**No plan until your doctor agrees.**")
    assert stop.text == (
        "**Your statin too: the same tick waits for its prescriber.** Cramps or muscle aches while you take a "
        "statin can come from the statin itself. Ask the doctor who prescribes it whether your cramps could be "
        "the statin, and whether magnesium is right for you; if they agree, confirm it below to see the plan "
        "(one tick for both). Muscle pain, tenderness or weakness you can't explain, or dark urine: contact "
        "them straight away, not at your next routine visit (see the red flags)."
    )
    assert stop.level == "error" and not result.plan_allowed


def test_proguanil_is_kept_4_hours_apart():
    """Pharmacist review (2026-12-04): proguanil is named in the app's own cited UK magnesium hydroxide
    leaflet (smpc-mgoh-mixture: about 2 to 3 hours apart) but had no row. Data review (2026-12-05):
    another cited UK antacid leaflet names it too and asks 2 to 4 hours: the upper end, 4 hours."""
    _assert_spaced({"proguanil": (4, 4)})
    assert [r.class_id for r in sch.find_medicines(RULES, "Malarone")] == ["proguanil"]
    row = DATA.interactions.set_index("class_id").loc["proguanil"]
    assert row["source_ids"] == "smpc-mgoh-mixture;smpc-antacid-erlotinib"


def test_the_signs_of_too_much_go_with_the_side_effects_and_their_sources():
    plan = plan_for(too_much=("Signs: X and Y.", "src-a;src-b"))
    for checkpoint in plan.checkpoints:
        assert checkpoint.side_effects.endswith(
            " Signs: X and Y. If you get any of these, stop taking magnesium and get medical advice; "
            "difficulty breathing or an irregular heartbeat needs emergency help."
        )
        assert {"src-a", "src-b"} <= set(checkpoint.source_ids.split(";"))
    plain = plan_for()
    assert "stop taking magnesium" not in plain.checkpoints[0].side_effects
    assert not {"src-a", "src-b"} & set(plain.checkpoints[0].source_ids.split(";"))
    # The words decide, not their sources: words without a source id still show, and none without words.
    assert (
        plan_for(too_much=("Signs: Z.", ""))
        .checkpoints[0]
        .side_effects.endswith(
            " Signs: Z. If you get any of these, stop taking magnesium and get medical advice; "
            "difficulty breathing or an irregular heartbeat needs emergency help."
        )
    )
    assert "stop taking magnesium" not in plan_for(too_much=("", "src-a")).checkpoints[0].side_effects
    # A source the reviews already cite is cited once.
    known = plain.checkpoints[0].source_ids.split(";")[0]
    ids = plan_for(too_much=("S.", f"{known};src-b")).checkpoints[0].source_ids.split(";")
    assert ids.count(known) == 1 and "src-b" in ids


def test_the_journal_link_dose_after_the_plan_is_the_last_step():
    plan = plan_for(step_up=True, target_mg=350, step_mg=50, step_weeks=2)
    assert [s.delivered_mg for s in plan.steps] == [250, 300, 350]
    after = plan.steps[-1].last_day + dt.timedelta(days=1)
    assert sch.journal_dose(plan, after) == 350
    assert sch.journal_dose(plan, plan.steps[1].first_day) == 300


@pytest.mark.parametrize(
    ("query", "other"),
    [
        ("atorvastatin", True),
        ("Simvastatin 20 mg", True),
        ("statin", True),
        ("STATIN", True),
        ("rosuvastatin", False),  # its own row (spacing)
        ("Crestor", False),
        ("statins", True),
        ("nystatin cream", False),  # an antifungal, not a statin (the stem is "-vastatin")
        ("somatostatin", False),
        # Brands (clinician review, 2026-12-04: "Lipitor" and "Zocor" passed as unknown medicines).
        ("Lipitor", True),
        ("LIPITOR 40mg", True),
        ("zocor", True),
        ("Livalo", True),
        ("Caduet 5mg/10mg", True),  # amlodipine and atorvastatin (session 51), though on a row
        ("Vytorin 10/40", True),  # ezetimibe and simvastatin (session 51)
        ("Atorvastatina 20 mg", True),  # Spanish, Italian (session 51)
        ("Inegy 10mg/40mg tablets", True),  # ezetimibe and simvastatin (emc; session 52)
        ("Simvastatine 40mg", True),  # French
        ("Simvastatinum", True),  # Latin, on some EU packs
        ("Simvastatinus", False),
        ("Crestor 10mg", False),  # rosuvastatin's own row
        ("Lipitorx", False),  # whole words only
        ("", False),
    ],
)
def test_a_typed_statin_name_other_than_the_rows_is_recognised(query, other):
    assert sch.other_statin(RULES, query) is other


def test_the_statin_brands_are_cited_by_the_statin_rule():
    rule = DATA.safety_rules.set_index("rule_id").loc["statin_prescriber_confirm"]
    ids = rule["source_ids"].split(";")
    assert "openfda-statin-brands" in ids and "emc-inegy" in ids  # Inegy: session 52
    cited = " ".join(DATA.sources.set_index("id").loc[ids, "citation"]).casefold()
    assert all(brand in cited for brand in sch.STATIN_BRANDS)


# ----------------------------------------------------------------- a step up chosen late (date review)


@pytest.mark.parametrize(
    ("days_in", "week"),
    # A step starts on the first day of a plan week, never in one under way (nor before the review).
    [(0, 4), (27, 4), (28, 4), (29, 5), (34, 5), (35, 5), (36, 6), (62, 9), (63, 9), (64, 10), (400, 58)],
)
def test_the_first_step_is_in_the_week_the_step_up_is_chosen(days_in, week):
    start = dt.date(2026, 1, 5)
    assert sch.first_step_week(start, start + dt.timedelta(days=days_in), 4) == week


def test_a_steps_first_day():
    assert sch.step_day(dt.date(2026, 1, 5), 4) == dt.date(2026, 2, 2)
    assert sch.step_day(dt.date(2026, 1, 5), 0) == dt.date(2026, 1, 5)


def test_the_plans_last_day():
    assert sch.plan_end(dt.date(2026, 1, 5), 12) == dt.date(2026, 3, 29)
    assert sch.plan_end(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 6)
    assert sch.plan_end(dt.date(2028, 2, 1), 4) == dt.date(2028, 2, 28)  # leap year: 29 Feb is day 29
    assert sch.plan_end(dt.date(2026, 1, 5), 0) == dt.date(2026, 1, 11)  # at least a week


def test_a_late_step_up_starts_at_the_first_step():
    doses = sch.requested_doses(250, 350, 50, 1, 12, 4, True, first_step_week=8)
    assert doses == (250,) * 8 + (300, 350, 350, 350)
    assert sch.requested_doses(250, 350, 50, 1, 12, 4, True, first_step_week=2) == sch.requested_doses(
        250, 350, 50, 1, 12, 4, True
    )  # never before the review
    assert sch.requested_doses(250, 350, 50, 1, 12, 4, True, first_step_week=12) == (250,) * 12  # over
    assert sch.requested_doses(250, 400, 100, 2, 12, 4, True, first_step_week=9) == (250,) * 9 + (
        350,
        350,
        400,
    )


@given(
    start=st.integers(0, 400),
    target=st.integers(0, 500),
    step=st.integers(1, 200),
    step_weeks=st.integers(1, 6),
    weeks=st.integers(1, 30),
    first=st.integers(0, 40),
)
def test_a_step_up_never_rises_by_more_than_one_step_a_week_nor_before_its_week(
    start, target, step, step_weeks, weeks, first
):
    doses = sch.requested_doses(start, target, step, step_weeks, weeks, 4, True, first_step_week=first)
    assert len(doses) == weeks
    begins = max(4, first)
    for week, dose in enumerate(doses):
        assert dose <= max(start, target)
        if week < begins:
            assert dose == start
        if week > 0:
            assert doses[week] - doses[week - 1] <= step  # one step at most, never a jump
    if begins < weeks and target > start:
        assert doses[begins] == min(start + step, target)  # the first step is the first rise


def test_the_plan_steps_from_the_week_given():
    plan = plan_for(step_up=True, target_mg=350, step_mg=50, step_weeks=1, step_from=8)
    assert [(s.first_week, s.last_week, s.delivered_mg) for s in plan.steps] == [
        (1, 8, 250),
        (9, 9, 300),
        (10, 12, 350),
    ]
    on_time = plan_for(step_up=True, target_mg=350, step_mg=50, step_weeks=1)
    assert [(s.first_week, s.last_week) for s in on_time.steps] == [(1, 4), (5, 5), (6, 12)]


def test_where_today_falls_in_a_plan_begun_earlier():
    start = dt.date(2026, 1, 5)
    assert sch.started_note(start, start, 12) is None
    assert sch.started_note(start, start - dt.timedelta(days=3), 12) is None  # begins later
    link = (
        " A plan opened from a link begins on the day its sender chose: to begin your own today, clear the "
        "start date."
    )
    assert sch.started_note(start, start + dt.timedelta(days=1), 12) == (
        "This plan began on 05 January 2026: today is day 2, in week 1." + link
    )
    for day, week in ((7, 1), (8, 2), (14, 2), (15, 3), (84, 12)):  # week boundaries, the last day
        note = sch.started_note(start, start + dt.timedelta(days=day - 1), 12)
        assert note == f"This plan began on 05 January 2026: today is day {day}, in week {week}." + link
    assert sch.started_note(start, dt.date(2026, 3, 30), 12) == (
        "This plan ran from 05 January 2026 to 29 March 2026 and is over. To go on, make a new plan: clear "
        "the start date to begin today (a step up is not offered on a plan that is over)."
    )


# ------------------------------------------------- an evening dose after midnight (date review)


@pytest.mark.parametrize(
    ("evening", "minute", "next_day"),
    [
        ("21:00", 1260, 0),
        ("23:59", 1439, 0),
        ("00:00", 0, 1),
        ("00:30", 30, 1),
        ("05:59", 359, 1),
        ("06:00", 360, 0),
    ],
)
def test_an_evening_dose_after_midnight_is_the_nights_after_each_day(evening, minute, next_day):
    """Date review (2026-12-04): an evening dose at 00:30 was dated the early hours of the start day,
    the night before the plan began and 7½ h before the first morning dose."""
    time = dt.time.fromisoformat(evening)
    asked = minute + (sch.DAY_MINUTES if next_day else 0)
    assert sch.dose_times(sch.TIMING["split"], time, dt.time(8)) == (("Morning", 480), ("Evening", asked))
    assert sch.dose_times(sch.TIMING["evening"], time, dt.time(8)) == (("Evening", asked),)
    for timing in sch.TIMING.values():
        times = sch.dose_times(timing, time, dt.time(8))
        plan = plan_for(times=times, step_up=False)
        (evening_dose,) = [d for d in plan.steps[0].doses if d.label == "Evening"]
        assert (evening_dose.minute, evening_dose.day_offset) == (minute, next_day)
    # In the calendar: the first evening dose is on the start day's night, never before the start.
    split = plan_for(times=sch.dose_times(sch.TIMING["split"], time, dt.time(8)), step_up=False)
    cal = Calendar.from_ical(ics_bytes(split))
    starts = sorted(
        e.decoded("dtstart") for e in cal.walk("VEVENT") if "Magnesium, evening" in str(e.get("summary"))
    )
    first_morning = min(
        e.decoded("dtstart") for e in cal.walk("VEVENT") if "Magnesium, morning" in str(e.get("summary"))
    )
    if next_day:  # the bug: 7½ h before the first morning dose, on the night before the start
        assert starts[0] > first_morning
    assert starts[0].date() == START + dt.timedelta(days=next_day)


def test_an_evening_dose_after_midnight_moved_keeps_its_night():
    # Asked at 00:30; a window from 23:50 to 03:00 moves it back to 23:50: that evening (the day's
    # own date), not the next day's.
    (back,) = sch.place_doses((("Evening", 24 * 60 + 30),), (sch.Window("X", 60, 23 * 60 + 50, 190),))
    assert (back.minute, back.day_offset) == (23 * 60 + 50, 0)
    # A window from 00:15 to 03:00 moves it to 00:15: still after midnight, the next day's date.
    (early,) = sch.place_doses((("Evening", 24 * 60 + 30),), (sch.Window("X", 60, 15, 165),))
    assert (early.minute, early.day_offset) == (15, 1)
    # Moved out of the night into the day (adversarial review, 2026-12-04: to 15:00 it was dated the
    # next day, "after midnight", after the next morning's dose): that day's.
    (day,) = sch.place_doses((("Evening", 24 * 60 + 5 * 60),), (sch.Window("X", 60, 0, 600),))
    assert (day.minute, day.day_offset) == (600, 0) and "(after midnight)" not in day.reason
    # Said as it is dated (pharmacist review, 2026-12-04: "moved 7 h 30 min later, from 00:30 to
    # 08:00" for a dose the calendar put 16½ hours before the 00:30 asked for).
    assert day.reason == (
        "Evening dose moved 19 h 00 min earlier, from 05:00 after midnight to 10:00 that day, to keep it "
        "apart from: X."
    )
    assert early.reason.startswith(
        "Evening dose moved 0 h 15 min earlier, from 00:30 to 00:15 (after midnight)"
    )
    assert back.reason.startswith(
        "Evening dose moved 0 h 40 min earlier, from 00:30 after midnight to 23:50 that day,"
    )
    # Moved to 06:00 exactly: the night is over (00:00-06:00), so that day's.
    (six,) = sch.place_doses((("Evening", 24 * 60 + 5 * 60 + 30),), (sch.Window("X", 60, 5 * 60, 60),))
    assert (six.minute, six.day_offset) == (6 * 60, 0)
    # The same times asked as the day's own (a morning dose at 00:30 is not an evening one).
    (own,) = sch.place_doses((("Morning", 30),), (sch.Window("X", 60, 15, 165),))
    assert (own.minute, own.day_offset) == (15, 0)


@pytest.mark.parametrize(
    ("days_in", "weeks", "closed"),
    [
        (27, 12, False),
        (28, 12, False),
        (77, 12, False),
        (78, 12, True),
        (83, 12, True),
        (84, 12, True),
        (84, 13, False),
        (85, 13, True),
        (400, 26, True),
        (0, 0, True),  # a plan shorter than its review has no week after it
    ],
)
def test_when_no_step_up_can_be_chosen(days_in, weeks, closed):
    start = dt.date(2026, 1, 5)
    assert sch.step_up_closed(start, start + dt.timedelta(days=days_in), weeks, 4) is closed


def test_doses_a_day_counts_the_plans_fewest():
    split = plan_for(times=(("Morning", 8 * 60), ("Evening", 21 * 60)), step_up=False)
    assert sch.doses_a_day(split) == 2
    assert sch.doses_a_day(plan_for(step_up=False)) == 1
    assert sch.doses_a_day(dataclasses.replace(split, steps=())) == 0


def test_a_dose_free_only_to_the_minute_says_so():
    """Pharmacist review (2026-12-05): ciprofloxacin at 08:00 and 20:00 left only 12:00 free (no
    magnesium 00:00–12:00 and 12:00–00:00); the plan put the dose there without a word."""
    cipro = sch.separation_windows(
        [BY_ID["fluoroquinolones"]], {"fluoroquinolones": (dt.time(8), dt.time(20))}
    )
    (dose,) = sch.place_doses([("Evening", 21 * 60)], cipro)
    assert dose.minute == 12 * 60 and sch.squeezed(dose.minute, cipro)
    assert dose.reason.endswith(sch.SQUEEZED_NOTE)
    # Room either side: no such note (tetracycline at 08:00 and 20:00 leaves 12:00–14:00; the dose goes to 14:00).
    tetra = sch.separation_windows([BY_ID["tetracyclines"]], {"tetracyclines": (dt.time(8), dt.time(20))})
    (roomy,) = sch.place_doses([("Evening", 21 * 60)], tetra)
    assert roomy.minute == 14 * 60 and not sch.squeezed(roomy.minute, tetra)
    assert sch.SQUEEZED_NOTE not in roomy.reason
    # Each side is the very next minute: a window ending one minute before and one starting at the
    # minute (its only inside minute the next one) squeeze it; two minutes away do not.
    tight = [sch.Window("a", 0, 590, 10), sch.Window("b", 0, 600, 2)]  # inside: 591–599 and 601
    assert sch.squeezed(600, tight)
    assert sch.squeezed(
        600, [sch.Window("a", 0, 598, 2), sch.Window("b", 0, 600, 10)]
    )  # inside: 599; 601–609
    assert not sch.squeezed(600, [sch.Window("a", 0, 597, 2), sch.Window("b", 0, 600, 10)])  # inside: 598
    # One side free is not squeezed; no windows, never.
    assert not sch.squeezed(12 * 60, [])
    assert sch.squeezed(12 * 60, cipro) and not sch.squeezed(11 * 60 + 59, tetra)
    assert not sch.squeezed(14 * 60 - 1, tetra)


@given(start=st.integers(0, 1439), length=st.integers(1, 600), minute=st.integers(0, 1439))
def test_squeezed_is_both_neighbours_inside_a_window(start, length, minute):
    window = sch.Window("x", 0, start, length)
    inside = [sch.in_window((minute + d) % sch.DAY_MINUTES, window) for d in (-1, 1)]
    assert sch.squeezed(minute, [window]) is all(inside)


def test_whose_dose_a_plan_is():
    plan = plan_for(
        safety=_clinician_safety(30, "pregnancy"), start_mg=100, target_mg=100, step_up=False, age=30
    )
    assert sch.advised_line(plan) == (
        "Dose advised by the person's midwife or doctor (confirmed by the person on the Dose plan page)."
    )
    assert sch.advised_line(plan_for()) == ""


def test_the_night_in_code_is_the_night_of_its_data_row():
    """Rule night_dose_no_plan's row states when the night ends; the placement uses the same hour."""
    row = DATA.safety_rules.set_index("rule_id").loc["night_dose_no_plan"]
    assert (0, int(row["value"]) * 60) == (sch.NIGHT_START, sch.NIGHT_END)
    assert "(00:00-06:00)" in row["rule"] and row["source_ids"] == "app-safety-review"


def test_digoxin_says_when_to_ask_its_prescriber():
    """GP review (2026-12-05): digoxin was a spacing problem only; low potassium or magnesium (diuretics
    lower both) or weaker kidneys make digoxin toxic more easily, and new cramps can come with that.
    Polypharmacy review (2026-12-05): the plan came at once, with "lower the dose" for diarrhoea — now
    no plan until its prescriber agrees (rule digoxin_prescriber_confirm), and the note says so."""
    digoxin = BY_ID["digoxin"]
    waiting = safety_for(chosen=[digoxin])
    note = next(n for n in waiting.notes if n.text.startswith(f"**{digoxin.drug_class}:"))
    assert note.text.startswith(f"**{digoxin.drug_class}: ask your doctor before you start.**")
    assert note.level == "warning" and note.rule_id == "digoxin_prescriber_confirm"
    assert "potassium or magnesium is low (diuretics can lower both)" in note.text
    # Said as what it is: the plan waits for the prescriber (adversarial review, 2026-12-05: "ask …
    # before you start" while the plan and calendar appeared at once — now true).
    assert "this app makes a plan only once you confirm they agreed, and keeps the spacing above" in note.text
    # "Contact them" names the prescriber, not the pharmacist of the sentence before (adversarial
    # review, 2026-12-05).
    assert "heartbeat: contact the doctor who prescribes your digoxin straight away" in note.text
    assert "this app does not wait" not in note.text
    assert "diarrhoea for more than a day" in note.text
    assert "yellow-green vision" in note.text and "slow, fast or irregular heartbeat" in note.text
    assert {"ausprescriber-digoxin", "carenotes-digoxin-toxicity", "cuh-digoxin"} <= set(
        note.source_ids.split(";")
    )
    # No plan until they agree; the stop names digoxin and what to ask, without the diuretics' reason.
    assert not waiting.plan_allowed
    (stop,) = [n for n in waiting.notes if n.level == "error"]
    assert stop.rule_id == "digoxin_prescriber_confirm"
    assert stop.text == (
        "**No plan until your doctor agrees.** You take digoxin (heart medicine). Ask the doctor who "
        "prescribes your digoxin (heart medicine) whether magnesium is right for you, and whether a blood test "
        "should come first: of your "
        "potassium, magnesium, kidney function and digoxin level, since digoxin builds up to harmful levels "
        "more easily when potassium or magnesium is low or the kidneys work less well. If they agree, confirm "
        "it below to see the plan."
    )
    agreed = safety_for(chosen=[digoxin], prescriber=True)
    assert (
        agreed.plan_allowed and agreed.prescriber == "the doctor who prescribes your digoxin (heart medicine)"
    )
    # With a loop diuretic: one stop, each reason and each question once, both rules' sources.
    loop = BY_ID["loop-diuretics"]
    (both,) = [n for n in safety_for(chosen=[loop, digoxin]).notes if n.level == "error"]
    # One question: each test once, the diuretic's first as it is named first (adversarial review,
    # 2026-12-05: the same tests were asked twice, in the other order); the doctor or doctors.
    assert both.text == (
        "**No plan until your doctor agrees.** You take loop diuretics, which change how your body keeps "
        "magnesium, and digoxin (heart medicine). Ask the doctor or doctors who prescribe your loop "
        "diuretics and digoxin (heart medicine) whether "
        "magnesium is right for you, and whether a blood test should come first: of your potassium, sodium, "
        "magnesium, kidney function and digoxin level, since NICE's leg-cramp guidance names these salts among "
        "its blood tests, and the kidneys clear the extra magnesium, and digoxin builds "
        "up to harmful levels more easily when potassium or magnesium is low or the kidneys work less well. "
        "If they agree, confirm it below to see the plan."
    ), both.text
    assert both.rule_id == "doctor_medicine_confirm"
    assert set(BOOK.cite("digoxin_prescriber_confirm").split(";")) <= set(both.source_ids.split(";"))
    # Diarrhoea and a step up go through that doctor: the plan's prescriber is digoxin's.
    assert agreed.prescriber in sch.prescriber_brief(NUMBERS, agreed, [digoxin], statin=False)
    cuh = DATA.sources.set_index("id").loc["cuh-digoxin", "citation"]
    assert "have diarrhoea for more than one day" in cuh and "buy any medicines from the chemist" in cuh
    sources = DATA.sources.set_index("id")
    assert (
        "low blood levels of potassium or magnesium" in sources.loc["carenotes-digoxin-toxicity", "citation"]
    )
    assert "diuretics which cause potassium depletion" in sources.loc["ausprescriber-digoxin", "citation"]


def test_the_prescriber_brief_says_what_would_be_planned_and_asks_the_right_questions():
    """GP review (2026-12-05): while the plan waited for the prescriber's agreement, the person had
    nothing to take to them: no dose, form or timing. The brief says what the page would plan if they
    agree, in words only, from the screening with their agreement ticked; none where even that gives
    no plan or no prescriber is asked."""
    loop = BY_ID["loop-diuretics"]
    levo = BY_ID["levothyroxine"]
    waiting = safety_for(chosen=[loop, levo])
    assert not waiting.plan_allowed
    agreed = safety_for(chosen=[loop, levo], prescriber=True)
    brief = sch.prescriber_brief(NUMBERS, agreed, [loop, levo], statin=False)
    assert brief == (
        f"**To take to {agreed.prescriber} — a proposal, not agreed: take no magnesium supplement until they "
        "agree.** If they agree, this page plans at most 250 mg of magnesium itself (elemental) a day from a "
        "supplement (the guidance's start dose), in the evening or split through the day as you choose on this "
        "page, for at least 8 weeks, with reviews at weeks 4 and 8; never more than 350 mg a day from the "
        "supplement, and a step up only with their agreement again. Magnesium kept at least 4 hours apart "
        "from your levothyroxine (thyroid hormone). Ask them whether a blood test should come first: of your "
        "potassium, sodium, magnesium and kidney function, since NICE's leg-cramp guidance names these salts "
        "among its blood tests, and the kidneys clear the extra magnesium. Ask too whether any of these "
        "could be behind the cramps, since NICE's leg-cramp guidance names such medicines among the causes to "
        "rule out: loop diuretics."
    ), brief
    assert agreed.prescriber == f"the doctor who prescribes your {loop.drug_class.lower()}"
    # Waiting for a kidney test's answer too (phone review, 2026-12-05): it says both are needed.
    both = sch.prescriber_brief(NUMBERS, agreed, [loop, levo], statin=False, kidney_egfr_min=60)
    assert both == brief.replace(
        "until they agree.** If they agree,",
        "until they agree and a kidney blood test has shown an eGFR of 60 or more.** If both,",
    )
    assert both != brief
    # A medicine that can cause cramps itself (pharmacist review, 2026-12-06): asked about as a cause.
    ccb, beta = BY_ID["calcium-channel-blockers"], BY_ID["beta2-agonists"]
    causes = sch.prescriber_brief(NUMBERS, agreed, [loop, levo, ccb, beta], statin=False)
    # The diuretic too, which NICE names first (re-review, 2026-12-06); levothyroxine is not one.
    assert causes == brief.removesuffix("loop diuretics.") + (
        "loop diuretics; calcium-channel blockers; salbutamol and other beta-2 agonists."
    )
    # Without such a medicine, no such question (levothyroxine alone is asked about by nobody).
    digoxin = BY_ID["digoxin"]
    alone = sch.prescriber_brief(
        NUMBERS, safety_for(chosen=[digoxin], prescriber=True), [digoxin], statin=False
    )
    assert alone is not None and "could be behind the cramps" not in alone
    # Which medicines count is data (interactions.csv causes_cramps): CKS's diuretics and the effect rows.
    assert {r.class_id for r in RULES if r.causes_cramps} == {
        "loop-diuretics",
        "thiazide-diuretics",
        "potassium-sparing-diuretics",
        "calcium-channel-blockers",
        "beta2-agonists",
    }
    # A statin: whether the cramps are the statin's; unequal gaps in both directions.
    quin = BY_ID["fluoroquinolones"]
    statin = safety_for(statin=True, chosen=[quin], prescriber=True)
    words = sch.prescriber_brief(NUMBERS, statin, [quin], statin=True)
    assert words is not None and words.endswith(
        "Magnesium kept at least 8 hours before and 4 hours after your "
        f"{quin.drug_class.lower()}. Ask them whether your cramps could be the statin itself."
    )
    assert "blood test" not in words
    # Other products lower the supplement's room, said with the limit it keeps.
    other = safe.screen(
        safe.Answers(
            age_years=45,
            life_stage="general",
            kidney_disease=False,
            statin=True,
            medicines=(),
            other_sources=("Antacid",),
            other_mg=150,
            prescriber_agreed=True,
        ),
        ul_mg=350,
        ul_source_ids="",
        rules=BOOK,
        evidence=CLAIMS,
    )
    text = sch.prescriber_brief(NUMBERS, other, [], statin=True)
    assert (
        text is not None
        and "this page plans no more than 200 mg a day from a supplement, which with the 150 mg" in text
    )
    assert (
        "less than the guidance's start dose (250 mg), so ask them whether a supplement is worth taking at all"
        in text
    )
    assert "at most" not in text and "step up" not in text
    # None: no prescriber asked, or no plan even with their agreement (kidney disease).
    assert sch.prescriber_brief(NUMBERS, safety_for(), [], statin=False) is None
    kidney = safety_for(chosen=[loop], prescriber=True, kidney=True)
    assert not kidney.plan_allowed and sch.prescriber_brief(NUMBERS, kidney, [loop], statin=False) is None


def test_the_prescriber_brief_at_its_edges():
    """Mutation testing of prescriber_brief (2026-12-05): each spacing wording, the one-hour word,
    the smallest start, a statin picked without the box, and two medicines and two questions."""
    from dataclasses import replace as swap

    def med(name, before, after, kind="timing"):
        return sch.MedicineRule(name.lower(), name, "", kind, before, after, "", "")

    assert [
        sch._spacing_words(m) for m in (med("A", 1, 1), med("B", 2, None), med("C", None, 3), med("D", 6, 4))
    ] == [
        "at least 1 hour apart from your a",
        "at least 2 hours before your b",
        "at least 3 hours after your c",
        "at least 6 hours before and 4 hours after your d",
    ]
    loop = BY_ID["loop-diuretics"]
    rosuva = BY_ID["rosuvastatin"]
    agreed = safety_for(chosen=[loop, rosuva], prescriber=True)
    text = sch.prescriber_brief(NUMBERS, agreed, [loop, rosuva, med("A", 1, 1)], statin=False)
    assert text is not None and text.endswith(
        f"Magnesium kept {sch._spacing_words(rosuva)}; at least 1 hour apart from your a. Ask them whether a "
        "blood test should come first: of your potassium, sodium, magnesium and kidney function, since NICE's "
        "leg-cramp guidance names these salts among its blood tests, and the kidneys clear the extra "
        "magnesium; and whether your cramps could be the statin itself. Ask too whether any of these could be "
        "behind the cramps, since NICE's leg-cramp guidance names such medicines among the causes to rule out: "
        "loop diuretics."
    ), text
    # The smallest start: 1 mg of room is named as too little; none gives no brief; exactly the
    # guidance's start is a proposal at it.
    one = sch.prescriber_brief(NUMBERS, swap(agreed, limit_mg=1.0), [loop], statin=False)
    assert one is not None and "this page plans no more than 1 mg a day from a supplement" in one
    exact = sch.prescriber_brief(NUMBERS, swap(agreed, limit_mg=NUMBERS.start_dose_mg), [loop], statin=False)
    assert exact is not None and "this page plans at most 250 mg of magnesium itself" in exact
    # Under 18, pregnant or breastfeeding: the clinician's dose, never the adult guidance's
    # (adversarial review, 2026-12-05: a 10-year-old's brief proposed 250 mg).
    ppi = BY_ID["ppi-long-term"]
    for age, stage in ((10, "general"), (30, "pregnancy"), (16, "lactation")):
        result = safety_for(
            age=age, stage=stage, chosen=[ppi], prescriber=True, child=age < 18, stage_dose=True
        )
        words = sch.prescriber_brief(NUMBERS, result, [ppi], statin=False)
        assert words is not None, (age, stage)
        assert f"this page plans the dose your {result.clinician} advised, never more than" in words
        assert "and it never steps up." in words and "250 mg" not in words and "guidance" not in words
    assert sch.prescriber_brief(NUMBERS, swap(agreed, limit_mg=0.0), [loop], statin=False) is None
    assert sch.prescriber_brief(NUMBERS, swap(agreed, limit_mg=None), [loop], statin=False) is None
    # No timing medicine: no spacing sentence.
    plain = sch.prescriber_brief(NUMBERS, safety_for(chosen=[loop], prescriber=True), [loop], statin=False)
    assert plain is not None and "Magnesium kept" not in plain
    assert plain.endswith(
        "and a step up only with their agreement again. Ask them whether a blood test should come first: of your "
        "potassium, sodium, magnesium and kidney function, since NICE's leg-cramp guidance names these salts "
        "among its blood tests, and the kidneys clear the extra magnesium. Ask too whether any of these "
        "could be behind the cramps, since NICE's leg-cramp guidance names such medicines among the causes to "
        "rule out: loop diuretics."
    )


def test_taken_alone_lines_name_each_medicine_too_near_the_bisphosphonate():
    """Rule bisphosphonate_alone_h through the plan's medicines (GP review, 2026-12-05: alendronate and
    levothyroxine both at 07:00). Only timed medicines are compared; none without a bisphosphonate;
    the bisphosphonate's name in a sentence; every clashing time of each medicine."""
    by_id = {r.class_id: r for r in RULES}
    bis, levo, iron = by_id["bisphosphonates"], by_id["levothyroxine"], by_id["oral-iron"]
    assert sch.TAKEN_ALONE_CLASS == "bisphosphonates"
    times = {
        "bisphosphonates": (dt.time(7, 0),),
        "levothyroxine": (dt.time(6, 30), dt.time(7, 30)),
        "oral-iron": (dt.time(12, 0),),
    }
    assert sch.taken_alone_lines([levo, bis, iron], times, BOOK) == (
        "Levothyroxine (thyroid hormone): at 06:30 and 07:30, less than 2 hours from oral bisphosphonates "
        "(osteoporosis) at 07:00.",
    )
    assert sch.taken_alone_lines([levo, iron], times, BOOK) == ()  # no bisphosphonate
    assert sch.taken_alone_lines([bis], times, BOOK) == ()  # nothing else
    near = {**times, "oral-iron": (dt.time(5, 45),)}  # iron 75 minutes before (adversarial review)
    assert sch.taken_alone_lines([bis, iron, levo], near, BOOK) == (
        "Oral iron tablets or liquids: at 05:45, less than 2 hours from oral bisphosphonates (osteoporosis) "
        "at 07:00.",
        "Levothyroxine (thyroid hormone): at 06:30 and 07:30, less than 2 hours from oral bisphosphonates "
        "(osteoporosis) at 07:00.",
    )
    # A medicine with no time entered yet, or the bisphosphonate without one: nothing to compare.
    assert sch.taken_alone_lines([bis, levo], {"bisphosphonates": (dt.time(7, 0),)}, BOOK) == ()
    assert sch.taken_alone_lines([bis, levo], {"levothyroxine": (dt.time(7, 0),)}, BOOK) == ()
    # A medicine with no timing rule (kind "doctor") is never compared.
    loop = by_id["loop-diuretics"]
    assert not loop.has_timing
    assert sch.taken_alone_lines([bis, loop], {**times, "loop-diuretics": (dt.time(7, 0),)}, BOOK) == ()
    # One hour in the data: "hour", and 90 minutes apart is then no clash.
    one = replace(BOOK, bisphosphonate_alone_h=1)
    assert sch.taken_alone_lines([bis, iron], {**times, "oral-iron": (dt.time(8, 30),)}, one) == ()
    assert sch.taken_alone_lines([bis, iron], {**times, "oral-iron": (dt.time(7, 30),)}, one) == (
        "Oral iron tablets or liquids: at 07:30, less than 1 hour from oral bisphosphonates "
        "(osteoporosis) at 07:00.",
    )


def test_medicine_rules_read_every_field_of_every_row():
    """Each interactions.csv row as a MedicineRule, checked against the file read with the csv module
    (mutation testing, 2026-12-05: the rules were built at import time only, so no test saw a field
    dropped). Called inside the test."""
    import csv as csv_module

    with (default_data_dir() / "interactions.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv_module.DictReader(handle))
    built = sch.medicine_rules(dataset().interactions)
    assert len(built) == len(rows) > 30

    def hours(cell):
        return float(cell) if cell else None

    for rule, row in zip(built, rows, strict=True):
        assert rule == sch.MedicineRule(
            class_id=row["class_id"],
            drug_class=row["drug_class"],
            examples=row["examples"],
            kind=row["kind"],
            gap_before_h=hours(row["mg_gap_before_med_h"]),
            gap_after_h=hours(row["mg_gap_after_med_h"]),
            advice=row["advice"],
            source_ids=row["source_ids"],
            reminder=row["reminder"],
            prescriber_tests=row["prescriber_tests"],
            prescriber_why=row["prescriber_why"],
            causes_cramps=row["causes_cramps"] == "yes",
            kidney_test=row["kidney_test"] == "yes",
        )


def test_the_trial_summary_names_the_prescribers_agreement_and_the_blood_tests():
    digoxin, loop = BY_ID["digoxin"], BY_ID["loop-diuretics"]
    agreed = safety_for(chosen=(loop, digoxin), prescriber=True)
    plan = plan_for(safety=agreed, chosen=(loop, digoxin), med_times={"digoxin": dt.time(8)}, step_up=False)
    names = safe.prescriber_names((loop, digoxin), False)
    assert sch.agreed_lines(plan, names, (loop, digoxin), stepped=True) == (
        "The person confirmed on the Dose plan page that the doctor or doctors who prescribe their loop "
        "diuretics and digoxin (heart medicine) agreed to magnesium and to the step up.",
        "Blood tests the app asked the person to raise with them, before the start and again at the "
        "week-4 review: potassium, sodium, magnesium, kidney function, digoxin level.",
    )
    assert sch.agreed_lines(plan, names, (loop, digoxin), stepped=False)[0].endswith("agreed to magnesium.")
    bare = dataclasses.replace(plan, checkpoints=())
    assert sch.agreed_lines(bare, names, (loop, digoxin), stepped=False)[1].startswith(
        "Blood tests the app asked the person to raise with them, before the start and again at the "
        "first review: "
    )
    # A statin alone names no blood tests.
    statin_plan = plan_for(safety=safety_for(statin=True, prescriber=True), step_up=False)
    assert len(sch.agreed_lines(statin_plan, ["statin"], (), stepped=False)) == 1
    assert sch.agreed_lines(plan_for(), [], (), stepped=False) == ()
    # The plan's dates, counted here: 12 weeks from START end the day before the 13th week's first.
    assert sch.plan_dates_line(plan) == (
        f"Plan dates: {START:%d %B %Y} to {START + dt.timedelta(days=12 * 7 - 1):%d %B %Y} (12 weeks)."
    )


@pytest.mark.parametrize(
    ("typed", "class_ids"),
    [
        # Pharmacist review (2026-12-05): the words on the box found nothing.
        ("Omeprazole 20 mg gastro-resistant capsules", ["ppi-long-term"]),
        ("Levothyroxine 100 micrograms", ["levothyroxine"]),
        ("Levothyroxine sodium", ["levothyroxine"]),
        ("Thyroxine 100mcg", ["levothyroxine"]),
        ("Losec MUPS", ["ppi-long-term"]),
        ("Lansoprazole 30mg orodispersible", ["ppi-long-term"]),
        ("Doxycycline hyclate 100mg", ["tetracyclines"]),
        ("Ferrous fumarate 210 mg tablets", ["oral-iron"]),
        ("Nitrofurantoin MR 100mg", ["nitrofurantoin"]),
        ("Z-Pak 250 mg", ["azithromycin"]),
        ("Z-Pak 1g", ["azithromycin"]),  # "g" is a unit too (found by the property test below)
        ("ledipasvir / sofosbuvir 90 mg/400 mg", ["hcv-ns5a"]),
        ("Co-amilofruse 5/40 tablets", ["loop-diuretics", "potassium-sparing-diuretics"]),
        # A class's own name, found as typed (its words are in no generic or brand name).
        ("Proton pump inhibitors", ["ppi-long-term"]),
        ("loop diuretics", ["loop-diuretics"]),
        # Not a medicine's name once the box words are gone: nothing, not a guess.
        ("heart tablets", []),
        # What a medicine is for is not which it is (adversarial review, 2026-12-06: "blood pressure"
        # added calcium-channel blockers, so a thiazide's prescriber was never asked).
        ("blood pressure", []),
        ("blood pressure tablets", []),
        ("asthma", []),
        ("angina", []),
        ("osteoporosis", []),
        ("heart medicine", []),
        ("thyroid hormone", []),
        ("like", []),  # was "thiazide-like" in the examples
        ("Trelegy Ellipta", ["beta2-agonists"]),
        ("Airomir", ["beta2-agonists"]),
        ("DuoResp Spiromax", ["beta2-agonists"]),
        # A medicine that can cause cramps itself (NICE CKS; pharmacist review, 2026-12-05: amlodipine
        # was no medicine, so nothing said it could be the cramps' cause).
        ("Amlodipine 5mg", ["calcium-channel-blockers"]),
        # UK brands and spellings (re-review, 2026-12-05: ~500 names typed; these found nothing).
        ("Zoton FasTab 30mg", ["ppi-long-term"]),
        ("Protium 40mg gastro-resistant tablets", ["ppi-long-term"]),
        ("Natrilix SR 1.5mg", ["thiazide-diuretics"]),
        ("Torasemide 10mg", ["loop-diuretics"]),
        ("Frusemide 40mg", ["loop-diuretics"]),
        ("Bendrofluazide 2.5mg", ["thiazide-diuretics"]),
        ("Chlortalidone 50mg", ["thiazide-diuretics"]),
        ("Ibandronic acid 150mg", ["bisphosphonates"]),
        ("Oxytetracycline 250mg", ["tetracyclines"]),
        ("Adalat LA 30mg", ["calcium-channel-blockers"]),
        ("Salbutamol 100 micrograms", ["beta2-agonists"]),
        # Pregnancy iron (pharmacist review, 2026-12-06: "Pregaday" found nothing); folic acid alone no iron.
        ("Pregaday 322mg/0.35mg film-coated tablets", ["oral-iron"]),
        ("Fefol Spansule capsules", ["oral-iron"]),
        ("Folic acid 400 micrograms", []),
        # Re-review (2026-12-06): the other calcium-channel blockers, and "iron" alone (not spironolactone).
        ("Tildiem LA 200mg", ["calcium-channel-blockers"]),
        ("Verapamil 40mg tablets", ["calcium-channel-blockers"]),
        ("Exforge 5mg/80mg", ["calcium-channel-blockers", "arbs"]),  # amlodipine and valsartan
        ("iron", ["oral-iron"]),
        ("cef", []),  # a name's start only (session 51): suggested, not added
        # Session 52: names from records read this session (emc, openFDA, GSK).
        ("Tenoretic 100mg/25mg", ["thiazide-diuretics", "beta-blockers"]),  # atenolol, chlortalidone
        ("Tenoret 50", ["thiazide-diuretics", "beta-blockers"]),
        ("Sevikar 40/10", ["calcium-channel-blockers", "arbs"]),  # olmesartan, amlodipine
        ("CoAprovel 150/12.5", ["thiazide-diuretics", "arbs"]),  # irbesartan, hydrochlorothiazide
        # Session 55 (phone review: the thiazide inside was missed): the SmPC names both.
        ("Atacand Plus 16/12.5 mg", ["thiazide-diuretics", "arbs"]),  # candesartan, hydrochlorothiazide
        ("AtacandPlus", ["thiazide-diuretics", "arbs"]),
        ("Blopress Plus 16 mg/12.5 mg", ["thiazide-diuretics", "arbs"]),  # the same, HPRA's record
        # Session 55: combination brands from records read this session (EMA, FDA, HPRA, SFDA, Läkemedelsverket).
        ("Twynsta 40mg/5mg tablets", ["calcium-channel-blockers", "arbs"]),  # telmisartan, amlodipine
        ("Karvezide 150/12.5", ["thiazide-diuretics", "arbs"]),  # irbesartan, hydrochlorothiazide
        ("Prinzide 20-12.5", ["thiazide-diuretics", "ace-inhibitors"]),  # lisinopril, hydrochlorothiazide
        ("Capozide 50/25", ["thiazide-diuretics", "ace-inhibitors"]),  # captopril, hydrochlorothiazide
        ("Triplixam 5/1.25/5", ["thiazide-diuretics", "calcium-channel-blockers", "ace-inhibitors"]),
        ("Accupro Comp 20/12.5", ["thiazide-diuretics", "ace-inhibitors"]),  # quinapril, hydrochlorothiazide
        ("Renitec 20mg", ["ace-inhibitors"]),  # enalapril alone (NPS), not the end of Co-Renitec's name
        # Session 60 (planning list since session 53: these thiazides were missed): SFDA, NPS, FDA, emc records.
        ("Co-Renitec 20/12.5", ["thiazide-diuretics", "ace-inhibitors"]),  # enalapril, hydrochlorothiazide
        ("Renitec Plus 20/6", ["thiazide-diuretics", "ace-inhibitors"]),
        ("Inhibace Plus 5/12.5 mg", ["thiazide-diuretics", "ace-inhibitors"]),  # cilazapril, HCTZ
        ("Inhibace 5mg", ["ace-inhibitors"]),  # cilazapril alone
        ("Ziac 5/6.25", ["thiazide-diuretics", "beta-blockers"]),  # bisoprolol, hydrochlorothiazide
        ("Lasilactone 20mg/50mg capsules", ["loop-diuretics", "potassium-sparing-diuretics"]),
        ("Diuril oral suspension", ["thiazide-diuretics"]),
        ("Chlorothiazide 250mg", ["thiazide-diuretics"]),  # was suggested as hydrochlorothiazide
        ("Repaglinide 1mg", ["diabetes-tablets"]),
        ("Combodart 0.5mg/0.4mg capsules", ["prostate-medicines"]),
        ("Combivent Respimat inhaler", ["beta2-agonists"]),  # ipratropium and albuterol (re-review)
        # Session 51: names from records read this session.
        ("Vibra-Tabs 100mg", ["tetracyclines"]),
        ("Acarbose 50mg tablets", ["diabetes-tablets"]),
        # Session 50: the other diabetes medicines, the beta blockers, the prostate medicines and more
        # combination tablets ask the kidney test (rule kidney_check_medicine).
        ("Bisoprolol 5mg", ["beta-blockers"]),
        ("Toprol XL 50mg", ["beta-blockers"]),
        ("Sotalol 80mg", ["sotalol"]),  # its own row (timing), not the beta blockers'
        ("Propranolol 40mg", ["beta-blockers"]),  # also for migraine, tremor, anxiety: the row says so
        ("Nebivolol 5mg", ["beta-blockers"]),
        ("Diamicron MR 30mg", ["diabetes-tablets"]),
        ("Gliclazide 80mg", ["diabetes-tablets"]),
        ("Ozempic 1mg pen", ["diabetes-tablets"]),
        ("Humalog KwikPen", ["diabetes-tablets"]),
        ("NovoRapid FlexPen", ["diabetes-tablets"]),
        ("Actos 30mg", ["diabetes-tablets"]),
        ("Saxenda", []),  # liraglutide for weight: not listed
        ("Wegovy", []),
        ("Mounjaro", []),  # no indication read
        ("Burinex 1mg", ["loop-diuretics"]),
        ("Efracea 40mg capsules", ["tetracyclines"]),
        ("Distamine 250mg", ["penicillamine"]),
        ("Tirosint 50 micrograms", ["levothyroxine"]),
        ("Entresto 49mg/51mg", ["arbs"]),
        ("Janumet 50mg/1000mg", ["diabetes-tablets"]),
        ("Tribenzor 40/10/25", ["thiazide-diuretics", "calcium-channel-blockers", "arbs"]),
        ("Azor 5/40", ["calcium-channel-blockers", "arbs"]),
        ("Edarbyclor 40/25", ["thiazide-diuretics", "arbs"]),
        ("Lantus SoloStar pen", ["diabetes-tablets"]),
        ("Insulin aspart", ["diabetes-tablets"]),
        ("Trulicity 1.5mg", ["diabetes-tablets"]),
        ("Jardiance 10mg", ["diabetes-tablets"]),
        ("Flomax 400 micrograms", ["prostate-medicines"]),
        ("Cardura XL 4mg", ["prostate-medicines"]),
        ("Proscar 5mg", ["prostate-medicines"]),
        ("Finasteride 1mg", []),  # Propecia, for hair loss
        # Re-review (session 50): the condition names the one class that holds its medicines.
        ("Diabetes tablets", ["diabetes-tablets"]),
        ("my diabetic injection", ["diabetes-tablets"]),
        # Pharmacist review (session 50): "HCTZ" alone was no medicine; a salt alone named a class.
        ("HCTZ 25mg", ["thiazide-diuretics"]),
        ("HCT 12.5 mg capsules", ["thiazide-diuretics"]),
        ("Calcium", []),
        ("Potassium", []),
        ("Calcium 600mg tablets", []),
        ("Aspirin 75 mg dispersible", []),
        ("Calcium carbonate 1.5 g", []),
        ("20 mg tablets", []),
    ],
)
def test_a_name_typed_with_its_strength_and_form_finds_its_class(typed, class_ids):
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == class_ids


def test_box_name_edges_made_up_names():
    """Typed words are matched as whole words: equal to a name's word, or from PART_WORD_MIN (5)
    letters its start or end; 4-letter words only equal (adversarial review, 2026-12-05: "Iron 14mg"
    found spironolactone); shorter words not at all."""
    four = _rule("four", "abcdef (Wxyz)")
    assert sch.PART_WORD_MIN == 5
    assert sch.find_medicines([four], "Wxyz 10 mg forte") == (four,)  # "wxyz": a whole name
    assert sch.find_medicines([four], "abcde 10 mg") == (four,)  # 5 letters: the start of abcdef
    assert sch.find_medicines([four], "bcdef 10 mg") == (four,)  # 5 letters: its end
    assert sch.find_medicines([four], "abcd 10 mg") == ()  # 4 letters: only a whole name
    assert sch.find_medicines([four], "cdef 10 mg") == ()
    assert sch.find_medicines([four], "bcde 10 mg xyzzy") == ()  # inside a name: never
    assert sch.find_medicines([four], "D3 1000 IU") == ()
    # Without box words, a second word does not hide the name.
    assert [r.class_id for r in sch.find_medicines(RULES, "Omeprazole Teva")] == ["ppi-long-term"]
    # A fragment is not a name (session 51), alone or with a strength.
    assert sch.find_medicines(RULES, "cef") == ()
    assert sch.find_medicines(RULES, "cef 250mg") == ()
    # Words of a class's own name that name a medicine (CLASS_WORDS), whole words only.
    assert [r.class_id for r in sch.find_medicines(RULES, "Iron 14mg")] == ["oral-iron"]
    assert [r.class_id for r in sch.find_medicines(RULES, "Floradix iron")] == ["oral-iron"]
    assert [r.class_id for r in sch.find_medicines(RULES, "quinolone antibiotic")] == ["fluoroquinolones"]
    # The beta blockers are a class (session 50): the words find it, not sotalol's own row.
    assert [r.class_id for r in sch.find_medicines(RULES, "beta blockers")] == ["beta-blockers"]
    for typed in (
        "Rose hip",
        "Panadol fast",
        "anti-inflammatory",
        "Alu-Cap",
        "heart tablets",
    ):
        assert sch.find_medicines(RULES, typed) == (), typed


def test_class_words_name_classes_of_the_data():
    """CLASS_WORDS points at class ids: a renamed row must not leave "iron" finding nothing."""
    assert set(sch.CLASS_WORDS.values()) <= set(BY_ID)
    assert all(w == sch._folded(w) and w.isalpha() and w not in sch.BOX_WORDS for w in sch.CLASS_WORDS)
    assert set(sch.CLASS_PHRASES.values()) <= set(BY_ID)
    # Folded words, none a box word (box_name drops those before the phrase is looked for).
    assert all(p == sch.box_name(p) and len(p.split()) >= 2 for p in sch.CLASS_PHRASES)


def test_a_word_in_several_classes_keeps_them_all_and_a_part_word_gives_way():
    """Re-review (2026-12-06): "iron" found spironolactone beside oral iron; a typed text that stands as a
    whole word in several classes still finds each, and a fragment found only inside words or at their
    start finds none (session 51)."""
    # A salt or form word alone names no medicine (session 50: "Calcium" found the calcium-channel blockers).
    assert [r.class_id for r in sch.find_medicines(RULES, "acid")] == []
    assert [r.class_id for r in sch.find_medicines(RULES, "Janumet")] == ["diabetes-tablets"]
    assert [r.class_id for r in sch.find_medicines(RULES, "Azor")] == ["calcium-channel-blockers", "arbs"]
    # The start of names in two classes (ferrous gluconate, Glucophage): neither added; names that start
    # so are suggested.
    assert sch.find_medicines(RULES, "gluc") == ()
    near = [name for name, _ in sch.near_medicines(RULES, "gluc")]
    assert near and all(name.lower().startswith("gluc") for name in near)
    assert [r.class_id for r in sch.find_medicines(RULES, "iron")] == ["oral-iron"]
    assert sch.find_medicines(RULES, "spiro") == ()
    assert [r.class_id for r in sch.find_medicines(RULES, "spironolactone")] == [
        "potassium-sparing-diuretics"
    ]
    # "diuretic" stands for "diuretics" (one letter short) in each diuretic class: all kept.
    assert {r.class_id for r in sch.find_medicines(RULES, "diuretic")} == {
        r.class_id for r in RULES if "diuretics" in r.drug_class.lower()
    }


@pytest.mark.parametrize(
    ("typed", "class_ids"),
    [
        ("blue inhaler", ["beta2-agonists"]),
        ("My Blue Inhaler", ["beta2-agonists"]),
        ("blue reliever inhaler 100 micrograms", ["beta2-agonists"]),
        ("reliever inhaler", ["beta2-agonists"]),
        ("blue inhalers", ["beta2-agonists"]),
        ("Reliever inhalers", ["beta2-agonists"]),
        # One word of a phrase alone names nothing (re-review, 2026-12-06: "inhaler" found the class).
        ("inhaler", []),
        ("blue", []),
        ("brown inhaler", []),  # a preventer (a steroid): no row
        ("inhaler blue", []),  # in order
        ("reliever", []),
    ],
)
def test_a_reliever_inhaler_is_found_by_the_whole_phrase_only(typed, class_ids):
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == class_ids


def test_a_phrase_stands_as_whole_words_in_order():
    assert sch._holds_phrase(["co", "amilofruse", "ls"], ["co", "amilofruse"])
    assert sch._holds_phrase(["a", "b"], ["b"]) and sch._holds_phrase(["a", "b"], ["a", "b"])
    assert not sch._holds_phrase(["a", "b"], ["b", "a"])  # in order
    assert not sch._holds_phrase(["ab", "c"], ["b", "c"])  # whole words
    assert not sch._holds_phrase(["a"], [])  # an empty phrase is no name
    assert not sch._holds_phrase([], ["a"])


def test_several_medicines_typed_in_one_box_are_split():
    assert sch.typed_medicines("simvastatin and levothyroxine") == ("simvastatin", "levothyroxine")
    assert sch.typed_medicines("levothyroxine, ferrous sulphate; Omeprazole + iron & B12 plus zinc") == (
        "levothyroxine",
        "ferrous sulphate",
        "Omeprazole",
        "iron",
        "B12",
        "zinc",
    )
    assert sch.typed_medicines("B12 plus D") == ("B12 plus D",)  # a letter alone is no name
    assert sch.typed_medicines("B12 plus Xy") == ("B12", "Xy")  # two letters can be
    assert sch.typed_medicines("ledipasvir/sofosbuvir") == ("ledipasvir/sofosbuvir",)  # "/" joins
    # Pharmacist review (session 60): "Coversyl Plus LD" was Coversyl and "LD", its indapamide lost ("HD" held).
    assert sch.typed_medicines("Coversyl Plus LD") == ("Coversyl Plus LD",)
    assert sch.typed_medicines("Coversyl Plus HD") == ("Coversyl Plus HD",)
    assert sch.typed_medicines("Brandy") == ("Brandy",)  # "and" inside a word is no "and"
    assert sch.typed_medicines(" and , ") == ()
    # A brand's "Plus" with no name after it is part of its name (session 50: "Atacand Plus" was Atacand).
    assert sch.typed_medicines("Coversyl Plus") == ("Coversyl Plus",)
    assert sch.typed_medicines("Atacand Plus 16/12.5 mg tablets, metformin") == (
        "Atacand Plus 16/12.5 mg tablets",
        "metformin",
    )
    assert sch.typed_medicines("Coversyl Plus and metformin plus 500mg") == (
        "Coversyl Plus",
        "metformin plus 500mg",
    )
    assert sch.typed_medicines("plus 5 mg") == ("5 mg",)  # nothing before it to belong to
    assert sch.typed_medicines("Fosamax Plus D 70mg") == ("Fosamax Plus D 70mg",)  # vitamin D: one tablet


def test_a_name_that_can_mean_a_second_medicine_is_told_to_read_the_box():
    """Session 50: "Atacand Plus" and "Coversyl Plus" (each with a diuretic in it) found one class; no source
    read lists such brands, so "Plus", "Comp" or "Co-" as a whole word asks for the box's ingredients."""
    for typed in ("Atacand Plus 16/12.5 mg", "Cozaar Comp", "Co-Diovan", "COVERSYL PLUS"):
        assert sch.may_hold_another(typed), typed
    for typed in ("Atacand 16 mg", "Compazine", "Coversyl", "Surplus", "Cozaar", "Lisinopril Co-op"):
        assert not sch.may_hold_another(typed), typed


def test_only_rosuvastatins_row_is_a_statin_row():
    assert [r.class_id for r in RULES if sch.statin_row(r)] == ["rosuvastatin"]


def test_a_statin_combination_keeps_its_other_classes_only():
    found = sch.find_medicines(RULES, "Amlodipine/atorvastatin 10/20mg")
    assert [r.class_id for r in sch.statin_companions(found)] == ["calcium-channel-blockers"]
    assert sch.statin_companions(sch.find_medicines(RULES, "statin")) == ()


def test_typed_names_are_kept_for_the_printout():
    assert sch.with_name((), "  Lisinopril   20mg ") == ("Lisinopril 20mg",)
    assert sch.with_name(("a",), "a") == ("a",)
    assert sch.with_name(("a", "b", "c"), "d") == ("b", "c", "d")  # the latest NAMES_KEPT
    assert sch.with_name(("a", "b", "c"), "a") == ("b", "c", "a")  # typed again: now the latest
    assert sch.with_name((), "x" * 60) == ("x" * (sch.NAME_CHARS - 1) + "…",)
    assert sch.with_name((), "x" * sch.NAME_CHARS) == ("x" * sch.NAME_CHARS,)
    cut_at_space = "x" * (sch.NAME_CHARS - 2) + " yyyy"
    assert sch.with_name((), cut_at_space) == ("x" * (sch.NAME_CHARS - 2) + "…",)  # no space before "…"
    assert sch.with_name((), "   ") == ()
    assert sch.entered_as(()) == ""
    assert sch.entered_as(("Zestril", "lisinopril")) == ", entered as “Zestril”, “lisinopril”"


def test_products_not_taken_by_mouth_are_named():
    for typed in (
        "Ofloxacin eye drops",
        "Ciprofloxacin ear drops",
        "Nizoral shampoo",
        "Ketoconazole 2% cream",
    ):
        assert sch.topical(typed), typed
    for typed in ("Omeprazole 20 mg capsules", "Iron 14mg", "Dropizol"):
        assert not sch.topical(typed), typed


def test_every_name_in_the_data_has_a_box_name():
    """combination_classes compares box names: an empty one would match a query of box words only."""
    assert all(sch.box_name(n) for r in RULES for n in sch.medicine_names(r))
    assert sch.combination_classes(RULES, "20 mg tablets") == ()


def test_box_name_keeps_only_the_name():
    assert sch.box_name("Levothyroxine Sodium 100 micrograms tablets") == "levothyroxine"
    assert sch.box_name("Omeprazole 20 mg gastro-resistant capsules") == "omeprazole"
    assert sch.box_name("Isentress HD 600mg") == "isentress"
    assert sch.box_name("Co-amilofruse 5/40") == "co amilofruse"
    assert sch.box_name("Télfast 180") == "telfast"
    assert sch.box_name("20 mg once daily") == ""
    assert sch.combination_classes(RULES, "Dyazide 25/50 mg tablets") == sch.combination_classes(
        RULES, "Dyazide"
    )
    assert len(sch.combination_classes(RULES, "Co-amilofruse 5/40 tablets")) == 2


@settings(max_examples=300)
@given(
    data=st.data(),
    strength=st.integers(min_value=1, max_value=2000),
    unit=st.sampled_from(["mg", "MG", "mcg", "micrograms", "g", "ml", "%", ""]),
    forms=st.lists(st.sampled_from(sorted(sch.BOX_WORDS)), max_size=3),
)
def test_every_name_in_the_data_with_box_words_finds_its_class(data, strength, unit, forms):
    """Any generic or brand name of the data, typed as on a box (its strength, unit, form, salt and
    release words around it, any case), finds the class that holds it."""
    rule = data.draw(st.sampled_from(RULES))
    name = data.draw(st.sampled_from([n for n in sch.medicine_names(rule) if len(sch.box_name(n)) >= 3]))
    typed = data.draw(
        st.sampled_from([f"{name} {strength}{unit} {' '.join(forms)}", f"{name.upper()} {strength} {unit}"])
    )
    assert rule in sch.find_medicines(RULES, typed), (typed, rule.class_id)


@pytest.mark.parametrize(
    ("typed", "left_out"),
    [
        ("Ventolin inhaler", False),  # can cause cramps itself: added (rule medicine_cramps_flag)
        ("Symbicort inhaler", False),
        ("Ofloxacin eye drops", True),  # a timing row's medicine, not swallowed
        ("Clenil inhaler", True),  # found nothing
        ("blue inhaler", False),  # a reliever: a beta-2 agonist (CLASS_PHRASES)
        ("Ventolin", False),  # not topical at all
        ("Insulin glargine injection", False),  # the kidney test is for the diabetes (kind kidney)
        # Pharmacist review (session 50): local forms are left out whatever the class; injections, patches
        # and nebulisers reach the body, so only a spacing (timing) class is left out.
        ("Diltiazem 2% cream", True),
        ("Nifedipine ointment", True),
        ("Moxifloxacin ophthalmic solution", True),
        ("Cipro HC otic", True),
        ("Minocycline foam", True),
        ("Levofloxacin nebuliser", True),
        ("Furosemide injection", False),  # a loop diuretic changes the body's magnesium by any route
        ("Salbutamol nebules", False),
        ("Mounjaro injection", False),  # unknown: said to be unknown, not "not taken by mouth"
        ("Ciprofloxacin injection", True),  # a spacing class's: not swallowed, so no spacing
        ("Doxycycline 100mg", False),
    ],
)
def test_a_product_not_taken_by_mouth_is_left_out_unless_it_can_cause_cramps(typed, left_out):
    assert sch.left_out_as_topical(typed, sch.find_medicines(RULES, typed)) is left_out


@pytest.mark.parametrize(
    ("units", "unit", "said"),
    [
        (1, "Gummy", "1 gummy"),
        (2, "Gummy", "2 gummies"),
        (2.5, "Tablet", "2½ tablets"),
        (0.5, "Scoop", "½ scoop"),
    ],
)
def test_unit_text_says_gummies(units, unit, said):
    """Pharmacist review (2026-12-06): gummies had no unit, so the plan said "4 tablets"."""
    assert sch.unit_text(units, unit) == said
    assert sch.UNIT_TYPES["Gummy"] is False  # not halved


def test_a_gummy_plan_counts_whole_gummies():
    plan = plan_for(prod=product(strength=50, unit="Gummy"), start_mg=250, target_mg=250)
    assert plan.steps and all(d.units == int(d.units) for s in plan.steps for d in s.doses)
    [dose] = plan.steps[0].doses
    assert dose.units == 5 and sch.unit_text(dose.units, plan.unit) == "5 gummies"


@pytest.mark.parametrize(
    ("stage", "class_ids", "asked"),
    [
        ("pregnancy", (), True),
        ("pregnancy", ("levothyroxine",), True),
        ("pregnancy", ("oral-iron",), False),
        ("lactation", (), False),
        ("general", (), False),
    ],
)
def test_asks_about_iron_while_pregnant_with_none_picked(stage, class_ids, asked):
    """Pharmacist review (2026-12-06): "Pregaday" found nothing, and no one asked about iron."""
    assert sch.asks_about_iron(stage, [BY_ID[c] for c in class_ids]) is asked


@pytest.mark.parametrize(
    ("typed", "classes"),
    [
        ("Zestoretic", {"ace-inhibitors", "thiazide-diuretics"}),
        ("Hyzaar 50/12.5 mg", {"arbs", "thiazide-diuretics"}),
        ("Diovan HCT", {"arbs", "thiazide-diuretics"}),
        ("Benicar HCT 20/12.5", {"arbs", "thiazide-diuretics"}),
        ("Exforge", {"calcium-channel-blockers", "arbs"}),
        ("Exforge HCT", {"calcium-channel-blockers", "arbs", "thiazide-diuretics"}),
        # Session 50 (openFDA NDC records; RxNorm for Tribenzor).
        ("Tribenzor 40/10/25", {"calcium-channel-blockers", "arbs", "thiazide-diuretics"}),
        ("Azor", {"calcium-channel-blockers", "arbs"}),
        ("Edarbyclor", {"arbs", "thiazide-diuretics"}),
        ("Vaseretic 10-25", {"ace-inhibitors", "thiazide-diuretics"}),
        ("Avalide", {"arbs", "thiazide-diuretics"}),
        ("Atacand HCT 32/12.5", {"arbs", "thiazide-diuretics"}),
        ("Lotensin HCT", {"ace-inhibitors", "thiazide-diuretics"}),
        ("Micardis HCT", {"arbs", "thiazide-diuretics"}),
        # Session 52 (emc SmPCs and leaflets).
        ("Sevikar HCT 20/5/12.5", {"calcium-channel-blockers", "arbs", "thiazide-diuretics"}),
        ("Sevikar 20mg/5mg", {"calcium-channel-blockers", "arbs"}),
        ("CoAprovel 300/25", {"arbs", "thiazide-diuretics"}),
        ("Co-Aprovel 150/12.5", {"arbs", "thiazide-diuretics"}),  # was Aprovel alone
        ("Co Aprovel", {"arbs", "thiazide-diuretics"}),
        ("Tenoretic 50/12.5", {"beta-blockers", "thiazide-diuretics"}),
        # Re-review (2026-12-06): co-tenidone found nothing.
        ("Co-tenidone 50/12.5 mg tablets", {"beta-blockers", "thiazide-diuretics"}),
    ],
)
def test_a_blood_pressure_combination_holds_each_of_its_classes(typed, classes):
    """Adversarial review (2026-12-06): "Diovan HCT" added the angiotensin-II receptor blocker only (the
    thiazide's prescriber never asked), "Zestoretic" and "Hyzaar" found nothing (no kidney question):
    openFDA's NDC records name their parts; "HCT" on a box is hydrochlorothiazide."""
    rules = sch.medicine_rules(DATA.interactions)
    assert {r.class_id for r in sch.combination_classes(rules, typed)} == classes


def test_hctz_typed_beside_another_medicine_is_its_own_medicine():
    """Pharmacist review (session 50): in "Lisinopril plus HCTZ" the ACE inhibitor was added and "HCTZ" was
    "no medicine", so the thiazide's prescriber was never asked."""
    for typed in ("Lisinopril plus HCTZ", "Lisinopril + HCTZ 25", "HCTZ 25mg and lisinopril 10mg"):
        found = {r.class_id for part in sch.typed_medicines(typed) for r in sch.find_medicines(RULES, part)}
        assert found == {"ace-inhibitors", "thiazide-diuretics"}, typed


def test_hct_alone_or_beside_no_medicine_is_no_combination():
    rules = sch.medicine_rules(DATA.interactions)
    assert sch.combination_classes(rules, "HCT") == ()
    assert sch.combination_classes(rules, "Diovan") == ()
    # A brand whose "HCT" form is listed is still one class alone (session 50: "Atacand HCT" in the thiazide
    # row made a plain "Atacand" match two classes, so nothing was added).
    for plain, class_id in (("Atacand 16 mg", "arbs"), ("Benicar", "arbs"), ("Lotensin", "ace-inhibitors")):
        assert sch.combination_classes(rules, plain) == ()
        assert [r.class_id for r in sch.find_medicines(rules, plain)] == [class_id], plain
    assert sch.combination_classes(rules, "Harvard HCT") == ()


def test_a_product_with_magnesium_named_with_a_class_is_named_too():
    """Pharmacist review (session 51): "Multivitamin with iron" added oral iron and never asked about the
    multivitamin's magnesium."""
    options, words = safe.OTHER_SOURCE_OPTIONS, safe.MAGNESIUM_WORDS
    multi = "Multivitamin or mineral supplement"
    assert sch.product_beside_class(RULES, options, "Multivitamin with iron", words) == multi
    assert sch.product_beside_class(RULES, options, "Ferrous sulfate 200mg", words) is None  # no product
    assert (
        sch.product_beside_class(RULES, options, "Multivitamin", words) is None
    )  # no class: said on its own
    assert sch.product_beside_class(RULES, options, "Multivitamin with ofloxacin eye drops", words) is None
    # An inhaler of a class that is added (it can cause cramps) keeps the product's words.
    assert sch.product_beside_class(RULES, options, "Multivitamin with salbutamol inhaler", words) == multi


def test_the_everyday_names_are_cited():
    """Session 51: "water tablets" lists the diuretic classes; its source says diuretics are called so."""
    cited = DATA.sources.set_index("id").loc["nhs-furosemide-water-tablets", "citation"].casefold()
    assert '"water tablets"' in cited and "diuretics" in cited
    for name, word in sch.EVERYDAY_NAMES.items():
        assert name.split()[0] in cited and word in cited, name
        assert len(sch.find_medicines(RULES, name)) > 1  # several classes to pick from, none added


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("pre-eclampsia", True),
        ("Preeclampsia", True),
        ("pre eclampsia", True),
        ("Eclampsia", True),
        ("HELLP syndrome", True),
        ("hello", False),
        ("labetalol", False),
        ("", False),
    ],
)
def test_a_condition_of_pregnancy_is_not_a_medicine(typed, named):
    """Pregnant review (2026-12-06): "pre-eclampsia" got "ask your pharmacist whether to keep magnesium apart
    from it"; it finds no class and sends the person to her midwife or doctor."""
    assert sch.names_pregnancy_condition(typed) is named
    if named:
        assert sch.find_medicines(RULES, typed) == ()


@given(
    before=st.text(alphabet="abc -", max_size=6),
    written=st.sampled_from(["pre-eclampsia", "Pre eclampsia", "PREECLAMPSIA", "eclampsia", "HELLP"]),
)
def test_a_condition_of_pregnancy_is_found_however_written_and_no_medicine_name_is_one(before, written):
    """Rule pregnancy_condition_not_medicine (safety_rules.csv, citing NICE HTG630): any text holding the
    condition's name names it; no medicine name in the data does."""
    assert sch.names_pregnancy_condition(f"{before} {written}")
    assert not any(sch.names_pregnancy_condition(n) for r in RULES for n in sch.medicine_names(r))
    book = safe.rule_book(DATA.safety_rules)
    assert "nice-htg630" in book.cite("pregnancy_condition_not_medicine").split(";")


def test_boxes_to_read_keep_a_class_while_it_is_picked():
    """Rule combination_box_read: a combination's tick stays while the class it added is picked, and goes
    with it (each class on its own; a class from a link has no name)."""
    boxes = {"ARBs": "Co-Diovan", "Bisphosphonates": "Fosamax Plus D", "ACE inhibitors": ""}
    assert sch.boxes_to_read(boxes, {"ARBs", "Statins"}) == {"ARBs": "Co-Diovan"}
    assert sch.boxes_to_read(boxes, ["ACE inhibitors", "Bisphosphonates"]) == {
        "Bisphosphonates": "Fosamax Plus D",
        "ACE inhibitors": "",
    }
    assert sch.boxes_to_read(boxes, set()) == {}
    assert sch.boxes_to_read({}, {"ARBs"}) == {}


@given(
    boxes=st.dictionaries(
        st.sampled_from(["ARBs", "ACE inhibitors", "Statins", "Thiazides"]), st.text(max_size=12)
    ),
    first=st.sets(st.sampled_from(["ARBs", "ACE inhibitors", "Statins", "Thiazides"])),
    then=st.sets(st.sampled_from(["ARBs", "ACE inhibitors", "Statins", "Thiazides"])),
)
def test_a_class_taken_off_and_picked_again_asks_for_its_box_again(boxes, first, then):
    """Rule combination_box_read (session 53's planning list: a class removed and picked again from the list
    asked for no box): every class keeps its place whatever is picked, so picked again it is asked for again;
    a class not picked loses its name (session 50: a removed class's typed name must not come back), one
    picked keeps it."""
    kept = sch.boxes_kept(boxes, first)
    assert list(kept) == list(boxes)
    assert all(kept[c] == (boxes[c] if c in first else "") for c in boxes)
    again = sch.boxes_to_read(sch.boxes_kept(kept, then), then)
    assert set(again) == set(boxes) & then
    assert all(again[c] == (boxes[c] if c in first else "") for c in again)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("kidney disease", "disease"),
        ("CKD stage 3", "disease"),
        ("Chronic Kidney Disease", "disease"),
        ("renal failure", "disease"),
        ("renal impairment", "disease"),
        ("reduced kidney function", "disease"),
        ("on haemodialysis", "disease"),
        ("peritoneal dialysis", "disease"),
        ("kidney transplant", "disease"),
        ("kidney stones", "kidneys"),
        ("Kidneys", "kidneys"),
        ("renal", "kidneys"),
        ("salbutamol (CKD stage 4)", "disease"),
        ("eGFR 25", "disease"),
        ("eGFR 59.5", "disease"),
        ("low eGFR", "disease"),
        ("IgA nephropathy", "disease"),
        ("PKD", "disease"),
        ("AKI", "disease"),
        ("kidney damage", "disease"),
        ("bad kidneys", "disease"),
        ("not CKD", "kidneys"),
        ("no kidney disease", "kidneys"),
        ("eGFR 60", "kidneys"),
        ("eGFR 90", "kidneys"),
        ("nephrectomy", "unsure"),  # one kidney: how well it works is asked (third review, session 65)
        ("kidney beans", ""),
        ("transplant", ""),
        # Re-review, session 53.
        ("ESRD", "disease"),
        ("ESKD", "disease"),
        ("uraemia", "disease"),
        ("GFR 25", "disease"),
        ("eGFR below 60", "disease"),
        ("eGFR <60", "disease"),
        ("CKD stage 3 not on dialysis", "disease"),
        ("kidney failure not yet on dialysis", "disease"),
        ("CKD - not sure what stage", "disease"),
        ("stage 3 CKD without proteinuria", "disease"),
        ("eGFR 55 normal for my age", "disease"),
        ("eGFR 85 ml/min/1.73m2", "kidneys"),
        ("ramipril 5mg eGFR 90", "kidneys"),
        ("eGFR 90 (2 weeks ago)", "kidneys"),
        ("CKD unlikely", "kidneys"),
        ("atorvastatin no kidney problems", "kidneys"),
        ("renal multivitamin", "kidneys"),
        ("Nephro-Vite", ""),
        # Mutation run, session 53: each word and edge on its own.
        ("kidney bean", ""),
        ("not sure about CKD stage", "disease"),
        ("reduced eGFR", "disease"),
        ("poor eGFR", "disease"),
        ("eGFR under 60", "disease"),
        ("chronic back pain", ""),
        ("heart failure", ""),
        ("ramipril", ""),
        ("", ""),
    ],
)
def test_a_kidney_condition_in_the_medicine_box_is_read_as_one(typed, said):
    """Rule kidney_condition_in_medicine_box (session 53): kidney disease, however written, is the kidney
    question's answer; another mention of the kidneys points to both kidney questions; a disease word without
    the kidneys ("heart failure", "chronic back pain") is neither."""
    assert sch.kidney_condition(typed, 60) == said


@given(before=st.text(alphabet="abc -", max_size=6), kidney=st.sampled_from(sorted(sch.KIDNEY_WORDS)))
def test_property_kidney_words_are_never_a_medicine_and_a_disease_word_with_them_is_the_disease(
    before, kidney
):
    """Rule kidney_condition_in_medicine_box: any text with a kidney word and a disease word names the
    disease; no medicine name in the data names the kidneys (so no medicine is read as a condition)."""
    for word in sch.KIDNEY_DISEASE_WORDS:
        assert sch.kidney_condition(f"{before} {word} {kidney}", 60) == "disease"
        # Said not to be there: the kidney questions are pointed to, nothing ticked for them.
        assert sch.kidney_condition(f"no {word} {kidney}", 60) == "kidneys"
    assert sch.kidney_condition(f"{before} {kidney}", 60) in {"disease", "kidneys"}
    assert not any(sch.kidney_condition(n, 60) for r in RULES for n in sch.medicine_names(r))
    assert "ods-mg-hp" in safe.rule_book(DATA.safety_rules).cite("kidney_condition_in_medicine_box").split(
        ";"
    )


@pytest.mark.parametrize(
    ("typed", "classes"),
    [
        ("Co-Diovan 80/12.5", {"thiazide-diuretics", "arbs"}),
        ("CoDiovan", {"thiazide-diuretics", "arbs"}),
        ("Cozaar-Comp 50/12.5mg", {"thiazide-diuretics", "arbs"}),
        ("Micardis Plus", {"thiazide-diuretics", "arbs"}),
        ("MicardisPlus 40 mg/12.5 mg", {"thiazide-diuretics", "arbs"}),
        ("Olmetec Plus", {"thiazide-diuretics", "arbs"}),
        ("Coversyl Plus", {"thiazide-diuretics", "ace-inhibitors"}),
        ("Accuretic", {"thiazide-diuretics", "ace-inhibitors"}),
        ("Aldactazide", {"thiazide-diuretics", "potassium-sparing-diuretics"}),
        ("Tarka", {"calcium-channel-blockers", "ace-inhibitors"}),
        ("Lotrel", {"calcium-channel-blockers", "ace-inhibitors"}),
    ],
)
def test_named_combinations_add_each_class(typed, classes):
    """Session-53 review and its sources (emc SmPCs and leaflets, DailyMed labels): "Co-Diovan" asked for its
    box; "Tarka", "Lotrel", "Accuretic", "Aldactazide" found nothing. Each adds every class it holds."""
    assert {r.class_id for r in sch.combination_classes(RULES, typed)} == classes


@pytest.mark.parametrize(
    ("typed", "class_id"),
    [
        ("Diovan", "arbs"),
        ("Cozaar 50mg", "arbs"),
        ("Micardis", "arbs"),
        ("Olmetec", "arbs"),
        ("Coversyl 5mg", "ace-inhibitors"),
        ("Accupril", "ace-inhibitors"),
        ("Lotensin", "ace-inhibitors"),
        ("Aldactone", "potassium-sparing-diuretics"),
        ("verapamil", "calcium-channel-blockers"),
    ],
)
def test_the_single_medicine_brand_beside_a_combination_finds_its_class_alone(typed, class_id):
    """The brand alone is not its combination ("Diovan" is not Co-Diovan): one class, no combination."""
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == [class_id]
    assert sch.combination_classes(RULES, typed) == ()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("none", "none"),
        ("No medicines", "none"),
        ("I don't take any", "none"),
        ("gestational diabetes", "gestational"),
        ("Gestational Diabetes (diet controlled)", "gestational"),
        ("pregnant", "pregnant"),
        ("heart failure", "kidney-risk"),
        ("High blood pressure", "kidney-risk"),
        ("hypertension", "kidney-risk"),
        ("underactive thyroid", "condition"),
        ("acid reflux", "condition"),
        ("Crohn's", "condition"),
        ("ramipril", ""),
        ("Nothing else", ""),
        ("I have heart failure", "kidney-risk"),
        ("Imigran for migraine", ""),
        ("Ezetrol for cholesterol", ""),
        ("metformin for gestational diabetes", ""),
        ("pregnancy vitamin", ""),
        ("pregnancy", "pregnant"),
        ("I have", ""),
        ("heart failure ok", ""),
        ("heart", ""),
    ],
)
def test_a_condition_typed_in_the_medicine_box_is_read_as_one(typed, said):
    """Session-53 pharmacist review: conditions, "none" and pregnancy got the unknown medicine's answer."""
    assert sch.typed_condition(typed) == said


def test_no_medicine_name_in_the_data_reads_as_a_condition():
    """A medicine is never taken for a condition typed instead of it (nor for "none")."""
    assert not [n for r in RULES for n in sch.medicine_names(r) if sch.typed_condition(n)]


@pytest.mark.parametrize(
    ("typed", "left"),
    [
        ("CKD stage 3", ""),
        ("CKD - not sure what stage", ""),
        ("eGFR 90 (2 weeks ago)", ""),
        ("Renvela (CKD 4)", "renvela"),
        ("atorvastatin no kidney problems", "atorvastatin"),
        ("renal impairment", ""),
        ("on haemodialysis", ""),
        ("CKD 3 ok", ""),
        ("Epo for CKD", "epo"),
        ("Renvela Sevelamer (CKD)", "renvela sevelamer"),
    ],
)
def test_what_is_typed_beside_kidney_words(typed, left):
    """Rule kidney_condition_in_medicine_box: the unknown medicine's answer only for what is typed besides."""
    assert sch.beside_kidney_words(typed) == left


@pytest.mark.parametrize(
    ("typed", "classes"),
    [
        ("Diovan Comp", ["arbs"]),
        ("Diovan Forte", ["arbs"]),
        ("Lisinopril Amlodipin", ["calcium-channel-blockers", "ace-inhibitors"]),
    ],
)
def test_a_names_own_word_wins_over_a_combinations_end(typed, classes):
    """Re-review, session 53: "Diovan Comp" found the thiazide row by the end of its "CoDiovan" too, so the
    page asked to pick one and added nothing; a word that is a name's own word wins for that word only."""
    assert [r.class_id for r in sch.find_medicines(RULES, typed)] == classes


def test_the_combination_words_are_the_ones_the_pages_name():
    """Rule combination_box_read: every word the finder reads as a possible combination is named in the
    pages' words for it, and no other ("Co" as "Co-")."""
    named = {w.strip("“”-").lower() for w in re.findall(r"“[^”]+”", safe.COMBINATION_NAMES)}
    assert named == set(sch.COMBINATION_WORDS) == {"plus", "comp", "co", "duo", "triple", "am"}
    for word in ("Duo", "Triple", "duo", "TRIPLE"):
        assert sch.may_hold_another(f"Diovan {word}")
    assert not sch.may_hold_another("Duodart") and not sch.may_hold_another("Tripled")
    # "AM" right after a name (review, session 62: "Concor AM" is bisoprolol with amlodipine), not a time.
    for typed in (
        "Concor AM",
        "concor am",
        "Concor AM 5/10 mg tablets",
        "Concor AM every morning",
        "Concor AM 5mg",
    ):
        assert sch.may_hold_another(typed), typed
    for typed in (
        "Concor 5mg 7am",
        "Concor 5 mg at 7 am",
        "Amlodipine",
        "Concor 5/5 AM",
        "am Concor",
        "levothyroxine 50 mcg AM",
        "AM",  # no name before it (mutation testing, session 62)
        "Concor am aspirin",  # a name after it: "AM" is not the name's last word
    ):
        assert not sch.may_hold_another(typed), typed


@pytest.mark.parametrize(
    ("typed", "kind_only"),
    [
        ("antacid tablets", True),
        ("a laxative", True),
        ("Mucogel antacid", False),
        ("Rennie", False),
        ("Maalox", False),
    ],
)
def test_a_product_named_by_its_kind_alone(typed, kind_only):
    """schedule.named_by_kind_only (session 57): the finder asks for the label of a kind, not one product."""
    assert (
        sch.named_by_kind_only(safe.OTHER_SOURCE_OPTIONS, typed, safe.MAGNESIUM_WORDS, safe.KIND_WORDS)
        is kind_only
    )


@pytest.mark.parametrize(
    ("typed", "negated"),
    [
        ("no statin", True),
        ("Not on statins", True),
        ("I don't take omeprazole", True),
        ("I don\u2019t take omeprazole", True),  # a phone's curly apostrophe
        ("stopped furosemide", True),
        ("never took Lasix", True),
        ("Nexium", False),  # "no" inside a name is no negation
        ("Nortriptyline", False),
        ("atorvastatin 40mg", False),
        ("Notice: omeprazole", False),
        ("atorvastatin no kidney problems", False),  # the "no" is the kidneys'
        ("I am not taking a statin", True),
        ("I'm not on any statin", True),
        ("", False),
    ],
)
def test_a_typed_medicine_that_reads_as_not_taken(typed, negated):
    """Planning list (session 57): "no statin" was "a statin", ticked, without a word."""
    assert sch.reads_as_not_taken(typed) is negated


def test_the_plans_highest_dose_is_said_beside_its_own_limit():
    """Pharmacist and phone reviews (session 58): "The plan's highest dose is 250 mg a day (reference values:
    US). Other authorities' limits: EU …" read as if 250 mg were the US limit, whose 350 mg was never named."""
    line, lower = sch.other_limits_line(
        250, "US", [("EU", 250.0, "ul"), ("UK", 400.0, "guidance")], 0, ("US", 350.0, "UL")
    )
    assert line == (
        "The plan's highest dose is 250 mg a day, within the US upper limit of 350 mg a day from supplements. "
        "Other authorities' limits: EU upper limit 250 mg; UK guidance level 400 mg."
    )
    assert not lower
    uk, _ = sch.other_limits_line(366, "UK", [("US", 350.0, "ul")], 0, ("UK", 400.0, "guidance"))
    assert uk.startswith(
        "The plan's highest dose is 366 mg a day, within the UK guidance level of 400 mg a day"
    )
    # No limit given: the reference values named, as before.
    plain, _ = sch.other_limits_line(250, "US", [("EU", 250.0, "ul")], 0)
    assert plain.startswith("The plan's highest dose is 250 mg a day (reference values: US).")


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("my kidneys don't work well", "disease"),
        ("kidneys not working well", "disease"),
        ("Kidney function 45%", "disease"),
        ("kidney function is 30 percent", "disease"),
        ("high creatinine", "disease"),
        ("creatinine raised", "disease"),
        ("kidney function 90%", "kidneys"),
        ("kidneys work fine", "kidneys"),
        ("creatinine normal", "kidneys"),
        ("creatinine 45%", "kidneys"),  # no kidney word beside the percentage: only pointed to
        ("kidney function 60%", "kidneys"),  # at the eGFR of normal function: not reduced (mutation)
        ("kidney function 59.5%", "disease"),
        ("kidneys not checked", "kidneys"),  # a "not" without a word of their working (mutation)
        ("my kidneys are failing", "disease"),  # re-review, session 58
        ("kidneys at 30%", "disease"),  # a percentage without "function" (mutation)
        ("kidneys 30 Per Cent", "disease"),
        ("kidney function 45", "disease"),
        ("kidney function is 75", "kidneys"),
        ("work well", ""),
        ("45% off", ""),
        # Pharmacist review (session 65): a creatinine clearance is read as an eGFR is; a creatinine level given as
        # a number cannot be read (units and ranges vary): not sure.
        ("creatinine clearance 40", "disease"),
        ("CrCl 45 ml/min", "disease"),
        ("Cr Cl 30", "disease"),
        ("creatinine clearance of 59", "disease"),
        ("creatinine clearance 60", "kidneys"),  # at the line: not reduced
        ("creatinine clearance 75", "kidneys"),
        ("creatinine clearance low", "disease"),
        ("creatinine clearance reduced", "disease"),
        ("CrCl poor", "disease"),
        ("creatinine clearance below normal", "disease"),
        ("CrCl under normal", "disease"),
        ("Cr Cl 75", "kidneys"),  # its words alone are no kidney word: the clearance is a mention
        ("creatinine clearance 40 creatinine 250", "disease"),
        ("CrCl <60", "disease"),
        ("creatinine 250", "unsure"),
        ("creatinine 1.9 mg/dl", "unsure"),
        ("creatinine is 130", "unsure"),
        ("creatinine 80 normal", "kidneys"),
        ("creatinine 45 per cent", "kidneys"),  # a percentage, not a level
        # Its re-review (session 65): other ways of writing them, a lab's range, a question, kidney care.
        ("Cr clearance 40", "disease"),
        ("creatinine-clearance 40", "disease"),
        ("CrCl (Cockcroft-Gault) 40", "disease"),
        ("CrCl is about 40", "disease"),
        ("creatinine clearance approximately 40", "disease"),
        ("my eGFR is about 45", "disease"),
        ("eGFR: approx. 40", "disease"),
        ("eGFR in the 40s", "disease"),
        ("eGFR 90 ml/min/1.73m2", "kidneys"),
        ("egfr normal 3 years ago", "kidneys"),
        ("creatinine level 250", "unsure"),
        ("creatinine result 250", "unsure"),
        ("creatinine 250 umol/L (normal 45-90)", "unsure"),
        ("creatinine 250 (normal range 60-110)", "unsure"),
        ("creatinine 250 ok?", "unsure"),
        ("I see a nephrologist", "unsure"),
        ("my kidney doctor", "unsure"),
        ("renal clinic", "unsure"),
        ("one kidney", "unsure"),
        ("half kidney function", "unsure"),
        ("kidney doctor says kidneys fine", "kidneys"),
        ("Creon 25000", ""),
        ("creatine supplement 5g", ""),
        # Its third review (session 65).
        ("CKD unlikely", "kidneys"),
        ("eGFR less than 60", "disease"),
        ("nephrectomy", "unsure"),
        ("I had a kidney removed", "unsure"),
        ("donated a kidney", "unsure"),
        ("Nephro-Vite", ""),  # a kidney vitamin
        ("I see the kidney people", "unsure"),
        ("eGFR dropped to 45", "disease"),
        ("eGFR now down to 45", "disease"),
        ("eGFR last checked 45", "disease"),
        ("eGFR (2025) 45", "disease"),
        ("eGFR 90 (2025)", "kidneys"),
        ("CrCl (CG) 40", "disease"),
        ("CrCl by Cockcroft-Gault 40", "disease"),
        ("Cr. Cl. 40", "disease"),
        ("Cockcroft Gault 40", "disease"),
        ("glomerular filtration rate 45", "disease"),
        ("SCr 180", "unsure"),
        ("creat 250", "unsure"),
        ("creatinine", "kidneys"),
        ("creatinine clearance", "kidneys"),
    ],
)
def test_kidneys_said_in_plain_words(typed, said):
    """Pharmacist review (session 58): "my kidneys don't work well", "kidney function 45%" and "high creatinine"
    ticked nothing, and a plan followed."""
    assert sch.kidney_condition(typed, 60) == said
    if said and "checked" not in typed:
        assert sch.beside_kidney_words(typed) == ""  # about the kidneys, not a medicine's name


def test_the_plans_highest_dose_above_its_limit_and_a_limit_of_another_set_are_said_so():
    """Re-review (session 58): "366 mg a day, within the US upper limit of 350 mg" on a clinician's advice; and
    a limit of another set than the chosen one (a link's, a child's lowest) said with no reason."""
    above, _ = sch.other_limits_line(366, "US", [("EU", 250.0, "ul")], 0, ("US", 350.0, "UL"))
    assert above.startswith(
        "The plan's highest dose is 366 mg a day, above the US upper limit of 350 mg a day from supplements, "
        "on a clinician's advice. Other authorities' limits: EU upper limit 250 mg."
    )
    # At the limit: within it; with other products, their total counts.
    at_limit, _ = sch.other_limits_line(350, "US", [], 0, ("US", 350.0, "UL"))
    assert ", within the US upper limit" in at_limit
    others, _ = sch.other_limits_line(250, "US", [], 150, ("US", 350.0, "UL"))
    assert ", above the US upper limit" in others
    # A guidance level named as such above it too, and a set with no limit falls back to its name (mutation).
    guidance, _ = sch.other_limits_line(420, "UK", [], 0, ("UK", 400.0, "guidance"))
    assert guidance.startswith(
        "The plan's highest dose is 420 mg a day, above the UK guidance level of 400 mg"
    )
    none, _ = sch.other_limits_line(200, "EU", [], 0, ("EU", None, "none"))
    assert none.startswith("The plan's highest dose is 200 mg a day (reference values: EU).")
    noted, _ = sch.other_limits_line(
        250, "UK", [("UK", 400.0, "guidance")], 0, ("US", 350.0, "UL"), "The UK values came with the link."
    )
    assert noted.startswith(
        "The plan's highest dose is 250 mg a day, within the US upper limit of 350 mg a day from supplements. "
        "The UK values came with the link. Other authorities' limits: UK guidance level 400 mg."
    )


def test_a_packs_promise_keeps_a_known_brand():
    """Since session 58 Advil is a known NSAID: its pack's words ("Liqui-Gels") add that class, never
    azithromycin's (the form word)."""
    assert [r.class_id for r in sch.find_medicines(RULES, "Advil Liqui-Gels")] == ["nsaids-long-term"]


@pytest.mark.parametrize(
    ("typed", "salt"), [("Magnesium citrate", True), ("MAGNÉSIUM", True), ("Mylanta", False), ("", False)]
)
def test_a_magnesium_salt_may_be_the_planned_supplement(typed, salt):
    assert sch.may_be_planned_supplement(typed) is salt


@pytest.mark.parametrize(
    ("typed", "suggests"),
    [
        ("Slow-Mag", True),
        ("Mag-Ox 400", True),
        ("mag 64", True),
        ("MagOx", True),
        ("Cal-Mag-Zinc", True),
        ("calmag", True),
        ("ZMA", True),
        ("Magonate", True),
        ("Mag-Tab SR", True),
        ("magtab", True),
        ("Magnolia bark", False),
        ("Imagine", False),
        ("Magnum", False),
        ("omeprazole", False),
        ("zmax", False),
        ("", False),
    ],
)
def test_a_name_suggests_magnesium_only_by_its_own_parts(typed, suggests):
    assert sch.name_suggests_magnesium(typed) is suggests


@pytest.mark.parametrize(
    ("typed", "near"),
    [
        ("Zestoreti", "Zestoretic"),
        ("Dyazid", "Dyazide"),
        ("Lasilacton", "Lasilactone"),
        ("Exforg", "Exforge"),
        ("Tenore", "Tenoret"),
        ("Zestoreti 10mg tablets", "Zestoretic"),  # as printed on the box
        ("Zestoreti 20/12.5 mg tablets, one each morning with water", "Zestoretic"),
        ("lactone", None),  # the end of two names, none a combination of both classes
        ("diuretic", None),  # a class's word
        ("iron", None),  # one class
        ("Zestoretic", None),  # found whole: added as a combination, not "may be"
    ],
)
def test_a_name_just_short_of_a_combinations_is_said_to_be_it(typed, near):
    """Pharmacist review (session 60): "Zestoreti", "Dyazid", "Lasilacton" were told to pick one class."""
    found = sch.find_medicines(RULES, typed)
    said = sch.combination_near(RULES, typed, found) if not sch.combination_classes(RULES, typed) else None
    assert said == near


@pytest.mark.parametrize(
    ("typed", "unplaced"),
    [
        ("Xyzal 5mg levothyroxine 50mcg", ("xyzal",)),
        ("omeprazole Xyzal 5mg", ("xyzal",)),
        ("Levothyroxine 50mcg every morning", ()),
        ("Omeprazole 20 mg gastro-resistant capsules", ()),
        ("Lisinopril 20mg for blood pressure", ()),
        ("Atacand Plus 16/12.5 mg", ()),
        ("Tritace Comp", ()),
        ("metformin slow release", ()),
        ("Ventolin evohaler", ()),
        ("Symbicort turbohaler", ()),
        ("amlodipine besylate", ()),
        ("Synthroid 100 mcg", ()),
        ("Eltroxin", ()),
        ("levothyroxine Xalk", ("xalk",)),  # from 4 letters
        ("levothyroxine Xal", ()),
    ],
)
def test_words_beside_a_medicine_found_that_name_none_of_its_classes_are_unplaced(typed, unplaced):
    """Phone review (session 60): "Digitek 125mcg levothyroxine 50mcg" filed the digoxin brand as a levothyroxine
    and the plan went on (rule unknown_medicine_checked)."""
    assert sch.unplaced_words(typed, sch.find_medicines(RULES, typed)) == unplaced


def test_baloxavir_is_found_by_its_names_and_gets_no_plan():
    """Pharmacist review (session 60): Xofluza had no row, so it waited only as an unknown medicine. Its
    prescribing information says not to take it with magnesium supplements and gives no spacing in hours:
    an avoid row, as sotorasib's and raltegravir's, with both sources quoting the words."""
    rows = DATA.interactions.set_index("class_id")
    row = rows.loc["baloxavir"]
    assert row["kind"] == "avoid" and "makes no magnesium plan with baloxavir" in row["advice"]
    assert "no number of hours" in row["advice"]  # says the label gives no spacing, not one made up
    cited = DATA.sources.set_index("id")
    for source_id in row["source_ids"].split(";"):
        assert "magnesium" in cited.loc[source_id, "citation"]
    for name in ("Xofluza", "xofluza 40 mg", "baloxavir", "Baloxavir marboxil"):
        assert [r.class_id for r in sch.find_medicines(RULES, name)] == ["baloxavir"], name


def test_the_pharmacists_missed_brands_are_found_in_their_rows():
    """Pharmacist review (session 60): Somac and Pantoloc (pantoprazole), Digitek (digoxin) and Gengraf
    (ciclosporin) got "No medicine … matches" and waited as unknown medicines. Each now finds its row,
    with a source naming the brand; a name near them ("soma") still finds nothing."""
    for name, class_id, source_id in (
        ("Somac 40", "ppi-long-term", "healthdirect-somac"),
        ("Pantoloc", "ppi-long-term", "pantoloc-monograph"),
        ("Digitek 125mcg", "digoxin", "dailymed-digitek"),
        ("Gengraf", "calcineurin-inhibitors", "fda-gengraf"),
    ):
        assert [r.class_id for r in sch.find_medicines(RULES, name)] == [class_id], name
        row = DATA.interactions.set_index("class_id").loc[class_id]
        assert source_id in row["source_ids"].split(";"), (name, source_id)
        brand = name.split()[0]
        assert brand.lower() in DATA.sources.set_index("id").loc[source_id, "citation"].lower(), source_id
    assert sch.find_medicines(RULES, "soma") == ()


@pytest.mark.parametrize(
    ("name", "class_ids", "source_id"),
    [
        ("Oroxine 100mcg", ["levothyroxine"], "nps-oroxine"),
        ("Eutroxsig", ["levothyroxine"], "nps-eutroxsig"),
        ("Levoxine", ["levothyroxine"], "nps-radar-levoxine"),
        ("Levothroid", ["levothyroxine"], "medlibrary-levothroid"),
        ("Fosavance", ["bisphosphonates"], "emc-fosavance"),
        ("Adrovance", ["bisphosphonates"], "patientinfo-adrovance"),
        ("Zegerid OTC", ["ppi-long-term"], "openfda-zegerid"),
        ("MopralPro 20 mg", ["ppi-long-term"], "ansm-mopralpro"),
        ("Tecta 40", ["ppi-long-term"], "rxreasoner-tecta"),
        ("Vimovo 500/20", ["ppi-long-term", "nsaids-long-term"], "emc-vimovo"),
        ("Betaloc", ["beta-blockers"], "nps-betaloc"),
        ("Noten", ["beta-blockers"], "nps-noten"),
        ("Concor 5", ["beta-blockers"], "oladoctor-concor"),
        ("Cardicor", ["beta-blockers"], "rxreasoner-cardicor"),
        ("Emcor LS", ["beta-blockers"], "imedi-emcor"),
        ("Coreg CR", ["beta-blockers"], "openfda-coreg"),
        ("Dilatrend", ["beta-blockers"], "myhealthbox-dilatrend"),
        ("Eucardic", ["beta-blockers"], "myhealthbox-eucardic"),
        ("Nebilet 5mg", ["beta-blockers"], "drugscom-nebilet"),
        ("Trandate", ["beta-blockers"], "globalrph-trandate"),
        ("Roszet", ["rosuvastatin"], "pillsync-roszet"),
        ("Rosuzet Composite Pack", ["rosuvastatin"], "nps-rosuzet"),
        ("Acticlate CAP", ["tetracyclines"], "openfda-acticlate"),
        ("Minolira", ["tetracyclines"], "fdareport-minolira"),
        ("Ximino", ["tetracyclines"], "medlibrary-ximino"),
        # Planning list (session 64): tetracyclines that waited because their labels' antacid words were unread.
        ("Seysara 100mg", ["tetracyclines"], "medicinecom-sarecycline"),
        ("sarecycline", ["tetracyclines"], "medicinecom-sarecycline"),
        ("Nuzyra", ["tetracyclines"], "nuzyrahcp-dosing"),
        ("omadacycline 150 mg", ["tetracyclines"], "nuzyrahcp-dosing"),
        ("Deximune 100mg", ["calcineurin-inhibitors"], "emc-deximune"),
        ("Capimune", ["calcineurin-inhibitors"], "patientinfo-capimune"),
    ],
)
def test_the_brands_that_waited_as_unknown_are_found_in_their_rows(name, class_ids, source_id):
    """Planning list (session 61): each waited as a medicine the app does not know. Now found in its row (every row,
    for a combination), each row citing a source that names the brand."""
    assert sorted(r.class_id for r in sch.find_medicines(RULES, name)) == sorted(class_ids), name
    brand = name.split()[0].casefold()
    assert brand in DATA.sources.set_index("id").loc[source_id, "citation"].casefold(), source_id
    for class_id in class_ids:
        row = DATA.interactions.set_index("class_id").loc[class_id]
        assert source_id in row["source_ids"].split(";"), (class_id, source_id)
        assert brand in row["examples"].casefold(), class_id


@pytest.mark.parametrize(
    "name", ["Pravachol 40mg", "Lescol XL", "Altoprev", "Mevacor", "Zypitamag", "Lipex", "Atorvaliq"]
)
def test_the_statin_brands_without_a_row_are_statins(name):
    """Planning list (session 61): these statins' brands waited as unknown medicines, with no statin question."""
    assert sch.other_statin(RULES, name), name
    cited = DATA.sources.set_index("id").loc["statin-brands-2026-12-07", "citation"].casefold()
    assert name.split()[0].casefold() in cited


@pytest.mark.parametrize("name", ["Ikervis", "Thyro-Tabs", "Pyrocalm", "letrozole", "note"])
def test_names_left_out_still_wait_as_unknown(name):
    """Eye drops, a dog's medicine, a short-course PPI, and names near the
    new ones (letrozole beside Letrox, "note" beside Noten) are found in no row."""
    assert sch.find_medicines(RULES, name) == () and not sch.other_statin(RULES, name), name


@pytest.mark.parametrize(
    ("waiting", "found", "named"),
    [
        (["Lipitr 20mg"], "Lipitor", ["Lipitr 20mg"]),
        (["Synthrod", "Xyzal 5mg"], "Synthroid 100 micrograms", ["Synthrod"]),
        (["Xyzal 5mg"], "Lipitor", []),  # not alike
        (["Lipitor"], "Lipitor 20mg", []),  # the same name is not a misspelling
        (["Lip"], "Lipitor", []),  # too short to say
        (["Lipitr"], "20 mg", []),  # nothing found to compare with
        (["Lipitr", "Lipitorr"], "Lipitor", ["Lipitr", "Lipitorr"]),
        # At the boundaries (mutation testing, session 62): names of 4 letters, a likeness of exactly 80.
        (["Ciprx"], "Cipr", ["Ciprx"]),
        (["Cipr"], "Cipro", ["Cipr"]),
        (["Tecty"], "Tecta", ["Tecty"]),  # fuzz.ratio 80: one letter of five replaced
        (["Tecxy"], "Tecta", []),  # 60
    ],
)
def test_a_misspelling_waiting_is_named_when_the_right_name_is_found(waiting, found, named):
    assert list(sch.misspelt_waiting(waiting, found)) == named


def test_the_misspelling_words_say_where_to_remove_it_and_that_the_plan_waits():
    one = sch.misspelt_words(["Lipitr"])
    assert one.startswith("“Lipitr”, typed before, still waits as a medicine this app does not know.")
    assert (
        "remove it under [Medicines and products waiting to be checked](#unknown-medicines): until then the plan waits."
        in one
    )
    two = sch.misspelt_words(["Lipitr", "Lipitorr"])
    assert two.startswith(
        "“Lipitr”, “Lipitorr”, typed before, still wait as medicines this app does not know."
    )
    assert "remove them under" in two


@pytest.mark.parametrize(
    ("typed", "one_name"),
    [
        ("Dyazide", True),
        ("Zestoretic", True),
        ("Co-amilofruse", True),
        ("Frumil LS", True),
        ("Lasix 40 Lanoxin 125", False),
        ("levothyroxine 50 omeprazole 20 doxycycline 100", False),
        ("Diovan HCT", False),
    ],
)
def test_a_combination_is_told_from_several_medicines_typed_with_spaces(typed, one_name):
    """Pharmacist review (session 65): "Lasix 40 Lanoxin 125" was called "a combination tablet"; every class is
    still added (combination_classes), only the words differ."""
    assert len(sch.combination_classes(RULES, typed)) > 1
    assert sch.one_name_in_several(RULES, typed) is one_name


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("Slow-Mag", True),  # a name that suggests it
        ("Mg citrate", True),
        ("MgO 400", True),
        ("ZMA", True),
        ("magnesium", True),  # one of the other products (safety.MAGNESIUM_WORDS)
        ("multivitamin", True),
        ("Mylanta", True),  # an option's example
        ("levothyroxine 50 mg", False),  # a unit after a number
        ("omeprazole 20mg", False),
        ("atorvastatin", False),
        ("Magnolia bark", False),
    ],
)
def test_a_name_that_may_hold_magnesium_is_told(typed, says):
    """Re-review (session 65): a magnesium product beside a statin or a medicine is found by its name or as one of
    the other products."""
    assert sch.names_magnesium(safe.OTHER_SOURCE_OPTIONS, typed, safe.MAGNESIUM_WORDS) is says, typed
    by_name = typed in ("Slow-Mag", "Mg citrate", "MgO 400", "ZMA")
    assert sch.name_suggests_magnesium(typed) is by_name, typed


@pytest.mark.parametrize(
    "typed",
    [
        "water pill",
        "water pill 40mg",
        "my water pill",
        "a diuretic",
        "diuretic tablet",
        "water pill 20 mg daily",
    ],
)
def test_a_name_of_several_classes_is_found_among_other_words(typed):
    """Third review (session 65): "water pill 40mg", "my water pill" waited as names the app does not know, whose
    tick gave a plan with no diuretic picked."""
    assert {r.class_id for r in sch.several_classes(RULES, typed)} == {
        "loop-diuretics",
        "thiazide-diuretics",
        "potassium-sparing-diuretics",
    }
    assert sch.several_classes(RULES, "Xyzal") == () and sch.several_classes(RULES, "furosemide") == ()
    assert len(sch.several_classes(RULES, "my Dyazide")) == 2  # two classes are several
    assert sch.several_classes(RULES, "my a the") == ()


@pytest.mark.parametrize(
    ("text", "name", "says"),
    [
        ("I don't take Digitek", "Digitek", True),
        ("not Mg", "Mg", True),
        ("I dont take slow mag", "Slow Mag", True),
        ("not sure of dose 250 mg", "Mg", False),  # a unit after a number
        ("no magnesium yet", "Mag", False),  # part of a word
        ("not taking Xyzal", "Xyz", False),
    ],
)
def test_a_name_said_as_not_taken_is_said_as_whole_words(text, name, says):
    """Third review (session 65): "Mg" waiting was taken off by "not sure of dose 250 mg", "Mag" by "no magnesium
    yet"."""
    assert sch.says_name(text, name) is says


@pytest.mark.parametrize(
    "typed",
    ["Metformin 500  mg", "omeprazole 20-mg", "omeprazole 20.mg", "omeprazole (20) mg", "aspirin 75mg OD"],
)
def test_a_dose_in_mg_however_written_is_no_magnesium_name(typed):
    """Third review (session 65): "Metformin 500  mg" (two spaces) held the plan as a magnesium product."""
    assert not sch.name_suggests_magnesium(typed)


def test_a_low_reading_is_not_taken_back_by_a_doubt_about_something_else():
    """Third review (session 65): "eGFR 25 (cancer unlikely)" gave a plan: the doubt took the reading back."""
    assert sch.kidney_condition("eGFR 25 (cancer unlikely)", 60) == "disease"
    assert sch.kidney_condition("CrCl 40, infection excluded", 60) == "disease"
    assert sch.kidney_condition("CKD unlikely", 60) == "kidneys"


_READING_WORDS = st.sampled_from(
    ["", "is ", "was about ", "approx. ", "dropped to ", "(2025) ", "now ", "last checked "]
)


@given(
    value=st.integers(min_value=1, max_value=150),
    words=_READING_WORDS,
    name=st.sampled_from(["eGFR", "CrCl"]),
)
def test_a_kidney_reading_is_disease_below_the_line_whatever_words_stand_before_its_number(
    value, words, name
):
    """Property (rule kidney_condition_in_medicine_box, session 65's reviews): a reading below 60 ticks kidney
    disease, one of 60 or more does not, with any of the words people put between the name and the number."""
    said = sch.kidney_condition(f"{name} {words}{value}", 60)
    assert (said == "disease") is (value < 60), (name, words, value, said)


@given(
    number=st.integers(min_value=1, max_value=2000),
    spacing=st.sampled_from(["", " ", "  ", "-", ".", ") ", " \t"]),
    unit=st.sampled_from(["mg", "MG", "Mg"]),
    medicine=st.sampled_from(["Metformin", "omeprazole", "levothyroxine", "aspirin", "Lipitor"]),
)
def test_a_dose_in_mg_is_never_a_magnesium_name(number, spacing, unit, medicine):
    """Property (session 65's third review): a number and its unit, however written, is not "Mg"."""
    assert not sch.name_suggests_magnesium(f"{medicine} {number}{spacing}{unit}")


@given(
    joiner=st.sampled_from([" with ", " w/ ", " alongside ", " ", " + ", " together with "]),
    product=st.sampled_from(
        ["Slow-Mag", "ZMA", "Mg citrate", "MgO 400", "magnesium", "multivitamin", "Mag-Tab SR"]
    ),
    medicine=st.sampled_from(["levothyroxine", "atorvastatin", "Lipitor", "omeprazole 20mg"]),
    first=st.booleans(),
)
def test_a_magnesium_product_is_named_beside_any_medicine_with_any_joining_word(
    joiner, product, medicine, first
):
    """Property (session 65's reviews): a magnesium product typed beside a medicine or a statin, in either order,
    is found as one (the page then holds the plan for it)."""
    typed = f"{product}{joiner}{medicine}" if first else f"{medicine}{joiner}{product}"
    assert sch.names_magnesium(safe.OTHER_SOURCE_OPTIONS, typed, safe.MAGNESIUM_WORDS), typed


@pytest.mark.parametrize(
    ("typed", "waiting"),
    [
        ("Lipitor with Centrum", ("centrum",)),  # beside a statin, its own words not
        ("Zocor w/ Coumadin", ("coumadin",)),
        ("atorvastatin 40mg Tegretol", ("tegretol",)),
        ("Lipitor with multivitamin", ()),  # a magnesium product waits as the whole name
        ("levothyroxine with Gaviscon", ()),
        ("levothyroxine alongside Slow-Mag", ()),  # a joining word is no medicine
        ("Xyzal 5mg levothyroxine 50mcg", ("xyzal",)),
        ("levothyroxine together with Xyzal", ("xyzal",)),
        ("atorvastatin with nystatin", ("nystatin",)),  # an antifungal, not a statin
        ("Crestor 10mg with statin", ()),
        ("Lipitor with diuretic", ("diuretic",)),  # a name of several classes beside a statin still waits
    ],
)
def test_the_words_beside_a_medicine_that_wait_as_unknown(typed, waiting):
    """Rule unknown_medicine_checked (sessions 60 and 65): what waits beside a class or a statin found."""
    assert sch.waiting_beside(RULES, typed, sch.find_medicines(RULES, typed)) == waiting
