#!/usr/bin/env bash
# A real single-node Apache Kafka 3.9 broker (KRaft: broker + controller in one JVM) for the
# contract / integration tests, built from the Maven Central jars (no Docker, no tarball).
#
#   .ci/kafka.sh fetch    download the jars into the cache (idempotent)
#   .ci/kafka.sh start    start on 127.0.0.1:9092 (controller 9093) and wait until it answers;
#                         reuses a broker that already answers there
#   .ci/kafka.sh stop     stop the broker we started and wait for it to exit
#   .ci/kafka.sh status   exit 0 when a broker answers on the port
#
# Env: EFI_KAFKA_VERSION (default: 3.9.1, falling back to 3.9.0), EFI_CI_CACHE, EFI_CI_STATE,
#      KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_START_TIMEOUT (seconds, 90).
set -euo pipefail
SERVICE=kafka
ACTION=${1:-}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
trap report_timing EXIT
# Our processes are recognised by this string in their command line.
MARKER=kafka.Kafka

PORT=${KAFKA_PORT:-9092}
CTL_PORT=${KAFKA_CONTROLLER_PORT:-9093}
# 3.9.x, not 4.x: kafkajs 2.2.4 negotiates old protocol versions; 3.9 is the safer target.
VERSIONS=(${EFI_KAFKA_VERSION:-3.9.1 3.9.0})
SLF4J_VERSION=1.7.36   # the slf4j-api line that Kafka 3.9 depends on
RELOAD4J_VERSION=1.2.25
PID_FILE="$STATE_DIR/kafka.pid"
LOG_FILE="$STATE_DIR/kafka.log"
DATA_FILE="$STATE_DIR/kafka.datadir"

# Prints the libs dir of the first cached version, if any.
cached_libs() {
  local v
  for v in "${VERSIONS[@]}"; do
    if [[ -f "$CACHE_DIR/kafka-$v/.complete" ]]; then echo "$CACHE_DIR/kafka-$v/libs"; return 0; fi
  done
  return 1
}

fetch_version() {
  local v=$1 dest="$CACHE_DIR/kafka-$v" work
  work=$(mktemp -d)
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>efi.ci</groupId><artifactId>kafka-classpath</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$v</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>$SLF4J_VERSION</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>$RELOAD4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF
  rm -rf "$dest"
  mkdir -p "$dest"
  if (cd "$work" && mvn_q "$MAVEN_DEPENDENCY_PLUGIN:copy-dependencies" -DincludeScope=runtime \
      -DoutputDirectory="$dest/libs.partial") >"$work/mvn.log" 2>&1; then
    mv "$dest/libs.partial" "$dest/libs"
    touch "$dest/.complete"
    rm -rf "$work"
    return 0
  fi
  log "fetching kafka $v failed:"
  tail -n 20 "$work/mvn.log" >&2
  rm -rf "$work" "$dest"
  return 1
}

do_fetch() {
  local libs v
  if libs=$(cached_libs); then
    log "cached: $libs ($(ls "$libs" | wc -l) jars)"
    return 0
  fi
  for v in "${VERSIONS[@]}"; do
    log "fetching org.apache.kafka:kafka_2.13:$v into $CACHE_DIR"
    if fetch_version "$v"; then
      log "fetched kafka $v ($(du -sh "$CACHE_DIR/kafka-$v/libs" | cut -f1))"
      return 0
    fi
  done
  die "could not fetch any of kafka ${VERSIONS[*]}"
}

# Asks the broker for its topic list through kafkajs (the client the engine uses).
answers() { node "$CI_DIR/kafka-ready.mjs" "127.0.0.1:$PORT"; }

write_props() {
  cat >"$1" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CTL_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CTL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$2/logs
# One node: every internal topic must have replication factor 1 or the group coordinator
# never becomes available.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
# One broker, one coordinator: the default 50 offsets partitions only slow the first group join.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
num.partitions=1
# Consumer tests would otherwise wait 3 s on every first join.
group.initial.rebalance.delay.ms=0
# The engine creates its topics explicitly (partition count and configs are part of the
# contract); auto-creation would hide a missing create step and let a misspelt topic name
# silently become a new topic.
auto.create.topics.enable=false
EOF
}

do_start() {
  local pid libs data cluster_id
  if answers >/dev/null 2>&1; then
    log "a broker already answers on 127.0.0.1:$PORT; reusing it"
    return 0
  fi
  free_port_from_stale "$PORT"
  free_port_from_stale "$CTL_PORT"
  if pid=$(our_pid); then log "our previous broker (pid $pid) is not answering; stopping it"; do_stop; fi
  do_fetch
  libs=$(cached_libs)
  # No broker of ours runs now, so any data dir left by a crashed or failed start is garbage.
  rm -rf "$STATE_DIR"/kafka-data.*
  data=$(mktemp -d "$STATE_DIR/kafka-data.XXXXXX")
  echo "$data" >"$DATA_FILE"
  write_props "$data/server.properties" "$data"
  # Any 16 bytes as 22 base64url chars is a valid KRaft cluster id; '-' is mapped away too
  # because an id starting with it reads as an option to StorageTool.
  cluster_id=$(head -c16 /dev/urandom | base64 | tr '+/' 'xy' | cut -c1-22)
  local java_opts=(-Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$CI_DIR/kafka/log4j.properties" -cp "$libs/*")
  java "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$data/server.properties" >"$LOG_FILE" 2>&1 || fail_start "" "storage format failed"
  log "starting broker (log: $LOG_FILE, data: $data)"
  # setsid: the broker must outlive this script and not get the caller's terminal signals.
  setsid nohup java "${java_opts[@]}" kafka.Kafka "$data/server.properties" >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  WAIT_TIMEOUT=${KAFKA_START_TIMEOUT:-90} WAIT_PID=$pid wait_until answers || {
    local rc=$?
    [[ $rc == 2 ]] && fail_start "$pid" "broker process $pid exited during startup"
    fail_start "$pid" "broker did not answer on 127.0.0.1:$PORT within ${KAFKA_START_TIMEOUT:-90}s"
  }
  log "broker ready on 127.0.0.1:$PORT (pid $pid)"
}

do_stop() {
  local pid
  if pid=$(our_pid); then
    log "stopping broker pid $pid"
    # Kafka's controlled shutdown finishes in a few seconds; 60 s covers a slow machine.
    stop_pid "$pid" 60
  else
    log "no broker of ours is running"
  fi
  rm -f "$PID_FILE"
  if [[ -f "$DATA_FILE" ]]; then rm -rf "$(<"$DATA_FILE")"; rm -f "$DATA_FILE"; fi
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
  fetch) do_fetch ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 {fetch|start|stop|status}" >&2; exit 2 ;;
esac
