#!/bin/bash
# scry's test suite: builds the test programs, then runs every test in
# tests/tests.in (then tests/*.in: same format, one file per area) against
# ./build/scry and again against ./build/asan/scry when that exists. Prints PASS/FAIL/SKIP per test and ends with
# "N passed, N failed" (both runs counted); exits 1 if any test failed.
#
#   bash tests/run.sh [-j N] [-k PATTERN] [NAME...]
#     -j N        run N tests at once (default 2)
#     -k PATTERN  only tests whose name matches the extended regex
#     -f FILE     only the tests listed in FILE (repeatable)
#     NAME...     only these tests
#   SCRY=path               the binary to test (default ./build/scry)
#   SCRY_CMD="strace"       run "$SCRY_CMD OPTS CMD" instead of "scry trace
#                           OPTS -- CMD": checks the tests against strace;
#                           tests of scry's own messages are skipped
#   NO_ASAN=1               skip the ASan+UBSan run
#   NO_CPU0=1               skip the engine tests on one CPU

set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
# shellcheck source=tests/lib.sh
. tests/lib.sh

JOBS=2
PATTERN=
NAMES=()
LISTS=()
while [ $# -gt 0 ]; do
	case $1 in
	-j) JOBS=$2; shift 2 ;;
	-j*) JOBS=${1#-j}; shift ;;
	-k) PATTERN=$2; shift 2 ;;
	-f) LISTS+=("$2"); shift 2 ;;
	-h | --help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "run.sh: unknown option '$1'" >&2; exit 2 ;;
	*) NAMES+=("$1"); shift ;;
	esac
done

if [ ${#LISTS[@]} = 0 ]; then
	LISTS=(tests/tests.in)
	for f in tests/*.in; do
		[ "$f" != tests/tests.in ] && LISTS+=("$f")
	done
fi
BT=$ROOT/build/tests
SCRY=${SCRY:-$ROOT/build/scry}
SCRY_CMD=${SCRY_CMD:-}
export LC_ALL=C
# For the -E test (tests/progs/envcheck.c).
export SCRY_TEST_UNSET=1 SCRY_TEST_KEEP=1
# A tracee killed by SIGSEGV must not litter the tree; t_no_core lifts this.
ulimit -c 0

# Programs built -static: fewer startup syscalls where the log is long or
# where exec/attach should not depend on the dynamic loader.
STATIC="exec_thread counter forks"

# Builds what is out of date. A program that does not compile is a failed
# test ("FAIL build:NAME") and the others still run.
BUILD_FAILED=0
build() {
	local src name flags
	mkdir -p "$BT"
	for src in tests/progs/*.c; do
		name=$(basename "$src" .c)
		[ "$name" = testlib ] && continue
		flags=
		case " $STATIC " in *" $name "*) flags=-static ;; esac
		if [ ! -e "$BT/$name" ] || [ "$src" -nt "$BT/$name" ] ||
			[ tests/progs/testlib.c -nt "$BT/$name" ]; then
			# shellcheck disable=SC2086 # flags is one word or none
			if ! gcc -O2 -Wall -Wextra -Werror -pthread $flags -o "$BT/$name" \
				"$src" tests/progs/testlib.c 2>"$BT/$name.err"; then
				echo "FAIL build:$name"
				head -n 10 "$BT/$name.err" | sed 's/^/    /'
				rm -f "$BT/$name"
				BUILD_FAILED=$((BUILD_FAILED + 1))
			fi
			rm -f "$BT/$name.err"
		fi
	done
	if command -v go >/dev/null; then
		for src in tests/progs/*.go; do
			[ -e "$src" ] || continue
			name=$(basename "$src" .go)
			if [ ! -e "$BT/$name" ] || [ "$src" -nt "$BT/$name" ]; then
				if ! GOCACHE=$ROOT/build/gocache GO111MODULE=off CGO_ENABLED=0 \
					go build -o "$BT/$name" "$src"; then
					echo "FAIL build:$name"
					BUILD_FAILED=$((BUILD_FAILED + 1))
				fi
			fi
		done
	else
		echo "go not found: Go tests will be skipped"
	fi
}

# t_match STATUS [OPTS...] -- PROG [ARGS...]
# The self-checking test: PROG prints the lines scry must log. scry must
# exit like PROG; PROG run alone must exit the same way and print as many
# lines (it behaves the same traced or not). PROG exiting 77 means skip.
t_match() {
	local want=$1 rc rc2 opts=() env=()
	shift
	while [ "$1" != -- ]; do
		# The program run alone gets the environment -E would give it.
		if [ "$1" = -E ]; then
			case $2 in
			*=*) env+=("$2") ;;
			*) env=(-u "$2" "${env[@]}") ;;
			esac
		fi
		opts+=("$1")
		shift
	done
	shift
	local prog=$BT/$1
	shift
	run_scry -o log "${opts[@]}" -- "$prog" "$@" >expected 2>stderr
	rc=$?
	[ "$rc" = 77 ] && return 77
	mkdir alone
	# Via a shell that says nothing: bash would report "Killed" and the like.
	(cd alone && env "${env[@]}" "$prog" "$@" >../alone.out 2>/dev/null) 2>/dev/null
	rc2=$?
	local ok=0
	status_is "$rc" "$want" scry || ok=1
	status_is "$rc2" "$want" "the program run alone" || ok=1
	if [ "$(wc -l <expected)" != "$(wc -l <alone.out)" ]; then
		fail "the program printed $(wc -l <expected) lines traced, $(wc -l <alone.out) alone"
		ok=1
	fi
	match_log expected log || ok=1
	if [ $ok != 0 ]; then
		[ -s stderr ] && show stderr "stderr"
		show log "log (head)" 5
	fi
	return $ok
}

# t_diff [VAR=VALUE...] CMD...: strace and scry, both with -f, must make the
# same syscalls with the same results (compare_traces in lib.sh, which
# reads IGNORE and MAIN_ONLY). Their outputs must be the same, or have as
# many lines with SAME_OUTPUT=lines. Other VAR=VALUE go to CMD's environment.
t_diff() {
	local rc1 rc2 env=()
	while [[ $1 == *=* ]]; do
		case $1 in
		IGNORE=* | MAIN_ONLY=* | SAME_OUTPUT=*) export "${1?}" ;;
		*) env+=("$1") ;;
		esac
		shift
	done
	command -v strace >/dev/null || { echo "    strace is not installed"; return 77; }
	[ -x "$1" ] || command -v "$1" >/dev/null || { echo "    no $1"; return 77; }
	[ ${#env[@]} -gt 0 ] && export "${env[@]}"
	# Both runs must see the same world: a fresh empty cwd each.
	mkdir a b
	(cd a && timeout -k 5 "$SCRY_TIMEOUT" strace -f -o ../A "$@" >../outA 2>&1)
	rc1=$?
	(cd b && run_scry -f -o ../B -- "$@" >../outB 2>&1)
	rc2=$?
	local ok=0
	status_is "$rc2" "$rc1" "scry (strace's status)" || ok=1
	if [ "${SAME_OUTPUT:-}" = lines ]; then
		if [ "$(wc -l <outA)" != "$(wc -l <outB)" ]; then
			fail "the program's output has $(wc -l <outB) lines, $(wc -l <outA) under strace"
			ok=1
		fi
	elif ! cmp -s outA outB; then
		fail "the program's output differs"
		show outB "output under scry" 5
		ok=1
	fi
	compare_traces A B || ok=1
	return $ok
}

# ---- Scenario tests (kind "sh"): t_NAME runs in $TESTDIR, returns 0, 1 or 77.

# child_of PID: PID's first child.
child_of() {
	local c
	c=$(cat /proc/"$1"/task/*/children 2>/dev/null) || return 1
	c=${c%% *}
	[ -n "$c" ] && echo "$c"
}

