"""Rule journal_note_signs: a journal note that names a red flag's sign brings that flag forward."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maglib import journal
from maglib.journal import FlagText, note_signs_warning
from maglib.safety import NOTE_SIGN_WORDS, note_signs

from .conftest import dataset

FLAG_IDS = list(dataset().red_flags["flag_id"])
RULES = dict(zip(dataset().safety_rules["rule_id"], dataset().safety_rules["value"], strict=True))
MINUTES = float(RULES["long_cramp_minutes"])
NIGHTS = int(RULES["journal_note_signs"])


@pytest.mark.parametrize(
    ("note", "flag"),
    [
        ("Her face dropped on one side", "stroke-signs"),
        ("slurred speech for a minute", "stroke-signs"),
        ("numb arm this morning", "numbness-tingling"),
        ("pins and needles in my feet", "numbness-tingling"),
        ("tingling round my mouth", "heartbeat-mouth-tingling"),
        ("legs felt weak on the stairs", "weakness-rapid"),
        ("twitching and weakness in the hand", "twitching-with-weakness"),
        ("couldn't grip the kettle", "weakness-wasting"),
        ("left calf swollen", "one-sided-calf"),
        ("calf is red and hot", "one-sided-calf"),
        ("ankles swelling", "legs-swelling"),
        ("my leg went cold and pale", "sudden-cold-leg"),
        ("couldn't move my foot", "sudden-cold-leg"),
        ("calf pain when I walk to the shop", "leg-pain-walking"),
        ("cramps since the new statin", "statin-cramps"),
        ("muscles ache, on Lipitor", "statin-muscle"),
        ("dark urine today", "dark-urine-muscle"),
        ("pee was brown like cola", "dark-urine-muscle"),
        ("palpitations at 3am", "heartbeat-mouth-tingling"),
        ("heart was racing after the cramp", "heartbeat-mouth-tingling"),
        ("short of breath", "heartbeat-mouth-tingling"),
        ("felt dizzy", "heartbeat-mouth-tingling"),
        ("cut my hand on a rusty nail", "cramp-after-wound-or-poison"),
        ("cramp lasted 20 minutes", "cramp-over-10-minutes"),
        ("calf cramp 15-20 mins", "cramp-over-10-minutes"),
        ("cramp for an hour", "cramp-over-10-minutes"),
        ("cramps all night", "cramp-over-10-minutes"),
        ("cramp, lasted 1.5 hours", "cramp-over-10-minutes"),
        ("cramp lasted 10.5 min", "cramp-over-10-minutes"),
        ("slept badly. cramp lasted 20 minutes", "cramp-over-10-minutes"),  # the sleep is another sentence
        ("slept badly; then a cramp for 40 min", "cramp-over-10-minutes"),
        ("can’t keep my legs still", "restless-legs"),
        ("restless legs again", "restless-legs"),
        ("bad headache and blurry vision", "pregnancy-pre-eclampsia"),
        ("limping since Tuesday", "child-limp-joint"),
        ("started a new water tablet", "medicine-cramps"),
        ("on nifedipine now", "medicine-cramps"),
        # The pharmacist's review of the first version (session 59): each of these was missed.
        ("face and hands puffy", "pregnancy-pre-eclampsia"),
        ("hands and face swollen suddenly", "pregnancy-pre-eclampsia"),
        ("pain under my ribs", "pregnancy-pre-eclampsia"),
        ("threw up twice", "pregnancy-pre-eclampsia"),
        ("palps again", "heartbeat-mouth-tingling"),
        ("palpatations", "heartbeat-mouth-tingling"),
        ("SOB on the stairs", "heartbeat-mouth-tingling"),
        ("chest tightness", "heartbeat-mouth-tingling"),
        ("chest felt tight", "heartbeat-mouth-tingling"),
        ("chest hurts", "heartbeat-mouth-tingling"),
        ("heart beating really fast", "heartbeat-mouth-tingling"),
        ("fast heartbeat", "heartbeat-mouth-tingling"),
        ("pulse racing", "heartbeat-mouth-tingling"),
        ("passed out in the kitchen", "heartbeat-mouth-tingling"),
        ("blacked out", "heartbeat-mouth-tingling"),
        ("collapsed", "heartbeat-mouth-tingling"),
        ("lightheaded", "heartbeat-mouth-tingling"),
        ("DVT?", "one-sided-calf"),
        ("worried its a DVT", "one-sided-calf"),
        ("calf swolen", "one-sided-calf"),
        ("calf tender, hurts to walk", "one-sided-calf"),
        ("calf tender, hurts to walk", "leg-pain-walking"),
        ("sore hot lump behind knee", "one-sided-calf"),
        ("pins & needles", "numbness-tingling"),
        ("pins n needles", "numbness-tingling"),
        ("cant feel my toes", "numbness-tingling"),
        ("can\u2019t feel my toes", "numbness-tingling"),  # a phone's curly apostrophe
        ("slept all night, then a cramp for an hour", "cramp-over-10-minutes"),  # the first time is sleep's
        ("cramp 3 hours after dinner, lasted 20 minutes", "cramp-over-10-minutes"),
        ("couldn't feel my foot", "stroke-signs"),
        ("lost sensation in leg", "numbness-tingling"),
        ("arm felt heavy and useless", "stroke-signs"),
        ("words came out wrong", "stroke-signs"),
        ("legs gave way", "weakness-rapid"),
        ("dropped my cup", "weakness-wasting"),
        ("cramp over 10 minutes", "cramp-over-10-minutes"),
        ("cramp lasted over 10 mins", "cramp-over-10-minutes"),
        ("cramp 10+ min", "cramp-over-10-minutes"),
        ("cramp lasted twenty minutes", "cramp-over-10-minutes"),
        ("cramp lasted ages", "cramp-over-10-minutes"),
        ("cramp lasted 20 mins then couldn't sleep", "cramp-over-10-minutes"),
        ("woke with cramp. 20 minutes of agony", "cramp-over-10-minutes"),
        ("brown urine", "dark-urine-muscle"),
        ("peeing brown", "dark-urine-muscle"),
        ("urine looked like coca cola", "dark-urine-muscle"),
        ("coke coloured pee", "dark-urine-muscle"),
        ("new meds from GP", "medicine-cramps"),
        ("started ramipril", "medicine-cramps"),
        ("started on bendroflumethiazide", "medicine-cramps"),
        ("water pills", "medicine-cramps"),
        ("on HCTZ", "medicine-cramps"),
        ("lasix dose up", "medicine-cramps"),
        ("albuterol inhaler", "medicine-cramps"),
        ("RLS bad", "restless-legs"),
        ("legs wouldnt keep still", "restless-legs"),
        ("not sure but calf swollen", "one-sided-calf"),  # "not sure" does not deny the swelling
        # The adversarial re-review (session 59): each of these was missed.
        ("no cramps calf swollen", "one-sided-calf"),
        ("no cramps palpitations", "heartbeat-mouth-tingling"),
        ("no sleep heart racing", "heartbeat-mouth-tingling"),
        ("no cramps just tingling", "numbness-tingling"),
        ("no pain just numb", "numbness-tingling"),
        ("calf not swollen just tender", "one-sided-calf"),
        ("never had palpitations like this before", "heartbeat-mouth-tingling"),
        ("didn't notice the swelling till morning", "one-sided-calf"),
        ("hasn't stopped swelling", "one-sided-calf"),
        ("calf swelling better but not gone", "one-sided-calf"),
        ("numbness better but still there", "numbness-tingling"),
        ("leg swollen better than yesterday", "one-sided-calf"),
        ("swelling gone? no, still there", "one-sided-calf"),
        ("cramp lasted twenty five minutes", "cramp-over-10-minutes"),
        ("cramp lasted half hour", "cramp-over-10-minutes"),
        ("trouble speaking", "stroke-signs"),
        ("couldn't find my words", "stroke-signs"),
        # Planning list (session 59): a length written as clock times was not read.
        ("cramp from 2am to 3am", "cramp-over-10-minutes"),
        ("cramp 2-3am", "cramp-over-10-minutes"),
        ("calf cramp 11pm till 1am", "cramp-over-10-minutes"),  # over midnight
        ("cramp 11-1am", "cramp-over-10-minutes"),
        ("cramp 2:10 to 2:40", "cramp-over-10-minutes"),
        ("cramp 2.10-2.30am", "cramp-over-10-minutes"),
        ("cramp 23:50-00:30", "cramp-over-10-minutes"),
        ("cramp 1:00 - 1:11am", "cramp-over-10-minutes"),
        # Re-reviews (session 60): each of these was missed.
        ("calf cramp in bed from 2am to 3am", "cramp-over-10-minutes"),
        ("cramp woke me up 2-3am", "cramp-over-10-minutes"),
        ("cramp from midnight to 1am", "cramp-over-10-minutes"),
        ("cramp from 11pm to midnight", "cramp-over-10-minutes"),
        ("cramp 2am\u20143am", "cramp-over-10-minutes"),  # an em dash
        ("cramp 2am til 3am", "cramp-over-10-minutes"),
        ("cramp 2am through 3am", "cramp-over-10-minutes"),
        ("cramp kept me awake for an hour", "cramp-over-10-minutes"),
        ("cramp kept me up from 2am to 4am", "cramp-over-10-minutes"),
        ("charlie horse for 20 minutes", "cramp-over-10-minutes"),
        ("cramp lasted fifty minutes", "cramp-over-10-minutes"),
        ("cramp lasted thirteen minutes", "cramp-over-10-minutes"),
        ("cramp for a couple of hours", "cramp-over-10-minutes"),
        ("cramps most of the night", "cramp-over-10-minutes"),
        ("cramp 15 mns", "cramp-over-10-minutes"),
        ("leg seized up for 20 minutes", "cramp-over-10-minutes"),
        # Mutation testing (session 60): where the reading of a span stops, and what it reads past.
        ("no cramp till 2am, then a cramp from 2am to 3am", "cramp-over-10-minutes"),  # the second cramp's
        ("cramp at 1am, then another cramp from 2am to 3am", "cramp-over-10-minutes"),
        (
            "cramp woke me right up from 2am to 3am",
            "cramp-over-10-minutes",
        ),  # four words between, "from" aside
        ("cramp in my left calf 2-3am", "cramp-over-10-minutes"),
        ("cramp brief, then another lasted 20 minutes", "cramp-over-10-minutes"),
        ("slept all night, cramp 2-3am", "cramp-over-10-minutes"),  # sleep's length is not the cramp's
        # Planning list (session 61): each of these was missed.
        ("cramp from 2 till 3", "cramp-over-10-minutes"),  # "till": a clock's hours without am/pm
        ("cramp from 11 until 1", "cramp-over-10-minutes"),
        ("cramp from 2 'til 3", "cramp-over-10-minutes"),
        ("cramp 0200-0300", "cramp-over-10-minutes"),  # a 24-hour clock without colons
        ("calf cramp 2330 to 0030", "cramp-over-10-minutes"),
        ("cramp 0200h-0300h", "cramp-over-10-minutes"),
        ("cramp in my left calf 0200-0300", "cramp-over-10-minutes"),  # four words between, as "2-3am"
        ("cramp from 2am to 0300h", "cramp-over-10-minutes"),  # one time of each kind
        ("cramp from 0200h to 3am", "cramp-over-10-minutes"),
        # Its review (session 62): each of these was missed.
        ("cramp 2 till 3", "cramp-over-10-minutes"),  # "till" without "from"
        ("cramp 2 until 3 this morning", "cramp-over-10-minutes"),
        ("cramp from about 2 till 3", "cramp-over-10-minutes"),  # "about" the times, not when it came
        ("cramp from around 2 until 3", "cramp-over-10-minutes"),
        ("cramp 0200 through 0300", "cramp-over-10-minutes"),  # every separator a span may have
        ("cramp 0200 'til 0300", "cramp-over-10-minutes"),
        ("cramp 0200\u22120300", "cramp-over-10-minutes"),
        ("cramp 2400-0100", "cramp-over-10-minutes"),  # midnight as 2400
        ("cramp 2000-2100h", "cramp-over-10-minutes"),  # evening hours, marked as hours
        ("cramp 1900-2000h", "cramp-over-10-minutes"),  # two year-like sides, one marked (mutation testing)
        ("cramp 1800-2000", "cramp-over-10-minutes"),  # one year-like side only: times
        ("cramp from 2400h to 1am", "cramp-over-10-minutes"),  # midnight as 2400, beside a time with its mark
        ("cramp 2300-2400", "cramp-over-10-minutes"),  # midnight as 2400 at the end
        (
            "cramp from 2 till 3 then the pain eased",
            "cramp-over-10-minutes",
        ),  # a score's word after, not before
        # Planning list (session 62): each of these was missed.
        ("cramp woke me. lasted from 2 till 3", "cramp-over-10-minutes"),  # its length in the next sentence
        ("cramp woke me. it lasted 2-3am", "cramp-over-10-minutes"),
        (
            "woke at 2am with calf cramp, lasted till 2:30",
            "cramp-over-10-minutes",
        ),  # a start "at", an end "till"
        ("cramp at 2, lasted till 3", "cramp-over-10-minutes"),
        ("cramp at 2am until 3am", "cramp-over-10-minutes"),
        ("woke up at 2 with a cramp till 3", "cramp-over-10-minutes"),
        ("calf cramp at 11pm, went on until 1am", "cramp-over-10-minutes"),
        ("cramp at midnight till 1am", "cramp-over-10-minutes"),
        ("cramp woke me at 2.30, lasted till 3", "cramp-over-10-minutes"),
        ("leg cramp started at 2 and lasted until 3", "cramp-over-10-minutes"),
        ("cramp woke me at about 2, lasted till 3", "cramp-over-10-minutes"),
        # Its mutation testing (session 63): a first "at … till" that is not the cramp's does not hide a second.
        ("at 1 it lasted till 2, then cramp at 3 until 4", "cramp-over-10-minutes"),
        ("cramp at 1, slept till 2, then another cramp at 3 lasting until 4", "cramp-over-10-minutes"),
        ("cramps: took magnesium at 9pm till 10pm, then a cramp at 2am until 3am", "cramp-over-10-minutes"),
        ("cramp at 2 till 3 times, then a cramp at 4am until 5am", "cramp-over-10-minutes"),
        ("cramp, pain at 4 till 6, then a cramp at 2am until 3am", "cramp-over-10-minutes"),
        ("cramp at 2am and then the awful ache lasted until 3am", "cramp-over-10-minutes"),
        # Its review (session 63): each of these was missed (the end in the next sentence, "a.m.", "2.30" on both
        # sides, "lasted to", "till about", "around", "woke 2am", "didn't stop", a length said in another sentence).
        ("cramp at 2am. lasted till 2:30", "cramp-over-10-minutes"),
        ("Cramp at 2am. Lasted till 3am.", "cramp-over-10-minutes"),
        ("woke at 2am with a cramp. it lasted till 2:30", "cramp-over-10-minutes"),
        ("cramp at 2am... lasted till 3am", "cramp-over-10-minutes"),
        ("cramp in calf at 3am. it lasted till 3:45", "cramp-over-10-minutes"),
        ("cramp at 2 a.m., lasted until 3 a.m.", "cramp-over-10-minutes"),
        ("cramp at 2 a.m. until 3am", "cramp-over-10-minutes"),
        ("cramp from 2 a.m. to 3 a.m.", "cramp-over-10-minutes"),
        ("woke at 2.00 with cramp, lasted till 2.30", "cramp-over-10-minutes"),
        ("cramp at 2.15 till 2.45", "cramp-over-10-minutes"),
        ("cramp at 2am lasted to 3am", "cramp-over-10-minutes"),
        ("leg cramp at 2:00, lasted to 2:30", "cramp-over-10-minutes"),
        ("cramp at 2am, lasted till about 3am", "cramp-over-10-minutes"),
        ("cramp at 2am, lasted till around 3", "cramp-over-10-minutes"),
        ("cramp around 2am until 3am", "cramp-over-10-minutes"),
        ("woke 2am with cramp, lasted till 3am", "cramp-over-10-minutes"),
        ("cramp at approx 2am until 3am", "cramp-over-10-minutes"),
        ("cramp started at 2am and didn't stop till 3am", "cramp-over-10-minutes"),
        ("cramp at 2am, it hurt till 3am", "cramp-over-10-minutes"),
        ("cramp at 2am, went on and on till 3am", "cramp-over-10-minutes"),
        ("woke at 2am with cramp in my calf which lasted until 2:30", "cramp-over-10-minutes"),
        ("did 5 min of stretches before bed. cramp at 2am till 3am", "cramp-over-10-minutes"),
        ("stretched 5 mins. cramp at 2am, lasted till 3am", "cramp-over-10-minutes"),
        (
            "woke at 2am with a cramp in my left calf, lasted until 3am",
            "cramp-over-10-minutes",
        ),  # eight words
        # Its mutation testing (session 63).
        ("cramp at 2am. it was bad. lasted till 3am", "cramp-over-10-minutes"),  # "lasted" two sentences on
        ("took magnesium at 9pm. cramp at 2am until 3am", "cramp-over-10-minutes"),  # each "at" tried
        ("cramps from 2 to 3 a night, then a cramp at 4am until 5am", "cramp-over-10-minutes"),
        ("woke 2 times, cramp at 4am until 5am", "cramp-over-10-minutes"),
        ("woke 2:00 with cramp, lasted till 3:00", "cramp-over-10-minutes"),  # minutes are a clock's mark
        ("took magnesium at 9pm. woke at 2am with a cramp, lasted till 3am", "cramp-over-10-minutes"),
        ("cramp at 2am, the pain lasted till 3am", "cramp-over-10-minutes"),  # "pain", with am/pm: no score
        (
            "cramp 2 minutes. cramp woke me. lasted from 2 till 3",
            "cramp-over-10-minutes",
        ),  # the first one brief
        (
            "cramp at 2am until 3am. I cried",
            "cramp-over-10-minutes",
        ),  # what comes after is not another's hours
        ("cramp at 2am until 3am I could not sleep", "cramp-over-10-minutes"),
        ("cramp at 2am till 3am, after that slept", "cramp-over-10-minutes"),
        # Its second review (session 63): phone spellings of a length, and an end said with another verb.
        ("cramp lasted an hr", "cramp-over-10-minutes"),
        ("cramp for an hr", "cramp-over-10-minutes"),
        ("cramp lasted hours", "cramp-over-10-minutes"),
        ("cramp for hours", "cramp-over-10-minutes"),
        ("cramp went on for hours", "cramp-over-10-minutes"),
        ("cramp lasted a couple hours", "cramp-over-10-minutes"),
        ("cramp half hr", "cramp-over-10-minutes"),
        ("cramp lasted half-hour", "cramp-over-10-minutes"),
        ("cramp lasted hour and a half", "cramp-over-10-minutes"),
        ("cramp 20ish mins", "cramp-over-10-minutes"),
        ("cramp 20-ish mins", "cramp-over-10-minutes"),
        ("cramp 20 odd mins", "cramp-over-10-minutes"),
        ("cramp lasted 20 or so mins", "cramp-over-10-minutes"),
        ("cramp 30m", "cramp-over-10-minutes"),
        ("cramp lasted 20m", "cramp-over-10-minutes"),
        ("cramp 1h30", "cramp-over-10-minutes"),
        ("cramp 1hr30", "cramp-over-10-minutes"),
        ("cramp ½hr", "cramp-over-10-minutes"),
        ("cramp 1½ hours", "cramp-over-10-minutes"),
        ("hour long cramp", "cramp-over-10-minutes"),
        ("hour-long cramp", "cramp-over-10-minutes"),
        ("cramp >10mins", "cramp-over-10-minutes"),
        ("cramp lasted > 10 mins", "cramp-over-10-minutes"),
        ("cramp 10 plus mins", "cramp-over-10-minutes"),
        ("cramp lasted more then 10 mins", "cramp-over-10-minutes"),
        ("cramp lasted quarter hour", "cramp-over-10-minutes"),
        ("cramp for a quarter hour", "cramp-over-10-minutes"),
        ("cramp all nite", "cramp-over-10-minutes"),
        ("cramp lasted the whole night", "cramp-over-10-minutes"),
        ("cramp lasted most of the nite", "cramp-over-10-minutes"),
        ("cramp till morning", "cramp-over-10-minutes"),
        ("cramp lasted til dawn", "cramp-over-10-minutes"),
        ("cramp for hours on end", "cramp-over-10-minutes"),
        ("cramp started at 2am and finally stopped at 3am", "cramp-over-10-minutes"),
        ("cramp started 2am ended 3am", "cramp-over-10-minutes"),
        ("cramp came on at 2am went away at 3am", "cramp-over-10-minutes"),
        ("cramp at 2am, gone by 3am", "cramp-over-10-minutes"),
        ("woke with cramp at 2 still going at 3", "cramp-over-10-minutes"),
        ("cramp at 2am didnt go till 3am", "cramp-over-10-minutes"),
        ("cramp woke me 2am didnt ease till 3am", "cramp-over-10-minutes"),
        ("cramp woke me up at 2am and didnt go until 3am", "cramp-over-10-minutes"),
        ("cramp at 2am. until 3am", "cramp-over-10-minutes"),  # its end alone in the next sentence
        ("cramp at 2am. then lasted till 3am", "cramp-over-10-minutes"),
        ("woke 2 with cramp until 3, then a cramp at 4am until 5am", "cramp-over-10-minutes"),
        ("cramp at 4 and the pain till 6, then a cramp at 2am until 3am", "cramp-over-10-minutes"),
    ],
)
def test_a_sign_in_a_note_names_its_flag(note, flag):
    assert flag in note_signs(note, MINUTES)
    assert flag in note_signs(note.upper(), MINUTES)  # any case


@pytest.mark.parametrize(
    "note",
    [
        "",
        "slept well",
        "no swelling today",
        "not weak at all",
        "without tingling",
        "cramp 5 min",
        "cramp lasted 10 minutes",  # the flag is longer than 10 minutes
        "slept 5 hours, cramp at 2",  # sleep's hours, not the cramp's
        "slept all night",
        "lead the walk",  # no poison
        "2 episodes, took it at 9pm",
        # The pharmacist's review of the first version (session 59): each of these was flagged.
        "feet cold as usual",
        "cold feet in bed",
        "always have cold feet",
        "no calf swelling",
        "no pain or swelling",
        "didn't swell",
        "wasn't swollen",
        "swelling gone down",
        "no longer numb",
        "numbness gone now",
        "no numbness or tingling",
        "restless night",
        "kids restless",
        "crawled into bed",
        "feeling rusty",
        "weak tea",
        "vision fine",
        "cramp 3 hours after dinner",
        "cramp 1-2 hours after bed",
        "cramp 2h after taking mag",
        "cramp after exercise",
        # Clock times that are not a cramp's length (session 60).
        "cramp 2:10-2:15",
        "cramp 2am-2.05am",
        "cramp from 3am-3:05am",
        "cramp 2-3 times",
        "cramp at 2am and 3am",  # two cramps
        "slept from 11pm to 7am, cramp at 3",
        "awake 2-4am with cramp",
        "cramp at 9pm, took 2-3 tablets",
        "cramp on 12-11-2026",
    ],
)
def test_a_note_without_a_sign_names_none(note):
    assert note_signs(note, MINUTES) == ()


def test_every_flag_the_words_name_is_a_row_of_red_flags_csv():
    named = {flag for _, flags in NOTE_SIGN_WORDS for flag in flags} | {"cramp-over-10-minutes"}
    assert named <= set(FLAG_IDS)
    # Every red flag has words that name it.
    assert set(FLAG_IDS) <= named


SIGNS = st.sampled_from(["palpitations", "calf swollen", "numb", "dark urine", "felt weak", "heart racing"])
FILLER = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@given(before=FILLER, sign=SIGNS, after=FILLER)
def test_a_sign_is_found_whatever_surrounds_it(before, sign, after):
    """Property: a sign said as its own sentence is found in any note, and only known flags come back."""
    found = note_signs(f"{before}. {sign}. {after}", MINUTES)
    assert found and set(found) <= set(FLAG_IDS)
    assert len(found) == len(set(found))


@given(minutes=st.integers(min_value=0, max_value=600), limit=st.sampled_from([MINUTES, 60.0, 120.0, 119.0]))
def test_a_cramps_length_is_compared_with_the_flags_minutes(minutes, limit):
    """Property, against an independent reading: more than the flag's minutes names the flag."""
    found = "cramp-over-10-minutes" in note_signs(f"cramp lasted {minutes} minutes", limit)
    assert found is (minutes > limit)
    hours = "cramp-over-10-minutes" in note_signs(f"cramp lasted {minutes} hours", limit)
    assert hours is (minutes * 60 > limit)


