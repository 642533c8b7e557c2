"""The safety rules of the dose plan — every rule a person's safety rests on, and only those.

Each rule cites its row of ``data/safety_rules.csv`` (``rule_id``), whose
``source_ids`` name the published sources it rests on. Pages and exports show
only what these functions allow; ``tests/test_safety.py`` tries to break each
rule with generated inputs.

The rules:

- ``no_plan_under_age``: under 4, no plan at all.
- ``self_serve_min_age``: under 18, food first; a plan only when the person
  confirms a clinician advised a dose, and never above the age's upper limit.
- ``stage_clinician_dose``: pregnant or breastfeeding, no self-serve schedule;
  a plan only when the person confirms a midwife or doctor advised a dose, at
  that dose, within the stage's upper limit, never stepping up.
- ``clinician_dose_no_trial``: on a midwife's or doctor's dose (pregnant, breastfeeding, under 18), no
  on/off trial (the advised dose is not stopped and started in blocks, nor carried past a birth).
- ``kidney_no_plan``: kidney disease, no plan.
- ``kidney_check_prompt_age``: from this age, no plan until the person says a recent kidney
  blood test showed normal function (asked on the page, kept only for the tab, never from a link).
- ``kidney_unsure_no_plan``: not sure how well the kidneys work, no plan until a kidney blood test
  has shown it (the person then answers the question).
- ``avoid_medicine_no_plan``: a medicine spacing cannot protect, no plan.
- ``combination_box_read``: a name typed with "Plus", "Comp" or "Co-" found in one class only, no plan
  until the person says its box was read and each active ingredient entered (asked on the page, kept only for the tab).
- ``unknown_medicine_checked``: a medicine typed that the app does not know, no plan until the person says a
  pharmacist or doctor checked it with magnesium (or its ingredients were typed), or removes it (``unknown_waiting``).
- ``doctor_medicine_confirm``: a medicine that changes how the body keeps
  magnesium, no plan until the person confirms its prescriber agreed (never
  part of a link); ``doctor_medicine_warning`` names it beside the plan.
- ``digoxin_prescriber_confirm``: digoxin (an interactions.csv row with ``prescriber_tests``), no
  plan until the person confirms its prescriber agreed; then the spacing is kept.
- ``statin_prescriber_confirm``: a statin, no plan until the person confirms
  its prescriber agreed (cramps can be the statin's own effect); a step up
  goes through the same doctor.
- ``ul_supplemental_cap``: no day above the upper limit (UL) for supplemental
  magnesium; an age with no UL gets no plan.
- ``other_sources_count``: antacids, laxatives, multivitamins count against the
  UL; an amount not yet entered means no plan.
- ``clinician_above_ul``: a clinician's advice lifts the UL only for adults
  who are not pregnant or breastfeeding, up to ``hard_max_mg``; above it, no
  plan. The confirmation is never part of a link.
- ``max_units_per_day``: more units a day than this, stop and check the label.
- ``default_no_step_up``: the plan never steps up by itself.
- ``start_at_guidance_dose``: a self-serve plan starts at no more than the
  guidance's start dose; more only from the week-4 step up.
- ``no_caffeine_suggestions``: /diet never suggests a food with caffeine to close a gap.
- ``no_free_sugar_suggestions``: /diet never suggests fruit juice, coconut water or syrup
  (free sugars) to close a gap.
- ``link_screen_incomplete``: a link's "answered the safety questions" tick
  counts only when every part of the link could be read.
- ``link_tick_no_calendar``: no calendar of doses while that tick is the one a
  link brought (the plan stays on show).
- ``screen_tick_for_its_person``: that tick is taken off when the age or the
  pregnancy answer changes after it was given.
- ``b6_min_age``: vitamin B6 is never suggested under 18.
- ``bisphosphonate_alone_h``: another medicine entered within this many hours of a
  bisphosphonate is named, with its leaflets' advice to take it alone.
- ``pregnancy_flags_for_whom``: a red flag marked for pregnancy (red_flags.csv ``for_whom``) is
  left out only for a person known not to be able to be pregnant.
- ``journal_note_signs``: a journal note of the latest nights whose words name a red flag's sign brings
  that flag's symptom and what to do above the journal's results; ``long_cramp_minutes``: a cramp
  said to have lasted longer names the long-cramp flag.
- ``label_starting_value_confirm``: while the unit's mg is the label field's starting value and not ticked
  as the label's, the plan's files wait and the plan says its count is not yet checked.
- ``kidney_check_medicine``: with a medicine usually taken for diabetes, high blood pressure or heart disease
  (interactions.csv ``kidney_test``), the same kidney-test answer as from ``kidney_check_prompt_age``,
  at any age.
- ``kidney_check_risk_conditions``: at any adult age the kidney question names the conditions
  for which NICE advises a kidney blood test, and asks for "not sure" without one.
- ``answers_checked_first``: an answer changed on the Dose plan page that the page has not yet run
  with (another page opened in the same step), or About you changed since it last ran: no plan anywhere
  until it has; the journal questions every logged dose, /trial draws no blocks, the label converter
  counts no tablets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from maglib.amounts import mg_text, unit_plural

__all__ = [
    "BOX_CONVERTER_WORDS",
    "BOX_JOURNAL_WORDS",
    "COMBINATION_NAMES",
    "COMPOUND_CONFIRM_LABEL",
    "EMERGENCY_NUMBER_KEYS",
    "KIDNEY_CONVERTER_WORDS",
    "KIDNEY_JOURNAL_WORDS",
    "KIND_WORDS",
    "LABEL_DEPENDENT_PRODUCTS",
    "LACTATION_EVIDENCE_GAP",
    "MAGNESIUM_WORDS",
    "NOTE_SIGN_WORDS",
    "NO_TRIAL_BOX_WORDS",
    "NO_TRIAL_UNCHECKED_WORDS",
    "NO_TRIAL_UNKNOWN_WORDS",
    "OTHER_SOURCE_OPTIONS",
    "PICKED_BY_NAME",
    "UNCHECKED_CONVERTER_WORDS",
    "UNCHECKED_JOURNAL_WORDS",
    "UNCHECKED_SUMMARY_WORDS",
    "UNKNOWN_ANCHOR",
    "UNKNOWN_CHECKED_WORDS",
    "UNKNOWN_CONVERTER_WORDS",
    "UNKNOWN_FINDER_WORDS",
    "UNKNOWN_HEADING",
    "UNKNOWN_JOURNAL_WORDS",
    "UNKNOWN_MEDICINE_STOP",
    "Answers",
    "DoseCheck",
    "Note",
    "RuleBook",
    "SafetyResult",
    "SetLimit",
    "above_hard_max_note",
    "asks_above_ul",
    "b6_advice",
    "blood_test_question",
    "blood_tests",
    "caffeine_in_day",
    "child_limit",
    "child_limit_words",
    "clinician_dose_entry_words",
    "clinician_tick_offered",
    "clinician_words",
    "compound_misread_mg",
    "compound_note",
    "converter_ceiling",
    "doctor_cautions",
    "dose_calendar_allowed",
    "emergency_numbers_words",
    "in_sentence",
    "joined_ids",
    "journal_dose_limit",
    "kidney_test_asked",
    "kidney_test_awaited",
    "kidney_test_journal_words",
    "kidney_test_medicine_caption",
    "kidney_test_medicine_names",
    "kidney_test_medicines",
    "kidney_test_missing",
    "label_dependent_product",
    "label_problem",
    "label_unconfirmed",
    "link_dose_words",
    "link_screen_holds",
    "link_set_limit",
    "link_set_limit_words",
    "no_trial_kidney_test_words",
    "no_trial_stage_words",
    "no_trial_words",
    "note_signs",
    "on_the_skin",
    "prescriber_asks",
    "prescriber_can_help",
    "prescriber_journal_words",
    "prescriber_medicines",
    "prescriber_names",
    "prescriber_rule_ids",
    "prescriber_tick_label",
    "prescriber_words",
    "product_to_pick",
    "requested_problem",
    "rule_book",
    "safe_ceiling",
    "screen",
    "screen_tick_holds",
    "screen_tick_off_words",
    "start_dose",
    "step_agreement_mg",
    "step_agreement_words",
    "stop_headings",
    "takes_statin",
    "unit_above_any_day_words",
    "whole_nuts_in_day",
]

#: The confirmation rule ``compound_label_check`` asks for (the dose plan and the label converter).
COMPOUND_CONFIRM_LABEL = (
    "My label gives the weight of the whole compound, with no separate amount of magnesium"
)

#: Other products that can hold magnesium (they count against the same UL).
OTHER_SOURCE_OPTIONS: tuple[str, ...] = (
    "Antacid (e.g. Maalox, Mylanta, Milk of Magnesia)",
    "Laxative with magnesium (e.g. Milk of Magnesia, magnesium citrate)",
    "Multivitamin or mineral supplement",
    "Another magnesium supplement",
)

#: Words that name a magnesium product whatever its brand, and the option it counts under
#: (pharmacist review, 2026-12-04: "Epsom salts" found "no medicine"): Epsom salt is magnesium
#: sulfate, sold as a laxative (fda-epsom-label); any name with "magnesium" or "magnesia" in it.
MAGNESIUM_WORDS: tuple[tuple[str, str], ...] = (
    ("epsom", OTHER_SOURCE_OPTIONS[1]),
    ("magnesi", OTHER_SOURCE_OPTIONS[3]),
    # The options' own kinds typed as such (pharmacist review, 2026-12-04: "multivitamin", "antacid"
    # and "laxative" found "no medicine … keep apart", and a plan followed on top of them).
    ("antacid", OTHER_SOURCE_OPTIONS[0]),
    ("laxative", OTHER_SOURCE_OPTIONS[1]),
    ("multivit", OTHER_SOURCE_OPTIONS[2]),
    # A vitamin for pregnancy is a multivitamin (pregnant review, 2026-12-06: "prenatal vitamin with iron"
    # added the iron only, and its magnesium was never asked for).
    ("prenatal", OTHER_SOURCE_OPTIONS[2]),
    ("pregnancy vitamin", OTHER_SOURCE_OPTIONS[2]),
    # A UK antacid whose tablets hold heavy magnesium carbonate (sources.csv smpc-rennie; pharmacist
    # review, 2026-12-05: "Rennie" was no medicine and not counted). Gaviscon is not here: its UK
    # forms have no magnesium and its US ones do, so the "if its label lists magnesium" words stand.
    ("rennie", OTHER_SOURCE_OPTIONS[0]),
    # UK products with magnesium hydroxide (re-review, 2026-12-05: they found "no medicine"): an antacid
    # (sources.csv smpc-mucogel) and a laxative with liquid paraffin (smpc-milpar).
    ("mucogel", OTHER_SOURCE_OPTIONS[0]),
    # Co-magaldrox, the UK generic name of aluminium with magnesium hydroxide (Maalox, Mucogel; sources.csv
    # ukcpa-co-magaldrox), and the US "Mag-Al" suspensions of the same two (openfda-mag-al-plus): both found
    # "No medicine in this app's list" (planning list, session 56).
    ("magaldrox", OTHER_SOURCE_OPTIONS[0]),
    ("mag-al", OTHER_SOURCE_OPTIONS[0]),
    ("mil-par", OTHER_SOURCE_OPTIONS[1]),
    ("milpar", OTHER_SOURCE_OPTIONS[1]),
)

#: Names that hold magnesium in every form sold under them, and the option the medicine finder picks for them
#: (the plan then waits for their amount; session 57). Each is in :data:`MAGNESIUM_WORDS` or an option's "e.g."
#: list, with its source there; not "Mylanta" (some of its products hold no magnesium), nor a supplement's own
#: name ("magnesium citrate" is often the product being planned), nor a kind ("antacid").
PICKED_BY_NAME: tuple[tuple[str, str], ...] = (
    ("rennie", OTHER_SOURCE_OPTIONS[0]),
    ("mucogel", OTHER_SOURCE_OPTIONS[0]),
    ("magaldrox", OTHER_SOURCE_OPTIONS[0]),
    ("mag-al", OTHER_SOURCE_OPTIONS[0]),
    ("maalox", OTHER_SOURCE_OPTIONS[0]),
    ("milk of magnesia", OTHER_SOURCE_OPTIONS[0]),
    ("epsom", OTHER_SOURCE_OPTIONS[1]),
    ("mil-par", OTHER_SOURCE_OPTIONS[1]),
    ("milpar", OTHER_SOURCE_OPTIONS[1]),
)


def on_the_skin(query: str) -> bool:
    """Whether a typed product is one used on the skin (:data:`ON_THE_SKIN`: "Epsom salt bath", "magnesium
    oil"): not counted against the limit, as the plan's topical words say."""
    return bool(ON_THE_SKIN & set(re.findall(r"[a-z]+", query.casefold())))


def product_to_pick(query: str, taken_by_mouth: bool) -> str | None:
    """The "other products with magnesium" option the medicine finder picks for a typed name, or None: a name
    of :data:`PICKED_BY_NAME` in the query (case aside), taken by mouth (re-review, session 57: "Epsom salt
    bath" was picked as an oral laxative)."""
    needle = query.casefold()
    if not taken_by_mouth or on_the_skin(query):
        return None
    return next((option for word, option in PICKED_BY_NAME if word in needle), None)


def unit_above_any_day_words(unit_mg: float, rules: RuleBook) -> str:
    """Rule ``hard_max_mg`` for a label: one unit holding more magnesium than the most this app plans for anyone
    in a day is likelier a misread label than such a product (reviewer, session 57: 5,000 mg of oxide, 3,015 mg
    a unit, was only "choose a product with less magnesium per unit"). The words that ask to check the label
    first, or '' for a unit at or under that maximum."""
    if not unit_mg > rules.hard_max_mg:
        return ""
    return (
        f"**Check the label:** one unit would hold {unit_mg:,.0f} mg of magnesium, more than the most this app "
        f"plans for anyone in a day ({rules.hard_max_mg:g} mg): check that the number is the label's, in mg "
        "(1 g = 1,000 mg), and which amount it is. "
    )


#: Words of a magnesium product used on the skin (Epsom salt baths, magnesium oil and flakes): not picked.
ON_THE_SKIN = frozenset(
    ("bath", "baths", "soak", "flake", "flakes", "oil", "lotion", "spray", "cream", "gel")
)


#: Words of :data:`MAGNESIUM_WORDS` that name a kind of product, not one product: not every antacid or
#: laxative holds magnesium, so the finder asks for the label instead of picking the kind (session 57).
KIND_WORDS: tuple[str, ...] = ("antacid", "laxative")

#: Product names whose forms differ in magnesium (word, what the sources say, their ids): the finder
#: says so and asks for the label, never counting or clearing the product itself (pharmacist review,
#: 2026-12-06: "Gaviscon" found "no medicine" for a US user whose Gaviscon holds magnesium carbonate).
LABEL_DEPENDENT_PRODUCTS: tuple[tuple[str, str, str], ...] = (
    (
        "gaviscon",
        "Gaviscon's forms differ: the US Gaviscon liquid holds magnesium carbonate with aluminium hydroxide, "
        'as do US "extra strength" antacid tablets of this kind; UK Gaviscon Advance holds no magnesium '
        "(sodium alginate and potassium bicarbonate).",
        "openfda-gaviscon-us;emc-gaviscon-advance",
    ),
    # Some Mylanta products hold no magnesium (re-review, session 57; planning list: the finder still said
    # "holds magnesium itself" of it).
    (
        "mylanta",
        "Mylanta's products differ: Mylanta Classic liquid holds magnesium hydroxide with calcium carbonate; "
        "Mylanta Gas and Mylanta All-Family hold no magnesium.",
        "openfda-mylanta-classic;openfda-mylanta-no-magnesium",
    ),
)


def label_dependent_product(query: str) -> tuple[str, str] | None:
    """What the sources say of a typed product whose forms differ in magnesium (its words, source ids),
    from :data:`LABEL_DEPENDENT_PRODUCTS` (the word anywhere in the query, case aside); else None."""
    needle = query.casefold()
    return next(((words, ids) for word, words, ids in LABEL_DEPENDENT_PRODUCTS if word in needle), None)


#: guidance.csv keys of the emergency numbers said under the red flags (UK, US and Canada, EU).
EMERGENCY_NUMBER_KEYS = ("emergency_number_uk", "emergency_number_us", "emergency_number_eu")


def emergency_numbers_words(uk: float, us: float, eu: float) -> str:
    """Said under the red flags (pharmacist review, 2026-12-06: a US user read only "999 (UK)" and "NHS
    111" in every red flag, printout and reminder): the emergency number where the person is, from
    guidance.csv (source didww-emergency-numbers)."""
    return f"Emergency numbers: {uk:g} in the UK, {us:g} in the US and Canada, {eu:g} across the EU."


_NUMBER_RULES = (
    "no_plan_under_age",
    "self_serve_min_age",
    "hard_max_mg",
    "max_units_per_day",
    "b6_min_age",
    "whole_nuts_min_age",
    "kidney_check_prompt_age",
    "kidney_normal_egfr_min",
    "bisphosphonate_alone_h",
)
_B6_LIMITS = ("b6_ul_us_adult_mg", "b6_ul_eu_adult_mg", "b6_advice_uk_mg")


#: Put before the pregnancy-cramp evidence in the breastfeeding note (the data hold no cramp
#: trial in breastfeeding women).
LACTATION_EVIDENCE_GAP = "The cramp trials cited in this app were in pregnancy, not while breastfeeding."


@dataclass(frozen=True)
class Note:
    """A message for the page. ``level`` is error / warning / info; ``rule_id``
    names the safety rule behind it (empty for plain information)."""

    level: str
    text: str
    source_ids: str = ""
    rule_id: str = ""


@dataclass(frozen=True)
class RuleBook:
    """The numbers of data/safety_rules.csv, with each rule's sources."""

    no_plan_under_age: int
    self_serve_min_age: int
    hard_max_mg: float
    max_units_per_day: int
    b6_min_age: int
    b6_ul_us_adult_mg: float
    b6_ul_eu_adult_mg: float
    #: The UK's advice for B6 from supplements without a doctor's advice (rule ``b6_advice_uk_mg``).
    b6_advice_uk_mg: float
    #: Under this age /diet suggests no nuts, seeds or nut butters (rule ``whole_nuts_min_age``).
    whole_nuts_min_age: int
    #: Hours a bisphosphonate is kept apart from any other medicine (rule ``bisphosphonate_alone_h``).
    bisphosphonate_alone_h: float
    #: From this age the kidney question says how common silent reduced kidney function is (rule
    #: ``kidney_check_prompt_age``).
    kidney_check_prompt_age: int
    #: A kidney blood test counts for the plan only with an eGFR (mL/min/1.73 m²) of at least this;
    #: below it is reduced kidney function (rule ``kidney_normal_egfr_min``).
    kidney_normal_egfr_min: int
    source_ids: Mapping[str, str]

    def cite(self, *rule_ids: str) -> str:
        """The sources of these rules, each id once."""
        ids = (i for r in rule_ids for i in self.source_ids.get(r, "").split(";") if i)
        return ";".join(dict.fromkeys(ids))


def rule_book(table: pd.DataFrame) -> RuleBook:
    """Read data/safety_rules.csv (KeyError names a missing rule)."""
    values = dict(zip(table["rule_id"], table["value"], strict=True))
    missing = [k for k in (*_NUMBER_RULES, *_B6_LIMITS) if k not in values or pd.isna(values[k])]
    if missing:
        raise KeyError(f"safety_rules.csv lacks a value for {', '.join(missing)}")
    return RuleBook(
        no_plan_under_age=int(values["no_plan_under_age"]),
        self_serve_min_age=int(values["self_serve_min_age"]),
        hard_max_mg=float(values["hard_max_mg"]),
        max_units_per_day=int(values["max_units_per_day"]),
        b6_min_age=int(values["b6_min_age"]),
        b6_ul_us_adult_mg=float(values["b6_ul_us_adult_mg"]),
        b6_ul_eu_adult_mg=float(values["b6_ul_eu_adult_mg"]),
        b6_advice_uk_mg=float(values["b6_advice_uk_mg"]),
        source_ids=dict(zip(table["rule_id"], table["source_ids"].astype(str), strict=True)),
        whole_nuts_min_age=int(values["whole_nuts_min_age"]),
        bisphosphonate_alone_h=float(values["bisphosphonate_alone_h"]),
        kidney_check_prompt_age=int(values["kidney_check_prompt_age"]),
        kidney_normal_egfr_min=int(values["kidney_normal_egfr_min"]),
    )


class MedicineLike(Protocol):
    """What the screen reads of an interactions.csv row."""

    @property
    def kind(self) -> str: ...
    @property
    def drug_class(self) -> str: ...
    @property
    def advice(self) -> str: ...
    @property
    def source_ids(self) -> str: ...
    @property
    def reminder(self) -> str: ...
    @property
    def prescriber_tests(self) -> str: ...
    @property
    def prescriber_why(self) -> str: ...
    @property
    def kidney_test(self) -> bool: ...


@dataclass(frozen=True)
class Answers:
    """What the person told the safety questions.

    ``child_dose_confirmed``, ``stage_dose_confirmed``, ``prescriber_agreed`` and
    ``above_ul_confirmed`` are asked on the page (kept only for the tab) and never read from a link.
    """

    age_years: int
    life_stage: str  # general | pregnancy | lactation
    kidney_disease: bool = False
    #: Not sure how well their kidneys work (rule kidney_unsure_no_plan).
    kidney_unsure: bool = False
    #: From the age of rule kidney_check_prompt_age: a recent kidney blood test showed that the
    #: kidneys work normally. Asked on the page (kept only for the tab), never read from a link.
    kidney_test_normal: bool = False
    statin: bool = False
    medicines: tuple[MedicineLike, ...] = ()
    other_sources: tuple[str, ...] = ()
    other_mg: float = 0.0
    child_dose_confirmed: bool = False
    #: Pregnant or breastfeeding: a midwife or doctor advised a dose (rule stage_clinician_dose).
    stage_dose_confirmed: bool = False
    #: The prescriber of a medicine that changes how the body keeps magnesium (kind ``doctor``)
    #: agreed to magnesium with it (rule doctor_medicine_confirm).
    prescriber_agreed: bool = False
    above_ul_confirmed: bool = False
    #: A name typed with "Plus", "Comp" or "Co-" found in one class only, its box not yet said to be read
    #: (rule combination_box_read). Asked on the page (kept only for the tab), never read from a link.
    box_unread: bool = False
    #: A medicine typed in the finder that the app does not know, not yet said to be checked by a pharmacist or
    #: doctor (rule unknown_medicine_checked). Asked on the page (kept only for the tab), never read from a link.
    unknown_unchecked: bool = False

    @property
    def kidney_blocks(self) -> bool:
        """Kidney disease, or not sure: no plan follows any clinician's confirmation then, so none
        is asked for (rules kidney_no_plan, kidney_unsure_no_plan)."""
        return self.kidney_disease or self.kidney_unsure


@dataclass(frozen=True)
class SafetyResult:
    """What the page may show: whether a plan is allowed and its daily ceiling.

    ``limit_mg`` is the most the plan itself may schedule a day (the UL, or the
    hard maximum when a clinician's advice lifts it, less other sources);
    ``None`` only when no plan is allowed.
    """

    plan_allowed: bool
    ul_mg: float | None
    ul_source_ids: str
    limit_mg: float | None
    other_mg: float
    above_ul_allowed: bool
    can_confirm_above_ul: bool
    #: The dose is a clinician's (under 18, or pregnant or breastfeeding): the page asks for the
    #: advised dose instead of the adult guidance's, and the plan never steps up.
    food_first: bool
    needs_child_confirmation: bool
    notes: tuple[Note, ...]
    #: What sets ``limit_mg``, in words ("your upper limit …", or the hard maximum).
    ceiling_words: str = "your upper limit for magnesium from supplements and medicines"
    #: Who advises a clinician's dose (``clinician_words``).
    clinician: str = "doctor"
    #: Whose agreement the plan rests on (rules doctor_medicine_confirm, statin_prescriber_confirm):
    #: "the doctor who prescribes your …", or "" when none was needed. A step up goes through them.
    prescriber: str = ""
    #: Pregnant (rule stage_clinician_dose): the plan says to ask again after the birth.
    pregnant: bool = False


def takes_statin(statin: bool, medicines: Sequence[MedicineLike]) -> bool:
    """The statin box ticked, or a statin picked among the medicines (clinician review, 2026-12-04:
    rosuvastatin picked under Medicines, box unticked, got a plan without the prescriber question)."""
    return statin or any("statin" in m.drug_class.lower() for m in medicines)


def prescriber_names(medicines: Sequence[MedicineLike], statin: bool) -> list[str]:
    """What the prescriber question names: each medicine of :func:`prescriber_medicines`, and a
    statin (rule statin_prescriber_confirm: cramps on a statin can be the statin itself)."""
    asked = prescriber_medicines(medicines)
    # In the stop's order: the medicines that change how the body keeps magnesium, then the others.
    ordered = [m for m in asked if m.kind == "doctor"] + [m for m in asked if m.kind != "doctor"]
    return [m.drug_class.lower() for m in ordered] + (["statin"] if takes_statin(statin, medicines) else [])


def prescriber_rule_ids(medicines: Sequence[MedicineLike], statin: bool) -> tuple[str, ...]:
    """The rules by which a prescriber is asked, for these medicines only: the proposal to the
    prescriber cites these (polypharmacy review, 2026-12-05: a person on a diuretic and digoxin was
    shown the statin rule's sources, statin brands among them, under their proposal)."""
    asked = prescriber_medicines(medicines)
    return tuple(
        rule_id
        for rule_id, applies in (
            ("doctor_medicine_confirm", any(m.kind == "doctor" for m in asked)),
            ("digoxin_prescriber_confirm", any(m.kind != "doctor" for m in asked)),
            ("statin_prescriber_confirm", takes_statin(statin, medicines)),
        )
        if applies
    )


def clinician_words(life_stage: str) -> str:
    """Who advises the dose of a child or a pregnant or breastfeeding person: a midwife or doctor in
    pregnancy or while breastfeeding, at any age (review, 2026-12-03: a pregnant 16-year-old was
    asked to confirm only a doctor's dose and sent only to a doctor at her reviews); else a doctor."""
    return "doctor" if life_stage == "general" else "midwife or doctor"


def _amount(value: object) -> float:
    """A finite, non-negative amount (anything else counts as 0)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) and number > 0 else 0.0


def _limit(value: float | None, words: str) -> str:
    """ "the upper limit (350 mg a day)", or that the reference set gives none."""
    if value is None:
        return f"no {words} for this age in the chosen reference values"
    return f"the {words} of {value:g} mg a day"


def safe_ceiling(
    *, ul_mg: float | None, other_mg: float, above_ul_allowed: bool, hard_max_mg: float
) -> float | None:
    """The most a plan may schedule a day: the UL, never above the hard maximum (lifted: the
    hard maximum), less other sources. ``None`` when no UL is set (no plan)."""
    if ul_mg is None:
        return None
    # The hard maximum caps every plan: a reference set whose limit is higher (the UK's 400 mg
    # guidance level) still gets no more than the largest dose in the cited trials.
    base = hard_max_mg if above_ul_allowed else min(ul_mg, hard_max_mg)
    return max(0.0, base - _amount(other_mg))


@dataclass(frozen=True)
class SetLimit:
    """One reference set's supplemental limit for a person: its label ("US"), mg (``None``: none set or
    not verified), kind (``UL``, ``guidance`` …) and sources."""

    label: str
    mg: float | None
    kind: str
    source_ids: str


def child_limit(
    age_years: int, chosen: SetLimit, others: Sequence[SetLimit], rules: RuleBook
) -> SetLimit | None:
    """Rule ``child_lowest_limit``: under :attr:`RuleBook.self_serve_min_age`, the chosen set's limit is
    never above another set's limit for the same age (teen review, 2026-12-06: choosing the EU values, or
    a link carrying them, raised a 6-year-old's limit from the US 110 mg to the EU's 250 mg). The lower
    set's limit, or ``None`` when the chosen one stands (an adult, the lowest already, or no limit: no
    plan, never one borrowed from another set)."""
    if age_years >= rules.self_serve_min_age or chosen.mg is None:
        return None
    lower = [(o.mg, i) for i, o in enumerate(others) if o.mg is not None and o.mg < chosen.mg]
    return others[min(lower)[1]] if lower else None


def child_limit_words(used: SetLimit, chosen: SetLimit, rules: RuleBook) -> str:
    """Why a child's plan keeps to another set's limit (rule ``child_lowest_limit``), in words."""
    return (
        f"Under {rules.self_serve_min_age} this app keeps to the lowest upper limit the US, EU and UK values "
        f"give for the age: {used.mg:g} mg a day ({used.label}), below the {chosen.label}'s {chosen.mg:g} mg."
    )


def link_set_limit(chosen: SetLimit, default: SetLimit, own_choice: bool) -> SetLimit | None:
    """Rule ``link_set_no_lift``: a reference set that came with a link and was not chosen by the reader never
    raises the supplemental limit above ``default``'s (the set used when no link chooses; pharmacist review,
    session 58: a link's UK values raised its receiver's step up to 366 mg). ``default`` when it is lower than
    the chosen set's limit and the reader did not choose that set; else ``None`` (the chosen limit stands; a
    set with no limit gives no plan, never one borrowed)."""
    if own_choice or chosen.mg is None or default.mg is None or not chosen.mg > default.mg:
        return None
    return default


def link_set_limit_words(used: SetLimit, chosen: SetLimit) -> str:
    """Why the limit is another set's (rule ``link_set_no_lift``), in words."""
    return (
        f"The {chosen.label} values came with the link or an earlier address: until you confirm them (on the Diet "
        f"or Dose plan page, under Reference values), this app keeps to {used.mg:g} mg a day ({used.label}), the "
        f"limit it uses when no link chooses, not the {chosen.label}'s {chosen.mg:g} mg."
    )