# scry_of PID: scry's pid, PID being that of "run_scry ... &": the first
# process below it that is neither the subshell nor timeout.
scry_of() {
	local p=$1
	while [ -n "$p" ]; do
		case $(cat /proc/"$p"/comm 2>/dev/null) in
		bash | timeout) p=$(child_of "$p") ;;
		'') return 1 ;;
		*) echo "$p" && return 0 ;;
		esac
	done
	return 1
}

# start_counter NAME MODE [N]: runs tests/progs/counter.c untraced in the
# background; sets CPID once it is ready.
start_counter() {
	"$BT/counter" "$@" >/dev/null 2>&1 &
	wait_for test -s "$1.pid" || { fail "counter did not start"; return 1; }
	CPID=$(cat "$1.pid")
}

# advancing FILE: every thread's counter in FILE moves within 0.3 s.
advancing() {
	local a b i
	# shellcheck disable=SC2207 # numbers, one per thread
	a=($(cat "$1"))
	sleep 0.3
	# shellcheck disable=SC2207
	b=($(cat "$1"))
	[ ${#a[@]} -gt 0 ] && [ ${#a[@]} = ${#b[@]} ] || return 1
	for i in "${!a[@]}"; do
		[ "${a[i]}" -lt "${b[i]}" ] || return 1
	done
}

# running PID: every task of PID is neither stopped nor traced.
running() {
	local t s ok=0
	for t in /proc/"$1"/task/*; do
		s=$(cat "$t/stat" 2>/dev/null) && s=${s##*) } && s=${s%% *}
		case $s in
		T | t) fail "task ${t##*/} of $1 is in state $s after detach"; ok=1 ;;
		esac
		if grep -q '^TracerPid:[[:space:]]*[1-9]' "$t/status" 2>/dev/null; then
			fail "task ${t##*/} of $1 is still traced"
			ok=1
		fi
	done
	return $ok
}

# detach_with SIG OPTS...: attaches "scry trace OPTS" and sends it SIG after
# 0.3 s; sets RC. scry must exit; the tracee must go on as before.
detach_with() {
	local sig=$1 tpid spid
	shift
	run_scry "$@" >/dev/null 2>err &
	tpid=$!
	sleep 0.3
	spid=$(scry_of $tpid) || { fail "scry is not running"; kill $tpid; return 1; }
	kill -"$sig" "$spid"
	wait $tpid
	RC=$?
	[ $RC = 124 ] && { fail "scry did not exit on SIG$sig"; return 1; }
	return 0
}

# Output without -o goes to stderr; no pid prefixes without -f.
t_stderr_output() {
	run_scry -- "$BT/exit_status" 3 >expected 2>err
	status_is $? 3 scry || return 1
	match_log expected err
}

# -q: no attach/detach messages. -qq: no "+++ exited" lines either, but
# "+++ killed by" stays (strace 6.1).
t_quiet() {
	local ok=0
	run_scry -qq -o log -- "$BT/exit_status" 3 >/dev/null 2>err
	status_is $? 3 scry || ok=1
	printf '%s\n' 'exit_group(3) = ?' '! \+\+\+ .*' >exp
	match_log exp log || ok=1
	run_scry -qq -o log2 -- "$BT/exit_status" kill KILL >/dev/null 2>err
	status_is $? 137 scry || ok=1
	printf '%s\n' '+++ killed by SIGKILL +++' >exp
	match_log exp log2 || ok=1
	run_scry -q -o log3 -- "$BT/exit_status" 3 >/dev/null 2>err
	status_is $? 3 scry || ok=1
	printf '%s\n' '+++ exited with 3 +++' >exp
	match_log exp log3 || ok=1
	return $ok
}

# "Process N attached" for -f children: on stderr when the trace goes
# there too, never with -o (strace 6.1 prints them only without -o), never
# with -q. Also the "[pid N] " prefixes of the trace on stderr.
t_attach_msgs() {
	local ok=0 c
	run_scry -f -o log -- "$BT/fork_tree" >expected 2>err
	status_is $? 0 scry || ok=1
	if grep -q attached err log; then
		fail "'attached' message with -o"
		grep attached err log | head -3
		ok=1
	fi
	run_scry -f -- "$BT/fork_tree" >expected 2>err
	status_is $? 0 scry || ok=1
	# Children are the pids the program gave its expected lines, but the first.
	# On stderr their lines start "[pid %5d] " (there is more than one process).
	for c in $(grep -oE '^[0-9]+' expected | awk '!seen[$0]++' | tail -n +2); do
		grep -q "Process $c attached" err || { fail "no 'Process $c attached' on stderr"; ok=1; }
		grep -qF "$(printf '[pid %5d] ' "$c")" err || { fail "no '[pid $c] ' prefix on stderr"; ok=1; }
	done
	run_scry -q -f -- "$BT/fork_tree" >expected 2>err
	status_is $? 0 scry || ok=1
	grep -q 'attached' err && { fail "'attached' message with -q"; ok=1; }
	return $ok
}

# 2000 children; afterwards none of the test's processes is left, zombie
# or not (looked up by the pids the program printed: other test runs may
# be running the same program).
t_forks() {
	local ok=0 p
	t_match 0 -f -- forks || ok=1
	for p in $(grep -oE '^[0-9]+' expected | sort -u); do
		if [ "$(cat /proc/"$p"/comm 2>/dev/null)" = forks ]; then
			fail "process $p ($(proc_state "$p")) left behind"
			ok=1
		fi
	done
	return $ok
}

# -p PID, detached by SIGINT, SIGTERM and SIGHUP in turn, -q once: scry
# exits, the program is neither stopped nor traced and keeps counting.
t_attach() {
	local ok=0 sig
	start_counter cnt loop || return 1
	for sig in INT TERM HUP; do
		detach_with $sig -p "$CPID" -o log.$sig || { ok=1; continue; }
		running "$CPID" || ok=1
		advancing cnt || { fail "counter stopped after SIG$sig"; ok=1; }
		grep -q "Process $CPID attached" err || { fail "no 'Process $CPID attached'"; ok=1; }
		grep -q "Process $CPID detached" err || { fail "no 'Process $CPID detached'"; ok=1; }
		printf '%s\n' '~ getppid\(\) += [0-9]+' >exp
		match_log exp log.$sig || ok=1
	done
	detach_with INT -q -p "$CPID" -o log.q || ok=1
	[ -s err ] && { fail "-q: stderr not empty"; show err; ok=1; }
	running "$CPID" && advancing cnt || ok=1
	kill "$CPID"
	return $ok
}

# -f -p on a program with three threads: all of them traced, all of them
# running after the detach.
t_attach_threads() {
	local ok=0 t
	start_counter cnt loop 2 || return 1
	detach_with INT -f -p "$CPID" -o log || ok=1
	running "$CPID" || ok=1
	advancing cnt || { fail "a thread stopped counting"; ok=1; }
	t=$(ls /proc/"$CPID"/task | wc -l)
	grep -q "Process $CPID attached with $t threads" err ||
		{ fail "no 'Process $CPID attached with $t threads'"; ok=1; }
	for t in /proc/"$CPID"/task/*; do
		echo "${t##*/} ~ getppid\(\) += [0-9]+"
	done >exp
	match_log exp log || ok=1
	kill "$CPID"
	return $ok
}

