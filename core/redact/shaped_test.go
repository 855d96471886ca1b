package redact

import (
	"strings"
	"testing"
)

func TestShaped(t *testing.T) {
	secretish := []string{
		"sk-ant-oat01-" + strings.Repeat("Q", 40),
		"me+sk-ant-api03-abc@example.com",
		"sk-proj-" + strings.Repeat("a1", 12),
		"sk-" + strings.Repeat("x", 20),
		"ghp_" + strings.Repeat("A1b2", 9),
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc",
		"AIzaSyD" + strings.Repeat("x9", 16),
		"user " + strings.Repeat("Zz9", 11) + " trailing",
	}
	labels := []string{
		"", "tester@example.com", "first.last+work@sub.example.co.uk",
		"anthropic:manual", "openai-codex:default", "claude-code:~/.claude-work",
		"risk-averse@example.com", "desk-top", "Max plan (team)",
		strings.Repeat("a", 40) + "@example.com", // letters only
		"2026-11-24T10:00:00Z",
		"agents/main/agent/auth-profiles.json",
	}
	for _, s := range secretish {
		if !Shaped(s) {
			t.Errorf("Shaped(%q) = false, want true", s)
		}
	}
	for _, s := range labels {
		if Shaped(s) {
			t.Errorf("Shaped(%q) = true, want false", s)
		}
	}
}
