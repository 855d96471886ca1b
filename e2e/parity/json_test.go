package parity

import (
	"path/filepath"
	"strings"
	"time"
)

// gwStatus is the part of `openclaw models status --json` the suite reads.
type gwStatus struct {
	AgentID         string   `json:"agentId"`
	AgentDir        string   `json:"agentDir"`
	DefaultModel    string   `json:"defaultModel"`
	ResolvedDefault string   `json:"resolvedDefault"`
	Fallbacks       []string `json:"fallbacks"`
	ImageModel      *string  `json:"imageModel"`
	ImageFallbacks  []string `json:"imageFallbacks"`
	UtilityModel    struct {
		Ref string `json:"ref"`
	} `json:"utilityModel"`
	Auth *struct {
		StorePath             string   `json:"storePath"`
		MissingProvidersInUse []string `json:"missingProvidersInUse"`
		ModelRouteIssues      []struct {
			Kind, Provider, Model, Message string
		} `json:"modelRouteIssues"`
		Providers []struct {
			Provider  string `json:"provider"`
			Effective struct {
				Kind string `json:"kind"`
			} `json:"effective"`
		} `json:"providers"`
		UnusableProfiles []struct {
			ProfileID string `json:"profileId"`
			Kind      string `json:"kind"`
			Reason    string `json:"reason"`
			Until     int64  `json:"until"`
		} `json:"unusableProfiles"`
		OAuth struct {
			WarnAfterMs int64       `json:"warnAfterMs"`
			Profiles    []gwProfile `json:"profiles"`
			Providers   []struct {
				Provider          string      `json:"provider"`
				Status            string      `json:"status"`
				EffectiveProfiles []gwProfile `json:"effectiveProfiles"`
			} `json:"providers"`
		} `json:"oauth"`
	} `json:"auth"`
	// An error (e.g. a store that needs migration) replaces all of the above.
	Error *struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
}

type gwProfile struct {
	ProfileID string `json:"profileId"`
	Provider  string `json:"provider"`
	Type      string `json:"type"`
	Status    string `json:"status"`
	ExpiresAt int64  `json:"expiresAt"`
}

// agent is the agent this answer judged: the one asked for, else the
// default agent, whose dir is <state>/agents/<id>/agent unless configured.
func (g gwStatus) agent() string {
	if g.AgentID != "" {
		return g.AgentID
	}
	if filepath.Base(g.AgentDir) == "agent" {
		return filepath.Base(filepath.Dir(g.AgentDir))
	}
	return "main"
}

// providersInUse are the providers of the models the gateway's --check
// judges: default and fallbacks, image model and fallbacks, utility model.
func (g gwStatus) providersInUse() []string {
	models := append([]string{g.ResolvedDefault}, g.Fallbacks...)
	if g.ImageModel != nil {
		models = append(models, *g.ImageModel)
	}
	models = append(append(models, g.ImageFallbacks...), g.UtilityModel.Ref)
	var out []string
	seen := map[string]bool{}
	for _, m := range models {
		p, _, ok := strings.Cut(m, "/")
		if ok && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// selected is the profile the gateway would use for provider: the first of
// its ordered effective profiles that is not expired or missing (the order
// drops ineligible ones, and falls back to all of them when none is left).
// oauthRefreshes treats an expired OAuth profile as eligible (it refreshes).
// kind is the provider's effective auth kind ("profiles", "env", "missing").
func (g gwStatus) selected(provider string, oauthRefreshes bool) (id, kind string) {
	for _, p := range g.Auth.Providers {
		if p.Provider == provider {
			kind = p.Effective.Kind
		}
	}
	for _, p := range g.Auth.OAuth.Providers {
		if p.Provider != provider {
			continue
		}
		for _, e := range p.EffectiveProfiles {
			if (e.Status != "expired" && e.Status != "missing") || (oauthRefreshes && e.Type == "oauth") {
				return e.ProfileID, kind
			}
		}
	}
	return "", kind
}

// atSnapshot is `authtray status --json`, read as a script would read it.
type atSnapshot struct {
	Schema   int         `json:"schema"`
	Status   string      `json:"status"`
	Profiles []atProfile `json:"profiles"`
	Notes    []string    `json:"notes"`
}

type atProfile struct {
	ID       string `json:"id"`
	Provider string `json:"provider"`
	Kind     string `json:"kind"`
	Source   string `json:"source"`
	Location string `json:"location"`
	Agent    string `json:"agent"`
	State    string `json:"state"`
	Message  string `json:"message"`
	UsedBy   []struct {
		Agent string `json:"agent"`
		Model string `json:"model"`
		Role  string `json:"role"`
	} `json:"usedBy"`
	Unusable *struct {
		Kind   string     `json:"kind"`
		Reason string     `json:"reason"`
		Until  *time.Time `json:"until"`
	} `json:"unusable"`
	Judged bool   `json:"judged"`
	Note   string `json:"note"`
}

// row finds authtray's gateway row for a profile id, preferring the given
// agent's row when the store is shown per agent.
func (s atSnapshot) row(id, agent string) *atProfile {
	var found *atProfile
	for i := range s.Profiles {
		p := &s.Profiles[i]
		if p.Source != "gateway" || p.ID != id || p.Note != "" && strings.Contains(p.Note, "not read by the gateway") {
			continue
		}
		if p.Agent == agent {
			return p
		}
		if found == nil {
			found = p
		}
	}
	return found
}

// usedBy lists the ids of authtray's gateway rows for provider that agent
// uses.
func (s atSnapshot) usedBy(provider, agent string) []string {
	var out []string
	for _, p := range s.Profiles {
		if p.Source != "gateway" || p.Provider != provider || p.synthetic() {
			continue
		}
		for _, u := range p.UsedBy {
			if u.Agent == agent {
				out = append(out, p.ID)
				break
			}
		}
	}
	return out
}

// synthetic reports a row authtray adds for a model in use that has no
// usable credential (the gateway's missingProvidersInUse).
func (p atProfile) synthetic() bool {
	return p.Kind == "" && (strings.Contains(p.ID, " (no credential)") || strings.HasPrefix(p.ID, "runtime "))
}

// failingFor reports whether authtray says a model of provider in use by
// agent has no usable credential: a row saying so, or the expired or
// missing credential it would use.
func (s atSnapshot) failingFor(provider, agent string) bool {
	for _, p := range s.Profiles {
		if p.Source != "gateway" || p.Provider != provider || !p.Judged || (p.State != "missing" && p.State != "expired") {
			continue
		}
		for _, u := range p.UsedBy {
			if u.Agent == agent {
				return true
			}
		}
	}
	return false
}
