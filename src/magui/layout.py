"""Page frame: link check and notice at the top; share box and provenance at the bottom."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from maglib.links import (
    VERSION_KEY,
    Ignored,
    Param,
    check_query,
    check_version,
    code_span,
    encode_query,
    escape_markdown,
    legacy_values,
    share_url,
)
from maglib.profile import PROFILE_PARAMS
from magui.data import dataset

#: Where the hosted app lives, for share links (env var, or secrets.toml key).
BASE_URL_KEY = "PUBLIC_BASE_URL"
_PAGE_KEY = "_page_link_params"


def _raw_query() -> dict[str, list[str]]:
    return {key: list(st.query_params.get_all(key)) for key in st.query_params}


def _drop(key: str) -> None:
    with contextlib.suppress(KeyError, StreamlitAPIException):
        del st.query_params[key]


def reseed_widgets_from_url() -> None:
    """Make bound widgets seed from the cleaned URL, not the one the page loaded with.

    Streamlit seeds bound widgets from a snapshot of the URL taken at page load,
    not from ``st.query_params``, so deleting a bad value alone does not keep it
    from the widget — and an int ``number_input`` given ``inf`` raises
    OverflowError inside Streamlit (1.67 catches only ValueError/TypeError/
    IndexError there). Streamlit re-takes this snapshot from the filtered params
    after a page switch; do the same. Internal API: if it moves, Streamlit's own
    (silent) validation still applies and tests/test_hostile_links.py fails loudly.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with contextlib.suppress(AttributeError), ctx.session_state.query_params() as params:
        params.set_initial_query_params_from_current()


def _notice(ignored: Sequence[Ignored]) -> None:
    lines = [
        f"- {code_span(item.key)} = {code_span(item.value)} — {escape_markdown(item.reason)}"
        for item in ignored
    ]
    st.warning(
        "Part of this link could not be used; those settings are at their defaults.\n\n" + "\n".join(lines),
        icon=":material/link_off:",
    )


def _leave_legacy_multipage_mode() -> None:
    """Make sure app.py's navigation (and page config) is in charge.

    Streamlit 1.67 treats a ``pages/`` folder beside the entry script as a legacy
    (v1) multipage app until ``st.navigation`` has run once in the process. If the
    first request after a server start is a sub-page link (a shared
    ``/schedule?...`` on a cold server), Streamlit runs that page file directly —
    without app.py's navigation or page config — and keeps doing so for every
    session until someone opens the home page. Switch the process-wide flag off
    and rerun: app.py then runs and resolves the same page (the page hash is the
    hash of the url_path in both modes).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_setup(page: str, params: Sequence[Param] = ()) -> None:
    """Check this page's link before any widget reads it.

    Values the page cannot use are removed from the URL (so Streamlit's bound
    widgets fall back to their defaults) and listed in a visible notice. The
    profile keys are accepted on every page so the profile survives a visit
    to a page that does not show it. A link of an older version gets that
    version's defaults where it is silent.
    """
    _leave_legacy_multipage_mode()
    dataset()  # stops the page here, with a clear message, if a data file is broken
    known = {p.key: p for p in (*PROFILE_PARAMS, *params)}
    st.session_state[_PAGE_KEY] = (page, tuple(known.values()))
    raw = _raw_query()
    version, version_notes = check_version(raw)
    _, ignored = check_query(raw, list(known.values()))
    ignored = [*version_notes, *ignored]
    dropped = [item.key for item in ignored if item.key in raw]
    for key in dropped:
        _drop(key)
    if dropped:
        reseed_widgets_from_url()
    for key, value in legacy_values(version, page, list(known.values()), list(raw)).items():
        st.session_state[key] = value
    state_key = f"_ignored_{page}"
    if ignored:
        st.session_state[state_key] = ignored
    if st.session_state.get(state_key):
        _notice(st.session_state[state_key])


def _base_url() -> str:
    configured = os.environ.get(BASE_URL_KEY)
    if not configured:
        with contextlib.suppress(Exception):  # no secrets file is the normal local case
            configured = st.secrets.get(BASE_URL_KEY)
    page = st.session_state.get(_PAGE_KEY, ("", ()))[0]
    if configured:
        path = "" if page == "home" else page
        return f"{str(configured).rstrip('/')}/{path}"
    return st.context.url or f"http://localhost:8501/{'' if page == 'home' else page}"


def share_box() -> None:
    """'Share this view': the full link to this exact view, with a copy button."""
    _, params = st.session_state.get(_PAGE_KEY, ("", ()))
    values = {p.key: st.session_state[p.key] for p in params if p.key in st.session_state}
    link = share_url(_base_url(), encode_query(values, params))
    with st.expander("Share this view", icon=":material/share:"):
        st.caption(
            "Anyone who opens this link sees the same settings and results. "
            "Your journal entries are never part of a link."
        )
        st.code(link, language=None, wrap_lines=True)
    st.session_state["_share_link"] = link


def footer() -> None:
    """Share box and provenance, on every page."""
    share_box()
    st.divider()
    st.caption(
        "Not medical advice. Food values: USDA National Nutrient Database for Standard "
        "Reference, Release 28 (2016). Reference intakes and upper limits: NIH Office of "
        "Dietary Supplements / Food and Nutrition Board. Every number cites a row of "
        "`data/sources.csv` — see **Sources** for the full list."
    )


__all__ = ["VERSION_KEY", "footer", "page_setup", "reseed_widgets_from_url", "share_box"]
