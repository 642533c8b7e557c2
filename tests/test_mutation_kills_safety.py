"""maglib.safety: tests that fail on the small bugs mutation testing planted (issue 19).

Each test names the bug it catches. The ages and life stages are read from the rule
book (data/safety_rules.csv) and checked one year either side of each boundary.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import pytest

from maglib import safety as safe
from maglib import schedule as sch
from maglib.profile import Profile, reference_for

from .conftest import dataset

DATA = dataset()
ROOT = Path(__file__).resolve().parents[1]
BOOK = safe.rule_book(DATA.safety_rules)
CLAIMS = sch.evidence_claims(DATA.evidence)
RULES = sch.medicine_rules(DATA.interactions)
ADULT_UL = 350.0  # ods-mg-hp: supplemental magnesium UL from age 9 (checked below against the data)


def ul_for(age: int, stage: str = "general") -> float | None:
    return reference_for(Profile(age, "female", stage), DATA.intake_reference).mg_ul_supplemental


def screen(
    age: int = 45,
    stage: str = "general",
    ul: float | str | None = "table",
    ul_words: str = "upper limit",
    ul_note: str = "",
    **answers,
) -> safe.SafetyResult:
    return safe.screen(
        safe.Answers(age_years=age, life_stage=stage, **answers),
        ul_mg=ul_for(age, stage) if ul == "table" else ul,  # type: ignore[arg-type]
        ul_source_ids="ods-mg-hp",
        rules=BOOK,
        evidence=CLAIMS,
        ul_words=ul_words,
        ul_note=ul_note,
    )


def once(*cells: str) -> str:
    """Source-id cells joined, each id once in first-seen order (a stop cites its rule, then its
    evidence, without repeating an id both give)."""
    return ";".join(dict.fromkeys(i for cell in cells for i in cell.split(";") if i))


def rule_ids(result: safe.SafetyResult, level: str) -> list[str]:
    return [n.rule_id for n in result.notes if n.level == level]


def test_the_adult_ul_used_here_is_the_data_row():
    assert ul_for(45) == ul_for(18) == ul_for(17) == ADULT_UL


# ------------------------------------------------------------ ages: every boundary, one year either side

ADULT = BOOK.self_serve_min_age
SMALL = BOOK.no_plan_under_age


@pytest.mark.parametrize(
    ("age", "confirmed", "allowed", "errors", "warnings", "food_first", "needs_confirmation", "can_lift"),
    [
        (SMALL - 1, False, False, ["no_plan_under_age"], [], True, False, False),
        (SMALL - 1, True, False, ["no_plan_under_age"], [], True, False, False),
        (SMALL, False, False, ["self_serve_min_age"], [], True, True, False),
        (SMALL, True, True, [], ["self_serve_min_age"], True, False, False),
        (ADULT - 1, False, False, ["self_serve_min_age"], [], True, True, False),
        (ADULT - 1, True, True, [], ["self_serve_min_age"], True, False, False),
        (ADULT, False, True, [], [], False, False, True),
        (ADULT, True, True, [], [], False, False, True),
    ],
)
def test_age_boundary_table(
    age, confirmed, allowed, errors, warnings, food_first, needs_confirmation, can_lift
):
    """Bug: ``age < self_serve_min_age`` → ``< 17`` (a 17-year-old loses "ask a clinician"), and the
    same off-by-one at the under-4 rule."""
    result = screen(age, child_dose_confirmed=confirmed)
    assert result.plan_allowed is allowed
    assert rule_ids(result, "error") == errors
    assert rule_ids(result, "warning") == warnings
    assert result.food_first is food_first
    assert result.needs_child_confirmation is needs_confirmation
    assert result.can_confirm_above_ul is can_lift
    assert result.limit_mg == (ul_for(age) if allowed else None)


def test_seventeen_year_old_is_asked_for_a_clinician_and_told_the_age_limit():
    """Bug: under-18 boundary moved to 17."""
    note = screen(ADULT - 1).notes[0]
    assert note.level == "error" and note.rule_id == "self_serve_min_age"
    assert f"Under {ADULT}" in note.text and "doctor" in note.text
    assert f"the upper limit of {ADULT_UL:g} mg a day for this age" in note.text
    assert set(note.source_ids.split(";")) == set(BOOK.source_ids["self_serve_min_age"].split(";"))
    confirmed = screen(ADULT - 1, child_dose_confirmed=True).notes[0]
    assert confirmed.level == "warning" and f"the upper limit of {ADULT_UL:g} mg a day of" in confirmed.text
    cited = set(BOOK.cite("self_serve_min_age", "ul_supplemental_cap").split(";"))
    assert set(confirmed.source_ids.split(";")) == cited


def test_no_plan_under_4_even_without_a_ul_names_only_that_rule():
    """Bug: the no-UL stop also firing (or the under-4 stop not firing) below 4."""
    for ul in (None, 65.0):
        result = screen(SMALL - 1, ul=ul)
        assert rule_ids(result, "error") == ["no_plan_under_age"]
        assert f"No plan under {SMALL}" in result.notes[0].text
        assert result.notes[0].source_ids == BOOK.source_ids["no_plan_under_age"]
    no_ul = screen(SMALL, ul=None, child_dose_confirmed=True)
    assert rule_ids(no_ul, "error") == ["ul_supplemental_cap"]
    assert not no_ul.plan_allowed and no_ul.limit_mg is None


def test_an_adult_above_the_ul_with_confirmation_is_lifted_to_the_hard_maximum_only():
    lifted = screen(ADULT, above_ul_confirmed=True)
    assert lifted.above_ul_allowed and lifted.limit_mg == BOOK.hard_max_mg
    assert not screen(ADULT - 1, child_dose_confirmed=True, above_ul_confirmed=True).above_ul_allowed
    # The hard maximum caps every plan, lifted or not (a set whose limit is above it included).
    assert safe.safe_ceiling(ul_mg=400, other_mg=0, above_ul_allowed=True, hard_max_mg=366) == 366
    assert safe.safe_ceiling(ul_mg=400, other_mg=0, above_ul_allowed=False, hard_max_mg=366) == 366
    assert safe.safe_ceiling(ul_mg=350, other_mg=50, above_ul_allowed=True, hard_max_mg=366) == 316
    assert safe.safe_ceiling(ul_mg=350, other_mg=50, above_ul_allowed=False, hard_max_mg=366) == 300
    assert safe.safe_ceiling(ul_mg=350, other_mg=400, above_ul_allowed=False, hard_max_mg=366) == 0
    assert safe.safe_ceiling(ul_mg=None, other_mg=0, above_ul_allowed=True, hard_max_mg=366) is None


# ------------------------------------------------------------ life stage: pregnancy AND lactation


@pytest.mark.parametrize(("stage", "word"), [("pregnancy", "pregnant"), ("lactation", "breastfeeding")])
@pytest.mark.parametrize("age", [9, 13, 14, 17, 18, 30, 50, 51])
def test_life_stage_keeps_the_ul_and_warns(stage, word, age):
    """Bug: lactation dropped from ``{"pregnancy", "lactation"}`` (breastfeeding users lose the limit
    and the warning)."""
    adult = age >= BOOK.self_serve_min_age
    result = screen(age, stage, child_dose_confirmed=True, stage_dose_confirmed=True, above_ul_confirmed=True)
    assert result.plan_allowed
    assert not result.can_confirm_above_ul and not result.above_ul_allowed
    assert result.limit_mg == ul_for(age, stage) == ADULT_UL
    # An adult's dose is then the midwife's or doctor's (stage_clinician_dose); a child's the doctor's.
    assert result.food_first
    rule = "stage_clinician_dose" if adult else "clinician_above_ul"
    warning = next(n for n in result.notes if n.rule_id == rule)
    assert warning.level == "warning"
    # A child's confirmed dose is the midwife's or doctor's too in pregnancy or breastfeeding
    # (pharmacist review, 2026-12-03: it read "While pregnant:" and "Check any supplement ... first").
    heading = f"**While {word}, on your midwife's or doctor's advice:**"
    assert warning.text.startswith(heading) and f"{ADULT_UL:g} mg a day" in warning.text
    assert "Change the dose only with the midwife or doctor who advised it." in warning.text
    assert "ods-mg-hp" in warning.source_ids.split(";")
    if adult:
        assert set(BOOK.cite("stage_clinician_dose").split(";")) <= set(warning.source_ids.split(";"))
    claim_text, claim_sources = CLAIMS["cochrane-2020-pregnancy"]
    assert warning.text.endswith(claim_text)
    # The pregnancy trials are named as such for a breastfeeding person, and only for her.
    gap = "The cramp trials cited in this app were in pregnancy, not while breastfeeding."
    assert (gap in warning.text) == (stage == "lactation")
    assert set(claim_sources.split(";")) <= set(warning.source_ids.split(";"))
    assert not safe.asks_above_ul(result, [1000])


def test_breastfeeding_adult_gets_no_plan_above_the_ul_even_on_a_clinicians_advice():
    result = screen(30, "lactation", stage_dose_confirmed=True, above_ul_confirmed=True)
    plan = sch.build_plan(
        safety=result,
        numbers=sch.guidance_numbers(DATA.guidance),
        book=BOOK,
        product=sch.product_from(DATA.forms, sch.FORM_OPTIONS[0], 50, sch.LABEL_BASIS["elemental"], "Tablet"),
        start=sch.MIN_START,
        start_mg=366,
        target_mg=366,
        step_mg=0,
        step_weeks=4,
        weeks=8,
        preferred_times=(("Evening", 21 * 60),),
        rules=(),
        med_times={},
        age_years=30,
    )
    # Her midwife's or doctor's 366 mg is above her limit: no plan (never a changed dose).
    assert plan.steps == () and any(n.rule_id == "ul_supplemental_cap" for n in plan.notes)


def test_an_unknown_life_stage_is_general():
    result = screen(30, "postpartum", ul=ADULT_UL, above_ul_confirmed=True)
    assert result.can_confirm_above_ul and result.above_ul_allowed
    assert not any(n.rule_id == "clinician_above_ul" for n in result.notes)


# ------------------------------------------------------------ other sources


def test_other_sources_at_the_ul_stop_and_just_below_it_count():
    at = screen(other_sources=("Antacid (x)",), other_mg=ADULT_UL)
    assert not at.plan_allowed and rule_ids(at, "error") == ["other_sources_count"]
    assert f"{ADULT_UL:g} mg a day" in at.notes[0].text
    below = screen(other_sources=("Antacid (x)",), other_mg=ADULT_UL - 1)
    assert below.plan_allowed and below.limit_mg == 1
    info = next(n for n in below.notes if n.rule_id == "other_sources_count")
    assert info.level == "info" and "at most 1 mg a day" in info.text
    assert info.source_ids == BOOK.cite("other_sources_count")


def test_other_products_named_and_an_unknown_amount_stops():
    result = screen(other_sources=(safe.OTHER_SOURCE_OPTIONS[0], safe.OTHER_SOURCE_OPTIONS[2]), other_mg=0)
    assert not result.plan_allowed
    note = result.notes[0]
    assert (
        note.rule_id == "other_sources_count" and "antacid, multivitamin or mineral supplement:" in note.text
    )
    for bad in (math.nan, math.inf, -5, "12 mg", None):
        assert safe._amount(bad) == 0.0
    assert safe._amount("12.5") == 12.5


# ------------------------------------------------------------ medicines, kidney, statin


def test_avoid_medicine_stops_and_timing_medicine_is_only_information():
    avoid = next(r for r in RULES if r.kind == "avoid")
    timed = next(r for r in RULES if r.kind != "avoid")
    result = screen(medicines=(avoid, timed))
    assert not result.plan_allowed and rule_ids(result, "error") == ["avoid_medicine_no_plan"]
    stop = result.notes[0]
    assert stop.text == f"**No plan with {avoid.drug_class}:** {avoid.advice}"
    assert stop.source_ids == ";".join(
        s for s in (BOOK.cite("avoid_medicine_no_plan"), avoid.source_ids) if s
    )
    info = [n for n in result.notes if n.level == "info"]
    assert [n.text for n in info] == [f"**{timed.drug_class}:** {timed.advice}"]
    assert info[0].source_ids == timed.source_ids and info[0].rule_id == ""
    assert screen(medicines=(timed,)).plan_allowed


def test_kidney_disease_stop_quotes_its_evidence():
    result = screen(kidney_disease=True)
    assert rule_ids(result, "error") == ["kidney_no_plan"]
    text, sources = CLAIMS["ods-kidney-toxicity"]
    assert text in result.notes[0].text and "No plan: see a clinician first." in result.notes[0].text
    assert set(sources.split(";")) <= set(result.notes[0].source_ids.split(";"))


def test_kidney_unsure_stop_says_its_words_and_quotes_its_evidence():
    """Rule kidney_unsure_no_plan (pharmacist review, 2026-12-05), word for word, with every source."""
    result = screen(kidney_unsure=True)
    assert rule_ids(result, "error") == ["kidney_unsure_no_plan"]
    text, sources = CLAIMS["ods-kidney-toxicity"]
    (note,) = [n for n in result.notes if n.rule_id == "kidney_unsure_no_plan"]
    assert note.text == (
        "**No plan yet: find out how well your kidneys work first.** Reduced kidney function often has no "
        "symptoms and is found by a blood test (eGFR). Ask your GP or pharmacist whether a kidney blood test "
        "has shown an eGFR of 60 or more: if it has, untick “not sure”; if it was below 60, that is reduced "
        "kidney function: tick the first box and talk to your GP before taking magnesium; if you have not had one, "
        "ask for one before taking magnesium. " + text
    )
    assert note.source_ids == once(
        BOOK.cite("kidney_unsure_no_plan"), sources, BOOK.cite("kidney_normal_egfr_min")
    )
    assert "nkf-ckd" in note.source_ids
    # Kidney disease says its own words, not these (both answered: the disease's stop only).
    both = screen(kidney_disease=True, kidney_unsure=True)
    assert rule_ids(both, "error") == ["kidney_no_plan"]


def test_statin_warning():
    # Rule statin_prescriber_confirm: no plan until the prescriber agreed; then a plan, its step up
    # through the same doctor (pharmacist review, 2026-12-04).
    unasked = screen(statin=True)
    assert not unasked.plan_allowed
    (stop,) = [n for n in unasked.notes if n.rule_id == "statin_prescriber_confirm"]
    assert stop.level == "error" and stop.source_ids == BOOK.cite("statin_prescriber_confirm")
    assert stop.text.startswith(
        "**No plan until your doctor agrees.** Cramps or muscle aches while you take a statin"
    )
    result = screen(statin=True, prescriber_agreed=True)
    assert result.plan_allowed and result.prescriber == "the doctor who prescribes your statin"
    assert screen().prescriber == "" and screen(prescriber_agreed=True).prescriber == ""
    note = next(n for n in result.notes if "statin" in n.text)
    assert note.level == "warning" and note.text.startswith("**Taking a statin:**")
    text, sources = CLAIMS["brief-statin-considerations"]
    # Rule statin_cramps_flag: the cramps themselves can be the statin's, cited with the brief.
    assert note.source_ids == BOOK.cite("statin_cramps_flag") + ";" + sources
    assert (text or "prescriber") in note.text and "Cramps that began or got worse after you" in note.text
    bare = safe.screen(
        safe.Answers(age_years=45, life_stage="general", statin=True),
        ul_mg=ADULT_UL,
        ul_source_ids="",
        rules=BOOK,
        evidence={},
    )
    assert "talk to your prescriber" in next(n.text for n in bare.notes if "statin" in n.text)


# ------------------------------------------------------------ requests above the UL and the hard maximum


def test_asks_above_ul_exactly_above_the_ul_with_other_sources():
    plain = screen()
    assert not safe.asks_above_ul(plain, [ADULT_UL])
    assert safe.asks_above_ul(plain, [ADULT_UL + 1])
    assert safe.asks_above_ul(plain, [100, ADULT_UL + 1])
    assert not safe.asks_above_ul(plain, [])
    with_other = screen(other_sources=("x",), other_mg=50)
    assert not safe.asks_above_ul(with_other, [ADULT_UL - 50])
    assert safe.asks_above_ul(with_other, [ADULT_UL - 49])


def test_requested_problem_at_the_hard_maximum_counts_other_products():
    lifted = screen(above_ul_confirmed=True, other_sources=("x",), other_mg=16)
    assert safe.requested_problem(lifted, [BOOK.hard_max_mg - 16], BOOK) is None
    note = safe.requested_problem(lifted, [100, BOOK.hard_max_mg - 15], BOOK)
    assert note is not None and note.level == "error" and note.rule_id == "hard_max_mg"
    assert f"No plan above {BOOK.hard_max_mg:g} mg a day" in note.text
    assert (
        f"your request: {BOOK.hard_max_mg + 1:g} mg a day, counting 16 mg from your other products"
        in note.text
    )
    assert note.source_ids == BOOK.cite("hard_max_mg", "clinician_above_ul")
    alone = safe.requested_problem(screen(above_ul_confirmed=True), [400], BOOK)
    assert alone is not None and "your request: 400 mg a day)." in alone.text
    assert safe.requested_problem(screen(), [1000], BOOK) is None  # not lifted: the UL caps instead


# ------------------------------------------------------------ the label guard (max_units_per_day)


@pytest.mark.parametrize("unit_mg", [0.0, -1.0, math.nan, math.inf])
def test_label_with_no_usable_strength_asks_for_the_label(unit_mg):
    note = safe.label_problem(unit_mg, 250, False, "Tablet", "elemental", BOOK)
    assert note is not None and note.level == "warning" and note.rule_id == "max_units_per_day"
    assert "Check the label" in note.text and note.source_ids == BOOK.cite("max_units_per_day")


def test_a_tenth_of_a_milligram_label_is_stopped_not_planned():
    """Bug: the units-a-day guard removed (a 0.1 mg label, a mg/g mix-up, gets a plan of 0 mg)."""
    note = safe.label_problem(0.1, 250, False, "Tablet", "elemental", BOOK)
    assert note is not None and note.level == "error" and note.rule_id == "max_units_per_day"
    assert "2500 tablets a day" in note.text and f"more than {BOOK.max_units_per_day}" in note.text
    assert "1 g = 1,000 mg" in note.text
    compound = safe.label_problem(10, 250, True, "Capsule", "compound", BOOK)
    assert (
        compound is not None and "compound weight" in compound.text and "25 capsules a day" in compound.text
    )


@pytest.mark.parametrize(
    ("unit_mg", "highest", "halves", "stopped"),
    [
        (50, 400, False, False),  # exactly 8 units
        (50, 449, False, False),  # 8.98 → 8 whole units
        (50, 450, False, True),  # 9 units
        (50, 425, True, True),  # 8.5 half-units is more than 8
        (50, 424, True, False),  # 8.48 → 8 in halves
        (50, 0, False, False),
        (50, -5, False, False),
    ],
)
def test_label_guard_boundary_counts_units_as_the_plan_rounds(unit_mg, highest, halves, stopped):
    note = safe.label_problem(unit_mg, highest, halves, "Scoop", "elemental", BOOK)
    assert (note is not None) is stopped
    if note is not None:
        expected = math.floor(highest / unit_mg * (2 if halves else 1)) / (2 if halves else 1)
        assert f"about {expected:g} scoops a day" in note.text


def test_a_vanishingly_small_label_strength_is_stopped_not_a_crash():
    # Found by the property test (2.2e-311 mg overflowed math.floor); fixed in c54d1f1.
    note = safe.label_problem(2.2e-311, 250, False, "Tablet", "elemental", BOOK)
    assert note is not None and note.level == "error" and note.rule_id == "max_units_per_day"
    assert "would need an absurd number of tablets a day" in note.text
    huge = safe.label_problem(1e-4, 250, False, "Tablet", "elemental", BOOK)
    assert huge is not None and "about 2.5e+06" not in huge.text and "absurd number" in huge.text
    big = safe.label_problem(1e-3, 250, False, "Tablet", "elemental", BOOK)
    assert big is not None and "about 250000 tablets a day" in big.text


# ------------------------------------------------------------ B6 and the rule book


def test_b6_boundary_and_text():
    assert safe.b6_advice(BOOK.b6_min_age - 1, 40, BOOK) is None
    text = safe.b6_advice(BOOK.b6_min_age, 40, BOOK)
    assert text is not None and "suggests 40 mg a day" in text
    assert f"({BOOK.b6_ul_eu_adult_mg:g} mg a day, EFSA 2023" in text
    assert f"US limit ({BOOK.b6_ul_us_adult_mg:g} mg a day)" in text
    # The UK's advice too (GP review, 2026-12-05).
    assert (
        f"UK's advice (no more than {BOOK.b6_advice_uk_mg:g} mg a day from supplements unless a doctor"
        in text
    )


def test_rule_book_reads_every_number_and_cites_each_source_once():
    rows = DATA.safety_rules.set_index("rule_id")
    assert BOOK.hard_max_mg == float(rows.loc["hard_max_mg", "value"])
    assert BOOK.b6_ul_us_adult_mg == float(rows.loc["b6_ul_us_adult_mg", "value"])
    assert BOOK.b6_ul_eu_adult_mg == float(rows.loc["b6_ul_eu_adult_mg", "value"])
    assert BOOK.b6_advice_uk_mg == float(rows.loc["b6_advice_uk_mg", "value"]) == 10
    assert BOOK.max_units_per_day == int(rows.loc["max_units_per_day", "value"])
    assert BOOK.source_ids["kidney_no_plan"] == rows.loc["kidney_no_plan", "source_ids"]
    cited = BOOK.cite("self_serve_min_age", "no_plan_under_age", "unknown_rule")
    expected = list(
        dict.fromkeys(
            rows.loc["self_serve_min_age", "source_ids"].split(";")
            + rows.loc["no_plan_under_age", "source_ids"].split(";")
        )
    )
    assert cited == ";".join(expected)
    blank = DATA.safety_rules.copy()
    blank.loc[blank["rule_id"] == "b6_min_age", "value"] = float("nan")
    with pytest.raises(KeyError, match="b6_min_age"):
        safe.rule_book(blank)


# ------------------------------------------------------------ a reference set whose limit is above the hard maximum

HARD = BOOK.hard_max_mg


def test_a_limit_above_the_hard_maximum_is_capped_and_cannot_be_lifted():
    result = screen(45, ul=400.0, ul_words="guidance level", above_ul_confirmed=True)
    assert not result.can_confirm_above_ul and not result.above_ul_allowed
    assert result.limit_mg == HARD
    assert (
        result.ceiling_words == f"the largest daily dose by mouth in the trials this app cites ({HARD:g} mg)"
    )
    assert not safe.asks_above_ul(result, [1000])


def test_a_limit_at_the_hard_maximum_cannot_be_lifted_and_is_the_persons_own():
    result = screen(45, ul=HARD, above_ul_confirmed=True)
    assert not result.can_confirm_above_ul and result.limit_mg == HARD
    assert result.ceiling_words == "your upper limit for magnesium from supplements and medicines"
    below = screen(45, ul=HARD - 1, above_ul_confirmed=True)
    assert below.can_confirm_above_ul and below.above_ul_allowed and below.limit_mg == HARD


def test_ceiling_words_name_what_sets_the_limit():
    assert screen(45).ceiling_words == "your upper limit for magnesium from supplements and medicines"
    lifted = screen(45, above_ul_confirmed=True)
    assert (
        lifted.ceiling_words == f"the largest daily dose by mouth in the trials this app cites ({HARD:g} mg)"
    )
    worded = screen(45, ul_words="guidance level")
    assert worded.ceiling_words == "your guidance level for magnesium from supplements and medicines"


def test_limit_words_reach_every_note():
    child = screen(ADULT - 1, ul=300.0, ul_words="guidance level")
    assert "stays within the guidance level of 300 mg a day for this age." in child.notes[0].text
    none = screen(ADULT - 1, ul=None)
    assert "set no upper limit for this age, so this app makes no plan" in none.notes[0].text
    some = screen(other_sources=("x",), other_mg=100, ul=300.0, ul_words="guidance level")
    info = next(n for n in some.notes if n.rule_id == "other_sources_count")
    assert "schedules at most 200 mg a day to stay within the guidance level of 300 mg a day." in info.text
    stage = screen(30, "pregnancy", ul=300.0, ul_words="guidance level", stage_dose_confirmed=True)
    warning = next(n for n in stage.notes if n.rule_id == "stage_clinician_dose")
    assert (
        "the plan never goes above the guidance level of 300 mg a day for supplemental magnesium."
        in warning.text
    )


def test_other_products_at_the_limit_name_the_limit_in_plain_words():
    # Was a real bug found by this suite: "at or above your upper the upper limit of 350 mg a day".
    full = screen(other_sources=("x",), other_mg=400, ul=300.0, ul_words="guidance level")
    assert "at or above the guidance level of 300 mg a day for magnesium" in full.notes[0].text
    assert "your upper the" not in screen(other_sources=("x",), other_mg=ADULT_UL).notes[0].text


# ------------------------------------------------------------ the rule book, read inside the test


def test_rule_book_reads_the_csv_as_csv_reads_it():
    # BOOK above is built when the module loads; this builds it again inside the test and
    # compares every field with the file read by the csv module.
    with (ROOT / "data" / "safety_rules.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["rule_id"]: r for r in csv.DictReader(handle)}
    book = safe.rule_book(DATA.safety_rules)
    assert book == safe.RuleBook(
        no_plan_under_age=int(rows["no_plan_under_age"]["value"]),
        self_serve_min_age=int(rows["self_serve_min_age"]["value"]),
        hard_max_mg=float(rows["hard_max_mg"]["value"]),
        max_units_per_day=int(rows["max_units_per_day"]["value"]),
        b6_min_age=int(rows["b6_min_age"]["value"]),
        b6_ul_us_adult_mg=float(rows["b6_ul_us_adult_mg"]["value"]),
        b6_ul_eu_adult_mg=float(rows["b6_ul_eu_adult_mg"]["value"]),
        b6_advice_uk_mg=float(rows["b6_advice_uk_mg"]["value"]),
        whole_nuts_min_age=int(rows["whole_nuts_min_age"]["value"]),
        bisphosphonate_alone_h=float(rows["bisphosphonate_alone_h"]["value"]),
        kidney_check_prompt_age=int(rows["kidney_check_prompt_age"]["value"]),
        kidney_normal_egfr_min=int(rows["kidney_normal_egfr_min"]["value"]),
        source_ids={k: r["source_ids"] for k, r in rows.items()},
    )
    assert isinstance(book.no_plan_under_age, int) and isinstance(book.hard_max_mg, float)


def test_rule_book_names_every_missing_or_empty_rule():
    table = DATA.safety_rules[~DATA.safety_rules["rule_id"].isin(["b6_min_age", "hard_max_mg"])]
    with pytest.raises(KeyError, match="lacks a value for hard_max_mg, b6_min_age"):
        safe.rule_book(table)
    empty = DATA.safety_rules.copy()
    empty.loc[empty["rule_id"] == "max_units_per_day", "value"] = float("nan")
    with pytest.raises(KeyError, match=r"lacks a value for max_units_per_day'$"):
        safe.rule_book(empty)


# ------------------------------------------------------------ the label notes, word for word

LABEL_TAIL = (
    "label was misread. A US Supplement Facts panel lists the elemental magnesium per serving "
    "('Magnesium … mg (as …)'); an EU label gives the magnesium per daily dose in mg."
)


def test_label_notes_word_for_word():
    unknown = safe.label_problem(0, 250, False, "Tablet", "elemental", BOOK)
    assert unknown == safe.Note(
        "warning",
        "**Check the label:** the elemental magnesium per unit is unknown for this form; enter the "
        "label's magnesium amount.",
        BOOK.cite("max_units_per_day"),
        "max_units_per_day",
    )
    grams = safe.label_problem(10, 250, False, "Tablet", "elemental", BOOK)
    assert grams == safe.Note(
        "error",
        "**Check the label before taking this.** Reading it as entered, the plan would need about 25 "
        f"tablets a day, more than {BOOK.max_units_per_day} — that almost always means the " + LABEL_TAIL
        + " If the label gives grams (g), 1 g = 1,000 mg.",
        BOOK.cite("max_units_per_day"),
        "max_units_per_day",
    )  # fmt: skip
    compound = safe.label_problem(10, 250, True, "Capsule", "compound", BOOK)
    assert compound is not None
    assert compound.text.endswith(
        LABEL_TAIL + " You chose **compound weight**: most labels state the magnesium itself. If yours says "
        "'Magnesium 120 mg (as magnesium glycinate)', that 120 mg is elemental — choose "
        "**Elemental magnesium**."
    )
    assert "about 25 capsules a day" in compound.text


def test_a_small_positive_amount_still_counts():
    # 0.5 mg of 0.01 mg units is 50 units a day: stopped (a threshold of 1 mg would wave it through).
    note = safe.label_problem(0.01, 0.5, False, "Tablet", "elemental", BOOK)
    assert note is not None and "about 50 tablets a day" in note.text


# ------------------------------------------------------------ the screen's notes, word for word


def N(level: str, text: str, sources: str = "", rule: str = "") -> safe.Note:
    return safe.Note(level, text, sources, rule)


def test_screen_notes_for_a_small_child_and_a_teenager_word_for_word():
    assert screen(SMALL - 1, ul=65.0).notes == (
        N(
            "error",
            f"**No plan under {SMALL}.** Magnesium supplements for a young child only on a doctor's advice and "
            "at the dose they give. Food first: the Diet page shows how much magnesium the child's food gives.",
            BOOK.cite("no_plan_under_age"),
            "no_plan_under_age",
        ),
    )
    assert screen(ADULT - 1).notes == (
        N(
            "error",
            f"**Under {ADULT}: food first, no dosing schedule.** The guidance's doses were written for adults. "
            "Check the Diet page for how much magnesium food already gives, and ask a doctor before giving a "
            "supplement. If a doctor has advised a dose, confirm it below and the plan stays within the upper "
            f"limit of {ADULT_UL:g} mg a day for this age.",
            BOOK.cite("self_serve_min_age"),
            "self_serve_min_age",
        ),
    )
    assert screen(ADULT - 1, child_dose_confirmed=True).notes == (
        N(
            "warning",
            f"**Under {ADULT}, on a doctor's advice:** the plan never goes above the upper limit of "
            f"{ADULT_UL:g} mg a day of supplemental magnesium for this age.",
            BOOK.cite("self_serve_min_age", "ul_supplemental_cap"),
            "self_serve_min_age",
        ),
    )


def test_screen_stop_notes_word_for_word():
    kidney_text, kidney_sources = CLAIMS["ods-kidney-toxicity"]
    assert screen(kidney_disease=True).notes == (
        N(
            "error",
            "**No plan: see a clinician first.** With kidney disease the body cannot clear extra magnesium, "
            "so a supplement can build up to harmful levels. " + kidney_text,
            once(BOOK.cite("kidney_no_plan"), kidney_sources),
            "kidney_no_plan",
        ),
    )
    assert screen(30, ul=None).notes == (
        N(
            "error",
            "**No plan:** the chosen reference values give no upper limit for supplemental magnesium for "
            "you (none is set, or none could be verified, for your age), so supplements should only be "
            "given on a clinician's advice.",
            once(BOOK.cite("ul_supplemental_cap"), "ods-mg-hp"),
            "ul_supplemental_cap",
        ),
    )
    assert screen(other_sources=("Laxative (x)", "Multivitamin"), other_mg=0).notes == (
        N(
            "error",
            "**Enter the magnesium in your other products first.** You take laxative, multivitamin: their "
            "magnesium counts against the same upper limit. Find 'magnesium' on each label (mg per dose × "
            "doses a day) and enter the total. A product whose label lists no magnesium does not count against "
            "this limit: take it off the list of other products, and ask a pharmacist how far apart to take it "
            "from your medicines.",
            BOOK.cite("other_sources_count"),
            "other_sources_count",
        ),
    )
    info = screen(other_sources=("x",), other_mg=50).notes
    assert info == (
        N(
            "info",
            "Your other products give up to 50 mg a day; the plan counts them every day, so it schedules at most 300 mg a "
            f"day to stay within the upper limit of {ADULT_UL:g} mg a day.",
            BOOK.cite("other_sources_count"),
            "other_sources_count",
        ),
    )


def test_life_stage_and_statin_notes_word_for_word():
    text, sources = CLAIMS["cochrane-2020-pregnancy"]
    gap = "The cramp trials cited in this app were in pregnancy, not while breastfeeding. "
    assert screen(30, "lactation").notes == (
        N(
            "error",
            "**While breastfeeding: no self-serve schedule.** Take magnesium for cramps only on your midwife's "
            "or doctor's advice: they will want to rule out other causes (pain or swelling in one calf or leg "
            "needs your midwife, GP or maternity unit straight away) and the trials are few. If your midwife "
            "or doctor has advised a dose, "
            f"confirm it below: the plan then uses that dose, within the upper limit of {ADULT_UL:g} mg a day, "
            "and never steps up by itself. " + gap + text,
            ";".join(s for s in (BOOK.cite("stage_clinician_dose"), sources) if s),
            "stage_clinician_dose",
        ),
    )
    assert screen(30, "lactation", stage_dose_confirmed=True).notes == (
        N(
            "warning",
            "**While breastfeeding, on your midwife's or doctor's advice:** the plan never goes above the "
            f"upper limit of {ADULT_UL:g} mg a day for supplemental magnesium. Change the dose only with the "
            "midwife or doctor who advised it. " + gap + text,
            ";".join(s for s in ("ods-mg-hp", sources, BOOK.cite("stage_clinician_dose")) if s),
            "stage_clinician_dose",
        ),
    )
    # A pregnant child takes the child's path; once her dose is confirmed, her stage note says it is
    # the midwife's or doctor's (not "check first"), with its own sources.
    child = screen(17, "pregnancy", child_dose_confirmed=True).notes
    (advised,) = [n for n in child if n.rule_id == "clinician_above_ul"]
    assert advised.text.startswith(
        "**While pregnant, on your midwife's or doctor's advice:** the plan never goes above the upper limit of "
        f"{ADULT_UL:g} mg a day for supplemental magnesium. Change the dose only with the midwife or doctor who "
        "advised it. "
    )
    assert advised.source_ids == ";".join(s for s in ("ods-mg-hp", sources) if s)
    assert not any(n.rule_id == "stage_clinician_dose" for n in child)
    # Before she confirms it: check first, and the child's stop names the midwife or doctor.
    unconfirmed = screen(17, "pregnancy").notes
    (plain,) = [n for n in unconfirmed if n.rule_id == "clinician_above_ul"]
    assert plain.text.startswith("**While pregnant:** the plan never goes above")
    assert "Check any supplement with your midwife or doctor first." in plain.text
    (stop,) = [n for n in unconfirmed if n.rule_id == "self_serve_min_age"]
    assert (
        "ask a midwife or doctor before giving a supplement. If a midwife or doctor has advised a dose"
        in stop.text
    )
    statin_text, statin_sources = CLAIMS["brief-statin-considerations"]
    assert screen(statin=True, prescriber_agreed=True).notes == (
        N(
            "warning",
            "**Taking a statin:** muscle pain, tenderness or weakness you can't explain, or dark urine: "
            "contact your doctor straight away (see the red flags). Cramps that began or got worse after you "
            "started the statin or took a higher dose: ask the doctor who prescribes it before trying "
            "magnesium (a blood test, CK, can tell); cramps you had before the statin, unchanged since, are "
            "less likely to come from it. If it is rosuvastatin (Crestor), also pick it under Medicines: it "
            "needs spacing. "
            + (statin_text or "Muscle symptoms can come from the statin itself; talk to your prescriber."),
            "label-crestor;jarvis-statin-cramp;thompson-2010-stomp;" + statin_sources,
        ),
    )
    bare = safe.screen(
        safe.Answers(age_years=45, life_stage="general", statin=True),
        ul_mg=ADULT_UL,
        ul_source_ids="",
        rules=BOOK,
        evidence={},
    )
    assert bare.notes[0].text.endswith(
        "it needs spacing. Muscle symptoms can come from the statin itself; talk to your prescriber."
    )
    rosuvastatin = next(r for r in RULES if "rosuvastatin" in r.drug_class.lower())
    named = next(n for n in screen(statin=True, medicines=(rosuvastatin,)).notes if "statin:**" in n.text)
    assert "unchanged since, are less likely to come from it. " + statin_text in named.text
    assert "Crestor" not in named.text
    # Without the brief's claim, the rule's own sources still stand (statin_cramps_flag).
    assert bare.notes[0].source_ids == BOOK.cite("statin_cramps_flag") != ""


def test_no_limit_words_when_the_set_has_none():
    """With no limit in the chosen set, the notes say there is no plan (not "never above no limit")."""
    note = screen(ADULT - 1, ul=None, ul_words="guidance level", child_dose_confirmed=True).notes[0]
    assert note.text == (
        f"**Under {ADULT}, on a doctor's advice:** the chosen reference values set no upper limit for "
        "this age, so this app makes no plan: ask the doctor for a written plan."
    )
    text, _ = CLAIMS["cochrane-2020-pregnancy"]
    for stage, word in (("lactation", "breastfeeding"), ("pregnancy", "pregnant")):
        result = screen(55, stage, ul=None)
        assert not result.plan_allowed
        stop, stage_note = result.notes
        assert stop.text == (
            "**No plan:** the chosen reference values give no upper limit for supplemental magnesium for "
            "you (none is set, or none could be verified, for your age or while pregnant or "
            "breastfeeding), so supplements should only be given on a clinician's advice."
        )
        gap = (
            "The cramp trials cited in this app were in pregnancy, not while breastfeeding. "
            if stage == "lactation"
            else ""
        )
        assert stage_note.text == (
            f"**While {word}:** the chosen reference values give no verified upper limit for supplemental "
            "magnesium, so this app makes no plan. Check any supplement with your midwife or doctor "
            "first. " + gap + text
        )


def test_no_request_asks_nothing_and_other_products_alone_can_pass_the_hard_maximum():
    near = screen(other_sources=("x",), other_mg=ADULT_UL - 0.5)
    assert not safe.asks_above_ul(near, [])
    # The confirmation is recorded even when the other products already stop the plan; with
    # nothing requested, the other products alone are the request.
    over = screen(other_sources=("x",), other_mg=400, above_ul_confirmed=True)
    assert over.above_ul_allowed and not over.plan_allowed
    note = safe.requested_problem(over, [], BOOK)
    assert note is not None
    assert note.text == (
        f"**No plan above {HARD:g} mg a day,** even on a clinician's advice: that is the largest daily dose "
        "by mouth in the trials this app cites (your request: 400 mg a day, counting 400 mg from your other "
        "products). A dose this high needs your clinician's own written plan."
    )
    assert safe.requested_problem(screen(above_ul_confirmed=True), [], BOOK) is None


@pytest.mark.parametrize(
    ("unit_mg", "highest", "words"),
    [
        (0.001, 1000, "an absurd number of"),
        (0.001, 999.999, "about 999999"),
        (1e-300, 250, "an absurd number of"),
    ],
)
def test_the_count_is_written_out_below_a_million(unit_mg, highest, words):
    note = safe.label_problem(unit_mg, highest, False, "Tablet", "elemental", BOOK)
    assert note is not None and f"the plan would need {words} tablets a day" in note.text


def test_a_count_within_a_billionth_of_nine_is_read_as_nine():
    # The label check rounds the count to 9 decimals before flooring (like units_within's first
    # step), so 8.9999999997 units a day is read as 9: stopped.
    note = safe.label_problem(50, 50 * 8.9999999997, False, "Tablet", "elemental", BOOK)
    assert note is not None and "about 9 tablets a day" in note.text


def test_other_products_are_spaced_from_timed_medicines_too():
    timed = [r for r in RULES if r.kind == "timing"][:2]
    effect = next(r for r in RULES if r.kind not in {"timing", "avoid"})
    result = screen(other_sources=("x",), other_mg=50, medicines=(*timed, effect))
    note = next(n for n in result.notes if n.text.startswith("**Your other products hold magnesium too:**"))
    assert note == safe.Note(
        "warning",
        "**Your other products hold magnesium too:** keep them the same hours away from "
        + ", ".join(r.drug_class.lower() for r in timed)
        + " as this plan keeps your magnesium supplement (most of these medicines' labels were written "
        "about antacids). A product that holds one of these medicines itself, such as a multivitamin with "
        "iron, cannot be kept apart from itself: ask your pharmacist how to take it.",
        BOOK.cite("other_sources_count"),
        "other_sources_count",
    )
    assert not any("hold magnesium too" in n.text for n in screen(medicines=tuple(timed)).notes)
    only_effect = screen(other_sources=("x",), other_mg=50, medicines=(effect,))
    assert not any("hold magnesium too" in n.text for n in only_effect.notes)


def test_converter_limit_words_name_what_sets_the_limit():
    """Review, 2026-12-04: with the UK's 400 mg guidance level the converter stops at the hard
    maximum (366 mg) and called it "your upper limit"."""
    assert safe.converter_limit_words(ADULT_UL, "upper limit", BOOK) == (
        "your upper limit for magnesium from supplements"
    )
    assert (
        safe.converter_limit_words(HARD, "upper limit", BOOK)
        == "your upper limit for magnesium from supplements"
    )
    assert safe.converter_limit_words(HARD + 0.5, "guidance level", BOOK) == (
        f"the largest daily dose by mouth in the trials this app cites, below the guidance level of {HARD + 0.5:g} mg a day"
    )
    assert safe.converter_limit_words(400.0, "guidance level", BOOK) == (
        "the largest daily dose by mouth in the trials this app cites, below the guidance level of 400 mg a day"
    )


def test_converter_ceiling_waits_for_the_prescriber_after_the_kidneys_and_the_age():
    """Pharmacist review (2026-12-06): the converter counted while the Dose plan page waited for the
    thiazide's prescriber. The kidney, age and stage reasons come first; an empty list counts."""
    names = ("thiazide diuretics", "digoxin")
    assert safe.converter_ceiling(
        ADULT, "general", ADULT_UL, BOOK, kidney_disease=False, prescriber_names=names
    ) == (
        None,
        "The converter counts no tablets while the Dose plan page waits for the doctor or doctors who prescribe "
        "your thiazide diuretics and digoxin to agree to magnesium: take no magnesium supplement until they agree.",
    )
    first = safe.converter_ceiling(
        ADULT, "general", ADULT_UL, BOOK, kidney_disease=True, prescriber_names=names
    )
    assert first == (None, safe.KIDNEY_CONVERTER_WORDS)
    older = safe.converter_ceiling(
        80, "general", ADULT_UL, BOOK, kidney_disease=False, prescriber_names=names
    )
    assert older[1] is not None and older[1].startswith("From 75")
    none = safe.converter_ceiling(ADULT, "general", ADULT_UL, BOOK, kidney_disease=False, prescriber_names=())
    assert none == safe.converter_ceiling(ADULT, "general", ADULT_UL, BOOK, kidney_disease=False)
    assert none[0] is not None


