"""maglib.data: the committed files pass their schemas; broken copies fail clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from molmass import Formula

from maglib.data import FILES, SCHEMAS, DataFileError, load_dataset, load_table, split_ids

from .conftest import DATA, REFERENCE_LEVELS, dataset

# Atomic mass of Mg as molmass computes it, so the check uses one library for both.
MG = Formula("Mg").mass


@pytest.fixture(scope="module")
def data():
    return dataset()


def test_every_file_loads_and_has_its_columns(data):
    for name, schema in SCHEMAS.items():
        frame = getattr(data, name)
        assert len(frame) > 0, name
        assert set(schema.columns) <= set(frame.columns), name


def test_every_source_id_is_in_sources(data):
    known = set(data.sources["id"])
    for name in SCHEMAS:
        frame = getattr(data, name)
        if "source_ids" in frame.columns:
            cited = {i for v in frame["source_ids"] for i in split_ids(v)}
            assert cited <= known, (name, cited - known)


def test_elemental_pct_matches_molmass(data):
    for row in data.forms.itertuples():
        formula = Formula(row.formula)
        comp = formula.composition()
        mg_count = comp["Mg"].count
        expected = 100 * mg_count * MG / formula.mass
        assert row.elemental_pct == pytest.approx(expected, abs=0.01), row.form_id


def test_reference_comparison_levels(data):
    forms = data.forms.set_index("form_id")
    expected = REFERENCE_LEVELS
    for form_id, (bio, digestive, benefit) in expected.items():
        row = forms.loc[form_id]
        assert (row["bioavailability"], row["digestive_effects"], row["key_benefit"]) == (
            bio,
            digestive,
            benefit,
        ), form_id


def test_glycinate_500mg_is_about_70mg_elemental(data):
    pct = data.forms.set_index("form_id").loc["glycinate", "elemental_pct"]
    assert 500 * pct / 100 == pytest.approx(70, abs=2)


def test_required_forms_and_interactions_present(data):
    required_forms = {
        "glycinate",
        "citrate",
        "malate",
        "oxide",
        "chloride",
        "sulfate",
        "lactate",
        "aspartate",
        "taurate",
        "threonate",
        "orotate",
        "carbonate",
        "hydroxide",
        "gluconate",
        "topical",
    }
    assert required_forms <= set(data.forms["form_id"])
    text = " ".join(data.interactions["drug_class"]).lower()
    for word in (
        "tetracycline",
        "fluoroquinolone",
        "bisphosphonate",
        "levothyroxine",
        "integrase",
        "gabapentin",
        "loop",
        "thiazide",
        "potassium-sparing",
        "proton pump",
    ):
        assert word in text, word


def test_upper_limits_by_age(data):
    ref = data.intake_reference

    def ul(age: float) -> float | None:
        rows = ref[(ref.age_min_years <= age) & (ref.age_max_years > age) & (ref.life_stage == "general")]
        values = set(rows["mg_ul_supplemental"].dropna())
        return None if rows["mg_ul_supplemental"].isna().all() else values.pop()

    assert ul(0.2) is None
    assert ul(2) == 65
    assert ul(6) == 110
    for age in (9, 14, 30, 70):
        assert ul(age) == 350


def test_every_age_and_sex_has_one_general_row(data):
    ref = data.intake_reference
    for age in [*range(1, 121)]:
        for sex in ("female", "male"):
            rows = ref[
                (ref.age_min_years <= age)
                & (ref.age_max_years > age)
                & (ref.sex == sex)
                & (ref.life_stage == "general")
            ]
            assert len(rows) == 1, (age, sex)


# ---- corrupted copies: the loader names file, row and column ---------------------------------


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit(folder: Path, file: str, edit) -> None:
    path = folder / file
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = edit(frame)
    frame.to_csv(path, index=False)


def test_text_in_number_column(copy_dir):
    def edit(f):
        f.loc[2, "elemental_pct"] = "lots"
        return f

    _edit(copy_dir, "forms.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("forms.csv", 3, "elemental_pct")
    assert "lots" in err.value.message and "row 3" in err.value.message


@pytest.mark.parametrize(
    ("basis", "reading", "says"),
    [
        ("disputed", "", "say which reading the app uses"),
        ("sourced", "A reading for a level nobody disputes.", "only for a disputed level"),
    ],
)
def test_a_disputed_bioavailability_must_say_which_reading_the_app_uses(copy_dir, basis, reading, says):
    """Where sources disagree the app says which reading it uses and why (forms.csv row 4: oxide)."""

    def edit(f):
        f.loc[3, ["bioavailability_basis", "bioavailability_reading"]] = [basis, reading]
        return f

    _edit(copy_dir, "forms.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("forms.csv", 4, "bioavailability_reading")
    assert says in err.value.message


def test_an_unknown_bioavailability_basis_is_refused(copy_dir):
    def edit(f):
        f.loc[0, "bioavailability_basis"] = "probably"
        return f

    _edit(copy_dir, "forms.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("forms.csv", 1, "bioavailability_basis")


def test_an_allergen_outside_the_nine_is_refused(copy_dir):
    def edit(f):
        f.loc[4, "allergens"] = "peanuts;nuts"  # "nuts" is not one of the nine
        return f

    _edit(copy_dir, "everyday_foods.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("everyday_foods.csv", 5, "allergens")
    assert "US major allergens" in err.value.message


def test_missing_column(copy_dir):
    _edit(copy_dir, "intake_reference.csv", lambda f: f.drop(columns=["mg_rda"]))
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert err.value.file == "intake_reference.csv"
    assert err.value.column == "mg_rda"
    assert "missing" in err.value.message


def test_duplicate_key(copy_dir):
    def edit(f):
        f.loc[1, "form_id"] = f.loc[0, "form_id"]
        return f

    _edit(copy_dir, "forms.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert err.value.column == "form_id" and err.value.row == 1
    assert "duplicate" in err.value.message


def test_unknown_source_id(copy_dir):
    def edit(f):
        f.loc[4, "source_ids"] = "no-such-source"
        return f

    _edit(copy_dir, "interactions.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("interactions.csv", 5, "source_ids")
    assert "no-such-source" in err.value.message


def test_empty_required_cell(copy_dir):
    def edit(f):
        f.loc[0, "citation"] = ""
        return f

    _edit(copy_dir, "sources.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_table("sources", copy_dir)
    assert (err.value.row, err.value.column) == (1, "citation")


def test_out_of_range_value(copy_dir):
    def edit(f):
        f.loc[0, "mg_per_100g"] = "-3"
        return f

    _edit(copy_dir, "foods.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_table("foods", copy_dir)
    assert (err.value.row, err.value.column) == (1, "mg_per_100g")


def test_not_utf8_and_empty_and_missing_file(copy_dir):
    (copy_dir / "guidance.csv").write_bytes(b"key,value\n\xff\xfe,1\n")
    with pytest.raises(DataFileError, match=r"guidance\.csv.*line 2 is not valid UTF-8"):
        load_table("guidance", copy_dir)
    (copy_dir / "evidence.csv").write_text("")
    with pytest.raises(DataFileError, match=r"evidence\.csv.*empty"):
        load_table("evidence", copy_dir)
    (copy_dir / "sources.csv").unlink()
    with pytest.raises(DataFileError, match=r"sources\.csv.*missing"):
        load_dataset(copy_dir)


def test_everyday_portion_must_exist(copy_dir):
    def edit(f):
        f.loc[0, "portion_seq"] = "99"
        return f

    _edit(copy_dir, "everyday_foods.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("everyday_foods.csv", 1, "portion_seq")


def test_files_map_matches_folder():
    for file in FILES.values():
        assert (DATA / file).is_file(), file


def test_every_red_flag_that_cannot_wait_has_its_cue_in_the_short_list(data):
    """Pharmacist review (2026-12-05): the short list said "see a doctor" for every flag, and sudden
    one-sided weakness went to a routine GP visit. A flag whose action says 999, straight away,
    immediately or urgently shows a few of its action's words in the list; the cue's emergency number
    comes from its action, never from nowhere."""
    flags = data.red_flags.set_index("flag_id")
    urgent_words = ("999", "straight away", "immediately", "urgent")
    for flag_id, row in flags.iterrows():
        action, cue = row["action"].lower(), row["urgent_cue"]
        needs_cue = any(w in action for w in urgent_words)
        assert needs_cue == isinstance(cue, str), flag_id
        if isinstance(cue, str):
            assert any(w in cue for w in urgent_words), flag_id
            assert ("999" in cue) <= ("999" in action), flag_id
    stroke = flags.loc["stroke-signs"]
    assert "one side" in stroke["symptom"] and stroke["action"].startswith("Call 999")
    assert data.red_flags["flag_id"].iloc[0] == "stroke-signs"  # first for everyone but pregnancy
    palpitations = flags.loc["heartbeat-mouth-tingling"]
    assert (
        "chest pain" in palpitations["action"] and "mayo-palpitations-emergency" in palpitations["source_ids"]
    )


def test_red_flags_that_worsen_fast_or_cut_off_a_legs_blood_are_not_left_to_a_routine_visit(data):
    """Data review (2026-12-05): weakness getting worse over days or weeks had no flag (NICE NG127: refer
    immediately); a leg suddenly pale, cold, numb or paralysed was not named (acute limb ischaemia: an
    emergency); a cramp over 10 minutes said "See your GP" while an earlier NHS page said get help
    immediately. Adversarial review (2026-12-05): each is a flag of its own, whose words do not describe
    an ordinary cramp ("painful, hard to move") or slow weakness, with the same triggers in its symptom
    and its action."""
    flags = data.red_flags.set_index("flag_id")
    rapid = flags.loc["weakness-rapid"]
    assert "both arms or both legs" in rapid["symptom"] and "up to about 4 weeks" in rapid["symptom"]
    assert rapid["action"].startswith("Get medical help the same day")
    assert rapid["source_ids"] == "nice-ng127;nice-ng127-weakness-summary"
    slow = flags.loc["weakness-wasting"]
    assert "slowly, over weeks or months" in slow["symptom"] and not isinstance(slow["urgent_cue"], str)
    cold = flags.loc["sudden-cold-leg"]
    assert "suddenly turns pale or cold, loses its feeling, or cannot be moved" in cold["symptom"]
    assert "does not ease as a cramp does" in cold["symptom"] and "painful" not in cold["symptom"]
    assert cold["action"].startswith("Call 999") and "healthnz-acute-limb-ischaemia" in cold["source_ids"]
    walking = flags.loc["leg-pain-walking"]
    assert "pale" not in walking["symptom"] and "999" not in walking["action"]
    cramp = flags.loc["cramp-over-10-minutes"]
    assert "tetanus" not in cramp["symptom"] and cramp["action"].startswith(
        "Contact your GP urgently, the same day"
    )
    assert "Sources differ" in cramp["why"] and "nhs-leg-cramps-2017" in cramp["source_ids"].split(";")
    # Session 61 (planning list): a note about a long cramp quoted tetanus, lead and mercury to everyone; the
    # wound and poison causes are a flag of their own, from the earlier NHS page that named them.
    wound = flags.loc["cramp-after-wound-or-poison"]
    assert "tetanus" in wound["symptom"] and "mercury" in wound["symptom"]
    assert wound["action"].startswith("Contact your GP for advice immediately")
    assert (
        wound["source_ids"] == "nhs-leg-cramps-2017"
        and order_after(flags, "cramp-over-10-minutes") == wound.name
    )
    order = list(flags.index)
    assert order[:2] == ["stroke-signs", "weakness-rapid"]
    assert order.index("sudden-cold-leg") == order.index("one-sided-calf") + 1
    # Pharmacist review (2026-12-06): a clot in one leg in pregnancy went to "an urgent appointment with
    # your GP"; the NHS says call the midwife, GP or maternity unit immediately, 999 for signs in the chest.
    calf = flags.loc["one-sided-calf"]
    assert "if you are pregnant or gave birth in the last 6 weeks, call your midwife, GP or maternity unit " \
        "immediately" in calf["action"]  # fmt: skip
    assert "coughing blood" in calf["action"] and "nhs-dvt-pregnancy" in calf["source_ids"].split(";")
    # Ankle swelling is common in pregnancy: the flag is for swelling nobody has checked, the midwife's too.
    swelling = flags.loc["legs-swelling"]
    assert swelling["symptom"].endswith(
        "that a doctor (or, if you are pregnant, your midwife) has not yet checked"
    )
    assert "your midwife" in swelling["action"] and "nhs-dvt-pregnancy" in swelling["source_ids"].split(";")


@pytest.mark.parametrize(
    ("kind", "tests", "why", "column", "problem"),
    [
        ("doctor", "", "x", "prescriber_tests", "empty, but kind is 'doctor'"),
        ("doctor", "magnesium", "   ", "prescriber_why", "empty, but kind is 'doctor'"),
        ("avoid", "", "because", "prescriber_why", "given, but kind is 'avoid'"),
        (
            "timing",
            "magnesium",
            "",
            "prescriber_why",
            "empty, but prescriber_tests is given: give both or neither",
        ),
        (
            "timing",
            "",
            "because",
            "prescriber_tests",
            "empty, but prescriber_why is given: give both or neither",
        ),
    ],
)
def test_a_prescriber_question_where_one_is_needed_and_only_there(
    copy_dir, kind, tests, why, column, problem
):
    """interactions.csv prescriber_tests and prescriber_why (rules doctor_medicine_confirm,
    digoxin_prescriber_confirm): a ``doctor`` medicine's blood tests and reason may not be missing (the
    stop would ask nothing), an ``avoid`` medicine, which never gets a plan, has none, and the two come
    together; the file, row and column are named."""
    frame = pd.read_csv(copy_dir / "interactions.csv", dtype=str, keep_default_na=False)
    row = int(frame.index[frame["kind"] == kind][0])

    def edit(f):
        f.loc[row, "prescriber_tests"] = tests
        f.loc[row, "prescriber_why"] = why
        return f

    _edit(copy_dir, "interactions.csv", edit)
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("interactions.csv", row + 1, column)
    assert f"column '{column}': {problem}" in err.value.message


@pytest.mark.parametrize("kind", ["doctor", "timing"])
def test_a_medicine_whose_prescriber_agrees_says_what_to_watch_for_after(copy_dir, kind):
    """interactions.csv reminder: a medicine whose prescriber must agree first (blood tests named) has a
    reminder for the days after the start — the calendar's reminders come only after that agreement,
    and the row's advice is for before it (GP review, 2026-12-05: "before you start a supplement"
    weeks after the start). The file, row and column are named."""
    frame = pd.read_csv(copy_dir / "interactions.csv", dtype=str, keep_default_na=False)
    row = int(frame.index[(frame["kind"] == kind) & (frame["prescriber_tests"] != "")][0])
    _edit(copy_dir, "interactions.csv", lambda f: f.assign(reminder=f["reminder"].where(f.index != row, " ")))
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("interactions.csv", row + 1, "reminder")
    assert "column 'reminder': empty, but prescriber_tests is given" in err.value.message


def test_every_doctor_medicine_and_digoxin_ask_their_prescriber(data):
    """The shipped file: every doctor-kind row and digoxin name blood tests and why; no other row does."""
    frame = data.interactions
    asking = set(frame.loc[frame["prescriber_tests"].fillna("") != "", "class_id"])
    explained = set(frame.loc[frame["prescriber_why"].fillna("") != "", "class_id"])
    doctors = set(frame.loc[frame["kind"] == "doctor", "class_id"])
    assert asking == explained == doctors | {"digoxin"} and len(doctors) == 5
    reminded = set(frame.loc[frame["reminder"].fillna("") != "", "class_id"])
    # and the medicines that can cause cramps, levothyroxine among them (thyroid disease can).
    effect = set(frame.loc[frame["kind"] == "effect", "class_id"])
    assert reminded == asking | effect | {"levothyroxine"}


@pytest.mark.parametrize("column", ["mg_gap_before_med_h", "mg_gap_after_med_h"])
def test_a_medicine_that_causes_cramps_has_no_spacing_to_lose(copy_dir, column):
    """interactions.csv kind ``effect`` (a medicine that can cause cramps itself, NICE CKS): it is never
    spaced (MedicineRule.has_timing), so a gap written in it would be silently unused; refused with the
    file, row and column named."""
    frame = pd.read_csv(copy_dir / "interactions.csv", dtype=str, keep_default_na=False)
    row = int(frame.index[frame["kind"] == "effect"][0])
    _edit(copy_dir, "interactions.csv", lambda f: f.assign(**{column: f[column].where(f.index != row, "2")}))
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("interactions.csv", row + 1, column)
    assert f"column '{column}': given, but kind is 'effect' (no spacing): leave it empty" in err.value.message


def test_medicines_that_can_cause_cramps_cite_nice_and_thyroid_disease_is_named(data):
    """NICE CKS (leg cramps) names diuretics, salbutamol and nifedipine among the medicines and thyroid
    disease among the conditions behind cramps (pharmacist review, 2026-12-05: nothing said so to a
    woman on levothyroxine and amlodipine)."""
    rows = data.interactions.set_index("class_id")
    effect = rows[rows["kind"] == "effect"]
    assert list(effect.index) == ["calcium-channel-blockers", "beta2-agonists"]
    assert "amlodipine" in effect.loc["calcium-channel-blockers", "examples"]
    assert "salbutamol" in effect.loc["beta2-agonists", "examples"]
    for cell in effect["source_ids"]:
        # NICE's and the BNSSG formulary's pages first; the combination tablets' records after them.
        assert cell.split(";")[:2] == ["nice-cks-leg-cramps", "bnssg-remedy-cramps"]
    for advice in effect["advice"]:
        assert "ask its prescriber whether it could be the cause" in advice
    levo = rows.loc["levothyroxine"]
    assert "Thyroid disease can itself cause leg cramps" in levo["advice"]
    assert "nice-cks-leg-cramps" in levo["source_ids"].split(";")
    cks = data.sources.set_index("id").loc["nice-cks-leg-cramps", "citation"]
    assert "(e.g. diuretics, salbutamol, nifedipine)" in cks and "thyroid disease" in cks


@pytest.mark.parametrize(("kind", "column"), [("effect", "causes_cramps"), ("kidney", "kidney_test")])
def test_a_medicine_of_kind_effect_or_kidney_says_yes_in_its_column(copy_dir, kind, column):
    """interactions.csv: an ``effect`` row is a medicine that can cause cramps itself (rule
    medicine_cramps_flag), a ``kidney`` row one whose condition NICE tests kidneys for (rule
    kidney_check_medicine), so its column says yes; the file, row and column are named."""
    frame = pd.read_csv(copy_dir / "interactions.csv", dtype=str, keep_default_na=False)
    row = int(frame.index[frame["kind"] == kind][0])
    _edit(copy_dir, "interactions.csv", lambda f: f.assign(**{column: f[column].where(f.index != row, "")}))
    with pytest.raises(DataFileError) as err:
        load_dataset(copy_dir)
    assert (err.value.file, err.value.row, err.value.column) == ("interactions.csv", row + 1, column)
    assert f"column '{column}': empty, but kind is '{kind}': write yes" in err.value.message


def test_a_row_without_spacing_says_the_leaflets_precaution_and_cites_it(data):
    """Session 51 (pharmacist review): six rows said "this app's sources give no spacing", though the app's
    own magnesium SmPC (emc 4841) advises 2 to 4 hours from any other medicine. A row with no spacing says
    no interaction is named, gives that precaution and cites its source."""
    rows = data.interactions[data.interactions["kind"].isin(["kidney", "effect"])]
    assert len(rows) >= 6
    for row in rows.itertuples():
        assert "give no spacing" not in row.advice, row.class_id
        assert "2 to 4 hours from any other medicine" in row.advice, row.class_id
        assert "smpc-mg-salts-4841" in split_ids(row.source_ids), row.class_id
    cited = data.sources.set_index("id").loc["smpc-mg-salts-4841", "citation"]
    assert "not taken within two to four hours of any other medicinal products" in cited


def test_a_diuretics_prescriber_is_asked_about_its_salts_with_the_source_that_names_them(data):
    """Phone review (session 51): a man on furosemide was asked about magnesium and kidney tests only;
    NICE's leg-cramp guidance (cited) names electrolytes among the blood tests when a medicine such as a
    diuretic may be behind cramps."""
    rows = data.interactions.set_index("class_id")
    for class_id in ("loop-diuretics", "thiazide-diuretics"):
        tests = split_ids(rows.loc[class_id, "prescriber_tests"])
        assert tests[:2] == ["potassium", "sodium"] and "magnesium" in tests, class_id
        assert "nice-cks-leg-cramps" in split_ids(rows.loc[class_id, "source_ids"]), class_id
    cited = data.sources.set_index("id").loc["nice-cks-leg-cramps", "citation"]
    assert "diuretics" in cited and "electrolytes" in cited


def order_after(flags, flag_id: str) -> str:
    """The flag listed right after ``flag_id``."""
    order = list(flags.index)
    return order[order.index(flag_id) + 1]
