"""Keyboard only (issue 16, Accessibility): the core task of each page without a mouse.

Every interaction goes through ``page.keyboard`` (Tab, Shift+Tab, Enter, Space, arrow keys,
typing); the page is only *read* through locators. ``_tab_to`` walks the Tab order from the
top of the page until the focused control is the one a person would be looking for, so a
control that cannot be reached by Tab fails the test.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from maglib import journal

from .conftest import live, open_page, wait_ready

MAX_TABS = 250

# The focused element, described as "<test ids of it and its containers>|<its widget's text>"
# (the widget's label is in its text), so a test can say which control it wants by its label.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const ids = [];
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    if (node.dataset && node.dataset.testid) ids.push(node.dataset.testid);
    if (node.dataset && node.dataset.testid === "stMain") break;
  }
  const widget = el.closest('[data-testid^="st"]');
  const text = (widget || el).innerText || el.getAttribute("aria-label") || "";
  return ids.slice(0, 4).join(" ") + "|" + text.replace(/\\s+/g, " ").trim().slice(0, 300);
}"""


def _focused(page: Page) -> str:
    return str(page.evaluate(_FOCUSED))


def _tab_to(page: Page, testid: str, text: str, *, backwards: bool = False) -> str:
    """Press Tab (or Shift+Tab) until the focused control is a ``testid`` whose text has ``text``."""
    seen: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        now = _focused(page)
        seen.append(now)
        widgets, _, shown = now.partition("|")
        if testid in widgets.split() and text in shown:
            return now
    raise AssertionError(f"{testid} {text!r} not reached by keyboard; focus went through: {seen[-40:]}")


def _from_top(page: Page) -> None:
    """Start the Tab order at the top of the page (as after loading it)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")


def test_schedule_safety_answer_and_plan_by_keyboard(page: Page, app_url: str):
    open_page(page, f"{app_url}/schedule")
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    _from_top(page)
    _tab_to(
        page,
        "stCheckbox",
        "I have answered the safety questions, and none of the red flags above applies to me",
    )
    page.keyboard.press("Space")
    wait_ready(page)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("The plan:", exact=False)).to_be_visible()
    assert "screened=true" in page.url
    # The label's mg confirmed by keyboard (the files wait for it: session 59) …
    _tab_to(page, "stCheckbox", "My label says 100 mg per tablet")
    page.keyboard.press("Space")
    wait_ready(page)
    # … and the plan's downloads are reachable from there by keyboard too.
    _tab_to(page, "stDownloadButton", "Plan as a spreadsheet (.csv)")


def _total(page: Page) -> str:
    metric = live(page, "stMetric").filter(has_text="Magnesium from food")
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_diet_slider_moves_with_arrow_keys(page: Page, app_url: str):
    open_page(page, f"{app_url}/diet")
    before = _total(page)
    assert re.fullmatch(r"\d+ mg/day", before)
    _from_top(page)
    _tab_to(page, "stSlider", "servings of")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(live(page, "stMetric").filter(has_text="Magnesium from food")).not_to_contain_text(before)
    wait_ready(page)
    after = _total(page)
    assert int(after.split()[0]) > int(before.split()[0])  # more servings, more magnesium
    # The summary line at the top says the same total.
    expect(page.locator(".st-key-diet_summary")).to_contain_text(f"Your day: {after}")


def test_journal_add_a_night_by_keyboard(page: Page, app_url: str):
    open_page(page, f"{app_url}/journal")
    expect(page.get_by_text("No nights yet", exact=False)).to_be_visible()
    _from_top(page)
    _tab_to(page, "stNumberInput", "Episodes")
    page.keyboard.press("ArrowUp")  # 1 episode
    page.keyboard.press("ArrowUp")  # 2 episodes
    _tab_to(page, "stFormSubmitButton", "Add this night")
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(page.get_by_text("No nights yet", exact=False)).to_have_count(0)
    expect(page.get_by_text("1 night in all")).to_be_visible()  # the list of the latest nights
    expect(page.get_by_text("Log at least 6 nights more", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # The night holds what was typed: download it (Enter on the download button) and read it.
    _from_top(page)
    _tab_to(page, "stDownloadButton", "")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    rows = journal.parse_csv(Path(info.value.path()).read_bytes())
    assert len(rows) == 1
    assert int(rows.iloc[0]["episodes"]) == 2
    # The editor (every night, every cell) opens by keyboard too.
    _from_top(page)
    _tab_to(page, "stCheckbox", "Edit or see all nights")
    page.keyboard.press("Space")
    wait_ready(page)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)


def test_compare_details_picked_by_keyboard(page: Page, app_url: str):
    open_page(page, f"{app_url}/compare")
    details = page.get_by_test_id("stExpander").filter(has_text="Form details")
    expect(details).not_to_contain_text("Strong laxative effect")
    _from_top(page)
    _tab_to(page, "stExpander", "Form details")  # the section opens from the keyboard
    page.keyboard.press("Enter")
    expect(live(page, "stSelectbox").filter(has_text="Details for")).to_be_visible()
    # Typing while the section was still opening (Streamlit animates it for 500 ms) scrolled the
    # opening box, and the scroll closed the picker's list, so Enter picked nothing (about half
    # the runs failed on 2026-12-02; compare.py's _NO_SCROLL_WHILE_OPENING fixes it). Once in
    # 1,708 CI tests (2026-12-03, 2 busy cores) it still picked nothing, with the run that opened
    # the section perhaps still drawing; 20 runs under load passed. A person takes longer than
    # that run to reach the picker, so the test now lets the run finish first.
    wait_ready(page)
    _tab_to(page, "stSelectbox", "Details for")
    page.keyboard.type("Oxide")
    expect(page.get_by_role("option", name="Oxide", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"detail=Oxide"), timeout=15_000)
    wait_ready(page)
    expect(details).to_contain_text("Magnesium oxide")
    expect(details).to_contain_text("Strong laxative effect")


# Where the focus is and how it is drawn: the focused element, whether any of it is on screen,
# and its outline (style and width in px).
_FOCUS_LOOK = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  return {
    testid: (el.closest("[data-testid]") || {dataset: {}}).dataset.testid || el.tagName,
    text: (el.innerText || "").replace(/\\s+/g, " ").trim().slice(0, 60),
    onScreen: box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.width > 0,
    outline: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
  };
}"""


