"""Typo-tolerant search over every USDA food name (and the everyday labels).

Build the choice list once (:func:`build_search_index`), then each query is one
vectorised rapidfuzz pass over ~8,130 precomputed, normalised strings.

Scoring: ``token_set_ratio`` finds names containing the query's words even
with typos ("pumkin seeds" → "Seeds, pumpkin and squash seed kernels");
a quarter of ``QRatio`` (whole-string similarity) breaks the many ties in
favour of short, plain names ("salmon, cooked" before "fish oil, salmon"),
and everyday foods get a small bonus because they are what people mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils

__all__ = [
    "AMBIGUOUS_MARGIN",
    "CONFIDENT_SCORE",
    "EVERYDAY_BONUS",
    "Match",
    "SearchIndex",
    "build_search_index",
    "search_foods",
]

EVERYDAY_BONUS = 5.0
_QRATIO_WEIGHT = 0.25
#: Below this combined score a "match" shares little more than a letter pair.
MIN_SCORE = 55.0
#: Below this score the best match is only offered, not added (phone review, 2026-12-04: British
#: words found unrelated foods: "porridge" → orange 76, "courgette" → orange 72, "aubergine" →
#: mulberries 65, "brazil nuts" → walnuts 88, "yoghurt" → tofu yogurt 83; a typo such as "pumkin
#: seeds" scores 95 and names people type plainly 110-130).
CONFIDENT_SCORE = 90.0
#: Best two matches this close: the word fits both about equally, so they are offered, not one
#: added (adversarial review, 2026-12-04: "rice" added brown rice, tied with white rice at 114.1,
#: about four times its magnesium; "potato" sweet potato by 0.3, "milk" whole milk by 0.8).
AMBIGUOUS_MARGIN = 2.5


@dataclass(frozen=True)
class SearchIndex:
    """Normalised choice strings and, for each, its ndb number and bonus."""

    choices: tuple[str, ...]
    ndb_nos: tuple[str, ...]
    bonus: np.ndarray
    names: dict[str, str]


@dataclass(frozen=True)
class Match:
    """One search hit: the food, the name shown, and its score (0–130)."""

    ndb_no: str
    name: str
    score: float


def build_search_index(
    foods: pd.DataFrame, everyday_foods: pd.DataFrame | None = None, aliases: pd.DataFrame | None = None
) -> SearchIndex:
    """Normalise every food name (and everyday label, and British word from ``food_aliases.csv``, as
    an alias) once ("courgette" finds the USDA's zucchini; before, it offered oranges)."""
    choices: list[str] = []
    ndb_nos: list[str] = []
    bonus: list[float] = []
    names = dict(zip(foods["ndb_no"], foods["name"], strict=True))
    everyday = set() if everyday_foods is None else set(everyday_foods["ndb_no"])
    for ndb_no, name in names.items():
        choices.append(utils.default_process(name))
        ndb_nos.append(ndb_no)
        bonus.append(EVERYDAY_BONUS if ndb_no in everyday else 0.0)
    if everyday_foods is not None:
        for ndb_no, label in zip(everyday_foods["ndb_no"], everyday_foods["label"], strict=True):
            choices.append(utils.default_process(label))
            ndb_nos.append(ndb_no)
            bonus.append(EVERYDAY_BONUS)
            names[ndb_no] = f"{label} — {names[ndb_no]}"
    if aliases is not None:
        for ndb_no, alias in zip(aliases["ndb_no"], aliases["alias"], strict=True):
            choices.append(utils.default_process(alias))
            ndb_nos.append(ndb_no)
            # No bonus: the whole word already scores 125, and a part of it must not outrank the
            # everyday foods ("potato" found "Jacket potato" before sweet and white potatoes).
            bonus.append(0.0)
    return SearchIndex(tuple(choices), tuple(ndb_nos), np.asarray(bonus, dtype=np.float32), names)


def search_foods(index: SearchIndex, query: str, limit: int = 20) -> list[Match]:
    """The best-matching foods for ``query``, best first, one entry per food."""
    processed = utils.default_process(query)
    if not processed.strip():
        return []
    token = process.cdist([processed], index.choices, scorer=fuzz.token_set_ratio, dtype=np.float32)[0]
    whole = process.cdist([processed], index.choices, scorer=fuzz.QRatio, dtype=np.float32)[0]
    score = token + _QRATIO_WEIGHT * whole + index.bonus
    # Candidates by score, then keep each food once (a food may match by name and by label).
    top = np.argpartition(-score, min(len(score) - 1, limit * 3))[: limit * 3]
    top = top[np.lexsort((top, -score[top]))]
    seen: set[str] = set()
    out: list[Match] = []
    for position in top:
        value = float(score[position])
        if value < MIN_SCORE:
            break
        ndb_no = index.ndb_nos[position]
        if ndb_no in seen:
            continue
        seen.add(ndb_no)
        out.append(Match(ndb_no=ndb_no, name=index.names[ndb_no], score=value))
        if len(out) == limit:
            break
    return out
