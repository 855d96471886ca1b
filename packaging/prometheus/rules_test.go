// Package prometheus holds the alerting rules shipped for authtray's
// metrics and their tests.
package prometheus

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/metrics"
	"github.com/authtray/authtray/internal/need"
)

// promtool finds promtool (Debian package prometheus).
func promtool(t *testing.T) string {
	return need.Tool(t, "promtool", "apt-get install --no-install-recommends prometheus")
}

// TestRules: the rules load (promtool check rules, which also lints them)
// and pass their unit tests (promtool test rules authtray.rules.test.yml).
func TestRules(t *testing.T) {
	pt := promtool(t)
	for _, args := range [][]string{
		{"check", "rules", "authtray.rules.yml"},
		{"test", "rules", "authtray.rules.test.yml"},
	} {
		out, err := exec.Command(pt, args...).CombinedOutput()
		if err != nil {
			t.Errorf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// TestRulesUseTheInterface: every authtray metric the rules and their
// tests name is one the exporter has, and every label their templates
// read is one of its labels (or Prometheus's own): a renamed metric or
// label cannot leave a rule that silently never fires.
func TestRulesUseTheInterface(t *testing.T) {
	names := []string{metrics.DeadlineName, metrics.StateName, metrics.InUseName, metrics.StatusName,
		metrics.HostReachableName, metrics.SnapshotName, metrics.BuildInfoName}
	labels := append([]string{"state", "version", "job", "instance", "file"}, metrics.CredentialLabels...)
	for _, file := range []string{"authtray.rules.yml", "authtray.rules.test.yml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		used := regexp.MustCompile(`\bauthtray_[a-z_]+`).FindAllString(text, -1)
		if len(used) < 5 {
			t.Fatalf("%s names %d authtray metrics: the scan is broken", file, len(used))
		}
		for _, n := range used {
			if !slices.Contains(names, n) {
				t.Errorf("%s uses %s, which the exporter does not have", file, n)
			}
		}
		for _, m := range regexp.MustCompile(`\$labels\.([a-z_]+)`).FindAllStringSubmatch(text, -1) {
			if !slices.Contains(labels, m[1]) {
				t.Errorf("%s reads label %s, which no authtray metric has", file, m[1])
			}
		}
		// The test series' labels, and the rules' matchers.
		for _, m := range regexp.MustCompile(`[{,]\s*([a-z_]+)\s*=~?"`).FindAllStringSubmatch(text, -1) {
			if !slices.Contains(labels, m[1]) {
				t.Errorf("%s selects on label %s, which no authtray metric has", file, m[1])
			}
		}
	}
}

// TestReadmeScrapeConfig: the README's example scrape config is one
// Prometheus accepts, with the shipped rules (promtool check config).
func TestReadmeScrapeConfig(t *testing.T) {
	pt := promtool(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(# prometheus.yml\n.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no prometheus.yml example")
	}
	dir := t.TempDir()
	rules, err := filepath.Abs("authtray.rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	pass := filepath.Join(dir, "pass")
	if err := os.WriteFile(pass, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := strings.NewReplacer("/etc/prometheus/authtray.rules.yml", rules, "/etc/prometheus/authtray.pass", pass).Replace(string(m[1]))
	path := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(pt, "check", "config", path).CombinedOutput(); err != nil {
		t.Errorf("promtool check config on the README's example: %v\n%s", err, out)
	}
}