@given(
    minutes=st.integers(min_value=0, max_value=600),
    limit=st.sampled_from([MINUTES, 30.0, 60.0]),
    form=st.sampled_from(
        [
            "cramp {}ish mins",
            "cramp {}-ish mins",
            "cramp {} odd mins",
            "cramp lasted {} or so mins",
            "cramp {}m",
        ]
    ),
)
def test_a_length_in_phone_spelling_is_compared_with_the_flags_minutes(minutes, limit, form):
    """Property, against an independent reading (second review, session 63: "20ish mins", "30m" named nothing):
    more than the flag's minutes names the flag, whatever the spelling."""
    note = form.format(minutes)
    assert ("cramp-over-10-minutes" in note_signs(note, limit)) is (minutes > limit), note


@given(
    start=st.integers(min_value=0, max_value=24 * 60 - 1),
    minutes=st.integers(min_value=0, max_value=300),
    limit=st.sampled_from([MINUTES, 30.0, 60.0]),
    style=st.sampled_from(["%I:%M%p", "%H:%M", "%I%p"]),
)
def test_a_cramp_written_as_clock_times_is_compared_with_the_flags_minutes(start, minutes, limit, style):
    """Property, against an independent reading (datetime's own clock): "cramp from <time> to <time>" names
    the flag when the time between is more than the flag's minutes, over midnight too."""
    if style == "%I%p":  # whole hours only
        start, minutes = start - start % 60, minutes - minutes % 60
    begin = dt.datetime(2026, 12, 1) + dt.timedelta(minutes=start)
    end = begin + dt.timedelta(minutes=minutes)
    note = f"cramp from {begin.strftime(style).lower()} to {end.strftime(style).lower()}"
    found = "cramp-over-10-minutes" in note_signs(note, limit)
    assert found is (minutes > limit), note


