/* Renderers turn decoded records into output. They see only what the
 * decoders produced; they never read tracee memory. */
#ifndef SCRY_RENDER_H
#define SCRY_RENDER_H
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "syscalls/decode.h"
#include "value/value.h"

struct frame;

enum record_kind {
	R_SYSCALL_ENTRY, /* sc: entry part decoded */
	R_SYSCALL_EXIT,	 /* sc: complete */
	R_SIGNAL,	 /* sig, siginfo */
	R_STOP,		 /* sig: group-stop */
	R_EXITED,	 /* status */
	R_KILLED,	 /* sig, core */
	R_NOTE,		 /* text: a line of its own, e.g. "Process 12 attached" */
	R_DETACHED,	 /* let go while in a syscall: " <detached ...>" */
	R_ATTACH,	 /* a new traced thread or process; status: parent tid or 0 */
	R_DETACH,	 /* scry let go of a thread */
	R_EXEC,		 /* execve succeeded; status: the tid that called it */
};

/* Per-thread state a renderer may keep between entry and exit. */
struct render_slot {
	unsigned char unfinished; /* entry line was cut by another thread's output */
	unsigned char nshown;	  /* arguments printed at entry */
};

struct record {
	enum record_kind kind;
	int tid;
	int tgid;
	struct timespec ts;
	struct render_slot *slot;
	const struct syscall_value *sc;
	int sig;
	const struct value *siginfo; /* R_SIGNAL; may be NULL */
	int status;
	bool core;
	const char *text;
	const char *comm;  /* the thread's name (/proc/TID/comm), or NULL */
	unsigned nthreads; /* threads traced now: strace prefixes lines when > 1 */
	/* -k: the user stack at the syscall's entry, innermost first (syscall
	 * records only; frames live in the thread's arena until its next entry). */
	const struct frame *frames;
	unsigned nframes;
};

struct render_opts {
	FILE *out;
	bool to_file;	/* -o: pid prefix "%-5d " instead of "[pid %5d] " */
	bool follow;	/* -f */
	unsigned xflag; /* -x (1) / -xx (2) */
	unsigned qflag; /* -q / -qq */
	unsigned tflag; /* -t, -tt, -ttt: wall-clock time of day before each line */
	bool rflag;	/* -r: time since the previous line's */
	bool Tflag;	/* -T: time spent in the syscall, after the result */
	bool cpu;	/* --cpu: on-CPU time of the syscall, after the result */
};

struct renderer;
struct renderer_ops {
	void (*record)(struct renderer *r, const struct record *rec);
	/* Called before scry sleeps: make what is pending visible. */
	void (*flush)(struct renderer *r);
	void (*release)(struct renderer *r);
};
struct renderer {
	const struct renderer_ops *ops;
};

struct renderer *text_renderer_new(const struct render_opts *o);
/* --json: JSON Lines, schema docs/trace.schema.json. */
struct renderer *json_renderer_new(FILE *out);
/* --timeline FILE: Chrome Trace Event JSON (Perfetto); closes out when released. */
struct renderer *timeline_renderer_new(FILE *out);
/* --profile FILE: perf script text, a sample per syscall with its -k stack. */
struct renderer *profile_renderer_new(FILE *out);

/* -c: the per-syscall summary table, printed when the renderer is released. */
enum summary_col {
	COL_TIME_PERCENT,
	COL_TOTAL_TIME,
	COL_AVG_TIME,
	COL_MIN_TIME,
	COL_MAX_TIME,
	COL_CALLS,
	COL_ERRORS,
	COL_NAME,
};
enum summary_sort { SORT_TIME, SORT_CALLS, SORT_ERRORS, SORT_NAME, SORT_NOTHING };
struct summary_opts {
	bool wall; /* -w: time from entry to exit; default: system time, as strace -c */
	enum summary_sort sort;
	enum summary_col cols[8];
	unsigned ncols;
};
struct renderer *summary_renderer_new(FILE *out, const struct summary_opts *o);

/* Appends v as strace prints it (used by the text renderer and notes). */
struct strbuf;
void text_format_value(struct strbuf *sb, const struct value *v, unsigned xflag);

#endif
