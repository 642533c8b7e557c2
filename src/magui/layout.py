"""Page frame: link check and notice at the top, provenance footer at the bottom."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException

from maglib.links import Ignored, Param, check_query, check_version, escape_markdown
from maglib.profile import PROFILE_PARAMS
from magui.data import dataset


def _raw_query() -> dict[str, list[str]]:
    return {key: list(st.query_params.get_all(key)) for key in st.query_params}


def _drop(key: str) -> None:
    with contextlib.suppress(KeyError, StreamlitAPIException):
        del st.query_params[key]


def _notice(ignored: Sequence[Ignored]) -> None:
    lines = [
        f"- `{escape_markdown(item.key)}` = `{escape_markdown(item.value)}`: {escape_markdown(item.reason)}"
        for item in ignored
    ]
    st.warning(
        "Part of this link could not be used; those settings are at their defaults.\n\n" + "\n".join(lines),
        icon=":material/link_off:",
    )


def page_setup(page: str, params: Sequence[Param] = ()) -> None:
    """Check this page's link before any widget reads it.

    Values the page cannot use are removed from the URL (so Streamlit's bound
    widgets fall back to their defaults) and listed in a visible notice. The
    profile keys are accepted on every page so the profile survives a visit
    to a page that does not show it.
    """
    dataset()  # stops the page here, with a clear message, if a data file is broken
    known = {p.key: p for p in (*PROFILE_PARAMS, *params)}
    raw = _raw_query()
    _, version_notes = check_version(raw)
    _, ignored = check_query(raw, list(known.values()))
    ignored = [*version_notes, *ignored]
    for item in ignored:
        if item.key in raw:
            _drop(item.key)
    state_key = f"_ignored_{page}"
    if ignored:
        st.session_state[state_key] = ignored
    if st.session_state.get(state_key):
        _notice(st.session_state[state_key])


def footer() -> None:
    """Provenance on every page: where the numbers come from."""
    st.divider()
    st.caption(
        "Not medical advice. Food values: USDA National Nutrient Database for Standard "
        "Reference, Release 28 (2016). Reference intakes and upper limits: NIH Office of "
        "Dietary Supplements / Food and Nutrition Board. Every number cites a row of "
        "`data/sources.csv` — see **Sources** for the full list."
    )
