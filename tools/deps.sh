#!/bin/sh
# Check the packages that building, testing and benchmarking scry need on
# Debian 12 / Ubuntu.  Silent when all are there.  As root, install what is
# missing; otherwise print the one command that would, and fail.
#
# Called by `make deps` (and so by make test, run, bench) and by .ci/run.
# POSIX sh: the Makefile runs it with `sh`.
# shellcheck disable=SC2086 # lists are split on purpose, and never globbed:
set -f

# The one list.  A trailing '?' marks a package installed only where the
# archive has it.
#   gcc clang libc6-dev make   build; tests also build with clang (-fsanitize)
#   libclang-rt-dev?           clang's ASan/UBSan runtime: a Recommends of
#                              clang on Debian 12, so --no-install-recommends
#                              skips it; Ubuntu 22.04 has no such package
#   pkg-config libdw-dev libelf-dev libzstd-dev   stack unwinding (libdw)
#   strace                     differential tests, bench baseline
#   golang-go                  Go test programs and the Go bench workload
#   python3 python3-jsonschema   tests validate --json output against its schema
#   curl git                   programs tests/strace_match.sh traces
#   gdb                        -k tests compare stacks with gdb's bt
#   chromium nodejs            the viewer test loads --profile in speedscope;
#                              npm comes with NodeSource's nodejs package, and
#                              Debian's npm would conflict with it: npm is
#                              added only where no npm command exists
PACKAGES='gcc clang libc6-dev make libclang-rt-dev? pkg-config libdw-dev libelf-dev libzstd-dev
strace golang-go python3 python3-jsonschema curl git gdb chromium nodejs'

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: dpkg-query not found; install by hand: $(echo $PACKAGES | tr -d '?')" >&2
	exit 0
fi

installed() {
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = 'install ok installed' ]
}

known() {
	apt-cache policy "$1" 2>/dev/null | grep -q 'Candidate: [^(]'
}

# Fills $missing; optional packages only when the package lists know them.
check() {
	missing=
	for p in $PACKAGES; do
		case $p in
		*\?)
			p=${p%\?}
			installed "$p" || ! known "$p" || missing="$missing $p"
			;;
		*)
			installed "$p" || missing="$missing $p"
			;;
		esac
	done
	# Once nodejs is in: npm, where that nodejs came without it.
	if installed nodejs && ! command -v npm >/dev/null 2>&1; then
		missing="$missing npm"
	fi
}

check
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "sudo apt-get install -y$missing" >&2
	exit 1
fi

# Refresh the lists only when they cannot serve the request: never fetched
# (fresh container), or a wanted package unknown to them.
need_update=
ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1 || need_update=1
for p in $missing; do
	known "$p" || need_update=1
done
if [ -n "$need_update" ]; then
	apt-get update -q || exit 1
	check # optional packages may have become known
fi

install() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}
# Stale lists name package versions the mirror no longer has: update, retry.
install || { [ -z "$need_update" ] && apt-get update -q && install; } || exit 1
# A second pass for what depends on the first (npm on a nodejs without it).
check
[ -z "$missing" ] || install
