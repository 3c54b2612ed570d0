// A small Go program for the differential test (tests.in: diff_go): Go
// makes its own syscalls (no libc), starts threads of its own, and handles
// signals itself. Writes a file, reads it back, runs a goroutine.
package main

import (
	"fmt"
	"os"
	"runtime"
)

func init() {
	// The main goroutine stays on the main thread, so the file syscalls
	// below are all made by the first thread in the log.
	runtime.LockOSThread()
}

func main() {
	const name = "gofile.txt"
	if err := os.WriteFile(name, []byte("scry\n"), 0o644); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	data, err := os.ReadFile(name)
	if err != nil || string(data) != "scry\n" {
		fmt.Println("read back:", string(data), err)
		os.Exit(1)
	}
	done := make(chan int)
	go func() {
		done <- len(data)
	}()
	fmt.Println(<-done)
	os.Remove(name)
}
