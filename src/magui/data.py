"""Data access for pages: load and validate once per process."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from maglib.data import DataFileError, Dataset, default_data_dir, load_dataset
from maglib.safety import RuleBook
from maglib.safety import rule_book as _build_rule_book


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(folder: str) -> Dataset:
    # cache_resource, not cache_data: the tables are read-only and shared by
    # every session, so handing out the same objects avoids a copy per rerun.
    # Keyed on the folder so a test pointing MAGLIB_DATA_DIR elsewhere gets its own load.
    return load_dataset(Path(folder))


def dataset() -> Dataset:
    """The validated data; on a broken file, stop the page with a clear message."""
    try:
        return _load(str(default_data_dir()))
    except DataFileError as exc:
        st.error(
            "The app cannot start because a data file is broken:\n\n"
            f"`{exc.message}`\n\nFix the file (or restore it from the repository) and reload.",
            icon=":material/error:",
        )
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=4)
def _rules(folder: str, _data: Dataset) -> RuleBook:
    return _build_rule_book(_data.safety_rules)


def rule_book() -> RuleBook:
    """data/safety_rules.csv's numbers, read once per data folder (shared, read-only)."""
    return _rules(str(default_data_dir()), dataset())
