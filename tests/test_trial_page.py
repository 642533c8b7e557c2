"""/trial through AppTest: set-up from a link, drawing the order, the result, the plan hand-over."""

from __future__ import annotations

import datetime as dt

import pytest

from maglib import journal, trial
from maglib import safety as safe
from maglib import schedule as sch
from maglib.calendar_export import CHECK_AFTER_IMPORT
from magui import journal_store
from tests.conftest import PAGES, all_text, assert_clean, dataset, run_page, schedule_with_box


def load_dataset_book():
    """The rule book of the data (rule clinician_dose_no_trial reads self_serve_min_age)."""
    return safe.rule_book(dataset().safety_rules)


START = dt.date(2027, 1, 4)
SETUP = {"trial_seed": "123456", "trial_start": "2027-01-04"}


@pytest.fixture(autouse=True)
def _no_legacy_mode_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    import magui.layout

    monkeypatch.setattr(magui.layout, "_leave_legacy_multipage_mode", lambda: None)


WASHOUT = int(dataset().guidance_value("trial_washout_nights"))


def _design(pairs: int = 3, days: int = 14) -> trial.Design:
    return trial.Design(123456, pairs, days, dt.date(2027, 1, 4), WASHOUT)


def _to_trial(at):
    """Switch the session to /trial with the set-up's link (as a link to it would) and run it."""
    at.switch_page(PAGES["trial"])
    for key, value in SETUP.items():
        at.query_params[key] = value
    return at.run()


def plain(at) -> str:
    """The page's text as shown (markdown escapes removed)."""
    return all_text(at).replace("\\", "")


#: The page's summary builder, before a test records what it is given.
_SUMMARY_HTML = trial.summary_html


@pytest.fixture
def summaries(monkeypatch) -> list[trial.SummaryFacts]:
    """The facts of every clinician's summary the page builds, in order."""
    given: list[trial.SummaryFacts] = []

    def recorded(result, design, frame, facts, **kwargs):
        given.append(facts)
        return _SUMMARY_HTML(result, design, frame, facts, **kwargs)

    monkeypatch.setattr(trial, "summary_html", recorded)
    return given


def _block_tables(at) -> list:
    """The trial's blocks table(s) on the page (the result's tables have other columns)."""
    return [t for t in at.table if "Counted from" in list(t.value.columns)]


def _with_journal(at, frame):
    """Put nights in the tab's journal (as /journal or an upload would) and rerun."""
    full = journal.check_frame(
        frame.assign(severity=2, sleep_quality=None, measures=[[] for _ in range(len(frame))], note="")
    )
    at.session_state["journal_base"] = full
    at.run()
    return at


def test_the_default_view_explains_and_waits_for_a_draw():
    at = run_page("trial")
    assert_clean(at)
    text = all_text(at)
    # 3 pairs all won: 2 of the 2**3 sign patterns are as extreme, p = 0.25, 1 time in 4 (phone review:
    # in words first).
    assert "chance alone would give a result that clear about **1 time in 4** (p = 0.25, the smallest" in text
    assert (
        "A clear difference needs less than 1 in 20 (p ≤ 0.05): 3 pairs cannot, so they can show a trend"
        in text
    )
    six = run_page("trial", {"trial_pairs": "6"})
    assert "about **1 time in 32** (p = 0.0312" in all_text(
        six
    ) and "6 pairs can reach it; 6 or more" in all_text(six)
    assert "The first 7 nights (a week) of every block are left out" in text.replace("\\", "")
    assert "Draw the order" in " ".join(b.label for b in at.button)
    assert not at.table  # no blocks before an order is drawn


def test_a_link_with_a_set_up_shows_the_blocks_in_the_seeded_order():
    at = run_page("trial", SETUP)
    assert_clean(at)
    [table] = at.table
    shown = list(table.value["Magnesium"])
    expected = [("On" if b.on else "Off") for b in trial.blocks(_design())]
    assert shown == expected
    assert "28 March 2027" in all_text(at)
    # no plan in this tab: no calendar (it would say to take a dose nobody planned)
    assert not any(d.key == "trial_ics" for d in at.get("download_button"))


def test_drawing_sets_a_six_digit_code_and_a_start():
    at = run_page("trial")
    [draw] = [b for b in at.button if b.key == "trial_draw"]
    draw.click().run()
    seed = at.number_input(key="trial_seed").value
    assert trial.SEED_MIN <= seed <= trial.SEED_MAX
    assert trial.parse_start(at.text_input(key="trial_start").value) is not None
    assert len(at.table) == 1


