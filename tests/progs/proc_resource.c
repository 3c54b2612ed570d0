/*
 * Resources and credentials: rlimits (N*1024, RLIM64_INFINITY), rusage and
 * uname (abbreviated unless -v), priorities, capabilities (1<<CAP_X sets),
 * getres[ug]id, groups, robust lists, set_tid_address, personality, rseq.
 *
 *   proc_resource        (no -v)
 *   proc_resource v      (-v)
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/futex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "proctest.h"

static int verbose;

static const char *rlim(uint64_t v)
{
	static char buf[4][32];
	static unsigned next;
	char *b = buf[next++ % 4];
	if (v == UINT64_MAX)
		return "RLIM64_INFINITY";
	if (v && v % 1024 == 0)
		snprintf(b, 32, "%lu*1024", (unsigned long)(v / 1024));
	else
		snprintf(b, 32, "%lu", (unsigned long)v);
	return b;
}

static const char *rlimit_text(const struct rlimit *rl)
{
	static char buf[2][96];
	static unsigned next;
	char *b = buf[next++ % 2];
	const char *cur = rlim(rl->rlim_cur);
	snprintf(b, 96, "{rlim_cur=%s, rlim_max=%s}", cur, rlim(rl->rlim_max));
	return b;
}

static const char *rusage_text(const struct rusage *ru)
{
	static char buf[512];
	int n = snprintf(buf, sizeof(buf),
			 "{ru_utime={tv_sec=%ld, tv_usec=%ld}, ru_stime={tv_sec=%ld, tv_usec=%ld}",
			 (long)ru->ru_utime.tv_sec, (long)ru->ru_utime.tv_usec,
			 (long)ru->ru_stime.tv_sec, (long)ru->ru_stime.tv_usec);
	if (!verbose) {
		snprintf(buf + n, sizeof(buf) - n, ", ...}");
		return buf;
	}
	snprintf(buf + n, sizeof(buf) - n,
		 ", ru_maxrss=%ld, ru_ixrss=%ld, ru_idrss=%ld, ru_isrss=%ld, ru_minflt=%ld, "
		 "ru_majflt=%ld, ru_nswap=%ld, ru_inblock=%ld, ru_oublock=%ld, ru_msgsnd=%ld, "
		 "ru_msgrcv=%ld, ru_nsignals=%ld, ru_nvcsw=%ld, ru_nivcsw=%ld}",
		 ru->ru_maxrss, ru->ru_ixrss, ru->ru_idrss, ru->ru_isrss, ru->ru_minflt,
		 ru->ru_majflt, ru->ru_nswap, ru->ru_inblock, ru->ru_oublock, ru->ru_msgsnd,
		 ru->ru_msgrcv, ru->ru_nsignals, ru->ru_nvcsw, ru->ru_nivcsw);
	return buf;
}

static void limits(void)
{
	struct rlimit rl, old;
	uint64_t nw[2] = {0, 2048};
	long r;

	r = syscall(SYS_getrlimit, RLIMIT_NOFILE, &rl);
	expect("getrlimit(RLIMIT_NOFILE, %s) = %s", rlimit_text(&rl), res(r));
	r = syscall(SYS_getrlimit, RLIMIT_STACK, &rl);
	expect("getrlimit(RLIMIT_STACK, %s) = %s", rlimit_text(&rl), res(r));
	r = syscall(SYS_setrlimit, RLIMIT_STACK, &rl);
	expect("setrlimit(RLIMIT_STACK, %s) = %s", rlimit_text(&rl), res(r));
	r = syscall(SYS_getrlimit, 99, &rl);
	expect("getrlimit(0x63 /* RLIMIT_??? */, %p) = %s", (void *)&rl, res(r));
	r = syscall(SYS_getrlimit, RLIMIT_CORE, NULL);
	expect("getrlimit(RLIMIT_CORE, NULL) = %s", res(r));

	r = syscall(SYS_prlimit64, 99999999, RLIMIT_CORE, nw, NULL);
	expect("prlimit64(99999999, RLIMIT_CORE, {rlim_cur=0, rlim_max=2*1024}, NULL) = %s",
	       res(r));
	r = syscall(SYS_prlimit64, 0, RLIMIT_STACK, &rl, &old);
	expect("prlimit64(0, RLIMIT_STACK, %s, %s) = %s", rlimit_text(&rl), rlimit_text(&old),
	       res(r));
	r = syscall(SYS_prlimit64, 99999999, RLIMIT_AS, NULL, &old);
	expect("prlimit64(99999999, RLIMIT_AS, NULL, %p) = %s", (void *)&old, res(r));
	r = syscall(SYS_prlimit64, 0, 16, NULL, &old);
	expect("prlimit64(0, 0x10 /* RLIMIT_??? */, NULL, %p) = %s", (void *)&old, res(r));
	r = syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, (void *)1, (void *)2);
	expect("prlimit64(0, RLIMIT_NOFILE, 0x1, 0x2) = %s", res(r));
}

