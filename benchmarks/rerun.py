"""Rerun cost in process (AppTest): time of ``at.run()`` after one interaction.

The same harness overhead (AppTest's script thread, delta collection) is in the
floor app's figure, so page ÷ floor is the page's own cost.
"""

from __future__ import annotations

import fnmatch
import logging
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as app_test_module

from benchmarks.common import ROOT, TimingStats
from benchmarks.interactions import Interaction

TIMEOUT_S = 60

_original_pages_manager_init = PagesManager.__init__


def _server_like_pages_manager_init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
    """As in a running server after app.py's st.navigation has run once: no legacy pages/ mode.

    AppTest resets ``PagesManager.uses_pages_directory`` before every run; with a
    ``pages/`` folder the switched-to page then first runs on its own, hits
    magui's ``_leave_legacy_multipage_mode`` and reruns through app.py. A real
    server does that at most once per process, so it is kept out of the rerun figure.
    """
    _original_pages_manager_init(self, *args, **kwargs)
    if Path(str(self.main_script_path)).resolve() == (ROOT / "app.py").resolve():
        PagesManager.uses_pages_directory = False


PagesManager.__init__ = _server_like_pages_manager_init  # type: ignore[method-assign]


class _ServerLikeScriptCache(ScriptCache):
    """One bytecode cache for every AppTest run, as a running server keeps one per process.

    AppTest builds a new ``ScriptCache`` for each ``run()``, so it compiles app.py and
    the page on every rerun (about 4 ms for /journal's 400 lines); a server compiles each
    script once. The floor app gets the same cache, so the ratio is unaffected by it.
    """

    _shared: ScriptCache | None = None

    def __new__(cls) -> ScriptCache:  # type: ignore[misc]
        if cls._shared is None:
            cls._shared = ScriptCache()
        return cls._shared


app_test_module.ScriptCache = _ServerLikeScriptCache  # type: ignore[misc]


def _quiet_streamlit_logs() -> None:
    """AppTest's bare-mode "missing ScriptRunContext" warnings are noise here."""
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


@dataclass
class RerunResult(TimingStats):
    """Timings (ms) of the reruns, or why there are none."""

    page: str
    description: str
    times_ms: list[float]
    error: str | None = None


class WidgetNotFound(LookupError):
    """The interaction's widget is not on the page."""


def _find(at: AppTest, kind: str, key: str | None, label: str | None) -> Any:
    if kind == "button":
        # st.button and st.form_submit_button both appear in at.button.
        for el in at.button:
            if (key and el.key == key) or (label and el.label == label):
                return el
        raise WidgetNotFound(f"button {key or label!r}")
    elements = getattr(at, {"segmented": "segmented_control"}.get(kind, kind))
    for el in elements:
        if key and (el.key == key or (key.endswith("*") and fnmatch.fnmatch(el.key or "", key))):
            return el
    raise WidgetNotFound(f"{kind} {key!r}")


def _set(el: Any, kind: str, value: Any) -> None:
    if kind == "button":
        el.click()
        return
    if kind == "slider" and value in {"+", "-"}:
        step = el.step or 1
        current = el.value
        new = current + step if value == "+" else current - step
        if el.max is not None and new > el.max:
            new = current - step
        if el.min is not None and new < el.min:
            new = current + step
        el.set_value(new)
        return
    el.set_value(value)


def _apply(at: AppTest, inter: Interaction, rep: int) -> None:
    try:
        _apply_once(at, inter, rep)
    except WidgetNotFound:
        # After a keyed fragment rerun (``st.rerun("<fragment key>")`` from a widget's callback)
        # AppTest holds only what that fragment drew, while a browser keeps the rest of the page.
        # A full rerun (untimed) draws the whole page again from the same session state.
        at.run()
        _apply_once(at, inter, rep)


def _apply_once(at: AppTest, inter: Interaction, rep: int) -> None:
    for kind, key, values in inter.fill:
        _set(_find(at, kind, key, None), kind, values[rep % len(values)])
    el = _find(at, inter.kind, inter.key, inter.label)
    _set(el, inter.kind, inter.values[rep % len(inter.values)])


def new_apptest(inter: Interaction) -> AppTest:
    """An AppTest on the floor app or on a page of app.py (through its navigation), run once."""
    _quiet_streamlit_logs()
    if inter.path is None:
        at = AppTest.from_file(str(ROOT / "benchmarks" / "floor_app.py"), default_timeout=TIMEOUT_S)
    else:
        from tests.conftest import PAGES, run_page

        if inter.path not in PAGES:
            raise WidgetNotFound(f"page {inter.path!r} not in app")
        return run_page(inter.path, inter.query or None)
    for k, v in inter.query.items():
        at.query_params[k] = v
    at.run()
    return at


def measure(inter: Interaction, reps: int = 30, warmup: int = 3) -> RerunResult:
    """Median/p95 of ``reps`` reruns after ``warmup`` untimed ones."""
    if inter.kind == "none":
        return RerunResult(inter.page, inter.description, [], "n/a (no input widget on this page)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            at = new_apptest(inter)
            if at.exception:
                return RerunResult(inter.page, inter.description, [], f"exception: {at.exception[0].value}")
            times: list[float] = []
            for rep in range(warmup + reps):
                _apply(at, inter, rep)
                t0 = time.perf_counter()
                at.run()
                elapsed = (time.perf_counter() - t0) * 1000.0
                if at.exception:
                    return RerunResult(
                        inter.page, inter.description, times, f"exception: {at.exception[0].value}"
                    )
                if rep >= warmup:
                    times.append(elapsed)
    except WidgetNotFound as exc:
        return RerunResult(inter.page, inter.description, [], f"n/a (widget not found: {exc})")
    except Exception as exc:
        return RerunResult(inter.page, inter.description, [], f"error: {type(exc).__name__}: {exc}")
    return RerunResult(inter.page, inter.description, times)


def first_run_ms(inter: Interaction, reps: int = 3) -> list[float]:
    """Time of a fresh session's first run of the page (caches warm), in ms."""
    out: list[float] = []
    for _ in range(reps):
        t0 = time.perf_counter()
        new_apptest(inter)
        out.append((time.perf_counter() - t0) * 1000.0)
    return out
