"""Magnesium forms: filtering, elemental conversion, units needed, cost, details.

Everything the ``/compare`` page computes lives here, as pure functions over the
validated ``forms.csv`` / ``evidence.csv`` tables (see :mod:`maglib.data`).

Decisions worth knowing:

* **Digestive tolerance** uses the ``laxative_effect`` level: "Avoid laxative
  effect" keeps ``none`` and ``mild``; "Want a laxative effect" keeps
  ``moderate`` and ``strong``.
* **Goals** map to the ``goals`` tags of ``forms.csv`` (see :data:`GOAL_TAGS`).
  "Lowest cost" keeps the forms tagged ``cost`` *and* sorts the result by the
  cost per 100 mg of elemental magnesium computed from the data's prices
  (forms without a price last), so the cheapest sourced price comes first.
* **Cost** is unknown (``None``), never zero, when a price, pack size or
  elemental amount per unit is missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from maglib.data import BIOAVAILABILITY, LAXATIVE_EFFECT, Dataset, split_ids
from maglib.links import Param
from maglib.provenance import citations

__all__ = [
    "ANY",
    "BASIS_COMPOUND",
    "BASIS_ELEMENTAL",
    "BIOAVAILABILITY_HELP",
    "BIOAVAILABILITY_MARKS",
    "BIO_ORDER",
    "DETAIL",
    "FILTER_PARAMS",
    "FORM_LABELS",
    "GOAL_TAGS",
    "LAX_ORDER",
    "NO_FORM",
    "PARAMS",
    "SIDE_BY_SIDE_ROWS",
    "STARTING_NOTES",
    "TOLERANCE_LEVELS",
    "TOPIC_LABELS",
    "EvidenceItem",
    "Filters",
    "FormDetails",
    "LabelConversion",
    "any_priced",
    "bioavailability_text",
    "comparison_table",
    "compound_mg",
    "cost_per_100mg_elemental",
    "elemental_mg",
    "evidence_by_topic",
    "evidence_for_form",
    "filter_forms",
    "filters_from_values",
    "form_details",
    "form_id_for_label",
    "form_ids_for_labels",
    "forms_with_cost",
    "forms_without_price",
    "is_weak",
    "label_conversion",
    "label_note",
    "missing_price_text",
    "plain_words",
    "short_name",
    "side_by_side_frame",
    "units_text",
    "unverified_goals",
]

ANY = "Any"

#: Short, fixed labels for the form pickers (a bound widget's options must be
#: known before the data loads). ``tests/test_forms.py`` checks they cover
#: every ``form_id`` of ``forms.csv``.
FORM_LABELS: dict[str, str] = {
    "glycinate": "Glycinate",
    "citrate": "Citrate",
    "malate": "Malate",
    "oxide": "Oxide",
    "chloride": "Chloride",
    "sulfate": "Sulfate",
    "lactate": "Lactate",
    "aspartate": "Aspartate",
    "taurate": "Taurate",
    "threonate": "L-threonate",
    "orotate": "Orotate",
    "carbonate": "Carbonate",
    "hydroxide": "Hydroxide",
    "gluconate": "Gluconate",
    "topical": "Topical (oil, flakes)",
}

#: Goal shown to the user → tag in ``forms.csv`` ``goals`` (``;``-separated).
GOAL_TAGS: dict[str, str] = {
    "Sleep and night-time twitches": "sleep",
    "Constipation": "constipation",
    "Fatigue and muscle pain": "energy",
    "Localized relief": "local",
    "Lowest cost": "cost",
}
LOWEST_COST = "Lowest cost"


def unverified_goals(forms: pd.DataFrame) -> tuple[str, ...]:
    """The goals (labels of :data:`GOAL_TAGS`) whose every form's key benefit is unverified: only the
    product brief says that form serves it (phone review, 2026-12-04: "Sleep" picked glycinate as
    if its sleep benefit were shown)."""
    found = []
    for label, tag in GOAL_TAGS.items():
        picked = forms.loc[forms["goals"].map(lambda value, tag=tag: _has_tag(value, tag)).astype(bool)]
        if not picked.empty and (picked["key_benefit_status"] == "unverified").all():
            found.append(label)
    return tuple(found)


#: Tolerance choice → the ``laxative_effect`` levels it keeps.
TOLERANCE_LEVELS: dict[str, tuple[str, ...]] = {
    "Avoid laxative effect": ("none", "mild"),
    "Want a laxative effect": ("moderate", "strong"),
}

ROUTE_CHOICES: dict[str, str] = {"Oral": "oral", "Topical": "topical"}

#: Axis orders for charts and sorting (low → high).
BIO_ORDER: tuple[str, ...] = ("Low", "Moderate", "High", "Variable")
LAX_ORDER: tuple[str, ...] = LAXATIVE_EFFECT

BASIS_COMPOUND = "Compound weight (e.g. 500 mg magnesium glycinate)"
BASIS_ELEMENTAL = "Elemental magnesium"

TOPIC_LABELS: dict[str, str] = {
    "absorption": "Absorption studies",
    "cramps": "Night-time leg cramps",
    "restless_legs": "Restless legs",
    "pregnancy_cramps": "Leg cramps in pregnancy",
    "sleep": "Sleep",
    "safety": "Safety",
    "other": "Other",
}

_FORM_OPTIONS = tuple(FORM_LABELS.values())

#: A link's known bioavailability choices are kept when another is unknown (review, session 62: "bio=High&bio=Nope"
#: dropped High too, so the table showed every form): a filter's choices are what the sender chose, one by one.
BIO = Param("bio", "multi", (), options=BIOAVAILABILITY, max_items=len(BIOAVAILABILITY), keep_known=True)
GUT = Param("gut", "choice", ANY, options=(ANY, *TOLERANCE_LEVELS))
GOAL = Param("goal", "choice", ANY, options=(ANY, *GOAL_TAGS))
ROUTE = Param("route", "choice", ANY, options=(ANY, *ROUTE_CHOICES))
FILTER_PARAMS: tuple[Param, ...] = (BIO, GUT, GOAL, ROUTE)

SIDE = Param("side", "multi", ("Glycinate", "Citrate"), options=_FORM_OPTIONS, max_items=4)

CONV_FORM = Param("conv_form", "choice", "Glycinate", options=_FORM_OPTIONS)
CONV_BASIS = Param("conv_basis", "choice", BASIS_COMPOUND, options=(BASIS_COMPOUND, BASIS_ELEMENTAL))
CONV_MG = Param("conv_mg", "float", 500.0, min_value=1.0, max_value=5000.0, step=1.0)
TARGET_MG = Param("conv_target", "float", 250.0, min_value=1.0, max_value=2000.0, step=5.0)

MY_FORM = Param("my_form", "choice", "Glycinate", options=_FORM_OPTIONS)
#: The form whose details are open ("" = none): set by a click in a chart or by its picker,
#: so a link reopens the same details and keyboard users can open them too.
NO_FORM = ""
DETAIL = Param("detail", "choice", NO_FORM, options=(NO_FORM, *_FORM_OPTIONS))
#: 0 means "not entered" for the user's own product.
MY_PRICE = Param("my_price", "float", 0.0, min_value=0.0, max_value=1000.0, step=0.5)
MY_UNITS = Param("my_units", "int", 0, min_value=0, max_value=2000)
MY_MG = Param("my_mg", "float", 0.0, min_value=0.0, max_value=2000.0, step=5.0)

PARAMS: tuple[Param, ...] = (
    *FILTER_PARAMS,
    SIDE,
    CONV_FORM,
    CONV_BASIS,
    CONV_MG,
    TARGET_MG,
    MY_FORM,
    MY_PRICE,
    MY_UNITS,
    MY_MG,
    DETAIL,
)

#: Keys this page's links had until link version 11, read as today's (old key → key): they were the Dose
#: plan's keys too ("form", its product; "target_mg", its step up), and Streamlit gave each page the
#: other's value (adversarial review, session 56: after /compare, the Dose plan's link said "form=" and
#: its receiver lost the plan).
RENAMED: dict[str, str] = {"form": DETAIL.key, "target_mg": TARGET_MG.key}

#: Words in a ``certainty`` cell that mark weak evidence (shown with a warning).
_WEAK_WORDS = ("very low", "low", "insufficient", "conflicting", "uncertain", "limited", "unsourced")


# ---- filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The four filters, as the user chose them (labels, not tags)."""

    bioavailability: tuple[str, ...] = ()
    tolerance: str = ANY
    goal: str = ANY
    route: str = ANY

    @property
    def active(self) -> bool:
        """Whether any filter narrows the forms."""
        return self != Filters()


