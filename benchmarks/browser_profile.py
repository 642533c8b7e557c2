"""Where the browser spends an interaction: a JS CPU profile (Chrome DevTools protocol).

    python -m benchmarks.browser_profile schedule              # 10 interactions, top 25 functions
    python -m benchmarks.browser_profile diet --reps 20 --top 40
    python -m benchmarks.browser_profile floor                 # the floor app, for comparison

Starts the app (or the floor app), opens the page, performs the page's interaction
from ``benchmarks.interactions`` a few times untimed, then records a sampling CPU
profile of the page's main thread over ``--reps`` interactions and prints the self
time by function and by script file (bundle chunk), per interaction. The in-page
latency of each interaction is printed too (profiling slows the page a little).
Diagnosis only: not part of ``benchmarks.run``.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from typing import Any

from playwright.async_api import async_playwright

from benchmarks import interactions
from benchmarks.browser import _url, interact, launch, new_context, open_rendered
from benchmarks.common import FLOOR_SCRIPT, median, start_server


def _self_times(profile: dict[str, Any]) -> tuple[Counter[str], Counter[str], float]:
    """Self ms by function and by script file, and the total sampled ms (idle excluded)."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    deltas = profile["timeDeltas"]
    by_fn: Counter[str] = Counter()
    by_file: Counter[str] = Counter()
    total = 0.0
    for node_id, delta_us in zip(profile["samples"], deltas, strict=True):
        frame = nodes[node_id]["callFrame"]
        name = frame["functionName"] or "(anonymous)"
        if name in {"(idle)", "(program)"}:
            continue
        ms = delta_us / 1000.0
        url = frame.get("url", "").rsplit("/", 1)[-1].split("?")[0] or "(native)"
        by_fn[f"{name}  [{url}:{frame.get('lineNumber', 0)}]"] += ms
        by_file[url] += ms
        total += ms
    return by_fn, by_file, total


async def _main(page_label: str, reps: int, top: int) -> None:
    inter = interactions.by_page(page_label)
    if inter is None or inter.kind == "none":
        raise SystemExit(f"no interaction for {page_label!r}")
    server = start_server(FLOOR_SCRIPT if inter.path is None else "app.py", log_name="profile-server.log")
    try:
        async with async_playwright() as pw:
            browser = await launch(pw)
            ctx = await new_context(browser)
            page = await ctx.new_page()
            await open_rendered(page, _url(server.base, inter))
            for rep in range(3):
                await interact(page, inter, rep)
            cdp = await ctx.new_cdp_session(page)
            await cdp.send("Profiler.enable")
            await cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            await cdp.send("Profiler.start")
            times = [(await interact(page, inter, rep)).done_ms for rep in range(3, 3 + reps)]
            result = await cdp.send("Profiler.stop")
            await browser.close()
    finally:
        server.stop()
    by_fn, by_file, total = _self_times(result["profile"])
    print(
        f"{page_label}: {reps} interactions, median {median(times):.0f} ms (profiled), "
        f"busy {total / reps:.1f} ms per interaction"
    )
    print("\nself ms per interaction, by script file:")
    for name, ms in by_file.most_common(12):
        print(f"  {ms / reps:7.2f}  {name}")
    print(f"\nself ms per interaction, top {top} functions:")
    for name, ms in by_fn.most_common(top):
        print(f"  {ms / reps:7.2f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="a page label of benchmarks.interactions (or 'floor')")
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    asyncio.run(_main(args.page, args.reps, args.top))


if __name__ == "__main__":
    main()
