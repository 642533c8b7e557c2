"""The /journal chart, checked through its Vega-Lite spec."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from maglib import journal
from maglib.charts.journal import DATASETS, journal_chart, journal_spec, symptom_table


def _frame() -> pd.DataFrame:
    rows = []
    for day in range(10):
        rows.append(
            {
                "date": dt.date(2026, 2, 1) + dt.timedelta(days=day),
                "episodes": day % 3,
                "severity": 2 * (day % 3),
                "sleep_quality": 3 if day % 2 else None,
                "magnesium_mg": 0.0 if day < 4 else (250.0 if day < 7 else 400.0),
                "measures": [],
                "note": "",
            }
        )
    return journal.check_frame(pd.DataFrame(rows, columns=list(journal.COLUMNS)))


def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec["layer"]:
        if "layer" in layer:
            out.extend({**inner, "data": layer.get("data", inner.get("data"))} for inner in layer["layer"])
        else:
            out.append(layer)
    return out


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


@pytest.fixture
def spec() -> dict:
    return journal_chart(_frame(), ["Episodes", "Severity"], [4, 8]).to_dict()


def test_symptoms_on_the_left_dose_as_step_on_the_right(spec):
    assert spec["resolve"]["scale"]["y"] == "independent"
    layers = _layers(spec)
    kinds = [_mark(layer) for layer in layers]
    assert kinds == ["circle", "line", "line", "rule", "text"]
    dose = layers[2]
    assert dose["mark"]["interpolate"] == "step-after"
    assert dose["encoding"]["y"]["field"] == "magnesium_mg"
    assert dose["encoding"]["y"]["axis"]["orient"] == "right"
    assert layers[1]["encoding"]["y"]["field"] == "average"
    assert layers[0]["encoding"]["y"]["field"] == "value"


def test_datasets_hold_the_rolling_average_and_the_dose(spec):
    layers = _layers(spec)
    symptoms = spec["datasets"][layers[0]["data"]["name"]]
    assert {row["metric"] for row in symptoms} == {"Episodes", "Severity"}
    episodes = [row for row in symptoms if row["metric"] == "Episodes"]
    # Episodes are 0,1,2,0,1,2,0,… ; night 7 (index 6) averages nights 0–6: (0+1+2+0+1+2+0)/7.
    assert episodes[6]["average"] == pytest.approx(6 / 7)
    assert episodes[2]["average"] == pytest.approx(1.0)
    dose = spec["datasets"][layers[2]["data"]["name"]]
    assert [row["magnesium_mg"] for row in dose] == [0.0] * 4 + [250.0] * 3 + [400.0] * 3


def _nights(count: int) -> pd.DataFrame:
    base = _frame()
    rows = [base.iloc[i % len(base)].to_dict() for i in range(count)]
    for i, row in enumerate(rows):
        row["date"] = dt.date(2026, 2, 1) + dt.timedelta(days=i)
    return journal.check_frame(pd.DataFrame(rows, columns=list(journal.COLUMNS)))


def test_checkpoint_rules_at_weeks_after_the_first_dose():
    spec = journal_chart(_nights(70), ["Episodes"], [4, 8]).to_dict()
    rules = spec["datasets"][_layers(spec)[3]["data"]["name"]]
    # First dose is 2026-02-05 (day 4): week 4 → 2026-03-05, week 8 → 2026-04-02 (night 61).
    assert [row["label"] for row in rules] == ["week 4", "week 8"]
    assert [row["date"][:10] for row in rules] == ["2026-03-05", "2026-04-02"]


def test_a_review_after_the_latest_night_does_not_stretch_the_axis(spec):
    """Issue 16: with 4 nights the axis ran to the week-8 review (data in 8 % of the width)."""
    assert spec["datasets"].get(_layers(spec)[3]["data"]["name"], []) == []  # 10 nights: none yet
    spec = journal_chart(_nights(40), ["Episodes"], [4, 8]).to_dict()
    rules = spec["datasets"][_layers(spec)[3]["data"]["name"]]
    assert [row["label"] for row in rules] == ["week 4"]


def test_review_weeks_come_from_the_arguments():
    spec = journal_chart(_nights(20), ["Episodes"], [2]).to_dict()
    rules = spec["datasets"][_layers(spec)[3]["data"]["name"]]
    assert [row["date"][:10] for row in rules] == ["2026-02-19"]


def test_each_symptom_has_its_own_distinct_colour_and_the_legend_is_on_top(spec):
    color = _layers(spec)[0]["encoding"]["color"]
    assert color["scale"]["domain"] == ["Episodes", "Severity"]  # only what is charted
    assert len(set(color["scale"]["range"])) == 2  # Episodes ≠ Severity (were two similar blues)
    every = journal_chart(_frame(), list(journal.METRICS), [4, 8]).to_dict()
    assert len(set(_layers(every)[0]["encoding"]["color"]["scale"]["range"])) == len(journal.METRICS)
    assert color["legend"]["orient"] == "top"
    assert _layers(spec)[4]["mark"]["align"] == "right"  # review labels clear the right axis
    assert spec["description"]


def test_only_chosen_metrics_and_missing_sleep_left_out():
    table = symptom_table(_frame(), ["Sleep quality"])
    assert set(table["metric"]) == {"Sleep quality"}
    assert len(table) == 5  # sleep was rated on odd days only
    assert symptom_table(_frame(), []).empty


def test_no_dose_yet_means_no_checkpoints_and_empty_journal_still_builds():
    frame = _frame().assign(magnesium_mg=0.0)
    spec = journal_chart(frame, ["Episodes"], [4, 8]).to_dict()
    assert spec["datasets"].get(_layers(spec)[3]["data"]["name"], []) == []
    journal_chart(journal.empty_journal(), ["Episodes"], [4, 8]).to_dict()


def _without_data(spec: dict) -> dict:
    """The spec with every data reference and dataset removed (layers compared by shape)."""
    out = {k: v for k, v in spec.items() if k not in ("data", "datasets")}
    if "layer" in out:
        out["layer"] = [_without_data(layer) for layer in out["layer"]]
    return out


def test_fast_spec_is_the_altair_chart_with_named_frames():
    frame = _frame()
    fast = journal_spec(frame, ["Episodes", "Severity"], [4, 8])
    slow = journal_chart(frame, ["Episodes", "Severity"], [4, 8]).to_dict()
    assert _without_data(fast) == _without_data(slow)
    assert [layer["data"]["name"] for layer in fast["layer"]] == [
        DATASETS[0],
        DATASETS[1],
        DATASETS[2],
        DATASETS[2],
    ]
    # Each named frame holds what the Altair chart inlines for that layer.
    for layer, name in zip(slow["layer"], [DATASETS[0], DATASETS[1], DATASETS[2], DATASETS[2]], strict=True):
        rows = slow["datasets"].get(layer["data"]["name"], [])
        table = fast["datasets"][name]
        assert len(table) == len(rows)
        assert list(table.columns) == (list(rows[0]) if rows else list(table.columns))
    episodes = fast["datasets"]["symptoms"].query("metric == 'Episodes'")
    assert episodes["average"].iloc[6] == pytest.approx(6 / 7)


def test_fast_spec_stays_the_same_when_only_the_nights_change():
    """The browser keeps its chart view (and only swaps data) while the spec is unchanged."""
    short = journal_spec(_frame().head(3), ["Episodes"], [4, 8])
    longer = journal_spec(_frame(), ["Episodes"], [4, 8])
    assert _without_data(short) == _without_data(longer)
    assert len(short["datasets"]["symptoms"]) == 3 and len(longer["datasets"]["symptoms"]) == 10
    other = journal_spec(_frame(), ["Episodes", "Sleep quality"], [4, 8])
    assert _without_data(other) != _without_data(longer)  # the colour order follows the metrics


def test_fast_spec_on_an_empty_journal_has_empty_frames():
    spec = journal_spec(journal.empty_journal(), ["Episodes"], [4, 8])
    assert all(table.empty for table in spec["datasets"].values())


def test_the_axes_start_at_zero_and_the_nights_axis_ticks_whole_days():
    """Phone review (2026-12-04): nights of 0 mg drew the dashed dose line halfway up (a [0, 0] domain),
    and three nights got hour ticks ("Mon 30, 12 PM, December, 12 PM, Wed 02")."""
    frame = journal.example_journal(250)
    spec = journal_spec(frame, ["Episodes"], (4, 8))
    layers = spec["layer"]
    symptoms, dose = layers[0]["layer"][0], layers[1]
    assert dose["encoding"]["y"]["scale"]["domain"] == {"unionWith": [0, 100]}
    assert symptoms["encoding"]["y"]["scale"]["domain"] == {"unionWith": [0, 1]}
    for layer in (symptoms, dose):
        axis = layer["encoding"]["x"]["axis"]
        assert axis["tickCount"] == {"interval": "day", "step": 1} and axis["format"] == "%d %b"
