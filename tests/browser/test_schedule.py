"""/schedule in a real browser: build a plan, download and parse the .ics, the UL flow, share links."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Locator, Page, expect

from .conftest import live, open_page, wait_ready

SCREEN_LABEL = "I have answered the safety questions, and none of the red flags above applies to me"


def test_build_plan_and_download_ics(page: Page, app_url: str, tmp_path: Path):
    open_page(page, f"{app_url}/schedule")
    expect(page.get_by_text("Answer the safety questions", exact=False)).to_be_visible()
    page.get_by_test_id("stCheckbox").filter(has_text=SCREEN_LABEL).locator("label").click()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    wait_ready(page)
    # The field's starting 100 mg: the files wait until the label's mg is confirmed (session 59).
    waiting = page.get_by_role(
        "button", name="Add to my calendar: first enter or confirm your label's mg in section 3"
    )
    expect(waiting).to_be_disabled()
    page.get_by_test_id("stCheckbox").filter(has_text="My label says 100 mg per tablet").locator(
        "label"
    ).click()
    wait_ready(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Add to my calendar (.ics)").click()
    target = tmp_path / "plan.ics"
    info.value.save_as(target)
    cal = Calendar.from_ical(target.read_bytes())
    events = list(cal.walk("VEVENT"))
    doses = [e for e in events if "RRULE" in e]
    reviews = [e for e in events if "RRULE" not in e]
    # 12 weeks at 250 mg, no automatic step up: 8 weeks, then 4 "if you continue after the week 8 review".
    assert len(doses) == 2 and len(reviews) == 2
    assert sorted(e["RRULE"]["COUNT"][0] for e in doses) == [28, 56]
    assert all(e.walk("VALARM") for e in doses)
    assert all("250 mg" in str(e["SUMMARY"]) for e in doses)
    assert any("no diarrhoea" in str(e["DESCRIPTION"]) for e in reviews)  # the week-4 decision
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Plan as a spreadsheet (.csv)").click()
    csv_path = tmp_path / "plan.csv"
    info.value.save_as(csv_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_step_up_and_the_confirmation_that_never_travels(page: Page, app_url: str, browser: Browser):
    # A plan that started 5 weeks ago: its week-4 review has passed and the plan is not over, so the
    # step up can be chosen. A target of 360 mg: above the upper limit, within the hard maximum (400 mg
    # gets no tick).
    start = (dt.date.today() - dt.timedelta(weeks=5)).isoformat()
    open_page(page, f"{app_url}/schedule?screened=true&start={start}&target_mg=360")
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    page.get_by_test_id("stCheckbox").filter(has_text="review done").locator("label").click()
    expect(page.get_by_text("stops at 350 mg a day", exact=False)).to_be_visible(timeout=30_000)
    # The link's target is not asked about (rule clinician_dose_entered): the person types the dose.
    expect(page.get_by_test_id("stCheckbox").filter(has_text="My clinician advised this dose")).to_have_count(
        0
    )
    target = page.get_by_role("spinbutton", name="Step up to (mg a day)")
    target.fill("355")
    target.press("Enter")
    page.get_by_test_id("stCheckbox").filter(has_text="My clinician advised this dose, 355 mg").locator(
        "label"
    ).click()
    # With the confirmation the plan no longer stops at the upper limit (its 3½ tablets give 350 mg).
    expect(page.get_by_text("stops at 350 mg a day", exact=False)).to_have_count(0, timeout=30_000)
    wait_ready(page)
    assert "ack" not in page.url and "confirm" not in page.url and "step" not in page.url
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        open_page(other, page.url)  # the receiver sees the plan at its start dose
        expect(other.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    finally:
        fresh.close()


def test_share_link_reproduces_the_plan(page: Page, app_url: str, browser: Browser):
    query = (
        "screened=true&meds=Levothyroxine+%28thyroid+hormone%29"
        "&timing=Split%3A+morning+and+evening&med_time_levothyroxine=07%3A00"
    )
    open_page(page, f"{app_url}/schedule?{query}")
    expect(page.get_by_text("Morning dose moved 3 h 00 min later", exact=False)).to_be_visible(timeout=30_000)
    wait_ready(page)
    link = page.url
    assert "med_time_levothyroxine" in link
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        open_page(other, link)
        expect(other.get_by_text("Morning dose moved 3 h 00 min later", exact=False)).to_be_visible()
        expect(other.get_by_test_id("stDataFrame")).to_be_visible()
    finally:
        fresh.close()


#: The clinical review's catalogue of unsafe cases (issue 14), each through the real page:
#: (query, text (or texts) the page must show, whether a plan table may appear).
UNSAFE = [
    ("age=2", "No plan under 4", False),
    ("age=4", "food first, no dosing schedule", False),
    ("age=9", "food first, no dosing schedule", False),
    ("age=17&stage=Pregnant", "While pregnant", False),
    ("age=13&stage=Pregnant", "While pregnant", False),
    ("age=30&sex=Female&stage=Pregnant", "While pregnant: no self-serve schedule", False),
    ("age=30&sex=Female&stage=Breastfeeding", "While breastfeeding: no self-serve schedule", False),
    # Parts of the link unread: named, and the link's tick not kept, so no plan (link_screen_incomplete).
    ("ack=true&stepped=true", ("not a setting of this page", "part of the link could not be used"), False),
    ("strength_mg=120&label=Compound+weight+%28the+whole+salt%29&unit=Capsule", "Check the label", False),
    (
        "meds=Fluoroquinolone+%28quinolone%29+antibiotics&med_time_fluoroquinolones=21%3A00",
        "dose moved",
        True,
    ),
    (
        "meds=Fluoroquinolone+%28quinolone%29+antibiotics&med_time_fluoroquinolones=08%3A00"
        "&med_time_fluoroquinolones=20%3A00",
        "dose moved",
        True,
    ),
    ("meds=Gabapentin&med_time_gabapentin=21%3A00", "dose moved", True),
    ("strength_mg=5000", "choose a lower strength", False),
    ("meds=Raltegravir+%28Isentress%29", "No plan with Raltegravir", False),
    (
        "other=Antacid+%28e.g.+Maalox%2C+Mylanta%2C+Milk+of+Magnesia%29",
        "Enter the magnesium in your other",
        False,
    ),
    ("kidney=true", "see a clinician first", False),
    ("form=Magnesium+oxide", "Magnesium oxide is poorly absorbed", True),
    # Rule statin_prescriber_confirm: no plan until the person ticks (each visit) that the prescriber agreed.
    (
        "statin=true",
        (
            "weakness you can't explain, or dark urine: contact your doctor straight away",
            "No plan until your doctor agrees",
        ),
        False,
    ),
]


@pytest.mark.parametrize(
    ("query", "says", "plan"), UNSAFE, ids=[q.split("=")[0] + str(i) for i, (q, _, _) in enumerate(UNSAFE)]
)
def test_unsafe_case_catalogue(page: Page, app_url: str, query: str, says: str | tuple[str, ...], plan: bool):
    open_page(page, f"{app_url}/schedule?screened=true&{query}")
    for text in (says,) if isinstance(says, str) else says:
        expect(page.get_by_text(text, exact=False).first).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("See a doctor instead of trying magnesium", exact=False)).to_be_visible()
    assert (page.get_by_test_id("stDataFrame").count() > 0) is plan


def test_a_statin_plan_appears_only_once_the_person_ticks_the_prescriber_agreed(page: Page, app_url: str):
    # Rule statin_prescriber_confirm through the real page: the tick is never in the link, and only
    # ticking it (here, by keyboard) brings the plan.
    open_page(page, f"{app_url}/schedule?screened=true&statin=true")
    expect(page.get_by_text("No plan until your doctor agrees", exact=False).first).to_be_visible(
        timeout=30_000
    )
    wait_ready(page)
    assert page.get_by_test_id("stDataFrame").count() == 0
    box = page.get_by_role(
        "checkbox", name="The doctor who prescribes my statin has agreed I can take magnesium"
    )
    box.focus()
    page.keyboard.press("Space")
    expect(live(page, "stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("No plan until your doctor agrees", exact=False)).to_have_count(0)
    assert "prescriber" not in page.url


def test_a_dose_change_updates_the_plan_and_the_link(page: Page, app_url: str, browser: Browser):
    # A dose change reruns only the plan's fragment: the plan, the journal link's dose and the
    # address bar must all follow it, and the link must reproduce the view. The plan started yesterday:
    # the journal link's dose is for the night the journal offers (last night before 18:00), which is
    # then in the plan too.
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    open_page(page, f"{app_url}/schedule?screened=true&start={yesterday}")
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    dose = page.get_by_label("Starting dose (mg of magnesium a day)")
    dose.fill("150")
    dose.press("Enter")
    expect(live(page, "stMarkdown").filter(has_text="Weeks 1–12: 150 mg a day")).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_have_count(0)
    # The small print under the summary and the checkpoints' sources render as text in the same
    # markdown elements (no directive syntax shows).
    expect(
        live(page, "stMarkdown").filter(has_text="One ").filter(has_text="Other authorities")
    ).to_be_visible()
    # The checks at each review and their sources: a section drawn once opened (by keyboard here).
    checks = page.locator("summary").filter(has_text="More at each review")
    checks.focus()
    page.keyboard.press("Enter")
    expect(
        live(page, "stMarkdown").filter(has_text="Other measures").filter(has_text="Source:")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_text(":small[", exact=False)).to_have_count(0)
    expect(page.get_by_test_id("stPageLink").filter(has_text="journal").locator("a")).to_have_attribute(
        "href", re.compile(r"dose_mg=150")
    )
    assert "start_mg=150" in page.url
    # Out of range: the warning under the field names the value refused and the one still used.
    dose.fill("5000")
    dose.press("Enter")
    expect(page.get_by_text("5,000 is outside what this field takes", exact=False)).to_be_visible(
        timeout=30_000
    )
    expect(live(page, "stMarkdown").filter(has_text="Weeks 1–12: 150 mg a day")).to_be_visible()
    # The field and the address go back to the dose used (adversarial link review, 2026-12-05).
    expect(dose).to_have_value("150")
    # The address follows after the run (polled: an immediate read saw the refused value, session 53).
    expect(page).to_have_url(re.compile(r"^[^?]*\?(?![^#]*5000)(?:[^#]*&)?start_mg=150(?:&|#|$)"))
    dose.fill("100")
    dose.press("Enter")
    expect(page.get_by_text("outside what this field takes", exact=False)).to_have_count(0, timeout=30_000)
    expect(live(page, "stMarkdown").filter(has_text="Weeks 1–12: 100 mg a day")).to_be_visible(timeout=30_000)
    # The timing reveals the morning time (its own row with the evening time); the dose stays.
    page.get_by_test_id("stRadio").get_by_text("Split: morning and evening").click()
    expect(page.get_by_role("group", name="Morning dose at")).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(live(page, "stMarkdown").filter(has_text="Weeks 1–12: 100 mg a day")).to_be_visible()
    link = page.url
    assert "start_mg=100" in link
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        open_page(other, link)
        expect(other.get_by_text("Weeks 1–12: 100 mg a day", exact=False)).to_be_visible(timeout=30_000)
        expect(other.get_by_role("group", name="Morning dose at")).to_be_visible()
    finally:
        fresh.close()


def test_the_trial_link_follows_the_plan_when_a_dose_change_shows_or_withdraws_it(page: Page, app_url: str):
    # The trial's link is drawn by the page after the plan's fragment, only while a plan is shown:
    # a dose change (a run of the fragment alone) that shows or withdraws the plan reruns the page.
    open_page(page, f"{app_url}/schedule?screened=true&age=6")
    page.get_by_text("A doctor has advised a magnesium supplement dose for this person").click()
    dose = page.get_by_label("The dose the doctor advised (mg of magnesium a day)")
    expect(dose).to_be_visible(timeout=30_000)
    wait_ready(page)
    trial_link = live(page, "stPageLink").filter(has_text="An on/off trial")
    expect(trial_link).to_have_count(0)
    dose.fill("100")  # within the 6-year-old's 110 mg (a dose above it makes no plan)
    dose.press("Enter")
    expect(live(page, "stDataFrame")).to_be_visible(timeout=30_000)
    expect(trial_link).to_be_visible(timeout=30_000)
    wait_ready(page)
    dose.fill("0")
    dose.press("Enter")
    expect(page.get_by_text("Enter the dose the doctor advised to see the plan", exact=False)).to_be_visible(
        timeout=30_000
    )
    wait_ready(page)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_test_id("stPageLink").filter(has_text="An on/off trial")).to_have_count(0)


def test_a_tick_that_came_with_the_link_is_named_until_the_person_answers(page: Page, app_url: str):
    """The safety tick in a shared link is the sender's answer: the receiver sees the plan (the view
    the sender saw) with a warning beside the tick, until they untick and tick it themselves."""
    notice = page.get_by_text("This tick came with the link you opened", exact=False)
    open_page(page, f"{app_url}/schedule?screened=true")
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    expect(notice).to_be_visible()
    tick = page.get_by_test_id("stCheckbox").filter(has_text=SCREEN_LABEL).locator("label")
    tick.click()
    expect(page.get_by_text("Answer the safety questions, read the red flags", exact=False)).to_be_visible(
        timeout=30_000
    )
    expect(notice).to_have_count(0)
    tick.click()
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(notice).to_have_count(0)
    # Ticked here, not by a link: a fresh visit with no tick in the link shows no such warning.
    open_page(page, f"{app_url}/schedule")
    page.get_by_test_id("stCheckbox").filter(has_text=SCREEN_LABEL).locator("label").click()
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(notice).to_have_count(0)


def test_a_print_links_tick_notice_is_on_screen_not_on_paper(page: Page, app_url: str):
    """Adversarial review (2026-12-04): a print link with the sender's tick showed a plan with no word
    that the tick was theirs; the clinician review: on paper the notice made no sense."""
    open_page(page, f"{app_url}/schedule?screened=true&print=true")
    notice = page.get_by_text("This tick came with the link you opened", exact=False)
    expect(notice).to_be_visible(timeout=30_000)
    page.emulate_media(media="print")
    expect(notice).to_be_hidden()
    expect(page.get_by_text("Answers the plan rests on", exact=False)).to_be_visible()


def _tick(page: Page, label: str) -> None:
    page.get_by_test_id("stCheckbox").filter(has_text=label).locator("label").click()
    wait_ready(page)


def test_a_cleared_prescriber_tick_is_unticked_on_screen_and_stays_cleared(page: Page, app_url: str):
    """Adversarial review (2026-12-04): ticked for proton pump inhibitors, then a statin added, the
    tick was cleared on the server but still shown ticked; the next change (age) sent it back and the
    plan returned for a statin its prescriber never agreed to."""
    ppi = "Proton+pump+inhibitors+%28long-term+use%29"
    open_page(page, f"{app_url}/schedule?screened=true&meds={ppi}")
    agreed = "has agreed I can take magnesium"
    _tick(page, agreed)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    _tick(page, "I take a statin")
    box = page.get_by_test_id("stCheckbox").filter(has_text=agreed)
    expect(box).to_contain_text("proton pump inhibitors (long-term use) and statin")
    expect(box.get_by_role("checkbox")).not_to_be_checked()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    # Another answer that leaves the safety tick standing (an age change would take it off too).
    page.get_by_test_id("stRadio").filter(has_text="Sex").get_by_text("Male", exact=True).click()
    wait_ready(page)
    expect(
        page.get_by_test_id("stCheckbox").filter(has_text=SCREEN_LABEL).get_by_role("checkbox")
    ).to_be_checked()
    expect(box.get_by_role("checkbox")).not_to_be_checked()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_a_cleared_age_takes_the_safety_tick_off_on_screen_and_in_the_link(page: Page, app_url: str):
    """Rule screen_tick_for_its_person (adversarial review, 2026-12-05): a cleared age field goes back
    to 45, its starting value; the tick given for another age stayed and an adult's plan showed."""
    open_page(page, f"{app_url}/schedule?screened=true&age=60")
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    age = page.get_by_label("Age (years)")
    age.fill("")
    age.press("Tab")
    wait_ready(page)
    expect(age).to_have_value("45")
    tick = page.get_by_test_id("stCheckbox").filter(has_text=SCREEN_LABEL).get_by_role("checkbox")
    expect(tick).not_to_be_checked()
    notice = page.get_by_test_id("stAlert").filter(has_text="The safety box was unticked")
    expect(notice).to_contain_text("age 60 → 45")
    expect(notice).to_contain_text("A cleared age field goes back to 45")
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    assert "screened" not in page.url
    # The next change sends no tick back; the person's own tick brings the plan and drops the notice.
    page.get_by_test_id("stRadio").filter(has_text="Sex").get_by_text("Male", exact=True).click()
    wait_ready(page)
    expect(tick).not_to_be_checked()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    _tick(page, SCREEN_LABEL)
    expect(page.get_by_text("Weeks 1–12: 250 mg a day", exact=False)).to_be_visible(timeout=30_000)
    expect(notice).to_have_count(0)