def joined_ids(cells: Iterable[str]) -> str:
    """Source-id cells ("a;b", "b;c") joined into one ("a;b;c"), each id once, in order."""
    return ";".join(dict.fromkeys(i for cell in cells for i in cell.split(";") if i))


def kidney_test_medicines(medicines: Sequence[MedicineLike]) -> list[MedicineLike]:
    """Rule ``kidney_check_medicine``: the medicines usually taken for a condition NICE tests kidneys
    for (interactions.csv ``kidney_test``)."""
    return [m for m in medicines if m.kidney_test]


def kidney_test_asked(age_years: int, medicines: Sequence[MedicineLike], rules: RuleBook) -> bool:
    """Whether /schedule asks whether a recent kidney blood test showed an eGFR of at least rule
    ``kidney_normal_egfr_min``: from the age of rule ``kidney_check_prompt_age``, or at any age with a
    medicine of rule ``kidney_check_medicine`` (pharmacist review, 2026-12-06: a calcium-channel
    blocker, for high blood pressure or angina, got a plan at 58 with no kidney answer)."""
    return age_years >= rules.kidney_check_prompt_age or bool(kidney_test_medicines(medicines))


def kidney_test_missing(
    age_years: int,
    kidney: bool,
    unsure: bool,
    tested: bool,
    rules: RuleBook,
    medicines: Sequence[MedicineLike] = (),
) -> bool:
    """Rules ``kidney_check_prompt_age`` and ``kidney_check_medicine``: where the kidney-test answer
    is asked (:func:`kidney_test_asked`), with neither kidney answer ticked and no recent kidney blood
    test said — no plan (:func:`screen`), and no clinician's tick is asked."""
    return kidney_test_asked(age_years, medicines, rules) and not (kidney or unsure or tested)


def doctor_cautions(medicines: Sequence[MedicineLike]) -> tuple[str, ...]:
    """For the calendar: each chosen medicine's short reminder for the days after the start, where its
    row has one (every medicine that changes how the body keeps magnesium, kind ``doctor``, has:
    "Loop diuretics: Long-term use can …"; "Digoxin (heart medicine): Feeling or being sick, …"), as
    plain text, in the order given.

    Clinician review, 2026-12-04: the calendar of a person on a loop diuretic and a PPI never named
    them, nor the blood test to ask about, while the page said both; the reminders are what a
    person sees every day. Polypharmacy review, 2026-12-05: digoxin's signs of toxicity were on the
    page only, never in a reminder.
    """
    # A row's reminder is for the days after the start (GP review, 2026-12-05: a loop diuretic's daily
    # reminder said "ask your doctor … before you start a supplement" weeks after the prescriber agreed);
    # a doctor-kind medicine without one (data.py requires it) falls back to its advice.
    return tuple(
        f"{m.drug_class}: {m.reminder or m.advice}" for m in medicines if m.reminder or m.kind == "doctor"
    )


def prescriber_medicines(medicines: Sequence[MedicineLike]) -> list[MedicineLike]:
    """The medicines whose prescriber must agree before a plan: those that change how the body keeps
    magnesium (kind ``doctor``, rule doctor_medicine_confirm), and digoxin, whose safe level rests on
    the blood's potassium and magnesium and on the kidneys (rule digoxin_prescriber_confirm) — every
    interactions.csv row with ``prescriber_tests`` (data.py: every ``doctor`` row has them).

    Polypharmacy review, 2026-12-05: a 78-year-old on digoxin and furosemide got spacing only for the
    digoxin, and "lower the dose" for diarrhoea, where digoxin's leaflet says to tell the doctor."""
    return [m for m in medicines if m.kind == "doctor" or m.prescriber_tests]


def blood_tests(medicines: Sequence[MedicineLike]) -> list[str]:
    """The blood tests the medicines' rows name (interactions.csv prescriber_tests), each once, in order."""
    return list(
        dict.fromkeys(t.strip() for m in medicines for t in m.prescriber_tests.split(";") if t.strip())
    )


def blood_test_question(medicines: Sequence[MedicineLike]) -> str:
    """What to ask the prescriber of :func:`prescriber_medicines` about blood tests, once for all of
    them: each test once, doctor-kind medicines first (as the stop names them), then why ("whether a
    blood test should come first: of your magnesium, kidney function, potassium and digoxin level,
    since …"); '' when none names a test. Adversarial review, 2026-12-05: digoxin and a diuretic asked
    for the same tests twice in two sentences."""
    asked = prescriber_medicines(medicines)
    ordered = [m for m in asked if m.kind == "doctor"] + [m for m in asked if m.kind != "doctor"]
    tests = blood_tests(ordered)
    reasons = list(dict.fromkeys(m.prescriber_why for m in ordered if m.prescriber_why))
    # A reason said inside another once, not twice (phone review, session 57: a loop diuretic and a PPI read
    # "… and the kidneys clear the extra magnesium, and the kidneys clear the extra magnesium").
    reasons = [r for r in reasons if not any(r != other and r in other for other in reasons)]
    if not tests:
        return ""
    # Reasons joined with ", and" (GP review, 2026-12-05: "since the kidneys clear the extra magnesium
    # and digoxin builds up …" read as the kidneys clearing digoxin).
    return f"whether a blood test should come first: of your {_and(tests)}" + (
        f", since {', and '.join(reasons)}" if reasons else ""
    )


def stop_headings(result: SafetyResult) -> tuple[str, ...]:
    """The bold headings of the stops (error notes) that keep a plan back, as plain text, each once
    ("No plan until your doctor agrees."): what the trial's summary says when there is no plan."""
    found = []
    for note in result.notes:
        if note.level == "error" and note.text.startswith("**"):
            found.append(note.text[2:].partition("**")[0].strip())
    return tuple(dict.fromkeys(h for h in found if h))


def prescriber_asks(medicines: Sequence[MedicineLike], statin: bool) -> list[str]:
    """What to ask the prescriber besides whether magnesium is right: the blood tests (once for all
    the medicines, :func:`blood_test_question`), and with a statin whether the cramps could be the
    statin itself (rule statin_prescriber_confirm). Empty when there is nothing more to ask."""
    tests = blood_test_question(medicines)
    return [
        *((tests,) if tests else ()),
        *(("whether your cramps could be the statin itself",) if takes_statin(statin, medicines) else ()),
    ]


def prescriber_words(names: Sequence[str], *, whose: str = "your") -> str:
    """Whose agreement a plan rests on: "the doctor who prescribes your statin", or with several
    medicines "the doctor or doctors who prescribe your digoxin (heart medicine), loop diuretics and
    statin" (adversarial review, 2026-12-05: one doctor was assumed, and the names were joined by
    "and … and"); ``whose``: "my" for the person's own tick, "their" on the printout. '' with none."""
    if not names:
        return ""
    if len(names) == 1:
        return f"the doctor who prescribes {whose} {names[0]}"
    return f"the doctor or doctors who prescribe {whose} {_and(list(names))}"


def prescriber_tick_label(names: Sequence[str], agreed_to: str = "I can take magnesium") -> str:
    """The person's tick that the prescriber agreed (to magnesium, or ``agreed_to`` — a higher dose):
    with several medicines, each one's doctor."""
    if len(names) > 1:
        return f"Each doctor who prescribes my {_and(list(names))} has agreed {agreed_to}"
    words = prescriber_words(names, whose="my")
    return f"{words[0].upper()}{words[1:]} has agreed {agreed_to}"


def prescriber_can_help(answers: Answers, rules: RuleBook, ul_mg: float | None) -> bool:
    """Whether a prescriber's agreement could bring a plan, so is asked for: not with kidney disease
    or "not sure", not from the age of rule kidney_check_prompt_age without a kidney answer, not with
    a medicine spacing cannot protect, not where the chosen values set no upper limit (adversarial
    reviews, 2026-12-05: a 78-year-old untested, digoxin with raltegravir, and the UK values in
    pregnancy were told to "confirm it below" beside a tick that could do nothing)."""
    if ul_mg is None or answers.age_years < rules.no_plan_under_age:
        # No plan under that age whatever anyone agrees (adversarial review, 2026-12-05: at 3 the tick
        # was asked, and ticking it let /trial draw a trial).
        return False
    untested = kidney_test_missing(
        answers.age_years,
        answers.kidney_disease,
        answers.kidney_unsure,
        answers.kidney_test_normal,
        rules,
        answers.medicines,
    )
    return not (answers.kidney_blocks or untested or any(m.kind == "avoid" for m in answers.medicines))


