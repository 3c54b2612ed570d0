/*
 * struct stat (abbreviated, and in full with -v), statx, statfs, the
 * records of getdents64 and getdents (counted, and in full with -v).
 * Argument "v": scry runs with -v. Expected values come from the same
 * calls made through libc first.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define EFAULT_S "EFAULT (Bad address)"

static int verbose;

static const char *date(long long sec, long nsec)
{
	static char out[4][128];
	static int slot;
	char d[64], z[16];
	time_t t = (time_t)sec;
	struct tm tm;
	char *o = out[slot++ % 4];

	localtime_r(&t, &tm);
	strftime(d, sizeof(d), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm);
	if (nsec)
		snprintf(o, 128, "%s.%09ld%s", d, nsec, z);
	else
		snprintf(o, 128, "%s%s", d, z);
	return o;
}

static const char *hex0(unsigned long v)
{
	static char out[8][32];
	static int slot;
	char *o = out[slot++ % 8];
	if (v)
		snprintf(o, 32, "%#lx", v);
	else
		snprintf(o, 32, "0");
	return o;
}

/* struct stat as scry must print it; mode and size/rdev are given. */
static const char *stat_str(const struct stat *st, const char *mode, const char *last)
{
	static char out[2][1024];
	static int n;
	char *o = out[n++ % 2];

	if (!verbose) {
		snprintf(o, 1024, "{st_mode=%s, %s, ...}", mode, last);
		return o;
	}
	snprintf(
	    o, 1024,
	    "{st_dev=makedev(%s, %s), st_ino=%llu, st_mode=%s, st_nlink=%lu, st_uid=%u, "
	    "st_gid=%u, st_blksize=%ld, st_blocks=%lld, %s, st_atime=%lld /* %s */, "
	    "st_atime_nsec=%ld, st_mtime=%lld /* %s */, st_mtime_nsec=%ld, st_ctime=%lld /* %s */, "
	    "st_ctime_nsec=%ld}",
	    hex0(major(st->st_dev)), hex0(minor(st->st_dev)), (unsigned long long)st->st_ino, mode,
	    (unsigned long)st->st_nlink, st->st_uid, st->st_gid, (long)st->st_blksize,
	    (long long)st->st_blocks, last, (long long)st->st_atim.tv_sec,
	    date(st->st_atim.tv_sec, st->st_atim.tv_nsec), st->st_atim.tv_nsec,
	    (long long)st->st_mtim.tv_sec, date(st->st_mtim.tv_sec, st->st_mtim.tv_nsec),
	    st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec,
	    date(st->st_ctim.tv_sec, st->st_ctim.tv_nsec), st->st_ctim.tv_nsec);
	return o;
}

static void stats(int fd)
{
	struct stat ref, st, dev;
	char dn[64];
	long r;

	if (fstat(fd, &ref) < 0 || stat("/dev/null", &dev) < 0)
		die("stat");
	snprintf(dn, sizeof(dn), "st_rdev=makedev(%s, %s)", hex0(major(dev.st_rdev)),
		 hex0(minor(dev.st_rdev)));
	r = syscall(SYS_stat, "fs.txt", &st);
	expect("stat(\"fs.txt\", %s) = %ld", stat_str(&ref, "S_IFREG|0644", "st_size=5"), r);
	r = syscall(SYS_lstat, "fs.txt", &st);
	expect("lstat(\"fs.txt\", %s) = %ld", stat_str(&ref, "S_IFREG|0644", "st_size=5"), r);
	r = syscall(SYS_fstat, fd, &st);
	expect("fstat(%d, %s) = %ld", fd, stat_str(&ref, "S_IFREG|0644", "st_size=5"), r);
	r = syscall(SYS_newfstatat, AT_FDCWD, "fs.txt", &st, AT_SYMLINK_NOFOLLOW);
	expect("newfstatat(AT_FDCWD, \"fs.txt\", %s, AT_SYMLINK_NOFOLLOW) = %ld",
	       stat_str(&ref, "S_IFREG|0644", "st_size=5"), r);
	r = syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
	expect("newfstatat(%d, \"\", %s, AT_EMPTY_PATH) = %ld", fd,
	       stat_str(&ref, "S_IFREG|0644", "st_size=5"), r);
	r = syscall(SYS_stat, "/dev/null", &st);
	expect("stat(\"/dev/null\", %s) = %ld", stat_str(&dev, "S_IFCHR|0666", dn), r);
	r = syscall(SYS_stat, "fs.none", &st);
	expect("stat(\"fs.none\", %p) = %ld ENOENT (No such file or directory)", (void *)&st, r);
	r = syscall(SYS_stat, "fs.txt", (void *)1);
	expect("stat(\"fs.txt\", 0x1) = %ld " EFAULT_S, r);
	r = syscall(SYS_stat, "fs.txt", NULL);
	expect("stat(\"fs.txt\", NULL) = %ld " EFAULT_S, r);
	r = syscall(SYS_newfstatat, AT_FDCWD, "fs.txt", &st, 0x10000);
	expect("newfstatat(AT_FDCWD, \"fs.txt\", %p, 0x10000 /* AT_??? */) = %ld EINVAL (Invalid "
	       "argument)",
	       (void *)&st, r);
}

