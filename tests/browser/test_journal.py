"""/journal in a real browser: add nights, download, upload back, bad files."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from maglib import journal
from maglib.clock import night_to_log

from .conftest import live, open_page, wait_ready

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "journal"
GOOD = (FIXTURES / "good.csv").read_bytes()
#: GOOD as the journal's download gives it back: after a byte-order mark (so a spreadsheet reads
#: accents; the fixture has none).
GOOD_DOWNLOADED = b"\xef\xbb\xbf" + GOOD


def _add_night(page: Page) -> None:
    page.get_by_role("button", name="Add this night").click()
    wait_ready(page)


def _download(page: Page, *, after_grid_edit: bool = False) -> bytes:
    """The journal's download. Only ``after_grid_edit``: a click that lands while the edit's rerun
    replaces the button (a grid edit reaches the script a moment after it is typed) starts nothing, as
    it would for a person, who clicks again: so does this, twice at most (a 30 s wait for a download
    that never came, once, on 2026-12-06; the test passed on its next runs). Anywhere else one click
    must do (re-review, session 54: a retry everywhere would hide a button that swallows clicks)."""
    tries = 3 if after_grid_edit else 1
    for attempt in range(tries):
        try:
            with page.expect_download(timeout=10_000 if attempt < tries - 1 else 30_000) as info:
                page.get_by_test_id("stDownloadButton").get_by_role("button").click()
            return Path(info.value.path()).read_bytes()
        except PlaywrightTimeoutError:
            if attempt == tries - 1:
                raise
            wait_ready(page)
    raise AssertionError("unreachable")


def _upload(page: Page, name: str, raw: bytes) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": raw}]
    )


def test_add_nights_and_see_the_chart(page: Page, app_url: str):
    open_page(page, f"{app_url}/journal")
    expect(page.get_by_text("Add nights (or load the example) to see the chart")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(0)
    _add_night(page)
    expect(page.get_by_text("Log at least 6 nights more", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    _add_night(page)
    expect(page.get_by_text("Log at least 5 nights more", exact=False)).to_be_visible()
    wait_ready(page)
    rows = journal.parse_csv(_download(page))
    assert len(rows) == 2
    assert (rows.iloc[0]["date"] - rows.iloc[1]["date"]).days == 1  # then the night before, never tomorrow
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert "episodes" not in page.url and "note" not in page.url  # the diary is not in the link


def _first_night() -> dt.date:
    """The night the field offers first: by the browser's clock (this machine's zone), the night
    that has begun: last night until 18:00, tonight from then."""
    return night_to_log(dt.datetime.now().astimezone())


def test_a_night_typed_in_the_field_is_the_night_added_and_the_next_is_offered(page: Page, app_url: str):
    """The Night field sits outside the form (its value goes with "Add this night")."""
    open_page(page, f"{app_url}/journal")
    night = live(page, "stDateInput")
    first = _first_night()
    expect(night.locator("input")).to_have_value(first.isoformat())  # the field's value
    chosen = first - dt.timedelta(days=10)
    night.get_by_role("spinbutton").first.click()  # year, month, day: typed in turn
    page.keyboard.type(chosen.strftime("%Y%m%d"))
    page.keyboard.press("Tab")
    expect(night.locator("input")).to_have_value(chosen.isoformat())
    _add_night(page)
    expect(page.get_by_text("Log at least 6 nights more", exact=False)).to_be_visible()
    _add_night(page)  # the field offers the latest night not yet logged: the first night again
    expect(page.get_by_text("Log at least 5 nights more", exact=False)).to_be_visible()
    expect(live(page, "stDateInput").locator("input")).to_have_value(
        (first - dt.timedelta(days=1)).isoformat()
    )
    wait_ready(page)
    assert journal.parse_csv(_download(page))["date"].tolist() == [chosen, first]


def test_download_then_upload_gives_the_same_table(page: Page, app_url: str):
    open_page(page, f"{app_url}/journal")
    _upload(page, "mine.csv", GOOD)
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 6 nights", exact=False)).to_be_visible()
    first = _download(page)
    assert first == GOOD_DOWNLOADED  # the file we uploaded comes back byte for byte

    page.get_by_role("button", name="Start an empty journal").click()
    wait_ready(page)
    expect(page.get_by_test_id("stDownloadButton").get_by_role("button")).to_be_disabled()

    _upload(page, "again.csv", first)
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 6 nights from", exact=False)).to_be_visible()
    wait_ready(page)
    assert _download(page) == first
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)


def _switch_editor(page: Page) -> None:
    """Click "Edit or see all nights" (the editor is drawn only on request)."""
    live(page, "stCheckbox").filter(has_text="Edit or see all nights").locator("label").click()
    wait_ready(page)


def _recent(page: Page):
    """The list of the latest nights (shown while the editor is closed)."""
    return live(page, "stMarkdownContainer").filter(has_text=re.compile(r"\d nights? in all"))


def _edit_first_episodes(page: Page, value: str) -> None:
    _switch_editor(page)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible(timeout=30_000)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # The grid is a canvas: click the first row's "Night" cell (below the 35 px
    # header), step right past "Magnesium (mg)" to "Episodes" (pages/journal.py EDITOR_COLUMNS),
    # type over it and commit.
    page.mouse.click(box["x"] + 70, box["y"] + 35 + 17)
    page.wait_for_timeout(300)
    for _ in range(2):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
    page.keyboard.type(value)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")


def test_the_table_shows_the_night_just_added(page: Page, app_url: str):
    open_page(page, f"{app_url}/journal")
    first = _first_night()
    _add_night(page)
    expect(_recent(page)).to_contain_text(first.isoformat())
    expect(_recent(page)).to_contain_text("1 night in all")
    _add_night(page)
    expect(_recent(page)).to_contain_text((first - dt.timedelta(days=1)).isoformat())
    expect(_recent(page)).to_contain_text("2 nights in all")
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)  # the grid only on request


def test_notes_from_a_file_are_shown_as_text(page: Page, app_url: str):
    rows = [
        "date,episodes,severity,sleep_quality,magnesium_mg,measures,note",
        "2026-01-01,1,2,3,0,,<b>bold</b>",
        "2026-01-02,1,2,3,0,,[click](javascript:alert(1))",
        "2026-01-03,1,2,3,0,,a | b",
    ]
    open_page(page, f"{app_url}/journal")
    _upload(page, "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 3 nights", exact=False)).to_be_visible()
    table = _recent(page)
    expect(table.locator("li")).to_have_count(3)
    expect(table.locator("li").nth(0).locator("code")).to_have_text("<b>bold</b>")
    expect(table.locator("li").nth(1).locator("code")).to_have_text("[click](javascript:alert(1))")
    expect(table.locator("li").nth(2).locator("code")).to_have_text("a | b")
    expect(table.locator("a")).to_have_count(0)
    expect(table.locator("li b")).to_have_count(0)


def _uploaded_and_first_episodes_edited(page: Page, app_url: str, value: int) -> list[int]:
    """Upload GOOD, set the first night's episodes to ``value`` in the grid; the downloaded episodes."""
    open_page(page, f"{app_url}/journal")
    _upload(page, "mine.csv", GOOD)
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 6 nights", exact=False)).to_be_visible()
    wait_ready(page)
    _edit_first_episodes(page, str(value))
    episodes: list[int] = []
    for _ in range(20):  # the edit reaches the script on its rerun
        wait_ready(page)
        episodes = [int(x) for x in journal.parse_csv(_download(page, after_grid_edit=True))["episodes"]]
        if episodes[0] == value:
            break
        page.wait_for_timeout(250)
    return episodes


