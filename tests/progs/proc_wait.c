/*
 * wait4's status ([{WIFEXITED(s) && WEXITSTATUS(s) == 3}] and the signaled,
 * stopped and continued forms), options, rusage; waitid's idtype and
 * siginfo ({} when WNOHANG found nothing); kill, tkill, tgkill.  Children
 * are not traced (no -f): only the parent's lines are checked.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proctest.h"

/* A child that waits for a signal. */
static pid_t sleeper(void)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		for (;;)
			pause();
	}
	return pid;
}

static const char *rusage_text(const struct rusage *ru)
{
	static char buf[160];
	snprintf(buf, sizeof(buf),
		 "{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}, ...}",
		 (long)ru->ru_utime.tv_sec, (long)ru->ru_utime.tv_usec, (long)ru->ru_stime.tv_sec,
		 (long)ru->ru_stime.tv_usec);
	return buf;
}

static void statuses(void)
{
	struct rusage ru;
	int status;
	long r;

	pid_t pid = fork();
	if (!pid)
		_exit(3);
	r = syscall(SYS_wait4, pid, &status, 0, &ru);
	expect("wait4(%d, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, %s) = %s", pid,
	       rusage_text(&ru), res(r));

	pid = sleeper();
	r = syscall(SYS_wait4, pid, &status, WNOHANG, NULL);
	expect("wait4(%d, %p, WNOHANG, NULL) = %s", pid, (void *)&status, res(r));
	r = syscall(SYS_kill, pid, SIGSTOP);
	expect("kill(%d, SIGSTOP) = %s", pid, res(r));
	r = syscall(SYS_wait4, pid, &status, WUNTRACED, NULL);
	expect("wait4(%d, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WSTOPPED, NULL) = %s", pid,
	       res(r));
	r = syscall(SYS_kill, pid, SIGCONT);
	expect("kill(%d, SIGCONT) = %s", pid, res(r));
	r = syscall(SYS_wait4, pid, &status, WCONTINUED, NULL);
	expect("wait4(%d, [{WIFCONTINUED(s)}], WCONTINUED, NULL) = %s", pid, res(r));
	r = syscall(SYS_kill, pid, SIGKILL);
	expect("kill(%d, SIGKILL) = %s", pid, res(r));
	r = syscall(SYS_wait4, pid, &status, __WALL, NULL);
	expect("wait4(%d, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}], __WALL, NULL) = %s", pid,
	       res(r));
}

static void waitids(void)
{
	siginfo_t si;
	long r;

	pid_t pid = sleeper();
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED | WNOHANG, NULL);
	expect("waitid(P_PID, %d, {}, WNOHANG|WEXITED, NULL) = %s", pid, res(r));
	r = syscall(SYS_tgkill, pid, pid, SIGTERM);
	expect("tgkill(%d, %d, SIGTERM) = %s", pid, pid, res(r));
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_PID, pid, &si, WEXITED, NULL);
	expect("waitid(P_PID, %d, {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=%d, si_uid=%u, "
	       "si_status=SIGTERM, si_utime=0, si_stime=0}, WEXITED, NULL) = %s",
	       pid, pid, (unsigned)getuid(), res(r));

	pid = fork();
	if (!pid)
		_exit(7);
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_ALL, 0, &si, WEXITED, NULL);
	expect("waitid(P_ALL, 0, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%d, si_uid=%u, "
	       "si_status=7, si_utime=0, si_stime=0}, WEXITED, NULL) = %s",
	       pid, (unsigned)getuid(), res(r));
}

int main(void)
{
	int status;
	long r;

	/* Nothing left to wait for, or invalid options. */
	r = syscall(SYS_wait4, -1, NULL, WNOHANG | __WALL, NULL);
	expect("wait4(-1, NULL, WNOHANG|__WALL, NULL) = %s", res(r));
	r = syscall(SYS_wait4, -1, (void *)1, 0, (void *)2);
	expect("wait4(-1, 0x1, 0, 0x2) = %s", res(r));
	r = syscall(SYS_wait4, 0x100000001UL, &status, 0xffffffffUL, NULL);
	expect("wait4(1, %p, WNOHANG|WEXITED|WSTOPPED|WCONTINUED|WNOWAIT|__WCLONE|__WALL|"
	       "__WNOTHREAD|0x1efffff0, NULL) = %s",
	       (void *)&status, res(r));
	r = syscall(SYS_wait4, -1, NULL, 0x10, NULL);
	expect("wait4(-1, NULL, 0x10 /* W??? */, NULL) = %s", res(r));
	r = syscall(SYS_waitid, P_PGID, 0, NULL, WEXITED | WSTOPPED | WNOWAIT, NULL);
	expect("waitid(P_PGID, 0, NULL, WEXITED|WSTOPPED|WNOWAIT, NULL) = %s", res(r));
	r = syscall(SYS_waitid, 9, 5, (void *)1, 0x10000, (void *)2);
	expect("waitid(0x9 /* P_??? */, 5, 0x1, 0x10000 /* W??? */, 0x2) = %s", res(r));
	r = syscall(SYS_waitid, P_PIDFD, 9999, NULL, WEXITED, NULL);
	expect("waitid(P_PIDFD, 9999, NULL, WEXITED, NULL) = %s", res(r));

	/* Signals by name, by number past the names, and 0. */
	r = syscall(SYS_kill, getpid(), 0);
	expect("kill(%d, 0) = %s", getpid(), res(r));
	r = syscall(SYS_kill, 99999999, 40);
	expect("kill(99999999, SIGRT_8) = %s", res(r));
	r = syscall(SYS_kill, 99999999, 100);
	expect("kill(99999999, 100) = %s", res(r));
	r = syscall(SYS_tkill, 99999999, 0x100000000UL | SIGTERM);
	expect("tkill(99999999, SIGTERM) = %s", res(r));
	r = syscall(SYS_tgkill, 99999999, 99999999, -1);
	expect("tgkill(99999999, 99999999, -1) = %s", res(r));

	statuses();
	waitids();
	return 0;
}
