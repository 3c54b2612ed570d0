#!/bin/bash
# Stack trace (-k) tests: tests/stack/tests.list lists them; each is t_NAME below.
# Until -k is wired into scry they drive src/unwind through
# tests/stack/stackdump.c, which stops a program at its syscalls and prints
# the frames (the same frame_format_text lines -k prints).
#
#   bash tests/stack/run.sh [NAME...]
#   SCRY_NPM_CACHE=/var/cache/scry-npm   where npm packages are kept
#   STACK_ESBUILD="esbuild-linux-64@0.5.26 ..."  packages for t_esbuild
#
# Prints PASS/FAIL/SKIP per test and "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
B=$ROOT/build/stack
NPM_CACHE=${SCRY_NPM_CACHE:-/var/cache/scry-npm}
export LC_ALL=C GOCACHE=$ROOT/build/gocache GO111MODULE=off GOFLAGS=-buildvcs=false
STACK_ESBUILD=${STACK_ESBUILD:-"esbuild-linux-64@0.5.26 esbuild-linux-64@0.7.22 \
esbuild-linux-64@0.8.57 esbuild-linux-64@0.11.23 esbuild-linux-64@0.13.15 \
esbuild-linux-64@0.14.54 @esbuild/linux-x64@0.16.17 @esbuild/linux-x64@0.17.19 \
@esbuild/linux-x64@0.19.12 @esbuild/linux-x64@0.24.2"}

fail() {
	echo "    $*"
	return 1
}

