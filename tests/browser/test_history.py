"""The browser's Back after another page of the app (magui.layout.SHARE_SCRIPT's history entries).

Phone review (session 56): Back from /diet opened the Dose plan page as ``/schedule?age=66`` or
``/schedule``, with the medicines, the safety tick and the age gone; other times Back stayed on the
same page. Streamlit adds several history entries as it opens another page (the old page's address
with its settings cleared, or the new page's before its settings are in); the page's script keeps
one entry per page opened.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from .conftest import open_page, wait_ready
from .test_kept_answers import AGREED, KIDNEY_TEST, _go, _tick, _ticked
from .test_schedule import SCREEN_LABEL


def _path(url: str) -> str:
    return urlparse(url).path.rstrip("/")


def _back_to(page: Page, path: str, *settings: str) -> dict[str, list[str]]:
    """Press Back, wait for ``path``'s run to end with each of ``settings`` ("age=80") in its address
    (Streamlit puts the About you settings back a moment after the page's own); the address's settings."""
    page.go_back()
    page.wait_for_url(lambda url: _path(url).endswith(path))
    # Every setting at once, then again after the run: the address from the history shows them before the run that
    # rewrites it (session 64's fresh clone: "age=80" was seen, then the address read a moment later had none).
    every = re.compile("".join(rf"(?=.*[?&]{re.escape(setting)}(&|$))" for setting in settings))
    expect(page).to_have_url(every)
    wait_ready(page)
    expect(page).to_have_url(every)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    return parse_qs(urlparse(page.url).query)


def _ready_to_leave(page: Page) -> None:
    # The share box's script keeps the history entries: it runs once the page's footer is drawn.
    page.wait_for_function("() => window.__magHistory === true", timeout=30_000)


def test_back_from_another_page_opens_the_dose_plan_as_it_was(page: Page, app_url: str):
    """At 80 with a loop diuretic, the safety questions answered, the kidney test and the prescriber's
    agreement ticked: /diet, then Back. The Dose plan page's address has the age, the medicine and the
    safety tick again, the medicine is picked, both ticks are there (kept for the tab) and the plan is
    drawn."""
    open_page(page, f"{app_url}/schedule?age=80&meds=Loop+diuretics")
    _tick(page, SCREEN_LABEL)
    _tick(page, KIDNEY_TEST)
    _tick(page, AGREED)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    _ready_to_leave(page)
    _go(page, "Diet")
    query = _back_to(page, "/schedule", "age=80", "meds=Loop+diuretics", "screened=true")
    assert query.get("age") == ["80"] and query.get("meds") == ["Loop diuretics"], page.url
    assert query.get("screened") == ["true"], page.url
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Loop diuretics").first).to_be_visible()
    expect(_ticked(page, KIDNEY_TEST)).to_be_checked()
    expect(_ticked(page, AGREED)).to_be_checked()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)


def test_back_leaves_the_page_opened_in_one_step(page: Page, app_url: str):
    """/diet at 40, then the Dose plan page, then Back: /diet at 40 again (not the Dose plan page's own
    address before its settings were in, which kept Back on the same page). One history entry was added
    for the page opened."""
    open_page(page, f"{app_url}/diet?age=40")
    _ready_to_leave(page)
    entries = page.evaluate("history.length")
    _go(page, "Dose plan")
    page.wait_for_url(lambda url: "age=40" in url)
    assert page.evaluate("history.length") == entries + 1
    query = _back_to(page, "/diet", "age=40")
    assert query.get("age") == ["40"], page.url


def test_back_to_a_links_answers_does_not_make_the_readers_tick_theirs(page: Page, app_url: str):
    """Re-review (session 57): a link's plan (30, not pregnant, ticked); the reader answers "Pregnant" (the tick
    comes off) and ticks it herself; Back twice to the link's address: the tick stood for the link's answers
    as hers, headed "Your plan", with the calendar. Back to answers the page did not get by a click is an
    earlier address's tick: the calendar waits and the page says so."""
    open_page(page, f"{app_url}/schedule?age=30&screened=true")
    _ready_to_leave(page)
    page.get_by_role("radiogroup", name="Pregnancy").get_by_text("Pregnant", exact=True).click()
    wait_ready(page)
    expect(_ticked(page, SCREEN_LABEL)).not_to_be_checked()
    _tick(page, SCREEN_LABEL)
    expect(page).to_have_url(re.compile(r"stage=Pregnant"))
    for _ in range(2):
        page.go_back()
        page.wait_for_timeout(1500)
        wait_ready(page)
    expect(page).not_to_have_url(re.compile(r"stage=Pregnant"))
    expect(page).to_have_url(re.compile(r"screened=true"))
    expect(page.get_by_role("button", name=re.compile(r"calendar", re.I)).first).to_be_disabled(
        timeout=30_000
    )
    expect(page.get_by_text("The page went back to earlier answers", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="Your plan")).to_have_count(0)
