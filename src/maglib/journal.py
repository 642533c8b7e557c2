"""The symptom journal: its columns, CSV in and out, and "did it help?".

One row per night. The journal never leaves the person's browser session
except as a CSV they download themselves, so this module is the whole
contract of that file:

* :func:`parse_csv` turns uploaded bytes into a journal frame, or raises
  :class:`JournalError` naming the row and column of the first problem.
* :func:`to_csv` writes the frame back; a file written by :func:`to_csv`
  parses back to an equal frame (the round trip is lossless). Free-text notes
  that a spreadsheet would run as a formula get a leading apostrophe, which
  :func:`parse_csv` strips again.
* :func:`check_frame` validates what the table editor hands back.
* :func:`analyse` compares the nights before the first dose with the latest
  nights on magnesium (medians and a seeded bootstrap interval).

Row numbers count data rows from 1 (the header is not a row), as in
:mod:`maglib.data`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from maglib.links import Param, code_span, escape_markdown, shown_value
from maglib.safety import note_names_symptom, note_signs

__all__ = [
    "AFTER_NIGHTS",
    "ANALYSIS_COLUMNS",
    "BOOTSTRAP_SEED",
    "CAVEAT_EVIDENCE_ID",
    "CHART_COLUMNS",
    "COLUMNS",
    "COLUMN_HELP",
    "EPISODES_MAX",
    "MAGNESIUM_FIELD_HELP",
    "MAGNESIUM_MG_MAX",
    "MAX_FILE_BYTES",
    "MAX_NIGHTS",
    "MEASURES",
    "METRICS",
    "MIN_BASELINE_NIGHTS",
    "NOTE_MAX_CHARS",
    "NOTE_SIGNS_LIMITS",
    "NOTE_SIGN_NIGHTS_SHOWN",
    "PARAMS",
    "WASHOUT_NIGHTS",
    "Analysis",
    "Checkpoint",
    "FlagText",
    "JournalError",
    "add_night",
    "added_markdown",
    "analyse",
    "caveat_evidence",
    "check_frame",
    "checkpoints",
    "early_note",
    "edited_future_nights",
    "empty_journal",
    "every_dose_warning",
    "example_dose_mg",
    "example_journal",
    "first_dose_date",
    "frames_equal",
    "future_nights",
    "future_nights_markdown",
    "high_dose_nights",
    "high_dose_warning",
    "is_future",
    "neutralise_note",
    "next_night",
    "night_dates",
    "note_signs_warning",
    "parse_csv",
    "prefill_dose_warning",
    "restore_note",
    "rolling_average",
    "sorted_values",
    "to_csv",
    "upload_error_markdown",
    "upload_loaded_markdown",
    "window_average",
    "worsening",
]

#: Column order of the journal (and of its CSV file).
COLUMNS: tuple[str, ...] = (
    "date",
    "episodes",
    "severity",
    "sleep_quality",
    "magnesium_mg",
    "measures",
    "note",
)

#: The columns :func:`analyse` reads (a smaller, hashable frame to cache on).
ANALYSIS_COLUMNS: tuple[str, ...] = ("date", "episodes", "severity", "magnesium_mg")

#: The columns the chart reads.
CHART_COLUMNS: tuple[str, ...] = ("date", "episodes", "severity", "sleep_quality", "magnesium_mg")

#: What each column holds, for messages and the editor's help text.
COLUMN_HELP: dict[str, str] = {
    "date": "the night, as YYYY-MM-DD: the date of the evening it began (one row per night)",
    "episodes": "twitch or cramp episodes that night (whole number)",
    "severity": "the worst episode, 0 (none) to 10 (worst imaginable)",
    "sleep_quality": "1 (very poor) to 5 (very good); may be left empty",
    # The supplement tried, for this night (statistician and pharmacist reviews, 2026-12-06: "that day"
    # put a dose at 00:30 on the next row; a daily multivitamin logged from the first night left no
    # nights before the first dose to compare with).
    "magnesium_mg": "magnesium from the supplement you are trying, in mg (0 if none): the dose for this "
    "night, after midnight too; leave out a multivitamin or antacid, as the comparison starts at the "
    "first night above 0",
    "measures": "other things tried or done, separated by ';'",
    "note": "anything else, up to 500 characters",
}

#: The add-a-night form's help on its magnesium field (the column's help as a sentence).
MAGNESIUM_FIELD_HELP = COLUMN_HELP["magnesium_mg"][:1].upper() + COLUMN_HELP["magnesium_mg"][1:] + "."

EPISODES_MAX = 100
SEVERITY_MIN, SEVERITY_MAX = 0, 10
SLEEP_MIN, SLEEP_MAX = 1, 5
#: A sanity bound for typing mistakes (an extra zero), not a dose limit:
#: the safe limit is the dose plan's business (data/guidance.csv, the UL).
MAGNESIUM_MG_MAX = 2000
NOTE_MAX_CHARS = 500
MG_DECIMALS = 2
#: Ten years of nights; more is not a journal a person typed.
MAX_NIGHTS = 3660
#: The one upload limit (issue 17): the uploader's ``max_upload_size=1`` (Streamlit's browser check
#: counts 1 MB as 1,000,000 bytes) and this parser; the server's ``server.maxUploadSize = 1``
#: (MiB, checked at the upload endpoint) sits just above it, so the parser is the last word.
MAX_FILE_BYTES = 1_000_000
DATE_MIN = dt.date(1990, 1, 1)
DATE_MAX = dt.date(2100, 12, 31)

#: The fixed vocabulary of the ``measures`` column (the non-supplement
#: measures and evening habits the dose plan talks about, plus two confounders).
MEASURES: tuple[str, ...] = (
    "stretching",
    "warm bath",
    "massage",
    "exercise",
    "caffeine after 2 pm",
    "alcohol",
    "nicotine",
    "new medicine",
)

#: Chartable columns: label shown on the page → column name.
METRICS: dict[str, str] = {
    "Episodes": "episodes",
    "Severity": "severity",
    "Sleep quality": "sleep_quality",
}

#: "Did it help?" needs this many nights before the first dose…
#: (These three equal guidance.csv's journal_* rows, source app-journal-design; a test keeps them
#: equal, so the numbers the page states are the data's.)
MIN_BASELINE_NIGHTS = 7
#: …and compares them with this many latest nights on magnesium.
AFTER_NIGHTS = 14
#: Nights without magnesium after a few early doses that make them a try, not the course's start (see
#: first_dose_date): the on/off trial's washout week (guidance.csv trial_washout_nights).
WASHOUT_NIGHTS = 7
BOOTSTRAP_RESAMPLES = 4000
#: Fixed so the same journal always gives the same interval.
BOOTSTRAP_SEED = 20200901

PARAMS: tuple[Param, ...] = (
    # Pre-fills new rows with the planned dose; /schedule links here with it.
    Param("dose_mg", "int", 0, min_value=0, max_value=MAGNESIUM_MG_MAX),
    Param(
        "metrics",
        "multi",
        ("Episodes", "Severity"),
        options=tuple(METRICS),
        max_items=len(METRICS),
    ),
)

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_INT_RE = re.compile(r"^[+-]?\d{1,12}(\.0*)?$", re.ASCII)
_NUMBER_RE = re.compile(r"^[+-]?(\d{1,12}(\.\d*)?|\.\d+)$", re.ASCII)
#: A cell a spreadsheet would evaluate (OWASP "CSV injection"): these leading
#: characters, possibly behind apostrophes we added earlier.
#: Also behind leading spaces (some spreadsheets trim them on import) and in the full-width
#: forms ＝ ＋ － ＠ (East Asian spreadsheets read them as = + - @).
_FORMULA_TAIL = r"[\s\u3000\xa0]*[=+\-@\t\r\n＝＋－＠]"
_FORMULA_RE = re.compile(r"^'*" + _FORMULA_TAIL)
_GUARDED_RE = re.compile(r"^'+" + _FORMULA_TAIL)


class JournalError(ValueError):
    """A journal file or table that cannot be used, with where and why.

    ``row`` counts data rows from 1 (``None`` for whole-file problems);
    ``line`` is the line in the file where that row starts (``None`` for
    tables from the editor).
    """

    def __init__(
        self,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
    ) -> None:
        self.problem = problem
        self.row = row
        self.column = column
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """``Row 3 (line 4), column 'episodes': …`` — plain text, no markup."""
        where: list[str] = []
        if self.row is not None:
            where.append(f"Row {self.row}" + (f" (line {self.line})" if self.line is not None else ""))
        elif self.line is not None:
            where.append(f"Line {self.line}" + (" (the header)" if self.line == 1 else ""))
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}" if where else self.problem


_QUOTED = re.compile(r"'([^']*)'")


def _inert_markdown(text: str) -> str:
    """Plain message text as Markdown: every quoted piece (file text, see :func:`_short`) in a
    code span — escaping alone still lets ``www.x.example`` or ``https://…`` become a live link."""
    parts = _QUOTED.split(text)
    return "".join(
        code_span(part) if index % 2 else escape_markdown(part) for index, part in enumerate(parts)
    )


