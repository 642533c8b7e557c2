"""maglib.links validation: tests that fail on the small bugs mutation testing planted (issue 19).

A shared link's out-of-range value must be refused AND named in the notice, with
its bound, for every number setting of every page (a minimum of 0 included).
"""

from __future__ import annotations

import datetime as dt

import pytest

from maglib import journal, links, profile
from maglib import schedule as sch
from maglib.links import Param, check_query, notice_lines

NUMBER_PARAMS = [
    p
    for p in (*sch.PARAMS, *profile.PROFILE_PARAMS, *journal.PARAMS)
    if p.kind in {"int", "float"} and p.min_value is not None and p.max_value is not None
]


def fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def test_schedule_has_settings_with_a_minimum_of_zero():
    assert {"start_mg", "other_mg", "gap"} <= {p.key for p in NUMBER_PARAMS if p.min_value == 0}


@pytest.mark.parametrize("param", NUMBER_PARAMS, ids=lambda p: p.key)
def test_out_of_range_values_are_refused_and_named_in_the_notice(param):
    """Bug: ``min_value is not None and …`` → ``min_value and …`` (a minimum of 0 accepts
    ``start_mg=-100`` silently, and the notice disappears)."""
    below = param.min_value - (1 if param.kind == "int" else 0.5)
    above = param.max_value + (1 if param.kind == "int" else 0.5)
    for value, reason in ((below, f"below the minimum {fmt(param.min_value)}"),
                          (above, f"above the maximum {fmt(param.max_value)}")):  # fmt: skip
        text = fmt(value)
        valid, ignored = check_query({param.key: [text]}, [param])
        assert valid == {}
        assert [(i.key, i.value, i.reason) for i in ignored] == [(param.key, text, reason)]
        (line,) = notice_lines(ignored)
        assert f"`{param.key}`" in line and f"`{text}`" in line
        assert links.escape_markdown(reason) in line


@pytest.mark.parametrize("param", NUMBER_PARAMS, ids=lambda p: p.key)
def test_the_bounds_themselves_are_accepted(param):
    for value in (param.min_value, param.max_value):
        valid, ignored = check_query({param.key: [fmt(value)]}, [param])
        assert ignored == []
        assert valid == ({} if value == param.default else {param.key: value})


def test_start_mg_minus_100_is_named():
    start = next(p for p in sch.PARAMS if p.key == "start_mg")
    valid, ignored = check_query({"start_mg": ["-100"], "weeks": ["12"]}, sch.PARAMS)
    assert "start_mg" not in valid
    assert [(i.key, i.value, i.reason) for i in ignored] == [("start_mg", "-100", "below the minimum 0")]
    assert start.min_value == 0
    assert notice_lines(ignored) == ["- `start_mg` = `-100` — below the minimum 0"]


# ------------------------------------------------------------ _problem: every kind, every reason

INT = Param("n", "int", 5, min_value=0, max_value=10)
FLOAT = Param("x", "float", 1.5, min_value=0.5, max_value=2.5)
CHOICE = Param("c", "choice", "a", options=("a", "b"))
MULTI = Param("m", "multi", (), options=("a", "b", "c"), max_items=2)
BOOL = Param("b", "bool", False)
DATE = Param("d", "date", dt.date(2026, 1, 1), min_date=dt.date(2025, 1, 1), max_date=dt.date(2027, 1, 1))
TIME = Param("t", "time", dt.time(8, 0))
TEXT = Param("s", "text", "abc", max_len=5, pattern=r"[a-z]*", pattern_hint="lower-case letters")
TEXT_NO_HINT = Param("u", "text", "", max_len=5, pattern=r"[0-9]*")
PLAIN_TEXT = Param("p", "text", "", max_len=3)


