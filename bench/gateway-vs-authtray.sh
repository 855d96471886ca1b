#!/usr/bin/env bash
# bench/gateway-vs-authtray.sh — the gateway's own `openclaw models status`
# against `authtray status`, side by side on the same HOMEs.
#
# Builds authtray (CGO_ENABLED=0, as released), then bench/vsgateway builds
# two HOMEs with the real gateway CLI (paste-token, paste-api-key, models set)
# plus a Claude Code login, runs `--check` and `--json` of both programs
# interleaved under a clean environment (HOME and PATH only), and prints
# median/p90 wall time, median CPU time, peak RSS and the ratios, as
# markdown. It exits 1 when the two disagree on a `--check` exit code or
# authtray prints any part of a secret.
# Needs: Go, and the gateway from .ci/install-gateway.sh (Node 24 + openclaw
# in $AUTHTRAY_GATEWAY_DIR, default ~/.cache/openclaw-oracle).
# Usage: bench/gateway-vs-authtray.sh [-n GATEWAY_RUNS] [-m AUTHTRAY_RUNS] [-out FILE] [-readme README.md] [-keep]
#   (defaults: 7 and 50; each gateway run takes 1.5 s or more). -readme
#   replaces the figures between the README's
#   <!-- bench:gateway-vs-authtray:begin/end --> lines (only when the two
#   programs agree).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d /tmp/authtray-vsgw.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# Built from the repo root; -out and -readme paths stay relative to the caller.
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$TMP/authtray" ./cmd/authtray && go build -o "$TMP/vsgateway" ./bench/vsgateway)
"$TMP/vsgateway" -authtray "$TMP/authtray" "$@"
