"""maglib.profile: tests that fail on the small bugs mutation testing planted (issue 19).

Pregnancy and breastfeeding at every age boundary (selectable 9–60, table rows
14–50), and the row each profile gets from each reference set. Expected values are
read from the data files by band id, so the test checks the lookup, not the numbers.
"""

from __future__ import annotations

import pandas as pd
import pytest

from maglib import profile as pr
from maglib.profile import Profile, profile_from_values, reference_for, stage_applies

from .conftest import dataset

DATA = dataset()
US = DATA.intake_reference
SETS = DATA.intake_reference_sets
LABEL = {"general": "Not pregnant or breastfeeding", "pregnancy": "Pregnant", "lactation": "Breastfeeding"}


def us_row(band_id: str) -> pd.Series:
    return US.loc[US["band_id"] == band_id].iloc[0]


def set_row(reference_set: str, band_id: str) -> pd.Series:
    rows = SETS.loc[(SETS["set"] == reference_set) & (SETS["band_id"] == band_id)]
    assert len(rows) == 1, (reference_set, band_id)
    return rows.iloc[0]


def test_boundaries_are_9_60_and_14_50():
    assert (pr.STAGE_AGE_MIN, pr.STAGE_AGE_MAX) == (9, 60)
    assert (pr.TABLE_STAGE_AGE_MIN, pr.TABLE_STAGE_AGE_MAX) == (14, 50)


@pytest.mark.parametrize(
    ("age", "sex", "applies"),
    [(8, "female", False), (9, "female", True), (60, "female", True), (61, "female", False),
     (30, "male", False), (9, "male", False)],
)  # fmt: skip
def test_stage_applies_boundaries(age, sex, applies):
    assert stage_applies(age, sex) is applies


@pytest.mark.parametrize("stage", ["pregnancy", "lactation"])
@pytest.mark.parametrize(
    ("age", "chosen"), [(8, False), (9, True), (13, True), (14, True), (50, True), (60, True), (61, False)]
)
def test_profile_keeps_the_stage_only_where_it_can_be_chosen(stage, age, chosen):
    """Bug: ``STAGE_AGE_MIN <= age`` → ``<`` (a pregnant 9-year-old loses her pregnancy answer)."""
    made = profile_from_values(age, "Female", LABEL[stage])
    assert made == Profile(age, "female", stage if chosen else "general", "us")
    assert profile_from_values(age, "Male", LABEL[stage]).life_stage == "general"


def test_profile_labels():
    assert profile_from_values(40, "Male", LABEL["general"], "EU") == Profile(40, "male", "general", "eu")
    assert profile_from_values(40, "Female", LABEL["general"], "UK").reference_set == "uk"
    assert profile_from_values(40, "??", "??", "??") == Profile(40, "female", "general", "us")
    assert profile_from_values(40, "Female", "Pregnant") == Profile(40, "female", "pregnancy", "us")
    made = profile_from_values(40.0, "Female", "Pregnant")  # type: ignore[arg-type]
    assert isinstance(made.age_years, int)


@pytest.mark.parametrize(
    ("age", "stage", "band", "used"),
    [
        (13, "pregnancy", "f_9_13", "general"),
        (14, "pregnancy", "f_14_18_preg", "pregnancy"),
        (14, "lactation", "f_14_18_lact", "lactation"),
        (18, "pregnancy", "f_14_18_preg", "pregnancy"),
        (19, "pregnancy", "f_19_30_preg", "pregnancy"),
        (50, "pregnancy", "f_31_50_preg", "pregnancy"),
        (50, "lactation", "f_31_50_lact", "lactation"),
        (51, "pregnancy", "f_51_70", "general"),
        (51, "lactation", "f_51_70", "general"),
        (14, "general", "f_14_18", "general"),
    ],
)
def test_us_row_at_each_table_boundary(age, stage, band, used):
    """Bug: ``TABLE_STAGE_AGE_MIN <= age`` → ``<`` (a pregnant 14-year-old gets the general RDA)."""
    ref = reference_for(Profile(age, "female", stage), US)
    row = us_row(band)
    assert ref.band_id == band and ref.life_stage == used
    assert ref.mg_rda == float(row["mg_rda"]) and ref.mg_rda_kind == str(row["mg_rda_kind"])
    assert ref.mg_ul_supplemental == float(row["mg_ul_supplemental"]) and ref.mg_ul_kind == "UL"
    assert ref.ca_rda == float(row["ca_rda"]) and ref.ca_kind == str(row["ca_kind"])
    assert ref.k_ai == float(row["k_ai"])
    assert ref.source_ids == ref.k_source_ids == str(row["source_ids"])
    assert ref.reference_set == "us" and ref.set_label == "US"


