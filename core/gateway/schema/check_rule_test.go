package schema

import "testing"

// rules is a schema with each value rule Compile reads, and the forms it
// must leave unchecked.
const rules = `{
  "type": "object",
  "properties": {
    "thinking": {"type": "string", "enum": ["off", "low", "medium", "high"]},
    "version": {"type": "number", "const": 1},
    "strict": {"type": "boolean", "const": true},
    "owner": {"const": "explicit"},
    "mixed": {"enum": ["a", 1]},
    "port": {"type": "integer", "minimum": 1, "maximum": 65535},
    "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "count": {"type": ["integer", "string"]},
    "name": {"type": "string", "minLength": 1, "maxLength": 4},
    "id": {"type": "string", "pattern": "^[a-z][a-z0-9_-]{0,63}$"},
    "look": {"type": "string", "pattern": "^(?!x)[a-z]+$"},
    "runtime": {"type": "string", "maxLength": 6, "pattern": "^[a-z][a-z0-9-]*$"},
    "url": {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]:\\/\\/"},
    "at": {"type": "string", "format": "date-time", "pattern": "^\\d{4}-\\d\\d-\\d\\dT"},
    "label": {"type": "string", "pattern": "^\\s*[a-z]+\\s*$"},
    "pair": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
    "profile": {"type": "object", "properties": {"provider": {"type": "string"}, "mode": {"type": "string"}}, "required": ["provider", "mode"], "additionalProperties": false},
    "level": {"anyOf": [{"type": "string", "const": "off"}, {"type": "string", "const": "on"}, {"type": "number", "minimum": 0}]},
    "ref": {"anyOf": [
      {"type": "object", "properties": {"source": {"type": "string", "const": "env"}, "id": {"type": "string"}}, "required": ["source", "id"], "additionalProperties": false},
      {"type": "object", "properties": {"source": {"type": "string", "const": "file"}, "path": {"type": "string"}}, "required": ["source", "path"], "additionalProperties": false}
    ]},
    "apiKeyMode": {"type": "string", "enum": ["a", "b"]},
    "oneMode": {"type": "string", "enum": ["route"]}
  },
  "additionalProperties": false
}`

