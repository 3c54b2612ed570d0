/* Signal syscalls (rt_sigaction, rt_sigprocmask, sigaltstack, signalfd ...)
 * and siginfo, which signal-delivery lines share. */
#include "syscalls/signal.h"
#include "syscalls/decode.h"
#include "syscalls/time.h"
#include "xlat/all.h"

#include <linux/audit.h>
#include <stddef.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

/* The kernel's sigset_t: 64 signals, 8 bytes, on x86_64 and i386 alike.
 * Syscalls taking a sigsetsize reject any other size. */
enum { SIGSET_BYTES = 8, SIGSET_BITS = 64 };

/* x86's asm/signal.h; glibc's <signal.h> keeps it to itself. */
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

/* A seccomp si_syscall with this bit is an x32 number. */
#define X32_SYSCALL_BIT 0x40000000u

/* The 0x80 SI_KERNEL is a kernel code, but one name for every signal. */
_Static_assert(SI_KERNEL == 0x80, "SI_KERNEL");

static struct value out(struct value v)
{
	v.flags |= VF_OUT;
	return v;
}

static uint64_t get_le(const uint8_t *b, unsigned off, unsigned size)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)b[off + i] << (8 * i);
	return v;
}

static int32_t get_s32(const uint8_t *b, unsigned off)
{
	return (int32_t)(uint32_t)get_le(b, off, 4);
}

/* A C long of the tracee ABI (w bytes), sign-extended. */
static int64_t get_long(const uint8_t *b, unsigned off, unsigned w)
{
	return w == 4 ? (int64_t)get_s32(b, off) : (int64_t)get_le(b, off, 8);
}

static bool is64(const struct dctx *c)
{
	return c->sc->arch != ARCH_I386;
}

/* Bytes in a tracee pointer or long. */
static unsigned word_size(const struct dctx *c)
{
	return is64(c) ? 8 : 4;
}

struct value signal_value(int32_t sig)
{
	if (sig > 0 && xlat_name(&xlat_signals, (uint64_t)sig))
		return value_enum((uint64_t)sig, &xlat_signals);
	return value_int(sig);
}

/* "[INT TERM]", or the complement "~[KILL STOP]" when at least 64 * 2 / 3
 * (42) of the 64 bits are set: strace's choice, 41 bits are still listed. */
static struct value sigset_value(struct arena *a, uint64_t bits)
{
	struct value v;
	int negated = __builtin_popcountll(bits) >= SIGSET_BITS * 2 / 3;
	if (negated)
		bits = ~bits;
	struct value *items = value_array(a, &v, (uint32_t)__builtin_popcountll(bits));
	for (unsigned i = 0, k = 0; i < SIGSET_BITS; i++)
		if ((bits >> i) & 1)
			items[k++] = value_enum(i + 1, &xlat_sigset_names);
	v.flags |= VF_SPACED | (negated ? VF_NEGATED : 0);
	return v;
}

/* A set of len (1..8) bytes at addr; the bits past len read as 0. */
static struct value decode_sigset(struct dctx *c, uint64_t addr, uint64_t len)
{
	uint8_t b[SIGSET_BYTES] = {0};
	if (!addr || len == 0 || len > SIGSET_BYTES)
		return value_ptr(addr);
	if (decode_read(c, addr, b, (size_t)len) < 0)
		return value_badaddr(addr);
	return sigset_value(c->arena, get_le(b, 0, SIGSET_BYTES));
}

/* The set of a syscall that takes the kernel's size only: any other size
 * prints the address, as the kernel will not read it. */
static struct value decode_sigset_sized(struct dctx *c, uint64_t addr, uint64_t size)
{
	if (size != SIGSET_BYTES)
		return value_ptr(addr);
	return decode_sigset(c, addr, size);
}

/* --- siginfo */

/* The siginfo fields strace may print, loaded from either ABI's layout. */
struct sinfo {
	int32_t signo, errnum, code;
	int32_t pid, uid, timerid, overrun, status, fd, sival_int, nr;
	uint32_t arch, pkey;
	uint16_t addr_lsb;
	int64_t band;
	uint64_t sival_ptr, addr, lower, upper, utime, stime;
};

