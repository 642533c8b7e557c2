"""The checks deploy/cluster.sh runs against 3 replicas behind nginx (loopback only).

    python deploy/cluster_check.py --base http://127.0.0.1:PORT --replicas P1:PID1,P2:PID2,P3:PID3 \
        --access-log RUN/access.log --sessions 60 --seconds 60 [--short] --summary RUN/summary.txt

1. Headers: every page, a static asset, the health check, the friendly error pages
   (a 20 KB link → 414, a 3 MB upload → 413) carry the security headers; the metrics
   endpoint is not public (404).
2. Browser (full run): Chromium opens every page through nginx; no Content-Security-Policy
   violation and no exception element on any of them.
3. Load: N WebSocket sessions (benchmarks.ws_load's replay: the tour a Chromium tab recorded;
   the short run uses each page's first load) for S seconds through nginx, each with its own
   route cookie. Halfway, the replica of session 0 (full run: of the browser tab below) is
   killed (SIGKILL). A session whose connection drops reconnects and starts its tour again.
4. Fail-over (full run): a browser tab on the killed replica, opened on a link with a view
   (/diet with two foods), comes back to the same view on another replica.

Passes only when: no exception element, no step timeout, no error at all except dropped
connections of sessions that were on the killed replica (each reconnected); sessions were
spread over every replica; headers everywhere; the browser checks hold. Writes one summary
line to --summary (cluster.sh prints it last, after stopping everything).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402

from benchmarks import ws_load  # noqa: E402
from benchmarks.common import median, percentile  # noqa: E402

LOOPBACK = "127.0.0.1"
PAGES = ("", "compare", "diet", "schedule", "journal", "sources")
SECURITY_HEADERS = (
    "content-security-policy",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
)
#: A view the fail-over check opens: two foods, the first at 2 servings.
FAILOVER_PATH = "/diet?foods=12061-16015&s_12061=2"
FAILOVER_SLIDERS = 2


@dataclass
class Result:
    problems: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    headers_checked: int = 0

    def fail(self, text: str) -> None:
        self.problems.append(text)
        print(f"cluster check: FAIL: {text}", flush=True)


# ------------------------------------------------------------------------------- headers


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect is a result to check, not to follow
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with _OPENER.open(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def check_headers(base: str, result: Result) -> None:
    _, _, index = _request(base + "/")
    asset = re.search(rb'src="\./(static/js/[^"]+\.js)"', index)
    cases: list[tuple[str, str, int, bytes | None, str]] = [
        (f"page /{path}", f"{base}/{path}", 200, None, "") for path in PAGES
    ]
    if asset:
        cases.append(("static asset", f"{base}/{asset.group(1).decode()}", 200, None, ""))
    cases += [
        ("health check", f"{base}/_stcore/health", 200, None, ""),
        ("20 KB link", f"{base}/diet?x={'a' * 20_000}", 414, None, "too long"),
        ("1,001-parameter link", f"{base}/compare?{'&'.join(f'k{i}=1' for i in range(1001))}", 303, None, ""),
        ("3 MB upload", f"{base}/_stcore/upload_file/x/y", 413, b"x" * 3_000_000, "too large"),
    ]
    for label, url, expected, data, words in cases:
        status, headers, body = _request(url, data=data)
        result.headers_checked += 1
        if status != expected:
            result.fail(f"{label}: HTTP {status}, expected {expected}")
        missing = [h for h in SECURITY_HEADERS if h not in headers]
        if missing:
            result.fail(f"{label}: missing {', '.join(missing)}")
        if expected == 303 and "link_dropped=1" not in headers.get("location", ""):
            result.fail(f"{label}: not sent to the page with the link_dropped mark")
        if words and words not in body.decode("utf-8", "replace"):
            result.fail(f"{label}: not the friendly error page")
    status, _, _ = _request(f"{base}/_stcore/metrics")
    if status != 404:
        result.fail(f"/_stcore/metrics answers {status} through the proxy (should be 404)")


async def check_direct_upload(replica: str, result: Result) -> None:
    """Hole 7: a 3 MB upload posted straight to a replica (no browser, no proxy), with a live
    session and a valid XSRF pair, is refused by the server itself (server.maxUploadSize)."""
    _, headers, _ = await asyncio.to_thread(_request, replica + "/_stcore/health")  # sets the cookie
    xsrf = re.search(r"_streamlit_xsrf=([^;]+)", headers.get("set-cookie", ""))
    if not xsrf:
        result.fail("direct upload: the replica set no XSRF cookie")
        return
    token = xsrf.group(1)
    uri = replica.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(uri, subprotocols=["streamlit"], origin=replica, max_size=2**26) as ws:
        await ws.send(synthetic_steps()[0].payload)
        session_id = ""
        for _ in range(200):  # bounded: the new_session message comes first
            msg = ws_load.ForwardMsg()
            msg.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=30))
            if msg.WhichOneof("type") == "new_session":
                session_id = msg.new_session.initialize.session_id
                break
        # Headers first, with Expect: 100-continue: the server answers from Content-Length before
        # any body is sent (else it may close while a client is still sending: a race, not a result).
        host, port = replica.removeprefix("http://").split(":")
        size = 3_000_000
        head = (
            f"PUT /_stcore/upload_file/{session_id}/probe HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Cookie: _streamlit_xsrf={token}\r\nX-Xsrftoken: {token}\r\nContent-Type: text/csv\r\n"
            f"Content-Length: {size}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
        )

        def put() -> str:
            with socket.create_connection((host, int(port)), timeout=30) as sock:
                sock.sendall(head.encode())
                answer = sock.recv(4096).decode("latin-1")
                if answer.startswith("HTTP/1.1 100"):
                    sock.sendall(b"x" * size)
                    answer = sock.recv(4096).decode("latin-1")
                return answer.split("\r\n", 1)[0]

        status_line = await asyncio.to_thread(put)
        code = int(status_line.split()[1]) if status_line.startswith("HTTP/") else status_line
    if code != 413:
        result.fail(f"direct 3 MB upload to a replica answered {code}, expected 413")
    else:
        result.notes["upload"] = "a 3 MB upload straight to a replica: 413"


# ------------------------------------------------------------------------------- access log


def routes(access_log: Path) -> dict[str, list[str]]:
    """route key → upstream addresses its requests went to, in log order."""
    out: dict[str, list[str]] = {}
    if not access_log.exists():
        return out
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        match = re.search(r"up=(.+?) route=(\S+)", line)  # a retried request: "up=a:1, b:2"
        if match and match.group(1) != "-":
            # A retried request logs "a, b": the last is the one that answered.
            out.setdefault(match.group(2), []).append(match.group(1).split(",")[-1].strip())
    return out


# ------------------------------------------------------------------------------- load


@dataclass
class Load:
    steps_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    drops: dict[int, int] = field(default_factory=dict)  # session → dropped connections
    max_message_bytes: int = 0

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if len(self.examples) < 8:
            self.examples.append(f"{kind}: {detail}")


def synthetic_steps() -> list[ws_load.Step]:
    """Each page's first load (the short run has no time to record a browser tour)."""
    steps = []
    for path in PAGES:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = path
        steps.append(ws_load.Step(f"{path or 'home'}: first load", msg.SerializeToString()))
    return steps


