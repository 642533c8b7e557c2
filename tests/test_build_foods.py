"""Tests for maglib.build_foods and the committed food tables in data/.

The rebuild tests need the USDA SR28 ASCII files at ../shared/data/usda-sr28 (next to the
repo); they are skipped when that folder is absent. The checks of the committed CSVs
themselves always run.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from maglib.build_foods import (
    FOOD_COLUMNS,
    PORTION_COLUMNS,
    build_tables,
    format_number,
    main,
    write_tables,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = REPO_ROOT / "data"
SR28_DIR = REPO_ROOT.parent / "shared" / "data" / "usda-sr28"

FOODS_CSV = DATA_DIR / "foods.csv"
PORTIONS_CSV = DATA_DIR / "food_portions.csv"
EVERYDAY_CSV = DATA_DIR / "everyday_foods.csv"

EVERYDAY_COLUMNS = [
    "ndb_no",
    "label",
    "category",
    "allergens",
    "caffeine",
    "free_sugars",
    "portion_seq",
    "note",
    "source_ids",
]

NUTRIENT_NO = {
    "mg_per_100g": "304",
    "ca_per_100g": "301",
    "k_per_100g": "306",
    "na_per_100g": "307",
    "kcal_per_100g": "208",
}

# Every food the guidance names -> the SR28 item(s) chosen for it in everyday_foods.csv.
GUIDANCE_FOODS: dict[str, set[str]] = {
    "spinach": {"11458", "11457"},
    "kale": {"11234", "11233"},
    "pumpkin seeds": {"12016"},
    "almonds": {"12061"},
    "chia": {"12006"},
    "cashews": {"12085"},
    "peanuts": {"16390"},
    "peanut butter": {"16098"},
    "black beans": {"16015"},
    "lentils": {"16070"},
    "kidney beans": {"16028"},
    "edamame/soy": {"11212", "16426", "16109", "16222"},
    "oats": {"08121"},
    "brown rice": {"20037"},
    "whole-wheat bread": {"18075"},
    "salmon": {"15237"},
    "mackerel": {"15047"},
    "halibut": {"15037"},
    "yogurt": {"01117", "01256"},
    "milk": {"01079", "01077"},
    "dark chocolate (70-85% cocoa)": {"19904"},
    "banana": {"09040"},
    "avocado": {"09037"},
    "potato": {"11356"},
    "sweet potato": {"11508"},
    "coconut water": {"14090", "12119"},
    "broth/stock": {"06172"},
}

requires_sr28 = pytest.mark.skipif(
    not SR28_DIR.is_dir(),
    reason=f"USDA SR28 ASCII files not found at {SR28_DIR} (CI provides them)",
)


def read_foods(path: Path = FOODS_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"ndb_no": str}, keep_default_na=True)


def read_portions(path: Path = PORTIONS_CSV) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"ndb_no": str})


def read_everyday() -> pd.DataFrame:
    return pd.read_csv(EVERYDAY_CSV, dtype={"ndb_no": str, "note": str})


def sr28_rows(file_name: str) -> list[list[str]]:
    """Independent minimal parse of an SR28 ASCII file (``^`` fields, ``~`` quotes)."""
    text = (SR28_DIR / file_name).read_bytes().decode("latin-1")
    return [[field.strip("~") for field in line.split("^")] for line in text.split("\r\n") if line]


# --- rebuild -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rebuilt")
    foods, portions = build_tables(SR28_DIR)
    write_tables(foods, portions, out)
    return out


@requires_sr28
@pytest.mark.parametrize("file_name", ["foods.csv", "food_portions.csv"])
def test_rebuild_is_byte_identical(rebuilt: Path, file_name: str) -> None:
    committed = (DATA_DIR / file_name).read_bytes()
    assert (rebuilt / file_name).read_bytes() == committed, (
        f"data/{file_name} is stale: run "
        f"`PYTHONPATH=src python -m maglib.build_foods {SR28_DIR}` and commit the result"
    )


@requires_sr28
def test_cli_writes_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SR28_DIR), "--out", str(tmp_path / "out")]) == 0
    assert "foods" in capsys.readouterr().out
    for file_name in ("foods.csv", "food_portions.csv"):
        assert (tmp_path / "out" / file_name).read_bytes() == (DATA_DIR / file_name).read_bytes()


@requires_sr28
def test_build_tables_frames() -> None:
    foods, portions = build_tables(SR28_DIR)
    assert list(foods.columns) == FOOD_COLUMNS
    assert list(portions.columns) == PORTION_COLUMNS
    assert foods["mg_per_100g"].notna().all()
    assert foods["ndb_no"].is_monotonic_increasing
    assert str(portions["seq"].dtype) == "int64"


# --- committed foods.csv / food_portions.csv -------------------------------------------


def test_files_are_utf8_with_lf_line_ends() -> None:
    for path in (FOODS_CSV, PORTIONS_CSV, EVERYDAY_CSV):
        raw = path.read_bytes()
        raw.decode("utf-8")
        assert b"\r" not in raw, f"{path.name} has CR line ends"
        assert raw.endswith(b"\n")


def test_foods_shape_and_ids() -> None:
    foods = read_foods()
    assert list(foods.columns) == FOOD_COLUMNS
    assert 7_500 <= len(foods) <= 8_789
    assert foods["ndb_no"].str.fullmatch(r"\d{5}").all()
    assert foods["ndb_no"].is_unique
    assert foods["ndb_no"].is_monotonic_increasing
    assert foods["mg_per_100g"].notna().all()
    assert (foods["source_ids"] == "usda-sr28").all()
    assert foods["name"].notna().all() and foods["food_group"].notna().all()
    for column in NUTRIENT_NO:
        assert pd.api.types.is_numeric_dtype(foods[column]), column
        assert (foods[column].dropna() >= 0).all(), column


def test_known_food_values() -> None:
    foods = read_foods().set_index("ndb_no")
    pumpkin = foods.loc["12016"]
    assert pumpkin["mg_per_100g"] == 550
    assert pumpkin["food_group"] == "Nut and Seed Products"
    assert foods.loc["01001", "name"] == "Butter, salted"
    assert foods.loc["01001", "kcal_per_100g"] == 717


def test_portions_shape() -> None:
    foods = read_foods()
    portions = read_portions()
    assert list(portions.columns) == PORTION_COLUMNS
    assert portions["ndb_no"].str.fullmatch(r"\d{5}").all()
    assert set(portions["ndb_no"]) <= set(foods["ndb_no"])
    assert not portions.duplicated(["ndb_no", "seq"]).any()
    keys = list(zip(portions["ndb_no"], portions["seq"], strict=True))
    assert keys == sorted(keys)
    assert (portions["grams"] > 0).all()
    assert (portions["amount"] > 0).all()
    assert portions["unit"].notna().all()
    assert (portions["source_ids"] == "usda-sr28").all()


def test_numbers_have_no_float_noise() -> None:
    for path, columns in (
        (FOODS_CSV, list(NUTRIENT_NO)),
        (PORTIONS_CSV, ["amount", "grams"]),
    ):
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in columns:
            cells = raw[column][raw[column] != ""]
            assert cells.str.fullmatch(r"\d+(\.\d{1,3})?").all(), (path.name, column)


def test_format_number() -> None:
    assert format_number(12.3) == "12.3"
    assert format_number(0.1 + 0.2) == "0.30000000000000004"  # real noise is not hidden
    assert format_number(float(".5")) == "0.5"
    assert format_number(15.0) == "15"
    assert format_number(math.nan) == ""


@requires_sr28
def test_foods_match_usda_rows_and_unknown_is_empty() -> None:
    """Each nutrient cell equals USDA's value; no USDA row -> empty (NaN), never 0."""
    values = {(r[0], r[1]): float(r[2]) for r in sr28_rows("NUT_DATA.txt")}
    foods = read_foods()
    missing_total = 0
    for column, nutr_no in NUTRIENT_NO.items():
        for ndb_no, cell in zip(foods["ndb_no"], foods[column], strict=True):
            usda = values.get((ndb_no, nutr_no))
            if usda is None:
                missing_total += 1
                assert math.isnan(cell), (ndb_no, column, cell)
            else:
                assert cell == usda, (ndb_no, column, cell, usda)
    # SR28 lacks calcium for ~200 of these foods, so the empty-cell path is exercised.
    assert missing_total > 100
    magnesium_foods = {r[0] for r in sr28_rows("NUT_DATA.txt") if r[1] == "304"}
    assert set(foods["ndb_no"]) == magnesium_foods


