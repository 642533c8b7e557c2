"""The on/off trial (n-of-1): randomised blocks, and what one person's nights show.

Why: comparing nights before and after starting is weak for night cramps — in
the crossover trial of magnesium (Frusso 1999) everyone improved over time
whatever they took. An n-of-1 trial alternates "on" and "off" blocks in pairs,
with the order inside each pair drawn at random, and compares the person's own
blocks with each other (Woodfield 2005 did this for quinine and leg cramps:
three pairs of 4-week blocks).

* :func:`pair_orders` draws the order inside each pair from a seed the person
  sees; the same seed always gives the same order (Python's ``random.random``
  is guaranteed to repeat its sequence for the same integer seed).
* :func:`blocks` lays the blocks out on the calendar; the first
  ``washout_nights`` of each block are left out of the analysis.
* :func:`analyse_planned` (a set-up trial: the planned order decides which
  nights are "on") and :func:`analyse_logged` (no set-up: the journal's own
  runs of nights with and without magnesium, when they form whole blocks).
* The effect is the mean over pairs of (mean episodes per night on − off); its
  interval is a t interval over the pair differences; the p-value is the exact
  randomisation test over the 2^pairs possible within-pair orders (each order
  flips the sign of that pair's difference). With 3 pairs the smallest possible
  two-sided p is 2/8 = 0.25.

Pure: no Streamlit, no I/O.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

import numpy as np
import pandas as pd

from maglib.links import Param, iso_date

__all__ = [
    "BLOCK_DAYS_OPTIONS",
    "PAIRS_MAX",
    "PAIRS_MIN",
    "PARAMS",
    "SEED_MAX",
    "SEED_MIN",
    "START_MAX",
    "START_MIN",
    "WORSE_PAIRS_SHARE",
    "Block",
    "Design",
    "PairResult",
    "SummaryFacts",
    "TrialResult",
    "analyse_logged",
    "analyse_planned",
    "block_of",
    "block_table",
    "blocks",
    "caveats",
    "default_start",
    "early_start_note",
    "end_date",
    "exact_p_value",
    "example_nights",
    "hidden_until_end",
    "interval_text",
    "link_query",
    "log_disagrees",
    "no_plan_lines",
    "pair_orders",
    "pair_table",
    "pairs_needed",
    "parse_start",
    "past_plan_fact",
    "past_plan_note",
    "result_json",
    "smallest_p",
    "summary_evidence",
    "summary_html",
    "t_interval",
    "verdict_text",
]

#: Fewer than 2 pairs has no spread to compare with; more than 8 is over a year of 4-week blocks.
PAIRS_MIN, PAIRS_MAX = 2, 8
#: Whole weeks, so a block starts on the same weekday (a weekly pill organiser fits); each longer
#: than the wash-out week (data/guidance.csv trial_washout_nights; a test checks).
BLOCK_DAYS_OPTIONS: tuple[int, ...] = (14, 21, 28)
#: The seed the person sees: six digits are easy to read out and write down.
SEED_MIN, SEED_MAX = 100_000, 999_999
#: data/safety_rules.csv trial_worse_pairs_share (a test checks they agree): more than this share
#: of pairs with more episodes on magnesium points to a pharmacist whatever the p-value.
WORSE_PAIRS_SHARE = 0.5
#: Seeds count as equal differences below this (floating-point noise in the means).
_TIE = 1e-9

#: The first nights a trial may start on (a link's or a typed date outside them is refused): the dose
#: plan's own start dates (2024–2035, maglib.schedule) and a year after (adversarial link review,
#: 2026-12-05: 9999-12-31 overflowed the calendar's date arithmetic; year 1 emptied the plan's calendar).
START_MIN, START_MAX = dt.date(2024, 1, 1), dt.date(2036, 12, 31)

# Defaults here match data/guidance.csv (trial_default_pairs, trial_default_block_days; a test
# checks): a link's meaning cannot depend on a data file, so the numbers are written once here too.
PARAMS: tuple[Param, ...] = (
    Param("trial_seed", "int", 0, min_value=0, max_value=SEED_MAX),
    Param("trial_pairs", "int", 3, min_value=PAIRS_MIN, max_value=PAIRS_MAX),
    Param(
        "trial_days",
        "choice",
        "14",
        options=tuple(str(d) for d in BLOCK_DAYS_OPTIONS),
    ),
    Param(
        "trial_start",
        "text",
        "",
        max_len=10,
        pattern=r"(\d{4}-\d{2}-\d{2})?",
        pattern_hint="a date as YYYY-MM-DD, or empty",
        min_date=START_MIN,
        max_date=START_MAX,
    ),
    Param("trial_blind", "bool", False),
)

Verdict = Literal["fewer", "no clear difference", "more"]
Status = Literal["ready", "waiting", "no_blocks"]
Source = Literal["plan", "log"]


@dataclass(frozen=True)
class Design:
    """A set-up trial: what travels in the link (never the nights)."""

    seed: int
    pairs: int
    block_days: int
    start: dt.date
    washout_nights: int
    #: A partner fills the pill organiser: the person logs the plan's dose every night, so the
    #: journal's magnesium column says nothing about on and off (adherence is not checked).
    blind: bool = False

    def __post_init__(self) -> None:
        if not PAIRS_MIN <= self.pairs <= PAIRS_MAX:
            raise ValueError(f"pairs must be {PAIRS_MIN}–{PAIRS_MAX}, not {self.pairs}")
        if self.block_days <= self.washout_nights or self.washout_nights < 0:
            raise ValueError("each block must be longer than its wash-out")


@dataclass(frozen=True)
class Block:
    """One block: ``pair`` and ``number`` count from 1; dates are nights, inclusive."""

    pair: int
    number: int
    on: bool
    first: dt.date
    last: dt.date
    washout_nights: int

    @property
    def counted_from(self) -> dt.date:
        """The first night the analysis uses (after the wash-out)."""
        return self.first + dt.timedelta(days=self.washout_nights)

    @property
    def label(self) -> str:
        return "on (magnesium)" if self.on else "off (no magnesium)"


def pair_orders(seed: int, pairs: int) -> tuple[bool, ...]:
    """For each pair, whether the "on" block comes first (True) — reproducible from ``seed``."""
    rng = random.Random(seed)
    return tuple(rng.random() < 0.5 for _ in range(pairs))


def blocks(design: Design) -> tuple[Block, ...]:
    """Every block of the trial in date order."""
    out: list[Block] = []
    day = design.start
    length = dt.timedelta(days=design.block_days)
    for pair, on_first in enumerate(pair_orders(design.seed, design.pairs), start=1):
        for on in (on_first, not on_first):
            out.append(
                Block(pair, len(out) + 1, on, day, day + length - dt.timedelta(days=1), design.washout_nights)
            )
            day += length
    return tuple(out)


def end_date(design: Design) -> dt.date:
    """The trial's last night."""
    return design.start + dt.timedelta(days=design.block_days * 2 * design.pairs - 1)


