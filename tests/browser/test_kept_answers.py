"""/schedule's ticks that never travel in a link, kept for the tab while another page is open (magui.kept).

Phone review (session 55): back from another page, the kidney test's tick, a box read or a prescriber's
agreement had to be given again, and the plan was gone until then.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from .conftest import open_page, wait_ready
from .test_schedule import SCREEN_LABEL

KIDNEY_TEST = "A recent kidney blood test showed an eGFR of 60 or more"
AGREED = "has agreed I can take magnesium"


def _tick(page: Page, label: str) -> None:
    page.get_by_test_id("stCheckbox").filter(has_text=label).locator("label").click()
    wait_ready(page)


def _go(page: Page, title: str) -> None:
    """The sidebar's link ``title``, then its page run to the end (a fresh-clone run once read the page
    left as the one arrived at: the script had not started yet when the wait began)."""
    # A run still under way first (its address can change before it ends): a link clicked meanwhile was once
    # undone, the page staying where it was (session 63, a fresh-clone run: /schedule never left for /compare).
    wait_ready(page)
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)
    path = urlparse(link.get_attribute("href") or "").path.rstrip("/")
    link.click()
    page.wait_for_url(lambda url: urlparse(url).path.rstrip("/") == path)
    wait_ready(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def _type(page: Page, field: str, value: str) -> None:
    """Type ``value`` into the number field ``field`` and press Enter."""
    box = page.get_by_role("spinbutton", name=field)
    box.fill(value)
    box.press("Enter")
    wait_ready(page)


def _step_up_open(page: Page, app_url: str) -> None:
    """A plan started 5 weeks ago (its week-4 review has passed), the step up chosen."""
    start = (dt.date.today() - dt.timedelta(weeks=5)).isoformat()
    open_page(page, f"{app_url}/schedule?screened=true&start={start}")
    page.get_by_test_id("stCheckbox").filter(has_text="review done").locator("label").click()
    expect(page.get_by_role("spinbutton", name="Step up to (mg a day)")).to_be_visible(timeout=30_000)


def _ticked(page: Page, label: str):
    return page.get_by_test_id("stCheckbox").filter(has_text=label).locator("input")


def test_ticks_given_on_the_dose_plan_page_are_there_after_other_pages(page: Page, app_url: str):
    """At 80 on a statin: the kidney test and the prescriber's agreement ticked, then /compare and /diet
    (About you unchanged): back on the Dose plan page both are ticked and the plan is drawn, and neither
    tick is in the address."""
    open_page(page, f"{app_url}/schedule?age=80&statin=true")
    _tick(page, SCREEN_LABEL)
    _tick(page, KIDNEY_TEST)
    _tick(page, AGREED)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    _go(page, "Compare forms")
    _go(page, "Diet")
    _go(page, "Dose plan")
    expect(_ticked(page, KIDNEY_TEST)).to_be_checked()
    expect(_ticked(page, AGREED)).to_be_checked()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    assert not re.search(r"kidney_test|confirm", page.url)


def test_a_tick_is_not_kept_for_another_age(page: Page, app_url: str):
    """The kidney test ticked at 80; the age changed on /diet to 81: back on the Dose plan page the tick
    is asked again, unticked, and there is no plan."""
    open_page(page, f"{app_url}/schedule?age=80")
    _tick(page, SCREEN_LABEL)
    _tick(page, KIDNEY_TEST)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    _go(page, "Diet")
    _type(page, "Age (years)", "81")
    expect(page).to_have_url(re.compile(r"age=81"))
    # The address changes while /diet's run is under way: it must end before the sidebar is used, or the run
    # that remembers the new age is cut short (session 63: once, on a loaded machine, the plan page opened at 80).
    wait_ready(page)
    _go(page, "Dose plan")
    expect(page).to_have_url(re.compile(r"age=81"))
    expect(_ticked(page, KIDNEY_TEST)).not_to_be_checked()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)


def test_a_clinicians_dose_changed_before_leaving_is_not_ticked_again_later(page: Page, app_url: str):
    """The clinician's 355 mg ticked, then the target typed as 360 (the plan's fragment runs alone: the 355 mg
    tick goes), /diet, back: 360 mg is asked, unticked; 355 mg typed again (the fragment alone again) is
    asked unticked too, and the plan stops at the limit."""
    _step_up_open(page, app_url)
    for mg in ("355", "360"):
        _type(page, "Step up to (mg a day)", mg)
        if mg == "355":
            _tick(page, "My clinician advised this dose, 355 mg")
            expect(page.get_by_text("stops at 350 mg a day", exact=False)).to_have_count(0, timeout=30_000)
    expect(_ticked(page, "My clinician advised this dose, 360 mg")).not_to_be_checked()
    _go(page, "Diet")
    _go(page, "Dose plan")
    expect(_ticked(page, "review done")).to_be_checked()  # the step up chosen is kept
    expect(_ticked(page, "My clinician advised this dose, 360 mg")).not_to_be_checked()
    _type(page, "Step up to (mg a day)", "355")
    expect(_ticked(page, "My clinician advised this dose, 355 mg")).not_to_be_checked()
    expect(page.get_by_text("stops at 350 mg a day", exact=False).first).to_be_visible(timeout=30_000)


def test_the_dose_plans_link_is_whole_after_compare(page: Page, app_url: str):
    """Adversarial review (session 56): /compare's "Details for" and converter dose used the Dose plan's URL
    keys ("form", "target_mg"): after /compare, the Dose plan's address said "form=" (its receiver got
    "part of this link could not be used" and no plan) and the converter took the plan's step-up dose."""
    _step_up_open(page, app_url)
    _type(page, "Step up to (mg a day)", "300")
    expect(page).to_have_url(re.compile(r"target_mg=300"))
    _go(page, "Compare forms")
    assert not re.search(r"[?&](form|target_mg)=", page.url), page.url
    _go(page, "Dose plan")
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    assert "form=" not in page.url and "target_mg=300" in page.url, page.url
    expect(page.get_by_text("Part of this link could not be used", exact=False)).to_have_count(0)
