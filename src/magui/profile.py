"""The profile widgets, shared by /diet and /schedule (asked once per visit)."""

from __future__ import annotations

import contextlib

import streamlit as st
from streamlit.errors import StreamlitAPIException

from maglib.data import default_data_dir
from maglib.links import serialize
from maglib.profile import (
    LIFE_STAGE_LABELS,
    PROFILE_PARAMS,
    SEX_LABELS,
    Profile,
    Reference,
    profile_from_values,
    reference_for,
    stage_applies,
)
from magui.data import dataset
from magui.layout import reseed_widgets_from_url
from magui.widgets import bound

AGE, SEX, STAGE = PROFILE_PARAMS
#: The visit's profile, kept apart from the widget keys: Streamlit drops a bound
#: widget's URL param and state when the user switches to another page.
_MEMORY = "_profile_memory"
_LAST_PAGE = "_profile_last_page"


def _current_page() -> str:
    return str(st.session_state.get("_page_link_params", ("",))[0])


def _seed_from_memory() -> None:
    """On a page's first run after a switch, reuse the visit's profile where the link is silent.

    Only on that first run: on later reruns of the same page the person's own
    input must win, so nothing is seeded.
    """
    if st.session_state.get(_LAST_PAGE) == _current_page():
        return
    memory = st.session_state.get(_MEMORY, {})
    in_link = set(st.query_params.keys())
    seeded = False
    for param in PROFILE_PARAMS:
        value = memory.get(param.key)
        if value is None or param.key in in_link or value == param.default:
            continue
        # Through the URL, not st.session_state: the address bar then carries the
        # profile too, so copying it after a page switch shares the same view.
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[param.key] = serialize(param, value)[0]
            seeded = True
    if seeded:
        reseed_widgets_from_url()


def profile_inputs() -> Profile:
    """Age, sex and (where it applies) pregnancy/breastfeeding, bound to the URL.

    The same keys on every page, so the profile carries across pages in the
    link and in the session.
    """
    _seed_from_memory()
    cols = st.columns([1, 1, 2])
    with cols[0]:
        age = bound(AGE, "Age (years)")
    with cols[1]:
        sex = bound(SEX, "Sex", widget="radio", horizontal=True)
    sex_key = next((k for k, v in SEX_LABELS.items() if v == sex), "female")
    stage = LIFE_STAGE_LABELS["general"]
    if stage_applies(int(age), sex_key):
        with cols[2]:
            stage = bound(STAGE, "Pregnancy", widget="radio", horizontal=True)
    st.session_state[_MEMORY] = {AGE.key: age, SEX.key: sex, STAGE.key: stage}
    st.session_state[_LAST_PAGE] = _current_page()
    return profile_from_values(int(age), sex, stage)


@st.cache_resource(show_spinner=False, max_entries=64)
def _reference(age_years: int, sex: str, life_stage: str, folder: str) -> Reference:
    # cache_resource: the Reference is frozen and read-only, so every session shares it.
    return reference_for(Profile(age_years, sex, life_stage), dataset().intake_reference)


def reference_of(profile: Profile) -> Reference:
    """The intake_reference.csv row for ``profile`` (cached: the lookup is a pandas filter)."""
    return _reference(profile.age_years, profile.sex, profile.life_stage, str(default_data_dir()))
