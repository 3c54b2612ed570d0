// Go calling C calling write(2): one stack must hold the C frames (libc,
// c_leaf, c_outer), the cgo glue, and the Go frames (main.goCaller,
// main.main).
package main

/*
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) static int c_leaf(const char *s)
{
	int r = (int)write(1, s, strlen(s)); // cgo_write: the write
	return r + 0 * s[0];
}

__attribute__((noinline)) int c_outer(const char *s)
{
	int r = c_leaf(s);
	return r >= 0 ? r : -1;
}
*/
import "C"

import (
	"os"
	"unsafe"
)

//go:noinline
func goCaller() int {
	s := C.CString("cgo_write\n")
	defer C.free(unsafe.Pointer(s))
	return int(C.c_outer(s))
}

func main() {
	if goCaller() != 10 {
		os.Exit(1)
	}
}
