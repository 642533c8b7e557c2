"""Where an interaction's time goes, in phases: input → WebSocket send → messages → done.

    python -m benchmarks.phases compare diet schedule journal     # 12 interactions each
    python -m benchmarks.phases journal --reps 20

For the content floor and each page: the page's interaction from ``benchmarks.interactions``
(timed in the page as in ``benchmarks.browser``), with the page's WebSocket wrapped so that
every message sent and received is time-stamped. Prints medians, in ms from the input event:
when the browser sent the rerun request (the widget's own work before it), when the first and
the last message of the reply arrived (the server's run and its flush cycles), and how long the
browser drew after the last message (done − last message). Diagnosis only, one page after the
other (not interleaved): compare pages run in the same call, not across calls.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from typing import Any

from playwright.async_api import Browser, async_playwright

from benchmarks import browser
from benchmarks.common import APP_SCRIPT, FRAME_FLOOR_SCRIPT, start_server
from benchmarks.interactions import CONTENT_FLOOR, Interaction, by_page

#: Time-stamp every message the page's WebSocket sends and receives (performance.now()).
WS_JS = """
(() => {
  window.__ws = [];
  const Orig = window.WebSocket;
  window.WebSocket = function(...a) {
    const ws = new Orig(...a);
    const send = ws.send.bind(ws);
    ws.send = (d) => { window.__ws.push(['send', performance.now()]); return send(d); };
    ws.addEventListener('message', () => { window.__ws.push(['recv', performance.now()]); });
    return ws;
  };
  window.WebSocket.prototype = Orig.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""


async def _phases(chromium: Browser, base: str, inter: Interaction, reps: int) -> dict[str, float]:
    ctx = await browser.new_context(chromium)
    await ctx.add_init_script(WS_JS)
    page = await ctx.new_page()
    await browser.open_rendered(page, browser._url(base, inter))
    rows: list[dict[str, Any]] = []
    for rep in range(reps + 2):  # two warm-ups
        await page.evaluate("() => { window.__ws = []; }")
        await browser.interact(page, inter, rep)
        t0 = await page.evaluate("() => window.__benchT0")
        done = await page.evaluate("() => window.__benchDone")
        events = [(kind, t - t0) for kind, t in await page.evaluate("() => window.__ws") if t >= t0 - 1]
        sends = [t for kind, t in events if kind == "send"]
        recvs = [t for kind, t in events if kind == "recv"]
        if rep >= 2 and sends and recvs:
            rows.append(
                {
                    "done": done - t0,
                    "send": sends[0],
                    "first": recvs[0],
                    "last": recvs[-1],
                    "messages": len(recvs),
                }
            )
    await ctx.close()
    return {
        key: statistics.median(row[key] for row in rows)
        for key in ("done", "send", "first", "last", "messages")
    }


async def _run(app_base: str, floor_base: str, pages: list[str], reps: int) -> None:
    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            targets = [("content floor", floor_base, CONTENT_FLOOR)]
            for name in pages:
                inter = by_page(name)
                if inter is None or inter.kind == "none":
                    raise SystemExit(f"no interaction for page {name!r}")
                targets.append((name, app_base, inter))
            print("ms from the input event (medians):")
            for name, base, inter in targets:
                m = await _phases(chromium, base, inter, reps)
                print(
                    f"{name:14s} done {m['done']:6.1f}  send at {m['send']:5.1f}  first message at "
                    f"{m['first']:5.1f}  last at {m['last']:5.1f}  drawing after it {m['done'] - m['last']:5.1f}"
                    f"  ({m['messages']:.0f} messages)"
                )
        finally:
            await chromium.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="+", help="page labels in benchmarks.interactions")
    parser.add_argument("--reps", type=int, default=12)
    args = parser.parse_args(argv)
    app = start_server(APP_SCRIPT, log_name="phases-app.log")
    floor = start_server(FRAME_FLOOR_SCRIPT, log_name="phases-floor.log")
    try:
        asyncio.run(_run(app.base, floor.base, args.pages, args.reps))
    finally:
        app.stop()
        floor.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
