/*
 * -y with a filter: an fd number closed and reused by syscalls that are not
 * shown (with -f, never even stopped: seccomp) must print what it refers to
 * now, not what a cache remembers from before.
 * argv[1] "f": the log has -f's pid prefixes.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

int main(int argc, char **argv)
{
	char buf[1], pfx[16] = "";
	if (argc > 1 && !strcmp(argv[1], "f"))
		snprintf(pfx, sizeof(pfx), "%d ", (int)getpid());
	int fd = open("/dev/null", O_RDONLY);
	if (fd < 0)
		die("open /dev/null");
	long r = syscall(SYS_read, fd, buf, 0);
	expect("%sread(%d</dev/null>, \"\", 0) = %ld", pfx, fd, r);
	close(fd);
	if (open("/dev/zero", O_RDONLY) != fd)
		die("fd %d not reused", fd);
	r = syscall(SYS_read, fd, buf, 0);
	expect("%sread(%d</dev/zero>, \"\", 0) = %ld", pfx, fd, r);
	return 0;
}
