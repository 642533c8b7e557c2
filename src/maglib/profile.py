"""The person's profile (age, sex, life stage) and the reference values it selects.

The profile is asked once per visit and shared by ``/diet`` and ``/schedule``
(the same URL keys on both pages). It includes the person's choice of reference
set — US (NIH ODS / Food and Nutrition Board), UK (COMA, EVM) or EU (EFSA,
SCF) — whose values come from ``data/intake_reference_sets.csv``;
``data/intake_reference.csv`` is the US source (its rows equal the ``us`` set's,
a test checks it) and the only one with potassium.

Where a set has no value for a band (the authority sets none, or the figure
could not be verified) the lookup returns ``None`` with the row's kind, never
another set's value: a ``None`` supplemental limit makes the safety rules give
no self-serve plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from maglib.links import Ignored, Param, shown_value

__all__ = [
    "COMPARISON_ORDER",
    "LIFE_STAGE_LABELS",
    "PROFILE_PARAMS",
    "SET_AUTHORITIES",
    "SET_LABELS",
    "SEX_LABELS",
    "UL_KIND_WORDS",
    "Profile",
    "Reference",
    "SetValues",
    "StageOutside",
    "calcium_comparison_line",
    "compare_sets",
    "comparison_line",
    "limits_comparison_line",
    "missing_words",
    "other_set_limits",
    "profile_from_values",
    "reference_for",
    "set_values",
    "stage_applies",
    "stage_link_conflict",
    "stage_outside_tables",
    "stage_outside_tables_note",
    "stage_verdict",
]

SEX_LABELS: dict[str, str] = {"female": "Female", "male": "Male"}
LIFE_STAGE_LABELS: dict[str, str] = {
    "general": "Not pregnant or breastfeeding",
    "pregnancy": "Pregnant",
    "lactation": "Breastfeeding",
}
#: Pregnancy and breastfeeding can be chosen at these ages (honoured by the safety rules at
#: any age where they can apply, a pregnant 13-year-old included).
STAGE_AGE_MIN = 9
STAGE_AGE_MAX = 60
#: The FNB tables have pregnancy and lactation rows for these ages only (14–50 y); outside
#: them the general row's values are used and the safety rules still see the life stage.
TABLE_STAGE_AGE_MIN = 14
TABLE_STAGE_AGE_MAX = 50

#: The reference sets (``set`` column of intake_reference_sets.csv) and the
#: label the profile choice and the link show for each, in the choice's order.
SET_LABELS: dict[str, str] = {"us": "US", "uk": "UK", "eu": "EU"}
#: Who sets each set's figures.
SET_AUTHORITIES: dict[str, str] = {
    "us": "US Food and Nutrition Board (NIH ODS)",
    "uk": "UK Department of Health (COMA) and Expert Group on Vitamins and Minerals (NHS)",
    "eu": "European Food Safety Authority (EFSA) and Scientific Committee on Food",
}
#: The order of the one-line comparison ("US RDA 320 mg · EU AI 300 mg · UK RNI 270 mg").
COMPARISON_ORDER: tuple[str, ...] = ("us", "eu", "uk")
#: How each kind of supplemental limit is named in the app.
UL_KIND_WORDS: dict[str, str] = {
    "UL": "upper limit (UL)",
    "guidance": "guidance level",
    "none": "no limit set",
    "unverified": "limit not verified",
}
#: Kinds that mean "this row has no value" (the cell is empty).
NO_VALUE_KINDS = frozenset({"none", "unverified"})

PROFILE_PARAMS: tuple[Param, ...] = (
    Param("age", "int", 45, min_value=1, max_value=120),
    Param("sex", "choice", "Female", options=tuple(SEX_LABELS.values())),
    Param("stage", "choice", LIFE_STAGE_LABELS["general"], options=tuple(LIFE_STAGE_LABELS.values())),
    # Default US: links made before the choice existed keep their meaning.
    Param("refs", "choice", SET_LABELS["us"], options=tuple(SET_LABELS.values())),
)


@dataclass(frozen=True)
class Profile:
    """Who the numbers are for. ``sex`` is ``female``/``male``; ``life_stage``
    is ``general``/``pregnancy``/``lactation``; ``reference_set`` is ``us``/``uk``/``eu``."""

    age_years: int
    sex: str
    life_stage: str = "general"
    reference_set: str = "us"


@dataclass(frozen=True)
class Reference:
    """The reference values that apply to one profile (mg/day), from its chosen set.

    ``mg_rda`` is the set's magnesium target (an RDA, AI or RNI, as
    ``mg_rda_kind`` says); it and the other values are ``None`` where the
    authority sets none (kind ``none``) or the figure could not be verified
    (kind ``unverified``). Potassium is always the US AI (no other set's
    potassium is in the data): ``k_source_ids`` cites it.
    """

    band_id: str
    mg_rda: float | None
    mg_rda_kind: str
    mg_ul_supplemental: float | None
    ca_rda: float | None
    ca_kind: str
    k_ai: float
    source_ids: str
    #: The life stage actually used (pregnancy/lactation fall back to general
    #: outside the ages the tables cover).
    life_stage: str
    reference_set: str = "us"
    #: ``UL``, ``guidance`` (UK), ``none`` or ``unverified``.
    mg_ul_kind: str = "UL"
    k_source_ids: str = ""
    #: Why the limit is another set's (safety rule child_lowest_limit), in words; empty when it is the
    #: chosen set's own.
    ul_note: str = ""
    #: The set whose limit ``mg_ul_supplemental`` is ("US"), when it is not the chosen set's (see ``ul_note``).
    ul_set_label: str = ""
    #: The safety rule that put another set's limit in (``child_lowest_limit``, ``link_set_no_lift``), or "".
    ul_rule: str = ""

    @property
    def ul_label(self) -> str:
        """The label of the set the limit comes from: the chosen set's unless a child's was lowered."""
        return self.ul_set_label or self.set_label

    @property
    def set_label(self) -> str:
        return SET_LABELS.get(self.reference_set, self.reference_set.upper())


@dataclass(frozen=True)
class SetValues:
    """One reference set's magnesium and calcium values for one profile (mg/day)."""

    reference_set: str
    band_id: str
    mg_ref: float | None
    mg_ref_kind: str
    mg_ul_supplemental: float | None
    mg_ul_kind: str
    ca_ref: float | None
    ca_kind: str
    source_ids: str
    life_stage: str

    @property
    def label(self) -> str:
        return SET_LABELS.get(self.reference_set, self.reference_set.upper())


