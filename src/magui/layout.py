"""Page frame: link check and notice at the top; share box and provenance at the bottom."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import os
import re
from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from maglib.links import (
    LINK_VERSION,
    VERSION_KEY,
    Ignored,
    Param,
    check_query,
    check_query_string,
    check_version,
    dropped_link,
    is_tracking_key,
    legacy_values,
    notice_lines,
    renamed_query,
    setting_text,
)
from maglib.profile import PROFILE_PARAMS, stage_link_conflict
from magui.data import dataset

#: Where the hosted app lives, for share links (env var, or secrets.toml key).
BASE_URL_KEY = "PUBLIC_BASE_URL"
_PAGE_KEY = "_page_link_params"


def _raw_query() -> dict[str, list[str]]:
    return {key: list(st.query_params.get_all(key)) for key in st.query_params}


def _drop(key: str) -> None:
    with contextlib.suppress(KeyError, StreamlitAPIException):
        del st.query_params[key]


def drop_from_link(key: str) -> None:
    """Take ``key`` out of the address before its bound widget is drawn: the widget starts at its
    default, as for a value the link check refused."""
    _drop(key)
    reseed_widgets_from_url()


def reseed_widgets_from_url() -> None:
    """Make bound widgets seed from the cleaned URL, not the one the page loaded with.

    Streamlit seeds bound widgets from a snapshot of the URL taken at page load,
    not from ``st.query_params``, so deleting a bad value alone does not keep it
    from the widget — and an int ``number_input`` given ``inf`` raises
    OverflowError inside Streamlit (1.67 catches only ValueError/TypeError/
    IndexError there). Streamlit re-takes this snapshot from the filtered params
    after a page switch; do the same. Internal API: if it moves, Streamlit's own
    (silent) validation still applies and tests/test_hostile_links.py fails loudly.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with contextlib.suppress(AttributeError), ctx.session_state.query_params() as params:
        params.set_initial_query_params_from_current()


def unbind_other_pages(keys: Sequence[str]) -> None:
    """Let this page write ``keys`` to the URL although a widget of the page left just now was bound
    to them (Streamlit drops such a binding only at the end of this page's first complete run, and
    until then ``st.query_params[key] = …`` raises "bound to a widget"). Bindings of this page's own
    widgets stay. Internal API, as above: if it moves, nothing is unbound and
    tests/test_compare_page.py (the visit's profile in /compare's link) fails loudly.
    """
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with contextlib.suppress(AttributeError), ctx.session_state.query_params() as params:
        for key in keys:
            binding = params._bindings_by_param.get(key)
            if binding is not None and binding.script_hash != ctx.page_script_hash:
                params.unbind_widget(binding.widget_id)


#: The visit's profile (magui.profile keeps it; read here for a link's pregnancy answer).
PROFILE_MEMORY = "_profile_memory"


def _with_now(item: Ignored) -> Ignored:
    """``item`` saying what its setting is now (phone review, session 59: a damaged link's age became 45
    without a word): the field's value this run, else the visit's answer (magui.profile puts it back where the
    link is silent), else the default. The profile's settings only: on every page and always in use (a page's
    own may not be used at all: a pregnancy plan has no starting dose; re-review, session 60). Worked out each
    time the notice is drawn, so a value changed since reads as it is (re-review: "now 45" beside an age of 60)."""
    param = next((p for p in PROFILE_PARAMS if p.key == item.key), None)
    if param is None or item.foreign:
        return item
    memory = st.session_state.get(PROFILE_MEMORY) or {}
    value = st.session_state.get(param.key, memory.get(param.key, param.default))
    return dataclasses.replace(item, now=setting_text(param, value))


def _notice(ignored: Sequence[Ignored]) -> None:
    st.warning(
        # "unless a line says otherwise": a medicine list keeps its known entries (adversarial review,
        # 2026-12-05: the head said every named setting was at its default).
        "Part of this link could not be used; those settings are at their defaults unless a line says "
        "otherwise.\n\n" + "\n".join(notice_lines([_with_now(item) for item in ignored])),
        icon=":material/link_off:",
    )


def _unread_query_string() -> Ignored | None:
    """The address's whole query string, if Streamlit dropped it (too many parameters or characters)."""
    ctx = get_script_run_ctx()
    return None if ctx is None else check_query_string(ctx.query_string)


