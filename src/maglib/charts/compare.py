"""Altair charts for ``/compare``: three views of the forms linked by one selection.

All three charts share one named point selection (:data:`SELECTION_NAME`) on
``form_id``: clicking a form in any of them highlights it in every one, and
Streamlit returns the chosen ``form_id`` to the page. The charts are drawn as
one ``vconcat`` so Vega-Lite links them without help from the page.

The data is pre-aggregated to one small row per form (:func:`chart_data`), so
the spec stays a few kilobytes.
"""

from __future__ import annotations

import copy
import functools
import warnings

import altair as alt
import pandas as pd

from maglib.forms import BIO_ORDER, FORM_LABELS, LAX_ORDER, bioavailability_text

__all__ = [
    "CHART_COLUMNS",
    "SELECTION_NAME",
    "bioavailability_map",
    "chart_data",
    "compare_charts",
    "cost_chart",
    "descriptions",
    "elemental_chart",
    "live_spec",
    "map_label",
    "picked_form_id",
    "summary",
]

SELECTION_NAME = "pick"

#: After a map label whose bioavailability is disputed or unverified (forms.csv
#: ``bioavailability_basis``); the map's subtitle says what it means.
MAP_MARK = " *"

#: Columns of :func:`chart_data` (also the chart's table view).
CHART_COLUMNS: tuple[str, ...] = (
    "form_id",
    "form",
    "label",
    "map_label",
    "elemental_mg_per_100mg",
    "bioavailability",
    "bioavailability_shown",
    "laxative_effect",
    "cost_per_100mg_usd",
    "bio_x",
    "lax_y",
)

#: Vertical gap between forms that share a cell of the map (axis units; cells are 1 apart),
#: and the shift left of the cell's centre that leaves room for the labels.
_STEP = 0.22
_X_SHIFT = -0.35
_WIDTH = 460
#: Text drawn in the chart takes the page's own text colour (SVG ``currentColor``), so it reads
#: in the light and the dark theme alike (Vega's default is black).
TEXT_COLOR = "currentColor"


#: The map's labels break into lines here (Vega's ``lineBreak``).
MAP_LINE_BREAK = "\n"
#: The longest line (characters) of a map label: at 390 px, a label right of the rightmost
#: column's points has about 65 px, 13 characters at the map's 10 px font.
MAP_LABEL_CHARS = 13


def map_label(label: str) -> str:
    """``label`` for the map, its parenthesis on a line of its own when the label is long.

    Phone review: "Topical (oil, flakes)", right of the rightmost column, was cut to
    "Topical (oil, fl…" at 390 px; as "Topical" over "(oil, flakes)" it fits.
    """
    head, sep, tail = label.partition(" (")
    if len(label) <= MAP_LABEL_CHARS or not sep:
        return label
    return f"{head}{MAP_LINE_BREAK}({tail}"


