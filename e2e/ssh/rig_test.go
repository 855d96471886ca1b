package sshe2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/sshdest"
	"github.com/authtray/authtray/internal/need"
	"github.com/authtray/authtray/internal/syncbuf"
	"github.com/authtray/authtray/platform/sshx"
	"github.com/authtray/authtray/tray"
)

// rig is a throw-away ssh world: a host key and a user key, a client
// ssh_config with known_hosts pre-seeded, and sshd servers on 127.0.0.1
// whose sessions get their own HOME (the "remote" machine).
type rig struct {
	t                  *testing.T
	dir                string
	hostKey, userKey   string
	cfgPath, knownPath string
	aliases            []string
}

func newRig(t *testing.T) *rig {
	for _, p := range []string{"/usr/sbin/sshd", "ssh", "ssh-keygen"} {
		need.Tool(t, p, "apt-get install openssh-server openssh-client")
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	// sshd refuses to start without its privilege separation directory.
	if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
		t.Fatalf("sshd needs /run/sshd: %v", err)
	}
	r := &rig{t: t, dir: t.TempDir()}
	r.hostKey = filepath.Join(r.dir, "host_ed25519")
	r.userKey = filepath.Join(r.dir, "user_ed25519")
	for _, k := range []string{r.hostKey, r.userKey} {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		out, err := exec.CommandContext(ctx, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "authtray-e2e", "-f", k).CombinedOutput()
		if err != nil {
			cancel()
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
		cancel()
	}
	copyFile(t, r.userKey+".pub", filepath.Join(r.dir, "authorized_keys"))
	r.cfgPath = filepath.Join(r.dir, "ssh_config")
	r.knownPath = filepath.Join(r.dir, "known_hosts")
	return r
}

// server is one running sshd.
type server struct {
	r       *rig
	port    int
	home    string
	cfgPath string
	cmd     *exec.Cmd
	errb    *syncbuf.Buffer
}

// addHost starts an sshd whose sessions run with HOME=home and a bare PATH,
// and adds alias to the client config (key auth, pinned host key). noKey
// adds alias+"-nokey", the same server without a usable key.
func (r *rig) addHost(alias, home string) *server {
	t := r.t
	s := &server{r: r, port: freePort(t), home: home, cfgPath: filepath.Join(r.dir, "sshd_"+alias)}
	writeFile(t, s.cfgPath, fmt.Sprintf(`Port %d
ListenAddress 127.0.0.1
HostKey %s
PidFile none
AuthorizedKeysFile %s
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication yes
SetEnv HOME=%s PATH=/usr/bin:/bin
PrintMotd no
PrintLastLog no
LogLevel ERROR
`, s.port, r.hostKey, filepath.Join(r.dir, "authorized_keys"), home))
	pub, err := os.ReadFile(r.hostKey + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	appendFile(t, r.knownPath, fmt.Sprintf("[127.0.0.1]:%d %s", s.port, pub))
	r.aliases = append(r.aliases, fmt.Sprintf(`Host %[1]s
  HostName 127.0.0.1
  Port %[2]d
  User root
  IdentityFile %[3]s
Host %[1]s-nokey
  HostName 127.0.0.1
  Port %[2]d
  User root
  IdentityFile %[4]s
`, alias, s.port, r.userKey, filepath.Join(r.dir, "no-such-key")))
	writeFile(t, r.cfgPath, strings.Join(r.aliases, "")+fmt.Sprintf(`Host *
  UserKnownHostsFile %s
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  IdentitiesOnly yes
  IdentityAgent none
  LogLevel ERROR
`, r.knownPath))
	s.start()
	t.Cleanup(s.kill)
	return s
}

// start runs sshd in the foreground in its own process group. sshd puts
// every connection in a session of its own (setsid), so killing the group
// would leave live connections behind: kill walks the process tree instead.
func (s *server) start() {
	t := s.r.t
	s.cmd = exec.Command("/usr/sbin/sshd", "-D", "-e", "-f", s.cfgPath)
	s.cmd.SysProcAttr = sshdAttr()
	// Connections inherit sshd's stderr; WaitDelay stops Wait from waiting
	// on a pipe some straggler still holds.
	s.cmd.WaitDelay = time.Second
	s.errb = &syncbuf.Buffer{}
	s.cmd.Stderr = s.errb
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start sshd: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshd did not listen on port %d within 5s: %s", s.port, s.errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends this sshd the way a crash or a reboot would: the listener and
// every connection it forked die at once (SIGKILL), so clients see their
// connection close. Programs the sessions ran (the remote authtray watch)
// are not killed here: they must notice the end of their session by
// themselves. Whatever of them is left when the test ends is killed then.
func (s *server) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	tree := descendants(s.cmd.Process.Pid)
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	var rest []int
	for _, pid := range tree {
		if exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); exe == "/usr/sbin/sshd" {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		} else {
			rest = append(rest, pid)
		}
	}
	s.r.t.Cleanup(func() {
		for _, pid := range rest {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
	_ = s.cmd.Wait()
	s.cmd = nil
}

// descendants lists every process below pid, from /proc.
func descendants(pid int) []int {
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		rest := string(b[bytes.LastIndexByte(b, ')')+1:])
		f := strings.Fields(rest)
		if len(f) < 2 {
			continue
		}
		if ppid, err := strconv.Atoi(f[1]); err == nil {
			children[ppid] = append(children[ppid], child)
		}
	}
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, c)
			queue = append(queue, c)
		}
	}
	return out
}

// sshCommand is AUTHTRAY_SSH for this rig.
func (r *rig) sshCommand() string { return "ssh -F " + r.cfgPath }

// ssh is the ssh command authtray runs for this rig, from its settings.
func (r *rig) ssh() sshx.Command {
	cmd, err := sshx.CommandFrom(func(string) string { return "" }, settings.Settings{SSHCommand: r.sshCommand()})
	if err != nil {
		r.t.Fatal(err)
	}
	return cmd
}

// watch starts a watcher through the rig of the hosts named names, each
// the rig's host gw-<name>, stopped (and waited for) when the test ends.
func (r *rig) watch(cfg sshx.WatchConfig, names ...string) *sshx.Watcher {
	var targets []sshx.Target
	for _, n := range names {
		targets = append(targets, sshx.TargetOf(settings.Host{Name: n, Destination: sshdest.MustParse("gw-" + n)}))
	}
	w := sshx.NewWatcher(r.ssh(), targets, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	r.t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			r.t.Errorf("the watcher did not stop within 10s of being cancelled")
		}
	})
	return w
}

// runAction runs a tray action on its host as the tray's click does
// (through ssh -t, with no input), and fails t when it fails.
func (r *rig) runAction(t *testing.T, a tray.Action) {
	t.Helper()
	argv, err := r.ssh().Interactive(a.Remote, a.Argv()...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Stdin = strings.NewReader("")
	if out, err := c.CombinedOutput(); err != nil {
		t.Fatalf("%q: %v\n%s", argv, err, out)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(strings.TrimSpace(line) + "\n"); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(b))
}
