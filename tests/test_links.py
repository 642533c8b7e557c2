"""maglib.links: the link checker keeps what a page can use and names the rest."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maglib.links import (
    LINK_VERSION,
    MAX_PARAMS,
    Param,
    check_query,
    check_version,
    code_span,
    escape_inline,
    escape_markdown,
)

PARAMS = (
    Param("goal", "choice", "Any", options=("Any", "Sleep", "Cost")),
    Param("forms", "multi", (), options=("a", "b", "c"), max_items=2),
    Param("dose", "int", 250, min_value=50, max_value=350),
    Param("grams", "float", 1.5, min_value=0, max_value=10),
    Param("split", "bool", False),
    Param("start", "date", dt.date(2026, 1, 1), min_date=dt.date(2020, 1, 1), max_date=dt.date(2035, 12, 31)),
    Param("at", "time", dt.time(21, 0)),
    Param("note", "text", "", max_len=20),
    Param("kept", "multi", (), options=("a", "b", "c"), max_items=2, keep_known=True),
)


def reasons(raw):
    _, ignored = check_query(raw, PARAMS)
    return {i.key: i.reason for i in ignored}


def test_valid_values_are_kept_and_defaults_dropped():
    valid, ignored = check_query(
        {
            "goal": ["Sleep"],
            "forms": ["a", "b"],
            "dose": ["300"],
            "grams": ["2.5"],
            "split": ["True"],
            "start": ["2026-02-03"],
            "at": ["07:30"],
            "note": ["hello"],
            "v": ["1"],
        },
        PARAMS,
    )
    assert ignored == []
    assert valid == {
        "goal": "Sleep",
        "forms": ["a", "b"],
        "dose": 300,
        "grams": 2.5,
        "split": True,
        "start": dt.date(2026, 2, 3),
        "at": dt.time(7, 30),
        "note": "hello",
    }
    valid, _ = check_query({"dose": ["250"]}, PARAMS)
    assert valid == {}


@pytest.mark.parametrize(
    ("raw", "key", "reason"),
    [
        ({"dose": ["9999"]}, "dose", "above the maximum 350"),
        ({"dose": ["10"]}, "dose", "below the minimum 50"),
        ({"dose": ["2.5"]}, "dose", "not a whole number"),
        ({"dose": ["abc"]}, "dose", "not a whole number"),
        ({"dose": ["99999999999"]}, "dose", "a whole number with too many digits"),
        ({"dose": ["-1234567890"]}, "dose", "a whole number with too many digits"),
        ({"dose": ["123456789"]}, "dose", "above the maximum 350"),
        ({"dose": ["300", "310"]}, "dose", "given 2 times (expected once)"),
        ({"grams": ["nan"]}, "grams", "not a number"),
        ({"grams": ["1e400"]}, "grams", "not a finite number"),
        ({"goal": ["Nope"]}, "goal", "not one of the choices"),
        ({"forms": ["a", "a"]}, "forms", "repeats a choice"),
        ({"forms": ["a", "b", "c"]}, "forms", "more than 2 choices"),
        ({"split": ["yes"]}, "split", "not true or false"),
        ({"start": ["2026-13-01"]}, "start", "not a valid date"),
        ({"start": ["2019-12-31"]}, "start", "before 2020-01-01"),
        ({"at": ["25:00"]}, "at", "not a time of day (HH:MM)"),
        ({"note": ["x" * 21]}, "note", "longer than 20 characters"),
        ({"note": ["<script>alert(1)</script>"]}, "note", "contains markup or script; never used"),
        ({"goal": ["javascript:alert(1)"]}, "goal", "contains markup or script; never used"),
        ({"note": ["y" * 500]}, "note", "too long"),
        ({"zzz": ["1"]}, "zzz", "not a setting of this page"),
    ],
)
def test_bad_values_are_named(raw, key, reason):
    assert reasons(raw) == {key: reason}


def test_too_many_params():
    raw = {f"p{i}": ["1"] for i in range(MAX_PARAMS + 5)}
    _, ignored = check_query(raw, PARAMS)
    assert len(ignored) == MAX_PARAMS + 5
    assert sum(i.reason == "too many parameters in the link" for i in ignored) == 5


def test_version():
    assert check_version({}) == (LINK_VERSION, [])
    assert check_version({"v": ["1"]}) == (1, [])
    version, notes = check_version({"v": ["999"]})
    assert version == LINK_VERSION and notes and "unknown link version" in notes[0].reason
    assert check_version({"v": [str(LINK_VERSION)]}) == (LINK_VERSION, [])  # the current one, read as such
    assert notes[0].key == "v"
    # Given twice, even with known versions: said so, not "unknown" (adversarial link review, 2026-12-05).
    version, notes = check_version({"v": ["1", str(LINK_VERSION)]})
    assert version == LINK_VERSION
    assert [(n.value, n.reason) for n in notes] == [
        (f"1, {LINK_VERSION}", f"given 2 times; read as the current one ({LINK_VERSION})")
    ]


def test_param_rejects_invalid_default():
    with pytest.raises(ValueError, match="default"):
        Param("x", "int", 5, min_value=10, max_value=20)
    with pytest.raises(ValueError, match="options"):
        Param("x", "choice", "a")


query_values = st.lists(st.text(max_size=300), min_size=0, max_size=6)


@given(st.dictionaries(st.text(max_size=30), query_values, max_size=80))
def test_arbitrary_queries_never_raise_and_every_key_is_accounted_for(raw):
    valid, ignored = check_query(raw, PARAMS)
    ignored_keys = {i.key for i in ignored}
    for key in raw:
        if key == "v":
            continue
        # Each key is used, dropped as a default, or listed (shortened if very long).
        assert (
            key in valid
            or key in ignored_keys
            or any(k.endswith("…") for k in ignored_keys)
            or key in {p.key for p in PARAMS}
        )
    for key, value in valid.items():
        param = next(p for p in PARAMS if p.key == key)
        assert value != param.default
    for item in ignored:
        assert len(item.value) <= 40 and item.reason


@given(st.text(max_size=200))
def test_escaped_markdown_has_no_unescaped_syntax(text):
    escaped = escape_markdown(text)
    # Removing the escapes gives the text back; no special char stands alone.
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.DOTALL) == text
    for i, ch in enumerate(escaped):
        if ch in "[]()<>*_`!#|" and (i == 0 or escaped[i - 1] != "\\"):
            raise AssertionError(escaped)


# ---- share links: encode → check is the identity on non-default values ----------------------

from maglib import links  # noqa: E402
from maglib.links import legacy_values, serialize  # noqa: E402


def _value_strategy(param: Param):
    if param.kind == "choice":
        return st.sampled_from(param.options)
    if param.kind == "multi":
        return st.lists(st.sampled_from(param.options), unique=True, max_size=param.max_items or 3)
    if param.kind == "int":
        return st.integers(int(param.min_value), int(param.max_value))
    if param.kind == "float":
        return st.floats(param.min_value, param.max_value, allow_nan=False)
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "date":
        return st.dates(param.min_date, param.max_date)
    if param.kind == "time":
        return st.times().map(lambda t: t.replace(second=0, microsecond=0))
    return st.text(
        # Invisible and control characters are refused in every text value (issue 17, hole 5).
        alphabet=st.characters(
            blacklist_characters="<>&\\", blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
        ),
        max_size=20,
    ).filter(lambda s: "javascript:" not in s.lower() and "data:" not in s.lower())


@given(st.fixed_dictionaries({p.key: _value_strategy(p) for p in PARAMS}))
def test_encoded_view_reads_back_identically(values):
    query = {p.key: serialize(p, values[p.key]) for p in PARAMS}
    query["v"] = ["1"]
    valid, ignored = check_query(query, PARAMS)
    assert ignored == []
    expected = {}
    for p in PARAMS:
        default = list(p.default) if isinstance(p.default, tuple) else p.default
        if values[p.key] != default:
            expected[p.key] = values[p.key]
    assert valid == expected


def test_serialize_formats():
    assert serialize(PARAMS[3], 2.0) == ["2"]
    assert serialize(PARAMS[3], 2.5) == ["2.5"]
    assert serialize(PARAMS[4], True) == ["true"]
    assert serialize(PARAMS[5], dt.date(2026, 3, 4)) == ["2026-03-04"]
    assert serialize(PARAMS[6], dt.time(7, 5)) == ["07:05"]


def test_old_link_versions_keep_their_defaults():
    # Pretend version 0 had dose default 300 and goal default "Sleep".
    history = {0: {"pg": {"dose": ["300"], "goal": ["Sleep"], "grams": ["1.5"]}}}
    assert legacy_values(0, "pg", PARAMS, present=[], history=history) == {"dose": 300, "goal": "Sleep"}
    # A value the old link states itself wins; unchanged defaults need nothing.
    assert legacy_values(0, "pg", PARAMS, present=["dose"], history=history) == {"goal": "Sleep"}
    # Current-version links and unknown versions are read as they are.
    assert legacy_values(1, "pg", PARAMS, present=[], history=history) == {}
    # A stated value, or an unchanged default, does not stop the params after it from being restored.
    assert legacy_values(0, "pg", PARAMS, present=["goal"], history=history) == {"dose": 300}
    same_first = {0: {"pg": {"goal": ["Any"], "dose": ["300"]}}}
    assert legacy_values(0, "pg", PARAMS, present=[], history=same_first) == {"dose": 300}
    # A page the old version did not have: nothing to restore.
    assert legacy_values(0, "other", PARAMS, present=[], history=history) == {}
    # An old default that today's param would refuse is not restored.
    bad = {0: {"pg": {"dose": ["9999"], "goal": ["Sleep"]}}}
    assert legacy_values(0, "pg", PARAMS, present=[], history=bad) == {"goal": "Sleep"}
    # With no history given, the recorded one: a v1 /compare link without conv_mg means its v1 default.
    from maglib.link_history import LINK_DEFAULTS

    compare_params = [Param("my_mg", "int", 12345, min_value=0, max_value=99999)]
    assert legacy_values(1, "compare", compare_params, present=[]) == {
        "my_mg": int(LINK_DEFAULTS[1]["compare"]["my_mg"][0])
    }
    # An answer the app never fills in keeps no old default (a medicine's time; 2026-12-05).
    never = [
        Param("dose", "int", 250, min_value=0, max_value=1000, extra={"legacy_default": False}),
        PARAMS[0],
    ]
    assert legacy_values(0, "pg", never, present=[], history=history) == {"goal": "Sleep"}


@given(st.text(max_size=100))
def test_code_span_shows_text_literally(text):
    span = code_span(text)
    fence = re.match(r"`+", span).group(0)
    assert span.endswith(fence)
    inner = span[len(fence) : -len(fence)]
    # No backtick run inside is as long as the fence, so the span cannot end early.
    assert all(len(run) < len(fence) for run in re.findall(r"`+", inner))
    flat = " ".join(text.splitlines()) or "(empty)"
    assert inner.strip(" ") == flat.strip(" ") or inner == f" {flat} "


# --- hostile-input holes (issue 17) ------------------------------------------------------------


def test_a_long_unknown_key_is_reported_under_its_full_name():
    """Hole 1: the notice shortens a name; the clean-up needs the real one."""
    key = "<img src=x onerror=alert(1)>" + "x" * 100_000
    _, ignored = check_query({key: ["1"]}, PARAMS)
    assert [i.key for i in ignored] == [key]
    assert len(ignored[0].shown_key) <= 40


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("ab\u200bcd", "U+200B"),
        ("ab\x00cd", "U+0000"),
        ("\u202eabc", "U+202E"),
        ("a\u2066b", "U+2066"),
        ("a\nb", "U+000A"),
    ],
)
def test_invisible_and_control_characters_are_named(value, named):
    """Hole 5: every text value is checked for control, zero-width and bidi characters."""
    _, ignored = check_query({"note": [value]}, PARAMS)
    assert len(ignored) == 1 and named in ignored[0].reason
    # Not shown at all (session 59: only printed ASCII of at most two words is); the reason names it.
    assert value not in ignored[0].value and ignored[0].value == links.VALUE_NOT_SHOWN


def test_a_text_pattern_is_enforced():
    param = Param("code", "text", "", max_len=50, pattern=r"[0-9-]*", pattern_hint="digits and '-'")
    assert check_query({"code": ["12-34"]}, [param]) == ({"code": "12-34"}, [])
    _, ignored = check_query({"code": ["**bold**"]}, [param])
    assert ignored[0].reason == "not in the expected form (digits and '-')"


def test_a_date_kept_as_text_with_one_bound_is_still_a_date():
    """Either bound alone makes a text param a date (not only both)."""
    upto = Param("d", "text", "", max_len=10, max_date=dt.date(2030, 1, 1))
    since = Param("d", "text", "", max_len=10, min_date=dt.date(2020, 1, 1))
    for param in (upto, since):
        assert [i.reason for i in check_query({"d": ["2026-02-30"]}, [param])[1]] == [
            "not a date (YYYY-MM-DD)"
        ]
    assert [i.reason for i in check_query({"d": ["2031-01-01"]}, [upto])[1]] == ["after 2030-01-01"]
    assert [i.reason for i in check_query({"d": ["2019-12-31"]}, [since])[1]] == ["before 2020-01-01"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-02-30", "not a date (YYYY-MM-DD)"),
        ("٢٠٢٦-٠١-٠١", "not a date (YYYY-MM-DD)"),  # Arabic-Indic digits
        ("2026-1-1", "not a date (YYYY-MM-DD)"),
        ("0001-01-01", "before 2024-01-01"),
        ("9999-12-31", "after 2035-12-31"),
        ("2023-12-31", "before 2024-01-01"),
        ("2036-01-01", "after 2035-12-31"),
    ],
)
def test_a_date_kept_as_text_is_a_real_date_in_range(value, reason):
    """Adversarial link review (2026-12-05): /schedule's start took 2026-02-30 without a notice (so a
    shared tick survived), and /trial's 9999-12-31 overflowed its date arithmetic."""
    param = Param(
        "start", "text", "", max_len=10, min_date=dt.date(2024, 1, 1), max_date=dt.date(2035, 12, 31)
    )
    _, ignored = check_query({"start": [value]}, [param])
    assert [i.reason for i in ignored] == [reason]
    for good in ("2024-01-01", "2035-12-31", "2026-02-28"):
        assert check_query({"start": [good]}, [param]) == ({"start": good}, [])
    assert check_query({"start": [""]}, [param])[1] == []  # empty: the default


