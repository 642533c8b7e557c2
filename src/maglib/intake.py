"""Magnesium (and calcium, potassium) from food, against the person's own reference.

Pure arithmetic over the USDA SR28 tables: a serving's grams come from a USDA
household portion (``food_portions.csv``) or 100 g; a food's contribution is
``grams × mg_per_100g / 100`` times the servings eaten. Values are USDA
per-100 g averages.

A nutrient a food has no value for is *unknown*, not zero: totals add the known
values only and name the foods that lack one, so the page can say "at least".

The page's URL state is declared here (:func:`diet_params`): the food list is a
compact text code (``foods``), each food's servings slider is ``s_<ndb_no>``
and its portion selector ``u_<ndb_no>``. Keys depend on the foods, so the
params are built from the data once per process.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from maglib.data import split_ids
from maglib.links import MAX_VALUE_CHARS, Param, check_query

__all__ = [
    "FOODS_KEY",
    "MAX_FOODS",
    "PORTION_100G",
    "PRESET_KEY",
    "SERVINGS_MAX",
    "SERVINGS_STEP",
    "DietTotals",
    "FoodFacts",
    "FoodIndex",
    "FoodList",
    "Gap",
    "Line",
    "Portion",
    "Suggestion",
    "build_food_index",
    "default_food_list",
    "default_servings",
    "diet_params",
    "diet_total",
    "encode_food_list",
    "food_line",
    "food_params",
    "gap_for",
    "guidance_entry",
    "link_list_code",
    "list_code_param",
    "list_params",
    "no_gap_cramp_evidence",
    "parse_food_list",
    "percent_of",
    "portion_label",
    "preset_names",
    "preset_state",
    "round_servings",
    "servings_key",
    "servings_needed_words",
    "suggestions_per_100kcal",
    "suggestions_per_serving",
    "unit_key",
]

#: The portion option every food has, whatever USDA lists for it.
PORTION_100G = "100 g"
#: URL key of the food list; its value is ndb numbers joined by "-".
FOODS_KEY = "foods"
#: Not a URL param: the preset picker is a one-shot action.
PRESET_KEY = "_diet_preset"
#: The preset shown when a link says nothing about the list.
DEFAULT_PRESET = "Typical day"
#: Six characters per food in the list code; the link checker caps a value at
#: MAX_VALUE_CHARS (200), so 30 foods (179 characters) fit with room to spare.
MAX_FOODS = 30
SERVINGS_MAX = 20.0
SERVINGS_STEP = 0.25
_SEPARATOR = "-"
_SPLIT = re.compile(r"[\s,;.\-_+]+")
#: What a list code may contain: digits and the separators :data:`_SPLIT` reads.
_CODE_PATTERN = r"[0-9 ,;.\-_+]*"


def servings_key(ndb_no: str) -> str:
    """URL/widget key of a food's servings slider."""
    return f"s_{ndb_no}"


def unit_key(ndb_no: str) -> str:
    """URL/widget key of a food's portion selector."""
    return f"u_{ndb_no}"


@dataclass(frozen=True)
class Portion:
    """One way to measure a serving: a label (shown and put in the URL) and its grams."""

    label: str
    grams: float
    seq: int | None = None


@dataclass(frozen=True)
class FoodFacts:
    """One food's nutrients per 100 g (``None`` = no value in SR28) and portions."""

    ndb_no: str
    name: str
    label: str
    mg_per_100g: float | None
    ca_per_100g: float | None
    k_per_100g: float | None
    kcal_per_100g: float | None
    portions: tuple[Portion, ...]
    default_portion: str
    everyday: bool

    def portion(self, label: str) -> Portion:
        """The portion with this label (the default one if the label is unknown)."""
        for portion in self.portions:
            if portion.label == label:
                return portion
        return next(p for p in self.portions if p.label == self.default_portion)

    def portion_for_seq(self, seq: int) -> Portion:
        """The USDA portion with this sequence number (KeyError if absent)."""
        for portion in self.portions:
            if portion.seq == seq:
                return portion
        raise KeyError(f"{self.ndb_no} has no portion {seq}")


