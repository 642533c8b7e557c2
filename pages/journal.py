"""/journal — log nights, download/upload the journal, and see whether anything changed.

The journal lives only in this browser session (st.session_state): the server
stores nothing and the journal is never put in the link. Only view settings
(the charted symptoms, the dose that pre-fills new nights) are bound to the URL.
"""

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple, TypeVar

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import magui
from maglib import journal
from maglib.charts.journal import journal_spec
from maglib.clock import night_to_log
from maglib.data import Dataset, default_data_dir
from maglib.links import code_span, escape_markdown
from maglib.measures import journal_measure_lines, measures_from
from maglib.provenance import citations
from maglib.schedule import journal_dose as schedule_dose
from magui import clock, journal_store, layout, red_flags
from magui.charts import arrow_datasets
from magui.layout import CHIP_CSS
from magui.profile import remember_link_profile

DOSE, METRICS = journal.PARAMS
# The journal's keys in this tab's state, shared with /trial (magui.journal_store).
BASE, REV, NOTICE, EXAMPLE, SAVED = (
    journal_store.BASE,
    journal_store.REV,
    journal_store.NOTICE,
    journal_store.EXAMPLE,
    journal_store.SAVED,
)
SEEN = "journal_upload_seen"  # file_id of the last upload processed (reruns must not re-apply it)
T = TypeVar("T")


class _Texts(NamedTuple):
    """The page's fixed wording built from the data files (cited)."""

    review_weeks: tuple[int, ...]
    start_dose_mg: float
    chart_caption: str
    caveats: str
    method: str
    #: The guidance's minimum trial (weeks) and its row's words with their source, for a verdict
    #: reached before it (journal.early_note).
    min_trial_weeks: int
    min_trial_words: str
    min_trial_source: str


@st.cache_resource(show_spinner=False, max_entries=4)
def _texts(folder: str, _data: Dataset) -> _Texts:
    """Built once per data folder (read-only, shared by every session)."""
    review_keys = ("review_week_1", "review_week_2")
    review_weeks = tuple(int(_data.guidance_value(key)) for key in review_keys)
    review_rows = _data.guidance[_data.guidance["key"].isin(review_keys)]
    chart_caption = (
        "Dots: each night. Lines: average of the nights logged in the 7 days up to that night. "
        "Dashed step line (right axis): magnesium taken. Grey rules: review points at week "
        f"{review_weeks[0]} and week {review_weeks[1]} after the first dose — "
        + "; ".join(str(row.label) for row in review_rows.itertuples())
        # Each source once (new-user review, session 65: both rows cite the same notes, said twice).
        + " ("
        + "; ".join(
            dict.fromkeys(c for row in review_rows.itertuples() for c in citations(_data, row.source_ids))
        )
        + ")"
    )
    evidence = journal.caveat_evidence(_data.evidence)
    caveats = [
        "**Symptoms come and go.** Cramps and twitches vary from week to week on their own; a few good "
        "weeks can be chance.",
        "**Regression to the mean.** People usually start a remedy when symptoms are at their worst, "
        "and from a peak things tend to ease anyway.",
        "**Placebo and other changes.** Expecting to improve, and anything else you changed at the "
        "same time (stretching, less caffeine, a new medicine), can make nights better too.",
    ]
    if evidence is not None:
        sources = "; ".join(citations(_data, evidence.source_ids))
        caveats.append(
            f"**What the trials say.** {escape_markdown(evidence.claim)} (certainty: "
            f"{escape_markdown(evidence.certainty)}; {escape_markdown(sources)})"
        )
    else:
        caveats.append(
            "**What the trials say:** the evidence row for this could not be found in data/evidence.csv."
        )
    method = (
        f"How it is worked out: the typical (median) number of episodes per night over all nights "
        f"before the first dose (at least {journal.MIN_BASELINE_NIGHTS}) is compared with the latest "
        f"{journal.AFTER_NIGHTS} nights with magnesium above 0 mg. The “95% bootstrap interval” is the "
        "range of changes your own nights are consistent with: the comparison is repeated on your "
        f"nights drawn at random {journal.BOOTSTRAP_RESAMPLES:,} times (the same draws every time, so "
        "the same journal always gives the same range). A range that includes 0 means no clear change. "
        "It compares your own nights, not magnesium with a dummy pill (placebo). Source of these "
        "numbers: "
        + escape_markdown("; ".join(citations(_data, _guidance_sources(_data, "journal_after_nights"))))
    )
    (min_trial,) = _data.guidance[_data.guidance["key"] == "min_trial_weeks"].itertuples()
    return _Texts(
        review_weeks,
        float(_data.guidance_value("start_dose_mg")),
        chart_caption,
        "**Read the result with care**\n\n" + "\n".join(f"- {line}" for line in caveats),
        method,
        int(min_trial.value),
        str(min_trial.label),
        escape_markdown("; ".join(citations(_data, min_trial.source_ids))),
    )


def _guidance_sources(data: Dataset, key: str) -> str:
    return str(data.guidance.loc[data.guidance["key"] == key, "source_ids"].iloc[0])


