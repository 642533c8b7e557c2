"""The dose plan behind ``/schedule``: product arithmetic, titration, spacing around medicines.

Every health number comes from the data files: the guidance's start and target
doses, review weeks, B6 dose, fluid and diarrhoea figures from ``guidance.csv``;
the upper limit (UL) for *supplemental* magnesium from ``intake_reference.csv``
(through :func:`maglib.profile.reference_for`); the separation windows from
``interactions.csv``; a form's elemental share from ``forms.csv``.

The safety rules (who may get a plan, the daily ceiling, the label check, the
clinician confirmation) live in :mod:`maglib.safety`; this module applies
their result and never schedules a day above ``SafetyResult.limit_mg``. It
also keeps two rules of its own, property-tested like the rest:

- delivered doses (whole or half units) never exceed the scheduled dose;
- a dose never sits inside a medicine's separation window; when no time of day
  is free, the plan says so instead of pretending.

Times of day are handled as minutes after midnight (0–1439); windows wrap
around midnight.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd
from rapidfuzz import fuzz

from maglib.amounts import mg_text, unit_plural
from maglib.forms import plain_words
from maglib.links import Param, iso_date
from maglib.measures import Measure, measure_lines
from maglib.safety import (
    COMBINATION_NAMES,
    MAGNESIUM_WORDS,
    OTHER_SOURCE_OPTIONS,
    UNKNOWN_ANCHOR,
    UNKNOWN_HEADING,
    Note,
    RuleBook,
    SafetyResult,
    b6_advice,
    compound_misread_mg,
    compound_note,
    in_sentence,
    joined_ids,
    label_dependent_product,
    label_problem,
    prescriber_asks,
    prescriber_medicines,
    prescriber_words,
    requested_problem,
    start_dose,
    taken_alone_clashes,
)
from maglib.safety import (
    _unbracketed as _unbracketed,
)
from maglib.safety import (
    blood_tests as safety_blood_tests,
)

__all__ = [
    "AFTER_THE_BIRTH",
    "BOX_CAPTION",
    "COMBINATION_HINT",
    "COMBINATION_TYPE_EACH",
    "COMBINATION_WORDS",
    "CONDITIONS",
    "CONDITION_FILLER",
    "DAY_MINUTES",
    "EVERYDAY_NAMES",
    "FORM_OPTIONS",
    "KIDNEY_DISEASE_NAMES",
    "KIDNEY_DISEASE_WORDS",
    "KIDNEY_DOUBTS",
    "KIDNEY_FILLER",
    "KIDNEY_MENTIONS",
    "KIDNEY_NEGATIONS",
    "KIDNEY_WORDS",
    "LABEL_BASIS",
    "MED_CLASS_OPTIONS",
    "MED_TIME_CLASS_IDS",
    "MISSED_DOSE",
    "MOVED_CELL",
    "NAMES_KEPT",
    "NAME_CHARS",
    "NIGHT_DOSE_NOTE",
    "NOT_EVERY_DAY",
    "NOT_EVERY_DAY_SUMMARY",
    "NO_MEDICINES",
    "PARAMS",
    "PREGNANCY_IRON_NOTE",
    "QUARTER_HOURS",
    "SQUEEZED_NOTE",
    "STATIN_BRANDS",
    "TAKEN_ALONE_CLASS",
    "TIMING",
    "UNCHECKED_MEDICINES",
    "UNIT_TYPES",
    "WEEK_8_DECISION",
    "Checkpoint",
    "DoseSlot",
    "GuidanceNumbers",
    "MedicineRule",
    "Note",
    "Placement",
    "Plan",
    "Product",
    "SafetyResult",
    "Step",
    "Window",
    "advised_line",
    "agreed_lines",
    "asks_about_iron",
    "boxes_kept",
    "boxes_to_read",
    "build_plan",
    "combination_classes",
    "combination_near",
    "compound_misread",
    "conversion_note",
    "day_position",
    "dose_moved",
    "dose_times",
    "doses_a_day",
    "elemental_mg_per_unit",
    "entered_as",
    "evidence_claims",
    "find_medicines",
    "first_step_week",
    "guidance_numbers",
    "guidance_reading",
    "in_sentence",
    "in_window",
    "journal_dose",
    "kidney_condition",
    "laxative_form_warning",
    "limit_words",
    "magnesium_product",
    "may_hold_another",
    "med_time_key",
    "medicine_rules",
    "minutes_of",
    "missing_med_times",
    "misspelt_waiting",
    "misspelt_words",
    "named_by_kind_only",
    "names_pregnancy_condition",
    "no_limit_line",
    "no_night_alarm",
    "one_dose_if_split_fails",
    "one_name_in_several",
    "other_limits_line",
    "other_statin",
    "oxide_warning",
    "parse_start_date",
    "parse_times",
    "place_doses",
    "placement_lines",
    "plan_caption",
    "plan_csv",
    "plan_dates_line",
    "plan_end",
    "plan_limit_words",
    "plan_steps_table",
    "plan_summary",
    "plan_table",
    "plan_table_text",
    "plan_times",
    "prescriber_brief",
    "product_beside_class",
    "product_from",
    "product_line",
    "requested_doses",
    "review_day",
    "separation_windows",
    "split_units",
    "squeezed",
    "start_for_gap",
    "started_note",
    "statin_companions",
    "statin_row",
    "step_day",
    "step_up_closed",
    "taken_alone_lines",
    "time_of",
    "timed_rules",
    "times_of",
    "ul_statement",
    "units_within",
    "window_names",
    "windows_caption",
    "with_name",
]

DAY_MINUTES = 24 * 60
#: Beside the diarrhoea figure: its source (the brief's guidance) names no study.
DIARRHOEA_SOURCE_NOTE = "the guidance's figure; the study behind it is not identified"

#: Guidance values repeated as link defaults. Defaults must be constants (a
#: link leaves defaults out, so they are part of its meaning); a test checks
#: they equal ``guidance.csv`` so they cannot drift silently.
START_DOSE_DEFAULT_MG = 250  # guidance.csv start_dose_mg (brief-guidance)
TARGET_DOSE_DEFAULT_MG = 400  # guidance.csv target_dose_mg (brief-guidance)
#: One step from start to target, taken at the first review (week 4): the
#: guidance says "start with 250, increase to 400 if needed, review at 4–8 weeks".
STEP_DEFAULT_MG = TARGET_DOSE_DEFAULT_MG - START_DOSE_DEFAULT_MG
STEP_WEEKS_DEFAULT = 4  # guidance.csv review_week_1

#: Exactly the ``form`` column of forms.csv (a test checks it).
FORM_OPTIONS: tuple[str, ...] = (
    "Magnesium glycinate (bisglycinate)",
    "Magnesium citrate",
    "Magnesium malate",
    "Magnesium oxide",
    "Magnesium chloride (hexahydrate)",
    "Magnesium sulfate (Epsom salt)",
    "Magnesium lactate",
    "Magnesium aspartate (dihydrate)",
    "Magnesium taurate",
    "Magnesium L-threonate",
    "Magnesium orotate (dihydrate)",
    "Magnesium carbonate",
    "Magnesium hydroxide",
    "Magnesium gluconate (dihydrate)",
    "Topical magnesium (magnesium oil, chloride brine)",
)
#: Exactly the ``drug_class`` column of interactions.csv (a test checks it).
MED_CLASS_OPTIONS: tuple[str, ...] = (
    "Tetracycline antibiotics",
    "Fluoroquinolone (quinolone) antibiotics",
    "Oral bisphosphonates (osteoporosis)",
    "Levothyroxine (thyroid hormone)",
    "HIV integrase inhibitors",
    "Raltegravir (Isentress)",
    "Gabapentin",
    "Rosuvastatin (statin)",
    "Eltrombopag (platelet booster)",
    "Penicillamine",
    "Hydroxychloroquine and chloroquine",
    "Proguanil (malaria prevention)",
    "Oral iron tablets or liquids",
    "Sotalol",
    "Digoxin (heart medicine)",
    "Oral cephalosporin antibiotics (cefdinir and cefpodoxime)",
    "Mycophenolate (transplant and immune medicine)",
    "Dasatinib (leukaemia medicine)",
    "Rilpivirine (HIV medicine)",
    "Hepatitis C medicines (ledipasvir, velpatasvir)",
    "Atazanavir (HIV medicine)",
    "Ketoconazole and itraconazole capsules (antifungals)",
    "Fexofenadine (antihistamine)",
    "Erlotinib (lung and pancreatic cancer medicine)",
    "Gefitinib (lung cancer medicine)",
    "Phenytoin (epilepsy medicine)",
    "Nitrofurantoin (urine infection antibiotic)",
    "Azithromycin (macrolide antibiotic)",
    "Rifampicin and isoniazid (tuberculosis medicines)",
    "Nilotinib (leukaemia medicine)",
    "Sotorasib (lung cancer medicine)",
    "Baloxavir (flu medicine)",
    "Neratinib (breast cancer medicine)",
    "Loop diuretics",
    "Thiazide diuretics",
    "Potassium-sparing diuretics",
    "Proton pump inhibitors (long-term use)",
    "Calcium-channel blockers (blood pressure, angina)",
    "Salbutamol and other beta-2 agonists (asthma, COPD)",
    "ACE inhibitors (blood pressure)",
    "Angiotensin-II receptor blockers (blood pressure)",
    "Diabetes medicines (tablets, insulin, other injections)",
    "Beta blockers (blood pressure, heart)",
    "Prostate medicines and alpha blockers (enlarged prostate, blood pressure)",
    # Session 58 (pharmacist review: tacrolimus, lithium and naproxen got a plan with no kidney question).
    "Lithium (mood medicine)",
    "Anti-inflammatory painkillers (NSAIDs) taken long-term",
    "Ciclosporin or tacrolimus (transplant and immune medicines)",
)
#: class_id of every ``kind=timing`` row of interactions.csv (a test checks it):
#: each gets a bound time input ``med_time_<class_id>``.
MED_TIME_CLASS_IDS: tuple[str, ...] = (
    "tetracyclines",
    "fluoroquinolones",
    "bisphosphonates",
    "levothyroxine",
    "integrase-inhibitors",
    "gabapentin",
    "rosuvastatin",
    "eltrombopag",
    "penicillamine",
    "antimalarials-hcq",
    "proguanil",
    "oral-iron",
    "sotalol",
    "digoxin",
    "oral-cephalosporins",
    "mycophenolate",
    "dasatinib",
    "rilpivirine",
    "hcv-ns5a",
    "atazanavir",
    "azole-antifungals-ph",
    "fexofenadine",
    "erlotinib",
    "gefitinib",
    "phenytoin",
    "nitrofurantoin",
    "azithromycin",
    "tb-rifampicin-isoniazid",
    "nilotinib",
    "neratinib",
    # A magnesium hydroxide SmPC (smpc-mgoh-mixture) names captopril, enalapril and fosinopril (session 50).
    "ace-inhibitors",
)

LABEL_BASIS: dict[str, str] = {
    "elemental": "Elemental magnesium",
    "compound": "Compound weight (the whole salt)",
}
#: Unit type → whether half a unit is a sensible portion (a scored tablet or
#: half a scoop can be halved; a capsule or a spray cannot).
UNIT_TYPES: dict[str, bool] = {
    "Tablet": True,
    "Capsule": False,
    "Gummy": False,
    "Scoop": True,
    "Spray": False,
}
TIMING: dict[str, str] = {"evening": "Evening (one dose)", "split": "Split: morning and evening"}

#: The morning dose's default time (a split plan). Medicine times have no default: a time the
#: person did not enter would space the dose from a time they may not take it at (the new-user
#: review: 08:00 was filled in for a 19:00 medicine), so the plan waits until each is entered.
DEFAULT_MORNING_TIME = dt.time(8, 0)
#: The times of day a medicine can be entered at (every quarter hour): a medicine taken two or
#: three times a day gets every one of its times, and each gets its own spacing window.
QUARTER_HOURS: tuple[str, ...] = tuple(f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30, 45))
#: Night hours a moved dose avoids when an equally near daytime slot exists (minutes).
#: The night (00:00-06:00): data/safety_rules.csv night_dose_no_plan (a test checks they agree).
NIGHT_START, NIGHT_END = 0, 6 * 60
#: Earliest start date a link may carry (plans are about now, not the past).
MIN_START = dt.date(2024, 1, 1)
MAX_START = dt.date(2035, 12, 31)


#: Said under the medicine finder while pregnant with no iron picked (pharmacist review, 2026-12-06:
#: "Pregaday" found nothing, so the plan set a morning dose at the time of her iron tablet), and its sources.
PREGNANCY_IRON_NOTE = (
    "**Pregnant and taking iron?** If you have been prescribed iron (such as Pregaday), pick **Oral iron "
    "tablets or liquids** in Medicines I take (or type its name above), so the plan keeps magnesium apart "
    "from it.",
    "emc-pregaday",
)


def asks_about_iron(life_stage: str, medicines: Sequence[MedicineRule]) -> bool:
    """Whether /schedule asks about prescribed iron beside the medicines (:data:`PREGNANCY_IRON_NOTE`):
    pregnant, with no oral iron picked."""
    return life_stage == "pregnancy" and not any(m.class_id == "oral-iron" for m in medicines)


#: Words printed on a box beside the medicine's name: units, forms and release, salts and filler
#: words. :func:`box_name` leaves them out (pharmacist review, 2026-12-05: "Omeprazole 20 mg
#: gastro-resistant capsules" and "Levothyroxine 100 micrograms" found no medicine, so a long-term
#: PPI got a plan without its prescriber's agreement). Numbers are left out by :func:`box_name` itself.
_BOX_WORDS_TEXT = (
    # units
    "mg mcg g microgram micrograms milligram milligrams ug gram grams ml iu unit units percent "
    # forms and release
    "tablet tablets tab tabs capsule capsules caps cap caplet caplets gastro resistant modified release "
    "prolonged extended delayed film coated oral solution suspension liquid syrup chewable dispersible "
    "effervescent soluble sachet sachets granules powder orodispersible odt enteric mups mr xl xr sr er ec "
    "dr la cr hd ld od "
    # salts
    "sodium potassium calcium hydrochloride hcl hyclate monohydrate dihydrate trihydrate hydrate "
    "anhydrous maleate mesilate mesylate besilate besylate succinate tartrate fumarate phosphate "
    "acetate citrate sulfate sulphate gluconate carbonate bromide chloride nitrate acid arginine "
    # filler
    "once twice daily each per pack generic brand strength with and the for "
    # what a pack promises (pharmacist review, session 51: "Panadol Rapid" found NovoRapid, a diabetes
    # medicine, by its name's end; "Advil Liqui-Gels" found azithromycin's liquid)
    "rapid fast relief liqui gels gel softgels caplet extra max maximum"
)
BOX_WORDS = frozenset(_BOX_WORDS_TEXT.split())


def box_name(query: str) -> str:
    """The medicine's name in ``query`` as printed on a box: folded, its words of letters only, without
    numbers and without :data:`BOX_WORDS` ("Levothyroxine sodium 100 micrograms" → "levothyroxine").
    Empty when nothing is left."""
    return " ".join(w for w in re.findall(r"[^\W\d_]+", _folded(query)) if w not in BOX_WORDS)


#: Words of the classes' own names that name a medicine by themselves ("Iron 14 mg" is an oral iron;
#: "heart" or "thyroid" is no medicine's name), by class id. Searched last, as whole words.
CLASS_WORDS: dict[str, str] = {
    "iron": "oral-iron",
    # One class holds every diabetes medicine (re-review, session 50: "Diabetes tablets" found the old class
    # by its name; renamed, it found nothing, and no kidney test was asked).
    "diabetes": "diabetes-tablets",
    "diabetic": "diabetes-tablets",
    "bisphosphonate": "bisphosphonates",
    "bisphosphonates": "bisphosphonates",
    "fluoroquinolone": "fluoroquinolones",
    "fluoroquinolones": "fluoroquinolones",
    "quinolone": "fluoroquinolones",
    "quinolones": "fluoroquinolones",
}

#: Everyday names for what several classes' names share: "Diuretics are sometimes called 'water tablets'
#: because they make you pee more" (NHS, Furosemide; sources.csv nhs-furosemide-water-tablets).
EVERYDAY_NAMES: dict[str, str] = {
    "water tablet": "diuretics",
    "water tablets": "diuretics",
    "water pill": "diuretics",
    "water pills": "diuretics",
}

#: Phrases that name a medicine's class only together, as whole words, searched with
#: :data:`CLASS_WORDS`: a reliever inhaler (the blue one in the UK) is a beta-2 agonist (salbutamol,
#: terbutaline, or formoterol in a combination), which can cause cramps itself. "Blue" or "inhaler"
#: alone finds nothing (re-review, 2026-12-06: "inhaler" alone found the class when "blue inhaler" was
#: written among the names, which match word by word).
CLASS_PHRASES: dict[str, str] = {
    "blue inhaler": "beta2-agonists",
    "blue inhalers": "beta2-agonists",
    "blue reliever": "beta2-agonists",
    "reliever inhaler": "beta2-agonists",
    "reliever inhalers": "beta2-agonists",
}

#: Shortest typed word that is matched as a name one letter longer ("omeprazol"), or that is suggested
#: when found inside a name ("thyroxine" in levothyroxine); shorter words must equal a name's word ("iron"
#: is not "spironolactone": adversarial review, 2026-12-05).
PART_WORD_MIN = 5
#: Most letters a typed name may lack at its end and still be that name: a spelling ("omeprazol") or a
#: plural's "s" ("diuretic"). More, and it is another name's start ("Omnic" is not "Omnicef"): suggested only.
SHORT_BY = 1


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", _folded(text))


def _word_matches(typed: str, name: str) -> bool:
    return typed == name or (
        len(typed) >= PART_WORD_MIN
        and name not in BOX_WORDS
        and ((name.startswith(typed) and len(name) - len(typed) <= SHORT_BY) or name.endswith(typed))
    )


def _names_it(needle: str, text: str) -> bool:
    """Whether ``needle`` stands in ``text`` as a name: from a word's start to that word's end, or, from
    :data:`PART_WORD_MIN` letters, to at most :data:`SHORT_BY` letters before it ("omeprazol", "diuretic";
    not a form or salt word: "liqui" is not "liquid") or as a word's end ("losec" in "prilosec"). Not as
    another word's start ("Omnic" in "Omnicef") or inside it ("urine" in "Burinex"): those are only
    suggested (pharmacist reviews, session 51)."""
    part = len(needle) >= PART_WORD_MIN
    for match in re.finditer(re.escape(needle), text):
        start, end = match.span()
        rest = _words(text[end:])[0] if text[end : end + 1].isalpha() else ""
        if not (start and text[start - 1].isalpha()):
            word = needle.rsplit(" ", 1)[-1] + rest
            if not rest or (part and len(rest) <= SHORT_BY and word not in BOX_WORDS):
                return True
        elif not rest and part and needle.isalpha():
            return True
    return False


def _combination_only(rule: MedicineRule) -> frozenset[str]:
    """Words of a class row's names found only inside its combinations, not the medicine it is about:
    "tenofovir" in emtricitabine/rilpivirine/tenofovir, "sofosbuvir" beside ledipasvir (pharmacist review,
    session 51: "tenofovir" alone, or Truvada's emtricitabine/tenofovir, added rilpivirine's row)."""
    names = medicine_names(rule)
    inside = {w for n in names if "/" in n for w in _words(n)}
    alone = {w for n in names if "/" not in n for w in _words(n)} | set(_words(rule.drug_class))
    return frozenset(inside - alone)


def _names_class(needle: str, drug_class: str) -> bool:
    """Whether ``needle`` is a class's whole name (without its brackets) or a part of it with "and", its
    last word perhaps :data:`SHORT_BY` letters short ("beta blocker", "calcium channel blocker",
    "prostate medicine"). A word of it alone is not (pharmacist review, session 51: "Other" found
    salbutamol's class, "Alpha" or "Prostate" the prostate medicines, "integrase inhibitor" one of the two
    integrase rows)."""
    typed = _words(needle)
    # Each part of a name with "and" is a name ("prostate medicine", "alpha blockers").
    return any(
        len(typed) == len(name) > 0
        and typed[:-1] == name[:-1]
        and name[-1].startswith(typed[-1])
        and len(name[-1]) - len(typed[-1]) <= SHORT_BY
        for name in (_words(part) for part in re.split(r"\band\b", _folded(_unbracketed(drug_class))))
    )


def _holds_phrase(words: Sequence[str], phrase: Sequence[str]) -> bool:
    """Whether ``phrase`` stands as whole words, in order and together, in ``words``."""
    return bool(phrase) and f" {' '.join(phrase)} " in f" {' '.join(words)} "


def find_medicines(rules: Sequence[MedicineRule], query: str) -> tuple[MedicineRule, ...]:
    """The classes whose name or examples (generic and brand names) contain ``query``.

    Case and accents aside, at least 3 characters that stand in them as a name (:func:`_names_it`): the
    picker only searches the classes' own names, so "Harvoni" or "Allegra" (the names on the box) found
    nothing there (the new-user review). Shorter queries match nothing. When the whole text finds
    nothing, its :func:`box_name` ("Omeprazole 20 mg gastro-resistant capsules" → "omeprazole") is
    searched in the generic and brand names, as whole words: the whole box name together ("Z-Pak"),
    then each of its words (and each two written apart, "Ferro-Grad") of 4 letters or more, equal to a
    name's word or, from :data:`PART_WORD_MIN` letters, one letter short of it ("omeprazol"); last, a word
    of :data:`CLASS_WORDS` ("Iron 14mg") or a phrase of :data:`CLASS_PHRASES` ("my blue inhaler").
    """
    needle = _folded(query).strip()
    # Three characters as typed and as folded ("Aß" folds to "ass", which matched "potassium").
    if len(query.strip()) < 3 or len(needle) < 3:
        return ()
    if not box_name(query):
        # Only salts, forms and strengths (pharmacist review, session 50: "Calcium and vitamin D" added
        # the calcium-channel blockers and "Potassium" the potassium-sparing diuretics, from their class
        # names): no medicine is named.
        return ()
    # A class's own name without its bracketed description: "blood pressure", "asthma", "osteoporosis"
    # or "heart medicine" say what a medicine is for, not which it is (adversarial review, 2026-12-06:
    # "blood pressure" added calcium-channel blockers, so a thiazide's prescriber was never asked).
    # As a name, not inside another (session 51, planning list: "Omnic", tamsulosin's EU brand, found an
    # antibiotic inside "Omnicef"; "nitro" found nitrofurantoin and "urine" a loop diuretic inside
    # "Burinex"): such a name is only suggested (:func:`near_medicines`), never added.
    inside = {r.class_id: _combination_only(r) for r in rules}
    found = tuple(
        r
        for r in rules
        if needle == _folded(r.drug_class)
        or _names_class(needle, r.drug_class)
        or (_names_it(needle, _folded(r.examples)) and not set(_words(needle)) <= inside[r.class_id])
    )
    if len(found) > 1:
        # Inside a word is not a name (re-review, 2026-12-06: "iron" found spironolactone beside oral iron,
        # so "matches more than one class"): where the text stands as whole words in some, only those.
        whole = tuple(
            r
            for r in found
            if _holds_phrase(_words(f"{_unbracketed(r.drug_class)} {r.examples}"), _words(needle))
        )
        if whole:
            return whole
    if not found:
        # A word the classes' names share ("diuretic", "antibiotic", "water tablets") names several: the page
        # asks the person to pick theirs, adding none. One class alone is never found by a word of its name.
        word = EVERYDAY_NAMES.get(" ".join(_words(needle)), needle)
        found = tuple(r for r in rules if _names_it(word, _folded(_unbracketed(r.drug_class))))
        found = found if len(found) > 1 else ()
    typed = box_name(query).split()
    if found or not typed:
        return found
    named = {r.class_id: _words(r.examples) for r in rules}
    found = tuple(
        r for r in rules if _holds_phrase(named[r.class_id], typed) and not set(typed) <= inside[r.class_id]
    )
    if found:
        return found
    # A name written with a hyphen or a space ("Ferro-Grad" is Ferrograd) is its words together too.
    long = [w for w in (*typed, *map("".join, itertools.pairwise(typed))) if len(w) >= 4]
    # Each word: the rows it is a name's word of, else those it is a name's end or start of ("Diovan Comp":
    # valsartan's row, not the thiazide row's "CoDiovan"; re-review, session 53: it found both, so "pick one").
    hits: set[str] = set()
    for w in long:
        exact = {r.class_id for r in rules if w in named[r.class_id] and w not in inside[r.class_id]}
        hits |= exact or {
            r.class_id
            for r in rules
            if any(_word_matches(w, n) for n in named[r.class_id] if n not in inside[r.class_id])
        }
    found = tuple(r for r in rules if r.class_id in hits)
    if found:
        return found
    classes = {CLASS_WORDS[w] for w in typed if w in CLASS_WORDS} | {
        class_id for phrase, class_id in CLASS_PHRASES.items() if _holds_phrase(typed, phrase.split())
    }
    return tuple(r for r in rules if r.class_id in classes)


#: Words typed beside a medicine's name that say how or when it is taken, not another medicine.
_HOW_TAKEN_WORDS = frozenset(
    [
        "every",
        "each",
        "morning",
        "mornings",
        "evening",
        "evenings",
        "night",
        "nights",
        "nightly",
        "bedtime",
        "day",
        "days",
        "week",
        "weeks",
        "weekly",
        "monthly",
        "before",
        "after",
        # Words that join two names (third review, session 65: "alongside" waited as a medicine).
        "alongside",
        "along",
        "together",
        "plus",
        "also",
        "food",
        "meals",
        "meal",
        "breakfast",
        "lunch",
        "dinner",
        "supper",
        "empty",
        "stomach",
        "water",
        "doses",
        "dose",
        "take",
        "taken",
        "times",
        "only",
        "when",
        "needed",
        "prn",
        "morn",
        "am",
        "pm",
        "one",
        "two",
        "three",
        "four",
        "half",
        "new",
        "old",
        "tablet",
        "pill",
        "pills",
        "blue",
        "white",
        "pink",
        "yellow",
        "also",
        "plus",
        "mini",
        "low",
        "high",
        "dose",
        "strength",
        "comp",
        "duo",
        "triple",
        "slow",
        "inhaler",
        "inhalers",
        "haler",
        "evohaler",
        "accuhaler",
        "turbohaler",
        "easyhaler",
        "spiromax",
        "respimat",
        "ellipta",
        "genuair",
        "breezhaler",
        "handihaler",
        "nexthaler",
        "autohaler",
        "clickhaler",
        "puffer",
        "pump",
        "spray",
        "nebules",
        "pen",
        "pens",
        "injection",
    ]
)


def unplaced_words(query: str, found: Sequence[MedicineRule]) -> tuple[str, ...]:
    """Words of a box name (4 letters or more) that name none of the classes ``found`` for it, nor say how it is
    taken: another medicine typed beside it without a comma ("Digitek 125mcg levothyroxine 50mcg": "digitek";
    phone review, session 60: the digoxin brand was filed as a levothyroxine). Rule unknown_medicine_checked."""
    known = {w for r in found for w in (*_words(r.examples), *_words(r.drug_class))}
    return tuple(
        w
        for w in dict.fromkeys(box_name(query).split())
        if len(w) >= 4
        and w not in _HOW_TAKEN_WORDS
        and w not in known
        and not any(_word_matches(w, n) for n in known)
    )


def waiting_beside(
    rules: Sequence[MedicineRule], query: str, found: Sequence[MedicineRule]
) -> tuple[str, ...]:
    """Rule unknown_medicine_checked: the words typed beside the classes ``found`` that wait as a medicine the app
    does not know (:func:`unplaced_words`), without a statin's own words (re-review, session 65: "Lipitor with
    Centrum" and "Zocor w/ Coumadin" ticked the statin only, the other was dropped) and without a product's that
    may hold magnesium (its whole name waits for that: :func:`names_magnesium`)."""
    return tuple(
        w
        for w in unplaced_words(query, found)
        if not other_statin(rules, w)
        and not names_magnesium(OTHER_SOURCE_OPTIONS, w, MAGNESIUM_WORDS)
        and label_dependent_product(w) is None
    )


def combination_near(rules: Sequence[MedicineRule], query: str, found: Sequence[MedicineRule]) -> str | None:
    """The combination tablet's name a query one letter or so short of it may mean ("Zestoreti": Zestoretic),
    when that one name stands in every class ``found`` (more than one); else None. Only said, never added: a
    near name can be another medicine (pharmacist review, session 60: "pick yours" lost the thiazide)."""
    if len(found) < 2:
        return None
    near = near_medicines(rules, query)
    wanted = {r.class_id for r in found}
    for name in dict.fromkeys(n for n, _ in near):
        if {r.class_id for n, r in near if n == name} >= wanted:
            return name
    return None


def combination_classes(rules: Sequence[MedicineRule], query: str) -> tuple[MedicineRule, ...]:
    """The classes of a combination tablet named (case and accents aside): a name that stands in more
    than one class row ("Dyazide": a thiazide and a potassium-sparing diuretic), alone or as whole
    words among the box's ("Frumil LS", "Dyazide 25/50 mg tablets"). Empty for a name in one row
    only, or none (pharmacist review, 2026-12-04: a combination was left to the person to pick one
    class of)."""
    readings = _readings(query)
    # Every name in the data has a box name (tests/test_schedule.py), so no empty phrase matches.
    holding = tuple(r for r in rules if _names_held(r, readings))
    # "HCT" on a box is hydrochlorothiazide beside the named medicine (adversarial review, 2026-12-06:
    # "Diovan HCT" added the angiotensin-II receptor blocker only): "HCT" and "HCTZ" are the thiazide
    # row's own names, so the thiazide holds them like any name (tests: Diovan HCT, HCTZ 25mg).
    return holding if len(holding) > 1 else ()


def _readings(query: str) -> list[list[str]]:
    """The box name's words, and the same with each pair of neighbours joined: a name written with a hyphen or
    a space is its words together too ("Co-Aprovel" is CoAprovel; session 52: it was "Aprovel" alone, the
    thiazide's prescriber never asked)."""
    typed = box_name(query).split()
    return [
        typed,
        *([*typed[:i], typed[i] + typed[i + 1], *typed[i + 2 :]] for i in range(len(typed) - 1)),
    ]


def _names_held(rule: MedicineRule, readings: list[list[str]]) -> frozenset[str]:
    """The names of ``rule`` held as whole words in one of ``readings``."""
    return frozenset(
        _folded(n)
        for n in medicine_names(rule)
        if any(_holds_phrase(t, box_name(n).split()) for t in readings)
    )


def one_name_in_several(rules: Sequence[MedicineRule], query: str) -> bool:
    """Whether a name typed stands in more than one of the classes it finds ("Dyazide": a combination tablet),
    not only each class under a name of its own ("Lasix 40 Lanoxin 125": two medicines, or "Diovan HCT", a
    combination with a suffix; pharmacist review, session 65: the first was called a combination tablet)."""
    readings = _readings(query)
    seen: set[str] = set()
    for rule in rules:
        names = _names_held(rule, readings)
        if names & seen:
            return True
        seen |= names
    return False


#: Most names kept per class for the printout, and the longest name kept (as typed, cut there).
NAMES_KEPT, NAME_CHARS = 3, 40


def with_name(names: Sequence[str], typed: str) -> tuple[str, ...]:
    """``names`` with ``typed`` added last (spaces tidied; longer than :data:`NAME_CHARS`, cut there with
    "…"), each once, at most :data:`NAMES_KEPT`: the latest kept (re-review, session 50: the first three
    were kept, so a mistyped name stayed and the real one was dropped)."""
    name = " ".join(typed.split())
    if len(name) > NAME_CHARS:
        name = name[: NAME_CHARS - 1].rstrip() + "…"
    if not name:
        return tuple(names)
    return (*(n for n in names if n != name), name)[-NAMES_KEPT:]


def entered_as(names: Sequence[str]) -> str:
    """How a class's medicine was named in the finder, for the printout and the clinician's summary
    (pharmacist review, 2026-12-06: "ACE inhibitors" told the doctor less than the lisinopril typed):
    ', entered as “lisinopril 20mg”', or '' for a class picked from the list."""
    return f", entered as {', '.join(f'“{n}”' for n in names)}" if names else ""


#: Words in a name that can mean a second medicine in the tablet ("Atacand Plus", "Cozaar Comp",
#: "Co-Diovan"). No source read lists these brands, so the finder asks for the box's active ingredients
#: instead of guessing the second one (session 50: "Atacand Plus" and "Coversyl Plus" found one class).
#: "Duo" and "Triple" too (session 53's planning list: "Diovan Triple" found valsartan's class alone; ISMP
#: Canada: a brand name's extension can mean a change in the number of ingredients).
#: "AM" too, as the name's last word after a word (review, session 62: "Concor AM", bisoprolol with amlodipine,
#: was found as the beta-blocker alone once "Concor" was known; not "7am" or "7 am", a time).
COMBINATION_WORDS = frozenset({"plus", "comp", "co", "duo", "triple", "am"})

#: For a name with one of :data:`COMBINATION_WORDS`, found or not.
COMBINATION_TYPE_EACH = (
    f"{COMBINATION_NAMES} in a name can mean a combination tablet with a second medicine in it: read the "
    "active ingredients on the box and type each one here, so that none is missed."
)
#: Above the ticks that a combination's box was read (rule combination_box_read).
BOX_CAPTION = (
    f"{COMBINATION_NAMES} in a name can mean a second medicine in the tablet: the plan waits until you have "
    "read the box."
)
#: For such a name found in one class only (rule combination_box_read).
COMBINATION_HINT = (
    f"{COMBINATION_TYPE_EACH} **The plan waits until you tick, further down, that you have read the box.**"
)


def boxes_to_read(boxes: Mapping[str, str], picked: Collection[str]) -> dict[str, str]:
    """Rule combination_box_read: the classes added from a combination name (each with the name typed, ""
    when it came from a link) whose box must still be said to be read: those still picked (one removed
    from Medicines I take takes its tick with it)."""
    return {drug_class: name for drug_class, name in boxes.items() if drug_class in picked}


def boxes_kept(boxes: Mapping[str, str], picked: Collection[str]) -> dict[str, str]:
    """Rule combination_box_read: what the page keeps of the classes added from a combination name (each with
    the name typed): a class taken off Medicines I take keeps its place without its name, so that picked
    again from the list it asks for its box again, by its class (session 53's planning list: it asked for
    none), and the name typed does not come back (session 50: a removed class's old name came back on the
    printout)."""
    return {drug_class: name if drug_class in picked else "" for drug_class, name in boxes.items()}


def may_hold_another(query: str) -> bool:
    """Whether the typed name has a word of :data:`COMBINATION_WORDS` (as a whole word, any case); "Co"
    only as its first word ("Co-Diovan"; session 51: "Lisinopril Co-op" was told it may be a combination);
    "AM" only right after a name, with nothing but a strength after it ("Concor AM", "Concor AM 5/10 mg"; not
    "7am", "20 mg AM" nor "every morning am")."""
    words = _words(query)
    tokens = re.findall(r"\d+|[^\W\d_]+", _folded(query))  # "5mg" is "5" and "mg"
    for at, token in enumerate(tokens):
        before, after = tokens[at - 1] if at else "", tokens[at + 1 :]
        if (
            token == "am"
            and before.isalpha()
            and before not in BOX_WORDS
            and before not in _HOW_TAKEN_WORDS
            and all(t.isdigit() or t in BOX_WORDS or t in _HOW_TAKEN_WORDS for t in after)
        ):
            return True
    return any(w in COMBINATION_WORDS and w != "am" and (w != "co" or at == 0) for at, w in enumerate(words))


#: Words between medicines typed in one box ("simvastatin and levothyroxine"; adversarial review,
#: 2026-12-05: the statin was ticked and levothyroxine dropped).
_BETWEEN = re.compile(r"(\s*(?:[,;+&]|\band\b|\bplus\b)\s*)", re.IGNORECASE)


def typed_medicines(query: str) -> tuple[str, ...]:
    """The medicines typed in one box, each as typed: split at commas, semicolons, "+", "&", "and"
    and "plus" (not at "/", which joins a combination's names: "ledipasvir/sofosbuvir").

    A "plus" followed by no name of its own (nothing, a letter, or only a strength or form) belongs to the
    name before it: "Coversyl Plus", "Atacand Plus 16/12.5 mg" are combination tablets (session-49
    re-review: "Atacand Plus" was read as Atacand alone, so its thiazide's prescriber was not asked).
    """
    pieces = _BETWEEN.split(query)
    parts = [pieces[0]]
    # re.split with one group: text, then each separator and the text after it.
    for at in range(1, len(pieces), 2):
        between, part = pieces[at], pieces[at + 1]
        # A letter alone is no name either ("Fosamax Plus D": vitamin D with the bisphosphonate; session 51).
        if between.strip().lower() == "plus" and box_name(parts[-1]) and len(box_name(part)) < 2:
            parts[-1] += between + part
        else:
            parts.append(part)
    return tuple(part for part in (p.strip() for p in parts) if part)


#: A typed medicine that begins by saying it is not taken ("no statin", "I don't take omeprazole", "stopped
#: furosemide"); not a "no" later on ("atorvastatin no kidney problems": the statin is taken).
_NOT_TAKEN = re.compile(
    r"^\W*(?:i\s+|i'm\s+|im\s+|i\s+am\s+)?(?:no|not|don't|dont|do\s+not|never|stopped|quit)\b"
)


#: Words before or after a name of several classes that do not change it ("my water pill", "a diuretic", "water pill
#: 40mg", "diuretic tablet"; re-review, session 65: each waited as a name the app does not know, whose tick gave a
#: plan with no diuretic picked).
_SEVERAL_FILLER = frozenset({"my", "a", "an", "the", "one", "daily", "once", "twice"})


def several_classes(rules: Sequence[MedicineRule], query: str) -> tuple[MedicineRule, ...]:
    """The classes a name of several classes typed among other words stands in (its box name without
    :data:`_SEVERAL_FILLER`): more than one, else ()."""
    core = " ".join(w for w in box_name(query).split() if w not in _SEVERAL_FILLER)
    found = find_medicines(rules, core)
    return found if len(found) > 1 else ()


def says_name(text: str, name: str) -> bool:
    """Whether ``text`` says ``name`` as whole words, not as a unit after a number (re-review, session 65: "Mg"
    waiting was taken off by "not sure of dose 250 mg", "Mag" by "no magnesium yet")."""
    words = r"\s+".join(re.escape(w) for w in _folded(name).split())
    return bool(words) and re.search(rf"(?<![\w.])(?<!\d\s){words}(?!\w)", _folded(text)) is not None


def reads_as_not_taken(query: str) -> bool:
    """Whether one typed medicine reads as one the person does not take (planning list, session 57: "no statin"
    was "a statin", ticked). The finder still adds what it names, to be safe, and says how to take it off."""
    return bool(_NOT_TAKEN.match(query.casefold().replace("\u2019", "'")))


def may_be_planned_supplement(query: str) -> bool:
    """Whether a typed product names a magnesium salt ("magnesium citrate"), which may be the supplement being
    planned rather than another product (pharmacist review, session 58)."""
    return "magnesi" in _folded(query)


#: Name parts that suggest a magnesium product the app has no source for ("Slow-Mag", "Mag-Ox 400", "Mag 64",
#: "MagOx", "Cal-Mag", "ZMA"): the finder asks for the label, naming the product's own name as the reason.
_MAG_NAME = re.compile(
    r"(?:^|[^a-z])(?:mag|magox|magonate|magtab|calmag|zma)(?:[^a-z]|$)"
    # "Mg" or "MgO" as a name, not a unit after a number ("Mg citrate", "MgO 400", not "50 mg"; re-review,
    # session 65: "levothyroxine with Mg citrate 200" added the medicine only).
    r"|(?:^|[^a-z0-9])(?<!\d\s)(?:mg|mgo)(?:[^a-z]|$)"
)


def names_magnesium(options: Sequence[str], query: str, words: Sequence[tuple[str, str]] = ()) -> bool:
    """Whether ``query`` names something that may hold magnesium, by a name that suggests it
    (:func:`name_suggests_magnesium`) or as one of the other products (:func:`magnesium_product`): for a
    product typed beside a medicine (re-review, session 65: "atorvastatin with Slow-Mag", "Zocor with
    magnesium" ticked the statin only)."""
    return name_suggests_magnesium(query) or magnesium_product(options, query, words) is not None


#: A number and its unit "mg", however written ("500  mg", "20-mg", "20.mg", "(20) mg"; re-review, session 65:
#: each was read as "Mg", a magnesium product).
_MG_UNIT = re.compile(r"\d[\d.,]*\W{0,3}mg\b")


def name_suggests_magnesium(query: str) -> bool:
    """Whether a typed name the app does not know suggests magnesium by its own parts (planning list, session
    58: "Slow-Mag", "Mag-Ox" and "ZMA" were "no medicine", with magnesium only in the general words after)."""
    return bool(_MAG_NAME.search(_MG_UNIT.sub(" ", _folded(query))))


#: Words of products not taken by mouth: the app's spacing is from medicines swallowed. The local ones
#: (skin, eye, ear, nose) reach the body little; the others (injections, patches, inhalers) reach it all.
_LOCAL_TEXT = (
    "drop drops eye ear nasal cream creams gel ointment shampoo lotion topical pessary pessaries "
    "suppository suppositories "
    # Pharmacist review (session 50): eye, ear and foam forms were added to the tablets' classes.
    "ophthalmic otic foam"
)
LOCAL_WORDS = frozenset(_LOCAL_TEXT.split())
TOPICAL_WORDS = LOCAL_WORDS | frozenset(
    [
        "spray",
        "patch",
        "patches",
        "inhaler",
        "inhalers",
        "injection",
        "inhalation",
        "nebuliser",
        "nebulizer",
        "nebules",
    ]
)


def names_pregnancy_condition(query: str) -> bool:
    """Whether ``query`` names pre-eclampsia (written any way: "pre-eclampsia", "preeclampsia"), eclampsia or
    HELLP syndrome: a condition of pregnancy, not a medicine (pregnant review, 2026-12-06: "pre-eclampsia"
    got "ask your pharmacist whether to keep magnesium apart from it")."""
    words = _words(query)
    return any("eclampsia" in w for w in words) or "hellp" in words


#: Words that name the kidneys (rule kidney_condition_in_medicine_box), and the words that, with one of
#: them, say a kidney disease ("renal failure", "reduced kidney function", "kidney damage").
KIDNEY_WORDS = frozenset({"kidney", "kidneys", "renal"})
KIDNEY_DISEASE_WORDS = frozenset(
    {
        "disease",
        "failure",
        "impairment",
        "impaired",
        "insufficiency",
        "reduced",
        "chronic",
        "transplant",
        "damage",
        "damaged",
        "problem",
        "problems",
        "poor",
        "low",
        "bad",
        "weak",
        "injury",
        "polycystic",
        "failing",  # re-review, session 58: "my kidneys are failing" ticked nothing
    }
)
#: Names that say a kidney disease alone (session-53 reviews: "nephropathy", "PKD", "AKI", "ESRD" got the
#: unknown medicine's answer); a word ending in "dialysis" too.
KIDNEY_DISEASE_NAMES = frozenset(
    {
        "ckd",
        "aki",
        "pkd",
        "esrd",
        "eskd",
        "uraemia",
        "uremia",
        "nephropathy",
        "nephrotic",
        "nephritis",
        "glomerulonephritis",
        "nephrosis",
    }
)
#: Words that say the disease is not there when they stand just before its words ("not CKD", "no kidney
#: disease"; not "CKD stage 3 not on dialysis": re-review, session 53), or anywhere ("CKD unlikely"). The
#: kidney questions are then pointed to, nothing is ticked for them.
KIDNEY_NEGATIONS = frozenset({"no", "not", "without", "never"})
KIDNEY_DOUBTS = frozenset({"unlikely", "excluded"})
#: Kidney words beside which other words still say something ("kidney stones", "nephrectomy"): the kidney
#: questions are pointed to. A kidney vitamin ("Nephro-Vite", "renal multivitamin") is no mention.
KIDNEY_MENTIONS = frozenset(
    {"egfr", "gfr", "nephrectomy", "nephrologist", "nephrology", "creatinine", "clearance", "crcl", "clcr"}
)
#: Kidneys said in plain words not to work well ("my kidneys don't work well", "kidneys not working well";
#: pharmacist review, session 58: they ticked nothing and the plan followed): a kidney word, a word of their
#: working, and one of these.
KIDNEY_WORKING = frozenset({"work", "works", "working", "function", "functioning"})
KIDNEY_NOT_WORKING = frozenset(
    {"not", "don", "dont", "doesn", "doesnt", "isn", "isnt", "aren", "arent", "badly", "poorly", "failing"}
)
#: A creatinine said to be high (the blood test's other reading of the kidneys; same review: "high creatinine").
CREATININE_HIGH = frozenset({"high", "raised", "elevated", "increased", "abnormal"})
#: A creatinine level said to be normal ("creatinine 80 normal"): a mention, not a doubt.
KIDNEY_NORMAL = frozenset({"normal", "fine", "ok", "okay", "good", "healthy"})
#: The words a kidney condition is written with: what is left of a text without them (and without
#: :data:`BOX_WORDS`) is something else typed beside it (an unknown medicine's name).
KIDNEY_FILLER = frozenset(
    [
        "i",
        "have",
        "has",
        "had",
        "my",
        "a",
        "an",
        "of",
        "on",
        "in",
        "is",
        "was",
        "at",
        "stage",
        "function",
        "known",
        "but",
        "yet",
        "sure",
        "what",
        "which",
        "since",
        "years",
        "year",
        "ago",
        "below",
        "under",
        "less",
        "than",
        "about",
        "around",
        "mild",
        "moderate",
        "severe",
        "end",
        "disease",
        "kidney",
        "kidneys",
        "renal",
        "acute",
        "stones",
        "stone",
        "problems",
        "problem",
        "proteinuria",
        "weeks",
        "week",
        "months",
        "month",
        "days",
        "day",
        "normal",
        "age",
        "for",
        "min",
        "test",
        "result",
        "results",
        "blood",
        "last",
        "recent",
        "recently",
        "told",
        "doctor",
        "says",
        "said",
        "okay",
        "fine",
        "good",
        "healthy",
        *KIDNEY_WORKING,
        *KIDNEY_NOT_WORKING,
        *CREATININE_HIGH,
        # A reading's or kidney care's words (re-review, session 65).
        "see",
        "seen",
        "seeing",
        "specialist",
        "clinic",
        "consultant",
        "team",
        "unit",
        "one",
        "single",
        "solitary",
        "half",
        "only",
        "level",
        "levels",
        "reading",
        "approx",
        "approximately",
        "roughly",
        "nearly",
        "umol",
        "mmol",
        "cockcroft",
        "gault",
        "serum",
        "range",
        "ref",
        "reference",
        "glomerular",
        "filtration",
        "rate",
        "creat",
        "scr",
        "nephro",
        "estimated",
        "calculated",
        "dropped",
        "down",
        "checked",
        "last",
        "been",
        "removed",
        "donated",
        "people",
        "now",
        "currently",
        "well",
        "are",
        "percent",
        "per",
        "cent",
        "t",
    ]
)


def _kidney_percent(query: str) -> list[float]:
    """Numbers written as a percentage ("kidney function 45%", "30 percent") or straight after "function"
    ("kidney function 45"; re-review, session 58): read as the eGFR they are often told as."""
    text = _folded(query)
    return [
        float(n)
        for pattern in (
            r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent)",
            r"\bfunction\W*(?:(?:is|of|was|at|about|around)\W+)?(\d+(?:\.\d+)?)",
        )
        for n in re.findall(pattern, text)
    ]


