/*
 * open, openat, openat2, creat: flags, the mode only with O_CREAT or
 * O_TMPFILE, struct open_how with its unknown tail; memfd_create,
 * inotify_init1, inotify_add_watch, flock, umask: flag sets, unknown bits.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define ENOENT_S "ENOENT (No such file or directory)"
#define EINVAL_S "EINVAL (Invalid argument)"
#define EFAULT_S "EFAULT (Bad address)"

static void opens(void)
{
	long r;

	r = syscall(SYS_openat, AT_FDCWD, "fo.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	expect("openat(AT_FDCWD, \"fo.txt\", O_WRONLY|O_CREAT|O_TRUNC, 0644) = %ld", r);
	r = syscall(SYS_openat, AT_FDCWD, "fo.txt", O_RDONLY, 0644);
	expect("openat(AT_FDCWD, \"fo.txt\", O_RDONLY) = %ld", r);
	r = syscall(SYS_openat, AT_FDCWD, ".", O_RDWR | O_TMPFILE, 0600);
	expect("openat(AT_FDCWD, \".\", O_RDWR|O_TMPFILE, 0600) = %ld", r);
	r = syscall(SYS_openat, AT_FDCWD, "fo.txt", 0x80000000 | O_RDONLY);
	expect("openat(AT_FDCWD, \"fo.txt\", O_RDONLY|0x80000000) = %ld", r);
	r = syscall(SYS_openat, AT_FDCWD, "fo.missing", O_ACCMODE | O_CLOEXEC);
	expect("openat(AT_FDCWD, \"fo.missing\", O_ACCMODE|O_CLOEXEC) = %ld " ENOENT_S, r);
	r = syscall(SYS_openat, AT_FDCWD, "fo.txt", O_CREAT, 0);
	expect("openat(AT_FDCWD, \"fo.txt\", O_RDONLY|O_CREAT, 000) = %ld", r);
	r = syscall(SYS_openat, AT_FDCWD, "fo.txt", O_CREAT, 0170000 | 04755);
	expect("openat(AT_FDCWD, \"fo.txt\", O_RDONLY|O_CREAT, 0174755) = %ld", r);
	r = syscall(SYS_open, "fo.txt", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	expect("open(\"fo.txt\", O_RDONLY|O_NOFOLLOW|O_CLOEXEC) = %ld", r);
	r = syscall(SYS_open, "fo.new", O_WRONLY | O_CREAT | O_EXCL, 0640);
	expect("open(\"fo.new\", O_WRONLY|O_CREAT|O_EXCL, 0640) = %ld", r);
	r = syscall(SYS_creat, "fo.creat", 0600);
	expect("creat(\"fo.creat\", 0600) = %ld", r);
}

static void openat2s(void)
{
	struct open_how how = {.flags = O_RDONLY | O_CLOEXEC,
			       .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH};
	struct open_how mk = {.flags = O_CREAT | O_WRONLY, .mode = 0644};
	struct open_how bad = {.flags = O_RDONLY, .mode = 0644, .resolve = 0x40};
	char big[200] = {0};
	long r;

	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", &how, sizeof(how));
	expect("openat2(AT_FDCWD, \"fo.txt\", {flags=O_RDONLY|O_CLOEXEC, "
	       "resolve=RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH}, 24) = %ld",
	       r);
	r = syscall(SYS_openat2, AT_FDCWD, "fo.2", &mk, sizeof(mk));
	expect(
	    "openat2(AT_FDCWD, \"fo.2\", {flags=O_WRONLY|O_CREAT, mode=0644, resolve=0}, 24) = %ld",
	    r);
	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", &bad, sizeof(bad));
	expect("openat2(AT_FDCWD, \"fo.txt\", {flags=O_RDONLY, mode=0644, resolve=0x40 /* "
	       "RESOLVE_??? */}, 24) = %ld " EINVAL_S,
	       r);
	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", &how, 8);
	expect("openat2(AT_FDCWD, \"fo.txt\", %p, 8) = %ld " EINVAL_S, (void *)&how, r);
	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", (void *)1, 24);
	expect("openat2(AT_FDCWD, \"fo.txt\", 0x1, 24) = %ld " EFAULT_S, r);
	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", NULL, 24);
	expect("openat2(AT_FDCWD, \"fo.txt\", NULL, 24) = %ld " EFAULT_S, r);
	memcpy(big, &how, sizeof(how));
	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", big, 40);
	expect("openat2(AT_FDCWD, \"fo.txt\", {flags=O_RDONLY|O_CLOEXEC, "
	       "resolve=RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH}, 40) = %ld",
	       r);
	big[30] = 1;
	big[199] = 2;
	r = syscall(SYS_openat2, AT_FDCWD, "fo.txt", big, 200);
	expect("openat2(AT_FDCWD, \"fo.txt\", {flags=O_RDONLY|O_CLOEXEC, "
	       "resolve=RESOLVE_NO_SYMLINKS|RESOLVE_BENEATH, /* bytes 24..199 */ "
	       "\"\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
	       "\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
	       "\\x00\"...}, 200) = %ld E2BIG (Argument list too long)",
	       r);
}