def test_blinded_hides_the_order_and_the_chart():
    at = _with_journal(
        run_page("trial", {**SETUP, "trial_blind": "true"}),
        trial.example_nights(_design(), on_mean=1, off_mean=2),
    )
    assert_clean(at)
    assert not [t for t in at.table if "Magnesium" in t.value.columns]
    assert "order is hidden" in all_text(at)
    # the nights reach the last night: the result shows, without adherence counts
    assert "doses not checked against the order (blinded)" in plain(at)


def test_a_journal_following_the_trial_gives_the_result_and_the_files():
    design = _design()
    nights = trial.example_nights(design, on_mean=0.5, off_mean=3.0)
    at = _with_journal(run_page("trial", SETUP), nights)
    assert_clean(at)
    expected = trial.analyse_planned(
        journal.check_frame(
            nights.assign(severity=2, sleep_quality=None, measures=[[] for _ in range(len(nights))], note="")
        ),
        design,
        0.05,
    )
    text = plain(at)
    assert "No clear difference" in text and "exact p = 0.25" in text
    assert at.metric[0].value == f"{expected.effect:+.2f}"
    labels = {d.label for d in at.get("download_button")}
    assert {"Summary for a clinician (printable page)", "Result (trial-result.json)"} <= labels


def test_without_a_set_up_a_journal_of_whole_blocks_is_analysed_and_marked_not_random():
    nights = trial.example_nights(_design(days=14), on_mean=0.5, off_mean=3.0)
    at = _with_journal(run_page("trial"), nights)
    assert_clean(at)
    assert "order was not drawn at random" in plain(at)


def test_a_bad_upload_is_refused_and_the_journal_kept():
    nights = trial.example_nights(_design(days=14), on_mean=0.5, off_mean=3.0)
    at = _with_journal(run_page("trial", SETUP), nights)
    before = at.session_state["journal_base"]
    at.file_uploader(key="trial_upload").set_value(
        ("bad.csv", b"date,episodes\nnot a date,2\n", "text/csv")
    ).run()
    assert_clean(at)
    assert at.error and "bad.csv" in at.error[0].value
    assert journal.frames_equal(at.session_state["journal_base"], before)


def test_a_markup_start_in_the_link_is_ignored_with_a_notice():
    at = run_page("trial", {"trial_seed": "123456", "trial_start": "<script>"})
    assert_clean(at)
    assert "trial_start" in all_text(at)
    assert not at.table


@pytest.mark.parametrize("start", ["9999-12-31", "9999-12-01", "0001-01-01", "2026-02-30"])
def test_a_start_out_of_range_in_the_link_is_ignored_with_a_notice_and_crashes_nothing(start):
    """Adversarial link review (2026-12-05): 9999-12-31 overflowed the trial's date arithmetic (the
    error box on /trial, then on /schedule in the same tab), and year 1 emptied the plan's calendar."""
    at = run_page(
        "trial", {"trial_seed": "123456", "trial_start": start, "trial_pairs": "8", "trial_days": "28"}
    )
    assert_clean(at)
    assert "trial_start" in all_text(at) and "Part of this link could not be used" in all_text(at)
    assert at.session_state[journal_store.TRIAL_DESIGN] is None and not at.table
    at.switch_page(PAGES["schedule"])
    at.run()
    assert_clean(at)
    assert trial.parse_start(start) is None


def test_the_plan_from_the_dose_plan_page_reaches_the_trial_and_a_refused_one_does_not():
    at = run_page("schedule", {"screened": "true"})
    assert_clean(at)
    _to_trial(at)
    text = plain(at)
    assert "On-blocks: your plan's dose** (from the Dose plan page)" in text
    assert "trial_ics" in [d.key for d in at.get("download_button")]
    assert _block_tables(at)
    # Kidney disease: /schedule makes no plan, and the trial forgets the old one.
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    at.query_params["screened"] = "true"
    at.query_params["kidney"] = "true"
    at.run()
    _to_trial(at)
    # The kidney stop, and no blocks while the Dose plan page makes no plan (adversarial review, 2026-12-05).
    assert "no on/off trial unless a doctor who knows your kidneys advises one" in plain(at)
    assert "no blocks or trial calendar are shown while the Dose plan page makes no plan for you" in plain(at)
    assert not _block_tables(at) and "Your trial:" not in plain(at)
    assert "trial_ics" not in [d.key for d in at.get("download_button")]


