# Helpers for tests/run.sh: running scry, matching its log, comparing it
# with strace. Sourced, never run. Needs bash, python3 and coreutils.

# Set by run.sh: SCRY (binary), SCRY_CMD (optional prefix replacing
# "$SCRY trace"), BT (built test programs), TESTDIR (the test's own
# scratch directory, also its cwd).

# The system's python3 when there is one: a pyenv shim costs a bash script
# or two at every start.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

# Seconds any one scry invocation may take; running out is a failure.
SCRY_TIMEOUT=${SCRY_TIMEOUT:-20}

# run_scry [OPTS...] -- CMD [ARGS...]
# Runs "scry trace OPTS -- CMD ARGS" under timeout, or "$SCRY_CMD OPTS CMD
# ARGS" when SCRY_CMD is set (SCRY_CMD=strace checks the tests themselves).
# Returns what the shell would see: the exit status, 128+N for a signal,
# 124 for a timeout.
# Without "--" (-h, -p PID), none is passed on.
run_scry() {
	local opts=() sep=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift && sep=(--)
	if [ -n "${SCRY_CMD:-}" ]; then
		# shellcheck disable=SC2086 # SCRY_CMD is a command prefix
		timeout -k 5 "$SCRY_TIMEOUT" $SCRY_CMD "${opts[@]}" "$@"
	else
		timeout -k 5 "$SCRY_TIMEOUT" "$SCRY" trace "${opts[@]}" "${sep[@]}" "$@"
	fi
}

# Tests of scry's own messages and options strace lacks return 77 (skip)
# when SCRY_CMD is set.
scry_only() {
	[ -z "${SCRY_CMD:-}" ]
}

# fail MESSAGE...: one diagnostic line for the report; returns 1.
fail() {
	echo "    $*"
	return 1
}

# show FILE [TITLE]: the first lines of a file, indented, for a report.
show() {
	echo "    --- ${2:-$1}"
	head -n "${3:-20}" "$1" 2>/dev/null | cut -c1-200 | sed 's/^/    | /'
}

# Fails when a sanitizer wrote a report (ASAN/UBSAN log_path points to
# $TESTDIR/san.*): any report is a failure, even one that did not abort.
check_sanitizer() {
	local f rc=0
	for f in "$TESTDIR"/san.*; do
		[ -e "$f" ] || continue
		show "$f" "sanitizer report $(basename "$f")" 30
		rc=1
	done
	return $rc
}

# status_is GOT WANT WHAT: compares exit statuses, explains a timeout.
status_is() {
	[ "$1" = "$2" ] && return 0
	[ "$1" = 124 ] && fail "$3 timed out after ${SCRY_TIMEOUT}s" && return 1
	fail "$3 exited with $1, want $2"
}

# wait_for COND_CMD...: polls a command for up to WAIT_SECS (10) seconds.
wait_for() {
	local end=$((${EPOCHREALTIME/./} + ${WAIT_SECS:-10} * 1000000))
	while ((${EPOCHREALTIME/./} < end)); do
		"$@" && return 0
		sleep 0.01
	done
	return 1
}

# proc_state PID: the state letter from /proc/PID/stat, empty if gone.
proc_state() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	s=${s##*) }
	echo "${s%% *}"
}

