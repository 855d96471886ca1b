package gateway

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// TestProfileRefs: a stored profile's keyRef/tokenRef as the gateway's
// status judges it (resolveSecretRefReadOnlyAvailability): an env ref
// counts only when its variable is set, else it is indeterminate (exit 1);
// file and exec refs are never resolved there, so they are indeterminate
// even when they would resolve; a later ready profile wins over an
// indeterminate first one (selectReadyProfile). Cases marked "gateway:"
// were run against openclaw 2026.9.6 on HOMEs its `secrets apply` built.
func TestProfileRefs(t *testing.T) {
	const d = 24 * time.Hour
	envRef := map[string]any{"source": "env", "provider": "default", "id": "MY_ANTH_KEY"}
	fileRef := map[string]any{"source": "file", "provider": "fmain", "id": "/anth"}
	execRef := map[string]any{"source": "exec", "provider": "vault", "id": "anth"}
	keyRef := func(ref any) map[string]any {
		return map[string]any{"type": "api_key", "provider": "anthropic", "keyRef": ref}
	}
	const providers = `, secrets: {providers: {fmain: {source: "file", path: "~/secrets.json", mode: "json"}, vault: {source: "exec", command: "/usr/local/bin/vault-resolver"}, picky: {source: "env", allowlist: ["OTHER"]}}}`
	tests := []struct {
		name     string
		profiles map[string]map[string]any
		order    string
		env      map[string]string
		exit     int
		id       string // the row judged
		state    profile.State
		says     string
	}{
		{"gateway: env ref unset", map[string]map[string]any{"anthropic:api": keyRef(envRef)}, "", nil, 1, "anthropic:api", profile.Error, "keyRef env:default:MY_ANTH_KEY names MY_ANTH_KEY, which is not set here"},
		{"gateway: env ref set", map[string]map[string]any{"anthropic:api": keyRef(envRef)}, "", map[string]string{"MY_ANTH_KEY": fakeKey(9)}, 0, "anthropic:api", profile.OK, "(MY_ANTH_KEY is set)"},
		{"gateway: file ref, resolvable", map[string]map[string]any{"anthropic:api": keyRef(fileRef)}, "", nil, 1, "anthropic:api", profile.Error, "keyRef file:fmain:/anth reads ~/secrets.json (the file exists, mode 0600)"},
		{"gateway: file ref, a token ordered after it wins", map[string]map[string]any{"anthropic:api": keyRef(fileRef), "anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}, `["anthropic:api", "anthropic:manual"]`, nil, 0, "anthropic:manual", profile.OK, ""},
		{"gateway: env ref unset, a token ordered after it wins", map[string]map[string]any{"anthropic:api": keyRef(envRef), "anthropic:manual": tokenCred("anthropic", fakeToken(1), ms(365*d))}, `["anthropic:api", "anthropic:manual"]`, nil, 0, "anthropic:manual", profile.OK, ""},
		{"exec ref is never run", map[string]map[string]any{"anthropic:api": keyRef(execRef)}, "", nil, 1, "anthropic:api", profile.Error, "runs /usr/local/bin/vault-resolver (never run for a stored profile)"},
		{"file ref to a provider not configured", map[string]map[string]any{"anthropic:api": keyRef(map[string]any{"source": "file", "provider": "nope", "id": "/x"})}, "", nil, 1, "anthropic:api", profile.Missing, "names a file provider that secrets.providers does not configure"},
		{"env ref the allowlist refuses", map[string]map[string]any{"anthropic:api": keyRef(map[string]any{"source": "env", "provider": "picky", "id": "MY_ANTH_KEY"})}, "", map[string]string{"MY_ANTH_KEY": fakeKey(9)}, 1, "anthropic:api", profile.Missing, "allowlist does not allow"},
		{"an invalid env id", map[string]map[string]any{"anthropic:api": keyRef(map[string]any{"source": "env", "provider": "default", "id": "lower"})}, "", nil, 1, "anthropic:api", profile.Missing, "is not a valid SecretRef"},
		{"tokenRef set, expiring token", map[string]map[string]any{"anthropic:t": {"type": "token", "provider": "anthropic", "tokenRef": envRef, "expires": ms(2 * time.Hour)}}, "", map[string]string{"MY_ANTH_KEY": fakeToken(9)}, 2, "anthropic:t", profile.Expiring, ""},
		{"tokenRef, token expired", map[string]map[string]any{"anthropic:t": {"type": "token", "provider": "anthropic", "tokenRef": envRef, "expires": ms(-time.Hour)}}, "", nil, 1, "anthropic:t", profile.Expired, ""},
		{"an inline ${NAME} key, unset", map[string]map[string]any{"anthropic:api": keyCred("anthropic", "${MY_ANTH_KEY}")}, "", nil, 1, "anthropic:api", profile.Error, "keyRef env:default:MY_ANTH_KEY"},
		{"an inline $NAME key, set", map[string]map[string]any{"anthropic:api": keyCred("anthropic", "$MY_ANTH_KEY")}, "", map[string]string{"MY_ANTH_KEY": fakeKey(9)}, 0, "anthropic:api", profile.OK, ""},
		{"a key naming a credential variable, unset", map[string]map[string]any{"anthropic:api": keyCred("anthropic", "ANTHROPIC_API_KEY")}, "", nil, 1, "anthropic:api", profile.Missing, "key names ANTHROPIC_API_KEY, which is not set"},
		{"a malformed ref-like key", map[string]map[string]any{"anthropic:api": keyCred("anthropic", "$lower_case")}, "", nil, 1, "anthropic:api", profile.Missing, "looks like a reference but is none"},
		{"two indeterminate: the first is judged", map[string]map[string]any{"anthropic:a": keyRef(envRef), "anthropic:b": keyRef(fileRef)}, `["anthropic:a", "anthropic:b"]`, nil, 1, "anthropic:a", profile.Error, ""},
		{"a fourth key is no ref: nothing stored", map[string]map[string]any{"anthropic:api": keyRef(map[string]any{"source": "env", "provider": "default", "id": "MY_ANTH_KEY", "x": 1})}, "", map[string]string{"MY_ANTH_KEY": fakeKey(9)}, 1, "anthropic:api", profile.Missing, "API key is empty"},
		{"an older ref without provider", map[string]map[string]any{"anthropic:api": keyRef(map[string]any{"source": "env", "id": "MY_ANTH_KEY"})}, "", map[string]string{"MY_ANTH_KEY": fakeKey(9)}, 0, "anthropic:api", profile.OK, "keyRef env:default:MY_ANTH_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			order := ""
			if tt.order != "" {
				order = `, auth: {order: {anthropic: ` + tt.order + `}}`
			}
			hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}` + order + providers + `}`)
			hm.write("secrets.json", `{"anth":"`+fakeKey(8)+`"}`)
			hm.shared(storeJSON(tt.profiles), "")
			for k, v := range tt.env {
				hm.env[k] = v
			}
			s := hm.read("")
			if got := profile.ExitCode(s.Status); got != tt.exit {
				t.Errorf("exit %d, want %d", got, tt.exit)
			}
			p, _ := row(s, tt.id)
			if !p.Judged || p.State != tt.state || !strings.Contains(p.Message+" · "+p.Note, tt.says) {
				t.Errorf("%s: %s judged=%v %q · %q; want %s saying %q", tt.id, p.State, p.Judged, p.Message, p.Note, tt.state, tt.says)
			}
			out, _ := json.Marshal(s)
			for _, v := range append([]string{fakeKey(8)}, values(tt.env)...) {
				if strings.Contains(string(out), v) {
					t.Errorf("a secret value is in the rows")
				}
			}
		})
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestProfileRefFileFacts: the mode and existence of a file provider's
// file, never its bytes.
func TestProfileRefFileFacts(t *testing.T) {
	hm := newHome(t)
	hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}}, secrets: {providers: {fmain: {source: "file", path: "` + hm.path("s.json") + `"}}}}`)
	hm.shared(storeJSON(map[string]map[string]any{"anthropic:api": {"type": "api_key", "provider": "anthropic", "keyRef": map[string]any{"source": "file", "provider": "fmain", "id": "/k"}}}), "")
	p, _ := row(hm.read(""), "anthropic:api")
	if !strings.Contains(p.Message, "s.json, which does not exist") {
		t.Errorf("message %q", p.Message)
	}
	hm.write("s.json", `{"k":"`+fakeKey(1)+`"}`)
	os.Chmod(hm.path("s.json"), 0o640)
	p, _ = row(hm.read(""), "anthropic:api")
	if !strings.Contains(p.Message, "(the file exists, mode 0640)") || strings.Contains(p.Message, fakeKey(1)) {
		t.Errorf("message %q", p.Message)
	}
}