def test_a_query_string_streamlit_drops_is_reported():
    """Hole 2: Streamlit ignores a query string of more than 1,000 parameters, silently."""
    from maglib.links import MAX_QUERY_FIELDS, check_query_string

    assert check_query_string("a=1&b=2") is None
    assert check_query_string("") is None
    problem = check_query_string("&".join(f"k{i}=1" for i in range(MAX_QUERY_FIELDS + 1)))
    assert problem is not None and "1,001 parameters" in problem.reason
    assert check_query_string("&".join(f"k{i}=1" for i in range(MAX_QUERY_FIELDS))) is None
    assert check_query_string("a=" + "x" * (600 * 1024)) is not None


def test_notice_lines_collapse_repeated_reasons():
    from maglib.links import notice_lines

    raw = {f"junk{i}": ["<b>x</b>"] for i in range(500)}
    _, ignored = check_query(raw, PARAMS)
    lines = notice_lines(ignored)
    # 60 unknown names: one line that counts them (never named); 440 beyond the parameter limit: 3 lines
    # and one count.
    assert len(lines) == 5
    assert lines[0] == links.foreign_names_line(60)
    assert any("437 more" in line for line in lines), lines
    assert sum(len(line) for line in lines) < 1500


@pytest.mark.parametrize(
    ("key", "tag"),
    [
        ("fbclid", True),
        ("FBCLID", True),
        (" gclid ", True),
        ("utm_source", True),
        ("utm_", True),
        ("Utm_Content", True),
        ("utm", False),
        ("fbclidx", False),
        ("xfbclid", False),
        ("v", False),
        ("age", False),
        ("screened", False),
        ("", False),
    ],
)
def test_tracking_keys_are_the_appended_tags_only(key, tag):
    from maglib.links import is_tracking_key

    assert is_tracking_key(key) is tag


