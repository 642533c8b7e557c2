"""A page's answers that are not in the link, kept for the tab while another page is open.

Streamlit forgets a widget's value when another page runs (it clears the widgets of the page left, not
bound to the URL, before the next page's script starts), so a tick given on /schedule (a kidney test's
result, a box read, a prescriber's agreement, a clinician's dose) was gone when the person came back from
another page: the plan disappeared until they ticked again, and /journal and /trial meanwhile named the
test or the box as awaited (phone review, session 55).

How they are kept, and only for the person they were given for:

- ``app.py`` calls :func:`arrive` before every page's full run (it records which page ran before);
- the page calls :func:`keep` once per full run, before any kept widget, with whom its answers are for
  (About you: an answer given for one person is not carried to another): on a return from another page
  it takes the copy of the answers as the page last drew them; otherwise none (each answer the page drew
  last is still in the session, and one it did not draw must not come back);
- before drawing a kept widget the page calls :func:`restore` (once per key, in a full run only: a
  fragment's own rerun later in the visit never brings back an answer the return did not draw), and
  after drawing it :func:`note` (so the copy is what the person last saw). A widget's change callback
  notes it too (:func:`noting`): a tick taken off in the same tap that opened another page stays off.

Never in the link: a receiver of a link still answers for themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

#: The page whose full run came before this one, and this one's (``app.py`` records both).
BEFORE, NOW_PAGE = "_kept_page_before", "_kept_page_now"
#: The answers as the kept page last drew them: :class:`Copy`.
COPY = "_kept_copy"
#: The answers to put back in this full run of the kept page: key → value, each taken once.
BACK = "_kept_back"


class Copy(NamedTuple):
    """The kept answers, and whom they were given for."""

    basis: Hashable
    values: dict[str, Any]


def arrive(url_path: str) -> None:
    """In ``app.py``, before the page runs in full: which page ran before this one."""
    st.session_state[BEFORE] = st.session_state.get(NOW_PAGE)
    st.session_state[NOW_PAGE] = url_path


def keep(page: str, basis: Hashable) -> None:
    """On the kept page, once per full run and before any kept widget: coming back from another page,
    the answers as the page last drew them, if they were given for ``basis`` (the same person)."""
    copy: Copy | None = st.session_state.get(COPY)
    returning = st.session_state.get(BEFORE) != page
    st.session_state[BACK] = (
        dict(copy.values) if returning and copy is not None and copy.basis == basis else {}
    )
    # What this run draws, from now on (a key the page no longer draws is not kept).
    st.session_state[COPY] = Copy(basis, {})


def _fragment_run() -> bool:
    """Whether this run is a fragment's own rerun (not the page's full run). Internal API: if it
    moves, every run counts as a fragment's and nothing is put back (the answers are asked again, as
    before this module); tests/test_kept_answers.py then fails loudly."""
    ctx = get_script_run_ctx()
    return ctx is None or bool(getattr(ctx, "fragment_ids_this_run", True))


def restore(key: str) -> None:
    """Just before the widget ``key`` is drawn: put back its kept answer, once, in a full run, if the
    session has none (a value the person changed since is never overwritten)."""
    back: dict[str, Any] = st.session_state.get(BACK) or {}
    if key not in back:
        return
    value = back.pop(key)
    if key not in st.session_state and not _fragment_run():
        st.session_state[key] = value


def note(key: str) -> None:
    """Just after the widget ``key`` is drawn: its value, as the copy to put back."""
    copy: Copy | None = st.session_state.get(COPY)
    if copy is not None and key in st.session_state:
        copy.values[key] = st.session_state[key]


def noting(key: str, then: Callable[[], None]) -> Callable[[], None]:
    """A change callback for the kept widget ``key``: note its new value, then ``then``."""

    def changed() -> None:
        note(key)
        then()

    return changed
