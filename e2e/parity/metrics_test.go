package parity

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// compareMetrics checks `authtray metrics` (args as status's) on the same
// HOME against status: its exit code is --check's, authtray_status is
// that code, every row's label set has one state at 1 (the row's, when no
// other row shares the labels), no token byte is printed, and promtool
// (when installed; .ci installs it) finds nothing to complain about.
func compareMetrics(t *testing.T, b *builtScenario, args []string, at atSnapshot, check result, diff func(string, ...any)) {
	r := runAuthtray(t, b.home, b.envFor(b.home), append([]string{"metrics"}, args[1:]...)...)
	for _, leak := range leaks(r) {
		diff("authtray metrics printed token bytes %q", leak)
	}
	if r.code != check.code {
		diff("authtray metrics exited %d, status --check %d", r.code, check.code)
	}
	parser := expfmt.NewTextParser(model.LegacyValidation)
	mfs, err := parser.TextToMetricFamilies(strings.NewReader(string(r.stdout)))
	if err != nil {
		diff("authtray metrics does not parse: %v\n%s", err, r.stdout)
		return
	}
	if st := mfs["authtray_status"]; st == nil || int(st.GetMetric()[0].GetGauge().GetValue()) != check.code {
		diff("authtray_status is not %d", check.code)
	}
	states := map[string][]string{}
	if mf := mfs["authtray_credential_state"]; mf != nil {
		for _, m := range mf.GetMetric() {
			l := map[string]string{}
			for _, lp := range m.GetLabel() {
				l[lp.GetName()] = lp.GetValue()
			}
			if m.GetGauge().GetValue() == 1 {
				k := strings.Join([]string{l["host"], l["source"], l["agent"], l["profile"], l["provider"], l["kind"]}, "|")
				states[k] = append(states[k], l["state"])
			}
		}
	}
	rows := map[string][]string{}
	for _, p := range at.Profiles {
		k := strings.Join([]string{"", p.Source, p.Agent, p.ID, p.Provider, p.Kind}, "|")
		rows[k] = append(rows[k], p.State)
	}
	for k, st := range rows {
		if got := states[k]; len(got) != 1 || len(st) == 1 && got[0] != st[0] {
			diff("metrics: %s has states %v at 1, status --json %v", k, got, st)
		}
	}
	if len(states) != len(rows) {
		diff("metrics: %d credentials, status --json %d distinct label sets", len(states), len(rows))
	}
	promcheck(r.stdout, diff)
}

// promcheck runs `promtool check metrics` when promtool is installed.
func promcheck(exposition []byte, diff func(string, ...any)) {
	pt, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") == "true" {
			diff("promtool is missing (CI=true: .ci/apt-packages.txt installs prometheus)")
		}
		return
	}
	cmd := exec.Command(pt, "check", "metrics")
	cmd.Stdin = strings.NewReader(string(exposition))
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		diff("promtool check metrics: %v\n%s", err, out)
	}
}
