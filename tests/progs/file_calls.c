/*
 * Path syscalls: access family, readlink (output buffer), mkdir, unlink,
 * rename, link, symlink, chmod, chown, the utime family (timespec and
 * timeval pairs, UTIME_NOW/UTIME_OMIT, dates), truncate, getcwd, chdir,
 * mknod (file types, device numbers). Unknown flag bits, bad pointers.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define ENOENT_S "ENOENT (No such file or directory)"
#define EINVAL_S "EINVAL (Invalid argument)"
#define EFAULT_S "EFAULT (Bad address)"

static void names(void)
{
	char buf[64];
	long r;

	r = syscall(SYS_access, "fc.txt", R_OK | W_OK);
	expect("access(\"fc.txt\", R_OK|W_OK) = %ld", r);
	r = syscall(SYS_faccessat, AT_FDCWD, "fc.none", F_OK);
	expect("faccessat(AT_FDCWD, \"fc.none\", F_OK) = %ld " ENOENT_S, r);
	r = syscall(SYS_faccessat2, AT_FDCWD, "fc.txt", X_OK | 0x10, AT_EACCESS | 0x2);
	expect("faccessat2(AT_FDCWD, \"fc.txt\", X_OK|0x10, AT_EACCESS|0x2) = %ld " EINVAL_S, r);
	r = syscall(SYS_faccessat2, AT_FDCWD, "fc.txt", 0x10, 0x2);
	expect(
	    "faccessat2(AT_FDCWD, \"fc.txt\", 0x10 /* ?_OK */, 0x2 /* AT_??? */) = %ld " EINVAL_S,
	    r);
	r = syscall(SYS_symlink, "fc.txt", "fc.lnk");
	expect("symlink(\"fc.txt\", \"fc.lnk\") = %ld", r);
	r = syscall(SYS_symlinkat, "fc.txt", AT_FDCWD, "fc.lnk2");
	expect("symlinkat(\"fc.txt\", AT_FDCWD, \"fc.lnk2\") = %ld", r);
	r = syscall(SYS_readlink, "fc.lnk", buf, sizeof(buf));
	expect("readlink(\"fc.lnk\", \"fc.txt\", 64) = %ld", r);
	r = syscall(SYS_readlink, "fc.lnk", buf, 2);
	expect("readlink(\"fc.lnk\", \"fc\", 2) = %ld", r);
	r = syscall(SYS_readlinkat, AT_FDCWD, "fc.lnk2", buf, sizeof(buf));
	expect("readlinkat(AT_FDCWD, \"fc.lnk2\", \"fc.txt\", 64) = %ld", r);
	r = syscall(SYS_readlink, "fc.txt", buf, sizeof(buf));
	expect("readlink(\"fc.txt\", %p, 64) = %ld " EINVAL_S, (void *)buf, r);
	r = syscall(SYS_readlink, "fc.lnk", (void *)1, 64);
	expect("readlink(\"fc.lnk\", 0x1, 64) = %ld " EFAULT_S, r);
	r = syscall(SYS_mkdir, "fc.d", 0755);
	expect("mkdir(\"fc.d\", 0755) = %ld", r);
	r = syscall(SYS_mkdirat, AT_FDCWD, "fc.d2", 01777);
	expect("mkdirat(AT_FDCWD, \"fc.d2\", 01777) = %ld", r);
	r = syscall(SYS_rename, "fc.lnk2", "fc.lnk3");
	expect("rename(\"fc.lnk2\", \"fc.lnk3\") = %ld", r);
	r = syscall(SYS_renameat, AT_FDCWD, "fc.lnk3", AT_FDCWD, "fc.lnk4");
	expect("renameat(AT_FDCWD, \"fc.lnk3\", AT_FDCWD, \"fc.lnk4\") = %ld", r);
	r = syscall(SYS_renameat2, AT_FDCWD, "fc.lnk4", AT_FDCWD, "fc.lnk", RENAME_NOREPLACE);
	expect(
	    "renameat2(AT_FDCWD, \"fc.lnk4\", AT_FDCWD, \"fc.lnk\", RENAME_NOREPLACE) = %ld EEXIST "
	    "(File exists)",
	    r);
	r = syscall(SYS_renameat2, AT_FDCWD, "fc.lnk4", AT_FDCWD, "fc.lnk",
		    RENAME_EXCHANGE | 0x100);
	expect("renameat2(AT_FDCWD, \"fc.lnk4\", AT_FDCWD, \"fc.lnk\", RENAME_EXCHANGE|0x100) = "
	       "%ld " EINVAL_S,
	       r);
	r = syscall(SYS_renameat2, AT_FDCWD, "fc.lnk4", AT_FDCWD, "fc.lnk", 0x10);
	expect("renameat2(AT_FDCWD, \"fc.lnk4\", AT_FDCWD, \"fc.lnk\", 0x10 /* RENAME_?? */) = "
	       "%ld " EINVAL_S,
	       r);
	r = syscall(SYS_link, "fc.txt", "fc.hard");
	expect("link(\"fc.txt\", \"fc.hard\") = %ld", r);
	r = syscall(SYS_linkat, AT_FDCWD, "fc.lnk", AT_FDCWD, "fc.hard2", AT_SYMLINK_FOLLOW);
	expect("linkat(AT_FDCWD, \"fc.lnk\", AT_FDCWD, \"fc.hard2\", AT_SYMLINK_FOLLOW) = %ld", r);
	r = syscall(SYS_linkat, AT_FDCWD, "fc.lnk", AT_FDCWD, "fc.hard3", 0x2);
	expect("linkat(AT_FDCWD, \"fc.lnk\", AT_FDCWD, \"fc.hard3\", 0x2 /* AT_??? */) = "
	       "%ld " EINVAL_S,
	       r);
	r = syscall(SYS_unlinkat, AT_FDCWD, "fc.d2", AT_REMOVEDIR);
	expect("unlinkat(AT_FDCWD, \"fc.d2\", AT_REMOVEDIR) = %ld", r);
	r = syscall(SYS_unlinkat, AT_FDCWD, "fc.hard2", 0);
	expect("unlinkat(AT_FDCWD, \"fc.hard2\", 0) = %ld", r);
	r = syscall(SYS_unlinkat, AT_FDCWD, "fc.hard", 0x10000);
	expect("unlinkat(AT_FDCWD, \"fc.hard\", 0x10000 /* AT_??? */) = %ld " EINVAL_S, r);
}

