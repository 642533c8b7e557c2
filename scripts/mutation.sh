#!/usr/bin/env bash
# Mutation testing of the safety, plan, profile, journal-analysis, trial-statistics and link-validation code
# (issues 19 and 20).
#   bash scripts/mutation.sh                   # the score (see README, Reliability, for the last run)
#   MUTATION_JOBS=1 bash scripts/mutation.sh   # fewer parallel workers
#   KEEP_MUTANTS=1 bash scripts/mutation.sh    # keep the scratch copy (then: cd it; mutmut show NAME)
#   python tests/mutation/planted.py           # only the ten bugs of issue 19 (run first here too)
# mutmut plants one small bug at a time in the functions named below and runs the tests that reach
# that function (the non-browser tests listed in pyproject.toml's [tool.mutmut]); a mutant the tests
# do not notice "survives". Survivors that no behaviour can tell apart from the real code are listed
# with their reasons in tests/mutation/equivalent.md; any other survivor is printed with its diff.
# Prints per-module scores, then `mutation score: K killed of N` as the last line.
# Not part of CI's pass/fail (like the benchmarks); run it before calling a change to these modules done.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

if [ -n "${VIRTUAL_ENV:-}" ]; then
  BIN=$VIRTUAL_ENV/bin
elif [ -x .venv/bin/python ]; then
  BIN=$ROOT/.venv/bin
else
  echo "No virtualenv: run 'bash scripts/test.sh --collect-only -q' once (it makes .venv)." >&2
  exit 2
fi
if [ ! -x "$BIN/mutmut" ]; then
  "$BIN/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
fi

