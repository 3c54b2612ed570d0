/* The ptrace backend.
 *
 * Every tracee is seized (PTRACE_SEIZE), so group-stops are reported as
 * PTRACE_EVENT_STOP and can be left in place with PTRACE_LISTEN: job control
 * behaves as without us. A tracee stays stopped from the event that next()
 * returns until the following next() or resume() call ("held"). */
#include "engine/ptrace.h"
#include "engine/seccomp.h"
#include "engine/tracee.h"
#include "lib/msg.h"
#include "lib/xalloc.h"
#include "syscalls/sysent.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct pt {
	struct backend base;
	struct ptrace_opts o;
	struct tracee_table tab;
	struct tracee *held;	  /* stopped tracee returned by the last next() */
	int held_req;		  /* how to resume it: RESUME_RUN or PTRACE_LISTEN */
	int held_sig;		  /* signal to deliver when resuming */
	void *gone_user;	  /* user slot of a tracee removed in this event */
	bool detaching;		  /* detach_all() was called: let every tracee go */
	struct sock_fprog filter; /* seccomp filter for spawned commands, or len 0 */
	bool peek_only;		  /* process_vm_readv unusable: read with PTRACE_PEEKDATA */
	uint64_t no_yield_until;  /* yield_first: sleep in waitpid until then (ns) */
	uint64_t yield_backoff;	  /* how long the last pause was (ns) */
};

#define PT(b) ((struct pt *)(b))

/* Resume a running tracee: with PTRACE_SYSCALL, or PTRACE_CONT when our
 * seccomp filter will stop it at the next syscall that matters. */
#define RESUME_RUN (-1)

