"""Server load without browsers: N protocol-level sessions replaying a recorded tour.

    python -m benchmarks.ws_load                      # 20 sessions, 60 s
    python -m benchmarks.ws_load --sessions 50 --seconds 30 --think 1

``benchmarks.load`` drives real Chromium tabs; on 2 cores the 20 tabs, not the
server, are the bottleneck. This script measures the server alone:

1. **Record.** One Chromium tab tours every page of app.py like ``benchmarks.load``
   (sidebar links, each page's interaction from ``benchmarks/interactions.py``
   twice) while every message the page sends over Streamlit's WebSocket is kept.
   The ``rerun_script`` messages are the steps of the tour: a first load, a page
   switch, a widget change (with the exact widget ids and values the browser sent).
2. **Replay.** N sessions, each its own WebSocket to the same server (no browser),
   send the steps in order, each after the previous run has finished plus a think
   time, looping until the time is up. A step's time is from sending it to the
   server's ``script_finished`` message: the server's whole share of an interaction
   (queueing, the script run, serialising the deltas), none of the browser's.

Errors: an exception element in the deltas, a run that ends without
``script_finished`` within 60 s, a closed connection. Hard caps: ≤ 200 sessions,
≤ 300 s. Writes ``benchmarks/results/ws-load.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import resource
import sys
import time
from dataclasses import dataclass, field

import websockets
from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks import browser, load
from benchmarks.common import (
    APP_SCRIPT,
    RESULTS,
    Server,
    machine_info,
    median,
    percentile,
    start_server,
)

MAX_SESSIONS = 200
MAX_SECONDS = 300
STEP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Step:
    """One recorded ``rerun_script`` message and what it was for."""

    label: str
    payload: bytes


async def record(base: str) -> list[Step]:
    """The tour's ``rerun_script`` messages, as one Chromium tab sent them."""
    steps: list[Step] = []
    current = ["first load"]

    def on_frame(payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        msg = BackMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") != "rerun_script":
            return
        # The replaying session has no message cache: ask for everything in full.
        msg.rerun_script.ClearField("cached_message_hashes")
        steps.append(Step(current[0], msg.SerializeToString()))

    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            page = await (await browser.new_context(chromium)).new_page()
            page.on("websocket", lambda ws: ws.on("framesent", on_frame))
            tour = load._tour()
            await browser.open_rendered(page, browser._url(base, tour[0]))
            for i, inter in enumerate(tour):
                if i > 0:
                    current[0] = f"{inter.page}: page switch"
                    await load._switch_page(page, base, inter)
                for rep in range(2 if inter.kind != "none" else 0):
                    current[0] = f"{inter.page}: {inter.description}"
                    try:
                        await browser.interact(page, inter, rep)
                    except browser.WidgetNotFound as exc:  # the page changed: say so, tour on
                        print(f"record: {inter.page}: widget not found ({exc}); update interactions.py")
                        break
                await asyncio.sleep(0.3)  # let the last message leave
        finally:
            await chromium.close()
    return steps


@dataclass
class Tally:
    """What all replaying sessions did."""

    steps_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    error_examples: list[str] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    sessions_connected: int = 0
    server_cpu_s: float = float("nan")
    client_cpu_s: float = float("nan")

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.error_examples) < 10:
            self.error_examples.append(f"{kind}: {detail}")

    @property
    def all_ms(self) -> list[float]:
        return [ms for times in self.steps_ms.values() for ms in times]


def _exception_text(msg: ForwardMsg) -> str | None:
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    element = msg.delta.new_element
    if element.WhichOneof("type") != "exception":
        return None
    return f"{element.exception.type}: {element.exception.message[:120]}"


async def _run_step(ws: websockets.ClientConnection, step: Step, tally: Tally) -> None:
    """Send one step and wait for its script_finished; record the time or the error."""
    t0 = time.perf_counter()
    await ws.send(step.payload)
    deadline = t0 + STEP_TIMEOUT_S
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            tally.error("timeout", step.label)
            return
        raw = await asyncio.wait_for(ws.recv(), timeout=remaining)
        if not isinstance(raw, bytes):
            continue
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        problem = _exception_text(msg)
        if problem is not None:
            tally.error("exception element", f"{step.label}: {problem}")
        if msg.WhichOneof("type") != "script_finished":
            continue
        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            continue  # a rerun the page asked for itself (st.rerun): wait for that run's end
        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            tally.error("compile error", step.label)
        tally.steps_ms.setdefault(step.label, []).append((time.perf_counter() - t0) * 1000.0)
        return


