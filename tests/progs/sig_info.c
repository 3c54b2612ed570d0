/*
 * siginfo, as rt_sigqueueinfo and rt_tgsigqueueinfo send it (decoded from
 * the caller's memory: every si_code layout), as rt_sigtimedwait returns
 * it, and in signal-delivery lines: kill (SI_USER), tgkill (SI_TKILL),
 * sigqueue (SI_QUEUE, with si_int and si_ptr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

static long pid, uid;
static siginfo_t si;

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

/* Queues si (then cleared) to ourselves as a blocked SIGUSR2: only its
 * decoding matters, never its delivery. */
static long queue(int signo, int code)
{
	long r;

	si.si_signo = signo;
	si.si_code = code;
	r = syscall(SYS_rt_sigqueueinfo, pid, SIGUSR2, &si);
	memset(&si, 0, sizeof(si));
	if (r != 0)
		die("rt_sigqueueinfo: %ld", r);
	return r;
}

#define Q   "rt_sigqueueinfo(%ld, SIGUSR2, {"
#define END "}) = 0"

static void handler(int sig)
{
	(void)sig;
}

int main(void)
{
	uint64_t set;
	long r;

	pid = getpid();
	uid = getuid();
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	char *bad = page + 4096;

	set = bit(SIGUSR1) | bit(SIGUSR2);
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8) != 0)
		die("rt_sigprocmask");

	/* Codes <= 0: sent by a process. */
	si.si_pid = 3;
	si.si_uid = 4;
	si.si_errno = ENOENT;
	queue(SIGUSR1, SI_USER);
	expect(Q "si_signo=SIGUSR1, si_code=SI_USER, si_errno=ENOENT, si_pid=3, si_uid=4" END, pid);
	si.si_pid = -1;
	si.si_uid = -1;
	queue(SIGUSR1, SI_TKILL);
	expect(Q "si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=-1, si_uid=-1" END, pid);
	si.si_pid = 5;
	si.si_uid = 6;
	si.si_value.sival_int = 42;
	queue(SIGUSR1, SI_QUEUE);
	expect(Q
	       "si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=5, si_uid=6, si_int=42, si_ptr=0x2a" END,
	       pid);
	/* si_value only when not 0 */
	si.si_errno = 2000;
	queue(SIGUSR1, SI_QUEUE);
	expect(Q "si_signo=SIGUSR1, si_code=SI_QUEUE, si_errno=2000, si_pid=0, si_uid=0" END, pid);
	si.si_value.sival_ptr = (void *)0xdeadbeef12345678;
	queue(SIGRTMIN, SI_MESGQ);
	expect(Q "si_signo=SIGRT_2, si_code=SI_MESGQ, si_pid=0, si_uid=0, si_int=305419896, "
		 "si_ptr=0xdeadbeef12345678" END,
	       pid);
	si.si_value.sival_int = -1;
	queue(40, -33);
	expect(Q "si_signo=SIGRT_8, si_code=0xffffffdf, si_pid=0, si_uid=0, si_int=-1, "
		 "si_ptr=0xffffffff" END,
	       pid);
	si.si_timerid = 5;
	si.si_overrun = -3;
	queue(SIGALRM, SI_TIMER);
	expect(Q "si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0x5, si_overrun=-3, si_int=0, "
		 "si_ptr=NULL" END,
	       pid);
	si.si_band = -5;
	si.si_fd = 7;
	queue(SIGUSR1, SI_SIGIO);
	expect(Q "si_signo=SIGUSR1, si_code=SI_SIGIO, si_band=-5, si_fd=7" END, pid);
	queue(SIGUSR1, SI_ASYNCIO);
	expect(Q "si_signo=SIGUSR1, si_code=SI_ASYNCIO, si_pid=0, si_uid=0" END, pid);
	queue(SIGUSR1, SI_DETHREAD);
	expect(Q "si_signo=SIGUSR1, si_code=SI_DETHREAD, si_pid=0, si_uid=0" END, pid);
	queue(SIGUSR1, SI_ASYNCNL);
	expect(Q "si_signo=SIGUSR1, si_code=SI_ASYNCNL, si_pid=0, si_uid=0" END, pid);
	queue(0, SI_QUEUE);
	expect(Q END, pid);
	queue(70, SI_USER);
	expect(Q "si_signo=70, si_code=SI_USER, si_pid=0, si_uid=0" END, pid);

	/* Codes > 0: sent by the kernel, laid out by signal. */
	si.si_pid = 10;
	si.si_uid = 11;
	si.si_status = 5;
	si.si_utime = 12;
	si.si_stime = 150;
	queue(SIGCHLD, CLD_EXITED);
	expect(Q "si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=10, si_uid=11, si_status=5, "
		 "si_utime=12 /* 0.12 s */, si_stime=150 /* 1.50 s */" END,
	       pid);
	si.si_status = SIGKILL;
	queue(SIGCHLD, CLD_KILLED);
	expect(Q "si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=0, si_uid=0, si_status=SIGKILL, "
		 "si_utime=0, si_stime=0" END,
	       pid);
	si.si_status = 100;
	queue(SIGCHLD, CLD_DUMPED);
	expect(Q "si_signo=SIGCHLD, si_code=CLD_DUMPED, si_pid=0, si_uid=0, si_status=100, "
		 "si_utime=0, si_stime=0" END,
	       pid);
	si.si_status = 40;
	queue(SIGCHLD, CLD_STOPPED);
	expect(Q "si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=0, si_uid=0, si_status=SIGRT_8, "
		 "si_utime=0, si_stime=0" END,
	       pid);
	si.si_status = SIGCONT;
	queue(SIGCHLD, 7);
	expect(Q "si_signo=SIGCHLD, si_code=0x7, si_pid=0, si_uid=0, si_status=SIGCONT, "
		 "si_utime=0, si_stime=0" END,
	       pid);
	si.si_utime = -1;
	queue(SIGCHLD, CLD_EXITED);
	expect(Q "si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=0, si_uid=0, si_status=0, "
		 "si_utime=18446744073709551615 /* 184467440737095516.15 s */, si_stime=0" END,
	       pid);

	si.si_addr = (void *)0x1000;
	queue(SIGSEGV, SEGV_MAPERR);
	expect(Q "si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x1000" END, pid);
	si.si_addr = (void *)0x1000;
	si.si_lower = (void *)0x10;
	si.si_upper = (void *)0x20;
	queue(SIGSEGV, SEGV_BNDERR);
	expect(Q "si_signo=SIGSEGV, si_code=SEGV_BNDERR, si_addr=0x1000, si_lower=0x10, "
		 "si_upper=0x20" END,
	       pid);
	si.si_pkey = 7;
	queue(SIGSEGV, SEGV_PKUERR);
	expect(Q "si_signo=SIGSEGV, si_code=SEGV_PKUERR, si_addr=NULL, si_pkey=7" END, pid);
	queue(SIGSEGV, 10);
	expect(Q "si_signo=SIGSEGV, si_code=0xa, si_addr=NULL" END, pid);
	queue(SIGSEGV, SI_KERNEL);
	expect(Q "si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL" END, pid);
	si.si_addr = (void *)0x2000;
	si.si_addr_lsb = 12;
	queue(SIGBUS, BUS_MCEERR_AR);
	expect(Q "si_signo=SIGBUS, si_code=BUS_MCEERR_AR, si_addr=0x2000, si_addr_lsb=0xc" END,
	       pid);
	si.si_addr_lsb = 12;
	queue(SIGBUS, BUS_ADRERR);
	expect(Q "si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=NULL" END, pid);
	queue(SIGILL, ILL_ILLOPN);
	expect(Q "si_signo=SIGILL, si_code=ILL_ILLOPN, si_addr=NULL" END, pid);
	queue(SIGFPE, FPE_FLTUNK);
	expect(Q "si_signo=SIGFPE, si_code=FPE_FLTUNK, si_addr=NULL" END, pid);
	queue(SIGTRAP, 6); /* TRAP_PERF */
	expect(Q "si_signo=SIGTRAP, si_code=TRAP_PERF, si_addr=NULL" END, pid);
	queue(SIGTRAP, SI_USER);
	expect(Q "si_signo=SIGTRAP, si_code=SI_USER, si_pid=0, si_uid=0" END, pid);
	si.si_band = 0x41;
	si.si_fd = 5;
	queue(SIGIO, POLL_IN);
	expect(Q "si_signo=SIGIO, si_code=POLL_IN, si_band=65, si_fd=5" END, pid);
	si.si_band = 0x41;
	queue(SIGIO, SI_KERNEL);
	expect(Q "si_signo=SIGIO, si_code=SI_KERNEL" END, pid);
	si.si_call_addr = (void *)0x401000;
	si.si_syscall = SYS_getpid;
	si.si_arch = 0xc000003e;
	queue(SIGSYS, 1);
	expect(Q "si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401000, "
		 "si_syscall=__NR_getpid, si_arch=AUDIT_ARCH_X86_64" END,
	       pid);
	si.si_syscall = 1;
	si.si_arch = 0x40000003;
	queue(SIGSYS, 2);
	expect(Q "si_signo=SIGSYS, si_code=SYS_USER_DISPATCH, si_call_addr=NULL, si_syscall=1 /* "
		 "exit */, si_arch=AUDIT_ARCH_I386" END,
	       pid);
	si.si_syscall = 500;
	si.si_arch = 0xc000003e;
	queue(SIGSYS, SI_KERNEL);
	expect(Q "si_signo=SIGSYS, si_code=SI_KERNEL, si_call_addr=NULL, si_syscall=500, "
		 "si_arch=AUDIT_ARCH_X86_64" END,
	       pid);
	si.si_syscall = -1;
	si.si_arch = 0x12345;
	queue(SIGSYS, 1);
	expect(Q "si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=NULL, si_syscall=4294967295, "
		 "si_arch=0x12345 /* AUDIT_ARCH_??? */" END,
	       pid);
	si.si_arch = 0xc00000b7;
	queue(SIGSYS, 1);
	expect(Q "si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=NULL, si_syscall=0, "
		 "si_arch=AUDIT_ARCH_AARCH64" END,
	       pid);
	si.si_pid = 5;
	queue(SIGUSR1, 1);
	expect(Q "si_signo=SIGUSR1, si_code=0x1, si_pid=5, si_uid=0" END, pid);
	si.si_value.sival_int = 7;
	queue(SIGUSR1, 1);
	expect(Q "si_signo=SIGUSR1, si_code=0x1, si_int=7, si_ptr=0x7" END, pid);
	queue(SIGUSR1, 1);
	expect(Q "si_signo=SIGUSR1, si_code=0x1" END, pid);

	r = syscall(SYS_rt_sigqueueinfo, pid, SIGUSR2, bad - 8);
	expect("rt_sigqueueinfo(%ld, SIGUSR2, %p) = %ld EFAULT (Bad address)", pid, bad - 8, r);
	r = syscall(SYS_rt_sigqueueinfo, pid, SIGUSR2, NULL);
	expect("rt_sigqueueinfo(%ld, SIGUSR2, NULL) = %ld EFAULT (Bad address)", pid, r);
	r = syscall(SYS_rt_sigqueueinfo, 0x100000000UL | pid, 0x100000000UL | SIGUSR2, NULL);
	expect("rt_sigqueueinfo(%ld, SIGUSR2, NULL) = %ld EFAULT (Bad address)", pid, r);
	r = syscall(SYS_rt_sigqueueinfo, -1, -1, NULL);
	expect("rt_sigqueueinfo(-1, -1, NULL) = %ld EFAULT (Bad address)", r);
	si.si_signo = SIGUSR2;
	si.si_code = SI_QUEUE;
	r = syscall(SYS_rt_tgsigqueueinfo, pid, pid, SIGUSR2, &si);
	expect(
	    "rt_tgsigqueueinfo(%ld, %ld, SIGUSR2, {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=0, "
	    "si_uid=0}) = %ld",
	    pid, pid, r);
	r = syscall(SYS_rt_tgsigqueueinfo, -1, -2, 0, NULL);
	expect("rt_tgsigqueueinfo(-1, -2, 0, NULL) = %ld EFAULT (Bad address)", r);

	/* rt_sigtimedwait: the siginfo is written at exit. */
	struct timespec ts = {0, 1000};
	siginfo_t info;
	set = bit(SIGUSR1);
	r = syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 8);
	expect("rt_sigtimedwait([USR1], %p, {tv_sec=0, tv_nsec=1000}, 8) = %ld EAGAIN (Resource "
	       "temporarily unavailable)",
	       (void *)&info, r);
	syscall(SYS_kill, pid, SIGUSR1);
	r = syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 8);
	expect(
	    "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%ld, si_uid=%ld}, "
	    "{tv_sec=0, tv_nsec=1000}, 8) = %ld (SIGUSR1)",
	    pid, uid, r);
	syscall(SYS_tgkill, pid, pid, SIGUSR1);
	r = syscall(SYS_rt_sigtimedwait, &set, NULL, NULL, 8);
	expect("rt_sigtimedwait([USR1], NULL, NULL, 8) = %ld (SIGUSR1)", r);
	if (sigqueue(pid, SIGUSR1, (union sigval){.sival_ptr = (void *)42}) != 0)
		die("sigqueue");
	r = syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 8);
	expect(
	    "rt_sigtimedwait([USR1], {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=%ld, si_uid=%ld, "
	    "si_int=42, si_ptr=0x2a}, {tv_sec=0, tv_nsec=1000}, 8) = %ld (SIGUSR1)",
	    pid, uid, r);
	syscall(SYS_kill, pid, SIGUSR1);
	r = syscall(SYS_rt_sigtimedwait, &set, bad, &ts, 8);
	expect(
	    "rt_sigtimedwait([USR1], %p, {tv_sec=0, tv_nsec=1000}, 8) = %ld EFAULT (Bad address)",
	    bad, r);
	r = syscall(SYS_rt_sigtimedwait, &set, &info, &ts, 4);
	expect("rt_sigtimedwait(%p, %p, {tv_sec=0, tv_nsec=1000}, 4) = %ld EINVAL (Invalid "
	       "argument)",
	       (void *)&set, (void *)&info, r);
	r = syscall(SYS_rt_sigtimedwait, bad, &info, &ts, 8);
	expect("rt_sigtimedwait(%p, %p, {tv_sec=0, tv_nsec=1000}, 8) = %ld EFAULT (Bad address)",
	       bad, (void *)&info, r);

	/* Delivery lines: a handler for SIGUSR1, then one signal per source. */
	struct sigaction sa = {.sa_handler = handler};
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		die("sigaction");
	set = bit(SIGUSR1);
	if (syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8) != 0)
		die("rt_sigprocmask");
	r = syscall(SYS_kill, pid, SIGUSR1);
	/* kill and tgkill are the process family's: only their place is checked. */
	expect("kill(%ld, {*}) = %ld", pid, r);
	expect("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("rt_sigreturn({mask=[USR2]}) = 0");
	r = syscall(SYS_tgkill, pid, pid, SIGUSR1);
	expect("tgkill(%ld, %ld, {*}) = %ld", pid, pid, r);
	expect("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("rt_sigreturn({mask=[USR2]}) = 0");
	if (sigqueue(pid, SIGUSR1, (union sigval){.sival_ptr = (void *)0x1234}) != 0)
		die("sigqueue");
	expect("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=%ld, si_uid=%ld, "
	       "si_int=4660, si_ptr=0x1234} ---",
	       pid, uid);
	expect("rt_sigreturn({mask=[USR2]}) = 0");
	return 0;
}
