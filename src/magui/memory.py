"""Keep the server's one Python process responsive: the collector and the GIL.

**Garbage collection.** A full collection walks every tracked object: the food
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

**The GIL.** Every session's script runs in its own thread, and one event-loop
thread sends each run's messages to the browsers, one message at a time. Python
lets a running thread keep the GIL for 5 ms before it must hand it over, so while
other sessions' scripts run, the sending thread waits up to 5 ms per message.
:func:`share_the_gil` shortens that to :data:`SWITCH_INTERVAL_S`.
"""

from __future__ import annotations

import gc
import sys
import threading

#: Seconds a thread may hold the GIL while others wait (Python's default: 0.005).
#: benchmarks.ws_load, 20 sessions with a step a second each, two runs each way: server
#: time per step p50 44/66 → 30/39 ms, p95 350/395 → 300/362 ms.
SWITCH_INTERVAL_S = 0.001

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


def share_the_gil() -> None:
    """Set the GIL switch interval of this process to :data:`SWITCH_INTERVAL_S` (idempotent)."""
    if sys.getswitchinterval() != SWITCH_INTERVAL_S:
        sys.setswitchinterval(SWITCH_INTERVAL_S)
