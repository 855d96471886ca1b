package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func TestPushTargetsFromEnv(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no stored targets
	env, _, _ := testEnv(t.TempDir(), map[string]string{
		"AUTHTRAY_PUSH": "ntfy://ntfy.sh/a\n\n  # a comment\n generic+https://example.com/h \n",
	})
	got, note := pushTargets(context.Background(), env)
	want := []pushTarget{{"env-1", "ntfy://ntfy.sh/a"}, {"env-2", "generic+https://example.com/h"}}
	if !reflect.DeepEqual(got, want) || note != "" {
		t.Errorf("pushTargets = %v, %q; want %v", got, note, want)
	}
}

// push test names each target and says ok or why not, never its URL or
// a secret in it, and exits 1 when any failed.
func TestPushTest(t *testing.T) {
	const pass, topic = "tk_PUSHpass0123456789abcdefgh", "alerts9k3m7q2w5e8r"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if _, p, _ := r.BasicAuth(); p == pass {
			w.WriteHeader(401)
			io.WriteString(w, `{"code":40101,"http":401,"error":"unauthorized"}`)
			return
		}
		io.WriteString(w, `{"id":"1","event":"message"}`)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	good := "ntfy://" + host + "/" + topic + "?scheme=http"
	bad := "ntfy://me:" + pass + "@" + host + "/" + topic + "?scheme=http"
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"test"}, 1, "push target env-1 (ntfy, " + host + "): ok\npush target env-2 (ntfy, " + host + ") failed: HTTP 401 (unauthorized)\n"},
		{[]string{"test", "env-1"}, 0, "push target env-1 (ntfy, " + host + "): ok\n"},
	} {
		env, out, errb := testEnv(t.TempDir(), map[string]string{"AUTHTRAY_PUSH": good + "\n" + bad})
		code := run(context.Background(), append([]string{"push"}, tt.args...), env)
		if code != tt.code || out.String() != tt.want {
			t.Errorf("push %v: exit %d\n%s%s\nwant exit %d\n%s", tt.args, code, out, errb, tt.code, tt.want)
		}
		if all := out.String() + errb.String(); strings.Contains(all, pass) || strings.Contains(all, topic) {
			t.Errorf("push %v shows a secret of the URL:\n%s", tt.args, all)
		}
	}
	env, _, errb := testEnv(t.TempDir(), map[string]string{"AUTHTRAY_PUSH": good})
	if code := run(context.Background(), []string{"push", "test", "phone"}, env); code != 1 || !strings.Contains(errb.String(), `there is no push target named "phone"`) {
		t.Errorf("an unknown name: exit %d, %s", code, errb)
	}
	env, _, errb = testEnv(t.TempDir(), nil)
	if code := run(context.Background(), []string{"push", "test"}, env); code != 1 || !strings.Contains(errb.String(), "there are no push targets") {
		t.Errorf("no targets: exit %d, %s", code, errb)
	}
}
