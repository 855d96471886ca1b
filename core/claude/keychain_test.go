package claude

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

func TestHashedService(t *testing.T) {
	// Values from claude-code-research.md §2.1, computed the way Claude
	// Code computes them: no realpath, the trailing slash counts.
	for dir, want := range map[string]string{
		"/Users/alice/.claude-work":  "Claude Code-credentials-be865d75",
		"/Users/alice/.claude-work/": "Claude Code-credentials-95672096",
	} {
		if got := hashedService(dir); got != want {
			t.Errorf("hashedService(%q) = %q, want %q", dir, got, want)
		}
	}
	// NFC: both spellings of é hash alike.
	if hashedService("/x/cafe\u0301") != hashedService("/x/caf\u00e9") {
		t.Error("NFD and NFC spellings hash differently")
	}
}

func TestServices(t *testing.T) {
	in := Input{Home: "/Users/alice", Getenv: env("CLAUDE_CONFIG_DIR", "/Users/alice/.claude-work/"), Dirs: []string{"~/.claude-work", "~/other/"}}
	var got [][]string
	for _, d := range configDirs(in) {
		got = append(got, services(d))
	}
	want := [][]string{
		{"Claude Code-credentials"},
		// The env spelling first, then the settings' spelling (the same,
		// cleaned).
		{"Claude Code-credentials-95672096", "Claude Code-credentials-be865d75"},
		{hashedService("/Users/alice/other/"), hashedService("/Users/alice/other")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("services = %q, want %q", got, want)
	}
	// CLAUDE_CONFIG_DIR naming ~/.claude: Claude Code still hashes it.
	in = Input{Home: "/Users/alice", Getenv: env("CLAUDE_CONFIG_DIR", "/Users/alice/.claude")}
	ds := configDirs(in)
	if len(ds) != 1 || !reflect.DeepEqual(services(ds[0]), []string{hashedService("/Users/alice/.claude"), Service}) {
		t.Errorf("dirs %+v services %q", ds, services(ds[0]))
	}
}

func TestAccounts(t *testing.T) {
	tests := []struct {
		user, login string
		want        []string
	}{
		{"alice", "root", []string{"alice"}},
		{"", "bob.smith", []string{"bob.smith"}},
		{"John Doe", "", []string{"claude-code-user", "John Doe"}},
		{"", "", []string{"claude-code-user"}},
		{"jörg", "", []string{"claude-code-user", "jörg"}},
	}
	for _, tt := range tests {
		got := accounts(Input{Getenv: env("USER", tt.user), User: tt.login})
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("accounts(USER=%q, login=%q) = %q, want %q", tt.user, tt.login, got, tt.want)
		}
	}
}

func TestExitError(t *testing.T) {
	// security exits with the low byte of the OSStatus: -25300 → 44,
	// -25308 → 36, -25293 (errSecAuthFailed) → 51, -128 → 128.
	for status, want := range map[int]error{0: nil, 44: ErrNotFound, 36: ErrLocked, 51: ErrDenied, 128: ErrDenied} {
		if got := ExitError(status); got != want {
			t.Errorf("ExitError(%d) = %v, want %v", status, got, want)
		}
		if Refused(ExitError(status)) != (want == ErrDenied) {
			t.Errorf("Refused(ExitError(%d)) is wrong", status)
		}
	}
	for _, status := range []int{1, 2, 25, 45, 50, 52, 127, 255} {
		err := ExitError(status)
		if err == nil || err.Error() != fmt.Sprintf("security exited with status %d", status) || Refused(err) {
			t.Errorf("ExitError(%d) = %v", status, err)
		}
	}
	if !Refused(fmt.Errorf("security did not answer within 3s: %w", ErrNoAnswer)) {
		t.Error("a wrapped timeout is not a refusal")
	}
}

func TestSecretText(t *testing.T) {
	j := `{"claudeAiOauth":{}}`
	for in, want := range map[string]string{
		j + "\n":                             j,
		hex.EncodeToString([]byte(j)) + "\n": j,
		"abc\n":                              "abc", // odd length: not hex
		"":                                   "",
	} {
		if got := string(secretText([]byte(in))); got != want {
			t.Errorf("secretText(%q) = %q, want %q", in, got, want)
		}
	}
}

