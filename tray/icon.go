package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"sync"

	"github.com/authtray/authtray/core/profile"
)

// Icon colours by worst state: the shield's fill (glyph.go). Its body keeps
// a solid region of the pure colour at every size (Probe), which the e2e
// suite looks for on a screenshot.
var (
	Green = color.NRGBA{0x2E, 0x9E, 0x4F, 0xFF} // ok
	Amber = color.NRGBA{0xE8, 0xA3, 0x17, 0xFF} // expiring
	Red   = color.NRGBA{0xD9, 0x3A, 0x2B, 0xFF} // expired or missing
	Grey  = color.NRGBA{0x8C, 0x8C, 0x8C, 0xFF} // unreadable or unreachable
)

// Colour is the icon colour for a verdict.
func Colour(s profile.State) color.NRGBA {
	switch s {
	case profile.OK, profile.Unknown:
		return Green
	case profile.Expiring:
		return Amber
	case profile.Expired, profile.Missing:
		return Red
	default:
		return Grey
	}
}

// Sizes at which the icon is sent. fyne systray sends one pixmap over SNI,
// and xfce4-panel (like most hosts) draws a pixmap no larger than its icon
// size as it is and scales a larger one down: 22 px is pixel-exact on the
// common 22 px hosts and on 24 px ones, scaled only on 16 px ones. The
// template image is 32 px because fyne sizes it 16×16 pt: exact at @2x,
// halved at @1x. Notification servers scale to their own size (dunst: 32).
const (
	TraySize         = 22
	TemplateSize     = 32
	NotificationSize = 48
)

// Render is the coloured glyph for a state at size×size pixels,
// anti-aliased into its transparent surround.
func Render(s profile.State, size int) *image.NRGBA {
	return render(size, colourLayers(s, false), false)
}

// PanelRender is the glyph as the Linux tray sends it: anti-aliased inside,
// but every pixel opaque or clear, its halo opaque. fyne.io/systray
// (v1.12.2, argbForImage in systray_unix.go) turns a PNG into the SNI pixmap
// by taking the low byte of each 16-bit premultiplied component, which is
// right for opaque pixels only: a translucent edge pixel reaches the panel
// as a colour of its own (magenta, cyan, green specks around the glyph on
// the e2e desktop's screenshot). The straight edges sit on pixel boundaries
// at 22 px, so they lose nothing; the curves are stepped, as pixel-drawn
// tray icons are.
func PanelRender(s profile.State, size int) *image.NRGBA {
	return render(size, colourLayers(s, true), true)
}

// RenderTemplate is the black-and-alpha glyph for a state.
func RenderTemplate(s profile.State, size int) *image.NRGBA {
	return render(size, templateLayers(s), false)
}

// Probe is a pixel of the shield's body, left of the keyhole, that is the
// pure state colour at every size from 16 px up.
func Probe(size int) image.Point {
	return image.Pt(size*6/designSize, size*8/designSize)
}

// TrayIcon is the PNG the Linux tray shows (PanelRender). The icon functions share their
// bytes between callers: read them, never change them.
func TrayIcon(s profile.State) []byte {
	return cached(iconKey{s, "tray"}, func() image.Image { return PanelRender(s, TraySize) })
}

// Icon is the PNG for notifications and for the macOS fallback image.
func Icon(s profile.State) []byte {
	return cached(iconKey{s, "notification"}, func() image.Image { return Render(s, NotificationSize) })
}

// TemplateIcon is the macOS template image (black and alpha only; the menu
// bar tints it). Without colour, the badge carries the state.
func TemplateIcon(s profile.State) []byte {
	return cached(iconKey{s, "template"}, func() image.Image { return RenderTemplate(s, TemplateSize) })
}

type iconKey struct {
	state profile.State
	use   string
}

// pngs holds each icon once drawn: a render costs milliseconds
// (BenchmarkTrayIcon) and the same few are asked for again and again.
var pngs struct {
	sync.Mutex
	m map[iconKey][]byte
}

func cached(k iconKey, draw func() image.Image) []byte {
	pngs.Lock()
	defer pngs.Unlock()
	if b, ok := pngs.m[k]; ok {
		return b
	}
	if pngs.m == nil {
		pngs.m = map[iconKey][]byte{}
	}
	b := encode(draw())
	pngs.m[k] = b
	return b
}

func encode(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("encode icon: " + err.Error()) // cannot happen for an in-memory NRGBA
	}
	return b.Bytes()
}
