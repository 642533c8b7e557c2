"""Evidence for every piece of advice: each measure the plan, calendar or journal names has a row."""

from __future__ import annotations

import datetime as dt

import pytest

from maglib import forms, journal
from maglib import safety as safe
from maglib import schedule as sch
from maglib.calendar_export import ics_bytes
from maglib.measures import (
    JOURNAL_CONFOUNDERS,
    JOURNAL_MEASURE_IDS,
    journal_measure_lines,
    measure_lines,
    measures_from,
)

from .conftest import dataset

DATA = dataset()
MEASURES = measures_from(DATA.measures)
BOOK = safe.rule_book(DATA.safety_rules)
NUMBERS = sch.guidance_numbers(DATA.guidance)

#: Every measure the issue names: fluids, stretching, tensing in a cramp, massage, warm baths, no
#: evening caffeine/alcohol/nicotine, exercise timing, B6, iron (ferritin), physical therapy,
#: calcium, vitamin D and CoQ10 for statin users.
NAMED = (
    "fluids",
    "stretch_before_bed",
    "acute_cramp_stretch",
    "massage",
    "warm_bath",
    "evening_stimulants",
    "exercise_timing",
    "vitamin_b6",
    "ferritin_test",
    "physical_therapy",
    "calcium",
    "vitamin_d_statin",
    "coq10_statin",
)


@pytest.mark.parametrize("measure_id", NAMED)
def test_every_named_measure_has_a_source_beyond_the_brief_or_says_no_trial(measure_id):
    row = DATA.measures.loc[DATA.measures["measure_id"] == measure_id].iloc[0]
    sources = set(str(row["source_ids"]).split(";"))
    assert row["status"] == "no-trial" or sources - {"brief-guidance", "brief-comparison"}
    if row["status"] == "no-trial":
        assert "no trial" in (row["certainty_words"] + row["summary"]).lower()


def test_stretching_shows_both_trials():
    row = DATA.measures.loc[DATA.measures["measure_id"] == "stretch_before_bed"].iloc[0]
    assert row["status"] == "mixed"
    assert {"hallegraeff-2012-stretching", "coppin-2005-stretching"} <= set(row["evidence_ids"].split(";"))


def _plan(age=45):
    result = safe.screen(
        safe.Answers(age_years=age, life_stage="general", child_dose_confirmed=True),
        ul_mg=350,
        ul_source_ids="ods-mg-hp",
        rules=BOOK,
        evidence={},
    )
    return sch.build_plan(
        safety=result, numbers=NUMBERS, book=BOOK, product=sch.product_from(DATA.forms, "Magnesium citrate", 100,
        "Elemental magnesium", "Tablet"), start=dt.date(2026, 1, 5), start_mg=250, target_mg=400, step_mg=150,
        step_weeks=4, weeks=12, preferred_times=(("Evening", 21 * 60),), rules=[], med_times={}, age_years=age,
        measures=MEASURES,
    )  # fmt: skip


def test_the_plan_and_calendar_name_each_measure_with_its_certainty():
    plan = _plan()
    text = " ".join(plan.checkpoints[0].items)
    calendar = ics_bytes(plan).decode().replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    for measure_id in (*sch.REVIEW_IF_NO_HELP, *sch.REVIEW_OTHER_MEASURES):
        (line,) = measure_lines(MEASURES, [measure_id])
        assert line in text
        assert line in calendar
    assert f"({MEASURES['vitamin_b6'].certainty_words})" in text


def test_no_measure_is_named_without_rows():
    plan = sch.build_plan(
        safety=safe.screen(safe.Answers(age_years=45, life_stage="general"), ul_mg=350, ul_source_ids="",
        rules=BOOK, evidence={}), numbers=NUMBERS, book=BOOK, product=sch.product_from(DATA.forms,
        "Magnesium citrate", 100, "Elemental magnesium", "Tablet"), start=dt.date(2026, 1, 5), start_mg=250,
        target_mg=400, step_mg=150, step_weeks=4, weeks=12, preferred_times=(("Evening", 21 * 60),), rules=[],
        med_times={}, age_years=45,
    )  # fmt: skip
    text = " ".join(plan.checkpoints[0].items).lower()
    for measure in MEASURES.values():
        assert measure.measure.lower() not in text
    with pytest.raises(KeyError, match="no row"):
        measure_lines(MEASURES, ["a-measure-nobody-wrote"])


def test_every_journal_measure_maps_to_a_row_or_is_a_named_confounder():
    assert set(journal.MEASURES) == set(JOURNAL_MEASURE_IDS) | set(JOURNAL_CONFOUNDERS)
    lines = journal_measure_lines(MEASURES, journal.MEASURES)
    # Each item named once; a row's words said once, with every item of that row (phone review, session 57:
    # caffeine, alcohol and nicotine each repeated the same words).
    said = [item for line in lines for item in line.partition(": ")[0].split(", ")]
    assert sorted(said) == sorted(journal.MEASURES)
    assert len(lines) == len(set(lines)) == len({JOURNAL_MEASURE_IDS.get(m, m) for m in journal.MEASURES})
    assert f"stretching: {MEASURES['stretch_before_bed'].certainty_words}" in lines
    shared = [line for line in lines if line.count(", ") >= 2 and "alcohol" in line.partition(": ")[0]]
    assert len(shared) == 1 and shared[0].endswith(MEASURES["evening_stimulants"].certainty_words)
    with pytest.raises(KeyError, match="yoga"):
        journal_measure_lines(MEASURES, ["yoga"])


def test_brief_only_form_claims_are_marked_unverified_in_the_table_and_details():
    table = forms.comparison_table(forms.filter_forms(DATA.forms, forms.Filters())).set_index("form_id")
    for form_id in ("glycinate", "malate", "topical"):
        assert "unverified" in table.loc[form_id, "key_benefit"], form_id
        assert "unverified" in forms.form_details(DATA, form_id).key_benefit
    assert "unverified" not in table.loc["citrate", "key_benefit"]


def test_the_fluids_advice_asks_first_with_heart_failure_or_diuretics():
    """Polypharmacy review (2026-12-05): a 78-year-old on furosemide and digoxin was told to drink about
    2 litres a day "unless a doctor has told you to limit fluids" — with heart failure, kidney disease
    or a diuretic the amount is their doctor's to say, so the line asks first, where the plan shows it."""
    (line,) = measure_lines(MEASURES, ("fluids",))
    assert line.startswith(
        "Drink about 2 litres of fluid a day, unless a doctor has told you to limit fluids. With heart failure, "
        "or on water tablets (diuretics), ask your doctor or nurse how much to drink first"
    ), line
    # Cited to the Heart Failure Association's patient page, which says so.
    assert "hfa-fluids" in MEASURES["fluids"].source_ids.split(";")
    hfa = DATA.sources.set_index("id").loc["hfa-fluids", "citation"]
    assert "your doctor or nurse may recommend an amount that you should be drinking every day" in hfa
