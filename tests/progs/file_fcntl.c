/*
 * fcntl(2): every command decoder: descriptors, flags with their return
 * comments ("= 0x8002 (flags O_RDWR|O_LARGEFILE)"), struct flock in and
 * out, owners, signals, pipe sizes, seals, leases, notify; unknown
 * commands and unknown bits; bad pointers.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define EINVAL_S "EINVAL (Invalid argument)"
#define EFAULT_S "EFAULT (Bad address)"
#define EBADF_S	 "EBADF (Bad file descriptor)"

static void fds(int fd)
{
	long r;

	r = syscall(SYS_fcntl, fd, F_DUPFD, 10);
	expect("fcntl(%d, F_DUPFD, 10) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 20);
	expect("fcntl(%d, F_DUPFD_CLOEXEC, 20) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_DUPFD, -1L);
	expect("fcntl(%d, F_DUPFD, -1) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_fcntl, fd, F_GETFD);
	expect("fcntl(%d, F_GETFD) = 0", fd);
	r = syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
	expect("fcntl(%d, F_SETFD, FD_CLOEXEC) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETFD);
	expect("fcntl(%d, F_GETFD) = 0x1 (flags FD_CLOEXEC)", fd);
	r = syscall(SYS_fcntl, fd, F_SETFD, 0x100000000L);
	expect("fcntl(%d, F_SETFD, 0) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_SETFD, 6);
	expect("fcntl(%d, F_SETFD, 0x6 /* FD_??? */) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETFL);
	expect("fcntl(%d, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)", fd);
	r = syscall(SYS_fcntl, fd, F_SETFL, O_NONBLOCK | O_APPEND);
	expect("fcntl(%d, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETFL);
	expect("fcntl(%d, F_GETFL) = 0x8c02 (flags O_RDWR|O_APPEND|O_NONBLOCK|O_LARGEFILE)", fd);
	r = syscall(SYS_fcntl, fd, F_SETFL, 0);
	expect("fcntl(%d, F_SETFL, O_RDONLY) = %ld", fd, r);
	r = syscall(SYS_fcntl, -1, F_GETFL);
	expect("fcntl(-1, F_GETFL) = %ld " EBADF_S, r);
	r = syscall(SYS_fcntl, -1, F_GETFD);
	expect("fcntl(-1, F_GETFD) = %ld " EBADF_S, r);
}

static void locks(int fd)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
	long r;

	r = syscall(SYS_fcntl, fd, F_SETLK, &fl);
	expect("fcntl(%d, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}) = %ld",
	       fd, r);
	r = syscall(SYS_fcntl, fd, F_SETLKW, &fl);
	expect(
	    "fcntl(%d, F_SETLKW, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}) = %ld",
	    fd, r);
	fl.l_type = F_RDLCK;
	r = syscall(SYS_fcntl, fd, F_GETLK, &fl);
	expect("fcntl(%d, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=10, "
	       "l_pid=0}) = %ld",
	       fd, r);
	fl.l_type = F_RDLCK;
	r = syscall(SYS_fcntl, fd, F_OFD_GETLK, &fl);
	/* The process's own POSIX lock conflicts with an OFD lock. */
	expect("fcntl(%d, F_OFD_GETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10, "
	       "l_pid=%d}) = %ld",
	       fd, getpid(), r);
	fl = (struct flock){.l_type = F_UNLCK, .l_whence = SEEK_CUR, .l_start = -5};
	r = syscall(SYS_fcntl, fd, F_OFD_SETLK, &fl);
	expect("fcntl(%d, F_OFD_SETLK, {l_type=F_UNLCK, l_whence=SEEK_CUR, l_start=-5, l_len=0}) = "
	       "%ld " EINVAL_S,
	       fd, r);
	fl.l_whence = 9;
	r = syscall(SYS_fcntl, fd, F_GETLK, &fl);
	expect("fcntl(%d, F_GETLK, %p) = %ld " EINVAL_S, fd, (void *)&fl, r);
	fl.l_type = 7;
	r = syscall(SYS_fcntl, fd, F_SETLK, &fl);
	expect("fcntl(%d, F_SETLK, {l_type=0x7 /* F_??? */, l_whence=0x9 /* SEEK_??? */, "
	       "l_start=-5, l_len=0}) = %ld " EINVAL_S,
	       fd, r);
	r = syscall(SYS_fcntl, fd, F_SETLK, (void *)1);
	expect("fcntl(%d, F_SETLK, 0x1) = %ld " EFAULT_S, fd, r);
	r = syscall(SYS_fcntl, fd, F_SETLKW, NULL);
	expect("fcntl(%d, F_SETLKW, NULL) = %ld " EFAULT_S, fd, r);
	r = syscall(SYS_fcntl, fd, F_GETLK, (void *)1);
	expect("fcntl(%d, F_GETLK, 0x1) = %ld " EFAULT_S, fd, r);
}

