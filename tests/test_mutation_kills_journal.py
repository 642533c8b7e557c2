"""maglib.journal analysis: tests that fail on the small bugs mutation testing planted (issue 19).

The bootstrap interval's VALUES are checked twice, independently of the code under
test: against scipy.stats.bootstrap (percentile method, 200,000 resamples, another
random generator), and against the algorithm written out here with the fixed seed.
Every verdict sentence a person can read is checked word for word.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from maglib import journal

DAY0 = dt.date(2026, 1, 1)

# Episodes per night: a spread-out log, so that the interval's end points move when the
# percentiles, the resample sizes or the group order change (small constant-ish logs hide that).
BEFORE = [12, 30, 7, 22, 41, 18, 26, 9, 35]
AFTER = [5, 14, 2, 20, 9, 11, 3, 16, 8, 25, 6, 12, 4, 10]
# A shorter, different log (7 nights before, the minimum).
BEFORE_B = [3, 9, 4, 12, 6, 2, 8]
AFTER_B = [4, 7, 1, 9, 3, 11, 5, 2, 8, 6, 10, 0, 5, 7]


def night(day: int, episodes: int, mg: float, severity: int | None = None) -> dict[str, object]:
    return {
        "date": DAY0 + dt.timedelta(days=day),
        "episodes": episodes,
        "severity": min(10, episodes) if severity is None else severity,
        "sleep_quality": None,
        "magnesium_mg": mg,
        "measures": [],
        "note": "",
    }


def log(before: list[int], after: list[int]) -> pd.DataFrame:
    rows = [night(d, e, 0) for d, e in enumerate(before)]
    rows += [night(len(before) + d, e, 250) for d, e in enumerate(after)]
    return journal.check_frame(pd.DataFrame(rows, columns=list(journal.COLUMNS)))


def scipy_interval(before: list[int], after: list[int]) -> tuple[float, float]:
    def median_difference(a: np.ndarray, b: np.ndarray, axis: int = -1) -> np.ndarray:
        return np.median(a, axis=axis) - np.median(b, axis=axis)

    result = scipy.stats.bootstrap(
        (np.array(after, float), np.array(before, float)),
        median_difference,
        n_resamples=200_000,
        method="percentile",
        confidence_level=0.95,
        vectorized=True,
        rng=np.random.default_rng(12345),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


def by_hand(before: list[int], after: list[int], resamples: int, seed: int) -> tuple[float, float]:
    """The journal's algorithm written out: each resample draws len(before) baseline nights and
    len(after) nights on magnesium (with replacement, baseline first), takes after's median minus
    before's; the interval is the 2.5th and 97.5th percentile of those differences."""
    rng = np.random.default_rng(seed)
    b, a = np.array(before, float), np.array(after, float)
    draws_b = rng.integers(0, len(b), size=(resamples, len(b)))
    draws_a = rng.integers(0, len(a), size=(resamples, len(a)))
    differences = sorted(
        float(np.median(a[ia]) - np.median(b[ib])) for ia, ib in zip(draws_a, draws_b, strict=True)
    )
    # numpy's default percentile: linear between the order statistics at (n - 1) * q.
    out = []
    for q in (0.025, 0.975):
        position = (resamples - 1) * q
        low = int(np.floor(position))
        high = min(low + 1, resamples - 1)
        out.append(differences[low] + (differences[high] - differences[low]) * (position - low))
    return out[0], out[1]


@pytest.mark.parametrize(("before", "after"), [(BEFORE, AFTER), (BEFORE_B, AFTER_B)])
def test_interval_values_agree_with_scipy_bootstrap(before, after):
    """Bugs: percentiles [2.5, 97.5] → [5, 95] (a 90% interval labelled 95%), and the baseline
    resampled at the after-group's size. Both move an end point by 1 episode or more here."""
    result = journal.analyse(log(before, after))
    low, high = scipy_interval(before, after)
    assert result.status == "ready"
    assert result.ci_low == pytest.approx(low, abs=0.5)
    assert result.ci_high == pytest.approx(high, abs=0.5)