@pytest.mark.parametrize(
    ("widget", "key", "value"),
    [("number_input", "age", 8), ("radio", "stage", "Pregnant"), ("radio", "refs", "EU")],
)
def test_a_plan_made_for_another_profile_does_not_reach_the_trial(widget, key, value):
    """Stale-state review (2026-12-05): after an adult's plan, the age set to 8 (or pregnant) on the
    Diet page left /trial offering 250 mg on-blocks and their calendar."""
    at = run_page("schedule", {"screened": "true", "sex": "Female"})
    assert_clean(at)
    at.switch_page(PAGES["diet"])
    at.run()
    getattr(at, widget)(key=key).set_value(value).run()
    assert_clean(at)
    _to_trial(at)
    text = plain(at)
    # Pregnant or 8 (a doctor's dose): no trial at all (rule clinician_dose_no_trial), whose words come first.
    assert (
        "No on/off trial while you are pregnant."
        if value == "Pregnant"
        else "No on/off trial on a dose your doctor advised."
        if value == 8
        # The Dose plan page's waits were for the earlier person too: no trial until it has run again (rule
        # answers_checked_first; re-review, session 55). Before, the trial was drawn without the plan's dose.
        else safe.NO_TRIAL_UNCHECKED_WORDS
    ) in text
    assert "On-blocks: your plan's dose" not in text
    assert "trial_ics" not in [d.key for d in at.get("download_button")]
    # The journal's dose check uses the new profile's limit, not the old plan's.
    assert journal_store.PLAN_FOR_TRIAL in at.session_state


def test_the_printable_plan_shows_the_trial_set_up_in_this_tab():
    at = run_page("trial", SETUP)
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    at.query_params["screened"] = "true"
    at.query_params["print"] = "true"
    at.run()
    assert_clean(at)
    assert "Your on/off trial" in all_text(at)
    # The trial page's words about the plan's calendar, from this side (phone review, 2026-12-05).
    assert (
        "leaves out the trial's nights, and starts again after them if the plan runs on (one you added"
        in all_text(at)
    )
    tables = [t for t in at.table if "Magnesium" in t.value.columns]
    assert len(tables) == 1 and len(tables[0].value) == 6


def test_the_plans_calendar_leaves_out_the_trials_nights_and_resumes_after_them(monkeypatch):
    """Pharmacist review (2026-12-05): with a trial set up in the tab, the plan's calendar ended for good
    the night before the trial, so a plan running on past it lost its last weeks from both files."""
    import maglib.calendar_export

    calls = []
    real = maglib.calendar_export.ics_bytes

    def spy(plan, **kwargs):
        calls.append(kwargs)
        return real(plan, **kwargs)

    monkeypatch.setattr(maglib.calendar_export, "ics_bytes", spy)
    # The person's own safety tick and label confirmed: the calendar is offered, so built (a link's tick
    # or a label not yet checked builds none: magui.download_data).
    label_ok = f"schedule_label_starting_ok|{sch.FORM_OPTIONS[0]}|Tablet|{sch.LABEL_BASIS['elemental']}"
    at = run_page("trial", SETUP)
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    at.query_params["weeks"] = "26"
    at.run()
    at.checkbox(key="screened").check().run()
    at.checkbox(key=label_ok).check().run()
    assert_clean(at)
    design = _design()
    assert calls and calls[-1]["until"] == design.start
    assert calls[-1]["resume"] == trial.end_date(design) + dt.timedelta(days=1)
    calls.clear()
    plain = run_page("schedule", {})  # no trial in this tab: neither
    plain.checkbox(key="screened").check().run()
    plain.checkbox(key=label_ok).check().run()
    assert_clean(plain)
    assert calls and calls[-1]["until"] is None and calls[-1]["resume"] is None


def test_a_logged_dose_above_any_plan_is_flagged():
    nights = trial.example_nights(_design(days=14), on_mean=0.5, off_mean=3.0)
    nights.loc[nights["magnesium_mg"] > 0, "magnesium_mg"] = 2000.0
    at = _with_journal(run_page("trial", SETUP), nights)
    assert_clean(at)
    assert "42 nights in your log record more than 350 mg" in plain(at)  # a default adult's US limit


