package pushstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeRing is a keyring in memory. block makes every call hang, as an
// unlock prompt nobody answers does; fail makes every call fail.
type fakeRing struct {
	items map[string]string
	block chan struct{}
	fail  error
	calls int
}

func (f *fakeRing) wait() error {
	f.calls++
	if f.block != nil {
		<-f.block
	}
	return f.fail
}

func (f *fakeRing) Set(service, user, secret string) error {
	if err := f.wait(); err != nil {
		return err
	}
	f.items[service+"/"+user] = secret
	return nil
}

func (f *fakeRing) Get(service, user string) (string, error) {
	if err := f.wait(); err != nil {
		return "", err
	}
	v, ok := f.items[service+"/"+user]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

func (f *fakeRing) Delete(service, user string) error {
	if err := f.wait(); err != nil {
		return err
	}
	if _, ok := f.items[service+"/"+user]; !ok {
		return ErrNotFound
	}
	delete(f.items, service+"/"+user)
	return nil
}

type fixture struct {
	s     *Store
	ring  *fakeRing
	av    Availability // what the probe says to a background caller
	env   map[string]string
	probe []bool // the interactive flag of each probe
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{ring: &fakeRing{items: map[string]string{}}, env: map[string]string{}}
	f.s = &Store{dir: filepath.Join(t.TempDir(), "authtray"), getenv: func(k string) string { return f.env[k] }, ring: f.ring}
	f.s.probe = func(_ context.Context, interactive bool) Availability {
		f.probe = append(f.probe, interactive)
		if interactive && f.av.State == Locked {
			return Availability{State: Ready}
		}
		return f.av
	}
	return f
}

const (
	ntfyURL = "ntfy://:tk_abcdefghijklmnopqrstuvwxyz0123@ntfy.example.net/alerts"
	tgURL   = "telegram://123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw@telegram?chats=@me"
)

func TestAddListLoadRemove(t *testing.T) {
	for _, tc := range []struct {
		name  string
		av    Availability
		where Where
		said  string
	}{
		{"keyring", Availability{State: Ready}, KeyringStore, "stored in the " + KeyringName},
		{"locked keyring, typed command", Availability{Locked, "the keyring is locked"}, KeyringStore, "stored in the " + KeyringName},
		{"no secret service", Availability{Absent, "there is no D-Bus session bus here (no Secret Service)"}, FileStore, "there is no D-Bus session bus here (no Secret Service), so push target \"phone\" is stored in "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.av = tc.av
			ctx := context.Background()
			where, err := f.s.Add(ctx, "phone", ntfyURL)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(where, tc.said) || strings.Contains(where, "tk_") {
				t.Errorf("Add said %q, want it to contain %q and no secret", where, tc.said)
			}
			ls, note, err := f.s.List(ctx)
			if err != nil || note != "" {
				t.Fatalf("List: %v %q", err, note)
			}
			if len(ls) != 1 || ls[0].Name != "phone" || ls[0].Scheme != "ntfy" || ls[0].Host != "ntfy.example.net" || ls[0].Where != tc.where {
				t.Errorf("List = %+v", ls)
			}
			if tc.av.State == Locked {
				// Unlocked by now, as the typed command's prompt would.
				f.av = Availability{State: Ready}
			}
			got, note, err := f.s.Load(ctx)
			if err != nil || note != "" || len(got) != 1 || got[0] != (Target{"phone", ntfyURL}) {
				t.Fatalf("Load = %v %q %v", got, note, err)
			}
			if err := f.s.Remove(ctx, "phone"); err != nil {
				t.Fatal(err)
			}
			if got, _, _ := f.s.Load(ctx); len(got) != 0 {
				t.Errorf("after Remove, Load = %v", got)
			}
			if len(f.ring.items) != 0 {
				t.Errorf("keyring still holds %v", f.ring.items)
			}
			if m, _ := f.s.readSecrets(); len(m) != 0 {
				t.Errorf("file still holds %v", m)
			}
		})
	}
}

