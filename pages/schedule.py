"""/schedule — a safe, titrated, medicine-aware dose plan with calendar export.

Thin page: bound widgets in → maglib.schedule → tables, chart, exports. Every
rule (screen, cap at the UL, units, spacing around medicines) lives in maglib.
"""

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes as arrow_bytes
from streamlit.delta_generator import DeltaGenerator

import magui
from maglib import safety as safe
from maglib import schedule as sch
from maglib import trial
from maglib.amounts import mg_text, unit_plural
from maglib.calendar_export import CHECK_AFTER_IMPORT, REIMPORT_NOTE, ics_bytes, trial_ics_bytes
from maglib.charts.schedule import day_timeline
from maglib.clock import night_to_log
from maglib.data import default_data_dir
from maglib.links import check_query, escape_inline, escape_markdown
from maglib.measures import Measure, measure_lines, measures_from
from maglib.plan_files import plan_csv
from maglib.profile import (
    LIFE_STAGE_LABELS,
    PROFILE_PARAMS,
    SET_LABELS,
    Profile,
    other_set_limits,
    stage_applies,
)
from maglib.provenance import citations
from magui import clock, journal_store, kept, red_flags
from magui.layout import CHIP_CSS
from magui.profile import profile_inputs, profile_query, reference_of, sets_of

#: Constant stylesheet for the printable view (nothing from the URL or data).
PRINT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container { padding-top: 1rem !important; max-width: 100% !important; }
/* The week-by-week table fits the width and wraps: at 390 px its review column was cut off in a
   box that scrolled sideways but could not be reached by keyboard (keyboard review, 2026-12-05). */
[data-testid="stTableStyledTable"] { table-layout: fixed; width: 100%; }
[data-testid="stTableStyledTable"] th, [data-testid="stTableStyledTable"] td,
[data-testid="stTableStyledTable"] th *, [data-testid="stTableStyledTable"] td * {
  overflow-wrap: anywhere !important; white-space: normal !important; min-width: 0 !important; }
[data-testid="stTableStyledTable"] th:first-child { width: 9%; }
[data-testid="stTableStyledTable"] th:last-child { width: 22%; }
@media (max-width: 640px) {
  [data-testid="stTableStyledTable"] { font-size: 0.75rem; }
  [data-testid="stTableStyledTable"] th, [data-testid="stTableStyledTable"] td { padding: 0.25rem !important; }
}
@media print {
  [data-testid="stDownloadButton"], [data-testid="stPageLink"], [data-testid="stExpander"],
  [data-testid="stVegaLiteChart"], [data-testid="stCheckbox"], [data-testid="stToggle"],
  [data-testid="stButton"], [data-testid="stIFrame"], [data-testid="stRadio"],
  [data-testid="stNumberInput"], [data-testid="stTextInput"], [data-testid="stTimeInput"],
  [data-testid="stMultiSelect"], [data-testid="stSelectbox"], [data-testid="stElementToolbar"],
  iframe, .st-key-schedule_link_tick, .st-key-schedule_shaded { display: none !important; }
  .block-container { padding: 0 !important; font-size: 11px; }
}
</style>
"""


#: Under a link's tick: what a link never carries (answers asked on the page, kept only for the tab).
LINK_LEAVES_OUT = (
    "A link never carries a step up chosen at the week-4 review or a clinician's advice on the dose: "
    "the plan below leaves them out, so ask the person who shared it whether they stepped up."
)
#: The printout's medicines line with none picked from the list: without, and with a statin.
NO_MEDICINES = ("none picked", "none picked besides the statin")


#: Constant markup for the Print button (an iframe may run this one line of script).
PRINT_BUTTON = (
    '<button type="button" onclick="window.parent.print()" '
    'style="font:inherit;padding:0.4rem 0.9rem;border-radius:0.5rem;border:1px solid #2E7D6B;'
    'background:#2E7D6B;color:#fff;cursor:pointer">Print this plan</button>'
)

P = {p.key: p for p in sch.PARAMS}
#: Widths of the plan's time and medicine-time inputs in a row (a row wraps when they do not fit);
#: 340 px holds four time chips and their ✕ (phone review, 2026-12-03: the third was cut at 260).
TIME_WIDTH, MED_TIME_WIDTH = 190, 340

#: What this run's link check could not use (empty on every run after the first).
LINK_UNREAD = [item.key for item in magui.page_setup("schedule", sch.PARAMS)]
# Safety: the trial (/trial) may only use a plan this page still shows; set again below when it does.
st.session_state.pop(journal_store.PLAN_FOR_TRIAL, None)
st.session_state.pop(journal_store.NO_PLAN, None)  # as the plan: set again below when the page stops
data = magui.dataset()
FOLDER = str(default_data_dir())


@st.cache_resource(show_spinner=False, max_entries=4)
def facts(
    folder: str,
) -> tuple[
    sch.GuidanceNumbers,
    tuple[sch.MedicineRule, ...],
    dict[str, tuple[str, str]],
    safe.RuleBook,
    dict[str, Measure],
]:
    """The guidance numbers, medicine rules, evidence claims and safety rules, read once."""
    return (
        sch.guidance_numbers(data.guidance),
        sch.medicine_rules(data.interactions),
        sch.evidence_claims(data.evidence),
        safe.rule_book(data.safety_rules),
        measures_from(data.measures),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def other_limits(profile: Profile, chosen_set: str) -> list[tuple[str, float | None, str]]:
    """The other reference sets' supplemental limits for this profile (cached per profile)."""
    return other_set_limits(profile, data.intake_reference_sets, chosen_set)


@st.cache_data(show_spinner=False, max_entries=64)
def product_for(form: str, strength: int, label: str, unit: str, folder: str) -> sch.Product:
    """The product built from forms.csv (cached per choice)."""
    return sch.product_from(data.forms, form, strength, label, unit)


@st.cache_data(show_spinner=False, max_entries=32)
def timeline_spec(placements: tuple[sch.Placement, ...], windows: tuple[sch.Window, ...]) -> dict:
    """The day timeline as a Vega-Lite dict. Building and validating an Altair chart
    takes ~100 ms; dose and medicine times change rarely, so the spec is cached. Its inline
    datasets are turned into Arrow bytes here, as st.vega_lite_chart would turn them on every
    call (the same bytes; a plan rerun then re-sends them without converting them again)."""
    spec = day_timeline(placements, windows).to_dict()
    spec["datasets"] = {name: arrow_bytes(rows) for name, rows in spec.get("datasets", {}).items()}
    return spec


numbers, rules, claims, book, measures = facts(FOLDER)


@st.cache_data(show_spinner=False, max_entries=256)
def cited(source_ids: str, folder: str) -> list[str]:
    """Each cited source once, as its citation text (escaped for markdown)."""
    return [escape_markdown(c) for c in dict.fromkeys(citations(data, source_ids))]


#: The section under the checkpoints with what to check at each review (its open state is this
#: session's only: never in the link).
CHECKS_TITLE, CHECKS_OPEN = (
    "More at each review: other measures, the warning signs in full, sources",
    "checks_open",
)
#: Under the checkpoints, in view: the warning signs are the red flags drawn in full near the top.
#: Not "see a doctor" for all of them (adversarial review, 2026-12-05: some of the list's signs need 999
#: or help the same day, and this line flattened them).
WARNING_SIGNS_LINE = (
    "Warning signs: if any sign in the “See a doctor instead” list near the top of this page starts "
    "while you take magnesium, stop taking it and do what the list says for that sign: some need 999 "
    "or your emergency number, or help the same day."
)


def _checks_text(plan: sch.Plan, *, all_items: bool = True) -> str:
    """What to check at each review, one bullet each, and the reviews' sources (markdown); without
    ``all_items``, the side effects (kept in view under the checkpoints) are left out."""
    first = plan.checkpoints[0]
    found = cited(first.source_ids, FOLDER)
    items = [i for i in first.items if all_items or i != first.side_effects]
    return "\n".join(f"- {item}" for item in items) + (
        f"\n\n:small[Source: {' · '.join(found)}]" if found else ""
    )


def sources(source_ids: str) -> None:
    """Cite a row's sources under the claim."""
    found = cited(source_ids, FOLDER)
    if found:
        st.caption("Source: " + " · ".join(found))


def show(note: sch.Note, seen: set[str] | None = None, then: tuple[str, str] | None = None) -> None:
    """A note and its sources; with ``seen``, a source already cited under an earlier note of the
    same list is named "as above" instead of again (clinician review, 2026-12-04: three warnings in a
    row each carried the same ten lines of sources, pushing the prescriber's question down a phone).
    ``then``: a text (and its source ids) shown right under the note, before the sources of both
    (adversarial review, 2026-12-05: the proposal for the prescriber came ~1,600 px under its red box
    on a phone, below the box's own sources)."""
    box = {"error": st.error, "warning": st.warning}.get(note.level, st.info)
    box(note.text)
    ids = note.source_ids
    if then is not None:
        st.info(then[0], icon=":material/clinical_notes:")
        ids = safe.joined_ids([note.source_ids, then[1]])
    if seen is None:
        sources(ids)
        return
    found = cited(ids, FOLDER)
    new = [c for c in found if c not in seen]
    seen.update(found)
    if new:
        st.caption("Source: " + " · ".join(new) + (" · and as above" if len(new) < len(found) else ""))
    elif found:
        st.caption("Source: as above")


st.title("Dose plan")
printable = magui.bound(P["print"], "Printable plan", widget="toggle")
if printable:
    st.html(PRINT_CSS)  # a constant stylesheet: nothing from the URL or data
    # A constant button (nothing from the URL or data) that opens the browser's print dialog.
    st.iframe(PRINT_BUTTON, height=48, alt="Print this plan")
st.write(
    "A concrete plan for you and your product: a gentle start, a step up only if needed, "
    "evening timing, spacing around your medicines, and review points — with a calendar file."
)
claim, claim_sources = claims.get("cochrane-2020-idiopathic", ("", ""))
if claim:
    st.info(
        f"**Honest evidence:** {claim} **No trial of magnesium for muscle twitching was found.**",
        icon=":material/science:",
    )
    sources(claim_sources)
    magui.cited_claim("mg-fasciculation-no-trial")


#: The tick that opens the plan (bound to the link as ``screened``, as before).
AGE_PARAM = PROFILE_PARAMS[0]
SCREEN_LABEL = "I have answered the safety questions, and none of the red flags above applies to me"
#: Set when the tick arrived ticked in the link this tab opened; cleared when the person changes it.
SCREENED_BY_LINK = "schedule_screened_by_link"
LINK_TICK_BOX = "schedule_link_tick"  #: the notice's container, left off paper by PRINT_CSS
SHADED_BOX = "schedule_shaded"  #: the day timeline's caption, left off paper by PRINT_CSS (as the chart)
#: Set when the link carried the tick but part of it could not be read, so the tick was not kept.
SCREEN_NOT_KEPT = "schedule_screen_not_kept"
#: The (age, life stage) the tick was last seen standing for, and the one it was taken off for.
SCREEN_GIVEN_FOR = "_schedule_screen_given_for"
#: The other products the amount of magnesium from them was given for.
OTHER_MG_FOR = "_schedule_other_mg_for"
SCREEN_TAKEN_OFF = "_schedule_screen_taken_off"


def section(title: str):  # type: ignore[no-untyped-def]
    """Inputs stay on screen normally; the printable view folds them away."""
    if printable:
        return st.expander(title, expanded=False)
    st.header(title)
    return st.container()


#: The plan calendar's label while it waits for the reader's own tick.
#: The tick that the label's amount is the field's starting value (this tab only, never in a link), and
#: the downloads' labels while the field still shows that value unticked (phone review, session 59: the
#: calendar counted 2½ tablets of 100 mg for a person who never entered her label; with 400 mg tablets
#: that count would be 1,000 mg).
LABEL_STARTING_OK = "schedule_label_starting_ok"
LABEL_UNCHECKED = "_schedule_label_unchecked"


def label_tick_key(form: str, unit: str, basis: str) -> str:
    """The label tick's key: one per product (form, unit, label basis)."""
    return f"{LABEL_STARTING_OK}|{form}|{unit}|{basis}"


CALENDAR_LABEL_WAITS = "Add to my calendar: first enter or confirm your label's mg in section 3"
TRIAL_CALENDAR_LABEL_WAITS = "Trial calendar: first enter or confirm your label's mg in section 3"
CSV_LABEL_WAITS = "Plan as a spreadsheet: first enter or confirm your label's mg in section 3"
CALENDAR_WAITS_LABEL = "Add to my calendar: first tick the safety box in section 2 yourself"
TRIAL_CALENDAR_TICK_LABEL = "Trial calendar: first tick the safety box in section 2 yourself"
CSV_WAITS_LABEL = "Plan as a spreadsheet: first tick the safety box in section 2 yourself"
#: Why the calendar waits when the safety tick came with a link.
CALENDAR_AFTER_OWN_TICK = (
    "The safety tick came with the link you opened. Answer the questions and read the red flags for "
    "yourself, then untick and tick the box: the calendar and the spreadsheet are then yours."
)
#: Chosen in the plan's own sections, never carried by a link (the share box says so always).
NEVER_IN_LINK = (
    "Never in a link, whether given or not: the week-4 step up, a clinician's dose above your limit and "
    "the label check; whoever opens it sees the plan without them until they choose them, and gets the "
    "calendar once they tick the safety box themselves."
)
#: The "not sure" kidney answer's help (sources: the rule kidney_unsure_no_plan's row).
#: From the age of rule kidney_check_prompt_age (session only, never in a link).
KIDNEY_TEST_NORMAL_KEY = "kidney_test_normal"
KIDNEY_UNSURE_HELP = (
    "Not sure? Reduced kidney function often has no symptoms and is found by a blood test (eGFR); with "
    "it, extra magnesium can build up, so the plan waits until you know."
)
#: What to enter for the other products: the magnesium itself, which a label may not state.
OTHER_MG_LABEL = "Magnesium in those products on the day you take the most (mg, from their labels)"
OTHER_MG_HELP = (
    "Taken only on some days, such as an antacid or a laxative? Enter what you take on the day you take "
    "the most of them all: the plan counts it on every day, so no day goes over your limit. "
    "The magnesium itself, as in 'Magnesium 200 mg'. Many antacid and laxative labels give the weight "
    "of a compound instead (magnesium hydroxide, carbonate or citrate), which is more than the "
    "magnesium in it: that number errs on the safe side but overstates your total. A pharmacist can "
    "tell you the magnesium in it."
)
FIND_KEY, FIND_NOTE, FIND_SOURCES = "_schedule_find_medicine", "_schedule_find_note", "_schedule_find_sources"
#: Longest text the medicine box takes (several medicines with their strengths fit).
FIND_MAX_CHARS = 300


#: The names typed in the finder, by the class they added: for the printout and the clinician's summary
#: (pharmacist review, 2026-12-06: the printout named "ACE inhibitors", not the lisinopril on the box).
#: Session only, never in a link.
TYPED_NAMES = "_schedule_typed_names"
#: Rule combination_box_read: the classes added from a name typed with a word of sch.COMBINATION_WORDS (found in one
#: class only), each with that name, and a tick (key BOX_READ + the class, "|" and the name) that its box was read. The classes
#: travel in the link (the ``boxes`` parameter, so a reload or a receiver is asked again); the ticks never.
BOXES, BOX_READ = "_schedule_boxes", "_schedule_box_read:"
#: Rule unknown_medicine_checked: the names typed in the finder that the app does not know (in the order typed),
#: each with a tick (key UNKNOWN_OK + the name) that a pharmacist or doctor checked it. Kept for the tab, never in
#: a link.
UNKNOWN, UNKNOWN_OK = "_schedule_unknown", "_schedule_unknown_ok:"
#: The classes a name of several classes (safe.NAME_SEVERAL, "water pill") may be: it waits until one is picked.
SEVERAL = "_schedule_several"
#: Set when the last such name was removed (or the link's count dismissed): the count leaves the link once.
UNKNOWN_FORGOT = "_schedule_unknown_forgot"
#: Set when a name the app does not know was removed: its button is gone on the next run, so the keyboard's
#: focus goes to the next such name's tick, or to the medicine finder when none is left (planning list,
#: session 60: it fell to the page's body, WCAG 2.4.3; as /diet's "Add a food").
UNKNOWN_REFOCUS = "_schedule_unknown_refocus"
UNKNOWN_REFOCUS_COUNT = "_schedule_unknown_refocus_count"
#: A one-line script frame (drawn only on that run, in a container whose key holds the removed name's place) that
#: moves the focus once the run is over (the removed name's tick stays on the page, stale, until then): to the
#: tick now in that place, else the last one, else the finder; not the finder on a touchscreen, where a focused
#: text field opens the keyboard over the page (a tick opens none; review, session 62: a middle name's removal
#: went to the first tick, and a phone's focus fell to the page's body).
UNKNOWN_REFOCUS_HTML = """<!doctype html><html><body><script>
const doc = window.parent.document;
const fresh = (el) => el.closest('[data-stale="true"]') === null;
const holder = window.frameElement && window.frameElement.closest('[class*="st-key-_schedule_refocus_"]');
const found = holder && holder.className.match(/st-key-_schedule_refocus_(\\d+)/);
const at = found ? parseInt(found[1], 10) : 0;
const coarse = window.matchMedia("(pointer: coarse)").matches;
let waits = 0;
const refocus = () => {
  const app = doc.querySelector('[data-testid="stApp"]');
  if (app && app.getAttribute("data-test-script-state") !== "notRunning" && waits++ < 100) {
    setTimeout(refocus, 50);
    return;
  }
  const ticks = Array.from(doc.querySelectorAll('[class*="st-key-_schedule_unknown_ok-"] input')).filter(fresh);
  const field = Array.from(doc.querySelectorAll(".st-key-_schedule_find_medicine input")).find(fresh);
  const target = ticks.length ? ticks[Math.min(at, ticks.length - 1)] : coarse ? null : field;
  if (target) target.focus();
};
refocus();
</script></body></html>"""
#: The compound-label confirmation (rule compound_label_check): session only, never a URL param.
COMPOUND_KEY = "compound_confirm"


