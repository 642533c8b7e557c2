"""The journal and the plan as this browser tab holds them (st.session_state), shared by pages.

/journal writes the nights, /schedule the plan it built; /trial reads both. Nothing here is
stored on the server or put in a link.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st

from maglib import journal
from maglib.schedule import Plan

BASE = "journal_base"  #: the journal table (replaced by upload/add/example)
REV = "journal_rev"  #: bumped on each replacement so /journal's editor starts fresh
NOTICE = "journal_notice"  #: (kind, text) of the last load
EXAMPLE = "journal_is_example"
SAVED = "journal_saved_version"  #: the journal as last uploaded (nothing unsaved then)
#: The PlanForTrial of the plan /schedule shows now (removed whenever it shows none).
PLAN_FOR_TRIAL = "plan_for_trial"


class PlanForTrial(NamedTuple):
    """What /trial may use of the plan: the plan itself and its facts, worded by maglib."""

    plan: Plan
    plan_lines: tuple[str, ...]
    medicine_lines: tuple[str, ...]
    person_lines: tuple[str, ...]
    spacing_lines: tuple[str, ...]
    #: maglib.safety.doctor_cautions of the person's medicines (for the trial calendar).
    cautions: tuple[str, ...] = ()


#: The maglib.trial.Design /trial last showed (for /schedule's printable plan and calendar).
TRIAL_DESIGN = "trial_design"


def nights() -> pd.DataFrame:
    """The journal as last added, loaded or uploaded in this tab (empty if none)."""
    frame = st.session_state.get(BASE)
    return frame if isinstance(frame, pd.DataFrame) else journal.empty_journal()


def replace(
    frame: pd.DataFrame, *, example: bool, notice: tuple[str, str] | None, saved: bool = False
) -> None:
    """Make ``frame`` the journal of this tab (``saved``: it came from the person's own file)."""
    st.session_state[BASE] = frame
    st.session_state[REV] = st.session_state.get(REV, 0) + 1
    st.session_state[EXAMPLE] = example
    st.session_state[NOTICE] = notice
    if saved:
        st.session_state[SAVED] = (st.session_state[REV], repr({}))


__all__ = [
    "BASE",
    "EXAMPLE",
    "NOTICE",
    "PLAN_FOR_TRIAL",
    "REV",
    "SAVED",
    "TRIAL_DESIGN",
    "PlanForTrial",
    "nights",
    "replace",
]
