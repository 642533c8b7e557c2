"""maglib.intake: portion arithmetic, totals, gap, unknown nutrients, suggestions, presets, params."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maglib import intake
from maglib.data import DataFileError, load_dataset
from maglib.links import check_query

from .conftest import DATA, dataset

DATASET = dataset()
INDEX = intake.build_food_index(
    DATASET.foods, DATASET.food_portions, DATASET.everyday_foods, DATASET.diet_presets
)
FOODS = DATASET.foods.set_index("ndb_no")
PORTIONS = DATASET.food_portions.set_index(["ndb_no", "seq"])


def csv_grams(ndb_no: str, seq: int) -> float:
    return float(PORTIONS.loc[(ndb_no, seq), "grams"])


def test_almonds_one_ounce_from_the_csv():
    # 1 oz of almonds (portion 5 in food_portions.csv) × mg_per_100g / 100.
    grams = csv_grams("12061", 5)
    expected = grams * float(FOODS.loc["12061", "mg_per_100g"]) / 100
    food = INDEX.foods["12061"]
    line = intake.food_line(INDEX, "12061", 2, food.default_portion)
    assert line.grams == pytest.approx(2 * grams)
    assert line.mg == pytest.approx(2 * expected)
    assert 70 < expected < 85  # ODS lists about 80 mg per ounce of almonds


def test_100g_portion_gives_the_per_100g_values():
    line = intake.food_line(INDEX, "16015", 1, intake.PORTION_100G)
    row = FOODS.loc["16015"]
    assert line.grams == 100
    assert line.mg == pytest.approx(row["mg_per_100g"])
    assert line.ca_mg == pytest.approx(row["ca_per_100g"])
    assert line.k_mg == pytest.approx(row["k_per_100g"])


def test_every_food_has_100g_and_its_usda_portions():
    counts = DATASET.food_portions.groupby("ndb_no").size()
    for ndb_no in ("12061", "09040", "01001"):
        food = INDEX.foods[ndb_no]
        assert food.portions[-1].label == intake.PORTION_100G
        assert len(food.portions) == counts[ndb_no] + 1
        labels = [p.label for p in food.portions]
        assert len(set(labels)) == len(labels)
    no_portion = set(DATASET.foods["ndb_no"]) - set(DATASET.food_portions["ndb_no"])
    sample = sorted(no_portion)[0]
    assert INDEX.foods[sample].default_portion == intake.PORTION_100G


def test_default_portion_is_the_everyday_one():
    for row in DATASET.everyday_foods.itertuples():
        food = INDEX.foods[row.ndb_no]
        assert food.portion(food.default_portion).grams == pytest.approx(
            csv_grams(row.ndb_no, int(row.portion_seq))
        )
        assert food.label == row.label


def test_unknown_calcium_is_reported_not_zeroed():
    unknown = DATASET.foods[DATASET.foods["ca_per_100g"].isna()]
    assert not unknown.empty
    ndb_no = unknown["ndb_no"].iloc[0]
    lines = [
        intake.food_line(INDEX, ndb_no, 1, intake.PORTION_100G),
        intake.food_line(INDEX, "16015", 1, intake.PORTION_100G),
    ]
    assert lines[0].ca_mg is None
    totals = intake.diet_total(lines)
    assert totals.missing_ca == (INDEX.foods[ndb_no].label,)
    assert totals.ca_mg == pytest.approx(FOODS.loc["16015", "ca_per_100g"])
    assert totals.missing_mg == ()
    # A food eaten zero times lacks nothing.
    none_eaten = intake.diet_total([intake.food_line(INDEX, ndb_no, 0, intake.PORTION_100G)])
    assert none_eaten.missing_ca == ()


def _line(mg: float | None, servings: float = 1.0, label: str = "x") -> intake.Line:
    return intake.Line("00000", label, servings, "100 g", 100 * servings, mg, 1.0, 1.0, 1.0)


def test_unknown_magnesium_is_listed_and_left_out():
    totals = intake.diet_total([_line(50.0, label="a"), _line(None, label="b"), _line(25.0, label="c")])
    assert totals.mg == 75
    assert totals.missing_mg == ("b",)


food_ids = st.sampled_from(sorted(INDEX.foods))
servings = st.floats(0, intake.SERVINGS_MAX, allow_nan=False)


@given(st.lists(st.tuples(food_ids, servings), max_size=12, unique_by=lambda t: t[0]), st.integers(30, 420))
def test_totals_are_sums_of_parts_and_gap_is_consistent(items, rda):
    lines = [intake.food_line(INDEX, n, s, INDEX.foods[n].default_portion) for n, s in items]
    totals = intake.diet_total(lines)
    assert totals.mg == pytest.approx(sum(line.mg or 0 for line in lines))
    assert totals.mg >= 0 and totals.ca_mg >= 0 and totals.k_mg >= 0
    for line in lines:
        food = INDEX.foods[line.ndb_no]
        assert line.mg == pytest.approx(food.mg_per_100g * line.grams / 100)
    gap = intake.gap_for(totals.mg, rda)
    assert gap.gap_mg >= 0 and gap.surplus_mg >= 0
    assert min(gap.gap_mg, gap.surplus_mg) == 0
    assert totals.mg + gap.gap_mg - gap.surplus_mg == pytest.approx(rda)
    assert gap.pct == pytest.approx(100 * totals.mg / rda)


def test_percent_needs_positive_reference():
    assert intake.percent_of(210, 420) == 50
    with pytest.raises(ValueError):
        intake.percent_of(1, 0)


def test_suggestions_rank_and_servings_needed():
    found = intake.suggestions_per_serving(INDEX, 100, limit=5)
    per_serving = [s.mg_per_serving for s in found]
    assert per_serving == sorted(per_serving, reverse=True)
    # Nothing outside the top five gives more per serving.
    others = intake.suggestions_per_serving(INDEX, 100, limit=500)
    assert max(s.mg_per_serving for s in others[5:]) <= per_serving[-1]
    for s in found:
        assert s.servings_needed == pytest.approx(100 / s.mg_per_serving)
        assert s.ndb_no in INDEX.everyday
    by_kcal = intake.suggestions_per_100kcal(INDEX, 100, limit=5, max_servings=4)
    values = [s.mg_per_100kcal for s in by_kcal]
    assert values == sorted(values, reverse=True)
    assert all(s.servings_needed <= 4 for s in by_kcal)
    coffee = INDEX.foods["14209"]
    assert "14209" not in {s.ndb_no for s in by_kcal}, coffee.label  # 14 cups is not a suggestion


def test_round_servings_rounds_up_to_the_step():
    assert intake.round_servings(0.19) == 0.25
    assert intake.round_servings(1.0) == 1.0
    assert intake.round_servings(1.01) == 1.25


def test_presets_load_their_rows():
    assert {"Typical day", "Plant-based day", "Low-magnesium day"} <= set(intake.preset_names(INDEX))
    for name in intake.preset_names(INDEX):
        rows = DATASET.diet_presets[DATASET.diet_presets["preset"] == name]
        state = intake.preset_state(INDEX, name)
        assert state[intake.FOODS_KEY] == "-".join(rows["ndb_no"])
        total = 0.0
        for row in rows.itertuples():
            assert state[intake.servings_key(row.ndb_no)] == row.servings
            line = intake.food_line(INDEX, row.ndb_no, row.servings, state[intake.unit_key(row.ndb_no)])
            assert line.grams == pytest.approx(row.servings * csv_grams(row.ndb_no, int(row.portion_seq)))
            total += line.mg
        assert total > 0
    low = intake.preset_state(INDEX, "Low-magnesium day")
    plant = intake.preset_state(INDEX, "Plant-based day")

    def mg(state):
        codes = str(state[intake.FOODS_KEY]).split("-")
        lines = [
            intake.food_line(INDEX, n, state[intake.servings_key(n)], state[intake.unit_key(n)])
            for n in codes
        ]
        return intake.diet_total(lines).mg

    assert mg(low) < mg(plant)


def test_list_code_round_trip_and_problems():
    code = intake.encode_food_list(["12061", "16015"])
    assert code == "12061-16015"
    assert intake.parse_food_list(code, INDEX).ndb_nos == ("12061", "16015")
    parsed = intake.parse_food_list("12061, 99999 12061 abc", INDEX)
    assert parsed.ndb_nos == ("12061",)
    # One line per kind of problem (issue 17: repeated problems collapse into one line with a count).
    assert len(parsed.problems) == 2
    assert any("99999" in p and "abc" in p for p in parsed.problems)
    assert any("twice" in p for p in parsed.problems)
    many = intake.encode_food_list(list(INDEX.foods)[: intake.MAX_FOODS + 2])
    limited = intake.parse_food_list(many, INDEX)
    assert len(limited.ndb_nos) == intake.MAX_FOODS
    assert [p for p in limited.problems if "limit" in p] == [
        f"'{many.split('-')[-2]}', '{many.split('-')[-1]}' are beyond the {intake.MAX_FOODS}-food limit"
    ]
    flood = intake.parse_food_list("1-" * 100 + "2", INDEX)
    assert flood.problems == ("'1', '2' are not USDA food numbers in this app (101 times in all)",)


def test_params_defaults_and_link_check():
    params = intake.list_params(INDEX, ["12061", "08121"])
    by_key = {p.key: p for p in params}
    assert by_key[intake.FOODS_KEY].default == intake.encode_food_list(intake.default_food_list(INDEX))
    # Oatmeal is in "Typical day": its defaults are the preset's; almonds default to 1 serving.
    assert by_key["s_08121"].default == 1.0 and by_key["s_12061"].default == 1.0
    typical = {r.ndb_no: r.servings for r in DATASET.diet_presets.itertuples() if r.preset == "Typical day"}
    bread = intake.list_params(INDEX, ["18075"])
    assert bread[1].default == typical["18075"]
    valid, ignored = check_query(
        {"s_12061": ["2.5"], "u_12061": [intake.PORTION_100G], "s_08121": ["99"], "foods": ["12061-08121"]},
        params,
    )
    assert valid == {"s_12061": 2.5, "u_12061": "100 g", "foods": "12061-08121"}
    assert [i.key for i in ignored] == ["s_08121"]
    # Longest list code fits the link checker's value limit.
    longest = intake.encode_food_list(["00000"] * intake.MAX_FOODS)
    assert len(longest) <= by_key[intake.FOODS_KEY].max_len


def test_all_params_cover_every_food():
    params = intake.diet_params(INDEX)
    assert len(params) == 1 + 2 * len(DATASET.foods)
    assert len({p.key for p in params}) == len(params)


# ---- data.py: the diet_presets table is validated and cross-checked --------------------------


def _copy_with_presets(tmp_path, text: str):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    (target / "diet_presets.csv").write_text(text)
    return target


HEADER = "preset,ndb_no,portion_seq,servings,source_ids\n"


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ("Day,12061,5,1,app-example\nDay,99999,1,1,app-example\n", "99999"),
        ("Day,12061,77,1,app-example\n", "portion 77 of food 12061"),
        ("Day,12061,5,0,app-example\n", "servings"),
        ("Day,12061,5,1,nope-source\n", "nope-source"),
        ("Day,12061,5,1,app-example\nDay,12061,1,2,app-example\n", "duplicate"),
    ],
)
def test_broken_presets_are_named(tmp_path, rows, fragment):
    folder = _copy_with_presets(tmp_path, HEADER + rows)
    with pytest.raises(DataFileError) as err:
        load_dataset(folder)
    assert "diet_presets.csv" in err.value.message
    assert fragment in err.value.message


def test_presets_frame_types():
    frame = DATASET.diet_presets
    assert list(frame.columns) == ["preset", "ndb_no", "portion_seq", "servings", "source_ids"]
    assert pd.api.types.is_float_dtype(frame["servings"])


def test_brazil_nuts_are_never_suggested():
    """Dietitian review (2026-12-04): "Close the gap" suggested up to four ounces of Brazil nuts a day;
    one ounce has about 544 µg of selenium against a 400 µg adult upper limit (NIH ODS selenium fact
    sheet), and the app holds no selenium data to warn with (data/README.md)."""
    assert 12078 not in set(DATASET.everyday_foods["ndb_no"].astype(int))
    assert not DATASET.everyday_foods["label"].str.contains("brazil", case=False).any()
    assert 12078 in set(DATASET.foods["ndb_no"].astype(int))  # still in the food table, to add by name
    shown = intake.suggestions_per_100kcal(INDEX, 420.0, max_servings=4)
    assert shown and not [s for s in shown if "brazil" in s.label.lower()]


#: An independent reading of the everyday foods' labels and categories: the allergen each plainly
#: is or holds (hummus is made with tahini, sesame paste). A food whose mark is missing or wrong in
#: everyday_foods.csv fails here.
_PLAIN_ALLERGENS: tuple[tuple[str, str], ...] = (
    (r"\b(almond|cashew|walnut|pistachio|pecan|hazelnut|macadamia)", "tree nuts"),
    (r"\bpeanut", "peanuts"),
    (r"\b(tahini|sesame|hummus)", "sesame"),
    (r"\b(soy|tofu|edamame)", "soy"),
    (r"\bwheat\b|\bwhite bread\b", "wheat"),
    (r"\begg\b", "egg"),
    (r"\b(shrimp|prawn|crab|lobster)", "shellfish"),
    (r"\b(yogurt|cheese|cheddar)\b|^milk\b", "milk"),
)


def test_every_everyday_food_names_the_major_allergens_it_plainly_holds():
    import re

    frame = DATASET.everyday_foods
    for ndb_no, label, category in zip(frame["ndb_no"], frame["label"], frame["category"], strict=True):
        expected = {name for pattern, name in _PLAIN_ALLERGENS if re.search(pattern, label.lower())}
        if category == "fish" and not re.search(r"shrimp|prawn|crab|lobster", label.lower()):
            expected.add("fish")
        assert set(INDEX.allergens.get(ndb_no, ())) == expected, (ndb_no, label)
        # A marked row cites where the list of major allergens comes from.
        if expected:
            cited = frame.loc[frame["ndb_no"] == ndb_no, "source_ids"].iloc[0].split(";")
            assert intake.ALLERGEN_SOURCE_IDS in cited, label
    assert intake.ALLERGEN_SOURCE_IDS in set(DATASET.sources["id"])


def test_suggestions_carry_their_allergens():
    shown = intake.suggestions_per_serving(INDEX, 420.0, limit=len(INDEX.everyday))
    by_label = {s.label: s.allergens for s in shown}
    assert by_label["Peanut butter, smooth"] == ("peanuts",)
    assert by_label["Tofu, firm"] == ("soy",)
    assert by_label["Spinach, cooked"] == ()
    assert intake.allergen_words(("tree nuts", "soy")) == "contains tree nuts, soy"
    assert intake.allergen_words(()) == ""


@pytest.mark.parametrize(
    ("stage", "rows"),
    [
        ("general", ("cochrane-nondrug-2021-stretching", "coppin-2005-stretching")),
        ("lactation", ("cochrane-nondrug-2021-stretching", "coppin-2005-stretching")),
        ("pregnancy", ("cochrane-preg-2020-magnesium",)),  # the non-drug review left pregnancy out
    ],
)
def test_a_no_gap_day_leads_to_rows_of_evidence_csv_by_stage(stage, rows):
    """Review (session 63): /diet's no-gap words and their rows, each a row of data/evidence.csv."""
    words, ids = intake.no_gap_cramp_evidence(stage)
    assert ids == rows and words.endswith(":")
    assert set(ids) <= set(dataset().evidence["evidence_id"])