def _pick_medicines(found: tuple[sch.MedicineRule, ...], typed: str) -> None:
    """Add these classes to "Medicines I take" (the bound widget carries them into the link), and keep
    the name typed for them. What the page then waits for is decided when it runs again; until then the
    other pages wait (rule answers_checked_first, marked by :func:`_answered` before this)."""
    current = list(st.session_state.get(P["meds"].key, P["meds"].default))
    added = [r.drug_class for r in found if r.drug_class not in current]
    if added:
        st.session_state[P["meds"].key] = current + added
    named = st.session_state.setdefault(TYPED_NAMES, {})
    for r in found:
        named[r.class_id] = sch.with_name(named.get(r.class_id, ()), typed)


#: Beside the downloads: they hold the plan on screen, which follows a typed number once it is entered.
FILES_FOLLOW_NOTE = (
    "The files hold the plan shown above. After typing a number, press Enter (or tap outside the field) "
    "and check the plan before you download."
)
#: Set by the safety answers' own callbacks: the person changed one in this run (a click or a typed value).
ANSWERED = "_schedule_answered"
#: The safety answers as the page last ran with them.
ANSWERS_SEEN = "_schedule_answers_seen"
#: Set when the safety tick stands beside answers the address changed without a click (Back/Forward).
SCREEN_FROM_HISTORY = "_schedule_screen_from_history"


def _answered() -> None:
    st.session_state[ANSWERED] = True
    journal_store.answers_changed()


def _find_medicine() -> None:
    """Add the classes of the medicines named in the search box (the picker searches class names
    only): each medicine typed in it ("simvastatin and levothyroxine"; adversarial review, 2026-12-05:
    the statin was ticked and levothyroxine dropped), with one note for them all."""
    _answered()
    # The whole box is read (pharmacist review, session 51: it was cut at 60 characters without a word, so
    # the fourth medicine of "Omeprazole 20mg, levothyroxine 50mcg, bisoprolol 2.5mg once, digoxin 125mcg"
    # was dropped); the field itself stops at FIND_MAX_CHARS, where a person sees it stop.
    query = str(st.session_state.get(FIND_KEY) or "").strip()[:FIND_MAX_CHARS]
    st.session_state[FIND_KEY] = ""
    if not query:
        return
    # The sources an answer cites, shown under it, not read out with it (re-review, 2026-12-06).
    st.session_state[FIND_SOURCES] = ""
    notes = []
    for part in sch.typed_medicines(query) or (query,):
        kind, text = _find_one(part)
        if kind == "magnesium" and not sch.reads_as_not_taken(part):
            # A product that may hold magnesium, not counted yet (pharmacist review, session 65: "Slow-Mag", "ZMA",
            # "Slow-Mag with Synthroid" got a note, and the plan came at 250 mg with nothing counted): the plan
            # waits for the person's tick that it is counted (or is the supplement planned), as for a medicine
            # the app does not know.
            _record_unknown(part, kind=safe.NAME_MAGNESIUM)
            text += f" {safe.MAGNESIUM_NAMED_FINDER_WORDS}"
        elif kind in ("none", "unplaced") and not sch.reads_as_not_taken(part):
            # Rule unknown_medicine_checked (pharmacist review, session 60: "Digitek", "Monozide 10" got a full plan
            # whose printout said "Medicines: none picked"): the plan waits for it to be checked, or removed; so
            # does a name that matched several classes and added none ("Zestoreti"; phone review, session 60).
            found = (
                sch.find_medicines(rules, part) if kind == "unplaced" else sch.several_classes(rules, part)
            )
            if len(found) > 1 and sch.combination_near(rules, part, found) is None:
                name = _record_unknown(part, kind=safe.NAME_SEVERAL)
                st.session_state.setdefault(SEVERAL, {})[name] = tuple(r.drug_class for r in found)
                text += f" {safe.SEVERAL_FINDER_WORDS}"
            else:
                _record_unknown(part)
                text += f" {safe.UNKNOWN_FINDER_WORDS}"
        elif kind in ("none", "unplaced", "magnesium"):
            # "I don't take Digitek" after "Digitek" (phone review, session 60: it stayed, holding the plan).
            for name in [n for n in st.session_state.get(UNKNOWN, {}) if sch.says_name(part, n)]:
                _remove_unknown(name)
                text = f"“{escape_markdown(name)}”, typed before, is taken off the medicines waiting to be checked."
        elif misspelt := sch.misspelt_waiting(tuple(st.session_state.get(UNKNOWN, {})), part):
            # "Lipitr", then "Lipitor" (planning list, session 61): the misspelling went on holding the plan unsaid.
            text += "\n\n" + sch.misspelt_words([escape_inline(n) for n in misspelt])
        notes.append(("known" if kind in ("unplaced", "magnesium") else kind, text))
    kinds = {kind for kind, _ in notes}
    kind = "none" if "none" in kinds else "known" if "known" in kinds else "added"
    st.session_state[FIND_NOTE] = (kind, "\n\n".join(text for _, text in notes))


def _record_unknown(typed: str, *, kind: str = "") -> str:
    """Keep a name the app does not know (rule unknown_medicine_checked), once whatever its case or spacing
    (phone review, session 60: "Digitek; digitek" gave two ticks); the name as kept. ``kind``: a product that may
    hold magnesium or a name of several classes (safe.NAME_MAGNESIUM, safe.NAME_SEVERAL: its tick says so)."""
    name = " ".join(typed.split())
    names = st.session_state.setdefault(UNKNOWN, {})
    kept = next((n for n in names if n.casefold() == name.casefold()), name)
    names[kept] = kind or names.get(kept) or None
    return kept


def _unplaced_beside(query: str, found: tuple[sch.MedicineRule, ...]) -> str:
    """Rule unknown_medicine_checked for words typed beside a medicine found that name none of its classes
    (phone review, session 60: "Digitek 125mcg levothyroxine 50mcg" filed the digoxin brand as a levothyroxine):
    they wait as a medicine the app does not know; what to say about them ("" when there are none). A statin's
    own words are not among them (re-review, session 65: "Lipitor with Centrum" and "Zocor w/ Coumadin" ticked the
    statin only)."""
    words = sch.waiting_beside(rules, query, found)
    if not words:
        return ""
    name = _record_unknown(" ".join(words))
    return (
        f"\n\n“{escape_markdown(name)}”, typed beside it, is not in this app's list: it may be another medicine. "
        + safe.UNKNOWN_FINDER_WORDS
    )


def _remove_unknown(name: str) -> None:
    """Take a name the finder did not know off the page (typed by mistake, or not taken)."""
    _answered()
    names = st.session_state.get(UNKNOWN, {})
    st.session_state[UNKNOWN_REFOCUS] = list(names).index(name) if name in names else 0
    names.pop(name, None)
    st.session_state.get(SEVERAL, {}).pop(name, None)
    st.session_state.pop(f"{UNKNOWN_OK}{name}", None)
    if not st.session_state.get(UNKNOWN):
        st.session_state[UNKNOWN_FORGOT] = True  # the link's count goes too


def _forget_unknown_link() -> None:
    """The link's count of medicines the app does not know, taken off by the person (none taken)."""
    _answered()
    st.session_state[UNKNOWN_FORGOT] = True
    st.session_state.pop(f"{UNKNOWN_OK}(link)", None)
    st.session_state[UNKNOWN_REFOCUS] = 0


def _find_one(query: str) -> tuple[str, str]:
    """Add the class of one medicine named in the search box; what to say about it (kind, text). A product
    that may hold magnesium named with a class ("Multivitamin with iron") is sent to the other products too
    (pharmacist review, session 51: only the iron was said, never its magnesium)."""
    before = _taken_now()
    kind, text = _find_class(query)
    # Rule kidney_condition_in_medicine_box, after what the rest of the text finds (re-review, session 53:
    # "atorvastatin no kidney problems" lost the statin's stop): the unknown medicine's answer only where
    # something besides the kidney words was typed.
    alone = kind == "none" and not sch.beside_kidney_words(query)
    kidney = _kidney_answer(query, alone=alone)
    if kidney:
        # Beside a medicine too (session-53 review: "salbutamol (CKD stage 4)" added the class only).
        kind, text = (
            ("known", kidney) if alone else (("known" if kind == "none" else kind), f"{text}\n\n{kidney}")
        )
    product = sch.product_beside_class(rules, safe.OTHER_SOURCE_OPTIONS, query, safe.MAGNESIUM_WORDS)
    if product is not None:
        kind, text = _product_beside(kind, text, query, product)
    elif (
        kind in ("added", "known")
        and (sch.find_medicines(rules, query) or sch.other_statin(rules, query))
        and (
            sch.names_magnesium(safe.OTHER_SOURCE_OPTIONS, query, safe.MAGNESIUM_WORDS)
            or safe.label_dependent_product(query) is not None
        )
    ):
        # A magnesium product's name beside a medicine's or a statin's (pharmacist review, session 65: "Slow-Mag
        # with Synthroid" added levothyroxine, and Slow-Mag went without a word; its re-review: "atorvastatin
        # with Slow-Mag", "Lipitor with multivitamin", "Mg citrate with levothyroxine").
        kind = "magnesium"
        text += (
            f"\n\n“{escape_markdown(query)}” also names what may be a magnesium product: if its label lists "
            f"magnesium, pick **{escape_markdown(safe.OTHER_SOURCE_OPTIONS[3])}** under **Other products with "
            "magnesium I take** below and enter the magnesium it gives you a day; it counts against the same limit "
            "as your supplement."
        )
    after = _taken_now()
    if sch.reads_as_not_taken(query) and after != before:
        # Added all the same, to be safe (a "not" may be a typo or "not sure"), and said how to undo it.
        where = [w for w, old, new in zip(TAKEN_WHERE, before, after, strict=True) if old != new]
        # First: the rest reads as if it were taken.
        text = (
            f"“{escape_markdown(query)}” reads as if you do not take it: it was added to be safe. If you do "
            "not take it, " + " and ".join(where) + ".\n\n" + text
        )
    return kind, text


#: How to undo each of :func:`_taken_now`'s answers.
TAKEN_WHERE = (
    "take it off **Medicines I take**",
    "untick **I take a statin**",
    "take it off **Other products with magnesium I take**",
)


def _taken_now() -> tuple[object, ...]:
    """What the finder can add to: the medicines, the statin tick and the other products."""
    state = st.session_state
    return tuple(state.get(P[key].key, P[key].default) for key in ("meds", "statin", "other"))


def _product_beside(kind: str, text: str, query: str, product: str) -> tuple[str, str]:
    """The words for a magnesium product typed beside a medicine's class (picked when sure to hold it)."""
    picked = _pick_product(query)
    if picked is not None:
        # Typed beside a medicine ("Rennie/levothyroxine"; re-review, session 57: only the medicine was added).
        return kind, f"{text}\n\n“{escape_markdown(query)}” holds magnesium too: {picked}"
    # Not counted until the label is read: the plan waits (pharmacist review, session 65).
    return "magnesium", (
        f"{text}\n\n“{escape_markdown(query)}” can hold magnesium too: if its label lists magnesium, pick "
        f"**{escape_markdown(product.split(' (')[0])}** under **Other products with magnesium I take** below and "
        "enter the magnesium it gives you a day. It counts against the same limit as your supplement."
    )


def _pick_product(query: str) -> str | None:
    """Pick the product a typed name holds magnesium in under "Other products with magnesium I take" (rule
    other_sources_count: the plan then waits for their amount) and say so; None when the name is not one of
    ``safe.PICKED_BY_NAME`` taken by mouth. Phone review (session 57): "Rennie" got a note that vanished with
    the next name typed, and the plan came at 250 mg with the antacid not counted."""
    option = safe.product_to_pick(query, not sch.topical(query))
    if option is None:
        return None
    current = list(st.session_state.get(P["other"].key, P["other"].default))
    # The amount was for the products picked before it: it is asked again (rule other_sources_count), and said so.
    again = option not in current and bool(current) and bool(st.session_state.get(P["other_mg"].key))
    if option not in current:
        st.session_state[P["other"].key] = [*current, option]
    return (
        f"**{escape_markdown(option.split(' (')[0])}** is now picked under **Other products with magnesium I take** "
        "below. Enter the most magnesium all your other products give you together on any one day (from their "
        "labels)"
        + (", this one included: the amount entered before was for the others alone" if again else "")
        + ". The plan waits for it, and it counts against the same limit as your supplement."
    )


def _cite_in_answer(source_ids: str) -> None:
    """Add ``source_ids`` to the sources shown under the finder's answer (once the box's answers are given)."""
    st.session_state[FIND_SOURCES] = ";".join(filter(None, (st.session_state.get(FIND_SOURCES), source_ids)))


def _kidney_answer(query: str, *, alone: bool) -> str:
    """Rule kidney_condition_in_medicine_box (session 53: "kidney disease" got the unknown medicine's
    answer, and the plan went on): kidney disease named in the box ticks the kidney question; another
    mention of the kidneys points to both kidney questions. '' when the kidneys are not named."""
    said = sch.kidney_condition(query, book.kidney_normal_egfr_min)
    if not said:
        return ""
    _cite_in_answer(book.cite("kidney_condition_in_medicine_box"))
    shown = escape_markdown(query)
    if said == "disease":
        st.session_state[P["kidney"].key] = True
        return (
            f"“{shown}” names a kidney condition: **I have kidney disease or reduced kidney function** is now "
            "ticked above. With it this app makes no plan: the kidneys clear extra magnesium, so it can build "
            "up. Ask your kidney doctor or GP before taking any magnesium supplement"
            + (", and type the names of the medicines you take here." if alone else ".")
            + " If you do not have kidney disease, untick it."
        )
    if said == "unsure":
        # A creatinine level, or kidney care (pharmacist review and re-review, session 65: "creatinine 250" and
        # "I see a nephrologist" got only the hint, and a plan followed).
        st.session_state[P["kidney_unsure"].key] = True
        return (
            f"“{shown}” says something of your kidneys this app cannot read as a result (a creatinine level, whose "
            "units and normal range vary, or kidney care such as a kidney specialist), so **I'm not sure how well "
            "my kidneys work** is now ticked above, and no plan follows until a kidney blood test shows an eGFR of "
            f"{book.kidney_normal_egfr_min} or more. Ask your GP or pharmacist for your eGFR (or your creatinine "
            f"clearance): if it is below {book.kidney_normal_egfr_min}, tick **I have kidney disease or reduced "
            f"kidney function** instead; if a recent test showed {book.kidney_normal_egfr_min} or more, untick it."
            + (" Then type the names of the medicines you take here." if alone else "")
        )
    return (
        f"“{shown}” {'is about the kidneys, not a medicine' if alone else 'mentions the kidneys'}. If you have "
        "kidney disease or reduced kidney function, tick **I have kidney disease or reduced kidney function** "
        "above (no plan follows); if you are not sure how well your kidneys work, tick **I'm not sure how well "
        "my kidneys work**." + (" Then type the names of the medicines you take here." if alone else "")
    )


