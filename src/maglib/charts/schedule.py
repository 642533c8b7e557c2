"""The /schedule day timeline: 00:00–24:00 with doses, medicines and separation windows.

A window that wraps past the line's end is drawn as two bands (its end of the day
and the start of the next), so the picture matches the rule the builder applies.
When a dose is after midnight (the night after the day), the line runs from 06:00 to
06:00 the next morning, so that dose is drawn after the evening, not at the day's start.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from maglib.schedule import DAY_MINUTES, NIGHT_END, Placement, Window, time_of

__all__ = [
    "BELOW_PX",
    "CLOSE_H",
    "day_timeline",
    "label_offsets",
    "timeline_frames",
    "timeline_origin",
    "window_segments",
]


def timeline_origin(placements: Sequence[Placement]) -> float:
    """The hour the line starts at: 0 (midnight), or 6 (the night's end) when a dose is after
    midnight, the night after its day (phone review, 2026-12-04: a dose at 00:30 was drawn at the
    left of the day, before the morning dose, and read as the day's first)."""
    return NIGHT_END / 60 if any(p.day_offset for p in placements if p.minute is not None) else 0.0


def _hour(minute: int, origin_h: float) -> float:
    """The time of day ``minute`` as an hour on the line that starts at ``origin_h``."""
    return origin_h + (minute / 60 - origin_h) % 24


def window_segments(window: Window, origin_h: float = 0.0) -> list[tuple[float, float]]:
    """The window as (start_h, end_h) bands within the line origin_h–origin_h + 24 h (two when it
    wraps past the line's end)."""
    if window.length <= 0:
        return []
    top = origin_h + 24
    if window.length >= DAY_MINUTES:
        return [(origin_h, top)]
    start = _hour(window.start, origin_h)
    end = start + window.length / 60
    if end <= top:
        return [(start, end)]
    return [(start, top), (origin_h, end - 24)]


def _clock(minute: int) -> str:
    return time_of(minute).strftime("%H:%M")


#: Marks of one row closer than this (hours) have their time labels put on alternate sides: at
#: 390 px a day is about 300 px wide, so "08:00" and "08:30" overprinted (phone review, 2026-12-05).
CLOSE_H = 3.0
#: Pixels from a label's place above its mark to its place below it.
BELOW_PX = 32


def label_offsets(marks: pd.DataFrame) -> list[int]:
    """Each mark's label offset in pixels (0 above its mark, :data:`BELOW_PX` below), in the frame's
    order. Within a row, in time order, a label goes above unless the last label above is closer than
    :data:`CLOSE_H`; then below unless the last one below is too; then on the side whose last label
    is farther away."""
    offsets = [0] * len(marks)
    for _, group in marks.groupby("row", sort=False):
        last: dict[int, float] = {}
        for index, hour in sorted(zip(group.index, group["hour"], strict=True), key=lambda item: item[1]):
            free = [side for side in (0, BELOW_PX) if side not in last or hour - last[side] >= CLOSE_H]
            side = free[0] if free else min((0, BELOW_PX), key=lambda s: last[s])
            offsets[marks.index.get_loc(index)] = side
            last[side] = hour
    return offsets


def timeline_frames(
    placements: Sequence[Placement],
    windows: Sequence[Window],
    dose_mg: Sequence[float] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(bands, marks): window bands and point marks (doses and medicines) in hours, on the line
    that starts at :func:`timeline_origin`."""
    origin = timeline_origin(placements)
    bands = [
        {"start_h": a, "end_h": b, "what": f"Keep magnesium away: {w.label}"}
        for w in windows
        for a, b in window_segments(w, origin)
    ]
    marks = []
    for i, p in enumerate(placements):
        if p.minute is None:
            continue
        amount = f" ({dose_mg[i]:g} mg)" if i < len(dose_mg) else ""
        marks.append(
            {
                # The next morning's 06:00 is the line's end, not its start (adversarial review,
                # 2026-12-04: a dose moved to 06:00 after midnight was drawn at the left).
                "hour": _hour(p.minute, origin) + (24 if p.day_offset and p.minute == origin * 60 else 0),
                "kind": "Magnesium dose",
                # A dose after midnight is the night after the day (a phone review, 2026-12-04: drawn at
                # the left at 00:30, it read as the day's first dose).
                "label": f"{p.label} dose {_clock(p.minute)}{' (after midnight)' if p.day_offset else ''}{amount}",
                "row": "Magnesium",
                "clock": _clock(p.minute),
            }
        )
    seen: set[tuple[str, int]] = set()
    for w in windows:
        if (w.label, w.med_minute) in seen:
            continue
        seen.add((w.label, w.med_minute))
        marks.append(
            {
                "hour": _hour(w.med_minute, origin),
                "kind": "Medicine",
                "label": f"{w.label} {_clock(w.med_minute)}",
                "row": "Medicines",
                "clock": _clock(w.med_minute),
            }
        )
    band_frame = pd.DataFrame(bands, columns=["start_h", "end_h", "what"])
    mark_frame = pd.DataFrame(marks, columns=["hour", "kind", "label", "row", "clock"])
    mark_frame["lift"] = label_offsets(mark_frame)
    return band_frame, mark_frame


def day_timeline(
    placements: Sequence[Placement],
    windows: Sequence[Window],
    dose_mg: Sequence[float] = (),
) -> alt.LayerChart:
    """A 24-hour strip: shaded windows, dose and medicine marks with tooltips."""
    bands, marks = timeline_frames(placements, windows, dose_mg)
    origin = timeline_origin(placements)
    x_scale = alt.Scale(domain=[origin, origin + 24], nice=False)
    axis = alt.Axis(
        values=[origin + h for h in range(0, 25, 3)],
        # Past 24 the hours are the next morning's (24 stays "24:00", midnight).
        labelExpr="(datum.value > 24 ? datum.value - 24 : datum.value) + ':00'",
        title="Time of day",
    )
    base_x = alt.X("start_h:Q", scale=x_scale, axis=axis)
    shade = (
        alt.Chart(bands)
        # Hidden from screen readers (no name of its own; axe: svg-img-alt): the hours kept free are in
        # the chart's description and in the plan's text.
        .mark_rect(opacity=0.25, color="#d62728", aria=False)
        .encode(x=base_x, x2="end_h:Q", tooltip=[alt.Tooltip("what:N", title="Window")])
    )
    y = alt.Y(
        "row:N",
        title=None,
        scale=alt.Scale(domain=["Magnesium", "Medicines"]),
        axis=alt.Axis(labelLimit=120),
    )
    points = (
        alt.Chart(marks)
        .mark_point(filled=True, size=160)
        .encode(
            x=alt.X("hour:Q", scale=x_scale, axis=axis),
            y=y,
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["Magnesium dose", "Medicine"], range=["#1f77b4", "#ff7f0e"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=["Magnesium dose", "Medicine"], range=["circle", "diamond"]),
                legend=None,
            ),
            tooltip=[alt.Tooltip("label:N", title="What")],
        )
    )
    # Close marks' times on alternate sides of them (label_offsets), so they do not overprint.
    above, below = (
        alt.Chart(marks)
        .transform_filter(f"datum.lift {test} 0")
        .mark_text(dy=dy, fontSize=11, color="currentColor")  # readable in the dark theme too
        .encode(x=alt.X("hour:Q", scale=x_scale, axis=axis), y=y, text="clock:N")
        for test, dy in (("==", -16), (">", BELOW_PX - 16))
    )
    return alt.layer(shade, points, above, below).properties(
        height=160,
        description=(
            (
                "Your day on a 24-hour line"
                if not origin
                else "Your day on a 24-hour line from 06:00 to 06:00 the next morning"
            )
            + ": each magnesium dose and each medicine time, with the hours "
            "kept free of magnesium around your medicines shaded. The same times are in the plan's "
            "text and table."
        ),
    )