/* Loads a 128-byte siginfo whose pointers and longs are w bytes. After
 * si_signo, si_errno and si_code the union starts at 16 (64-bit, aligned to
 * its pointers) or 12 (i386, compat_siginfo). Its members, from
 * asm-generic/siginfo.h: _kill {pid, uid}, _timer {tid, overrun, sigval},
 * _rt {pid, uid, sigval}, _sigchld {pid, uid, status, utime, stime},
 * _sigfault {addr, then at addr+w: addr_lsb | {pad, lower, upper} |
 * {pad, pkey}, the pad being w bytes}, _sigpoll {band, fd} and _sigsys
 * {call_addr, syscall, arch}. The members overlap: all fields are loaded,
 * and siginfo_value() picks those si_code says are valid. */
static void sinfo_load(struct sinfo *s, const uint8_t *b, unsigned w)
{
	unsigned u = w == 8 ? 16 : 12;

	memset(s, 0, sizeof(*s));
	s->signo = get_s32(b, 0);
	s->errnum = get_s32(b, 4);
	s->code = get_s32(b, 8);
	s->pid = s->timerid = get_s32(b, u);
	s->uid = s->overrun = get_s32(b, u + 4);
	s->sival_int = s->status = get_s32(b, u + 8);
	s->sival_ptr = get_le(b, u + 8, w);
	s->utime = (uint64_t)get_long(b, u + 8 + w, w);
	s->stime = (uint64_t)get_long(b, u + 8 + 2 * w, w);
	s->addr = get_le(b, u, w);
	s->band = get_long(b, u, w);
	s->fd = s->nr = get_s32(b, u + w);
	s->arch = (uint32_t)get_s32(b, u + w + 4);
	s->addr_lsb = (uint16_t)get_le(b, u + w, 2);
	s->lower = get_le(b, u + 2 * w, w);
	s->upper = get_le(b, u + 3 * w, w);
	s->pkey = (uint32_t)get_s32(b, u + 2 * w);
}

/* The si_code names that apply to a signal: kernel codes (> 0) depend on the
 * signal, SI_KERNEL excepted. */
static const struct xlat *code_table(int sig, int code)
{
	if (code <= 0 || code == SI_KERNEL)
		return &xlat_si_codes;
	switch (sig) {
	case SIGCHLD:
		return &xlat_cld_codes;
	case SIGSEGV:
		return &xlat_segv_codes;
	case SIGBUS:
		return &xlat_bus_codes;
	case SIGILL:
		return &xlat_ill_codes;
	case SIGFPE:
		return &xlat_fpe_codes;
	case SIGTRAP:
		return &xlat_trap_codes;
	case SIGPOLL:
		return &xlat_poll_codes;
	case SIGSYS:
		return &xlat_sys_codes;
	}
	return NULL;
}

static struct value code_value(const struct sinfo *s)
{
	const struct xlat *x = code_table(s->signo, s->code);
	uint64_t raw = (uint64_t)(int64_t)s->code;
	if (x && xlat_name(x, raw))
		return value_enum(raw, x);
	return value_hex((uint32_t)s->code);
}

/* Clock ticks, with strace's "/ * 0.12 s * /" when not zero. */
static struct value ticks_value(struct arena *a, uint64_t ticks)
{
	struct value v = value_uint(ticks);
	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	if (ticks)
		v.comment =
		    arena_printf(a, "%llu.%02llu s", (unsigned long long)(ticks / (uint64_t)hz),
				 (unsigned long long)(ticks % (uint64_t)hz * 100 / (uint64_t)hz));
	return v;
}

/* A seccomp si_syscall: "__NR_getpid" in the tracee's own personality,
 * "1 / * exit * /" in another one scry knows, else the number. */
static struct value seccomp_nr_value(struct arena *a, uint32_t nr, uint32_t arch,
				     enum sys_arch pers)
{
	enum sys_arch of;
	if (arch == AUDIT_ARCH_X86_64)
		of = ARCH_X86_64;
	else if (arch == AUDIT_ARCH_I386)
		of = ARCH_I386;
	else
		return value_uint(nr);
	/* NEEDSWORK: strace names x32 numbers from its x32 table; scry has none. */
	if (of == ARCH_X86_64 && (nr & X32_SYSCALL_BIT))
		return value_uint(nr);
	const struct sysent *se = sysent_lookup(of, nr);
	if (!se)
		return value_uint(nr);
	if (of != pers) {
		struct value v = value_uint(nr);
		v.comment = se->name;
		return v;
	}
	/* One-entry table, so that the value stays a number with a name. */
	struct xlat_entry *e = arena_alloc(a, sizeof(*e));
	struct xlat *x = arena_zalloc(a, sizeof(*x));
	e->val = nr;
	e->name = arena_printf(a, "__NR_%s", se->name);
	x->e = e;
	x->n = 1;
	x->kind = XLAT_LINEAR;
	return value_enum(nr, x);
}