def stage_applies(age_years: int, sex: str) -> bool:
    """Whether pregnancy/breastfeeding is a choice to offer for this person."""
    return sex == "female" and STAGE_AGE_MIN <= age_years <= STAGE_AGE_MAX


def stage_link_conflict(
    linked: Mapping[str, object], remembered: Mapping[str, object] | None = None
) -> Ignored | None:
    """A link's pregnancy answer that cannot apply to the profile it comes with (a man, or an age
    outside :data:`STAGE_AGE_MIN`–:data:`STAGE_AGE_MAX`), named so that the page drops it with a
    notice instead of leaving it unused and passed on in a re-shared link (link review, 2026-12-05:
    ``stage=Pregnant`` with age 70 or a man was silently unused). ``linked``: the link's usable
    values; where it is silent, the visit's ``remembered`` profile, then the defaults, decide."""
    stage = linked.get("stage")
    if stage is None or stage == LIFE_STAGE_LABELS["general"]:
        return None
    known = {p.key: p.default for p in PROFILE_PARAMS} | dict(remembered or {}) | dict(linked)
    # The link check lets only the two labels through: not "Male" is "Female".
    sex = "male" if known["sex"] == SEX_LABELS["male"] else "female"
    age = int(known["age"])  # type: ignore[call-overload]
    if stage_applies(age, sex):
        return None
    who = "a man" if sex == "male" else f"someone aged {age}"
    return Ignored(
        "stage",
        shown_value(str(stage)),
        f"a pregnancy or breastfeeding answer is asked only of a woman aged {STAGE_AGE_MIN} to {STAGE_AGE_MAX}, and this "
        f"link's profile is {who}",
    )