static void flag_calls(void)
{
	long r;

	r = syscall(SYS_memfd_create, "mfd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	expect("memfd_create(\"mfd\", MFD_CLOEXEC|MFD_ALLOW_SEALING) = %ld", r);
	r = syscall(SYS_memfd_create, "mfd", 0);
	expect("memfd_create(\"mfd\", 0) = %ld", r);
	r = syscall(SYS_memfd_create, "mfd", 0x1000);
	expect("memfd_create(\"mfd\", 0x1000 /* MFD_??? */) = %ld " EINVAL_S, r);
	r = syscall(SYS_memfd_create, "mfd", MFD_CLOEXEC | 0x1000);
	expect("memfd_create(\"mfd\", MFD_CLOEXEC|0x1000) = %ld " EINVAL_S, r);
	r = syscall(SYS_memfd_create, NULL, 0);
	expect("memfd_create(NULL, 0) = %ld " EFAULT_S, r);
	r = syscall(SYS_memfd_create, "huge", MFD_HUGETLB | (21u << 26));
	expect("memfd_create(\"huge\", MFD_HUGETLB|21<<MFD_HUGE_SHIFT) = {*}");

	long in = syscall(SYS_inotify_init1, IN_CLOEXEC | IN_NONBLOCK);
	expect("inotify_init1(IN_NONBLOCK|IN_CLOEXEC) = %ld", in);
	r = syscall(SYS_inotify_init1, 0x4);
	expect("inotify_init1(0x4 /* IN_??? */) = %ld " EINVAL_S, r);
	r = syscall(SYS_inotify_add_watch, in, ".", IN_MODIFY | IN_CREATE | IN_ONLYDIR);
	expect("inotify_add_watch(%ld, \".\", IN_MODIFY|IN_CREATE|IN_ONLYDIR) = %ld", in, r);
	r = syscall(SYS_inotify_add_watch, in, ".", IN_ALL_EVENTS);
	expect("inotify_add_watch(%ld, \".\", IN_ACCESS|IN_MODIFY|IN_ATTRIB|IN_CLOSE_WRITE|"
	       "IN_CLOSE_NOWRITE|IN_OPEN|IN_MOVED_FROM|IN_MOVED_TO|IN_CREATE|IN_DELETE|"
	       "IN_DELETE_SELF|IN_MOVE_SELF) = %ld",
	       in, r);
	r = syscall(SYS_inotify_add_watch, in, ".", 0);
	expect("inotify_add_watch(%ld, \".\", 0) = %ld " EINVAL_S, in, r);
	r = syscall(SYS_inotify_rm_watch, in, 12345);
	expect("inotify_rm_watch(%ld, 12345) = %ld " EINVAL_S, in, r);

	r = syscall(SYS_flock, in, LOCK_EX | LOCK_NB);
	expect("flock(%ld, LOCK_EX|LOCK_NB) = %ld", in, r);
	r = syscall(SYS_flock, in, LOCK_UN);
	expect("flock(%ld, LOCK_UN) = %ld", in, r);
	r = syscall(SYS_flock, in, 0);
	expect("flock(%ld, 0) = %ld " EINVAL_S, in, r);
	r = syscall(SYS_flock, in, 0x100);
	expect("flock(%ld, 0x100 /* LOCK_??? */) = %ld " EINVAL_S, in, r);

	r = syscall(SYS_umask, 022);
	expect("umask(022) = %#03lo", r);
	r = syscall(SYS_umask, 0);
	expect("umask(000) = 022");
	r = syscall(SYS_umask, r);
	expect("umask(022) = 000");
}

int main(void)
{
	opens();
	openat2s();
	flag_calls();
	return 0;
}
