#!/usr/bin/env bash
# bench/idle.sh — idle cost of the tray app on a real (headless) desktop.
#
# Starts a private session bus (no activation), Xvfb, xfconfd + xfce4-panel
# (the SNI host) and dunst, runs `authtray` (AUTHTRAY_DEBUG=1) against a temp
# HOME for SECONDS (default 60) of idle, then prints: CPU time used
# (utime+stime from /proc/<pid>/stat), peak and final RSS, and the loop's own
# wake-up/scan counters (logged at exit). Also dumps the dbusmenu layout.
# Needs: dbus xvfb xfce4-panel xfconf dunst libglib2.0-bin (gdbus); sqlite3 optional.
# Usage: bench/idle.sh [SECONDS]   (BIN=path to a built authtray, else it builds one)
set -euo pipefail
SECS=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN=$(mktemp -d /tmp/authtray-idle.XXXXXX)
PIDS=()
cleanup() { for ((i=${#PIDS[@]}-1; i>=0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$RUN"; }
trap cleanup EXIT
for c in dbus-daemon Xvfb xfce4-panel dunst gdbus; do
  command -v "$c" >/dev/null || { echo "missing $c: apt-get install dbus xvfb xfce4-panel xfconf dunst libglib2.0-bin" >&2; exit 2; }
done
BIN=${BIN:-$RUN/authtray}
[ -x "$BIN" ] || (cd "$ROOT" && go build -o "$BIN" ./cmd/authtray)

export HOME=$RUN/home XDG_CONFIG_HOME=$RUN/home/.config XDG_STATE_HOME=$RUN/home/.local/state XDG_RUNTIME_DIR=$RUN/xdg
mkdir -p "$HOME/.claude" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# A realistic HOME: a Claude Code login and, when sqlite3 is at hand, the
# current gateway's WAL-mode state DB (its readers' own -shm/-wal events once
# made every scan trigger the next, which an empty HOME does not show).
now_ms=$(( $(date +%s) * 1000 )); year_ms=$(( 365 * 86400000 ))
printf '{"claudeAiOauth":{"accessToken":"idle-access","refreshToken":"idle-refresh","expiresAt":%d,"refreshTokenExpiresAt":%d,"scopes":["user:inference"]}}' \
  $(( now_ms + 3600000 )) $(( now_ms + 20 * 86400000 )) >"$HOME/.claude/.credentials.json"
if command -v sqlite3 >/dev/null; then
  mkdir -p "$HOME/.openclaw/state"
  sqlite3 "$HOME/.openclaw/state/openclaw.sqlite" "PRAGMA journal_mode=WAL; PRAGMA user_version=18;
    CREATE TABLE config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT;
    INSERT INTO config_machine_state VALUES ('auth.sharedStore', '{\"location\":\"state-db\"}', $now_ms),
      ('authProfiles.store', '{\"version\":1,\"profiles\":{\"anthropic:manual\":{\"type\":\"token\",\"provider\":\"anthropic\",\"token\":\"idle-token\",\"expires\":$(( now_ms + year_ms ))}}}', $now_ms);" >/dev/null
  echo "home: Claude Code login + gateway state DB (WAL)"
else
  echo "home: Claude Code login only (no sqlite3 for a gateway DB)"
fi
export NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory LANG=C.UTF-8
cat >"$RUN/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=$RUN</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
CONF
dbus-daemon --config-file="$RUN/session.conf" --nofork --print-address=3 3>"$RUN/bus.addr" 2>/dev/null & PIDS+=($!)
for _ in $(seq 100); do [ -s "$RUN/bus.addr" ] && break; sleep 0.05; done
export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$RUN/bus.addr")
Xvfb -displayfd 4 -screen 0 1024x600x24 -nolisten tcp 4>"$RUN/display" 2>/dev/null & PIDS+=($!)
for _ in $(seq 100); do [ -s "$RUN/display" ] && break; sleep 0.05; done
export DISPLAY=:$(head -1 "$RUN/display")
P=$XDG_CONFIG_HOME/xfce4/xfconf/xfce-perchannel-xml; mkdir -p "$P"
cat >"$P/xfce4-panel.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0"><property name="configver" type="int" value="2"/>
<property name="panels" type="array"><value type="int" value="1"/><property name="panel-1" type="empty">
<property name="position" type="string" value="p=6;x=0;y=0"/><property name="length" type="uint" value="100"/>
<property name="size" type="uint" value="32"/><property name="plugin-ids" type="array"><value type="int" value="1"/></property></property></property>
<property name="plugins" type="empty"><property name="plugin-1" type="string" value="systray"/></property></channel>
XML
/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd >/dev/null 2>&1 & PIDS+=($!)
sleep 0.3
xfce4-panel --disable-wm-check >/dev/null 2>&1 & PIDS+=($!)
dunst >/dev/null 2>&1 & PIDS+=($!)
has() { gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.NameHasOwner "$1" 2>/dev/null | grep -q true; }
for _ in $(seq 200); do has org.kde.StatusNotifierWatcher && break; sleep 0.05; done

AUTHTRAY_DEBUG=1 "$BIN" 2>"$RUN/app.log" & APP=$!; PIDS+=($APP)
for _ in $(seq 100); do has "org.kde.StatusNotifierItem-$APP-1" && break; sleep 0.05; done
sleep 1 # settle: first scan and menu
gdbus call --session --dest "org.kde.StatusNotifierItem-$APP-1" --object-path /StatusNotifierItem/menu \
  --method com.canonical.dbusmenu.GetLayout -- 0 -1 '[]' | grep -o "'label': <'[^']*'>" | sed "s/'label': <'\(.*\)'>/  menu: \1/"
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' "/proc/$APP/stat"; }
rss() { awk '/VmRSS/{print $2}' "/proc/$APP/status"; }
c0=$(cpu); sleep "$SECS"; c1=$(cpu)
hwm=$(awk '/VmHWM/{print $2}' "/proc/$APP/status"); r=$(rss)
kill -TERM "$APP"; wait "$APP" 2>/dev/null || true
echo "idle ${SECS}s: cpu $(( (c1 - c0) * 1000 / ticks )) ms, rss ${r} kB (peak ${hwm} kB)"
grep -E 'debug: (stats|sleeping|watching)' "$RUN/app.log" | tail -6 | sed 's/^/  /'
grep -vE 'debug:' "$RUN/app.log" | sed 's/^/  log: /' || true
