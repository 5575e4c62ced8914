#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft, combined broker+controller) on 127.0.0.1, without Docker.
# The broker's jars come from Maven Central through deploy/kafka/pom.xml.
#
#   kafka.sh start    start the broker (idempotent), wait until it is ready
#   kafka.sh stop     SIGTERM, SIGKILL after 30 s; exit 0 if nothing runs
#   kafka.sh status   print running/stopped; exit 0 if running, 1 if stopped
#   kafka.sh logs     tail the broker log (logs -f to follow)
#
# Environment: KAFKA_VERSION (3.9.1), KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1),
# KAFKA_STATE_DIR (<repo>/.kafka), KAFKA_START_TIMEOUT (120 s),
# KAFKA_JVM_OPTS (-Xms128m -Xmx512m -XX:+UseG1GC).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_STATE_DIR="${KAFKA_STATE_DIR:-$REPO_ROOT/.kafka}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--Xms128m -Xmx512m -XX:+UseG1GC}"
HOST=127.0.0.1

mkdir -p "$KAFKA_STATE_DIR"
STATE="$(cd "$KAFKA_STATE_DIR" && pwd)"   # absolute: log4j and log.dirs need absolute paths
LIBS="$STATE/libs"
LIBS_STAMP="$STATE/libs.stamp"
DATA="$STATE/data"
CONF="$STATE/server.properties"
LOG4J="$STATE/log4j.properties"
LOG="$STATE/broker.log"
PIDFILE="$STATE/broker.pid"
CLUSTER_ID_FILE="$STATE/cluster.id"
DATA_VERSION_FILE="$STATE/data.version"   # Kafka version that formatted $DATA
STARTED_MSG="Kafka Server started"

say() { echo "kafka.sh: $*"; }
die() { echo "kafka.sh: error: $*" >&2; exit 1; }

# TCP probe without nc: succeeds if something accepts connections on 127.0.0.1:$1.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# Pid from the pid file if that process is alive and is our broker (guards against pid reuse).
broker_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"kafka.Kafka $CONF"* ]] || return 1
  echo "$pid"
}

libs_stamp() {
  echo "kafka=$KAFKA_VERSION pom=$(sha256sum "$POM" | cut -c1-16)"
}

fetch_jars() {
  local want
  want="$(libs_stamp)"
  if [[ -f "$LIBS_STAMP" && "$(cat "$LIBS_STAMP")" == "$want" ]] && compgen -G "$LIBS/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (Maven 3.8+ is needed to fetch the Kafka jars)"
  say "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIBS ..."
  rm -f "$LIBS_STAMP"
  rm -rf "$LIBS" "$LIBS.tmp"     # one Kafka version only in the folder
  mkdir -p "$LIBS.tmp"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies -DincludeScope=runtime \
        -Dkafka.version="$KAFKA_VERSION" -DoutputDirectory="$LIBS.tmp" >"$STATE/mvn.log" 2>&1; then
    cat "$STATE/mvn.log" >&2
    rm -rf "$LIBS.tmp"
    die "mvn could not fetch Kafka $KAFKA_VERSION (output above, also in $STATE/mvn.log)"
  fi
  mv "$LIBS.tmp" "$LIBS"
  echo "$want" >"$LIBS_STAMP"
}

write_config() {
  mkdir -p "$DATA"
  cat >"$CONF" <<EOF
# Written by deploy/kafka/kafka.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=1048577
num.io.threads=2
num.network.threads=2
auto.create.topics.enable=false
num.partitions=3
EOF
  cat >"$LOG4J" <<'EOF'
# Written by deploy/kafka/kafka.sh: everything to the console (nohup sends it to broker.log).
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
# The "Kafka Server started" line comes from KafkaRaftServer (KRaft) or KafkaServer (ZooKeeper mode).
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.KafkaServer=INFO
EOF
}

