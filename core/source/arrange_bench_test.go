package source

import (
	"fmt"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

// BenchmarkArrange arranges a large host's rows (sqlite-100x20's 2,023):
// arranged already, as a scan's readers give them, and with one
// environment row among the gateway's (a config key's row).
func BenchmarkArrange(b *testing.B) {
	rows := make([]profile.Profile, 0, 2023)
	for i := range 2 {
		rows = append(rows, profile.Profile{ID: fmt.Sprint("c", i), Source: profile.ClaudeCode})
	}
	for i := range 2000 {
		rows = append(rows, profile.Profile{ID: fmt.Sprint("g", i), Source: profile.Gateway})
	}
	for i := range 21 {
		rows = append(rows, profile.Profile{ID: fmt.Sprint("e", i), Source: profile.Env})
	}
	mixed := append([]profile.Profile(nil), rows...)
	mixed[1000].Source = profile.Env
	for _, c := range []struct {
		name string
		rows []profile.Profile
	}{{"arranged", rows}, {"one-env-row-among-gateway", mixed}} {
		b.Run(c.name, func(b *testing.B) {
			ps := make([]profile.Profile, len(c.rows))
			for b.Loop() {
				copy(ps, c.rows)
				Arrange(ps)
			}
		})
	}
}
