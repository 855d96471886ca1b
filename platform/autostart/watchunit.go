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
	args := "\t\t<string>" + xmlEscape(exe) + "</string>\n"
	for _, a := range WatchArgs {
		args += "\t\t<string>" + xmlEscape(a) + "</string>\n"
	}
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- %s -->
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>%s</string>
	<key>ProgramArguments</key>
	<array>
%s	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>KeepAlive</key>
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
</dict>
</plist>
`, Marker, WatchLabel, args, xmlEscape(filepath.Join(home, "Library", "Logs", WatchName+".log")))
}