magui.page_setup("journal", journal.PARAMS)
# A /journal link's own age and pregnancy answer are the visit's, as /trial's and /compare's (teen review,
# 2026-12-06: /journal?age=6&dose_mg=200 checked the nights against an adult's limit).
# Only a link that gives an age (re-review, 2026-12-06: /journal?refs=EU made the default 45 a known adult's).
if "age" in st.query_params:
    remember_link_profile()
data = magui.dataset()
texts = _texts(str(default_data_dir()), data)
if BASE not in st.session_state:
    st.session_state[BASE] = journal.empty_journal()
st.session_state.setdefault(REV, 0)
st.session_state.setdefault(EXAMPLE, False)


def _replace(frame: pd.DataFrame, *, example: bool, notice: tuple[str, str] | None) -> None:
    journal_store.replace(frame, example=example, notice=notice)


def _memo(name: str, version: object, build: Callable[[], T]) -> T:
    """Per-session memo: rebuild only when the journal (``version``) changed.

    Not st.cache_data: hashing the journal on every rerun costs more than the
    work, and a shared cache keyed on anything but the content could mix up
    two people's journals. Session state is private to this browser tab.
    """
    memo = st.session_state.setdefault("_journal_memo", {})
    if name not in memo or memo[name][0] != version:
        memo[name] = (version, build())
    return memo[name][1]


st.title("Symptom journal")
st.write(
    "Log each night — twitch or cramp episodes, the worst one, how you slept, the magnesium you "
    "took — and see honestly whether anything changed after you started."
)
st.info(
    "**Private by design.** Nothing you type here is stored on the server: the journal lives only "
    "in this browser tab. **Download it** as a CSV file before you leave and **upload it** next "
    "time to carry on. The journal is never put in the page link — a link carries only the view "
    "settings (which symptoms are charted, the dose that pre-fills new nights), never your diary.\n\n"
    "**What is lost:** closing or reloading this tab, a dropped connection that lasts, or a restart "
    "of the app deletes every night you have not downloaded. Your browser asks before you close or "
    "reload the tab while there are nights you have not downloaded; download after each entry to "
    "be safe.",
    icon=":material/lock:",
)

# ---------------------------------------------------------------- load
st.header("Start or continue")
left, right = st.columns([3, 2])
with left:
    upload = st.file_uploader(
        "Continue a journal: upload the CSV you downloaded from this page",
        type=["csv"],
        key="journal_upload",
        # 1 MB = journal.MAX_FILE_BYTES (1,000,000 bytes): the browser refuses bigger files, the
        # server's maxUploadSize refuses bodies over 1 MiB, and maglib.journal.parse_csv checks again.
        max_upload_size=journal.MAX_FILE_BYTES // 1_000_000,
        help="At most 1 MB. Uploading replaces the table below; a file that cannot be read changes nothing.",
    )
with right:
    st.button(
        "Load example journal",
        key="journal_example",
        icon=":material/science:",
        help="A made-up journal (random numbers) to show how the page works.",
        # Nights not downloaded can be put back (adversarial review, 2026-12-05: one click wiped them).
        on_click=lambda: journal_store.replace_keeping(
            journal.example_journal(
                journal.example_dose_mg(st.session_state.get(DOSE.key, 0), texts.start_dose_mg)
            ),
            example=True,
            notice=None,
        ),
    )
    st.button(
        "Start an empty journal",
        key="journal_clear",
        icon=":material/restart_alt:",
        on_click=lambda: journal_store.replace_keeping(journal.empty_journal(), example=False, notice=None),
    )

_pending_edits = st.session_state.get(f"journal_editor_{st.session_state[REV]}") or {}
if upload is not None and upload.file_id != st.session_state.get(SEEN):
    st.session_state[SEEN] = upload.file_id
    if any(_pending_edits.get(kind) for kind in ("edited_rows", "added_rows", "deleted_rows")):
        # The table's edits are not in the journal yet, so no put-back could hold them (adversarial
        # review, 2026-12-05: an edited night came back without its edit): nothing is replaced.
        st.session_state[NOTICE] = (
            "error",
            f"{code_span(upload.name[:60])} was not loaded: the table below has changes that are not part "
            "of your journal yet. Hide the table (or fix its rows) first, then upload the file again. "
            "Nothing was changed.",
        )
    else:
        try:
            loaded = journal.parse_csv(upload.getvalue())
        except journal.JournalError as exc:
            st.session_state[NOTICE] = ("error", journal.upload_error_markdown(upload.name, exc))
        else:
            loaded_text = journal.upload_loaded_markdown(upload.name, len(loaded))
            # A night in the file that has not begun yet is loaded but named (date review, 2026-12-04:
            # a night of June 2027 went in without a word, and moved the next review).
            ahead = journal.future_nights(loaded, night_to_log(clock.now()))
            # The file holds it all (saved); nights it replaced can be put back (input review,
            # 2026-12-05).
            journal_store.replace_with_upload(
                loaded,
                ("warning", loaded_text + " " + journal.future_nights_markdown(ahead))
                if ahead
                else ("success", loaded_text),
            )

