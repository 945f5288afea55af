#!/usr/bin/env bash
# Installs and starts the real servers the test suite needs: PostgreSQL (Debian),
# Elasticsearch 8 (integ-test zip from Maven Central), SeaweedFS as the S3 engine (built from the
# Go module proxy once per version, .ci/seaweedfs.sh; moto's S3 server only if that build
# fails), Chromium.
# Sourced by .ci/run; exports the settings the tests read. Idempotent and cached.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
STATE="${CI_STATE_DIR:-/var/cache/baladiya-ci}"
mkdir -p "$STATE"
log() { printf '[services %(%H:%M:%S)T] %s\n' -1 "$*"; }

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  apt_install postgresql chromium fonts-noto-core unzip curl
  local ver; ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  local bin=/usr/lib/postgresql/$ver/bin
  local data="$STATE/pgdata"
  if ! id baladiya >/dev/null 2>&1; then useradd --system --create-home --shell /bin/bash baladiya; fi
  chown baladiya "$STATE"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chown baladiya "$data"
    su baladiya -c "$bin/initdb -D '$data' -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  if ! su baladiya -c "$bin/pg_ctl -D '$data' status" >/dev/null 2>&1; then
    su baladiya -c "$bin/pg_ctl -D '$data' -l '$STATE/pg.log' -o '-p 55432 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' -w start" >/dev/null
  fi
  psql -h 127.0.0.1 -p 55432 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='baladiya'" | grep -q 1 \
    || psql -h 127.0.0.1 -p 55432 -U postgres -c "CREATE DATABASE baladiya" >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:55432/baladiya"
  PG_VERSION_STR=$(psql -h 127.0.0.1 -p 55432 -U postgres -tAc "SHOW server_version")
  log "PostgreSQL $PG_VERSION_STR ready"
}

# Newest first. 8.x is the target; 9.x is the fallback when no 8.19 zip resolves (the 8.x
# Python client talks to it in compatibility mode, on the newer JDK).
ES_CANDIDATES=${ES_VERSIONS:-"8.19.9 8.19.8 8.19.7 8.19.6 8.19.5 8.19.4 8.19.3 8.19.2 8.19.1 8.19.0 9.2.3 9.2.2 9.2.1 9.2.0 9.1.8 9.1.5 9.0.8"}

fetch_elasticsearch() {
  local v
  for v in $ES_CANDIDATES; do
    if [ -d "$STATE/elasticsearch-$v" ]; then ES_VERSION=$v; return 0; fi
  done
  for v in $ES_CANDIDATES; do
    log "trying Elasticsearch $v from Maven Central"
    if mvn -q dependency:copy -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$v:zip" \
        -DoutputDirectory="$STATE" >/dev/null 2>&1; then
      (cd "$STATE" && unzip -q -o "elasticsearch-$v.zip" && rm -f "elasticsearch-$v.zip")
      ES_VERSION=$v; return 0
    fi
  done
  return 1
}

start_elasticsearch() {
  fetch_elasticsearch || { log "no Elasticsearch 8.19.x or 9.x could be fetched"; return 1; }
  local home="$STATE/elasticsearch-$ES_VERSION"
  chown -R baladiya "$home"
  # The integ-test zip ships without a JDK: use the machine's (17 for 8.x; the newest for 9.x).
  if [ -z "${ES_JAVA_HOME:-}" ]; then
    if [ "${ES_VERSION%%.*}" -ge 9 ]; then
      ES_JAVA_HOME=$(ls -d /usr/lib/jvm/*/ | sort -V | grep -E 'temurin-2[1-9]|jdk-2[1-9]|java-2[1-9]' | tail -1)
    else
      ES_JAVA_HOME=$(ls -d /usr/lib/jvm/java-17-openjdk-*/ 2>/dev/null | head -1)
      [ -n "$ES_JAVA_HOME" ] || ES_JAVA_HOME=$(ls -d /usr/lib/jvm/*/ | sort -V | tail -1)
    fi
  fi
  if ! curl -fsS "http://127.0.0.1:59200/_cluster/health" >/dev/null 2>&1; then
    local t0=$SECONDS
    su baladiya -c "ES_JAVA_OPTS='-Xms512m -Xmx512m' ES_JAVA_HOME='${ES_JAVA_HOME%/}' nohup '$home/bin/elasticsearch' \
      -E http.port=59200 -E transport.port=59300 -E discovery.type=single-node -E xpack.security.enabled=false -E xpack.ml.enabled=false \
      -E path.data='$home/data' -E path.logs='$home/logs' \
      -E cluster.routing.allocation.disk.threshold_enabled=false > '$STATE/es.log' 2>&1 &"
    for _ in $(seq 1 180); do
      curl -fsS "http://127.0.0.1:59200/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
      sleep 1
    done
    ES_START_SECONDS=$((SECONDS - t0))
  fi
  curl -fsS "http://127.0.0.1:59200/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null \
    || { log "Elasticsearch did not start; tail of its log:"; tail -30 "$STATE/es.log"; return 1; }
  export ELASTICSEARCH_URL="http://127.0.0.1:59200"
  log "Elasticsearch $ES_VERSION ready (start took ${ES_START_SECONDS:-0}s)"
}

source "$HERE/seaweedfs.sh"

start_s3() {
  if [ "${S3_ENGINE:-seaweedfs}" = seaweedfs ]; then
    if seaweedfs_start; then S3_ENGINE_STR="SeaweedFS $SEAWEEDFS_VERSION"; return 0; fi
    log "WARNING: SeaweedFS could not be built or started (above); falling back to moto's S3 server"
  fi
  start_moto
}

start_moto() {
  if ! curl -fsS "http://127.0.0.1:59000/" >/dev/null 2>&1; then
    nohup "${PYTHON:-python}" -m moto.server -H 127.0.0.1 -p 59000 > "$STATE/moto.log" 2>&1 &
    for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:59000/" >/dev/null 2>&1 && break; sleep 0.5; done
  fi
  export AWS_S3_ENDPOINT_URL="http://127.0.0.1:59000" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing
  export AWS_S3_REGION_NAME=us-east-1 AWS_STORAGE_BUCKET_NAME=baladiya-test
  S3_ENGINE_STR="moto"
  log "moto S3 server ready"
}

start_postgres
start_elasticsearch
start_s3