def _leave_legacy_multipage_mode() -> None:
    """Make sure app.py's navigation (and page config) is in charge.

    Streamlit 1.67 treats a ``pages/`` folder beside the entry script as a legacy
    (v1) multipage app until ``st.navigation`` has run once in the process. If the
    first request after a server start is a sub-page link (a shared
    ``/schedule?...`` on a cold server), Streamlit runs that page file directly —
    without app.py's navigation or page config — and keeps doing so for every
    session until someone opens the home page. Switch the process-wide flag off
    and rerun: app.py then runs and resolves the same page (the page hash is the
    hash of the url_path in both modes).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_setup(
    page: str, params: Sequence[Param] = (), renamed: Mapping[str, str] | None = None
) -> list[Ignored]:
    """Check this page's link before any widget reads it.

    Values the page cannot use are removed from the URL (so Streamlit's bound
    widgets fall back to their defaults) and listed in a visible notice. The
    profile keys are accepted on every page so the profile survives a visit
    to a page that does not show it. A link of an older version gets that
    version's defaults where it is silent. A key the page's links had before (``renamed``: old key →
    key) is read as today's, and the address says it so.

    Returns what this run's link check could not use (empty for a clean link, and on the runs
    after the first: the unusable parts are gone from the address by then).
    """
    _leave_legacy_multipage_mode()
    dataset()  # stops the page here, with a clear message, if a data file is broken
    known = {p.key: p for p in (*PROFILE_PARAMS, *params)}
    st.session_state[_PAGE_KEY] = (page, tuple(known.values()))
    raw = _raw_query()
    # Tags a messaging or e-mail app appended (fbclid, utm_source, ...): gone without a notice.
    for key in [k for k in raw if is_tracking_key(k)]:
        _drop(key)
        del raw[key]
    version, version_notes = check_version(raw)
    raw, moved = renamed_query(raw, renamed or {})
    for old, new in moved.items():
        _drop(old)
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[new] = raw[new]
    if moved:
        reseed_widgets_from_url()
    marked = dropped_link(raw)
    checked = {k: v for k, v in raw.items() if marked is None or k != marked.key}
    usable, ignored = check_query(checked, list(known.values()))
    # A pregnancy answer the link's own profile cannot have (a man, or 70): named and dropped.
    conflict = stage_link_conflict(usable, st.session_state.get(PROFILE_MEMORY))
    if conflict is not None:
        ignored.append(conflict)
    # A value typed into this session's own field (a widget that already holds its key) is not a
    # link's: the field says itself that it was not used (phone review, 2026-12-04: age 999 typed
    # in the field was also called "Part of this link could not be used").
    # Only a number field's own key: it says itself what it did not use (adversarial review,
    # 2026-12-04: any key in session state was let through, e.g. "?_page_link_params=x").
    # Date fields typed as text too: their pages say beside the field what they did not use (keyboard
    # review, 2026-12-05: a mistyped /trial first night was named only as a broken link, far up the page).
    ignored = [
        item
        for item in ignored
        if not (
            item.key in known
            and (known[item.key].kind in ("int", "float") or known[item.key].min_date is not None)
            and item.key in st.session_state
        )
    ]
    ignored = [*version_notes, *ignored]
    if marked is not None:
        ignored.append(marked)
    unread = _unread_query_string()
    if unread is not None:
        # Streamlit read nothing from this address: say so, and clear it (else the share link keeps it).
        ignored.append(unread)
        with contextlib.suppress(StreamlitAPIException):
            st.query_params.clear()
    dropped = [item.key for item in ignored if item.key in raw]
    for key in dropped:
        _drop(key)
        if isinstance(usable.get(key), list):
            # A list whose unknown choices alone were ignored keeps the others (input review,
            # 2026-12-05): the address, and so the bound widget, holds only those.
            with contextlib.suppress(StreamlitAPIException):
                st.query_params[key] = [str(v) for v in usable[key]]
    if dropped:
        reseed_widgets_from_url()
    for key, value in legacy_values(version, page, list(known.values()), list(raw)).items():
        st.session_state[key] = value
    state_key = f"_ignored_{page}"
    if ignored:
        st.session_state[state_key] = ignored
    if st.session_state.get(state_key):
        _notice(st.session_state[state_key])
    return ignored


def link_refused(page: str, key: str) -> bool:
    """Whether the link this page last opened with carried ``key`` and it could not be used (the page's notice
    names it): what stands in for it is a default, not the sender's value."""
    return any(item.key == key for item in st.session_state.get(f"_ignored_{page}") or ())


