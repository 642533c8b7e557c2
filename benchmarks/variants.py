"""Cold loads (or the typical interaction) of several variants of one page, side by side.

    python -m benchmarks.variants benchmarks/variant_defs/diet_dawn.py            # 12 cold loads each
    python -m benchmarks.variants benchmarks/variant_defs/diet_dawn.py --reps 20

A definitions file names the page (``PAGE = "diet"``) and ``VARIANTS``: a dict from a name to a
function that takes the page's source text and returns a variant of it (``"base"`` first, the
page as it is). Each variant is written into a scratch copy of the app as ``/v_<name>`` and all
of them, with the content floor, are loaded in turn, repetition by repetition
(``benchmarks.browser.cold_loads``), so a spell of machine noise falls on every variant. Prints
each median, its ratio to the content floor and the **paired** ratio to ``base`` (median over
repetitions of variant ÷ base). An ablation tool: the variants are never part of the app.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import shutil
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.async_api import async_playwright

from benchmarks import browser
from benchmarks.ab import copy_app
from benchmarks.common import FRAME_FLOOR_SCRIPT, ROOT, page_url, start_server
from benchmarks.interactions import CONTENT_FLOOR


def swap(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new``; stops when ``old`` is not there (the page has
    changed since the definitions were written, so the variant would silently be the page itself)."""
    if old not in text:
        raise SystemExit(f"not in the page any more: {old[:60]!r}")
    return text.replace(old, new)


def load_definitions(path: str) -> tuple[str, dict[str, Callable[[str], str]]]:
    spec = importlib.util.spec_from_file_location("variant_defs", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot read {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PAGE, dict(module.VARIANTS)


def scratch_app(page: str, variants: dict[str, Callable[[str], str]]) -> Path:
    """A copy of the app with each variant of ``pages/<page>.py`` registered as ``/v_<name>``."""
    folder = copy_app("variants-")
    original = (ROOT / "pages" / f"{page}.py").read_text(encoding="utf-8")
    extra = ""
    for name, make in variants.items():
        text = make(original)
        if name != "base" and text == original:
            raise SystemExit(f"variant {name!r} does not change the page")
        (folder / "pages" / f"v_{name}.py").write_text(text, encoding="utf-8")
        extra += f'\n    st.Page("pages/v_{name}.py", title="{name}", url_path="v_{name}"),'
    app = (folder / "app.py").read_text(encoding="utf-8")
    marker = "\n]\n\npage = st.navigation"
    (folder / "app.py").write_text(app.replace(marker, extra + marker, 1), encoding="utf-8")
    return folder


async def _run(app_base: str, floor_base: str, names: list[str], reps: int) -> list[browser.Timings]:
    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            urls = [browser._url(floor_base, CONTENT_FLOOR)]
            urls += [page_url(app_base, f"v_{name}") for name in names]
            return await browser.cold_loads(chromium, urls, reps=reps)
        finally:
            await chromium.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("definitions", help="a file with PAGE and VARIANTS")
    parser.add_argument("--reps", type=int, default=12)
    args = parser.parse_args(argv)
    page, variants = load_definitions(args.definitions)
    if "base" not in variants:
        variants = {"base": lambda text: text, **variants}
    folder = scratch_app(page, variants)
    app_server = start_server(str(folder / "app.py"), log_name="variants-app.log")
    floor_server = start_server(FRAME_FLOOR_SCRIPT, log_name="variants-floor.log")
    try:
        names = list(variants)
        floor, *results = asyncio.run(_run(app_server.base, floor_server.base, names, args.reps))
    finally:
        app_server.stop()
        floor_server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    floor_ms = statistics.median(floor.times_ms)
    base = results[names.index("base")]
    print(f"cold load, {args.reps} repetitions; content floor {floor_ms:.0f} ms")
    for name, res in zip(names, results, strict=True):
        med = statistics.median(res.times_ms) if res.times_ms else float("nan")
        pairs = [v / b for v, b in zip(res.times_ms, base.times_ms, strict=False)]
        paired = statistics.median(pairs) if pairs else float("nan")
        print(
            f"{name:18s} {med:7.0f} ms  {med / floor_ms:5.2f}× content floor  paired vs base {paired:.3f}"
            f"  errors: {res.errors[:1] or 'none'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
