#include "trace/session.h"
#include "unwind/unwind.h"
#include "lib/arena.h"
#include "lib/msg.h"
#include "lib/xalloc.h"
#include "syscalls/errno_names.h"
#include "syscalls/signal.h"
#include "trace/addrinuse.h"
#include "trace/fdinfo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <unistd.h>

volatile sig_atomic_t session_interrupted;

/* Consumer state of one traced thread, kept in the engine's per-tracee slot. */
struct thread {
	int tid, tgid;
	bool in_syscall;   /* entry seen, exit not yet */
	bool shown;	   /* the current syscall passes the filter */
	uint8_t arch;	   /* personality of the last syscall */
	uint8_t exit_args; /* arguments the decoder left for the exit (bit i: args[i]) */
	int entry_tgid;
	int schedstat_fd;     /* --cpu: /proc/TGID/task/TID/schedstat, or -1 */
	uint64_t oncpu_entry; /* --cpu: on-CPU ns at the entry stop */
	uint64_t stime_entry; /* -c: process system time at the entry stop */
	char comm[16];	      /* /proc/TID/comm when opts.comm */
	struct arena arena;
	struct syscall_value sc;
	struct render_slot slot;
	struct frame *frames; /* -k: stack at the entry, in arena */
	unsigned nframes;
};

struct session {
	struct trace_opts o;
	struct backend *be;
	struct renderer *r[4];
	unsigned nr;
	struct arena scratch; /* records that are not syscalls */
	unsigned nthreads;
	unsigned unannounced; /* attached with -p, first stop still to come */
	int main_pid;
	bool attached;
	int interrupts_handled;
	struct fdinfo *fi;	/* -y */
	struct bind_log *binds; /* -yy: successful binds, for EADDRINUSE notes */
	int *tgids;		/* processes traced now */
	unsigned ntgids, captgids;
	struct timespec t0;   /* first event */
	const char *comm;     /* name of the thread of the current event */
	struct unwinder *unw; /* -k */
	/* Syscalls after which cached fd descriptions of the process are stale. */
	uint8_t *fd_changers[ARCH_COUNT];
};

static void note(struct session *s, const struct event *ev, const char *text);

enum fd_change { FDC_NONE, FDC_ARG0, FDC_ARG1, FDC_ALL };

static const struct {
	const char *name;
	enum fd_change how;
} fd_changer_names[] = {
    /* clang-format off */
	{"close", FDC_ARG0},      {"dup2", FDC_ARG1},       {"dup3", FDC_ARG1},
	{"close_range", FDC_ALL}, {"execve", FDC_ALL},      {"execveat", FDC_ALL},
	{"recvmsg", FDC_ALL},     {"recvmmsg", FDC_ALL},    {"fcntl", FDC_ALL},
	{"pipe", FDC_ALL},        {"pipe2", FDC_ALL},       {"socketpair", FDC_ALL},
	{"unshare", FDC_ALL},
    /* clang-format on */
};

static void fd_changers_init(struct session *s)
{
	for (unsigned arch = 0; arch < ARCH_COUNT; arch++) {
		unsigned n = arch == ARCH_I386 ? nsysent_i386 : nsysent_x86_64;
		s->fd_changers[arch] = xcalloc(n, 1);
		for (size_t i = 0; i < sizeof(fd_changer_names) / sizeof(fd_changer_names[0]);
		     i++) {
			long nr = sysent_find(arch, fd_changer_names[i].name);
			if (nr >= 0 && (unsigned long)nr < n)
				s->fd_changers[arch][nr] = (uint8_t)fd_changer_names[i].how;
		}
	}
}

/* Adds what each fd refers to (-y), in place, through structs and arrays. */
static void decorate_fds(struct session *s, struct value *v, int tgid, int tid, struct arena *a)
{
	if (v->kind == V_STRUCT || v->kind == V_ARRAY) {
		for (uint32_t i = 0; i < v->n; i++)
			decorate_fds(s, &v->items[i], tgid, tid, a);
		return;
	}
	if (v->kind != V_FD || v->i < 0 || (v->flags & VF_FDPATH))
		return;
	const char *desc = fdinfo_describe(s->fi, tgid, tid, (int)v->i, a);
	if (desc) {
		v->comment = desc;
		v->flags |= VF_FDPATH;
	}
}