# Several pids: "-p A,B" and "-p A -p B"; the log has pid prefixes.
t_attach_multi() {
	local ok=0 a b
	start_counter c1 loop || return 1
	a=$CPID
	start_counter c2 loop || return 1
	b=$CPID
	printf '%s\n' "$a ~ getppid\(\) += [0-9]+" "$b ~ getppid\(\) += [0-9]+" >exp
	detach_with INT -p "$a,$b" -o log1 || ok=1
	match_log exp log1 || ok=1
	running "$a" && running "$b" && advancing c1 && advancing c2 || ok=1
	detach_with INT -p "$a" -p "$b" -o log2 || ok=1
	match_log exp log2 || ok=1
	running "$a" && running "$b" && advancing c1 && advancing c2 || ok=1
	kill "$a" "$b"
	return $ok
}

# Attach to a program asleep in read and detach: it must still sleep in
# that read afterwards (not stopped, not woken with an error).
t_attach_blocked() {
	local ok=0
	start_counter blk block || return 1
	wait_for grep -q '^0 ' "/proc/$CPID/syscall"
	detach_with INT -p "$CPID" -o log || ok=1
	running "$CPID" || ok=1
	sleep 0.1
	grep -q '^0 ' "/proc/$CPID/syscall" || { fail "not in read any more: $(cat /proc/"$CPID"/syscall)"; ok=1; }
	[ "$(proc_state "$CPID")" = S ] || { fail "state $(proc_state "$CPID"), want S"; ok=1; }
	kill "$CPID"
	return $ok
}

