/* The engine's table of traced threads, keyed by tid. */
#ifndef SCRY_TRACEE_H
#define SCRY_TRACEE_H
#include <stdbool.h>

enum tracee_flags {
	TF_STARTUP = 1 << 0,   /* spawned child before its execve: events are hidden */
	TF_ATTACHED = 1 << 1,  /* attached with -p (not started by us) */
	TF_ANNOUNCED = 1 << 2, /* EV_NEW_THREAD was reported */
	TF_GROUPSTOP = 1 << 3, /* in group-stop, resumed with PTRACE_LISTEN */
	TF_DETACHING = 1 << 4, /* PTRACE_INTERRUPT sent to detach it at its next stop */
	TF_SEEN_STOP = 1 << 5, /* has reported at least one stop */
	TF_INSYSCALL = 1 << 6, /* between a syscall's entry and its exit */
	TF_SECCOMP = 1 << 7,   /* runs under our seccomp filter: resume with PTRACE_CONT */
};

struct tracee {
	int tid;
	int tgid;
	int parent; /* tid whose clone/fork created it, 0 if unknown or attached */
	unsigned flags;
	void *user;	 /* consumer's slot (struct backend event.user) */
	long startup_nr; /* TF_STARTUP: the syscall our child is in */
	struct tracee *hnext;
	struct tracee *next, *prev; /* list of all tracees */
};

struct tracee_table {
	struct tracee **buckets;
	unsigned nbuckets;
	unsigned count;
	struct tracee *all;
};

void tracee_table_init(struct tracee_table *t);
void tracee_table_release(struct tracee_table *t);
struct tracee *tracee_find(struct tracee_table *t, int tid);
/* Adds a new tracee; tid must not be present. */
struct tracee *tracee_add(struct tracee_table *t, int tid, int tgid);
void tracee_remove(struct tracee_table *t, struct tracee *tr);
/* Changes a tracee's tid (a non-leader thread that exec'd takes the leader's). */
void tracee_rekey(struct tracee_table *t, struct tracee *tr, int newtid);

#endif
