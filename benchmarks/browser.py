"""Browser measurements (async Playwright + system Chromium against `streamlit run`).

* interaction latency: key press / click → the expected output text changed and
  the script has finished (``data-test-script-state="notRunning"``). Both ends are
  timed inside the page (``performance.now()`` at the input event, and in a
  MutationObserver when the output is complete), so the harness does not poll the
  page's DOM while it works: polling every animation frame (Playwright's
  ``wait_for_function``) costs the page's main thread in proportion to its size;
* cold load: ``page.goto`` in a fresh context → fully rendered (script not
  running, no skeleton, every Vega-Lite chart has drawn a canvas or svg);
* memory: server RSS with 1 and with N open sessions (one context each).

Latency and cold load take a ``Profile`` (benchmarks.common): DESKTOP (1280 × 900, mouse) or
PHONE (390 × 844, touch, mobile viewport and user agent, CPU throttled 4× through the DevTools
protocol on each page before it navigates). Under a touch profile the timed clicks are taps.

The actions here are shared with ``benchmarks.load``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Browser, BrowserContext, CDPSession, Page, Playwright
from playwright.async_api import TimeoutError as PlaywrightTimeout

from benchmarks.common import DESKTOP, PAGES, Profile, Server, TimingStats, median, page_url
from benchmarks.interactions import SCRIPT_RAN, Interaction

try:  # reuse the test suite's browser settings (system Chromium, --no-sandbox, ...)
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
except Exception:
    CHROMIUM = "/usr/bin/chromium"
    CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run"]

#: Visible text outside widgets (or of ``sel``): what an interaction is expected to change.
OUTPUT_JS = """
(sel) => {
  const root = document.querySelector('[data-testid="stMain"]') || document.body;
  const els = root.querySelectorAll(sel || '[data-testid="stMarkdownContainer"], [data-testid="stHeading"], '
    + '[data-testid="stCaptionContainer"], [data-testid="stMetricValue"], [data-testid="stMetricLabel"], '
    + '[data-testid="stText"], [data-testid="stCode"]');
  let out = '';
  for (const el of els) {
    if (!sel) {  // skip text inside widgets (labels, slider thumbs/ticks): it changes client-side
      const box = el.closest('[data-testid="stElementContainer"]');
      if (box && box.querySelector('input, textarea, button, [role="radiogroup"], [data-baseweb="select"]')) continue;
    }
    out += el.innerText + '\\n';
  }
  return out;
}
"""

#: Arm the in-page stopwatch before an interaction. ``[sel, before, mode]``: mode "text" =
#: done when the output text (OUTPUT_JS of ``sel``) differs from ``before`` and the script is
#: not running; mode "script" = done when the script was seen running, is over, and no element
#: is stale (for results drawn on canvas only). The start is the first key or pointer event
#: after arming. Work happens only when the page mutates (no polling).
ARM_JS = (
    "([sel, before, mode]) => {"
    f" const output = {OUTPUT_JS.strip()};"
    """
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const w = window;
  if (w.__benchObs) w.__benchObs.disconnect();
  if (w.__benchStart) for (const t of ['keydown', 'pointerdown']) w.removeEventListener(t, w.__benchStart, true);
  w.__benchT0 = null; w.__benchDone = null; w.__benchLast = null; w.__benchSawRunning = false;
  w.__benchStart = () => { if (w.__benchT0 === null) w.__benchT0 = performance.now(); };
  for (const t of ['keydown', 'pointerdown']) w.addEventListener(t, w.__benchStart, true);
  const check = () => {
    if (w.__benchT0 === null || w.__benchDone !== null) return;
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') { w.__benchSawRunning = true; return; }
    if (state !== 'notRunning') return;
    const done = mode === 'script'
      ? w.__benchSawRunning && !document.querySelector('[data-stale="true"]')
      : output(sel) !== before;
    if (done) w.__benchDone = performance.now();
  };
  // The page's last change so far (an SVG chart redrawing, a late element), for "settled".
  // Not changes inside a canvas: the data grid updates its hidden accessible table ~300 ms
  // after it has drawn.
  const inCanvas = (m) => {
    const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    return el !== null && el.closest('canvas') !== null;
  };
  const onMutations = (mutations) => {
    if (w.__benchT0 !== null && !mutations.every(inCanvas)) w.__benchLast = performance.now();
    check();
  };
  w.__benchObs = new MutationObserver(onMutations);
  w.__benchObs.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  // Any change in main after the input counts for "settled" (an SVG chart redrawing its marks
  // changes attributes); data-stale is what "done" needs.
  w.__benchObs.observe(main, {childList: true, subtree: true, characterData: true, attributes: true});
}
"""
)

#: Done yet? (polled every 50 ms: a property read, no DOM work.)
DONE_JS = "() => window.__benchDone !== null && window.__benchDone !== undefined"
#: ms from the input event to done, measured in the page.
ELAPSED_JS = "() => window.__benchDone - window.__benchT0"
#: ms from the input event to the page's last change (charts included), and stop observing.
SETTLED_JS = (
    "() => { window.__benchObs.disconnect();"
    " return Math.max(window.__benchLast, window.__benchDone) - window.__benchT0; }"
)

#: For page switches in benchmarks.load: note when the script runs and when main changes.
WATCH_JS = """
() => {
  window.__benchSawRunning = false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (window.__benchObserver) window.__benchObserver.disconnect();
  window.__benchObserver = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__benchSawRunning = true;
  });
  window.__benchObserver.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  // A very short run can be batched away in React (never rendered as "running"): also note any
  // change of the main area's content (used for page switches, where the content must change).
  window.__benchMutated = false;
  const main = document.querySelector('[data-testid="stMain"]');
  if (window.__benchMainObserver) window.__benchMainObserver.disconnect();
  window.__benchMainObserver = new MutationObserver(() => { window.__benchMutated = true; });
  if (main) window.__benchMainObserver.observe(main, {childList: true, subtree: true, characterData: true});
}
"""

#: Fully rendered: script finished, no skeleton, charts drawn, some content in main.
READY_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    if (!c.querySelector('canvas, svg')) return false;
  }
  return true;
}
"""