def test_hiding_the_editor_keeps_an_edit(page: Page, app_url: str):
    _uploaded_and_first_episodes_edited(page, app_url, 8)
    _switch_editor(page)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(_recent(page).locator("li").first).to_contain_text(": 8 episodes,")
    wait_ready(page)
    assert [int(x) for x in journal.parse_csv(_download(page))["episodes"]] == [8, 2, 4, 0, 1, 2]


def test_editing_a_cell_changes_the_journal(page: Page, app_url: str):
    assert _uploaded_and_first_episodes_edited(page, app_url, 7) == [7, 2, 4, 0, 1, 2]


BAD = [
    ("negative_episodes.csv", "Row 3 (line 4), column 'episodes'"),
    ("duplicate_date.csv", "Row 2 (line 3), column 'date'"),
    ("bad_date.csv", "Row 2 (line 3), column 'date'"),
    ("not_utf8.csv", "Row 2 (line 3), column 'note'"),
    ("missing_column.csv", "column 'magnesium_mg'"),
    ("unknown_column.csv", "column 'mood'"),
    ("severity_out_of_range.csv", "Row 1 (line 2), column 'severity'"),
    ("empty.csv", "the file is empty"),
]


def test_each_bad_file_shows_row_and_column_and_keeps_the_journal(page: Page, app_url: str):
    """Each bad file in turn, then random bytes, into one journal: each is refused with its row and
    column named, and the journal loaded first comes back whole after each."""
    open_page(page, f"{app_url}/journal")
    _upload(page, "mine.csv", GOOD)
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 6 nights", exact=False)).to_be_visible()
    alert = page.get_by_test_id("stAlert").filter(has_text="could not be loaded")
    for name, words in BAD:
        _upload(page, name, (FIXTURES / name).read_bytes())
        expect(alert, name).to_contain_text(name)  # this file's alert, not the one before
        expect(alert, name).to_be_visible()
        # File text (column names too) is shown in code spans, without the quotes (issue 17, hole 6).
        expect(alert, f"{name}: {words}").to_contain_text(words.replace("'", ""))
        expect(alert, name).to_contain_text("kept exactly as it was")
        wait_ready(page)
        assert _download(page) == GOOD_DOWNLOADED, name  # the old journal is intact
    _upload(page, "noise.csv", bytes(range(256)) * 16)
    expect(alert, "noise.csv").to_contain_text("noise.csv")
    expect(alert, "noise.csv").to_be_visible()
    wait_ready(page)
    assert _download(page) == GOOD_DOWNLOADED


