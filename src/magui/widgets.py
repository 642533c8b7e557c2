"""Bound widgets built from :class:`maglib.links.Param` specs.

One spec gives the widget its key, default, range and options, and gives the
link checker the same facts — they cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from maglib.links import Param


def bound(param: Param, label: str, *, widget: str | None = None, **kwargs: Any) -> Any:
    """Create the widget for ``param``, bound to the URL under ``param.key``.

    ``widget`` picks an alternative control: ``"radio"``, ``"pills"``,
    ``"segmented"`` (choice), ``"slider"`` (int/float), ``"toggle"`` (bool).
    """
    common: dict[str, Any] = {"key": param.key, "bind": "query-params", **kwargs}
    kind = param.kind
    if kind == "choice":
        options = list(param.options)
        if widget == "radio":
            return st.radio(label, options, index=options.index(param.default), **common)
        if widget in {"pills", "segmented"}:
            control = st.pills if widget == "pills" else st.segmented_control
            return control(label, options, default=param.default, **common)
        return st.selectbox(label, options, index=options.index(param.default), **common)
    if kind == "multi":
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
        return st.number_input(label, min_value=low, max_value=high, value=value, step=step, **common)
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
