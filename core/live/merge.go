package live

import (
	"time"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/source"
)

// Merge adds remote rows to a local snapshot and judges the whole again, so
// the verdict, the icon and the schedule cover every machine.
func Merge(s profile.Snapshot, ps []profile.Profile, hosts []profile.Host, zone *time.Location) profile.Snapshot {
	if len(ps) == 0 && len(hosts) == 0 {
		return s
	}
	out := s
	out.Profiles = append(append([]profile.Profile(nil), s.Profiles...), ps...)
	out.Hosts = append(append([]profile.Host(nil), s.Hosts...), hosts...)
	out.Notes = nil
	for _, n := range s.Notes {
		if n != profile.NoCredentials { // re-decided by Finish
			out.Notes = append(out.Notes, n)
		}
	}
	source.Arrange(out.Profiles)
	out.Finish(profile.Policy{Now: s.CheckedAt, Warn: s.Warn, Zone: zone})
	return out
}