def test_converter_ceiling_word_for_word():
    assert safe.converter_ceiling(ADULT - 1, "general", ADULT_UL, BOOK, kidney_disease=False) == (
        None,
        f"Under {ADULT} the converter counts no tablets: a child's or teenager's dose comes from a doctor "
        "(see the Dose plan page).",
    )
    assert safe.converter_ceiling(ADULT, "general", None, BOOK, kidney_disease=False) == (
        None,
        "The chosen reference values set no verified upper limit for this profile, so the converter counts no "
        "tablets (see the Dose plan page).",
    )
    assert safe.converter_ceiling(ADULT, "general", ADULT_UL, BOOK, kidney_disease=False) == (ADULT_UL, None)
    old = BOOK.kidney_check_prompt_age
    assert safe.converter_ceiling(old - 1, "general", ADULT_UL, BOOK, kidney_disease=False) == (
        ADULT_UL,
        None,
    )
    assert safe.converter_ceiling(old, "general", None, BOOK, kidney_disease=False) == (
        None,
        "From 75 the converter counts no tablets: about 1 in 2 people over 75 have reduced kidney function, "
        "which cannot clear extra magnesium and often has no symptoms. The Dose plan page counts them once you "
        "confirm that a recent kidney blood test showed an eGFR of 60 or more.",
    )
    assert safe.converter_ceiling(ADULT, "general", 400.0, BOOK, kidney_disease=False) == (HARD, None)
    stage_words = (
        None,
        "During pregnancy or breastfeeding the converter counts no tablets: the dose comes from your midwife "
        "or doctor (see the Dose plan page).",
    )
    assert safe.converter_ceiling(ADULT, "pregnancy", ADULT_UL, BOOK, kidney_disease=False) == stage_words
    assert safe.converter_ceiling(ADULT, "lactation", None, BOOK, kidney_disease=False) == stage_words
    assert safe.converter_ceiling(ADULT, "general", ADULT_UL, BOOK, kidney_disease=True) == (
        None,
        "You said on the Dose plan page that you have kidney disease or reduced kidney function, or that you "
        "are not sure how well your kidneys work, so the converter counts no tablets: kidneys that do not "
        "work well cannot clear extra magnesium, and only a doctor who knows your kidneys can advise a dose.",
    )


