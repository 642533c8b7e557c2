"""pytest plugin for the mutation run only (``scripts/mutation.sh`` loads it with ``-p``).

Every mutant re-runs the tests that reach the mutated function, so the property
tests' hundreds of examples would take the run far past its 20-minute budget.
Here each ``@given`` test keeps its strategies but runs at most
``MUTATION_MAX_EXAMPLES`` examples, derandomized (the same examples for every
mutant, so a kill or a survival is repeatable), without the example database
and without shrinking (a mutant only needs to fail, not to be explained).
The normal suite never loads this file.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import Phase, settings

MAX_EXAMPLES = int(os.environ.get("MUTATION_MAX_EXAMPLES", "10"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        function = getattr(item, "obj", None)
        inner = getattr(function, "hypothesis", None)
        current = getattr(function, "_hypothesis_internal_use_settings", None)
        if inner is None or current is None:
            continue
        function._hypothesis_internal_use_settings = settings(
            current,
            max_examples=min(current.max_examples, MAX_EXAMPLES),
            derandomize=True,
            database=None,
            deadline=None,
            phases=(Phase.explicit, Phase.generate),
        )
