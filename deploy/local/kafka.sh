#!/usr/bin/env bash
# A single-node Kafka (KRaft: broker + controller) on loopback, from the jars setup.sh fetched.
#   deploy/local/kafka.sh start DIR PORT     (controller on PORT+1)
#   deploy/local/kafka.sh stop DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CP="$ROOT/.cache/kafka/libs/*"
cmd=${1:?start|stop|status}; DIR=${2:?data dir}; PORT=${3:-9092}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

case "$cmd" in
start)
  CPORT=$((PORT + 1))
  cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$CPORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/logs
num.partitions=4
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=16777216
log.retention.hours=24
PROPS
  if [ ! -f "$DIR/logs/meta.properties" ]; then
    java -cp "$CP" kafka.tools.StorageTool format --standalone -t "$(java -cp "$CP" kafka.tools.StorageTool random-uuid)" \
      -c "$DIR/server.properties" > "$DIR/format.log" 2>&1 || { cat "$DIR/format.log" >&2; exit 1; }
  fi
  nohup java -Xms256m -Xmx512m -XX:+UseSerialGC -Dlog4j2.configurationFile="$ROOT/deploy/local/log4j2.properties" \
    -Dkafka.logs.dir="$DIR" -cp "$CP" kafka.Kafka "$DIR/server.properties" > "$DIR/kafka.out" 2>&1 &
  echo $! > "$DIR/kafka.pid"
  for _ in $(seq 1 180); do
    if ! kill -0 "$(cat "$DIR/kafka.pid")" 2>/dev/null; then
      echo "kafka exited during start-up; last lines of its log:" >&2; tail -40 "$DIR/kafka.out" >&2; exit 1
    fi
    if grep -q "Kafka Server started" "$DIR/kafka.out" 2>/dev/null; then exit 0; fi
    sleep 0.5
  done
  echo "kafka did not start within 90 s; last lines of its log:" >&2; tail -40 "$DIR/kafka.out" >&2; exit 1
  ;;
stop)
  if [ -f "$DIR/kafka.pid" ]; then
    pid=$(cat "$DIR/kafka.pid"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true; rm -f "$DIR/kafka.pid"
  fi
  ;;
status)
  [ -f "$DIR/kafka.pid" ] && kill -0 "$(cat "$DIR/kafka.pid")" 2>/dev/null && echo running || { echo stopped; exit 1; }
  ;;
esac