def upload_error_markdown(file_name: str, error: JournalError) -> str:
    """The message for an upload that could not be read: the file name and every piece of the
    file in code spans (shown literally: no link, emphasis or markup)."""
    return (
        f"{code_span(_short(file_name, 60))} could not be loaded — {_inert_markdown(error.message)}\n\n"
        "The journal in this tab was kept exactly as it was."
    )


def upload_loaded_markdown(file_name: str, nights: int) -> str:
    """The message for an upload that was read."""
    return f"Loaded {nights} night{'' if nights == 1 else 's'} from {code_span(_short(file_name, 60))}."


# --------------------------------------------------------------------------- cells


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _as_date(value: object) -> dt.date:
    if _blank(value):
        raise ValueError("a date is required")
    if isinstance(value, pd.Timestamp | dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        parsed = value
    else:
        text = str(value).strip()
        if not _DATE_RE.match(text):
            raise ValueError(
                f"'{_short(text)}' is not a date in the form YYYY-MM-DD; in a spreadsheet, format the "
                "date column as YYYY-MM-DD (or as text) before saving as CSV"
            )
        try:
            parsed = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{_short(text)}' is not a real calendar date") from None
    if not DATE_MIN <= parsed <= DATE_MAX:
        raise ValueError(f"{parsed.isoformat()} is outside {DATE_MIN.year}–{DATE_MAX.year}")
    return parsed


class _DottedThousands(str):
    """A number cell of a ';'-separated file written like "1.000": a thousands separator in most
    European spreadsheets (one thousand), a decimal point in some (one); refused, never guessed."""


class _CommaThousands(str):
    """A number cell of a ';'-separated file written like "1,000": a decimal comma there (one), but
    a thousands separator to anyone who writes "1,000 mg" (one thousand); refused, never guessed."""


def _as_number(value: object, *, integer: bool, low: float, high: float, what: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, _DottedThousands):
        # Input review (2026-12-05): "1.000" in such a file was read as 1 mg, so a 1,000 mg night
        # (above the upper limit) hid the high-dose warning.
        raise ValueError(
            f"'{_short(value.strip())}' is not clear in a file with ';' between cells: the point may separate "
            f"thousands ({value.replace('.', '').strip()}) or be a decimal point; write it without the point, "
            "or with a decimal comma (1,5)"
        )
    if isinstance(value, _CommaThousands):
        # Adversarial review (2026-12-05): "1,000" in such a file was read as 1 mg.
        raise ValueError(
            f"'{_short(value.strip())}' is not clear in a file with ';' between cells: the comma may separate "
            f"thousands ({value.replace(',', '').strip()}) or be a decimal comma; write it without the comma, "
            "or with fewer than three decimals (1,5)"
        )
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        shown = str(value)
    else:
        text = str(value).strip()
        shown = _short(text)
        pattern = _INT_RE if integer else _NUMBER_RE
        if not pattern.match(text):
            kind = "a whole number" if integer else "a number"
            if _DECIMAL_COMMA.match(text):
                point = _DECIMAL_COMMA.sub(r"\1.\2", text)
                if _THOUSANDS_COMMA.match(text):
                    # "1,000" may be one thousand: never advise the point that makes it 1 (input
                    # review, 2026-12-05: the advice logged a 1,000 mg night as 1 mg).
                    raise ValueError(
                        f"'{shown}' is not {kind}: if the comma separates thousands, write it without "
                        f"the comma ({text.replace(',', '').strip()}); if it is a decimal comma, write "
                        f"it with a decimal point ({point})"
                    )
                raise ValueError(
                    f"'{shown}' is not {kind}: write it with a decimal point ({point}), or save the "
                    "file from a spreadsheet set to a European locale (cells separated by ';')"
                )
            raise ValueError(f"'{shown}' is not {kind}")
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"'{shown}' is not a finite number")
    if integer and not number.is_integer():
        raise ValueError(f"'{shown}' is not a whole number")
    if number < low:
        raise ValueError(f"{shown} is below {_fmt(low)} (allowed: {what})")
    if number > high:
        raise ValueError(f"{shown} is above {_fmt(high)} (allowed: {what})")
    return number


def _as_int(value: object, low: int, high: int, what: str) -> int:
    if _blank(value):
        raise ValueError("a value is required here but the cell is empty")
    return int(_as_number(value, integer=True, low=low, high=high, what=what))


def _as_optional_int(value: object, low: int, high: int, what: str) -> int | None:
    return None if _blank(value) else _as_int(value, low, high, what)


def _as_mg(value: object) -> float:
    if _blank(value):
        raise ValueError("a value is required here (0 if no magnesium was taken)")
    number = _as_number(
        value, integer=False, low=0, high=MAGNESIUM_MG_MAX, what=f"0 to {MAGNESIUM_MG_MAX} mg"
    )
    # Kept to 0.01 mg: finer is noise, and it keeps the CSV free of exponents.
    return round(number, MG_DECIMALS) + 0.0


def _as_measures(value: object) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, str):
        items = [part.strip() for part in value.split(";")]
        items = [item for item in items if item]
    elif isinstance(value, Iterable):
        items = [str(item).strip() for item in value if not _blank(item)]
    else:
        raise ValueError(f"'{_short(str(value))}' is not a list of measures")
    unknown = [item for item in items if item not in MEASURES]
    if unknown:
        raise ValueError(f"'{_short(unknown[0])}' is not one of: {', '.join(MEASURES)}")
    if len(set(items)) != len(items):
        raise ValueError("a measure is listed twice")
    return items


