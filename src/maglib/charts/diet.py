"""Altair chart for ``/diet``: each food's magnesium, largest first, against the RDA.

A running-total ("waterfall") bar chart: one row per food, largest first, each
bar spanning from the total so far to the total with that food, and a last
"Total" row. A vertical rule marks the RDA, so the row where the bars cross it
shows which foods get the person there.

The rows are pre-aggregated (one small record per food, :func:`chart_rows`)
go into named datasets; :func:`diet_live_spec` reuses a cached template so a
slider move costs a dict copy, not an Altair build and schema validation, and
the browser receives the same spec with new rows.

Where each value label goes is decided here, from the rows and the RDA (fields
``label_mg``/``label_at`` on the rows, ``side`` on the rule), so the cached
template stays the same for every day: on a phone (390 px wide, a plot of about
170 px) a label written just past a bar's end sat on the RDA rule or ran off the
right edge.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import altair as alt

from maglib.intake import Line

__all__ = [
    "DATASET_NAME",
    "LABEL_IN",
    "LABEL_LEFT",
    "LABEL_RIGHT",
    "RULE_DATASET",
    "TOTAL_LABEL",
    "chart_rows",
    "diet_chart",
    "diet_live_spec",
    "placed_rows",
]

DATASET_NAME = "diet_rows"
RULE_DATASET = "diet_rule"
TOTAL_LABEL = "Total"
_WIDTH = 520
_ROW_PX = 22
#: How wide a value label is on a phone, in mg of the x axis: 390 px leave the plot about 170 px
#: beside the food names, over an axis that Vega-Lite rounds ("nices") up to at most 1.25 times
#: the larger of the total and the RDA; a digit of the 11 px label is about 6.5 px, plus the gap
#: to the bar. On a wider screen a label is narrower in mg than this, so it only moves sooner.
_PHONE_PLOT_PX = 170.0
_NICE_AT_MOST = 1.25
_DIGIT_PX = 6.5
_GAP_PX = 4.0
#: Where a value label goes (``label_at``): past the bar's end, inside the bar's end (white on
#: the bar), or before the bar's start (the running total leaves that side of a row empty).
LABEL_RIGHT, LABEL_IN, LABEL_LEFT = "right", "in", "left"


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


def _scale_mg(rows: Sequence[dict[str, object]], rda_mg: float) -> float:
    """The larger of the day's total and the RDA: the x axis reaches at least this far."""
    return max([rda_mg, 0.0, *(float(r["end_mg"]) for r in rows)])


def _label_mg(mg: float, scale_mg: float) -> float:
    """A label of ``mg`` (written ".0f") as wide as it is on a phone, in mg of the axis."""
    px = _DIGIT_PX * len(f"{mg:.0f}") + _GAP_PX
    return px * _NICE_AT_MOST * scale_mg / _PHONE_PLOT_PX


def _placed(row: dict[str, object], rda_mg: float, scale_mg: float) -> dict[str, object]:
    """``row`` with where its value label goes: ``label_at`` and the ``label_mg`` it is anchored to.

    Off the RDA rule and short of the axis's right end. The total is written inside its bar's end
    in white (just left of the rule when the rule crosses the bar under that label); a bar too
    short to hold it has it past its end, far from the rule. A food's label goes past its bar's
    end unless the rule or the axis's end is there: then before the bar's start, or inside the
    bar; a row with room for neither keeps it past the end.
    """
    start, end = float(row["start_mg"]), float(row["end_mg"])
    width = _label_mg(float(row["mg"]), scale_mg)

    def rule_in(low: float, high: float) -> bool:
        return rda_mg > 0 and low < rda_mg < high

    if row["kind"] == "total":
        if end <= 0 or end < width:
            return {**row, "label_at": LABEL_RIGHT, "label_mg": end}
        anchor = rda_mg if rda_mg > 0 and rda_mg <= end < rda_mg + width else end
        return {**row, "label_at": LABEL_IN, "label_mg": anchor}
    if not rule_in(end, end + width) and end + width <= scale_mg:
        return {**row, "label_at": LABEL_RIGHT, "label_mg": end}
    if start >= width and not rule_in(start - width, start):
        return {**row, "label_at": LABEL_LEFT, "label_mg": start}
    if end - start >= width and not rule_in(end - width, end):
        return {**row, "label_at": LABEL_IN, "label_mg": end}
    return {**row, "label_at": LABEL_RIGHT, "label_mg": end}


