"""magui.memory: long-lived objects are frozen once per page, after its first run."""

from __future__ import annotations

import gc
import tomllib
import weakref
from pathlib import Path

import pytest

from magui import memory


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(memory, "_frozen_pages", set())
    yield memory
    gc.unfreeze()  # give the test process its collector back


def test_freezes_once_per_page(fresh):
    before = gc.get_freeze_count()
    kept = [object(), {"long": "lived"}]  # alive now: moved to the permanent generation
    assert fresh.freeze_after_first_run("diet") is True
    assert gc.get_freeze_count() > before
    assert fresh.freeze_after_first_run("diet") is False  # the second run of the page changes nothing
    assert fresh.freeze_after_first_run("journal") is True  # another page's first run
    assert kept


def test_garbage_cycles_from_before_are_collected_not_frozen(fresh):
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle only the collector can free
    gone = weakref.ref(a)
    del a, b
    assert gone() is not None  # reference counting alone cannot free a cycle
    fresh.freeze_after_first_run("compare")
    assert gone() is None  # collected before the freeze, so not kept forever


def test_the_server_config_turns_streamlits_post_run_collection_off():
    """The measured choice in .streamlit/config.toml (a full gc.collect(2) after every run)."""
    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["postScriptGC"] is False
