"""Chart for /journal: symptoms per night, their 7-night average, and the dose.

Left axis: the chosen symptom columns (a dot per night, a line for the
rolling average). Right axis: the dose as a step line. Vertical rules mark
the review checkpoints (weeks after the first dose, from data/guidance.csv).
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from maglib.journal import (
    METRICS,
    checkpoints,
    empty_journal,
    first_dose_date,
    night_dates,
    sorted_values,
    window_average,
)

__all__ = ["DATASETS", "chart_frames", "journal_chart", "journal_spec", "symptom_table"]

DOSE_COLOR = "#7b61ff"
#: One fixed, clearly different colour per symptom (whichever are charted): the theme's palette
#: gave Episodes and Severity two similar blues. Readable on the light and the dark background.
METRIC_COLORS: dict[str, str] = {"Episodes": "#1f77b4", "Severity": "#e6550d", "Sleep quality": "#2ca02c"}


#: Names of the chart's three datasets, in the order of its top-level layers
#: (symptoms: dots and average lines; dose: the step line; reviews: rules and their labels).
DATASETS = ("symptoms", "dose", "reviews")


def symptom_table(frame: pd.DataFrame, metrics: Sequence[str], days: int = 7) -> pd.DataFrame:
    """Long table for the chart: ``date``, ``metric`` (label), ``value``, ``average``."""
    dates = night_dates(frame)
    parts = [sorted_values(frame, METRICS[label], dates) for label in metrics]
    return pd.DataFrame(
        {
            "date": np.concatenate([d for d, _ in parts] or [np.array([], "datetime64[ns]")]),
            "value": np.concatenate([v for _, v in parts] or [np.array([], "float64")]),
            "average": np.concatenate(
                [window_average(d, v, days) for d, v in parts] or [np.array([], "float64")]
            ),
            "metric": pd.Series(
                [label for label, (d, _) in zip(metrics, parts, strict=True) for _ in range(len(d))],
                dtype=object,
            ),
        }
    )


def _dose_table(frame: pd.DataFrame) -> pd.DataFrame:
    dates = night_dates(frame)
    order = np.argsort(dates, kind="stable")
    mg = frame["magnesium_mg"].to_numpy(dtype="float64")
    return pd.DataFrame({"date": dates[order], "magnesium_mg": mg[order]})


def _review_table(frame: pd.DataFrame, review_weeks: Sequence[int]) -> pd.DataFrame:
    """The review points reached so far: one after the latest night would stretch the time axis
    past the data (4 nights squeezed into 8 % of the width; the page names the next review)."""
    last = max(frame["date"]) if not frame.empty else None
    marks = [
        c for c in checkpoints(first_dose_date(frame), review_weeks) if last is not None and c.date <= last
    ]
    return pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series([c.date for c in marks], dtype=object)),
            "label": pd.Series([c.label for c in marks], dtype=object),
        }
    )


def chart_frames(
    frame: pd.DataFrame, metrics: Sequence[str], review_weeks: Sequence[int], *, days: int = 7
) -> dict[str, pd.DataFrame]:
    """The chart's data, by :data:`DATASETS` name."""
    return dict(
        zip(
            DATASETS,
            (
                symptom_table(frame, metrics, days=days),
                _dose_table(frame),
                _review_table(frame, review_weeks),
            ),
            strict=True,
        )
    )


def journal_chart(
    frame: pd.DataFrame,
    metrics: Sequence[str],
    review_weeks: Sequence[int],
    *,
    days: int = 7,
) -> alt.LayerChart:
    """Nightly symptoms with a ``days``-night rolling average, dose as a step
    line on a second axis, and a rule at each review week after the first dose.

    ``metrics`` are labels of :data:`maglib.journal.METRICS`; ``review_weeks``
    come from data/guidance.csv (review_week_1, review_week_2).
    """
    frames = chart_frames(frame, metrics, review_weeks, days=days)
    return _chart(frames, metrics)


#: The nights' axis: a day at most per tick, labelled "30 Nov" (phone review, 2026-12-04: a few nights
#: drew hour ticks, "Mon 30, 12 PM, December, 12 PM, Wed 02"); "%d %b" says the month too.
NIGHT_AXIS = alt.Axis(format="%d %b", tickCount={"interval": "day", "step": 1}, labelOverlap=True, grid=False)


