/*
 * Buffers printed as strings: truncation at -s, escapes, empty buffers, and
 * pointers that cannot be read (printed as addresses). "strings N" must be
 * run under "scry trace -s N"; N is 32 (the default) when omitted.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

/* What scry prints for buf[0..len) when the string limit is max. */
static void quoted(char *out, const char *buf, long len, long max)
{
	out += sprintf(out, "\"");
	for (long i = 0; i < len && i < max; i++)
		*out++ = buf[i]; /* only called with printable, unescaped text */
	sprintf(out, "\"%s", len > max ? "..." : "");
}

int main(int argc, char **argv)
{
	long max = argc > 1 ? atol(argv[1]) : 32;
	char want[256], a40[41], buf[16];
	int fd, p[2];
	long r;

	/* A regular file, not /dev/null: /dev/null never reads the buffer, so no EFAULT. */
	fd = open("strings.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pipe(p) < 0)
		die("setup");

	r = syscall(SYS_write, fd, "hello", 5);
	quoted(want, "hello", 5, max);
	expect("write(%d, %s, 5) = %ld", fd, want, r);

	r = syscall(SYS_write, fd, "hello!", 6);
	quoted(want, "hello!", 6, max);
	expect("write(%d, %s, 6) = %ld", fd, want, r);

	memset(a40, 'a', 40);
	a40[40] = 0;
	r = syscall(SYS_write, fd, a40, 32);
	quoted(want, a40, 32, max);
	expect("write(%d, %s, 32) = %ld", fd, want, r);
	r = syscall(SYS_write, fd, a40, 40);
	quoted(want, a40, 40, max);
	expect("write(%d, %s, 40) = %ld", fd, want, r);

	r = syscall(SYS_write, fd, "", 0);
	expect("write(%d, \"\", 0) = %ld", fd, r);

	/*
	 * Escapes: C-style names where C has them, else the shortest octal,
	 * except that a digit after it forces three digits ("\0001"). \177 is
	 * already three digits, so the following '8' stays as it is.
	 */
	if (max >= 32) {
		static const char esc[] = "a\nb\tc\0d\001\1778\377\"\\\r\v\f\033[0m|x\0001";
		r = syscall(SYS_write, fd, esc, sizeof(esc) - 1);
		expect("write(%d, \"a\\nb\\tc\\0d\\1\\1778\\377\\\"\\\\\\r\\v\\f\\33[0m|x\\0001\", "
		       "%zu) "
		       "= %ld",
		       fd, sizeof(esc) - 1, r);
	}

	/* Unreadable buffers: the address is printed, the kernel says EFAULT. */
	r = syscall(SYS_write, fd, (void *)1, 5);
	expect("write(%d, 0x1, 5) = %ld EFAULT (Bad address)", fd, r);
	r = syscall(SYS_write, fd, NULL, 5);
	expect("write(%d, NULL, 5) = %ld EFAULT (Bad address)", fd, r);

	/* Output buffers show only what the call returned. */
	syscall(SYS_write, p[1], "xyz", 3);
	r = syscall(SYS_read, p[0], buf, sizeof(buf));
	quoted(want, "xyz", 3, max);
	expect("read(%d, %s, %zu) = %ld", p[0], want, sizeof(buf), r);
	/* A failed read leaves the buffer unwritten: printed as an address. */
	r = syscall(SYS_read, 99, buf, sizeof(buf));
	expect("read(99, %p, %zu) = %ld EBADF (Bad file descriptor)", (void *)buf, sizeof(buf), r);

	/*
	 * A buffer whose tail is unmapped. The kernel writes what it can
	 * read (a short write); scry cannot read all 10 bytes and prints the
	 * address rather than a partial string.
	 */
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	memcpy(page + 4093, "abc", 3);
	r = syscall(SYS_write, fd, page + 4093, 10);
	if (max == 0) /* -s 0 reads nothing, so nothing can fail */
		expect("write(%d, \"\"..., 10) = %ld", fd, r);
	else
		expect("write(%d, %p, 10) = %ld", fd, (void *)(page + 4093), r);

	expect("exit_group(0) = ?");
	expect("+++ exited with 0 +++");
	syscall(SYS_exit_group, 0);
}
