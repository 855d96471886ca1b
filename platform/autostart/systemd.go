package autostart

import "fmt"

// SystemdUnit renders the systemd user unit. It is bound to
// graphical-session.target rather than default.target: default.target is
// reached before the desktop's tray host and session bus are ready, which
// is the start-too-early failure tailscale's systray unit hit (#17656).
func SystemdUnit(exe string, generated bool) []byte {
	marker := ""
	if generated {
		marker = "# " + Marker + "\n"
	}
	return fmt.Appendf(nil, `%s[Unit]
Description=authtray: credential expiry in the tray
Documentation=https://github.com/authtray/authtray
PartOf=graphical-session.target
After=graphical-session.target

[Service]
ExecStart=%s
Restart=on-failure
RestartSec=10

[Install]
WantedBy=graphical-session.target
`, marker, unitArg(exe))
}
