#!/usr/bin/env bash
# Builds dist/authtray.app and dist/authtray-VERSION-macos.zip ON A MAC:
# a universal (arm64 + amd64) cgo binary, the bundle, a signature and a zip.
#
#   packaging/macos/build-app.sh [VERSION]
#
# Signs ad hoc unless DEVELOPER_ID is set ("Developer ID Application: …"),
# in which case it signs with that identity and the hardened runtime, ready
# for `xcrun notarytool submit`. Ad-hoc apps run for their builder; others
# must right-click → Open once (Gatekeeper).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
[ "$(uname -s)" = Darwin ] || { echo "build-app.sh needs macOS (cgo, lipo, codesign); on Linux use: go run ./packaging/cmd/bundle" >&2; exit 1; }

# The oldest macOS the app claims (Info.plist's LSMinimumSystemVersion,
# packaging/macos/bundle.go MinimumSystemVersion; a test keeps them equal).
# A cgo build compiles and links with clang, which otherwise stamps the build
# host's macOS version into LC_BUILD_VERSION, and the app would refuse to
# start on every older macOS it claims to support.
min_macos=12.0
export MACOSX_DEPLOYMENT_TARGET=$min_macos
export CGO_CFLAGS="${CGO_CFLAGS:--O2 -g} -mmacosx-version-min=$min_macos"
export CGO_LDFLAGS="${CGO_LDFLAGS:--O2 -g} -mmacosx-version-min=$min_macos"

mkdir -p dist
ldflags="-s -w -X main.version=$version"
for arch in arm64 amd64; do
  echo "== go build darwin/$arch (macOS $min_macos and later)"
  GOOS=darwin GOARCH=$arch CGO_ENABLED=1 go build -trimpath -ldflags "$ldflags" -o "dist/authtray-darwin-$arch" ./cmd/authtray
  # What the loader will check: LC_BUILD_VERSION's minos.
  minos=$(vtool -show-build "dist/authtray-darwin-$arch" | awk '$1 == "minos" { print $2; exit }')
  [ "$minos" = "$min_macos" ] || { echo "dist/authtray-darwin-$arch needs macOS ${minos:-?}, not $min_macos (vtool -show-build)" >&2; exit 1; }
done
lipo -create -output dist/authtray-darwin-universal dist/authtray-darwin-arm64 dist/authtray-darwin-amd64
lipo -info dist/authtray-darwin-universal

app=$(go run ./packaging/cmd/bundle -binary dist/authtray-darwin-universal -version "$version" -o dist)

if [ -n "${DEVELOPER_ID:-}" ]; then
  codesign --force --options runtime --timestamp --sign "$DEVELOPER_ID" "$app"
else
  codesign --force --sign - "$app"
fi
codesign --verify --strict --verbose=2 "$app"

zip="dist/authtray-${version#v}-macos.zip"
rm -f "$zip"
ditto -c -k --keepParent "$app" "$zip"
shasum -a 256 "$zip"
echo "built $app and $zip"
