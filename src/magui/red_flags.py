"""The red flags ("see a doctor instead"), shown on /schedule and /journal from data/red_flags.csv."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import streamlit as st

from maglib.data import default_data_dir
from maglib.journal import FlagText
from maglib.links import escape_markdown
from maglib.profile import Profile, stage_applies
from maglib.provenance import citations
from maglib.safety import (
    EMERGENCY_NUMBER_KEYS,
    emergency_numbers_words,
    red_flags_first,
    red_flags_for,
    rule_book,
)
from magui.data import dataset
from magui.profile import remembered_profile


def _emergency() -> tuple[str, str]:
    """The emergency numbers' sentence and its sources (guidance.csv)."""
    data = dataset()
    rows = data.guidance[data.guidance["key"].isin(EMERGENCY_NUMBER_KEYS)]
    numbers = (data.guidance_value(k) for k in EMERGENCY_NUMBER_KEYS)
    return emergency_numbers_words(*numbers), ";".join(dict.fromkeys(rows["source_ids"]))


def _for(person: Profile | None) -> frozenset[str]:
    """The red flags to leave out for ``person`` (rule pregnancy_flags_for_whom, maglib.safety)."""
    table = dataset().red_flags
    flags = [
        (str(i), w if isinstance(w, str) else "")
        for i, w in zip(table["flag_id"], table["for_whom"], strict=True)
    ]
    possible = None if person is None else stage_applies(person.age_years, person.sex)
    return frozenset(i for i, _ in flags) - frozenset(red_flags_for(flags, possible, is_child(person)))


def is_child(person: Profile | None) -> bool | None:
    """Whether ``person`` is under the adult age of the safety rules (``None``: no profile known)."""
    return None if person is None else person.age_years < _adult_age(str(default_data_dir()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _adult_age(folder: str) -> int:
    return rule_book(dataset().safety_rules).self_serve_min_age


def symptoms(person: Profile | None = None) -> tuple[str, ...]:
    """Each red flag's symptom, in file order (for the plan's checkpoints and exports); for
    ``person``, those that can apply to them (rule pregnancy_flags_for_whom)."""
    table = dataset().red_flags
    left_out = _for(person)
    return tuple(str(r.symptom) for r in table.itertuples(index=False) if r.flag_id not in left_out)


def with_actions(person: Profile | None = None, first: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Each red flag's symptom with what to do about it ("… — Get an urgent appointment …"), for
    the plan's checkpoints, its printout and its calendar: the symptoms alone lost the urgency the
    data gives them (pharmacist review, 2026-12-04: a calf clot's "call 999 if breathless" was only
    in a section the printout leaves out). For ``person`` as :func:`symptoms`. Built once per data
    folder and person kind. ``first``: the flags put first, as on the screen (maglib.safety.red_flags_first),
    and the emergency numbers last, as on the screen (re-review, 2026-12-06: the printout and calendar kept
    file order and had no 911)."""
    return _with_actions(str(default_data_dir()), _for(person), first)


def _ordered_rows(left_out: frozenset[str], first: tuple[str, ...]) -> list:
    """The red flags' rows that can apply, ``first`` ones first, the rest in file order."""
    order = {flag: place for place, flag in enumerate(first)}
    return sorted(
        (r for r in dataset().red_flags.itertuples(index=False) if r.flag_id not in left_out),
        key=lambda r: order.get(r.flag_id, len(order)),
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def _with_actions(folder: str, left_out: frozenset[str], first: tuple[str, ...] = ()) -> tuple[str, ...]:
    rows = _ordered_rows(left_out, first)
    return (*(f"{r.symptom} — {str(r.action).rstrip('.')}" for r in rows), _emergency()[0].rstrip("."))


@st.cache_resource(show_spinner=False, max_entries=32)
def _texts(
    folder: str, first: tuple[str, ...] = (), left_out: frozenset[str] = frozenset()
) -> tuple[str, str, str]:
    """(warning, why, sources) markdown, built once per data folder, flags first and flags left out
    (read-only, shared)."""
    data = dataset()
    table = data.red_flags
    table = table[~table["flag_id"].isin(left_out)]
    if first:
        order = {flag: place for place, flag in enumerate(first)}
        table = table.sort_values(
            "flag_id", key=lambda ids: ids.map(lambda i: order.get(i, len(order))), kind="stable"
        )
    warning = (
        "**See a doctor instead of trying magnesium if you have:**\n"
        + "\n".join(
            f"- {escape_markdown(str(r.symptom))}"
            + (f" — **{escape_markdown(str(r.urgent_cue))}**" if isinstance(r.urgent_cue, str) else "")
            for r in table.itertuples(index=False)
        )
        + f"\n\n{_emergency()[0]}"
    )
    why = "\n".join(
        f"- **{escape_markdown(str(r.symptom))}:** {escape_markdown(str(r.why))} {escape_markdown(str(r.action))}"
        for r in table.itertuples(index=False)
    )
    found = dict.fromkeys(
        c for ids in [*table["source_ids"], _emergency()[1]] for c in citations(data, str(ids))
    )
    sources = ("Sources: " + " · ".join(escape_markdown(c) for c in found)) if found else ""
    return warning, why, sources


def note_texts(person: Profile | None = None) -> Mapping[str, FlagText]:
    """Each red flag's symptom and action for the journal's note warning (maglib.journal.note_signs_warning),
    in the screen's order for ``person`` (or this visit's profile), the flags that cannot apply left out."""
    known = person if person is not None else remembered_profile()
    life_stage = known.life_stage if known is not None else "general"
    first = red_flags_first(life_stage, False, False, is_child(known) is True)
    return _note_texts(str(default_data_dir()), first, _for(known))


@st.cache_resource(show_spinner=False, max_entries=32)
def _note_texts(folder: str, first: tuple[str, ...], left_out: frozenset[str]) -> Mapping[str, FlagText]:
    rows = _ordered_rows(left_out, first)
    return MappingProxyType({str(r.flag_id): FlagText(str(r.symptom), str(r.action)) for r in rows})


def show(
    life_stage: str | None = None,
    person: Profile | None = None,
    *,
    statin: bool = False,
    cramp_medicine: bool = False,
) -> None:
    """A short warning listing every red flag, with the why and the sources one click away; the
    flags that matter most for ``life_stage``, a ``statin`` or a ``cramp_medicine`` first
    (maglib.safety.red_flags_first). Without a stage, the
    one given on another page of this visit (adversarial review, 2026-12-05: /journal and /trial put
    the signs of pre-eclampsia 13th of 13 for someone who said she was pregnant). Without
    ``person``, the profile of this visit decides which flags can apply (:func:`symptoms`)."""
    known = person if person is not None else remembered_profile()
    if life_stage is None:
        life_stage = known.life_stage if known is not None else "general"
    first = red_flags_first(life_stage, statin, cramp_medicine, is_child(known) is True)
    warning, why, sources = _texts(str(default_data_dir()), first, _for(known))
    st.warning(warning, icon=":material/emergency:")
    with st.expander("Why these need a doctor"):
        st.markdown(why)
        if sources:
            st.caption(sources)
