"""Load: N concurrent browser sessions touring every page against ONE server.

    python -m benchmarks.load                       # 20 sessions, 60 s
    python -m benchmarks.load --sessions 5 --seconds 20

One Chromium, one context per session (async Playwright), one `streamlit run
app.py` on 127.0.0.1. Each session loops over the pages of app.py: open the
page (timed as a "load"), then do the page's interaction from
benchmarks/interactions.py (timed as an "interaction"), until the time is up.
Hard caps: ≤ 50 sessions, ≤ 300 s, ≤ 500 page visits per session; the server
and the browser are always stopped. Writes benchmarks/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from dataclasses import dataclass, field

from playwright.async_api import Browser, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from benchmarks import browser, interactions
from benchmarks.common import (
    APP_SCRIPT,
    PAGES,
    RESULTS,
    Server,
    machine_info,
    median,
    percentile,
    start_server,
)

MAX_SESSIONS = 50
MAX_SECONDS = 300
MAX_VISITS_PER_SESSION = 500
STEP_TIMEOUT_MS = 30_000


@dataclass
class Tally:
    """What all sessions did."""

    interactions_ms: list[float] = field(default_factory=list)
    loads_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    rss_mb: list[float] = field(default_factory=list)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {detail}")


async def _session(chromium: Browser, base: str, index: int, deadline: float, tally: Tally) -> None:
    ctx = await browser.new_context(chromium)
    try:
        page: Page = await ctx.new_page()
        page.on("pageerror", lambda exc: tally.error("page error (JS)", str(exc)[:200]))
        tour = list(interactions.PAGE_INTERACTIONS)
        offset = index % len(tour)  # sessions start on different pages
        visits, rep = 0, 0
        while time.monotonic() < deadline and visits < MAX_VISITS_PER_SESSION:
            inter = tour[(offset + visits) % len(tour)]
            visits += 1
            url = browser._url(base, inter)
            try:
                tally.loads_ms.append(await browser.open_rendered(page, url, STEP_TIMEOUT_MS))
                if await page.locator(browser.EXCEPTION_SELECTOR).count():
                    tally.error("exception on page", f"{inter.page} after load")
                    continue
            except PlaywrightTimeout:
                tally.error("timeout", f"{inter.page} load")
                continue
            if time.monotonic() >= deadline:
                break
            if inter.kind == "none":
                continue
            try:
                tally.interactions_ms.append(await browser.interact(page, inter, rep, STEP_TIMEOUT_MS))
                rep += 1
            except browser.WidgetNotFound:
                tally.skipped[inter.page] = tally.skipped.get(inter.page, 0) + 1
            except PlaywrightTimeout:
                tally.error("timeout", f"{inter.page} interaction")
            except RuntimeError as exc:
                tally.error("exception on page", f"{inter.page} interaction: {exc}")
    except Exception as exc:  # a broken session is an error, not a crash of the run
        tally.error("session crashed", f"{type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await ctx.close()


async def _sample_rss(server: Server, stop: asyncio.Event, tally: Tally) -> None:
    while not stop.is_set():
        tally.rss_mb.append(server.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def run_load(sessions: int, seconds: float) -> tuple[Tally, Server | None, float]:
    """Start a server and a browser, run the sessions, always stop both."""
    from playwright.async_api import async_playwright

    tally = Tally()
    server = start_server(APP_SCRIPT, "load-server.log")
    elapsed = 0.0
    try:
        async with async_playwright() as pw:
            chromium = await browser.launch(pw)
            stop = asyncio.Event()
            sampler = asyncio.create_task(_sample_rss(server, stop, tally))
            try:
                t0 = time.monotonic()
                deadline = t0 + seconds
                tasks = [_session(chromium, server.base, i, deadline, tally) for i in range(sessions)]
                # Bounded: a step can overrun the deadline by at most one timeout (+ margin).
                await asyncio.wait_for(
                    asyncio.gather(*tasks), timeout=seconds + 2 * STEP_TIMEOUT_MS / 1000 + 60
                )
                elapsed = time.monotonic() - t0
            except TimeoutError:
                tally.error("run overran its bound", "cancelled")
                elapsed = time.monotonic() - t0
            finally:
                stop.set()
                await sampler
                await chromium.close()
    finally:
        server.stop()
    return tally, server, elapsed


def report(tally: Tally, sessions: int, seconds: float, elapsed: float, server: Server | None) -> str:
    """Markdown report (also printed)."""
    errors = sum(tally.errors.values())
    lines = [
        "# Load results (latest)",
        "",
        f"Command: `python -m benchmarks.load --sessions {sessions} --seconds {seconds:g}`  ",
        "Machine: " + ", ".join(f"{k}: {v}" for k, v in machine_info().items()),
        "",
        f"{sessions} concurrent browser sessions (one Chromium, one context each) against one "
        f"`streamlit run app.py` on 127.0.0.1 for {elapsed:.0f} s; each session tours every page "
        "(open, then the page's interaction from benchmarks/interactions.py).",
        "",
        "| metric | value |",
        "|---|---:|",
        f"| interactions done | {len(tally.interactions_ms)} |",
        f"| page loads done | {len(tally.loads_ms)} |",
        f"| errors (exceptions on page, JS errors, timeouts) | {errors} |",
        f"| interaction latency p50 ms | {median(tally.interactions_ms):.0f} |",
        f"| interaction latency p95 ms | {percentile(tally.interactions_ms, 95):.0f} |",
        f"| page load p50 ms | {median(tally.loads_ms):.0f} |",
        f"| page load p95 ms | {percentile(tally.loads_ms, 95):.0f} |",
        f"| server RSS at start MB | {tally.rss_mb[0] if tally.rss_mb else float('nan'):.0f} |",
        f"| server peak RSS MB (sampled every 0.5 s) | {max(tally.rss_mb, default=float('nan')):.0f} |",
        f"| server startup to health ok s | {server.startup_s if server else float('nan'):.1f} |",
    ]
    if tally.errors:
        lines += ["", "Errors by kind: " + ", ".join(f"{k}: {v}" for k, v in tally.errors.items()), ""]
        lines += [f"- {e}" for e in tally.error_examples]
    if tally.skipped:
        lines += [
            "",
            "Interactions skipped (widget not found): "
            + ", ".join(f"{k}: {v}" for k, v in tally.skipped.items()),
        ]
    lines += [
        "",
        "Latencies here include the browser's own work: 20 Chromium contexts and the server share the "
        "same cores, so they are much higher than the single-session figures in latest.md.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20, help=f"concurrent sessions (1..{MAX_SESSIONS})")
    parser.add_argument("--seconds", type=float, default=60.0, help=f"duration (1..{MAX_SECONDS})")
    args = parser.parse_args(argv)
    sessions = max(1, min(MAX_SESSIONS, args.sessions))
    seconds = max(1.0, min(float(MAX_SECONDS), args.seconds))
    if (sessions, seconds) != (args.sessions, args.seconds):
        print(f"capped to {sessions} sessions, {seconds:g} s", file=sys.stderr)
    print(
        f"load: {sessions} sessions for {seconds:g} s over pages {[label for label, _ in PAGES]}", flush=True
    )
    tally, server, elapsed = asyncio.run(run_load(sessions, seconds))
    md = report(tally, sessions, seconds, elapsed, server)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.md").write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
