"""Home: what the app is for, the tools, and the safety notice."""

import streamlit as st

import magui

magui.page_setup("home")

st.title("Magnesium for leg twitches and cramps")
st.write(
    "Twitching or cramping legs, often at night? This app helps you decide whether magnesium "
    "is worth trying, which form to buy, whether your food already covers you, how to take it "
    "safely around your medicines — and whether it worked. Every view is a link you can share "
    "with a partner or your clinician.\n\n"
    "**New here?** Read *Before you start* below, then go in order: **1. Diet** (does your food "
    "already cover you?), **2. Forms** (compare them: what to buy), **3. Dose plan** (how to take it, "
    "around your medicines), **4. Journal** (log your nights from a week before you start, to see "
    "whether anything changed). Already taking it? **5. On/off trial** compares nights on and off "
    "magnesium in a random order: firmer than before and after, with enough pairs of blocks (the page says "
    "how many: the default 3 pairs show a trend only)."
)

# The evidence first, before the tools (phone review, session 57: at 390 px it was on the third screen,
# under the five cards and the safety notice).
st.info(
    "The evidence is honest here: a Cochrane review found magnesium **unlikely to prevent "
    "ordinary night cramps in older adults**, and **no trial of magnesium for muscle twitching was "
    "found** (the trials of magnesium for symptoms cited here are on cramps, restless legs or sleep). Some people still "
    "try it for a few weeks; the journal helps you judge your own result.",
    icon=":material/science:",
)
magui.cited_claim("mg-fasciculation-no-trial")

cols = st.columns(5)
# In the order a first visit takes them (phone review: four equal cards gave no place to start).
tools = [
    ("pages/diet.py", "1. Diet", "How much magnesium your food gives, against your own RDA."),
    (
        "pages/compare.py",
        "2. Forms",  # five cards in a row: "2. Compare forms" was cut on a laptop
        "Glycinate, citrate, oxide…: absorption, stomach, cost per mg, evidence.",
    ),
    (
        "pages/schedule.py",
        "3. Dose plan",
        "A cautious evening plan (start low, step up only if needed) within your limit, around your medicines.",
    ),
    ("pages/journal.py", "4. Journal", "Log your nights and see whether anything changed."),
    # Phone review, 2026-12-03: the home page never named the trial, the way to an answer for
    # someone who started before logging.
    (
        "pages/trial.py",
        "5. On/off trial",
        "Nights on and off magnesium, in a random order: firmer than before and after, with enough pairs.",
    ),
]
for col, (path, title, text) in zip(cols, tools, strict=True):
    with col, st.container(border=True):
        st.page_link(path, label=title, icon=":material/arrow_forward:")
        st.caption(text)

st.header("Before you start")
st.warning(
    "**This is information, not medical advice.** Talk to a clinician before taking magnesium "
    "if you have **kidney disease** (magnesium can build up to harmful levels), are **pregnant "
    "or breastfeeding**, are choosing for a **child**, or take **any regular medicine**: magnesium "
    "must be kept hours apart from many (some antibiotics, osteoporosis drugs, thyroid hormone, HIV "
    "and hepatitis C medicines, iron, some epilepsy, allergy and cancer medicines), and diuretics "
    "and acid reducers change magnesium levels. The **Dose plan** asks about the medicines this app "
    "knows and spaces the dose around them; ask your pharmacist about any other. "
    "Sudden, severe or one-sided leg pain or swelling needs medical attention, not a supplement.",
    icon=":material/health_and_safety:",
)

magui.footer()
