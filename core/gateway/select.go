package gateway

import (
	"sort"
	"time"
)

// selection is the credential a model would use, per the gateway's
// resolveAuthProfileOrderWithMetadata.
type selection struct {
	// Order is the usable profiles, best first; Order[0] is selected.
	Order []string
	// Candidates are the profiles considered before eligibility, and
	// Ineligible why each dropped one was dropped.
	Candidates []string
	Ineligible map[string]string
	// Cooling is how many of Order's last profiles are cooling down or
	// disabled.
	Cooling int
	// Explicit: an auth order (the state row's or the config's) names
	// the provider's profiles, so nothing else stands in when they fail.
	Explicit bool
}

// Selected is the profile the model would use, "" for none.
func (s selection) Selected() string {
	if len(s.Order) == 0 {
		return ""
	}
	return s.Order[0]
}

// pick applies what the gateway's status knows of each profile's secret
// (buildProviderModelAuthSourcePlan, selectReadyProfile in
// dist/provider-model-route-auth-*.mjs): unavailable profiles are dropped;
// of the rest, outside cooldown first, the first wins, unless its
// readiness is unknown and a later one is ready. When every profile is
// unavailable the first is still the one selected: the status fails on it
// (no ambient environment key stands in for declared profiles).
func (s selection) pick(r func(string) readiness) string {
	first := "" // the first available outside cooldown, of unknown readiness
	for _, id := range s.Order[:len(s.Order)-s.Cooling] {
		switch rd := r(id); {
		case rd == unavailable:
		case first == "" && rd == unknownReady:
			first = id
		case first == "" || rd == ready:
			return id
		}
	}
	if first != "" {
		return first
	}
	for _, id := range s.Order[len(s.Order)-s.Cooling:] {
		if r(id) != unavailable {
			return id
		}
	}
	return s.Selected()
}

// selectProfile orders a provider's profiles as the gateway does: the state
// row's order, else config auth.order, else the config auth.profiles ids of
// the provider (an allow-list), else every stored profile of the provider;
// ineligible ones dropped; without an explicit order, oauth before token
// before api_key, unexpired OAuth first, least recently used first; profiles
// the gateway disabled or cooled down go last, soonest back first.
func selectProfile(st *store, cfg config, provider, model string, now time.Time) selection {
	sel := selection{Ineligible: map[string]string{}}
	explicit, hasExplicit := st.State.Order[provider]
	if !hasExplicit {
		explicit, hasExplicit = cfg.authOrder()[provider]
	}
	sel.Explicit = hasExplicit
	fromStore := false
	if _, ok := st.State.Order[provider]; ok {
		fromStore = true
	}
	confProfiles := cfg.authProfiles()
	var configured []string
	for _, id := range cfg.authProfileIDs() {
		if confProfiles[id].Provider == provider {
			configured = append(configured, id)
		}
	}
	var stored []string
	for _, id := range st.IDs {
		if st.Profiles[id].Provider == provider {
			stored = append(stored, id)
		}
	}
	base := stored
	switch {
	case hasExplicit:
		base = explicit
	case len(configured) > 0:
		base = configured
	}
	sel.Candidates = base
	if len(base) == 0 {
		return sel
	}
	ok := func(id string) bool {
		why := ineligible(st.Profiles[id], confProfiles, id, provider, now)
		if why != "" {
			sel.Ineligible[id] = why
		}
		return why == ""
	}
	filtered := filter(base, ok)
	allMissing := true
	for _, id := range base {
		if st.Profiles[id] != nil {
			allMissing = false
		}
	}
	repaired := false
	if len(filtered) == 0 && allMissing && (fromStore || len(configured) > 0) {
		filtered = filter(stored, ok)
		repaired = true
	}
	filtered = dedupe(filtered)
	var available, cooling []string
	for _, id := range filtered {
		if inCooldown(st.Profiles[id].Provider, st.State.Usage[id], model, now) {
			cooling = append(cooling, id)
		} else {
			available = append(available, id)
		}
	}
	back := func(id string) float64 {
		if ms := profileUnusableUntil(st.State.Usage[id], model); ms > 0 {
			return ms
		}
		return float64(now.UnixMilli())
	}
	sort.SliceStable(cooling, func(i, j int) bool { return back(cooling[i]) < back(cooling[j]) })
	if !(hasExplicit && len(explicit) > 0 && !repaired) {
		sort.SliceStable(available, func(i, j int) bool {
			a, b := st.Profiles[available[i]], st.Profiles[available[j]]
			if ta, tb := typeScore(a.Type), typeScore(b.Type); ta != tb {
				return ta < tb
			}
			if ea, eb := expiredOAuth(a, now), expiredOAuth(b, now); ea != eb {
				return !ea
			}
			return st.State.Usage[a.ID].LastUsed < st.State.Usage[b.ID].LastUsed
		})
	}
	sel.Order = append(available, cooling...)
	sel.Cooling = len(cooling)
	return sel
}

