"""The journal and the plan as this browser tab holds them (st.session_state), shared by pages.

/journal writes the nights, /schedule the plan it built; /trial reads both. Nothing here is
stored on the server or put in a link.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from maglib import journal
from maglib.profile import SET_LABELS, Profile
from maglib.safety import DoseCheck, journal_dose_limit
from maglib.schedule import Plan, limit_words
from magui.data import rule_book
from magui.profile import default_profile, reference_of, remembered_profile, sets_of

BASE = "journal_base"  #: the journal table (replaced by upload/add/example)
REV = "journal_rev"  #: bumped on each replacement so /journal's editor starts fresh
NOTICE = "journal_notice"  #: (kind, text) of the last load
EXAMPLE = "journal_is_example"
SAVED = "journal_saved_version"  #: the journal as last uploaded (nothing unsaved then)
#: The PlanForTrial of the plan /schedule shows now (removed whenever it shows none).
PLAN_FOR_TRIAL = "plan_for_trial"
#: The dose plan page's kidney answer in this visit (True, False, or absent before it is opened):
#: with kidney disease the journal questions every logged dose (rule kidney_no_plan).
KIDNEY = "screen_kidney"
#: The dose plan page's Waiting (the medicines whose prescriber it waits for), as that page last
#: showed them; absent before the page was opened. The journal and /trial question every logged dose
#: meanwhile (clinician review, 2026-12-05: doses logged on digoxin before any agreement passed).
PRESCRIBER_WAITS = "screen_prescriber_waits"
#: The medicines of rule kidney_check_medicine for which the dose plan page waits for a kidney test's
#: answer under the age of rule kidney_check_prompt_age (drug classes; () when it does not wait): the
#: journal and /trial question every logged dose meanwhile, and the label converter counts none.
KIDNEY_TEST_WAITS = "screen_kidney_test_waits"
#: Whether the dose plan page waits for a combination's box to be read (rule combination_box_read): /trial
#: draws no blocks meanwhile, the journal questions every logged dose and /compare's converter counts none.
BOXES_UNREAD = "screen_boxes_unread"
#: Whether it waits for a medicine it does not know to be checked (rule unknown_medicine_checked): the same.
UNKNOWN_UNCHECKED = "screen_unknown_unchecked"


class Waiting(NamedTuple):
    """The medicines whose prescriber the dose plan page waits for (safety.prescriber_names; () once the
    person ticked that they agreed, or with none), and whether it offers that tick now (it does not
    before the safety tick, from 75 without a kidney answer, beside raltegravir, …: adversarial review,
    2026-12-05: /trial said "tick that there" where no tick was offered)."""

    names: tuple[str, ...] = ()
    can_tick: bool = False


#: Rule answers_checked_first: an answer changed on the dose plan page (its callbacks set this) that the
#: page has not yet run with (it removes this once it has decided: its plan, or why it makes none). A page
#: link clicked while a field there was still being changed runs the field's callback, then the other
#: page, not the dose plan page (re-review, session 54): meanwhile the journal questions every logged dose,
#: /trial draws no blocks and the label converter counts no tablets.
ANSWERS_UNCHECKED = "screen_answers_unchecked"
#: The Profile the dose plan page last decided its waits for (:func:`answers_checked`): About you changed
#: since, on that page or another, leaves its waits for another person (re-review, session 55: a statin's
#: prescriber agreed at 58, the age then 15 or 59, and the journal, /trial and the converter used that
#: agreement), so its answers count as unchecked until it runs again.
CHECKED_FOR = "screen_checked_for"


def answers_changed() -> None:
    """An on_change callback of the dose plan page's inputs: its plan no longer stands, and what waits is
    unknown until the page runs again (:data:`ANSWERS_UNCHECKED`)."""
    st.session_state[ANSWERS_UNCHECKED] = True
    st.session_state.pop(PLAN_FOR_TRIAL, None)
    st.session_state.pop(NO_PLAN, None)


def answers_checked(profile: Profile) -> None:
    """The dose plan page has run with its answers for ``profile`` (called where it has decided what it
    shows)."""
    st.session_state.pop(ANSWERS_UNCHECKED, None)
    st.session_state[CHECKED_FOR] = profile


def answers_unchecked() -> bool:
    """Whether the dose plan page's answers in this tab are not yet checked: :data:`ANSWERS_UNCHECKED`, or
    About you changed since it last decided (:data:`CHECKED_FOR`)."""
    checked_for = st.session_state.get(CHECKED_FOR)
    return st.session_state.get(ANSWERS_UNCHECKED) is True or (
        isinstance(checked_for, Profile) and not _for_this_visit(checked_for)
    )


def boxes_unread() -> bool:
    """This tab's :data:`BOXES_UNREAD` (False before the dose plan page was opened)."""
    return st.session_state.get(BOXES_UNREAD) is True


