#!/usr/bin/env bash
# Three replicas of the app behind nginx on this machine (loopback only), under load, with one
# replica killed halfway — the production path, proven.
#
#   bash deploy/cluster.sh --check            # 60 sessions for 60 s, browser checks (about 2.5 min)
#   bash deploy/cluster.sh --check --short    # 24 sessions for 16 s, no browser (about 25 s)
#
# Starts `streamlit run app.py` three times on free 127.0.0.1 ports and nginx
# (deploy/nginx/nginx.conf.template) on another; deploy/cluster_check.py then checks headers,
# pages in Chromium, the load and the fail-over (see its docstring for what passes). Everything
# it started is stopped on exit (trap), also on failure or Ctrl-C, and checked to be gone.
# The last line printed is the one-line summary. Exit status 0 only if everything passed.
#
# nginx: used from PATH if there; else the Debian package is fetched with `apt-get download` and
# unpacked into a cache folder (no service is installed or started, nothing listens on 0.0.0.0).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

MODE="" SHORT=0
for arg in "$@"; do
  case "$arg" in
    --check) MODE=check ;;
    --short) SHORT=1 ;;
    *) echo "usage: bash deploy/cluster.sh --check [--short]" >&2; exit 2 ;;
  esac
done
[ "$MODE" = check ] || { echo "usage: bash deploy/cluster.sh --check [--short]" >&2; exit 2; }

# 24 sessions, not fewer: the route keys land on replicas by hash, and with 12 one replica would
# get none in about 2 runs in 100 ((2/3)^12 x 3); with 24, about 2 in 10,000.
if [ "$SHORT" = 1 ]; then SESSIONS=24 SECONDS_LOAD=16 EXTRA=(--short); else SESSIONS=60 SECONDS_LOAD=60 EXTRA=(); fi
REPLICAS=3
LOOPBACK=127.0.0.1

# Python: an active virtualenv, else .venv (made and filled here on a fresh clone, as
# scripts/test.sh does: the load driver needs websockets and Playwright from requirements-dev.txt).
if [ -n "${VIRTUAL_ENV:-}" ]; then PY=python; else
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
  fi
  PY=.venv/bin/python
fi
# The full check drives Chromium (the system one, as the browser tests do).
if [ "$SHORT" = 0 ] && ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "cluster.sh: the full check needs Chromium (apt-get install chromium), or use --short" >&2; exit 2
  fi
fi

# --- nginx -------------------------------------------------------------------------------------
NGINX=$(command -v nginx || true)
if [ -z "$NGINX" ]; then
  CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/magnesium-cluster"
  NGINX="$CACHE/root/usr/sbin/nginx"
  if [ ! -x "$NGINX" ]; then
    command -v apt-get >/dev/null || { echo "cluster.sh: nginx is missing and there is no apt-get" >&2; exit 2; }
    mkdir -p "$CACHE"
    if ! (cd "$CACHE" && apt-get download nginx >/dev/null 2>&1); then
      if [ "$(id -u)" = 0 ]; then apt-get update -qq; elif command -v sudo >/dev/null; then sudo apt-get update -qq; fi
      (cd "$CACHE" && apt-get download nginx >/dev/null 2>&1)
    fi
    dpkg -x "$CACHE"/nginx_*.deb "$CACHE/root"
  fi
fi
"$NGINX" -v >/dev/null 2>&1 || { echo "cluster.sh: $NGINX does not run" >&2; exit 2; }

# --- run folder, cleanup ---------------------------------------------------------------------------
RUN=$(mktemp -d /tmp/magnesium-cluster.XXXXXX)
PIDS=() PORTS=()
SUMMARY="cluster check: FAIL (did not finish)"
STATUS=1