def test_a_logged_dose_above_the_limit_is_flagged_while_blinded():
    """Pharmacist review (2026-12-04): the dose check sat with the result, so blinding hid it for
    weeks. The count of nights above the limit tells nothing of which block is which."""
    nights = trial.example_nights(_design(), on_mean=1, off_mean=2).iloc[:40]
    nights.loc[nights["magnesium_mg"] > 0, "magnesium_mg"] = 2000.0
    at = _with_journal(run_page("trial", {**SETUP, "trial_blind": "true"}), nights)
    assert_clean(at)
    assert "stay hidden until your journal reaches the trial's last night" in plain(at)
    assert "in your log record more than 350 mg" in plain(at)
    assert not at.metric and not at.get("arrow_vega_lite_chart")


def test_blinded_mid_trial_hides_the_result():
    nights = trial.example_nights(_design(), on_mean=1, off_mean=2).iloc[:40]
    at = _with_journal(run_page("trial", {**SETUP, "trial_blind": "true"}), nights)
    assert_clean(at)
    assert "stay hidden until your journal reaches the trial's last night" in plain(at)
    assert not at.metric and not at.get("arrow_vega_lite_chart")


def test_redrawing_a_drawn_order_asks_first():
    at = run_page("trial", SETUP)
    [redraw] = [b for b in at.button if b.key == "trial_draw"]
    redraw.click().run()
    assert at.number_input(key="trial_seed").value == 123456
    assert "A new order replaces this one" in plain(at)
    [keep] = [b for b in at.button if b.key == "trial_keep"]
    keep.click().run()
    assert at.number_input(key="trial_seed").value == 123456
    [redraw] = [b for b in at.button if b.key == "trial_draw"]
    redraw.click().run()
    [yes] = [b for b in at.button if b.key == "trial_redraw_yes"]
    yes.click().run()
    assert at.number_input(key="trial_seed").value != 123456


def test_the_wash_out_is_said_once():
    """Phone review, 2026-12-03: the page's sentence and the data's said the same thing twice ("The
    first 7 nights of every block are left out of the comparison. the first 7 nights (a week) …")."""
    at = run_page("trial")
    assert_clean(at)
    (setup,) = [m.value for m in at.markdown if "**Wash-out.**" in m.value]
    line = next(x for x in setup.splitlines() if x.startswith("- **Wash-out.**"))
    assert line.count("left out of the comparison") == 1
    assert line.startswith("- **Wash-out.** The first 7 nights \\(a week\\) of every block are left out")


def test_a_before_after_journal_is_called_so_before_any_result():
    """Clinician review (2026-12-04): the example journal (21 nights off, then on) showed as "Pair 1,
    off, on" in an order nobody drew, and "not drawn at random" only once a result was ready."""
    at = run_page("journal")
    at.button(key="journal_example").click().run()
    at.switch_page("pages/trial.py")
    at.query_params.clear()
    at.run()
    assert_clean(at)
    text = plain(at)
    assert at.table  # the one stretch off and on, as a pair
    assert "order was not drawn at random, so this is not a randomised on/off trial" in text
    assert "is a before/after comparison (the Journal page makes that one), not a trial" in text


def test_a_trial_begun_early_in_the_plan_says_when_to_start_and_to_replace_the_plans_calendar():
    """Pharmacist review (2026-12-04): the trial drawn on the plan's first day began that day, with
    nothing said, and nothing on /trial said to delete the plan's own reminders."""
    start = dt.date(2027, 1, 4)
    at = run_page("schedule", {"screened": "true", "start": (start - dt.timedelta(weeks=2)).isoformat()})
    assert_clean(at)
    _to_trial(at)
    assert_clean(at)
    [early] = [w.value for w in at.warning if "Your trial begins on" in w.value]
    assert (
        "**Your trial begins on 04 January 2027, in week 3 of your plan (it began on 21 December 2026).**"
        in early
    )
    assert "Start it on or after 15 February 2027" in early
    # 84 nights from 04 January 2027 run past the 12-week plan's last day (14 March 2027).
    assert any(
        "**Your trial runs to 28 March 2027, past the end of your dose plan (14 March 2027).**" in w.value
        for w in at.warning
    )
    assert any(
        "From the trial's first night (04 January 2027) this calendar replaces the dose plan's" in c.value
        # and to check its reminders after adding it (calendar review, 2026-12-05)
        and c.value.endswith(f"** {CHECK_AFTER_IMPORT}")
        for c in at.caption
    )
    # Begun 8 weeks into the plan: nothing to say about when.
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    at.query_params["screened"] = "true"
    at.query_params["start"] = (start - dt.timedelta(weeks=8)).isoformat()
    at.run()
    _to_trial(at)
    assert not [w for w in at.warning if "Your trial begins on" in w.value]


