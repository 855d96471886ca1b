//go:build !linux && !(darwin && cgo)

package tray

import "context"

// Run on a build without a tray (macOS needs cgo for its menu bar).
func Run(ctx context.Context, app *App, logf func(string, ...any)) int {
	logf("This authtray was built without the tray (macOS builds need cgo); `authtray status` still works.")
	return 1
}
