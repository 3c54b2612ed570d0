/*
 * Every way of making a process, traced with -f: fork (raw syscall and
 * glibc's clone), a grandchild, vfork (the parent sleeps in vfork until
 * the child exits or execs), vfork+execve, and clone3. Each child's lines
 * carry its own pid; SIGCHLD may come before or after the wait4 that
 * reaps the child, so those lines are only looked for, not ordered.
 */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern int expect_tids;
void expect(const char *fmt, ...);
void expect_tid(long tid, const char *fmt, ...);
void die(const char *fmt, ...);

static void reaped(long pid, int code)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != code)
		die("child %ld: bad status %#x", pid, status);
	expect("wait4(%ld, {*}) = %ld", pid, pid);
	expect("* --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%ld, si_uid=%ld, "
	       "si_status=%d, si_utime={*}, si_stime={*}} ---",
	       pid, (long)getuid(), code);
}

/* Child of a raw fork: forks again through glibc and reaps the grandchild. */
static void child(void)
{
	long self = syscall(SYS_getpid);

	expect("getpid() = %ld", self);
	pid_t gc = fork();
	if (gc == 0) {
		long ppid = syscall(SYS_getppid);
		expect("getppid() = %ld", ppid);
		expect("exit_group(7) = ?");
		expect("+++ exited with 7 +++");
		syscall(SYS_exit_group, 7);
	}
	expect("clone({*}) = %d", gc);
	reaped(gc, 7);
	expect("exit_group(5) = ?");
	expect("+++ exited with 5 +++");
	syscall(SYS_exit_group, 5);
}

int main(void)
{
	struct clone_args ca;
	long pid;

	expect_tids = 1;
	/* Our own line first: run.sh takes the first pid printed to be ours. */
	pid = syscall(SYS_getpid);
	expect("getpid() = %ld", pid);
	pid = syscall(SYS_fork);
	if (pid == 0)
		child();
	expect("fork() = %ld", pid);
	reaped(pid, 5);

	/* vfork: the child borrows our memory, so we print its lines for it. */
	pid = vfork();
	if (pid == 0)
		syscall(SYS_exit_group, 4);
	expect("vfork() = %ld", pid);
	expect_tid(pid, "exit_group(4) = ?");
	expect_tid(pid, "+++ exited with 4 +++");
	reaped(pid, 4);

	pid = vfork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	expect("vfork() = %ld", pid);
	expect_tid(pid, "execve(\"/bin/true\", {*}) = 0");
	expect_tid(pid, "+++ exited with 0 +++");
	reaped(pid, 0);

	/* clone3 with no flags is a fork; glibc has no wrapper for that. */
	memset(&ca, 0, sizeof(ca));
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0) {
		syscall(SYS_getpid);
		syscall(SYS_exit_group, 9);
	}
	if (pid < 0)
		die("clone3");
	expect("clone3({*}, %zu) = %ld", sizeof(ca), pid);
	expect_tid(pid, "getpid() = %ld", pid);
	expect_tid(pid, "exit_group(9) = ?");
	expect_tid(pid, "+++ exited with 9 +++");
	reaped(pid, 9);

	expect("exit_group(0) = ?");
	expect("+++ exited with 0 +++");
	syscall(SYS_exit_group, 0);
}