cleanup() {
  local pid alive=0
  [ -f "$RUN/nginx.pid" ] && "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" -s stop 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do  # bounded: at most 10 s for everything to exit
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # Nothing may still answer on the ports it used (nginx workers included).
  for port in "${PORTS[@]}" ${NGINX_PORT:-}; do
    answers "$port" && alive=$((alive + 1))
  done
  if [ "$alive" != 0 ]; then
    SUMMARY="$SUMMARY; FAIL: $alive process(es) had to be killed"
    STATUS=1
  else
    SUMMARY="$SUMMARY; all ${#PIDS[@]} processes it started are stopped"
  fi
  if [ "$STATUS" = 0 ]; then rm -rf "$RUN"; else SUMMARY="$SUMMARY; logs kept in $RUN"; fi
  echo "$SUMMARY"
  exit "$STATUS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# HTTP probes without curl (a slim image has none): bash's /dev/tcp, bounded by `timeout`.
healthy() {  # /_stcore/health on 127.0.0.1:$1 answers "ok"
  timeout 2 bash -c 'exec 3<>"/dev/tcp/'"$LOOPBACK"'/$0" && printf "GET /_stcore/health HTTP/1.0\r\nHost: '"$LOOPBACK"'\r\n\r\n" >&3 && tail -n 1 <&3 | grep -qx ok' "$1" 2>/dev/null
}
answers() {  # anything still accepts connections on 127.0.0.1:$1
  timeout 1 bash -c 'exec 3<>"/dev/tcp/'"$LOOPBACK"'/$0"' "$1" 2>/dev/null
}
free_port() { "$PY" -c "import socket; s=socket.socket(); s.bind(('$LOOPBACK', 0)); print(s.getsockname()[1])"; }

# One cookie secret for all replicas (an XSRF cookie signed by one must pass on another after a
# fail-over). Generated for this run; production takes it from a secret store.
STREAMLIT_SERVER_COOKIE_SECRET=$("$PY" -c "import secrets; print(secrets.token_hex(32))")
export STREAMLIT_SERVER_COOKIE_SECRET

# --- replicas ------------------------------------------------------------------------------------
SERVERS="" PAIRS=""
for i in $(seq 1 "$REPLICAS"); do
  port=$(free_port)
  "$PY" -m streamlit run app.py --server.headless=true --server.address="$LOOPBACK" \
    --server.port="$port" --browser.gatherUsageStats=false >"$RUN/replica-$i.log" 2>&1 &
  PIDS+=("$!")
  disown "$!"  # no "Killed" job notice when the check kills one on purpose
  PORTS+=("$port")
  SERVERS+="        server $LOOPBACK:$port max_fails=1 fail_timeout=10s;"$'\n'
  PAIRS+="${PAIRS:+,}$port:$!"
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 300); do  # bounded: 60 s per replica
    healthy "$port" && break
    sleep 0.2
  done
  healthy "$port" || {
    SUMMARY="cluster check: FAIL (replica on port $port did not start)"; exit 1; }
done

# --- nginx ---------------------------------------------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$RUN"/{client_body,proxy,fastcgi,uwsgi,scgi}
MIME=$(dirname "$NGINX")/../../etc/nginx/mime.types
[ -f "$MIME" ] || MIME=/etc/nginx/mime.types
[ -f "$MIME" ] || { printf 'types { text/html html; }\n' >"$RUN/mime.types"; MIME="$RUN/mime.types"; }
"$PY" - "$RUN" "$ROOT/deploy" "$LOOPBACK:$NGINX_PORT" "$SERVERS" "$MIME" <<'EOF'
import sys
from pathlib import Path
run, deploy, listen, servers, mime = sys.argv[1:6]
text = (Path(deploy) / "nginx" / "nginx.conf.template").read_text()
for key, value in {"@RUN_DIR@": run, "@DEPLOY_DIR@": deploy, "@LISTEN@": listen,
                   "@UPSTREAM_SERVERS@": servers.rstrip("\n"), "@MIME_TYPES@": mime}.items():
    text = text.replace(key, value)
assert "@RUN_DIR@" not in text and "@LISTEN@" not in text
(Path(run) / "nginx.conf").write_text(text)
EOF
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" -t -q
"$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" -g "daemon off;" &
PIDS+=("$!")
for _ in $(seq 1 100); do
  healthy "$NGINX_PORT" && break
  sleep 0.1
done

# --- checks --------------------------------------------------------------------------------------
echo "cluster check: $REPLICAS replicas on ${PORTS[*]}, nginx on $LOOPBACK:$NGINX_PORT; $SESSIONS sessions for $SECONDS_LOAD s"
set +e
"$PY" deploy/cluster_check.py --base "http://$LOOPBACK:$NGINX_PORT" --replicas "$PAIRS" \
  --access-log "$RUN/access.log" --sessions "$SESSIONS" --seconds "$SECONDS_LOAD" \
  --summary "$RUN/summary.txt" "${EXTRA[@]}"
STATUS=$?
set -e
SUMMARY="cluster check: $(cat "$RUN/summary.txt" 2>/dev/null || echo "FAIL (no summary)")"
[ "$STATUS" = 0 ] || STATUS=1
