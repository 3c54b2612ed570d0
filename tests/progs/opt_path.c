/*
 * -P PATH: only syscalls naming the path, or an fd open on it, show.
 * Run with -P /dev/null.
 */
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);

int main(void)
{
	long fd = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	expect("openat(AT_FDCWD, \"/dev/null\", {*}) = %ld", fd);
	long other = syscall(SYS_openat, AT_FDCWD, "/dev/zero", O_RDONLY);
	syscall(SYS_read, other, NULL, 0);
	char buf[1];
	long r = syscall(SYS_read, fd, buf, 0);
	expect("read(%ld, \"\", 0) = %ld", fd, r);
	r = syscall(SYS_close, fd);
	expect("close(%ld) = %ld", fd, r);
	expect("! .*/dev/zero.*");
	expect("! read\\(%ld,.*", other);
	return 0;
}