static void statxs(void)
{
	struct statx sx, ref;
	char rest[1024];
	long r;

	if (statx(AT_FDCWD, "fs.txt", 0, STATX_BASIC_STATS | STATX_BTIME, &ref) < 0)
		die("statx");
	if (verbose)
		snprintf(
		    rest, sizeof(rest),
		    "stx_mask={*}, stx_blksize=%u, stx_attributes={*}, stx_nlink=%u, stx_uid=%u, "
		    "stx_gid=%u, stx_mode=S_IFREG|0644, stx_ino=%llu, stx_size=5, stx_blocks=%llu, "
		    "stx_attributes_mask={*}, stx_atime={tv_sec=%lld, tv_nsec=%u} /* %s */, {*}, "
		    "stx_rdev_major=0, stx_rdev_minor=0, stx_dev_major=%u, stx_dev_minor=%u{*}",
		    ref.stx_blksize, ref.stx_nlink, ref.stx_uid, ref.stx_gid,
		    (unsigned long long)ref.stx_ino, (unsigned long long)ref.stx_blocks,
		    (long long)ref.stx_atime.tv_sec, ref.stx_atime.tv_nsec,
		    date(ref.stx_atime.tv_sec, ref.stx_atime.tv_nsec), ref.stx_dev_major,
		    ref.stx_dev_minor);
	else
		snprintf(
		    rest, sizeof(rest),
		    "stx_mask={*}, stx_attributes={*}, stx_mode=S_IFREG|0644, stx_size=5, ...");
	r = syscall(SYS_statx, AT_FDCWD, "fs.txt", 0, STATX_BASIC_STATS, &sx);
	expect("statx(AT_FDCWD, \"fs.txt\", AT_STATX_SYNC_AS_STAT, STATX_BASIC_STATS, {%s}) = %ld",
	       rest, r);
	r = syscall(SYS_statx, AT_FDCWD, "fs.txt", AT_STATX_FORCE_SYNC | AT_SYMLINK_NOFOLLOW,
		    STATX_TYPE | STATX_SIZE, &sx);
	expect("statx(AT_FDCWD, \"fs.txt\", AT_STATX_FORCE_SYNC|AT_SYMLINK_NOFOLLOW, "
	       "STATX_TYPE|STATX_SIZE, {*}) = %ld",
	       r);
	r = syscall(SYS_statx, AT_FDCWD, "fs.none", 0, STATX_ALL | 0x10000000, &sx);
	expect(
	    "statx(AT_FDCWD, \"fs.none\", AT_STATX_SYNC_AS_STAT, STATX_ALL|0x10000000, %p) = %ld "
	    "ENOENT (No such file or directory)",
	    (void *)&sx, r);
	r = syscall(SYS_statx, AT_FDCWD, "fs.txt", 0x6000 | AT_SYMLINK_NOFOLLOW, 0, (void *)1);
	expect("statx(AT_FDCWD, \"fs.txt\", AT_STATX_FORCE_SYNC|AT_STATX_DONT_SYNC|"
	       "AT_SYMLINK_NOFOLLOW, 0, 0x1) = %ld EINVAL (Invalid argument)",
	       r);
	r = syscall(SYS_statx, AT_FDCWD, "fs.txt", 0x1, 0x80000000, NULL);
	expect("statx(AT_FDCWD, \"fs.txt\", AT_STATX_SYNC_AS_STAT|0x1, 0x80000000 /* STATX_??? */, "
	       "NULL) = %ld EINVAL (Invalid argument)",
	       r);
}

