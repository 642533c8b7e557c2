"""/schedule in a real browser: build a plan, download and parse the .ics, the UL flow, share links."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect

from .conftest import open_page, wait_ready

SCREEN_LABEL = "I have answered the safety questions above"


def test_build_plan_and_download_ics(page: Page, app_url: str, tmp_path: Path):
    open_page(page, f"{app_url}/schedule")
    expect(page.get_by_text("Answer the safety questions", exact=False)).to_be_visible()
    page.get_by_test_id("stCheckbox").filter(has_text=SCREEN_LABEL).locator("label").click()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("stops at your upper limit of 350 mg", exact=False)).to_be_visible()
    wait_ready(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Calendar").click()
    target = tmp_path / "plan.ics"
    info.value.save_as(target)
    cal = Calendar.from_ical(target.read_bytes())
    events = list(cal.walk("VEVENT"))
    doses = [e for e in events if "RRULE" in e]
    reviews = [e for e in events if "RRULE" not in e]
    assert len(doses) == 2 and len(reviews) == 2
    counts = sorted(e["RRULE"]["COUNT"][0] for e in doses)
    assert counts == [28, 56]  # weeks 1–4 at 250 mg, weeks 5–12 at the 350 mg limit
    assert all(e.walk("VALARM") for e in doses)
    assert "350 mg" in " ".join(str(e["SUMMARY"]) for e in doses)


def test_ul_acknowledgement_flow(page: Page, app_url: str):
    open_page(page, f"{app_url}/schedule?screened=true")
    expect(page.get_by_text("stops at your upper limit of 350 mg", exact=False)).to_be_visible()
    page.get_by_test_id("stCheckbox").filter(has_text="My clinician advised this dose").locator(
        "label"
    ).click()
    expect(page.get_by_text("Above the upper limit:", exact=False)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("stops at your upper limit", exact=False)).to_have_count(0)
    wait_ready(page)
    assert "ack=true" in page.url


def test_share_link_reproduces_the_plan(page: Page, app_url: str, browser: Browser):
    query = (
        "screened=true&meds=Levothyroxine+%28thyroid+hormone%29"
        "&timing=Split%3A+morning+and+evening&med_time_levothyroxine=07%3A00"
    )
    open_page(page, f"{app_url}/schedule?{query}")
    page.get_by_test_id("stCheckbox").filter(has_text="My clinician advised this dose").locator(
        "label"
    ).click()
    expect(page.get_by_text("Above the upper limit:", exact=False)).to_be_visible(timeout=30_000)
    wait_ready(page)
    link = page.url
    assert "ack=true" in link and "med_time_levothyroxine" in link
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        open_page(other, link)
        expect(other.get_by_text("Morning dose moved 3 h 00 min later", exact=False)).to_be_visible()
        expect(other.get_by_text("Above the upper limit:", exact=False)).to_be_visible()
        expect(other.get_by_test_id("stDataFrame")).to_be_visible()
    finally:
        fresh.close()
