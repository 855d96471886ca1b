package metrics

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// hostile are pieces of text a store, a settings file or a remote host can
// put in an id, agent, provider or host name.
var hostile = []string{
	"\x1b]52;c;c2VjcmV0\x07", // OSC 52: write the clipboard
	"\x1b]0;title\x1b\\",     // OSC 0: set the title
	"\x1b[2J\x1b[31m",        // CSI: clear, red
	"\u009b31m", "\u009d0;x\u009c",
	"\r", "\n", "\x00", "\x7f", "\t", "\u0085",
	"\u202e", "\u2066", "\u200b", "\ufeff", "\u2028",
	"\xff\xfe", "\xc3", // invalid UTF-8
	`"`, `\`, "{", "}", "=", ",", " ",
	"é", "日本", "main", "anthropic:", "work",
}

func hostileText(r *rand.Rand, secrets []string) string {
	var b strings.Builder
	for n := r.IntN(6); n >= 0; n-- {
		if r.IntN(5) == 0 {
			s := secrets[r.IntN(len(secrets))]
			if r.IntN(2) == 0 {
				// Split by something cleaning removes.
				cut := 1 + r.IntN(len(s)-1)
				s = s[:cut] + hostile[r.IntN(5)] + s[cut:]
			}
			b.WriteString(s)
			continue
		}
		b.WriteString(hostile[r.IntN(len(hostile))])
	}
	if r.IntN(20) == 0 {
		b.WriteString(strings.Repeat("x", 600)) // past the length cut
	}
	return b.String()
}

var (
	genKinds   = []profile.Kind{profile.OAuth, profile.Token, profile.APIKey, ""}
	genSources = []profile.Source{profile.ClaudeCode, profile.Gateway, profile.Env, ""}
)

// genSnapshot is a snapshot of random rows whose labels often collide (few
// distinct values) and whose text is hostile.
func genSnapshot(r *rand.Rand, secrets []string) profile.Snapshot {
	pick := func(hostileP int, plain ...string) string {
		if r.IntN(hostileP) == 0 {
			return hostileText(r, secrets)
		}
		return plain[r.IntN(len(plain))]
	}
	var s profile.Snapshot
	for n := r.IntN(30); n > 0; n-- {
		p := profile.Profile{
			ID:       pick(4, "anthropic:manual", "openai:key", "claude-code"),
			Provider: pick(6, "anthropic", "openai"),
			Agent:    pick(6, "", "main", "work"),
			Host:     pick(6, "", "vps"),
			Kind:     genKinds[r.IntN(len(genKinds))],
			Source:   genSources[r.IntN(len(genSources))],
			Location: fmt.Sprint(r.IntN(3)),
			Judged:   r.IntN(2) == 0,
		}
		if r.IntN(3) > 0 {
			p.State = profile.States()[r.IntN(len(profile.States()))]
		}
		if r.IntN(2) == 0 {
			p.ExpiresAt = profile.Time(now.Add(time.Duration(r.IntN(2000)-1000) * time.Hour))
		}
		if r.IntN(3) == 0 {
			p.CanRefresh = true
			if r.IntN(2) == 0 {
				p.LoginEndsAt = profile.Time(now.Add(time.Duration(r.IntN(2000)-1000) * time.Hour))
			}
		}
		s.Profiles = append(s.Profiles, p)
	}
	for n := r.IntN(4); n > 0; n-- {
		s.Hosts = append(s.Hosts, profile.Host{Name: pick(3, "vps", "box"), Reachable: r.IntN(2) == 0})
	}
	s.Finish(profile.Policy{Now: now})
	return s
}

// TestGenerated: on random snapshots with colliding labels and hostile
// text, the registry accepts every scrape (no duplicate series, valid
// UTF-8), no label holds a control, bidi or format character or a piece
// of a secret, every credential has exactly one state at 1, and a
// credential's series are never better than its rows: in use when any row
// is judged, no better than the worst row that counts, the earliest
// deadline.
func TestGenerated(t *testing.T) {
	secrets := []string{"sk-ant-oat01-GENaaaaBBBBccccDDDDeeee0001", "sk-ant-api03-GENaaaaBBBBccccDDDDeeee0002"}
	set := &redact.Set{}
	for _, s := range secrets {
		set.Add(s)
	}
	r := rand.New(rand.NewPCG(16, 2026))
	for i := range 400 {
		snap := genSnapshot(r, secrets)
		c := New("dev\x1b[0m", set)
		c.Update(snap)
		gs := gather(t, c)
		for _, g := range gs {
			for k, v := range g.labels {
				if bad := badLabel(v, secrets); bad != "" {
					t.Fatalf("case %d: %s{%s=%q}: %s", i, g.name, k, v, bad)
				}
			}
		}
		checkCredentials(t, i, c, snap, gs)
	}
}

func badLabel(v string, secrets []string) string {
	if !utf8.ValidString(v) {
		return "invalid UTF-8"
	}
	for _, r := range v {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || unicode.Is(unicode.Cf, r) || r == 0x2028 || r == 0x2029 {
			return fmt.Sprintf("holds %U", r)
		}
	}
	if len(v) > 520 {
		return fmt.Sprintf("%d bytes long", len(v))
	}
	for _, s := range secrets {
		if leak := leakOf(v, s); leak != "" {
			return "holds " + leak + " of a secret"
		}
	}
	return ""
}

// checkCredentials compares the series with the rows behind each label set.
func checkCredentials(t *testing.T, i int, c *Collector, snap profile.Snapshot, gs []gathered) {
	t.Helper()
	type rows struct{ all, judged []profile.Profile }
	byKey := map[string]*rows{}
	for _, p := range snap.Profiles {
		k := strings.Join([]string{c.label(p.Host), c.label(string(p.Source)), c.label(p.Agent), c.label(p.ID), c.label(p.Provider), c.label(string(p.Kind))}, "\x00")
		if byKey[k] == nil {
			byKey[k] = &rows{}
		}
		byKey[k].all = append(byKey[k].all, p)
		if p.Judged {
			byKey[k].judged = append(byKey[k].judged, p)
		}
	}
	key := func(g gathered) string {
		return strings.Join([]string{g.labels["host"], g.labels["source"], g.labels["agent"], g.labels["profile"], g.labels["provider"], g.labels["kind"]}, "\x00")
	}
	ones := map[string]int{}
	for _, g := range gs {
		rs := byKey[key(g)]
		if g.name == StateName || g.name == InUseName || g.name == DeadlineName {
			if rs == nil {
				t.Fatalf("case %d: %s%v has no row", i, g.name, g.labels)
			}
		}
		counted := rs
		if rs != nil && len(rs.judged) > 0 {
			counted = &rows{all: rs.judged}
		}
		switch g.name {
		case InUseName:
			if want := bool01(len(rs.judged) > 0); g.value != want {
				t.Fatalf("case %d: in use %v, want %v for %v", i, g.value, want, g.labels)
			}
		case StateName:
			if g.value != 1 {
				continue
			}
			ones[key(g)]++
			worst := profile.States()[0]
			for _, p := range counted.all {
				if profile.Worse(p.State, worst) {
					worst = p.State
				}
			}
			if g.labels["state"] != string(worst) {
				t.Fatalf("case %d: state %s, want %s (the worst row that counts) for %v", i, g.labels["state"], worst, g.labels)
			}
		case DeadlineName:
			earliest := time.Time{}
			for _, p := range counted.all {
				if d, ok := p.Deadline(); ok && (earliest.IsZero() || d.Before(earliest)) {
					earliest = d
				}
			}
			if g.value != unixSeconds(earliest) {
				t.Fatalf("case %d: deadline %v, want %v for %v", i, g.value, unixSeconds(earliest), g.labels)
			}
		}
	}
	if len(ones) != len(byKey) {
		t.Fatalf("case %d: %d credentials with a state at 1, want %d", i, len(ones), len(byKey))
	}
	for k, n := range ones {
		if n != 1 {
			t.Fatalf("case %d: %q has %d states at 1", i, k, n)
		}
	}
}
