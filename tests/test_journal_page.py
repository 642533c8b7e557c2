"""/journal through AppTest: add nights, upload good and bad files, the example, the link."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from maglib import journal
from maglib import safety as safe
from maglib.links import escape_markdown
from tests.conftest import PAGES, all_text, assert_clean, dataset, pin_clock, run_page, schedule_with_box

FIXTURES = Path(__file__).parent / "fixtures" / "journal"


@pytest.fixture(autouse=True)
def _evening(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's clock at 20:00 on this machine's date: a night logged in the evening is tonight's
    (see ``test_a_morning_log_is_about_last_night`` for earlier in the day)."""
    pin_clock(monkeypatch, dt.date.today(), dt.time(20))


@pytest.fixture(autouse=True)
def _no_legacy_mode_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    # AppTest resets PagesManager.uses_pages_directory before *every* run, so
    # magui's once-per-process "leave legacy pages/ mode" st.rerun() fires on
    # every AppTest run here and swallows the click of a button or form submit.
    # On a real server it fires once per process (reported to the magui owner).
    import magui.layout

    if hasattr(magui.layout, "_leave_legacy_multipage_mode"):
        monkeypatch.setattr(magui.layout, "_leave_legacy_multipage_mode", lambda: None)


GOOD = (FIXTURES / "good.csv").read_bytes()


def _submit(at, *, redraw: bool = True):
    """Click "Add this night" (drawn by the results fragment, with the form's night).

    In a browser the click runs that fragment only; AppTest runs the whole page for a click.
    ``redraw`` runs the page once more, as the browser shows it, for the next interaction.
    Messages shown once (a refused night) are in the click's own run: ``redraw=False``.
    """
    [button] = [b for b in at.button if b.label == "Add this night"]
    button.click().run()
    if redraw:
        at.run()
    return at


def _open_editor(at, value: bool = True):
    """Switch "Edit or see all nights" (the editor is drawn only on request)."""
    at.toggle(key="journal_editor_open").set_value(value).run()
    return at


def _recent(at) -> str:
    """The list of the latest nights (shown while the editor is closed)."""
    [table] = [m.value for m in at.markdown if " in all**" in m.value]
    return table


def _edit_table(at, edited_rows: dict) -> None:
    """Unsaved edits in the table's editor (as the browser sends them), then a rerun."""
    if not at.data_editor:
        _open_editor(at)
    rev = at.session_state["journal_rev"]
    at.session_state[f"journal_editor_{rev}"] = {
        "edited_rows": edited_rows,
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()


def _table(at):
    """The journal the page holds (the editor's starting table)."""
    return at.session_state["journal_base"]


def _upload(at, name: str, raw: bytes):
    at.file_uploader(key="journal_upload").set_value((name, raw, "text/csv")).run()
    return at


def _charts(at) -> int:
    return len(at.get("arrow_vega_lite_chart")) + len(at.get("vega_lite_chart"))


def test_first_visit_explains_privacy_and_invites_a_first_night():
    at = run_page("journal")
    assert_clean(at)
    text = all_text(at)
    assert "stored on the server" in text and "never put in the page link" in text
    assert "Add nights (or load the example) to see the chart" in text
    assert _charts(at) == 0
    # No grid before the first night (the heaviest part of the page to load); it says where to start.
    assert len(at.data_editor) == 0 and "No nights yet" in text


def test_adding_nights_fills_the_table_and_draws_the_chart():
    at = run_page("journal")
    at.number_input(key="add_episodes").set_value(3)
    at.number_input(key="add_severity").set_value(6)
    # The click's own run: the form's night and the results.
    _submit(at, redraw=False)
    assert_clean(at)
    table = _table(at)
    assert len(table) == 1
    assert (table.iloc[0]["episodes"], table.iloc[0]["severity"]) == (3, 6)
    assert table.iloc[0]["date"] == dt.date.today()
    assert _charts(at) == 1
    # The table of the latest nights shows it (the editor, the grid, only on request).
    assert len(at.data_editor) == 0 and "1 night in all" in _recent(at)
    assert f"- **{dt.date.today():%Y-%m-%d}**: 3 episodes, worst severity 6," in _recent(at)
    assert "at least 6 nights more" in all_text(at)  # the verdict, redrawn
    # The form then offers the latest night not yet logged, never a future one (issue 16 bug 6:
    # it offered tomorrow, and a second click logged it silently).
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    assert "Pick yesterday's date" in night.help  # which date a night is (phone review, 2026-12-04)
    assert night.value == dt.date.today() - dt.timedelta(days=1)
    at.run()  # the whole page, as the browser shows it
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    assert night.value == dt.date.today() - dt.timedelta(days=1)
    _submit(at)
    assert len(_table(at)) == 2
    assert _table(at).iloc[1]["date"] == dt.date.today() - dt.timedelta(days=1)
    # The diary never reaches the URL.
    assert set(at.query_params) <= {p.key for p in journal.PARAMS} | {"v"}


def test_planned_dose_from_the_link_prefills_new_nights():
    at = run_page("journal", {"dose_mg": "300"})
    assert_clean(at)
    [mg] = [n for n in at.number_input if n.label == "Magnesium taken (mg)"]
    assert mg.value == 300
    _submit(at)
    assert _table(at).iloc[0]["magnesium_mg"] == 300


def test_bad_dose_in_the_link_is_ignored_with_a_notice():
    at = run_page("journal", {"dose_mg": "5000"})
    assert_clean(at)
    assert "could not be used" in " ".join(w.value for w in at.warning)


def test_good_upload_replaces_the_table_and_is_applied_once():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    assert_clean(at)
    assert journal.frames_equal(_table(at), journal.parse_csv(GOOD))
    assert "Loaded 6 nights" in " ".join(s.value for s in at.success)
    # Add a night after the upload: a rerun must not re-apply the same upload over it.
    _submit(at)
    assert len(_table(at)) == 7
    at.run()
    assert len(_table(at)) == 7


def test_a_stray_first_dose_is_set_aside_on_the_page():
    """Statistician review (2026-12-06): a dose on the first night, then 14 nights without, then the course:
    the page said no night was logged before the first dose. Now it compares, and says what it left out."""
    start = dt.date.today() - dt.timedelta(days=40)
    rows = [(start, 2, 250)] + [(start + dt.timedelta(days=1 + d), 2 + d % 2, 0) for d in range(14)]
    rows += [(start + dt.timedelta(days=15 + d), d % 2, 250) for d in range(14)]
    frame = journal.check_frame(
        pd.DataFrame(
            [
                {"date": d, "episodes": e, "severity": 2 * e, "sleep_quality": None, "magnesium_mg": mg,
                 "measures": [], "note": ""}
                for d, e, mg in rows
            ]
        )
    )  # fmt: skip
    at = run_page("journal")
    _upload(at, "stray.csv", journal.to_csv(frame))
    assert_clean(at)
    text = all_text(at).replace("\\", "")
    assert "the 1 night with magnesium before it is left out (fewer than 7, with at least 7 nights" in text
    assert "no night is logged before the first dose" not in text


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("negative_episodes.csv", "Row 3 (line 4), column 'episodes'"),
        ("duplicate_date.csv", "Row 2 (line 3), column 'date'"),
        ("not_utf8.csv", "Row 2 (line 3), column 'note'"),
        ("missing_column.csv", "column 'magnesium_mg'"),
        ("empty.csv", "empty"),
    ],
)
def test_bad_upload_names_row_and_column_and_keeps_the_journal(name, words):
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    before = _table(at).copy()
    _upload(at, name, (FIXTURES / name).read_bytes())
    assert_clean(at)
    message = " ".join(e.value for e in at.error)
    assert "could not be loaded" in message and "kept exactly as it was" in message
    # File text (column names too) is shown in code spans (issue 17, hole 6).
    assert words.replace("'", "") in message.replace("\\", "").replace("'", "").replace("`", "")
    assert journal.frames_equal(_table(at), before)


