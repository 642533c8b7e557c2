"""/diet — does food cover the person's magnesium? Servings sliders against their own RDA.

Thin page: bound widgets in → maglib.intake / maglib.food_search → numbers,
chart, suggestions. The food list is the bound ``foods`` code; each food's
servings slider (``s_<ndb_no>``) and portion (``u_<ndb_no>``) are bound too,
so a shared link reproduces the same day and totals.
"""

from __future__ import annotations

import contextlib
from typing import NamedTuple

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitAPIException

import magui
from maglib import intake
from maglib import safety as safe
from maglib.charts.diet import RULE_DATASET, chart_rows, diet_live_spec
from maglib.data import Dataset, default_data_dir
from maglib.food_search import (
    AMBIGUOUS_MARGIN,
    CONFIDENT_SCORE,
    SearchIndex,
    build_search_index,
    search_foods,
)
from maglib.links import Param, escape_markdown, serialize
from maglib.profile import (
    calcium_comparison_line,
    comparison_line,
    missing_words,
    stage_outside_tables,
    stage_verdict,
)
from maglib.provenance import citations
from maglib.safety import RuleBook, caffeine_in_day, foods_to_suggest, rule_book, whole_nuts_in_day
from maglib.schedule import START_DOSE_DEFAULT_MG, start_for_gap
from magui import journal_store
from magui.charts import arrow_datasets
from magui.evidence import cited_claim, source_line
from magui.profile import profile_inputs, profile_query, reference_of, sets_of

ADD_KEY = "_diet_add"
#: Set when a match button was used: its button is gone on the next run, so the keyboard's focus goes
#: back to "Add a food" (accessibility review, 2026-12-06: it fell to the page's body, WCAG 2.4.3).
REFOCUS_KEY = "_diet_refocus"
#: A one-line script frame (drawn only on that run) that puts the focus in the field; not on a
#: touchscreen, where a focused field opens the keyboard over the page.
REFOCUS_HTML = """<!doctype html><html><body><script>
if (!window.matchMedia("(pointer: coarse)").matches) {
  const field = window.parent.document.querySelector(".st-key-_diet_add input");
  if (field) field.focus();
}
</script></body></html>"""
#: The last "Add a food" search: (typed text, food it added or None, list code after it, the
#: next matches offered instead). Shown while the list is as that search left it.
MATCHES_KEY = "_diet_matches"
REMOVE_KEY = "_diet_remove"
#: "Remove a food · list code": drawn on request (the remove drop-down's code is not loaded
#: until it is opened); the bound list code inside it is drawn in either state.
TOOLS_KEY = "_diet_tools"
NOTE_KEY = "_diet_note"
#: How many next matches "Add a food" offers besides the one it added.
OTHER_MATCHES = 4
#: Show every food's portion selector. A view choice, not in the link: a food whose portion
#: differs from its usual one always shows its selector, so a link loses nothing.
UNITS_KEY = "_diet_units"
#: The "Close the gap" list on view (session only: a view choice, like the portion units).
GAP_TAB_KEY = "_diet_gap_tab"
GAP_SORTS = ("Most per serving", "Most per 100 kcal")


@st.cache_resource(show_spinner=False, max_entries=4)
def _indexes(folder: str, _data: Dataset) -> tuple[intake.FoodIndex, SearchIndex]:
    # cache_resource: read-only objects shared by every session, built once per data folder.
    food_index = intake.build_food_index(
        _data.foods, _data.food_portions, _data.everyday_foods, _data.diet_presets
    )
    return food_index, build_search_index(_data.foods, _data.everyday_foods, _data.food_aliases)


@st.cache_resource(show_spinner=False, max_entries=256)
def _params(folder: str, ndb_nos: tuple[str, ...], _index: intake.FoodIndex) -> tuple[Param, ...]:
    return intake.list_params(_index, ndb_nos)


@st.cache_resource(show_spinner=False, max_entries=16)
def _guidance_entry(folder: str, key: str, _data: Dataset) -> tuple[float, str]:
    return intake.guidance_entry(_data.guidance, key)


@st.cache_resource(show_spinner=False, max_entries=4)
def _rule_book(folder: str, _data: Dataset) -> RuleBook:
    """data/safety_rules.csv's numbers (read once per data folder)."""
    return rule_book(_data.safety_rules)


@st.cache_data(show_spinner=False, max_entries=256)
def _search(folder: str, query: str, _index: SearchIndex) -> list[tuple[str, float]]:
    return [(m.ndb_no, m.score) for m in search_foods(_index, query, limit=20)]


data = magui.dataset()
FOLDER = str(default_data_dir())
FOODS, SEARCH = _indexes(FOLDER, data)
DEFAULT_CODE = intake.encode_food_list(intake.default_food_list(FOODS))


def _kidney_disease() -> bool:
    """Kidney disease, or not sure, as answered on the Dose plan page in this tab (rule kidney_no_plan)."""
    return st.session_state.get(journal_store.KIDNEY) is True


def _portion_changed(ndb_no: str) -> bool:
    """Does this food use a portion other than its usual one (in this session or the link)?"""
    param = BY_KEY[intake.unit_key(ndb_no)]
    value = st.session_state.get(param.key, st.query_params.get(param.key, param.default))
    return value != param.default


