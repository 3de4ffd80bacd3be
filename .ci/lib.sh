# Shared helpers for the .ci/ service scripts. Sourced, never run.
# shellcheck shell=bash

CI_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$CI_DIR/.." && pwd)"

# Downloads live outside the repo so fresh clones (every CI run) reuse them.
CACHE_DIR="${EFI_CI_CACHE:-$HOME/.cache/efi-ci}"
# Pid files, logs and data dirs live outside the repo too: a service started from one clone
# must be found (reused or stopped) from another clone on the same machine.
STATE_DIR="${EFI_CI_STATE:-${TMPDIR:-/tmp}/efi-ci-state}"
mkdir -p "$CACHE_DIR" "$STATE_DIR"

T0_US=${EPOCHREALTIME/./}

log() { printf '[%s %s] %s\n' "$SERVICE" "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Prints the elapsed time of this script invocation; called from an EXIT trap.
report_timing() {
  local rc=$?
  local us=$((${EPOCHREALTIME/./} - T0_US))
  log "$(printf '%s took %d.%ds (exit %d)' "${ACTION:-?}" $((us / 1000000)) $((us / 100000 % 10)) "$rc")"
}

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no extra tools).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pids listening on TCP port $1 (uses ss from iproute2; empty output when none or ss is missing).
port_pids() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u
}

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

cmdline_of() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null; }

# Pid recorded by our own start, if that process still runs and still is ours: its command line
# must contain $MARKER (a recycled pid after a reboot must never be signalled).
our_pid() {
  local f="$STATE_DIR/$SERVICE.pid" pid
  [[ -f "$f" ]] || return 1
  pid=$(<"$f")
  pid_alive "$pid" && cmdline_of "$pid" | grep -qF -- "$MARKER" && echo "$pid"
}

# Stops pid $1: TERM, wait up to $2 seconds, then KILL. Waits until it is gone.
stop_pid() {
  local pid=$1 grace=${2:-30} i
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  kill -CONT "$pid" 2>/dev/null || true # a stopped (SIGSTOP) process handles TERM only once continued
  for ((i = 0; i < grace * 10; i++)); do
    pid_alive "$pid" || return 0
    sleep 0.1
  done
  log "pid $pid ignored TERM for ${grace}s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_alive "$pid" || return 0; sleep 0.1; done
  die "pid $pid survived KILL"
}

# Frees port $1 of a stale process of OURS (its command line contains $MARKER); refuses to
# touch a foreign process.
free_port_from_stale() {
  local port=$1 pid
  for pid in $(port_pids "$port"); do
    if cmdline_of "$pid" | grep -qF -- "$MARKER"; then
      log "port $port held by a stale $SERVICE process (pid $pid) that does not answer; stopping it"
      stop_pid "$pid" 30
    else
      die "port $port is used by a foreign process (pid $pid: $(cmdline_of "$pid" | cut -c1-120)); stop it or free the port"
    fi
  done
  if port_open "$port"; then die "port $port is still in use (owner unknown; is ss installed?)"; fi
}

# Polls command "$@" every 0.5 s until it succeeds or $WAIT_TIMEOUT seconds pass.
# Fails early when $WAIT_PID (the process we started) dies.
wait_until() {
  local deadline=$(($(date +%s) + WAIT_TIMEOUT))
  while (($(date +%s) < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n "${WAIT_PID:-}" ]] && ! pid_alive "$WAIT_PID"; then return 2; fi
    sleep 0.5
  done
  return 1
}

# A failed start: shows the tail of $LOG_FILE, then stops the half-started pid $1 (nobody would
# own it otherwise) and removes $PID_FILE. Message $2.
fail_start() {
  log "ERROR: $2"
  if [[ -f "$LOG_FILE" ]]; then
    log "last 40 lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2
  fi
  if [[ -n "$1" ]]; then stop_pid "$1" 10; fi
  rm -f "$PID_FILE"
  exit 1
}

# Runs mvn quietly in batch mode; the pom is generated into a throwaway dir.
mvn_q() { mvn -B -q -ntp "$@"; }

MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