EXCEPTION_SELECTOR = '[data-testid="stException"]'


class WidgetNotFound(LookupError):
    """The interaction's widget is not on the page."""


async def launch(pw: Playwright) -> Browser:
    """System Chromium, headless, with the test suite's flags."""
    return await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


async def new_context(browser: Browser, profile: Profile = DESKTOP) -> BrowserContext:
    """A fresh context (own cookies/cache = own Streamlit session) set up as ``profile``."""
    options: dict[str, Any] = {"viewport": {"width": profile.width, "height": profile.height}}
    if profile.is_mobile or profile.has_touch or profile.device_scale_factor != 1.0:
        options.update(
            is_mobile=profile.is_mobile,
            has_touch=profile.has_touch,
            device_scale_factor=profile.device_scale_factor,
        )
    if profile.phone_user_agent:
        # Chrome on Android's reduced user agent, with this Chromium's major version.
        options["user_agent"] = (
            "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{browser.version.split('.')[0]}.0.0.0 Mobile Safari/537.36"
        )
    return await browser.new_context(**options)


async def new_page(ctx: BrowserContext, profile: Profile = DESKTOP) -> tuple[Page, CDPSession | None]:
    """A new page in ``ctx``; with ``profile.cpu_throttling`` > 1 its CPU is slowed that many
    times (DevTools ``Emulation.setCPUThrottlingRate``, set before the page navigates; the
    DevTools session stays attached for the page's life, so the setting holds across its
    navigations). Returns the page and that DevTools session (None: not throttled).

    On Linux the throttled main thread busy-waits in a signal handler for (rate - 1)/rate of
    the time, idle or not (Blink's ``ThreadCPUThrottler``): a page throttled 4× burns about
    three quarters of a core for as long as it is throttled, so keep it throttled only while
    it is measured (``set_cpu_throttling``).
    """
    page = await ctx.new_page()
    if profile.cpu_throttling == 1.0:
        return page, None
    cdp = await ctx.new_cdp_session(page)
    await set_cpu_throttling(cdp, profile.cpu_throttling)
    return page, cdp


async def set_cpu_throttling(cdp: CDPSession, rate: float) -> None:
    """Slow the page's main thread ``rate`` times (1: full speed)."""
    await cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})