def _current_code() -> str:
    """The list code this run will show: widget state, else the link, else the default."""
    if intake.FOODS_KEY in st.session_state:
        return str(st.session_state[intake.FOODS_KEY])
    return intake.link_list_code(st.query_params.get_all(intake.FOODS_KEY), FOODS)  # validated first


def _food_name(ndb_no: str) -> str:
    """What a picker shows for a food: its name only (the USDA number is for the link)."""
    food = FOODS.foods.get(ndb_no)
    return food.label if food is not None else ndb_no


def _set_list(ndb_nos: list[str]) -> None:
    st.session_state[intake.FOODS_KEY] = intake.encode_food_list(ndb_nos)


UNDO_KEY = "_diet_undo"  # (preset name or "" for Clear, list code it left, the list it replaced)


def _write_link(param: Param, value: object) -> None:
    """Put ``value`` in the link, as a move of its widget would (its default: out of the link).

    A widget drawn on the last run is bound to its key, and Streamlit writes a value set for it
    into the link itself; writing it here raises (phone review, 2026-12-04: with a food's slider
    moved, loading an example day holding that food replaced the page with Streamlit's error).
    """
    with contextlib.suppress(StreamlitAPIException):
        if value == param.default:
            st.query_params.pop(param.key, None)
        else:
            st.query_params[param.key] = serialize(param, value)[0]


def _apply(state: dict[str, object]) -> None:
    """Show this list with these servings and portions, in the widgets and in the link."""
    for key, value in state.items():
        st.session_state[key] = value
    # Streamlit writes a bound widget's value to the URL when the widget changes it, not when
    # session state seeds a widget that is new on the next run (these foods' sliders): write the
    # servings and portions that differ from their defaults into the link here, as a slider
    # move would, so a shared link or a reload shows the same day (issue 16, bug 1).
    new_foods = intake.parse_food_list(str(state[intake.FOODS_KEY]), FOODS).ndb_nos
    specs = {p.key: p for p in intake.list_params(FOODS, new_foods)}
    for key, value in state.items():
        param = specs.get(key)
        if param is None or key == intake.FOODS_KEY:
            continue
        _write_link(param, value)


def _current_state() -> dict[str, object]:
    """The list on screen with each food's servings and portion (to bring it back)."""
    code = _current_code()
    state: dict[str, object] = {intake.FOODS_KEY: code}
    for param in intake.list_params(FOODS, intake.parse_food_list(code, FOODS).ndb_nos):
        if param.key != intake.FOODS_KEY:
            state[param.key] = st.session_state.get(param.key, param.default)
    return state


def _load_preset() -> None:
    name = st.session_state[intake.PRESET_KEY]
    before = _current_state()
    state = intake.preset_state(FOODS, name)
    _apply(state)
    # Loading replaces the person's list: keep it, so one click brings it back.
    if before[intake.FOODS_KEY] and before != state:
        st.session_state[UNDO_KEY] = (name, str(state[intake.FOODS_KEY]), before)
    else:
        st.session_state.pop(UNDO_KEY, None)


def _undo_load() -> None:
    undo = st.session_state.pop(UNDO_KEY, None)
    if undo is not None:
        _apply(undo[2])


SUMMARY_KEY = "diet_summary"
# Keeps the summary line in view while the sliders below it move (Streamlit has no sticky
# container). The background is the theme's, so the line stays readable over the sliders.
_STICKY_CSS = """<style>
[data-testid="stLayoutWrapper"]:has(> .st-key-diet_summary) {position: sticky; top: 3.75rem;
  z-index: 5; padding: 0.25rem 0.5rem; background-color: __BG__;
  border-bottom: 1px solid rgba(128, 128, 128, 0.4);}
/* A control scrolled into view (keyboard focus, search results) lands below the summary line,
   not under it. */
[data-testid="stMain"] {scroll-padding-top: 8rem;}
/* "Add a food"'s next matches: long USDA names wrap instead of being cut (two matches can differ
   only at the end of their names). */
[class*="st-key-_diet_match_"] button {height: auto; text-align: left;}
[class*="st-key-_diet_match_"] button * {white-space: normal; overflow: visible; text-overflow: clip;}
/* The Close-the-gap list's order (drawn by the page) shows only beside a list to order. */
[data-testid="stColumn"]:not(:has(table)) .st-key-_diet_gap_tab {display: none;}
/* On a touchscreen a servings slider takes a touch on its knob only, over a 44 px square: its
   track (full width, 40 px tall, 11 of them) took any touch, so a finger scrolling the page set
   the servings of whichever food it landed on. The track now lets the page scroll. */
@media (pointer: coarse) {
  [data-testid="stSlider"] [role="group"] > div {pointer-events: none; touch-action: pan-y;}
  [data-testid="stSlider"] [role="group"] > div > div:has(> div > input[type="range"]) {pointer-events: auto;}
  [data-testid="stSlider"] [role="group"] > div > div:has(> div > input[type="range"])::before {
    content: ""; position: absolute; inset: -16px;}
}
</style>"""


def _background() -> str:
    """The page's background colour in the theme the person sees (light or dark)."""
    scheme = "dark" if getattr(st.context.theme, "type", None) == "dark" else "light"
    return str(
        st.get_option(f"theme.{scheme}.backgroundColor") or ("#0E1117" if scheme == "dark" else "#FFFFFF")
    )


