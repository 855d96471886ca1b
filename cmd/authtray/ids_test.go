package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestGoldenIDsUnique: in every JSON snapshot of the script goldens, no two
// rows of one host share an id, so scripts keyed on (host, id) never
// collide.
func TestGoldenIDsUnique(t *testing.T) {
	files, err := filepath.Glob("testdata/script/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	checked := 0
	for _, name := range files {
		a, err := txtar.ParseFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if !strings.HasSuffix(f.Name, ".json") {
				continue
			}
			var s struct {
				Profiles []struct {
					ID   string `json:"id"`
					Host string `json:"host"`
				} `json:"profiles"`
			}
			if json.Unmarshal(f.Data, &s) != nil || len(s.Profiles) == 0 {
				continue // not a snapshot (a store, a config)
			}
			checked++
			seen := map[[2]string]bool{}
			for _, p := range s.Profiles {
				k := [2]string{p.Host, p.ID}
				if seen[k] {
					t.Errorf("%s: %s: two rows with id %q (host %q)", name, f.Name, p.ID, p.Host)
				}
				seen[k] = true
			}
		}
	}
	if checked == 0 {
		t.Fatal("no JSON snapshot found in the goldens")
	}
}
