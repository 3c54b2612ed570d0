#!/usr/bin/env python3
"""Compares strace's and scry's logs of the same programs (strace -f -o /
scry trace -f -o); run by tests/strace_match.sh, which describes the setup.

    strace_match.py [--check PCT] [--by-process] [--mask-noise] [--verbose]
                    [--out FILE] SPEC...
    SPEC is NAME:PREFIX[:baseline] (logs PREFIX.strace, PREFIX.scry and,
    with baseline, PREFIX.strace2) or NAME:SKIP.

Normalisation, applied to both logs alike:
  - "<unfinished ...>" and its "<... NAME resumed>" rest are joined into one
    line per thread; the padding before " = " is collapsed to one space;
  - "Process N attached/detached" notes and "scry:"/"strace:" messages go;
  - addresses 0x[0-9a-f]{6,} become ADDR;
  - pids and tids become names: the first process is P, the Nth child that
    P's clone/fork/vfork returned is P.N, and so on; threads whose creation
    is not in the log are T0, T1... by order of appearance; the tracer's
    own pid (what getppid() returns in P) is TRACER. A number anywhere in a
    line that is one of the log's pids is replaced by its name.
Nothing is sorted and no line is dropped for being nondeterministic: the
score is, per thread, the multiset intersection of strace's and scry's
lines, summed over threads, over the number of strace's lines.
"""
import argparse
import collections
import difflib
import os
import re
import sys

PFX = re.compile(r'^(\d+) +')
UNF = ' <unfinished ...>'
RES = re.compile(r'^<\.\.\. ([A-Za-z0-9_]+) resumed>')
PAD = re.compile(r'\) {2,}= ')
ADDR = re.compile(r'0x[0-9a-f]{6,}')
NUM = re.compile(r'(?<![0-9A-Za-z_.])\d+(?![0-9A-Za-z_])')
CALL = re.compile(r'^([a-z_][a-z0-9_]*)\(')
FORKS = ('clone', 'clone3', 'fork', 'vfork')
FORKRET = re.compile(r'^(?:%s)\(.*\) = (\d+)$' % '|'.join(FORKS))
# --mask-noise: contents that differ from run to run by nature, not by
# decoding: random bytes, ephemeral ports, Go's epoll cookies (pointers
# printed in decimal), memory counters, git's mkstemp probe names.
MASKS = [
    (re.compile(r'^getrandom\(".*?"(\.\.\.)?, '), 'getrandom(RANDOM, '),
    (re.compile(r'htons\((?:3[2-9]\d{3}|[4-6]\d{4})\)'), 'htons(EPHEMERAL)'),
    (re.compile(r'data=\{u32=\d+, u64=\d+\}'), 'data={u32=N, u64=N}'),
    (re.compile(r'^sysinfo\(\{.*\}\)'), 'sysinfo({...})'),
    (re.compile(r'(\.git/t)[A-Za-z0-9]{6}"'), r'\1XXXXXX"'),
]
# --mask-noise also drops the scheduler's timing-only calls: how often Go's
# runtime naps (sysmon, osyield) depends on how fast the run went, and the
# count differs as much between two strace runs.
TIMING = re.compile(r'^(?:nanosleep\(\{tv_sec=0, tv_nsec=\d+\}, (?:NULL|ADDR)|sched_yield\(\))')
NOISE = re.compile(r'^(?:Process \d+ (?:attached|detached)|(?:scry|strace): )')


def read_log(path):
    """Returns [(pid, text)] in file order, halves joined, noise dropped."""
    try:
        with open(path, errors='replace') as f:
            raw = f.read().splitlines()
    except OSError:
        return []
    out, pending = [], {}
    for line in raw:
        m = PFX.match(line)
        pid = int(m.group(1)) if m else 0
        text = line[m.end():] if m else line
        if NOISE.match(text):
            continue
        r = RES.match(text)
        if r and pid in pending:
            i = pending.pop(pid)
            head = out[i][1][:-len(UNF)]
            out[i] = (pid, PAD.sub(') = ', head + text[r.end():]))
            continue
        if text.endswith(UNF):
            pending[pid] = len(out)
        out.append((pid, PAD.sub(') = ', text)))
    return out