async def _step(ws, step: ws_load.Step, load: Load) -> None:
    t0 = time.perf_counter()
    await ws.send(step.payload)
    deadline = t0 + ws_load.STEP_TIMEOUT_S
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            load.error("timeout", step.label)
            return
        raw = await asyncio.wait_for(ws.recv(), timeout=remaining)
        if not isinstance(raw, bytes):
            continue
        load.max_message_bytes = max(load.max_message_bytes, len(raw))
        msg = ws_load.ForwardMsg()
        msg.ParseFromString(raw)
        problem = ws_load._exception_text(msg)
        if problem is not None:
            load.error("exception element", f"{step.label}: {problem}")
        if msg.WhichOneof("type") != "script_finished":
            continue
        if msg.script_finished == ws_load.ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            continue
        load.steps_ms.append((time.perf_counter() - t0) * 1000.0)
        return


async def _session(base: str, steps, index: int, delay: float, deadline: float, load: Load) -> None:
    await asyncio.sleep(delay)
    uri = base.replace("http://", "ws://") + "/_stcore/stream"
    cookie = {"Cookie": f"st_route=load-{index}"}
    # One plain request first, so the access log shows this session's replica right away.
    await asyncio.to_thread(_request, f"{base}/_stcore/health", headers=cookie)
    rng = random.Random(index)
    attempts = 0
    while time.monotonic() < deadline and attempts < 5:  # bounded: at most 5 connections a session
        attempts += 1
        try:
            async with websockets.connect(
                uri, subprotocols=["streamlit"], origin=base, additional_headers=cookie, max_size=2**26
            ) as ws:
                while time.monotonic() < deadline:
                    for step in steps:
                        if time.monotonic() >= deadline:
                            break
                        await _step(ws, step, load)
                        await asyncio.sleep(rng.uniform(0.5, 1.5))
            return
        except (websockets.ConnectionClosed, OSError, TimeoutError) as exc:
            load.drops[index] = load.drops.get(index, 0) + 1
            if len(load.examples) < 8:
                load.examples.append(f"session {index} dropped: {type(exc).__name__}")
            await asyncio.sleep(1.0)  # as the browser does: wait, then reconnect
    if attempts >= 5:
        load.error("gave up", f"session {index}")


