#!/usr/bin/env bash
# Install what the real local services need; fast when already done.
#   - Kafka broker jars (KRaft, no ZooKeeper) from Maven Central into .cache/kafka/libs
#   - redis-server, prometheus/promtool and chromium from Debian's packages (installed when missing and root)
set -euo pipefail
cd "$(dirname "$0")/../.."
LIBS=.cache/kafka/libs

if ! ls "$LIBS"/kafka_2.13-*.jar >/dev/null 2>&1 || ! ls "$LIBS"/slf4j-api-2.*.jar >/dev/null 2>&1; then
  command -v mvn >/dev/null || { echo "setup: Maven (mvn) is required to fetch the Kafka jars: apt-get install maven" >&2; exit 1; }
  command -v java >/dev/null || { echo "setup: Java 17+ is required to run Kafka: apt-get install openjdk-17-jre-headless" >&2; exit 1; }
  echo "==> fetching Kafka jars with mvn into $LIBS"
  rm -rf "$LIBS"; mkdir -p "$LIBS"
  if ! mvn -q -B -f deploy/local/pom.xml dependency:copy-dependencies -DoutputDirectory="$PWD/$LIBS" \
      -Dmaven.repo.local="$PWD/.cache/m2"; then
    echo "setup: mvn could not fetch the Kafka jars (see above)" >&2
    exit 1
  fi
fi

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
{ command -v prometheus >/dev/null && command -v promtool >/dev/null; } || missing+=(prometheus)
command -v chromium >/dev/null || missing+=(chromium)  # renders the backtest HTML report in a test
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" >/dev/null
    # The packages start system services we do not use: tests run their own instances.
    for svc in redis-server prometheus; do
      (service "$svc" stop || true) >/dev/null 2>&1
    done
  else
    echo "setup: missing ${missing[*]}; install them, e.g.: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
