"""/compare — filter, chart and compare magnesium forms, convert a label, read the evidence."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import pandas as pd
import pyarrow as pa
import streamlit as st

import magui
from maglib import forms
from maglib import safety as safe
from maglib.charts import compare as charts
from maglib.data import default_data_dir
from maglib.links import Param, check_query, escape_markdown
from maglib.profile import PROFILE_PARAMS, Profile, limits_comparison_line, profile_from_values, stage_applies
from maglib.provenance import citations
from maglib.schedule import TOPICAL_NOT_ORAL, laxative_form_words, limit_words
from magui import journal_store
from magui.profile import carry_to_link, entered, reference_of, remember_link_profile, sets_of

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

magui.page_setup("compare", forms.PARAMS, forms.RENAMED)
# The visit's profile (set on /diet or /schedule) into this page's address where the link is silent:
# the converter and the limit read it, so the shared link must carry it (adversarial link review).
remember_link_profile()  # and the link's profile as the visit's, for the next page
carry_to_link()


def md(text: object) -> str:
    """Data text for markdown: escaped, with the data's "product brief" in plain words."""
    return escape_markdown(forms.plain_words(str(text)))


data = magui.dataset()
BOOK = safe.rule_book(data.safety_rules)
UNVERIFIED_GOALS = forms.unverified_goals(data.forms)
#: Part of every cache key, so a run on another data folder (tests) never sees these results.
FOLDER = str(default_data_dir())


class _View(NamedTuple):
    table: pd.DataFrame
    table_arrow: pa.Table
    chart_arrow: pa.Table
    chart_summary: str
    unpriced: list[str]


@st.cache_resource(max_entries=256, show_spinner=False)
def _view(folder: str, bio: tuple[str, ...], gut: str, goal: str, route: str) -> _View:
    """Everything the filters decide, for one filter combination."""
    # cache_resource, not cache_data: the results are only read, so every session shares
    # them without a copy per rerun. Arrow tables (converted once, here) spare Streamlit a
    # pandas→Arrow conversion per element per rerun; the page's budget is 40 ms a rerun.
    filtered = forms.filter_forms(data.forms, forms.filters_from_values(bio, gut, goal, route))
    chart_rows = charts.chart_data(filtered)
    table = forms.comparison_table(filtered)
    for column in ("key_benefit", "best_for", "digestive_effects"):
        table[column] = [forms.plain_words(str(text)) for text in table[column]]
    # Every row is magnesium: without the shared word the names fit a phone's pinned column
    # (phone review: "Magnesium glycinate (bisglycinat…" hid the columns beside it).
    table["form"] = [forms.short_name(str(name)) for name in table["form"]]
    return _View(
        table=table,
        table_arrow=pa.Table.from_pandas(table, preserve_index=False),
        chart_arrow=pa.Table.from_pandas(chart_rows, preserve_index=False),
        chart_summary=charts.summary(chart_rows),
        unpriced=forms.forms_without_price(filtered),
    )


@st.cache_resource(max_entries=1, show_spinner=False)
def _static(
    folder: str,
) -> tuple[dict[str, forms.FormDetails], list, forms.EvidenceItem | None, bool]:
    """What does not depend on any widget: every form's details, the evidence, the label note,
    and whether any form has a price."""
    details = {form_id: forms.form_details(data, form_id) for form_id in data.forms["form_id"]}
    any_price = len(forms.forms_without_price(data.forms)) < len(data.forms)
    return details, forms.evidence_by_topic(data), forms.label_note(data), any_price


#: ANY_PRICE: no form in the data has a price today: then there is no cost chart (an empty plot
#: says nothing), and the page says so in words.
DETAILS, EVIDENCE, LABEL_NOTE, ANY_PRICE = _static(FOLDER)


def _details_for(labels: list[str] | tuple[str, ...]) -> list[forms.FormDetails]:
    return [DETAILS[form_id] for form_id in forms.form_ids_for_labels(data.forms, labels)]


_NO_SCROLL_WHILE_OPENING = (
    '<style>[data-testid="stExpander"] details[style*="overflow: hidden"]'
    " { overflow: clip !important; }</style>"
)

CHART_REV = "_compare_chart_rev"  # bumped to start the chart afresh


def _pick_from_chart(chart_key: str) -> None:
    """A click in a chart opens that form's details (an empty click closes them)."""
    picked = charts.picked_form_id(st.session_state.get(chart_key))
    label = forms.FORM_LABELS.get(picked or "", forms.NO_FORM)
    st.session_state[forms.DETAIL.key] = label
    if label and not st.session_state.get(OPEN_DETAILS):
        # The section was closed, so its picker was not drawn and nothing is bound to "form": the
        # picker, drawn in this run for the first time, takes the value above, but Streamlit does
        # not write a first-drawn widget's value to the address. Put it there too (allowed while
        # unbound), so the open details are in the link as when the picker was used.
        st.query_params[forms.DETAIL.key] = label
    st.session_state[OPEN_DETAILS] = bool(label)