static unsigned kill_fields(struct value *f, const struct sinfo *s)
{
	f[0] = value_named("si_pid", value_int(s->pid));
	f[1] = value_named("si_uid", value_int(s->uid));
	return 2;
}

static unsigned sigval_fields(struct value *f, const struct sinfo *s)
{
	f[0] = value_named("si_int", value_int(s->sival_int));
	f[1] = value_named("si_ptr", value_ptr(s->sival_ptr));
	return 2;
}

/* Codes <= 0: sent by a process (kill, sigqueue, timers, mq_notify ...). */
static unsigned user_fields(struct value *f, const struct sinfo *s)
{
	unsigned n = 0;
	switch (s->code) {
	case SI_USER:
	case SI_TKILL:
		return kill_fields(f, s);
	case SI_TIMER:
		f[n++] = value_named("si_timerid", value_hex((uint32_t)s->timerid));
		f[n++] = value_named("si_overrun", value_int(s->overrun));
		return n + sigval_fields(f + n, s);
	case SI_SIGIO:
		f[n++] = value_named("si_band", value_int(s->band));
		f[n++] = value_named("si_fd", value_int(s->fd));
		return n;
	}
	n = kill_fields(f, s);
	if (s->sival_ptr)
		n += sigval_fields(f + n, s);
	return n;
}

/* Codes > 0: sent by the kernel, laid out by signal. */
static unsigned kernel_fields(struct arena *a, struct value *f, const struct sinfo *s,
			      enum sys_arch pers)
{
	unsigned n = 0;
	switch (s->signo) {
	case SIGCHLD:
		n = kill_fields(f, s);
		f[n++] = value_named("si_status", s->code == CLD_EXITED ? value_int(s->status)
									: signal_value(s->status));
		f[n++] = value_named("si_utime", ticks_value(a, s->utime));
		f[n++] = value_named("si_stime", ticks_value(a, s->stime));
		return n;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		f[n++] = value_named("si_addr", value_ptr(s->addr));
		if (s->signo == SIGSEGV && s->code == SEGV_BNDERR) {
			f[n++] = value_named("si_lower", value_ptr(s->lower));
			f[n++] = value_named("si_upper", value_ptr(s->upper));
		} else if (s->signo == SIGSEGV && s->code == SEGV_PKUERR) {
			f[n++] = value_named("si_pkey", value_uint(s->pkey));
		} else if (s->signo == SIGBUS &&
			   (s->code == BUS_MCEERR_AR || s->code == BUS_MCEERR_AO)) {
			f[n++] = value_named("si_addr_lsb", value_hex(s->addr_lsb));
		}
		return n;
	case SIGPOLL:
		if (s->code >= POLL_IN && s->code <= POLL_HUP) {
			f[n++] = value_named("si_band", value_int(s->band));
			f[n++] = value_named("si_fd", value_int(s->fd));
		}
		return n;
	case SIGSYS:
		f[n++] = value_named("si_call_addr", value_ptr(s->addr));
		f[n++] =
		    value_named("si_syscall", seccomp_nr_value(a, (uint32_t)s->nr, s->arch, pers));
		f[n++] = value_named("si_arch", value_enum(s->arch, &xlat_audit_arch));
		return n;
	}
	if (s->pid || s->uid)
		n = kill_fields(f, s);
	if (s->sival_ptr)
		n += sigval_fields(f + n, s);
	return n;
}

static struct value siginfo_value(struct arena *a, const struct sinfo *s, enum sys_arch pers)
{
	struct value v;
	struct value f[10];
	unsigned n = 0;

	if (s->signo == 0) { /* strace prints an empty siginfo as {} */
		value_struct(a, &v, 0);
		return v;
	}
	f[n++] = value_named("si_signo", signal_value(s->signo));
	f[n++] = value_named("si_code", code_value(s));
	if (s->errnum) {
		uint64_t e = (uint32_t)s->errnum;
		f[n++] =
		    value_named("si_errno", xlat_name(&xlat_errnos, e) ? value_enum(e, &xlat_errnos)
								       : value_uint(e));
	}
	if (s->code <= 0)
		n += user_fields(f + n, s);
	else
		n += kernel_fields(a, f + n, s, pers);
	struct value *items = value_struct(a, &v, n);
	memcpy(items, f, n * sizeof(*items));
	return v;
}