def test_file_over_1_mb_is_refused_by_the_uploader(page: Page, app_url: str):
    open_page(page, f"{app_url}/journal")
    _upload(page, "mine.csv", GOOD)
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 6 nights", exact=False)).to_be_visible()
    _upload(page, "big.csv", GOOD + b"x" * journal.MAX_FILE_BYTES)
    expect(page.get_by_text("File must be", exact=False)).to_be_visible()
    wait_ready(page)
    assert _download(page) == GOOD_DOWNLOADED


def test_example_journal_is_labelled(page: Page, app_url: str):
    open_page(page, f"{app_url}/journal")
    page.get_by_role("button", name="Load example journal").click()
    expect(page.get_by_text("Example only", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    expect(page.get_by_text("Typical night before magnesium", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_leaving_with_nights_not_downloaded_asks_first(page: Page, app_url: str):
    """Issue 16 bug 6: reloading or closing the tab lost unsaved nights without a word."""
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    open_page(page, f"{app_url}/journal")
    page.reload()  # nothing to lose yet: no question
    wait_ready(page)
    assert asked == []
    _add_night(page)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    page.wait_for_timeout(500)
    with contextlib.suppress(PlaywrightTimeoutError):
        page.reload(timeout=3_000)  # the question is dismissed: the page stays, with its night
    assert asked == ["beforeunload"]
    expect(page.get_by_text("Log at least 6 nights more", exact=False)).to_be_visible()
    _download(page)  # saved: leaving is no longer questioned
    page.reload()
    wait_ready(page)
    assert asked == ["beforeunload"]


def test_a_night_after_the_download_is_asked_about_from_the_apps_other_pages_too(page: Page, app_url: str):
    """A download counts only until the journal changes; the journal (kept in the session) is
    still asked about after going to another page of the app."""
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    open_page(page, f"{app_url}/journal")
    _add_night(page)
    expect(page.get_by_text("Log at least 6 nights more", exact=False)).to_be_visible()
    wait_ready(page)
    _download(page)
    _add_night(page)  # not in the downloaded file
    expect(page.get_by_text("Log at least 5 nights more", exact=False)).to_be_visible()
    wait_ready(page)
    page.get_by_role("link", name="On/off trial: firmer if run long enough", exact=False).click()
    expect(page).to_have_url(re.compile(r"/trial"))
    wait_ready(page)
    page.wait_for_timeout(500)
    with contextlib.suppress(PlaywrightTimeoutError):
        page.reload(timeout=3_000)
    assert asked == ["beforeunload"]


def test_choosing_symptoms_redraws_the_chart_and_the_link_reproduces_it(page: Page, app_url: str):
    """The picker reruns only the results (keyed rerun); the address bar still follows it."""
    open_page(page, f"{app_url}/journal")
    page.get_by_role("button", name="Load example journal").click()
    wait_ready(page)
    chart = page.get_by_test_id("stVegaLiteChart")
    expect(chart).to_have_count(1)
    expect(chart).not_to_contain_text("Sleep quality")
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Symptoms to chart")
    picker.locator("input").click()
    page.keyboard.type("Sleep quality")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_ready(page)
    expect(chart).to_contain_text("Sleep quality")  # the chart's legend
    expect(page).to_have_url(re.compile(r"metrics=.*Sleep"))
    expect(page.get_by_test_id("stException")).to_have_count(0)
    link = page.url
    open_page(page, link)  # a new session: no nights, but the same view settings
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Symptoms to chart")).to_contain_text(
        "Sleep quality"
    )


def test_a_new_dose_prefills_the_form_and_goes_in_the_link(page: Page, app_url: str):
    """A new dose reruns the page: the form pre-fills it, and the form keeps one Night field."""
    open_page(page, f"{app_url}/journal")
    dose = page.get_by_label("Dose that pre-fills new nights (mg elemental magnesium)")
    dose.fill("250")
    dose.press("Enter")
    wait_ready(page)
    # A new dose gives the form's magnesium field a new key: for a moment the old field is still
    # on the page, faded, beside the new one.
    expect(live(page, "stNumberInput").get_by_role("spinbutton", name="Magnesium taken (mg)")).to_have_value(
        "250"
    )
    expect(page).to_have_url(re.compile(r"dose_mg=250"))
    # One Night field and one Add button (phone review, 2026-12-03: after a dose change the form had
    # two of each, and the night typed in one was not always the night added).
    expect(page.get_by_test_id("stDateInput")).to_have_count(1)
    expect(page.get_by_role("button", name="Add this night")).to_have_count(1)
    _add_night(page)
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    wait_ready(page)
    expect(page.get_by_test_id("stDateInput")).to_have_count(1)
    expect(page.get_by_role("button", name="Add this night")).to_have_count(1)
    night = live(page, "stDateInput").locator("input")
    first = _first_night()
    expect(night).to_have_value((first - dt.timedelta(days=1)).isoformat())
    _add_night(page)
    wait_ready(page)
    # As a person would, download once the list shows the second night: wait_ready alone can return
    # before the click's run has started (CI, 2026-12-04: the download held one night, not two).
    expect(live(page, "stMarkdown").filter(has_text="2 nights in all")).to_have_count(1)
    wait_ready(page)
    added = journal.parse_csv(_download(page))
    assert added["magnesium_mg"].tolist() == [250, 250]
    assert sorted(added["date"]) == [first - dt.timedelta(days=1), first]


def test_the_table_of_nights_fits_a_phone(browser, app_url: str):
    """390 px: the table of the latest nights (7 columns, long notes) does not widen the page."""
    from .test_phone import PHONE, STICKING_OUT_JS

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        open_page(phone, f"{app_url}/journal")
        phone.get_by_role("button", name="Load example journal").click()
        wait_ready(phone)
        expect(_recent(phone)).to_contain_text("77 nights in all")
        phone.wait_for_timeout(500)
        found = phone.evaluate(STICKING_OUT_JS)
        assert found["out"] == [] and found["scrollWidth"] <= PHONE["width"], found
        # A long note without a space (from a file) wraps too.
        rows = [
            "date,episodes,severity,sleep_quality,magnesium_mg,measures,note",
            "2026-01-01,1,2,3,250,stretching;warm bath," + "x" * 300,
        ]
        _upload(phone, "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
        expect(_recent(phone)).to_contain_text("1 night in all")
        phone.wait_for_timeout(300)
        found = phone.evaluate(STICKING_OUT_JS)
        assert found["out"] == [] and found["scrollWidth"] <= PHONE["width"], found
    finally:
        context.close()


def test_enter_in_a_number_box_adds_nothing_and_keeps_the_form(page: Page, app_url: str):
    """Phone review (2026-12-04): Enter (a phone keyboard's Go) in Episodes submitted the form from its
    own fragment: the Night field and "Add this night" vanished, and a night was added later unasked."""
    open_page(page, f"{app_url}/journal?dose_mg=250")
    episodes = page.get_by_role("spinbutton", name="Episodes")
    episodes.fill("2")
    episodes.press("Enter")
    page.wait_for_timeout(1500)
    wait_ready(page)
    expect(page.get_by_role("button", name="Add this night")).to_be_visible()
    expect(page.get_by_label("Night (the date you went to bed)", exact=True)).to_be_visible()
    expect(page.get_by_text("No nights yet", exact=False)).to_be_visible()
    # The typed value waits for the click, which adds it once.
    _add_night(page)
    expect(page.get_by_text("1 night in all", exact=False)).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="2 episodes")).to_be_visible()
    # 2 episodes with the severity left at 0: questioned (session 59).
    expect(
        page.get_by_test_id("stMain").get_by_text("It has 2 episodes with a worst severity of 0")
    ).to_be_visible()


def test_the_tables_own_csv_download_is_not_offered(page: Page, app_url: str):
    """Statistician review (2026-12-06): the table's toolbar "Download as CSV" (Streamlit's) wrote a note
    such as =HYPERLINK(…) as it is, a live formula in a spreadsheet; "Download journal (CSV)" neutralises
    it. The toolbar keeps its other buttons; the journal's own download is still there."""
    open_page(page, f"{app_url}/journal")
    _upload(
        page,
        "mine.csv",
        b"date,episodes,severity,sleep_quality,magnesium_mg,measures,note\n"
        b'2026-11-01,1,3,3,0,,"=HYPERLINK(""http://evil.example"",""x"")"\n',
    )
    expect(page.get_by_test_id("stMain").get_by_text("Loaded 1 night", exact=False)).to_be_visible()
    _switch_editor(page)
    editor = page.locator("[class*=st-key-journal_editor_]:has([data-testid=stDataFrame])")
    expect(editor).to_be_visible(timeout=30_000)
    editor.hover()
    expect(editor.get_by_role("button", name="Search")).to_be_visible()
    expect(editor.get_by_role("button", name="Download as CSV")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Download journal"))).to_be_visible()


def test_a_note_naming_a_warning_sign_is_answered_right_under_the_add_button(page: Page, app_url: str):
    """Phone review (session 59): the warning for "left calf a bit swollen and warm" was some 2,200 px
    below the form at 390 px, after the nights, the chart and its caption: out of sight after an add."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{app_url}/journal")
    page.get_by_label("Note").fill("left calf a bit swollen and warm")
    _add_night(page)
    alert = page.get_by_test_id("stAlert").filter(has_text="A note names what can be a warning sign")
    expect(alert).to_be_visible(timeout=30_000)
    expect(alert).to_contain_text("Pain, swelling, warmth or redness in one calf or leg")
    # Above the nights and the chart, right under the form.
    nights = page.get_by_role("heading", name="Your nights")
    add = page.get_by_role("button", name="Add this night")
    alert_box, nights_box, add_box = alert.bounding_box(), nights.bounding_box(), add.bounding_box()
    assert alert_box and nights_box and add_box
    assert add_box["y"] < alert_box["y"] < nights_box["y"]


def _type_night(page: Page, night: dt.date) -> None:
    live(page, "stDateInput").get_by_role("spinbutton").first.click()  # year, month, day: typed in turn
    page.keyboard.type(night.strftime("%Y%m%d"))
    page.keyboard.press("Tab")
    expect(live(page, "stDateInput").locator("input")).to_have_value(night.isoformat())


def test_a_refused_nights_message_goes_when_the_next_night_is_added(page: Page, app_url: str):
    """An add reruns the results fragment alone: what it said under "Add this night" about the night it
    refused must go with the next add (tried in session 61 with nothing written there when there is nothing
    to say: not measurably faster, not kept; the test stays)."""
    open_page(page, f"{app_url}/journal")
    first = _first_night()
    main = page.get_by_test_id("stMain")
    _add_night(page)
    expect(main.get_by_text("1 night in all", exact=False)).to_be_visible()
    _type_night(page, first)  # the same night again: refused
    _add_night(page)
    refused = main.get_by_text("That night was not added")
    expect(refused).to_be_visible()
    _type_night(page, first - dt.timedelta(days=3))
    _add_night(page)
    expect(main.get_by_text("2 nights in all", exact=False)).to_be_visible()
    expect(refused).to_have_count(0)