# SIGKILL to a tracee asleep in read: scry reports it and exits 137.
t_sigkill_blocked() {
	local tpid rc
	run_scry -o log -- "$BT/counter" blk block >/dev/null 2>err &
	tpid=$!
	wait_for test -s blk.pid || { fail "counter did not start"; return 1; }
	CPID=$(cat blk.pid)
	wait_for grep -q '^0 ' "/proc/$CPID/syscall"
	sleep 0.05
	kill -KILL "$CPID"
	wait $tpid
	rc=$?
	status_is $rc 137 scry || return 1
	printf '%s\n' '~ read\([0-9]+, .*\) += \?' '+++ killed by SIGKILL +++' >exp
	match_log exp log
}

# kill -STOP / -CONT from outside: the program really stops (its counter
# stands still) and goes on after SIGCONT; SIGTERM then ends it (143).
t_stop_cont() {
	local tpid ok=0 a b me uid
	run_scry -o log -- "$BT/counter" cnt loop >/dev/null 2>err &
	tpid=$!
	wait_for test -s cnt.pid || { fail "counter did not start"; return 1; }
	wait_for test -s cnt || { fail "counter did not count"; return 1; }
	CPID=$(cat cnt.pid)
	me=$BASHPID
	uid=$(id -u)
	kill -STOP "$CPID"
	wait_for eval '[[ $(proc_state $CPID) == [Tt] ]]' || { fail "not stopped"; ok=1; }
	# A traced program shows "t" at every syscall stop too: it is in the
	# group-stop once scry has logged it (scry flushes when it goes idle).
	wait_for grep -q -- '--- stopped by SIGSTOP ---' log || { fail "no group-stop logged"; ok=1; }
	sleep 0.05
	a=$(cat cnt)
	sleep 0.3
	b=$(cat cnt)
	[ "$a" = "$b" ] || { fail "counter moved while stopped: $a -> $b"; ok=1; }
	kill -CONT "$CPID"
	advancing cnt || { fail "counter stands still after SIGCONT"; ok=1; }
	kill -TERM "$CPID"
	wait $tpid
	status_is $? 143 scry || ok=1
	cat >exp <<-EOF
		--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=$me, si_uid=$uid} ---
		--- stopped by SIGSTOP ---
		--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=$me, si_uid=$uid} ---
		~ getppid\(\) += [0-9]+
		--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=$me, si_uid=$uid} ---
		+++ killed by SIGTERM +++
	EOF
	match_log exp log || ok=1
	return $ok
}

# kill -9 scry: programs it started die with it (PTRACE_O_EXITKILL) rather
# than run on, or stay stopped, untraced.
t_exitkill() {
	local tpid spid sl ok=0
	run_scry -o log -- sleep 100 >/dev/null 2>err &
	tpid=$!
	wait_for eval 'spid=$(scry_of $tpid) && sl=$(child_of $spid) && [ "$(cat /proc/$sl/comm)" = sleep ]' ||
		{ fail "sleep did not start"; kill $tpid; return 1; }
	kill -KILL "$spid"
	wait $tpid
	# Well before timeout(1) would kill it (its whole process group) anyway.
	if ! WAIT_SECS=3 wait_for eval '[ -z "$(proc_state $sl)" ] || [ "$(proc_state $sl)" = Z ]'; then
		fail "sleep $sl is still there, state $(proc_state "$sl")"
		kill -KILL "$sl"
		ok=1
	fi
	return $ok
}

