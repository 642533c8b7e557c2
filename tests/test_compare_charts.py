"""maglib.charts.compare: one named selection links the three charts; rows follow the filters."""

from __future__ import annotations

import copy
import json
import re
import warnings

import pandas as pd
import pytest

from maglib import forms
from maglib.charts import compare as charts

from .conftest import dataset


@pytest.fixture(scope="module")
def data():
    return dataset()


NO_FILTER = forms.Filters()


def _frame(data, filters=NO_FILTER):
    return charts.chart_data(forms.filter_forms(data.forms, filters))


def _rows(spec):
    (values,) = spec["datasets"].values()
    return values


def test_one_named_selection_shared_by_all_three_charts(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the builder must not leak Altair's dedup warning
        spec = charts.compare_charts(_frame(data)).to_dict()
    params = spec["params"]
    assert len(params) == 1
    pick = params[0]
    assert pick["name"] == charts.SELECTION_NAME == "pick"
    assert pick["select"]["type"] == "point" and pick["select"]["fields"] == ["form_id"]
    assert len(spec["vconcat"]) == 3
    # Each of the three charts has at least one view listed in the selection's views.
    for sub in spec["vconcat"]:
        names = [v["name"] for v in sub.get("layer", [sub]) if "name" in v]
        assert set(names) & set(pick["views"]), sub.get("title")
    # …and every chart highlights with that same selection.
    for sub in spec["vconcat"]:
        text = json.dumps(sub)
        assert '"param": "pick"' in text, sub.get("title")


def test_charts_read_one_dataset_and_rows_match_the_filter(data):
    filters = forms.Filters(bioavailability=("High",), tolerance="Avoid laxative effect")
    spec = charts.compare_charts(_frame(data, filters)).to_dict()
    assert all("data" not in sub for sub in spec["vconcat"])  # all three use the top-level data
    ids = [row["form_id"] for row in _rows(spec)]
    expected = forms.filter_forms(data.forms, filters)["form_id"].tolist()
    assert ids == expected
    assert "citrate" not in ids and "glycinate" in ids


def test_elemental_per_100mg_is_the_elemental_pct(data):
    frame = _frame(data).set_index("form_id")
    assert frame.loc["oxide", "elemental_mg_per_100mg"] == pytest.approx(60.3)
    assert frame.loc["glycinate", "elemental_mg_per_100mg"] == pytest.approx(14.1)
    assert frame.loc["glycinate", "label"] == "Glycinate"


def test_map_positions_keep_each_form_in_its_cell(data):
    frame = _frame(data)
    bio_rank = frame["bioavailability"].map(forms.BIO_ORDER.index)
    lax_rank = frame["laxative_effect"].map(forms.LAX_ORDER.index)
    assert ((frame["bio_x"] - bio_rank).abs() < 0.5).all()
    assert ((frame["lax_y"] - lax_rank).abs() < 0.5).all()
    # Forms sharing a cell do not sit on top of each other.
    assert not frame.duplicated(subset=["bio_x", "lax_y"]).any()


def test_cost_chart_filters_out_unknown_costs_in_the_spec(data):
    spec = charts.compare_charts(_frame(data)).to_dict()
    bars = spec["vconcat"][2]["layer"][0]
    assert bars["transform"][0] == {"filter": "isValid(datum.cost_per_100mg_usd)"}
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["x"]["field"] == "cost_per_100mg_usd"


def test_live_spec_is_the_altair_spec_without_rows_and_with_row_free_names(data):
    frame = _frame(data, forms.Filters(route="Oral"))
    full = charts.compare_charts(frame).to_dict()
    live = charts.live_spec()
    assert "data" not in live and "datasets" not in live
    assert all("data" not in view for view in live["vconcat"])  # all three read the caller's rows
    # Same views, encodings and selection; only the rows and the accessible names differ.

    def shape(spec):
        spec = {k: v for k, v in spec.items() if k not in {"data", "datasets", "description", "autosize"}}
        spec["vconcat"] = [{k: v for k, v in view.items() if k != "description"} for view in spec["vconcat"]]
        return re.sub(r"view_[0-9a-f]+_(\d)", r"view_\1", json.dumps(spec, sort_keys=True))

    assert shape(live) == shape(full)
    assert [r["form_id"] for r in _rows(full)] == frame["form_id"].tolist()
    assert live["description"] == charts.LIVE_DESCRIPTIONS["all"]
    assert [v["description"] for v in live["vconcat"]] == [
        charts.LIVE_DESCRIPTIONS[k] for k in ("elemental", "map", "cost")
    ]
    # No form is named in the names: they stay true whatever the filters show.
    for text in charts.LIVE_DESCRIPTIONS.values():
        for form in data.forms["form"]:
            assert form not in text
    json.dumps(live, allow_nan=False)  # plain JSON
    # Every view fits the width the page gives it (axes included): nothing sticks out on a phone.
    assert live["autosize"] == {"type": "pad", "contains": "padding"}


def test_live_spec_without_prices_has_no_cost_chart():
    """No form has a price: no empty cost plot (the page says so in words), and no view
    left without marks (axe: an svg role=img without a text alternative)."""
    plain = charts.live_spec(with_cost=False)
    assert len(plain["vconcat"]) == 2
    assert all(
        view.get("encoding", {}).get("x", {}).get("field") != "cost_per_100mg_usd"
        for view in plain["vconcat"]
    )
    assert plain["description"] == charts.LIVE_DESCRIPTIONS["no_cost"]
    assert "cost" not in plain["description"]
    assert charts.live_spec("oxide", with_cost=False)["params"][0]["value"] == [{"form_id": "oxide"}]
    assert len(charts.live_spec("oxide", with_cost=False)["vconcat"]) == 2
    assert len(charts.live_spec()["vconcat"]) == 3


def test_live_spec_for_a_picked_form_starts_its_selection_there_and_differs_in_nothing_else():
    plain = charts.live_spec()
    assert "value" not in plain["params"][0]  # nothing picked: no highlight, no outline
    picked = copy.deepcopy(charts.live_spec("oxide"))  # the cached spec is read-only
    assert picked["params"][0]["value"] == [{"form_id": "oxide"}]
    picked["params"][0].pop("value")
    assert picked == plain
    # Cached, and the cached plain spec was not changed by the pick.
    assert charts.live_spec("oxide")["params"][0]["value"] == [{"form_id": "oxide"}]
    assert "value" not in charts.live_spec()["params"][0]


def test_live_spec_can_turn_off_the_double_click_that_clears():
    plain = charts.live_spec()
    assert plain["params"][0]["select"]["clear"] == "dblclick"
    fixed = copy.deepcopy(charts.live_spec("oxide", clearable=False))
    assert fixed["params"][0]["select"]["clear"] is False
    assert fixed["params"][0]["value"] == [{"form_id": "oxide"}]
    fixed["params"][0]["select"]["clear"] = "dblclick"
    assert fixed == charts.live_spec("oxide")
    assert charts.live_spec()["params"][0]["select"]["clear"] == "dblclick"  # cache untouched


def test_the_altair_chart_describes_its_rows(data):
    spec = charts.compare_charts(_frame(data)).to_dict()
    assert spec["description"] == charts.summary(_frame(data))
    for sub in spec["vconcat"]:
        assert sub["description"].strip()
    assert "Magnesium oxide" in spec["vconcat"][0]["description"]  # the most elemental Mg per 100 mg
    assert "no form shown has a price" in spec["vconcat"][2]["description"]


def test_descriptions_name_cheapest_when_prices_exist():
    frame = pd.DataFrame(
        {
            "form": ["A", "B"],
            "elemental_mg_per_100mg": [10.0, 20.0],
            "cost_per_100mg_usd": [0.5, 0.1],
        }
    )
    text = charts.descriptions(frame)["cost"]
    assert "lowest B (US$0.100)" in text and "highest A (US$0.500)" in text


def test_empty_filter_result_still_builds(data):
    empty = _frame(data, forms.Filters(route="Topical", goal="Constipation"))
    assert empty.empty
    spec = charts.compare_charts(empty).to_dict()
    assert _rows(spec) == []
    assert spec["params"][0]["name"] == "pick"
    assert "No forms to show." in charts.summary(empty)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"selection": {"pick": [{"form_id": "oxide"}]}}, "oxide"),
        ({"selection": {"pick": []}}, None),
        ({"selection": {}}, None),
        ({}, None),
        (None, None),
    ],
)
def test_picked_form_id(event, expected):
    assert charts.picked_form_id(event) == expected