def _condition_answer(shown: str, condition: str) -> tuple[str, str]:
    """What the finder says of a condition, "none" or pregnancy typed instead of a medicine (session-53
    pharmacist review: each got "ask your pharmacist whether to keep magnesium apart from it")."""
    if condition == "none":
        return (
            "known",
            "Nothing to add: if you take no medicines, leave **Medicines I take** empty. Count any antacid, "
            "laxative or vitamin you take too: they are medicines here, and some hold magnesium.",
        )
    if condition == "pregnant":
        return (
            "known",
            f"“{shown}”: pregnancy is answered under **1. About you** (Pregnant or breastfeeding), not here; "
            "the page then asks what your midwife or doctor advised. Type the names of any medicines you take "
            "here.",
        )
    text = (
        f"“{shown}” is a condition, not a medicine: type the name on the box of each medicine you take for it, "
        "here."
    )
    if condition == "kidney-risk":
        _cite_in_answer(book.cite("kidney_check_risk_conditions"))
        text += (
            " NICE advises a kidney blood test (eGFR) for people with it: tick **I'm not sure how well my kidneys "
            f"work** above unless a recent test has shown an eGFR of {book.kidney_normal_egfr_min} or more."
        )
    return "known", text


def _find_class(query: str) -> tuple[str, str]:
    """What :func:`_find_one` does for the medicine's class (kind, text)."""
    shown = escape_markdown(query)
    found = sch.find_medicines(rules, query)
    if sch.left_out_as_topical(query, found):
        # Drops, creams, shampoos (adversarial review, 2026-12-05: "Ofloxacin eye drops" and "Nizoral
        # shampoo" were added to the tablets' classes, whose spacing they do not need).
        return (
            "known",
            f"“{shown}” is not taken by mouth: this app's list is of medicines swallowed (and of inhalers that "
            "can cause cramps), so other drops, creams, sprays, inhalers, patches and injections are not added "
            "to Medicines I take. A blue reliever inhaler is usually salbutamol: type the name on it (such as "
            "Ventolin or salbutamol). Ask your pharmacist whether yours matters with magnesium or could play a "
            "part in your cramps.",
        )
    if sch.other_statin(rules, query):
        # Any statin asks its prescriber first (rule statin_prescriber_confirm); only rosuvastatin has
        # a spacing row, so another statin (or the word itself) ticks the statin question instead.
        st.session_state[P["statin"].key] = True
        # A statin combined with another medicine ("amlodipine/atorvastatin"; pharmacist review, session 50:
        # the calcium-channel blocker was dropped, with its kidney question and cramp warning).
        found = sch.statin_companions(found)
        if found:
            _pick_medicines(found, query)
        also = (
            " It holds **"
            + "** and **".join(escape_markdown(r.drug_class) for r in found)
            + "** too: "
            + ("they are" if len(found) > 1 else "it is")
            + " in Medicines I take."
            if found
            else ""
        )
        return (
            "added" if found else "known",
            f"“{shown}” {'holds' if found else 'names' if sch.reads_as_not_taken(query) else 'is'} a statin: **I take a statin** is now ticked above, and the plan waits for your "
            "prescriber's agreement. Of the statins, only rosuvastatin (Crestor) needs its doses kept apart "
            "from magnesium in this app's sources: if yours is rosuvastatin, pick it under **Medicines I take**."
            + also
            # Beside every row found, a statin's too ("Crestor … with statin": Crestor is rosuvastatin's).
            + _unplaced_beside(query, sch.find_medicines(rules, query)),
        )
    product = (
        sch.magnesium_product(safe.OTHER_SOURCE_OPTIONS, query, safe.MAGNESIUM_WORDS) if not found else None
    )
    if product == safe.OTHER_SOURCE_OPTIONS[2]:
        # Not every multivitamin holds magnesium, and many hold iron (pregnant review, 2026-12-06: "prenatal
        # vitamins" was said to hold magnesium, and its iron was never spaced): the label decides both.
        return (
            "magnesium",
            f"“{shown}” is a multivitamin or mineral supplement: if its label lists magnesium, pick "
            f"**{escape_markdown(product)}** under **Other products with magnesium I take** below and enter "
            "the magnesium it gives you a day; it counts against the same limit as your supplement. If its "
            "label lists iron, also pick **Oral iron tablets or liquids** in **Medicines I take**: the plan "
            "keeps magnesium apart from iron.",
        )
    if product is not None and (sch.topical(query) or safe.on_the_skin(query)):
        # Used on the skin (pharmacist review, session 58: "Epsom salt bath" and "magnesium oil spray" were
        # "holds magnesium itself: pick …", against the plan's own words on topical magnesium).
        return (
            "known",
            f"“{shown}” is used on the skin: nothing is added. {sch.TOPICAL_NOT_ORAL} If you also take it by "
            f"mouth, pick **{escape_markdown(product.split(' (')[0])}** under **Other products with magnesium I "
            "take** below and enter the magnesium it gives you a day.",
        )
    # Not when a name sure to hold magnesium is typed too ("Rennie or Gaviscon"): that one is picked below.
    label = (
        None
        if found or safe.product_to_pick(query, not sch.topical(query))
        else safe.label_dependent_product(query)
    )
    if label is not None:
        # Its forms differ in magnesium (pharmacist review, 2026-12-06: "Gaviscon" was "no medicine" for
        # a US user whose Gaviscon holds magnesium carbonate): the label decides, so nothing is ticked.
        # Before the "holds magnesium itself" words: "Mylanta" is one of the antacid option's examples.
        words, ids = label
        _cite_in_answer(ids)
        return (
            "magnesium",
            f"“{shown}”: {words} Read the active ingredients on your pack: if magnesium is among them, pick "
            "**Antacid** under **Other products with magnesium I take** below and enter the most you take "
            "on any one day; it counts against your limit.",
        )
    kind_only = product is not None and sch.named_by_kind_only(
        safe.OTHER_SOURCE_OPTIONS, query, safe.MAGNESIUM_WORDS, safe.KIND_WORDS
    )
    if kind_only:
        # "Antacid tablets": not every antacid or laxative holds magnesium (polypharmacy review, 2026-12-05).
        return (
            "magnesium",
            f"“{shown}”: some antacids and laxatives hold magnesium and some do not. If its label lists "
            f"magnesium, pick **{escape_markdown(product.split(' (')[0])}** under **Other products with magnesium "
            "I take** below and enter the most it gives you on any one day: it counts against the same limit as "
            "your supplement.",
        )
    picked = _pick_product(query) if product is not None else None
    if picked is not None:
        return ("added", f"“{shown}” holds magnesium itself: {picked}")
    if product is not None:
        # A product that holds magnesium itself (pharmacist review: "Mylanta" found "no medicine"):
        # it counts against the limit, under "Other products with magnesium I take". A magnesium salt may be
        # the supplement being planned (pharmacist review, session 58: "magnesium citrate" was sent to the
        # laxatives only).
        own = (
            " If it is the supplement you are planning here, do not add it: enter it under **3. Your product**."
            if sch.may_be_planned_supplement(query)
            else ""
        )
        return (
            "magnesium",
            f"“{shown}” holds magnesium itself: pick **{escape_markdown(product.split(' (')[0])}** under "
            "**Other products with magnesium I take** below and enter the magnesium it gives you a day "
            "(from its label). It counts against the same limit as your supplement." + own,
        )
    condition = sch.typed_condition(query)
    if condition == "gestational":
        # Session-53 review: "gestational diabetes" added the diabetes medicines, though many women take none
        # for it, and the plan then waited for a kidney test she was never told about.
        return (
            "known",
            f"“{shown}” is a condition of pregnancy, not a medicine: if you take a medicine for it, type the name "
            "on its box here. While you are pregnant, your midwife or doctor decides any magnesium supplement "
            "dose.",
        )
    if not found and condition:
        return _condition_answer(shown, condition)
    if not found and sch.names_pregnancy_condition(query):
        _cite_in_answer(book.cite("pregnancy_condition_not_medicine"))
        return (
            "known",
            f"“{shown}” is a condition of pregnancy, not a medicine: NICE says pre-eclampsia needs a specialist's "
            "care. Ask your midwife or doctor before taking any magnesium supplement, and call them straight "
            "away for the signs in the red flags above.",
        )
    if not found and sch.name_suggests_magnesium(query):
        # Not a product the app has a source for, but its name suggests magnesium (planning list, session 58:
        # "Slow-Mag", "Mag-Ox 400" were "no medicine", magnesium only in the general words after).
        return (
            "magnesium",
            f"“{shown}” is not in this app's list, but its name suggests magnesium. Read the ingredients on its "
            f"label: if magnesium is among them, pick **{escape_markdown(safe.OTHER_SOURCE_OPTIONS[3])}** under "
            "**Other products with magnesium I take** below and enter the magnesium it gives you a day; it counts against the same limit "
            "as your supplement. If it is the supplement you are planning here, enter it under **3. Your product** "
            "instead.",
        )
    if not found:
        # A misspelling ("Harvony") gets suggestions to check against the box, never a class added
        # for the person: a near name can be another medicine.
        # As printed on the box ("Omeprazol 20 mg"): the name without its strength and form.
        near = sch.near_medicines(rules, sch.box_name(query) or query)
        maybe = (
            "Did you mean "
            + " or ".join(
                f"**{escape_markdown(name)}** ({escape_markdown(sch.in_sentence(r.drug_class))})"
                for name, r in near
            )
            + "? Check the name on the box, then type it again or pick its class in **Medicines I take**. "
            "If it is none of these, that"
            if near
            else "That"
        )
        return (
            "none",
            f"No medicine in this app's list matches “{shown}”. {maybe} does not mean it is safe to take "
            "with magnesium: the app only knows the medicines listed. Ask your pharmacist whether to "
            "keep magnesium apart from it. "
            # Session-53 review: "Co-Renitec", "Inhibace Plus" got no word of a second medicine.
            + (f"{sch.COMBINATION_TYPE_EACH} " if sch.may_hold_another(query) else "")
            +
            # Brand names the app cannot know (pharmacist review, 2026-12-04: "Lipitor" or "Mag-Ox 400"
            # passed as an unknown medicine: no prescriber question, no count against the limit).
            # Not every antacid has magnesium (polypharmacy review, 2026-12-05: the words said so of all).
            "If it is a statin (a cholesterol-lowering medicine), tick **I take a statin** above. Some "
            "antacids, laxatives, multivitamins and mineral supplements have magnesium in them and some "
            "do not: if its label lists magnesium, add it under **Other products with magnesium I take** below: it counts against "
            "your limit.",
        )
    combined = sch.combination_classes(rules, query)
    if combined:
        # A combination tablet holds each class it names: all are added (pharmacist review, 2026-12-04).
        _pick_medicines(combined, query)
        return (
            "added",
            f"“{shown}” "
            + (
                "is a combination tablet"
                if sch.one_name_in_several(rules, query)
                # Several names typed with spaces only ("Lasix 40 Lanoxin 125"), or a name with a suffix ("Diovan
                # HCT"; pharmacist review, session 65).
                else "names more than one medicine class (a combination tablet, or more than one medicine)"
            )
            + ": **"
            + "** and **".join(escape_markdown(r.drug_class) for r in combined)
            + "** are in Medicines I take. "
            + _below("Read what they mean for magnesium below.")
            + _unplaced_beside(query, combined),
        )
    near = sch.combination_near(rules, query, found)
    if near is not None:
        # One letter or so short of a combination's name (pharmacist review, session 60: "Zestoreti" was told to
        # pick one class, and a person who picked the ACE inhibitor lost the thiazide's prescriber).
        return (
            "unplaced",
            f"“{shown}” may be **{escape_markdown(near)}**, a combination tablet that holds **"
            + "** and **".join(escape_markdown(r.drug_class) for r in found)
            + "**. Check the name on its box and type it again as printed, or pick each of these in **Medicines I "
            "take**.",
        )
    if len(found) > 1:
        return (
            "unplaced",  # nothing added: it waits like an unknown name (phone review, session 60: a plan came)
            f"“{shown}” matches more than one class: "
            + "; ".join(escape_markdown(r.drug_class) for r in found)
            + ". Pick yours in **Medicines I take** (the list under it says which medicines each holds).",
        )
    rule = found[0]
    _pick_medicines((rule,), query)
    beside = _unplaced_beside(query, (rule,))
    # A name that can mean a second medicine in the tablet (session 50): the box's ingredients decide, and
    # the plan waits for the tick that they were read (rule combination_box_read).
    another = ""
    if sch.may_hold_another(query):
        another = f" {sch.COMBINATION_HINT}"
        st.session_state.setdefault(BOXES, {})[rule.drug_class] = " ".join(query.split())
    if rule.kind == "effect":
        # Said here, not two screens down (pharmacist review, 2026-12-06; rule medicine_cramps_flag).
        return (
            "added",
            f"**{escape_markdown(rule.drug_class)}** is in Medicines I take (“{shown}” is one of them). **It can "
            "cause cramps itself:** if yours began or got worse after you started it or took more of it, ask "
            "the doctor who prescribes it before trying magnesium (see the red flags), and do not stop it on "
            "your own." + another + beside,
        )
    return (
        "added",
        f"**{escape_markdown(rule.drug_class)}** is in Medicines I take (“{shown}” is one of them). "
        + _below(
            "Now enter when you take it, under **4. Dose and times**."
            if rule.kind == "timing"
            else "Read what it means for magnesium below."
        )
        + another
        + beside,
    )


#: Why a tick was taken off (rules clinician_tick_holds, box_tick_holds, prescriber_tick_holds): tick key →
#: words, shown under it until it is ticked again (a tick that went without a word read as lost: phone
#: review, session 56).
ASKED_AGAIN = "_schedule_asked_again"


def tick_rule(
    key: str, basis: object, holds: Callable[[Any, Any], bool], words: Callable[[Any, Any], str]
) -> None:
    """``magui.tick_for`` with its rule ``holds``; a tick it takes off keeps ``words(was, basis)`` for
    :func:`kept_tick` to say under it (``basis`` ``None``: the question is not asked)."""
    off = magui.tick_for(key, basis, holds)
    if basis is not None and off is not None and off.was is not None:
        st.session_state.setdefault(ASKED_AGAIN, {})[key] = words(off.was, basis)


def kept_tick(label: str, key: str, where: DeltaGenerator | None = None) -> bool:
    """A tick never in the link, kept for the tab while another page is open (magui.kept): put back
    first if the page is drawn again after another page, and what the person gives is noted. Its
    change marks the answers unchecked (rule answers_checked_first). Under it, until ticked again,
    why a rule took it off (:func:`tick_rule`)."""
    kept.restore(key)
    ticked = (where or st).checkbox(label, key=key, on_change=kept.noting(key, journal_store.answers_changed))
    kept.note(key)
    again = st.session_state.get(ASKED_AGAIN, {})
    if ticked:
        again.pop(key, None)
    elif key in again:
        (where or st).info(again[key], icon=":material/undo:")
    return ticked


def _kidney_test_tick() -> bool:
    """Rule kidney_check_prompt_age / kidney_check_medicine: the recent normal kidney test (one tick,
    asked under the kidney question from its age, else beside the medicine that asks it)."""
    return kept_tick(safe.kidney_test_label(book), KIDNEY_TEST_NORMAL_KEY)


def _below(text: str) -> str:
    """Where the medicine's words are: below, once the safety box is ticked (phone review, 2026-12-05:
    "read … below" pointed ~1,500 px down to nothing before that tick)."""
    if st.session_state.get("screened"):
        return text
    return f"{text[:-1]}, once the safety box at the end of the questions is ticked."


with section("1. About you"):
    profile = profile_inputs()
    # Said here, not only after every question (new-user review, session 65).
    if said_for_age := safe.age_note(profile.age_years, profile.life_stage, book):
        st.info(said_for_age, icon=":material/child_care:")
reference = reference_of(profile)
# The answers never in a link (the ticks below, a clinician's dose, the step up) are kept for the tab while
# another page is open, for this person only: one answered for another age, sex or stage is not put back
# (magui.kept; phone review, session 55: back from /diet, each tick had to be given again).
kept.keep("schedule", (profile.age_years, profile.sex, profile.life_stage))

