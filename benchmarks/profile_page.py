"""Profile the rerun of one page after its interaction (cProfile around ``at.run()``).

    python -m benchmarks.profile_page compare            # top functions by cumulative time
    python -m benchmarks.profile_page diet --reps 20 --top 30
    python -m benchmarks.profile_page journal --callers "frame.py.*__getitem__"   # who calls it

Prints two lists: the app's own functions (pages/, src/) and everything, sorted by
cumulative time over the timed reruns. For import cost use
``python -X importtime -c "import maglib.forms"``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
import warnings

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

from benchmarks import interactions, rerun

#: The page script runs in AppTest's script thread: profile inside that thread.
_PROFILE: cProfile.Profile | None = None
_original_run_script = ScriptRunner._run_script


def _profiled_run_script(self: ScriptRunner, *args: object, **kwargs: object) -> object:
    if _PROFILE is None:
        return _original_run_script(self, *args, **kwargs)
    _PROFILE.enable()
    try:
        return _original_run_script(self, *args, **kwargs)
    finally:
        _PROFILE.disable()


ScriptRunner._run_script = _profiled_run_script  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page", help="page label (floor, home, compare, diet, schedule, journal, sources)")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--callers", metavar="PATTERN", help="also list who calls the functions matching PATTERN"
    )
    args = parser.parse_args(argv)
    inter = interactions.by_page(args.page)
    if inter is None:
        parser.error(f"no interaction for page {args.page!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        at = rerun.new_apptest(inter)
        for rep in range(3):  # warm-up
            rerun._apply(at, inter, rep)
            at.run()
        global _PROFILE
        prof = _PROFILE = cProfile.Profile()
        total = 0.0
        for rep in range(3, 3 + args.reps):
            rerun._apply(at, inter, rep)
            t0 = time.perf_counter()
            at.run()
            total += time.perf_counter() - t0
        _PROFILE = None
    print(f"{args.page}: {args.reps} reruns, mean {total / args.reps * 1000:.1f} ms (with profiler overhead)")
    for title, pattern in (("app code (pages/, src/)", r"(pages|src)/"), ("everything", "")):
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out).sort_stats("cumulative")
        stats.print_stats(pattern, args.top) if pattern else stats.print_stats(args.top)
        print(f"\n===== {title} =====")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
    if args.callers:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_callers(args.callers)
        print(f"\n===== callers of {args.callers} =====")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:8000])
    return 0


if __name__ == "__main__":
    sys.exit(main())
