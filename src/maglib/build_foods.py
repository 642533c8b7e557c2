"""Build the committed food tables from the USDA SR28 ASCII release.

Offline build step, not used by the running app. It reads the USDA National Nutrient
Database for Standard Reference, Release 28 (SR28, "SR Legacy") in its ASCII form —
fields separated by ``^``, text fields wrapped in ``~``, latin-1, CRLF line ends — and
writes two derived CSVs:

``foods.csv``
    Every SR28 food that has a magnesium value (nutrient 304), sorted by ``ndb_no``,
    with magnesium, calcium, potassium, sodium (mg) and energy (kcal) per 100 g of
    edible portion. A nutrient USDA has no row for is an *empty* cell, never 0.

``food_portions.csv``
    The USDA household portions (WEIGHT.txt) of those foods, sorted by
    ``ndb_no``, ``seq``.

Numbers are written in their shortest exact decimal form (USDA's ``.5`` becomes
``0.5`` and ``15.0`` becomes ``15``; nutrient values come out exactly as USDA wrote
them), so the output is byte-identical on every rebuild: UTF-8, ``\\n`` line ends.

Usage::

    python -m maglib.build_foods SR28_DIR [--out DATA_DIR]
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

SOURCE_ID = "usda-sr28"
"""Value of the ``source_ids`` column: every row comes from SR28."""

SR28_ENCODING = "latin-1"

#: Nutr_No of each nutrient column in foods.csv.
NUTRIENT_COLUMNS: dict[str, str] = {
    "mg_per_100g": "304",  # magnesium, mg
    "ca_per_100g": "301",  # calcium, mg
    "k_per_100g": "306",  # potassium, mg
    "na_per_100g": "307",  # sodium, mg
    "kcal_per_100g": "208",  # energy, kcal
}
MAGNESIUM = NUTRIENT_COLUMNS["mg_per_100g"]

FOOD_COLUMNS: list[str] = [
    "ndb_no",
    "name",
    "food_group",
    *NUTRIENT_COLUMNS,
    "source_ids",
]
PORTION_COLUMNS: list[str] = ["ndb_no", "seq", "amount", "unit", "grams", "source_ids"]

FOODS_FILE = "foods.csv"
PORTIONS_FILE = "food_portions.csv"

# Field names of the SR28 files read here, in file order (see the SR28 documentation).
_FOOD_DES_FIELDS = [
    "NDB_No", "FdGrp_Cd", "Long_Desc", "Shrt_Desc", "ComName", "ManufacName", "Survey",
    "Ref_desc", "Refuse", "SciName", "N_Factor", "Pro_Factor", "Fat_Factor", "CHO_Factor",
]  # fmt: skip
_FD_GROUP_FIELDS = ["FdGrp_Cd", "FdGrp_Desc"]
_NUT_DATA_FIELDS = [
    "NDB_No", "Nutr_No", "Nutr_Val", "Num_Data_Pts", "Std_Error", "Src_Cd", "Deriv_Cd",
    "Ref_NDB_No", "Add_Nutr_Mark", "Num_Studies", "Min", "Max", "DF", "Low_EB", "Up_EB",
    "Stat_cmt", "AddMod_Date", "CC",
]  # fmt: skip
_WEIGHT_FIELDS = ["NDB_No", "Seq", "Amount", "Msre_Desc", "Gm_Wgt", "Num_Data_Pts", "Std_Dev"]


def read_sr28_file(path: Path, fields: Sequence[str]) -> pd.DataFrame:
    """Read one SR28 ASCII file into a frame of raw strings (empty field -> ``""``).

    Lines are split on ``^`` and each field has its ``~`` text quotes removed; SR28 never
    puts ``^`` or ``~`` inside a text field. Raises ``ValueError`` on a line whose field
    count differs from ``fields``.
    """
    text = path.read_bytes().decode(SR28_ENCODING)
    records: list[list[str]] = []
    # Split on line ends only: str.splitlines() would also split on latin-1 \x85 etc.
    for line_no, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line:
            continue
        parts = line.split("^")
        if len(parts) != len(fields):
            raise ValueError(f"{path.name}:{line_no}: expected {len(fields)} fields, got {len(parts)}")
        records.append([_unquote(part) for part in parts])
    return pd.DataFrame(records, columns=list(fields), dtype=object)


def _unquote(field: str) -> str:
    if len(field) >= 2 and field.startswith("~") and field.endswith("~"):
        return field[1:-1]
    return field


def _to_float(values: pd.Series) -> pd.Series:
    """Raw SR28 number strings -> float64; empty string -> NaN."""
    return pd.Series([float(v) if v else math.nan for v in values], index=values.index, dtype="float64")


def build_tables(sr28_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Build ``(foods, portions)`` from the SR28 ASCII files in ``sr28_dir``.

    ``foods`` has the columns :data:`FOOD_COLUMNS`: ``ndb_no`` and text columns as
    ``str``, nutrient columns as float64 with NaN where USDA has no value. ``portions``
    has :data:`PORTION_COLUMNS`, ``seq`` as int64 and ``amount``/``grams`` as float64.
    Both are sorted (foods by ``ndb_no``; portions by ``ndb_no``, ``seq``) with a fresh
    ``RangeIndex``. Pure: reads files, writes nothing.
    """
    sr28_dir = Path(sr28_dir)
    food_des = read_sr28_file(sr28_dir / "FOOD_DES.txt", _FOOD_DES_FIELDS)
    fd_group = read_sr28_file(sr28_dir / "FD_GROUP.txt", _FD_GROUP_FIELDS)
    nut_data = read_sr28_file(sr28_dir / "NUT_DATA.txt", _NUT_DATA_FIELDS)
    weight = read_sr28_file(sr28_dir / "WEIGHT.txt", _WEIGHT_FIELDS)

    for name, frame, keys in (
        ("FOOD_DES", food_des, ["NDB_No"]),
        ("NUT_DATA", nut_data, ["NDB_No", "Nutr_No"]),
        ("WEIGHT", weight, ["NDB_No", "Seq"]),
    ):
        if frame.duplicated(keys).any():
            raise ValueError(f"{name}.txt has duplicate {'+'.join(keys)} rows")

    groups = dict(zip(fd_group["FdGrp_Cd"], fd_group["FdGrp_Desc"], strict=True))
    missing_groups = set(food_des["FdGrp_Cd"]) - set(groups)
    if missing_groups:
        raise ValueError(f"FOOD_DES.txt uses unknown food groups: {sorted(missing_groups)}")

    foods = pd.DataFrame(
        {
            "ndb_no": food_des["NDB_No"].astype(str),
            "name": food_des["Long_Desc"].astype(str),
            "food_group": food_des["FdGrp_Cd"].map(groups).astype(str),
        }
    )
    for column, nutr_no in NUTRIENT_COLUMNS.items():
        rows = nut_data[nut_data["Nutr_No"] == nutr_no]
        values = pd.Series(_to_float(rows["Nutr_Val"]).to_numpy(), index=rows["NDB_No"])
        foods[column] = foods["ndb_no"].map(values).astype("float64")
    foods["source_ids"] = SOURCE_ID

    foods = foods[foods["mg_per_100g"].notna()]
    foods = foods.sort_values("ndb_no", kind="stable").reset_index(drop=True)
    foods = foods[FOOD_COLUMNS]

    weight = weight[weight["NDB_No"].isin(set(foods["ndb_no"]))]
    portions = pd.DataFrame(
        {
            "ndb_no": weight["NDB_No"].astype(str),
            "seq": weight["Seq"].astype("int64"),
            "amount": _to_float(weight["Amount"]),
            "unit": weight["Msre_Desc"].astype(str),
            "grams": _to_float(weight["Gm_Wgt"]),
        }
    )
    portions["source_ids"] = SOURCE_ID
    portions = portions.sort_values(["ndb_no", "seq"], kind="stable").reset_index(drop=True)
    portions = portions[PORTION_COLUMNS]
    return foods, portions


