package claude

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"testing"
	"time"

	"github.com/authtray/authtray/core/fsys"
	"github.com/authtray/authtray/core/profile"
)

// judgedLater is the state of a readable login: Snapshot.Finish decides.
const judgedLater profile.State = ""

// fakeStamps is the items' modification dates; a missing key is ErrNotFound.
type fakeStamps map[string]time.Time

func (f fakeStamps) modTime(_ context.Context, service, account string) (time.Time, error) {
	t, ok := f[service+"\x00"+account]
	if !ok {
		return time.Time{}, ErrNotFound
	}
	return t, nil
}

// secretReads counts Finds of the data (ModTime never reads it).
func secretReads(kc *fakeKeychain) int { return len(kc.calls) }

func TestKeychainCache(t *testing.T) {
	main := Service + "\x00alice"
	t1, t2 := now.Add(-time.Hour), now
	key := make([]byte, 32)
	rand.Read(key)
	pointer := `{"keychainOverflow": {"slot": "a", "key": "` + base64.StdEncoding.EncodeToString(key) + `", "login": true}}`
	moved := `{"claudeAiOauth": ` + creds(nil)[len(`{"claudeAiOauth":`):len(creds(nil))-len(`}`)] + `}`
	ov := Service + "-overflow-a\x00alice"

	type step struct {
		do    func(kc *fakeKeychain, st fakeStamps, c *KeychainCache)
		reads int           // secret reads this scan
		state profile.State // the row's state ("" for rows judged later)
	}
	tests := []struct {
		name  string
		items map[string]any
		st    fakeStamps
		steps []step
	}{
		{
			name: "unchanged item is read once", items: map[string]any{main: creds(nil)}, st: fakeStamps{main: t1},
			steps: []step{{reads: 1, state: judgedLater}, {reads: 0, state: judgedLater}, {reads: 0, state: judgedLater}},
		},
		{
			name: "a new date reads it again", items: map[string]any{main: creds(nil)}, st: fakeStamps{main: t1},
			steps: []step{
				{reads: 1, state: judgedLater},
				{do: func(kc *fakeKeychain, st fakeStamps, _ *KeychainCache) {
					kc.items[main] = creds(map[string]any{"accessToken": nil, "refreshToken": nil})
					st[main] = t2
				}, reads: 1, state: profile.Expired}, // Claude Code blanked the tokens: the login ended
				{reads: 0, state: profile.Expired},
			},
		},
		{
			name: "Refresh now reads it again", items: map[string]any{main: creds(nil)}, st: fakeStamps{main: t1},
			steps: []step{
				{reads: 1, state: judgedLater},
				{do: func(_ *fakeKeychain, _ fakeStamps, c *KeychainCache) { c.Invalidate() }, reads: 1, state: judgedLater},
			},
		},
		{
			name: "no item: no secret read", items: map[string]any{}, st: fakeStamps{},
			steps: []step{{reads: 0, state: profile.Missing}, {reads: 0, state: profile.Missing}},
		},
		{
			name: "locked: read every time", items: map[string]any{main: ErrLocked}, st: fakeStamps{main: t1},
			steps: []step{{reads: 1, state: profile.Error}, {reads: 1, state: profile.Error}},
		},
		{
			name: "overflow item changing alone reads again", items: map[string]any{main: pointer, ov: sealOverflow(t, key, moved)}, st: fakeStamps{main: t1, ov: t1},
			steps: []step{
				{reads: 2, state: judgedLater},
				{reads: 0, state: judgedLater},
				{do: func(_ *fakeKeychain, st fakeStamps, _ *KeychainCache) { st[ov] = t2 }, reads: 2, state: judgedLater},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kc := &fakeKeychain{items: tt.items}
			c := &KeychainCache{ModTime: tt.st.modTime}
			in := Input{Home: home, Getenv: env("USER", "alice"), FS: fsys.Fake{}, Keychain: kc, KeychainCache: c}
			for i, s := range tt.steps {
				if s.do != nil {
					s.do(kc, tt.st, c)
				}
				before := secretReads(kc)
				ps := Read(context.Background(), in)
				if got := secretReads(kc) - before; got != s.reads {
					t.Errorf("scan %d: %d secret reads, want %d", i, got, s.reads)
				}
				if len(ps) != 1 || ps[0].State != s.state {
					t.Errorf("scan %d: rows %+v, want one %s", i, ps, s.state)
				}
			}
		})
	}
}
