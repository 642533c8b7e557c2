"""Browser tests: a real `streamlit run app.py` driven by Playwright in Chromium.

The server starts once per test session on a free loopback port; the fixture
polls /_stcore/health, and stops the server (and checks its log for
tracebacks and deprecation warnings) at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Headless runs use Chromium's headless shell when it is installed (Debian's chromium-headless-shell,
# which scripts/test.sh installs): the same engine and version, and what Playwright itself runs
# headless, at about half the CPU per page of the full browser. CHROMIUM_PATH, when set, is used as is.
HEADLESS_SHELL = None if os.environ.get("CHROMIUM_PATH") else shutil.which("chromium-headless-shell")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Every tab on the app's origin in one renderer process, whose V8 keeps Streamlit's compiled
    # JavaScript between tabs (each test opens a new tab; the worker's keeper tab below holds the
    # process open). About a tenth of the browser suite's time on a 2-core machine.
    "--process-per-site",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if HEADLESS_SHELL and args.get("headless", True):
        args["executable_path"] = HEADLESS_SHELL
    elif Path(CHROMIUM).exists():
        # Playwright's own browser download does not work on every machine: use the system one.
        args["executable_path"] = CHROMIUM
    return args


@pytest.fixture(scope="session")
def _shared_context(browser: Browser, browser_context_args: dict, app_url: str) -> Iterator[BrowserContext]:
    """One browser context per test worker, so its HTTP cache is shared: Streamlit's JavaScript
    (hashed, cached for good) is then fetched and compiled once, not for every test's new
    context (0.3-0.7 s a page load here). The app keeps nothing in cookies or web storage; each
    test still gets its own tab, so its own Streamlit session. Tests that need a context of their
    own (a phone, a cold cache) make one with ``browser.new_context``.

    A keeper tab stays open on the server's health address (plain text, no script), so with
    ``--process-per-site`` the renderer process that has compiled Streamlit's code outlives each
    test's tab."""
    yield from worker_context(browser, app_url, **browser_context_args)


def worker_context(browser: Browser, app_url: str, **options: Any) -> Iterator[BrowserContext]:
    """A browser context for the whole worker (its HTTP cache and, through a keeper tab on the
    server's health address, its renderer process shared by the tests' tabs)."""
    context = browser.new_context(**options)
    keeper = context.new_page()
    keeper.goto(f"{app_url}/_stcore/health")
    yield context
    context.close()


@pytest.fixture
def context(_shared_context: BrowserContext) -> Iterator[BrowserContext]:
    yield _shared_context
    _shared_context.clear_cookies()


def new_tab(context: BrowserContext) -> Iterator[Page]:
    """A new tab (its own Streamlit session) in ``context``, closed after the test."""
    tab = context.new_page()
    yield tab
    tab.close()  # without running beforeunload (the journal's leave guard)


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    yield from new_tab(context)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(cwd: Path, log_path: Path, python: str = sys.executable) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run app.py` in ``cwd``; return (process, base URL) once healthy."""
    port = free_port()
    with log_path.open("w") as log:  # the child keeps its own copy of the file handle
        proc = subprocess.Popen(
            [
                python,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless=true",
                f"--server.port={port}",
                "--server.address=127.0.0.1",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
            ],
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    proc, base = start_server(ROOT, log_path)
    try:
        yield base
    finally:
        stop_server(proc)
    log = log_path.read_text()
    assert "Traceback" not in log, log
    assert "deprecat" not in log.lower(), log


def wait_ready(page: Page, timeout: float = 30_000) -> None:
    """Wait until the script has finished and nothing is still loading."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)


def live(page: Page, testid: str):
    """Elements with this test id that belong to the current run.

    While a run is under way Streamlit keeps the previous run's elements on screen,
    faded and marked ``data-stale="true"``; when an element moves (a notice above it
    appears) the old and the new copy are both in the page for a moment.
    """
    return page.locator(
        f'[data-testid="stElementContainer"]:not([data-stale="true"]) [data-testid="{testid}"]'
    )


def open_page(page: Page, url: str) -> None:
    """Open a page and wait for its first run to finish.

    The page holds one live region (``#mag-live``, magui.layout.say) that repeats an action's
    result for a screen reader ("Added the night of …", "Loaded 6 nights …"): look for such text
    inside ``get_by_test_id("stMain")``, or the locator finds it twice.

    Right after ``goto`` the app can report "notRunning" before its first run has begun
    (CI, 2026-12-04: the headings test found no headings at all), so this also waits for
    the page's title, an h1 every page draws first.
    """
    page.goto(url)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=30_000)
    wait_ready(page)