def test_interval_matches_the_algorithm_worked_by_hand_with_the_fixed_seed():
    result = journal.analyse(log(BEFORE, AFTER))
    assert (result.ci_low, result.ci_high) == by_hand(
        BEFORE, AFTER, journal.BOOTSTRAP_RESAMPLES, journal.BOOTSTRAP_SEED
    )
    assert (result.ci_low, result.ci_high) == (-24.5, 0.0)
    other = journal.analyse(log(BEFORE_B, AFTER_B), resamples=500, seed=3)
    assert (other.ci_low, other.ci_high) == by_hand(BEFORE_B, AFTER_B, 500, 3)


def test_interval_is_a_95_percent_interval_not_90():
    """Bug: percentiles [5, 95]. The 90% interval of this log is visibly narrower."""
    result = journal.analyse(log(BEFORE, AFTER))
    rng = np.random.default_rng(journal.BOOTSTRAP_SEED)
    b, a = np.array(BEFORE, float), np.array(AFTER, float)
    ib = rng.integers(0, b.size, size=(journal.BOOTSTRAP_RESAMPLES, b.size))
    ia = rng.integers(0, a.size, size=(journal.BOOTSTRAP_RESAMPLES, a.size))
    differences = np.median(a[ia], axis=1) - np.median(b[ib], axis=1)
    inside = np.mean((differences >= result.ci_low) & (differences <= result.ci_high))
    assert inside >= 0.95
    assert np.mean(differences < result.ci_low) <= 0.025
    assert np.mean(differences > result.ci_high) <= 0.025
    ninety = np.percentile(differences, [5, 95])
    assert (result.ci_low, result.ci_high) != tuple(ninety)


def test_baseline_is_resampled_at_its_own_size():
    """Bug: the baseline resampled at the after-group's size (14 draws from 9 nights)."""
    result = journal.analyse(log(BEFORE, AFTER))
    rng = np.random.default_rng(journal.BOOTSTRAP_SEED)
    b, a = np.array(BEFORE, float), np.array(AFTER, float)
    ib = rng.integers(0, b.size, size=(journal.BOOTSTRAP_RESAMPLES, a.size))  # the bug
    ia = rng.integers(0, a.size, size=(journal.BOOTSTRAP_RESAMPLES, a.size))
    wrong = np.percentile(np.median(a[ia], axis=1) - np.median(b[ib], axis=1), [2.5, 97.5])
    assert (result.ci_low, result.ci_high) != (float(wrong[0]), float(wrong[1]))


def test_an_interval_ending_exactly_at_zero_is_no_clear_change():
    """Bug: ``high < 0`` → ``high <= 0`` ("larger than the ups and downs" when the interval
    includes no change)."""
    result = journal.analyse(log(BEFORE, AFTER))
    assert result.ci_high == 0.0 and result.ci_low < 0 and not result.degenerate
    assert result.direction == "unclear"
    assert "the change is larger than" not in result.summary
    assert "The interval includes no change" in result.summary


def test_an_interval_starting_exactly_at_zero_is_no_clear_change():
    # Found by search: a log whose bootstrap interval starts exactly at 0.
    result = journal.analyse(log(BEFORE, [41, 39, 54, 24, 55, 43, 54, 19, 47, 57, 12, 28, 41, 15]))
    assert result.ci_low == 0.0 and result.ci_high > 0 and not result.degenerate
    assert result.direction == "unclear"


def test_the_analysis_numbers():
    result = journal.analyse(log(BEFORE, AFTER))
    assert (result.median_before, result.median_after) == (float(np.median(BEFORE)), float(np.median(AFTER)))
    assert result.difference == float(np.median(AFTER)) - float(np.median(BEFORE))
    assert result.severity_before == float(np.median([min(10, e) for e in BEFORE]))
    assert result.severity_after == float(np.median([min(10, e) for e in AFTER]))
    assert (result.nights, result.baseline_nights, result.after_nights) == (23, 9, 14)
    assert result.first_dose == DAY0 + dt.timedelta(days=9)
    assert (result.after_start, result.after_end) == (
        DAY0 + dt.timedelta(days=9),
        DAY0 + dt.timedelta(days=22),
    )
    assert (result.more_baseline_needed, result.more_after_needed, result.baseline_can_grow) == (0, 0, False)


def test_severity_after_uses_the_same_latest_nights():
    rows = [night(d, 2, 0, severity=2) for d in range(7)]
    rows += [night(7 + d, 1, 250, severity=9) for d in range(5)]  # older nights on magnesium
    rows += [night(12 + d, 1 + d % 2, 250, severity=3) for d in range(14)]
    result = journal.analyse(journal.check_frame(pd.DataFrame(rows, columns=list(journal.COLUMNS))))
    assert result.severity_after == 3 and result.severity_before == 2
    assert result.after_start == DAY0 + dt.timedelta(days=12)


