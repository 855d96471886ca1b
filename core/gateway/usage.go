package gateway

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authtray/authtray/core/jsonkind"
)

// A state row's usageStats hold a record per profile; a large host has
// thousands. They are read without json.Unmarshal (reflection, per
// record) whenever that gives the same.

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

// parseUsage is json.Unmarshal of one usage record, ok when it gives no
// error. Records as the gateway writes them (its own field names, numbers
// and plain strings) are read in one walk; any other goes through
// json.Unmarshal (a key in other case, an escape, a wrong type).
func parseUsage(raw []byte) (usage, bool) {
	var u usage
	m, ok := membersOf(raw)
	if !ok {
		return u, json.Unmarshal(raw, &u) == nil
	}
	for k, v, more := m.next(); more; k, v, more = m.next() {
		name, plain := plainKey(k)
		if !plain || !u.set(string(name), v) {
			u = usage{}
			return u, json.Unmarshal(raw, &u) == nil
		}
	}
	return u, true
}

// set stores v, the value of member name, as json.Unmarshal would; false
// when that is not known without it.
func (u *usage) set(name string, v []byte) bool {
	var num *float64
	var str *string
	switch name {
	case "lastUsed":
		num = &u.LastUsed
	case "cooldownUntil":
		num = &u.CooldownUntil
	case "blockedUntil":
		num = &u.BlockedUntil
	case "disabledUntil":
		num = &u.DisabledUntil
	case "cooldownReason":
		str = &u.CooldownReason
	case "cooldownModel":
		str = &u.CooldownModel
	case "blockedModel":
		str = &u.BlockedModel
	case "blockedScope":
		str = &u.BlockedScope
	case "disabledReason":
		str = &u.DisabledReason
	default:
		// Another member is ignored, unless json would match it to a
		// field in another case (its match ignores case).
		return !usageFieldFold(name)
	}
	if string(v) == "null" {
		return true // leaves the field as it was
	}
	if num != nil {
		if jsonkind.Of(v) != "a number" {
			return false
		}
		f, err := strconv.ParseFloat(string(v), 64)
		*num = f
		return err == nil
	}
	if len(v) < 2 || v[0] != '"' || !plainString(v[1:len(v)-1]) {
		return false
	}
	*str = string(v[1 : len(v)-1])
	return true
}

// usageFieldFold: name may be one of usage's fields in another case (any
// name that is not ASCII may be, by Unicode folding).
func usageFieldFold(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, f := range []string{"lastUsed", "cooldownUntil", "cooldownReason", "cooldownModel", "blockedUntil", "blockedModel", "blockedScope", "disabledUntil", "disabledReason"} {
		if strings.EqualFold(name, f) {
			return true
		}
	}
	return false
}
