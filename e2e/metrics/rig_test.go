package metricse2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/e2efixture"
	"github.com/authtray/authtray/internal/syncbuf"
)

// scrapeInterval is Prometheus's scrape and rule evaluation interval.
const scrapeInterval = time.Second

// start runs cmd in its own process group, stopped (SIGTERM, then SIGKILL)
// when the test ends.
func start(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", cmd.Path, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
}

var listening = regexp.MustCompile(`serving metrics on http://(127\.0\.0\.1:[0-9]+)/metrics`)

// startWatch runs `authtray watch --metrics-listen 127.0.0.1:0 args…` and
// returns the address it listens on, once /healthz says ok.
func startWatch(t *testing.T, home string, extraEnv []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(authtray, append([]string{"watch", "--metrics-listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = e2efixture.Env(home, extraEnv...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start(t, cmd)
	log := &syncbuf.Buffer{}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			fmt.Fprintln(log, sc.Text())
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("authtray watch stderr:\n%s", log)
		}
	})
	select {
	case a := <-addr:
		e2efixture.WaitFor(t, 20*time.Second, "authtray's /healthz", func() bool {
			code, body := fetch("http://" + a + "/healthz")
			return code == 200 && body == "ok\n"
		})
		return a
	case <-time.After(30 * time.Second):
		t.Fatalf("authtray watch did not say where it listens; stderr:\n%s", log)
		return ""
	}
}

func fetch(u string) (int, string) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// prometheus is a running server on 127.0.0.1 with its own config and data
// dir (never the Debian service's: that one, if it runs, keeps its own port
// and files).
type prometheus struct {
	base string
	log  *syncbuf.Buffer
}

// startPrometheus scrapes target as the job "authtray" every
// scrapeInterval and evaluates rules (absolute paths) as often.
func startPrometheus(t *testing.T, bin, target string, rules ...string) *prometheus {
	t.Helper()
	dir := t.TempDir()
	quoted := make([]string, len(rules))
	for i, r := range rules {
		quoted[i] = strconv.Quote(r)
	}
	cfg := fmt.Sprintf(`global:
  scrape_interval: %[1]s
  evaluation_interval: %[1]s
rule_files: [%[2]s]
scrape_configs:
  - job_name: authtray
    static_configs:
      - targets: [%[3]q]
`, scrapeInterval, strings.Join(quoted, ", "), target)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &prometheus{base: fmt.Sprintf("http://127.0.0.1:%d", freePort(t)), log: &syncbuf.Buffer{}}
	cmd := exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+strings.TrimPrefix(p.base, "http://"), "--log.level=warn")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = p.log, p.log
	start(t, cmd)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("prometheus log:\n%s", p.log)
		}
	})
	e2efixture.WaitFor(t, 60*time.Second, "prometheus /-/ready", func() bool {
		code, _ := fetch(p.base + "/-/ready")
		return code == 200
	})
	return p
}

// sample is one series of a query result: its labels and value(s).
type sample struct {
	Metric map[string]string `json:"metric"`
	Value  []any             `json:"value"`  // [ts, "v"] of an instant vector
	Values [][]any           `json:"values"` // of a range vector
}

func (s sample) value() float64 {
	v, _ := strconv.ParseFloat(fmt.Sprint(s.Value[1]), 64)
	return v
}

// points are a range vector's samples as (time, value).
func (s sample) points() [][2]float64 {
	out := make([][2]float64, len(s.Values))
	for i, p := range s.Values {
		ts, _ := strconv.ParseFloat(fmt.Sprint(p[0]), 64)
		v, _ := strconv.ParseFloat(fmt.Sprint(p[1]), 64)
		out[i] = [2]float64{ts, v}
	}
	return out
}

// query runs a PromQL query through /api/v1/query.
func (p *prometheus) query(t *testing.T, q string) []sample {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/api/v1/query?query="+url.QueryEscape(q), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	defer resp.Body.Close()
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []sample `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Status != "success" {
		t.Fatalf("query %s: %v %s %s", q, err, r.Status, r.Error)
	}
	return r.Data.Result
}

// rules is /api/v1/rules: every rule's name, health and last error.
func (p *prometheus) rules(t *testing.T) map[string]string {
	t.Helper()
	_, body := fetch(p.base + "/api/v1/rules")
	var r struct {
		Data struct {
			Groups []struct {
				Rules []struct {
					Name      string `json:"name"`
					Health    string `json:"health"`
					LastError string `json:"lastError"`
				} `json:"rules"`
			} `json:"groups"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("rules: %v\n%s", err, body)
	}
	out := map[string]string{}
	for _, g := range r.Data.Groups {
		for _, rule := range g.Rules {
			out[rule.Name] = rule.Health + " " + rule.LastError
		}
	}
	return out
}
