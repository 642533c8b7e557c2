"""/compare through AppTest: filters narrow the table, converter numbers, clear filters, links."""

from __future__ import annotations

import itertools
import json

import pytest

from maglib import forms
from maglib import safety as safe
from maglib.links import escape_markdown
from magui import journal_store

from .conftest import PAGES, all_text, assert_clean, dataset, run_page, schedule_with_box


@pytest.fixture(scope="module")
def data():
    return dataset()


def _table(at):
    # The comparison table is the first dataframe (the chart-data table view comes later).
    return at.dataframe[0].value


def _ids(at):
    return _table(at)["form_id"].tolist()


def _opened(at, *keys):
    """Open sections drawn on demand (as a click on their expander does), then rerun."""
    for key in keys:
        at.session_state[key] = True
    return at.run()


CONVERTER = "_compare_open_converter"
#: The label converter asked for 300 mg from 100 mg glycinate units: 3 units where it counts.
CONVERTER_QUERY = {
    "conv_target": "300",
    "conv_form": "Glycinate",
    "conv_mg": "100",
    "conv_basis": "Elemental magnesium",
}


def _switch(at, page: str, query: dict[str, str]):
    """Go to another page of the same visit with this query (as a link in the same tab), then rerun."""
    at.switch_page(PAGES[page])
    at.query_params.clear()
    at.query_params.update(query)
    return at.run()


def _chart_table_section(at):
    return [e for e in at.expander if e.label == "The chart data as a table"]


def _metric(at, label_start):
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def test_default_shows_every_form_with_reference_levels(data):
    at = run_page("compare")
    assert_clean(at)
    table = _table(at)
    assert table["form_id"].tolist() == data.forms["form_id"].tolist()
    rows = table.set_index("form_id")
    assert rows.loc["oxide", "bioavailability"] == "Low"
    assert rows.loc["oxide", "digestive_effects"] == "Strong laxative effect"
    assert rows.loc["citrate", "key_benefit"] == "Supports digestive regularity"
    assert rows.loc["topical", "digestive_effects"] == "None (local application)"
    assert rows.loc["glycinate", "elemental_pct"] == pytest.approx(14.1)
    text = all_text(at)
    assert "Cochrane" in text
    # No prices in the data: the page says the cost chart is partial and why.
    if data.forms["price_usd"].isna().all():
        assert "No form shown has a sourced price in the data yet" in text


def test_bioavailability_levels_say_where_they_come_from_and_how_thin_the_data_are():
    at = run_page("compare")
    assert_clean(at)
    help_text = at.get("button_group")[0].proto.help
    assert "starting comparison table" in help_text and "Variable" in help_text
    column = json.loads(at.dataframe[0].proto.columns)["bioavailability"]
    assert column["help"] == help_text


@pytest.mark.parametrize(
    ("widget", "key", "value", "check"),
    [
        ("pills", "bio", ["Low"], lambda t: set(t["bioavailability"]) == {"Low"}),
        (
            "radio",
            "gut",
            "Avoid laxative effect",
            lambda t: "citrate" not in set(t["form_id"]) and "glycinate" in set(t["form_id"]),
        ),
        (
            "radio",
            "gut",
            "Want a laxative effect",
            lambda t: {"citrate", "oxide"} <= set(t["form_id"]) and "glycinate" not in set(t["form_id"]),
        ),
        ("radio", "goal", "Sleep and night-time twitches", lambda t: "glycinate" in set(t["form_id"])),
        ("radio", "goal", "Constipation", lambda t: "citrate" in set(t["form_id"])),
        ("radio", "goal", "Localized relief", lambda t: t["form_id"].tolist() == ["topical"]),
        ("radio", "goal", "Lowest cost", lambda t: "oxide" in set(t["form_id"])),
        ("radio", "route", "Topical", lambda t: t["form_id"].tolist() == ["topical"]),
        ("radio", "route", "Oral", lambda t: "topical" not in set(t["form_id"])),
    ],
)
def test_each_filter_narrows_the_table_as_maglib_says(data, widget, key, value, check):
    at = run_page("compare")
    getattr(at, widget)(key=key).set_value(value)
    at.run()
    assert_clean(at)
    table = _table(at)
    assert check(table)
    assert len(table) < len(data.forms)
    # The same rows maglib computes for this one filter.
    filters = forms.filters_from_values(
        value if key == "bio" else [],
        value if key == "gut" else forms.ANY,
        value if key == "goal" else forms.ANY,
        value if key == "route" else forms.ANY,
    )
    assert table["form_id"].tolist() == forms.filter_forms(data.forms, filters)["form_id"].tolist()
    assert f"({len(table)} of {len(data.forms)} forms)" in all_text(at)


def test_a_filter_change_reruns_only_the_results(data):
    """Issue 18: the filters are drawn by the page and a change reruns only the results fragment
    (st.rerun with its key), so the filters and their wording are not re-sent to the browser."""
    at = run_page("compare")
    at.radio(key="gut").set_value("Avoid laxative effect")
    at.run()
    assert_clean(at)
    # The keyed rerun drew the results only: the new table and its heading ...
    expected = forms.filter_forms(
        data.forms, forms.Filters((), "Avoid laxative effect", forms.ANY, forms.ANY)
    )["form_id"].tolist()
    assert _ids(at) == expected
    assert f"({len(expected)} of {len(data.forms)} forms)" in all_text(at)
    # ... not the filters, nor Clear filters (always drawn by the page), nor the fixed headings,
    # notes and switch around the results.
    assert not [b for b in at.button if b.key == "clear_filters"]
    assert not at.radio  # goal, tolerance and route
    assert not at.button_group  # bioavailability
    assert not _chart_table_section(at)
    assert [h.value for h in at.header] == [f"Comparison table ({len(expected)} of {len(data.forms)} forms)"]
    for fixed in (
        "Goals use each form's tags",
        "Tap or click a column header to sort",
        "Tap or click a form in any chart",
    ):
        assert fixed not in all_text(at)
    # A full run of the same session draws the page with the filter as set and the same results.
    at.run()
    assert_clean(at)
    assert at.radio(key="gut").value == "Avoid laxative effect"
    assert "Filters" in [h.value for h in at.header]
    assert at.button(key="clear_filters")
    assert "Tap or click a form in any chart to highlight it everywhere" in all_text(at)
    assert _ids(at) == expected


def test_a_filter_change_to_or_from_no_match_redraws_the_page(data):
    """The fixed parts around the results (the table's note, the Charts heading, the chart-table
    switch) are drawn by the page only when some form matches: a change that crosses between
    "no match" and a match redraws the page, not just the results."""
    at = run_page("compare", {"route": "Topical"})
    assert _chart_table_section(at) and "Charts" in [h.value for h in at.header]
    at.radio(key="goal").set_value("Constipation")
    at.run()
    assert_clean(at)
    assert any("No form matches" in w.value for w in at.warning)
    assert not at.dataframe and not _chart_table_section(at) and not at.get("arrow_vega_lite_chart")
    assert "Charts" not in [h.value for h in at.header]
    assert "Tap or click a column header to sort" not in all_text(at)
    assert at.radio(key="goal").value == "Constipation"  # the whole page was drawn
    at.radio(key="route").set_value(forms.ANY)
    at.run()
    assert_clean(at)
    assert not any("No form matches" in w.value for w in at.warning)
    assert _chart_table_section(at) and "Charts" in [h.value for h in at.header]
    assert "Tap or click a column header to sort" in all_text(at)
    expected = forms.filter_forms(data.forms, forms.Filters((), forms.ANY, "Constipation", forms.ANY))
    assert _ids(at) == expected["form_id"].tolist()


