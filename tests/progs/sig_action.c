/*
 * rt_sigaction and sigaltstack: struct sigaction with handler names, masks
 * (listed or complemented), flag names and unknown bits, sa_restorer only
 * with SA_RESTORER, the old action at exit; stack_t flags; bad pointers,
 * NULL, sizes the kernel refuses, signal numbers without a name.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

/* The kernel's struct sigaction on x86_64. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

#define SA_RESTORER_ 0x04000000UL
#define ALL_FLAGS                                                                                  \
	"SA_RESTORER|SA_ONSTACK|SA_RESTART|SA_INTERRUPT|SA_NODEFER|SA_RESETHAND|SA_SIGINFO|"       \
	"SA_NOCLDSTOP|SA_NOCLDWAIT"

static void handler(int sig)
{
	(void)sig;
}

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

int main(void)
{
	struct ksigaction act, old;
	long r;

	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	char *bad = page + 4096;

	act = (struct ksigaction){handler, SA_RESTORER_ | SA_RESTART, (void *)0x1234,
				  bit(SIGINT) | bit(SIGTERM)};
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	expect("rt_sigaction(SIGUSR1, {sa_handler=%p, sa_mask=[INT TERM], "
	       "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x1234}, NULL, 8) = %ld",
	       (void *)handler, r);
	r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	expect("rt_sigaction(SIGUSR1, NULL, {sa_handler=%p, sa_mask=[INT TERM], "
	       "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x1234}, 8) = %ld",
	       (void *)handler, r);

	/* Without SA_RESTORER no sa_restorer; the kernel keeps KILL and STOP out. */
	act = (struct ksigaction){SIG_IGN, 0, (void *)0x1234, ~0ULL};
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 8);
	expect("rt_sigaction(SIGUSR1, {sa_handler=SIG_IGN, sa_mask=~[], sa_flags=0}, "
	       "{sa_handler=%p, sa_mask=[INT TERM], sa_flags=SA_RESTORER|SA_RESTART, "
	       "sa_restorer=0x1234}, 8) = %ld",
	       (void *)handler, r);
	act = (struct ksigaction){SIG_DFL, 0xffffffffUL, (void *)0x1234, 0};
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 8);
	expect("rt_sigaction(SIGUSR1, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=" ALL_FLAGS
	       "|0x3fffff8, sa_restorer=0x1234}, {sa_handler=SIG_IGN, sa_mask=~[KILL STOP], "
	       "sa_flags=0}, 8) = %ld",
	       r);

	/* Only unknown bits: the hex value and what no name covers. */
	act = (struct ksigaction){SIG_ERR, 0x800, NULL, bit(32) | bit(33) | bit(64)};
	r = syscall(SYS_rt_sigaction, SIGUSR1, &act, NULL, 8);
	expect("rt_sigaction(SIGUSR1, {sa_handler=SIG_ERR, sa_mask=[RTMIN RT_1 RT_32], "
	       "sa_flags=0x800 /* SA_??? */}, NULL, 8) = %ld",
	       r);
	act = (struct ksigaction){(void *)2, 0x100000000UL | SA_SIGINFO, NULL, 0};
	r = syscall(SYS_rt_sigaction, 40, &act, &old, 8);
	expect(
	    "rt_sigaction(SIGRT_8, {sa_handler=0x2, sa_mask=[], sa_flags=SA_SIGINFO|0x100000000}, "
	    "{sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, 8) = %ld",
	    r);

	/* 41 of 64 bits are listed, 42 complemented. */
	act = (struct ksigaction){SIG_DFL, 0, NULL, (1ULL << 41) - 1};
	r = syscall(SYS_rt_sigaction, SIGUSR2, &act, NULL, 8);
	expect(
	    "rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=[HUP INT QUIT ILL TRAP ABRT BUS "
	    "FPE "
	    "KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ "
	    "VTALRM PROF WINCH IO PWR SYS RTMIN RT_1 RT_2 RT_3 RT_4 RT_5 RT_6 RT_7 RT_8 RT_9], "
	    "sa_flags=0}, NULL, 8) = %ld",
	    r);
	act.mask = (1ULL << 42) - 1;
	r = syscall(SYS_rt_sigaction, SIGUSR2, &act, NULL, 8);
	expect(
	    "rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=~[RT_11 RT_12 RT_13 RT_14 RT_15 "
	    "RT_16 RT_17 RT_18 RT_19 RT_20 RT_21 RT_22 RT_23 RT_24 RT_25 RT_26 RT_27 RT_28 RT_29 "
	    "RT_30 RT_31 RT_32], sa_flags=0}, NULL, 8) = %ld",
	    r);

	/* Failures: the old action prints as its address. */
	act = (struct ksigaction){SIG_DFL, 0, NULL, 0};
	r = syscall(SYS_rt_sigaction, SIGUSR2, &act, &old, 4);
	expect("rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, %p, 4) = %ld "
	       "EINVAL (Invalid argument)",
	       (void *)&old, r);
	r = syscall(SYS_rt_sigaction, SIGKILL, &act, &old, 8);
	expect("rt_sigaction(SIGKILL, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, %p, 8) = %ld "
	       "EINVAL (Invalid argument)",
	       (void *)&old, r);
	r = syscall(SYS_rt_sigaction, 0, NULL, NULL, 8);
	expect("rt_sigaction(0, NULL, NULL, 8) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_rt_sigaction, 65, NULL, NULL, 8);
	expect("rt_sigaction(65, NULL, NULL, 8) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_rt_sigaction, -1L, NULL, NULL, -1L);
	expect("rt_sigaction(-1, NULL, NULL, 18446744073709551615) = %ld EINVAL (Invalid argument)",
	       r);
	r = syscall(SYS_rt_sigaction, 0x100000000UL | SIGUSR2, NULL, NULL, 8);
	expect("rt_sigaction(SIGUSR2, NULL, NULL, 8) = %ld", r);
	r = syscall(SYS_rt_sigaction, SIGUSR2, bad, &old, 8);
	expect("rt_sigaction(SIGUSR2, %p, %p, 8) = %ld EFAULT (Bad address)", bad, (void *)&old, r);
	r = syscall(SYS_rt_sigaction, SIGUSR2, &act, bad, 8);
	expect("rt_sigaction(SIGUSR2, {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}, %p, 8) = %ld "
	       "EFAULT (Bad address)",
	       bad, r);
	/* A struct that runs into the unmapped page is not read at all. */
	r = syscall(SYS_rt_sigaction, SIGUSR2, bad - 8, NULL, 8);
	expect("rt_sigaction(SIGUSR2, %p, NULL, 8) = %ld EFAULT (Bad address)", bad - 8, r);
	r = syscall(SYS_rt_sigaction, SIGUSR2, (void *)1, (void *)2, 8);
	expect("rt_sigaction(SIGUSR2, 0x1, 0x2, 8) = %ld EFAULT (Bad address)", r);

	/* sigaltstack */
	stack_t ss = {.ss_sp = page, .ss_flags = 0, .ss_size = 65536}, oss;
	r = syscall(SYS_sigaltstack, &ss, &oss);
	expect("sigaltstack({ss_sp=%p, ss_flags=0, ss_size=65536}, {ss_sp=NULL, "
	       "ss_flags=SS_DISABLE, ss_size=0}) = %ld",
	       page, r);
	r = syscall(SYS_sigaltstack, NULL, &oss);
	expect("sigaltstack(NULL, {ss_sp=%p, ss_flags=0, ss_size=65536}) = %ld", page, r);
	ss.ss_flags = SS_DISABLE | (int)0x80000000U; /* SS_AUTODISARM */
	r = syscall(SYS_sigaltstack, &ss, NULL);
	expect(
	    "sigaltstack({ss_sp=%p, ss_flags=SS_DISABLE|SS_AUTODISARM, ss_size=65536}, NULL) = %ld",
	    page, r);
	ss.ss_flags = 0x1234;
	r = syscall(SYS_sigaltstack, &ss, &oss);
	expect("sigaltstack({ss_sp=%p, ss_flags=0x1234 /* SS_??? */, ss_size=65536}, %p) = %ld "
	       "EINVAL (Invalid argument)",
	       page, (void *)&oss, r);
	ss.ss_flags = 0x1236;
	r = syscall(SYS_sigaltstack, &ss, NULL);
	expect("sigaltstack({ss_sp=%p, ss_flags=SS_DISABLE|0x1234, ss_size=65536}, NULL) = %ld "
	       "EINVAL (Invalid argument)",
	       page, r);
	ss = (stack_t){.ss_sp = NULL, .ss_flags = SS_ONSTACK, .ss_size = 1};
	r = syscall(SYS_sigaltstack, &ss, NULL);
	expect("sigaltstack({ss_sp=NULL, ss_flags=SS_ONSTACK, ss_size=1}, NULL) = %ld ENOMEM "
	       "(Cannot allocate memory)",
	       r);
	r = syscall(SYS_sigaltstack, bad, NULL);
	expect("sigaltstack(%p, NULL) = %ld EFAULT (Bad address)", bad, r);
	r = syscall(SYS_sigaltstack, NULL, bad);
	expect("sigaltstack(NULL, %p) = %ld EFAULT (Bad address)", bad, r);
	r = syscall(SYS_sigaltstack, NULL, NULL);
	expect("sigaltstack(NULL, NULL) = %ld", r);
	return 0;
}