def _configured_base_url() -> str:
    """The hosted app's public address, if configured (env var, then secrets.toml)."""
    configured = os.environ.get(BASE_URL_KEY)
    if not configured:
        with contextlib.suppress(Exception):  # no secrets file is the normal local case
            configured = st.secrets.get(BASE_URL_KEY)
    configured = str(configured or "").strip().rstrip("/")
    return configured if re.fullmatch(r"https?://[^\s\"'<>]+", configured) else ""


# The share box runs in the browser: it reads the page's own current address,
# which Streamlit keeps in step with every bound widget — also after an
# st.fragment rerun, which would leave a server-drawn link stale. The script is
# a constant (so a Content-Security-Policy can allow exactly it by its hash: see
# scripts/csp.py); the only inserted values — the operator's configured base URL
# and the link version — are HTML-escaped attributes it reads. Text is written
# with textContent, never as markup.
SHARE_SCRIPT = """
const el = document.getElementById("link");
// An address Streamlit reads nothing from (over 1,000 parameters or 512 KiB: the server drops
// it whole before the page runs) must not stay in the address bar or reach a shared link.
(function () {
  const loc = window.parent.location;
  if (loc.search.split("&").length > 1000 || loc.search.length > 512 * 1024) {
    window.parent.history.replaceState(window.parent.history.state, "", loc.pathname);
  }
})();
const BASE = el.dataset.base;
const VERSION_KEY = el.dataset.versionKey;
const VERSION = el.dataset.version;
function current() {
  const loc = window.parent.location;
  const params = new URLSearchParams(loc.search);
  // Streamlit's own display switches (a page embedded in another site), not the view's settings.
  params.delete("embed");
  params.delete("embed_options");
  params.delete(VERSION_KEY);
  params.append(VERSION_KEY, VERSION);
  return (BASE || loc.origin) + loc.pathname + "?" + params.toString();
}
function refresh() { const link = current(); if (el.textContent !== link) el.textContent = link; }
// One live region for the whole app, in the page itself (this frame comes and goes with the page):
// what a page marks with say() is read out by a screen reader when it appears or changes (WCAG 4.1.3;
// Streamlit inserts each notice as a new element, which screen readers do not reliably announce).
// A script of the page, not of this frame: the frame's own code stops when the frame is removed.
(function () {
  const P = window.parent;
  if (P.__magSay) return;
  P.__magSay = true;
  const script = P.document.createElement("script");
  script.textContent = `
    const prefix = "st-key-say_";
    let said = new Map();
    let timer = 0;
    // Another page of the app (no reload): what it shows as it opens is not the result of an action,
    // and the last page's words are not this page's (re-review, 2026-12-06: back on /journal its upload
    // notice was said again).
    let path = location.pathname;
    let quietUntil = 0;
    const region = () => {
      let live = document.getElementById("mag-live");
      if (!live) {
        live = document.createElement("div");
        live.id = "mag-live";
        live.setAttribute("role", "status");
        live.setAttribute("aria-live", "polite");
        live.setAttribute("aria-atomic", "true");
        live.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;" +
          "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0";
        document.body.appendChild(live);
      }
      return live;
    };
    const check = () => {
      timer = 0;
      if (location.pathname !== path) {
        path = location.pathname;
        quietUntil = Date.now() + 1500;
        region().textContent = "";
      }
      const quiet = Date.now() < quietUntil;
      const now = new Map();
      const fresh = [];
      for (const el of document.querySelectorAll("[class*=" + prefix + "]")) {
        const name = el.className.split(" ").find((n) => n.startsWith(prefix));
        if (!name) continue;
        // Redrawn on every rerun: a notice that stays is not said again.
        if (el.closest("[data-stale=true]")) { if (said.has(name)) now.set(name, said.get(name)); continue; }
        const text = el.innerText.trim();
        if (!text) continue;
        now.set(name, text);
        if (!quiet && said.get(name) !== text) fresh.push(text);
      }
      said = now;
      if (fresh.length) {
        const live = region();
        live.textContent = "";
        setTimeout(() => { live.textContent = fresh.join(" "); }, 100);
      }
    };
    region();
    new MutationObserver(() => { if (!timer) timer = setTimeout(check, 150); })
      .observe(document.body, {childList: true, subtree: true, characterData: true});`;
  P.document.head.appendChild(script);
})();
// The browser's Back after another page of the app (phone review, session 56): as it opens another page,
// Streamlit adds several history entries in turn: the old page's address with that page's link settings
// already cleared ("/schedule", then "/schedule?age=66"), or the new page's before its settings are in
// ("/schedule", then "/schedule?age=40"), then the new page's. Back then opened the Dose plan page with
// the medicines, the safety tick and even the age gone (as that entry's address says), or stayed on the
// same page. From a click on a link to another page of the app until that page's run has ended (30 s at most), the first
// entry added is kept and each later one replaces it: one entry per page opened, and Back returns to the
// address as the person last had it. An answer given after that adds its own entry, as before.
(function () {
  const P = window.parent;
  if (P.__magHistory) return;
  P.__magHistory = true;
  const script = P.document.createElement("script");
  script.textContent = `
    let opening = null;
    const push = history.pushState.bind(history);
    document.addEventListener("click", (event) => {
      const link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.origin !== location.origin || link.pathname === location.pathname) return;
      opening = {until: Date.now() + 30000, pushed: false, ran: false};
    }, true);
    window.addEventListener("popstate", () => { opening = null; }, true);
    new MutationObserver(() => {
      const app = document.querySelector("[data-testid=stApp]");
      const state = app ? app.getAttribute("data-test-script-state") : null;
      if (!opening) return;
      if (state === "running") opening.ran = true;
      else if (opening.ran && state === "notRunning") opening = null;
    }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-test-script-state"]});
    history.pushState = function (state, title, url) {
      if (opening && Date.now() < opening.until) {
        if (opening.pushed) return history.replaceState(state, title, url);
        opening.pushed = true;
      } else {
        opening = null;
      }
      return push(state, title, url);
    };`;
  P.document.head.appendChild(script);
})();
refresh();
setInterval(refresh, 400);
document.getElementById("copy").addEventListener("click", async () => {
  refresh();
  try { await navigator.clipboard.writeText(el.textContent); }
  catch (e) { const r = document.createRange(); r.selectNodeContents(el);
              const s = window.getSelection(); s.removeAllRanges(); s.addRange(r); }
  document.getElementById("copy").textContent = "Copied";
});
"""