@given(
    start=st.integers(min_value=0, max_value=24 * 60 - 1),
    minutes=st.integers(min_value=0, max_value=300),
    limit=st.sampled_from([MINUTES, 30.0, 60.0]),
    style=st.sampled_from(["%I:%M%p", "%H:%M", "%I%p"]),
    form=st.sampled_from(
        [
            "woke at {0} with a calf cramp, lasted till {1}",
            "cramp at {0}, lasted until {1}",
            "cramp at {0} until {1}",
            "calf cramp woke me. lasted from {0} to {1}",
            "leg cramp. it went on {0}-{1}",
        ]
    ),
)
def test_a_cramps_start_and_end_said_apart_are_compared_with_the_flags_minutes(
    start, minutes, limit, style, form
):
    """Property, against datetime's own clock: a cramp's start "at" a time and its end "till" another, or its
    length said after "lasted" in the next sentence (planning list, session 62), name the flag when the time
    between is more than the flag's minutes (at most 6 hours, as any span), over midnight too."""
    if style == "%I%p":  # whole hours only
        start, minutes = start - start % 60, minutes - minutes % 60
    begin = dt.datetime(2026, 12, 1) + dt.timedelta(minutes=start)
    end = begin + dt.timedelta(minutes=minutes)
    note = form.format(begin.strftime(style).lower(), end.strftime(style).lower())
    found = "cramp-over-10-minutes" in note_signs(note, limit)
    assert found is (minutes > limit), note


