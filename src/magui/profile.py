"""The profile widgets, shared by /diet and /schedule (asked once per visit)."""

from __future__ import annotations

import streamlit as st

from maglib.profile import (
    LIFE_STAGE_LABELS,
    PROFILE_PARAMS,
    SEX_LABELS,
    Profile,
    profile_from_values,
    stage_applies,
)
from magui.widgets import bound

AGE, SEX, STAGE = PROFILE_PARAMS


def profile_inputs() -> Profile:
    """Age, sex and (where it applies) pregnancy/breastfeeding, bound to the URL.

    The same keys on every page, so the profile carries across pages in the
    link and in the session.
    """
    cols = st.columns([1, 1, 2])
    with cols[0]:
        age = bound(AGE, "Age (years)", persist_state="session")
    with cols[1]:
        sex = bound(SEX, "Sex", widget="radio", horizontal=True, persist_state="session")
    sex_key = next((k for k, v in SEX_LABELS.items() if v == sex), "female")
    stage = LIFE_STAGE_LABELS["general"]
    if stage_applies(int(age), sex_key):
        with cols[2]:
            stage = bound(STAGE, "Pregnancy", widget="radio", horizontal=True, persist_state="session")
    return profile_from_values(int(age), sex, stage)
