"""/sources through AppTest: every source listed as text with its link and who cites it."""

from __future__ import annotations

import pytest

from maglib.data import default_data_dir, load_dataset
from maglib.provenance import sources_table
from tests.conftest import all_text, assert_clean, run_page


@pytest.fixture(scope="module")
def data():
    return load_dataset(default_data_dir())


def test_every_source_is_listed_with_its_link_and_users(data):
    at = run_page("sources")
    assert_clean(at)
    listing = " ".join(m.value for m in at.markdown).replace("\\", "")
    table = sources_table(data)
    for row in table.itertuples(index=False):
        assert f"**{row.id}**" in listing
        if isinstance(row.url, str) and row.url:
            assert f"({row.url.replace('(', '%28').replace(')', '%29')})" in listing
    # Each link is named by its source and site, not "link" (keyboard review, 2026-12-05: a screen
    # reader's list of links read "link" 147 times).
    assert "[link](" not in listing
    assert "[ods-mg-hp at ods.od.nih.gov](https://ods.od.nih.gov/" in listing
    assert (
        "[smpc-antacid-erlotinib at medicines.org.uk](https://medicines.org.uk/emc/product/4880/smpc)"
        in listing
    )
    assert listing.count("original publication not identified") >= int((~table["identified"]).sum())
    assert "identified" in all_text(at)
    # The data files and their row counts, as a plain table (no data grid).
    assert len(at.dataframe) == 0 and len(at.table) == 1
    files = at.table[0].value
    assert "data/foods.csv" in set(files["file"])
    assert int(files.loc[files["file"] == "data/foods.csv", "rows"].iloc[0]) == len(data.foods)


def test_every_measure_is_listed_with_its_certainty_and_sources(data):
    at = run_page("sources")
    listing = " ".join(m.value for m in at.markdown).replace("\\", "")
    for row in data.measures.itertuples(index=False):
        assert f"**{row.measure}** ({row.certainty_words})" in listing
