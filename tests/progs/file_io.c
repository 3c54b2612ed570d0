/*
 * Descriptor I/O: read/write, iovec arrays (per-buffer -s, the total of a
 * read told by the return value, arrays cut at -s elements, an array that
 * runs into unmapped memory), sendfile's "[0] => [5]", copy_file_range,
 * splice, tee, lseek, dup family, pipe family, close_range.
 * Argument: the -s value scry runs with (default 32).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define EINVAL_S "EINVAL (Invalid argument)"
#define EFAULT_S "EFAULT (Bad address)"
#define EBADF_S	 "EBADF (Bad file descriptor)"

static unsigned strsize = 32;

/* "data" as strace shows n bytes of it under -s. */
static const char *str(const char *data, size_t n)
{
	static char out[8][128];
	static int slot;
	char *o = out[slot++ % 8];
	size_t shown = n > strsize ? strsize : n;
	snprintf(o, 128, "\"%.*s\"%s", (int)shown, data, shown < n ? "..." : "");
	return o;
}

static void rw(int fd)
{
	char buf[64];
	long r;

	r = syscall(SYS_write, fd, "hello world, this is a longer line of text", 42);
	expect("write(%d, %s, 42) = %ld", fd, str("hello world, this is a longer line of text", 42),
	       r);
	r = syscall(SYS_pread64, fd, buf, 5, 6L);
	expect("pread64(%d, %s, 5, 6) = %ld", fd, str("world", 5), r);
	r = syscall(SYS_pwrite64, fd, "HE", 2, 0L);
	expect("pwrite64(%d, %s, 2, 0) = %ld", fd, str("HE", 2), r);
	r = syscall(SYS_read, fd, buf, sizeof(buf));
	expect("read(%d, \"\", 64) = %ld", fd, r);
	r = syscall(SYS_read, fd, (void *)1, 4);
	expect("read(%d, \"\", 4) = %ld", fd, r);
	r = syscall(SYS_read, 999, buf, 4);
	expect("read(999, %p, 4) = %ld " EBADF_S, (void *)buf, r);
	r = syscall(SYS_lseek, fd, 0L, SEEK_SET);
	expect("lseek(%d, 0, SEEK_SET) = %ld", fd, r);
	r = syscall(SYS_lseek, fd, -5L, SEEK_CUR);
	expect("lseek(%d, -5, SEEK_CUR) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_lseek, fd, 3L, 7);
	expect("lseek(%d, 3, 0x7 /* SEEK_??? */) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_lseek, fd, 0L, SEEK_END);
	expect("lseek(%d, 0, SEEK_END) = %ld", fd, r);
}

/* An iovec array of n > 0 elements as strace shows it: "[...]" under -s 0. */
static const char *arr(const char *fmt, ...)
{
	static char out[4][1024];
	static int slot;
	char *o = out[slot++ % 4];
	va_list ap;

	if (!strsize)
		return "[...]";
	va_start(ap, fmt);
	vsnprintf(o, 1024, fmt, ap);
	va_end(ap);
	return o;
}

static void vectors(int fd)
{
	char a[] = "hello", b[] = "world!", r1[3], r2[64];
	struct iovec iov[3] = {{a, 5}, {b, 6}, {NULL, 0}};
	struct iovec rio[2] = {{r1, 3}, {r2, 64}};
	long r;

	r = syscall(SYS_writev, fd, iov, 3L);
	expect(
	    "writev(%d, %s, 3) = %ld", fd,
	    arr("[{iov_base=%s, iov_len=5}, {iov_base=%s, iov_len=6}, {iov_base=NULL, iov_len=0}]",
		str(a, 5), str(b, 6)),
	    r);
	r = syscall(SYS_writev, fd, (void *)1, 0L);
	expect("writev(%d, [], 0) = %ld", fd, r);
	r = syscall(SYS_writev, fd, (void *)1, 2L);
	expect("writev(%d, 0x1, 2) = %ld " EFAULT_S, fd, r);
	r = syscall(SYS_writev, fd, NULL, 2L);
	expect("writev(%d, NULL, 2) = %ld " EFAULT_S, fd, r);
	r = syscall(SYS_writev, fd, iov, -1L);
	expect("writev(%d, %p, 18446744073709551615) = %ld " EINVAL_S, fd, (void *)iov, r);
	syscall(SYS_lseek, fd, 0L, SEEK_SET);
	expect("lseek(%d, 0, SEEK_SET) = 0", fd);
	r = syscall(SYS_readv, fd, rio, 2L);
	expect("readv(%d, %s, 2) = %ld", fd,
	       arr("[{iov_base=%s, iov_len=3}, {iov_base=%s, iov_len=64}]", str("HEl", 3),
		   str("lo world, this is a longer line of texthelloworld!", (size_t)r - 3)),
	       r);
	r = syscall(SYS_readv, 999, rio, 2L);
	expect("readv(999, %s, 2) = %ld " EBADF_S,
	       arr("[{iov_base=%p, iov_len=3}, {iov_base=%p, iov_len=64}]", (void *)r1, (void *)r2),
	       r);
	r = syscall(SYS_preadv, fd, rio, 1L, 1L, 0L);
	expect("preadv(%d, %s, 1, 1) = %ld", fd, arr("[{iov_base=%s, iov_len=3}]", str("Ell", 3)),
	       r);
	r = syscall(SYS_pwritev, fd, iov, 2L, 100L, 0L);
	expect("pwritev(%d, %s, 2, 100) = %ld", fd,
	       arr("[{iov_base=%s, iov_len=5}, {iov_base=%s, iov_len=6}]", str(a, 5), str(b, 6)),
	       r);
	/* The kernel stops at the bad buffer: 3 bytes read, none left for it. */
	rio[1].iov_base = (void *)1;
	r = syscall(SYS_preadv2, fd, rio, 2L, 0L, 0L, RWF_HIPRI | RWF_NOWAIT);
	expect("preadv2(%d, %s, 2, 0, RWF_HIPRI|RWF_NOWAIT) = %ld", fd,
	       arr("[{iov_base=%s, iov_len=3}, {iov_base=\"\", iov_len=64}]", str("HEl", 3)), r);
	r = syscall(SYS_pwritev2, fd, iov, 1L, -1L, 0L, RWF_APPEND | 0x1000);
	expect("pwritev2(%d, %s, 1, -1, RWF_APPEND|0x1000) = {*}", fd,
	       arr("[{iov_base=%s, iov_len=5}]", str(a, 5)));
	r = syscall(SYS_preadv2, fd, NULL, 0L, 0L, 0L, 0x100);
	expect("preadv2(%d, NULL, 0, 0, 0x100 /* RWF_??? */) = {*}", fd);
}

/* More iovecs than -s shows, and an array running into an unmapped page. */
static void long_vectors(int fd)
{
	static char big[100];
	struct iovec many[40], two[2] = {{big, 100}, {big, 100}};
	char line[4096], *o = line;
	long r;

	memset(big, 'A', sizeof(big));
	for (int i = 0; i < 40; i++)
		many[i] = (struct iovec){big, 2};
	r = syscall(SYS_writev, fd, many, 40L);
	for (unsigned i = 0; i < 40 && i < strsize; i++)
		o += sprintf(o, "%s{iov_base=%s, iov_len=2}", i ? ", " : "", str(big, 2));
	expect("writev(%d, %s, 40) = %ld", fd, arr("[%s%s]", line, strsize < 40 ? ", ..." : ""), r);
	r = syscall(SYS_writev, fd, two, 2L);
	expect("writev(%d, %s, 2) = %ld", fd,
	       arr("[{iov_base=%s, iov_len=100}, {iov_base=%s, iov_len=100}]", str(big, 100),
		   str(big, 100)),
	       r);

	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	struct iovec *half = (struct iovec *)(page + 4096 - sizeof(struct iovec));
	*half = (struct iovec){big, 5};
	r = syscall(SYS_writev, fd, half, 2L);
	expect("writev(%d, %s, 2) = %ld " EFAULT_S, fd,
	       arr("[{iov_base=%s, iov_len=5}, ... /* %p */]", str(big, 5), (void *)(page + 4096)),
	       r);
}

static void transfers(int fd)
{
	int fd2 = open("fio.out", O_RDWR | O_CREAT | O_TRUNC, 0644);
	long long off = 0, o1 = 0, o2 = 0;
	long r;

	if (fd2 < 0)
		die("open");
	r = syscall(SYS_sendfile, fd2, fd, &off, 5L);
	expect("sendfile(%d, %d, [0] => [5], 5) = %ld", fd2, fd, r);
	r = syscall(SYS_sendfile, fd2, fd, NULL, 5L);
	expect("sendfile(%d, %d, NULL, 5) = %ld", fd2, fd, r);
	r = syscall(SYS_sendfile, fd2, fd, (void *)1, 5L);
	expect("sendfile(%d, %d, 0x1, 5) = %ld " EFAULT_S, fd2, fd, r);
	off = -1;
	r = syscall(SYS_sendfile, fd2, fd, &off, 5L);
	expect("sendfile(%d, %d, [18446744073709551615], 5) = %ld " EINVAL_S, fd2, fd, r);
	r = syscall(SYS_copy_file_range, fd, &o1, fd2, &o2, 4L, 0L);
	expect("copy_file_range(%d, [0], %d, [0], 4, 0) = %ld", fd, fd2, r);
	r = syscall(SYS_copy_file_range, fd, NULL, fd2, (void *)1, 4L, 7L);
	expect("copy_file_range(%d, NULL, %d, 0x1, 4, 7) = %ld " EFAULT_S, fd, fd2, r);
	r = syscall(SYS_copy_file_range, fd, NULL, fd2, NULL, 4L, 7L);
	expect("copy_file_range(%d, NULL, %d, NULL, 4, 7) = %ld " EINVAL_S, fd, fd2, r);

	int p[2], q[2];
	r = syscall(SYS_pipe, p);
	expect("pipe(%s) = %ld", arr("[%d, %d]", p[0], p[1]), r);
	r = syscall(SYS_pipe2, q, O_CLOEXEC | O_NONBLOCK);
	expect("pipe2(%s, O_NONBLOCK|O_CLOEXEC) = %ld", arr("[%d, %d]", q[0], q[1]), r);
	r = syscall(SYS_pipe2, (void *)1, 0);
	expect("pipe2(0x1, 0) = %ld " EFAULT_S, r);
	r = syscall(SYS_pipe2, q, O_DIRECT | 0x4);
	expect("pipe2(%p, O_DIRECT|0x4) = %ld " EINVAL_S, (void *)q, r);
	r = syscall(SYS_pipe2, NULL, 0x4);
	expect("pipe2(NULL, 0x4 /* O_??? */) = %ld " EINVAL_S, r);
	syscall(SYS_write, p[1], "abc", 3L);
	expect("write(%d, %s, 3) = 3", p[1], str("abc", 3));
	o2 = 4;
	r = syscall(SYS_splice, p[0], NULL, fd2, &o2, 3L, SPLICE_F_MOVE | SPLICE_F_MORE);
	expect("splice(%d, NULL, %d, [4], 3, SPLICE_F_MOVE|SPLICE_F_MORE) = %ld", p[0], fd2, r);
	r = syscall(SYS_splice, p[0], NULL, fd2, NULL, 3L, 0x10);
	expect("splice(%d, NULL, %d, NULL, 3, 0x10 /* SPLICE_F_??? */) = %ld " EINVAL_S, p[0], fd2,
	       r);
	r = syscall(SYS_tee, p[0], q[1], 10L, SPLICE_F_NONBLOCK);
	expect("tee(%d, %d, 10, SPLICE_F_NONBLOCK) = %ld EAGAIN (Resource temporarily unavailable)",
	       p[0], q[1], r);
}

static void descriptors(int fd)
{
	long r;

	r = syscall(SYS_dup, fd);
	expect("dup(%d) = %ld", fd, r);
	r = syscall(SYS_dup2, fd, 50);
	expect("dup2(%d, 50) = %ld", fd, r);
	r = syscall(SYS_dup3, fd, 51, O_CLOEXEC);
	expect("dup3(%d, 51, O_CLOEXEC) = %ld", fd, r);
	r = syscall(SYS_dup3, fd, 52, 0);
	expect("dup3(%d, 52, 0) = %ld", fd, r);
	r = syscall(SYS_dup3, fd, 52, 0x4);
	expect("dup3(%d, 52, 0x4 /* O_??? */) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_close_range, 100, 200, CLOSE_RANGE_CLOEXEC);
	expect("close_range(100, 200, CLOSE_RANGE_CLOEXEC) = %ld", r);
	r = syscall(SYS_close_range, 100, ~0U, 0);
	expect("close_range(100, 4294967295, 0) = %ld", r);
	r = syscall(SYS_close_range, 100, 200, 0x8);
	expect("close_range(100, 200, 0x8 /* CLOSE_RANGE_??? */) = %ld " EINVAL_S, r);
}

static void hints(int fd)
{
	char ab[] = "ab";
	struct iovec iov = {ab, 2};
	int p[2];
	long r;

	r = syscall(SYS_fadvise64, fd, 0L, 0L, POSIX_FADV_SEQUENTIAL);
	expect("fadvise64(%d, 0, 0, POSIX_FADV_SEQUENTIAL) = %ld", fd, r);
	r = syscall(SYS_fadvise64, fd, 0L, 0L, 9);
	expect("fadvise64(%d, 0, 0, 0x9 /* POSIX_FADV_??? */) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_fallocate, fd, 0, 0L, 10L);
	expect("fallocate(%d, 0, 0, 10) = %ld", fd, r);
	r = syscall(SYS_fallocate, fd, 0x100, 0L, 10L);
	expect("fallocate(%d, 0x100 /* FALLOC_FL_??? */, 0, 10) = {*}", fd);
	r = syscall(SYS_sync_file_range, fd, 0L, 0L,
		    SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE);
	expect("sync_file_range(%d, 0, 0, SYNC_FILE_RANGE_WAIT_BEFORE|SYNC_FILE_RANGE_WRITE) = %ld",
	       fd, r);
	r = syscall(SYS_sync_file_range, fd, 0L, 0L, 0x10);
	expect("sync_file_range(%d, 0, 0, 0x10 /* SYNC_FILE_RANGE_??? */) = %ld " EINVAL_S, fd, r);
	if (pipe(p) < 0)
		die("pipe");
	expect("pipe2(%s, 0) = 0", arr("[%d, %d]", p[0], p[1]));
	r = syscall(SYS_vmsplice, p[1], &iov, 1L, SPLICE_F_GIFT);
	expect("vmsplice(%d, %s, 1, SPLICE_F_GIFT) = %ld", p[1],
	       arr("[{iov_base=%s, iov_len=2}]", str(ab, 2)), r);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		strsize = (unsigned)atoi(argv[1]);
	int fd = open("fio.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open");
	rw(fd);
	vectors(fd);
	long_vectors(fd);
	transfers(fd);
	descriptors(fd);
	hints(fd);
	return 0;
}
