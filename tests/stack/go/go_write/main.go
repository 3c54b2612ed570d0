// A known Go call chain down to write(2) for the -k tests: main -> outer ->
// middle (inlined into outer) -> leaf -> syscall.Write. Built normal and
// with -ldflags='-s -w'; both must give the same frames.
package main

import (
	"os"
	"syscall"
)

//go:noinline
func leaf(b []byte) int {
	n, _ := syscall.Write(1, b) // go_write: the write
	return n
}

func middle(b []byte) int {
	return leaf(b) + 0
}

//go:noinline
func outer(b []byte) int {
	return middle(b)
}

func main() {
	if outer([]byte("go_write\n")) != 9 {
		os.Exit(1)
	}
}