def _as_note(value: object) -> str:
    # Whitespace is kept as typed (only a truly missing note is ""), so the
    # CSV round trip is exact.
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value)
    if len(text) > NOTE_MAX_CHARS:
        raise ValueError(f"the note has {len(text)} characters (at most {NOTE_MAX_CHARS})")
    if "\x00" in text:
        raise ValueError("the note contains a NUL character")
    if _SURROGATE.search(text):
        # Cannot be written as UTF-8 (the CSV download, the Arrow table in the browser).
        raise ValueError("the note contains a character that is not valid text (a lone UTF-16 surrogate)")
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def _short(text: str, limit: int = 30) -> str:
    # A straight quote inside would end the quoted piece early (upload_error_markdown splits on them).
    printable = "".join(ch if ch.isprintable() else "?" for ch in text).replace("'", "’")
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


_CONVERTERS: dict[str, Any] = {
    "date": _as_date,
    "episodes": lambda v: _as_int(v, 0, EPISODES_MAX, f"0 to {EPISODES_MAX}"),
    "severity": lambda v: _as_int(v, SEVERITY_MIN, SEVERITY_MAX, f"{SEVERITY_MIN} to {SEVERITY_MAX}"),
    "sleep_quality": lambda v: _as_optional_int(v, SLEEP_MIN, SLEEP_MAX, f"{SLEEP_MIN} to {SLEEP_MAX}"),
    "magnesium_mg": _as_mg,
    "measures": _as_measures,
    "note": _as_note,
}


# --------------------------------------------------------------------------- frames


def empty_journal() -> pd.DataFrame:
    """A journal with no nights, with the right columns and dtypes."""
    return _frame([])


def _frame(records: Sequence[dict[str, object]]) -> pd.DataFrame:
    """Build the canonical frame: dates as ``datetime.date``, counts as Int64,
    ``magnesium_mg`` as float, ``measures`` as lists of strings, notes as str."""
    columns = {name: [record[name] for record in records] for name in COLUMNS}
    return pd.DataFrame(
        {
            "date": pd.Series(columns["date"], dtype=object),
            "episodes": pd.Series(columns["episodes"], dtype="Int64"),
            "severity": pd.Series(columns["severity"], dtype="Int64"),
            "sleep_quality": pd.Series(columns["sleep_quality"], dtype="Int64"),
            "magnesium_mg": pd.Series(columns["magnesium_mg"], dtype="float64"),
            "measures": pd.Series(columns["measures"], dtype=object),
            "note": pd.Series(columns["note"], dtype=object),
        }
    )