def test_a_repeated_key_shows_every_value_in_the_notice():
    """Pharmacist review: the notice for ?age=17&age=45 said "age = 45 — given 2 times", hiding 17."""
    from maglib.links import check_query, notice_lines
    from maglib.profile import PROFILE_PARAMS

    _, ignored = check_query({"age": ["17", "45"]}, PROFILE_PARAMS)
    (item,) = ignored
    assert item.value == "17, 45"
    assert notice_lines(ignored) == ["- `age` = `17, 45` — given 2 times \\(expected once\\)"]
    _, many = check_query({"age": ["1", "2", "3", "4", "5", "6"]}, PROFILE_PARAMS)
    assert many[0].value == "1, 2, 3, 4, …"
    # Four values are shown whole; a fifth is the first one cut.
    assert check_query({"age": ["1", "2", "3", "4"]}, PROFILE_PARAMS)[1][0].value == "1, 2, 3, 4"
    assert check_query({"age": ["1", "2", "3", "4", "5"]}, PROFILE_PARAMS)[1][0].value == "1, 2, 3, 4, …"
    _, one = check_query({"age": ["abc"]}, PROFILE_PARAMS)
    assert one[0].value == "abc"


@pytest.mark.parametrize(
    "text", ["20270105", "2026-W53-1", "2026-001", "٢٠٢٦-٠١-٠١", "2026-02-30", "2026-1-05", ""]
)
def test_a_date_is_written_yyyy_mm_dd_for_the_fields_and_the_link_check_alike(text):
    """Adversarial review (2026-12-05): Python 3.11's date.fromisoformat reads "20270105" and week
    dates; /schedule planned from such a start while the link check called it no date."""
    from maglib import schedule, trial
    from maglib.links import iso_date

    today = dt.date(2026, 12, 5)
    assert iso_date(text) is None
    assert trial.parse_start(text) is None
    day, problem = schedule.parse_start_date(text, today)
    assert day == today and (problem is not None or not text.strip())
    assert iso_date("2027-01-05") == dt.date(2027, 1, 5) == trial.parse_start(" 2027-01-05 ")
    assert schedule.parse_start_date(" 2027-01-05", today) == (dt.date(2027, 1, 5), None)


