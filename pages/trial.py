"""/trial — an on/off trial (n-of-1): randomised blocks, the nights' result, a clinician's summary.

The set-up (seed, pairs, block length, start, blinded view) travels in the link; the nights
never do: they come from the journal of this browser tab (/journal) or a file uploaded here.
"""

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

import streamlit as st

import magui
from maglib import journal, trial
from maglib.calendar_export import trial_ics_bytes
from maglib.charts.trial import night_blocks, trial_chart
from maglib.links import escape_markdown
from maglib.provenance import citations
from magui import journal_store, red_flags

P = {p.key: p for p in trial.PARAMS}

magui.page_setup("trial", trial.PARAMS)
data = magui.dataset()


def cited(*keys: str) -> str:
    """The sources of guidance rows, as one caption line."""
    ids = ";".join(str(data.guidance.loc[data.guidance["key"] == k, "source_ids"].iloc[0]) for k in keys)
    found = dict.fromkeys(c for c in citations(data, ids))
    return "Sources: " + " · ".join(escape_markdown(c) for c in found)


def source_line(*source_ids: str) -> str:
    found = dict.fromkeys(c for c in citations(data, ";".join(source_ids)))
    return " · ".join(escape_markdown(c) for c in found)


def _today() -> dt.date:
    """Today where the person is (their browser's time zone), not on the server."""
    try:
        zone = st.context.timezone
        return dt.datetime.now(ZoneInfo(zone)).date() if zone else dt.date.today()
    except (KeyError, ValueError):
        return dt.date.today()


WASHOUT = int(data.guidance_value("trial_washout_nights"))
ALPHA = float(data.guidance_value("trial_alpha"))
DEFAULT_DAYS = int(data.guidance_value("trial_default_block_days"))


def _draw() -> None:
    """A fresh random order (seed), and today as the start if none is set."""
    st.session_state["trial_seed"] = trial.SEED_MIN + secrets.randbelow(trial.SEED_MAX - trial.SEED_MIN + 1)
    if not st.session_state.get("trial_start"):
        st.session_state["trial_start"] = _today().isoformat()


st.title("On/off trial: does magnesium help *you*?")
st.write(
    "Comparing nights before and after you start is weak evidence: in the crossover trial of magnesium for "
    "night cramps, people improved over time **whatever they took** — symptoms come and go, bad weeks are "
    "followed by better ones, and expecting help helps. An **on/off trial** (an n-of-1 trial) alternates "
    "blocks with and without magnesium, in pairs, in an order drawn at random, and compares your own blocks "
    "with each other. It has been used for leg cramps with quinine: three pairs of 4-week blocks per person, "
    "with a nightly diary."
)
st.caption("Sources: " + source_line("frusso-1999", "woodfield-2005"))

# ---------------------------------------------------------------- 1. set up
st.subheader("1. Set up")
cols = st.columns(3)
with cols[0]:
    pairs = magui.bound(P["trial_pairs"], "Pairs of blocks (one on, one off)")
with cols[1]:
    days = int(magui.bound(P["trial_days"], "Nights per block", widget="radio", horizontal=True))
with cols[2]:
    start_text = magui.bound(P["trial_start"], "First night (YYYY-MM-DD; set when you draw the order)")
st.markdown(
    f"- **How many pairs.** With {pairs} pairs the smallest p-value the exact test can give is "
    f"**{trial.smallest_p(pairs):.3g}**, so {'it can' if trial.smallest_p(pairs) <= ALPHA else 'it cannot'} show a "
    f"clear difference at p ≤ {ALPHA:g}. 3 pairs (the usual start) can only show a trend; 4–6 pairs give a "
    "firmer answer, and 6 or more are needed for p below 0.05.\n"
    f"- **Block length.** {escape_markdown(str(data.guidance.loc[data.guidance['key'] == 'trial_default_block_days', 'label'].iloc[0]))}.\n"
    f"- **Wash-out.** The first **{WASHOUT} nights** of every block are left out of the comparison: after a "
    "switch, nights may still show the block before (carry-over). Keep logging them.\n"
    "- **You will know which blocks are which** (unblinded), so expecting help can still colour the result. "
    "The blinded way is below.\n"
    "- **Ask first** if a doctor prescribed your magnesium (for example for a low blood magnesium level), or if "
    "you are under 18, pregnant or breastfeeding: off-blocks stop it, and that is their call."
)
st.caption(cited("trial_default_pairs", "trial_default_block_days", "trial_washout_nights", "trial_alpha"))