// ineligible says why the gateway would not use a profile, "" if it would.
func ineligible(c *credential, conf map[string]profileConfig, id, provider string, now time.Time) string {
	if c == nil {
		return "profile_missing"
	}
	if c.Provider != provider {
		return "provider_mismatch"
	}
	if pc, ok := conf[id]; ok {
		if pc.Provider != provider {
			return "provider_mismatch"
		}
		if pc.Mode != c.Type && !(pc.Mode == "oauth" && c.Type == "token") {
			return "mode_mismatch"
		}
	}
	switch c.Type {
	case "api_key":
		if !c.HasKey {
			return "missing_credential"
		}
	case "token":
		if !c.HasToken {
			return "missing_credential"
		}
		if c.Expires != nil {
			e := *c.Expires
			if e <= 0 || e > maxExpiryMs {
				return "invalid_expires"
			}
			if e <= float64(now.UnixMilli()) {
				return "expired"
			}
		}
	case "oauth":
		if c.Fence {
			return "expired"
		}
		if !c.HasAccess && !c.HasRefresh {
			return "missing_credential"
		}
	}
	return ""
}

// cooldownBypassed: providers whose cooldowns the provider manages itself;
// the gateway never treats their profiles as cooling down or disabled
// (isAuthCooldownBypassedForProvider).
func cooldownBypassed(provider string) bool {
	p := normProvider(provider)
	return p == "openrouter" || p == "kilocode"
}

// modelScopedReason: failures that cool down only the failing model
// (isModelScopedCooldownReason).
func modelScopedReason(reason string) bool {
	return reason == "rate_limit" || reason == "timeout" || reason == "model_not_found"
}

// activeWindow: a timestamp still ahead of now (isActiveUnusableWindow).
func activeWindow(ms float64, now time.Time) bool {
	return ms > 0 && ms <= maxDateMs && float64(now.UnixMilli()) < ms
}

// maxDateMs is the largest JavaScript Date (asDateTimestampMs).
const maxDateMs = 8.64e15

// blockForOtherModel: a block scoped to a model other than forModel
// (isBlockScopedToDifferentModel). forModel "" is the gateway's undefined:
// no model, every block counts.
func blockForOtherModel(u usage, forModel string) bool {
	return forModel != "" && u.BlockedScope == "model" && u.BlockedModel != "" && u.BlockedModel != forModel
}

// cooldownForOtherModel: a model-scoped cooldown for a model other than
// forModel (isCooldownScopedToDifferentModel).
func cooldownForOtherModel(u usage, forModel string) bool {
	return forModel != "" && modelScopedReason(u.CooldownReason) && u.CooldownModel != "" && u.CooldownModel != forModel
}

// profileUnusableUntil is the latest blocked/cooldown/disabled time that
// applies to forModel, 0 for none (resolveProfileUnusableUntil; the
// gateway's forModel null is not used here).
func profileUnusableUntil(u usage, forModel string) float64 {
	var out float64
	for i, v := range [3]float64{u.CooldownUntil, u.DisabledUntil, u.BlockedUntil} {
		if i == 2 && blockForOtherModel(u, forModel) {
			break
		}
		if v > 0 && v <= maxDateMs && v > out {
			out = v
		}
	}
	return out
}

// inCooldown reports whether the gateway skips the profile for forModel
// now (isProfileInCooldown): never for openrouter and kilocode; not when
// the only cooldown is scoped to another model and no block or disable
// applies (shouldBypassModelScopedCooldown).
func inCooldown(provider string, u usage, forModel string, now time.Time) bool {
	if cooldownBypassed(provider) {
		return false
	}
	if cooldownForOtherModel(u, forModel) && !(!blockForOtherModel(u, forModel) && activeWindow(u.BlockedUntil, now)) && !activeWindow(u.DisabledUntil, now) {
		return false
	}
	until := profileUnusableUntil(u, forModel)
	return until > 0 && float64(now.UnixMilli()) < until
}

// unusableUntil is the profile's unusable window for forModel, for showing:
// kind is "disabled" while disabledUntil is ahead, else "cooldown"; the zero
// time when the gateway would use the profile now.
func unusableUntil(provider string, u usage, forModel string, now time.Time) (kind string, until time.Time) {
	if forModel == "" {
		// resolveProfileUnusableUntilForDisplay
		if cooldownBypassed(provider) {
			return "", time.Time{}
		}
		ms := profileUnusableUntil(u, "")
		if !activeWindow(ms, now) {
			return "", time.Time{}
		}
		until = time.UnixMilli(int64(ms))
	} else {
		if !inCooldown(provider, u, forModel, now) {
			return "", time.Time{}
		}
		until = time.UnixMilli(int64(profileUnusableUntil(u, forModel)))
	}
	kind = "cooldown"
	if activeWindow(u.DisabledUntil, now) {
		kind = "disabled"
	}
	return kind, until
}

func typeScore(t string) int {
	switch t {
	case "oauth":
		return 0
	case "token":
		return 1
	case "api_key":
		return 2
	}
	return 3
}

func expiredOAuth(c *credential, now time.Time) bool {
	return c.Type == "oauth" && c.Expires != nil && *c.Expires > 0 && *c.Expires <= float64(now.UnixMilli())
}

func filter(ids []string, keep func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if keep(id) {
			out = append(out, id)
		}
	}
	return out
}

func dedupe(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
