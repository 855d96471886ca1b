#!/usr/bin/env bash
# Checks the macOS code without a Mac, for arm64 and amd64:
#  (a) the darwin build without cgo compiles and vets (cgo-only code must be
#      gated behind build tags with a clear !cgo twin);
#  (b) darwintc type-checks the darwin build *with* cgo, faking import "C",
#      so Go-side mistakes in darwin cgo files fail here, not on a Mac.
set -euo pipefail
cd "$(dirname "$0")/.."
go=${GO:-go}
for arch in arm64 amd64; do
  echo "== darwin/$arch CGO_ENABLED=0: go build ./... && go vet ./..."
  GOOS=darwin GOARCH=$arch CGO_ENABLED=0 $go build ./...
  GOOS=darwin GOARCH=$arch CGO_ENABLED=0 $go vet ./...
  echo "== darwin/$arch CGO_ENABLED=1: darwintc ./..."
  $go run ./tools/darwintc -arch "$arch" ./...
done
