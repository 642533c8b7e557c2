#!/usr/bin/env bash
# The one test command: installs everything the tests need, then runs the whole suite.
#   bash scripts/test.sh [extra pytest args]
# Works on a fresh Debian machine as root (apt-get chromium) and on a laptop
# (uses an active virtualenv, or makes .venv). Nothing else needs installing by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${VIRTUAL_ENV:-}" ]; then
  PY=python
else
  if [ ! -x .venv/bin/python ]; then
    if ! python3 -m venv .venv 2>/dev/null; then
      rm -rf .venv
      if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
      fi
      python3 -m venv .venv
    fi
  fi
  PY=.venv/bin/python
fi
"$PY" -m pip install -q --disable-pip-version-check -r requirements-dev.txt

# Browser tests use the system Chromium (Playwright's own download does not work everywhere).
if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    "$PY" -m playwright install chromium
  fi
fi
# Headless, the browser tests use Chromium's headless shell (half the CPU per page; see
# tests/browser/conftest.py). Installed where apt-get runs as root; without it they use chromium.
if ! command -v chromium-headless-shell >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ] &&
  command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; } ||
    echo "note: chromium-headless-shell did not install; the browser tests use chromium (slower)" >&2
fi

"$PY" -m ruff check .
"$PY" -m ruff format --check .
# Two pytest-xdist workers by default (CI has 2 cores). Each worker starts its own streamlit
# server; tests sharing a module-scoped fixture stay on one worker (tests/conftest.py).
# Later args win: `-n 0` (or `-p no:xdist`) runs in one process, PYTEST_WORKERS=4 sets the count.
XDIST=(-n "${PYTEST_WORKERS:-2}" --dist loadgroup)
for arg in "$@"; do
  case $arg in no:xdist | -pno:xdist) XDIST=() ;; esac
done
exec "$PY" -m pytest "${XDIST[@]}" "$@"