static void statfss(void)
{
	struct statfs ref, sf;
	char want[512];
	long r;

	if (statfs("/proc", &ref) < 0)
		die("statfs");
	snprintf(
	    want, sizeof(want),
	    "{f_type=PROC_SUPER_MAGIC, f_bsize=%ld, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, "
	    "f_ffree=0, f_fsid={val=[%s, %s]}, f_namelen=%ld, f_frsize=%ld, f_flags=ST_VALID|{*}}",
	    (long)ref.f_bsize, hex0((unsigned)ref.f_fsid.__val[0]),
	    hex0((unsigned)ref.f_fsid.__val[1]), (long)ref.f_namelen, (long)ref.f_frsize);
	r = syscall(SYS_statfs, "/proc", &sf);
	expect("statfs(\"/proc\", %s) = %ld", want, r);
	int fd = open("/proc", O_RDONLY | O_DIRECTORY);
	r = syscall(SYS_fstatfs, fd, &sf);
	expect("fstatfs(%d, %s) = %ld", fd, want, r);
	close(fd);
	r = syscall(SYS_statfs, "/", (void *)1);
	expect("statfs(\"/\", 0x1) = %ld " EFAULT_S, r);
	r = syscall(SYS_statfs, "fs.none", &sf);
	expect("statfs(\"fs.none\", %p) = %ld ENOENT (No such file or directory)", (void *)&sf, r);
}

static const char *dtype(unsigned t)
{
	static const char *const names[] = {"DT_UNKNOWN", "DT_FIFO", "DT_CHR", NULL,	 "DT_DIR",
					    NULL,	  "DT_BLK",  NULL,     "DT_REG", NULL,
					    "DT_LNK",	  NULL,	     "DT_SOCK"};
	return t < 13 && names[t] ? names[t] : "?";
}

/* The records the kernel returned, as -v shows them. */
static const char *dents_str(const char *buf, long len, int is64)
{
	static char out[8192];
	char *o = out;
	long at = 0;

	o += sprintf(o, "[");
	while (at < len) {
		unsigned long long ino;
		long long off;
		unsigned short reclen;
		const char *name;
		unsigned type;
		memcpy(&ino, buf + at, 8);
		memcpy(&off, buf + at + 8, 8);
		memcpy(&reclen, buf + at + 16, 2);
		name = buf + at + (is64 ? 19 : 18);
		type = (unsigned char)(is64 ? buf[at + 18] : buf[at + reclen - 1]);
		o += sprintf(o, "%s{d_ino=%llu, d_off=%lld, d_reclen=%u, ", at ? ", " : "", ino,
			     off, reclen);
		if (is64)
			o += sprintf(o, "d_type=%s, d_name=\"%s\"}", dtype(type), name);
		else
			o += sprintf(o, "d_name=\"%s\", d_type=%s}", name, dtype(type));
		at += reclen;
	}
	sprintf(o, "]");
	return out;
}

static int count(const char *buf, long len)
{
	int n = 0;
	for (long at = 0; at < len; n++) {
		unsigned short reclen;
		memcpy(&reclen, buf + at + 16, 2);
		at += reclen;
	}
	return n;
}

static void dents(int file)
{
	static char buf[4096];
	long r;

	if (mkdir("fs.d", 0755) < 0 || close(open("fs.d/a", O_CREAT | O_WRONLY, 0644)) < 0 ||
	    symlink("a", "fs.d/link") < 0 || mkdir("fs.d/sub", 0755) < 0)
		die("setup");
	int fd = open("fs.d", O_RDONLY | O_DIRECTORY);
	r = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	if (verbose)
		expect("getdents64(%d, %s, 4096) = %ld", fd, dents_str(buf, r, 1), r);
	else
		expect("getdents64(%d, %p /* %d entries */, 4096) = %ld", fd, (void *)buf,
		       count(buf, r), r);
	r = syscall(SYS_getdents64, fd, buf, sizeof(buf));
	if (verbose)
		expect("getdents64(%d, [], 4096) = %ld", fd, r);
	else
		expect("getdents64(%d, %p /* 0 entries */, 4096) = %ld", fd, (void *)buf, r);
	lseek(fd, 0, SEEK_SET);
	expect("lseek(%d, 0, SEEK_SET) = 0", fd);
	r = syscall(SYS_getdents, fd, buf, sizeof(buf));
	if (verbose)
		expect("getdents(%d, %s, 4096) = %ld", fd, dents_str(buf, r, 0), r);
	else
		expect("getdents(%d, %p /* %d entries */, 4096) = %ld", fd, (void *)buf,
		       count(buf, r), r);
	r = syscall(SYS_getdents64, file, buf, sizeof(buf));
	expect("getdents64(%d, %p, 4096) = %ld ENOTDIR (Not a directory)", file, (void *)buf, r);
	r = syscall(SYS_getdents64, fd, (void *)1, sizeof(buf));
	expect("getdents64(%d, %s, 4096) = %ld", fd, verbose ? "[]" : "0x1 /* 0 entries */", r);
}

int main(int argc, char **argv)
{
	verbose = argc > 1 && argv[1][0] == 'v';
	int fd = open("fs.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "12345", 5) != 5)
		die("setup");
	stats(fd);
	statxs();
	statfss();
	dents(fd);
	return 0;
}