@pytest.mark.parametrize(
    ("param", "value", "problem"),
    [
        (INT, 0, None),
        (INT, 10, None),
        (INT, -1, "below the minimum 0"),
        (INT, 11, "above the maximum 10"),
        (INT, 2.5, "not a whole number"),
        (INT, 3.0, None),
        (INT, True, "not a number"),
        (INT, "3", "not a number"),
        (INT, float("inf"), "not a finite number"),
        (FLOAT, 0.5, None),
        (FLOAT, 0.4, "below the minimum 0.5"),
        (FLOAT, 2.6, "above the maximum 2.5"),
        (FLOAT, 1.25, None),
        (FLOAT, float("nan"), "not a finite number"),
        (CHOICE, "b", None),
        (CHOICE, "z", "not one of the choices"),
        (MULTI, ["a", "b"], None),
        (MULTI, ("a",), None),
        (MULTI, [], None),
        (MULTI, ["a", "b", "c"], "more than 2 choices"),
        (MULTI, ["a", "a"], "repeats a choice"),
        (MULTI, ["z"], "not one of the choices"),
        (MULTI, "a", "not a list"),
        (BOOL, True, None),
        (BOOL, 1, "not true or false"),
        (DATE, dt.date(2025, 1, 1), None),
        (DATE, dt.date(2027, 1, 1), None),
        (DATE, dt.date(2024, 12, 31), "before 2025-01-01"),
        (DATE, dt.date(2027, 1, 2), "after 2027-01-01"),
        (DATE, "2026-01-01", "not a date"),
        (TIME, dt.time(23, 59), None),
        (TIME, "08:00", "not a time of day"),
        (TEXT, "abcde", None),
        (TEXT, "abcdef", "longer than 5 characters"),
        (TEXT, "ab1", "not in the expected form (lower-case letters)"),
        (TEXT, 5, "not text"),
        (TEXT_NO_HINT, "a", "not in the expected form ([0-9]*)"),
        (PLAIN_TEXT, "anything"[:3], None),
    ],
)
def test_problem_table(param, value, problem):
    assert links._problem(param, value) == problem


@pytest.mark.parametrize(
    ("param", "values", "parsed", "problem"),
    [
        (INT, ["7"], 7, None),
        (INT, [" +7 "], 7, None),
        (INT, ["-7"], -7, None),
        (INT, ["7.0"], None, "not a whole number"),
        (INT, ["1234567890"], None, "a whole number with too many digits"),
        (INT, ["12a"], None, "not a whole number"),
        (INT, ["7", "8"], None, "given 2 times (expected once)"),
        (INT, [], None, "given 0 times (expected once)"),
        (FLOAT, ["1.5"], 1.5, None),
        (FLOAT, [".5"], 0.5, None),
        (FLOAT, ["2e0"], 2.0, None),
        (FLOAT, ["1e400"], float("inf"), None),
        (FLOAT, ["nan"], None, "not a number"),
        (FLOAT, ["1.5x"], None, "not a number"),
        (CHOICE, ["b"], "b", None),
        (TEXT, ["hi"], "hi", None),
        (MULTI, ["a", "b"], ["a", "b"], None),
        (MULTI, [], [], None),
        (BOOL, ["TRUE"], True, None),
        (BOOL, ["false"], False, None),
        (BOOL, ["yes"], None, "not true or false"),
        (DATE, ["2026-02-03"], dt.date(2026, 2, 3), None),
        (DATE, ["2026-2-3"], None, "not a date (YYYY-MM-DD)"),
        (DATE, ["2026-02-30"], None, "not a valid date"),
        (TIME, ["07:05"], dt.time(7, 5), None),
        (TIME, ["24:00"], None, "not a time of day (HH:MM)"),
        (TIME, ["7:05"], None, "not a time of day (HH:MM)"),
    ],
)
def test_parse_table(param, values, parsed, problem):
    assert links._parse(param, values) == (parsed, problem)