def test_a_list_keeps_its_known_choices_and_names_only_the_unknown_ones():
    """Input review (2026-12-05): one unknown medicine in a link's list dropped the whole list, the
    valid levothyroxine (and its spacing) with it. Only a list marked keep_known (the medicines)
    keeps its known entries, once each; any other list (a medicine's dose times: one dropped time
    would leave its window out) is used whole or not at all (adversarial review, 2026-12-05)."""
    valid, ignored = check_query({"kept": ["a", "zzz"]}, PARAMS)
    assert valid == {"kept": ["a"]}
    assert [(i.key, i.value, i.reason) for i in ignored] == [
        ("kept", "zzz", "not one of the choices; the others were used")
    ]
    valid, ignored = check_query({"kept": ["zzz", "b", "yyy"]}, PARAMS)
    assert valid == {"kept": ["b"]} and [i.value for i in ignored] == ["zzz, yyy"]
    # Repeated: each once (raltegravir twice dropped the whole list, and its "no plan" with it).
    valid, ignored = check_query({"kept": ["a", "a", "b"]}, PARAMS)
    assert valid == {"kept": ["a", "b"]}
    assert [(i.key, i.value, i.reason) for i in ignored] == [
        ("kept", "a, a, b", "repeats a choice; each was used once")
    ]
    valid, ignored = check_query({"kept": ["a", "zzz", "a"]}, PARAMS)
    assert valid == {"kept": ["a"]} and [i.value for i in ignored] == ["zzz"]
    # Nothing known, or too many even once each: ignored whole.
    assert reasons({"kept": ["zzz", "yyy"]}) == {"kept": "not one of the choices"}
    assert reasons({"kept": ["a", "b", "c", "zzz"]}) == {"kept": "not one of the choices"}
    # A list not marked keep_known: whole or not at all, as before.
    assert reasons({"forms": ["a", "zzz"]}) == {"forms": "not one of the choices"}
    assert reasons({"forms": ["a", "a"]}) == {"forms": "repeats a choice"}


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ({"dose": ["２５０"]}, "dose"),  # full-width
        ({"dose": ["২৫০"]}, "dose"),  # Bengali: ৪ looks like 8 and means 4
        ({"grams": ["٣"]}, "grams"),  # Arabic-Indic (3, within the range)
        ({"start": ["２０２６-02-03"]}, "start"),
        ({"at": ["０７:30"]}, "at"),
    ],
)
def test_only_ascii_digits_are_read_as_numbers(raw, key):
    """Input review (2026-12-05): digits of any script were read silently (age=১৮ as 18, and a
    Bengali 4 looks like an 8); a link's numbers, dates and times are ASCII digits only."""
    valid, ignored = check_query(raw, PARAMS)
    assert valid == {} and [i.key for i in ignored] == [key]

    # Said as what it is: not a number or date of this form, not "too many digits" or "not valid".
    assert reasons({"dose": ["１２３４５６７８９０"]}) == {"dose": "not a whole number"}
    assert reasons({"start": ["２０２６-02-03"]}) == {"start": "not a date (YYYY-MM-DD)"}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("Co-Diovan 80/12.5", "Co-Diovan 80/12.5"),
        ("Atacand Plus (16 mg)!", "Atacand Plus (16 mg)!"),
        (":red[RED] **x**", r"\:red\[RED\] \*\*x\*\*"),
        ("<b>x</b> $y$ a_b `c` ~d~ e|f {g}", r"\<b\>x\</b\> \$y\$ a\_b \`c\` \~d\~ e\|f \{g\}"),
        ("a\\b", r"a\\b"),
        ("  two\nlines  ", "two lines"),
    ],
)
def test_escape_inline_keeps_a_names_punctuation_and_escapes_what_markdown_reads(typed, shown):
    """A widget label's aria-label carries the label as written (re-review, session 53): a name's hyphen, dot
    and brackets stay bare mid-sentence, while what Markdown or a directive reads there is escaped."""
    assert escape_inline(typed) == shown


