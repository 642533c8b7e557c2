"""Keep the long-lived objects out of the garbage collector's way.

A full collection walks every tracked object: the food
tables, the search index, pandas/Altair/Vega-Lite schema modules. Streamlit's
``runner.postScriptGC`` ran one after every script run (about 100 ms of server
CPU per interaction here, measured with py-spy; see benchmarks/README.md); it is
off in ``.streamlit/config.toml``, and Python's own collector still makes full
passes now and then. ``gc.freeze()`` moves the objects alive at that moment into
a permanent generation that collections skip, so each pass only walks what the
latest runs created. It is called once per page per process, after the page's
first complete run, when its imports and caches are warm. The cost: cyclic
garbage that exists at that moment is never collected (a few objects, once per
page per process). Reference counting still frees everything else as usual.
"""

from __future__ import annotations

import gc
import threading

_frozen_pages: set[str] = set()
_lock = threading.Lock()


def freeze_after_first_run(page: str) -> bool:
    """Freeze the objects alive now, the first time ``page`` finished a run here.

    Returns True when it froze (for tests and benchmarks).
    """
    with _lock:
        if page in _frozen_pages:
            return False
        _frozen_pages.add(page)
    gc.collect()  # drop today's garbage first, so it is not frozen
    gc.freeze()
    return True
