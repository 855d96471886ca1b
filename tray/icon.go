package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"

	"github.com/authtray/authtray/core/profile"
)

// Icon colours by worst state. The centre pixel is the pure colour (the
// e2e suite probes it on a screenshot).
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

const iconSize = 32

// Icon is the coloured PNG for a verdict: a filled disc with a thin darker
// rim, so it reads on light and dark panels alike.
func Icon(s profile.State) []byte {
	c := Colour(s)
	rim := color.NRGBA{c.R / 2, c.G / 2, c.B / 2, 0xFF}
	return draw(func(r float64) (color.NRGBA, bool) {
		switch {
		case r <= 13:
			return c, true
		case r <= 15:
			return rim, true
		}
		return color.NRGBA{}, false
	})
}

// TemplateIcon is the macOS template image (black and alpha only; the menu
// bar tints it). Without colour, the shape carries the state: a disc when
// fine, a ring when expiring, a ring with a centre dot when it needs the user
// now, and a small dot alone when nothing can be confirmed.
func TemplateIcon(s profile.State) []byte {
	black := color.NRGBA{0, 0, 0, 0xFF}
	var in func(r float64) bool
	switch s {
	case profile.OK, profile.Unknown:
		in = func(r float64) bool { return r <= 13 }
	case profile.Expiring:
		in = func(r float64) bool { return r <= 13 && r >= 9 }
	case profile.Expired, profile.Missing:
		in = func(r float64) bool { return (r <= 13 && r >= 9) || r <= 5 }
	default:
		in = func(r float64) bool { return r <= 5 }
	}
	return draw(func(r float64) (color.NRGBA, bool) { return black, in(r) })
}

// draw paints a square image by the distance of each pixel centre from the
// image centre.
func draw(paint func(r float64) (color.NRGBA, bool)) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, iconSize, iconSize))
	mid := float64(iconSize) / 2
	for y := range iconSize {
		for x := range iconSize {
			r := math.Hypot(float64(x)+0.5-mid, float64(y)+0.5-mid)
			if c, ok := paint(r); ok {
				img.SetNRGBA(x, y, c)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic("encode icon: " + err.Error()) // cannot happen for an in-memory NRGBA
	}
	return b.Bytes()
}