def screen(
    answers: Answers,
    *,
    ul_mg: float | None,
    ul_source_ids: str,
    rules: RuleBook,
    evidence: Mapping[str, tuple[str, str]],
    ul_words: str = "upper limit",
    ul_note: str = "",
) -> SafetyResult:
    """Apply every rule to the person's answers; returns what the page may show.

    ``ul_words`` names the limit as the chosen reference set does ("upper limit", or the
    UK's "safe upper level (guidance)"); ``ul_note`` says why a child's limit is another set's (rule
    child_lowest_limit), after the child's note.
    """
    notes: list[Note] = []
    allowed = True
    age = int(answers.age_years)
    stage = answers.life_stage if answers.life_stage in {"pregnancy", "lactation"} else "general"
    other_mg = _amount(answers.other_mg)

    def claim(evidence_id: str) -> tuple[str, str]:
        return evidence.get(evidence_id, ("", ""))

    def stop(rule_id: str, text: str, extra_sources: str = "") -> None:
        nonlocal allowed
        allowed = False
        notes.append(Note("error", text, joined_ids([rules.cite(rule_id), extra_sources]), rule_id))

    child = age < rules.self_serve_min_age
    # Pregnant or breastfeeding adults (a pregnant child takes the child's path above).
    expecting = stage != "general" and not child
    who = clinician_words(stage)  # "doctor", or "midwife or doctor" in pregnancy or breastfeeding
    needs_child_confirmation = rules.no_plan_under_age <= age and child and not answers.child_dose_confirmed
    if age < rules.no_plan_under_age:
        stop(
            "no_plan_under_age",
            f"**No plan under {rules.no_plan_under_age}.** Magnesium supplements for a young child only "
            "on a doctor's advice and at the dose they give. Food first: the Diet page shows how much "
            "magnesium the child's food gives.",
        )
    elif needs_child_confirmation:
        stop(
            "self_serve_min_age",
            f"**Under {rules.self_serve_min_age}: food first, no dosing schedule.** The guidance's doses "
            "were written for adults. Check the Diet page for how much magnesium food already gives, and "
            f"ask a {who} before giving a supplement."
            # With kidney disease no plan follows a confirmation, and the page does not ask for one
            # (pharmacist review, 2026-12-04: "confirm it below" beside a tick that did nothing).
            + (
                ""
                if answers.kidney_blocks
                else f" If a {who} has advised a dose, confirm it below and the plan stays within "
                f"{_limit(ul_mg, ul_words)} for this age." + (f" {ul_note}" if ul_note else "")
                if ul_mg is not None
                else " The chosen reference values set no upper limit for this age, so this app makes no "
                f"plan even on a {who}'s advice: ask the {who} for a written plan."
            ),
        )
    elif child:
        notes.append(
            Note(
                "warning",
                f"**Under {rules.self_serve_min_age}, on a {who}'s advice:** "
                + (
                    f"the plan never goes above {_limit(ul_mg, ul_words)} of supplemental magnesium for "
                    "this age." + (f" {ul_note}" if ul_note else "")
                    if ul_mg is not None
                    else "the chosen reference values set no upper limit for this age, so this app makes "
                    f"no plan: ask the {who} for a written plan."
                ),
                rules.cite(
                    "self_serve_min_age", "ul_supplemental_cap", *(("child_lowest_limit",) if ul_note else ())
                ),
                "self_serve_min_age",
            )
        )
    if answers.kidney_disease:
        text, sources = claim("ods-kidney-toxicity")
        stop(
            "kidney_no_plan",
            "**No plan: see a clinician first.** With kidney disease the body cannot clear extra "
            "magnesium, so a supplement can build up to harmful levels. " + text,
            sources,
        )
    elif answers.kidney_unsure or kidney_test_missing(
        age,
        answers.kidney_disease,
        answers.kidney_unsure,
        answers.kidney_test_normal,
        rules,
        answers.medicines,
    ):
        # Pharmacist review (2026-12-05): no "not sure" answer, and reduced kidney function is common
        # and silent in older people; the plan waits for a kidney blood test's answer.
        text, sources = claim("ods-kidney-toxicity")
        # Polypharmacy review (2026-12-05): from 75 two boxes left unticked read as "kidneys fine" and
        # a 78-year-old on digoxin whose results were unknown got a plan. From that age the plan waits
        # for a kidney blood test's answer unless the person says one showed normal function (rule
        # kidney_check_prompt_age: about 1 in 2 people over 75 have reduced kidney function).
        over_age = not answers.kidney_unsure and age >= rules.kidney_check_prompt_age
        # Rule kidney_check_medicine: a medicine usually taken for diabetes, high blood pressure or heart disease
        # asks the same answer at any age (pharmacist review, 2026-12-06).
        test_medicines = kidney_test_medicines(answers.medicines) if not answers.kidney_unsure else []
        # A medicine whose prescriber must agree waits too (prescriber_can_help: not before the kidney
        # answer): ask them at the same visit, so the kidney test and theirs are not two rounds of blood
        # tests (GP review, 2026-12-05: at 78 on digoxin the page and printout asked only for an eGFR).
        asked_names = prescriber_names(answers.medicines, answers.statin)
        kidney_visit_words = (
            f" **You also take {_and(['a statin' if n == 'statin' else n for n in asked_names])}:** at the "
            "same visit, ask "
            + prescriber_words(asked_names)
            + " whether magnesium is right for you"
            + "".join(f", and {ask}" for ask in prescriber_asks(answers.medicines, answers.statin))
            + "."
            if asked_names and ul_mg is not None
            else ""
        )
        kidney_visit_sources = (
            [m.source_ids for m in prescriber_medicines(answers.medicines)]
            + [rules.cite(r) for r in prescriber_rule_ids(answers.medicines, answers.statin)]
            if kidney_visit_words
            else []
        )
        stop(
            "kidney_check_prompt_age"
            if over_age
            else "kidney_check_medicine"
            if test_medicines
            else "kidney_unsure_no_plan",
            (
                f"**No plan yet: from {rules.kidney_check_prompt_age}, find out how well your kidneys work "
                f"first.** About 1 in 2 people over {rules.kidney_check_prompt_age} have reduced kidney "
                "function, most without symptoms; it is found by a blood test (eGFR). If a recent kidney "
                f"blood test has shown an eGFR of {rules.kidney_normal_egfr_min} or more, tick that under the "
                f"kidney question; if it was below {rules.kidney_normal_egfr_min}, that is reduced kidney "
                "function: tick the first box and talk to your GP before taking magnesium; if you have not had "
                "one, ask your GP for one before taking magnesium. "
                if over_age
                else "**No plan yet: find out how well your kidneys work first.** "
                + _medicine_kidney_words([m.drug_class for m in test_medicines])
                + f" NICE advises a kidney blood test (eGFR) for people with {KIDNEY_TEST_CONDITIONS}. "
                "Reduced kidney function often has no symptoms. If a recent kidney blood test "
                f"has shown an eGFR of {rules.kidney_normal_egfr_min} or more, tick that under Medicines I "
                f"take; if it was below {rules.kidney_normal_egfr_min}, that is reduced kidney function: "
                "tick the first box and talk to your GP before taking magnesium; if you have not had one, ask "
                "your GP for one before taking magnesium. "
                if test_medicines
                else "**No plan yet: find out how well your kidneys work first.** Reduced kidney function "
                "often has no symptoms and is found by a blood test (eGFR). Ask your GP or pharmacist "
                f"whether a kidney blood test has shown an eGFR of {rules.kidney_normal_egfr_min} or more: if "
                f"it has, untick “not sure”; if it was below {rules.kidney_normal_egfr_min}, that is reduced "
                "kidney function: tick the first box and talk to your GP before taking magnesium; if you have "
                "not had one, ask for one before taking magnesium. "
            )
            + text
            + kidney_visit_words,
            joined_ids(
                [
                    sources,
                    rules.cite("kidney_normal_egfr_min"),
                    *kidney_visit_sources,
                ]
            ),
        )
    if ul_mg is None and age >= rules.no_plan_under_age:
        stop(
            "ul_supplemental_cap",
            "**No plan:** the chosen reference values give no upper limit for supplemental magnesium "
            "for you (none is set, or none could be verified, for your age"
            + (" or while pregnant or breastfeeding" if stage != "general" else "")
            + "), so supplements should only be given on a clinician's advice.",
            ul_source_ids,
        )
    for medicine in answers.medicines:
        if medicine.kind == "avoid":
            stop(
                "avoid_medicine_no_plan",
                f"**No plan with {medicine.drug_class}:** {medicine.advice}",
                medicine.source_ids,
            )
    if answers.box_unread:
        stop(
            "combination_box_read",
            f"**No plan until you have read the box.** A medicine name with {COMBINATION_NAMES} in it can "
            "be a combination tablet with a second medicine in it, and a second medicine can change what the "
            "plan must ask (a diuretic's prescriber, for one). Read the active ingredients on the box, type "
            "each one in the medicine finder under Medicines I take, then tick that you have, beside the name.",
        )
    if answers.unknown_unchecked:
        stop("unknown_medicine_checked", UNKNOWN_MEDICINE_STOP)
    can_confirm = not child and stage == "general" and ul_mg is not None and ul_mg < rules.hard_max_mg
    lifted = can_confirm and answers.above_ul_confirmed
    if answers.other_sources and other_mg <= 0:
        stop(
            "other_sources_count",
            "**Enter the magnesium in your other products first.** You take "
            + ", ".join(s.split(" (")[0].lower() for s in answers.other_sources)
            + ": their magnesium counts against the same upper limit. Find 'magnesium' on each label "
            "(mg per dose × doses a day) and enter the total. A product whose label lists no magnesium "
            "does not count against this limit: take it off the list of other products, and ask a "
            "pharmacist how far apart to take it from your medicines.",
        )
    if ul_mg is not None and other_mg >= ul_mg:
        # Above the limit by themselves (pharmacist review, session 58: 2,000 mg of antacid got only "Ask a
        # pharmacist"): the signs of too much magnesium and what to do (evidence.csv ods-toxicity-signs).
        signs, signs_ids = claim("ods-toxicity-signs") if other_mg > ul_mg else ("", "")
        stop(
            "other_sources_count",
            f"**No plan: your other products already give {other_mg:g} mg a day**, at or above "
            f"{_limit(ul_mg, ul_words)} for magnesium from supplements and medicines. Ask a pharmacist."
            + (
                " That amount is above the limit by itself: show the products to a pharmacist or doctor before "
                f"you take that much again. {signs} If you get any of these, stop taking them and get medical "
                "advice; difficulty breathing or an irregular heartbeat needs emergency help."
                if signs
                else ""
            ),
            joined_ids([ul_source_ids, signs_ids]),
        )
    elif other_mg > 0 and ul_mg is not None:
        # The plan's own ceiling, as it is worked out below: the hard maximum caps a higher limit.
        most = safe_ceiling(
            ul_mg=ul_mg, other_mg=other_mg, above_ul_allowed=lifted, hard_max_mg=rules.hard_max_mg
        )
        capped = lifted or ul_mg > rules.hard_max_mg
        notes.append(
            Note(
                "info",
                f"Your other products give up to {other_mg:g} mg a day; the plan counts them every day, so it schedules at "
                f"most {most:g} mg a day to stay within "
                + (
                    f"the largest daily dose by mouth in the trials this app cites ({rules.hard_max_mg:g} mg)"
                    + ("" if lifted else f", below {_limit(ul_mg, ul_words)}")
                    if capped
                    else _limit(ul_mg, ul_words)
                )
                + ".",
                rules.cite("other_sources_count", *(("hard_max_mg",) if capped else ())),
                "other_sources_count",
            )
        )
    # The stage's words and evidence (used only below, for a pregnant or breastfeeding person).
    word = "pregnant" if stage == "pregnancy" else "breastfeeding"
    text, sources = claim("cochrane-2020-pregnancy")
    if stage == "lactation" and text:
        # The only cramp trials in the data are in pregnancy: say so, not let them read as
        # evidence about breastfeeding.
        text = f"{LACTATION_EVIDENCE_GAP} {text}"
    if expecting and ul_mg is not None and not answers.stage_dose_confirmed:
        # Rule stage_clinician_dose: the page itself says to check with a midwife or doctor first,
        # so it does not hand out a self-serve schedule before that.
        stop(
            "stage_clinician_dose",
            f"**While {word}: no self-serve schedule.** Take magnesium for cramps only on your midwife's "
            "or doctor's advice: they will want to rule out other causes (pain or swelling in one calf or "
            "leg needs your midwife, GP or maternity unit straight away) and the trials are few. "
            # Not with kidney disease: no plan follows a confirmation then (as the child's, above).
            + (
                ""
                if answers.kidney_blocks
                else "If your midwife or doctor has advised a dose, confirm it below: the plan then uses "
                f"that dose, within {_limit(ul_mg, ul_words)}, and never steps up by itself. "
            )
            + text,
            sources,
        )
    elif stage != "general":
        # Their dose: an adult's confirmed (above), or a pregnant or breastfeeding child's, confirmed
        # on the child's path (pharmacist review, 2026-12-03: a 16-year-old's confirmed dose was
        # followed by "Check any supplement with your midwife or doctor first").
        advised = (expecting or answers.child_dose_confirmed) and ul_mg is not None
        notes.append(
            Note(
                "warning",
                f"**While {word}"
                + (", on your midwife's or doctor's advice" if advised else "")
                + ":** "
                + (
                    f"the plan never goes above {_limit(ul_mg, ul_words)} for supplemental magnesium. "
                    if ul_mg is not None
                    else "the chosen reference values give no verified upper limit for supplemental "
                    "magnesium, so this app makes no plan. "
                )
                + (
                    "Change the dose only with the midwife or doctor who advised it. "
                    if advised
                    else "Check any supplement with your midwife or doctor first. "
                )
                + text,
                ";".join(
                    s
                    for s in (ul_source_ids, sources, rules.cite("stage_clinician_dose") if expecting else "")
                    if s
                ),
                "stage_clinician_dose" if expecting else "clinician_above_ul",
            )
        )
    if takes_statin(answers.statin, answers.medicines):
        text, sources = claim("brief-statin-considerations")
        notes.append(
            Note(
                "warning",
                # The red flags' own words (red_flags.csv statin-muscle), wherever the page shows them
                # (pharmacist review, 2026-12-04: "needs your doctor soon (see the red flags below)").
                # Rule statin_cramps_flag: the cramps that brought the person here can be the statin's.
                # (adversarial re-review, 2026-12-05: cramps put in the urgent flag locked out every statin
                # user with night cramps; they are a flag of their own, for the statin's prescriber).
                "**Taking a statin:** muscle pain, tenderness or weakness you can't explain, or dark urine: "
                "contact your doctor straight away (see the red flags). Cramps that began or got worse after you "
                "started the statin or took a higher dose: ask the doctor who prescribes it before trying "
                "magnesium (a blood test, CK, can tell); cramps you had before the statin, unchanged since, are "
                "less likely to come from it. "
                + (
                    ""
                    if any("rosuvastatin" in m.drug_class.lower() for m in answers.medicines)
                    else "If it is rosuvastatin (Crestor), also pick it under Medicines: it needs spacing. "
                )
                + (text or "Muscle symptoms can come from the statin itself; talk to your prescriber."),
                joined_ids([rules.cite("statin_cramps_flag"), sources]),
            )
        )
    needs_prescriber = prescriber_medicines(answers.medicines)
    # With kidney disease there is no plan whatever the prescriber agreed (kidney_no_plan above),
    # and the page does not ask: no "confirm it below" for a question that is not there.
    ask_prescriber = not answers.prescriber_agreed and prescriber_can_help(answers, rules, ul_mg)
    if needs_prescriber and ask_prescriber:
        # Rule doctor_medicine_confirm: a supplement with these medicines is the prescriber's
        # decision, so no plan (nor calendar) until the person confirms the prescriber agreed.
        changing = [m.drug_class.lower() for m in needs_prescriber if m.kind == "doctor"]
        others = [m.drug_class.lower() for m in needs_prescriber if m.kind != "doctor"]
        taken = ", and ".join(
            part
            for part in (
                (_and(changing) + ", which change how your body keeps magnesium") if changing else "",
                _and(others) if others else "",
            )
            if part
        )
        # The blood tests to ask about are data (interactions.csv prescriber_tests, prescriber_why): how
        # well the kidneys work too (clinician review, 2026-12-04: a 72-year-old on a loop diuretic was
        # asked only about a magnesium test; the kidneys clear the extra, ods-mg-hp), and with digoxin
        # its level and potassium; each test once.
        tests = blood_test_question(needs_prescriber)
        stop(
            "digoxin_prescriber_confirm" if not changing else "doctor_medicine_confirm",
            # "Ask the doctor who prescribes your thiazide diuretics" (GP review, 2026-12-05: "prescribes
            # it" after a plural class name).
            f"**No plan until your doctor agrees.** You take {taken}. Ask "
            + prescriber_words(prescriber_names(needs_prescriber, False))
            + " whether magnesium is right for you"
            + (f", and {tests}" if tests else "")
            + ". If they agree, confirm it below to see the plan.",
            joined_ids(
                [
                    *(m.source_ids for m in needs_prescriber),
                    rules.cite("digoxin_prescriber_confirm") if changing and others else "",
                ]
            ),
        )
    if takes_statin(answers.statin, answers.medicines) and ask_prescriber:
        # Rule statin_prescriber_confirm (pharmacist review, 2026-12-04): cramps or aches on a statin
        # can be the statin's own muscle effect, which magnesium would only hide.
        # Beside the medicines' stop the heading was the same words twice, and two red boxes read as two
        # ticks to find (GP review, 2026-12-05: thiazide + statin); one tick answers both.
        stop(
            "statin_prescriber_confirm",
            (
                "**Your statin too: the same tick waits for its prescriber.** "
                if needs_prescriber
                else "**No plan until your doctor agrees.** "
            )
            + "Cramps or muscle aches while you take a statin can come from the statin itself. Ask the "
            "doctor who prescribes it whether your cramps could be the statin, and whether magnesium is "
            "right for you; if they agree, confirm it below to see the plan"
            + (" (one tick for both)" if needs_prescriber else "")
            + ". Muscle pain, tenderness or weakness you can't explain, or dark urine: contact them "
            "straight away, not at your next routine visit (see the red flags).",
        )
    for medicine in answers.medicines:
        if medicine.kind == "doctor":
            # The medicine changes how the body keeps magnesium: the prescriber should know first
            # (rule doctor_medicine_warning), so it is a warning beside the plan, not a side note.
            notes.append(
                Note(
                    "warning",
                    f"**{medicine.drug_class}: ask your doctor before you start.** {medicine.advice}",
                    ";".join(s for s in (medicine.source_ids, rules.cite("doctor_medicine_warning")) if s),
                    "doctor_medicine_warning",
                )
            )
        elif medicine.prescriber_tests and medicine.kind != "avoid":
            # Rule digoxin_prescriber_confirm: its prescriber decides, so a warning, not a side note.
            notes.append(
                Note(
                    "warning",
                    f"**{medicine.drug_class}: ask your doctor before you start.** {medicine.advice}",
                    ";".join(s for s in (medicine.source_ids, rules.cite("digoxin_prescriber_confirm")) if s),
                    "digoxin_prescriber_confirm",
                )
            )
        elif medicine.kind == "effect":
            # Rule medicine_cramps_flag: the medicine can be the cramps' own cause (pharmacist review,
            # 2026-12-06: under a blue note the plan began tonight), a warning beside the plan.
            notes.append(
                Note(
                    "warning",
                    f"**{medicine.drug_class}: it can cause cramps itself.** {medicine.advice}",
                    joined_ids([medicine.source_ids, rules.cite("medicine_cramps_flag")]),
                    "medicine_cramps_flag",
                )
            )
        elif medicine.kind != "avoid":
            notes.append(Note("info", f"**{medicine.drug_class}:** {medicine.advice}", medicine.source_ids))
    # A product that is itself one of the timed medicines cannot be spaced from itself (pregnant review,
    # 2026-12-06: a prenatal vitamin with iron and magnesium was told to keep away from oral iron).
    timed = [m.drug_class.lower() for m in answers.medicines if m.kind == "timing"]
    if answers.other_sources and timed:
        notes.append(
            Note(
                "warning",
                "**Your other products hold magnesium too:** keep them the same hours away from "
                + ", ".join(timed)
                + " as this plan keeps your magnesium supplement (most of these medicines' labels were "
                "written about antacids). A product that holds one of these medicines itself, such as a "
                "multivitamin with iron, cannot be kept apart from itself: ask your pharmacist how to take it.",
                rules.cite("other_sources_count"),
                "other_sources_count",
            )
        )

    limit = (
        safe_ceiling(ul_mg=ul_mg, other_mg=other_mg, above_ul_allowed=lifted, hard_max_mg=rules.hard_max_mg)
        if allowed
        else None
    )
    if lifted or (ul_mg is not None and ul_mg > rules.hard_max_mg):
        ceiling = f"the largest daily dose by mouth in the trials this app cites ({rules.hard_max_mg:g} mg)"
    else:
        ceiling = f"your {ul_words} for magnesium from supplements and medicines"
    names = prescriber_names(answers.medicines, answers.statin)
    return SafetyResult(
        prescriber=prescriber_words(names),
        ceiling_words=ceiling,
        plan_allowed=allowed,
        ul_mg=ul_mg,
        ul_source_ids=ul_source_ids,
        limit_mg=limit,
        other_mg=other_mg,
        above_ul_allowed=lifted,
        can_confirm_above_ul=can_confirm,
        food_first=child or expecting,
        needs_child_confirmation=needs_child_confirmation,
        notes=tuple(notes),
        clinician=clinician_words(stage),
        pregnant=stage == "pregnancy",
    )


def link_screen_holds(ticked_in_link: bool, unread: Sequence[str]) -> bool:
    """``link_screen_incomplete``: does a shared link's "answered the safety questions" tick count?

    ``unread`` names every part of the link that could not be used (the link check's ignored
    parameters, whatever the reason). Each fell back to its default, and the defaults are the
    permissive answers (no kidney disease, no medicines, no other products, an adult age), so a
    tick that came with such a link may stand on answers the sender never gave: it counts only
    when nothing was left unread. The person can always tick it again themselves.
    """
    return bool(ticked_in_link) and len(unread) == 0


def dose_calendar_allowed(tick_from_link: bool) -> bool:
    """``link_tick_no_calendar``: may the page offer a calendar of doses (the plan's or the trial's), or
    the plan's spreadsheet?

    Not while the safety tick is the one a shared link brought: the reader has not answered the
    questions nor read the red flags, and a calendar puts the doses on their phone. The plan itself
    stays on show (the link reproduces the sender's view); the reader's own tick opens the calendar.
    """
    return not tick_from_link


def screen_tick_holds(given_for: tuple[int, str] | None, now: tuple[int, str]) -> bool:
    """``screen_tick_for_its_person``: does the safety tick still stand for the answers on the page?

    ``given_for`` is the (age, life stage) the page showed when the tick was last seen standing,
    ``None`` when none was recorded yet (a tick that came with a shared link: it is for the link's
    own answers). A changed age or pregnancy answer takes the tick off: a cleared age field goes
    back to its starting value (45), so a child could become an adult without typing a number
    (adversarial review, 2026-12-05), and the questions' answers were given for the person before.
    """
    return given_for is None or tuple(given_for) == tuple(now)


#: Whom a clinician's advised dose was confirmed for: (age, life stage, what they take: the medicine classes
#: picked, "statin" with a statin, and the other products with magnesium).
ClinicianBasis = tuple[int, str, frozenset[str]]


def clinician_tick_holds(was: ClinicianBasis | None, now: ClinicianBasis) -> bool:
    """Rules self_serve_min_age / stage_clinician_dose: does "a doctor (midwife or doctor) has advised a dose
    for this person, knowing every medicine they take" still stand? Not for another age or stage, nor once a
    medicine or product is added that the tick was not given with (adversarial review, session 56: digoxin
    added under a midwife's tick left it standing); one taken off leaves it true. ``was`` is ``None`` when
    nothing was recorded: it does not stand."""
    return was is not None and tuple(was[:2]) == tuple(now[:2]) and frozenset(now[2]) <= frozenset(was[2])


def box_tick_holds(was: frozenset[str] | None, now: frozenset[str]) -> bool:
    """Rule combination_box_read: does "I have read the box …: each active ingredient on it is in Medicines
    I take" still stand? Not once a medicine class is taken off Medicines I take since it was last seen
    standing (adversarial review, session 56: the thiazide taken off, the box stood ticked and the plan
    went on without it); one added leaves it true. ``was`` is ``None`` when nothing was recorded."""
    return was is not None and frozenset(was) <= frozenset(now)


def prescriber_tick_holds(was: Sequence[str] | None, now: Sequence[str]) -> bool:
    """Rules doctor_medicine_confirm, digoxin_prescriber_confirm, statin_prescriber_confirm: does "the doctor
    (each doctor) who prescribes my … has agreed" still stand? Not once a medicine is added whose prescriber
    the tick did not name (pharmacist review, 2026-12-04: ticked for proton pump inhibitors, it stayed when a
    statin was added); one taken off leaves the others' agreement standing (phone review, session 56: the
    proton pump inhibitors taken off unticked the thiazide's prescriber too). ``was`` is ``None`` when nothing
    was recorded."""
    return was is not None and set(now) <= set(was)


def prescriber_tick_off_words(was: Sequence[str], now: Sequence[str]) -> str:
    """What the page says under a prescriber's tick that ``prescriber_tick_holds`` took off."""
    added = [name for name in now if name not in set(was)]
    whose = "its prescriber" if len(added) == 1 else "their prescribers"
    named = ", ".join("a statin" if name == "statin" else name for name in added)
    return (
        f"**Asked again:** you added {named} since you ticked it: {whose} must agree too, then tick it again."
    )


def clinician_tick_off_words(was: ClinicianBasis, now: ClinicianBasis, clinician: str) -> str:
    """What the page says under a clinician's-dose tick that ``clinician_tick_holds`` took off."""
    if tuple(was[:2]) != tuple(now[:2]):
        why = "the age or pregnancy answer changed since you ticked it"
    else:
        added = sorted(frozenset(now[2]) - frozenset(was[2]))
        named = ", ".join("a statin" if a == "statin" else a for a in added)
        why = f"you added {named} since you ticked it"
    return (
        f"**Asked again:** {why}. The {clinician}'s advice was given knowing what you took then: ask them "
        "whether the dose still stands, then tick it again."
    )


def box_tick_off_words(was: frozenset[str], now: frozenset[str]) -> str:
    """What the page says under a box-read tick that ``box_tick_holds`` took off."""
    gone = sorted(frozenset(was) - frozenset(now))
    return (
        f"**Asked again:** {', '.join(gone)} {'were' if len(gone) > 1 else 'was'} taken off Medicines I take "
        "since you ticked it. Read the box "
        "again: each active ingredient on it must be in Medicines I take."
    )


def screen_tick_off_words(was: tuple[int, str], now: tuple[int, str], starting_age: int) -> str:
    """What the page says when ``screen_tick_for_its_person`` took the tick off: what changed, and,
    when the age is now the field's starting value, that a cleared field goes back to it."""
    changed = []
    if was[0] != now[0]:
        changed.append(f"age {was[0]} → {now[0]}")
    if was[1] != now[1]:
        changed.append("the pregnancy answer")
    text = (
        f"**The safety box was unticked: the answers changed after it was ticked** ({'; '.join(changed)}). "
    )
    if now[0] == starting_age and was[0] != now[0]:
        text += (
            f"A cleared age field goes back to {starting_age}, its starting value: if you are not "
            f"{starting_age}, type your age. "
        )
    return text + "Check the answers above for the person taking magnesium, then tick the box again."


def step_agreement_mg(result: SafetyResult, target_mg: float, rules: RuleBook) -> float:
    """The most a step up can plan a day, named in the prescriber's step-up tick: the "step up to"
    value, never above the plan's ceiling — the limit, or (where a clinician's advice can lift it) the
    hard maximum less other products (GP review, 2026-12-05: with UK values the tick asked the doctor to
    agree to "up to 400 mg a day" while the plan could give at most 366 mg and said 350)."""
    if result.limit_mg is None:
        return 0.0  # no plan: nothing to agree to
    ceiling = result.limit_mg
    if result.can_confirm_above_ul:
        ceiling = max(ceiling, rules.hard_max_mg - _amount(result.other_mg))
    return max(0.0, min(_amount(target_mg), ceiling))


def step_agreement_words(result: SafetyResult, target_mg: float, rules: RuleBook) -> str:
    """What the prescriber's step-up tick names (after "agreed"): the dose the plan steps up to within the limit,
    and, where a clinician's advice could take it higher, that ceiling said as such (pharmacist review, session
    58: the tick read "up to 366 mg a day" while the proposal and the week-4 review said 350 mg)."""
    most = step_agreement_mg(result, target_mg, rules)
    within = min(most, result.limit_mg) if result.limit_mg is not None else most
    if not most > within:
        return f"to the higher dose (up to {mg_text(most)} mg a day)"
    return (
        f"to the higher dose (up to {mg_text(within)} mg a day, or up to {mg_text(most)} mg only if a clinician "
        "advises more than the upper limit)"
    )


def asks_above_ul(result: SafetyResult, requested_mg: Sequence[float]) -> bool:
    """Whether to offer the "my clinician advised this dose" confirmation: only to
    adults who are not pregnant or breastfeeding, and only when a requested day
    (with other sources) is above their UL."""
    if not result.can_confirm_above_ul or result.ul_mg is None:
        return False
    return _day_mg(result, requested_mg) > result.ul_mg


def clinician_tick_offered(
    result: SafetyResult, requested_mg: Sequence[float], typed_mg: Sequence[float]
) -> bool:
    """Whether the "my clinician advised this dose" tick is offered (rule ``clinician_dose_entered``):
    where :func:`asks_above_ul` asks, and only for a dose the person typed on the page in this visit —
    the largest requested day, the one the tick names, is one of ``typed_mg``. Never for a dose the
    page filled in (its 250 mg start: pharmacist review, 2026-12-06, 110 mg from other products offered
    "My clinician advised this dose, 250 mg" to a man no one had advised), nor one a link or the Diet
    page's gap filled in (adversarial review, 2026-12-06: /diet's 100 mg start was offered the tick)."""
    if not asks_above_ul(result, requested_mg):
        return False
    highest = max(_amount(r) for r in requested_mg)
    return any(highest == _amount(t) for t in typed_mg)


def clinician_dose_entry_words(rules: RuleBook) -> str:
    """Said where :func:`asks_above_ul` asks but :func:`clinician_tick_offered` does not (rule
    ``clinician_dose_entered``): how a clinician's higher dose is entered, and why a filled-in dose is
    never offered as one."""
    return (
        "**A doctor or pharmacist advised more?** The plan keeps to your upper limit. Type the dose they "
        "advised under **Dose and times** (the starting dose, or from your week-4 review the step up's "
        "target): the page asks you to confirm a dose you typed yourself, never one the page, a link or "
        f"the Diet page filled in, and never above {rules.hard_max_mg:g} mg a day in all."
    )


def _day_mg(result: SafetyResult, requested_mg: Sequence[float]) -> float:
    """The most magnesium a requested day would hold: its largest dose and the other products'."""
    return max((_amount(r) for r in requested_mg), default=0.0) + result.other_mg


