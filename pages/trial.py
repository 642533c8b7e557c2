"""/trial — an on/off trial (n-of-1): randomised blocks, the nights' result, a clinician's summary.

The set-up (seed, pairs, block length, start, blinded view) travels in the link; the nights
never do: they come from the journal of this browser tab (/journal) or a file uploaded here.
The dose of the on-blocks is the plan /schedule shows in this tab, or none: this page never
suggests a dose, and offers no calendar without a plan.
"""

import secrets

import streamlit as st

import magui
from maglib import journal, trial
from maglib import safety as safe
from maglib.calendar_export import (
    CHECK_AFTER_IMPORT,
    off_block_words,
    replaces_plan_calendar,
    trial_ics_bytes,
)
from maglib.charts.trial import night_blocks, trial_chart
from maglib.links import escape_markdown
from maglib.provenance import citations
from maglib.schedule import evidence_claims, plan_end
from magui import clock, journal_store, red_flags
from magui.evidence import source_line
from magui.profile import remember_link_profile, remembered_profile

P = {p.key: p for p in trial.PARAMS}
REDRAW = "trial_redraw_pending"  # "Draw a new order" asks once before replacing a drawn order
NOTICE = "trial_notice"

magui.page_setup("trial", trial.PARAMS)
# A /trial link's own age and pregnancy answer are the visit's (re-review, 2026-12-06: a pregnant
# person's /trial link drew blocks, its stage unread), as /compare's are.
remember_link_profile()
data = magui.dataset()


def guidance_label(key: str) -> str:
    return str(data.guidance.loc[data.guidance["key"] == key, "label"].iloc[0])


def _sentence(text: str) -> str:
    """The text with its first letter as a capital (a clause of a data label, shown as a sentence)."""
    return text[:1].upper() + text[1:]


def cited(*keys: str) -> str:
    """The sources of guidance rows, as one caption line."""
    ids = ";".join(str(data.guidance.loc[data.guidance["key"] == k, "source_ids"].iloc[0]) for k in keys)
    return "Sources: " + source_line(ids)


WASHOUT = int(data.guidance_value("trial_washout_nights"))
ALPHA = float(data.guidance_value("trial_alpha"))
#: data/safety_rules.csv: more episodes on magnesium in more than this share of pairs → a pharmacist.
WORSE_SHARE = float(data.safety_rules.set_index("rule_id").loc["trial_worse_pairs_share", "value"])
MIN_WEEKS = int(data.guidance_value("min_trial_weeks"))


def _draw() -> None:
    """A fresh random order (seed), and a start if none is set: today, or once the tab's dose plan
    has been taken for the guidance's minimum weeks."""
    st.session_state.pop(REDRAW, None)
    st.session_state["trial_seed"] = trial.SEED_MIN + secrets.randbelow(trial.SEED_MAX - trial.SEED_MIN + 1)
    if not st.session_state.get("trial_start"):
        facts = journal_store.current_plan()
        plan_start = facts.plan.start if facts is not None else None
        st.session_state["trial_start"] = trial.default_start(
            clock.today(), plan_start, MIN_WEEKS
        ).isoformat()


st.title("On/off trial: does magnesium help *you*?")
st.write(
    "Comparing nights before and after you start is weak evidence: in the crossover trial of magnesium for "
    "night cramps, people improved over time **whatever they took** — symptoms come and go, bad weeks are "
    "followed by better ones, and expecting help helps. An **on/off trial** (an n-of-1 trial) alternates "
    "blocks with and without magnesium, in pairs, in an order drawn at random, and compares your own blocks "
    "with each other. It has been used for leg cramps with quinine: three pairs of 4-week blocks per person, "
    "with a nightly diary."
)
with st.expander("Sources: Frusso 1999 (magnesium crossover trial), Woodfield 2005 (quinine n-of-1 trials)"):
    st.caption(source_line("frusso-1999;woodfield-2005"))
your_trial = st.container()  # filled below: a shared link shows its trial first

