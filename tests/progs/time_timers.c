/*
 * Timers and friends: timerfd_create/settime/gettime (TFD_* flags, struct
 * itimerspec), timer_create (struct sigevent), timer_settime/gettime,
 * setitimer/getitimer, alarm, times, sysinfo, eventfd/eventfd2, getrandom
 * (output bytes in hex at exit, -s limited), adjtimex and clock_adjtime
 * in read-only mode (modes=0: nothing is changed).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

#define ZERO_ITS  "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=0, tv_nsec=0}}"
#define ITS_1_500 "{it_interval={tv_sec=0, tv_nsec=0}, it_value={tv_sec=1, tv_nsec=500}}"

static char *itimerspec_str(const struct itimerspec *its)
{
	static char buf[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]),
		 "{it_interval={tv_sec=%ld, tv_nsec=%ld}, it_value={tv_sec=%ld, tv_nsec=%ld}}",
		 (long)its->it_interval.tv_sec, its->it_interval.tv_nsec,
		 (long)its->it_value.tv_sec, its->it_value.tv_nsec);
	return buf[i];
}

static char *hex(const unsigned char *p, size_t n)
{
	static char buf[256];
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, sizeof(buf) - k, "\\x%02x", p[i]);
	buf[k] = 0;
	return buf;
}

static void timex_expect(const char *call, const struct timex *tx, long r)
{
	static const char *const states[] = {"TIME_OK",	 "TIME_INS",  "TIME_DEL",
					     "TIME_OOP", "TIME_WAIT", "TIME_ERROR"};

	expect("%s{modes=0, offset=%ld, freq=%ld, maxerror=%ld, esterror=%ld, status={*}, "
	       "constant=%ld, precision=%ld, tolerance=%ld, time={tv_sec=%ld, tv_usec=%ld}, "
	       "tick=%ld, ppsfreq=%ld, jitter=%ld, shift=%d, stabil=%ld, jitcnt=%ld, calcnt=%ld, "
	       "errcnt=%ld, stbcnt=%ld, tai=%d}) = %ld (%s)",
	       call, tx->offset, tx->freq, tx->maxerror, tx->esterror, tx->constant, tx->precision,
	       tx->tolerance, (long)tx->time.tv_sec, (long)tx->time.tv_usec, tx->tick, tx->ppsfreq,
	       tx->jitter, tx->shift, tx->stabil, tx->jitcnt, tx->calcnt, tx->errcnt, tx->stbcnt,
	       tx->tai, r, r >= 0 && r <= 5 ? states[r] : "?");
}

int main(void)
{
	struct itimerspec its = {{0, 0}, {1, 500}}, old;
	long r, fd;

	char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bad == MAP_FAILED || munmap(bad, 4096))
		die("mmap");
	/* timer_settime below fires SIGUSR1 at once. */
	signal(SIGUSR1, SIG_IGN);

	fd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	expect("timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC|TFD_NONBLOCK) = %ld", fd);
	r = syscall(SYS_timerfd_create, CLOCK_BOOTTIME, 0x10);
	expect("timerfd_create(CLOCK_BOOTTIME, 0x10 /* TFD_??? */) = %ld EINVAL (Invalid argument)",
	       r);
	r = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC | 1);
	expect("timerfd_create(CLOCK_MONOTONIC, TFD_TIMER_ABSTIME|TFD_CLOEXEC) = %ld EINVAL "
	       "(Invalid argument)",
	       r);
	r = syscall(SYS_timerfd_settime, fd, 0, &its, &old);
	expect("timerfd_settime(%ld, 0, " ITS_1_500 ", " ZERO_ITS ") = %ld", fd, r);
	r = syscall(SYS_timerfd_settime, fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its,
		    NULL);
	expect("timerfd_settime(%ld, TFD_TIMER_ABSTIME|TFD_TIMER_CANCEL_ON_SET, " ITS_1_500
	       ", NULL) = %ld",
	       fd, r);
	r = syscall(SYS_timerfd_settime, fd, 4, &its, NULL);
	expect("timerfd_settime(%ld, 0x4 /* TFD_??? */, " ITS_1_500
	       ", NULL) = %ld EINVAL (Invalid argument)",
	       fd, r);
	r = syscall(SYS_timerfd_settime, fd, 0, bad, NULL);
	expect("timerfd_settime(%ld, 0, %p, NULL) = %ld EFAULT (Bad address)", fd, (void *)bad, r);
	r = syscall(SYS_timerfd_settime, fd, 0, &its, bad);
	expect("timerfd_settime(%ld, 0, " ITS_1_500 ", %p) = %ld EFAULT (Bad address)", fd,
	       (void *)bad, r);
	r = syscall(SYS_timerfd_gettime, fd, &old);
	expect("timerfd_gettime(%ld, %s) = %ld", fd, itimerspec_str(&old), r);
	r = syscall(SYS_timerfd_gettime, fd, NULL);
	expect("timerfd_gettime(%ld, NULL) = %ld EFAULT (Bad address)", fd, r);
	close(fd);

	struct sigevent sev;
	int tid;
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_int = 42;
	r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
	expect("timer_create(CLOCK_MONOTONIC, {sigev_value={sival_int=42, sival_ptr=0x2a}, "
	       "sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}, [%d]) = %ld",
	       tid, r);
	int tid0 = tid;
	r = syscall(SYS_timer_create, CLOCK_REALTIME, NULL, &tid);
	expect("timer_create(CLOCK_REALTIME, NULL, [%d]) = %ld", tid, r);
	sev.sigev_value.sival_int = 0;
	sev.sigev_notify = SIGEV_NONE;
	r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
	expect(
	    "timer_create(CLOCK_MONOTONIC, {sigev_signo=%d, sigev_notify=SIGEV_NONE}, [%d]) = %ld",
	    SIGUSR1, tid, r);
	sev.sigev_notify = SIGEV_THREAD_ID;
	sev._sigev_un._tid = getpid();
	sev.sigev_signo = SIGRTMIN + 8 - (SIGRTMIN - 32); /* the kernel's 40 */
	r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
	expect("timer_create(CLOCK_MONOTONIC, {sigev_signo=SIGRT_8, sigev_notify=SIGEV_THREAD_ID, "
	       "sigev_notify_thread_id=%d}, [%d]) = %ld",
	       getpid(), tid, r);
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_signo = SIGUSR1;
	sev._sigev_un._sigev_thread._function = (void (*)(union sigval))0x1234;
	sev._sigev_un._sigev_thread._attribute = (void *)0x5678;
	r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
	expect("timer_create(CLOCK_MONOTONIC, {sigev_signo=SIGUSR1, sigev_notify=SIGEV_THREAD, "
	       "sigev_notify_function=0x1234, sigev_notify_attributes=0x5678}, [%d]) = %ld",
	       tid, r);
	sev.sigev_notify = 99;
	sev.sigev_signo = 200;
	r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &tid);
	expect(
	    "timer_create(CLOCK_MONOTONIC, {sigev_signo=200, sigev_notify=0x63 /* SIGEV_??? */}, "
	    "%p) = %ld EINVAL (Invalid argument)",
	    (void *)&tid, r);
	r = syscall(SYS_timer_create, CLOCK_MONOTONIC, bad, &tid);
	expect("timer_create(CLOCK_MONOTONIC, %p, %p) = %ld EFAULT (Bad address)", (void *)bad,
	       (void *)&tid, r);

	r = syscall(SYS_timer_settime, tid0, 0, &its, &old);
	expect("timer_settime(%d, 0, " ITS_1_500 ", " ZERO_ITS ") = %ld", tid0, r);
	r = syscall(SYS_timer_gettime, tid0, &old);
	expect("timer_gettime(%d, %s) = %ld", tid0, itimerspec_str(&old), r);
	r = syscall(SYS_timer_settime, tid0, TIMER_ABSTIME, &its, NULL);
	expect("timer_settime(%d, TIMER_ABSTIME, " ITS_1_500 ", NULL) = %ld", tid0, r);
	r = syscall(SYS_timer_settime, tid0, 0x10, &its, NULL);
	expect("timer_settime(%d, 0x10 /* TIMER_??? */, " ITS_1_500 ", NULL) = %ld", tid0, r);
	r = syscall(SYS_timer_gettime, 9999, &old);
	expect("timer_gettime(9999, %p) = %ld EINVAL (Invalid argument)", (void *)&old, r);
	r = syscall(SYS_timer_getoverrun, tid0);
	expect("timer_getoverrun(%d) = %ld", tid0, r);
	r = syscall(SYS_timer_delete, tid0);
	expect("timer_delete(%d) = %ld", tid0, r);

	struct itimerval iv = {{0, 0}, {10, 0}}, oiv;
	r = syscall(SYS_setitimer, ITIMER_REAL, &iv, &oiv);
	expect(
	    "setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=10, "
	    "tv_usec=0}}, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, tv_usec=0}}) = "
	    "%ld",
	    r);
	r = syscall(SYS_getitimer, ITIMER_REAL, &oiv);
	expect(
	    "getitimer(ITIMER_REAL, {it_interval={tv_sec=%ld, tv_usec=%ld}, it_value={tv_sec=%ld, "
	    "tv_usec=%ld}}) = %ld",
	    (long)oiv.it_interval.tv_sec, (long)oiv.it_interval.tv_usec, (long)oiv.it_value.tv_sec,
	    (long)oiv.it_value.tv_usec, r);
	iv.it_value.tv_sec = 0;
	r = syscall(SYS_setitimer, ITIMER_REAL, &iv, NULL);
	expect("setitimer(ITIMER_REAL, {it_interval={tv_sec=0, tv_usec=0}, it_value={tv_sec=0, "
	       "tv_usec=0}}, NULL) = %ld",
	       r);
	r = syscall(SYS_getitimer, 5, &oiv);
	expect("getitimer(0x5 /* ITIMER_??? */, %p) = %ld EINVAL (Invalid argument)", (void *)&oiv,
	       r);
	r = syscall(SYS_setitimer, ITIMER_PROF, bad, bad);
	expect("setitimer(ITIMER_PROF, %p, %p) = %ld EFAULT (Bad address)", (void *)bad,
	       (void *)bad, r);
	r = syscall(SYS_alarm, 5);
	expect("alarm(5) = %ld", r);
	r = syscall(SYS_alarm, 0);
	expect("alarm(0) = %ld", r);

	struct tms tm;
	r = syscall(SYS_times, &tm);
	expect("times({tms_utime=%ld, tms_stime=%ld, tms_cutime=%ld, tms_cstime=%ld}) = %ld",
	       (long)tm.tms_utime, (long)tm.tms_stime, (long)tm.tms_cutime, (long)tm.tms_cstime, r);
	r = syscall(SYS_times, NULL);
	expect("times(NULL) = %ld", r);
	r = syscall(SYS_times, bad);
	expect("times(%p) = %ld EFAULT (Bad address)", (void *)bad, r);

	struct sysinfo si;
	r = syscall(SYS_sysinfo, &si);
	expect("sysinfo({uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, "
	       "sharedram=%lu, bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, "
	       "totalhigh=%lu, freehigh=%lu, mem_unit=%u}) = %ld",
	       si.uptime, si.loads[0], si.loads[1], si.loads[2], si.totalram, si.freeram,
	       si.sharedram, si.bufferram, si.totalswap, si.freeswap, (unsigned)si.procs,
	       si.totalhigh, si.freehigh, si.mem_unit, r);
	r = syscall(SYS_sysinfo, bad);
	expect("sysinfo(%p) = %ld EFAULT (Bad address)", (void *)bad, r);

	fd = syscall(SYS_eventfd2, 3, EFD_NONBLOCK | EFD_CLOEXEC | EFD_SEMAPHORE);
	expect("eventfd2(3, EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK) = %ld", fd);
	close(fd);
	r = syscall(SYS_eventfd2, 0, 0x10);
	expect("eventfd2(0, 0x10 /* EFD_??? */) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_eventfd2, 0, EFD_CLOEXEC | 0x10);
	expect("eventfd2(0, EFD_CLOEXEC|0x10) = %ld EINVAL (Invalid argument)", r);
	fd = syscall(SYS_eventfd, 7);
	expect("eventfd(7) = %ld", fd);
	close(fd);

	unsigned char rnd[64];
	r = syscall(SYS_getrandom, rnd, 8, GRND_NONBLOCK);
	expect("getrandom(\"%s\", 8, GRND_NONBLOCK) = %ld", hex(rnd, 8), r);
	r = syscall(SYS_getrandom, rnd, 64, 0);
	expect("getrandom(\"%s\"..., 64, 0) = %ld", hex(rnd, 32), r);
	r = syscall(SYS_getrandom, rnd, 0, 0);
	expect("getrandom(\"\", 0, 0) = %ld", r);
	r = syscall(SYS_getrandom, rnd, 8, GRND_RANDOM | GRND_INSECURE);
	expect("getrandom(%p, 8, GRND_RANDOM|GRND_INSECURE) = %ld EINVAL (Invalid argument)",
	       (void *)rnd, r);
	r = syscall(SYS_getrandom, rnd, 8, 0x10);
	expect("getrandom(%p, 8, 0x10 /* GRND_??? */) = %ld EINVAL (Invalid argument)", (void *)rnd,
	       r);
	r = syscall(SYS_getrandom, bad, 8, 0);
	expect("getrandom(%p, 8, 0) = %ld EFAULT (Bad address)", (void *)bad, r);

	struct timex tx;
	memset(&tx, 0, sizeof(tx));
	r = syscall(SYS_adjtimex, &tx);
	timex_expect("adjtimex(", &tx, r);
	memset(&tx, 0, sizeof(tx));
	r = syscall(SYS_clock_adjtime, CLOCK_REALTIME, &tx);
	timex_expect("clock_adjtime(CLOCK_REALTIME, ", &tx, r);
	r = syscall(SYS_adjtimex, bad);
	expect("adjtimex(%p) = %ld EFAULT (Bad address)", (void *)bad, r);
	r = syscall(SYS_adjtimex, NULL);
	expect("adjtimex(NULL) = %ld EFAULT (Bad address)", r);
	r = syscall(SYS_clock_adjtime, 99, &tx);
	expect("clock_adjtime(0x63 /* CLOCK_??? */, %p) = %ld EINVAL (Invalid argument)",
	       (void *)&tx, r);
	return 0;
}
