"""/schedule through AppTest: screen → plan, kidney stop, UL acknowledgement, carried-in gap."""

from __future__ import annotations

from tests.conftest import all_text, assert_clean, run_page

SCREENED = {"screened": "true"}


def plan_frame(at):
    (frame,) = at.dataframe
    return frame.value


def test_no_plan_before_the_safety_questions_are_answered():
    at = run_page("schedule")
    assert_clean(at)
    assert not at.dataframe
    assert "Answer the safety questions" in all_text(at)
    for key in ("kidney", "statin", "screened"):
        assert at.checkbox(key=key).value is False
    assert at.multiselect(key="meds").value == []


def test_screen_then_plan_capped_at_ul_without_acknowledgement():
    at = run_page("schedule")
    at.checkbox(key="screened").check().run()
    assert_clean(at)
    frame = plan_frame(at)
    assert len(frame) == 12
    assert frame["Planned (mg/day)"].max() == 350
    assert frame["Delivered (mg/day)"].max() <= 350
    text = all_text(at)
    assert "above your upper limit for supplemental magnesium (350 mg a day)" in text
    assert "stops at your upper limit of 350 mg" in text
    assert not at.checkbox(key="ack").value
    assert len(at.get("download_button")) == 2


def test_plan_summary_follows_the_starting_dose():
    at = run_page("schedule", {"screened": "true", "start_mg": "100"})
    assert_clean(at)
    summary = next(m.value for m in at.markdown if m.value.startswith("**The plan:**")).replace("\\", "")
    assert summary.startswith("**The plan:** Weeks 1–4: 100 mg a day")
    at.number_input(key="start_mg").set_value(150).run()
    summary = next(m.value for m in at.markdown if m.value.startswith("**The plan:**")).replace("\\", "")
    assert summary.startswith("**The plan:** Weeks 1–4: 150 mg a day")


def test_acknowledgement_schedules_400_with_a_warning():
    at = run_page("schedule", SCREENED)
    at.checkbox(key="ack").check().run()
    assert_clean(at)
    frame = plan_frame(at)
    assert frame["Planned (mg/day)"].max() == 400
    assert frame["Delivered (mg/day)"].max() == 400
    assert any("Above the upper limit" in w.value for w in at.warning)
    # The same view from a link (bound to the URL as ack=true).
    linked = run_page("schedule", {**SCREENED, "ack": "true"})
    assert plan_frame(linked)["Planned (mg/day)"].max() == 400
    # The journal link pre-fills the dose actually delivered at the plan's top step.
    (link,) = linked.get("page_link")
    assert (link.proto.page, link.proto.query_string) == ("journal", "dose_mg=400")


def test_kidney_disease_gives_no_plan():
    at = run_page("schedule", {**SCREENED, "kidney": "true"})
    assert_clean(at)
    assert not at.dataframe
    assert any("see a clinician first" in e.value for e in at.error)
    assert not at.get("download_button")


def test_child_uses_the_child_limit():
    at = run_page("schedule", {**SCREENED, "age": "6"})
    assert_clean(at)
    assert plan_frame(at)["Planned (mg/day)"].max() == 110
    assert "Under 18" in all_text(at)


def test_gap_carried_in_from_diet():
    at = run_page("schedule", {**SCREENED, "gap": "120", "age": "30", "sex": "Male"})
    assert_clean(at)
    assert at.number_input(key="gap").value == 120
    assert "diet gap of 120 mg a day (from the Diet page) is covered" in all_text(at)
    high = run_page("schedule", {**SCREENED, "gap": "900"})
    assert "not fully covered" in all_text(high)
    assert plan_frame(high)["Planned (mg/day)"].max() == 350  # the gap never raises the dose


def test_medicine_time_moves_the_dose():
    at = run_page(
        "schedule",
        {
            **SCREENED,
            "meds": ["Levothyroxine (thyroid hormone)", "Loop diuretics"],
            "timing": "Split: morning and evening",
            "med_time_levothyroxine": "07:00",
        },
    )
    assert_clean(at)
    text = all_text(at)
    assert "Morning dose moved 3 h 00 min later, from 08:00 to 11:00" in text
    assert "Long-term use can increase magnesium loss" in text  # effect-kind advice is shown
    assert plan_frame(at)["Morning dose"].iloc[0].startswith("11:00")


def test_statin_and_topical():
    at = run_page(
        "schedule",
        {**SCREENED, "statin": "true", "form": "Topical magnesium (magnesium oil, chloride brine)"},
    )
    assert_clean(at)
    text = all_text(at)
    assert "CoQ10" in text and "vitamin D" in text
    assert "not part of the oral plan" in text
    assert not at.dataframe


def test_printable_view_uses_a_compact_table_and_constant_css():
    at = run_page("schedule", {**SCREENED, "print": "true"})
    assert_clean(at)
    assert not at.dataframe and len(at.table) == 1
    # The constant print stylesheet, through st.html (sanitised), not unsafe markdown.
    assert any("stSidebar" in el.proto.body for el in at.get("html"))