def _details_toggled() -> None:
    # Closing the details drops the pick (the picker is not drawn): start the chart afresh, so it
    # does not keep highlighting a form the page no longer describes.
    if not st.session_state.get(OPEN_DETAILS):
        st.session_state[CHART_REV] = st.session_state.get(CHART_REV, 0) + 1


def _picked_in_list() -> None:
    # The picker moved away from the chart's own selection: start the chart afresh, with its
    # highlight on the form picked here, rather than highlight one form and describe another.
    st.session_state[CHART_REV] = st.session_state.get(CHART_REV, 0) + 1


def _clear_filters() -> None:
    # Change bound widgets through session_state (never st.query_params): the URL follows.
    # Write only the keys that changed: Streamlit logs a warning when a widget with a default
    # also gets a value through the Session State API, so don't do it needlessly.
    for param in forms.FILTER_PARAMS:
        default = list(param.default) if param.kind == "multi" else param.default
        if st.session_state.get(param.key) != default:
            st.session_state[param.key] = default
    # The button is in the filters' own fragment: rerun the page, so the results follow too.
    st.rerun()


#: The comparison table's pinned name column (px): "Glycinate (bisglycinate)" fits, and at 390 px
#: the bioavailability and the elemental % show whole beside it (at "medium", 200 px, a phone saw
#: only the names, cut, and the bioavailability).
FORM_COLUMN_PX = 150

#: The results fragment's key: a filter change reruns (and re-sends) only the results.
RESULTS = "compare_results"


def _filter_changed() -> None:
    st.rerun(RESULTS)


def _sources(names: tuple[str, ...]) -> str:
    return "Sources: " + "; ".join(md(name) for name in names) if names else "Sources: none listed"


def _certainty(item: forms.EvidenceItem) -> str:
    shown = md(item.certainty)
    return f":orange[**Certainty: {shown} — weak evidence**]" if item.weak else f"Certainty: {shown}"


def _evidence_lines(items: tuple[forms.EvidenceItem, ...] | list[forms.EvidenceItem]) -> str:
    return "\n".join(
        f"- {md(item.claim)}  \n  {_certainty(item)}. *{_sources(item.citations)}*" for item in items
    )


def _money(value: float | None) -> str:
    return "no price in the data" if value is None else forms.money_text(value)


def _profile_in_view() -> Profile:
    """The profile this view is for: the link's, else the one set on another page this visit."""
    memory = dict(st.session_state.get("_profile_memory", {}))
    raw = {key: list(st.query_params.get_all(key)) for key in st.query_params}
    linked, _ = check_query(raw, PROFILE_PARAMS)
    values = {p.key: linked.get(p.key, memory.get(p.key, p.default)) for p in PROFILE_PARAMS}
    age, sex, stage, refs = (values[p.key] for p in PROFILE_PARAMS)
    return profile_from_values(int(age), str(sex), str(stage), str(refs))  # type: ignore[call-overload]


def _age_given() -> bool:
    """Whether this view's age came from the link or from another page this visit (not the starting
    value the profile falls back to)."""
    key = PROFILE_PARAMS[0].key
    if key in dict(st.session_state.get("_profile_memory", {})):
        return True
    # The link checker leaves out a value equal to the default (age=45): a readable age is an age.
    return key in st.query_params and not _problems(PROFILE_PARAMS[0])


def _profile_unread(viewer: Profile) -> bool:
    """Whether the link carried an age or a pregnancy answer that could not be read, and the person has not
    given one on a page of this tab since: the starting value stands in for it (rule link_screen_incomplete;
    review, session 62: a page visited without touching its fields lifted it, and "stage=pregnant" counted)."""
    asked = [PROFILE_PARAMS[0]] + ([PROFILE_PARAMS[2]] if stage_applies(viewer.age_years, viewer.sex) else [])
    for param in asked:  # the age, and the pregnancy answer where it can be given
        readable = param.key in st.query_params and not _problems(param)
        if not readable and not entered(param.key) and magui.layout.link_refused("compare", param.key):
            return True
    return False


def _problems(param: Param) -> list[object]:
    _, problems = check_query({param.key: list(st.query_params.get_all(param.key))}, [param])
    return list(problems)


def _your_limit() -> str:
    """The limit of the reference values this view is for, beside the data's own (ODS) figure:
    with the EU's or the UK's values it differs (pharmacist review, 2026-12-04: "350 mg/day (ODS)"
    was the only limit shown with the EU values chosen)."""
    viewer = _profile_in_view()
    ref = reference_of(viewer)
    cited = "; ".join(citations(data, ref.source_ids))
    # The set the limit comes from: under 18 it can be another than the chosen one (rule child_lowest_limit;
    # re-review, 2026-12-06: a 6-year-old's US 110 mg was called the EU's).
    where = f"{md(ref.ul_label)} reference values, age {viewer.age_years}" + (
        f"; {md(cited)}" if cited else ""
    )
    if ref.mg_ul_supplemental is None:
        # Not "none set" alone (reviewer, session 57: a 16-year-old on UK values read it as "no limit").
        return (
            "**Your limit:** none is set, or none could be verified, for supplements at this age, so this app "
            f"plans and counts no supplement dose: supplements only on a clinician's advice ({where})  \n"
        )
    return (
        f"**Your limit:** {limit_words(ref.mg_ul_kind)} {ref.mg_ul_supplemental:g} mg a day from supplements "
        f"({where})" + (f" {md(ref.ul_note)}" if ref.ul_note else "") + "  \n"
    )


