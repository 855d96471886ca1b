package profile

import (
	"slices"
	"sort"
	"time"

	"github.com/authtray/authtray/core/sshdest"
)

// Schema is the version of the JSON that `status --json` and `watch --json`
// print. It changes only when a field changes meaning.
const Schema = 1

// Snapshot is every profile authtray found at one moment, judged.
type Snapshot struct {
	Schema    int           `json:"schema"`
	Status    State         `json:"status"`
	CheckedAt time.Time     `json:"checkedAt"`
	Warn      time.Duration `json:"-"`
	WarnSecs  int64         `json:"warnWindowSeconds"`
	Profiles  []Profile     `json:"profiles"`
	Hosts     []Host        `json:"hosts"`
	// Notes are problems that belong to no single row, such as a malformed
	// settings file ("using defaults").
	Notes []string `json:"notes"`
}

// Host is one remote machine's reachability and how fresh its rows are.
type Host struct {
	Name        string       `json:"name"`
	Destination sshdest.Dest `json:"destination"`
	Reachable   bool         `json:"reachable"`
	Via         string       `json:"via"` // "authtray watch", "openclaw models status", ""
	SnapshotAt  *time.Time   `json:"snapshotAt"`
	AgeSeconds  *int64       `json:"ageSeconds"`
	Error       string       `json:"error,omitempty"`
}

// rank orders states from harmless to worst. Unreadable and unreachable
// rank above expiring (nothing about that credential can be confirmed, so
// --check exits 1) but below a confirmed expired or missing credential: a
// host that is down for a minute must not hide, behind a grey icon, a local
// login that has ended.
var rank = map[State]int{
	OK:          0,
	Unknown:     1,
	Expiring:    2,
	Unreachable: 3,
	Error:       4,
	Missing:     5,
	Expired:     6,
}

// Worse reports whether a is a worse state than b.
func Worse(a, b State) bool { return rank[a] > rank[b] }

// Worst returns the worst state among the judged profiles, OK when none.
func Worst(ps []Profile) State {
	w := OK
	for _, p := range ps {
		if p.Judged && Worse(p.State, w) {
			w = p.State
		}
	}
	if w == Unknown {
		w = OK
	}
	return w
}

// ExitCode maps a verdict to the gateway's `models status --check` codes:
// 0 all fine, 1 expired or missing (or unreadable, or unreachable: nothing
// can be confirmed), 2 expiring.
func ExitCode(s State) int {
	switch s {
	case OK, Unknown:
		return 0
	case Expiring:
		return 2
	default:
		return 1
	}
}

// NeedsAction is true for a judged profile whose state the user must act on.
func (p Profile) NeedsAction() bool {
	return p.Judged && p.State != OK && p.State != Unknown
}

// Finish judges every profile, sorts them for display and fills in the
// snapshot's verdict.
func (s *Snapshot) Finish(pol Policy) {
	s.Schema = Schema
	s.CheckedAt = pol.Now.UTC().Truncate(time.Second)
	s.Warn = pol.warn()
	s.WarnSecs = int64(s.Warn / time.Second)
	for i := range s.Profiles {
		Judge(&s.Profiles[i], pol)
		if s.Profiles[i].UsedBy == nil {
			s.Profiles[i].UsedBy = []Use{}
		}
	}
	Sort(s.Profiles)
	s.Status = Worst(s.Profiles)
	if !s.anyCredential() {
		s.Status = Missing
		if !slices.Contains(s.Notes, NoCredentials) {
			s.Notes = append(s.Notes, NoCredentials)
		}
	} else {
		// Finish runs again once remote rows are merged in.
		s.Notes = slices.DeleteFunc(s.Notes, func(n string) bool { return n == NoCredentials })
	}
	if s.Profiles == nil {
		s.Profiles = []Profile{}
	}
	if s.Hosts == nil {
		s.Hosts = []Host{}
	}
	if s.Notes == nil {
		s.Notes = []string{}
	}
}

// NoCredentials is the note of a snapshot with no credential at all.
const NoCredentials = "No credentials found: sign in with `claude auth login`, or create a token with `claude setup-token`."

// anyCredential applies the rule that an optional login that was never
// signed in (a Claude Code config dir: "not signed in", state missing) is
// shown but is not a failure while any other credential exists; it reports
// whether one does. A login that ended (its time limit, blanked tokens) is
// expired, not missing, and always counts: the user needs to sign in again.
func (s *Snapshot) anyCredential() bool {
	other := false
	for _, p := range s.Profiles {
		// A host's own line (no source) says it cannot be read: it is
		// no credential.
		if p.Source != "" && !(p.Optional && p.State == Missing) {
			other = true
			break
		}
	}
	if !other {
		return false
	}
	for i := range s.Profiles {
		p := &s.Profiles[i]
		if p.Optional && p.State == Missing && p.Judged {
			p.Judged = false
			p.Note = "not counted: other credentials are in use"
		}
	}
	s.Status = Worst(s.Profiles)
	return true
}

// Sort orders rows the way the menu and the table group them: by host,
// then source, then gateway state dir with its shared store's rows before
// its agents' (the shared store serves every agent), then where they were
// read, agent and id. Sources keep the order in which they first come in:
// a scan hands them over in the order core/source lists them
// (source.Arrange), so the model knows no source by name. A host's own
// line (no source: the host cannot be read) heads its host's rows.
func Sort(ps []Profile) {
	order := map[Source]int{"": -1}
	for i := range ps { // by index: a row is large
		if _, ok := order[ps[i].Source]; !ok {
			order[ps[i].Source] = len(order)
		}
	}
	less := func(a, b *Profile) bool {
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.Source != b.Source {
			return order[a.Source] < order[b.Source]
		}
		if a.StateDir != b.StateDir {
			return a.StateDir < b.StateDir
		}
		if (a.Agent == "") != (b.Agent == "") {
			return a.Agent == ""
		}
		if a.Location != b.Location {
			return a.Location < b.Location
		}
		if a.Agent != b.Agent {
			return a.Agent < b.Agent
		}
		return a.ID < b.ID
	}
	// Rows mostly come in order already (each reader's are): a stable
	// sort leaves rows of which none sorts before the one ahead of it as
	// they are, and finding that takes one comparison a row.
	sorted := true
	for i := 1; i < len(ps) && sorted; i++ {
		sorted = !less(&ps[i], &ps[i-1])
	}
	if sorted {
		return
	}
	sort.SliceStable(ps, func(i, j int) bool {
		return less(&ps[i], &ps[j]) // not copies: a row is large, and a sort compares many
	})
}