# Killed by SIGSEGV with core dumps allowed: the program may dump core
# (it runs in sub/), scry must not (it re-raises the signal with core
# dumps off), and exits 139.
t_no_core() {
	mkdir sub
	(
		ulimit -c unlimited
		# shellcheck disable=SC2016 # $0 is for the inner shell
		run_scry -o log -- sh -c 'cd sub && exec "$0" segv' "$BT/exit_status" >/dev/null 2>err
	)
	status_is $? 139 scry || return 1
	if ls core* >/dev/null 2>&1 || grep -q 'dumped core' err; then
		fail "scry dumped core"
		return 1
	fi
	printf '%s\n' '~ \+\+\+ killed by SIGSEGV( \(core dumped\))? \+\+\+' >exp
	match_log exp log
}

# -h and --help: usage on stdout, exit 0. -V: a version, exit 0.
t_help() {
	local ok=0 o
	for o in -h --help; do
		run_scry "$o" >out 2>err
		status_is $? 0 "scry $o" || ok=1
		grep -qi usage out || { fail "$o: no usage on stdout"; ok=1; }
	done
	run_scry -V >out 2>err
	status_is $? 0 "scry -V" || ok=1
	grep -q '[0-9]' out || { fail "-V: no version on stdout"; show out; ok=1; }
	return $ok
}

# Every thread gets its turn (tests/progs/thread_turns.c), on all CPUs and
# with scry and the program on one (where scry yields instead of polling).
t_thread_turns() {
	local ok=0 pin
	scry_only || return 77
	for pin in "" "taskset -c 0"; do
		# shellcheck disable=SC2086 # pin is a command prefix or nothing
		timeout -k 5 "$SCRY_TIMEOUT" $pin "$SCRY" trace -f -o log -- "$BT/thread_turns" 2>err
		status_is $? 0 "${pin:+$pin }scry -f thread_turns" || { show err; ok=1; }
	done
	return $ok
}

# On one CPU shared with a busy program, tracing must not slow to a crawl:
# a yield there hands the CPU over for a whole time slice (the engine then
# sleeps in waitpid instead). 10,000 syscalls take about 0.5 s here; they took
# 30 s when scry yielded at every stop.
t_cpu_shared() {
	local ok=0 hog
	scry_only || return 77
	taskset -c 0 sh -c 'while :; do :; done' &
	hog=$!
	timeout -k 5 "$SCRY_TIMEOUT" taskset -c 0 "$SCRY" trace -o log -- \
		dd if=/dev/zero of=/dev/null bs=1 count=5000 2>err
	status_is $? 0 "scry beside a busy loop on CPU 0" || { show err; ok=1; }
	kill "$hog"
	wait "$hog" 2>/dev/null
	[ "$(grep -c '^write(1, "\\0", 1) *= 1$' log)" = 5000 ] || { fail "want 5000 writes in the log"; ok=1; }
	return $ok
}

# --pin[=CPU] changes nothing in the output.
t_pin() {
	local ok=0 o
	scry_only || return 77
	for o in --pin --pin=0; do
		run_scry "$o" -o log -- "$BT/exit_status" 3 >expected 2>err
		status_is $? 3 "scry $o" || { show err; ok=1; }
		match_log expected log || ok=1
	done
	return $ok
}

# bad CODE [ARGS...]: "scry trace ARGS" (no "--" added) exits CODE after
# one stderr line starting "scry: ", and quickly.
bad() {
	local want=$1 rc
	shift
	timeout -k 5 "$SCRY_TIMEOUT" "$SCRY" trace "$@" </dev/null >out 2>err
	rc=$?
	status_is $rc "$want" "scry trace $*" || { show err; return 1; }
	if [ "$(wc -l <err)" != 1 ] || ! grep -q '^scry: ' err; then
		fail "scry trace $*: want one 'scry: ' line on stderr"
		show err
		return 1
	fi
}

# Usage errors exit 2, runtime errors 1, a command that cannot run 127.
t_bad_input() {
	local ok=0
	scry_only || return 77
	bad 2 --no-such-option -- true || ok=1
	bad 2 -@ -- true || ok=1
	bad 2 || ok=1
	bad 2 -- || ok=1
	bad 2 -p abc || ok=1
	bad 2 -p || ok=1
	grep -q "'-p' needs an argument" err || { fail "-p alone: $(cat err)"; ok=1; }
	bad 2 -s -- true || ok=1
	bad 2 -s abc -- true || ok=1
	bad 127 -- /nonexistent/command || ok=1
	grep -q /nonexistent/command err || { fail "the message does not name the command"; ok=1; }
	bad 1 -o /nonexistent/dir/log -- true || ok=1
	if [ -e /proc/999999 ]; then
		echo "    (pid 999999 exists: not tried)"
	else
		bad 1 -p 999999 || ok=1
	fi
	# kthreadd: a kernel thread, which ptrace refuses.
	if [ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ]; then
		bad 1 -p 2 || ok=1
	fi
	return $ok
}

