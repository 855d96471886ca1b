package gateway

import (
	"path/filepath"

	"github.com/authtray/authtray/core/envkey"
	"github.com/authtray/authtray/core/profile"
)

// envLocation names where a variable was found: the variable, and the file
// when it came from one. Never the value.
func envLocation(f envkey.Found) string {
	if f.File == "" {
		return f.Var
	}
	return f.Var + " in " + f.File
}

// envProfiles makes a row for every credential variable that is set, and an
// error row for each dotenv file that could not be read. A key counts only
// when a model in use selects it; Claude Code's own token always counts for
// Claude Code (its expiry is unknown, so it never fails the verdict).
func envProfiles(env envkey.Result) []profile.Profile {
	var out []profile.Profile
	for _, f := range env.Found {
		p := profile.Profile{
			ID: f.Var, Provider: f.Provider, Kind: f.Kind, Source: profile.Env,
			Location: envLocation(f), Note: "not in use",
		}
		switch f.Kind {
		case profile.APIKey:
			p.Message = "API key · no expiry"
			p.State = profile.OK
		default:
			p.Message = "Token · expiry unknown"
			p.State = profile.Unknown
		}
		if !f.ForGateway {
			p.Note = "read by Claude Code, not by the gateway"
			p.Judged = true
			p.Fix = "claude setup-token"
		}
		out = append(out, p)
	}
	for _, e := range env.Errors {
		p := profile.Profile{
			ID: envFileID(e.File), Source: profile.Env, Location: e.File, State: profile.Error,
			Message: "Environment file " + e.File + " cannot be read fully: " + e.Reason,
			Note:    "does not change the verdict",
		}
		if e.Unreadable {
			profile.Unreadable(&p, e.File)
		}
		out = append(out, p)
	}
	return out
}

// envFileID names an env file's error row after the file, with its
// directory ("env file@.openclaw/.env", "env file@openclaw/gateway.env"),
// as rows that are not profiles name where they belong, so that no two
// share an id.
func envFileID(file string) string {
	return "env file@" + filepath.Base(filepath.Dir(file)) + "/" + filepath.Base(file)
}
