package profile

// LowerFirst lowers the first letter of a sentence so it reads inside
// another ("anthropic:manual: expires in 1 h"), keeping acronyms and ids
// ("API key", "ANTHROPIC_API_KEY", "JSON") as they are.
func LowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	if len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