def test_half_a_milligram_from_other_products_counts_and_does_not_stop():
    result = screen(other_sources=("x",), other_mg=0.5)
    assert result.plan_allowed and result.limit_mg == ADULT_UL - 0.5
    assert [n.rule_id for n in result.notes] == ["other_sources_count"] and result.notes[0].level == "info"
    assert math.copysign(1, safe._amount(-0.0)) == 1  # never "-0 mg"


def test_other_products_at_the_limit_stop_word_for_word():
    assert screen(other_sources=("x",), other_mg=ADULT_UL).notes == (
        N(
            "error",
            f"**No plan: your other products already give {ADULT_UL:g} mg a day**, at or above the upper limit "
            f"of {ADULT_UL:g} mg a day for magnesium from supplements and medicines. Ask a pharmacist.",
            once(BOOK.cite("other_sources_count"), "ods-mg-hp"),
            "other_sources_count",
        ),
    )


def test_the_other_products_note_states_the_ceiling_the_plan_uses():
    """Pharmacist review: with the UK's 400 mg guidance level and 50 mg from an antacid the note said
    "at most 350 mg" while the plan stopped at 316 mg (the 366 mg hard maximum less 50)."""
    uk = screen(other_sources=("x",), other_mg=50, ul=400.0, ul_words="guidance level")
    (info,) = [n for n in uk.notes if n.rule_id == "other_sources_count"]
    assert uk.limit_mg == BOOK.hard_max_mg - 50 == 316
    assert info.text == (
        "Your other products give up to 50 mg a day; the plan counts them every day, so it schedules at most 316 mg a day "
        f"to stay within the largest daily dose by mouth in the trials this app cites ({BOOK.hard_max_mg:g} mg), "
        "below the guidance level of 400 mg a day."
    )
    assert info.source_ids == BOOK.cite("other_sources_count", "hard_max_mg")
    lifted = screen(other_sources=("x",), other_mg=16, above_ul_confirmed=True)
    (info,) = [n for n in lifted.notes if n.rule_id == "other_sources_count"]
    assert lifted.limit_mg == BOOK.hard_max_mg - 16
    assert info.text == (
        f"Your other products give up to 16 mg a day; the plan counts them every day, so it schedules at most "
        f"{BOOK.hard_max_mg - 16:g} mg a day to stay within the largest daily dose by mouth in the trials this app "
        f"cites ({BOOK.hard_max_mg:g} mg)."
    )
    # A limit exactly at the hard maximum is the limit itself (the cap words only above it).
    at_max = screen(other_sources=("x",), other_mg=50, ul=BOOK.hard_max_mg)
    (info,) = [n for n in at_max.notes if n.rule_id == "other_sources_count"]
    assert info.text.endswith(
        f"at most {BOOK.hard_max_mg - 50:g} mg a day to stay within the upper limit of {BOOK.hard_max_mg:g} mg a day."
    )
    us = screen(other_sources=("x",), other_mg=100)
    (info,) = [n for n in us.notes if n.rule_id == "other_sources_count"]
    assert us.limit_mg == ADULT_UL - 100
    assert info.text.endswith(
        f"at most {ADULT_UL - 100:g} mg a day to stay within the upper limit of {ADULT_UL:g} mg a day."
    )
    assert info.source_ids == BOOK.cite("other_sources_count")


