package gateway

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
	"github.com/authtray/authtray/core/secrets"
)

// testOS is the OS of the secret resolvers for these tests: lstat from the
// real temp files (owned by "us", one link, unless a test says otherwise),
// and exec runs answered from a script, counted.
type testOS struct {
	links map[string]uint64
	owner map[string]int
	out   secrets.Output
	runs  int
}

func (o *testOS) Lstat(name string) (secrets.Info, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return secrets.Info{}, err
	}
	i := secrets.Info{Mode: fi.Mode(), UID: 501, Links: 1, Size: fi.Size()}
	if l, ok := o.links[name]; ok {
		i.Links = l
	}
	if u, ok := o.owner[name]; ok {
		i.UID = u
	}
	return i, nil
}
func (o *testOS) EUID() int { return 501 }
func (o *testOS) Run(context.Context, secrets.Command) (secrets.Output, error) {
	o.runs++
	return o.out, nil
}

// TestConfigRefs: models.providers SecretRefs as `models status` resolves
// them: resolved → the provider's key serves; any that does not resolve
// fails the whole status, whatever provider it belongs to. Cases marked
// "gateway:" were run against openclaw 2026.9.6 on HOMEs built with its
// `config set … --ref-source/--provider-source` (cf-*, ex-*, en-* runs).
func TestConfigRefs(t *testing.T) {
	fileRef := `{source: "file", provider: "fmain", id: "/anth"}`
	execRef := `{source: "exec", provider: "vault", id: "anth"}`
	good := secrets.Output{Stdout: []byte(`{"protocolVersion":1,"values":{"anth":"` + fakeKey(5) + `"}}`)}
	tests := []struct {
		name, key, extra string
		env              map[string]string
		out              secrets.Output
		setup            func(hm *home, o *testOS)
		exit             int
		says             string // the judged row for the failing (or used) setting says
	}{
		{"gateway: file ref resolves", fileRef, "", nil, good, nil, 0, "API key from SecretRef file:fmain:/anth, resolved"},
		{"gateway: file missing", fileRef, "", nil, good, func(hm *home, _ *testOS) { os.Remove(hm.path("secrets.json")) }, 1, "does not exist"},
		{"gateway: a pointer that is not there", `{source: "file", provider: "fmain", id: "/nope"}`, "", nil, good, nil, 1, `segment "nope" does not exist`},
		{"gateway: mode 0644", fileRef, "", nil, good, func(hm *home, _ *testOS) { os.Chmod(hm.path("secrets.json"), 0o644) }, 1, "too open"},
		{"gateway: mode 0640", fileRef, "", nil, good, func(hm *home, _ *testOS) { os.Chmod(hm.path("secrets.json"), 0o640) }, 1, "too open"},
		{"gateway: a symlink", fileRef, "", nil, good, func(hm *home, _ *testOS) {
			os.Rename(hm.path("secrets.json"), hm.path("real.json"))
			os.Symlink(hm.path("real.json"), hm.path("secrets.json"))
		}, 1, "must not be a symlink"},
		{"gateway: hardlinked", fileRef, "", nil, good, func(hm *home, o *testOS) { o.links = map[string]uint64{hm.path("secrets.json"): 2} }, 1, "hardlinked"},
		{"another owner", fileRef, "", nil, good, func(hm *home, o *testOS) { o.owner = map[string]int{hm.path("secrets.json"): 0} }, 1, "owned by the effective user"},
		{"gateway: exec resolves", execRef, "", nil, good, nil, 0, "API key from SecretRef exec:vault:anth, resolved"},
		{"gateway: exec exits 3", execRef, "", nil, secrets.Output{Code: 3}, nil, 1, "exited with code 3"},
		{"gateway: exec prints nothing", execRef, "", nil, secrets.Output{}, nil, 1, "printed nothing"},
		{"gateway: exec NOT_FOUND", execRef, "", nil, secrets.Output{Stdout: []byte(`{"protocolVersion":1,"values":{},"errors":{"anth":{"code":"NOT_FOUND"}}}`)}, nil, 1, "NOT_FOUND"},
		{"gateway: exec plain value under jsonOnly", execRef, "", nil, secrets.Output{Stdout: []byte(fakeKey(5))}, nil, 1, "invalid JSON"},
		{"gateway: exec plain value, jsonOnly false", execRef, "", nil, secrets.Output{Stdout: []byte(fakeKey(5))}, func(hm *home, _ *testOS) {}, 0, "resolved"},
		{"gateway: exec timed out", execRef, "", nil, secrets.Output{TimedOut: true}, nil, 1, "timed out"},
		{"gateway: exec command group-writable", execRef, "", nil, good, func(hm *home, _ *testOS) { os.Chmod(hm.path("bin/resolver"), 0o770) }, 1, "writable by others"},
		{"gateway: exec command a symlink", execRef, "", nil, good, func(hm *home, _ *testOS) {
			os.Rename(hm.path("bin/resolver"), hm.path("bin/real"))
			os.Symlink(hm.path("bin/real"), hm.path("bin/resolver"))
		}, 1, "must not be a symlink"},
		{"gateway: exec provider not configured", `{source: "exec", provider: "nosuch", id: "anth"}`, "", nil, good, nil, 1, `secret provider "nosuch" is not configured`},
		{"gateway: env ref set", `{source: "env", provider: "default", id: "MY_ANTH"}`, "", map[string]string{"MY_ANTH": fakeKey(6)}, good, nil, 0, "resolved"},
		{"gateway: env ref unset", `{source: "env", provider: "default", id: "MY_ANTH"}`, "", nil, good, nil, 1, "MY_ANTH is missing or empty"},
		{"gateway: an unused provider's failing ref fails all", `"` + fakeKey(7) + `"`, `, openrouter: {apiKey: ` + execRef + `, baseUrl: "https://openrouter.ai/api/v1", models: []}`, nil, secrets.Output{Code: 3}, nil, 1, "models.providers.openrouter.apiKey is a SecretRef (exec:vault:anth) that does not resolve"},
		{"gateway: an unset ${VAR} on an unused provider", `"` + fakeKey(7) + `"`, `, openrouter: {apiKey: "${OR_UNSET_KEY}", baseUrl: "https://openrouter.ai/api/v1", models: []}`, nil, good, nil, 1, "OR_UNSET_KEY is missing or empty"},
		{"gateway: $VAR shorthand, unset", `"$MY_ANTH"`, "", nil, good, nil, 1, "MY_ANTH is missing or empty"},
		{"gateway: a header ref that does not resolve", `"` + fakeKey(7) + `", headers: {"X-Key": {source: "env", provider: "default", id: "HDR_UNSET"}}`, "", nil, good, nil, 1, "models.providers.anthropic.headers.X-Key"},
		{"an env allowlist refuses", `{source: "env", provider: "picky", id: "MY_ANTH"}`, "", map[string]string{"MY_ANTH": fakeKey(6)}, good, nil, 1, "not in the provider's allowlist"},
		{"the secret store is not read", `{source: "store", provider: "default", id: "ANTH"}`, "", nil, good, nil, 1, "can't be confirmed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hm := newHome(t)
			jsonOnly := ""
			if strings.Contains(tt.name, "jsonOnly false") {
				jsonOnly = ", jsonOnly: false"
			}
			hm.config(`{agents: {defaults: {model: {primary: "anthropic/claude-sonnet-4-6"}}},
				secrets: {providers: {fmain: {source: "file", path: "` + hm.path("secrets.json") + `", mode: "json"}, vault: {source: "exec", command: "` + hm.path("bin/resolver") + `"` + jsonOnly + `}, picky: {source: "env", allowlist: []}}},
				models: {providers: {anthropic: {apiKey: ` + tt.key + `, baseUrl: "https://api.anthropic.com", models: []}` + tt.extra + `}}}`)
			hm.write("secrets.json", `{"anth":"`+fakeKey(5)+`"}`)
			hm.write("bin/resolver", "#!/bin/sh\n")
			os.Chmod(hm.path("bin/resolver"), 0o700)
			o := &testOS{out: tt.out}
			if tt.setup != nil {
				tt.setup(hm, o)
			}
			for k, v := range tt.env {
				hm.env[k] = v
			}
			in := hm.input()
			in.SecretOS = o
			in.Secrets = &redact.Set{}
			s := profile.Snapshot{Profiles: Read(context.Background(), in)}
			s.Finish(profile.Policy{Now: now, Zone: time.UTC})
			if got := profile.ExitCode(s.Status); got != tt.exit {
				t.Errorf("exit %d, want %d", got, tt.exit)
			}
			var said bool
			for _, p := range s.Profiles {
				if p.Judged && strings.HasPrefix(p.ID, "models.providers.") && strings.Contains(p.Message, tt.says) {
					said = true
				}
			}
			if !said {
				for _, p := range s.Profiles {
					t.Logf("row %s %s judged=%v %q", p.ID, p.State, p.Judged, p.Message)
				}
				t.Errorf("no judged config row saying %q", tt.says)
			}
			b, _ := json.Marshal(s)
			if strings.Contains(string(b), fakeKey(5)) || strings.Contains(string(b), fakeKey(6)) {
				t.Errorf("a resolved value is in the rows")
			}
			if tt.exit == 0 && strings.Contains(tt.key, "source") && in.Secrets.Mask(fakeKey(5)+fakeKey(6)) == fakeKey(5)+fakeKey(6) {
				t.Errorf("the resolved value is not in the scan's secret set")
			}
		})
	}
}

