"""Screenshots of every page for the README, on a desktop (1366 × 900) and a phone (390 × 844).

    python scripts/screenshots.py            # writes docs/screenshots/<page>-<desktop|phone>.png

Starts `streamlit run app.py` on a free port, opens each page in Chromium (the system one, as
the browser tests do), scrolls to the part the README talks about, and stops the server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.wait_for_timeout(800)  # charts draw after the script has finished


def _scroll_to(page: Page, selector: str) -> None:
    page.locator(selector).first.scroll_into_view_if_needed()
    page.wait_for_timeout(400)


#: url path → what to show once the page has loaded.
def _compare(page: Page) -> None:
    _scroll_to(page, '[data-testid="stVegaLiteChart"]')


def _diet(page: Page) -> None:
    _scroll_to(page, '[data-testid="stSlider"]')


def _journal(page: Page) -> None:
    page.get_by_role("button", name="Load example journal").click()
    _ready(page)
    _scroll_to(page, '[data-testid="stVegaLiteChart"]')


ACTIONS = {
    "": None,
    "compare": _compare,
    "diet": _diet,
    "schedule": None,
    "journal": _journal,
    "sources": None,
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        chromium = shutil.which("chromium")
        with sync_playwright() as pw:
            browser = (
                pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
                if chromium
                else pw.chromium.launch()
            )
            for screen, viewport in SCREENS.items():
                context = browser.new_context(viewport=viewport, is_mobile=screen == "phone")
                page = context.new_page()
                for path, action in ACTIONS.items():
                    page.goto(f"{base}/{path}")
                    _ready(page)
                    if action is not None:
                        action(page)
                    target = OUT / f"{path or 'home'}-{screen}.png"
                    page.screenshot(path=str(target))
                    print(target.relative_to(ROOT))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
