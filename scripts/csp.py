"""The proxy's security headers, with a Content-Security-Policy that Streamlit works under.

    python scripts/csp.py            # print deploy/nginx/security-headers.conf
    python scripts/csp.py --write    # write it (after a Streamlit upgrade or a share-box change)

Scripts are allowed from the app's own origin plus exactly the inline scripts the
app runs, by their SHA-256: the one in Streamlit's index.html (``window.prerenderReady``),
the share box's (magui.layout.SHARE_SCRIPT; its document is an ``srcdoc`` iframe,
which inherits the page's policy) and every constant ``<script>`` or ``on…=`` handler
in the pages (found in the source, see :func:`inline_scripts`). No 'unsafe-inline' or
'unsafe-eval' for scripts: an inline script added without rerunning this is blocked,
and tests/test_deploy.py says so.
Styles need 'unsafe-inline' (Streamlit's emotion CSS-in-JS writes <style> tags).
tests/test_deploy.py fails when the committed file is out of date.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
import sys
from pathlib import Path

import streamlit

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "deploy" / "nginx" / "security-headers.conf"
sys.path.insert(0, str(ROOT / "src"))


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


#: Where the app's own inline scripts live: string constants in these files.
SOURCES = ("app.py", "pages", "src/magui")
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_HANDLER = re.compile(r"""\son[a-z]+=(?:"([^"]*)"|'([^']*)')""", re.I)
_PLACEHOLDER = re.compile(r"__[A-Z][A-Z_]*__")
_INJECTED = re.compile(r"\.textContent\s*=\s*`([^`$]*)`")


class NotConstant(ValueError):
    """An inline script whose text is filled in at run time cannot be allowed by a hash."""


def _constants() -> list[tuple[str, str]]:
    """Every string constant (implicitly joined parts included) in SOURCES: (where, text)."""
    found: list[tuple[str, str]] = []
    for source in SOURCES:
        path = ROOT / source
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.append((f"{file.relative_to(ROOT)}:{node.lineno}", node.value))
    return found


def inline_scripts() -> tuple[list[str], list[str]]:
    """(script bodies, event-handler attributes) the app's pages run, each exactly as sent.

    Streamlit's index.html scripts, magui.layout.SHARE_SCRIPT, and every ``<script>`` body or
    ``on…="…"`` handler in a string constant of SOURCES. A body that is only a placeholder
    (``__SCRIPT__``) is filled with a constant elsewhere (the share box); one that contains a
    placeholder among code is filled at run time and raises :class:`NotConstant` — put such
    values in data attributes (see the share box) so the script text stays constant.
    """
    from magui.layout import SHARE_SCRIPT

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    scripts = [body for body in _SCRIPT.findall(index) if body.strip()]  # not the src= ones
    scripts.append(SHARE_SCRIPT)
    scripts.extend(_INJECTED.findall(SHARE_SCRIPT))  # the live region's script it adds to the page
    handlers: list[str] = []
    for where, text in _constants():
        for body in _SCRIPT.findall(text):
            if _PLACEHOLDER.fullmatch(body.strip()):
                continue
            if _PLACEHOLDER.search(body):
                raise NotConstant(
                    f"{where}: an inline script with a run-time value ({_PLACEHOLDER.search(body).group()})"
                )
            scripts.append(body)
            # A script the body adds to the page itself (script.textContent = `…`) is checked too.
            scripts.extend(_INJECTED.findall(body))
        for double, single in _HANDLER.findall(text):
            handlers.append(double or single)
    return list(dict.fromkeys(scripts)), list(dict.fromkeys(handlers))


def policy() -> str:
    scripts, handlers = inline_scripts()
    allowed = [_sha256(text) for text in scripts]
    if handlers:  # onclick="…" attributes need 'unsafe-hashes' besides their hash
        allowed += ["'unsafe-hashes'", *(_sha256(text) for text in handlers)]
    directives = [
        "default-src 'self'",
        f"script-src 'self' {' '.join(allowed)}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def headers_conf() -> str:
    return (
        "# Generated by scripts/csp.py — do not edit by hand (tests/test_deploy.py checks it).\n"
        "# Included in every server/location block that answers (nginx does not inherit add_header\n"
        "# into a block that has its own).\n"
        f'add_header Content-Security-Policy "{policy()}" always;\n'
        "# Old browsers without frame-ancestors: no framing at all (clickjacking).\n"
        'add_header X-Frame-Options "DENY" always;\n'
        'add_header X-Content-Type-Options "nosniff" always;\n'
        "# A shared link carries the view's settings: do not hand them to other sites.\n"
        'add_header Referrer-Policy "same-origin" always;\n'
        "# The app uses none of these; the share box's Copy button uses the clipboard (self only).\n"
        'add_header Permissions-Policy "camera=(), microphone=(), geolocation=(), payment=(), usb=(), '
        'clipboard-write=(self)" always;\n'
    )


def main(argv: list[str]) -> int:
    try:
        text = headers_conf()
    except NotConstant as exc:
        print(f"scripts/csp.py: {exc}; a CSP hash cannot allow it", file=sys.stderr)
        return 1
    if "--write" in argv:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
        # The Kubernetes Ingress carries its own copy of the policy line: keep it the same.
        manifest = ROOT / "deploy" / "k8s" / "app.yaml"
        if manifest.exists():
            lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
            new_line = f'add_header Content-Security-Policy "{policy()}" always;'
            for i, line in enumerate(lines):
                if line.lstrip().startswith("add_header Content-Security-Policy "):
                    indent = line[: len(line) - len(line.lstrip())]
                    lines[i] = f"{indent}{new_line}\n"
            manifest.write_text("".join(lines), encoding="utf-8")
            print(f"wrote the policy line in {manifest.relative_to(ROOT)}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
