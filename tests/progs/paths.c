/*
 * Path arguments: never truncated by -s, escaped like strings, NULL and
 * unreadable pointers printed as such. Flags are matched loosely ({*}):
 * this test is about paths. Run with -s 5 to show the -s independence.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

int main(void)
{
	static const char longpath[] =
	    "/nonexistent/scry-test-path-that-is-much-longer-than-any-string-limit";
	long r, fd;

	fd = open("paths.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || close(fd) < 0)
		die("setup");

	fd = syscall(SYS_openat, AT_FDCWD, "paths.txt", O_RDONLY);
	expect("openat(AT_FDCWD, \"paths.txt\", {*}) = %ld", fd);
	r = syscall(SYS_openat, AT_FDCWD, longpath, O_RDONLY);
	expect("openat(AT_FDCWD, \"%s\", {*}) = %ld ENOENT (No such file or directory)", longpath,
	       r);
	r = syscall(SYS_openat, fd, "rel", O_RDONLY);
	expect("openat(%ld, \"rel\", {*}) = %ld ENOTDIR (Not a directory)", fd, r);
	r = syscall(SYS_openat, AT_FDCWD, "new\nline\tdir/x", O_RDONLY);
	expect("openat(AT_FDCWD, \"new\\nline\\tdir/x\", {*}) = %ld ENOENT (No such file or "
	       "directory)",
	       r);
	r = syscall(SYS_openat, AT_FDCWD, NULL, O_RDONLY);
	expect("openat(AT_FDCWD, NULL, {*}) = %ld EFAULT (Bad address)", r);
	r = syscall(SYS_openat, AT_FDCWD, (void *)1, O_RDONLY);
	expect("openat(AT_FDCWD, 0x1, {*}) = %ld EFAULT (Bad address)", r);

	/* A path running into an unmapped page has no terminator scry can read. */
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	memcpy(page + 4093, "abc", 3);
	r = syscall(SYS_openat, AT_FDCWD, page + 4093, O_RDONLY);
	expect("openat(AT_FDCWD, %p, {*}) = %ld EFAULT (Bad address)", (void *)(page + 4093), r);

	r = syscall(SYS_close, fd);
	expect("close(%ld) = %ld", fd, r);
	r = syscall(SYS_close, 999);
	expect("close(999) = %ld EBADF (Bad file descriptor)", r);
	r = syscall(SYS_close, -1);
	expect("close(-1) = %ld EBADF (Bad file descriptor)", r);

	r = syscall(SYS_mkdir, "paths.d", 0755);
	expect("mkdir(\"paths.d\", {*}) = %ld", r);
	r = syscall(SYS_chdir, "paths.d");
	expect("chdir(\"paths.d\") = %ld", r);
	r = syscall(SYS_chdir, "..");
	expect("chdir(\"..\") = %ld", r);
	r = syscall(SYS_rmdir, "paths.d");
	expect("rmdir(\"paths.d\") = %ld", r);
	r = syscall(SYS_unlink, "paths.missing");
	expect("unlink(\"paths.missing\") = %ld ENOENT (No such file or directory)", r);
	r = syscall(SYS_unlink, "paths.txt");
	expect("unlink(\"paths.txt\") = %ld", r);
	return 0;
}
