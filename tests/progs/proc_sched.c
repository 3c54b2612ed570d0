/*
 * Scheduling: CPU lists ([0 1], at exit from the size the kernel returns,
 * the first 1024 CPUs then "..."), policies, [priority] params, struct
 * sched_attr (fields left out with SCHED_FLAG_KEEP_*), getcpu,
 * sched_rr_get_interval.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "proctest.h"

struct attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

/* The set bits of len bytes as "[0 1 5]". */
static const char *cpus(const unsigned char *m, size_t len, int more)
{
	static char buf[8192];
	size_t n = 0;
	buf[n++] = '[';
	for (size_t i = 0; i < len * 8; i++)
		if (m[i / 8] & (1u << (i % 8)))
			n += snprintf(buf + n, sizeof(buf) - n, "%s%zu", n > 1 ? " " : "", i);
	snprintf(buf + n, sizeof(buf) - n, "%s]", more ? (n > 1 ? " ..." : "...") : "");
	return buf;
}

static void affinity(void)
{
	unsigned long mask[32], other[32];
	long r;

	memset(mask, 0, sizeof(mask));
	long len = syscall(SYS_sched_getaffinity, 0, 128, mask);
	if (len <= 0)
		die("sched_getaffinity");
	expect("sched_getaffinity(0, 128, %s) = %ld", cpus((void *)mask, len, 0), len);
	r = syscall(SYS_sched_getaffinity, 0, 3, mask);
	expect("sched_getaffinity(0, 3, %p) = %s", (void *)mask, res(r));
	r = syscall(SYS_sched_getaffinity, 0, 8, (void *)1);
	expect("sched_getaffinity(0, 8, 0x1) = %s", res(r));

	r = syscall(SYS_sched_setaffinity, 0, len, mask);
	expect("sched_setaffinity(0, %ld, %s) = %s", len, cpus((void *)mask, len, 0), res(r));
	r = syscall(SYS_sched_setaffinity, 0, 0, mask);
	expect("sched_setaffinity(0, 0, []) = %s", res(r));
	r = syscall(SYS_sched_setaffinity, 0, 8, NULL);
	expect("sched_setaffinity(0, 8, NULL) = %s", res(r));
	/* Sizes need not be multiples of 8; past 128 bytes strace stops. */
	memset(other, 0, sizeof(other));
	other[0] = 0x8000000000000003UL;
	other[1] = 5;
	r = syscall(SYS_sched_setaffinity, 99999999, 12, other);
	expect("sched_setaffinity(99999999, 12, [0 1 63 64 66]) = %s", res(r));
	other[20] = 1;
	r = syscall(SYS_sched_setaffinity, 99999999, 256, other);
	expect("sched_setaffinity(99999999, 256, [0 1 63 64 66 ...]) = %s", res(r));
	memset(other, 0, sizeof(other));
	r = syscall(SYS_sched_setaffinity, 99999999, 200, other);
	expect("sched_setaffinity(99999999, 200, [...]) = %s", res(r));
}

static void policies(void)
{
	int prio = 0;
	long r;

	r = syscall(SYS_sched_getscheduler, 0);
	if (r != SCHED_OTHER)
		die("policy %ld", r);
	expect("sched_getscheduler(0) = 0 (SCHED_OTHER)");
	r = syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &prio);
	expect("sched_setscheduler(0, SCHED_OTHER, [0]) = %s", res(r));
	r = syscall(SYS_sched_setscheduler, 99999999, SCHED_BATCH | SCHED_RESET_ON_FORK, &prio);
	expect("sched_setscheduler(99999999, 0x40000003 /* SCHED_??? */, [0]) = %s", res(r));
	r = syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, NULL);
	expect("sched_setscheduler(0, SCHED_FIFO, NULL) = %s", res(r));
	r = syscall(SYS_sched_getscheduler, 99999999);
	expect("sched_getscheduler(99999999) = %s", res(r));
	r = syscall(SYS_sched_getparam, 0, &prio);
	expect("sched_getparam(0, [%d]) = %s", prio, res(r));
	r = syscall(SYS_sched_getparam, 0, (void *)1);
	expect("sched_getparam(0, 0x1) = %s", res(r));
	r = syscall(SYS_sched_setparam, 0, &prio);
	expect("sched_setparam(0, [%d]) = %s", prio, res(r));
	r = syscall(SYS_sched_get_priority_max, SCHED_FIFO);
	expect("sched_get_priority_max(SCHED_FIFO) = %s", res(r));
	r = syscall(SYS_sched_get_priority_min, SCHED_RR);
	expect("sched_get_priority_min(SCHED_RR) = %s", res(r));
	r = syscall(SYS_sched_get_priority_min, 77);
	expect("sched_get_priority_min(0x4d /* SCHED_??? */) = %s", res(r));
	r = syscall(SYS_sched_yield);
	expect("sched_yield() = %s", res(r));

	struct timespec ts;
	r = syscall(SYS_sched_rr_get_interval, 0, &ts);
	expect("sched_rr_get_interval(0, {tv_sec=%ld, tv_nsec=%ld}) = %s", (long)ts.tv_sec,
	       ts.tv_nsec, res(r));
	r = syscall(SYS_sched_rr_get_interval, 0, NULL);
	expect("sched_rr_get_interval(0, NULL) = %s", res(r));
}

