"""Every "today" is the person's date (their browser's time zone), not the server's.

A hosted server runs on UTC: a plan opened in the evening in California started on tomorrow's
date, and its week-4 review came hours early or late. The test opens the pages in a browser whose
time zone has a different date from this machine's right now (UTC+14 and UTC-12 are 26 hours apart,
so one of them always does).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, expect

from maglib.clock import night_to_log

from .conftest import live, open_page

ZONES = ("Pacific/Kiritimati", "Etc/GMT+12")  # UTC+14, UTC-12 (the Etc sign is reversed)


def _far_zone() -> str:
    """A zone whose date is not this machine's (the server's) date now."""
    server_today = dt.date.today()
    return next(z for z in ZONES if dt.datetime.now(ZoneInfo(z)).date() != server_today)


def test_the_plan_and_the_journal_use_the_persons_date(browser: Browser, app_url: str):
    zone = _far_zone()
    context = browser.new_context(timezone_id=zone)
    try:
        page = context.new_page()
        open_page(page, f"{app_url}/schedule?screened=true")  # the plan shows once the red flags are read
        local = dt.datetime.now(ZoneInfo(zone))
        assert local.date() != dt.date.today()  # the test can tell the two clocks apart
        start = page.get_by_label("Start date (YYYY-MM-DD; empty = today)")
        expect(start).to_have_value(local.date().isoformat())
        expect(page).to_have_url(re.compile(rf"start={local.date().isoformat()}"))
        open_page(page, f"{app_url}/journal")
        night = live(page, "stDateInput").locator("input")
        expect(night).to_have_value(night_to_log(dt.datetime.now(ZoneInfo(zone))).isoformat())
    finally:
        context.close()