format_storage() {
  if [[ -f "$DATA/meta.properties" ]]; then
    local formatted_by
    formatted_by="$(cat "$DATA_VERSION_FILE" 2>/dev/null || true)"
    if [[ -n "$formatted_by" && "$formatted_by" != "$KAFKA_VERSION" ]]; then
      say "warning: $DATA was formatted by Kafka $formatted_by; an older broker cannot read a newer" \
        "metadata.version (remove $DATA or use another KAFKA_STATE_DIR if startup fails)"
    fi
    return 0
  fi
  local id
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    id="$(cat "$CLUSTER_ID_FILE")"
  else
    id="$(java -cp "$LIBS/*" -Dlog4j.configuration="file:$LOG4J" kafka.tools.StorageTool random-uuid)"
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  say "formatting $DATA (cluster id $id)"
  java -cp "$LIBS/*" -Dlog4j.configuration="file:$LOG4J" kafka.tools.StorageTool format -t "$id" -c "$CONF" >/dev/null
  echo "$KAFKA_VERSION" >"$DATA_VERSION_FILE"
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while :; do
    if grep -q "$STARTED_MSG" "$LOG" 2>/dev/null && port_open "$KAFKA_PORT"; then
      say "broker started (pid $pid) on $HOST:$KAFKA_PORT, controller $HOST:$KAFKA_CONTROLLER_PORT, after ${SECONDS}s"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "kafka.sh: error: broker (pid $pid) exited during startup; last lines of $LOG:" >&2
      tail -n 40 "$LOG" >&2 || true
      rm -f "$PIDFILE"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "kafka.sh: error: broker not ready after ${KAFKA_START_TIMEOUT}s (still running as pid $pid; 'kafka.sh stop' ends it); last lines of $LOG:" >&2
      tail -n 40 "$LOG" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

cmd_start() {
  local pid
  if port_open "$KAFKA_PORT"; then
    if pid="$(broker_pid)"; then
      say "already running (pid $pid) on $HOST:$KAFKA_PORT"
    else
      say "something already answers on $HOST:$KAFKA_PORT (not started from $STATE); leaving it alone"
    fi
    exit 0
  fi
  if pid="$(broker_pid)"; then
    say "broker (pid $pid) is still starting; waiting"
    wait_ready "$pid"
    exit 0
  fi
  rm -f "$PIDFILE"
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "controller port $HOST:$KAFKA_CONTROLLER_PORT is taken by another process; set KAFKA_CONTROLLER_PORT"
  fi
  command -v java >/dev/null || die "java not found (Java 17 is needed)"

  fetch_jars
  write_config
  format_storage

  [[ -f "$LOG" ]] && mv -f "$LOG" "$LOG.1"
  # shellcheck disable=SC2086  # KAFKA_JVM_OPTS is a list of flags
  setsid nohup java $KAFKA_JVM_OPTS -Dlog4j.configuration="file:$LOG4J" \
    -cp "$LIBS/*" kafka.Kafka "$CONF" >"$LOG" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PIDFILE"
  say "launched broker (pid $pid), log $LOG; waiting up to ${KAFKA_START_TIMEOUT}s"
  wait_ready "$pid"
}

cmd_stop() {
  local pid i
  if ! pid="$(broker_pid)"; then
    rm -f "$PIDFILE"
    if port_open "$KAFKA_PORT"; then
      say "something answers on $HOST:$KAFKA_PORT but was not started from $STATE; not stopping it"
      exit 1
    fi
    say "not running"
    exit 0
  fi
  say "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "still alive after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$PIDFILE"
  say "stopped"
}

cmd_status() {
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$KAFKA_PORT"; then
      echo "running (pid $pid, $HOST:$KAFKA_PORT)"
    else
      echo "starting (pid $pid, $HOST:$KAFKA_PORT not open yet)"
    fi
    exit 0
  fi
  if port_open "$KAFKA_PORT"; then
    echo "running ($HOST:$KAFKA_PORT answers; not started from $STATE)"
    exit 0
  fi
  echo "stopped"
  exit 1
}

cmd_logs() {
  [[ -f "$LOG" ]] || die "no log yet ($LOG)"
  if [[ "${1:-}" == "-f" ]]; then
    exec tail -n 100 -f "$LOG"
  fi
  tail -n "${KAFKA_LOG_LINES:-100}" "$LOG"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  logs) shift; cmd_logs "$@" ;;
  *)
    echo "usage: $0 {start|stop|status|logs [-f]}" >&2
    exit 2
    ;;
esac
