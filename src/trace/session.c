#include "trace/session.h"
#include "lib/arena.h"
#include "lib/msg.h"
#include "lib/xalloc.h"
#include "syscalls/errno_names.h"
#include "syscalls/signal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

volatile sig_atomic_t session_interrupted;

/* Consumer state of one traced thread, kept in the engine's per-tracee slot. */
struct thread {
	int tid, tgid;
	bool in_syscall; /* entry seen, exit not yet */
	bool shown;      /* the current syscall passes the filter */
	uint8_t arch;    /* personality of the last syscall */
	uint64_t stime_entry; /* tracee's system time at the entry stop (-c) */
	struct arena arena;
	struct syscall_value sc;
	struct render_slot slot;
};

struct session {
	struct trace_opts o;
	struct backend *be;
	struct renderer *r[4];
	unsigned nr;
	struct arena scratch; /* records that are not syscalls */
	unsigned nthreads;
	int main_pid;
	bool attached;
	int interrupts_handled;
};

static const struct sysent unknown_sysent = {.name = NULL, .nargs = 6};

struct session *session_new(const struct trace_opts *o, struct backend *b, struct renderer *r)
{
	struct session *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	s->be = b;
	if (r)
		s->r[s->nr++] = r;
	arena_init(&s->scratch);
	return s;
}

void session_add_renderer(struct session *s, struct renderer *r)
{
	if (s->nr < sizeof(s->r) / sizeof(s->r[0]))
		s->r[s->nr++] = r;
}

static void flush_all(struct session *s)
{
	for (unsigned i = 0; i < s->nr; i++)
		s->r[i]->ops->flush(s->r[i]);
}

void session_set_main(struct session *s, int pid)
{
	s->main_pid = pid;
}

void session_set_attached(struct session *s, bool attached)
{
	s->attached = attached;
}

static struct thread *thread_get(struct session *s, const struct event *ev)
{
	struct thread *th = *ev->user;
	if (!th) {
		th = xcalloc(1, sizeof(*th));
		th->tid = ev->tid;
		th->tgid = ev->tgid;
		arena_init(&th->arena);
		*ev->user = th;
		s->nthreads++;
	}
	return th;
}

static void thread_free(struct session *s, struct thread *th)
{
	if (!th)
		return;
	arena_release(&th->arena);
	free(th);
	s->nthreads--;
}

static void emit(struct session *s, struct record *rec, const struct event *ev, struct thread *th)
{
	rec->tid = ev->tid;
	rec->tgid = ev->tgid;
	rec->ts = ev->ts;
	rec->nthreads = s->nthreads;
	if (th) {
		rec->slot = &th->slot;
		rec->sc = &th->sc;
	}
	for (unsigned i = 0; i < s->nr; i++)
		s->r[i]->ops->record(s->r[i], rec);
}

static bool selected(const struct session *s, unsigned arch, uint64_t nr, const struct sysent *se)
{
	const uint8_t *bits = s->o.select[arch];
	if (!bits)
		return true;
	if (!se->name)
		return s->o.select_unknown;
	return nr < s->o.select_len[arch] && (bits[nr / 8] >> (nr % 8)) & 1;
}

static void note(struct session *s, const struct event *ev, const char *text)
{
	struct record rec = {.kind = R_NOTE, .text = text};
	emit(s, &rec, ev, NULL);
	rec.tid = 0;
}

static void on_entry(struct session *s, struct thread *th, const struct event *ev)
{
	struct syscall_value *sc = &th->sc;
	const struct sysent *se = sysent_lookup(ev->entry.arch, ev->entry.nr);
	if (!se || !se->name)
		se = &unknown_sysent;
	arena_reset(&th->arena);
	memset(sc, 0, sizeof(*sc));
	sc->se = se;
	sc->nr = ev->entry.nr;
	sc->arch = ev->entry.arch;
	sc->nargs = se->nargs;
	memcpy(sc->raw, ev->entry.args, sizeof(sc->raw));
	sc->ts_entry = ev->ts;
	th->stime_entry = ev->stime_ns;
	sc->ip = ev->entry.ip;
	sc->sp = ev->entry.sp;
	th->in_syscall = true;
	th->shown = selected(s, ev->entry.arch, ev->entry.nr, se);
	if (!th->shown)
		return;
	if (ev->entry.arch != th->arch) {
		/* strace announces a personality switch (int $0x80 from 64-bit code). */
		char text[96];
		th->arch = (uint8_t)ev->entry.arch;
		snprintf(text, sizeof(text), "[ Process PID=%d runs in %s mode. ]", ev->tid,
			 ev->entry.arch == ARCH_I386 ? "32 bit" : "64 bit");
		note(s, ev, text);
	}
	struct dctx c = {s->be, ev->tid, false, &th->arena, &s->o.dec, sc};
	decode_syscall(&c);
	struct record rec = {.kind = R_SYSCALL_ENTRY};
	emit(s, &rec, ev, th);
}