# The same errors through strace, for SCRY_CMD=strace: statuses only.
t_bad_status() {
	local ok=0 rc want
	scry_only && return 77
	for want in "1 -p 999999" "1 -p 2"; do
		# shellcheck disable=SC2086 # word lists
		set -- $want
		run_scry "${@:2}" >/dev/null 2>&1
		rc=$?
		status_is $rc "$1" "${*:2}" || ok=1
	done
	return $ok
}

# --json over the whole corpus: every program of every "match" test, with
# its options, and every line must validate against docs/trace.schema.json
# (Debian's python3-jsonschema: a real validator). Plain build only.
t_json_schema() {
	local ok=0 n=0 name kind args opts prog
	case $SCRY in *asan*) return 77 ;; esac
	scry_only || return 77
	/usr/bin/python3 -c 'import jsonschema' 2>/dev/null ||
		{ fail "python3-jsonschema missing (make deps)"; return 1; }
	while read -r name kind args; do
		case $name in '' | '#'*) continue ;; esac
		[ "$kind" = match ] || continue
		# shellcheck disable=SC2086 # fields are words
		set -- $args
		shift # the expected status
		opts=()
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			case $1 in -c | -C) opts=(); break ;; esac
			opts+=("$1")
			shift
		done
		[ "${1:-}" = -- ] || continue
		shift
		prog=$1
		shift
		n=$((n + 1))
		run_scry --json "${opts[@]}" -o "json.$n" -- "$BT/$prog" "$@" >/dev/null 2>&1
	done < <(cat "$ROOT"/tests/*.in)
	[ $n -gt 20 ] || { fail "only $n programs ran"; ok=1; }
	/usr/bin/python3 "$ROOT/tests/json_check.py" "$ROOT/docs/trace.schema.json" json.* >report ||
		{ show report "schema errors"; ok=1; }
	return $ok
}

# The issue's differential bar: for real programs (coreutils, sh, python3,
# curl, git, Go client/server), >= 95% of strace's lines appear identically
# in scry's, after normalising addresses, pids, random bytes and threads.
# Go's runtime makes a run-to-run noise of a few percent in how many
# scheduler syscalls it makes (strace against itself varies as much), so a
# program under the bar gets two more runs before it counts as failed.
t_strace_match() {
	local try below
	case $SCRY in *asan*) return 77 ;; esac
	scry_only || return 77
	SCRY=$SCRY bash "$ROOT/tests/strace_match.sh" --check 95 --mask-noise --by-process \
		>report 2>&1 && return 0
	for try in 2 3; do
		below=$(sed -n 's/^check: below 95% ([a-z%]*): //p' report | tr ' ' ',')
		[ -n "$below" ] || break
		SCRY=$SCRY bash "$ROOT/tests/strace_match.sh" --check 95 --mask-noise \
			--by-process --only "$below" >report 2>&1 && return 0
	done
	show report "strace_match.sh" 40
	return 1
}

# -k: tests/stack/run.sh (C against gdb, Go normal/stripped/section-less,
# cgo, real stripped esbuild binaries against debug/gosym; npm unreachable
# means skip, not fail), then scry -k itself on the C program.
t_stack() {
	local ok=0
	case $SCRY in *asan*) return 77 ;; esac
	scry_only || return 77
	bash "$ROOT/tests/stack/run.sh" >report 2>&1 || { show report "tests/stack/run.sh" 40; ok=1; }
	run_scry -k -e trace=write -o log -- "$ROOT/build/stack/stack_c" >/dev/null 2>&1
	grep -q '^ > .*(main+0x[0-9a-f]*) \[0x[0-9a-f]*\]' log ||
		{ show log "scry -k: no main frame"; ok=1; }
	grep -q '^ > .*libc\.so\.6(__libc_start_call_main+0x' log ||
		{ show log "scry -k: no libc frame"; ok=1; }
	# C++ names demangled, as strace prints them.
	run_scry -k -e trace=write -o log.cxx -- "$BT/stack_cxx" >/dev/null 2>&1
	grep -q '^ > .*/stack_cxx(scry::outer(char const\*)+0x[0-9a-f]*) \[0x' log.cxx ||
		{ show log.cxx "scry -k: no demangled scry::outer(char const*) frame"; ok=1; }
	return $ok
}

# --timeline on multi-threaded programs (C threads, and Go when built):
# valid Chrome Trace JSON, a named track for every thread of the text log,
# one complete event per syscall line, and the exits as instant events.
t_timeline() {
	local ok=0 prog
	for prog in threads gofile; do
		[ -x "$BT/$prog" ] || continue
		run_scry -f --timeline "tl.$prog" -o "log.$prog" -- "$BT/$prog" >/dev/null 2>&1
		/usr/bin/python3 - "tl.$prog" "log.$prog" >"report.$prog" 2>&1 <<'PY' ||
import json, re, sys
tl = json.load(open(sys.argv[1]))['traceEvents']
log = open(sys.argv[2]).read().splitlines()
tids = {int(l.split()[0]) for l in log if re.match(r'^\d+ ', l)}
named = {e['tid'] for e in tl if e['ph'] == 'M' and e['name'] == 'thread_name'}
calls = [l for l in log if re.match(r'^\d+ +(?!<\.\.\.|---|\+\+\+)[a-z_0-9]+\(', l)]
slices = [e for e in tl if e['ph'] == 'X']
exits = [e for e in tl if e['ph'] == 'i' and e['name'].startswith(('exited', 'killed'))]
errs = []
if tids - named:
    errs.append('threads without a track: %s' % sorted(tids - named))
if len(slices) != len(calls):
    errs.append('%d slices for %d syscall lines' % (len(slices), len(calls)))
if len(exits) != len([l for l in log if re.match(r'^\d+ +\+\+\+ (exited|killed) ', l)]):
    errs.append('exit instants do not match the log')
if len(tids) < 2:
    errs.append('only %d thread(s)' % len(tids))
print('\n'.join(errs) or 'ok: %d threads, %d slices' % (len(tids), len(slices)))
sys.exit(1 if errs else 0)
PY
			{ show "report.$prog" "timeline of $prog"; ok=1; }
	done
	return $ok
}

# scry convert: a --json -k recording turned into --profile gives the same
# file as --profile in the traced run itself; --timeline the same slices.
t_convert() {
	local ok=0
	run_scry -f -k --json -o rec.json --timeline tl.direct --profile prof.direct \
		-- "$BT/threads" >/dev/null 2>&1
	"$SCRY" convert --timeline tl.conv --profile prof.conv rec.json >err 2>&1 ||
		{ show err "scry convert"; ok=1; }
	cmp -s prof.direct prof.conv || { fail "--profile differs after convert"; diff prof.direct prof.conv | head -5; ok=1; }
	/usr/bin/python3 - tl.direct tl.conv >report 2>&1 <<'PY' || { show report "timeline"; ok=1; }
import json, sys
a, b = (json.load(open(f))['traceEvents'] for f in sys.argv[1:3])
key = lambda ev: [(e['name'], e['tid'], e['ph']) for e in ev if e['ph'] in 'Xi']
sys.exit(0 if key(a) == key(b) and len(key(a)) > 20 else 1)
PY
	"$SCRY" convert --timeline x /nonexistent >/dev/null 2>&1
	status_is $? 1 "convert of a missing file" || ok=1
	echo '{"not":"scry"}' >bad.json
	"$SCRY" convert --profile y bad.json >/dev/null 2>&1
	status_is $? 1 "convert of a foreign file" || ok=1
	return $ok
}

# --profile opened in a real viewer: speedscope in headless Chromium
# (tests/viewer/run.sh) must import every sample and show main and write.
# Skipped only without chromium, node or npm, or offline at first install.
t_viewer() {
	case $SCRY in *asan*) return 77 ;; esac
	scry_only || return 77
	SCRY=$SCRY bash "$ROOT/tests/viewer/run.sh" >report 2>&1
	case $? in
	0) return 0 ;;
	77) cat report; return 77 ;;
	esac
	show report "tests/viewer/run.sh" 20
	return 1
}