notice = st.session_state.get(NOTICE)
if notice:
    kind, text = notice
    with layout.say("journal_notice"):
        {"error": st.error, "warning": st.warning}.get(kind, st.success)(text)
journal_store.undo_upload_button()
if st.session_state[EXAMPLE]:
    st.warning(
        "**Example only.** This journal is made up from random numbers to show how the page works. "
        "It is not anyone's real nights. Start an empty journal or upload your own to begin.",
        icon=":material/science:",
    )

ADD_ERROR = "journal_add_error"  # why the last "Add this night" was refused (shown once)
#: The night the last "Add this night" added, said once above the latest nights (keyboard review,
#: 2026-12-04: nothing said that the night was added). In the list's own text, not a toast: a toast
#: made every add 1.30× slower (`benchmarks.ab journal`, 30 paired adds).
ADDED = "journal_added"
FUTURE = "journal_future_night"  # a night not begun yet, waiting for the person to confirm it


def _add(frame: pd.DataFrame, night: dict[str, object]) -> str | None:
    """Add ``night``; a night that has not begun yet (after the latest that has, on the person's
    clock) waits for a confirmation. Returns why it was refused."""
    if journal.is_future(night.get("date"), night_to_log(clock.now())):
        st.session_state[FUTURE] = night
        return None
    # Another night added: the question about a night not begun yet goes (planning list, session 57: it
    # stayed, and "Add it anyway" then added that other date).
    st.session_state.pop(FUTURE, None)
    try:
        longer = journal.add_night(frame, night)
    except journal.JournalError as exc:
        return exc.problem
    _replace(longer, example=st.session_state[EXAMPLE], notice=None)
    st.session_state[ADDED] = night.get("date")
    return None


def _confirm_future() -> None:
    night = st.session_state.pop(FUTURE, None)
    if night is None:
        return
    try:
        longer = journal.add_night(st.session_state[BASE], night)
    except journal.JournalError as exc:
        st.session_state[ADD_ERROR] = exc.problem
    else:
        _replace(longer, example=st.session_state[EXAMPLE], notice=None)
        st.session_state[ADDED] = night.get("date")  # said like any add; the field then goes back in time


# Asks the browser to confirm leaving (close, reload, another address) while the journal has
# nights not yet downloaded. Runs in the page (same origin, like the share box). The frame is
# drawn once, outside the fragments, with a constant document (a new frame document on every
# added night cost the browser more than the rest of the update): the script it installs reads
# the journal's version and whether it holds nights not downloaded from the class of the element
# the results key with them (``_state_key``: the download button, or the table's error) when it
# is needed: on leaving, on a click of the download button (saved until the journal changes
# again) and on a link or the browser's back button (remembered for the app's other pages).
# The script text is a constant so the proxy's Content-Security-Policy can allow it by its
# hash (scripts/csp.py, issue 17).
STATE_PREFIX = "journal_state_"
_GUARD_HTML = """<!doctype html><html><body><script>
const P = window.parent;
const j = P.__magJournal || (P.__magJournal = {saved: null, last: null});
if (!j.installed) {
  j.installed = true;
  // A script of the page itself (not of this frame): Chromium ignored a listener added from here.
  const script = P.document.createElement("script");
  script.textContent = `
    const state = () => {
      const prefix = "st-key-journal_state_";
      const found = document.querySelectorAll("[class*=" + prefix + "]");
      for (const el of found) {
        if (el.closest("[data-stale=true]") && found.length > 1) continue;
        for (const name of el.className.split(" ")) {
          if (!name.startsWith(prefix)) continue;
          const rest = name.slice(prefix.length);
          const cut = rest.lastIndexOf("_");
          return {version: rest.slice(0, cut), dirty: rest.slice(cut + 1) === "1"};
        }
      }
      return null;
    };
    const j = window.__magJournal;
    const remember = () => { j.last = state() || j.last; return j.last; };
    window.addEventListener("beforeunload", (event) => {
      const s = remember();
      if (s && s.dirty && j.saved !== s.version) { event.preventDefault(); event.returnValue = ""; }
    });
    document.addEventListener("click", (event) => {
      const target = event.target;
      if (!target.closest) return;
      if (target.closest("[data-testid=stDownloadButton]")) {
        const s = remember();
        if (s) j.saved = s.version;
      } else if (target.closest("a")) remember();
    }, true);
    window.addEventListener("popstate", remember, true);`;
  P.document.head.appendChild(script);
}
</script></body></html>"""


def _leave_guard() -> None:
    # Out of the Tab order (keyboard review, 2026-12-04): an empty 1 px frame was a Tab stop.
    st.iframe(_GUARD_HTML, height=1, tab_index=-1, alt="Asks before you leave with nights not yet downloaded")


def _state_key(version: tuple[int, str], unsaved: bool) -> str:
    """The key (a class name in the page) the leave guard reads: the journal's version, unsaved."""
    return f"{STATE_PREFIX}{version[0]}-{hash(version[1])}_{int(unsaved)}"