@dataclass(frozen=True)
class FakeMed:
    """A made-up interactions.csv row (safety.MedicineLike) for word-for-word tests of the prescriber rules."""

    drug_class: str
    source_ids: str
    kind: str = "timing"
    advice: str = "Ask first."
    prescriber_tests: str = "sodium;zinc"
    prescriber_why: str = "they matter"
    reminder: str = ""
    kidney_test: bool = False


def test_the_prescriber_stop_cites_the_rule_then_each_medicines_sources_once():
    """Rule doctor_medicine_confirm: its own sources, then every source of the medicines it names,
    in order and each once."""
    result = screen(
        medicines=(FakeMed("Water pills", "x;y", kind="doctor"), FakeMed("Acid pills", "y;z", kind="doctor"))
    )
    (stop,) = [n for n in result.notes if n.rule_id == "doctor_medicine_confirm"]
    assert stop.source_ids == BOOK.cite("doctor_medicine_confirm") + ";x;y;z"
    assert "You take water pills and acid pills, which" in stop.text


def test_kidney_disease_asks_no_prescriber_question():
    """With kidney disease no plan is made whatever a prescriber agreed, and the page does not ask:
    no stop may say "confirm it below" (the statin's and the medicines' prescriber rules)."""
    loop = next(r for r in RULES if r.kind == "doctor")
    for agreed in (False, True):
        result = screen(kidney_disease=True, statin=True, medicines=(loop,), prescriber_agreed=agreed)
        assert not result.plan_allowed
        assert rule_ids(result, "error") == ["kidney_no_plan"]
        assert not [n for n in result.notes if "confirm it below" in n.text]
    assert "statin_prescriber_confirm" in rule_ids(screen(statin=True, medicines=(loop,)), "error")
    assert "doctor_medicine_confirm" in rule_ids(screen(statin=True, medicines=(loop,)), "error")


