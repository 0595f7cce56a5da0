#!/usr/bin/env bash
# Builds FerretDB (the MongoDB-wire test server, SQLite handler) into .services/bin/ferretdb.
#
# Why not plain `go install ...@v1.24.2`: the module zip lacks build/version/version.txt, and the
# binary panics at start ("Invalid build/version/version.txt"). So we copy the module out of the
# Go module cache, write that file, and build from the copy. `-checklinkname=0` lets the newer Go
# linker accept FerretDB's //go:linkname uses.
#
# Idempotent: does nothing when the binary already reports the wanted version.
# Env: FERRETDB_VERSION (default v1.24.2), SERVICES_DIR (default <repo>/.services). Needs Go >= 1.24.
set -euo pipefail

version="${FERRETDB_VERSION:-v1.24.2}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
services_dir="${SERVICES_DIR:-$repo_root/.services}"
bin="$services_dir/bin/ferretdb"

log() { printf '[install-ferretdb] %s\n' "$*" >&2; }

if [[ -x "$bin" ]] && "$bin" --version 2>/dev/null | grep -q "${version#v}"; then
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  # Toolchains are not downloaded by this script: only package registries are reachable here.
  log "go (1.24 or newer) is needed to build FerretDB and is not on PATH; install Go and run again"
  exit 1
fi

started=$(date +%s)
module="github.com/FerretDB/FerretDB"
log "building FerretDB $version (go $(go env GOVERSION))"
# Outside any module, so GOFLAGS from a parent project cannot interfere.
mod_json="$(cd / && GOFLAGS=-mod=mod go mod download -json "$module@$version")"
mod_dir="$(printf '%s\n' "$mod_json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' | head -n1)"
if [[ -z "$mod_dir" || ! -d "$mod_dir" ]]; then
  log "could not locate $module@$version in the module cache; go mod download said:"
  printf '%s\n' "$mod_json" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R "$mod_dir/." "$work/src"
chmod -R u+w "$work/src"
echo "$version" > "$work/src/build/version/version.txt"

mkdir -p "$services_dir/bin"
(cd "$work/src" && GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 go build -trimpath -ldflags=-checklinkname=0 -o "$bin.tmp" ./cmd/ferretdb)
mv -f "$bin.tmp" "$bin"
"$bin" --version >/dev/null
log "built $bin in $(( $(date +%s) - started )) s"
