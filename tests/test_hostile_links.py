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

from .conftest import PAGES, assert_clean, run_page

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
            listed = notice.split("defaults.", 1)[1]
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
    assert "`not_a_setting`" in notices[0] and "unknown link version" in notices[0]
    if keys:
        assert "markup" in notices[0]
