package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// The icon is a white key on a shield, in the tray's "ok" green. Shapes
// are defined once, in a 0..1 square, and used both for the raster sizes
// (Draw) and for the scalable SVG, so every size is the same drawing.
var (
	shieldColor = color.NRGBA{0x2e, 0x7d, 0x32, 0xff} // green: the ok state
	keyColor    = color.NRGBA{0xff, 0xff, 0xff, 0xff}
)

const (
	shieldTop, shieldLeft, shieldRight = 0.06, 0.16, 0.84
	shieldShoulder, shieldTip          = 0.48, 0.95 // straight sides end, point
	bowX, bowY, bowR, holeR            = 0.5, 0.34, 0.15, 0.065
	shaftW, shaftTop, shaftBottom      = 0.08, 0.47, 0.80
	toothW, toothH                     = 0.11, 0.055
	tooth1Y, tooth2Y                   = 0.62, 0.72
)

// inShield is the shield: straight sides, then an elliptical taper to a
// point at the bottom.
func inShield(x, y float64) bool {
	if y < shieldTop || y > shieldTip || x < shieldLeft || x > shieldRight {
		return false
	}
	if y <= shieldShoulder {
		return true
	}
	a, b := (shieldRight-shieldLeft)/2, shieldTip-shieldShoulder
	dx, dy := (x-0.5)/a, (y-shieldShoulder)/b
	return dx*dx+dy*dy <= 1
}

// inKey is the key: a ring bow, a shaft and two teeth to the right.
func inKey(x, y float64) bool {
	d := math.Hypot(x-bowX, y-bowY)
	if d <= bowR && d >= holeR {
		return true
	}
	if x >= 0.5-shaftW/2 && x <= 0.5+shaftW/2 && y >= shaftTop && y <= shaftBottom {
		return true
	}
	for _, ty := range []float64{tooth1Y, tooth2Y} {
		if x >= 0.5 && x <= 0.5+shaftW/2+toothW && y >= ty && y <= ty+toothH {
			return true
		}
	}
	return false
}

// Draw renders the icon at size×size with 4×4 supersampling.
func Draw(size int) *image.NRGBA {
	const ss = 4
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var shield, key int
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					if inShield(x, y) {
						if inKey(x, y) {
							key++
						} else {
							shield++
						}
					}
				}
			}
			n := shield + key
			if n == 0 {
				continue
			}
			// Mix the two colours by coverage; alpha is total coverage.
			mix := func(a, b uint8) uint8 { return uint8((int(a)*shield + int(b)*key) / n) }
			img.SetNRGBA(px, py, color.NRGBA{
				mix(shieldColor.R, keyColor.R), mix(shieldColor.G, keyColor.G), mix(shieldColor.B, keyColor.B),
				uint8(255 * n / (ss * ss)),
			})
		}
	}
	return img
}

// SVG is the same drawing as a scalable icon.
func SVG() []byte {
	const s = 256.0
	f := func(v float64) string { return fmt.Sprintf("%.2f", v*s) }
	a, b := (shieldRight-shieldLeft)/2, shieldTip-shieldShoulder
	hex := func(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }
	teeth := ""
	for _, ty := range []float64{tooth1Y, tooth2Y} {
		teeth += fmt.Sprintf(`  <rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n",
			f(0.5), f(ty), f(shaftW/2+toothW), f(toothH), hex(keyColor))
	}
	return fmt.Appendf(nil, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>authtray</title>
  <path d="M %s %s H %s V %s A %s %s 0 0 1 %s %s A %s %s 0 0 1 %s %s Z" fill="%s"/>
  <path d="M %s %s a %s %s 0 1 0 0.01 0 Z M %s %s a %s %s 0 1 1 -0.01 0 Z" fill="%s" fill-rule="evenodd"/>
  <rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>
%s</svg>
`,
		f(shieldLeft), f(shieldTop), f(shieldRight), f(shieldShoulder), f(a), f(b), f(0.5), f(shieldTip), f(a), f(b), f(shieldLeft), f(shieldShoulder), hex(shieldColor),
		f(bowX-bowR), f(bowY), f(bowR), f(bowR), f(bowX-holeR), f(bowY), f(holeR), f(holeR), hex(keyColor),
		f(0.5-shaftW/2), f(shaftTop), f(shaftW), f(shaftBottom-shaftTop), hex(keyColor),
		teeth)
}
