"""The profile widgets, shared by /diet and /schedule (asked once per visit)."""

from __future__ import annotations

import contextlib
from dataclasses import replace

import streamlit as st
from streamlit.errors import StreamlitAPIException

from maglib import safety
from maglib.data import default_data_dir
from maglib.links import check_query, escape_markdown, serialize
from maglib.profile import (
    LIFE_STAGE_LABELS,
    PROFILE_PARAMS,
    SET_AUTHORITIES,
    SET_LABELS,
    SEX_LABELS,
    Profile,
    Reference,
    SetValues,
    compare_sets,
    profile_from_values,
    reference_for,
    stage_applies,
    stage_outside_tables_note,
)
from maglib.provenance import citations
from magui.data import dataset
from magui.layout import PROFILE_MEMORY, reseed_widgets_from_url, unbind_other_pages
from magui.widgets import bound

AGE, SEX, STAGE, REFS = PROFILE_PARAMS
#: The reference set used when no link chooses one (rule link_set_no_lift).
DEFAULT_SET = next(k for k, v in SET_LABELS.items() if v == REFS.default)
#: The visit's profile, kept apart from the widget keys: Streamlit drops a bound
#: widget's URL param and state when the user switches to another page.
_MEMORY = PROFILE_MEMORY
_LAST_PAGE = "_profile_last_page"
#: The reference set the reader chose on a page in this tab (rule link_set_no_lift): a link's set, not chosen,
#: never raises the limit.
_REFS_OWN = "_profile_refs_own"


def _current_page() -> str:
    return str(st.session_state.get("_page_link_params", ("",))[0])


def _seed_from_memory() -> None:
    """On a page's first run after a switch, reuse the visit's profile where the link is silent.

    Only on that first run: on later reruns of the same page the person's own
    input must win, so nothing is seeded.
    """
    if st.session_state.get(_LAST_PAGE) == _current_page():
        return
    if carry_to_link():
        reseed_widgets_from_url()


def remember_link_profile() -> None:
    """Keep the profile a link gives to a page without profile inputs (/compare) as the visit's, so the
    next page shows it too (adversarial review, 2026-12-05: /compare?age=15 then Dose plan showed 45).
    Values the link check refuses are left out (the visit's earlier answer stays)."""
    raw = {key: list(st.query_params.get_all(key)) for key in st.query_params}
    keys = {p.key for p in PROFILE_PARAMS}
    linked, _ = check_query({k: v for k, v in raw.items() if k in keys}, PROFILE_PARAMS)
    if linked:
        memory = dict(st.session_state.get(_MEMORY) or {p.key: p.default for p in PROFILE_PARAMS})
        memory.update(linked)
        st.session_state[_MEMORY] = memory


def carry_to_link() -> bool:
    """Write the visit's profile into the address where the link is silent; True if it wrote any.

    Through the URL, not st.session_state: the address bar then carries the profile too, so
    copying it after a page switch shares the same view. Also for a page that shows no profile
    inputs but reads the profile (/compare's converter and limit; adversarial link review,
    2026-12-05: a 15-year-old's /compare link opened the adult converter for its receiver).
    """
    memory = st.session_state.get(_MEMORY, {})
    in_link = set(st.query_params.keys())
    seeded = False
    unbind_other_pages([p.key for p in PROFILE_PARAMS if p.key not in in_link])
    for param in PROFILE_PARAMS:
        value = memory.get(param.key)
        if value is None or param.key in in_link or value == param.default:
            continue
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[param.key] = serialize(param, value)[0]
            seeded = True
    return seeded


#: The profile answers the person gave on a page of this tab (changed a field), not only seen at their starting
#: value: a link's age or stage that could not be read stays unread for /compare's converter until then (rule
#: link_screen_incomplete; review, session 62: visiting the Food page without touching it lifted it).
_ENTERED = "_profile_entered"


