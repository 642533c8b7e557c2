"""Shared test helpers: run a page of the real app through AppTest."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
import streamlit as st
import streamlit.components.v2.manifest_scanner as _manifest_scanner
import streamlit.testing.v1.app_test as _app_test
from hypothesis import settings as _hypothesis_settings
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.testing.v1 import AppTest

from maglib.data import Dataset, default_data_dir, load_dataset

# No per-example deadline in property tests: the suite runs on shared, noisy machines (CI has 2
# cores), and a deadline there fails a correct test by timing alone (2026-12-05: a 2.6 ms example
# took 412 ms while a browser ran beside the suite, "FlakyFailure"). Speed is measured in
# benchmarks/, never in tests.
_hypothesis_settings.register_profile("project", deadline=None)
_hypothesis_settings.load_profile("project")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED_SR28 = ROOT.parent / "shared" / "data" / "usda-sr28"

#: The product brief's reference comparison: form_id → (bioavailability, digestive effects,
#: key benefit). Issues 2 and 3 require exactly these levels in forms.csv and on /compare.
REFERENCE_LEVELS: dict[str, tuple[str, str, str]] = {
    "glycinate": ("High", "Gentle on the stomach", "Promotes relaxation and sleep"),
    "citrate": ("High", "Can have a laxative effect", "Supports digestive regularity"),
    "malate": ("High", "Gentle on the stomach", "Supports energy production"),
    "oxide": (
        "Low",
        "Strong laxative effect",
        "Inexpensive, but not recommended for correcting a deficiency",
    ),
    "topical": ("Variable", "None (local application)", "Localized relief"),
}

#: url_path → page file, as registered in app.py.
PAGES: dict[str, str] = {
    "": "pages/home.py",
    "compare": "pages/compare.py",
    "diet": "pages/diet.py",
    "schedule": "pages/schedule.py",
    "journal": "pages/journal.py",
    "trial": "pages/trial.py",
    "sources": "pages/sources.py",
}


class _WarmServerPagesManager(PagesManager):
    """AppTest resets ``PagesManager.uses_pages_directory`` before every run; on
    this subclass the reset lands on the subclass, leaving Streamlit's real flag
    as a warm server has it (False once app.py's st.navigation has run). Without
    this, every AppTest run starts in Streamlit's legacy ``pages/`` mode and
    magui's one-time switch out of it (a rerun, see magui.layout) happens on every
    run, swallowing button clicks. The cold-server case is covered by
    tests/browser/test_share_links.py::test_shared_link_is_first_request_on_a_cold_server.

    Its page registry also outlives the run, as a server session's does: a keyed fragment
    rerun (``st.rerun("<key>")`` from a callback, e.g. /diet's servings sliders) does not run
    app.py's ``st.navigation``, yet an ``st.page_link`` the fragment draws must find its page.
    """

    _registered: ClassVar[dict[str, Any] | None] = None  # app.py's pages, the same in every test

    def set_pages_and_resolve(self, pages: Any, fallback_page_hash: str = "") -> Any:
        _WarmServerPagesManager._registered = dict(pages)
        return super().set_pages_and_resolve(pages, fallback_page_hash)

    def get_pages(self) -> Any:
        ctx = get_script_run_ctx()
        fragment_run = ctx is not None and bool(ctx.fragment_ids_this_run)
        if fragment_run and self._pages is None and self._registered is not None:
            return dict(self._registered)
        return super().get_pages()


_app_test.PagesManager = _WarmServerPagesManager
PagesManager.uses_pages_directory = False

#: Every AppTest's first run scans the metadata of every installed package for Streamlit's v2
#: custom components (``manifest_scanner.scan_component_manifests``: 0.21 s of a /schedule run's
#: 0.27 s here, about half of the whole non-browser suite's time). A server scans once, at start;
#: the installed packages do not change during a test session, so the tests scan once too.
_scan_once = functools.cache(_manifest_scanner.scan_component_manifests)
_manifest_scanner.scan_component_manifests = _scan_once

#: A 2-core CI machine is slow on a cold first run; 3 s (the default) is not enough.
APPTEST_TIMEOUT = 60


@pytest.hookimpl(tryfirst=True)  # before xdist's worker reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist's ``--dist loadgroup`` (scripts/test.sh), keep the tests that share a
    module-scoped fixture on one worker, so it is set up once (a fresh clone with its own
    virtualenv, a second streamlit server); every other test goes to whichever worker is free.
    Other ``--dist`` modes ignore the mark; without xdist (``-p no:xdist``) none is added."""
    if config.pluginmanager.hasplugin("xdist"):
        for item in items:
            info = getattr(item, "_fixtureinfo", None)
            defs = info.name2fixturedefs.values() if info is not None else ()
            if any(d[-1].scope in ("package", "module", "class") for d in defs if d):
                item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@functools.cache
def _dataset_in(folder: Path) -> Dataset:
    return load_dataset(folder)


def dataset() -> Dataset:
    """The project's data (``maglib.data.default_data_dir``), loaded and validated once per test
    process and shared read-only, as the app shares it between sessions (magui.data's
    ``st.cache_resource``). Loading it took 0.25-0.5 s, and 14 test modules loaded it again while
    pytest collected them. Tests of loading itself call ``load_dataset`` on their own folders."""
    return _dataset_in(default_data_dir())


def pin_clock(monkeypatch: pytest.MonkeyPatch, day: dt.date, at: dt.time) -> None:
    """The pages' clock (``magui.clock.now``) fixed at ``at`` on ``day`` (this machine's zone): what
    the journal's Night field offers, and the dose the plan's journal link carries, depend on the
    time of day (the latest night that has begun)."""
    import magui.clock

    monkeypatch.setattr(magui.clock, "now", lambda: dt.datetime.combine(day, at).astimezone())


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


def schedule_with_box(name: str = "Candesartan Comp", *, read: bool = False) -> AppTest:
    """/schedule for a 58-year-old woman, screened and with a normal kidney test, after ``name`` (a
    combination's name found in one class) was typed in the medicine finder: the plan waits for its box
    (rule combination_box_read), or, ``read``, the box was ticked as read and the plan is drawn."""
    at = run_page("schedule", {"age": "58", "sex": "Female"})
    at.text_input(key="_schedule_find_medicine").input(name).run()
    at.checkbox(key="screened").check().run()
    at.checkbox(key="kidney_test_normal").check().run()
    if read:
        next(c for c in at.checkbox if str(c.key).startswith("_schedule_box_read:")).check().run()
    assert bool(at.dataframe) is read
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


def texts_in_order(at: AppTest, *, ticks: bool = False) -> list[str]:
    """Every text element of the main area (alerts, markdown, captions…) in the order a reader meets
    them, walking the element tree (``all_text`` groups by element kind instead); with ``ticks``, each
    checkbox too, as "tick:<its key>"."""
    out: list[str] = []

    def walk(node: object) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for key in sorted(children):
                walk(children[key])
            return
        if ticks and getattr(node, "type", "") == "checkbox":
            out.append(f"tick:{getattr(node, 'key', '')}")
            return
        value = getattr(node, "value", None)
        if isinstance(value, str):
            out.append(value)

    walk(at.main)
    return out


def assert_clean(at: AppTest) -> None:
    """No exception element, no Streamlit deprecation notice on the page."""
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at).lower()
    assert "deprecat" not in text, text