def _check_rows(
    rows: Iterable[tuple[int, int | None, dict[str, object]]],
) -> pd.DataFrame:
    """Convert every cell; raise the first problem (in row, then column order)."""
    records: list[dict[str, object]] = []
    seen: dict[dt.date, int] = {}
    for row, line, cells in rows:
        record: dict[str, object] = {}
        for name in COLUMNS:
            try:
                record[name] = _CONVERTERS[name](cells.get(name))
            except ValueError as exc:
                raise JournalError(str(exc), row=row, column=name, line=line) from None
        night = record["date"]
        assert isinstance(night, dt.date)
        if night in seen:
            raise JournalError(
                f"{night.isoformat()} is already row {seen[night]} (one row per night)",
                row=row,
                column="date",
                line=line,
            )
        seen[night] = row
        records.append(record)
        if len(records) > MAX_NIGHTS:
            raise JournalError(f"more than {MAX_NIGHTS} nights; split the file", row=row, line=line)
    return _frame(records)


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a table (e.g. what ``st.data_editor`` returns) into a journal.

    Returns the canonical frame (fresh index, canonical dtypes); raises
    :class:`JournalError` for the first bad cell, rows counted from 1 in the
    table's current order.
    """
    missing = [name for name in COLUMNS if name not in frame.columns]
    if missing:
        raise JournalError(f"missing column '{missing[0]}'", column=missing[0])
    records = frame[list(COLUMNS)].to_dict("records")
    return _check_rows((position + 1, None, record) for position, record in enumerate(records))


def parse_csv(raw: bytes) -> pd.DataFrame:
    """Read a journal CSV (as written by :func:`to_csv`) from bytes.

    Returns the canonical frame in file order; raises :class:`JournalError`
    for the first problem: size, encoding, header, a malformed line, or a bad
    cell (naming the row, its line in the file and the column).
    """
    if len(raw) > MAX_FILE_BYTES:
        raise JournalError(
            f"the file is {len(raw):,} bytes; a journal file can be at most 1 MB ({MAX_FILE_BYTES:,} bytes)"
        )
    if not raw.strip():
        raise JournalError(
            "the file is empty; a journal file starts with the header line " + ",".join(COLUMNS)
        )
    # The byte-order mark taken off first: a UnicodeDecodeError's position is then a position in
    # ``body`` (with "utf-8-sig" it was 3 bytes short, and the message named the wrong byte).
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _encoding_error(body, exc) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise JournalError("contains a NUL byte; this is not a text CSV file", line=line)
    european = _is_european(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if european else ",", strict=True)
    try:
        header = next(reader, None)
        if header is None:  # pragma: no cover - raw.strip() above rules this out
            raise JournalError("the file is empty")
        names = [cell.strip() for cell in header]
        if names:
            names[0] = _without_marks(names[0])
        _check_header(names)
        rows: list[tuple[int, int | None, dict[str, object]]] = []
        start = reader.line_num + 1
        position = 0
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not cells:
                continue  # a blank line (often the last one)
            position += 1
            if len(cells) != len(names):
                raise JournalError(
                    f"has {len(cells)} cells but the header has {len(names)}",
                    row=position,
                    line=line,
                )
            record: dict[str, object] = dict(zip(names, cells, strict=True))
            record["note"] = restore_note(str(record["note"]))
            if european:
                record = _from_european(record)
            rows.append((position, line, record))
            if len(rows) > MAX_NIGHTS:
                raise JournalError(f"more than {MAX_NIGHTS} nights; split the file", row=position, line=line)
    except csv.Error as exc:
        raise JournalError(f"not well-formed CSV ({exc})", line=reader.line_num) from None
    return _check_rows(rows)


def _is_european(text: str) -> bool:
    """Is this a journal saved by a spreadsheet set to a European locale?

    Such a spreadsheet separates cells with semicolons (the comma is its decimal mark): the
    header line then names the journal's columns when split at ';' and not when split at ','.
    """
    first = text.split("\n", 1)[0].strip("\r")
    by_semicolon = [cell.strip().strip('"') for cell in first.split(";")]
    return len(by_semicolon) > 1 and set(by_semicolon) <= set(COLUMNS) and "," not in first


_DECIMAL_COMMA = re.compile(r"^\s*([+-]?\d+),(\d+)\s*$", re.ASCII)
#: "1,000" or "12,500": the comma may separate thousands.
_THOUSANDS_COMMA = re.compile(r"^\s*[+-]?[1-9]\d{0,2}(,\d{3})+\s*$", re.ASCII)
#: "1.000" or "1.500.000" in a ';'-separated file: the point may separate thousands.
_DOTTED_THOUSANDS = re.compile(r"^\s*[+-]?[1-9]\d{0,2}(\.\d{3})+\s*$", re.ASCII)
_DOTTED_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$", re.ASCII)


def _from_european(record: dict[str, object]) -> dict[str, object]:
    """One row of a European-locale file in the journal's own notation: decimal commas become
    points (250,5 → 250.5) and day.month.year dates become YYYY-MM-DD (02.12.2026 → 2026-12-02)."""
    out = dict(record)
    for name in ("episodes", "severity", "sleep_quality", "magnesium_mg"):
        value = out.get(name)
        if isinstance(value, str):
            out[name] = (
                _DottedThousands(value)
                if _DOTTED_THOUSANDS.match(value)
                else _CommaThousands(value)
                if _THOUSANDS_COMMA.match(value)
                else _DECIMAL_COMMA.sub(r"\1.\2", value)
            )
    date = out.get("date")
    if isinstance(date, str) and (match := _DOTTED_DATE.match(date)):
        day, month, year = match.groups()
        out["date"] = f"{year}-{int(month):02d}-{int(day):02d}"
    return out


_BAD_BYTE = re.compile("[\udc80-\udcff]")


#: A byte-order mark as text, and as a program that read the file in Windows-1252 and saved it
#: again as UTF-8 writes it (adversarial review, 2026-12-05: "unknown column 'ï»¿date'").
_MARKS = ("\ufeff", "ï»¿")


def _without_marks(name: str) -> str:
    """The first header cell without the byte-order marks a re-saved file may carry before it."""
    while name.startswith(_MARKS):
        name = name.removeprefix("\ufeff").removeprefix("ï»¿")
    return name


def _encoding_error(raw: bytes, exc: UnicodeDecodeError) -> JournalError:
    """``raw``: the file without its byte-order mark, ``exc`` the error decoding it. Locate the first byte that is not UTF-8 by row and column where the file
    still reads as CSV (bad bytes decode to lone surrogates, which valid text
    cannot contain), else by line."""
    # Excel's plain "CSV (Comma delimited)" saves accents in the computer's own code page
    # (adversarial review, 2026-12-05): name the format that keeps them.
    advice = (
        f"byte {raw[exc.start]:#04x} is not UTF-8 text; save the journal as a UTF-8 CSV file (in Excel: "
        "“CSV UTF-8 (Comma delimited)”)"
    )
    line = raw[: exc.start].count(b"\n") + 1
    text = raw.decode("utf-8", errors="surrogateescape")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = next(reader, [])
        if any(_BAD_BYTE.search(cell) for cell in header):
            return JournalError(advice, line=1)
        names = [cell.strip() for cell in header]
        position = 0
        start = reader.line_num + 1
        for cells in reader:
            row_line, start = start, reader.line_num + 1
            if not cells:
                continue
            position += 1
            for index, cell in enumerate(cells):
                if _BAD_BYTE.search(cell):
                    column = _short(names[index]) if index < len(names) else None
                    return JournalError(advice, row=position, column=column, line=row_line)
    except csv.Error:
        pass
    return JournalError(advice, line=line)


def _check_header(names: list[str]) -> None:
    expected = ",".join(COLUMNS)
    for name in names:
        if name not in COLUMNS:
            raise JournalError(
                f"unknown column '{_short(name)}'; the header line must be {expected}",
                column=_short(name),
                line=1,
            )
    for name in COLUMNS:
        if name not in names:
            raise JournalError(
                f"required column '{name}' is missing; the header line must be {expected}",
                column=name,
                line=1,
            )
    if len(set(names)) != len(names):
        repeated = next(name for name in names if names.count(name) > 1)
        raise JournalError(f"column '{repeated}' appears twice in the header", column=repeated, line=1)


def neutralise_note(note: str) -> str:
    """The note as written to CSV: a leading apostrophe if a spreadsheet would
    run it as a formula (starts with ``= + - @``, tab or CR — also behind
    apostrophes, so :func:`restore_note` can always undo it)."""
    return "'" + note if _FORMULA_RE.match(note) else note


def restore_note(cell: str) -> str:
    """Undo :func:`neutralise_note` (the exact inverse on its outputs)."""
    return cell[1:] if _GUARDED_RE.match(cell) else cell


def _mg_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def to_csv(frame: pd.DataFrame) -> bytes:
    """The journal as UTF-8 CSV bytes with a byte-order mark (header :data:`COLUMNS`, file order kept).

    The mark tells Excel the file is UTF-8 (input review, 2026-12-05: without it an accented note,
    "crampe à 3h", opened as "crampe Ã  3h"), as the plan's CSV files have; :func:`parse_csv`
    reads a file with or without it.

    Expects a frame from :func:`parse_csv`, :func:`check_frame` or
    :func:`add_night`; ``parse_csv(to_csv(f))`` equals ``f``.
    """
    out = io.StringIO(newline="")
    # CRLF (RFC 4180): the writer then also quotes a note holding a lone "\r".
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in frame[list(COLUMNS)].to_dict("records"):
        night = record["date"]
        sleep = record["sleep_quality"]
        writer.writerow(
            [
                night.isoformat() if isinstance(night, dt.date) else "",
                "" if _blank(record["episodes"]) else str(int(record["episodes"])),
                "" if _blank(record["severity"]) else str(int(record["severity"])),
                "" if _blank(sleep) else str(int(sleep)),
                "" if _blank(record["magnesium_mg"]) else _mg_text(float(record["magnesium_mg"])),
                ";".join(_as_measures(record["measures"])) if not _blank_list(record["measures"]) else "",
                neutralise_note(_as_note(record["note"])),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _blank_list(value: object) -> bool:
    if isinstance(value, list | tuple | np.ndarray):
        return len(value) == 0
    return _blank(value)


def frames_equal(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    """Whether two journals hold the same nights in the same order."""
    if len(left) != len(right):
        return False
    return _records(left) == _records(right)


def _records(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    out = []
    for record in frame[list(COLUMNS)].to_dict("records"):
        out.append(
            tuple(
                tuple(value)
                if isinstance(value, list | tuple | np.ndarray)
                else (None if _blank(value) and not isinstance(value, str) else value)
                for value in record.values()
            )
        )
    return out


def next_night(frame: pd.DataFrame, latest: dt.date, *, back_fill: bool = True) -> dt.date:
    """The night a new row is most likely for (``latest``: the night a log written now is about,
    :func:`maglib.clock.night_to_log`): ``latest`` if it is not logged yet. If it is: with
    ``back_fill`` (right after the person added a night) the latest night before it that is not
    logged, so nights can be added one after another back in time; without (a journal just
    uploaded, loaded or started) the latest night before it that is not logged since the journal's
    first night, else the first night after ``latest`` that is not logged, the next to come (phone
    review, 2026-12-04: after an upload of 10 November to 3 December the field offered 9 November,
    before the journal began). A night that has not begun is only ever added on purpose
    (:func:`is_future`)."""
    taken = set(frame["date"]) if not frame.empty else set()
    night = latest
    while night in taken and night > DATE_MIN:
        night -= dt.timedelta(days=1)
    if back_fill or (night not in taken and (night == latest or night > min(taken))):
        return night
    # Every night from the journal's first to ``latest`` is logged: the first night after ``latest``
    # that is not (adversarial review, 2026-12-04: a file running past ``latest`` got a logged night).
    night = latest + dt.timedelta(days=1)
    while night in taken:
        night += dt.timedelta(days=1)
    return night


def is_future(night: object, latest: dt.date) -> bool:
    """Is this night after ``latest``, the latest night that has begun on the person's clock
    (:func:`maglib.clock.night_to_log`)? Such a night has not begun yet."""
    return isinstance(night, dt.date) and night > latest


def future_nights(frame: pd.DataFrame, latest: dt.date) -> list[dt.date]:
    """The journal's nights that have not begun yet (after ``latest``), in date order."""
    return sorted(day for day in frame["date"] if is_future(day, latest))