# ---------------------------------------------------------------- 1. set up
seed_in_link = bool(st.session_state.get("trial_seed"))
with st.expander(
    "1. Set up the trial" if not seed_in_link else "1. The set-up (change it)",
    expanded=not seed_in_link,
    key="trial_setup",
):
    cols = st.columns(3)
    with cols[0]:
        pairs = magui.bound(P["trial_pairs"], "Pairs of blocks (one on, one off)")
    with cols[1]:
        days = int(magui.bound(P["trial_days"], "Nights per block", widget="radio", horizontal=True))
    with cols[2]:
        start_text = magui.bound(P["trial_start"], "First night (YYYY-MM-DD; set when you draw the order)")
    if start_text and trial.parse_start(start_text) is None:
        # Beside the field (keyboard review, 2026-12-05: said only far up the page, as a broken link).
        st.error(
            f"“{escape_markdown(start_text)}” is not a date from {trial.START_MIN:%Y} to {trial.START_MAX:%Y}: "
            "type the first night as YYYY-MM-DD, for example "
            f"{clock.today():%Y-%m-%d}.",
            icon=":material/event_busy:",
        )
    needed = trial.pairs_needed(ALPHA)
    least_p = trial.smallest_p(pairs)
    st.markdown(
        # In words before the statistic (phone review, 2026-12-05: "the smallest p-value the exact test
        # can give" meant nothing to the person running the trial).
        f"- **How many pairs.** With {pairs} pairs, even if magnesium wins every pair, chance alone would "
        f"give a result that clear about **1 time in {round(1 / least_p)}** (p = {least_p:.3g}, the smallest "
        f"the exact test can give). A clear difference needs less than 1 in {round(1 / ALPHA)} "
        f"(p ≤ {ALPHA:g}): {pairs} pairs "
        f"{'can reach it' if least_p <= ALPHA else 'cannot, so they can show a trend only'}; {needed} or more "
        "pairs can. More pairs also narrow the interval.\n"
        f"- **Block length.** {escape_markdown(guidance_label('trial_default_block_days'))}.\n"
        # The data's own words (they said the first sentence again after the page's: phone review,
        # 2026-12-03), with their first letter raised.
        f"- **Wash-out.** {escape_markdown(_sentence(guidance_label('trial_washout_nights').split(': ', 1)[-1]))}. "
        "Keep logging them.\n"
        f"- **When.** {escape_markdown(guidance_label('min_trial_weeks'))}: start the trial once you have taken "
        f"your plan's dose for {MIN_WEEKS} weeks, so the on-blocks test the dose you settled on.\n"
        # True blinded or not (clinician review, 2026-12-05: "You will know …" beside Blinded switched on).
        "- **Unblinded, you know which blocks are which**, so expecting help can still colour the result. "
        "The blinded way is below.\n"
        "- **Ask first** if a doctor prescribed your magnesium (for example for a low blood magnesium level), if "
        "your dose plan needed the agreement of the doctor who prescribes one of your medicines, or if you are "
        "under 18, pregnant or breastfeeding: off-blocks stop it and on-blocks start it again, and that is their "
        "call. **No trial "
        "with kidney disease** unless your kidney doctor advises it: the on-blocks are magnesium supplements."
    )
    st.caption(
        cited("trial_default_pairs", "trial_default_block_days", "trial_washout_nights", "min_trial_weeks")
    )
    seed = magui.bound(P["trial_seed"], "Order code (seed): the same code always gives the same order")
    if not seed:
        st.button("Draw the order at random", key="trial_draw", icon=":material/casino:", on_click=_draw)
    elif st.session_state.get(REDRAW):
        st.warning(
            "**A new order replaces this one.** Nights you already logged would then be compared with blocks "
            "you did not follow. Draw a new order only before the trial starts."
        )
        with st.container(horizontal=True):
            st.button("Yes, draw a new order", key="trial_redraw_yes", on_click=_draw)
            st.button(
                "Keep this order", key="trial_keep", on_click=lambda: st.session_state.pop(REDRAW, None)
            )
    else:
        st.button(
            "Draw a new order…",
            # The key of "Draw the order at random", in its place: the same button to the browser, so
            # the keyboard's focus stays on it after the draw (keyboard review, 2026-12-04: a new
            # button sent the focus back to the top of the page).
            key="trial_draw",
            icon=":material/casino:",
            on_click=lambda: st.session_state.__setitem__(REDRAW, True),
        )
