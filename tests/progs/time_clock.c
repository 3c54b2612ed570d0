/*
 * Clocks and sleeps: nanosleep and clock_nanosleep (the remaining time is
 * shown only when a signal cuts the sleep short, and never for
 * TIMER_ABSTIME), clock_gettime/getres/settime, gettimeofday,
 * settimeofday, time (with strace's date comments).  Nothing here may set
 * the clock: settime calls get out-of-range values and fail with EINVAL.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

void expect(const char *fmt, ...);
void die(const char *fmt, ...);

static void handler(int sig)
{
	(void)sig;
}

/* Arms a one-shot SIGALRM 20 ms from now (setitimer is not traced here). */
static void alarm_soon(void)
{
	struct itimerval it = {{0, 0}, {0, 20000}};

	if (setitimer(ITIMER_REAL, &it, NULL))
		die("setitimer");
}

static const char *date(time_t t)
{
	static char buf[64];
	struct tm tm;

	strftime(buf, sizeof(buf), "%FT%T%z", localtime_r(&t, &tm));
	return buf;
}

int main(void)
{
	struct sigaction sa;
	struct timespec ts, rem;
	struct timeval tv;
	struct timezone tz;
	long r;

	/* An unmapped page: pointers into it are unreadable. */
	char *bad = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bad == MAP_FAILED || munmap(bad, 4096))
		die("mmap");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	if (sigaction(SIGALRM, &sa, NULL))
		die("sigaction");

	ts = (struct timespec){0, 1000};
	r = syscall(SYS_nanosleep, &ts, &rem);
	expect("nanosleep({tv_sec=0, tv_nsec=1000}, %p) = %ld", (void *)&rem, r);
	r = syscall(SYS_nanosleep, &ts, NULL);
	expect("nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = %ld", r);
	ts = (struct timespec){0, 1000000000};
	r = syscall(SYS_nanosleep, &ts, NULL);
	expect("nanosleep({tv_sec=0, tv_nsec=1000000000}, NULL) = %ld EINVAL (Invalid argument)",
	       r);
	ts = (struct timespec){-1, 5};
	r = syscall(SYS_nanosleep, &ts, NULL);
	expect("nanosleep({tv_sec=-1, tv_nsec=5}, NULL) = %ld EINVAL (Invalid argument)", r);
	r = syscall(SYS_nanosleep, bad, NULL);
	expect("nanosleep(%p, NULL) = %ld EFAULT (Bad address)", (void *)bad, r);
	r = syscall(SYS_nanosleep, NULL, NULL);
	expect("nanosleep(NULL, NULL) = %ld EFAULT (Bad address)", r);

	/* Interrupted: the kernel writes the time left, which strace shows. */
	ts = (struct timespec){5, 0};
	alarm_soon();
	syscall(SYS_nanosleep, &ts, &rem);
	expect("nanosleep({tv_sec=5, tv_nsec=0}, {tv_sec=%ld, tv_nsec=%ld}) = ? "
	       "ERESTART_RESTARTBLOCK (Interrupted by signal)",
	       (long)rem.tv_sec, rem.tv_nsec);
	alarm_soon();
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &ts, &rem);
	expect("clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=5, tv_nsec=0}, {tv_sec=%ld, "
	       "tv_nsec=%ld}) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)",
	       (long)rem.tv_sec, rem.tv_nsec);
	/* An absolute sleep has no remaining time. */
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += 5;
	alarm_soon();
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &until, &rem);
	expect("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, {tv_sec=%ld, tv_nsec=%ld}, %p) = ? "
	       "ERESTARTNOHAND (To be restarted if no handler)",
	       (long)until.tv_sec, until.tv_nsec, (void *)&rem);

	ts = (struct timespec){0, 1000};
	r = syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME, &ts, &rem);
	expect("clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, {tv_sec=0, tv_nsec=1000}, %p) = %ld",
	       (void *)&rem, r);
	r = syscall(SYS_clock_nanosleep, CLOCK_REALTIME, TIMER_ABSTIME | 2, &ts, NULL);
	expect(
	    "clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME|0x2, {tv_sec=0, tv_nsec=1000}, NULL) = "
	    "%ld",
	    r);
	r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0x10, NULL, NULL);
	expect(
	    "clock_nanosleep(CLOCK_MONOTONIC, 0x10 /* TIMER_??? */, NULL, NULL) = %ld EFAULT (Bad "
	    "address)",
	    r);
	r = syscall(SYS_clock_nanosleep, 99, 0, &ts, NULL);
	expect("clock_nanosleep(0x63 /* CLOCK_??? */, 0, {tv_sec=0, tv_nsec=1000}, NULL) = %ld "
	       "EINVAL (Invalid argument)",
	       r);

	r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	expect("clock_gettime(CLOCK_MONOTONIC, {tv_sec=%ld, tv_nsec=%ld}) = %ld", (long)ts.tv_sec,
	       ts.tv_nsec, r);
	r = syscall(SYS_clock_gettime, CLOCK_REALTIME, bad);
	expect("clock_gettime(CLOCK_REALTIME, %p) = %ld EFAULT (Bad address)", (void *)bad, r);
	r = syscall(SYS_clock_gettime, CLOCK_BOOTTIME, NULL);
	expect("clock_gettime(CLOCK_BOOTTIME, NULL) = %ld EFAULT (Bad address)", r);
	r = syscall(SYS_clock_gettime, 99, &ts);
	expect("clock_gettime(0x63 /* CLOCK_??? */, %p) = %ld EINVAL (Invalid argument)",
	       (void *)&ts, r);
	r = syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	expect("clock_getres(CLOCK_MONOTONIC, {tv_sec=%ld, tv_nsec=%ld}) = %ld", (long)ts.tv_sec,
	       ts.tv_nsec, r);
	r = syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL);
	expect("clock_getres(CLOCK_MONOTONIC, NULL) = %ld", r);
	/* tv_nsec is printed unsigned, as the kernel's long. */
	ts = (struct timespec){1700000000, -1};
	r = syscall(SYS_clock_settime, CLOCK_REALTIME, &ts);
	expect("clock_settime(CLOCK_REALTIME, {tv_sec=1700000000, tv_nsec=18446744073709551615}) = "
	       "%ld EINVAL (Invalid argument)",
	       r);
	r = syscall(SYS_clock_settime, CLOCK_REALTIME, bad);
	expect("clock_settime(CLOCK_REALTIME, %p) = %ld EFAULT (Bad address)", (void *)bad, r);

	r = syscall(SYS_gettimeofday, &tv, &tz);
	expect("gettimeofday({tv_sec=%ld, tv_usec=%ld}, {tz_minuteswest=%d, tz_dsttime=%d}) = %ld",
	       (long)tv.tv_sec, (long)tv.tv_usec, tz.tz_minuteswest, tz.tz_dsttime, r);
	r = syscall(SYS_gettimeofday, &tv, NULL);
	expect("gettimeofday({tv_sec=%ld, tv_usec=%ld}, NULL) = %ld", (long)tv.tv_sec,
	       (long)tv.tv_usec, r);
	r = syscall(SYS_gettimeofday, NULL, NULL);
	expect("gettimeofday(NULL, NULL) = %ld", r);
	r = syscall(SYS_gettimeofday, bad, NULL);
	expect("gettimeofday(%p, NULL) = %ld EFAULT (Bad address)", (void *)bad, r);
	tv = (struct timeval){1700000000, -5};
	r = syscall(SYS_settimeofday, &tv, NULL);
	expect("settimeofday({tv_sec=1700000000, tv_usec=18446744073709551611}, NULL) = %ld EINVAL "
	       "(Invalid argument)",
	       r);

	time_t t;
	r = syscall(SYS_time, &t);
	expect("time([%ld /* %s */]) = %ld (%s)", (long)t, date(t), r, date(r));
	r = syscall(SYS_time, NULL);
	expect("time(NULL) = %ld (%s)", r, date(r));
	r = syscall(SYS_time, bad);
	expect("time(%p) = %ld EFAULT (Bad address)", (void *)bad, r);
	return 0;
}
