// Package menu is a planted error for darwintc's test: menu_darwin.go is
// only compiled by a darwin cgo build, so neither Linux vet nor darwin
// CGO_ENABLED=0 vet sees its mistakes.
package menu

// Title is what the tray shows.
func Title() string { return title() }