def test_a_statin_among_the_medicines_counts_as_a_statin():
    rosuvastatin = next(r for r in RULES if "rosuvastatin" in r.drug_class.lower())
    assert "statin" in rosuvastatin.drug_class and rosuvastatin.drug_class != rosuvastatin.drug_class.lower()
    assert safe.takes_statin(False, (rosuvastatin,)) is True
    assert safe.takes_statin(True, ()) is True
    assert safe.takes_statin(False, ()) is False
    others = tuple(r for r in RULES if "statin" not in r.drug_class.lower())
    assert safe.takes_statin(False, others) is False
    stop = screen(medicines=(rosuvastatin,))
    assert "statin_prescriber_confirm" in rule_ids(stop, "error")


def test_the_journal_limit_at_exactly_the_hard_maximum_and_for_a_default_adult():
    hard = BOOK.hard_max_mg
    at = safe.journal_dose_limit(
        plan_limit_mg=None,
        plan_words="",
        set_limits=[("US", hard, "upper limit")],
        profile_known=True,
        rules=BOOK,
    )
    assert at == safe.DoseCheck(hard, "above your US upper limit for magnesium from supplements")
    default_uk = safe.journal_dose_limit(
        plan_limit_mg=None,
        plan_words="",
        set_limits=[("UK", 400.0, "guidance level")],
        profile_known=False,
        rules=BOOK,
    )
    assert default_uk.words == (
        "above the largest daily dose by mouth in the trials this app cites, below the UK guidance level (400 mg a day)"
    )


