#!/usr/bin/env bash
# Makes sure `redis-server` is on PATH, installing Debian's package when it is not.
# Needs root (CI and the dev container run as root) or passwordless sudo.
set -euo pipefail

log() { printf '[install-redis] %s\n' "$*" >&2; }

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "redis-server is not on PATH and apt-get is missing; install Redis >= 6 by hand"
  exit 1
fi

sudo_cmd=()
if [[ "$(id -u)" -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo -n); else
    log "redis-server is not on PATH and we are not root; run: apt-get install -y redis-server"
    exit 1
  fi
fi

started=$(date +%s)
log "installing redis-server with apt-get"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system-wide instance on 6379 where an init system runs; we never use it.
command -v redis-server >/dev/null
log "installed $(redis-server --version | cut -d' ' -f1-3) in $(( $(date +%s) - started )) s"
