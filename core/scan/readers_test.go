package scan

import (
	"context"
	"slices"
	"testing"

	"github.com/authtray/authtray/core/profile"
	"github.com/authtray/authtray/core/source"
)

// TestEverySourceIsRead ties the two lists: every source core/source
// lists is given by exactly one reader, and no reader gives a source the
// views know nothing of.
func TestEverySourceIsRead(t *testing.T) {
	given := map[profile.Source]string{}
	for _, r := range Readers() {
		if r.Read == nil || r.Watches == nil || r.Name == "" {
			t.Errorf("reader %q is incomplete", r.Name)
		}
		for _, id := range r.Gives {
			if other, ok := given[id]; ok {
				t.Errorf("source %q is given by %s and %s", id, other, r.Name)
			}
			given[id] = r.Name
			if _, ok := source.Known(id); !ok {
				t.Errorf("reader %s gives %q, which core/source does not list", r.Name, id)
			}
		}
	}
	for _, s := range source.All() {
		if _, ok := given[s.ID()]; !ok {
			t.Errorf("source %q is listed but no reader gives it", s.ID())
		}
	}
}

// TestReadersGiveWhatTheySay: on a HOME with a Claude Code login, a
// gateway and its .env, each reader's rows are of the sources it names,
// every listed source has rows, and Scan hands them over in the list's
// order.
func TestReadersGiveWhatTheySay(t *testing.T) {
	dir := t.TempDir()
	h := benchHomes[0].home
	if err := h.build(dir); err != nil {
		t.Fatal(err)
	}
	in := h.input(dir)
	seen := map[profile.Source]bool{}
	for _, r := range Readers() {
		for _, p := range r.Read(context.Background(), in) {
			if !slices.Contains(r.Gives, p.Source) {
				t.Errorf("reader %s gave row %s of source %q", r.Name, p.ID, p.Source)
			}
			seen[p.Source] = true
		}
	}
	var order []profile.Source
	for _, p := range Scan(context.Background(), in).Profiles {
		if len(order) == 0 || order[len(order)-1] != p.Source {
			order = append(order, p.Source)
		}
	}
	var want []profile.Source
	for _, s := range source.All() {
		if !seen[s.ID()] {
			t.Errorf("no rows of %q on the fixture HOME", s.ID())
		}
		want = append(want, s.ID())
	}
	if !slices.Equal(order, want) {
		t.Errorf("Scan's sources come in order %q, want %q", order, want)
	}
}