static unsigned long base_options(const struct pt *p)
{
	unsigned long o = PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT;
	if (p->o.follow)
		o |= PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK;
	if (p->filter.len)
		o |= PTRACE_O_TRACESECCOMP;
	return o;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Tgid of a thread we just learnt about: only read at thread creation. */
static int tgid_of(int tid)
{
	char path[64], line[128];
	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	FILE *f = fopen(path, "re");
	int tgid = tid;
	if (!f)
		return tid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

static void hold(struct pt *p, struct tracee *t, int req, int sig)
{
	p->held = t;
	p->held_req = req;
	p->held_sig = sig;
}

static int run_request(const struct tracee *t)
{
	if ((t->flags & TF_SECCOMP) && !(t->flags & (TF_INSYSCALL | TF_STARTUP)))
		return PTRACE_CONT;
	return PTRACE_SYSCALL;
}

static void resume_held(struct pt *p)
{
	struct tracee *t = p->held;
	int req = p->held_req == RESUME_RUN ? run_request(t) : p->held_req;
	p->held = NULL;
	/* ESRCH: killed (SIGKILL) while stopped; its exit status comes next. */
	if (ptrace(req, t->tid, 0L, (long)p->held_sig) < 0 && errno != ESRCH)
		msg_perror("resume %d", t->tid);
}

/* A yield normally returns as soon as the tracee stops again, in
 * microseconds. One that takes longer gave the CPU to something else for a
 * time slice (another busy program on this CPU, or a tracee computing):
 * yielding would cost a slice per stop, so sleep in waitpid for a while,
 * twice as long after each slow yield in a row. */
#define YIELD_SLOW_NS	     (200 * 1000u)
#define YIELD_BACKOFF_MIN_NS (10 * 1000 * 1000u)
#define YIELD_BACKOFF_MAX_NS (1000 * 1000 * 1000u)

static void yield_took(struct pt *p, uint64_t t0, uint64_t took)
{
	if (took < YIELD_SLOW_NS) {
		p->yield_backoff = 0;
		return;
	}
	p->yield_backoff = p->yield_backoff ? p->yield_backoff * 2 : YIELD_BACKOFF_MIN_NS;
	if (p->yield_backoff > YIELD_BACKOFF_MAX_NS)
		p->yield_backoff = YIELD_BACKOFF_MAX_NS;
	p->no_yield_until = t0 + took + p->yield_backoff;
}

/* ru is filled only when want_stime: the rusage of a stopped child costs
 * nothing extra, it comes with the same wait4. */
static pid_t wait_any(struct pt *p, int *status, struct rusage *ru)
{
	if (!p->o.want_stime)
		ru = NULL;
	if (p->o.spin_us) {
		uint64_t deadline = now_ns() + (uint64_t)p->o.spin_us * 1000u;
		do {
			pid_t pid = wait4(-1, status, __WALL | WNOHANG, ru);
			if (pid != 0)
				return pid;
		} while (now_ns() < deadline);
	}
	if (p->o.yield_first) {
		/* waitpid serves the first stopped tracee it finds, and on one CPU
		 * the tracee resumed last is stopped again after the yield: look
		 * before yielding too (when it cannot have run yet), or a second
		 * thread of the program would never get its turn. */
		if (p->tab.count > 1) {
			pid_t pid = wait4(-1, status, __WALL | WNOHANG, ru);
			if (pid != 0)
				return pid;
		}
		uint64_t t0 = now_ns();
		if (t0 >= p->no_yield_until) {
			sched_yield();
			pid_t pid = wait4(-1, status, __WALL | WNOHANG, ru);
			yield_took(p, t0, now_ns() - t0);
			if (pid != 0)
				return pid;
		}
	}
	if (p->o.idle)
		p->o.idle(p->o.idle_arg);
	return wait4(-1, status, __WALL, ru);
}

static int announce(struct tracee *t, struct event *ev, int parent)
{
	if (t->flags & (TF_ANNOUNCED | TF_STARTUP))
		return 0;
	t->flags |= TF_ANNOUNCED;
	ev->kind = EV_NEW_THREAD;
	ev->tid = t->tid;
	ev->tgid = t->tgid;
	ev->user = &t->user;
	ev->newthread.parent = parent;
	ev->newthread.attached = !!(t->flags & TF_ATTACHED);
	return 1;
}

/* Syscall-entry/exit stops, and seccomp stops (entries of filtered syscalls). */
static int on_syscall_stop(struct pt *p, struct tracee *t, struct event *ev)
{
	struct __ptrace_syscall_info si;
	hold(p, t, RESUME_RUN, 0);
	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, t->tid, (void *)sizeof(si), &si) <= 0)
		return 0;
	if (si.op == PTRACE_SYSCALL_INFO_ENTRY || si.op == PTRACE_SYSCALL_INFO_SECCOMP) {
		uint32_t arch = si.arch == AUDIT_ARCH_I386 ? ARCH_I386 : ARCH_X86_64;
		/* A seccomp stop right after an entry stop is the same syscall
		 * (before its filter was known, the tracee ran under PTRACE_SYSCALL). */
		if (si.op == PTRACE_SYSCALL_INFO_SECCOMP && (t->flags & TF_INSYSCALL))
			return 0;
		t->flags |= TF_INSYSCALL;
		if (t->flags & TF_STARTUP) {
			/* Our child's own code before its execve is not the user's program. */
			if (arch != ARCH_X86_64 ||
			    (si.entry.nr != SYS_execve && si.entry.nr != SYS_execveat)) {
				t->startup_nr = si.entry.nr;
				return 0;
			}
			t->flags &= ~TF_STARTUP;
			t->flags |= TF_ANNOUNCED;
		}
		ev->kind = EV_SYSCALL_ENTRY;
		ev->entry.arch = arch;
		ev->entry.nr = si.entry.nr;
		memcpy(ev->entry.args, si.entry.args, sizeof(ev->entry.args));
		ev->entry.ip = si.instruction_pointer;
		ev->entry.sp = si.stack_pointer;
		return 1;
	}
	if (si.op != PTRACE_SYSCALL_INFO_EXIT)
		return 0;
	t->flags &= ~TF_INSYSCALL;
	if (t->flags & TF_STARTUP) {
		/* The child installs our seccomp filter just before its execve. */
		if (t->startup_nr == SYS_seccomp && si.exit.rval == 0)
			t->flags |= TF_SECCOMP;
		return 0;
	}
	ev->kind = EV_SYSCALL_EXIT;
	ev->exit.rval = si.exit.rval;
	ev->exit.is_error = si.exit.is_error;
	return 1;
}

static struct tracee *new_tracee(struct pt *p, int tid, int tgid)
{
	struct tracee *t = tracee_add(&p->tab, tid, tgid);
	return t;
}

