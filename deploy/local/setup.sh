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

# `docker compose config` validates docker-compose.yml in the tests. Where the docker CLI is installed
# without its compose plugin (no Docker engine runs here either way), build the plugin from its Go
# module into .cache/docker/cli-plugins (the tests point DOCKER_CONFIG there). Takes a few minutes once.
COMPOSE_VERSION=v2.40.3
PLUGIN=.cache/docker/cli-plugins/docker-compose
if command -v docker >/dev/null && ! docker compose version >/dev/null 2>&1 && [ ! -x "$PLUGIN" ]; then
  for dir in /usr/local/go/bin /usr/lib/go/bin "$HOME/go/bin"; do  # Go's usual homes, when not on PATH
    if ! command -v go >/dev/null && [ -x "$dir/go" ]; then PATH="$dir:$PATH"; fi
  done
  command -v go >/dev/null || {
    echo "setup: the docker CLI has no compose plugin and there is no Go toolchain to build it;" \
         "install docker-compose-plugin (Docker's apt repository) or Go" >&2; exit 1; }
  echo "==> building the docker compose plugin $COMPOSE_VERSION from its Go module (once)"
  export GOPATH="$PWD/.cache/go" GOCACHE="$PWD/.cache/go-build" GOFLAGS=-modcacherw
  if ! src=$(go mod download -json "github.com/docker/compose/v2@$COMPOSE_VERSION" \
      | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])'); then
    echo "setup: could not download github.com/docker/compose/v2@$COMPOSE_VERSION from the Go module proxy" >&2
    exit 1
  fi
  # Built as the main module (its go.mod has exclude directives, which `go install pkg@version` refuses).
  rm -rf .cache/compose-src && cp -r "$src" .cache/compose-src && chmod -R u+w .cache/compose-src
  mkdir -p "$(dirname "$PLUGIN")"
  if ! (cd .cache/compose-src && go build -trimpath -o "$OLDPWD/$PLUGIN.tmp" ./cmd); then
    echo "setup: building the docker compose plugin failed (see above)" >&2; exit 1
  fi
  mv "$PLUGIN.tmp" "$PLUGIN"
  rm -rf .cache/compose-src
fi
