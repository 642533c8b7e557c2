"""On a phone (390 × 844): nothing in the main area sticks out past the right edge, and the
/diet result stays in view while a slider moves.

Most people open a shared link on a phone. A data grid may scroll inside itself; the page
itself may not scroll sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from ..conftest import PAGES
from .conftest import new_tab, open_page, wait_ready, worker_context
from .test_accessibility import blocking_violations
from .test_diet import DATASET, mg_of, typical_mg

PHONE = {"width": 390, "height": 844}

#: Every visible element of the main area whose right edge is past the viewport's, unless an
#: ancestor inside the viewport clips or scrolls it (a data grid, a code block).
STICKING_OUT_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of main.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== main; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
          && p.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
    }
    if (!clipped) {
      out.push(`${el.getAttribute('data-testid') || el.tagName} ${String(el.className).slice(0, 40)}`
               + ` right=${Math.round(box.right)}`);
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth,
          mainScroll: main.scrollWidth, out: out.slice(0, 10)};
}"""


@pytest.fixture(scope="session")
def _phone_context(browser: Browser, app_url: str) -> Iterator[BrowserContext]:
    yield from worker_context(browser, app_url, viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.fixture(scope="session")
def _narrow_context(browser: Browser, app_url: str) -> Iterator[BrowserContext]:
    yield from worker_context(browser, app_url, viewport={"width": 320, "height": 640})


@pytest.fixture
def phone(_phone_context: BrowserContext) -> Iterator[Page]:
    """A new tab (its own Streamlit session) in the worker's phone context."""
    yield from new_tab(_phone_context)


@pytest.fixture
def narrow(_narrow_context: BrowserContext) -> Iterator[Page]:
    """A new tab 320 CSS px wide (WCAG 2.1's reflow width), not a phone's touch screen."""
    yield from new_tab(_narrow_context)


@pytest.mark.parametrize("url_path", list(PAGES))
def test_nothing_sticks_out_past_the_right_edge(phone: Page, app_url: str, url_path: str):
    open_page(phone, f"{app_url}/{url_path}")
    phone.wait_for_timeout(500)  # charts draw after the script has finished
    found = phone.evaluate(STICKING_OUT_JS)
    assert found["out"] == [], f"/{url_path} at 390 px: {found}"
    assert found["scrollWidth"] <= PHONE["width"], found
    assert found["mainScroll"] <= PHONE["width"], found


def _in_view(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_diet_result_stays_in_view_while_a_slider_moves(phone: Page, app_url: str):
    open_page(phone, f"{app_url}/diet")
    summary = phone.locator(".st-key-diet_summary")
    expect(summary).to_contain_text(f"{typical_mg():.0f} mg/day")
    # A slider far down the list (a phone shows the Result column only below every slider).
    slider = phone.get_by_test_id("stSlider").filter(has_text="Broccoli")
    slider.scroll_into_view_if_needed()
    thumb = slider.get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    thumb.press("ArrowRight")  # +0.5 serving
    wait_ready(phone)
    # Broccoli (11091) in the Typical day's portion.
    row = DATASET.diet_presets.query("preset == 'Typical day' and ndb_no == '11091'").iloc[0]
    per_serving = mg_of("11091", int(row["portion_seq"]), 1.0)
    expect(summary).to_contain_text(f"{typical_mg() + 0.5 * per_serving:.0f} mg/day")
    assert _in_view(phone, thumb), "the slider moved out of view"
    assert _in_view(phone, summary), "the result is not in view beside the slider"


def test_a_picked_medicine_time_is_removed_by_a_24_px_target(phone: Page, app_url: str):
    """Phone review: a time's remove button was 15 × 7 px, so changing a medicine's time on a phone
    meant hitting a tiny target (WCAG 2.2's minimum is 24 × 24 px)."""
    query = (
        "screened=true&meds=Levothyroxine+%28thyroid+hormone%29&timing=Split%3A+morning+and+evening"
        "&med_time_levothyroxine=07%3A00&med_time_levothyroxine=19%3A00"
    )
    open_page(phone, f"{app_url}/schedule?{query}")
    _tap_remove(phone, phone.locator(".st-key-med_time_levothyroxine"), "19:00", "07:00")
    phone.wait_for_url(lambda url: "19%3A00" not in url and "07%3A00" in url)


def test_a_charted_symptom_is_removed_by_a_24_px_target(phone: Page, app_url: str):
    """Phone review, 2026-12-03: /journal's symptom chips had the 15 × 7 px remove buttons too."""
    open_page(phone, f"{app_url}/journal")
    _tap_remove(phone, phone.locator(".st-key-metrics"), "Severity", "Episodes")


def _tap_remove(phone: Page, picker, gone: str, kept: str) -> None:
    """Tap the remove button of the chip ``gone`` (at least 24 x 24 px); ``kept`` stays picked."""
    remove = picker.get_by_role("button", name=f"Remove {gone}")
    remove.scroll_into_view_if_needed()
    box = remove.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
    remove.tap()
    wait_ready(phone)
    expect(picker.get_by_role("button", name=f"Remove {gone}")).to_have_count(0)
    expect(picker.get_by_role("button", name=f"Remove {kept}")).to_have_count(1)


def _swipe(cdp, points: list[tuple[float, float]]) -> None:
    """One finger down at the first point, moved through the others, lifted (real touch events)."""
    kinds = ["touchStart"] + ["touchMove"] * (len(points) - 1)
    for kind, (x, y) in zip(kinds, points, strict=True):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _servings(slider) -> float:
    return float(slider.locator('input[type="range"]').get_attribute("value"))


def test_diet_a_finger_scrolling_over_the_sliders_does_not_set_servings(phone: Page, app_url: str):
    """Phone review: each servings slider's track (full width, 40 px tall) took any touch, so a
    finger that landed on one of the 11 tracks while scrolling set that food's servings to where it
    landed (a tap at 30 % of oatmeal's track made it 6 servings). On a touchscreen only the knob
    takes a touch now, over a larger square; the track lets the page scroll."""
    open_page(phone, f"{app_url}/diet")
    summary = phone.locator(".st-key-diet_summary")
    expect(summary).to_contain_text(f"{typical_mg():.0f} mg/day")
    slider = phone.get_by_test_id("stSlider").nth(2)
    slider.scroll_into_view_if_needed()
    before = _servings(slider)
    track = slider.locator('[role="group"] > div').first
    box = track.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2

    # A tap on the track, away from the knob: nothing changes.
    phone.touchscreen.tap(x, y)
    phone.wait_for_timeout(700)
    wait_ready(phone)
    assert _servings(slider) == before
    assert "s_" not in phone.url, phone.url
    expect(summary).to_contain_text(f"{typical_mg():.0f} mg/day")

    # A swipe up that starts on the track scrolls the page and sets nothing.
    cdp = phone.context.new_cdp_session(phone)
    _swipe(cdp, [(x, y - 30 * step) for step in range(10)])
    phone.wait_for_timeout(700)
    wait_ready(phone)
    moved = track.bounding_box()
    assert moved is not None and moved["y"] < box["y"] - 100, (box, moved)
    assert _servings(slider) == before
    assert "s_" not in phone.url, phone.url

    # The knob still moves by touch: drag it to the right.
    slider.scroll_into_view_if_needed()
    knob = slider.locator('div:has(> div > input[type="range"])').first
    kbox = knob.bounding_box()
    assert kbox is not None
    kx, ky = kbox["x"] + kbox["width"] / 2, kbox["y"] + kbox["height"] / 2
    _swipe(cdp, [(kx + 20 * step, ky) for step in range(6)])
    wait_ready(phone)
    phone.wait_for_url(lambda url: "s_" in url)
    assert _servings(slider) > before


def test_a_picked_medicine_is_removed_by_a_24_px_target(phone: Page, app_url: str):
    """Phone review: the 'Medicines I take' chips' remove buttons were still 15 x 7 px (the style was
    drawn only with a timed medicine in the plan), next to the 'Clear all' button."""
    query = "meds=Proton+pump+inhibitors+%28long-term+use%29&meds=Gabapentin"
    open_page(phone, f"{app_url}/schedule?{query}")
    _tap_remove(phone, phone.locator(".st-key-meds"), "Gabapentin", "Proton pump inhibitors (long-term use)")


def test_a_picked_medicines_whole_name_shows_at_390_px(phone: Page, app_url: str):
    """Phone review (session 55): "Angiotensin-II receptor blockers (blood pre…" — a picked class's name was
    cut, so the person could not read which class they had picked. The name wraps inside its chip, whose
    remove button stays in the picker."""
    arb = "Angiotensin-II receptor blockers (blood pressure)"
    prostate = "Prostate medicines and alpha blockers (enlarged prostate, blood pressure)"
    open_page(phone, f"{app_url}/schedule?meds={quote_plus(arb)}&meds={quote_plus(prostate)}")
    picker = phone.locator(".st-key-meds")
    for name in (arb, prostate):
        text = picker.locator(f'.react-aria-ComboBox span[data-tag] > span[title="{name}"]')
        expect(text).to_have_count(1)
        width = text.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert width[0] <= width[1], f"{name}: {width[0]} px of text in {width[1]} px"
        remove, field = (
            picker.get_by_role("button", name=f"Remove {name}").bounding_box(),
            picker.bounding_box(),
        )
        assert remove and field and remove["x"] + remove["width"] <= field["x"] + field["width"]


def test_compare_side_by_side_chips_are_removed_by_a_24_px_target(phone: Page, app_url: str):
    """Phone review, 2026-12-04: /compare's side-by-side chips kept the 15 x 7 px remove buttons."""
    open_page(phone, f"{app_url}/compare?side=Glycinate&side=Citrate&side=Oxide")
    _tap_remove(phone, phone.locator(".st-key-side"), "Oxide", "Citrate")


def test_compare_side_by_side_fits_a_phone_a_form_a_tab(phone: Page, app_url: str):
    """Phone review (session 62): four forms side by side were their full details one under another (~19,600 px),
    and a table of them must not scroll sideways (axe: a scrolling region must be reachable by keyboard). The
    short facts are one table that fits; each form's details are a tab, one shown at a time."""
    open_page(phone, f"{app_url}/compare?side=Glycinate&side=Citrate&side=Oxide&side=Malate")
    table = phone.get_by_test_id("stTable")
    expect(table).to_contain_text("Laxative effect")
    wider = table.evaluate(
        "t => [t, ...t.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.tagName)"
    )
    assert wider == [], wider
    glycinate = phone.get_by_role("heading", name="Magnesium glycinate (bisglycinate)")
    citrate = phone.get_by_role("heading", name="Magnesium citrate")
    expect(glycinate).to_be_visible()
    expect(citrate).to_be_hidden()
    phone.get_by_role("tab", name="Citrate").click()
    expect(citrate).to_be_visible()
    expect(glycinate).to_be_hidden()
    phone.mouse.move(0, 0)
    assert blocking_violations(phone) == []


def test_diet_slider_handles_are_24_px_on_a_touch_screen(phone: Page, app_url: str):
    """Phone review, 2026-12-04: /diet's 12 px slider handles were hard to hold with a finger."""
    open_page(phone, f"{app_url}/diet")
    thumb = phone.get_by_test_id("stSlider").first.locator('div:has(> div > input[type="range"])')
    box = thumb.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, box


@pytest.mark.parametrize("url_path", list(PAGES))
def test_every_page_reflows_at_320_px(narrow: Page, app_url: str, url_path: str):
    """WCAG 2.1 1.4.10 (reflow at 320 CSS px; low-vision review, 2026-12-05: /compare's chart titles
    were wider than the plot and the whole page scrolled 23 px sideways)."""
    open_page(narrow, f"{app_url}/{url_path}")
    narrow.wait_for_timeout(500)  # charts draw after the script has finished
    found = narrow.evaluate(STICKING_OUT_JS)
    assert found["out"] == [], f"/{url_path} at 320 px: {found}"
    assert found["scrollWidth"] <= 320 and found["mainScroll"] <= 320, found


def test_a_buttons_label_wraps_instead_of_losing_its_reason_at_320_px(narrow: Page, app_url: str):
    """Low-vision review (2026-12-05): "Add to my calendar: first tick the safety bo…" — below 425 px
    the greyed calendar button lost the reason it is greyed. Button labels wrap."""
    open_page(narrow, f"{app_url}/schedule?screened=true")
    button = narrow.get_by_role("button", name="Add to my calendar: first tick the safety box")
    label = button.locator(".stMarkdownEllipsis")
    expect(label).to_contain_text("in section 2 yourself")
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), "the label is cut"


#: Each header cell of the trial's blocks table: its text and whether a word of it was broken across lines (its
#: text box is taller than one line while each word fits: measured through a Range per word).
TRIAL_HEADERS_JS = """() => {
  const ths = document.querySelectorAll('[class*="st-key-trial_blocks"] [data-testid="stTable"] th');
  return Array.from(ths).map((th) => {
    const broken = [];
    const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) broken.push(m[0]);
      }
    }
    return {text: th.innerText.trim(), broken};
  });
}"""


@pytest.mark.parametrize("fixture", ["phone", "narrow"])
def test_the_trials_blocks_table_keeps_its_headings_words_whole(request, app_url: str, fixture: str):
    """New-user review (session 65): at 390 px the blocks table's headings broke mid-word ("Bloc/k", "Pai/r",
    "Magnesi/um"); the cells may still wrap, and nothing sticks out past the right edge (at 390 and 320 px)."""
    page: Page = request.getfixturevalue(fixture)
    open_page(page, f"{app_url}/trial")
    page.get_by_role("button", name="Draw the order at random").click()
    expect(page.get_by_text("Your trial:")).to_be_visible(timeout=30_000)
    wait_ready(page)
    headers = page.evaluate(TRIAL_HEADERS_JS)
    assert [h["text"] for h in headers] == ["Block", "Pair", "Nights", "Magnesium", "Counted from"], headers
    assert [h for h in headers if h["broken"]] == [], headers
    found = page.evaluate(STICKING_OUT_JS)
    assert found["out"] == [], found
