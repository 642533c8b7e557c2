"""The red flags ("see a doctor instead"), shown on /schedule and /journal from data/red_flags.csv."""

from __future__ import annotations

import streamlit as st

from maglib.data import default_data_dir
from maglib.links import escape_markdown
from maglib.provenance import citations
from magui.data import dataset


def symptoms() -> tuple[str, ...]:
    """Each red flag's symptom, in file order (for the plan's checkpoints and exports)."""
    return tuple(str(s) for s in dataset().red_flags["symptom"])


@st.cache_resource(show_spinner=False, max_entries=4)
def _texts(folder: str) -> tuple[str, str, str]:
    """(warning, why, sources) markdown, built once per data folder (read-only, shared)."""
    data = dataset()
    table = data.red_flags
    warning = "**See a doctor instead of trying magnesium if you have:**\n" + "\n".join(
        f"- {escape_markdown(s)}" for s in symptoms()
    )
    why = "\n".join(
        f"- **{escape_markdown(str(r.symptom))}:** {escape_markdown(str(r.why))} {escape_markdown(str(r.action))}"
        for r in table.itertuples(index=False)
    )
    found = dict.fromkeys(c for ids in table["source_ids"] for c in citations(data, str(ids)))
    sources = ("Sources: " + " · ".join(escape_markdown(c) for c in found)) if found else ""
    return warning, why, sources


def show() -> None:
    """A short warning listing every red flag, with the why and the sources one click away."""
    warning, why, sources = _texts(str(default_data_dir()))
    st.warning(warning, icon=":material/emergency:")
    with st.expander("Why these need a doctor"):
        st.markdown(why)
        if sources:
            st.caption(sources)
