"""Load and validate the app's data files — the only module that opens them.

Every file in ``data/`` is read as text, checked against a declared pandera
schema (types, ranges, allowed values, unique keys), and then against the
other files (every ``source_ids`` entry exists in ``sources.csv``; foods,
portions and forms that other files point at exist). Any problem raises
:class:`DataFileError`, whose message names the file, the row and the column,
so the app can stop with a clear message instead of a traceback.

Row numbers count data rows from 1 (the header is not a row); the message also
gives the line number in the file (row + 1), which is what an editor shows.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

__all__ = [
    "DATA_DIR_ENV",
    "FILES",
    "DataFileError",
    "Dataset",
    "default_data_dir",
    "load_dataset",
    "load_table",
    "split_ids",
]

#: Environment variable that points the app at another data folder (tests use
#: it to run the app on deliberately corrupted copies).
DATA_DIR_ENV = "MAGLIB_DATA_DIR"

_NONEMPTY = pa.Check.str_length(min_value=1)
_SLUG = pa.Check.str_matches(r"^[a-z0-9][a-z0-9_\-]*$")


def _text(*, nullable: bool = False, unique: bool = False, isin: Iterable[str] = ()) -> pa.Column:
    checks = [pa.Check.isin(sorted(isin))] if isin else [_NONEMPTY]
    return pa.Column(str, nullable=nullable, unique=unique, checks=checks)


def _slug(*, unique: bool = True) -> pa.Column:
    return pa.Column(str, unique=unique, checks=[_SLUG])


#: The upper bound of a number column that names none of its own.
_ABSURD = 1_000_000_000
#: Prefix of a check's error text that :func:`_first_failure` shows as is.
_BOUND = "bound: "


def _fmt_bound(number: float) -> str:
    return f"{int(number)}" if float(number).is_integer() else f"{number}"


def _number(
    *,
    le: float | None = None,
    why: str = "",
    nullable: bool = False,
    ge: float | None = None,
    gt: float | None = None,
    integer: bool = False,
) -> pa.Column:
    """A number column: finite, within ``[ge|gt, le]``. ``why`` says why the upper bound is where it is.

    Every number column has an upper bound: ``inf`` and ``1e308`` coerce to
    floats and pass any lower bound, and a page would show "inf mg/day".
    """
    if le is None:
        le, why = _ABSURD, why or "no number in this app's data is near a billion"
    checks = []
    if not integer:
        checks.append(pa.Check(np.isfinite, error=f"{_BOUND}not a finite number"))
    if ge is not None:
        checks.append(pa.Check.ge(ge, error=f"{_BOUND}below {_fmt_bound(ge)}"))
    if gt is not None:
        checks.append(pa.Check.gt(gt, error=f"{_BOUND}not above {_fmt_bound(gt)}"))
    checks.append(pa.Check.le(le, error=f"{_BOUND}above {_fmt_bound(le)}" + (f" ({why})" if why else "")))
    dtype = "Int64" if integer else float
    return pa.Column(dtype, nullable=nullable, coerce=True, checks=checks)


# Upper bounds and their reasons (none is near a real value; they stop absurd ones).
_PER_100G = {"le": 100_000, "why": "100 g of food cannot hold more than 100,000 mg of anything"}
_KCAL_100G = {"le": 1000, "why": "pure fat, the densest food energy, has about 900 kcal per 100 g"}
_PORTION_SEQ = {
    "le": 1000,
    "why": "a food's portion number; USDA SR28 has a few dozen portions per food at most",
}
_PERCENT = {"le": 100, "why": "a percentage"}


_SOURCE_IDS = pa.Column(str, checks=[pa.Check.str_matches(r"^[a-z0-9][a-z0-9_\-]*(;[a-z0-9][a-z0-9_\-]*)*$")])

#: Allowed values of the categorical columns (the app's filters rely on them).
BIOAVAILABILITY = ("High", "Moderate", "Low", "Variable")
LAXATIVE_EFFECT = ("none", "mild", "moderate", "strong", "no data")
BIOAVAILABILITY_BASES = ("sourced", "unverified", "disputed")
#: The nine major food allergens of US food labelling (sources.csv ``us-major-allergens``), as
#: everyday_foods.csv names them.
US_MAJOR_ALLERGENS = ("milk", "egg", "fish", "shellfish", "tree nuts", "peanuts", "wheat", "soy", "sesame")
_ALLERGEN = "(?:" + "|".join(re.escape(name) for name in US_MAJOR_ALLERGENS) + ")"
ROUTES = ("oral", "topical")
EVIDENCE_TOPICS = (
    "absorption",
    "cramps",
    "restless_legs",
    "pregnancy_cramps",
    "sleep",
    "safety",
    "other",
)
SEXES = ("female", "male")
#: intake_reference_sets.csv: the reference sets, and the kinds that mean "no value in this cell".
REFERENCE_SETS = ("us", "uk", "eu")
NO_VALUE_KINDS = ("none", "unverified")
#: intake_reference_sets.csv: each value column and the column naming its kind.
SET_VALUE_KINDS = {"mg_ref": "mg_ref_kind", "mg_ul_supplemental": "mg_ul_kind", "ca_ref": "ca_kind"}
LIFE_STAGES = ("general", "pregnancy", "lactation")

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "sources": pa.DataFrameSchema(
        {
            "id": _slug(),
            "citation": _text(),
            "url": pa.Column(str, nullable=True, checks=pa.Check.str_matches(r"^https?://\S+$")),
            "accessed": pa.Column(str, checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        }
    ),
    "forms": pa.DataFrameSchema(
        {
            "form_id": _slug(),
            "form": _text(unique=True),
            "route": _text(isin=ROUTES),
            "formula": _text(),
            "elemental_pct": _number(gt=0, **_PERCENT),
            "bioavailability": _text(isin=BIOAVAILABILITY),
            # What the level rests on: sourced; unverified (only the unidentified brief rates it);
            # disputed (the sources disagree: bioavailability_reading then says which reading the
            # app uses and why, see _check_disputed).
            "bioavailability_basis": _text(isin=BIOAVAILABILITY_BASES),
            "bioavailability_reading": pa.Column(str, nullable=True),
            "laxative_effect": _text(isin=LAXATIVE_EFFECT),
            "digestive_effects": _text(),
            "key_benefit": _text(),
            # unverified: the benefit rests only on the unidentified brief (shown marked as such).
            "key_benefit_status": _text(isin=("sourced", "unverified")),
            "best_for": _text(),
            "goals": pa.Column(str, nullable=True),
            "pros": _text(),
            "cons": _text(),
            "typical_dose": _text(),
            "absorption_note": pa.Column(str, nullable=True),
            "price_usd": _number(
                nullable=True, gt=0, le=10_000, why="no pack of supplements costs US$10,000"
            ),
            "units_per_pack": _number(nullable=True, gt=0, le=100_000, why="no pack holds 100,000 units"),
            "elemental_mg_per_unit": _number(
                nullable=True, gt=0, le=5000, why="the toxicity mark in guidance.csv is 5,000 mg a day"
            ),
            "source_ids": _SOURCE_IDS,
        }
    ),
    "evidence": pa.DataFrameSchema(
        {
            "evidence_id": _slug(),
            "topic": _text(isin=EVIDENCE_TOPICS),
            "form_ids": pa.Column(str, nullable=True),
            "claim": _text(),
            "certainty": _text(),
            "source_ids": _SOURCE_IDS,
        }
    ),
    "intake_reference": pa.DataFrameSchema(
        {
            "band_id": _slug(),
            "age_min_years": _number(ge=0, le=200, why="years of age"),
            "age_max_years": _number(gt=0, le=200, why="years of age"),
            "sex": _text(isin=SEXES),
            "life_stage": _text(isin=LIFE_STAGES),
            "mg_rda": _number(gt=0, le=2000, why="reference intakes are a few hundred mg a day"),
            "mg_rda_kind": _text(isin=("RDA", "AI")),
            "mg_ul_supplemental": _number(
                nullable=True, gt=0, le=2000, why="upper limits are a few hundred mg a day"
            ),
            "ca_rda": _number(gt=0, le=5000, why="calcium reference intakes are at most 1,300 mg a day"),
            "ca_kind": _text(isin=("RDA", "AI")),
            "k_ai": _number(gt=0, le=10000, why="potassium intakes are at most a few thousand mg a day"),
            "source_ids": _SOURCE_IDS,
        }
    ),
    # US, UK and EU reference values side by side (issue 15). An empty value carries the kind
    # "none" (the authority sets none) or "unverified" (not verified); the loader checks the pairs.
    "intake_reference_sets": pa.DataFrameSchema(
        {
            "set": _text(isin=REFERENCE_SETS),
            "band_id": _slug(unique=False),
            "age_min_years": _number(ge=0, le=200, why="years of age"),
            "age_max_years": _number(gt=0, le=200, why="years of age"),
            "sex": _text(isin=SEXES),
            "life_stage": _text(isin=LIFE_STAGES),
            "mg_ref": _number(
                nullable=True, gt=0, le=2000, why="reference intakes are a few hundred mg a day"
            ),
            "mg_ref_kind": _text(isin=("RDA", "AI", "RNI", *NO_VALUE_KINDS)),
            "mg_ul_supplemental": _number(
                nullable=True, gt=0, le=2000, why="upper limits are a few hundred mg a day"
            ),
            "mg_ul_kind": _text(isin=("UL", "guidance", *NO_VALUE_KINDS)),
            "ca_ref": _number(
                nullable=True, gt=0, le=5000, why="calcium reference intakes are at most 1,350 mg a day"
            ),
            "ca_kind": _text(isin=("RDA", "AI", "PRI", "RNI", *NO_VALUE_KINDS)),
            "source_ids": _SOURCE_IDS,
        },
        unique=["set", "band_id"],
    ),
    "interactions": pa.DataFrameSchema(
        {
            "class_id": _slug(),
            "drug_class": _text(unique=True),
            "examples": _text(),
            # avoid: spacing does not protect the medicine (no self-serve plan; safety.py).
            # doctor: an effect the prescriber must know of first (a warning, not a plain note).
            # effect: the medicine can cause cramps itself (NICE CKS); a plain note, no spacing.
            "kind": _text(isin=("timing", "effect", "doctor", "avoid", "kidney")),
            "mg_gap_before_med_h": _number(nullable=True, ge=0, le=24, why="hours in a day"),
            "mg_gap_after_med_h": _number(nullable=True, ge=0, le=24, why="hours in a day"),
            "advice": _text(),
            # Empty, or a short warning every dose reminder carries (digoxin's signs of toxicity).
            "reminder": pa.Column(str, nullable=True),
            # Empty, or the blood tests to ask the prescriber about (';'-separated) and why, for a
            # medicine whose prescriber must agree before any plan (rules doctor_medicine_confirm,
            # digoxin_prescriber_confirm); every ``doctor`` row has both.
            "prescriber_tests": pa.Column(str, nullable=True),
            "prescriber_why": pa.Column(str, nullable=True),
            # "yes": NICE CKS (leg cramps) names the medicine among the causes of cramps (the diuretics
            # and every ``effect`` row): the prescriber's proposal asks whether it is behind them.
            "causes_cramps": _text(isin=("yes",), nullable=True),
            # "yes": usually taken for a condition NICE tests kidneys for (diabetes, high blood pressure,
            # heart disease), so the plan waits for a kidney blood test at any age (rule kidney_check_medicine).
            "kidney_test": _text(isin=("yes",), nullable=True),
            "source_ids": _SOURCE_IDS,
        }
    ),
    "guidance": pa.DataFrameSchema(
        {
            "key": _slug(),
            "value": _number(
                le=1_000_000,
                why="guidance numbers are doses, weeks, hours or percentages; none is near a million",
            ),
            "unit": pa.Column(str, nullable=True),
            "label": _text(),
            "source_ids": _SOURCE_IDS,
        }
    ),
    # The dose plan's safety rules (maglib.safety cites each row by rule_id).
    "safety_rules": pa.DataFrameSchema(
        {
            "rule_id": _slug(),
            "value": _number(nullable=True, ge=0, le=10000),
            "unit": pa.Column(str, nullable=True),
            "rule": _text(),
            "source_ids": _SOURCE_IDS,
        }
    ),
    # Evidence for every non-magnesium measure the app mentions (plan reviews, calendar, journal).
    "measures": pa.DataFrameSchema(
        {
            "measure_id": _slug(),
            "measure": _text(unique=True),
            "for_whom": _text(),
            "status": _text(isin=("supported", "mixed", "not-supported", "no-trial", "unverified")),
            "certainty_words": _text(),
            "summary": _text(),
            "evidence_ids": pa.Column(str, nullable=True),
            "source_ids": _SOURCE_IDS,
        }
    ),
    # "See a doctor instead": the red flags shown on /schedule, /journal and in the plan.
    "red_flags": pa.DataFrameSchema(
        {
            "flag_id": _slug(),
            "symptom": _text(unique=True),
            "why": _text(),
            "action": _text(),
            "source_ids": _SOURCE_IDS,
            # A few words of the action, shown in the short list for a flag that cannot wait for a
            # GP appointment (pharmacist review, 2026-12-05: the list said only "see a doctor").
            "urgent_cue": _text(nullable=True),
            # "pregnancy": shown only where pregnancy can apply (rule pregnancy_flags_for_whom); "child":
            # unless the person is known to be an adult (rule child_flags_for_whom).
            "for_whom": _text(nullable=True, isin=("pregnancy", "child")),
        }
    ),
    "foods": pa.DataFrameSchema(
        {
            "ndb_no": pa.Column(str, unique=True, checks=pa.Check.str_matches(r"^\d{5}$")),
            "name": _text(),
            "food_group": _text(),
            "mg_per_100g": _number(ge=0, **_PER_100G),
            "ca_per_100g": _number(nullable=True, ge=0, **_PER_100G),
            "k_per_100g": _number(nullable=True, ge=0, **_PER_100G),
            "na_per_100g": _number(nullable=True, ge=0, **_PER_100G),
            "kcal_per_100g": _number(nullable=True, ge=0, **_KCAL_100G),
            "source_ids": _SOURCE_IDS,
        }
    ),
    "food_portions": pa.DataFrameSchema(
        {
            "ndb_no": pa.Column(str, checks=pa.Check.str_matches(r"^\d{5}$")),
            "seq": _number(integer=True, ge=1, **_PORTION_SEQ),
            "amount": _number(
                gt=0, le=10_000, why="a count of household measures; SR28's largest is a few hundred"
            ),
            "unit": _text(),
            "grams": _number(gt=0, le=100_000, why="100 kg; the largest SR28 portion is under 6 kg"),
            "source_ids": _SOURCE_IDS,
        },
        unique=["ndb_no", "seq"],
    ),
    "everyday_foods": pa.DataFrameSchema(
        {
            "ndb_no": pa.Column(str, unique=True, checks=pa.Check.str_matches(r"^\d{5}$")),
            "label": _text(unique=True),
            "category": _text(),
            # Empty: none of the nine marked (the page says other allergens are not).
            "allergens": pa.Column(
                str,
                nullable=True,
                checks=pa.Check.str_matches(
                    rf"^{_ALLERGEN}(?:;{_ALLERGEN})*$",
                    error=f"{_BOUND}not a ;-list of the US major allergens ({', '.join(US_MAJOR_ALLERGENS)})",
                ),
            ),
            # "yes": the food has caffeine (rule no_caffeine_suggestions: never suggested to close a gap).
            "caffeine": pa.Column(
                str,
                nullable=True,
                checks=pa.Check.isin(["yes"], error=f"{_BOUND}'yes' or empty (the food has caffeine)"),
            ),
            # "yes": fruit juice, coconut water or syrup (rule no_free_sugar_suggestions: never suggested
            # to close a gap).
            "free_sugars": pa.Column(
                str,
                nullable=True,
                checks=pa.Check.isin(
                    ["yes"], error=f"{_BOUND}'yes' or empty (the food's sugars are free sugars)"
                ),
            ),
            "portion_seq": _number(integer=True, ge=1, **_PORTION_SEQ),
            "note": pa.Column(str, nullable=True),
            "source_ids": _SOURCE_IDS,
        }
    ),
    # Words people type for foods the USDA tables name otherwise: British words ("courgette",
    # "porridge" found an orange on /diet) and a name the tables write as one word ("brazilnuts").
    "food_aliases": pa.DataFrameSchema(
        {
            "alias": _text(unique=True),
            "usda_word": _text(),
            "ndb_no": pa.Column(str, checks=pa.Check.str_matches(r"^\d{5}$")),
            "source_ids": _SOURCE_IDS,
        }
    ),
    # Example days for /diet (illustrative inputs, not recommendations).
    "diet_presets": pa.DataFrameSchema(
        {
            "preset": _text(),
            "ndb_no": pa.Column(str, checks=pa.Check.str_matches(r"^\d{5}$")),
            "portion_seq": _number(integer=True, ge=1, **_PORTION_SEQ),
            "servings": _number(gt=0, le=20, why="an example day's servings of one food"),
            "source_ids": _SOURCE_IDS,
        },
        unique=["preset", "ndb_no"],
    ),
}

#: File name of each table, in load order (sources first: everything cites it).
FILES: dict[str, str] = {name: f"{name}.csv" for name in SCHEMAS}


class DataFileError(Exception):
    """A data file is unreadable or breaks its schema.

    ``row`` counts data rows from 1 (``None`` when the problem is the whole
    file, e.g. a missing column); ``column`` is ``None`` when the problem is
    not one column's (e.g. a malformed line).
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        more: int = 0,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.problem = problem
        self.more = more
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = [f"data/{self.file}"]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        tail = f" ({self.more} more problem{'s' if self.more != 1 else ''} in this file)" if self.more else ""
        return f"{', '.join(where)}: {self.problem}{tail}"


