"""The journal and the plan as this browser tab holds them (st.session_state), shared by pages.

/journal writes the nights, /schedule the plan it built; /trial reads both. Nothing here is
stored on the server or put in a link.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from maglib import journal

BASE = "journal_base"  #: the journal table (replaced by upload/add/example)
REV = "journal_rev"  #: bumped on each replacement so /journal's editor starts fresh
NOTICE = "journal_notice"  #: (kind, text) of the last load
EXAMPLE = "journal_is_example"
SAVED = "journal_saved_version"  #: the journal as last uploaded (nothing unsaved then)
#: (maglib.schedule.Plan, plan lines, medicine lines) of the last plan /schedule showed.
PLAN_FOR_TRIAL = "plan_for_trial"
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


__all__ = ["BASE", "EXAMPLE", "NOTICE", "PLAN_FOR_TRIAL", "REV", "SAVED", "TRIAL_DESIGN", "nights", "replace"]
