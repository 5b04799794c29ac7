#!/usr/bin/env bash
# Smoke test of the embedded default: start with no DATABASE_URL, create and read an article,
# stop with SIGTERM (graceful), start again, and check the article is still there.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${SMOKE_PORT:-3917}
DATA=$(mktemp -d)
LOG=$(mktemp)
BASE="http://127.0.0.1:$PORT"
PID=

start() {
  env -u DATABASE_URL DATA_DIR="$DATA" PORT="$PORT" HOST=127.0.0.1 node dist/src/server.js >>"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do
    curl -fs "$BASE/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$PID" 2>/dev/null || { cat "$LOG"; echo "smoke: the server exited during start-up"; exit 1; }
    sleep 0.5
  done
  cat "$LOG"; echo "smoke: the server did not become ready"; exit 1
}

stop() {
  kill -TERM "$PID"
  wait "$PID" || { echo "smoke: the server did not exit cleanly on SIGTERM"; exit 1; }
  PID=
}

cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
  rm -rf "$DATA" "$LOG"
}
trap cleanup EXIT

start
KEY=$(grep -o '^ADMIN_API_KEY=.*' "$LOG" | head -n1 | cut -d= -f2)
[ -n "$KEY" ] || { cat "$LOG"; echo "smoke: no admin key printed on first start"; exit 1; }

curl -fsS -X POST "$BASE/v1/articles" -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
  -d '{"headline":"Smoke test: “persisted” across restarts","slug":"smoke-persisted","body":"Still here.","creditLine":"Smoke desk","status":"published"}' >/dev/null
curl -fsS "$BASE/v1/articles/smoke-persisted" | grep -q '“persisted”' || { echo "smoke: article not readable"; exit 1; }
stop

start
grep -c '^ADMIN_API_KEY=' "$LOG" | grep -qx 1 || { echo "smoke: a second admin key was printed on restart"; exit 1; }
curl -fsS "$BASE/v1/articles/smoke-persisted" | grep -q '“persisted”' || { echo "smoke: article lost after restart"; exit 1; }
curl -fsS "$BASE/docs/" | grep -qi 'swagger' || { echo "smoke: /docs does not render"; exit 1; }
stop
echo "smoke: embedded default OK (created, restarted, article still there)"