def chart_data(filtered: pd.DataFrame) -> pd.DataFrame:
    """One row per form for the charts, from a ``forms.filter_forms`` result.

    ``label`` is the short picker label (the bars' labels; the full name is in
    the tooltip); ``map_label`` is the same, broken into lines for the map (:func:`map_label`). ``elemental_mg_per_100mg`` is elemental magnesium in 100 mg of compound
    (numerically the elemental %). ``bio_x``/``lax_y`` place each form on the
    map: the level's rank, nudged so forms sharing a cell do not overlap.
    """
    frame = pd.DataFrame(
        {
            "form_id": filtered["form_id"].astype(str).to_numpy(),
            "form": filtered["form"].astype(str).to_numpy(),
            "label": [
                FORM_LABELS.get(str(i), str(f))
                for i, f in zip(filtered["form_id"], filtered["form"], strict=True)
            ],
            "elemental_mg_per_100mg": filtered["elemental_pct"].astype(float).round(1).to_numpy(),
            "bioavailability": filtered["bioavailability"].astype(str).to_numpy(),
            # The level as the table shows it: marked when its sources disagree or are only the brief.
            "bioavailability_shown": [
                bioavailability_text(level, basis)
                for level, basis in zip(
                    filtered["bioavailability"], filtered["bioavailability_basis"], strict=True
                )
            ],
            "laxative_effect": filtered["laxative_effect"].astype(str).to_numpy(),
            "cost_per_100mg_usd": filtered["cost_per_100mg_usd"].astype(float).round(3).to_numpy(),
        }
    )
    # A form whose place across the map is disputed or unverified is starred (the map's subtitle).
    frame["map_label"] = [
        map_label(str(label) + (MAP_MARK if basis != "sourced" else ""))
        for label, basis in zip(frame["label"], filtered["bioavailability_basis"], strict=True)
    ]
    bio_rank = frame["bioavailability"].map(BIO_ORDER.index).astype(float)
    lax_rank = frame["laxative_effect"].map(LAX_ORDER.index).astype(float)
    cells = list(zip(bio_rank, lax_rank, strict=True))
    sizes: dict[tuple[float, float], int] = {}
    for key in cells:
        sizes[key] = sizes.get(key, 0) + 1
    seen: dict[tuple[float, float], int] = {}
    y_offsets: list[float] = []
    for key in cells:
        index = seen.get(key, 0)
        seen[key] = index + 1
        count = sizes[key]
        # Stack the forms of one cell in a column (top to bottom in data order), each with its
        # label to the right; the column stays inside the cell however many forms share it.
        step = min(_STEP, 0.9 / count)
        y_offsets.append(((count - 1) / 2 - index) * step)
    frame["bio_x"] = (bio_rank + _X_SHIFT).round(3)
    frame["lax_y"] = (lax_rank + pd.Series(y_offsets, dtype=float)).round(3)
    return frame.loc[:, list(CHART_COLUMNS)]


def _selection() -> alt.Parameter:
    return alt.selection_point(name=SELECTION_NAME, fields=["form_id"], on="click", clear="dblclick")


def _highlight(pick: alt.Parameter) -> dict[str, alt.ValueChannelMixin]:
    # Nothing picked: every mark opaque and without an outline; a pick fades the others and
    # outlines the picked form.
    return {
        "opacity": alt.condition(pick, alt.value(1.0), alt.value(0.35)),
        "strokeWidth": alt.condition(pick, alt.value(2), alt.value(0), empty=False),
    }


_COST_TEXT = (
    "isValid(datum.cost_per_100mg_usd) ? format(datum.cost_per_100mg_usd, '.3f') : 'no price in the data'"
)


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("form:N", title="Form"),
        alt.Tooltip("elemental_mg_per_100mg:Q", title="Elemental Mg per 100 mg (mg)"),
        alt.Tooltip("bioavailability_shown:N", title="Bioavailability"),
        alt.Tooltip("laxative_effect:N", title="Laxative effect"),
        alt.Tooltip("cost_text:N", title="US$ per 100 mg elemental"),
    ]


#: The map's description does not depend on the rows (its axes are fixed).
MAP_DESCRIPTION = (
    "Map of each form by bioavailability (across: "
    + ", ".join(BIO_ORDER)
    + ") and laxative effect (up: "
    + ", ".join(LAX_ORDER)
    + ")."
)


