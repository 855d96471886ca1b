package gateway

import (
	"math"
	"strconv"

	"github.com/authtray/authtray/core/jsonkind"
)

// A state row's usageStats hold a record per profile; a large host has
// thousands. They are read in one walk each, without json.Unmarshal
// (reflection, per record), field by field as the gateway reads them.

// usageOf reads usageStats as the gateway's normalizeUsageStats does:
// each entry of the object (jsEntries: JSON.parse's last value of a key,
// in JavaScript's order) under its id trimmed as JavaScript trims; an
// entry with a blank id, or one that is no usage record the gateway keeps
// (parseUsage), is skipped, leaving any earlier entry of the same trimmed
// id as it was. nil (the gateway's undefined) when raw is not an object
// or keeps no entry.
func usageOf(raw []byte) map[string]usage {
	es, _ := jsEntries(raw)
	var out map[string]usage
	for _, e := range es {
		id := jsTrim(e.key)
		u, ok := parseUsage(e.val)
		if id == "" || !ok {
			continue
		}
		if out == nil {
			out = make(map[string]usage, len(es)) // one allocation, not one per doubling
		}
		out[id] = u
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
// object, or when no member of it is one the gateway takes (its stats
// are empty): the gateway then skips the entry.
func parseUsage(raw []byte) (usage, bool) {
	var w usageWalk
	m, ok := membersOf(raw)
	if !ok {
		return w.u, false
	}
	for k, v, more := m.next(); more; k, v, more = m.next() {
		if name, plain := plainKey(k); plain {
			w.set(string(name), v)
		} else {
			w.set(memberKey(k), v)
		}
	}
	return w.u, w.defined != 0
}

// usageWalk is one walk over a usage record: the fields kept, and a bit
// per member the gateway takes that was last given a value it takes (a
// later member of the same name replaces an earlier one in JSON.parse).
// A cooldownClassification counts only beside a cooldownReason, which is
// itself a member taken, so it needs no bit.
type usageWalk struct {
	u       usage
	defined uint32
}

func (w *usageWalk) set(name string, v []byte) {
	bit, ok := w.field(name, v)
	if ok {
		w.defined |= bit
	} else {
		w.defined &^= bit
	}
}

// field stores v as member name when it is a field kept, and says which
// bit name is (0: a member the gateway ignores) and whether the gateway
// takes v there.
func (w *usageWalk) field(name string, v []byte) (uint32, bool) {
	u := &w.u
	switch name {
	case "lastUsed":
		return 1 << 0, finiteNumberTo(&u.LastUsed, v)
	case "cooldownUntil":
		return 1 << 1, finiteNumberTo(&u.CooldownUntil, v)
	case "blockedUntil":
		return 1 << 2, finiteNumberTo(&u.BlockedUntil, v)
	case "disabledUntil":
		return 1 << 3, finiteNumberTo(&u.DisabledUntil, v)
	case "cooldownReason":
		u.CooldownReason = failureReason(v)
		return 1 << 4, u.CooldownReason != ""
	case "disabledReason":
		u.DisabledReason = failureReason(v)
		return 1 << 5, u.DisabledReason != ""
	case "cooldownModel":
		u.CooldownModel = optionalString(v)
		return 1 << 6, u.CooldownModel != ""
	case "blockedModel":
		u.BlockedModel = optionalString(v)
		return 1 << 7, u.BlockedModel != ""
	case "blockedScope":
		// raw.blockedScope === "model", untrimmed.
		u.BlockedScope = ""
		if s, ok := jsonString(v); ok && s == "model" {
			u.BlockedScope = s
		}
		return 1 << 8, u.BlockedScope != ""
	case "errorCount":
		return 1 << 9, isFiniteNumber(v)
	case "lastFailureAt":
		return 1 << 10, isFiniteNumber(v)
	case "lastProbeAt":
		return 1 << 11, isFiniteNumber(v)
	case "blockedReason":
		s, _ := jsonString(v)
		return 1 << 12, s == "subscription_limit"
	case "blockedSource":
		s, _ := jsonString(v)
		return 1 << 13, s == "codex_rate_limits" || s == "wham"
	case "failureCounts":
		return 1 << 14, anyFailureCount(v)
	}
	return 0, false
}

// finiteNumberTo sets *f to finiteNumber(v) and reports whether v is one
// (asFiniteNumber's value is not undefined).
func finiteNumberTo(f *float64, v []byte) bool {
	*f = finiteNumber(v)
	return *f != 0 || isFiniteNumber(v)
}

// isFiniteNumber: v is a JSON number JSON.parse reads as finite.
func isFiniteNumber(v []byte) bool {
	if jsonkind.Of(v) != "a number" {
		return false
	}
	f, err := strconv.ParseFloat(string(trimSpace(v)), 64)
	return err == nil && !math.IsInf(f, 0)
}

// anyFailureCount is whether normalizeFailureCounts keeps anything of v:
// an object with a member named exactly for a failure reason whose
// (last) value is a finite number above 0.
func anyFailureCount(v []byte) bool {
	es, _ := jsEntries(v)
	for _, e := range es {
		if f := finiteNumber(e.val); failureReasons[e.key] && f > 0 {
			return true
		}
	}
	return false
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
	return jsTrim(s)
}