static const char *attr_text(const struct attr *a, int util)
{
	static char buf[512];
	int n = snprintf(buf, sizeof(buf),
			 "{size=%u, sched_policy=SCHED_OTHER, sched_flags=0, sched_nice=%d, "
			 "sched_priority=%u, sched_runtime=%lu, sched_deadline=%lu, "
			 "sched_period=%lu",
			 a->size, a->sched_nice, a->sched_priority, (unsigned long)a->sched_runtime,
			 (unsigned long)a->sched_deadline, (unsigned long)a->sched_period);
	if (util)
		n += snprintf(buf + n, sizeof(buf) - n, ", sched_util_min=%u, sched_util_max=%u",
			      a->sched_util_min, a->sched_util_max);
	snprintf(buf + n, sizeof(buf) - n, "}");
	return buf;
}

static void attrs(void)
{
	struct attr a;
	long r;

	memset(&a, 0, sizeof(a));
	r = syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0);
	if (r || a.sched_policy != SCHED_OTHER || a.sched_flags)
		die("sched_getattr");
	expect("sched_getattr(0, %s, 56, 0) = 0", attr_text(&a, 1));
	r = syscall(SYS_sched_getattr, 0, &a, 48, 0);
	expect("sched_getattr(0, %s, 48, 0) = 0", attr_text(&a, 0));
	r = syscall(SYS_sched_getattr, 0, (void *)1, 56, 0);
	expect("sched_getattr(0, 0x1, 56, 0) = %s", res(r));

	memset(&a, 0, sizeof(a));
	a.size = 48;
	a.sched_policy = SCHED_IDLE;
	a.sched_flags = 1;
	a.sched_nice = 3;
	r = syscall(SYS_sched_setattr, 99999999, &a, 0);
	expect("sched_setattr(99999999, {size=48, sched_policy=SCHED_IDLE, "
	       "sched_flags=SCHED_FLAG_RESET_ON_FORK, sched_nice=3, sched_priority=0, "
	       "sched_runtime=0, sched_deadline=0, sched_period=0}, 0) = %s",
	       res(r));
	a.size = 56;
	a.sched_flags = 0x18;
	r = syscall(SYS_sched_setattr, 99999999, &a, 0);
	expect("sched_setattr(99999999, {size=56, "
	       "sched_flags=SCHED_FLAG_KEEP_POLICY|SCHED_FLAG_KEEP_PARAMS, sched_util_min=0, "
	       "sched_util_max=0}, 0) = %s",
	       res(r));
	a.size = 0;
	a.sched_flags = 0x100;
	r = syscall(SYS_sched_setattr, 99999999, &a, 1);
	expect("sched_setattr(99999999, {size=0, sched_policy=SCHED_IDLE, "
	       "sched_flags=0x100 /* SCHED_FLAG_??? */, sched_nice=3, sched_priority=0, "
	       "sched_runtime=0, sched_deadline=0, sched_period=0}, 1) = %s",
	       res(r));
	r = syscall(SYS_sched_setattr, 0, NULL, 0);
	expect("sched_setattr(0, NULL, 0) = %s", res(r));

	/* Longer than the kernel's struct, with a non-zero byte past it: E2BIG,
	 * and the kernel writes the size it knows back into the struct. */
	union {
		struct attr a;
		unsigned char b[64];
	} big;
	memset(&big, 0, sizeof(big));
	big.a.size = 64;
	big.b[60] = 1;
	r = syscall(SYS_sched_setattr, 0, &big, 0);
	int e = errno;
	char changed[32] = "";
	if (r < 0 && e == E2BIG)
		snprintf(changed, sizeof(changed), " => {size=%u}", big.a.size);
	errno = e;
	expect("sched_setattr(0, {size=64, sched_policy=SCHED_OTHER, sched_flags=0, "
	       "sched_nice=0, sched_priority=0, sched_runtime=0, sched_deadline=0, "
	       "sched_period=0, sched_util_min=0, sched_util_max=0, ...}%s, 0) = %s",
	       changed, res(r));
}

int main(void)
{
	unsigned cpu = 0, node = 0;
	long r;

	affinity();
	policies();
	attrs();
	r = syscall(SYS_getcpu, &cpu, &node, NULL);
	expect("getcpu([%u], [%u], NULL) = %s", cpu, node, res(r));
	r = syscall(SYS_getcpu, NULL, &node, NULL);
	expect("getcpu(NULL, [%u], NULL) = %s", node, res(r));
	r = syscall(SYS_getcpu, 1, 2, 3);
	expect("getcpu(0x1, 0x2, 0x3) = %s", res(r));
	return 0;
}