func TestLoadNeverPrompts(t *testing.T) {
	for _, tc := range []struct {
		name string
		av   Availability
		note string
	}{
		{"locked", Availability{Locked, "the keyring is locked"}, "the keyring is locked: push targets are off until it is unlocked."},
		{"not running", Availability{Locked, "the keyring is not running"}, "the keyring is not running: push targets are off until it is unlocked."},
		{"gone since add", Availability{Absent, "there is no Secret Service (org.freedesktop.secrets) on the session bus"}, "there is no Secret Service (org.freedesktop.secrets) on the session bus: push targets in the keyring are off for now."},
		{"not answering", Availability{Unavailable, "the keyring did not answer in time"}, "the keyring did not answer in time: push targets in the keyring are off for now."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if _, err := f.s.Add(context.Background(), "phone", ntfyURL); err != nil {
				t.Fatal(err)
			}
			if _, err := f.s.Add(context.Background(), "bot", tgURL); err != nil {
				t.Fatal(err)
			}
			f.av, f.ring.calls, f.probe = tc.av, 0, nil
			got, note, err := f.s.Load(context.Background())
			if err != nil || len(got) != 0 || note != tc.note {
				t.Errorf("Load = %v %q %v, want none and %q", got, note, err, tc.note)
			}
			if f.ring.calls != 0 {
				t.Errorf("Load called the keyring %d times with it %s", f.ring.calls, tc.name)
			}
			if len(f.probe) != 1 || f.probe[0] {
				t.Errorf("probes %v, want one background probe", f.probe)
			}
		})
	}
}

func TestLoadIsBounded(t *testing.T) {
	f := newFixture(t)
	if _, err := f.s.Add(context.Background(), "phone", ntfyURL); err != nil {
		t.Fatal(err)
	}
	f.ring.block = make(chan struct{})
	defer close(f.ring.block)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan string)
	go func() {
		_, note, _ := f.s.Load(ctx)
		done <- note
	}()
	select {
	case note := <-done:
		if !strings.Contains(note, "did not answer in time") || !strings.Contains(note, `"phone"`) {
			t.Errorf("note = %q", note)
		}
	case <-time.After(loadWait + time.Second):
		t.Fatal("Load blocked on a keyring that does not answer")
	}
}

func TestEnvTargets(t *testing.T) {
	f := newFixture(t)
	f.env[EnvVar] = "ntfy://ntfy.example.net/a\n\n# comment\n-rf\nhttps://hooks.example.net/k3y\nnot a url\n"
	got, note, err := f.s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Target{{"env-1", "ntfy://ntfy.example.net/a"}, {"env-3", "https://hooks.example.net/k3y"}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Load = %v, want %v", got, want)
	}
	for _, s := range []string{"env-2 (line 2) is skipped: that is a command-line flag", "env-4 (line 4) is skipped: the URL holds spaces"} {
		if !strings.Contains(note, s) {
			t.Errorf("note %q lacks %q", note, s)
		}
	}
	if strings.Contains(note, "not a url") || strings.Contains(note, "-rf") {
		t.Errorf("note echoes the input: %q", note)
	}
	if len(f.probe) != 0 {
		t.Errorf("env targets alone probed the keyring")
	}
	ls, _, _ := f.s.List(context.Background())
	if len(ls) != 2 || ls[1].Where != EnvStore || ls[1].Host != "hooks.example.net" || ls[1].Scheme != "https" {
		t.Errorf("List = %+v", ls)
	}
	if err := f.s.Remove(context.Background(), "env-1"); err == nil || !strings.Contains(err.Error(), EnvVar) {
		t.Errorf("Remove env-1: %v", err)
	}
}

func TestAddRefuses(t *testing.T) {
	for _, tc := range []struct{ name, url, want string }{
		{"phone", "", "empty"},
		{"phone", "--url=ntfy://x/y", "flag"},
		{"phone", "ntfy.sh/topic-tk_abcdefghijklmnopqrstuvwxyz", "no scheme"},
		{"phone", "ntfy:///tk_abcdefghijklmnopqrstuvwxyz", "no host"},
		{"phone", "ntfy://h/a b", "spaces"},
		{"phone", "ntfy://h/%zz\x7f", "control"},
		{"phone", "ntfy://[::1/tk_abcdefghijklmnopqrstuvwxyz", "does not parse"},
		{"ntfy://h/tk_abcdefghijklmnopqrstuvwxyz", ntfyURL, "looks like a URL"},
		{"-x", ntfyURL, "cannot start with -"},
		{"env-2", ntfyURL, "env-N"},
		{"a b", ntfyURL, "1 to 40"},
	} {
		f := newFixture(t)
		_, err := f.s.Add(context.Background(), tc.name, tc.url)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Add(%q, %q) = %v, want %q", tc.name, tc.url, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), "tk_") || (tc.url != "" && strings.Contains(err.Error(), tc.url)) {
			t.Errorf("Add's error echoes the URL: %v", err)
		}
		if len(f.ring.items) != 0 {
			t.Errorf("a refused Add stored %v", f.ring.items)
		}
	}
}

