/*
 * Threads under -f. Three stages, each arranged so its order is certain
 * (wait_blocked: the sibling is asleep inside the syscall, not just near it):
 *  1. a reader blocks in read on a pipe, the main thread writes: the read
 *     is split into "<unfinished ...>" and "<... read resumed>";
 *  2. a thread exits (raw exit, code 3) while the main thread and another
 *     thread sleep in read: the sleepers are woken afterwards, unharmed;
 *  3. a non-leader thread calls exit_group(4) while the leader sleeps in
 *     read and another thread in nanosleep: every thread ends, status 4.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

extern int expect_tids;
void expect(const char *fmt, ...);
void expect_tid(long tid, const char *fmt, ...);
void die(const char *fmt, ...);
void wait_blocked(long pid, long tid, long nr);
char task_state(long pid, long tid);
void sleep_ms(long ms);

static long pid;
static int pa[2], pb[2], pc[2];
/* Kernel tids, published by each thread (glibc 2.36 has no pthread_gettid_np). */
static volatile long tid_r, tid_e, tid_s, tid_n;

static void *reader(void *arg)
{
	char c;
	long r;

	(void)arg;
	r = syscall(SYS_gettid);
	expect("gettid() = %ld", r);
	tid_r = r;
	r = syscall(SYS_read, pa[0], &c, 1);
	expect("read(%d, \"x\", 1) = %ld", pa[0], r);
	expect("R~ read\\(%d, +<unfinished \\.\\.\\.>", pa[0]);
	expect("R~ <\\.\\.\\. read resumed>\"x\", 1\\) += 1");
	expect("exit(0) = ?");
	expect("+++ exited with 0 +++");
	return NULL;
}

/* Stage 2: blocks in read on pb until the waker writes. */
static void *sleeper(void *arg)
{
	char c;
	long r;

	(void)arg;
	tid_s = syscall(SYS_gettid);
	r = syscall(SYS_read, pb[0], &c, 1);
	expect("read(%d, \"s\", 1) = %ld", pb[0], r);
	return NULL;
}

static void *exiter(void *arg)
{
	(void)arg;
	tid_e = syscall(SYS_gettid);
	while (!tid_s)
		sleep_ms(1);
	wait_blocked(pid, pid, SYS_read);
	wait_blocked(pid, tid_s, SYS_read);
	expect("exit(3) = ?");
	expect("+++ exited with 3 +++");
	syscall(SYS_exit, 3);
	return NULL;
}

/* Wakes the stage 2 sleepers once the exiter is gone from /proc. */
static void *waker(void *arg)
{
	(void)arg;
	while (!tid_e || task_state(pid, tid_e) != '?')
		sleep_ms(1);
	if (write(pb[1], "s", 1) != 1 || write(pc[1], "m", 1) != 1)
		die("write");
	return NULL;
}

static void *napper(void *arg)
{
	struct timespec ts = {60, 0};

	(void)arg;
	tid_n = syscall(SYS_gettid);
	syscall(SYS_nanosleep, &ts, NULL);
	die("nanosleep survived exit_group");
	return NULL;
}

static void *ender(void *arg)
{
	(void)arg;
	while (!tid_n)
		sleep_ms(1);
	wait_blocked(pid, pid, SYS_read);
	wait_blocked(pid, tid_n, SYS_nanosleep);
	/* Every thread, blocked or not, ends with the group's status. */
	expect("exit_group(4) = ?");
	expect("+++ exited with 4 +++");
	expect_tid(pid, "~ read\\(%d, .*\\) += \\?", pc[0]);
	expect_tid(pid, "+++ exited with 4 +++");
	expect_tid(tid_n, "~ nanosleep\\(.*\\) += \\?");
	expect_tid(tid_n, "+++ exited with 4 +++");
	syscall(SYS_exit_group, 4);
	return NULL;
}

int main(void)
{
	pthread_t t[6];
	char c;

	expect_tids = 1;
	pid = getpid();
	if (pipe(pa) < 0 || pipe(pb) < 0 || pipe(pc) < 0)
		die("pipe");

	/* Stage 1 */
	if (pthread_create(&t[0], NULL, reader, NULL))
		die("pthread_create");
	while (!tid_r)
		sleep_ms(1);
	wait_blocked(pid, tid_r, SYS_read);
	expect("write(%d, \"x\", 1) = %ld", pa[1], (long)syscall(SYS_write, pa[1], "x", 1));
	pthread_join(t[0], NULL);

	/* Stage 2 */
	if (pthread_create(&t[1], NULL, sleeper, NULL) ||
	    pthread_create(&t[2], NULL, exiter, NULL) || pthread_create(&t[3], NULL, waker, NULL))
		die("pthread_create");
	expect("read(%d, \"m\", 1) = %ld", pc[0], (long)syscall(SYS_read, pc[0], &c, 1));
	pthread_join(t[1], NULL);
	pthread_join(t[2], NULL);
	pthread_join(t[3], NULL);

	/* Stage 3 */
	if (pthread_create(&t[4], NULL, napper, NULL) || pthread_create(&t[5], NULL, ender, NULL))
		die("pthread_create");
	syscall(SYS_read, pc[0], &c, 1);
	die("read survived exit_group");
}