def above_hard_max_note(result: SafetyResult, requested_mg: Sequence[float], rules: RuleBook) -> Note | None:
    """Said instead of offering the "my clinician advised this dose" tick when the request is above
    the hard maximum (rule ``hard_max_mg``): the tick could bring no plan then (clinician review,
    2026-12-04: a link's 1,000 mg offered the tick, and ticking it took the 250 mg plan away).
    ``None`` where :func:`asks_above_ul` would not ask, or the tick can bring a plan."""
    if not asks_above_ul(result, requested_mg):
        return None
    highest = _day_mg(result, requested_mg)
    if highest <= rules.hard_max_mg:
        return None
    return Note(
        "info",
        f"**No higher plan on a clinician's advice either:** {highest:g} mg a day"
        + (f" (counting {result.other_mg:g} mg from your other products)" if result.other_mg else "")
        + f" is above {rules.hard_max_mg:g} mg a day, the largest daily dose by mouth in the trials this app "
        "cites. Any plan this page makes stays within your upper limit; a dose this high needs your clinician's own "
        f"written plan. If your clinician advised a dose of up to {rules.hard_max_mg:g} mg a day in all, enter "
        "that dose to be asked to confirm it.",
        rules.cite("hard_max_mg", "clinician_above_ul"),
        "hard_max_mg",
    )


def requested_problem(result: SafetyResult, requested_mg: Sequence[float], rules: RuleBook) -> Note | None:
    """A requested day the plan would have to change means no plan.

    With a clinician's advice: above the hard maximum. On a clinician's dose (under 18, pregnant or
    breastfeeding: ``food_first``): above the limit, since the app never makes up another dose than
    the one the clinician advised (pharmacist review: a child's 250 mg became 100 mg).
    """
    if result.food_first and result.limit_mg is not None:
        asked = max((_amount(r) for r in requested_mg), default=0.0)
        if asked > result.limit_mg:
            return Note(
                "error",
                f"**No plan: {asked:g} mg a day is above the most this plan may give ({result.limit_mg:g} "
                f"mg a day: {result.ceiling_words}"
                + (f", less the {result.other_mg:g} mg your other products give" if result.other_mg else "")
                + f").** The plan uses the dose the {result.clinician} advised and never changes it: check "
                "the dose with them before taking it.",
                rules.cite("ul_supplemental_cap"),
                "ul_supplemental_cap",
            )
    if not result.above_ul_allowed:
        return None
    highest = _day_mg(result, requested_mg)
    if highest <= rules.hard_max_mg:
        return None
    return Note(
        "error",
        f"**No plan above {rules.hard_max_mg:g} mg a day,** even on a clinician's advice: that is the "
        f"largest daily dose by mouth in the trials this app cites (your request: {highest:g} mg a day"
        + (f", counting {result.other_mg:g} mg from your other products" if result.other_mg else "")
        + "). A dose this high needs your clinician's own written plan.",
        rules.cite("hard_max_mg", "clinician_above_ul"),
        "hard_max_mg",
    )


def _unit_count(highest_mg: float, unit_mg: float, halves: bool) -> float:
    """The whole (or, with ``halves``, half) units of ``unit_mg`` a day whose magnesium stays within
    ``highest_mg``: the count the plan would schedule (a ratio within 1e-9 of a whole number is that
    number). A tiny or subnormal strength makes the ratio overflow: ``inf``, an implausible label."""
    grain = 2 if halves else 1
    ratio = highest_mg / unit_mg * grain
    return math.floor(round(ratio, 9)) / grain if math.isfinite(ratio) else math.inf


def label_problem(
    unit_mg: float, highest_mg: float, halves: bool, unit: str, label_basis: str, rules: RuleBook
) -> Note | None:
    """Stop when the product's label reading gives an implausible count of units a day."""
    if unit_mg <= 0 or not math.isfinite(unit_mg):
        return Note(
            "warning",
            "**Check the label:** the elemental magnesium per unit is unknown for this form; enter the "
            "label's magnesium amount.",
            rules.cite("max_units_per_day"),
            "max_units_per_day",
        )
    highest = _amount(highest_mg)
    if highest <= 0:
        return None
    count = _unit_count(highest, unit_mg, halves)
    if count <= rules.max_units_per_day:
        return None
    hint = (
        " You chose **compound weight**: most labels state the magnesium itself. If yours says "
        "'Magnesium 120 mg (as magnesium glycinate)', that 120 mg is elemental — choose "
        "**Elemental magnesium**."
        if label_basis == "compound"
        else " If the label gives grams (g), 1 g = 1,000 mg."
    )
    return Note(
        "error",
        "**Check the label before taking this.** Reading it as entered, the plan would need "
        + (f"about {count:g}" if math.isfinite(count) and count < 1e6 else "an absurd number of")
        + f" {unit_plural(unit)} a day, more than {rules.max_units_per_day} — that almost always means the "
        "label was misread. A US Supplement Facts panel lists the elemental magnesium per serving "
        "('Magnesium … mg (as …)'); an EU label gives the magnesium per daily dose in mg." + hint,
        rules.cite("max_units_per_day"),
        "max_units_per_day",
    )


def compound_misread_mg(
    *,
    strength_mg: float,
    unit_mg: float,
    highest_mg: float,
    halves: bool,
    label_basis: str,
    limit_mg: float | None,
) -> float | None:
    """What the plan's units a day would give if the label's number were the magnesium itself.

    Only for a label read as **compound weight** (``label_basis == "compound"``): most labels state
    the elemental magnesium (a US Supplement Facts panel always does), so a person who picks
    "compound" by mistake takes more than the plan says: 1½ tablets of "Magnesium 250 mg (as oxide)"
    read as 250 mg of oxide are 226 mg in the plan but 375 mg in the body. Returns that amount when
    it is above ``limit_mg`` (rule ``compound_label_check``: the plan then waits for the person to
    confirm the label's wording), else ``None``.
    """
    if label_basis != "compound" or limit_mg is None:
        return None
    strength, unit, highest = _amount(strength_mg), _amount(unit_mg), _amount(highest_mg)
    if strength <= 0 or unit <= 0 or highest <= 0:
        return None
    misread = _unit_count(highest, unit, halves) * strength
    return misread if misread > limit_mg else None


def compound_note(misread_mg: float, strength_mg: float, unit: str, limit_mg: float, rules: RuleBook) -> Note:
    """The stop shown until the person confirms that the label gives the compound's weight."""
    return Note(
        "error",
        f"**Check your label: is {strength_mg:g} mg the magnesium itself?** Most labels give the "
        "magnesium, not the weight of the whole compound: a US Supplement Facts panel reading "
        f"'Magnesium {strength_mg:g} mg (as magnesium …)' means {strength_mg:g} mg of magnesium, so "
        f"choose **Elemental magnesium**. Read that way, this plan's {unit_plural(unit)} would give "
        f"{misread_mg:g} mg a day, above your limit of {limit_mg:g} mg. Tick the box below only if the "
        "label gives the compound's weight with no separate magnesium amount (for example "
        "'Magnesium oxide 500 mg').",
        rules.cite("compound_label_check", "ul_supplemental_cap"),
        "compound_label_check",
    )


def b6_advice(age_years: int, b6_mg: float, rules: RuleBook) -> str | None:
    """The week-4/8 review's vitamin B6 line, or ``None`` under the B6 minimum age."""
    if age_years < rules.b6_min_age:
        return None
    return (
        f"If magnesium has not helped, ask your doctor about vitamin B6 before taking it: the guidance "
        f"suggests {b6_mg:g} mg a day, which is above the UK's advice (no more than "
        f"{rules.b6_advice_uk_mg:g} mg a day from supplements unless a doctor advises more) and the EU's safe "
        f"upper level for adults ({rules.b6_ul_eu_adult_mg:g} mg a day, EFSA 2023; long use can damage "
        f"nerves), though below the US limit ({rules.b6_ul_us_adult_mg:g} mg a day)."
    )


#: Rule answers_checked_first: the converter's words while the Dose plan page has not run with the answers
#: as they are now (re-review, session 54: a change there, then a page link in the same step; session 55:
#: About you changed on another page).
UNCHECKED_CONVERTER_WORDS = (
    "The converter counts no tablets until the Dose plan page has checked your answers as they are now: "
    "they changed since it last did. Open the Dose plan page again, then come back."
)

#: The converter's words with kidney disease (rule kidney_no_plan).
KIDNEY_CONVERTER_WORDS = (
    "You said on the Dose plan page that you have kidney disease or reduced kidney function, or that you "
    "are not sure how well your kidneys work, so the converter counts no tablets: kidneys that do not "
    "work well cannot clear extra magnesium, and only a doctor who knows your kidneys can advise a dose."
)

#: /diet's words above its food list with kidney disease, or not sure (rule kidney_no_plan; review, session 62:
#: after kidney disease was ticked on the Dose plan page, /diet still offered "plan a cautious supplement dose").
KIDNEY_DIET_WORDS = (
    "**You said on the Dose plan page that you have kidney disease or reduced kidney function, or that you are "
    "not sure how well your kidneys work.** So this page offers no supplement plan: kidneys that do not work well "
    "cannot clear extra magnesium. Many of the foods below are rich in potassium too, which a kidney diet often "
    "limits: ask your kidney team or a dietitian before eating more of them."
)


def diet_offers_plan(age_years: int, kidney_disease: bool, rules: RuleBook) -> bool:
    """Whether /diet may offer the Dose plan page's supplement plan: not under rule ``self_serve_min_age``
    (food first; a child's dose comes from a doctor), not with kidney disease or while unsure (rule
    ``kidney_no_plan``: the Dose plan page makes no plan then either)."""
    return age_years >= rules.self_serve_min_age and not kidney_disease


#: The converter's words when the link's age or pregnancy answer could not be read (rule link_screen_incomplete;
#: review, session 62: "age=121", "age=0", "age=8 years" counted tablets for the starting age, 45, and said "no age
#: was given"; "stage=pregnant" counted as for a woman neither pregnant nor breastfeeding).
PROFILE_UNREAD_CONVERTER_WORDS = (
    "The age or the pregnancy answer in the link you opened could not be used (the notice at the top of the page "
    "names it), so the converter counts no tablets: it may have been a child's or an older person's age, or a "
    "pregnancy, and the starting answer would stand in for it. Give your age, and whether you are pregnant or "
    "breastfeeding, in About you on the Dose plan page or the Food page first."
)


def converter_ceiling(
    age_years: int,
    life_stage: str,
    ul_mg: float | None,
    rules: RuleBook,
    *,
    kidney_disease: bool,
    prescriber_names: Sequence[str] = (),
    kidney_test_names: Sequence[str] = (),
    boxes_unread: bool = False,
    answers_unchecked: bool = False,
    unknown_unchecked: bool = False,
    profile_unread: bool = False,
) -> tuple[float | None, str | None]:
    """The most the /compare label converter may count units for, or why it counts none.

    The converter is not a plan, so it never counts for anyone the plan would not serve on
    their own: no count with kidney disease (rule ``kidney_no_plan``; the person said so on the
    dose plan page this visit), under 18 (rule ``self_serve_min_age``), when pregnant or
    breastfeeding (rule ``stage_clinician_dose``), from the age of rule ``kidney_check_prompt_age``
    (the plan's kidney test is asked on the Dose plan page only), while that page waits for a kidney
    test's answer for ``kidney_test_names`` (rule ``kidney_check_medicine``) or for the prescriber of
    ``prescriber_names``, or for a combination's box to be read (``boxes_unread``, rule
    ``combination_box_read``), or where no limit is set; for
    adults, never above the UL nor the hard maximum (rules ``ul_supplemental_cap``, ``hard_max_mg``).
    First of all, none while that page has not run with the answers as they are now
    (``answers_unchecked``, rule ``answers_checked_first``): what this tab knows of the page's other
    answers may then be out of date. None either while the starting age or pregnancy answer stands in for a
    link's that could not be read (``profile_unread``, rule ``link_screen_incomplete``).
    """
    if answers_unchecked:
        return None, UNCHECKED_CONVERTER_WORDS
    if kidney_disease:
        # Pharmacist review (2026-12-04): with kidney ticked, /schedule made no plan but the
        # converter still counted tablets up to the adult limit.
        return None, KIDNEY_CONVERTER_WORDS
    if profile_unread:
        # Rule link_screen_incomplete: a link's age or pregnancy answer that could not be read is not the
        # person's; the starting answer stands in for it everywhere else, but counts no tablets here.
        return None, PROFILE_UNREAD_CONVERTER_WORDS
    if age_years < rules.self_serve_min_age:
        return None, (
            f"Under {rules.self_serve_min_age} the converter counts no tablets: a child's or teenager's dose "
            "comes from a doctor (see the Dose plan page)."
        )
    if life_stage in {"pregnancy", "lactation"}:
        # Rule stage_clinician_dose: the plan serves no pregnant or breastfeeding person on their
        # own, so neither does the converter (pharmacist review: it counted tablets up to 350 mg).
        return None, (
            "During pregnancy or breastfeeding the converter counts no tablets: the dose comes from "
            "your midwife or doctor (see the Dose plan page)."
        )
    if age_years >= rules.kidney_check_prompt_age:
        # Rule kidney_check_prompt_age: from 75 the plan waits for a recent normal kidney test, a tick
        # /schedule asks for it (kept only for the open tab) (link review, 2026-12-05: at 80 the converter counted 350 mg a day).
        return None, (
            f"From {rules.kidney_check_prompt_age} the converter counts no tablets: {_older_kidneys(rules)}, "
            "which cannot clear extra magnesium "
            f"and often has no symptoms. The Dose plan page counts them once you {_test_confirmed(rules)}."
        )
    if kidney_test_names:
        # Rule kidney_check_medicine: the Dose plan page waits for a kidney test's answer this visit
        # (pharmacist review, 2026-12-06: amlodipine at 58).
        return None, (
            "The converter counts no tablets while the Dose plan page waits for a kidney blood test: "
            f"{_medicine_test_reason(kidney_test_names)}. It counts them once you {_test_confirmed(rules)} "
            "on the Dose plan page."
        )
    if prescriber_names:
        # Rules doctor_medicine_confirm, digoxin_prescriber_confirm, statin_prescriber_confirm: the Dose
        # plan page waits for their prescriber this visit (pharmacist review, 2026-12-06: on a thiazide,
        # the converter counted 3 units for 250 mg while /journal said to take none until they agree).
        return None, (
            "The converter counts no tablets while the Dose plan page waits for "
            + prescriber_words(prescriber_names)
            + " to agree to magnesium: take no magnesium supplement until they agree."
        )
    if boxes_unread:
        # Rule combination_box_read: no plan until the box is read (session 53's planning list).
        return None, BOX_CONVERTER_WORDS
    if unknown_unchecked:
        return None, UNKNOWN_CONVERTER_WORDS  # rule unknown_medicine_checked
    if ul_mg is None:
        return None, (
            "The chosen reference values set no verified upper limit for this profile, so the converter "
            "counts no tablets (see the Dose plan page)."
        )
    return min(ul_mg, rules.hard_max_mg), None


#: Said under /diet's suggestions (rule no_caffeine_suggestions).
NO_CAFFEINE_WORDS = (
    "No coffee, tea, chocolate or cocoa in this list: they contain caffeine (coffee and tea top a "
    "per-100-kcal list only because they have almost no energy). You can still add them to your day."
)


def foods_to_suggest(
    everyday: Sequence[str],
    nuts_and_seeds: Collection[str],
    caffeinated: Collection[str],
    free_sugars: Collection[str],
    age_years: float,
    rules: RuleBook,
) -> tuple[tuple[str, ...], str | None]:
    """The everyday foods /diet may suggest to close a gap, and why some are left out.

    Rule ``whole_nuts_min_age`` (dietitian review, 2026-12-04: a 2-year-old was offered hemp and
    pumpkin seeds): under that age no food of ``nuts_and_seeds`` is suggested, whole or as a
    butter (a choking risk). Rule ``no_free_sugar_suggestions`` (diet review, 2026-12-05: a
    4-year-old was offered 2½ tablespoons of molasses and coconut water; then adversarial review:
    from 5, up to 4 cups of coconut water a day, against the NHS's one glass of juice): no food of
    ``free_sugars`` (fruit juice, coconut water, syrup) is suggested, at any age. Rule
    ``no_caffeine_suggestions`` (diet review, 2026-12-05: a small gap offered a 2-year-old 2.5
    cups of coffee and of black tea): no food of ``caffeinated`` is suggested, at any age. The
    person can still add any food to their day by name.
    """
    left_out = set(caffeinated) | set(free_sugars)
    words = [NO_CAFFEINE_WORDS] if set(caffeinated) & set(everyday) else []
    if set(free_sugars) & set(everyday):
        words.insert(0, NO_FREE_SUGAR_WORDS)
    if age_years < rules.whole_nuts_min_age:
        left_out |= set(nuts_and_seeds)
        words.insert(
            0,
            f"Under {rules.whole_nuts_min_age}: no nuts, seeds or nut butters in this list. Whole nuts and "
            "seeds, and thick pastes such as peanut butter, are a choking risk for young children.",
        )
    return tuple(n for n in everyday if n not in left_out), (" ".join(words) or None)


def whole_nuts_in_day(
    labels_with_servings: Sequence[tuple[str, str, float]],
    whole_nuts: Collection[str],
    age_years: int,
    rules: RuleBook,
) -> str | None:
    """Rule ``whole_nuts_min_age`` for a young child's own list: under :attr:`RuleBook.whole_nuts_min_age`,
    the nuts, seeds and nut butters in the day ((ndb, label, servings); any served) named with the choking
    words (reviewer, session 57: a 4-year-old's day took a cup of whole Brazil nuts without a word, though
    /diet suggests none under 5). ``whole_nuts``: ``intake.FoodIndex.whole_nuts``. ``None`` from that age
    or for a day without them."""
    named = [label for ndb, label, servings in labels_with_servings if ndb in whole_nuts and servings > 0]
    if age_years >= rules.whole_nuts_min_age or not named:
        return None
    return (
        f"**Under {rules.whole_nuts_min_age}: this day has nuts or seeds ({', '.join(named)}).** Whole nuts and "
        f"large seeds are not for children under {rules.whole_nuts_min_age}, and thick pastes such as peanut "
        "butter are a choking risk too: this app suggests none of them at this age."
    )


def caffeine_in_day(
    labels_with_servings: Sequence[tuple[str, str, float]],
    caffeinated: Collection[str],
    age_years: int,
    rules: RuleBook,
) -> str | None:
    """Rule ``no_caffeine_suggestions`` for a child's own list: under :attr:`RuleBook.self_serve_min_age`,
    the foods with caffeine in the day ((ndb, label, servings); any served) said, as the example days are an
    adult's (teen review, 2026-12-06: a 6-year-old's example day counted two cups of coffee). ``caffeinated``
    holds the everyday foods marked so (the USDA extract has no caffeine value; re-review: an espresso added
    from the whole table was not named), which the words say. ``None`` for an adult or a day without them."""
    named = [label for ndb, label, servings in labels_with_servings if ndb in caffeinated and servings > 0]
    if age_years >= rules.self_serve_min_age or not named:
        return None
    return (
        f"**Under {rules.self_serve_min_age}: this day has caffeine ({', '.join(named)}).** This app's example days "
        "are an adult's: too much caffeine in children and teens can cause a faster heartbeat, palpitations, "
        "anxiety and sleep problems. Replace it with the child's own foods and drinks. The app marks caffeine "
        "in its everyday foods only: check any other drink you add, such as cola or an energy drink."
    )


#: Said under /diet's suggestions (rule no_free_sugar_suggestions).
NO_FREE_SUGAR_WORDS = (
    "No fruit juice, coconut water or molasses in this list: their sugars count as free sugars (coconut "
    "water is counted here with juices), which the NHS advises keeping low: from 5, no more than one glass "
    "of juice a day, with a meal; under 5, milk and water as drinks and any juice diluted; under 4, no "
    "food with sugar added."
)


def converter_limit_words(ul_mg: float, ul_words: str, rules: RuleBook) -> str:
    """What sets the converter's count limit (:func:`converter_ceiling`), in words.

    Where the chosen set's limit is above the hard maximum (the UK's 400 mg guidance level), the
    hard maximum sets it, and is named as such (review, 2026-12-04: the UK converter called 366 mg
    "your upper limit"). ``ul_words`` names the set's limit ("upper limit", "safe upper level
    (guidance)").
    """
    if ul_mg > rules.hard_max_mg:
        return (
            f"the largest daily dose by mouth in the trials this app cites, below {_limit(ul_mg, ul_words)}"
        )
    return f"your {ul_words} for magnesium from supplements"


_DAY_MINUTES = 24 * 60

#: Said under the medicines' times whenever a bisphosphonate is picked, and after the clashes of
#: :func:`taken_alone_clashes` (rule ``bisphosphonate_alone_h``).
TAKEN_ALONE_WORDS = (
    "A bisphosphonate is taken first and alone, on an empty stomach with plain water: alendronate at "
    "least 30 minutes before the first food, drink or other medicine of the day (ibandronate 1 hour; "
    "risedronate taken later in the day, 2 hours either side), and calcium ideally at least 4 hours after "
    "it. Ask your pharmacist how to time your other medicines around it; this app spaces only magnesium."
)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def taken_alone_clashes(
    alone: tuple[str, Sequence[int]] | None,
    others: Sequence[tuple[str, Sequence[int]]],
    rules: RuleBook,
) -> tuple[str, ...]:
    """Each other medicine entered less than ``rules.bisphosphonate_alone_h`` from the bisphosphonate.

    Rule ``bisphosphonate_alone_h`` (GP review, 2026-12-05: alendronate and levothyroxine both at
    07:00 passed without a word, though a bisphosphonate is taken alone). ``alone`` is the
    bisphosphonate's name and its minutes of the day (None: not taken); ``others`` each other
    timed medicine's name and minutes. Distances go round midnight (23:30 and 00:15 are 45 minutes
    apart); exactly the rule's hours apart is not a clash. One sentence per medicine naming every
    time of it that clashes and every bisphosphonate time it clashes with (adversarial review,
    2026-12-05: only the first clash was named), each in time order.
    """
    if alone is None:
        return ()
    name, minutes = alone
    gap = round(rules.bisphosphonate_alone_h * 60)

    def near(t: int, b: int) -> bool:
        return min((t - b) % _DAY_MINUTES, (b - t) % _DAY_MINUTES) < gap

    hours = f"{rules.bisphosphonate_alone_h:g} hour{'' if rules.bisphosphonate_alone_h == 1 else 's'}"
    found = []
    for other, times in others:
        mine = sorted({t for t in times if any(near(t, b) for b in minutes)})
        if mine:
            theirs = sorted({b for b in minutes if any(near(t, b) for t in mine)})
            found.append(
                f"{other}: at {_and([_clock(t) for t in mine])}, less than {hours} from {name} at "
                f"{_and([_clock(b) for b in theirs])}."
            )
    return tuple(found)


def red_flags_for(
    flags: Sequence[tuple[str, str]], pregnancy_possible: bool | None, child: bool | None = None
) -> tuple[str, ...]:
    """The ids of the red flags to show: ``flags`` are (flag_id, for_whom) in file order;
    ``pregnancy_possible`` whether the person can be pregnant, ``child`` whether they are under
    :attr:`RuleBook.self_serve_min_age` (``None``: not known).

    Rule ``pregnancy_flags_for_whom`` (polypharmacy review, 2026-12-05: the signs of pre-eclampsia
    were on a 78-year-old's page, printout and every reminder): a flag for pregnancy is left out
    only when the person is known not to be able to be pregnant; so a flag for a child (rule
    ``child_flags_for_whom``), only when the person is known to be an adult; every other flag always
    stays.
    """
    return tuple(
        i
        for i, whom in flags
        if (whom != "pregnancy" or pregnancy_possible is not False)
        and (whom != "child" or child is not False)
    )


