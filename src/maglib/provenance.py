"""Which data files cite which sources — for the Sources page and its tests."""

from __future__ import annotations

from dataclasses import fields

import pandas as pd

from maglib.data import FILES, Dataset, split_ids

__all__ = ["citations", "cited_by", "sources_table"]

#: Sources whose original publication the project could not identify.
UNIDENTIFIED_MARK = "original publication not identified"


def cited_by(data: Dataset) -> dict[str, list[str]]:
    """Source id → the data files (``forms.csv``…) that cite it, sorted."""
    usage: dict[str, set[str]] = {}
    for f in fields(Dataset):
        frame: pd.DataFrame = getattr(data, f.name)
        if "source_ids" not in frame.columns:
            continue
        for value in frame["source_ids"].drop_duplicates():
            for source_id in split_ids(value):
                usage.setdefault(source_id, set()).add(FILES[f.name])
    return {key: sorted(value) for key, value in usage.items()}


def sources_table(data: Dataset) -> pd.DataFrame:
    """sources.csv plus a ``used_in`` column and an ``identified`` flag."""
    usage = cited_by(data)
    table = data.sources[["id", "citation", "url", "accessed"]].copy()
    table["used_in"] = [", ".join(usage.get(i, [])) for i in table["id"]]
    table["identified"] = ~table["citation"].str.contains(UNIDENTIFIED_MARK, case=False)
    return table


def citations(data: Dataset, source_ids: str) -> list[str]:
    """Short citations for a ``source_ids`` cell (unknown ids are skipped)."""
    lookup = dict(zip(data.sources["id"], data.sources["citation"], strict=True))
    return [lookup[i] for i in split_ids(source_ids) if i in lookup]
