#!/usr/bin/env bash
# Tax Chain: run a real, pinned Apache Kafka broker (KRaft, single node,
# broker+controller, loopback only) for development and tests.
#
#   bash scripts/kafka.sh start     # resolve (once), format (once), start, wait until a consumer group can join
#   bash scripts/kafka.sh stop      # SIGTERM, wait up to 30 s, then SIGKILL
#   bash scripts/kafka.sh status    # prints running / not running; exit 0 / 1
#   bash scripts/kafka.sh restart
#
# The broker jars come from Maven Central through scripts/kafka/pom.xml (the
# Kafka version is pinned there) and are cached outside the repo in
#   ${TAXCHAIN_CACHE:-$HOME/.cache/taxchain}/kafka-<version>/libs
#
# Environment:
#   KAFKA_PORT               PLAINTEXT port on 127.0.0.1          (default 9092)
#   KAFKA_CONTROLLER_PORT    CONTROLLER port on 127.0.0.1         (default KAFKA_PORT+1, i.e. 9093)
#   KAFKA_DATA_DIR           data dir; relative = from repo root  (default .data/kafka)
#   KAFKA_HEAP_OPTS          JVM heap                             (default -Xmx512m -Xms256m)
#   KAFKA_START_TIMEOUT      seconds to wait for readiness        (default 90)
#   TAXCHAIN_CACHE           cache root for the resolved jars     (default ~/.cache/taxchain)
#
# A second, independent broker (e.g. for fault tests) only needs its own dir and port:
#   KAFKA_DATA_DIR=.data/kafka-fault KAFKA_PORT=19092 bash scripts/kafka.sh start
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
POM="$SCRIPT_DIR/kafka/pom.xml"
READY_JS="$SCRIPT_DIR/kafka-ready.js"

KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"