build() {
	mkdir -p "$B"
	gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
		-Wno-missing-field-initializers -O2 -g -Isrc -o "$B/stackdump" \
		tests/stack/stackdump.c src/unwind/*.c src/lib/*.c -ldw -lelf || return 1
	gcc -O2 -fomit-frame-pointer -g -o "$B/stack_c" tests/progs/stack_c.c || return 1
	command -v go >/dev/null || return 0
	(cd tests/stack/go/go_write && go build -o "$B/go_write" . &&
		go build -ldflags='-s -w' -o "$B/go_write.stripped" .) || return 1
	python3 tests/stack/noshdr.py "$B/go_write.stripped" "$B/go_write.noshdr" || return 1
	(cd tests/stack/go/cgo_write && CGO_ENABLED=1 go build -o "$B/cgo_write" .) || return 1
	(cd tests/stack/go/gosymcheck && go build -o "$B/gosymcheck" .) || return 1
	(cd bench/workloads && go build -o "$B/rw1" rw1.go) || return 1
}

need_go() {
	command -v go >/dev/null || { echo "    go not found"; return 77; }
}

# Frames of the first write(2) as "function<TAB>inlined<TAB>file:line" lines.
write_frames() {
	"$B/stackdump" -m -e 1 -n 1 -o frames.m -- "$@" >/dev/null || return 1
	grep -v '^==\|^--' frames.m | awk -F'\t' '{ print $4 "\t" $5 "\t" $6 ":" $7 }'
}

t_c_gdb() {
	command -v gdb >/dev/null || { echo "    gdb not found"; return 77; }
	gdb -nx -batch -ex 'catch syscall write' -ex run -ex bt "$B/stack_c" >gdb.out 2>&1
	# gdb runs the program without ASLR: so must we, to compare addresses.
	setarch "$(uname -m)" -R "$B/stackdump" -m -e 1 -n 1 -o frames.m -- "$B/stack_c" \
		>/dev/null || return 1
	python3 - gdb.out frames.m <<'PY'
import re, sys
gdb = []
for l in open(sys.argv[1]):
    m = re.match(r'#(\d+)\s+(?:(0x[0-9a-f]+) in )?(\S+) \(.*?\)(?: at (\S+):(\d+))?', l)
    if m:
        gdb.append((int(m.group(2), 16) if m.group(2) else None, m.group(3),
                    m.group(4), m.group(5)))
ours = [l.rstrip('\n').split('\t') for l in open(sys.argv[2])
        if not l.startswith(('==', '--'))]
def norm(n):
    return re.sub(r'\.(constprop|isra|part|cold)(\.\d+)?', '', n)
bad = 0
if len(gdb) < 5:
    print('    gdb printed %d frames' % len(gdb)); sys.exit(1)
for i, (addr, name, file, line) in enumerate(gdb):
    if i >= len(ours):
        print('    frame #%d (%s) missing' % (i, name)); bad = 1; continue
    pc, rel, mod, fn, inl, ofile, oline = ours[i]
    same_addr = addr is None or int(pc, 16) == addr
    same_line = file is not None and ofile.endswith(file.split('/')[-1]) and oline == line
    same_name = norm(fn) == name
    if not same_addr or not (same_name or same_line):
        print('    frame #%d: gdb %s %s %s:%s, ours %s %s %s:%s' %
              (i, hex(addr or 0), name, file, line, pc, fn, ofile, oline)); bad = 1
print('    %d frames compared with gdb' % len(gdb))
sys.exit(bad)
PY
}

t_go_strip() {
	need_go || return 77
	write_frames "$B/go_write" >normal || return 1
	write_frames "$B/go_write.stripped" >stripped || return 1
	write_frames "$B/go_write.noshdr" >noshdr || return 1
	diff -u normal stripped >/dev/null || { diff -u normal stripped | head; fail "-s -w differs"; return 1; }
	diff -u normal noshdr >/dev/null || { diff -u normal noshdr | head; fail "no section headers: differs"; return 1; }
	grep -q 'main.outer' normal || fail "no main.outer frame"
}

t_go_lines() {
	need_go || return 77
	local src=$ROOT/tests/stack/go/go_write/main.go ok=0 l
	write_frames "$B/go_write.stripped" >frames || return 1
	l=$(grep -n 'go_write: the write' "$src" | cut -d: -f1)
	grep -qxF "main.leaf	0	$src:$l" frames || { fail "main.leaf at line $l"; ok=1; }
	l=$(grep -n 'return leaf(b)' "$src" | cut -d: -f1)
	grep -qxF "main.middle	1	$src:$l" frames || { fail "inlined main.middle at line $l"; ok=1; }
	l=$(grep -n 'return middle(b)' "$src" | cut -d: -f1)
	grep -qxF "main.outer	0	$src:$l" frames || { fail "main.outer at line $l"; ok=1; }
	grep -q '^runtime.goexit	' frames || { fail "does not end at runtime.goexit"; ok=1; }
	[ $ok = 0 ] || sed 's/^/    | /' frames
	return $ok
}

t_cgo() {
	need_go || return 77
	write_frames "$B/cgo_write" >frames || return 1
	local want="c_leaf c_outer runtime.asmcgocall runtime.cgocall main._Cfunc_c_outer
main.goCaller main.main runtime.main runtime.goexit"
	local got
	got=$(cut -f1 frames | grep -xE "$(echo $want | tr ' ' '|')" | tr '\n' ' ')
	if [ "$got" != "$(echo $want) " ]; then
		fail "want frames: $(echo $want)"
		sed 's/^/    | /' frames
		return 1
	fi
}

# esbuild DIR: the package's binary, fetched once into the npm cache.
fetch_esbuild() {
	local pkg=$1 tgz name
	name=${pkg#@}
	name=${name//\//-}
	name=${name%@*}-${pkg##*@}
	name=${name/esbuild-linux-x64/esbuild-linux-x64}
	mkdir -p "$NPM_CACHE" || return 1
	tgz=$(ls "$NPM_CACHE"/*"${pkg##*@}".tgz 2>/dev/null | grep -F "$(basename "${pkg%@*}")-${pkg##*@}.tgz" | head -1)
	if [ -z "$tgz" ]; then
		(cd "$NPM_CACHE" && timeout 60 npm pack --silent "$pkg" >/dev/null 2>&1) || return 1
		tgz=$(ls "$NPM_CACHE"/*"$(basename "${pkg%@*}")-${pkg##*@}.tgz" 2>/dev/null | head -1)
	fi
	[ -n "$tgz" ] || return 1
	local dir=${tgz%.tgz}
	[ -x "$dir/package/bin/esbuild" ] || { mkdir -p "$dir" && tar -xzf "$tgz" -C "$dir"; } || return 1
	echo "$dir/package/bin/esbuild"
}

t_esbuild() {
	need_go || return 77
	local pkg bin ok=0 n=0 rc
	echo 'export let f = (a) => a + 1; console.log(f(2))' >in.js
	for pkg in $STACK_ESBUILD; do
		bin=$(fetch_esbuild "$pkg") || { echo "    $pkg: not in the cache and the registry is unreachable: skipped"; continue; }
		n=$((n + 1))
		"$B/stackdump" -f -m -n 300 -o frames.m -- "$bin" --bundle --minify in.js >/dev/null 2>err ||
			{ fail "$pkg: esbuild failed under stackdump"; ok=1; continue; }
		if grep -q '^!!' frames.m; then
			fail "$pkg: partial stacks: $(grep '^!!' frames.m | sort | uniq -c | head -3)"
			ok=1
		fi
		"$B/gosymcheck" "$bin" <frames.m >check 2>&1
		rc=$?
		echo "    $pkg ($(go version "$bin" | awk '{print $2}')): $(tail -1 check)"
		case $rc in
		0 | 77) ;;
		*) head -5 check | sed 's/^/    | /'; ok=1 ;;
		esac
	done
	[ $n -gt 0 ] || return 77
	return $ok
}

t_threads() {
	need_go || return 77
	"$B/stackdump" -f -m -o frames.m -- "$B/rw1" 2000 >/dev/null 2>&1 || return 1
	python3 - frames.m <<'PY'
import sys
tops = {'runtime.goexit', 'runtime.mstart', 'runtime.rt0_go', 'runtime.clone',
        'runtime.mcall', 'runtime.morestack', 'runtime.systemstack', 'runtime.sigreturn',
        'runtime.sigreturn__sigaction'}
stacks, cur, bad, errs = 0, [], 0, 0
for l in open(sys.argv[1]):
    if l.startswith('=='):
        cur = []
    elif l.startswith('!!'):
        errs += 1
    elif l.startswith('--'):
        stacks += 1
        if cur and cur[-1] not in tops:
            bad += 1
            if bad < 4:
                print('    stack ends in %s' % cur[-1])
    else:
        cur.append(l.split('\t')[3])
print('    %d stacks, %d partial, %d not ending at a top frame' % (stacks, errs, bad))
sys.exit(1 if bad or errs or stacks < 4000 else 0)
PY
}

build || { echo "build failed"; exit 1; }
pass=0 failed=0 skipped=0
while read -r name _; do
	case $name in '' | '#'*) continue ;; esac
	[ $# -gt 0 ] && [[ " $* " != *" $name "* ]] && continue
	dir=$(mktemp -d)
	(cd "$dir" && "t_$name") >"$dir/.report" 2>&1
	rc=$?
	case $rc in
	0) echo "PASS $name"; pass=$((pass + 1)) ;;
	77) echo "SKIP $name"; skipped=$((skipped + 1)) ;;
	*) echo "FAIL $name"; failed=$((failed + 1)) ;;
	esac
	cat "$dir/.report"
	rm -rf "$dir"
done <tests/stack/tests.list
echo "$pass passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