@pytest.mark.parametrize(("before", "after", "status", "more"), [
    (7, 14, "ready", (0, 0)),
    (6, 14, "too_few", (1, 0)),
    (7, 13, "too_few", (0, 1)),
    (0, 1, "too_few", (7, 13)),
])  # fmt: skip
def test_minimum_nights_boundaries(before, after, status, more):
    frame = log([1 + d % 3 for d in range(before)], [d % 2 for d in range(after)])
    result = journal.analyse(frame)
    assert result.status == status
    assert (result.more_baseline_needed, result.more_after_needed) == more
    assert result.baseline_nights == before and result.after_nights == after


def test_no_magnesium_counts():
    result = journal.analyse(log([1, 2, 3], []))
    assert result.status == "no_magnesium" and result.first_dose is None
    assert (result.nights, result.baseline_nights, result.after_nights) == (3, 3, 0)
    assert (result.more_baseline_needed, result.more_after_needed, result.baseline_can_grow) == (4, 14, True)
    assert journal.analyse(log([1] * 9, [])).more_baseline_needed == 0


def test_degenerate_only_when_the_interval_is_a_point():
    flat = journal.analyse(log([3] * 7, [3] * 14))
    assert flat.degenerate and (flat.ci_low, flat.ci_high) == (0.0, 0.0) and flat.direction == "unclear"
    assert journal.first_dose_date(log([3] * 7, [3] * 14)) == DAY0 + dt.timedelta(days=7)
    assert journal.first_dose_date(log([3] * 7, [])) is None


# ------------------------------------------------------------ the verdict, word for word

CAVEAT = (
    " The interval treats each night as independent; nights in a row tend to be alike, so the "
    "real uncertainty is larger than it shows."
)


def ready(**changes: object) -> journal.Analysis:
    base = journal.Analysis(
        status="ready",
        nights=30,
        baseline_nights=9,
        after_nights=14,
        first_dose=DAY0,
        more_baseline_needed=0,
        more_after_needed=0,
        baseline_can_grow=False,
        median_before=3.0,
        median_after=1.5,
        difference=-1.5,
        ci_low=-2.25,
        ci_high=-0.5,
        direction="fewer",
    )
    return dataclasses.replace(base, **changes)


HEAD = (
    "Typical night before magnesium: 3 episodes (median of 9 nights). Latest 14 nights on magnesium: "
    "1.5 episodes. Change: −1.5 episodes per night (95% bootstrap interval −2.2 to −0.5)."
)


def test_verdict_fewer():
    assert (
        journal.verdict_text(ready())
        == HEAD
        + (
            " You have had fewer episodes per night since starting, and the change is larger than "
            "the night-to-night ups and downs in your own log. That does not show that magnesium "
            "caused it: cramps come and go on their own, and nights after a bad spell tend to be "
            "better whatever you take (regression to the mean), so starting after a bad week makes a "
            "drop likely anyway. An on/off trial (the On/off trial page) can tell these apart; see "
            "the cautions below."
        )
        + CAVEAT
    )


def test_verdict_more():
    text = journal.verdict_text(
        ready(median_after=4.0, difference=1.0, ci_low=0.5, ci_high=2.0, direction="more", after_nights=1)
    )
    assert (
        text
        == (
            "Typical night before magnesium: 3 episodes (median of 9 nights). Latest 1 night on magnesium: "
            "4 episodes. Change: +1 episodes per night (95% bootstrap interval +0.5 to +2)."
            " You have had more episodes per night since starting. Magnesium does not look like it "
            "is helping. Symptoms that are getting worse need a doctor: please see one, and check "
            "the red flags on this page."
        )
        + CAVEAT
    )


def test_verdict_unclear():
    text = journal.verdict_text(ready(ci_low=-1.0, ci_high=0.0, difference=0.0, direction="unclear"))
    assert text.endswith(
        "Change: 0 episodes per night (95% bootstrap interval −1 to 0). The interval includes no change: "
        "your log does not show a clear difference between before and on magnesium." + CAVEAT
    )