# match_log EXPECTED LOG: every expected line appears in LOG, in order
# within each thread. The expected-line syntax is described in
# tests/progs/testlib.c. Log lines are normalised first: the padding strace
# puts before " = " is collapsed, and "<unfinished ...>" halves are joined
# with their "<... NAME resumed>" rest. With -f and -o, every log line must
# start with "%-5d " of its pid.
match_log() {
	"$PYTHON" - "$1" "$2" <<'PY'
import difflib, re, sys

PFX = re.compile(r'^(\d+) +')
PAD = re.compile(r'^(.*\))  +(= (?:-?\d+|0x[0-9a-f]+|\?)(?: .*)?)$')
UNF = ' <unfinished ...>'
RES = re.compile(r'^<\.\.\. ([a-z0-9_]+) resumed>')

def norm(s):
    m = PAD.match(s)
    return m.group(1) + ' ' + m.group(2) if m else s

def read_log(path):
    raw, joined, pending, errors = {}, {}, {}, []
    with open(path, errors='replace') as f:
        for n, line in enumerate(f.read().splitlines(), 1):
            m = PFX.match(line)
            pid = int(m.group(1)) if m else None
            if m and line[:m.end()] != '%-5d ' % pid:
                errors.append('log line %d: pid prefix is not "%%-5d ": %r' % (n, line))
            text = norm(line[m.end():] if m else line)
            raw.setdefault(pid, []).append(text)
            j = joined.setdefault(pid, [])
            r = RES.match(text)
            if text.endswith(UNF):
                pending[pid] = len(j)
                j.append(text)
            elif r and pid in pending:
                i = pending.pop(pid)
                j[i] = norm(j[i][:-len(UNF)] + text[r.end():])
            else:
                j.append(text)
    return raw, joined, errors

def compile_exp(text):
    """Returns (kind, stream, matcher) for one expected line."""
    stream = 'joined'
    if text.startswith('R~ ') or text.startswith('R '):
        stream, text = 'raw', text[1:]
        if text.startswith(' '):
            text = text[1:]
    if text.startswith('! '):
        return 'absent', stream, re.compile(text[2:])
    kind = 'ordered'
    if text.startswith('* '):
        kind, text = 'anywhere', text[2:]
    if text.startswith('~ '):
        return kind, stream, re.compile(text[2:])
    pat = '.*?'.join(re.escape(p) for p in text.split('{*}'))
    return kind, stream, re.compile(pat)

def main():
    exp_path, log_path = sys.argv[1], sys.argv[2]
    try:
        raw, joined, errors = read_log(log_path)
    except OSError as e:
        print('    no log: %s' % e)
        sys.exit(1)
    streams = {'raw': raw, 'joined': joined}
    pos = {}
    with open(exp_path, errors='replace') as f:
        exp = [l for l in f.read().splitlines() if l]
    if not exp:
        errors.append('the program printed no expected lines')
    for e in exp:
        if e.startswith('ANY '):
            kind, stream, rx = compile_exp(e[4:])
            if not any(rx.fullmatch(l) for ls in streams[stream].values() for l in ls):
                errors.append('not found in any thread: %s' % e[4:])
            continue
        m = PFX.match(e)
        pid = int(m.group(1)) if m else None
        text = e[m.end():] if m else e
        kind, stream, rx = compile_exp(text)
        lines = streams[stream].get(pid, [])
        where = 'pid %d' % pid if pid is not None else 'the log'
        if kind == 'absent':
            bad = [l for l in lines if rx.fullmatch(l)]
            if bad:
                errors.append('unexpected in %s: %s' % (where, bad[0]))
            continue
        if kind == 'anywhere':
            if not any(rx.fullmatch(l) for l in lines):
                errors.append('not found in %s: %s' % (where, text))
            continue
        start = pos.get((pid, stream), 0)
        for i in range(start, len(lines)):
            if rx.fullmatch(lines[i]):
                pos[(pid, stream)] = i + 1
                break
        else:
            errors.append('not found in %s (in order): %s' % (where, text))
            near = difflib.get_close_matches(text, lines[start:], 3, 0.5)
            if not lines:
                errors.append('  (no lines for %s%s)' % (where,
                              '; log has pids ' + ' '.join(sorted(str(p) for p in raw if p))
                              if any(raw) else ''))
            for l in near:
                errors.append('  closest: %s' % l)
    for e in errors[:12]:
        print('    ' + e[:300])
    if len(errors) > 12:
        print('    ... %d more' % (len(errors) - 12))
    sys.exit(1 if errors else 0)

main()
PY
}

# syscall_names LOG: the distinct syscall names in a log, one a line.
syscall_names() {
	sed -E 's/^[0-9]+ +//; s/^<\.\.\. ([a-z0-9_]+) resumed>.*/\1(/' "$1" |
		grep -oE '^[a-z_][a-z0-9_]*\(' | tr -d '(' | sort -u
}