def test_on_paper_the_hours_kept_free_are_written_and_the_charts_caption_goes(page: Page, app_url: str):
    """Pharmacist review (2026-12-05): the printout kept the chart's caption ("Shaded: …") with no chart
    and no line saying which hours to keep free of magnesium."""
    levo = "meds=Levothyroxine+%28thyroid+hormone%29&med_time_levothyroxine=07%3A00"
    open_page(page, f"{app_url}/schedule?screened=true&print=true&{levo}")
    caption = page.get_by_text("Shaded: times to keep magnesium away", exact=False)
    expect(caption).to_be_visible(timeout=30_000)
    page.emulate_media(media="print")
    expect(caption).to_be_hidden()
    expect(page.get_by_text("Times kept apart from your medicines:", exact=False)).to_be_visible()
    expect(page.get_by_text("No magnesium after 03:00 and before 11:00", exact=False)).to_be_visible()


def test_a_step_up_chosen_before_a_stop_is_forgotten_on_screen_and_in_the_plan(page: Page, app_url: str):
    """Adversarial review (2026-12-05): after the plan was hidden (kidney "not sure" ticked) and shown
    again, the step-up switch showed off while the plan still stepped up to 350 mg."""
    start = (dt.date.today() - dt.timedelta(weeks=5)).isoformat()
    open_page(page, f"{app_url}/schedule?screened=true&start={start}")
    switch = page.get_by_test_id("stCheckbox").filter(has_text="review done").locator("input")
    summary = page.get_by_test_id("stMarkdownContainer").filter(has_text="The plan:")
    expect(summary).to_contain_text("250 mg a day", timeout=30_000)
    page.get_by_test_id("stCheckbox").filter(has_text="review done").locator("label").click()
    expect(summary).to_contain_text("350 mg a day", timeout=30_000)
    _tick(page, "I'm not sure how well my kidneys work")
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    _tick(page, "I'm not sure how well my kidneys work")
    expect(summary).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(switch).not_to_be_checked()
    # No step (the line beside the plan names the 350 mg limit itself since session 58).
    expect(summary).to_contain_text("Weeks 1–12: 250 mg a day")
    expect(summary).not_to_contain_text("350 mg a day (")