@given(st.text(max_size=40))
def test_property_escape_inline_leaves_no_markdown_character_bare(text):
    """Every character Markdown reads inside a line comes out escaped, and nothing is lost."""
    out = escape_inline(text)
    assert not set(re.sub(r"\\.", "", out)) & set("\\`*_{}[]<>~$:|")
    assert re.sub(r"\\(.)", r"\1", out) == " ".join(text.split())


@given(
    st.dictionaries(
        st.sampled_from(["form", "detail", "target_mg", "conv_target", "age", "side"]),
        st.lists(st.text(max_size=5), max_size=3),
        max_size=6,
    )
)
def test_an_old_key_is_read_as_todays_only_where_todays_is_absent(raw):
    """/compare's ``form`` and ``target_mg`` (links up to version 11) are today's ``detail`` and
    ``conv_target``: the values move to the new key unless the link gives it too; nothing else changes."""
    from maglib.forms import RENAMED
    from maglib.links import renamed_query

    query, moved = renamed_query(raw, RENAMED)
    for old, new in RENAMED.items():
        if old in raw and new not in raw:
            assert moved[old] == new and query[new] == raw[old] and old not in query
        else:
            assert old not in moved and query.get(new) == raw.get(new) and query.get(old) == raw.get(old)
    others = set(raw) - set(RENAMED) - set(RENAMED.values())
    assert all(query[k] == raw[k] for k in others) and set(query) - others <= set(RENAMED) | set(
        RENAMED.values()
    )