@requires_sr28
def test_missing_sodium_row_becomes_empty_cell(tmp_path: Path) -> None:
    """Every magnesium food in SR28 has a sodium row, so drop one to test the NaN path."""
    sr28 = tmp_path / "sr28"
    sr28.mkdir()
    for source in SR28_DIR.glob("*.txt"):
        shutil.copyfile(source, sr28 / source.name)  # contents only, not read-only modes
    lines = (sr28 / "NUT_DATA.txt").read_bytes().split(b"\r\n")
    kept = [line for line in lines if not line.startswith(b"~01001~^~307~^")]
    assert len(kept) == len(lines) - 1
    (sr28 / "NUT_DATA.txt").write_bytes(b"\r\n".join(kept))

    foods, portions = build_tables(sr28)
    write_tables(foods, portions, tmp_path / "out")
    raw_line = next(
        line
        for line in (tmp_path / "out" / "foods.csv").read_text(encoding="utf-8").splitlines()
        if line.startswith("01001,")
    )
    assert raw_line == '01001,"Butter, salted",Dairy and Egg Products,2,24,24,,717,usda-sr28'
    butter = read_foods(tmp_path / "out" / "foods.csv").set_index("ndb_no").loc["01001"]
    assert math.isnan(butter["na_per_100g"])
    assert butter["mg_per_100g"] == 2


