// Package sshx runs the system ssh for remote gateway hosts: one-shot reads
// for `status --host`, and long-lived `authtray watch --json` sessions with a
// polled fallback for the tray and `watch`. It honours the user's
// ~/.ssh/config, agent, known_hosts and ProxyJump because it is their ssh;
// it never prompts (BatchMode), never accepts a host key and never stores a
// password. What hosts print is parsed by core/remote.
package sshx

import (
	"errors"
	"fmt"
	"strings"

	"github.com/authtray/authtray/core/remote"
	"github.com/authtray/authtray/core/settings"
	"github.com/authtray/authtray/core/sshdest"
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
// quotes every word it builds with remote.Quote). dest was checked where it
// was read (sshdest); "--" before it keeps ssh from reading it as options
// all the same.
func (c Command) Batch(dest sshdest.Dest, remoteCmd string) []string {
	argv := append([]string{}, c...)
	argv = append(argv, batchOptions...)
	return append(argv, "-T", "--", dest.String(), remoteCmd)
}

// TokenVar is removed from the environment of every remote re-auth, as
// locally (platform/terminal): a CLAUDE_CODE_OAUTH_TOKEN in the host's
// environment would be used instead of the sign-in being renewed.
const TokenVar = "CLAUDE_CODE_OAUTH_TOKEN"

// ReauthArgv is the argv the tray runs in a local terminal to re-authenticate
// a profile on a remote host: args, run with env set and TokenVar unset,
//
//	ssh -t DEST -- sh -c 'PATH=…; exec env -u CLAUDE_CODE_OAUTH_TOKEN [NAME=value…] args…'
//
// args being the row's fix: `claude setup-token`, `claude auth login`, or a
// gateway row's FixArgs (`sh -c 'claude setup-token && exec "$@"' sh
// openclaw models auth paste-token --provider anthropic --profile-id <id>
// --expires-in 365d --agent <agent>`, with OPENCLAW_STATE_DIR in env for a
// state dir elsewhere). Every word is quoted for the remote shell (see
// Interactive). It is interactive on purpose (-t allocates a TTY for the
// sign-in screen and for any prompt ssh itself needs), so it carries none
// of the batch options.
func (c Command) ReauthArgv(dest sshdest.Dest, env, args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("no command to run on %s", dest)
	}
	return c.Interactive(dest, RemoteEnv(env, args)...)
}

// RemoteEnv is args run through env(1) on a host: TokenVar unset, env set.
func RemoteEnv(env, args []string) []string {
	words := append([]string{"env", "-u", TokenVar}, env...)
	return append(words, args...)
}

// Interactive is the argv of an interactive command on dest, for a local
// terminal: `ssh -t DEST -- sh -c 'PATH=…; export PATH; exec words…'`
// (remote.InteractiveCommand: the host's per-user bin dirs on PATH, as for
// the reads), each word quoted for sh and the script quoted again for the
// remote login shell, which ssh hands the line to.
//
// A word "~/rest" or "NAME=~/rest" (a config dir from settings or a row id,
// such as env's CLAUDE_CONFIG_DIR=~/work) means the host's home: quoted,
// its "~" would reach the program literally. It becomes NAME="$HOME"/rest
// with rest quoted: sh expands $HOME whatever the login shell is, and rest
// stays one word.
func (c Command) Interactive(dest sshdest.Dest, words ...string) ([]string, error) {
	if dest.IsZero() {
		return nil, errors.New("no ssh destination")
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no command to run on %s", dest)
	}
	argv := append([]string{}, c...)
	argv = append(argv, "-t", "--", dest.String())
	script := make([]string, 0, len(words)+1)
	script = append(script, "exec")
	for _, w := range words {
		if prefix, rest, ok := homeWord(w); ok {
			q := prefix + `"$HOME"`
			if rest != "" {
				q += "/" + remote.Quote(rest)
			}
			script = append(script, q)
			continue
		}
		script = append(script, remote.Quote(w))
	}
	return append(argv, remote.InteractiveCommand(strings.Join(script, " "))), nil
}

// homeWord splits a word naming the home directory, "~", "~/rest",
// "NAME=~" or "NAME=~/rest", into "NAME=" (or "") and rest. NAME is a
// shell identifier, so it needs no quoting.
func homeWord(w string) (prefix, rest string, ok bool) {
	if name, val, found := strings.Cut(w, "="); found && identifier(name) {
		prefix, w = name+"=", val
	}
	if w == "~" {
		return prefix, "", true
	}
	if r, found := strings.CutPrefix(w, "~/"); found {
		return prefix, strings.TrimLeft(r, "/"), true
	}
	return "", "", false
}

func identifier(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