def _summary_line(total_mg: float, gap: intake.Gap | None, at_least: str, kind: str, whose: str) -> str:
    """One line: the day's total and what it means against the person's reference."""
    text = f"**{whose}: {at_least}{total_mg:.0f} mg/day**"
    if gap is None:
        return text
    if gap.gap_mg > 0:
        return text + f" · {gap.pct:.0f}% of your {kind} · **gap {gap.gap_mg:.0f} mg**"
    return text + f" · {gap.pct:.0f}% of your {kind} · no gap"


def _clear_list() -> None:
    before = _current_state()
    _set_list([])
    # One tap emptied a list with no way back (phone review, session 58): the same undo as Load's.
    if before[intake.FOODS_KEY]:
        st.session_state[UNDO_KEY] = ("", "", before)


def _put_food(ndb_no: str, replacing: str | None = None) -> bool:
    """Put a food in the list at one serving of its usual portion, in place of ``replacing``.

    Returns whether the list changed; says why not in the note (already there, or full).
    """
    current = list(intake.parse_food_list(_current_code(), FOODS).ndb_nos)
    if ndb_no in current:
        st.session_state[NOTE_KEY] = f"{escape_markdown(FOODS.foods[ndb_no].label)} is already in the list."
        return False
    if replacing in current:
        current[current.index(replacing)] = ndb_no
    elif len(current) >= intake.MAX_FOODS:
        st.session_state[NOTE_KEY] = f"The list holds at most {intake.MAX_FOODS} foods: remove one first."
        return False
    else:
        current.append(ndb_no)
    # A food added by hand arrives at one serving of its usual portion (coffee came at the
    # Typical day's 2 cups), on screen and in the link.
    _set_list(current)
    servings = next(p for p in intake.food_params(FOODS, ndb_no) if p.key == intake.servings_key(ndb_no))
    st.session_state[servings.key] = 1.0
    _write_link(servings, 1.0)
    return True


#: Where a food added by hand appears (it joins the end of the list).
ADDED_WHERE = "its servings slider is the last one in the list below, at one serving."


def _add_typed() -> None:
    """Add the food typed in "Add a food" at once: one step, mouse, keyboard or phone.

    The text is searched in every USDA food (typos are fine) and the best match is added, named
    in a note; the next matches are offered as buttons, so a wrong guess is one tap away from
    the right food.
    """
    query = str(st.session_state.get(ADD_KEY) or "").strip()[:60]
    st.session_state[ADD_KEY] = ""
    st.session_state.pop(MATCHES_KEY, None)
    if not query:
        return
    found = [(ndb, score) for ndb, score in _search(FOLDER, query, SEARCH) if ndb in FOODS.foods]
    if not found:
        st.session_state[NOTE_KEY] = f"No food matches “{escape_markdown(query)}”: try another word."
        return
    matches = [ndb for ndb, _ in found]
    weak = found[0][1] < CONFIDENT_SCORE
    if weak or (len(found) > 1 and found[0][1] - found[1][1] < AMBIGUOUS_MARGIN):
        # Not close enough, or as close to another food, to add unasked (phone review, 2026-12-04:
        # "brazil nuts" added walnuts; "rice" brown rice): the closest are offered, and nothing
        # changes until one is picked.
        st.session_state[NOTE_KEY] = (
            f"No close match for “{escape_markdown(query)}”, so nothing was added: pick one below, or try "
            "another word (the USDA tables use American names: zucchini for courgette, eggplant for "
            "aubergine, oatmeal for porridge)."
            if weak
            else f"Several foods match “{escape_markdown(query)}” about equally, so nothing was added: "
            "pick yours below, or type more of its name."
        )
        listed_now = set(intake.parse_food_list(_current_code(), FOODS).ndb_nos)
        closest = tuple(m for m in matches if m not in listed_now)[:OTHER_MATCHES]
        if closest:
            st.session_state[MATCHES_KEY] = (query, None, _current_code(), closest)
        return
    best = matches[0]
    added = _put_food(best)
    if added:
        # Where it went (phone review: a new food lands below the other sliders, off screen).
        st.session_state[NOTE_KEY] = (
            f"Added **{escape_markdown(FOODS.foods[best].label)}**, the closest match to "
            f"“{escape_markdown(query)}”: {ADDED_WHERE}"
        )
    # The next matches, leaving out foods already in the list (one of them is no alternative).
    listed_now = set(intake.parse_food_list(_current_code(), FOODS).ndb_nos)
    others = tuple(m for m in matches[1:] if m not in listed_now)[:OTHER_MATCHES]
    if others:
        st.session_state[MATCHES_KEY] = (query, best if added else None, _current_code(), others)


def _use_match(ndb_no: str) -> None:
    """One of the next matches, in place of the food the search added (or beside the list's own)."""
    st.session_state[REFOCUS_KEY] = True
    offered = st.session_state.pop(MATCHES_KEY, None)
    replacing = offered[1] if offered is not None else None
    if _put_food(ndb_no, replacing):
        st.session_state[NOTE_KEY] = f"Added **{escape_markdown(FOODS.foods[ndb_no].label)}**" + (
            f" in place of {escape_markdown(FOODS.foods[replacing].label)}, at one serving."
            if replacing in FOODS.foods
            else f": {ADDED_WHERE}"
        )
    elif offered is not None:
        st.session_state[MATCHES_KEY] = offered  # not added (the note says why): the others stay


