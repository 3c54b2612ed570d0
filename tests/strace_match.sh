#!/bin/bash
# Differential match against strace 6.1: runs real programs under
# `strace -f` and `scry trace -f`, normalises both logs and prints, per
# program, how many of strace's lines scry printed identically (per thread,
# as a multiset). The comparison is tests/strace_match.py; this script
# builds the Go programs, runs everything and keeps the logs.
#
#   bash tests/strace_match.sh [--check PCT] [--by-process] [--verbose]
#                              [--mask-noise] [--no-baseline] [--no-run]
#                              [--only NAME[,NAME...]] [--list]
#     --check PCT     exit 1 if any program matches less than PCT percent
#                     (the issue's bar is 95)
#     --by-process    --check judges proc% (threads of a process merged)
#                     instead of the per-thread percent
#     --mask-noise    also mask what differs between two runs by nature:
#                     getrandom bytes, ephemeral ports, Go's epoll data
#                     cookies, sysinfo counters (see MASKS in the .py)
#     --verbose       per program, the 10 most frequent strace lines scry
#                     did not print, each with the closest scry line
#     --no-baseline   skip the second strace run (strace against itself:
#                     the noise floor of the program, shown as "self%")
#     --only NAMES    only these programs (see --list)
#     --no-run        compare the logs of the last run again
#   SCRY=path         the binary to compare (default ./build/scry)
#   TIMEOUT=SECONDS   per traced run (default 120)
#
# Writes the table (and, with --verbose, the details) to
# build/strace_match.txt; logs are kept in build/strace_match/logs/.
# Each run gets a fresh scratch directory at the same path, the same
# environment (env -i plus a fixed set), stdin from /dev/null and stdout
# to a file outside the scratch directory, so both tracers see the same
# world.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
SCRY=${SCRY:-$ROOT/build/scry}
TIMEOUT=${TIMEOUT:-120}
W=$ROOT/build/strace_match
BIN=$W/bin
LOGS=$W/logs

PYARGS=()
ONLY=
BASELINE=1
while [ $# -gt 0 ]; do
	case $1 in
	--check) PYARGS+=(--check "$2"); shift 2 ;;
	--check=*) PYARGS+=(--check "${1#--check=}"); shift ;;
	--verbose | -v) PYARGS+=(--verbose); shift ;;
	--by-process) PYARGS+=(--by-process); shift ;;
	--mask-noise) PYARGS+=(--mask-noise); shift ;;
	--no-run) NORUN=1; shift ;;
	--no-baseline) BASELINE=; shift ;;
	--only) ONLY=$2; shift 2 ;;
	--only=*) ONLY=${1#--only=}; shift ;;
	--list) LIST=1; shift ;;
	-h | --help) sed -n '2,34s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) echo "strace_match.sh: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

# The programs: NAME, SETUP (shell, run untraced in the fresh scratch
# directory first) and CMD (words, shell-quoted; run in the scratch
# directory). python3 is /usr/bin/python3: a pyenv shim on PATH would add
# a bash script's syscalls.
PROGS=(
	"ls_la|:|ls -la /usr/share"
	"cat_os_release|:|cat /etc/os-release"
	"cp_file|printf 'scry\\n%.0s' \$(seq 200) >src.txt|cp src.txt dst.txt"
	"sh_pipeline|:|sh -c 'ls / | wc -l'"
	"python3_json|:|/usr/bin/python3 -c 'import json; print(json.dumps({\"a\":1}))'"
	"curl_refused|:|curl -s http://127.0.0.1:9/"
	"git_init|:|git init"
	"git_status|git init -q|git status"
	# Go's scheduler makes the number of futex/nanosleep/sched_yield calls
	# and threads a matter of timing, for strace as for scry: one P and no
	# async preemption (SIGURG) make both runs comparable.
	"go_simple|:|env GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 $BIN/gosimple"
	"go_http|:|env GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 $BIN/gohttp"
)

if [ -n "${LIST:-}" ]; then
	for p in "${PROGS[@]}"; do
		IFS='|' read -r name setup cmd <<<"$p"
		printf '%-16s %s\n' "$name" "$cmd"
	done
	exit 0
