/*
 * Linked into every test program (run.sh builds it once and never runs it).
 * A test program performs syscalls and prints on stdout the lines scry must
 * write for them; lib.sh's matcher then looks for those lines in scry's log.
 *
 * Expected-line syntax understood by the matcher (see match_log in lib.sh):
 *   "TID "   optional prefix: the line belongs to that thread (scry -f -o)
 *   "ANY "   prefix: the line is in some thread, order not checked
 *   "~ RE"   the line is a Python regular expression, matched in full
 *   "R "     exact, against the log before <unfinished ...>/<... resumed>
 *            are joined (by default both halves are joined into one line)
 *   "R~ RE"  the same with a regular expression
 *   "* TEXT" exact, anywhere in that thread's lines (order not checked)
 *   "! RE"   no line of that thread matches RE
 * and, in exact lines, "{*}" stands for any text (flags, structs).
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Set by programs traced with -f: their lines then carry a tid prefix. */
int expect_tids;

/*
 * Flushes every line: children are forked after expect() calls, and a
 * program killed by a signal must already have written what it expects.
 * stdout stays locked for the whole line: threads print their lines at
 * the same time.
 */
void expect(const char *fmt, ...)
{
	va_list ap;

	flockfile(stdout);
	if (expect_tids && strncmp(fmt, "ANY ", 4) != 0)
		printf("%ld ", (long)syscall(SYS_gettid));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	funlockfile(stdout);
}

/* Same as expect(), for a thread that cannot print itself (a vfork child). */
void expect_tid(long tid, const char *fmt, ...)
{
	va_list ap;

	flockfile(stdout);
	printf("%ld ", tid);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	funlockfile(stdout);
}

/* Self-check failed: the tracee behaved differently than it would untraced. */
void die(const char *fmt, ...)
{
	va_list ap;

	fputs("test program: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(99);
}

void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000};

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* State letter of a task from /proc/PID/task/TID/stat ("pid (comm) S ..."). */
char task_state(long pid, long tid)
{
	char path[64], buf[512], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/stat", pid, tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] && p[2] ? p[2] : '?';
}

/* Syscall number a task sits in, or -1 when it runs in user space. */
static long task_syscall(long pid, long tid)
{
	char path[64], buf[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/task/%ld/syscall", pid, tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || buf[0] < '0' || buf[0] > '9')
		return -1;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/*
 * Waits until a task is asleep inside syscall NR. Sleeping ('S'), not
 * ptrace-stopped ('t'), means the tracer has already seen the syscall
 * entry and let it run, so whatever happens next is ordered after it.
 * Sleeps instead of timing out: run.sh's timeout catches a hang.
 */
void wait_blocked(long pid, long tid, long nr)
{
	for (;;) {
		if (task_state(pid, tid) == 'S' && task_syscall(pid, tid) == nr)
			return;
		sleep_ms(2);
	}
}