def profile_from_values(age: int, sex_label: str, stage_label: str, set_label: str = "US") -> Profile:
    """Build a profile from the widgets' labels; the stage only where it applies."""
    sex = next((k for k, v in SEX_LABELS.items() if v == sex_label), "female")
    stage = next((k for k, v in LIFE_STAGE_LABELS.items() if v == stage_label), "general")
    if not stage_applies(age, sex):
        stage = "general"
    chosen = next((k for k, v in SET_LABELS.items() if v == set_label), "us")
    return Profile(age_years=int(age), sex=sex, life_stage=stage, reference_set=chosen)


def _table_stage(profile: Profile) -> str:
    """The life stage whose rows apply: pregnancy/lactation rows exist at 14–50 only."""
    in_tables = profile.sex == "female" and TABLE_STAGE_AGE_MIN <= profile.age_years <= TABLE_STAGE_AGE_MAX
    return profile.life_stage if in_tables else "general"


def _row(table: pd.DataFrame, profile: Profile, stage: str) -> pd.Series:
    match = table[
        (table["age_min_years"] <= profile.age_years)
        & (table["age_max_years"] > profile.age_years)
        & (table["sex"] == profile.sex)
        & (table["life_stage"] == stage)
    ]
    if match.empty:
        raise LookupError(f"no reference row for {profile}")
    return match.iloc[0]


def _value(cell: object) -> float | None:
    return None if pd.isna(cell) else float(cell)  # type: ignore[arg-type]


def set_values(profile: Profile, reference_sets: pd.DataFrame, reference_set: str) -> SetValues:
    """The intake_reference_sets.csv row of ``reference_set`` for this profile.

    Age bands are ``[age_min_years, age_max_years)``. Empty cells stay ``None``
    with their kind (``none``/``unverified``). Raises ``LookupError`` if no row
    matches (a data gap, which the data tests rule out for ages 0–120).
    """
    stage = _table_stage(profile)
    rows = reference_sets[reference_sets["set"] == reference_set]
    row = _row(rows, profile, stage)
    ul, ul_kind, sources = _value(row["mg_ul_supplemental"]), str(row["mg_ul_kind"]), str(row["source_ids"])
    if profile.sex == "female" and profile.life_stage != stage:
        # Pregnant or breastfeeding at an age the tables have no such row for (9–13, 51–60): the
        # general row gives the intakes, but its limit must not be laxer than the set's own limit
        # for that stage at the nearest age the tables cover (rule stage_limit_outside_tables):
        # the UK's 400 mg guidance level, say, is not verified for breastfeeding at 19–50, so it
        # is not used at 51 either.
        nearest = min(max(profile.age_years, TABLE_STAGE_AGE_MIN), TABLE_STAGE_AGE_MAX)
        stage_row = _row(rows, replace(profile, age_years=nearest), profile.life_stage)
        stage_ul, stage_kind = _value(stage_row["mg_ul_supplemental"]), str(stage_row["mg_ul_kind"])
        if stage_ul is None or (ul is not None and stage_ul < ul):
            ul, ul_kind = stage_ul, stage_kind
            sources = ";".join(dict.fromkeys(f"{sources};{stage_row['source_ids']}".split(";")))
    return SetValues(
        reference_set=reference_set,
        band_id=str(row["band_id"]),
        mg_ref=_value(row["mg_ref"]),
        mg_ref_kind=str(row["mg_ref_kind"]),
        mg_ul_supplemental=ul,
        mg_ul_kind=ul_kind,
        ca_ref=_value(row["ca_ref"]),
        ca_kind=str(row["ca_kind"]),
        source_ids=sources,
        life_stage=stage,
    )


def compare_sets(profile: Profile, reference_sets: pd.DataFrame) -> list[SetValues]:
    """Every set's values for this profile, in :data:`COMPARISON_ORDER`."""
    return [set_values(profile, reference_sets, s) for s in COMPARISON_ORDER]


def other_set_limits(
    profile: Profile, reference_sets: pd.DataFrame, chosen_set: str
) -> list[tuple[str, float | None, str]]:
    """The other sets' supplemental limits for this profile: ``(set label, mg or None, kind)``.

    ``kind`` is ``UL``, ``guidance`` (the UK's 400 mg is a guidance level, not a
    UL), ``none`` (the authority sets no limit for this age) or ``unverified``;
    :data:`UL_KIND_WORDS` names each. In :data:`COMPARISON_ORDER`.
    """
    return [
        (v.label, v.mg_ul_supplemental, v.mg_ul_kind)
        for v in compare_sets(profile, reference_sets)
        if v.reference_set != chosen_set
    ]