fi

for tool in strace python3; do
	command -v $tool >/dev/null || { echo "strace_match.sh: $tool not found (make deps)" >&2; exit 2; }
done
[ -x "$SCRY" ] || { echo "strace_match.sh: $SCRY not found: run make first" >&2; exit 2; }

selected() {
	[ -z "$ONLY" ] && return 0
	case ",$ONLY," in *",$1,"*) return 0 ;; esac
	return 1
}

# Go programs: Debian's golang-go, std only, caches under build/.
build_go() {
	local src name
	mkdir -p "$BIN"
	command -v go >/dev/null || { echo "go not found: the Go programs are skipped"; return 0; }
	for src in tests/strace_match/*.go; do
		name=$(basename "$src" .go)
		if [ ! -x "$BIN/$name" ] || [ "$src" -nt "$BIN/$name" ]; then
			GOCACHE=$W/gocache GOPATH=$W/gopath GO111MODULE=off CGO_ENABLED=0 \
				go build -o "$BIN/$name" "$src" || return 1
		fi
	done
}

# The environment both tracers and their tracees get.
ENVV=(
	PATH=/usr/local/bin:/usr/bin:/bin
	HOME="$W/run/home"
	LANG=C LC_ALL=C TZ=UTC USER=scry LOGNAME=scry
	GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=scry GIT_AUTHOR_EMAIL=scry@example.invalid
	GIT_COMMITTER_NAME=scry GIT_COMMITTER_EMAIL=scry@example.invalid
	GOCACHE="$W/run/home/gocache"
)

# run_traced KIND NAME SETUP CMD: one traced run in a fresh scratch dir.
# KIND is strace, strace2 or scry; writes $LOGS/NAME.KIND (the trace),
# .out (stdout+stderr), .rc (exit status) and .tracer (the tracer's pid,
# which getppid() of the first process returns).
run_traced() {
	local kind=$1 name=$2 setup=$3 cmd=$4 tracer rc
	rm -rf "$W/run"
	mkdir -p "$W/run/scratch" "$W/run/home"
	(cd "$W/run/scratch" && env -i "${ENVV[@]}" sh -c "$setup") >/dev/null 2>&1
	case $kind in
	strace*) tracer="strace -f -o $LOGS/$name.$kind" ;;
	scry) tracer="$SCRY trace -f -o $LOGS/$name.$kind --" ;;
	esac
	# sh writes its pid and execs env, which execs the tracer: one pid.
	# shellcheck disable=SC2016 # $$ and $1 are the inner sh's
	(cd "$W/run/scratch" &&
		timeout -k 5 "$TIMEOUT" sh -c 'echo $$ >"$1"; shift; exec "$@"' sh \
			"$LOGS/$name.$kind.tracer" env -i "${ENVV[@]}" \
			sh -c "exec $tracer $cmd" </dev/null >"$LOGS/$name.$kind.out" 2>&1)
	rc=$?
	echo "$rc" >"$LOGS/$name.$kind.rc"
	rm -rf "$W/run"
}

mkdir -p "$LOGS"
[ -n "${NORUN:-}" ] || build_go || { echo "strace_match.sh: building the Go programs failed" >&2; exit 2; }

SPECS=()
for p in "${PROGS[@]}"; do
	IFS='|' read -r name setup cmd <<<"$p"
	selected "$name" || continue
	case $cmd in
	"$BIN"/*) [ -x "${cmd%% *}" ] || { SPECS+=("$name:SKIP"); continue; } ;;
	esac
	spec="$name:$LOGS/$name"
	[ -n "$BASELINE" ] && spec="$spec:baseline"
	if [ -z "${NORUN:-}" ]; then
		echo "running $name: $cmd" >&2
		run_traced strace "$name" "$setup" "$cmd"
		run_traced scry "$name" "$setup" "$cmd"
		[ -n "$BASELINE" ] && run_traced strace2 "$name" "$setup" "$cmd"
	fi
	SPECS+=("$spec")
done

python3 tests/strace_match.py --out "$ROOT/build/strace_match.txt" "${PYARGS[@]}" "${SPECS[@]}"
