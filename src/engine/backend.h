/* Where trace events come from. The ptrace engine is one backend; a later eBPF
 * backend feeds the same decoders and renderers through this interface. */
#ifndef SCRY_BACKEND_H
#define SCRY_BACKEND_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum event_kind {
	EV_SYSCALL_ENTRY,
	EV_SYSCALL_EXIT,
	EV_SIGNAL,     /* signal about to be delivered (it is reinjected unchanged) */
	EV_GROUP_STOP, /* stopped by SIGSTOP/SIGTSTP/...: "--- stopped by SIG --- " */
	EV_NEW_THREAD, /* a new tracee appeared (clone/fork/vfork child or attach) */
	EV_EXEC,       /* execve succeeded; old_tid differs when a non-leader exec'd */
	EV_EXITED,     /* tracee gone: exited normally */
	EV_KILLED,     /* tracee gone: killed by a signal */
	EV_DETACHED,   /* we let go of it (user interrupt, detach on -p) */
};

struct event {
	enum event_kind kind;
	int tid;
	int tgid;
	struct timespec ts; /* CLOCK_REALTIME when the stop was seen */
	uint64_t stime_ns;  /* tracee's system time at this stop (wait4 rusage), if asked for */
	/* Per-tracee slot for the consumer; the engine keeps it with the tracee and
	 * moves it when a thread takes over the leader's pid at exec. */
	void **user;
	union {
		struct {
			uint32_t arch; /* enum sys_arch */
			uint64_t nr;
			uint64_t args[6];
			uint64_t ip, sp;
		} entry;
		struct {
			int64_t rval;
			int is_error;
		} exit;
		struct {
			int sig;
			siginfo_t si;
		} signal;
		struct {
			int sig;
		} stop;
		struct {
			int parent;   /* tid that created it; 0 when attached with -p */
			int attached; /* 1 for -p attach */
		} newthread;
		struct {
			int old_tid;
			void *old_user; /* consumer slot of the leader that was replaced, if any */
		} exec;
		struct {
			int status; /* exit code, or signal number for EV_KILLED */
			int core;
		} gone;
	};
};

struct backend;

struct backend_ops {
	/* Waits for the next event. The tracee it names stays stopped until the
	 * next call, so its memory can be read. Returns 1 with an event, 0 when
	 * nothing is traced any more, -errno on failure. */
	int (*next)(struct backend *b, struct event *ev);
	/* Reads tracee memory; returns bytes read (may be short), -errno if none. */
	long (*read_mem)(struct backend *b, int tid, uint64_t addr, void *buf, size_t len);
	/* Optional: the consumer is done reading the last event's tracee, which
	 * may run on while the event is rendered (next() resumes it otherwise). */
	void (*resume)(struct backend *b);
	/* Lets every tracee go, leaving it running as if never traced. */
	void (*detach_all)(struct backend *b);
	void (*release)(struct backend *b);
};

struct backend {
	const struct backend_ops *ops;
};

static inline long backend_read_mem(struct backend *b, int tid, uint64_t addr, void *buf,
				    size_t len)
{
	return b->ops->read_mem(b, tid, addr, buf, len);
}

static inline void backend_resume(struct backend *b)
{
	if (b->ops->resume)
		b->ops->resume(b);
}

#endif