def filters_from_values(bio: Sequence[str], gut: str, goal: str, route: str) -> Filters:
    """Build :class:`Filters` from the widgets' values (unknown labels act as "Any")."""
    return Filters(
        bioavailability=tuple(b for b in bio if b in BIOAVAILABILITY),
        tolerance=gut if gut in TOLERANCE_LEVELS else ANY,
        goal=goal if goal in GOAL_TAGS else ANY,
        route=route if route in ROUTE_CHOICES else ANY,
    )


def _has_tag(goals: object, tag: str) -> bool:
    return tag in split_ids(goals)


def filter_forms(forms: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``forms`` that pass every filter, with the cost column added.

    Keeps the data's row order, except for the "Lowest cost" goal, which sorts
    by ``cost_per_100mg_usd`` ascending (unknown cost last). Always returns a
    new frame with a ``cost_per_100mg_usd`` column (NaN where unknown).
    """
    keep = pd.Series(True, index=forms.index)
    if filters.bioavailability:
        keep &= forms["bioavailability"].isin(filters.bioavailability)
    if filters.tolerance in TOLERANCE_LEVELS:
        keep &= forms["laxative_effect"].isin(TOLERANCE_LEVELS[filters.tolerance])
    if filters.goal in GOAL_TAGS:
        tag = GOAL_TAGS[filters.goal]
        keep &= forms["goals"].map(lambda value: _has_tag(value, tag)).astype(bool)
    if filters.route in ROUTE_CHOICES:
        keep &= forms["route"] == ROUTE_CHOICES[filters.route]
    result = with_cost(forms.loc[keep])
    if filters.goal == LOWEST_COST:
        result = result.sort_values("cost_per_100mg_usd", na_position="last", kind="stable")
    return result


# ---- arithmetic ------------------------------------------------------------------------------


def elemental_mg(compound_mg: float, elemental_pct: float) -> float:
    """Elemental magnesium (mg) in ``compound_mg`` of a compound that is ``elemental_pct`` % Mg."""
    return compound_mg * elemental_pct / 100.0


def compound_mg(elemental_mg: float, elemental_pct: float) -> float:
    """Compound weight (mg) that holds ``elemental_mg`` of magnesium at ``elemental_pct`` % Mg."""
    if elemental_pct <= 0:
        raise ValueError("elemental_pct must be positive")
    return elemental_mg * 100.0 / elemental_pct


def _known(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def cost_per_100mg_elemental(
    price_usd: object, units_per_pack: object, elemental_mg_per_unit: object
) -> float | None:
    """US dollars per 100 mg of elemental magnesium; ``None`` if any input is missing or not positive."""
    price, units, per_unit = _known(price_usd), _known(units_per_pack), _known(elemental_mg_per_unit)
    if price is None or units is None or per_unit is None:
        return None
    return price / (units * per_unit) * 100.0


def money_text(value: float) -> str:
    """US dollars as shown: three decimals, or "less than US$0.001" rather than "US$0.000" (review, session 62:
    a real cost was shown as 0.000)."""
    return "less than US$0.001" if 0 < value < 0.0005 else f"US${value:.3f}"


#: The rows of :func:`side_by_side_frame`, in order.
SIDE_BY_SIDE_ROWS = ("Bioavailability", "Laxative effect", "Elemental magnesium", "Cost per 100 mg elemental")


def side_by_side_frame(details: Sequence[FormDetails]) -> pd.DataFrame:
    """The forms chosen for "Side by side" as one short table, a column each (their picker label) and a row for
    each of :data:`SIDE_BY_SIDE_ROWS` (phone review, session 62: the forms' full details one under another were
    about 19,600 px on a phone, so nothing was side by side). Every cell is a data row's value as the details show
    it; the cost row only when one of the forms has a price."""
    priced = any(d.cost_per_100mg_usd is not None for d in details)
    rows = (
        SIDE_BY_SIDE_ROWS if priced else SIDE_BY_SIDE_ROWS[:-1]
    )  # no row of "no price" alone (review, session 63)
    return pd.DataFrame(
        {
            FORM_LABELS.get(d.form_id, d.form): [
                d.bioavailability,
                d.laxative_effect,
                f"{d.elemental_pct:.1f}%",  # one decimal: "60.30%" broke in two on a phone
                *(
                    [
                        "no price in the data"
                        if d.cost_per_100mg_usd is None
                        else money_text(d.cost_per_100mg_usd)
                    ]
                    if priced
                    else []
                ),
            ]
            for d in details
        },
        # Named, so the table's top-left cell says what its columns are (review, session 63: it was blank).
        index=pd.Index(rows, name="Form"),
    )


def own_cost_check(elemental_mg_per_unit: float, elemental_pct: float) -> tuple[float, float] | None:
    """For "Your product's cost": the compound weight a unit must hold for ``elemental_mg_per_unit`` of magnesium
    in this form, and the magnesium per unit if that figure were the compound's weight instead (review, session
    62: 500 mg "elemental" glycinate per unit, a 3.5 g capsule, gave a cost about 7 times too low, unsaid).
    ``None`` without a positive amount or percentage."""
    mg, pct = _known(elemental_mg_per_unit), _known(elemental_pct)
    if mg is None or pct is None:
        return None
    return compound_mg(mg, pct), elemental_mg(mg, pct)


def with_cost(forms: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``forms`` with ``cost_per_100mg_usd`` (NaN where the price is unknown)."""
    result = forms.copy()
    costs = [
        cost_per_100mg_elemental(p, u, m)
        for p, u, m in zip(
            forms["price_usd"], forms["units_per_pack"], forms["elemental_mg_per_unit"], strict=True
        )
    ]
    result["cost_per_100mg_usd"] = pd.Series(
        [math.nan if c is None else c for c in costs], index=forms.index, dtype=float
    )
    return result