_SHARE_HTML = """<!doctype html><html><body style="margin:0;font-family:sans-serif;font-size:14px">
<div style="display:flex;gap:8px;align-items:flex-start">
<code id="link" data-testid="shareLink" data-base="__BASE__" data-version-key="__VERSION_KEY__"
 data-version="__VERSION__" tabindex="0" role="region" aria-label="Link to this view" style="flex:1;
 word-break:break-all;background:#F1F6F4;padding:6px 8px;border-radius:6px;font-size:13px;
 max-height:52px;overflow-y:auto"></code>
<button id="copy" type="button" style="padding:4px 10px;border:1px solid #2E7D6B;background:#fff;
 color:#2E7D6B;border-radius:6px;cursor:pointer">Copy</button></div>
<script>__SCRIPT__</script></body></html>"""


def share_html(base_url: str) -> str:
    """The share box's document for this base URL (empty: the page's own origin)."""
    return (
        _SHARE_HTML.replace("__BASE__", html.escape(base_url, quote=True))
        .replace("__VERSION_KEY__", html.escape(VERSION_KEY, quote=True))
        .replace("__VERSION__", html.escape(str(LINK_VERSION), quote=True))
        .replace("__SCRIPT__", SHARE_SCRIPT)
    )


#: Constant stylesheet (/schedule's pickers, /journal's symptom picker): a picked time's (or medicine's) remove button is a 24 px target, not the
#: 15 × 7 px one Streamlit draws (hard to hit on a phone; WCAG 2.2's minimum target size). No "Clear
#: all" button: it sat in the Tab order between two pickers, and one Enter on it removed every medicine
#: picked, with their spacing (keyboard review, 2026-12-05); each chip keeps its own remove button. A
#: chip's name wraps instead of ending in "…" (phone review, session 55: "Angiotensin-II receptor blockers
#: (blood pre…" at 390 px: which class was picked could not be read).
CHIP_CSS = """<style>
[data-testid="stMultiSelect"] button[aria-label^="Remove "] {min-width: 24px; min-height: 24px;
  display: inline-flex; align-items: center; justify-content: center; margin: -4px -6px -4px 0;}
[data-testid="stMultiSelect"] button[aria-label^="Remove "] svg {width: 0.7em; height: 0.7em;}
[data-testid="stMultiSelect"] button[aria-label="Clear all"] {display: none;}
[data-testid="stMultiSelect"] span[data-tag] {height: auto; min-height: 28px; padding-top: 2px;
  padding-bottom: 2px;}
[data-testid="stMultiSelect"] span[data-tag] > span[title] {white-space: normal; overflow: visible;
  text-overflow: clip; line-height: 1.3;}
</style>"""


