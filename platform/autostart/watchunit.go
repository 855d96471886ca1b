package autostart

import (
	"fmt"
	"path/filepath"
	"strings"
)

// WatchUnit renders authtray-watch.service. It is wanted by default.target,
// which the user manager reaches at login, or at boot with linger: a server
// has no graphical session. Standard output (the JSON snapshots, for pipes)
// is dropped; errors go to the journal on standard error.
func WatchUnit(exe string) []byte {
	return fmt.Appendf(nil, `# %s
[Unit]
Description=authtray watch: credential expiry checks and push notifications
Documentation=https://github.com/authtray/authtray

[Service]
ExecStart=%s %s
StandardOutput=null
Restart=on-failure
RestartSec=30

[Install]
WantedBy=default.target
`, Marker, unitArg(exe), strings.Join(WatchArgs, " "))
}

// WatchPlist renders ~/Library/LaunchAgents/io.github.authtray.watch.plist:
// loaded in the user's GUI domain, kept alive unless it exits cleanly,
// scheduled as background work; errors go to ~/Library/Logs.
func WatchPlist(exe, home string) []byte {
	return plist(WatchLabel, append([]string{exe}, WatchArgs...), fmt.Sprintf(`	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>ThrottleInterval</key>
	<integer>30</integer>
	<key>ProcessType</key>
	<string>Background</string>
	<key>StandardOutPath</key>
	<string>/dev/null</string>
	<key>StandardErrorPath</key>
	<string>%s</string>
`, xmlEscape(filepath.Join(home, "Library", "Logs", WatchName+".log"))))
}
