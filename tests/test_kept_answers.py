"""/schedule's answers that never travel in a link, kept for the tab while another page is open (magui.kept).

Phone review (session 55): a kidney test's result, a box read or a prescriber's agreement ticked on the Dose
plan page was gone when the person came back from another page (Streamlit drops a widget's value when a run
does not draw it): the plan disappeared until they ticked again, and /journal and /trial meanwhile named the
test or the box as awaited. Kept only for the person they were given for, only if the page still showed them
when the person left, and never in the link.
"""

from __future__ import annotations

import datetime as dt

import pytest

from magui import journal_store
from tests.conftest import PAGES, assert_clean, pin_clock, run_page, schedule_with_box

#: A plan whose week-4 review is today: the step up is open.
PAST = {"screened": "true", "start": (dt.date.today() - dt.timedelta(weeks=4)).isoformat()}
#: Every answer magui.kept may put back (none of them is a URL parameter).
KEPT_PREFIXES = ("kidney_test_normal", "_schedule_box_read:", "child_confirm", "stage_confirm",
                 "prescriber_confirm", "step_prescriber_confirm_", "ack_confirm_", "compound_confirm",
                 "doctor_mg", "step_up_choice")  # fmt: skip


@pytest.fixture(autouse=True)
def _evening(monkeypatch: pytest.MonkeyPatch) -> None:
    pin_clock(monkeypatch, dt.date.today(), dt.time(20))


def away_and_back(at, page: str = "diet"):
    """Another page of the app, then the Dose plan page again, in the same tab."""
    at.switch_page(PAGES[page])
    at.run()
    assert_clean(at)
    at.switch_page(PAGES["schedule"])
    at.run()
    assert_clean(at)
    return at


def ticked(at) -> set[str]:
    return {str(c.key) for c in at.checkbox if c.value} | {str(t.key) for t in at.toggle if t.value}


def top_dose(at) -> float:
    (frame,) = at.dataframe
    return frame.value["Aimed at (mg/day)"].max()


def assert_not_in_link(at) -> None:
    assert not [k for k in at.query_params if k.startswith(KEPT_PREFIXES)]


#: /compare is left out here: AppTest reads its "Details for" list (URL key ``form``, as the Dose plan's product
#: form) with the Dose plan's value and fails; tests/browser/test_kept_answers.py goes there in Chromium.
@pytest.mark.parametrize("page", ["", "diet", "journal", "trial", "sources"])
def test_a_box_read_and_a_kidney_test_stay_ticked_after_another_page(page):
    """Both ticks, and the plan they let through, are there on return; the other pages then wait for
    nothing (the plan is the tab's again, as before the visit)."""
    at = schedule_with_box(read=True)
    before = ticked(at)
    assert {"kidney_test_normal", "screened"} < before and len(before) == 3
    away_and_back(at, page)
    assert ticked(at) == before and at.dataframe
    assert at.session_state[journal_store.KIDNEY_TEST_WAITS] == ()
    assert at.session_state[journal_store.BOXES_UNREAD] is False
    assert isinstance(at.session_state[journal_store.PLAN_FOR_TRIAL], journal_store.PlanForTrial)
    assert_not_in_link(at)


def test_a_prescribers_agreement_a_step_up_and_a_clinicians_dose_stay():
    """A statin's prescriber agreed, the step up chosen at the review, its prescriber's agreement to the
    higher dose and a clinician's 360 mg above the limit: the same plan, up to 360 mg, on return."""
    at = run_page("schedule", {**PAST, "statin": "true", "target_mg": "360", "strength_mg": "120"})
    at.checkbox(key="prescriber_confirm").check().run()
    at.toggle(key="step_up_choice").set_value(True).run()
    at.number_input(key="target_mg").set_value(335).run()
    at.number_input(key="target_mg").set_value(360).run()  # typed by the person (rule clinician_dose_entered)
    at.checkbox(key="step_prescriber_confirm_360").check().run()
    next(c for c in at.checkbox if str(c.key).startswith("ack_confirm")).check().run()
    assert_clean(at)
    before = ticked(at)
    assert {"prescriber_confirm", "step_up_choice", "step_prescriber_confirm_360", "ack_confirm_360"} < before
    assert top_dose(at) == 360
    away_and_back(at, "journal")
    assert ticked(at) == before and top_dose(at) == 360
    assert_not_in_link(at)


