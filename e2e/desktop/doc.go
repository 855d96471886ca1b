// Package desktope2e runs the real authtray binary on a real, private,
// headless Linux desktop and checks what a user would see: the tray item
// registered with the panel's StatusNotifierWatcher, its dbusmenu labels and
// tooltip, the icon's colour on screen, the notifications dunst receives,
// the menu following a credential file replaced by rename, a real xterm
// opened by "Re-authenticate…", and the ways it degrades (panel late, no
// bus, no notification server).
//
// Every test starts its own private D-Bus session (no service directories,
// so nothing is activated behind its back), Xvfb on a free display, xfconfd
// and xfce4-panel, and dunst, in temp HOMEs, and kills every process group
// it started. Without the desktop packages the tests skip with the list of
// packages to install; under CI=true they fail instead.
//
// `make screenshots` (TestScreenshots, which skips without
// AUTHTRAY_SCREENSHOTS=1) rewrites docs/screenshots/*.png from a real run.
package desktope2e