static void attrs(int fd)
{
	long r;

	r = syscall(SYS_chmod, "fc.txt", 04755);
	expect("chmod(\"fc.txt\", 04755) = %ld", r);
	r = syscall(SYS_chmod, "fc.txt", 0);
	expect("chmod(\"fc.txt\", 000) = %ld", r);
	r = syscall(SYS_fchmod, fd, 0644);
	expect("fchmod(%d, 0644) = %ld", fd, r);
	r = syscall(SYS_fchmodat, AT_FDCWD, "fc.txt", 0600);
	expect("fchmodat(AT_FDCWD, \"fc.txt\", 0600) = %ld", r);
	r = syscall(SYS_chown, "fc.txt", -1, -1);
	expect("chown(\"fc.txt\", -1, -1) = %ld", r);
	r = syscall(SYS_fchown, fd, -1, -1);
	expect("fchown(%d, -1, -1) = %ld", fd, r);
	r = syscall(SYS_lchown, "fc.lnk", -1, -1);
	expect("lchown(\"fc.lnk\", -1, -1) = %ld", r);
	r = syscall(SYS_fchownat, AT_FDCWD, "fc.lnk", -1, -1, AT_SYMLINK_NOFOLLOW);
	expect("fchownat(AT_FDCWD, \"fc.lnk\", -1, -1, AT_SYMLINK_NOFOLLOW) = %ld", r);
	r = syscall(SYS_truncate, "fc.txt", 10L);
	expect("truncate(\"fc.txt\", 10) = %ld", r);
	r = syscall(SYS_ftruncate, fd, -1L);
	expect("ftruncate(%d, 18446744073709551615) = %ld " EINVAL_S, fd, r);
}

/* strace's date comment: local time, the fraction only when not 0. */
static const char *date(long sec, long frac, int digits)
{
	static char out[4][128];
	static int slot;
	char d[64], z[16];
	time_t t = sec;
	struct tm tm;
	char *o = out[slot++ % 4];

	localtime_r(&t, &tm);
	strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm);
	if (frac)
		snprintf(o, 128, "%s.%0*ld%s", d, digits, frac, z);
	else
		snprintf(o, 128, "%s%s", d, z);
	return o;
}

