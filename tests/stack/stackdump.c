/* Test driver for src/unwind until -k is wired into scry: runs a program
 * under ptrace and prints the stack at the entry of chosen syscalls.
 *
 *   stackdump [-f] [-e NR,...] [-n MAX] [-m] [-b] [-q] -- PROG [ARGS...]
 *     -e NR,...  syscall numbers to stop at (default: all)
 *     -n MAX     stop capturing after MAX stacks
 *     -f         follow threads and children
 *     -m         machine-readable lines: pc<TAB>rel<TAB>module<TAB>function
 *                <TAB>inlined<TAB>file<TAB>line (one per frame; "--" ends a stack)
 *     -b         benchmark: capture and symbolize, print nothing but the
 *                cost per capture at the end (stderr)
 *     -q         print nothing but the cost summary
 *     -o FILE    write the stacks to FILE (the program keeps stdout)
 * Exits with the program's status. */
#include "lib/arena.h"
#include "lib/strbuf.h"
#include "unwind/unwind.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXTID 4194304

static bool want[1024], want_all = true, machine, bench, quiet;
static unsigned long max_stacks = ~0UL, nstacks;
static unsigned char *in_sys; /* per tid: at syscall entry */
static double capture_ns;
static float *samples; /* per-capture ns, for the median */
static size_t nsamples, samples_cap;
static FILE *out;

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void print_stack(int tid, long nr, const struct frame *f, unsigned n, const char *err)
{
	struct strbuf sb;
	strbuf_init(&sb);
	strbuf_printf(&sb, "== %d syscall %ld\n", tid, nr);
	for (unsigned i = 0; i < n; i++) {
		if (machine)
			strbuf_printf(&sb, "%#" PRIx64 "\t%#" PRIx64 "\t%s\t%s\t%d\t%s\t%u\n",
				      f[i].addr, f[i].rel, f[i].module ? f[i].module : "?",
				      f[i].function ? f[i].function : "?", f[i].inlined,
				      f[i].file ? f[i].file : "?", f[i].line);
		else {
			frame_format_text(&sb, &f[i]);
			strbuf_putc(&sb, '\n');
		}
	}
	if (err)
		strbuf_printf(&sb, "!! %s\n", err);
	if (machine)
		strbuf_puts(&sb, "--\n");
	fputs(sb.buf, out);
	strbuf_release(&sb);
}

/* The thread group id: frames come from the process's mappings. Cached
 * per tid; a tid is reused only after its thread is gone. */
static int *tgids;

static int tgid_of(int tid)
{
	if (tgids[tid])
		return tgids[tid];
	char path[64], line[128];
	int tgid = tid;
	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	FILE *st = fopen(path, "re");
	if (st) {
		while (fgets(line, sizeof(line), st))
			if (sscanf(line, "Tgid: %d", &tgid) == 1)
				break;
		fclose(st);
	}
	return tgids[tid] = tgid;
}

static void on_entry(struct unwinder *u, struct arena *a, int tid, long nr)
{
	if (!want_all && (nr < 0 || nr >= 1024 || !want[nr]))
		return;
	if (nstacks >= max_stacks)
		return;
	nstacks++;
	struct frame *f;
	unsigned n;
	int tgid = tgid_of(tid);
	double t0 = now_ns();
	int rc = unwind_capture(u, tgid, tid, a, &f, &n, 64);
	double dt = now_ns() - t0;
	capture_ns += dt;
	if (nsamples == samples_cap) {
		samples_cap = samples_cap ? samples_cap * 2 : 4096;
		samples = realloc(samples, samples_cap * sizeof(*samples));
	}
	samples[nsamples++] = (float)dt;
	if (rc < 0) {
		fprintf(stderr, "stackdump: capture %d: %s\n", tid, strerror(-rc));
		return;
	}
	if (!bench && !quiet)
		print_stack(tid, nr, f, n, unwind_last_error(u));
	arena_reset(a);
}

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return (x > y) - (x < y);
}

