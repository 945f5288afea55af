#!/usr/bin/env bash
# Builds (once per version, cached under the CI state folder) and starts SeaweedFS as the S3
# engine on 127.0.0.1 (docs/operations.md). Sourced by .ci/services.sh.
#
# `go install …/weed@VERSION` is refused because SeaweedFS's go.mod has a replace line, so we
# build through a small module of our own that requires it and repeats that line
# (../shared/S3-ENGINE.md, measured on this machine kind: ~14 min cold, seconds when cached).
SEAWEEDFS_VERSION=${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}
SEAWEEDFS_S3_PORT=${SEAWEEDFS_S3_PORT:-59010}

seaweedfs_build() {
  local dir="$STATE/seaweedfs/$SEAWEEDFS_VERSION"
  WEED_BIN="$dir/weed"
  [ -x "$WEED_BIN" ] && return 0
  mkdir -p "$dir/src"
  cat > "$dir/src/go.mod" <<GOMOD
module baladiya/weedbuild

go 1.26

require github.com/seaweedfs/seaweedfs $SEAWEEDFS_VERSION

replace github.com/tyler-smith/go-bip39 => github.com/cosmos/go-bip39 v1.0.0
GOMOD
  cat > "$dir/src/main.go" <<'GOMAIN'
// Package main only pins SeaweedFS's module graph; the binary is built from its weed package.
package main

import _ "github.com/seaweedfs/seaweedfs/weed/command"

func main() {}
GOMAIN
  local t0=$SECONDS
  log "building SeaweedFS $SEAWEEDFS_VERSION (first time on this machine: about 15 minutes)"
  (
    cd "$dir/src" &&
      export GOPATH="$STATE/go" GOMODCACHE="$STATE/go/mod" GOCACHE="$STATE/go/build" GOFLAGS=-mod=mod &&
      go get "github.com/seaweedfs/seaweedfs/weed@$SEAWEEDFS_VERSION" >"$dir/build.log" 2>&1 &&
      go build -o "$dir/weed.tmp" github.com/seaweedfs/seaweedfs/weed >>"$dir/build.log" 2>&1 &&
      mv "$dir/weed.tmp" "$WEED_BIN"
  ) || { log "SeaweedFS build failed; tail of $dir/build.log:"; tail -20 "$dir/build.log"; return 1; }
  SEAWEEDFS_BUILD_SECONDS=$((SECONDS - t0))
  log "SeaweedFS built in ${SEAWEEDFS_BUILD_SECONDS}s"
}

seaweedfs_start() {
  seaweedfs_build || return 1
  local data="$STATE/seaweedfs-data"
  export AWS_S3_ENDPOINT_URL="http://127.0.0.1:$SEAWEEDFS_S3_PORT" AWS_ACCESS_KEY_ID=baladiya-ci
  export AWS_SECRET_ACCESS_KEY=baladiya-ci-secret AWS_S3_REGION_NAME=us-east-1 AWS_STORAGE_BUCKET_NAME=baladiya-test
  # Any HTTP answer (an anonymous request gets 403) means the S3 port is up.
  if ! curl -sS -o /dev/null "$AWS_S3_ENDPOINT_URL/" 2>/dev/null; then
    mkdir -p "$data"
    chown -R baladiya "$data" 2>/dev/null || true
    local t0=$SECONDS
    # Every port on loopback and away from the defaults (9333, 8888...) other tools may hold.
    su baladiya -c "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY nohup '$WEED_BIN' mini \
      -dir='$data' -ip=127.0.0.1 -ip.bind=127.0.0.1 -s3.port=$SEAWEEDFS_S3_PORT -s3.port.iceberg=0 -s3.port.lance=0 \
      -master.port=59333 -volume.port=59080 -filer.port=59888 > '$STATE/seaweedfs.log' 2>&1 &"
    for _ in $(seq 1 120); do
      curl -sS -o /dev/null "$AWS_S3_ENDPOINT_URL/" 2>/dev/null && break
      sleep 0.5
    done
    SEAWEEDFS_START_SECONDS=$((SECONDS - t0))
  fi
  curl -sS -o /dev/null "$AWS_S3_ENDPOINT_URL/" 2>/dev/null \
    || { log "SeaweedFS did not start; tail of its log:"; tail -30 "$STATE/seaweedfs.log"; return 1; }
  log "SeaweedFS S3 ready on $AWS_S3_ENDPOINT_URL (start took ${SEAWEEDFS_START_SECONDS:-0}s)"
}