#: Words that may stand between a kidney reading's name and its number ("eGFR is about 45", "CrCl approx. 40",
#: "eGFR in the 40s", "CrCl (Cockcroft-Gault) 40", "creatinine level 250"; re-review, session 65: each gave a plan).
_READING_FILLER = (
    r"\W*(?:(?:is|of|was|were|about|around|approx\w*|roughly|nearly|below|under|less\s+than|in\s+the|at|now"
    r"|currently|result|results|level|levels|reading|cockcroft\W*gault|cg|by|per|estimated|calculated|dropped"
    r"|down|to|has|been|last|checked|(?:19|20)\d\d)\b\W*){0,4}"
)


def _egfr_values(query: str) -> list[float]:
    """The numbers written straight after "eGFR" or "GFR" ("eGFR 25", "GFR: 45", "eGFR of 59.5"), or after a few
    words of :data:`_READING_FILLER`, not a unit's ("ml/min/1.73m2") or a date's (re-review, session 53: every
    number was read as the eGFR)."""
    pattern = r"\b(?:e?gfr|glomerular\s+filtration\s+rate)\b" + _READING_FILLER + r"(\d+(?:\.\d+)?)"
    return [float(n) for n in re.findall(pattern, _folded(query))]


#: Creatinine clearance written in the box ("creatinine clearance 40", "CrCl 45 ml/min"; pharmacist review, session
#: 65: it got only the hint while "eGFR 45" stopped the plan): the figure many pharmacists and kidney clinics give,
#: in ml/min like the eGFR, so read against the same line.
_CRCL = r"\b(?:creatinine[\s-]*clearance|cr\s*clearance|crcl|cr\.?\s?cl\b\.?|clcr|cockcroft\W*gault)"


