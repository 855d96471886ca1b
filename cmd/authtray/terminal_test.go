package main

import (
	"os"
	"testing"
)

// TestIsTerminal: /dev/null, a file and a pipe are not terminals (the
// first is a character device, which once counted as one).
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	file, err := os.Create(t.TempDir() + "/out")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, f := range map[string]*os.File{"/dev/null": null, "a file": file, "a pipe": w} {
		if isTerminal(f) {
			t.Errorf("%s is taken for a terminal", name)
		}
		if n := ttyWidth(f); n != 0 {
			t.Errorf("%s has a terminal width of %d", name, n)
		}
	}
	env := &appEnv{Stdout: null, Getenv: func(string) string { return "" }}
	if useColor(env) {
		t.Error("output to /dev/null is coloured")
	}
}