def _limits_side_by_side() -> None:
    """Each set's limit for this profile, once under the form details: the disagreement said plainly (review,
    session 62: only the chosen set's was named, the others "differ"), with the sets' own sources."""
    viewer = _profile_in_view()
    values = sets_of(viewer)
    cited = "; ".join(dict.fromkeys(c for v in values for c in citations(data, v.source_ids)))
    st.caption(
        f"**The limits for magnesium from supplements differ between authorities** (age {viewer.age_years}): "
        f"{md(limits_comparison_line(values))}. This app keeps to **Your limit**, from the reference values you "
        "chose (under 18, the lowest of them); a set with no limit, or none verified, allows no dose: by it the "
        "app counts and plans none." + (f"  \nSources: {md(cited)}" if cited else "")
    )


def _show_details(d: forms.FormDetails, named: bool = False) -> None:
    st.markdown(
        (f"**{md(d.form)}**  \n" if named else "")
        + f"**Bioavailability:** {md(d.bioavailability)} · **Digestive effects:** {md(d.digestive_effects)}  \n"
        + (
            f"**Which bioavailability the app uses:** {md(d.bioavailability_reading)}  \n"
            if d.bioavailability_reading
            else ""
        )
        + f"**Key benefit:** {md(d.key_benefit)}  \n"
        f"**Best for:** {md(d.best_for)}  \n"
        f"**Pros:** {md(d.pros)}  \n"
        f"**Cons:** {md(d.cons)}  \n"
        f"**Typical dose:** {md(d.typical_dose)}  \n"
        + _your_limit()
        + f"**Absorption:** {md(d.absorption_note or 'no absorption note in the data')}  \n"
        f"**Elemental magnesium:** {d.elemental_pct:.2f}% of {md(d.formula)} · "
        f"**Cost per 100 mg elemental:** {_money(d.cost_per_100mg_usd)}"
    )
    st.caption(_sources(d.citations))
    if d.evidence:
        st.markdown("**Evidence on this form**\n" + _evidence_lines(d.evidence))
    else:
        st.caption("No evidence row in the data names this form.")


# ---- sections drawn on demand ----------------------------------------------------------------
# Everything on the page is redrawn by the browser when any part of it reruns, so the sections
# below the charts (your product's cost, the label converter, side by side, the evidence) are
# closed expanders whose content is drawn only once opened. A link that sets a section's inputs
# opens that section, so a shared view shows the same results; closing a section drops its inputs
# from the address (the link then says: section closed, defaults).
OPEN_COST, OPEN_CONVERTER, OPEN_SIDE, OPEN_EVIDENCE, OPEN_DETAILS = (
    "_compare_open_cost",
    "_compare_open_converter",
    "_compare_open_side",
    "_compare_open_evidence",
    "_compare_open_details",
)


def _section(
    title: str,
    key: str,
    params: tuple[Param, ...] = (),
    icon: str | None = None,
    on_change: Callable[[], None] | None = None,
) -> ExpanderContainer:
    """A section's expander: open if this session opened it, or if the link sets one of its inputs."""
    if key not in st.session_state and any(_set_by_link(param) for param in params):
        st.session_state[key] = True
    return st.expander(title, key=key, on_change=on_change or "rerun", icon=icon)


def _set_by_link(param: Param) -> bool:
    """Does the link set this input: in the address, or as an old link version's own default?"""
    if param.key in st.query_params:
        return True
    default = list(param.default) if param.kind == "multi" else param.default  # type: ignore[call-overload]
    # magui.page_setup puts an old link's defaults into session state (maglib.links.legacy_values).
    return st.session_state.get(param.key, default) != default


st.title("Compare magnesium forms")
st.write(
    "Which magnesium to buy? Filter by what matters to you, tap or click a form in any chart to see "
    "its details, convert what your label says, and check how strong the evidence really is."
)
st.info(
    "Honest context: a Cochrane review (2020) found magnesium **unlikely to prevent ordinary "
    "night-time cramps in older adults**; see *Evidence* at the bottom of this page.",
    icon=":material/science:",
)


# ---- filters, table, charts, details ---------------------------------------------------------
# The filters and the fixed parts of their results (headings, notes, the chart-table switch) are
# drawn by the page; a filter change reruns only the results fragment (st.rerun with its key,
# from the filters' callbacks), which writes the changing parts into slots the page made
# (Streamlit keeps a fragment's writes to outside containers in place). So the browser is not
# re-sent the filters and the fixed wording at every change. The bound filters still update the
# address (the browser does that). Each section below with its own inputs is a fragment too: an
# interaction there reruns only that section.
st.header("Filters")


