"""Scratch pages for ``benchmarks.element_cost``: the content floor plus one kind of element.

Each page is the content floor (frame_floor_app.py's /content: the floor's slider and text, a
12-row data grid and a bar chart, in a fragment, in the app's frame) with one addition, inside
the slider's fragment (re-sent by every slider move) or outside it (drawn once), so a page's
latency against the content floor's is what that addition costs per rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

import magui

st.set_page_config(page_title="Element cost", layout="wide")

BAR_SPEC = {
    "mark": "bar",
    "encoding": {"x": {"field": "form", "type": "nominal"}, "y": {"field": "mg", "type": "quantitative"}},
}
TEXT = "Magnesium citrate is absorbed somewhat better than oxide in small studies; " * 4


def _content(v: int) -> None:
    rows = pd.DataFrame({"form": [f"form {i}" for i in range(12)], "mg": [i * v / 10 for i in range(12)]})
    st.dataframe(rows, hide_index=True)
    st.vega_lite_chart(rows, BAR_SPEC)


def _markdowns(n: int) -> None:
    for i in range(n):
        st.markdown(f"{i} {TEXT}")


def _selectboxes(n: int, prefix: str) -> None:
    for i in range(n):
        st.selectbox(f"choice {i}", ["a", "b", "c"], key=f"{prefix}{i}")


def _columns(n: int) -> None:
    for _ in range(n):
        a, b = st.columns(2)
        a.markdown("x")
        b.markdown("y")


#: label → (what is added inside the fragment, what is added after it)
ADDITIONS: dict[str, tuple[Callable[[int], None], Callable[[], None]]] = {
    "content": (lambda v: None, lambda: None),
    "markdown-20-in": (lambda v: _markdowns(20), lambda: None),
    "markdown-20-as-one-in": (
        lambda v: st.markdown("\n\n".join(f"{i} {TEXT}" for i in range(20))),
        lambda: None,
    ),
    "short-markdown-20-in": (lambda v: [st.markdown(f"{i} short text") for i in range(20)], lambda: None),
    "heading-10-in": (lambda v: [st.subheader(f"Heading {i}") for i in range(10)], lambda: None),
    "caption-10-in": (lambda v: [st.caption(f"{i} short caption") for i in range(10)], lambda: None),
    "selectbox-10-in": (lambda v: _selectboxes(10, "s"), lambda: None),
    "number-input-10-in": (
        lambda v: [st.number_input(f"n {i}", 0, 10, 1, key=f"n{i}") for i in range(10)],
        lambda: None,
    ),
    "metric-10-in": (lambda v: [st.metric(f"metric {i}", f"{v * i} mg") for i in range(10)], lambda: None),
    "info-5-in": (lambda v: [st.info(f"{i} {TEXT}") for i in range(5)], lambda: None),
    "columns-5x2-in": (lambda v: _columns(5), lambda: None),
    "markdown-20-out": (lambda v: None, lambda: _markdowns(20)),
    "selectbox-10-out": (lambda v: None, lambda: _selectboxes(10, "w")),
}


def _page(label: str) -> Callable[[], None]:
    inside, after = ADDITIONS[label]

    def page() -> None:
        magui.page_setup(label, ())

        @st.fragment
        def body() -> None:
            v = st.slider("value", 0, 100, 50, key="v")
            st.write(f"value: {v}")
            _content(v)
            inside(v)

        body()
        after()
        magui.footer()

    return page


def _keyed_page(keyed: bool) -> Callable[[], None]:
    """Ten select boxes and the slider: inside the fragment, or outside it with a keyed rerun."""

    def page() -> None:
        magui.page_setup("keyed" if keyed else "unkeyed", ())
        if keyed:
            _selectboxes(10, "k")
            st.slider("value", 0, 100, 50, key="v", on_change=lambda: st.rerun("results"))

        @st.fragment(key="results")
        def body() -> None:
            if not keyed:
                _selectboxes(10, "k")
                st.slider("value", 0, 100, 50, key="v")
            v = st.session_state["v"]
            st.write(f"value: {v}")
            _content(v)

        body()
        magui.footer()

    return page


st.navigation(
    [st.Page(_page(label), title=label, url_path=label, default=label == "content") for label in ADDITIONS]
    + [
        st.Page(_keyed_page(False), title="widgets-11-in", url_path="widgets-11-in"),
        st.Page(_keyed_page(True), title="widgets-11-out-keyed", url_path="widgets-11-out-keyed"),
    ]
).run()
