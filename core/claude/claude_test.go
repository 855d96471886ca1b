package claude

import (
	"context"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// want is the part of a row a case checks. Message is matched exactly;
// times are compared when set or when wantNil says so.
type want struct {
	id, location, account string
	state                 profile.State
	message, note, fix    string
	expires, loginEnds    *time.Time
	canRefresh            bool
}

func check(t *testing.T, got []profile.Profile, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		for _, p := range got {
			t.Logf("row: %+v", p)
		}
		t.Fatalf("got %d rows, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		p := got[i]
		if p.ID != w.id || p.Location != w.location || p.Account != w.account {
			t.Errorf("row %d: id/location/account = %q %q %q, want %q %q %q", i, p.ID, p.Location, p.Account, w.id, w.location, w.account)
		}
		if p.State != w.state || p.Message != w.message || p.Note != w.note {
			t.Errorf("row %d: state/message/note = %q %q %q, want %q %q %q", i, p.State, p.Message, p.Note, w.state, w.message, w.note)
		}
		if w.fix != "" && p.Fix != w.fix {
			t.Errorf("row %d: fix = %q, want %q", i, p.Fix, w.fix)
		}
		if !sameTime(p.ExpiresAt, w.expires) || !sameTime(p.LoginEndsAt, w.loginEnds) {
			t.Errorf("row %d: expires/loginEnds = %v %v, want %v %v", i, p.ExpiresAt, p.LoginEndsAt, w.expires, w.loginEnds)
		}
		if p.CanRefresh != w.canRefresh {
			t.Errorf("row %d: canRefresh = %v, want %v", i, p.CanRefresh, w.canRefresh)
		}
		if p.Provider != "anthropic" || p.Kind != profile.OAuth || p.Source != profile.ClaudeCode || !p.Judged || p.Fingerprint == "" {
			t.Errorf("row %d: fixed facts wrong: %+v", i, p)
		}
	}
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

const (
	defFile  = home + "/.claude/.credentials.json"
	loginCmd = "claude auth login"
)

func TestReadFile(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		errs  map[string]error
		env   []string
		dirs  []string
		want  []want
	}{
		{
			name: "no ~/.claude at all",
			want: []want{{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in", fix: loginCmd}},
		},
		{
			name:  "live login with email",
			files: map[string]string{defFile: creds(nil), home + "/.claude.json": claudeJSON("ada@example.com")},
			want: []want{{id: "claude-code", location: defFile, account: "ada@example.com", fix: loginCmd,
				expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name:  "expired access token on an idle machine is left to Judge",
			files: map[string]string{defFile: creds(map[string]any{"expiresAt": accessPast.UnixMilli()})},
			want:  []want{{id: "claude-code", location: defFile, expires: &accessPast, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name:  "older file without refreshTokenExpiresAt or rateLimitTier",
			files: map[string]string{defFile: creds(map[string]any{"refreshTokenExpiresAt": nil, "rateLimitTier": nil})},
			want:  []want{{id: "claude-code", location: defFile, expires: &accessEnd, canRefresh: true}},
		},
		{
			name: "login blanked at its time limit",
			files: map[string]string{defFile: creds(map[string]any{"accessToken": "", "refreshToken": "", "expiresAt": 0,
				"loginEnded": "time_limit"})},
			want: []want{{id: "claude-code", location: defFile, state: profile.Expired, message: "Login ended: it reached its time limit", fix: loginCmd,
				loginEnds: &loginEnd}},
		},
		{
			name:  "login blanked without a reason",
			files: map[string]string{defFile: creds(map[string]any{"accessToken": "", "refreshToken": "", "expiresAt": 0})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Expired, message: "Login ended: Claude Code cleared its tokens", fix: loginCmd, loginEnds: &loginEnd}},
		},
		{
			name:  "login blanked past its end, end in seconds is ignored",
			files: map[string]string{defFile: creds(map[string]any{"accessToken": "", "refreshToken": "", "expiresAt": 0, "refreshTokenExpiresAt": 1700000000})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Expired, message: "Login ended: Claude Code cleared its tokens", fix: loginCmd}},
		},
		{
			name:  "other loginEnded value",
			files: map[string]string{defFile: creds(map[string]any{"loginEnded": "revoked"})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Expired, message: "Login ended: Claude Code marked it ended", fix: loginCmd, loginEnds: &loginEnd}},
		},
		{
			name:  "empty object",
			files: map[string]string{defFile: `{}`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"}},
		},
		{
			name:  "claudeAiOauth null, only MCP tokens",
			files: map[string]string{defFile: `{"claudeAiOauth": null, "mcpOAuth": {"x|1": {"accessToken": "` + fakeMCP + `"}}}`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"}},
		},
		{
			name:  "access token without refresh token: judged by its own expiry",
			files: map[string]string{defFile: creds(map[string]any{"refreshToken": ""})},
			want: []want{{id: "claude-code", location: defFile, expires: &accessEnd, loginEnds: &loginEnd,
				note: "no refresh token: Claude Code cannot renew this login"}},
		},
		{
			name:  "inference-only scopes",
			files: map[string]string{defFile: creds(map[string]any{"scopes": []string{"user:inference"}})},
			want: []want{{id: "claude-code", location: defFile, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true,
				note: "inference-only token"}},
		},
		{
			name: "unknown keys everywhere are ignored",
			files: map[string]string{defFile: `{"future": [1, {"a": null}], "claudeAiOauth": {"accessToken": "` + fakeAccess +
				`", "refreshToken": "` + fakeRefresh + `", "expiresAt": ` + ms(accessEnd) + `, "clientId": "c", "newThing": {"deep": true}}, "pluginSecrets": {}}`},
			want: []want{{id: "claude-code", location: defFile, expires: &accessEnd, canRefresh: true}},
		},
		{
			name:  "expiresAt as a float of milliseconds",
			files: map[string]string{defFile: creds(map[string]any{"expiresAt": float64(accessEnd.UnixMilli()) + 0.5})},
			want:  []want{{id: "claude-code", location: defFile, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name:  "malformed JSON names the line",
			files: map[string]string{defFile: "{\n  \"claudeAiOauth\": {\n    \"accessToken\": \"" + fakeAccess + "\" x\n  }\n}\n"},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Malformed JSON at line 3"}},
		},
		{
			name:  "truncated mid-write",
			files: map[string]string{defFile: "{\"claudeAiOauth\": {\n\"accessToken\": \"" + fakeAccess[:20]},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Malformed JSON at line 2: the file ends early"}},
		},
		{
			name:  "empty file",
			files: map[string]string{defFile: ""},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Empty file"}},
		},
		{
			name:  "whitespace only",
			files: map[string]string{defFile: " \n\t\n"},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Empty file"}},
		},
		{
			name:  "top level is an array",
			files: map[string]string{defFile: `[{"claudeAiOauth": {}}]`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "The file holds an array, not a JSON object"}},
		},
		{
			name:  "top level is a token string",
			files: map[string]string{defFile: `"` + fakeAccess + `"`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "The file holds a string, not a JSON object"}},
		},
		{
			name:  "top level is null",
			files: map[string]string{defFile: `null`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "The file holds null, not a JSON object"}},
		},
		{
			name:  "claudeAiOauth is a string",
			files: map[string]string{defFile: `{"claudeAiOauth": "` + fakeAccess + `"}`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth is a string, not an object"}},
		},
		{
			name:  "expiresAt as a string",
			files: map[string]string{defFile: creds(map[string]any{"expiresAt": "1795561200000"})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.expiresAt is a string, not a number"}},
		},
		{
			name:  "expiresAt in seconds",
			files: map[string]string{defFile: creds(map[string]any{"expiresAt": accessEnd.Unix()})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.expiresAt looks like seconds, not milliseconds"}},
		},
		{
			name:  "refreshTokenExpiresAt in seconds",
			files: map[string]string{defFile: creds(map[string]any{"refreshTokenExpiresAt": loginEnd.Unix()})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.refreshTokenExpiresAt looks like seconds, not milliseconds"}},
		},
		{
			name:  "negative expiry",
			files: map[string]string{defFile: creds(map[string]any{"expiresAt": -5})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.expiresAt is negative"}},
		},
		{
			name:  "absurd expiry",
			files: map[string]string{defFile: creds(map[string]any{"refreshTokenExpiresAt": 1e300})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.refreshTokenExpiresAt is out of range"}},
		},
		{
			name:  "token of the wrong type",
			files: map[string]string{defFile: creds(map[string]any{"accessToken": 12})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.accessToken is a number, not a string"}},
		},
		{
			name:  "scopes as a string",
			files: map[string]string{defFile: creds(map[string]any{"scopes": "user:inference"})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.scopes is a string, not an array"}},
		},
		{
			name:  "scopes holding numbers",
			files: map[string]string{defFile: creds(map[string]any{"scopes": []int{1}})},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "claudeAiOauth.scopes holds something other than strings"}},
		},
		{
			name: "permission denied",
			errs: map[string]error{defFile: fs.ErrPermission},
			want: []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Cannot read .credentials.json: permission denied; " + profile.UnreadableHint, fix: "ls -ld " + defFile}},
		},
		{
			name:  "file over 8 MB",
			files: map[string]string{defFile: `{"x":"` + strings.Repeat("a", fsys.MaxFile) + `"}`},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Cannot read .credentials.json: file larger than 8 MB"}},
		},
		{
			name:  "a directory where the file should be",
			files: map[string]string{defFile + "/x": "{}"},
			want:  []want{{id: "claude-code", location: defFile, state: profile.Error, message: "Cannot read .credentials.json: is a directory; " + profile.UnreadableHint, fix: "ls -ld " + defFile}},
		},
		{
			name: "CLAUDE_CONFIG_DIR adds a row with its own email and fix",
			files: map[string]string{defFile: creds(nil), home + "/.claude.json": claudeJSON("ada@example.com"),
				home + "/work/.credentials.json": creds(map[string]any{"refreshTokenExpiresAt": nil}),
				home + "/work/.claude.json":      claudeJSON("ada@work.example")},
			env: []string{"CLAUDE_CONFIG_DIR", home + "/work"},
			want: []want{
				{id: "claude-code", location: defFile, account: "ada@example.com", expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true},
				{id: "claude-code:~/work", location: home + "/work/.credentials.json", account: "ada@work.example", expires: &accessEnd, canRefresh: true,
					fix: "env CLAUDE_CONFIG_DIR=/home/u/work claude auth login"},
			},
		},
		{
			name:  "CLAUDE_CONFIG_DIR naming ~/.claude with a trailing slash is the same row",
			files: map[string]string{defFile: creds(nil)},
			env:   []string{"CLAUDE_CONFIG_DIR", home + "/.claude/"},
			want:  []want{{id: "claude-code", location: defFile, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true, fix: loginCmd}},
		},
		{
			name:  "secure-storage dir wins over CLAUDE_CONFIG_DIR; email follows CLAUDE_CONFIG_DIR",
			files: map[string]string{home + "/sec/.credentials.json": creds(nil), home + "/cfg/.claude.json": claudeJSON("c@example.com")},
			env:   []string{"CLAUDE_CONFIG_DIR", home + "/cfg", "CLAUDE_SECURESTORAGE_CONFIG_DIR", home + "/sec"},
			want: []want{
				{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"},
				{id: "claude-code:~/sec", location: home + "/sec/.credentials.json", account: "c@example.com", expires: &accessEnd, loginEnds: &loginEnd,
					canRefresh: true, fix: "env CLAUDE_SECURESTORAGE_CONFIG_DIR=/home/u/sec claude auth login"},
			},
		},
		{
			name:  "settings dirs: ~ expanded, duplicates merged, missing and relative ones said so",
			files: map[string]string{defFile: `{}`, home + "/w2/.credentials.json": creds(nil), home + "/empty/settings.json": "{}"},
			env:   []string{"CLAUDE_CONFIG_DIR", home + "/w2"},
			dirs:  []string{"~/w2", "~/gone", "rel/dir", "", "~/empty", "/home/u/with space"},
			want: []want{
				{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"},
				{id: "claude-code:~/w2", location: home + "/w2/.credentials.json", expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true},
				{id: "claude-code:~/gone", location: home + "/gone", state: profile.Missing, message: "Config dir ~/gone does not exist",
					fix: "env CLAUDE_CONFIG_DIR=/home/u/gone claude auth login"},
				{id: "claude-code:rel/dir", location: "rel/dir", state: profile.Error, message: "Config dir rel/dir is not an absolute path"},
				{id: "claude-code:~/empty", location: home + "/empty/.credentials.json", state: profile.Missing, message: "Not signed in"},
				{id: "claude-code:~/with space", location: home + "/with space", state: profile.Missing, message: "Config dir ~/with space does not exist",
					fix: "env CLAUDE_CONFIG_DIR='/home/u/with space' claude auth login"},
			},
		},
		{
			name: "unreadable extra dir",
			errs: map[string]error{home + "/locked/.credentials.json": fs.ErrNotExist, home + "/locked": fs.ErrPermission},
			dirs: []string{home + "/locked"},
			want: []want{
				{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"},
				{id: "claude-code:~/locked", location: home + "/locked", state: profile.Error, message: "Cannot read config dir ~/locked: permission denied; " + profile.UnreadableHint, fix: "ls -ld " + home + "/locked"},
			},
		},
		{
			name:  "NFC: a decomposed and a composed spelling are one dir",
			files: map[string]string{home + "/caf\u00e9/.credentials.json": creds(nil)},
			env:   []string{"CLAUDE_CONFIG_DIR", home + "/cafe\u0301"},
			dirs:  []string{home + "/caf\u00e9"},
			want: []want{
				{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"},
				{id: "claude-code:~/caf\u00e9", location: home + "/caf\u00e9/.credentials.json", expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true},
			},
		},
		{
			name: "legacy .config.json wins for the email; a token-shaped label is dropped",
			files: map[string]string{defFile: creds(nil), home + "/.claude/.config.json": claudeJSON("old@example.com"), home + "/.claude.json": claudeJSON("new@example.com"),
				home + "/t/.credentials.json": creds(nil), home + "/t/.claude.json": claudeJSON(fakeAccess)},
			dirs: []string{home + "/t"},
			want: []want{
				{id: "claude-code", location: defFile, account: "old@example.com", expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true},
				{id: "claude-code:~/t", location: home + "/t/.credentials.json", expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Home: home, Getenv: env(tt.env...), FS: fsys.Fake{Files: tt.files, Errs: tt.errs}, Dirs: tt.dirs}
			check(t, Read(context.Background(), in), tt.want)
		})
	}
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }
