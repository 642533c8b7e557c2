"""maglib.food_search: typo-tolerant, ranked search over every USDA food name."""

from __future__ import annotations

import pytest

from maglib.food_search import build_search_index, search_foods

from .conftest import dataset

DATASET = dataset()
INDEX = build_search_index(DATASET.foods, DATASET.everyday_foods, DATASET.food_aliases)
NAMES = dict(zip(DATASET.foods["ndb_no"], DATASET.foods["name"], strict=True))


def top(query: str, n: int = 3) -> list[str]:
    return [m.ndb_no for m in search_foods(INDEX, query, limit=n)]


@pytest.mark.parametrize(
    ("query", "ndb_no"),
    [
        ("pumkin seeds", "12016"),  # typo: pumpkin seed kernels, roasted
        ("almnds", "12061"),  # typo: Nuts, almonds
        ("black beans", "16015"),
        ("spinach cooked", "11458"),
        ("brocoli cooked", "11091"),
        ("dark choclate", "19904"),
        ("oatmeal", "08121"),
    ],
)
def test_typos_and_plain_words_find_the_food(query, ndb_no):
    assert ndb_no in top(query), (query, [NAMES[n] for n in top(query)])


def test_every_food_is_searchable_by_its_own_name():
    for ndb_no in list(NAMES)[::400]:
        assert search_foods(INDEX, NAMES[ndb_no], limit=5)[0].score >= 100
        assert ndb_no in top(NAMES[ndb_no], 10), NAMES[ndb_no]


def test_ranking_is_best_first_and_one_entry_per_food():
    matches = search_foods(INDEX, "salmon", limit=20)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    ids = [m.ndb_no for m in matches]
    assert len(ids) == len(set(ids))
    assert all("salmon" in NAMES[m.ndb_no].lower() for m in matches[:10])
    # The everyday salmon (a plain cooked fillet) beats fish oil.
    assert matches[0].ndb_no == "15237"


def test_limit_and_nonsense():
    assert len(search_foods(INDEX, "cheese", limit=7)) == 7
    assert search_foods(INDEX, "   ") == []
    assert search_foods(INDEX, "qxzvkj") == []


def test_everyday_label_is_shown_with_usda_name():
    match = search_foods(INDEX, "almonds", limit=1)[0]
    assert match.ndb_no == "12061"
    assert "Almonds" in match.name and NAMES["12061"] in match.name


def test_every_alias_finds_its_food_first_and_confidently():
    """data/food_aliases.csv: each word finds its USDA food first, above the score that adds it at once
    and clear of the next food (so it is added, not offered)."""
    from maglib.food_search import AMBIGUOUS_MARGIN, CONFIDENT_SCORE

    assert len(DATASET.food_aliases) >= 10
    for alias, ndb_no in zip(DATASET.food_aliases["alias"], DATASET.food_aliases["ndb_no"], strict=True):
        first, second = search_foods(INDEX, alias.lower(), limit=2)
        assert first.ndb_no == ndb_no, (alias, first.name)
        assert first.score >= CONFIDENT_SCORE and first.score - second.score > AMBIGUOUS_MARGIN, alias
