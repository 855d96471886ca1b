package desktope2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/authtray/authtray/internal/syncbuf"
)

// desktop is one private headless session: a D-Bus session bus with no
// service activation, Xvfb, and optionally xfce4-panel (the
// StatusNotifierWatcher and host that draws the icon) and dunst (the
// notification server).
type desktop struct {
	t       *testing.T
	dir     string
	bus     string // DBUS_SESSION_BUS_ADDRESS
	display string // ":N"
	env     []string
	conn    *dbus.Conn // the test's own connection, for checks

	mu    sync.Mutex
	procs []*proc
}

// proc is a started process; it leads its own process group so that
// stopping it stops its children too.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *syncbuf.Buffer
	done chan struct{}
	err  error // exit status, once done is closed
	// killed is set when it ignored SIGTERM for 2 s and got SIGKILL.
	killed bool
}

// runMarker is set in the environment of every process the suite starts, so
// the final sweep can find ones that left their process group (the terminal
// authtray opens runs in its own session, by design). ownerMarker holds the
// test process's pid, so a later run can end what a killed run left behind.
const (
	runMarker   = "AUTHTRAY_DESKTOP_E2E_RUN"
	ownerMarker = "AUTHTRAY_DESKTOP_E2E_OWNER"
)

// sweepOrphans kills processes started by an earlier run of this suite whose
// test process is gone (killed before its cleanup ran).
func sweepOrphans() (killed []int) {
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, kv := range bytes.Split(env, []byte{0}) {
			v, ok := bytes.CutPrefix(kv, []byte(ownerMarker+"="))
			if !ok {
				continue
			}
			owner, err := strconv.Atoi(string(v))
			if err == nil && syscall.Kill(owner, 0) != nil {
				syscall.Kill(pid, syscall.SIGKILL)
				killed = append(killed, pid)
			}
		}
	}
	return killed
}

// newDesktop starts dbus-daemon and Xvfb; the panel and dunst are started
// with startPanel and startDunst (a test of degraded modes leaves them out).
func newDesktop(t *testing.T) *desktop {
	t.Helper()
	needDesktop(t)
	d := &desktop{t: t, dir: t.TempDir()}
	t.Cleanup(d.stopAll)

	home := filepath.Join(d.dir, "desktop-home")
	runtime := filepath.Join(d.dir, "xdg-runtime")
	for _, p := range []string{home, runtime} {
		if err := os.MkdirAll(p, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	d.env = []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"LANG=C.UTF-8",
		"NO_AT_BRIDGE=1",
		"GSETTINGS_BACKEND=memory",
		runMarker + "=" + d.dir,
		ownerMarker + "=" + strconv.Itoa(os.Getpid()),
		"XDG_RUNTIME_DIR=" + runtime,
	}
	d.env = append(d.env, homeEnv(home)...)

	conf := filepath.Join(d.dir, "session.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(busConfig, d.dir)), 0o600); err != nil {
		t.Fatal(err)
	}
	d.bus = d.startFD("dbus-daemon", []string{"dbus-daemon", "--config-file=" + conf, "--nofork", "--print-address=3"})
	d.env = append(d.env, "DBUS_SESSION_BUS_ADDRESS="+d.bus)
	n := d.startFD("Xvfb", []string{"Xvfb", "-displayfd", "3", "-screen", "0", "1024x600x24", "-nolisten", "tcp"})
	d.display = ":" + n
	d.env = append(d.env, "DISPLAY="+d.display)

	conn, err := dbus.Connect(d.bus)
	if err != nil {
		t.Fatalf("connect to the private bus: %v", err)
	}
	d.conn = conn
	t.Cleanup(func() { conn.Close() })
	return d
}

// busConfig is a session bus with no <servicedir>: nothing is D-Bus-activated
// behind the test's back (a second dunst, xfconfd), and eavesdropping is
// allowed for the notification monitor.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// homeEnv points HOME and every XDG base dir inside home.
func homeEnv(home string) []string {
	return []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
	}
}

