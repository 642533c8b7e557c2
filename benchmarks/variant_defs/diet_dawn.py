"""/diet cold-load ablations of the dawn round (benchmarks/README.md, 2026-12-03).

Written against pages/diet.py before 518df06 (``git show 9f6b3d6:pages/diet.py``); on today's page
the list-tool variants stop (its drop-downs are gone).
"""

from benchmarks.variants import swap

PAGE = "diet"

CHART = '        st.vega_lite_chart(chart, width="stretch", key="diet_chart")'
STICKY = 'st.html(_STICKY_CSS.replace("__BG__", _background()))'


def no_chart(text: str) -> str:
    """Upper bound: the running-total chart left out."""
    return swap(text, CHART, "        pass")


def vega_first(text: str) -> str:
    """A one-pixel chart drawn first, so Vega's code is fetched before the other elements'."""
    tiny = 'st.vega_lite_chart({"mark": "point", "data": {"values": []}}, width=1, height=1)\n'
    return swap(text, 'st.title("Does your food', tiny + 'st.title("Does your food')


def css_as_markdown(text: str) -> str:
    """The sticky-summary style through st.markdown (no Html element, no DOMPurify chunk)."""
    return swap(text, STICKY, STICKY.replace("st.html(", "st.markdown(")[:-1] + ", unsafe_allow_html=True)")


def no_list_tools(text: str) -> str:
    """Upper bound: example days, Add a food, Remove a food and the list code left out."""
    for old in (
        "        preset_cols = st.columns",
        "        preset_cols[0].selectbox(",
        "        preset_cols[1].button",
        "        preset_cols[2].button",
        '        st.selectbox(\n            "Add a food"',
        '        st.selectbox(\n            "Remove a food"',
    ):
        text = swap(text, old, old.replace("        ", "        if False: ", 1))
    return swap(text, '        with st.expander("List code (part of the link)"):', "        if False:")


VARIANTS = {
    "base": lambda text: text,
    "no_chart": no_chart,
    "vega_first": vega_first,
    "css_as_markdown": css_as_markdown,
    "no_list_tools": no_list_tools,
}