# ------------------------------------------------------------------------------- browser


async def browser_pages(base: str, result: Result) -> None:
    from playwright.async_api import async_playwright

    from benchmarks import browser

    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            for path in PAGES:
                context = await browser.new_context(chromium)
                page = await context.new_page()
                violations: list[str] = []
                page.on(
                    "console",
                    lambda m, v=violations: (
                        v.append(m.text[:160])
                        if "Content Security Policy" in m.text or "Refused to" in m.text
                        else None
                    ),
                )
                await browser.open_rendered(page, f"{base}/{path}", timeout_ms=60_000)
                exceptions = await page.locator('[data-testid="stException"]').count()
                # Let the share box's iframe and any late script run.
                await page.wait_for_timeout(800)
                if violations:
                    result.fail(f"/{path}: CSP violations in the browser: {violations[:2]}")
                if exceptions:
                    result.fail(f"/{path}: {exceptions} exception element(s)")
                await context.close()
            if not any("CSP" in p or "exception" in p for p in result.problems):
                result.notes["browser"] = f"{len(PAGES)} pages in Chromium: 0 CSP violations, 0 exceptions"
        finally:
            await chromium.close()


async def failover_tab_open(base: str):
    """Open the fail-over view in a tab that stays open; returns (pw, browser, page, route)."""
    from playwright.async_api import async_playwright

    from benchmarks import browser

    pw = await async_playwright().start()
    chromium = await browser.launch(pw)
    context = await browser.new_context(chromium)
    page = await context.new_page()
    await browser.open_rendered(page, base + FAILOVER_PATH, timeout_ms=60_000)
    cookies = {c["name"]: c["value"] for c in await context.cookies()}
    return pw, chromium, page, cookies.get("st_route", "")


async def failover_tab_check(page, result: Result) -> None:
    """After its replica died, the tab reconnects and shows the same view again."""
    deadline = time.monotonic() + 45
    sliders = exceptions = -1
    while time.monotonic() < deadline:
        await page.wait_for_timeout(1000)
        sliders = await page.locator('[data-testid="stSlider"]').count()
        exceptions = await page.locator('[data-testid="stException"]').count()
        state = await page.get_attribute("[data-test-script-state]", "data-test-script-state")
        if sliders == FAILOVER_SLIDERS and state == "notRunning" and "foods=12061-16015" in page.url:
            break
    if sliders != FAILOVER_SLIDERS or exceptions or "foods=12061-16015" not in page.url:
        result.fail(
            f"fail-over tab: {sliders} sliders (want {FAILOVER_SLIDERS}), {exceptions} exceptions, url {page.url}"
        )


# ------------------------------------------------------------------------------- main


