package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		dir       string
		wantErrs  int
		wantLines []string
	}{
		{"good", "testdata/good", 0, nil},
		{"planted_error", "testdata/bad", 2, []string{
			"menu_darwin.go:13:17: cannot use n (variable of type int) as string value in variable declaration",
			"menu_darwin.go:14:13: undefined: undefinedSuffix",
		}},
	}
	for _, tt := range tests {
		for _, arch := range []string{"arm64", "amd64"} {
			t.Run(tt.name+"_"+arch, func(t *testing.T) {
				var out strings.Builder
				res, err := Check(tt.dir, arch, []string{"./..."}, &out)
				if err != nil {
					t.Fatal(err)
				}
				if res.Errors != tt.wantErrs {
					t.Errorf("Check(%s) found %d errors, want %d; output:\n%s", tt.dir, res.Errors, tt.wantErrs, out.String())
				}
				if res.Packages == 0 {
					t.Errorf("Check(%s) type-checked no packages", tt.dir)
				}
				for _, want := range tt.wantLines {
					if !strings.Contains(out.String(), "darwin/"+arch+": ") || !strings.Contains(out.String(), want) {
						t.Errorf("output lacks %q:\n%s", want, out.String())
					}
				}
			})
		}
	}
}

// TestPlantedErrorEscapesOtherBuilds shows why the checker exists: the
// planted package builds cleanly for darwin without cgo, the one darwin
// build Linux CI can run.
func TestPlantedErrorEscapesOtherBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a package with the go command")
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir = "testdata/bad"
	cmd.Env = append(os.Environ(), "GOOS=darwin", "GOARCH=arm64", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=darwin CGO_ENABLED=0 go build failed, so the planted error is not darwin-cgo-only: %v\n%s", err, out)
	}
}

func TestCheckLoadError(t *testing.T) {
	var out strings.Builder
	res, err := Check("testdata/good", "arm64", []string{"./nonexistent"}, &out)
	if err == nil && res.Errors == 0 {
		t.Errorf("Check of a missing package reported no error; output:\n%s", out.String())
	}
}