func TestCheckRules(t *testing.T) {
	tree, err := Compile([]byte(rules), "test")
	if err != nil {
		t.Fatal(err)
	}
	thinking := []string{"off", "low", "medium", "high"}
	runCases(t, tree, []checkCase{
		{"each enum value", `{thinking: "off", version: 1, strict: true, owner: "explicit"}`, Issue{}},
		{"enum edge", `{thinking: "high"}`, Issue{}},
		{"enum", `{thinking: "hihg"}`, Issue{Path: "thinking", Broken: NotAllowed, Value: `"hihg"`, Allowed: thinking, Of: String}},
		{"enum is case-sensitive", `{thinking: "Off"}`, Issue{Path: "thinking", Broken: NotAllowed, Value: `"Off"`, Allowed: thinking, Of: String}},
		{"number const", `{version: 2}`, Issue{Path: "version", Broken: NotAllowed, Value: "2", Allowed: []string{"1"}, Of: Number}},
		{"bool const", `{strict: false}`, Issue{Path: "strict", Broken: NotAllowed, Value: "false", Allowed: []string{"true"}, Of: Bool}},
		{"an untyped const takes only its type", `{owner: 1}`, Issue{Path: "owner", Got: Number, Want: String}},
		{"an enum of mixed types is not checked", `{mixed: "b"}`, Issue{}},
		{"integer edges", `{port: 1}`, Issue{}},
		{"integer upper edge", `{port: 65535}`, Issue{}},
		{"integer", `{port: 80.5}`, Issue{Path: "port", Broken: NotWhole}},
		{"minimum", `{port: 0}`, Issue{Path: "port", Broken: TooSmall, Bound: 1}},
		{"maximum", `{port: 65536}`, Issue{Path: "port", Broken: TooLarge, Bound: 65535}},
		{"exclusive bounds inside", `{ratio: 0.5}`, Issue{}},
		{"exclusiveMinimum", `{ratio: 0}`, Issue{Path: "ratio", Broken: TooSmall, Bound: 0, Exclusive: true}},
		{"exclusiveMaximum", `{ratio: 1}`, Issue{Path: "ratio", Broken: TooLarge, Bound: 1, Exclusive: true}},
		{"integer or string", `{count: 1.5}`, Issue{Path: "count", Broken: NotWhole}},
		{"integer or string: a string", `{count: "1.5"}`, Issue{}},
		{"length edges", `{name: "a"}`, Issue{}},
		{"length upper edge", `{name: "abcd"}`, Issue{}},
		{"minLength", `{name: ""}`, Issue{Path: "name", Broken: TooShort, Bound: 1}},
		{"maxLength", `{name: "abcde"}`, Issue{Path: "name", Broken: TooLong, Bound: 4}},
		{"length counts UTF-16 units", `{name: "ab😀"}`, Issue{}},
		{"length counts UTF-16 units: over", `{name: "abc😀"}`, Issue{Path: "name", Broken: TooLong, Bound: 4}},
		{"pattern edge", `{id: "default"}`, Issue{}},
		{"pattern", `{id: "1st"}`, Issue{Path: "id", Broken: BadForm, Pattern: "(?i)^[a-z][a-z0-9_-]{0,63}$"}},
		{"patterns ignore case", `{id: "Default"}`, Issue{}},
		{"lookahead pattern is not checked", `{look: "xyz1"}`, Issue{}},
		{"a pattern beside a format is not checked", `{url: "https:example.com"}`, Issue{}},
		{"a pattern beside another format is", `{at: "2026-13"}`, Issue{Path: "at", Broken: BadForm, Pattern: `(?i)^\d{4}-\d\d-\d\dT`}},
		{"zod may trim before the pattern", `{runtime: " codex "}`, Issue{}},
		{"zod may trim before the maximum", `{runtime: "codex6 "}`, Issue{}},
		{"trimmed, still too long", `{runtime: " codex67 "}`, Issue{Path: "runtime", Broken: TooLong, Bound: 6}},
		{"trimmed, still not in form", `{runtime: " 1x "}`, Issue{Path: "runtime", Broken: BadForm, Pattern: "(?i)^[a-z][a-z0-9-]*$"}},
		{"\\s is JavaScript's", "{label: \"\u00a0abc\u3000\"}", Issue{}},
		{"\\s is JavaScript's: not in form", `{label: "a b"}`, Issue{Path: "label", Broken: BadForm, Pattern: "(?i)^[" + jsSpace + "]*[a-z]+[" + jsSpace + "]*$"}},
		{"items edges", `{pair: ["a", "b"]}`, Issue{}},
		{"minItems", `{pair: []}`, Issue{Path: "pair", Broken: TooFew, Bound: 1}},
		{"maxItems", `{pair: ["a", "b", "c"]}`, Issue{Path: "pair", Broken: TooMany, Bound: 2}},
		{"required edge", `{profile: {provider: "anthropic", mode: "token"}}`, Issue{}},
		{"required", `{profile: {provider: "anthropic"}}`, Issue{Path: "profile", Key: "mode", Broken: Missing}},
		{"union: a literal", `{level: "on"}`, Issue{}},
		{"union: the number branch", `{level: 3}`, Issue{}},
		{"union: every literal refuses it", `{level: "of"}`, Issue{Path: "level", Broken: NotAllowed, Value: `"of"`, Allowed: []string{"off", "on"}, Of: String}},
		{"union: the number branch's bound", `{level: -1}`, Issue{Path: "level", Broken: TooSmall, Bound: 0}},
		{"tagged union: its branch", `{ref: {source: "file", path: "/x"}}`, Issue{}},
		{"tagged union: the tag's branch is shown", `{ref: {source: "file", id: "X"}}`, Issue{Path: "ref", Key: "id"}},
		{"tagged union: no tag matches", `{ref: {source: "vault", id: "X"}}`, Issue{Path: "ref.source", Broken: NotAllowed, Value: `"vault"`, Allowed: []string{"env", "file"}, Of: String}},
		{"a secret-named key's value is not shown", `{apiKeyMode: "c"}`, Issue{Path: "apiKeyMode", Broken: NotAllowed, Allowed: []string{"a", "b"}, Of: String}},
		{"a secret-shaped value is not shown", `{thinking: "sk-ant-oat01-AAAAAAAAAAAAAAAAAAAAAAAA"}`, Issue{Path: "thinking", Broken: NotAllowed, Allowed: thinking, Of: String}},
		{"a long value is not shown", `{thinking: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}`, Issue{Path: "thinking", Broken: NotAllowed, Allowed: thinking, Of: String}},
		{"one allowed value", `{oneMode: "rout"}`, Issue{Path: "oneMode", Broken: NotAllowed, Value: `"rout"`, Allowed: []string{"route"}, Of: String}},
	})
}