@given(
    start=st.integers(min_value=0, max_value=24 * 60 - 1),
    minutes=st.integers(min_value=0, max_value=300),
    limit=st.sampled_from([MINUTES, 30.0, 60.0]),
    sep=st.sampled_from(["-", " - ", " to ", " till ", "\u2013"]),
    suffix=st.sampled_from(["", "h"]),
)
def test_a_cramp_written_as_four_digit_times_is_compared_with_the_flags_minutes(
    start, minutes, limit, sep, suffix
):
    """Property, against datetime's own clock: "cramp 0200-0300" (a 24-hour clock without colons; planning
    list, session 61) names the flag when the time between is more than the flag's minutes, over midnight too."""
    begin = dt.datetime(2026, 12, 1) + dt.timedelta(minutes=start)
    end = begin + dt.timedelta(minutes=minutes)
    note = f"cramp {begin:%H%M}{suffix}{sep}{end:%H%M}{suffix}"
    found = "cramp-over-10-minutes" in note_signs(note, limit)
    # Without an hours mark, 19xx-19xx, 20xx-20xx and the like are read as years (review, session 62: "cramps
    # 2010-2024" raised the flag): evening times written so are not read.
    years = not suffix and f"{begin:%H}" in ("19", "20") and f"{end:%H}" in ("19", "20")
    assert found is (minutes > limit and not years), note


@given(
    start=st.integers(min_value=1, max_value=12),
    hours=st.integers(min_value=0, max_value=11),
    till=st.sampled_from(["till", "until", "til", "to"]),
    words=st.booleans(),
)
def test_from_an_hour_till_another_is_the_shorter_reading_of_the_clock(start, hours, till, words):
    """Property, against an independent reading: "cramp from 11 till 1" (or "to", or "from eleven to one") is 2
    hours (11pm or 11am to the next 1 o'clock), never 14; over 6 hours it is no cramp's length."""
    end = (start + hours - 1) % 12 + 1
    said = dict(enumerate(NUMBER_WORDS, 1)) if words else {}
    note = f"cramp from {said.get(start, start)} {till} {said.get(end, end)}"
    found = "cramp-over-10-minutes" in note_signs(note, MINUTES)
    assert found is (0 < hours <= 6), note


@pytest.mark.parametrize(
    ("times", "minutes"),
    [
        ("2am to 2:30am", 30),  # a side without minutes is on the hour
        ("02:50 to 03:20", 30),  # no mark: hours up to 12 may be either half of the day
        ("13:50 to 14:20", 30),  # a 24-hour clock
        ("11:50 to 12:20", 30),
        ("12:50 to 13:10", 20),
        ("0:50 to 1:20", 30),
        ("23:50 to 00:30", 40),  # over midnight
        ("11:50pm to 12:20am", 30),
        ("12:10am to 12:40am", 30),  # 12am is midnight's hour
        ("12:50pm to 1:20pm", 30),  # 12pm is noon's
        ("11-1am", 120),  # the side without a mark: the shorter reading (11pm)
        ("10pm-1", 180),  # ... on either side
        ("2am-3", 60),
        ("2:10-3", 50),  # minutes on one side are a clock's mark
        ("10.30-11", 30),
        ("2am to 8am", 360),  # the longest span read as a cramp's
        ("10-10:45", 45),  # minutes on the second side only (mutation testing, session 63)
    ],
)
def test_a_clock_span_is_read_to_the_minute(times, minutes):
    """Exact, at the flag's boundary: the span names the flag when the flag's minutes are one fewer, not when
    equal (mutation testing, session 60: a day of 25 hours, or 61 minutes an hour, went unnoticed)."""
    note = f"cramp {'between' if ' and ' in times else 'from'} {times}"
    assert note_signs(note, minutes - 1) == ("cramp-over-10-minutes",), note
    assert note_signs(note, minutes) == (), note


@pytest.mark.parametrize(
    "note",
    [
        "cramp 2am to 8:01am",  # longer than the longest span read as a cramp's
        "cramp from 13pm to 2pm",  # not a clock time
        "cramp from 2pm to 13pm",
        "cramp from 0am to 2am",
        "cramp 24:00 to 00:30",
        "slept from 11pm to 2am, cramp after",  # sleep's span
        "awake between 2 and 3am, cramp",
        # When it came, not how long (re-reviews, session 60): "between", "at", "around", "about".
        "cramp between 2 and 3am",
        "woke with a cramp sometime between 3 and 4am",
        "calf cramp at 3-4am",
        "cramp around 2-3am",
        "cramp ~2-3am",
        # A short length said beside a span: the length is the cramp's.
        "calf cramp 3-4am, lasted 2 minutes",
        "cramp 2-3am, about 30 seconds",
        "cramp 2-3am, brief",
        # Another activity's hours, a date, a lab range, a dose change.
        "cramp after gym 6-7pm",
        "cramp, dinner 7-8pm",
        "cramp at 3am. magnesium 8-9pm",
        "took magnesium between 8pm and 9pm, cramp at 3am",
        "cramp, worked 9am-3pm",
        "cramp, sleeping 11pm-3am",
        "cramp, went to bed 11pm-1am",
        "cramp, bed 10pm-2am",
        "no cramp 2-3am",
        "cramp gone by 2am, fine 2-3am",
        "cramp night 12.11-13.11",
        "cramp lasted 2:30 to 3:00 minutes",
        "cramp 0:45-1:00 min",
        "cramps 30 minutes apart",
        "cramp every 2 hours",
        "walked 30 minutes, no cramp",
        "bath for 20 minutes, then a cramp",
        "cramp 1 hour earlier than usual",
        "calf cramp. Then 2-3am up with the baby",  # another sentence
        "cramp in my left calf again 2-3am",  # five words between: not read as its length
        "walked for an hour, then a cramp",
        "cramp at 2am and 3am",
        "cramp 2-3 amps",
        "cramp 1-20 minutes later",
        "cramp 123-456am",
        # Without am/pm or minutes, only "from … till/until …" is a clock's (session 61), and "from … to …" (session
        # 65: FROM_TO_LONG): "to" alone and a dash are as often a count or a pain score.
        "cramps went from 2 to 3 a night",
        "cramp 2-3",
        "cramp till 3",  # no start
        "cramp from 2 till 2",
        "cramp from 3 until 3:05",
        # Four digits as a time only in a pair of them (session 61).
        "cramp 0200-0205",
        "cramp 2019-2020",
        "cramp 1000-2000 mg",  # ten hours: longer than any span read as a cramp's
        "cramp at 0200-0300",  # when it came
        "cramp 02000-0300",
        "cramp woke me at 0300h",  # a time, not 300 hours
        # Its review (session 62): each of these raised the flag.
        "cramps, drinking 1500-2000ml water a day",  # amounts
        "cramps despite 1500-2000 ml fluid",
        "cramps, on a 1500-1800 calorie diet",
        "cramps, calcium 1000-1200mg",
        "cramps even with 1000-1200 mg calcium daily",
        "cramp 1200-1500 steps",
        "cramps 2010-2024",  # years
        "had cramps 2005-2020 then they stopped",
        "cramps from 2010 to 2024",
        "cramp at 0300 hours",  # a time, not 300 hours
        "cramp woke me at 0300 hours, brief",
        "cramp at 2400h",
        "cramp, pain from 4 until 6",  # a score
        "cramp pain went from 4 until 6",
        "cramp pain from 2 till 3 out of 10",
        "cramps from 2 till 3 times a night",  # a count
        "cramp from 2 till 3 twice",
        "cramps from 2 till 3 nights",
        "cramp, shopping from 2 till 3",  # another activity's hours
        "cramp, reading from 2 till 3",
        "cramp, gym from 2 till 3",  # (mutation testing, session 62)
        "cramp left calf calcium 1000-1200 mg 2-3am",  # five words before the span, the amount one of them
        "cramp left calf 2010 to 2024 2-3am",  # five words before it, the years three of them
        "cramp 0300hrs, over quickly",
        # A start "at" and an end "till" (session 63) that are not the cramp's length.
        "cramp at 2, lasted till 2:05",
        "took magnesium at 9pm, cramp till 10pm",  # the time is the magnesium's
        "cramp at 2, slept till 7",  # sleep's end
        "no cramp at 2 till 3",
        "cramp woke me. dinner lasted 7-9pm",  # another subject's "lasted"
        "cramp at 2am. walk lasted from 3 till 5",
        "cramp, pain at 4 till 6",  # a score
        "cramps at 2 till 3 times a night",  # a count
        "cramp at 2, lasted till 3 seconds",
        "no cramps. meeting lasted 2pm-4pm",  # no cramp to be the length of
        "cramp at 3am, brief. lasted till 4 then slept",  # a short length said
        "woke at 2, read till 3, cramp",  # another activity's
        "cramp at 2, then at 3 till 4 I read",
        "cramp at 2 and then my husband snored loudly in the other room until 3",  # seven words between
        "cramp at 2am and then the really awful ache lasted until 3am",  # "really awful ache": not the cramp
        "woke at 2am with a cramp in my left calf again, lasted until 3am",  # nine words between the times
        # Its mutation testing (session 63).
        "cramp at 2am. walk at 5pm. lasted till 6pm",  # another activity in a sentence between
        "cramp at 2am. it was bad. slept till 7am",  # the later sentence is not "lasted"
        "woke 2 with a cramp, lasted till 3",  # "woke 2" without a clock's mark
        # Its second review (session 63): short lengths in the new spellings, and ends within 10 minutes.
        "cramp 5 mins",
        "cramp 10 mins",
        "cramp lasted 10m",
        "cramp at 2am, gone by 2:05am",
        "cramp ½ min",
        "walked 2m then cramp",
        "cramp started at 2am and stopped at 2:05am",
        "cramp at 2am ended 2:10am",
        "cramp, 2 mins, then slept 8 hours",
        "cramp 10ish mins",
        "cramp at 2am, gone by 3 nights later",
        "at 2, it lasted till 3, then cramps",  # the cramp after the span
        "cramp at 2, the baby cried till 3",  # another's "till"
        "took it with water at 9pm, cramp till 10pm",  # the time is the tablet's
        # Its review (session 63): each of these raised the flag (another subject's "lasted" or "went on", work and
        # travel, counts and scores after the span).
        "cramp woke me. back pain lasted from 2 till 4",
        "cramp in calf. Period pain lasted from 2pm to 5pm",
        "cramp at night. Tooth pain lasted from 9 till 11",
        "cramp woke me; headache, which lasted 2-4pm",
        "cramp at 2am and the rain went on till 5",
        "cramp at 11pm, the party went on until 2am",
        "cramp at 2am, baby crying which went on until 4",
        "cramp in the night, on call at 10pm till 4am",
        "cramp on the ward at 2 till 4",
        "cramp on the train at 9 until 11",
        "cramp during football at 6 until 7",
        "cramp on my run at 6 till 7",
        "cramp in the pool at 10 until 11",
        "cramps at 8 until 10 years old",
        "cramp at 2 till 4 caps a day",
        "cramp at 2 until 3 doses",
        "cramp at 4 till 6 on the pain scale",
        "cramp rated at 5 until 7",
        "slept at 11 until 6",
        "took magnesium at 10 till 11",
        "cramp at work at 9 till 5",
        "cramp at 2 until 3 nights ago",
    ],
)
def test_a_clock_span_that_is_not_a_cramps_length_names_nothing(note):
    assert note_signs(note, MINUTES) == ()


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [("2am", "2:30am", 30), ("11:50pm", "12:20am", 30), ("2", "3", 60), ("2am", "8am", 360)],
)
@pytest.mark.parametrize(
    "form",
    [
        "cramp at {0} until {1}",
        "woke at {0} with a cramp, lasted till {1}",
        "cramp woke me. lasted from {0} until {1}",
    ],
)
def test_a_start_and_end_said_apart_are_read_to_the_minute(start, end, minutes, form):
    """Exact, at the flag's boundary (mutation testing, session 63): more than the flag's minutes names it, equal
    does not; 6 hours is the longest span read."""
    note = form.format(start, end)
    assert note_signs(note, minutes - 1) == ("cramp-over-10-minutes",), note
    assert note_signs(note, minutes) == (), note


