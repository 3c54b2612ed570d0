/*
 * 2000 short-lived children under -f: "forks F V C" makes F children with
 * fork and V with vfork, one after another, then C with clone(CLONE_VM),
 * 50 alive at a time; it reaps every one and checks its status. A tracer
 * that loses track of one (a missed exit, a child left stopped) hangs or
 * miscounts here. Mostly vfork and CLONE_VM because fork costs ~5 ms a
 * child on a paravirtualised machine (page-table copies), and what the
 * tracer sees is the same: a new process, its exit, its reaping.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern int expect_tids;
void expect(const char *fmt, ...);
void expect_tid(long tid, const char *fmt, ...);
void die(const char *fmt, ...);

enum { BATCH = 50, STACK = 16384 };

static void reap(pid_t pid, int code)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != code)
		die("child %d: status %#x, want exit %d", pid, status, code);
}

/* Shares our memory: must not touch stdio or anything with a lock. */
static int child(void *arg)
{
	struct timespec ts = {0, 1000000};

	/* Stay alive a little, so that children overlap. */
	syscall(SYS_nanosleep, &ts, NULL);
	syscall(SYS_exit_group, (int)(long)arg);
	return 0;
}

/* The child exits before this returns, as vfork requires. */
static __attribute__((noinline)) pid_t spawn(int use_vfork, int code)
{
	pid_t pid = use_vfork ? vfork() : fork();

	if (pid == 0)
		syscall(SYS_exit_group, code);
	return pid;
}

int main(int argc, char **argv)
{
	int nfork = argc > 1 ? atoi(argv[1]) : 300;
	int nvfork = argc > 2 ? atoi(argv[2]) : 700;
	int nclone = argc > 3 ? atoi(argv[3]) : 1000;
	static char stacks[BATCH][STACK] __attribute__((aligned(16)));
	pid_t kids[BATCH];

	expect_tids = 1;
	for (int i = 0; i < nfork + nvfork; i++) {
		int code = i & 0x7f;
		pid_t pid = spawn(i >= nfork, code);
		if (pid < 0)
			die("fork");
		expect_tid(pid, "+++ exited with %d +++", code);
		reap(pid, code);
	}
	for (int done = 0; done < nclone; done += BATCH) {
		int n = nclone - done < BATCH ? nclone - done : BATCH;
		for (int i = 0; i < n; i++) {
			kids[i] =
			    clone(child, stacks[i] + STACK, CLONE_VM | SIGCHLD, (void *)(long)i);
			if (kids[i] < 0)
				die("clone");
			expect_tid(kids[i], "+++ exited with %d +++", i);
		}
		/* Reaped in reverse, so exits and reaps do not simply alternate. */
		for (int i = n - 1; i >= 0; i--)
			reap(kids[i], i);
	}
	if (wait(NULL) != -1 || errno != ECHILD)
		die("a child is left");
	expect("exit_group(0) = ?");
	expect("+++ exited with 0 +++");
	syscall(SYS_exit_group, 0);
}
