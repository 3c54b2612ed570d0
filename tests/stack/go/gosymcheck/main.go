// gosymcheck BINARY < frames: checks stackdump -m output against Go's own
// debug/gosym. Every physical (not inlined) frame whose module is BINARY
// must carry the function name gosym gives for its pc (the pc itself for a
// stack's first frame, pc-1 for return addresses). Prints a summary line;
// exits 1 on a mismatch, 77 when this Go's debug/gosym cannot read the
// binary's pclntab (Go 1.20+ layouts are newer than Go 1.19's gosym).
package main

import (
	"bufio"
	"debug/elf"
	"debug/gosym"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gosymcheck BINARY < stackdump-output")
		os.Exit(2)
	}
	bin := os.Args[1]
	f, err := elf.Open(bin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gosymcheck:", err)
		os.Exit(2)
	}
	sec := f.Section(".gopclntab")
	if sec == nil {
		fmt.Fprintln(os.Stderr, "gosymcheck: no .gopclntab section")
		os.Exit(2)
	}
	data, err := sec.Data()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gosymcheck:", err)
		os.Exit(2)
	}
	magic := binary.LittleEndian.Uint32(data)
	if magic != 0xfffffffb && magic != 0xfffffffa && magic != 0xfffffff0 {
		fmt.Printf("gosymcheck: skip: pclntab magic %#x is newer than this debug/gosym\n", magic)
		os.Exit(77)
	}
	text := f.Section(".text")
	tab, err := gosym.NewTable(nil, gosym.NewLineTable(data, text.Addr))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gosymcheck:", err)
		os.Exit(2)
	}
	abs, _ := filepath.Abs(bin)
	checked, bad, first := 0, 0, true
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "==") || line == "--" {
			first = line != "--"
			continue
		}
		fld := strings.Split(line, "\t")
		if len(fld) < 7 {
			continue
		}
		pc, _ := strconv.ParseUint(fld[0], 0, 64)
		mod, fn, inlined := fld[2], fld[3], fld[4] == "1"
		lookup := pc
		if !first {
			lookup--
		}
		if inlined {
			continue
		}
		first = false
		if m, _ := filepath.Abs(mod); m != abs || f.Type != elf.ET_EXEC {
			continue
		}
		want := "?"
		if g := tab.PCToFunc(lookup); g != nil {
			want = g.Name
		}
		checked++
		if want != fn {
			bad++
			fmt.Printf("gosymcheck: pc %#x: unwinder says %q, debug/gosym %q\n", pc, fn, want)
		}
	}
	fmt.Printf("gosymcheck: %d frames checked, %d mismatches\n", checked, bad)
	if bad > 0 || checked == 0 {
		os.Exit(1)
	}
}