@dataclass(frozen=True)
class Dataset:
    """Every validated table. Treat the frames as read-only."""

    sources: pd.DataFrame
    forms: pd.DataFrame
    evidence: pd.DataFrame
    intake_reference: pd.DataFrame
    intake_reference_sets: pd.DataFrame
    interactions: pd.DataFrame
    guidance: pd.DataFrame
    safety_rules: pd.DataFrame
    red_flags: pd.DataFrame
    measures: pd.DataFrame
    foods: pd.DataFrame
    food_portions: pd.DataFrame
    everyday_foods: pd.DataFrame
    food_aliases: pd.DataFrame
    diet_presets: pd.DataFrame

    def guidance_value(self, key: str) -> float:
        """The numeric value of one row of ``guidance.csv`` (KeyError if absent)."""
        row = self.guidance.loc[self.guidance["key"] == key]
        if row.empty:
            raise KeyError(key)
        return float(row["value"].iloc[0])


#: The repository's data folder, resolved once (resolving it per call took ~1 ms of each journal add:
#: pages ask for it several times per run).
_REPO_DATA = Path(__file__).resolve().parents[2] / "data"


def default_data_dir() -> Path:
    """``$MAGLIB_DATA_DIR`` if set, else the repository's ``data/`` folder."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return _REPO_DATA


def split_ids(value: object) -> list[str]:
    """``"a;b"`` → ``["a", "b"]``; empty or missing → ``[]``."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


