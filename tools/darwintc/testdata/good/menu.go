// Package menu is the passing twin of the planted error in ../bad: the same
// darwin-only cgo file, written correctly.
package menu

// Title is what the tray shows.
func Title() string { return title() }