with section("2. Safety questions (answer these first)"):
    kidney = magui.bound(P["kidney"], "I have kidney disease or reduced kidney function", on_change=_answered)
    # Pharmacist review (2026-12-05): no "not sure" answer, and reduced kidney function is common and
    # silent in older people (rules kidney_unsure_no_plan, kidney_check_prompt_age).
    # Its explanation under it, not as a help icon inside the label: on a phone a tap on the icon
    # ticked the box (phone review, 2026-12-05).
    kidney_unsure = magui.bound(
        P["kidney_unsure"], "I'm not sure how well my kidneys work", on_change=_answered
    )
    st.caption(KIDNEY_UNSURE_HELP)
    # GP review (2026-12-05): a 72-year-old on furosemide who did not know his eGFR was below the
    # age prompt; the conditions NICE tests kidneys for are named at any adult age
    # (rule kidney_check_risk_conditions).
    if profile.age_years >= book.self_serve_min_age and not (kidney or kidney_unsure):
        st.caption(safe.kidney_risk_words(book))
        sources(book.cite("kidney_check_risk_conditions", "kidney_normal_egfr_min"))
    # From 75 the plan waits for this tick (rule kidney_check_prompt_age; polypharmacy review,
    # 2026-12-05: two boxes left unticked read as "kidneys fine" for a 78-year-old whose results were
    # unknown). Never carried by a link (kept for the tab: magui.kept): a link cannot say a test was normal.
    kidney_test_normal = False
    if profile.age_years >= book.kidney_check_prompt_age and not (kidney or kidney_unsure):
        st.caption(
            f"**From {book.kidney_check_prompt_age}, about 1 in 2 people have reduced kidney function, "
            "most without symptoms.** The plan waits until you "
            f"say a kidney blood test has shown an eGFR of {book.kidney_normal_egfr_min} or more."
        )
        kidney_test_normal = _kidney_test_tick()
        # The eGFR line's source (kidney_normal_egfr_min) is cited just above, with the risk words.
        sources(book.cite("kidney_check_prompt_age"))
    # For /journal and /trial's dose check: every logged dose is questioned then (rule kidney_no_plan).
    # Not sure counts too (adversarial review, 2026-12-05: the journal, /trial and the converter did
    # not know of the "not sure" answer, which stops the plan as kidney disease does).
    st.session_state[journal_store.KIDNEY] = kidney or kidney_unsure
    statin = magui.bound(
        P["statin"], "I take a statin (a cholesterol-lowering medicine)", on_change=_answered
    )
    meds = magui.bound(
        P["meds"],
        "Medicines I take",
        placeholder="None — or pick every class that applies",
        select_all=False,  # "Select all" or "Select N matches" would add medicines never taken
        filter_mode="contains",
        on_change=_answered,
    )
    st.text_input(
        "Not sure which class? Find a medicine by the name on its box",
        key=FIND_KEY,
        placeholder="e.g. Harvoni, Allegra, Synthroid, then press Enter",
        max_chars=FIND_MAX_CHARS,
        on_change=_find_medicine,
    )
    #: Whether the finder's answer just said what a combination's box asks (its caption is not said twice then).
    HINT_SHOWN = False
    if FIND_NOTE in st.session_state:
        kind, text = st.session_state.pop(FIND_NOTE)
        HINT_SHOWN = sch.COMBINATION_HINT in text
        # Read out by a screen reader, without its sources (re-review, 2026-12-06: ~90 words of citation).
        with magui.layout.say("schedule_find"):
            (st.success if kind == "added" else st.info if kind == "known" else st.warning)(text)
        sources(st.session_state.pop(FIND_SOURCES, ""))
    # Rule kidney_check_medicine: a medicine usually taken for diabetes, high blood pressure or heart disease asks
    # the same kidney-test tick under 75, here beside it (pharmacist review, 2026-12-06: amlodipine at 58
    # got a plan with no kidney answer). From 75 the tick is asked above, under the kidney question.
    picked = [r for r in rules if r.drug_class in meds]
    # Rule combination_box_read: a tick for each combination name whose class is still picked (one removed
    # from the list takes its name's tick with it, and picked again asks for its box again, by its class).
    in_link = st.query_params.get_all(P["boxes"].key)
    boxes_kept = sch.boxes_kept({c: "" for c in in_link} | st.session_state.get(BOXES, {}), meds)
    boxes = sch.boxes_to_read(boxes_kept, meds)
    st.session_state[BOXES] = boxes_kept
    # In the link too (session-53 review: a reload or the link's receiver got the plan without the box).
    if list(boxes) != in_link:
        if boxes:
            st.query_params[P["boxes"].key] = list(boxes)
        else:
            del st.query_params[P["boxes"].key]
    BOX_UNREAD = False
    if boxes and not HINT_SHOWN:
        # Once, not twice at 390 px: the finder's answer just above said the same (session 54's planning list).
        st.caption(sch.BOX_CAPTION)
    for drug_class, name in boxes.items():
        tablet = (
            f"“{escape_inline(name)}”"
            if name
            # Asked by its class (a link's class, or one picked again): "my … tablet", which a person whose
            # tablet holds that one medicine can tick too once they have read its box (phone review, session
            # 55: "the … tablet whose name has “Plus” …" could not be ticked honestly on plain losartan).
            else f"my {sch.in_sentence(drug_class)} tablet"
        )
        # Keyed by the class and the name: a later name in the same class asks again (re-review, session
        # 53: "Micardis Comp" typed after "Atacand Plus" was read stood ticked).
        # Given for the medicines then in the list: one taken off asks again, saying why (rule box_tick_holds).
        box_key = f"{BOX_READ}{drug_class}|{name}"
        tick_rule(box_key, frozenset(meds), safe.box_tick_holds, safe.box_tick_off_words)
        read = kept_tick(
            f"I have read the box of {tablet}: each active ingredient on it is in Medicines I take", box_key
        )
        BOX_UNREAD = BOX_UNREAD or not read
    # Rule unknown_medicine_checked: each name the finder did not know, with its tick and a way to take it off.
    UNKNOWN_NAMES = tuple(st.session_state.get(UNKNOWN, {}))
    UNKNOWN_KINDS = {n: kind for n, kind in st.session_state.get(UNKNOWN, {}).items() if kind}
    # Their count travels in the link, never their names or ticks: after a reload, or for a link's receiver, one
    # tick for them all (phone review, session 60: a reload gave the plan at once).
    UNKNOWN_IN_LINK = int(st.query_params.get(P["unknown"].key) or 0)
    if UNKNOWN_NAMES and min(len(UNKNOWN_NAMES), sch.UNKNOWN_IN_LINK_MAX) != UNKNOWN_IN_LINK:
        st.query_params[P["unknown"].key] = str(min(len(UNKNOWN_NAMES), sch.UNKNOWN_IN_LINK_MAX))
    elif not UNKNOWN_NAMES and st.session_state.pop(UNKNOWN_FORGOT, False):
        st.query_params.pop(P["unknown"].key, None)
        UNKNOWN_IN_LINK = 0
    UNKNOWN_FROM_LINK = UNKNOWN_IN_LINK if not UNKNOWN_NAMES else 0
    if UNKNOWN_FROM_LINK or UNKNOWN_NAMES:
        # The stop below links up to here (safe.unknown_waiting_words).
        st.subheader(safe.UNKNOWN_HEADING, anchor=safe.UNKNOWN_ANCHOR)
    if UNKNOWN_FROM_LINK:
        UNKNOWN_LINK_OK = kept_tick(safe.unknown_tick_label("", UNKNOWN_FROM_LINK), f"{UNKNOWN_OK}(link)")
        st.button(
            "None of them: I take no such medicine or product",
            key="_schedule_unknown_remove_link",
            on_click=_forget_unknown_link,
        )
    else:
        UNKNOWN_LINK_OK = True
    # What the other products' ticks were given for (rule other_sources_count: taken off when it changes).
    others_now = (
        tuple(st.session_state.get(P["other"].key, P["other"].default)),
        st.session_state.get(P["other_mg"].key, P["other_mg"].default),
    )
    several = st.session_state.get(SEVERAL, {})
    for name in UNKNOWN_NAMES:
        if UNKNOWN_KINDS.get(name) == safe.NAME_SEVERAL and name in several:
            # No tick: it waits until one of its classes is picked (re-review, session 65).
            picked_one = bool(set(several[name]) & set(meds))
            st.session_state[f"{UNKNOWN_OK}{name}"] = picked_one
            (st.caption if picked_one else st.info)(
                safe.several_waiting_words(
                    escape_inline(name), [escape_inline(c) for c in several[name]], picked_one
                )
            )
        else:
            if UNKNOWN_KINDS.get(name) == safe.NAME_MAGNESIUM:
                tick_rule(
                    f"{UNKNOWN_OK}{name}", others_now, safe.products_tick_holds, safe.products_tick_off_words
                )
            kept_tick(
                safe.unknown_tick_label(escape_inline(name), 0, kind=UNKNOWN_KINDS.get(name, "")),
                f"{UNKNOWN_OK}{name}",
            )
        st.button(
            f"Remove “{escape_inline(name)}” (typed by mistake, or not taken)",
            key=f"_schedule_unknown_remove:{name}",
            on_click=_remove_unknown,
            args=(name,),
        )
    refocus_at = st.session_state.pop(UNKNOWN_REFOCUS, None)
    if refocus_at is not None:
        # A new key each time (its place, then a count): the same frame drawn again would not run its script again.
        count = st.session_state[UNKNOWN_REFOCUS_COUNT] = st.session_state.get(UNKNOWN_REFOCUS_COUNT, 0) + 1
        st.container(key=f"_schedule_refocus_{int(refocus_at)}_{count}").iframe(
            UNKNOWN_REFOCUS_HTML,
            height=1,
            tab_index=-1,
            alt="Puts the keyboard's focus on the next medicine to check, or in the medicine finder",
        )
    UNKNOWN_CHECKED = [n for n in UNKNOWN_NAMES if st.session_state.get(f"{UNKNOWN_OK}{n}")]
    #: For the printouts and the clinician's summary, with or without a plan.
    UNKNOWN_LINES = safe.unknown_medicine_lines(
        UNKNOWN_NAMES, UNKNOWN_CHECKED, UNKNOWN_FROM_LINK, UNKNOWN_LINK_OK, UNKNOWN_KINDS
    )
    UNKNOWN_UNCHECKED = bool(safe.unknown_waiting(UNKNOWN_NAMES, UNKNOWN_CHECKED)) or not UNKNOWN_LINK_OK
    st.session_state[journal_store.UNKNOWN_UNCHECKED] = UNKNOWN_UNCHECKED
    if UNKNOWN_NAMES or UNKNOWN_FROM_LINK:
        sources(book.cite("unknown_medicine_checked"))
    # For /trial: no on/off trial while a box waits (re-review, session 53: a trial was drawn meanwhile).
    st.session_state[journal_store.BOXES_UNREAD] = BOX_UNREAD
    if boxes:
        sources(book.cite("combination_box_read"))
    if sch.asks_about_iron(profile.life_stage, picked):
        st.caption(sch.PREGNANCY_IRON_NOTE[0])
        sources(sch.PREGNANCY_IRON_NOTE[1])
    TEST_FOR = safe.kidney_test_medicine_names(profile.age_years, kidney, kidney_unsure, picked, book)
    if TEST_FOR:
        st.caption(safe.kidney_test_medicine_caption(picked, book))
        kidney_test_normal = _kidney_test_tick()
        sources(book.cite("kidney_check_medicine"))
    #: Where the tick is asked, no kidney answer and no normal test said: no plan (the screen's stop).
    KIDNEY_UNTESTED = safe.kidney_test_missing(
        profile.age_years, kidney, kidney_unsure, kidney_test_normal, book, picked
    )
    # For /journal, /trial and the label converter: while this page waits for that tick for a medicine,
    # every logged dose is questioned, no trial drawn and no tablets counted (the age's wait they know
    # from the visit's age).
    st.session_state[journal_store.KIDNEY_TEST_WAITS] = TEST_FOR if KIDNEY_UNTESTED else ()
    with st.expander("Which medicines are in these classes?"):
        st.markdown(
            "\n".join(f"- **{escape_markdown(r.drug_class)}:** {escape_markdown(r.examples)}" for r in rules)
        )
        sources(";".join(dict.fromkeys(r.source_ids for r in rules)))
    other = magui.bound(
        P["other"],
        "Other products with magnesium I take",
        placeholder="None — or pick antacids, laxatives, multivitamins…",
        # As Medicines I take: no "Select all" (one tap added all four; phone review, session 56), and typing
        # finds a product by any word of its name.
        select_all=False,
        filter_mode="contains",
        on_change=_answered,
    )
    if meds or other:
        # The picked chips' remove buttons at 24 x 24 px (Streamlit's are 15 x 7), for every picker on
        # the page (medicines, other products, medicine times): a constant stylesheet, nothing from
        # the URL or data, drawn only once something is picked.
        st.html(CHIP_CSS)
    # The amount is for the products it was given with (rule other_sources_count: no plan until it is
    # entered): another product starts again at 0 (stale-state review, 2026-12-05: a multivitamin's
    # 50 mg stayed for an antacid picked after it, and the plan skipped the "enter its amount" stop).
    products, amount_key = tuple(sorted(other)), P["other_mg"].key
    given_for = st.session_state.get(OTHER_MG_FOR)
    if given_for is not None and given_for != products:
        if amount_key in st.session_state:
            st.session_state[amount_key] = P["other_mg"].default
        elif amount_key in st.query_params:
            magui.drop_from_link(amount_key)
    st.session_state[OTHER_MG_FOR] = products
    other_mg = 0
    if other:
        other_mg = magui.bound(
            P["other_mg"],
            # The most on any one day (pharmacist review, 2026-12-05: an antacid taken "some nights"
            # was left out of the daily figure, and those nights went over the limit).
            OTHER_MG_LABEL,
            # Clinician review (2026-12-04): an antacid's label often gives the weight of its
            # magnesium hydroxide, not of the magnesium in it.
            help=OTHER_MG_HELP,
            on_change=_answered,
        )

# Answers the address changed without a click (the browser's Back or Forward button went to an earlier
# address of this page): the safety tick then stands beside answers it was not given for (stale-state
# review, 2026-12-05: ticked, then kidney disease ticked, Back restored the earlier address, kidney
# unticked and the tick kept, and the plan's calendar was offered). Treated as a link's tick below.
# The person's age and pregnancy answer too (re-review, session 57: a link's tick taken off by "pregnant", the
# reader's own tick, then Back twice to the link's address: the tick stood for the link's answers as the
# reader's, "Your plan" and its calendar with it).
ANSWERS = (
    kidney,
    kidney_unsure,
    statin,
    tuple(meds),
    tuple(other),
    other_mg,
    profile.age_years,
    profile.life_stage,
)
FROM_ADDRESS = st.session_state.get(ANSWERS_SEEN) not in (None, ANSWERS) and not st.session_state.pop(
    ANSWERED, False
)
st.session_state[ANSWERS_SEEN] = ANSWERS

#: The red flags that matter most for this person first, on the screen, the printout and the calendar.
STATIN_NOW, CRAMP_MEDICINE = safe.takes_statin(statin, picked), any(r.causes_cramps for r in picked)
FLAGS_FIRST = safe.red_flags_first(
    profile.life_stage, STATIN_NOW, CRAMP_MEDICINE, profile.age_years < book.self_serve_min_age
)
red_flags.show(profile.life_stage, profile, statin=STATIN_NOW, cramp_medicine=CRAMP_MEDICINE)
# One tick after the questions and the red flags: the person says both that they answered and that
# no red flag applies (the pharmacist's review: the red flags were shown but never asked).
# A shared link carries the tick, so that the person it is sent to (a partner, a clinician) sees the
# plan the sender saw. The tick is the sender's answer, not theirs: until they tick or untick it
# themselves, the page says so beside it.
# The link's value as the link checker reads it (check_query: "true" in any case, once).
in_link, _ = check_query({P["screened"].key: st.query_params.get_all(P["screened"].key)}, [P["screened"]])
if P["screened"].key not in st.session_state and in_link.get(P["screened"].key) is True:
    if safe.link_screen_holds(True, LINK_UNREAD):
        st.session_state[SCREENED_BY_LINK] = True
    else:
        # Safety (link_screen_incomplete): what the link could not tell fell back to the permissive
        # defaults (no kidney disease, no medicines, no other products, age 45), so its tick may
        # stand on answers the sender never gave. The tick starts unticked; the person answers again.
        magui.drop_from_link(P["screened"].key)
        st.session_state[SCREEN_NOT_KEPT] = True


def _screen_changed() -> None:
    journal_store.answers_changed()
    st.session_state.pop(SCREENED_BY_LINK, None)
    st.session_state.pop(SCREEN_NOT_KEPT, None)
    st.session_state.pop(SCREEN_FROM_HISTORY, None)