static void usage_and_uname(void)
{
	struct rusage ru;
	struct utsname u;
	long r;

	r = syscall(SYS_getrusage, RUSAGE_SELF, &ru);
	expect("getrusage(RUSAGE_SELF, %s) = %s", rusage_text(&ru), res(r));
	r = syscall(SYS_getrusage, RUSAGE_CHILDREN, &ru);
	expect("getrusage(RUSAGE_CHILDREN, %s) = %s", rusage_text(&ru), res(r));
	r = syscall(SYS_getrusage, 5, &ru);
	expect("getrusage(0x5 /* RUSAGE_??? */, %p) = %s", (void *)&ru, res(r));
	r = syscall(SYS_getrusage, RUSAGE_THREAD, (void *)1);
	expect("getrusage(RUSAGE_THREAD, 0x1) = %s", res(r));

	r = syscall(SYS_uname, &u);
	if (verbose)
		expect("uname({sysname=\"%s\", nodename=\"%s\", release=\"%s\", version=\"%s\", "
		       "machine=\"%s\", domainname=\"%s\"}) = %s",
		       u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname,
		       res(r));
	else
		expect("uname({sysname=\"%s\", nodename=\"%s\", ...}) = %s", u.sysname, u.nodename,
		       res(r));
	r = syscall(SYS_uname, NULL);
	expect("uname(NULL) = %s", res(r));

	r = syscall(SYS_getpriority, PRIO_PROCESS, 0);
	expect("getpriority(PRIO_PROCESS, 0) = %s", res(r));
	int prio = (int)(20 - r);
	r = syscall(SYS_getpriority, 7, 0);
	expect("getpriority(0x7 /* PRIO_??? */, 0) = %s", res(r));
	r = syscall(SYS_setpriority, PRIO_PROCESS, 0, prio);
	expect("setpriority(PRIO_PROCESS, 0, %d) = %s", prio, res(r));
}

static const char *const caps[] = {
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
};
#define NCAPS (sizeof(caps) / sizeof(caps[0]))

/* A set as 1<<CAP_X|..., unnamed bits of each 32-bit word in hex. */
static char *capset_text(uint32_t lo, uint32_t hi)
{
	char *b = calloc(1, 2048);
	uint32_t w[2] = {lo, hi};
	size_t n = 0;
	if (!lo && !hi)
		return strcpy(b, "0");
	for (unsigned k = 0; k < 2; k++) {
		uint32_t rest = 0;
		for (unsigned i = 0; i < 32; i++) {
			if (!(w[k] & (1u << i)))
				continue;
			if (32 * k + i < NCAPS)
				n += snprintf(b + n, 2048 - n, "%s1<<%s", n ? "|" : "",
					      caps[32 * k + i]);
			else
				rest |= 1u << i;
		}
		if (rest)
			n += snprintf(b + n, 2048 - n, "%s%#x", n ? "|" : "", rest);
	}
	return b;
}

static void capabilities(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	long r;

	r = syscall(SYS_capget, &h, d);
	expect("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=%s, permitted=%s, "
	       "inheritable=%s}) = %s",
	       capset_text(d[0].effective, d[1].effective),
	       capset_text(d[0].permitted, d[1].permitted),
	       capset_text(d[0].inheritable, d[1].inheritable), res(r));
	r = syscall(SYS_capset, &h, d);
	expect("capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=%s, permitted=%s, "
	       "inheritable=%s}) = %s",
	       capset_text(d[0].effective, d[1].effective),
	       capset_text(d[0].permitted, d[1].permitted),
	       capset_text(d[0].inheritable, d[1].inheritable), res(r));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	r = syscall(SYS_capget, &h, d);
	expect("capget({version=_LINUX_CAPABILITY_VERSION_1, pid=0}, {effective=%s, permitted=%s, "
	       "inheritable=%s}) = %s",
	       capset_text(d[0].effective, 0), capset_text(d[0].permitted, 0),
	       capset_text(d[0].inheritable, 0), res(r));

	/* Every bit: more than the kernel knows, refused. */
	h.version = _LINUX_CAPABILITY_VERSION_3;
	memset(d, 0xff, sizeof(d));
	char *all = capset_text(UINT32_MAX, UINT32_MAX);
	r = syscall(SYS_capset, &h, d);
	expect("capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=%s, permitted=%s, "
	       "inheritable=%s}) = %s",
	       all, all, all, res(r));

	h.version = 0x12345678;
	r = syscall(SYS_capget, &h, d);
	expect("capget({version=0x12345678 /* _LINUX_CAPABILITY_VERSION_??? */, pid=0}, %p) = %s",
	       (void *)d, res(r));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = 99999999;
	r = syscall(SYS_capget, &h, NULL);
	expect("capget({version=_LINUX_CAPABILITY_VERSION_3, pid=99999999}, NULL) = %s", res(r));
	r = syscall(SYS_capget, NULL, NULL);
	expect("capget(NULL, NULL) = %s", res(r));
}