DATA_DIR="${KAFKA_DATA_DIR:-.data/kafka}"
case "$DATA_DIR" in /*) ;; *) DATA_DIR="$REPO_ROOT/$DATA_DIR" ;; esac
PROPS="$DATA_DIR/server.properties"
LOG4J_CONF="$DATA_DIR/log4j2.properties"
LOG_DIRS="$DATA_DIR/logs"
BROKER_LOG="$DATA_DIR/broker.log"
PID_FILE="$DATA_DIR/broker.pid"
CLUSTER_ID_FILE="$DATA_DIR/cluster.id"

# Single source of truth for the version: the pom.
KAFKA_VERSION="$(sed -n 's:.*<kafka\.version>\(.*\)</kafka\.version>.*:\1:p' "$POM" | head -n1)"
[ -n "$KAFKA_VERSION" ] || { echo "kafka: cannot read <kafka.version> from $POM" >&2; exit 1; }
CACHE_DIR="${TAXCHAIN_CACHE:-$HOME/.cache/taxchain}/kafka-$KAFKA_VERSION"
LIBS="$CACHE_DIR/libs"
LIBS_MARKER="$CACHE_DIR/libs.complete"

log() { echo "kafka: $*"; }
die() { echo "kafka: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- helpers

port_open() { # port -> 0 if something accepts TCP connections on 127.0.0.1:port
  (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null
}

broker_pid() { # prints the pid of *our* broker for this data dir if it is alive
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: it must be a kafka.Kafka JVM using this data dir.
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "kafka.Kafka $PROPS" || return 1
  fi
  echo "$pid"
}

tail_log() {
  if [ -f "$BROKER_LOG" ]; then
    echo "---- last 40 lines of $BROKER_LOG ----" >&2
    tail -n 40 "$BROKER_LOG" >&2 || true
    echo "--------------------------------------" >&2
  fi
}

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

java_cp() { echo "$LIBS/*"; }

take_lock() { # serialise start/stop on one data dir (parallel test workers)
  mkdir -p "$DATA_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$DATA_DIR/.lock"
    flock -w 180 9 || die "timed out waiting for lock $DATA_DIR/.lock"
  fi
}

# ---------------------------------------------------------------- resolve

resolve() {
  if [ -f "$LIBS_MARKER" ] && [ "$(cat "$LIBS_MARKER")" = "$(pom_hash)" ] && [ -d "$LIBS" ]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to resolve Kafka $KAFKA_VERSION)"
  log "resolving $KAFKA_VERSION through Maven…"
  mkdir -p "$CACHE_DIR"
  local tmp="$CACHE_DIR/libs.tmp.$$" mvnlog="$CACHE_DIR/mvn.log"
  rm -rf "$tmp" "$LIBS_MARKER"
  if ! mvn -B -q -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" -DincludeScope=runtime >"$mvnlog" 2>&1; then
    rm -rf "$tmp"
    tail -n 40 "$mvnlog" >&2 || true
    die "Maven could not resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION (full log: $mvnlog)"
  fi
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after resolution"; }
  rm -rf "$LIBS"
  mv "$tmp" "$LIBS"
  pom_hash >"$LIBS_MARKER"
  log "resolved $(ls "$LIBS" | wc -l | tr -d ' ') jars into $LIBS"
}

# ---------------------------------------------------------------- config

write_config() {
  mkdir -p "$DATA_DIR" "$LOG_DIRS"
  # Regenerated on every start so port changes take effect. Static quorum
  # (controller.quorum.voters): with a single voter it does not care if the
  # controller port changes between runs of the same data dir.
  cat >"$PROPS" <<EOF
# Generated by scripts/kafka.sh on every start; edits are overwritten.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$LOG_DIRS
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=true
delete.topic.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat >"$LOG4J_CONF" <<'EOF'
# Generated by scripts/kafka.sh: everything to stdout, which goes to broker.log.
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.controller.name = org.apache.kafka.controller
logger.controller.level = INFO
logger.zk.name = org.apache.zookeeper
logger.zk.level = WARN
EOF
}

# shellcheck disable=SC2206
JAVA_OPTS=($KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  "-Dlog4j2.configurationFile=$LOG4J_CONF" "-Dkafka.logs.dir=$DATA_DIR")

format_storage() {
  if [ -f "$LOG_DIRS/meta.properties" ]; then
    return 0
  fi
  local cid
  if [ -s "$CLUSTER_ID_FILE" ]; then
    cid="$(cat "$CLUSTER_ID_FILE")"
  else
    cid="$(java -cp "$(java_cp)" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n1 | tr -d '[:space:]')"
    [ -n "$cid" ] || die "StorageTool random-uuid produced no cluster id"
    echo "$cid" >"$CLUSTER_ID_FILE"
  fi
  log "formatting storage in $LOG_DIRS (cluster id $cid)…"
  if ! java "${JAVA_OPTS[@]}" -cp "$(java_cp)" kafka.tools.StorageTool format \
        -t "$cid" -c "$PROPS" --ignore-formatted >"$DATA_DIR/format.log" 2>&1; then
    cat "$DATA_DIR/format.log" >&2
    die "storage format failed"
  fi
}

# ---------------------------------------------------------------- readiness

wait_ready() { # pid-or-empty -> waits until a consumer group can join, or fails
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT)) rc out
  command -v node >/dev/null 2>&1 || die "node not found (needed by $READY_JS)"
  while :; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail_log
      die "broker process $pid exited during startup"
    fi
    if port_open "$KAFKA_PORT"; then
      set +e
      out="$(KAFKA_BROKERS="$KAFKA_HOST:$KAFKA_PORT" node "$READY_JS" 2>&1)"
      rc=$?
      set -e
      if [ "$rc" -eq 0 ]; then return 0; fi
      if [ "$rc" -eq 3 ]; then echo "$out" >&2; die "kafka-ready.js cannot run (is kafkajs installed? run npm install)"; fi
    else
      out="port $KAFKA_PORT not open yet"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "kafka: last readiness error: $out" >&2
      tail_log
      die "broker on $KAFKA_HOST:$KAFKA_PORT not ready for consumer groups after ${KAFKA_START_TIMEOUT}s"
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------- commands

cmd_start() {
  take_lock
  local pid started
  started=$SECONDS
  if pid="$(broker_pid)"; then
    wait_ready "$pid"
    log "already running on $KAFKA_HOST:$KAFKA_PORT (pid $pid), reusing"
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    log "port $KAFKA_PORT already in use by a process not started from $DATA_DIR; checking it is a ready Kafka broker…"
    wait_ready ""
    log "reusing the broker already answering on $KAFKA_HOST:$KAFKA_PORT"
    return 0
  fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then
    die "controller port $KAFKA_CONTROLLER_PORT is in use; set KAFKA_CONTROLLER_PORT (or a different KAFKA_PORT)"
  fi
  command -v java >/dev/null 2>&1 || die "java not found (Kafka $KAFKA_VERSION needs Java 17+)"

  resolve
  write_config
  format_storage

  rm -f "$PID_FILE"
  [ -f "$BROKER_LOG" ] && mv -f "$BROKER_LOG" "$BROKER_LOG.prev"
  log "starting $KAFKA_VERSION (data $DATA_DIR)…"
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  # The inner shell writes its own pid then execs java, so the pid file is exact
  # and the broker lives in its own session (survives the caller's process group).
  # shellcheck disable=SC2016
  nohup "${launcher[@]}" bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    java "${JAVA_OPTS[@]}" -cp "$(java_cp)" kafka.Kafka "$PROPS" \
    </dev/null >"$BROKER_LOG" 2>&1 9>&- &   # 9>&-: the broker must not inherit the lock fd
  local i=0
  while [ ! -s "$PID_FILE" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] || { tail_log; die "broker did not start (no pid)"; }

  wait_ready "$pid"
  log "started on $KAFKA_HOST:$KAFKA_PORT (pid $pid) in $((SECONDS - started))s"
}

cmd_stop() {
  take_lock
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    if port_open "$KAFKA_PORT"; then
      log "not started from $DATA_DIR, but something answers on port $KAFKA_PORT; leaving it alone"
    else
      log "not running"
    fi
    return 0
  fi
  log "stopping pid $pid…"
  kill -TERM "$pid" 2>/dev/null || true
  local i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still alive after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

cmd_status() {
  local pid
  if pid="$(broker_pid)"; then
    if port_open "$KAFKA_PORT"; then
      echo "kafka: running on $KAFKA_HOST:$KAFKA_PORT (pid $pid, version $KAFKA_VERSION, data $DATA_DIR)"
    else
      echo "kafka: running (pid $pid) but port $KAFKA_PORT not open yet (starting?)"
    fi
    return 0
  fi
  if port_open "$KAFKA_PORT"; then
    echo "kafka: running on $KAFKA_HOST:$KAFKA_PORT (not started from $DATA_DIR)"
    return 0
  fi
  echo "kafka: not running"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart) cmd_stop; cmd_start ;;
  *) echo "usage: $0 {start|stop|status|restart}" >&2; exit 2 ;;
esac