def _remove_pick() -> None:
    pick = st.session_state.get(REMOVE_KEY)
    st.session_state[REMOVE_KEY] = None
    if pick:
        current = intake.parse_food_list(_current_code(), FOODS).ndb_nos
        _set_list([n for n in current if n != str(pick)])


listed = intake.parse_food_list(_current_code(), FOODS)
PARAMS = _params(FOLDER, listed.ndb_nos, FOODS)
BY_KEY = {p.key: p for p in PARAMS}
# The servings and portions of foods that were on screen on the last run and have left the list
# (cleared, removed, replaced by an example day) are still in the link during this run: Streamlit
# takes them out at its end, with their sliders. They are the app's own, not a link's mistake
# (phone review, 2026-12-04: Clear said "Part of this link could not be used").
SHOWN_KEY = "_diet_shown_foods"
_left = tuple(n for n in st.session_state.get(SHOWN_KEY, ()) if n not in listed.ndb_nos)
st.session_state[SHOWN_KEY] = listed.ndb_nos
magui.page_setup("diet", PARAMS + _params(FOLDER, _left, FOODS) if _left else PARAMS)

st.title("Does your food cover your magnesium?")
st.caption(
    "Move the servings sliders to match a usual day. Totals use the US Department of "
    "Agriculture's food tables (average magnesium per 100 g; USDA SR28, its 2016 release) times "
    "the portion's grams; real foods vary. **RDA** (Recommended Dietary Allowance): the amount a "
    "day that covers nearly every healthy person of your age and sex; **AI** (Adequate Intake) "
    "stands in where the evidence is too thin for an RDA."
)

profile = profile_inputs()
ref = reference_of(profile)
#: Pregnant or breastfeeding at an age the tables have no such row for (9–13, 51–60): the day
#: meeting the general figure is not called "no gap" (maglib.profile.stage_verdict).
STAGE_OUT = stage_outside_tables(profile, data.intake_reference_sets)
mg_dv, mg_dv_sources = _guidance_entry(FOLDER, "mg_dv", data)
DV_MIN_AGE, _ = _guidance_entry(FOLDER, "dv_min_age_years", data)
#: The Daily Value is a label figure for everyone from age 4: not shown for a younger child, nor in
#: pregnancy or breastfeeding (clinician review, 2026-12-04: "69% DV" of 420 mg was shown in
#: pregnancy; the 420 mg row is for adults and children 4 and older, and the app holds no other).
DV_APPLIES = profile.age_years >= DV_MIN_AGE and profile.life_stage == "general"
DV_NOT_FOR = (
    f"not for under {DV_MIN_AGE:g}"
    if profile.age_years < DV_MIN_AGE
    else {"pregnancy": "not in pregnancy", "lactation": "not when breastfeeding"}.get(profile.life_stage, "")
)
BOOK = _rule_book(FOLDER, data)


ADULT_AGE = BOOK.self_serve_min_age  # the age from which the dose plan makes a self-serve plan


class _Slots(NamedTuple):
    """Where the day's fragment writes: containers the page draws around its fixed parts."""

    summary: DeltaGenerator
    result: DeltaGenerator


#: The day's fragment: what the servings and portions decide (its inputs are drawn by ``_inputs``).
DAY_KEY = "diet_day"


def _rerun_day() -> None:
    """A servings or portion change reruns only the day's fragment (not the page, not the sliders)."""
    st.rerun(DAY_KEY)