def test_oversize_and_random_bytes_are_refused():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    _upload(at, "big.csv", GOOD + b"x" * journal.MAX_FILE_BYTES)
    assert "at most 1 MB" in " ".join(e.value for e in at.error)
    _upload(at, "noise.csv", bytes(range(256)) * 8)
    assert "could not be loaded" in " ".join(e.value for e in at.error)
    assert journal.frames_equal(_table(at), journal.parse_csv(GOOD))


def test_example_is_labelled_and_analysed():
    at = run_page("journal")
    at.button(key="journal_example").click().run()
    assert_clean(at)
    assert "Example only" in " ".join(w.value for w in at.warning)
    assert len(_table(at)) == 77
    text = all_text(at)
    assert "Typical night before magnesium" in text
    assert "Cochrane" in text and "Regression to the mean" in text
    assert _charts(at) == 1
    # Phone review (session 51): "no clear difference" with a green ↓ read as "it worked": a grey delta.
    (metric,) = [m for m in at.metric if m.label.startswith("On magnesium")]
    assert "no clear" in text.lower() and metric.proto.color == metric.proto.MetricColor.GRAY
    at.button(key="journal_clear").click().run()
    assert _table(at).empty and not any("Example only" in w.value for w in at.warning)


@pytest.mark.parametrize(("query", "dose"), [({"dose_mg": "300"}, 300), ({}, None)])
def test_the_example_uses_the_planned_dose_from_the_link(query, dose):
    """The example's nights on magnesium take the link's dose, else the guidance's starting dose."""
    at = run_page("journal", query)
    at.button(key="journal_example").click().run()
    assert_clean(at)
    expected = dose if dose is not None else dataset().guidance_value("start_dose_mg")
    taken = _table(at)["magnesium_mg"]
    assert set(taken[taken > 0]) == {expected}


def test_too_few_nights_says_how_many_more():
    at = run_page("journal")
    for _ in range(3):
        _submit(at)
    assert "at least 4 nights more" in all_text(at)


def test_incomplete_row_in_the_editor_is_named_and_blocks_the_analysis():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    _edit_table(at, {1: {"episodes": None}})
    assert_clean(at)
    message = " ".join(e.value for e in at.error)
    assert "Row 2" in message and "episodes" in message
    assert "waits until every row" in all_text(at)


def test_a_night_on_a_taken_date_is_refused_and_the_journal_kept():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    before = _table(at).copy()
    taken = before.iloc[0]["date"]
    at.date_input(key="add_date").set_value(taken)
    _submit(at, redraw=False)
    assert_clean(at)
    message = " ".join(e.value for e in at.error)
    assert "That night was not added" in message and taken.isoformat() in message.replace("\\", "")
    assert journal.frames_equal(_table(at), before)
    at.run()  # the refusal is said once, not on every later rerun
    assert "not added" not in " ".join(e.value for e in at.error)


def test_adding_while_the_table_has_edits_keeps_the_edits():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    _edit_table(at, {0: {"episodes": 9}})
    at.number_input(key="add_episodes").set_value(4)
    _submit(at)
    assert_clean(at)
    table = _table(at)
    assert len(table) == 7
    assert table.iloc[0]["episodes"] == 9  # the unsaved edit went into the journal
    assert table.iloc[6]["episodes"] == 4


def test_adding_while_a_row_is_incomplete_asks_to_fix_the_table_first():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    before = _table(at).copy()
    _edit_table(at, {1: {"episodes": None}})
    _submit(at, redraw=False)
    assert "Fix the table above first" in " ".join(e.value for e in at.error)
    assert journal.frames_equal(_table(at), before)


def test_a_night_in_the_future_needs_a_confirmation():
    """Issue 16 bug 6: a future night was logged without a word."""
    at = run_page("journal")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    night.set_value(tomorrow)
    _submit(at)
    assert_clean(at)
    assert _table(at).empty  # not added yet
    assert any("has not begun yet" in w.value for w in at.warning)
    [no] = [b for b in at.button if b.label == "Don't add it"]
    no.click().run()
    assert _table(at).empty and not any("has not begun yet" in w.value for w in at.warning)
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    night.set_value(tomorrow)
    _submit(at)
    [yes] = [b for b in at.button if b.label == f"Add the night of {tomorrow:%a %d %b} anyway"]
    yes.click().run()
    assert_clean(at)
    assert _table(at)["date"].tolist() == [tomorrow]


def test_another_night_added_ends_the_question_about_a_night_not_begun():
    """Planning list (session 57): the "has not begun yet — add anyway?" question stayed while another night
    was picked and added, and "Add it anyway" then added the night it asked about besides."""
    at = run_page("journal")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    night.set_value(tomorrow)
    _submit(at)
    assert any("has not begun yet" in w.value for w in at.warning)
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    night.set_value(yesterday)
    _submit(at)
    assert_clean(at)
    assert _table(at)["date"].tolist() == [yesterday]
    assert not any("has not begun yet" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label.endswith("anyway")]


