"""The frame floor: the floor's slider and text inside this app's own frame.

The same page config, ``st.navigation`` with seven pages (as app.py since /trial) in the sidebar, the link
check (``magui.page_setup``), the slider bound to the URL and run as a fragment
(as the pages run their inputs), and the footer with the share box. The pages'
ratio to this app is what their own content costs; this app's ratio to the
floor is what the frame costs (multipage navigation and every view a link).
Informative only: the targets stay against the plain floor.

Its second page (``/content``, the *content floor*) adds the least that /compare
must show to the same slider: one 12-row data grid and one bar chart, both
following the slider. Its ratio to the floor is what those two Streamlit elements
cost by themselves (their JavaScript chunks load on first use), before any of
the page's own text, inputs or data.
"""

import pandas as pd
import streamlit as st

import magui
from magui.memory import freeze_after_first_run

st.set_page_config(page_title="Frame floor", layout="wide")


#: A bar chart spec that never changes (only its rows do), like the pages' charts.
BAR_SPEC = {
    "mark": "bar",
    "encoding": {
        "x": {"field": "form", "type": "nominal"},
        "y": {"field": "mg", "type": "quantitative"},
    },
}


def _page(name: str, *, content: bool) -> None:
    """The floor's slider and text in the frame; with ``content``, a grid and a chart follow it."""
    magui.page_setup(name, ())

    @st.fragment
    def body() -> None:
        v = st.slider("value", 0, 100, 50, key="v", bind="query-params")
        st.write(f"value: {v}")
        if content:
            rows = pd.DataFrame(
                {"form": [f"form {i}" for i in range(12)], "mg": [i * v / 10 for i in range(12)]}
            )
            st.dataframe(rows, hide_index=True)
            st.vega_lite_chart(rows, BAR_SPEC)

    body()
    magui.footer()


def floor_page() -> None:
    _page("frame-floor", content=False)


def content_page() -> None:
    _page("content-floor", content=True)


def _other(title: str) -> st.Page:
    return st.Page(lambda: st.write(title), title=title, url_path=title.lower())


page = st.navigation(
    [
        st.Page(floor_page, title="Floor", default=True),
        st.Page(content_page, title="Content", url_path="content"),
        *(_other(t) for t in ("C", "D", "E", "F", "G")),
    ]
)
page.run()
freeze_after_first_run(page.url_path)
