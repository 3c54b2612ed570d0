/*
 * Signal delivery as the tracer reports it, without -f (the helper thread
 * that sends signals is not traced, so only the main thread's lines count):
 * a handled signal, an ignored one (ptrace still reports it), a blocked one
 * (reported when unblocked, not when sent), SIGCHLD, and signals that
 * interrupt a blocking read (restarted with SA_RESTART, EINTR without) or a
 * nanosleep (ERESTART_RESTARTBLOCK, then EINTR).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);
void wait_blocked(long pid, long tid, long nr);

static long pid, uid, ppid;
static int pipefd[2];
static volatile int handled;

/* The write shows in the log right after the signal line: the handler ran there. */
static void handler(int sig)
{
	handled = sig;
	syscall(SYS_write, pipefd[1], "y", 1);
}

static void drain(void)
{
	char c;

	if (syscall(SYS_read, pipefd[0], &c, 1) != 1)
		die("drain");
	expect("read(%d, \"y\", 1) = 1", pipefd[0]);
}

static void on(int sig, int flags)
{
	struct sigaction sa = {.sa_handler = handler, .sa_flags = flags};

	if (sigaction(sig, &sa, NULL) < 0)
		die("sigaction");
}

struct kick {
	long nr;
	int sig;
};

/* Signals the main thread once it sleeps inside syscall nr. */
static void *kicker(void *arg)
{
	struct kick *k = arg;

	wait_blocked(pid, pid, k->nr);
	syscall(SYS_tgkill, pid, pid, k->sig);
	return NULL;
}

static void kick_later(long nr, int sig)
{
	static struct kick k;
	pthread_t t;

	k.nr = nr;
	k.sig = sig;
	if (pthread_create(&t, NULL, kicker, &k) || pthread_detach(t))
		die("pthread_create");
}

static void expect_handler(const char *name, const char *code)
{
	expect("--- %s {si_signo=%s, si_code=%s, si_pid=%ld, si_uid=%ld} ---", name, name, code,
	       pid, uid);
	expect("write(%d, \"y\", 1) = 1", pipefd[1]);
}

int main(void)
{
	sigset_t set;
	char c;
	long r;

	pid = getpid();
	uid = getuid();
	ppid = getppid();
	if (pipe(pipefd) < 0)
		die("pipe");

	/* Handled */
	on(SIGUSR1, SA_RESTART);
	r = syscall(SYS_kill, pid, SIGUSR1);
	expect("kill(%ld, {*}) = %ld", pid, r);
	expect_handler("SIGUSR1", "SI_USER");
	expect("rt_sigreturn({*}) = 0");
	if (handled != SIGUSR1)
		die("SIGUSR1 handler did not run");
	drain();

	/* Ignored: the kernel drops it, but only after the tracer saw it. */
	signal(SIGUSR2, SIG_IGN);
	r = syscall(SYS_kill, pid, SIGUSR2);
	expect("kill(%ld, {*}) = %ld", pid, r);
	expect("--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("getppid() = %ld", (long)syscall(SYS_getppid));

	/* Blocked: pending until unblocked, then delivered right away. */
	handled = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	r = syscall(SYS_kill, pid, SIGUSR1);
	expect("kill(%ld, {*}) = %ld", pid, r);
	expect("getppid() = %ld", (long)syscall(SYS_getppid));
	if (handled)
		die("blocked SIGUSR1 was delivered");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	expect("rt_sigprocmask(SIG_UNBLOCK, {*}) = 0");
	expect_handler("SIGUSR1", "SI_USER");
	drain();

	/* SIGCHLD: the child is not traced (no -f); its exit is. */
	r = syscall(SYS_fork);
	if (r == 0)
		syscall(SYS_exit_group, 5);
	expect("fork() = %ld", r);
	if (waitpid(r, NULL, 0) != r)
		die("waitpid");
	expect("wait4(%ld, {*}) = %ld", r, r);
	expect("* --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%ld, si_uid=%ld, "
	       "si_status=5, si_utime={*}, si_stime={*}} ---",
	       r, uid);

	/* Interrupted read, SA_RESTART: the kernel restarts it, the handler's byte ends it. */
	on(SIGUSR1, SA_RESTART);
	kick_later(SYS_read, SIGUSR1);
	r = syscall(SYS_read, pipefd[0], &c, 1);
	expect("read(%d, %p, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", pipefd[0],
	       (void *)&c);
	expect_handler("SIGUSR1", "SI_TKILL");
	expect("rt_sigreturn({*}) = 0");
	expect("read(%d, \"y\", 1) = %ld", pipefd[0], r);

	/* Interrupted read, no SA_RESTART: EINTR, shown on rt_sigreturn. */
	on(SIGUSR2, 0);
	kick_later(SYS_read, SIGUSR2);
	r = syscall(SYS_read, pipefd[0], &c, 1);
	if (r != -1 || errno != EINTR)
		die("read: want EINTR, got %ld", r);
	expect("read(%d, %p, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)", pipefd[0],
	       (void *)&c);
	expect_handler("SIGUSR2", "SI_TKILL");
	expect("rt_sigreturn({*}) = -1 EINTR (Interrupted system call)");
	drain();

	/* nanosleep interrupted by a handled signal: never restarted. */
	struct timespec ts = {30, 0};
	kick_later(SYS_nanosleep, SIGUSR2);
	r = syscall(SYS_nanosleep, &ts, &ts);
	if (r != -1 || errno != EINTR)
		die("nanosleep: want EINTR, got %ld", r);
	expect("nanosleep({*}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
	expect_handler("SIGUSR2", "SI_TKILL");
	expect("rt_sigreturn({*}) = -1 EINTR (Interrupted system call)");
	drain();

	expect("exit_group(0) = ?");
	expect("+++ exited with 0 +++");
	syscall(SYS_exit_group, 0);
}