def _crcl_values(query: str) -> list[float]:
    """The numbers written straight after creatinine clearance ("CrCl 45", "creatinine clearance of 40")."""
    pattern = _CRCL + _READING_FILLER + r"(\d+(?:\.\d+)?)"
    return [float(n) for n in re.findall(pattern, _folded(query))]


def _creatinine_level(query: str) -> bool:
    """Whether a creatinine level (not its clearance) is given as a number ("creatinine 250", "creatinine 1.9"):
    its units and normal range vary, so this app cannot tell from it how well the kidneys work. Not a percentage
    ("creatinine 45%": pointed to only)."""
    level = (
        r"\b(?:creatinine|creat|s-?cr)\b(?![\s-]*clearance)"
        + _READING_FILLER
        + r"\d+(?:\.\d+)?(?![\d.]|\s*(?:%|per\s*cent))"
    )
    return re.search(level, _folded(query)) is not None


#: A lab's reference range ("(normal 45-90)", "normal range 60-110", "ref 45-90") and a question ("ok?"): not the
#: person's own result said to be normal (re-review, session 65: "creatinine 250 umol/L (normal 45-90)" ticked
#: nothing).
_NOT_SAID_NORMAL = re.compile(
    r"\(?\s*(?:normal|ref\w*)(?:\s+range)?\s*:?\s*[\d.]+\s*(?:-|\u2013|to)\s*[\d.]+\s*\)?|\b\w+\s*\?"
)
#: A kidney specialist seen, or one kidney ("nephrologist", "my kidney doctor", "renal clinic", "one kidney"): how
#: well the kidneys work is not known here, so not sure (same re-review).
KIDNEY_CARE = frozenset({"nephrologist", "nephrology", "nephrectomy"})
KIDNEY_CARE_WORDS = frozenset({"doctor", "specialist", "clinic", "consultant", "team", "unit"})
ONE_KIDNEY = re.compile(r"\b(?:one|single|solitary|half|only\s+one)\s+(?:\w+\s+)?kidney")


def kidney_condition(query: str, egfr_min: float) -> str:
    """Rule kidney_condition_in_medicine_box: "disease" when ``query`` names kidney disease ("CKD stage 3",
    "chronic kidney disease", "renal failure", "haemodialysis", "IgA nephropathy", "ESRD", an eGFR below
    ``egfr_min`` or said to be low or below), "kidneys" for another mention of the kidneys ("kidney stones",
    "nephrectomy", "eGFR 90") or a disease said not to be there ("no kidney disease", "CKD unlikely"),
    "unsure" for a creatinine level given as a number and not said to be normal ("creatinine 250"), ""
    for none ("kidney beans", "Nephro-Vite"). A creatinine clearance is read as an eGFR is ("CrCl 40")."""
    words = _words(query)
    if {"bean", "beans"} & set(words):
        return ""
    # Each word that says the disease, unless "no", "not", … stands one or two words before it.
    marks = [
        at
        for at, w in enumerate(words)
        if w in KIDNEY_DISEASE_NAMES
        or w.endswith("dialysis")
        or (
            w in KIDNEY_WORDS | KIDNEY_DISEASE_WORDS
            and set(words) & KIDNEY_WORDS
            and set(words) & KIDNEY_DISEASE_WORDS
        )
    ]
    said = [at for at in marks if not KIDNEY_NEGATIONS & set(words[max(0, at - 2) : at])]
    egfr = bool({"egfr", "gfr"} & set(words)) or "glomerular filtration rate" in _folded(query)
    low_words = {"low", "reduced", "poor", "below", "under", "less"}  # "less than 60" (re-review, session 65)
    low_egfr = egfr and (
        any(v < egfr_min for v in _egfr_values(query)) or bool(low_words & set(words)) or "<" in query
    )
    clearance = re.search(_CRCL, _folded(query)) is not None
    low_egfr = low_egfr or (
        clearance
        and (any(v < egfr_min for v in _crcl_values(query)) or bool(low_words & set(words)) or "<" in query)
    )
    kidneys = bool(set(words) & KIDNEY_WORDS)
    # In plain words (pharmacist review, session 58): kidneys that do not work well, a kidney function
    # percentage below the eGFR of reduced function, a high creatinine.
    plain = (
        (kidneys and set(words) & KIDNEY_WORKING and set(words) & KIDNEY_NOT_WORKING)
        or (kidneys and any(v < egfr_min for v in _kidney_percent(query)))
        or ("creatinine" in words and set(words) & CREATININE_HIGH)
    )
    # A low reading is not taken back by a doubt about something else ("eGFR 25 (cancer unlikely)"; re-review,
    # session 65), a named disease is ("CKD unlikely").
    if low_egfr or ((said or plain) and not KIDNEY_DOUBTS & set(words)):
        return "disease"
    said_normal = set(_words(_NOT_SAID_NORMAL.sub(" ", _folded(query)))) & KIDNEY_NORMAL
    if _creatinine_level(query) and not said_normal:
        return "unsure"
    specialist = set(words) & KIDNEY_CARE or (
        kidneys and set(words) & (KIDNEY_CARE_WORDS | {"removed", "donated", "people"})
    )
    if (specialist or ONE_KIDNEY.search(_folded(query))) and not said_normal:
        return "unsure"
    mentions = marks or egfr or clearance or set(words) & (KIDNEY_WORDS | KIDNEY_MENTIONS)
    return "kidneys" if mentions else ""


def beside_kidney_words(query: str) -> str:
    """What ``query`` says besides a kidney condition: its words without :data:`KIDNEY_FILLER`, the kidney
    words and :data:`BOX_WORDS` ("Renvela (CKD 4)" → "renvela"; "CKD - not sure what stage" → "")."""
    drop = KIDNEY_FILLER | KIDNEY_WORDS | KIDNEY_DISEASE_WORDS | KIDNEY_DISEASE_NAMES | KIDNEY_NEGATIONS
    drop |= KIDNEY_DOUBTS | KIDNEY_MENTIONS | BOX_WORDS
    return " ".join(w for w in _words(query) if w not in drop and not w.endswith("dialysis") and len(w) > 2)


#: Conditions people type in the medicine box instead of a medicine's name (session-53 pharmacist review:
#: "heart failure", "underactive thyroid" got "ask your pharmacist whether to keep magnesium apart from it"),
#: as whole words; True where NICE advises a kidney blood test for it (rule kidney_check_risk_conditions).
CONDITIONS: dict[str, bool] = {
    "high blood pressure": True,
    "hypertension": True,
    "blood pressure": True,
    "heart failure": True,
    "heart disease": True,
    "angina": True,
    "heart attack": True,
    "stroke": True,
    "atrial fibrillation": True,
    "lupus": True,
    "enlarged prostate": True,
    "epilepsy": False,
    "underactive thyroid": False,
    "overactive thyroid": False,
    "hypothyroidism": False,
    "hyperthyroidism": False,
    "osteoporosis": False,
    "ibs": False,
    "irritable bowel": False,
    "crohn": False,
    "crohns": False,
    "colitis": False,
    "heartburn": False,
    "reflux": False,
    "acid reflux": False,
    "gord": False,
    "gerd": False,
    "indigestion": False,
    "asthma": False,
    "copd": False,
    "arthritis": False,
    "depression": False,
    "anxiety": False,
    "cholesterol": False,
    "migraine": False,
    "insomnia": False,
    "restless legs": False,
    "cramp": False,
    "cramps": False,
}
#: What "no medicines" is typed as (session-53 review: "none" got "does not mean it is safe").
NO_MEDICINES = frozenset(
    {
        "none",
        "nothing",
        "nil",
        "no",
        "n a",
        "na",
        "no medicine",
        "no medicines",
        "no medication",
        "no medications",
        "no meds",
        "not taking any",
        "i don t take any",
        "i dont take any",
        "i take none",
    }
)


#: The words a condition is written with beside its name ("I have heart failure", "my underactive thyroid"):
#: a text with any other word names something else too ("Imigran for migraine": re-review, session 53).
CONDITION_FILLER = frozenset(
    {
        "i",
        "have",
        "has",
        "my",
        "a",
        "an",
        "the",
        "with",
        "and",
        "of",
        "am",
        "im",
        "diet",
        "controlled",
        "mild",
        "severe",
        "chronic",
    }
)


def typed_condition(query: str) -> str:
    """What a text typed in the medicine box says other than a medicine: "none" (no medicines), "gestational"
    (gestational diabetes, a condition of pregnancy: no diabetes medicine is added for it), "pregnant",
    "kidney-risk" (a condition of :data:`CONDITIONS` NICE tests kidneys for), "condition" (another), or "".
    Only a text of the condition's words and :data:`CONDITION_FILLER` is one: "metformin for gestational
    diabetes" names a medicine."""
    words = _words(query)
    joined = " ".join(words)
    if joined in NO_MEDICINES:
        return "none"
    named = [phrase for phrase in CONDITIONS if _holds_phrase(words, phrase.split())]
    if "gestational" in words:
        named.append("gestational diabetes")
    if {"pregnant", "pregnancy"} & set(words):
        named.append("pregnant pregnancy")
    covered = {w for phrase in named for w in phrase.split()} | CONDITION_FILLER
    # A letter alone is no word of its own ("Crohn's").
    if not named or {w for w in words if len(w) > 1} - covered:
        return ""
    if "gestational" in words:
        return "gestational"
    if {"pregnant", "pregnancy"} & set(words):
        return "pregnant"
    return "kidney-risk" if any(CONDITIONS[p] for p in named if p in CONDITIONS) else "condition"


def topical(query: str) -> bool:
    """Whether ``query`` names a product not taken by mouth ("Ofloxacin eye drops", "Nizoral
    shampoo"): adversarial review, 2026-12-05: they were added to the tablets' classes."""
    return any(w in TOPICAL_WORDS for w in _words(query))


