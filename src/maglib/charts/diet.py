"""Altair chart for ``/diet``: each food's magnesium, largest first, against the RDA.

A running-total ("waterfall") bar chart: one row per food, largest first, each
bar spanning from the total so far to the total with that food, and a last
"Total" row. A vertical rule marks the RDA, so the row where the bars cross it
shows which foods get the person there.

The rows are pre-aggregated (one small record per food, :func:`chart_rows`)
go into named datasets; :func:`diet_live_spec` reuses a cached template so a
slider move costs a dict copy, not an Altair build and schema validation, and
the browser receives the same spec with new rows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import altair as alt

from maglib.intake import Line

__all__ = [
    "DATASET_NAME",
    "RULE_DATASET",
    "TOTAL_LABEL",
    "chart_rows",
    "diet_chart",
    "diet_live_spec",
]

DATASET_NAME = "diet_rows"
RULE_DATASET = "diet_rule"
TOTAL_LABEL = "Total"
_WIDTH = 520
_ROW_PX = 22


def chart_rows(lines: Sequence[Line]) -> list[dict[str, object]]:
    """One record per food eaten with a known value, largest first, plus the total.

    ``start_mg``/``end_mg`` are the running total before and after the food.
    Foods with unknown magnesium or zero servings are left out (the page lists
    the unknown ones in text).
    """
    eaten = [line for line in lines if line.mg is not None and line.mg > 0]
    eaten.sort(key=lambda line: (-(line.mg or 0.0), line.label))
    rows: list[dict[str, object]] = []
    running = 0.0
    for order, line in enumerate(eaten):
        mg = float(line.mg or 0.0)
        rows.append(
            {
                "order": order,
                "food": line.label,
                "portion": f"{line.servings:g} × {line.portion}",
                "mg": round(mg, 1),
                "start_mg": round(running, 1),
                "end_mg": round(running + mg, 1),
                "kind": "food",
            }
        )
        running += mg
    rows.append(
        {
            "order": len(eaten),
            "food": TOTAL_LABEL,
            "portion": "",
            "mg": round(running, 1),
            "start_mg": 0.0,
            "end_mg": round(running, 1),
            "kind": "total",
        }
    )
    return rows


def _rule_rows(rda_mg: float, rda_kind: str) -> list[dict[str, object]]:
    return [{"rda_mg": float(rda_mg), "label": f"{rda_kind} {rda_mg:g} mg"}]


def diet_chart(rows: list[dict[str, object]], rda_mg: float, rda_kind: str = "RDA") -> alt.LayerChart:
    """The contribution chart for ``chart_rows(...)`` with a rule at ``rda_mg``."""
    foods = alt.Data(name=DATASET_NAME)
    rule_data = alt.Data(name=RULE_DATASET)
    y = alt.Y("food:N", sort=alt.EncodingSortField(field="order", order="ascending"), title=None)
    bars = (
        alt.Chart(foods)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("start_mg:Q", title="mg/day"),
            x2="end_mg:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["food", "total"], range=["#4c78a8", "#2f4b7c"]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("food:N", title="Food"),
                alt.Tooltip("portion:N", title="Eaten"),
                alt.Tooltip("mg:Q", title="Magnesium (mg)", format=".0f"),
                alt.Tooltip("end_mg:Q", title="Running total (mg)", format=".0f"),
            ],
        )
    )
    labels = (
        alt.Chart(foods)
        .mark_text(align="left", dx=3, fontSize=11, color="currentColor")  # readable in the dark theme too
        .encode(y=y, x="end_mg:Q", text=alt.Text("mg:Q", format=".0f"))
    )
    rule = alt.Chart(rule_data).mark_rule(color="#d62728", strokeDash=[5, 3], size=2).encode(x="rda_mg:Q")
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="left", dx=4, dy=-6, color="#d62728", fontWeight="bold")
        .encode(x="rda_mg:Q", y=alt.value(0), text="label:N")
    )
    chart = alt.layer(bars, labels, rule, rule_text).properties(
        width=_WIDTH, height=alt.Step(_ROW_PX), title="Magnesium by food (running total)"
    )
    chart = chart.properties(
        description="Running total of magnesium by food, largest first, with the reference intake as a rule."
    )
    return _with_data(chart, rows, rda_mg, rda_kind)


def _with_data(
    chart: alt.LayerChart, rows: list[dict[str, object]], rda_mg: float, rda_kind: str
) -> alt.LayerChart:
    return chart.properties(datasets={DATASET_NAME: rows, RULE_DATASET: _rule_rows(rda_mg, rda_kind)})


@functools.cache
def _template() -> dict:
    return diet_chart([], 1.0).to_dict()


def diet_live_spec(rows: list[dict[str, object]], rda_mg: float, rda_kind: str = "RDA") -> dict:
    """The Vega-Lite dict of :func:`diet_chart` with its rows in the two named datasets.

    Everything but ``datasets`` is the cached template itself (the same for every list
    and reference), so after a slider move the browser keeps its chart view and swaps
    the rows in instead of compiling a new chart. Treat the result as read-only.
    """
    spec = dict(_template())
    spec["datasets"] = {DATASET_NAME: rows, RULE_DATASET: _rule_rows(rda_mg, rda_kind)}
    return spec
