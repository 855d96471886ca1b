package desktope2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/authtray/authtray/platform/pushstore"
)

// The push store against a real gnome-keyring Secret Service on the
// private session bus: add, list, read back as the tray does (Load), lock,
// remove; and, with no Secret Service, the 0600 file.

const (
	pushURL     = "ntfy://:tk_k8Jd02mZpQ71xXvB4nR6tLwE93aYcUgH@ntfy.sh/alerts"
	pushToken   = "tk_k8Jd02mZpQ71xXvB4nR6tLwE93aYcUgH"
	keyringPass = "e2e-keyring-pass"
	// loadBound is what a background Load may take, with margin for a
	// loaded machine: Load's own bound is 3 s.
	loadBound = 4500 * time.Millisecond
)

var (
	pushloadOnce sync.Once
	pushload     string
	pushloadErr  error
)

// pushloadBin builds testdata/pushload, which prints what Load returns.
func pushloadBin(t *testing.T) string {
	t.Helper()
	pushloadOnce.Do(func() {
		pushload = filepath.Join(filepath.Dir(authtray), "pushload")
		out, err := exec.Command("go", "build", "-o", pushload, "github.com/authtray/authtray/e2e/desktop/testdata/pushload").CombinedOutput()
		if err != nil {
			pushloadErr = err
			pushload = string(out)
		}
	})
	if pushloadErr != nil {
		t.Fatalf("build pushload: %v\n%s", pushloadErr, pushload)
	}
	return pushload
}

// loaded is pushload's output.
type loaded struct {
	Targets []pushstore.Target
	Note    string
	Err     string
	Millis  int64
}

// load runs Load in its own process with env, as the tray would.
func load(t *testing.T, env []string) loaded {
	t.Helper()
	cmd := exec.Command(pushloadBin(t), filepath.Join(envOf(env, "XDG_CONFIG_HOME"), "authtray"))
	cmd.Env = env
	start := time.Now()
	out, err := runBounded(cmd, 20*time.Second)
	took := time.Since(start)
	if err != nil {
		t.Fatalf("pushload: %v\n%s", err, out)
	}
	var l loaded
	if err := json.Unmarshal(out, &l); err != nil {
		t.Fatalf("pushload printed %q: %v", out, err)
	}
	if took > loadBound {
		t.Errorf("Load took %v, more than %v", took, loadBound)
	}
	return l
}

// pushCmd runs authtray with the URL (or anything) on standard input.
func pushCmd(t *testing.T, env []string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(authtray, args...)
	cmd.Env, cmd.Stdin = env, strings.NewReader(stdin)
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("authtray %q did not finish in 90 s", args)
	}
	for _, s := range []string{o.String(), e.String()} {
		if strings.Contains(s, pushToken[:12]) || strings.Contains(s, pushToken[12:]) {
			t.Errorf("authtray %q showed the token: %q", args, s)
		}
	}
	return o.String(), e.String(), cmd.ProcessState.ExitCode()
}

func runBounded(cmd *exec.Cmd, limit time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	c := exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
	c.Env, c.Stdin = cmd.Env, cmd.Stdin
	return c.Output()
}

func envOf(env []string, key string) string {
	for i := len(env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(env[i], key+"="); ok {
			return v
		}
	}
	return ""
}

// startKeyring starts gnome-keyring-daemon on the desktop's bus, its login
// keyring created and unlocked with keyringPass, as PAM does at login.
func startKeyring(t *testing.T, d *desktop) *proc {
	t.Helper()
	cmd := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	cmd.Stdin = strings.NewReader(keyringPass)
	p := d.startCmd(t, "gnome-keyring-daemon", cmd, d.env)
	d.waitName(t, "org.freedesktop.secrets", 10*time.Second)
	d.waitFor(t, "an unlocked login collection", 10*time.Second, func() bool {
		locked, err := loginLocked(d)
		return err == nil && !locked
	})
	return p
}

const loginCollection = "/org/freedesktop/secrets/collection/login"

func loginLocked(d *desktop) (bool, error) {
	v, err := d.prop("org.freedesktop.secrets", loginCollection, "org.freedesktop.Secret.Collection.Locked")
	b, _ := v.(bool)
	return b, err
}