def test_above_hard_max_note_word_for_word():
    plain = screen()
    assert safe.above_hard_max_note(plain, [HARD], BOOK) is None  # at the hard maximum: the tick
    assert safe.above_hard_max_note(plain, [ADULT_UL], BOOK) is None  # not above the UL: nothing
    assert safe.above_hard_max_note(screen(age=ADULT - 1), [1000], BOOK) is None  # no tick to explain
    note = safe.above_hard_max_note(plain, [100, HARD + 1], BOOK)
    assert note == safe.Note(
        "info",
        f"**No higher plan on a clinician's advice either:** {HARD + 1:g} mg a day is above {HARD:g} mg a "
        "day, the largest daily dose by mouth in the trials this app cites. Any plan this page makes stays within "
        "your upper limit; a dose this high needs your clinician's own written plan. If your clinician advised "
        f"a dose of up to {HARD:g} mg a day in all, enter that dose to be asked to confirm it.",
        BOOK.cite("hard_max_mg", "clinician_above_ul"),
        "hard_max_mg",
    )
    with_other = safe.above_hard_max_note(screen(other_sources=("x",), other_mg=50), [HARD - 49], BOOK)
    assert with_other is not None and with_other.text.startswith(
        f"**No higher plan on a clinician's advice either:** {HARD + 1:g} mg a day (counting 50 mg from your "
        f"other products) is above {HARD:g} mg a day,"
    )
    assert safe.above_hard_max_note(screen(other_sources=("x",), other_mg=50), [HARD - 50], BOOK) is None


def test_above_hard_max_note_with_no_request_counts_the_other_products_alone():
    """An empty request (no plan weeks) with other products above the hard maximum: the day is the
    other products' alone (mutation survivors: the ``max`` default of 0 mg)."""
    many = screen(other_sources=("x",), other_mg=HARD + 1)
    note = safe.above_hard_max_note(many, [], BOOK)
    assert note is not None and note.text.startswith(
        f"**No higher plan on a clinician's advice either:** {HARD + 1:g} mg a day (counting {HARD + 1:g} mg "
        "from your other products)"
    )


def test_a_prescriber_asked_for_a_non_doctor_medicine_word_for_word():
    """Rule digoxin_prescriber_confirm with made-up medicines whose sources share nothing with the
    rule's (mutation testing, 2026-12-05: with the real digoxin row, its sources already held the
    rule's, and only one such medicine exists, so the join and the citation went unchecked)."""
    Med = FakeMed
    rule = BOOK.cite("digoxin_prescriber_confirm")
    assert rule and not {"p", "q", "r"} & set(rule.split(";"))
    # Two such medicines, no doctor-kind one: its own stop, both named, the question once.
    result = screen(medicines=(Med("Heart pills", "p"), Med("Other pills", "q")))
    (stop,) = [n for n in result.notes if n.level == "error"]
    assert (stop.rule_id, stop.source_ids) == ("digoxin_prescriber_confirm", f"{rule};p;q")
    assert stop.text.startswith(
        "**No plan until your doctor agrees.** You take heart pills and other pills. Ask the doctor or "
        "doctors who prescribe your heart pills and other pills whether magnesium is right for you, and whether a blood test should come "
        "first: of your sodium and zinc, since they matter. If they agree"
    )
    # Each is a warning citing its own sources, then the rule's.
    warned = [n for n in result.notes if n.level == "warning"]
    assert [(n.rule_id, n.source_ids) for n in warned] == [
        ("digoxin_prescriber_confirm", f"p;{rule}"),
        ("digoxin_prescriber_confirm", f"q;{rule}"),
    ]
    # With a doctor-kind medicine: that rule's stop, citing the digoxin rule too.
    mixed = screen(medicines=(Med("Water pills", "r", kind="doctor"), Med("Heart pills", "p")))
    (both,) = [n for n in mixed.notes if n.level == "error"]
    assert both.rule_id == "doctor_medicine_confirm"
    assert both.source_ids == ";".join(
        dict.fromkeys([*BOOK.cite("doctor_medicine_confirm").split(";"), "r", "p", *rule.split(";")])
    )
    # A doctor-kind medicine asks its prescriber even with no question in its row.
    no_tests = Med("Water pills", "r", kind="doctor", prescriber_tests="", prescriber_why="")
    assert safe.prescriber_medicines([no_tests])
    assert not safe.prescriber_medicines([Med("Plain", "r", prescriber_tests="")])
    # Then the stop asks no blood-test question at all.
    (bare,) = [n for n in screen(medicines=(no_tests,)).notes if n.level == "error"]
    assert "whether magnesium is right for you. If they agree" in bare.text
    # The blood tests: doctor-kind first, each test and reason once, in order; none → ''.
    assert (
        safe.blood_test_question([])
        == safe.blood_test_question([Med("Plain", "r", prescriber_tests="")])
        == ""
    )
    assert (
        safe.blood_test_question(
            [
                Med("Heart pills", "p", prescriber_tests="zinc; copper", prescriber_why="b"),
                Med("Water pills", "r", kind="doctor", prescriber_tests="sodium;zinc", prescriber_why="a"),
                Med("Other pills", "q", prescriber_tests="iron", prescriber_why="b"),
            ]
        )
        == "whether a blood test should come first: of your sodium, zinc, copper and iron, since a, and b"
    )
    assert (
        safe.blood_test_question([Med("Heart pills", "p", prescriber_why="")])
        == "whether a blood test should come first: of your sodium and zinc"
    )
    # An avoid-kind medicine is no plan, never a "before you start" warning.
    avoid = screen(medicines=(Med("Never pills", "p", kind="avoid"),))
    assert not [n for n in avoid.notes if n.level == "warning"]


def test_whose_agreement_in_words_with_one_two_and_three_medicines():
    """Adversarial review (2026-12-05): "the doctor who prescribes your digoxin (heart medicine) and loop
    diuretics and statin" assumed one doctor and joined with "and … and"."""
    assert safe.prescriber_words([]) == ""
    assert safe.prescriber_words(["statin"]) == "the doctor who prescribes your statin"
    assert safe.prescriber_words(["a", "b"]) == "the doctor or doctors who prescribe your a and b"
    assert (
        safe.prescriber_words(["a", "b", "c"], whose="my")
        == "the doctor or doctors who prescribe my a, b and c"
    )
    assert (
        safe.prescriber_tick_label(["statin"])
        == "The doctor who prescribes my statin has agreed I can take magnesium"
    )
    assert (
        safe.prescriber_tick_label(["a", "b"])
        == "Each doctor who prescribes my a and b has agreed I can take magnesium"
    )
    assert (
        safe.prescriber_tick_label(["a", "b", "c"])
        == "Each doctor who prescribes my a, b and c has agreed I can take magnesium"
    )


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({}, True),
        ({"kidney_disease": True}, False),
        ({"kidney_unsure": True}, False),
        ({"age_years": BOOK.kidney_check_prompt_age - 1}, True),
        ({"age_years": BOOK.kidney_check_prompt_age}, False),
        ({"age_years": BOOK.kidney_check_prompt_age, "kidney_test_normal": True}, True),
        ({"avoid": True}, False),
        ({"no_limit": True}, False),
        # No plan under 4 whatever anyone agrees (adversarial review, 2026-12-05: at 3 the tick was asked).
        ({"age_years": BOOK.no_plan_under_age - 1, "child_dose_confirmed": True}, False),
        ({"age_years": BOOK.no_plan_under_age, "child_dose_confirmed": True}, True),
    ],
)
def test_the_prescriber_is_asked_only_where_their_agreement_could_bring_a_plan(answers, asked):
    """Adversarial review (2026-12-05): at 78 with no kidney answer, and with raltegravir beside digoxin,
    the stop said "confirm it below" beside no tick, or a tick that could bring no plan."""
    digoxin = next(r for r in RULES if r.class_id == "digoxin")
    avoid = next(r for r in RULES if r.kind == "avoid")
    values = {"age_years": 45, **answers}
    medicines = (digoxin, avoid) if values.pop("avoid", False) else (digoxin,)
    # No upper limit in the chosen values (the UK in pregnancy): no plan whatever they agree (GP review,
    # 2026-12-05: the red box and tick were shown, and ticking brought no plan).
    ul = None if values.pop("no_limit", False) else ADULT_UL
    full = safe.Answers(life_stage="general", medicines=medicines, **values)
    assert safe.prescriber_can_help(full, BOOK, ul) is asked
    result = safe.screen(full, ul_mg=ul, ul_source_ids="", rules=BOOK, evidence=CLAIMS)
    stops = [n.rule_id for n in result.notes if n.level == "error"]
    assert ("digoxin_prescriber_confirm" in stops) is asked


