// Package metricse2e runs a real Prometheus (Debian package prometheus) on
// 127.0.0.1 against `authtray watch --metrics-listen` and checks, through
// Prometheus's own query API, what a fleet's monitoring would see: the
// engine's states, a renewal within two scrapes, the shipped alerting
// rules firing and resolving, and not one byte of a token.
package metricse2e

import (
	"testing"

	"github.com/authtray/authtray/internal/e2ebin"
	"github.com/authtray/authtray/internal/need"
)

var (
	authtray string // the binary under test, built once in TestMain
	buildErr error
)

func TestMain(m *testing.M) { e2ebin.Main(m, "metrics", &authtray, &buildErr) }

// needPrometheus returns the prometheus binary. Without it the test skips
// with the package to install, except under CI=true, where
// .ci/apt-packages.txt installs it and a skip would hide the suite.
func needPrometheus(t *testing.T) string {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return need.Tool(t, "prometheus", "apt-get install -y --no-install-recommends prometheus")
}
