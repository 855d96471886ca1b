package main

import (
	"runtime/debug"
	"testing"
)

// TestDevVersion: a source build names its commit, and says when the tree
// had changes.
func TestDevVersion(t *testing.T) {
	for _, tc := range []struct {
		settings []debug.BuildSetting
		want     string
	}{
		{nil, "dev"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc1234def5678"}, {Key: "vcs.modified", Value: "false"}}, "dev (abc1234)"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc1234def5678"}, {Key: "vcs.modified", Value: "true"}}, "dev (abc1234, modified)"},
	} {
		if got := devVersion(tc.settings); got != tc.want {
			t.Errorf("devVersion(%v) = %q, want %q", tc.settings, got, tc.want)
		}
	}
}
