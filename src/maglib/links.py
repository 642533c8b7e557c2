"""Shareable links: which URL parameters each page reads, and checking them.

Each page's URL-visible settings are declared once as :class:`Param` specs (in
the page's domain module, as ``PARAMS``). The Streamlit glue builds the bound
widgets from the same specs, so the widget's default, range and options and
the link validator can never disagree.

Streamlit's ``bind="query-params"`` already drops values it cannot use, but
silently. :func:`check_query` finds them first so the page can say what it
ignored and why — and it is stricter than Streamlit (markup, oversize,
repeats, unknown names), so anything it accepts, Streamlit accepts too.

Defaults are part of a link's meaning (a bound widget leaves its default out
of the URL), so links carry a version ``v``; see :data:`LINK_VERSION`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "DROPPED_KEY",
    "LINK_DEFAULTS",
    "LINK_VERSION",
    "MAX_PARAMS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_FIELDS",
    "MAX_VALUE_CHARS",
    "VALUE_NOT_SHOWN",
    "VERSION_KEY",
    "Ignored",
    "Param",
    "check_query",
    "check_query_string",
    "check_version",
    "code_span",
    "defaults_snapshot",
    "dropped_link",
    "escape_inline",
    "escape_markdown",
    "foreign_names_line",
    "invisible_character",
    "is_tracking_key",
    "iso_date",
    "legacy_values",
    "notice_lines",
    "renamed_query",
    "serialize",
    "showable",
    "shown_value",
]

#: Bump when any default in any page's PARAMS changes, and record the old
#: defaults so old links keep their meaning (a test enforces this).
LINK_VERSION = 13
VERSION_KEY = "v"
#: More parameters than this in one link is not a link a person made.
MAX_PARAMS = 60
MAX_VALUE_CHARS = 200
#: Streamlit 1.67 reads no parameter at all from a query string with more
#: fields or characters than these (streamlit.runtime.state.query_params:
#: CLIENT_STATE_QUERY_STRING_MAX_FIELDS / _MAX_LENGTH) — silently; the app
#: checks the raw string against the same numbers so it can say so.
MAX_QUERY_FIELDS = 1000
#: Tags that messaging, social and e-mail apps append to a shared link (Facebook's ``fbclid``,
#: Google's ``gclid``, newsletters' ``utm_*``, ...). They set nothing and carry no answer, so a page
#: removes them without a notice: a good link sent through Messenger is not "partly unreadable".
TRACKING_KEYS = frozenset(
    {
        "fbclid",
        "gclid",
        "gbraid",
        "wbraid",
        "dclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "yclid",
        "twclid",
        "ttclid",
    }
)
TRACKING_PREFIXES = ("utm_",)
MAX_QUERY_CHARS = 512 * 1024
#: The proxy (deploy/nginx) answers a link with more than MAX_QUERY_FIELDS parameters with a
#: redirect to ``?link_dropped=1``: Streamlit would read none of them and the page would never
#: know (the server drops such a query string before the script runs). The page names it.
DROPPED_KEY = "link_dropped"
#: Same-reason lines a notice lists before it sums the rest up in one line.
NOTICE_LINES_PER_REASON = 3

Kind = Literal["choice", "multi", "int", "float", "bool", "date", "time", "text"]

_MARKUP = re.compile(r"[<>]|javascript:|data:|&#|\\u00", re.IGNORECASE)
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$", re.ASCII)


@dataclass(frozen=True)
class Param:
    """One URL-visible setting of a page.

    ``key`` is both the widget key and the query-parameter name. ``options``
    are the exact strings the widget shows (and the URL carries) for choice
    and multi kinds. Number bounds are inclusive.
    """

    key: str
    kind: Kind
    default: object
    options: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    max_items: int | None = None
    max_len: int = 80
    min_date: dt.date | None = None
    max_date: dt.date | None = None
    step: float | None = None
    #: Text kinds only: the whole value must match this regular expression;
    #: ``pattern_hint`` says in words what it allows (shown in the notice).
    pattern: str | None = None
    pattern_hint: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)
    #: Multi kinds only: a list whose every entry adds a protection (the medicines, each with its
    #: spacing or its stop) keeps its known entries, once each, when others are unknown or repeated;
    #: any other list is used whole or not at all (a medicine's dose times: one time dropped from a
    #: list would leave its window out; adversarial review, 2026-12-05).
    keep_known: bool = False

    def __post_init__(self) -> None:
        if self.kind in {"choice", "multi"} and not self.options:
            raise ValueError(f"{self.key}: a {self.kind} param needs options")
        problem = _problem(self, self.default)
        if problem is not None:
            raise ValueError(f"{self.key}: default {self.default!r} is invalid: {problem}")


@dataclass(frozen=True)
class Ignored:
    """A query parameter that was not used, with a plain-text reason."""

    key: str  #: the parameter's full name, as in the URL (the page removes it by this name)
    value: str  #: a short, visible excerpt of its value (see :func:`shown_value`)
    reason: str
    #: Not one of the page's settings: its value is never shown, and its name only when it reads
    #: like a setting's name (planning list, session 58: a crafted link's "Take 2000 mg = 1" was
    #: echoed on the page as if the app said it).
    foreign: bool = False
    #: What the setting is now, in the page's own words (:func:`setting_text`; never from the link), or "":
    #: a damaged link's age fell back to 45 without a word of it (phone review, session 59).
    now: str = ""

    @property
    def shown_key(self) -> str:
        """The name cut for display (a name can be 100 KB long)."""
        return shown_value(self.key)


#: Characters that are invisible or change how the text around them is shown:
#: control characters (NUL, tab, newline…), format characters (zero-width
#: space/joiner, the bidi overrides and isolates U+202A-202E and U+2066-2069,
#: soft hyphen…), line/paragraph separators, private-use, surrogate and
#: unassigned code points.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES


def _code_point(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def invisible_character(text: str) -> str | None:
    """``U+200B ZERO WIDTH SPACE`` for the first invisible or control character in ``text``; else None."""
    for char in text:
        if _is_invisible(char):
            return _code_point(char)
    return None


def shown_value(value: str, limit: int = 40) -> str:
    """A raw URL value cut to ``limit`` characters for display, invisible characters made visible.

    A zero-width, bidi-override or control character would be carried into
    the notice (and could reorder or hide what it shows); it is shown as its
    code point instead (``<U+202E>``).
    """
    if any(_is_invisible(char) for char in value[: limit * 2]):
        value = "".join(f"<U+{ord(c):04X}>" if _is_invisible(c) else c for c in value[: limit * 2])
    return value if len(value) <= limit else value[: limit - 1] + "…"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def code_span(text: str) -> str:
    """``text`` as a Markdown code span: shown literally — no link, emphasis or markup.

    Escaping alone is not enough for text from a URL: Markdown renderers turn
    ``https://…`` into a live link even when its punctuation is escaped. The
    fence is one backtick longer than any run inside the text (CommonMark).
    """
    flat = " ".join(text.splitlines()) or "(empty)"
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat[0] == "`" or flat[-1] == "`" else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so user text renders as plain text."""
    return _MD_SPECIAL.sub(r"\\\1", text)


