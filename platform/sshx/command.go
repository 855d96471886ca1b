// Package sshx runs the system ssh for remote gateway hosts: one-shot reads
// for `status --host`, and long-lived `authtray watch --json` sessions with a
// polled fallback for the tray and `watch`. It honours the user's
// ~/.ssh/config, agent, known_hosts and ProxyJump because it is their ssh;
// it never prompts (BatchMode), never accepts a host key and never stores a
// password. What hosts print is parsed by core/remote.
package sshx

import (
	"fmt"
	"strings"

	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/settings"
)

// EnvSSH overrides the ssh command, e.g. AUTHTRAY_SSH="ssh -F ~/.ssh/work".
const EnvSSH = "AUTHTRAY_SSH"

// batchOptions make a background ssh fail fast instead of prompting or
// hanging: no password or passphrase prompts, no host-key questions (an
// unknown key fails; it is never accepted), a bounded connect, and a dead
// session noticed within 30 s. StrictHostKeyChecking=yes is explicit
// because BatchMode alone still takes a new key silently where the user's
// ssh_config says accept-new or no; options given with -o win over the
// config file (ssh uses the first value it reads).
var batchOptions = []string{
	"-o", "BatchMode=yes",
	"-o", "StrictHostKeyChecking=yes",
	"-o", "ConnectTimeout=10",
	"-o", "ServerAliveInterval=15",
	"-o", "ServerAliveCountMax=2",
}

// Command is the ssh program and its leading arguments.
type Command []string

// CommandFrom picks the ssh command: AUTHTRAY_SSH, else the settings'
// ssh_command, else plain "ssh". It is split into words like a shell would
// split plain and quoted words, but never run through a shell.
func CommandFrom(getenv func(string) string, s settings.Settings) (Command, error) {
	line, from := getenv(EnvSSH), EnvSSH
	if strings.TrimSpace(line) == "" {
		line, from = s.SSHCommand, "ssh_command in settings"
	}
	if strings.TrimSpace(line) == "" {
		return Command{"ssh"}, nil
	}
	w, err := remote.SplitWords(line)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid command line: %v", from, err)
	}
	if len(w) == 0 {
		return Command{"ssh"}, nil
	}
	return Command(w), nil
}

// Batch is the argv of a background command on dest: never a TTY, never a
// prompt. remoteCmd is one line for the remote login shell (ssh joins its
// arguments with spaces and hands them to that shell anyway, so authtray
// quotes every word it builds with remote.Quote).
func (c Command) Batch(dest, remoteCmd string) ([]string, error) {
	if err := remote.ValidDestination(dest); err != nil {
		return nil, err
	}
	argv := append([]string{}, c...)
	argv = append(argv, batchOptions...)
	argv = append(argv, "-T", "--", dest, remoteCmd)
	return argv, nil
}

// Re-authentication commands for a remote profile.
const (
	ReauthClaude  = "claude setup-token"
	ReauthGateway = "openclaw models auth setup-token --provider anthropic"
)

// ReauthArgv is the argv the tray runs in a local terminal to re-authenticate
// a profile on a remote host:
//
//	ssh -t DEST -- claude setup-token                                        (Claude Code rows)
//	ssh -t DEST -- openclaw models auth setup-token --provider anthropic     (gateway rows)
//
// It is interactive on purpose (-t allocates a TTY for the sign-in screen and
// for any prompt ssh itself needs), so it carries none of the batch options.
// gateway selects the second form. The destination is validated, and "--"
// keeps it from being read as an option.
func (c Command) ReauthArgv(dest string, gateway bool) ([]string, error) {
	if err := remote.ValidDestination(dest); err != nil {
		return nil, err
	}
	cmd := ReauthClaude
	if gateway {
		cmd = ReauthGateway
	}
	return c.Interactive(dest, strings.Fields(cmd)...)
}

// Interactive is the argv of an interactive command on dest, for a local
// terminal: `ssh -t DEST -- words…`, each word quoted for the remote shell
// (ssh joins them with spaces and hands the line to that shell).
func (c Command) Interactive(dest string, words ...string) ([]string, error) {
	if err := remote.ValidDestination(dest); err != nil {
		return nil, err
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no command to run on %s", remote.Clean(dest))
	}
	argv := append([]string{}, c...)
	argv = append(argv, "-t", "--", dest)
	for _, w := range words {
		argv = append(argv, remote.Quote(w))
	}
	return argv, nil
}
