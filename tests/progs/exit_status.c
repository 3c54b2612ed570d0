/*
 * How the tracee ends: "exit_status N" exits with N, "exit_status kill SIG"
 * sends itself SIG (TERM or KILL) with the default action, "exit_status
 * segv" faults on a known address. scry must report the end and then exit
 * the way the program did, so run.sh checks scry's own status too.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

int main(int argc, char **argv)
{
	long pid = getpid();

	if (argc == 2 && strcmp(argv[1], "segv") == 0) {
		expect("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---");
		expect("+++ killed by SIGSEGV +++");
		/*
		 * Page zero is never mapped; 0x10 shows si_addr is the fault
		 * address. Laundered through a volatile so gcc cannot see it.
		 */
		int *volatile bad = (int *)0x10;
		*bad = 1;
		die("survived a write to 0x10");
	}
	if (argc == 3 && strcmp(argv[1], "kill") == 0) {
		int sig = strcmp(argv[2], "KILL") == 0 ? SIGKILL : SIGTERM;

		signal(sig, SIG_DFL);
		if (sig == SIGKILL) {
			/* The kernel never returns from a SIGKILL sent to oneself. */
			expect("kill(%ld, {*}) = ?", pid);
		} else {
			expect("kill(%ld, {*}) = 0", pid);
			expect("--- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=%ld, "
			       "si_uid=%ld} "
			       "---",
			       pid, (long)getuid());
		}
		expect("+++ killed by SIG%s +++", argv[2]);
		syscall(SYS_kill, pid, sig);
		die("survived SIG%s", argv[2]);
	}
	if (argc != 2)
		die("usage: exit_status N | kill TERM|KILL | segv");
	expect("exit_group(%d) = ?", atoi(argv[1]));
	expect("+++ exited with %d +++", atoi(argv[1]) & 0xff);
	syscall(SYS_exit_group, atoi(argv[1]));
	return 99;
}