#: What Markdown and Streamlit's directives (":red[…]", ":material/…:") read inside a line; "-", ".", "+", "#",
#: "!" and round brackets matter only at a line's start or after "]".
_MD_INLINE = re.compile(r"([\\`*_{}\[\]<>~$:|])")


def escape_inline(text: str) -> str:
    """Backslash-escape what Markdown reads inside a line, for user text shown mid-sentence in a widget's
    label, never at a line's start: the label's aria-label carries it as written, so a screen reader reads
    fewer backslashes ("Co-Diovan 80/12.5" keeps none; re-review, session 53)."""
    return _MD_INLINE.sub(r"\\\1", " ".join(text.split()))


def _problem(param: Param, value: object) -> str | None:
    """Why ``value`` (already parsed) is not valid for ``param``; None if valid."""
    kind = param.kind
    if kind == "choice":
        return None if value in param.options else "not one of the choices"
    if kind == "multi":
        if not isinstance(value, list | tuple):
            return "not a list"
        if len(set(value)) != len(value):
            return "repeats a choice"
        unknown = [v for v in value if v not in param.options]
        if unknown:
            return "not one of the choices"
        if param.max_items is not None and len(value) > param.max_items:
            return f"more than {param.max_items} choices"
        return None
    if kind in {"int", "float"}:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "not a number"
        if not math.isfinite(value):
            return "not a finite number"
        if kind == "int" and int(value) != value:
            return "not a whole number"
        if param.min_value is not None and value < param.min_value:
            return f"below the minimum {_fmt(param.min_value)}"
        if param.max_value is not None and value > param.max_value:
            return f"above the maximum {_fmt(param.max_value)}"
        return None
    if kind == "bool":
        return None if isinstance(value, bool) else "not true or false"
    if kind == "date":
        if not isinstance(value, dt.date):
            return "not a date"
        if param.min_date is not None and value < param.min_date:
            return f"before {param.min_date.isoformat()}"
        if param.max_date is not None and value > param.max_date:
            return f"after {param.max_date.isoformat()}"
        return None
    if kind == "time":
        return None if isinstance(value, dt.time) else "not a time of day"
    if kind == "text":
        if not isinstance(value, str):
            return "not text"
        if len(value) > param.max_len:
            return f"longer than {param.max_len} characters"
        if param.pattern is not None and re.fullmatch(param.pattern, value) is None:
            return f"not in the expected form ({param.pattern_hint or param.pattern})"
        if value and (param.min_date is not None or param.max_date is not None):
            # A date kept as text (its field takes typing): a real calendar date, in range
            # (adversarial link review, 2026-12-05: 2026-02-30 passed, and 9999-12-31 crashed /trial).
            day = iso_date(value)
            if day is None:
                return "not a date (YYYY-MM-DD)"
            if param.min_date is not None and day < param.min_date:
                return f"before {param.min_date.isoformat()}"
            if param.max_date is not None and day > param.max_date:
                return f"after {param.max_date.isoformat()}"
        return None
    return "unknown kind"  # pragma: no cover - Kind is closed