# Rule screen_tick_for_its_person: the tick is for the age and pregnancy answer it was given with
# (adversarial review, 2026-12-05: a 15-year-old's cleared age field went back to 45 and the tick
# stayed, so an adult's plan appeared). Set, not deleted, as magui.tick_for does.
PERSON = (profile.age_years, profile.life_stage)
if st.session_state.get(P["screened"].key) and not safe.screen_tick_holds(
    st.session_state.get(SCREEN_GIVEN_FOR), PERSON
):
    st.session_state[SCREEN_TAKEN_OFF] = st.session_state[SCREEN_GIVEN_FOR]
    st.session_state[P["screened"].key] = False
    _screen_changed()
# Who the answers are for, beside the tick (teen review, 2026-12-06: About you starts at 45, so a
# 15-year-old who never touched it ticked and got an adult's plan).
#: The life stage in words on the printout and the trial's summary ("general" was the app's own word:
#: phone and GP review, 2026-12-04), and beside the safety tick.
STAGE_WORDS = LIFE_STAGE_LABELS.get(profile.life_stage, profile.life_stage).lower()
# Under 18 the person answering is often a parent (re-review, 2026-12-06: "if that is not you" invited a
# parent to put in their own age); the stage only where it can apply.
_STAGE_SAID = f", {STAGE_WORDS}" if stage_applies(profile.age_years, profile.sex) else ""
st.markdown(
    f"**These answers are for: age {profile.age_years}, {profile.sex.lower()}{_STAGE_SAID}** (About you, "
    "above). If that is not you, change it first: under "
    f"{book.self_serve_min_age} there is no plan without a doctor's dose."
    if profile.age_years >= book.self_serve_min_age
    else f"**These answers are for the child or teenager who would take magnesium: age {profile.age_years}, "
    f"{profile.sex.lower()}{_STAGE_SAID}** (About you, above). If you are answering for them, answer every "
    "question and read every red flag for them, not for yourself."
)
screened = magui.bound(P["screened"], SCREEN_LABEL, on_change=_screen_changed)
if screened and FROM_ADDRESS and not st.session_state.get(SCREENED_BY_LINK):
    # As a link's tick: the plan stays on show, the calendar waits for the person's own tick.
    st.session_state[SCREENED_BY_LINK] = st.session_state[SCREEN_FROM_HISTORY] = True
if screened:
    st.session_state[SCREEN_GIVEN_FOR] = PERSON
    st.session_state.pop(SCREEN_TAKEN_OFF, None)
else:
    st.session_state.pop(SCREEN_GIVEN_FOR, None)
    if SCREEN_TAKEN_OFF in st.session_state:
        st.warning(
            safe.screen_tick_off_words(st.session_state[SCREEN_TAKEN_OFF], PERSON, int(AGE_PARAM.default)),
            icon=":material/person_alert:",
        )
if not screened and st.session_state.get(SCREEN_NOT_KEPT):
    st.warning(
        "**The link you opened had this box ticked, but part of the link could not be used** (the "
        "notice at the top of the page names it), so the answers it carried may be incomplete: "
        "those parts are at their defaults, such as no kidney disease, no medicines and no other "
        "products with magnesium. Check your answers above, then tick the box to see your plan.",
        icon=":material/link_off:",
    )
    sources(book.cite("link_screen_incomplete"))
if screened and st.session_state.get(SCREENED_BY_LINK):
    # On screen in the printable view too (adversarial review, 2026-12-04: a print link showed a plan
    # with no word that the tick was the sender's), but not on paper (clinician review: it made no
    # sense there; the printout's list of answers says where the tick came from).
    st.container(key=LINK_TICK_BOX).warning(
        "**The page went back to earlier answers** (the browser's Back or Forward button, or an address "
        "typed or pasted): this tick was given before them. Check the safety questions above, then "
        "untick and tick it again: the calendar waits until then."
        if st.session_state.get(SCREEN_FROM_HISTORY)
        else "**This tick came with the link you opened:** it is the answer of the person who shared it. "
        "If you are going to take magnesium yourself, put your own answers in **About you** and the "
        "safety questions, read the red flags above for yourself, then untick and tick it again: the "
        "calendar waits until then. "
        # Pharmacist review (2026-12-06): her partner, opening her pregnancy link, read "the plan below
        # leaves them out" above no plan, beside a tick inviting him to confirm a dose himself.
        + (safe.link_dose_words(profile.life_stage, profile.age_years, book) or LINK_LEAVES_OUT),
        # GP review (2026-12-05): a week-10 link showed 250 mg a day while its sender took 350 mg.
        icon=":material/link:",
    )

#: The plan's heading while the safety tick is a link's (the sender's answer) or an earlier address's, not
#: the reader's own.
LINK_PLAN = "The plan, before your own tick"

#: Answers asked inside the plan's fragments (a clinician's dose, the step up, the confirmations).
PLAN_ANSWER_KEYS = ("doctor_mg", "step_up_choice", "compound_confirm")
PLAN_ANSWER_PREFIXES = ("ack_confirm_", "step_prescriber_confirm_")


def _forget_plan_answers() -> None:
    """Forget the answers given inside the plan while the page stops before drawing it.

    Streamlit keeps a fragment's widget values on the server through runs that do not draw the
    fragment, while the browser draws the widget afresh at its default when it comes back: the
    plan then used a doctor's 300 mg, a chosen step up or a clinician's confirmation that the
    page showed as 0 or unticked (adversarial review, 2026-12-05: a 15-year-old's doctor's dose
    became a pregnant adult's plan after the box was unticked and ticked again). Deleted, each
    starts again at its default in the browser and on the server alike.
    """
    for key in list(st.session_state.keys()):
        if key in PLAN_ANSWER_KEYS or key.startswith(PLAN_ANSWER_PREFIXES):
            del st.session_state[key]


chosen = [r for r in rules if r.drug_class in meds]
# Typed names only for the classes still picked: one removed and picked again from the list has none
# (re-review, session 50: its old typed name came back on the printout).
if TYPED_NAMES in st.session_state:
    picked = {r.class_id for r in chosen}
    st.session_state[TYPED_NAMES] = {k: v for k, v in st.session_state[TYPED_NAMES].items() if k in picked}
# A statin picked under Medicines counts as the statin box ticked, everywhere below: the screen's
# statin warning, the printout's and the trial's "Takes a statin" (pharmacist review, 2026-12-04:
# rosuvastatin picked, box unticked: no warning, and the printout said "Takes a statin: no").
statin = safe.takes_statin(statin, chosen)
# Rules doctor_medicine_confirm and statin_prescriber_confirm: whose prescriber must agree first.
PRESCRIBED = safe.prescriber_names(chosen, statin)

if not screened:
    # The ticks below are for the answers they were given with: unticked here, asked again after.
    for tick in ("child_confirm", "stage_confirm", "prescriber_confirm", "compound_confirm"):
        magui.tick_for(tick, None)
    _forget_plan_answers()
    # The medicines given wait for their prescriber all the same (adversarial review, 2026-12-05: an
    # unticked safety box, or a changed age, let /journal and /trial forget the digoxin); no tick is
    # offered until the safety box is ticked.
    st.session_state[journal_store.PRESCRIBER_WAITS] = journal_store.Waiting(tuple(PRESCRIBED), False)
    st.session_state.pop(journal_store.NO_PLAN, None)
    st.info(
        f"Answer the safety questions, read the red flags, and tick **{SCREEN_LABEL}** to see your plan. "
        "If a red flag applies, see a doctor instead of starting magnesium.",
        icon=":material/health_and_safety:",
    )
    journal_store.answers_checked(profile)  # rule answers_checked_first: what waits is decided above
    magui.footer()
    st.stop()

# The screen's messages go above the doctor question that follows them (written after the screen).
notes_area = st.container()
#: Inside it: the notes up to the prescriber's red box and proposal, the prescriber's tick, then the
#: rest (GP review, 2026-12-05: on a phone the tick was ~4,000 px below "confirm it below").
NOTES_BEFORE_TICK, PRESCRIBER_TICK, NOTES_AFTER_TICK = (notes_area.container() for _ in range(3))
#: Under 18 (rule self_serve_min_age): the plan uses a clinician's dose; a doctor's, or a midwife's or
#: doctor's while pregnant or breastfeeding (as for adults).
UNDER_ADULT_AGE = profile.age_years < book.self_serve_min_age
CLINICIAN = safe.clinician_words(profile.life_stage)
child_confirmed = stage_confirmed = False
# Which of the questions below are asked: a tick is for the answers it was given with, and is
# cleared while its question is not asked (adversarial review, 2026-12-04: kidney disease answered
# yes then no brought back a prescriber's tick the page no longer showed).
KIDNEY_BLOCKS = kidney or kidney_unsure or KIDNEY_UNTESTED  # no plan follows a clinician's tick: none asked
#: The prescriber is asked only where their agreement could bring a plan (safety.prescriber_can_help:
#: not with a kidney answer that blocks, nor with a medicine spacing cannot protect).
ASK_PRESCRIBER = bool(PRESCRIBED) and safe.prescriber_can_help(
    safe.Answers(
        age_years=profile.age_years,
        life_stage=profile.life_stage,
        kidney_disease=kidney,
        kidney_unsure=kidney_unsure,
        kidney_test_normal=kidney_test_normal,
        medicines=tuple(chosen),
    ),
    book,
    reference.mg_ul_supplemental,
)
# What was answered, not a "no" nobody gave (polypharmacy review, 2026-12-05: the printout said
# "Kidney disease: no" for a 78-year-old whose results were unknown).
KIDNEY_ANSWER = (
    "yes"
    if kidney
    else "not sure"
    if kidney_unsure
    else f"not ticked; a recent kidney blood test showed an eGFR of {book.kidney_normal_egfr_min} or more, "
    "the person says"
    if kidney_test_normal
    else "not ticked; no kidney test result given"
    if safe.kidney_test_asked(profile.age_years, chosen, book)
    else "not ticked"
)
# Not asked where the chosen values set no limit for the age (the UK under 19): no plan follows the
# tick then, and the page says so (pharmacist review, 2026-12-05: the question stayed and did nothing).
ASKED_CHILD = (
    not KIDNEY_BLOCKS
    and book.no_plan_under_age <= profile.age_years < book.self_serve_min_age
    and reference.mg_ul_supplemental is not None
)
ASKED_STAGE = (
    not KIDNEY_BLOCKS
    and not ASKED_CHILD
    and profile.life_stage != "general"
    and reference.mg_ul_supplemental is not None
)
#: Whom a clinician's advised dose is for: the age, the stage and what they take (rule clinician_tick_holds:
#: "knowing every medicine" no longer holds once one is added; adversarial review, session 56).
TAKES = frozenset(meds) | frozenset(other) | ({"statin"} if statin else set())
CLINICIAN_BASIS = (profile.age_years, profile.life_stage, TAKES)
for _key, _asked in (("child_confirm", ASKED_CHILD), ("stage_confirm", ASKED_STAGE)):
    tick_rule(
        _key,
        CLINICIAN_BASIS if _asked else None,
        safe.clinician_tick_holds,
        partial(safe.clinician_tick_off_words, clinician=CLINICIAN),
    )
# Given for the medicines its label names: a medicine added later clears it (pharmacist review,
# 2026-12-04: ticked for proton pump inhibitors, it stayed when a statin was added).
tick_rule(
    "prescriber_confirm",
    tuple(PRESCRIBED) if ASK_PRESCRIBER else None,
    safe.prescriber_tick_holds,
    safe.prescriber_tick_off_words,
)
if KIDNEY_BLOCKS:
    # Not asked with kidney disease: no plan follows whatever a clinician advised (rule
    # kidney_no_plan; pharmacist review, 2026-12-04: the tick stayed on screen and did nothing).
    pass
elif ASKED_CHILD:
    # Never bound to the URL: a receiver of a link must confirm it themselves.
    # Given for this age and stage only (a tick must not carry over to another person's answers).
    # "Knowing every medicine": advice given without them is not advice for them (pregnant review,
    # 2026-12-06: a midwife's "take some magnesium" with labetalol and nifedipine unknown to her).
    child_confirmed = kept_tick(
        f"A {CLINICIAN} has advised a magnesium supplement dose for this person, knowing every medicine they take",
        "child_confirm",
    )
elif ASKED_STAGE:
    # Rule stage_clinician_dose: never bound to the URL (as the child's).
    stage_confirmed = kept_tick(
        "My midwife or doctor has advised a magnesium supplement dose for me, knowing every medicine I take",
        "stage_confirm",
    )
# Rule doctor_medicine_confirm: with a medicine that changes how the body keeps magnesium, the
# prescriber decides; never bound to the URL (as the two questions above).
# Not asked with kidney disease: no plan is made then whatever the prescriber agreed (clinician
# review, 2026-12-04: the question stayed on screen, as if ticking it could bring the plan back).
prescriber_agreed = ASK_PRESCRIBER and kept_tick(
    safe.prescriber_tick_label(PRESCRIBED), "prescriber_confirm", PRESCRIBER_TICK
)
# For /journal and /trial: every logged dose is questioned while a prescriber has not agreed.
st.session_state[journal_store.PRESCRIBER_WAITS] = journal_store.Waiting(
    () if prescriber_agreed else tuple(PRESCRIBED), ASK_PRESCRIBER
)
answers = safe.Answers(
    age_years=profile.age_years,
    life_stage=profile.life_stage,
    kidney_disease=kidney,
    kidney_unsure=kidney_unsure,
    kidney_test_normal=kidney_test_normal,
    statin=statin,
    medicines=tuple(chosen),
    other_sources=tuple(other),
    other_mg=other_mg,
    child_dose_confirmed=child_confirmed,
    stage_dose_confirmed=stage_confirmed,
    prescriber_agreed=prescriber_agreed,
    box_unread=BOX_UNREAD,
    unknown_unchecked=UNKNOWN_UNCHECKED,
)
screen = partial(
    safe.screen,
    ul_mg=reference.mg_ul_supplemental,
    ul_source_ids=reference.source_ids,
    rules=book,
    evidence=claims,
    ul_words=sch.limit_words(reference.mg_ul_kind),
    ul_note=reference.ul_note,
)
safety = screen(answers)
#: What to take to the prescriber (GP review, 2026-12-05): the plan this page would make if they agree,
#: in words only (no table, no calendar), from the same screening with their agreement.
BRIEF = (
    sch.prescriber_brief(numbers, screen(replace(answers, prescriber_agreed=True)), chosen, statin=statin)
    if ASK_PRESCRIBER and not safety.plan_allowed and not prescriber_agreed
    else None
)
#: Waiting for a kidney blood test's answer too (from 75, or "not sure"): the proposal as it would be with
#: a normal one, under the kidney stop that asks both at one visit (phone review, 2026-12-05: a
#: 70-year-old on a thiazide, "not sure" of his kidneys, had nothing to take to his GP).
KIDNEY_FINE = replace(answers, kidney_unsure=False, kidney_test_normal=True)
KIDNEY_BRIEF = (
    sch.prescriber_brief(
        numbers,
        screen(replace(KIDNEY_FINE, prescriber_agreed=True)),
        chosen,
        statin=statin,
        kidney_egfr_min=book.kidney_normal_egfr_min,
    )
    if PRESCRIBED
    and (kidney_unsure or KIDNEY_UNTESTED)
    and not kidney
    and safe.prescriber_can_help(KIDNEY_FINE, book, reference.mg_ul_supplemental)
    else None
)
with NOTES_AFTER_TICK:
    cited_above: set[str] = set()
    notes_slot = NOTES_BEFORE_TICK
    prescriber_rules = safe.prescriber_rule_ids(chosen, statin)
    brief_sources = book.cite(*prescriber_rules, "start_at_guidance_dose")
    asking = [i for i, n in enumerate(safety.notes) if n.level == "error" and n.rule_id in prescriber_rules]
    kidney_stop = next(
        (
            i
            for i, n in enumerate(safety.notes)
            if n.rule_id in ("kidney_check_prompt_age", "kidney_check_medicine", "kidney_unsure_no_plan")
        ),
        None,
    )
    for position, note in enumerate(safety.notes):
        # The proposal right under the first "no plan until your doctor agrees" box, before its sources
        # (polypharmacy review, 2026-12-05: on a phone it came ~3,700 px below it); or under the kidney
        # stop that asks the prescriber's question at the same visit.
        first_ask = bool(asking) and position == asking[0]
        then = (
            (BRIEF, brief_sources)
            if first_ask and BRIEF
            else (KIDNEY_BRIEF, brief_sources)
            if KIDNEY_BRIEF and position == kidney_stop
            else None
        )
        with notes_slot:
            show(note, cited_above, then)
            if note.rule_id == "unknown_medicine_checked":
                # Which ones, and where (phone review, session 60: the stop named none, ~3,000 px below the ticks).
                st.caption(
                    safe.unknown_waiting_words(
                        [escape_inline(n) for n in safe.unknown_waiting(UNKNOWN_NAMES, UNKNOWN_CHECKED)],
                        0 if UNKNOWN_LINK_OK else UNKNOWN_FROM_LINK,
                    )
                )
        if asking and position == asking[-1]:
            notes_slot = NOTES_AFTER_TICK  # the tick follows the last red box that asks for it
    if reference.mg_ul_supplemental is None and profile.age_years >= book.self_serve_min_age:
        # No limit in the chosen set (the UK under 19, in pregnancy, while breastfeeding): say so, and
        # what the other sets give.
        no_limit = sch.no_limit_line(
            reference.set_label, other_limits(profile, reference.reference_set), profile.life_stage
        )
        if no_limit is not None:
            st.info(no_limit, icon=":material/info:")
    if statin:
        st.caption(
            "What the evidence shows for the statin suggestions: "
            + escape_markdown("; ".join(measure_lines(measures, ("vitamin_d_statin", "coq10_statin"))))
            + "."
        )
    if safety.food_first:
        st.page_link(
            "pages/diet.py",
            label="Food first: see the Diet page",
            icon=":material/restaurant:",
            query_params=profile_query(profile),
        )