seed = magui.bound(P["trial_seed"], "Order code (seed): the same code always gives the same order")
st.button(
    "Draw the order at random" if not seed else "Draw a new order",
    key="trial_draw",
    icon=":material/casino:",
    on_click=_draw,
    help="Picks a new 6-digit code; the order inside each pair follows from it. Sets the first night to today if empty.",
)
blind = magui.bound(P["trial_blind"], "Blinded: hide the order on this screen", widget="toggle")
with st.expander("How to run it blinded (a partner fills a pill organiser)"):
    st.markdown(
        "1. Your partner opens this page on **their** phone, draws the order, and keeps the link (it holds "
        "the code).\n"
        "2. Each week they fill a weekly pill organiser: your dose on on-nights, an empty look-alike capsule "
        "(empty gelatin capsules are sold in pharmacies) or nothing on off-nights.\n"
        "3. You switch on **Blinded** here: the order is hidden and your calendar only says to take tonight's "
        "capsule. Log every night in the journal with the magnesium column as your plan's dose.\n"
        "4. At the end, your partner sends you their link; the result uses the planned order (the journal's "
        "magnesium column is not used to decide on and off)."
    )

start = trial.parse_start(start_text)
design: trial.Design | None = None
if seed and start is None and start_text:
    st.warning(
        f"“{escape_markdown(start_text)}” is not a date: the trial needs its first night as YYYY-MM-DD."
    )
if seed and start is not None:
    design = trial.Design(seed, pairs, days, start, WASHOUT)
st.session_state[journal_store.TRIAL_DESIGN] = design  # for /schedule's printable plan (this tab only)
if design is not None:
    st.success(
        f"**Your trial:** {pairs} pairs of {days}-night blocks, {design.start:%A %d %B %Y} to "
        f"{trial.end_date(design):%A %d %B %Y} (code {seed}).",
        icon=":material/event_available:",
    )
    plan_facts = st.session_state.get(journal_store.PLAN_FOR_TRIAL)
    if plan_facts is not None:
        st.markdown(
            "**On blocks: your plan's dose**, from the Dose plan page — "
            + escape_markdown("; ".join(plan_facts[1]))
            + ". Keep the same dose in every on block; off blocks: no magnesium from any product."
        )
    else:
        st.info(
            "**On blocks: your plan's dose.** No plan was made in this tab yet: make it on the Dose plan page "
            "first (it checks your medicines, kidneys and limits); this page never suggests a dose of its own. "
            "Off blocks: no magnesium from any product.",
            icon=":material/event:",
        )
    st.page_link("pages/schedule.py", label="Dose plan", icon=":material/event:")
    if blind:
        st.info("Blinded: the order is hidden on this screen.", icon=":material/visibility_off:")
    else:
        st.table(trial.block_table(design), hide_index=True)
    st.download_button(
        "Trial calendar (.ics)",
        data=trial_ics_bytes(design, plan_facts[0] if plan_facts is not None else None, blind=blind),
        file_name="magnesium-trial.ics",
        mime="text/calendar",
        key="trial_ics",
        icon=":material/calendar_month:",
    )
if not seed:
    st.info(
        "Draw the order to start, or skip this: a journal whose nights already alternate in whole blocks "
        "(with and without magnesium) is analysed below without a set-up.",
        icon=":material/casino:",
    )

# ---------------------------------------------------------------- 2. your nights
st.subheader("2. Your nights")
st.write(
    "Log each night on the Journal page; a night counts as on when its magnesium is above 0 mg. The nights "
    "stay in this browser tab and are never put in the link."
)
st.page_link("pages/journal.py", label="Journal", icon=":material/edit_note:")
upload = st.file_uploader(
    "Or upload the journal CSV you downloaded from the Journal page",
    type=["csv"],
    key="trial_upload",
    max_upload_size=journal.MAX_FILE_BYTES // 1_000_000,
    help="At most 1 MB. It replaces the journal in this tab; a file that cannot be read changes nothing.",
)
if upload is not None and upload.file_id != st.session_state.get("trial_upload_seen"):
    st.session_state["trial_upload_seen"] = upload.file_id
    try:
        loaded = journal.parse_csv(upload.getvalue())
    except journal.JournalError as exc:
        st.session_state["trial_notice"] = ("error", journal.upload_error_markdown(upload.name, exc))
    else:
        journal_store.replace(loaded, example=False, notice=None, saved=True)
        st.session_state["trial_notice"] = (
            "success",
            journal.upload_loaded_markdown(upload.name, len(loaded)),
        )
notice = st.session_state.get("trial_notice")
if notice:
    (st.error if notice[0] == "error" else st.success)(notice[1])

nights = journal_store.nights()
if st.session_state.get(journal_store.EXAMPLE):
    st.warning("The journal in this tab is the made-up example, not real nights.", icon=":material/science:")

# ---------------------------------------------------------------- 3. result
st.subheader("3. What your nights show")
result: trial.TrialResult | None = None
if nights.empty:
    st.info(
        "No nights yet: log them on the Journal page, or upload your journal above.",
        icon=":material/hourglass:",
    )
