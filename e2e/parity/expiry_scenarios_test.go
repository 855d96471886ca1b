package parity

import "time"

// setExpires sets the expires of one stored profile to v, as written.
func setExpires(h *home, id string, v any) error {
	return h.profiles(func(ps map[string]any) {
		ps[id].(map[string]any)["expires"] = v
	})
}

// The forms and boundaries of time fields: expiries and usage windows as
// the gateway reads them (normalizeExpiryField, resolveTokenExpiryState,
// coerceProfileUsageStats). Margins are hours, never minutes, so that no
// verdict races the clock between the gateway's run and authtray's. A
// cooldown until after the year 9999 is a unit test only: authtray's row
// has no until then (JSON can't write it), which this suite would report.
var expiryScenarios = []scenario{
	{
		// One field of the wrong type drops only that field: the
		// disable still counts.
		name:   "usage-disabled-bad-field",
		parent: "token-ok",
		build: func(h *home) error {
			return h.usageStats("anthropic:manual", map[string]any{
				"disabledUntil": h.ms(5 * time.Hour), "disabledReason": "auth",
				"cooldownUntil": "soon", "blockedScope": 7, "lastFailureAt": "yesterday",
			})
		},
		gateway: map[string]int{"": 1},
	},
	{
		// Keys match exactly: CooldownUntil is not cooldownUntil.
		name:   "usage-cooldown-key-case",
		parent: "token-ok",
		build: func(h *home) error {
			return h.usageStats("anthropic:manual", map[string]any{"CooldownUntil": h.ms(5 * time.Hour)})
		},
		gateway: map[string]int{"": 0},
	},
	{
		// The last JavaScript date: valid, and ok, to the gateway.
		name:    "token-expires-last-date",
		parent:  "token-ok",
		build:   func(h *home) error { return setExpires(h, "anthropic:manual", 8.64e15) },
		gateway: map[string]int{"": 0},
	},
	{
		// A numeric string is no number: invalid_expires, missing.
		name:    "token-expires-numeric-string",
		parent:  "token-ok",
		build:   func(h *home) error { return setExpires(h, "anthropic:manual", "1900000000000") },
		gateway: map[string]int{"": 1},
	},
	{
		// OAuth without a refresh token inside the 24 h window.
		name:   "oauth-norefresh-expiring",
		parent: "token-ok",
		build: func(h *home) error {
			if err := oauthOnly(h, false); err != nil {
				return err
			}
			return setExpires(h, "anthropic:oauth", h.ms(20*time.Hour))
		},
		gateway: map[string]int{"": 2},
	},
}
