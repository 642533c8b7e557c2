"""The person's profile (age, sex, life stage) and the reference values it selects.

The profile is asked once per visit and shared by ``/diet`` and ``/schedule``
(the same URL keys on both pages). Reference values come from
``data/intake_reference.csv`` (NIH ODS / Food and Nutrition Board).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from maglib.links import Param

__all__ = [
    "LIFE_STAGE_LABELS",
    "PROFILE_PARAMS",
    "SEX_LABELS",
    "Profile",
    "Reference",
    "profile_from_values",
    "reference_for",
    "stage_applies",
]

SEX_LABELS: dict[str, str] = {"female": "Female", "male": "Male"}
LIFE_STAGE_LABELS: dict[str, str] = {
    "general": "Not pregnant or breastfeeding",
    "pregnancy": "Pregnant",
    "lactation": "Breastfeeding",
}
#: Pregnancy and lactation rows exist for these ages only (FNB tables: 14–50 y).
STAGE_AGE_MIN = 14
STAGE_AGE_MAX = 50

PROFILE_PARAMS: tuple[Param, ...] = (
    Param("age", "int", 45, min_value=1, max_value=120),
    Param("sex", "choice", "Female", options=tuple(SEX_LABELS.values())),
    Param("stage", "choice", LIFE_STAGE_LABELS["general"], options=tuple(LIFE_STAGE_LABELS.values())),
)


@dataclass(frozen=True)
class Profile:
    """Who the numbers are for. ``sex`` is ``female``/``male``; ``life_stage``
    is ``general``/``pregnancy``/``lactation``."""

    age_years: int
    sex: str
    life_stage: str = "general"


@dataclass(frozen=True)
class Reference:
    """The reference values that apply to one profile (mg/day)."""

    band_id: str
    mg_rda: float
    mg_rda_kind: str
    mg_ul_supplemental: float | None
    ca_rda: float
    ca_kind: str
    k_ai: float
    source_ids: str
    #: The life stage actually used (pregnancy/lactation fall back to general
    #: outside the ages the tables cover).
    life_stage: str


def stage_applies(age_years: int, sex: str) -> bool:
    """Whether pregnancy/breastfeeding is a choice to offer for this person."""
    return sex == "female" and STAGE_AGE_MIN <= age_years <= STAGE_AGE_MAX


def profile_from_values(age: int, sex_label: str, stage_label: str) -> Profile:
    """Build a profile from the widgets' labels; the stage only where it applies."""
    sex = next((k for k, v in SEX_LABELS.items() if v == sex_label), "female")
    stage = next((k for k, v in LIFE_STAGE_LABELS.items() if v == stage_label), "general")
    if not stage_applies(age, sex):
        stage = "general"
    return Profile(age_years=int(age), sex=sex, life_stage=stage)


def reference_for(profile: Profile, intake_reference: pd.DataFrame) -> Reference:
    """The intake_reference.csv row for this profile.

    Age bands are ``[age_min_years, age_max_years)``. Raises ``LookupError`` if
    no row matches (a data gap, which the data tests rule out for ages 1–120).
    """
    stage = profile.life_stage if stage_applies(profile.age_years, profile.sex) else "general"
    table = intake_reference
    match = table[
        (table["age_min_years"] <= profile.age_years)
        & (table["age_max_years"] > profile.age_years)
        & (table["sex"] == profile.sex)
        & (table["life_stage"] == stage)
    ]
    if match.empty:
        raise LookupError(f"no reference row for {profile}")
    row = match.iloc[0]
    ul = row["mg_ul_supplemental"]
    return Reference(
        band_id=str(row["band_id"]),
        mg_rda=float(row["mg_rda"]),
        mg_rda_kind=str(row["mg_rda_kind"]),
        mg_ul_supplemental=None if pd.isna(ul) else float(ul),
        ca_rda=float(row["ca_rda"]),
        ca_kind=str(row["ca_kind"]),
        k_ai=float(row["k_ai"]),
        source_ids=str(row["source_ids"]),
        life_stage=stage,
    )