static int on_new_child(struct pt *p, struct tracee *t, int event, struct event *ev)
{
	unsigned long msg = 0;
	hold(p, t, RESUME_RUN, 0);
	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg) < 0)
		return 0;
	int child = (int)msg;
	struct tracee *c = tracee_find(&p->tab, child);
	if (!c)
		c = new_tracee(p, child, event == PTRACE_EVENT_CLONE ? tgid_of(child) : child);
	c->parent = t->tid;
	c->flags |= t->flags & TF_SECCOMP; /* filters are inherited */
	/* Announced at the child's first stop, as strace does, so the parent's
	 * clone line is not cut in two. */
	(void)ev;
	return 0;
}

static int on_exec(struct pt *p, struct tracee *t, struct event *ev)
{
	unsigned long old = 0;
	hold(p, t, RESUME_RUN, 0);
	ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &old);
	ev->kind = EV_EXEC;
	ev->exec.old_tid = (int)old;
	ev->exec.old_user = NULL;
	if ((int)old != t->tid) {
		/* A non-leader thread exec'd and took the leader's pid; the leader
		 * vanishes without an exit report. Its slot goes to the consumer. */
		struct tracee *o = tracee_find(&p->tab, (int)old);
		if (o) {
			ev->exec.old_user = t->user;
			t->user = o->user;
			t->flags = o->flags;
			tracee_remove(&p->tab, o);
		}
	}
	ev->user = &t->user;
	return 1;
}

static int is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void detach_one(struct pt *p, struct tracee *t, int sig)
{
	if (ptrace(PTRACE_DETACH, t->tid, 0L, (long)sig) < 0 && errno != ESRCH)
		msg_perror("detach %d", t->tid);
	tracee_remove(&p->tab, t);
}

/* Returns 1 when ev holds an event for the consumer. */
static int handle(struct pt *p, pid_t pid, int status, struct event *ev)
{
	struct tracee *t = tracee_find(&p->tab, pid);
	memset(ev, 0, sizeof(*ev));
	if (!t) {
		if (!WIFSTOPPED(status))
			return 0;
		/* A new child can report its first stop before its parent's
		 * PTRACE_EVENT_CLONE/FORK does. */
		t = new_tracee(p, pid, tgid_of(pid));
		if (p->detaching)
			t->flags |= TF_DETACHING;
	}
	clock_gettime(CLOCK_REALTIME, &ev->ts);
	ev->tid = t->tid;
	ev->tgid = t->tgid;
	ev->user = &t->user;

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		int hidden = !!(t->flags & TF_STARTUP);
		ev->kind = WIFEXITED(status) ? EV_EXITED : EV_KILLED;
		ev->gone.status = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
		ev->gone.core = WIFSIGNALED(status) && WCOREDUMP(status);
		p->gone_user = t->user;
		ev->user = &p->gone_user;
		tracee_remove(&p->tab, t);
		return !hidden;
	}

	int sig = WSTOPSIG(status);
	int event = (unsigned)status >> 16;
	t->flags |= TF_SEEN_STOP;

	if (t->flags & TF_DETACHING) {
		int inj = (sig == (SIGTRAP | 0x80) || event) ? 0 : sig;
		ev->kind = EV_DETACHED;
		p->gone_user = t->user;
		ev->user = &p->gone_user;
		detach_one(p, t, inj);
		return 1;
	}
	if (sig == (SIGTRAP | 0x80))
		return on_syscall_stop(p, t, ev);

	switch (event) {
	case 0:
		break;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig) && !(t->flags & TF_STARTUP)) {
			t->flags |= TF_GROUPSTOP;
			hold(p, t, PTRACE_LISTEN, 0);
			ev->kind = EV_GROUP_STOP;
			ev->stop.sig = sig;
			return 1;
		}
		/* First stop after seize/attach, or PTRACE_INTERRUPT, or SIGCONT
		 * ending a group-stop we were listening to. */
		t->flags &= ~TF_GROUPSTOP;
		hold(p, t, RESUME_RUN, 0);
		return announce(t, ev, t->parent);
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		return on_new_child(p, t, event, ev);
	case PTRACE_EVENT_EXEC:
		return on_exec(p, t, ev);
	case PTRACE_EVENT_SECCOMP:
		return on_syscall_stop(p, t, ev);
	default: /* PTRACE_EVENT_EXIT and others: nothing to report */
		hold(p, t, RESUME_RUN, 0);
		return 0;
	}

	/* Signal-delivery-stop: the signal is reinjected unchanged on resume. */
	hold(p, t, RESUME_RUN, sig);
	if (t->flags & TF_STARTUP)
		return 0;
	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0L, &ev->signal.si) < 0)
		memset(&ev->signal.si, 0, sizeof(ev->signal.si));
	ev->kind = EV_SIGNAL;
	ev->signal.sig = sig;
	return 1;
}