def forms_with_cost(forms: pd.DataFrame) -> pd.DataFrame:
    """Rows whose cost per 100 mg elemental is known (``forms`` must have the cost column)."""
    return forms.loc[forms["cost_per_100mg_usd"].notna()]


def any_priced(forms: pd.DataFrame) -> bool:
    """Whether any form has a price in the data (forms.csv ``price_usd``) to sort "Lowest cost" by."""
    return bool(forms["price_usd"].notna().any())


def forms_without_price(forms: pd.DataFrame) -> list[str]:
    """Names (``form`` column) of the rows whose cost cannot be computed, in row order."""
    costed = with_cost(forms) if "cost_per_100mg_usd" not in forms.columns else forms
    return costed.loc[costed["cost_per_100mg_usd"].isna(), "form"].tolist()


def missing_price_text(unpriced: Sequence[str], shown: int) -> str | None:
    """Plain text saying which shown forms have no price (None when every shown form has one)."""
    if not unpriced:
        return None
    if len(unpriced) >= shown:
        return (
            "No form shown has a sourced price in the data yet, so there is no cost chart. "
            "Enter your own product's price under Your product's cost to see its cost per "
            "100 mg of elemental magnesium."
        )
    return (
        "The cost chart shows only forms with a price. No sourced price in the data for: "
        + ", ".join(unpriced)
        + "."
    )


