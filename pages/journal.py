"""/journal — placeholder until its issue lands."""

import streamlit as st

import magui

magui.page_setup("journal")
st.title("journal")
st.info("This page is being built.")
magui.footer()