def test_the_plans_lines_on_the_trial_show_no_markup():
    """Pharmacist review (2026-12-04): /trial showed "**The EU (250 mg) limit is lower than this
    plan:**" with its asterisks (the line's bold, escaped on /trial)."""
    at = run_page(
        "schedule", {"screened": "true", "other": "Multivitamin or mineral supplement", "other_mg": "50"}
    )
    assert_clean(at)
    assert any("limit is lower than this plan" in w.value for w in at.warning)
    _to_trial(at)
    text = plain(at)
    assert "The EU (250 mg) limit is lower than this plan with your other products:" in text
    assert "**The EU" not in text


def test_drawing_with_a_plan_starts_the_trial_after_its_minimum_weeks():
    """Pharmacist review (2026-12-04): drawn on the plan's first day, the trial began that day."""
    today = dt.date.today()
    at = run_page("schedule", {"screened": "true"})  # a plan starting today
    assert_clean(at)
    at.switch_page(PAGES["trial"])
    at.run()
    [draw] = [b for b in at.button if b.key == "trial_draw"]
    draw.click().run()
    assert_clean(at)
    assert trial.parse_start(at.text_input(key="trial_start").value) == today + dt.timedelta(weeks=8)
    assert not [w for w in at.warning if "Your trial begins on" in w.value]


def test_no_trial_calendar_while_the_plans_safety_tick_is_the_one_a_link_brought():
    """Adversarial review (2026-12-05): with the plan calendar waiting for the reader's own tick, the
    trial calendar (on /trial and on /schedule) still put the plan's doses on a phone."""

    def trial_calendar(at):
        (button,) = [d.proto for d in at.get("download_button") if d.key in ("trial_ics", "dl_trial_ics")]
        return button

    at = run_page("schedule", {"screened": "true"})  # the tick came with the link
    # The label's mg confirmed (session 59).
    at.checkbox(
        key=f"schedule_label_starting_ok|{sch.FORM_OPTIONS[0]}|Tablet|{sch.LABEL_BASIS['elemental']}"
    ).check().run()
    _to_trial(at)
    assert_clean(at)
    assert trial_calendar(at).disabled and "untick and tick the box there" in trial_calendar(at).help
    # The reason in the label too: a phone shows no tooltip (pharmacist review, session 61).
    assert trial_calendar(at).label == "Trial calendar: first tick the Dose plan page's safety box yourself"
    # Back on the plan page: its own copy of the trial calendar waits too; the reader's tick opens both.
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    at.query_params["screened"] = "true"
    at.run()
    assert trial_calendar(at).disabled
    assert trial_calendar(at).label == "Trial calendar: first tick the safety box in section 2 yourself"
    at.checkbox(key="screened").uncheck().run()
    at.checkbox(key="screened").check().run()
    assert not trial_calendar(at).disabled and trial_calendar(at).label == "Trial calendar (.ics)"
    _to_trial(at)
    assert not trial_calendar(at).disabled and not trial_calendar(at).help
    assert trial_calendar(at).label == "Trial calendar (.ics)"


def test_a_large_number_out_of_range_is_written_in_full():
    """Adversarial review (2026-12-05): a seed of 1000000 typed was named "1e+06"."""
    at = run_page("trial", SETUP)
    at.number_input(key="trial_seed").set_value(1_000_000).run()
    assert_clean(at)
    assert any("1,000,000 is outside what this field takes" in w.value for w in at.warning)


def test_more_episodes_on_a_midwifes_dose_go_back_to_the_midwife_on_the_page_and_the_summary(summaries):
    """Pharmacist review (2026-12-05): a trial on a midwife's dose with more episodes on magnesium
    said "talk to your pharmacist or doctor", on the page and in the clinician's summary."""
    given = summaries
    summary_html = _SUMMARY_HTML
    at = run_page("schedule", {"screened": "true", "age": "30", "sex": "Female", "stage": "Pregnant"})
    at.checkbox(key="stage_confirm").check().run()
    at.number_input(key="doctor_mg").set_value(200).run()
    assert_clean(at)
    assert at.session_state[journal_store.PLAN_FOR_TRIAL].plan.advised_by == "midwife or doctor"
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=4.0, off_mean=0.3))
    assert_clean(at)
    said = "talk to the midwife or doctor who advised your dose before going on"
    assert said in plain(at) and "talk to your pharmacist or doctor" not in plain(at)
    assert given and given[-1].advised_by == "midwife or doctor"
    nights = journal.check_frame(at.session_state["journal_base"])
    html = summary_html(
        trial.analyse_planned(nights, _design(), 0.05), _design(), nights, given[-1], created=START
    )
    assert said in html and "talk to your pharmacist or doctor" not in html


