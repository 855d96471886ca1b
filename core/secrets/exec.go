package secrets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// Exec resolves ids from an exec provider (resolveExecRefs): the command
// must pass assertSecureExecCommandPath (absolute after ~; present; no
// directory; no symlink; inside trustedDirs when they are set; not group-
// or world-writable; owned by the effective user). It runs directly, no
// shell, in its own directory, with only passEnv's variables (from getenv)
// and env's, the request {"protocolVersion":1,"provider":…,"ids":[…]} on
// stdin, bounded by timeoutMs (5 s), noOutputTimeoutMs (the timeout) and
// maxOutputBytes (1 MiB); it must exit 0 and print
// {"protocolVersion":1,"values":{…},"errors":{…}}, or, with jsonOnly false
// and one id, the bare value.
func Exec(ctx context.Context, o OS, getenv func(string) string, home, name string, p map[string]any, ids []string) Results {
	r := newResults()
	ids = slices.Compact(slices.Sorted(slices.Values(ids))) // each id once, in order
	if len(ids) > maxRefsPerProvider {
		r.Err = fmt.Sprintf("it is asked for more than %d ids", maxRefsPerProvider)
		return r
	}
	path, err := secureCommand(o, home, p)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	req, _ := json.Marshal(map[string]any{"protocolVersion": protocolVersion, "provider": name, "ids": ids})
	if len(req) > maxBatchBytes {
		r.Err = fmt.Sprintf("its request exceeds %d bytes", maxBatchBytes)
		return r
	}
	timeout := timerMs(p["timeoutMs"], defaultTimeout)
	maxOut := positiveInt(p["maxOutputBytes"], defaultExecMaxOutput)
	out, err := o.Run(ctx, Command{
		Path: path, Args: stringList(p["args"]), Env: childEnv(p, getenv), Dir: filepath.Dir(path), Stdin: req,
		Timeout: timeout, NoOutput: timerMs(p["noOutputTimeoutMs"], timeout), MaxOutput: maxOut,
	})
	switch {
	case err != nil:
		r.Err = "it could not be started"
	case out.TimedOut:
		r.Err = fmt.Sprintf("it timed out after %s", timeout)
	case out.Silent:
		r.Err = fmt.Sprintf("it produced no output for %s", timerMs(p["noOutputTimeoutMs"], timeout))
	case out.TooLarge:
		r.Err = fmt.Sprintf("its output exceeded maxOutputBytes (%d)", maxOut)
	case out.Code != 0:
		r.Err = fmt.Sprintf("it exited with code %d", out.Code)
	default:
		jsonOnly, set := p["jsonOnly"].(bool)
		parseExec(&r, out.Stdout, ids, jsonOnly || !set)
	}
	return r
}

// secureCommand is assertSecureExecCommandPath.
func secureCommand(o OS, home string, p map[string]any) (string, error) {
	path := expandHome(str(p["command"]), home)
	if path == "" || !filepath.IsAbs(path) {
		return "", errors.New("its command must be an absolute path")
	}
	info, err := o.Lstat(path)
	switch {
	case err != nil:
		return "", fmt.Errorf("its command %s is not readable", path)
	case info.Mode.IsDir():
		return "", fmt.Errorf("its command %s must be a file", path)
	case info.Mode&fs.ModeSymlink != 0:
		return "", fmt.Errorf("its command %s must not be a symlink", path)
	}
	if dirs := stringList(p["trustedDirs"]); len(dirs) > 0 {
		inside := false
		for _, d := range dirs {
			d = expandHome(d, home)
			if rel, err := filepath.Rel(d, path); err == nil && rel != ".." && !strings.HasPrefix(rel, "../") && !filepath.IsAbs(rel) {
				inside = true
			}
		}
		if !inside {
			return "", fmt.Errorf("its command %s is outside trustedDirs", path)
		}
	}
	if info.Mode.Perm()&0o022 != 0 {
		return "", fmt.Errorf("its command %s is writable by others (mode %04o)", path, info.Mode.Perm())
	}
	if euid := o.EUID(); euid >= 0 && info.UID != euid {
		return "", fmt.Errorf("its command %s must be owned by the current user (uid=%d)", path, euid)
	}
	return path, nil
}

// childEnv is passEnv's variables that are set, then env's entries.
func childEnv(p map[string]any, getenv func(string) string) []string {
	vars := map[string]string{}
	for _, k := range stringList(p["passEnv"]) {
		if v := getenv(k); v != "" {
			vars[k] = v
		}
	}
	if env, ok := p["env"].(map[string]any); ok {
		for k, v := range env {
			if s, ok := v.(string); ok {
				vars[k] = s
			}
		}
	}
	out := make([]string, 0, len(vars))
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	slices.Sort(out)
	return out
}

// parseExec is parseExecValues. Nothing of the output goes into a reason.
func parseExec(r *Results, stdout []byte, ids []string, jsonOnly bool) {
	trimmed := strings.TrimSpace(string(stdout))
	if trimmed == "" {
		r.Err = "it printed nothing"
		return
	}
	var parsed any
	if err := json.Unmarshal([]byte(trimmed), &parsed); err != nil {
		if !jsonOnly && len(ids) == 1 {
			r.set(ids[0], trimmed)
			return
		}
		r.Err = "it printed invalid JSON"
		return
	}
	obj, ok := parsed.(map[string]any)
	if !ok {
		if s, isStr := parsed.(string); isStr && !jsonOnly && len(ids) == 1 {
			r.set(ids[0], s)
			return
		}
		r.Err = "its response is not an object"
		return
	}
	if v, _ := obj["protocolVersion"].(float64); v != protocolVersion {
		r.Err = "its response's protocolVersion is not 1"
		return
	}
	values, ok := obj["values"].(map[string]any)
	if !ok {
		r.Err = `its response has no "values"`
		return
	}
	errs, _ := obj["errors"].(map[string]any)
	for _, id := range ids {
		if e, failed := errs[id]; failed {
			em, _ := e.(map[string]any)
			code, _ := em["code"].(string)
			if code == "NOT_FOUND" || code == "AMBIGUOUS_DUPLICATE_KEY" {
				r.Failed[id] = "it failed for this id (" + code + ")"
			} else {
				r.Failed[id] = "it failed for this id"
			}
			continue
		}
		v, has := values[id]
		if !has {
			r.Failed[id] = "its response lacks this id"
			continue
		}
		r.set(id, v)
	}
}

func stringList(v any) []string {
	l, _ := v.([]any)
	var out []string
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