async def wait_rendered(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until READY_JS holds."""
    await page.wait_for_function(READY_JS, timeout=timeout_ms)


async def open_rendered(page: Page, url: str, timeout_ms: float = 30_000) -> float:
    """goto + wait until fully rendered; returns the elapsed ms."""
    t0 = time.perf_counter()
    await page.goto(url, wait_until="commit", timeout=timeout_ms)
    await wait_rendered(page, timeout_ms)
    return (time.perf_counter() - t0) * 1000.0


def _key_selector(key: str) -> str:
    if key.endswith("*"):
        return f'[class*="st-key-{key[:-1]}"]'
    return f".st-key-{key}"


async def _widget(page: Page, kind: str, key: str | None, label: str | None) -> Any:
    if key is not None:
        loc = page.locator(_key_selector(key)).first
    else:
        loc = page.get_by_role("button", name=label).first
    if await loc.count() == 0:
        raise WidgetNotFound(f"{kind} {key or label!r}")
    return loc


async def _click_at(page: Page, target: Any, touch: bool = False) -> Callable[[], Awaitable[None]]:
    """Scroll ``target`` into view now; return a trigger that is one raw mouse click on it
    (``touch``: one tap of the touchscreen, i.e. touch events and pointer events of type touch).

    A raw click (``page.mouse``) and a raw key press (``page.keyboard``) are what a person
    does. Playwright's locator actions would add their own waits (visible, stable for two
    animation frames, scrolled into view) inside the timed span, and those differ by
    widget kind (a click waits for stability, a key press does not), which is harness
    time, not the app's.
    """
    await target.scroll_into_view_if_needed()
    # Untimed: wait until the target stands still and would receive the click (a dropdown's
    # list may still be moving into place; on a slow phone a click at its first position hit
    # the widget above).
    await target.click(trial=True, timeout=5_000)
    box = await target.bounding_box()
    if box is None:
        raise WidgetNotFound("the widget has no box on the page")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if touch:
        return lambda: page.touchscreen.tap(x, y)
    return lambda: page.mouse.click(x, y)


async def _prepare(
    page: Page, kind: str, key: str | None, label: str | None, value: Any, rep: int, touch: bool = False
) -> Callable[[], Awaitable[None]]:
    """Do everything up to (not including) the triggering action; return the trigger coroutine factory.

    ``touch``: clicks are taps (the untimed ones too); key presses stay key presses."""
    loc = await _widget(page, kind, key, label)
    if kind == "number_input" or kind == "text_input":
        inp = loc.locator("input").first
        await inp.fill(str(value))
        await inp.focus()
        return lambda: page.keyboard.press("Enter")
    if kind == "slider":
        thumb = loc.locator('input[type="range"], [role="slider"]').first
        await thumb.focus()
        arrow = "ArrowRight" if rep % 2 == 0 else "ArrowLeft"
        return lambda: page.keyboard.press(arrow)
    if kind == "selectbox":
        opener = loc.locator('[role="combobox"], [data-baseweb="select"]').first
        await (opener.tap() if touch else opener.click())
        option = page.get_by_role("option", name=str(value), exact=True).first
        await option.wait_for(timeout=5_000)
        return await _click_at(page, option, touch)
    if kind == "radio":
        return await _click_at(page, loc.get_by_text(str(value), exact=True).first, touch)
    if kind in {"segmented", "pills"}:  # one button per option: one tap picks it
        option = loc.locator("button").filter(has_text=re.compile(f"^{re.escape(str(value))}$"))
        return await _click_at(page, option.first, touch)
    if kind in {"checkbox", "toggle"}:
        return await _click_at(page, loc.locator("label").first, touch)
    if kind == "button":
        return await _click_at(page, loc if key is None else loc.locator("button").first, touch)
    raise WidgetNotFound(f"unsupported widget kind {kind!r}")


async def _changing_value(page: Page, inter: Interaction, value: Any) -> Any:
    """A value different from the widget's current one (a revisit may have reset the widget)."""
    if inter.kind not in {"selectbox", "number_input", "text_input"} or inter.key is None:
        return value
    field_ = page.locator(_key_selector(inter.key)).first.locator("input").first
    if await field_.count() == 0:
        return value
    current = await field_.input_value()
    if current.strip() != str(value):
        return value
    return next((v for v in inter.values if str(v) != current.strip()), value)


@dataclass(frozen=True)
class Interacted:
    """One interaction's times (ms from the key press or click)."""

    done_ms: float  #: the expected output changed and the script is over
    settled_ms: float | None  #: the page's last change within the quiet window (None: not waited for)