// startPanel starts xfconfd and xfce4-panel with a pre-written panel
// configuration (a top panel: the systray plugin first, then a clock) and
// waits until the panel is the StatusNotifierWatcher with a host.
func (d *desktop) startPanel(t testing.TB) {
	t.Helper()
	xml := filepath.Join(d.envValue("XDG_CONFIG_HOME"), "xfce4", "xfconf", "xfce-perchannel-xml", "xfce4-panel.xml")
	if err := os.MkdirAll(filepath.Dir(xml), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(xml, []byte(panelXML), 0o600); err != nil {
		t.Fatal(err)
	}
	d.start(t, "xfconfd", []string{xfconfd}, d.env)
	d.waitName(t, "org.xfce.Xfconf", 10*time.Second)
	d.start(t, "xfce4-panel", []string{"xfce4-panel", "--disable-wm-check"}, d.env)
	d.waitName(t, "org.kde.StatusNotifierWatcher", 10*time.Second)
	d.waitFor(t, "a StatusNotifierHost on the panel", 10*time.Second, func() bool {
		v, err := d.prop("org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher", "org.kde.StatusNotifierWatcher.IsStatusNotifierHostRegistered")
		b, _ := v.(bool)
		return err == nil && b
	})
}

const panelXML = `<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="32"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
        <value type="int" value="2"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
    <property name="plugin-2" type="string" value="clock"/>
  </property>
</channel>
`

// newFullDesktop is a desktop as a user has it, the panel and dunst up,
// with its notifications watched from now on.
func newFullDesktop(t *testing.T) (*desktop, *monitor) {
	t.Helper()
	d := newDesktop(t)
	d.startPanel(t)
	d.startDunst(t)
	return d, d.watchNotifications()
}

// startDunst starts the notification server and waits for its bus name.
func (d *desktop) startDunst(t testing.TB) {
	t.Helper()
	d.start(t, "dunst", []string{"dunst"}, d.env)
	d.waitName(t, "org.freedesktop.Notifications", 10*time.Second)
}

// start runs argv in its own process group, logging to a buffer that is
// printed if the test fails.
func (d *desktop) start(t testing.TB, name string, argv, env []string) *proc {
	t.Helper()
	return d.startCmd(t, name, exec.Command(argv[0], argv[1:]...), env)
}

func (d *desktop) startCmd(t testing.TB, name string, cmd *exec.Cmd, env []string) *proc {
	t.Helper()
	p := &proc{name: name, cmd: cmd, log: &syncbuf.Buffer{}, done: make(chan struct{})}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = p.log, p.log
	cmd.SysProcAttr = daemonAttr()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	d.mu.Lock()
	d.procs = append(d.procs, p)
	d.mu.Unlock()
	return p
}

// startFD starts a daemon that prints its address on fd 3 and returns that
// first line (dbus-daemon --print-address, Xvfb -displayfd).
func (d *desktop) startFD(name string, argv []string) string {
	d.t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		d.t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.ExtraFiles = []*os.File{w}
	p := d.startCmd(d.t, name, cmd, d.env)
	w.Close()
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case s := <-line:
		if s == "" {
			d.t.Fatalf("%s printed no address: %s", name, p.log.String())
		}
		return s
	case <-time.After(10 * time.Second):
		d.t.Fatalf("%s did not start in 10 s: %s", name, p.log.String())
	}
	return ""
}

// stop ends one process group: SIGTERM, then SIGKILL after 2 s.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	pgid := p.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(2 * time.Second):
		p.killed = true
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
	// Children that ignored SIGTERM while their leader exited.
	syscall.Kill(-pgid, syscall.SIGKILL)
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// stopAll stops every process group in reverse start order, then any
// process still carrying this desktop's marker (the terminal windows
// authtray detached into their own sessions), and prints logs on failure.
func (d *desktop) stopAll() {
	d.mu.Lock()
	procs := d.procs
	d.mu.Unlock()
	for i := len(procs) - 1; i >= 0; i-- {
		procs[i].stop()
	}
	for _, pid := range markedPIDs(d.dir) {
		syscall.Kill(pid, syscall.SIGKILL)
	}
	if d.t.Failed() {
		for _, p := range procs {
			if s := strings.TrimSpace(p.log.String()); s != "" {
				d.t.Logf("--- %s log:\n%s", p.name, s)
			}
		}
	}
}

// markedPIDs lists the processes whose environment has runMarker=dir.
func markedPIDs(dir string) []int {
	want := []byte(runMarker + "=" + dir + "\x00")
	ents, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err == nil && bytes.Contains(append([]byte{0}, env...), append([]byte{0}, want...)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func (d *desktop) envValue(key string) string {
	for i := len(d.env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(d.env[i], key+"="); ok {
			return v
		}
	}
	return ""
}

// waitFor polls cond every 20 ms until it holds or the deadline passes; t is
// the (sub)test that waits, the one a timeout fails.
func (d *desktop) waitFor(t testing.TB, what string, limit time.Duration, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if cond() {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (d *desktop) hasName(name string) bool {
	var has bool
	err := d.conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has)
	return err == nil && has
}

func (d *desktop) waitName(t testing.TB, name string, limit time.Duration) {
	t.Helper()
	d.waitFor(t, name+" on the bus", limit, func() bool { return d.hasName(name) })
}

// prop reads one D-Bus property ("iface.Name").
func (d *desktop) prop(dest, path, name string) (any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	i := strings.LastIndex(name, ".")
	var v dbus.Variant
	err := d.conn.Object(dest, dbus.ObjectPath(path)).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, name[:i], name[i+1:]).Store(&v)
	if err != nil {
		return nil, err
	}
	return v.Value(), nil
}
