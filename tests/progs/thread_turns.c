/*
 * Every traced thread gets its turn: the main thread makes syscalls without
 * pause until a second thread, started after it, has made one. A tracer that
 * always serves the first stopped thread it finds starves the second (seen
 * on one CPU, where the main thread is stopped again each time the tracer
 * looks). Exits 0 when the second thread ran, 1 after 5 s without it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int ran;

static void *second(void *arg)
{
	(void)arg;
	syscall(SYS_getpid);
	atomic_store(&ran, 1);
	return NULL;
}

int main(void)
{
	struct timespec t0, t;
	pthread_t th;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pthread_create(&th, NULL, second, NULL))
		return 2;
	do {
		syscall(SYS_getppid);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (!atomic_load(&ran) && t.tv_sec - t0.tv_sec < 5);
	if (!atomic_load(&ran)) {
		fprintf(stderr, "thread_turns: the second thread never ran\n");
		return 1;
	}
	pthread_join(th, NULL);
	return 0;
}