def unknown_unchecked() -> bool:
    """This tab's :data:`UNKNOWN_UNCHECKED` (False before the dose plan page was opened)."""
    return st.session_state.get(UNKNOWN_UNCHECKED) is True


def kidney_test_waits() -> tuple[str, ...]:
    """This tab's :data:`KIDNEY_TEST_WAITS` (none before the dose plan page was opened)."""
    found = st.session_state.get(KIDNEY_TEST_WAITS)
    return found if isinstance(found, tuple) else ()


def waiting() -> Waiting:
    """This tab's :class:`Waiting` (none before the dose plan page was opened)."""
    found = st.session_state.get(PRESCRIBER_WAITS)
    return found if isinstance(found, Waiting) else Waiting()


#: The dose plan page's answers when it stopped without a plan (NoPlanAnswers), for /trial's summary.
NO_PLAN = "schedule_no_plan"


class NoPlanAnswers(NamedTuple):
    """What the dose plan page was told when it made no plan, and why (clinician review, 2026-12-05: the
    trial's summary for a 78-year-old on digoxin said "Medicines: none entered" while the plan waited
    for the digoxin prescriber)."""

    person_lines: tuple[str, ...]
    medicine_lines: tuple[str, ...]
    #: the headings of the page's stops ("No plan until your doctor agrees.")
    reasons: tuple[str, ...]
    #: the safety tick (which says no red flag applies) was the person's own, not a link's
    own_tick: bool
    #: the visit's profile the answers were given for: another one since makes them another person's
    profile: Profile | None = None


def no_plan_answers() -> NoPlanAnswers | None:
    """The dose plan page's answers without a plan, while the visit's profile is still the one they were
    given for (adversarial review, 2026-12-05: after the age and pregnancy changed on /diet, the trial's
    summary gave the earlier person's answers and their red-flag tick)."""
    found = st.session_state.get(NO_PLAN)
    return found if isinstance(found, NoPlanAnswers) and _for_this_visit(found.profile) else None


def _for_this_visit(profile: Profile | None) -> bool:
    """Whether answers given for ``profile`` are still the visit's person's (None: not recorded)."""
    known = remembered_profile()
    return profile is None or known is None or known == profile


class PlanForTrial(NamedTuple):
    """What /trial may use of the plan: the plan itself and its facts, worded by maglib."""

    plan: Plan
    #: The most the plan lets the person take a day (safety.SafetyResult.limit_mg, other products
    #: already taken off) and what it is, in words: /journal and /trial question a logged night
    #: above it.
    limit_mg: float
    limit_words: str
    plan_lines: tuple[str, ...]
    medicine_lines: tuple[str, ...]
    person_lines: tuple[str, ...]
    spacing_lines: tuple[str, ...]
    #: maglib.safety.doctor_cautions of the person's medicines (for the trial calendar).
    cautions: tuple[str, ...] = ()
    #: The safety tick came with a shared link, not from the reader: no dose calendar until they tick
    #: it themselves (pharmacist and adversarial reviews, 2026-12-05), the trial's neither.
    from_link_tick: bool = False
    #: The product's mg per unit is still the field's starting value, not entered or ticked as the label's:
    #: no dose calendar until it is (phone review, session 59), the trial's neither.
    label_unchecked: bool = False
    #: The visit's profile the plan was made for: a later age, sex, pregnancy answer or reference set
    #: given on another page leaves this plan for another person (current_plan).
    profile: Profile | None = None
    #: Lines about the person for the clinician's summary only (the plan's dates, who agreed to it),
    #: worded about them, not to them: never shown to the person (phone review, 2026-12-05: /trial's
    #: on-blocks line said "The person confirmed …" to the person).
    summary_lines: tuple[str, ...] = ()