static void times(void)
{
	struct timespec ts[2] = {{1, 2}, {0, UTIME_OMIT}};
	struct timespec now[2] = {{0, UTIME_NOW}, {1700000000, 999999999}};
	struct timespec odd[2] = {{0, 0}, {-1, 1000000000}};
	struct timeval tv[2] = {{1, 2}, {3, 4}};
	struct utimbuf ub = {10, -1};
	long r;

	r = syscall(SYS_utimensat, AT_FDCWD, "fc.txt", ts, 0);
	expect("utimensat(AT_FDCWD, \"fc.txt\", [{tv_sec=1, tv_nsec=2} /* %s */, UTIME_OMIT], 0) = "
	       "%ld",
	       date(1, 2, 9), r);
	r = syscall(SYS_utimensat, AT_FDCWD, "fc.lnk", now, AT_SYMLINK_NOFOLLOW);
	expect("utimensat(AT_FDCWD, \"fc.lnk\", [UTIME_NOW, {tv_sec=1700000000, tv_nsec=999999999} "
	       "/* %s */], AT_SYMLINK_NOFOLLOW) = %ld",
	       date(1700000000, 999999999, 9), r);
	r = syscall(SYS_utimensat, AT_FDCWD, "fc.txt", odd, 0x8);
	expect("utimensat(AT_FDCWD, \"fc.txt\", [{tv_sec=0, tv_nsec=0}, {tv_sec=-1, "
	       "tv_nsec=1000000000}], 0x8 /* AT_??? */) = %ld " EINVAL_S,
	       r);
	r = syscall(SYS_utimensat, AT_FDCWD, "fc.txt", NULL, 0);
	expect("utimensat(AT_FDCWD, \"fc.txt\", NULL, 0) = %ld", r);
	r = syscall(SYS_utimensat, AT_FDCWD, "fc.txt", (void *)1, 0);
	expect("utimensat(AT_FDCWD, \"fc.txt\", 0x1, 0) = %ld " EFAULT_S, r);
	r = syscall(SYS_futimesat, AT_FDCWD, "fc.txt", tv);
	expect("futimesat(AT_FDCWD, \"fc.txt\", [{tv_sec=1, tv_usec=2} /* %s */, {tv_sec=3, "
	       "tv_usec=4} "
	       "/* %s */]) = %ld",
	       date(1, 2, 6), date(3, 4, 6), r);
	tv[1].tv_usec = 1000000;
	r = syscall(SYS_utimes, "fc.txt", tv);
	expect(
	    "utimes(\"fc.txt\", [{tv_sec=1, tv_usec=2} /* %s */, {tv_sec=3, tv_usec=1000000}]) = "
	    "%ld " EINVAL_S,
	    date(1, 2, 6), r);
	r = syscall(SYS_utimes, "fc.txt", NULL);
	expect("utimes(\"fc.txt\", NULL) = %ld", r);
	r = syscall(SYS_utime, "fc.txt", &ub);
	expect("utime(\"fc.txt\", {actime=10 /* %s */, modtime=-1 /* %s */}) = %ld", date(10, 0, 0),
	       date(-1, 0, 0), r);
	ub.actime = 0;
	r = syscall(SYS_utime, "fc.txt", &ub);
	expect("utime(\"fc.txt\", {actime=0, modtime=-1 /* %s */}) = %ld", date(-1, 0, 0), r);
	r = syscall(SYS_utime, "fc.txt", (void *)1);
	expect("utime(\"fc.txt\", 0x1) = %ld " EFAULT_S, r);
}

static void dirs(int fd)
{
	char cwd[PATH_MAX], buf[PATH_MAX];
	long r;

	if (!getcwd(cwd, sizeof(cwd)))
		die("getcwd");
	r = syscall(SYS_getcwd, buf, sizeof(buf));
	expect("getcwd(\"%s\", %zu) = %ld", cwd, sizeof(buf), r);
	r = syscall(SYS_getcwd, buf, 1);
	expect("getcwd(%p, 1) = %ld ERANGE (Numerical result out of range)", (void *)buf, r);
	r = syscall(SYS_chdir, "fc.d");
	expect("chdir(\"fc.d\") = %ld", r);
	r = syscall(SYS_chdir, "..");
	expect("chdir(\"..\") = %ld", r);
	r = syscall(SYS_fchdir, fd);
	expect("fchdir(%d) = %ld ENOTDIR (Not a directory)", fd, r);
}

static void nodes(void)
{
	long r;

	r = syscall(SYS_mknodat, AT_FDCWD, "fc.fifo", S_IFIFO | 0644, 0);
	expect("mknodat(AT_FDCWD, \"fc.fifo\", S_IFIFO|0644) = %ld", r);
	r = syscall(SYS_mknod, "fc.fifo", S_IFIFO, 0);
	expect("mknod(\"fc.fifo\", S_IFIFO|000) = %ld EEXIST (File exists)", r);
	r = syscall(SYS_mknod, "fc.reg", S_IFREG | S_ISUID | 0644, 0);
	expect("mknod(\"fc.reg\", S_IFREG|S_ISUID|0644) = %ld", r);
	r = syscall(SYS_mknod, "fc.sock", S_IFSOCK | S_ISGID | S_ISVTX | 0600, 0);
	expect("mknod(\"fc.sock\", S_IFSOCK|S_ISGID|S_ISVTX|0600) = %ld", r);
	r = syscall(SYS_mknod, "fc.plain", 0644, 0);
	expect("mknod(\"fc.plain\", 0644) = %ld", r);
	r = syscall(SYS_mknod, "fc.suid", S_ISUID, 0);
	expect("mknod(\"fc.suid\", S_ISUID|000) = %ld", r);
	r = syscall(SYS_mknod, "fc.bad", 0170644, 0);
	expect("mknod(\"fc.bad\", 0170644) = %ld " EINVAL_S, r);
	syscall(SYS_mknodat, AT_FDCWD, "fc.chr", S_IFCHR | 0600, makedev(1, 3));
	expect("mknodat(AT_FDCWD, \"fc.chr\", S_IFCHR|0600, makedev(0x1, 0x3)) = {*}");
	syscall(SYS_mknod, "fc.blk", S_IFBLK | 0600, 0x12345678);
	expect("mknod(\"fc.blk\", S_IFBLK|0600, makedev(0x456, 0x12378)) = {*}");
	syscall(SYS_mknod, "fc.blk0", S_IFBLK | 0600, 0);
	expect("mknod(\"fc.blk0\", S_IFBLK|0600, makedev(0, 0)) = {*}");
}

int main(void)
{
	int fd = open("fc.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open");
	names();
	attrs(fd);
	times();
	dirs(fd);
	nodes();
	return 0;
}