# The filters are a fragment of their own: a click on one starts a run of this small fragment
# (its callback then reruns only the results), not of the page, which would mark every element
# on the page stale in the browser and redraw them all. Every filter is one tap (no drop-down):
# bioavailability is a row of pills (any number picked), goal, tolerance and route rows of radio
# buttons. A first visit then loads no drop-down code at all (the browser fetches each widget
# type's code when the page first shows one: the drop-downs' ~16 files were a tenth of /compare's
# cold load). One row that wraps where it must (a phone: one filter a line). Clear filters
# is always there (it does nothing when no filter is set): drawn by the results it would appear
# and vanish with a filter change, and be re-sent with every change.
@st.fragment
def _filters() -> None:
    with st.container(horizontal=True, vertical_alignment="bottom"):
        magui.bound(
            forms.BIO,
            "Bioavailability (all if none picked)",
            widget="pills",
            on_change=_filter_changed,
            help=forms.BIOAVAILABILITY_HELP,
        )
        magui.bound(
            forms.GOAL,
            "Goal",
            widget="radio",
            horizontal=True,
            on_change=_filter_changed,
            help="A goal keeps the forms whose key benefit it is. Unverified, only the app's starting notes "
            "say so: " + (", ".join(UNVERIFIED_GOALS) or "none") + ".",
        )
        magui.bound(
            forms.GUT, "Digestive tolerance", widget="radio", horizontal=True, on_change=_filter_changed
        )
        magui.bound(forms.ROUTE, "Route", widget="radio", horizontal=True, on_change=_filter_changed)
        st.button(
            "Clear filters",
            key="clear_filters",
            on_click=_clear_filters,
            icon=":material/close:",
            help="Set every filter back to Any",
        )


_filters()
st.caption(
    "Goals use each form's tags in the data; **Lowest cost** keeps the forms tagged as "
    "inexpensive (only the app's starting notes say so) and sorts them by cost per 100 mg of elemental magnesium"
    # Reviewer (session 57): it promised a sort with no price in the data to sort by.
    + (
        ": the data hold no sourced price for any form yet, so there is nothing to sort by; **Your product's "
        "cost**, below, works it out from your own label and price. "
        if not forms.any_priced(data.forms)
        else ". "
    )
    + "**Avoid laxative effect** keeps forms with no or mild laxative effect in the sources; a form with "
    "no data on it (*no data*) is not kept."
)


def _filtered_view() -> _View:
    """The results of the filters as they are now (read from session state: a fragment rerun
    reuses the arguments of the page's own call, which would be the values before the change)."""
    bio, gut, goal, route = (st.session_state[p.key] for p in (forms.BIO, forms.GUT, forms.GOAL, forms.ROUTE))
    return _view(FOLDER, tuple(bio), gut, goal, route)


CHART_TABLE = "_compare_chart_table"


class _Slots(NamedTuple):
    """Where the results fragment writes, around the fixed parts the page draws."""

    table: DeltaGenerator  # no-match warning, Clear filters, the table's heading and the table
    chart: DeltaGenerator | None  # the charts' summary and the charts (None: no form matches)
    chart_table: ExpanderContainer | None  # the chart data as a table, drawn only when open


def _results_frame(empty: bool) -> _Slots:
    """The results' fixed parts with empty slots for the fragment; with no match, none of them.

    The fragment draws the chart data table, the details picker and the details where it is
    called, below these."""
    table = st.container()
    if empty:
        return _Slots(table, None, None)
    st.caption(
        "Tap or click a column header to sort. Levels come from the sources listed in each form's "
        "details; elemental % is computed from each form's chemical formula. " + forms.STARTING_NOTES
    )
    st.header("Charts")
    st.caption("Tap or click a form in any chart to highlight it everywhere and open its details below.")
    chart = st.container()
    # The table view of the charts is drawn only on demand (the fragment fills this section when
    # it is open): a second data grid, even inside a collapsed expander, is sent and redrawn by
    # the browser on every filter change. Opening or closing it reruns the page.
    chart_table = st.expander(
        "The chart data as a table", key=CHART_TABLE, on_change="rerun", icon=":material/table:"
    )
    return _Slots(table, chart, chart_table)