async def run(args: argparse.Namespace) -> Result:
    result = Result()
    base = args.base
    replicas = dict(item.split(":") for item in args.replicas.split(","))  # port → pid
    access_log = Path(args.access_log)

    check_headers(base, result)
    if not args.short:
        await browser_pages(base, result)
        steps = await ws_load.record(base)
        if not steps:
            result.fail("recorded no steps (the tour found no widgets?)")
            return result
    else:
        steps = synthetic_steps()

    tab = None
    if not args.short:
        tab = await failover_tab_open(base)

    load = Load()
    t0 = time.monotonic()
    deadline = t0 + args.seconds
    ramp = min(0.1, args.seconds / 4 / max(args.sessions, 1))
    sessions = asyncio.gather(
        *(_session(base, steps, i, i * ramp, deadline, load) for i in range(args.sessions))
    )
    await asyncio.sleep(args.seconds / 2)
    seen = routes(access_log)
    victim_route = tab[3] if tab else "load-0"
    victim_up = (seen.get(victim_route) or [""])[-1]
    victim_port = victim_up.rsplit(":", 1)[-1]
    if victim_port not in replicas:
        result.fail(f"could not tell which replica {victim_route} is on ({victim_up!r})")
    else:
        os.kill(int(replicas[victim_port]), signal.SIGKILL)
        result.notes["killed"] = f"replica on port {victim_port} at {time.monotonic() - t0:.0f} s"
        print(f"cluster check: killed the replica on port {victim_port}", flush=True)
    await sessions
    wall = time.monotonic() - t0
    survivor = next(port for port in replicas if port != victim_port)
    await check_direct_upload(f"http://{LOOPBACK}:{survivor}", result)

    if tab is not None:
        pw, chromium, page, _ = tab
        try:
            await failover_tab_check(page, result)
            after = routes(access_log).get(victim_route, [])
            if after and after[-1].endswith(":" + victim_port):
                result.fail("fail-over tab: still routed to the killed replica")
            else:
                result.notes["failover"] = "browser tab back on the same view on another replica"
        finally:
            await chromium.close()
            await pw.stop()

    # Which replica each load session started on (its first request).
    seen = routes(access_log)
    first = {i: (seen.get(f"load-{i}") or ["?"])[0] for i in range(args.sessions)}
    per_replica = {port: sum(1 for up in first.values() if up.endswith(":" + port)) for port in replicas}
    if any(count == 0 for count in per_replica.values()):
        result.fail(f"sessions not spread over every replica: {per_replica}")
    on_victim = {i for i, up in first.items() if up.endswith(":" + victim_port)}
    stray = {i: n for i, n in load.drops.items() if i not in on_victim}
    if stray:
        result.fail(f"sessions not on the killed replica lost their connection: {stray}")
    if load.errors:
        result.fail(f"errors: {load.errors}; e.g. {load.examples[:3]}")
    if not load.steps_ms:
        result.fail("no step finished")
    reconnects = sum(load.drops.values())
    result.notes["load"] = (
        f"{args.sessions} sessions for {wall:.0f} s, spread {'/'.join(str(per_replica[p]) for p in replicas)}; "
        f"{len(load.steps_ms)} steps, p50 {median(load.steps_ms):.0f} ms, p95 {percentile(load.steps_ms, 95):.0f} ms; "
        f"errors {sum(load.errors.values())}; {reconnects} reconnects of {len(on_victim)} sessions on the killed replica; "
        f"largest message {load.max_message_bytes / 1e6:.2f} MB"
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", required=True)
    parser.add_argument("--replicas", required=True, help="port:pid,port:pid,...")
    parser.add_argument("--access-log", required=True)
    parser.add_argument("--sessions", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--short", action="store_true")
    parser.add_argument("--summary", required=True)
    args = parser.parse_args(argv)
    if not args.base.startswith(f"http://{LOOPBACK}:"):
        parser.error("loopback only: --base must be http://127.0.0.1:PORT")
    if not 1 <= args.sessions <= ws_load.MAX_SESSIONS or not 4 <= args.seconds <= ws_load.MAX_SECONDS:
        parser.error(f"sessions 1..{ws_load.MAX_SESSIONS}, seconds 4..{ws_load.MAX_SECONDS}")
    result = asyncio.run(run(args))
    verdict = (
        "PASS" if not result.problems else f"FAIL ({len(result.problems)} problems: {result.problems[0]})"
    )
    parts = [
        verdict,
        f"security headers on {result.headers_checked} responses",
        *(result.notes[k] for k in ("load", "killed", "failover", "upload", "browser") if k in result.notes),
    ]
    Path(args.summary).write_text("; ".join(parts), encoding="utf-8")
    return 0 if not result.problems else 1


if __name__ == "__main__":
    sys.exit(main())
