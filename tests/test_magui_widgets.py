"""magui.bound: the pills variant of a multi-choice input."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _app(max_items: int | None) -> None:
    import magui
    from maglib.links import Param

    magui.bound(
        Param("levels", "multi", ("B",), options=("A", "B", "C"), max_items=max_items),
        "Levels",
        widget="pills",
    )


def test_multi_pills_are_bound_with_the_param_s_default():
    at = AppTest.from_function(_app, kwargs={"max_items": None}).run()
    assert not at.exception
    [pills] = at.pills
    assert pills.key == "levels" and pills.options == ["A", "B", "C"] and pills.value == ["B"]
    pills.select("C").run()
    assert at.pills(key="levels").value == ["B", "C"]


def test_multi_pills_refuse_a_limit_they_cannot_enforce():
    """A multiselect stops at max_items; pills cannot, so a param with a limit below its option
    count must not become pills (a link checker would refuse what the widget lets through)."""
    with pytest.raises(ValueError, match="pills cannot limit how many options are chosen"):
        _app(max_items=2)  # refused before any widget is drawn


def _choice_app(widget: str) -> None:
    import magui
    from maglib.links import Param

    magui.bound(Param("unit", "choice", "Tablet", options=("Tablet", "Capsule")), "Unit", widget=widget)


@pytest.mark.parametrize("widget", ["segmented", "pills"])
def test_a_one_choice_control_cannot_be_left_empty(widget):
    """Pharmacist review (2026-12-06): "Tablet" tapped again left /schedule's unit empty, and the link
    notice then named `unit` as unreadable. The browser refuses the second tap of a required control;
    AppTest does not enforce it, so the element's own flag is checked."""
    at = AppTest.from_function(_choice_app, kwargs={"widget": widget}).run()
    assert not at.exception
    [control] = at.get("button_group")
    assert control.value == "Tablet" and control.proto.required is True


def test_download_data_builds_nothing_for_a_disabled_button() -> None:
    from magui.widgets import download_data

    built: list[int] = []

    def build() -> bytes:
        built.append(1)
        return b"BEGIN:VCALENDAR"

    held = download_data(True, build)
    assert callable(held) and held() == b"" and built == []  # a disabled button: nothing built
    assert download_data(False, build) == b"BEGIN:VCALENDAR" and built == [1]  # built now, not on click