# --- everyday_foods.csv ----------------------------------------------------------------


def test_everyday_foods_shape() -> None:
    everyday = read_everyday()
    assert list(everyday.columns) == EVERYDAY_COLUMNS
    assert len(everyday) >= 60
    assert everyday["ndb_no"].str.fullmatch(r"\d{5}").all()
    assert everyday["ndb_no"].is_unique
    assert everyday["label"].is_unique
    assert everyday["label"].str.strip().str.len().gt(0).all()
    assert everyday["category"].notna().all()
    # SR28 for the food, the list of major allergens where one is marked, the FDA's caffeine page
    # where caffeine is (rule no_caffeine_suggestions), the NHS on free sugars where they are (rule
    # no_free_sugar_suggestions).
    expected = [
        "usda-sr28"
        + (";us-major-allergens" if marks else "")
        + (";fda-caffeine" if caffeine == "yes" else "")
        + (";nhs-sugar-facts" if sugars == "yes" else "")
        for marks, caffeine, sugars in zip(
            everyday["allergens"].fillna(""),
            everyday["caffeine"].fillna(""),
            everyday["free_sugars"].fillna(""),
            strict=True,
        )
    ]
    assert everyday["source_ids"].tolist() == expected


def test_everyday_foods_exist_with_magnesium_and_portion() -> None:
    everyday = read_everyday()
    foods = read_foods().set_index("ndb_no")
    portions = read_portions()
    assert set(everyday["ndb_no"]) <= set(foods.index)
    assert foods.loc[everyday["ndb_no"], "mg_per_100g"].notna().all()
    portion_keys = set(zip(portions["ndb_no"], portions["seq"], strict=True))
    for ndb_no, seq in zip(everyday["ndb_no"], everyday["portion_seq"], strict=True):
        assert (ndb_no, int(seq)) in portion_keys, (ndb_no, seq)


@pytest.mark.parametrize("food", sorted(GUIDANCE_FOODS))
def test_everyday_foods_include_guidance_food(food: str) -> None:
    chosen = set(read_everyday()["ndb_no"])
    assert GUIDANCE_FOODS[food] <= chosen, food


def test_guidance_items_are_what_they_claim() -> None:
    foods = read_foods().set_index("ndb_no")
    assert "70-85% cacao" in foods.loc["19904", "name"]
    assert "Edamame" in foods.loc["11212", "name"]
    assert "oconut water" in foods.loc["14090", "name"]
    assert "stock" in foods.loc["06172", "name"]
    everyday = read_everyday().set_index("ndb_no")
    assert "bone broth" in everyday.loc["06172", "note"]
