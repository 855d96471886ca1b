package main

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/jackmordaunt/icns/v3"
)

// Sizes are the hicolor PNG sizes the Linux packages install.
var Sizes = []int{16, 22, 24, 32, 48, 64, 128, 256}

// Files renders every icon file, keyed by path relative to packaging/.
func Files() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, s := range Sizes {
		var b bytes.Buffer
		if err := png.Encode(&b, Draw(s)); err != nil {
			return nil, fmt.Errorf("encode %dpx png: %w", s, err)
		}
		out[fmt.Sprintf("linux/icons/hicolor/%dx%d/apps/authtray.png", s, s)] = b.Bytes()
	}
	out["linux/icons/hicolor/scalable/apps/authtray.svg"] = SVG()
	// icns builds its 16…512@2x members from the 1024px master.
	var b bytes.Buffer
	if err := icns.Encode(&b, Draw(1024)); err != nil {
		return nil, fmt.Errorf("encode icns: %w", err)
	}
	out["macos/authtray.icns"] = b.Bytes()
	return out, nil
}