# The servings sliders and portion selectors are drawn outside this fragment (``_inputs``), each
# calling for a rerun of this fragment alone when it changes (issue 18): a move re-sends neither
# the sliders nor the list controls, headings and notes around them, only what the servings
# decide (the summary line, the figures, the chart and the suggestions). The fragment writes into
# containers the page made (Streamlit keeps a fragment's writes to outside containers in place).
# A change of the food list changes the page's URL params, so it reruns the page.
@st.fragment(key=DAY_KEY)
def _day(code: str, choose: bool, slots: _Slots) -> None:
    """The totals, chart and suggestions the servings sliders (and portions) decide."""
    if _current_code() != code:
        st.rerun(scope="app")
    lines: list[intake.Line] = []
    # The example day as the page opens, until the person changes it: its total is not theirs
    # (phone review, 2026-12-04: "Your day: 290 mg/day" on a first visit read as their answer).
    example = code == DEFAULT_CODE
    for ndb_no in listed.ndb_nos:
        # The sliders' values: the page drew them (in this run, or before a rerun of this fragment).
        servings_param = BY_KEY[intake.servings_key(ndb_no)]
        unit = BY_KEY[intake.unit_key(ndb_no)]
        servings = st.session_state.get(servings_param.key, servings_param.default)
        portion = st.session_state.get(unit.key, unit.default) if choose else unit.default
        example = example and servings == servings_param.default and portion == unit.default
        lines.append(intake.food_line(FOODS, ndb_no, servings, str(portion)))
    whose = "Example day" if example else "Your day"

    totals = intake.diet_total(lines)
    # The chosen set's target; None where that authority sets none or it was not verified
    # (no gap is worked out then: another set's figure is never borrowed).
    target = ref.mg_rda
    gap = intake.gap_for(totals.mg, target) if target is not None else None
    target_name = f"{ref.set_label} {ref.mg_rda_kind}"
    at_least = "at least " if totals.missing_mg else ""

    undecided = (
        stage_verdict(totals.mg, target, STAGE_OUT)
        if STAGE_OUT is not None and gap is not None and target is not None
        else None
    )
    summary = _summary_line(totals.mg, gap, at_least, ref.mg_rda_kind, whose)
    if undecided is not None and STAGE_OUT is not None:
        summary = f"**{whose}: {at_least}{totals.mg:.0f} mg/day** · no verdict for {STAGE_OUT.words}"
    if example:
        summary += " · change the servings below to match yours"
    slots.summary.markdown(summary)

    # The references (RDA, Daily Value) do not change with the servings: the page draws them once,
    # above this slot. What the servings decide is the food's total (with its share of each), the
    # chart, and one text under it (the gap, calcium and potassium).
    with slots.result:
        shares = [f"{gap.pct:.0f}% of your {ref.mg_rda_kind}"] if gap is not None else []
        if DV_APPLIES and profile.age_years >= ADULT_AGE:
            # Not under 18 (review, session 62: a 6-year-old's "223% of your RDA · 69% DV" read as short by a
            # third): the metric beside the RDA says whose figure the DV is.
            shares.append(f"{intake.percent_of(totals.mg, mg_dv):.0f}% DV")
        st.metric(
            "Magnesium from food",
            f"{totals.mg:.0f} mg/day",
            " · ".join(shares) or None,
            delta_color="off",
            delta_arrow="off",
            width="content",
            help="Your day's total against your reference intake and against the Daily Value.",
        )
        if totals.missing_mg:
            st.warning("No magnesium value in USDA for: " + escape_markdown(", ".join(totals.missing_mg)))
        in_day = [(line.ndb_no, escape_markdown(line.label), line.servings) for line in lines]
        caffeine = caffeine_in_day(in_day, FOODS.caffeinated, profile.age_years, BOOK)
        if caffeine:
            st.warning(caffeine, icon=":material/local_cafe:")
            st.caption(f"Source: {source_line(BOOK.cite('no_caffeine_suggestions'))}")
        nuts = whole_nuts_in_day(in_day, FOODS.whole_nuts, profile.age_years, BOOK)
        if nuts:
            st.warning(nuts, icon=":material/warning:")
            st.caption(f"Source: {source_line(BOOK.cite('whole_nuts_min_age'))}")

        # One spec for every list (the rows go as named datasets): a slider move swaps the rows
        # into the live chart instead of compiling a new one in the browser.
        spec = diet_live_spec(chart_rows(lines), target or 0.0, target_name)
        if target is None:  # no reference line where the chosen set has no figure
            spec = {**spec, "datasets": {**spec["datasets"], RULE_DATASET: []}}
        chart = arrow_datasets(spec)
        st.vega_lite_chart(chart, width="stretch", key="diet_chart")

        if gap is None:
            gap_text = (
                f"**No {ref.set_label} magnesium figure for you:** "
                + (
                    "the figure could not be verified for this app"
                    if ref.mg_rda_kind == "unverified"
                    else "the authority sets none for this age"
                )
                + f", so no gap is worked out. Food gives {at_least}{totals.mg:.0f} mg; the line above "
                "shows the other sets' figures."
            )
        elif gap.gap_mg > 0:
            gap_text = (
                f"**Gap: {gap.gap_mg:.0f} mg/day** — food gives {at_least}{totals.mg:.0f} mg of your "
                f"{target:.0f} mg {ref.mg_rda_kind}."
            )
        elif undecided is not None:
            gap_text = undecided
        else:
            gap_text = (
                f"**No gap: {gap.surplus_mg:.0f} mg/day above** your {ref.mg_rda_kind}. "
                "The upper limit is for supplements and medicines, not food."
            )
        ca_note = f" (no value for {', '.join(totals.missing_ca)})" if totals.missing_ca else ""
        k_note = f" (no value for {', '.join(totals.missing_k)})" if totals.missing_k else ""
        ca_of = (
            f"of {ref.ca_rda:.0f} mg {ref.ca_kind} ({ref.set_label}) "
            f"({intake.percent_of(totals.ca_mg, ref.ca_rda):.0f}%)"
            if ref.ca_rda is not None
            else f"({ref.set_label} calcium reference: {missing_words(ref.ca_kind)})"
        )
        # One text (each element costs the browser a render on every move).
        st.markdown(
            f"{gap_text}\n\n"
            f"**Calcium:** {totals.ca_mg:.0f} mg {ca_of}{escape_markdown(ca_note)}  \n"
            f"**Potassium:** {totals.k_mg:.0f} mg of {ref.k_ai:.0f} mg AI (US) "
            f"({intake.percent_of(totals.k_mg, ref.k_ai):.0f}%){escape_markdown(k_note)}"
        )
    # "Close the gap": in the fragment's own container (the page calls it under that heading).
    if gap is not None and gap.gap_mg > 0:
        # The list chosen above (the page draws the choice); only that list is drawn, with its
        # introduction and note, as one text.
        per_kcal = st.session_state.get(GAP_TAB_KEY) == GAP_SORTS[1]
        # Three columns (five did not fit a phone): the serving with the food's name, and
        # the figure this list sorts by.
        # Rule whole_nuts_min_age: no nuts, seeds or nut butters suggested to young children.
        # Rule no_free_sugar_suggestions: no fruit juice, coconut water or molasses, at any age.
        # Rule no_caffeine_suggestions: no coffee, tea, chocolate or cocoa, at any age.
        pool, left_out = foods_to_suggest(
            FOODS.everyday,
            FOODS.nuts_and_seeds,
            FOODS.caffeinated,
            FOODS.free_sugars,
            profile.age_years,
            BOOK,
        )
        found = (
            intake.suggestions_per_100kcal(FOODS, gap.gap_mg, max_servings=4, ndb_nos=pool)
            if per_kcal
            else intake.suggestions_per_serving(FOODS, gap.gap_mg, ndb_nos=pool)
        )
        rows = [
            f"| {escape_markdown(s.label)} ({escape_markdown(s.portion)})"
            + (f" · *{escape_markdown(intake.allergen_words(s.allergens))}*" if s.allergens else "")
            + " | "
            + (f"{(s.mg_per_100kcal or 0):.0f} mg" if per_kcal else f"{s.mg_per_serving:.0f} mg")
            + f" | {intake.servings_needed_words(s.servings_needed)} |"
            for s in found
        ]
        st.markdown(
            f"Everyday foods, in their usual portion, and the servings each would need alone "
            f"to add {gap.gap_mg:.0f} mg.\n\n"
            f"| Food (serving) | {'Mg per 100 kcal' if per_kcal else 'Mg per serving'} | "
            "Servings needed |\n|---|---:|---:|\n" + "\n".join(rows) + "\n\n"
            f":small[Servings are rounded up to the sliders' {intake.SERVINGS_STEP:g} step. "
            "Per 100 kcal lists only foods that would close the gap in 4 servings or fewer.]"
            + (
                f"\n\n:small[{intake.ALLERGEN_NOTE} Source: "
                f"{source_line(intake.ALLERGEN_SOURCE_IDS) or 'missing from data/sources.csv'}]"
                if any(s.allergens for s in found)
                else ""
            )
            + (
                f"\n\n**{left_out}**  \nSource: "
                + source_line(
                    BOOK.cite(
                        *(("whole_nuts_min_age",) if profile.age_years < BOOK.whole_nuts_min_age else ()),
                        "no_free_sugar_suggestions",
                        "no_caffeine_suggestions",
                    )
                )
                if left_out
                else ""
            )
        )
        if profile.age_years < ADULT_AGE:
            # Under 18 the dose plan makes no self-serve plan (food first): do not offer one.
            st.caption(
                f"Under {ADULT_AGE}: close the gap with food first; a supplement only on a doctor's advice."
            )
            return
        if not safe.diet_offers_plan(profile.age_years, _kidney_disease(), BOOK):
            return  # kidney disease or not sure: no plan is offered (said under "Close the gap")
        if not lines or totals.mg <= 0:
            # No foods is nobody's day: no supplement for a "gap" of the whole reference intake
            # (dietitian review, 2026-12-04: an empty list offered a plan for a 420 mg gap).
            st.caption("Add the foods you eat to see your own gap before thinking of a supplement.")
            return
        if example:
            # The example's gap is nobody's: it does not travel to the plan (adversarial review,
            # 2026-12-04: the untouched example day sent "your diet gap of 30 mg" to the plan). The
            # summary line above says it is the example's (no element more on a slider move).
            st.page_link(
                "pages/schedule.py",
                label="Plan a cautious dose for cramps",
                icon=":material/arrow_forward:",
                query_params=profile_query(profile),
            )
            return
        st.page_link(
            "pages/schedule.py",
            # Food first; the plan starts low and stays within the upper limit whatever the gap
            # (review, 2026-12-04: "for the remaining 420 mg gap" read as a 420 mg supplement).
            label="Food first. Or plan a cautious supplement dose",
            icon=":material/arrow_forward:",
            # The gap shapes the plan: a small gap gets a start dose that just covers it.
            query_params={
                "gap": str(round(gap.gap_mg)),
                "start_mg": str(start_for_gap(gap.gap_mg, START_DOSE_DEFAULT_MG)),
                **profile_query(profile),
            },
        )
    elif gap is None:
        st.caption(f"No gap to close: the {ref.set_label} set has no magnesium figure for you.")
    elif undecided is not None:
        st.caption(
            "No list: the tables have no figure for you to close a gap to; ask your midwife or doctor."
        )
    else:
        # Pharmacist review (2026-12-05): "Nothing to close", then a plan offered for cramps, nudged
        # beyond the evidence; the caption says what a supplement would and would not add.
        no_gap = intake.no_gap_cramp_evidence(profile.life_stage)
        st.caption(
            "Nothing to close: your food meets your reference intake, so a supplement would add magnesium "
            "you are not short of. Whether it helps cramps is doubtful: the Dose plan page gives the evidence. "
            + no_gap[0]
        )
        # Review (session 62): with no gap, a pharmacist leads with what has been tested for cramps, not a plan.
        for evidence_id in no_gap[1]:
            cited_claim(evidence_id)
        if safe.diet_offers_plan(profile.age_years, _kidney_disease(), BOOK):
            # Cramps are why most people come: the plan is still one tap away (phone review).
            st.page_link(
                "pages/schedule.py",
                label="Cramps: the evidence, and a cautious plan",  # one line at 390 px
                icon=":material/arrow_forward:",
                query_params=profile_query(profile),
            )


