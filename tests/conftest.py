"""Shared test helpers: run a page of the real app through AppTest."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED_SR28 = ROOT.parent / "shared" / "data" / "usda-sr28"

#: url_path → page file, as registered in app.py.
PAGES: dict[str, str] = {
    "": "pages/home.py",
    "compare": "pages/compare.py",
    "diet": "pages/diet.py",
    "schedule": "pages/schedule.py",
    "journal": "pages/journal.py",
    "sources": "pages/sources.py",
}

#: A 2-core CI machine is slow on a cold first run; 3 s (the default) is not enough.
APPTEST_TIMEOUT = 60


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def run_page(
    url_path: str,
    query: Mapping[str, str | Sequence[str]] | None = None,
) -> AppTest:
    """Run one page of the app (through app.py's navigation) and return the AppTest."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APPTEST_TIMEOUT)
    if query:
        for key, value in query.items():
            at.query_params[key] = value if isinstance(value, str) else list(value)
    at.switch_page(PAGES[url_path])
    at.run()
    return at


def all_text(at: AppTest) -> str:
    """Every markdown/caption/alert/title string on the page, joined."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "text",
    ):
        parts.extend(str(el.value) for el in getattr(at, kind))
    return "\n".join(parts)


def assert_clean(at: AppTest) -> None:
    """No exception element, no Streamlit deprecation notice on the page."""
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at).lower()
    assert "deprecat" not in text, text
