#!/usr/bin/env bash
# A Redis server on loopback for tests and `monitor stack` (no persistence).
#   deploy/local/redis.sh start DIR PORT | stop DIR | status DIR
set -euo pipefail
cmd=${1:?start|stop|status}; DIR=${2:?data dir}; PORT=${3:-6379}
mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
case "$cmd" in
start)
  redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$DIR/redis.pid" --dir "$DIR" --logfile "$DIR/redis.log"
  for _ in $(seq 1 50); do
    redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG && exit 0
    sleep 0.1
  done
  echo "redis did not start; last lines of its log:" >&2; tail -20 "$DIR/redis.log" >&2; exit 1
  ;;
stop)
  if [ -f "$DIR/redis.pid" ]; then
    pid=$(cat "$DIR/redis.pid"); kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$DIR/redis.pid"
  fi
  ;;
status)
  [ -f "$DIR/redis.pid" ] && kill -0 "$(cat "$DIR/redis.pid")" 2>/dev/null && echo running || { echo stopped; exit 1; }
  ;;
esac