#: A picked option's chip in a multiselect is the page's text colour on a tint of it, in both themes
#: (accessibility review, 2026-12-06: the dark theme's white on #5FC3A8 was 2.13:1, below 4.5:1; axe
#: saw it only where the chip was inside the viewport).
#: Keyboard focus (WCAG 2.1 AA, 2.4.7 Focus Visible): Streamlit marks a focused page link, a
#: sidebar link, a heading's link, a pill, a checkbox, a toggle or a radio button only with a faint
#: tint (1.1–1.7:1 against the page), so a ring in the text's own colour is drawn around them. A
#: chart's or table's toolbar stays transparent while one of its buttons has focus (it shows on
#: hover only), so it is shown while it holds the focus. A collapsed sidebar (the default on a
#: phone) is hidden from the keyboard too: its seven links, drawn off screen, were the first seven
#: Tab stops of every page at 390 px. On a touch screen (pointer: coarse), a slider's handle and a
#: chip's remove button are 24 px, not 12 and 15 x 7 (phone review, 2026-12-04: /diet's 12 px
#: handles were hard to hold). Chart text (axis, legend, titles) takes the page's text colour:
#: Streamlit's Vega theme drew it #808495 (3.72:1 on white) and no subtitle colour (black on the dark
#: theme); in forced colours (Windows high contrast) a chosen radio, ticked box or switch, chosen
#: segment and an alert's box are drawn with system colours (they vanished; low-vision review,
#: 2026-12-05). A table's words may break (a table of four forms side by side was wider than a
#: 390 px phone; session 63); a tab's focus ring is drawn inside it (its review: the tab list
#: clipped it). Button and page-link labels wrap instead of ending in "…" (the greyed calendar
#: button lost its reason below 425 px). A constant stylesheet (nothing from the URL or the
#: data), sent inside the footer's caption: no element of its own, so no extra file to load.
FOCUS_CSS = """<style>
a[data-testid="stPageLink-NavLink"]:focus-visible, a[data-testid="stSidebarNavLink"]:focus-visible,
button[data-testid="stBaseButton-elementToolbar"]:focus-visible,
[data-testid="stHeaderActionElements"] a:focus-visible, [data-testid="stButtonGroup"] button:focus-visible,
[data-testid="stCheckbox"] label:has(input:focus-visible),
[data-testid="stRadio"] label:has(input:focus-visible) {
  outline: 2px solid currentColor; outline-offset: 1px;}
[data-testid="stElementToolbar"]:focus-within {opacity: 1;}
[data-testid="stMultiSelect"] span[data-tag] {color: inherit;
  background-color: color-mix(in srgb, currentColor 14%, transparent);
  border: 1px solid color-mix(in srgb, currentColor 45%, transparent);}
section[data-testid="stSidebar"][data-collapsed="true"] {visibility: hidden;}
[data-testid="stTable"] :is(th, td) p {overflow-wrap: anywhere !important; hyphens: auto;}
[class*="st-key-trial_blocks"] [data-testid="stTable"] th p {overflow-wrap: normal !important;}
[data-testid="stTabs"] button[role="tab"]:focus-visible {outline: 2px solid currentColor; outline-offset: -3px;}
@media (pointer: coarse) {
  [data-testid="stSlider"] div:has(> div > input[type="range"]) {width: 24px; height: 24px;}
  [data-testid="stMultiSelect"] button[aria-label^="Remove "] {min-width: 24px; min-height: 24px;}
}
:is([data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stPageLink"])
  :is(.stMarkdownEllipsis, .stMarkdownEllipsis p) {white-space: normal !important;}
[data-testid="stVegaLiteChart"] :is(.role-axis-label, .role-axis-title, .role-legend-label,
  .role-legend-title, .role-title-text, .role-title-subtitle) text {fill: currentColor;}
@media (forced-colors: active) {
  [data-testid="stRadioOption"] > div > div:first-child,
  [data-testid="stCheckbox"] label > div:first-of-type {border: 1px solid CanvasText;}
  [data-testid="stRadioOption"][data-selected="true"] > div > div:first-child,
  [data-testid="stCheckbox"] label:has(input:checked) > div:first-of-type {
    forced-color-adjust: none; background: Highlight; border-color: Highlight;}
  [data-testid="stCheckbox"] label:has(input:checked) > div:first-of-type * {
    forced-color-adjust: none; color: HighlightText; fill: HighlightText;}
  [data-testid="stButtonGroup"] button[aria-checked="true"], [data-testid="stButtonGroup"] button[aria-pressed="true"] {
    outline: 3px solid Highlight; outline-offset: -3px;}
  [data-testid="stAlertContainer"] {border: 2px solid CanvasText;}
}
</style>"""


