package sshdest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/authtray/authtray/core/safetext/safetexttest"
)

func TestParse(t *testing.T) {
	valid := []string{
		"me@vps.example.net", "vps", "ssh://me@vps.example.net:2222", "ssh://[::1]:22", "ssh://vps",
		"me@10.0.0.7", "fe80::1%eth0", "first.last@host-1_a", "user+tag@host", "~alias", "me@bücher.example",
	}
	invalid := []string{
		"", "-oProxyCommand=touch /tmp/x", "-F", "me@host evil", "me@host\tx", "host\n-oX",
		"ssh://-oProxyCommand=x", "ssh://host/path", "ssh://", "host\u0085", "host\u202e", "host\u200b",
		"h$(touch /tmp/pwned)", "h`id`", "h;id", "h|id", "h&id", "h>x", "h<x", "h'x", "h\"x", `h\x`,
		"h(x)", "h{x}", "h*", "h?", "h!x", "h#x", "h=x", "h,x", "h\x00", "h\xff", strings.Repeat("a", MaxLen+1),
	}
	for _, d := range valid {
		got, err := Parse(d)
		if err != nil || got.String() != d {
			t.Errorf("Parse(%q) = %q, %v; want it back", d, got, err)
		}
	}
	for _, d := range invalid {
		if got, err := Parse(d); err == nil {
			t.Errorf("Parse(%q) = %q; want an error", d, got)
		}
	}
}

// Every ASCII character that is not a letter, a digit or ._-@:[]%+~ is
// refused anywhere in a destination, and no error echoes hostile text or a
// token.
func TestParseRefusesEveryOtherCharacter(t *testing.T) {
	for c := rune(0); c < 0x80; c++ {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-@:[]%+~", c) {
			continue
		}
		for _, d := range []string{string(c) + "host", "me@ho" + string(c) + "st", "host" + string(c), "ssh://me@host" + string(c)} {
			_, err := Parse(d)
			if err == nil {
				t.Errorf("Parse(%q) accepted %q", d, c)
				continue
			}
			if u := safetexttest.Unsafe(err.Error()); u != "" {
				t.Errorf("Parse(%q): error %q keeps %s", d, err, u)
			}
		}
	}
	for _, s := range safetexttest.Strings() {
		if _, err := Parse("me@" + s); err != nil && safetexttest.Unsafe(err.Error()) != "" {
			t.Errorf("error %q is not clean", err)
		}
	}
	tok := "sk-ant-oat01-" + strings.Repeat("Q", 40)
	if _, err := Parse("me@h;" + tok); err == nil || strings.Contains(err.Error(), "QQQQQQQQ") {
		t.Errorf("a token pasted as a destination: %v", err)
	}
}

func TestText(t *testing.T) {
	var v struct {
		D Dest `json:"d"`
	}
	if err := json.Unmarshal([]byte(`{"d":"me@vps"}`), &v); err != nil || v.D.String() != "me@vps" {
		t.Errorf("decode: %v %q", err, v.D)
	}
	if err := json.Unmarshal([]byte(`{"d":""}`), &v); err != nil || !v.D.IsZero() {
		t.Errorf("decode empty: %v %q", err, v.D)
	}
	if err := json.Unmarshal([]byte(`{"d":"h;id"}`), &v); err == nil {
		t.Error("decoded an invalid destination")
	}
	b, _ := json.Marshal(struct{ D Dest }{MustParse("ssh://me@h:22")})
	if string(b) != `{"D":"ssh://me@h:22"}` {
		t.Errorf("encode: %s", b)
	}
}