static void on_exit_(struct session *s, struct thread *th, const struct event *ev)
{
	if (!th->in_syscall)
		return; /* attached in the middle of a syscall */
	th->in_syscall = false;
	if (!th->shown)
		return;
	struct syscall_value *sc = &th->sc;
	sc->ts_exit = ev->ts;
	sc->cpu_ns = ev->stime_ns > th->stime_entry ? ev->stime_ns - th->stime_entry : 0;
	sc->rval = ev->exit.rval;
	sc->err = ev->exit.is_error ? (int)-ev->exit.rval : 0;
	struct dctx c = {s->be, ev->tid, true, &th->arena, &s->o.dec, sc};
	decode_syscall(&c);
	struct record rec = {.kind = R_SYSCALL_EXIT};
	emit(s, &rec, ev, th);
}

/* A syscall that will never return (exit, killed, superseded): "= ?". */
static void close_open_syscall(struct session *s, struct thread *th, const struct event *ev)
{
	if (!th || !th->in_syscall)
		return;
	th->in_syscall = false;
	if (!th->shown)
		return;
	struct record rec = {.kind = R_SYSCALL_EXIT};
	emit(s, &rec, ev, th);
}

static void on_gone(struct session *s, struct thread *th, const struct event *ev,
		    struct trace_result *res)
{
	close_open_syscall(s, th, ev);
	if (s->o.qflag < 2) {
		struct record rec = {.kind = ev->kind == EV_EXITED ? R_EXITED : R_KILLED};
		rec.status = ev->gone.status;
		rec.sig = ev->gone.status;
		rec.core = ev->gone.core;
		emit(s, &rec, ev, NULL);
	}
	if (ev->tid == s->main_pid) {
		res->main_seen = true;
		res->main_killed = ev->kind == EV_KILLED;
		res->main_status = ev->gone.status;
	}
	thread_free(s, th);
	*ev->user = NULL;
}

static void on_signal(struct session *s, const struct event *ev)
{
	arena_reset(&s->scratch);
	struct value si = decode_siginfo(&s->scratch, &ev->signal.si);
	struct record rec = {.kind = R_SIGNAL, .sig = ev->signal.sig, .siginfo = &si};
	emit(s, &rec, ev, NULL);
}

static void on_exec(struct session *s, struct thread *th, const struct event *ev)
{
	struct thread *old = ev->exec.old_user;
	th->tid = ev->tid;
	if (ev->exec.old_tid == ev->tid)
		return;
	/* A non-leader thread exec'd: it now has the leader's pid, and the
	 * leader it replaced is gone without an exit report. */
	if (old) {
		struct event oev = *ev;
		oev.tid = ev->tid;
		close_open_syscall(s, old, &oev);
		thread_free(s, old);
	}
	if (s->o.qflag < 1) {
		char text[96];
		snprintf(text, sizeof(text), "+++ superseded by execve in pid %d +++", ev->exec.old_tid);
		struct event nev = *ev;
		nev.tid = ev->exec.old_tid;
		note(s, &nev, text);
	}
}

static void on_new_thread(struct session *s, const struct event *ev)
{
	if (s->o.qflag)
		return;
	if (ev->newthread.attached) {
		fprintf(stderr, "scry: Process %d attached\n", ev->tid);
	} else if (s->o.attach_notes_in_trace) {
		char text[64];
		snprintf(text, sizeof(text), "scry: Process %d attached", ev->tid);
		struct event nev = *ev;
		nev.tid = 0;
		note(s, &nev, text);
	}
}

static void handle_interrupt(struct session *s)
{
	int sig = session_interrupted;
	session_interrupted = 0;
	s->interrupts_handled++;
	/* Programs we started get the signal as from a shell; a second signal,
	 * or programs attached with -p, mean: let go and leave them running. */
	if (!s->attached && s->main_pid && s->interrupts_handled == 1) {
		if (sig != SIGINT)
			kill(s->main_pid, sig);
		return;
	}
	flush_all(s);
	s->be->ops->detach_all(s->be);
}

int session_run(struct session *s, struct trace_result *res)
{
	struct event ev;
	memset(res, 0, sizeof(*res));
	for (;;) {
		if (session_interrupted)
			handle_interrupt(s);
		int rc = s->be->ops->next(s->be, &ev);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (rc == -EINTR)
				continue;
			errno = -rc;
			msg_perror("wait for tracees");
			return rc;
		}
		struct thread *th = thread_get(s, &ev);
		switch (ev.kind) {
		case EV_SYSCALL_ENTRY:
			on_entry(s, th, &ev);
			break;
		case EV_SYSCALL_EXIT:
			on_exit_(s, th, &ev);
			break;
		case EV_SIGNAL:
			on_signal(s, &ev);
			break;
		case EV_GROUP_STOP: {
			struct record rec = {.kind = R_STOP, .sig = ev.stop.sig};
			emit(s, &rec, &ev, NULL);
			break;
		}
		case EV_NEW_THREAD:
			on_new_thread(s, &ev);
			break;
		case EV_EXEC:
			on_exec(s, th, &ev);
			break;
		case EV_EXITED:
		case EV_KILLED:
			on_gone(s, th, &ev, res);
			break;
		case EV_DETACHED:
			if (th->in_syscall && th->shown) {
				struct record rec = {.kind = R_DETACHED};
				emit(s, &rec, &ev, th);
			}
			if (!s->o.qflag)
				fprintf(stderr, "scry: Process %d detached\n", ev.tid);
			thread_free(s, th);
			*ev.user = NULL;
			break;
		}
	}
	flush_all(s);
	return 0;
}

void session_release(struct session *s)
{
	arena_release(&s->scratch);
	free(s);
}
