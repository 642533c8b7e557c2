"""Chart for /journal: symptoms per night, their 7-night average, and the dose.

Left axis: the chosen symptom columns (a dot per night, a line for the
rolling average). Right axis: the dose as a step line. Vertical rules mark
the review checkpoints (weeks after the first dose, from data/guidance.csv).
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from maglib.journal import METRICS, checkpoints, first_dose_date, rolling_average

__all__ = ["journal_chart", "symptom_table"]

DOSE_COLOR = "#7b61ff"


def symptom_table(frame: pd.DataFrame, metrics: Sequence[str], days: int = 7) -> pd.DataFrame:
    """Long table for the chart: ``date``, ``metric`` (label), ``value``, ``average``."""
    parts = []
    for label in metrics:
        part = rolling_average(frame, METRICS[label], days=days)
        parts.append(part.assign(metric=label))
    if not parts:
        return pd.DataFrame(
            {
                "date": pd.Series(dtype="datetime64[ns]"),
                "value": pd.Series(dtype="float64"),
                "average": pd.Series(dtype="float64"),
                "metric": pd.Series(dtype=object),
            }
        )
    return pd.concat(parts, ignore_index=True)


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
    long = symptom_table(frame, metrics, days=days)
    base = alt.Chart(long).encode(
        x=alt.X("date:T", title="Night"),
        color=alt.Color("metric:N", title="Symptom", sort=list(metrics)),
    )
    y_title = "Per night (dots) and 7-night average (lines)"
    y = alt.Y("value:Q", title=y_title)
    points = base.mark_circle(size=28, opacity=0.45).encode(
        y=y,
        tooltip=[
            alt.Tooltip("date:T", title="Night"),
            alt.Tooltip("metric:N", title="Symptom"),
            alt.Tooltip("value:Q", title="Value"),
            alt.Tooltip("average:Q", title="7-night average", format=".1f"),
        ],
    )
    lines = base.mark_line(strokeWidth=2).encode(y=alt.Y("average:Q", title=y_title))
    symptoms = alt.layer(points, lines)

    dose = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series(list(frame["date"]), dtype=object)),
            "magnesium_mg": frame["magnesium_mg"].astype("float64").to_numpy(),
        }
    ).sort_values("date", kind="stable")
    dose_line = (
        alt.Chart(dose)
        .mark_line(interpolate="step-after", color=DOSE_COLOR, strokeDash=[4, 3])
        .encode(
            x="date:T",
            y=alt.Y(
                "magnesium_mg:Q",
                title="Magnesium (mg elemental, dashed)",
                axis=alt.Axis(orient="right", titleColor=DOSE_COLOR),
            ),
            tooltip=[alt.Tooltip("date:T", title="Night"), alt.Tooltip("magnesium_mg:Q", title="mg")],
        )
    )

    marks = checkpoints(first_dose_date(frame), review_weeks)
    rules_data = pd.DataFrame(
        {
            "date": pd.to_datetime(pd.Series([c.date for c in marks], dtype=object)),
            "label": [c.label for c in marks],
        }
    )
    rules = alt.Chart(rules_data).mark_rule(color="gray", strokeDash=[2, 2]).encode(x="date:T")
    labels = (
        alt.Chart(rules_data)
        .mark_text(align="left", baseline="top", dx=3, dy=2, color="gray")
        .encode(x="date:T", y=alt.value(0), text="label:N")
    )

    return alt.layer(symptoms, dose_line, rules, labels).resolve_scale(y="independent").properties(height=320)
