/*
 * runtime: run a command once, print "WALL_MS CPU_MS STATUS" on stdout.
 *
 *   runtime [-o FILE] [--] CMD ARGS...
 *
 * WALL_MS is CLOCK_MONOTONIC from before fork to after wait4.  CPU_MS is user
 * plus system time from wait4's rusage, which covers the child and every
 * descendant it reaped: a tracer and its tracees, all threads of a Go
 * program.  STATUS is the exit code, or 128+N for a death by signal N, and is
 * also runtime's own exit code.  -o sends the command's stdout and stderr to
 * FILE (truncated).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double ms_of_tv(struct timeval tv)
{
	return tv.tv_sec * 1e3 + tv.tv_usec / 1e3;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void child_exec(const char *out, char **argv)
{
	if (out) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0 || dup2(1, 2) < 0) {
			fprintf(stderr, "runtime: open '%s': %s\n", out, strerror(errno));
			_exit(127);
		}
	}
	execvp(argv[0], argv);
	/* stderr may be FILE by now: the caller reads it on failure */
	fprintf(stderr, "runtime: exec '%s': %s\n", argv[0], strerror(errno));
	_exit(127);
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	struct rusage ru;
	double t0, t1;
	int i = 1, st, code;
	pid_t pid;

	if (i + 1 < argc && strcmp(argv[i], "-o") == 0) {
		out = argv[i + 1];
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: runtime [-o FILE] [--] CMD ARGS...\n");
		return 2;
	}

	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		perror("runtime: fork");
		return 127;
	}
	if (pid == 0)
		child_exec(out, argv + i);
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runtime: wait4");
			return 127;
		}
	}
	t1 = now_ms();

	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	printf("%.3f %.3f %d\n", t1 - t0, ms_of_tv(ru.ru_utime) + ms_of_tv(ru.ru_stime), code);
	return code;
}
