"""One typical interaction per page: the single table to maintain when a page changes.

Each entry names the widget by its key (== URL param name; a trailing ``*`` matches
a key prefix, e.g. the first ``s_<food>`` servings slider on /diet) or, for buttons
without a stable key, by its label. ``values`` are cycled, one per repetition, so
every repetition really changes something. ``fill`` sets other widgets first
(not timed; e.g. the fields of a form before its submit button is clicked).

``output`` (browser only) is a CSS selector whose text must change after the
interaction; ``None`` means "the page's visible text outside widgets" (markdown,
headings, captions, metrics, alerts); ``SCRIPT_RAN`` means "the script was seen
running and is over" (for results drawn on canvas only). When a page changes and its entry no longer
finds the widget, the benchmark reports "n/a (widget not found)" instead of failing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Interaction:
    """How to exercise one page: widget kind, key or label, values to cycle."""

    page: str  #: label used in the results ("floor" for the floor app)
    path: str | None  #: url path of the page in app.py; None for the floor app
    description: str
    kind: str  #: slider | number_input | selectbox | radio | segmented | pills | checkbox | toggle | text_input | button | none
    key: str | None = None
    label: str | None = None
    values: tuple[Any, ...] = ()
    fill: tuple[tuple[str, str, tuple[Any, ...]], ...] = ()  #: (kind, key, values) set before the action
    output: str | None = None
    query: dict[str, str] = field(default_factory=dict)


#: ``output`` value for pages whose result has no DOM text (a canvas table or chart): wait until
#: the script was seen running and is over, with no stale element left.
SCRIPT_RAN = "@script"


def _everyday_foods_code(count: int) -> str:
    """The /diet list code of the first ``count`` foods of data/everyday_foods.csv."""
    path = Path(__file__).resolve().parents[1] / "data" / "everyday_foods.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        ndb_nos = [row["ndb_no"] for row in csv.DictReader(handle)]
    return "-".join(ndb_nos[:count])


#: The diet issue's size target: a slider move with 25 foods in the list.
DIET_LIST_SIZE = 25

FLOOR = Interaction("floor", None, "slider 50↔51", "slider", key="v", values=(51, 50))
#: The same slider in the app's frame (benchmarks/frame_floor_app.py; its page is the default "").
FRAME_FLOOR = Interaction(
    "frame floor", "", "slider 50↔51 in the app's frame", "slider", key="v", values=(51, 50)
)
#: The same slider with a data grid and a bar chart following it (frame_floor_app.py's /content).
CONTENT_FLOOR = Interaction(
    "content floor",
    "content",
    "slider 50↔51 in the app's frame, with a 12-row data grid and a bar chart following it",
    "slider",
    key="v",
    values=(51, 50),
)

#: The typical interaction of each page of app.py (kind "none": the page has nothing to interact with).
PAGE_INTERACTIONS: tuple[Interaction, ...] = (
    # home and sources have no input widget (text, cards, tables): cold load only.
    Interaction("home", "", "no input widget on this page", "none"),
    Interaction(
        "compare",
        "compare",
        "digestive-tolerance filter Any↔Avoid laxative effect (horizontal radio)",
        "radio",
        key="gut",
        values=("Avoid laxative effect", "Any"),
    ),
    Interaction(
        "diet",
        "diet",
        "first food's servings slider ±0.25",
        "slider",
        key="s_*",
        values=("+", "-"),
    ),
    Interaction(
        f"diet-{DIET_LIST_SIZE}",
        "diet",
        f"first food's servings slider ±0.25, {DIET_LIST_SIZE} foods in the list",
        "slider",
        key="s_*",
        values=("+", "-"),
        query={"foods": _everyday_foods_code(DIET_LIST_SIZE)},
    ),
    Interaction(
        "schedule",
        "schedule",
        "starting dose 100↔150 mg",
        "number_input",
        key="start_mg",
        values=(150, 100),
        query={"screened": "true"},  # the plan shows only after the safety questions are answered
        # the dose changes the plan's one-line summary (and the canvas table and chart)
    ),
    Interaction(
        "journal",
        "journal",
        "add a night (form submit; episodes cycled 1..4)",
        "button",
        label="Add this night",
        values=(None,),
        fill=(("number_input", "add_episodes", (1, 2, 3, 4)),),
    ),
    Interaction(
        "trial",
        "trial",
        "blinded on↔off in a set-up trial (hides or shows the blocks table)",
        "toggle",
        key="trial_blind",
        values=(True, False),
        query={"trial_seed": "123456", "trial_start": "2027-01-04"},
    ),
    Interaction("sources", "sources", "no input widget on this page", "none"),
)

ALL: tuple[Interaction, ...] = (FLOOR, *PAGE_INTERACTIONS)


def by_page(page: str) -> Interaction | None:
    """The interaction for a page label, or None."""
    return next((i for i in ALL if i.page == page), None)
