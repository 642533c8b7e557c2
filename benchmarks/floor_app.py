"""The floor: the smallest useful Streamlit app (one slider, one text output).

Every page is measured next to this app on the same machine in the same run, so
the ratio page ÷ floor shows the page's own cost over Streamlit's fixed cost.

It gets the same server-side help as app.py (``magui.memory``: long-lived objects
frozen out of the garbage collector's passes; the config in .streamlit/ is shared), so the floor is the fastest a
trivial app can be here and the ratio does not flatter the app.
"""

import streamlit as st

from magui.memory import freeze_after_first_run

v = st.slider("value", 0, 100, 50, key="v")
st.write(f"value: {v}")
freeze_after_first_run("floor")
