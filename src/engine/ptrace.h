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
	void (*idle)(void *arg); /* called before the engine sleeps (flush output) */
	/* x86_64 syscalls to stop at; when set, spawned commands run under a
	 * seccomp filter so the others never stop them. Needs follow: a child
	 * that nobody traces would get ENOSYS from the filter. */
	bool want_stime; /* fill event.stime_ns from wait4's rusage (-c, as strace -c) */
	const uint8_t *seccomp_bits;
	unsigned seccomp_nbits;
	void *idle_arg;
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
