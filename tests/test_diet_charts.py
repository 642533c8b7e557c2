"""maglib.charts.diet: running-total bars, largest first, with a rule at the RDA."""

from __future__ import annotations

import itertools
import json
from types import SimpleNamespace

import pytest

from maglib.charts.diet import (
    DATASET_NAME,
    RULE_DATASET,
    TOTAL_LABEL,
    chart_rows,
    diet_chart,
    diet_live_spec,
    placed_rows,
)
from maglib.intake import Line


def line(label: str, mg: float | None, servings: float = 1) -> Line:
    return Line("00000", label, servings, "1 cup = 100 g", 100 * servings, mg, None, None, None)


LINES = [
    line("Milk", 27),
    line("Beans", 120.4),
    line("Unknown", None),
    line("Skipped", 0, 0),
    line("Nuts", 80),
]


def test_rows_are_largest_first_with_running_totals():
    rows = chart_rows(LINES)
    assert [r["food"] for r in rows] == ["Beans", "Nuts", "Milk", TOTAL_LABEL]
    assert rows[0]["start_mg"] == 0 and rows[0]["end_mg"] == pytest.approx(120.4)
    for before, after in itertools.pairwise(rows[:-1]):
        assert after["start_mg"] == pytest.approx(before["end_mg"])
        assert after["mg"] <= before["mg"]
    assert rows[-1]["end_mg"] == pytest.approx(120.4 + 80 + 27)
    assert rows[-1]["start_mg"] == 0


def test_empty_day_has_only_a_zero_total():
    assert chart_rows([]) == [
        {
            "order": 0,
            "food": TOTAL_LABEL,
            "portion": "",
            "mg": 0.0,
            "start_mg": 0.0,
            "end_mg": 0.0,
            "kind": "total",
        }
    ]


def test_spec_has_bars_and_rda_rule_and_is_small():
    rows = chart_rows(LINES)
    spec = diet_chart(rows, 320, "RDA").to_dict()
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]
    ]
    assert marks.count("bar") == 1 and marks.count("rule") == 1
    assert spec["datasets"][RULE_DATASET] == [{"rda_mg": 320.0, "label": "RDA 320 mg", "side": "left"}]
    assert spec["datasets"][DATASET_NAME] == placed_rows(rows, 320)
    assert [
        {k: v for k, v in r.items() if not k.startswith("label_")} for r in placed_rows(rows, 320)
    ] == rows
    bar = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert bar["encoding"]["y"]["sort"] == {"field": "order", "order": "ascending"}
    assert bar["encoding"]["x2"]["field"] == "end_mg"
    assert len(json.dumps(spec)) < 6000


def test_live_spec_is_the_altair_spec_and_the_same_for_any_rows():
    rows = chart_rows(LINES)
    live = diet_live_spec(rows, 240, "AI")
    assert live == diet_chart(rows, 240, "AI").to_dict()
    assert live["datasets"][DATASET_NAME] == placed_rows(rows, 240)
    assert live["datasets"][RULE_DATASET][0]["rda_mg"] == 240
    other = diet_live_spec(chart_rows(LINES[:1]), 320, "RDA")
    assert {k: v for k, v in other.items() if k != "datasets"} == {
        k: v for k, v in live.items() if k != "datasets"
    }
    assert other["datasets"] != live["datasets"]
    # The cached template is not mutated by a call.
    assert diet_live_spec(rows, 240, "AI") == live


# ---- value labels at phone width (390 px) --------------------------------------------------------
# On a 390 px phone the plot beside the food names is about 170 px wide (measured on /diet). The
# label of the Total (290 mg, against an RDA of 320 mg) was written just past the bar's end and sat
# on the dashed RDA rule; the rule's name ran off the right edge.

PHONE_PLOT_PX = 170.0
DIGIT_PX = 6.5  # an 11 px digit, rounded up
BOLD_CHAR_PX = 6.5  # the rule's name: 11 px bold


def _drawn_by(spec: dict, dataset: str, row: dict) -> list[dict]:
    """The text layers of ``spec`` that draw ``row`` of ``dataset`` (their filters applied)."""
    layers = []
    for layer in spec["layer"]:
        mark = layer["mark"] if isinstance(layer["mark"], dict) else {"type": layer["mark"]}
        if mark["type"] != "text" or layer.get("data", {}).get("name") != dataset:
            continue
        filters = [t["filter"] for t in layer.get("transform", []) if "filter" in t]
        # The filters are simple comparisons that read the same in Python.
        if all(eval(f, {"datum": SimpleNamespace(**row)}) for f in filters):
            layers.append(layer)
    return layers


