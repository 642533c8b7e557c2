"""Score a finished ``mutmut run`` (called by ``scripts/mutation.sh`` inside mutmut's working copy).

Reads mutmut's results (``mutants/**/*.py.meta``), keeps the mutants named by the
patterns given on the command line, and prints for each module the mutants killed
(a test failed, or the mutant ran past its time limit) and every survivor: those
matching an entry of ``tests/mutation/equivalent.md`` are counted as equivalent
(listed with a reason there); any other survivor is printed with its diff, because it
is a bug the tests would miss. The last line is ``mutation score: K killed of N``.

An entry in equivalent.md is a ``### module.x_function`` heading followed by a
```` ```diff ```` block with the mutated line(s) as ``-``/``+`` lines; it matches a
survivor of that function whose diff changes exactly those lines (so the list stays
valid when mutmut renumbers the mutants).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
from collections import defaultdict
from pathlib import Path

#: Exit codes that mean the tests noticed the mutant: a failure, a pytest internal error, a
#: timeout (mutmut's 36, SIGXCPU 24/152, 255), or the test process dying (-9, -11).
KILLED = {1, 3, 36, 24, -24, 152, 255, -9, -11}
_ENTRY = re.compile(r"^### (\S+)\s*\n+```diff\n(.*?)\n```", re.MULTILINE | re.DOTALL)


def _changed(diff: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The removed and added lines of a unified diff, stripped of indentation."""
    lines = [line for line in diff.splitlines() if not line.startswith(("---", "+++", "@@"))]
    removed = tuple(line[1:].strip() for line in lines if line.startswith("-"))
    added = tuple(line[1:].strip() for line in lines if line.startswith("+"))
    return removed, added


def equivalent_entries(path: Path) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    entries: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = defaultdict(list)
    if path.exists():
        for function, diff in _ENTRY.findall(path.read_text(encoding="utf-8")):
            entries[function].append(_changed(diff))
    return entries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--equivalent", type=Path, required=True)
    parser.add_argument("patterns", nargs="+")
    args = parser.parse_args()

    from mutmut.mutation.diff_apply import get_diff_for_mutant

    listed = equivalent_entries(args.equivalent)
    used: set[tuple[str, int]] = set()
    results: dict[str, tuple[Path, int | None]] = {}
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        source = meta.relative_to("mutants").with_suffix("")  # src/maglib/x.py
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if any(fnmatch.fnmatchcase(name, p) for p in args.patterns):
                results[name] = (source, code)

    by_module: dict[str, list[str]] = defaultdict(list)
    for name in results:
        by_module[name.split(".x")[0]].append(name)

    total_killed = total = 0
    lines = []
    for module in sorted(by_module):
        names = sorted(
            by_module[module], key=lambda n: (n.rpartition("__mutmut_")[0], int(n.rpartition("_")[2]))
        )
        killed = equivalent = 0
        unexplained = []
        for name in names:
            source, code = results[name]
            if code in KILLED:
                killed += 1
                continue
            function = name.partition("__mutmut_")[0]
            diff = get_diff_for_mutant(name, path=source)
            change = _changed(diff)
            match = next((i for i, e in enumerate(listed.get(function, [])) if e == change), None)
            if code == 0 and match is not None:
                equivalent += 1
                used.add((function, match))
            else:
                unexplained.append((name, code, diff))
        for name, code, diff in unexplained:
            status = {0: "survived", None: "not checked", 5: "no tests", 33: "no tests"}.get(
                code, f"exit {code}"
            )
            print(f"\n## {name}: {status}\n{diff}")
        total_killed += killed
        total += len(names)
        lines.append(
            f"{module}: {killed} killed of {len(names)} ({100 * killed / len(names):.1f}%); "
            f"{equivalent} equivalent (listed), {len(unexplained)} not explained"
        )
    stale = [f for f, entries in listed.items() for i in range(len(entries)) if (f, i) not in used]
    if stale:
        lines.append(f"equivalent.md entries matching no survivor (remove or update): {len(stale)}: {stale}")
    print()
    for line in lines:
        print(line)
    share = 100 * total_killed / total if total else 0.0
    print(f"all configured modules: {share:.1f}% killed")
    print(f"mutation score: {total_killed} killed of {total}")


if __name__ == "__main__":
    main()
