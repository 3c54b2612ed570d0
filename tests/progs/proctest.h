/*
 * Shared by the memory and process tests (mm_*.c, proc_*.c): how strace
 * prints a syscall's result, so that an expected line does not depend on
 * which error a given kernel picks for a bad argument.
 */
#ifndef PROCTEST_H
#define PROCTEST_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

void expect(const char *fmt, ...);
void expect_tid(long tid, const char *fmt, ...);
void die(const char *fmt, ...);

static const struct {
	int err;
	const char *name;
} proctest_errnos[] = {
    {EPERM, "EPERM"},	  {ENOENT, "ENOENT"},	{ESRCH, "ESRCH"},   {EINTR, "EINTR"},
    {EBADF, "EBADF"},	  {ECHILD, "ECHILD"},	{EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"},
    {EACCES, "EACCES"},	  {EFAULT, "EFAULT"},	{EEXIST, "EEXIST"}, {ENODEV, "ENODEV"},
    {EINVAL, "EINVAL"},	  {E2BIG, "E2BIG"},	{ENOSYS, "ENOSYS"}, {EOPNOTSUPP, "EOPNOTSUPP"},
    {ENOEXEC, "ENOEXEC"}, {ENOTDIR, "ENOTDIR"},
};

/* "5" or "-1 EINVAL (Invalid argument)": call right after the syscall. */
static inline const char *res(long r)
{
	static char buf[4][128];
	static unsigned next;
	char *b = buf[next++ % 4];
	int err = errno;

	if (r >= 0 || r < -1) {
		snprintf(b, sizeof(buf[0]), "%ld", r);
		return b;
	}
	for (size_t i = 0; i < sizeof(proctest_errnos) / sizeof(proctest_errnos[0]); i++)
		if (proctest_errnos[i].err == err) {
			snprintf(b, sizeof(buf[0]), "-1 %s (%s)", proctest_errnos[i].name,
				 strerror(err));
			return b;
		}
	die("res: no name for errno %d", err);
	return NULL;
}

/* The same in hex, for calls that return addresses (mmap, mremap). */
static inline const char *resx(long r)
{
	static char b[64];
	if (r == -1)
		return res(r);
	snprintf(b, sizeof(b), "%#lx", (unsigned long)r);
	return b;
}

#endif