def current_plan() -> PlanForTrial | None:
    """This tab's plan, while the visit's profile is still the one it was made for; else None.

    Stale-state review (2026-12-05): after a plan for an adult, the age set to 8 (or pregnant) on
    the Diet page left /trial offering 250 mg on-blocks and its calendar, while the Dose plan page
    itself showed no plan for that person.
    """
    facts = st.session_state.get(PLAN_FOR_TRIAL)
    return facts if isinstance(facts, PlanForTrial) and _for_this_visit(facts.profile) else None


def plan_is_stale() -> bool:
    """Whether this tab has a plan made for another profile than the visit's now."""
    return isinstance(st.session_state.get(PLAN_FOR_TRIAL), PlanForTrial) and current_plan() is None


#: The maglib.trial.Design /trial last showed (for /schedule's printable plan and calendar).
TRIAL_DESIGN = "trial_design"


def dose_check() -> DoseCheck:
    """Above what daily dose a logged night is questioned (maglib.safety.journal_dose_limit):
    this tab's dose plan's limit, else the person's reference set's limit for the profile given on
    another page of this visit, else a default adult's (said as such); every dose when the person
    said on the dose plan page that they have kidney disease, or while it waits for a prescriber or
    for a combination's box to be read, or for an answer changed there to be run with."""
    facts = current_plan()
    known = remembered_profile()
    person = known or default_profile()
    by_set = {values.reference_set: values for values in sets_of(person)}
    order = [person.reference_set, *(key for key in by_set if key != person.reference_set)]
    set_limits = [
        (SET_LABELS[key], by_set[key].mg_ul_supplemental, limit_words(by_set[key].mg_ul_kind))
        for key in order
        if key in by_set
    ]
    reference = reference_of(person)
    if set_limits and reference.ul_rule == "link_set_no_lift":
        # Rule link_set_no_lift: a link's set, not confirmed by the reader, never lifts the limit.
        set_limits[0] = (reference.ul_label, reference.mg_ul_supplemental, limit_words(reference.mg_ul_kind))
    waits = waiting()
    return journal_dose_limit(
        prescriber_waits=waits.names,
        prescriber_can_tick=waits.can_tick,
        plan_limit_mg=facts.limit_mg if isinstance(facts, PlanForTrial) else None,
        plan_words=facts.limit_words if isinstance(facts, PlanForTrial) else "",
        set_limits=set_limits,
        profile_known=known is not None,
        rules=rule_book(),
        kidney_disease=st.session_state.get(KIDNEY) is True,
        age_years=known.age_years if known is not None else None,
        kidney_test_medicines=kidney_test_waits(),
        boxes_unread=boxes_unread(),
        answers_unchecked=answers_unchecked(),
        unknown_unchecked=unknown_unchecked(),
    )


def nights() -> pd.DataFrame:
    """The journal as last added, loaded or uploaded in this tab (empty if none)."""
    frame = st.session_state.get(BASE)
    return frame if isinstance(frame, pd.DataFrame) else journal.empty_journal()


def replace(
    frame: pd.DataFrame, *, example: bool, notice: tuple[str, str] | None, saved: bool = False
) -> None:
    """Make ``frame`` the journal of this tab (``saved``: it came from the person's own file). An
    earlier upload can no longer be undone after it."""
    st.session_state[BASE] = frame
    st.session_state[REV] = st.session_state.get(REV, 0) + 1
    st.session_state[EXAMPLE] = example
    st.session_state[NOTICE] = notice
    st.session_state.pop(BEFORE_UPLOAD, None)
    if saved:
        st.session_state[SAVED] = (st.session_state[REV], repr({}))


