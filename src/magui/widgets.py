"""Bound widgets built from :class:`maglib.links.Param` specs.

One spec gives the widget its key, default, range and options, and gives the
link checker the same facts — they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import streamlit as st

from maglib.links import Param
from magui.kept import restore as restore_kept


def bound(param: Param, label: str, *, widget: str | None = None, **kwargs: Any) -> Any:
    """Create the widget for ``param``, bound to the URL under ``param.key``.

    ``widget`` picks an alternative control: ``"radio"``, ``"pills"``,
    ``"segmented"`` (choice), ``"pills"`` (multi, with no limit below the number of options),
    ``"slider"`` (int/float), ``"toggle"`` (bool).
    """
    common: dict[str, Any] = {"key": param.key, "bind": "query-params", **kwargs}
    kind = param.kind
    if kind == "choice":
        options = list(param.options)
        if widget == "radio":
            return st.radio(label, options, index=options.index(param.default), **common)
        if widget in {"pills", "segmented"}:
            control = st.pills if widget == "pills" else st.segmented_control
            # Required: a second tap on the chosen option does not leave none chosen (pharmacist review,
            # 2026-12-06: "Tablet" tapped again left the unit empty, and the link notice then named it).
            return control(label, options, default=param.default, required=True, **common)
        return st.selectbox(label, options, index=options.index(param.default), **common)
    if kind == "multi":
        if widget == "pills":
            # One tap per option (no drop-down), for a short list that may all be chosen.
            if param.max_items is not None and param.max_items < len(param.options):
                raise ValueError(f"{param.key}: pills cannot limit how many options are chosen")
            return st.pills(
                label,
                list(param.options),
                selection_mode="multi",
                default=list(param.default),  # type: ignore[call-overload]
                **common,
            )
        return st.multiselect(
            label,
            list(param.options),
            default=list(param.default),  # type: ignore[call-overload]
            max_selections=param.max_items,
            **common,
        )
    if kind in {"int", "float"}:
        cast = int if kind == "int" else float
        low = cast(param.min_value) if param.min_value is not None else None
        high = cast(param.max_value) if param.max_value is not None else None
        step = cast(param.step) if param.step is not None else cast(1)
        value = cast(param.default)  # type: ignore[operator]
        if widget == "slider":
            return st.slider(label, min_value=low, max_value=high, value=value, step=step, **common)
        return _number(param, label, low, high, value, step, common)
    if kind == "bool":
        control = st.toggle if widget == "toggle" else st.checkbox
        return control(label, value=bool(param.default), **common)
    if kind == "date":
        return st.date_input(
            label,
            value=param.default,
            min_value=param.min_date,
            max_value=param.max_date,
            **common,
        )
    if kind == "time":
        return st.time_input(label, value=param.default, **common)
    return st.text_input(label, value=str(param.default), max_chars=param.max_len, **common)


def _shown(number: float) -> str:
    # Whole numbers in full ("1,000,000", not "1e+06": adversarial review, 2026-12-05).
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,g}"


def _number(
    param: Param,
    label: str,
    low: float | None,
    high: float | None,
    value: float,
    step: float,
    common: dict[str, Any],
) -> Any:
    """A number field that says so when a typed value is out of range, instead of keeping the
    last valid value silently.

    The bounds are not given to Streamlit: its field would turn red and never send the value,
    so the page could not tell the person that their number was not used. Out of range, the
    field goes back to the last value in range before the page runs (so the address carries
    what the results use) and a warning under it names the range and the value refused. A link
    with an out-of-range value is refused by the link check before this runs; a value set
    otherwise out of range is kept in the field with the same warning, and the last one in range
    is used.
    """
    memory = f"_in_range_{param.key}"
    refused = f"_refused_{param.key}"

    def outside(number: float | None) -> bool:
        return number is None or (low is not None and number < low) or (high is not None and number > high)

    user = common.get("on_change")
    if user is None or callable(user):
        # A typed value out of range is put back to the last one in range before the page runs, so
        # the field, the address and the results agree (adversarial link review, 2026-12-05: age 150
        # typed after 15 stayed in the field and the link, the page used 15, and the link's receiver,
        # whose link check refused 150, got the default 45). The refused value is named once below.
        args, kwargs = common.get("args") or (), common.get("kwargs") or {}

        def keep_in_range() -> None:
            typed_now = st.session_state.get(param.key)
            if outside(typed_now):
                st.session_state[refused] = typed_now
                st.session_state[param.key] = st.session_state.get(memory, value)
            if callable(user):
                user(*args, **kwargs)

        common = {k: v for k, v in common.items() if k not in ("args", "kwargs")}
        common["on_change"] = keep_in_range
    typed = st.number_input(label, value=value, step=step, **common)
    allowed = (
        f"{_shown(low)} to {_shown(high)}"
        if low is not None and high is not None
        else (f"at least {_shown(low)}" if low is not None else f"at most {_shown(high)}")
    )
    if refused in st.session_state and not outside(typed):
        was = st.session_state.pop(refused)
        st.warning(
            f"{_shown(was) if was is not None else 'An empty value'} is outside what this field takes "
            f"({allowed}), so it was not used: the field is back at {_shown(typed)}.",
            icon=":material/block:",
        )
    if outside(typed):
        used = st.session_state.get(memory, value)
        st.warning(
            f"{_shown(typed) if typed is not None else 'An empty value'} is outside what this field "
            f"takes ({allowed}), so it was not used: the results use {_shown(used)}.",
            icon=":material/block:",
        )
        return used
    st.session_state[memory] = typed
    return typed


class TakenOff(NamedTuple):
    """A tick :func:`tick_for` just took off, and the basis it had been given with."""

    was: Any


def tick_for(key: str, basis: object, holds: Callable[[Any, Any], bool] | None = None) -> TakenOff | None:
    """Untick the tick ``key`` when what it was given for (``basis``: the medicines named in its
    label, the product it confirms; ``None`` while the question is not asked) changed since it was
    drawn; with ``holds`` (a pure rule: the basis it was last drawn with, the basis now → whether it
    still stands), when that rule says it no longer stands. Call before drawing it. Returns what it
    took off (with the basis it had), so the page can say why, else ``None``.

    A tick that names what it agrees to must not carry over to something else (pharmacist review,
    2026-12-04: a prescriber's agreement for proton pump inhibitors stayed ticked when a statin was
    added, its label then naming both, and the plan stayed). The value is set, not deleted: a deleted
    key left the box ticked in the browser, which sent the tick back with the next change
    (adversarial review, 2026-12-04).
    """
    if basis is not None:
        restore_kept(key)  # given before another page was opened: back first, then checked like any tick
    memo = f"_tick_for_{key}"
    was = st.session_state.get(memo)
    stands = was == basis if holds is None or basis is None else holds(was, basis)
    taken_off = None
    if not stands and st.session_state.get(key):
        st.session_state[key] = False
        taken_off = TakenOff(was)
    st.session_state[memo] = basis
    return taken_off


def _nothing() -> bytes:
    return b""


def download_data(disabled: bool, build: Callable[[], bytes | str]) -> bytes | str | Callable[[], bytes]:
    """A download button's ``data``: ``build()``, or for a disabled button nothing built and nothing served.

    Streamlit stores a disabled button's bytes all the same and sends their address to the browser, where
    it can be fetched (a calendar of doses the page holds back, e.g. for a link's tick). A callable given
    to a disabled button is never registered nor called (``url`` empty), and the file is not built:
    /schedule's calendar, spreadsheet and their file ids were ~3 ms of a dose change's server work for a
    link's receiver (py-spy). An enabled button still gets its bytes now, not on click (a deferred file
    can be evicted under load before the click arrives).
    """
    return _nothing if disabled else build()
