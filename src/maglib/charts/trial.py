"""Chart for /trial: episodes each night, coloured by the block the night belongs to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from maglib.trial import Block

__all__ = ["STATUS_COLORS", "night_blocks", "trial_chart"]

#: On, off, and the wash-out nights left out of the comparison (readable on light and dark).
STATUS_COLORS: dict[str, str] = {
    "On magnesium": "#2ca02c",
    "Off": "#1f77b4",
    "Wash-out (left out)": "#9e9e9e",
    "Outside the trial": "#e6550d",
}


def _status(night: dt.date, laid_out: Sequence[Block]) -> str:
    for block in laid_out:
        if block.first <= night <= block.last:
            if night < block.counted_from:
                return "Wash-out (left out)"
            return "On magnesium" if block.on else "Off"
    return "Outside the trial"


def night_blocks(frame: pd.DataFrame, laid_out: Sequence[Block]) -> pd.DataFrame:
    """``date``, ``episodes``, ``status`` per logged night. Without blocks (no set-up), the
    status is the night's own magnesium (above 0 mg: on)."""
    dates = [d if isinstance(d, dt.date) else pd.Timestamp(d).date() for d in frame["date"]]
    if laid_out:
        status = [_status(d, laid_out) for d in dates]
    else:
        status = ["On magnesium" if mg > 0 else "Off" for mg in frame["magnesium_mg"]]
    return pd.DataFrame(
        {
            "date": pd.to_datetime(dates),
            "episodes": frame["episodes"].astype(float).to_numpy(),
            "status": status,
        }
    )


def trial_chart(table: pd.DataFrame) -> alt.LayerChart:
    """Bars: episodes per night, coloured on / off / wash-out; a dot on every night, so a night
    with no episodes is seen too. The legend sits on top in two columns (a phone is narrow)."""
    color = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values())),
        legend=alt.Legend(orient="top", columns=2, labelLimit=180),
    )
    tooltip = [
        alt.Tooltip("date:T", title="Night"),
        alt.Tooltip("episodes:Q", title="Episodes"),
        alt.Tooltip("status:N", title="Block"),
    ]
    base = alt.Chart(table, title="Episodes each night, by block").encode(
        x=alt.X("date:T", title="Night"),
        y=alt.Y("episodes:Q", title="Episodes"),
        color=color,
        tooltip=tooltip,
    )
    # Streamlit fits the whole chart (title, legend, axes) into this height: the plot needs the room.
    return alt.layer(base.mark_bar(), base.mark_circle(size=18, opacity=1)).properties(height=380)