def iso_date(text: str) -> dt.date | None:
    """``text`` as a calendar date written YYYY-MM-DD in ASCII digits, else None.

    Stricter than ``date.fromisoformat``, which (Python 3.11) also reads "20270105", "2026-W53-1"
    and other digits: a date field and the link check must agree on what a date is (adversarial
    review, 2026-12-05: a start typed as 20270105 was planned, then called a broken link).
    """
    text = text.strip()  # a phone keyboard's trailing space is not a different date
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _parse(param: Param, values: Sequence[str]) -> tuple[object, str | None]:
    """Parse the raw URL strings for one param: (value, problem)."""
    if param.kind == "multi":
        return list(values), None
    if len(values) != 1:
        return None, f"given {len(values)} times (expected once)"
    raw = values[0]
    kind = param.kind
    try:
        if kind in {"choice", "text"}:
            return raw, None
        if kind == "int":
            if not re.fullmatch(r"[+-]?\d{1,9}", raw.strip(), re.ASCII):
                # A whole number too long to be any setting's value is said so (input review,
                # 2026-12-05: trial_seed=99999999999 was called "not a whole number").
                if re.fullmatch(r"[+-]?\d{10,}", raw.strip(), re.ASCII):
                    return None, "a whole number with too many digits"
                return None, "not a whole number"
            return int(raw), None
        if kind == "float":
            if not re.fullmatch(r"[+-]?(\d{1,12}(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?", raw.strip(), re.ASCII):
                return None, "not a number"
            return float(raw), None
        if kind == "bool":
            lowered = raw.lower()
            if lowered not in {"true", "false"}:
                return None, "not true or false"
            return lowered == "true", None
        if kind == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw, re.ASCII):
                return None, "not a date (YYYY-MM-DD)"
            return dt.date.fromisoformat(raw), None
        if kind == "time":
            match = _TIME.match(raw)
            if match is None:
                return None, "not a time of day (HH:MM)"
            return dt.time(int(match.group(1)), int(match.group(2))), None
    except ValueError:
        return None, f"not a valid {kind}"
    return None, "unknown kind"  # pragma: no cover


