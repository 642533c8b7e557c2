"""The person's clock: their browser's time zone (``st.context.timezone``), not the server's."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from maglib import clock


def now() -> dt.datetime:
    """Now, on the person's clock (the server's when the browser sent no usable zone)."""
    return clock.local_now(st.context.timezone, st.context.timezone_offset, dt.datetime.now(dt.UTC))


def today() -> dt.date:
    """Today's date where the person is."""
    return now().date()
