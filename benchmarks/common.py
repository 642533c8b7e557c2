"""Shared helpers: servers on loopback, process memory, small statistics."""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
APP_SCRIPT = "app.py"
FLOOR_SCRIPT = "benchmarks/floor_app.py"
FRAME_FLOOR_SCRIPT = "benchmarks/frame_floor_app.py"
LOOPBACK = "127.0.0.1"

#: The app's pages as (label, url path); "" is the home page.
PAGES: tuple[tuple[str, str], ...] = (
    ("home", ""),
    ("compare", "compare"),
    ("diet", "diet"),
    ("schedule", "schedule"),
    ("journal", "journal"),
    ("trial", "trial"),
    ("sources", "sources"),
)


@dataclass(frozen=True)
class Profile:
    """How the browser is set up for a measurement: viewport, touch, CPU speed."""

    name: str
    tag: str  #: how the results label its rows, e.g. "phone: 390×844, touch, 4× CPU"
    width: int
    height: int
    is_mobile: bool = False
    has_touch: bool = False
    device_scale_factor: float = 1.0
    #: Chromium's CPU slow-down (DevTools ``Emulation.setCPUThrottlingRate``); 1 = none.
    cpu_throttling: float = 1.0
    #: Send an Android Chrome user agent (Streamlit's data grid and its WebSocket timeout look at it).
    phone_user_agent: bool = False


#: What the browser sections have always used.
DESKTOP = Profile("desktop", "browser", 1280, 900)
#: A phone: a 390 × 844 CSS-pixel screen at 3 device pixels per CSS pixel, touch input, a mobile
#: viewport and user agent, and the CPU slowed 4× (the ratio DevTools suggests for a mid-range phone).
PHONE = Profile(
    "phone",
    "phone: 390×844, touch, 4× CPU",
    390,
    844,
    is_mobile=True,
    has_touch=True,
    device_scale_factor=3.0,
    cpu_throttling=4.0,
    phone_user_agent=True,
)
#: The phone without CPU throttling: only to show that the throttling is applied.
PHONE_UNTHROTTLED = Profile(
    "phone-unthrottled",
    "phone: 390×844, touch, no CPU throttling",
    390,
    844,
    is_mobile=True,
    has_touch=True,
    device_scale_factor=3.0,
    phone_user_agent=True,
)


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running `streamlit run` process and what it took to start."""

    proc: subprocess.Popen
    base: str
    startup_s: float
    log_path: Path

    def rss_mb(self) -> float:
        """Resident memory of the server process (and any children), in MB."""
        return process_tree_rss_mb(self.proc.pid)

    def stop(self) -> None:
        """Terminate the server (kill if it does not exit in 15 s)."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_server(
    script: str = APP_SCRIPT,
    log_name: str = "server.log",
    timeout_s: float = 90.0,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Server:
    """Start ``streamlit run <script>`` (cwd = repo root, or ``cwd``) on a free loopback port.

    Returns once ``/_stcore/health`` answers ``ok``; ``startup_s`` is the time from
    just before the process was spawned to that first ``ok`` (polled every 20 ms).
    """
    RESULTS.mkdir(parents=True, exist_ok=True)
    log_path = RESULTS / log_name
    port = free_port()
    base = f"http://{LOOPBACK}:{port}"
    log = log_path.open("w")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless=true",
            f"--server.port={port}",
            f"--server.address={LOOPBACK}",
            "--browser.gatherUsageStats=false",
            "--server.fileWatcherType=none",
        ],
        cwd=cwd or ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = t0 + timeout_s
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return Server(proc, base, time.perf_counter() - t0, log_path)
        except OSError:
            time.sleep(0.02)
    proc.kill()
    proc.wait()
    raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text()}")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            text = (task / "children").read_text().split()
            kids.extend(int(k) for k in text)
    except OSError:
        pass
    return kids


def process_rss_mb(pid: int) -> float:
    """VmRSS of one process in MB (0.0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def process_tree_rss_mb(pid: int) -> float:
    """Sum of VmRSS over ``pid`` and its descendants, in MB."""
    total, todo, seen = 0.0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += process_rss_mb(p)
        todo.extend(_children(p))
    return total


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100.0 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """Median; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2.0


def page_url(base: str, path: str) -> str:
    """URL of a page of the app."""
    return f"{base}/{path}" if path else f"{base}/"


def machine_info() -> dict[str, str]:
    """nproc, Python and Streamlit versions, memory, date (for the results file)."""
    import platform

    import streamlit

    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    except OSError:
        pass
    commit = "?"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "--",
                "pages",
                "src",
                "app.py",
                "data",
                "benchmarks",
                ".streamlit",
                ":(exclude)benchmarks/results",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        if dirty:
            commit += " (+ uncommitted changes in the app, its data or benchmarks/)"
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "nproc": str(os.cpu_count()),
        "memory": mem,
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "platform": platform.platform(),
        "commit": commit,
    }


class TimingStats:
    """Median and p95 of a ``times_ms`` list (mixed into the result classes)."""

    times_ms: list[float]

    @property
    def median_ms(self) -> float:
        return median(self.times_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.times_ms, 95)
