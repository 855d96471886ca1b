package autostart

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Bounds of the launchctl retries: launchd tears a booted-out job down
// asynchronously, and a bootstrap while it still knows the label fails with
// error 5 (Input/output error) or 37 (Operation already in progress).
const (
	launchdPoll     = 100 * time.Millisecond
	launchdGoneWait = 5 * time.Second  // for `launchctl print` to stop knowing the job
	bootstrapWait   = 10 * time.Second // for bootstrap to stop failing with 5 or 37
)

func (in *Installer) domain() string  { return "gui/" + strconv.Itoa(in.UID) }
func (in *Installer) service() string { return in.target(Label) }

// target is a job's service target in the user's GUI domain.
func (in *Installer) target(label string) string { return in.domain() + "/" + label }

func (in *Installer) sleep(d time.Duration) {
	if in.Sleep != nil {
		in.Sleep(d)
		return
	}
	time.Sleep(d)
}

// loaded reports whether launchd knows the tray's job now.
func (in *Installer) loaded() bool { return in.loadedJob(Label) }

// loadedJob reports whether launchd knows the job label now.
func (in *Installer) loadedJob(label string) bool {
	_, err := in.Run("launchctl", "print", in.target(label))
	return err == nil
}

// launchdDisabled reports whether launchd's own switch for the job is off
// (`launchctl print-disabled`): the Login Items switch in System Settings,
// or `launchctl disable`. A launchctl that cannot answer says nothing.
func (in *Installer) launchdDisabled() bool { return in.launchdDisabledJob(Label) }

func (in *Installer) launchdDisabledJob(label string) bool {
	out, err := in.Run("launchctl", "print-disabled", in.domain())
	if err != nil {
		return false
	}
	return disabledIn(out, label)
}

// disabledIn reads `launchctl print-disabled` output: lines like
// `"io.github.authtray" => disabled` (macOS 11 and later) or `=> true`
// (older, where true means disabled).
func disabledIn(out []byte, label string) bool {
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=>")
		if ok && strings.Trim(strings.TrimSpace(k), `"`) == label {
			v = strings.TrimSpace(v)
			return v == "disabled" || v == "true"
		}
	}
	return false
}

func (in *Installer) enableLaunchAgent() (Result, error) {
	p := in.Path(LaunchAgent)
	r, err := in.put(p, LaunchAgentPlist(in.Exe))
	if err != nil {
		return r, err
	}
	if in.launchdDisabled() {
		// Clears launchd's switch only; it starts nothing.
		if out, err := in.Run("launchctl", "enable", in.service()); err != nil {
			return r, fmt.Errorf("launchctl enable %s: %w: %s", in.service(), err, firstLine(out))
		}
		r.Changed = true
	}
	if !in.StartNow {
		r.Notes = append(r.Notes, "authtray will start at your next login.")
		return r, nil
	}
	if in.loaded() {
		if !r.Changed {
			r.Notes = append(r.Notes, "the LaunchAgent is already loaded.")
			return r, nil
		}
		// Loaded with an older plist: reload so the new one takes effect.
		in.Run("launchctl", "bootout", in.service())
		in.waitGone()
	}
	if err := in.bootstrap(p); err != nil {
		return r, err
	}
	r.Notes = append(r.Notes, "loaded with launchctl bootstrap "+in.domain()+"; authtray also starts at every login.")
	return r, nil
}

// waitGone waits, within launchdGoneWait, until launchd no longer knows the
// job a bootout removed; bootstrap's retries cover a slower teardown.
func (in *Installer) waitGone() { in.waitJobGone(Label) }

func (in *Installer) waitJobGone(label string) {
	for waited := time.Duration(0); waited < launchdGoneWait && in.loadedJob(label); waited += launchdPoll {
		in.sleep(launchdPoll)
	}
}

// bootstrap loads the plist, retrying while launchd is still tearing the
// old job down (exit 5 or 37), within bootstrapWait.
func (in *Installer) bootstrap(plist string) error {
	for waited := time.Duration(0); ; waited += launchdPoll {
		out, err := in.Run("launchctl", "bootstrap", in.domain(), plist)
		if err == nil {
			return nil
		}
		if code := exitCode(err); (code != 5 && code != 37) || waited >= bootstrapWait {
			return fmt.Errorf("launchctl bootstrap %s %s: %w: %s", in.domain(), plist, err, firstLine(out))
		}
		in.sleep(launchdPoll)
	}
}

// exitCode is a command's exit status, -1 when it did not exit (or the
// error is not a command's).
func exitCode(err error) int {
	if e, ok := err.(interface{ ExitCode() int }); ok {
		return e.ExitCode()
	}
	return -1
}

func (in *Installer) disableLaunchAgent() (Result, error) {
	p := in.Path(LaunchAgent)
	if err := in.checkOurs(p); err != nil {
		return Result{Path: p}, err
	}
	// bootout also kills the job's process, which may be this very tray;
	// launchd marks its jobs with XPC_SERVICE_NAME. The removed plist alone
	// already keeps authtray from starting at the next login.
	if in.StartNow && in.Getenv("XPC_SERVICE_NAME") != Label && in.loaded() {
		if out, err := in.Run("launchctl", "bootout", in.service()); err != nil {
			return Result{Path: p}, fmt.Errorf("launchctl bootout %s: %w: %s", in.service(), err, firstLine(out))
		}
		in.waitGone()
	}
	return in.remove(p)
}
