#!/usr/bin/env bash
# Installs the nfpm CLI (deb/rpm/apk/archlinux packager) that packaging/
# uses, into a cache dir outside the repo. Idempotent: an existing binary of
# the pinned version is kept. v2.45.0 is pinned because newer nfpm releases
# depend on modules that the build network cannot fetch.
set -euo pipefail
version=v2.45.0
bin="${AUTHTRAY_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/authtray-tools}/bin"
if [ -x "$bin/nfpm" ] && "$bin/nfpm" --version 2>/dev/null | grep -q "${version#v}"; then
  exit 0
fi
mkdir -p "$bin"
GOBIN="$bin" GOFLAGS=-mod=mod go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$version"
"$bin/nfpm" --version >/dev/null