@dataclass(frozen=True)
class FoodIndex:
    """All foods by ndb number, built once; ``everyday`` keeps everyday_foods.csv order."""

    foods: Mapping[str, FoodFacts]
    everyday: tuple[str, ...]
    presets: Mapping[str, tuple[tuple[str, int, float], ...]]
    #: ndb → (servings, portion label) in the default preset: the widgets' defaults.
    preset_defaults: Mapping[str, tuple[float, str]]
    #: Everyday foods of the category :data:`NUTS_AND_SEEDS` (whole nuts and seeds, nut and seed
    #: butters): not suggested to young children (``safety.foods_to_suggest``). No default: an
    #: index built without it would let every nut through to a toddler's suggestions.
    nuts_and_seeds: frozenset[str]
    #: Every food a young child's own day names with the choking words (``safety.whole_nuts_in_day``): the
    #: everyday nuts and seeds, USDA's "Nut and Seed Products" group and its peanuts and peanut butters,
    #: less flours, meals and coconut milk, cream or water (:func:`whole_nut_foods`).
    whole_nuts: frozenset[str]
    #: Everyday foods with caffeine (everyday_foods.csv ``caffeine``): never suggested to close a gap
    #: (``safety.foods_to_suggest``, rule no_caffeine_suggestions). No default, as above.
    caffeinated: frozenset[str]
    #: Everyday fruit juices, coconut waters and syrups (everyday_foods.csv ``free_sugars``): not
    #: suggested to close a gap (``safety.foods_to_suggest``, rule no_free_sugar_suggestions).
    free_sugars: frozenset[str]
    #: Everyday food → the US major food allergens it contains (everyday_foods.csv ``allergens``;
    #: none for a food not listed), shown beside a suggestion. No default, for the same reason.
    allergens: Mapping[str, tuple[str, ...]]


def portion_label(amount: float, unit: str, grams: float) -> str:
    """``1 oz = 28.35 g``: the USDA household measure with its weight."""
    return f"{amount:g} {unit} = {grams:g} g"


def _optional(value: object) -> float | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return float(value)  # type: ignore[arg-type]


#: The everyday_foods.csv category of whole nuts and seeds and their butters (ground seeds have
#: their own category).
NUTS_AND_SEEDS = "nuts & seeds"

#: USDA SR28's food group of nuts and seeds (foods.csv ``food_group``).
NUT_GROUP = "Nut and Seed Products"
#: Names in that group that are not whole nuts, seeds or thick pastes (ground, or a drink).
NOT_WHOLE_NUTS = ("flour", " meal", "ground", "coconut milk", "coconut cream", "coconut water")


def whole_nut_foods(foods: pd.DataFrame, nuts_and_seeds: Iterable[str]) -> frozenset[str]:
    """The foods named to a young child's carer (rule ``whole_nuts_min_age``): ``nuts_and_seeds`` (the
    everyday list's), every food of :data:`NUT_GROUP`, USDA's peanuts, peanut butters and spreads (a legume in
    SR28) and trail mixes, less the names of :data:`NOT_WHOLE_NUTS` (ground seeds stay, as in the suggestions)."""
    names = foods["name"].astype(str)
    lower = names.str.lower()
    kept = (foods["food_group"] == NUT_GROUP) | names.str.startswith(
        ("Peanuts,", "Peanut butter", "Peanut spread", "Snacks, trail mix")
    )
    for word in NOT_WHOLE_NUTS:
        kept &= ~lower.str.contains(word, regex=False)
    return frozenset(foods.loc[kept, "ndb_no"].astype(str)) | frozenset(nuts_and_seeds)