def test_a_pregnant_persons_worse_trial_without_a_plan_goes_to_her_midwife_or_doctor():
    """Adversarial review (2026-12-05): with no plan in the tab (an uploaded journal), a pregnant
    person's worse trial said "talk to your pharmacist or doctor"; /trial knows the stage."""
    at = run_page("diet", {"age": "30", "sex": "Female", "stage": "Pregnant"})  # said on another page
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=4.0, off_mean=0.3))
    assert_clean(at)
    assert "talk to your midwife or doctor before going on" in plain(at)
    assert "talk to your pharmacist or doctor" not in plain(at)
    # Not pregnant: as before.
    plain_at = _with_journal(
        run_page("trial", SETUP), trial.example_nights(_design(), on_mean=4.0, off_mean=0.3)
    )
    assert "talk to your pharmacist or doctor before going on" in plain(plain_at)


def test_while_the_plan_waits_for_a_prescriber_no_trial_and_the_summary_says_why(summaries):
    """Clinician review (2026-12-05): a 78-year-old on digoxin whose plan waited for the prescriber drew
    a trial (on-blocks from tonight), and its summary for a clinician said "Medicines: none entered",
    "The person: not entered" and red flags "not yet confirmed"."""
    given = summaries
    link = {"age": "78", "meds": ["Digoxin (heart medicine)"], "med_time_digoxin": "08:00"}
    at = run_page("schedule", link)
    at.checkbox(key="kidney_test_normal").check().run()
    at.checkbox(key="screened").check().run()
    assert_clean(at)
    assert at.session_state[journal_store.PRESCRIBER_WAITS] == journal_store.Waiting(
        ("digoxin (heart medicine)",), True
    )
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=1.0, off_mean=1.0))
    assert_clean(at)
    errors = " ".join(e.value for e in at.error)
    assert (
        "**No on/off trial until the doctor who prescribes your digoxin (heart medicine) agrees to "
        "magnesium.**" in errors
    )
    assert "in your log record a magnesium dose**" in errors  # every logged dose is questioned
    # No blocks under that red box (adversarial review, 2026-12-05: the table's first block, tonight, was On).
    assert not _block_tables(at) and "Your trial:" not in plain(at)
    assert "no blocks or trial calendar are shown while the Dose plan page makes no plan for you" in plain(at)
    facts = given[-1]
    assert facts.person_lines[0].startswith("Age 78, ")
    assert facts.medicine_lines[0].startswith("Digoxin (heart medicine). ")
    assert facts.plan_lines == (
        "No dose plan: the Dose plan page stopped before making one (“No plan until your doctor agrees.”); "
        "it waits for the doctor who prescribes their digoxin (heart medicine) to agree to magnesium.",
    )
    assert facts.red_flags_checked  # the person's own safety tick on the Dose plan page
    # Once they agreed: the plan reaches the trial, and nothing waits.
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    for key, value in link.items():
        at.query_params[key] = value
    at.run()
    at.checkbox(key="kidney_test_normal").check().run()
    at.checkbox(key="screened").check().run()
    at.checkbox(key="prescriber_confirm").check().run()
    assert_clean(at)
    assert at.session_state[journal_store.PRESCRIBER_WAITS] == journal_store.Waiting((), True)
    assert journal_store.NO_PLAN not in at.session_state
    _to_trial(at)
    assert "No on/off trial until" not in " ".join(e.value for e in at.error)
    agreed = given[-1]
    assert agreed.plan_lines[0] != facts.plan_lines[0]
    # The summary names the agreement, the blood tests, the medicines' cautions and what was not checked,
    # and sends more episodes to that prescriber (clinician review, 2026-12-05).
    assert (
        "The person confirmed on the Dose plan page that the doctor who prescribes their digoxin (heart "
        "medicine) agreed to magnesium." in agreed.plan_lines
    )
    assert any(line.startswith("Blood tests the app asked the person to raise") for line in agreed.plan_lines)
    assert any(line.startswith("Plan dates: ") for line in agreed.plan_lines)
    # Those lines are about the person, for the clinician: never shown to the person (phone review).
    assert "The person confirmed" not in plain(at) and "Plan dates:" not in plain(at)
    assert agreed.cautions and agreed.cautions[0].startswith(
        "Digoxin (heart medicine): Feeling or being sick"
    )
    assert agreed.medicine_lines[-1].startswith("Only the medicines picked from this app's list were checked")
    assert agreed.prescriber == "the doctor who prescribes your digoxin (heart medicine)"
    # A trial running past the plan's end is said in the summary too (phone review), worked out here from
    # the plan in the tab (it begins today, so whether this one does depends on the date).
    plan = at.session_state[journal_store.PLAN_FOR_TRIAL].plan
    past = trial.past_plan_fact(
        at.session_state[journal_store.TRIAL_DESIGN], plan.start + dt.timedelta(weeks=plan.weeks, days=-1)
    )
    assert agreed.design_notes == ((past,) if past else ())


