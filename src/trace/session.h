/* A trace session: pulls events from a backend, decodes each syscall once,
 * and hands the records to the renderers. */
#ifndef SCRY_SESSION_H
#define SCRY_SESSION_H
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "engine/backend.h"
#include "render/render.h"
#include "syscalls/decode.h"
#include "syscalls/sysent.h"

struct trace_opts {
	struct decode_opts dec;
	bool follow;
	unsigned quiet;		    /* QUIET_* bits: -q, -qq, -e quiet= */
	bool attach_notes_in_trace; /* "Process N attached" for children goes into the trace */
	/* -e trace=: one bit per syscall number and arch; NULL traces all. */
	uint8_t *select[ARCH_COUNT];
	unsigned select_len[ARCH_COUNT];
	bool select_unknown;  /* numbers with no table row (syscall_0x...) */
	bool unseen_syscalls; /* seccomp: unselected syscalls never stop, so no
				 cache can follow what they change (fds) */
	unsigned yflag;	      /* -y: fd paths; -yy: also socket endpoints */
	unsigned status;      /* -e status=, -z, -Z: STATUS_* bits shown; 0: all */
	uint64_t signals;     /* -e signal=: bit N-1 for signal N shown */
	const char **paths;   /* -P: only syscalls touching these paths */
	unsigned npaths;
	bool cpu;	/* --cpu, -c: measure each syscall's on-CPU time */
	bool comm;	/* give records the thread's name (JSON, timeline) */
	bool no_args;	/* only counts and times are wanted (-c): skip decoding */
	unsigned stack; /* -k: frames per stack trace; 0: no stack traces */
};

enum {
	QUIET_ATTACH = 1 << 0,	    /* "Process N attached/detached" */
	QUIET_EXIT = 1 << 1,	    /* "+++ exited with N +++", "+++ killed by ..." */
	QUIET_PERSONALITY = 1 << 2, /* "[ Process PID=N runs in 32 bit mode. ]" */
	QUIET_SUPERSEDED = 1 << 3,  /* "+++ superseded by execve ... +++" */
};

enum {
	STATUS_SUCCESSFUL = 1 << 0,
	STATUS_FAILED = 1 << 1,
	STATUS_UNFINISHED = 1 << 2,  /* never returned: the thread exited or was killed */
	STATUS_UNAVAILABLE = 1 << 3, /* returned, but the result could not be read */
	STATUS_DETACHED = 1 << 4,    /* in progress when scry let go */
};

/* How the traced command ended, for scry's own exit status. */
struct trace_result {
	bool main_seen;
	bool main_killed;
	int main_status; /* exit code or signal */
};

struct session;

/* Set by signal handlers; the session checks it between events. */
extern volatile sig_atomic_t session_interrupted;

struct session *session_new(const struct trace_opts *o, struct backend *b, struct renderer *r);
/* More renderers of the same records (-C: text and summary). */
void session_add_renderer(struct session *s, struct renderer *r);
/* The pid whose exit status scry returns (the command it started), or 0. */
void session_set_main(struct session *s, int pid);
/* Processes attached with -p: on interrupt they are detached, not signalled. */
void session_set_attached(struct session *s, bool attached);
/* nthreads threads of pid were just attached: says so, as strace does. */
void session_attached(struct session *s, int pid, unsigned nthreads);
/* Runs until nothing is traced. Returns 0 or -errno. */
int session_run(struct session *s, struct trace_result *res);
void session_release(struct session *s);

#endif
