/*
 * -e trace=openat,close: only those syscalls are logged, wherever they
 * come from (ld.so, libc, this program), and signals and exits still are.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);

int main(void)
{
	long fd, r;

	fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	expect("openat(AT_FDCWD, \"/dev/null\", {*}) = %ld", fd);
	syscall(SYS_getpid);
	syscall(SYS_read, fd, NULL, 0);
	r = syscall(SYS_close, fd);
	expect("close(%ld) = %ld", fd, r);
	r = syscall(SYS_close, fd);
	expect("close(%ld) = %ld EBADF (Bad file descriptor)", fd, r);
	signal(SIGUSR1, SIG_IGN);
	kill(getpid(), SIGUSR1);
	expect("--- SIGUSR1 {{*}} ---");
	/* Nothing but the two syscalls, signals and exit lines. */
	expect("! (?!openat\\(|close\\(|--- |\\+\\+\\+ ).*");
	expect("+++ exited with 0 +++");
	return 0;
}