async def interact(
    page: Page,
    inter: Interaction,
    rep: int,
    timeout_ms: float = 20_000,
    quiet_ms: float = 0.0,
    touch: bool = False,
) -> Interacted:
    """Perform the page's interaction once; ms from the key press/click to the changed output.

    With ``quiet_ms`` > 0, also wait that long after done and report when the page last
    changed (an SVG chart swapping its marks, a late element): the "settled" time.
    ``touch``: clicks are touchscreen taps (the context must have ``has_touch``).

    Raises WidgetNotFound, PlaywrightTimeout, or RuntimeError (exception shown on the page).
    """
    if inter.kind == "none":
        raise WidgetNotFound("no input widget on this page")
    for kind, key, values in inter.fill:
        loc = await _widget(page, kind, key, None)
        await loc.locator("input").first.fill(str(values[rep % len(values)]))
    value = inter.values[rep % len(inter.values)] if inter.values else None
    value = await _changing_value(page, inter, value)
    trigger = await _prepare(page, inter.kind, inter.key, inter.label, value, rep, touch)
    mode = "script" if inter.output == SCRIPT_RAN else "text"
    before = "" if mode == "script" else await page.evaluate(OUTPUT_JS, inter.output)
    await page.evaluate(ARM_JS, [inter.output, before, mode])
    await trigger()
    await page.wait_for_function(DONE_JS, timeout=timeout_ms, polling=50)
    elapsed = float(await page.evaluate(ELAPSED_JS))
    settled = None
    if quiet_ms > 0:
        await asyncio.sleep(quiet_ms / 1000.0)
        settled = float(await page.evaluate(SETTLED_JS))
    else:
        await page.evaluate("() => window.__benchObs.disconnect()")
    if await page.locator(EXCEPTION_SELECTOR).count():
        raise RuntimeError("exception element on the page")
    return Interacted(elapsed, settled)


#: Quiet window after an interaction's output changed, for its "settled" time.
QUIET_MS = 400.0


@dataclass
class Timings(TimingStats):
    """Timings in ms and the errors met while taking them."""

    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    na: str | None = None
    settled_ms: list[float] = field(default_factory=list)  #: interaction only: page's last change

    @property
    def settled_median_ms(self) -> float:
        return median(self.settled_ms)


def _url(base: str, inter: Interaction) -> str:
    url = page_url(base, inter.path or "")
    if inter.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in inter.query.items())
    return url