def block_of(design: Design, night: dt.date) -> Block | None:
    """The block a night falls in, or None outside the trial."""
    if night < design.start or night > end_date(design):
        return None
    return blocks(design)[(night - design.start).days // design.block_days]


def block_table(design: Design) -> pd.DataFrame:
    """The blocks as a table to show or print: block, pair, nights, on/off, first night counted."""
    laid_out = blocks(design)
    return pd.DataFrame(
        {
            "Block": [b.number for b in laid_out],
            "Pair": [b.pair for b in laid_out],
            "Nights": [f"{b.first:%a %d %b} – {b.last:%a %d %b %Y}" for b in laid_out],
            "Magnesium": ["On" if b.on else "Off" for b in laid_out],
            "Counted from": [f"{b.counted_from:%a %d %b}" for b in laid_out],
        }
    )


def link_query(design: Design) -> str:
    """The set-up as a query string (never the nights): for the calendar's end event."""
    from urllib.parse import urlencode

    query = {
        "trial_seed": design.seed,
        "trial_pairs": design.pairs,
        "trial_days": design.block_days,
        "trial_start": design.start.isoformat(),
    }
    return urlencode({**query, **({"trial_blind": "true"} if design.blind else {})})


def hidden_until_end(design: Design, frame: pd.DataFrame) -> bool:
    """Blinded, the result and its counts would tell the person which block they are in:
    they stay hidden until the journal reaches the trial's last night."""
    if not design.blind:
        return False
    return frame.empty or max(_night_table(frame)["date"]) < end_date(design)


def log_disagrees(result: TrialResult) -> bool:
    """More than half of the trial's logged nights contradict the planned block (wrong code or start?)."""
    if result.source != "plan" or result.missed_doses is None:
        return False
    logged = result.nights_used + result.nights_excluded + result.nights_pending
    return logged > 0 and result.disagreements * 2 > logged


def default_start(today: dt.date, plan_start: dt.date | None, min_weeks: int) -> dt.date:
    """The first night a drawn order starts on: today, or with a dose plan the day it has been taken
    for ``min_weeks`` weeks if that is later (pharmacist review, 2026-12-04: drawn on the plan's first
    day, the trial began that day)."""
    if plan_start is None:
        return today
    return max(today, plan_start + dt.timedelta(weeks=min_weeks))


def early_start_note(start: dt.date, plan_start: dt.date, min_weeks: int) -> str | None:
    """Said when the trial begins before the plan's dose has been taken for ``min_weeks`` weeks
    (guidance row ``min_trial_weeks``): the on-blocks then follow the plan's dose night by night,
    not the dose the plan settles on (pharmacist review, 2026-12-04). ``None`` otherwise."""
    earliest = plan_start + dt.timedelta(weeks=min_weeks)
    if start >= earliest:
        return None
    if start < plan_start:
        where = f"before your plan begins ({plan_start:%d %B %Y})"
    else:
        where = (
            f"in week {(start - plan_start).days // 7 + 1} of your plan (it began on {plan_start:%d %B %Y})"
        )
    return (
        f"**Your trial begins on {start:%d %B %Y}, {where}.** Start it on or after {earliest:%d %B %Y}, once "
        f"you have taken the plan's dose for {min_weeks} weeks. Until then its on-blocks give the plan's dose "
        "for each night (never a dose the plan has not reached), so they do not yet test the dose you settle on."
    )


def past_plan_note(
    design: Design, plan_end: dt.date, today: dt.date, ask: str = "your doctor or pharmacist"
) -> str | None:
    """Said when the trial's on-blocks would run past the dose plan's last day, or the plan is over
    (phone and GP review, 2026-12-04: a 12-week plan's trial ran 8 weeks past it, on the plan's
    last dose, and a plan that had ended still gave a trial). ``None`` otherwise. ``ask``: whom to ask
    about going on past it (the plan's prescriber, when one agreed to it)."""
    if today > plan_end:
        return (
            f"**Your dose plan ended on {plan_end:%d %B %Y}.** Make a new plan on the Dose plan page before "
            "a trial: the trial's on-blocks take their dose from it."
        )
    last = end_date(design)
    if last <= plan_end:
        return None
    return (
        f"**Your trial runs to {last:%d %B %Y}, past the end of your dose plan ({plan_end:%d %B %Y}).** Its "
        "on-blocks after that keep the plan's last dose. Make the plan long enough on the Dose plan page "
        f"(its weeks), or ask {ask}."
    )


def past_plan_fact(design: Design, plan_end: dt.date) -> str | None:
    """For the clinician's summary, about the person: the trial's on-blocks run past the dose plan's last
    day (phone review, 2026-12-05: the page warned of it, the summary did not). ``None`` otherwise."""
    last = end_date(design)
    if last <= plan_end:
        return None
    return (
        f"The trial runs to {last:%d %B %Y}, past the end of the dose plan ({plan_end:%d %B %Y}); its on-blocks "
        "after that keep the plan's last dose."
    )


def parse_start(text: str) -> dt.date | None:
    """The trial's start date from the link's text, or None (empty, not a real date, or outside
    ``START_MIN``–``START_MAX``)."""
    day = iso_date(text) if text else None
    return day if day is not None and START_MIN <= day <= START_MAX else None


def smallest_p(pairs: int) -> float:
    """The smallest two-sided p the exact test can give with ``pairs`` pairs: 2 / 2^pairs."""
    return min(1.0, 2.0 / 2**pairs)


def exact_p_value(differences: Sequence[float]) -> float:
    """Two-sided exact randomisation p over every within-pair order (sign flips).

    Under "no effect", swapping a pair's on and off blocks only flips the sign of
    that pair's difference, and each of the 2^n orders was equally likely. p is
    the share of orders whose mean difference is at least as far from 0 as the
    observed one.
    """
    d = np.asarray(differences, dtype="float64")
    if d.size == 0:
        raise ValueError("no pairs")
    observed = abs(d.sum())
    signs = np.array(list(itertools.product((1.0, -1.0), repeat=d.size)))
    totals = np.abs(signs @ d)
    return float(np.count_nonzero(totals >= observed - _TIE) / signs.shape[0])


def t_interval(differences: Sequence[float], level: float = 0.95) -> tuple[float, float]:
    """Mean ± t(level, n−1) × SD/√n over the pair differences (n ≥ 2)."""
    from scipy.stats import t  # imported here: only a ready trial needs it

    d = np.asarray(differences, dtype="float64")
    if d.size < 2:
        raise ValueError("an interval needs at least 2 pairs")
    mean = float(d.mean())
    half = float(t.ppf(0.5 + level / 2, d.size - 1)) * float(d.std(ddof=1)) / math.sqrt(d.size)
    return mean - half, mean + half


@dataclass(frozen=True)
class PairResult:
    """One pair's blocks: mean episodes per night over the nights used."""

    pair: int
    on_first: bool
    on_mean: float
    off_mean: float
    on_nights: int
    off_nights: int
    on_block: tuple[dt.date, dt.date]
    off_block: tuple[dt.date, dt.date]

    @property
    def difference(self) -> float:
        """On − off (negative: fewer episodes on magnesium)."""
        return self.on_mean - self.off_mean


@dataclass(frozen=True)
class TrialResult:
    """What the nights show. Numbers are None unless ``status`` is ``ready``."""

    status: Status
    source: Source
    block_days: int
    washout_nights: int
    alpha: float
    pairs_planned: int
    pair_results: tuple[PairResult, ...] = ()
    effect: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    verdict: Verdict | None = None
    nights_used: int = 0
    nights_excluded: int = 0
    nights_pending: int = 0
    nights_outside: int = 0
    nights_not_logged: int = 0
    #: None when not checked (blinded: the log's magnesium column does not show on and off).
    missed_doses: int | None = 0
    off_schedule: int | None = 0
    message: str = ""
    #: Mean worst severity (0–10) over the nights used, on and off (None: not ready).
    severity_on: float | None = None
    severity_off: float | None = None
    #: Magnesium logged on the on-nights used: (lowest, median, highest) mg.
    logged_mg_on: tuple[float, float, float] | None = None
    worse_share: float = WORSE_PAIRS_SHARE

    @property
    def pairs(self) -> int:
        return len(self.pair_results)

    @property
    def smallest_p(self) -> float:
        return smallest_p(self.pairs)

    @property
    def fewer_in(self) -> int:
        """Pairs with fewer episodes on magnesium than off."""
        return sum(1 for p in self.pair_results if p.difference < -_TIE)

    @property
    def more_in(self) -> int:
        """Pairs with more episodes on magnesium than off."""
        return sum(1 for p in self.pair_results if p.difference > _TIE)

    @property
    def harm_signal(self) -> bool:
        """More episodes on magnesium in more than ``worse_share`` of the pairs (see the safety rule)."""
        return self.pairs > 0 and self.more_in > self.worse_share * self.pairs

    @property
    def disagreements(self) -> int:
        """Nights whose logged magnesium does not match the planned block (0 when not checked)."""
        return (self.missed_doses or 0) + (self.off_schedule or 0)


def pair_table(result: TrialResult) -> pd.DataFrame:
    """Each analysed pair: order, mean episodes per night on and off (with nights), on − off."""
    pairs = result.pair_results
    return pd.DataFrame(
        {
            "Pair": [p.pair for p in pairs],
            "Order": ["on, off" if p.on_first else "off, on" for p in pairs],
            "On: episodes per night": [f"{p.on_mean:.2f} ({p.on_nights} nights)" for p in pairs],
            "Off: episodes per night": [f"{p.off_mean:.2f} ({p.off_nights} nights)" for p in pairs],
            "On − off": [f"{p.difference:+.2f}" for p in pairs],
        }
    )


def _night_table(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["date", "episodes", "magnesium_mg", *(["severity"] if "severity" in frame.columns else [])]
    data = frame.loc[:, columns].copy()
    data["date"] = [d if isinstance(d, dt.date) else pd.Timestamp(d).date() for d in data["date"]]
    return data.sort_values("date", kind="stable").reset_index(drop=True)


def _finish(
    pair_results: list[PairResult], alpha: float, base: dict[str, object], min_pairs: int = 2
) -> TrialResult:
    if len(pair_results) < min_pairs:
        return TrialResult(status="waiting", pair_results=tuple(pair_results), **base)  # type: ignore[arg-type]
    diffs = [p.difference for p in pair_results]
    effect = float(np.mean(diffs))
    # Every pair gave the same difference: a zero-width interval would claim false precision.
    low, high = t_interval(diffs) if np.ptp(diffs) > _TIE else (None, None)
    p = exact_p_value(diffs)
    verdict: Verdict = "no clear difference"
    if p <= alpha + _TIE:
        verdict = "fewer" if effect < 0 else "more"
    return TrialResult(
        status="ready",
        pair_results=tuple(pair_results),
        effect=effect,
        ci_low=low,
        ci_high=high,
        p_value=p,
        verdict=verdict,
        **base,  # type: ignore[arg-type]
    )


def analyse_planned(
    frame: pd.DataFrame, design: Design, alpha: float, worse_share: float = WORSE_PAIRS_SHARE
) -> TrialResult:
    """Analyse a journal against a set-up trial (intention to treat: the plan decides "on").

    A pair is analysed once the journal reaches its last night and both blocks have at
    least one night after the wash-out. Missed doses (no magnesium on an "on" night) and
    off-schedule nights (magnesium on an "off" night) are counted, not dropped.
    """
    data = _night_table(frame)
    laid_out = blocks(design)
    offsets = np.array([(d - design.start).days for d in data["date"]], dtype="int64")
    episodes = data["episodes"].to_numpy(dtype="float64")
    taken = data["magnesium_mg"].to_numpy(dtype="float64") > 0
    index = np.floor_divide(offsets, design.block_days)
    inside = (offsets >= 0) & (index < len(laid_out))
    counted = np.remainder(offsets, design.block_days) >= design.washout_nights
    last_offset = int(offsets.max()) if offsets.size else -1
    pair_results: list[PairResult] = []
    counts = dict.fromkeys(
        (
            "nights_used",
            "nights_excluded",
            "nights_pending",
            "nights_not_logged",
            "missed_doses",
            "off_schedule",
        ),
        0,
    )
    used_masks = {True: np.zeros(offsets.size, dtype=bool), False: np.zeros(offsets.size, dtype=bool)}
    for pair in range(1, design.pairs + 1):
        first, second = laid_out[2 * pair - 2], laid_out[2 * pair - 1]
        used: dict[bool, np.ndarray] = {}
        masks: dict[bool, np.ndarray] = {}
        logged = 0
        for block in (first, second):
            in_block = inside & (index == block.number - 1)
            masks[block.on] = in_block & counted
            used[block.on] = episodes[masks[block.on]]
            logged += int(np.count_nonzero(in_block))
            if block.on:
                counts["missed_doses"] += int(np.count_nonzero(in_block & ~taken))
            else:
                counts["off_schedule"] += int(np.count_nonzero(in_block & taken))
        nights_used = used[True].size + used[False].size
        complete = last_offset >= (second.last - design.start).days
        if complete and used[True].size and used[False].size:
            on_block, off_block = (first, second) if first.on else (second, first)
            pair_results.append(
                PairResult(
                    pair=pair,
                    on_first=first.on,
                    on_mean=float(used[True].mean()),
                    off_mean=float(used[False].mean()),
                    on_nights=int(used[True].size),
                    off_nights=int(used[False].size),
                    on_block=(on_block.first, on_block.last),
                    off_block=(off_block.first, off_block.last),
                )
            )
            counts["nights_used"] += nights_used
            counts["nights_excluded"] += logged - nights_used
            for on in (True, False):
                used_masks[on] |= masks[on]
            counts["nights_not_logged"] += 2 * design.block_days - logged
        else:
            counts["nights_pending"] += logged
    base: dict[str, object] = {
        "source": "plan",
        "block_days": design.block_days,
        "washout_nights": design.washout_nights,
        "alpha": alpha,
        "pairs_planned": design.pairs,
        "worse_share": worse_share,
        "nights_outside": int(offsets.size - np.count_nonzero(inside)),
        **counts,
        **_extras(data, used_masks[True], used_masks[False]),
    }
    if design.blind:
        base["missed_doses"] = base["off_schedule"] = None
    return _finish(pair_results, alpha, base)


def _extras(data: pd.DataFrame, on: np.ndarray, off: np.ndarray) -> dict[str, object]:
    """Severity on and off, and the magnesium logged on the on-nights used (for the summary)."""
    if not on.any() or not off.any():
        return {}
    mg = data["magnesium_mg"].to_numpy(dtype="float64")[on]
    extras: dict[str, object] = {"logged_mg_on": (float(mg.min()), float(np.median(mg)), float(mg.max()))}
    if "severity" in data.columns:
        severity = data["severity"].to_numpy(dtype="float64")
        extras["severity_on"] = float(severity[on].mean())
        extras["severity_off"] = float(severity[off].mean())
    return extras


def _runs(data: pd.DataFrame) -> list[tuple[bool, list[int]]]:
    """Runs of consecutive nights with the same on/off status (row positions)."""
    runs: list[tuple[bool, list[int]]] = []
    for i, mg in enumerate(data["magnesium_mg"].to_numpy(dtype="float64")):
        on = bool(mg > 0)
        if runs and runs[-1][0] == on:
            runs[-1][1].append(i)
        else:
            runs.append((on, [i]))
    return runs


def analyse_logged(
    frame: pd.DataFrame, washout_nights: int, alpha: float, worse_share: float = WORSE_PAIRS_SHARE
) -> TrialResult:
    """Analyse a journal without a set-up: its runs of on and off nights must form whole blocks.

    Every night must be logged once. The first run of nights with (or without) magnesium is
    one block; every later run must be a whole number of such blocks (the last may be under
    way); consecutive blocks are paired, and each pair must hold one "on" and one "off" block. The
    order was not drawn at random, so the p-value is only a rough guide (the page says so).
    """
    data = _night_table(frame)
    runs = _runs(data)

    def _no(message: str, block_days: int = 0) -> TrialResult:
        return TrialResult(
            status="no_blocks",
            source="log",
            block_days=block_days,
            washout_nights=washout_nights,
            alpha=alpha,
            pairs_planned=0,
            message=message,
        )

    if len(runs) < 2:
        return _no("The journal has no switch between nights with and without magnesium.")
    dates = list(data["date"])
    if any((b - a).days != 1 for a, b in itertools.pairwise(dates)):
        gap = next(b for a, b in itertools.pairwise(dates) if (b - a).days != 1)
        return _no(
            f"Nights are missing (or repeated) before {gap:%d %b %Y}: without a set-up, blocks can only be "
            "found in a journal with every night logged once."
        )
    # Inside a pair the two blocks differ, so the first run is exactly one block; two blocks in
    # a row can share a status (pair k ends "on", pair k+1 starts "on"), so runs are whole multiples.
    length = len(runs[0][1])
    for _, rows in runs[:-1]:
        if len(rows) % length:
            return _no(
                f"Nights {dates[rows[0]]:%d %b %Y} to {dates[rows[-1]]:%d %b %Y} are a run of {len(rows)} "
                f"nights, not a whole number of blocks of {length} nights (the length of the first block).",
                length,
            )
    if length <= washout_nights:
        return _no(
            f"The journal's blocks are {length} nights long: no nights would be left after the "
            f"{washout_nights}-night wash-out at the start of each block.",
            length,
        )
    whole: list[tuple[bool, list[int]]] = []
    pending = 0
    for on, rows in runs:
        count, rest = divmod(len(rows), length)
        whole.extend((on, rows[i * length : (i + 1) * length]) for i in range(count))
        pending += rest
    if len(whole) % 2:
        pending += length
        whole = whole[:-1]
    episodes = data["episodes"].to_numpy(dtype="float64")
    pair_results: list[PairResult] = []
    used = excluded = 0
    on_mask, off_mask = np.zeros(len(dates), dtype=bool), np.zeros(len(dates), dtype=bool)
    for index in range(0, len(whole), 2):
        first, second = whole[index], whole[index + 1]
        if first[0] == second[0]:
            return _no(
                f"Blocks from {dates[first[1][0]]:%d %b %Y} and {dates[second[1][0]]:%d %b %Y} would form pair "
                f"{index // 2 + 1}, but both are {'on' if first[0] else 'off'} magnesium: each pair needs one "
                "block on and one off.",
                length,
            )
        by_status = {first[0]: first[1], second[0]: second[1]}
        on_rows, off_rows = by_status[True][washout_nights:], by_status[False][washout_nights:]
        pair_results.append(
            PairResult(
                pair=index // 2 + 1,
                on_first=first[0],
                on_mean=float(episodes[on_rows].mean()),
                off_mean=float(episodes[off_rows].mean()),
                on_nights=len(on_rows),
                off_nights=len(off_rows),
                on_block=(dates[by_status[True][0]], dates[by_status[True][-1]]),
                off_block=(dates[by_status[False][0]], dates[by_status[False][-1]]),
            )
        )
        used += len(on_rows) + len(off_rows)
        excluded += 2 * washout_nights
        on_mask[on_rows] = True
        off_mask[off_rows] = True
    base: dict[str, object] = {
        "source": "log",
        "block_days": length,
        "washout_nights": washout_nights,
        "alpha": alpha,
        "pairs_planned": len(pair_results),
        "worse_share": worse_share,
        "nights_used": used,
        "nights_excluded": excluded,
        "nights_pending": pending,
        **_extras(data, on_mask, off_mask),
    }
    return _finish(pair_results, alpha, base)


def _num(value: float) -> str:
    return f"{value:+.2f}" if value else "0"


def pairs_needed(alpha: float) -> int:
    """The fewest pairs whose smallest possible p is at most ``alpha``."""
    return next(n for n in itertools.count(1) if smallest_p(n) <= alpha + _TIE)


def interval_text(result: TrialResult) -> str:
    """The interval with what it assumes, or why there is none (plain text)."""
    if result.ci_low is None or result.ci_high is None:
        return "no interval: every pair gave the same difference, so there is no spread to work one out from"
    return (
        f"95% t interval {result.ci_low:+.2f} to {result.ci_high:+.2f} — it assumes the pairs' differences are "
        "roughly normal, which so few pairs cannot show; the verdict rests on the exact test, not on it"
    )


def verdict_text(result: TrialResult, advised_by: str = "", clinician: str = "", prescriber: str = "") -> str:
    """The result in plain words (no markup): fewer / no clear difference / more, never "works".

    More episodes on magnesium send the person to the clinician who advised their dose when one did
    (``advised_by``, e.g. "midwife"; pharmacist review, 2026-12-05: a midwife's dose was sent to "your
    pharmacist or doctor"), else to ``clinician`` when the person's profile names one ("midwife or
    doctor" in pregnancy or while breastfeeding, with no plan in the tab: adversarial review,
    2026-12-05), else to the doctor whose agreement the plan rests on (``prescriber``: "the doctor who
    prescribes your digoxin (heart medicine)"; clinician review, 2026-12-05), else to their doctor or
    pharmacist."""
    who = (
        f"the {advised_by} who advised your dose"
        if advised_by
        else prescriber
        if prescriber
        else f"your {clinician}"
    )
    named = bool(advised_by or prescriber or clinician)
    if result.status == "no_blocks":
        return result.message
    if result.status == "waiting":
        done = result.pairs
        # Blocks found in a journal have no planned count ("1 of 1 pairs" read oddly: phone review,
        # 2026-12-05).
        so_far = (
            f"{done} of {result.pairs_planned} pairs complete so far"
            if result.source == "plan"
            else f"{done} {'pair' if done == 1 else 'pairs'} found in the journal so far"
        )
        return (
            f"{so_far}: the comparison needs at least 2 complete pairs (both blocks of a pair logged to their "
            "last night)."
        )
    assert result.effect is not None and result.p_value is not None
    numbers = (
        f"on magnesium, {_num(result.effect)} episodes per night compared with off (exact p = "
        f"{result.p_value:.3g}; fewer on magnesium in {result.fewer_in} of {result.pairs} pairs; "
        f"{interval_text(result)})"
    )
    if result.verdict == "fewer":
        head = "Fewer episodes on magnesium"
    elif result.verdict == "more":
        ask = who if named else "your doctor or pharmacist"
        head = f"More episodes on magnesium — talk to {ask} before going on"
    else:
        head = "No clear difference between on and off blocks"
    tail = ""
    if result.verdict == "no clear difference" and result.harm_signal:
        # Not a clear difference, but a possible harm is not left to the p-value.
        tail += (
            f" More episodes on magnesium in {result.more_in} of {result.pairs} pairs: talk to "
            f"{who if named else 'your pharmacist or doctor'} before going on."
        )
    if result.verdict == "no clear difference" and result.smallest_p > result.alpha:
        tail += (
            f" With {result.pairs} pairs the smallest p this test can give is {result.smallest_p:.3g}, "
            f"so it cannot show a clear difference at p ≤ {result.alpha:g} however large the change: "
            f"{pairs_needed(result.alpha)} or more pairs can."
        )
    return f"{head}: {numbers}.{tail}"


def result_json(result: TrialResult, design: Design | None, summary: str | None = None) -> bytes:
    """The machine-readable result (``trial-result.json``); ``summary``: the verdict as the page words it
    (:func:`verdict_text` with whom to ask), else without anyone named."""
    body: dict[str, object] = {
        "pairs": result.pairs,
        "block_days": result.block_days,
        "effect_episodes_per_night": result.effect,
        "ci_low": result.ci_low,
        "ci_high": result.ci_high,
        "ci_level": 0.95,
        "ci_method": "t interval over the pair differences (assumes roughly normal differences); null when "
        "every pair gave the same difference",
        "p_value": result.p_value,
        "smallest_possible_p": result.smallest_p if result.pairs else None,
        "alpha": result.alpha,
        "verdict": result.verdict,
        "status": result.status,
        "nights_used": result.nights_used,
        "nights_excluded": result.nights_excluded,
        "washout_nights_per_block": result.washout_nights,
        "nights_pending": result.nights_pending,
        "nights_outside_trial": result.nights_outside,
        "nights_not_logged": result.nights_not_logged,
        "missed_doses": result.missed_doses,
        "off_schedule_nights": result.off_schedule,
        "blinded": bool(design.blind) if design else False,
        "severity_on_mean": result.severity_on,
        "severity_off_mean": result.severity_off,
        "magnesium_mg_logged_on_nights": list(result.logged_mg_on) if result.logged_mg_on else None,
        "order_from": "planned, randomised within pairs"
        if result.source == "plan"
        else "journal (not randomised)",
        "seed": design.seed if design else None,
        "start": design.start.isoformat() if design else None,
        "pairs_planned": result.pairs_planned,
        "pair_results": [
            {
                "pair": p.pair,
                "order": "on-off" if p.on_first else "off-on",
                "on_first_night": p.on_block[0].isoformat(),
                "on_last_night": p.on_block[1].isoformat(),
                "off_first_night": p.off_block[0].isoformat(),
                "off_last_night": p.off_block[1].isoformat(),
                "on_mean_episodes": p.on_mean,
                "off_mean_episodes": p.off_mean,
                "difference": p.difference,
                "on_nights": p.on_nights,
                "off_nights": p.off_nights,
            }
            for p in result.pair_results
        ],
        "method": (
            "Effect: mean over pairs of (mean episodes per night on magnesium − off), after leaving out the "
            "first washout_nights_per_block nights of each block. Interval: t interval over the pair "
            "differences. p: exact two-sided randomisation test over every within-pair order."
        ),
        "summary": verdict_text(result) if summary is None else summary,
        # A possible harm is not left to the p-value (clinician review, 2026-12-05: the file said only
        # "no clear difference" with more episodes on magnesium in every pair).
        "more_episodes_on_magnesium_in_pairs": result.more_in if result.pairs else None,
        "possible_harm": bool(result.harm_signal),
    }
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def example_nights(design: Design, *, on_mean: float, off_mean: float, seed: int = 11) -> pd.DataFrame:
    """A made-up journal following ``design`` (Poisson episodes), for tests and the demo button."""
    rng = np.random.default_rng(seed)
    rows = []
    for block in blocks(design):
        for offset in range((block.last - block.first).days + 1):
            rows.append(
                {
                    "date": block.first + dt.timedelta(days=offset),
                    "episodes": int(rng.poisson(on_mean if block.on else off_mean)),
                    "magnesium_mg": 250.0 if block.on else 0.0,
                }
            )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the clinician's page


@dataclass(frozen=True)
class SummaryFacts:
    """What the page knows about the person's plan (strings already worded by maglib)."""

    plan_lines: tuple[str, ...]  #: product, doses, limit; empty: no plan in this session
    medicine_lines: tuple[str, ...]  #: medicines and the times they are taken (empty: none entered)
    red_flags: tuple[str, ...]
    red_flags_checked: bool
    caveats: tuple[str, ...]
    references: tuple[str, ...]
    #: age, sex, pregnancy, kidney and statin answers, other products with magnesium (from /schedule)
    person_lines: tuple[str, ...] = ()
    #: each dose's time and the windows kept free of magnesium
    spacing_lines: tuple[str, ...] = ()
    #: what trials in groups found (evidence.csv claims, with their citations in ``references``)
    evidence_lines: tuple[str, ...] = ()
    #: the nights are the app's made-up example journal, not a person's (phone review, 2026-12-05: a
    #: summary of the example said "from the person's own journal")
    example: bool = False
    #: who advised the plan's dose when a clinician did (``Plan.advised_by``): more episodes go to them
    advised_by: str = ""
    #: without such a plan, the clinician the person's profile names (pregnancy: "midwife or doctor")
    clinician: str = ""
    #: whose agreement the plan rests on (``Plan.prescriber``): more episodes go to them
    prescriber: str = ""
    #: the medicines' cautions (``maglib.safety.doctor_cautions``: digoxin's signs, …)
    cautions: tuple[str, ...] = ()
    #: what the clinician should know of the design beside the plan (``past_plan_fact``)
    design_notes: tuple[str, ...] = ()


def no_plan_lines(reasons: Sequence[str], waiting_for: str = "") -> tuple[str, ...]:
    """The summary's plan section when the Dose plan page made no plan: why it stopped (its stops'
    headings) and, when it waits for a prescriber, whose agreement ("the doctor who prescribes their
    digoxin"); clinician review, 2026-12-05: the summary said only that no plan was made."""
    why = "; ".join(f"“{r}”" for r in reasons) or "see the Dose plan page"
    return (
        f"No dose plan: the Dose plan page stopped before making one ({why})"
        + (f"; it waits for {waiting_for} to agree to magnesium." if waiting_for else "."),
    )


def caveats(blind: bool, *, for_clinician: bool = False) -> tuple[str, ...]:
    """How to read a result with care: to the person on the page, about the person on the clinician's
    summary (GP review, 2026-12-05: the printout told the clinician "you knew which blocks were on")."""
    who, them = ("the person", "this person") if for_clinician else ("you", "you")
    return (
        f"Blinded by a partner: {who} did not know which blocks were on."
        if blind
        else f"Unblinded: {who} knew which blocks were on, and expecting help can make nights better.",
        "Carry-over: an effect may outlast the wash-out nights, which makes on and off look more alike.",
        f"One person: the result is about {them}, in these weeks; it says nothing about others.",
        "Symptoms change over time on their own (the natural course): the alternating, random order is what "
        "protects the comparison from that — not the number of nights.",
        "A result is fewer, no clear difference or more episodes — never proof that magnesium works or cured "
        "anything.",
    )


#: evidence.csv rows the clinician's summary sets beside the one person's result (GP review,
#: 2026-12-05: the summary did not say what the Cochrane review found).
SUMMARY_EVIDENCE = (
    "cochrane-2020-idiopathic",
    "cochrane-2020-idiopathic-size",
    "cochrane-preg-2020-magnesium",
    "mg-fasciculation-no-trial",
)
#: The trial design's own sources, cited on the summary before the evidence rows'.
SUMMARY_SOURCES = ("frusso-1999", "woodfield-2005", "roffe-2002", "app-trial-design")


def summary_evidence(claims: Mapping[str, tuple[str, str]]) -> tuple[tuple[str, ...], str]:
    """The summary's evidence lines (in the rows' own words) and every source id it cites, each once
    (``claims``: maglib.schedule.evidence_claims, evidence_id → (claim, source_ids))."""
    lines = tuple(claims[e][0] for e in SUMMARY_EVIDENCE)
    ids = [*SUMMARY_SOURCES, *(i for e in SUMMARY_EVIDENCE for i in claims[e][1].split(";") if i)]
    return lines, ";".join(dict.fromkeys(ids))


def _svg_chart(frame: pd.DataFrame, laid_out: Sequence[Block]) -> str:
    """Episodes per night as bars over the blocks (on shaded, wash-out hatched): inline SVG."""
    data = _night_table(frame)
    if data.empty:
        return "<p>No nights logged.</p>"
    first = min([*data["date"], *(b.first for b in laid_out)])
    last = max([*data["date"], *(b.last for b in laid_out)])
    days = (last - first).days + 1
    width, height, left, bottom, top = 720, 170, 36, 28, 10
    plot_w, plot_h = width - left - 8, height - bottom - top
    top_value = max(1.0, float(data["episodes"].max()))
    step = plot_w / days

    def x(day: dt.date) -> float:
        return left + (day - first).days * step

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-label="Episodes per night over the trial blocks">'
    ]
    for b in laid_out:
        fill = "#d9ecd9" if b.on else "#f2f2f2"
        parts.append(
            f'<rect x="{x(b.first):.1f}" y="{top}" width="{((b.last - b.first).days + 1) * step:.1f}" '
            f'height="{plot_h}" fill="{fill}"/>'
        )
        parts.append(
            f'<rect x="{x(b.first):.1f}" y="{top}" width="{b.washout_nights * step:.1f}" height="{plot_h}" '
            'fill="#bbbbbb" fill-opacity="0.5"/>'
        )
        parts.append(
            f'<text x="{x(b.first) + 2:.1f}" y="{top + 12}" font-size="10">{"ON" if b.on else "OFF"}</text>'
        )
    for night, episodes in zip(data["date"], data["episodes"], strict=True):
        bar = plot_h * float(episodes) / top_value
        parts.append(
            f'<rect x="{x(night) + step * 0.15:.1f}" y="{top + plot_h - bar:.1f}" width="{step * 0.7:.1f}" '
            f'height="{bar:.1f}" fill="#1f4e79"/>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>'
        f'<text x="2" y="{top + 10}" font-size="10">{top_value:g}</text>'
        f'<text x="2" y="{top + plot_h}" font-size="10">0</text>'
        f'<text x="{left}" y="{height - 8}" font-size="10">{escape(first.isoformat())}</text>'
        f'<text x="{left + plot_w - 60}" y="{height - 8}" font-size="10">{escape(last.isoformat())}</text>'
        "</svg>"
    )
    return "".join(parts)


def summary_html(
    result: TrialResult,
    design: Design | None,
    frame: pd.DataFrame,
    facts: SummaryFacts,
    *,
    created: dt.date,
) -> str:
    """One printable page for a clinician: plan, medicines, red flags, chart, result. All text escaped."""

    def items(lines: Sequence[str]) -> str:
        return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"

    laid_out: Sequence[Block] = blocks(design) if design else ()
    if design:
        setup = (
            f"{design.pairs} pairs of {design.block_days}-night blocks from {design.start:%d %B %Y} to "
            f"{end_date(design):%d %B %Y}; order drawn at random within each pair (seed {design.seed}); the first "
            f"{design.washout_nights} nights of each block are left out as a wash-out."
            + (" Blinded: a partner filled the pill organiser." if design.blind else " Unblinded.")
        )
    else:
        setup = (
            f"No set-up: blocks found in the journal ({result.block_days} nights each); the order was not drawn "
            "at random."
        )
    rows = "".join(
        f"<tr><td>{p.pair}</td><td>{'on, off' if p.on_first else 'off, on'}</td>"
        f"<td>{p.on_mean:.2f} ({p.on_nights})</td><td>{p.off_mean:.2f} ({p.off_nights})</td>"
        f"<td>{p.difference:+.2f}</td></tr>"
        for p in result.pair_results
    )
    numbers = []
    if result.status == "ready":
        numbers.append(
            f"Smallest p possible with {result.pairs} pairs: {result.smallest_p:.3g} (exact randomisation test)."
        )
    if result.severity_on is not None and result.severity_off is not None:
        numbers.append(
            f"Worst severity (0–10), mean over the nights used: on {result.severity_on:.1f}, off "
            f"{result.severity_off:.1f}."
        )
    if result.logged_mg_on is not None:
        low, median, high = result.logged_mg_on
        numbers.append(
            f"Magnesium logged on the on-nights used: median {median:g} mg (lowest {low:g}, highest {high:g})."
        )
    adherence = (
        f"missed doses {result.missed_doses}; magnesium on an off night {result.off_schedule}"
        if result.missed_doses is not None
        else "doses not checked against the plan (blinded: the person logged the same dose every night)"
    )
    numbers.append(
        f"Nights used {result.nights_used}; left out as wash-out {result.nights_excluded}; not logged "
        f"{result.nights_not_logged}; {adherence}; in pairs not yet complete {result.nights_pending}; outside "
        f"the trial {result.nights_outside}."
    )
    plan = (
        items(facts.plan_lines)
        if facts.plan_lines
        else "<p>No dose plan from the app's Dose plan page in this session (none made, or none allowed).</p>"
    )
    flags = (
        "The person confirmed none of these applies:"
        if facts.red_flags_checked
        else "Not yet confirmed by the person:"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Magnesium on/off trial: summary for a clinician</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<style>body{font-family:sans-serif;max-width:760px;margin:1em auto;padding:0 .5em;color:#111;"
        "font-size:12px;line-height:1.3}h1{font-size:17px;margin:.2em 0}h2{font-size:13px;margin:.7em 0 .2em}"
        "ul{margin:.2em 0;padding-left:1.3em}p{margin:.3em 0}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:1px 5px;text-align:left}"
        "@media print{body{margin:0}@page{margin:12mm}}</style></head><body>"
        + (
            "<h1>EXAMPLE ONLY: made-up nights, not a person's. Magnesium on/off trial (n-of-1)</h1>"
            f"<p><b>Made {escape(created.isoformat())} by the magnesium-for-cramps app from its own made-up "
            "example journal: these are not anyone's nights. Not a diagnosis.</b></p>"
            if facts.example
            else "<h1>Magnesium on/off trial (n-of-1): summary for a clinician</h1>"
            "<p>Name: ______________________ &nbsp; Date of birth: ____________</p>"
            f"<p>Made {escape(created.isoformat())} by the magnesium-for-cramps app from the person's own "
            "journal. Not a diagnosis.</p>"
        )
        + f"<h2>Result</h2><p><b>{escape(verdict_text(result, facts.advised_by, facts.clinician, facts.prescriber))}</b></p>{items(numbers)}"
        f"<h2>Design</h2><p>{escape(setup)}</p>"
        + (items(facts.design_notes) if facts.design_notes else "")
        + "<table><tr><th>Pair</th><th>Order</th><th>On: mean episodes (nights)</th>"
        f"<th>Off: mean episodes (nights)</th><th>On − off</th></tr>{rows}</table>"
        f"<h2>Nights</h2>{_svg_chart(frame, laid_out)}"
        "<p>Bars: episodes each night. Green background: on blocks; grey background: off blocks; darker band: wash-out nights left out.</p>"
        f"<h2>The person</h2>{items(facts.person_lines or ('Not entered on the Dose plan page in this session.',))}"
        f"<h2>Plan and product</h2>{plan}"
        f"<h2>Medicines</h2>{items((*(facts.medicine_lines or ('None entered on the Dose plan page.',)), *facts.cautions))}"
        + (f"<h2>Dose times and spacing</h2>{items(facts.spacing_lines)}" if facts.spacing_lines else "")
        + f"<h2>Red flags</h2><p>{flags}</p>{items(facts.red_flags)}"
        + (
            f"<h2>What trials in groups found</h2>{items(facts.evidence_lines)}"
            if facts.evidence_lines
            else ""
        )
        + f"<h2>Read with care</h2>{items(facts.caveats)}"
        f"<h2>References</h2>{items(facts.references)}"
        "</body></html>"
    )