def test_another_product_starts_its_amount_again_at_zero(page: Page, app_url: str):
    """Stale-state review (2026-12-05): a multivitamin's 50 mg stayed for an antacid picked after it, and
    the plan skipped the stop that waits for the amount to be entered."""
    multi = "Multivitamin or mineral supplement"
    open_page(page, f"{app_url}/schedule?screened=true&other={multi.replace(' ', '+')}&other_mg=50")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    picker = page.locator(".st-key-other")
    picker.get_by_role("button", name=f"Remove {multi}").click()
    wait_ready(page)
    picker.get_by_role("combobox").click()
    page.get_by_role("option", name="Antacid (e.g. Maalox, Mylanta, Milk of Magnesia)").click()
    wait_ready(page)
    page.keyboard.press("Escape")
    expect(page.get_by_label(re.compile(r"^Magnesium in those products"))).to_have_value("0", timeout=30_000)
    expect(page.get_by_text("Enter the magnesium in your other products first", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    assert "other_mg" not in page.url


def _back_after_kidney(page: Page, app_url: str) -> bool:
    """Tick, answer kidney disease, then the browser's Back to the address from before that answer. True when
    Back landed there.

    That earlier address is put in the history by the test (the entry the kidney answer replaced, then the
    answer's address again): Streamlit's own entries for it came with opening another page and back, and the
    app now keeps one entry per page opened (tests/browser/test_history.py), so the test no longer relies
    on Streamlit leaving one behind."""
    open_page(page, f"{app_url}/schedule?age=50&strength_mg=120")  # a label's own mg (session 59)
    _tick(page, SCREEN_LABEL)
    expect(page.get_by_role("button", name=re.compile(r"^Add to my calendar"))).to_be_enabled(timeout=30_000)
    earlier = page.url
    _tick(page, "I have kidney disease or reduced kidney function")
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"kidney=true"))
    page.evaluate(
        "([earlier, now]) => { history.replaceState({}, '', earlier); history.pushState({}, '', now); }",
        [earlier, page.url],
    )
    page.go_back()
    page.wait_for_timeout(1500)
    wait_ready(page)
    return page.url == earlier and "kidney" not in page.url


