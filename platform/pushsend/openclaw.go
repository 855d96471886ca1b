package pushsend

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"github.com/authtray/authtray/core/push"
	"github.com/authtray/authtray/internal/lazyregexp"
	"github.com/authtray/authtray/platform/terminal"
)

// Scheme is authtray's own push scheme: openclaw://CHANNEL/TARGET sends
// through the gateway's channels (`openclaw message send --channel CHANNEL
// --target TARGET -m TEXT`), as the gateway's own auth monitor does for a
// phone number. Query keys: account=ID (--account), silent=yes
// (--silent), dry-run=yes (--dry-run: the CLI prints what it would send,
// and sends nothing).
const Scheme = "openclaw"

// channelName is what a gateway channel is called ("telegram", "msteams",
// "nextcloud-talk").
var channelName = lazyregexp.New(`^[a-z][a-z0-9-]{0,39}$`)

// channelOf is the URL's channel, or "?" when it names none.
func channelOf(u *url.URL) string {
	if c := strings.ToLower(u.Host); channelName.MatchString(c) {
		return c
	}
	return "?"
}

// cliArgs is the gateway CLI's argv (after its path) for p to u. Values are
// passed as --flag=value, so none can be taken for a flag.
func cliArgs(u *url.URL, p push.Payload) ([]string, error) {
	ch := channelOf(u)
	if ch == "?" {
		return nil, errors.New("the URL names no channel (expected openclaw://CHANNEL/TARGET, e.g. openclaw://telegram/123456789)")
	}
	target := strings.TrimPrefix(u.Path, "/")
	if target == "" || strings.ContainsAny(target, "\x00\n\r") {
		return nil, errors.New("the URL names no target (expected openclaw://CHANNEL/TARGET, e.g. openclaw://whatsapp/+15551234567)")
	}
	args := []string{"message", "send", "--channel=" + ch, "--target=" + target, "--message=" + p.Title + "\n" + p.Text()}
	q := u.Query()
	if a := q.Get("account"); a != "" {
		args = append(args, "--account="+a)
	}
	for _, f := range []struct{ key, flag string }{{"silent", "--silent"}, {"dry-run", "--dry-run"}} {
		if yes(q.Get(f.key)) {
			args = append(args, f.flag)
		}
	}
	return args, nil
}

func yes(v string) bool {
	switch strings.ToLower(v) {
	case "1", "yes", "true", "on":
		return true
	}
	return false
}

// sendCLI runs the installed gateway CLI by its absolute path, with argv
// (no shell), within CLITimeout; a failure is its first line of output,
// masked.
func (s *Sender) sendCLI(ctx context.Context, u *url.URL, p push.Payload) error {
	args, err := cliArgs(u, p)
	if err != nil {
		return err
	}
	find := s.GatewayCLI
	if find == nil {
		find = func() (string, bool) { _, path, ok := terminal.GatewayCLI(); return path, ok }
	}
	path, ok := find()
	if !ok {
		return errors.New("the gateway CLI (openclaw) is not installed")
	}
	limit := orDefault(s.CLITimeout, DefaultCLITimeout)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	switch {
	case ctx.Err() != nil && err != nil:
		return failed("openclaw message send gave no answer within %v", limit)
	case err != nil:
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return failed("openclaw message send could not run")
		}
		line := firstLine(out.String())
		if line == "" {
			return failed("openclaw message send failed (exit %d)", ee.ExitCode())
		}
		return failed("openclaw message send failed (exit %d): %s", ee.ExitCode(), cut(Scrub(line, u.String()), 160))
	}
	return nil
}

// firstLine is the first line of out that says something (not the CLI's
// banner).
func firstLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "OpenClaw ") && !strings.HasPrefix(l, "🦞") {
			return l
		}
	}
	return ""
}