@pytest.mark.parametrize(
    ("note", "minutes"), [("cramp ½hr", 30), ("cramp 1½ hours", 90), ("cramp lasted 20m", 20)]
)
def test_halves_and_a_bare_m_are_read_to_the_minute(note, minutes):
    """Exact, at the flag's boundary (mutation testing, session 63: ½ read as 1½ went unnoticed)."""
    assert note_signs(note, minutes - 1) == ("cramp-over-10-minutes",), note
    assert note_signs(note, minutes) == (), note


def test_two_hours_is_120_minutes():
    assert note_signs("cramp lasted 2 hours", 120) == ()
    assert note_signs("cramp lasted 2 hours", 119) == ("cramp-over-10-minutes",)


TEXTS = {
    "one-sided-calf": FlagText("Pain, swelling in one calf", "Get an urgent appointment."),
    "legs-swelling": FlagText("Swelling in your legs", "See your GP."),
    "heartbeat-mouth-tingling": FlagText("A racing heartbeat", "See a doctor."),
}


def _journal(notes: dict[int, str], nights: int = 20) -> pd.DataFrame:
    start = dt.date(2026, 11, 1)
    rows = [
        {
            "date": start + dt.timedelta(days=day),
            "episodes": 1,
            "severity": 2,
            "sleep_quality": 3,
            "magnesium_mg": 250.0,
            "measures": [],
            "note": notes.get(day, ""),
        }
        for day in range(nights)
    ]
    return journal.check_frame(pd.DataFrame(rows))


def test_the_warning_names_the_flags_and_quotes_the_nights_latest_first():
    frame = _journal({19: "palpitations", 18: "left calf swollen"})
    said = note_signs_warning(frame, NIGHTS, TEXTS, MINUTES)
    assert said is not None
    assert said.index("Fri 20 Nov 2026") < said.index("Thu 19 Nov 2026")
    assert "`palpitations`" in said and "`left calf swollen`" in said
    # In the order given (the screen's order), each with its action in bold.
    assert said.index("one calf") < said.index("legs") < said.index("racing heartbeat")
    assert "— **Get an urgent appointment\\.**" in said
    # Word for word: the nights, then the bullets, one a line.
    assert said == (
        "**A note names what can be a warning sign** (the night of Fri 20 Nov 2026: `palpitations`; the night of "
        "Thu 19 Nov 2026: `left calf swollen`). If one of these fits, do what it says rather than waiting to see "
        "whether magnesium helps:\n\n"
        "- Pain, swelling in one calf — **Get an urgent appointment\\.**\n"
        "- Swelling in your legs — **See your GP\\.**\n"
        "- A racing heartbeat — **See a doctor\\.**\n\n" + journal.NOTE_SIGNS_LIMITS
    )


def test_a_long_or_many_lined_note_is_quoted_on_one_line_and_cut_at_120_characters():
    note = "left calf\nswollen " + "x" * 200
    said = note_signs_warning(_journal({19: note}), NIGHTS, TEXTS, MINUTES)
    assert said is not None
    assert f"`{('left calf swollen ' + 'x' * 200)[:119]}…`" in said
    # A cramp's length is read against the minutes given.
    long = _journal({19: "cramp lasted 20 minutes"})
    texts = {"cramp-over-10-minutes": FlagText("A long cramp", "Call your GP.")}
    assert note_signs_warning(long, NIGHTS, texts, MINUTES)
    assert note_signs_warning(long, NIGHTS, texts, 30) is None


def test_only_the_latest_nights_count():
    oldest_counted = 20 - NIGHTS
    assert note_signs_warning(_journal({oldest_counted - 1: "palpitations"}), NIGHTS, TEXTS, MINUTES) is None
    assert note_signs_warning(_journal({oldest_counted: "palpitations"}), NIGHTS, TEXTS, MINUTES)
    assert note_signs_warning(_journal({}), NIGHTS, TEXTS, MINUTES) is None
    assert note_signs_warning(journal.empty_journal(), NIGHTS, TEXTS, MINUTES) is None


def test_a_flag_that_cannot_apply_is_not_named():
    # A flag left out for the person (a child's limp for an adult) brings no warning.
    assert note_signs_warning(_journal({19: "limping"}), NIGHTS, TEXTS, MINUTES) is None
    said = note_signs_warning(_journal({19: "limping, calf swollen"}), NIGHTS, TEXTS, MINUTES)
    assert said is not None and "limp" in said and "Swelling in your legs" in said


def test_at_most_three_nights_are_quoted_and_the_rest_counted():
    three = note_signs_warning(
        _journal({day: "palpitations" for day in (17, 18, 19)}), NIGHTS, TEXTS, MINUTES
    )
    assert three is not None and "more" not in three and three.count("the night of") == 3
    frame = _journal({day: f"palpitations {day}" for day in range(14, 20)})
    said = note_signs_warning(frame, NIGHTS, TEXTS, MINUTES)
    assert said is not None
    assert said.count("the night of") == journal.NOTE_SIGN_NIGHTS_SHOWN == 3
    assert "and 3 nights more" in said


def test_a_note_is_quoted_literally():
    frame = _journal({19: "palpitations **now** https://example.com [x](javascript:alert(1))"})
    said = note_signs_warning(frame, NIGHTS, TEXTS, MINUTES)
    assert said is not None
    assert "`palpitations **now** https://example.com [x](javascript:alert(1))`" in said