# ---- table -----------------------------------------------------------------------------------

#: Columns of :func:`comparison_table`, in display order.
#: The comparison table's columns, in the order shown: what most people compare first (absorption,
#: magnesium per dose, price) comes next to the form's name, so a phone (where the grid scrolls
#: sideways beside the pinned name) shows them without scrolling; the route (oral for all but one)
#: comes last.
TABLE_COLUMNS: tuple[str, ...] = (
    "form_id",
    "form",
    "bioavailability",
    "elemental_pct",
    "cost_per_100mg_usd",
    "digestive_effects",
    "key_benefit",
    "best_for",
    "route",
)


def comparison_table(filtered: pd.DataFrame) -> pd.DataFrame:
    """The comparison table's columns from a :func:`filter_forms` result (a new frame)."""
    frame = filtered if "cost_per_100mg_usd" in filtered.columns else with_cost(filtered)
    table = frame.loc[:, list(TABLE_COLUMNS)].reset_index(drop=True)
    if "bioavailability_basis" in frame.columns:
        table["bioavailability"] = [
            bioavailability_text(level, basis)
            for level, basis in zip(frame["bioavailability"], frame["bioavailability_basis"], strict=True)
        ]
    if "key_benefit_status" in frame.columns:
        table["key_benefit"] = [
            benefit_text(b, s) for b, s in zip(frame["key_benefit"], frame["key_benefit_status"], strict=True)
        ]
    return table