def name_pids(lines, tracer):
    """pid -> stable name (see the module comment), and thread name ->
    process name for the threads whose clone shows CLONE_THREAD."""
    names, kids, group = {}, collections.Counter(), {}
    for pid, text in lines:
        if not names and pid:
            names[pid] = 'P'
        m = FORKRET.match(text)
        if m and pid in names:
            child = int(m.group(1))
            if child not in names:
                kids[pid] += 1
                names[child] = '%s.%d' % (names[pid], kids[pid])
                if 'CLONE_THREAD' in text:
                    group[names[child]] = group.get(names[pid], names[pid])
    n = 0
    for pid, _ in lines:
        if pid not in names:
            names[pid] = 'T%d' % n
            n += 1
    if tracer and tracer not in names:
        names[tracer] = 'TRACER'
    return names, group


def normalise(path, tracer_file, mask=False):
    """thread name -> Counter of normalised lines; plus the line count."""
    lines = read_log(path)
    tracer = 0
    try:
        with open(tracer_file) as f:
            tracer = int(f.read().strip() or 0)
    except (OSError, ValueError):
        pass
    names, group = name_pids(lines, tracer)

    def pidsub(m):
        v = int(m.group(0))
        return names.get(v, m.group(0)) if v > 1 else m.group(0)

    threads = collections.defaultdict(collections.Counter)
    for pid, text in lines:
        text = ADDR.sub('ADDR', text)
        if mask:
            if TIMING.match(text):
                continue
            for rx, rep in MASKS:
                text = rx.sub(rep, text)
        text = NUM.sub(pidsub, text)
        threads[names.get(pid, '?')][text] += 1
    return threads, sum(sum(c.values()) for c in threads.values()), group


def by_process(threads, *groups):
    """Merges the threads of each process (the first group map that knows a
    thread wins: scry's clone lines may not show CLONE_THREAD yet, so
    strace's map is used for both)."""
    out = collections.defaultdict(collections.Counter)
    for t, c in threads.items():
        g = next((m[t] for m in groups if t in m), t)
        out[g].update(c)
    return out


def key(line):
    """What a line is about: the syscall name, SIGNAL, EXIT..."""
    m = CALL.match(line)
    if m:
        return m.group(1)
    r = RES.match(line)
    if r:
        return r.group(1)
    if line.startswith('--- SIG'):
        return '--- ' + line.split()[1]
    if line.startswith('+++'):
        return '+++'
    return line.split('(')[0][:24]


def compare(a, b):
    """matched count, leftover strace lines, leftover scry lines."""
    matched = 0
    left_a, left_b = collections.Counter(), collections.Counter()
    for t in set(a) | set(b):
        ca, cb = a.get(t, collections.Counter()), b.get(t, collections.Counter())
        common = ca & cb
        matched += sum(common.values())
        left_a.update(ca - common)
        left_b.update(cb - common)
    return matched, left_a, left_b


