/*
 * Group stop: the program stops itself with SIGSTOP and an untraced child
 * sends SIGCONT once it sees the parent stopped. The program must really
 * stop: the child writes a byte before SIGCONT, and the parent checks the
 * byte is there when it runs again. "stop_self threads" (run with -f) adds
 * a thread asleep in read: it stops with the group and its read goes on.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern int expect_tids;
void expect(const char *fmt, ...);
void die(const char *fmt, ...);
void wait_blocked(long pid, long tid, long nr);
char task_state(long pid, long tid);
void sleep_ms(long ms);

static long pid, uid;
static int tp[2];
static volatile long tid;

static void *reader(void *arg)
{
	char c;
	long r;

	(void)arg;
	tid = syscall(SYS_gettid);
	r = syscall(SYS_read, tp[0], &c, 1);
	/* Woken by the stop, stopped, then restarted by the kernel (maybe more than once). */
	expect("read(%d, %p, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", tp[0],
	       (void *)&c);
	expect("--- stopped by SIGSTOP ---");
	expect("read(%d, \"t\", 1) = %ld", tp[0], r);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = argc > 1 && strcmp(argv[1], "threads") == 0;
	int cp[2];
	pthread_t t;
	char c;
	long child, r;

	pid = getpid();
	uid = getuid();
	expect_tids = threads;
	if (pipe(cp) < 0 || pipe(tp) < 0)
		die("pipe");
	if (threads) {
		if (pthread_create(&t, NULL, reader, NULL))
			die("pthread_create");
		while (!tid)
			sleep_ms(1);
		wait_blocked(pid, tid, SYS_read);
	}

	child = syscall(SYS_fork);
	if (child == 0) {
		/* 'T' untraced, 't' when the tracer holds the stop (PTRACE_LISTEN). */
		while (task_state(pid, pid) != 'T' && task_state(pid, pid) != 't')
			sleep_ms(1);
		sleep_ms(50);
		if (write(cp[1], "c", 1) != 1 || kill(pid, SIGCONT) < 0)
			_exit(1);
		_exit(0);
	}
	expect("fork() = %ld", child);

	r = syscall(SYS_kill, pid, SIGSTOP);
	expect("kill(%ld, {*}) = %ld", pid, r);
	expect("--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("--- stopped by SIGSTOP ---");
	/* Any thread may take a process-wide signal. */
	if (threads)
		expect(
		    "ANY --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=%ld, si_uid=%ld} "
		    "---",
		    child, uid);
	else
		expect(
		    "--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---",
		    child, uid);
	fcntl(cp[0], F_SETFL, O_NONBLOCK);
	if (read(cp[0], &c, 1) != 1)
		die("running again before the child sent SIGCONT");
	if (waitpid(child, NULL, 0) != child)
		die("waitpid");
	if (threads) {
		if (write(tp[1], "t", 1) != 1)
			die("write");
		pthread_join(t, NULL);
	}
	expect("exit_group(0) = ?");
	expect("+++ exited with 0 +++");
	syscall(SYS_exit_group, 0);
}
