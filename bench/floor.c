/*
 * floor: what tracing costs the kernel alone, as references for the bench.
 *
 *   floor ptrace CMD ARGS...    the least a ptrace tracer can do: every
 *                               thread and child followed (like -f), one
 *                               PTRACE_GET_SYSCALL_INFO per syscall stop,
 *                               nothing decoded or printed.  It waits for
 *                               stops as scry's engine does (polls for
 *                               FLOOR_SPIN_US=50 us, then blocks; on one CPU
 *                               it yields once instead of polling, looking
 *                               for stops before the yield too when there
 *                               are several tracees; SIGCHLD with
 *                               SA_NOCLDSTOP), so scry's distance to it is
 *                               the cost of scry's own work.  (scry also
 *                               stops yielding for a while after a slow
 *                               yield, when another program shares the
 *                               CPU; nothing does in the bench.)
 *   floor seccomp CMD ARGS...   no tracer: CMD runs under a seccomp filter of
 *                               the shape scry installs for -e trace=NAME,
 *                               which traces one syscall CMD never makes.
 *                               The cost of the filter itself, the floor of
 *                               filtered tracing.
 *
 * Exits with CMD's status (128+N for a death by signal N).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Not in glibc 2.36's <sys/ptrace.h>; the value is the kernel's. */
#ifndef PTRACE_GET_SYSCALL_INFO
#define PTRACE_GET_SYSCALL_INFO 0x420e
#endif

static unsigned long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}

static int status_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run_ptrace(char **argv)
{
	const char *env = getenv("FLOOR_SPIN_US");
	unsigned long long spin_ns = (env ? strtoull(env, NULL, 10) : 50) * 1000ull;
	cpu_set_t set;
	int one_cpu = sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) < 2;
	if (one_cpu)
		spin_ns = 0;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);

	pid_t child = fork();
	if (child < 0)
		return perror("floor: fork"), 1;
	if (child == 0) {
		raise(SIGSTOP); /* until seized */
		execvp(argv[0], argv);
		_exit(127);
	}
	int st, result = 1, ntracees = 1;
	if (waitpid(child, &st, WSTOPPED) != child ||
	    ptrace(PTRACE_SEIZE, child, 0L,
		   (long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE |
			  PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK)) < 0)
		return perror("floor: seize"), 1;
	kill(child, SIGCONT);
	/* The SIGSTOP's group-stop is already consumed: the next stop is the
	 * SIGCONT's delivery, resumed with PTRACE_SYSCALL like every other. */
	for (;;) {
		pid_t pid = 0;
		if (spin_ns) {
			unsigned long long deadline = now_ns() + spin_ns;
			do
				pid = waitpid(-1, &st, __WALL | WNOHANG);
			while (pid == 0 && now_ns() < deadline);
		}
		if (pid == 0 && one_cpu) {
			/* As scry: with several tracees, look before yielding too. */
			if (ntracees > 1)
				pid = waitpid(-1, &st, __WALL | WNOHANG);
			if (pid == 0) {
				sched_yield();
				pid = waitpid(-1, &st, __WALL | WNOHANG);
			}
		}
		if (pid == 0)
			pid = waitpid(-1, &st, __WALL);
		if (pid < 0)
			break; /* ECHILD: everyone is gone */
		if (WIFEXITED(st) || WIFSIGNALED(st)) {
			ntracees--;
			if (pid == child)
				result = status_of(st);
			continue;
		}
		int sig = WSTOPSIG(st), inject = 0;
		if (sig == (SIGTRAP | 0x80)) {
			unsigned char info[128];
			ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(info), info);
		} else if (st >> 16 == PTRACE_EVENT_CLONE || st >> 16 == PTRACE_EVENT_FORK ||
			   st >> 16 == PTRACE_EVENT_VFORK) {
			ntracees++;
		} else if (st >> 16 == PTRACE_EVENT_STOP) {
			if (sig != SIGTRAP) { /* group-stop: leave it in place */
				ptrace(PTRACE_LISTEN, pid, 0L, 0L);
				continue;
			}
		} else if (st >> 16 == 0) {
			inject = sig; /* signal-delivery stop */
		}
		ptrace(PTRACE_SYSCALL, pid, 0L, (long)inject);
	}
	return result;
}

static int run_seccomp(char **argv)
{
	/* scry's filter for -e trace=NAME: other architectures and x32 go to
	 * the tracer, then one compare per traced syscall.  acct is the one
	 * here: the workloads never call it (and with no tracer, a traced
	 * syscall would fail with ENOSYS). */
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_acct, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return perror("floor: seccomp"), 1;
	execvp(argv[0], argv);
	perror("floor: exec");
	return 127;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "ptrace"))
		return run_ptrace(argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "seccomp"))
		return run_seccomp(argv + 2);
	fprintf(stderr, "usage: floor ptrace|seccomp CMD [ARGS...]\n");
	return 2;
}
