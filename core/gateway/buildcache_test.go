package gateway

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/core/redact"
)

// A read through the cache keeps each database's part (its rows, fixes and
// store), each agent's view and each model's selection while everything
// it depends on is the same, and must then give exactly what a fresh read
// gives: each step changes one input and says how many parts the read
// builds again. A key that left an input out would copy a stale part or
// selection, and the fresh read would differ from it (each step is placed
// so that the one before it left the other inputs as they are).
func TestDBCacheParts(t *testing.T) {
	const models = `defaults: {model: {primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openai/gpt-5.5", "anthropic/claude-opus-4-6", "openai/claude-sonnet-4-6"]},
		models: {"openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}, "openai/claude-sonnet-4-6": {agentRuntime: {id: "openclaw"}}}}`
	cfg := func(entries string) string { return `{agents: {` + models + `, entries: {` + entries + `}}}` }
	agentDir := func(id string) string { return filepath.Join(".openclaw", "agents", id, "agent") }
	type step struct {
		name   string
		change func(h *home)
		clock  time.Duration // how far the clock is past now
		built  int           // parts built again; the rest are copied
		reused int
	}
	agentStore := func(h *home, id string, n int, expires time.Duration) {
		h.t.Helper()
		execDB(h, h.path(filepath.Join(agentDir(id), agentDBName)), "UPDATE auth_profile_store SET store_json = "+quote(storeJSON(map[string]map[string]any{
			"anthropic:" + id: tokenCred("anthropic", fakeToken(n), ms(expires)),
			"openai:" + id:    keyCred("openai", fakeKey(n)),
		})))
	}
	steps := []step{
		{"first read", func(*home) {}, 0, 4, 0},
		{"nothing changed", func(*home) {}, 0, 0, 4},
		{"an agent's store", func(h *home) { agentStore(h, "a", 20, 30*time.Hour) }, 0, 1, 3},
		{"an agent's state row", func(h *home) {
			execDB(h, h.path(filepath.Join(agentDir("b"), agentDBName)), "UPDATE auth_profile_state SET state_json = "+quote(`{"usageStats": {"anthropic:b": {"cooldownUntil": `+itoa(ms(80*time.Minute))+`, "cooldownReason": "rate_limit", "cooldownModel": "claude-sonnet-4-6"},
				"anthropic:shared": {"cooldownUntil": `+itoa(ms(80*time.Minute))+`, "cooldownReason": "rate_limit", "cooldownModel": "claude-opus-4-6"}}}`))
		}, 0, 1, 3},
		{"the shared store row", func(h *home) {
			execDB(h, h.path(filepath.Join(".openclaw", "state", stateDBName)), "UPDATE config_machine_state SET value_json = "+quote(storeJSON(map[string]map[string]any{
				"anthropic:shared": tokenCred("anthropic", fakeToken(21), ms(2*time.Hour)),
				"openai:shared":    keyCred("openai", fakeKey(21)),
			}))+" WHERE state_key = "+quote(keyStore))
		}, 0, 1, 3},
		{"the shared state row", func(h *home) {
			execDB(h, h.path(filepath.Join(".openclaw", "state", stateDBName)), "UPDATE config_machine_state SET value_json = "+quote(`{"usageStats": {"anthropic:shared": {"disabledUntil": `+itoa(ms(time.Hour))+`, "disabledReason": "billing"}}}`)+" WHERE state_key = "+quote(keyState))
		}, 0, 1, 3},
		{"the clock passes the disable", func(*home) {}, 65 * time.Minute, 0, 4},
		{"the clock passes the cooldowns", func(*home) {}, 90 * time.Minute, 0, 4},
		{"the clock passes the shared token's expiry", func(*home) {}, 3 * time.Hour, 0, 4},
		{"the clock passes an agent token's expiry", func(*home) {}, 31 * time.Hour, 0, 4},
		{"the clock back", func(*home) {}, 0, 0, 4},
		{"the config's auth order", func(h *home) {
			h.config(`{auth: {order: {openai: ["openai:a", "openai:shared"]}}, agents: {` + models + `, entries: {main: {}, a: {}, b: {}}}}`)
		}, 0, 0, 4},
		{"the config's auth profiles", func(h *home) {
			h.config(`{auth: {profiles: {"anthropic:b": {provider: "anthropic", mode: "token"}}}, agents: {` + models + `, entries: {main: {}, a: {}, b: {}}}}`)
		}, 0, 0, 4},
		{"the config's auth profile mode", func(h *home) {
			h.config(`{auth: {profiles: {"anthropic:b": {provider: "anthropic", mode: "api_key"}}}, agents: {` + models + `, entries: {main: {}, a: {}, b: {}}}}`)
		}, 0, 0, 4},
		{"the config's auth profile provider", func(h *home) {
			h.config(`{auth: {profiles: {"anthropic:b": {provider: "openai", mode: "api_key"}}}, agents: {` + models + `, entries: {main: {}, a: {}, b: {}}}}`)
		}, 0, 0, 4},
		{"the config's models", func(h *home) {
			h.config(`{agents: {defaults: {model: {primary: "openai/gpt-5.5"}, models: {"openai/gpt-5.5": {agentRuntime: {id: "openclaw"}}}}, entries: {main: {}, a: {}, b: {}}}}`)
		}, 0, 0, 4},
		{"the config moves the shared store's owner", func(h *home) { h.config(cfg(`a: {default: true}, b: {}`)) }, 0, 4, 0},
		{"the config as it was", func(h *home) { h.config(cfg(`main: {}, a: {}, b: {}`)) }, 0, 4, 0},
		// b's dir is still read as b's too (an agent dir the config does
		// not list): the same database, two parts.
		{"the config names another agent for b's dir", func(h *home) {
			h.config(cfg(`main: {}, a: {}, c: {agentDir: "` + h.path(agentDir("b")) + `"}`))
		}, 0, 1, 4},
		{"the config as it was again", func(h *home) { h.config(cfg(`main: {}, a: {}, b: {}`)) }, 0, 0, 4},
		{"the config moves b to a copy of its database", func(h *home) {
			db := h.path(filepath.Join(agentDir("b"), agentDBName))
			execDB(h, db, "PRAGMA wal_checkpoint(TRUNCATE)")
			data, err := os.ReadFile(db)
			if err != nil {
				h.t.Fatal(err)
			}
			h.write(filepath.Join("moved", "b", agentDBName), string(data))
			h.config(cfg(`main: {}, a: {}, b: {agentDir: "` + h.path(filepath.Join("moved", "b")) + `"}`))
		}, 0, 1, 3},
		{"the config as it was once more", func(h *home) { h.config(cfg(`main: {}, a: {}, b: {}`)) }, 0, 1, 3},
		{"an environment key", func(h *home) { h.env["ANTHROPIC_API_KEY"] = fakeKey(30) }, 0, 0, 4},
		{"the environment names the config", func(h *home) {
			h.write("elsewhere/openclaw.json", cfg(`main: {}, a: {}, b: {}`))
			h.env["OPENCLAW_CONFIG_PATH"] = h.path("elsewhere/openclaw.json")
		}, 0, 4, 0},
		{"the environment as it was", func(h *home) { delete(h.env, "OPENCLAW_CONFIG_PATH"); delete(h.env, "ANTHROPIC_API_KEY") }, 0, 4, 0},
		{"a newer database version", func(h *home) {
			execDB(h, h.path(filepath.Join(agentDir("b"), agentDBName)), "PRAGMA user_version = 99")
		}, 0, 1, 3},
		{"an agent's database removed", func(h *home) { removeDB(h, agentDir("a")) }, 0, 0, 3},
		{"an agent's database added", func(h *home) {
			h.agentDB(agentDir("a"), storeJSON(map[string]map[string]any{"anthropic:a": tokenCred("anthropic", fakeToken(40), ms(48*time.Hour))}), "")
		}, 0, 1, 3},
		{"an agent's database unreadable", func(h *home) {
			removeDB(h, agentDir("a"))
			h.write(filepath.Join(agentDir("a"), agentDBName), "not a database, not at all, and long enough to look like one")
		}, 0, 0, 3},
		{"still unreadable: never kept", func(*home) {}, 0, 0, 3},
		{"readable again", func(h *home) {
			removeDB(h, agentDir("a"))
			h.agentDB(agentDir("a"), storeJSON(map[string]map[string]any{"anthropic:a": tokenCred("anthropic", fakeToken(41), ms(48*time.Hour))}), "")
		}, 0, 1, 3},
	}
	h := newHome(t)
	h.config(cfg(`main: {}, a: {}, b: {}`))
	h.shared(storeJSON(map[string]map[string]any{"anthropic:shared": tokenCred("anthropic", fakeToken(1), ms(2*time.Hour))}),
		`{"usageStats": {"anthropic:shared": {"lastUsed": 1}}}`)
	for i, id := range []string{"main", "a", "b"} {
		h.agentDB(agentDir(id), storeJSON(map[string]map[string]any{
			"anthropic:" + id: tokenCred("anthropic", fakeToken(2+i), ms(30*time.Hour)),
			"openai:" + id:    keyCred("openai", fakeKey(2+i)),
		}), `{"usageStats": {"openai:`+id+`": {"lastUsed": 1}}}`)
	}
	cache := &DBCache{}
	for _, s := range steps {
		s.change(h)
		fresh, cached := h.input(), h.input()
		fresh.Now, cached.Now = now.Add(s.clock), now.Add(s.clock)
		fresh.Secrets, cached.Secrets, cached.DBCache = &redact.Set{}, &redact.Set{}, cache
		want := Read(context.Background(), fresh)
		built, reused := cache.Builds()
		got := Read(context.Background(), cached)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: read through the cache\n%+v\nwant\n%+v", s.name, got, want)
		}
		if m, w := cached.Secrets.Mask(allFakes), fresh.Secrets.Mask(allFakes); m != w || cached.Secrets.Len() != fresh.Secrets.Len() {
			t.Errorf("%s: the secrets through the cache mask\n%s\nwant\n%s", s.name, m, w)
		}
		b, r := cache.Builds()
		if b-built != s.built || r-reused != s.reused {
			t.Errorf("%s: built %d parts and copied %d, want %d and %d", s.name, b-built, r-reused, s.built, s.reused)
		}
	}
}

// allFakes holds every fake secret the steps write, to see which a set
// masks.
var allFakes = func() string {
	var b strings.Builder
	for n := range 50 {
		b.WriteString(fakeToken(n) + " " + fakeKey(n) + "\n")
	}
	return b.String()
}()

// removeDB removes an agent's database and its -wal and -shm.
func removeDB(h *home, agentDir string) {
	h.t.Helper()
	db := h.path(filepath.Join(agentDir, agentDBName))
	for _, p := range []string{db, db + "-wal", db + "-shm"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			h.t.Fatal(err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
