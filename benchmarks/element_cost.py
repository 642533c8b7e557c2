"""What one more element costs a rerun in the browser, inside or outside the rerun's fragment.

    python -m benchmarks.element_cost                 # every scratch page, 20 repetitions
    python -m benchmarks.element_cost --reps 30 heading-10-in markdown-20-out

Opens the pages of ``benchmarks/element_cost_app.py`` side by side with its content floor and
moves each page's slider in turn (``benchmarks.browser.latencies``, interleaved), then prints each
page's median latency and its ratio to the content floor measured in the same run. The findings
that shaped the pages' layout are in benchmarks/README.md ("What an element costs").
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys

from playwright.async_api import async_playwright

from benchmarks import browser
from benchmarks.common import start_server
from benchmarks.interactions import Interaction

APP = "benchmarks/element_cost_app.py"
PAGES = (
    "markdown-20-in",
    "markdown-20-as-one-in",
    "short-markdown-20-in",
    "heading-10-in",
    "caption-10-in",
    "selectbox-10-in",
    "number-input-10-in",
    "metric-10-in",
    "info-5-in",
    "columns-5x2-in",
    "markdown-20-out",
    "selectbox-10-out",
    "widgets-11-in",
    "widgets-11-out-keyed",
)


def _slider(label: str) -> Interaction:
    path = "" if label == "content" else label
    return Interaction(label, path, "slider 50↔51", "slider", key="v", values=(51, 50))


async def _run(base: str, labels: list[str], reps: int) -> None:
    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            results = await browser.latencies(
                chromium, [(base, _slider(x)) for x in ["content", *labels]], reps=reps
            )
        finally:
            await chromium.close()
    floor = statistics.median(results[0].times_ms)
    print(f"{'content floor':24s} {floor:7.1f} ms  1.00×")
    for label, res in zip(labels, results[1:], strict=True):
        if not res.times_ms:
            print(f"{label:24s} no timing: {res.errors[:1] or res.na}")
            continue
        med = statistics.median(res.times_ms)
        print(f"{label:24s} {med:7.1f} ms  {med / floor:4.2f}×  ({med - floor:+.1f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="*", help=f"scratch pages (default: all): {', '.join(PAGES)}")
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args(argv)
    unknown = set(args.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    server = start_server(APP, log_name="element-cost.log")
    try:
        asyncio.run(_run(server.base, list(args.pages or PAGES), args.reps))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