// TestRefCache: in a live view an exec resolver runs again only when the
// config changes; without a cache (status) every scan runs it.
func TestRefCache(t *testing.T) {
	hm := newHome(t)
	cfg := func(model string) {
		hm.config(`{agents: {defaults: {model: {primary: "` + model + `"}}}, secrets: {providers: {vault: {source: "exec", command: "` + hm.path("bin/resolver") + `"}}},
			models: {providers: {anthropic: {apiKey: {source: "exec", provider: "vault", id: "anth"}, baseUrl: "https://api.anthropic.com", models: []}}}}`)
	}
	cfg("anthropic/claude-sonnet-4-6")
	hm.write("bin/resolver", "#!/bin/sh\n")
	os.Chmod(hm.path("bin/resolver"), 0o700)
	o := &testOS{out: secrets.Output{Stdout: []byte(`{"protocolVersion":1,"values":{"anth":"` + fakeKey(5) + `"}}`)}}
	in := hm.input()
	in.SecretOS, in.RefCache = o, &RefCache{}
	for i := 0; i < 3; i++ {
		Read(context.Background(), in)
	}
	if o.runs != 1 {
		t.Errorf("%d runs over 3 scans of one config, want 1", o.runs)
	}
	cfg("anthropic/claude-opus-4-6")
	Read(context.Background(), in)
	if o.runs != 2 {
		t.Errorf("%d runs after the config changed, want 2", o.runs)
	}
	in.RefCache = nil
	Read(context.Background(), in)
	Read(context.Background(), in)
	if o.runs != 4 {
		t.Errorf("%d runs without a cache, want 4", o.runs)
	}
}

// TestRefWatches: a live view watches a file provider's file.
func TestRefWatches(t *testing.T) {
	hm := newHome(t)
	hm.config(`{secrets: {providers: {fmain: {source: "file", path: "~/keys/secrets.json"}}}}`)
	for _, w := range Watches(hm.input()) {
		if w.Dir == hm.path("keys") && slices.Contains(w.Names, "secrets.json") {
			return
		}
	}
	t.Errorf("the file provider's file is not watched")
}