static bool maps_change(long nr)
{
	return nr == SYS_mmap || nr == SYS_munmap || nr == SYS_mprotect || nr == SYS_mremap ||
	       nr == SYS_execve || nr == SYS_execveat;
}

int main(int argc, char **argv)
{
	bool follow = false;
	int opt;
	while ((opt = getopt(argc, argv, "+e:n:fmbqo:")) != -1) {
		switch (opt) {
		case 'e':
			want_all = false;
			for (char *s = strtok(optarg, ","); s; s = strtok(NULL, ","))
				if (atoi(s) >= 0 && atoi(s) < 1024)
					want[atoi(s)] = true;
			break;
		case 'n':
			max_stacks = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			follow = true;
			break;
		case 'm':
			machine = true;
			break;
		case 'b':
			bench = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'o':
			out = fopen(optarg, "we");
			if (!out) {
				perror(optarg);
				return 2;
			}
			break;
		default:
			return 2;
		}
	}
	if (optind >= argc)
		return 2;
	if (!out)
		out = stdout;
	in_sys = calloc(MAXTID, 1);
	tgids = calloc(MAXTID, sizeof(*tgids));
	pid_t child = fork();
	if (child == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	int status;
	waitpid(child, &status, 0);
	long opts = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL;
	if (follow)
		opts |= PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)opts);
	ptrace(PTRACE_SYSCALL, child, NULL, NULL);

	struct unwinder *u = unwinder_new();
	struct arena a;
	arena_init(&a);
	bool exec_seen = false;
	int rc = 0;
	for (;;) {
		int tid = waitpid(-1, &status, __WALL);
		if (tid < 0)
			break;
		int sig = 0;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (tid < MAXTID)
				tgids[tid] = 0, in_sys[tid] = 0;
			if (tid == child)
				rc = WIFEXITED(status) ? WEXITSTATUS(status)
						       : 128 + WTERMSIG(status);
			continue;
		}
		if (WSTOPSIG(status) == (SIGTRAP | 0x80)) {
			struct user_regs_struct regs;
			ptrace(PTRACE_GETREGS, tid, NULL, &regs);
			long nr = (long)regs.orig_rax;
			if (tid < MAXTID && !in_sys[tid]) {
				in_sys[tid] = 1;
				if (exec_seen)
					on_entry(u, &a, tid, nr);
			} else if (tid < MAXTID) {
				in_sys[tid] = 0;
				if (maps_change(nr))
					unwinder_invalidate(u, tgid_of(tid));
			}
		} else if (status >> 8 == (SIGTRAP | (PTRACE_EVENT_EXEC << 8))) {
			exec_seen = true;
			unwinder_invalidate(u, tgid_of(tid));
		} else if (status >> 16) {
			/* clone/fork events: the new tracee starts with a stop */
		} else if (WSTOPSIG(status) != SIGSTOP && WSTOPSIG(status) != SIGTRAP) {
			sig = WSTOPSIG(status);
		}
		ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)sig);
	}
	if (bench || quiet) {
		struct unwind_stats st;
		unwind_get_stats(u, &st);
		if (nsamples)
			qsort(samples, nsamples, sizeof(*samples), cmp_float);
		fprintf(stderr,
			"stackdump: %lu stacks, %.2f us per capture (median %.2f, p99 %.2f), "
			"%.1f frames each; "
			"maps reads %" PRIu64 ", files %" PRIu64 ", symbol misses %" PRIu64
			", cfi misses %" PRIu64 ", page reads %.2f per capture\n",
			nstacks, nstacks ? capture_ns / 1e3 / nstacks : 0.0,
			nsamples ? samples[nsamples / 2] / 1e3 : 0.0,
			nsamples ? samples[nsamples * 99 / 100] / 1e3 : 0.0,
			st.captures ? (double)st.frames / st.captures : 0.0, st.maps_reads,
			st.files, st.sym_misses, st.cfi_misses,
			st.captures ? (double)st.page_reads / st.captures : 0.0);
	}
	unwinder_release(u);
	arena_release(&a);
	free(in_sys);
	free(tgids);
	free(samples);
	fclose(out);
	return rc;
}