#: Added to a benefit that rests only on the unidentified product brief.
UNVERIFIED_MARK = " (unverified: only the app's starting notes say so)"

#: Added to a bioavailability level by what it rests on (forms.csv ``bioavailability_basis``):
#: short, because the column sits beside the pinned name on a phone; the column's help says more.
BIOAVAILABILITY_MARKS: dict[str, str] = {
    "sourced": "",
    "unverified": " (unverified)",
    "disputed": " (disputed)",
}

#: The data's words for the brief the app was started from, and what the pages say instead:
#: people do not know what "the product brief" is. The pages say once what the starting notes
#: are (:data:`STARTING_NOTES`); its full provenance stays on /sources.
_PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (
        "The app's starting notes: a reference comparison table of magnesium forms, from the product "
        "brief the app was built from",
        "The app's starting notes (comparison table)",
    ),
    (
        "The app's starting notes: guidance on magnesium for muscle twitches and cramps, from the "
        "product brief the app was built from",
        "The app's starting notes (guidance)",
    ),
    ("the product brief's reference comparison", "the app's starting comparison table"),
    ("the product brief's guidance", "the app's starting guidance"),
    ("The product brief's guidance", "The app's starting guidance"),
    # "notes … contradicts" (reviewer, session 57): the plural takes the verb with it.
    ("The product brief contradicts itself", "The app's starting notes contradict themselves"),
    ("The product brief's", "The app's starting notes'"),
    ("the product brief's", "the app's starting notes'"),
    ("The product brief", "The app's starting notes"),
    ("the product brief", "the app's starting notes"),
    (" (original publication not identified)", ""),
    (
        "This is guidance from a brief whose original publication is not identified",
        "This is from the app's starting notes, whose original publication could not be found",
    ),
)

#: What the bioavailability levels are (the filter's and the table column's help).
BIOAVAILABILITY_HELP = (
    "How much of a form's magnesium the body takes in, compared with other forms (not whether it "
    "helps cramps). Each level is the rating of the form's sources; for several forms the only rating is the "
    "app's starting comparison table, whose original publication could not be found. 'Variable' "
    "means no comparative human absorption data were found. '(disputed)': the sources disagree, and "
    "Form details says which reading the app uses and why; '(unverified)': only the app's starting "
    "notes rate it. Human absorption studies of the forms are few and small: read "
    "each form's Absorption note and sources under Form details."
)

#: Said once on a page that shows them.
STARTING_NOTES = (
    "**The app's starting notes** are the comparison table and guidance this app was built from. "
    "Their original publication could not be found, so anything that rests only on them is marked "
    "*unverified*; the Sources page has the details."
)


def plain_words(text: str) -> str:
    """``text`` with the data's "product brief" wording in plain words."""
    for old, new in _PLAIN_WORDS:
        text = text.replace(old, new)
    return text


_MAGNESIUM_WORD = re.compile(r"\bmagnesium\s+", re.IGNORECASE)


def short_name(form: str) -> str:
    """A form's name without the word "magnesium", which every form shares (for narrow columns).

    "Magnesium glycinate (bisglycinate)" → "Glycinate (bisglycinate)"; "Topical magnesium
    (magnesium oil, chloride brine)" → "Topical (oil, chloride brine)". The full name stays in
    the data and in the form's details.
    """
    short = _MAGNESIUM_WORD.sub("", form).strip()
    return short[:1].upper() + short[1:] if short else form


def bioavailability_text(level: object, basis: object) -> str:
    """A bioavailability level as shown: marked when its sources disagree or are only the brief."""
    return str(level) + BIOAVAILABILITY_MARKS.get(str(basis), "")