struct value decode_siginfo_arch(struct arena *a, const siginfo_t *si, enum sys_arch pers)
{
	uint8_t b[sizeof(siginfo_t)];
	struct sinfo s;
	_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t is 128 bytes");
	memcpy(b, si, sizeof(b));
	sinfo_load(&s, b, sizeof(void *));
	return siginfo_value(a, &s, pers);
}

struct value decode_siginfo(struct arena *a, const siginfo_t *si)
{
	return decode_siginfo_arch(a, si, ARCH_X86_64);
}

/* A siginfo in tracee memory, in the tracee's ABI. */
static struct value read_siginfo(struct dctx *c, uint64_t addr)
{
	uint8_t b[128];
	struct sinfo s;
	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, b, sizeof(b)) < 0)
		return value_badaddr(addr);
	sinfo_load(&s, b, word_size(c));
	return siginfo_value(c->arena, &s, (enum sys_arch)c->sc->arch);
}

/* --- struct sigaction, stack_t */

/* The kernel's struct sigaction on x86 (with sa_restorer): handler, flags
 * and restorer are w bytes each, the 8-byte mask follows (packed on i386:
 * compat_sigaction). */
static struct value decode_sigaction(struct dctx *c, uint64_t addr)
{
	unsigned w = word_size(c);
	uint8_t b[3 * 8 + SIGSET_BYTES];
	struct value v, f[4];
	unsigned n = 0;

	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, b, 3 * w + SIGSET_BYTES) < 0)
		return value_badaddr(addr);
	uint64_t handler = get_le(b, 0, w);
	uint64_t flags = get_le(b, w, w);
	uint64_t restorer = get_le(b, 2 * w, w);
	uint64_t mask = get_le(b, 3 * w, SIGSET_BYTES);
	if (w == 4 && handler == UINT32_MAX)
		handler = UINT64_MAX; /* SIG_ERR */

	f[n++] = value_named("sa_handler", xlat_name(&xlat_sa_handlers, handler)
					       ? value_enum(handler, &xlat_sa_handlers)
					       : value_ptr(handler));
	f[n++] = value_named("sa_mask", sigset_value(c->arena, mask));
	f[n++] = value_named("sa_flags", flags_value(flags, &xlat_sa_flags));
	if (flags & SA_RESTORER)
		f[n++] = value_named("sa_restorer", value_ptr(restorer));
	struct value *items = value_struct(c->arena, &v, n);
	memcpy(items, f, n * sizeof(*items));
	return v;
}

/* stack_t: ss_sp, int ss_flags, ss_size; 24 bytes, or 12 on i386. */
static struct value decode_stack(struct dctx *c, uint64_t addr)
{
	unsigned w = word_size(c);
	uint8_t b[24];
	struct value v;

	if (!addr)
		return value_ptr(0);
	if (decode_read(c, addr, b, 3 * w) < 0)
		return value_badaddr(addr);
	struct value *f = value_struct(c->arena, &v, 3);
	f[0] = value_named("ss_sp", value_ptr(get_le(b, 0, w)));
	f[1] = value_named("ss_flags", flags_value(get_le(b, w, 4), &xlat_ss_flags));
	f[2] = value_named("ss_size", value_uint(get_le(b, 2 * w, w)));
	return v;
}

/* --- syscalls */

void sys_rt_sigaction(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = signal_value((int32_t)sc->raw[0]);
		sc->args[1] = decode_sigaction(c, sc->raw[1]);
		return;
	}
	sc->args[2] = out(sc->err ? value_ptr(sc->raw[2]) : decode_sigaction(c, sc->raw[2]));
	sc->args[3] = value_uint(sc->raw[3]);
}

void sys_rt_sigprocmask(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = value_enum((uint32_t)sc->raw[0], &xlat_sigprocmask_how);
		sc->args[1] = decode_sigset_sized(c, sc->raw[1], sc->raw[3]);
		return;
	}
	sc->args[2] =
	    out(sc->err ? value_ptr(sc->raw[2]) : decode_sigset_sized(c, sc->raw[2], sc->raw[3]));
	sc->args[3] = value_uint(sc->raw[3]);
}

/* The kernel takes any size up to its own here, and writes that many bytes. */
void sys_rt_sigpending(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting)
		return;
	sc->args[0] =
	    out(sc->err ? value_ptr(sc->raw[0]) : decode_sigset(c, sc->raw[0], sc->raw[1]));
	sc->args[1] = value_uint(sc->raw[1]);
}

