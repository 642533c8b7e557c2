"""maglib.intake.servings_needed_words: the "Close the gap" list's servings, as the sliders set them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maglib.intake import SERVINGS_MAX, SERVINGS_STEP, round_servings, servings_needed_words


def test_a_need_below_the_smallest_step_says_so():
    """A 30 mg gap read a bare 0.25 in every row, as though every food needed the same."""
    assert SERVINGS_STEP == 0.25
    assert servings_needed_words(0.1) == "0.25 or less"
    assert servings_needed_words(30 / 150) == "0.25 or less"


@pytest.mark.parametrize(
    ("need", "words"),
    [
        (0.25 - 1e-6, "0.25 or less"),  # just below the step: the step covers it, and less would do
        (0.25, "0.25"),  # exactly the step
        (30 / 120, "0.25"),  # a gap of exactly a quarter serving, computed as the page does
        (0.25 + 1e-12, "0.25"),  # float noise is not a need for more
        (0.25 + 1e-6, "0.5"),  # just above: rounded up, never down
        (1.0, "1"),
        (1.01, "1.25"),
    ],
)
def test_the_boundary_at_the_smallest_step(need, words):
    assert servings_needed_words(need) == words


def test_no_need_reads_zero():
    assert servings_needed_words(None) == servings_needed_words(0.0) == "0"


@given(st.floats(min_value=1e-6, max_value=SERVINGS_MAX, allow_nan=False))
def test_the_number_shown_is_a_slider_value_that_closes_the_gap(need):
    shown = float(servings_needed_words(need).removesuffix(" or less"))
    assert shown == round_servings(need)
    assert shown >= need - 1e-9  # never rounded down: that would leave the gap open
    assert shown - need < SERVINGS_STEP
    assert (shown / SERVINGS_STEP).is_integer() and shown >= SERVINGS_STEP
