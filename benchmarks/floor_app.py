"""The floor: the smallest useful Streamlit app (one slider, one text output).

Every page is measured next to this app on the same machine in the same run, so
the ratio page ÷ floor shows the page's own cost over Streamlit's fixed cost.
"""

import streamlit as st

v = st.slider("value", 0, 100, 50, key="v")
st.write(f"value: {v}")