def _chart(frames: dict[str, pd.DataFrame], metrics: Sequence[str]) -> alt.LayerChart:
    base = alt.Chart(frames["symptoms"]).encode(
        x=alt.X("date:T", title="Night", axis=NIGHT_AXIS),
        color=alt.Color(
            "metric:N",
            title=None,
            sort=list(metrics),
            scale=alt.Scale(domain=list(metrics), range=[METRIC_COLORS[m] for m in metrics]),
            # Above the plot, not beside it: a phone has no width to spare.
            legend=alt.Legend(orient="top", direction="horizontal"),
        ),
    )
    # Short enough for a phone's 320 px (phone review, 2026-12-04: "7-night ave" was cut); the
    # caption says what the dots and lines are.
    y_title = "Per night · 7-night average"
    # Whole-number ticks from 0 (a journal of zeros drew "0.000000" on both axes), 0 at the bottom
    # even when every value is 0 (a domain of [0, 0] put 0 halfway up).
    y_axis = alt.Axis(format="d", tickMinStep=1)
    y_scale = alt.Scale(domain=alt.DomainUnionWith(unionWith=[0, 1]))
    y = alt.Y("value:Q", title=y_title, scale=y_scale, axis=y_axis)
    points = base.mark_circle(size=28, opacity=0.45).encode(
        y=y,
        tooltip=[
            alt.Tooltip("date:T", title="Night"),
            alt.Tooltip("metric:N", title="Symptom"),
            alt.Tooltip("value:Q", title="Value"),
            alt.Tooltip("average:Q", title="7-night average", format=".1f"),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(
        y=alt.Y("average:Q", title=y_title, scale=y_scale, axis=y_axis)
    )
    symptoms = alt.layer(points, lines)

    dose_line = (
        alt.Chart(frames["dose"])
        .mark_line(interpolate="step-after", color=DOSE_COLOR, strokeDash=[4, 3])
        .encode(
            x=alt.X("date:T", axis=NIGHT_AXIS),
            y=alt.Y(
                "magnesium_mg:Q",
                title="Mg taken (dashed)",
                # 0 mg at the bottom, also before the first dose (phone review, 2026-12-04: nights
                # of 0 mg only drew the dashed line halfway up, at "3.5" on the symptoms' scale).
                scale=alt.Scale(domain=alt.DomainUnionWith(unionWith=[0, 100])),
                axis=alt.Axis(orient="right", titleColor=DOSE_COLOR, format="d", tickMinStep=25),
            ),
            tooltip=[alt.Tooltip("date:T", title="Night"), alt.Tooltip("magnesium_mg:Q", title="mg")],
        )
    )

    rules_data = frames["reviews"]
    # Hidden from screen readers (aria=False): before a review point is reached their layers are
    # empty, and an empty mark group with no name failed axe's svg-img-alt (keyboard review,
    # 2026-12-05); the chart's description and the page's text name the review points.
    rules = alt.Chart(rules_data).mark_rule(color="gray", strokeDash=[2, 2], aria=False).encode(x="date:T")
    labels = (
        alt.Chart(rules_data)
        # Left of its rule: a label to the right of a rule at the latest night ran into the
        # right-hand axis.
        .mark_text(align="right", baseline="top", dx=-3, dy=2, color="gray", aria=False)
        .encode(x="date:T", y=alt.value(0), text="label:N")
    )

    return (
        alt.layer(symptoms, dose_line, rules, labels)
        .resolve_scale(y="independent")
        .properties(
            height=320,
            description=(
                "Chart of the journal over time: the charted symptoms each night (dots) with their "
                "7-night average (lines), the magnesium taken (dashed step line, right axis) and the "
                "review points reached so far (grey rules)."
            ),
        )
    )


@functools.lru_cache(maxsize=8)
def _template(metrics: tuple[str, ...]) -> dict:
    # Building the Altair objects costs ~100 ms (schema validation of every
    # channel); the spec's shape depends only on the charted metrics, so it is
    # built once per choice and each layer names its dataset (DATASETS).
    empty = journal_chart(empty_journal(), metrics, ())
    spec = empty.to_dict()
    spec.pop("datasets", None)
    for layer, name in zip(spec["layer"], (DATASETS[0], DATASETS[1], DATASETS[2], DATASETS[2]), strict=True):
        layer["data"] = {"name": name}
    return spec


def journal_spec(
    frame: pd.DataFrame, metrics: Sequence[str], review_weeks: Sequence[int], *, days: int = 7
) -> dict:
    """The Vega-Lite dict of :func:`journal_chart`, built fast and kept stable.

    The same layers and encodings; the data go in as named datasets (frames,
    which Streamlit sends as Arrow). The spec itself depends only on
    ``metrics``, so after a new night the browser keeps its chart view and
    swaps the data in, instead of compiling and drawing a new chart.
    """
    spec = copy.deepcopy(_template(tuple(metrics)))
    spec["datasets"] = chart_frames(frame, metrics, review_weeks, days=days)
    return spec