def test_back_to_an_earlier_address_does_not_bring_back_a_calendar_for_dropped_answers(
    page: Page, app_url: str
):
    """Stale-state review (2026-12-05): ticked, then kidney disease answered, the browser's Back button
    restored the earlier address (kidney unticked, the safety tick kept) and the plan's calendar."""
    assert _back_after_kidney(page, app_url), page.url
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    notice = page.get_by_text("The page went back to earlier answers", exact=False)
    expect(notice).to_be_visible(timeout=30_000)
    calendar = page.get_by_role("button", name=re.compile(r"^Add to my calendar"))
    expect(calendar).to_be_disabled()
    # The person's own tick, given for the answers now on the page, brings the calendar back.
    _tick(page, SCREEN_LABEL)
    _tick(page, SCREEN_LABEL)
    expect(calendar).to_be_enabled(timeout=30_000)
    expect(notice).to_have_count(0)


def test_a_combination_names_box_waits_through_a_reload(page: Page, app_url: str):
    """Rule combination_box_read through the real page (session-53 review: a reload gave the plan without the
    box question): the class waiting for its box is written to the address, so a reload asks again; the
    tick, given by keyboard, brings the plan and never enters the address."""
    open_page(page, f"{app_url}/schedule?age=45&screened=true")
    finder = page.get_by_label("Not sure which class? Find a medicine by the name on its box")
    finder.fill("Candesartan Comp")
    finder.press("Enter")
    wait_ready(page)
    expect(page.get_by_text("No plan until you have read the box.", exact=False).first).to_be_visible(
        timeout=30_000
    )
    expect(page).to_have_url(re.compile(r"[?&]boxes=Angiotensin"))
    page.reload()
    wait_ready(page)
    expect(page.get_by_text("No plan until you have read the box.", exact=False).first).to_be_visible(
        timeout=30_000
    )
    assert page.get_by_test_id("stDataFrame").count() == 0
    _tick(page, "A recent kidney blood test showed an eGFR")  # asked with a blood-pressure medicine
    assert page.get_by_test_id("stDataFrame").count() == 0
    box = page.get_by_role("checkbox", name=re.compile(r"^I have read the box of my angiotensin-II"))
    box.focus()
    page.keyboard.press("Space")
    expect(live(page, "stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("No plan until you have read the box.", exact=False)).to_have_count(0)
    assert "read" not in page.url.partition("?")[2]


def test_a_links_uk_values_count_once_confirmed_and_stay_confirmed_on_another_page(page: Page, app_url: str):
    """Rule link_set_no_lift (pharmacist review, session 58): a link's UK values keep the US 350 mg until the
    reader confirms them with the button; confirmed, they hold on the Diet page too (the tab's choice)."""
    open_page(page, f"{app_url}/schedule?refs=UK&age=50&sex=Male")
    note = page.get_by_text("The UK values came with the link or an earlier address", exact=False)
    expect(note).to_be_visible(timeout=30_000)
    button = page.get_by_role("button", name=re.compile("Use the UK values' limit"))
    button.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(note).to_have_count(0, timeout=30_000)
    page.get_by_role("link", name=re.compile("Diet")).first.click()
    page.wait_for_url(re.compile(r"/diet"))
    wait_ready(page)
    expect(page.get_by_text("Your day", exact=False).first).to_be_visible(timeout=30_000)
    expect(note).to_have_count(0)


def _typed_unknown_at_390(page: Page, app_url: str) -> Locator:
    """/schedule at 390 px with its plan, then "Xyzal 5mg" (a medicine the app does not know) typed in the
    finder; returns the finder."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_url}/schedule?age=45&screened=true")
    expect(live(page, "stDataFrame")).to_be_visible(timeout=30_000)
    finder = page.get_by_label("Not sure which class? Find a medicine by the name on its box")
    _type_unknown(page, finder, "Xyzal 5mg")
    return finder


def _type_unknown(page: Page, finder: Locator, name: str) -> None:
    """A name the app does not know typed in the finder, and its tick drawn. Not only ``wait_ready``: right after
    Enter the app can still say "notRunning", and a second name typed then reaches the server with the first
    (session 63: on a loaded machine "Xyzal 5mg" was replaced in the field before its run, never recorded)."""
    finder.fill(name)
    finder.press("Enter")
    expect(_unknown_tick(page, name)).to_have_count(1, timeout=30_000)
    wait_ready(page)


def test_an_unknown_medicine_holds_the_plan_until_ticked_by_keyboard_and_a_removed_one_frees_it(
    page: Page, app_url: str
):
    """Rule unknown_medicine_checked through the real page (pharmacist review, session 60: "Digitek" got a full
    plan): typed, the plan waits; its tick, by keyboard, brings the plan; a second name removed by its button (by
    keyboard too) leaves the plan; neither name nor tick enters the address."""
    finder = _typed_unknown_at_390(page, app_url)
    stop = page.get_by_text("No plan until each medicine this app does not know is checked.", exact=False)
    expect(stop.first).to_be_visible(timeout=30_000)
    assert page.get_by_test_id("stDataFrame").count() == 0
    tick = page.get_by_role("checkbox", name=re.compile(r"^“Xyzal 5mg” is not in this app's list"))
    tick.focus()
    page.keyboard.press("Space")
    expect(live(page, "stDataFrame")).to_be_visible(timeout=30_000)
    expect(stop).to_have_count(0)
    _type_unknown(page, finder, "Zentrovax")
    expect(stop.first).to_be_visible(timeout=30_000)
    remove = page.get_by_role("button", name=re.compile(r"^Remove “Zentrovax”"))
    remove.focus()
    page.keyboard.press("Enter")
    expect(live(page, "stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name=re.compile(r"^Remove “Zentrovax”"))).to_have_count(0)
    query = page.url.partition("?")[2].lower()
    assert "xyzal" not in query and "zentrovax" not in query


def _unknown_tick(page: Page, name: str) -> Locator:
    return page.get_by_role("checkbox", name=re.compile(rf"^“{re.escape(name)}” is not in this app's list"))


def _remove_by_keyboard(page: Page, name: str) -> None:
    """Its Remove button focused and pressed with Enter, then gone."""
    button = page.get_by_role("button", name=re.compile(rf"^Remove “{re.escape(name)}”"))
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_count(0, timeout=30_000)


def test_removing_an_unknown_medicine_by_keyboard_moves_the_focus_to_the_next_or_to_the_finder(
    page: Page, app_url: str
):
    """Planning list (session 60): the used Remove button is gone on the next run, and the focus fell to the
    page's body (WCAG 2.4.3). It goes to the next name's tick, then, with none left, to the finder."""
    finder = _typed_unknown_at_390(page, app_url)
    for name in ("Zentrovax", "Quuxmed"):
        _type_unknown(page, finder, name)
    # A middle one removed: the focus goes to the tick now in its place (review, session 62: it went to the first).
    _remove_by_keyboard(page, "Zentrovax")
    expect(_unknown_tick(page, "Quuxmed")).to_be_focused(timeout=10_000)
    # The last one removed: the focus goes to the one before it, now the last.
    _remove_by_keyboard(page, "Quuxmed")
    expect(_unknown_tick(page, "Xyzal 5mg")).to_be_focused(timeout=10_000)
    _type_unknown(page, finder, "Zentrovax")
    _remove_by_keyboard(page, "Xyzal 5mg")
    expect(_unknown_tick(page, "Zentrovax")).to_be_focused(timeout=10_000)
    page.keyboard.press("Tab")  # the tick's own Remove button is next
    expect(page.get_by_role("button", name=re.compile(r"^Remove “Zentrovax”"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile(r"^Remove “Zentrovax”"))).to_have_count(
        0, timeout=30_000
    )
    expect(finder).to_be_focused(timeout=10_000)


def test_the_stops_waiting_line_links_up_to_the_unknown_medicines_ticks(page: Page, app_url: str):
    """Phone review (session 60): at 390 px the stop's "Waiting" line stood ~3,000 px below the ticks, with no
    way back up but scrolling. Its link, followed by keyboard, brings the heading over the ticks into view."""
    _typed_unknown_at_390(page, app_url)
    link = page.get_by_role("link", name="Medicines and products waiting to be checked")
    expect(link).to_have_count(1)
    heading = page.get_by_role("heading", name="Medicines and products waiting to be checked")
    tick = page.get_by_role("checkbox", name=re.compile(r"^“Xyzal 5mg” is not in this app's list"))
    link.scroll_into_view_if_needed()
    expect(heading).not_to_be_in_viewport()  # the link is far below the ticks
    link.focus()
    page.keyboard.press("Enter")
    expect(heading).to_be_in_viewport(timeout=10_000)
    expect(tick).to_be_visible()
    assert "/schedule" in page.url  # followed in this page, not another tab