# The functions under test, as mutmut names them (module.x_function, module.xǁClassǁmethod).
TARGETS=(
  # safety rules: the whole module
  "maglib.safety.*"
  # the plan: doses, rounding, placement around medicines, the plan builder
  "maglib.schedule.x_requested_doses__mutmut_*"
  "maglib.schedule.x_first_step_week__mutmut_*"
  "maglib.schedule.x_step_day__mutmut_*"
  "maglib.schedule.x_step_up_closed__mutmut_*"
  "maglib.schedule.x_doses_a_day__mutmut_*"
  "maglib.schedule.x_plan_end__mutmut_*"
  "maglib.schedule.x_started_note__mutmut_*"
  "maglib.schedule.x_journal_dose__mutmut_*"
  "maglib.schedule.x_units_within__mutmut_*"
  "maglib.schedule.x_split_units__mutmut_*"
  "maglib.schedule.x_start_for_gap__mutmut_*"
  "maglib.schedule.x__clean__mutmut_*"
  "maglib.schedule.x_elemental_mg_per_unit__mutmut_*"
  "maglib.schedule.x_separation_windows__mutmut_*"
  "maglib.schedule.x_in_window__mutmut_*"
  "maglib.schedule.x__circular_shift__mutmut_*"
  "maglib.schedule.x_place_doses__mutmut_*"
  "maglib.schedule.x_dose_times__mutmut_*"
  "maglib.schedule.x_build_plan__mutmut_*"
  "maglib.schedule.x_plan_summary__mutmut_*"
  "maglib.schedule.x_conversion_note__mutmut_*"
  "maglib.schedule.x_compound_misread__mutmut_*"
  # a medicine named on its box finds its class; a medicine without a time gets no plan
  "maglib.schedule.x_find_medicines__mutmut_*"
  "maglib.schedule.x_left_out_as_topical__mutmut_*"
  # the proposal for the prescriber: what it asks to be confirmed first (an eGFR of 60 or more)
  "maglib.schedule.x_prescriber_brief__mutmut_*"
  "maglib.schedule.x_box_name__mutmut_*"
  "maglib.schedule.x__words__mutmut_*"
  "maglib.schedule.x__word_matches__mutmut_*"
  "maglib.schedule.x__holds_phrase__mutmut_*"
  "maglib.schedule.x_typed_medicines__mutmut_*"
  "maglib.schedule.x_topical__mutmut_*"
  "maglib.schedule.x_near_medicines__mutmut_*"
  "maglib.schedule.x_medicine_names__mutmut_*"
  "maglib.schedule.x_combination_classes__mutmut_*"
  "maglib.schedule.x_combination_near__mutmut_*"
  "maglib.schedule.x_unplaced_words__mutmut_*"
  # rule combination_box_read: which names ask for their box, and which ticks stay
  "maglib.schedule.x_may_hold_another__mutmut_*"
  "maglib.schedule.x_boxes_to_read__mutmut_*"
  # rule kidney_condition_in_medicine_box: kidney disease typed in the medicine box
  "maglib.schedule.x_kidney_condition__mutmut_*"
  "maglib.schedule.x__egfr_values__mutmut_*"
  "maglib.schedule.x__crcl_values__mutmut_*"
  "maglib.schedule.x__creatinine_level__mutmut_*"
  # a product typed in the finder that may hold magnesium holds the plan (session 65)
  "maglib.schedule.x_name_suggests_magnesium__mutmut_*"
  "maglib.schedule.x_names_magnesium__mutmut_*"
  "maglib.schedule.x_several_classes__mutmut_*"
  "maglib.schedule.x_says_name__mutmut_*"
  "maglib.schedule.x_waiting_beside__mutmut_*"
  "maglib.schedule.x_beside_kidney_words__mutmut_*"
  # conditions, "none" and pregnancy typed in the medicine box
  "maglib.schedule.x_typed_condition__mutmut_*"
  "maglib.schedule.x_magnesium_product__mutmut_*"
  "maglib.schedule.x__folded__mutmut_*"
  "maglib.schedule.x_missing_med_times__mutmut_*"
  # the diet-gap sentence (other products counted first) and a dose's units in words (2026-12-06)
  "maglib.schedule.x__gap_note__mutmut_*"
  "maglib.schedule.x_asks_about_iron__mutmut_*"
  "maglib.schedule.x_unit_text__mutmut_*"
  # what the plan says about limits: the top dose against the other authorities, a set with none,
  # and the plan's top dose itself (exact, 2026-12-04)
  "maglib.schedule.x_other_limits_line__mutmut_*"
  "maglib.schedule.x_no_limit_line__mutmut_*"
  "maglib.schedule.xǁPlanǁtarget_delivered_mg__mutmut_*"
  # the plan's CSV download (doses, times and reviews as the person takes them away)
  "maglib.plan_files.*"
  "maglib.amounts.*"
  # profile: life stage, reference rows
  "maglib.profile.*"
  # journal analysis: before/after, bootstrap interval, verdict
  "maglib.journal.x_note_signs_warning__mutmut_*"
  "maglib.journal.x_first_dose_date__mutmut_*"
  "maglib.journal.x_next_night__mutmut_*"
  "maglib.journal.x_is_future__mutmut_*"
  "maglib.journal.x_future_nights__mutmut_*"
  "maglib.journal.x_edited_future_nights__mutmut_*"
  "maglib.journal.x__bootstrap_median_difference__mutmut_*"
  "maglib.journal.x_analyse__mutmut_*"
  "maglib.journal.x_verdict_text__mutmut_*"
  "maglib.journal.x__signed__mutmut_*"
  "maglib.journal.x_every_dose_warning__mutmut_*"
  # the person's date (their browser's time zone) and the night a log is about: the plan's start,
  # its week-4 review gate and the journal's night rest on it (2026-12-04)
  "maglib.clock.*"
  # link validation
  "maglib.links.x_check_query__mutmut_*"
  "maglib.links.x_is_tracking_key__mutmut_*"
  "maglib.links.x__problem__mutmut_*"
  "maglib.links.x__parse__mutmut_*"
  # a date is YYYY-MM-DD for the fields and the link check alike; an old link's defaults, never a
  # medicine's time; a link version given twice (2026-12-05)
  "maglib.links.x_iso_date__mutmut_*"
  "maglib.links.x_escape_inline__mutmut_*"
  "maglib.links.x_legacy_values__mutmut_*"
  "maglib.links.x_check_version__mutmut_*"
  # a crafted link's words are never echoed: names counted, values shown only when short and plain (session 59)
  "maglib.links.x_notice_lines__mutmut_*"
  "maglib.links.x_setting_text__mutmut_*"
  "maglib.links.x_foreign_names_line__mutmut_*"
  "maglib.links.x_showable__mutmut_*"
  "maglib.trial.x_parse_start__mutmut_*"
  # the on/off trial (issue 20): randomisation, blocks, exact test, interval, both analyses, verdict
  "maglib.trial.x_pair_orders__mutmut_*"
  "maglib.trial.x_default_start__mutmut_*"
  "maglib.trial.x_early_start_note__mutmut_*"
  # the trial calendar: an on-block's dose is the plan's for that night, never a step not reached
  "maglib.calendar_export.x__step_on__mutmut_*"
  "maglib.calendar_export.x__runs_of_steps__mutmut_*"
  # reminders from the week-8 review on say "if you continue" (session 59)
  "maglib.calendar_export.x__split_at_review__mutmut_*"
  "maglib.calendar_export.x__after_review_text__mutmut_*"
  # a name suggesting magnesium asks for its label; a night's episodes without severity is questioned
  "maglib.schedule.x_name_suggests_magnesium__mutmut_*"
  "maglib.journal.x_added_markdown__mutmut_*"
  "maglib.trial.x_blocks__mutmut_*"
  "maglib.trial.x_end_date__mutmut_*"
  "maglib.trial.x_block_of__mutmut_*"
  "maglib.trial.x_smallest_p__mutmut_*"
  "maglib.trial.x_exact_p_value__mutmut_*"
  "maglib.trial.x_t_interval__mutmut_*"
  "maglib.trial.x__finish__mutmut_*"
  "maglib.trial.x_analyse_planned__mutmut_*"
  "maglib.trial.x__runs__mutmut_*"
  "maglib.trial.x_analyse_logged__mutmut_*"
  "maglib.trial.x_verdict_text__mutmut_*"
  "maglib.trial.xǁTrialResultǁharm_signal__mutmut_*"
)
# MUTATION_ONLY="maglib.trial.*" bash scripts/mutation.sh   # one module's functions only (quicker)
if [ -n "${MUTATION_ONLY:-}" ]; then
  read -r -a TARGETS <<<"$MUTATION_ONLY"