def test_the_medicines_keep_waiting_when_the_safety_box_is_unticked_and_no_tick_is_promised():
    """Adversarial review (2026-12-05): unticking the safety box (or a changed age, which unticks it) let
    /journal and /trial forget the digoxin; and where no prescriber tick is offered, /trial said "tick that
    there"."""
    at = run_page("schedule", {"age": "66", "meds": ["Digoxin (heart medicine)"]})
    assert_clean(at)
    assert at.session_state[journal_store.PRESCRIBER_WAITS] == journal_store.Waiting(
        ("digoxin (heart medicine)",), False
    )
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=1.0, off_mean=1.0))
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "**No on/off trial: the Dose plan page makes no plan for you yet**" in errors
    assert "tick that there" not in errors and "tick that on the Dose plan page" not in errors
    assert "needs the doctor who prescribes your digoxin (heart medicine) to agree first" in errors
    assert not _block_tables(at)


def test_a_summary_without_a_plan_is_not_given_for_another_person(summaries):
    """Adversarial review (2026-12-05): after the age and pregnancy changed on /diet, the summary gave the
    Dose plan page's earlier person (age 60, not pregnant) and their red-flag tick."""
    given = summaries
    at = run_page("schedule", {"age": "60", "sex": "Female", "meds": ["Digoxin (heart medicine)"]})
    at.checkbox(key="screened").check().run()
    assert isinstance(at.session_state[journal_store.NO_PLAN], journal_store.NoPlanAnswers)
    at.switch_page(PAGES["diet"])
    at.query_params.clear()
    at.run()
    at.number_input(key="age").set_value(30).run()
    at.radio(key="stage").set_value("Pregnant").run()
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=1.0, off_mean=1.0))
    assert_clean(at)
    facts = given[-1]
    assert facts.person_lines == () and not facts.red_flags_checked
    # Not the earlier person's medicines: not known until the Dose plan page has run (rule answers_checked_first).
    assert facts.medicine_lines == (safe.UNCHECKED_SUMMARY_WORDS,)


def test_from_75_without_a_plan_no_trial_blocks_are_drawn():
    """GP review (2026-12-05): an 81-year-old who gave her age on the Dose plan page (which waits for a
    normal kidney test) and drew an order on /trial saw "Your trial … On" from tonight (rule
    kidney_check_prompt_age); at 74 the trial is drawn."""
    at = run_page("schedule", {"age": "81", "sex": "Female"})
    at.switch_page(PAGES["trial"])
    at.run()
    at.query_params["trial_seed"] = "123456"
    at.query_params["trial_start"] = "2027-01-04"
    at.switch_page(PAGES["trial"])
    at.run()
    assert_clean(at)
    assert any("at 81 the Dose plan page makes no plan until you confirm" in e.value for e in at.error)
    assert not at.table and not any("**Your trial:**" in s.value for s in at.success)
    younger = run_page("schedule", {"age": "74"})
    younger.query_params["trial_seed"] = "123456"
    younger.query_params["trial_start"] = "2027-01-04"
    younger.switch_page(PAGES["trial"])
    younger.run()
    assert any("**Your trial:**" in s.value for s in younger.success)