@pytest.mark.parametrize(("difference", "worse"), [(1.0, True), (0.0, False), (-2.0, False)])
def test_verdict_degenerate(difference, worse):
    text = journal.verdict_text(
        ready(
            difference=difference, ci_low=difference, ci_high=difference, degenerate=True, direction="unclear"
        )
    )
    tail = (
        " Every night before magnesium had the same number of episodes, and every night since had the same "
        "number too: real nights are rarely that even, so check that the log is right. A log with no ups "
        "and downs cannot show whether a change is more than chance. Keep logging; a longer log gives a "
        "fairer answer."
    )
    warn = " Your episodes are higher than before: if symptoms are getting worse, see a doctor."
    assert text.endswith(tail + (warn if worse else ""))
    assert CAVEAT not in text and "the change is larger than" not in text and "more episodes" not in text


def test_verdict_too_few_both_parts():
    result = ready(status="too_few", baseline_nights=1, more_baseline_needed=6, after_nights=13, more_after_needed=1,
                   first_dose=dt.date(2026, 3, 4))  # fmt: skip
    assert journal.verdict_text(result) == (
        "Not enough nights for a comparison yet: only 1 night is logged before the first dose (2026-03-04); "
        "at least 7 are needed — add 6 nights from before that date if you remember them reliably, otherwise "
        "a fair before/after comparison is not possible (an on/off trial can still give an answer: see the "
        "On/off trial page); 1 night more on magnesium are needed (14 in all)."
    )
    few = ready(status="too_few", baseline_nights=2, more_baseline_needed=5, first_dose=dt.date(2026, 12, 1))
    assert "only 2 nights are logged before the first dose (2026-12-01)" in journal.verdict_text(few)
    started = ready(status="too_few", baseline_nights=0, more_baseline_needed=7, after_nights=3,
                    more_after_needed=11, first_dose=dt.date(2026, 12, 1))  # fmt: skip
    assert journal.verdict_text(started).startswith(
        "Not enough nights for a comparison yet: no night is logged before the first dose (2026-12-01); "
    )
    only_after = ready(status="too_few", more_after_needed=3)
    assert journal.verdict_text(only_after) == (
        "Not enough nights for a comparison yet: 3 nights more on magnesium are needed (14 in all)."
    )


def test_verdict_no_magnesium():
    assert journal.verdict_text(ready(status="no_magnesium", more_baseline_needed=1)) == (
        "No night with magnesium yet. Log at least 1 night more without it first (a baseline of 7 nights), "
        "then 14 nights on magnesium, to get a comparison."
    )
    assert journal.verdict_text(ready(status="no_magnesium", baseline_nights=8)) == (
        "You have a baseline of 8 nights without magnesium. After you start, 14 nights on magnesium are "
        "needed for a comparison."
    )


def test_signed_numbers():
    assert journal._signed(None) == "–"
    assert journal._signed(0.04) == "0"
    assert journal._signed(-0.04) == "0"
    assert journal._signed(-1.26) == "−1.3"
    assert journal._signed(2.0) == "+2"


def test_verdict_too_few_without_a_first_dose_date():
    # analyse() always sets the date when nights are missing; a hand-made result without one
    # still reads (empty brackets), it does not crash.
    result = ready(status="too_few", first_dose=None, baseline_nights=2, more_baseline_needed=5)
    assert "only 2 nights are logged before the first dose (); at least 7 are needed" in journal.verdict_text(
        result
    )


def test_an_interval_starting_just_above_zero_is_more():
    # Found by search: a log whose interval starts at +0.5 (the 'more' threshold is 0, not 1).
    result = journal.analyse(log([1, 1, 0, 3, 2, 3, 0, 2], [3, 4, 6, 3, 5, 2, 3, 6, 4, 4, 3, 2, 4, 5]))
    assert result.ci_low == 0.5 and result.ci_high > result.ci_low
    assert result.direction == "more" and "more episodes per night" in result.summary


def test_half_a_milligram_is_a_night_on_magnesium():
    rows = [night(d, 3, 0) for d in range(7)] + [night(7 + d, 1 + d % 2, 0.5) for d in range(14)]
    frame = journal.check_frame(pd.DataFrame(rows, columns=list(journal.COLUMNS)))
    assert journal.first_dose_date(frame) == DAY0 + dt.timedelta(days=7)
    result = journal.analyse(frame)
    assert result.status == "ready" and result.after_nights == 14 and result.baseline_nights == 7
