#!/bin/bash
# The viewer test: scry's --profile of a small C program (main -> outer ->
# middle -> leaf -> write) opened in speedscope, the real web app, in
# headless Chromium (tests/viewer/speedscope.mjs does the looking).
#
#   bash tests/viewer/run.sh
#   SCRY=path        the binary to test (default ./build/scry)
#   VIEWER_PNG=FILE  keep the screenshot there (e.g. docs/speedscope.png)
#   CHROMIUM=path    the browser (default /usr/bin/chromium)
#
# Exits 0 pass, 1 fail, 77 skip: skipped only when Chromium, node or npm
# is missing, or the npm registry cannot be reached for the first install.
# The npm packages (exact versions in package.json and package-lock.json)
# go to build/viewer/node_modules, never into the source tree.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
SCRY=${SCRY:-$ROOT/build/scry}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
V=$ROOT/build/viewer
export LC_ALL=C CHROMIUM

skip() {
	echo "    $*"
	exit 77
}
[ -x "$CHROMIUM" ] || skip "no $CHROMIUM (make deps installs chromium)"
command -v node >/dev/null || skip "node not found (make deps installs nodejs)"
command -v npm >/dev/null || skip "npm not found (it comes with nodejs from NodeSource)"
[ -x "$SCRY" ] || { echo "    $SCRY not found: run make first"; exit 1; }

# Install once, again only when package.json or the lock changed.
mkdir -p "$V"
if ! cmp -s tests/viewer/package-lock.json "$V/package-lock.json" ||
	! cmp -s tests/viewer/package.json "$V/package.json" ||
	[ ! -e "$V/node_modules/.installed" ]; then
	rm -f "$V/node_modules/.installed"
	cp tests/viewer/package.json tests/viewer/package-lock.json "$V/"
	if ! (cd "$V" && timeout 300 npm ci --no-audit --no-fund >npm.log 2>&1); then
		# Offline is a skip; a registry that answers but fails the install is not.
		timeout 30 npm ping >/dev/null 2>&1 || skip "the npm registry is unreachable"
		echo "    npm ci failed in $V:"
		tail -n 5 "$V/npm.log" | sed 's/^/    | /'
		exit 1
	fi
	touch "$V/node_modules/.installed"
fi

# Our own copy of tests/progs/stack_c.c, built as tests/stack/run.sh builds
# it (-fomit-frame-pointer: DWARF CFI only): build/stack/stack_c may be
# rebuilt by the stack test running alongside.
if [ ! -x "$V/stack_c" ] || [ tests/progs/stack_c.c -nt "$V/stack_c" ]; then
	gcc -O2 -fomit-frame-pointer -g -o "$V/stack_c" tests/progs/stack_c.c || exit 1
fi

# In tests/run.sh's scratch directory, else in our own, kept on failure.
W=${TESTDIR:-$(mktemp -d "${TMPDIR:-/tmp}/scry-viewer.XXXX")}
cd "$W" || exit 1

timeout -k 5 20 "$SCRY" trace -f -k --profile prof.txt -o /dev/null -- "$V/stack_c" >out 2>err
rc=$?
[ $rc = 0 ] || { echo "    scry exited with $rc"; sed 's/^/    | /' err | head -n 10; exit 1; }
# The file must hold what the viewer is asked to show, or a failure below
# would blame speedscope for scry's file.
if ! grep -q ' main+0x[0-9a-f]* (' prof.txt || ! grep -q ' write (\[kernel.kallsyms\])$' prof.txt; then
	echo "    prof.txt has no main frame or no write sample"
	head -n 20 prof.txt | sed 's/^/    | /'
	exit 1
fi

timeout -k 5 90 node "$ROOT/tests/viewer/speedscope.mjs" "$V/node_modules" prof.txt speedscope.png main write
rc=$?
if [ -n "${VIEWER_PNG:-}" ] && [ -s speedscope.png ]; then
	case $VIEWER_PNG in /*) cp speedscope.png "$VIEWER_PNG" ;; *) cp speedscope.png "$ROOT/$VIEWER_PNG" ;; esac
fi
if [ $rc = 0 ]; then
	[ -z "${TESTDIR:-}" ] && rm -rf "$W"
	exit 0
fi
echo "    (speedscope.mjs exited with $rc; the screenshot is $W/speedscope.png)"
exit 1
