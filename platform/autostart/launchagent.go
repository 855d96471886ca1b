package autostart

import "fmt"

// LaunchAgentPlist renders ~/Library/LaunchAgents/io.github.authtray.plist.
// LimitLoadToSessionType=Aqua keeps it out of ssh and background sessions,
// where there is no menu bar; ProcessType=Interactive gives it the
// scheduling of an app the user sees. No KeepAlive: quitting from the menu
// means quit.
func LaunchAgentPlist(program string) []byte {
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- %s -->
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>%s</string>
	<key>ProgramArguments</key>
	<array>
		<string>%s</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>KeepAlive</key>
	<false/>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`, Marker, Label, xmlEscape(program))
}
