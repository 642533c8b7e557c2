"""Browser smoke test: a hostile link renders a notice, not markup. (That the real server serves
every page without an exception is checked with each page's accessibility audit, in one load:
test_accessibility.test_every_page_opens_whole_with_no_serious_axe_violation.)"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import open_page


def test_hostile_link_renders_notice_not_markup(page: Page, app_url: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, f"{app_url}/?x=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.get_by_text("could not be used", exact=False)).to_be_visible()
    assert page.locator("img[src=x]").count() == 0
    assert dialogs == []