#: The nights an upload replaced, until the next change (input review, 2026-12-05: an upload wiped
#: nights never downloaded with only "Loaded 0 nights", and the leave warning then stayed off).
BEFORE_UPLOAD = "journal_before_upload"


def replace_keeping(
    frame: pd.DataFrame, *, example: bool, notice: tuple[str, str] | None, saved: bool = False
) -> None:
    """``frame`` replaces this tab's journal (an upload, the example, an empty journal); nights it
    replaced that are in no file the person gave (not the example, not the journal exactly as last
    uploaded, not the same nights) are kept for :func:`undo_upload`, and the notice says how many.
    An earlier put-back stays offered while nothing new was replaced (adversarial review,
    2026-12-05: the same file uploaded again, or a second file, lost the first put-back)."""
    before = nights()
    prior = st.session_state.get(BEFORE_UPLOAD)
    as_uploaded = st.session_state.get(SAVED) == (st.session_state.get(REV), repr({}))
    kept = (
        not st.session_state.get(EXAMPLE)
        and not before.empty
        and not as_uploaded
        and not journal.frames_equal(before, frame)
    )
    if kept:
        count = len(before)
        notice = (
            "warning",
            (f"{notice[1]} " if notice else "")
            + f"**It replaced the {count} night{'' if count == 1 else 's'} that "
            f"{'was' if count == 1 else 'were'} in this tab**; "
            "if they were not downloaded, put them back with the button below.",
        )
    replace(frame, example=example, notice=notice, saved=saved)
    if kept:
        st.session_state[BEFORE_UPLOAD] = before
    elif isinstance(prior, pd.DataFrame):
        st.session_state[BEFORE_UPLOAD] = prior


def replace_with_upload(frame: pd.DataFrame, notice: tuple[str, str]) -> None:
    """The uploaded journal replaces this tab's (:func:`replace_keeping`); the file holds it all."""
    replace_keeping(frame, example=False, notice=notice, saved=True)


def undo_upload() -> None:
    """Put back the nights the last upload replaced (an on_click callback)."""
    before = st.session_state.get(BEFORE_UPLOAD)
    if isinstance(before, pd.DataFrame):
        count = len(before)
        # Not saved: they were not in the file the person uploaded, so the leave warning asks again.
        replace(
            before,
            example=False,
            notice=(
                "success",
                f"Put back the {count} night{'' if count == 1 else 's'} you had before.",
            ),
        )


def undo_upload_button() -> None:
    """The button of :func:`undo_upload`, while there is something to put back."""
    before = st.session_state.get(BEFORE_UPLOAD)
    if isinstance(before, pd.DataFrame):
        count = len(before)
        st.button(
            f"Put back the {count} night{'' if count == 1 else 's'} you had before",
            key="journal_undo_upload",
            icon=":material/undo:",
            on_click=undo_upload,
        )


__all__ = [
    "ANSWERS_UNCHECKED",
    "BASE",
    "BEFORE_UPLOAD",
    "BOXES_UNREAD",
    "CHECKED_FOR",
    "EXAMPLE",
    "KIDNEY",
    "KIDNEY_TEST_WAITS",
    "NOTICE",
    "NO_PLAN",
    "PLAN_FOR_TRIAL",
    "PRESCRIBER_WAITS",
    "REV",
    "SAVED",
    "TRIAL_DESIGN",
    "UNKNOWN_UNCHECKED",
    "NoPlanAnswers",
    "PlanForTrial",
    "Waiting",
    "answers_changed",
    "answers_checked",
    "answers_unchecked",
    "boxes_unread",
    "current_plan",
    "dose_check",
    "kidney_test_waits",
    "nights",
    "no_plan_answers",
    "plan_is_stale",
    "replace",
    "replace_keeping",
    "replace_with_upload",
    "undo_upload",
    "undo_upload_button",
    "unknown_unchecked",
    "waiting",
]