def test_no_on_off_trial_while_pregnant_even_with_her_midwifes_plan(summaries):
    """Rule clinician_dose_no_trial (pharmacist review, 2026-12-06): at about 24 weeks, with her midwife's dose
    as the plan, /trial proposed blocks from 32 weeks to a month past her due date, its calendar giving the
    pregnancy dose into April. Now: the stop, with its sources, no blocks, no trial calendar; the nights are
    still analysed. Breastfeeding keeps its trial (the dose was advised for that stage)."""
    at = run_page("schedule", {"screened": "true", "age": "31", "sex": "Female", "stage": "Pregnant"})
    at.checkbox(key="stage_confirm").check().run()
    at.number_input(key="doctor_mg").set_value(200).run()
    assert at.session_state[journal_store.PLAN_FOR_TRIAL].plan.advised_by == "midwife or doctor"
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=4.0, off_mean=0.3))
    assert_clean(at)
    [stop] = [e.value for e in at.error if e.value.startswith("**No on/off trial while you are pregnant.**")]
    assert stop == safe.no_trial_stage_words("pregnancy", 31, load_dataset_book())
    assert "Interventions for leg cramps in pregnancy. Cochrane Database of Systematic Reviews 2020" in plain(
        at
    )
    assert "no blocks or trial calendar are shown on a dose a midwife or doctor advises" in plain(at)
    assert not _block_tables(at) and "Your trial:" not in plain(at)
    assert "trial_ics" not in [d.key for d in at.get("download_button")]
    assert "talk to the midwife or doctor who advised your dose before going on" in plain(at)  # analysed
    # A pregnant person's own /trial link, in a new tab: its stage is read (re-review, 2026-12-06: blocks
    # were drawn, the link's stage unread).
    linked = run_page("trial", {**SETUP, "age": "30", "stage": "Pregnant"})
    assert_clean(linked)
    assert any(e.value.startswith("**No on/off trial while you are pregnant.**") for e in linked.error)
    assert not _block_tables(linked) and "Your trial:" not in plain(linked)
    # Breastfeeding and a child's dose: the same reason, their own words; an adult's link draws its blocks.
    for query, start in (
        (
            {"age": "30", "stage": "Breastfeeding"},
            "**No on/off trial on a dose your midwife or doctor advised.**",
        ),
        ({"age": "15"}, "**No on/off trial on a dose your doctor advised.**"),
    ):
        other = run_page("trial", {**SETUP, **query})
        assert any(e.value.startswith(start) for e in other.error), query
        assert not _block_tables(other)
    assert _block_tables(run_page("trial", {**SETUP, "age": "30"}))


def test_while_a_combinations_box_waits_no_trial():
    """Rule combination_box_read (re-review, session 53): with "Candesartan Comp" unread on the Dose plan page,
    /trial drew its blocks under the generic no-plan note. No blocks now, with the reason, as for a
    prescriber's wait; once the box is read, the plan reaches the trial."""
    at = schedule_with_box()
    assert_clean(at)
    assert at.session_state[journal_store.BOXES_UNREAD] is True
    _to_trial(at)
    at = _with_journal(at, trial.example_nights(_design(), on_mean=1.0, off_mean=1.0))
    assert_clean(at)
    assert any(e.value.startswith("**No on/off trial until you have read the box.**") for e in at.error)
    assert not _block_tables(at) and "Your trial:" not in plain(at)


def test_while_the_dose_plan_pages_answers_are_unchecked_no_blocks_and_the_summary_says_so(summaries):
    """Rule answers_checked_first (re-review, session 55: the test of this used the wrong query keys and drew no
    trial either way; the clinician's summary said "Medicines: none entered" for a person on a statin). A plan
    with the statin's prescriber agreed draws the blocks; kidney disease ticked, then /trial in the same step:
    only this rule's words (not the old kidney or prescriber state), no blocks, and the summary says the plan
    and medicines are not known."""
    at = run_page("schedule", {"age": "58", "sex": "Female"})
    at.checkbox(key="statin").check().run()
    at.checkbox(key="screened").check().run()
    at.checkbox(key="prescriber_confirm").check().run()
    frame = trial.example_nights(_design(), on_mean=1.0, off_mean=1.0)
    at = _with_journal(_to_trial(at), frame)
    assert _block_tables(at)
    at.switch_page(PAGES["schedule"])
    at.run()
    at.checkbox(key="prescriber_confirm").check().run()  # asked each visit to the page
    assert at.dataframe
    at.checkbox(key="kidney").check()
    at = _with_journal(_to_trial(at), frame)
    assert_clean(at)
    errors = [e.value for e in at.error]
    assert safe.NO_TRIAL_UNCHECKED_WORDS in errors
    assert not any("kidney" in e for e in errors)
    assert not _block_tables(at) and "Your trial:" not in plain(at)
    assert any(i.value.endswith("until the Dose plan page has checked your answers.") for i in at.info)
    assert summaries[-1].plan_lines == (safe.UNCHECKED_SUMMARY_WORDS,)
    assert summaries[-1].medicine_lines == (safe.UNCHECKED_SUMMARY_WORDS,)
