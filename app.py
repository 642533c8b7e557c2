"""Entry point: page config and navigation only.

The ``url_path`` values are part of every shared link: never rename them.
"""

from pathlib import Path

import streamlit as st

from magui import kept
from magui.memory import freeze_after_first_run

st.set_page_config(
    page_title="Magnesium for leg twitches and cramps",
    # Served by the app itself: a Material icon name made every browser fetch it from a font server
    # (nothing offline, and one more outside address for the security headers to allow).
    page_icon=str(Path(__file__).parent / "static" / "favicon.png"),
    layout="wide",
)

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/compare.py", title="Compare forms", icon=":material/compare:", url_path="compare"),
    st.Page("pages/diet.py", title="Diet", icon=":material/restaurant:", url_path="diet"),
    st.Page("pages/schedule.py", title="Dose plan", icon=":material/event:", url_path="schedule"),
    st.Page("pages/journal.py", title="Journal", icon=":material/edit_note:", url_path="journal"),
    st.Page("pages/trial.py", title="On/off trial", icon=":material/science:", url_path="trial"),
    st.Page("pages/sources.py", title="Sources", icon=":material/menu_book:", url_path="sources"),
]

page = st.navigation(PAGES)
# /schedule's ticks (never in the link) kept for the tab while another page is open (magui.kept).
kept.arrive(page.url_path)
page.run()
freeze_after_first_run(page.url_path)