def left_out_as_topical(query: str, found: Sequence[MedicineRule]) -> bool:
    """Whether a typed product is not added because it is not taken by mouth (:func:`topical`).

    A product for the skin, eyes, ears or nose (:data:`LOCAL_WORDS`) is always left out (pharmacist review,
    session 50: "Diltiazem 2% cream" asked the kidney test and warned of cramps). Another one (an injection,
    patch or inhaler, which reaches the whole body) is added unless a class found is about spacing from a
    swallowed supplement (kind ``timing``): "Ventolin inhaler" can cause cramps (``effect``), "insulin
    injection" asks the kidney test (``kidney``), "Furosemide injection" changes how the body keeps
    magnesium (``doctor``); "Levofloxacin nebuliser" needs no spacing."""
    words = set(_words(query))
    if not words & TOPICAL_WORDS:
        return False
    if words & LOCAL_WORDS:
        return True
    if not found and words & INJECTED_WORDS:
        # An injection the app does not know is said to be unknown, not "not taken by mouth" (re-review,
        # session 50: "Mounjaro injection" read "injections are not added", beside Humalog added).
        return False
    return not (found and all(r.kind != "timing" for r in found))


#: Words of an injection: one the app does not know goes the unknown-medicine way.
INJECTED_WORDS = frozenset({"injection", "injections"})


#: How alike a misspelled name must be to a medicine's name to be suggested (rapidfuzz's ratio,
#: 0–100): "Harvony" ~ "Harvoni" is 86, "Alegra" ~ "Allegra" 92; "Harvard" ~ "Harvoni" is 57.
NEAR_NAME_SCORE = 80
#: Shortest misspelled name a suggestion is looked for (shorter ones are alike too often).
NEAR_NAME_MIN_LENGTH = 4


def medicine_names(rule: MedicineRule) -> tuple[str, ...]:
    """Every single name a class row holds: its generic and brand names, each once, in order.

    The examples read ``generic (Brand; Brand); generic``; a name is what lies between those
    separators (the class's own name is not split: the picker already shows it).
    """
    names: list[str] = []
    for part in rule.examples.replace("(", ";").replace(")", ";").replace(",", ";").split(";"):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return tuple(names)


def misspelt_waiting(waiting: Sequence[str], found: str) -> tuple[str, ...]:
    """Names waiting as medicines the app does not know (rule unknown_medicine_checked) that ``found``, a name
    the finder has just found, is probably the right spelling of: alike at :data:`NEAR_NAME_SCORE` or more,
    strengths and forms aside ("Lipitr 20mg" before "Lipitor"), not the same. Never removed for the person (a
    near name can be another medicine): the page says where to remove them (planning list, session 61: the
    misspelling went on holding the plan after the right name was found)."""
    right = box_name(found)
    if len(right) < NEAR_NAME_MIN_LENGTH:
        return ()
    return tuple(
        name
        for name in waiting
        if (typed := box_name(name)) != right
        and len(typed) >= NEAR_NAME_MIN_LENGTH
        and fuzz.ratio(typed, right) >= NEAR_NAME_SCORE
    )


def misspelt_words(shown_names: Sequence[str]) -> str:
    """What the finder says about :func:`misspelt_waiting`'s names (``shown_names``, already escaped)."""
    named = ", ".join(f"“{n}”" for n in shown_names)
    them = "it" if len(shown_names) == 1 else "them"
    return (
        f"{named}, typed before, still {'waits' if len(shown_names) == 1 else 'wait'} as "
        f"{'a medicine' if len(shown_names) == 1 else 'medicines'} this app does not know. If that was this "
        f"medicine misspelt, remove {them} under [{UNKNOWN_HEADING}](#{UNKNOWN_ANCHOR}): until then the plan waits."
    )


def near_medicines(
    rules: Sequence[MedicineRule], query: str, limit: int = 3
) -> tuple[tuple[str, MedicineRule], ...]:
    """Names in the data that a misspelled ``query`` is probably meant to be, with their class.

    Only suggestions, for the person to check against the box: never added for them (a near
    name can be another medicine). Best first, at most ``limit``, each at least
    :data:`NEAR_NAME_SCORE` alike (case and accents aside); nothing for queries shorter than
    :data:`NEAR_NAME_MIN_LENGTH`.
    """
    needle = _folded(query).strip()
    if len(needle) < NEAR_NAME_MIN_LENGTH or limit < 1 or not box_name(query):
        # Only a salt, a form or a strength (pharmacist review, session 65: "Calcium carbonate", an antacid, got
        # "Did you mean lithium carbonate?", alike only in "carbonate").
        return ()
    scored = [
        (fuzz.ratio(needle, _folded(name)), index, name, rule)
        for index, (name, rule) in enumerate((n, r) for r in rules for n in medicine_names(r))
    ]
    # A name's start typed ("amlod", "nitro"), or a word of 5 letters or more inside a name ("thyroxin" in
    # levothyroxine), is suggested too (session 51: no longer added as that name).
    inside = [w for w in needle.split() if len(w) >= PART_WORD_MIN and w not in BOX_WORDS]
    best = sorted(
        (
            s
            for s in scored
            if s[0] >= NEAR_NAME_SCORE
            or _folded(s[2]).startswith(needle)
            or any(w in _folded(s[2]) for w in inside)
        ),
        key=lambda s: (-s[0], s[1]),
    )
    return tuple((name, rule) for _, _, name, rule in best[:limit])


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


#: US brand names of statins that have no medicine row (rosuvastatin's brands are on its row), as
#: their FDA records name them (sources.csv openfda-statin-brands): the name on the box is often all
#: a person knows (clinician review, 2026-12-04: "Lipitor" and "Zocor" passed as unknown medicines,
#: with no prescriber question), and Caduet, a calcium-channel blocker and atorvastatin in one tablet
#: (session 51: no statin question), and VYTORIN, ezetimibe and simvastatin; and the UK's INEGY, the
#: same two (sources.csv emc-inegy; session 52); and Pravachol, Lescol, Altoprev, Mevacor, Zypitamag, Lipex and
#: Atorvaliq (sources.csv statin-brands-2026-12-07; planning list, session 61: passed as unknown medicines).
STATIN_BRANDS = (
    "lipitor",
    "zocor",
    "livalo",
    "caduet",
    "vytorin",
    "inegy",
    "pravachol",
    "lescol",
    "altoprev",
    "mevacor",
    "zypitamag",
    "lipex",
    "atorvaliq",
)


def other_statin(rules: Sequence[MedicineRule], query: str) -> bool:
    """Whether ``query`` names a statin other than the ones a medicine row holds ("atorvastatin",
    "simvastatin", or "statin" itself): it sets "I take a statin", not the rosuvastatin row
    (clinician review, 2026-12-04: "statin" added rosuvastatin; "atorvastatin" was "not known")."""
    words = re.findall(r"[a-z]+", _folded(query))
    # The statins' name stem is "-vastatin" (atorvastatin … simvastatin): "nystatin", an antifungal,
    # and "somatostatin" are not statins.
    # Spelt as in other languages too (pharmacist review, session 51: "Atorvastatina", "Simvastatine").
    statins = [
        w
        for w in words
        if re.search(r"vastatin(?:a|e|um)?$", w) or w in ("statin", "statins", *STATIN_BRANDS)
    ]
    # A name on a statin's own row (Crestor) is that row's; one on another row is a combination with a
    # statin in it (Caduet, on the calcium-channel blockers' row: session 51).
    known = {_folded(n) for r in rules if statin_row(r) for n in medicine_names(r)}
    return bool(statins) and not any(w in known for w in statins)


def statin_row(rule: MedicineRule) -> bool:
    """Whether a class row holds a statin (a name ending in "-vastatin": rosuvastatin's row)."""
    return any(w.endswith("vastatin") for n in medicine_names(rule) for w in _words(n))


def statin_companions(found: Sequence[MedicineRule]) -> tuple[MedicineRule, ...]:
    """The classes found beside a statin named in the box (:func:`other_statin`) that are not a statin's
    row: "amlodipine/atorvastatin" holds a calcium-channel blocker too (pharmacist review, session 50: it was
    dropped, with its kidney question and cramp warning); "statin" itself finds rosuvastatin's row, which it
    does not name."""
    return tuple(r for r in found if not statin_row(r))


def magnesium_product(
    options: Sequence[str], query: str, words: Sequence[tuple[str, str]] = ()
) -> str | None:
    """The "other products with magnesium" option a typed product name belongs to, if any.

    ``options`` are labels like "Antacid (e.g. Maalox, Mylanta, Milk of Magnesia)"; a name in their
    "e.g." list (case and accents aside, 4+ characters) that the query holds or is part of picks
    the first such option: "Mylanta" or "mylanta original" → the antacid option. Else the first of
    ``words`` (word, option) whose word the query holds picks its option ("Epsom salts").
    """
    needle = _folded(query).strip()
    if len(needle) < 4:
        return None
    for option in options:
        inside = option.partition("(e.g. ")[2].rstrip(")")
        names = [_folded(n).strip() for n in inside.split(",") if n.strip()]
        if any(len(n) >= 4 and (n in needle or needle in n) for n in names):
            return option
    return next((option for word, option in words if _folded(word) in needle), None)


def named_by_kind_only(
    options: Sequence[str], query: str, words: Sequence[tuple[str, str]], kinds: Sequence[str]
) -> bool:
    """Whether a typed product is named only by its kind ("antacid tablets"), by none of the "e.g." names of
    ``options`` nor of ``words`` other than ``kinds``: not every antacid or laxative holds magnesium."""
    return magnesium_product(options, query, [w for w in words if w[0] not in kinds]) is None


def product_beside_class(
    rules: Sequence[MedicineRule], options: Sequence[str], query: str, words: Sequence[tuple[str, str]] = ()
) -> str | None:
    """The "other products with magnesium" option of a product named with a medicine's class, swallowed
    ("Multivitamin with iron": the multivitamin's magnesium counts against the limit besides the iron's
    class; pharmacist review, session 51: only the iron was said). None when no class is found, the text is
    not taken by mouth, or it names no such product (:func:`magnesium_product`)."""
    found = find_medicines(rules, query)
    if not found or left_out_as_topical(query, found):
        return None
    return magnesium_product(options, query, words)


def med_time_key(class_id: str) -> str:
    """The URL/widget key of the time a medicine class is taken."""
    return f"med_time_{class_id}"


#: The most medicines the app does not know that a link counts (rule unknown_medicine_checked).
UNKNOWN_IN_LINK_MAX = 50

PARAMS: tuple[Param, ...] = (
    # Safety screen (pregnancy and age come from the shared profile keys).
    Param("kidney", "bool", False),
    Param("kidney_unsure", "bool", False),
    Param("statin", "bool", False),
    Param("meds", "multi", (), options=MED_CLASS_OPTIONS, max_items=len(MED_CLASS_OPTIONS), keep_known=True),
    # Rule combination_box_read: the classes added from a name with "Plus", "Comp" or "Co-", each waiting
    # for its box to be read (a stop, never a tick: a reload or a link's receiver is asked again).
    Param("boxes", "multi", (), options=MED_CLASS_OPTIONS, max_items=len(MED_CLASS_OPTIONS), keep_known=True),
    # Rule unknown_medicine_checked: how many medicines the app does not know were typed (their names never in a
    # link): a reload or a link's receiver is asked again (phone review, session 60: the plan came at once).
    Param("unknown", "int", 0, min_value=0, max_value=UNKNOWN_IN_LINK_MAX),
    Param("screened", "bool", False),
    # Product.
    Param("form", "choice", FORM_OPTIONS[0], options=FORM_OPTIONS),
    Param("strength_mg", "int", 100, min_value=1, max_value=5000),
    Param("label", "choice", LABEL_BASIS["elemental"], options=tuple(LABEL_BASIS.values())),
    Param("unit", "choice", "Tablet", options=tuple(UNIT_TYPES)),
    # Plan.
    Param("start_mg", "int", START_DOSE_DEFAULT_MG, min_value=0, max_value=1000, step=25),
    Param("target_mg", "int", TARGET_DOSE_DEFAULT_MG, min_value=0, max_value=1000, step=25),
    Param("step_mg", "int", STEP_DEFAULT_MG, min_value=0, max_value=1000, step=25),
    Param("step_weeks", "int", STEP_WEEKS_DEFAULT, min_value=1, max_value=12),
    Param("weeks", "int", 12, min_value=8, max_value=26),
    Param("timing", "choice", TIMING["evening"], options=tuple(TIMING.values())),
    Param("evening_time", "time", dt.time(21, 0)),
    Param("morning_time", "time", DEFAULT_MORNING_TIME),
    *(
        Param(
            med_time_key(c),
            "multi",
            (),
            options=QUARTER_HOURS,
            max_items=6,
            # A medicine's time is never filled in for the person, an old link's default either
            # (versions 1-5 defaulted to 08:00; adversarial link review, 2026-12-05: a v=5 link with
            # levothyroxine made a plan at an 08:00 nobody entered). maglib.links.legacy_values.
            extra={"legacy_default": False},
        )
        for c in MED_TIME_CLASS_IDS
    ),
    # Empty means "start today": a link without it always means "from the day
    # you open it" — stable in meaning, unlike a default that is today's date.
    # A real date in the plan's range, or empty (adversarial link review, 2026-12-05: 2026-02-30 and
    # 9999-12-31 passed the link check, so a shared tick survived a link that could not be read).
    Param("start", "text", "", max_len=10, min_date=MIN_START, max_date=MAX_START),
    Param("gap", "int", 0, min_value=0, max_value=1000),
    # Other products with magnesium (they count against the same upper limit).
    Param("other", "multi", (), options=OTHER_SOURCE_OPTIONS, max_items=len(OTHER_SOURCE_OPTIONS)),
    Param("other_mg", "int", 0, min_value=0, max_value=2000, step=25),
    Param("print", "bool", False),
)


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class GuidanceNumbers:
    """The guidance.csv values the plan uses (with the source ids of each)."""

    start_dose_mg: float
    target_dose_mg: float
    min_trial_weeks: int
    review_week_1: int
    review_week_2: int
    b6_mg: float
    fluid_l: float
    diarrhoea_pct_low: float
    diarrhoea_pct_high: float
    source_ids: Mapping[str, str]
    #: Sources of the supplemental-UL statement (guidance.csv ``ul_supplemental_9plus_mg``).
    ul_source_ids: str = ""


def guidance_numbers(guidance: pd.DataFrame) -> GuidanceNumbers:
    """Read the plan's numbers from guidance.csv (KeyError names a missing key)."""
    values = dict(zip(guidance["key"], guidance["value"], strict=True))
    sources = dict(zip(guidance["key"], guidance["source_ids"], strict=True))
    keys = (
        "start_dose_mg",
        "target_dose_mg",
        "min_trial_weeks",
        "review_week_1",
        "review_week_2",
        "b6_mg",
        "fluid_l",
        "diarrhoea_pct_low",
        "diarrhoea_pct_high",
    )
    missing = [k for k in keys if k not in values]
    if missing:
        raise KeyError(f"guidance.csv lacks {', '.join(missing)}")
    return GuidanceNumbers(
        start_dose_mg=float(values["start_dose_mg"]),
        target_dose_mg=float(values["target_dose_mg"]),
        min_trial_weeks=int(values["min_trial_weeks"]),
        review_week_1=int(values["review_week_1"]),
        review_week_2=int(values["review_week_2"]),
        b6_mg=float(values["b6_mg"]),
        fluid_l=float(values["fluid_l"]),
        diarrhoea_pct_low=float(values["diarrhoea_pct_low"]),
        diarrhoea_pct_high=float(values["diarrhoea_pct_high"]),
        source_ids={k: str(sources[k]) for k in keys},
        ul_source_ids=str(sources.get("ul_supplemental_9plus_mg", "")),
    )


@dataclass(frozen=True)
class MedicineRule:
    """One row of interactions.csv. Gaps in hours; ``None`` = no rule that way.

    ``gap_before_h``: magnesium at least this long BEFORE the medicine;
    ``gap_after_h``: magnesium at least this long AFTER it.
    """

    class_id: str
    drug_class: str
    examples: str
    kind: str
    gap_before_h: float | None
    gap_after_h: float | None
    advice: str
    source_ids: str
    #: A short warning every dose reminder carries (interactions.csv ``reminder``; empty: none).
    reminder: str = ""
    #: The blood tests to ask the prescriber about (';'-separated) and why, for a medicine whose
    #: prescriber must agree before any plan (interactions.csv; empty: none asked for this medicine).
    prescriber_tests: str = ""
    prescriber_why: str = ""
    #: NICE CKS (leg cramps) names it among the causes of cramps (interactions.csv ``causes_cramps``).
    causes_cramps: bool = False
    #: Usually taken for a condition NICE tests kidneys for: the plan waits for a kidney blood test's
    #: answer at any age (interactions.csv ``kidney_test``, rule kidney_check_medicine).
    kidney_test: bool = False

    @property
    def has_timing(self) -> bool:
        """Whether this class constrains when magnesium may be taken."""
        return self.kind == "timing" and bool((self.gap_before_h or 0) + (self.gap_after_h or 0))


def _hours(value: object) -> float | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return float(value)  # type: ignore[arg-type]