def test_no_two_pages_share_a_link_key_but_the_profiles():
    """Adversarial review (session 56): /compare and the Dose plan both bound "form" and "target_mg", and
    Streamlit gave each page the other's value. Only About you's keys are the same on every page."""
    from maglib.link_history import LINK_DEFAULTS
    from maglib.links import LINK_VERSION
    from maglib.profile import PROFILE_PARAMS

    profile = {p.key for p in PROFILE_PARAMS}
    seen: dict[str, str] = {}
    for page, params in LINK_DEFAULTS[LINK_VERSION].items():
        for key in set(params) - profile:
            assert key not in seen, f"{key!r} is a key of both {seen[key]} and {page}"
            seen[key] = page


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        # A name that is not a setting is counted, never echoed, nor its value (planning list, session 58;
        # pharmacist review, session 59: "safe_in_pregnancy", "ignore-red-flags" read as the app's words).
        ({"Take 2000 mg at night": ["1"]}, [links.foreign_names_line(1)]),
        ({"ack": ["Take 2000 mg"], "safe_in_pregnancy": ["1"]}, [links.foreign_names_line(2)]),
        # One of the page's own settings keeps its value in the notice (the sender sees what failed) …
        ({"age": ["abc"]}, ["- `age` = `abc` — not a whole number"]),
        # … unless a number's value holds a space: a sentence is not shown.
        ({"age": ["Take 2000 mg"]}, [f"- `age` = {links.VALUE_NOT_SHOWN} — not a whole number"]),
        (
            {"zz": ["1"], "age": ["Your pharmacist says stop"]},
            [links.foreign_names_line(1), f"- `age` = {links.VALUE_NOT_SHOWN} — not a whole number"],
        ),
    ],
)
def test_a_name_that_is_not_a_setting_is_counted_not_shown(raw, lines):
    from maglib.links import check_query, notice_lines
    from maglib.profile import PROFILE_PARAMS

    _, ignored = check_query(raw, PROFILE_PARAMS)
    assert notice_lines(ignored) == lines
    assert links.foreign_names_line(1) == "- 1 parameter that is not a setting of this page (names not shown)"
    assert (
        links.foreign_names_line(3) == "- 3 parameters that are not a setting of this page (names not shown)"
    )