def descriptions(frame: pd.DataFrame) -> dict[str, str]:
    """Plain-text descriptions (alt text) of the three charts for this data."""
    if frame.empty:
        return {
            "elemental": "No forms to show.",
            "map": "No forms to show.",
            "cost": "No forms to show.",
        }
    top = frame.sort_values("elemental_mg_per_100mg", ascending=False).iloc[0]
    low = frame.sort_values("elemental_mg_per_100mg").iloc[0]
    costed = frame.loc[frame["cost_per_100mg_usd"].notna()]
    if costed.empty:
        cost_text = "Cost per 100 mg of elemental magnesium: no form shown has a price in the data."
    else:
        cheap = costed.sort_values("cost_per_100mg_usd").iloc[0]
        dear = costed.sort_values("cost_per_100mg_usd").iloc[-1]
        cost_text = (
            f"Cost per 100 mg of elemental magnesium for the {len(costed)} "
            f"{'form' if len(costed) == 1 else 'forms'} with a price: "
            f"lowest {cheap['form']} (US${cheap['cost_per_100mg_usd']:.3f}), "
            f"highest {dear['form']} (US${dear['cost_per_100mg_usd']:.3f})."
        )
    # One form: its amount, not "for 1 forms: most in X …, least in X …" (phone review, 2026-12-04).
    elemental = (
        f"Bar chart of elemental magnesium in 100 mg of compound for 1 form: "
        f"{top['form']} ({top['elemental_mg_per_100mg']:.1f} mg)."
        if len(frame) == 1
        else f"Bar chart of elemental magnesium in 100 mg of compound for {len(frame)} forms: "
        f"most in {top['form']} ({top['elemental_mg_per_100mg']:.1f} mg), "
        f"least in {low['form']} ({low['elemental_mg_per_100mg']:.1f} mg)."
    )
    return {
        "elemental": elemental,
        "map": MAP_DESCRIPTION,
        "cost": cost_text,
    }


def _bar_labels(bars: alt.Chart, field: str, pick: alt.Parameter) -> alt.Chart:
    """Each bar's form name just past its end, inside the plot.

    Inside, not as axis labels: Streamlit makes every view as wide as the page, and axis labels
    would add their own width to that (a phone's page would scroll sideways).
    """
    return bars.mark_text(
        align="left", baseline="middle", dx=4, fontSize=11, aria=False, color=TEXT_COLOR
    ).encode(
        x=alt.X(f"{field}:Q"),
        text="label:N",
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
        tooltip=alt.value(None),
        strokeWidth=alt.value(0),
    )


def elemental_chart(frame: pd.DataFrame, pick: alt.Parameter) -> alt.LayerChart:
    """Bars: elemental magnesium (mg) per 100 mg of compound, by form (names next to the bars)."""
    base = alt.Chart(frame).transform_calculate(cost_text=_COST_TEXT)
    bars = base.mark_bar(stroke=TEXT_COLOR).encode(
        # Up to 100 mg in 100 mg: room to the right of the longest bar for its name.
        x=alt.X(
            "elemental_mg_per_100mg:Q",
            title="Elemental Mg in 100 mg of compound (mg)",
            scale=alt.Scale(domain=[0, 100]),
            axis=alt.Axis(labelFlush=True),
        ),
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labels=False, ticks=False)),
        tooltip=_tooltip(),
        **_highlight(pick),
    )
    return alt.layer(bars.add_params(pick), _bar_labels(bars, "elemental_mg_per_100mg", pick)).properties(
        width=_WIDTH,
        # The longest bar reads as "best": say what the bars are not (phone review: oxide on top).
        # Two short lines, so the subtitle fits a phone's width.
        # Titles in two short lines: at 320 px one line was wider than the plot and the page scrolled
        # sideways (low-vision review, 2026-12-05, WCAG 1.4.10).
        title=alt.Title(
            ["Elemental magnesium", "per 100 mg of compound"],
            subtitle=[
                "What a form carries, not what the body absorbs:",
                "see Bioavailability in the next chart.",
            ],
        ),
        description=descriptions(frame)["elemental"],
    )


