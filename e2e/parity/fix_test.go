package parity

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/scan"
)

// TestFixRenews runs a row's fix, as the tray's click runs it (FixArgs
// with FixEnv, no shell of ours, nothing of this process's environment),
// against the real gateway CLI: an expiring Anthropic token in the shared
// store of a two-agent gateway, and of one in a state dir elsewhere. A
// fake `claude` prints a new token-shaped value for `claude setup-token`;
// the same value is typed into paste-token's prompt on stdin. Afterwards
// the same profile (id and store) holds the new expiry (~365 d), no other
// profile appeared, and authtray and the gateway both say exit 0.
func TestFixRenews(t *testing.T) {
	needOracle(t)
	or, err := findOracle()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fix-two-agents", "fix-state-dir"} {
		b := built[name]
		t.Run(name, func(t *testing.T) {
			if b.err != nil {
				t.Fatalf("%v\nbuild log:\n%s", b.err, readLog(b, "build.log"))
			}
			// A copy: the parity tests judge the HOME as built.
			home := filepath.Join(t.TempDir(), "home")
			if err := copyHome(b.home, home); err != nil {
				t.Fatal(err)
			}
			env := b.envFor(home)
			// openclaw.json names agent and workspace dirs of the HOME it
			// was built in.
			for _, cfg := range []string{".openclaw/openclaw.json", "gw state/openclaw.json"} {
				p := filepath.Join(home, cfg)
				if data, err := os.ReadFile(p); err == nil {
					write(t, p, strings.ReplaceAll(string(data), b.home, home), 0o600)
				}
			}
			before := scanHome(t, home, env)
			row, ok := findRow(before, "anthropic:manual")
			if !ok || row.State != profile.Expiring {
				t.Fatalf("no expiring anthropic:manual row before the fix:\n%+v", before.Profiles)
			}
			t.Logf("fix: %s", row.Fix)
			if !strings.Contains(row.Fix, "--agent main") || len(row.FixArgs) == 0 {
				t.Fatalf("fix %q names no agent (or has no argv)", row.Fix)
			}
			if name == "fix-state-dir" && !strings.Contains(row.Fix, "OPENCLAW_STATE_DIR=") {
				t.Fatalf("fix %q does not name the state dir", row.Fix)
			}

			bin := t.TempDir()
			fresh := newSecret(setup, 108)
			tokenFile := filepath.Join(bin, "token")
			write(t, tokenFile, fresh+"\n", 0o600)
			// The fake claude: `claude setup-token` prints the token, as
			// the real one does; anything else fails.
			write(t, filepath.Join(bin, "claude"), "#!/bin/sh\n[ \"$*\" = setup-token ] || exit 64\necho 'Your OAuth token (valid for 1 year):'\ncat "+tokenFile+"\n", 0o700)
			write(t, filepath.Join(bin, "openclaw"), "#!/bin/sh\nexec "+or.node+" "+or.mjs+" \"$@\"\n", 0o700)
			runEnv := append([]string{"PATH=" + bin + ":" + or.nodeBin + ":/usr/bin:/bin", "HOME=" + home, "OPENCLAW_GATEWAY_PORT=" + or.port}, row.FixEnv...)
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			r, err := runCmd(ctx, runEnv, fresh+"\n", row.FixArgs...)
			if err != nil {
				t.Fatal(err)
			}
			if r.code != 0 {
				t.Fatalf("the fix failed:\n%s", redactForLog([]byte(r.String())))
			}

			after := scanHome(t, home, env)
			got, ok := findRow(after, "anthropic:manual")
			if !ok {
				t.Fatalf("anthropic:manual is gone after the fix:\n%+v", after.Profiles)
			}
			if got.Location != row.Location || got.Agent != row.Agent {
				t.Errorf("renewed in %s (agent %q), read from %s (agent %q)", got.Location, got.Agent, row.Location, row.Agent)
			}
			if got.ExpiresAt == nil || got.ExpiresAt.Sub(time.Now()) < 364*day || got.ExpiresAt.Sub(time.Now()) > 366*day {
				t.Errorf("expiry after the fix = %v, want about 365 d from now", got.ExpiresAt)
			}
			for _, p := range after.Profiles {
				if p.Source == profile.Gateway && p.ID != "anthropic:manual" {
					t.Errorf("the fix left another profile: %s in %s (%s)", p.ID, p.Location, p.State)
				}
			}
			if r := runAuthtray(t, home, env, "status", "--check"); r.code != 0 {
				t.Errorf("authtray status --check exits %d after the fix:\n%s", r.code, r)
			} else if l := leaks(r); len(l) > 0 {
				t.Errorf("authtray printed token bytes")
			}
			g, err := or.run(ctx, home, "", false, env, "models", "status", "--check")
			if err != nil {
				t.Fatal(err)
			}
			if g.code != 0 {
				t.Errorf("openclaw models status --check exits %d after the fix:\n%s", g.code, redactForLog([]byte(g.String())))
			}
		})
	}
}

// scanHome reads a HOME as `authtray status` does, through the Go API (the
// argv and environment of a fix are not in --json).
func scanHome(t *testing.T, home string, env []string) profile.Snapshot {
	t.Helper()
	vars := map[string]string{"HOME": home, "PATH": "/usr/bin:/bin"}
	for _, e := range env {
		k, v, _ := strings.Cut(e, "=")
		vars[k] = v
	}
	getenv := func(k string) string { return vars[k] }
	lookup := func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	return scan.Scan(context.Background(), scan.Input{Home: home, Getenv: getenv, LookupEnv: lookup, FS: fsys.OS{}, Now: time.Now(), Zone: time.UTC})
}

func findRow(s profile.Snapshot, id string) (profile.Profile, bool) {
	for _, p := range s.Profiles {
		if p.Source == profile.Gateway && p.ID == id {
			return p, true
		}
	}
	return profile.Profile{}, false
}

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}
