package autostart

import (
	"errors"
	"strings"
	"testing"
)

func TestExeProblem(t *testing.T) {
	const tmp = "/var/folders/x1/abc_def/T/"
	links := map[string]string{
		// /var and /tmp are symlinks into /private on macOS.
		"/var/folders/x1/abc_def/T/":                         "/private/var/folders/x1/abc_def/T",
		"/Applications/authtray.app/Contents/MacOS/authtray": "/Applications/authtray.app/Contents/MacOS/authtray",
		// A symlink on PATH to a translocated copy, and one to a real install.
		"/usr/local/bin/authtray":    "/private/var/folders/x1/abc_def/T/AppTranslocation/0D4F-UUID/d/authtray.app/Contents/MacOS/authtray",
		"/opt/homebrew/bin/authtray": "/opt/homebrew/Cellar/authtray/1.0/bin/authtray",
		// A link into the temp dir (a `go build -o $TMPDIR/…`).
		"/Users/me/bin/authtray": "/private/var/folders/x1/abc_def/T/build/authtray",
	}
	resolve := func(p string) (string, error) {
		if r, ok := links[p]; ok {
			return r, nil
		}
		return "", errors.New("no such file")
	}
	const moveFirst = "move authtray to Applications first"
	tests := []struct {
		exe  string
		want string // a part of the error; "" for none
	}{
		{"/Applications/authtray.app/Contents/MacOS/authtray", ""},
		{"/Users/me/Applications/authtray.app/Contents/MacOS/authtray", ""},
		{"/opt/homebrew/bin/authtray", ""},
		{"/private/var/folders/x1/abc_def/T/AppTranslocation/0D4F-UUID/d/authtray.app/Contents/MacOS/authtray", moveFirst},
		{"/var/folders/x1/abc_def/T/AppTranslocation/0D4F-UUID/d/authtray.app/Contents/MacOS/authtray", moveFirst},
		{"/private/var/folders/zz/other_user/T/AppTranslocation/UUID/d/authtray.app/Contents/MacOS/authtray", moveFirst},
		{"/usr/local/bin/authtray", moveFirst},
		{"/private/var/folders/x1/abc_def/T/go-build123/b001/exe/authtray", "temporary build"},
		{"/var/folders/x1/abc_def/T/authtray", "temporary build"},
		{"/private/var/folders/x1/abc_def/T/authtray", "temporary build"},
		{"/Users/me/bin/authtray", "temporary build"},
		{"/home/u/go/bin/authtray", ""},
		{"/tmp/go-build99/exe/authtray", "temporary build"},
		{"authtray", "not absolute"},
		// Not a translocation: the word elsewhere in a real path.
		{"/Users/me/AppTranslocation/authtray", ""},
	}
	for _, tt := range tests {
		err := exeProblem(tt.exe, tmp, resolve)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v, want no problem", tt.exe, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: %v, want %q", tt.exe, err, tt.want)
		}
	}
}
