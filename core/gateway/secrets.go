package gateway

import (
	"strings"

	"github.com/authtray/authtray/core/json5"
	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/redact"
)

// A config string with ${VAR} holds the variable's value once resolved, and
// a key referenced in a model name or an agentDir would then be printed
// with the row ("in use by main (anthropic/sk-…)", a store path). So every
// text a row shows is put back in its template form, and the values go
// into the scan's secret set, which masks them at every output.

// addSecrets records what the config may hold that is secret: the values
// substituted into it and the literal provider keys it sets.
func (c config) addSecrets(set *redact.Set) {
	for _, s := range c.subs {
		set.Add(s.Value)
	}
	providers, _ := c.lookup("models", "providers").(*json5.Object)
	for i := range providers.Len() {
		_, p := providers.Key(i)
		entry, _ := p.(*json5.Object)
		if key, ok := entry.Get("apiKey"); ok {
			if s, ok := key.(string); ok {
				set.Add(s)
			}
		}
	}
}

// showTemplates rewrites what the rows show so that no substituted value
// appears, only its ${VAR}. FixArgs and FixEnv keep the real values: they
// are what a click runs (the secret set masks them wherever printed).
func (c config) showTemplates(rows []profile.Profile) {
	if len(c.subs) == 0 {
		return
	}
	pairs := make([]string, 0, 2*len(c.subs))
	for _, s := range c.subs {
		pairs = append(pairs, s.Value, "${"+s.Var+"}")
	}
	r := strings.NewReplacer(pairs...)
	for i := range rows {
		p := &rows[i]
		for _, f := range []*string{&p.ID, &p.Provider, &p.Location, &p.Agent, &p.Account, &p.Message, &p.Fix, &p.Note} {
			*f = r.Replace(*f)
		}
		for j := range p.UsedBy {
			p.UsedBy[j].Agent = r.Replace(p.UsedBy[j].Agent)
			p.UsedBy[j].Model = r.Replace(p.UsedBy[j].Model)
		}
		if p.Unusable != nil {
			p.Unusable.Reason = r.Replace(p.Unusable.Reason)
		}
	}
}