def bioavailability_map(frame: pd.DataFrame, pick: alt.Parameter) -> alt.LayerChart:
    """Points: each form placed by bioavailability (x) and laxative effect (y), labelled."""
    bio_labels = "[" + ",".join(f"'{level}'" for level in BIO_ORDER) + "][datum.value]"
    lax_labels = "[" + ",".join(f"'{level}'" for level in LAX_ORDER) + "][datum.value]"
    base = (
        alt.Chart(frame)
        .transform_calculate(cost_text=_COST_TEXT)
        .encode(
            x=alt.X(
                "bio_x:Q",
                title="Bioavailability",
                # Room on the left for the laxative-effect labels, which sit inside the plot.
                scale=alt.Scale(domain=[-1.25, len(BIO_ORDER) - 0.5]),
                axis=alt.Axis(
                    values=list(range(len(BIO_ORDER))), labelExpr=bio_labels, grid=False, labelFlush=True
                ),
            ),
            y=alt.Y(
                "lax_y:Q",
                scale=alt.Scale(domain=[-0.5, len(LAX_ORDER) - 0.5]),
                # Labels inside the plot, above each row's line: axis labels outside it would
                # add their width to the page's (see _bar_labels).
                axis=alt.Axis(
                    values=list(range(len(LAX_ORDER))),
                    labelExpr=lax_labels,
                    grid=False,
                    labelAlign="left",
                    labelBaseline="bottom",
                    labelPadding=-6,
                    labelFontStyle="italic",
                    ticks=False,
                    title=None,
                ),
            ),
        )
    )
    points = (
        base.mark_circle(size=160, stroke=TEXT_COLOR)
        .encode(tooltip=_tooltip(), **_highlight(pick))
        .add_params(pick)
    )
    # Long labels in two lines (map_label): the rightmost column has ~65 px to the plot's edge at
    # 390 px; ``limit`` still cuts (with "…") any line longer than that.
    labels = base.mark_text(
        align="left", dx=9, fontSize=10, color=TEXT_COLOR, limit=70, lineBreak=MAP_LINE_BREAK
    ).encode(text="map_label:N", opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)))
    return alt.layer(points, labels).properties(
        width=_WIDTH,
        height=340,
        # Two short lines, so the subtitle fits a phone's width.
        title=alt.Title(
            ["Bioavailability (across) and", "laxative effect (up)"],
            # Phone review (2026-12-04): "Place across disputed…" was hard to parse.
            subtitle=["* Bioavailability level disputed or unverified:", "see that column in the table."],
        ),
        description=descriptions(frame)["map"],
    )


def cost_chart(frame: pd.DataFrame, pick: alt.Parameter) -> alt.LayerChart:
    """Bars: US dollars per 100 mg of elemental magnesium, only forms with a price."""
    base = (
        alt.Chart(frame)
        .transform_filter("isValid(datum.cost_per_100mg_usd)")
        .transform_calculate(cost_text=_COST_TEXT)
    )
    bars = base.mark_bar(stroke=TEXT_COLOR).encode(
        x=alt.X(
            "cost_per_100mg_usd:Q",
            title="US$ per 100 mg elemental magnesium",
            axis=alt.Axis(format=".2f", labelFlush=True),
            scale=alt.Scale(zero=True),
        ),
        y=alt.Y("label:N", sort="x", title=None, axis=alt.Axis(labels=False, ticks=False)),
        tooltip=_tooltip(),
        **_highlight(pick),
    )
    # An invisible mark at 1.6 × the dearest price widens the axis: room for the names.
    room = (
        base.transform_joinaggregate(cost_max="max(cost_per_100mg_usd)")
        .transform_calculate(room="1.6 * datum.cost_max")
        .mark_point(opacity=0, aria=False)
        .encode(x="room:Q", y=alt.Y("label:N", sort="x"))
    )
    return alt.layer(bars.add_params(pick), _bar_labels(bars, "cost_per_100mg_usd", pick), room).properties(
        width=_WIDTH,
        title=alt.Title(["Cost per 100 mg of elemental magnesium", "(typical prices in the data)"]),
        description=descriptions(frame)["cost"],
    )


def compare_charts(frame: pd.DataFrame, *, with_cost: bool = True) -> alt.VConcatChart:
    """The charts stacked, linked by the one selection named :data:`SELECTION_NAME`.

    ``with_cost=False`` leaves out the cost chart (when no form has a price it would be an
    empty plot; the page says so in words instead).
    """
    pick = _selection()
    text = descriptions(frame)
    if not with_cost:
        text.pop("cost")
    with warnings.catch_warnings():
        # Sharing one selection across the views is the point here; Altair merges the
        # identical copies into one top-level param (with every view listed) and says so.
        warnings.filterwarnings(
            "ignore", message="Automatically deduplicated selection", category=UserWarning
        )
        views = [elemental_chart(frame, pick), bioavailability_map(frame, pick)]
        if with_cost:
            views.append(cost_chart(frame, pick))
        return alt.vconcat(*views, description=" ".join(text.values()))