def test_a_pregnant_14_year_old_gets_the_pregnancy_rda_not_the_girls_rda():
    assert us_row("f_14_18_preg")["mg_rda"] != us_row("f_14_18")["mg_rda"]
    assert reference_for(Profile(14, "female", "pregnancy"), US).mg_rda == us_row("f_14_18_preg")["mg_rda"]


def test_age_bands_end_before_their_max():
    assert reference_for(Profile(18, "female"), US).band_id == "f_14_18"
    assert reference_for(Profile(19, "female"), US).band_id == "f_19_30"
    with pytest.raises(LookupError, match="no reference row"):
        reference_for(Profile(45, "other"), US)


def test_a_us_profile_without_the_sets_table_has_no_limit_kind_when_the_row_has_none():
    infant = US.loc[US["mg_ul_supplemental"].isna()]
    if infant.empty:
        pytest.skip("every US row has a UL")
    row = infant.iloc[0]
    ref = reference_for(Profile(int(row["age_min_years"]), str(row["sex"])), US)
    assert ref.mg_ul_supplemental is None and ref.mg_ul_kind == "none"


def test_only_the_us_set_without_the_sets_table():
    with pytest.raises(ValueError, match="'eu' set needs the reference_sets table"):
        reference_for(Profile(40, "female", reference_set="eu"), US)


@pytest.mark.parametrize(
    ("reference_set", "age", "stage", "band", "used"),
    [
        ("eu", 14, "pregnancy", "f_14_17_preg", "pregnancy"),
        ("eu", 13, "pregnancy", "f_11_17", "general"),
        ("eu", 50, "lactation", "f_25_50_lact", "lactation"),
        ("eu", 51, "lactation", "f_25_plus", "general"),
        ("uk", 14, "lactation", "f_14_lact", "lactation"),
        ("uk", 30, "general", "f_19_50", "general"),
        ("us", 14, "pregnancy", "f_14_18_preg", "pregnancy"),
    ],
)
def test_each_set_row_at_the_boundaries(reference_set, age, stage, band, used):
    profile = Profile(age, "female", stage, reference_set)
    ref = reference_for(profile, US, SETS)
    row = set_row(reference_set, band)
    assert ref.band_id == band and ref.life_stage == used and ref.reference_set == reference_set

    def value(cell: object) -> float | None:
        return None if pd.isna(cell) else float(cell)  # type: ignore[arg-type]

    assert ref.mg_rda == value(row["mg_ref"]) and ref.mg_rda_kind == str(row["mg_ref_kind"])
    assert ref.mg_ul_supplemental == value(row["mg_ul_supplemental"]) and ref.mg_ul_kind == str(
        row["mg_ul_kind"]
    )
    assert ref.ca_rda == value(row["ca_ref"]) and ref.ca_kind == str(row["ca_kind"])
    assert ref.source_ids == str(row["source_ids"])
    us = reference_for(Profile(age, "female", stage), US)
    assert ref.k_ai == us.k_ai and ref.k_source_ids == us.source_ids
    assert ref.set_label == pr.SET_LABELS[reference_set]


def test_uk_breastfeeding_magnesium_stays_unverified_and_says_so():
    values = pr.set_values(Profile(30, "female", "lactation"), SETS, "uk")
    assert values.mg_ref is None and values.mg_ref_kind == "unverified"
    assert values.label == "UK" and values.life_stage == "lactation"
    assert pr.missing_words("unverified") == "could not be verified"
    assert pr.missing_words("none") == "none set"


def test_compare_and_other_limits_in_order():
    profile = Profile(30, "female", "lactation", "eu")
    compared = pr.compare_sets(profile, SETS)
    assert [v.reference_set for v in compared] == list(pr.COMPARISON_ORDER) == ["us", "eu", "uk"]
    others = pr.other_set_limits(profile, SETS, "eu")
    assert [(label, kind) for label, _, kind in others] == [("US", "UL"), ("UK", compared[2].mg_ul_kind)]
    assert [mg for _, mg, _ in others] == [compared[0].mg_ul_supplemental, compared[2].mg_ul_supplemental]
    assert set_row("uk", compared[2].band_id)["mg_ul_kind"] == compared[2].mg_ul_kind
    line = pr.comparison_line(compared)
    us, eu = compared[0], compared[1]
    assert line == (
        f"US {us.mg_ref_kind} {us.mg_ref:.0f} mg · EU {eu.mg_ref_kind} {eu.mg_ref:.0f} mg · UK: could not be verified"
    )
    assert pr.SetValues("xx", "b", None, "none", None, "none", None, "none", "", "general").label == "XX"


def test_the_default_reference_set_is_us():
    assert profile_from_values(40, "Female", LABEL["general"]).reference_set == "us"