def benefit_text(key_benefit: object, status: object) -> str:
    """The key benefit as shown: marked when no source beyond the product brief supports it."""
    text = str(key_benefit)
    return text + UNVERIFIED_MARK if str(status) == "unverified" else text


def form_id_for_label(label: str) -> str | None:
    """The ``form_id`` behind a picker label of :data:`FORM_LABELS` (None if unknown)."""
    return next((key for key, value in FORM_LABELS.items() if value == label), None)


def form_ids_for_labels(forms: pd.DataFrame, labels: Sequence[str]) -> list[str]:
    """The ``form_id`` of each picker label, in order, skipping labels not in ``forms``."""
    known = set(forms["form_id"])
    ids = (form_id_for_label(label) for label in labels)
    return [form_id for form_id in ids if form_id is not None and form_id in known]


# ---- label converter -------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelConversion:
    """What one unit of a product holds, and how many units give a dose.

    The count follows the plan's one rounding rule (:func:`maglib.schedule.units_within`):
    whole units, rounded down, so it never gives more than was asked, nor more than the
    person's upper limit for supplemental magnesium. When not even one unit fits, half a
    unit is offered if that fits (``units_for_target`` 0.5); 0 means not even half a unit fits.
    """

    elemental_mg_per_unit: float
    compound_mg_per_unit: float
    #: What the person asked for (mg elemental a day).
    target_elemental_mg: float
    #: The dose the count aims at: the target, or the upper limit when the target is above it.
    dose_cap_mg: float
    units_for_target: float
    delivered_elemental_mg: float
    #: The upper limit for supplemental magnesium that applies (None: no limit in the data).
    limit_mg: float | None = None

    @property
    def above_limit(self) -> bool:
        """The target is above the upper limit, so the count stops at the limit."""
        return self.limit_mg is not None and self.target_elemental_mg > self.limit_mg

    @property
    def rounded_down(self) -> bool:
        """The units give less than the dose aimed at (whole or half units do not add up to it)."""
        return self.delivered_elemental_mg < self.dose_cap_mg - 0.5


def units_text(units: float) -> str:
    """'half a unit', '1 unit', '1½ units', '2 units'."""
    whole = int(units)
    half = units - whole >= 0.5
    if whole == 0:
        return "half a unit" if half else "0 units"
    count = f"{whole}½" if half else str(whole)
    return f"{count} unit" if whole == 1 and not half else f"{count} units"


def label_conversion(
    elemental_pct: float,
    basis: str,
    mg_per_unit: float,
    target_elemental_mg: float,
    limit_mg: float | None = None,
) -> LabelConversion:
    """Convert a label amount both ways and count the units for a target elemental dose.

    ``basis`` is :data:`BASIS_COMPOUND` (the label gives the compound's weight)
    or :data:`BASIS_ELEMENTAL` (it gives elemental magnesium). ``limit_mg`` is the
    person's upper limit for supplemental magnesium (``Reference.mg_ul_supplemental``).
    """
    from maglib.schedule import units_within  # the plan's rule; imported here (no cycle at load)

    if basis == BASIS_ELEMENTAL:
        elemental = float(mg_per_unit)
        compound = compound_mg(elemental, elemental_pct)
    elif basis == BASIS_COMPOUND:
        compound = float(mg_per_unit)
        elemental = elemental_mg(compound, elemental_pct)
    else:
        raise ValueError(f"unknown basis {basis!r}")
    target = float(target_elemental_mg)
    cap = target if limit_mg is None else min(target, float(limit_mg))
    units = units_within(cap, elemental, halves=False)
    if units == 0:
        units = units_within(cap, elemental, halves=True)
    return LabelConversion(
        elemental_mg_per_unit=elemental,
        compound_mg_per_unit=compound,
        target_elemental_mg=target,
        dose_cap_mg=cap,
        units_for_target=units,
        delivered_elemental_mg=units * elemental,
        limit_mg=None if limit_mg is None else float(limit_mg),
    )


# ---- details and evidence --------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceItem:
    """One row of ``evidence.csv``, ready to show."""

    evidence_id: str
    topic: str
    claim: str
    certainty: str
    citations: tuple[str, ...]
    weak: bool