#: Rule ``journal_note_signs``: words in a journal note that name a red flag's sign (each pattern with
#: the red_flags.csv rows whose symptom it names). Matched in lower case, with ’ read as '. Deliberately
#: wide (a note is not a diagnosis, and the warning only names the flags and says what each asks).
NOTE_SIGN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"slurr\w*|droop\w*|face (?:has |had )?dropped|\bstroke\b|\btia\b|mini-?stroke|words? (?:came|come|coming) out "
        r"(?:wrong|funny|jumbled)|(?:couldn'?t|can'?t|could not|cannot) (?:speak|talk|get (?:my |the )?words)"
        r"|(?:heavy and useless|felt heavy|went dead)|trouble (?:speaking|talking)|(?:couldn'?t|can'?t|could not|cannot) "
        r"find (?:my |the )?words",
        ("stroke-signs",),
    ),
    (
        r"\bnumb\w*|lost (?:the |all )?(?:feeling|sensation)|no feeling|(?:can'?t|couldn'?t|could not|cannot) feel",
        ("stroke-signs", "numbness-tingling"),
    ),
    (r"tingl\w*|pins ?(?:and|&|n|'n'|'n) ?needles", ("numbness-tingling", "heartbeat-mouth-tingling")),
    (
        r"\bweak(?!\s+(?:tea|coffee|drink|signal|wifi|joke))\w*|wasting|(?:can'?t|cannot|couldn'?t|could not|trouble|"
        r"difficult\w*|hard to) (?:grip\w*|swallow\w*|lift\w*|hold\w*)|clums\w*|dropping things|dropped (?:my|the) "
        r"(?:cup|mug|glass|phone|keys)|(?:legs?|knees?) (?:\w+ )?(?:gave|giving|give) (?:way|out)",
        ("weakness-rapid", "weakness-wasting", "twitching-with-weakness"),
    ),
    (
        r"swell\w*|swol+en|puff\w*|\bdvt\b|blood clot|\bclot\b|lump behind (?:my |the )?knee",
        ("one-sided-calf", "legs-swelling", "pregnancy-pre-eclampsia"),
    ),
    (
        r"\b(?:calf|calves|leg|legs|shin)\b (?:\w+ ){0,3}(?:red|hot|warm|tender)\b"
        r"|\b(?:red|hot|warm|tender)\b (?:\w+ )?(?:calf|calves|leg|shin)",
        ("one-sided-calf",),
    ),
    (
        r"\b(?:leg|foot|feet|toes?)\b (?:\w+ ){0,2}(?:went|turned|gone|go|goes|going) (?:\w+ )?(?:cold|pale|white|blue)\b"
        r"|\b(?:leg|foot|feet|toes?)\b (?:\w+ ){0,2}(?:pale|white|blue)\b|\b(?:pale|white|blue) (?:leg|foot|feet|toes?)\b"
        r"|(?:can'?t|cannot|couldn'?t|could not) move (?:my |the )?(?:leg|foot)",
        ("sudden-cold-leg",),
    ),
    (
        r"(?:when|while|after) (?:i )?(?:walk|climb)\w*|hurts? to walk|walking (?:brings|makes|causes|gives)"
        r"|pain (?:\w+ ){0,2}walking",
        ("leg-pain-walking",),
    ),
    (r"statin|lipitor|crestor|zocor", ("statin-cramps", "statin-muscle")),
    (
        r"(?:dark|brown) (?:urine|pee|wee)|(?:urine|pee|peeing|wee|weeing) (?:\w+ ){0,3}(?:dark|brown|cola|coke|tea)\b"
        r"|(?:cola|coke|tea)[- ]colou?red|coca[- ]?cola (?:urine|pee|wee)",
        ("dark-urine-muscle",),
    ),
    (
        r"\bpalp\w*|heart\w* (?:\w+ ){0,2}(?:rac\w*|pound\w*|flutter\w*|skipp\w*|irregular|thump\w*|miss\w*|fast|quick)"
        r"|(?:racing|pounding|irregular|skipping|fluttering|fast) (?:heart\w*|pulse)|pulse (?:\w+ ){0,2}(?:rac\w*|fast|pound\w*)"
        r"|chest (?:\w+ ){0,2}(?:pain|tight\w*|hurt\w*|ache|aching|pressure)|tight\w* (?:in (?:my |the )?)?chest|breathless\w*"
        r"|short(?:ness)? of breath|\bsob\b|can'?t breathe|fainted|fainting|(?:felt|feel|feeling|nearly|almost) faint"
        r"|passed out|blacked out|collaps\w*|light-?headed|dizz\w*",
        ("heartbeat-mouth-tingling",),
    ),
    (
        r"tetanus|rusty (?:nail|metal|wire|knife|blade)|\bpoison\w*|mercury|(?:cut|wound|graze)\w* (?:\w+ ){0,4}(?:dirt|soil|mud)",
        ("cramp-after-wound-or-poison",),
    ),
    (
        r"\brls\b|restless legs?|urge to move|legs? (?:\w+ ){0,2}(?:keep|stay|be|stop) still|keep (?:my )?legs still|(?:crawl\w*|creepy) "
        r"(?:\w+ )?(?:feeling|sensation)",
        ("restless-legs",),
    ),
    (
        r"(?:bad|severe|terrible|awful|splitting|pounding|worst|blinding) headache|headache (?:\w+ ){0,2}(?:won'?t|wouldn'?t|not) "
        r"(?:go|ease|shift)|migraine|blurr\w*|vision (?:\w+ ){0,2}(?:blur\w*|funny|strange|odd|spots|flash\w*)|flashing|flashes"
        r"|seeing spots|(?:below|under) (?:my |the )?ribs|vomit\w*|threw up|throwing up|being sick",
        ("pregnancy-pre-eclampsia",),
    ),
    (
        r"\blimp\w*|(?:swollen|hot|red) (?:\w+ )?joint|(?:can'?t|cannot|won'?t) (?:put weight|bear weight|stand)",
        ("child-limp-joint",),
    ),
    (
        r"new (?:meds?|medicines?|medication|tablets?|pills?|inhaler|prescription)|started (?:on |taking )?(?:\w+ ){0,3}"
        r"(?:meds?|medicines?|medication|tablets?|pills?|inhaler)|started (?:on |taking )?\w*(?:pril|sartan|thiazide|olol|"
        r"dipine|semide|statin|terol)\b|water (?:tablets?|pills?)|diuretic|\bhctz\b|lasix|salbutamol|albuterol|ventolin"
        r"|nifedipine|amlodipine|furosemide|bendroflumethiazide",
        ("medicine-cramps",),
    ),
)
_NOTE_SIGNS = tuple((re.compile(pattern), flags) for pattern, flags in NOTE_SIGN_WORDS)
#: A sign said not to be there: "no swelling", "no calf swelling", "no pain or swelling", "wasn't swollen",
#: "no longer numb" (a negating word at most two words before it, with no "but" between them).
_NEGATED = re.compile(
    r"\b(?:no|not|without|nor|never|didn'?t|wasn'?t|isn'?t|weren'?t|hasn'?t|haven'?t|no longer)\s+"
    # Only words that belong to the sign may stand between ("no calf swelling", "no pain or swelling"): "no
    # cramps calf swollen" denies the cramps, not the swelling (adversarial re-review, session 59).
    r"(?:(?:calf|calves|leg|legs|ankle|ankles|foot|feet|arm|arms|hand|hands|face|pain|or|and|any|more|real|"
    r"obvious|numbness|tingling|swelling|redness|sign|signs|of)\s+){0,2}$"
)
#: ... or said to be over: "swelling gone down", "numbness gone now", "vision fine".
_OVER = re.compile(
    r"^\s+(?:has\s+|had\s+|is\s+|was\s+|now\s+|all\s+)?(?:gone|eased|settled|resolved|better|fine|ok|okay|normal)\b"
    # ... unless what follows takes it back ("better but not gone", "gone? no, still there", "better than yesterday").
    r"(?![\s?,!.]*(?:but|still|not|no|than)\b)"
)
#: Numbers said in words, for a cramp's length ("twenty minutes").
_NUMBER_WORDS = {
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "twenty five": 25, "twenty-five": 25, "thirty": 30,
    "forty": 40, "forty-five": 45, "forty five": 45, "fifty": 50, "ninety": 90,
    # Misspelt on a phone (re-review, session 63: "fourty mins").
    "fourty": 40, "fourty-five": 45, "fourty five": 45,
    "sixty": 60, "ten": 10, "five": 5, "two": 2, "three": 3, "four": 4, "one": 1,
}  # fmt: skip
# "twenty two", "thirty-five" (review, session 64: read as 2 and 5).
_NUMBER_WORDS |= {
    f"{tens}{joint}{unit}": _NUMBER_WORDS.get(tens, 40) + value
    for tens in ("twenty", "thirty", "forty", "fourty", "fifty")
    for unit, value in (("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
                        ("eight", 8), ("nine", 9))
    for joint in (" ", "-")
}  # fmt: skip
#: A length of time ("20 minutes", "over 10 mins", "10+ min", "twenty minutes", "an hour", "all night", "ages").
_LONG_CRAMP = re.compile(
    # Phone spellings too (re-review, session 63): "over", "more then", "> 10mins", "10 plus mins", "20ish mins",
    # "20 odd mins", "20 or so mins", "30m", "1h30", "1½ hours".
    r"(?P<over>over |more than |more then |longer than |at least |> ?|\+ ?)?(?P<n>\d+(?:\.\d+)?½?|½|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?P<plus>\+| plus)?(?:-?ish| odd| or so)?\s*(?:-|to)?\s*"
    r"(?P<unit>min\w*|mns?\b|mnts?\b|m\b|h(?:\b|(?=\d))|hrs?(?:\b|(?=\d))|hours?\b|hous\b)"
    # When something came, not how long: "3 hours after dinner", "20 mins to get back to sleep".
    r"(?P<after> (?:after|before|later|ago|into|in(?=\s*(?:[,.;:!?\n]|$))|of sleep|sleep|apart|earlier"
    r"|to (?:get|fall|go)(?: back)?(?: to)? (?:sleep|asleep)))?"
    r"|(?P<whole>\b(?:an|one|half an|half|1/2|a couple of|couple of|a couple|a few|few|a quarter of an|a quarter|quarter)"
    r"[- ](?:hours?|hrs?)\b|\b(?:an? )?(?:hour|hr)[- ]long\b|\bhour and a half\b"
    r"|\b(?:for|lasted|lasting|went on for) (?:hours|hrs)\b|all (?:night|nite)|the whole (?:night|nite)"
    r"|all through the night|through the night|half the (?:night|nite)|most of the (?:night|nite)"
    r"|(?:till|until|til) (?:morning|dawn|daylight|the morning)|for ages|lasted ages|went on (?:for )?ages|forever"
    # re-review, session 63: "took ages for the cramp to go"; review, session 64: "took ages", "several hours", "a
    # good hour", "half n hour".
    r"|took (?:ages|an age)(?! to (?:get|fall|go)(?: back)?(?: to)? (?:sleep|asleep))"
    r"|several (?:hours|hrs)|a good (?:hour|hr)|half n (?:hour|hr)|(?:the )?entire (?:night|nite)"
    r"|(?<!the )whole (?:night|nite)|al+ ?(?:night|nite)|an age\b|an eternity|for eternity)"
    # A length said to be short: it, not a clock span, is the cramp's (re-review, session 60: "cramp 2-3am, about
    # 30 seconds" was read as an hour).
    # Not "second" as in "second night", "short night", "quick stretch", "quickly" (review, session 64; the words
    # around them: :data:`_NOT_SHORT_BEFORE`, :data:`_NOT_SHORT_AFTER`).
    r"|(?P<short>\bsecs?\b|\bseconds\b|\b(?:a|one|\d+|few)\s+second\b|\bbrief\b|\bbriefly\b|\bshort\b|\bquick\b"
    r"|\bmoments?\b)"
)
#: A note that speaks of a cramp (a length counts only in such a note).
_ABOUT_CRAMP = re.compile(
    r"cramp|crmp|spasm|charley|charlie|seized|locked(?! out| in\b)|knotted|tightened|lasted|lasting|went on|agony"
)
#: What names the cramp itself, before a clock span that is its length ("cramp from 2am to 3am").
_CRAMP_WORD = re.compile(
    r"cramp\w*|crmp\w*|spasm\w*|charley horse|charlie horse|seized(?: up)?|locked up|knotted"
)
#: Words between the cramp and a clock span that make the span something else: when it came ("at 2-3am",
#: "around", "sometime between"), or another activity's hours ("magnesium 8-9pm", "gym 6-7pm", "sleeping
#: 11pm-3am"; re-reviews, session 60).
_NOT_ITS_LENGTH = re.compile(
    r"\b(?:at|around|about|approx\w*|roughly|sometime|some time|by|before|after|between|since|took|taken|take"
    r"|magnesium|mag|dose\w*|tablet\w*|pills?|dinner|lunch|breakfast|meal|ate|eat\w*|gym|walk\w*|tv|work\w*|shift"
    r"|bath\w*|shower\w*|slept|sleep\w*|asleep|dozed|nap\w*|bed ?time|(?<!in )bed|no|none|gone|fine|ok|okay"
    # Other activities' hours (review, session 62: "cramp, shopping from 2 till 3").
    r"|shop\w*|read\w*|cook\w*|clean\w*|garden\w*|driv\w*|drove|play\w*|watch\w*|class\w*|meeting\w*|visit\w*"
    r"|school|church|swim\w*|yoga|exercis\w*|cycl\w*"
    # re-review, session 63: "feeding the baby 2-3am", "@ 2-3am" (when it came, as "at"). Not what is done for the
    # cramp while it lasts ("massaged it 2am-3am"; review, session 64).
    r"|feed\w*|physio\w*|podcast|cinema|movie|film|pub"
    r")\b|~|@"
)
#: Words right against a span that make it a measurement, a price, a dose moved, a score or an age ("bp 1.20-1.40",
#: "cream was 3.45-4.50", "moved my meds 8pm->10pm", "scored it 7 till 8", "age 10 till 12"; review, session 64) —
#: right against it only: "changed position, still cramping at 3am" is the cramp's (its second review).
_MEASURE_BEFORE = re.compile(
    r"(?:\b(?:bp|blood pressure|potassium|sodium|calcium|levels?|temp\w*|weigh\w*|cream|gel|spray|cost\w*|price\w*"
    r"|paid|bought|moved|shifted|meds|medication|quinine|scor\w*|rated|age|aged|on (?:my|our) feet)"
    r"(?:\s+(?:was|were|is|my|the|it|from|at|to|of))*|[£$€])\s*$"
)
#: Another activity's time just before a length ("walked 30 minutes", "every 2 hours", "bath for 20 minutes").
_ACTIVITY_BEFORE = re.compile(
    r"\b(?:every|walk\w*|bath\w*|shower\w*|exercis\w*|gym|ran|run\w*|swim\w*|yoga|drove|driv\w*|watch\w*|read\w*"
    # A work shift, not "wouldn't shift" (review, session 64).
    r"|cycl\w*|bike\w*|work\w*|(?:my|a|the|night|work|on) shift|tv"
    # re-review, session 63: "on a podcast for an hour", and someone else's night ("husband snoring all night", "baby
    # crying all night", "fan on all night"). Not what is done for the cramp while it lasts: "massaged it for 20
    # mins", "iced it", "on the phone to 111 for an hour" (review, session 64).
    r"|podcast|feed\w*|cinema|movie|film|pub|baby|babies|snor\w*|fan|foam|hot water bottle"
    r"|dogs?|bark\w*|neighbou?rs?|music|party|noise)\s+(?:\w+\s+){0,2}?(?:for\s+)?(?:about\s+|around\s+)?$"
)
#: An activity named right after a length: "a 5 min stretch", "a 30 min walk", "20 mins of stretching" (review,
#: session 64) — unless the clause then says the cramp was still there (:data:`_STILL_THERE`).
_ACTIVITY_AFTER = re.compile(
    r"[\s-]*(?:of\s+)?(?:stretch\w*|walk\w*|swim\w*|run\b|jog\w*|bath\w*|shower\w*|nap\w*|yoga|exercis\w*"
    r"|foam roll\w*|reading|tv|drive|workout)"
)
#: No cramp for a while: "no cramps for an hour", "didn't have a cramp for 2 hours" (re-review, session 63) — not
#: "never had a cramp for 30 mins before" (this one was the first that long; review, session 64).
_NO_CRAMP_FOR = re.compile(
    r"\b(?:no|not|without|zero|didn'?t have|never had|haven'?t had|hadn'?t had)\s+(?:a\s+|any\s+)?"
    r"(?:cramps?|spasms?|twitch\w*)\s+(?:for\s+)?$"
)
_BEFORE_NOW = re.compile(r"[^,.;:!?\n]*\bbefore\b")
#: Free of the cramp after a length: "cramp free at last after 30 mins", "gone after 20 mins" (review, session 64).
_FREE_AFTER = re.compile(
    r"\b(?:free|gone|eased|stopped|went|better|relief)\b[^,.;:!?\n]{0,20}\bafter\s+(?:about\s+)?$"
)
#: When something came, after a length said in words ("an hour ago", "half an hour after dinner", "an hour to get
#: back to sleep"; re-review, session 63).
_WHEN_AFTER = re.compile(
    r" (?:after|before|later|ago|into|earlier|apart|of sleep|to (?:get|fall|go)(?: back)?(?: to)? (?:sleep|asleep))"
)
#: "Within 20 mins of lying down": when it came — not "didn't ease within 30 mins" (review, session 64).
_WITHIN_OF = re.compile(r"\bwithin\s+(?:about\s+)?$")
_WITHIN_NEGATED = re.compile(r"(?:n'?t|\bnot|\bnever)\s+(?:\w+\s+){0,2}within\s+(?:about\s+)?$")
#: "Lasted" just before a length: a length, whatever follows ("lasted an hour after I woke") — unless the clause
#: names something else that lasted (:data:`_OTHER_LASTED`).
_LASTED_BEFORE = re.compile(
    r"\b(?:lasted|lasting|went on(?: for)?|kept going for|carried on for)\s+(?:about\s+|around\s+|nearly\s+)?$"
)
#: The clause before "lasted" (review, session 64) ...
_OTHER_LASTED = re.compile(
    r"(?:^|[,.;:!?\n]|\b(?:and|but|then)\b)(?P<subject>[^,.;:!?\n]*?)\b(?:lasted|lasting|went on(?: for)?)\s+"
    r"(?:about\s+|around\s+|nearly\s+)?$"
)
#: ... naming something else that lasts: "the film lasted 3 hours", "headache lasted 2 hours", "twitching lasted 20
#: mins", "the party next door lasted 4 hours", "kids sick all night", "raining all night". A list, so that what is
#: not on it is the cramp's ("the episode lasted 25 mins", "the whole thing lasted 20 mins"; review, session 64).
_OTHER_THING = re.compile(
    r"\b(?:film|movie|show|party|concert|match|game|meeting|(?:night|work|my|the) shift|flight|drive|journey|trip|power|storm|rain\w*"
    r"|thunder|headache|migraine|toothache|tooth|teeth|back|period|stomach|tummy|belly|twitch\w*|pins and needles"
    r"|tingl\w*|numbness|itch\w*|snor\w*|baby|babies|kids?|children|husband|wife|partner|partner's|hubby|dog|cat"
    r"|meow\w*|bark\w*|alarm|noise|music|tv|podcast|heating|fan|neighbou?rs?|restless|sick|cough\w*|wind|snow"
    r"|loo|toilet|flush\w*|sweat\w*|insomnia|hiccups?)\b"
)
#: A length that was the cramp's, whatever came before it: it ended after it ("20 mins before the cramp eased",
#: "for 20 mins till it let go", "for an hour because it wouldn't stop", "for 30 mins before I could stand", "for
#: an hour with the cramp"; re-review, session 63, and review, session 64).
_ENDED_AFTER = re.compile(
    r"[\s,]*(?:(?:before|till|until|til|then|and|because|cause|cos|as|but)\s+)*"
    r"(?:(?:the |my |that |this )?(?:cramp\w*|spasm\w*|it|pain|calf|leg)\s+(?:finally\s+|eventually\s+)?"
    r"(?:eased|went|stopped|settled|subsided|passed|released|relaxed|calmed|died down|wore off|let go|let up|gone"
    r"|loosen\w*|faded|unknot\w*"
    r"|(?:wouldn'?t|would not|didn'?t|did not|won'?t)\s+(?:stop|ease|let go|let up|go|budge|release|relax))"
    r"|i\s+could\s+(?:stand|walk|move|get up|put\b|straighten|bend)|with (?:the |a |my )?(?:cramp|spasm))"
)
#: Later in a length's clause, the cramp still there or what was done to it (review, session 64: "spent 20 mins
#: stretching my calf before it let go", "20 mins walking round trying to shift it", "was up for an hour rubbing my
#: calf", "stayed up 2 hours with it").
_STILL_THERE = re.compile(
    r"\b(?:let go|went|gone|loosen\w*|faded|unknot\w*|releas\w*|eased|stopped|settled|subsided|relaxed|calmed"
    r"|died down|wore off|let up|budge|shift it|walk(?:ing)? it off|rub\w*|massag\w*|with it"
    r"|could (?:put|stand|walk|move)|still)\b"
)
#: The cramp still there in the same sentence: "still going 20 mins later" (review, session 64).
_STILL = re.compile(
    r"\bstill (?:going|cramping|cramped|there|hurting|in agony|tight|locked|knotted|spasming|painful|bad|not|hadn'?t"
    r"|hasn'?t|wouldn'?t|rock|hard|solid)"
)
#: Could not do something for a while: the cramp's length ("couldn't walk for 20 mins"; review, session 64).
_COULD_NOT_BEFORE = re.compile(
    r"\b(?:couldn'?t|could not|can'?t|cannot|unable to|not able to)\s+(?:\w+\s+){1,2}?(?:for\s+)?(?:about\s+)?$"
)
#: A short word that is not the cramp's length: said not to be ("wasn't brief", "not short"), every few seconds, or
#: of something else ("a quick drink", "brief respite", "a second of relief", "for a moment thought"; review, session
#: 64).
_NOT_SHORT_BEFORE = re.compile(r"(?:n'?t|\bnot|\bnever|\bevery)\s+(?:\w+\s+){0,2}$")
_NOT_SHORT_AFTER = re.compile(
    r"\s+(?:of|respite|breather|relief|pause|break|rest|spell|drink|snack|stretch|walk|shower|look|nap|rub|massage"
    r"|wee|pee|loo|toilet|bite|thought|i\b|it grabbed|night|time|one\b|day|week)"
)
#: Kept awake or up by the cramp, or a muscle seized up: its length, not sleep's ("cramp kept me awake for an
#: hour", "calf seized up for 20 minutes").
_KEPT_UP = re.compile(
    r"(?:kept me (?:awake|up)|(?:seized|locked|knotted|tensed|cramped) up)\s+(?:for\s+)?(?:about\s+|around\s+)?$"
)
#: Sleep's hours, not a cramp's length ("slept 5 hours", "awake for 2 hours").
_SLEEP_BEFORE = re.compile(
    # "up" as awake, not "curled up", "flared up", "couldn't get up" (review, session 64).
    r"(?:sle(?:pt|ep)|awake|\bnap\w*|\b(?:was|been|stayed|sat|got|being|were|is|am)\s+up|in bed)\s+"
    r"(?:for\s+)?(?:about\s+|around\s+)?$"
)


#: A span of clock times ("from 2am to 3am", "2-3am", "11pm till 1am", "2:10 to 2:40", "2:10-3"): read as a
#: length only with a clock's mark (am/pm, or the minutes of a side), so "2-3 cramps" is not, nor a length in
#: hours or minutes ("1:30-2 hours", read as such elsewhere). Whole numbers only (not "12" of "123").
_MARK = r"(?:[ap]m\b|[ap]\.m\.)"
_CLOCK_SPAN = re.compile(
    rf"(?<![\d:.])(?P<h1>\d{{1,2}})(?:(?P<d1>[:.])(?P<m1>[0-5]\d))?(?![\d:.]\d)\s*(?P<ap1>{_MARK})?\s*"
    r"(?P<sep>-+>|=>|\u2192|-|\u2010|\u2012|\u2013|\u2014|\u2212|to|till|til|'til|until|through|thru|and)\s*"
    rf"(?P<h2>\d{{1,2}})(?:(?P<d2>[:.])(?P<m2>[0-5]\d))?(?![\d:.]\d)\s*(?P<ap2>{_MARK})?"
    r"(?!\d|[:.]\d|\s*(?:h|hrs?|hours?|min\w*)\b)"
    # Not an amount ("0.25-0.50mg", "1.25-2.50 mmol", "5.30-5.45 per km"; review, session 64).
    r"(?!\s*(?:mg|mcg|ug|µg|g|grams?|kg|ml|mls|litres?|liters?|mmol|iu|units?|%|x|per|stone|st|lbs?|pounds?|kilos?"
    r"|km|miles?)\b)"
)
#: Where a note's sentence ends (not the dot of "2.30", nor those of "a.m." and "p.m."; "..." and "…" once;
#: review, session 63: "cramp at 2 a.m., lasted until 3 a.m." was cut at "a.").
_SENTENCE_END = re.compile(r"[;!?\n\u2026]+|(?<!\b[ap])(?<!\b[ap]\.m)\.+(?!\d)")
#: Midnight and noon as clock times ("from midnight to 1am").
_CLOCK_WORDS = (("midnight", "12am"), ("midday", "12pm"), ("noon", "12pm"))
#: What a span's separator may be, for four-digit times as for the others (review, session 62: "0200 through
#: 0300" and "0200\u22120300" were read only with a colon).
_SPAN_SEPARATORS = r"-+>|=>|\u2192|-|\u2010|\u2012|\u2013|\u2014|\u2212|to|till|til|'til|until|through|thru"
#: A 24-hour time of four digits: an hour 00-23 (or 24 with 00, midnight) and its minutes, perhaps marked as
#: hours ("0300h", "0300 hrs", "0300 hours").
_HHMM = r"(?<![\d:.])(?P<{0}h>[01]\d|2[0-3]|24(?=00))(?P<{0}m>[0-5]\d)(?![\d:.]\d)(?P<{0}x>\s*(?:h|hrs?|hours?)\b)?"
#: Two such times ("0200-0300", "2330 to 0030", "0200h till 0300h"; planning list, session 61), read as
#: "02:00-03:00" unless they are amounts or years (review, session 62: "1500-2000ml", "calcium 1000-1200mg",
#: "a 1500-1800 calorie diet", "cramps 2010-2024" raised the flag).
_HHMM_PAIR = re.compile(
    _HHMM.format("a")
    + rf"(?P<sep>\s*(?:{_SPAN_SEPARATORS})\s*)"
    + _HHMM.format("b")
    + r"(?P<unit>\s*(?:mg|mcg|ug|µg|g|grams?|kg|ml|mls|l|litres?|liters?|kcals?|cal\w*|kj|steps?|units?|iu|mmol|%"
    r"|x|times?|lbs?|pounds?|kilos?|miles?|km|m|metres?|meters?)\b)?"
)
#: One such time marked as hours ("cramp woke me at 0300h", "0300 hours", "2400h"): a clock time, not 300 hours.
_HHMM_ONE = re.compile(r"(?<![\d:.])([01]\d|2[0-3]|24(?=00))([0-5]\d)\s*(?:h|hrs?|hours?)\b")
#: Years as the two sides of a pair ("2010-2024"): four digits from 1900 or 2000 on both sides.
_YEARS = ("19", "20")


def _hhmm_pair(match: re.Match[str]) -> str:
    """A pair of four-digit times as "hh:mm-hh:mm", or the text as written when it is an amount ("1000-1200mg")
    or, without an hours mark, two years ("2010-2024")."""
    if match.group("unit"):
        return match.group(0)
    marked = match.group("ax") or match.group("bx")
    if not marked and match.group("ah") in _YEARS and match.group("bh") in _YEARS:
        return match.group(0)
    first = f"{match.group('ah')}:{match.group('am')}".replace("24:00", "00:00")
    second = f"{match.group('bh')}:{match.group('bm')}".replace("24:00", "00:00")
    return f"{first}{match.group('sep')}{second}"


def _hhmm(text: str) -> str:
    """Four-digit times written as a clock's (:data:`_HHMM_PAIR`, :data:`_HHMM_ONE`)."""
    text = _HHMM_PAIR.sub(_hhmm_pair, text)
    return _HHMM_ONE.sub(lambda m: f"{m.group(1)}:{m.group(2)}".replace("24:00", "00:00"), text)


#: Hours said in words, for spoken times ("from two till three").
_HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
_HOUR = r"(?:\d{1,2}(?!\d)|(?:" + "|".join(_HOUR_WORDS) + r")\b)"
#: A time said as it is spoken (re-review, session 63): "half past 2" and the British "half 2" (2:30), "quarter past
#: 2", "quarter to 3", "2 o'clock", "2ish" — not a length ("half 2 hours", "20ish mins").
_SPOKEN = re.compile(
    r"(?:(?P<pre>\b(?:at|about|around|by|till|until|til|gone)\s+|@\s*)"
    r"(?P<min>five|ten|twenty[- ]five|twenty|5|10|20|25)\s+(?P<dir>past|to)\s+"
    r"|\b(?:a\s+)?(?P<part>half past|half|quarter past|quarter to)\s+)"
    rf"(?P<h>{_HOUR})(?P<mark>\s*{_MARK})?"
    rf"|\b(?P<whole>{_HOUR})\s*(?:o'?\s?clock|-?ish)\b"
    r"(?![:.]\d|\s*(?:h|hrs?|hours?|min\w*)\b)"
)
#: One hour in words after "at", "till" and their like, where a time is ("at two, lasted till 3am", "till three";
#: review, session 64), not "at one point" or "by two weeks".
_WORD_HOUR = re.compile(
    rf"\b(?P<pre>(?:at|till|til|until|by|from|around|about|gone)\s+)(?P<w>{'|'.join(_HOUR_WORDS)})\b"
    rf"(?=\s*(?:{_MARK}|[,.;:!?\n]|$|(?:till|til|until|to|and|then|lasted|with|when|i|it)\b|in the (?:morning|night)"
    r"|at night))"
)
#: An hour in words before a word of a span and an hour in figures ("two till 3", "eleven to 1:30"; "till three" is
#: already "till 3", :data:`_WORD_HOUR`).
_WORD_SPAN = re.compile(
    rf"\b(?P<a>{'|'.join(_HOUR_WORDS)})(?P<sep>\s*(?:till|til|until|to|-|through|thru)\s*)(?=\d)"
)
#: An hour in figures, a word of a span and an hour in words ("from 2 to three", once "from two" is "from 2":
#: :data:`_WORD_HOUR`; planning list, session 64).
_SPAN_WORD = re.compile(
    rf"(?<![\d:.])(?P<a>\d{{1,2}})(?P<sep>\s*(?:till|til|until|to|-|through|thru)\s*)(?P<w>{'|'.join(_HOUR_WORDS)})\b"
)
#: The minutes of each spoken part, past the hour or to it ("half past", "quarter to", "ten to", "20 past"; and
#: :data:`_HOURLESS`'s).
_PAST_MINUTES = {
    "half": 30, "quarter": 15, "five": 5, "ten": 10, "twenty": 20, "twenty five": 25, "twenty-five": 25, "5": 5,
    "10": 10, "20": 20, "25": 25,
}  # fmt: skip


def _hour_number(hour: str) -> int:
    return _HOUR_WORDS.get(hour) or int(hour)


def _spoken_time(match: re.Match[str]) -> str:
    """One spoken time (:data:`_SPOKEN`) as a clock's: "2:30", "1:50", "2:00" (o'clock, and 2ish: about 2)."""
    if match.group("whole"):
        return f"{_hour_number(match.group('whole'))}:00"
    hour = _hour_number(match.group("h"))
    if match.group("part"):
        words, _, direction = match.group("part").partition(
            " "
        )  # "half" alone is half past (British "half 2")
    else:
        words, direction = match.group("min"), match.group("dir")
    minutes = _PAST_MINUTES[words]
    mark = match.group("mark") or ""
    if direction == "to":
        # "quarter to 1" is 12:45; "quarter to 12pm" is 11:45 in the other half of the day: its mark is left out
        # (the span's reading then takes the shorter of the two).
        mark = "" if hour == 12 else mark
        hour, minutes = (hour - 2) % 12 + 1, 60 - minutes
    return f"{match.group('pre') or ''}{hour}:{minutes:02d}{mark}"


#: An end said without its hour: "lasted till half past", "gone by twenty past", "till quarter to" (the first
#: review, session 64) — of the hour of the clock time said last before it.
_HOURLESS = re.compile(
    r"\b(?P<pre>(?:till|til|until|to|by)\s+)(?:a\s+)?(?P<part>half past|quarter past|quarter to"
    r"|(?:five|ten|twenty[- ]five|twenty) (?:past|to))\b(?!\s*(?:\d|" + "|".join(_HOUR_WORDS) + r")\b)"
)
#: The clock time said last before it: its hour and mark.
_LAST_TIME = re.compile(rf"(?<![\d:.])(?P<h>\d{{1,2}})(?::(?P<m>[0-5]\d))?\s*(?P<mark>{_MARK})?(?![\d:.]\d)")


def _hourless_time(match: re.Match[str]) -> str:
    """:data:`_HOURLESS` as a clock's time in the hour of the last time before it ("at 2 … till half past" is till
    2:30, "till quarter to" 2:45, with that time's am or pm), or as written when there is none."""
    times = [t for t in _LAST_TIME.finditer(match.string, 0, match.start()) if 1 <= int(t.group("h")) <= 12]
    if not times:
        return match.group(0)
    words, direction = match.group("part").rsplit(" ", 1)
    minutes = _PAST_MINUTES[words] if direction == "past" else 60 - _PAST_MINUTES[words]
    start = times[-1]
    hour, mark = int(start.group("h")), start.group("mark") or ""
    if minutes <= int(start.group("m") or 0):
        # Not after the start in its hour: the next hour's ("at 11:50pm until ten past" is 12:10), its mark left out
        # at 12 (the span's reading then takes the shorter of the two halves of the day).
        hour, mark = hour % 12 + 1, "" if hour == 11 else mark
    return f"{match.group('pre')}{hour}:{minutes:02d}{mark}"


def _spoken(text: str) -> str:
    """Times said in words written as a clock's (:data:`_SPOKEN`, :data:`_WORD_HOUR`, :data:`_WORD_SPAN`,
    :data:`_SPAN_WORD`, :data:`_HOURLESS`). No sentence end is added or taken."""
    text = _SPOKEN.sub(_spoken_time, text)
    text = _WORD_HOUR.sub(lambda m: f"{m.group('pre')}{_HOUR_WORDS[m.group('w')]}", text)
    text = _WORD_SPAN.sub(lambda m: f"{_HOUR_WORDS[m.group('a')]}{m.group('sep')}", text)
    text = _SPAN_WORD.sub(lambda m: f"{m.group('a')}{m.group('sep')}{_HOUR_WORDS[m.group('w')]}", text)
    return _HOURLESS.sub(_hourless_time, text)


#: One hour "till" or "until" another, without am/pm ("cramp from 2 till 3", "cramp 2 till 3"; planning list,
#: session 61, and its review): "till" and "until" are words of time, so the hours are a clock's. "To" only after
#: "from" ("cramp from 2 to 3"; planning list, session 64); not "2 to 3" alone or a dash ("2-3" is as often a count
#: or a pain score), which still need a clock's mark; nor before a count ("from 2 to 3 times a night") or after a
#: score's words ("pain from 4 until 6", "went from 2 to 3").
_TILL_WORDS = ("till", "til", "'til", "until")
#: What follows a span that makes it a count, not clock times.
_COUNT_AFTER = re.compile(
    r"\s*(?:times?|x\b|nights?|days?|weeks?|months?|tablets?|pills?|capsules?|cramps?|episodes?|twice|out of"
    r"|of 10|/\s*10|per\b|a (?:night|day|week)"
    # Its review (session 63): "cramps at 8 until 10 years old", "till 4 caps a day", "4 till 6 on the pain scale".
    r"|years?|yrs?\b|y/?o\b|old\b|caps?\b|doses?|miles?|kms?\b|laps?\b|reps?\b|sets?\b|steps?|glasses|cups?"
    # "from 1 to 2 tabs", "2 to 3 nightly" (session 65).
    r"|tabs?\b|sachets?|scoops?|nightly|daily|weekly"
    r"|(?:on )?(?:the |a )?(?:pain )?scale)"
)
#: Words before a span that make it a score's or an amount's ("pain from 4 until 6", "went from 2 till 3").
_SCORE_BEFORE = re.compile(
    r"\b(?:pain|score|level|severity|rating|scale|went|gone|rose|risen|dropped|fell|fallen|increased|decreased"
    r"|up|down)\b"
)
#: "From", perhaps "from about", just before a span: not words between the cramp and its length.
_FROM_ABOUT = re.compile(r"\s*\bfrom(?:\s+(?:about|around|roughly|approx\w*))?\s*$")
#: The longest span read as a cramp's (planning list, session 59: "from 2am to 3am" was not a length); a
#: longer one is the night's or a misreading ("11pm to 7am" in bed).
_CLOCK_SPAN_MAX_MINUTES = 6 * 60


def _clock_minutes(hour: str, minute: str | None, mark: str | None) -> int | None:
    """Minutes after midnight of a clock time, ``None`` when it is not one (13pm, 25:00). Without ``mark``
    as a 24-hour clock: the caller tries the other half of the day too."""
    h, m = int(hour), int(minute or 0)
    if mark is None or (h == 0 and minute is not None):
        # "00:30" is a 24-hour clock's even beside "1am" ("from 2400h to 1am", midnight; review, session 62).
        return h * 60 + m if h < 24 else None
    if not 1 <= h <= 12:
        return None
    return (h % 12 + (12 if mark.startswith("p") else 0)) * 60 + m


def _from_till(match: re.Match[str]) -> bool:
    """Whether a span without a clock's mark is said from one hour "till" another (:data:`_TILL_WORDS`), or
    "from" one "to" another (planning list, session 64: "cramp from two to three"), and is neither a count
    (:data:`_COUNT_AFTER`) nor a score's (:data:`_SCORE_BEFORE`, anywhere before it in the cramp's sentence)."""
    sep = match.group("sep")
    return (
        (sep in _TILL_WORDS or (sep == "to" and _from_to(match)))
        and _COUNT_AFTER.match(match.string, match.end()) is None
        and _SCORE_BEFORE.search(match.string, 0, match.start()) is None
    )


#: Words before "from 2 to 3" that make it a change in a count or a score ("cramps worse, from 2 to 4", "cramp
#: count from 2 to 3"): "to" says less of time than "till" does.
_CHANGE_BEFORE = re.compile(
    r"\b(?:worse|better|more|less|fewer|count|frequency|often|intensity|number|week|weekly|average|avg|increased?"
    r"|upped|bumped|changed?|moved|switched|raised|lowered|cut)\b"
)


def _from_to(match: re.Match[str]) -> bool:
    """Whether a span with "to" is said "from" one hour (:data:`_FROM_ABOUT`), not as a change in a count or a
    score (:data:`_CHANGE_BEFORE`, anywhere before it in the cramp's sentence)."""
    return (
        _FROM_ABOUT.search(match.string, 0, match.start()) is not None
        and _CHANGE_BEFORE.search(match.string, 0, match.start()) is None
    )


def _marked(match: re.Match[str]) -> bool:
    """Whether a side of a span has a clock's mark: am/pm, or minutes."""
    return any(match.group("ap1", "ap2", "m1", "m2"))


def _clock_span(match: re.Match[str]) -> int | None:
    """The minutes from one clock time to the next (over midnight too), or ``None`` when the span is not
    written as clock times. Without a mark on a side, the reading that gives the shortest span."""
    if match.group("sep") == "and" or (not _marked(match) and not _from_till(match)):
        return None  # "2am and 3am": two times (re-review, session 63: "two cramps, 2am and 3am")
    if not (match.group("ap1") or match.group("ap2")) and _dates(match):
        return None
    return _span_minutes(match)


def _dates(match: re.Match[str]) -> bool:
    """Whether a span's two sides may be dotted dates ("12.11-13.11"; re-review, session 60): both dotted, their
    second parts both months, 1 to 12 ("1.30-2.30", review, session 63, and "2.00-3.00", review, session 64, are
    times)."""
    return match.group("d1") == match.group("d2") == "." and all(
        1 <= int(month) <= 12 for month in match.group("m1", "m2")
    )


def _span_minutes(match: re.Match[str]) -> int | None:
    """:func:`_clock_span` for a span already known to be one of clock times."""
    h1, m1, ap1, h2, m2, ap2 = match.group("h1", "m1", "ap1", "h2", "m2", "ap2")
    start, end = _clock_minutes(h1, m1, ap1 or ap2), _clock_minutes(h2, m2, ap2 or ap1)
    if start is None or end is None:
        return None
    day, half = 24 * 60, 12 * 60
    spans = [(end - start) % day]
    if not (ap1 and ap2):  # a side without its mark may be the other half of the day ("11-1am")
        spans.append((end - start + half) % day)
    return min(spans)


def _long_cramp(text: str, minutes: float) -> bool:
    """Does a note about a cramp say something lasted more than ``minutes`` (rule ``journal_note_signs``)?
    A time after which something happened ("3 hours after dinner"), sleep's hours or another activity's are
    not a length. A span of clock times ("from 2am to 3am") counts only right after the cramp is named, not
    when it says when the cramp came or what else was done then, and only when no length is said."""
    if not _ABOUT_CRAMP.search(text):
        return False
    # Four-digit and spoken times as a clock's, before anything reads "0300h" as 300 hours.
    text = _spoken(_hhmm(text))
    # The sentences that say a length: a clock span there is not read (review, session 63: "did 5 min of stretches
    # before bed. cramp at 2am till 3am" read no span at all).
    stated: set[int] = set()
    for match in _LONG_CRAMP.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        first_that_long = _NO_CRAMP_FOR.search(before) and _BEFORE_NOW.match(text, match.start())
        if (_NO_CRAMP_FOR.search(before) and not first_that_long) or (
            _WITHIN_OF.search(before) and not _WITHIN_NEGATED.search(before)
        ):
            continue  # "no cramps for an hour", "within 20 mins of lying down": no cramp's length
        if match.group("short"):
            if not (_NOT_SHORT_BEFORE.search(before) or _NOT_SHORT_AFTER.match(after)):
                stated.add(_sentence_at(text, match.start()))
            continue
        other_lasted = _OTHER_LASTED.search(before)
        if other_lasted and _other_thing(other_lasted.group("subject")):
            continue  # "the film lasted 3 hours"
        # The cramp's length, whatever else is said: "lasted an hour after I woke", "20 mins before the cramp
        # eased", "couldn't walk for 20 mins", "still going 20 mins later", "stretching my calf before it let go".
        its = (
            first_that_long  # "never had a cramp for 30 mins before"
            or _LASTED_BEFORE.search(before)
            or _FREE_AFTER.search(before)
            or _ENDED_AFTER.match(after)
            or _COULD_NOT_BEFORE.search(before)
            or _STILL_THERE.search(_clause_after(after))
        )
        sleep = _SLEEP_BEFORE.search(before) and not _KEPT_UP.search(before)
        # "Still going" anywhere in the sentence, but not for sleep's hours ("slept 5 hours, cramp still there").
        its = its or (not sleep and _STILL.search(_sentence_of(text, match.start())))
        other = sleep or _ACTIVITY_BEFORE.search(before) or _ACTIVITY_AFTER.match(after)
        if match.group("whole"):
            if its or not (other or _WHEN_AFTER.match(after) or _night_of_another(text, match)):
                return True
            continue
        if not its and (match.group("after") or other):
            continue
        stated.add(_sentence_at(text, match.start()))
        number = match.group("n")
        value = _NUMBER_WORDS.get(number) or float(number.replace("½", "") or 0) + 0.5 * number.endswith("½")
        amount = value * (1 if match.group("unit").startswith("m") else 60)
        # "over 10 minutes" and "10+ minutes" are more than 10.
        more = bool(match.group("over") or match.group("plus"))
        if amount > minutes or (more and amount >= minutes):
            return True
    for word, clock in _CLOCK_WORDS:
        text = text.replace(word, clock)  # no sentence end added or taken: the sentence numbers hold
    return _clock_span_over(text, minutes, stated) or _at_till_over(text, minutes, stated)


#: Where a clause ends, for the words around a length.
_CLAUSE_END = re.compile(r"[,.;:!?\n]|\b(?:and|but|then)\b")


def _clause_after(after: str) -> str:
    """The rest of a length's clause (:data:`_CLAUSE_END`)."""
    end = _CLAUSE_END.search(after)
    return after[: end.start()] if end else after


def _other_thing(subject: str) -> bool:
    """Whether the words before "lasted" in its clause name something else that lasted (:data:`_OTHER_THING`) and
    no cramp ("the film", "headache", "back pain"; not "the episode", "it", "the pain in my calf")."""
    return bool(_OTHER_THING.search(subject)) and not _CRAMP_WORD.search(subject)


#: A cramp denied in a clause: "no cramps", "not a single cramp", "not one cramp", "free of cramps", "cramp-free".
_CRAMP_DENIED = re.compile(
    r"\b(?:no|not|without|never|zero|didn'?t have|free of)\s+(?:(?:a|any|one|single|even|twinge|of|more|real|calf|"
    r"leg|night|cramps?)\s+){0,4}?(?:cramp|spasm)|\bcramp\w*[\s-]*free\b|\bnone\b"
)


def _night_of_another(text: str, match: re.Match[str]) -> bool:
    """Whether "all night" or its like (:data:`_LONG_CRAMP`'s ``whole``) is said of something else in its clause:
    the clause names another thing (:data:`_OTHER_THING`: "kids sick all night", "raining all night", "hubby up all
    night with the baby") or a cramp denied ("no cramps all night!", "not a single cramp all night"), and no cramp
    that is there; review, session 64."""
    if "night" not in match.group(0) and "nite" not in match.group(0):
        return False
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, match.start())), default=0)
    clause = text[start : match.end()] + _clause_after(text[match.end() :])
    denied = _CRAMP_DENIED.search(clause)
    cramps = [
        c
        for c in _CRAMP_WORD.finditer(clause)
        if not (_CRAMP_DENIED.search(clause, 0, c.end()) or re.match(r"[\s-]*free\b", clause[c.end() :]))
    ]
    return bool(denied or _OTHER_THING.search(clause)) and not cramps


