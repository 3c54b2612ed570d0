#!/bin/bash
# Cost of -k: unwind_capture per syscall on the syscall-heavy loops of
# bench/ (dd bs=1 and its Go twin rw1), and wall time against strace -k.
#
#   bash tests/stack/bench.sh          (after tests/stack/run.sh built build/stack)
#   STACK_BENCH_N=2000                 bytes copied (2 syscalls each)
#
# Prints per workload: the mean, median and p99 cost of one capture (stack
# unwound and symbolized, first-time file parsing included in the mean),
# then the wall time of the program untraced, under stackdump without
# stacks (the ptrace cost alone), with a stack at every syscall, and under
# strace -f -k, with the ratio the -k issue asks about (bar: 0.05).
set -u
cd "$(dirname "$0")/../.." || exit 2
B=build/stack
N=${STACK_BENCH_N:-2000}
[ -x "$B/stackdump" ] || { echo "bench: run tests/stack/run.sh first" >&2; exit 2; }

wall() {
	local s e
	s=$(date +%s%N)
	"$@" >/dev/null 2>>bench.err
	e=$(date +%s%N)
	echo $(((e - s) / 1000000))
}

: >bench.err
for w in "dd|dd if=/dev/zero of=/dev/null bs=1 count=$N" "go|$B/rw1 $N"; do
	name=${w%%|*}
	cmd=${w#*|}
	[ "$name" = go ] && [ ! -x "$B/rw1" ] && continue
	# shellcheck disable=SC2086 # cmd is a command line
	"$B/stackdump" -f -b -- $cmd 2>&1 >/dev/null | grep '^stackdump' | sed "s/^stackdump/$name/"
	# shellcheck disable=SC2086
	alone=$(wall $cmd)
	# shellcheck disable=SC2086
	bare=$(wall "$B/stackdump" -f -q -e 1023 -- $cmd)
	# shellcheck disable=SC2086
	k=$(wall "$B/stackdump" -f -b -- $cmd)
	# shellcheck disable=SC2086
	s=$(wall strace -f -k -o /dev/null $cmd)
	echo "$name: wall ms: alone $alone, ptrace only $bare, stacks $k, strace -k $s;" \
		"stacks/strace -k = $(echo "scale=3; $k / $s" | bc)"
done
rm -f bench.err
