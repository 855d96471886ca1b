package notify

import (
	"fmt"
	"strings"
	"testing"
)

// ncprefs builds a `defaults export com.apple.ncprefs -` document with these
// apps (bundle id → flags).
func ncprefs(apps ...any) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>apps</key>
	<array>
`)
	for i := 0; i+1 < len(apps); i += 2 {
		fmt.Fprintf(&b, `		<dict>
			<key>auth</key>
			<integer>7</integer>
			<key>bundle-id</key>
			<string>%s</string>
			<key>content_visibility</key>
			<dict><key>flags</key><integer>0</integer></dict>
			<key>flags</key>
			<integer>%d</integer>
			<key>path</key>
			<data>AAAA</data>
			<key>src</key>
			<array><data>AAAA</data></array>
		</dict>
`, apps[i], apps[i+1])
	}
	b.WriteString(`	</array>
	<key>dnd_prefs</key>
	<data>YnBsaXN0MDA=</data>
	<key>flags</key>
	<integer>33554432</integer>
</dict>
</plist>
`)
	return b.String()
}

func TestNcprefsPermission(t *testing.T) {
	const (
		off = 1351102785 // as System Settings leaves an app turned off
		on  = 1384657217 // the same with Allow Notifications (1 << 25)
	)
	tests := []struct {
		name string
		doc  string
		want permission
		err  bool
	}{
		{"allowed", ncprefs("com.apple.Safari", off, scriptEditorID, on), permAllowed, false},
		{"turned off", ncprefs(scriptEditorID, off, "com.apple.Safari", on), permDenied, false},
		{"never asked", ncprefs("com.apple.Safari", on, "com.apple.ScriptEditor2.helper", on), permAbsent, false},
		{"no apps", ncprefs(), permAbsent, false},
		// A nested dict's flags are not the app's.
		{"inner flags only", strings.Replace(ncprefs(scriptEditorID, off), "<integer>0</integer>", fmt.Sprint("<integer>", on, "</integer>"), 1), permDenied, false},
		{"truncated", ncprefs(scriptEditorID, on)[:300], permUnknown, true},
		{"not xml", "bplist00\x00\x01", permUnknown, true},
	}
	for _, tt := range tests {
		got, err := ncprefsPermission([]byte(tt.doc), scriptEditorID)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("%s: %v, %v; want %v (error %v)", tt.name, got, err, tt.want, tt.err)
		}
	}
}

func TestRouteShowable(t *testing.T) {
	for _, tt := range []struct {
		r    route
		ok   bool
		note bool
	}{
		{route{terminalNotifier: true, scriptEditor: permDenied, major: 15}, true, false},
		{route{scriptEditor: permAllowed, major: 15}, true, true},
		{route{scriptEditor: permDenied, major: 12}, false, false},
		{route{scriptEditor: permAbsent, major: 15}, false, false},
		{route{scriptEditor: permAbsent, major: 26}, false, false},
		{route{scriptEditor: permAbsent, major: 14}, true, true}, // the first one registers it, allowed
		{route{scriptEditor: permUnknown, major: 15}, true, true},
		{route{scriptEditor: permAbsent}, true, true}, // version unknown
	} {
		ok, why := tt.r.showable()
		if ok != tt.ok || (why != "") == ok || (!ok && !strings.Contains(why, "System Settings → Notifications → Script Editor")) {
			t.Errorf("%+v: showable = %v, %q; want %v with the System Settings step", tt.r, ok, why, tt.ok)
		}
		if got := tt.r.note() != ""; got != tt.note {
			t.Errorf("%+v: note %q", tt.r, tt.r.note())
		}
	}
}

func TestOsascriptArgv(t *testing.T) {
	title, body := `-e "quoted" \ title`, "body \"with\" quotes, a \\ and\nnewline; end run"
	argv := osascriptArgv(title, body)
	if argv[0] != "/usr/bin/osascript" || argv[1] != "-e" || argv[3] != "--" || argv[4] != title || argv[5] != body || len(argv) != 6 {
		t.Fatalf("argv = %q", argv)
	}
	// The text is never part of the AppleScript source.
	if strings.Contains(argv[2], "quoted") || strings.Contains(argv[2], "newline") {
		t.Errorf("script embeds the text: %q", argv[2])
	}
}