def test_check_query_keeps_only_changed_valid_values_and_names_every_other():
    raw = {
        "n": ["5"],  # the default: not carried
        "x": ["2"],
        "m": ["a", "b"],
        "c": ["z"],
        "zzz": ["1"],
        "v": ["2"],
        "t": ["0\u200b8:00"],
        "s": ["<b>"],
        "b": ["true"] * 1,
        "d": ["x" * (links.MAX_VALUE_CHARS + 1)],
    }
    params = [INT, FLOAT, CHOICE, MULTI, BOOL, DATE, TIME, TEXT]
    valid, ignored = check_query(raw, params)
    assert valid == {"x": 2.0, "m": ["a", "b"], "b": True}
    assert [(i.key, i.reason) for i in ignored] == [
        ("c", "not one of the choices"),
        ("zzz", "not a setting of this page"),
        ("t", "contains an invisible or control character (U+200B ZERO WIDTH SPACE)"),
        ("s", "contains markup or script; never used"),
        ("d", "too long"),
    ]
    assert ignored[0].value == "z"


def test_check_query_counts_repeats_against_max_items():
    # A multi with at most 2 items accepts up to 2 × 2 + 4 = 8 values before "too long".
    _, ignored = check_query({"m": ["a"] * 8}, [MULTI])
    assert [i.reason for i in ignored] == ["repeats a choice"]
    _, ignored = check_query({"m": ["a"] * 9}, [MULTI])
    assert [i.reason for i in ignored] == ["too long"]
    _, ignored = check_query({"n": ["1"] * 6}, [INT])
    assert [i.reason for i in ignored] == ["given 6 times (expected once)"]
    _, ignored = check_query({"n": ["1"] * 7}, [INT])
    assert [i.reason for i in ignored] == ["too long"]
    _, ignored = check_query({"n": ["1" * links.MAX_VALUE_CHARS]}, [INT])
    assert [i.reason for i in ignored] == ["a whole number with too many digits"]


def test_check_query_stops_reading_after_max_params_and_passes_the_version_through():
    raw = {f"k{i}": ["1"] for i in range(links.MAX_PARAMS + 2)}
    params = [Param(f"k{i}", "int", 0, min_value=0, max_value=9) for i in range(links.MAX_PARAMS + 2)]
    valid, ignored = check_query(raw, params)
    assert len(valid) == links.MAX_PARAMS
    assert [(i.key, i.reason) for i in ignored] == [
        (f"k{links.MAX_PARAMS}", "too many parameters in the link"),
        (f"k{links.MAX_PARAMS + 1}", "too many parameters in the link"),
    ]
    valid, ignored = check_query({"v": ["99"], "keep": ["3"]}, [INT], passthrough=("v", "keep"))
    assert (valid, ignored) == ({}, [])
    _, ignored = check_query({"v": ["2"]}, [INT], passthrough=())
    assert [i.reason for i in ignored] == ["not a setting of this page"]
    _, ignored = check_query({"zz": []}, [INT])
    assert [(i.key, i.value) for i in ignored] == [("zz", "")]


def test_a_tuple_default_compares_as_a_list():
    multi = Param("m", "multi", ("a",), options=("a", "b"))
    assert check_query({"m": ["a"]}, [multi]) == ({}, [])
    assert check_query({"m": ["b"]}, [multi]) == ({"m": ["b"]}, [])


def test_each_ignored_line_shows_the_value_and_reading_goes_on_after_it():
    raw = {"s": ["<b>"], "d": ["x" * (links.MAX_VALUE_CHARS + 1)], "n": ["7"]}
    valid, ignored = check_query(raw, [TEXT, DATE, INT])
    assert valid == {"n": 7}
    assert [(i.key, i.value) for i in ignored] == [
        ("s", "<b>"),
        ("d", links.VALUE_NOT_SHOWN),  # one "word" longer than 40 characters: not shown (session 59)
    ]


def test_an_upper_case_exponent_is_a_number():
    assert links._parse(FLOAT, ["2E0"]) == (2.0, None)
    assert links._parse(FLOAT, ["1.5e-1"]) == (0.15, None)


def test_an_unknown_kind_is_named():
    with pytest.raises(ValueError, match="invalid: unknown kind"):
        Param("k", "weird", 1)  # type: ignore[arg-type]
    odd = Param("k", "text", "")
    object.__setattr__(odd, "kind", "weird")
    assert links._parse(odd, ["1"]) == (None, "unknown kind")
    assert links._problem(odd, "1") == "unknown kind"
