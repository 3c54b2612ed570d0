// rw1: the Go twin of `dd if=/dev/zero of=/dev/null bs=1 count=N`.
// N times: read 1 byte from /dev/zero, write it to /dev/null, with raw
// syscalls (no os.File poller in between), so the syscall count matches dd's
// while the Go runtime adds its threads, signals and futexes around them.
// Prints the byte count on stderr, as dd does, for bench.sh to check.
package main

import (
	"fmt"
	"os"
	"strconv"
	"syscall"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rw1 N")
		os.Exit(2)
	}
	n, err := strconv.Atoi(os.Args[1])
	if err != nil || n < 0 {
		fmt.Fprintf(os.Stderr, "rw1: bad count %q\n", os.Args[1])
		os.Exit(2)
	}
	in, err := syscall.Open("/dev/zero", syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rw1: open /dev/zero:", err)
		os.Exit(1)
	}
	out, err := syscall.Open("/dev/null", syscall.O_WRONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rw1: open /dev/null:", err)
		os.Exit(1)
	}
	buf := make([]byte, 1)
	copied := 0
	for i := 0; i < n; i++ {
		if r, err := syscall.Read(in, buf); r != 1 {
			fmt.Fprintln(os.Stderr, "rw1: read:", r, err)
			os.Exit(1)
		}
		if w, err := syscall.Write(out, buf); w != 1 {
			fmt.Fprintln(os.Stderr, "rw1: write:", w, err)
			os.Exit(1)
		}
		copied++
	}
	fmt.Fprintf(os.Stderr, "%d bytes copied\n", copied)
}