def entered(key: str) -> bool:
    """Whether the person gave this profile answer on a page of this tab."""
    return key in (st.session_state.get(_ENTERED) or ())


def _remember(key: str) -> None:
    """A profile widget's new value, kept as the visit's when it changes: before the page's run reaches
    the end of :func:`profile_inputs` (adversarial review, 2026-12-05: an age typed on /diet and committed
    by the same tap that opened the Dose plan page was lost there, which showed the age before it; the
    callback runs even when that run is the next page's)."""
    if key not in st.session_state:
        return
    memory = dict(st.session_state.get(_MEMORY) or {p.key: p.default for p in PROFILE_PARAMS})
    memory[key] = st.session_state[key]
    st.session_state[_MEMORY] = memory
    st.session_state[_ENTERED] = {*(st.session_state.get(_ENTERED) or ()), key}
    if key == REFS.key:
        st.session_state[_REFS_OWN] = st.session_state[key]


def choose_link_refs() -> None:
    """The reader takes the reference set shown as their own (rule link_set_no_lift; its button)."""
    st.session_state[_REFS_OWN] = (st.session_state.get(_MEMORY) or {}).get(REFS.key, REFS.default)


def _own_refs(profile: Profile) -> bool:
    """Whether the reader chose this profile's reference set on a page in this tab (rule link_set_no_lift)."""
    return st.session_state.get(_REFS_OWN) == SET_LABELS.get(profile.reference_set)


def profile_inputs() -> Profile:
    """Age, sex, (where it applies) pregnancy/breastfeeding and the reference set, bound to the URL.

    The same keys on every page, so the profile carries across pages in the
    link and in the session.
    """
    _seed_from_memory()
    cols = st.columns([1, 1, 2, 1.4])
    with cols[0]:
        age = bound(AGE, "Age (years)", on_change=_remember, args=(AGE.key,))
    with cols[1]:
        sex = bound(SEX, "Sex", widget="radio", horizontal=True, on_change=_remember, args=(SEX.key,))
    sex_key = next((k for k, v in SEX_LABELS.items() if v == sex), "female")
    stage = LIFE_STAGE_LABELS["general"]
    if stage_applies(int(age), sex_key):
        with cols[2]:
            stage = bound(
                STAGE, "Pregnancy", widget="radio", horizontal=True, on_change=_remember, args=(STAGE.key,)
            )
    with cols[3]:
        refs = bound(
            REFS,
            "Reference values",
            widget="radio",
            horizontal=True,
            on_change=_remember,
            args=(REFS.key,),
            help="Whose intake and safety figures to use. "
            + "; ".join(f"{SET_LABELS[k]}: {v}" for k, v in SET_AUTHORITIES.items())
            + ". They differ, and none is more right for everyone: use the one where you live "
            "or that your clinician follows.",
        )
    st.session_state[_MEMORY] = {AGE.key: age, SEX.key: sex, STAGE.key: stage, REFS.key: refs}
    st.session_state[_LAST_PAGE] = _current_page()
    profile = profile_from_values(int(age), sex, stage, refs)
    reference = reference_of(profile)
    if reference.ul_rule == "link_set_no_lift":
        # Rule link_set_no_lift: a link's higher limit counts once the reader takes the set as theirs.
        st.info(escape_markdown(reference.ul_note), icon=":material/link:")
        st.button(
            f"Use the {reference.set_label} values' limit: I live there, or my clinician follows them",
            key="profile_own_refs",
            on_click=choose_link_refs,
        )
    outside = stage_outside_tables_note(profile, dataset().intake_reference_sets)
    if outside is not None:
        text, source_ids = outside
        found = citations(dataset(), source_ids)
        st.warning(text + ("  \nSource: " + " · ".join(escape_markdown(c) for c in found) if found else ""))
    return profile


def remembered_profile() -> Profile | None:
    """The profile the person gave on another page of this visit (/diet, /schedule), else None."""
    memory = st.session_state.get(_MEMORY)
    if not memory:
        return None
    return profile_from_values(int(memory[AGE.key]), memory[SEX.key], memory[STAGE.key], memory[REFS.key])


