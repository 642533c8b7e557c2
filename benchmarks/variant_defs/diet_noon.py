"""/diet cold-load variants without drop-downs (2026-12-03 noon round, benchmarks/README.md).

Each keeps every list tool, drawn with controls whose code the page loads anyway (radio, text
input, button) instead of the three select boxes (example day, Add a food, Remove a food).
Written against pages/diet.py before 518df06 (which took the "design" variant): to rerun them, apply
them to that page (``git show 9f6b3d6:pages/diet.py``); on today's page they stop.
"""

from benchmarks.variants import swap

PAGE = "diet"

PRESET = """        preset_cols[0].selectbox(
            "Start from an example day", intake.preset_names(FOODS), key=intake.PRESET_KEY
        )"""
PRESET_RADIO = """        preset_cols[0].radio(
            "Start from an example day", intake.preset_names(FOODS), key=intake.PRESET_KEY,
            horizontal=True,
        )"""
ADD_START = '        st.selectbox(\n            "Add a food",'
ADD_END = "            accept_new_options=True,\n        )\n"
REMOVE_START = '        st.selectbox(\n            "Remove a food",'
REMOVE_END = "            on_change=_remove_pick,\n        )\n"
SLIDER = '            magui.bound(servings, label, widget="slider", on_change=_rerun_day)\n'


def _cut(text: str, start: str, end: str, new: str) -> str:
    """``text`` with everything from ``start`` to the next ``end`` (included) replaced by ``new``."""
    swap(text, start, start)  # stops, as swap does, when the page no longer has it
    i = text.index(start)
    j = text.index(end, i) + len(end)
    return text[:i] + new + text[j:]


def text_add(text: str) -> str:
    """Add a food as a text box (type, Enter) instead of a select box."""
    box = (
        '        st.text_input("Add a food", key="_diet_add_text", '
        'placeholder="Type any food and press Enter, e.g. pumpkin seeds")\n'
    )
    return _cut(text, ADD_START, ADD_END, box)


def presets_radio(text: str) -> str:
    return swap(text, PRESET, PRESET_RADIO)


def no_remove(text: str) -> str:
    """Upper bound: Remove a food left out."""
    return _cut(text, REMOVE_START, REMOVE_END, "")


def remove_buttons(text: str) -> str:
    """Remove a food as a button beside each food's slider."""
    row = (
        '            with st.container(horizontal=True, vertical_alignment="bottom"):\n'
        '                magui.bound(servings, label, widget="slider", on_change=_rerun_day, width="stretch")\n'
        '                st.button("Remove", key=f"_rm_{ndb_no}", help=f"Take {food.label} off the list")\n'
    )
    return swap(no_remove(text), SLIDER, row)


VARIANTS = {
    "base": lambda text: text,
    "text_add": text_add,
    "no_selects_no_remove": lambda t: no_remove(presets_radio(text_add(t))),
    "no_selects_buttons": lambda t: remove_buttons(presets_radio(text_add(t))),
}


LIST_CODE = '        with st.expander("List code (part of the link)"):\n'


def remove_on_demand(text: str) -> str:
    """Remove a food drawn only once its section (with the list code) is opened."""
    text = no_remove(text)
    section = (
        '        tools = st.expander("Remove a food · list code (part of the link)", key="_diet_tools", '
        'on_change="rerun")\n'
        "        if tools.open:\n"
        '            tools.selectbox("Remove a food", list(listed.ndb_nos), index=None, key=REMOVE_KEY, '
        "format_func=_food_name, on_change=_remove_pick)\n"
        "        with tools:\n"
    )
    return swap(text, LIST_CODE, section)


VARIANTS["design"] = lambda t: remove_on_demand(presets_radio(text_add(t)))