def build_food_index(
    foods: pd.DataFrame,
    food_portions: pd.DataFrame,
    everyday_foods: pd.DataFrame,
    diet_presets: pd.DataFrame | None = None,
) -> FoodIndex:
    """Index the food tables by ndb number (done once per process: ~8,050 foods).

    Each food's portions are its USDA portions in file order, then ``100 g``.
    The default portion is the everyday-foods portion, else the first USDA
    portion, else 100 g. Labels repeated within one food get ``(#seq)``.
    """
    portions_by_food: dict[str, list[Portion]] = {}
    for ndb_no, seq, amount, unit, grams in zip(
        food_portions["ndb_no"],
        food_portions["seq"].astype(int),
        food_portions["amount"],
        food_portions["unit"],
        food_portions["grams"],
        strict=True,
    ):
        label = portion_label(float(amount), str(unit), float(grams))
        same = portions_by_food.setdefault(str(ndb_no), [])
        if any(p.label == label for p in same):
            label = f"{label} (#{seq})"
        same.append(Portion(label=label, grams=float(grams), seq=int(seq)))

    everyday_seq = dict(zip(everyday_foods["ndb_no"], everyday_foods["portion_seq"].astype(int), strict=True))
    everyday_label = dict(zip(everyday_foods["ndb_no"], everyday_foods["label"], strict=True))

    index: dict[str, FoodFacts] = {}
    columns = ("ndb_no", "name", "mg_per_100g", "ca_per_100g", "k_per_100g", "kcal_per_100g")
    for ndb_no, name, mg, ca, k, kcal in zip(*(foods[c] for c in columns), strict=True):
        own = portions_by_food.get(ndb_no, [])
        portions = (*own, Portion(label=PORTION_100G, grams=100.0))
        seq = everyday_seq.get(ndb_no)
        default = next((p.label for p in own if p.seq == seq), own[0].label if own else PORTION_100G)
        index[ndb_no] = FoodFacts(
            ndb_no=ndb_no,
            name=str(name),
            label=str(everyday_label.get(ndb_no, name)),
            mg_per_100g=_optional(mg),
            ca_per_100g=_optional(ca),
            k_per_100g=_optional(k),
            kcal_per_100g=_optional(kcal),
            portions=portions,
            default_portion=default,
            everyday=ndb_no in everyday_seq,
        )

    presets: dict[str, list[tuple[str, int, float]]] = {}
    if diet_presets is not None:
        for preset, ndb_no, seq, servings in zip(
            diet_presets["preset"],
            diet_presets["ndb_no"],
            diet_presets["portion_seq"].astype(int),
            diet_presets["servings"],
            strict=True,
        ):
            presets.setdefault(str(preset), []).append((str(ndb_no), int(seq), float(servings)))
    defaults = {
        ndb_no: (servings, index[ndb_no].portion_for_seq(seq).label)
        for ndb_no, seq, servings in presets.get(DEFAULT_PRESET, [])
    }
    return FoodIndex(
        foods=index,
        everyday=tuple(everyday_foods["ndb_no"]),
        presets={name: tuple(items) for name, items in presets.items()},
        preset_defaults=defaults,
        nuts_and_seeds=frozenset(everyday_foods.loc[everyday_foods["category"] == NUTS_AND_SEEDS, "ndb_no"]),
        whole_nuts=whole_nut_foods(
            foods, everyday_foods.loc[everyday_foods["category"] == NUTS_AND_SEEDS, "ndb_no"].astype(str)
        ),
        caffeinated=frozenset(everyday_foods.loc[everyday_foods["caffeine"] == "yes", "ndb_no"]),
        free_sugars=frozenset(everyday_foods.loc[everyday_foods["free_sugars"] == "yes", "ndb_no"]),
        allergens={
            str(ndb_no): tuple(split_ids(marks))
            for ndb_no, marks in zip(everyday_foods["ndb_no"], everyday_foods["allergens"], strict=True)
            if split_ids(marks)
        },
    )


# --- the food list code and URL params ---------------------------------------------------------


def encode_food_list(ndb_nos: Iterable[str]) -> str:
    """The list code: ndb numbers joined by ``-`` (e.g. ``12061-16015``)."""
    return _SEPARATOR.join(ndb_nos)


@dataclass(frozen=True)
class FoodList:
    """A parsed list code: the foods kept, in order, and what was dropped (plain text)."""

    ndb_nos: tuple[str, ...]
    problems: tuple[str, ...]


def parse_food_list(code: str, index: FoodIndex, max_foods: int = MAX_FOODS) -> FoodList:
    """Read a list code; unknown numbers, repeats and extras are dropped and named.

    One problem line per kind, naming at most three parts (each cut to 12
    characters) and counting the rest — a code of 100 unknown numbers gives
    one line, not 100.
    """
    kept: list[str] = []
    unknown: list[str] = []
    repeated: list[str] = []
    beyond: list[str] = []
    for part in _SPLIT.split(code.strip()):
        if not part:
            continue
        if part not in index.foods:
            unknown.append(part[:12])
        elif part in kept:
            repeated.append(part)
        elif len(kept) >= max_foods:
            beyond.append(part)
        else:
            kept.append(part)
    problems = [
        _collapsed(unknown, "is not a USDA food number in this app", "are not USDA food numbers in this app"),
        _collapsed(repeated, "is listed twice (kept once)", "are listed twice (kept once)"),
        _collapsed(beyond, f"is beyond the {max_foods}-food limit", f"are beyond the {max_foods}-food limit"),
    ]
    return FoodList(ndb_nos=tuple(kept), problems=tuple(p for p in problems if p))


