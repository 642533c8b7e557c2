"""The ten bugs of issue 19, planted one at a time: each must fail its named tests.

``scripts/mutation.sh`` runs this before mutmut. Each bug is a text replacement in
today's code (it must match exactly once, else the code has moved and this table
needs updating); the scratch copy is changed, the named tests run against it, and
every named test must FAIL. Prints one line per bug and exits 1 if any bug was
not caught (or could not be planted).

    python tests/mutation/planted.py [SCRATCH_DIR]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
S, P, J, L, PR = (
    "tests/test_mutation_kills_safety.py",
    "tests/test_mutation_kills_plan.py",
    "tests/test_mutation_kills_journal.py",
    "tests/test_mutation_kills_links.py",
    "tests/test_mutation_kills_profile.py",
)

#: (bug, file, today's text, the bug's text, tests that must fail)
BUGS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    (
        "under-18 note: age < 18 → < 17",
        "src/maglib/safety.py",
        "child = age < rules.self_serve_min_age",
        "child = age < rules.self_serve_min_age - 1",
        (
            f"{S}::test_age_boundary_table",
            f"{S}::test_seventeen_year_old_is_asked_for_a_clinician_and_told_the_age_limit",
        ),
    ),
    (
        "lactation dropped from the life stages",
        "src/maglib/safety.py",
        'answers.life_stage in {"pregnancy", "lactation"}',
        'answers.life_stage in {"pregnancy"}',
        (f"{S}::test_life_stage_keeps_the_ul_and_warns",),
    ),
    (
        "label guard removed (more than 8 units a day)",
        "src/maglib/schedule.py",
        "    if label is not None:\n        return _with_notes(empty, label)\n",
        "",
        (f"{P}::test_a_tenth_of_a_milligram_label_gets_no_plan",),
    ),
    (
        "step-up: min(start + step × rises, target) → no min",
        "src/maglib/schedule.py",
        "dose = min(start_mg + step_mg * rises, target_mg) if step_mg > 0 else start_mg",
        "dose = start_mg + step_mg * rises if step_mg > 0 else start_mg",
        (
            f"{P}::test_uneven_step_stops_at_the_target",
            f"{P}::test_uneven_step_plan_never_schedules_past_the_target",
        ),
    ),
    # Was "midnight: >= DAY_MINUTES → >" (a dose moved to exactly 00:00 lost "(after midnight)"). Since
    # rule night_dose_no_plan (2026-12-05) a dose asked for waking hours is never placed at 00:00, so
    # that bug cannot be seen; the night's edge at 06:00 is the boundary that now decides a plan.
    (
        "night: minute < NIGHT_END → <= (06:00 counted as night)",
        "src/maglib/schedule.py",
        "return NIGHT_START <= minute < NIGHT_END",
        "return NIGHT_START <= minute <= NIGHT_END",
        (f"{P}::test_a_dose_asked_for_waking_hours_gets_no_night_time_and_the_night_ends_at_six",),
    ),
    (
        "profile: pregnancy selectable from 9 → from 10 (MIN <= age → MIN < age)",
        "src/maglib/profile.py",
        "STAGE_AGE_MIN <= age_years <= STAGE_AGE_MAX",
        "STAGE_AGE_MIN < age_years <= STAGE_AGE_MAX",
        (
            f"{PR}::test_profile_keeps_the_stage_only_where_it_can_be_chosen",
            f"{PR}::test_stage_applies_boundaries",
        ),
    ),
    (
        "profile: pregnancy table rows from 14 → from 15 (MIN <= age → MIN < age)",
        "src/maglib/profile.py",
        "TABLE_STAGE_AGE_MIN <= profile.age_years",
        "TABLE_STAGE_AGE_MIN < profile.age_years",
        (
            f"{PR}::test_us_row_at_each_table_boundary",
            f"{PR}::test_a_pregnant_14_year_old_gets_the_pregnancy_rda_not_the_girls_rda",
        ),
    ),
    (
        "journal: interval percentiles [2.5, 97.5] → [5, 95]",
        "src/maglib/journal.py",
        "np.percentile(diffs, [2.5, 97.5])",
        "np.percentile(diffs, [5, 95])",
        (
            f"{J}::test_interval_values_agree_with_scipy_bootstrap",
            f"{J}::test_interval_is_a_95_percent_interval_not_90",
        ),
    ),
    (
        "journal verdict: high < 0 → high <= 0",
        "src/maglib/journal.py",
        '"fewer" if high < 0',
        '"fewer" if high <= 0',
        (f"{J}::test_an_interval_ending_exactly_at_zero_is_no_clear_change",),
    ),
    (
        "journal bootstrap: baseline resampled at the after size",
        "src/maglib/journal.py",
        "before_idx = rng.integers(0, before.size, size=(resamples, before.size))",
        "before_idx = rng.integers(0, before.size, size=(resamples, after.size))",
        (
            f"{J}::test_interval_values_agree_with_scipy_bootstrap",
            f"{J}::test_baseline_is_resampled_at_its_own_size",
        ),
    ),
    (
        "links: min_value is not None and … → min_value and …",
        "src/maglib/links.py",
        "if param.min_value is not None and value < param.min_value:",
        "if param.min_value and value < param.min_value:",
        (
            f"{L}::test_out_of_range_values_are_refused_and_named_in_the_notice",
            f"{L}::test_start_mg_minus_100_is_named",
        ),
    ),
)


def _copy(scratch: Path) -> Path:
    work = scratch / "planted"
    shutil.rmtree(work, ignore_errors=True)
    (work / "src").mkdir(parents=True)
    shutil.copytree(
        ROOT / "src" / "maglib", work / "src" / "maglib", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copytree(ROOT / "tests", work / "tests", ignore=shutil.ignore_patterns("__pycache__", "browser"))
    shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")
    return work


def _failed(work: Path, tests: tuple[str, ...]) -> tuple[int, set[str]]:
    """Run ``tests`` on the copy in ``work``: pytest's exit code and the tests that failed."""
    env = {**os.environ, "PYTHONPATH": str(work / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("MAGLIB_DATA_DIR", None)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider", *tests],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    failed = {line.split()[1].split("[")[0] for line in run.stdout.splitlines() if line.startswith("FAILED ")}
    return run.returncode, failed


def main() -> int:
    scratch = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="maglib-planted."))
    # Control: with no bug planted, every named test passes in the copy.
    everything = tuple(dict.fromkeys(t for *_, tests in BUGS for t in tests))
    code, failed = _failed(_copy(scratch), everything)
    if code != 0:
        print(f"the named tests do not pass on today's code (exit {code}): {sorted(failed)}")
        return 1
    missed = 0
    for bug, rel, good, bad, tests in BUGS:
        work = _copy(scratch)
        source = work / rel
        text = source.read_text(encoding="utf-8")
        if text.count(good) != 1:
            print(
                f"NOT PLANTED  {bug}: {rel} has {text.count(good)} copies of {good!r} (update tests/mutation/planted.py)"
            )
            missed += 1
            continue
        source.write_text(text.replace(good, bad), encoding="utf-8")
        code, failed = _failed(work, tests)
        passed = [t.split("::")[1] for t in tests if t not in failed]
        if code != 1 or passed:
            missed += 1
            print(f"NOT CAUGHT   {bug}: {', '.join(passed) or 'pytest exit ' + str(code)}")
        else:
            print(f"caught       {bug}: {', '.join(t.split('::')[1] for t in tests)}")
    shutil.rmtree(scratch / "planted", ignore_errors=True)
    print(f"planted bugs: {len(BUGS) - missed} of {len(BUGS)} caught by their named tests")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