def edited_future_nights(before: pd.DataFrame, after: pd.DataFrame, latest: dt.date) -> list[dt.date]:
    """The nights of ``after`` (the journal as edited in its table) that have not begun yet and
    were not such nights of ``before`` (the journal before the edits), in date order: a date typed
    into the table, which no "has not begun yet" question asked about."""
    known = set(future_nights(before, latest))
    return [day for day in future_nights(after, latest) if day not in known]


def future_nights_markdown(
    nights: Sequence[dt.date], shown: int = 3, *, where: Literal["file", "table"] = "file"
) -> str:
    """Names nights that have not begun yet (an uploaded file's, or typed into the table: ``where``
    is ``"file"`` or ``"table"``), so the person can check them."""
    count = len(nights)
    names = ", ".join(f"{day:%d %B %Y}" for day in nights[:shown]) + (", …" if count > shown else "")
    its = "their dates" if count != 1 else "its date"
    tail = (
        f"check {its} in the table (**Edit or see all nights**)."
        if where == "table"
        else f"check {its}, or fix {'them' if count != 1 else 'it'} in the table (**Edit or see all nights**)."
    )
    return (
        f"**{count} night{'s' if count != 1 else ''} in the {where} {'have' if count != 1 else 'has'} not "
        f"begun yet** ({names}): {tail}"
    )


def add_night(frame: pd.DataFrame, night: dict[str, object]) -> pd.DataFrame:
    """The journal with one more night appended (validated like an upload).

    Raises :class:`JournalError` if the night is invalid or its date is taken.
    """
    # The journal is already valid (it was checked when loaded, added to or edited):
    # check only the new row, and that its night is not taken.
    row = len(frame) + 1
    if row > MAX_NIGHTS:
        raise JournalError(f"more than {MAX_NIGHTS} nights; split the file", row=row)
    record: dict[str, object] = {}
    for name in COLUMNS:
        try:
            record[name] = _CONVERTERS[name](night.get(name))
        except ValueError as exc:
            raise JournalError(str(exc), row=row, column=name) from None
    taken = [position for position, day in enumerate(frame["date"], start=1) if day == record["date"]]
    if taken:
        raise JournalError(
            f"{record['date'].isoformat()} is already row {taken[0]} (one row per night)",  # type: ignore[attr-defined]
            row=row,
            column="date",
        )
    if frame.empty:
        return _frame([record])
    return pd.concat([frame[list(COLUMNS)], _frame([record])], ignore_index=True)


# --------------------------------------------------------------------------- charts data


def first_dose_date(frame: pd.DataFrame) -> dt.date | None:
    """The first night of the course of magnesium the journal compares, or None without a dose.

    That is the first night with magnesium above 0 mg, unless a few earlier doses (fewer than
    :data:`MIN_BASELINE_NIGHTS` nights with magnesium in all) were followed by at least
    :data:`WASHOUT_NIGHTS` logged nights without it: those were a try, not the start (statistician review,
    2026-12-06: one stray dose on the first night left 14 clean nights after it out of every baseline, for
    good). Once the earlier doses are that many, the course began with them, whatever gap follows (nights
    after a week or more of magnesium are not "before magnesium"; re-review: counted per run, four short
    tries of 6 nights made a 24-night "try")."""
    start: dt.date | None = None
    doses = off_run = 0
    # A journal's dates are unique (check_frame), so sorting the pairs sorts by date alone. Plain lists, not a
    # sorted frame (a third of this function's millisecond per journal add on the page, py-spy).
    for night, mg in sorted(zip(frame["date"].tolist(), frame["magnesium_mg"].tolist(), strict=True)):
        if not mg > 0:
            off_run += 1
            continue
        if start is None or (off_run >= WASHOUT_NIGHTS and doses < MIN_BASELINE_NIGHTS):
            start = night
        doses += 1
        off_run = 0
    return start


def night_dates(frame: pd.DataFrame) -> np.ndarray:
    """The journal's nights as ``datetime64[ns]`` (row order kept)."""
    return pd.to_datetime(pd.Series(list(frame["date"]), dtype=object)).to_numpy(dtype="datetime64[ns]")


def window_average(dates: np.ndarray, values: np.ndarray, days: int = 7) -> np.ndarray:
    """Per night, the mean of ``values`` over the nights in ``(night - days, night]``.

    ``dates`` sorted ascending, no missing ``values``. Prefix sums and a binary
    search per night: O(n log n), no pandas objects.
    """
    if len(dates) == 0:
        return np.array([], dtype="float64")
    sums = np.concatenate([[0.0], np.cumsum(values)])
    first = np.searchsorted(dates, dates - np.timedelta64(days, "D"), side="right")
    last = np.arange(1, len(dates) + 1)
    return (sums[last] - sums[first]) / (last - first)


def rolling_average(frame: pd.DataFrame, column: str, days: int = 7) -> pd.DataFrame:
    """Per night: the value and the mean over the nights logged in the
    ``days`` calendar days up to and including that night.

    Returns columns ``date`` (Timestamp), ``value``, ``average``, sorted by
    date; nights with the value missing are left out.
    """
    dates, values = sorted_values(frame, column, night_dates(frame))
    return pd.DataFrame({"date": dates, "value": values, "average": window_average(dates, values, days)})