def _sentence_of(text: str, at: int) -> str:
    """The sentence of ``text`` (:data:`_SENTENCE_END`) that position ``at`` is in."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    end = _SENTENCE_END.search(text, at)
    return text[start : end.start() if end else len(text)]


def _sentence_at(text: str, at: int) -> int:
    """Which sentence of ``text`` (:data:`_SENTENCE_END`) position ``at`` is in, counted from 0."""
    return sum(1 for end in _SENTENCE_END.finditer(text, 0, at))


#: A cramp's length said after it, perhaps in the next sentence ("cramp woke me. lasted from 2 till 3"; planning
#: list, session 62): these words...
_LASTING = (
    r"(?:lasted|lasting|went on(?: and on)?|kept going|continued|carried on|hurt|hurting|ached|aching|stayed"
    r"|(?:didn'?t|did not|wouldn'?t|would not) (?:stop|ease|let up|go away|go))"
)
_LASTED = re.compile(rf"\b{_LASTING}\b")
#: ... at a sentence's or clause's start, after "it", "and", the cramp, the cramp "which", or "the pain"; not after
#: another subject ("dinner lasted 7-9pm", "back pain lasted from 2 till 4", "the party went on until 2am",
#: "baby crying which went on until 4"; review, session 63).
_LEAD_OK = (
    r"(?:^|[,.;:\u2026]|\b(?:and|then|but|it|this|cramps?|cramping|cramped|spasms?)"
    r"|\b(?:cramps?|cramping|spasms?|calf|calves|leg|legs|foot|thigh)\s*,?\s*(?:which|that)"
    r"|(?:^|[,.;:]|\b(?:and|then))\s*(?:the\s+)?(?:(?:awful|bad|terrible|severe|sharp)\s+)?(?:pain|ache))"
)
_LASTED_AFTER = re.compile(rf"{_LEAD_OK}\s*$")


def _anchors(text: str) -> list[int]:
    """Where a span of clock times may start that is the cramp's length: after each cramp named and not denied,
    and, in a note naming such a cramp, after "lasted" and its like (:data:`_LASTED`, :data:`_LASTED_AFTER`)."""
    ends = [cramp.end() for cramp in _CRAMP_WORD.finditer(text) if not _NEGATED.search(text[: cramp.start()])]
    if ends:
        for lasted in _LASTED.finditer(text):
            sentence = _SENTENCE_END.split(text[: lasted.start()])[-1]
            if _LASTED_AFTER.search(sentence):
                ends.append(lasted.end())
    return sorted(ends)


def _clock_span_over(text: str, minutes: float, stated: Collection[int] = ()) -> bool:
    """Whether a span of clock times right after the cramp's name ("cramp from 2am to 3am", "cramp in bed
    2-3am") or after "lasted" (:func:`_anchors`) is longer than ``minutes`` (at most
    :data:`_CLOCK_SPAN_MAX_MINUTES`), in a sentence that says no length of its own (``stated``)."""
    for anchor in _anchors(text):
        if _sentence_at(text, anchor) in stated:
            continue
        rest = text[anchor:]
        end = _SENTENCE_END.search(rest)
        rest = rest[: end.start()] if end else rest  # the cramp's sentence
        for match in _CLOCK_SPAN.finditer(rest):
            # "from", and "from about" ("cramp from about 2 till 3": about the times, not when it came).
            between = _FROM_ABOUT.sub("", rest[: match.start()])
            if len(between.split()) > 4 or _NOT_ITS_LENGTH.search(between) or _MEASURE_BEFORE.search(between):
                break
            span = _clock_span(match)
            if span is not None and minutes < span <= _CLOCK_SPAN_MAX_MINUTES:
                return True
    return _span_before_cramp(text, minutes, stated)


#: A span of clock times just before the cramp's name, perhaps with a word of where or how bad between ("2am-3am
#: cramp", "2-3am calf cramp"; review, session 64).
_SPAN_BEFORE = re.compile(
    _CLOCK_SPAN.pattern
    + r"\s*(?:(?:calf|leg|foot|thigh|toe|bad|awful|severe|painful|left|right|big|another)\s+){0,2}$"
)


def _span_before_cramp(text: str, minutes: float, stated: Collection[int]) -> bool:
    """Whether a span just before a cramp named (:data:`_SPAN_BEFORE`), in a sentence that says no
    length of its own, is longer than ``minutes``; not when the words before it say when it came or what else was
    done ("at 2-3am cramp", "gym 6-7pm cramp")."""
    for cramp in _CRAMP_WORD.finditer(text):
        # (A denial cannot stand between a span and the cramp's name: only :data:`_SPAN_BEFORE`'s words do.)
        if _sentence_at(text, cramp.start()) in stated:
            continue
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, cramp.start())), default=0)
        match = _SPAN_BEFORE.search(text, start, cramp.start())
        if match is None:
            continue
        head = text[start : match.start()]
        last_words = " ".join(re.split(r"[,;:]", head)[-1].split()[-3:])  # of its clause
        if _NOT_ITS_LENGTH.search(last_words) or _MEASURE_BEFORE.search(head):
            continue
        span = _clock_span(match)
        if span is not None and minutes < span <= _CLOCK_SPAN_MAX_MINUTES:
            return True
    return False


#: One clock time, its groups numbered ``n`` (as in :data:`_CLOCK_SPAN`).
_TIME = (
    r"(?<![\d:.])(?P<h{0}>\d{{1,2}})(?:(?P<d{0}>[:.])(?P<m{0}>[0-5]\d))?(?![\d:.]\d)\s*(?P<ap{0}>"
    + _MARK
    + ")?"
)
#: A cramp's start "at" a time (or "woke 2am") and its end "till" another ("woke at 2am with a calf cramp, lasted
#: till 2:30", "cramp at 2, lasted until 3", "cramp at 2am until 3am", "cramp at 2am. lasted till 3am"; planning
#: list, session 62, and its review, session 63).
_AT_TILL = re.compile(
    r"(?:(?:\b(?:at|around|about|approx\w*|from)\s+|@\s*)(?:(?:about|around|roughly|approx\w*)\.?\s+)?"
    r"|\b(?P<bare>woke|woken|started|began)\s+(?:(?:me|up)\s+){0,2})"
    + _TIME.format(1)
    + r"(?P<mid>[^;!?\n]*?)(?P<sep>\b(?:till|til|until|to)\b|'til\b"
    # ... or with another verb (re-review, session 63): "finally stopped at 3am", "ended 3am", "gone by 3am".
    r"|\b(?:finally\s+)?(?:stopped|ended|finished|eased|went away|gone|still there|still going|still hurting"
    # review, session 64: "still cramping at 3am", "still in agony at 2:30", "still there @ 3am".
    r"|still cramping|still in agony|still tight|still bad|still painful|still sore)"
    r"(?:\s*@|\s+(?:at|by))?(?=\s*\d))\s*"
    r"(?:(?:about|around|nearly|roughly|almost|approx\w*|gone|past|after|just after)\s+)?"
    + _TIME.format(2)
    + r"(?!\d|[:.]\d|\s*(?:h|hrs?|hours?|min\w*)\b)"
)
#: Where :data:`_AT_TILL` may start.
_AT_START = re.compile(r"\b(?:at|around|about|approx\w*|from|woke|woken|started|began)\b|@")
#: What may stand just before "till" for it to be the cramp's end: nothing, the cramp, or "lasted" and its like
#: after the cramp or at a clause's start (:data:`_LEAD_OK`); before "to", only "lasted" and its like.
_TILL_HEAD = re.compile(
    # Or "which", "that", "n", "&" right after the start's time (re-review, session 63: "cramp at 2am which lasted
    # until 3am").
    rf"(?:{_LEAD_OK}|^[\s,]*(?:which|that|n|&))\s*(?:(?:it\s+|the cramp\s+)?(?P<lasting>{_LASTING})\s+)?"
    r"(?:right\s+|on\s+)?$"
)
#: The words that may stand between the cramp (or the sentence's start) and "at": how it came, where it was.
_LEAD_WORDS = frozenset(
    [
        "at",
        "woke",
        "woken",
        "waking",
        "wakes",
        "me",
        "up",
        "i",
        "was",
        "got",
        "had",
        "have",
        "started",
        "starts",
        "began",
        "begins",
        "came",
        "comes",
        "on",
        "hit",
        "struck",
        "kicked",
        "in",
        "my",
        "the",
        "a",
        "an",
        "left",
        "right",
        "both",
        "calf",
        "calves",
        "leg",
        "legs",
        "foot",
        "feet",
        "thigh",
        "thighs",
        "hamstring",
        "hamstrings",
        "toe",
        "toes",
        "shin",
        "again",
        "bad",
        "badly",
        "severe",
        "awful",
        "terrible",
        "really",
        "very",
        "another",
        "big",
        "painful",
        "sudden",
        "suddenly",
        "then",
        "and",
        "last",
        "night",
        "this",
        "morning",
        "today",
        "tonight",
        "just",
    ]
)
#: The longest stretch of words between the two times (review, session 63: seven in "woke at 2am with cramp in
#: my calf which lasted until 2:30").
_AT_TILL_MAX_WORDS = 8
#: Someone doing something else just after the span ("cramp at 2, then at 3 till 4 I read").
_SOMEONE_DID = re.compile(
    r",?\s*(?:i|we|he|she|they)\s+(?:read|watched|worked|walked|shopped|cooked|cleaned|played|drove|studied|swam"
    r"|ran|ate|knitted|sewed|gamed|chatted|fed)\b"
)
#: Score words: without a clock's mark, "pain at 4 till 6" is as often a score.
_SCORE_WORDS = re.compile(r"\b(?:pain|score|level|severity|rating|scale)\b")


def _at_till_over(text: str, minutes: float, stated: Collection[int] = ()) -> bool:
    """Whether a cramp said to start "at" one time and last "till" another (:data:`_AT_TILL`) lasted longer than
    ``minutes`` (at most :data:`_CLOCK_SPAN_MAX_MINUTES`): a cramp named, not denied, in the sentence of "at" before
    "till"; only words of :data:`_LEAD_WORDS` between the cramp (or the sentence's start) and "at"; at most
    :data:`_AT_TILL_MAX_WORDS` words between the times (the end perhaps in a later sentence: "cramp at 2am. lasted
    till 3am"), none another activity's; not a count or a score; no length said in the sentence of "at"
    (``stated``). Each "at" is tried (review, session 63: "took magnesium at 9pm. cramp at 2am until 3am" was read
    once, from 9pm, and refused)."""
    for begin in _AT_START.finditer(text):
        match = _AT_TILL.match(text, begin.start())
        if match is None:
            continue
        at, mid = _sentence_at(text, match.start()), match.group("mid")
        head = _TILL_HEAD.search(mid)
        if at in stated or head is None or len(mid.split()) > _AT_TILL_MAX_WORDS:
            continue
        if match.group("sep") == "to" and not head.group("lasting"):
            continue  # "lasted to 3am", not "from 2 to 3"
        if match.group("bare") and not (match.group("ap1") or match.group("m1")):
            continue  # "woke 2am", not "woke 2 times"
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, match.start())), default=0)
        cramps = [
            c
            for c in _CRAMP_WORD.finditer(text, start, match.start("sep"))
            if not _NEGATED.search(text[: c.start()])
        ]
        if not cramps:
            continue
        lead = text[max([c.end() for c in cramps if c.end() <= match.start()], default=start) : match.start()]
        if not set(re.findall(r"[a-z']+", lead)) <= _LEAD_WORDS or _NOT_ITS_LENGTH.search(mid):
            continue
        if _MEASURE_BEFORE.search(text[: match.start()]):
            continue
        if _COUNT_AFTER.match(text, match.end()) or _SOMEONE_DID.match(text, match.end()):
            continue  # a count after it, or another activity's hours ("at 3 till 4 I read")
        if not _marked(match) and _SCORE_WORDS.search(f"{lead} {mid}"):
            continue
        span = _span_minutes(match)
        if span is not None and minutes < span <= _CLOCK_SPAN_MAX_MINUTES:
            return True
    return False


#: A cramp or a twitch named in a note.
_SYMPTOM_WORD = re.compile(r"\b(?:cramp\w*|twitch\w*|spasm\w*|charley horse|charlie horse)")
#: ... denied: "no cramps", "no cramps or twitches", "without any leg cramps".
_SYMPTOM_DENIED = re.compile(
    r"\b(?:no|not|without|never|didn'?t|wasn'?t|hasn'?t|haven'?t|no longer)\s+"
    r"(?:(?:cramps?|twitch\w*|spasms?|or|and|any|a|more|get|got|have|had|leg|legs|calf|calves|foot|feet|real|night)"
    r"\s+){0,3}$"
)


def note_names_symptom(note: str) -> bool:
    """Whether a journal note speaks of a cramp or a twitch that it does not deny ("one brief cramp", not "no
    cramps"): a night saved with 0 episodes is then questioned (pharmacist review, session 60)."""
    text = note.lower().replace("\u2019", "'")
    return any(not _SYMPTOM_DENIED.search(text[: m.start()]) for m in _SYMPTOM_WORD.finditer(text))


def note_signs(note: str, long_cramp_minutes: float) -> tuple[str, ...]:
    """The red flags (red_flags.csv flag_id) whose signs a journal note names, once each, in the order
    of :data:`NOTE_SIGN_WORDS` (rule ``journal_note_signs``; planning list, session 58: "left calf
    swollen and hot", "palpitations" were saved without a word). A sign with "no", "not", "without"
    just before it is not counted ("no swelling today"). Something said to have lasted longer than
    ``long_cramp_minutes`` (the cramp flag's 10 minutes) names flag cramp-over-10-minutes."""
    text = note.lower().replace("\u2019", "'")
    found: list[str] = []
    for pattern, flags in _NOTE_SIGNS:
        if any(
            not _NEGATED.search(text[: m.start()]) and not _OVER.match(text[m.end() :])
            for m in pattern.finditer(text)
        ):
            found += flags
    if _long_cramp(text, long_cramp_minutes):
        found.append("cramp-over-10-minutes")
    return tuple(dict.fromkeys(found))


#: Rule unknown_medicine_checked: the stop while a medicine the app does not know waits.
UNKNOWN_MEDICINE_STOP = (
    "**No plan until each medicine this app does not know is checked.** The app knows only the medicines in its "
    "list, so it cannot tell whether one it does not know must be kept apart from magnesium, or changes what the "
    "plan must ask (a diuretic's prescriber, for one). Ask a pharmacist, or type the active ingredients on its box "
    "in the medicine finder; then tick beside its name. Remove a name typed by mistake."
)


#: Said after the medicine finder's answer for such a name.
UNKNOWN_FINDER_WORDS = (
    "**The plan waits** until you tick, under the finder, that a pharmacist or doctor has checked it with "
    "magnesium (or you have typed its active ingredients here), or remove it there."
)


#: What the person confirms beside such a name (or, after a reload or in a link, for their count).
UNKNOWN_CHECKED_WORDS = (
    "a pharmacist or doctor has told me {it} fine to take with magnesium, or I have typed {its} active ingredients "
    "above"
)


#: Said after the medicine finder's answer for a product whose name suggests magnesium, or that holds it, and that
#: was not picked under the other products (pharmacist review, session 65: "Slow-Mag", "ZMA", "Citrate of
#: Magnesia", "Magnesium oxide 400mg" got a note to pick it, and the plan came at 250 mg with nothing counted).
MAGNESIUM_NAMED_FINDER_WORDS = (
    "**The plan waits** until you tick, under the finder, that its magnesium is counted under **Other products with "
    "magnesium I take** (or that it is the supplement you are planning here, or that its label lists no magnesium), "
    "or remove it there."
)
#: What the person confirms beside such a name.
MAGNESIUM_NAMED_WORDS = (
    "I have entered the magnesium it gives me a day under Other products with magnesium I take, or it is the "
    "supplement I am planning here, or its label lists no magnesium"
)
#: The kinds of name kept for rule unknown_medicine_checked besides one the app does not know at all: a product
#: that may hold magnesium, and a name that matches several medicine classes and added none ("water pill").
NAME_MAGNESIUM, NAME_SEVERAL = "magnesium", "several"
#: Said after the medicine finder's answer for a name of several classes, and beside it while it waits: no tick,
#: the plan waits until one of its classes is picked (new-user review, session 65: "water pill" was told to pick its
#: class, then called "not in this app's list"; its re-review: a tick "I have picked …" gave a plan with no diuretic
#: picked, so no prescriber's question).
SEVERAL_FINDER_WORDS = "**The plan waits** until you pick the one on its box in **Medicines I take**, or remove it under the finder."


def several_waiting_words(shown_name: str, classes: Sequence[str], picked: bool) -> str:
    """Beside a name of several classes (``shown_name`` already escaped): what the plan waits for, or that one of
    its ``classes`` is picked."""
    if picked:
        return f"“{shown_name}”: its class is picked in Medicines I take."
    listed = ", ".join(classes[:-1]) + f" or {classes[-1]}"  # a name of several classes: two or more
    return (
        f"“{shown_name}” matches more than one medicine class: **the plan waits** until you pick the one on its box "
        f"in Medicines I take ({listed}), or remove it."
    )


def products_tick_holds(was: object, now: object) -> bool:
    """Rule other_sources_count: does "“…” may hold magnesium: I have entered the magnesium it gives me …" still
    stand? Not once the other products with magnesium, or their amount, changed since it was ticked (re-review,
    session 65: the product taken off the other products, the tick stood and a plan came with 0 mg counted)."""
    return was is not None and was == now


def products_tick_off_words(was: object, now: object) -> str:
    """What the page says under such a tick that :func:`products_tick_holds` took off."""
    return (
        "**Asked again:** Other products with magnesium I take, or their amount, changed since you ticked it. Tick "
        "again once this product's magnesium is counted there (or if it is the supplement you are planning here, "
        "or its label lists no magnesium)."
    )


def age_note(age_years: int, stage: str, rules: RuleBook) -> str | None:
    """What the Dose plan page can say right under the age, before its questions (rules no_plan_under_age and
    self_serve_min_age; new-user review, session 65: a parent who set the age to 12 learned only after every
    question that there is no plan without a doctor's dose). None for an adult."""
    if age_years < rules.no_plan_under_age:
        return (
            f"**Under {rules.no_plan_under_age}: no dose plan.** Magnesium supplements for a young child only on a "
            "doctor's advice and at the dose they give. The Diet page shows how much magnesium the child's food gives."
        )
    if age_years < rules.self_serve_min_age:
        return (
            f"**Under {rules.self_serve_min_age}: food first.** This page makes a plan only with the dose a "
            f"{clinician_words(stage)} advised (asked below, after the safety questions), never the adult guidance. "
            "The Diet page shows how much magnesium food already gives."
        )
    return None


def unknown_tick_label(shown_name: str, count: int, *, kind: str = "") -> str:
    """The tick for one medicine the app does not know (``shown_name``, already escaped for a label), or for the
    ``count`` a link or an earlier address carried without their names (rule unknown_medicine_checked); for a
    product named that may hold magnesium (``kind`` :data:`NAME_MAGNESIUM`), that its magnesium is counted. The
    count covers every kind kept (re-review, session 65: after a reload, a magnesium product was "a medicine this
    app does not know", and "None of them" could be answered honestly)."""
    if shown_name and kind == NAME_MAGNESIUM:
        return f"“{shown_name}” may hold magnesium: {MAGNESIUM_NAMED_WORDS}"
    if shown_name:
        return f"“{shown_name}” is not in this app's list: " + UNKNOWN_CHECKED_WORDS.format(
            it="it is", its="each of its"
        )
    many = count != 1
    return (
        f"{count} name{'s' if many else ''} this app could not place {'were' if many else 'was'} typed here before "
        "(a medicine it does not know, a product that may hold magnesium, or a name of several medicine classes; "
        "names are not kept in a link or after a reload): "
        + ("each is" if many else "it is")
        + " checked with magnesium by a pharmacist or doctor, counted under Other products with magnesium I take, "
        "or picked in Medicines I take"
    )


def unknown_medicine_lines(
    typed: Sequence[str],
    checked: Collection[str],
    from_link: int,
    link_checked: bool,
    kinds: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Rule unknown_medicine_checked: each medicine the app does not know, for the printouts and the clinician's
    summary, checked or not yet; and the count a link carried, once ticked (phone review, session 60: the no-plan
    printout said "Medicines: none picked" beside the stop that names them). ``kinds``: the names that are a
    product that may hold magnesium (:data:`NAME_MAGNESIUM`) or a name of several classes (:data:`NAME_SEVERAL`)."""
    said = {
        NAME_MAGNESIUM: (
            "may hold magnesium: ",
            "its magnesium counted, or the supplement planned, you said)",
        ),
        NAME_SEVERAL: ("matches more than one medicine class: ", "its class picked)"),
    }
    unknown = ("not in this app's list: ", "checked with magnesium by a pharmacist or doctor, you said)")
    lines = []
    for name in dict.fromkeys(typed):
        what, done = said.get((kinds or {}).get(name), unknown)
        lines.append(f"“{name}” ({what}" + (done if name in checked else "not yet checked)"))
    if from_link and link_checked:
        lines.append(
            f"{from_link} name{'s' if from_link != 1 else ''} this app could not place, typed before and not named in "
            "the link (checked with magnesium by a pharmacist or doctor, counted under other products, or picked, you "
            "said)",
        )
    return tuple(lines)


#: The heading over the unknown medicines' ticks, and its anchor: the stop links up to it (phone review, session
#: 60: the stop stood ~3,000 px below the ticks, with no way back up but scrolling).
UNKNOWN_HEADING, UNKNOWN_ANCHOR = "Medicines and products waiting to be checked", "unknown-medicines"


def unknown_waiting_words(shown_names: Sequence[str], from_link: int = 0) -> str:
    """Under the stop: which medicines wait (``shown_names``, already escaped) and where their ticks are."""
    named = [f"“{n}”" for n in shown_names]
    if from_link:
        named.append(
            f"{from_link} medicine{'s' if from_link != 1 else ''} typed before (not named in the link)"
        )
    return (
        "Waiting: "
        + ", ".join(named)
        + f". Tick each under [{UNKNOWN_HEADING}](#{UNKNOWN_ANCHOR}) in **2. Safety questions**, or remove it there."
    )


def unknown_waiting(typed: Sequence[str], checked: Collection[str]) -> tuple[str, ...]:
    """Rule unknown_medicine_checked: the medicines typed that the app does not know and that are not yet
    ``checked`` (by a pharmacist or doctor, or their ingredients typed), each once, in the order typed. The plan
    waits while any does."""
    return tuple(name for name in dict.fromkeys(typed) if name not in checked)


def label_unconfirmed(strength_mg: float, starting_mg: float, confirmed: bool, on_the_skin: bool) -> bool:
    """Rule ``label_starting_value_confirm``: whether the plan's files wait for the label's mg — the unit's
    mg is still the field's ``starting_mg``, not ``confirmed`` as the label's by the person, for a product
    taken by mouth (phone review, session 59: 2½ tablets of the unconfirmed 100 mg in the calendar)."""
    return not on_the_skin and strength_mg == starting_mg and not confirmed


def red_flags_first(
    life_stage: str, statin: bool, cramp_medicine: bool, child: bool = False
) -> tuple[str, ...]:
    """The red flags (red_flags.csv flag_id) put first in the list, in this order, the rest keeping file
    order: the signs of pre-eclampsia when pregnant or breastfeeding (phone review, 2026-12-04: 13th of
    13); with a statin, its cramps and muscle pain; with a medicine that can cause cramps (interactions.csv
    causes_cramps), its cramps (pharmacist review, 2026-12-06: cramps that began a month after starting
    atorvastatin, the man's main question, were the 11th of 17 bullets above one "none applies" tick); for a
    ``child``, the signs that leg pain is not growing pains."""
    first = ["pregnancy-pre-eclampsia"] if life_stage in ("pregnancy", "lactation") else []
    if child:
        # A child's limp or hot joint (teen review, 2026-12-06: growing pains' warning signs were not listed).
        first.append("child-limp-joint")
    if statin:
        first += ["statin-cramps", "statin-muscle"]
    if cramp_medicine:
        first.append("medicine-cramps")
    return tuple(first)


def kidney_risk_words(rules: RuleBook) -> str:
    """Said under /schedule's kidney question to adults (rules ``kidney_check_risk_conditions``,
    ``kidney_normal_egfr_min``): who NICE tests, and which result counts as reduced kidney function
    (GP review, 2026-12-05: an eGFR of 45-59 at 81 is often called "normal for your age")."""
    egfr = rules.kidney_normal_egfr_min
    return (
        "**NICE advises a kidney blood test (eGFR) for adults with diabetes, high blood pressure, heart or "
        "circulation disease (heart failure among them), kidney stones, an enlarged prostate, lupus, a past "
        "sudden kidney injury or kidney failure in the family, and a yearly one for anyone taking lithium, "
        "ciclosporin, tacrolimus or anti-inflammatory painkillers (NSAIDs) long-term.** If one of these is "
        f"you, tick “not sure” unless a recent test has shown an eGFR of {egfr} or more. **An eGFR below "
        f"{egfr} is reduced kidney function, at any age** (tick the first box), even if you were told it is "
        "normal for your age."
    )


def in_sentence(name: str) -> str:
    """A medicine class's name inside a sentence: its first letter in lower case unless the first
    word is an abbreviation ("hepatitis C medicines", "HIV integrase inhibitors"); the rest as
    written (brand names and "C" keep their capitals)."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def _unbracketed(name: str) -> str:
    """A class name without its bracketed parts ("Digoxin (heart medicine)" → "Digoxin")."""
    return re.sub(r"\s*\([^)]*\)", "", name)


#: What the medicines of rule ``kidney_check_medicine`` are taken for, among the conditions NICE advises
#: a kidney blood test for (sources.csv nice-ckd-testing).
KIDNEY_TEST_CONDITIONS = (
    "diabetes, high blood pressure, heart disease or an enlarged prostate, and a yearly one for anyone taking "
    "lithium or anti-inflammatory painkillers (NSAIDs) long-term"
)


def _medicine_uses(classes: Sequence[str]) -> str:
    """Rule ``kidney_check_medicine``: which medicines ask for the kidney test, each with what it is taken
    for in its brackets ("you take calcium-channel blockers (blood pressure, angina) and metformin (type 2
    diabetes)"), in every sentence that says so (pharmacist review, 2026-12-06: metformin and the ACE
    inhibitors joined the calcium-channel blockers, so one "usually taken for" no longer fits them all)."""
    return f"you take {_and([in_sentence(c) for c in classes])}"


def _medicine_kidney_words(classes: Sequence[str]) -> str:
    """The kidney-test stop's and caption's first sentence (rule ``kidney_check_medicine``)."""
    uses = _medicine_uses(classes)
    return f"{uses[0].upper()}{uses[1:]}."


def kidney_test_medicine_names(
    age_years: int, kidney: bool, unsure: bool, medicines: Sequence[MedicineLike], rules: RuleBook
) -> tuple[str, ...]:
    """Rule ``kidney_check_medicine`` under the age of rule ``kidney_check_prompt_age`` (from it the age's
    tick is asked), with neither kidney answer: the classes of the medicines whose kidney test /schedule
    asks beside them; empty where it is not asked there."""
    if age_years >= rules.kidney_check_prompt_age or kidney or unsure:
        return ()
    return tuple(m.drug_class for m in kidney_test_medicines(medicines))


def kidney_test_medicine_caption(medicines: Sequence[MedicineLike], rules: RuleBook) -> str:
    """Said above /schedule's kidney-test tick when a medicine of rule ``kidney_check_medicine``
    asks it (under the age of rule ``kidney_check_prompt_age``)."""
    return (
        f"**{_medicine_kidney_words([m.drug_class for m in kidney_test_medicines(medicines)])}** NICE advises "
        f"a kidney blood test for people with {KIDNEY_TEST_CONDITIONS}: the plan waits until you "
        f"say one has shown an eGFR of {rules.kidney_normal_egfr_min} or more."
    )


def link_dose_words(life_stage: str, age_years: int, rules: RuleBook) -> str | None:
    """Under a shared link's safety tick, where the dose is a midwife's or doctor's (pregnant,
    breastfeeding, under the age of rule ``self_serve_min_age``): the link shows no plan of the sender's
    (their advice is never in a link), and that tick is the reader's to give only if advised; else None
    (pharmacist review, 2026-12-06: her partner read "the plan below leaves them out" above no plan)."""
    if life_stage == "general" and age_years >= rules.self_serve_min_age:
        return None
    who = clinician_words(life_stage)
    return (
        f"A link never carries a {who}'s advice on the dose, so it shows no plan of theirs: ask the person "
        f"who shared it what dose they were advised, and tick that a {who} advised a dose only if one "
        "advised you."
    )


def kidney_test_label(rules: RuleBook) -> str:
    """The tick /schedule asks from the age of rule ``kidney_check_prompt_age``: a number the person can
    read off a result, not "my kidneys work normally" (rule ``kidney_normal_egfr_min``)."""
    return f"A recent kidney blood test showed an eGFR of {rules.kidney_normal_egfr_min} or more"


#: Rule answers_checked_first: the journal's words for a logged dose while the Dose plan page has not run
#: with the answers as they are now.
UNCHECKED_JOURNAL_WORDS = (
    "though your answers changed since the Dose plan page last checked them: open the Dose plan page again "
    "to see whether it makes a plan with them; take no magnesium supplement until then"
)

#: The journal's words for a logged dose with kidney disease (rule kidney_no_plan): every dose.
KIDNEY_JOURNAL_WORDS = (
    "though you said on the Dose plan page that you have kidney disease or reduced kidney function, or "
    "that you are not sure how well your kidneys work: kidneys that do not work well cannot clear extra "
    "magnesium, so take a magnesium supplement only at the dose a doctor who knows your kidneys advises"
)


@dataclass(frozen=True)
class DoseCheck:
    """The daily dose above which a logged night is questioned, and what that limit is (words)."""

    limit_mg: float
    words: str
    #: How the page shows a night above it: "warning", or "error" with kidney disease (pharmacist
    #: review, 2026-12-04: an amber box a screen and a half below the form read like a typo check).
    level: str = "warning"


def prescriber_journal_words(names: Sequence[str], can_tick: bool = True) -> str:
    """The journal's words for a logged dose while the dose plan page waits for the prescriber of
    ``names`` (rules doctor_medicine_confirm, digoxin_prescriber_confirm, statin_prescriber_confirm):
    every dose (clinician review, 2026-12-05: doses logged on digoxin before any agreement passed).
    ``can_tick``: that page offers the tick that they agreed; where it does not (before its safety tick,
    from 75 without a kidney answer, …), no tick is promised (adversarial review, 2026-12-05)."""
    if not can_tick:
        return (
            "though the Dose plan page makes no plan for you yet, and magnesium with your "
            + _and(list(names))
            + " needs "
            + prescriber_words(names)
            + " to agree first: take no magnesium supplement until then"
        )
    return (
        "though the Dose plan page has not been told in this visit that "
        + prescriber_words(names)
        + " agreed to magnesium: if they have, tick that on the Dose plan page; if not, take no magnesium "
        "supplement until they agree"
    )


#: The words of a medicine's name that can mean a combination tablet (rule combination_box_read; the
#: finder's ``schedule.COMBINATION_WORDS``), as the pages name them.
COMBINATION_NAMES = "“Plus”, “Comp”, “Co-”, “Duo”, “Triple” or a last “AM”"

#: The journal's words for a logged dose while the dose plan page waits for a combination's box to be
#: read (rule combination_box_read: no plan until then; session 53's planning list: a dose logged
#: meanwhile passed as usual).
BOX_JOURNAL_WORDS = (
    "though the Dose plan page makes no plan until you have read the box of a medicine you named with "
    f"{COMBINATION_NAMES}: it can hold a second medicine that changes whether magnesium is safe with "
    "it. Read the active ingredients on the box, type each one in the medicine finder there and tick that "
    "you have; take no magnesium supplement until then"
)

#: The /compare label converter's words while the dose plan page waits for a combination's box to be read.
BOX_CONVERTER_WORDS = (
    "The converter counts no tablets while the Dose plan page waits for you to read the box of a medicine "
    f"you named with {COMBINATION_NAMES}: it can hold a second medicine that changes whether magnesium "
    "is safe with it. It counts them once you tick there that you have read it."
)

#: /trial's words while /schedule waits for a combination's box to be read (rule combination_box_read).
NO_TRIAL_BOX_WORDS = (
    "**No on/off trial until you have read the box.** On the Dose plan page, a medicine named with "
    f"{COMBINATION_NAMES} can be a combination tablet with a second medicine in it: read the active "
    "ingredients on its box, type each one in the medicine finder there, and tick that you have."
)


#: The journal's, the converter's and /trial's words while /schedule waits for a medicine it does not know to be
#: checked (rule unknown_medicine_checked).
UNKNOWN_JOURNAL_WORDS = (
    "though the Dose plan page makes no plan until a medicine you typed there that this app does not know is "
    "checked: ask a pharmacist whether it is fine with magnesium (or type its active ingredients there) and tick "
    "that it was checked; take no magnesium supplement until then"
)
UNKNOWN_CONVERTER_WORDS = (
    "The converter counts no tablets while the Dose plan page waits for a medicine you typed there that this app "
    "does not know to be checked by a pharmacist or doctor. It counts them once you tick there that it was."
)
NO_TRIAL_UNKNOWN_WORDS = (
    "**No on/off trial until each medicine the app does not know is checked.** On the Dose plan page, ask a "
    "pharmacist whether the medicine you typed is fine with magnesium (or type its active ingredients there), "
    "then tick that it was checked."
)


#: /trial's words while an answer changed on the Dose plan page has not been run with there (rule
#: answers_checked_first).
NO_TRIAL_UNCHECKED_WORDS = (
    "**No on/off trial until the Dose plan page has checked your answers.** They changed since it last did: "
    "open the Dose plan page again; the trial uses the plan it then shows."
)

#: The clinician's summary's plan and medicine lines meanwhile (plain text; rule answers_checked_first:
#: the summary said "Medicines: none entered" for a person on a statin: re-review, session 55).
UNCHECKED_SUMMARY_WORDS = (
    "Not known: the person's answers on the Dose plan page changed in this session and that page has not "
    "checked them since, so no plan, medicines or stops are given here."
)


def no_trial_words(names: Sequence[str], can_tick: bool) -> str:
    """/trial's words while the dose plan page waits for the prescriber of ``names`` (no on/off trial
    then: clinician review, 2026-12-05); ``can_tick`` as for :func:`prescriber_journal_words` (no tick is
    promised where that page offers none)."""
    if can_tick:
        return (
            f"**No on/off trial until {prescriber_words(names)} agrees to magnesium.** The Dose plan page waits "
            "for it: once they agree, tick that there and it makes the plan the trial's on-blocks use."
        )
    return (
        "**No on/off trial: the Dose plan page makes no plan for you yet**, and magnesium with your "
        f"{_and(list(names))} needs {prescriber_words(names)} to agree first. See the Dose plan page for what it "
        "needs."
    )


def no_trial_stage_words(life_stage: str | None, age_years: int | None, rules: RuleBook) -> str | None:
    """Rule ``clinician_dose_no_trial``: /trial's words on a dose a midwife or doctor advises (pregnant,
    breastfeeding, under the age of rule ``self_serve_min_age``): no blocks, no trial calendar; else None
    (pharmacist review, 2026-12-06: at 24 weeks a trial was proposed from 32 weeks to a month past her
    due date, its calendar giving the pregnancy dose into April)."""
    child = age_years is not None and age_years < rules.self_serve_min_age
    if life_stage not in {"pregnancy", "lactation"} and not child:
        return None
    who = clinician_words(life_stage or "general")
    if life_stage == "pregnancy":
        return (
            f"**No on/off trial while you are pregnant.** Your dose is the one your {who} advised: stopping "
            "and starting it in blocks is for them to decide, and a trial's weeks can run past the birth, "
            "after which that dose needs their advice again. Ask your midwife how to tell whether magnesium "
            "helps; your journal's nights are still shown below."
        )
    return (
        f"**No on/off trial on a dose your {who} advised.** Stopping and starting it in blocks is for them "
        "to decide: ask them how to tell whether magnesium helps; your journal's nights are still shown below."
    )


def kidney_test_awaited(
    age_years: int | None, plan_exists: bool, rules: RuleBook, medicines: Sequence[str] = ()
) -> bool:
    """Rules ``kidney_check_prompt_age`` and ``kidney_check_medicine`` outside /schedule: the tab has no
    dose plan, and the person gave an age from that age on another page of this visit, or /schedule waits
    for a kidney test's answer for ``medicines`` (its drug classes), so the journal questions every dose,
    /trial draws no blocks (GP review, 2026-12-05: an 81-year-old without a kidney test was shown a trial
    whose first block, tonight, was On) and the label converter counts none."""
    over_age = age_years is not None and age_years >= rules.kidney_check_prompt_age
    return (over_age or bool(medicines)) and not plan_exists


def _test_confirmed(rules: RuleBook) -> str:
    """What /schedule asks to be confirmed from the age of rule ``kidney_check_prompt_age``, with the
    number of rule ``kidney_normal_egfr_min`` (not "was normal", which an eGFR of 45-59 at 81 is
    often called)."""
    return f"confirm that a recent kidney blood test showed an eGFR of {rules.kidney_normal_egfr_min} or more"


def _older_kidneys(rules: RuleBook) -> str:
    """How common reduced kidney function is from the age of rule ``kidney_check_prompt_age`` (its
    sources), said wherever that rule stops a count, a trial or a logged dose."""
    return f"about 1 in 2 people over {rules.kidney_check_prompt_age} have reduced kidney function"


def _medicine_test_reason(medicines: Sequence[str]) -> str:
    """Why ``medicines`` (drug classes of rule ``kidney_check_medicine``) ask for a kidney test."""
    return f"{_medicine_uses(medicines)}, and NICE advises a kidney blood test for people with {KIDNEY_TEST_CONDITIONS}"


def no_trial_kidney_test_words(age_years: int | None, rules: RuleBook, medicines: Sequence[str] = ()) -> str:
    """/trial's words while :func:`kidney_test_awaited` (from the age of rule ``kidney_check_prompt_age``,
    else for ``medicines``)."""
    if medicines and (age_years is None or age_years < rules.kidney_check_prompt_age):
        reason = _medicine_test_reason(medicines)
        return (
            f"**No on/off trial yet: the Dose plan page makes no plan until you {_test_confirmed(rules)}.** "
            f"{reason[0].upper()}{reason[1:]}; kidneys that do not work well cannot clear extra magnesium. "
            "If you have had no recent test, ask your doctor for one; once the Dose plan page makes a plan, the trial's on-blocks use it."
        )
    return (
        f"**No on/off trial yet: at {age_years} the Dose plan page makes no plan until you "
        f"{_test_confirmed(rules)}.** A{_older_kidneys(rules)[1:]} "
        "without knowing, and kidneys that do not work well cannot clear extra magnesium. If you have had "
        "no recent test, ask your doctor for one; once the Dose plan page makes a plan, the trial's on-blocks use it."
    )


def kidney_test_journal_words(age_years: int | None, rules: RuleBook, medicines: Sequence[str] = ()) -> str:
    """What the journal says of a logged dose from the age of rule ``kidney_check_prompt_age``, or with
    ``medicines`` of rule ``kidney_check_medicine``, with no dose plan in this tab (the plan waits for a
    recent normal kidney test)."""
    if medicines and (age_years is None or age_years < rules.kidney_check_prompt_age):
        return (
            f"though the Dose plan page makes no plan until you {_test_confirmed(rules)}: "
            f"{_medicine_test_reason(medicines)}; kidneys that do not work well cannot clear extra "
            "magnesium. If you have had no recent test, ask your doctor for one before taking magnesium"
        )
    return (
        f"though at {age_years} the Dose plan page makes no plan until you {_test_confirmed(rules)}: "
        f"{_older_kidneys(rules)} without knowing, and "
        "kidneys that do not work well cannot clear extra magnesium. If you have had no recent test, ask your doctor for one before "
        "taking magnesium"
    )


def journal_dose_limit(
    *,
    prescriber_waits: Sequence[str] = (),
    prescriber_can_tick: bool = True,
    plan_limit_mg: float | None,
    plan_words: str,
    set_limits: Sequence[tuple[str, float | None, str]],
    profile_known: bool,
    rules: RuleBook,
    kidney_disease: bool = False,
    age_years: int | None = None,
    kidney_test_medicines: Sequence[str] = (),
    boxes_unread: bool = False,
    answers_unchecked: bool = False,
    unknown_unchecked: bool = False,
) -> DoseCheck:
    """The journal's high-dose check (pharmacist review, 2026-12-04: it questioned only nights above
    ``hard_max_mg``, so 360 mg passed for a 6-year-old, an EU adult or a plan cut for a multivitamin).

    In order: the tab's dose plan's own daily limit (``plan_limit_mg``, its other products already
    taken off; ``plan_words`` says what it is); else the person's set's limit (``set_limits``: label,
    limit or None, its name; the chosen set first; ``profile_known``: the person gave their age on
    another page, else the limits are a default adult's); else the lowest limit another set gives;
    else ``hard_max_mg``. Never above ``hard_max_mg``.

    ``kidney_disease`` (the person said so on the dose plan page of this visit): any logged dose is
    questioned (rule kidney_no_plan: no self-serve dose at all, so no limit of the above applies).
    ``prescriber_waits``: the medicines whose prescriber that page waits for (no plan until they
    agree): any logged dose is questioned too, after kidney disease (``prescriber_can_tick``: whether
    that page offers the tick now, :func:`prescriber_journal_words`). ``age_years`` (given on another
    page of this visit): from the age of rule ``kidney_check_prompt_age``, with no plan in this tab,
    any logged dose is questioned too (adversarial re-review, 2026-12-05: an 80-year-old without a
    kidney test logged 350 mg unquestioned while /schedule made no plan); so with
    ``kidney_test_medicines`` (rule ``kidney_check_medicine``: that page waits for a kidney test's answer
    for them). ``boxes_unread``: that page waits for a combination's box to be read (rule
    ``combination_box_read``): any logged dose is questioned too, after a prescriber or a kidney test
    awaited (the order of the Dose plan page's own stops and the converter's).

    ``answers_unchecked`` (rule ``answers_checked_first``): that page has not run with the answers as they
    are now (one changed there and another page opened in the same step, or About you changed since), so the
    answers above may be out of date: any logged dose is questioned, with these words before any other.
    """
    if answers_unchecked:
        return DoseCheck(0.0, UNCHECKED_JOURNAL_WORDS, "error")
    if kidney_disease:
        return DoseCheck(0.0, KIDNEY_JOURNAL_WORDS, "error")
    if prescriber_waits:
        return DoseCheck(0.0, prescriber_journal_words(prescriber_waits, prescriber_can_tick), "error")
    if kidney_test_awaited(age_years, plan_limit_mg is not None, rules, kidney_test_medicines):
        return DoseCheck(0.0, kidney_test_journal_words(age_years, rules, kidney_test_medicines), "error")
    if boxes_unread:
        return DoseCheck(0.0, BOX_JOURNAL_WORDS, "error")
    if unknown_unchecked:
        return DoseCheck(0.0, UNKNOWN_JOURNAL_WORDS, "error")  # rule unknown_medicine_checked
    hard = rules.hard_max_mg
    found: list[DoseCheck] = []
    if plan_limit_mg is not None:
        found.append(
            DoseCheck(
                min(max(plan_limit_mg, 0.0), hard), f"more than your dose plan allows a day ({plan_words})"
            )
        )
    # The person's set, when they gave their age (a plan made before an age change must not keep a
    # laxer limit: clinician review, 2026-12-04), or a default adult's when there is no plan either.
    if profile_known or plan_limit_mg is None:
        child = age_years is not None and age_years < rules.self_serve_min_age
        if child and set_limits and set_limits[0][1] is not None:
            # Rule child_lowest_limit: a child's limit is never above another set's for the age.
            lowest = min((ul, i) for i, (_, ul, _) in enumerate(set_limits) if ul is not None)
            set_limits = [set_limits[lowest[1]], *set_limits]
        set_check = _set_limit_check(set_limits, profile_known, hard)
        if set_check is not None:
            found.append(set_check)
    if not found:
        return DoseCheck(hard, "above the largest daily dose by mouth in the trials this app cites")
    return min(found, key=lambda check: check.limit_mg)


def _set_limit_check(
    set_limits: Sequence[tuple[str, float | None, str]], profile_known: bool, hard: float
) -> DoseCheck | None:
    """The chosen set's limit (or the lowest another set gives when it has none), capped at the hard
    maximum, which is then named as such (the UK's 400 mg guidance level is above it)."""
    given = [(label, ul, words) for label, ul, words in set_limits if ul is not None]
    if set_limits and set_limits[0][1] is not None:
        label, ul, words = given[0]
        who = "your" if profile_known else "the"
        limit = f"{who} {label} {words} ({ul:g} mg a day)"
        if ul > hard:
            text = f"above the largest daily dose by mouth in the trials this app cites, below {limit}"
        elif profile_known:
            text = f"above your {label} {words} for magnesium from supplements"
        else:
            text = (
                f"above the {label} {words} for adults' magnesium from supplements. Limits are lower for "
                "children and differ by country, and with kidney disease there is none to take on your own "
                "(only what your kidney doctor advises): the Dose plan page works out yours"
            )
        return DoseCheck(min(ul, hard), text)
    if given:
        label, ul, words = min(given, key=lambda item: item[1])
        return DoseCheck(
            min(ul, hard),
            f"above the {label} {words} for magnesium from supplements, the lowest limit any reference "
            f"set gives you (the {set_limits[0][0]} values set none)",
        )
    return None


def start_dose(
    requested_mg: float, guidance_start_mg: float, clinician_dose: bool, rules: RuleBook
) -> tuple[float, Note | None]:
    """The plan's first dose (rule ``start_at_guidance_dose``) and, when it lowered the request, why.

    A self-serve plan starts at no more than the guidance's start dose; a doctor's or midwife's
    advised dose (``clinician_dose``) is kept as advised (its limit is checked elsewhere).
    """
    if clinician_dose or requested_mg <= guidance_start_mg:
        return requested_mg, None
    return guidance_start_mg, Note(
        "warning",
        f"**The plan starts at {guidance_start_mg:g} mg a day, not {requested_mg:g} mg:** the guidance "
        f"starts with {guidance_start_mg:g} mg, and more only if you still have symptoms at the week-4 "
        "review (the step up is offered on that day).",
        rules.cite("start_at_guidance_dose"),
        "start_at_guidance_dose",
    )