def test_each_stop_cites_its_evidence_and_limit_sources_even_when_distinct():
    """Mutation testing (2026-12-05): once a stop cited each id once, dropping the evidence's or the
    limit's sources went unseen, as the real ones were already among the rule's. Here they are ids
    no rule cites."""
    evidence = {key: (text, f"zz-{key}") for key, (text, _ids) in CLAIMS.items()}

    def ids(age=45, ul=ADULT_UL, **answers):
        result = safe.screen(
            safe.Answers(age_years=age, life_stage="general", **answers),
            ul_mg=ul,
            ul_source_ids="zz-limit",
            rules=BOOK,
            evidence=evidence,
        )
        return {n.rule_id: n.source_ids.split(";") for n in result.notes if n.level == "error"}

    assert "zz-ods-kidney-toxicity" in ids(kidney_disease=True)["kidney_no_plan"]
    assert "zz-ods-kidney-toxicity" in ids(kidney_unsure=True)["kidney_unsure_no_plan"]
    assert "zz-limit" in ids(ul=None)["ul_supplemental_cap"]
    assert "zz-limit" in ids(other_sources=("Antacid",), other_mg=ADULT_UL)["other_sources_count"]


def test_the_step_up_tick_names_no_more_than_a_plan_could_give():
    """GP review (2026-12-05): with UK values the prescriber's step-up tick asked them to agree to "up
    to 400 mg a day" (the "step up to" value) while no plan gives more than the hard maximum (366 mg)
    and this one said 350. The figure is the target, capped at the plan's ceiling: the limit, or where
    a clinician's advice can lift it, the hard maximum less other products."""
    hard = BOOK.hard_max_mg
    us = screen(statin=True, prescriber_agreed=True)  # limit 350, a clinician's advice can lift it
    assert us.can_confirm_above_ul and us.limit_mg == ADULT_UL
    assert safe.step_agreement_mg(us, 400, BOOK) == hard
    assert safe.step_agreement_mg(us, 300, BOOK) == 300
    assert safe.step_agreement_mg(us, -5, BOOK) == 0
    other = screen(statin=True, prescriber_agreed=True, other_sources=("Antacid",), other_mg=100)
    assert safe.step_agreement_mg(other, 400, BOOK) == hard - 100
    # No lift possible (under 18 here): the limit itself.
    child = screen(age=16, statin=True, prescriber_agreed=True, child_dose_confirmed=True)
    assert not child.can_confirm_above_ul and child.limit_mg is not None
    assert safe.step_agreement_mg(child, 1000, BOOK) == child.limit_mg
    # A limit above the hard maximum (the UK's 400 mg) is capped by it already.
    uk = screen(statin=True, prescriber_agreed=True, ul=400.0)
    assert safe.step_agreement_mg(uk, 400, BOOK) == hard
    # No plan: nothing to agree to.
    none = screen(kidney_disease=True)
    assert none.limit_mg is None and safe.step_agreement_mg(none, 400, BOOK) == 0


def test_kidney_test_journal_words_word_for_word():
    assert safe.kidney_test_journal_words(80, BOOK) == (
        "though at 80 the Dose plan page makes no plan until you confirm that a recent kidney blood test showed "
        "an eGFR of 60 or more: about 1 in 2 people over 75 have reduced kidney function without knowing, and kidneys that do "
        "not work well cannot clear extra magnesium. If you have had no recent test, ask your doctor for one before taking magnesium"
    )


def test_no_trial_kidney_test_words_word_for_word():
    assert safe.no_trial_kidney_test_words(81, BOOK) == (
        "**No on/off trial yet: at 81 the Dose plan page makes no plan until you confirm that a recent kidney "
        "blood test showed an eGFR of 60 or more.** About 1 in 2 people over 75 have reduced kidney function without knowing, "
        "and kidneys that do not work well cannot clear extra magnesium. If you have had no recent test, ask your doctor for one; once "
        "the Dose plan page makes a plan, the trial's on-blocks use it."
    )


def test_kidney_risk_words_word_for_word():
    """Rules kidney_check_risk_conditions and kidney_normal_egfr_min: who NICE tests, and that an eGFR
    below the rule's number is reduced kidney function at any age (GP review, 2026-12-05)."""
    assert safe.kidney_risk_words(BOOK) == (
        "**NICE advises a kidney blood test (eGFR) for adults with diabetes, high blood pressure, heart or "
        "circulation disease (heart failure among them), kidney stones, an enlarged prostate, lupus, a past "
        "sudden kidney injury or kidney failure in the family, and a yearly one for anyone taking lithium, "
        "ciclosporin, tacrolimus or anti-inflammatory painkillers (NSAIDs) long-term.** If one of these is "
        "you, tick “not sure” unless a recent test has shown an eGFR of 60 or more. **An eGFR below 60 is "
        "reduced kidney function, at any age** (tick the first box), even if you were told it is normal for "
        "your age."
    )


def test_a_medicine_that_can_cause_cramps_is_a_warning_with_its_rule_not_a_side_note():
    """Rule medicine_cramps_flag (pharmacist review, 2026-12-06: a 79-year-old whose cramps began with
    amlodipine got a plan from tonight under a blue note): the note is a warning, headed so, citing the
    row's sources and the rule's; the plan is not held back (the red flag holds cramps that began with
    it); another medicine's plain note stays plain."""
    by_id = {r.class_id: r for r in RULES}
    ccb, levo = by_id["calcium-channel-blockers"], by_id["levothyroxine"]
    result = screen(medicines=(ccb, levo), kidney_test_normal=True)  # rule kidney_check_medicine
    assert result.plan_allowed
    [note] = [n for n in result.notes if n.rule_id == "medicine_cramps_flag"]
    assert note == safe.Note(
        "warning",
        f"**Calcium-channel blockers (blood pressure, angina): it can cause cramps itself.** {ccb.advice}",
        once(ccb.source_ids, BOOK.cite("medicine_cramps_flag")),
        "medicine_cramps_flag",
    )
    assert "app-safety-review" in note.source_ids.split(";")
    [plain] = [n for n in result.notes if n.text.startswith("**Levothyroxine")]
    assert (plain.level, plain.rule_id) == ("info", "")


CCB_CLASS = "Calcium-channel blockers (blood pressure, angina)"


def test_the_kidney_test_a_blood_pressure_medicine_waits_for_word_for_word_outside_the_dose_plan():
    """Rule kidney_check_medicine outside /schedule (pharmacist review, 2026-12-06): while that page waits
    for a kidney test's answer for a calcium-channel blocker, the journal questions every dose, /trial
    draws none and says why; from 75 the age's words are kept; with a plan, nothing waits."""
    assert safe.kidney_test_awaited(58, False, BOOK, (CCB_CLASS,))
    assert safe.kidney_test_awaited(None, False, BOOK, (CCB_CLASS,))
    assert not safe.kidney_test_awaited(58, True, BOOK, (CCB_CLASS,))
    assert not safe.kidney_test_awaited(58, False, BOOK)
    assert not safe.kidney_test_awaited(None, False, BOOK)
    assert safe.kidney_test_awaited(75, False, BOOK) and not safe.kidney_test_awaited(74, False, BOOK)
    check = safe.journal_dose_limit(
        plan_limit_mg=None, plan_words="", set_limits=[("US", 350.0, "upper limit")], profile_known=True,
        rules=BOOK, age_years=58, kidney_test_medicines=(CCB_CLASS,),
    )  # fmt: skip
    assert check == safe.DoseCheck(
        0.0,
        "though the Dose plan page makes no plan until you confirm that a recent kidney blood test showed an "
        "eGFR of 60 or more: you take calcium-channel blockers (blood pressure, angina), and NICE advises a "
        "kidney blood test for people with diabetes, high blood pressure, heart disease or an enlarged prostate, and a yearly one for anyone taking "
        "lithium or anti-inflammatory painkillers (NSAIDs) long-term; kidneys that do "
        "not work well cannot clear extra magnesium. If you have had no recent test, ask your doctor for one before taking magnesium",
        "error",
    )
    planned = safe.journal_dose_limit(
        plan_limit_mg=250.0, plan_words="its limit", set_limits=[("US", 350.0, "upper limit")],
        profile_known=True, rules=BOOK, age_years=58, kidney_test_medicines=(CCB_CLASS,),
    )  # fmt: skip
    assert planned.limit_mg == 250.0 and planned.level == "warning"
    assert safe.kidney_test_journal_words(80, BOOK, (CCB_CLASS,)) == safe.kidney_test_journal_words(80, BOOK)
    assert safe.no_trial_kidney_test_words(58, BOOK, (CCB_CLASS, "Xyz blockers (heart)")) == (
        "**No on/off trial yet: the Dose plan page makes no plan until you confirm that a recent kidney blood "
        "test showed an eGFR of 60 or more.** You take calcium-channel blockers (blood pressure, angina) and "
        "xyz blockers (heart), and NICE advises a kidney blood test for people with diabetes, high blood "
        "pressure, heart disease or an enlarged prostate, and a yearly one for anyone taking "
        "lithium or anti-inflammatory painkillers (NSAIDs) long-term; kidneys that do not work well cannot clear extra "
        "magnesium. If you have had no recent test, ask your "
        "doctor for one; once the Dose plan page makes a plan, the trial's on-blocks use it."
    )
    assert safe.no_trial_kidney_test_words(80, BOOK, (CCB_CLASS,)) == safe.no_trial_kidney_test_words(
        80, BOOK
    )
    assert safe.no_trial_kidney_test_words(None, BOOK, (CCB_CLASS,)).startswith(
        "**No on/off trial yet: the Dose"
    )
    limit, words = safe.converter_ceiling(
        58, "general", 350.0, BOOK, kidney_disease=False, kidney_test_names=(CCB_CLASS,)
    )
    assert limit is None and words == (
        "The converter counts no tablets while the Dose plan page waits for a kidney blood test: you take "
        "calcium-channel blockers (blood pressure, angina), and NICE advises a kidney blood test for people "
        "with diabetes, high blood pressure, heart disease or an enlarged prostate, and a yearly one for anyone taking "
        "lithium or anti-inflammatory painkillers (NSAIDs) long-term. It counts them once you confirm that a recent "
        "kidney blood test showed an eGFR of 60 or more on the Dose plan page."
    )
    # At 75 exactly the age's words, not the medicine's (rule kidney_check_prompt_age speaks first).
    assert safe.kidney_test_journal_words(75, BOOK, (CCB_CLASS,)) == safe.kidney_test_journal_words(75, BOOK)
    assert safe.no_trial_kidney_test_words(75, BOOK, (CCB_CLASS,)) == safe.no_trial_kidney_test_words(
        75, BOOK
    )
    assert "you take calcium-channel blockers" in safe.kidney_test_journal_words(74, BOOK, (CCB_CLASS,))
    assert "You take calcium-channel blockers" in safe.no_trial_kidney_test_words(74, BOOK, (CCB_CLASS,))
    # Kidney disease, an age under 18 and pregnancy keep their own words first.
    assert safe.converter_ceiling(
        58, "general", 350.0, BOOK, kidney_disease=True, kidney_test_names=(CCB_CLASS,)
    ) == (
        None,
        safe.KIDNEY_CONVERTER_WORDS,
    )
    assert safe.converter_ceiling(58, "general", 350.0, BOOK, kidney_disease=False) == (350.0, None)


