"""Link versions: today's defaults must match what the current link version recorded.

A bound widget leaves its default out of the URL, so changing a default
silently changes what every old link means. This test fails when any page's
default view differs from the record for LINK_VERSION: bump LINK_VERSION and
run scripts/snapshot_link_defaults.py (old entries stay, so old links keep
their meaning — page_setup applies them via maglib.links.legacy_values).
"""

from __future__ import annotations

import importlib.util

from maglib.link_history import LINK_DEFAULTS
from maglib.links import LINK_VERSION, MAX_PARAMS

from .conftest import PAGES, ROOT, run_page


def _snapshot_module():
    spec = importlib.util.spec_from_file_location("snapshot", ROOT / "scripts" / "snapshot_link_defaults.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_link_with_every_setting_of_a_page_changed_is_never_cut():
    """The link checker ignores parameters past MAX_PARAMS: every page's settings, and the
    version key, must fit under it (each medicine added to /schedule adds a setting)."""
    for page, settings in LINK_DEFAULTS[LINK_VERSION].items():
        assert len(settings) + 1 <= MAX_PARAMS, (page, len(settings))


def test_every_version_up_to_the_current_one_is_recorded():
    assert sorted(LINK_DEFAULTS) == list(range(1, LINK_VERSION + 1))


def test_defaults_have_not_changed_without_a_version_bump():
    current = _snapshot_module().current_snapshot()
    recorded = LINK_DEFAULTS[LINK_VERSION]
    assert set(current) == set(recorded)
    for page, defaults in current.items():
        changed = {
            key: (recorded[page].get(key), value)
            for key, value in defaults.items()
            if recorded[page].get(key) != value
        }
        assert not changed, (
            f"/{page}: defaults changed {changed} — bump LINK_VERSION in maglib/links.py and run "
            "scripts/snapshot_link_defaults.py"
        )


def test_an_old_link_gets_its_old_defaults(monkeypatch):
    """Simulate a v1 link after a future default change: the old default comes back."""
    import maglib.links as links

    future = {1: {"compare": {**LINK_DEFAULTS[1]["compare"], "conv_mg": ["250"]}}}
    monkeypatch.setattr(links, "LINK_DEFAULTS", {**future, 2: LINK_DEFAULTS[1]})
    monkeypatch.setattr(links, "LINK_VERSION", 2)
    import magui.layout as layout

    monkeypatch.setattr(layout, "legacy_values", links.legacy_values)
    old_link = run_page("compare", {"v": "1"})
    assert old_link.number_input(key="conv_mg").value == 250
    new_link = run_page("compare", {"v": "2"})
    new_link.session_state["_compare_open_converter"] = True  # drawn once opened (issue 18)
    assert new_link.run().number_input(key="conv_mg").value == 500


def test_pages_are_all_recorded():
    assert {p if p else "home" for p in PAGES} == set(LINK_DEFAULTS[LINK_VERSION])
