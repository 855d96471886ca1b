package gateway

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/authtray/authtray/core/jsonkind"
)

// A profile entry is read in one walk of its members (see members), into
// the few fields parseCredential reads.

// credFields are the members of a profile entry that parseCredential
// reads, each the raw value of the last member of that name (nil when
// absent), as a map of the entry would hold them: an entry is read in one
// walk, with no map or key string of its own.
type credFields struct {
	typ, mode, provider, email          []byte
	key, apiKey, token, access, refresh []byte
	keyRef, tokenRef, oauthRef, expires []byte
}

// readCredFields reads an entry's fields, as objectMap reads an object: a
// null has none; ok is false for anything else not an object.
func readCredFields(raw []byte) (credFields, bool) {
	var f credFields
	if bytes.Equal(trimSpace(raw), []byte("null")) {
		return f, true
	}
	m, ok := membersOf(raw)
	if !ok {
		return f, false
	}
	for k, v, more := m.next(); more; k, v, more = m.next() {
		if body, plain := plainKey(k); plain {
			f.set(string(body), v)
		} else {
			f.set(memberKey(k), v)
		}
	}
	return f, true
}

func (f *credFields) set(name string, v []byte) {
	var p *[]byte
	switch name {
	case "type":
		p = &f.typ
	case "mode":
		p = &f.mode
	case "provider":
		p = &f.provider
	case "email":
		p = &f.email
	case "key":
		p = &f.key
	case "apiKey":
		p = &f.apiKey
	case "token":
		p = &f.token
	case "access":
		p = &f.access
	case "refresh":
		p = &f.refresh
	case "keyRef":
		p = &f.keyRef
	case "tokenRef":
		p = &f.tokenRef
	case "oauthRef":
		p = &f.oauthRef
	case "expires":
		p = &f.expires
	default:
		return
	}
	*p = v
}

// text is a field's string value, trimmed; "" when it is absent or no
// string.
func text(v []byte) string {
	s, _ := jsonString(v)
	return strings.TrimSpace(s)
}

// expiresOf reads a present expires: a positive finite number, else 0, and
// for a value that is no number the name of its type.
func expiresOf(v []byte) (*float64, string) {
	e := 0.0
	if t := jsonkind.Of(v); t != "a number" {
		return &e, t
	}
	// What json.Unmarshal into a float64 does with a number.
	if f, err := strconv.ParseFloat(string(trimSpace(v)), 64); err == nil && f > 0 && !math.IsInf(f, 0) {
		e = f
	}
	return &e, ""
}
