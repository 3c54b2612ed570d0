// A small Go program for tests/strace_match.sh: Go makes its syscalls
// without libc and starts threads of its own. Ten times: writes a file,
// reads it back, lists the directory, removes it and prints a line.
package main

import (
	"fmt"
	"os"
)

func main() {
	for i := 0; i < 10; i++ {
		round()
	}
}

func round() {
	const name = "gosimple.txt"
	if err := os.WriteFile(name, []byte("scry\n"), 0o644); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	ents, err := os.ReadDir(".")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fi, err := os.Stat(name)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	if err := os.Remove(name); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Printf("%q %d entries, %d bytes\n", data, len(ents), fi.Size())
}
