package tray

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"

	"github.com/authtray/authtray/core/profile"
)

func TestIconColours(t *testing.T) {
	tests := map[profile.State]color.NRGBA{
		profile.OK: Green, profile.Unknown: Green, profile.Expiring: Amber,
		profile.Expired: Red, profile.Missing: Red, profile.Error: Grey, profile.Unreachable: Grey,
	}
	for s, want := range tests {
		img, err := png.Decode(bytes.NewReader(Icon(s)))
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if got := color.NRGBAModel.Convert(img.At(16, 16)).(color.NRGBA); got != want {
			t.Errorf("%s: centre %v, want %v", s, got, want)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner not transparent", s)
		}
	}
}

func TestTemplateIconsDifferAndAreBlack(t *testing.T) {
	seen := map[string]profile.State{}
	for _, s := range []profile.State{profile.OK, profile.Expiring, profile.Expired, profile.Error} {
		b := TemplateIcon(s)
		if prev, dup := seen[string(b)]; dup {
			t.Errorf("%s and %s share a template icon", s, prev)
		}
		seen[string(b)] = s
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for y := range iconSize {
			for x := range iconSize {
				c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
				if c.A != 0 && (c.R|c.G|c.B) != 0 {
					t.Fatalf("%s: pixel %d,%d is %v, want black or clear", s, x, y, c)
				}
			}
		}
	}
}