def test_a_childs_doctors_confirmation_and_dose_stay():
    at = run_page("schedule", {**PAST, "age": "6"})
    at.checkbox(key="child_confirm").check().run()
    at.number_input(key="doctor_mg").set_value(100).run()
    assert set(at.dataframe[0].value["Aimed at (mg/day)"]) == {100}
    away_and_back(at, "trial")
    assert at.checkbox(key="child_confirm").value and at.number_input(key="doctor_mg").value == 100
    assert set(at.dataframe[0].value["Aimed at (mg/day)"]) == {100}
    assert_not_in_link(at)


@pytest.mark.parametrize(("field", "value"), [("age", 81), ("sex", "Male")])
def test_answers_given_for_another_person_are_not_put_back(field, value):
    """At 80 (female, About you's default) the kidney test was said normal; About you changed on /diet
    (another age or sex): back on the Dose plan page the test is asked again, unticked, and no plan is drawn."""
    at = run_page("schedule", {"screened": "true", "age": "80"})
    at.checkbox(key="kidney_test_normal").check().run()
    assert at.dataframe
    at.switch_page(PAGES["diet"])
    at.run()
    (at.number_input if field == "age" else at.radio)(key=field).set_value(value).run()
    at.switch_page(PAGES["schedule"])
    at.run()
    assert_clean(at)
    assert not at.checkbox(key="kidney_test_normal").value and not at.dataframe


def test_a_tick_the_page_no_longer_showed_does_not_come_back():
    """At 80 the kidney test said normal, then kidney disease ticked (the test's question goes): after
    another page, kidney disease unticked again asks the test again, unticked (as without the visit)."""
    at = run_page("schedule", {"screened": "true", "age": "80"})
    at.checkbox(key="kidney_test_normal").check().run()
    at.checkbox(key="kidney").check().run()
    assert not [c for c in at.checkbox if c.key == "kidney_test_normal"]
    away_and_back(at)
    at.checkbox(key="kidney").uncheck().run()
    assert not at.checkbox(key="kidney_test_normal").value and not at.dataframe


def test_a_clinicians_dose_changed_before_leaving_is_not_lifted_on_return():
    """The clinician's 360 mg ticked, then the target changed to 355 mg (the 360 mg tick goes): after
    another page neither 355 nor 360 mg stands ticked, and the plan keeps to the limit."""
    at = run_page("schedule", {**PAST, "strength_mg": "120"})
    at.toggle(key="step_up_choice").set_value(True).run()
    at.number_input(key="target_mg").set_value(360).run()
    at.checkbox(key="ack_confirm_360").check().run()
    assert top_dose(at) == 360
    at.number_input(key="target_mg").set_value(355).run()
    at.query_params["target_mg"] = "355"  # as the browser's address bar has it (AppTest's does not follow)
    away_and_back(at)
    assert not at.checkbox(key="ack_confirm_355").value and top_dose(at) == 350
    at.number_input(key="target_mg").set_value(360).run()
    assert not at.checkbox(key="ack_confirm_360").value and top_dose(at) == 350


def test_unticked_after_return_stays_unticked_and_a_change_in_the_same_step_is_kept():
    """What the person last gave counts: a tick taken off after return stays off after another visit; a
    tick given and a page link tapped at once (one step) is there on return."""
    at = schedule_with_box(read=True)
    away_and_back(at)
    at.checkbox(key="kidney_test_normal").uncheck().run()
    away_and_back(at, "journal")
    assert not at.checkbox(key="kidney_test_normal").value and not at.dataframe
    at.checkbox(key="kidney_test_normal").check()  # not run: the tap on the page link comes with it
    away_and_back(at, "trial")
    assert at.checkbox(key="kidney_test_normal").value and at.dataframe
