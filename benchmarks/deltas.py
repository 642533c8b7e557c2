"""What one interaction makes the server send: elements and blocks re-sent per rerun.

    python -m benchmarks.deltas                      # every page with an interaction, and the floors
    python -m benchmarks.deltas compare diet         # some pages
    python -m benchmarks.deltas --detail schedule    # each message in order (element kind, key, text)

Counts the websocket messages (``ForwardMsg``) the browser receives for the page's typical
interaction (``benchmarks.interactions``), after two warm-up repetitions. Unlike latency it does
not depend on the machine's load, so it can guide work on a busy machine.

Why it matters: each element or block a rerun re-sends costs the browser a few milliseconds
to redraw, while elements outside the rerun's fragment cost next to nothing
(``python -m benchmarks.element_cost``; figures in benchmarks/README.md, "What an element costs").
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from dataclasses import dataclass, field

from playwright.async_api import async_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import browser
from benchmarks.common import FRAME_FLOOR_SCRIPT, start_server
from benchmarks.interactions import CONTENT_FLOOR, FRAME_FLOOR, PAGE_INTERACTIONS, Interaction


@dataclass
class Sent:
    """What one interaction made the server send."""

    kinds: Counter[str] = field(default_factory=Counter)
    detail: list[str] = field(default_factory=list)
    size: int = 0  #: bytes of all the messages

    @property
    def elements(self) -> int:
        return sum(n for k, n in self.kinds.items() if k.startswith("element:"))

    @property
    def blocks(self) -> int:
        return self.kinds["block"]


def describe(raw: bytes) -> tuple[str, str]:
    """(kind, one-line description) of one ForwardMsg."""
    msg = ForwardMsg()
    msg.ParseFromString(raw)
    kind = msg.WhichOneof("type") or "?"
    if kind != "delta":
        return kind, kind
    delta = msg.delta
    delta_kind = delta.WhichOneof("type") or "?"
    path = ".".join(str(i) for i in msg.metadata.delta_path)
    if delta_kind == "new_element":
        element = delta.new_element
        element_kind = element.WhichOneof("type") or "?"
        body = getattr(element, element_kind)
        label = getattr(body, "label", "") or getattr(body, "body", "") or getattr(body, "id", "")
        text = " ".join(str(label).split())[:60]
        return f"element:{element_kind}", f"[{path}] {element_kind}: {text}"
    if delta_kind == "add_block":
        block = delta.add_block
        ident = f" {block.id}" if getattr(block, "id", "") else ""
        return "block", f"[{path}] block {block.WhichOneof('type') or ''}{ident}"
    return delta_kind, f"[{path}] {delta_kind}"


async def measure(base: str, inter: Interaction, reps: int = 3) -> Sent:
    """Messages received for the interaction's last repetition (the first ones warm up)."""
    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            ctx = await browser.new_context(chromium)
            page, _ = await browser.new_page(ctx)
            frames: list[bytes] = []

            def on_socket(ws) -> None:  # type: ignore[no-untyped-def]
                ws.on("framereceived", lambda f: frames.append(f) if isinstance(f, bytes) else None)

            page.on("websocket", on_socket)
            await browser.open_rendered(page, browser._url(base, inter))
            for rep in range(reps):
                frames.clear()
                await browser.interact(page, inter, rep, quiet_ms=300)
            sent = Sent()
            for raw in frames:
                kind, line = describe(raw)
                sent.kinds[kind] += 1
                sent.size += len(raw)
                sent.detail.append(f"{line}  ({len(raw):,} B)")
            await ctx.close()
            return sent
        finally:
            await chromium.close()


def _report(label: str, sent: Sent, detail: bool) -> None:
    kinds = ", ".join(
        f"{k.removeprefix('element:')} {n}" for k, n in sent.kinds.most_common() if k.startswith("element:")
    )
    print(f"{label:15s} elements {sent.elements:3d}  blocks {sent.blocks:3d}  {sent.size:7,d} B  ({kinds})")
    if detail:
        for line in sent.detail:
            print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", nargs="*", help="page labels (default: all with an interaction)")
    parser.add_argument("--detail", action="store_true", help="list every message")
    args = parser.parse_args(argv)
    chosen = [i for i in PAGE_INTERACTIONS if i.kind != "none" and (not args.pages or i.page in args.pages)]
    floor_server = start_server(FRAME_FLOOR_SCRIPT, log_name="deltas-floor.log")
    app_server = start_server(log_name="deltas-app.log")
    try:
        for inter in (FRAME_FLOOR, CONTENT_FLOOR):
            _report(inter.page, asyncio.run(measure(floor_server.base, inter)), args.detail)
        for inter in chosen:
            _report(inter.page, asyncio.run(measure(app_server.base, inter)), args.detail)
    finally:
        floor_server.stop()
        app_server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