# getaddrinfo with AI_ADDRCONFIG asks the kernel for every address
# (RTM_GETADDR over NETLINK_ROUTE): strace and scry must show the same
# sendto and recvmsg lines, the sequence number, port ids and address
# lifetimes aside (they differ between runs; a DHCP or SLAAC address's
# lifetimes count down).  Skipped without strace or python3.
t_net_netlink_gai() {
	local py="import socket; socket.getaddrinfo('localhost', 80, flags=socket.AI_ADDRCONFIG)"
	command -v strace >/dev/null || { echo "    strace is not installed"; return 77; }
	command -v python3 >/dev/null || { echo "    no python3"; return 77; }
	scry_only || return 77
	timeout -k 5 "$SCRY_TIMEOUT" strace -f -o A -e trace=sendto,recvmsg python3 -c "$py" ||
		return 77
	run_scry -f -o B -e trace=sendto,recvmsg -- python3 -c "$py" ||
		{ fail "scry failed"; return 1; }
	local f
	for f in A B; do
		sed -E -n 's/^[0-9]+ +//; s/nlmsg_seq=[0-9]+/nlmsg_seq=SEQ/g;
			s/nlmsg_pid=-?[0-9]+/nlmsg_pid=PID/g; s/nl_pid=-?[0-9]+/nl_pid=PID/g;
			s/ifa_(prefered|valid)=[0-9]+/ifa_\1=T/g;
			/^(sendto|recvmsg)\(/p' "$f" >"$f.m"
	done
	grep -q 'nlmsg_type=RTM_GETADDR' A.m || { echo "    no RTM_GETADDR under strace"; return 77; }
	if ! cmp -s A.m B.m; then
		fail "scry's sendto/recvmsg lines differ from strace's"
		diff A.m B.m | cut -c1-300 | head -n 8 | sed 's/^/    /'
		return 1
	fi
}

# One test, in its own directory; prints its report lines, returns 0
# pass, 1 fail, 77 skip.
run_one() {
	local name=$1 kind=$2 rc
	shift 2
	TESTDIR=$(mktemp -d "$RUNDIR/$name.XXXX")
	export TESTDIR
	export ASAN_OPTIONS="$ASAN_BASE:log_path=$TESTDIR/san"
	export UBSAN_OPTIONS="$UBSAN_BASE:log_path=$TESTDIR/san"
	cd "$TESTDIR" || return 1
	case $kind in
	match) t_match "$@" ;;
	diff) t_diff "$@" ;;
	sh) "t_$name" "$@" ;;
	*) fail "tests.in: unknown kind '$kind'" ;;
	esac
	rc=$?
	check_sanitizer || rc=1
	cd "$ROOT" || return 1
	[ $rc = 0 ] || [ $rc = 77 ] && rm -rf "$TESTDIR"
	return $rc
}