static int pt_next(struct backend *b, struct event *ev)
{
	struct pt *p = PT(b);
	if (p->held && (p->held->flags & TF_DETACHING)) {
		/* Stopped when detach_all() came: let go now, keeping its signal. */
		struct tracee *t = p->held;
		p->held = NULL;
		memset(ev, 0, sizeof(*ev));
		ev->kind = EV_DETACHED;
		ev->tid = t->tid;
		ev->tgid = t->tgid;
		clock_gettime(CLOCK_REALTIME, &ev->ts);
		p->gone_user = t->user;
		ev->user = &p->gone_user;
		detach_one(p, t, p->held_req == PTRACE_LISTEN ? 0 : p->held_sig);
		return 1;
	}
	if (p->held)
		resume_held(p);
	for (;;) {
		int status;
		struct rusage ru;
		if (p->tab.count == 0)
			return 0;
		pid_t pid = wait_any(p, &status, &ru);
		if (pid < 0) {
			if (errno == ECHILD) {
				/* Nothing waitable is left: tracees vanished without a report. */
				tracee_table_release(&p->tab);
				tracee_table_init(&p->tab);
				return 0;
			}
			return -errno;
		}
		if (handle(p, pid, status, ev)) {
			if (p->o.want_stime)
				ev->stime_ns = (uint64_t)ru.ru_stime.tv_sec * 1000000000u +
					       (uint64_t)ru.ru_stime.tv_usec * 1000u;
			return 1;
		}
		if (p->held)
			resume_held(p);
	}
}

static long peek_read(int tid, uint64_t addr, unsigned char *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		uint64_t a = addr + done;
		uint64_t aligned = a & ~(uint64_t)7;
		errno = 0;
		long w = ptrace(PTRACE_PEEKDATA, tid, (void *)aligned, 0L);
		if (errno)
			break;
		size_t off = (size_t)(a - aligned);
		size_t n = 8 - off;
		if (n > len - done)
			n = len - done;
		memcpy(buf + done, (unsigned char *)&w + off, n);
		done += n;
	}
	return done ? (long)done : -EFAULT;
}

static long pt_read_mem(struct backend *b, int tid, uint64_t addr, void *buf, size_t len)
{
	struct pt *p = PT(b);
	size_t got = 0;
	if (!len)
		return 0;
	/* Within one word (1-byte read/write buffers, most ints): a single
	 * PTRACE_PEEKDATA costs a fifth less than process_vm_readv here. */
	if ((addr & 7) + len <= 8)
		return peek_read(tid, addr, buf, len);
	if (!p->peek_only) {
		struct iovec l = {buf, len}, r = {(void *)(uintptr_t)addr, len};
		ssize_t n = process_vm_readv(tid, &l, 1, &r, 1, 0);
		if (n == (ssize_t)len)
			return n;
		if (n > 0)
			got = (size_t)n;
		else if (n < 0 && (errno == ENOSYS || errno == EPERM))
			p->peek_only = true;
	}
	/* Pages ptrace can read but process_vm_readv cannot (e.g. PROT_NONE). */
	long more = peek_read(tid, addr + got, (unsigned char *)buf + got, len - got);
	if (more > 0)
		got += (size_t)more;
	return got ? (long)got : -EFAULT;
}

/* Resuming before the event is rendered takes the formatting off the
 * tracee's critical path: it runs while we print. */
static void pt_resume(struct backend *b)
{
	struct pt *p = PT(b);
	if (p->held && !(p->held->flags & TF_DETACHING))
		resume_held(p);
}

/* Detaching is asynchronous: every tracee is interrupted and let go at its
 * next stop, each reported as EV_DETACHED by next(). */
static void pt_detach_all(struct backend *b)
{
	struct pt *p = PT(b);
	p->detaching = true;
	for (struct tracee *t = p->tab.all, *next; t; t = next) {
		next = t->next;
		t->flags |= TF_DETACHING;
		if (t == p->held)
			continue;
		if (ptrace(PTRACE_INTERRUPT, t->tid, 0L, 0L) < 0 && errno == ESRCH)
			continue; /* exiting: its exit status is still to come */
	}
}

