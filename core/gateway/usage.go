package gateway

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/authtray/authtray/core/jsonkind"
)

// A state row's usageStats hold a record per profile; a large host has
// thousands. They are read in one walk each, without json.Unmarshal
// (reflection, per record), field by field as the gateway reads them.

// usageOf reads usageStats as a map of it would be read: null is empty,
// anything else not an object is none (nil); a later entry of an id
// replaces an earlier one, and an entry that is not a usage record drops
// the id.
func usageOf(raw []byte) map[string]usage {
	if bytes.Equal(trimSpace(raw), []byte("null")) {
		return map[string]usage{}
	}
	m, ok := membersOf(raw)
	if !ok {
		return nil
	}
	n := 0
	for count := m; ; n++ {
		if _, _, more := count.next(); !more {
			break
		}
	}
	out := make(map[string]usage, n) // one allocation, not one per doubling
	for k, v, more := m.next(); more; k, v, more = m.next() {
		id := memberKey(k)
		if u, ok := parseUsage(v); ok {
			out[id] = u
		} else {
			delete(out, id)
		}
	}
	return out
}

// parseUsage reads one usage record as the gateway's coerceProfileUsageStats
// (dist/profile-usage-stats-*.mjs) does: each field on its own, so a field
// of the wrong type is dropped and the rest of the record still counts (a
// record with a string cooldownUntil is still disabled by its
// disabledUntil). Times take only finite numbers, reasons only the
// gateway's failure reasons, models only non-blank strings (trimmed),
// blockedScope only "model"; keys match exactly, the last of a name wins,
// and anything else is ignored. ok is false when the record is not an
// object (the gateway then drops the id).
func parseUsage(raw []byte) (usage, bool) {
	var u usage
	m, ok := membersOf(raw)
	if !ok {
		return u, false
	}
	for k, v, more := m.next(); more; k, v, more = m.next() {
		if name, plain := plainKey(k); plain {
			u.set(string(name), v)
		} else {
			u.set(memberKey(k), v)
		}
	}
	return u, true
}

// set stores v, the value of member name, as coerceProfileUsageStats
// would: a value it would not take leaves the field unset (zero), as a
// later member of the same name replaces an earlier one in JSON.parse.
func (u *usage) set(name string, v []byte) {
	switch name {
	case "lastUsed":
		u.LastUsed = finiteNumber(v)
	case "cooldownUntil":
		u.CooldownUntil = finiteNumber(v)
	case "blockedUntil":
		u.BlockedUntil = finiteNumber(v)
	case "disabledUntil":
		u.DisabledUntil = finiteNumber(v)
	case "cooldownReason":
		u.CooldownReason = failureReason(v)
	case "disabledReason":
		u.DisabledReason = failureReason(v)
	case "cooldownModel":
		u.CooldownModel = optionalString(v)
	case "blockedModel":
		u.BlockedModel = optionalString(v)
	case "blockedScope":
		// raw.blockedScope === "model", untrimmed.
		if s, ok := jsonString(v); ok && s == "model" {
			u.BlockedScope = s
		} else {
			u.BlockedScope = ""
		}
	}
}

// finiteNumber is asFiniteNumber: a JSON number that is finite (1e400 is
// Infinity to JSON.parse), else 0, the gateway's undefined.
func finiteNumber(v []byte) float64 {
	if jsonkind.Of(v) != "a number" {
		return 0
	}
	f, err := strconv.ParseFloat(string(trimSpace(v)), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// failureReasons are the gateway's AUTH_FAILURE_REASONS: the only reasons a
// usage record keeps.
var failureReasons = map[string]bool{
	"auth": true, "auth_permanent": true, "format": true, "overloaded": true, "rate_limit": true,
	"billing": true, "timeout": true, "model_not_found": true, "session_expired": true,
	"empty_response": true, "no_error_details": true, "unclassified": true, "unknown": true,
}

// failureReason is normalizeEnumValue over failureReasons: the string
// itself when it is one of them (exactly, untrimmed), else "".
func failureReason(v []byte) string {
	if s, ok := jsonString(v); ok && failureReasons[s] {
		return s
	}
	return ""
}

// optionalString is normalizeOptionalString: a string trimmed as
// JavaScript's trim() trims, "" for a blank one or any other value.
func optionalString(v []byte) string {
	s, ok := jsonString(v)
	if !ok {
		return ""
	}
	return strings.TrimFunc(s, func(r rune) bool { return r == '\uFEFF' || (r != 0x85 && unicode.IsSpace(r)) })
}
