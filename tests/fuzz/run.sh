#!/bin/bash
# Fuzzes scry's decoders and text renderer (tests/fuzz/fuzz_decode.c, a
# libFuzzer target built with clang -fsanitize=fuzzer,address,undefined).
#
#   bash tests/fuzz/run.sh [-j N] [SECONDS]     fuzz (default 60 s), exit 1
#                                               if anything crashed
#   bash tests/fuzz/run.sh --repro FILE...      run reproducers once each on
#                                               the last build, printing the
#                                               decoded input and the stack
#   bash tests/fuzz/run.sh --build              only build (--repro after it
#                                               replays on current sources)
#   bash tests/fuzz/run.sh --no-build SECONDS   fuzz the last build (while
#                                               the tree does not build)
#
# Builds build/fuzz/fuzz_decode from the directories in LINKED below (not
# src/cmd, src/engine, src/trace: the decoders only need the backend
# interface, which the target fakes; src/unwind because the text renderer
# prints stack frames), plus the xlat tables generated into
# build/fuzz/xlat/. The corpus grows in build/fuzz/corpus (seeded from
# build/fuzz/seeds, written here); crashes go to build/fuzz/crashes/RUN/,
# each with a .txt of its stack, and are summarised by the first frame in
# src/. Fuzzing continues after a crash (libFuzzer's -fork mode), so one run
# reports every bug it finds.
#
# For the Makefile:  fuzz: ; bash tests/fuzz/run.sh $(FUZZ_SECONDS)
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
O=$ROOT/build/fuzz
BIN=$O/fuzz_decode
CC=${FUZZ_CC:-clang}
# What decoding and text rendering are made of.
LINKED=(src/lib src/value src/xlat src/syscalls src/render src/unwind)
LIBS=(-ldw -lelf)
JOBS=1
MODE=fuzz
SECONDS_=60
REPROS=()
while [ $# -gt 0 ]; do
	case $1 in
	-j) JOBS=$2; shift 2 ;;
	-j*) JOBS=${1#-j}; shift ;;
	--build) MODE=build; shift ;;
	--no-build) NOBUILD=1; shift ;;
	--repro) MODE=repro; shift; REPROS=("$@"); break ;;
	-h | --help) sed -n '2,26s/^# \{0,1\}//p' "$0"; exit 0 ;;
	[0-9]*) SECONDS_=$1; shift ;;
	*) echo "fuzz/run.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