// unlockLogin unlocks the login collection with its password, through
// gnome-keyring's own interface for that (the one its tools use): no
// prompt is involved.
func unlockLogin(t *testing.T, d *desktop) {
	t.Helper()
	svc := d.conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var out dbus.Variant
	var session dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&out, &session); err != nil {
		t.Fatalf("OpenSession: %v", err)
	}
	secret := struct {
		Session     dbus.ObjectPath
		Params      []byte
		Value       []byte
		ContentType string
	}{session, []byte{}, []byte(keyringPass), "text/plain"}
	if err := svc.Call("org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface.UnlockWithMasterPassword", 0, dbus.ObjectPath(loginCollection), secret).Err; err != nil {
		t.Fatalf("UnlockWithMasterPassword: %v", err)
	}
}

// watchUnlocks records every Unlock and Prompt call anyone makes to the
// Secret Service: a background Load must make none.
func watchUnlocks(t *testing.T, d *desktop) func() []string {
	t.Helper()
	conn, err := dbus.Connect(d.bus)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	rules := []string{
		"type='method_call',interface='org.freedesktop.Secret.Service',member='Unlock'",
		"type='method_call',interface='org.freedesktop.Secret.Prompt'",
	}
	if err := conn.BusObject().Call("org.freedesktop.DBus.Monitoring.BecomeMonitor", 0, rules, uint32(0)).Err; err != nil {
		t.Fatalf("BecomeMonitor: %v", err)
	}
	ch := make(chan *dbus.Message, 64)
	conn.Eavesdrop(ch)
	var mu sync.Mutex
	var seen []string
	go func() {
		for m := range ch {
			if m.Type == dbus.TypeMethodCall {
				iface, _ := m.Headers[dbus.FieldInterface].Value().(string)
				member, _ := m.Headers[dbus.FieldMember].Value().(string)
				mu.Lock()
				seen = append(seen, iface+"."+member)
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		time.Sleep(200 * time.Millisecond) // let the monitor catch up
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func TestPushstoreKeyring(t *testing.T) {
	d := newDesktop(t)
	startKeyring(t, d)
	env := d.env
	cfg := filepath.Join(d.envValue("XDG_CONFIG_HOME"), "authtray")

	out, errs, code := pushCmd(t, env, pushURL+"\n", "push", "add", "phone")
	if code != 0 || out != "Push target \"phone\" is stored in the keyring (Secret Service).\n" {
		t.Fatalf("push add = %d %q %q", code, out, errs)
	}
	// libsecret's own client finds it where go-keyring put it.
	lookup := exec.Command("secret-tool", "lookup", "service", "authtray push", "username", "phone")
	lookup.Env = env
	if got, err := runBounded(lookup, 10*time.Second); err != nil || string(got) != pushURL {
		t.Errorf("secret-tool lookup = %q %v", got, err)
	}
	if idx, err := os.ReadFile(filepath.Join(cfg, "push-targets.json")); err != nil || strings.Contains(string(idx), "tk_") {
		t.Errorf("index: %v %q", err, idx)
	}
	if _, err := os.Stat(filepath.Join(cfg, "push-secrets.json")); err == nil {
		t.Error("a secrets file was written although the keyring took the URL")
	}
	out, _, _ = pushCmd(t, env, "", "push", "list")
	if want := "NAME   SCHEME  HOST     KEPT IN\nphone  ntfy    ntfy.sh  the keyring (Secret Service)\n"; out != want {
		t.Errorf("push list = %q, want %q", out, want)
	}

	l := load(t, append(env, "AUTHTRAY_PUSH=https://hooks.example.net/T0/Xq7pLm2Vz9Rk4Wc1Hs8Nd5Fb"))
	if l.Note != "" || l.Err != "" || len(l.Targets) != 2 || l.Targets[0] != (pushstore.Target{Name: "phone", URL: pushURL}) ||
		l.Targets[1] != (pushstore.Target{Name: "env-1", URL: "https://hooks.example.net/T0/Xq7pLm2Vz9Rk4Wc1Hs8Nd5Fb"}) {
		t.Errorf("Load = %+v", l)
	}

	// Locked: Load says so, reads nothing, and asks for no unlock.
	if err := d.conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets").Call("org.freedesktop.Secret.Service.Lock", 0, []dbus.ObjectPath{loginCollection}).Err; err != nil {
		t.Fatalf("Lock: %v", err)
	}
	if locked, err := loginLocked(d); err != nil || !locked {
		t.Fatalf("login collection locked = %v %v", locked, err)
	}
	unlocks := watchUnlocks(t, d)
	l = load(t, env)
	if len(l.Targets) != 0 || l.Note != "the keyring is locked: push targets are off until it is unlocked." {
		t.Errorf("Load with the keyring locked = %+v", l)
	}
	if calls := unlocks(); len(calls) > 0 {
		t.Errorf("a background Load asked the Secret Service %v", calls)
	}
	if locked, _ := loginLocked(d); !locked {
		t.Error("the login collection was unlocked behind the user's back")
	}

	// Unlocked again with the password (as at the next login): back.
	unlockLogin(t, d)
	d.waitFor(t, "the login collection unlocked", 5*time.Second, func() bool { l, err := loginLocked(d); return err == nil && !l })
	if l = load(t, env); len(l.Targets) != 1 || l.Note != "" {
		t.Errorf("Load after unlock = %+v", l)
	}

	out, errs, code = pushCmd(t, env, "", "push", "remove", "phone")
	if code != 0 || out != "Removed push target phone.\n" {
		t.Errorf("push remove = %d %q %q", code, out, errs)
	}
	lookup = exec.Command("secret-tool", "lookup", "service", "authtray push", "username", "phone")
	lookup.Env = env
	if got, err := runBounded(lookup, 10*time.Second); err == nil || len(got) > 0 {
		t.Errorf("after remove, secret-tool lookup = %q %v", got, err)
	}
	if l = load(t, env); len(l.Targets) != 0 || l.Note != "" {
		t.Errorf("Load after remove = %+v", l)
	}
}

// TestPushstoreKeyringHangs: a Secret Service that stops answering (its
// daemon stopped) leaves Load bounded, with a note.
func TestPushstoreKeyringHangs(t *testing.T) {
	d := newDesktop(t)
	p := startKeyring(t, d)
	if _, errs, code := pushCmd(t, d.env, pushURL, "push", "add", "phone"); code != 0 {
		t.Fatalf("push add: %q", errs)
	}
	syscall.Kill(p.cmd.Process.Pid, syscall.SIGSTOP)
	defer syscall.Kill(p.cmd.Process.Pid, syscall.SIGCONT)
	l := load(t, d.env)
	if len(l.Targets) != 0 || l.Note != "the keyring did not answer in time: push targets in the keyring are off for now." {
		t.Errorf("Load with a stopped keyring = %+v", l)
	}
}

// TestPushstoreNoSecretService: on a bus with no Secret Service, and with
// no bus at all, the URL goes to the 0600 file, and Load reads it back.
func TestPushstoreNoSecretService(t *testing.T) {
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	t.Run("no session bus", func(t *testing.T) {
		dir := t.TempDir()
		home := filepath.Join(dir, "home")
		env := append([]string{"PATH=/usr/bin:/bin", "XDG_RUNTIME_DIR=" + dir, runMarker + "=" + dir}, homeEnv(home)...)
		checkFileStore(t, env, "There is no D-Bus session bus here (no Secret Service)")
	})
	t.Run("no org.freedesktop.secrets", func(t *testing.T) {
		d := newDesktop(t)
		checkFileStore(t, d.env, "There is no Secret Service (org.freedesktop.secrets) on the session bus")
	})
}

func checkFileStore(t *testing.T, env []string, why string) {
	t.Helper()
	file := filepath.Join(envOf(env, "XDG_CONFIG_HOME"), "authtray", "push-secrets.json")
	out, errs, code := pushCmd(t, env, pushURL, "push", "add", "phone")
	if want := why + ", so push target \"phone\" is stored in " + file + " (mode 0600).\n"; code != 0 || out != want {
		t.Fatalf("push add = %d %q %q, want %q", code, out, errs, want)
	}
	fi, err := os.Stat(file)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v, mode %v", file, err, fi.Mode())
	}
	out, _, _ = pushCmd(t, env, "", "push", "list")
	if !strings.Contains(out, "phone  ntfy    ntfy.sh  "+file+" (mode 0600)\n") {
		t.Errorf("push list = %q", out)
	}
	if l := load(t, env); len(l.Targets) != 1 || l.Targets[0].URL != pushURL || l.Note != "" {
		t.Errorf("Load = %+v", l)
	}
	os.Chmod(file, 0o604)
	if l := load(t, env); len(l.Targets) != 0 || !strings.Contains(l.Note, "is readable by others (mode 0604)") {
		t.Errorf("Load of a world-readable file = %+v", l)
	}
}