def test_a_choice_settings_bad_value_is_shown_even_with_spaces():
    """A medicine dropped from a link is named, so its reader can add it again."""
    from maglib.links import check_query, notice_lines

    _, ignored = check_query({"m": ["Warfarin pill"]}, [Param("m", "multi", (), options=("a", "b"))])
    assert notice_lines(ignored) == ["- `m` = `Warfarin pill` — not one of the choices"]
    _, ignored = check_query({"c": ["Warfarin pill"]}, [Param("c", "choice", "a", options=("a", "b"))])
    assert notice_lines(ignored) == ["- `c` = `Warfarin pill` — not one of the choices"]


def test_a_settings_value_beyond_the_parameter_limit_is_shown_and_repeats_are_counted():
    from maglib.links import check_query, notice_lines

    params = [Param(f"k{i}", "int", 0, min_value=0, max_value=9) for i in range(links.MAX_PARAMS + 5)]
    raw = {f"k{i}": ["1"] for i in range(links.MAX_PARAMS)} | {
        f"k{links.MAX_PARAMS + i}": [f"{i}"] for i in range(5)
    }
    _, ignored = check_query(raw, params)
    lines = notice_lines(ignored, per_reason=3)
    assert lines == [
        f"- `k{links.MAX_PARAMS}` = `0` — too many parameters in the link",
        f"- `k{links.MAX_PARAMS + 1}` = `1` — too many parameters in the link",
        f"- `k{links.MAX_PARAMS + 2}` = `2` — too many parameters in the link",
        "- … and 2 more parameters — too many parameters in the link",
    ]
    # One more than shown: "1 more parameter"; exactly as many as shown: no count line.
    assert (
        notice_lines(ignored, per_reason=4)[-1]
        == "- … and 1 more parameter — too many parameters in the link"
    )
    assert len(notice_lines(ignored, per_reason=5)) == 5
    assert not any("more" in line for line in notice_lines(ignored, per_reason=5))


