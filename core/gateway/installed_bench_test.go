package gateway

import (
	"os"
	"testing"

	"github.com/authtray/authtray/core/fsys"
)

// BenchmarkFindPrograms is what looking for the installed gateway adds to
// every gateway scan, on this machine's real PATH and HOME.
func BenchmarkFindPrograms(b *testing.B) {
	home, _ := os.UserHomeDir()
	in := Input{Home: home, Getenv: os.Getenv, FS: fsys.OS{}}
	for b.Loop() {
		findPrograms(in)
	}
}