def missing_words(kind: str) -> str:
    """Why a value is absent, in words: the authority sets none, or it could not be verified."""
    return "could not be verified" if kind == "unverified" else "none set"


def comparison_line(values: Sequence[SetValues]) -> str:
    """``US RDA 320 mg · EU AI 300 mg · UK RNI 270 mg`` (absent values say why, never borrow)."""
    parts = []
    for v in values:
        if v.mg_ref is None:
            parts.append(f"{v.label}: {missing_words(v.mg_ref_kind)}")
        else:
            parts.append(f"{v.label} {v.mg_ref_kind} {v.mg_ref:.0f} mg")
    return " · ".join(parts)


def limits_comparison_line(values: Sequence[SetValues]) -> str:
    """``US upper limit (UL) 350 mg · EU upper limit (UL) 250 mg · UK guidance level 400 mg``: each set's limit
    for magnesium from supplements, side by side (review, session 62: /compare named only the chosen set's and
    said the others "differ"). Absent values say why, never borrow."""
    return " · ".join(
        f"{v.label}: {UL_KIND_WORDS.get(v.mg_ul_kind, missing_words(v.mg_ul_kind))}"
        if v.mg_ul_supplemental is None
        else f"{v.label} {UL_KIND_WORDS.get(v.mg_ul_kind, v.mg_ul_kind)} {v.mg_ul_supplemental:g} mg"
        for v in values
    )


def calcium_comparison_line(values: Sequence[SetValues]) -> str:
    """``US RDA 1200 mg · EU PRI 950 mg · UK RNI 700 mg``: each set's calcium reference (truth
    audit, 2026-12-04: /diet showed only the chosen set's, and they differ by up to 500 mg)."""
    return " · ".join(
        f"{v.label}: {missing_words(v.ca_kind)}"
        if v.ca_ref is None
        else f"{v.label} {v.ca_kind} {v.ca_ref:.0f} mg"
        for v in values
    )


def reference_for(
    profile: Profile, intake_reference: pd.DataFrame, reference_sets: pd.DataFrame | None = None
) -> Reference:
    """The reference values for this profile in its chosen set.

    With ``reference_sets`` (intake_reference_sets.csv) magnesium, the
    supplemental limit and calcium come from the chosen set's row; potassium
    always from the US row of ``intake_reference`` (intake_reference.csv).
    Without it only the US set can be looked up (from intake_reference.csv, as
    before the sets existed). Age bands are ``[age_min_years, age_max_years)``.
    Raises ``LookupError`` if no row matches (a data gap, which the data tests
    rule out for ages 1–120).
    """
    stage = _table_stage(profile)
    us_row = _row(intake_reference, profile, stage)
    if reference_sets is None:
        if profile.reference_set != "us":
            raise ValueError(f"the {profile.reference_set!r} set needs the reference_sets table")
        ul = _value(us_row["mg_ul_supplemental"])
        return Reference(
            band_id=str(us_row["band_id"]),
            mg_rda=float(us_row["mg_rda"]),
            mg_rda_kind=str(us_row["mg_rda_kind"]),
            mg_ul_supplemental=ul,
            ca_rda=float(us_row["ca_rda"]),
            ca_kind=str(us_row["ca_kind"]),
            k_ai=float(us_row["k_ai"]),
            source_ids=str(us_row["source_ids"]),
            life_stage=stage,
            reference_set="us",
            mg_ul_kind="none" if ul is None else "UL",
            k_source_ids=str(us_row["source_ids"]),
        )
    chosen = set_values(profile, reference_sets, profile.reference_set)
    return Reference(
        band_id=chosen.band_id,
        mg_rda=chosen.mg_ref,
        mg_rda_kind=chosen.mg_ref_kind,
        mg_ul_supplemental=chosen.mg_ul_supplemental,
        ca_rda=chosen.ca_ref,
        ca_kind=chosen.ca_kind,
        k_ai=float(us_row["k_ai"]),
        source_ids=chosen.source_ids,
        life_stage=stage,
        reference_set=chosen.reference_set,
        mg_ul_kind=chosen.mg_ul_kind,
        k_source_ids=str(us_row["source_ids"]),
    )


