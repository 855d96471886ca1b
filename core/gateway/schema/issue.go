package schema

import (
	"strconv"
	"strings"
)

// Issue is a key, or a value, the gateway's schema refuses.
type Issue struct {
	// Path is the object that holds the key, as the gateway writes paths
	// (agents.defaults, agents.entries["Work Bot"], bindings[0]); "" is
	// the config's top level. For a value of the wrong type, or one that
	// breaks a rule, it is the value's own path.
	Path string
	// Key is the key as written, "" when it is not safe to show (it looks
	// like a credential, or is long or unprintable). For a missing key it
	// is the key the schema requires.
	Key string
	// BadName: the key's name is not one the gateway allows there (a
	// record key failing its pattern), rather than a key it does not know.
	BadName bool
	// Got and Want are set for a value of a JSON type the schema does not
	// take there: its type, and the types it takes.
	Got, Want Kind
	// Broken is the rule the value breaks (NoRule for the key and type
	// issues above).
	Broken Broken
	// Value is the value that is not one of Allowed, as a sentence shows
	// it (a string quoted), when it may be shown: only these values are
	// ever shown.
	Value string
	// Allowed are the values the gateway takes there (NotAllowed), of the
	// type Of.
	Allowed []string
	Of      Kind
	// Bound is the limit broken (TooSmall to TooMany), Exclusive when the
	// bound itself is not allowed either.
	Bound     float64
	Exclusive bool
	// Pattern is the form a string must have (BadForm).
	Pattern string
}

// Broken names a value rule.
type Broken uint8

// The value rules.
const (
	NoRule     Broken = iota
	NotAllowed        // not one of the enum's values
	NotWhole          // a number where a whole number is required
	TooSmall          // below the minimum
	TooLarge          // above the maximum
	TooShort          // a string shorter than its minimum length
	TooLong           // a string longer than its maximum length
	TooFew            // an array with fewer items than its minimum
	TooMany           // an array with more items than its maximum
	BadForm           // a string that does not match its pattern
	Missing           // an object without a key it requires
)

// Printable reports whether a config key may be shown in a sentence:
// short, printable, and not shaped like a credential pasted in the wrong
// place.
func Printable(key string) bool { return shown(key) }

// Sentence says what is wrong in words a user can act on.
func (is Issue) Sentence() string {
	key := "a key"
	if is.Key != "" {
		key = strconv.Quote(is.Key)
	}
	where := "the top level"
	if is.Path != "" {
		where = is.Path
	}
	switch {
	case is.Broken != NoRule:
		return is.ruleSentence(where, key)
	case is.Want != 0:
		return where + " is " + is.Got.String() + ", where the gateway takes " + is.Want.String()
	case is.BadName:
		return key + " in " + where + " is not a name the gateway allows there"
	}
	return where + " has " + key + ", which is not a setting the gateway knows"
}

func (is Issue) ruleSentence(where, key string) string {
	bound := strconv.FormatFloat(is.Bound, 'f', -1, 64)
	switch is.Broken {
	case NotAllowed:
		return where + is.notAllowed()
	case NotWhole:
		return where + " is not a whole number, where the gateway takes only whole numbers"
	case TooSmall:
		if is.Exclusive {
			return where + " is too small: the gateway takes only numbers above " + bound
		}
		return where + " is too small: the gateway takes at least " + bound
	case TooLarge:
		if is.Exclusive {
			return where + " is too large: the gateway takes only numbers below " + bound
		}
		return where + " is too large: the gateway takes at most " + bound
	case TooShort:
		if is.Bound == 1 {
			return where + " is empty, where the gateway takes a string of at least 1 character"
		}
		return where + " is too short: the gateway takes at least " + bound + " characters"
	case TooLong:
		return where + " is too long: the gateway takes at most " + bound + " characters"
	case TooFew:
		return where + " has too few entries: the gateway takes at least " + bound
	case TooMany:
		return where + " has too many entries: the gateway takes at most " + bound
	case BadForm:
		return where + " is not in the form the gateway takes there (it must match " + strings.TrimPrefix(is.Pattern, "(?i)") + ")"
	case Missing:
		if is.Key == "" {
			return where + " lacks a key the gateway requires there"
		}
		return where + " has no " + key + ", which the gateway requires there"
	}
	return where + " is not a value the gateway takes there"
}

// maxListed is how many allowed values a sentence lists.
const maxListed = 12

func (is Issue) notAllowed() string {
	s := ""
	if is.Value != "" {
		s = " is " + is.Value + ", which"
	}
	switch n := len(is.Allowed); {
	case n == 1:
		only := is.Allowed[0]
		if is.Of == String {
			only = strconv.Quote(only)
		}
		return s + " is not " + only + ", the only value the gateway takes there"
	case n > maxListed:
		return s + " is not one of the " + strconv.Itoa(n) + " values the gateway takes there"
	}
	return s + " is not one of " + strings.Join(is.Allowed, ", ")
}
