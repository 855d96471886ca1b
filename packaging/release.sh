#!/usr/bin/env bash
# Release tarballs for linux/amd64 and linux/arm64 (CGO_ENABLED=0), with
# the desktop files and icons, and dist/SHA256SUMS over everything in dist/
# (packages from nfpm.sh and the macOS zip included when present).
#
#   packaging/release.sh [VERSION]
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-$(git describe --tags --always 2>/dev/null || echo dev)}
version=${version#v}
mkdir -p dist
for arch in amd64 arm64; do
  name=authtray-$version-linux-$arch
  stage=dist/stage/$name
  rm -rf "$stage" && mkdir -p "$stage"
  GOOS=linux GOARCH=$arch CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$stage/authtray" ./cmd/authtray
  cp -r packaging/linux/. "$stage/share"
  cp README* LICENSE* "$stage/" 2>/dev/null || true
  # Reproducible: fixed order, owner and mtime.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C dist/stage -czf "dist/$name.tar.gz" "$name"
done
rm -rf dist/stage
(cd dist && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | sort | xargs sha256sum > SHA256SUMS)
cat dist/SHA256SUMS
