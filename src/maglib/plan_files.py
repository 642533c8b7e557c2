"""The plan's CSV download, written from the plan table the page already built.

``maglib.schedule.plan_csv(plan)`` builds the table again and goes through pandas (every cell to
text, a regex over every cell, ``to_csv``): about a millisecond per rerun of the plan. This writes
the same bytes from the table in hand with the standard ``csv`` writer (the one pandas uses), so
the page builds the table once. ``tests/test_plan_files.py`` checks it byte for byte against
``plan_csv`` (plans and arbitrary tables).
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

__all__ = ["plan_csv"]

#: A whole number's ".0" at the end of a cell (``re``'s ``$``: the end, or before a final newline),
#: as ``plan_table_text`` removes it.
_WHOLE = re.compile(r"\.0$")


def _cell(value: object) -> str:
    return _WHOLE.sub("", str(value))


def plan_csv(table: pd.DataFrame) -> bytes:
    """``table`` (``maglib.schedule.plan_table(plan)``) as the CSV bytes of ``plan_csv(plan)``.

    UTF-8 with a byte-order mark (Excel shows "½" as "Â½" without it), whole numbers without
    ".0", CRLF line ends, quoted only where needed; the header is the column names as they are.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(c) for c in table.columns])
    columns = [[_cell(v) for v in table[c].tolist()] for c in table.columns]
    writer.writerows(zip(*columns, strict=True))
    return out.getvalue().encode("utf-8-sig")