def sorted_values(frame: pd.DataFrame, column: str, dates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(dates, values) of the nights where ``column`` has a value, in date order."""
    values = pd.to_numeric(frame[column], errors="coerce").astype("float64").to_numpy()
    keep = ~np.isnan(values)
    dates, values = dates[keep], values[keep]
    order = np.argsort(dates, kind="stable")
    return dates[order], values[order]


@dataclass(frozen=True)
class Checkpoint:
    """A review point: ``week`` weeks after the first dose."""

    week: int
    date: dt.date
    label: str


def checkpoints(start: dt.date | None, weeks: Sequence[int]) -> list[Checkpoint]:
    """Review dates ``week`` × 7 days after ``start`` (empty if no start)."""
    if start is None:
        return []
    return [Checkpoint(int(w), start + dt.timedelta(days=7 * int(w)), f"week {int(w)}") for w in weeks]


# --------------------------------------------------------------------------- analysis

Status = Literal["no_magnesium", "too_few", "ready"]
Direction = Literal["fewer", "more", "unclear"]


@dataclass(frozen=True)
class Analysis:
    """The before/after comparison of episodes per night.

    ``status``: ``no_magnesium`` (no night with a dose yet), ``too_few`` (see
    ``more_baseline_needed``/``more_after_needed``) or ``ready``. The numbers
    are ``None`` unless ready. ``difference`` is after − before (negative =
    fewer episodes on magnesium); the interval is a 95% percentile bootstrap.
    """

    status: Status
    nights: int
    baseline_nights: int
    after_nights: int
    first_dose: dt.date | None
    more_baseline_needed: int
    more_after_needed: int
    baseline_can_grow: bool
    median_before: float | None = None
    median_after: float | None = None
    difference: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    severity_before: float | None = None
    severity_after: float | None = None
    direction: Direction | None = None
    after_start: dt.date | None = None
    after_end: dt.date | None = None
    #: Every night within each period had the same count (a zero-width interval).
    degenerate: bool = False
    #: Every logged night with magnesium, not only the latest compared (for :func:`early_note`).
    on_nights: int = 0
    #: Nights with magnesium before the course compared (a try; see :func:`first_dose_date`): left out.
    set_aside: int = 0

    @property
    def summary(self) -> str:
        """The result in plain words (no markup)."""
        return verdict_text(self)


def _bootstrap_median_difference(
    before: np.ndarray, after: np.ndarray, resamples: int, seed: int
) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    before_idx = rng.integers(0, before.size, size=(resamples, before.size))
    after_idx = rng.integers(0, after.size, size=(resamples, after.size))
    diffs = np.median(after[after_idx], axis=1) - np.median(before[before_idx], axis=1)
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(low), float(high)


def analyse(
    frame: pd.DataFrame,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Analysis:
    """Compare episodes per night before the first dose and on magnesium.

    Baseline: every night before the first night with magnesium > 0 (at least
    :data:`MIN_BASELINE_NIGHTS`). After: the latest :data:`AFTER_NIGHTS`
    nights with magnesium > 0. Expects a validated journal (any order).
    """
    data = frame.sort_values("date", kind="stable")
    start = first_dose_date(data)
    nights = len(data)
    if start is None:
        return Analysis(
            status="no_magnesium",
            nights=nights,
            baseline_nights=nights,
            after_nights=0,
            first_dose=None,
            more_baseline_needed=max(0, MIN_BASELINE_NIGHTS - nights),
            more_after_needed=AFTER_NIGHTS,
            baseline_can_grow=True,
        )
    dates = list(data["date"])
    dosed = data["magnesium_mg"].to_numpy(dtype="float64") > 0
    # The nights without magnesium before the course; the course's nights with it. A try's doses before the
    # course are compared with neither (re-review, session 50: leaving out the week after each one let a
    # few tiny doses carve any week out of the baseline).
    before_mask = np.array([d < start for d in dates]) & ~dosed
    on_mask = dosed & np.array([d >= start for d in dates])
    set_aside = int((dosed & ~on_mask).sum())
    episodes = data["episodes"].to_numpy(dtype="float64")
    severity = data["severity"].to_numpy(dtype="float64")
    before = episodes[before_mask]
    after_all = episodes[on_mask]
    after = after_all[-AFTER_NIGHTS:]
    after_dates = [d for d, on in zip(dates, on_mask, strict=True) if on][-AFTER_NIGHTS:]
    more_baseline = max(0, MIN_BASELINE_NIGHTS - before.size)
    more_after = max(0, AFTER_NIGHTS - after_all.size)
    common: dict[str, Any] = {
        "nights": nights,
        "baseline_nights": int(before.size),
        "after_nights": int(after.size),
        "first_dose": start,
        "more_baseline_needed": more_baseline,
        "more_after_needed": more_after,
        "on_nights": int(dosed.sum()),
        "set_aside": set_aside,
        # Nights before the first dose are in the past: only earlier nights
        # remembered now could still be added.
        "baseline_can_grow": False,
    }
    if more_baseline or more_after:
        return Analysis(status="too_few", **common)
    low, high = _bootstrap_median_difference(before, after, resamples, seed)
    median_before = float(np.median(before))
    median_after = float(np.median(after))
    # A log in which every night before was the same and every night since too shows no
    # night-to-night variation to compare the change with (and real nights are rarely that even), so
    # no direction is claimed. A zero-width interval alone is not that: the median can come out the
    # same in every resample of nights that vary (statistician review, 2026-12-06: 2,2,2,2,2,2,5 then
    # 0 × 12, 1, 3 was said to show "no ups and downs"); it then says what any interval says.
    degenerate = not high > low and np.ptp(before) == 0 and np.ptp(after) == 0
    direction: Direction = (
        "unclear" if degenerate else "fewer" if high < 0 else "more" if low > 0 else "unclear"
    )
    return Analysis(
        status="ready",
        median_before=median_before,
        median_after=median_after,
        difference=median_after - median_before,
        ci_low=low,
        ci_high=high,
        severity_before=float(np.median(severity[before_mask])),
        severity_after=float(np.median(severity[on_mask][-AFTER_NIGHTS:])),
        direction=direction,
        after_start=after_dates[0],
        after_end=after_dates[-1],
        degenerate=degenerate,
        **common,
    )


def early_note(result: Analysis, min_weeks: int, guidance: str) -> str | None:
    """What to say beside a result reached before ``min_weeks`` of nights on magnesium, else ``None``.

    Clinician review (2026-12-04): after 28 nights on magnesium the journal gave a green "fewer
    episodes" verdict while the guidance (``guidance``, its min_trial_weeks row's label, which ends
    with no full stop) says to give it at least 8 weeks. It counts the logged nights with magnesium
    (a stretch off in between does not count: adversarial review, 2026-12-04), and says nothing
    beside a result that is worse: that one points to a doctor, not to waiting.
    """
    if result.status != "ready" or result.direction == "more":
        return None
    if result.on_nights >= 7 * min_weeks:
        return None
    return (
        f"Early: {_nights(result.on_nights)} on magnesium logged so far. The starting guidance says: "
        f"{guidance[:1].lower()}{guidance[1:]}. Read this as a first look, and compare again at week "
        f"{min_weeks}."
    )


def high_dose_nights(frame: pd.DataFrame, limit_mg: float) -> int:
    """How many logged nights record more magnesium than ``limit_mg`` (a dose to question)."""
    if frame.empty:
        return 0
    return int((frame["magnesium_mg"].to_numpy(dtype="float64") > limit_mg).sum())


def high_dose_warning(frame: pd.DataFrame, limit_mg: float, limit_words: str) -> str | None:
    """The warning (markdown) when logged nights record more than ``limit_mg``, else None.

    ``limit_words`` says what the limit is (``maglib.safety.journal_dose_limit``).
    """
    high = high_dose_nights(frame, limit_mg)
    if not high:
        return None
    amount = f"more than {limit_mg:g} mg of magnesium" if limit_mg > 0 else "a magnesium dose"
    return (
        f"**{high} night{'s' if high != 1 else ''} in your log record{'' if high != 1 else 's'} "
        f"{amount}**, {limit_words}."
        # Every dose questioned (kidney disease, a prescriber awaited): the words say whom to ask, and a
        # general "ask your doctor or pharmacist" after them diluted it (adversarial review, 2026-12-05).
        + (" Check the amount, and ask your doctor or pharmacist before going on." if limit_mg > 0 else "")
    )


def prefill_dose_warning(dose_mg: float, limit_mg: float, limit_words: str) -> str | None:
    """Said beside the dose that pre-fills new nights when it is above ``limit_mg`` (the journal's
    check, ``maglib.safety.journal_dose_limit``), before any night is logged with it; else None.
    Clinician review (2026-12-05): a link's ``dose_mg=1000`` filled the field with no word until a night
    was added."""
    if not dose_mg > limit_mg:
        return None
    return (
        f"**This field fills new nights with {dose_mg:g} mg**, {limit_words}. Check it before adding a night."
    )


def every_dose_warning(limit_mg: float, limit_words: str) -> str | None:
    """Said beside the dose field while every logged dose is questioned (``limit_mg`` 0: kidney disease,
    a prescriber awaited, a kidney test awaited from 75), before any night is added; else None. GP
    review (2026-12-05): the warning came only after an add, ~2,000 px below the button on a phone."""
    if limit_mg > 0:
        return None
    return f"**Before you log a magnesium dose:** {limit_words.removeprefix('though ')}."


def worsening(frame: pd.DataFrame, nights: int, episodes_up: float, severity_up: float) -> str | None:
    """A plain warning when the latest ``nights`` are clearly worse than the ``nights`` before.

    Worse: on average at least ``episodes_up`` more episodes a night, or a worst severity at least
    ``severity_up`` points higher (the thresholds are rows of safety_rules.csv). ``None`` when the
    log is too short to compare or nothing got clearly worse.
    """
    data = frame.sort_values("date", kind="stable")
    if len(data) < 2 * nights:
        return None
    latest, before = data.iloc[-nights:], data.iloc[-2 * nights : -nights]
    episodes = float(latest["episodes"].mean()) - float(before["episodes"].mean())
    severity = float(latest["severity"].mean()) - float(before["severity"].mean())
    if episodes < episodes_up and severity < severity_up:
        return None
    return (
        f"Your last {nights} nights are worse than the {nights} before them "
        f"({_signed(episodes)} episodes a night, {_signed(severity)} in severity on average). "
        "Symptoms that are getting worse need a doctor, whatever you are taking: please see one, and "
        "check the red flags on this page."
    )


@dataclass(frozen=True)
class FlagText:
    """A red flag's words as the journal's note warning shows them (red_flags.csv)."""

    symptom: str
    action: str


def note_signs_warning(
    frame: pd.DataFrame, nights: int, flags: Mapping[str, FlagText], long_cramp_minutes: float
) -> str | None:
    """A warning when a note of the latest ``nights`` logged names a red flag's sign (rule
    ``journal_note_signs``, safety_rules.csv; :func:`maglib.safety.note_signs`), with each such flag's
    symptom and what to do, in the order of ``flags`` (the flags that can apply to the person); the
    nights quoted, latest first (at most :data:`NOTE_SIGN_NIGHTS_SHOWN`). ``None`` when none does."""
    if frame.empty:
        return None
    latest = frame.sort_values("date", kind="stable").iloc[-nights:]
    quoted: list[str] = []
    named: set[str] = set()
    for night in latest.iloc[::-1].itertuples(index=False):
        note = " ".join(str(night.note).splitlines())
        found = [flag for flag in note_signs(note, long_cramp_minutes) if flag in flags]
        if found:
            named.update(found)
            # With its year: an old journal uploaded reads as old (adversarial re-review, session 59).
            quoted.append(f"the night of {night.date:%a %d %b %Y}: {code_span(shown_value(note, 120))}")
    if not named:
        return None
    shown = quoted[:NOTE_SIGN_NIGHTS_SHOWN]
    more = len(quoted) - len(shown)
    where = "; ".join(shown) + (f"; and {_nights(more)} more" if more else "")
    bullets = "\n".join(
        f"- {escape_markdown(text.symptom)} — **{escape_markdown(text.action)}**"
        for flag, text in flags.items()
        if flag in named
    )
    return (
        f"**A note names what can be a warning sign** ({where}). If one of these fits, do what it says "
        f"rather than waiting to see whether magnesium helps:\n\n{bullets}\n\n{NOTE_SIGNS_LIMITS}"
    )


#: Said under the note warning (pharmacist review, session 59: it missed signs typed in other words).
NOTE_SIGNS_LIMITS = (
    "This check reads only the words of your notes and can miss a sign said another way: every warning sign is "
    "listed under **See a doctor instead** on this page."
)


#: At most this many nights' notes are quoted in :func:`note_signs_warning`.
NOTE_SIGN_NIGHTS_SHOWN = 3


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return _fmt(round(value, 1))


def _episodes(shown: str) -> str:
    """ "1 episode", "1.5 episodes", "0 episodes"."""
    return f"{shown} episode" + ("" if shown == "1" else "s")


def _nights(count: int) -> str:
    return f"{count} night" + ("" if count == 1 else "s")


def verdict_text(result: Analysis) -> str:
    """Plain-words result, or what is still needed for one."""
    if result.status == "no_magnesium":
        if result.more_baseline_needed:
            return (
                f"No night with magnesium yet. Log at least {_nights(result.more_baseline_needed)} more "
                f"without it first (a baseline of {MIN_BASELINE_NIGHTS} nights), then "
                f"{AFTER_NIGHTS} nights on magnesium, to get a comparison."
            )
        return (
            f"You have a baseline of {_nights(result.baseline_nights)} without magnesium. "
            f"After you start, {AFTER_NIGHTS} nights on magnesium are needed for a comparison."
        )
    if result.status == "too_few":
        parts = []
        if result.more_baseline_needed:
            # "only 0 nights" read badly, and the countdown after it read as if waiting would do
            # (phone review, 2026-12-03): no night before the first dose is said plainly, and the
            # on/off trial named as the way to an answer without them.
            have = (
                "no night is logged"
                if result.baseline_nights == 0
                else f"only {_nights(result.baseline_nights)} {'is' if result.baseline_nights == 1 else 'are'} logged"
            )
            parts.append(
                # (Never after a try: a try is followed by at least WASHOUT_NIGHTS nights without magnesium.)
                f"{have} before the first dose "
                f"({result.first_dose.isoformat() if result.first_dose else ''}); at least "
                f"{MIN_BASELINE_NIGHTS} are needed — add {_nights(result.more_baseline_needed)} from before "
                "that date if you remember them reliably, otherwise a fair before/after comparison "
                "is not possible (an on/off trial can still give an answer: see the On/off trial page)"
            )
        if result.more_after_needed:
            parts.append(
                f"{_nights(result.more_after_needed)} more on magnesium are needed ({AFTER_NIGHTS} in all)"
            )
        return "Not enough nights for a comparison yet: " + "; ".join(parts) + "." + _set_aside_words(result)
    before, after = _num(result.median_before), _num(result.median_after)
    interval = f"{_signed(result.ci_low)} to {_signed(result.ci_high)}"
    head = (
        f"Typical night before magnesium: {_episodes(before)} (median of "
        f"{_nights(result.baseline_nights)}). Latest {_nights(result.after_nights)} on magnesium: "
        f"{_episodes(after)}. Change: {_signed(result.difference)} episodes per night "
        f"(95% bootstrap interval {interval})."
    ) + _set_aside_words(result)
    caveat = (
        " The interval treats each night as independent; nights in a row tend to be alike, so the "
        "real uncertainty is larger than it shows."
    )
    if result.degenerate:
        return head + (
            " Every night before magnesium had the same number of episodes, and every night since had the "
            "same number too: real nights are rarely that even, so check that the log is right. A log "
            "with no ups and downs cannot show whether a change is more than chance. Keep logging; a "
            "longer log gives a fairer answer."
            + (
                " Your episodes are higher than before: if symptoms are getting worse, see a doctor."
                if (result.difference or 0) > 0
                else ""
            )
        )
    if result.direction == "fewer":
        tail = (
            " You have had fewer episodes per night since starting, and the change is larger than "
            "the night-to-night ups and downs in your own log. That does not show that magnesium "
            "caused it: cramps come and go on their own, and nights after a bad spell tend to be "
            "better whatever you take (regression to the mean), so starting after a bad week makes a "
            "drop likely anyway. An on/off trial (the On/off trial page) can tell these apart; see "
            "the cautions below."
        )
    elif result.direction == "more":
        tail = (
            " You have had more episodes per night since starting. Magnesium does not look like it "
            "is helping. Symptoms that are getting worse need a doctor: please see one, and check "
            "the red flags on this page."
        )
    else:
        tail = (
            " The interval includes no change: your log does not show a clear difference between "
            "before and on magnesium."
        )
    return head + tail + caveat


def _set_aside_words(result: Analysis) -> str:
    """What the comparison leaves out before the course it compares (:func:`first_dose_date`), or ''."""
    if not result.set_aside or result.first_dose is None:
        return ""
    one = result.set_aside == 1
    return (
        f" The comparison counts magnesium from {result.first_dose.isoformat()}: the {_nights(result.set_aside)} "
        f"with magnesium before it {'is' if one else 'are'} left out (fewer than {MIN_BASELINE_NIGHTS}, with at "
        f"least {WASHOUT_NIGHTS} nights without magnesium after {'it' if one else 'them'}: a try, not the start)."
    )


def _signed(value: float | None) -> str:
    if value is None:
        return "–"
    text = _num(abs(value))
    return "0" if text == "0" else ("−" if value < 0 else "+") + text


# --------------------------------------------------------------------------- evidence

#: The evidence.csv row the caveats quote (Cochrane 2020, idiopathic cramps).
CAVEAT_EVIDENCE_ID = "cochrane-2020-idiopathic"


def caveat_evidence(evidence: pd.DataFrame) -> tuple[Any, ...] | None:
    """The evidence.csv row (a namedtuple with ``claim``, ``certainty``,
    ``source_ids``) behind the "what the trials say" caveat, or None if absent."""
    match = evidence[evidence["evidence_id"] == CAVEAT_EVIDENCE_ID]
    return None if match.empty else next(match.itertuples(index=False))


# --------------------------------------------------------------------------- example


def example_dose_mg(planned_dose_mg: float, start_dose_mg: float) -> float:
    """The dose the example journal uses: the planned dose from the link if one
    was given, else the guidance's starting dose (data/guidance.csv)."""
    return float(planned_dose_mg) if planned_dose_mg and planned_dose_mg > 0 else float(start_dose_mg)