static void ids(void)
{
	unsigned ru, eu, su;
	gid_t g[64];
	long r;

	r = syscall(SYS_getresuid, &ru, &eu, &su);
	expect("getresuid([%d], [%d], [%d]) = %s", (int)ru, (int)eu, (int)su, res(r));
	r = syscall(SYS_getresgid, &ru, NULL, (void *)1);
	expect("getresgid(%p, NULL, 0x1) = %s", (void *)&ru, res(r));
	r = syscall(SYS_setresuid, -1, -1, -1);
	expect("setresuid(-1, -1, -1) = %s", res(r));

	r = syscall(SYS_getgroups, 0, NULL);
	expect("getgroups(0, NULL) = %s", res(r));
	long n = syscall(SYS_getgroups, 64, g);
	char list[64 * 12] = "[";
	for (long i = 0; i < n && i < 32; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%d", i ? ", " : "",
			 (int)g[i]);
	strcat(list, n > 32 ? ", ...]" : "]");
	expect("getgroups(64, %s) = %s", list, res(n));
	r = syscall(SYS_getgroups, -1, g);
	expect("getgroups(-1, %p) = %s", (void *)g, res(r));

	g[0] = 0;
	g[1] = 5;
	g[2] = (gid_t)-1;
	r = syscall(SYS_setgroups, 3, g);
	expect("setgroups(3, [0, 5, -1]) = %s", res(r));
	r = syscall(SYS_setgroups, 1, (void *)1);
	expect("setgroups(1, 0x1) = %s", res(r));
	r = syscall(SYS_setgroups, 70000, g);
	expect("setgroups(70000, %p) = %s", (void *)g, res(r));
	r = syscall(SYS_setgroups, -1, g);
	expect("setgroups(-1, %p) = %s", (void *)g, res(r));
}

static void threads_and_persona(void)
{
	void *head = NULL;
	size_t len = 0;
	int tid;
	long r;

	r = syscall(SYS_set_tid_address, &tid);
	expect("set_tid_address(%p) = %s", (void *)&tid, res(r));
	r = syscall(SYS_get_robust_list, 0, &head, &len);
	expect("get_robust_list(0, [%p], [%zu]) = %s", head, len, res(r));
	r = syscall(SYS_set_robust_list, head, len);
	expect("set_robust_list(%p, %zu) = %s", head, len, res(r));
	r = syscall(SYS_set_robust_list, head, 5);
	expect("set_robust_list(%p, 5) = %s", head, res(r));
	r = syscall(SYS_get_robust_list, 0, (void *)1, (void *)2);
	expect("get_robust_list(0, 0x1, 0x2) = %s", res(r));
	r = syscall(SYS_get_robust_list, 99999999, &head, &len);
	expect("get_robust_list(99999999, %p, %p) = %s", (void *)&head, (void *)&len, res(r));

	r = syscall(SYS_personality, 0xffffffff);
	if (r != 0)
		die("personality is %#lx, not PER_LINUX", r);
	expect("personality(0xffffffff) = 0 (PER_LINUX)");
	r = syscall(SYS_personality, 0x0008 | 0x0040000);
	expect("personality(PER_LINUX32|ADDR_NO_RANDOMIZE) = 0 (PER_LINUX)");
	r = syscall(SYS_personality, 0x41);
	expect("personality(0x41 /* PER_??? */) = 0x40008 (PER_LINUX32|ADDR_NO_RANDOMIZE)");
	r = syscall(SYS_personality, 0);
	expect("personality(PER_LINUX) = 0x41 (0x41 /* PER_??? */)");

	r = syscall(SYS_rseq, NULL, 0, 2, 0);
	expect("rseq(0, 0, 0x2, 0) = %s", res(r));
	r = syscall(SYS_rseq, (void *)1, 0x100000020UL, 0x100000003UL, 0x1ffffffffUL);
	expect("rseq(0x1, 0x100000020, 0x100000003, 0x1ffffffff) = %s", res(r));
}

int main(int argc, char **argv)
{
	verbose = argc > 1 && !strcmp(argv[1], "v");
	limits();
	usage_and_uname();
	capabilities();
	ids();
	threads_and_persona();
	return 0;
}
