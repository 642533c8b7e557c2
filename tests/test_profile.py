"""maglib.profile: the profile selects the right reference row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maglib.profile import PROFILE_PARAMS, Profile, profile_from_values, reference_for, stage_applies

from .conftest import dataset

REF = dataset().intake_reference


@pytest.mark.parametrize(
    ("profile", "rda", "ul"),
    [
        (Profile(45, "female"), 320, 350),
        (Profile(45, "male"), 420, 350),
        (Profile(25, "female"), 310, 350),
        (Profile(25, "male"), 400, 350),
        (Profile(16, "male"), 410, 350),
        (Profile(10, "female"), 240, 350),
        (Profile(6, "male"), 130, 110),
        (Profile(2, "female"), 80, 65),
        (Profile(25, "female", "pregnancy"), 350, 350),
        (Profile(35, "female", "lactation"), 320, 350),
        (Profile(80, "female"), 320, 350),
    ],
)
def test_reference_values(profile, rda, ul):
    ref = reference_for(profile, REF)
    assert (ref.mg_rda, ref.mg_ul_supplemental) == (rda, ul)


def test_pregnancy_ignored_where_it_does_not_apply():
    assert reference_for(Profile(45, "male", "pregnancy"), REF).life_stage == "general"
    assert reference_for(Profile(60, "female", "pregnancy"), REF).life_stage == "general"
    # Pregnancy can be chosen wherever it can apply (9–60), even where the tables have no row.
    assert stage_applies(60, "female") and stage_applies(9, "female") and stage_applies(13, "female")
    assert not stage_applies(61, "female") and not stage_applies(8, "female")
    assert not stage_applies(30, "male")
    assert profile_from_values(61, "Female", "Pregnant").life_stage == "general"
    assert profile_from_values(13, "Female", "Pregnant").life_stage == "pregnancy"  # honoured at 13
    assert profile_from_values(30, "Female", "Pregnant").life_stage == "pregnancy"


@given(
    st.integers(1, 120),
    st.sampled_from(["female", "male"]),
    st.sampled_from(["general", "pregnancy", "lactation"]),
)
def test_every_profile_has_a_reference(age, sex, stage):
    ref = reference_for(Profile(age, sex, stage), REF)
    assert ref.mg_rda > 0
    assert ref.mg_ul_supplemental in (65, 110, 350)


def test_reference_set_choice_defaults_to_us():
    refs = next(p for p in PROFILE_PARAMS if p.key == "refs")
    assert (refs.kind, refs.default, refs.options) == ("choice", "US", ("US", "UK", "EU"))
    assert profile_from_values(45, "Female", "Not pregnant or breastfeeding").reference_set == "us"
    assert profile_from_values(45, "Female", "Not pregnant or breastfeeding", "EU").reference_set == "eu"
    assert profile_from_values(45, "Male", "Pregnant", "UK") == Profile(45, "male", "general", "uk")
    assert profile_from_values(45, "Male", "Pregnant", "FR").reference_set == "us"  # unknown label: default


def test_a_set_other_than_us_needs_the_sets_table():
    with pytest.raises(ValueError, match="reference_sets"):
        reference_for(Profile(45, "female", reference_set="eu"), REF)
    sets = dataset().intake_reference_sets
    ref = reference_for(Profile(45, "female", reference_set="eu"), REF, sets)
    assert (ref.mg_rda, ref.mg_rda_kind, ref.mg_ul_supplemental, ref.set_label) == (300, "AI", 250, "EU")


@given(
    st.integers(min_value=1, max_value=120),
    st.sampled_from(["Female", "Male"]),
    st.sampled_from(["Not pregnant or breastfeeding", "Pregnant", "Breastfeeding"]),
)
def test_a_links_pregnancy_answer_is_named_exactly_when_its_profile_cannot_have_one(age, sex, stage):
    """Link review (2026-12-05): ``stage=Pregnant`` with age 70 or a man was valid but unused, so no
    notice named it and a re-shared link carried it on. Named exactly when stage_applies says no (an
    independent reading of the ages 9–60 and the sex), never for "not pregnant"."""
    from maglib.profile import stage_link_conflict

    found = stage_link_conflict({"age": age, "sex": sex, "stage": stage})
    can = sex == "Female" and 9 <= age <= 60
    assert (found is not None) == (stage != "Not pregnant or breastfeeding" and not can)
    if found is not None:
        assert (found.key, found.value) == ("stage", stage)
        who = "a man" if sex == "Male" else f"someone aged {age}"
        assert found.reason == (
            f"a pregnancy or breastfeeding answer is asked only of a woman aged 9 to 60, and this link's profile is {who}"
        )


def test_a_links_silent_profile_is_the_visits_then_the_defaults():
    """Where the link gives only the pregnancy answer, the visit's remembered age and sex decide, then
    the defaults (45, female: it applies)."""
    from maglib.profile import stage_link_conflict

    assert stage_link_conflict({"stage": "Pregnant"}) is None
    older = stage_link_conflict({"stage": "Pregnant"}, {"age": 61, "sex": "Female"})
    assert older is not None and older.reason.endswith("and this link's profile is someone aged 61")
    man = stage_link_conflict({"stage": "Pregnant", "sex": "Male"})
    assert man is not None and man.reason.endswith("and this link's profile is a man")
    assert stage_link_conflict({"stage": "Pregnant"}, {"age": 60, "sex": "Female"}) is None
    assert stage_link_conflict({"stage": "Breastfeeding"}, {"age": 9, "sex": "Female"}) is None
    assert stage_link_conflict({"stage": "Breastfeeding"}, {"age": 8, "sex": "Female"}) is not None
    assert stage_link_conflict({"stage": "Pregnant", "age": 30}, {"age": 70, "sex": "Male"}) is not None
    assert stage_link_conflict({"stage": "Pregnant", "sex": "Female"}, {"age": 30, "sex": "Male"}) is None


@pytest.mark.parametrize(
    ("age", "line"),
    [
        (40, "US upper limit (UL) 350 mg · EU upper limit (UL) 250 mg · UK guidance level 400 mg"),
        (6, "US upper limit (UL) 110 mg · EU upper limit (UL) 250 mg · UK: no limit set"),
    ],
)
def test_each_sets_limit_is_said_side_by_side(age, line):
    """Review (session 62): /compare named only the chosen set's limit and said the others "differ". The line
    says each set's, from intake_reference_sets.csv, never borrowing one for another."""
    from maglib.profile import compare_sets, limits_comparison_line

    profile = profile_from_values(age, "Female", "None")
    values = compare_sets(profile, dataset().intake_reference_sets)
    assert limits_comparison_line(values) == line
    table = dataset().intake_reference_sets
    for v in values:  # each figure is its set's own row
        row = table[(table["set"] == v.reference_set) & (table["band_id"] == v.band_id)].iloc[0]
        cell = row["mg_ul_supplemental"]
        assert (None if cell != cell else float(cell)) == v.mg_ul_supplemental  # NaN: none