def example_journal(dose_mg: float, *, start: dt.date = dt.date(2026, 1, 5), seed: int = 7) -> pd.DataFrame:
    """A made-up journal (seeded random numbers) to show how the page works.

    21 nights without magnesium, then 56 nights (8 weeks) at ``dose_mg``. Not data from
    any person; every note says so.
    """
    rng = np.random.default_rng(seed)
    records: list[dict[str, object]] = []
    baseline_nights, dosed_nights = 21, 56
    for offset in range(baseline_nights + dosed_nights):
        on = offset >= baseline_nights
        # A made-up, modest drift down plus plenty of noise: enough to
        # exercise the analysis, not a claim about magnesium.
        rate = 2.4 - (0.6 * min(1.0, (offset - baseline_nights) / 28) if on else 0.0)
        episodes = int(min(EPISODES_MAX, rng.poisson(rate)))
        severity = 0 if episodes == 0 else int(np.clip(rng.normal(3 + episodes, 1.5), 1, 10))
        measures = [
            m for m, p in zip(MEASURES[:5], (0.4, 0.15, 0.1, 0.3, 0.2), strict=True) if rng.random() < p
        ]
        records.append(
            {
                "date": start + dt.timedelta(days=offset),
                "episodes": episodes,
                "severity": severity,
                "sleep_quality": int(np.clip(round(4 - 0.5 * episodes + rng.normal(0, 0.7)), 1, 5)),
                "magnesium_mg": float(dose_mg) if on else 0.0,
                "measures": measures,
                "note": "EXAMPLE (made-up data)" if offset == 0 else "",
            }
        )
    return _frame(records)


