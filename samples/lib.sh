# Sourced by the runnable samples (samples/saga, approval, etl, flaky): builds Stepwise when
# needed, starts a server of its own (a fresh database in a temporary directory, a free port on
# 127.0.0.1), starts worker processes, and cleans everything up on exit.
# STEPWISE_BIN=path/to/stepwise skips the set-up and build (the tests use it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -n "${STEPWISE_BIN:-}" ]; then
  STEPWISE=$STEPWISE_BIN
else
  .ci/setup >/dev/null
  STEPWISE=build/stepwise
fi
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_LOGS:-}" ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# start_server [SERVE OPTION...]: serves every sample definition; exports STEPWISE_SERVER.
start_server() {
  "$STEPWISE" serve --db "$WORK/stepwise.db" --listen 127.0.0.1:0 --definitions samples "$@" \
    >"$WORK/server.out" 2>"$WORK/server.log" &
  PIDS=("$!" "${PIDS[@]}")  # stopped last
  for _ in $(seq 100); do
    if grep -q 'listening on' "$WORK/server.out" 2>/dev/null; then break; fi
    sleep 0.1
  done
  STEPWISE_SERVER=$(grep -o 'http://[0-9.:]*' "$WORK/server.out" | head -1)
  [ -n "$STEPWISE_SERVER" ] || { cat "$WORK/server.log" >&2; echo "the server did not start" >&2; exit 1; }
  export STEPWISE_SERVER
}

# start_worker LOGNAME COMMAND...: a worker process, its output in $WORK/LOGNAME.log.
start_worker() {
  local log=$1
  shift
  "$@" >"$WORK/$log.log" 2>&1 &
  PIDS+=("$!")
}

# wait_for_end EXECUTION: waits until the execution is no longer RUNNING (at most 60 s).
wait_for_end() {
  for _ in $(seq 600); do
    "$STEPWISE" executions describe "$1" --json | grep -q '"status": "RUNNING"' || return 0
    sleep 0.1
  done
  echo "$1 still runs after 60 s" >&2
  return 1
}

# show EXECUTION: its status, output or error, and the tasks it ran, in order.
show() {
  wait_for_end "$1"
  "$STEPWISE" executions history "$1" --json | python3 samples/workers/trace.py
}
