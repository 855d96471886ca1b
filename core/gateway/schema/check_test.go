package schema

import (
	"reflect"
	"testing"

	"github.com/authtray/authtray/core/json5"
)

// small is a schema with each construct Compile reads.
const small = `{
  "type": "object",
  "properties": {
    "name": {"type": "string"},
    "agents": {
      "type": "object",
      "properties": {
        "defaults": {"type": "object", "properties": {"model": {"type": "string"}}, "additionalProperties": false},
        "entries": {"type": "object", "propertyNames": {"pattern": "^[a-z0-9_][a-z0-9_-]{0,63}$"},
          "additionalProperties": {"type": "object", "properties": {"dir": {"type": "string"}}, "additionalProperties": false}}
      },
      "additionalProperties": false
    },
    "bindings": {"type": "array", "items": {"type": "object", "properties": {"agent": {"type": "string"}}, "additionalProperties": false}},
    "auth": {"anyOf": [
      {"type": "string"},
      {"type": "object", "properties": {"mode": {"type": "string"}}, "additionalProperties": false},
      {"type": "object", "properties": {"token": {"type": "string"}}, "additionalProperties": false}
    ]},
    "plugin": {"type": "object", "properties": {"config": {"type": "object", "additionalProperties": {}}}, "additionalProperties": false},
    "mixed": {"allOf": [{"type": "object", "properties": {"a": {}}, "additionalProperties": false}]},
    "look": {"type": "object", "propertyNames": {"pattern": "^(?!x)[a-z]+$"}, "additionalProperties": {"type": "number"}},
    "open": {"type": "object"},
    "providers": {"type": "object", "additionalProperties": {"type": "object", "properties": {"apiKey": {"type": "string"}}, "additionalProperties": false}}
  },
  "additionalProperties": false
}`

func TestCheck(t *testing.T) {
	tree, err := Compile([]byte(small), "test")
	if err != nil {
		t.Fatal(err)
	}
	runCases(t, tree, []checkCase{
		{"empty", `{}`, Issue{}},
		{"known keys", `{name: "x", agents: {defaults: {model: "m"}, entries: {main: {dir: "d"}}}}`, Issue{}},
		{"top-level typo", `{nmae: "x"}`, Issue{Key: "nmae"}},
		{"nested typo", `{agents: {defaults: {modle: "m"}}}`, Issue{Path: "agents.defaults", Key: "modle"}},
		{"record entry typo", `{agents: {entries: {main: {dri: "d"}}}}`, Issue{Path: "agents.entries.main", Key: "dri"}},
		{"record key pattern", `{agents: {entries: {"Work Bot": {}}}}`, Issue{Path: "agents.entries", Key: "Work Bot", BadName: true}},
		{"key patterns ignore case", `{agents: {entries: {Main: {}}}}`, Issue{}},
		{"array element", `{bindings: [{agent: "a"}, {agnet: "a"}]}`, Issue{Path: "bindings[1]", Key: "agnet"}},
		{"first issue in file order", `{agents: {defaults: {b: 1}}, a: 1}`, Issue{Path: "agents.defaults", Key: "b"}},
		{"union: one branch takes it", `{auth: {token: "t"}}`, Issue{}},
		{"union: the other branch", `{auth: {mode: "m"}}`, Issue{}},
		{"union: no branch takes it", `{auth: {mood: "m"}}`, Issue{Path: "auth", Key: "mood"}},
		{"union: another type", `{auth: "s"}`, Issue{}},
		{"union: a type none takes", `{auth: 5}`, Issue{Path: "auth", Got: Number, Want: String | Object}},
		{"a type error", `{agents: "no"}`, Issue{Path: "agents", Got: String, Want: Object}},
		{"a nested type error", `{agents: {defaults: {model: 5}}}`, Issue{Path: "agents.defaults.model", Got: Number, Want: String}},
		{"null where a setting may be left out", `{name: null}`, Issue{Path: "name", Got: Null, Want: String}},
		{"an array element's type", `{bindings: [{agent: "a"}, "b"]}`, Issue{Path: "bindings[1]", Got: String, Want: Object}},
		{"open payload", `{plugin: {config: {anything: {at: "all"}}}}`, Issue{}},
		{"allOf is not checked", `{mixed: {b: 1}}`, Issue{}},
		{"lookahead pattern is not checked", `{look: {xyz: 1}}`, Issue{}},
		{"open object", `{open: {any: 1}}`, Issue{}},
		{"unsafe key is not shown", `{agents: {defaults: {"sk-ant-oat01-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA": 1}}}`, Issue{Path: "agents.defaults"}},
		{"unsafe key name is not shown", `{agents: {entries: {"tok.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd": {}}}}`, Issue{Path: "agents.entries", BadName: true}},
		{"unsafe path segment is not shown", `{providers: {"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd": {x: 1}}}`, Issue{Path: `providers["…"]`, Key: "x"}},
		{"quoted path segment", `{providers: {"a.b": {x: 1}}}`, Issue{Path: `providers["a.b"]`, Key: "x"}},
	})
}

// checkCase is a config and the issue Check must find (zero: it passes).
type checkCase struct {
	name, config string
	want         Issue
}

func runCases(t *testing.T, tree *Tree, cases []checkCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			v, err := json5.Parse([]byte(tt.config))
			if err != nil {
				t.Fatal(err)
			}
			got, refused := tree.Check(v)
			if refused != !reflect.DeepEqual(tt.want, Issue{}) || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check = %+v, %v; want %+v", got, refused, tt.want)
			}
		})
	}
}

func TestSentence(t *testing.T) {
	for _, tt := range []struct {
		is   Issue
		want string
	}{
		{Issue{Path: "agents.defaults", Key: "modle"}, `agents.defaults has "modle", which is not a setting the gateway knows`},
		{Issue{Key: "nmae"}, `the top level has "nmae", which is not a setting the gateway knows`},
		{Issue{Path: "agents.entries", Key: "Work Bot", BadName: true}, `"Work Bot" in agents.entries is not a name the gateway allows there`},
		{Issue{Path: "agents.defaults"}, `agents.defaults has a key, which is not a setting the gateway knows`},
		{Issue{Path: "gateway.port", Got: String, Want: Number}, `gateway.port is a string, where the gateway takes a number`},
		{Issue{Path: "auth", Got: Number, Want: String | Object | Null}, `auth is a number, where the gateway takes an object, a string or null`},
	} {
		if got := tt.is.Sentence(); got != tt.want {
			t.Errorf("Sentence(%+v) = %q, want %q", tt.is, got, tt.want)
		}
	}
}
