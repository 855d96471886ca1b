package settings

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/authtray/authtray/internal/benchcpu"
)

// FuzzParse: any file parses to settings within every limit or to a
// sentence that quotes no value of the file, and stays linear when the
// file is repeated (as [[host]] tables) to about 60 KB, near the size cap.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", `warn = "6h"`, `notify_before = ["1d", "1h"]`, "[[host]]\nssh = \"box\"\n", `remote_poll = "1ns"`,
		`warn = "213504d"`, "sk-ant-oat01-AAAA = 1", `terminal = "a\u0007"`, "[x]\ny = 1", `warn = 5`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		s, err := Parse("/c/settings.toml", []byte(file))
		checkLimits(t, s)
		if err != nil {
			for _, v := range quotedStrings(file) {
				if len(v) >= 8 && !wordLike(v) && strings.Contains(err.Error(), v) {
					t.Fatalf("sentence %q quotes %q", err, v)
				}
			}
		}
		big := strings.Repeat("[[host]]\nssh = \"h\"\n"+strings.ReplaceAll(file, "[", "")+"\n", 60<<10/(len(file)+20)+1)
		start := benchcpu.CPU()
		Parse("/c/settings.toml", []byte(big))
		if el, limit := benchcpu.CPU()-start, 500*time.Millisecond+time.Duration(len(big))*5*time.Microsecond; el > limit {
			t.Fatalf("%d bytes took %v (limit %v)", len(big), el, limit)
		}
	})
}

func checkLimits(t *testing.T, s Settings) {
	t.Helper()
	in := func(d Duration, lo, hi time.Duration) bool { return time.Duration(d) >= lo && time.Duration(d) <= hi }
	if !in(s.Warn, minWindow, maxWindow) || !in(s.PollRemote, minPoll, maxPoll) || len(s.Notify) > maxThresholds || len(s.Hosts) > maxHosts {
		t.Fatalf("settings out of limits: %+v", s)
	}
	for _, d := range s.Notify {
		if !in(d, minWindow, maxWindow) {
			t.Fatalf("threshold %v out of limits", d)
		}
	}
	for _, h := range s.Hosts {
		if h.Destination.IsZero() {
			t.Fatalf("host without destination: %+v", h)
		}
	}
}

// quotedStrings are the "…" and '…' strings of a file, roughly.
func quotedStrings(file string) []string {
	var out []string
	for _, q := range []string{`"`, "'"} {
		parts := strings.Split(file, q)
		for i := 1; i < len(parts); i += 2 {
			out = append(out, parts[i])
		}
	}
	return out
}

// wordLike strings may be named in full (they read as our key names).
func wordLike(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// BenchmarkParse: settings files with many problems, many hosts or many
// unknown keys, at growing sizes.
func BenchmarkParse(b *testing.B) {
	shapes := map[string]func(i int) string{
		"unknown-keys": func(i int) string { return fmt.Sprintf("key%d = \"v\"\n", i) },
		"hosts":        func(i int) string { return fmt.Sprintf("[[host]]\nssh = \"h%d\"\nport = 1\n", i) },
		"long-array":   func(i int) string { return "" },
	}
	for name, line := range shapes {
		for _, n := range []int{16 << 10, maxFile - 1024} {
			var sb strings.Builder
			if name == "long-array" {
				sb.WriteString("notify_before = [" + strings.Repeat(`"1h", `, n/6) + "]\n")
			}
			for i := 0; sb.Len() < n; i++ {
				sb.WriteString(line(i))
			}
			data := []byte(sb.String())
			b.Run(fmt.Sprintf("%s/%dKB", name, len(data)>>10), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				defer benchcpu.Start(b)()
				for b.Loop() {
					Parse("/c/settings.toml", data)
				}
			})
		}
	}
}
