package safetext

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

type kind string

type inner struct {
	Name  kind
	Tags  []string
	When  *time.Time
	Any   any
	plain string
}

type outer struct {
	ID     string
	N      int
	At     time.Time
	Inner  inner
	Ptr    *inner
	List   []inner
	Arr    [2]string
	ByName map[string]string
	Nil    []string
	NilPtr *inner
}

func TestWalk(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	in := outer{
		ID: "a", N: 3, At: at,
		Inner:  inner{Name: "b", Tags: []string{"c"}, When: &at, Any: "d", plain: "e"},
		Ptr:    &inner{Name: "f"},
		List:   []inner{{Name: "g"}},
		Arr:    [2]string{"h", "i"},
		ByName: map[string]string{"j": "k"},
	}
	got := Walk(in, strings.ToUpper)
	want := outer{
		ID: "A", N: 3, At: at,
		Inner:  inner{Name: "B", Tags: []string{"C"}, When: &at, Any: "D", plain: "e"},
		Ptr:    &inner{Name: "F"},
		List:   []inner{{Name: "G"}},
		Arr:    [2]string{"H", "I"},
		ByName: map[string]string{"J": "K"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk = %+v\nwant   %+v", got, want)
	}
	// A copy: the input is untouched.
	if in.ID != "a" || in.Ptr.Name != "f" || in.List[0].Name != "g" || in.Inner.Tags[0] != "c" || in.ByName["j"] != "k" {
		t.Errorf("Walk changed its input: %+v", in)
	}
	if got.Inner.When == in.Inner.When {
		t.Error("Walk shares a pointer with its input")
	}
}
