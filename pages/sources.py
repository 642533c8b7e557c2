"""/sources — where every number comes from."""

import streamlit as st

import magui
from maglib.data import FILES
from maglib.provenance import sources_table

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
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config={
        "id": "Id",
        "citation": st.column_config.TextColumn("Citation", width="large"),
        "url": st.column_config.LinkColumn("Link"),
        "accessed": "Accessed",
        "used_in": "Cited by",
        "identified": st.column_config.CheckboxColumn("Original identified"),
    },
)

st.subheader("Data files")
st.dataframe(
    [{"file": f"data/{file}", "rows": len(getattr(data, name))} for name, file in FILES.items()],
    hide_index=True,
)
st.caption("Each file's columns, with units, are documented in `data/README.md`.")
magui.footer()
