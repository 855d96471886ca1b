package desktope2e

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// screen clicks the icon in the panel the way a user does (xdotool) and
// checks that the real menu window opens. (TestScreenshots writes the
// README's screenshots.)
func screen(t *testing.T, d *desktop, a *app) {
	if iconAt == (image.Point{}) {
		t.Skip("the icon was not found on screen")
	}
	xdo(t, d, "mousemove", strconv.Itoa(iconAt.X), strconv.Itoa(iconAt.Y), "click", "1")
	var win string
	took := d.waitFor(t, "the tray menu window", 5*time.Second, func() bool {
		win = menuWindow(d)
		return win != ""
	})
	t.Logf("menu window %s opened %v after the click on %v", win, took.Round(time.Millisecond), iconAt)
	xdo(t, d, "key", "Escape")
	d.waitFor(t, "the menu to close", 5*time.Second, func() bool { return menuWindow(d) == "" })
}

// menuWindow returns the id of a mapped, menu-sized window of the panel's
// plugin wrapper (the systray plugin's popup), or "".
func menuWindow(d *desktop) string {
	out, err := x11(d, "xwininfo", "-root", "-children")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.Contains(line, `"Wrapper-2.0"`) && !strings.Contains(line, `"Xfce4-panel"`) {
			continue
		}
		id := strings.Fields(strings.TrimSpace(line))[0]
		info, err := x11(d, "xwininfo", "-id", id)
		if err != nil || !strings.Contains(info, "IsViewable") {
			continue
		}
		w, h := field(info, "Width:"), field(info, "Height:")
		// The panel itself is 1024×32; a menu is taller than a row.
		if w > 60 && h > 60 && w < 1000 {
			return id
		}
	}
	return ""
}

// scale enlarges r of img k times, pixel by pixel (a crisp icon close-up).
func scale(img image.Image, r image.Rectangle, k int) image.Image {
	out := image.NewRGBA(image.Rect(0, 0, r.Dx()*k, r.Dy()*k))
	for y := 0; y < r.Dy()*k; y++ {
		for x := 0; x < r.Dx()*k; x++ {
			out.Set(x, y, img.At(r.Min.X+x/k, r.Min.Y+y/k))
		}
	}
	return out
}

func field(info, key string) int {
	for _, l := range strings.Split(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), key); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	return 0
}

func x11(d *desktop, argv ...string) (string, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = d.env
	out, err := cmd.Output()
	return string(out), err
}

func xdo(t *testing.T, d *desktop, args ...string) {
	t.Helper()
	if out, err := x11(d, append([]string{"xdotool"}, args...)...); err != nil {
		t.Fatalf("xdotool %v: %v %s", args, err, out)
	}
}

func savePNG(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("..", "..", "docs", "screenshots", name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}

// closeTerminal closes the xterm the re-auth click opened.
func closeTerminal(rec stubRecord) {
	if rec.terminalPID > 1 {
		syscall.Kill(rec.terminalPID, syscall.SIGTERM)
	}
}
