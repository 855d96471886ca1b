package keychain

import (
	"testing"
	"time"
)

func TestParseMdat(t *testing.T) {
	want := time.Date(2026, 11, 25, 9, 6, 0, 0, time.UTC)
	attrs := `keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="Claude Code-credentials"
    "acct"<blob>="alice"
    "cdat"<timedate>=0x32303236313132343039303630305A00  "20261124090600Z\000"
    "mdat"<timedate>=0x32303236313132353039303630305A00  "20261125090600Z\000"
    "svce"<blob>="Claude Code-credentials"
`
	tests := map[string]struct {
		out string
		ok  bool
	}{
		"quoted":    {attrs, true},
		"hex only":  {`    "mdat"<timedate>=0x32303236313132353039303630305A00`, true},
		"no mdat":   {`    "cdat"<timedate>=0x32303236313132343039303630305A00  "20261124090600Z\000"`, false},
		"mdat null": {`    "mdat"<timedate>=<NULL>`, false},
		"bad stamp": {`    "mdat"<timedate>="2026-11-25"`, false},
		"empty":     {"", false},
	}
	for name, tt := range tests {
		got, err := parseMdat([]byte(tt.out))
		if tt.ok && (err != nil || !got.Equal(want)) {
			t.Errorf("%s: got %v, %v; want %v", name, got, err, want)
		}
		if !tt.ok && err == nil {
			t.Errorf("%s: got %v, want an error", name, got)
		}
	}
}