#: Accessible names of the views in :func:`live_spec`: true for any rows (the figures for the
#: rows shown are in :func:`summary`, which the page prints beside the chart).
LIVE_DESCRIPTIONS: dict[str, str] = {
    "all": (
        "Three linked charts of the forms shown: elemental magnesium per 100 mg of compound, "
        "bioavailability against laxative effect, and cost per 100 mg of elemental magnesium. "
        "The caption above the charts names the highest and lowest of the forms shown."
    ),
    "no_cost": (
        "Two linked charts of the forms shown: elemental magnesium per 100 mg of compound, "
        "and bioavailability against laxative effect. "
        "The caption above the charts names the highest and lowest of the forms shown."
    ),
    "elemental": "Bar chart of elemental magnesium in 100 mg of compound, one bar per form shown.",
    "map": MAP_DESCRIPTION,
    "cost": "Bar chart of cost per 100 mg of elemental magnesium for the forms shown that have a price.",
}


#: Streamlit sets every view's width to the page's (``width="stretch"``); ``pad`` keeps the
#: whole inside that width only because no view draws anything left or right of its plot
#: (names and axis labels are inside, see :func:`_bar_labels`). Vega-Lite's ``fit-x`` does not
#: apply to a vconcat.
AUTOSIZE = {"type": "pad", "contains": "padding"}


@functools.lru_cache(maxsize=64)
def live_spec(picked: str | None = None, *, clearable: bool = True, with_cost: bool = True) -> dict:
    """The Vega-Lite dict of :func:`compare_charts`, without data and with row-free names.

    It is the same object for every filter, so the browser keeps its chart view when the
    filters change and swaps the rows in (the caller supplies the rows as the top-level
    data: ``st.vega_lite_chart(arrow_table, live_spec())``) instead of compiling and
    drawing three new charts. Treat it as read-only.

    ``picked`` (a ``form_id``) starts the selection on that form, so a chart drawn for a
    link or a pick made in the list shows the same highlight as a click in the chart.
    ``clearable=False`` turns off the double click that clears the selection: Streamlit only
    hears of a selection made in the chart, so clearing one it did not make would drop the
    highlight and leave the details open. ``with_cost=False`` leaves out the cost chart.
    """
    if picked is not None or not clearable:
        spec = copy.deepcopy(live_spec(with_cost=with_cost))
        if picked is not None:
            spec["params"][0]["value"] = [{"form_id": picked}]
        if not clearable:
            spec["params"][0]["select"]["clear"] = False
        return spec
    # Building the Altair objects costs ~100 ms (schema validation of every channel), once.
    empty = pd.DataFrame({column: pd.Series(dtype=object) for column in CHART_COLUMNS})
    spec = compare_charts(empty, with_cost=with_cost).to_dict()
    spec.pop("datasets", None)
    spec.pop("data", None)
    spec["autosize"] = dict(AUTOSIZE)
    spec["description"] = LIVE_DESCRIPTIONS["all" if with_cost else "no_cost"]
    keys = ("elemental", "map", "cost") if with_cost else ("elemental", "map")
    for view, key in zip(spec["vconcat"], keys, strict=True):
        view["description"] = LIVE_DESCRIPTIONS[key]
    return spec


def summary(frame: pd.DataFrame) -> str:
    """The rows' figures in words (the three descriptions of :func:`descriptions` joined)."""
    return " ".join(descriptions(frame).values())


def picked_form_id(event: object) -> str | None:
    """The ``form_id`` selected in a Streamlit chart event (None if nothing is selected)."""
    selection = getattr(event, "selection", None)
    if selection is None and isinstance(event, dict):
        selection = event.get("selection")
    if not selection:
        return None
    points = selection.get(SELECTION_NAME) if hasattr(selection, "get") else None
    if not points:
        return None
    first = points[0]
    value = first.get("form_id") if hasattr(first, "get") else None
    return str(value) if value is not None else None
