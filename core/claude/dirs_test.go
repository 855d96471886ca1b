package claude

import (
	"reflect"
	"testing"
)

// TestConfigDirsEnv: which dirs the environment names, and with which
// keychain services (credentials.md §1). An empty
// CLAUDE_SECURESTORAGE_CONFIG_DIR means ~/.claude with the plain service
// name and leaves CLAUDE_CONFIG_DIR out; only LookupEnv can tell it from
// an unset one.
func TestConfigDirsEnv(t *testing.T) {
	const home = "/Users/alice"
	lookup := func(kv ...string) func(string) (string, bool) {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
	}
	type dir struct {
		Path     string
		Services []string
	}
	plain := dir{home + "/.claude", []string{Service}}
	x := dir{"/x", []string{hashedService("/x")}}
	s := dir{"/s", []string{hashedService("/s")}}
	tests := []struct {
		name   string
		kv     []string
		noLook bool // Getenv only: "" reads as unset
		want   []dir
	}{
		{"nothing set", nil, false, []dir{plain}},
		{"config dir", []string{envConfigDir, "/x"}, false, []dir{plain, x}},
		{"secure dir", []string{envSecureDir, "/s"}, false, []dir{plain, s}},
		{"secure dir wins over config dir", []string{envSecureDir, "/s", envConfigDir, "/x"}, false, []dir{plain, s}},
		{"empty secure dir means ~/.claude", []string{envSecureDir, "", envConfigDir, "/x"}, false, []dir{plain}},
		{"empty secure dir alone", []string{envSecureDir, ""}, false, []dir{plain}},
		{"empty config dir", []string{envConfigDir, ""}, false, []dir{plain}},
		// Without LookupEnv an empty variable cannot be told from an unset
		// one: CLAUDE_CONFIG_DIR is read, as before.
		{"empty secure dir, Getenv only", []string{envSecureDir, "", envConfigDir, "/x"}, true, []dir{plain, x}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Home: home, Getenv: env(tc.kv...)}
			if !tc.noLook {
				in.LookupEnv = lookup(tc.kv...)
			}
			var got []dir
			for _, d := range configDirs(in) {
				got = append(got, dir{d.Path, services(d)})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("dirs = %+v, want %+v", got, tc.want)
			}
		})
	}
}
