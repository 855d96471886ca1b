// Package jsonkind names the JSON type of a raw value for a sentence ("is
// a string, not an object"), as the sources say what they found where a
// credential file holds the wrong type.
package jsonkind

import (
	"bytes"
	"encoding/json"
)

// Of names the type of a well-formed JSON value from its first byte: "a
// string", "a number", "a boolean", "null", "an object", "an array", or
// "empty" for no value at all.
func Of(v json.RawMessage) string {
	t := bytes.TrimSpace(v)
	if len(t) == 0 {
		return "empty"
	}
	switch t[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
