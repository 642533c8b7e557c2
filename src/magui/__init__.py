"""magui — the thin Streamlit glue shared by the pages.

Pages import this and :mod:`maglib`; this package holds only Streamlit wiring
(cached data access, bound widgets built from :class:`maglib.links.Param`
specs, the ignored-link notice, the footer). No domain arithmetic lives here.
"""

from magui.data import dataset
from magui.evidence import cited_claim
from magui.layout import drop_from_link, footer, page_setup, share_box
from magui.widgets import bound, download_data, tick_for

__all__ = [
    "bound",
    "cited_claim",
    "dataset",
    "download_data",
    "drop_from_link",
    "footer",
    "page_setup",
    "share_box",
    "tick_for",
]
