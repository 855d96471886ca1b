package gateway

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"

	"github.com/authtray/authtray/core/redact"
)

// localProvider is the host of the models.providers entry of provider when
// the gateway serves that provider's models without any key
// (hasSyntheticLocalProviderAuthConfig, dist/loader-runtime-load-*.mjs): a
// custom provider on this machine or its network (a local Ollama, vLLM or
// LM Studio server) that states a baseUrl, an api and at least one model,
// holds no apiKey, and does not ask for an auth mode other than "api-key".
// Its models status then counts the provider as usable, so a model of it
// without a profile is not "missing".
func (c config) localProvider(provider string) (name, host string, ok bool) {
	name, entry := c.providerEntry(provider)
	if entry == nil {
		return "", "", false
	}
	if auth, set := entry["auth"].(string); set && isAuthOverride(auth) && auth != "api-key" {
		return "", "", false
	}
	base, _ := entry["baseUrl"].(string)
	api, _ := entry["api"].(string)
	models, _ := entry["models"].([]any)
	if strings.TrimSpace(base) == "" || strings.TrimSpace(api) == "" || len(models) == 0 || hasExplicitKey(entry["apiKey"]) {
		return "", "", false
	}
	host = urlHost(base)
	return name, host, isLocalHost(host)
}

// servesLocally says provider is a local provider that needs no key.
func (c config) servesLocally(provider string) bool {
	_, _, ok := c.localProvider(provider)
	return ok
}

// isAuthOverride is resolveProviderAuthOverride: the auth modes a
// provider entry can ask for; any other value asks for none.
func isAuthOverride(auth string) bool {
	switch auth {
	case "api-key", "aws-sdk", "oauth", "token":
		return true
	}
	return false
}

// hasExplicitKey is hasExplicitProviderApiKeyConfig: a non-blank string
// or a SecretRef.
func hasExplicitKey(v any) bool {
	if s, ok := v.(string); ok && strings.TrimSpace(s) != "" {
		return true
	}
	_, isRef := refFromAny(v)
	return isRef
}

// localHostAliases are the container hosts the gateway counts as local
// (MODEL_AUTH_LOCAL_HOST_ALIASES).
var localHostAliases = map[string]bool{
	"docker.orb.internal":  true,
	"host.docker.internal": true,
	"host.orb.internal":    true,
}

// isLocalHost is isLocalProviderBaseUrl for a host as urlHost gives it:
// localhost, 0.0.0.0, a .local name, a container alias, a loopback address
// (an IPv4-mapped one too), or a private IPv4 address (RFC 1918).
func isLocalHost(host string) bool {
	if host == "localhost" || host == "0.0.0.0" || strings.HasSuffix(host, ".local") || localHostAliases[host] {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || ip.Zone() != "" {
		return false
	}
	if ip.Unmap().IsLoopback() {
		return true
	}
	// Only a dotted IPv4 literal is private: ipaddr.js gives IPv6
	// addresses, mapped ones included, no "private" range.
	return ip.Is4() && ip.IsPrivate()
}

// urlHost is the hostname Node's URL parser (WHATWG) gives raw:
// lower-cased, without brackets, an IPv4 address of a special scheme in
// its dotted form ("127.1" and "0x7f.0.0.1" are 127.0.0.1); "" when it has
// none or does not parse.
func urlHost(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		return host // an IPv6 address: it was in brackets
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ws", "wss", "ftp", "file":
		if v4, isNum, ok := whatwgIPv4(host); isNum {
			if !ok {
				return "" // new URL throws: an invalid IPv4 host
			}
			return v4
		}
	}
	return host
}

// whatwgIPv4 is the URL standard's IPv4 parser. isNum says host ends in a
// number, so it must be an IPv4 address; ok says it is one, given as
// dotted decimal.
func whatwgIPv4(host string) (v4 string, isNum, ok bool) {
	parts := strings.Split(host, ".")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if !endsInNumber(parts[len(parts)-1]) {
		return "", false, false
	}
	if len(parts) > 4 {
		return "", true, false
	}
	var n []uint64
	for _, p := range parts {
		v, good := ipv4Number(p)
		if !good {
			return "", true, false
		}
		n = append(n, v)
	}
	last := n[len(n)-1]
	if last >= 1<<(8*(5-len(n))) {
		return "", true, false
	}
	addr := last
	for i, v := range n[:len(n)-1] {
		if v > 255 {
			return "", true, false
		}
		addr += v << (8 * (3 - i))
	}
	a := [4]byte{byte(addr >> 24), byte(addr >> 16), byte(addr >> 8), byte(addr)}
	return netip.AddrFrom4(a).String(), true, true
}

// endsInNumber is the URL standard's "ends in a number" for the last part.
func endsInNumber(last string) bool {
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, ok := ipv4Number(last)
	return ok
}

// ipv4Number parses one part: 0x… hexadecimal, 0… octal, else decimal;
// "0x" alone is 0.
func ipv4Number(p string) (uint64, bool) {
	base := 10
	switch {
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		p, base = p[2:], 16
		if p == "" {
			return 0, true
		}
	case len(p) > 1 && p[0] == '0':
		p, base = p[1:], 8
	case p == "":
		return 0, false
	}
	v, err := strconv.ParseUint(p, base, 64)
	if err != nil {
		// Too large for 64 bits is still a number, and too large for IPv4.
		if ne, isNum := err.(*strconv.NumError); isNum && ne.Err == strconv.ErrRange {
			return 1 << 40, true
		}
		return 0, false
	}
	return v, true
}

// printableHost is host when it may be shown: short and not shaped like a
// secret.
func printableHost(host string) string {
	if len(host) > 64 || redact.Shaped(host) {
		return ""
	}
	return host
}