def test_the_chart_data_table_follows_the_filters(data):
    at = run_page("compare")
    assert len(at.dataframe) == 1  # drawn on demand only
    assert _chart_table_section(at)
    _opened(at, "_compare_chart_table")
    assert_clean(at)
    assert at.dataframe[1].value["form"].tolist() == data.forms["form"].tolist()
    at.radio(key="route").set_value("Topical")
    at.run()  # the results fragment only: the chart table is in it
    assert_clean(at)
    assert at.dataframe[1].value["form"].tolist() == ["Topical magnesium (magnesium oil, chloride brine)"]


def test_link_reproduces_filters(data):
    at = run_page("compare", {"bio": ["High", "Moderate"], "gut": "Avoid laxative effect", "route": "Oral"})
    assert_clean(at)
    assert at.pills(key="bio").value == ["High", "Moderate"]
    assert at.radio(key="gut").value == "Avoid laxative effect"
    expected = forms.filter_forms(
        data.forms, forms.Filters(("High", "Moderate"), "Avoid laxative effect", forms.ANY, "Oral")
    )
    assert _ids(at) == expected["form_id"].tolist()
    assert "glycinate" in _ids(at) and "citrate" not in _ids(at)


def test_converter_500mg_glycinate_is_about_70mg_and_3_capsules_for_250():
    at = _opened(run_page("compare"), CONVERTER)
    assert at.selectbox(key="conv_form").value == "Glycinate"
    assert at.number_input(key="conv_mg").value == 500
    # 500 mg × 14.10 % = 70.5 mg; 250 / 70.5 = 3.5 → 3 capsules (212 mg): rounded down, like
    # the plan, never more than asked.
    assert _metric(at, "Elemental magnesium per unit") == "70.5 mg"
    # Pharmacist review: a "Magnesium 500 mg (as glycinate)" label kept at the default (compound)
    # showed "3 units", 1,500 mg if the number is the magnesium. No count until the wording is
    # confirmed (rule compound_label_check, as on the dose plan); the box is never in a link.
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    (check,) = [w.value for w in at.warning if "Check the label first" in w.value]
    assert "would suggest units that give 1500 mg of magnesium a day, above 350 mg" in check
    _confirm(at)
    assert "_conv_compound_confirm" not in at.query_params
    assert _metric(at, "Units for 250 mg") == "3 units"
    text = all_text(at)
    assert "**3 units** give **212 mg**" in text
    assert "rounded down so it never gives more than asked" in text
    assert "Supplement Facts panel declares the amount of elemental magnesium" in text


def _confirm(at):
    """Tick "My label gives the weight of the whole compound" (shown when the count needs it)."""
    at.checkbox(key="_conv_compound_confirm").check().run()
    assert_clean(at)


def _convert(at, basis, mg, target, form="Glycinate"):
    at.selectbox(key="conv_form").set_value(form)
    at.radio(key="conv_basis").set_value(basis)
    at.number_input(key="conv_mg").set_value(mg)
    at.number_input(key="conv_target").set_value(target)
    at.run()
    assert_clean(at)
    return all_text(at)