def is_tracking_key(key: str) -> bool:
    """Is ``key`` a tag an app appended to the link (never one of this app's settings)?"""
    folded = key.strip().lower()
    return folded in TRACKING_KEYS or folded.startswith(TRACKING_PREFIXES)


def check_version(raw: Mapping[str, Sequence[str]]) -> tuple[int, list[Ignored]]:
    """The link version a query asks for (current if absent or unreadable)."""
    values = list(raw.get(VERSION_KEY, []))
    if not values:
        return LINK_VERSION, []
    text = values[-1]
    if len(values) == 1 and re.fullmatch(r"\d{1,4}", text, re.ASCII) and 1 <= int(text) <= LINK_VERSION:
        return int(text), []
    # Given more than once, it is not known which was meant (adversarial link review, 2026-12-05:
    # "v=1&v=7" was called "v = 7 — unknown link version (this app reads 1 to 7)").
    reason = (
        f"given {len(values)} times; read as the current one ({LINK_VERSION})"
        if len(values) > 1
        else f"unknown link version (this app reads 1 to {LINK_VERSION}); read as the current one"
    )
    shown = shown_value(", ".join(values)) if showable(values) else VALUE_NOT_SHOWN
    return LINK_VERSION, [Ignored(VERSION_KEY, shown, reason)]