fi

# mutmut works in its own copy (mutants/); a scratch copy keeps it away from the working tree
# (other people's unsaved edits, and no mutants/ folder to ignore).
WORK=$(mktemp -d "${TMPDIR:-/tmp}/maglib-mutation.XXXXXX")
if [ -z "${KEEP_MUTANTS:-}" ]; then
  trap 'rm -rf "$WORK"' EXIT
else
  echo "scratch copy kept in $WORK"
fi
mkdir -p "$WORK/src"
cp -r src/maglib "$WORK/src/"
cp -r data tests pyproject.toml "$WORK/"
rm -rf "$WORK/tests/browser"
find "$WORK" -name __pycache__ -prune -exec rm -rf {} +

# First the ten bugs of issue 19, each planted by hand and run against the tests named for it.
planted=0
"$BIN/python" "$WORK/tests/mutation/planted.py" "$WORK/.planted" || planted=$?

start=$(date +%s)
cd "$WORK"
# mutmut's own progress goes to a log; its exit code is checked, its output shown on failure.
if ! "$BIN/mutmut" run --max-children "${MUTATION_JOBS:-2}" "${TARGETS[@]}" >"$WORK/mutmut.log" 2>&1; then
  tail -n 60 "$WORK/mutmut.log" >&2
  echo "mutmut run failed (log above)" >&2
  exit 1
fi
elapsed=$(($(date +%s) - start))
echo "mutmut run: ${elapsed} s"
"$BIN/python" "$WORK/tests/mutation/report.py" --equivalent "$ROOT/tests/mutation/equivalent.md" "${TARGETS[@]}"
exit "$planted"