#: The printout's lines of the safety answers (with a plan or without one).
PAPER_ANSWERS = (
    f"**Kidney disease:** {KIDNEY_ANSWER} · **Takes a statin:** {'yes' if statin else 'no'}  \n"
    "**Other products with magnesium:** "
    + escape_markdown(f"{', '.join(other)} (up to {other_mg} mg a day)" if other else "none")
)
#: Who the plan is for, for /trial's summary (with a plan or without one).
PERSON_LINES = (
    f"Age {profile.age_years}, {profile.sex}, {STAGE_WORDS}; {reference.set_label} reference values",
    f"Kidney disease: {KIDNEY_ANSWER}; takes a statin: {'yes' if statin else 'no'}",
    "Other products with magnesium: "
    + (f"{', '.join(other)} (up to {other_mg} mg a day)" if other else "none"),
)
if not safety.plan_allowed:
    #: The medicines without a plan: the classes picked and the names the app does not know.
    NO_PLAN_MEDICINES = (
        "; ".join([*(r.drug_class for r in chosen), *UNKNOWN_LINES]) or NO_MEDICINES[bool(statin)]
    )
    # What /trial's summary for a clinician says without a plan (clinician review, 2026-12-05: "Medicines:
    # none entered" for a person on digoxin whose plan waited for its prescriber).
    st.session_state[journal_store.NO_PLAN] = journal_store.NoPlanAnswers(
        person_lines=PERSON_LINES,
        medicine_lines=(f"{NO_PLAN_MEDICINES}. {sch.UNCHECKED_MEDICINES}",),
        reasons=safe.stop_headings(safety),
        own_tick=safe.dose_calendar_allowed(bool(st.session_state.get(SCREENED_BY_LINK))),
        profile=profile,
    )
    if printable:
        # Who the paper is for and what it rests on, with no plan too (polypharmacy review,
        # 2026-12-05: the printout for a GP, kidney results unknown, had no age, date or medicines).
        # The medicines' times are asked with the plan (section 4), so none are known here.
        st.markdown(
            f"**For:** age {profile.age_years}, {escape_markdown(profile.sex)}, "
            f"{escape_markdown(STAGE_WORDS)}, {escape_markdown(reference.set_label)} reference values · "
            f"**Made on:** {clock.today():%d %B %Y}  \n"
            f"**Medicines:** "
            f"{escape_markdown(NO_PLAN_MEDICINES)}. "
            f"{escape_markdown(sch.UNCHECKED_MEDICINES)}  \n" + PAPER_ANSWERS
        )
    _forget_plan_answers()
    journal_store.answers_checked(profile)  # rule answers_checked_first: no plan, and why, decided above
    magui.footer()
    st.stop()


with section("3. Your product"):
    cols = st.columns(2)
    with cols[0]:
        form = magui.bound(P["form"], "Form", on_change=journal_store.answers_changed)
        # Pills that wrap: five units in one row were cut at 320 px (accessibility review, 2026-12-06:
        # WCAG 1.4.10; "Spray" was out of sight in a row that scrolled sideways without a scroll bar).
        unit = magui.bound(
            P["unit"], "Unit", widget="pills", wrap=True, on_change=journal_store.answers_changed
        )
    with cols[1]:
        strength = magui.bound(
            P["strength_mg"], "Magnesium per unit on the label (mg)", on_change=journal_store.answers_changed
        )
        label = magui.bound(
            P["label"], "The label's amount is", widget="radio", on_change=journal_store.answers_changed
        )
    product = product_for(form, strength, label, unit, FOLDER)
    starting = strength == P["strength_mg"].default
    if starting:
        # The field's starting value counts the units (pharmacist review, 2026-12-04: the plan and its
        # reminders counted 2½ tablets of 100 mg for a person who never entered their label's amount).
        st.markdown(
            f":small[**Check this against your label:** the plan counts {unit_plural(unit)} of "
            f"{strength} mg, the field's starting value. With a stronger {unit.lower()} the same count "
            "would be a higher dose. The calendar and the spreadsheet wait until you enter your label's "
            "amount or tick that it is this one.]"
        )
        # Kept for the tab while another page is open (magui.kept), never in the link.
        # For this product only: another form, unit or label basis asks again (adversarial re-review, session 59).
        label_key = label_tick_key(form, unit, label)
        kept.restore(label_key)
        st.checkbox(
            f"My label says {strength} mg per {unit.lower()}",
            key=label_key,
            on_change=kept.noting(label_key, journal_store.answers_changed),
        )
        kept.note(label_key)
    st.session_state[LABEL_UNCHECKED] = safe.label_unconfirmed(
        strength,
        P["strength_mg"].default,
        bool(st.session_state.get(label_tick_key(form, unit, label))),
        product.route == "topical",
    )
    conversion = sch.conversion_note(product)
    if conversion:
        st.caption(escape_markdown(conversion))
        sources(product.source_ids)
    oxide = sch.oxide_warning(product, claims)
    if oxide:
        show(oxide)
    laxative = sch.laxative_form_warning(product, data.forms)
    if laxative:
        show(laxative)


def _plan_intro(child: bool) -> None:
    """Section 4's fixed wording: no plan input changes it."""
    if child and not UNDER_ADULT_AGE:
        st.caption(
            "While pregnant or breastfeeding the plan uses the dose your midwife or doctor advised, "
            "never the general guidance, and never steps up: change the dose only with them."
        )
    elif child:
        st.caption(
            f"Under 18 the plan uses the dose the {CLINICIAN} advised, never the adult guidance, and never "
            f"steps up: change the dose only with the {CLINICIAN} who advised it."
        )
    else:
        st.caption(sch.guidance_reading(numbers, data.forms))
        sources(numbers.source_ids["start_dose_mg"])


#: The plan's fragment, and the small fragments that hold its other inputs (issue 18). The starting
#: dose (the input people change most) is drawn by the plan's fragment itself, into a slot the page
#: made in the first row: a dose change is one run of that fragment. Every other input sits in a
#: fragment of its own, so a change starts a run of that small fragment only (the browser marks
#: only it as stale), whose callback asks for a keyed rerun of that fragment and the plan: the other
#: inputs are not re-sent. Each input fragment keeps what it read in VALUES, which the plan reads.
PLAN_KEY = "schedule_plan"
WEEKS_KEY, START_KEY, STEP_KEY = "schedule_in_weeks", "schedule_in_start", "schedule_in_step"
TIMING_KEY, MEDS_KEY, GAP_KEY = "schedule_in_timing", "schedule_in_meds", "schedule_in_gap"
VALUES = "_schedule_plan_values"


#: Nights the journal compares with, before the first dose (guidance row, the journal's design).
BASELINE_NIGHTS = int(data.guidance_value("journal_min_baseline_nights"))


def _trial_nights() -> tuple[dt.date | None, dt.date | None]:
    """An on/off trial set up on /trial in this tab: its first night and the night after its last,
    between which the plan's own reminders stop; (None, None) without one."""
    design = st.session_state.get(journal_store.TRIAL_DESIGN)
    return (None, None) if design is None else (design.start, trial.end_date(design) + dt.timedelta(days=1))


def _values() -> dict[str, Any]:
    return st.session_state.setdefault(VALUES, {})


def _then(*keys: str):  # type: ignore[no-untyped-def]
    """A callback that reruns these input fragments and the plan (nothing else)."""

    def callback() -> None:
        journal_store.answers_changed()  # rule answers_checked_first: the plan runs again before it stands
        st.rerun([*keys, PLAN_KEY])

    return callback


def _typed_then(key: str, *keys: str):  # type: ignore[no-untyped-def]
    """As :func:`_then`, after noting the dose in ``key`` as typed by the person."""

    def callback() -> None:
        _typed(key)
        st.rerun([*keys, PLAN_KEY])

    return callback


#: The doses the person typed on this page in this visit (param key → value): the clinician's tick is
#: offered only for one of these (rule clinician_dose_entered), never for a dose the page, a link or the
#: Diet page filled in (adversarial review, 2026-12-06). This session's only, never in a link.
TYPED_MG = "_schedule_typed_mg"


def _typed(key: str) -> None:
    journal_store.answers_changed()
    st.session_state.setdefault(TYPED_MG, {})[key] = st.session_state.get(P[key].key)


def _typed_doses() -> tuple[float, ...]:
    """The typed doses still in their fields (one changed since by a link is no longer typed)."""
    record = st.session_state.get(TYPED_MG, {})
    return tuple(
        float(value)
        for key, value in record.items()
        if value is not None and st.session_state.get(P[key].key) == value
    )


def _dose_input(child: bool) -> float:
    """The starting dose (drawn by the plan's fragment, in the slot the page made for it)."""
    if child:
        # Under 18 the dose is the doctor's, entered here (never the adult default), never in a link.
        kept.restore("doctor_mg")
        dose = st.number_input(
            f"The dose the {CLINICIAN} advised (mg of magnesium a day)"
            if UNDER_ADULT_AGE
            else "The dose your midwife or doctor advised (mg of magnesium a day)",
            min_value=0,
            max_value=1000,
            # Starts at min_value, 0 (no value= here: one beside a value put back by magui.kept warns).
            step=5,
            key="doctor_mg",
            width="stretch",
            on_change=kept.noting("doctor_mg", journal_store.answers_changed),
        )
        kept.note("doctor_mg")
        return dose
    return magui.bound(
        P["start_mg"],
        "Starting dose (mg of magnesium a day)",
        width="stretch",
        on_change=lambda: _typed("start_mg"),
    )


@st.fragment(key=WEEKS_KEY)
def _weeks_input(child: bool) -> None:
    # The start date's note and the step up's availability follow the plan's length (a plan over).
    _values()["weeks"] = magui.bound(
        P["weeks"],
        "Plan length (weeks)",
        width="stretch",
        on_change=_then(WEEKS_KEY, START_KEY) if child else _then(WEEKS_KEY, START_KEY, STEP_KEY),
    )


def _fill_start(then):  # type: ignore[no-untyped-def]
    """A cleared start date becomes today's date, in the field and the link ("empty = today"): a link
    without it began again on every visit and never reached its week-4 review (date review,
    2026-12-04)."""

    def callback() -> None:
        key = P["start"].key
        if not str(st.session_state.get(key) or "").strip():
            st.session_state[key] = clock.today().isoformat()  # the field's URL binding carries it
        then()

    return callback


#: Set by the "start in 7 days" button: its fragment then reruns the whole page (the step up's review
#: day and the plan follow the start date).
START_MOVED = "_schedule_start_moved"


def _start_later() -> None:
    """The start date set to a week from today, leaving room for the journal's nights without magnesium.
    The button's own fragment reruns first: a keyed rerun asked for here carries no widget state, and
    Streamlit 1.67's query-params binding would then seed the field again from the link's old date
    (seen in AppTest); the fragment, once the field holds the new date, reruns the page."""
    journal_store.answers_changed()
    st.session_state[P["start"].key] = (clock.today() + dt.timedelta(days=BASELINE_NIGHTS)).isoformat()
    st.session_state[START_MOVED] = True


@st.fragment(key=START_KEY)
def _start_input(child: bool) -> None:
    v = _values()
    key = P["start"].key
    if key not in st.session_state and not st.query_params.get(key):
        # The plan's first day goes into the link: a plan link without it starts again on the day
        # it is opened, so a bookmarked plan never reached its week-4 review (phone review).
        today = clock.today().isoformat()
        st.session_state[key] = today
        st.query_params[key] = today
    # The step up's review day follows the start date: its fragment reruns too.
    start_text = magui.bound(
        P["start"],
        "Start date (YYYY-MM-DD; empty = today)",
        width="stretch",
        on_change=_fill_start(_then(START_KEY) if child else _then(START_KEY, STEP_KEY)),
    )
    v["start"], v["start_problem"] = sch.parse_start_date(start_text, clock.today())
    began = None if v["start_problem"] else sch.started_note(v["start"], clock.today(), v["weeks"])
    if began:
        st.caption(began)
    elif not v["start_problem"] and (v["start"] - clock.today()).days < BASELINE_NIGHTS:
        # The journal compares with nights before the first dose (phone and GP review, 2026-12-04: a
        # plan starting today left no week to log them, and the journal then asked for 4 more).
        st.caption(
            f"To see in the journal whether it helps, log {BASELINE_NIGHTS} nights without magnesium before "
            "the first dose: a start date a week from today leaves room for them."
        )
        # One tap instead of typing a date (phone review, 2026-12-06: the plan started tonight while
        # the page asked for a week of nights without magnesium first).
        st.button(
            f"Start in {BASELINE_NIGHTS} days, on {clock.today() + dt.timedelta(days=BASELINE_NIGHTS):%d %B %Y}",
            key="_schedule_start_later",
            on_click=_start_later,
        )
    if st.session_state.pop(START_MOVED, False):
        st.rerun(scope="app")


@st.fragment(key=STEP_KEY)
def _step_inputs() -> None:
    """The week-4 review's step up (adults only) and, when chosen, its three inputs."""
    v = _values()
    for key in ("target_mg", "step_mg", "step_weeks"):
        v[key] = P[key].default
    review_day = sch.review_day(v["start"], numbers.review_week_1)
    today = clock.today()
    # A step up starts in the week it is chosen (date review, 2026-12-04: chosen in week 9 it jumped
    # to the dose of week 9 at once); none once the plan is over (its last week cannot step).
    v["step_from"] = sch.first_step_week(v["start"], today, numbers.review_week_1)
    last_day = sch.plan_end(v["start"], v["weeks"])
    over = sch.step_up_closed(v["start"], today, v["weeks"], numbers.review_week_1)
    # Asked at the review, never carried in a link: a shared plan never steps up by itself.
    kept.restore("step_up_choice")
    v["stepped"] = (
        st.toggle(
            f"Week-{numbers.review_week_1} review done: I still have symptoms and no diarrhoea — step up",
            key="step_up_choice",
            disabled=today < review_day or over,
            on_change=kept.noting("step_up_choice", _then(STEP_KEY)),
        )
        and today >= review_day
        and not over
    )
    kept.note("step_up_choice")
    # Under the switch, not as its help: a tap on a help icon inside the switch's label turned the
    # step up on (phone review, 2026-12-04).
    if today > last_day:
        step_words = f"This plan ended on {last_day:%d %B %Y}: to go on, make a new plan (a new start date)."
    elif over:
        step_words = (
            f"No plan week is left to step up in: this plan ends on {last_day:%d %B %Y}. To go on, make a "
            "new plan (a new start date)."
        )
    else:
        step_words = (
            f"Available from your week-{numbers.review_week_1} review on {review_day:%d %B %Y}. A step "
            "starts on the first day of a plan week, never in one under way: on "
            f"{sch.step_day(v['start'], v['step_from']):%d %B %Y} if you choose it today."
        )
    st.caption(step_words)
    if v["stepped"]:
        with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
            for key, label in (
                ("target_mg", "Step up to (mg a day)"),
                ("step_mg", "In steps of (mg a day)"),
                ("step_weeks", "One step every (weeks)"),
            ):
                v[key] = magui.bound(
                    P[key],
                    label,
                    width="stretch",
                    on_change=_typed_then(key, STEP_KEY) if key == "target_mg" else _then(STEP_KEY),
                )