def _read_csv(path: Path, file: str) -> pd.DataFrame:
    if not path.is_file():
        raise DataFileError(file, "the file is missing")
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(
            file, f"line {line} is not valid UTF-8 text (byte {raw[exc.start]:#04x})"
        ) from None
    try:
        frame = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
            skipinitialspace=False,
        )
    except pd.errors.EmptyDataError:
        raise DataFileError(file, "the file is empty (no header row)") from None
    except pd.errors.ParserError as exc:
        raise DataFileError(file, f"the file is not well-formed CSV: {exc}") from None
    return frame


def _first_failure(file: str, errors: pa.errors.SchemaErrors) -> DataFileError:
    cases = errors.failure_cases
    cases = cases.assign(_row=pd.to_numeric(cases["index"], errors="coerce"))
    # A missing column outranks everything; then the first bad cell. Row-less
    # check failures (a range check that could not run on uncoerced text) are
    # only a fallback: the cell-level failure names the real problem.
    missing = cases[cases["check"].astype(str) == "column_in_dataframe"]
    cells = cases[cases["_row"].notna()].sort_values("_row", kind="stable")
    pool = missing if not missing.empty else cells if not cells.empty else cases
    # Coercion failures are reported twice (coerce + dtype): count each cell once.
    distinct = pool.drop_duplicates(subset=["column", "index"])
    first = distinct.iloc[0]
    column = first["column"] if isinstance(first["column"], str) else None
    check = str(first["check"])
    value = first["failure_case"]
    row = None if pd.isna(first["_row"]) else int(first["_row"]) + 1
    if check == "column_in_dataframe":
        problem = f"required column '{value}' is missing"
        column = str(value)
    elif check.startswith("coerce_dtype") or check.startswith("dtype"):
        problem = f"'{value}' is not a valid {'whole number' if 'Int' in check else 'number'}"
    elif check.startswith(_BOUND):
        problem = f"'{value}' is {check.removeprefix(_BOUND)}"
    elif check == "not_nullable":
        problem = "a value is required here but the cell is empty"
    elif check in {"field_uniqueness", "multiple_fields_uniqueness"}:
        problem = f"duplicate key '{value}' (each value must be unique)"
    else:
        problem = f"'{value}' fails check {check}"
    return DataFileError(file, problem, row=row, column=column, more=len(distinct) - 1)


