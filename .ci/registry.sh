#!/usr/bin/env bash
# Apicurio Registry 3.x (in-memory storage) for the schema contract tests; the tests use its
# Confluent-compatible API at http://127.0.0.1:8081/apis/ccompat/v7.
#
#   .ci/registry.sh fetch    download and unpack the runnable archive into the cache (idempotent)
#   .ci/registry.sh start    start on 127.0.0.1:8081 and wait until the ccompat API answers;
#                            reuses a registry that already answers there
#   .ci/registry.sh stop     stop the registry we started and wait for it to exit
#   .ci/registry.sh status   exit 0 when the ccompat API answers on the port
#
# Apicurio 3.3 is built for Java 21; the machine's default java is 17 (a Temurin JDK >= 21 sits
# beside it on our machines). The script looks for a JDK >= 21 (REGISTRY_JAVA, JAVA_HOME, PATH,
# /usr/lib/jvm/*) and runs 3.3.3 with it. With none it falls back to 2.6.13.Final, which runs on
# Java 17 (3.0.x would too, but its parent pom is not served, so maven cannot resolve it).
# Known gap of the 2.6 fallback: for a subject created without its own compatibility level it
# reports NONE on GET /config/{subject}, which @kafkajs/confluent-schema-registry rejects.
#
# Env: EFI_REGISTRY_VERSION (versions to try, newest first), REGISTRY_JAVA (a java binary),
#      EFI_CI_CACHE, EFI_CI_STATE, REGISTRY_PORT (8081), REGISTRY_MANAGEMENT_PORT (8082),
#      REGISTRY_START_TIMEOUT (seconds, 120).
set -euo pipefail
SERVICE=registry
ACTION=${1:-}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap report_timing EXIT
# Our processes are recognised by this string in their command line.
MARKER=apicurio-registry-

PORT=${REGISTRY_PORT:-8081}
# Quarkus serves health/metrics on a separate management port (default 9000); pinned so it
# cannot collide with anything else on the machine.
MGMT_PORT=${REGISTRY_MANAGEMENT_PORT:-8082}
JAVA17_VERSIONS="2.6.13.Final"
JAVA21_VERSIONS="3.3.3"
PID_FILE="$STATE_DIR/registry.pid"
LOG_FILE="$STATE_DIR/registry.log"
CCOMPAT="http://127.0.0.1:$PORT/apis/ccompat/v7"