func TestRuleSentence(t *testing.T) {
	for _, tt := range []struct {
		is   Issue
		want string
	}{
		{Issue{Path: "agents.defaults.thinking", Broken: NotAllowed, Value: `"hihg"`, Allowed: []string{"off", "low", "medium", "high"}, Of: String},
			`agents.defaults.thinking is "hihg", which is not one of off, low, medium, high`},
		{Issue{Path: "agents.defaults.thinking", Broken: NotAllowed, Allowed: []string{"off", "low"}, Of: String},
			`agents.defaults.thinking is not one of off, low`},
		{Issue{Path: "bindings[0].type", Broken: NotAllowed, Value: `"rout"`, Allowed: []string{"route"}, Of: String},
			`bindings[0].type is "rout", which is not "route", the only value the gateway takes there`},
		{Issue{Path: "x", Broken: NotAllowed, Allowed: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m"}, Of: String},
			`x is not one of the 13 values the gateway takes there`},
		{Issue{Path: "gateway.port", Broken: NotWhole}, `gateway.port is not a whole number, where the gateway takes only whole numbers`},
		{Issue{Path: "gateway.port", Broken: TooSmall, Bound: 1}, `gateway.port is too small: the gateway takes at least 1`},
		{Issue{Path: "a.timeout", Broken: TooSmall, Exclusive: true}, `a.timeout is too small: the gateway takes only numbers above 0`},
		{Issue{Path: "gateway.port", Broken: TooLarge, Bound: 65535}, `gateway.port is too large: the gateway takes at most 65535`},
		{Issue{Path: "r", Broken: TooLarge, Bound: 1, Exclusive: true}, `r is too large: the gateway takes only numbers below 1`},
		{Issue{Path: "n", Broken: TooLarge, Bound: 9007199254740991}, `n is too large: the gateway takes at most 9007199254740991`},
		{Issue{Path: "name", Broken: TooShort, Bound: 1}, `name is empty, where the gateway takes a string of at least 1 character`},
		{Issue{Path: "name", Broken: TooShort, Bound: 3}, `name is too short: the gateway takes at least 3 characters`},
		{Issue{Path: "name", Broken: TooLong, Bound: 128}, `name is too long: the gateway takes at most 128 characters`},
		{Issue{Path: "pair", Broken: TooFew, Bound: 1}, `pair has too few entries: the gateway takes at least 1`},
		{Issue{Path: "pair", Broken: TooMany, Bound: 2}, `pair has too many entries: the gateway takes at most 2`},
		{Issue{Path: "ref.id", Broken: BadForm, Pattern: "(?i)^[A-Z]+$"}, `ref.id is not in the form the gateway takes there (it must match ^[A-Z]+$)`},
		{Issue{Path: `auth.profiles["a:b"]`, Key: "mode", Broken: Missing}, `auth.profiles["a:b"] has no "mode", which the gateway requires there`},
		{Issue{Broken: Missing}, `the top level lacks a key the gateway requires there`},
	} {
		if got := tt.is.Sentence(); got != tt.want {
			t.Errorf("Sentence(%+v) = %q, want %q", tt.is, got, tt.want)
		}
	}
}