def test_a_name_beyond_the_parameter_limit_is_not_echoed_either():
    from maglib.links import check_query, notice_lines

    raw = {f"k{i}": ["1"] for i in range(MAX_PARAMS)} | {"Take 2000 mg": ["now"]}
    _, ignored = check_query(raw, PARAMS)
    assert ignored[-1].reason == "too many parameters in the link" and ignored[-1].foreign
    lines = notice_lines(ignored, per_reason=999)
    assert not any("2000" in line or "now" in line for line in lines)
    assert lines[-1] == "- a parameter (name not shown) — too many parameters in the link"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("abc", True),
        ("", True),
        ("17", True),
        ("Warfarin pill", True),
        ("<b>x</b>", True),
        ("Take 2000 mg", False),
        ("Take\u28002000\u2800mg", False),  # look-alike blanks
        ("Take\u31642000", False),
        ("x" * 40, True),
        ("x" * 41, False),
        ("a  b", False),  # two spaces
        ("caf\u00e9", False),
    ],
)
def test_only_a_short_plain_value_is_shown(value, shown):
    """Adversarial re-review (session 59): a crafted sentence appeared in notices of every kind."""
    assert links.showable([value]) is shown
    assert links.showable(["a", value]) is shown


def test_a_sentence_is_not_shown_whatever_the_reason():
    from maglib.links import check_query, check_version

    sentence = "Take 2000 mg tonight, safe in pregnancy"
    for raw, params in (
        ({"c": [sentence]}, [Param("c", "choice", "a", options=("a", "b"))]),
        ({"m": [sentence]}, [Param("m", "multi", (), options=("a", "b"))]),
        ({"n": [sentence + " <b>"]}, [Param("n", "int", 0, min_value=0, max_value=9)]),
        ({"n": [sentence + "x" * 300]}, [Param("n", "int", 0, min_value=0, max_value=9)]),
    ):
        _, ignored = check_query(raw, params)
        assert [i.value for i in ignored] == [links.VALUE_NOT_SHOWN], raw
    assert check_version({"v": [sentence]})[1][0].value == links.VALUE_NOT_SHOWN
    assert check_version({"v": ["77"]})[1][0].value == "77"


def test_a_sentence_among_known_medicines_is_not_shown_and_other_digits_are_no_version():
    from maglib.links import check_query, check_version

    meds = Param("m", "multi", (), options=("a", "b"), keep_known=True, max_items=3)
    valid, ignored = check_query({"m": ["a", "Take 2000 mg tonight"]}, [meds])
    assert valid == {"m": ["a"]}
    assert [(i.value, i.reason) for i in ignored] == [
        (links.VALUE_NOT_SHOWN, "not one of the choices; the others were used")
    ]
    _, ignored = check_query({"m": ["a", "zz"]}, [meds])
    assert [i.value for i in ignored] == ["zz"]
    # Only ASCII digits name a version (an Arabic-Indic one is not read as 1).
    version, ignored = check_version({"v": ["\u0661"]})
    assert version == LINK_VERSION and len(ignored) == 1


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("goal", "Sleep", "Sleep"),
        ("forms", ["a", "c"], "a, c"),
        ("forms", [], "none"),
        ("dose", 250, "250"),
        ("grams", 1.5, "1.5"),
        ("grams", 2.0, "2"),
        ("split", True, "ticked"),
        ("split", False, "not ticked"),
        ("start", dt.date(2026, 1, 1), "2026-01-01"),
        ("at", dt.time(21, 0), "21:00"),
    ],
)
def test_setting_text_says_a_value_as_the_page_shows_it(key, value, expected):
    assert links.setting_text(next(p for p in PARAMS if p.key == key), value) == expected


def test_a_line_says_what_its_setting_is_now_and_only_when_told():
    """Phone review (session 59): a damaged link's age fell back to 45 without a word of it."""
    from maglib.links import notice_lines

    _, ignored = check_query({"dose": ["abc"], "split": ["maybe"]}, PARAMS)
    plain = notice_lines(ignored)
    assert not any("now" in line for line in plain)
    told = notice_lines([dataclasses.replace(item, now=f"value {i}") for i, item in enumerate(ignored)])
    assert told == [f"{line}; now `value {i}`" for i, line in enumerate(plain)]