# compare_traces A B: strace's log A and scry's log B of the same command,
# both written with -f -o, must make the same syscalls with the same
# results in each process and thread. Arguments are not compared. Threads
# are paired by creation: a parent's Nth clone/fork result in A pairs with
# its Nth in B; what is left is paired by first appearance. The results of
# mmap, mremap, brk and shmat (addresses) are masked, hex results compared
# as numbers, and pids renamed after that pairing.
# IGNORE is a space-separated list of syscall or signal names (SIGCHLD) to
# drop, for those whose count depends on timing, and of NAME= for syscalls
# whose result depends on the world (the size of ls's output); nothing
# else is forgiven but restarted syscalls (= ? ERESTART...), whose count
# depends on when a signal arrives.
# MAIN_ONLY=1 compares the first thread only (Go starts a number of
# threads that depends on timing).
compare_traces() {
	"$PYTHON" - "$1" "$2" "${IGNORE:-}" "${MAIN_ONLY:-}" <<'PY'
import re, sys

PFX = re.compile(r'^(\d+) +')
UNF = ' <unfinished ...>'
RES = re.compile(r'^<\.\.\. ([a-z0-9_]+) resumed>')
RET = re.compile(r'\)\s+= (\?|-?\d+|0x[0-9a-f]+)( [A-Z][A-Z0-9_]+)?(?: \(.*\))?(?: .*)?$')
CALL = re.compile(r'^([a-z_][a-z0-9_]*)\(')
FORKS = {'clone', 'clone3', 'fork', 'vfork'}
PIDRET = FORKS | {'wait4', 'waitid', 'getpid', 'gettid', 'getppid', 'set_tid_address'}
# Results that are addresses, different in every run (ASLR).
ADDRRET = {'mmap', 'mremap', 'brk', 'shmat'}

def events(path, ignore):
    """pid -> list of (name, ret, errname), plus the order pids appear."""
    out, order, pending = {}, [], {}
    for line in open(path, errors='replace').read().splitlines():
        m = PFX.match(line)
        if not m:
            continue
        pid, text = int(m.group(1)), line[m.end():]
        if pid not in out:
            out[pid] = []
            order.append(pid)
        if text.endswith(UNF):
            pending[pid] = text[:-len(UNF)]
            continue
        r = RES.match(text)
        if r and pid in pending:
            text = pending.pop(pid) + text[r.end():]
        if text.startswith('--- SIG'):
            ev = (text.split()[1], '', '')
        elif text.startswith('+++') or text.startswith('---'):
            ev = (re.sub(r'\d+', 'N', text), '', '') if 'superseded' in text else (text, '', '')
        else:
            c = CALL.match(text)
            rv = None
            for rv in RET.finditer(text):
                pass
            if not c:
                continue
            ev = (c.group(1), rv.group(1) if rv else '?', (rv.group(2) or '').strip() if rv else '')
        if ev[0] in ignore:
            continue
        # A syscall interrupted by a signal and restarted shows up once more
        # in one run than in the other: how often depends on signal timing.
        if ev[2].startswith('ERESTART'):
            continue
        if ev[0] + '=' in ignore:
            ev = (ev[0], 'ANY', '')
        out[pid].append(ev)
    return out, order

def pair(a, ao, b, bo):
    """Pairs A's pids with B's: root with root, then children by fork order."""
    m = {}
    todo = [(ao[0], bo[0])] if ao and bo else []
    while todo:
        x, y = todo.pop()
        if x in m or y in m.values():
            continue
        m[x] = y
        ka = [int(e[1]) for e in a.get(x, []) if e[0] in FORKS and e[1].isdigit()]
        kb = [int(e[1]) for e in b.get(y, []) if e[0] in FORKS and e[1].isdigit()]
        todo.extend(zip(ka, kb))
    rest = [y for y in bo if y not in m.values()]
    for x in ao:
        if x not in m and rest:
            m[x] = rest.pop(0)
    return m

def canon(evs, names):
    res = []
    for name, ret, err in evs:
        if name in ADDRRET and ret not in ('?', '-1'):
            ret = 'ADDR'
        elif ret.startswith('0x'):
            # strace prints some results in hex (fcntl F_GETFL): compare values.
            ret = str(int(ret, 16))
        if name in PIDRET and ret.isdigit() and int(ret) > 1:
            ret = names.get(int(ret), 'PID?')
        res.append('%s = %s%s' % (name, ret, ' ' + err if err else '') if ret else name)
    return res

def main():
    global main_only
    ignore = set(sys.argv[3].split())
    main_only = sys.argv[4] == '1'
    a, ao = events(sys.argv[1], ignore)
    b, bo = events(sys.argv[2], ignore)
    m = pair(a, ao, b, bo)
    an = {x: 'P%d' % i for i, x in enumerate(ao)}
    bn = {m[x]: 'P%d' % i for i, x in enumerate(ao) if x in m}
    bad = 0
    if main_only:
        ao = ao[:1]
    elif len(ao) != len(bo):
        print('    strace saw %d threads, scry %d' % (len(ao), len(bo)))
        bad = 1
    for x in ao:
        y = m.get(x)
        sa = canon(a[x], an)
        sb = canon(b.get(y, []), bn)
        if sa == sb:
            continue
        bad = 1
        i = next((i for i, (p, q) in enumerate(zip(sa, sb)) if p != q), min(len(sa), len(sb)))
        print('    %s (strace %d, scry %s): first difference at event %d of %d/%d'
              % (an[x], x, y, i + 1, len(sa), len(sb)))
        print('      strace: %s' % ' | '.join(sa[max(0, i - 2):i + 3]))
        print('      scry:   %s' % ' | '.join(sb[max(0, i - 2):i + 3]))
    sys.exit(bad)

main()
PY
}
