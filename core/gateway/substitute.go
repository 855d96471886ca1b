package gateway

import (
	"slices"
	"strings"

	"github.com/authtray/authtray/core/redact"
)

// substitution is one ${VAR} the config resolved from the environment:
// the value the gateway sees and the template it was written as.
type substitution struct {
	Value, Var string
}

// substituter replaces ${VAR} in the config's strings
// (resolveConfigEnvVars), remembering each value it put in. The gateway
// substitutes after resolving $include; the resolver does it as it walks
// each file, which gives the same strings (merging never looks inside one,
// and $include paths are read before, as written) in the same single walk.
type substituter struct {
	getenv func(string) string
	subs   map[substitution]bool
}

// str substitutes one string as substituteString does: ${NAME} (NAME in
// [A-Z_][A-Z0-9_]*) becomes the variable's value, an unset or empty one
// stays as written, and $${NAME} is a literal ${NAME}.
func (s *substituter) str(t string) string {
	if !strings.Contains(t, "${") {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		name, end, escaped := envToken(t, i)
		switch {
		case name == "":
			b.WriteByte(t[i])
			continue
		case escaped:
			b.WriteString("${" + name + "}")
		default:
			if val := s.getenv(name); val != "" {
				b.WriteString(val)
				s.subs[substitution{Value: val, Var: name}] = true
			} else {
				b.WriteString("${" + name + "}")
			}
		}
		i = end
	}
	return b.String()
}

// envToken reads a ${NAME} or $${NAME} starting at i: its name (""
// for none), the index of its closing brace, and whether it is escaped.
func envToken(t string, i int) (name string, end int, escaped bool) {
	if t[i] != '$' {
		return "", 0, false
	}
	start := i + 2
	if strings.HasPrefix(t[i:], "$${") {
		escaped, start = true, i+3
	} else if !strings.HasPrefix(t[i:], "${") {
		return "", 0, false
	}
	j := strings.IndexByte(t[start:], '}')
	if j < 0 || !envRefName(t[start:start+j]) {
		// Not a token; for "$$", the caller goes on at the second "$".
		return "", 0, false
	}
	return t[start : start+j], start + j, escaped
}

func envRefName(n string) bool {
	if n == "" || (n[0] >= '0' && n[0] <= '9') {
		return false
	}
	for i := 0; i < len(n); i++ {
		if c := n[i]; !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// nonSecretVars are variables whose values authtray shows anyway (they
// name where things are): a path built from them is shown as is.
var nonSecretVars = map[string]bool{
	"HOME": true, "USER": true, "LOGNAME": true, "TMPDIR": true, "PWD": true,
	"XDG_CONFIG_HOME": true, "XDG_DATA_HOME": true, "XDG_STATE_HOME": true, "XDG_CACHE_HOME": true, "XDG_RUNTIME_DIR": true,
	"OPENCLAW_HOME": true, "OPENCLAW_STATE_DIR": true, "OPENCLAW_CONFIG_PATH": true,
}

// secretSubs are the substitutions to treat as possibly secret: all but
// the location variables', at least redact.MinLen long (shorter ones
// would mangle ordinary text when shown as templates), longest first.
func secretSubs(subs map[substitution]bool) []substitution {
	var out []substitution
	for sub := range subs {
		if !nonSecretVars[sub.Var] && len(strings.TrimSpace(sub.Value)) >= redact.MinLen {
			out = append(out, sub)
		}
	}
	slices.SortFunc(out, func(a, b substitution) int {
		if len(a.Value) != len(b.Value) {
			return len(b.Value) - len(a.Value)
		}
		return strings.Compare(a.Value+a.Var, b.Value+b.Var)
	})
	return out
}