// sealOverflow encrypts plain the way Claude Code does: base64(iv|ct|tag).
func sealOverflow(t *testing.T, key []byte, plain string) string {
	t.Helper()
	block, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		t.Fatal(err)
	}
	iv := make([]byte, 12)
	rand.Read(iv)
	return base64.StdEncoding.EncodeToString(gcm.Seal(iv, iv, []byte(plain), nil))
}

func TestReadKeychain(t *testing.T) {
	key := make([]byte, 32)
	rand.Read(key)
	otherKey := make([]byte, 32)
	rand.Read(otherKey)
	b64 := base64.StdEncoding.EncodeToString
	pointer := func(slot string, k []byte) string {
		return `{"keychainOverflow": {"slot": "` + slot + `", "key": "` + b64(k) + `", "login": true}, "mcpOAuth": {}}`
	}
	moved := `{"claudeAiOauth": ` + creds(nil)[len(`{"claudeAiOauth":`):len(creds(nil))-len(`}`)] + `}`
	const svc, hashed = "Claude Code-credentials", "Claude Code-credentials-be865d75"
	item := func(s, a string) string { return s + "\x00" + a }
	kcLoc := "keychain:" + svc

	tests := []struct {
		name  string
		items map[string]any
		all   error
		files map[string]string
		env   []string
		want  []want
	}{
		{
			name:  "item found: the keychain wins over the file",
			items: map[string]any{item(svc, "alice"): creds(nil)},
			files: map[string]string{defFile: `{}`},
			want:  []want{{id: "claude-code", location: kcLoc, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name:  "hex output (macOS 26)",
			items: map[string]any{item(svc, "alice"): hex.EncodeToString([]byte(creds(nil)))},
			want:  []want{{id: "claude-code", location: kcLoc, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name:  "no item: the file",
			files: map[string]string{defFile: creds(nil)},
			want:  []want{{id: "claude-code", location: defFile, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name: "no item and no file",
			want: []want{{id: "claude-code", location: defFile, state: profile.Missing, message: "Not signed in"}},
		},
		{
			name:  "locked with a file: the file, and a note",
			all:   ErrLocked,
			files: map[string]string{defFile: creds(nil)},
			want: []want{{id: "claude-code", location: defFile, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true,
				note: "The login keychain is locked; showing .credentials.json"}},
		},
		{
			name: "locked without a file",
			all:  ErrLocked,
			want: []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The login keychain is locked", fix: "security unlock-keychain"}},
		},
		{
			name: "security failing without a file",
			all:  errors.New("timed out after 3s"),
			want: []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain could not be read: timed out after 3s", fix: loginCmd}},
		},
		{
			name:  "logged out item",
			items: map[string]any{item(svc, "alice"): `{"mcpOAuth": {}}`},
			files: map[string]string{defFile: creds(nil)},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Missing, message: "Not signed in"}},
		},
		{
			name:  "malformed item",
			items: map[string]any{item(svc, "alice"): `{"claudeAiOauth": {`},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "Malformed JSON at line 1: the file ends early"}},
		},
		{
			name: "hashed service for CLAUDE_CONFIG_DIR",
			env:  []string{"CLAUDE_CONFIG_DIR", "/Users/alice/.claude-work"},
			items: map[string]any{item(svc, "alice"): creds(nil),
				item(hashed, "alice"): creds(map[string]any{"refreshTokenExpiresAt": nil})},
			want: []want{
				{id: "claude-code", location: kcLoc, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true},
				{id: "claude-code:/Users/alice/.claude-work", location: "keychain:" + hashed, expires: &accessEnd, canRefresh: true,
					fix: "env CLAUDE_CONFIG_DIR=/Users/alice/.claude-work claude auth login"},
			},
		},
		{
			name: "overflow item holds the login",
			items: map[string]any{item(svc, "alice"): pointer("b", key),
				item(svc+"-overflow-b", "alice"): sealOverflow(t, key, moved)},
			want: []want{{id: "claude-code", location: kcLoc, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name: "overflow item printed as hex",
			items: map[string]any{item(svc, "alice"): pointer("a", key),
				item(svc+"-overflow-a", "alice"): hex.EncodeToString([]byte(sealOverflow(t, key, moved)))},
			want: []want{{id: "claude-code", location: kcLoc, expires: &accessEnd, loginEnds: &loginEnd, canRefresh: true}},
		},
		{
			name: "overflow without the login: signed out",
			items: map[string]any{item(svc, "alice"): pointer("a", key),
				item(svc+"-overflow-a", "alice"): sealOverflow(t, key, `{"mcpOAuth": {}}`)},
			want: []want{{id: "claude-code", location: kcLoc, state: profile.Missing, message: "Not signed in"}},
		},
		{
			name: "overflow under the wrong key",
			items: map[string]any{item(svc, "alice"): pointer("a", otherKey),
				item(svc+"-overflow-a", "alice"): sealOverflow(t, key, moved)},
			want: []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain overflow item does not decrypt with its key"}},
		},
		{
			name:  "overflow item missing",
			items: map[string]any{item(svc, "alice"): pointer("a", key)},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain item points to an overflow item that does not exist"}},
		},
		{
			name: "overflow item locked",
			items: map[string]any{item(svc, "alice"): pointer("a", key),
				item(svc+"-overflow-a", "alice"): ErrLocked},
			want: []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The login keychain is locked", fix: "security unlock-keychain"}},
		},
		{
			name:  "overflow slot unknown",
			items: map[string]any{item(svc, "alice"): pointer("../x", key)},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "keychainOverflow names an unknown slot"}},
		},
		{
			name:  "overflow key not 32 bytes",
			items: map[string]any{item(svc, "alice"): pointer("a", key[:16]), item(svc+"-overflow-a", "alice"): sealOverflow(t, key, moved)},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain overflow key is not a base64 32-byte key"}},
		},
		{
			name:  "overflow item not base64",
			items: map[string]any{item(svc, "alice"): pointer("a", key), item(svc+"-overflow-a", "alice"): "%%%"},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain overflow item is not base64"}},
		},
		{
			name:  "overflow item too short",
			items: map[string]any{item(svc, "alice"): pointer("a", key), item(svc+"-overflow-a", "alice"): b64([]byte("short"))},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain overflow item is too short to be encrypted data"}},
		},
		{
			name:  "overflow plaintext not JSON",
			items: map[string]any{item(svc, "alice"): pointer("a", key), item(svc+"-overflow-a", "alice"): sealOverflow(t, key, "not json")},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "The keychain overflow item does not hold a JSON object"}},
		},
		{
			name:  "overflow pointer of the wrong type",
			items: map[string]any{item(svc, "alice"): `{"keychainOverflow": "a"}`},
			want:  []want{{id: "claude-code", location: kcLoc, state: profile.Error, message: "keychainOverflow is a string, not an object"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kc := &fakeKeychain{items: tt.items, all: tt.all}
			in := Input{Home: home, Getenv: env(append([]string{"USER", "alice"}, tt.env...)...), FS: fsys.Fake{Files: tt.files}, Keychain: kc}
			check(t, Read(context.Background(), in), tt.want)
			for _, c := range kc.calls {
				if c[len(c)-len("\x00alice"):] != "\x00alice" {
					t.Errorf("keychain read without the account: %q", c)
				}
			}
		})
	}
}

func TestKeychainAccountFallback(t *testing.T) {
	// Claude Code ≥ 2.1.33x stores under claude-code-user for a name with
	// a space; older versions under the name itself. Both are found.
	for _, acct := range []string{"claude-code-user", "John Doe"} {
		kc := &fakeKeychain{items: map[string]any{Service + "\x00" + acct: creds(nil)}}
		in := Input{Home: home, Getenv: env("USER", "John Doe"), FS: fsys.Fake{}, Keychain: kc}
		ps := Read(context.Background(), in)
		if len(ps) != 1 || ps[0].Location != "keychain:"+Service || !ps[0].CanRefresh {
			t.Errorf("account %q: %+v", acct, ps)
		}
	}
}

func TestKeychainItems(t *testing.T) {
	in := Input{Home: "/Users/alice", Getenv: env("USER", "alice", "CLAUDE_CONFIG_DIR", "/Users/alice/.claude-work"), Keychain: &fakeKeychain{}}
	want := []Item{{Service, "alice"}, {"Claude Code-credentials-be865d75", "alice"}}
	if got := KeychainItems(in); !reflect.DeepEqual(got, want) {
		t.Errorf("KeychainItems = %+v, want %+v", got, want)
	}
	in.Keychain = nil
	if got := KeychainItems(in); got != nil {
		t.Errorf("KeychainItems without a keychain = %+v", got)
	}
}
