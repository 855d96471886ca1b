package desktope2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authtray/authtray/internal/e2ebin"
	"github.com/authtray/authtray/internal/need"
)

var (
	authtray string // the binary under test, built once in TestMain
	buildErr error
	missing  []string // Debian packages whose programs are not installed
	xfconfd  string   // path of xfconfd (it lives in a multiarch libexec dir)
)

// programs the suite runs, and the Debian package of each.
var programs = []struct{ name, pkg string }{
	{"dbus-daemon", "dbus"},
	{"Xvfb", "xvfb"},
	{"xfce4-panel", "xfce4-panel"},
	{"dunst", "dunst"},
	{"xterm", "xterm"},
	{"import", "imagemagick"},
	{"xdotool", "xdotool"},
	{"xwininfo", "x11-utils"},
	{"xfconf-query", "xfconf"},
}

func TestMain(m *testing.M) {
	if pids := sweepOrphans(); len(pids) > 0 {
		fmt.Fprintf(os.Stderr, "desktop e2e: killed %d processes left by a killed earlier run: %v\n", len(pids), pids)
	}
	seen := map[string]bool{}
	for _, p := range programs {
		if _, err := exec.LookPath(p.name); err != nil && !seen[p.pkg] {
			seen[p.pkg] = true
			missing = append(missing, p.pkg)
		}
	}
	if ms, _ := filepath.Glob("/usr/lib/*/xfce4/xfconf/xfconfd"); len(ms) > 0 {
		xfconfd = ms[0]
	} else if !seen["xfconf"] {
		missing = append(missing, "xfconf")
	}
	sort.Strings(missing)
	// Built even without the desktop packages: the no-bus test needs none.
	e2ebin.Main(m, "desktop", &authtray, &buildErr)
}

// needDesktop skips the test when desktop packages are missing, except under
// CI=true where that is a failure, and fails it when authtray did not build.
func needDesktop(t *testing.T) {
	t.Helper()
	if len(missing) > 0 {
		need.Missing(t, "desktop e2e needs Debian packages: "+strings.Join(missing, " ")+
			" (apt-get install --no-install-recommends "+strings.Join(missing, " ")+")")
	}
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}