#: The table's own "Download as CSV" (Streamlit's toolbar) is hidden: it wrote notes as they are, so a
#: note such as =HYPERLINK(…) became a live formula in a spreadsheet (statistician review, 2026-12-06).
#: "Download journal (CSV)" is the journal's file (journal.to_csv neutralises such cells).
EDITOR_CSS = """<style>
[class*="st-key-journal_editor_"] button[aria-label="Download as CSV"] {display: none;}
</style>"""

EDITOR_OPEN = "journal_editor_open"  #: the toggle that shows the editor (this tab only)


def _no_nights(view: DeltaGenerator) -> None:
    view.info(
        "No nights yet. Add your first night above, load the example, or upload your journal; "
        "the table appears here, and you can edit any cell in it.",
        icon=":material/table_rows:",
    )


#: The editor's columns as shown: every journal column, the night and its dose first.
EDITOR_COLUMNS = ("date", "magnesium_mg", "episodes", "severity", "sleep_quality", "measures", "note")


def _table(
    base: pd.DataFrame, rev: int, dose_mg: float, mg_key: str, added: dt.date | None = None
) -> tuple[pd.DataFrame | None, tuple[int, str]]:
    """The nights' table (or its editor), the download; the checked journal and its version.

    The editor is drawn only on request (its toggle): a data editor with rows that can be added
    is remounted whenever its data change, which made every added night cost the grid again.
    Edits live only in the editor: hiding it with edits first checks them and makes them the
    journal (as an add does); a table with a problem stays open until it is fixed.
    """
    state = st.session_state
    edits = state.get(f"journal_editor_{rev}") or {}
    has_edits = any(edits.get(kind) for kind in ("edited_rows", "added_rows", "deleted_rows"))
    want_open = bool(state.get(EDITOR_OPEN))
    toggle_slot = st.empty()
    view = st.empty()
    if base.empty:
        # No grid until there is a night to show: the data grid is the heaviest part of the
        # page to load (about 1.3 MB of the browser's JavaScript), and a first visit starts here.
        _no_nights(view)
        edited = base
    elif not (want_open or has_edits):
        said = journal.added_markdown(base, added)
        if said:
            # Read out by a screen reader (layout.say); the latest nights below it are not.
            with view.container():
                with layout.say("journal_added"):
                    st.markdown(said)
                st.markdown(journal.recent_markdown(base))
        else:
            view.markdown(journal.recent_markdown(base))
        edited = base
    else:
        edited = view.data_editor(
            base,
            key=f"journal_editor_{rev}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            # The night and its dose first, the night pinned (phone review, 2026-12-05: at 390 px the
            # Magnesium column was off-screen, past episodes, severity and sleep). Display only: the
            # journal's own columns and its file keep their order.
            column_order=EDITOR_COLUMNS,
            column_config={
                "date": st.column_config.DateColumn(
                    "Night",
                    format="YYYY-MM-DD",
                    required=True,
                    pinned=True,
                    help=journal.COLUMN_HELP["date"],
                ),
                "episodes": st.column_config.NumberColumn(
                    "Episodes",
                    min_value=0,
                    max_value=journal.EPISODES_MAX,
                    step=1,
                    required=True,
                    help=journal.COLUMN_HELP["episodes"],
                ),
                "severity": st.column_config.NumberColumn(
                    "Worst severity",
                    min_value=journal.SEVERITY_MIN,
                    max_value=journal.SEVERITY_MAX,
                    step=1,
                    required=True,
                    help=journal.COLUMN_HELP["severity"],
                ),
                "sleep_quality": st.column_config.NumberColumn(
                    "Sleep (1–5)",
                    min_value=journal.SLEEP_MIN,
                    max_value=journal.SLEEP_MAX,
                    step=1,
                    help=journal.COLUMN_HELP["sleep_quality"],
                ),
                "magnesium_mg": st.column_config.NumberColumn(
                    "Magnesium (mg)",
                    min_value=0,
                    max_value=journal.MAGNESIUM_MG_MAX,
                    default=float(dose_mg),
                    required=True,
                    help=journal.COLUMN_HELP["magnesium_mg"],
                ),
                "measures": st.column_config.MultiselectColumn(
                    "Other measures",
                    options=list(journal.MEASURES),
                    accept_new_options=False,
                    help=journal.COLUMN_HELP["measures"],
                ),
                "note": st.column_config.TextColumn(
                    "Note", max_chars=journal.NOTE_MAX_CHARS, help=journal.COLUMN_HELP["note"]
                ),
            },
        )
    problem = None
    if not has_edits:
        current = base  # untouched by the editor: already validated when it was loaded or added
    else:
        try:
            current = journal.check_frame(edited)
        except journal.JournalError as exc:
            current, problem = None, exc
    # A night typed into the table that has not begun yet is named, as an uploaded file's is and as
    # the form asks about one (date review, 2026-12-04: the table took any date without a word).
    typed_ahead = (
        journal.edited_future_nights(base, current, night_to_log(clock.now()))
        if has_edits and current is not None
        else []
    )
    hide_refused = has_edits and not want_open and problem is not None
    if hide_refused:
        state[EDITOR_OPEN] = True  # the edits live only in the editor: it stays open to be fixed
    elif has_edits and not want_open:
        # Hidden with edits: they become the journal, as an add does (a new revision and version).
        # Nights typed past tonight stay named at the top of the page, as an upload's are
        # (adversarial review, 2026-12-04: named once, then never again).
        _replace(
            current,
            example=state[EXAMPLE],
            notice=("warning", journal.future_nights_markdown(typed_ahead, where="table"))
            if typed_ahead
            else None,
        )
        base, rev, edits = current, state[REV], {}
        if base.empty:
            _no_nights(view)
        else:
            view.markdown(journal.recent_markdown(base))
    if not base.empty:
        toggle_slot.toggle(
            "Edit or see all nights",
            key=EDITOR_OPEN,
            help="Shows every night in a table where you can change any cell, add or delete rows.",
        )
    version = (rev, repr(edits))  # changes whenever the journal on screen changes
    # Nothing unsaved: an empty journal, the example, or the journal exactly as uploaded.
    unsaved = not (base.empty and current is not None and current.empty) and not st.session_state[EXAMPLE]
    unsaved = unsaved and st.session_state.get(SAVED) != version
    # The leave guard reads these from the key of the download button, or of the table's error.
    state_key = _state_key(version, unsaved)
    if problem is not None:
        with st.container(key=state_key):
            st.error(
                f"Please fix the table: {escape_markdown(problem.message)}. The chart, the analysis "
                "and the download wait until every row is complete."
                + (
                    "\n\nThe table stays open with your changes: fix it first, then hide it."
                    if hide_refused
                    else ""
                ),
                icon=":material/edit:",
            )

    if typed_ahead:
        st.warning(journal.future_nights_markdown(typed_ahead, where="table"), icon=":material/event:")

    if st.session_state.pop(ADD_DEFERRED, False):
        if current is None:
            st.error("Fix the table above first; then add the night.")
        else:
            refused = _add(current, _form_night(DATE_KEY, mg_key))
            if refused:
                st.error(f"That night was not added — {escape_markdown(refused)}.")
            else:
                st.rerun()  # rare path (unsaved edits): the whole page, the form's night too

    if current is not None:
        st.download_button(
            "Download journal (CSV)",
            # Bytes, not a callable: the same content keeps the same file id across
            # reruns, so a click during a rerun cannot hit an expired deferred file.
            data=_memo("csv", version, lambda: journal.to_csv(current)),
            file_name="magnesium-journal.csv",
            mime="text/csv",
            key=state_key,
            on_click="ignore",
            icon=":material/download:",
            disabled=current.empty,
        )
    return current, version


