"""Browser smoke test: the real server serves every page without an exception."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..conftest import PAGES
from .conftest import open_page


@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_page_opens(page: Page, app_url: str, url_path: str):
    open_page(page, f"{app_url}/{url_path}")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator("h1").first).to_be_visible()
    expect(page.get_by_text("Not medical advice", exact=False).first).to_be_visible()


def test_hostile_link_renders_notice_not_markup(page: Page, app_url: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_page(page, f"{app_url}/?x=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.get_by_text("could not be used", exact=False)).to_be_visible()
    assert page.locator("img[src=x]").count() == 0
    assert dialogs == []