class _Session:
    """One page open in its own context, interacted with one repetition at a time."""

    def __init__(self, browser: Browser, base: str, inter: Interaction, profile: Profile = DESKTOP) -> None:
        self.browser, self.base, self.inter, self.profile = browser, base, inter, profile
        self.out = Timings()
        self.ctx: BrowserContext | None = None
        self.page: Page | None = None
        self.cdp: CDPSession | None = None  #: to switch the CPU throttling (None: not throttled)

    @property
    def live(self) -> bool:
        return self.page is not None and self.out.na is None

    async def open(self) -> None:
        try:
            self.ctx = await new_context(self.browser, self.profile)
            self.page, self.cdp = await new_page(self.ctx, self.profile)
            await open_rendered(self.page, _url(self.base, self.inter))
            await self._throttle(False)  # idle pages must not spin (see new_page)
        except Exception as exc:
            self.out.errors.append(
                f"open: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            )
            self.page = None

    async def _throttle(self, on: bool) -> None:
        if self.cdp is not None:
            await set_cpu_throttling(self.cdp, self.profile.cpu_throttling if on else 1.0)

    async def step(self, rep: int, timed: bool) -> None:
        """One repetition; a throttled profile's CPU throttling is on from the preparation to
        the end of the quiet window (and off between this page's repetitions)."""
        assert self.page is not None
        await self._throttle(True)
        try:
            await self._step(rep, timed)
        finally:
            await self._throttle(False)

    async def _step(self, rep: int, timed: bool) -> None:
        assert self.page is not None
        try:
            times = await interact(
                self.page, self.inter, rep, quiet_ms=QUIET_MS, touch=self.profile.has_touch
            )
        except WidgetNotFound as exc:
            self.out.na = (
                "n/a (no input widget on this page)"
                if self.inter.kind == "none"
                else f"n/a (widget not found: {exc})"
            )
            return
        except PlaywrightTimeout:
            self.out.errors.append(f"rep {rep}: output did not change within the timeout")
            await self.page.reload()
            await wait_rendered(self.page)
            return
        except RuntimeError as exc:
            self.out.errors.append(f"rep {rep}: {exc}")
            return
        if timed:
            self.out.times_ms.append(times.done_ms)
            if times.settled_ms is not None:
                self.out.settled_ms.append(times.settled_ms)

    async def close(self) -> None:
        if self.ctx is not None:
            await self.ctx.close()


def _rotated(items: list[Any], rep: int) -> list[Any]:
    """``items`` turned left by ``rep`` places (each item takes every position in turn)."""
    if not items:
        return items
    k = rep % len(items)
    return items[k:] + items[:k]


async def latencies(
    browser: Browser,
    targets: list[tuple[str, Interaction]],
    reps: int = 15,
    warmup: int = 2,
    profiles: list[Profile] | None = None,
) -> list[Timings]:
    """Interaction latency on several pages, **interleaved**: each page open in its own
    context, then repetition by repetition one interaction on each page in turn, so a
    spell of machine noise falls on the floor and the pages alike. ``targets`` are
    (server base URL, interaction); ``profiles`` (default: all DESKTOP) one per target;
    the results come in the same order.
    """
    profiles = profiles or [DESKTOP] * len(targets)
    sessions = [
        _Session(browser, base, inter, profile)
        for (base, inter), profile in zip(targets, profiles, strict=True)
    ]
    try:
        for session in sessions:
            if session.inter.kind == "none":
                session.out.na = "n/a (no input widget on this page)"
            else:
                await session.open()
        for rep in range(warmup + reps):
            # The order turns by one each repetition, so no page always follows the same one. In a
            # fixed order, three A/A runs of benchmarks.ab (the same page as "old" and "new") gave the
            # later copy 0.90–0.95; turned, two gave 0.92 and 1.08 (2026-12-02): the paired median of
            # 30 repetitions moves about ±8 % on identical pages, a position effect or not.
            for session in _rotated(sessions, rep):
                if session.live:
                    await session.step(rep, timed=rep >= warmup)
    finally:
        for session in sessions:
            await session.close()
    return [session.out for session in sessions]


async def _cold_once(browser: Browser, url: str, profile: Profile = DESKTOP) -> float:
    ctx = await new_context(browser, profile)
    try:
        page, _ = await new_page(ctx, profile)
        ms = await open_rendered(page, url)
        if await page.locator(EXCEPTION_SELECTOR).count():
            raise RuntimeError("exception element on the page")
        return ms
    finally:
        await ctx.close()


async def cold_loads(
    browser: Browser, urls: list[str], reps: int = 5, profiles: list[Profile] | None = None
) -> list[Timings]:
    """goto → fully rendered, each in a fresh context, **interleaved** (repetition by
    repetition one load of each URL in turn) after one untimed warm-up visit of each.
    ``profiles`` (default: all DESKTOP): one per URL."""
    profiles = profiles or [DESKTOP] * len(urls)
    outs = [Timings() for _ in urls]
    for rep in range(reps + 1):
        # Turned by one each repetition (see latencies): no URL always loads right after another.
        for url, profile, out in _rotated(list(zip(urls, profiles, outs, strict=True)), rep):
            try:
                ms = await _cold_once(browser, url, profile)
            except Exception as exc:
                out.errors.append(
                    f"rep {rep}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                )
                continue
            if rep > 0:
                out.times_ms.append(ms)
    return outs


@dataclass
class Memory:
    """Server RSS (MB) with 1 and with ``sessions`` open sessions."""

    rss1_mb: float
    rssn_mb: float
    sessions: int
    errors: list[str] = field(default_factory=list)

    @property
    def per_session_mb(self) -> float:
        return (self.rssn_mb - self.rss1_mb) / (self.sessions - 1)


async def _settled_rss(server: Server, seconds: float = 3.0) -> float:
    """Let the server settle, then take the max of a few RSS samples."""
    await asyncio.sleep(seconds)
    samples = []
    for _ in range(5):
        samples.append(server.rss_mb())
        await asyncio.sleep(0.2)
    return max(samples)


async def memory(browser: Browser, server: Server, urls: list[str], sessions: int = 20) -> Memory:
    """RSS after 1 and after ``sessions`` open sessions (context i shows urls[i % len(urls)]).

    Every URL is visited once first (then closed) so that code and data loaded
    once per process are in the 1-session baseline, not in the per-session cost.
    """
    errors: list[str] = []
    warm = await new_context(browser)
    page = await warm.new_page()
    for url in urls:
        try:
            await open_rendered(page, url)
        except Exception as exc:
            errors.append(f"warm-up {url}: {type(exc).__name__}")
    await warm.close()
    contexts: list[BrowserContext] = []
    try:
        rss1 = 0.0
        for i in range(sessions):
            ctx = await new_context(browser)
            contexts.append(ctx)
            page = await ctx.new_page()
            try:
                await open_rendered(page, urls[i % len(urls)], timeout_ms=60_000)
            except Exception as exc:
                errors.append(f"session {i}: {type(exc).__name__}")
            if i == 0:
                rss1 = await _settled_rss(server)
        rssn = await _settled_rss(server)
    finally:
        for ctx in contexts:
            await ctx.close()
    return Memory(rss1, rssn, sessions, errors)


def app_urls(base: str) -> list[str]:
    """The tour pages of app.py."""
    return [page_url(base, path) for _, path in PAGES]