def _note_signs(journal_now: pd.DataFrame, version: object) -> str | None:
    """The warning for notes of the latest nights that name a red flag's sign (rule journal_note_signs),
    built again only when the journal on screen (``version``) or the flags that can apply change (a chart
    choice reruns the results without either)."""
    texts = red_flags.note_texts()
    rules = dict(zip(data.safety_rules["rule_id"], data.safety_rules["value"], strict=True))
    return _memo(
        "note_signs",
        (version, tuple(texts)),
        lambda: journal.note_signs_warning(
            journal_now,
            int(rules["journal_note_signs"]),
            texts,
            float(rules["long_cramp_minutes"]),
        ),
    )


def _verdict(current: pd.DataFrame | None, version: tuple[int, str]) -> None:
    """Did it help? The safety warnings first, then the before/after comparison."""
    if current is None:
        st.info("The comparison waits until every row of the table is complete.")
        return
    # Safety first: a logged dose above any plan this app makes, or symptoms getting worse.
    rules = dict(zip(data.safety_rules["rule_id"], data.safety_rules["value"], strict=True))
    # Above the person's own limit: this tab's plan's, else their reference set's (pharmacist
    # review, 2026-12-04: only nights above the 366 mg hard maximum were questioned).
    check = journal_store.dose_check()
    high = journal.high_dose_warning(current, check.limit_mg, check.words)
    if high:
        (st.error if check.level == "error" else st.warning)(high, icon=":material/warning:")
    worse = journal.worsening(
        current,
        int(rules["journal_window_nights"]),
        float(rules["journal_worse_episodes"]),
        float(rules["journal_worse_severity"]),
    )
    if worse:
        st.warning(worse, icon=":material/emergency:")
    result = _memo("analysis", version, lambda: journal.analyse(current))
    if result.status == "ready":
        # Worse on magnesium: a warning that points to a doctor, not a neutral note. Fewer is a neutral
        # note, not a green "success" (statistician review, 2026-12-06: a drop after a bad week, which
        # regression to the mean predicts with no effect at all, was shown in green).
        box = {"more": st.warning}.get(result.direction or "", st.info)
        # Before the guidance's minimum trial, said in the same box (no element more per add).
        early = journal.early_note(result, texts.min_trial_weeks, texts.min_trial_words)
        box(result.summary + (f"\n\n{escape_markdown(early)} ({texts.min_trial_source})" if early else ""))
        cols = st.columns(3)
        cols[0].metric("Episodes per night before (median)", f"{result.median_before:g}")
        cols[1].metric(
            "On magnesium, latest 14 nights (median)",
            f"{result.median_after:g}",
            delta=f"{result.difference:+g}",
            # Green or red only for a clear change (phone review, session 51: the example's "no clear
            # difference" showed a green ↓ −0.5, read on a phone as "it worked").
            delta_color="inverse" if result.direction in ("fewer", "more") else "off",
        )
        cols[2].metric(
            "Worst severity, before → after (median)",
            f"{result.severity_before:g} → {result.severity_after:g}",
        )
    else:
        st.info(result.summary, icon=":material/hourglass:")


