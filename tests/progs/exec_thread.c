/*
 * execve from a thread that is not the leader, while the leader sleeps in
 * pause(). The kernel kills the other threads, and the exec'ing thread
 * takes over the leader's pid; the tracer sees the exec in the leader's
 * pid (strace: "+++ superseded by execve in pid TID +++" for the leader,
 * then "<... execve resumed>) = 0" under the leader's pid). The new image
 * ("exec_thread after") checks its pid is the old leader's and exits 6.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern int expect_tids;
void expect(const char *fmt, ...);
void expect_tid(long tid, const char *fmt, ...);
void die(const char *fmt, ...);
void wait_blocked(long pid, long tid, long nr);

extern char **environ;
static long pid;
static char pidarg[32];

static void *execer(void *arg)
{
	long tid = syscall(SYS_gettid);
	char *argv[] = {"exec_thread", "after", pidarg, NULL};

	(void)arg;
	wait_blocked(pid, pid, SYS_pause);
	expect("~ execve\\(\"/proc/self/exe\", .*");
	expect_tid(pid, "~ pause\\(\\) += \\?");
	expect_tid(pid, "+++ superseded by execve in pid %ld +++", tid);
	/* strace finishes the exec in the leader's pid; a full line there would do as well. */
	expect_tid(pid, "~ (<\\.\\.\\. execve resumed>|execve\\(\"/proc/self/exe\", .*)\\) += 0");
	snprintf(pidarg, sizeof(pidarg), "%ld", pid);
	syscall(SYS_execve, "/proc/self/exe", argv, environ);
	die("execve");
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	expect_tids = 1;
	pid = getpid();
	if (argc == 3 && strcmp(argv[1], "after") == 0) {
		if (pid != atol(argv[2]))
			die("pid %ld after exec, want %s", pid, argv[2]);
		expect("getppid() = %ld", (long)syscall(SYS_getppid));
		expect("exit_group(6) = ?");
		expect("+++ exited with 6 +++");
		syscall(SYS_exit_group, 6);
	}
	if (pthread_create(&t, NULL, execer, NULL))
		die("pthread_create");
	syscall(SYS_pause);
	die("pause returned");
}