# Session 64: the second review's misses left for planning (session 63), each a cramp that lasted over the flag's
# 10 minutes as a person types it on a phone.
@pytest.mark.parametrize(
    "note",
    [
        # The cramp's start "at", then "which", "that", "n" or "&" before "lasted".
        "cramp at 2am which lasted until 3am",
        "cramp at 2am, which lasted until 3am",
        "cramp at 2am that lasted till 3am",
        "cramp at 2am n lasted till 3am",
        "cramp at 2am & lasted till 3am",
        "calf cramp @ 2am till 3am",
        "calf cramp @2am lasted until 3am",
        # An arrow between the times.
        "cramp 2am->3am",
        "cramp 2am -> 3am",
        "cramp 2am\u21923am",
        "cramp 0200->0300",
        # "Seized" alone names the cramp.
        "calf seized from 2 till 3",
        "calf seized 2am-3am",
        # UK times with a dot that cannot be dates (a month past 12).
        "cramp 1.30-2.30",
        "cramp 2.15 to 2.45",
        "cramp 11.50-12.20",
        # Spoken times.
        "cramp at half 2 till 3",
        "cramp from half past 2 till half 3",
        "cramp at quarter past 2 till 3",
        "cramp at quarter to 3 until 3.30",
        "cramp at 2ish till 3",
        "cramp at 2 o'clock till 3 o'clock",
        "cramp from two till three",
        "cramp from two until half past three",
        "cramp from eleven till one",
        # The length before the cramp's end.
        "20 mins before the cramp eased",
        "30 minutes before cramp finally stopped",
        "took ages for the cramp to go",
        "cramp took forever to go",
        # Misspelt numbers and units.
        "cramp lasted fourty mins",
        "cramp 2 hous",
        "cramp lasted 20 mnts",
        "cramp 20 minuets",
    ],
)
def test_a_long_cramp_as_typed_on_a_phone_names_its_flag(note):
    assert note_signs(note, MINUTES) == ("cramp-over-10-minutes",), note


@pytest.mark.parametrize(
    "note",
    [
        # Two times that are two cramps, not one cramp's length.
        "two cramps, 2am and 3am",
        "cramps 2am and 4am",
        "no cramps for an hour after the dose",
        # When it came, not how long.
        "cramp an hour ago",
        "cramp an hour after bed",
        "cramp half an hour after dinner",
        "cramp 2 hours in",
        "cramp within 20 mins of lying down",
        # Another activity's hours.
        "cramp after feeding the baby 2-3am",
        "cramp after my shift 6-10pm",
        "cramp, on the phone for an hour after",
        "cramp, listened to a podcast for an hour",
        "cramp, an hour to get back to sleep",
        # Dotted dates stay dates.
        "cramp 12.11-13.11",
        "cramp 1.05-2.05",
        # Someone else's night.
        "cramp at 2, husband snoring all night",
        "cramp, baby crying all night",
        "cramp, fan on all night",
    ],
)
def test_a_phone_note_that_says_no_long_cramp_names_nothing(note):
    assert note_signs(note, MINUTES) == (), note


@pytest.mark.parametrize(
    ("note", "minutes"),
    [
        ("cramp at quarter to 3 until 3:30", 45),
        ("cramp at quarter to 1 until 1am", 15),  # 12:45
        ("cramp at a quarter past 2 till 3", 45),
        ("cramp from half past 2 till 4", 90),
        ("cramp at half 2 till 3", 30),
        ("cramp at 2 o'clock till 3 o'clock", 60),
        ("cramp at 2ish till 3", 60),
        ("cramp from eleven till one", 120),
        ("cramp from two until half past three", 90),
        ("cramp 1.30-2.30", 60),
        ("cramp 11.50-12.20", 30),
        ("cramp 2am->3:15am", 75),
        ("20 mins before the cramp eased", 20),
        ("cramp lasted fourty five mins", 45),
        ("cramp 2 hous", 120),
        ("cramp at 2am which lasted until 2:40am", 40),
        # Spans before the cramp's name and spoken minutes (mutation testing, session 64).
        ("2am-2:40am cramp", 40),
        ("2am-8am cramp", 360),  # the longest span read
        ("cramp at twenty past 2 until 3", 40),
        ("cramp at ten to 3 until 3:30", 40),
        ("cramp at five past 2 till 3", 55),
        ("cramp at twenty five to 3 till 3", 25),
        # An end said without its hour (the first review of session 64: "lasted till half past" was not read).
        ("cramp at 2 lasted till half past", 30),
        ("cramp at 2am, lasted till quarter past", 15),
        ("cramp at 2pm, lasted till quarter to", 45),
        ("cramp at one, gone by twenty past", 20),
        (
            "cramp at 11:50pm until ten past",
            20,
        ),  # the hour said last: 11pm, so 11:10pm... read the shorter way
        ("cramp at 2 lasted until twenty five to", 35),
        ("cramp at 2:40 till ten past", 30),  # the next hour's
        ("cramp at 2:30pm till half past", 60),
        ("cramp at 2 till half past. took mag at 9", 30),  # the time before it, not after
        ("cramp at 12 till half past", 30),
        ("cramp at 12:50pm till ten past", 20),  # 1:10pm
    ],
)
def test_a_phone_notes_length_is_read_to_the_minute(note, minutes):
    """Exact, at the flag's boundary: more than the flag's minutes names it, equal does not."""
    assert note_signs(note, minutes - 1) == ("cramp-over-10-minutes",), note
    assert note_signs(note, minutes) == (), note


@given(
    hour=st.integers(min_value=1, max_value=12),
    part=st.sampled_from(["half past", "quarter past", "quarter to"]),
)
def test_a_spoken_time_is_the_clocks(hour, part):
    """Against datetime's clock: the spoken start in the afternoon ("quarter to 3pm"), the end an hour after the
    hour it names ("until 03:00pm")."""
    offset = {"half past": dt.timedelta(minutes=30), "quarter past": dt.timedelta(minutes=15)}.get(
        part, dt.timedelta(minutes=-15)
    )
    named = dt.datetime(2026, 1, 1, hour % 12 + 12)  # "3pm", "12pm" (noon)
    start, end = named + offset, named + dt.timedelta(hours=1)
    minutes = (end - start).seconds // 60
    note = f"cramp at {part} {hour}pm until {end:%I:%M%p}".lower()
    assert note_signs(note, minutes - 1) == ("cramp-over-10-minutes",), note
    assert note_signs(note, minutes) == (), note


@pytest.mark.parametrize(
    "note",
    [
        # "Lasted" before a length makes it one, whatever follows.
        "cramp lasted an hour after I woke",
        "cramp lasted 20 mins after waking",
        "calf cramp, lasting about 2 hours into the night",
        # The new silencers do not reach past their words.
        "cramp came within 5 mins and lasted 30 mins",
        "cramp under my foot for 20 mins",
        "cramp, baby kicking, lasted 20 mins",
        "cramp woke me at 2, nice and warm, lasted an hour",
        "massaged it for 20 mins before the cramp eased",
        "calf seized up for 20 minutes",
    ],
)
def test_a_long_cramp_beside_the_new_silencers_still_names_its_flag(note):
    assert note_signs(note, MINUTES) == ("cramp-over-10-minutes",), note


@pytest.mark.parametrize(
    "note",
    [
        # At most a length that is longer than the flag's: it may have been over 10 minutes (review, session 64: the
        # first version silenced these, and "just under an hour", "barely 15 mins" with them).
        "cramp lasted less than 20 mins",
        "cramp lasted under 20 minutes",
        "cramp didnt last 20 mins",
        "cramp didn't last an hour",
        "cramp, not even 15 mins",
        "cramp lasted just under an hour",
        "cramp lasted barely 15 mins",
        # What is done for the cramp while it lasts is its length (review, session 64).
        "cramp, iced it for 20 mins",
        "cramp, massage for 20 minutes helped",
        "calf cramp, on the phone to 111 for an hour",
        "cramp, massaged it 2am-3am",
    ],
)
def test_an_upper_bound_or_a_treatment_over_the_flags_minutes_names_it(note):
    """The cautious reading: not proof of a long cramp, but not proof of a short one either."""
    assert note_signs(note, MINUTES) == ("cramp-over-10-minutes",), note


