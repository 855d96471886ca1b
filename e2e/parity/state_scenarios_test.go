package parity

import (
	"database/sql"
	"fmt"
	"time"
)

// setState writes raw as the shared runtime-state row, byte for byte (a
// map would lose its duplicate keys, their order and any value that is not
// an object).
func setState(h *home, raw string) error {
	db, err := sql.Open("sqlite", h.stateDB())
	if err != nil {
		return fmt.Errorf("open %s: %w", h.stateDB(), err)
	}
	defer db.Close()
	_, err = db.Exec(`INSERT INTO config_machine_state (state_key, value_json, updated_at_ms) VALUES ('authProfiles.state', ?, ?)
		ON CONFLICT(state_key) DO UPDATE SET value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms`, raw, time.Now().UnixMilli())
	if err != nil {
		return fmt.Errorf("write the state row of %s: %w", h.stateDB(), err)
	}
	fmt.Fprintf(h.log, "# row authProfiles.state := %q\n\n", raw)
	return nil
}

// disabledFor is a usage record that disables a profile for 5 hours.
func disabledFor(h *home) string {
	return fmt.Sprintf(`{"disabledUntil": %d, "disabledReason": "auth"}`, h.ms(5*time.Hour))
}

// stateScenario is a child of two-tokens whose state row is state(h).
func stateScenario(name string, exit int, state func(h *home) string) scenario {
	return scenario{
		name: name, parent: "two-tokens",
		build:   func(h *home) error { return setState(h, state(h)) },
		gateway: map[string]int{"": exit},
	}
}

// The runtime state row as the gateway coerces it (coerceAuthProfileState):
// a year's token (manual) and a two-hour one (second), so the profile the
// state selects shows in the exit code. Ids and providers trimmed as
// JavaScript trims (not U+0085); an order keeping no id is no order; an
// entry the gateway does not keep leaves an earlier one of the same
// trimmed id; a row that is not an object is ignored.
var stateScenarios = []scenario{
	{
		name: "two-tokens", parent: "token-ok",
		build:   func(h *home) error { return pasteToken(h, "2h", "--profile-id", "anthropic:second") },
		gateway: map[string]int{"": 0},
	},
	stateScenario("state-not-json", 0, func(*home) string { return `{"order": ` }),
	stateScenario("state-a-list", 0, func(*home) string { return `[]` }),
	stateScenario("state-a-number", 0, func(*home) string { return `5` }),
	stateScenario("state-order-empty", 0, func(*home) string { return `{"order": {"anthropic": []}}` }),
	stateScenario("state-order-trimmed", 2, func(*home) string { return `{"order": {"anthropic": [" anthropic:second\t"]}}` }),
	stateScenario("state-order-non-string", 2, func(*home) string { return `{"order": {"anthropic": ["anthropic:second", 5, null]}}` }),
	stateScenario("state-usage-id-trimmed", 2, func(h *home) string {
		return `{"usageStats": {" anthropic:manual\u00a0": ` + disabledFor(h) + `}}`
	}),
	stateScenario("state-usage-id-bom", 2, func(h *home) string {
		return "{\"usageStats\": {\"\ufeffanthropic:manual\": " + disabledFor(h) + "}}"
	}),
	stateScenario("state-usage-id-nel", 0, func(h *home) string {
		return "{\"usageStats\": {\"\u0085anthropic:manual\": " + disabledFor(h) + "}}"
	}),
	stateScenario("state-usage-later-empty", 2, func(h *home) string {
		return `{"usageStats": {" anthropic:manual": ` + disabledFor(h) + `, "anthropic:manual": {}}}`
	}),
	stateScenario("state-usage-later-not-record", 2, func(h *home) string {
		return `{"usageStats": {" anthropic:manual": ` + disabledFor(h) + `, "anthropic:manual": 5}}`
	}),
	stateScenario("state-usage-later-kept", 0, func(h *home) string {
		return `{"usageStats": {"anthropic:manual": ` + disabledFor(h) + `, " anthropic:manual": {"lastProbeAt": 0}}}`
	}),
	stateScenario("state-usage-duplicate-key", 0, func(h *home) string {
		return `{"usageStats": {"anthropic:manual": ` + disabledFor(h) + `, "anthropic:manual": 5}}`
	}),
	// Config auth.order: the first key, in the file's order, that
	// normalises to the provider wins (findNormalizedProviderValue). The
	// file is written with its keys sorted: " a" < "A" < "a".
	configOrderScenario("config-order-first-key-wins", 2, map[string]any{"Anthropic": []string{"anthropic:second"}, "anthropic": []string{"anthropic:manual"}}),
	configOrderScenario("config-order-first-key-spaced", 0, map[string]any{" anthropic": []string{"anthropic:manual"}, "anthropic": []string{"anthropic:second"}}),
	configOrderScenario("config-order-empty", 1, map[string]any{"anthropic": []string{}}),
}

// configOrderScenario is a child of two-tokens whose config auth.order is
// order.
func configOrderScenario(name string, exit int, order map[string]any) scenario {
	return scenario{
		name: name, parent: "two-tokens",
		build:   editConfig(func(c map[string]any) { c["auth"] = map[string]any{"order": order} }),
		gateway: map[string]int{"": exit},
	}
}