void sys_rt_sigsuspend(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = decode_sigset_sized(c, sc->raw[0], sc->raw[1]);
	sc->args[1] = value_uint(sc->raw[1]);
}

/* rt_sigtimedwait(set, info, timeout, size) = signal number, "10 (SIGUSR1)". */
static void decode_sigtimedwait(struct dctx *c, bool time64)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = decode_sigset_sized(c, sc->raw[0], sc->raw[3]);
		return;
	}
	sc->args[1] = out(sc->err ? value_ptr(sc->raw[1]) : read_siginfo(c, sc->raw[1]));
	sc->args[2] = time64 ? decode_timespec64(c, sc->raw[2]) : decode_timespec(c, sc->raw[2]);
	sc->args[3] = value_uint(sc->raw[3]);
	const char *name = sc->err ? NULL : xlat_name(&xlat_signals, (uint64_t)sc->rval);
	if (name)
		sc->ret_comment = arena_printf(c->arena, "(%s)", name);
}

void sys_rt_sigtimedwait(struct dctx *c)
{
	decode_sigtimedwait(c, false);
}

void sys_rt_sigtimedwait_time64(struct dctx *c)
{
	decode_sigtimedwait(c, true);
}

void sys_rt_sigqueueinfo(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = value_int((int32_t)sc->raw[0]);
	sc->args[1] = signal_value((int32_t)sc->raw[1]);
	sc->args[2] = read_siginfo(c, sc->raw[2]);
}

void sys_rt_tgsigqueueinfo(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = value_int((int32_t)sc->raw[0]);
	sc->args[1] = value_int((int32_t)sc->raw[1]);
	sc->args[2] = signal_value((int32_t)sc->raw[2]);
	sc->args[3] = read_siginfo(c, sc->raw[3]);
}

void sys_sigaltstack(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (!c->exiting) {
		sc->args[0] = decode_stack(c, sc->raw[0]);
		return;
	}
	sc->args[1] = out(sc->err ? value_ptr(sc->raw[1]) : decode_stack(c, sc->raw[1]));
}

void sys_signalfd(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	if (c->exiting)
		return;
	sc->args[0] = value_fd((int32_t)sc->raw[0]);
	sc->args[1] = decode_sigset_sized(c, sc->raw[1], sc->raw[2]);
	sc->args[2] = value_uint(sc->raw[2]);
}

void sys_signalfd4(struct dctx *c)
{
	sys_signalfd(c);
	if (!c->exiting)
		c->sc->args[3] = flags_value((uint32_t)c->sc->raw[3], &xlat_sfd_flags);
}

/* Where rt_sigreturn finds the mask to restore. The handler's "ret" has
 * popped pretcode, so sp points just past it in the signal frame. x86_64:
 * struct rt_sigframe {pretcode; struct ucontext uc; ...}, so sp is &uc, and
 * glibc's ucontext_t has the kernel's layout up to uc_sigmask. i386:
 * struct rt_sigframe_ia32 {pretcode, sig, pinfo, puc; compat_siginfo info
 * (128); struct ucontext_ia32 uc}: uc is at sp + 140, and its uc_sigmask
 * after uc_flags, uc_link (4 each), compat stack_t (12) and struct
 * sigcontext_32 (88, asm/sigcontext.h): sp + 140 + 108.
 * NEEDSWORK: the i386 offset is unchecked (no int $0x80 where written). */
enum { RT_SIGFRAME_MASK_X86_64 = 296, RT_SIGFRAME_MASK_I386 = 140 + 108 };
_Static_assert(offsetof(ucontext_t, uc_sigmask) == RT_SIGFRAME_MASK_X86_64,
	       "uc_sigmask offset in the x86_64 rt_sigframe");

/* rt_sigreturn takes no argument; strace shows the mask it restores. */
void sys_rt_sigreturn(struct dctx *c)
{
	struct syscall_value *sc = c->sc;
	uint8_t b[SIGSET_BYTES];
	struct value v;

	if (c->exiting)
		return;
	uint64_t addr = sc->sp + (is64(c) ? RT_SIGFRAME_MASK_X86_64 : RT_SIGFRAME_MASK_I386);
	if (!is64(c))
		addr &= UINT32_MAX;
	struct value *f = value_struct(c->arena, &v, 1);
	f[0] = value_named("mask", decode_read(c, addr, b, sizeof(b)) < 0
				       ? value_badaddr(addr)
				       : sigset_value(c->arena, get_le(b, 0, SIGSET_BYTES)));
	sc->nargs = 1;
	sc->args[0] = v;
}
