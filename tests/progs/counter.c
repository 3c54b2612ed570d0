/*
 * A program to attach to and to signal from outside (run.sh's -p, stop and
 * kill tests). "counter FILE loop [N]" runs N extra threads; every thread
 * loops on nanosleep(2 ms), getppid() and a pwrite of its counter into
 * FILE (11 bytes per thread, main thread first), so run.sh can see whether
 * each one still runs. "counter FILE block" sleeps in read on a pipe
 * instead. Both write their pid to FILE.pid when ready, and exit after
 * 60 s in case nobody kills them.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

void die(const char *fmt, ...);

static int fd;

static void *loop(void *arg)
{
	long slot = (long)arg, n = 0;
	struct timespec ts = {0, 2000000};
	char buf[32];

	for (;;) {
		syscall(SYS_nanosleep, &ts, NULL);
		syscall(SYS_getppid);
		snprintf(buf, sizeof(buf), "%10ld\n", ++n);
		if (pwrite(fd, buf, 11, slot * 11) != 11)
			die("pwrite");
	}
	return NULL;
}

int main(int argc, char **argv)
{
	char tmp[4096], final[4096];
	int p[2];
	pthread_t t;

	if (argc < 3)
		die("usage: counter FILE loop [N] | counter FILE block");
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pipe(p) < 0)
		die("setup");
	alarm(60);
	int threads = argc > 3 ? atoi(argv[3]) : 0;
	for (long i = 1; i <= threads; i++)
		if (pthread_create(&t, NULL, loop, (void *)i))
			die("pthread_create");

	/* Renamed into place so that a reader never sees a partial pid. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[1]);
	snprintf(final, sizeof(final), "%s.pid", argv[1]);
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", getpid()) < 0 || fclose(f) || rename(tmp, final))
		die("pid file");

	if (strcmp(argv[2], "block") == 0) {
		char c;
		syscall(SYS_read, p[0], &c, 1);
		die("read returned");
	}
	loop(0);
}