#: Said in every share box: what the address shows to whoever sees it.
LINK_PRIVACY = (
    "**The link spells out your answers on this page** (such as your age, a pregnancy or your medicines) "
    "to anyone who sees it, in a chat preview or a browser's history too: send it only to people you want "
    "to know them."
)


def share_box(not_in_link: Sequence[str] = (), *, nights: str | None = None, never_in_link: str = "") -> None:
    """'Share this view': the full link to this exact view, with a copy button.

    ``not_in_link``: what the person confirmed on this page that a link never carries (a
    clinician's advice, a prescriber's agreement, the step up): said in the box, so that "the
    same results" does not promise a plan the receiver will not see until they confirm it too.
    ``never_in_link``: a sentence on what the page asks that a link never carries, whether given or
    not (said always: it is chosen in fragments that do not redraw this box; adversarial link review,
    2026-12-05: the step up was left out of a box that promised "the same results").
    ``nights``: on a page whose results are the person's nights (never in a link), how to share
    them instead; the box then promises the settings only (phone review, 2026-12-03: /journal's
    box promised "the same results" and the link opened an empty journal).
    """
    with st.expander("Share this view", icon=":material/share:"):
        st.caption(
            (
                f"Anyone who opens this link sees the same settings, not your nights: a link never "
                f"carries them. To share your nights, {nights}"
                if nights
                else "Anyone who opens this link sees the same settings and results. "
                "Your journal entries are never part of a link."
            )
            + (
                " **Not in the link, on purpose:** "
                + "; ".join(not_in_link)
                + ". Whoever opens it confirms these for themselves before the plan appears."
                if not_in_link
                else ""
            )
            + (f" {never_in_link}" if never_in_link else "")
            # Pharmacist review (2026-12-06): the address spelt out a pregnancy and the medicines, to be
            # read in a chat preview or a browser's history, and nothing said so.
            + f" {LINK_PRIVACY}"
        )
        # Named (accessibility review, 2026-12-06: the frame's title was "st.iframe" on every page).
        st.iframe(
            share_html(_configured_base_url()), height=80, alt="The link to this view, with a copy button"
        )


def say(name: str, where: DeltaGenerator | None = None) -> DeltaGenerator:
    """A container (in ``where``, else here) whose text a screen reader reads out when it appears or
    changes (the share box's script keeps one live region in the page for this): for the result of
    an action, such as "Added the night of …". ``name`` tells the page's containers apart."""
    return (where or st).container(key=f"say_{name}")


def footer(not_in_link: Sequence[str] = (), *, nights: str | None = None, never_in_link: str = "") -> None:
    """Share box and provenance, on every page (``not_in_link``, ``nights``, ``never_in_link``: see
    :func:`share_box`)."""
    share_box(not_in_link, nights=nights, never_in_link=never_in_link)
    st.divider()
    st.caption(
        "Not medical advice. Food values: USDA National Nutrient Database for Standard "
        "Reference, Release 28 (2016). Reference intakes and upper limits: NIH Office of "
        "Dietary Supplements / Food and Nutrition Board (US), EFSA (EU), COMA and the Expert Group "
        "on Vitamins and Minerals via the NHS (UK). Every number cites a "
        "source: see **Sources** for the full list.\n\n" + FOCUS_CSS,
        unsafe_allow_html=True,  # only for the constant FOCUS_CSS: the caption holds no other markup
    )


__all__ = [
    "CHIP_CSS",
    "FOCUS_CSS",
    "SHARE_SCRIPT",
    "VERSION_KEY",
    "drop_from_link",
    "footer",
    "page_setup",
    "reseed_widgets_from_url",
    "say",
    "share_box",
    "share_html",
]
