package claude

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/authtray/authtray/core/profile"
)

// baseRow holds what every row for d says, whatever its state.
func baseRow(in Input, d configDir) profile.Profile {
	p := profile.Profile{
		ID:       "claude-code",
		Provider: "anthropic",
		Kind:     profile.OAuth,
		Source:   profile.ClaudeCode,
		Judged:   true,
		Fix:      loginFix(d),
		FixEnv:   loginEnv(in, d),
		UsedBy:   []profile.Use{},
	}
	Source{}.mark(&p)
	if !d.isDefault() {
		// The path as a person wrote it, so two work dirs never share an
		// id and the id survives restarts.
		p.ID = "claude-code:" + tilde(d.Path, in.Home)
	}
	if d.Bad == "" && in.FS != nil {
		p.Account = accountEmail(in, d)
	}
	return p
}

// loginFix signs d in again. A dir other than ~/.claude needs the variable
// that names it, or `claude auth login` would sign in ~/.claude instead.
// `env` keeps the command one argv a terminal can run without a shell.
func loginFix(d configDir) string {
	const login = "claude auth login"
	switch {
	case d.isDefault():
		return login
	case d.has(fromSecureEnv):
		return "env " + envSecureDir + "=" + shellQuote(d.Path) + " " + login
	default:
		return "env " + envConfigDir + "=" + shellQuote(d.Path) + " " + login
	}
}

// loginEnv is the environment loginFix sets, as variables. The
// secure-storage override moves the login only, so the CLAUDE_CONFIG_DIR
// it inherits in a shell is kept.
func loginEnv(in Input, d configDir) []string {
	switch {
	case d.isDefault():
		return nil
	case d.has(fromSecureEnv):
		env := []string{envSecureDir + "=" + d.Path}
		if in.Getenv != nil && in.Getenv(envConfigDir) != "" {
			env = append(env, envConfigDir+"="+in.Getenv(envConfigDir))
		}
		return env
	default:
		return []string{envConfigDir + "=" + d.Path}
	}
}

// shellQuote quotes s for a POSIX shell when it needs it, so the fix can be
// pasted into one as well.
func shellQuote(s string) string { return profile.ShellQuote(s) }

// fromStore fills p from a parsed login, or from the reason it could not be
// read.
func fromStore(p profile.Profile, l login, err error) profile.Profile {
	if err != nil {
		p.State = profile.Error
		var bad badInput
		switch {
		case errors.As(err, &bad):
			p.Message = string(bad)
		default:
			p.Message = keychainProblem(err)
			p.AskAgain = Refused(err)
			if errors.Is(err, ErrLocked) {
				p.Fix = unlockFix
			}
		}
		return finish(p, nil)
	}
	switch {
	// A login that ended is expired and counts toward the verdict: the user
	// signed in here once and needs to again. Only a dir that never held a
	// login is "not signed in" (and not counted while other credentials
	// exist, see profile.Snapshot).
	case l.LoginEnded == "time_limit":
		p.State, p.Message = profile.Expired, "Login ended: it reached its time limit"
		p.LoginEndsAt = l.LoginEndsAt
	case l.LoginEnded != "":
		p.State, p.Message = profile.Expired, "Login ended: Claude Code marked it ended"
		p.LoginEndsAt = l.LoginEndsAt
	case l.Present && !l.HasAccess && !l.HasRefresh:
		// Claude Code blanks the tokens of a dead login.
		p.State, p.Message = profile.Expired, "Login ended: Claude Code cleared its tokens"
		p.LoginEndsAt = l.LoginEndsAt
	case !l.Present || !l.HasAccess:
		p.State, p.Message = profile.Missing, "Not signed in"
	default:
		// Left for profile.Judge: an access token that has expired is
		// routine while a refresh token is there; the login's end is what
		// expires.
		p.ExpiresAt, p.LoginEndsAt = l.ExpiresAt, l.LoginEndsAt
		p.CanRefresh = l.HasRefresh
		var notes []string
		if !l.HasRefresh {
			// Claude Code cannot renew it: it works until expiresAt, which
			// Judge then treats as the deadline.
			notes = append(notes, "no refresh token: Claude Code cannot renew this login")
		}
		if inferenceOnly(l.Scopes) {
			notes = append(notes, "inference-only token")
		}
		p.Note = strings.Join(notes, "; ")
	}
	return finish(p, &l)
}

// finish sets the fingerprint, the last fact of every row.
func finish(p profile.Profile, l *login) profile.Profile {
	p.Fingerprint = fingerprint(p, l)
	return p
}

// inferenceOnly is the scope set of a `claude setup-token` style token.
func inferenceOnly(scopes []string) bool {
	return len(scopes) == 1 && scopes[0] == "user:inference"
}

// fingerprint identifies one sign-in, so a notification fires once per
// login and a new login starts fresh. It hashes facts that change when the
// user signs in again (the login's end, plan, scopes, account) but not on
// Claude Code's routine access-token refresh every few hours, so the access
// expiry is left out while a refresh token is there. It never hashes a
// secret.
func fingerprint(p profile.Profile, l *login) string {
	h := sha256.New()
	put := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	put(p.Location)
	put(string(p.State))
	put(p.Message)
	if l != nil {
		if l.LoginEndsAt != nil {
			put(strconv.FormatInt(l.LoginEndsAt.UnixMilli(), 10))
		}
		if !l.HasRefresh && l.ExpiresAt != nil {
			put(strconv.FormatInt(l.ExpiresAt.UnixMilli(), 10))
		}
		scopes := append([]string(nil), l.Scopes...)
		sort.Strings(scopes)
		put(strings.Join(scopes, " "))
		put(l.Plan)
		put(l.AccountUUID)
	}
	put(p.Account)
	return hex.EncodeToString(h.Sum(nil))[:16]
}