async def _session(
    base: str,
    steps: list[Step],
    index: int,
    start_delay: float,
    think_s: float,
    deadline: float,
    tally: Tally,
) -> None:
    await asyncio.sleep(start_delay)
    if time.monotonic() >= deadline:
        return
    uri = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(
            uri, subprotocols=["streamlit"], origin=base, max_size=2**26, open_timeout=30
        ) as ws:
            tally.sessions_connected += 1
            # Think times vary (0.5-1.5 x --think, seeded per session): with one fixed pause the
            # sessions drift into lockstep and arrive together, which no group of people does.
            rng = random.Random(index)
            loop = 0
            while time.monotonic() < deadline:
                # Each loop replays the tour from its first load: one session, one person's visit.
                for step in steps:
                    if time.monotonic() >= deadline:
                        break
                    await _run_step(ws, step, tally)
                    await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
                loop += 1
    except (websockets.ConnectionClosed, OSError, TimeoutError) as exc:
        tally.error("connection", f"session {index}: {type(exc).__name__}: {str(exc)[:120]}")


async def _sample_rss(server: Server, stop: asyncio.Event, tally: Tally) -> None:
    while not stop.is_set():
        tally.rss_mb.append(server.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def run(
    sessions: int, seconds: float, think_s: float, ramp_s: float
) -> tuple[Tally, list[Step], float]:
    server = start_server(APP_SCRIPT, "ws-load-server.log")
    tally = Tally()
    try:
        steps = await record(server.base)
        if not steps:
            raise SystemExit("recorded no rerun messages: is the tour still finding its widgets?")
        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_rss(server, stop, tally))
        cpu0 = load._cpu_seconds(server.proc.pid)
        t0 = time.monotonic()
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            *(_session(server.base, steps, i, i * ramp_s, think_s, deadline, tally) for i in range(sessions))
        )
        tally.server_cpu_s = load._cpu_seconds(server.proc.pid) - cpu0
        replay_s = time.monotonic() - t0
        usage = resource.getrusage(resource.RUSAGE_SELF)
        tally.client_cpu_s = usage.ru_utime + usage.ru_stime
        stop.set()
        await sampler
    finally:
        server.stop()
    return tally, steps, replay_s


def report(tally: Tally, steps: list[Step], args: argparse.Namespace, wall_s: float) -> str:
    info = machine_info()
    every = tally.all_ms
    lines = [
        "# Server load (protocol-level sessions, no browser)",
        "",
        f"Command: `python -m benchmarks.ws_load --sessions {args.sessions} --seconds {args.seconds:g} "
        f"--think {args.think:g} --ramp {args.ramp:g}`  ",
        "Machine: " + ", ".join(f"{k}: {v}" for k, v in info.items()),
        "",
        f"- Sessions: {args.sessions} requested, {tally.sessions_connected} connected; "
        f"{len(steps)} recorded steps per tour (first load, page switches, two interactions per page)",
        f"- Steps run: **{len(every)}** in {wall_s:.0f} s; errors: **{sum(tally.errors.values())}** "
        + (f"({', '.join(f'{k}: {v}' for k, v in sorted(tally.errors.items()))})" if tally.errors else ""),
        f"- Server time per step (send → script_finished): p50 **{median(every):.0f} ms**, "
        f"p95 **{percentile(every, 95):.0f} ms**, max {max(every, default=float('nan')):.0f} ms",
        f"- Server peak RSS {max(tally.rss_mb, default=float('nan')):.0f} MB; "
        f"server CPU {tally.server_cpu_s:.1f} s of {wall_s:.0f} s wall on {info.get('nproc', '?')} cores; "
        f"this client's CPU {tally.client_cpu_s:.1f} s (recording included)",
        "",
        "| step | runs | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    for label in dict.fromkeys(step.label for step in steps):
        times = tally.steps_ms.get(label, [])
        lines.append(f"| {label} | {len(times)} | {median(times):.0f} | {percentile(times, 95):.0f} |")
    if tally.error_examples:
        lines += ["", "Error examples:", *(f"- {e}" for e in tally.error_examples)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0, help="seconds between a session's steps")
    parser.add_argument("--ramp", type=float, default=0.1, help="seconds between session starts")
    parser.add_argument("--out", default="ws-load", help="results file name (without .md)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"sessions must be 1..{MAX_SESSIONS} and seconds 1..{MAX_SECONDS}")
    tally, steps, replay_s = asyncio.run(run(args.sessions, args.seconds, args.think, args.ramp))
    text = report(tally, steps, args, replay_s)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
