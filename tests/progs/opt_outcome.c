/*
 * One successful and one failing syscall, and two signals: run under -z,
 * -Z, -e status= and -e signal= to check that only the chosen ones show.
 * argv[1] says which filter scry runs with, so the program knows what to
 * expect.
 */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);

static void on_signal(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long ppid = syscall(SYS_getppid);
	long bad = syscall(SYS_close, -1);
	signal(SIGUSR1, on_signal);
	signal(SIGUSR2, on_signal);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR2);

	if (!strcmp(mode, "successful")) {
		expect("getppid() = %ld", ppid);
		expect("! close\\(-1\\).*");
		expect("! [a-z_0-9]+\\(.*\\) += -1 E[A-Z]+ .*");
	} else if (!strcmp(mode, "failed")) {
		expect("close(-1) = %ld EBADF (Bad file descriptor)", bad);
		expect("! getppid.*");
		expect("! .* = [0-9].*");
	} else if (!strcmp(mode, "signal")) {
		expect(
		    "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---",
		    (long)getpid(), (long)getuid());
		expect("! --- SIGUSR1.*");
	}
	expect("+++ exited with 0 +++");
	return 0;
}
