/*
 * Signals the kernel raises, as their delivery lines print them: SIGSEGV
 * (SEGV_ACCERR, SEGV_MAPERR) and SIGBUS (BUS_ADRERR) with the faulting
 * address, SIGILL, SIGFPE and SIGTRAP with the instruction's, a seccomp
 * SIGSYS (si_call_addr, si_syscall, si_arch), and SIGCHLD for a child that
 * exits, stops, continues and is killed. Each handler repairs the cause
 * and returns, so rt_sigreturn follows each line.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);
void sleep_ms(long ms);

static long uid;
static char *page;
static int bus_fd;
static volatile siginfo_t got;
static volatile int chld_code;

static void handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	if (sig == SIGCHLD) {
		chld_code = si->si_code;
		return;
	}
	got = *si;
	switch (sig) {
	case SIGSEGV:
		/* PROT_NONE, then unmapped: make the page usable again. */
		if (si->si_code == SEGV_ACCERR)
			mprotect(page, 4096, PROT_READ | PROT_WRITE);
		else
			mmap(page, 4096, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		break;
	case SIGBUS:
		if (ftruncate(bus_fd, 8192) != 0)
			_exit(98);
		break;
	case SIGILL: /* ud2 */
	case SIGFPE: /* idivl %ecx */
		uc->uc_mcontext.gregs[REG_RIP] += 2;
		break;
	}
}

static void on(int sig)
{
	struct sigaction sa = {.sa_sigaction = handler, .sa_flags = SA_SIGINFO | SA_RESTART};

	if (sigaction(sig, &sa, NULL) < 0)
		die("sigaction");
}

static void expect_fault(const char *sig, const char *code, const void *addr)
{
	if (got.si_addr != addr)
		die("%s: si_addr %p, want %p", sig, got.si_addr, addr);
	expect("--- %s {si_signo=%s, si_code=%s, si_addr=%p} ---", sig, sig, code, addr);
	expect("rt_sigreturn({mask=[]}) = {*}");
}

static void seccomp_trap_getppid(void)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		die("seccomp");
}

/* Waits for the SIGCHLD itself: waitpid may see a stop or a continue
 * before the signal is sent, and a second SIGCHLD sent while the first is
 * pending would be lost. */
static void child_event(long pid, int want, const char *code, const char *status)
{
	while (chld_code != want)
		sleep_ms(1);
	chld_code = 0;
	expect("* --- SIGCHLD {si_signo=SIGCHLD, si_code=%s, si_pid=%ld, si_uid=%ld, si_status=%s, "
	       "si_utime={*}, si_stime={*}} ---",
	       code, pid, uid, status);
}

int main(void)
{
	int status;

	uid = getuid();
	on(SIGSEGV);
	on(SIGBUS);
	on(SIGILL);
	on(SIGFPE);
	on(SIGTRAP);
	on(SIGSYS);
	on(SIGCHLD);

	page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		die("mmap");
	page[1] = 1;
	expect_fault("SIGSEGV", "SEGV_ACCERR", page + 1);
	if (munmap(page, 4096) != 0)
		die("munmap");
	page[2] = 1;
	expect_fault("SIGSEGV", "SEGV_MAPERR", page + 2);

	/* Past the end of a mapped file. */
	bus_fd = open("sig_fault.bus", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (bus_fd < 0 || ftruncate(bus_fd, 4096) != 0 || unlink("sig_fault.bus") != 0)
		die("bus file");
	volatile char *map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, bus_fd, 0);
	if (map == MAP_FAILED)
		die("mmap file");
	map[4096 + 3] = 1;
	expect_fault("SIGBUS", "BUS_ADRERR", (const void *)(map + 4096 + 3));

	void *at;
	__asm__ volatile("lea 1f(%%rip), %0\n1: ud2" : "=r"(at));
	expect_fault("SIGILL", "ILL_ILLOPN", at);
	int zero = 0, quot;
	__asm__ volatile("lea 1f(%%rip), %0\n1: idivl %2"
			 : "=&r"(at), "=a"(quot)
			 : "c"(zero), "a"(1), "d"(0)
			 : "cc");
	expect_fault("SIGFPE", "FPE_INTDIV", at);
	/* int3 traps after the instruction; the kernel gives no address. */
	__asm__ volatile("int3");
	expect("--- SIGTRAP {si_signo=SIGTRAP, si_code=SI_KERNEL, si_addr=NULL} ---");
	expect("rt_sigreturn({mask=[]}) = {*}");

	seccomp_trap_getppid();
	syscall(SYS_getppid);
	if (got.si_signo != SIGSYS || got.si_syscall != SYS_getppid)
		die("no SIGSYS");
	expect("--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=%p, "
	       "si_syscall=__NR_getppid, si_arch=AUDIT_ARCH_X86_64} ---",
	       got.si_call_addr);
	expect("rt_sigreturn({mask=[]}) = {*}");

	/* SIGCHLD: the child is not traced (no -f), its changes of state are. */
	long pid = fork();
	if (pid == 0)
		_exit(3);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	child_event(pid, CLD_EXITED, "CLD_EXITED", "3");
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	if (waitpid(pid, &status, WUNTRACED) != pid)
		die("waitpid");
	child_event(pid, CLD_STOPPED, "CLD_STOPPED", "SIGSTOP");
	kill(pid, SIGCONT);
	if (waitpid(pid, &status, WCONTINUED) != pid)
		die("waitpid");
	child_event(pid, CLD_CONTINUED, "CLD_CONTINUED", "SIGCONT");
	kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	child_event(pid, CLD_KILLED, "CLD_KILLED", "SIGKILL");
	return 0;
}