def _collapsed(parts: Sequence[str], one: str, many: str, shown: int = 3) -> str:
    """``'1', '2', '3' and 97 more are …`` (repeats of one part counted once)."""
    distinct = list(dict.fromkeys(parts))
    if not distinct:
        return ""
    named = ", ".join(f"'{part}'" for part in distinct[:shown])
    rest = len(distinct) - shown
    if rest > 0:
        named += f" and {rest} more"
    times = f" ({len(parts)} times in all)" if len(parts) > len(distinct) else ""
    return f"{named} {one if len(distinct) == 1 else many}{times}"


def link_list_code(values: Sequence[str], index: FoodIndex) -> str:
    """The list code a link asks for — validated first, with the same check as every link value.

    ``values`` are the link's raw ``foods`` values. A value the link checker
    refuses (too long, markup, invisible characters, anything but food numbers
    and separators) gives the default list, exactly as the notice says and the
    share link shows; never a part of it.
    """
    param = list_code_param(index)
    if not values:
        return str(param.default)
    valid, _ = check_query({FOODS_KEY: list(values)}, [param])
    return str(valid.get(FOODS_KEY, param.default))


def preset_names(index: FoodIndex) -> tuple[str, ...]:
    """The presets in file order."""
    return tuple(index.presets)


def default_food_list(index: FoodIndex) -> tuple[str, ...]:
    """The list a link without ``foods`` shows: the "Typical day" preset's foods."""
    return tuple(ndb for ndb, _, _ in index.presets.get(DEFAULT_PRESET, ()))


def default_servings(index: FoodIndex, ndb_no: str) -> float:
    """A food's slider default: its "Typical day" servings, else 1 serving."""
    return index.preset_defaults.get(ndb_no, (1.0, ""))[0]


def diet_params(index: FoodIndex) -> tuple[Param, ...]:
    """Every URL param /diet can read: the list code, then a slider and a portion per food.

    The defaults come from the data ("Typical day" preset; everyday portions),
    so a change to those rows changes what old links mean: bump LINK_VERSION.
    About 16,000 specs: for checkers and tests; the page uses :func:`list_params`.
    """
    return list_params(index, index.foods)


def food_params(index: FoodIndex, ndb_no: str) -> tuple[Param, Param]:
    """The servings slider and portion selector specs of one food (same as in diet_params)."""
    food = index.foods[ndb_no]
    servings, label = index.preset_defaults.get(ndb_no, (1.0, food.default_portion))
    return (
        Param(
            servings_key(ndb_no),
            "float",
            servings,
            min_value=0.0,
            max_value=SERVINGS_MAX,
            step=SERVINGS_STEP,
        ),
        Param(unit_key(ndb_no), "choice", label, options=tuple(p.label for p in food.portions)),
    )


def list_params(index: FoodIndex, ndb_nos: Iterable[str]) -> tuple[Param, ...]:
    """The params a view of these foods uses: the list code and each listed food's pair.

    A link's ``s_``/``u_`` value for a food not in its list changes nothing, so
    the page checks links against this subset (a few dozen specs, not 16,000).
    """
    params: list[Param] = [list_code_param(index)]
    for ndb_no in ndb_nos:
        if ndb_no in index.foods:
            params.extend(food_params(index, ndb_no))
    return tuple(params)


def list_code_param(index: FoodIndex) -> Param:
    """The ``foods`` param: the list code, defaulting to the "Typical day" foods."""
    return Param(
        FOODS_KEY,
        "text",
        encode_food_list(default_food_list(index)),
        max_len=MAX_VALUE_CHARS,
        pattern=_CODE_PATTERN,
        pattern_hint="USDA food numbers separated by '-'",
    )


def preset_state(index: FoodIndex, preset: str) -> dict[str, object]:
    """The widget values that load a preset: the list code, servings and portions."""
    items = index.presets[preset]
    state: dict[str, object] = {FOODS_KEY: encode_food_list(ndb for ndb, _, _ in items)}
    for ndb_no, seq, servings in items:
        state[servings_key(ndb_no)] = float(servings)
        state[unit_key(ndb_no)] = index.foods[ndb_no].portion_for_seq(seq).label
    return state


# --- arithmetic --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One food in the day: the servings eaten and what they give (None = unknown)."""

    ndb_no: str
    label: str
    servings: float
    portion: str
    grams: float
    mg: float | None
    ca_mg: float | None
    k_mg: float | None
    kcal: float | None