/* -yy: remember binds; after EADDRINUSE, say who holds the address. */
static void addrinuse_check(struct session *s, struct thread *th, const struct event *ev)
{
	const struct syscall_value *sc = &th->sc;
	const char *name = sc->se->name;
	if (!name || (strcmp(name, "bind") && strcmp(name, "connect") && strcmp(name, "listen")))
		return;
	int fd = (int32_t)sc->raw[0];
	if (!sc->err) {
		unsigned long ino = name[0] == 'b' ? fdinfo_socket_inode(ev->tid, fd) : 0;
		if (ino)
			bind_log_add(s->binds, ino, ev->tgid, fd, ev->ts);
		return;
	}
	if (sc->err != EADDRINUSE)
		return;
	struct sockaddr_storage ss;
	const struct sockaddr_storage *want = NULL;
	if (name[0] != 'l') {
		size_t len = sc->raw[2] < sizeof(ss) ? (size_t)sc->raw[2] : sizeof(ss);
		memset(&ss, 0, sizeof(ss));
		if (backend_read_mem(s->be, ev->tid, sc->raw[1], &ss, len) != (long)len)
			return;
		want = &ss;
	}
	const char *text =
	    addrinuse_note(&th->arena, ev->tid, fd, want, s->tgids, s->ntgids, s->binds, s->t0);
	if (text)
		note(s, ev, arena_printf(&th->arena, "scry: %s", text));
}

static void fd_exit_bookkeeping(struct session *s, const struct event *ev,
				const struct syscall_value *sc)
{
	if (sc->err)
		return;
	uint64_t n = sc->arch == ARCH_I386 ? nsysent_i386 : nsysent_x86_64;
	enum fd_change how = sc->nr < n ? s->fd_changers[sc->arch][sc->nr] : FDC_NONE;
	if (how == FDC_ALL)
		fdinfo_forget(s->fi, ev->tgid, -1);
	else if (how != FDC_NONE)
		fdinfo_forget(s->fi, ev->tgid, (int32_t)sc->raw[how == FDC_ARG0 ? 0 : 1]);
	if ((sc->se->flags & SF_RET_FD) && sc->rval >= 0)
		fdinfo_forget(s->fi, ev->tgid, (int)sc->rval);
}

static const struct sysent unknown_sysent = {.name = NULL, .nargs = 6};

struct session *session_new(const struct trace_opts *o, struct backend *b, struct renderer *r)
{
	struct session *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	s->be = b;
	if (r)
		s->r[s->nr++] = r;
	arena_init(&s->scratch);
	if (o->stack)
		s->unw = unwinder_new();
	if (o->yflag || o->npaths) {
		s->fi = fdinfo_new(o->yflag ? o->yflag : 1, !o->unseen_syscalls);
		fd_changers_init(s);
	}
	if (o->yflag >= 2)
		s->binds = bind_log_new();
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

void session_attached(struct session *s, int pid, unsigned nthreads)
{
	if (!nthreads)
		return;
	/* strace's message; and from now on lines carry pid prefixes if the
	 * process has several threads, before each thread's first stop. */
	s->unannounced += nthreads;
	if (s->o.quiet & QUIET_ATTACH)
		return;
	if (nthreads > 1)
		fprintf(stderr, "scry: Process %d attached with %u threads\n", pid, nthreads);
	else
		fprintf(stderr, "scry: Process %d attached\n", pid);
}

void session_set_attached(struct session *s, bool attached)
{
	s->attached = attached;
}

static void tgid_add(struct session *s, int tgid)
{
	for (unsigned i = 0; i < s->ntgids; i++)
		if (s->tgids[i] == tgid)
			return;
	if (s->ntgids == s->captgids) {
		s->captgids = s->captgids ? 2 * s->captgids : 16;
		s->tgids = xrealloc(s->tgids, s->captgids * sizeof(*s->tgids));
	}
	s->tgids[s->ntgids++] = tgid;
}

static void tgid_remove(struct session *s, int tgid)
{
	for (unsigned i = 0; i < s->ntgids; i++)
		if (s->tgids[i] == tgid) {
			s->tgids[i] = s->tgids[--s->ntgids];
			return;
		}
}

static void read_comm(struct thread *th)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", th->tgid, th->tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	th->comm[0] = '\0';
	if (fd < 0)
		return;
	ssize_t n = read(fd, th->comm, sizeof(th->comm) - 1);
	close(fd);
	th->comm[n > 0 ? n : 0] = '\0';
	th->comm[strcspn(th->comm, "\n")] = '\0';
}

static void on_new_thread(struct session *s, const struct event *ev);