def test_summary_is_the_rows_descriptions(data):
    topical = _frame(data, forms.Filters(route="Topical"))
    assert charts.summary(topical) == " ".join(charts.descriptions(topical).values())
    assert "for 1 form: Topical" in charts.summary(topical) and "1 forms" not in charts.summary(topical)
    assert charts.summary(topical) != charts.summary(_frame(data))


def test_the_elemental_chart_says_its_bars_are_not_absorption(data):
    """Phone review: the first chart puts oxide on top, which reads as "best"; its subtitle says
    the bars are what a form carries, not what is absorbed, in lines short enough for a phone."""
    spec = charts.compare_charts(_frame(data)).to_dict()
    title = spec["vconcat"][0]["title"]
    assert title["text"] == ["Elemental magnesium", "per 100 mg of compound"]
    assert "not what the body absorbs" in " ".join(title["subtitle"])
    assert all(len(line) <= 50 for line in title["subtitle"])


def test_the_map_labels_fit_right_of_the_rightmost_column_on_a_phone(data):
    """Phone review: at 390 px the map's label right of the rightmost (Variable) column's point,
    "Topical (oil, flakes)", was cut at the plot's edge to "Topical (oil, fl…". A label there has
    about 65 px, 13 characters of the map's 10 px font: each line of those labels is no longer."""
    frame = _frame(data)
    rightmost = frame.loc[frame["bio_x"] == frame["bio_x"].max()]
    assert "topical" in set(rightmost["form_id"])  # the longest label is in the rightmost column
    spec = charts.live_spec()
    (text,) = [layer for layer in spec["vconcat"][1]["layer"] if layer["mark"]["type"] == "text"]
    field, line_break = text["encoding"]["text"]["field"], text["mark"].get("lineBreak")
    lines = {
        form_id: (label.split(line_break) if line_break else [label])
        for form_id, label in zip(rightmost["form_id"], rightmost[field], strict=True)
    }
    assert lines["topical"] == ["Topical", "(oil, flakes)"]
    assert all(len(line) <= 13 for each in lines.values() for line in each), lines
    # The short labels are not broken, and any longer line is still cut inside the plot.
    short = frame.loc[frame["label"].str.len() <= 13]
    assert [label.removesuffix(charts.MAP_MARK) for label in short[field]] == short["label"].tolist()
    assert text["mark"]["limit"] == 70
    assert charts.map_label("L-threonate") == "L-threonate"


def test_the_map_stars_and_the_tooltip_marks_a_disputed_or_unverified_bioavailability(data):
    """Glycinate sits at High beside citrate on the map, though two studies put it lower: its
    place is starred (the subtitle says why) and the tooltip says "High (disputed)"."""
    frame = _frame(data).set_index("form_id")
    basis = data.forms.set_index("form_id")["bioavailability_basis"]
    assert {"glycinate": "disputed", "malate": "unverified"}.items() <= basis.to_dict().items()
    for form_id, row in frame.iterrows():
        starred = row["map_label"].endswith(charts.MAP_MARK)
        assert starred == (basis[form_id] != "sourced"), form_id
        expected = forms.bioavailability_text(row["bioavailability"], basis[form_id])
        assert row["bioavailability_shown"] == expected
    assert frame.loc["glycinate", "bioavailability_shown"] == "High (disputed)"
    assert frame.loc["citrate", "bioavailability_shown"] == "High"
    spec = json.dumps(charts.live_spec())
    assert '"bioavailability_shown"' in spec and "disputed or unverified" in spec
