package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedIconsAreCurrent regenerates every icon and compares it with
// the committed file, so the drawing and the shipped files never drift.
func TestCommittedIconsAreCurrent(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Errorf("%v (run go run ./packaging/cmd/icon)", err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("packaging/%s is stale; run go run ./packaging/cmd/icon", name)
		}
	}
}

func TestDrawing(t *testing.T) {
	img := Draw(64)
	corner, middleOfShield, keyBow := img.NRGBAAt(0, 0), img.NRGBAAt(16, 20), img.NRGBAAt(32, 14) // 0.11 above the bow centre: inside the ring
	if corner.A != 0 {
		t.Errorf("corner is not transparent: %v", corner)
	}
	if middleOfShield != shieldColor {
		t.Errorf("shield body = %v, want %v", middleOfShield, shieldColor)
	}
	if keyBow != keyColor {
		t.Errorf("key bow = %v, want %v", keyBow, keyColor)
	}
}
