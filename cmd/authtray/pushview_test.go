package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/authtray/authtray/core/alert"
)

// Targets that cannot be read now (here: a secrets file others can read,
// which pushstore refuses) are read again until they can, so push starts
// without a restart once the user repairs it; the note goes away then.
func TestPushTargetsReadAgain(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	env, _, _ := testEnv(t.TempDir(), map[string]string{"AUTHTRAY_PUSH_STORE": "file"})
	store, err := newPushStore(env)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := store.Add(ctx, "phone", "ntfy://127.0.0.1:9/topic?scheme=http"); err != nil {
		t.Fatal(err)
	}
	secrets := filepath.Join(cfg, "authtray", "push-secrets.json")
	if err := os.Chmod(secrets, 0o644); err != nil {
		t.Fatal(err)
	}
	old := pushRetry
	pushRetry = 20 * time.Millisecond
	defer func() { pushRetry = old }()

	var changes atomic.Int32
	pv := newPushView(env, newLogger(io.Discard, "", false), alert.Config{}, func() { changes.Add(1) })
	pv.load(ctx)
	if n := pv.notes(); len(n) == 0 {
		t.Fatal("a refused secrets file gives no note")
	}
	if err := os.Chmod(secrets, 0o600); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(pv.notes()) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the targets were not read again: %s", strings.Join(pv.notes(), " "))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if changes.Load() < 2 {
		t.Errorf("the view was asked to judge again %d times, want one for the note and one for its end", changes.Load())
	}
}