blind = magui.bound(P["trial_blind"], "Blinded: hide the order on this screen", widget="toggle")
with st.expander("How to run it blinded (a partner fills a pill organiser)"):
    st.markdown(
        "1. Your partner opens this page on **their** phone, draws the order, and keeps the link (it holds "
        "the code).\n"
        "2. Each week they fill a weekly pill organiser: your dose on on-nights, an empty look-alike capsule "
        "(empty gelatin capsules are sold in pharmacies) on off-nights — never an empty slot, which would "
        "tell you the night is off.\n"
        "3. You switch on **Blinded** here: the order, the counts and the result stay hidden until the last "
        "night, and your calendar reminds you at your plan's dose times to take that dose's capsule, "
        "without saying which nights are on. Log every night in the journal with the magnesium column as your "
        "plan's dose and “blinded trial” in its note, so anyone who reads the journal later knows that column "
        "is the capsule, not what it held.\n"
        "4. At the end, the result uses the planned order (the journal's magnesium column is not used)."
    )

start = trial.parse_start(start_text)
design: trial.Design | None = None
if seed and start is not None:
    design = trial.Design(seed, pairs, days, start, WASHOUT, blind=bool(blind))
st.session_state[journal_store.TRIAL_DESIGN] = design  # for /schedule in this tab
plan_facts: journal_store.PlanForTrial | None = journal_store.current_plan()
#: Rule answers_checked_first: the Dose plan page has not run with the answers as they are now (one changed
#: there and another page opened in the same step, or About you changed since): what it said before may be
#: out of date, so only this is said.
UNCHECKED = journal_store.answers_unchecked()
#: The medicines whose prescriber the Dose plan page waits for (none once they agreed), and whether it
#: offers that tick now.
WAITING = journal_store.waiting() if plan_facts is None and not UNCHECKED else journal_store.Waiting()
WAITS = WAITING.names
#: Without a plan: what the Dose plan page was told, and why it stopped (for the clinician's summary).
NO_PLAN = journal_store.no_plan_answers() if plan_facts is None else None
#: No trial's blocks while the Dose plan page says none (adversarial review, 2026-12-05: "No on/off trial
#: until …" stood above a drawn trial whose first block, tonight, was On).
KIDNEY_STOP = not UNCHECKED and st.session_state.get(journal_store.KIDNEY) is True
visit = remembered_profile()
#: From 75 with no plan in this tab (rule kidney_check_prompt_age; GP review, 2026-12-05: an 81-year-old
#: without a kidney test was shown "Your trial … On" from tonight).
#: Or while the Dose plan page waits for a kidney test's answer for a blood-pressure medicine (rule
#: kidney_check_medicine).
TEST_FOR = journal_store.kidney_test_waits()
TEST_AWAITED = not (KIDNEY_STOP or UNCHECKED) and safe.kidney_test_awaited(
    visit.age_years if visit is not None else None,
    plan_facts is not None,
    journal_store.rule_book(),
    TEST_FOR,
)
#: On a midwife's or doctor's dose (pregnant, breastfeeding, under 18): no blocks (rule
#: clinician_dose_no_trial), plan or none.
STAGE_STOP = safe.no_trial_stage_words(
    visit.life_stage if visit is not None else None,
    visit.age_years if visit is not None else None,
    journal_store.rule_book(),
)
#: Rule combination_box_read: while the Dose plan page waits for a combination's box (re-review, session 53:
#: a trial was drawn meanwhile).
BOX_STOP = plan_facts is None and not UNCHECKED and journal_store.boxes_unread()
# Rule unknown_medicine_checked: likewise while a medicine the app does not know waits to be checked.
UNKNOWN_STOP = plan_facts is None and not UNCHECKED and not BOX_STOP and journal_store.unknown_unchecked()
BLOCKED = (
    UNCHECKED
    or KIDNEY_STOP
    or TEST_AWAITED
    or bool(WAITS)
    or STAGE_STOP is not None
    or BOX_STOP
    or UNKNOWN_STOP
)
# More episodes on a clinician's dose go back to that clinician (pharmacist review, 2026-12-05).
advised_by = plan_facts.plan.advised_by if plan_facts else ""
#: Whose agreement the plan rests on (a medicine's prescriber), or the one it waits for: more episodes
#: go back to them.
PRESCRIBER = plan_facts.plan.prescriber if plan_facts else safe.prescriber_words(WAITS)
# Without such a plan, the clinician of a pregnant or breastfeeding person's profile (adversarial review,
# 2026-12-05: an uploaded journal's worse trial sent her to "your pharmacist or doctor").
clinician = (
    safe.clinician_words(visit.life_stage)
    if not advised_by and visit is not None and visit.life_stage != "general"
    else ""
)