def test_every_tab_stop_is_on_screen_on_a_phone(browser, app_url: str):
    """At 390 px the sidebar is collapsed (off screen): its seven page links were the first seven
    Tab stops of every page, with the focus nowhere to be seen (WCAG 2.4.7)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        open_page(page, f"{app_url}/")
        _from_top(page)
        stops = []
        for _ in range(12):
            page.keyboard.press("Tab")
            stops.append(page.evaluate(_FOCUS_LOOK))
        hidden = [s for s in stops if not s["onScreen"] and s["testid"] != "stMain"]
        assert hidden == [], hidden
        assert "stPageLink-NavLink" in [s["testid"] for s in stops]  # the walk reached the page's links
        # The sidebar, opened, is reachable again.
        page.get_by_test_id("stExpandSidebarButton").click()
        link = page.get_by_test_id("stSidebarNavLink").filter(has_text="Journal")
        expect(link).to_be_in_viewport()  # after the sidebar's slide-in
        link.focus()
        look = page.evaluate(_FOCUS_LOOK)
        assert look["testid"] == "stSidebarNavLink" and look["onScreen"], look
    finally:
        context.close()


def test_a_focused_page_link_has_a_visible_ring(page: Page, app_url: str):
    """Streamlit marks a focused page link only with a faint tint (about 1.1:1): the app draws a
    2 px ring (WCAG 2.4.7 Focus Visible)."""
    open_page(page, f"{app_url}/")
    _from_top(page)
    _tab_to(page, "stPageLink-NavLink", "2. Forms")
    look = page.evaluate(_FOCUS_LOOK)
    assert look["outline"] == "solid" and look["width"] >= 2, look


# The ring of a focused checkbox, toggle or radio button is drawn on its label: the input itself is
# hidden (BaseWeb draws the box), so its own outline shows nothing.
_LABEL_RING = """() => {
  const label = document.activeElement.closest("label");
  if (!label) return null;
  const style = getComputedStyle(label);
  return {outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""


def test_a_focused_checkbox_and_radio_button_have_a_visible_ring(page: Page, app_url: str):
    """Streamlit marks a focused checkbox or radio button only with a tint (1.17:1 in light): the
    /schedule safety answer, the one checkbox that gives a plan, must show where the focus is."""
    open_page(page, f"{app_url}/schedule")
    _from_top(page)
    _tab_to(page, "stRadio", "Female")
    assert page.evaluate(_LABEL_RING) == {"outline": "solid", "width": 2}
    _tab_to(page, "stCheckbox", "I have answered the safety questions")
    assert page.evaluate(_LABEL_RING) == {"outline": "solid", "width": 2}


_TOOLBAR_OPACITY = """() => {
  const bar = document.activeElement.closest('[data-testid="stElementToolbar"]');
  return bar ? getComputedStyle(bar).opacity : null;
}"""


def test_a_focused_toolbar_button_can_be_seen(page: Page, app_url: str):
    """A chart's or table's toolbar shows on hover only: with a button in it focused by keyboard
    it stayed transparent (opacity 0), ring and all."""
    open_page(page, f"{app_url}/compare")
    _from_top(page)
    for name in ("Download as CSV", "Download as PNG"):  # the table's, then the chart's
        _tab_to(page, "stBaseButton-elementToolbar", name)
        assert page.evaluate(_TOOLBAR_OPACITY) == "1"
        assert page.evaluate(_FOCUS_LOOK)["outline"] == "solid"


def test_the_journal_leave_guard_is_not_a_tab_stop(page: Page, app_url: str):
    """/journal's leave guard is an empty 1 px frame: as a Tab stop it took the focus out of sight."""
    open_page(page, f"{app_url}/journal")
    _from_top(page)
    stops: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = page.evaluate(
            "() => document.activeElement.tagName + ' ' + (document.activeElement.title || '')"
        )
        if stops and now.startswith("A") and _focused(page).startswith("stSkipToContent"):
            break  # round the page once
        stops.append(now)
    assert "BUTTON " in stops and any(s.startswith("INPUT") for s in stops)  # the walk went through the page
    assert len(stops) > 30
    assert [s for s in stops if s.startswith("IFRAME")] == []
    expect(page.locator('iframe[title^="Asks before you leave"]')).to_have_count(1)  # still there


def test_the_trial_draw_keeps_the_focus_on_its_button(page: Page, app_url: str):
    """/trial's "Draw the order at random" gave way to another button, and the focus went back to the
    top of the page: someone on a keyboard or a screen reader lost their place after the draw."""
    open_page(page, f"{app_url}/trial")
    _from_top(page)
    _tab_to(page, "stButton", "Draw the order at random")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"trial_seed=\d{6}"), timeout=15_000)
    wait_ready(page)
    expect(page.get_by_role("button", name="Draw a new order…")).to_be_focused()
    # The set-up stays open for whoever drew the order; a shared link still opens with it folded away.
    open_page(page, page.url)
    setup = page.get_by_test_id("stExpander").filter(has_text="1. The set-up (change it)")
    expect(setup.get_by_role("button", name="Draw a new order…")).to_be_hidden()


def test_no_clear_all_button_between_the_medicine_pickers(page: Page, app_url: str):
    """Keyboard review (2026-12-05): Tab from the medicine picker landed on its "Clear all" button, and
    one Enter removed every medicine picked (and with them the hours kept free around them). Each chip
    keeps its own remove button; Tab goes on to the next field."""
    open_page(page, f"{app_url}/schedule?age=58&meds=Levothyroxine+%28thyroid+hormone%29")
    picker = page.get_by_role("combobox", name="Medicines I take")
    expect(page.get_by_role("button", name="Remove Levothyroxine (thyroid hormone)")).to_be_attached()
    assert page.locator('button[aria-label="Clear all"]').evaluate_all(
        "bs => bs.every(b => b.offsetParent === null)"
    ), "a Clear all button can be reached"
    picker.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") != "Clear all"
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(page.get_by_role("button", name="Remove Levothyroxine (thyroid hormone)")).to_be_attached()