def evidence_claims(evidence: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """evidence.csv as ``evidence_id → (claim, source_ids)`` for quick lookups, each claim in plain
    words (phone review, 2026-12-04: "the product brief's guidance" reached the statin note)."""
    return {
        str(row.evidence_id): (plain_words(str(row.claim)), str(row.source_ids))
        for row in evidence.itertuples(index=False)
    }


def medicine_rules(interactions: pd.DataFrame) -> tuple[MedicineRule, ...]:
    """Every interactions.csv row as a :class:`MedicineRule`, in file order."""
    return tuple(
        MedicineRule(
            class_id=str(row.class_id),
            drug_class=str(row.drug_class),
            examples=str(row.examples),
            kind=str(row.kind),
            gap_before_h=_hours(row.mg_gap_before_med_h),
            gap_after_h=_hours(row.mg_gap_after_med_h),
            advice=str(row.advice),
            source_ids=str(row.source_ids),
            reminder=str(row.reminder) if isinstance(row.reminder, str) else "",
            prescriber_tests=str(row.prescriber_tests) if isinstance(row.prescriber_tests, str) else "",
            prescriber_why=str(row.prescriber_why) if isinstance(row.prescriber_why, str) else "",
            causes_cramps=row.causes_cramps == "yes",
            kidney_test=row.kidney_test == "yes",
        )
        for row in interactions.itertuples(index=False)
    )


@dataclass(frozen=True)
class Product:
    """The person's product. ``strength_mg`` is what the label states per unit,
    as elemental magnesium or as the whole compound (``label_basis``)."""

    form_id: str
    form: str
    route: str
    elemental_pct: float | None
    strength_mg: float
    label_basis: str  # "elemental" | "compound"
    unit: str  # a key of UNIT_TYPES
    source_ids: str

    @property
    def halves_allowed(self) -> bool:
        """Whether half a unit is offered (tablets and scoops only)."""
        return UNIT_TYPES.get(self.unit, False)


def product_from(
    forms: pd.DataFrame, form_name: str, strength_mg: float, label_choice: str, unit: str
) -> Product:
    """Build a :class:`Product` from the forms.csv row named ``form_name``."""
    match = forms.loc[forms["form"] == form_name]
    row = (match if not match.empty else forms).iloc[0]
    pct = row["elemental_pct"]
    basis = next((k for k, v in LABEL_BASIS.items() if v == label_choice), "elemental")
    return Product(
        form_id=str(row["form_id"]),
        form=str(row["form"]),
        route=str(row["route"]),
        elemental_pct=None if pd.isna(pct) else float(pct),
        strength_mg=float(strength_mg),
        label_basis=basis,
        unit=unit if unit in UNIT_TYPES else "Tablet",
        source_ids=str(row["source_ids"]),
    )


def conversion_note(product: Product) -> str | None:
    """A sentence showing a compound-weight label converted to elemental magnesium."""
    unit_mg = elemental_mg_per_unit(product)
    if product.route == "topical" or product.label_basis != "compound" or unit_mg <= 0:
        if product.route != "topical" and not product.halves_allowed:
            return f"A {product.unit.lower()} cannot be halved, so the plan uses whole units only."
        return None
    text = (
        f"{product.strength_mg:g} mg of {product.form} contains {mg_text(unit_mg)} mg of elemental "
        f"magnesium ({product.elemental_pct:g}% by weight)."
    )
    if not product.halves_allowed:
        text += f" A {product.unit.lower()} cannot be halved, so the plan uses whole units only."
    return text


def oxide_warning(product: Product, evidence: Mapping[str, tuple[str, str]]) -> Note | None:
    """A warning when the chosen form is magnesium oxide (poorly absorbed, most laxative)."""
    if product.form_id != "oxide":
        return None
    text, sources = evidence.get("firoz-2001-absorption", ("", ""))
    return Note(
        "warning",
        "**Magnesium oxide is poorly absorbed** and among the forms most often reported to cause diarrhoea; the "
        "comparison this app uses does not recommend it for raising magnesium. A better-absorbed form "
        "(citrate; glycinate's rating is disputed, see Compare forms) is usually a better choice. " + text,
        ";".join(s for s in (product.source_ids, sources) if s),
    )


#: How forms.csv's ``digestive_effects`` names a form sold as a laxative (sulfate, hydroxide).
SALINE_LAXATIVE = "saline laxative"


def laxative_form_words(form_id: str, form: str, forms: pd.DataFrame) -> str | None:
    """What forms.csv says of a form sold over the counter as a saline laxative (its ``digestive_effects``
    say so), in its own words, or None for any other form."""
    row = forms.loc[forms["form_id"] == form_id]
    if row.empty:
        return None
    effects = str(row["digestive_effects"].iloc[0])
    if SALINE_LAXATIVE not in effects.lower():
        return None
    # The data's own words (adversarial review, 2026-12-04: a paraphrase before them said it twice).
    use = str(row["best_for"].iloc[0])
    return f"**{form}: {effects.rstrip('.')}.** What it is for: {use[:1].lower() + use[1:]}."


def laxative_form_warning(product: Product, forms: pd.DataFrame) -> Note | None:
    """A warning when the chosen form is sold over the counter as a saline laxative (its
    forms.csv row says so): a nightly plan for weeks is not what its label is for (pharmacist
    review, 2026-12-04: Epsom salt got a 12-week nightly plan without a word)."""
    words = laxative_form_words(product.form_id, product.form, forms)
    if words is None:
        return None
    return Note(
        "warning",
        f"{words} A plan takes it every night for weeks, which is not what its label is for, and it is likely "
        "to loosen stools. For a daily supplement choose another form (see Compare forms), or ask your "
        "pharmacist first.",
        product.source_ids,
    )


#: Why a form through the skin gets no oral plan nor count (forms.csv's topical row cites the review).
TOPICAL_NOT_ORAL = (
    "**Topical magnesium is not part of the oral plan.** Sprays, oils and bath salts are "
    "not added to your daily total or checked against the upper limit, because how much "
    "passes through the skin is unknown; a 2017 review found absorption claims unsupported."
)


def _hours_words(hours: float) -> str:
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def _spacing_words(medicine: MedicineRule) -> str:
    """How far apart the plan keeps magnesium from ``medicine``, in words (its data's gaps)."""
    before, after, name = medicine.gap_before_h or 0, medicine.gap_after_h or 0, medicine.drug_class.lower()
    if before == after:
        return f"at least {_hours_words(before)} apart from your {name}"
    if not after:
        return f"at least {_hours_words(before)} before your {name}"
    if not before:
        return f"at least {_hours_words(after)} after your {name}"
    return f"at least {_hours_words(before)} before and {_hours_words(after)} after your {name}"


def prescriber_brief(
    numbers: GuidanceNumbers,
    agreed: SafetyResult,
    medicines: Sequence[MedicineRule],
    *,
    statin: bool,
    kidney_egfr_min: int | None = None,
) -> str | None:
    """What to take to the prescriber while the plan waits for their agreement (rules
    doctor_medicine_confirm, statin_prescriber_confirm): what this page would plan if they agree, in
    words, never as a plan (no table, no calendar). ``agreed``: the screening with their agreement
    ticked; ``None`` when even that gives no plan, or no prescriber is asked (GP review, 2026-12-05:
    the GP saw only "no plan until your doctor agrees", with no dose, form or timing to agree to).
    ``kidney_egfr_min``: the plan also waits for a kidney blood test's answer (from 75, or "not sure"),
    ``agreed`` is the screening with a test at least this eGFR said, and the proposal says it needs both
    (phone review, 2026-12-05: a 70-year-old on a thiazide, "not sure" of his kidneys, had nothing to
    take to his GP; rule kidney_normal_egfr_min)."""
    if not agreed.plan_allowed or not agreed.prescriber or agreed.limit_mg is None:
        return None
    start = min(numbers.start_dose_mg, agreed.limit_mg)
    if start <= 0:
        return None
    spacing = [_spacing_words(m) for m in medicines if m.has_timing]
    # A prescriber is asked for a medicine that changes how the body keeps magnesium, for digoxin, or
    # for a statin (safety.prescriber_names): at least one question, each for its reason — the blood
    # tests from interactions.csv (each once; with digoxin its level and potassium).
    ask = prescriber_asks(medicines, statin)
    limit = mg_text(agreed.limit_mg)
    others = (
        f", which with the {mg_text(agreed.other_mg)} mg your other products give stays within "
        f"{agreed.ceiling_words}"
        if agreed.other_mg
        else ""
    )
    if agreed.food_first:
        # Under 18, pregnant or breastfeeding the plan is the dose a clinician advised, never the
        # adult guidance's (adversarial review, 2026-12-05: a 10-year-old's brief proposed 250 mg).
        what = (
            f"the dose your {agreed.clinician} advised, never more than {limit} mg a day from the "
            f"supplement{others}, and it never steps up."
        )
    elif start < numbers.start_dose_mg:
        # Room for less than the guidance's start: a plan may not be possible at all (a 10 mg
        # "proposal" beside an antacid; adversarial review, 2026-12-05).
        what = (
            f"no more than {limit} mg a day from a supplement{others}: less than the guidance's start dose "
            f"({mg_text(numbers.start_dose_mg)} mg), so ask them whether a supplement is worth taking at all."
        )
    else:
        what = (
            f"at most {mg_text(start)} mg of magnesium itself (elemental) a day from a supplement (the guidance's "
            "start dose), in the evening or split through the day as you choose on this page, for at least "
            f"{numbers.min_trial_weeks} weeks, with reviews at weeks {numbers.review_week_1} and "
            f"{numbers.review_week_2}; never more than {limit} mg a day from the supplement{others}, and a step "
            "up only with their agreement again."
        )
    until, if_so = (
        (f"they agree and a kidney blood test has shown an eGFR of {kidney_egfr_min} or more", "If both")
        if kidney_egfr_min is not None
        else ("they agree", "If they agree")
    )
    # A medicine that can cause cramps itself (rule medicine_cramps_flag): the prescriber is the one to
    # ask whether it is the cause (pharmacist review, 2026-12-06: nifedipine was not in the proposal;
    # re-review: nor the diuretic, which NICE CKS names first). A statin is asked about already.
    causes = [in_sentence(_unbracketed(m.drug_class)) for m in medicines if m.causes_cramps]
    return (
        f"**To take to {agreed.prescriber} — a proposal, not agreed: take no magnesium supplement until {until}.** "
        f"{if_so}, this page plans {what}"
        + (f" Magnesium kept {'; '.join(spacing)}." if spacing else "")
        + f" Ask them {'; and '.join(ask)}."
        + (
            " Ask too whether any of these could be behind the cramps, since NICE's leg-cramp guidance names "
            f"such medicines among the causes to rule out: {'; '.join(causes)}."
            if causes
            else ""
        )
    )


def guidance_reading(numbers: GuidanceNumbers, forms: pd.DataFrame) -> str:
    """The guidance's own words on the start dose, and how this app reads them.

    The guidance says "250 mg of magnesium *oxide*"; the comparison from the same
    brief calls oxide poorly absorbed. The app reads the dose as elemental
    magnesium in any well-absorbed form, and says so.
    """
    oxide = forms.loc[forms["form_id"] == "oxide", "elemental_pct"]
    pct = float(oxide.iloc[0]) if not oxide.empty else float("nan")
    held = f"about {numbers.start_dose_mg * pct / 100:.0f} mg" if math.isfinite(pct) else "less"
    return (
        f"The guidance says: start with {numbers.start_dose_mg:g} mg of magnesium **oxide** a day, "
        f"increase to {numbers.target_dose_mg:g} mg if needed, take it in the evening, give it at least "
        f"{numbers.min_trial_weeks} weeks and review at weeks {numbers.review_week_1} and "
        f"{numbers.review_week_2}. {numbers.start_dose_mg:g} mg of oxide powder holds {held} of magnesium "
        "itself, and the app's starting comparison table (from the same notes) calls oxide poorly absorbed "
        "and not recommended. "
        f"**This app reads the dose as {numbers.start_dose_mg:g} mg of magnesium itself (elemental, the "
        "amount a label states), in any well-absorbed form**, because that is how supplement labels and "
        "the cited trials state doses, and it stays within the adult upper limit."
    )


def product_line(product: Product) -> str:
    """The product in one line for the printable plan."""
    basis = (
        "elemental magnesium" if product.label_basis == "elemental" else f"{product.form} (compound weight)"
    )
    return f"{product.form}, {product.strength_mg:g} mg {basis} per {product.unit.lower()}"


def timed_rules(chosen: Sequence[MedicineRule]) -> tuple[MedicineRule, ...]:
    """The chosen classes that need a dose time (timing rows with a bound time input)."""
    return tuple(r for r in chosen if r.has_timing and r.class_id in MED_TIME_CLASS_IDS)


def elemental_mg_per_unit(product: Product) -> float:
    """Elemental magnesium in one unit (mg); 0 when it cannot be known.

    A compound-weight label is converted with the form's elemental share
    (forms.csv ``elemental_pct``); without that share the amount is unknown.
    """
    strength = product.strength_mg
    if not math.isfinite(strength) or strength <= 0:
        return 0.0
    if product.label_basis == "elemental":
        return strength
    if product.elemental_pct is None or not math.isfinite(product.elemental_pct):
        return 0.0
    return strength * product.elemental_pct / 100.0


# --------------------------------------------------------------------------- limits


#: Beside the plan, in the printout and in the calendar: the medicine check covers only the classes
#: in interactions.csv (pharmacist review, 2026-12-04: with none picked, nothing said that the other
#: medicines were not checked, and the printout read "Medicines: none").
UNCHECKED_MEDICINES = (
    "Only the medicines picked from this app's list were checked; show every medicine you take, and "
    "any new one, to your pharmacist."
)

#: Under the medicines' times and in the printout (pharmacist review, 2026-12-05: a once-weekly
#: alendronate or a week's antibiotic was asked only a time of day, and the printout read as daily).
NOT_EVERY_DAY = (
    "A medicine taken once a week or once a month (alendronate, ibandronate), or for a short course (an "
    "antibiotic)? Give the time of day you take it: this plan keeps those hours free of magnesium every "
    "day, so each dose keeps the same time; on the other days that does no harm."
)

#: The same for the clinician's summary, about the person (adversarial review, 2026-12-05: the
#: summary listed "Oral bisphosphonates (osteoporosis): 07:00" as if daily).
NOT_EVERY_DAY_SUMMARY = (
    "A medicine taken weekly, monthly or for a short course is entered as its time of day: the plan keeps "
    "its hours free of magnesium every day."
)

#: Rule missed_dose (pharmacist review, 2026-12-05: no export said what to do after a missed dose;
#: one taken late, when remembered, could fall in the hours kept free around levothyroxine).
MISSED_DOSE = (
    "Missed a dose? Take it when you remember, unless your next dose is near: then skip it. Never take "
    "extra to make up for it, and never take it in the hours this plan keeps free of magnesium around "
    "your medicines."
)


def journal_dose(plan: Plan, today: dt.date) -> float | None:
    """The dose the journal pre-fills new nights with, for the night ``today`` (the night its Night
    field offers, :func:`maglib.clock.night_to_log`: a morning log is about last night, date review
    2026-12-04): the dose of that night's step; the last step's once the plan is over; ``None``
    before the plan starts (phone
    review, 2026-12-04: the link pre-filled 250 mg on the nights before the first dose, which the
    journal compares against, and a step up's 350 mg on the weeks still at 250 mg)."""
    if not plan.steps or today < plan.steps[0].first_day:
        return None
    current = next((s for s in plan.steps if s.first_day <= today <= s.last_day), plan.steps[-1])
    return current.delivered_mg


def plan_limit_words(ceiling_words: str, other_mg: float) -> str:
    """What a plan's daily limit is (``SafetyResult.ceiling_words``), less any other products."""
    return ceiling_words + (
        f", less the {mg_text(other_mg)} mg a day from your other products" if other_mg > 0 else ""
    )


def limit_words(kind: str) -> str:
    """How a reference set names its supplemental limit: a UL, or the UK's guidance level."""
    return "guidance level" if kind == "guidance" else "upper limit"


def other_limits_line(
    top_mg: float,
    chosen_label: str,
    others: Sequence[tuple[str, float | None, str]],
    other_mg: float = 0.0,
    limit: tuple[str, float | None, str] | None = None,
    limit_note: str = "",
) -> tuple[str, bool]:
    """The other reference sets' supplemental limits beside the plan's top daily dose.

    ``limit``: the limit the plan keeps to (label, mg, kind), said beside its dose (pharmacist and phone
    reviews, session 58: beside "other authorities' limits", the plan's 250 mg read as the US limit, whose
    350 mg was never named); above it only on a clinician's advice, said so. ``limit_note``: why the limit is
    another set's than the chosen one (``Reference.ul_note``), said after it.

    ``other_mg``: what the person's other products give a day; it counts against every set's
    limit as against the chosen one, so the limits are compared with the plan's dose plus it.
    Returns (sentence, lower): ``lower`` is True when another set's limit is below that total,
    so the page can warn a person who lives under that authority.
    """
    extra = other_mg if math.isfinite(other_mg) and other_mg > 0 else 0.0
    total_mg = top_mg + extra
    parts = []
    lower = []
    for label, mg, kind in others:
        if mg is None:
            parts.append(
                f"{label}: no limit set for this age" if kind == "none" else f"{label}: not verified"
            )
            continue
        parts.append(f"{label} {limit_words(kind)} {mg:g} mg")
        if mg < total_mg:
            lower.append(f"{label} ({mg:g} mg)")
    text = (
        # The plan's own dose, not the chosen set's limit (phone review, session 57: "at most 250 mg a day
        # under the US reference values" read as if the US limit were 250 mg).
        f"The plan's highest dose is {mg_text(top_mg)} mg a day"
        + (
            (
                f", within the {limit[0]} {limit_words(limit[2])} of {limit[1]:g} mg a day from supplements"
                if total_mg <= limit[1]
                else f", above the {limit[0]} {limit_words(limit[2])} of {limit[1]:g} mg a day from supplements, "
                "on a clinician's advice"
            )
            if limit is not None and limit[1] is not None
            else f" (reference values: {chosen_label})"
        )
        + (
            f"; with the {mg_text(extra)} mg the other products give, {mg_text(total_mg)} mg a day in all"
            if extra
            else ""
        )
        + ". "
        + (f"{limit_note} " if limit_note else "")
        + "Other authorities' limits: "
        + "; ".join(parts)
        + "."
    )
    if lower:
        text += (
            " **The "
            + " and ".join(lower)
            + (" limit is" if len(lower) == 1 else " limits are")
            + (" lower than this plan with your other products:**" if extra else " lower than this plan:**")
            + " if you live there, choose those reference values in section 1."
        )
    return text, bool(lower)


#: How :func:`no_limit_line` names the person's group, by life stage (``Profile.life_stage``).
_NO_LIMIT_GROUP: dict[str, tuple[str, str]] = {
    "general": ("at your age", "for the same age"),
    "pregnancy": ("in pregnancy", "for the same age in pregnancy"),
    "lactation": ("while breastfeeding", "for the same age while breastfeeding"),
}


def no_limit_line(
    chosen_label: str, others: Sequence[tuple[str, float | None, str]], life_stage: str
) -> str | None:
    """Why there is no plan when the chosen set gives no supplemental limit, and what the other
    sets give for the same age (review, 2026-12-03: an 18-year-old on the UK values was told only
    that "the chosen reference values give no upper limit"). ``None`` when no other set gives one.

    ``life_stage`` names the group: the UK sets no limit in pregnancy at any age (clinician review,
    2026-12-04: a pregnant 30-year-old was told "at your age", though the UK gives 400 mg at 30).
    It has no default, so a caller cannot leave it out; an unknown stage reads as "at your age".
    """
    given = [f"{label} {limit_words(kind)} {mg:g} mg a day" for label, mg, kind in others if mg is not None]
    if not given:
        return None
    group, same = _NO_LIMIT_GROUP.get(life_stage, _NO_LIMIT_GROUP["general"])
    return (
        f"The {chosen_label} reference values set no limit for magnesium from supplements {group}; "
        f"{same} the other sets give: {'; '.join(given)}. The sets differ and the app does not "
        "pick one for you: use the one where you live or that your clinician follows (Reference values, "
        "in section 1)."
        + (
            " Whichever set you use, a plan in pregnancy waits for a dose your midwife or doctor advised."
            if life_stage == "pregnancy"
            else ""
        )
    )


def ul_statement(numbers: GuidanceNumbers, ul_mg: float | None) -> str | None:
    """A plain sentence when the guidance's target is above this person's UL."""
    if ul_mg is None or numbers.target_dose_mg <= ul_mg:
        return None
    return (
        f"The guidance's target of {numbers.target_dose_mg:g} mg a day is **above your upper limit "
        f"for supplemental magnesium ({ul_mg:g} mg a day)**. Doses above the upper limit should "
        "only be taken on a clinician's advice."
    )


def _clean(value: float) -> float:
    """A finite, non-negative number (NaN/inf/negative → 0)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) and number > 0 else 0.0


# --------------------------------------------------------------------------- times


def minutes_of(value: dt.time) -> int:
    """Minutes after midnight (0–1439)."""
    return value.hour * 60 + value.minute


def time_of(minutes: int) -> dt.time:
    """The time of day ``minutes`` after midnight (wrapped into one day)."""
    minutes %= DAY_MINUTES
    return dt.time(minutes // 60, minutes % 60)


@dataclass(frozen=True)
class Window:
    """Open interval (start, start+length) of forbidden dose times, in minutes.

    It may wrap past midnight: ``start + length`` can exceed 1440. The
    boundaries themselves are allowed (exactly 2 hours after is 'at least 2 hours').
    """

    label: str
    med_minute: int
    start: int
    length: int
    source_ids: str = ""

    @property
    def end(self) -> int:
        """End minute, wrapped into the day."""
        return (self.start + self.length) % DAY_MINUTES


MedTimes = Mapping[str, "dt.time | Sequence[dt.time]"]


def times_of(value: dt.time | Sequence[dt.time] | None) -> tuple[dt.time, ...]:
    """A medicine's times of day as a tuple (one time, several, or none)."""
    if value is None:
        return ()
    if isinstance(value, dt.time):
        return (value,)
    return tuple(value)


def parse_times(values: Sequence[str]) -> tuple[dt.time, ...]:
    """ "HH:MM" strings (from the time picker or a link) as times, sorted, each once."""
    return tuple(sorted({dt.time.fromisoformat(v) for v in values}))


#: The interactions.csv class whose medicine is taken alone (rule bisphosphonate_alone_h).
TAKEN_ALONE_CLASS = "bisphosphonates"


def taken_alone_lines(rules: Sequence[MedicineRule], med_times: MedTimes, book: RuleBook) -> tuple[str, ...]:
    """The timed medicines entered too near the bisphosphonate (``safety.taken_alone_clashes``)."""
    timed = timed_rules(rules)
    alone = next((r for r in timed if r.class_id == TAKEN_ALONE_CLASS), None)
    if alone is None:
        return ()

    def minutes(rule: MedicineRule) -> list[int]:
        return [minutes_of(t) for t in times_of(med_times.get(rule.class_id))]

    return taken_alone_clashes(
        (in_sentence(alone.drug_class), minutes(alone)),
        [(r.drug_class, minutes(r)) for r in timed if r is not alone],
        book,
    )


def missing_med_times(rules: Sequence[MedicineRule], med_times: MedTimes) -> tuple[MedicineRule, ...]:
    """The timed medicines chosen without any time of day: no plan can keep doses apart from them."""
    return tuple(r for r in timed_rules(rules) if not times_of(med_times.get(r.class_id)))


def separation_windows(rules: Sequence[MedicineRule], med_times: MedTimes) -> tuple[Window, ...]:
    """Forbidden dose windows around every time each timed medicine is taken.

    A medicine taken at T with "magnesium ≥ b h before" and "≥ a h after"
    forbids magnesium in (T − b, T + a); a medicine taken several times a day
    forbids a window around each time.
    """
    windows = []
    for rule in rules:
        if not rule.has_timing:
            continue
        before = round((rule.gap_before_h or 0) * 60)
        after = round((rule.gap_after_h or 0) * 60)
        for when in times_of(med_times.get(rule.class_id)):
            med = minutes_of(when)
            windows.append(
                Window(
                    label=rule.drug_class,
                    med_minute=med,
                    start=(med - before) % DAY_MINUTES,
                    length=before + after,
                    source_ids=rule.source_ids,
                )
            )
    return tuple(windows)


def in_window(minute: int, window: Window) -> bool:
    """Whether a dose at ``minute`` breaks ``window``'s separation rule.

    A dose at the medicine's own minute always does (even where a label sets no gap
    one way, the two are never taken together).
    """
    if window.length <= 0:
        return False
    if minute % DAY_MINUTES == window.med_minute:
        return True
    offset = (minute - window.start) % DAY_MINUTES
    if window.length > DAY_MINUTES:
        return True
    if window.length == DAY_MINUTES:
        return offset != 0
    return 0 < offset < window.length


@dataclass(frozen=True)
class Placement:
    """Where one dose lands. ``minute`` is None when no time of day is free.

    ``day_offset`` is 1 when the dose was moved later past midnight, or asked for after midnight as
    the evening's dose (it is taken in the early hours of the next day).
    """

    label: str
    preferred: int
    minute: int | None
    day_offset: int
    moved_minutes: int
    reason: str
    source_ids: str = ""


def _circular_shift(src: int, dst: int) -> int:
    """Signed shortest shift from src to dst in minutes (−720, 720]."""
    diff = (dst - src) % DAY_MINUTES
    return diff - DAY_MINUTES if diff > DAY_MINUTES // 2 else diff


def place_doses(preferred: Sequence[tuple[str, int]], windows: Sequence[Window]) -> tuple[Placement, ...]:
    """Move each preferred dose time to the nearest time outside every window.

    The nearest free time is the preferred time itself or a window boundary
    (windows are open intervals). Unless the preferred time is itself at night,
    a free time outside the night (00:00-06:00) is taken before any night time,
    however near; two doses never share a minute. Ties go to the later time (a dose is easier to delay than to bring
    forward).

    Doses asked for in the order of a day (06:00 to 06:00; a morning and an evening dose) keep that
    order: a dose lands after the dose placed before it and before the next dose's preferred time.
    A dose with no such free time is left out (its reason says so) and the other doses carry the
    day; before this rule, iron at 06:00, 10:00 and 14:00 put the "morning" dose at 23:59, after
    the evening one.
    """
    wanted = [want % DAY_MINUTES for _, want in preferred]
    in_order = all(day_position(a) < day_position(b) for a, b in itertools.pairwise(wanted))
    taken: set[int] = set()
    placements = []
    last: Placement | None = None  # the last dose placed
    names, all_ids = window_names(windows), joined_ids(w.source_ids for w in windows)
    for index, (label, asked) in enumerate(preferred):
        # A time asked for past the day's end (an evening dose after midnight) is the next day's.
        want, night_after = asked % DAY_MINUTES, asked >= DAY_MINUTES
        # The day-order bounds (positions from 06:00) this dose must stay between, when kept.
        low = day_position(last.minute) if in_order and last is not None and last.minute is not None else -1
        high = day_position(wanted[index + 1]) if in_order and index + 1 < len(wanted) else DAY_MINUTES

        def keeps_order(minute: int, low: int = low, high: int = high) -> bool:
            return low < day_position(minute) < high

        blocking = [w for w in windows if in_window(want, w)]
        if not blocking and want not in taken and keeps_order(want):
            last = Placement(label, want, want, int(night_after), 0, "")
            placements.append(last)
            taken.add(want)
            continue
        # The nearest free minute is the wanted one, a window boundary, or (when
        # another dose already holds that minute) one minute beside it.
        # The night's edges are candidates too: 06:00 may be the nearest waking-hours time.
        base = {
            want,
            NIGHT_END,
            (NIGHT_START - 1) % DAY_MINUTES,
            *(w.start % DAY_MINUTES for w in windows),
            *(w.end for w in windows),
            # Beside a minute another dose holds (hypothesis, 2026-12-03: two doses wanted at 00:00,
            # blocked, the first moved to 00:01; 00:02 was not a candidate and the second went 3 min
            # back to 23:57).
            *taken,
        }
        candidates = {(c + d) % DAY_MINUTES for c in base for d in (-1, 0, 1)}
        # The next dose's time is a bound too: one minute before it may be the nearest in turn (the
        # dose before, the other bound, is a taken minute, so one minute after it is a candidate).
        if in_order:
            candidates.add((NIGHT_END + high - 1) % DAY_MINUTES)
        free = [c for c in candidates if c not in taken and not any(in_window(c, w) for w in windows)]
        in_turn = [c for c in free if keeps_order(c)]
        if not in_turn:
            # Free times, but none in its turn (only windows can push a dose out of its turn: without
            # any, each dose stays as asked), or none at all.
            reason = (
                f"No time apart from {names} comes {'after' if index else 'before'} the "
                f"{(last.label if last is not None else preferred[index + 1][0]).lower()} dose, so there is no "
                f"separate {label.lower()} dose: the day's whole dose is planned as one. Ask your "
                "pharmacist if you want to split it."
                if free
                else f"No time of day keeps the {label.lower()} dose apart from: {names}. "
                "Ask your pharmacist how to fit magnesium around these medicines."
            )
            placements.append(Placement(label, want, None, 0, 0, reason, all_ids))
            continue
        free = in_turn
        # A waking-hours time first (pharmacist review: a tetracycline twice a day put the evening
        # dose at 00:00, an alarm at night, while 12:00-14:00 was free), unless the person chose a
        # night time themselves; then the nearest; between equally near times, the later.
        wants_night = _at_night(want)
        best = min(
            free,
            key=lambda c: (
                not wants_night and _at_night(c),
                abs(_circular_shift(want, c)),
                -_circular_shift(want, c),
            ),
        )
        shift = _circular_shift(want, best)
        if night_after:
            # The night after the day while it stays in the night; moved into the day (or back before
            # midnight), it is that day's (adversarial review, 2026-12-04: moved to 15:00 it was dated
            # the next day, after the next morning's dose).
            day_offset = 1 if best < NIGHT_END else 0
        else:
            day_offset = 1 if want + shift >= DAY_MINUTES else (-1 if want + shift < 0 else 0)
        blockers = window_names(blocking) or "another dose"
        # Asked for after midnight and moved into the day, it is dated that day, before the night it
        # was asked for: the move is said as it is dated (pharmacist review, 2026-12-04: "moved 7 h
        # 30 min later, from 00:30 to 08:00", and the calendar gave 08:00 of the day before).
        into_day = night_after and day_offset == 0
        said = best - (want + DAY_MINUTES) if into_day else shift
        direction = "later" if said > 0 else "earlier"
        reason = (
            f"{label} dose moved {_span(abs(said))} {direction}, "
            f"from {time_of(want).strftime('%H:%M')}{' after midnight' if into_day else ''} to "
            f"{time_of(best).strftime('%H:%M')}"
            + (" that day" if into_day else "")
            + (" (after midnight)" if day_offset == 1 else "")
            + (" (the evening before)" if day_offset == -1 else "")
            + f", to keep it apart from: {blockers}."
            + (f" {SQUEEZED_NOTE}" if squeezed(best, windows) else "")
        )
        last = Placement(
            label,
            want,
            best,
            max(day_offset, 0),
            shift,
            reason,
            joined_ids(w.source_ids for w in blocking),
        )
        placements.append(last)
        taken.add(best)
    placed = one_dose_if_split_fails(tuple(placements), windows, in_order=in_order)
    return tuple(no_night_alarm(p, windows) for p in placed)


def no_night_alarm(placement: Placement, windows: Sequence[Window]) -> Placement:
    """Rule night_dose_no_plan: a dose asked for waking hours that the medicines leave free only at
    night (00:00-06:00) is left out; with no other dose there is no plan (adversarial review,
    2026-12-05: iron three times a day set a 00:00 alarm, and levothyroxine, iron and rosuvastatin
    one at 02:00, free to the minute, every night for 12 weeks). A split's evening dose pushed into
    the night while the morning one is in the day is left out before this, by
    :func:`one_dose_if_split_fails`, with the morning dose carrying the day."""
    if placement.minute is None or not _at_night(placement.minute) or _at_night(placement.preferred):
        return placement
    label, at = placement.label.lower(), time_of(placement.minute)
    return replace(
        placement,
        minute=None,
        day_offset=0,
        moved_minutes=0,
        reason=(
            f"No time in waking hours keeps the {label} dose apart from: {window_names(windows)}; the only "
            f"free time is at night ({at:%H:%M}). {NIGHT_DOSE_NOTE} If you are up at {at:%H:%M} anyway, "
            f"you can set the {label} dose to that time yourself."
        ),
        source_ids=joined_ids(w.source_ids for w in windows),
    )


def squeezed(minute: int, windows: Sequence[Window]) -> bool:
    """Whether ``minute`` is free but the minutes either side of it are not: the medicines leave no
    margin at all (pharmacist review, 2026-12-05: ciprofloxacin at 08:00 and 20:00 left 12:00 alone,
    and a dose of it taken late breaks the gap)."""
    return all(any(in_window((minute + d) % DAY_MINUTES, w) for w in windows) for d in (-1, 1))


#: Said with a dose at a time that is free only to the minute (:func:`squeezed`).
SQUEEZED_NOTE = (
    "That is the only time your medicines leave free, to the minute: a medicine taken a little late "
    "breaks the gap. Ask your pharmacist whether to take magnesium at all while you take these medicines."
)

#: Said when the medicines leave only a night time (00:00-06:00) for a dose chosen for waking hours:
#: rule night_dose_no_plan leaves that dose out.
NIGHT_DOSE_NOTE = (
    "Rather than an alarm in the night, ask your pharmacist whether your medicines' times can change, "
    "or whether magnesium suits you at all."
)


def _span(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def window_names(windows: Sequence[Window]) -> str:
    """The medicines that set these windows, each once, in alphabetical order ("Iron, Sotalol")."""
    return ", ".join(sorted({w.label for w in windows}))


def _at_night(minute: int) -> bool:
    return NIGHT_START <= minute < NIGHT_END


def one_dose_if_split_fails(
    placements: tuple[Placement, ...], windows: Sequence[Window], *, in_order: bool
) -> tuple[Placement, ...]:
    """A split's two doses, or one dose when the medicines defeat the split.

    Pharmacist review, 2026-12-03: around iron, doxycycline or ciprofloxacin the two doses could land
    a minute apart ("morning at 21:59; evening at 22:00") or the evening dose at 02:00 while a day
    time held the morning one. So when medicines squeeze the doses to less than half as far apart
    as the person chose (round the clock: 07:00 and 21:00 are 10 h apart), the dose that moved
    more is left out (the morning one if they moved as much: the guidance's time is the evening);
    and when the evening dose would be at night (00:00-06:00) though asked for the day and the
    morning dose is in the day, the evening dose is left out. The dose kept carries the whole day.
    """
    if len(placements) != 2 or not windows:
        return placements
    first, second = placements
    if first.minute is None or second.minute is None:
        return placements
    asked = abs(_circular_shift(first.preferred, second.preferred))
    now = abs(_circular_shift(first.minute, second.minute))
    if (
        in_order
        and _at_night(second.minute)
        and not _at_night(second.preferred)
        and not _at_night(first.minute)
    ):
        drop, why = 1, f"the {second.label.lower()} dose would be at {time_of(second.minute):%H:%M}, at night"
    elif 2 * now < asked:
        drop = 0 if abs(first.moved_minutes) >= abs(second.moved_minutes) else 1
        why = (
            f"the two doses would be only {_span(now)} apart (you chose "
            f"{time_of(first.preferred):%H:%M} and {time_of(second.preferred):%H:%M})"
        )
    else:
        return placements
    kept = placements[1 - drop]
    left_out = replace(
        placements[drop],
        minute=None,
        day_offset=0,
        moved_minutes=0,
        reason=(
            f"Around {window_names(windows)}, {why}, so there is no separate "
            f"{placements[drop].label.lower()} dose: the day's whole dose is planned as one, at "
            f"{time_of(kept.minute):%H:%M}. Ask your pharmacist if you want to split it."  # type: ignore[arg-type]
        ),
        source_ids=joined_ids(w.source_ids for w in windows),
    )
    return (left_out, kept) if drop == 0 else (kept, left_out)


def day_position(minute: int) -> int:
    """A minute's place in the day that starts at 06:00 (00:00-06:00 counts as the day's end)."""
    return (minute - NIGHT_END) % DAY_MINUTES


def placement_lines(plan: Plan) -> tuple[str, ...]:
    """Each dose's time and why it moved, then each window kept free of magnesium (plain text)."""
    lines = [
        f"{p.label} dose at {time_of(p.minute):%H:%M}" + (f" ({p.reason})" if p.reason else "")
        if p.minute is not None
        else p.reason
        for p in plan.placements
    ]
    # "after … and before …": a dose at the window's edge keeps the gap (the windows are open), and
    # "from 20:00" beside "take it at 20:00" read as a contradiction (pharmacist review, 2026-12-06).
    lines += [
        f"No magnesium after {time_of(w.start % DAY_MINUTES):%H:%M} and before {time_of(w.end):%H:%M} ({w.label})"
        for w in plan.windows
    ]
    return tuple(lines)


def dose_times(timing_choice: str, evening: dt.time, morning: dt.time) -> tuple[tuple[str, int], ...]:
    """The preferred (label, minute) dose times for a timing choice (morning first).

    An evening dose chosen after midnight (before 06:00) is that night's, after the day it belongs
    to: its minute is counted from the day's midnight past the end of the day (``DAY_MINUTES`` +
    the time), so :func:`place_doses` dates it the next day, as it does a dose it moves past
    midnight (date review, 2026-12-04: an evening dose at 00:30 was dated the early hours of the
    start day, the night before the plan began, 7½ hours before the first morning dose).
    """
    late = minutes_of(evening)
    if late < NIGHT_END:
        late += DAY_MINUTES
    if timing_choice == TIMING["split"]:
        return (("Morning", minutes_of(morning)), ("Evening", late))
    return (("Evening", late),)


def parse_start_date(text: str, today: dt.date) -> tuple[dt.date, str | None]:
    """The plan's first day: ``text`` as YYYY-MM-DD, or ``today`` when empty.

    Returns (date, problem); an unreadable or out-of-range date falls back to
    today with a plain-text problem.
    """
    text = (text or "").strip()
    if not text:
        return today, None
    value = iso_date(text)
    if value is None:
        return today, "The start date is not a date in the form YYYY-MM-DD; the plan starts today."
    if not MIN_START <= value <= MAX_START:
        return today, (
            f"The start date must be between {MIN_START.isoformat()} and {MAX_START.isoformat()}; "
            "the plan starts today."
        )
    return value, None


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class DoseSlot:
    """One dose on the days of a step."""

    label: str
    minute: int
    day_offset: int
    units: float
    delivered_mg: float


@dataclass(frozen=True)
class Step:
    """A titration step: the same daily dose from ``first_day`` for ``days`` days."""

    index: int
    first_week: int
    last_week: int
    first_day: dt.date
    days: int
    requested_mg: float
    scheduled_mg: float
    delivered_mg: float
    units: float
    doses: tuple[DoseSlot, ...]
    above_ul: bool

    @property
    def last_day(self) -> dt.date:
        """The step's last day (inclusive)."""
        return self.first_day + dt.timedelta(days=self.days - 1)


@dataclass(frozen=True)
class Checkpoint:
    """A review point (week 4 and week 8 of the guidance). ``decision`` is what
    to decide there (the week-4 review is where a step up is chosen, or not)."""

    week: int
    day: dt.date
    title: str
    items: tuple[str, ...]
    source_ids: str
    decision: str = ""
    #: The item on side effects (one of ``items``): what to do if they start, at any time; the page
    #: keeps it in view when the other items are folded away (pharmacist review, 2026-12-03).
    side_effects: str = ""
    #: The item listing the red flags with their actions (one of ``items``; "" without any): in every
    #: dose reminder too (pharmacist review, 2026-12-05: they were only in the two review events).
    warning_signs: str = ""


@dataclass(frozen=True)
class Plan:
    """A complete plan, or the reasons there is none (``steps`` empty)."""

    start: dt.date
    weeks: int
    unit: str
    unit_mg: float
    limit_mg: float | None
    ul_mg: float | None
    above_ul_allowed: bool
    steps: tuple[Step, ...]
    placements: tuple[Placement, ...]
    windows: tuple[Window, ...]
    checkpoints: tuple[Checkpoint, ...]
    notes: tuple[Note, ...] = field(default_factory=tuple)
    gap_mg: float = 0.0
    step_up: bool = False
    other_mg: float = 0.0
    #: Who advised the dose ("doctor", "midwife or doctor") on a clinician's dose (under 18, pregnant
    #: or breastfeeding); "" for a self-serve plan. Changes go back to them (an off-block, too).
    advised_by: str = ""
    #: Whose agreement the plan rests on (safety.SafetyResult.prescriber: "the doctor who prescribes
    #: your digoxin (heart medicine)"), "" when none was needed: an on/off trial's off-blocks and a trial
    #: past the plan's end go back to them (clinician review, 2026-12-05: "ask your pharmacist").
    prescriber: str = ""

    @property
    def target_delivered_mg(self) -> float:
        """The highest daily dose actually delivered (mg), exact: a label's compound weight makes it
        fractional (½ × 301.5 mg = 150.75). Clinician review, 2026-12-04: a whole number cut it to
        "at most 150 mg" beside a plan of 150.8 mg, and compared with another authority's limit it
        could hide a plan just over it (250.5 mg against the EU's 250)."""
        return max((s.delivered_mg for s in self.steps), default=0.0)

    @property
    def max_scheduled_mg(self) -> float:
        """The highest daily dose the plan schedules (before rounding to units)."""
        return max((s.scheduled_mg for s in self.steps), default=0.0)


def split_units(total_units: float, n_doses: int, halves: bool) -> tuple[float, ...]:
    """Share ``total_units`` over ``n_doses`` in whole or half units, the later doses
    getting any extra (the evening dose matters most for night-time symptoms)."""
    grain = 2 if halves else 1
    grains = round(total_units * grain)
    base, extra = divmod(grains, n_doses)
    shares = [base + (1 if i >= n_doses - extra else 0) for i in range(n_doses)]
    return tuple(s / grain for s in shares)


def units_within(daily_mg: float, unit_mg: float, halves: bool) -> float:
    """Most whole/half units whose magnesium does not exceed ``daily_mg``.

    The one rounding rule for every dose the app suggests (plan and label
    converter): round down, never above what was asked.
    """
    if unit_mg <= 0 or daily_mg <= 0 or not math.isfinite(unit_mg) or not math.isfinite(daily_mg):
        return 0.0
    grain = 2 if halves else 1
    ratio = daily_mg / unit_mg * grain
    if not math.isfinite(ratio):
        return 0.0
    count = math.floor(round(ratio, 9))
    for _ in range(3):  # float rounding can overshoot by one grain at most
        if count > 0 and count * unit_mg / grain > daily_mg:
            count -= 1
    return count / grain


def requested_doses(
    start_mg: float,
    target_mg: float,
    step_mg: float,
    step_weeks: int,
    weeks: int,
    review_week: int,
    step_up: bool,
    first_step_week: int | None = None,
) -> tuple[float, ...]:
    """The daily dose asked for in each week of the plan (before any limit).

    The plan holds the start dose; only when the person chose to step up at the
    week-``review_week`` review does it rise by ``step_mg`` every ``step_weeks``
    after that review, never past ``target_mg`` (the guidance: "increase *if
    needed*"; safety rule ``default_no_step_up``). The first rise is in week
    ``first_step_week`` (0-based; :func:`first_step_week`: the week the person chose it) when that
    is later than the review: a step up chosen late starts at the first step, it does not
    jump to the dose the earlier weeks would have reached (date review, 2026-12-04: chosen in
    week 9, 250 mg went to 350 mg at once, the 300 mg step "in the past").
    """
    start_mg, target_mg, step_mg = _clean(start_mg), _clean(target_mg), _clean(step_mg)
    step_weeks = max(1, int(step_weeks))
    first = review_week if first_step_week is None else max(review_week, int(first_step_week))
    doses = []
    for week in range(max(1, int(weeks))):
        dose = start_mg
        if step_up and week >= first and target_mg > start_mg:
            rises = (week - first) // step_weeks + 1
            dose = min(start_mg + step_mg * rises, target_mg) if step_mg > 0 else start_mg
        doses.append(dose)
    return tuple(doses)


def review_day(start: dt.date, review_week: int) -> dt.date:
    """The day of the week-``review_week`` review: the step-up choice opens then, not before."""
    return start + dt.timedelta(weeks=review_week)


def first_step_week(start: dt.date, today: dt.date, review_week: int) -> int:
    """The plan week (0-based) a step up chosen ``today`` starts in: the week after the review
    (``review_week``), or the first plan week that starts on or after ``today`` when that is later.
    Never a week already under way: its first nights were taken at the lower dose (phone review,
    2026-12-04: chosen on day 67, the higher dose was dated from day 64, three nights back, and the
    journal link pre-filled it for last night)."""
    return max(review_week, -(-(today - start).days // 7))


def step_up_closed(start: dt.date, today: dt.date, weeks: int, review_week: int) -> bool:
    """No step up can be chosen ``today``: no plan week is left to start one in
    (:func:`first_step_week`), which is also so once the plan is over. Before the review it is not
    open yet either (see :func:`review_day`)."""
    return first_step_week(start, today, review_week) >= int(weeks)


def doses_a_day(plan: Plan) -> int:
    """The fewest doses a day in any step of ``plan`` (a split the medicines leave room for once is
    one); 0 without steps."""
    return min((len(step.doses) for step in plan.steps), default=0)


def step_day(start: dt.date, step_week: int) -> dt.date:
    """The first day of plan week ``step_week`` (0-based)."""
    return start + dt.timedelta(weeks=step_week)


def plan_end(start: dt.date, weeks: int) -> dt.date:
    """The plan's last day."""
    return start + dt.timedelta(weeks=max(1, int(weeks)), days=-1)


def started_note(start: dt.date, today: dt.date, weeks: int) -> str | None:
    """Where ``today`` falls in a plan that began before it (``None`` for one that begins today or
    later): a plan opened from a link begins on its sender's date (date review, 2026-12-04: a plan
    begun weeks ago, or over, said nothing of it)."""
    if today <= start:
        return None
    end = plan_end(start, weeks)
    if today > end:
        return (
            f"This plan ran from {start:%d %B %Y} to {end:%d %B %Y} and is over. To go on, make a new "
            "plan: clear the start date to begin today (a step up is not offered on a plan that is over)."
        )
    day = (today - start).days + 1
    return (
        f"This plan began on {start:%d %B %Y}: today is day {day}, in week {(day - 1) // 7 + 1}. A plan "
        "opened from a link begins on the day its sender chose: to begin your own today, clear the start date."
    )


def start_for_gap(gap_mg: float, guidance_start_mg: float, grain_mg: int = 25) -> int:
    """The starting dose for a diet gap: the gap rounded up to ``grain_mg``, never above
    the guidance's start dose (a small gap needs a small supplement)."""
    gap = _clean(gap_mg)
    if gap <= 0:
        return int(guidance_start_mg)
    return int(min(math.ceil(gap / grain_mg) * grain_mg, guidance_start_mg))


#: The measures the reviews name, by measures.csv id (each shown with its certainty).
#: A pregnant person's plan (rule stage_clinician_dose).
AFTER_THE_BIRTH = (
    "**After the birth:** ask your midwife or doctor before going on with this dose: it was advised for "
    "your pregnancy. If you breastfeed, change the pregnancy answer on this page to breastfeeding."
)
#: The week-8 decision of a self-serve plan.
WEEK_8_DECISION = (
    "Decide: clearly helped → you may continue; not clearly helped → stop it, and see your doctor if the "
    "cramps go on."
)
#: Diarrhoea on a plan the prescriber agreed to.
#: On a prescriber's plan (GP review, 2026-12-05: no urgency beside digoxin's "straight away" for
#: diarrhoea lasting more than a day, cuh-digoxin).
_STOP_AND_ASK = (
    "stop the magnesium and ask {prescriber} before taking it again (contact them straight away if it "
    "lasts more than a day)"
)

REVIEW_IF_NO_HELP: tuple[str, ...] = ("ferritin_test", "physical_therapy")
REVIEW_OTHER_MEASURES: tuple[str, ...] = (
    "fluids",
    "stretch_before_bed",
    "acute_cramp_stretch",
    "massage",
    "warm_bath",
    "evening_stimulants",
    "exercise_timing",
)
#: Measures with an adult's amount or habit (2 litres of fluid; alcohol and nicotine "in the
#: evening"): not named in the reviews of a clinician's dose (under 18, pregnant or breastfeeding).
ADULT_ONLY_MEASURES: tuple[str, ...] = ("fluids", "evening_stimulants")


def _checkpoints(
    numbers: GuidanceNumbers,
    start: dt.date,
    *,
    age_years: int,
    book: RuleBook,
    start_mg: float,
    next_mg: float | None,
    red_flags: Sequence[str] = (),
    measures: Mapping[str, Measure] | None = None,
    clinician_dose: bool = False,
    clinician: str = "doctor",
    on_glycinate: bool = False,
    stepped: bool = False,
    prescriber: str = "",
    too_much: tuple[str, str] = ("", ""),
    blood_tests: Sequence[str] = (),
    plan_weeks: int = 0,
) -> tuple[Checkpoint, ...]:
    """The two reviews. ``plan_weeks``: the plan's length; one that ends by the last review says so in its
    decision (planning list, session 59: an 8-week plan's review said "you may continue", its reminders over). ``clinician_dose`` (under 18, pregnant or breastfeeding: rules
    self_serve_min_age and stage_clinician_dose): every change goes back to the clinician who
    advised the dose; no self-directed lowering or switching of form."""
    # ``clinician``: a doctor under 18; pregnant or breastfeeding (any age), a midwife or doctor
    # (safety.clinician_words).
    # A clinician's dose (child, pregnant or breastfeeding): no vitamin B6 suggestion, whose 40 mg is
    # above the EU adult limit (pharmacist review: a pregnant person was told to ask about it).
    b6 = None if clinician_dose else b6_advice(age_years, numbers.b6_mg, book)
    known = measures or {}
    b6_words = f" ({known['vitamin_b6'].certainty_words})" if b6 and "vitamin_b6" in known else ""
    # A measure is only named with its evidence row (certainty words); without rows, none is named.
    no_help = measure_lines(known, REVIEW_IF_NO_HELP) if known else ()
    # On a clinician's dose, no adult amounts or habits (review, 2026-12-03: a child's plan said
    # "drink about 2 litres" and "no alcohol or nicotine in the evening", and a pregnant person's
    # "in the evening" read as if they were fine at other times).
    other_ids = (
        tuple(i for i in REVIEW_OTHER_MEASURES if i not in ADULT_ONLY_MEASURES)
        if clinician_dose
        else REVIEW_OTHER_MEASURES
    )
    others = measure_lines(known, other_ids) if known else ()
    side_effects = (
        f"Side effects: diarrhoea affects roughly {numbers.diarrhoea_pct_low:g}–"
        # The figure's only source is the product brief's guidance, whose study is not identified
        # (data/sources.csv, brief-guidance): said where the figure is (clinician review, 2026-12-04).
        f"{numbers.diarrhoea_pct_high:g}% of users ({DIARRHOEA_SOURCE_NOTE}); if it happens, "
        + (
            # With a prescriber too (digoxin in pregnancy or under 18), stop and ask them as well
            # (adversarial review, 2026-12-05: the digoxin prescriber was not named).
            f"{_STOP_AND_ASK.format(prescriber=prescriber)}, and tell the {clinician} who advised the dose."
            if clinician_dose and prescriber
            else f"tell the {clinician} who advised the dose before changing it."
            if clinician_dose
            # As the week-4 decision says on a prescriber's plan (adversarial review, 2026-12-05: the
            # side-effect line in every reminder still said "lower the dose").
            else f"{_STOP_AND_ASK.format(prescriber=prescriber)}."
            if prescriber
            # Not "move to glycinate" to someone on glycinate, the default product (pharmacist
            # review, 2026-12-03).
            else "lower the dose."
            if on_glycinate
            else "lower the dose or move to a gentler form (glycinate)."
        )
        # The signs of too much magnesium, with what to do (pharmacist review, 2026-12-04: "at any
        # time" and the calendar named only diarrhoea); ``too_much`` is evidence.csv's
        # ods-toxicity-signs claim.
        + (
            f" {too_much[0]} If you get any of these, stop taking magnesium and get medical advice; "
            "difficulty breathing or an irregular heartbeat needs emergency help."
            if too_much[0]
            else ""
        )
    )
    warning_signs = ("See a doctor instead if you have: " + "; ".join(red_flags) + ".") if red_flags else ""
    # The blood tests asked about before the start, asked about again once magnesium is taken (GP
    # review, 2026-12-05: on digoxin and furosemide nothing asked for a recheck after the start).
    tests = list(blood_tests)
    recheck = (
        f"Ask {prescriber} whether your "
        + (tests[0] if len(tests) == 1 else ", ".join(tests[:-1]) + " and " + tests[-1])
        + " should be checked again now that you take magnesium, and after any step up."
        if prescriber and tests
        else ""
    )
    items = tuple(
        item
        for item in (
            (
                f"{b6}{b6_words}"
                + (f" Also to discuss with your {clinician}: " + "; ".join(no_help) + "." if no_help else "")
                if b6
                # Not "ask your doctor about: Ask for a ferritin test" (pharmacist review, 2026-12-03),
                # and the midwife or doctor in pregnancy or breastfeeding.
                else f"If magnesium has not helped, things to discuss with your {clinician}: "
                + "; ".join(no_help)
                + "."
            )
            if b6 or no_help
            else "",
            (
                "Other measures, with what the evidence shows (details on the Sources page): "
                + "; ".join(others)
                + "."
            )
            if others
            else "",
            side_effects,
            warning_signs,
        )
        if item
    )
    named = [known[i] for i in (*REVIEW_IF_NO_HELP, *other_ids) if i in known]
    sources = ";".join(
        dict.fromkeys(
            [
                s
                for key in ("review_week_1", "review_week_2", "b6_mg", "diarrhoea_pct_low")
                for s in numbers.source_ids[key].split(";")
            ]
            + [s for m in named for s in m.source_ids.split(";") if s]
            + [s for s in too_much[1].split(";") if s]
        )
    )
    weeks = (numbers.review_week_1, numbers.review_week_2)
    if clinician_dose:
        decide = f"Decide with the {clinician} who advised the dose: change it only on their advice; " + (
            f"if there is diarrhoea, call them, and {_STOP_AND_ASK.format(prescriber=prescriber)}."
            if prescriber
            else "if there is diarrhoea, call them."
        )
    elif next_mg is None:
        decide = (
            f"Decide: your plan cannot step up from {mg_text(start_mg)} mg a day within your limit. If you still "
            "have symptoms, talk to your doctor; if you have diarrhoea, "
            + (
                f"{_STOP_AND_ASK.format(prescriber=prescriber)}."
                if prescriber
                else "lower the dose" + ("." if on_glycinate else " or try glycinate.")
            )
        )
    else:
        # A plan made with a prescriber's agreement steps up only with theirs too: they agreed to
        # magnesium, not to a higher dose (pharmacist review, 2026-12-04).
        ask = f"ask {prescriber} first, then " if prescriber else ""
        decide = (
            f"Decide: still having symptoms and no diarrhoea → {ask}you may step up to {mg_text(next_mg)} mg a day "
            # Once chosen, the plan says so (pharmacist review, 2026-12-03: it still said to choose it).
            + (
                "(you chose the step up; this plan has it)"
                if stepped
                else "(choose 'step up' on the plan page)"
            )
            # On a prescriber's plan, diarrhoea goes back to them (GP review, 2026-12-05: on a loop
            # diuretic it can upset the body's fluids and salts; "lower the dose or try glycinate" by
            # oneself was a change they had not agreed to).
            + (
                f"; diarrhoea → {_STOP_AND_ASK.format(prescriber=prescriber)}"
                if prescriber
                else "; diarrhoea → lower the dose" + ("" if on_glycinate else " or try glycinate")
            )
            + "; "
            f"symptoms gone → stay at {mg_text(start_mg)} mg"
            # The calendar already has the step up then (pharmacist review, 2026-12-05: "stay at 250 mg"
            # beside reminders of 350 mg from week 5, with no word about them).
            + (
                ": turn the step up off on the plan page and replace this calendar's events."
                if stepped
                else "."
            )
        )
    titles = (
        f"Week {weeks[0]} review: is it helping? Use your journal to compare.",
        f"Week {weeks[1]} review: {numbers.min_trial_weeks} weeks is the guidance's minimum trial; "
        "decide whether to continue.",
    )
    decisions = (
        # In the decision, in view on the page, not in the checks opened on request.
        f"{decide} {recheck}" if recheck else decide,
        f"Decide with the {clinician} who advised the dose whether to continue."
        + (f" Tell {prescriber} what you decided." if prescriber else "")
        if clinician_dose
        # Not helped → stop by default (GP review, 2026-12-05: "continue, stop, or see your doctor" left
        # going on without benefit open; the Cochrane review found magnesium unlikely to help most
        # older adults' cramps).
        else WEEK_8_DECISION + (f" Tell {prescriber} what you decided." if prescriber else ""),
    )
    if 0 < plan_weeks <= weeks[1]:
        decisions = (
            decisions[0],
            decisions[1]
            + f" This plan's last night was {plan_end(start, plan_weeks):%d %B %Y}, the day before this review: to "
            "go on, make a new plan on this page.",
        )
    return tuple(
        Checkpoint(
            week,
            start + dt.timedelta(weeks=week),
            title,
            items,
            sources,
            decision,
            side_effects,
            warning_signs,
        )
        for week, title, decision in zip(weeks, titles, decisions, strict=True)
    )


def compound_misread(product: Product, safety: SafetyResult, requested: Sequence[float]) -> float | None:
    """The mg a day the plan's units would give if a compound-weight label's number were the
    magnesium itself, when that is above the plan's limit (``safety.compound_misread_mg``); else None.

    The page asks its confirmation when this is not None; :func:`build_plan` stops without it.
    """
    if product.route == "topical" or safety.limit_mg is None:
        return None
    return compound_misread_mg(
        strength_mg=product.strength_mg,
        unit_mg=elemental_mg_per_unit(product),
        highest_mg=min(max(requested, default=0.0), safety.limit_mg),
        halves=product.halves_allowed,
        label_basis=product.label_basis,
        limit_mg=safety.limit_mg,
    )


def build_plan(
    *,
    safety: SafetyResult,
    numbers: GuidanceNumbers,
    book: RuleBook,
    product: Product,
    start: dt.date,
    start_mg: float,
    target_mg: float,
    step_mg: float,
    step_weeks: int,
    weeks: int,
    preferred_times: Sequence[tuple[str, int]],
    rules: Sequence[MedicineRule],
    med_times: MedTimes,
    age_years: int,
    step_up: bool = False,
    step_from: int | None = None,
    gap_mg: float = 0.0,
    red_flags: Sequence[str] = (),
    measures: Mapping[str, Measure] | None = None,
    compound_confirmed: bool = False,
    too_much: tuple[str, str] = ("", ""),
) -> Plan:
    """The week-by-week plan for this person and product.

    The daily dose is the start dose; it rises towards ``target_mg`` only when
    ``step_up`` (the person's choice at the week-4 review), from plan week ``step_from`` (0-based,
    :func:`first_step_week`; the week after the review when None). Every day is capped
    at ``safety.limit_mg``; units are whole or half units whose magnesium never
    exceeds the day's scheduled dose. Returns a plan with no steps (and notes
    saying why) when the screen forbids a plan, the product is topical, the
    label gives an implausible count of units, or a clinician-advised dose is
    above the hard maximum.
    """
    weeks = max(1, int(weeks)) if math.isfinite(weeks) else 1
    step_weeks = max(1, int(step_weeks)) if math.isfinite(step_weeks) else 1
    start_mg, target_mg, step_mg = _clean(start_mg), _clean(target_mg), _clean(step_mg)
    gap_mg = _clean(gap_mg)
    # A step up is an adult's own choice at the review; under 18, pregnant or breastfeeding only
    # the clinician who advised the dose changes it (rules self_serve_min_age, stage_clinician_dose).
    clinician_dose = age_years < book.self_serve_min_age or safety.food_first
    step_up = bool(step_up) and not clinician_dose
    # Rule start_at_guidance_dose: a self-serve plan starts at no more than the guidance's start
    # (a clinician's dose, or an adult's confirmed clinician advice above the limit, as advised).
    start_mg, start_note = start_dose(
        start_mg, numbers.start_dose_mg, clinician_dose or safety.above_ul_allowed, book
    )
    ul = safety.ul_mg
    limit = safety.limit_mg if safety.plan_allowed else 0.0
    unit_mg = elemental_mg_per_unit(product)
    windows = separation_windows(rules, med_times)
    review = numbers.review_week_1
    requested = requested_doses(start_mg, target_mg, step_mg, step_weeks, weeks, review, step_up, step_from)
    ceiling = limit if limit is not None else 0.0
    first_rise = requested_doses(start_mg, target_mg, step_mg, step_weeks, review + 1, review, True)[-1]

    def given(mg: float) -> float:
        """What the units actually deliver for a day's dose (the dose itself when unknown)."""
        units = units_within(mg, unit_mg, product.halves_allowed)
        return units * unit_mg if units else mg

    start_given, next_given = given(min(start_mg, ceiling)), given(min(first_rise, ceiling))
    next_mg = next_given if next_given > start_given else None
    checkpoints = _checkpoints(
        numbers,
        start,
        age_years=age_years,
        book=book,
        start_mg=start_given,
        next_mg=next_mg,
        red_flags=red_flags,
        measures=measures,
        clinician_dose=clinician_dose,
        clinician=safety.clinician,
        on_glycinate=product.form_id == "glycinate",
        stepped=step_up and next_mg is not None,
        prescriber=safety.prescriber,
        too_much=too_much,
        blood_tests=safety_blood_tests(rules),
        plan_weeks=weeks,
    )
    notes: list[Note] = [start_note] if start_note is not None and safety.plan_allowed else []
    empty = Plan(
        start=start,
        weeks=weeks,
        unit=product.unit,
        unit_mg=unit_mg,
        limit_mg=limit,
        ul_mg=ul,
        above_ul_allowed=safety.above_ul_allowed,
        steps=(),
        placements=(),
        windows=windows,
        checkpoints=checkpoints,
        gap_mg=gap_mg,
        step_up=step_up,
        other_mg=safety.other_mg,
        advised_by=safety.clinician if clinician_dose else "",
        prescriber=safety.prescriber,
    )
    if not safety.plan_allowed or safety.limit_mg is None:
        return empty
    if product.route == "topical":
        return _with_notes(
            empty,
            Note(
                "info",
                TOPICAL_NOT_ORAL + " Choose an oral form to build a plan.",
                product.source_ids,
            ),
        )
    too_high = requested_problem(safety, requested, book)
    if too_high is not None:
        return _with_notes(empty, too_high)
    highest = min(max(requested, default=0.0), safety.limit_mg)
    label = label_problem(unit_mg, highest, product.halves_allowed, product.unit, product.label_basis, book)
    if label is not None:
        return _with_notes(empty, label)
    misread = compound_misread(product, safety, requested)
    if misread is not None and not compound_confirmed:
        return _with_notes(
            empty, compound_note(misread, product.strength_mg, product.unit, safety.limit_mg, book)
        )
    untimed = missing_med_times(rules, med_times)
    if untimed:
        return _with_notes(
            empty,
            Note(
                "error",
                "**Enter when you take "
                + ", ".join(in_sentence(r.drug_class) for r in untimed)
                + "** (every time of day, if more than once): without it no dose can be kept apart from it.",
                joined_ids(r.source_ids for r in untimed),
            ),
        )
    first_units = units_within(min(requested[0], safety.limit_mg), unit_mg, product.halves_allowed)
    if first_units == 0 and min(requested[0], safety.limit_mg) > 0:
        smallest = unit_mg / (2 if product.halves_allowed else 1)
        if safety.other_mg > 0 and safety.limit_mg < requested[0]:
            # The other products left the room, not the label (pharmacist review, 2026-12-04: 349 mg
            # from an antacid gave "the smallest portion (50 mg) is more than the starting dose (1 mg)").
            return _with_notes(
                empty,
                Note(
                    "warning",
                    f"**Your other products already give {mg_text(safety.other_mg)} mg of magnesium a day,** "
                    # The same words as the screen's note above it ("schedules at most … a day"), so the
                    # two do not read as a contradiction (clinician review, 2026-12-04).
                    f"close to your limit: the plan could schedule at most {mg_text(safety.limit_mg)} mg a day, "
                    f"less than the smallest portion of this product ({mg_text(smallest)} mg), so there is no "
                    "plan to take. Ask your pharmacist or doctor whether you need more magnesium at all.",
                    joined_ids([book.cite("other_sources_count"), product.source_ids]),
                    "other_sources_count",
                ),
            )
        return _with_notes(
            empty,
            Note(
                "warning",
                f"**Check the label or choose a lower strength:** the smallest portion of this product "
                f"({mg_text(smallest)} mg of magnesium) is more than the starting dose "
                f"({min(requested[0], safety.limit_mg):g} mg), so there is no plan to take.",
                product.source_ids,
            ),
        )

    placements = place_doses(preferred_times, windows)
    usable = [p for p in placements if p.minute is not None]
    for placement in placements:
        if placement.reason:
            # A dose left out while another carries the day is a warning; no dose at all, an error.
            level = "info" if placement.minute is not None else ("warning" if usable else "error")
            notes.append(Note(level, placement.reason, placement.source_ids))
    if not usable:
        return _with_notes(empty, *notes)

    steps: list[Step] = []
    capped_any = False
    for week, asked in enumerate(requested):
        scheduled = min(asked, safety.limit_mg)
        capped_any = capped_any or scheduled < asked
        units = units_within(scheduled, unit_mg, product.halves_allowed)
        shares = split_units(units, len(usable), product.halves_allowed)
        doses = tuple(
            DoseSlot(p.label, p.minute, p.day_offset, share, share * unit_mg)  # type: ignore[arg-type]
            for p, share in zip(usable, shares, strict=True)
        )
        previous = steps[-1] if steps else None
        if previous is not None and previous.scheduled_mg == scheduled and previous.doses == doses:
            steps[-1] = replace(previous, last_week=week + 1, days=previous.days + 7)
            continue
        steps.append(
            Step(
                index=len(steps),
                first_week=week + 1,
                last_week=week + 1,
                first_day=start + dt.timedelta(weeks=week),
                days=7,
                requested_mg=asked,
                scheduled_mg=scheduled,
                delivered_mg=sum(d.delivered_mg for d in doses),
                units=units,
                doses=doses,
                # What the units give, not what was asked (clinician review, 2026-12-04: 360 mg asked,
                # 3½ × 100 mg = 350 mg given, was called "above your upper limit" of 350 mg).
                above_ul=ul is not None and sum(d.delivered_mg for d in doses) + safety.other_mg > ul,
            )
        )

    if capped_any and ul is not None:
        notes.append(
            Note(
                "warning",
                f"**The plan stops at {safety.limit_mg:g} mg a day:** {safety.ceiling_words}"
                + (
                    f", minus the {safety.other_mg:g} mg a day your other products give"
                    if safety.other_mg
                    else ""
                )
                + (
                    ". Higher doses only on a clinician's advice (adults who are not pregnant or breastfeeding)."
                    if safety.can_confirm_above_ul and not safety.above_ul_allowed
                    else "."
                ),
                joined_ids((book.cite("ul_supplemental_cap", "hard_max_mg"), safety.ul_source_ids)),
                "ul_supplemental_cap",
            )
        )
    if any(s.above_ul for s in steps):
        notes.append(
            Note(
                "warning",
                f"**Above the upper limit:** days above {ul:g} mg are scheduled because you confirmed "
                f"your clinician advised this dose (never above {book.hard_max_mg:g} mg a day). Stop and ask "
                "them if you get diarrhoea, nausea or stomach cramps.",
                book.cite("clinician_above_ul", "hard_max_mg"),
                "clinician_above_ul",
            )
        )
    smallest = unit_mg / (2 if product.halves_allowed else 1)
    if any(s.scheduled_mg > 0 and s.units == 0 for s in steps):
        notes.append(
            Note(
                "warning",
                f"The smallest portion of this product ({mg_text(smallest)} mg) is more than the dose of some "
                "steps, so those steps have no dose; a lower-strength product would fit better.",
            )
        )
    short = [s for s in steps if s.scheduled_mg - s.delivered_mg >= smallest / 2 and s.units > 0]
    if short:
        notes.append(
            Note(
                "info",
                "Whole/half units cannot match every dose exactly; the plan rounds down so it never "
                "gives more than planned (see the “From the units” column).",
            )
        )
    if safety.pregnant and steps:
        # Rule stage_clinician_dose: the dose was advised for pregnancy; a plan can run past the birth
        # (GP and pharmacist reviews: a 12-week plan begun at 28 weeks ran to term with no word of it).
        notes.append(Note("info", AFTER_THE_BIRTH, book.cite("stage_clinician_dose"), "stage_clinician_dose"))
    plan = replace(empty, steps=tuple(steps), placements=placements, notes=tuple(notes))
    gap_note = _gap_note(plan)
    return _with_notes(plan, gap_note) if gap_note else plan


def _gap_note(plan: Plan) -> Note | None:
    """Whether, and from which week, the plan covers the diet gap from the Diet page, then what the
    person's other products with magnesium give towards it if taken every day (pharmacist review,
    2026-12-06: a pregnancy multivitamin's 150 mg already covered a 75 mg gap, yet the plan "covered" it as
    if a supplement were needed to; re-review: the other products' amount is the most on any one day, an
    antacid taken some nights included, so it is not simply taken off the gap)."""
    if plan.gap_mg <= 0 or not plan.steps:
        return None
    gap, other = plan.gap_mg, plan.other_mg
    said = f"Your diet gap of {mg_text(gap)} mg a day (from the Diet page)"
    first = plan.steps[0]
    covering = next((s for s in plan.steps if s.delivered_mg >= gap), None)
    if covering is first:
        text = f"{said} is covered from week 1: the plan gives {mg_text(first.delivered_mg)} mg a day."
    elif covering is not None:
        text = (
            f"{said} is covered from week {covering.first_week}, after the step up you chose; weeks "
            f"1–{covering.first_week - 1} give {mg_text(first.delivered_mg)} mg a day."
        )
    else:
        text = (
            f"{said} is **not fully covered**: the plan gives at most {mg_text(plan.target_delivered_mg)} mg "
            "a day. The gap does not set the dose, and the dose never goes above your limit; food changes can close the rest."
        )
    if other >= gap:
        text += (
            f" Your other products with magnesium give up to {mg_text(other)} mg a day: if you take them every "
            "day, they already cover this gap, and the plan is a trial for your cramps, not a top-up of your diet."
        )
    elif other > 0:
        text += (
            f" Your other products with magnesium give up to {mg_text(other)} mg a day: if you take them every "
            f"day, they cover {mg_text(other)} mg of this gap already."
        )
    return Note("info", text)


def _with_notes(plan: Plan, *extra: Note) -> Plan:
    return Plan(**{**plan.__dict__, "notes": (*plan.notes, *extra)})


def unit_text(units: float, unit: str) -> str:
    """'½ tablet', '1 tablet', '2½ tablets': as the screen, the files and the reminders say it."""
    count = f"{units:g}" if units != 0.5 else "½"
    if units not in (0.5,) and units % 1:
        count = f"{int(units)}½"
    name = unit.lower() if units <= 1 else unit_plural(unit)
    return f"{count} {name}"


def dose_moved(plan: Plan, label: str) -> bool:
    """Whether the medicines moved the dose called ``label`` from the time asked for it."""
    return any(p.label == label and p.minute is not None and p.moved_minutes for p in plan.placements)


#: Beside a moved dose's time in the plan tables and the file (pharmacist review, 2026-12-05: a dose
#: the medicines moved to 12:00 sat under "Evening dose" with nothing to say why).
MOVED_CELL = " (moved by your medicines)"


def _step_cells(plan: Plan, step: Step, labels: Sequence[str]) -> dict[str, object]:
    """A step's dose columns (time, units, mg) and its daily amounts, for both plan tables."""
    cells: dict[str, object] = {}
    for label, dose in zip(labels, step.doses, strict=True):
        when = (
            time_of(dose.minute).strftime("%H:%M")
            + (" (after midnight)" if dose.day_offset else "")
            + (MOVED_CELL if dose_moved(plan, label) else "")
        )
        cells[f"{label} dose"] = (
            f"{when}: {unit_text(dose.units, plan.unit)} ({mg_text(dose.delivered_mg)} mg)"
            if dose.units
            else f"{when}: none"
        )
    cells["From the units (mg/day)"] = round(step.delivered_mg, 1)
    cells["Aimed at (mg/day)"] = round(step.scheduled_mg, 1)
    if plan.other_mg > 0:
        # Pharmacist review: a plan file read by a clinician must show the antacid or
        # laxative magnesium the limit was counted with, not the plan's dose alone.
        cells["Other products (mg/day)"] = round(plan.other_mg, 1)
        cells["In all (mg/day)"] = round(step.delivered_mg + plan.other_mg, 1)
    return cells


def plan_table(plan: Plan) -> pd.DataFrame:
    """One row per week: dates, the daily dose and each dose's time and units (and, when other
    products give magnesium, their amount and the day's total with them)."""
    rows = []
    labels = [d.label for d in plan.steps[0].doses] if plan.steps else []
    reviews = {c.week: c for c in plan.checkpoints}
    for step in plan.steps:
        for week in range(step.first_week, step.last_week + 1):
            first = plan.start + dt.timedelta(weeks=week - 1)
            row: dict[str, object] = {
                "Week": week,
                "From": first.isoformat(),
                "To": (first + dt.timedelta(days=6)).isoformat(),
            }
            row.update(_step_cells(plan, step, labels))
            review = reviews.get(week)
            row["Review after this week"] = (
                f"Week {review.week} review ({review.day.isoformat()}). {review.decision}" if review else ""
            )
            rows.append(row)
    return pd.DataFrame(rows)


def plan_steps_table(plan: Plan) -> pd.DataFrame:
    """One row per step (the weeks with the same doses): what the screen shows.

    Phone review, 2026-12-03: the week-by-week table repeated one line twelve times (about two
    screens at 390 px) for a plan with one step. The file (``plan_table``) keeps a row per week.
    Same columns as ``plan_table``, with "Weeks" ("1–4") for "Week" and the step's first and last
    day for "From" and "To"; a step's reviews are named, in week order, under "Reviews" with their
    day, the day after their week (their decisions are in the checkpoints).
    """
    rows = []
    labels = [d.label for d in plan.steps[0].doses] if plan.steps else []
    for step in plan.steps:
        row: dict[str, object] = {
            "Weeks": f"{step.first_week}–{step.last_week}"
            if step.last_week > step.first_week
            else f"{step.first_week}",
            "From": step.first_day.isoformat(),
            "To": step.last_day.isoformat(),
        }
        row.update(_step_cells(plan, step, labels))
        row["Reviews"] = "; ".join(
            f"after week {c.week}: {c.day.isoformat()}"
            for c in sorted(plan.checkpoints, key=lambda c: c.week)
            if step.first_week <= c.week <= step.last_week
        )
        rows.append(row)
    return pd.DataFrame(rows)


def plan_table_text(plan: Plan) -> pd.DataFrame:
    """The plan table with every cell as display text (for the compact printable view)."""
    table = plan_table(plan)
    return table.astype(str).replace(r"\.0$", "", regex=True)


def plan_caption(plan: Plan, product: Product) -> str:
    """One line under the table: start, length, what a unit holds, the rounding rule."""
    halves = " or half" if product.halves_allowed else ""
    return (
        f"From {plan.start.isoformat()}, {plan.weeks} weeks. One {plan.unit.lower()} = "
        f"{mg_text(plan.unit_mg)} mg elemental magnesium. Doses are whole{halves} units, rounded down so "
        "you never take more than planned."
    )


def plan_summary(plan: Plan) -> str:
    """The plan in one sentence per step, e.g. "Weeks 1–4: 250 mg a day (2½ tablets)."

    The delivered dose (what the units hold), so it matches the table's "From the units" column.
    Empty when there is no plan.
    """
    # Steps that deliver the same units read as one (a capped step up that changes nothing is
    # not shown as a step).
    merged: list[list[Step]] = []
    for step in plan.steps:
        last = merged[-1][-1] if merged else None
        same = last is not None and (last.units, last.delivered_mg, last.above_ul) == (
            step.units,
            step.delivered_mg,
            step.above_ul,
        )
        if same:
            merged[-1].append(step)
        else:
            merged.append([step])
    parts = []
    for group in merged:
        first, last = group[0], group[-1]
        weeks = (
            f"Week {first.first_week}"
            if first.first_week == last.last_week
            else f"Weeks {first.first_week}–{last.last_week}"
        )
        parts.append(
            f"{weeks}: {mg_text(first.delivered_mg)} mg a day ({unit_text(first.units, plan.unit)})"
            + (", above your upper limit" if first.above_ul else "")
            + "."
        )
    return " ".join(parts)


def advised_line(plan: Plan) -> str:
    """Whose dose a clinician's plan is, for the clinician's summary (pharmacist review, 2026-12-05:
    it never said a midwife advised the dose); '' for a self-serve plan."""
    if not plan.advised_by:
        return ""
    return f"Dose advised by the person's {plan.advised_by} (confirmed by the person on the Dose plan page)."


def plan_dates_line(plan: Plan) -> str:
    """The plan's dates, for the trial's summary for a clinician (clinician review, 2026-12-05: it gave
    "Weeks 1–12: 250 mg a day" with no date)."""
    return f"Plan dates: {plan.start:%d %B %Y} to {plan_end(plan.start, plan.weeks):%d %B %Y} ({plan.weeks} weeks)."


def agreed_lines(
    plan: Plan, names: Sequence[str], medicines: Sequence[MedicineRule], *, stepped: bool
) -> tuple[str, ...]:
    """For the trial's summary for a clinician, on a plan a prescriber agreed to (``plan.prescriber``):
    who agreed, as the person confirmed it, and the blood tests the app asked them to raise with that
    doctor (clinician review, 2026-12-05: the summary of a person on digoxin named neither); () else."""
    if not plan.prescriber:
        return ()
    lines = [
        f"The person confirmed on the Dose plan page that {prescriber_words(names, whose='their')} agreed to "
        + ("magnesium and to the step up." if stepped else "magnesium.")
    ]
    tests = safety_blood_tests(prescriber_medicines(medicines))
    if tests:
        review = f"the week-{plan.checkpoints[0].week} review" if plan.checkpoints else "the first review"
        lines.append(
            "Blood tests the app asked the person to raise with them, before the start and again at "
            f"{review}: {', '.join(tests)}."
        )
    return tuple(lines)


def plan_times(plan: Plan) -> str:
    """When the doses are taken, in one sentence ("Take it at 14:00, moved from 21:00."), for the
    plan's summary (phone review, 2026-12-03: a dose moved around a medicine was named only in a
    note several screens away from the summary, which gave no time). Empty without doses."""
    if not plan.steps:
        return ""
    # A dose with no units in any step is not a dose (pharmacist review, 2026-12-03: 150 mg from
    # 100 mg capsules split morning and evening read "morning (0 capsule) at 08:00"); one that
    # starts or stops with a step says from or until which week.
    taken = {
        label: [step for step in plan.steps if any(d.label == label and d.units > 0 for d in step.doses)]
        for label in {d.label for step in plan.steps for d in step.doses}
    }
    placed = [p for p in plan.placements if p.minute is not None and taken.get(p.label)]
    if not placed:
        return ""
    # Two doses: how much each is, when the plan keeps the same split throughout (phone review,
    # 2026-12-03: "1 tablet at 17:00, 1½ at 21:00" was only in the table, cut off on a phone).
    shares = {step.doses for step in plan.steps}
    amounts = (
        {d.label: unit_text(d.units, plan.unit) for d in plan.steps[0].doses} if len(shares) == 1 else {}
    )
    parts = []
    for p in placed:
        when = f"{time_of(p.minute).strftime('%H:%M')}" + (" (after midnight)" if p.day_offset else "")
        moved = f", moved from {time_of(p.preferred).strftime('%H:%M')}" if p.moved_minutes else ""
        steps = taken[p.label]
        weeks = (
            ""
            if len(steps) == len(plan.steps)
            else f" from week {steps[0].first_week}"
            if steps[0] is not plan.steps[0]
            else f" until week {steps[-1].last_week}"
        )
        amount = f" ({amounts[p.label]})" if p.label in amounts else ""
        parts.append(
            f"{when}{moved}{weeks}"
            if len(placed) == 1
            else f"{p.label.lower()}{amount} at {when}{moved}{weeks}"
        )
    return ("Take it at " if len(placed) == 1 else "Take it: ") + "; ".join(parts) + "."


def windows_caption(windows: Sequence[Window]) -> str | None:
    """The day timeline's caption for the shaded hours; None without any. "Wrap past midnight" only
    when one does (phone review, 2026-12-03: it was said of tetracycline's 04:00-14:00 too)."""
    if not windows:
        return None
    wraps = any(w.start % DAY_MINUTES + w.length > DAY_MINUTES for w in windows)
    return "Shaded: times to keep magnesium away from your medicines" + (
        " (shading at the two ends of the line is one stretch that wraps past midnight)." if wraps else "."
    )


def plan_csv(plan: Plan) -> bytes:
    """The plan table as CSV bytes (for the download button)."""
    # UTF-8 with a byte-order mark (Excel shows "½" as "Â½" without it), whole numbers without
    # ".0", CRLF line ends like the journal's CSV.
    return plan_table_text(plan).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
