"""Corrupted-data catalogue: every kind of damage to every data file is named clearly.

For each data file, each kind of damage is applied to a fresh copy of data/;
loading must raise DataFileError naming the file (and the row and column where
the damage is in one cell), never another exception.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from maglib.data import FILES, SCHEMAS, DataFileError, load_dataset

from .conftest import DATA


def _numeric_column(name: str) -> str | None:
    for column, spec in SCHEMAS[name].columns.items():
        if str(spec.dtype) in {"float64", "Int64"}:
            return column
    return None


def _key_column(name: str) -> str:
    for column, spec in SCHEMAS[name].columns.items():
        if spec.unique:
            return column
    return next(iter(SCHEMAS[name].columns))


def damage_cases() -> list[tuple[str, str]]:
    cases = []
    for name in FILES:
        kinds = [
            "drop_column",
            "duplicate_key",
            "unknown_source",
            "empty_file",
            "not_utf8",
            "bad_quote",
            "blank_required",
        ]
        if _numeric_column(name):
            kinds.append("text_in_number")
        cases += [(name, kind) for kind in kinds]
    return cases


def _apply(folder: Path, name: str, kind: str) -> tuple[int | None, str | None]:
    """Damage the file; return the (row, column) the error must name, where one cell is at fault."""
    path = folder / FILES[name]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    first_col = next(iter(SCHEMAS[name].columns))
    if kind == "drop_column":
        frame.drop(columns=[first_col]).to_csv(path, index=False)
        return None, first_col
    if kind == "duplicate_key":
        compound = SCHEMAS[name].unique
        if compound:  # a key made of several columns: repeat the whole key
            frame.loc[1, list(compound)] = frame.loc[0, list(compound)].to_numpy()
            frame.to_csv(path, index=False)
            return None, None
        key = _key_column(name)
        frame.loc[1, key] = frame.loc[0, key]
        frame.to_csv(path, index=False)
        return 1, key
    if kind == "unknown_source":
        frame.loc[2, "source_ids"] = "no-such-source"
        frame.to_csv(path, index=False)
        return (3, "source_ids") if name != "sources" else (None, None)
    if kind == "empty_file":
        path.write_text("")
        return None, None
    if kind == "not_utf8":
        path.write_bytes(path.read_bytes() + b"\xff\xfe\xfa\n")
        return None, None
    if kind == "bad_quote":
        text = path.read_text().splitlines()
        text[3] = text[3] + ',"unterminated'
        path.write_text("\n".join(text) + "\n")
        return None, None
    if kind == "blank_required":
        frame.loc[4, first_col] = ""
        frame.to_csv(path, index=False)
        return 5, first_col
    if kind == "text_in_number":
        column = _numeric_column(name)
        frame.loc[5, column] = "twelve"
        frame.to_csv(path, index=False)
        return 6, column
    raise AssertionError(kind)


@pytest.mark.parametrize(("name", "kind"), damage_cases())
def test_damage_is_named(tmp_path, name, kind):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    row, column = _apply(folder, name, kind)
    with pytest.raises(DataFileError) as err:
        load_dataset(folder)
    error = err.value
    assert error.file == FILES[name] or (kind == "unknown_source" and name == "sources")
    assert error.message.startswith("data/")
    if row is not None:
        assert error.row == row, error.message
        assert f"row {row}" in error.message
    if column is not None:
        assert error.column == column, error.message