@dataclass(frozen=True)
class FormDetails:
    """Everything the page shows about one form, with its citations."""

    form_id: str
    form: str
    route: str
    formula: str
    elemental_pct: float
    bioavailability: str  #: the level with its mark (:func:`bioavailability_text`)
    #: Disputed levels only: which reading of the disagreeing sources the app uses, and why.
    bioavailability_reading: str | None
    digestive_effects: str
    laxative_effect: str  #: the level the tolerance filter reads ("mild", "strong", "no data")
    key_benefit: str
    best_for: str
    pros: str
    cons: str
    typical_dose: str
    absorption_note: str | None
    cost_per_100mg_usd: float | None
    citations: tuple[str, ...]
    evidence: tuple[EvidenceItem, ...]


def is_weak(certainty: str) -> bool:
    """Whether a ``certainty`` cell describes weak, insufficient or conflicting evidence."""
    text = certainty.lower()
    return any(word in text for word in _WEAK_WORDS)


def _item(data: Dataset, row: pd.Series) -> EvidenceItem:
    certainty = str(row["certainty"])
    return EvidenceItem(
        evidence_id=str(row["evidence_id"]),
        topic=str(row["topic"]),
        claim=str(row["claim"]),
        certainty=certainty,
        citations=tuple(citations(data, str(row["source_ids"]))),
        weak=is_weak(certainty),
    )


def evidence_for_form(data: Dataset, form_id: str) -> list[EvidenceItem]:
    """Evidence rows whose ``form_ids`` name ``form_id``, in file order."""
    rows = data.evidence
    mask = rows["form_ids"].map(lambda value: form_id in split_ids(value)).astype(bool)
    return [_item(data, row) for _, row in rows.loc[mask].iterrows()]


def evidence_by_topic(data: Dataset) -> list[tuple[str, list[EvidenceItem]]]:
    """All evidence rows grouped by topic (label, items), topics in :data:`TOPIC_LABELS` order."""
    groups: list[tuple[str, list[EvidenceItem]]] = []
    for topic, label in TOPIC_LABELS.items():
        rows = data.evidence.loc[data.evidence["topic"] == topic]
        if not rows.empty:
            groups.append((label, [_item(data, row) for _, row in rows.iterrows()]))
    return groups


def _optional_text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def form_details(data: Dataset, form_id: str) -> FormDetails:
    """The details of one form (KeyError if ``form_id`` is not in ``forms.csv``)."""
    rows = data.forms.loc[data.forms["form_id"] == form_id]
    if rows.empty:
        raise KeyError(form_id)
    row = rows.iloc[0]
    return FormDetails(
        form_id=form_id,
        form=str(row["form"]),
        route=str(row["route"]),
        formula=str(row["formula"]),
        elemental_pct=float(row["elemental_pct"]),
        bioavailability=bioavailability_text(row["bioavailability"], row["bioavailability_basis"]),
        bioavailability_reading=_optional_text(row["bioavailability_reading"]),
        digestive_effects=str(row["digestive_effects"]),
        laxative_effect=str(row["laxative_effect"]),
        key_benefit=benefit_text(row["key_benefit"], row.get("key_benefit_status", "sourced")),
        best_for=str(row["best_for"]),
        pros=str(row["pros"]),
        cons=str(row["cons"]),
        typical_dose=str(row["typical_dose"]),
        absorption_note=_optional_text(row["absorption_note"]),
        cost_per_100mg_usd=cost_per_100mg_elemental(
            row["price_usd"], row["units_per_pack"], row["elemental_mg_per_unit"]
        ),
        citations=tuple(citations(data, str(row["source_ids"]))),
        evidence=tuple(evidence_for_form(data, form_id)),
    )


#: ``evidence.csv`` row that says what a label's magnesium amount means.
LABEL_EVIDENCE_ID = "label-states-elemental"


def label_note(data: Dataset) -> EvidenceItem | None:
    """The sourced statement on what US labels state (None if the data has no such row)."""
    rows = data.evidence.loc[data.evidence["evidence_id"] == LABEL_EVIDENCE_ID]
    return None if rows.empty else _item(data, rows.iloc[0])