def test_converter_never_suggests_more_than_asked_or_the_upper_limit(data):
    """Issue 16 bug 3: 500 mg glycinate for 300 mg said "5 units give 352 mg" (rounded up)."""
    at = _opened(run_page("compare"), CONVERTER)
    text = _convert(at, forms.BASIS_COMPOUND, 500.0, 300.0)
    assert "**4 units**" not in text and "Check the label first" in text
    _confirm(at)
    text = all_text(at)
    assert "**4 units** give **282 mg**" in text  # 4 × 70.5; 5 units (352 mg) is above 300
    # The pharmacist's review: a "500 mg" that is really the magnesium would be 4 × 500 mg.
    assert (
        "**Check the label:** if its 500 mg is the magnesium itself ('Magnesium 500 mg (as …)', as on "
        "a US Supplement Facts panel), choose Elemental: read that way, these units would give 2000 mg, "
        "above 350 mg."
    ) in text
    assert "This count is not a plan: it does not know your medicines" in text
    assert "nor about kidney disease unless you said so on the Dose plan page in this visit" in text
    # An elemental label of 500 mg for 300 mg: one unit is too much; half a unit (250 mg) fits.
    text = _convert(at, forms.BASIS_ELEMENTAL, 500.0, 300.0)
    assert "**half a unit** gives **250 mg**" in text
    assert "Check the label:" not in text and "This count is not a plan" in text
    assert "1 units" not in text
    assert _metric(at, "Units for 300 mg") == "half a unit"
    # Above the adult upper limit for supplements (intake_reference.csv, 45-year-old woman).
    limit = float(
        data.intake_reference.query(
            "sex == 'female' and life_stage == 'general' and age_min_years <= 45 < age_max_years"
        )["mg_ul_supplemental"].iloc[0]
    )
    text = _convert(at, forms.BASIS_ELEMENTAL, 100.0, 600.0)
    units = int(limit // 100)
    assert f"**{units} units** give **{units * 100} mg**" in text
    assert f"above the most this app counts for you ({limit:.0f} mg a day: your upper limit" in text
    assert "largest daily dose" not in text
    # The UK's guidance level (400 mg) is above the hard maximum: the hard maximum sets the count,
    # and is named as such, not as "your upper limit" (review, 2026-12-04).
    uk = _opened(run_page("compare", {"refs": "UK", "age": "45", "sex": "Female"}), CONVERTER)
    # A link's UK values, not confirmed by the reader: the US values' 350 mg (rule link_set_no_lift).
    text = _convert(uk, forms.BASIS_ELEMENTAL, 100.0, 600.0)
    assert "above the most this app counts for you (350 mg a day" in text
    # Confirmed (the button on the Diet or Dose plan page):
    uk.session_state["_profile_refs_own"] = "UK"
    text = _convert(uk, forms.BASIS_ELEMENTAL, 100.0, 600.0)
    assert (
        "above the most this app counts for you (366 mg a day: the largest daily dose by mouth in the trials this app "
        "cites, below the guidance level of 400 mg a day)" in text
    )
    # Exactly one unit: singular.
    text = _convert(at, forms.BASIS_ELEMENTAL, 100.0, 100.0)
    assert "**1 unit** gives **100 mg**" in text
    assert _metric(at, "Units for 100 mg") == "1 unit"


def test_converter_elemental_to_compound_and_other_form():
    at = _opened(run_page("compare"), CONVERTER)
    at.radio(key="conv_basis").set_value(forms.BASIS_ELEMENTAL)
    at.number_input(key="conv_mg").set_value(100.0)
    at.run()
    assert_clean(at)
    # 100 mg elemental as glycinate (14.10 %) = 100 / 0.141 ≈ 709 mg of compound.
    assert _metric(at, "Compound weight per unit") == "709 mg"
    assert _metric(at, "Units for 250 mg") == "2 units"  # 3 × 100 mg would be above 250
    at.selectbox(key="conv_form").set_value("Oxide")
    at.radio(key="conv_basis").set_value(forms.BASIS_COMPOUND)
    at.number_input(key="conv_mg").set_value(400.0)
    at.number_input(key="conv_target").set_value(300.0)
    at.run()
    _confirm(at)  # one "400 mg" tablet read as magnesium would be 400 mg, above 350
    # 400 mg MgO × 60.30 % = 241.2 mg; 300 mg: 1 tablet (2 would give 482 mg).
    assert _metric(at, "Elemental magnesium per unit") == "241.2 mg"
    assert _metric(at, "Units for 300 mg") == "1 unit"


def test_own_product_cost():
    at = _opened(run_page("compare"), "_compare_open_cost")
    # No price yet: a prompt in plain type, not a metric (a huge "enter price…" read as a result).
    assert not [m for m in at.metric if "Your product" in m.label]
    assert any("Enter the pack price" in i.value for i in at.info)
    at.number_input(key="my_price").set_value(15.0)
    at.number_input(key="my_units").set_value(120)
    at.number_input(key="my_mg").set_value(100.0)
    at.run()
    assert_clean(at)
    # $15 / (120 × 100 mg) × 100 mg = $0.125 per 100 mg elemental.
    assert _metric(at, "Your product") == "0.125"


def test_empty_result_offers_clear_filters(data):
    at = run_page("compare", {"route": "Topical", "goal": "Constipation"})
    assert_clean(at)
    assert not at.dataframe
    assert any("No form matches" in w.value for w in at.warning)
    at.button(key="clear_filters").click()
    at.run()
    assert_clean(at)
    assert at.radio(key="route").value == forms.ANY
    assert at.radio(key="goal").value == forms.ANY
    assert len(_table(at)) == len(data.forms)


def test_clear_filters_is_always_there_and_harmless_with_no_filter_set(data):
    """Clear filters is drawn by the page whatever the filters (so a filter change does not make
    it appear or vanish); with nothing set, a click leaves every filter and the table as they were."""
    at = run_page("compare")
    assert_clean(at)
    at.button(key="clear_filters").click()
    at.run()
    assert_clean(at)
    assert at.pills(key="bio").value == []
    for key in ("gut", "goal", "route"):
        assert at.radio(key=key).value == forms.ANY
    assert len(_table(at)) == len(data.forms)


def test_clear_filters_also_clears_bioavailability(data):
    at = run_page("compare", {"bio": "Low", "gut": "Avoid laxative effect"})
    assert not at.dataframe  # no low-bioavailability form is gentle
    at.button(key="clear_filters").click()
    at.run()
    assert at.pills(key="bio").value == []
    assert len(_table(at)) == len(data.forms)


def test_side_by_side_shows_chosen_forms_with_citations():
    at = run_page("compare", {"side": ["Oxide", "Topical (oil, flakes)", "Malate"]})
    assert_clean(at)
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert headings == [
        "### Magnesium oxide",
        "### Topical magnesium \\(magnesium oil, chloride brine\\)",
        "### Magnesium malate",
    ]
    text = all_text(at)
    assert "Firoz M, Graber M" in text and "Gröber U" in text
    assert "weak evidence" in text  # malate's energy claim is "Insufficient"
    # Phone review (session 62): the short facts side by side in one table, the full details a tab a form.
    (table,) = at.table
    assert list(table.value.columns) == ["Oxide", "Topical (oil, flakes)", "Malate"]
    assert table.value.loc["Laxative effect", "Oxide"] == "strong"
    assert [t.label for t in at.tabs] == ["Oxide", "Topical (oil, flakes)", "Malate"]
    assert [m.value for m in at.tabs[0].markdown if m.value.startswith("### ")] == ["### Magnesium oxide"]
    # The limits of each authority once, not a form each.
    assert text.count("The limits for magnesium from supplements differ between authorities") == 1


def test_evidence_section_shows_certainty_and_citations(data):
    at = _opened(run_page("compare"), "_compare_open_evidence")
    text = all_text(at)
    for label in (
        "Absorption studies",
        "Night\\-time leg cramps",
        "Restless legs",
        "Leg cramps in pregnancy",
    ):
        assert f"**{label}**" in text, label
    assert "Certainty: Insufficient — weak evidence" in text
    assert "Certainty: Very low — weak evidence" in text
    assert "Garrison SR" in text and "Walker AF" in text


def test_every_gut_goal_route_combination_runs_clean(data):
    """All 54 tolerance × goal × route combinations, each with a different bioavailability set."""
    at = run_page("compare")
    bio_sets = itertools.cycle(
        [[], ["High"], ["Low", "Variable"], ["Moderate"], ["High", "Moderate", "Low", "Variable"]]
    )
    for gut, goal, route in itertools.product(forms.GUT.options, forms.GOAL.options, forms.ROUTE.options):
        bio = next(bio_sets)
        at.pills(key="bio").set_value(bio)
        at.radio(key="gut").set_value(gut)
        at.radio(key="goal").set_value(goal)
        at.radio(key="route").set_value(route)
        at.run()
        assert_clean(at)
        expected = forms.filter_forms(data.forms, forms.Filters(tuple(bio), gut, goal, route))
        if expected.empty:
            assert not at.dataframe, (bio, gut, goal, route)
            assert any("No form matches" in w.value for w in at.warning), (bio, gut, goal, route)
        else:
            assert _ids(at) == expected["form_id"].tolist(), (bio, gut, goal, route)
        # A filter change reran only the results fragment, and AppTest keeps only what it drew
        # (a browser keeps the filters): redraw the page to reach the filters again.
        at.run()
        assert at.button(key="clear_filters")  # always there, match or not


def _details(at):
    return [e for e in at.expander if e.label == "Form details"]


DETAILS = "_compare_open_details"


def test_details_picker_opens_a_form_and_is_in_the_link():
    """The details are a section drawn on demand: closed, it draws no picker (no drop-down code
    for a first visit); opened, its picker opens a form's details, and the pick is in the link."""
    at = run_page("compare")
    assert_clean(at)
    assert _details(at) and not [w for w in at.selectbox if w.key == "detail"]
    _opened(at, DETAILS)
    assert at.selectbox(key="detail").value == forms.NO_FORM
    assert "Key benefit:" not in all_text(at)  # nothing picked yet
    at.selectbox(key="detail").set_value("Oxide").run()
    assert_clean(at)
    assert "**Magnesium oxide**" in all_text(at) and "Key benefit:" in all_text(at)
    # Bound to the link (the browser share-link tests round-trip every declared param).
    assert "detail" in [param.key for param in at.session_state["_page_link_params"][1]]
    # A link with the picked form opens the section on the same details.
    linked = run_page("compare", {"detail": "Citrate"})
    assert linked.selectbox(key="detail").value == "Citrate"
    assert "**Magnesium citrate**" in all_text(linked)
    # A link of version 11 or before named it "form" (and the converter's dose "target_mg", the Dose plan's
    # keys too): read as today's keys, no notice, and the address says them so.
    old = run_page("compare", {"form": "Citrate", "target_mg": "300", "v": "11"})
    assert_clean(old)
    assert old.selectbox(key="detail").value == "Citrate" and old.number_input(key="conv_target").value == 300
    assert "Part of this link could not be used" not in all_text(old)
    assert "form" not in old.query_params and "target_mg" not in old.query_params
    # A form the filters hide is named, not shown.
    hidden = run_page("compare", {"detail": "Topical (oil, flakes)", "route": "Oral"})
    assert "Key benefit:" not in all_text(hidden)
    assert "is not among the forms these filters show" in all_text(hidden)


def test_a_disputed_bioavailability_is_marked_in_the_table_and_explained_in_the_details(data):
    """Glycinate is "High" in the starting table, lower in Walker 2003 and no better than oxide in
    Schuette 1994: the table says "High (disputed)", and its details say which reading the app uses."""
    at = run_page("compare")
    rows = _table(at).set_index("form_id")
    assert rows.loc["glycinate", "bioavailability"] == "High (disputed)"
    assert rows.loc["malate", "bioavailability"] == "High (unverified)"
    assert rows.loc["citrate", "bioavailability"] == "High"
    assert "(disputed)" in json.loads(at.dataframe[0].proto.columns)["bioavailability"]["help"]
    glycinate = run_page("compare", {"detail": "Glycinate"})
    assert_clean(glycinate)
    text = all_text(glycinate)
    reading = data.forms.set_index("form_id").loc["glycinate", "bioavailability_reading"]
    assert "Which bioavailability the app uses:" in text and escape_markdown(reading) in text
    citrate = run_page("compare", {"detail": "Citrate"})
    assert "Which bioavailability the app uses:" not in all_text(citrate)


def _chart(at):
    return (at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart"))[0].proto


def test_a_filter_change_keeps_the_chart_spec_and_changes_its_rows_and_caption(data):
    """The browser keeps its chart view when only the rows change (no recompile per filter)."""
    at = run_page("compare")
    before = _chart(at)
    spec_before, rows_before = before.spec, before.data.data
    at.radio(key="route").set_value("Topical")
    at.run()
    assert_clean(at)
    after = _chart(at)
    assert after.spec == spec_before
    assert after.data.data != rows_before
    assert "for 1 form: Topical magnesium" in all_text(at) and "for 1 forms" not in all_text(at)
    assert f"for {len(data.forms)} forms" not in all_text(at)


def _selection_value(at):
    return json.loads(_chart(at).spec)["params"][0].get("value")


def test_the_picked_form_starts_the_chart_highlight_and_a_hidden_one_does_not():
    assert _selection_value(run_page("compare")) is None
    linked = run_page("compare", {"detail": "Citrate"})
    assert _selection_value(linked) == [{"form_id": "citrate"}]
    # Picking in the list moves it; the filters keep it while the form is shown.
    linked.selectbox(key="detail").set_value("Oxide").run()
    assert _selection_value(linked) == [{"form_id": "oxide"}]
    linked.radio(key="route").set_value("Oral").run()
    assert _selection_value(linked) == [{"form_id": "oxide"}]
    # A form the filters hide is not highlighted (no chart mark to highlight).
    hidden = run_page("compare", {"detail": "Topical (oil, flakes)", "route": "Oral"})
    assert _selection_value(hidden) is None


def test_an_out_of_range_number_says_it_was_not_used():
    """Issue 16 bug 5: a target of 5000 turned the field red and the page went on silently
    with the last valid value."""
    at = _opened(run_page("compare"), CONVERTER)
    _confirm(at)
    at.number_input(key="conv_target").set_value(300.0).run()
    at.number_input(key="conv_target").set_value(5000.0).run()
    assert_clean(at)
    [warning] = [w.value for w in at.warning if "was not used" in w.value]
    assert "5,000 is outside what this field takes (1 to 2,000)" in warning
    # The field (and so the link) goes back to the value used (adversarial link review, 2026-12-05).
    assert "the field is back at 300" in warning and at.number_input(key="conv_target").value == 300
    assert _metric(at, "Units for 300 mg")  # the result is for the value used, and says so
    at.run()  # said once
    assert not [w for w in at.warning if "was not used" in w.value]
    at.number_input(key="conv_target").set_value(250.0).run()
    assert not [w for w in at.warning if "was not used" in w.value]
    assert _metric(at, "Units for 250 mg") == "3 units"


def test_plain_words_instead_of_the_product_brief():
    """Issue 16: "The product brief's guidance … (original publication not identified)" again and
    again; nobody knows what the product brief is. Said once, in plain words."""
    at = run_page("compare", {"detail": "Glycinate", "side": ["Glycinate", "Malate", "Citrate"]})
    assert_clean(at)
    text = all_text(at)
    table = " ".join(str(v) for v in _table(at).to_numpy().ravel())
    for shown in (text, table):
        assert "product brief" not in shown.lower()
        assert "original publication not identified" not in shown
    assert text.count("are the comparison table and guidance this app was built from") == 1
    assert "starting notes" in text.lower()  # where a claim rests on them, it says so
    # Reviewer (session 57): "The app's starting notes contradicts itself" in the oxide evidence.
    oxide = all_text(run_page("compare", {"detail": "Oxide"}))
    assert "starting notes contradict themselves" in oxide and "notes contradicts" not in oxide


@pytest.mark.parametrize("query", [{"age": "2"}, {"age": "15"}, {"age": "2", "refs": "EU"}])
def test_converter_counts_no_tablets_for_children(query):
    """Pharmacist review: the converter counted 6 oxide tablets (1,809 mg) for a 2-year-old."""
    at = run_page("compare", {**query, "conv_target": "2000", "conv_form": "Oxide"})
    assert_clean(at)
    text = all_text(at)
    assert "counts no tablets" in text and "units give" not in text and "unit gives" not in text


def test_converter_counts_no_tablets_from_75():
    """Link review (2026-12-05): at 80 the converter counted "1 unit gives 350 mg" a day while
    /schedule makes no plan from 75 until a normal kidney test is confirmed there (rule
    kidney_check_prompt_age); at 74 it still counts."""
    query = {"conv_basis": "Elemental magnesium", "conv_mg": "350", "conv_target": "350"}
    old = run_page("compare", {**query, "age": "80"})
    assert_clean(old)
    text = all_text(old)
    assert "From 75 the converter counts no tablets" in text and "unit gives" not in text
    younger = all_text(run_page("compare", {**query, "age": "74"}))
    assert "**1 unit** gives **350 mg** of elemental magnesium" in younger and "From 75" not in younger


def test_converter_counts_no_tablets_after_kidney_disease_on_the_dose_plan_page():
    """Pharmacist review (2026-12-04): with kidney disease ticked, /schedule made no plan, yet the
    converter still counted tablets up to the adult limit (rule kidney_no_plan)."""
    query = CONVERTER_QUERY
    at = run_page("schedule", {"screened": "true", "kidney": "true"})
    at.session_state[CONVERTER] = True
    at = _switch(at, "compare", query)
    assert_clean(at)
    text = all_text(at)
    assert safe.KIDNEY_CONVERTER_WORDS in " ".join(i.value for i in at.info)
    assert "units give" not in text and "unit gives" not in text
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    # Unticked there: the count comes back.
    _switch(at, "schedule", {"screened": "true", "kidney": "true"})
    at.checkbox(key="kidney").uncheck().run()
    _switch(at, "compare", query)
    assert _metric(at, "Units for 300 mg") == "3 units"
    assert safe.KIDNEY_CONVERTER_WORDS not in all_text(at)


def _converter_after_schedule(at):
    """From the Dose plan page to /compare's converter (open, CONVERTER_QUERY) in the same visit: the page
    and its info notes' text."""
    at.session_state[CONVERTER] = True
    at = _switch(at, "compare", CONVERTER_QUERY)
    assert_clean(at)
    return at, " ".join(i.value for i in at.info)


def test_converter_counts_no_tablets_while_the_dose_plan_page_waits_for_a_prescriber():
    """Pharmacist review (2026-12-06): on a thiazide with no prescriber's agreement, /journal said to take
    no magnesium until they agree, yet the converter counted 3 units for 250 mg. With the agreement
    ticked on the Dose plan page, the count comes back."""
    query = CONVERTER_QUERY
    waiting = {"screened": "true", "meds": "Thiazide diuretics"}
    at, said = _converter_after_schedule(run_page("schedule", waiting))
    assert (
        "The converter counts no tablets while the Dose plan page waits for the doctor who prescribes your "
        "thiazide diuretics to agree to magnesium: take no magnesium supplement until they agree." in said
    )
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    _switch(at, "schedule", waiting)
    at.checkbox(key="prescriber_confirm").check().run()
    _switch(at, "compare", query)
    assert _metric(at, "Units for 300 mg") == "3 units"


def test_converter_counts_no_tablets_while_a_combinations_box_waits():
    """Rule combination_box_read (session 53's planning list): with "Candesartan Comp" unread, the Dose plan
    page makes no plan, yet the converter counted 3 units for 300 mg. None now, with the reason; the
    box ticked as read brings the count back."""
    at = schedule_with_box()
    at, said = _converter_after_schedule(at)
    assert safe.BOX_CONVERTER_WORDS in said
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    read = schedule_with_box(read=True)
    read, said = _converter_after_schedule(read)
    assert safe.BOX_CONVERTER_WORDS not in said
    assert _metric(read, "Units for 300 mg") == "3 units"


def test_a_blood_pressure_medicine_waiting_for_its_kidney_test_stops_converter_journal_and_trial():
    """Rule kidney_check_medicine (pharmacist review, 2026-12-06): at 58 on amlodipine with no kidney test
    said, the Dose plan page makes no plan; the label converter, the journal's dose check and /trial wait
    with it (as they do from 75), each naming the medicine; the tick brings all three back."""
    query = CONVERTER_QUERY
    waiting = {"age": "58", "screened": "true", "meds": "Calcium-channel blockers (blood pressure, angina)"}
    at = run_page("schedule", waiting)
    assert not at.dataframe
    at, said = _converter_after_schedule(at)
    assert (
        "The converter counts no tablets while the Dose plan page waits for a kidney blood test: you take "
        "calcium-channel blockers (blood pressure, angina), and NICE advises a kidney blood test for people "
        "with diabetes, high blood pressure, heart disease or an enlarged prostate, and a yearly one for anyone taking "
        "lithium or anti-inflammatory painkillers (NSAIDs) long-term. It counts them once you confirm that a recent "
        "kidney blood test showed an eGFR of 60 or more on the Dose plan page." in said
    )
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    at = _switch(at, "journal", {})
    assert_clean(at)
    assert any(
        e.value.startswith(
            "**Before you log a magnesium dose:** the Dose plan page makes no plan until you confirm"
        )
        and "you take calcium-channel blockers (blood pressure, angina), and NICE advises" in e.value
        for e in at.error
    )
    at = _switch(at, "trial", {})
    assert_clean(at)
    assert any(
        e.value.startswith("**No on/off trial yet: the Dose plan page makes no plan until you confirm")
        for e in at.error
    )
    # The tick on the Dose plan page: a plan, and the three come back.
    _switch(at, "schedule", waiting)
    at.checkbox(key="kidney_test_normal").check().run()
    assert at.dataframe
    assert at.session_state[journal_store.KIDNEY_TEST_WAITS] == ()
    _switch(at, "journal", {})
    assert not any("Before you log a magnesium dose" in e.value for e in at.error)
    _switch(at, "trial", {})
    assert not any("No on/off trial yet" in e.value for e in at.error)
    # /compare last: leaving it a second time raised inside AppTest (its form picker's widget state).
    _switch(at, "compare", query)
    assert _metric(at, "Units for 300 mg") == "3 units"


def test_converter_stops_at_the_hard_maximum_and_checks_the_label():
    uk = run_page(
        "compare",
        {"refs": "UK", "conv_target": "2000", "conv_mg": "100", "conv_basis": forms.BASIS_ELEMENTAL},
    )
    assert "**3 units** give **300 mg**" in all_text(uk)  # 366 mg cap (UK guidance level 400)
    glycinate = run_page("compare", {"conv_target": "350", "conv_mg": "120"})  # compound: 17 mg each
    assert any("Check the label before taking this" in e.value for e in glycinate.error)


SECTIONS = {
    "_compare_open_cost": ("my_price", "Your product: US$ per 100 mg elemental"),
    "_compare_open_converter": ("conv_mg", "Elemental magnesium per unit"),
    "_compare_open_side": ("side", None),
    "_compare_open_evidence": (None, None),
}


def test_sections_below_the_charts_are_drawn_only_once_opened():
    """Issue 18: the page is redrawn whole on every filter change, so the sections below the
    charts wait, closed, until opened; a closed section draws none of its inputs."""
    at = run_page("compare")
    assert_clean(at)
    keys = {w.key for w in at.number_input} | {w.key for w in at.multiselect} | {w.key for w in at.radio}
    assert keys.isdisjoint({"my_price", "my_units", "my_mg", "conv_mg", "conv_target", "side", "conv_basis"})
    assert "Garrison SR" not in all_text(at)  # a citation of the evidence section only
    _opened(at, *SECTIONS)
    assert_clean(at)
    assert at.number_input(key="my_price") and at.number_input(key="conv_mg")
    assert at.multiselect(key="side").value == ["Glycinate", "Citrate"]
    assert "Garrison SR" in all_text(at)


@pytest.mark.parametrize(
    "query",
    [
        {"my_price": "15", "my_units": "120", "my_mg": "100"},
        {"conv_mg": "100", "conv_basis": forms.BASIS_ELEMENTAL},
        {"side": ["Oxide", "Malate"]},
    ],
)
def test_a_link_with_a_section_s_inputs_opens_that_section(query):
    """Every view is a link: a link that sets a section's inputs opens it with those inputs."""
    at = run_page("compare", query)
    assert_clean(at)
    for key, value in query.items():
        widget = next(w for kind in (at.number_input, at.radio, at.multiselect) for w in kind if w.key == key)
        expected = value if not isinstance(value, str) or isinstance(widget.value, str) else float(value)
        assert widget.value == expected, key


def test_the_table_shows_what_people_compare_first_beside_the_pinned_name():
    """Phone review: at 390 px the grid showed only Form and Route; absorption, magnesium per dose
    and price now come right after the pinned name, and the route (oral for all but one) last."""
    at = run_page("compare")
    assert_clean(at)
    proto = at.dataframe[0].proto
    # No form has a sourced price yet: no column of empty cells (phone review: "None" in every row).
    assert list(proto.column_order)[:4] == ["form", "bioavailability", "elemental_pct", "digestive_effects"]
    assert "cost_per_100mg_usd" not in proto.column_order
    assert list(proto.column_order)[-1] == "route"
    form = json.loads(proto.columns)["form"]
    assert form["pinned"] is True and form["width"] == 150


def test_the_table_names_forms_without_the_shared_word_in_a_narrow_pinned_column(data):
    """Phone review: at 390 px the pinned name column (200 px) showed "Magnesium glycinate
    (bisglycinat…" and left room only for the bioavailability. Every row is magnesium: the table
    names each form without the word, in a pinned column that leaves the elemental % in view, and
    says where the full name is."""
    at = run_page("compare")
    assert_clean(at)
    shown = _table(at).set_index("form_id")["form"]
    assert shown["glycinate"] == "Glycinate (bisglycinate)"
    assert shown["threonate"] == "L-threonate"
    assert shown["topical"] == "Topical (oil, chloride brine)"
    assert not [name for name in shown if "magnesium" in name.lower()]
    # Each shown name is the data's full name less the shared word, in the data's order.
    full = data.forms.set_index("form_id")["form"]
    assert [forms.short_name(full[i]) for i in shown.index] == shown.tolist()
    assert shown.index.tolist() == data.forms["form_id"].tolist()
    column = json.loads(at.dataframe[0].proto.columns)["form"]
    assert column["pinned"] is True
    assert isinstance(column["width"], int) and column["width"] <= 160
    assert "full name" in column["help"] and "magnesium" in column["help"]
    # The full name is in the form's details.
    linked = run_page("compare", {"detail": "Citrate"})
    assert "**Magnesium citrate**" in all_text(linked)
    # A filter keeps the short names; the chart data table (its own view) keeps the full ones.
    at.radio(key="route").set_value("Topical").run()
    assert _table(at)["form"].tolist() == ["Topical (oil, chloride brine)"]


def test_a_compound_count_that_stays_within_the_limit_needs_no_confirmation():
    """The check asks only when a misread label would pass the limit: 100 mg glycinate for 30 mg
    (2 units = 28 mg; read as magnesium, 200 mg, within 350) is counted at once."""
    at = _opened(run_page("compare"), CONVERTER)
    text = _convert(at, forms.BASIS_COMPOUND, 100.0, 30.0)
    assert not [c for c in at.checkbox if c.key == "_conv_compound_confirm"]
    assert _metric(at, "Units for 30 mg") == "2 units" and "Check the label first" not in text
    linked = run_page("compare", {"_conv_compound_confirm": "true"})
    assert "not a setting of this page" in all_text(linked)


def test_the_price_column_shows_once_a_form_has_a_price(tmp_path, monkeypatch):
    """The same table with one priced form (a copy of the data): the price follows the magnesium %."""
    import shutil

    import pandas as pd
    import streamlit as st

    from tests.conftest import DATA

    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    frame = pd.read_csv(target / "forms.csv", dtype=str, keep_default_na=False)
    frame.loc[0, ["price_usd", "units_per_pack", "elemental_mg_per_unit"]] = ["12.00", "120", "100"]
    frame.to_csv(target / "forms.csv", index=False)
    monkeypatch.setenv("MAGLIB_DATA_DIR", str(target))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = run_page("compare")
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
    assert_clean(at)
    order = list(at.dataframe[0].proto.column_order)
    assert order[:4] == ["form", "bioavailability", "elemental_pct", "cost_per_100mg_usd"]


def test_a_goal_that_rests_only_on_the_starting_notes_says_so(data):
    """Phone review (2026-12-04): "Sleep and night-time twitches" kept glycinate as if its sleep benefit
    were shown; only the app's starting notes claim it (key_benefit_status unverified)."""
    assert forms.unverified_goals(data.forms) == (
        "Sleep and night-time twitches",
        "Fatigue and muscle pain",
        "Localized relief",
        "Lowest cost",  # oxide's "Inexpensive": no price in the data (reviewer, session 57)
    )
    at = run_page("compare", {"goal": "Sleep and night-time twitches"})
    assert_clean(at)
    assert (
        "**Sleep and night-time twitches:** the forms kept for this goal rest on a benefit only"
        in all_text(at)
    )
    help_text = at.radio(key="goal").proto.help
    assert "Unverified" in help_text and "Localized relief" in help_text and "Constipation" not in help_text
    sourced = run_page("compare", {"goal": "Constipation"})
    assert "the forms kept for this goal rest on a benefit only" not in all_text(sourced)


def test_a_forms_details_show_the_limit_of_the_viewers_reference_values():
    """Pharmacist review (2026-12-04): with the EU values chosen, a form's details said only "the upper
    limit for magnesium from supplements is 350 mg/day (ODS)" (the data's US figure)."""
    eu = run_page("compare", {"detail": "Citrate", "refs": "EU"})
    assert_clean(eu)
    text = all_text(eu).replace("\\", "")
    assert "350 mg/day (ODS)" in text  # the data's own sentence stays, with its source
    assert "**Your limit:** upper limit 250 mg a day from supplements (EU reference values, age 45; " in text
    us = all_text(run_page("compare", {"detail": "Citrate"})).replace("\\", "")
    assert "**Your limit:** upper limit 350 mg a day from supplements (US reference values, age 45; " in us


def test_the_visits_profile_from_another_page_goes_into_this_pages_link():
    """Adversarial link review (2026-12-05): a 15-year-old's profile set on /diet reached /compare's
    converter ("counts no tablets") but not its address, so the shared link opened the adult converter."""
    at = run_page("diet", {"age": "15"})
    at.switch_page(PAGES["compare"])
    at.query_params.clear()
    at.query_params.update({"conv_target": "300"})
    at = _opened(at, CONVERTER)
    assert_clean(at)
    assert at.query_params.get("age") in ("15", ["15"])
    sender = all_text(at)
    receiver = _opened(run_page("compare", dict(at.query_params)), CONVERTER)
    assert_clean(receiver)
    assert "Under 18" in sender and "Under 18" in all_text(receiver)
    # Nothing to carry: the link stays as it came.
    plain = run_page("compare", {"conv_target": "300"})
    assert "age" not in plain.query_params


def test_a_links_profile_on_compare_carries_to_the_next_page():
    """Adversarial review (2026-12-05): /compare?age=15&sex=Male then Dose plan showed age 45, and back
    on Compare the address had lost the age (the adult converter again)."""
    at = run_page("compare", {"age": "15", "sex": "Male"})
    assert_clean(at)
    at.switch_page(PAGES["schedule"])
    at.query_params.clear()
    at.run()
    assert_clean(at)
    assert at.number_input(key="age").value == 15 and at.radio(key="sex").value == "Male"
    at.switch_page(PAGES["compare"])
    at.query_params.clear()
    at.run()
    assert at.query_params.get("age") in ("15", ["15"]) and at.query_params.get("sex") in ("Male", ["Male"])


def test_form_cards_name_their_upper_limit_as_the_us_one():
    """Pharmacist review (2026-12-05): with UK values a card said "the upper limit … is 350 mg/day
    (ODS)" beside "Your limit: guidance level 400 mg a day": the 350 is the US value."""
    text = all_text(run_page("compare", {"refs": "UK", "detail": "Glycinate"})).replace("\\", "")
    assert (
        "the US upper limit for magnesium from supplements is 350 mg/day (ODS); UK and EU values differ"
        in text
    )
    assert "Adults: the upper limit for magnesium" not in text


def test_converter_says_when_it_counts_for_the_starting_age():
    """Adversarial re-review (2026-12-05): /compare opened without an age counted tablets for the
    profile's starting age (45) without saying so."""
    query = {"conv_basis": "Elemental magnesium", "conv_mg": "100", "conv_target": "300"}
    bare = all_text(run_page("compare", query))
    assert "**3 units** give **300 mg**" in bare
    assert "It counts for age 45, the starting age: no age was given in this visit." in bare
    given = all_text(run_page("compare", {**query, "age": "45"}))
    assert "**3 units** give **300 mg**" in given and "the starting age" not in given
    # A notice names it; since session 62 the starting age standing in for it counts nothing (rule
    # link_screen_incomplete: "eighty" is a reader's, who may be past 75).
    unread = all_text(run_page("compare", {**query, "age": "eighty"}))
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS in unread and "give **300 mg**" not in unread


def test_a_childs_limit_names_the_set_it_comes_from():
    """Re-review (2026-12-06): under 18 the limit is the lowest the sets give (rule child_lowest_limit), but
    /compare called a 6-year-old's US 110 mg the EU's, and a 15-year-old's EU 250 mg the US's."""
    child = all_text(run_page("compare", {"age": "6", "refs": "EU", "detail": "Glycinate"})).replace("\\", "")
    assert "**Your limit:** upper limit 110 mg a day from supplements (US reference values, age 6;" in child
    assert "110 mg a day (US), below the EU's 250 mg" in child
    teen = all_text(run_page("compare", {"age": "15", "detail": "Glycinate"})).replace("\\", "")
    assert "**Your limit:** upper limit 250 mg a day from supplements (EU reference values, age 15;" in teen
    adult = all_text(run_page("compare", {"age": "30", "refs": "EU", "detail": "Glycinate"})).replace(
        "\\", ""
    )
    assert "(EU reference values, age 30;" in adult and "below the" not in adult


def test_the_converter_counts_no_units_of_a_topical_form_and_warns_of_a_laxative_one():
    """Reviewer (session 57): magnesium oil at 50 mg a unit was "5 units give 250 mg", though its row's
    review finds absorption through the skin unsupported; Epsom salt at 100 mg was "3 units give 300 mg"
    with no word that its row gives no daily supplement dose. A topical form gets no count, as the Dose
    plan makes no plan of it; a laxative form's count comes with its row's words."""
    oil = _opened(
        run_page("compare", {**CONVERTER_QUERY, "conv_form": "Topical (oil, flakes)", "age": "40"}), CONVERTER
    )
    assert_clean(oil)
    text = all_text(oil)
    assert "units give" not in text and "unit gives" not in text
    assert not [m for m in oil.metric if m.label.startswith("Units for")]
    assert "Topical magnesium is not part of the oral plan" in " ".join(i.value for i in oil.info)
    for form, laxative in (("Sulfate", True), ("Hydroxide", True), ("Citrate", False)):
        at = _opened(run_page("compare", {**CONVERTER_QUERY, "conv_form": form, "age": "40"}), CONVERTER)
        assert_clean(at)
        assert "3 units** give **300 mg**" in all_text(at), form
        warned = [w.value for w in at.warning if "not that it suits a daily supplement" in w.value]
        assert bool(warned) is laxative, form
        if laxative:
            assert "saline laxative" in warned[0].lower(), form


@pytest.mark.parametrize(("form", "source"), [("Oxide", "Roguin Maor"), ("Citrate", "Frusso")])
def test_a_forms_details_show_its_cramp_trials_that_found_no_benefit(form, source):
    """Reviewer (session 57): oxide's and citrate's details showed absorption and diarrhoea only, while
    glycinate's showed its one positive pregnancy trial; Roguin Maor 2017 (oxide) and Frusso 1999 (citrate),
    both no better than placebo for night cramps, were in sources.csv but cited by no row."""
    at = run_page("compare", {"detail": form})
    assert_clean(at)
    text = all_text(at)
    assert (
        "no significant difference from placebo" in text or "no difference from placebo" in text
    ) and source in text


def test_lowest_cost_says_there_is_no_price_to_sort_by(data):
    """Reviewer (session 57): "Lowest cost … sorts them by cost per 100 mg" with no price in the data."""
    assert not forms.any_priced(data.forms)
    at = run_page("compare", {"goal": "Lowest cost"})
    assert_clean(at)
    (caption,) = [c.value for c in at.caption if "**Lowest cost**" in c.value]
    assert "no sourced price for any form yet, so there is nothing to sort by" in caption
    priced = data.forms.assign(price_usd=[10.0] + [None] * (len(data.forms) - 1))
    assert forms.any_priced(priced)


def test_no_verified_limit_is_not_read_as_no_limit():
    """Reviewer (session 57): a 16-year-old on UK values read "Your limit: none set or verified"."""
    at = run_page("compare", {"age": "16", "refs": "UK", "detail": "Oxide"})
    assert_clean(at)
    text = all_text(at)
    assert "none set or verified" not in text
    assert "so this app plans and counts no supplement dose: supplements only on a clinician's advice" in text


def test_the_elemental_percent_column_fits_beside_the_name_at_390_px():
    """Reviewer (session 57): at 390 px the column "Elemental Mg %" began at the screen's edge ("9" for 9.9;
    seen in a screenshot, and after the change "9.9" whole beside "Sulfate (Epsom salt)" and "Low"). The grid
    draws on a canvas, so its layout is checked by its column settings: a short heading, 64 px, the pinned
    name's 150 px (FORM_COLUMN_PX) unchanged."""
    at = run_page("compare", {})
    assert_clean(at)
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["elemental_pct"]["label"] == "Mg %" and columns["elemental_pct"]["width"] == 64
    assert "share of the compound's weight" in columns["elemental_pct"]["help"]
    assert columns["form"]["width"] == 150


def test_a_unit_above_any_days_dose_asks_to_check_the_label():
    """Reviewer (session 57): oxide at 5,000 mg compound a unit (3,015 mg of magnesium) was only "choose a
    product with less magnesium per unit"; one unit above the most the app plans in a day (rule hard_max_mg,
    366 mg) asks to check the label first. 400 mg of oxide (241 mg a unit) does not."""
    query = {**CONVERTER_QUERY, "conv_form": "Oxide", "conv_basis": "Compound weight", "age": "40"}
    big = _opened(run_page("compare", {**query, "conv_mg": "5000"}), CONVERTER)
    assert_clean(big)
    assert "**Check the label:** one unit would hold 3,015 mg of magnesium" in all_text(big)
    small = _opened(run_page("compare", {**query, "conv_mg": "400", "conv_target": "100"}), CONVERTER)
    assert_clean(small)
    assert "Check the label:** one unit would hold" not in all_text(small)
    assert "Even half a unit" in all_text(small)


@pytest.mark.parametrize("age", ["121", "0", "8 years", "7.5"])
def test_a_links_unreadable_age_counts_no_tablets_until_an_age_is_given(age):
    """Review (session 62): a link's age that could not be read ("121", "0", "8 years") became the starting age,
    45, and the converter counted tablets for it, saying "no age was given" under the link's notice. It counts
    none until the visit gives an age (rule link_screen_incomplete)."""
    at = run_page("compare", {**CONVERTER_QUERY, "age": age})
    text = all_text(at)
    assert f"`{age}`" in text or age in text  # the link's notice names it
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS in " ".join(i.value for i in at.info)
    assert "units give" not in text and "unit gives" not in text and "no age was given" not in text
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    # An age given on another page of the visit: the count comes back.
    at = _switch(at, "schedule", {"age": "40"})
    at = _switch(at, "compare", CONVERTER_QUERY)
    assert _metric(at, "Units for 300 mg") == "3 units"
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS not in all_text(at)


def test_the_form_details_say_each_authoritys_limit_once():
    """Review (session 62): /compare named only the chosen set's limit ("UK and EU values differ"); the form's
    details now say each set's, once, and which the app keeps to."""
    text = all_text(run_page("compare", {"detail": "Citrate", "age": "40"})).replace("\\", "")
    line = "US upper limit (UL) 350 mg · EU upper limit (UL) 250 mg · UK guidance level 400 mg"
    heading = "**The limits for magnesium from supplements differ between authorities**"
    assert f"{heading} (age 40): {line}. This app keeps to **Your limit**" in text
    assert text.count(heading) == 1
    child = all_text(run_page("compare", {"detail": "Citrate", "age": "6"})).replace("\\", "")
    assert "US upper limit (UL) 110 mg · EU upper limit (UL) 250 mg · UK: no limit set. This app" in child
    # Review (session 62): "UK: no limit set" must not read as "no limit".
    assert (
        "a set with no limit, or none verified, allows no dose: by it the app counts and plans none." in child
    )


def test_your_products_cost_says_what_the_labels_figure_means_either_way():
    """Review (session 62): 500 mg "elemental" glycinate per unit (a 3.5 g capsule) gave a cost about 7 times too
    low without a word, and a tiny cost read "0.000"."""
    at = run_page("compare", {"my_form": "Glycinate", "my_price": "20", "my_units": "120", "my_mg": "500"})
    assert_clean(at)
    text = all_text(at).replace("\\", "")
    assert "500 mg of magnesium itself in each unit means about 3,546 mg of magnesium glycinate" in text
    assert "each unit holds about 70 mg of magnesium and the cost is US$0.236 per 100 mg." in text
    tiny = run_page("compare", {"my_price": "0.01", "my_units": "2000", "my_mg": "2000"})
    (metric,) = [m for m in tiny.metric if m.label == "Your product: US$ per 100 mg elemental"]
    assert metric.value == "less than US$0.001"


def test_a_links_unknown_bioavailability_choice_leaves_the_known_one():
    """Review (session 62): "bio=High&bio=Nope" dropped High too, so every form was shown."""
    at = run_page("compare", {"bio": ["High", "Nope"]})
    assert_clean(at)
    text = all_text(at).replace("\\", "")
    assert "`Nope` — not one of the choices; the others were used" in text
    assert at.query_params.get("bio") in (["High"], "High")


def test_a_page_visited_without_an_answer_does_not_lift_an_unreadable_link_age():
    """Review of the fix (session 62): after /compare?age=8%20years, opening the Food page (which shows age 45)
    and coming back counted tablets at the adult limit. Only an age the person gives lifts it, 45 included."""
    at = run_page("compare", {**CONVERTER_QUERY, "age": "8 years"})
    at = _switch(at, "diet", {})
    at = _switch(at, "compare", CONVERTER_QUERY)
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS in " ".join(i.value for i in at.info)
    assert not [m for m in at.metric if m.label.startswith("Units for")]
    at = _switch(at, "diet", {})
    at.number_input(key="age").set_value(46).run()
    at.number_input(key="age").set_value(45).run()  # the starting value, given by the person
    at = _switch(at, "compare", CONVERTER_QUERY)
    assert _metric(at, "Units for 300 mg") == "3 units"
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS not in all_text(at)


@pytest.mark.parametrize("stage", ["pregnant", "breastfeeding", "lactating"])
def test_a_links_unreadable_pregnancy_answer_counts_no_tablets(stage):
    """Review (session 62): "stage=pregnant" (only "Pregnant" is read) counted tablets as for a woman neither
    pregnant nor breastfeeding."""
    at = run_page("compare", {**CONVERTER_QUERY, "age": "30", "stage": stage})
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS in " ".join(i.value for i in at.info)
    assert not [m for m in at.metric if m.label.startswith("Units for")]


def test_a_mans_link_with_a_pregnancy_answer_still_counts():
    """The pregnancy answer is asked only where it can be given: a man's link whose stage cannot apply is not an
    unread answer (he could never give one)."""
    at = run_page("compare", {**CONVERTER_QUERY, "age": "40", "sex": "Male", "stage": "Pregnant"})
    assert safe.PROFILE_UNREAD_CONVERTER_WORDS not in all_text(at)
    assert _metric(at, "Units for 300 mg") == "3 units"