RECENT_NIGHTS = 7  #: nights the journal page lists while its editor is closed


def _number(value: object) -> str | None:
    return None if value is None or value is pd.NA or value != value else f"{value:g}"


def added_markdown(frame: pd.DataFrame, added: dt.date | None) -> str | None:
    """ "Added the night of …" for the night just added, if it is in ``frame`` (else None)."""
    if added is None or added not in set(frame["date"]):
        return None
    said = f"Added the night of **{added:%A %d %B %Y}**."
    (night,) = frame[frame["date"] == added].itertuples(index=False)
    episodes, severity = _number(night.episodes), _number(night.severity)
    # Planning list (session 58): "3 episodes, worst severity 0" was taken without a word (a field left at
    # its 0, or emptied, is saved as 0).
    if episodes is not None and severity is not None and (episodes == "0") != (severity == "0"):
        said += (
            f" It has {_episodes(episodes)} with a worst severity of {severity}: if one of them was left at 0 "
            "by mistake, switch on **Edit or see all nights** and correct it."
        )
    elif episodes == severity == "0":
        # Planning list (sessions 58-59): a form added untouched, or with its numbers emptied, is saved as a
        # night without symptoms, the night that most moves the verdict: it is said, so a slip can be put right;
        # more plainly when its own note speaks of a cramp (pharmacist review, session 60).
        said += (
            " It is saved as a night without cramps or twitches (0 episodes)"
            + (", though its note speaks of one" if note_names_symptom(str(night.note)) else "")
            + ": if you had some, switch on **Edit or see all nights** and correct it."
        )
    return said


def recent_markdown(frame: pd.DataFrame, *, added: dt.date | None = None) -> str:
    """The latest nights as one Markdown list (the journal page shows it while its editor is closed).

    ``added``: the night just added, said first ("Added the night of …"), so that adding one says
    that it worked (keyboard review, 2026-12-04); ignored unless that night is in ``frame``.

    A list, not a table: seven columns do not fit a 390 px phone. Notes may come from an
    uploaded file: each is one line, invisible characters shown as their code point, cut to 120
    characters, in a code span (shown literally: escaping alone still lets ``https://…``
    become a live link).
    """
    latest = frame.sort_values("date", kind="stable").tail(RECENT_NIGHTS)
    total = len(frame)
    head = f"**{total} night{'s' if total != 1 else ''} in all**" + (
        f" — the latest {RECENT_NIGHTS}:" if total > RECENT_NIGHTS else ":"
    )
    lines = [head, ""]
    said = added_markdown(frame, added)
    if said:
        lines = [said, "", *lines]  # its own line
    for night in latest.itertuples(index=False):
        episodes = _number(night.episodes)
        sleep = _number(night.sleep_quality)
        parts = [
            f"{episodes} episode{'' if episodes == '1' else 's'}",
            f"worst severity {_number(night.severity)}",
            f"sleep {sleep} of 5" if sleep is not None else "sleep not rated",
            f"{_number(night.magnesium_mg)} mg magnesium",
        ]
        if len(night.measures):
            parts.append("also " + escape_markdown("; ".join(str(m) for m in night.measures)))
        note = " ".join(str(night.note).splitlines())
        if note.strip():
            parts.append("note: " + code_span(shown_value(note, 120)))
        lines.append(f"- **{night.date:%Y-%m-%d}**: " + ", ".join(parts))
    lines += ["", "Switch on **Edit or see all nights** to see every night or change one."]
    return "\n".join(lines)
