"""Load: N concurrent browser sessions touring every page against ONE server.

    python -m benchmarks.load                       # 20 sessions, 60 s
    python -m benchmarks.load --sessions 5 --seconds 20

One Chromium, one tab per session (async Playwright), one `streamlit run
app.py` on 127.0.0.1. Each tab holds its own Streamlit session (its own
WebSocket and session state); the tabs share one browser context, so the
browser compiles Streamlit's JavaScript once, as a person's browser would keep
it cached. (With a fresh context per session, 20 Chromium tabs compiling the
same bundle on 2 cores measured the client: the machine at 100% CPU, the
server at 10%, first loads of ~55 s.) Each session loops over the pages of app.py: open the
page (timed as a "load"), then do the page's interaction from
benchmarks/interactions.py (timed as an "interaction"), until the time is up.
Sessions start staggered (``--ramp`` s apart) and move between pages with the
sidebar links, as a user does (one Streamlit session per context). Hard caps:
≤ 50 sessions, ≤ 300 s, ≤ 500 page visits per session, 60 s per step; the
server and the browser are always stopped. Writes benchmarks/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext, Page
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
STEP_TIMEOUT_MS = 60_000
DEFAULT_RAMP_S = 2.0
DEFAULT_THINK_S = 5.0


@dataclass
class Tally:
    """What all sessions did."""

    interactions_ms: list[float] = field(default_factory=list)
    loads_ms: list[float] = field(default_factory=list)  #: in-app page switches (sidebar link)
    first_loads_ms: list[float] = field(default_factory=list)  #: each session's first goto
    errors: dict[str, int] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    rss_mb: list[float] = field(default_factory=list)
    server_cpu_s: float = float("nan")

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {detail}")


NAV_SWITCHED_JS = (
    "([path]) => (window.__benchSawRunning || window.__benchMutated)"
    " && (path === '' ? location.pathname.replace(/\\/$/, '').split('/').pop() === ''"
    " : location.pathname.endsWith('/' + path))"
    f" && ({browser.READY_JS})()"
)


async def _switch_page(page: Page, base: str, inter: interactions.Interaction) -> float:
    """Go to the interaction's page like a user: the sidebar link (same session, no reload).

    Pages that need URL params (``inter.query``) are opened by URL instead.
    Returns ms from the click to the page fully rendered.
    """
    path = inter.path or ""
    if inter.query:
        return await browser.open_rendered(page, browser._url(base, inter), STEP_TIMEOUT_MS)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    link = (
        links.first if not path else page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').first
    )
    if await link.count() == 0:
        return await browser.open_rendered(page, browser._url(base, inter), STEP_TIMEOUT_MS)
    await page.evaluate(browser.WATCH_JS)
    t0 = time.perf_counter()
    await link.click()
    await page.wait_for_function(NAV_SWITCHED_JS, arg=[path], timeout=STEP_TIMEOUT_MS)
    return (time.perf_counter() - t0) * 1000.0


async def _session(
    ctx: BrowserContext,
    base: str,
    index: int,
    start_delay: float,
    think_s: float,
    deadline: float,
    tally: Tally,
) -> None:
    await asyncio.sleep(start_delay)  # ramp-up: 20 cold loads at once would only measure the CPU
    if time.monotonic() >= deadline:
        return
    page: Page = await ctx.new_page()
    try:
        page.on("pageerror", lambda exc: tally.error("page error (JS)", str(exc)[:200]))
        tour = _tour()
        offset = index % len(tour)  # sessions start on different pages
        first = tour[offset]
        try:
            tally.first_loads_ms.append(
                await browser.open_rendered(page, browser._url(base, first), STEP_TIMEOUT_MS)
            )
        except PlaywrightTimeout:
            tally.error("timeout", f"{first.page} first load")
        visits, rep = 0, 0
        while time.monotonic() < deadline and visits < MAX_VISITS_PER_SESSION:
            await asyncio.sleep(think_s)  # a person reads before the next click
            if time.monotonic() >= deadline:
                break
            inter = tour[(offset + visits) % len(tour)]
            if visits > 0:
                try:
                    tally.loads_ms.append(await _switch_page(page, base, inter))
                except PlaywrightTimeout:
                    tally.error("timeout", f"{inter.page} page switch")
                    await page.goto(browser._url(base, inter), wait_until="commit")
                    visits += 1
                    continue
            visits += 1
            if await page.locator(browser.EXCEPTION_SELECTOR).count():
                tally.error("exception on page", f"{inter.page} after load")
                continue
            if time.monotonic() >= deadline:
                break
            if inter.kind == "none":
                continue
            try:
                tally.interactions_ms.append(
                    (await browser.interact(page, inter, rep, STEP_TIMEOUT_MS)).done_ms
                )
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
        await page.close()


def _tour() -> list[interactions.Interaction]:
    """Each page once, with its typical interaction (variants of a page, e.g. diet-25, left out)."""
    seen: set[str | None] = set()
    tour = []
    for inter in interactions.PAGE_INTERACTIONS:
        if inter.path not in seen:
            seen.add(inter.path)
            tour.append(inter)
    return tour


async def _sample_rss(server: Server, stop: asyncio.Event, tally: Tally) -> None:
    while not stop.is_set():
        tally.rss_mb.append(server.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc/<pid>/stat)."""
    import os
    from pathlib import Path

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")