def test_no_trial_on_a_clinicians_dose_word_for_word():
    """Rule clinician_dose_no_trial (pharmacist review and re-review, 2026-12-06): the words while pregnant,
    while breastfeeding and under 18 (whoever advises the dose), and none for an adult who is neither or
    an unknown profile; 18 is the adult age (rule self_serve_min_age)."""
    assert safe.no_trial_stage_words("pregnancy", 31, BOOK) == (
        "**No on/off trial while you are pregnant.** Your dose is the one your midwife or doctor advised: "
        "stopping and starting it in blocks is for them to decide, and a trial's weeks can run past the birth, "
        "after which that dose needs their advice again. Ask your midwife how to tell whether magnesium "
        "helps; your journal's nights are still shown below."
    )
    assert safe.no_trial_stage_words("lactation", 31, BOOK) == (
        "**No on/off trial on a dose your midwife or doctor advised.** Stopping and starting it in blocks is "
        "for them to decide: ask them how to tell whether magnesium helps; your journal's nights are still "
        "shown below."
    )
    assert safe.no_trial_stage_words("general", 17, BOOK) == (
        "**No on/off trial on a dose your doctor advised.** Stopping and starting it in blocks is for them to "
        "decide: ask them how to tell whether magnesium helps; your journal's nights are still shown below."
    )
    assert safe.no_trial_stage_words(None, 17, BOOK) == safe.no_trial_stage_words("general", 17, BOOK)
    assert safe.no_trial_stage_words("pregnancy", None, BOOK) is not None
    for stage, age in (("general", 18), ("general", 80), (None, None), ("general", None), ("Pregnant", 30)):
        assert safe.no_trial_stage_words(stage, age, BOOK) is None, (stage, age)


def test_kidney_test_medicine_names_under_75_without_a_kidney_answer():
    """Rule kidney_check_medicine beside Medicines I take: under 75 only (from 75 the age's tick is
    asked), never with a kidney answer; each marked medicine's class, in order."""
    by_id = {r.class_id: r for r in RULES}
    meds = (by_id["levothyroxine"], by_id["sotalol"], by_id["calcium-channel-blockers"])
    names = ("Sotalol", "Calcium-channel blockers (blood pressure, angina)")
    assert safe.kidney_test_medicine_names(74, False, False, meds, BOOK) == names
    assert safe.kidney_test_medicine_names(18, False, False, meds, BOOK) == names
    assert safe.kidney_test_medicine_names(75, False, False, meds, BOOK) == ()
    assert safe.kidney_test_medicine_names(74, True, False, meds, BOOK) == ()
    assert safe.kidney_test_medicine_names(74, False, True, meds, BOOK) == ()
    assert safe.kidney_test_medicine_names(74, False, False, meds[:1], BOOK) == ()


def test_link_dose_words_where_a_clinician_advises_the_dose():
    """Under a link's tick (pharmacist review, 2026-12-06): pregnant, breastfeeding or under 18, the link
    shows no plan of the sender's; an adult's link keeps the page's own words (None)."""
    assert safe.link_dose_words("pregnancy", 31, BOOK) == (
        "A link never carries a midwife or doctor's advice on the dose, so it shows no plan of theirs: ask the "
        "person who shared it what dose they were advised, and tick that a midwife or doctor advised a dose "
        "only if one advised you."
    )
    assert "a midwife or doctor's advice" in (safe.link_dose_words("lactation", 30, BOOK) or "")
    assert safe.link_dose_words("general", 17, BOOK) == (
        "A link never carries a doctor's advice on the dose, so it shows no plan of theirs: ask the person who "
        "shared it what dose they were advised, and tick that a doctor advised a dose only if one advised you."
    )
    assert safe.link_dose_words("general", 18, BOOK) is None


def test_a_childs_lowered_limit_is_said_and_cited_in_both_child_notes():
    """Rule child_lowest_limit's words (``ul_note``) after the child's stop and after the child's warning,
    with the rule's sources; none without it (mutation survivors, session 52)."""
    note = "Under 18 this app keeps to the lowest upper limit."
    stop = next(n for n in screen(age=6, ul=110.0, ul_note=note).notes if n.rule_id == "self_serve_min_age")
    assert stop.text.endswith(f"for this age. {note}")
    warned = next(
        n
        for n in screen(age=6, ul=110.0, ul_note=note, child_dose_confirmed=True).notes
        if n.rule_id == "self_serve_min_age"
    )
    assert warned.text.endswith(f"this age. {note}")
    assert warned.source_ids == BOOK.cite("self_serve_min_age", "ul_supplemental_cap", "child_lowest_limit")
    assert set(BOOK.cite("child_lowest_limit").split(";")) - set(
        BOOK.cite("self_serve_min_age", "ul_supplemental_cap").split(";")
    )  # the rule adds a source of its own
    plain = next(
        n
        for n in screen(age=6, ul=110.0, child_dose_confirmed=True).notes
        if n.rule_id == "self_serve_min_age"
    )
    assert plain.text.endswith("for this age.") and plain.source_ids == BOOK.cite(
        "self_serve_min_age", "ul_supplemental_cap"
    )
    assert screen(age=6, ul=110.0).notes[0].text.endswith("for this age.")


def test_a_reason_said_inside_another_is_said_once():
    """Phone review (session 57): a loop diuretic and a PPI read "…, and the kidneys clear the extra
    magnesium, and the kidneys clear the extra magnesium": the PPI's reason is the end of the diuretic's."""
    long = "the guidance names these salts, and the kidneys clear it"
    asked = safe.blood_test_question(
        [
            FakeMed("Water pills", "r", kind="doctor", prescriber_tests="sodium", prescriber_why=long),
            FakeMed("Acid pills", "q", prescriber_tests="magnesium", prescriber_why="the kidneys clear it"),
            FakeMed("Heart pills", "p", prescriber_tests="digoxin", prescriber_why="digoxin builds up"),
        ]
    )
    assert asked == (
        "whether a blood test should come first: of your sodium, magnesium and digoxin, since "
        f"{long}, and digoxin builds up"
    )
    # The shorter one alone stands.
    alone = safe.blood_test_question(
        [FakeMed("Acid pills", "q", prescriber_tests="zinc", prescriber_why="the kidneys")]
    )
    assert alone.endswith("since the kidneys")


def test_the_step_up_tick_names_the_plans_dose_first():
    """Pharmacist review (session 58): the tick read "up to 366 mg a day" while the proposal and the week-4
    review said 350 mg. It names the dose within the limit first, and the hard maximum only as a clinician's."""
    hard = BOOK.hard_max_mg
    us = screen(statin=True, prescriber_agreed=True)
    assert safe.step_agreement_words(us, 400, BOOK) == (
        f"to the higher dose (up to {ADULT_UL:g} mg a day, or up to {hard:g} mg only if a clinician advises more "
        "than the upper limit)"
    )
    assert safe.step_agreement_words(us, 300, BOOK) == "to the higher dose (up to 300 mg a day)"
    assert (
        safe.step_agreement_words(us, ADULT_UL, BOOK) == f"to the higher dose (up to {ADULT_UL:g} mg a day)"
    )
    child = screen(age=16, statin=True, prescriber_agreed=True, child_dose_confirmed=True)
    assert (
        safe.step_agreement_words(child, 1000, BOOK)
        == f"to the higher dose (up to {child.limit_mg:g} mg a day)"
    )
    none = screen(kidney_disease=True)
    assert safe.step_agreement_words(none, 400, BOOK) == "to the higher dose (up to 0 mg a day)"
