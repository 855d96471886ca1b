#!/usr/bin/env bash
# bench/startup.sh — `authtray status --check` against a minimal Go program
# that reads every file of the same HOME (bench/startup/readall), on a
# typical HOME (core/scan's typical-1x3, internal/benchhome: a Claude Code
# login, a gateway with one agent, three profiles in each of its two
# databases, two .env keys).
#
# Builds authtray (CGO_ENABLED=0, as released) and the floor, then
# bench/startup runs them in interleaved pairs under HOME and PATH only and
# prints median wall and CPU times and page faults, the ratio
# authtray/floor (median of the pairs' ratios: both saw the same load), the
# same for `authtray --version` (the binary's start alone) and for
# bench/startup/sqlfloor (the same files, the databases read through
# modernc.org/sqlite: the floor of any program that reads those stores),
# and the top package inits of authtray's start-up (GODEBUG=inittrace=1).
# When hyperfine is installed it also runs all three under hyperfine, for a
# second opinion.
# Usage: bench/startup.sh [-n PAIRS] [-top N]   (AUTHTRAY=path to a built authtray, else it builds one)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d /tmp/authtray-startup.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
(cd "$ROOT" && go build -o "$TMP/startup" ./bench/startup && go build -o "$TMP/readall" ./bench/startup/readall && CGO_ENABLED=0 go build -o "$TMP/sqlfloor" ./bench/startup/sqlfloor)
AUTHTRAY=${AUTHTRAY:-$TMP/authtray}
[ -x "$AUTHTRAY" ] || (cd "$ROOT" && CGO_ENABLED=0 go build -o "$AUTHTRAY" ./cmd/authtray)
"$TMP/startup" -print-home -home "$TMP/home"
"$TMP/startup" -authtray "$AUTHTRAY" -floor "$TMP/readall" -sqlfloor "$TMP/sqlfloor" -home "$TMP/home" "$@"
if command -v hyperfine >/dev/null; then
  echo
  env -i HOME="$TMP/home" PATH=/usr/bin:/bin hyperfine -N --warmup 10 --runs 200 \
    -n floor "$TMP/readall" -n sqlfloor "$TMP/sqlfloor" -n 'authtray status --check' "$AUTHTRAY status --check" 2>&1 | sed "s|$TMP|\$TMP|g"
fi
