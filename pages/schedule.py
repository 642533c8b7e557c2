"""/schedule — placeholder until its issue lands."""

import streamlit as st

import magui

magui.page_setup("schedule")
st.title("schedule")
st.info("This page is being built.")
magui.footer()