def placed_rows(rows: Sequence[dict[str, object]], rda_mg: float) -> list[dict[str, object]]:
    """``chart_rows(...)`` with each value label's place against an RDA of ``rda_mg`` (0: none)."""
    scale_mg = _scale_mg(rows, rda_mg)
    return [_placed(row, rda_mg, scale_mg) for row in rows]


def _rule_rows(rows: Sequence[dict[str, object]], rda_mg: float, rda_kind: str) -> list[dict[str, object]]:
    # The RDA's name goes on the side of the rule with room: left of it when the rule is in the
    # right half of the axis (right of it, the name ran off a phone's screen).
    side = LABEL_LEFT if rda_mg >= 0.5 * _scale_mg(rows, rda_mg) else LABEL_RIGHT
    return [{"rda_mg": float(rda_mg), "label": f"{rda_kind} {rda_mg:g} mg", "side": side}]


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
    # Each value label where placed_rows puts it (off the rule, on screen); the rows say where,
    # so the spec stays the same for every day.
    text = alt.Text("mg:Q", format=".0f")
    labels_after = (
        alt.Chart(foods)
        .transform_filter(f"datum.label_at == '{LABEL_RIGHT}'")
        .mark_text(align="left", dx=3, fontSize=11, color="currentColor")  # readable in the dark theme too
        .encode(y=y, x="label_mg:Q", text=text)
    )
    labels_before = (
        alt.Chart(foods)
        .transform_filter(f"datum.label_at != '{LABEL_RIGHT}'")
        .mark_text(align="right", dx=-3, fontSize=11)
        .encode(
            y=y,
            x="label_mg:Q",
            text=text,
            color=alt.condition(
                f"datum.label_at == '{LABEL_IN}'", alt.value("white"), alt.value("currentColor")
            ),
        )
    )
    rule = alt.Chart(rule_data).mark_rule(color="#d62728", strokeDash=[5, 3], size=2).encode(x="rda_mg:Q")
    rule_texts = [
        alt.Chart(rule_data)
        .transform_filter(f"datum.side == '{side}'")
        .mark_text(align=align, dx=dx, dy=-6, color="#d62728", fontWeight="bold")
        .encode(x="rda_mg:Q", y=alt.value(0), text="label:N")
        for side, align, dx in ((LABEL_RIGHT, "left", 4), (LABEL_LEFT, "right", -4))
    ]
    chart = alt.layer(bars, labels_after, labels_before, rule, *rule_texts).properties(
        width=_WIDTH, height=alt.Step(_ROW_PX), title="Magnesium by food (running total)"
    )
    chart = chart.properties(
        description="Running total of magnesium by food, largest first, with the reference intake as a rule."
    )
    return _with_data(chart, rows, rda_mg, rda_kind)


def _with_data(
    chart: alt.LayerChart, rows: list[dict[str, object]], rda_mg: float, rda_kind: str
) -> alt.LayerChart:
    return chart.properties(datasets=_datasets(rows, rda_mg, rda_kind))


def _datasets(rows: list[dict[str, object]], rda_mg: float, rda_kind: str) -> dict[str, list]:
    return {DATASET_NAME: placed_rows(rows, rda_mg), RULE_DATASET: _rule_rows(rows, rda_mg, rda_kind)}


@functools.cache
def _template() -> dict:
    return diet_chart([], 1.0).to_dict()


def diet_live_spec(rows: list[dict[str, object]], rda_mg: float, rda_kind: str = "RDA") -> dict:
    """The Vega-Lite dict of :func:`diet_chart` with its rows (:func:`placed_rows`) in the two
    named datasets.

    Everything but ``datasets`` is the cached template itself (the same for every list
    and reference), so after a slider move the browser keeps its chart view and swaps
    the rows in instead of compiling a new chart. Treat the result as read-only.
    """
    spec = dict(_template())
    spec["datasets"] = _datasets(rows, rda_mg, rda_kind)
    return spec
