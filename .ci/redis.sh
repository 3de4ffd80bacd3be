#!/usr/bin/env bash
# Debian's redis-server for the tests that need Redis, run by hand (not systemd): no persistence,
# daemonized, pid file and log in the state dir.
#
#   .ci/redis.sh start    start on 127.0.0.1:6379 and wait for PONG; reuses a Redis that answers
#   .ci/redis.sh stop     stop the server we started and wait for it to exit
#   .ci/redis.sh status   exit 0 when a Redis answers PING on the port
#
# Needs the Debian package redis-server (.ci/run installs it).
# Env: EFI_CI_STATE, REDIS_PORT (6379), REDIS_START_TIMEOUT (seconds, 20).
set -euo pipefail
SERVICE=redis
ACTION=${1:-}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap report_timing EXIT

PORT=${REDIS_PORT:-6379}
# Our processes are recognised by this string in their command line (redis sets its title).
MARKER="redis-server 127.0.0.1:$PORT"
PID_FILE="$STATE_DIR/redis.pid"
LOG_FILE="$STATE_DIR/redis.log"

# timeout: a hung server accepts the connection but never replies.
answers() { [[ "$(timeout 2 redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" == PONG ]]; }

do_start() {
  command -v redis-server >/dev/null || die "redis-server is not installed (apt-get install -y redis-server)"
  if answers; then
    log "a Redis already answers on 127.0.0.1:$PORT; reusing it"
    return 0
  fi
  free_port_from_stale "$PORT"
  local pid
  if pid=$(our_pid); then log "our previous Redis (pid $pid) is not answering; stopping it"; do_stop; fi
  local dir
  # No server of ours runs now, so a data dir left by a crashed or failed start is garbage.
  rm -rf "$STATE_DIR"/redis-data.*
  dir=$(mktemp -d "$STATE_DIR/redis-data.XXXXXX")
  echo "$dir" >"$STATE_DIR/redis.datadir"
  # No RDB snapshots and no AOF: test data is throwaway and fsyncs only slow the tests.
  # protected-mode stays on (default); binding to 127.0.0.1 keeps it reachable without a password.
  redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --pidfile "$PID_FILE" \
    --logfile "$LOG_FILE" --dir "$dir" --save '' --appendonly no \
    || fail_start "" "redis-server failed to start"
  WAIT_TIMEOUT=${REDIS_START_TIMEOUT:-20} wait_until answers ||
    fail_start "$(cat "$PID_FILE" 2>/dev/null || true)" "Redis did not answer PING on 127.0.0.1:$PORT within ${REDIS_START_TIMEOUT:-20}s"
  log "Redis $(redis-server --version | grep -o 'v=[0-9.]*') ready on 127.0.0.1:$PORT (pid $(<"$PID_FILE"))"
}

do_stop() {
  local pid
  if pid=$(our_pid); then
    log "stopping Redis pid $pid"
    stop_pid "$pid" 10
  else
    log "no Redis of ours is running"
  fi
  rm -f "$PID_FILE"
  if [[ -f "$STATE_DIR/redis.datadir" ]]; then rm -rf "$(<"$STATE_DIR/redis.datadir")"; rm -f "$STATE_DIR/redis.datadir"; fi
}

do_status() {
  if answers; then
    log "up on 127.0.0.1:$PORT$(pid=$(our_pid) && echo " (ours, pid $pid)")"
  else
    log "down"
    return 1
  fi
}

case "$ACTION" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 {start|stop|status}" >&2; exit 2 ;;
esac