@st.fragment(key=RESULTS)
def _forms_view(drawn_empty: bool, slots: _Slots) -> None:
    """The filters' results: comparison table, linked charts and the picked form's details."""
    view = _filtered_view()
    table = view.table
    if table.empty != drawn_empty:
        # The page drew the fixed parts for results and now none match, or the reverse: redraw
        # the page (only when a change crosses between "no match" and some match).
        st.rerun(scope="app")

    with slots.table:
        if table.empty:
            st.warning(
                "No form matches all of these filters. Change one, or use **Clear filters** above.",
                icon=":material/filter_alt_off:",
            )
            return
        st.header(f"Comparison table ({len(table)} of {len(data.forms)} forms)")
        if st.session_state[forms.GOAL.key] in UNVERIFIED_GOALS:
            st.caption(
                f"**{st.session_state[forms.GOAL.key]}:** the forms kept for this goal rest on a benefit only "
                "the app's starting notes claim (unverified). See each form's "
                "Key benefit."
            )
        st.dataframe(
            view.table_arrow,
            hide_index=True,
            key="compare_table",
            # Every form at once (at most 15 rows): the default height showed 10 and hid the rest.
            height="content",
            # The price column only when a form shown has a price (phone review: a column of "None"
            # in every row; the note above the charts says that no price is sourced yet).
            column_order=[
                c
                for c in forms.TABLE_COLUMNS
                if c != "form_id" and (c != "cost_per_100mg_usd" or len(view.unpriced) < len(table))
            ],
            column_config={
                # Pinned, so the name stays in view while a phone scrolls the grid sideways, and
                # narrow (short names: forms.short_name), so the next columns show beside it.
                "form": st.column_config.TextColumn(
                    "Form",
                    pinned=True,
                    width=FORM_COLUMN_PX,
                    help="Every form is a magnesium compound: 'Citrate' is magnesium citrate. "
                    "Each form's full name is in its details (Form details, below the charts).",
                ),
                "route": "Route",
                "bioavailability": st.column_config.TextColumn(
                    "Bioavailability", help=forms.BIOAVAILABILITY_HELP
                ),
                "digestive_effects": st.column_config.TextColumn("Digestive effects", width="medium"),
                "key_benefit": st.column_config.TextColumn("Key benefit", width="medium"),
                "best_for": st.column_config.TextColumn("Best for", width="medium"),
                # Short and narrow: at 390 px it shows whole beside the name and the bioavailability (reviewer,
                # session 57: "Elemental Mg '" over "9" for 9.9, the rest past the screen's edge).
                "elemental_pct": st.column_config.NumberColumn(
                    "Mg %",
                    format="%.1f",
                    width=64,
                    help="Elemental magnesium: its share of the compound's weight",
                ),
                "cost_per_100mg_usd": st.column_config.NumberColumn(
                    "US$ per 100 mg elemental", format="%.3f", help="Empty: no sourced price in the data"
                ),
            },
        )
    assert slots.chart is not None  # drawn for a match (checked above)

    # In the page's "The chart data as a table" section, when it is open.
    assert slots.chart_table is not None
    if slots.chart_table.open:
        slots.chart_table.dataframe(
            view.chart_arrow,
            hide_index=True,
            column_order=[
                "form",
                "elemental_mg_per_100mg",
                "bioavailability_shown",
                "laxative_effect",
                "cost_per_100mg_usd",
            ],
            column_config={
                "form": "Form",
                "elemental_mg_per_100mg": st.column_config.NumberColumn(
                    "Elemental Mg in 100 mg of compound (mg)", format="%.1f"
                ),
                "bioavailability_shown": "Bioavailability",
                "laxative_effect": "Laxative effect",
                "cost_per_100mg_usd": st.column_config.NumberColumn(
                    "US$ per 100 mg elemental", format="%.3f"
                ),
            },
        )
    # The details are a section drawn on demand, below the charts (their slot is above, so the
    # section is drawn first and the charts know which form is picked). In it, a bound picker
    # (in the link, reachable by keyboard); a click in a chart sets the picker and opens the
    # section (_pick_from_chart). Closed, nothing is picked. A first visit draws no drop-down.
    section = _section("Form details", OPEN_DETAILS, (forms.DETAIL,), ":material/info:", _details_toggled)
    label = forms.NO_FORM
    if section.open:
        with section:
            # Streamlit 1.67 animates an opening expander for 500 ms with overflow: hidden on its
            # <details>; typing in the picker meanwhile scrolled that box to the caret, and any
            # scroll closes the picker's list (Enter then picked nothing). overflow: clip looks
            # the same but cannot scroll. Drawn only with the open section (no cost at load).
            st.html(_NO_SCROLL_WHILE_OPENING)
            label = magui.bound(
                forms.DETAIL,
                "Details for",
                format_func=lambda v: v or "No form picked: tap one in a chart, or choose here",
                on_change=_picked_in_list,
                width=420,
            )
    picked = forms.form_id_for_label(label) if label else None
    shown = picked if picked is not None and picked in set(table["form_id"]) else None

    with slots.chart:
        # The charts' summary and what the cost chart lacks, as one text above the charts.
        price_gap = forms.missing_price_text(view.unpriced, len(table))
        st.caption(view.chart_summary + (f"  \n{md(price_gap)}" if price_gap is not None else ""))
        # One spec for every filter (only the rows change), so the browser keeps its chart view
        # and swaps the rows in. The spec carries its own accessible names, so no alt= here.
        # The picked form (from a click, the list or a link) starts the chart's selection, so
        # the highlight and the details agree.
        chart_key = f"compare_chart_{st.session_state.get(CHART_REV, 0)}"
        # A highlight that came from the list or a link (not a click in this chart) cannot be
        # cleared with a double click: the page would not hear of it (see charts.live_spec).
        from_click = charts.picked_form_id(st.session_state.get(chart_key)) is not None
        st.vega_lite_chart(
            view.chart_arrow,
            charts.live_spec(shown, clearable=from_click or shown is None, with_cost=ANY_PRICE),
            key=chart_key,
            on_select=functools.partial(_pick_from_chart, chart_key),
            selection_mode="pick",
            # Each view as wide as the page (Streamlit's default for a vconcat with layers
            # is the spec's own width, which pushed a phone's page sideways).
            width="stretch",
        )

    if shown is not None and shown in DETAILS:
        with section:
            _show_details(DETAILS[shown], named=True)
            _limits_side_by_side()
    elif picked is not None:
        section.caption(
            f"{md(label)} is not among the forms these filters show; clear the filters to see it."
        )
    # Nothing picked: the picker alone (the page's note below "Charts" says how to pick one).