build() {
	local in srcs=()
	command -v "$CC" >/dev/null || { echo "fuzz/run.sh: $CC not found (make deps)" >&2; return 1; }
	mkdir -p "$O/xlat"
	for in in src/xlat/*.in; do
		sh tools/gen_xlat.sh "$in" "$O/xlat/$(basename "$in" .in).c" || return 1
	done
	# shellcheck disable=SC2046 # file names have no spaces
	sh tools/gen_xlat.sh --header "$O/xlat/all.h" $(ls src/xlat/*.in) || return 1
	while IFS= read -r f; do
		srcs+=("$f")
	done < <(find "${LINKED[@]}" -name '*.c' | sort)
	# shellcheck disable=SC2054 # the commas are clang's
	local san=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
		-fno-omit-frame-pointer)
	local std=(-std=c11 -D_GNU_SOURCE -g -O1 -Isrc -I"$O")
	# The target itself must be clean; scry's own files are checked by make.
	"$CC" "${std[@]}" "${san[@]}" -Wall -Wextra -Werror -Wshadow -c \
		-o "$O/fuzz_decode.o" tests/fuzz/fuzz_decode.c || return 1
	"$CC" "${std[@]}" "${san[@]}" -w -o "$BIN.tmp" "$O/fuzz_decode.o" "${srcs[@]}" \
		"$O"/xlat/*.c "${LIBS[@]}" || return 1
	mv "$BIN.tmp" "$BIN"
}

# Seeds: one input per interesting shape (see the layout in fuzz_decode.c).
seeds() {
	mkdir -p "$O/seeds"
	python3 - "$O/seeds" <<'PY'
import os, struct, sys
d = sys.argv[1]
BASE, STRIDE = 0x7f0000001000, 0x100000  # fuzz_decode.c's REGION_BASE, REGION_STRIDE

def inp(name, nr, args=(), sel=(), rval=0, rsel=0, flags=0, strsize=32, regions=()):
    args = list(args) + [0] * (7 - len(args))
    sel = list(sel) + [0] * (7 - len(sel))
    h = struct.pack('<BBH', flags, strsize, nr) + bytes(sel) + bytes([rsel])
    h += struct.pack('<7Qq', *args, rval)
    for r in regions:
        h += struct.pack('<H', len(r)) + r
    open(os.path.join(d, name), 'wb').write(h)

R = lambda i, off=0: (off, 1 | (i << 2))   # (raw, selector) for region i
path = b'/etc/passwd\0'
sigchld = struct.pack('<iii', 17, 0, 1) + b'\0' * 4 + struct.pack('<iIiqq', 1234, 0, 0, 0, 0)
sigchld = sigchld.ljust(128, b'\0')
# x86_64 openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3
inp('openat', 257, [0x9c, 0, 0], [2, 1, 0], rval=3, regions=[path, b'', b'', sigchld])
# read(3, buf, 64) = 40, buffer in region 1
inp('read', 0, [3, 0, 64], [0, 1 | 1 << 2, 0], rval=40, regions=[b'', bytes(range(64)), b'', b''])
# write(1, "hello\n", 6) = 6
inp('write', 1, [1, 0, 6], [0, 1, 0], rval=6, regions=[b'hello\n'])
# execve(path, argv, envp): argv is two pointers into region 0
argv = struct.pack('<QQQ', BASE + 32, BASE + 40, 0)
blob = argv.ljust(32, b'\0') + b'/bin/ls\0-la\0\0\0\0\0'
inp('execve', 59, [32, 0, 0], [1, 1, 1], rval=0, regions=[blob])
# rt_sigaction(SIGINT, act, oldact, 8): a struct sigaction in region 0
act = struct.pack('<QQQQ', 1, 0x04000000, BASE + 0x800, 0x2)
inp('rt_sigaction', 13, [2, 0, 0x100, 8], [0, 1, 1, 0], regions=[act.ljust(0x200, b'\0')])
# newfstatat(3, "", statbuf, AT_EMPTY_PATH)
inp('newfstatat', 262, [3, 0, 16, 0x1000], [0, 1, 1, 0], regions=[b'\0' * 16 + b'\1' * 144])
# connect(3, sockaddr_in, 16) failing
sin = struct.pack('<HH4s', 2, 0x0900, bytes([127, 0, 0, 1])).ljust(16, b'\0')
inp('connect', 42, [3, 0, 16], [0, 1, 0], rval=-111, regions=[sin])
# clone(flags, stack, ptid, ctid, tls) = 1235
inp('clone', 56, [0x3d0f00, 0, 0, 0, 0], rval=1235)
# mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
inp('mmap', 9, [0, 4096, 1, 0x22, 0xff, 0], [0, 0, 0, 0, 2, 0], rval=0x7f0000100000)
# futex(uaddr, FUTEX_WAIT_PRIVATE, 0, NULL)
inp('futex', 202, [0, 0x80, 0, 0], [1, 0, 0, 0], rval=0, regions=[b'\0' * 8])
# i386 open("/etc/passwd", O_RDONLY) = 3 (flags bit0)
inp('i386_open', 5, [0, 0], [1, 0], rval=3, flags=1, regions=[path])
# semctl, the line cut by another thread, -f prefixes
inp('unfinished', 66, [1, 2, 3, 4, 5, 6], rval=-38, flags=16 | 32)
# poll(fds, 2, 100) = 1
inp('poll', 7, [0, 2, 100], [1, 0, 0], rval=1, regions=[struct.pack('<ihhihh', 0, 1, 0, 1, 4, 4)])

# Every syscall number of both arches, twice: arguments pointing into
# regions whose words are small numbers, bytes and pointers into regions
# (so iovecs, argv arrays and msghdrs lead somewhere), and small numbers
# with a failure. Seeded random: the same files every run.
import random
rnd = random.Random(1)
def fill(i386, n):
    base = 0x08001000 if i386 else BASE
    w = 4 if i386 else 8
    out = b''
    while len(out) < n:
        k = rnd.random()
        if k < 0.3:
            v = base + rnd.randrange(4) * STRIDE + rnd.randrange(0, 512, 8)
        elif k < 0.7:
            v = rnd.randrange(0, 64)
        else:
            v = rnd.getrandbits(8 * w)
        out += v.to_bytes(w, 'little')
    return out[:n]
for arch, count in ((0, 600), (1, 470)):
    for nr in range(count):
        regs = [fill(arch, rnd.choice((16, 64, 256, 600))) for _ in range(4)]
        inp('nr%d_%d_ptr' % (arch, nr), nr, [rnd.randrange(256) for _ in range(7)],
            [1 | (i % 4) << 2 for i in range(7)], rval=rnd.choice((0, 1, 8, 16, 64)),
            flags=arch | rnd.choice((0, 2, 16 | 32, 64)), regions=regs)
        inp('nr%d_%d_int' % (arch, nr), nr, [rnd.randrange(256) for _ in range(7)],
            [2] * 7, rval=-rnd.choice((1, 2, 9, 14, 22)), flags=arch, regions=regs[:1])
PY
}

export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_repro() {
	local f
	for f in "$@"; do
		echo "== $f"
		FUZZ_DECODE_PRINT=1 "$BIN" "$f" 2>&1 | grep -v '^INFO:\|^Running\|^Executed\|^\*\*\*' |
			head -n 60
	done
}

# first_frame STACKFILE: the first frame in scry's sources, "func file:line".
first_frame() {
	{
		grep -E '^ +#[0-9]+ ' "$1" | grep -E ' /?.*src/' | grep -v 'src/lib/xalloc' |
			sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //'
		grep -oE '^[^ ]*src/[^ ]*: runtime error' "$1" | sed 's/: runtime error//'
	} | head -n 1 | sed "s#$ROOT/##"
}

# Reproducers replay on the binary that found them (sources may have moved on).
if [ $MODE = repro ] && [ -x "$BIN" ]; then
	run_repro "${REPROS[@]}"
	exit 0
fi
if [ -z "${NOBUILD:-}" ] || [ ! -x "$BIN" ]; then
	build || { echo "fuzz/run.sh: build failed" >&2; exit 2; }
fi
case $MODE in
build) echo "built $BIN"; exit 0 ;;
repro) run_repro "${REPROS[@]}"; exit 0 ;;
esac

seeds
RUN=$O/crashes/$(date +%Y%m%d-%H%M%S)
mkdir -p "$O/corpus" "$RUN"
echo "fuzzing for ${SECONDS_}s ($JOBS job(s)); crashes go to $RUN"
# -fork with -ignore_*: keep going after a crash, so one run finds them all.
"$BIN" -fork="$JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
	-max_total_time="$SECONDS_" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
	-artifact_prefix="$RUN/" "$O/corpus" "$O/seeds" >"$RUN/fuzz.log" 2>&1
rc=$?
grep -E '^#[0-9]+: cov|^INFO: fuzzed|^INFO: exiting|DONE' "$RUN/fuzz.log" | tail -n 3

n=0
declare -A SEEN
for f in "$RUN"/crash-* "$RUN"/timeout-* "$RUN"/oom-* "$RUN"/leak-*; do
	[ -e "$f" ] || continue
	case $f in *.txt) continue ;; esac
	n=$((n + 1))
	run_repro "$f" >"$f.txt" 2>&1
	kind=$(grep -oE 'SUMMARY: [A-Za-z]+: [a-z-]+|runtime error: [^(]*|ERROR: libFuzzer: [a-z-]+' \
		"$f.txt" | head -n 1)
	frame=$(first_frame "$f.txt")
	sc=$(grep -oE 'syscall [0-9]+ \([a-z0-9_]+\)' "$f.txt" | head -n 1)
	k="$kind | ${frame:-?}"
	if [ -z "${SEEN[$k]:-}" ]; then
		SEEN[$k]=1
		echo "CRASH $kind"
		echo "    at ${frame:-? (see $f.txt)}"
		echo "    input: $sc; reproducer $f (stack in $f.txt)"
	fi
done
if [ $n = 0 ]; then
	if [ $rc != 0 ]; then
		echo "fuzzer exited with $rc: see $RUN/fuzz.log"
		exit 1
	fi
	echo "no crashes"
	# The log stays: coverage and speed.
	exit 0
fi
echo "$n crashing input(s), ${#SEEN[@]} distinct; replay with: bash tests/fuzz/run.sh --repro FILE"
exit 1