def format_number(value: float) -> str:
    """Shortest exact decimal text of ``value`` (``12.3``, ``0.5``, ``15``); NaN -> ``""``.

    Python's shortest round-trip repr means a value parsed from USDA text is written back
    as the same digits, never as float noise such as ``12.300000000000001``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return np.format_float_positional(float(value), unique=True, trim="-")


def _to_csv_text(frame: pd.DataFrame) -> str:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [format_number(v) for v in out[column]]
    return out.to_csv(index=False, lineterminator="\n")


def write_tables(foods: pd.DataFrame, portions: pd.DataFrame, out_dir: Path) -> None:
    """Write ``foods.csv`` and ``food_portions.csv`` into ``out_dir`` (created if needed).

    UTF-8, ``\\n`` line ends, no index column, minimal CSV quoting; float columns in
    shortest exact decimal form with empty cells for NaN.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for frame, file_name in ((foods, FOODS_FILE), (portions, PORTIONS_FILE)):
        (out_dir / file_name).write_bytes(_to_csv_text(frame).encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m maglib.build_foods SR28_DIR [--out DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m maglib.build_foods",
        description="Build data/foods.csv and data/food_portions.csv from USDA SR28 ASCII.",
    )
    parser.add_argument("sr28_dir", type=Path, help="folder holding FOOD_DES.txt etc.")
    parser.add_argument("--out", type=Path, default=Path("data"), help="output folder (default: ./data)")
    args = parser.parse_args(argv)
    foods, portions = build_tables(args.sr28_dir)
    write_tables(foods, portions, args.out)
    print(
        f"wrote {len(foods)} foods to {args.out / FOODS_FILE} and "
        f"{len(portions)} portions to {args.out / PORTIONS_FILE}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