_drawn_empty = _filtered_view().table.empty
_forms_view(_drawn_empty, _results_frame(_drawn_empty))


# ---- your product's cost ---------------------------------------------------------------------
@st.fragment
def _own_cost() -> None:
    """Your product's price per 100 mg elemental next to the data's typical price."""
    section = _section(
        "Your product's cost",
        OPEN_COST,
        (forms.MY_FORM, forms.MY_PRICE, forms.MY_UNITS, forms.MY_MG),
        ":material/payments:",
    )
    if not section.open:
        return
    with section:
        _own_cost_body()


def _own_cost_body() -> None:
    st.caption(
        "Prices change: enter what your product costs to compare it per 100 mg of elemental magnesium."
    )
    cols = st.columns(4)
    with cols[0]:
        my_form = magui.bound(forms.MY_FORM, "Form")
    with cols[1]:
        my_price = magui.bound(forms.MY_PRICE, "Pack price (US$)")
    with cols[2]:
        my_units = magui.bound(forms.MY_UNITS, "Units per pack")
    with cols[3]:
        my_mg = magui.bound(
            forms.MY_MG, "Elemental Mg per unit (mg)", help="The 'Magnesium … mg' line of the label"
        )
    mine = forms.cost_per_100mg_elemental(my_price, my_units, my_mg)
    theirs = next((d.cost_per_100mg_usd for d in _details_for((my_form,))), None)
    if mine is None:
        st.info(
            "Enter the pack price, the units per pack and the magnesium per unit above to see "
            "what your product costs per 100 mg of elemental magnesium.",
            icon=":material/edit:",
        )
    else:
        st.metric("Your product: US$ per 100 mg elemental", forms.money_text(mine).removeprefix("US$"))
        form_details_ = next(iter(_details_for((my_form,))), None)
        check = forms.own_cost_check(my_mg, form_details_.elemental_pct) if form_details_ else None
        if check is not None and form_details_ is not None:
            compound, if_compound = check
            other = forms.cost_per_100mg_elemental(my_price, my_units, if_compound)
            st.caption(
                f"Check the label: {my_mg:g} mg of magnesium itself in each unit means about {compound:,.0f} mg of "
                f"{md(form_details_.form.lower())} ({form_details_.elemental_pct:.2f} % magnesium). If {my_mg:g} mg "
                f"is the compound's weight, each unit holds about {if_compound:.0f} mg of magnesium"
                + (f" and the cost is {forms.money_text(other)} per 100 mg." if other is not None else ".")
            )
    if theirs is not None:
        st.metric(f"Data's typical price ({my_form})", _money(theirs))


_own_cost()


# ---- label converter -------------------------------------------------------------------------
#: Said under every count: the converter knows the profile's limit, nothing else the plan checks.
NOT_A_PLAN = (
    " This count is not a plan: it does not know your medicines or other products with magnesium "
    "(antacids, laxatives, multivitamins), nor about kidney disease unless you said so on the Dose plan "
    "page in this visit; the Dose plan page checks those."
)


#: Said under a count when no age was given in the link or this visit; the ages are the rules'
#: (self_serve_min_age, kidney_check_prompt_age), as safe.converter_ceiling applies them.
AGE_NOT_GIVEN = (
    " **It counts for age {age}, the starting age: no age was given in this visit.** Under "
    f"{BOOK.self_serve_min_age}, from {BOOK.kidney_check_prompt_age}, "
    "or when pregnant or breastfeeding it counts none: give your age in About you on the Dose plan page "
    "or the Food page first."
)


