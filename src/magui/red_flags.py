"""The red flags ("see a doctor instead"), shown on /schedule and /journal from data/red_flags.csv."""

from __future__ import annotations

import streamlit as st

from maglib.links import escape_markdown
from maglib.provenance import citations
from magui.data import dataset


def symptoms() -> tuple[str, ...]:
    """Each red flag's symptom, in file order (for the plan's checkpoints and exports)."""
    return tuple(str(s) for s in dataset().red_flags["symptom"])


def show() -> None:
    """A short warning listing every red flag, with the why and the sources one click away."""
    table = dataset().red_flags
    st.warning(
        "**See a doctor instead of trying magnesium if you have:**\n"
        + "\n".join(f"- {escape_markdown(s)}" for s in symptoms()),
        icon=":material/emergency:",
    )
    with st.expander("Why these need a doctor"):
        st.markdown(
            "\n".join(
                f"- **{escape_markdown(str(r.symptom))}:** {escape_markdown(str(r.why))} "
                f"{escape_markdown(str(r.action))}"
                for r in table.itertuples(index=False)
            )
        )
        found = dict.fromkeys(c for ids in table["source_ids"] for c in citations(dataset(), str(ids)))
        if found:
            st.caption("Sources: " + " · ".join(escape_markdown(c) for c in found))
