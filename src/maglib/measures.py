"""The evidence behind every non-magnesium measure the app mentions (data/measures.csv).

A measure is never shown bare: wherever the plan, the calendar or the journal
names one, it carries its certainty in a few plain words (``certainty_words``)
from its row, so a person can tell tested advice from untested advice. The
tests fail if any of those places names a measure without a row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "JOURNAL_CONFOUNDERS",
    "JOURNAL_MEASURE_IDS",
    "Measure",
    "journal_measure_lines",
    "measure_lines",
    "measures_from",
]

#: The journal's logged measures → their measures.csv row.
JOURNAL_MEASURE_IDS: dict[str, str] = {
    "stretching": "stretch_before_bed",
    "warm bath": "warm_bath",
    "massage": "massage",
    "exercise": "exercise_timing",
    "caffeine after 2 pm": "evening_stimulants",
    "alcohol": "evening_stimulants",
    "nicotine": "evening_stimulants",
}
#: Journal entries that are not advice but things that can change nights on their own.
JOURNAL_CONFOUNDERS: tuple[str, ...] = ("new medicine",)


@dataclass(frozen=True)
class Measure:
    """One row of measures.csv."""

    measure_id: str
    measure: str
    status: str
    certainty_words: str
    summary: str
    source_ids: str

    @property
    def unverified(self) -> bool:
        """Only the unidentified brief says so."""
        return self.status == "unverified"


def measures_from(table: pd.DataFrame) -> dict[str, Measure]:
    """measures.csv as ``measure_id → Measure`` (file order)."""
    return {
        str(r.measure_id): Measure(
            measure_id=str(r.measure_id),
            measure=str(r.measure),
            status=str(r.status),
            certainty_words=str(r.certainty_words),
            summary=str(r.summary),
            source_ids=str(r.source_ids),
        )
        for r in table.itertuples(index=False)
    }


def measure_lines(measures: Mapping[str, Measure], ids: Sequence[str]) -> tuple[str, ...]:
    """Each measure as "<measure> (<certainty words>)"; KeyError names a measure with no row."""
    missing = [i for i in ids if i not in measures]
    if missing:
        raise KeyError(f"measures.csv has no row for {', '.join(missing)}")
    return tuple(f"{measures[i].measure} ({measures[i].certainty_words})" for i in ids)


def journal_measure_lines(measures: Mapping[str, Measure], logged: Sequence[str]) -> tuple[str, ...]:
    """Each measure the journal lets a person log, with its certainty ("stretching: mixed trial
    results"); confounders are named as such. KeyError names a logged item with no row."""
    # Items of one row are named together, its words once (phone review, session 57: caffeine, alcohol and
    # nicotine each repeated "no trial; alcohol and smoking linked in surveys").
    named: dict[str, list[str]] = {}
    words: dict[str, str] = {}
    for item in logged:
        if item in JOURNAL_CONFOUNDERS:
            key, said = (
                f"confounder:{item}",
                "not advice — logged because it can change your nights on its own",
            )
        else:
            measure_id = JOURNAL_MEASURE_IDS.get(item)
            if measure_id is None or measure_id not in measures:
                raise KeyError(f"the journal's measure '{item}' has no row in measures.csv")
            key, said = measure_id, measures[measure_id].certainty_words
        named.setdefault(key, []).append(item)
        words[key] = said
    return tuple(f"{', '.join(items)}: {words[key]}" for key, items in named.items())
