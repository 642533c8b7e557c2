"""The frame floor: the floor's slider and text inside this app's own frame.

The same page config, ``st.navigation`` with six pages in the sidebar, the link
check (``magui.page_setup``), the slider bound to the URL and run as a fragment
(as the pages run their inputs), and the footer with the share box. The pages'
ratio to this app is what their own content costs; this app's ratio to the
floor is what the frame costs (multipage navigation and every view a link).
Informative only: the targets stay against the plain floor.
"""

import streamlit as st

import magui
from magui.memory import freeze_after_first_run

st.set_page_config(page_title="Frame floor", layout="wide")


def floor_page() -> None:
    magui.page_setup("frame-floor", ())

    @st.fragment
    def body() -> None:
        v = st.slider("value", 0, 100, 50, key="v", bind="query-params")
        st.write(f"value: {v}")

    body()
    magui.footer()


def _other(title: str) -> st.Page:
    return st.Page(lambda: st.write(title), title=title, url_path=title.lower())


page = st.navigation(
    [st.Page(floor_page, title="Floor", default=True), *(_other(t) for t in ("B", "C", "D", "E", "F"))]
)
page.run()
freeze_after_first_run(page.url_path)