selected() {
	local n
	[ -n "$PATTERN" ] && ! [[ $1 =~ $PATTERN ]] && return 1
	[ -n "$SUBSET" ] && ! [[ $1 =~ $SUBSET ]] && return 1
	[ ${#NAMES[@]} = 0 ] && return 0
	for n in "${NAMES[@]}"; do
		[ "$n" = "$1" ] && return 0
	done
	return 1
}

PASSED=0
SKIPPED=0
SUBSET=

# run_suite LABEL: every selected test against $SCRY, $JOBS at a time.
# Each test writes its report to a file, printed when the test ends.
run_suite() {
	local label=$1 name kind args pids=() n=0 f
	RUNDIR=$(mktemp -d "${TMPDIR:-/tmp}/scry-tests.XXXX")
	while read -r name kind args; do
		case $name in '' | '#'*) continue ;; esac
		selected "$name" || continue
		n=$((n + 1))
		(
			# tests.in is ours: its quotes and $BT are the shell's to expand.
			eval "set -- $args"
			t0=${EPOCHREALTIME/./}
			out=$(run_one "$name" "$kind" "$@" 2>&1)
			rc=$?
			t=$(((${EPOCHREALTIME/./} - t0) / 100000))
			t="($((t / 10)).$((t % 10))s)"
			case $rc in
			0) echo "PASS $label$name $t" ;;
			77) echo "SKIP $label$name" ;;
			*) echo "FAIL $label$name $t" ;;
			esac >"$RUNDIR/$n.res"
			[ $rc != 0 ] && [ -n "$out" ] && echo "$out" >>"$RUNDIR/$n.res"
			cat "$RUNDIR/$n.res"
		) &
		pids+=($!)
		while [ "$(jobs -pr | wc -l)" -ge "$JOBS" ]; do
			wait -n
		done
	done < <(cat "${LISTS[@]}")
	wait
	for f in "$RUNDIR"/*.res; do
		[ -e "$f" ] || continue
		case $(head -n1 "$f") in
		PASS*) PASSED=$((PASSED + 1)) ;;
		SKIP*) SKIPPED=$((SKIPPED + 1)) ;;
		*) FAILED=$((FAILED + 1)) ;;
		esac
	done
	# Kept on failure for a look at the logs.
	find "$RUNDIR" -maxdepth 1 -name '*.res' -delete
	rmdir "$RUNDIR" 2>/dev/null || echo "(failed tests' files are in $RUNDIR)"
}

build
FAILED=$BUILD_FAILED

ASAN_BASE=detect_leaks=1:abort_on_error=1
UBSAN_BASE=halt_on_error=1:print_stacktrace=1
if [ -n "$SCRY_CMD" ]; then
	echo "== $SCRY_CMD"
	run_suite ""
else
	if [ ! -x "$SCRY" ]; then
		echo "$SCRY not found: run make first"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "== $SCRY"
	run_suite ""
	# Confined to one CPU, the engine waits for stops differently (it yields
	# instead of polling): the engine's hard cases again, scry and the
	# tracees on CPU 0. Not the differential tests: a program on one CPU may
	# make other syscalls than under strace on all of them (Go's threads).
	if [ -z "${NO_CPU0:-}" ] && taskset -c 0 true 2>/dev/null; then
		echo "== $SCRY on CPU 0 (taskset -c 0)"
		printf '#!/bin/sh\nexec taskset -c 0 %s "$@"\n' "$SCRY" >"$BT/scry-cpu0"
		chmod +x "$BT/scry-cpu0"
		SCRY=$BT/scry-cpu0 SUBSET='^(exit_|fork_tree|threads|signals|stop_|exec_thread|forks|attach|sigkill_blocked|exitkill|sig_)' \
			run_suite "cpu0:"
	fi
	if [ -z "${NO_ASAN:-}" ] && [ -x "$ROOT/build/asan/scry" ]; then
		echo "== $ROOT/build/asan/scry (ASan+UBSan)"
		SCRY=$ROOT/build/asan/scry
		run_suite "asan:"
	fi
fi
[ "$SKIPPED" != 0 ] && echo "($SKIPPED skipped)"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
