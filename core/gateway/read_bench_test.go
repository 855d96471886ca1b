package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/authtray/authtray/core/profile"
)

// benchStore is n profiles of one agent: setup-tokens, OAuth logins with
// refresh tokens and API keys across providers, with usage state.
func benchStore(agent string, n int, seq *int) (store, state string) {
	providers := []string{"anthropic", "openai", "openrouter", "google", "mistral"}
	ps := map[string]map[string]any{}
	usage := map[string]any{}
	for i := 0; i < n; i++ {
		*seq++
		prov := providers[i%len(providers)]
		id := fmt.Sprintf("%s:%s-%02d", prov, agent, i)
		switch i % 4 {
		case 0:
			ps[id] = tokenCred(prov, fakeToken(*seq), ms(time.Duration(30+i)*24*time.Hour))
		case 1:
			ps[id] = keyCred(prov, fakeKey(*seq))
		case 2:
			ps[id] = oauthCred(prov, fakeToken(*seq), fakeRefresh(*seq), ms(time.Duration(i)*time.Hour))
		default:
			ps[id] = tokenCred(prov, fakeToken(*seq), nil)
		}
		usage[id] = map[string]any{"lastUsed": ms(-time.Duration(i) * time.Minute)}
	}
	st, _ := json.Marshal(map[string]any{"version": 1, "usageStats": usage})
	return storeJSON(ps), string(st)
}

// benchInstall writes a current-layout install: config listing the agents,
// the shared store in the state DB, and one database per agent, each with
// perAgent profiles.
func benchInstall(hm *home, agents, perAgent int) {
	entries := map[string]any{}
	seq := 0
	for i := 0; i < agents; i++ {
		id := "main"
		if i > 0 {
			id = fmt.Sprintf("agent%03d", i)
		}
		entries[id] = map[string]any{}
		store, state := benchStore(id, perAgent, &seq)
		hm.agentDB(filepath.Join(".openclaw", "agents", id, "agent"), store, state)
	}
	cfg, _ := json.Marshal(map[string]any{"agents": map[string]any{
		"defaults": map[string]any{"model": map[string]any{"primary": "anthropic/claude-sonnet-4-6", "fallbacks": []string{"openai/gpt-5.5"}},
			// openai models need a runtime 2026.9.6 ships only this way.
			"models": map[string]any{"openai/gpt-5.5": map[string]any{"agentRuntime": map[string]any{"id": "openclaw"}}}},
		"entries": entries,
	}})
	hm.config(string(cfg))
	store, state := benchStore("shared", perAgent, &seq)
	hm.shared(store, state)
}

// BenchmarkRead times reading and selecting one gateway install, without
// Claude Code or judging: typical (1 agent, 3 profiles) and the issue's
// 100 agents × 20 profiles.
func BenchmarkRead(b *testing.B) {
	cases := []struct {
		name            string
		agents, profile int
	}{
		{"typical-1x3", 1, 3},
		{"sqlite-100x20", 100, 20},
	}
	for _, c := range cases {
		var once sync.Once
		var hm *home
		want := (c.agents + 1) * c.profile
		b.Run(c.name, func(sub *testing.B) {
			// The parent's HOME outlives the sub-benchmark's repeated runs.
			once.Do(func() {
				hm = newHome(b)
				hm.t = sub
				benchInstall(hm, c.agents, c.profile)
			})
			hm.t = sub
			s := hm.read("")
			if len(s.Profiles) != want || profile.ExitCode(s.Status) != 0 {
				sub.Fatalf("%d rows, exit %d; want %d rows, exit 0", len(s.Profiles), profile.ExitCode(s.Status), want)
			}
			in := hm.input()
			ctx := context.Background()
			sub.ReportAllocs()
			sub.ResetTimer()
			for sub.Loop() {
				Read(ctx, in)
			}
		})
	}
}
