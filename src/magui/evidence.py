"""One evidence.csv row shown as a caption with its sources (for claims repeated on several pages)."""

from __future__ import annotations

import streamlit as st

from maglib.links import escape_markdown
from maglib.provenance import citations
from magui.data import dataset


def source_line(source_ids: str) -> str:
    """The citations of a ``source_ids`` cell ("a;b"), each once, escaped, joined by " · "."""
    return " · ".join(escape_markdown(c) for c in dict.fromkeys(citations(dataset(), source_ids)))


def cited_claim(evidence_id: str) -> None:
    """The row's claim and its certainty, then its sources; a clear line when the row is missing."""
    table = dataset().evidence
    row = table.loc[table["evidence_id"] == evidence_id]
    if row.empty:
        st.caption(f"Evidence row `{evidence_id}` is missing from data/evidence.csv.")
        return
    first = row.iloc[0]
    found = source_line(str(first["source_ids"]))
    st.caption(
        f"{escape_markdown(str(first['claim']))} (certainty: {escape_markdown(str(first['certainty']))})"
        + (f"  \nSource: {found}" if found else "")
    )