def _converter_sentence(
    result: forms.LabelConversion,
    per_unit: str,
    misread_mg: float | None = None,
    label_mg: float = 0.0,
    limit_text: str = "",
) -> str:
    """The converter's result in words: what the units give, and why when it is not the dose asked.

    ``misread_mg``: what these units would give if a compound-weight label's number were the
    magnesium itself, when that is above the limit (``safety.compound_misread_mg``)."""
    asked = f"{result.target_elemental_mg:.0f} mg"
    if result.units_for_target == 0:
        # One unit above the most this app plans for anyone in a day (rule hard_max_mg): say to check the
        # label first (reviewer, session 57: 5,000 mg of oxide, 3,015 mg a unit, was only "choose a
        # product with less magnesium per unit").
        return safe.unit_above_any_day_words(result.elemental_mg_per_unit, BOOK) + (
            f"Even half a unit ({per_unit}) is more than {result.dose_cap_mg:.0f} mg, so no count is "
            "suggested: choose a product with less magnesium per unit."
        )
    text = (
        f"**{forms.units_text(result.units_for_target)}** "
        f"{'gives' if result.units_for_target <= 1 else 'give'} "
        f"**{result.delivered_elemental_mg:.0f} mg** of elemental magnesium."
    )
    if result.above_limit:
        text += (
            f" {asked} is above the most this app counts for you ({result.limit_mg:.0f} mg a day: "
            f"{limit_text}), so the count stops there."
        )
    if result.rounded_down:
        text += (
            f" That is less than {result.dose_cap_mg:.0f} mg: the count is rounded down so it never "
            "gives more than asked (the same rule as the dose plan)."
        )
    if result.units_for_target % 1:
        text += " Split a tablet only if its label says it can be split."
    if misread_mg is not None:
        text += (
            f" **Check the label:** if its {label_mg:g} mg is the magnesium itself ('Magnesium "
            f"{label_mg:g} mg (as …)', as on a US Supplement Facts panel), choose Elemental: read that "
            f"way, these units would give {misread_mg:g} mg, above {result.limit_mg:.0f} mg."
        )
    return text + NOT_A_PLAN


#: The converter's compound-label confirmation (rule compound_label_check): session only.
CONV_CONFIRM_KEY = "_conv_compound_confirm"


@st.fragment
def _label_converter() -> None:
    """What a label's number means in elemental magnesium, and units for a dose."""
    section = _section(
        "Label converter",
        OPEN_CONVERTER,
        (forms.CONV_FORM, forms.CONV_BASIS, forms.CONV_MG, forms.TARGET_MG),
        ":material/calculate:",
    )
    if not section.open:
        return
    with section:
        _label_converter_body()


def _label_converter_body() -> None:
    cols = st.columns(4)
    with cols[0]:
        conv_form = magui.bound(forms.CONV_FORM, "Form on the label")
    with cols[1]:
        conv_basis = magui.bound(forms.CONV_BASIS, "The label's number is", widget="radio")
    with cols[2]:
        conv_mg = magui.bound(
            forms.CONV_MG,
            "mg per capsule or tablet",
            # Review (session 62): a US label's "Serving size: 2 capsules · Magnesium 400 mg" typed as read.
            help="Labels often give the amounts per serving ('Serving size: 2 capsules'): divide by the number of "
            "capsules or tablets in a serving.",
        )
    with cols[3]:
        target_mg = magui.bound(forms.TARGET_MG, "Dose you want (mg elemental)")
    viewer = _profile_in_view()
    # The safety rules decide whether (and up to what) units are counted: no count under 18 or
    # without a limit, never above the upper limit nor the hard maximum.
    viewer_ref = reference_of(viewer)
    limit, no_count = safe.converter_ceiling(
        viewer.age_years,
        viewer.life_stage,
        viewer_ref.mg_ul_supplemental,
        BOOK,
        kidney_disease=st.session_state.get(journal_store.KIDNEY) is True,
        # The prescriber the Dose plan page waits for in this tab (pharmacist review, 2026-12-06).
        prescriber_names=journal_store.waiting().names,
        # The kidney test it waits for with a blood-pressure medicine (rule kidney_check_medicine).
        kidney_test_names=journal_store.kidney_test_waits(),
        # A combination's box the Dose plan page waits to be read (rule combination_box_read).
        boxes_unread=journal_store.boxes_unread(),
        # A medicine it does not know, not yet checked (rule unknown_medicine_checked).
        unknown_unchecked=journal_store.unknown_unchecked(),
        # An answer changed there that it has not yet run with (rule answers_checked_first).
        answers_unchecked=journal_store.answers_unchecked(),
        # A link's age that could not be read (rule link_screen_incomplete; review, session 62).
        profile_unread=_profile_unread(viewer),
    )
    for conv_details in _details_for((conv_form,)):
        result = forms.label_conversion(
            conv_details.elemental_pct, conv_basis, conv_mg, target_mg, limit if limit is not None else 0.0
        )
        label_check = (
            safe.label_problem(
                result.elemental_mg_per_unit,
                result.dose_cap_mg,
                False,
                "Unit",
                "compound" if conv_basis == forms.BASIS_COMPOUND else "elemental",
                BOOK,
            )
            if limit is not None
            else None
        )
        cols = st.columns(3 if limit is not None and label_check is None else 2)
        cols[0].metric("Elemental magnesium per unit", f"{result.elemental_mg_per_unit:.1f} mg")
        cols[1].metric("Compound weight per unit", f"{result.compound_mg_per_unit:.0f} mg")
        if conv_details.route == "topical":
            # Reviewer (session 57): "5 units give 250 mg" of a magnesium oil, which the form's own
            # evidence row says passes the skin in an unknown amount: no count, as the Dose plan makes none.
            st.info(TOPICAL_NOT_ORAL + " The converter counts no units for it.", icon=":material/info:")
        elif no_count:
            st.info(no_count, icon=":material/info:")
        elif label_check is not None:
            st.error(label_check.text)
        else:
            misread = safe.compound_misread_mg(
                strength_mg=conv_mg,
                unit_mg=result.elemental_mg_per_unit,
                highest_mg=result.delivered_elemental_mg,
                halves=True,
                label_basis="compound" if conv_basis == forms.BASIS_COMPOUND else "elemental",
                limit_mg=result.limit_mg,
            )
            # Rule compound_label_check, as on the dose plan: a count that would be above the limit
            # if the label's number were the magnesium itself is shown only once the person confirms
            # the label's wording (pharmacist review: "3 units" of a "Magnesium 500 mg (as
            # glycinate)" label is 1,500 mg). Asked here each visit, never in a link.
            confirmed = misread is None or st.checkbox(
                safe.COMPOUND_CONFIRM_LABEL,
                key=CONV_CONFIRM_KEY,
            )
            if not confirmed:
                st.warning(
                    f"**Check the label first.** If its {conv_mg:g} mg is the magnesium itself ('Magnesium "
                    f"{conv_mg:g} mg (as …)', as on a US Supplement Facts panel), choose **Elemental "
                    f"magnesium** above: counted as a compound's weight, it would suggest units that give "
                    f"{misread:g} mg of magnesium a day, above {result.limit_mg:.0f} mg. Tick the box only if "
                    "the label gives no separate amount of magnesium. A label's amounts are often per serving "
                    "('Serving size: 2 capsules'): type the amount in one capsule or tablet.",
                    icon=":material/label_important:",
                )
            else:
                cols[2].metric(
                    f"Units for {result.target_elemental_mg:.0f} mg elemental",
                    forms.units_text(result.units_for_target),
                    help="Rounded down: never more than you asked for, nor above your limit",
                )
                st.markdown(
                    _converter_sentence(
                        result,
                        f"{result.elemental_mg_per_unit / 2:.0f} mg",
                        misread,
                        conv_mg,
                        safe.converter_limit_words(
                            float(viewer_ref.mg_ul_supplemental or 0.0),
                            limit_words(viewer_ref.mg_ul_kind),
                            BOOK,
                        ),
                    )
                    # Adversarial re-review (2026-12-05): opened without an age, it counted for the
                    # starting age without saying so; under 18, from 75 or pregnant it counts none.
                    + ("" if _age_given() else AGE_NOT_GIVEN.format(age=viewer.age_years))
                )
                laxative = laxative_form_words(conv_details.form_id, conv_details.form, data.forms)
                if laxative:
                    # Reviewer (session 57): Epsom salt counted "3 units give 300 mg" with no word that its
                    # row gives no daily supplement dose (the Dose plan warns of it the same way).
                    st.warning(
                        laxative + " The count says what the label's number means, not that it suits a "
                        "daily supplement: for that choose another form, or ask your pharmacist first.",
                        icon=":material/warning:",
                    )
        st.caption(
            f"{md(conv_details.form)} is {conv_details.elemental_pct:.2f}% magnesium by weight "
            f"({md(conv_details.formula)}; other salts or hydrates of the same name differ)."
        )
    note = LABEL_NOTE
    if note is not None:
        st.info(f"**Which number does a label state?** {md(note.claim)}  \n*{_sources(note.citations)}*")
    else:
        st.info("Which number a label states: no source in the data (unsourced); check the label's wording.")


