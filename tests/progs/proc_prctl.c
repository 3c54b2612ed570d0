/*
 * prctl: each option shows the arguments it takes, decoded (names,
 * signals, capabilities, strings, [out] values), and nothing more; unknown
 * options show all four in hex.  arch_prctl: addresses in, [addresses] out,
 * feature numbers, unknown codes.
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <linux/filter.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "proctest.h"

static const char *dumpable_names[] = {"SUID_DUMP_DISABLE", "SUID_DUMP_USER", "SUID_DUMP_ROOT"};

static void names_and_signals(void)
{
	char name[32];
	int sig = -1;
	long r;

	r = syscall(SYS_prctl, PR_SET_NAME, "scry-test", 0, 0, 0);
	expect("prctl(PR_SET_NAME, \"scry-test\") = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	expect("prctl(PR_GET_NAME, \"scry-test\") = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_NAME, "a-very-long-process-name", 0, 0, 0);
	expect("prctl(PR_SET_NAME, \"a-very-long-pro\"...) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_NAME, (void *)1, 0, 0, 0);
	expect("prctl(PR_SET_NAME, 0x1) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_NAME, (void *)1, 0, 0, 0);
	expect("prctl(PR_GET_NAME, 0x1) = %s", res(r));

	r = syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0);
	expect("prctl(PR_SET_PDEATHSIG, SIGUSR1) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
	expect("prctl(PR_GET_PDEATHSIG, [SIGUSR1]) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_PDEATHSIG, 0, 0, 0, 0);
	expect("prctl(PR_SET_PDEATHSIG, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_PDEATHSIG, &sig, 0, 0, 0);
	expect("prctl(PR_GET_PDEATHSIG, [0]) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_PDEATHSIG, 200, 0, 0, 0);
	expect("prctl(PR_SET_PDEATHSIG, 200) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_PDEATHSIG, (void *)1, 0, 0, 0);
	expect("prctl(PR_GET_PDEATHSIG, 0x1) = %s", res(r));
}

static void flags_and_numbers(void)
{
	void *tidp = NULL;
	int v = -1;
	long r;

	r = syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	if (r < 0 || r > 2)
		die("PR_GET_DUMPABLE");
	expect("prctl(PR_GET_DUMPABLE) = %ld (%s)", r, dumpable_names[r]);
	r = syscall(SYS_prctl, PR_SET_DUMPABLE, 1, 2, 3, 4);
	expect("prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_DUMPABLE, 7, 0, 0, 0);
	expect("prctl(PR_SET_DUMPABLE, 0x7 /* SUID_DUMP_??? */) = %s", res(r));

	r = syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	expect("prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 0, 1, 2, 3);
	expect("prctl(PR_SET_NO_NEW_PRIVS, 0, 0x1, 0x2, 0x3) = %s", res(r));

	r = syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	expect("prctl(PR_SET_CHILD_SUBREAPER, 1) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
	expect("prctl(PR_GET_CHILD_SUBREAPER, [1]) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	expect("prctl(PR_SET_CHILD_SUBREAPER, 0) = %s", res(r));

	r = syscall(SYS_prctl, PR_SET_THP_DISABLE, 1, 0, 0, 0);
	expect("prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_THP_DISABLE, 0, 0, 0, 0);
	expect("prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_THP_DISABLE, 0, 0, 0, 0);
	expect("prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0) = %s", res(r));

	r = syscall(SYS_prctl, PR_GET_TID_ADDRESS, &tidp, 0, 0, 0);
	expect("prctl(PR_GET_TID_ADDRESS, [%p]) = %s", tidp, res(r));
	r = syscall(SYS_prctl, PR_GET_TID_ADDRESS, (void *)1, 0, 0, 0);
	expect("prctl(PR_GET_TID_ADDRESS, 0x1) = %s", res(r));

	r = syscall(SYS_prctl, PR_SET_TIMERSLACK, 50000, 0, 0, 0);
	expect("prctl(PR_SET_TIMERSLACK, 50000) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_TIMERSLACK, 0, 0, 0, 0);
	expect("prctl(PR_GET_TIMERSLACK) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_KEEPCAPS, 0, 0, 0, 0);
	expect("prctl(PR_SET_KEEPCAPS, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_KEEPCAPS, 0, 0, 0, 0);
	expect("prctl(PR_GET_KEEPCAPS) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_PTRACER, -1L, 0, 0, 0);
	expect("prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_PTRACER, -2L, 0, 0, 0);
	expect("prctl(PR_SET_PTRACER, -2) = %s", res(r));

	r = syscall(SYS_prctl, PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0);
	expect("prctl(PR_SET_TSC, PR_TSC_ENABLE) = %s", res(r));
	r = syscall(SYS_prctl, PR_GET_TSC, &v, 0, 0, 0);
	expect("prctl(PR_GET_TSC, [PR_TSC_ENABLE]) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_TSC, 0x11, 0, 0, 0);
	expect("prctl(PR_SET_TSC, 0x11 /* PR_TSC_??? */) = %s", res(r));

	r = syscall(SYS_prctl, PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0);
	expect("prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_MCE_KILL_GET, 0, 0, 0, 0);
	expect("prctl(PR_MCE_KILL_GET, 0, 0, 0, 0) = 1 (PR_MCE_KILL_EARLY)");
	r = syscall(SYS_prctl, PR_MCE_KILL, PR_MCE_KILL_CLEAR, 0, 0, 0);
	expect("prctl(PR_MCE_KILL, PR_MCE_KILL_CLEAR, 0, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_SECUREBITS, 0x100, 0, 0, 0);
	expect("prctl(PR_SET_SECUREBITS, 0x100 /* SECBIT_??? */) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_UNALIGN, PR_UNALIGN_NOPRINT | 0x10, 0, 0, 0);
	expect("prctl(PR_SET_UNALIGN, PR_UNALIGN_NOPRINT|0x10) = %s", res(r));
}

static void capabilities_and_more(void)
{
	struct sock_fprog prog = {0, NULL};
	long r;

	r = syscall(SYS_prctl, PR_CAPBSET_READ, 21, 0, 0, 0);
	expect("prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = %s", res(r));
	r = syscall(SYS_prctl, PR_CAPBSET_READ, 200, 0, 0, 0);
	expect("prctl(PR_CAPBSET_READ, 0xc8 /* CAP_??? */) = %s", res(r));
	r = syscall(SYS_prctl, PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 12, 0, 0);
	expect("prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_ADMIN, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_CAP_AMBIENT, 0x11, 0x22, 0x33, 0x44);
	expect("prctl(PR_CAP_AMBIENT, 0x11 /* PR_CAP_AMBIENT_??? */, 0x22, 0x33, 0x44) = %s",
	       res(r));

	r = syscall(SYS_prctl, PR_GET_SECCOMP, 0, 0, 0, 0);
	expect("prctl(PR_GET_SECCOMP) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_SECCOMP, 7, 0, 0, 0);
	expect("prctl(PR_SET_SECCOMP, 0x7 /* SECCOMP_MODE_??? */, 0, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
	expect("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, {len=0, filter=NULL}) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 1, 0, 0);
	expect("prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, 0x1) = %s", res(r));

	char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = syscall(SYS_prctl, PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 4096, "heap");
	expect("prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, %p, 4096, \"heap\") = %s", p, res(r));
	r = syscall(SYS_prctl, PR_SET_VMA, PR_SET_VMA_ANON_NAME, p, 4096, NULL);
	expect("prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, %p, 4096, NULL) = %s", p, res(r));
	r = syscall(SYS_prctl, PR_SET_VMA, 5, 0x1000, 4096, NULL);
	expect("prctl(PR_SET_VMA, 0x5 /* PR_SET_VMA_??? */, 0x1000, 0x1000, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_SET_MM, PR_SET_MM_START_CODE, 0x1000, 0, 0);
	expect("prctl(PR_SET_MM, PR_SET_MM_START_CODE, 0x1000, 0, 0) = %s", res(r));
	r = syscall(SYS_prctl, PR_SCHED_CORE, PR_SCHED_CORE_GET, 99999999, 0, 0x44);
	expect("prctl(PR_SCHED_CORE, PR_SCHED_CORE_GET, 99999999, 0 /* PIDTYPE_PID */, 0x44) = %s",
	       res(r));

	r = syscall(SYS_prctl, 0x12345678, 1, 2, 3, 4);
	expect("prctl(0x12345678 /* PR_??? */, 0x1, 0x2, 0x3, 0x4) = %s", res(r));
	r = syscall(SYS_prctl, 0x100000000UL | PR_GET_KEEPCAPS, 1, 2, 3, 4);
	expect("prctl(PR_GET_KEEPCAPS) = %s", res(r));
}

static void arch(void)
{
	uint64_t base = 0;
	long r;

	r = syscall(SYS_arch_prctl, ARCH_GET_FS, &base);
	expect("arch_prctl(ARCH_GET_FS, [%#lx]) = %s", (unsigned long)base, res(r));
	r = syscall(SYS_arch_prctl, ARCH_GET_FS, 1);
	expect("arch_prctl(ARCH_GET_FS, 0x1) = %s", res(r));
	r = syscall(SYS_arch_prctl, ARCH_SET_GS, 0);
	expect("arch_prctl(ARCH_SET_GS, 0) = %s", res(r));
	r = syscall(SYS_arch_prctl, ARCH_GET_GS, &base);
	expect("arch_prctl(ARCH_GET_GS, [NULL]) = %s", res(r));
	r = syscall(SYS_arch_prctl, ARCH_GET_CPUID, 0);
	expect("arch_prctl(ARCH_GET_CPUID) = %s", res(r));
	r = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, 18);
	expect("arch_prctl(ARCH_REQ_XCOMP_PERM, 0x12 /* XFEATURE_XTILE_DATA */) = %s", res(r));
	r = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, 0x14);
	expect("arch_prctl(ARCH_REQ_XCOMP_PERM, 0x14 /* XFEATURE_??? */) = %s", res(r));
	r = syscall(SYS_arch_prctl, 0x3001, &base);
	expect("arch_prctl(0x3001 /* ARCH_??? */, %p) = %s", (void *)&base, res(r));
}

int main(void)
{
	names_and_signals();
	flags_and_numbers();
	capabilities_and_more();
	arch();
	return 0;
}