def load_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Read ``data/<name>.csv`` and validate it against its schema."""
    file = FILES[name]
    frame = _read_csv((data_dir or default_data_dir()) / file, file)
    try:
        return SCHEMAS[name].validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise _first_failure(file, exc) from None


def _check_refs(
    file: str, frame: pd.DataFrame, column: str, known: set[str], what: str, *, multi: bool = True
) -> None:
    for position, value in enumerate(frame[column].tolist()):
        ids = split_ids(value) if multi else ([] if pd.isna(value) else [str(value)])
        for ref in ids:
            if ref not in known:
                raise DataFileError(file, f"'{ref}' is not {what}", row=position + 1, column=column)


def _check_value_kinds(frame: pd.DataFrame) -> None:
    """intake_reference_sets.csv: a value has a value kind; an empty cell says none or unverified."""
    for column, kind_column in SET_VALUE_KINDS.items():
        for position, (value, kind) in enumerate(zip(frame[column], frame[kind_column], strict=True)):
            if pd.isna(value) and kind not in NO_VALUE_KINDS:
                problem = (
                    f"empty, but {kind_column} is '{kind}': write the value, or the kind none/unverified"
                )
            elif not pd.isna(value) and kind in NO_VALUE_KINDS:
                problem = f"{value:g} given, but {kind_column} says '{kind}' (no value)"
            else:
                continue
            raise DataFileError(FILES["intake_reference_sets"], problem, row=position + 1, column=column)


def _check_disputed(frame: pd.DataFrame) -> None:
    """forms.csv: a disputed bioavailability says which reading the app uses, and only then."""
    pairs = zip(frame["bioavailability_basis"], frame["bioavailability_reading"], strict=True)
    for position, (basis, reading) in enumerate(pairs):
        empty = pd.isna(reading) or not str(reading).strip()
        if basis == "disputed" and empty:
            problem = "empty, but bioavailability_basis is 'disputed': say which reading the app uses and why"
        elif basis != "disputed" and not empty:
            problem = (
                f"given, but bioavailability_basis is '{basis}' (a reading is only for a disputed level)"
            )
        else:
            continue
        raise DataFileError(FILES["forms"], problem, row=position + 1, column="bioavailability_reading")


#: interactions.csv: the hours magnesium is kept from a medicine, each way.
GAP_COLUMNS = ("mg_gap_before_med_h", "mg_gap_after_med_h")


#: interactions.csv: the column a row of this kind must say "yes" in.
KIND_SAYS_YES = {"effect": "causes_cramps", "kidney": "kidney_test"}


def _check_prescriber_questions(frame: pd.DataFrame) -> None:
    """interactions.csv: a ``doctor`` medicine names the blood tests to ask its prescriber about, and
    why (the prescriber must agree first); an ``avoid`` medicine has no plan to agree to, so names
    none; tests and their reason come together, with a reminder for the days after the start."""
    columns = ("prescriber_tests", "prescriber_why")

    def filled(value: object) -> bool:
        return not pd.isna(value) and bool(str(value).strip())

    for position, row in enumerate(frame[["kind", "reminder", *columns]].itertuples(index=False)):
        gaps = [c for c in GAP_COLUMNS if not pd.isna(frame[c].iloc[position])]
        # An effect row is a medicine that can cause cramps itself (rule medicine_cramps_flag); a kidney
        # row one whose condition NICE tests kidneys for (rule kidney_check_medicine).
        required = KIND_SAYS_YES.get(row.kind)
        if required is not None and frame[required].iloc[position] != "yes":
            raise DataFileError(
                FILES["interactions"],
                f"empty, but kind is '{row.kind}': write yes",
                row=position + 1,
                column=required,
            )
        if row.kind in ("effect", "kidney") and gaps:
            # An effect row is never spaced (MedicineRule.has_timing): a gap in it would be silently unused.
            raise DataFileError(
                FILES["interactions"],
                f"given, but kind is '{row.kind}' (no spacing): leave it empty",
                row=position + 1,
                column=gaps[0],
            )
        present = {c: filled(getattr(row, c)) for c in columns}
        missing = [c for c in columns if not present[c]]
        given = [c for c in columns if present[c]]
        if row.kind == "doctor" and missing:
            column, problem = (
                missing[0],
                "empty, but kind is 'doctor': say what to ask the prescriber before a plan",
            )
        elif row.kind == "avoid" and given:
            column, problem = (
                given[0],
                "given, but kind is 'avoid' (no plan follows, so there is nothing to agree to)",
            )
        elif given and missing:
            column, problem = missing[0], f"empty, but {given[0]} is given: give both or neither"
        elif given and not filled(row.reminder):
            # The calendar's reminders come after the prescriber agreed: the row's advice is for
            # before the start (GP review, 2026-12-05), so such a medicine says what to watch for then.
            column, problem = (
                "reminder",
                "empty, but prescriber_tests is given: say what every dose reminder tells the person once "
                "the prescriber agreed",
            )
        else:
            continue
        raise DataFileError(FILES["interactions"], problem, row=position + 1, column=column)


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load every table, validate each, then check references across files."""
    folder = data_dir or default_data_dir()
    tables = {name: load_table(name, folder) for name in SCHEMAS}

    source_ids = set(tables["sources"]["id"])
    for name, frame in tables.items():
        if "source_ids" in frame.columns:
            _check_refs(FILES[name], frame, "source_ids", source_ids, "an id in sources.csv")

    _check_value_kinds(tables["intake_reference_sets"])
    _check_disputed(tables["forms"])
    _check_prescriber_questions(tables["interactions"])

    evidence_ids = set(tables["evidence"]["evidence_id"])
    _check_refs(
        "measures.csv", tables["measures"], "evidence_ids", evidence_ids, "an evidence_id in evidence.csv"
    )

    form_ids = set(tables["forms"]["form_id"])
    _check_refs("evidence.csv", tables["evidence"], "form_ids", form_ids, "a form_id in forms.csv")

    food_ids = set(tables["foods"]["ndb_no"])
    for name in ("food_portions", "everyday_foods", "food_aliases", "diet_presets"):
        _check_refs(FILES[name], tables[name], "ndb_no", food_ids, "a food in foods.csv", multi=False)
    portion_keys = set(
        zip(tables["food_portions"]["ndb_no"], tables["food_portions"]["seq"].astype(int), strict=True)
    )
    for name in ("everyday_foods", "diet_presets"):
        table = tables[name]
        for position, key in enumerate(zip(table["ndb_no"], table["portion_seq"].astype(int), strict=True)):
            if key not in portion_keys:
                raise DataFileError(
                    FILES[name],
                    f"portion {key[1]} of food {key[0]} is not in food_portions.csv",
                    row=position + 1,
                    column="portion_seq",
                )

    return Dataset(**{f.name: tables[f.name] for f in fields(Dataset)})