_label_converter()


# ---- side by side ----------------------------------------------------------------------------
@st.fragment
def _side_by_side() -> None:
    """Two to four forms' details next to each other."""
    section = _section("Side by side", OPEN_SIDE, (forms.SIDE,), ":material/view_column:")
    if not section.open:
        return
    with section:
        _side_by_side_body()


def _side_by_side_body() -> None:
    side = magui.bound(forms.SIDE, "Forms to compare (2 to 4)")
    side_details = _details_for(tuple(side))
    if len(side_details) < 2:
        st.caption("Choose at least two forms.")
    else:
        # The short facts in one table, a column a form (side by side on a phone too), then each form's full
        # details in a tab of its own (phone review, session 62: the details in columns were stacked on a
        # phone, ~19,600 px for four forms).
        st.table(forms.side_by_side_frame(side_details))
        st.caption("Each form's full details, evidence and sources: its tab below.")
        for tab, d in zip(
            st.tabs([forms.FORM_LABELS.get(d.form_id, d.form) for d in side_details]),
            side_details,
            strict=True,
        ):
            with tab:
                st.markdown(f"### {md(d.form)}")  # under the section's h2
                _show_details(d)
        _limits_side_by_side()


_side_by_side()


# ---- evidence --------------------------------------------------------------------------------
@st.fragment
def _evidence() -> None:
    """What studies show, by topic (drawn once opened)."""
    section = _section("Evidence", OPEN_EVIDENCE, (), ":material/science:")
    if not section.open:
        return
    with section:
        st.write(
            "What studies show, grouped by topic. Better absorption in a blood or urine test does not by "
            "itself mean fewer cramps; weak, insufficient or conflicting evidence is marked."
        )
        for label, items in EVIDENCE:
            st.markdown(f"**{md(label)}**\n" + _evidence_lines(items))


_evidence()

magui.footer()
