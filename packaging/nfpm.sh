#!/usr/bin/env bash
# Builds the Linux packages into dist/: a CGO_ENABLED=0 binary per arch,
# then .deb, .rpm, .apk and Arch packages with nfpm (.ci/install-nfpm.sh).
#
#   packaging/nfpm.sh [VERSION] [ARCH...]     default ARCH: amd64 arm64
#   FORMATS="deb" packaging/nfpm.sh 1.2.3 amd64
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-$(git describe --tags --always 2>/dev/null || echo 0.0.0)}
version=${version#v}
shift || true
archs=${*:-amd64 arm64}
formats=${FORMATS:-deb rpm apk archlinux}
nfpm=${NFPM:-$(command -v nfpm || echo "${AUTHTRAY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/authtray-tools}/bin/nfpm")}
[ -x "$nfpm" ] || { echo "nfpm not found; run .ci/install-nfpm.sh" >&2; exit 1; }
# nfpm wants a semver; a git describe like 1.2.3-4-gabcdef is one, a bare
# commit hash is not.
case $version in [0-9]*) ;; *) version=0.0.0-$version ;; esac
mkdir -p dist
for arch in $archs; do
  GOOS=linux GOARCH=$arch CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$version" -o dist/nfpm-bin/authtray ./cmd/authtray
  for f in $formats; do
    VERSION=$version ARCH=$arch "$nfpm" pkg -f packaging/nfpm.yaml -p "$f" -t dist/ >/dev/null
  done
done
ls dist/*.deb dist/*.rpm dist/*.apk dist/*.pkg.tar.zst 2>/dev/null || true
