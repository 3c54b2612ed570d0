/*
 * -f -e trace=getppid,wait4 runs under the seccomp filter: only those
 * syscalls stop the tracees, yet forks, signals and exits are all seen,
 * in the child as in the parent, and exit statuses are unchanged.
 */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern int expect_tids;
void expect(const char *fmt, ...);
void die(const char *fmt, ...);

int main(void)
{
	expect_tids = 1;
	long pid = fork();
	if (pid == 0) {
		long pp = syscall(SYS_getppid);
		expect("getppid() = %ld", pp);
		expect("+++ exited with 3 +++");
		_exit(3);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 3)
		die("child status %#x", status);
	expect("wait4(%ld, {*}) = %ld", pid, pid);
	expect("* --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%ld, {*}} ---", pid);
	expect("! (?!getppid|wait4|--- |\\+\\+\\+ ).*");
	raise(SIGUSR1);
	return 0;
}