@st.fragment
def _inputs(choose: bool) -> None:
    """The servings sliders (and portion selectors, when chosen), each rerunning only the day.

    In a fragment of their own, so a move starts a rerun of this fragment (not of the page),
    which the callback turns into a rerun of the day's fragment alone: the inputs are not re-sent.
    """
    for ndb_no in listed.ndb_nos:
        food = FOODS.foods[ndb_no]
        unit = BY_KEY[intake.unit_key(ndb_no)]
        servings = BY_KEY[intake.servings_key(ndb_no)]
        if not choose:
            label = f"{food.label} · servings of {unit.default}"
            magui.bound(servings, label, widget="slider", on_change=_rerun_day)
            continue
        # One horizontal block per food (not st.columns: three blocks each, and 25 rows add up).
        with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
            magui.bound(servings, food.label, widget="slider", width="stretch", on_change=_rerun_day)
            magui.bound(
                unit,
                f"Portion of {food.label}",
                label_visibility="collapsed",
                width=200,
                on_change=_rerun_day,
            )


def _references() -> None:
    """The person's reference intake and the Daily Value: fixed for the profile, drawn by the page."""
    with st.container(horizontal=True, gap="medium"):
        target = ref.mg_rda
        st.metric(
            f"Your {ref.mg_rda_kind} ({ref.set_label})"
            if target is not None
            else f"Your {ref.set_label} reference",
            f"{target:.0f} mg" if target is not None else missing_words(ref.mg_rda_kind),
            width="content",
            help="RDA: the amount a day that covers nearly every healthy person of your age and sex. "
            "AI: the amount used where the evidence is too thin for an RDA.",
        )
        st.metric(
            # Under 18 said on the page, not only in its help (review, session 62: a 10-year-old's 420 mg beside
            # the RDA of 240 mg could still be taken for the target).
            "Daily Value on labels: not your target"
            if DV_APPLIES and profile.age_years < ADULT_AGE
            else "Daily Value",
            f"{mg_dv:.0f} mg" if DV_APPLIES else DV_NOT_FOR,
            width="content",
            help="The Daily Value (DV) is the figure US food labels use for adults and children from age 4; "
            "the %DV on a label is a share of it. Labels for pregnancy and breastfeeding use their own, "
            "which this app does not hold: your reference beside it is the figure to go by. Under 18 too: "
            "one DV serves every age from 4, so this page shows no % DV for a child or teenager.",
        )


