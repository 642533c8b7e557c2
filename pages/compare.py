"""/compare — placeholder until its issue lands."""

import streamlit as st

import magui

magui.page_setup("compare")
st.title("compare")
st.info("This page is being built.")
magui.footer()