def test_the_form_says_what_a_number_out_of_range_does():
    """Planning list (session 57): severity 15 made "Add this night" do nothing, with only the field's red
    outline (Streamlit holds the form back); the words under the fields say so, with the severity range."""
    at = run_page("journal")
    (said,) = [c.value for c in at.caption if "outside its field's range" in c.value]
    assert f"severity {journal.SEVERITY_MIN}–{journal.SEVERITY_MAX}" in said
    assert "**Add this night** adds nothing until it is corrected" in said


def test_the_page_says_what_a_reload_or_restart_loses():
    at = run_page("journal")
    text = " ".join(i.value for i in at.info)
    assert "reloading this tab" in text and "restart" in text
    assert "asks before you close or reload" in text


def test_a_logged_overdose_and_worsening_nights_are_flagged_before_any_verdict():
    rows = ["date,episodes,severity,sleep_quality,magnesium_mg,measures,note"]
    start = dt.date(2026, 1, 1)
    for day in range(28):
        episodes = 1 if day < 21 else 4  # the last week is clearly worse
        mg = 0 if day < 7 else (2000 if day == 10 else 250)
        rows.append(f"{start + dt.timedelta(days=day)},{episodes},{episodes * 2},3,{mg},,")
    at = run_page("journal")
    _upload(at, "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning)
    # No profile or plan in this tab: a default adult's US limit, said as such.
    assert "1 night in your log records more than 350 mg" in warnings
    assert "US upper limit for adults" in warnings and "lower for children" in warnings
    assert "Your last 7 nights are worse than the 7 before them" in warnings


def test_choosing_symptoms_redraws_only_the_results():
    """The picker sits outside the results: a change reruns the results fragment alone."""
    at = run_page("journal")
    at.button(key="journal_example").click().run()

    def domain(at) -> list[str]:
        [chart] = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
        return chart.proto.spec.split('"domain": ', 1)[1].split("]", 1)[0]

    assert "Severity" in domain(at)
    at.multiselect(key="metrics").set_value(["Episodes"]).run()
    assert_clean(at)
    # The keyed rerun's output: the chart, with Episodes alone; the picker was not re-sent.
    assert domain(at) == '["Episodes"' and not at.multiselect
    assert "Typical night before magnesium" in all_text(at)  # the verdict, still there
    at.run()  # the whole page draws the same view from the same choice
    assert at.multiselect(key="metrics").value == ["Episodes"] and domain(at) == '["Episodes"'


def test_a_new_dose_prefills_the_form_and_reruns_the_page():
    """A keyed rerun of the form and the results left two Night fields and two Add buttons in a
    browser (phone review, 2026-12-03): a dose change reruns the page, with one of each."""
    at = run_page("journal")
    at.number_input(key="dose_mg").set_value(250).run()
    assert_clean(at)
    [mg] = [n for n in at.number_input if n.label == "Magnesium taken (mg)"]
    assert mg.value == 250 and at.title  # the whole page
    assert len(at.date_input) == 1 and len([b for b in at.button if b.label == "Add this night"]) == 1
    _submit(at)
    assert _table(at).iloc[0]["magnesium_mg"] == 250
    # A dose out of range is named, and the last dose in range is the one used.
    at.number_input(key="dose_mg").set_value(5000).run()
    assert "outside what this field takes" in " ".join(w.value for w in at.warning)
    [mg] = [n for n in at.number_input if n.label == "Magnesium taken (mg)"]
    assert mg.value == 250


def test_the_table_shows_the_latest_nights_and_the_editor_on_request():
    at = run_page("journal")
    at.button(key="journal_example").click().run()
    assert_clean(at)
    table = _recent(at)
    assert "77 nights in all** — the latest 7:" in table
    latest = sorted(_table(at)["date"])
    assert f"- **{latest[-1]:%Y-%m-%d}**:" in table and f"- **{latest[-8]:%Y-%m-%d}**:" not in table
    assert table.count("\n- **20") == 7 and not at.data_editor
    _open_editor(at)
    assert len(at.data_editor) == 1 and len(at.data_editor[0].value) == 77
    # Night and dose first, the night pinned, and no journal column left out (phone review, 2026-12-05).
    editor = at.data_editor[0].proto
    assert list(editor.column_order) == ["date", "magnesium_mg", *list(editor.column_order)[2:]]
    assert sorted(editor.column_order) == sorted(journal.COLUMNS)
    assert json.loads(editor.columns)["date"]["pinned"] is True
    assert not [m for m in at.markdown if " in all**" in m.value]
    _open_editor(at, False)
    assert not at.data_editor and "77 nights in all" in _recent(at)


def test_the_latest_night_added_is_in_the_table_shown():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    newest = max(_table(at)["date"]) + dt.timedelta(days=1)
    at.date_input(key="add_date").set_value(newest)
    at.number_input(key="add_episodes").set_value(8)
    _submit(at, redraw=False)  # the keyed rerun's own output
    assert f"- **{newest:%Y-%m-%d}**: 8 episodes," in _recent(at) and "7 nights in all" in _recent(at)


def test_an_added_night_is_said_once():
    """Keyboard review (2026-12-04): nothing said that "Add this night" worked."""
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    assert "Added the night of" not in _recent(at)
    newest = max(_table(at)["date"]) + dt.timedelta(days=1)
    at.date_input(key="add_date").set_value(newest)
    _submit(at, redraw=False)
    # Its own line above the list (a screen reader reads it out: magui.layout.say, browser test).
    said = [m.value for m in at.markdown if m.value.startswith("Added the night of")]
    # The form was added untouched: said to be a night without symptoms (planning list, sessions 58-59).
    assert said == [
        f"Added the night of **{newest:%A %d %B %Y}**. It is saved as a night without cramps or twitches (0 "
        "episodes): if you had some, switch on **Edit or see all nights** and correct it."
    ]
    assert _recent(at).startswith("**7 nights in all**")
    at.run()  # the next run (any other change) no longer says it
    assert not [m for m in at.markdown if "Added the night of" in m.value] and "7 nights in all" in _recent(
        at
    )


def test_hiding_the_editor_with_a_valid_edit_keeps_it_in_the_journal():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    rev = at.session_state["journal_rev"]
    _edit_table(at, {0: {"episodes": 9}})
    assert _table(at).iloc[0]["episodes"] != 9  # not yet: the edit lives in the editor
    _open_editor(at, False)
    assert_clean(at)
    assert _table(at).iloc[0]["episodes"] == 9 and at.session_state["journal_rev"] == rev + 1
    assert not at.data_editor and f"- **{_table(at).iloc[0]['date']:%Y-%m-%d}**: 9 episodes," in _recent(at)
    # A new version of the journal, not yet downloaded: the leave guard's key says so.
    [download] = at.get("download_button")
    assert download.proto.id and f"journal_state_{rev + 1}-" in str(download.proto.id)
    assert str(download.proto.id).endswith("_1")
    at.run()
    assert _table(at).iloc[0]["episodes"] == 9 and not at.data_editor


def test_hiding_the_editor_with_an_incomplete_row_keeps_it_open_with_the_error():
    at = run_page("journal")
    _upload(at, "mine.csv", GOOD)
    before = _table(at).copy()
    _edit_table(at, {1: {"episodes": None}})
    _open_editor(at, False)
    assert_clean(at)
    message = " ".join(e.value for e in at.error)
    assert "Row 2" in message and "fix it first, then hide it" in message
    assert len(at.data_editor) == 1 and at.toggle(key="journal_editor_open").value is True
    assert journal.frames_equal(_table(at), before)  # nothing changed behind the person's back


def test_notes_in_the_table_are_shown_as_text():
    rows = [
        "date,episodes,severity,sleep_quality,magnesium_mg,measures,note",
        "2026-01-01,1,2,3,0,,<b>x</b>",
        "2026-01-02,1,2,3,0,,[a](javascript:alert(1))",
        "2026-01-03,1,2,3,0,,a | b **c**",
    ]
    at = run_page("journal")
    _upload(at, "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
    assert_clean(at)
    table = _recent(at)
    # Each note in a code span (shown literally), one line each.
    assert "note: `<b>x</b>`\n" in table and "note: `[a](javascript:alert(1))`\n" in table
    assert "note: `a | b **c**`\n" in table and table.count("\n- **2026-01-0") == 3


def test_the_share_box_promises_the_settings_not_the_nights():
    """Phone review, 2026-12-03: the box said "the same settings and results"; the link opened an
    empty journal. It says a link never carries the nights, and how to share them."""
    at = run_page("journal")
    (share,) = [e for e in at.expander if e.label == "Share this view"]
    (words,) = [c.value for c in share.caption]
    assert "the same settings, not your nights" in words and "results" not in words
    assert "**Download journal (CSV)**" in words


def test_the_symptom_chips_get_a_target_a_finger_can_hit():
    """Phone review, 2026-12-03: the symptom chips' remove buttons were 15 x 7 px."""
    at = run_page("journal")
    styles = [el.proto.body for el in at.get("html")]
    assert any('button[aria-label^="Remove "] {min-width: 24px; min-height: 24px;' in body for body in styles)


def _go(at, page: str) -> None:
    """Open ``page`` in the same session (what another page left in it stays), with no link."""
    at.switch_page(PAGES[page])
    at.query_params.clear()
    at.run()


def _night_csv(mg: float) -> bytes:
    rows = ["date,episodes,severity,sleep_quality,magnesium_mg,measures,note", f"2026-01-01,1,2,3,{mg:g},,"]
    return ("\r\n".join(rows) + "\r\n").encode()


def test_a_logged_dose_is_questioned_above_the_plan_made_in_this_tab():
    """Pharmacist review (2026-12-04): a plan cut to 150 mg a day for a 200 mg multivitamin, then
    nights of 250 mg in the journal: no warning, as only the 366 mg hard maximum was checked."""
    query = {"screened": "true", "other": "Multivitamin or mineral supplement", "other_mg": "200"}
    at = run_page("schedule", query)
    assert_clean(at)
    _go(at, "journal")
    _upload(at, "mine.csv", _night_csv(250))
    warnings = " ".join(w.value for w in at.warning)
    assert "1 night in your log records more than 150 mg" in warnings
    assert "your dose plan allows" in warnings and "200 mg a day from your other products" in warnings


@pytest.mark.parametrize("answer", ["kidney", "kidney_unsure"])
def test_with_kidney_disease_every_logged_dose_is_questioned(answer):
    """Pharmacist review (2026-12-04): with kidney disease ticked, /schedule makes no plan, and a
    journal of 300 mg nights passed as within a default adult's 350 mg limit. "Not sure" counts the
    same (adversarial review, 2026-12-05: the journal, /trial and the converter did not know of it)."""
    at = run_page("schedule", {"screened": "true", answer: "true"})
    assert_clean(at)
    _go(at, "journal")
    _upload(at, "mine.csv", _night_csv(100))
    # An error, not a warning, and no "more than 0 mg" (pharmacist review, 2026-12-04).
    errors = " ".join(e.value for e in at.error)
    assert "**1 night in your log records a magnesium dose**" in errors and "knows your kidneys" in errors
    assert "kidney" not in " ".join(w.value for w in at.warning)
    # The trial says so too, and no trial without the kidney doctor.
    _go(at, "trial")
    trial_errors = " ".join(e.value for e in at.error)
    assert "no on/off trial unless a doctor who knows your kidneys advises one" in trial_errors
    assert "records a magnesium dose" in trial_errors
    # Unticked on the dose plan page: the adult limit again, so 100 mg passes.
    at.switch_page(PAGES["schedule"])
    at.run()
    at.checkbox(key=answer).uncheck().run()
    _go(at, "journal")
    _upload(at, "mine2.csv", _night_csv(100))
    assert "kidney" not in " ".join(w.value for w in [*at.warning, *at.error])


def test_a_logged_dose_is_questioned_above_a_childs_limit_given_on_another_page():
    at = run_page("diet", {"age": "6", "sex": "Male"})
    assert_clean(at)
    _go(at, "journal")
    _upload(at, "mine.csv", _night_csv(200))
    warnings = " ".join(w.value for w in at.warning)
    assert "more than 110 mg" in warnings and "your US upper limit" in warnings


def test_a_plan_made_before_an_age_change_keeps_no_laxer_limit():
    """Clinician review (2026-12-04): a plan made at 45, then age 6 given on /diet: 200 mg nights were
    not questioned, the old plan's 350 mg limit winning over the child's 110 mg."""
    at = run_page("schedule", {"screened": "true"})
    assert_clean(at)
    _go(at, "diet")
    at.number_input(key="age").set_value(6).run()
    _go(at, "journal")
    _upload(at, "mine.csv", _night_csv(200))
    # Every dose is questioned until the Dose plan page has run for the 6-year-old (rule answers_checked_first:
    # its answers and waits were the adult's; re-review, session 55), then the child's limit.
    assert any(safe.UNCHECKED_JOURNAL_WORDS in e.value for e in at.error)
    _go(at, "schedule")
    _go(at, "journal")
    warnings = " ".join(w.value for w in at.warning)
    assert "more than 110 mg" in warnings and "your US upper limit" in warnings


def _log_csv(first: dt.date, off: int, on: int, mg: float = 250) -> bytes:
    """``off`` nights of 3 episodes without magnesium from ``first``, then ``on`` nights of 0-1 on it."""
    rows = ["date,episodes,severity,sleep_quality,magnesium_mg,measures,note"]
    for day in range(off + on):
        taken = day >= off
        episodes = (day % 2) if taken else 3 + day % 2
        rows.append(f"{first + dt.timedelta(days=day)},{episodes},{2 * episodes},3,{mg if taken else 0:g},,")
    return ("\r\n".join(rows) + "\r\n").encode()


@pytest.mark.parametrize(("on", "early"), [(28, True), (55, True), (56, False)])
def test_a_result_before_eight_weeks_on_magnesium_says_it_is_early(on, early):
    """Clinician review (2026-12-04): after 28 nights on magnesium the journal said, in green, that
    there were fewer episodes, while the guidance says to give it at least 8 weeks."""
    at = _upload(run_page("journal"), "mine.csv", _log_csv(dt.date(2026, 1, 1), 14, on))
    assert_clean(at)
    (verdict,) = [s.value for s in at.info if s.value.startswith("Typical night before magnesium")]
    assert "fewer episodes" in verdict
    said = (
        f"Early: {on} nights on magnesium logged so far. The starting guidance says: give magnesium at "
        "least 2 months (8 weeks) before judging it. Read this as a first look, and compare again at week 8."
    )
    assert (escape_markdown(said) in verdict) is early
    assert (escape_markdown("Early:") in verdict) is early


def test_the_next_review_is_counted_from_today_not_from_the_last_night_logged():
    """Clinician review (2026-12-04): the example journal (nights in early 2026) named a "next review"
    in March 2026, months before today."""
    today = dt.date.today()
    first_dose = today - dt.timedelta(days=10)
    at = _upload(run_page("journal"), "mine.csv", _log_csv(first_dose - dt.timedelta(days=14), 14, 5))
    week_4 = first_dose + dt.timedelta(days=28)
    assert f"Next review: week 4 after the first dose, on {week_4:%d %B %Y}." in all_text(at)
    old = _upload(run_page("journal"), "old.csv", _log_csv(dt.date(2026, 1, 1), 14, 20))
    assert "Next review" not in all_text(old)
    # Not while every dose is questioned (GP review, 2026-12-05): at 81 with no plan in the tab.
    aged = run_page("schedule", {"age": "81"})
    aged.switch_page(PAGES["journal"])
    aged.run()
    aged = _upload(aged, "mine.csv", _log_csv(first_dose - dt.timedelta(days=14), 14, 5))
    assert "Next review" not in all_text(aged) and any(
        "at 81 the Dose plan page" in e.value for e in aged.error
    )


@pytest.mark.parametrize(
    ("clock_time", "days_back"),
    [
        (dt.time(0, 0), 1),
        (dt.time(7, 30), 1),
        (dt.time(13, 0), 1),  # lunch: still last night (date review, 2026-12-04)
        (dt.time(17, 59, 59), 1),
        (dt.time(18, 0), 0),
        (dt.time(23, 59), 0),
    ],
)
def test_a_morning_log_is_about_last_night(
    monkeypatch: pytest.MonkeyPatch, clock_time: dt.time, days_back: int
):
    """Phone review (2026-12-04): logging last night's cramps at breakfast offered today's date, the
    night still to come. Until the evening (18:00) the field offers the latest night that has begun."""
    today = dt.date(2026, 3, 10)
    pin_clock(monkeypatch, today, clock_time)
    at = run_page("journal")
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    assert night.value == today - dt.timedelta(days=days_back)
    at.number_input(key="add_episodes").set_value(2)
    _submit(at)
    assert _table(at).iloc[0]["date"] == today - dt.timedelta(days=days_back)
    # The next offered is the night before.
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    assert night.value == today - dt.timedelta(days=days_back + 1)


def test_a_night_not_begun_yet_needs_a_confirmation_and_an_upload_names_them(monkeypatch: pytest.MonkeyPatch):
    """Date review (2026-12-04): at 10:00 tonight's night went in without a word (only a later date
    was questioned), and an uploaded file's night in June 2027 was loaded silently."""
    today = dt.date(2026, 3, 10)
    pin_clock(monkeypatch, today, dt.time(10))
    at = run_page("journal")
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    night.set_value(today)  # tonight, at 10:00
    _submit(at)
    assert _table(at).empty
    [asked] = [w.value for w in at.warning if "has not begun yet" in w.value]
    assert "The night of Tuesday 10 March 2026 has not begun yet" in asked
    assert "10:00 on Tuesday 10 March 2026" in asked
    # An upload with nights that have not begun: loaded, and named.
    rows = ["date,episodes,severity,sleep_quality,magnesium_mg,measures,note"] + [
        f"{today + dt.timedelta(days=d)},1,2,3,0,," for d in (-2, -1, 0, 1, 90)
    ]
    up = _upload(run_page("journal"), "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
    assert len(_table(up)) == 5
    [named] = [w.value for w in up.warning if "not begun yet" in w.value]
    assert "**3 nights in the file have not begun yet** (10 March 2026, 11 March 2026, 08 June 2026)" in named
    assert not up.success
    fine = _upload(run_page("journal"), "mine.csv", ("\r\n".join(rows[:3]) + "\r\n").encode())
    assert not [w for w in fine.warning if "not begun" in w.value]
    assert "Loaded 2 nights" in fine.success[0].value


def test_the_method_cites_where_its_numbers_come_from():
    at = run_page("journal")
    [method] = [c.value for c in at.caption if c.value.startswith("How it is worked out")]
    assert "latest 14 nights" in method and "4,000 times" in method
    assert "Source of these numbers: Design choices of this app" in method.replace("\\", "")


def test_after_an_upload_the_field_offers_the_next_night_not_one_before_the_journal(
    monkeypatch: pytest.MonkeyPatch,
):
    """Phone review (2026-12-04): after an upload of 10 November to 3 December, at 16:50 on
    4 December, the Night field offered 9 November (before the journal began)."""
    today = dt.date(2026, 12, 4)
    pin_clock(monkeypatch, today, dt.time(16, 50))
    rows = ["date,episodes,severity,sleep_quality,magnesium_mg,measures,note"] + [
        f"{dt.date(2026, 11, 10) + dt.timedelta(days=d)},1,2,3,0,," for d in range(24)
    ]
    at = _upload(run_page("journal"), "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
    assert len(_table(at)) == 24
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    assert night.value == today  # tonight: asked about if added before 18:00
    # Right after an add, the latest night not logged is offered (nights added back in time): now a
    # gap inside the journal, between the night added and the file's first.
    night.set_value(dt.date(2026, 11, 5))
    _submit(at)
    assert len(_table(at)) == 25
    [night] = [d for d in at.date_input if d.label == "Night (the date you went to bed)"]
    assert night.value == dt.date(2026, 11, 9)


def test_a_night_not_begun_typed_into_the_table_is_named(monkeypatch: pytest.MonkeyPatch):
    """Date review (2026-12-04): the table's date column took a night not begun without a word,
    while the form asks about one and an upload names them."""
    today = dt.date(2026, 3, 10)
    pin_clock(monkeypatch, today, dt.time(20))  # tonight has begun; tomorrow has not
    rows = ["date,episodes,severity,sleep_quality,magnesium_mg,measures,note"] + [
        f"{today + dt.timedelta(days=d)},1,2,3,0,," for d in (-3, -2, -1, 1)
    ]
    at = _upload(run_page("journal"), "mine.csv", ("\r\n".join(rows) + "\r\n").encode())
    assert any("1 night in the file has not begun yet" in w.value for w in at.warning)
    # Another cell of a row changed: the file's night not begun is not named again.
    _edit_table(at, {0: {"episodes": 4}})
    assert_clean(at)
    assert not [w for w in at.warning if " in the table ha" in w.value]
    # Tonight (it has begun at 20:00): nothing to name.
    _edit_table(at, {0: {"date": str(today)}})
    assert not [w for w in at.warning if " in the table ha" in w.value]
    # Two nights moved past tonight: both named, in date order.
    _edit_table(at, {0: {"date": "2026-03-20"}, 1: {"date": "2026-03-12"}})
    [named] = [w.value for w in at.warning if " in the table ha" in w.value]
    assert named == (
        "**2 nights in the table have not begun yet** (12 March 2026, 20 March 2026): check their "
        "dates in the table (**Edit or see all nights**)."
    )
    # Hidden, the edits become the journal (as before) and the warning is said once more with them,
    # and stays at the top of the page, as an upload's does.
    _open_editor(at, False)
    assert_clean(at)
    assert dt.date(2026, 3, 20) in set(_table(at)["date"])
    assert any("2 nights in the table have not begun yet" in w.value for w in at.warning)
    at.run()
    assert [w.value for w in at.warning].count(named) == 1  # the page's notice, said once
    _open_editor(at)
    assert any("2 nights in the table have not begun yet" in w.value for w in at.warning)


def test_the_trial_link_does_not_promise_the_default_trial_a_clear_answer():
    """Planning note (2026-12-05): the journal's link read "A firmer answer: an on/off trial", while the
    trial's default pairs cannot reach its p <= 0.05 (home already said so)."""
    from maglib import trial

    data = dataset()
    default_pairs = int(data.guidance_value("trial_default_pairs"))
    assert trial.smallest_p(default_pairs) > data.guidance_value("trial_alpha")
    at = run_page("journal")
    (label,) = [p.proto.label for p in at.get("page_link") if p.proto.page == "trial"]
    assert "firmer" in label and "long enough" in label
    assert "a firmer answer" not in label.lower()


@pytest.mark.parametrize("page", ["journal", "trial"])
def test_the_red_flag_for_pregnancy_comes_first_on_the_other_pages_too(page):
    """Adversarial review (2026-12-05): /journal and /trial put the signs of pre-eclampsia last for
    someone who said on /diet that she was pregnant (the dose plan put them first)."""
    at = run_page("diet", {"sex": "Female", "stage": "Pregnant", "age": "30"})
    at.switch_page(PAGES[page])
    at.query_params.clear()
    at.run()
    assert_clean(at)
    (flags,) = [w.value for w in at.warning if w.value.startswith("**See a doctor instead")]
    first = next(line for line in flags.splitlines() if line.startswith("- "))
    assert first.startswith("- If you are pregnant")
    plain = run_page(page)
    (flags,) = [w.value for w in plain.warning if w.value.startswith("**See a doctor instead")]
    assert next(line for line in flags.splitlines() if line.startswith("- ")).startswith("- Sudden weakness")


def test_the_dose_field_says_when_the_tabs_plan_gives_another_dose():
    """Stale-state review (2026-12-05): plan 150 mg, then 100 mg; the journal reached by the sidebar
    pre-filled 150 mg with no word that the plan now said 100."""
    from tests.conftest import PAGES

    at = run_page("schedule", {"screened": "true", "start": "2026-01-05", "weeks": "26", "start_mg": "100"})
    at.switch_page(PAGES["journal"])
    at.query_params.clear()
    at.query_params["dose_mg"] = "150"
    at.run()
    assert_clean(at)
    said = [c.value for c in at.caption if c.value.startswith("The dose plan in this tab gives")]
    assert said == [
        "The dose plan in this tab gives 100 mg for this night: change the field if that is what you take."
    ]
    same = run_page("journal", {"dose_mg": "150"})  # no plan in the tab: nothing to say
    assert not [c for c in same.caption if c.value.startswith("The dose plan in this tab gives")]


def test_an_upload_that_replaces_nights_says_so_and_can_put_them_back():
    """Input review (2026-12-05): three nights added and not downloaded were replaced by an uploaded
    file with only "Loaded 0 nights", and the leave warning then stayed off. The notice says how
    many nights the file replaced, and one button puts them back (as unsaved: the leave guard asks
    again); a later change of the journal ends the chance."""
    at = run_page("journal")
    for _ in range(3):
        _submit(at)
    mine = _table(at).copy()
    assert len(mine) == 3
    header_only = (",".join(journal.COLUMNS) + "\n").encode()
    _upload(at, "old.csv", header_only)
    assert_clean(at)
    assert _table(at).empty
    [said] = [w.value for w in at.warning if w.value.startswith("Loaded 0 nights from")]
    assert "**It replaced the 3 nights that were in this tab**" in said
    [undo] = [b for b in at.button if b.key == "journal_undo_upload"]
    assert undo.label == "Put back the 3 nights you had before"
    undo.click().run()
    assert_clean(at)
    assert journal.frames_equal(_table(at), mine)
    assert "Put back the 3 nights you had before." in " ".join(s.value for s in at.success)
    assert not [b for b in at.button if b.key == "journal_undo_upload"]
    # Unsaved again: they were not in the file (the leave guard reads "_1" from the state key).
    assert at.session_state["journal_saved_version"][0] != at.session_state["journal_rev"]
    # An upload, then a new night: no more putting back (it would lose the new night).
    _upload(at, "mine.csv", GOOD)
    assert [b for b in at.button if b.key == "journal_undo_upload"]
    _submit(at)
    assert not [b for b in at.button if b.key == "journal_undo_upload"]
    # Uploading over the example replaces nothing worth keeping.
    fresh = run_page("journal")
    fresh.button(key="journal_example").click().run()
    _upload(fresh, "mine.csv", GOOD)
    assert not [b for b in fresh.button if b.key == "journal_undo_upload"]
    assert "Loaded 6 nights" in " ".join(s.value for s in fresh.success)


def test_a_put_back_survives_the_same_file_again_a_second_file_the_example_and_an_empty_journal():
    """Adversarial review (2026-12-05): the same file uploaded again, or a second file, took away the
    put-back of nights typed before the first; "Load example journal" and "Start an empty journal"
    wiped nights not downloaded in one click."""
    at = run_page("journal")
    _submit(at)
    _submit(at)
    typed = _table(at).copy()
    _upload(at, "mine.csv", GOOD)
    _upload(at, "again.csv", GOOD)  # the same nights: nothing new replaced
    _upload(at, "other.csv", (",".join(journal.COLUMNS) + "\n").encode())  # a second file
    [undo] = [b for b in at.button if b.key == "journal_undo_upload"]
    assert undo.label == "Put back the 2 nights you had before"  # the typed ones, not the first file's
    at.button(key="journal_example").click().run()
    assert [b.label for b in at.button if b.key == "journal_undo_upload"] == [
        "Put back the 2 nights you had before"
    ]
    at.button(key="journal_undo_upload").click().run()
    assert journal.frames_equal(_table(at), typed)
    # One click on the example, or on an empty journal, over nights typed: they can be put back.
    for key in ("journal_example", "journal_clear"):
        page = run_page("journal")
        _submit(page)
        night = _table(page).copy()
        page.button(key=key).click().run()
        assert_clean(page)
        assert any("**It replaced the 1 night that was in this tab**" in w.value for w in page.warning)
        page.button(key="journal_undo_upload").click().run()
        assert journal.frames_equal(_table(page), night)


def test_an_upload_over_unsaved_table_edits_is_refused_and_changes_nothing():
    """Adversarial review (2026-12-05): an upload over the open table's edits lost them (the put-back
    restored the night without its edit). The upload is refused, nothing changes."""
    at = run_page("journal")
    _submit(at)
    _edit_table(at, {0: {"episodes": 7}})
    before = _table(at).copy()
    _upload(at, "mine.csv", GOOD)
    assert_clean(at)
    assert journal.frames_equal(_table(at), before)
    assert any(
        "was not loaded: the table below has changes that are not part of your journal yet" in e.value
        for e in at.error
    )
    assert not [b for b in at.button if b.key == "journal_undo_upload"]


def test_a_links_dose_above_the_limit_is_questioned_beside_the_field():
    """Clinician review (2026-12-05): /journal?dose_mg=1000 filled the field with no warning until a night
    was added; with no profile the default adult's 350 mg limit applies, and 350 itself is not questioned."""
    at = run_page("journal", {"dose_mg": "1000"})
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "**This field fills new nights with 1000 mg**, above the US upper limit" in warnings
    quiet = run_page("journal", {"dose_mg": "350"})
    assert "This field fills new nights" not in " ".join(w.value for w in [*quiet.warning, *quiet.error])


def test_a_journal_links_own_age_sets_the_limit_its_nights_are_checked_against():
    """Teen review (2026-12-06): /journal?age=6&dose_mg=200 checked the dose against an adult's 350 mg
    (the link's age unread), while the same age reached through the Dose plan page gave 110 mg."""
    at = run_page("journal", {"age": "6", "dose_mg": "200"})
    assert_clean(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "**This field fills new nights with 200 mg**, above your US upper limit" in warnings
    eu = run_page("journal", {"age": "6", "refs": "EU", "dose_mg": "200"})  # rule child_lowest_limit
    assert "**This field fills new nights with 200 mg**, above your US upper limit" in " ".join(
        w.value for w in eu.warning
    )
    adult = run_page("journal", {"age": "30", "dose_mg": "200"})
    assert "This field fills new nights" not in " ".join(w.value for w in [*adult.warning, *adult.error])
    # A link without an age gives no one's age (re-review, 2026-12-06: refs=EU made the default 45 a known
    # adult, "above your EU upper limit", and the words about children were lost).
    unknown = run_page("journal", {"refs": "EU", "dose_mg": "400"})
    said = " ".join(w.value for w in unknown.warning)
    assert "Limits are lower for children" in said and "above your" not in said


def test_from_75_without_a_plan_every_logged_dose_is_questioned():
    """Adversarial re-review (2026-12-05): an 80-year-old (age given on the Dose plan page, which made
    no plan: it waits for a normal kidney test) pre-filled 350 mg in the journal unquestioned."""
    at = run_page("schedule", {"age": "80"})
    at.switch_page(PAGES["journal"])
    at.run()
    assert_clean(at)
    # Beside the dose field before any night is added (GP review, 2026-12-05: only after an add, far below).
    assert any(
        e.value.startswith(
            "**Before you log a magnesium dose:** at 80 the Dose plan page makes no plan until"
        )
        for e in at.error
    )
    at.number_input(key="dose_mg").set_value(250).run()
    assert any("at 80 the Dose plan page makes no plan until you confirm" in e.value for e in at.error)
    younger = run_page("schedule", {"age": "74"})
    younger.switch_page(PAGES["journal"])
    younger.run()
    younger.number_input(key="dose_mg").set_value(250).run()
    assert not any("makes no plan until" in e.value for e in younger.error)
    assert not any("Before you log a magnesium dose" in e.value for e in younger.error)


def test_while_a_combinations_box_waits_every_logged_dose_is_questioned():
    """Rule combination_box_read (session 53's planning list): with "Candesartan Comp" unread on the Dose plan
    page (no plan), the journal pre-filled 250 mg and logged it without a word. Beside the dose field and
    after a night is added, the box's words now; once the box is read (and the plan made), they go."""
    at = schedule_with_box()
    at.switch_page(PAGES["journal"])
    at.run()
    assert_clean(at)
    words = safe.BOX_JOURNAL_WORDS
    assert any(
        e.value == f"**Before you log a magnesium dose:** {words.removeprefix('though ')}." for e in at.error
    )
    at.number_input(key="dose_mg").set_value(250).run()
    _submit(at)
    assert any(
        e.value.startswith(f"**1 night in your log records a magnesium dose**, {words}.") for e in at.error
    )
    read = schedule_with_box(read=True)
    read.switch_page(PAGES["journal"])
    read.run()
    assert_clean(read)
    assert not any("read the box" in e.value for e in [*read.error, *read.warning])


def test_a_name_typed_then_another_page_at_once_keeps_no_old_plan():
    """Re-review (session 54): a combination's name ("Micardis Comp") or a medicine whose prescriber must agree
    ("digoxin") typed on the Dose plan page, then a page link clicked in the same step (the field's change
    and the click reach the app together): the finder's callback ran, but the page that decides what waits
    did not, so /journal kept the old plan's limit and asked nothing. It now has no plan and questions every
    dose until the Dose plan page has run (rule answers_checked_first); then the box's words, or the
    prescriber's."""
    unchecked = (
        f"**Before you log a magnesium dose:** {safe.UNCHECKED_JOURNAL_WORDS.removeprefix('though ')}."
    )
    at = schedule_with_box(read=True)
    at.text_input(key="_schedule_find_medicine").input("Micardis Comp")
    at.switch_page(PAGES["journal"])
    at.run()
    assert_clean(at)
    assert unchecked in [e.value for e in at.error]
    at.switch_page(PAGES["schedule"])
    at.run()
    at.checkbox(key="kidney_test_normal").check().run()  # asked again on each visit to the page
    at.switch_page(PAGES["journal"])
    at.run()
    box = safe.BOX_JOURNAL_WORDS.removeprefix("though ")
    assert any(e.value == f"**Before you log a magnesium dose:** {box}." for e in at.error)

    other = run_page("schedule", {"age": "58", "sex": "Female"})
    other.checkbox(key="screened").check().run()
    assert other.dataframe
    other.text_input(key="_schedule_find_medicine").input("digoxin")
    other.switch_page(PAGES["journal"])
    other.run()
    assert_clean(other)
    assert unchecked in [e.value for e in other.error]
    for page in ("schedule", "journal"):
        other.switch_page(PAGES[page])
        other.run()
    waits = safe.prescriber_journal_words(["digoxin (heart medicine)"]).removeprefix("though ")
    assert f"**Before you log a magnesium dose:** {waits}." in [e.value for e in other.error]


def test_a_links_uk_values_do_not_lift_the_journals_limit():
    """Rule link_set_no_lift (pharmacist review, session 58): the UK values that came with a link question a
    logged 360 mg night at the US 350 mg until the reader confirms them; confirmed, at the UK's level (the
    366 mg hard maximum below its 400 mg)."""
    at = run_page("diet", {"refs": "UK", "age": "45", "sex": "Female"})
    _go(at, "journal")
    _upload(at, "mine.csv", _night_csv(360))
    warnings = " ".join(w.value for w in at.warning)
    assert "1 night in your log records more than 350 mg" in warnings
    mine = run_page("diet", {"refs": "UK", "age": "45", "sex": "Female"})
    mine.button(key="profile_own_refs").click().run()
    _go(mine, "journal")
    _upload(mine, "mine.csv", _night_csv(360))
    assert "records more than" not in " ".join(w.value for w in mine.warning)


def test_a_note_naming_a_red_flags_sign_brings_that_flag_forward():
    """Planning list (session 58): a note "left calf swollen and hot" or "palpitations" was saved
    without a word (rule journal_note_signs)."""
    at = run_page("journal")
    at.text_input(key="add_note").set_value("Left calf swollen and hot")
    _submit(at)
    assert_clean(at)
    [said] = [e.value for e in at.error if "A note names what can be a warning sign" in e.value]
    assert "`Left calf swollen and hot`" in said
    assert "Pain, swelling, warmth or redness in one calf or leg" in said
    assert "Get an urgent appointment with your GP" in said.replace("\\", "")
    # For an adult (no profile: not known), the child's flag is there only when its sign is named.
    assert "In a child" not in said
    # The example's notes name no sign; a note saying there is none brings no warning either.
    example = run_page("journal")
    example.button(key="journal_example").click().run()
    assert not [e for e in example.error if "warning sign" in e.value]
    calm = run_page("journal")
    calm.text_input(key="add_note").set_value("no swelling, slept well")
    _submit(calm)
    assert not [e for e in calm.error if "warning sign" in e.value]


def test_a_man_of_70s_note_does_not_bring_the_pregnancy_flag():
    at = run_page("schedule", {"age": "70", "sex": "Male"})
    _go(at, "journal")
    at.text_input(key="add_note").set_value("headache and blurred vision, palpitations")
    _submit(at)
    [said] = [e.value for e in at.error if "warning sign" in e.value]
    assert "pre-eclampsia" not in said and "pregnant" not in said
    assert "racing, pounding or irregular heartbeat" in said


def test_the_charts_caption_names_the_review_points_and_each_source_once():
    """New-user review (session 65): both review rows cite the same notes, and the caption said them twice."""
    at = run_page("journal")
    at.button(key="journal_example").click().run()
    assert_clean(at)
    (caption,) = [c.value for c in at.caption if c.value.startswith("Dots: each night.")]
    assert "First review after 4 weeks; Second review after 8 weeks (" in caption
    from maglib.provenance import citations

    (cited,) = citations(dataset(), "brief-guidance")
    assert caption.count(cited) == 1