@st.fragment
def _gap_sorts() -> None:
    """The Close-the-gap list's order: a one-tap choice that reruns only the day's fragment.

    Drawn by the page (tabs were three blocks re-sent with every servings move), in a fragment of
    its own so a tap does not rerun (or fade) the page.
    """
    # A horizontal radio, not a segmented control: the page already loads the radio's code (the
    # profile's choices), so a first visit fetches no extra component.
    st.radio(
        "Sort the everyday foods by",
        GAP_SORTS,
        key=GAP_TAB_KEY,
        horizontal=True,
        label_visibility="collapsed",
        on_change=_rerun_day,
    )


def _day_frame(code: str) -> tuple[bool, _Slots, DeltaGenerator]:
    """The day's fixed parts (list controls, headings, notes) with empty slots for the fragment.

    Returns whether portion units are chosen, the slots, and the column that ends with the
    "Close the gap" heading (the fragment itself goes there).
    """
    left, right = st.columns([5, 4], gap="large")

    with left:
        # The result in a line that stays in view while the sliders move (a phone shows the
        # right-hand column only below every slider); filled in once the totals are known.
        summary = st.container(key=SUMMARY_KEY)
        st.header("Your day")
        # A radio, not a drop-down (issue 18: without its drop-downs the first load takes about 0.93
        # of the time; benchmarks/README.md, the noon round); Load and Clear side by side on a phone.
        st.radio(
            "Start from an example day", intake.preset_names(FOODS), key=intake.PRESET_KEY, horizontal=True
        )
        with st.container(horizontal=True, gap="small"):
            st.button(
                "Load", on_click=_load_preset, key="_diet_load", help="Replace the list with this example day"
            )
            st.button("Clear", on_click=_clear_list, key="_diet_clear", help="Empty the list")

        undo = st.session_state.get(UNDO_KEY)
        if undo is not None and undo[1] == code:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption(
                    f"“{escape_markdown(undo[0])}” replaced your list."
                    if undo[0]
                    else "Clear emptied the list."
                )
                st.button("Undo: bring back my list", key="_diet_undo_button", on_click=_undo_load)
        elif undo is not None:
            st.session_state.pop(UNDO_KEY, None)  # the list has changed since: nothing to undo

        # One control adds a food (issue 16: a search box, then a second control): type any food
        # and press Enter to add the closest of the 8,000+ USDA foods; the next matches are offered
        # below it. A text box, not a drop-down: a drop-down's code costs the first load (issue 18;
        # benchmarks/README.md, the noon round).
        st.text_input(
            "Add a food",
            key=ADD_KEY,
            max_chars=60,
            placeholder="Type any food and press Enter, e.g. pumpkin seeds",
            help="Type any of the 8,000+ foods in the USDA tables (typos are fine) and press Enter: a close "
            "match is added at once, and the next matches are offered in case it is not the one; when no "
            "food matches closely, or several match about equally, the closest are offered instead.",
            on_change=_add_typed,
        )
        if st.session_state.pop(REFOCUS_KEY, False):
            st.iframe(
                REFOCUS_HTML, height=1, tab_index=-1, alt="Puts the keyboard's focus back in Add a food"
            )
        if st.session_state.get(NOTE_KEY):
            with magui.layout.say("diet_note"):  # read out by a screen reader
                st.info(st.session_state.pop(NOTE_KEY))
        offered = st.session_state.get(MATCHES_KEY)
        if offered is not None and offered[2] == code:
            query, added, _, others = offered
            st.caption(
                (f"Not the one? Use another match for “{escape_markdown(query)}”:")
                if added is not None
                else f"Other matches for “{escape_markdown(query)}”:"
            )
            with st.container(horizontal=True, gap="small"):
                for ndb_no in others:
                    st.button(
                        FOODS.foods[ndb_no].label,
                        key=f"_diet_match_{ndb_no}",
                        on_click=_use_match,
                        args=(ndb_no,),
                    )
        elif offered is not None:
            st.session_state.pop(MATCHES_KEY, None)  # the list has changed since
        if listed.problems:
            st.warning(
                "Part of the food list could not be used: "
                + escape_markdown("; ".join(listed.problems))
                + "."
            )

        # A portion selector per food doubles the widgets (and the rerun cost) of a long list, so
        # the selectors show on request; a changed portion keeps its selector (and the toggle) on.
        changed = [n for n in listed.ndb_nos if _portion_changed(n)]
        if changed:
            st.session_state[UNITS_KEY] = True
        choose = st.toggle(
            "Choose portion units",
            key=UNITS_KEY,
            help="Each food starts in its usual household portion. Turn this on to measure a food "
            "in any USDA portion of it (or in grams). It stays on while a food uses another portion.",
        )
        _inputs(choose)
        if not listed.ndb_nos:
            st.info("The list is empty: load an example day or add foods above.")

        # Drawn on request: removing is rarer than adding, and a drop-down's code costs the first
        # load (issue 18). Setting a food's servings to 0 also takes it out of the total.
        tools = st.expander(
            "Remove a food · the list's code (part of the link)", key=TOOLS_KEY, on_change="rerun"
        )
        if tools.open:
            tools.selectbox(
                "Remove a food",
                list(listed.ndb_nos),
                index=None,
                key=REMOVE_KEY,
                format_func=_food_name,
                placeholder="Pick a food to take it off the list",
                on_change=_remove_pick,
            )
        with tools:
            magui.bound(
                intake.list_code_param(FOODS),
                "USDA food numbers in the list, separated by '-'",
                help="The page link carries this code, so a shared link shows the same foods.",
            )

    with right:
        st.header("Result")
        _references()
        st.caption(
            f"Magnesium reference for you in each set: {comparison_line(sets_of(profile))}. "
            f"You chose {ref.set_label} (Reference values, above); the sets differ and the app does not "
            "pick one for you."
        )
        result = st.container()
        st.caption(
            f"Secondary figures, against the {ref.set_label} calcium {ref.ca_kind} and the US potassium "
            "AI (the app holds no UK or EU potassium figure). Calcium reference for you in each set: "
            f"{calcium_comparison_line(sets_of(profile))}."
        )
        st.header("Close the gap")
        # Drawn once with the heading, not by the day's fragment (dietitian review, 2026-12-04: the
        # suggestions are mostly potassium-rich, and nothing on the page spoke of kidney disease).
        cited_claim("kidney-food-and-supplements")
        if _kidney_disease():
            st.warning(safe.KIDNEY_DIET_WORDS, icon=":material/warning:")
            st.caption(f"Source: {source_line(BOOK.cite('kidney_no_plan'))}")
        _gap_sorts()
    return choose, _Slots(summary, result), right


