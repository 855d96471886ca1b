//go:build darwin && cgo

package menu

/*
#include <stdlib.h>
static int width(void) { return 42; }
*/
import "C"

func title() string {
	n := int(C.width()) // C calls are faked: accepted as is
	if n > 0 {
		return "authtray"
	}
	return ""
}