ADD_DEFERRED = "journal_add_deferred"  # the table had unsaved edits: the script adds the night
#: The fragment that draws everything the journal decides, with the night the form offers (it
#: follows the journal: the latest night not yet logged) and "Add this night" (so its click runs
#: this fragment alone, once: the rest of the form, the headings and the page stay as drawn).
RESULTS = "journal_results"
#: The fragments that hold the form and the symptoms-to-chart picker (neither reruns itself).
FORM_FRAGMENT, METRICS_FRAGMENT = "journal_form", "journal_metrics"
DOSE_FRAGMENT = "journal_dose"  #: the dose that pre-fills new nights


#: The form's Night field's help: which date a night is.
NIGHT_HELP = (
    "The date of the evening the night began, when you went to bed. Logging last night in the morning? "
    "Pick yesterday's date."
)
NIGHT_LABEL = "Night (the date you went to bed)"
#: Said under the form's fields: what an out-of-range number does to "Add this night".
OUT_OF_RANGE_WORDS = (
    f"A number outside its field's range (severity {journal.SEVERITY_MIN}–{journal.SEVERITY_MAX}, say) turns the "
    "field red, and **Add this night** "
    "adds nothing until it is corrected."
)
DATE_KEY = "add_date"  #: the form's night: one key (a new key per night remounted the field)
DATE_FOR = "journal_night_for"  #: the journal revision the field's night was offered for


def _editor_key() -> str:
    return f"journal_editor_{st.session_state[REV]}"


def _form_night(date_key: str, mg_key: str) -> dict[str, object]:
    state = st.session_state
    return {
        "date": state[date_key],
        "episodes": state["add_episodes"],
        "severity": state["add_severity"],
        "sleep_quality": state["add_sleep"],
        "magnesium_mg": state[mg_key],
        "measures": state["add_measures"],
        "note": state["add_note"],
    }


def _add_submitted(mg_key: str) -> None:
    """Add the night before the fragments run, so one run shows it (no second run).

    Only when the table has no unsaved edits: otherwise the results fragment first checks
    the edited table (it may hold a problem to fix) and adds the night there.
    """
    edits = st.session_state.get(_editor_key()) or {}
    if any(edits.get(kind) for kind in ("edited_rows", "added_rows", "deleted_rows")):
        st.session_state[ADD_DEFERRED] = True
    else:
        problem = _add(st.session_state[BASE], _form_night(DATE_KEY, mg_key))
        if problem:
            st.session_state[ADD_ERROR] = problem
    # No st.rerun: the button is drawn by the results fragment, so its click runs that fragment
    # (the form's night, "Add this night" and the results) once, after this callback.


def _night_field() -> None:
    state = st.session_state
    if DATE_KEY not in state or state.get(DATE_FOR) != state[REV]:
        # A new or replaced journal: offer the latest night not yet logged (set before the field
        # is drawn; the same field then shows it, no remount). Until then the field keeps what
        # the person picked (a night refused stays on show, to be corrected).
        # Right after an add, the night before it (nights added one after another, back in time);
        # after an upload or a load, the next night to come once the latest that has begun is in.
        state[DATE_KEY] = journal.next_night(
            state[BASE], night_to_log(clock.now()), back_fill=state.get(ADDED) is not None
        )
        state[DATE_FOR] = state[REV]
    # Outside the form (a form's "clear on submit" would send its old default with the next
    # night): its value goes with the next run, "Add this night"; a change alone runs nothing.
    # Which date a night is (phone review, 2026-12-04: a morning logger could not tell).
    # Which date, in the label itself: a help icon's text is not read out by a screen reader and is
    # seldom opened on a phone (keyboard review, 2026-12-05).
    st.date_input(NIGHT_LABEL, key=DATE_KEY, on_change="ignore", help=NIGHT_HELP)


class _Slots(NamedTuple):
    """Where the results fragment writes: containers the page draws around its fixed headings."""

    night: DeltaGenerator  #: the form's night (outside the form: see _night_field)
    submit: DeltaGenerator  #: "Add this night", inside the form
    feedback: DeltaGenerator
    table: DeltaGenerator
    chart: DeltaGenerator
    verdict: DeltaGenerator