async def run_load(
    sessions: int, seconds: float, ramp_s: float, think_s: float
) -> tuple[Tally, Server | None, float]:
    """Start a server and a browser, run the sessions, always stop both."""
    from playwright.async_api import async_playwright

    tally = Tally()
    server = start_server(APP_SCRIPT, "load-server.log")
    elapsed = 0.0
    try:
        async with async_playwright() as pw:
            chromium = await browser.launch(pw)
            shared = await browser.new_context(chromium)
            stop = asyncio.Event()
            sampler = asyncio.create_task(_sample_rss(server, stop, tally))
            try:
                t0 = time.monotonic()
                cpu0 = _cpu_seconds(server.proc.pid)
                deadline = t0 + seconds
                tasks = [
                    _session(shared, server.base, i, i * ramp_s, think_s, deadline, tally)
                    for i in range(sessions)
                ]
                # Bounded: a step can overrun the deadline by at most one timeout (+ margin).
                await asyncio.wait_for(
                    asyncio.gather(*tasks), timeout=seconds + 2 * STEP_TIMEOUT_MS / 1000 + 60
                )
                elapsed = time.monotonic() - t0
                tally.server_cpu_s = _cpu_seconds(server.proc.pid) - cpu0
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


def report(
    tally: Tally,
    sessions: int,
    seconds: float,
    elapsed: float,
    server: Server | None,
    ramp_s: float,
    think_s: float,
) -> str:
    """Markdown report (also printed)."""
    errors = sum(tally.errors.values())
    lines = [
        "# Load results (latest)",
        "",
        f"Command: `python -m benchmarks.load --sessions {sessions} --seconds {seconds:g} --ramp {ramp_s:g} --think {think_s:g}`  ",
        "Machine: " + ", ".join(f"{k}: {v}" for k, v in machine_info().items()),
        "",
        f"{sessions} concurrent browser sessions (one Chromium, one tab and Streamlit session each, one shared context) against one "
        f"`streamlit run app.py` on 127.0.0.1 for {elapsed:.0f} s; session i starts after i × {ramp_s:g} s "
        f"and pauses {think_s:g} s before each step, "
        "opens one page by URL, then tours every page like a user: the sidebar link (same session; "
        "/schedule by URL, it needs `screened=true`), then the page's interaction from "
        "benchmarks/interactions.py.",
        "",
        "| metric | value |",
        "|---|---:|",
        f"| interactions done | {len(tally.interactions_ms)} |",
        f"| first page loads (new tab, goto) | {len(tally.first_loads_ms)} |",
        f"| first page load p50 ms | {median(tally.first_loads_ms):.0f} |",
        f"| page switches done (sidebar link) | {len(tally.loads_ms)} |",
        f"| errors (exceptions on page, JS errors, timeouts) | {errors} |",
        f"| interaction latency p50 ms | {median(tally.interactions_ms):.0f} |",
        f"| interaction latency p95 ms | {percentile(tally.interactions_ms, 95):.0f} |",
        f"| page switch p50 ms | {median(tally.loads_ms):.0f} |",
        f"| page switch p95 ms | {percentile(tally.loads_ms, 95):.0f} |",
        f"| server RSS at start MB | {tally.rss_mb[0] if tally.rss_mb else float('nan'):.0f} |",
        f"| server peak RSS MB (sampled every 0.5 s) | {max(tally.rss_mb, default=float('nan')):.0f} |",
        f"| server CPU time during the run s (of {elapsed:.0f} s wall, 2 cores max) | {tally.server_cpu_s:.1f} |",
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
        f"Latencies here include the browser's own work: {sessions} Chromium tabs and the server share "
        "the same cores, so they are much higher than the single-session figures in latest.md.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20, help=f"concurrent sessions (1..{MAX_SESSIONS})")
    parser.add_argument("--seconds", type=float, default=60.0, help=f"duration (1..{MAX_SECONDS})")
    parser.add_argument("--ramp", type=float, default=DEFAULT_RAMP_S, help="seconds between session starts")
    parser.add_argument("--out", default="load.md", help="file name in benchmarks/results/")
    parser.add_argument("--think", type=float, default=DEFAULT_THINK_S, help="pause before each step (s)")
    args = parser.parse_args(argv)
    sessions = max(1, min(MAX_SESSIONS, args.sessions))
    seconds = max(1.0, min(float(MAX_SECONDS), args.seconds))
    if (sessions, seconds) != (args.sessions, args.seconds):
        print(f"capped to {sessions} sessions, {seconds:g} s", file=sys.stderr)
    print(
        f"load: {sessions} sessions for {seconds:g} s over pages {[label for label, _ in PAGES]}", flush=True
    )
    ramp_s = max(0.0, min(10.0, args.ramp))
    think_s = max(0.0, min(60.0, args.think))
    tally, server, elapsed = asyncio.run(run_load(sessions, seconds, ramp_s, think_s))
    md = report(tally, sessions, seconds, elapsed, server, ramp_s, think_s)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / Path(args.out).name).write_text(md)
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