#: Session 64's review (370 notes typed as on a phone, each with the reviewer's expected answer): the notes read
#: wrongly by the code before this session or by its first version that are read as expected now.
REVIEW_64_LONG = [
    "cramp from quarter to 12 till midnight",
    "cramp from quarter to 1 till 1",
    "cramp from quarter to 1am till 1am",
    "cramp from quarter to 12pm till 12pm",
    "cramp from quarter to 12am till 12:05am",
    "cramp quarter to 3 till 3",
    "calf cramp from quarter past 11pm till quarter to 12",
    "cramp from quarter to 1 to quarter past 1",
    "cramp 11:45pm till quarter past 12",
    "woke at half 2 with calf cramp, lasted til 3",
    "cramp from 2 o'clock to 3 o'clock",
    "cramp 2 oclock - 3 oclock",
    "cramp from 2 o'clock till half 2",
    "calf cramp from 2ish till 3ish",
    "cramp from two till three",
    "cramp from eleven till one",
    "cramp at ten to two, lasted till quarter past two",
    "cramp at twenty to 3, gone by 3",
    "cramp at quarter to 3, gone by 3",
    "cramp at quarter past 2, gone by half 2",
    "cramp woke me half 3 n lasted til 4",
    "cramp at half 12 till 1",
    "cramp 2am->3am",
    "cramp 2am → 3am",
    "cramp 2->3am",
    "cramp 1.30-2.30",
    "cramp 10.15-10.45",
    "cramp 2.50-3.05",
    "cramp 2.00-3.00",
    "cramp 4.00-5.00",
    "cramp 3.00-3.12",
    "cramp 12.05-12.30",
    "calf cramp @2am n lasted til 3am",
    "cramp at 2am which lasted until 3am",
    "cramp at 2am that didnt stop till 3am",
    "cramp at 2am & went on til 3",
    "woke @ 2 with cramp, still there @ 3am",
    "woke 2am with calf cramp. still cramping at 3am",
    "calf seized 2am-3am",
    "calf seized solid from 2am to 3am",
    "right calf seized at 2am till 2:30",
    "cramp lasted just under an hour",
    "cramp lasted a bit less than an hour",
    "cramp lasted barely 15 mins",
    "cramp lasted under half an hour",
    "calf cramp from 2am to 3am, slept less than 4 hours",
    "cramp 2am-3am and under 4 hrs sleep",
    "calf cramp 2am-3am, second night in a row",
    "cramp 2am-3am, short night",
    "cramp from 2am to 3am, quick stretch didnt help",
    "cramp 2am till 3am, a 5 min stretch didnt help",
    "cramp at 2am till 3am, second one this week",
    "calf cramp for 20 mins in my left leg",
    "cramp for 20 mins in the night",
    "calf cramp for an hour in the night",
    "bad cramp 30 mins in bed, couldnt move",
    "cramp started 2am, still going 20 mins later",
    "20 mins later still cramping",
    "cramp for 30 mins before I could stand",
    "took 20 mins before the cramp eased",
    "cramp, 20 mins before it went away",
    "still cramping 20 mins after waking",
    "took ages for the cramp to go",
    "calf cramp, took ages",
    "cramp went on ages",
    "had to massage my calf for 20 mins till the cramp let go",
    "massaged the cramp for 20 mins before it went",
    "walked around for 20 mins till the cramp eased",
    "calf cramp, couldnt walk for 20 mins",
    "calf cramp, couldnt get up for 20 mins",
    "toes curled up for half an hour with cramp",
    "cramp flared up for 30 mins",
    "calf tightened up for 20 mins",
    "lay awake for an hour with the cramp",
    "cramp fourty mins",
    "cramp 2 hous",
    "cramp 20 mnts",
    "cramp lasted twenty two minutes",
    "cramp lasted thirty five mins",
    "cramp lasted thirty-five minutes",
    "cramp lasted several hours",
    "cramp lasted a good hour",
    "cramp half n hour",
    "Woke at 2 with cramp in my left calf, lasted until half 2",
    "crmp in calf 2-2.30am",
    "no cramp for 3 nights, then 2am-3am cramp",
    "cramp woke me, 20 mins before it finally let go",
    "cramp at 2 o'clock till 3 o'clock",
    "cramp from 2 o'clock to 3",
    "cramp 2 oclock - 2:30",
    "cramp at two, lasted till three",
    "cramp @ 2am, gone by 2:20",
    "cramp 2:10→2:25",
    "cramp 11pm -> 1am",
    "cramp 2 --> 3am",
    "cramp not even 15 mins",
    "cramp 20 min in calf",
    "calf cramp for 20 mins in a row",
    "cramp (30wks pregnant, baby kicking) 2am-2:30am",
    "cramp, massaged it 2am-3am",
    "leg cramp, iced it from 2am till 3am",
    "calf cramp, massaging for 20 mins till it went",
    "calf cramp, on the phone to 111 for an hour because it wouldnt stop",
    "had to ice it for 30 mins, cramp wouldnt let go",
    "cramp at 2am, still in agony at 2:30",
    "cramp at 2am, still cramping at 2:30",
    "cramp 2.00-2.30",
    "cramp 3.59-4.11",
    "cramp a little under 20 mins",
    "cramp lasted just under 30 mins",
    "no cramps for an hour, then cramp 2am-3am",
    "no cramps for an hour then a cramp that lasted from 2am until 3am",
    "less than 5 hrs sleep cos calf cramp lasted 2am to 3am",
    "cramp for 20 mins in my calf",
    "calf cramp 45 mins in the early hours",
    "cramp 1 hr in left calf",
    "cramp at two, lasted till 3am",
    "cramp at 2, lasted till three",
    "cramp 2 till three",
    "cramp from twelve till one",
]
REVIEW_64_NOT_LONG = [
    "cramp from half past 2 till 2:35",
    "cramp, scored it seven till eight",
    "cramps started age ten till twelve",
    "cramps, moved my meds 8pm->10pm",
    "cramps, shifted quinine 8pm -> 10pm",
    "leg cramps, potassium 3.50-5.30 normal range per gp",
    "cramps, ropinirole 0.25-0.50mg",
    "cramp cream was 3.45-4.50 at boots",
    "cramps, levels 1.25-2.50 mmol",
    "cramp @ 2-3am",
    "cramp came 2 hours in, only a few secs",
    "cramp an hour ago, lasted a few secs",
    "brief cramp half an hour after dinner",
    "took an hour to get back to sleep after the cramp",
    "took 20 mins to get back to sleep after a cramp",
    "took 30 mins to fall asleep after the cramp",
    "husband snoring all night, one quick cramp",
    "baby crying all night, cramp at 3 briefly",
    "fan on all night, small cramp",
    "kids sick all night, small cramp at 4",
    "raining all night, little cramp at 2",
    "heating on all night, calf cramp few secs",
    "cat meowing all night, tiny cramp",
    "no cramps all night!",
    "no cramp the whole night",
    "first night with no cramps through the night",
    "restless legs all night but no cramps",
    "did 20 mins of stretching before bed, brief cramp at 3am",
    "went for a 30 min walk after dinner, small cramp at 2am",
    "foam rolled for 20 mins, no cramps",
    "hot water bottle on for an hour, no cramps",
    "headache lasted 2 hours, no cramps",
    "power cut lasted an hour, cramp for a sec",
    "twitching lasted 20 mins, no cramps",
    "pins and needles lasted 20 mins, no cramps",
    "two cramps, 2am and 3am",
    "leg cramps tonight, on my feet from ten till two at the market",
    "leg cramps, on my feet from 10 till 2 at the market",
    "the film lasted 3 hours, no cramps",
    "the party next door lasted 4 hours, tiny cramp at 2",
    "husband's snoring lasted all night, one cramp 10 secs",
    "didn't have a cramp for 2 hours, then a quick one",
    "no cramps for 2 hours",
    "no spasms all night",
    "cramp-free all night",
    "no cramps at all the whole night, slept well",
    "cramp, bp 1.20-1.40",
    "cramp, pace 5.30-5.45 per km",
    "cramps, weighed 10.20-10.35 stone",
    "cramps, physio 2pm-3pm, then cramp again at 9pm",
]


@pytest.mark.parametrize(
    "note",
    [
        "no cramps till 3am then calf locked for an hour",
        "no cramps earlier, but woke at 3 with calf agony for an hour",
        "no cramp but calf pain all night",
        "no cramps, leg hurt all night",
    ],
)
def test_a_denied_cramp_beside_another_word_of_pain_still_names_a_long_one(note):
    """Only a note that names a cramp just to deny it, and no other pain, is silenced (session 64)."""
    assert "cramp-over-10-minutes" in note_signs(note, MINUTES), note