# ---------------------------------------------------------------- add tonight … did it help?
# The inputs (the dose, the form, the symptoms to chart; each in a fragment of its own) and the
# headings are drawn by the page; adding a night, editing the table or choosing what to chart
# reruns and re-sends only what they change (Streamlit 1.67 keyed fragment reruns), written into
# containers the page made.
DOSE_USED = "journal_dose_used"  # the dose the form and the table's new rows are pre-filled with


def _mg_key() -> str:
    return f"add_mg_{st.session_state[DOSE_USED]}"  # a new dose pre-fills a fresh field


@st.fragment(key=DOSE_FRAGMENT)
def _dose_field() -> None:
    # A new dose reruns the page (the form's magnesium field and the table's default for a new row
    # follow it). Not a keyed rerun of the form and the results: the form's rerun made new slots for
    # the night and the Add button while the results fragment, handed the old ones, drew into those
    # too (phone review, 2026-12-03: two Night fields and two Add buttons after a dose change, and
    # the night typed in one was not always the night added). A dose changes rarely; an add stays
    # one run of the results fragment.
    st.session_state[DOSE_USED] = magui.bound(
        DOSE,
        "Dose that pre-fills new nights (mg elemental magnesium)",
        on_change=lambda: st.rerun(),
    )
    check = journal_store.dose_check()
    above = journal.prefill_dose_warning(
        st.session_state[DOSE_USED], check.limit_mg, check.words
    ) or journal.every_dose_warning(check.limit_mg, check.words)
    if above:
        (st.error if check.level == "error" else st.warning)(above, icon=":material/warning:")
    # The field follows the link it came with; the tab's dose plan may have changed since (stale-state
    # review, 2026-12-05: plan 150 mg, then 100 mg, the journal reached by the sidebar pre-filled 150).
    facts = journal_store.current_plan()
    planned = None if facts is None else schedule_dose(facts.plan, night_to_log(clock.now()))
    if planned is not None and round(planned) != st.session_state[DOSE_USED]:
        st.caption(
            f"The dose plan in this tab gives {round(planned)} mg for this night: change the field if that "
            "is what you take."
        )


_dose_field()


# The form sits in a fragment of its own that "Add this night" never reruns (a new dose reruns the page).
# Its night and its submit button are drawn into it by the results fragment (slots returned
# here): the click then runs the results fragment alone, once. Before, the click ran this
# fragment, whose callback asked for a keyed rerun: two runs, the form marked stale in between.
@st.fragment(key=FORM_FRAGMENT)
def _add_form() -> tuple[DeltaGenerator, DeltaGenerator]:
    dose_mg, mg_key = st.session_state[DOSE_USED], _mg_key()
    box = st.container(border=True)
    box.markdown("**Add a night**")
    night_slot = box.columns(4)[0]
    # No Enter to submit (phone review, 2026-12-04): Enter in a number box (a phone's Go key) submitted
    # the form from this fragment, whose rerun dropped the Night field and "Add this night" (drawn by
    # the results fragment) and left a night to be added unasked. Only the button adds a night.
    with box.form("journal_add", clear_on_submit=True, enter_to_submit=False, border=False):
        c2, c3, c4 = st.columns(3)
        c2.number_input(
            "Episodes", min_value=0, max_value=journal.EPISODES_MAX, value=0, step=1, key="add_episodes"
        )
        c3.number_input(
            "Worst severity (0–10)",
            min_value=journal.SEVERITY_MIN,
            max_value=journal.SEVERITY_MAX,
            value=0,
            step=1,
            key="add_severity",
        )
        c4.number_input(
            "Magnesium taken (mg)",
            min_value=0,
            max_value=journal.MAGNESIUM_MG_MAX,
            value=int(dose_mg),
            step=25,
            key=mg_key,
            help=journal.COLUMN_HELP["magnesium_mg"][:1].upper()
            + journal.COLUMN_HELP["magnesium_mg"][1:]
            + ".",
        )
        c5, c6 = st.columns([1, 2])
        c5.segmented_control(
            "Sleep quality (1 very poor – 5 very good)", [1, 2, 3, 4, 5], default=None, key="add_sleep"
        )
        c6.multiselect("Other measures", list(journal.MEASURES), key="add_measures")
        c6.caption(
            "What the evidence shows: "
            + escape_markdown(
                "; ".join(journal_measure_lines(measures_from(data.measures), journal.MEASURES))
            )
            + ". Details on the Sources page."
        )
        st.text_input("Note", max_chars=journal.NOTE_MAX_CHARS, key="add_note")
        # Streamlit holds back the whole form while a number is outside its field's range, with only the
        # field's red outline (planning list, session 57: severity 15 and "Add this night" did nothing).
        st.caption(OUT_OF_RANGE_WORDS)
        submit_slot = st.container()
    return night_slot, submit_slot


form_slots = _add_form()

slots_feedback = st.container()
st.header("Your nights")
slots_table = st.container()
# Drawn by the page (the same words whatever the journal holds): adding a night does not re-send it.
st.caption(
    "The downloaded file: notes that start with =, +, - or @ are saved with a leading apostrophe so "
    "a spreadsheet shows them as text instead of running them; uploading the file here removes it again."
)
_leave_guard()
st.header("Nights over time")


