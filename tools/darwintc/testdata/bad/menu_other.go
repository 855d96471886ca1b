//go:build !darwin || !cgo

package menu

func title() string { return "authtray" }