#: Session 64's second review (241 new notes on the first fix, 95 read wrongly): those read as expected now.
REVIEW_64B_LONG = [
    "no cramps till 4am then my calf went rock hard for 20 mins",
    "no cramps in the evening but woke at 2 with my calf rigid for half an hour",
    "no more cramps I hope - last one was 25 mins",
    "oh no cramp again, 25 mins this time",
    "not cramp again!! 20 mins of it",
    "finally cramp free after 40 mins",
    "cramp free at last after 30 mins of stretching",
    "no cramps until 3 then calf went solid for an hour",
    "no cramp til 4am, then leg stuck straight for 20 mins, couldnt bend it",
    "no cramps in my calves, but my foot arch was contracted for 20 mins",
    "calf cramp at 3am, the episode lasted 25 mins",
    "woke with a cramp. the whole thing lasted about 20 mins",
    "bad cramp in my calf. the attack lasted 30 mins",
    "two cramps, the first lasted about 25 mins",
    "two calf cramps tonight, both lasted 15 mins",
    "3 cramps, each lasted 15 min",
    "cramps in both calves, they lasted 20 mins",
    "woke 3am screaming. bloody thing lasted 20 mins",
    "calf cramp. the contraction lasted 20 mins",
    "calf cramp, worst bit lasted 15 mins",
    "cramp again. mine lasted 20 mins, hubby timed it",
    "foot cramp, my arch lasted 20 mins like that",
    "calf cramp. the seizing lasted 15 mins",
    "cramp at 1am, didn't go all night",
    "cramp at 1am; wouldnt shift all night",
    "calf cramped at 1am and stayed like that all night",
    "cramp at midnight, never let go all night",
    "cramp at 1am, rock solid all night",
    "cramp started at 11pm, was there all night",
    "cramp at 12, screamed all night",
    "cramp woke me at 1am. lasted the entire night",
    "cramp lasted al night",
    "cramp lasted whole night",
    "cramp allnight",
    "cramp at 1am, throbbed all night",
    "cramp at 2am, spent 20 mins stretching my calf before it let go",
    "calf cramp, 30 min walk round the house before it went",
    "cramp woke me, 20 mins walking round the bedroom trying to shift it",
    "leg cramp, needed a 30 min bath to get it to release",
    "cramp, 25 mins of stretching and it still wouldnt budge",
    "cramp 20 minutes walking it off",
    "cramp half an hour before i could put my foot down",
    "calf cramp, an hour before it loosened",
    "calf cramp, 20 mins before it loosened off",
    "cramp took 20 mins before it unknotted",
    "cramp, half an hour before it faded",
    "cramp at 2. half an hour later it still hadnt let go",
    "cramp at 3, 20 mins later still not gone",
    "never had a cramp for 30 mins before tonight",
    "havent had a cramp for 40 mins before, scary",
    "no cramps for 3 hours then one for 20 mins",
    "cramp didnt ease within 30 mins so i called 111",
    "cramp wasnt gone within half an hour",
    "calf cramp, not gone within 20 mins, took paracetamol",
    "cramp didnt settle within an hour",
    "cramp from 2am to 3am, it wasnt brief!",
    "cramp 1am-2am, stood up quickly",
    "cramp 2am-3am, tried quickly stretching",
    "cramp from 1am to 2am, not a second of relief",
    "cramp 2-3am, every few seconds it grabbed again",
    "cramp 2am till 3am, for a moment thought i'd need an ambulance",
    "cramp at 2am until 3am, brief respite then it came back",
    "cramp 12:30am to 1:30am, not short at all",
    "cramp 2am-3am, had a quick drink of water",
    "cramp woke me, was up for an hour rubbing my calf",
    "cramp at 2, got up for 20 mins to walk it off",
    "sat up for 30 mins rubbing the cramp",
    "cramp, stayed up 2 hours with it",
    "calf cramp, pain score 8, 2am to 3am",
    "cramp score 8/10 2am-3:15am",
    "calf cramp, had to pace 2am-3am",
    "cramp at 2am, tried cream but it lasted till 3am",
    "cramp at 2am, rubbed gel on, still cramping at 3am",
    "cramp at 2am, changed position, still cramping at 3am",
    "cramp at 2am, switched legs, still cramping at 3am",
    "leg cramp, temp 38, 2am-3am",
    "cramp 1-2am L leg",
    "cramp 2.30-3.30 l calf",
    "cramp lasted an age",
    "cramp lasted an eternity",
]
REVIEW_64B_NOT_LONG = [
    "not one cramp all night",
    "hubby up all night with the baby, small cramp at 4",
    "cramp at 3 for a moment. partner's feet cold all night",
    "cramp, then at two till three i fed the baby",
    "not a single cramp all night",
    "didn't have one cramp all night",
    "free of cramps all night",
    "not even a twinge of cramp all night",
    "cramps gone! all night no cramps",
]


@pytest.mark.parametrize("note", REVIEW_64_LONG + REVIEW_64B_LONG)
def test_a_long_cramp_of_the_reviews_of_session_64_names_its_flag(note):
    assert "cramp-over-10-minutes" in note_signs(note, MINUTES), note


@pytest.mark.parametrize("note", REVIEW_64_NOT_LONG + REVIEW_64B_NOT_LONG)
def test_a_note_of_the_reviews_of_session_64_without_a_long_cramp_does_not_name_it(note):
    assert "cramp-over-10-minutes" not in note_signs(note, MINUTES), note


@pytest.mark.parametrize(
    ("note", "long"),
    [
        # Session 64's mutation testing: each note tells a planted bug from the code.
        (
            "cramp, on my feet from 10 till 2, then a cramp at 3am until 4am",
            True,
        ),  # each "at" after a blocked one
        ("cramp 1.05am-2.05", True),  # a side marked: times, not dates
        ("cramp 1.01-2.01", False),  # months 1 ...
        ("cramp 1.12-2.12", False),  # ... to 12 are dates
        ("cramp 1.13-2.13", True),
        ("cramp 1.00-2.00", True),
        ("before bed no cramps for an hour", False),  # "before" in another part of the note
        ("the film lasted 3 hours, then a cramp lasted 20 mins", True),  # each length after another's
        ("no cramps all nite", False),
        ("all nite no cramps", False),
        ("slept 5 hours, cramp still there. ok", False),
        ("ok. cramp started 2am, still going 20 mins later. slept after", True),
        ("cramp few secs. 2am-3am cramp", True),
        ("2am-2:05am cramp, then 2am-3am cramp", True),
        ("cramp all night with the kids sick", True),  # the cramp is there in the clause
        ("calf cramp all night no more cramps please", True),
        ("cramp, still there. slept 5 hours", False),  # "still" in another sentence
        ("slept 5 hours. cramp still there", False),
        ("cramp two till three", True),
        ("calf cramp eleven until one", True),
        ("cramp 2ish-3ish", True),  # about 2, about 3
        ("2am-3am cramp", True),
        ("2am-3am cramp. slept ok", True),
        ("2am-3am cramp, few secs", False),  # its length is said
        ("cramp at 9, then 2am-3am cramp", True),
        ("gym 6-7pm cramp, then 2am-3am cramp", True),
        ("gym 6-7pm cramp at 9. 2am-3am cramp", True),  # a span after a blocked one, in its own sentence
        ("cramp still there. 2 hours after dinner ok", False),  # "still" in another sentence
        ("2 hours after dinner. cramp still there", False),
        ("bp 1.20-1.40 cramp", False),
        ("woke at 2-3am cramp", False),
        ("took tablet then woke up 2am-3am cramp", True),
        ("2am-2:05am cramp", False),
    ],
)
def test_the_readings_of_session_64_each_tell_a_planted_bug(note, long):
    assert ("cramp-over-10-minutes" in note_signs(note, MINUTES)) is long, note


#: Hours in words, one to twelve (an independent list for the property above).
NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]

#: "From" one hour "to" another without a clock's mark (planning list, session 64): a cramp's length, unless a count
#: follows or a change in a count or a score is said before it.
FROM_TO_LONG = [
    "cramp from 2 to 3",
    "cramp from two to three",
    "cramp from about 2 to 3",
    "calf cramp from eleven to one",
    "cramp from 11 to 1",
    "cramp from 2 to three",
    "cramp from two to 3",
    "cramp from 2 to 3. slept badly",
    "woke with a cramp, from 2 to 3 it would not let go",
    "cramp worse than ever, from 2 till 4",  # "till" is read whatever was said before it
    # Words of a change or a score after the span, not before it (mutation testing, session 65).
    "cramp from 2 to 3, worse than ever",
    "cramp from 2 till 3, pain went up",
    "cramp from 2 to 3, pain went up",
]
FROM_TO_NOT_LONG = [
    "cramp from 2 to 2:05",
    "cramp 2 to 3",  # no "from": as often a count
    "had two to three cramps",
    "went from two to three cramps a night",
    "cramp from 2 to 3 times a night",
    "cramps went from 2 to 3",
    "cramps from 2 to 3 a night",
    "cramp score from 2 to 3",
    "cramps worse, from 2 to 4",
    "cramp count from 2 to 3",
    "cramps this week from 2 to 3",
    "cramp frequency from 2 to 4",
    "cramps more often, from 2 to 3",
    "cramp, upped my dose from 1 to 2",
    "small cramp, bumped it from 1 to 2",
    "cramp, from 1 to 2 tabs",
    "cramp, from 1 to 2 sachets",
    "cramp, from 2 to 3 nightly",
    "cramp, 2 till 3 tabs",
    "cramps halved from 4 to 2",  # backwards: 22 or 10 hours, no cramp's length
]


@pytest.mark.parametrize("note", FROM_TO_LONG)
def test_a_cramp_from_an_hour_to_another_names_its_flag(note):
    assert "cramp-over-10-minutes" in note_signs(note, MINUTES), note


@pytest.mark.parametrize("note", FROM_TO_NOT_LONG)
def test_from_one_number_to_another_as_a_count_or_a_change_does_not_name_it(note):
    assert "cramp-over-10-minutes" not in note_signs(note, MINUTES), note


@pytest.mark.parametrize(
    "note",
    [
        "cramp till half past",
        "cramp 5 mins, took magnesium at half past",
        "cramp at 2, slept till half past",
        "cramp at 13:00 till half past",  # a 24-hour time: its hour is not read for "half past"
    ],
)
def test_an_end_without_its_hour_and_no_start_names_nothing(note):
    assert note_signs(note, MINUTES) == (), note