_STAGE_WORDS = {"pregnancy": "pregnancy", "lactation": "breastfeeding"}


@dataclass(frozen=True)
class StageOutside:
    """A pregnant or breastfeeding person at an age the tables have no such row for: the chosen
    set's value for the stage at the nearest age the tables cover (``mg`` None where it has none)."""

    age_years: int
    nearest_age: int
    words: str  # "pregnancy" or "breastfeeding"
    set_label: str
    mg: float | None
    kind: str
    source_ids: str


def stage_outside_tables(profile: Profile, reference_sets: pd.DataFrame) -> StageOutside | None:
    """The nearest-age row for a stage the tables do not cover at this age (9–13, 51–60), or None."""
    stage = profile.life_stage
    if profile.sex != "female" or stage not in _STAGE_WORDS or _table_stage(profile) == stage:
        return None
    rows = reference_sets[reference_sets["set"] == profile.reference_set]
    nearest = min(max(profile.age_years, TABLE_STAGE_AGE_MIN), TABLE_STAGE_AGE_MAX)
    row = _row(rows, replace(profile, age_years=nearest), stage)
    return StageOutside(
        age_years=profile.age_years,
        nearest_age=nearest,
        words=_STAGE_WORDS[stage],
        set_label=SET_LABELS[profile.reference_set],
        mg=_value(row["mg_ref"]),
        kind=str(row["mg_ref_kind"]),
        source_ids=str(row["source_ids"]),
    )


def stage_outside_tables_note(profile: Profile, reference_sets: pd.DataFrame) -> tuple[str, str] | None:
    """What the figures mean for a pregnant or breastfeeding person at an age the tables have no
    such row for (9–13, 51–60): ``(text, source_ids)``, or ``None`` when the tables cover them.

    The general row's intake is used there (see :func:`set_values`); a pregnant 13-year-old saw
    "no gap" against the 240 mg RDA of girls 9–13 with nothing saying that the tables' pregnancy
    value at 14 is 400 mg (review, 2026-12-03). The note names the chosen set's value for the stage
    at the nearest age the tables cover, or that it has none.
    """
    outside = stage_outside_tables(profile, reference_sets)
    if outside is None:
        return None
    words, nearest = outside.words, outside.nearest_age
    at_nearest = (
        f"at {nearest} the tables' {words} value is {outside.mg:g} mg a day ({outside.kind})"
        if outside.mg is not None
        else f"at {nearest} they give no {words} value ({missing_words(outside.kind)})"
    )
    text = (
        f"The {outside.set_label} tables give no {words} value at age {profile.age_years}: the magnesium "
        f"figures here are those for a {profile.age_years}-year-old who is not pregnant or breastfeeding; "
        f"{at_nearest}. Ask your midwife or doctor what you need."
    )
    return text, outside.source_ids


def stage_verdict(total_mg: float, general_mg: float, outside: StageOutside) -> str | None:
    """/diet's verdict for a day that meets the general figure while the stage's nearest-age value
    is higher (or unknown): not "no gap" (review, 2026-12-03: a pregnant 13-year-old read "No gap:
    50 mg/day above" against 240 mg while the pregnancy value at 14 is 400 mg). None otherwise.
    """
    if total_mg < general_mg or (outside.mg is not None and total_mg >= outside.mg):
        return None
    against_stage = (
        f"{outside.mg - total_mg:.0f} mg below the tables' {outside.words} value at {outside.nearest_age} "
        f"({outside.mg:g} mg {outside.kind})"
        if outside.mg is not None
        else f"and the tables give no {outside.words} value at {outside.nearest_age} either"
    )
    return (
        f"**No verdict for {outside.words} at {outside.age_years}:** food gives {total_mg:.0f} mg, "
        f"{total_mg - general_mg:.0f} mg above the {general_mg:g} mg for a {outside.age_years}-year-old who "
        f"is not pregnant or breastfeeding, {against_stage}. Ask your midwife or doctor what you need."
    )
