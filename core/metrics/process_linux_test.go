package metrics

import "testing"

// TestParseStat: the fields are counted after the command name's last
// ')', which can hold spaces and parentheses.
func TestParseStat(t *testing.T) {
	line := "1084 (a b) (c)) R 995 995 6030 0 -1 4194304 122 0 0 0 7 3 0 0 20 0 1 0 163159 3133440 394 18446744073709551615 9 9\n"
	st, err := parseStat([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if want := (stat{utime: 7, stime: 3, start: 163159, vsize: 3133440, rss: 394}); st != want {
		t.Errorf("got %+v, want %+v", st, want)
	}
	for _, bad := range []string{"", "1 (x) R 1 2", "1 x R 995 995", "1 (x) R 995 995 6030 0 -1 4194304 122 0 0 0 q 3 0 0 20 0 1 0 163159 3133440 394 1"} {
		if _, err := parseStat([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestParseNetstat: IpExt's octets, by their names in the header line.
func TestParseNetstat(t *testing.T) {
	text := "TcpExt: SyncookiesSent\nTcpExt: 0\nIpExt: InNoRoutes OutOctets InOctets\nIpExt: 1 22 333\n"
	in, out, err := parseNetstat([]byte(text))
	if err != nil || in != 333 || out != 22 {
		t.Errorf("got %v %v %v, want 333 22", in, out, err)
	}
	if _, _, err := parseNetstat([]byte("IpExt: InNoRoutes\nIpExt: 1\n")); err == nil {
		t.Error("no octets: no error")
	}
}
