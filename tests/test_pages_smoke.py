"""AppTest smoke test: every page runs with no exception and shows its footer."""

from __future__ import annotations

import re

import pytest

from maglib.links import foreign_names_line

from .conftest import PAGES, all_text, assert_clean, dataset, run_page


@pytest.mark.parametrize("url_path", list(PAGES))
def test_page_runs_clean(url_path):
    at = run_page(url_path)
    assert_clean(at)
    assert at.title, "every page has a title"
    assert "Not medical advice" in all_text(at)


def test_home_sends_anyone_on_a_regular_medicine_to_the_dose_plan_or_a_pharmacist():
    """The new-user review: her hepatitis C medicine and antihistamine were not in the list, so the
    list read as "your medicines are fine"."""
    warning = next(w.value for w in run_page("").warning if "not medical advice" in w.value)
    assert "any regular medicine" in warning and "hepatitis C" in warning
    assert "Dose plan" in warning and "pharmacist" in warning


def test_unknown_param_is_named_and_markup_not_rendered():
    at = run_page("", {"zz<b>x</b>": "<img src=x onerror=alert(1)>", "age": "<img/src=x/onerror=alert(2)>"})
    assert_clean(at)
    notices = [w.value for w in at.warning if "could not be used" in w.value]
    assert len(notices) == 1
    warning = notices[0]
    # A name that is not a setting is not echoed, nor its value (planning list, session 58) …
    assert "zz" not in warning and "alert(1)" not in warning
    assert foreign_names_line(1).lstrip("- ") in warning.replace("\\", "")
    # … and a setting's bad value is shown to the user, as text …
    listed = warning.split("unless a line says otherwise.", 1)[1]
    assert "`<img/src=x/onerror=alert(2)>`" in listed  # … inside a code span (rendered literally)
    outside_code = re.sub(r"(`+).*?\1", "", listed)
    assert re.search(r"[<>\[\]]", outside_code) is None


def test_broken_data_file_stops_with_named_file_row_column(tmp_path, monkeypatch):
    import shutil

    import streamlit as st

    target = tmp_path / "data"
    shutil.copytree(PAGES and __import__("tests.conftest", fromlist=["DATA"]).DATA, target)
    text = (target / "forms.csv").read_text().splitlines()
    header = text[0].split(",")
    col = header.index("bioavailability")
    cells = text[1].split(",")
    cells[col] = "Excellent"
    text[1] = ",".join(cells)
    (target / "forms.csv").write_text("\n".join(text) + "\n")
    monkeypatch.setenv("MAGLIB_DATA_DIR", str(target))
    st.cache_resource.clear()
    try:
        at = run_page("compare")
    finally:
        st.cache_resource.clear()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "data/forms.csv" in message and "row 1" in message and "bioavailability" in message


def test_home_says_where_to_start_and_lists_the_tools_in_that_order():
    """Phone review: four equal cards gave a first visit no place to start."""
    at = run_page("")
    assert_clean(at)
    links = [(p.proto.page, p.proto.label) for p in at.get("page_link")]
    assert [label for _, label in links] == [
        "1. Diet", "2. Forms", "3. Dose plan", "4. Journal", "5. On/off trial",
    ]  # fmt: skip
    assert [page for page, _ in links] == ["diet", "compare", "schedule", "journal", "trial"]
    intro = " ".join(m.value for m in at.markdown)
    assert "**New here?**" in intro and "a week before you start" in intro
    assert "Already taking it? **5. On/off trial**" in intro  # phone review, 2026-12-03


def test_home_does_not_promise_the_default_trial_a_clear_answer():
    """Phone and GP review (2026-12-04): home called the on/off trial "a firmer answer", while its
    default 3 pairs cannot reach the page's own p <= 0.05 (smallest p-value 0.25)."""
    from maglib import trial

    alpha = dataset().guidance_value("trial_alpha")
    default_pairs = int(dataset().guidance_value("trial_default_pairs"))
    assert trial.smallest_p(default_pairs) > alpha  # independently: the default shows a trend only
    text = all_text(run_page(""))
    assert f"the default {default_pairs} pairs show a trend only" in text
    assert "a firmer answer" not in text


def test_home_says_what_the_evidence_shows_before_the_tools():
    """Phone review (session 57): the evidence's verdict was on the third screen at 390 px, under the five
    cards and the safety notice."""
    at = run_page("")
    assert_clean(at)
    seen = []
    for node in at.main:
        if node.type == "page_link":
            seen.append("card")
        elif node.type in ("info", "warning", "alert"):
            seen.append("evidence" if "unlikely to prevent" in node.value else "safety")
    assert seen.index("evidence") < seen.index("card") < seen.index("safety"), seen