def renamed_query(
    raw: Mapping[str, Sequence[str]], renamed: Mapping[str, str]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """A query with its old keys read as today's (``renamed``: old key → key), and the keys moved.

    An old key is read only where the link does not also give today's key (that one wins), so an old
    link keeps its meaning and a new one is never changed.
    """
    query = {key: list(values) for key, values in raw.items()}
    moved: dict[str, str] = {}
    for old, new in renamed.items():
        if old in query and new not in query:
            query[new] = query.pop(old)
            moved[old] = new
    return query, moved


def check_query(
    raw: Mapping[str, Sequence[str]],
    params: Sequence[Param],
    *,
    passthrough: Sequence[str] = (VERSION_KEY,),
) -> tuple[dict[str, object], list[Ignored]]:
    """Split a query into usable values and ignored parameters.

    ``raw`` maps each parameter name to all its values, in URL order.
    ``passthrough`` names are accepted without checking (handled elsewhere).
    Returns ``(valid, ignored)``: ``valid`` maps param keys to parsed values;
    every other parameter is in ``ignored`` with the reason, in URL order.
    """
    by_key = {p.key: p for p in params}
    valid: dict[str, object] = {}
    ignored: list[Ignored] = []
    for position, (key, values) in enumerate(raw.items()):
        values = list(values)
        # Every value of a repeated key (pharmacist review: "age = 45 — given 2 times" hid the 17); a value
        # that reads as a sentence is not shown at all (:func:`showable`).
        shown = (
            shown_value(", ".join(values[:4]) + (", …" if len(values) > 4 else ""))
            if showable(values)
            else VALUE_NOT_SHOWN
        )
        param = by_key.get(key)
        if position >= MAX_PARAMS:
            ignored.append(Ignored(key, shown, "too many parameters in the link", foreign=param is None))
            continue
        if key in passthrough:
            continue
        if param is None:
            ignored.append(Ignored(key, shown, NOT_A_SETTING, foreign=True))
            continue
        too_long = any(len(v) > MAX_VALUE_CHARS for v in values)
        if too_long or len(values) > max(param.max_items or 1, 1) * 2 + 4:
            ignored.append(Ignored(key, shown, "too long"))
            continue
        hidden = next((c for c in map(invisible_character, values) if c is not None), None)
        if hidden is not None:
            ignored.append(Ignored(key, shown, f"contains an invisible or control character ({hidden})"))
            continue
        if any(_MARKUP.search(v) for v in values):
            ignored.append(Ignored(key, shown, "contains markup or script; never used"))
            continue
        value, problem = _parse(param, values)
        if problem is None:
            problem = _problem(param, value)
            if problem is not None and param.keep_known and isinstance(value, list):
                # The known choices are used, once each, and only the others ignored (input review,
                # 2026-12-05: one unknown medicine dropped the link's levothyroxine and its spacing;
                # raltegravir given twice dropped the whole list, and with it the "no plan" it brings).
                known = list(dict.fromkeys(v for v in value if v in param.options))
                unknown = [v for v in value if v not in param.options]
                if known and _problem(param, known) is None:
                    ignored.append(
                        Ignored(
                            key,
                            shown_value(", ".join(unknown)) if showable(unknown) else VALUE_NOT_SHOWN,
                            "not one of the choices; the others were used",
                        )
                        if unknown
                        else Ignored(key, shown, "repeats a choice; each was used once")
                    )
                    value, problem = known, None
        if problem is not None:
            ignored.append(Ignored(key, shown, problem))
        elif value != (list(param.default) if isinstance(param.default, tuple) else param.default):
            valid[key] = value
    return valid, ignored


def check_query_string(query_string: str) -> Ignored | None:
    """Why Streamlit will read nothing from this raw query string, if it will not.

    Streamlit drops a query string of more than :data:`MAX_QUERY_FIELDS`
    parameters or :data:`MAX_QUERY_CHARS` characters without a word (the
    page then sees no parameters at all); this names it so the page can say so
    and clear the address. Counted as Streamlit counts (``&`` + 1).
    """
    if not query_string:
        return None
    fields = query_string.count("&") + 1
    if len(query_string) > MAX_QUERY_CHARS:
        reason = (
            f"the link's settings are {len(query_string):,} characters long "
            f"(at most {MAX_QUERY_CHARS:,} are read); none of them was used"
        )
    elif fields > MAX_QUERY_FIELDS:
        reason = f"the link has {fields:,} parameters (at most {MAX_QUERY_FIELDS:,} are read); none of them was used"
    else:
        return None
    return Ignored("(whole link)", shown_value(query_string), reason)


def dropped_link(raw: Mapping[str, Sequence[str]]) -> Ignored | None:
    """The proxy's mark of a link Streamlit would have dropped whole (see :data:`DROPPED_KEY`)."""
    if DROPPED_KEY not in raw:
        return None
    return Ignored(
        DROPPED_KEY,
        "(all of it)",
        f"the link had more than {MAX_QUERY_FIELDS:,} parameters, and this app reads none of such a link",
    )


NOT_A_SETTING = "not a setting of this page"
#: A bad value that reads as a sentence: not shown (:func:`showable`).
VALUE_NOT_SHOWN = "(a text, not shown)"
#: A value the notice may show: printed ASCII, at most two words (a typo, a number, a tag, a choice's name).
_SHOWABLE = re.compile(r"(?:[\x21-\x7e]{1,40}(?: [\x21-\x7e]{1,40})?)?", re.ASCII)


def showable(values: Sequence[str]) -> bool:
    """Whether a link's values may be shown in the notice: each printed ASCII of at most two words, so a
    crafted link cannot make a page seem to say a sentence ("Take 2000 mg tonight, safe in pregnancy", or the
    same with look-alike blanks such as U+2800; adversarial re-review, session 59)."""
    return all(_SHOWABLE.fullmatch(value) for value in values)


def foreign_names_line(count: int) -> str:
    """The notice's one line for the parameters that are not the page's settings: counted, never named (a
    crafted link's names, "Take 2000 mg" or "safe_in_pregnancy", read as the app's own words; planning list,
    session 58, and pharmacist review, session 59)."""
    return (
        f"- {count:,} parameter{'s' if count != 1 else ''} that {'are' if count != 1 else 'is'} not a setting of "
        "this page (names not shown)"
    )


def setting_text(param: Param, value: object) -> str:
    """A setting's value as the page shows it, for the notice's "now …": a choice's own words, a number,
    "ticked" or "not ticked", a list's entries or "none". Never a link's text: ``value`` is the page's."""
    if param.kind == "bool":
        return "ticked" if value else "not ticked"
    if param.kind == "multi":
        return ", ".join(map(str, value)) if value else "none"  # type: ignore[call-overload]
    return shown_value(serialize(param, value)[0])


def notice_lines(ignored: Sequence[Ignored], per_reason: int = NOTICE_LINES_PER_REASON) -> list[str]:
    """The notice's Markdown list: one line per ignored parameter, URL text only in code spans.

    At most ``per_reason`` lines for one reason; the rest of that reason is
    one line with a count (500 junk parameters make 4 lines, not 500).
    """
    lines: list[str] = []
    seen: dict[str, int] = {}
    foreign = 0
    for item in ignored:
        if item.foreign and item.reason == NOT_A_SETTING:
            foreign += 1
            continue
        seen[item.reason] = seen.get(item.reason, 0) + 1
        if seen[item.reason] <= per_reason:
            reason = escape_markdown(item.reason) + (f"; now {code_span(item.now)}" if item.now else "")
            if item.foreign:
                lines.append(f"- a parameter (name not shown) — {reason}")
            elif item.value == VALUE_NOT_SHOWN:
                lines.append(f"- {code_span(item.shown_key)} = {VALUE_NOT_SHOWN} — {reason}")
            else:
                lines.append(f"- {code_span(item.shown_key)} = {code_span(item.value)} — {reason}")
    if foreign:
        lines.insert(0, foreign_names_line(foreign))
    for reason, count in seen.items():
        if count > per_reason:
            more = count - per_reason
            lines.append(
                f"- … and {more:,} more parameter{'s' if more != 1 else ''} — {escape_markdown(reason)}"
            )
    return lines


def serialize(param: Param, value: object) -> list[str]:
    """The URL strings Streamlit's binding uses for ``value`` (repeated for lists)."""
    kind = param.kind
    if kind == "multi":
        return [str(v) for v in value]  # type: ignore[attr-defined]
    if kind == "bool":
        return ["true" if value else "false"]
    if kind == "int":
        return [str(int(value))]  # type: ignore[call-overload]
    if kind == "float":
        number = float(value)  # type: ignore[arg-type]
        return [str(int(number)) if number.is_integer() else repr(number)]
    if kind == "date":
        return [value.isoformat()]  # type: ignore[attr-defined]
    if kind == "time":
        return [value.strftime("%H:%M")]  # type: ignore[attr-defined]
    return [str(value)]


def defaults_snapshot(params: Sequence[Param]) -> dict[str, list[str]]:
    """Each param's default as URL strings: what a link means where it is silent."""
    return {p.key: serialize(p, p.default) for p in params}


#: Defaults of every page's params for each link version, as URL strings
#: (page → key → values), generated into maglib/link_history.py. A link that
#: says ``v=N`` for an older N means these defaults where it is silent. The
#: entry for LINK_VERSION must equal today's PARAMS (tests/test_link_versions.py);
#: when a default changes, bump LINK_VERSION and run
#: scripts/snapshot_link_defaults.py — never edit an old entry.
from maglib.link_history import LINK_DEFAULTS  # noqa: E402


def legacy_values(
    version: int,
    page: str,
    params: Sequence[Param],
    present: Sequence[str],
    history: Mapping[int, Mapping[str, Mapping[str, Sequence[str]]]] | None = None,
) -> dict[str, object]:
    """Values to apply so an old link keeps its meaning.

    For a link of an older ``version``, every param the link leaves out
    (``present`` lists the ones it has) whose default then differs from
    today's default gets the old default back, unless the param says
    ``extra={"legacy_default": False}`` (an answer the app never fills in).
    """
    table = LINK_DEFAULTS if history is None else history
    if version >= LINK_VERSION or version not in table:
        return {}
    old = table[version].get(page, {})
    result: dict[str, object] = {}
    for param in params:
        if param.key in present or param.key not in old:
            continue
        if param.extra.get("legacy_default") is False:  # a safety answer is never filled in for a person
            continue
        if list(old[param.key]) == serialize(param, param.default):
            continue
        value, problem = _parse(param, list(old[param.key]))
        if problem is None and _problem(param, value) is None:
            result[param.key] = value
    return result