with your_trial:
    if UNCHECKED:
        st.error(safe.NO_TRIAL_UNCHECKED_WORDS, icon=":material/block:")
        st.caption("Sources: " + source_line(journal_store.rule_book().cite("answers_checked_first")))
    if KIDNEY_STOP:
        # Rule kidney_no_plan (pharmacist review, 2026-12-04: a kidney patient got a green "Your trial").
        st.error(
            "**You said on the Dose plan page that you have kidney disease or reduced kidney function, or "
            "that you are not sure how well your kidneys work.** Kidneys that do not work well cannot clear "
            "extra magnesium: no on/off trial unless a doctor who knows your kidneys advises one.",
            icon=":material/block:",
        )
    elif TEST_AWAITED:
        st.error(
            safe.no_trial_kidney_test_words(
                visit.age_years if visit is not None else None, journal_store.rule_book(), TEST_FOR
            ),
            icon=":material/block:",
        )
    if WAITS and not KIDNEY_STOP:
        # Beside the kidney test's words too: /schedule asks both at the same visit (rule prescriber_asks).
        # Rules doctor_medicine_confirm, digoxin_prescriber_confirm, statin_prescriber_confirm (clinician
        # review, 2026-12-05: a trial was drawn, on-blocks from tonight, while the plan waited for the
        # digoxin prescriber).
        # The app's own medicine class names (interactions.csv), as the Dose plan page shows its notes.
        st.error(safe.no_trial_words(WAITS, WAITING.can_tick), icon=":material/block:")
    if BOX_STOP and not KIDNEY_STOP:
        st.error(safe.NO_TRIAL_BOX_WORDS, icon=":material/block:")
        st.caption("Sources: " + source_line(journal_store.rule_book().cite("combination_box_read")))
    if UNKNOWN_STOP and not KIDNEY_STOP:
        st.error(safe.NO_TRIAL_UNKNOWN_WORDS, icon=":material/block:")
        st.caption("Sources: " + source_line(journal_store.rule_book().cite("unknown_medicine_checked")))
    if STAGE_STOP is not None:
        st.error(STAGE_STOP, icon=":material/block:")
        st.caption("Sources: " + source_line(journal_store.rule_book().cite("clinician_dose_no_trial")))
    if BLOCKED and design is not None:
        st.info(
            f"The order is drawn (code {seed}), but no blocks or trial calendar are shown "
            + (
                "on a dose a midwife or doctor advises."
                if STAGE_STOP is not None
                and not (UNCHECKED or KIDNEY_STOP or TEST_AWAITED or WAITS or BOX_STOP or UNKNOWN_STOP)
                else "until the Dose plan page has checked your answers."
                if UNCHECKED
                else "while the Dose plan page makes no plan for you."
            ),
            icon=":material/block:",
        )
    if seed and start is None:
        st.warning(
            f"“{escape_markdown(start_text)}” is not a date from {trial.START_MIN:%Y} to {trial.START_MAX:%Y}: "
            "the trial needs its first night as YYYY-MM-DD."
            if start_text
            else "The trial needs its first night: enter it in the set-up below."
        )
    if design is None and not seed:
        st.info(
            "Draw the order in the set-up below to start — or skip it: a journal whose nights already alternate "
            "in whole blocks (with and without magnesium) is analysed below without a set-up.",
            icon=":material/casino:",
        )
    if design is not None and not BLOCKED:
        st.success(
            f"**Your trial:** {pairs} pairs of {days}-night blocks, {design.start:%A %d %B %Y} to "
            f"{trial.end_date(design):%A %d %B %Y} (code {seed}).",
            icon=":material/event_available:",
        )
        if plan_facts is not None:
            early = trial.early_start_note(design.start, plan_facts.plan.start, MIN_WEEKS)
            if early:
                st.warning(early, icon=":material/event_upcoming:")
            past = trial.past_plan_note(
                design,
                plan_end(plan_facts.plan.start, plan_facts.plan.weeks),
                clock.today(),
                plan_facts.plan.prescriber or "your doctor or pharmacist",
            )
            if past:
                st.warning(past, icon=":material/event_busy:")
            st.markdown(
                "**On-blocks: your plan's dose** (from the Dose plan page): "
                + escape_markdown(" ".join(plan_facts.plan_lines))
                + f"  \n**Off-blocks:** {escape_markdown(off_block_words(plan_facts.plan))}."
            )
        else:
            st.warning(
                # The way forward first (phone review, 2026-12-03: "not for you" read as a verdict to
                # someone who had only not opened the Dose plan page in this tab yet).
                (
                    "**The dose plan in this tab was made for another age, sex, pregnancy answer or "
                    "reference values** than the ones given since on another page. Open the Dose plan page "
                    "again to make one for the answers now. "
                    if journal_store.plan_is_stale()
                    else "**No dose plan from the Dose plan page in this tab.** Make one there (in this tab: a "
                    "link or another tab does not carry it). "
                )
                + "If that page gives no plan for you, an on/off trial is not for you without your doctor. This "
                "page never suggests a dose of its own; the trial calendar comes with a plan.",
                icon=":material/event_busy:",
            )
        st.page_link("pages/schedule.py", label="Dose plan", icon=":material/event:")
        if blind:
            st.info("Blinded: the order is hidden on this screen.", icon=":material/visibility_off:")
        else:
            # Its headings' words whole (magui.layout's CSS for "trial_blocks"; new-user review, session 65).
            st.container(key="trial_blocks").table(trial.block_table(design), hide_index=True)
        if plan_facts is not None:
            # The plan's mg per unit still the Dose plan page's starting value (phone review, session 59).
            label_waits = plan_facts.label_unchecked and not plan_facts.from_link_tick
            # Doses on a phone: not while the plan's safety tick is the one a shared link brought.
            files_wait = label_waits or not safe.dose_calendar_allowed(plan_facts.from_link_tick)
            st.download_button(
                # The reason in the label: a phone shows no tooltip (pharmacist review, session 61).
                "Trial calendar: first tick the Dose plan page's safety box yourself"
                if plan_facts.from_link_tick
                else "Trial calendar: first enter or confirm your label's mg on the Dose plan page"
                if label_waits
                else "Trial calendar (.ics)",
                data=magui.download_data(
                    files_wait,
                    lambda: trial_ics_bytes(
                        design,
                        plan_facts.plan,
                        # The page's full address where the browser gave it (input review, 2026-12-05: a
                        # bare "trial?…" in a calendar cannot be opened).
                        link=f"{st.context.url or 'trial'}?{trial.link_query(design)}",
                        cautions=plan_facts.cautions,
                    ),
                ),
                file_name="magnesium-trial.ics",
                mime="text/calendar",
                key="trial_ics",
                icon=":material/calendar_month:",
                disabled=files_wait,
                help=(
                    "The Dose plan page's safety tick came with the link you opened: answer its questions "
                    "and read its red flags for yourself, then untick and tick the box there."
                    if plan_facts.from_link_tick
                    else None
                ),
            )
            st.caption(f"**{replaces_plan_calendar(design.start)}** {CHECK_AFTER_IMPORT}")

