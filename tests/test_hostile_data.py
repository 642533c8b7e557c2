"""Corrupted numbers in the data files (issue 17, hole 8): ``inf``, ``1e308`` and friends are refused.

Every number column of every schema is tried: the loader must name the file,
the row and the column, and say which bound (and why) the value breaks —
never let "inf mg/day" reach a page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from maglib.data import FILES, SCHEMAS, DataFileError, load_table

from .conftest import DATA

NUMBER_COLUMNS = [
    (name, column)
    for name, schema in SCHEMAS.items()
    for column, spec in schema.columns.items()
    if str(spec.dtype) in {"float64", "Int64"}
]
HOSTILE_NUMBERS = ["inf", "-inf", "1e308", "Infinity", "9" * 400]


def test_every_number_column_is_covered():
    # The schemas declare these columns as numbers; if the list shrank, the check below would be empty.
    assert len(NUMBER_COLUMNS) >= 25


@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=["inf", "-inf", "1e308", "Infinity", "400-digits"])
@pytest.mark.parametrize(("name", "column"), NUMBER_COLUMNS, ids=[f"{n}.{c}" for n, c in NUMBER_COLUMNS])
def test_absurd_numbers_are_refused_with_file_row_column_and_bound(tmp_path: Path, name, column, value):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / FILES[name], folder / FILES[name])
    path = folder / FILES[name]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, column] = value
    frame.to_csv(path, index=False)
    with pytest.raises(DataFileError) as err:
        load_table(name, folder)
    assert (err.value.file, err.value.row, err.value.column) == (FILES[name], 1, column)
    message = err.value.message
    assert any(word in message for word in ("finite", "above", "below", "whole number", "not a valid")), (
        message
    )


def test_a_bound_names_its_reason(tmp_path: Path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "foods.csv", folder / "foods.csv")
    frame = pd.read_csv(folder / "foods.csv", dtype=str, keep_default_na=False)
    frame.loc[4, "mg_per_100g"] = "1e308"
    frame.to_csv(folder / "foods.csv", index=False)
    with pytest.raises(DataFileError) as err:
        load_table("foods", folder)
    assert err.value.row == 5
    assert "above 100000" in err.value.message and "100 g" in err.value.message


def test_the_committed_files_are_within_every_bound():
    for name in SCHEMAS:
        load_table(name, DATA)