@st.fragment(key=METRICS_FRAGMENT)
def _metrics_picker() -> None:
    # In a fragment for the same reason as the form: a change marks only the picker as stale.
    magui.bound(METRICS, "Symptoms to chart", on_change=lambda: st.rerun(RESULTS))


# The symptom chips' remove buttons at 24 x 24 px, not Streamlit's 15 x 7 (phone review, 2026-12-03:
# a tap meant for the chart removed a symptom from it); a constant stylesheet, drawn once.
st.html(CHIP_CSS + EDITOR_CSS)
_metrics_picker()
slots_chart = st.container()
st.header("Did it help?")
slots = _Slots(*form_slots, slots_feedback, slots_table, slots_chart, st.container())


@st.fragment(key=RESULTS)
def _nights(slots: _Slots) -> None:
    with slots.night:
        _night_field()
    with slots.submit:
        st.form_submit_button(
            "Add this night", icon=":material/add:", on_click=_add_submitted, args=(_mg_key(),)
        )
    base = st.session_state[BASE]
    rev = st.session_state[REV]
    # An empty placeholder when there is nothing to say: a fragment may write only to an outside
    # container it wrote to in the last full run.
    feedback = slots.feedback.empty()
    add_error = st.session_state.pop(ADD_ERROR, None)
    future = st.session_state.get(FUTURE)

    # ---------------------------------------------------------------- table
    with slots.table:
        added = st.session_state.pop(ADDED, None)
        current, version = _table(base, rev, st.session_state[DOSE_USED], _mg_key(), added)
    # A note naming a red flag's sign, right under "Add this night" (phone review, session 59: below the
    # verdict it was some 2,200 px down at 390 px, out of sight after an add).
    # While the table has a row to fix, the journal as saved (adversarial re-review, session 59: the warning
    # vanished behind "Please fix the table").
    signs = _note_signs(current, version) if current is not None else _note_signs(base, ("saved", rev))
    if add_error or future is not None or signs:
        with layout.say("journal_feedback", feedback):
            if signs:
                st.error(signs, icon=":material/emergency:")
            if add_error:
                st.error(f"That night was not added — {escape_markdown(add_error)}.")
            if future is not None:
                st.warning(
                    f"**The night of {future['date']:%A %d %B %Y} has not begun yet** (it is "
                    f"{clock.now():%H:%M on %A %d %B %Y} where you are). "
                    "Add this night anyway?",
                    icon=":material/event_upcoming:",
                )
                with st.container(horizontal=True):
                    # Named by its date: the Night field may show another by now (planning list, session 57).
                    st.button(
                        f"Add the night of {future['date']:%a %d %b} anyway",
                        key="journal_future_yes",
                        on_click=_confirm_future,
                    )
                    st.button(
                        "Don't add it",
                        key="journal_future_no",
                        on_click=lambda: st.session_state.pop(FUTURE, None),
                    )

    # ------------------------------------------------ did it help? (sent before the chart)
    # The verdict's text is sent before the chart (its slot stays below the chart on the page): the
    # browser then shows the new text before Vega redraws the chart with the new night, instead of
    # after it. `benchmarks.ab journal`: paired 0.95 and 0.90 (30 and 40 adds); the chart's own
    # redraw takes as long as before.
    with slots.verdict:
        _verdict(current, version)

    # ---------------------------------------------------------------- chart
    with slots.chart:
        metrics = st.session_state[METRICS.key]
        if current is None or current.empty:
            st.info("Add nights (or load the example) to see the chart.", icon=":material/show_chart:")
        else:
            spec = _memo(
                "chart",
                (version, tuple(metrics), texts.review_weeks),
                lambda: arrow_datasets(journal_spec(current, metrics, texts.review_weeks)),
            )
            st.vega_lite_chart(spec, width="stretch", key="journal_chart")
            # The chart stops at the latest night; name the review still ahead instead.
            ahead = [
                c
                for c in journal.checkpoints(journal.first_dose_date(current), texts.review_weeks)
                # From today, not from the latest night logged (clinician review, 2026-12-04: the
                # example journal's "next review" was in March, nine months ago).
                if c.date >= clock.today()
            ]
            next_review = (
                f"\n\nNext review: {ahead[0].label} after the first dose, on {ahead[0].date:%d %B %Y}."
                # Not while every logged dose is questioned (GP review, 2026-12-05: "Next review: week 4
                # after the first dose" for magnesium the page says not to take without a kidney test).
                if ahead and journal_store.dose_check().limit_mg > 0
                else ""
            )
            st.caption(texts.chart_caption + next_review)


_nights(slots)
st.page_link(
    "pages/trial.py",
    # Short enough for one line at 390 px (phone review, 2026-12-03: the longer label was cut). Not
    # "a firmer answer" alone: the default 3 pairs cannot reach p <= 0.05 (trial.smallest_p).
    label="On/off trial: firmer if run long enough",
    icon=":material/science:",
)
red_flags.show()
st.markdown(texts.caveats)
st.caption(texts.method)

magui.footer(nights="send the file from **Download journal (CSV)**.")