static void pt_release(struct backend *b)
{
	struct pt *p = PT(b);
	tracee_table_release(&p->tab);
	free(p->filter.filter);
	free(p);
}

static const struct backend_ops pt_ops = {
    .next = pt_next,
    .read_mem = pt_read_mem,
    .resume = pt_resume,
    .detach_all = pt_detach_all,
    .release = pt_release,
};

struct backend *ptrace_backend_new(const struct ptrace_opts *o)
{
	struct pt *p = xcalloc(1, sizeof(*p));
	p->base.ops = &pt_ops;
	p->o = *o;
	tracee_table_init(&p->tab);
	if (o->seccomp_bits)
		seccomp_filter_build(o->seccomp_bits, o->seccomp_nbits, &p->filter);
	/* A stop of a tracee need not queue a SIGCHLD for us, waitpid reports it
	 * all the same: one signal less per ptrace stop. execve resets the flag,
	 * so no traced program inherits it. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sa.sa_flags = SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	return &p->base;
}

unsigned ptrace_count(struct backend *b)
{
	return PT(b)->tab.count;
}

int ptrace_spawn(struct backend *b, const char *path, char *const argv[], char *const envp[])
{
	struct pt *p = PT(b);
	int go[2];
	sigset_t all, old;
	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	/* The child must start with scry's original mask, whatever handlers
	 * scry installs meanwhile. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(go[0]);
		close(go[1]);
		return -e;
	}
	if (pid == 0) {
		char c;
		for (int s = 1; s < NSIG; s++)
			if (s != SIGKILL && s != SIGSTOP)
				signal(s, SIG_DFL);
		sigprocmask(SIG_SETMASK, &old, NULL);
		close(go[1]);
		/* Wait until the parent has seized us: then execve is traced. */
		ssize_t n;
		while ((n = read(go[0], &c, 1)) < 0 && errno == EINTR)
			;
		if (n != 1)
			_exit(127);
		/* The engine sees this call's result and then relies on the filter. */
		if (p->filter.len && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
			syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &p->filter);
		execve(path, argv, envp);
		fprintf(stderr, "scry: cannot run '%s': %s\n", path, strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(go[0]);
	int e = 0;
	if (ptrace(PTRACE_SEIZE, pid, 0L, base_options(p) | PTRACE_O_EXITKILL) < 0 ||
	    ptrace(PTRACE_INTERRUPT, pid, 0L, 0L) < 0) {
		e = errno;
	} else {
		int status;
		while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR)
			;
		if (!WIFSTOPPED(status))
			e = ECHILD;
		else if (ptrace(PTRACE_SYSCALL, pid, 0L, 0L) < 0)
			e = errno;
	}
	if (e) {
		close(go[1]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, __WALL);
		return -e;
	}
	struct tracee *t = new_tracee(p, pid, pid);
	t->flags |= TF_STARTUP | TF_SEEN_STOP;
	char c = 1;
	if (write(go[1], &c, 1) != 1)
		e = errno;
	close(go[1]);
	return e ? -e : pid;
}

static int seize_thread(struct pt *p, int tid, int tgid)
{
	if (tracee_find(&p->tab, tid))
		return 0;
	if (ptrace(PTRACE_SEIZE, tid, 0L, base_options(p)) < 0)
		return -errno;
	if (ptrace(PTRACE_INTERRUPT, tid, 0L, 0L) < 0)
		return -errno;
	struct tracee *t = new_tracee(p, tid, tgid);
	t->flags |= TF_ATTACHED;
	return 1;
}

int ptrace_attach(struct backend *b, int pid)
{
	struct pt *p = PT(b);
	int tgid = tgid_of(pid);
	int r = seize_thread(p, pid, tgid), n = r;
	if (r < 0)
		return r;
	if (!p->o.follow)
		return n;
	/* Threads may appear while we attach: rescan until a pass adds none. */
	char dir[64];
	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	for (int pass = 0; pass < 10; pass++) {
		DIR *d = opendir(dir);
		int added = 0;
		if (!d)
			break;
		struct dirent *de;
		while ((de = readdir(d))) {
			int tid = atoi(de->d_name);
			if (tid > 0 && seize_thread(p, tid, tgid) > 0)
				added++;
		}
		closedir(d);
		n += added;
		if (!added)
			break;
	}
	return n;
}