def _amount(per_100g: float | None, grams: float) -> float | None:
    return None if per_100g is None else per_100g * grams / 100.0


def food_line(index: FoodIndex, ndb_no: str, servings: float, portion: str) -> Line:
    """What ``servings`` × ``portion`` of one food gives (grams × per-100 g value / 100)."""
    food = index.foods[ndb_no]
    chosen = food.portion(portion)
    grams = max(float(servings), 0.0) * chosen.grams
    return Line(
        ndb_no=ndb_no,
        label=food.label,
        servings=max(float(servings), 0.0),
        portion=chosen.label,
        grams=grams,
        mg=_amount(food.mg_per_100g, grams),
        ca_mg=_amount(food.ca_per_100g, grams),
        k_mg=_amount(food.k_per_100g, grams),
        kcal=_amount(food.kcal_per_100g, grams),
    )


@dataclass(frozen=True)
class DietTotals:
    """Sums of the known values; ``missing_*`` name the foods eaten that lack one."""

    mg: float
    ca_mg: float
    k_mg: float
    kcal: float
    missing_mg: tuple[str, ...]
    missing_ca: tuple[str, ...]
    missing_k: tuple[str, ...]
    missing_kcal: tuple[str, ...]


def diet_total(lines: Sequence[Line]) -> DietTotals:
    """Total magnesium, calcium, potassium and energy of the day.

    Unknown values are left out of the sum and their foods listed (only foods
    actually eaten, servings > 0, count as missing).
    """

    def total(attr: str) -> tuple[float, tuple[str, ...]]:
        known = 0.0
        missing: list[str] = []
        for line in lines:
            value = getattr(line, attr)
            if value is None:
                if line.servings > 0:
                    missing.append(line.label)
            else:
                known += value
        return known, tuple(missing)

    mg, missing_mg = total("mg")
    ca, missing_ca = total("ca_mg")
    k, missing_k = total("k_mg")
    kcal, missing_kcal = total("kcal")
    return DietTotals(mg, ca, k, kcal, missing_mg, missing_ca, missing_k, missing_kcal)


def percent_of(amount: float, reference: float) -> float:
    """``amount`` as a percentage of ``reference`` (a positive reference value)."""
    if reference <= 0:
        raise ValueError("reference must be positive")
    return 100.0 * amount / reference


@dataclass(frozen=True)
class Gap:
    """Where a total stands against a target: exactly one of gap/surplus is non-zero
    (both zero when equal), and ``total + gap - surplus == target``."""

    total_mg: float
    target_mg: float
    gap_mg: float
    surplus_mg: float
    pct: float


def gap_for(total_mg: float, target_mg: float) -> Gap:
    """The gap to (or surplus over) a target such as the RDA."""
    return Gap(
        total_mg=total_mg,
        target_mg=target_mg,
        gap_mg=max(target_mg - total_mg, 0.0),
        surplus_mg=max(total_mg - target_mg, 0.0),
        pct=percent_of(total_mg, target_mg),
    )


@dataclass(frozen=True)
class Suggestion:
    """A food that would help close the gap, measured in its default portion."""

    ndb_no: str
    label: str
    portion: str
    mg_per_serving: float
    mg_per_100kcal: float | None
    servings_needed: float | None
    #: The US major food allergens the food contains (empty: none of them marked).
    allergens: tuple[str, ...]


def _suggestion(food: FoodFacts, gap_mg: float, allergens: tuple[str, ...]) -> Suggestion | None:
    if food.mg_per_100g is None or food.mg_per_100g <= 0:
        return None
    portion = food.portion(food.default_portion)
    per_serving = food.mg_per_100g * portion.grams / 100.0
    per_100kcal = (
        100.0 * food.mg_per_100g / food.kcal_per_100g
        if food.kcal_per_100g is not None and food.kcal_per_100g > 0
        else None
    )
    return Suggestion(
        ndb_no=food.ndb_no,
        label=food.label,
        portion=portion.label,
        mg_per_serving=per_serving,
        mg_per_100kcal=per_100kcal,
        servings_needed=gap_mg / per_serving if gap_mg > 0 else None,
        allergens=allergens,
    )


#: The source of the allergen marks (sources.csv).
ALLERGEN_SOURCE_IDS = "us-major-allergens"
#: Said once under suggestions that mark an allergen (source: :data:`ALLERGEN_SOURCE_IDS`).
ALLERGEN_NOTE = (
    "Allergens: a suggestion names any of the nine major food allergens of US food labelling it "
    "contains. Only these nine are marked, and packaged foods vary: check the label."
)


