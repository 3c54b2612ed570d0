/* The ptrace backend: PTRACE_SEIZE-based, follows threads/forks/exec. */
#ifndef SCRY_PTRACE_H
#define SCRY_PTRACE_H
#include <stdbool.h>
#include <stdint.h>

#include "engine/backend.h"

struct ptrace_opts {
	bool follow; /* -f: trace clone/fork/vfork children too */
	/* Poll for stops this long before sleeping in waitpid. Most of a ptrace
	 * stop's cost on a VM is waking the sleeping tracer on another CPU; a
	 * tracer that is still awake when the stop comes skips that. 0: never. */
	unsigned spin_us;
	/* Yield the CPU once before sleeping in waitpid: for a tracer confined to
	 * one CPU (with its tracees, --pin or taskset). The tracee we just resumed
	 * runs and stops while we stay runnable, so the stop need not wake us:
	 * no dequeue and wake-up of the tracer per stop. */
	bool yield_first;
	void (*idle)(void *arg); /* called before the engine sleeps (flush output) */
	void *idle_arg;
	bool want_stime; /* fill event.stime_ns from wait4's rusage (-c, as strace -c) */
	/* x86_64 syscalls to stop at; when set, spawned commands run under a
	 * seccomp filter so the others never stop them. Needs follow: a child
	 * that nobody traces would get ENOSYS from the filter. */
	const uint8_t *seccomp_bits;
	unsigned seccomp_nbits;
};

struct backend *ptrace_backend_new(const struct ptrace_opts *o);
/* Starts path with argv/envp under trace; events start at its execve.
 * Returns the pid, or -errno. */
int ptrace_spawn(struct backend *b, const char *path, char *const argv[], char *const envp[]);
/* Attaches to a running process (all its threads when follow). Returns how
 * many threads were newly attached, or -errno. */
int ptrace_attach(struct backend *b, int pid);
/* Number of traced threads. */
unsigned ptrace_count(struct backend *b);

#endif
