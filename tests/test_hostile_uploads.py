"""Hostile journal uploads and exports (issue 17, holes 6, 7 and 9).

6. Nothing from a file becomes a live link or markup in a message: the file
   name and every piece of file text are shown in code spans.
7. One upload limit — the uploader, the parser and the server agree.
9. Notes a spreadsheet would run as a formula are neutralised, also behind
   spaces and in full-width form; the .ics DTSTAMP is the creation time.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest

from maglib import journal

from .conftest import ROOT, assert_clean, run_page

HEADER = ",".join(journal.COLUMNS)
GOOD_ROW = "2026-01-05,1,3,,250,,"

LURES = ["https://evil.example/a", "[x](https://evil.example)", "www.evil.example", "<b>x</b>", "**bold**"]
BAD_FILES = {
    # name → bytes; each puts a lure in a different part of the error message
    "www.evil.example.csv": f"{HEADER}\nnot-a-date,1,3,,250,,\n",
    "[x](https://evil.example).csv": f"{HEADER}\n2026-01-05,https://evil.example/a,3,,250,,\n",
    "plain.csv": f"{HEADER}\n[x](https://evil.example),1,3,,250,,\n",
    "header.csv": "date,www.evil.example,severity\n",
    "measures.csv": f"{HEADER}\n2026-01-05,1,3,,250,**bold** www.evil.example,\n",
    "date.csv": f"{HEADER}\n<b>x</b>,1,3,,250,,\n",
}


def _outside_code(markdown: str) -> str:
    return re.sub(r"(`+).*?\1", "", markdown, flags=re.S)


def _assert_inert(markdown: str) -> None:
    outside = _outside_code(markdown)
    for needle in ("evil", "www.", "http", "[", "<b>", "**bold"):
        assert needle not in outside, (needle, markdown)


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_error_messages_put_file_text_in_code_spans(name):
    with pytest.raises(journal.JournalError) as err:
        journal.parse_csv(BAD_FILES[name].encode())
    text = journal.upload_error_markdown(name, err.value)
    _assert_inert(text)
    assert "could not be loaded" in text


def test_success_message_puts_the_file_name_in_a_code_span():
    text = journal.upload_loaded_markdown("[x](https://evil.example).csv", 3)
    _assert_inert(text)
    assert "3 nights" in text


@pytest.mark.parametrize("name", ["www.evil.example.csv", "[x](https://evil.example).csv"])
def test_upload_error_on_the_page_has_no_live_link(name):
    at = run_page("journal")
    at.file_uploader(key="journal_upload").set_value((name, BAD_FILES[name].encode(), "text/csv")).run()
    assert_clean(at)
    errors = [e.value for e in at.error if "could not be loaded" in e.value]
    assert len(errors) == 1
    _assert_inert(errors[0])


# --- hole 7: one upload limit -----------------------------------------------------------------


def test_one_upload_limit_for_uploader_parser_and_server():
    assert journal.MAX_FILE_BYTES == 1_000_000
    at = run_page("journal")
    (uploader,) = [u for u in at.get("file_uploader") if u.proto.id.endswith("journal_upload")]
    # Streamlit's browser check counts a megabyte as 1,000,000 bytes.
    assert uploader.proto.max_upload_size_mb * 1_000_000 == journal.MAX_FILE_BYTES
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    # The server refuses bodies over maxUploadSize MiB at the endpoint (no browser involved);
    # the parser refuses anything between 1,000,000 bytes and that.
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= journal.MAX_FILE_BYTES
    assert config["server"]["maxUploadSize"] <= 2


def test_the_parser_refuses_one_byte_over_the_limit():
    body = (HEADER + "\n" + GOOD_ROW + "\n").encode()
    exact = body + b"\n" * (journal.MAX_FILE_BYTES - len(body))  # blank lines are skipped
    assert len(exact) == journal.MAX_FILE_BYTES
    journal.parse_csv(exact)
    with pytest.raises(journal.JournalError, match="at most 1 MB"):
        journal.parse_csv(exact + b"\n")


# --- hole 9: formula neutralisation -------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    ["=1+2", " =1+2", "\u3000=1+2", "\xa0=HYPERLINK(1)", "＝1+2", "＋1", "－1", "＠SUM(A1)", "  @x", "\t=1"],
)
def test_formula_notes_are_neutralised_and_restored(note):
    cell = journal.neutralise_note(note)
    assert cell.startswith("'"), cell
    assert journal.restore_note(cell) == note


@pytest.mark.parametrize("note", ["", "Slept well", "  two spaces first", "'quoted'", "1-2 cramps"])
def test_plain_notes_are_left_alone(note):
    assert journal.neutralise_note(note) == note
    assert journal.restore_note(note) == note


# --- hole 9: the .ics DTSTAMP is when the file was made, not the plan's start ------------------


def test_ics_dtstamp_is_the_creation_time():
    from icalendar import Calendar

    from maglib.calendar_export import ics_bytes
    from tests.test_schedule import plan_for

    plan = plan_for()
    created = dt.datetime(2026, 12, 2, 3, 45, 7, tzinfo=dt.UTC)
    raw = ics_bytes(plan, created=created)
    events = list(Calendar.from_ical(raw).walk("VEVENT"))
    assert events
    assert {e.decoded("DTSTAMP") for e in events} == {created}
    # Same plan, same creation time: same bytes (UIDs stay stable, so a re-import updates).
    assert ics_bytes(plan, created=created) == raw
    later = ics_bytes(plan, created=created + dt.timedelta(days=1))
    uids = [str(e["UID"]) for e in events]
    assert uids == [str(e["UID"]) for e in Calendar.from_ical(later).walk("VEVENT")]


def test_ics_dtstamp_defaults_to_now_in_utc():
    from icalendar import Calendar

    from maglib.calendar_export import ics_bytes
    from tests.test_schedule import plan_for

    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamps = {e.decoded("DTSTAMP") for e in Calendar.from_ical(ics_bytes(plan_for())).walk("VEVENT")}
    after = dt.datetime.now(dt.UTC)
    assert len(stamps) == 1 and before <= stamps.pop() <= after