def allergen_words(allergens: Sequence[str]) -> str:
    """``("milk",)`` → ``"contains milk"``; ``("tree nuts", "soy")`` → ``"contains tree nuts, soy"``."""
    return "contains " + ", ".join(allergens) if allergens else ""


def _candidates(index: FoodIndex, gap_mg: float, ndb_nos: Iterable[str] | None) -> list[Suggestion]:
    chosen = index.everyday if ndb_nos is None else ndb_nos
    found = (
        _suggestion(index.foods[n], gap_mg, index.allergens.get(n, ())) for n in chosen if n in index.foods
    )
    return [s for s in found if s is not None]


def suggestions_per_serving(
    index: FoodIndex, gap_mg: float, limit: int = 5, ndb_nos: Iterable[str] | None = None
) -> list[Suggestion]:
    """Foods (everyday foods unless ``ndb_nos``) giving the most magnesium per usual serving."""
    found = _candidates(index, gap_mg, ndb_nos)
    return sorted(found, key=lambda s: (-s.mg_per_serving, s.label))[:limit]


def suggestions_per_100kcal(
    index: FoodIndex,
    gap_mg: float,
    limit: int = 5,
    ndb_nos: Iterable[str] | None = None,
    max_servings: float = SERVINGS_MAX,
) -> list[Suggestion]:
    """Foods giving the most magnesium per 100 kcal.

    Foods that would need more than ``max_servings`` servings to close the gap
    are left out: near-zero-energy drinks (coffee, tea) top this ranking only
    because they have almost no calories, not because they help.
    """
    found = [
        s
        for s in _candidates(index, gap_mg, ndb_nos)
        if s.mg_per_100kcal is not None and (s.servings_needed is None or s.servings_needed <= max_servings)
    ]
    return sorted(found, key=lambda s: (-(s.mg_per_100kcal or 0.0), s.label))[:limit]


def guidance_entry(guidance: pd.DataFrame, key: str) -> tuple[float, str]:
    """One ``guidance.csv`` row's value and its source ids (KeyError if absent)."""
    row = guidance.loc[guidance["key"] == key]
    if row.empty:
        raise KeyError(key)
    return float(row["value"].iloc[0]), str(row["source_ids"].iloc[0])


def round_servings(servings: float) -> float:
    """Servings rounded up to the slider step (what the person would actually eat)."""
    return math.ceil(servings / SERVINGS_STEP - 1e-9) * SERVINGS_STEP


def servings_needed_words(servings_needed: float | None) -> str:
    """The servings a food needs to close the gap, as the servings sliders can set them.

    Rounded up to the sliders' step, never down (less would leave the gap open). A need below
    the smallest step reads "0.25 or less": with a small gap every food read a bare 0.25, as
    though each needed the same amount.
    """
    if servings_needed is None or servings_needed <= 0:
        return "0"
    if servings_needed < SERVINGS_STEP - 1e-9:  # the same float allowance as round_servings
        return f"{SERVINGS_STEP:g} or less"
    return f"{round_servings(servings_needed):g}"


#: What is said on a day with no gap, before the dose plan is offered, and its evidence.csv row, by life stage: the
#: Cochrane non-drug review left pregnancy out, so in pregnancy the pregnancy review's row (session 63).
#: Both stretching rows, for and against (review, session 63: the review's row alone was one-sided).
NO_GAP_CRAMP_EVIDENCE: dict[str, tuple[str, tuple[str, ...]]] = {
    "general": (
        "The Cochrane review of non-drug measures for cramps found trials only of stretching, all in adults aged 50 "
        "or over; another trial, of advice to stretch, found no benefit:",
        ("cochrane-nondrug-2021-stretching", "coppin-2005-stretching"),
    ),
    "pregnancy": (
        "For leg cramps in pregnancy, ask your midwife or doctor; what the Cochrane review found:",
        ("cochrane-preg-2020-magnesium",),
    ),
}


def no_gap_cramp_evidence(life_stage: str) -> tuple[str, tuple[str, ...]]:
    """/diet's words on a day with no gap and the evidence.csv rows they lead to, for ``life_stage``
    (:data:`NO_GAP_CRAMP_EVIDENCE`; any stage without its own entry gets the general one)."""
    return NO_GAP_CRAMP_EVIDENCE.get(life_stage, NO_GAP_CRAMP_EVIDENCE["general"])