def closest(line, left_b, by_key):
    cands = by_key.get(key(line), [])
    best, score = None, 0.0
    for c in cands:
        sm = difflib.SequenceMatcher(None, line, c, autojunk=False)
        if sm.real_quick_ratio() <= score or sm.quick_ratio() <= score:
            continue
        r = sm.ratio()
        if r > score:
            best, score = c, r
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--check', type=float)
    ap.add_argument('--by-process', action='store_true')
    ap.add_argument('--verbose', action='store_true')
    ap.add_argument('--mask-noise', action='store_true')
    ap.add_argument('--out')
    ap.add_argument('specs', nargs='+')
    o = ap.parse_args()

    def pct(m, n):
        return 100.0 * m / n if n else 0.0

    report = []
    rows = []
    details = []
    overall = collections.Counter()
    overall_progs = collections.defaultdict(set)
    failed = []
    for spec in o.specs:
        parts = spec.split(':')
        name = parts[0]
        if parts[1] == 'SKIP':
            rows.append((name, '-', '-', 'skip', '-', '-', '-', '-', 'not built'))
            continue
        prefix = parts[1]
        a, na, ga = normalise(prefix + '.strace', prefix + '.strace.tracer', o.mask_noise)
        b, nb, gb = normalise(prefix + '.scry', prefix + '.scry.tracer', o.mask_noise)
        matched, left_a, left_b = compare(a, b)
        pmatched, _, _ = compare(by_process(a, ga), by_process(b, gb, ga))
        self_pct = self_ppct = '-'
        if len(parts) > 2:
            a2, _, g2 = normalise(prefix + '.strace2', prefix + '.strace2.tracer', o.mask_noise)
            self_pct = '%.1f' % pct(compare(a, a2)[0], na)
            self_ppct = '%.1f' % pct(compare(by_process(a, ga), by_process(a2, g2, ga))[0], na)
        note = []
        rcs = []
        for kind in ('strace', 'scry'):
            try:
                with open('%s.%s.rc' % (prefix, kind)) as f:
                    rcs.append(f.read().strip())
            except OSError:
                rcs.append('?')
        if rcs[0] != rcs[1]:
            note.append('exit %s/%s' % tuple(rcs))
        if len(a) != len(b):
            note.append('threads %d/%d' % (len(a), len(b)))
        rows.append((name, str(na), str(matched), '%.1f' % pct(matched, na), '%.1f' % pct(pmatched, na),
                     str(nb), self_pct, self_ppct, ', '.join(note)))
        score = pct(pmatched if o.by_process else matched, na)
        if o.check is not None and (score < o.check or not na):
            failed.append(name)
        for line, n in left_a.items():
            overall[key(line)] += n
            overall_progs[key(line)].add(name)
        if o.verbose:
            by_key = collections.defaultdict(list)
            for line in left_b:
                by_key[key(line)].append(line)
            details.append('')
            details.append('== %s: %d of %d strace lines unmatched; top 10' %
                           (name, na - matched, na))
            top = sorted(left_a.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
            for line, n in top:
                details.append('  %4dx strace: %s' % (n, line[:400]))
                if line in left_b:
                    c = '(the same line, in another thread: scheduling)'
                else:
                    c = closest(line, left_b, by_key) or '(no %s line left)' % key(line)
                details.append('        scry:   %s' % c[:400])

    hdr = ('program', 'strace lines', 'matched', 'percent', 'proc%', 'scry lines', 'self%',
           'self-proc%', 'note')
    widths = [max(len(r[i]) for r in rows + [hdr]) for i in range(len(hdr))]
    fmt = '  '.join('%%-%ds' % w if i in (0, 8) else '%%%ds' % w for i, w in enumerate(widths))
    report.append((fmt % hdr).rstrip())
    for r in rows:
        report.append((fmt % r).rstrip())
    report.append('percent: strace lines scry printed identically, per thread (the bar);')
    report.append('proc%: the same with the threads of each process merged (Go moves work')
    report.append('between threads); self%, self-proc%: a second strace run against the')
    report.append('first, the noise floor of the program')
    report.append('')
    report.append('unmatched strace lines by syscall, all programs (top 30):')
    for k, n in overall.most_common(30):
        report.append('  %6d  %-22s %s' % (n, k, ' '.join(sorted(overall_progs[k]))))
    report.extend(details)
    if o.check is not None:
        unit = 'proc%' if o.by_process else 'percent'
        report.append('')
        if failed:
            report.append('check: below %g%% (%s): %s' % (o.check, unit, ' '.join(failed)))
        else:
            report.append('check: every program at or above %g%% (%s)' % (o.check, unit))
    text = '\n'.join(report) + '\n'
    sys.stdout.write(text)
    if o.out:
        os.makedirs(os.path.dirname(o.out) or '.', exist_ok=True)
        with open(o.out, 'w') as f:
            f.write(text)
    sys.exit(1 if failed else 0)


main()
