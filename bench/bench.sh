#!/usr/bin/env bash
# bench.sh: tracing overhead of scry against strace, on syscall-bound loops.
#
#   make bench                  (or: bash bench/bench.sh, from anywhere)
#
# Environment:
#   BENCH_ROUNDS=5        rounds; each runs every configuration once, in an
#                         order rotated per round, so drift (CPU placement,
#                         frequency, noisy neighbours) hits all of them alike
#   BENCH_N=25000         bytes copied, 1 per read+write pair: ~70 ms untraced
#                         on the 2-core CI machine, ~3 s under strace
#   BENCH_CPU=0           CPU for the taskset configurations
#   BENCH_WORKLOADS=...   subset of workload names, e.g. "dd"
#   BENCH_EXTRA='NAME|CMD;...'  more configurations.  CMD is a command prefix
#                         the workload is appended to; the word SCRY stands
#                         for the scry invocation, and a CMD that starts with
#                         '-' means "SCRY CMD -f -o /dev/null --".
#                         Example: BENCH_EXTRA='scry -c|-c'
#   BENCH_PINNED=0        skip the pinned phase (the taskset configurations
#                         again, BENCH_ROUNDS_PINNED=11 rounds)
#   BENCH_K=0             skip the -k phase (N=BENCH_N_K=5000, BENCH_ROUNDS_K=3)
#   BENCH_FILTER=0        skip the filter phase (-e trace=openat against the
#                         untraced run; N=BENCH_N_FILTER=250000 so that the
#                         tracers' fixed start-up cost, a few ms, does not
#                         hide the per-syscall cost; BENCH_ROUNDS_FILTER=7)
#   SCRY=./build/scry     tracer under test; SCRY=strace runs the script
#                         before scry exists (--pin then becomes taskset)
#
# Output: a table on stdout, also in build/bench/results.txt; raw samples in
# build/bench/samples.tsv.  Exits 0 whatever the figures (the bars are
# informational), non-zero if a run fails or prints the wrong count.
set -euo pipefail
cd "$(dirname "$0")/.."

O=build/bench
ROUNDS=${BENCH_ROUNDS:-5}
N=${BENCH_N:-25000}
CPU=${BENCH_CPU:-0}
SCRY=${SCRY:-./build/scry}

die() {
	echo "bench: $*" >&2
	exit 1
}

# Workloads: name|command ({N} = count)|regex its stdout+stderr must match.
WORKLOADS=(
	"dd|dd if=/dev/zero of=/dev/null bs=1 count={N}|^{N}\+0 records out"
	"go|$O/rw1 {N}|^{N} bytes copied"
)
# Configurations: name|prefix; CPU = $BENCH_CPU, SCRY = scry invocation.
CONFIGS=(
	"untraced|"
	"strace|strace -f -o /dev/null --"
	"scry|SCRY -f -o /dev/null --"
	"untraced cpu|taskset -c CPU"
	"strace cpu|taskset -c CPU strace -f -o /dev/null --"
	"scry cpu|taskset -c CPU SCRY -f -o /dev/null --"
	"scry --pin|SCRY --pin -f -o /dev/null --"
	"ptrace floor|FLOOR ptrace"
	"ptrace floor cpu|taskset -c CPU FLOOR ptrace"
	"strace -c|strace -f -c -o /dev/null --"
	"scry -c|SCRY -f -c -o /dev/null --"
	"strace -c cpu|taskset -c CPU strace -f -c -o /dev/null --"
	"scry -c cpu|taskset -c CPU SCRY -f -c -o /dev/null --"
	"scry --json|SCRY -f --json -o /dev/null --"
)
# Ratios of per-round wall times: label|numerator|denominator|bar (<=).
# Bars from the issues: the engine (full decoding on), seccomp filtering,
# -c against strace -c, JSON against text.
RATIOS=(
	"scry/strace unpinned|scry|strace|0.4"
	"scry/strace pinned|scry cpu|strace cpu|0.85"
	"scry --pin/strace unpinned|scry --pin|strace|0.2"
	"strace/untraced|strace|untraced|"
	"scry/untraced|scry|untraced|"
	"ptrace floor/strace unpinned|ptrace floor|strace|"
	"ptrace floor/strace pinned|ptrace floor cpu|strace cpu|"
	"scry/ptrace floor unpinned|scry|ptrace floor|"
	"scry/ptrace floor pinned|scry cpu|ptrace floor cpu|"
	"scry -c/strace -c unpinned|scry -c|strace -c|0.45"
	"scry -c/strace -c pinned|scry -c cpu|strace -c cpu|0.9"
	"scry --json/scry text|scry --json|scry|1.1"
)
# -k phase: strace -k costs milliseconds a syscall here, so a short loop.
if [[ ${BENCH_PHASE:-} == k ]]; then
	N=${BENCH_N_K:-5000}
	ROUNDS=${BENCH_ROUNDS_K:-3}
	CONFIGS=(
		"untraced|"
		"strace -k|strace -f -k -o /dev/null --"
		"scry -k|SCRY -f -k -o /dev/null --"
	)
	RATIOS=("scry -k/strace -k|scry -k|strace -k|0.05" "scry -k/untraced|scry -k|untraced|")