else:
    if design is not None:
        result = trial.analyse_planned(nights, design, ALPHA)
    else:
        result = trial.analyse_logged(nights, WASHOUT, ALPHA)
    # Safety first: a logged dose above any plan this app makes (as on /journal).
    hard_max = float(data.safety_rules.set_index("rule_id").loc["hard_max_mg", "value"])
    high = journal.high_dose_nights(nights, hard_max)
    if high:
        st.warning(
            f"**{high} night{'s' if high != 1 else ''} in your log record{'' if high != 1 else 's'} more than "
            f"{hard_max:g} mg of magnesium**, above the US and EU upper limits for supplements and the largest dose "
            "in the trials this app cites. Check the amount, and ask your doctor or pharmacist before going on.",
            icon=":material/warning:",
        )
    text = escape_markdown(trial.verdict_text(result))
    if result.status != "ready":
        st.info(text, icon=":material/hourglass:")
    else:
        {"fewer": st.success, "more": st.warning}.get(result.verdict or "", st.info)(text)
        mcols = st.columns(3)
        mcols[0].metric("On − off, episodes per night", f"{result.effect:+.2f}")
        mcols[1].metric("95% interval", f"{result.ci_low:+.2f} to {result.ci_high:+.2f}")
        mcols[2].metric(
            "Exact p-value", f"{result.p_value:.3g}", help=f"Smallest possible: {result.smallest_p:.3g}"
        )
        if result.source == "log":
            st.caption(
                "No set-up: the blocks were found in your journal and their order was not drawn at random, so "
                "the p-value is only a rough guide."
            )
    if result.pair_results:
        st.table(trial.pair_table(result), hide_index=True)
    if result.status != "no_blocks":
        st.caption(
            f"Nights used: {result.nights_used} · left out as wash-out: {result.nights_excluded} · not logged: "
            f"{result.nights_not_logged} · missed doses (no magnesium on an on night): {result.missed_doses} · "
            f"magnesium on an off night: {result.off_schedule} · in pairs not yet complete: {result.nights_pending} "
            f"· outside the trial: {result.nights_outside}. Missed doses and off-schedule nights stay in their "
            "planned block (the comparison is of the plan, as in trials)."
        )
    if not (blind and design is not None):
        st.altair_chart(
            trial_chart(night_blocks(nights, trial.blocks(design) if design else ())),
            width="stretch",
        )
    st.caption(
        "How it is worked out: for each pair, the mean episodes per night in the on block minus the off block, "
        f"leaving out each block's first {WASHOUT} nights; the effect is the mean over pairs, with a 95% t "
        "interval over the pairs; the p-value is the exact randomisation test over every possible order within "
        "the pairs (with few pairs it is more honest than a t-test)."
    )

caveats = (
    "Unblinded: you knew which blocks were on, and expecting help can make nights better."
    if not blind
    else "Blinded by a partner: the person did not know which blocks were on.",
    "Carry-over: an effect may outlast the wash-out nights, which makes on and off look more alike.",
    "One person: the result is about you, in these weeks; it says nothing about others.",
    "Symptoms change over time on their own (the natural course): the alternating, random order is what "
    "protects the comparison from that — not the number of nights.",
    "A result is fewer, no clear difference or more episodes — never proof that magnesium works or cured "
    "anything.",
)
st.markdown("**Read the result with care**\n\n" + "\n".join(f"- {escape_markdown(c)}" for c in caveats))

red_flags.show()
checked = st.checkbox(
    "I have read these warning signs and none of them applies to me", key="trial_flags_checked"
)

# ---------------------------------------------------------------- 4. take it with you
st.subheader("4. Take it to your doctor or pharmacist")
if result is None or result.status == "no_blocks":
    st.info(
        "The summary and the result file appear once there are nights to analyse.",
        icon=":material/description:",
    )
else:
    plan_facts = st.session_state.get(journal_store.PLAN_FOR_TRIAL)
    facts = trial.SummaryFacts(
        plan_lines=tuple(plan_facts[1]) if plan_facts is not None else (),
        medicine_lines=tuple(plan_facts[2]) if plan_facts is not None else (),
        red_flags=red_flags.symptoms(),
        red_flags_checked=bool(checked),
        caveats=caveats,
        references=tuple(citations(data, "frusso-1999;woodfield-2005;app-trial-design")),
    )
    with st.container(horizontal=True, gap="medium"):
        st.download_button(
            "Summary for a clinician (printable page)",
            data=trial.summary_html(result, design, nights, facts, created=_today()).encode("utf-8"),
            file_name="trial-summary.html",
            mime="text/html",
            key="trial_summary",
            icon=":material/print:",
        )
        st.download_button(
            "Result (trial-result.json)",
            data=trial.result_json(result, design),
            file_name="trial-result.json",
            mime="application/json",
            key="trial_json",
            icon=":material/data_object:",
        )
    st.caption(
        "The summary opens in your browser: print it or save it as PDF from the browser's print menu. It holds "
        "your plan, medicines and spacing (from the Dose plan page in this tab), the warning signs, the nights' "
        "chart and the result."
    )

magui.footer()