def default_profile() -> Profile:
    """The profile a page's inputs start with (the links' defaults: an adult, US values)."""
    return profile_from_values(int(AGE.default), SEX.default, STAGE.default, REFS.default)


def profile_query(profile: Profile) -> dict[str, str]:
    """The profile as link parameters (defaults left out), e.g. for a link to /diet."""
    values = {
        AGE.key: profile.age_years,
        SEX.key: SEX_LABELS.get(profile.sex, SEX.default),
        STAGE.key: LIFE_STAGE_LABELS.get(profile.life_stage, STAGE.default),
        REFS.key: SET_LABELS.get(profile.reference_set, REFS.default),
    }
    params = {AGE.key: AGE, SEX.key: SEX, STAGE.key: STAGE, REFS.key: REFS}
    return {k: serialize(params[k], v)[0] for k, v in values.items() if v != params[k].default}


@st.cache_resource(show_spinner=False, max_entries=64)
def _reference(
    age_years: int, sex: str, life_stage: str, reference_set: str, folder: str, own_choice: bool = True
) -> Reference:
    # cache_resource: the Reference is frozen and read-only, so every session shares it.
    data = dataset()
    profile = Profile(age_years, sex, life_stage, reference_set)
    reference = reference_for(profile, data.intake_reference, data.intake_reference_sets)
    book = safety.rule_book(data.safety_rules)
    limits = {
        v.reference_set: safety.SetLimit(v.label, v.mg_ul_supplemental, v.mg_ul_kind, v.source_ids)
        for v in compare_sets(profile, data.intake_reference_sets)
    }
    chosen = limits.pop(reference.reference_set)
    # Under 18 never above another set's limit for the age (rule child_lowest_limit); from 18, a link's set
    # the reader did not choose never above the default set's (rule link_set_no_lift).
    lower = safety.child_limit(age_years, chosen, tuple(limits.values()), book)
    if lower is not None:
        return _limited(
            reference, lower, "child_lowest_limit", safety.child_limit_words(lower, chosen, book), book
        )
    default = limits.get(DEFAULT_SET)
    link = None if default is None else safety.link_set_limit(chosen, default, own_choice)
    if link is None:
        return reference
    return _limited(reference, link, "link_set_no_lift", safety.link_set_limit_words(link, chosen), book)


def _limited(
    reference: Reference, used: safety.SetLimit, rule: str, note: str, book: safety.RuleBook
) -> Reference:
    """``reference`` with another set's limit (``used``), the rule that put it in and why, in words."""
    return replace(
        reference,
        mg_ul_supplemental=used.mg,
        mg_ul_kind=used.kind,
        source_ids=safety.joined_ids([reference.source_ids, used.source_ids, book.cite(rule)]),
        ul_note=note,
        ul_set_label=used.label,
        ul_rule=rule,
    )


def reference_of(profile: Profile) -> Reference:
    """The chosen set's reference values for ``profile`` (cached: the lookup is a pandas filter).

    Its ``mg_ul_supplemental`` is the chosen set's limit (``None`` where that
    authority sets none for the age, e.g. the EU under 4 and the UK under 19).
    """
    return _reference(
        profile.age_years,
        profile.sex,
        profile.life_stage,
        profile.reference_set,
        str(default_data_dir()),
        _own_refs(profile),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def _sets(age_years: int, sex: str, life_stage: str, folder: str) -> tuple[SetValues, ...]:
    return tuple(compare_sets(Profile(age_years, sex, life_stage), dataset().intake_reference_sets))


def sets_of(profile: Profile) -> tuple[SetValues, ...]:
    """Every reference set's values for ``profile`` (US, EU, UK), for side-by-side lines."""
    return _sets(profile.age_years, profile.sex, profile.life_stage, str(default_data_dir()))