static struct thread *thread_get(struct session *s, const struct event *ev)
{
	struct thread *th = *ev->user;
	if (!th) {
		if (!s->t0.tv_sec)
			s->t0 = ev->ts;
		if (s->binds)
			tgid_add(s, ev->tgid);
		th = xcalloc(1, sizeof(*th));
		th->tid = ev->tid;
		th->tgid = ev->tgid;
		th->schedstat_fd = -1;
		arena_init(&th->arena);
		if (s->o.comm)
			read_comm(th);
		*ev->user = th;
		s->nthreads++;
		/* Records emitted from here on name this thread. */
		s->comm = s->o.comm ? th->comm : NULL;
		/* Normally EV_NEW_THREAD is a thread's first event; if another one
		 * comes first, the thread is still announced exactly once. */
		if (ev->kind != EV_NEW_THREAD && ev->tid != s->main_pid && !s->attached) {
			struct event nev = *ev;
			nev.kind = EV_NEW_THREAD;
			nev.newthread.parent = 0;
			nev.newthread.attached = 0;
			on_new_thread(s, &nev);
		}
	}
	return th;
}

static void thread_free(struct session *s, struct thread *th)
{
	if (!th)
		return;
	arena_release(&th->arena);
	if (th->schedstat_fd >= 0)
		close(th->schedstat_fd);
	free(th);
	s->nthreads--;
}

