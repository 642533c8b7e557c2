"""/sources — where every number comes from."""

from typing import Any
from urllib.parse import urlsplit

import streamlit as st

import magui
from maglib.data import FILES
from maglib.links import escape_markdown
from maglib.measures import measures_from
from maglib.provenance import sources_table


def _link(source_id: str, url: object) -> str:
    """The source's link, named by its id and site: a screen reader's list of links read "link"
    147 times (keyboard review, 2026-12-05)."""
    # data.py checks every url is http(s) without spaces; brackets are encoded so the
    # Markdown link cannot end early.
    if not isinstance(url, str) or not url:
        return "no link"
    safe = url.replace("(", "%28").replace(")", "%29")
    site = urlsplit(url).hostname or "link"
    return f"[{escape_markdown(source_id)} at {escape_markdown(site.removeprefix('www.'))}]({safe})"


def _entry(row: Any) -> str:
    cited = row.used_in or "not cited by any row yet"
    mark = "" if row.identified else " · :orange[original publication not identified]"
    return (
        f"- **{escape_markdown(row.id)}** — {escape_markdown(row.citation)} "
        f"{_link(row.id, row.url)} · accessed {escape_markdown(str(row.accessed))} · "
        f"cited by: {escape_markdown(cited)}{mark}"
    )


magui.page_setup("sources")
data = magui.dataset()

st.title("Sources")
st.write(
    "Every number in this app comes from a row of a data file in the project's `data/` "
    "folder, and every row names the sources below by id."
)
table = sources_table(data)
missing = table.loc[~table["identified"], "id"].tolist()
if missing:
    st.warning(
        "Some statements come from the product brief, whose original publication we have not "
        f"identified: {', '.join(missing)}. Treat them as guidance to discuss with a clinician, "
        "not as established fact.",
        icon=":material/help:",
    )
st.header("Evidence for each piece of advice")
st.write(
    "The plan, the calendar and the journal name these measures with their certainty in a few words; "
    "here is the evidence behind each."
)
st.markdown(
    "\n".join(
        f"- **{escape_markdown(m.measure)}** ({escape_markdown(m.certainty_words)}) — "
        f"{escape_markdown(m.summary)} Sources: {escape_markdown(m.source_ids.replace(';', ', '))}."
        for m in measures_from(data.measures).values()
    )
)

st.header("Every source")
# A reference list (text, not a data grid): long citations wrap and stay readable, screen
# readers get real text and links, and the page needs no grid component to load.
st.markdown("\n".join(_entry(row) for row in table.itertuples(index=False)))

st.header("Data files")
st.table(
    [{"file": f"data/{file}", "rows": len(getattr(data, name))} for name, file in FILES.items()],
    hide_index=True,
)
st.caption("Each file's columns, with units, are documented in `data/README.md`.")
magui.footer()