def _span_px(layer: dict, row: dict, chars: int, char_px: float, mg_to_px) -> tuple[float, float]:
    """Where a text layer writes ``row``'s label: its left and right ends, in px from the axis's 0."""
    mark = layer["mark"]
    x = mg_to_px(float(row[layer["encoding"]["x"]["field"]])) + mark.get("dx", 0)
    width = chars * char_px
    align = mark.get("align", "center")
    return {"left": (x, x + width), "right": (x - width, x), "center": (x - width / 2, x + width / 2)}[align]


def _phone(rows: list[dict], rda_mg: float, nice: float):
    """px from the axis's 0 for an mg value, with the axis niced up to ``nice`` times its data."""
    axis_mg = nice * max(rda_mg, *(r["end_mg"] for r in rows))
    return lambda mg: mg * PHONE_PLOT_PX / axis_mg


def _day(total_mg: float) -> list[dict]:
    """A day of Beans (80% of the total), Nuts and Milk (10% each)."""
    return chart_rows(
        [line("Beans", 0.8 * total_mg), line("Nuts", 0.1 * total_mg), line("Milk", 0.1 * total_mg)]
    )


# Below, just below, at, just above, well above and far above the RDA, and a bar too short to
# hold its own label; each on an axis that ends at the data (right edge) or is niced past it.
TOTALS = [9, 150, 290, 305, 320, 322, 337, 400, 1491]


@pytest.mark.parametrize("nice", [1.0, 1.25])
@pytest.mark.parametrize("total_mg", TOTALS)
def test_total_label_is_off_the_rda_rule_and_on_screen_at_phone_width(total_mg, nice):
    rows = _day(total_mg)
    spec = diet_live_spec(rows, 320, "US RDA")
    (total,) = [r for r in spec["datasets"][DATASET_NAME] if r["food"] == TOTAL_LABEL]
    px = _phone(rows, 320, nice)
    (layer,) = _drawn_by(spec, DATASET_NAME, total)
    left, right = _span_px(layer, total, len(f"{total['mg']:.0f}"), DIGIT_PX, px)
    rule = px(320)
    assert right < rule - 1 or left > rule + 1, (left, right, rule)  # the rule is 2 px wide
    assert left >= 0 and right <= PHONE_PLOT_PX
    if layer["mark"].get("align") == "right":  # written inside the bar: white on the dark bar
        assert right <= px(total["end_mg"]) and left >= 0
        assert layer["encoding"]["color"]["condition"]["value"] == "white"


@pytest.mark.parametrize("nice", [1.0, 1.25])
@pytest.mark.parametrize("total_mg", TOTALS)
def test_food_labels_keep_off_the_rda_rule_at_phone_width(total_mg, nice):
    rows = _day(total_mg)
    spec = diet_live_spec(rows, 320, "US RDA")
    px = _phone(rows, 320, nice)
    for row in spec["datasets"][DATASET_NAME]:
        (layer,) = _drawn_by(spec, DATASET_NAME, row)
        left, right = _span_px(layer, row, len(f"{row['mg']:.0f}"), DIGIT_PX, px)
        assert right < px(320) - 1 or left > px(320) + 1, (row, left, right)


@pytest.mark.parametrize("total_mg", TOTALS)
def test_rda_name_stays_on_screen_at_phone_width(total_mg):
    rows = _day(total_mg)
    spec = diet_live_spec(rows, 320, "US RDA")
    (rule,) = spec["datasets"][RULE_DATASET]
    (layer,) = _drawn_by(spec, RULE_DATASET, rule)
    left, right = _span_px(layer, rule, len(rule["label"]), BOLD_CHAR_PX, _phone(rows, 320, 1.0))
    # Left of the plot are the food names (about 110 px): the name may reach over them, not off screen.
    assert left >= -100 and right <= PHONE_PLOT_PX


def test_no_reference_line_puts_the_total_inside_its_bar():
    """The page passes 0 where the chosen set has no figure (and draws no rule)."""
    [*_, total] = placed_rows(_day(290), 0.0)
    assert total["label_at"] == "in" and total["label_mg"] == total["end_mg"]
    [*_, empty] = placed_rows(chart_rows([]), 0.0)
    assert empty["label_at"] == "right" and empty["label_mg"] == 0.0