fi
# Pinned phase: on one CPU a run's time moves by 10-30% with what the host
# does meanwhile, more than scry and strace differ; more rounds of just the
# pinned configurations, each pair run back to back, steady the medians.
if [[ ${BENCH_PHASE:-} == pinned ]]; then
	ROUNDS=${BENCH_ROUNDS_PINNED:-11}
	CONFIGS=(
		"untraced cpu|taskset -c CPU"
		"strace cpu|taskset -c CPU strace -f -o /dev/null --"
		"scry cpu|taskset -c CPU SCRY -f -o /dev/null --"
		"ptrace floor cpu|taskset -c CPU FLOOR ptrace"
		"strace -c cpu|taskset -c CPU strace -f -c -o /dev/null --"
		"scry -c cpu|taskset -c CPU SCRY -f -c -o /dev/null --"
	)
	RATIOS=(
		"scry/strace pinned|scry cpu|strace cpu|0.85"
		"scry -c/strace -c pinned|scry -c cpu|strace -c cpu|0.9"
		"ptrace floor/strace pinned|ptrace floor cpu|strace cpu|"
		"scry/ptrace floor pinned|scry cpu|ptrace floor cpu|"
	)
fi
# Filter phase: seccomp lets the unselected syscalls run without a stop, so
# what is left is the filter's own cost in the kernel ("seccomp floor": the
# same filter, no tracer) and the tracers' start-up.
if [[ ${BENCH_PHASE:-} == filter ]]; then
	N=${BENCH_N_FILTER:-250000}
	ROUNDS=${BENCH_ROUNDS_FILTER:-7}
	CONFIGS=(
		"untraced|"
		"seccomp floor|FLOOR seccomp"
		"strace --seccomp-bpf|strace -f --seccomp-bpf -e trace=openat -o /dev/null --"
		"scry -e openat|SCRY -f -e trace=openat -o /dev/null --"
	)
	RATIOS=(
		"scry -e trace=openat/untraced|scry -e openat|untraced|1.1"
		"strace --seccomp-bpf/untraced|strace --seccomp-bpf|untraced|"
		"seccomp floor/untraced|seccomp floor|untraced|"
		"scry -e openat/seccomp floor|scry -e openat|seccomp floor|"
	)
fi

