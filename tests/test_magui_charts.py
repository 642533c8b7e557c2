"""magui.charts: named datasets become Arrow tables, the rest of the spec is untouched."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from magui.charts import arrow_datasets


def test_frames_and_row_lists_become_arrow_tables_and_the_spec_is_not_mutated():
    layers = [{"data": {"name": "a"}}, {"data": {"name": "b"}}]
    spec = {
        "layer": layers,
        "datasets": {"a": pd.DataFrame({"x": [1, 2], "y": ["p", "q"]}), "b": [{"x": 1.5, "y": None}]},
    }
    out = arrow_datasets(spec)
    assert out["layer"] is layers
    assert isinstance(out["datasets"]["a"], pa.Table) and isinstance(out["datasets"]["b"], pa.Table)
    assert out["datasets"]["a"].to_pylist() == [{"x": 1, "y": "p"}, {"x": 2, "y": "q"}]
    assert out["datasets"]["b"].to_pylist() == [{"x": 1.5, "y": None}]
    assert isinstance(spec["datasets"]["a"], pd.DataFrame)  # the caller's spec keeps its frames


def test_a_spec_without_datasets_gets_an_empty_mapping():
    assert arrow_datasets({"mark": "bar"}) == {"mark": "bar", "datasets": {}}
