"""Paired A/B latency of one page: the working tree's page against the same page at a git ref.

    python -m benchmarks.ab schedule                 # this page against HEAD's, 30 repetitions
    python -m benchmarks.ab compare --ref 5b326c9 --reps 40
    python -m benchmarks.ab diet --cold --reps 12        # cold loads (goto → fully rendered) instead
    python -m benchmarks.ab compare --old-kind selectbox # the old page's input was another widget
    python -m benchmarks.ab schedule --tree --ref 8f26b41  # the whole app at the ref (its src/ too)

Copies the repository's working tree (app.py, pages/, src/, data/, static/, .streamlit/) to a
scratch folder, adds the page as it was at ``--ref`` as an extra page ``/<page>_old`` (its
``src/`` modules are today's: compare page changes, not library changes), starts one server
there, and opens the content floor, the old page and the new page side by side, one interaction
on each in turn per repetition (``benchmarks.browser.latencies``), so a spell of machine noise
falls on all three. Prints each median, its ratio to the content floor, and the **paired**
figure: the median over repetitions of new ÷ old, which is what moves least with the load.

With ``--tree`` the old side is the whole repository at ``--ref`` (a git worktree: its pages,
``src/``, data and settings) in a second server, so library and shared-layout changes count too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from playwright.async_api import async_playwright

from benchmarks import browser
from benchmarks.common import FRAME_FLOOR_SCRIPT, ROOT, start_server
from benchmarks.interactions import CONTENT_FLOOR, by_page

COPIED = ("app.py", "pages", "src", "data", "static", ".streamlit")


def copy_app(prefix: str) -> Path:
    """A scratch copy of the app (its pages, code, data, static files and settings)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.exists():
            shutil.copy2(source, folder / name)
    return folder


def scratch_app(page_file: str, ref: str) -> Path:
    """A copy of the app with ``pages/<page>_old.py`` from ``ref`` registered as ``/<page>_old``."""
    folder = copy_app("ab-")
    stem = Path(page_file).stem
    old = subprocess.run(
        ["git", "show", f"{ref}:{page_file}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    (folder / "pages" / f"{stem}_old.py").write_text(old, encoding="utf-8")
    app = (folder / "app.py").read_text(encoding="utf-8")
    marker = "\n]\n\npage = st.navigation"
    extra = f'    st.Page("pages/{stem}_old.py", title="{stem} (old)", url_path="{stem}_old"),'
    (folder / "app.py").write_text(app.replace(marker, f"\n{extra}{marker}", 1), encoding="utf-8")
    return folder


def worktree(ref: str) -> Path:
    """The whole repository at ``ref`` in a scratch git worktree."""
    folder = Path(tempfile.mkdtemp(prefix="ab-tree-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", "-f", str(folder), ref],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return folder


async def _run(
    app_base: str,
    floor_base: str,
    page: str,
    reps: int,
    old_kind: str | None = None,
    cold: bool = False,
    old_base: str | None = None,
) -> None:
    inter = by_page(page)
    assert inter is not None and inter.path is not None
    if old_base is None:  # the old page beside the new one in the same server
        old_base = app_base
        old = replace(inter, page=f"{page} (old)", path=f"{inter.path}_old")
    else:  # the old tree's own server, same path
        old = replace(inter, page=f"{page} (old)")
    if old_kind is not None:  # the old page had another widget for the same input
        old = replace(old, kind=old_kind)
    async with async_playwright() as pw:
        chromium = await browser.launch(pw)
        try:
            if cold:  # goto → fully rendered, fresh context each time, interleaved
                urls = [
                    browser._url(floor_base, CONTENT_FLOOR),
                    browser._url(old_base, old),
                    browser._url(app_base, inter),
                ]
                floor, before, after = await browser.cold_loads(chromium, urls, reps=reps)
            else:
                floor, before, after = await browser.latencies(
                    chromium, [(floor_base, CONTENT_FLOOR), (old_base, old), (app_base, inter)], reps=reps
                )
        finally:
            await chromium.close()
    print("cold load" if cold else "interaction")
    for label, res in (("content floor", floor), ("old", before), ("new", after)):
        med = statistics.median(res.times_ms) if res.times_ms else float("nan")
        ratio = med / statistics.median(floor.times_ms) if floor.times_ms else float("nan")
        print(f"{label:14s} {med:7.1f} ms  {ratio:5.2f}× content floor  errors: {res.errors[:2] or 'none'}")
    pairs = [b / a for a, b in zip(before.times_ms, after.times_ms, strict=False)]
    if pairs:
        print(f"paired new ÷ old: {statistics.median(pairs):.2f} (median of {len(pairs)} repetitions)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="page label in benchmarks.interactions (compare, diet, schedule, ...)")
    parser.add_argument("--ref", default="HEAD", help="git ref of the old page (default HEAD)")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--cold", action="store_true", help="cold loads instead of the interaction")
    parser.add_argument(
        "--old-kind", default=None, help="widget kind of the old page's input, if it differs (e.g. selectbox)"
    )
    parser.add_argument(
        "--tree", action="store_true", help="the old side is the whole repository at --ref (own server)"
    )
    args = parser.parse_args(argv)
    inter = by_page(args.page)
    if inter is None or inter.path is None or inter.kind == "none":
        parser.error(f"no interaction for page {args.page!r}")
    old_server = None
    if args.tree:
        folder = worktree(args.ref)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder / "src"), str(folder)])}
        old_server = start_server(
            str(folder / "app.py"), log_name=f"ab-{args.page}-old.log", cwd=folder, env=env
        )
        app_server = start_server(log_name=f"ab-{args.page}-app.log")
    else:
        folder = scratch_app(f"pages/{inter.path}.py", args.ref)
        app_server = start_server(str(folder / "app.py"), log_name=f"ab-{args.page}-app.log")
    floor_server = start_server(FRAME_FLOOR_SCRIPT, log_name=f"ab-{args.page}-floor.log")
    try:
        asyncio.run(
            _run(
                app_server.base,
                floor_server.base,
                args.page,
                args.reps,
                args.old_kind,
                args.cold,
                old_base=old_server.base if old_server else None,
            )
        )
    finally:
        app_server.stop()
        floor_server.stop()
        if old_server is not None:
            old_server.stop()
            subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