#: The EU set's condition on its supplement limit (guidance.csv eu_min_daily_intakes, BfR 2017): at
#: least two intakes a day. Truth review (2026-12-04): an EU plan gave the whole limit in one dose
#: without a word.
EU_INTAKES = int(data.guidance_value("eu_min_daily_intakes"))
EU_INTAKES_SOURCES = str(
    data.guidance.loc[data.guidance["key"] == "eu_min_daily_intakes", "source_ids"].iloc[0]
)


#: The EU values' own supplemental limit for this person (the BfR note names it).
EU_LIMIT = next(v.mg_ul_supplemental for v in sets_of(profile) if v.reference_set == "eu")


@st.fragment(key=TIMING_KEY)
def _timing_inputs() -> None:
    v = _values()
    again = _then(TIMING_KEY)
    v["timing"] = magui.bound(P["timing"], "When", widget="radio", horizontal=True, on_change=again)
    split = v["timing"] == sch.TIMING["split"]
    if reference.reference_set == "eu" and not split:
        st.info(
            f"**With the EU values: at least {EU_INTAKES} doses a day, as Germany's BfR advises.** The BfR "
            # The EU set's own limit: under 18 the plan's can be another set's (rule child_lowest_limit;
            # session 52: "the same limit of 110 mg" was the US value, not the BfR's 250 mg).
            f"(2017), whose limit for supplements is the EU values' {mg_text(EU_LIMIT or 0)} mg a day, advises dividing the daily amount into at least "
            f"{EU_INTAKES} intakes (a German recommendation, not an EU rule): choose "
            f"**{sch.TIMING['split']}**. The US and UK values set no such condition.",
            icon=":material/call_split:",
        )
        sources(EU_INTAKES_SOURCES)
    # One time needs no row (one block fewer to draw).
    with (
        st.container(horizontal=True, gap="medium", vertical_alignment="bottom")
        if split
        else contextlib.nullcontext()
    ):
        v["evening_time"] = magui.bound(
            P["evening_time"],
            "Evening dose at",
            step=dt.timedelta(minutes=15),
            width=TIME_WIDTH,
            on_change=again,
        )
        v["morning_time"] = sch.DEFAULT_MORNING_TIME
        if split:
            v["morning_time"] = magui.bound(
                P["morning_time"],
                "Morning dose at",
                step=dt.timedelta(minutes=15),
                width=TIME_WIDTH,
                on_change=again,
            )


@st.fragment(key=MEDS_KEY)
def _med_time_inputs(timed: list[sch.MedicineRule]) -> None:
    v = _values()
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        for rule in timed:
            key = sch.med_time_key(rule.class_id)
            v[key] = magui.bound(
                P[key],
                f"I take {sch.in_sentence(rule.drug_class)} at (every time of day)",
                placeholder="Pick each time you take it",
                select_all=False,
                width=MED_TIME_WIDTH,
                on_change=_then(MEDS_KEY),
            )
    st.caption(sch.NOT_EVERY_DAY)
    # Rule bisphosphonate_alone_h (GP review, 2026-12-05: alendronate and levothyroxine both at 07:00
    # passed without a word): how a bisphosphonate is taken, whenever one is picked (adversarial
    # review: said only on a clash), and every medicine entered too near it; on the printout too.
    if any(r.class_id == sch.TAKEN_ALONE_CLASS for r in timed):
        clashes = sch.taken_alone_lines(
            timed, {r.class_id: sch.parse_times(v[sch.med_time_key(r.class_id)]) for r in timed}, book
        )
        (st.warning if clashes else st.info)(
            escape_markdown(" ".join((*clashes, safe.TAKEN_ALONE_WORDS))), icon=":material/medication:"
        )
        sources(book.cite("bisphosphonate_alone_h"))


#: The diet gap's field: 0 is "not given", not a gap the Diet page found.
GAP_LABEL = "Gap between your diet and your daily need (mg a day; 0 = not given)"


@st.fragment(key=GAP_KEY)
def _gap_input() -> None:
    _values()["gap"] = magui.bound(
        P["gap"],
        # "0 = not given" (phone review, session 58: a 0 "from the Diet page" read as the Diet page's answer
        # after its example day, whose gap is nobody's and does not travel).
        GAP_LABEL,
        help="How far your food falls short of your RDA or AI, as the Diet page works it out from your "
        "own list of foods (not its example day); its link to this page fills it in. The plan then says "
        "whether, and from which week, it covers the gap. The gap never raises a dose above your limit.",
        on_change=_then(GAP_KEY),
    )


def _plan_inputs(child: bool) -> DeltaGenerator:
    """Section 4's inputs but the dose, drawn by the page (each in its fragment; their values go to
    VALUES); returns the slot for the dose, which the plan's fragment draws."""
    # Rows are horizontal containers, not st.columns: one block each instead of one per column;
    # they wrap on a phone.
    with st.container(horizontal=True, gap="medium", vertical_alignment="bottom"):
        dose_slot = st.container()
        _weeks_input(child)
        _start_input(child)
    if child:
        v = _values()
        for key in ("target_mg", "step_mg", "step_weeks"):
            v[key] = P[key].default
        v["stepped"], v["step_from"] = False, None
    else:
        _step_inputs()
    _timing_inputs()
    timed = sch.timed_rules(chosen)
    if timed:
        _med_time_inputs(list(timed))
    _gap_input()
    return dose_slot


def _confirmed(stepped_mg: str | None, advised_mg: str | None, label_checked: bool) -> list[str]:
    """The answers this plan rests on, for the printout (clinician review, 2026-12-04: the printout
    did not say that the prescriber had agreed; the ticks are hidden on paper). ``stepped_mg``: what the
    prescriber agreed to (``safe.step_agreement_words``); ``advised_mg``: the dose a clinician advised above the
    upper limit (``None`` when not ticked)."""
    by_link = bool(st.session_state.get(SCREENED_BY_LINK))
    screen = (
        "ticked in the link that opened this page, not yet by its reader"
        if by_link
        else "answered, and no red flag applies"
    )
    return [
        words
        for ticked, words in (
            (True, f"the safety questions and red flags: {screen}"),
            (child_confirmed, f"a {CLINICIAN} advised the dose"),
            (stage_confirmed, "a midwife or doctor advised the dose"),
            (
                prescriber_agreed,
                f"{safe.prescriber_words(PRESCRIBED, whose='their')} agreed to magnesium",
            ),
            (
                stepped_mg is not None,
                f"the same {'doctor' if len(PRESCRIBED) == 1 else 'doctor or doctors'} agreed {stepped_mg}",
            ),
            (advised_mg is not None, f"a clinician advised {advised_mg} mg a day, above the upper limit"),
            (label_checked, "the label gives no separate amount of magnesium"),
        )
        if ticked
    ]


def _medicine_lines(med_times: sch.MedTimes) -> list[str]:
    """Each picked medicine, with the names typed for it and the times of day of those the plan keeps
    magnesium apart from."""
    named = st.session_state.get(TYPED_NAMES, {})
    return (
        [
            f"{r.drug_class}{sch.entered_as(named.get(r.class_id, ()))}: "
            + ", ".join(t.strftime("%H:%M") for t in sch.times_of(med_times.get(r.class_id)))
            for r in sch.timed_rules(chosen)
        ]
        + [f"{r.drug_class}{sch.entered_as(named.get(r.class_id, ()))}" for r in chosen if not r.has_timing]
        + list(UNKNOWN_LINES)
    )


# Everything drawn from the plan is one fragment: an input's change reruns its own small fragment
# and this one (keyed), so only they are re-sent (every element costs the browser about a
# millisecond to redraw). A product change is rarer and reruns the page, which hands the fragment
# its product.
@st.fragment(key=PLAN_KEY)
def _plan(product: sch.Product, dose_slot: DeltaGenerator) -> None:
    """The plan (:func:`_draw_plan`); then, and only when it was drawn to its end (a run stopped by another
    page's link stops before), the page's answers count as checked (rule answers_checked_first)."""
    _draw_plan(product, dose_slot)
    journal_store.answers_checked(profile)


