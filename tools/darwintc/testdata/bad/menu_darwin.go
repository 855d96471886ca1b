//go:build darwin && cgo

package menu

/*
#include <stdlib.h>
static int width(void) { return 42; }
*/
import "C"

func title() string {
	var n int = C.width() // C calls are faked: accepted as is
	var s string = n      // planted: int is not a string
	return s + undefinedSuffix
}