static void emit(struct session *s, struct record *rec, const struct event *ev, struct thread *th)
{
	rec->tid = ev->tid;
	rec->tgid = ev->tgid;
	rec->ts = ev->ts;
	rec->nthreads = s->nthreads + s->unannounced;
	rec->comm = s->comm;
	if (th) {
		rec->slot = &th->slot;
		rec->sc = &th->sc;
		rec->frames = th->frames;
		rec->nframes = th->nframes;
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

/* --cpu: the thread's on-CPU time so far, from its schedstat (first field, ns).
 * A thread stopped for us is not running, so the delta between the entry and
 * exit stops is the CPU the syscall itself used. */
static uint64_t thread_oncpu_ns(struct thread *th)
{
	char buf[96];
	if (th->schedstat_fd < 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", th->tgid, th->tid);
		th->schedstat_fd = open(path, O_RDONLY | O_CLOEXEC);
		if (th->schedstat_fd < 0)
			return 0;
	}
	ssize_t n = pread(th->schedstat_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}

/* -P: does this syscall name one of the paths, directly or through an fd? */
static bool touches_path(struct session *s, const struct syscall_value *sc, const struct event *ev,
			 struct arena *a)
{
	const struct sysent *se = sc->se;
	for (unsigned i = 0; se->args && i < sc->nargs; i++) {
		const struct value *v = &sc->args[i];
		const char *path = NULL;
		size_t len = 0;
		if (se->args[i].kind == AK_PATH && v->kind == V_STR) {
			path = v->s;
			len = v->n;
		} else if ((se->args[i].kind == AK_FD || se->args[i].kind == AK_DIRFD) &&
			   v->kind == V_FD) {
			path = fdinfo_describe(s->fi, ev->tgid, ev->tid, (int)v->i, a);
			len = path ? strlen(path) : 0;
		}
		for (unsigned k = 0; path && k < s->o.npaths; k++)
			if (strlen(s->o.paths[k]) == len && !memcmp(s->o.paths[k], path, len))
				return true;
	}
	return false;
}

static void on_entry(struct session *s, struct thread *th, const struct event *ev)
{
	struct syscall_value *sc = &th->sc;
	const struct sysent *se = sysent_lookup(ev->entry.arch, ev->entry.nr);
	if (!se || !se->name)
		se = &unknown_sysent;
	arena_reset(&th->arena);
	th->nframes = 0;
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
		th->arch = (uint8_t)ev->entry.arch;
		if (!(s->o.quiet & QUIET_PERSONALITY)) {
			char text[96];
			snprintf(text, sizeof(text), "[ Process PID=%d runs in %s mode. ]", ev->tid,
				 ev->entry.arch == ARCH_I386 ? "32 bit" : "64 bit");
			note(s, ev, text);
		}
	}
	struct dctx c = {s->be, ev->tid, false, &th->arena, &s->o.dec, sc};
	if (!s->o.no_args)
		decode_syscall(&c);
	if (s->o.npaths && !touches_path(s, sc, ev, &th->arena)) {
		th->shown = false;
		return;
	}
	th->exit_args = 0;
	for (unsigned i = 0; i < sc->nargs; i++) {
		if (sc->args[i].kind == V_NONE)
			th->exit_args |= (uint8_t)(1u << i);
		else if (s->o.yflag)
			decorate_fds(s, &sc->args[i], ev->tgid, ev->tid, &th->arena);
	}
	if (s->o.cpu)
		th->oncpu_entry = thread_oncpu_ns(th);
	th->entry_tgid = ev->tgid;
	/* The stack is taken at the entry: at the exit of execve it is gone. A
	 * partial stack is shown as far as it goes. */
	if (s->unw && unwind_capture(s->unw, ev->tgid, ev->tid, &th->arena, &th->frames,
				     &th->nframes, s->o.stack) < 0)
		th->nframes = 0;
	/* The frames' names stay valid until the unwinder is released. */
	/* All that is read from the tracee is read: it runs on while we print. */
	backend_resume(s->be);
	/* With -e status= the outcome decides whether the line is shown at all. */
	if (s->o.status)
		return;
	struct record rec = {.kind = R_SYSCALL_ENTRY};
	emit(s, &rec, ev, th);
}

/* The end of a shown syscall: its exit (or "= ?", or " <detached ...>"). */
static void finish(struct session *s, struct thread *th, const struct event *ev,
		   enum record_kind kind, unsigned status)
{
	if (s->o.status) {
		if (!(s->o.status & status))
			return;
		struct event eev = *ev;
		eev.ts = th->sc.ts_entry;
		struct record entry = {.kind = R_SYSCALL_ENTRY};
		emit(s, &entry, &eev, th);
	}
	struct record rec = {.kind = kind};
	emit(s, &rec, ev, th);
}

/* -k: executable mappings may have changed, the unwinder must re-read them.
 * mmap and mprotect matter only with PROT_EXEC; dlopen is mmap too. */
static bool code_maps_changed(const struct syscall_value *sc)
{
	static const uint16_t nrs[ARCH_COUNT][5] = {
	    [ARCH_X86_64] = {9 /* mmap */, 10 /* mprotect */, 11 /* munmap */, 25 /* mremap */, 9},
	    [ARCH_I386] = {192 /* mmap2 */, 125 /* mprotect */, 91 /* munmap */, 163 /* mremap */,
			   90 /* old mmap: args in memory, assume code */},
	};
	const uint16_t *n = nrs[sc->arch];
	if (sc->nr == n[4] && sc->arch == ARCH_I386)
		return true;
	if (sc->nr == n[0] || sc->nr == n[1])
		return sc->raw[2] & 4; /* PROT_EXEC */
	return sc->nr == n[2] || sc->nr == n[3];
}

static void on_exit_(struct session *s, struct thread *th, const struct event *ev)
{
	if (!th->in_syscall)
		return; /* attached in the middle of a syscall */
	th->in_syscall = false;
	if (s->unw && !ev->exit.is_error && code_maps_changed(&th->sc))
		unwinder_invalidate(s->unw, ev->tgid);
	struct syscall_value *sc = &th->sc;
	sc->rval = ev->exit.rval;
	sc->err = ev->exit.is_error ? (int)-ev->exit.rval : 0;
	/* Shown or not, a syscall that changes fds changes what -y prints. */
	if (s->fi)
		fd_exit_bookkeeping(s, ev, sc);
	if (!th->shown)
		return;
	sc->ts_exit = ev->ts;
	if (s->o.cpu) {
		uint64_t now = thread_oncpu_ns(th);
		sc->oncpu_ns = now > th->oncpu_entry ? now - th->oncpu_entry : 0;
		sc->oncpu_valid = 1;
	}
	sc->stime_ns = ev->stime_ns > th->stime_entry ? ev->stime_ns - th->stime_entry : 0;
	struct dctx c = {s->be, ev->tid, true, &th->arena, &s->o.dec, sc};
	if (s->o.no_args)
		sc->exit_done = 1;
	else
		decode_syscall(&c);
	if (s->o.yflag) {
		for (unsigned i = 0; i < sc->nargs; i++)
			if (th->exit_args & (1u << i))
				decorate_fds(s, &sc->args[i], ev->tgid, ev->tid, &th->arena);
		decorate_fds(s, &sc->ret, ev->tgid, ev->tid, &th->arena);
	}
	/* The EADDRINUSE note reads the sockaddr and the socket's inode after
	 * the line is out: then the tracee stays stopped until next(). */
	if (!s->binds)
		backend_resume(s->be);
	finish(s, th, ev, R_SYSCALL_EXIT, sc->err ? STATUS_FAILED : STATUS_SUCCESSFUL);
	if (s->binds)
		addrinuse_check(s, th, ev);
}

/* A syscall that will never return (exit, killed, superseded): "= ?". */
static void close_open_syscall(struct session *s, struct thread *th, const struct event *ev)
{
	if (!th || !th->in_syscall)
		return;
	th->in_syscall = false;
	if (th->shown)
		finish(s, th, ev, R_SYSCALL_EXIT, STATUS_UNFINISHED);
}

static void on_gone(struct session *s, struct thread *th, const struct event *ev,
		    struct trace_result *res)
{
	close_open_syscall(s, th, ev);
	/* -qq hides normal exits; a death by signal is always shown, as strace does. */
	if (ev->kind == EV_KILLED || !(s->o.quiet & QUIET_EXIT)) {
		struct record rec = {.kind = ev->kind == EV_EXITED ? R_EXITED : R_KILLED};
		rec.status = ev->gone.status;
		rec.sig = ev->gone.status;
		rec.core = ev->gone.core;
		emit(s, &rec, ev, NULL);
	}
	if (s->binds && ev->tid == ev->tgid)
		tgid_remove(s, ev->tgid);
	if (ev->tid == s->main_pid) {
		res->main_seen = true;
		res->main_killed = ev->kind == EV_KILLED;
		res->main_status = ev->gone.status;
	}
	thread_free(s, th);
	*ev->user = NULL;
	s->comm = NULL; /* it was this thread's */
}

static void on_signal(struct session *s, struct thread *th, const struct event *ev)
{
	int sig = ev->signal.sig;
	if (sig >= 1 && sig <= 64 && !((s->o.signals >> (sig - 1)) & 1))
		return;
	arena_reset(&s->scratch);
	struct value si = decode_siginfo_arch(&s->scratch, &ev->signal.si, th->arch);
	struct record rec = {.kind = R_SIGNAL, .sig = ev->signal.sig, .siginfo = &si};
	emit(s, &rec, ev, NULL);
}

static void on_exec(struct session *s, struct thread *th, const struct event *ev)
{
	if (s->unw)
		unwinder_invalidate(s->unw, ev->tgid);
	struct thread *old = ev->exec.old_user;
	if (th->tid != ev->tid && th->schedstat_fd >= 0) {
		close(th->schedstat_fd); /* named after the tid it had */
		th->schedstat_fd = -1;
	}
	th->tid = ev->tid;
	if (s->o.comm) {
		read_comm(th);
		s->comm = th->comm;
	}
	struct record xrec = {.kind = R_EXEC, .status = ev->exec.old_tid};
	emit(s, &xrec, ev, NULL);
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
	if (!(s->o.quiet & QUIET_SUPERSEDED)) {
		char text[96];
		snprintf(text, sizeof(text), "+++ superseded by execve in pid %d +++",
			 ev->exec.old_tid);
		/* strace's form: in the leader's pid, naming the thread that exec'd. */
		note(s, ev, text);
	}
}

static void on_new_thread(struct session *s, const struct event *ev)
{
	struct record rec = {.kind = R_ATTACH, .status = ev->newthread.parent};
	emit(s, &rec, ev, NULL);
	if (ev->newthread.attached) {
		/* Announced by session_attached(), the whole process at once. */
		if (s->unannounced)
			s->unannounced--;
	} else if (!(s->o.quiet & QUIET_ATTACH) && s->o.attach_notes_in_trace) {
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
		s->comm = s->o.comm ? th->comm : NULL;
		switch (ev.kind) {
		case EV_SYSCALL_ENTRY:
			on_entry(s, th, &ev);
			break;
		case EV_SYSCALL_EXIT:
			on_exit_(s, th, &ev);
			break;
		case EV_SIGNAL:
			on_signal(s, th, &ev);
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
			if (th->in_syscall && th->shown)
				finish(s, th, &ev, R_DETACHED, STATUS_DETACHED);
			{
				struct record rec = {.kind = R_DETACH};
				emit(s, &rec, &ev, NULL);
			}
			if (!(s->o.quiet & QUIET_ATTACH))
				fprintf(stderr, "scry: Process %d detached\n", ev.tid);
			thread_free(s, th);
			*ev.user = NULL;
			s->comm = NULL;
			break;
		}
	}
	flush_all(s);
	return 0;
}

void session_release(struct session *s)
{
	if (s->fi)
		fdinfo_release(s->fi);
	if (s->binds)
		bind_log_release(s->binds);
	free(s->tgids);
	unwinder_release(s->unw);
	for (unsigned a = 0; a < ARCH_COUNT; a++)
		free(s->fd_changers[a]);
	arena_release(&s->scratch);
	free(s);
}
