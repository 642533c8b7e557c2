"""Hostile and damaged links: every page renders, never raises, never renders markup.

Each page declares its URL params (page_setup records them in session
state); the generated queries mix those keys with wrong types, out-of-range
numbers, markup, repeats, oversized values and unknown names.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import PAGES, all_text, assert_clean, dataset, run_page

_KNOWN_KEYS: dict[str, list[str]] = {}


def known_keys(url_path: str) -> list[str]:
    """The page's own URL keys, read from a clean run."""
    if url_path not in _KNOWN_KEYS:
        at = run_page(url_path)
        _, params = at.session_state["_page_link_params"]
        _KNOWN_KEYS[url_path] = [p.key for p in params]
    return _KNOWN_KEYS[url_path]


HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "[click](https://evil.example)",
            "![x](https://evil.example/x.png)",
            "-1",
            "1e308",
            "nan",
            "inf",
            "",
            "0",
            "99999999",
            "2026-02-30",
            "25:61",
            "true",
            "Female",
            "x" * 5000,
            "%00",
            "\u202e",
        ]
    ),
    st.text(max_size=30),
    st.integers(-(10**6), 10**6).map(str),
)


def query_strategy(keys: list[str]):
    key = st.one_of(st.sampled_from([*keys, "v"]), st.text(min_size=1, max_size=12))
    return st.dictionaries(key, st.lists(HOSTILE_VALUES, min_size=1, max_size=3), max_size=6)


