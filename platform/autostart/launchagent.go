package autostart

import (
	"fmt"
	"strings"
)

// LaunchAgentPlist renders ~/Library/LaunchAgents/io.github.authtray.plist.
// LimitLoadToSessionType=Aqua keeps it out of ssh and background sessions,
// where there is no menu bar; ProcessType=Interactive gives it the
// scheduling of an app the user sees. No KeepAlive: quitting from the menu
// means quit.
func LaunchAgentPlist(program string) []byte {
	return plist(Label, []string{program}, `	<key>KeepAlive</key>
	<false/>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
`)
}

// plist renders the LaunchAgent plist of label, which runs argv when it
// loads; keys are the rest of its dict, in plist XML.
func plist(label string, argv []string, keys string) []byte {
	var args strings.Builder
	for _, a := range argv {
		args.WriteString("\t\t<string>" + xmlEscape(a) + "</string>\n")
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
%s</dict>
</plist>
`, Marker, label, args.String(), keys)
}