func TestKeyringErrorsNeverEchoSecrets(t *testing.T) {
	f := newFixture(t)
	f.ring.fail = errors.New("item ntfy://:tk_abcdefghijklmnopqrstuvwxyz0123@h/a refused")
	_, err := f.s.Add(context.Background(), "phone", ntfyURL)
	if err == nil || strings.Contains(err.Error(), "tk_") || !strings.Contains(err.Error(), `"phone"`) {
		t.Errorf("Add = %v", err)
	}
	f.ring.fail = errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")
	_, err = f.s.Add(context.Background(), "phone", ntfyURL)
	if err == nil || !strings.Contains(err.Error(), "failed to unlock") || !strings.Contains(err.Error(), StoreVar+"=file keeps it") {
		t.Errorf("a plain keyring error is not passed on with the way out: %v", err)
	}
	// The way out: the file, without touching the keyring.
	f.env[StoreVar], f.ring.calls = "file", 0
	where, err := f.s.Add(context.Background(), "phone", ntfyURL)
	if err != nil || !strings.HasPrefix(where, StoreVar+" is file, so push target \"phone\" is stored in ") || f.ring.calls != 0 {
		t.Errorf("Add with %s=file = %q %v, %d keyring calls", StoreVar, where, err, f.ring.calls)
	}
}

func TestSecretsFileMode(t *testing.T) {
	f := newFixture(t)
	f.av = Availability{Absent, "no Secret Service"}
	if _, err := f.s.Add(context.Background(), "phone", ntfyURL); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{f.s.secretsPath(), f.s.indexPath()} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v, want mode 0600", p, fi.Mode(), err)
		}
	}
	os.Chmod(f.s.secretsPath(), 0o640)
	got, note, err := f.s.Load(context.Background())
	if err != nil || len(got) != 0 || !strings.Contains(note, "is readable by others (mode 0640)") {
		t.Errorf("Load with a 0640 file = %v %q %v", got, note, err)
	}
	_, note, _ = f.s.List(context.Background())
	if !strings.Contains(note, "readable by others") {
		t.Errorf("List with a 0640 file says %q", note)
	}
	if _, err := f.s.Add(context.Background(), "other", tgURL); err == nil {
		t.Error("Add wrote into a file others can read")
	}
}

func TestAddMovesBetweenStores(t *testing.T) {
	f := newFixture(t)
	f.av = Availability{Absent, "no Secret Service"}
	f.s.Add(context.Background(), "phone", ntfyURL)
	f.av = Availability{State: Ready}
	if _, err := f.s.Add(context.Background(), "phone", tgURL); err != nil {
		t.Fatal(err)
	}
	if m, _ := f.s.readSecrets(); len(m) != 0 {
		t.Errorf("the old copy stayed in the file: %v", m)
	}
	got, _, _ := f.s.Load(context.Background())
	if len(got) != 1 || got[0].URL != tgURL {
		t.Errorf("Load = %v", got)
	}
}

func TestBrokenIndex(t *testing.T) {
	f := newFixture(t)
	os.MkdirAll(f.s.dir, 0o700)
	os.WriteFile(f.s.indexPath(), []byte("{nope"), 0o600)
	f.env[EnvVar] = "ntfy://h/a"
	got, _, err := f.s.Load(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not valid JSON") || len(got) != 1 {
		t.Errorf("Load = %v %v, want the env target and the error", got, err)
	}
}

func TestRemoveUnknown(t *testing.T) {
	f := newFixture(t)
	if err := f.s.Remove(context.Background(), "nope"); err == nil || !strings.Contains(err.Error(), `no push target "nope"`) {
		t.Errorf("Remove = %v", err)
	}
	// Gone from the keyring behind authtray's back: removing still works.
	f.s.Add(context.Background(), "phone", ntfyURL)
	f.ring.items = map[string]string{}
	if err := f.s.Remove(context.Background(), "phone"); err != nil {
		t.Errorf("Remove = %v", err)
	}
}