java_major() { "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }

# Sets JAVA_BIN and VERSIONS: REGISTRY_JAVA when set, else the first java >= 21 found; the
# 3.3 line for java >= 21, else 2.6.
pick_java() {
  local c major candidates=()
  if [[ -n "${REGISTRY_JAVA:-}" ]]; then
    candidates=("$REGISTRY_JAVA")
  else
    candidates=(${JAVA_HOME:+$JAVA_HOME/bin/java} "$(command -v java || true)" /usr/lib/jvm/*/bin/java)
  fi
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    major=$(java_major "$c")
    if [[ "${major:-0}" -ge 21 ]]; then
      JAVA_BIN=$c
      VERSIONS=(${EFI_REGISTRY_VERSION:-$JAVA21_VERSIONS $JAVA17_VERSIONS})
      return 0
    fi
  done
  JAVA_BIN=${REGISTRY_JAVA:-$(command -v java)} || die "no java on PATH"
  VERSIONS=(${EFI_REGISTRY_VERSION:-$JAVA17_VERSIONS})
  log "no JDK >= 21 found; using $JAVA_BIN with apicurio ${VERSIONS[*]}"
}

# The runnable jar: quarkus-run.jar (3.x fast-jar) or *-runner.jar (2.x legacy-jar).
app_jar() {
  local j
  for j in "$1/quarkus-run.jar" "$1"/*-runner.jar; do
    if [[ -f "$j" ]]; then echo "$j"; return 0; fi
  done
  return 1
}

cached_app() {
  local v
  for v in "${VERSIONS[@]}"; do
    if [[ -f "$CACHE_DIR/apicurio-registry-$v/.complete" ]]; then echo "$CACHE_DIR/apicurio-registry-$v/app"; return 0; fi
  done
  return 1
}

fetch_version() {
  local v=$1 dest="$CACHE_DIR/apicurio-registry-$v" work
  work=$(mktemp -d)
  rm -rf "$dest"
  mkdir -p "$dest/app.partial"
  if (cd "$work" && mvn_q "$MAVEN_DEPENDENCY_PLUGIN:copy" \
      -Dartifact="io.apicurio:apicurio-registry-app:$v:tar.gz:all" -DoutputDirectory="$work/out") >"$work/mvn.log" 2>&1 &&
    tar -xzf "$work"/out/*.tar.gz -C "$dest/app.partial" 2>>"$work/mvn.log"; then
    # Archives have shipped both with and without a quarkus-app/ top folder.
    if [[ -d "$dest/app.partial/quarkus-app" ]]; then mv "$dest/app.partial/quarkus-app" "$dest/app"; else mv "$dest/app.partial" "$dest/app"; fi
    rm -rf "$dest/app.partial"
    app_jar "$dest/app" >/dev/null || { log "archive $v has no runnable jar"; rm -rf "$work" "$dest"; return 1; }
    touch "$dest/.complete"
    rm -rf "$work"
    return 0
  fi
  log "fetching apicurio-registry-app $v failed:"
  tail -n 20 "$work/mvn.log" >&2
  rm -rf "$work" "$dest"
  return 1
}

do_fetch() {
  local app v
  if app=$(cached_app); then
    log "cached: $app"
    return 0
  fi
  for v in "${VERSIONS[@]}"; do
    log "fetching io.apicurio:apicurio-registry-app:$v:tar.gz:all into $CACHE_DIR"
    if fetch_version "$v"; then
      log "fetched apicurio registry $v ($(du -sh "$CACHE_DIR/apicurio-registry-$v/app" | cut -f1))"
      return 0
    fi
  done
  die "could not fetch any of apicurio-registry-app ${VERSIONS[*]}"
}

answers() { curl -fsS -o /dev/null --max-time 2 "$CCOMPAT/subjects"; }

do_start() {
  local pid app
  if answers 2>/dev/null; then
    log "a registry already answers at $CCOMPAT; reusing it"
    return 0
  fi
  free_port_from_stale "$PORT"
  free_port_from_stale "$MGMT_PORT"
  if pid=$(our_pid); then log "our previous registry (pid $pid) is not answering; stopping it"; do_stop; fi
  do_fetch
  app=$(cached_app)
  local java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
    -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$PORT"
    -Dquarkus.management.host=127.0.0.1 "-Dquarkus.management.port=$MGMT_PORT"
    # In-memory H2 (the default storage); a small pool is plenty for tests.
    -Dapicurio.storage.kind=sql -Dapicurio.storage.sql.kind=h2
    -Dapicurio.datasource.jdbc.initial-size=2 -Dapicurio.datasource.jdbc.min-size=2
    -Dapicurio.datasource.jdbc.max-size=20
    # One line per request would bury the lines worth reading after a failure.
    '-Dquarkus.log.category."io.quarkus.http.access-log".level=WARN'
    # Confluent's registry defaults to BACKWARD; Apicurio has no global rule, and its ccompat
    # GET /config/{subject} answers 200 with the global level (NONE) for a subject that has no
    # level of its own, where Confluent answers 404. @kafkajs/confluent-schema-registry then
    # refuses register() ("BACKWARD != NONE") for any subject created without its config step.
    # (2.x reads the same setting as registry.rules.global.compatibility.)
    -Dapicurio.rules.global.compatibility=BACKWARD -Dregistry.rules.global.compatibility=BACKWARD)
  log "starting registry from $app with $JAVA_BIN (log: $LOG_FILE)"
  # setsid: the registry must outlive this script and not get the caller's terminal signals;
  # cd: any file the app writes relative to its working dir lands in the state dir, not the repo.
  (cd "$STATE_DIR" && exec setsid nohup "$JAVA_BIN" "${java_opts[@]}" -jar "$(app_jar "$app")") >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  WAIT_TIMEOUT=${REGISTRY_START_TIMEOUT:-120} WAIT_PID=$pid wait_until answers || {
    local rc=$?
    [[ $rc == 2 ]] && fail_start "$pid" "registry process $pid exited during startup"
    fail_start "$pid" "registry did not answer at $CCOMPAT/subjects within ${REGISTRY_START_TIMEOUT:-120}s"
  }
  log "registry ready at $CCOMPAT (pid $pid)"
}

do_stop() {
  local pid
  if pid=$(our_pid); then
    log "stopping registry pid $pid"
    stop_pid "$pid" 30
  else
    log "no registry of ours is running"
  fi
  rm -f "$PID_FILE"
}

do_status() {
  if answers; then
    log "up at $CCOMPAT$(pid=$(our_pid) && echo " (ours, pid $pid)")"
  else
    log "down"
    return 1
  fi
}

case "$ACTION" in
  fetch) pick_java; do_fetch ;;
  start) pick_java; do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 {fetch|start|stop|status}" >&2; exit 2 ;;
esac
