"""maglib.charts.diet: running-total bars, largest first, with a rule at the RDA."""

from __future__ import annotations

import itertools
import json

import pytest

from maglib.charts.diet import DATASET_NAME, RULE_DATASET, TOTAL_LABEL, chart_rows, diet_chart, diet_live_spec
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
    assert spec["datasets"][RULE_DATASET] == [{"rda_mg": 320.0, "label": "RDA 320 mg"}]
    assert spec["datasets"][DATASET_NAME] == rows
    bar = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert bar["encoding"]["y"]["sort"] == {"field": "order", "order": "ascending"}
    assert bar["encoding"]["x2"]["field"] == "end_mg"
    assert len(json.dumps(spec)) < 6000


def test_live_spec_is_the_altair_spec_and_the_same_for_any_rows():
    rows = chart_rows(LINES)
    live = diet_live_spec(rows, 240, "AI")
    assert live == diet_chart(rows, 240, "AI").to_dict()
    assert live["datasets"][DATASET_NAME] == rows
    assert live["datasets"][RULE_DATASET][0]["rda_mg"] == 240
    other = diet_live_spec(chart_rows(LINES[:1]), 320, "RDA")
    assert {k: v for k, v in other.items() if k != "datasets"} == {
        k: v for k, v in live.items() if k != "datasets"
    }
    assert other["datasets"] != live["datasets"]
    # The cached template is not mutated by a call.
    assert diet_live_spec(rows, 240, "AI") == live