static void owners(int fd)
{
	struct f_owner_ex ox = {F_OWNER_PGRP, 0};
	long r;

	r = syscall(SYS_fcntl, fd, F_GETOWN);
	expect("fcntl(%d, F_GETOWN) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_SETOWN, 0x100000000L | 0);
	expect("fcntl(%d, F_SETOWN, 0) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETOWN_EX, &ox);
	expect("fcntl(%d, F_GETOWN_EX, {type=F_OWNER_PID, pid=0}) = %ld", fd, r);
	ox = (struct f_owner_ex){F_OWNER_TID, getpid()};
	r = syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
	expect("fcntl(%d, F_SETOWN_EX, {type=F_OWNER_TID, pid=%d}) = %ld", fd, ox.pid, r);
	ox.type = 7;
	r = syscall(SYS_fcntl, fd, F_SETOWN_EX, &ox);
	expect("fcntl(%d, F_SETOWN_EX, {type=0x7 /* F_OWNER_??? */, pid=%d}) = %ld " EINVAL_S, fd,
	       ox.pid, r);
	r = syscall(SYS_fcntl, fd, F_GETOWN_EX, (void *)1);
	expect("fcntl(%d, F_GETOWN_EX, 0x1) = %ld " EFAULT_S, fd, r);
	r = syscall(SYS_fcntl, fd, F_SETOWN, 0);
	expect("fcntl(%d, F_SETOWN, 0) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_SETSIG, SIGUSR1);
	expect("fcntl(%d, F_SETSIG, SIGUSR1) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETSIG);
	expect("fcntl(%d, F_GETSIG) = 10 (SIGUSR1)", fd);
	r = syscall(SYS_fcntl, fd, F_SETSIG, 35);
	expect("fcntl(%d, F_SETSIG, SIGRT_3) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_SETSIG, 200);
	expect("fcntl(%d, F_SETSIG, 200) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_fcntl, fd, F_SETSIG, 0);
	expect("fcntl(%d, F_SETSIG, 0) = %ld", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETSIG);
	expect("fcntl(%d, F_GETSIG) = 0", fd);
}

static void others(int fd)
{
	int p[2];
	long r;

	if (pipe(p) < 0)
		die("pipe");
	expect("pipe2([%d, %d], 0) = 0", p[0], p[1]);
	r = syscall(SYS_fcntl, p[0], F_GETPIPE_SZ);
	expect("fcntl(%d, F_GETPIPE_SZ) = %ld", p[0], r);
	r = syscall(SYS_fcntl, p[0], F_SETPIPE_SZ, 8192);
	expect("fcntl(%d, F_SETPIPE_SZ, 8192) = %ld", p[0], r);
	int m = memfd_create("seals", MFD_ALLOW_SEALING);
	expect("memfd_create(\"seals\", MFD_ALLOW_SEALING) = %d", m);
	r = syscall(SYS_fcntl, m, F_GET_SEALS);
	expect("fcntl(%d, F_GET_SEALS) = 0", m);
	r = syscall(SYS_fcntl, m, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_WRITE);
	expect("fcntl(%d, F_ADD_SEALS, F_SEAL_SEAL|F_SEAL_WRITE) = %ld", m, r);
	r = syscall(SYS_fcntl, m, F_GET_SEALS);
	expect("fcntl(%d, F_GET_SEALS) = 0x9 (seals F_SEAL_SEAL|F_SEAL_WRITE)", m);
	r = syscall(SYS_fcntl, m, F_ADD_SEALS, 0x100);
	expect("fcntl(%d, F_ADD_SEALS, 0x100 /* F_SEAL_??? */) = %ld " EINVAL_S, m, r);
	r = syscall(SYS_fcntl, fd, F_NOTIFY, DN_MODIFY | DN_CREATE | DN_MULTISHOT);
	expect("fcntl(%d, F_NOTIFY, DN_MODIFY|DN_CREATE|DN_MULTISHOT) = %ld ENOTDIR (Not a "
	       "directory)",
	       fd, r);
	r = syscall(SYS_fcntl, fd, F_NOTIFY, 0x100);
	expect("fcntl(%d, F_NOTIFY, 0x100 /* DN_??? */) = %ld ENOTDIR (Not a directory)", fd, r);
	r = syscall(SYS_fcntl, fd, F_GETLEASE);
	expect("fcntl(%d, F_GETLEASE) = 0x2 (F_UNLCK)", fd);
	r = syscall(SYS_fcntl, fd, F_SETLEASE, F_WRLCK);
	expect("fcntl(%d, F_SETLEASE, F_WRLCK) = {*}", fd);
	r = syscall(SYS_fcntl, fd, F_SETLEASE, 9);
	expect("fcntl(%d, F_SETLEASE, 0x9 /* F_??? */) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_fcntl, fd, F_SETLEASE, F_UNLCK);
	expect("fcntl(%d, F_SETLEASE, F_UNLCK) = {*}", fd);
	r = syscall(SYS_fcntl, fd, 9999, 0x55);
	expect("fcntl(%d, 0x270f /* F_??? */, 0x55) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_fcntl, fd, 1036, 0);
	expect("fcntl(%d, 0x40c /* F_??? */, 0) = {*}", fd);
	r = syscall(SYS_fcntl, fd, 12, 0);
	expect("fcntl(%d, F_GETLK64, 0) = %ld " EINVAL_S, fd, r);
	r = syscall(SYS_fcntl, fd, 1029, 0x55);
	expect("fcntl(%d, F_CANCELLK, 0x55) = %ld " EINVAL_S, fd, r);
}

int main(void)
{
	int fd = open("ff.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open");
	fds(fd);
	locks(fd);
	owners(fd);
	others(fd);
	return 0;
}