def _draw_plan(product: sch.Product, dose_slot: DeltaGenerator) -> None:
    """The dose and the other inputs' values (VALUES) → the plan table, day timeline, checkpoints
    and exports."""
    # Safety: /trial may only use a plan this page shows; set again below when it does.
    st.session_state.pop(journal_store.PLAN_FOR_TRIAL, None)
    child = safety.food_first
    with dose_slot:
        start_mg = _dose_input(child)
    v = _values()
    weeks, start, start_problem, stepped = v["weeks"], v["start"], v["start_problem"], v["stepped"]
    target_mg, step_mg, step_weeks = v["target_mg"], v["step_mg"], v["step_weeks"]
    timing, evening, morning = v["timing"], v["evening_time"], v["morning_time"]
    med_times = {
        rule.class_id: sch.parse_times(v[sch.med_time_key(rule.class_id)]) for rule in sch.timed_rules(chosen)
    }
    gap = v["gap"]
    if stepped and safety.prescriber:
        # The prescriber agreed to magnesium, not to a higher dose (clinician review, 2026-12-04: the
        # step-up switch went to 350 mg at once): their agreement again, never in a link.
        # The dose they agreed to, named (phone review, 2026-12-04: the tick named no amount). Its key
        # holds the figure: a tick given for 300 mg is not an agreement to 350 mg.
        # The target: no step goes above it, with or without a clinician's dose above the limit
        # (adversarial review, 2026-12-04: the limit before that tick was named, 350 mg, and the
        # plan then gave 360 mg).
        highest = mg_text(safe.step_agreement_mg(safety, target_mg, book))
        tick_rule(
            f"step_prescriber_confirm_{highest}",
            tuple(PRESCRIBED),
            safe.prescriber_tick_holds,
            safe.prescriber_tick_off_words,
        )
        stepped = kept_tick(
            safe.prescriber_tick_label(PRESCRIBED, safe.step_agreement_words(safety, target_mg, book)),
            f"step_prescriber_confirm_{highest}",
        )
        if not stepped:
            st.info(
                "The step up waits until "
                + (
                    "the doctor who agreed to magnesium agrees"
                    if len(PRESCRIBED) == 1
                    else "each doctor who agreed to magnesium agrees"
                )
                + " to the higher dose too.",
                icon=":material/stethoscope:",
            )

    if start_problem:
        st.warning(start_problem)
    if child and not start_mg:
        st.info(
            f"Enter the dose the {CLINICIAN} advised to see the plan."
            if UNDER_ADULT_AGE
            else "Enter the dose your midwife or doctor advised to see the plan.",
            icon=":material/stethoscope:",
        )
        return
    if not start_mg:
        # A 0 mg start made a "0 mg a day (0 tablet)" plan with a week-4 offer to step up (pharmacist
        # review): no plan, and no calendar, without a dose.
        st.info("Enter a starting dose above 0 mg to see the plan.", icon=":material/edit:")
        return

    requested = sch.requested_doses(
        start_mg, target_mg, step_mg, step_weeks, weeks, numbers.review_week_1, stepped, v["step_from"]
    )
    plan_safety = safety
    if safe.asks_above_ul(safety, requested):
        statement = sch.ul_statement(numbers, safety.ul_mg)
        if statement:
            st.warning(statement, icon=":material/warning:")
            sources(f"{numbers.source_ids['target_dose_mg']};{safety.ul_source_ids}")
        too_high = safe.above_hard_max_note(safety, requested, book)
        advised = mg_text(max(requested, default=0.0))
        if too_high is not None:
            show(too_high)
        elif not safe.clinician_tick_offered(safety, requested, _typed_doses()):
            # Rule clinician_dose_entered: only a dose the person typed, never one filled in for them.
            st.caption(safe.clinician_dose_entry_words(book))
            sources(book.cite("clinician_dose_entered"))
        else:
            # Never bound to the URL: a link never lifts a limit. It names the dose, and its key holds it:
            # a tick given for 355 mg is no advice for 366 mg (adversarial review, 2026-12-04: the tick
            # stayed when the dose was raised).
            ack = f"ack_confirm_{advised}"
            if kept_tick(
                f"My clinician advised this dose, {advised} mg a day (above my upper limit; never above "
                f"{book.hard_max_mg:g} mg a day"
                # The hard maximum counts the other products too (clinician review, 2026-12-04).
                + (
                    f" in all, with the {mg_text(other_mg)} mg from my other products)"
                    if other_mg > 0
                    else ")"
                ),
                ack,
            ):
                plan_safety = safe.screen(
                    replace(answers, above_ul_confirmed=True),
                    ul_mg=safety.ul_mg,
                    ul_source_ids=safety.ul_source_ids,
                    rules=book,
                    evidence=claims,
                    ul_words=sch.limit_words(reference.mg_ul_kind),
                )

    # A compound-weight label whose number, read as magnesium, would put the day above the limit:
    # no plan until the person confirms the label's wording (never in the link).
    compound_check = sch.compound_misread(product, plan_safety, requested) is not None
    if compound_check:
        # Given for this product: another strength, form or unit asks again (pharmacist review,
        # 2026-12-04: ticked for 1,000 mg citrate, it stayed at 2,000 mg).
        magui.tick_for(COMPOUND_KEY, product)
    compound_ok = compound_check and bool(st.session_state.get(COMPOUND_KEY, False))

    plan = sch.build_plan(
        safety=plan_safety,
        numbers=numbers,
        book=book,
        product=product,
        start=start,
        start_mg=start_mg,
        target_mg=target_mg,
        step_mg=step_mg,
        step_weeks=step_weeks,
        weeks=weeks,
        preferred_times=sch.dose_times(timing, evening, morning),
        rules=chosen,
        med_times=med_times,
        age_years=profile.age_years,
        step_up=stepped,
        step_from=v["step_from"],
        gap_mg=gap,
        red_flags=FLAG_SYMPTOMS,
        measures=measures,
        # The signs of too much magnesium, with the side effects (evidence.csv ods-toxicity-signs).
        too_much=claims.get("ods-toxicity-signs", ("", "")),
        compound_confirmed=compound_ok,
    )

    # Adjacent texts are one element each where they can be (fewer elements to re-send): the
    # heading goes with the summary unless notes come between them.
    # A heading of the same level as the sections above it (h2, like them): it was a level above
    # them (keyboard review, 2026-12-04), and section 4 was also called "Your plan".
    # A link's tick (the sender's answers): the plan is the link's, not yet the reader's (phone review,
    # session 57: a daughter's plan read as "Your plan" to her mother, its warning screens above it).
    title = (
        "Your plan" if safe.dose_calendar_allowed(bool(st.session_state.get(SCREENED_BY_LINK))) else LINK_PLAN
    )
    heading = f"## {title}\n\n"
    if title == LINK_PLAN and not printable:
        # Said on screen only (re-review: on paper the answers and the box are not there to change).
        heading += (
            f"*For the answers now on this page: age {profile.age_years}, {profile.sex.lower()}{_STAGE_SAID}. "
            + (
                "The safety tick above is from earlier answers the page went back to"
                if st.session_state.get(SCREEN_FROM_HISTORY)
                else "The safety tick above came with the link you opened"
            )
            + ", not from you: check the answers, then untick and tick it yourself.*\n\n"
        )
    if plan.notes or not plan.steps:
        st.header(title)
        if title == LINK_PLAN and not printable:
            st.markdown(heading.split("\n\n", 1)[1])
        heading = ""
        for note in plan.notes:
            show(note)
    if compound_check:
        kept_tick(safe.COMPOUND_CONFIRM_LABEL, COMPOUND_KEY)
    if not plan.steps:
        return

    table = sch.plan_table(plan)  # a row per week: the file, and the printable view
    # The units counted from the label field's starting value, not yet confirmed: said above the plan, on
    # screen and on paper (adversarial re-review, session 59: the printout gave "2½ tablets" of the
    # unconfirmed 100 mg while the files waited, section 3 folded away).
    label_waits = bool(st.session_state.get(LABEL_UNCHECKED))  # rule label_starting_value_confirm
    if label_waits:
        st.warning(
            f"**Not yet checked against your label:** this plan counts {escape_markdown(unit_plural(plan.unit))} "
            f"of {P['strength_mg'].default} mg, the label field's starting value. With a stronger "
            f"{escape_markdown(plan.unit.lower())} the same count is a higher dose: enter your label's amount in "
            f"section 3, or tick there that it is {P['strength_mg'].default} mg.",
            icon=":material/label:",
        )
    others, lower = sch.other_limits_line(
        plan.target_delivered_mg,
        reference.set_label,
        OTHER_LIMITS,
        plan_safety.other_mg,
        (reference.ul_label, reference.mg_ul_supplemental, reference.mg_ul_kind),
        reference.ul_note,
    )
    # The summary and the small print under it are one markdown element (one to re-send, not two).
    st.markdown(
        f"{heading}**The plan:** {escape_markdown(sch.plan_summary(plan))} "
        f"**{escape_markdown(sch.plan_times(plan))}**\n\n"
        f":small[{sch.plan_caption(plan, product)}]"
        + ("" if lower else f"\n\n:small[{others}]")
        # Beside the calendar button (pharmacist review, 2026-12-03: a changed plan's file imported
        # beside the first one gave two reminders at 21:00, 250 mg and 350 mg).
        # The EU values' condition travels with the plan (and its printout), not only beside "When".
        # Counted on the plan's doses: a split the medicines leave room for only once is one dose too
        # (adversarial review, 2026-12-04).
        + (
            f"\n\n:small[**One dose a day in this plan; with the EU values Germany's BfR advises at least "
            f"{EU_INTAKES} (choose {sch.TIMING['split']} under When; if your medicines leave room for only "
            "one, ask your pharmacist).**]"
            if reference.reference_set == "eu" and sch.doses_a_day(plan) < EU_INTAKES
            else ""
        )
        + f"\n\n:small[**{REIMPORT_NOTE}**]"
        + f"\n\n:small[{CHECK_AFTER_IMPORT}]"
        # A number typed and not yet entered is not in the files (stale-state review, 2026-12-05: a
        # download tapped straight after typing 300 mg of other products gave the plan for 100 mg).
        + f"\n\n:small[{FILES_FOLLOW_NOTE}]"
        + f"\n\n:small[{sch.UNCHECKED_MEDICINES}]"
    )
    if lower:
        st.warning(others)
    ended = sch.plan_end(plan.start, plan.weeks)
    if clock.today() > ended:
        # By the plan too, not only under the start date (phone review, 2026-12-04: the plan of a
        # link months old read as today's).
        st.warning(
            f"**This plan ended on {ended:%d %B %Y}.** What it planned is below; to go on, make a new "
            "plan: clear the start date to begin today.",
            icon=":material/event_busy:",
        )
    cautions = safe.doctor_cautions(chosen)  # for both calendars (this plan's and the trial's)
    # The files and links right under the summary (phone review: they were 11 screens down, after
    # the table, the timeline and the checkpoints). The files are built now, not on click: a deferred file can be evicted before the click
    # arrives under load (MediaFileStorageError), and a download must always deliver.
    # The calendar puts doses on a phone: only once the reader ticked the safety box themselves, not
    # with the tick a shared link brought (pharmacist review, 2026-12-05: a link's receiver got the
    # calendar without answering the questions or reading the red flags). The plan stays on show.
    link_tick = not safe.dose_calendar_allowed(bool(st.session_state.get(SCREENED_BY_LINK)))
    trial_nights = _trial_nights()
    files_wait = link_tick or label_waits
    with st.container(horizontal=True, gap="medium", vertical_alignment="center"):
        st.download_button(
            # The reason in the label itself when it waits: a phone shows no help on a greyed button, and
            # the tick is screens above (phone review, 2026-12-05).
            CALENDAR_WAITS_LABEL
            if link_tick
            else CALENDAR_LABEL_WAITS
            if label_waits
            else "Add to my calendar (.ics)",
            # With an on/off trial set up in this tab, its calendar has the nights from its first.
            data=magui.download_data(
                files_wait,
                lambda: ics_bytes(plan, cautions=cautions, until=trial_nights[0], resume=trial_nights[1]),
            ),
            file_name="magnesium-plan.ics",
            mime="text/calendar",
            key="dl_ics",
            disabled=files_wait,
            help=CALENDAR_AFTER_OWN_TICK if link_tick else None,
        )
        st.download_button(
            # A dose table to follow, so as the calendar (link review, 2026-12-05: a link's tick gave the
            # receiver the plan's spreadsheet, with no word that the tick was the sender's).
            CSV_WAITS_LABEL
            if link_tick
            else CSV_LABEL_WAITS
            if label_waits
            else "Plan as a spreadsheet (.csv)",
            # the table below, as sch.plan_csv(plan) writes it
            data=magui.download_data(files_wait, lambda: plan_csv(table)),
            file_name="magnesium-plan.csv",
            mime="text/csv",
            key="dl_csv",
            disabled=files_wait,
            help=CALENDAR_AFTER_OWN_TICK if link_tick else None,
        )
        logged = sch.journal_dose(plan, night_to_log(clock.now()))
        st.page_link(
            "pages/journal.py",
            label="Log your nights in the journal",
            icon=":material/edit_note:",
            # The journal logs whole mg: the nearest (150.75 → 151). Before the plan starts, no dose:
            # the nights before the first dose are the ones the journal compares against.
            query_params={} if logged is None else {"dose_mg": str(round(logged))},
        )
        st.page_link("pages/trial.py", label="Does it help you? An on/off trial", icon=":material/science:")
    if sch.journal_dose(plan, night_to_log(clock.now())) is None:
        first = plan.steps[0]
        st.caption(
            f"Log the nights before {first.first_day:%d %B %Y} in the journal with 0 mg: they are the "
            f"nights before magnesium it compares with. From the night of {first.first_day:%d %B %Y}, your "
            f"first dose, set its dose to {mg_text(first.delivered_mg)} mg."
        )
    # What the plan was built from, so a pharmacist reading the printout can check it.
    alone_clashes = sch.taken_alone_lines(chosen, med_times, book)  # rule bisphosphonate_alone_h
    med_lines = _medicine_lines(med_times)
    # The on/off trial's calendar and clinician summary (/trial) use this plan; this tab only.
    st.session_state[journal_store.PLAN_FOR_TRIAL] = journal_store.PlanForTrial(
        label_unchecked=label_waits,
        profile=profile,
        plan=plan,
        limit_mg=float(plan_safety.limit_mg or 0.0),
        limit_words=sch.plan_limit_words(plan_safety.ceiling_words, plan_safety.other_mg),
        # Plain text: /trial escapes these lines and its summary is HTML (pharmacist review,
        # 2026-12-04: the other limits' bold showed there as literal asterisks).
        plan_lines=(
            sch.product_line(product),
            sch.plan_summary(plan),
            # The doses' split and times, and whose dose it is (pharmacist review, 2026-12-05: the
            # clinician's summary gave "250 mg a day" without the split, nor that a midwife advised it).
            sch.plan_times(plan),
            *(line for line in (sch.advised_line(plan),) if line),
            others.replace("**", ""),
        ),
        # When it began, and whose agreement it rests on (clinician review, 2026-12-05), for the summary.
        summary_lines=(
            sch.plan_dates_line(plan),
            *sch.agreed_lines(plan, PRESCRIBED, chosen, stepped=stepped),
        ),
        medicine_lines=tuple(med_lines)
        + ((sch.NOT_EVERY_DAY_SUMMARY,) if sch.timed_rules(chosen) else ())
        + ((*alone_clashes, safe.TAKEN_ALONE_WORDS) if alone_clashes else ())
        + (sch.UNCHECKED_MEDICINES,),
        person_lines=PERSON_LINES,
        spacing_lines=sch.placement_lines(plan),
        cautions=cautions,
        from_link_tick=link_tick,
    )
    if printable:
        st.markdown(
            # When the paper was made (GP review, 2026-12-05: nothing on it said how current it was).
            f"**Product:** {escape_markdown(sch.product_line(product))} · **Made on:** "
            f"{clock.today():%d %B %Y}  \n"
            f"**For:** age {profile.age_years}, {escape_markdown(profile.sex)}, "
            f"{escape_markdown(STAGE_WORDS)}, {escape_markdown(reference.set_label)} reference values  \n"
            # "none picked" beside "takes a statin: yes" read as a contradiction (GP review, 2026-12-05).
            f"**Medicines:** {escape_markdown('; '.join(med_lines) or NO_MEDICINES[bool(statin)])}. "
            # A statement, not the question to the person (clinician review, 2026-12-05: the printout of a
            # person on digoxin asked "A medicine taken once a week …? Give the time of day").
            + (f"{escape_markdown(sch.NOT_EVERY_DAY_SUMMARY)} " if sch.timed_rules(chosen) else "")
            + f"{escape_markdown(sch.UNCHECKED_MEDICINES)}  \n"
            # On a line of its own (adversarial review, 2026-12-05: inside the medicines' paragraph it
            # was easy to miss).
            + (
                f"**⚠ Too near the bisphosphonate:** {escape_markdown(' '.join(alone_clashes))} "
                f"{escape_markdown(safe.TAKEN_ALONE_WORDS)}  \n"
                if alone_clashes
                else ""
            )
            # Every answer the plan rests on, for the pharmacist reading it (pharmacist review,
            # 2026-12-04: the printout left out the kidney and statin answers).
            + PAPER_ANSWERS
            + "  \n**Answers the plan rests on:** "
            + escape_markdown(
                "; ".join(
                    _confirmed(
                        safe.step_agreement_words(safety, target_mg, book)
                        if stepped and safety.prescriber
                        else None,
                        mg_text(max(requested, default=0.0)) if plan_safety is not safety else None,
                        compound_ok,
                    )
                )
            )
        )
        st.table(sch.plan_table_text(plan), hide_index=True)
    else:
        # A row per step, not per week (phone review, 2026-12-03: twelve identical rows, two screens
        # at 390 px); the file keeps a row per week. The doses first, beside the pinned weeks (at
        # 390 px the grid showed the dates and cut the dose); the dates and the reviews after them.
        steps = sch.plan_steps_table(plan)
        doses = [c for c in steps.columns if c.endswith(" dose")]
        st.dataframe(
            steps,
            hide_index=True,
            width="stretch",
            height=35 * (len(steps) + 1) + 3,
            # Every column of the table (pharmacist review, 2026-12-03: the other products' mg and the
            # day's total with them were left out of this order, so not shown).
            # The day's amount pinned beside the week (phone review, 2026-12-04: at 390 px the
            # right-aligned "Delivered" column was cut at the screen's edge and read "25" for 250).
            column_order=[
                "Weeks",
                "From the units (mg/day)",
                # With other products, the day's total with them (what the limit counts) next.
                *[c for c in steps.columns if c == "In all (mg/day)"],
                *doses,
                *[
                    c
                    for c in steps.columns
                    if c.endswith("(mg/day)") and c not in ("From the units (mg/day)", "In all (mg/day)")
                ],
                "From",
                "To",
                "Reviews",
            ],
            column_config={
                "Weeks": st.column_config.TextColumn("Weeks", pinned=True, width="small"),
                # Every amount left-aligned: a column cut at the screen's edge shows its heading cut too.
                **{
                    c: st.column_config.NumberColumn(c, alignment="left")
                    for c in steps.columns
                    if c.endswith("(mg/day)")
                },
                "From the units (mg/day)": st.column_config.NumberColumn(
                    "mg a day",
                    pinned=True,
                    width="small",
                    alignment="left",
                    help="What the plan's units give a day (From the units (mg/day) in the downloaded plan)",
                ),
            },
        )

    st.vega_lite_chart(spec=timeline_spec(plan.placements, plan.windows), width="stretch", height=220)
    shaded = sch.windows_caption(plan.windows)
    if shaded:
        # The caption describes the chart, which paper leaves out: off paper too (SHADED_BOX).
        st.container(key=SHADED_BOX).caption(shaded)
        if printable:
            # On paper the chart is left out, so the hours it shades are written (pharmacist review,
            # 2026-12-05: the printout kept "Shaded: …" and dropped every "No magnesium after …").
            st.markdown(
                "**Times kept apart from your medicines:**\n\n"
                + "\n".join(f"- {escape_markdown(line)}" for line in sch.placement_lines(plan))
            )

    # The heading and each review with its decision; then what to check at each, and the sources.
    # On screen the checks are a section opened on request (phone review, 2026-12-03: with the red
    # flags again and 3 KB of sources they were three screens at 390 px; the red flags stand in
    # full at the top of the page, and the calendar's review events carry every check). Closed, its
    # text is not drawn, so a dose change does not re-send it (issue 18). The printout shows all.
    decisions = "### Checkpoints\n\n" + "\n".join(
        f"- **{c.day.isoformat()} — {c.title}** {c.decision}" for c in plan.checkpoints
    )
    if printable:
        st.markdown(decisions + "\n\n" + f"- {sch.MISSED_DOSE}\n" + _checks_text(plan))
    else:
        # What to do if trouble starts between the reviews stays in view (pharmacist review,
        # 2026-12-03: folded away under "at each review", someone with diarrhoea in week 1 had no
        # reason to open it): the side effects, and the warning signs at the top of the page.
        st.markdown(
            decisions
            + "\n\n**At any time:**\n\n"
            + f"- {sch.MISSED_DOSE}\n"
            + f"- {plan.checkpoints[0].side_effects}\n"
            + f"- {WARNING_SIGNS_LINE}"
        )
        checks = st.expander(CHECKS_TITLE, key=CHECKS_OPEN, on_change="rerun", icon=":material/checklist:")
        if checks.open:
            checks.markdown(_checks_text(plan, all_items=False))
    design = st.session_state.get(journal_store.TRIAL_DESIGN)
    if design is not None and design.blind:
        st.caption(
            "An on/off trial is set up in this tab, blinded: its order is hidden here, for the partner who "
            "fills the pill organiser (the On/off trial page shows it to them)."
        )
    elif design is not None:
        # Set up on /trial in this tab: its blocks replace the daily reminders while it runs.
        st.header("Your on/off trial")
        st.caption(
            f"From the On/off trial page: {design.pairs} pairs of {design.block_days}-night blocks, "
            f"{design.start:%d %B %Y} to {trial.end_date(design):%d %B %Y}. During the trial, take this plan's dose "
            "on on-blocks only, and use the trial's calendar instead of the plan's for those weeks: the plan's "
            "calendar file from this page now leaves out the trial's nights, and starts again after them if the "
            "plan runs on (one you added before the trial was set up does not: delete its reminders from the "
            "trial's first night on)."
        )
        st.container(key="trial_blocks_plan").table(trial.block_table(design), hide_index=True)
        label_waits = bool(st.session_state.get(LABEL_UNCHECKED)) and plan.steps != ()
        trial_file_waits = link_tick or label_waits
        st.download_button(
            # The reason in the label, as on the plan's own files (pharmacist review, session 61: a link's tick
            # greyed this one with its reason only in a tooltip, which a phone does not show).
            TRIAL_CALENDAR_TICK_LABEL
            if link_tick
            else TRIAL_CALENDAR_LABEL_WAITS
            if label_waits
            else "Trial calendar (.ics)",
            data=magui.download_data(
                trial_file_waits, lambda: trial_ics_bytes(design, plan, cautions=cautions)
            ),
            file_name="magnesium-trial.ics",
            mime="text/calendar",
            key="dl_trial_ics",
            disabled=trial_file_waits,
            help=CALENDAR_AFTER_OWN_TICK if link_tick else None,
        )


# The heading, the fixed wording and the inputs are drawn by the page, so a plan input's change
# re-sends none of them.
with section("4. Dose and times"):
    _plan_intro(safety.food_first)
    plan_dose_slot = _plan_inputs(safety.food_first)
# Read by the plan's fragment; nothing in it changes them (the red flags come from the data, the
# other sets' limits from the profile): a plan input's change does not read them again.
FLAG_SYMPTOMS = red_flags.with_actions(
    profile, FLAGS_FIRST
)  # with what to do: the printout and calendar carry it
# Beside the limit in use: every other set's, the chosen one's too when the limit is another set's (a child's
# lowest, a link's set not confirmed; re-review, session 58: the chosen UK set's 400 mg was missing).
OTHER_LIMITS = other_limits(
    profile, next((k for k, v in SET_LABELS.items() if v == reference.ul_label), reference.reference_set)
)
_plan(product, plan_dose_slot)
# What this person confirmed on the page that a link never carries (phone review: a breastfeeding
# person's plan link opened with no plan under "Anyone who opens this link sees the same results").
magui.footer(
    not_in_link=[
        words
        for ticked, words in (
            (child_confirmed, f"that a {CLINICIAN} advised the dose"),
            (stage_confirmed, "that a midwife or doctor advised the dose"),
            (prescriber_agreed, "that the prescribing doctor agreed"),
        )
        if ticked
    ],
    never_in_link=NEVER_IN_LINK,
)
