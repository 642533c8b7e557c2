"""How the app writes an amount of magnesium it worked out (not one the person typed), and a unit's name."""

from __future__ import annotations

__all__ = ["mg_text", "unit_plural"]


def mg_text(value: float) -> str:
    """``value`` in mg to one decimal at most, as the plan's table shows it: 226.125 → "226.1".

    A plan's amounts are whole or half units times the magnesium in one unit, which a label's
    compound weight makes fractional (1½ × 150.75 mg); "226.125 mg" claims a precision no label
    has. Whole numbers stay whole ("250"). Only for display: every check uses the exact value.
    """
    return f"{round(float(value), 1):g}"


def unit_plural(unit: str) -> str:
    """A product unit's name in the plural, in lower case: "tablets", "gummies" (not "gummys"), "sprays" (not
    "spraies": a vowel before the y; pharmacist review, session 65)."""
    name = unit.lower()
    return f"{name[:-1]}ies" if name.endswith("y") and name[-2:-1] not in tuple("aeiou") else f"{name}s"
