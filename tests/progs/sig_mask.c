/*
 * Signal sets: rt_sigprocmask (how names, sets listed or complemented, the
 * old set at exit, sizes other than 8 shown as addresses), rt_sigpending
 * (any size up to 8), rt_sigsuspend and pause interrupted by a handled
 * signal (rt_sigreturn shows the mask it restores), signalfd/signalfd4
 * flags, alarm, and a blocked signal delivered when it is unblocked.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);
void wait_blocked(long pid, long tid, long nr);

static long pid, uid;

static uint64_t bit(int sig)
{
	return 1ULL << (sig - 1);
}

static void handler(int sig)
{
	(void)sig;
}

struct kick {
	long nr;
	int sig;
};

/* Signals the main thread (untraced: no -f) once it sleeps in syscall nr. */
static void *kicker(void *arg)
{
	struct kick *k = arg;

	wait_blocked(pid, pid, k->nr);
	syscall(SYS_tgkill, pid, pid, k->sig);
	return NULL;
}

static void kick_later(long nr, int sig)
{
	static struct kick k;
	pthread_t t;

	k.nr = nr;
	k.sig = sig;
	if (pthread_create(&t, NULL, kicker, &k) || pthread_detach(t))
		die("pthread_create");
}

int main(void)
{
	uint64_t set, old;
	long r;

	pid = getpid();
	uid = getuid();
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) < 0)
		die("mmap");
	char *bad = page + 4096;

	/* Start from an empty mask whatever the caller left blocked. */
	set = 0;
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8);
	expect("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = %ld", r);
	set = bit(SIGINT) | bit(SIGTERM);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8);
	expect("rt_sigprocmask(SIG_BLOCK, [INT TERM], [], 8) = %ld", r);
	r = syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	expect("rt_sigprocmask(SIG_UNBLOCK, [INT TERM], NULL, 8) = %ld", r);
	set = ~0ULL;
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
	expect("rt_sigprocmask(SIG_SETMASK, ~[], [], 8) = %ld", r);
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &old, 8);
	expect("rt_sigprocmask(SIG_SETMASK, NULL, ~[KILL STOP], 8) = %ld", r);
	set = bit(32) | bit(33) | bit(34) | bit(64) | bit(SIGSYS);
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
	expect("rt_sigprocmask(SIG_SETMASK, [SYS RTMIN RT_1 RT_2 RT_32], ~[KILL STOP], 8) = %ld",
	       r);
	set = ~bit(64);
	r = syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
	expect("rt_sigprocmask(SIG_SETMASK, ~[RT_32], [SYS RTMIN RT_1 RT_2 RT_32], 8) = %ld", r);
	set = 0;
	/* how is an int: the high half of the register is not part of it. */
	r = syscall(SYS_rt_sigprocmask, 0x100000000UL | SIG_SETMASK, &set, NULL, 8);
	expect("rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = %ld", r);

	r = syscall(SYS_rt_sigprocmask, 3, &set, &old, 8);
	expect("rt_sigprocmask(0x3 /* SIG_??? */, [], %p, 8) = %ld EINVAL (Invalid argument)",
	       (void *)&old, r);
	r = syscall(SYS_rt_sigprocmask, -1, &set, &old, 8);
	expect(
	    "rt_sigprocmask(0xffffffff /* SIG_??? */, [], %p, 8) = %ld EINVAL (Invalid argument)",
	    (void *)&old, r);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 4);
	expect("rt_sigprocmask(SIG_BLOCK, %p, %p, 4) = %ld EINVAL (Invalid argument)", (void *)&set,
	       (void *)&old, r);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 0x100000008UL);
	expect("rt_sigprocmask(SIG_BLOCK, %p, %p, 4294967304) = %ld EINVAL (Invalid argument)",
	       (void *)&set, (void *)&old, r);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, &old, 8);
	expect("rt_sigprocmask(SIG_BLOCK, %p, %p, 8) = %ld EFAULT (Bad address)", bad, (void *)&old,
	       r);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, bad, 8);
	expect("rt_sigprocmask(SIG_BLOCK, [], %p, 8) = %ld EFAULT (Bad address)", bad, r);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad - 4, NULL, 8);
	expect("rt_sigprocmask(SIG_BLOCK, %p, NULL, 8) = %ld EFAULT (Bad address)", bad - 4, r);

	/* Blocked, pending, then delivered as soon as it is unblocked. */
	struct sigaction sa = {.sa_handler = handler};
	if (sigaction(SIGUSR1, &sa, NULL) < 0 || sigaction(SIGUSR2, &sa, NULL) < 0)
		die("sigaction");
	set = bit(SIGUSR1);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	expect("rt_sigprocmask(SIG_BLOCK, [USR1], NULL, 8) = %ld", r);
	r = syscall(SYS_kill, pid, SIGUSR1);
	/* kill and tgkill are the process family's: only their place is checked. */
	expect("kill(%ld, {*}) = %ld", pid, r);
	r = syscall(SYS_rt_sigpending, &old, 8);
	expect("rt_sigpending([USR1], 8) = %ld", r);
	r = syscall(SYS_rt_sigpending, &old, 1);
	expect("rt_sigpending([], 1) = %ld", r);
	r = syscall(SYS_rt_sigpending, &old, 2);
	expect("rt_sigpending([USR1], 2) = %ld", r);
	r = syscall(SYS_rt_sigpending, &old, 0);
	expect("rt_sigpending(%p, 0) = %ld", (void *)&old, r);
	r = syscall(SYS_rt_sigpending, &old, 9);
	expect("rt_sigpending(%p, 9) = %ld EINVAL (Invalid argument)", (void *)&old, r);
	r = syscall(SYS_rt_sigpending, bad, 8);
	expect("rt_sigpending(%p, 8) = %ld EFAULT (Bad address)", bad, r);
	r = syscall(SYS_rt_sigpending, NULL, 8);
	expect("rt_sigpending(NULL, 8) = %ld EFAULT (Bad address)", r);
	r = syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, &old, 8);
	expect("rt_sigprocmask(SIG_UNBLOCK, [USR1], [USR1], 8) = %ld", r);
	expect("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("rt_sigreturn({mask=[]}) = %ld", r);

	/* rt_sigsuspend: the handler runs with the temporary mask; rt_sigreturn
	 * restores the one from before the call. */
	set = bit(SIGINT);
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	expect("rt_sigprocmask(SIG_BLOCK, [INT], NULL, 8) = %ld", r);
	set = bit(SIGTERM) | bit(40);
	kick_later(SYS_rt_sigsuspend, SIGUSR2);
	r = syscall(SYS_rt_sigsuspend, &set, 8);
	expect("rt_sigsuspend([TERM RT_8], 8) = ? ERESTARTNOHAND (To be restarted if no handler)");
	expect("--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("rt_sigreturn({mask=[INT]}) = %ld EINTR (Interrupted system call)", r);
	r = syscall(SYS_rt_sigsuspend, bad, 8);
	expect("rt_sigsuspend(%p, 8) = %ld EFAULT (Bad address)", bad, r);
	r = syscall(SYS_rt_sigsuspend, &set, 4);
	expect("rt_sigsuspend(%p, 4) = %ld EINVAL (Invalid argument)", (void *)&set, r);

	kick_later(SYS_pause, SIGUSR2);
	r = syscall(SYS_pause);
	expect("pause() = ? ERESTARTNOHAND (To be restarted if no handler)");
	expect("--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=%ld, si_uid=%ld} ---", pid,
	       uid);
	expect("rt_sigreturn({mask=[INT]}) = %ld EINTR (Interrupted system call)", r);

	/* signalfd */
	set = bit(SIGUSR1);
	long fd = syscall(SYS_signalfd4, -1, &set, 8, SFD_CLOEXEC | SFD_NONBLOCK);
	expect("signalfd4(-1, [USR1], 8, SFD_CLOEXEC|SFD_NONBLOCK) = %ld", fd);
	r = syscall(SYS_signalfd4, fd, &set, 8, 0);
	expect("signalfd4(%ld, [USR1], 8, 0) = %ld", fd, r);
	r = syscall(SYS_signalfd4, -1, &set, 8, 0x1234);
	expect("signalfd4(-1, [USR1], 8, 0x1234 /* SFD_??? */) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_signalfd4, -1, &set, 8, SFD_NONBLOCK | 0x1000);
	expect("signalfd4(-1, [USR1], 8, SFD_NONBLOCK|0x1000) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_signalfd4, -1, bad, 8, 0);
	expect("signalfd4(-1, %p, 8, 0) = %ld EFAULT (Bad address)", bad, r);
	r = syscall(SYS_signalfd4, -1, &set, 4, 0);
	expect("signalfd4(-1, %p, 4, 0) = %ld EINVAL (Invalid argument)", (void *)&set, r);
	r = syscall(SYS_signalfd, -1, &set, 8);
	expect("signalfd(-1, [USR1], 8) = %ld", r);
	r = syscall(SYS_signalfd, -1, NULL, 8);
	expect("signalfd(-1, NULL, 8) = %ld EFAULT (Bad address)", r);

	r = syscall(SYS_alarm, 100);
	expect("alarm(100) = %ld", r);
	r = syscall(SYS_alarm, 0);
	expect("alarm(0) = %ld", r);
	return 0;
}
