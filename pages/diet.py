"""/diet — placeholder until its issue lands."""

import streamlit as st

import magui

magui.page_setup("diet")
st.title("diet")
st.info("This page is being built.")
magui.footer()
