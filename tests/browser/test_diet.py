"""/diet in a real browser: a slider move updates the total, a shared link reproduces it,
search adds a food."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from ..conftest import dataset
from .conftest import live, open_page, wait_ready

DATASET = dataset()
FOODS = DATASET.foods.set_index("ndb_no")
PORTIONS = DATASET.food_portions.set_index(["ndb_no", "seq"])


def mg_of(ndb_no: str, seq: int, servings: float) -> float:
    return (
        servings * float(PORTIONS.loc[(ndb_no, seq), "grams"]) * float(FOODS.loc[ndb_no, "mg_per_100g"]) / 100
    )


def typical_mg() -> float:
    rows = DATASET.diet_presets[DATASET.diet_presets["preset"] == "Typical day"]
    return sum(mg_of(r.ndb_no, int(r.portion_seq), r.servings) for r in rows.itertuples())


def total_metric(page: Page):
    return live(page, "stMetric").filter(has_text="Magnesium from food")


def test_slider_moves_total_and_chart_and_link_reproduces_it(page: Page, app_url: str, browser: Browser):
    open_page(page, f"{app_url}/diet")
    expect(total_metric(page)).to_contain_text(f"{typical_mg():.0f} mg/day")
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    chart_before = page.get_by_test_id("stVegaLiteChart").inner_html()

    # First slider: oatmeal, 1 cup; two steps right = +0.5 serving.
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    thumb.press("ArrowRight")
    expected = typical_mg() + mg_of("08121", 1, 0.5)
    expect(total_metric(page)).to_contain_text(f"{expected:.0f} mg/day")
    wait_ready(page)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    assert page.get_by_test_id("stVegaLiteChart").inner_html() != chart_before
    page.wait_for_url("**s_08121=1.5*")

    context = browser.new_context()
    try:
        fresh = context.new_page()
        open_page(fresh, page.url)
        expect(total_metric(fresh)).to_contain_text(f"{expected:.0f} mg/day")
        expect(fresh.get_by_test_id("stException")).to_have_count(0)
    finally:
        context.close()


def test_a_slider_move_that_opens_a_gap_draws_the_gap_and_the_plan_link(page: Page, app_url: str):
    """Issue 18: a servings move reruns only the day's fragment (the sliders are drawn by the
    page); everything the move decides is redrawn, the rest of the page stays."""
    open_page(page, f"{app_url}/diet?foods=12016&s_12016=3")
    expect(page.get_by_text("Nothing to close", exact=False)).to_be_visible()
    sorts = page.locator(".st-key-_diet_gap_tab")
    expect(sorts).to_be_hidden()  # no list to order: the page's choice of order is hidden
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
    thumb.focus()
    for _ in range(6):  # 3 → 1.5 oz of pumpkin seeds, by keyboard
        thumb.press("ArrowLeft")
    expected = mg_of("12016", 2, 1.5)  # its usual portion: 1 oz (seq 2)
    gap = 320 - expected  # the default profile's RDA (woman, 45)
    summary = page.locator(".st-key-diet_summary")
    expect(summary).to_contain_text(f"Your day: {expected:.0f} mg/day")
    expect(summary).to_contain_text(f"gap {gap:.0f} mg")
    wait_ready(page)
    link = page.get_by_role("link", name="Food first. Or plan a cautious supplement dose")
    expect(link).to_be_visible()
    assert f"gap={round(gap)}" in (link.get_attribute("href") or "")
    expect(sorts.get_by_role("radio", name="Most per serving", exact=True)).to_be_visible()
    expect(page.get_by_text("Mg per serving", exact=True)).to_be_visible()
    # The list controls and the slider itself are still there, and nothing failed.
    expect(page.get_by_test_id("stSlider")).to_have_count(1)
    expect(page.get_by_text("Remove a food")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.wait_for_url("**s_12016=1.5*")  # the link follows the move
    # The Close-the-gap list switches in one tap (a control the page draws), by a rerun of the
    # day's fragment alone: the sliders and list controls are not redrawn (none goes stale).
    page.evaluate(
        """() => { window.__dietStale = false;
        new MutationObserver(() => {
          if (document.querySelector('[data-stale="true"] [data-testid="stSlider"], '
              + '[data-stale="true"] [data-testid="stSelectbox"]')) window.__dietStale = true;
        }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["data-stale"]}); }"""
    )
    sorts.get_by_text("Most per 100 kcal", exact=True).click()
    expect(live(page, "stMarkdownContainer").get_by_text("Mg per 100 kcal", exact=True)).to_be_visible()
    wait_ready(page)
    expect(page.get_by_text("Mg per serving", exact=True)).to_have_count(0)
    assert page.evaluate("() => window.__dietStale") is False
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_search_adds_a_food(page: Page, app_url: str):
    """One step (issue 16): type in "Add a food", press Enter, the food is in the list."""
    open_page(page, f"{app_url}/diet?foods=16015")
    expect(total_metric(page)).to_contain_text(f"{mg_of('16015', 1, 1):.0f} mg/day")
    # No drop-down on the first view (issue 18): its code is not loaded until asked for.
    expect(page.get_by_test_id("stSelectbox")).to_have_count(0)
    box = page.get_by_role("textbox", name="Add a food")
    box.focus()
    page.keyboard.type("almnds")
    page.keyboard.press("Enter")
    expected = mg_of("16015", 1, 1) + mg_of("12061", 5, 1)
    expect(total_metric(page)).to_contain_text(f"{expected:.0f} mg/day")
    expect(page.get_by_test_id("stSlider").filter(has_text="Almonds")).to_have_count(1)
    page.wait_for_url("**foods=16015-12061*")
    wait_ready(page)
    expect(box).to_have_value("")  # ready for the next food

    # A food outside the everyday list: typed (with a typo), Enter, added at once and named.
    box.focus()
    page.keyboard.type("quinoa cookd")
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(
        page.get_by_test_id("stMain").get_by_text("the closest match to “quinoa cookd”", exact=False)
    ).to_be_visible()
    expect(page.get_by_test_id("stSlider")).to_have_count(3)
    expect(page.get_by_test_id("stSlider").filter(has_text=re.compile("quinoa", re.I))).to_have_count(1)
    # Not the one? The next matches are buttons: one takes its place, by keyboard.
    matches = page.locator('[class*="st-key-_diet_match_"] button')
    expect(matches.first).to_be_visible()
    other = matches.first.inner_text()
    matches.first.focus()
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(page.get_by_test_id("stSlider")).to_have_count(3)
    expect(page.get_by_test_id("stSlider").filter(has_text=other)).to_have_count(1)
    expect(matches).to_have_count(0)
    # The used button is gone: the focus is back in "Add a food", not on the page's body
    # (accessibility review, 2026-12-06: WCAG 2.4.3).
    expect(box).to_be_focused()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_remove_a_food_opens_on_request(page: Page, app_url: str):
    open_page(page, f"{app_url}/diet?foods=16015-12061")
    expect(page.get_by_test_id("stSlider")).to_have_count(2)
    page.get_by_text("Remove a food · the list's code").click()
    wait_ready(page)
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Remove a food")
    picker.get_by_role("combobox").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name="Almonds", exact=True).click()
    wait_ready(page)
    expect(page.get_by_test_id("stSlider")).to_have_count(1)
    page.wait_for_url(re.compile(r"foods=16015(&|$)"))
    expect(page.get_by_test_id("stException")).to_have_count(0)


def preset_mg(name: str) -> float:
    rows = DATASET.diet_presets[DATASET.diet_presets["preset"] == name]
    return sum(mg_of(r.ndb_no, int(r.portion_seq), r.servings) for r in rows.itertuples())


def _load_example(page: Page, name: str) -> None:
    page.get_by_test_id("stRadio").filter(has_text="Start from an example day").get_by_text(
        name, exact=True
    ).click()
    wait_ready(page)
    page.get_by_role("button", name="Load", exact=True).click()
    wait_ready(page)


def test_a_loaded_example_day_is_in_the_link(page: Page, app_url: str, browser: Browser):
    """Issue 16 bug 1: the link carried only foods=, so a reload showed other servings."""
    open_page(page, f"{app_url}/diet")
    for name in ("Plant-based day", "Low-magnesium day"):
        _load_example(page, name)
        expected = f"{preset_mg(name):.0f} mg/day"
        expect(total_metric(page)).to_contain_text(expected)
        page.wait_for_timeout(500)  # the address bar follows the run
        context = browser.new_context()
        try:
            fresh = context.new_page()
            open_page(fresh, page.url)
            expect(total_metric(fresh)).to_contain_text(expected)
        finally:
            context.close()


def _nudge_first_slider(page: Page, steps: int = 2) -> None:
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
    thumb.focus()
    for _ in range(steps):
        thumb.press("ArrowRight")
    wait_ready(page)


def test_a_moved_slider_then_load_undo_and_clear_never_break_the_page(
    page: Page, app_url: str, browser: Browser
):
    """Phone review (2026-12-04): with a food's slider moved, Load (or Undo) of a list holding that
    food replaced the page with Streamlit's error (its link key is bound to the slider, and the page
    wrote it directly); Clear then said "Part of this link could not be used" of the app's own link."""
    open_page(page, f"{app_url}/diet")
    _nudge_first_slider(page)  # oatmeal 1 → 1.5 servings
    page.wait_for_url("**s_08121=1.5*")
    _load_example(page, "Plant-based day")  # oatmeal is in it too
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(total_metric(page)).to_contain_text(f"{preset_mg('Plant-based day'):.0f} mg/day")
    page.wait_for_timeout(500)  # the address bar follows the run
    context = browser.new_context()
    try:
        fresh = context.new_page()
        open_page(fresh, page.url)
        expect(total_metric(fresh)).to_contain_text(f"{preset_mg('Plant-based day'):.0f} mg/day")
        expect(fresh.get_by_test_id("stAlert").filter(has_text="could not be used")).to_have_count(0)
    finally:
        context.close()
    # A slider of the loaded list moved, then Undo brings back the list before the load.
    _nudge_first_slider(page)
    page.get_by_role("button", name="Undo: bring back my list").click()
    wait_ready(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(total_metric(page)).to_contain_text(f"{typical_mg() + mg_of('08121', 1, 0.5):.0f} mg/day")
    # Clear, with a moved slider: no notice about the app's own link.
    _nudge_first_slider(page)
    page.get_by_role("button", name="Clear", exact=True).click()
    wait_ready(page)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stSlider")).to_have_count(0)
    expect(page.get_by_test_id("stAlert").filter(has_text="could not be used")).to_have_count(0)


def test_an_age_typed_out_of_range_is_said_once_by_its_field(page: Page, app_url: str):
    """Phone review (2026-12-04): age 999 typed in the field gave two notices, one of them blaming a
    link the person never used ("Part of this link could not be used"). Adversarial link review
    (2026-12-05): the 999 stayed in the field and the address while the page used the last age in
    range, so the link's receiver got another view: the field now goes back to the age used."""
    open_page(page, f"{app_url}/diet?age=15")
    age = page.get_by_label("Age (years)")
    age.fill("999")
    age.press("Enter")
    wait_ready(page)
    expect(
        page.get_by_test_id("stAlert").filter(has_text="999 is outside what this field takes")
    ).to_have_count(1)
    expect(page.get_by_test_id("stAlert").filter(has_text="the field is back at 15")).to_have_count(1)
    expect(age).to_have_value("15")
    # The query only, polled (session 53: the server's port, 48999, held "999").
    expect(page).to_have_url(re.compile(r"^[^?]*\?(?![^#]*999)(?:[^#]*&)?age=15(?:&|#|$)"))
    expect(page.get_by_test_id("stAlert").filter(has_text="could not be used")).to_have_count(0)
    page.get_by_label("Sex").get_by_text("Male", exact=True).click()  # a full run of the page
    wait_ready(page)
    expect(
        page.get_by_test_id("stAlert").filter(has_text="999 is outside what this field takes")
    ).to_have_count(0)  # said once
    page.reload()  # a reload is a new session: the address is a link then, and it is whole
    wait_ready(page)
    expect(page.get_by_test_id("stAlert").filter(has_text="could not be used")).to_have_count(0)
    expect(page.get_by_label("Age (years)")).to_have_value("15")