@pytest.mark.parametrize("url_path", list(PAGES))
def test_generated_links_never_break_a_page(url_path):
    keys = known_keys(url_path)

    @settings(
        max_examples=8,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(query_strategy(keys))
    def check(query):
        at = run_page(url_path, query)
        assert_clean(at)
        for notice in (w.value for w in at.warning if "could not be used" in w.value):
            listed = notice.split("unless a line says otherwise.", 1)[1]
            # URL text only inside code spans (shown literally); nothing markup-like outside them.
            outside_code = re.sub(r"(`+).*?\1", "", listed)
            assert re.search(r"[<>\[\]]|https?:", outside_code) is None, listed

    check()


@pytest.mark.parametrize("url_path", list(PAGES))
def test_each_page_names_what_it_ignored(url_path):
    keys = known_keys(url_path)
    query = {"not_a_setting": "1", "v": "77"}
    if keys:
        query[keys[-1]] = "<b>x</b>"
    at = run_page(url_path, query)
    assert_clean(at)
    notices = [w.value for w in at.warning if "could not be used" in w.value]
    assert len(notices) == 1
    assert "1 parameter that is not a setting of this page (names not shown)" in notices[0]
    assert "not_a_setting" not in notices[0] and "unknown link version" in notices[0]
    if keys:
        assert "markup" in notices[0]


# --- holes found by the hostile-input probe (issue 17) -----------------------------------------


def _notices(at) -> list[str]:
    return [w.value for w in at.warning if "could not be used" in w.value]


@pytest.mark.parametrize(
    "key", ["<img src=x onerror=alert(1)>" + "x" * 40, "k" * 100_000], ids=["markup", "100KB"]
)
def test_a_long_unknown_key_leaves_the_address(key):
    """Hole 1: the notice listed it, but the address (and the share link) kept it."""
    at = run_page("compare", {key: "1"})
    assert_clean(at)
    assert len(_notices(at)) == 1
    assert key not in at.query_params


def test_more_than_a_thousand_parameters_are_named_and_cleared():
    """Hole 2: Streamlit drops such a query string silently; the app says so and clears it."""
    at = run_page("compare", {f"k{i}": "1" for i in range(1001)})
    assert_clean(at)
    notices = _notices(at)
    assert len(notices) == 1 and "1,001 parameters" in notices[0]
    assert dict(at.query_params) == {}


def _diet_sliders(at) -> list[str]:
    return [s.key for s in at.slider if s.key.startswith("s_")]


def test_diet_validates_the_food_list_before_using_it():
    """Hole 4: a too-long list was reported 'at defaults' yet 30 of its foods were shown."""
    from maglib import intake

    data = dataset()
    index = intake.build_food_index(data.foods, data.food_portions, data.everyday_foods, data.diet_presets)
    everyday = intake.default_food_list(index)
    numbers = list(data.foods["ndb_no"])[:40]
    code = "-".join(numbers)
    assert len(code) > 200
    at = run_page("diet", {"foods": code})
    assert_clean(at)
    assert "foods" not in at.query_params
    assert _diet_sliders(at) == [f"s_{n}" for n in everyday]


@pytest.mark.parametrize(
    "value",
    ["**bold**", "https://evil.example/x", "\u202e12061", "java\tscript:alert(1)", "1-" * 99 + "1"],
    ids=["bold", "url", "rtl", "tab-script", "repeated"],
)
def test_diet_food_list_text_is_never_echoed_raw(value):
    at = run_page("diet", {"foods": value})
    assert_clean(at)
    text = "\n".join(w.value for w in at.warning)
    assert len(text) < 1200, text
    outside_code = re.sub(r"(`+).*?\1", "", text, flags=re.S)
    assert "**bold**" not in outside_code and "evil.example" not in outside_code
    assert "\u202e" not in text
    if not value.startswith("1-"):
        assert "foods" not in at.query_params


def test_diet_huge_food_list_is_quick_and_short():
    at = run_page("diet", {"foods": "1-" * 50_000})
    assert_clean(at)
    assert sum(len(w.value) for w in at.warning) < 1200
    assert "foods" not in at.query_params


def test_schedule_start_with_invisible_characters_is_named_and_dropped():
    """Hole 5: NUL and zero-width characters in start= were kept silently."""
    for value in ("2026-01-\u200b1", "2026\x00-01-1"):
        at = run_page("schedule", {"start": value})
        assert_clean(at)
        notices = _notices(at)
        assert len(notices) == 1 and "`start`" in notices[0]
        said = notices[0].replace("\\", "")
        assert "U+200B" in said or "U+0000" in said
        assert "start" not in at.query_params


def test_the_proxys_mark_of_a_dropped_link_is_named_and_cleared():
    """Hole 2 behind the proxy: Streamlit's server drops a 1,001-parameter query string before the
    page runs, so deploy/nginx redirects such a link to ``?link_dropped=1``; the page names it."""
    at = run_page("diet", {"link_dropped": "1"})
    assert_clean(at)
    notices = _notices(at)
    assert len(notices) == 1 and "more than 1,000 parameters" in notices[0]
    assert "link_dropped" not in at.query_params


# --- tags that messaging and e-mail apps append ------------------------------------------------


@pytest.mark.parametrize("url_path", list(PAGES))
def test_tags_a_messaging_app_appends_are_removed_without_a_notice(url_path):
    """Phone review: a good link sent through Messenger (fbclid) or a newsletter (utm_source) showed
    "Part of this link could not be used"; on /schedule it would also drop the link's tick."""
    tags = {"fbclid": "IwAR0abc", "utm_source": "facebook", "UTM_Medium": "social", "gclid": "x1"}
    at = run_page(url_path, tags)
    assert_clean(at)
    assert _notices(at) == []
    assert not [k for k in at.query_params if k.lower() in {"fbclid", "utm_source", "utm_medium", "gclid"}]
    # Every page's own settings are never taken for tags.
    from maglib.links import is_tracking_key

    assert not [k for k in known_keys(url_path) if is_tracking_key(k)]


def test_a_schedule_link_with_a_messaging_tag_keeps_its_tick_and_other_junk_does_not():
    tagged = run_page("schedule", {"screened": "true", "fbclid": "IwAR0abc", "utm_campaign": "x"})
    assert_clean(tagged)
    assert tagged.checkbox(key="screened").value is True and tagged.dataframe
    junk = run_page("schedule", {"screened": "true", "fbclidx": "1"})  # not a tag: named, tick dropped
    assert junk.checkbox(key="screened").value is False
    assert [n for n in _notices(junk) if n.startswith("Part of this link could not be used;")]


@pytest.mark.parametrize("page", ["diet", "trial", "schedule"])
def test_a_link_naming_the_apps_own_session_keys_is_still_named(page):
    """Adversarial review (2026-12-04): the link check let through any key already in the session
    (the app writes some before the check), so "?_page_link_params=x" got no notice and stayed."""
    at = run_page(page, {"_page_link_params": "x", "_diet_shown_foods": "evil"})
    text = all_text(at).replace("\\", "")
    assert "Part of this link could not be used" in text
    # Counted, not named (session 59: a name is never echoed) — and gone from the address.
    assert "2 parameters that are not a setting of this page (names not shown)" in text
    assert "_page_link_params" not in at.query_params and "_diet_shown_foods" not in at.query_params


@pytest.mark.parametrize(("page", "query"), [("diet", {"sex": "Male"}), ("schedule", {"age": "70"})])
def test_a_pregnancy_answer_its_profile_cannot_have_is_named_and_dropped(page, query):
    """Link review (2026-12-05): ``stage=Pregnant`` with a man or age 70 was unused and unnamed, and a
    re-shared link carried it on. Now named in the link notice and gone from the address; the rest of
    the profile stands. A woman of 30's pregnancy answer stays."""
    at = run_page(page, {**query, "stage": "Pregnant"})
    assert_clean(at)
    said = " ".join(w.value for w in at.warning)
    assert "Part of this link could not be used" in said
    assert "a pregnancy or breastfeeding answer is asked only of a woman aged 9 to 60" in said
    assert "stage" not in at.query_params
    for key, value in query.items():
        assert at.query_params[key] == value
    fine = run_page(page, {"age": "30", "stage": "Pregnant"})
    assert "Part of this link could not be used" not in all_text(fine)
    assert fine.query_params["stage"] == "Pregnant"


@pytest.mark.parametrize("page", ["compare", "diet", "schedule", "trial"])
def test_a_damaged_links_notice_says_what_the_age_and_sex_are_now(page):
    """Phone review (session 59): "settings are at their defaults" never said that the age became 45."""
    at = run_page(page, {"age": "abc", "sex": "x"})
    assert_clean(at)
    notice = next(w.value for w in at.warning if "link could not be used" in w.value)
    assert "`age` = `abc` — not a whole number; now `45`" in notice
    assert "`sex` = `x` — not one of the choices; now `Female`" in notice
    if any(n.key == "age" for n in at.number_input):
        assert at.number_input(key="age").value == 45  # what the page shows is what the line says


def test_the_notices_now_follows_the_field_and_is_said_only_of_the_profile():
    """Re-review (session 60): "now `45`" stayed beside an age typed as 60; a pregnancy plan's notice said
    "now `250`" of a starting dose it has no field for; a repeated medicine was "now none" while picked."""
    at = run_page(
        "schedule",
        {
            "age": "abc",
            "sex": "Female",
            "stage": "Pregnant",
            "start_mg": "abc",
            "meds": ["Loop diuretics"] * 2,
        },
    )
    assert_clean(at)

    def notice() -> str:
        return next(w.value for w in at.warning if "link could not be used" in w.value)

    assert "`age` = `abc` — not a whole number; now `45`" in notice()
    lines = [line for line in notice().splitlines() if line.startswith("- ")]
    assert [line for line in lines if "now `" in line] == ["- `age` = `abc` — not a whole number; now `45`"]
    at.number_input(key="age").set_value(60).run()
    assert "`age` = `abc` — not a whole number; now `60`" in notice()
