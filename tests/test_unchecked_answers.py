"""Rule answers_checked_first: an answer changed on /schedule, then another page in the same step.

Re-review (session 54): a change on the Dose plan page and a page link clicked before the page ran again (the
field's change and the click reach the app together) ran the field's callback, then the other page, not the
Dose plan page. /journal, /trial and /compare's converter then used the plan and the waits the page had
decided before the change: kidney disease ticked, digoxin or an antacid picked, the safety tick taken off, and
the journal still passed a 300 mg night under the old plan's limit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from maglib import safety as safe
from magui import journal_store
from tests.conftest import PAGES, assert_clean, run_page

#: Before-you-log words of the journal while the Dose plan page has not run with a changed answer.
UNCHECKED = f"**Before you log a magnesium dose:** {safe.UNCHECKED_JOURNAL_WORDS.removeprefix('though ')}."


def _with_plan():
    """/schedule for a 58-year-old woman, the safety box ticked: a plan is drawn (no medicine, no wait)."""
    at = run_page("schedule", {"age": "58", "sex": "Female"})
    at.checkbox(key="screened").check().run()
    assert at.dataframe and isinstance(
        at.session_state[journal_store.PLAN_FOR_TRIAL], journal_store.PlanForTrial
    )
    return at


def _kidney(at):
    at.checkbox(key="kidney").check()


def _unsure(at):
    at.checkbox(key="kidney_unsure").check()


def _statin(at):
    at.checkbox(key="statin").check()


def _digoxin(at):
    at.multiselect(key="meds").select("Digoxin (heart medicine)")


def _antacid(at):
    at.multiselect(key="other").select("Antacid (e.g. Maalox, Mylanta, Milk of Magnesia)")


def _untick(at):
    at.checkbox(key="screened").uncheck()


def _strength(at):
    at.number_input(key="strength_mg").set_value(200)


def _dose(at):
    at.number_input(key="start_mg").set_value(200)


CHANGES = [_kidney, _unsure, _statin, _digoxin, _antacid, _untick, _strength, _dose]


def _journal_errors(at) -> list[str]:
    at.switch_page(PAGES["journal"])
    at.run()
    assert_clean(at)
    return [e.value for e in at.error]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__.strip("_"))
def test_a_change_then_another_page_at_once_questions_every_dose_until_the_page_runs(change):
    """Each answer, tick, product or dose changed, then /journal in the same step: no old plan, every dose
    questioned with the words of rule answers_checked_first; once the Dose plan page has run again, the
    journal follows what it decided (here a plan, or its own stop's words)."""
    at = _with_plan()
    change(at)
    errors = _journal_errors(at)
    assert UNCHECKED in errors
    assert journal_store.PLAN_FOR_TRIAL not in at.session_state
    at.switch_page(PAGES["schedule"])
    at.run()
    assert_clean(at)
    assert journal_store.ANSWERS_UNCHECKED not in at.session_state
    again = _journal_errors(at)
    assert UNCHECKED not in again
    assert not any("has not been checked there yet" in e for e in again)


def test_a_keyed_inputs_change_runs_the_plan_before_the_other_page():
    """An input whose callback reruns its fragment and the plan's (the plan's length here): that rerun comes
    first (AppTest shows only those fragments after it), so the plan stands, made with the new value, and
    nothing waits when the other page then runs."""
    at = _with_plan()
    at.number_input(key="weeks").set_value(16)
    _journal_errors(at)
    assert not at.title  # the fragments' run, not /journal yet
    at.run()
    assert [t.value for t in at.title] == ["Symptom journal"]
    assert UNCHECKED not in [e.value for e in at.error]
    assert journal_store.ANSWERS_UNCHECKED not in at.session_state
    plan = at.session_state[journal_store.PLAN_FOR_TRIAL].plan
    assert max(step.last_week for step in plan.steps) == 16


def test_without_a_change_the_journal_follows_the_plan():
    """The plan's own limit, with no words of this rule, when the Dose plan page ran with every answer."""
    at = _with_plan()
    errors = _journal_errors(at)
    assert not any("has not been checked there yet" in e for e in errors)
    assert not any(e.startswith("**Before you log a magnesium dose:**") for e in errors)
    at.number_input(key="dose_mg").set_value(300).run()
    assert not any("has not been checked there yet" in e for e in [*at.error, *at.warning])


def test_kidney_disease_ticked_then_the_journal_at_once_then_the_dose_plan_page():
    """The journal asked nothing in the same step (the old plan's 350 mg limit); after the Dose plan page ran,
    it names the kidney disease, as it always did."""
    at = _with_plan()
    _kidney(at)
    at.switch_page(PAGES["journal"])
    at.run()
    at.number_input(key="dose_mg").set_value(300).run()
    assert any(
        e.value.startswith("**This field fills new nights with 300 mg**, " + safe.UNCHECKED_JOURNAL_WORDS)
        for e in at.error
    )
    at.switch_page(PAGES["schedule"])
    at.run()
    at.switch_page(PAGES["journal"])
    at.run()
    assert any(safe.KIDNEY_JOURNAL_WORDS.removeprefix("though ") in e.value for e in at.error)
    assert not any("has not been checked there yet" in e.value for e in at.error)


def test_a_clinicians_dose_untied_then_the_journal_at_once_keeps_no_lifted_limit():
    """A fragment's tick: a clinician's dose above the upper limit at the week-4 step up (the tick lifts the
    plan's limit to 360 mg), the tick taken off, then /journal in the same step: the old plan's lifted limit
    must not stay."""
    past = (dt.date.today() - dt.timedelta(weeks=4)).isoformat()
    at = run_page("schedule", {"screened": "true", "start": past, "target_mg": "360"})
    at.toggle(key="step_up_choice").set_value(True).run()
    at.number_input(key="target_mg").set_value(335).run()  # typed by the person (rule clinician_dose_entered)
    at.number_input(key="target_mg").set_value(360).run()
    (tick,) = [c for c in at.checkbox if (c.key or "").startswith("ack_confirm")]
    tick.check().run()
    assert at.session_state[journal_store.PLAN_FOR_TRIAL].limit_mg > 350  # lifted above the US limit
    (tick,) = [c for c in at.checkbox if (c.key or "").startswith("ack_confirm")]
    tick.uncheck()
    assert UNCHECKED in _journal_errors(at)
    assert journal_store.PLAN_FOR_TRIAL not in at.session_state


def test_the_converter_counts_nothing_meanwhile():
    """The label converter counts no tablets until the Dose plan page has run (a kidney tick, then /compare in
    the same step); once it has, the kidney words. (/trial: tests/test_trial_page.py.)"""
    at = _with_plan()
    _kidney(at)
    at.session_state["_compare_open_converter"] = True
    at.switch_page(PAGES["compare"])
    at.query_params.clear()
    at.query_params.update(
        {
            "conv_target": "300",
            "conv_form": "Glycinate",
            "conv_mg": "100",
            "conv_basis": "Elemental magnesium",
        }
    )
    at.run()
    assert_clean(at)
    said = " ".join(i.value for i in at.info)
    assert safe.UNCHECKED_CONVERTER_WORDS in said and safe.KIDNEY_CONVERTER_WORDS not in said
    assert not [m for m in at.metric if m.label.startswith("Units for")]


def _statin_agreed(age: str = "58"):
    """/schedule at ``age`` on a statin whose prescriber agreed: a plan, no wait."""
    at = run_page("schedule", {"age": age, "sex": "Female"})
    at.checkbox(key="statin").check().run()
    at.checkbox(key="screened").check().run()
    at.checkbox(key="prescriber_confirm").check().run()
    assert at.dataframe and at.session_state[journal_store.PRESCRIBER_WAITS].names == ()
    return at


@pytest.mark.parametrize("age", [15, 59])
def test_about_you_changed_on_the_dose_plan_page_then_another_page_at_once(age):
    """Re-review (session 55): About you's callbacks did not mark the answers unchecked. A statin's prescriber
    agreed at 58, the age then typed (15, or 59) and /journal opened in the same step: the plan was dropped
    (made for another person) but the agreement stayed, and 300 mg passed unquestioned; once the Dose plan page
    ran, it asked for the tick again (the safety tick is for its person)."""
    at = _statin_agreed()
    at.number_input(key="age").set_value(age)
    at.query_params.clear()  # a page link opens /journal without this page's address (the profile is carried)
    assert UNCHECKED in _journal_errors(at)
    at.number_input(key="dose_mg").set_value(300).run()
    assert any(safe.UNCHECKED_JOURNAL_WORDS in e.value for e in at.error)


def test_about_you_changed_on_another_page_leaves_the_dose_plan_pages_waits_unchecked():
    """The same on /diet, a page of its own run: the age set to 15 there, then /journal. The Dose plan page's
    statin agreement was for the 58-year-old; until that page runs for the 15-year-old, every dose is
    questioned (it passed 300 mg before)."""
    at = _statin_agreed()
    at.switch_page(PAGES["diet"])
    at.run()
    at.number_input(key="age").set_value(15).run()
    assert_clean(at)
    assert UNCHECKED in _journal_errors(at)
    at.switch_page(PAGES["diet"])
    at.run()
    at.number_input(key="age").set_value(58).run()  # the same person again: the page's answers stand
    assert UNCHECKED not in _journal_errors(at)
