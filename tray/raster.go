package tray

import (
	"image"
	"image/color"
	"math"
)

// The glyph is vector geometry: each shape is a signed distance (negative
// inside) in design units, a 22×22 grid, so the numbers in glyph.go are
// pixels at the panel size most hosts use. A render at any size samples the
// same geometry, so 16, 24 and 48 px are the same drawing, not a resample.
const designSize = 22

type shape func(x, y float64) float64

func circle(cx, cy, r float64) shape {
	return func(x, y float64) float64 { return math.Hypot(x-cx, y-cy) - r }
}

// capsule is a stroke from a to b with round ends, r its half width.
func capsule(ax, ay, bx, by, r float64) shape {
	return func(x, y float64) float64 { return segDist(x, y, ax, ay, bx, by) - r }
}

// arc is a stroke along a circle from angle a0 to a1 (radians, clockwise on
// screen: y grows downwards), round ends, r its half width.
func arc(cx, cy, radius, a0, a1, r float64) shape {
	return func(x, y float64) float64 {
		a := math.Atan2(y-cy, x-cx)
		for a < a0 {
			a += 2 * math.Pi
		}
		if a <= a1 {
			return math.Abs(math.Hypot(x-cx, y-cy)-radius) - r
		}
		e0 := math.Hypot(x-cx-radius*math.Cos(a0), y-cy-radius*math.Sin(a0))
		e1 := math.Hypot(x-cx-radius*math.Cos(a1), y-cy-radius*math.Sin(a1))
		return math.Min(e0, e1) - r
	}
}

// polygon is a closed polygon; its sign comes from the even-odd rule.
func polygon(pts [][2]float64) shape {
	return func(x, y float64) float64 {
		d2, in := math.Inf(1), false
		for i := range pts {
			a, b := pts[i], pts[(i+1)%len(pts)]
			if e := segDist2(x, y, a[0], a[1], b[0], b[1]); e < d2 {
				d2 = e
			}
			if (a[1] > y) != (b[1] > y) && x < a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
				in = !in
			}
		}
		d := math.Sqrt(d2)
		if in {
			return -d
		}
		return d
	}
}

func union(ss ...shape) shape {
	return func(x, y float64) float64 {
		d := math.Inf(1)
		for _, s := range ss {
			d = math.Min(d, s(x, y))
		}
		return d
	}
}

// grow moves the edge of s outwards by d (inwards when d < 0); growing a
// polygon by d rounds its corners with radius d.
func grow(s shape, d float64) shape {
	return func(x, y float64) float64 { return s(x, y) - d }
}

func segDist(x, y, ax, ay, bx, by float64) float64 {
	return math.Sqrt(segDist2(x, y, ax, ay, bx, by))
}

// segDist2 is the squared distance from (x, y) to the segment a–b.
func segDist2(x, y, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = ((x-ax)*dx + (y-ay)*dy) / l
		t = max(0, min(1, t))
	}
	ex, ey := x-ax-t*dx, y-ay-t*dy
	return ex*ex + ey*ey
}

// layer is a shape painted in one colour; a transparent colour cuts out
// what lies below it.
type layer struct {
	in shape
	c  color.NRGBA
}

// samples per pixel side: 8×8 gives 65 coverage levels, smooth edges even
// at 16 px.
const samples = 8

// render paints the layers (bottom first) at size×size: each sample takes
// the colour of the topmost layer it is inside, and a pixel is the mean of
// its samples (alpha-weighted, so edges keep their colour). The shapes are
// distances, so a layer whose edge is farther from a pixel's centre than
// the pixel's half diagonal is all in or all out of that pixel: only the
// layers whose edge crosses it are sampled, and a pixel no edge crosses
// takes its centre's colour.
//
// A hard render keeps every pixel opaque or clear: a pixel at least half
// covered is opaque in the mean colour of its covered samples, the others
// are clear (see PanelRender for why).
func render(size int, layers []layer, hard bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	k := float64(designSize) / float64(size)
	reach := k * math.Sqrt2 / 2
	var crossing []layer
	for py := range size {
		for px := range size {
			cx, cy := (float64(px)+0.5)*k, (float64(py)+0.5)*k
			// The layers that matter here: from the topmost one that
			// covers the whole pixel (or none) up.
			crossing = crossing[:0]
			base := color.NRGBA{}
			for i := len(layers) - 1; i >= 0; i-- {
				d := layers[i].in(cx, cy)
				if d < -reach {
					base = layers[i].c
					break
				}
				if d <= reach {
					crossing = append(crossing, layers[i])
				}
			}
			if len(crossing) == 0 {
				img.SetNRGBA(px, py, base)
				continue
			}
			img.SetNRGBA(px, py, sample(crossing, base, px, py, k, hard))
		}
	}
	return img
}

// sample averages samples×samples points of a pixel: each the colour of the
// first of the crossing layers (topmost first) it is inside, else base.
func sample(crossing []layer, base color.NRGBA, px, py int, k float64, hard bool) color.NRGBA {
	var r, g, b, a float64
	covered := 0
	for sy := range samples {
		for sx := range samples {
			x := (float64(px) + (float64(sx)+0.5)/samples) * k
			y := (float64(py) + (float64(sy)+0.5)/samples) * k
			c := base
			for _, l := range crossing {
				if l.in(x, y) < 0 {
					c = l.c
					break
				}
			}
			if c.A != 0 {
				covered++
			}
			w := float64(c.A)
			r, g, b, a = r+w*float64(c.R), g+w*float64(c.G), b+w*float64(c.B), a+w
		}
	}
	if a == 0 || hard && covered*2 < samples*samples {
		return color.NRGBA{}
	}
	if hard {
		return color.NRGBA{uint8(math.Round(r / a)), uint8(math.Round(g / a)), uint8(math.Round(b / a)), 0xFF}
	}
	return color.NRGBA{
		uint8(math.Round(r / a)), uint8(math.Round(g / a)), uint8(math.Round(b / a)),
		uint8(math.Round(a / (samples * samples))),
	}
}