# ---------------------------------------------------------------- 2. your nights
st.header("2. Your nights")
st.markdown(
    "Log each night on the Journal page; a night counts as on when its magnesium is above 0 mg"
    + (
        " (blinded: log your plan's dose every night)."
        if blind
        else ". **On off-nights, set the magnesium to 0** when you add the night (opened from the Dose plan page's "
        "link once the plan has begun, the Journal fills in the plan's dose; check it each night)."
    )
    + " The nights stay in this browser tab and are never put in the link: **download the journal after each "
    "entry**, and upload it here at the end."
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
        st.session_state[NOTICE] = ("error", journal.upload_error_markdown(upload.name, exc))
    else:
        journal_store.replace_with_upload(
            loaded, ("success", journal.upload_loaded_markdown(upload.name, len(loaded)))
        )
notice = st.session_state.get(NOTICE)
if notice:
    {"error": st.error, "warning": st.warning}.get(notice[0], st.success)(notice[1])
journal_store.undo_upload_button()

nights = journal_store.nights()
if st.session_state.get(journal_store.EXAMPLE):
    st.warning("The journal in this tab is the made-up example, not real nights.", icon=":material/science:")

# ---------------------------------------------------------------- 3. result
st.header("3. What your nights show")
result: trial.TrialResult | None = None
hidden = design is not None and trial.hidden_until_end(design, nights)
# Safety first, blinded or not (the count of nights above the limit tells nothing of the result):
# a logged dose above the person's own limit, as on /journal (pharmacist review, 2026-12-04).
dose_check = journal_store.dose_check()
high = journal.high_dose_warning(nights, dose_check.limit_mg, dose_check.words)
if high:
    (st.error if dose_check.level == "error" else st.warning)(high, icon=":material/warning:")
if nights.empty:
    st.info(
        "No nights yet: log them on the Journal page, or upload your journal above.",
        icon=":material/hourglass:",
    )
elif hidden:
    assert design is not None
    st.info(
        f"Blinded: the result, the counts and the chart stay hidden until your journal reaches the trial's last "
        f"night ({trial.end_date(design):%d %B %Y}), so they cannot tell you which block you are in.",
        icon=":material/visibility_off:",
    )
else:
    result = (
        trial.analyse_planned(nights, design, ALPHA, WORSE_SHARE)
        if design
        else trial.analyse_logged(nights, WASHOUT, ALPHA, WORSE_SHARE)
    )
    if trial.log_disagrees(result):
        st.warning(
            "**Your log does not follow this order:** on more than half of the trial's nights, the magnesium you "
            "logged does not match the planned block. Check the code and the first night (a new draw or another "
            "link changes them).",
            icon=":material/rule:",
        )
    text = escape_markdown(trial.verdict_text(result, advised_by, clinician, PRESCRIBER))
    if result.status != "ready":
        st.info(text, icon=":material/hourglass:")
    else:
        worse = result.verdict == "more" or result.harm_signal
        (st.warning if worse else st.success if result.verdict == "fewer" else st.info)(text)
        mcols = st.columns(2)
        mcols[0].metric("On − off, episodes per night", f"{result.effect:+.2f}")
        mcols[1].metric(
            "Exact p-value", f"{result.p_value:.3g}", help=f"Smallest possible: {result.smallest_p:.3g}"
        )
    if result.source == "log" and result.status != "no_blocks":
        # Whether or not a result is ready (clinician review, 2026-12-04: a journal's one stretch off
        # then on showed as "Pair 1" in an order nobody drew, with this said only once a result was ready).
        st.caption(
            "No set-up: these blocks were found in your journal; their order was not drawn at random, so "
            "this is not a randomised on/off trial and any p-value is only a rough guide. One stretch "
            "without magnesium and then one with it is a before/after comparison (the Journal page makes "
            "that one), not a trial."
        )
    if result.pair_results:
        st.table(trial.pair_table(result), hide_index=True)
    if result.status != "no_blocks":
        adherence = (
            f"missed doses (no magnesium on an on-night): {result.missed_doses} · magnesium on an off-night: "
            f"{result.off_schedule}"
            if result.missed_doses is not None
            else "doses not checked against the order (blinded)"
        )
        st.caption(
            f"Nights used: {result.nights_used} · left out as wash-out: {result.nights_excluded} · not logged: "
            f"{result.nights_not_logged} · {adherence} · in pairs not yet complete: {result.nights_pending} · "
            f"outside the trial: {result.nights_outside}. A night counts in its planned block whatever was "
            "taken (as in trials)."
        )
    st.altair_chart(
        trial_chart(night_blocks(nights, trial.blocks(design) if design else ())), width="stretch"
    )
    st.caption(
        "How it is worked out: for each pair, the mean episodes per night in the on-block minus the off-block, "
        f"leaving out each block's first {WASHOUT} nights; the effect is the mean over pairs; the p-value is the "
        "exact randomisation test over every possible order within the pairs (with few pairs it is more honest "
        "than a t-test), and the verdict rests on it."
    )

caveats = trial.caveats(blind)
st.markdown("**Read the result with care**\n\n" + "\n".join(f"- {escape_markdown(c)}" for c in caveats))

# ---------------------------------------------------------------- 4. take it with you
st.header("4. Take it to your doctor or pharmacist")
red_flags.show()
checked = st.checkbox(
    "I have read these warning signs and none of them applies to me", key="trial_flags_checked"
)
if result is None or result.status == "no_blocks":
    st.info(
        "The summary and the result file appear once there are nights to analyse.",
        icon=":material/description:",
    )
else:
    evidence_lines, evidence_sources = trial.summary_evidence(evidence_claims(data.evidence))
    facts = trial.SummaryFacts(
        plan_lines=(*plan_facts.plan_lines, *plan_facts.summary_lines)
        if plan_facts
        else (safe.UNCHECKED_SUMMARY_WORDS,)
        if UNCHECKED
        else trial.no_plan_lines(
            NO_PLAN.reasons, safe.prescriber_words(WAITS, whose="their") if WAITING.can_tick else ""
        )
        if NO_PLAN
        else (),
        medicine_lines=plan_facts.medicine_lines
        if plan_facts
        else (safe.UNCHECKED_SUMMARY_WORDS,)
        if UNCHECKED
        else NO_PLAN.medicine_lines
        if NO_PLAN
        else (),
        red_flags=red_flags.symptoms(visit),
        # Ticked here, or by the person on the Dose plan page (its tick says that no red flag applies;
        # phone review, 2026-12-05: the summary said "not yet confirmed" after that tick), never by a link.
        red_flags_checked=bool(checked)
        or (plan_facts is not None and not plan_facts.from_link_tick)
        or (NO_PLAN is not None and NO_PLAN.own_tick),
        example=bool(st.session_state.get(journal_store.EXAMPLE)),
        caveats=trial.caveats(blind, for_clinician=True),
        # The group trials beside the one person's result, in the evidence rows' own words (GP review,
        # 2026-12-05: the summary did not say what the Cochrane review found).
        evidence_lines=evidence_lines,
        references=tuple(citations(data, evidence_sources)),
        person_lines=plan_facts.person_lines if plan_facts else NO_PLAN.person_lines if NO_PLAN else (),
        spacing_lines=plan_facts.spacing_lines if plan_facts else (),
        advised_by=advised_by,
        clinician=clinician,
        prescriber=PRESCRIBER,
        cautions=plan_facts.cautions if plan_facts else (),
        design_notes=tuple(
            note
            for note in (
                trial.past_plan_fact(design, plan_end(plan_facts.plan.start, plan_facts.plan.weeks))
                if plan_facts is not None and design is not None
                else None,
            )
            if note
        ),
    )
    with st.container(horizontal=True, gap="medium"):
        st.download_button(
            "Summary for a clinician (printable page)",
            data=trial.summary_html(result, design, nights, facts, created=clock.today()).encode("utf-8"),
            file_name="trial-summary.html",
            mime="text/html",
            key="trial_summary",
            icon=":material/print:",
        )
        st.download_button(
            "Result (trial-result.json)",
            data=trial.result_json(
                result, design, trial.verdict_text(result, advised_by, clinician, PRESCRIBER)
            ),
            file_name="trial-result.json",
            mime="application/json",
            key="trial_json",
            icon=":material/data_object:",
        )
    st.caption(
        "The summary downloads as a page (trial-summary.html): open it in your browser to print it, or save it "
        "as a PDF from the browser's print menu. It holds "
        "your plan, medicines and spacing (from the Dose plan page in this tab), the warning signs, the nights' "
        "chart and the result."
    )

magui.footer(nights="send the journal's CSV, or the **Summary for a clinician** once there are nights.")
