"""maglib.amounts: how worked-out amounts are written."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maglib.amounts import mg_text


def test_examples():
    assert mg_text(226.125) == "226.1"
    assert mg_text(250) == "250"
    assert mg_text(250.0) == "250"
    assert mg_text(150.75) == "150.8"
    assert mg_text(0) == "0"


@given(st.floats(min_value=0, max_value=5000, allow_nan=False))
def test_never_more_than_one_decimal_and_never_off_by_more_than_rounding(value):
    text = mg_text(value)
    assert "e" not in text
    assert len(text.partition(".")[2]) <= 1
    assert abs(float(text) - value) <= 0.05 + 1e-9


@given(st.integers(min_value=0, max_value=5000))
def test_whole_amounts_stay_whole(value):
    assert mg_text(value) == str(value)


@pytest.mark.parametrize(
    ("unit", "plural"),
    [
        ("Tablet", "tablets"),
        ("Gummy", "gummies"),
        ("Spray", "sprays"),
        ("Capsule", "capsules"),
        ("Key", "keys"),
    ],
)
def test_a_units_plural_follows_english_spelling(unit, plural):
    """Pharmacist review (session 65): "about 25 spraies a day"."""
    from maglib.amounts import unit_plural

    assert unit_plural(unit) == plural