st.html(_STICKY_CSS.replace("__BG__", _background()))
_CHOOSE, _SLOTS, _RIGHT = _day_frame(_current_code())
with _RIGHT:  # under "Close the gap": the fragment's own container holds its suggestions
    _day(_current_code(), _CHOOSE, _SLOTS)

st.info(
    "**Read these numbers with care.** The upper limit for magnesium applies to supplements and "
    "medicines, not to magnesium in food. Only part of the magnesium in food is absorbed (NIH ODS); "
    "the RDA is an amount to eat, so it already allows for that (Food and Nutrition Board, 1997). "
    "Values are USDA per-100 g averages for each food; a real portion can differ.",
    icon=":material/info:",
)
# Drawn once opened (the browser redraws the whole page whenever the day reruns).
sources = st.expander("Sources for these numbers", key="_diet_sources", on_change="rerun")
if sources.open:
    sources.markdown(
        "\n".join(
            f"- {escape_markdown(c)}"
            for c in {
                *citations(data, "usda-sr28"),
                *citations(data, ref.source_ids),
                *citations(data, ref.k_source_ids),
                *(c for values in sets_of(profile) for c in citations(data, values.source_ids)),
                *citations(data, mg_dv_sources),
                *citations(data, "app-example"),
                *citations(data, "fnb-dri-1997"),
            }
        )
    )

magui.footer()