IFS=';' read -r -a extra <<<"${BENCH_EXTRA:-}"
for e in "${extra[@]}"; do
	[[ $e == *'|'* ]] || { [[ -z ${e// /} ]] && continue; die "BENCH_EXTRA entry '$e': want NAME|CMD"; }
	name=${e%%|*} cmd=${e#*|}
	[[ $cmd == -* ]] && cmd="SCRY $cmd -f -o /dev/null --"
	CONFIGS+=("$name|$cmd")
	RATIOS+=("$name/strace unpinned|$name|strace|")
done

if [[ -n ${BENCH_WORKLOADS:-} ]]; then
	keep=()
	for w in "${WORKLOADS[@]}"; do
		[[ " $BENCH_WORKLOADS " == *" ${w%%|*} "* ]] && keep+=("$w")
	done
	((${#keep[@]})) || die "BENCH_WORKLOADS='$BENCH_WORKLOADS' names no workload"
	WORKLOADS=("${keep[@]}")
fi

# The scry invocation; strace stands in for it while scry does not exist.
if [[ $(basename "$SCRY") == strace ]]; then
	scry_words=("$SCRY")
	note="SCRY=$SCRY: scry rows are strace, --pin is taskset -c $CPU"
else
	scry_words=("$SCRY" trace)
	note=
fi
command -v "$SCRY" >/dev/null ||
	die "'$SCRY' not found: run make first, or SCRY=strace to try this script"
for t in strace taskset go cc dd; do
	command -v $t >/dev/null || die "'$t' not found (make deps installs it)"
done

mkdir -p "$O"
if [[ ! -x $O/runtime || bench/runtime.c -nt $O/runtime ]]; then
	cc -O2 -Wall -Wextra -Werror -o "$O/runtime" bench/runtime.c
fi
if [[ ! -x $O/floor || bench/floor.c -nt $O/floor ]]; then
	cc -O2 -Wall -Wextra -Werror -o "$O/floor" bench/floor.c
fi
if [[ ! -x $O/rw1 || bench/workloads/rw1.go -nt $O/rw1 ]]; then
	# Own cache and GOPATH: works as root on a clean machine, no $HOME needed.
	GOCACHE=$PWD/$O/gocache GOPATH=$PWD/$O/gopath GOENV=off GOFLAGS='' CGO_ENABLED=0 \
		go build -o "$O/rw1" bench/workloads/rw1.go
fi

# Sets cmd=() for workload $1 under configuration $2.
expand() {
	local w=$1 c=$2 word pin=
	cmd=()
	for word in ${c#*|}; do
		case $word in
		SCRY) cmd+=("${scry_words[@]}") ;;
		CPU) cmd+=("$CPU") ;;
		FLOOR) cmd+=("$O/floor") ;;
		--pin) [[ -n $note ]] && pin=1 || cmd+=(--pin) ;;
		*) cmd+=("$word") ;;
		esac
	done
	[[ -n $pin ]] && cmd=(taskset -c "$CPU" "${cmd[@]}")
	w=${w#*|}
	w=${w%%|*}
	for word in $w; do
		cmd+=("${word//\{N\}/$N}")
	done
}

# Runs cmd=() once, output to $1; sets wall and cpu (ms).
measure() {
	local out=$1 res rc=0
	res=$("$O/runtime" -o "$out" "${cmd[@]}") || rc=$?
	if ((rc != 0)); then
		echo "bench: exit status $rc: ${cmd[*]}" >&2
		[[ $out == /dev/null ]] || sed 's/^/  | /' "$out" >&2
		exit 1
	fi
	read -r wall cpu _ <<<"$res"
}

samples=$O/samples${BENCH_PHASE:+-$BENCH_PHASE}.tsv
: >"$samples"
nconf=${#CONFIGS[@]}
for w in "${WORKLOADS[@]}"; do
	wname=${w%%|*}
	want=${w##*|}
	want=${want//\{N\}/$N}
	# Warm-up, discarded: page cache, and a check that every configuration
	# still runs the workload to the end.
	for c in "${CONFIGS[@]}"; do
		expand "$w" "$c"
		measure "$O/check.out"
		grep -Eq "$want" "$O/check.out" || {
			sed 's/^/  | /' "$O/check.out" >&2
			die "$wname under '${c%%|*}': output lacks /$want/: ${cmd[*]}"
		}
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		line="$wname round $r/$ROUNDS:"
		for ((k = 0; k < nconf; k++)); do
			c=${CONFIGS[(k + r) % nconf]}
			expand "$w" "$c"
			measure /dev/null
			printf '%s\t%s\t%d\t%s\t%s\n' "$wname" "${c%%|*}" "$r" "$wall" "$cpu" >>"$samples"
			line+=" ${c%%|*} ${wall%.*}"
		done
		echo "$line ms" >&2
	done
done

ratios=$O/ratios${BENCH_PHASE:+-$BENCH_PHASE}.tsv
printf '%s\n' "${RATIOS[@]}" | tr '|' '\t' >"$ratios"
{
	echo "scry bench: N=$N rounds=$ROUNDS cpus=$(nproc) kernel=$(uname -r) $(date -u +%FT%TZ)"
	echo "scry: ${scry_words[*]}${note:+ ($note)}"
	echo "cpu: $(sed -n '/^model name/{s/^model name[[:space:]]*: //p;q}' /proc/cpuinfo)"
	echo "configuration 'X cpu' = taskset -c $CPU around tracer and workload"
	awk -F'\t' -v order="$(printf '%s\t' "${CONFIGS[@]%%|*}")" '
	function median(s,   a, n, i, j, t) {
		n = split(s, a, " ")
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		if (n == 0)
			return -1
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	FNR == NR { rl[++nr] = $1; rn[nr] = $2; rd[nr] = $3; rb[nr] = $4; next }
	{
		if (!($1 in seen)) { seen[$1] = 1; wl[++nw] = $1 }
		k = $1 SUBSEP $2
		walls[k] = walls[k] " " $4; cpus[k] = cpus[k] " " $5
		wall[k, $3] = $4; cpu[k, $3] = $5; rounds[$1] = $3
	}
	END {
		nc = split(order, cn, "\t") - 1
		for (i = 1; i <= nw; i++) {
			w = wl[i]
			printf "\n%-8s %-22s %10s %10s\n", w, "configuration", "wall ms", "cpu ms"
			for (j = 1; j <= nc; j++)
				printf "%-8s %-22s %10.1f %10.1f\n", "", cn[j],
					median(walls[w, cn[j]]), median(cpus[w, cn[j]])
			printf "%-8s %-31s %6s %6s %8s\n", "", "ratio (median per round)",
				"wall", "cpu", "bar"
			for (j = 1; j <= nr; j++) {
				sw = sc = ""
				for (r = 1; r <= rounds[w]; r++) {
					a = w SUBSEP rn[j]; b = w SUBSEP rd[j]
					if (wall[b, r] > 0) sw = sw " " wall[a, r] / wall[b, r]
					if (cpu[b, r] > 0) sc = sc " " cpu[a, r] / cpu[b, r]
				}
				mw = median(sw); mc = median(sc)
				bar = rb[j] == "" ? "" : sprintf("<= %.2f %s", rb[j],
					mw <= rb[j] + 0 ? "PASS" : "FAIL")
				line = sprintf("%-8s %-31s %6.2f %6.2f   %s", "", rl[j], mw, mc, bar)
				sub(/ +$/, "", line)
				print line
			}
		}
	}' "$ratios" "$samples"
} | tee "$O/results${BENCH_PHASE:+-$BENCH_PHASE}.txt"

if [[ -z ${BENCH_PHASE:-} && ${BENCH_PINNED:-1} != 0 ]]; then
	echo
	BENCH_PHASE=pinned bash "$0"
fi
if [[ -z ${BENCH_PHASE:-} && ${BENCH_FILTER:-1} != 0 ]]; then
	echo
	BENCH_PHASE=filter bash "$0"
fi
if [[ -z ${BENCH_PHASE:-} && ${BENCH_K:-1} != 0 && $(basename "$SCRY") != strace ]]; then
	echo
	BENCH_PHASE=k bash "$0"
fi
